// ScaledJob's effective values, as KEDA's code reads them (scaledjob_types.go, scale_jobs.go,
// scaledjob_controller.go, scaledjob/metrics.go).
#include <algorithm>

#include "api/keda/go_strconv.h"
#include "api/keda/scaled_job.h"
#include "api/keda/scaled_object.h"

namespace tidepool::api::keda {

void SetDefaults(ScaledJob&) {}

int32_t PollingIntervalSeconds(const ScaledJob& sj) {
  return sj.spec.polling_interval.value_or(kDefaultPollingIntervalSeconds);
}

int32_t SuccessfulJobsHistoryLimit(const ScaledJob& sj) {
  return sj.spec.successful_jobs_history_limit.value_or(kDefaultSuccessfulJobsHistoryLimit);
}

int32_t FailedJobsHistoryLimit(const ScaledJob& sj) {
  return sj.spec.failed_jobs_history_limit.value_or(kDefaultFailedJobsHistoryLimit);
}

int64_t MinReplicaCount(const ScaledJob& sj) {
  const auto& min = sj.spec.min_replica_count;
  const auto& max = sj.spec.max_replica_count;
  if (!min) return kDefaultScaledJobMinReplicaCount;
  if (max && *min > *max) return *max;
  return *min;
}

int64_t MaxReplicaCount(const ScaledJob& sj) {
  const auto& min = sj.spec.min_replica_count;
  const auto& max = sj.spec.max_replica_count;
  if (!max) return kDefaultScaledJobMaxReplicaCount;
  if (min && *min > *max) return *max;
  return int64_t{*max} - MinReplicaCount(sj);
}

std::string_view RolloutStrategy(const ScaledJob& sj) {
  const std::string& chosen =
      sj.spec.rollout_strategy.empty() ? sj.spec.rollout.strategy : sj.spec.rollout_strategy;
  return chosen == kRolloutGradual ? kRolloutGradual : kRolloutImmediate;
}

std::string_view RolloutPropagationPolicy(const ScaledJob& sj) {
  return sj.spec.rollout.propagation_policy == kPropagationForeground ? kPropagationForeground
                                                                      : kPropagationBackground;
}

std::optional<double> CustomScalingRunningJobPercentage(const ScaledJob& sj) {
  Result<double> p = ParseGoFloat(sj.spec.scaling_strategy.custom_scaling_running_job_percentage);
  if (!p) return std::nullopt;
  return *p;
}

std::string_view EffectiveScalingStrategy(const ScaledJob& sj) {
  const std::string& s = sj.spec.scaling_strategy.strategy;
  if (s == kScalingStrategyCustom) {
    return CustomScalingRunningJobPercentage(sj) ? kScalingStrategyCustom : kScalingStrategyDefault;
  }
  if (s == kScalingStrategyAccurate) return kScalingStrategyAccurate;
  if (s == kScalingStrategyEager) return kScalingStrategyEager;
  return kScalingStrategyDefault;
}

std::string_view MultipleScalersCalculation(const ScaledJob& sj) {
  const std::string& c = sj.spec.scaling_strategy.multiple_scalers_calculation;
  for (std::string_view known : {kMultipleScalersMin, kMultipleScalersAvg, kMultipleScalersSum}) {
    if (c == known) return known;
  }
  return kMultipleScalersMax;
}

}  // namespace tidepool::api::keda
