// ScaledObject fallback (kedacore/keda pkg/fallback/fallback.go): per-metric health in
// status.health, and, once a metric has failed more than fallback.failureThreshold times in a
// row, a substitute value that makes the HPA maths land on the fallback replica count.
//
// Health is tracked only when a valid fallback is configured (failureThreshold >= 0,
// replicas >= 0, and with scalingModifiers a target that parses as an integer > 0, as upstream's
// HasValidFallback). A success resets the metric to {0, Happy}; a failure increments it and marks
// it Failing. Past the threshold (strictly greater) the substitute is:
//   AverageValue target: target × R;  Value target: target × R / ready replicas
// with R by fallback.behavior: static = fallback.replicas; currentReplicas = current;
// currentReplicasIfHigher = max(current, fallback.replicas); currentReplicasIfLower =
// min(current, fallback.replicas). With scalingModifiers the target is scalingModifiers.target,
// the metric is composite-metric, and behavior scalingModifiers hands the formula a nil instead.
#pragma once

#include <cstdint>
#include <string_view>

#include "api/keda/scaled_object.h"
#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::autoscaling {

inline constexpr std::string_view kHealthHappy = "Happy";
inline constexpr std::string_view kHealthFailing = "Failing";

// Where fallback reads replica counts; called only when a fallback value is computed.
class ReplicaCounts {
 public:
  virtual ~ReplicaCounts() = default;
  [[nodiscard]] virtual Result<int32_t> Current() = 0;
  // Running and Ready pods selected by the target's selector.
  [[nodiscard]] virtual Result<int32_t> Ready() = 0;
};

// fallback is set and valid (upstream isFallbackEnabled && HasValidFallback).
bool HasValidFallback(const api::keda::ScaledObject& so);
// Some metric is Failing with more failures than the threshold.
bool FallbackExceededThreshold(const api::keda::ScaledObjectStatus& status,
                               int32_t failure_threshold);
// R of the behaviour (scalingModifiers and unknown behaviours count as static here).
int32_t FallbackReplicaCount(std::string_view behavior, int32_t fallback_replicas,
                             int32_t current_replicas);

struct FallbackResult {
  enum class Kind {
    kMetrics,        // no error: use the scaler's metrics
    kError,          // pass the error on (no fallback, or not past the threshold yet)
    kSubstitute,     // use `value` instead of the metric
    kNilForFormula,  // behavior scalingModifiers: the formula sees nil for this trigger
  };
  Kind kind = Kind::kMetrics;
  double value = 0;
  bool fallback_active() const { return kind == Kind::kSubstitute || kind == Kind::kNilForFormula; }
};

// GetMetricsWithFallback for one metric of one poll: updates status.health and the Fallback
// condition, and says what the caller uses. `spec` is the metric's external spec (its target
// type and value). An error computing the substitute (no ready pods for a Value target) comes
// back as kError, as upstream returns "error performing fallback".
FallbackResult ApplyFallback(const api::keda::ScaledObject& so,
                             api::keda::ScaledObjectStatus& status, bool failed,
                             std::string_view metric_name, const scalers::MetricSpec& spec,
                             ReplicaCounts& replicas);

// Sets Fallback True FallbackExists / False NoFallbackFound from status.health when a valid
// fallback is configured, else False NoFallbackFound.
void UpdateFallbackCondition(const api::keda::ScaledObject& so,
                             api::keda::ScaledObjectStatus& status);

}  // namespace tidepool::autoscaling
