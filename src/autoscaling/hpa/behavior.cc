#include "autoscaling/hpa/behavior.h"

#include <string>
#include <utility>

#include "api/keda/scaled_object.h"

namespace tidepool::autoscaling::hpa {
namespace {

// Scale up: the larger of +4 pods or +100% per 15 s window.
constexpr int32_t kScaleUpLimitPercent = 100;
constexpr int32_t kScaleUpLimitMinimumPods = 4;
constexpr int32_t kScaleUpPeriodSeconds = 15;
// Scale down: everything may go within one 15 s window; the stabilisation window is what slows it.
constexpr int32_t kScaleDownLimitPercent = 100;
constexpr int32_t kScaleDownPeriodSeconds = 15;

Result<PolicyType> ParsePolicyType(std::string_view text) {
  if (text == "Pods") return PolicyType::kPods;
  if (text == "Percent") return PolicyType::kPercent;
  return Fail(ErrorCode::kInvalidArgument, "type: Unsupported value: \"" + std::string(text) +
                                               "\": supported values: \"Pods\", \"Percent\"");
}

Result<SelectPolicy> ParseSelectPolicy(std::string_view text) {
  if (text.empty() || text == "Max") return SelectPolicy::kMax;
  if (text == "Min") return SelectPolicy::kMin;
  if (text == "Disabled") return SelectPolicy::kDisabled;
  return Fail(ErrorCode::kInvalidArgument,
              "selectPolicy: Unsupported value: \"" + std::string(text) +
                  "\": supported values: \"Disabled\", \"Max\", \"Min\"");
}

// copyHPAScalingRules: every field the user set replaces the default. An empty policy list counts
// as unset (the typed object cannot tell `policies: []` from no field; upstream rejects the
// former at validation, so both end up meaning "the defaults" here).
Result<ScalingRules> Overlay(const api::keda::HpaScalingRules* from, ScalingRules to,
                             std::string_view field) {
  if (from == nullptr) return to;
  auto select = ParseSelectPolicy(from->select_policy);
  if (!select) return Fail(select.error().WithContext(field));
  to.select_policy = *select;
  if (from->stabilization_window_seconds) {
    to.stabilization_window_seconds = *from->stabilization_window_seconds;
  }
  if (!from->policies.empty()) {
    to.policies.clear();
    to.policies.reserve(from->policies.size());
    for (size_t i = 0; i < from->policies.size(); ++i) {
      const api::keda::HpaScalingPolicy& p = from->policies[i];
      auto type = ParsePolicyType(p.type);
      if (!type) {
        return Fail(
            type.error().WithContext(std::string(field) + ".policies[" + std::to_string(i) + "]"));
      }
      to.policies.push_back({*type, p.value, p.period_seconds});
    }
  }
  if (from->tolerance) to.tolerance = from->tolerance->AsDouble();
  return to;
}

}  // namespace

ScalingRules DefaultScaleUpRules() {
  ScalingRules rules;
  rules.stabilization_window_seconds = 0;
  rules.select_policy = SelectPolicy::kMax;
  rules.policies = {{PolicyType::kPods, kScaleUpLimitMinimumPods, kScaleUpPeriodSeconds},
                    {PolicyType::kPercent, kScaleUpLimitPercent, kScaleUpPeriodSeconds}};
  return rules;
}

ScalingRules DefaultScaleDownRules(Duration downscale_stabilization_window) {
  ScalingRules rules;
  rules.stabilization_window_seconds =
      static_cast<int32_t>(downscale_stabilization_window.nanoseconds() / 1'000'000'000);
  rules.select_policy = SelectPolicy::kMax;
  rules.policies = {{PolicyType::kPercent, kScaleDownLimitPercent, kScaleDownPeriodSeconds}};
  return rules;
}

Result<ScalingRules> ResolveScaleUpRules(const api::keda::HpaScalingRules* rules) {
  return Overlay(rules, DefaultScaleUpRules(), "scaleUp");
}

Result<ScalingRules> ResolveScaleDownRules(const api::keda::HpaScalingRules* rules,
                                           Duration downscale_stabilization_window) {
  return Overlay(rules, DefaultScaleDownRules(downscale_stabilization_window), "scaleDown");
}

Result<Behavior> ResolveBehavior(const api::keda::HpaBehavior& behavior,
                                 Duration downscale_stabilization_window) {
  auto up = ResolveScaleUpRules(behavior.scale_up ? &*behavior.scale_up : nullptr);
  if (!up) return Fail(up.error().WithContext("behavior"));
  auto down = ResolveScaleDownRules(behavior.scale_down ? &*behavior.scale_down : nullptr,
                                    downscale_stabilization_window);
  if (!down) return Fail(down.error().WithContext("behavior"));
  return Behavior{std::move(*up), std::move(*down)};
}

Tolerances TolerancesFor(const Behavior* behavior, double default_tolerance) {
  Tolerances t{default_tolerance, default_tolerance};
  if (behavior == nullptr) return t;
  if (behavior->scale_down.tolerance) t.scale_down = *behavior->scale_down.tolerance;
  if (behavior->scale_up.tolerance) t.scale_up = *behavior->scale_up.tolerance;
  return t;
}

std::string_view PolicyTypeName(PolicyType type) {
  return type == PolicyType::kPods ? "Pods" : "Percent";
}

std::string_view SelectPolicyName(SelectPolicy policy) {
  switch (policy) {
    case SelectPolicy::kMax:
      return "Max";
    case SelectPolicy::kMin:
      return "Min";
    case SelectPolicy::kDisabled:
      return "Disabled";
  }
  return "Max";
}

}  // namespace tidepool::autoscaling::hpa
