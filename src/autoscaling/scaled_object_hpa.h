// The HPA half of a ScaledObject, in process: what KEDA would write into the HPA it creates
// (controllers/keda/hpa.go: minReplicas max(min, 1), maxReplicas, behavior with selectPolicy
// Disabled injected for paused-scale-in/out, one metric per trigger or one composite metric) and
// one evaluation of it with the HPA maths of autoscaling/hpa: per metric a replica proposal from
// the replica calculator (External AverageValue and Value from the triggers' values; Resource
// cpu/memory from pod metrics in cluster state), then HorizontalController::Decide.
//
// Timing modes (chosen per controller):
//   kUpstream   the HPA runs on its own 15 s timer, as the cluster's HPA controller does, with the
//               legacy rules when behavior is unset (scale-up at most max(2 × current, 4) per
//               sync).
//   kImmediate  the HPA runs at every poll, right after KEDA's activation step; with behavior
//               unset, scale-up is not rate-limited (the poll interval already paces it), and
//               scale-down keeps the 5-minute stabilisation. tidepool's default.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/keda/scaled_object.h"
#include "autoscaling/hpa/horizontal.h"
#include "autoscaling/hpa/replica_calculator.h"
#include "cluster/cluster_state.h"
#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::autoscaling {

enum class HpaTiming { kUpstream, kImmediate };

// "upstream" or "immediate"; anything else is an error naming the valid values.
[[nodiscard]] Result<HpaTiming> ParseHpaTiming(std::string_view text);
std::string_view HpaTimingName(HpaTiming timing);

// The HpaSpec KEDA would give the HPA, with behavior resolved (and, in immediate mode without a
// behavior, the unlimited scale-up described above). Errors are the behavior's (an unknown policy
// type or selectPolicy), worded for the ScaledObject's Ready condition.
[[nodiscard]] Result<hpa::HpaSpec> HpaSpecFor(const api::keda::ScaledObject& so, HpaTiming timing,
                                              Duration downscale_stabilization);

// One metric as the HPA sees it at an evaluation.
struct HpaMetric {
  const scalers::MetricSpec* spec = nullptr;  // External or Resource
  bool valid = false;                         // External: a value (or fallback substitute) was read
  int64_t value_milli = 0;  // External: the sum of the metric's values, milli-units
};

struct HpaEvaluation {
  hpa::Decision decision;
  int32_t current_replicas = 0;
  // "s0-queueLength (250 / target 5 per pod)": which metric set the count and its values.
  std::string explanation;
};

// Computes each metric's proposal and asks `controller` to decide; does not write the scale.
// `scale` is the target's /scale.
HpaEvaluation EvaluateHpa(Time now, const cluster::ClusterState& state,
                          const api::keda::ScaledObject& so, const cluster::Scale& scale,
                          const hpa::HpaSpec& spec, std::span<const HpaMetric> metrics,
                          const hpa::ReplicaCalculator& calculator,
                          hpa::HorizontalController& controller);

}  // namespace tidepool::autoscaling
