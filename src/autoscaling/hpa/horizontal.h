// The horizontal pod autoscaler's decision for one HPA (Kubernetes
// pkg/controller/podautoscaler/horizontal.go, reconcileAutoscaler and the normalisation it calls),
// in process. Given the current replica count, the HPA's min/max/behavior and one replica proposal
// per metric (from replica_calculator.h), Decide() returns the replica count to write and the
// status conditions upstream would set:
//  1. current == 0 and min != 0: scaling is disabled, nothing happens (ScalingActive False,
//     ScalingDisabled): KEDA itself brings a workload from zero.
//  2. current > max or current < min: clamp to the bound, without looking at metrics.
//  3. Otherwise the maximum over valid metric proposals. If every metric is invalid, or some are
//     and the valid ones would scale down, nothing happens (ScalingActive False with the first
//     invalid metric's reason).
//  4. Without behavior (KEDA's default): the legacy rules. Scale-down is stabilised (the highest
//     recommendation of the last --horizontal-pod-autoscaler-downscale-stabilization, 5 minutes),
//     scale-up is limited to max(2 × current, 4) per evaluation, then min/max apply
//     (ScalingLimited reasons TooFewReplicas, TooManyReplicas, ScaleUpLimit, DesiredWithinRange).
//  5. With behavior (resolved with upstream's defaults, behavior.h): recommendations are
//     stabilised per direction (lowest of the scale-up window, highest of the scale-down window),
//     then rate-limited by the direction's policies over their periods, counting the replicas
//     added and removed by this HPA's recent scale events, with selectPolicy Max, Min or Disabled
//     (reasons ScaleUpLimit, ScaleDownLimit, TooManyReplicas, TooFewReplicas,
//     DesiredWithinRange).
//
// State: the recommendation history and the scale-up/scale-down events, each keyed by the time
// passed in, so the result is the same whichever cadence calls Decide (every 15 s as a cluster's
// HPA controller does, or at every poll). The first Decide records the current replica count as a
// recommendation, as upstream does when it first sees an HPA, so a fresh HPA does not scale down
// within the stabilisation window. Entries older than their window are reused in place rather than
// kept, so the history stays bounded by (window / interval between calls); Decide allocates only
// while the history grows to that size.
//
// Decide assumes the replica count it returns is written (it records the scale event then). Clock
// free: time comes in as `now`, which must not go backwards. Not thread-safe; one object per HPA.
// Condition reasons and messages are upstream's, as static strings; messages that upstream
// formats with a value carry the constant part only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "autoscaling/hpa/behavior.h"
#include "core/duration.h"
#include "core/time.h"

namespace tidepool::autoscaling::hpa {

// HPA status condition types.
inline constexpr std::string_view kAbleToScale = "AbleToScale";
inline constexpr std::string_view kScalingActive = "ScalingActive";
inline constexpr std::string_view kScalingLimited = "ScalingLimited";

struct HpaCondition {
  std::string_view type;
  bool status = false;
  std::string_view reason;
  std::string_view message;
  friend bool operator==(const HpaCondition&, const HpaCondition&) = default;
};

struct TimestampedRecommendation {
  int32_t recommendation = 0;
  Time timestamp;
  friend bool operator==(const TimestampedRecommendation&,
                         const TimestampedRecommendation&) = default;
};

struct TimestampedScaleEvent {
  int32_t replica_change = 0;  // always positive; the list says which direction
  Time timestamp;
  bool outdated = false;  // older than the direction's longest policy period; reusable
  friend bool operator==(const TimestampedScaleEvent&, const TimestampedScaleEvent&) = default;
};

// A replica count after a limit, with the ScalingLimited reason and message that explain it.
struct LimitedReplicas {
  int32_t replicas = 0;
  std::string_view reason;
  std::string_view message;
};

// The HPA spec fields the decision reads. `behavior` is resolved (ResolveBehavior); unset means
// the legacy rules.
struct HpaSpec {
  int32_t min_replicas = 1;
  int32_t max_replicas = 1;
  std::optional<Behavior> behavior;
};

// One metric's outcome from the replica calculator.
struct MetricProposal {
  int32_t replicas = 0;
  bool valid = true;
  // For an invalid metric: upstream's ScalingActive reason (FailedGetResourceMetric,
  // FailedGetExternalMetric, FailedGetPodsMetric, ...) and a message.
  std::string_view failure_reason;
  std::string_view failure_message;
};

enum class RescaleReason {
  kNone,
  kAboveMaxReplicas,       // "Current number of replicas above Spec.MaxReplicas"
  kBelowMinReplicas,       // "Current number of replicas below Spec.MinReplicas"
  kMetricAboveTarget,      // "<metric> above target" (metric_index names it)
  kAllMetricsBelowTarget,  // "All metrics below target"
};
std::string_view RescaleReasonText(RescaleReason reason);

struct Decision {
  int32_t desired_replicas = 0;  // the replica count to have; == current unless rescale
  bool rescale = false;
  RescaleReason reason = RescaleReason::kNone;
  int metric_index = -1;        // the metric that set the count, -1 if none
  int invalid_metrics = 0;      // metrics that could not be computed
  bool metrics_failed = false;  // invalid metrics stopped the evaluation (upstream's error)
  // The conditions this evaluation sets; unset ones keep their previous value.
  std::optional<HpaCondition> able_to_scale;
  std::optional<HpaCondition> scaling_active;
  std::optional<HpaCondition> scaling_limited;
};

struct HorizontalControllerOptions {
  Duration downscale_stabilization_window = kDefaultDownscaleStabilizationWindow;
  double tolerance = kDefaultTolerance;
};

// What normalisation with behaviours works on (upstream NormalizationArg).
struct NormalizationArg {
  const ScalingRules* scale_up = nullptr;
  const ScalingRules* scale_down = nullptr;
  int32_t min_replicas = 0;
  int32_t max_replicas = 0;
  int32_t current_replicas = 0;
  int32_t desired_replicas = 0;
};

class HorizontalController {
 public:
  explicit HorizontalController(HorizontalControllerOptions options = {}) : options_(options) {}

