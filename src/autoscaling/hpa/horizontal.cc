#include "autoscaling/hpa/horizontal.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace tidepool::autoscaling::hpa {
namespace {

// Legacy scale-up limit: max(kScaleUpLimitFactor × current, kScaleUpLimitMinimum).
constexpr int64_t kScaleUpLimitFactor = 2;
constexpr int64_t kScaleUpLimitMinimum = 4;

constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMinInt32 = std::numeric_limits<int32_t>::min();

int32_t SaturateInt32(int64_t v) {
  return static_cast<int32_t>(std::clamp(v, kMinInt32, kMaxInt32));
}

int32_t SaturateInt32(double v) {
  if (std::isnan(v)) return 0;
  if (v >= static_cast<double>(kMaxInt32)) return static_cast<int32_t>(kMaxInt32);
  if (v <= static_cast<double>(kMinInt32)) return static_cast<int32_t>(kMinInt32);
  return static_cast<int32_t>(v);
}

Duration Seconds(int32_t s) { return Duration::Seconds(s); }

constexpr std::string_view kScaleUpLimitReason = "ScaleUpLimit";
constexpr std::string_view kScaleUpLimitMessage =
    "the desired replica count is increasing faster than the maximum scale rate";
constexpr std::string_view kScaleDownLimitReason = "ScaleDownLimit";
constexpr std::string_view kScaleDownLimitMessage =
    "the desired replica count is decreasing faster than the maximum scale rate";
constexpr std::string_view kTooManyReplicasReason = "TooManyReplicas";
constexpr std::string_view kTooManyReplicasMessage =
    "the desired replica count is more than the maximum replica count";
constexpr std::string_view kTooFewReplicasReason = "TooFewReplicas";
constexpr std::string_view kTooFewReplicasMessage =
    "the desired replica count is less than the minimum replica count";
constexpr std::string_view kDesiredWithinRangeReason = "DesiredWithinRange";
constexpr std::string_view kDesiredWithinRangeMessage =
    "the desired count is within the acceptable range";
constexpr std::string_view kReadyForNewScaleReason = "ReadyForNewScale";
constexpr std::string_view kReadyForNewScaleMessage = "recommended size matches current size";
constexpr std::string_view kScaleUpStabilizedReason = "ScaleUpStabilized";
constexpr std::string_view kScaleUpStabilizedMessage =
    "recent recommendations were lower than current one, applying the lowest recent "
    "recommendation";
constexpr std::string_view kScaleDownStabilizedReason = "ScaleDownStabilized";
constexpr std::string_view kScaleDownStabilizedMessage =
    "recent recommendations were higher than current one, applying the highest recent "
    "recommendation";

// Replaces the last reusable entry (older than its window) or appends, as upstream does; this is
// what keeps the history bounded.
template <class T>
void StoreReusing(std::vector<T>& list, bool found_old, size_t old_index, T entry) {
  if (found_old) {
    list[old_index] = entry;
  } else {
    list.push_back(entry);
  }
}

void StoreEvent(Time now, std::vector<TimestampedScaleEvent>& events, int32_t longest_period,
                int32_t change) {
  MarkScaleEventsOutdated(now, events, longest_period);
  bool found_old = false;
  size_t old_index = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].outdated) {
      found_old = true;
      old_index = i;
    }
  }
  StoreReusing(events, found_old, old_index, TimestampedScaleEvent{change, now, false});
}

}  // namespace

std::string_view RescaleReasonText(RescaleReason reason) {
  switch (reason) {
    case RescaleReason::kNone:
      return "";
    case RescaleReason::kAboveMaxReplicas:
      return "Current number of replicas above Spec.MaxReplicas";
    case RescaleReason::kBelowMinReplicas:
      return "Current number of replicas below Spec.MinReplicas";
    case RescaleReason::kMetricAboveTarget:
      return "above target";
    case RescaleReason::kAllMetricsBelowTarget:
      return "All metrics below target";
  }
  return "";
}

