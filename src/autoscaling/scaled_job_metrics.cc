#include "autoscaling/scaled_job_metrics.h"

#include <algorithm>
#include <cmath>

namespace tidepool::autoscaling {

namespace keda = api::keda;

double TargetAverageValue(std::span<const scalers::MetricSpec> specs) {
  if (specs.empty()) return 0;
  double total = 0;
  for (const scalers::MetricSpec& spec : specs) {
    if (spec.target_type == scalers::MetricTargetType::kAverageValue) {
      total += spec.target_value.AsDouble();
    }
  }
  return total / static_cast<double>(specs.size());
}

QueueLengthAndMaxValue CalculateQueueLengthAndMaxValue(
    std::span<const scalers::MetricValue> metrics, std::span<const scalers::MetricSpec> specs,
    int64_t max_replica_count) {
  QueueLengthAndMaxValue out;
  if (specs.empty()) return out;
  for (const scalers::MetricValue& m : metrics) {
    if (m.metric_name == specs[0].metric_name) out.queue_length += m.value.AsDouble();
  }
  out.target_average_value = TargetAverageValue(specs);
  if (out.target_average_value != 0) {
    out.max_value = std::min(out.queue_length / out.target_average_value,
                             static_cast<double>(max_replica_count));
  }
  return out;
}

ScaledJobActivity IsScaledJobActive(std::span<const ScalerMetrics> metrics,
                                    std::string_view calculation, int64_t min_replica_count,
                                    int64_t max_replica_count) {
  double queue_length = 0;
  double max_value = 0;
  bool active = false;
  if (calculation == keda::kMultipleScalersMin) {
    for (const ScalerMetrics& m : metrics) {
      if ((queue_length == 0 || m.queue_length < queue_length) && m.is_active) {
        queue_length = m.queue_length;
        max_value = m.max_value;
        active = true;
      }
    }
  } else if (calculation == keda::kMultipleScalersAvg) {
    double queue_sum = 0, max_sum = 0;
    int count = 0;
    for (const ScalerMetrics& m : metrics) {
      if (!m.is_active) continue;
      queue_sum += m.queue_length;
      max_sum += m.max_value;
      active = true;
      ++count;
    }
    if (count != 0) {
      queue_length = queue_sum / count;
      max_value = max_sum / count;
    }
  } else if (calculation == keda::kMultipleScalersSum) {
    for (const ScalerMetrics& m : metrics) {
      if (!m.is_active) continue;
      queue_length += m.queue_length;
      max_value += m.max_value;
      active = true;
    }
  } else {
    for (const ScalerMetrics& m : metrics) {
      if (m.queue_length > queue_length && m.is_active) {
        queue_length = m.queue_length;
        max_value = m.max_value;
        active = true;
      }
    }
  }
  if (min_replica_count > 0) active = true;
  max_value = std::min(max_value, static_cast<double>(max_replica_count));
  return ScaledJobActivity{active, static_cast<int64_t>(std::ceil(queue_length)),
                           static_cast<int64_t>(std::ceil(max_value)), max_value};
}

JobScalingStrategy ScalingStrategyOf(const keda::ScaledJob& sj) {
  std::string_view s = keda::EffectiveScalingStrategy(sj);
  if (s == keda::kScalingStrategyCustom) return JobScalingStrategy::kCustom;
  if (s == keda::kScalingStrategyAccurate) return JobScalingStrategy::kAccurate;
  if (s == keda::kScalingStrategyEager) return JobScalingStrategy::kEager;
  return JobScalingStrategy::kDefault;
}

EffectiveScale GetEffectiveMaxScale(const keda::ScaledJob& sj, int64_t max_scale, int64_t running,
                                    int64_t pending, int64_t max_replica_count, int64_t scale_to) {
  switch (ScalingStrategyOf(sj)) {
    case JobScalingStrategy::kCustom: {
      const int64_t deduction =
          sj.spec.scaling_strategy.custom_scaling_queue_length_deduction.value_or(0);
      const double percentage = keda::CustomScalingRunningJobPercentage(sj).value_or(0);
      const int64_t result =
          max_scale - deduction - static_cast<int64_t>(static_cast<double>(running) * percentage);
      return {std::min(result, max_replica_count), scale_to};
    }
    case JobScalingStrategy::kAccurate:
      if (max_scale + running - pending > max_replica_count) {
        return {max_replica_count - running, scale_to};
      }
      return {max_scale - pending, scale_to};
    case JobScalingStrategy::kEager:
      return {std::min(max_replica_count - running - pending, max_scale), max_replica_count};
    case JobScalingStrategy::kDefault:
      break;
  }
  return {max_scale - running, scale_to};
}

EffectiveScale GetScalingDecision(const keda::ScaledJob& sj, int64_t running, int64_t scale_to,
                                  int64_t max_scale, int64_t pending) {
  const int64_t min_replicas = keda::MinReplicaCount(sj);
  if (running < min_replicas) {
    const int64_t missing = min_replicas - running;
    return {missing, missing};
  }
  return GetEffectiveMaxScale(sj, max_scale, running - min_replicas, pending,
                              keda::MaxReplicaCount(sj), scale_to);
}

int64_t JobsToCreate(const EffectiveScale& decision) {
  const int64_t max_scale = std::max<int64_t>(decision.max_scale, 0);
  if (max_scale <= 0) return 0;
  return std::min(decision.scale_to, max_scale);
}

}  // namespace tidepool::autoscaling
