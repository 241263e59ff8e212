// The ScaledObject scale decision (kedacore/keda pkg/scaling/executor/scale_scaledobjects.go
// RequestScale): given whether the triggers are active and whether any errored, bring the target
// from zero or idle to minReplicaCount (or 1), back to idle or zero once the cooldown has passed,
// or up to minReplicaCount when it is below; everything between 1 and max belongs to the HPA.
//
// The decision table, with cur = the target's replicas, min = minReplicaCount (0), idle =
// idleReplicaCount:
//   paused (paused / paused-replicas annotation)  -> Paused=True, nothing else
//   active or force-activation:
//     (idle set and cur < min) or cur == 0        -> scale to max(min, 1) unless paused-scale-out;
//                                                    KEDAScaleTargetActivated; lastActiveTime=now
//     any trigger errored                         -> Ready=Unknown PartialTriggerError
//     otherwise                                   -> lastActiveTime=now
//   inactive:
//     error and fallback.replicas != 0            -> nothing (the HPA applies the fallback)
//     error and no fallback                       -> Ready=False TriggerError
//     (idle set and cur > idle) or (cur > 0 and min == 0)
//                                                 -> unless paused-scale-in: to idle (or min) once
//                                                    lastActiveTime + cooldownPeriod < now (or,
//                                                    never active, creation + initialCooldownPeriod
//                                                    < now), else Active=False ScalerCooldown
//     idle unset and cur < min                    -> scale to min
// Comparisons with now are strict, as upstream's time.Before.
//
// The executor writes conditions into the status it is given and acts through ClusterWriter;
// events name the target as status.scaleTargetKind does ("apps/v1.Deployment ns/name").
// Not thread-safe; holds references to its collaborators, which must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "api/keda/scaled_object.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "core/clock.h"

namespace tidepool::autoscaling {

struct ScaleRequest {
  bool is_active = false;
  bool is_error = false;
  // Metric names of the active triggers, for the activation event ("triggered by a;b").
  std::span<const std::string> active_triggers;
  // Parsed status.lastActiveTime and metadata.creationTimestamp.
  std::optional<Time> last_active_time;
  Time creation_time;
};

struct ScaleOutcome {
  bool replicas_known = false;          // false when the target's replicas could not be read
  int32_t current_replicas = 0;         // before any change
  std::optional<int32_t> new_replicas;  // set when the executor scaled the target
  // The target's selector (owned by the workload in cluster state), for the HPA that follows.
  const api::LabelSelector* selector = nullptr;
  std::optional<Time> last_active_time;  // set when the object counts as active now
};

class ScaleExecutor {
 public:
  ScaleExecutor(const Clock& clock, const cluster::ClusterState& state,
                cluster::ClusterWriter& writer)
      : clock_(clock), state_(state), writer_(writer) {}

  // Decides and acts for one poll. Conditions are set in `status` (upstream's ScaleResult is
  // applied to the status the same way).
  ScaleOutcome RequestScale(const api::keda::ScaledObject& so, const ScaleRequest& request,
                            api::keda::ScaledObjectStatus& status);

 private:
  void ScaleFromZeroOrIdle(const api::keda::ScaledObject& so, const ScaleRequest& request,
                           ScaleOutcome& outcome);
  void ScaleToZeroOrIdle(const api::keda::ScaledObject& so, const ScaleRequest& request,
                         api::keda::ScaledObjectStatus& status, ScaleOutcome& outcome);
  // Sets the target's replicas; the previous count, or the error.
  Result<int32_t> UpdateScale(const api::keda::ScaledObject& so, int32_t replicas);

  const Clock& clock_;
  const cluster::ClusterState& state_;
  cluster::ClusterWriter& writer_;
};

// The target of a ScaledObject as the cluster writer takes it (KEDA's defaults applied).
cluster::WorkloadRef TargetOf(const api::keda::ScaledObject& so);
// "ScaledObject" reference for events.
cluster::ObjectReference ReferenceOf(const api::keda::ScaledObject& so);

}  // namespace tidepool::autoscaling