int32_t CalculateScaleUpLimit(int32_t current_replicas) {
  return SaturateInt32(std::max(kScaleUpLimitFactor * current_replicas, kScaleUpLimitMinimum));
}

LimitedReplicas ConvertDesiredReplicasWithRules(int32_t current_replicas, int32_t desired_replicas,
                                                int32_t min_replicas, int32_t max_replicas) {
  // The scale-up limit guards against a bogus usage report multiplying the replica count
  // (kubernetes issue #32304).
  const int32_t scale_up_limit = CalculateScaleUpLimit(current_replicas);
  LimitedReplicas upper{max_replicas, kTooManyReplicasReason, kTooManyReplicasMessage};
  if (max_replicas > scale_up_limit) {
    upper = {scale_up_limit, kScaleUpLimitReason, kScaleUpLimitMessage};
  }
  if (desired_replicas < min_replicas) {
    return {min_replicas, kTooFewReplicasReason, kTooFewReplicasMessage};
  }
  if (desired_replicas > upper.replicas) return upper;
  return {desired_replicas, kDesiredWithinRangeReason, kDesiredWithinRangeMessage};
}

int32_t GetReplicasChangePerPeriod(Time now, int32_t period_seconds,
                                   std::span<const TimestampedScaleEvent> events) {
  const Time cutoff = now - Seconds(period_seconds);
  int64_t replicas = 0;
  for (const TimestampedScaleEvent& e : events) {
    if (e.timestamp > cutoff) replicas += e.replica_change;
  }
  return SaturateInt32(replicas);
}

int32_t CalculateScaleUpLimitWithScalingRules(Time now, int32_t current_replicas,
                                              std::span<const TimestampedScaleEvent> scale_up,
                                              std::span<const TimestampedScaleEvent> scale_down,
                                              const ScalingRules& rules) {
  if (rules.select_policy == SelectPolicy::kDisabled) return current_replicas;
  const bool pick_min = rules.select_policy == SelectPolicy::kMin;
  int64_t result = pick_min ? kMaxInt32 : kMinInt32;
  for (const ScalingPolicy& policy : rules.policies) {
    const int64_t period_start_replicas =
        int64_t{current_replicas} -
        GetReplicasChangePerPeriod(now, policy.period_seconds, scale_up) +
        GetReplicasChangePerPeriod(now, policy.period_seconds, scale_down);
    int64_t proposed;
    if (policy.type == PolicyType::kPods) {
      proposed = period_start_replicas + policy.value;
    } else {
      // Rounded up, or a small percentage of a small count would never add a replica.
      proposed = SaturateInt32(std::ceil(static_cast<double>(period_start_replicas) *
                                         (1.0 + static_cast<double>(policy.value) / 100.0)));
    }
    result = pick_min ? std::min(result, proposed) : std::max(result, proposed);
  }
  return SaturateInt32(result);
}

int32_t CalculateScaleDownLimitWithBehaviors(Time now, int32_t current_replicas,
                                             std::span<const TimestampedScaleEvent> scale_up,
                                             std::span<const TimestampedScaleEvent> scale_down,
                                             const ScalingRules& rules) {
  if (rules.select_policy == SelectPolicy::kDisabled) return current_replicas;
  // For scaling down the smallest change (Min) is the highest count.
  const bool pick_highest = rules.select_policy == SelectPolicy::kMin;
  int64_t result = pick_highest ? kMinInt32 : kMaxInt32;
  for (const ScalingPolicy& policy : rules.policies) {
    const int64_t period_start_replicas =
        int64_t{current_replicas} -
        GetReplicasChangePerPeriod(now, policy.period_seconds, scale_up) +
        GetReplicasChangePerPeriod(now, policy.period_seconds, scale_down);
    int64_t proposed;
    if (policy.type == PolicyType::kPods) {
      proposed = period_start_replicas - policy.value;
    } else {
      proposed = SaturateInt32(static_cast<double>(period_start_replicas) *
                               (1.0 - static_cast<double>(policy.value) / 100.0));
    }
    result = pick_highest ? std::max(result, proposed) : std::min(result, proposed);
  }
  return SaturateInt32(result);
}

