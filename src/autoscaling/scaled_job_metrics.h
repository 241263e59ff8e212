// The ScaledJob maths (kedacore/keda pkg/scaling/scaledjob/metrics.go and the scaling strategies
// of pkg/scaling/executor/scale_jobs.go): per trigger a queue length and the Jobs it asks for,
// triggers combined by max/min/avg/sum, and the strategy that turns that into Jobs to create given
// the running and pending ones. Pure functions over plain numbers.
//
// Note upstream's quirk, kept: the "max replica count" in all of this is ScaledJob's
// MaxReplicaCount() = maxReplicaCount − minReplicaCount (see api/keda/scaled_job.h).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "api/keda/scaled_job.h"
#include "scalers/scaler.h"

namespace tidepool::autoscaling {

struct ScalerMetrics {
  double queue_length = 0;
  double max_value = 0;
  bool is_active = false;
};

// getTargetAverageValue: the mean of the specs' AverageValue targets (a Value target counts 0).
double TargetAverageValue(std::span<const scalers::MetricSpec> specs);

struct QueueLengthAndMaxValue {
  double queue_length = 0;  // the sum of the values of specs[0]'s metric
  double max_value = 0;     // min(queue_length / target, max_replica_count); 0 if target is 0
  double target_average_value = 0;
};
QueueLengthAndMaxValue CalculateQueueLengthAndMaxValue(
    std::span<const scalers::MetricValue> metrics, std::span<const scalers::MetricSpec> specs,
    int64_t max_replica_count);

struct ScaledJobActivity {
  bool is_active = false;
  int64_t queue_length = 0;  // ceil; the strategy's scaleTo
  int64_t max_value = 0;     // ceil; the strategy's maxScale
  double max_float_value = 0;
};
// IsScaledJobActive: combines active triggers by `calculation` (max unless min, avg or sum);
// a minReplicaCount above zero makes the ScaledJob active whatever the triggers say.
ScaledJobActivity IsScaledJobActive(std::span<const ScalerMetrics> metrics,
                                    std::string_view calculation, int64_t min_replica_count,
                                    int64_t max_replica_count);

enum class JobScalingStrategy { kDefault, kCustom, kAccurate, kEager };
// NewScalingStrategy: custom only when customScalingRunningJobPercentage parses.
JobScalingStrategy ScalingStrategyOf(const api::keda::ScaledJob& sj);

struct EffectiveScale {
  int64_t max_scale = 0;  // may be negative; callers clamp at 0
  int64_t scale_to = 0;
};
// GetEffectiveMaxScale of the ScaledJob's strategy:
//   default:  maxScale − running
//   custom:   min(maxScale − deduction − int(running × percentage), maxReplicaCount)
//   accurate: maxScale + running − pending > maxReplicaCount ? maxReplicaCount − running
//                                                            : maxScale − pending
//   eager:    min(maxReplicaCount − running − pending, maxScale), scaleTo = maxReplicaCount
EffectiveScale GetEffectiveMaxScale(const api::keda::ScaledJob& sj, int64_t max_scale,
                                    int64_t running, int64_t pending, int64_t max_replica_count,
                                    int64_t scale_to);
// getScalingDecision: below minReplicaCount, create the difference; otherwise the strategy on
// (running − min).
EffectiveScale GetScalingDecision(const api::keda::ScaledJob& sj, int64_t running, int64_t scale_to,
                                  int64_t max_scale, int64_t pending);
// The Jobs createJobs makes: min(scaleTo, effective max) when the effective max is positive.
int64_t JobsToCreate(const EffectiveScale& decision);

}  // namespace tidepool::autoscaling
