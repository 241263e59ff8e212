#include "disruption/pod_rules.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "api/karpenter/nodeclaim_conditions.h"
#include "api/tolerations.h"
#include "cluster/pdb.h"
#include "core/duration.h"

namespace tidepool::disruption {
namespace {

constexpr Duration kStuckTerminatingGrace = Duration::Minutes(1);

// The annotation maps are keyed by std::string without a transparent comparator: build the keys
// once rather than on every lookup.
const std::string& DoNotDisruptKey() {
  static const std::string key(kDoNotDisruptAnnotation);
  return key;
}
const std::string& DeletionCostKey() {
  static const std::string key(kPodDeletionCostAnnotation);
  return key;
}

bool OwnedBy(const api::Pod& pod, std::string_view api_version, std::string_view kind) {
  for (const api::OwnerReference& owner : pod.metadata.owner_references) {
    if (owner.api_version == api_version && owner.kind == kind) return true;
  }
  return false;
}

// The do-not-disrupt value as upstream reads it: "true", a positive duration, or invalid.
struct DoNotDisrupt {
  enum class Kind { kAbsent, kTrue, kDuration, kInvalid } kind = Kind::kAbsent;
  Duration duration;
  const std::string* value = nullptr;  // the annotation, when present
};

DoNotDisrupt ParseDoNotDisrupt(const api::Pod& pod) {
  auto it = pod.metadata.annotations.find(DoNotDisruptKey());
  if (it == pod.metadata.annotations.end()) return {};
  if (it->second == "true") return {DoNotDisrupt::Kind::kTrue, {}, &it->second};
  Result<Duration> duration = Duration::Parse(it->second);
  if (!duration || *duration <= Duration()) {
    return {DoNotDisrupt::Kind::kInvalid, {}, &it->second};
  }
  return {DoNotDisrupt::Kind::kDuration, *duration, &it->second};
}

std::optional<Time> ParseTime(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Result<Time> t = Time::ParseRfc3339(text);
  if (!t) return std::nullopt;
  return *t;
}

// Go's strconv.ParseFloat for the decimal forms a pod-deletion-cost holds (an optional sign,
// digits, fraction, exponent; "Inf" and "NaN" as from_chars reads them).
std::optional<double> ParseFloat(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

// ---- pod classification -------------------------------------------------------------------------

bool IsTerminal(const api::Pod& pod) {
  return pod.status.phase == api::kPodSucceeded || pod.status.phase == api::kPodFailed;
}

bool IsTerminating(const api::Pod& pod) { return !pod.metadata.deletion_timestamp.empty(); }

bool IsActive(const api::Pod& pod) { return !IsTerminal(pod) && !IsTerminating(pod); }

bool IsOwnedByDaemonSet(const api::Pod& pod) { return OwnedBy(pod, "apps/v1", "DaemonSet"); }

bool IsOwnedByNode(const api::Pod& pod) { return OwnedBy(pod, "v1", "Node"); }

bool IsOwnedByStatefulSet(const api::Pod& pod) { return OwnedBy(pod, "apps/v1", "StatefulSet"); }

bool IsReschedulable(const api::Pod& pod) {
  return (IsActive(pod) || (IsOwnedByStatefulSet(pod) && IsTerminating(pod))) &&
         !IsOwnedByDaemonSet(pod) && !IsOwnedByNode(pod);
}

bool ToleratesDisruptedNoScheduleTaint(const api::Pod& pod) {
  api::Taint taint;
  taint.key = std::string(kDisruptedTaintKey);
  taint.effect = api::kTaintEffectNoSchedule;
  // Karpenter's Taints.ToleratesPod enables the comparison operators.
  return api::TolerationsTolerateTaint(pod.spec.tolerations, taint,
                                       /*enable_comparison_operators=*/true);
}

bool IsEvictable(const api::Pod& pod) {
  return IsActive(pod) && !ToleratesDisruptedNoScheduleTaint(pod) && !IsOwnedByNode(pod);
}

bool IsEvictable(const api::Pod& pod, Time now) {
  return IsEvictable(pod) && !IsDoNotDisruptActive(pod, now);
}

bool IsStuckTerminating(const api::Pod& pod, Time now) {
  std::optional<Time> deleted = ParseTime(pod.metadata.deletion_timestamp);
  // A deletionTimestamp that does not parse still marks the pod terminating; without a time we
  // cannot say it is stuck.
  return deleted.has_value() && now - *deleted > kStuckTerminatingGrace;
}

bool IsDrainable(const api::Pod& pod, Time now) {
  return !ToleratesDisruptedNoScheduleTaint(pod) && !IsStuckTerminating(pod, now) &&
         !IsOwnedByNode(pod);
}

bool IsCritical(const api::Pod& pod) {
  return pod.spec.priority_class_name == "system-cluster-critical" ||
         pod.spec.priority_class_name == "system-node-critical";
}

// ---- do-not-disrupt
// ------------------------------------------------------------------------------

bool IsDoNotDisruptActive(const api::Pod& pod, Time now) {
  DoNotDisrupt value = ParseDoNotDisrupt(pod);
  switch (value.kind) {
    case DoNotDisrupt::Kind::kAbsent:
    case DoNotDisrupt::Kind::kInvalid:
      return false;
    case DoNotDisrupt::Kind::kTrue:
      return true;
    case DoNotDisrupt::Kind::kDuration:
      break;
  }
  std::optional<Time> started = ParseTime(pod.status.start_time);
  if (!started) return true;
  return now - *started < value.duration;
}

std::optional<Time> DoNotDisruptUntil(const api::Pod& pod) {
  DoNotDisrupt value = ParseDoNotDisrupt(pod);
  if (value.kind != DoNotDisrupt::Kind::kDuration) return std::nullopt;
  std::optional<Time> started = ParseTime(pod.status.start_time);
  if (!started) return std::nullopt;
  return *started + value.duration;
}

std::optional<PodEvent> DoNotDisruptEvent(const api::Pod& pod, Time now) {
  DoNotDisrupt value = ParseDoNotDisrupt(pod);
  switch (value.kind) {
    case DoNotDisrupt::Kind::kAbsent:
    case DoNotDisrupt::Kind::kTrue:
      return std::nullopt;
    case DoNotDisrupt::Kind::kInvalid: {
      Result<Duration> parsed = Duration::Parse(*value.value);
      std::string why = parsed ? "duration \"" + *value.value + "\" must be positive"
                               : "failed to parse \"" + *value.value +
                                     "\" as a duration: " + parsed.error().message();
      return PodEvent{
          "Warning", "InvalidDoNotDisruptAnnotation",
          "Invalid karpenter.sh/do-not-disrupt annotation: " + why + ", ignoring annotation"};
    }
    case DoNotDisrupt::Kind::kDuration:
      break;
  }
  std::optional<Time> started = ParseTime(pod.status.start_time);
  if (!started) return std::nullopt;
  Time until = *started + value.duration;
  if (now - *started < value.duration) {
    return PodEvent{
        "Normal", "DoNotDisruptUntil",
        "The karpenter.sh/do-not-disrupt grace period will elapse at " + until.ToRfc3339()};
  }
  return PodEvent{"Normal", "DoNotDisruptGracePeriodElapsed",
                  "The karpenter.sh/do-not-disrupt grace period has elapsed, pod is now "
                  "disruptable"};
}

bool IsDisruptable(const api::Pod& pod, Time now) {
  return !IsActive(pod) || !IsDoNotDisruptActive(pod, now);
}

// ---- PodDisruptionBudgets ----------------------------------------------------------------------

struct PdbLimits::Item {
  std::string key;  // namespace/name
  cluster::PdbSelector selector;
  int32_t disruptions_allowed = 0;
  // maxUnavailable 0 or "0%", or minAvailable "100%": no voluntary eviction can ever pass.
  bool fully_blocking = false;
  bool always_allow_unhealthy = false;
};

PdbLimits::PdbLimits(std::span<const api::PodDisruptionBudget* const> pdbs,
                     std::span<const api::Pod* const> pods) {
  items_.reserve(pdbs.size());
  std::vector<const api::Pod*> selected;
  for (const api::PodDisruptionBudget* pdb : pdbs) {
    Item item{pdb->metadata.namespace_ + "/" + pdb->metadata.name, cluster::PdbSelector(*pdb)};
    selected.clear();
    for (const api::Pod* pod : pods) {
      if (item.selector.Selects(*pod)) selected.push_back(pod);
    }
    // A budget whose arithmetic fails (a malformed percentage) allows nothing: fail closed.
    Result<cluster::PdbAllowance> allowance = cluster::ComputePdbAllowance(*pdb, selected);
    item.disruptions_allowed = allowance ? allowance->disruptions_allowed : 0;

    const std::optional<api::IntOrString>& max_unavailable = pdb->spec.max_unavailable;
    const std::optional<api::IntOrString>& min_available = pdb->spec.min_available;
    item.fully_blocking =
        (max_unavailable && !max_unavailable->is_string && max_unavailable->int_value == 0) ||
        (max_unavailable && max_unavailable->is_string && max_unavailable->str_value == "0%") ||
        (min_available && min_available->is_string && min_available->str_value == "100%");
    item.always_allow_unhealthy = pdb->spec.unhealthy_pod_eviction_policy.has_value() &&
                                  *pdb->spec.unhealthy_pod_eviction_policy == api::kAlwaysAllow;
    items_.push_back(std::move(item));
  }
}

PdbLimits::PdbLimits(const PdbLimits&) = default;
PdbLimits::PdbLimits(PdbLimits&&) noexcept = default;
PdbLimits& PdbLimits::operator=(const PdbLimits&) = default;
PdbLimits& PdbLimits::operator=(PdbLimits&&) noexcept = default;
PdbLimits::~PdbLimits() = default;

std::vector<std::string> PdbLimits::Blocking(const api::Pod& pod, bool fully_blocking_only,
                                             std::optional<Time> now) const {
  // No eviction is sent to a pod that is not evictable, so budgets do not matter for it.
  if (now ? !IsEvictable(pod, *now) : !IsEvictable(pod)) return {};

  const Item* matched = nullptr;
  int matches = 0;
  for (const Item& item : items_) {
    if (item.selector.Selects(pod)) {
      matched = &item;
      ++matches;
    }
  }
  if (matches == 0) return {};
  // The eviction API refuses a pod selected by more than one budget, whatever they allow.
  if (matches > 1) {
    std::vector<std::string> keys;
    for (const Item& item : items_) {
      if (item.selector.Selects(pod)) keys.push_back(item.key);
    }
    return keys;
  }
  if (matched->always_allow_unhealthy) {
    for (const api::PodCondition& c : pod.status.conditions) {
      if (c.type == api::kPodReady && c.status == "False") return {};
    }
  }
  bool blocked = fully_blocking_only ? matched->fully_blocking : matched->disruptions_allowed == 0;
  if (blocked) return {matched->key};
  return {};
}

std::vector<std::string> PdbLimits::BlockingPdbs(std::span<const api::Pod* const> pods) const {
  for (const api::Pod* pod : pods) {
    std::vector<std::string> blocking = Blocking(*pod, false, std::nullopt);
    if (!blocking.empty()) return blocking;
  }
  return {};
}

std::vector<std::string> PdbLimits::BlockingPdbs(std::span<const api::Pod* const> pods,
                                                 Time now) const {
  for (const api::Pod* pod : pods) {
    std::vector<std::string> blocking = Blocking(*pod, false, now);
    if (!blocking.empty()) return blocking;
  }
  return {};
}

bool PdbLimits::IsCurrentlyReschedulable(const api::Pod& pod, Time now) const {
  return IsReschedulable(pod) && IsDisruptable(pod, now) && Blocking(pod, true, now).empty();
}

// ---- costs
// ---------------------------------------------------------------------------------------

double EvictionCost(const api::Pod& pod) {
  double cost = 1.0;
  auto it = pod.metadata.annotations.find(DeletionCostKey());
  if (it != pod.metadata.annotations.end()) {
    // The deletion cost is an int32: its extremes weigh like about -15 and +17 ordinary pods.
    if (std::optional<double> deletion_cost = ParseFloat(it->second)) {
      cost += *deletion_cost / std::ldexp(1.0, 27);
    }
  }
  if (pod.spec.priority.has_value()) {
    // Priorities range over [-2^31, 10^9].
    cost += static_cast<double>(*pod.spec.priority) / std::ldexp(1.0, 25);
  }
  return std::clamp(cost, -10.0, 10.0);
}

double ReschedulingCost(std::span<const api::Pod* const> pods) {
  double cost = 0;
  for (const api::Pod* pod : pods) cost += EvictionCost(*pod);
  return cost;
}

double LifetimeRemaining(const api::NodeClaim& node_claim, Time now) {
  NillableDuration expire_after = api::EffectiveExpireAfter(node_claim.spec.expire_after);
  if (expire_after.never()) return 1.0;
  std::optional<Time> created = ParseTime(node_claim.metadata.creation_timestamp);
  if (!created) return 1.0;
  double total = expire_after.value->seconds();
  double remaining = total - (now - *created).seconds();
  // Go divides by zero to ±Inf or NaN before clamping; an expireAfter of 0 means "expired".
  if (total <= 0) return 0.0;
  return std::clamp(remaining / total, 0.0, 1.0);
}

bool IsUnderConsolidateAfter(const api::NodePool& node_pool, const api::NodeClaim& node_claim,
                             Time now) {
  NillableDuration consolidate_after = api::EffectiveConsolidateAfter(node_pool.spec.disruption);
  if (consolidate_after.never() || *consolidate_after.value == Duration()) return false;
  const api::StatusCondition* initialized =
      FindCondition(node_claim, api::kConditionTypeInitialized);
  if (initialized == nullptr || initialized->status != "True") return false;
  // Without a pod event, pods could start arriving once the claim was initialized.
  std::optional<Time> since = ParseTime(node_claim.status.last_pod_event_time);
  if (!since) since = ParseTime(initialized->last_transition_time);
  if (!since) return false;
  return now - *since < *consolidate_after.value;
}

}  // namespace tidepool::disruption