void MarkScaleEventsOutdated(Time now, std::span<TimestampedScaleEvent> events,
                             int32_t longest_policy_period_seconds) {
  const Time cutoff = now - Seconds(longest_policy_period_seconds);
  for (TimestampedScaleEvent& e : events) {
    if (e.timestamp < cutoff) e.outdated = true;
  }
}

int32_t LongestPolicyPeriod(const ScalingRules& rules) {
  int32_t longest = 0;
  for (const ScalingPolicy& p : rules.policies) longest = std::max(longest, p.period_seconds);
  return longest;
}

void HorizontalController::RecordInitialRecommendation(Time now, int32_t current_replicas) {
  if (initialized_) return;
  initialized_ = true;
  recommendations_.push_back({current_replicas, now});
}

int32_t HorizontalController::StabilizeRecommendation(Time now, int32_t prenormalized) {
  int32_t max_recommendation = prenormalized;
  bool found_old = false;
  size_t old_index = 0;
  const Time cutoff = now - options_.downscale_stabilization_window;
  for (size_t i = 0; i < recommendations_.size(); ++i) {
    const TimestampedRecommendation& rec = recommendations_[i];
    if (rec.timestamp < cutoff) {
      found_old = true;
      old_index = i;
    } else {
      max_recommendation = std::max(max_recommendation, rec.recommendation);
    }
  }
  StoreReusing(recommendations_, found_old, old_index,
               TimestampedRecommendation{prenormalized, now});
  return max_recommendation;
}

LimitedReplicas HorizontalController::StabilizeRecommendationWithBehaviors(
    Time now, const NormalizationArg& arg) {
  const Time up_cutoff = now - Seconds(arg.scale_up->stabilization_window_seconds);
  const Time down_cutoff = now - Seconds(arg.scale_down->stabilization_window_seconds);
  int32_t up_recommendation = arg.desired_replicas;
  int32_t down_recommendation = arg.desired_replicas;
  bool found_old = false;
  size_t old_index = 0;
  for (size_t i = 0; i < recommendations_.size(); ++i) {
    const TimestampedRecommendation& rec = recommendations_[i];
    if (rec.timestamp > up_cutoff) {
      up_recommendation = std::min(up_recommendation, rec.recommendation);
    }
    if (rec.timestamp > down_cutoff) {
      down_recommendation = std::max(down_recommendation, rec.recommendation);
    }
    if (rec.timestamp < up_cutoff && rec.timestamp < down_cutoff) {
      found_old = true;
      old_index = i;
    }
  }
  // Bring the current count within [lowest recent, highest recent].
  int32_t recommendation = arg.current_replicas;
  recommendation = std::max(recommendation, up_recommendation);
  recommendation = std::min(recommendation, down_recommendation);
  StoreReusing(recommendations_, found_old, old_index,
               TimestampedRecommendation{arg.desired_replicas, now});
  if (arg.desired_replicas >= arg.current_replicas) {
    return {recommendation, kScaleUpStabilizedReason, kScaleUpStabilizedMessage};
  }
  return {recommendation, kScaleDownStabilizedReason, kScaleDownStabilizedMessage};
}

