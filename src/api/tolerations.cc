#include "api/tolerations.h"

#include <algorithm>
#include <set>
#include <utility>

#include "api/name_validation.h"

namespace tidepool::api {
namespace {

// compareNumericValues: both values must be canonical decimal integers that fit in int64.
bool CompareNumeric(std::string_view toleration_value, std::string_view taint_value, bool less) {
  if (!IsDecimalInteger(toleration_value).empty() || !IsDecimalInteger(taint_value).empty()) {
    return false;
  }
  std::optional<int64_t> toleration = ParseGoInt64(toleration_value);
  std::optional<int64_t> taint = ParseGoInt64(taint_value);
  if (!toleration || !taint) return false;
  return less ? *taint < *toleration : *taint > *toleration;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out += parts[i];
  }
  return out;
}

// The API server renders a struct bad value as encoding/json does (fields with omitempty left
// out when empty).
std::string RenderToleration(const Toleration& t) {
  std::vector<std::string> fields;
  if (!t.key.empty()) fields.push_back("\"key\":" + GoJsonQuote(t.key));
  if (!t.operator_.empty()) fields.push_back("\"operator\":" + GoJsonQuote(t.operator_));
  if (!t.value.empty()) fields.push_back("\"value\":" + GoJsonQuote(t.value));
  if (!t.effect.empty()) fields.push_back("\"effect\":" + GoJsonQuote(t.effect));
  if (t.toleration_seconds) {
    fields.push_back("\"tolerationSeconds\":" + std::to_string(*t.toleration_seconds));
  }
  return "{" + Join(fields, ",") + "}";
}

std::string RenderTaint(const Taint& t) {
  std::vector<std::string> fields = {"\"key\":" + GoJsonQuote(t.key)};
  if (!t.value.empty()) fields.push_back("\"value\":" + GoJsonQuote(t.value));
  fields.push_back("\"effect\":" + GoJsonQuote(t.effect));
  if (!t.time_added.empty()) fields.push_back("\"timeAdded\":" + GoJsonQuote(t.time_added));
  return "{" + Join(fields, ",") + "}";
}

bool IsTaintEffect(std::string_view effect) {
  return effect == kTaintEffectNoSchedule || effect == kTaintEffectPreferNoSchedule ||
         effect == kTaintEffectNoExecute;
}

// validateTaintEffect.
void ValidateTaintEffect(std::string_view effect, bool allow_empty, const std::string& path,
                         FieldErrors& errors) {
  if (!allow_empty && effect.empty()) {
    errors.Add(path, RequiredMessage());
    return;
  }
  if (!IsTaintEffect(effect)) {
    errors.Add(path,
               NotSupportedMessage(effect, {kTaintEffectNoSchedule, kTaintEffectPreferNoSchedule,
                                            kTaintEffectNoExecute}));
  }
}

}  // namespace

bool ToleratesTaint(const Toleration& toleration, const Taint& taint,
                    bool enable_comparison_operators) {
  if (!toleration.effect.empty() && toleration.effect != taint.effect) return false;
  if (!toleration.key.empty() && toleration.key != taint.key) return false;
  const std::string& op = toleration.operator_;
  if (op.empty() || op == kTolerationOpEqual) return toleration.value == taint.value;
  if (op == kTolerationOpExists) return true;
  if (op == kTolerationOpLt || op == kTolerationOpGt) {
    return enable_comparison_operators &&
           CompareNumeric(toleration.value, taint.value, op == kTolerationOpLt);
  }
  return false;
}

bool MatchToleration(const Toleration& a, const Toleration& b) {
  return a.key == b.key && a.effect == b.effect && a.operator_ == b.operator_ && a.value == b.value;
}

bool MatchTaint(const Taint& a, const Taint& b) { return a.key == b.key && a.effect == b.effect; }

std::string TaintToString(const Taint& taint) {
  if (taint.effect.empty()) {
    if (taint.value.empty()) return taint.key;
    return taint.key + "=" + taint.value + ":";
  }
  if (taint.value.empty()) return taint.key + ":" + taint.effect;
  return taint.key + "=" + taint.value + ":" + taint.effect;
}

bool TolerationsTolerateTaint(std::span<const Toleration> tolerations, const Taint& taint,
                              bool enable_comparison_operators) {
  return std::any_of(tolerations.begin(), tolerations.end(), [&](const Toleration& t) {
    return ToleratesTaint(t, taint, enable_comparison_operators);
  });
}

std::optional<Taint> FindMatchingUntoleratedTaint(std::span<const Taint> taints,
                                                  std::span<const Toleration> tolerations,
                                                  const std::function<bool(const Taint&)>& filter,
                                                  bool enable_comparison_operators) {
  for (const Taint& taint : taints) {
    if (filter && !filter(taint)) continue;
    if (!TolerationsTolerateTaint(tolerations, taint, enable_comparison_operators)) return taint;
  }
  return std::nullopt;
}

bool IsDoNotScheduleTaint(const Taint& taint) {
  return taint.effect == kTaintEffectNoSchedule || taint.effect == kTaintEffectNoExecute;
}

