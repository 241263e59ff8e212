// Disruption budgets (nodepool.go: Budget.IsActive, Budget.GetAllowedDisruptions,
// NodePool.GetAllowedDisruptionsByReason, NodePool.MustGetAllowedDisruptions).
#include <algorithm>
#include <charconv>

#include "api/int_or_string.h"
#include "api/karpenter/nodepool.h"
#include "core/cron.h"

namespace tidepool::api {
namespace {

// GetIntStrFromValue: a string that strconv.Atoi accepts is an integer, anything else a string
// (a percentage, or garbage that GetScaledValueFromIntOrPercent then rejects).
IntOrString IntOrStringFromValue(const std::string& s) {
  std::string_view digits = s;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
  int64_t value = 0;
  auto [ptr, ec] =
      std::from_chars(s.data() + (s.size() - digits.size()), s.data() + s.size(), value);
  if (!digits.empty() && ec == std::errc() && ptr == s.data() + s.size()) {
    return IntOrString::Int(!s.empty() && s.front() == '-' ? -value : value);
  }
  return IntOrString::String(s);
}

}  // namespace

Result<bool> IsBudgetActive(const Budget& budget, Time now) {
  if (!budget.schedule && !budget.duration) return true;
  Result<CronSchedule> schedule =
      CronSchedule::ParseStandard("TZ=UTC " + budget.schedule.value_or(""));
  if (!schedule) {
    return Fail(ErrorCode::kInvalidArgument,
                "invariant violated, invalid cron, " + schedule.error().message());
  }
  // Walk back by the duration: if the schedule hits between then and now, the window that hit
  // opened is still open (a later hit would only extend it).
  const Time checkpoint = now - budget.duration.value_or(Duration());
  const std::optional<int64_t> next_hit = schedule->Next(checkpoint.unix_seconds());
  // robfig returns the zero time when the schedule never fires; the zero time is not after now,
  // so upstream treats such a budget as always active.
  if (!next_hit) return true;
  return Time::FromUnixSeconds(*next_hit) <= now;
}

Result<int64_t> GetAllowedDisruptions(const Budget& budget, int64_t num_nodes, Time now) {
  Result<bool> active = IsBudgetActive(budget, now);
  if (!active) return Fail(active.error());
  if (!*active) return kUnboundedDisruptions;
  // Rounds up, as PDB maxUnavailable does: 5% of 10 nodes allows one.
  return IntOrStringFromValue(budget.nodes.value_or(kDefaultBudgetNodes))
      .ScaledValue(num_nodes, /*round_up=*/true);
}

Result<int64_t> GetAllowedDisruptionsByReason(const std::vector<Budget>& budgets, int64_t num_nodes,
                                              std::string_view reason, Time now) {
  int64_t allowed = kUnboundedDisruptions;
  std::optional<Error> first_error;
  for (const Budget& budget : budgets) {
    Result<int64_t> value = GetAllowedDisruptions(budget, num_nodes, now);
    if (!value && !first_error) first_error = value.error();
    const bool applies =
        budget.reasons.empty() ||
        std::find(budget.reasons.begin(), budget.reasons.end(), reason) != budget.reasons.end();
    if (applies) allowed = std::min(allowed, value.value_or(0));
  }
  if (first_error) return Fail(*first_error);
  return allowed;
}

int64_t AllowedDisruptions(const std::vector<Budget>& budgets, int64_t num_nodes,
                           std::string_view reason, Time now) {
  return GetAllowedDisruptionsByReason(budgets, num_nodes, reason, now).value_or(0);
}

}  // namespace tidepool::api