LimitedReplicas HorizontalController::ConvertDesiredReplicasWithBehaviorRate(
    Time now, const NormalizationArg& arg) const {
  if (arg.desired_replicas > arg.current_replicas) {
    int32_t limit = CalculateScaleUpLimitWithScalingRules(
        now, arg.current_replicas, scale_up_events_, scale_down_events_, *arg.scale_up);
    // Never below current: recent events under a changed policy must not force a scale-down.
    limit = std::max(limit, arg.current_replicas);
    LimitedReplicas upper{arg.max_replicas, kTooManyReplicasReason, kTooManyReplicasMessage};
    if (arg.max_replicas > limit) upper = {limit, kScaleUpLimitReason, kScaleUpLimitMessage};
    if (arg.desired_replicas > upper.replicas) return upper;
  } else if (arg.desired_replicas < arg.current_replicas) {
    int32_t limit = CalculateScaleDownLimitWithBehaviors(
        now, arg.current_replicas, scale_up_events_, scale_down_events_, *arg.scale_down);
    limit = std::min(limit, arg.current_replicas);
    LimitedReplicas lower{arg.min_replicas, kTooFewReplicasReason, kTooFewReplicasMessage};
    if (arg.min_replicas < limit) lower = {limit, kScaleDownLimitReason, kScaleDownLimitMessage};
    if (arg.desired_replicas < lower.replicas) return lower;
  }
  return {arg.desired_replicas, kDesiredWithinRangeReason, kDesiredWithinRangeMessage};
}

void HorizontalController::StoreScaleEvent(Time now, const Behavior* behavior, int32_t prev,
                                           int32_t next) {
  if (behavior == nullptr) return;  // the legacy rules never read events
  if (next > prev) {
    StoreEvent(now, scale_up_events_, LongestPolicyPeriod(behavior->scale_up), next - prev);
  } else {
    StoreEvent(now, scale_down_events_, LongestPolicyPeriod(behavior->scale_down), prev - next);
  }
}

int32_t HorizontalController::NormalizeDesiredReplicas(Time now, int32_t current,
                                                       int32_t prenormalized, const HpaSpec& spec,
                                                       Decision& decision) {
  const int32_t stabilized = StabilizeRecommendation(now, prenormalized);
  if (stabilized != prenormalized) {
    decision.able_to_scale =
        HpaCondition{kAbleToScale, true, kScaleDownStabilizedReason, kScaleDownStabilizedMessage};
  } else {
    decision.able_to_scale =
        HpaCondition{kAbleToScale, true, kReadyForNewScaleReason, kReadyForNewScaleMessage};
  }
  const LimitedReplicas limited =
      ConvertDesiredReplicasWithRules(current, stabilized, spec.min_replicas, spec.max_replicas);
  decision.scaling_limited = HpaCondition{kScalingLimited, limited.replicas != stabilized,
                                          limited.reason, limited.message};
  return limited.replicas;
}

int32_t HorizontalController::NormalizeDesiredReplicasWithBehaviors(Time now, int32_t current,
                                                                    int32_t prenormalized,
                                                                    const HpaSpec& spec,
                                                                    Decision& decision) {
  NormalizationArg arg{&spec.behavior->scale_up,
                       &spec.behavior->scale_down,
                       spec.min_replicas,
                       spec.max_replicas,
                       current,
                       prenormalized};
  const LimitedReplicas stabilized = StabilizeRecommendationWithBehaviors(now, arg);
  arg.desired_replicas = stabilized.replicas;
  if (stabilized.replicas != prenormalized) {
    decision.able_to_scale =
        HpaCondition{kAbleToScale, true, stabilized.reason, stabilized.message};
  } else {
    decision.able_to_scale =
        HpaCondition{kAbleToScale, true, kReadyForNewScaleReason, kReadyForNewScaleMessage};
  }
  const LimitedReplicas limited = ConvertDesiredReplicasWithBehaviorRate(now, arg);
  decision.scaling_limited = HpaCondition{kScalingLimited, limited.replicas != stabilized.replicas,
                                          limited.reason, limited.message};
  return limited.replicas;
}

