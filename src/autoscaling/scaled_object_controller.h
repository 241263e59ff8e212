// The ScaledObject controller (kedacore/keda controllers/keda/scaledobject_controller.go and the
// ScaledObject half of pkg/scaling/scale_handler.go), with the HPA KEDA would create run in
// process. One scale loop per ScaledObject on the clock at pollingInterval; each poll:
//   1. queries every trigger (scalers are built on the first poll and rebuilt after any error,
//      as KEDA clears its scalers cache), applying fallback per metric (fallback.h);
//   2. decides activity: an OR over triggers (each trigger compares its value with its
//      activation threshold strictly), or, with scalingModifiers, composite > activationTarget;
//      objects with only cpu/memory triggers are always active;
//   3. runs KEDA's RequestScale decision (scale_executor.h) for 0 <-> 1/min, idle and cooldown;
//   4. in HpaTiming::kImmediate evaluates the HPA at once (scaled_object_hpa.h); in kUpstream the
//      HPA runs on its own 15 s timer, querying the triggers again (or reusing this poll's values
//      for triggers with useCachedMetrics);
//   5. writes the status (conditions, health, lastActiveTime, triggersActivity) when it changed.
// Events are upstream's (KEDAScaleTargetActivated/Deactivated, KEDAScalerFailed, fallback and
// pause events, ScaledObjectCheckFailed ...) plus SuccessfulRescale for HPA decisions, each
// naming the metric and values behind it.
//
// Reconcile is level-based: it checks the object (target exists and has /scale, replica bounds,
// triggers, formula, HPA behavior) and sets Ready with upstream's reasons; starts, restarts (new
// metadata.generation: fresh scalers) or stops (paused, invalid, deleted) the loop; applies
// paused-replicas. An invalid ScaledObject gets Ready=False and a Warning event; the others keep
// scaling.
//
// Ownership: references to clock, state, writer and builder outlive the controller; it owns the
// scalers and HPA state. Destruction cancels its timers. Single-threaded (the clock's thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "autoscaling/hpa/behavior.h"
#include "autoscaling/hpa/replica_calculator.h"
#include "autoscaling/scale_executor.h"
#include "autoscaling/scaled_object_hpa.h"
#include "autoscaling/scaler_builder.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "core/clock.h"

namespace tidepool::autoscaling {

struct ScaledObjectControllerOptions {
  HpaTiming hpa_timing = HpaTiming::kImmediate;
  // --horizontal-pod-autoscaler-sync-period (kUpstream).
  Duration hpa_sync_period = hpa::kDefaultSyncPeriod;
  // --horizontal-pod-autoscaler-downscale-stabilization.
  Duration downscale_stabilization = hpa::kDefaultDownscaleStabilizationWindow;
  double tolerance = hpa::kDefaultTolerance;
  hpa::ReplicaCalculatorOptions calculator;
};

class ScaledObjectController {
 public:
  ScaledObjectController(Clock& clock, cluster::ClusterState& state, cluster::ClusterWriter& writer,
                         ScalerBuilder& builder, ScaledObjectControllerOptions options = {});
  ~ScaledObjectController();
  ScaledObjectController(const ScaledObjectController&) = delete;
  ScaledObjectController& operator=(const ScaledObjectController&) = delete;

  void Reconcile(std::string_view ns, std::string_view name);
  // Reconciles every stored ScaledObject and stops the loops of deleted ones.
  void ReconcileAll();
  // One poll now (what the poll timer runs). No-op without a loop.
  void Poll(std::string_view ns, std::string_view name);
  // One HPA sync now (what the kUpstream HPA timer runs). No-op without a loop.
  void SyncHpa(std::string_view ns, std::string_view name);

  size_t loop_count() const { return loops_.size(); }
  const ScaledObjectControllerOptions& options() const { return options_; }

 private:
  struct Loop;
  struct TriggerSlot;
  struct Checked;
  void Pause(const api::keda::ScaledObject& so, api::keda::ScaledObjectStatus& status);
  void UpdatePausedDirections(const api::keda::ScaledObject& so,
                              api::keda::ScaledObjectStatus& status);
  // The first reason the object cannot be scaled ("<what>: <why>"), or empty.
  std::string Check(const api::keda::ScaledObject& so, api::keda::ScaledObjectStatus& status,
                    Checked& checked);
  void StartLoop(const api::keda::ScaledObject& so, Checked checked);
  void WriteReconciledStatus(const api::keda::ScaledObject& so,
                             const api::keda::ScaledObjectStatus& status);
  void StopLoop(std::string_view ns, std::string_view name);
  // The loop's ScaledObject, re-read only when the store changed since the last read; null when
  // it is gone.
  const api::keda::ScaledObject* ObjectOf(Loop& loop);
  // Poll / SyncHpa on a loop. PollLoop returns false when it stopped (and freed) the loop.
  bool PollLoop(Loop& loop);
  void SyncHpaLoop(Loop& loop);
  void SchedulePoll(Loop& loop, Duration delay);
  void ScheduleHpa(Loop& loop, Duration delay);
  void BuildScalers(Loop& loop, const api::keda::ScaledObject& so, bool& is_error);
  void CloseScalers(Loop& loop);
  // Reads one external metric through fallback into loop.metrics; returns whether it is active.
  bool ReadMetric(Loop& loop, const api::keda::ScaledObject& so, TriggerSlot& slot,
                  size_t spec_index, bool& is_error, bool& fallback_active);
  // Collects the HPA's metrics for a poll or an HPA sync; returns activity.
  bool CollectMetrics(Loop& loop, const api::keda::ScaledObject& so, bool hpa_sync, bool& is_error,
                      bool& fallback_active);
  // Evaluates the HPA on the target's current /scale and applies its decision.
  void UpdateMetricStatus(Loop& loop);
  void RunHpa(Loop& loop, const api::keda::ScaledObject& so, const cluster::Scale& scale);
  void WriteStatus(Loop& loop, const api::keda::ScaledObject& so);

  Clock& clock_;
  cluster::ClusterState& state_;
  cluster::ClusterWriter& writer_;
  ScalerBuilder& builder_;
  const ScaledObjectControllerOptions options_;
  ScaleExecutor executor_;
  hpa::ReplicaCalculator calculator_;
  std::map<cluster::ObjectKey, std::unique_ptr<Loop>, cluster::ObjectKeyLess> loops_;
};

}  // namespace tidepool::autoscaling