Status TaintsTolerated(std::span<const Taint> taints, std::span<const Toleration> tolerations) {
  std::string message;
  for (const Taint& taint : taints) {
    if (TolerationsTolerateTaint(tolerations, taint, /*enable_comparison_operators=*/true)) {
      continue;
    }
    if (!message.empty()) message += "; ";
    // Karpenter's pretty.Taint: "key=value:Effect", or "key:Effect" without a value.
    message += "did not tolerate taint " + taint.key +
               (taint.value.empty() ? "" : "=" + taint.value) + ":" + taint.effect;
  }
  if (message.empty()) return OkStatus();
  return Fail(ErrorCode::kFailedPrecondition, std::move(message));
}

std::vector<Taint> MergeTaints(std::span<const Taint> base, std::span<const Taint> with) {
  std::vector<Taint> out(base.begin(), base.end());
  for (const Taint& taint : with) {
    bool present = std::any_of(out.begin(), out.end(),
                               [&](const Taint& existing) { return MatchTaint(taint, existing); });
    if (!present) out.push_back(taint);
  }
  return out;
}

bool IsKnownEphemeralTaint(const Taint& taint) {
  struct Known {
    std::string_view key;
    std::string_view effect;
  };
  // Matched with MatchTaint (key and effect), as upstream does.
  static constexpr Known kKnown[] = {
      {kTaintNodeNotReady, kTaintEffectNoSchedule},
      {kTaintNodeNotReady, kTaintEffectNoExecute},
      {kTaintNodeUnreachable, kTaintEffectNoSchedule},
      {kTaintExternalCloudProvider, kTaintEffectNoSchedule},
      {kUnregisteredTaintKey, kTaintEffectNoExecute},
  };
  for (const Known& k : kKnown) {
    if (taint.key == k.key && taint.effect == k.effect) return true;
  }
  return taint.key.starts_with("readiness.k8s.io/");
}

void ValidateTolerations(std::span<const Toleration> tolerations, std::string_view path,
                         FieldErrors& errors, bool allow_comparison_operators) {
  for (size_t i = 0; i < tolerations.size(); ++i) {
    const Toleration& t = tolerations[i];
    const std::string idx = Index(path, i);
    const std::string operator_path = Child(idx, "operator");
    if (!t.key.empty()) ValidateLabelName(t.key, Child(idx, "key"), errors);
    if (t.key.empty() && t.operator_ != kTolerationOpExists) {
      errors.Add(operator_path, InvalidMessage(t.operator_,
                                               "operator must be Exists when `key` is empty, which "
                                               "means \"match all values and all keys\""));
    }
    if (t.toleration_seconds && t.effect != kTaintEffectNoExecute) {
      errors.Add(Child(idx, "effect"),
                 InvalidMessage(t.effect,
                                "effect must be 'NoExecute' when `tolerationSeconds` is "
                                "set"));
    }
    if (t.operator_.empty() || t.operator_ == kTolerationOpEqual) {
      if (std::vector<std::string> errs = IsValidLabelValue(t.value); !errs.empty()) {
        errors.Add(operator_path, InvalidMessage(t.value, Join(errs, ";")));
      }
    } else if (t.operator_ == kTolerationOpExists) {
      if (!t.value.empty()) {
        errors.Add(operator_path,
                   InvalidMessageRendered(RenderToleration(t),
                                          "value must be empty when `operator` is 'Exists'"));
      }
    } else if (allow_comparison_operators &&
               (t.operator_ == kTolerationOpLt || t.operator_ == kTolerationOpGt)) {
      for (const std::string& msg : IsDecimalInteger(t.value)) {
        errors.Add(Child(idx, "value"), InvalidMessage(t.value, msg));
      }
    } else if (allow_comparison_operators) {
      errors.Add(operator_path,
                 NotSupportedMessage(t.operator_, {kTolerationOpEqual, kTolerationOpExists,
                                                   kTolerationOpLt, kTolerationOpGt}));
    } else {
      errors.Add(operator_path,
                 NotSupportedMessage(t.operator_, {kTolerationOpEqual, kTolerationOpExists}));
    }
    if (!t.effect.empty()) ValidateTaintEffect(t.effect, true, Child(idx, "effect"), errors);
  }
}

void ValidateTaints(std::span<const Taint> taints, std::string_view path, FieldErrors& errors) {
  std::set<std::pair<std::string_view, std::string_view>> seen;  // (effect, key)
  for (size_t i = 0; i < taints.size(); ++i) {
    const Taint& t = taints[i];
    const std::string idx = Index(path, i);
    ValidateLabelName(t.key, Child(idx, "key"), errors);
    if (std::vector<std::string> errs = IsValidLabelValue(t.value); !errs.empty()) {
      errors.Add(Child(idx, "value"), InvalidMessage(t.value, Join(errs, ";")));
    }
    ValidateTaintEffect(t.effect, false, Child(idx, "effect"), errors);
    if (!seen.emplace(t.effect, t.key).second) {
      errors.Add(idx, DuplicateMessageRendered(RenderTaint(t),
                                               "taints must be unique by key and effect pair"));
    }
  }
}

}  // namespace tidepool::api