Decision HorizontalController::Decide(Time now, int32_t current_replicas, const HpaSpec& spec,
                                      std::span<const MetricProposal> metrics) {
  RecordInitialRecommendation(now, current_replicas);
  Decision d;
  d.able_to_scale = HpaCondition{kAbleToScale, true, "SucceededGetScale",
                                 "the HPA controller was able to get the target's current scale"};
  int32_t desired = 0;
  bool rescale = true;

  if (current_replicas == 0 && spec.min_replicas != 0) {
    // Autoscaling is disabled for a workload at zero; something else (KEDA) brings it up.
    rescale = false;
    d.scaling_active =
        HpaCondition{kScalingActive, false, "ScalingDisabled",
                     "scaling is disabled since the replica count of the target is zero"};
  } else if (current_replicas > spec.max_replicas) {
    d.reason = RescaleReason::kAboveMaxReplicas;
    desired = spec.max_replicas;
  } else if (current_replicas < spec.min_replicas) {
    d.reason = RescaleReason::kBelowMinReplicas;
    desired = spec.min_replicas;
  } else {
    // computeReplicasForMetrics: the largest valid proposal.
    int32_t metric_desired = 0;
    int first_invalid = -1;
    for (size_t i = 0; i < metrics.size(); ++i) {
      const MetricProposal& m = metrics[i];
      if (!m.valid) {
        if (first_invalid < 0) first_invalid = static_cast<int>(i);
        ++d.invalid_metrics;
        continue;
      }
      if (d.metric_index < 0 || m.replicas > metric_desired) {
        metric_desired = m.replicas;
        d.metric_index = static_cast<int>(i);
      }
    }
    // Every metric failed, or some did and the rest would scale down (a failing metric might be
    // the one holding the count up): do nothing.
    if (static_cast<size_t>(d.invalid_metrics) >= metrics.size() ||
        (d.invalid_metrics > 0 && metric_desired < current_replicas)) {
      d.metrics_failed = true;
      if (first_invalid >= 0) {
        d.scaling_active =
            HpaCondition{kScalingActive, false, metrics[first_invalid].failure_reason,
                         metrics[first_invalid].failure_message};
      } else {
        d.scaling_active =
            HpaCondition{kScalingActive, false, "InvalidMetricSourceType", "no metrics specified"};
      }
      d.metric_index = -1;
      d.desired_replicas = current_replicas;
      return d;
    }
    d.scaling_active =
        HpaCondition{kScalingActive, true, "ValidMetricFound",
                     "the HPA was able to successfully calculate a replica count from"};
    if (metric_desired > desired) {
      desired = metric_desired;
    } else {
      d.metric_index = -1;  // the count does not come from a metric
    }
    if (desired > current_replicas) d.reason = RescaleReason::kMetricAboveTarget;
    if (desired < current_replicas) d.reason = RescaleReason::kAllMetricsBelowTarget;
    desired = spec.behavior
                  ? NormalizeDesiredReplicasWithBehaviors(now, current_replicas, desired, spec, d)
                  : NormalizeDesiredReplicas(now, current_replicas, desired, spec, d);
    rescale = desired != current_replicas;
  }

  if (rescale) {
    d.able_to_scale = HpaCondition{kAbleToScale, true, "SucceededRescale",
                                   "the HPA controller was able to update the target scale"};
    StoreScaleEvent(now, spec.behavior ? &*spec.behavior : nullptr, current_replicas, desired);
    d.rescale = true;
    d.desired_replicas = desired;
  } else {
    d.reason = RescaleReason::kNone;
    d.desired_replicas = current_replicas;
  }
  return d;
}

void HorizontalController::SetRecommendations(std::vector<TimestampedRecommendation> recs) {
  recommendations_ = std::move(recs);
  initialized_ = true;
}

void HorizontalController::SetScaleUpEvents(std::vector<TimestampedScaleEvent> events) {
  scale_up_events_ = std::move(events);
}

void HorizontalController::SetScaleDownEvents(std::vector<TimestampedScaleEvent> events) {
  scale_down_events_ = std::move(events);
}

}  // namespace tidepool::autoscaling::hpa