  const HorizontalControllerOptions& options() const { return options_; }

  // The tolerances the replica calculator should use for this spec.
  Tolerances TolerancesFor(const HpaSpec& spec) const {
    return hpa::TolerancesFor(spec.behavior ? &*spec.behavior : nullptr, options_.tolerance);
  }

  // One evaluation (see the file comment). `metrics` holds one proposal per metric of the HPA.
  Decision Decide(Time now, int32_t current_replicas, const HpaSpec& spec,
                  std::span<const MetricProposal> metrics);

  // The steps of Decide, public for the ported unit tests and for explaining a decision.
  // recordInitialRecommendation: the first call stores `current_replicas`; later ones do nothing.
  void RecordInitialRecommendation(Time now, int32_t current_replicas);
  // stabilizeRecommendation (legacy): the highest recommendation within the downscale window,
  // recording `prenormalized`.
  int32_t StabilizeRecommendation(Time now, int32_t prenormalized);
  // stabilizeRecommendationWithBehaviors: current clamped to [lowest recommendation of the
  // scale-up window, highest of the scale-down window], recording arg.desired_replicas.
  LimitedReplicas StabilizeRecommendationWithBehaviors(Time now, const NormalizationArg& arg);
  // convertDesiredReplicasWithBehaviorRate: the policies' rate limits and min/max.
  LimitedReplicas ConvertDesiredReplicasWithBehaviorRate(Time now,
                                                         const NormalizationArg& arg) const;
  // storeScaleEvent: records a rescale from `prev` to `next` (only with a behaviour).
  void StoreScaleEvent(Time now, const Behavior* behavior, int32_t prev, int32_t next);

  // The history, to restore it (e.g. after a restart) or inspect it. Setting recommendations
  // counts as having recorded the initial one.
  const std::vector<TimestampedRecommendation>& recommendations() const { return recommendations_; }
  const std::vector<TimestampedScaleEvent>& scale_up_events() const { return scale_up_events_; }
  const std::vector<TimestampedScaleEvent>& scale_down_events() const { return scale_down_events_; }
  void SetRecommendations(std::vector<TimestampedRecommendation> recommendations);
  void SetScaleUpEvents(std::vector<TimestampedScaleEvent> events);
  void SetScaleDownEvents(std::vector<TimestampedScaleEvent> events);

 private:
  int32_t NormalizeDesiredReplicas(Time now, int32_t current, int32_t prenormalized,
                                   const HpaSpec& spec, Decision& decision);
  int32_t NormalizeDesiredReplicasWithBehaviors(Time now, int32_t current, int32_t prenormalized,
                                                const HpaSpec& spec, Decision& decision);

  HorizontalControllerOptions options_;
  bool initialized_ = false;
  std::vector<TimestampedRecommendation> recommendations_;
  std::vector<TimestampedScaleEvent> scale_up_events_;
  std::vector<TimestampedScaleEvent> scale_down_events_;
};

// convertDesiredReplicasWithRules (legacy): min/max and the max(2 × current, 4) scale-up limit.
LimitedReplicas ConvertDesiredReplicasWithRules(int32_t current_replicas, int32_t desired_replicas,
                                                int32_t min_replicas, int32_t max_replicas);
// calculateScaleUpLimit: max(2 × current, 4).
int32_t CalculateScaleUpLimit(int32_t current_replicas);

// The replicas changed by the events within the last `period_seconds` (strictly after
// now - period).
int32_t GetReplicasChangePerPeriod(Time now, int32_t period_seconds,
                                   std::span<const TimestampedScaleEvent> events);
// The most replicas the scale-up rules allow now: per policy, the count at the start of its period
// (current - added + removed within it) plus the policy's pods or percent (rounded up); the Max or
// Min of those; current when selectPolicy is Disabled.
int32_t CalculateScaleUpLimitWithScalingRules(Time now, int32_t current_replicas,
                                              std::span<const TimestampedScaleEvent> scale_up,
                                              std::span<const TimestampedScaleEvent> scale_down,
                                              const ScalingRules& rules);
// The fewest replicas the scale-down rules allow now (percent rounded down); Max picks the lowest
// count, Min the highest; current when Disabled.
int32_t CalculateScaleDownLimitWithBehaviors(Time now, int32_t current_replicas,
                                             std::span<const TimestampedScaleEvent> scale_up,
                                             std::span<const TimestampedScaleEvent> scale_down,
                                             const ScalingRules& rules);
// markScaleEventsOutdated / getLongestPolicyPeriod.
void MarkScaleEventsOutdated(Time now, std::span<TimestampedScaleEvent> events,
                             int32_t longest_policy_period_seconds);
int32_t LongestPolicyPeriod(const ScalingRules& rules);

}  // namespace tidepool::autoscaling::hpa
