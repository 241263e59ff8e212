// HPA scaling behaviour (autoscaling/v2 HorizontalPodAutoscalerBehavior) resolved to the values the
// horizontal controller acts on, with Kubernetes' defaults filled in the way the API server fills
// them before the controller ever sees the object (pkg/apis/autoscaling/v2/defaults.go):
//   scaleUp:   stabilizationWindowSeconds 0, selectPolicy Max,
//              policies [Pods 4 per 15 s, Percent 100 per 15 s]
//   scaleDown: stabilizationWindowSeconds = the controller's downscale stabilisation window
//              (--horizontal-pod-autoscaler-downscale-stabilization, 5 minutes),
//              selectPolicy Max, policies [Percent 100 per 15 s]
// A field the user set replaces the default; an unset one keeps it. `tolerance` has no default in
// the rules: an unset tolerance means the controller-wide one (0.1).
//
// Resolve a behaviour once, when its ScaledObject changes, and hand the result to the controller
// on every evaluation: resolving copies the policy lists, evaluating does not.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/status.h"

namespace tidepool::api::keda {
struct HpaBehavior;
struct HpaScalingRules;
}  // namespace tidepool::api::keda

namespace tidepool::autoscaling::hpa {

// --horizontal-pod-autoscaler-tolerance.
inline constexpr double kDefaultTolerance = 0.1;
// --horizontal-pod-autoscaler-downscale-stabilization.
inline constexpr Duration kDefaultDownscaleStabilizationWindow = Duration::Minutes(5);
// --horizontal-pod-autoscaler-sync-period: how often a real cluster evaluates each HPA.
inline constexpr Duration kDefaultSyncPeriod = Duration::Seconds(15);

enum class PolicyType { kPods, kPercent };
enum class SelectPolicy { kMax, kMin, kDisabled };

struct ScalingPolicy {
  PolicyType type = PolicyType::kPods;
  int32_t value = 0;
  int32_t period_seconds = 0;
  friend bool operator==(const ScalingPolicy&, const ScalingPolicy&) = default;
};

// One direction's rules, every field resolved.
struct ScalingRules {
  int32_t stabilization_window_seconds = 0;
  SelectPolicy select_policy = SelectPolicy::kMax;
  std::vector<ScalingPolicy> policies;
  std::optional<double> tolerance;  // unset: the controller-wide tolerance
  friend bool operator==(const ScalingRules&, const ScalingRules&) = default;
};

struct Behavior {
  ScalingRules scale_up;
  ScalingRules scale_down;
  friend bool operator==(const Behavior&, const Behavior&) = default;
};

// Upstream's defaults for each direction (defaultHPAScaleUpRules / defaultHPAScaleDownRules, with
// the scale-down window taken from the controller's flag as maybeInitScaleDownStabilizationWindow
// does).
ScalingRules DefaultScaleUpRules();
ScalingRules DefaultScaleDownRules(Duration downscale_stabilization_window);

// GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: `rules` (may be null) over the defaults.
// Errors name the field, as the API server would reject the HPA: an unknown policy type
// (`Pods`, `Percent`) or selectPolicy (`Max`, `Min`, `Disabled`).
[[nodiscard]] Result<ScalingRules> ResolveScaleUpRules(const api::keda::HpaScalingRules* rules);
[[nodiscard]] Result<ScalingRules> ResolveScaleDownRules(
    const api::keda::HpaScalingRules* rules,
    Duration downscale_stabilization_window = kDefaultDownscaleStabilizationWindow);
[[nodiscard]] Result<Behavior> ResolveBehavior(
    const api::keda::HpaBehavior& behavior,
    Duration downscale_stabilization_window = kDefaultDownscaleStabilizationWindow);

// The metric usage ratios (current / target) inside which the replica count is left alone:
// [1 - scale_down, 1 + scale_up]. Per-direction tolerances come from behavior.scaleUp/scaleDown
// .tolerance (HPAConfigurableTolerance, beta in Kubernetes 1.34); unset ones use the default.
struct Tolerances {
  double scale_down = kDefaultTolerance;
  double scale_up = kDefaultTolerance;
  bool IsWithin(double usage_ratio) const {
    return 1.0 - scale_down <= usage_ratio && usage_ratio <= 1.0 + scale_up;
  }
  friend bool operator==(const Tolerances&, const Tolerances&) = default;
};
Tolerances TolerancesFor(const Behavior* behavior, double default_tolerance = kDefaultTolerance);

std::string_view PolicyTypeName(PolicyType type);
std::string_view SelectPolicyName(SelectPolicy policy);

}  // namespace tidepool::autoscaling::hpa
