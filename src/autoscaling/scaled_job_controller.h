// The ScaledJob controller (kedacore/keda controllers/keda/scaledjob_controller.go, the ScaledJob
// half of pkg/scaling/scale_handler.go and pkg/scaling/executor/scale_jobs.go): one scale loop per
// ScaledJob on the clock at pollingInterval. Each poll queries every trigger, combines them
// (scaled_job_metrics.h), counts running and pending Jobs, creates the Jobs the strategy asks for
// while active, deletes finished Jobs beyond the history limits, and writes conditions and events.
//
// Reconcile is level-based: it reads the stored ScaledJob and makes the loop match it (start,
// restart with fresh scalers when metadata.generation changes, stop when paused or deleted),
// applies the rollout strategy (default: delete Jobs of older generations; gradual: leave them),
// and sets Ready with upstream's reasons; an invalid ScaledJob gets Ready=False and a Warning
// event while the others keep running.
//
// Ownership: holds references to the clock, state, writer and builder (which outlive it) and owns
// the scalers it builds. Destruction cancels its timers. Single-threaded (the clock's thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/keda/scaled_job.h"
#include "autoscaling/scaler_builder.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "core/clock.h"

namespace tidepool::autoscaling {

// Counts of a ScaledJob's Jobs as the executor sees them.
struct JobCounts {
  int64_t running = 0;  // not finished
  int64_t pending = 0;  // not finished and no pod running (or pendingPodConditions unmet)
};
JobCounts CountJobs(const cluster::ClusterState& state, const api::keda::ScaledJob& sj);

// The Jobs KEDA creates for a ScaledJob (generateJobs): generateName "<sj>-", KEDA's labels plus
// the ScaledJob's (minus scaledjob.keda.sh/job-excluded-labels), the generation annotation plus
// the ScaledJob's annotations, jobTargetRef with restartPolicy OnFailure when unset, owned by the
// ScaledJob.
api::Job GenerateJob(const api::keda::ScaledJob& sj);

class ScaledJobController {
 public:
  ScaledJobController(Clock& clock, cluster::ClusterState& state, cluster::ClusterWriter& writer,
                      ScalerBuilder& builder);
  ~ScaledJobController();
  ScaledJobController(const ScaledJobController&) = delete;
  ScaledJobController& operator=(const ScaledJobController&) = delete;

  void Reconcile(std::string_view ns, std::string_view name);
  // Reconciles every stored ScaledJob and stops loops of deleted ones.
  void ReconcileAll();
  // One poll of the loop now (also what the timer runs). No-op without a loop.
  void Poll(std::string_view ns, std::string_view name);

  size_t loop_count() const { return loops_.size(); }

 private:
  struct Loop;
  void StopLoop(std::string_view ns, std::string_view name);
  void Schedule(Loop& loop, Duration delay);
  // Deletes Jobs of older generations unless the rollout is gradual. Returns false on error.
  bool DeletePreviousVersionJobs(const api::keda::ScaledJob& sj, std::string& message);
  void CleanUpHistory(const api::keda::ScaledJob& sj);
  void WriteStatus(const api::keda::ScaledJob& sj, const api::keda::ScaledJobStatus& status);

  Clock& clock_;
  cluster::ClusterState& state_;
  cluster::ClusterWriter& writer_;
  ScalerBuilder& builder_;
  std::map<cluster::ObjectKey, std::unique_ptr<Loop>, cluster::ObjectKeyLess> loops_;
};

}  // namespace tidepool::autoscaling
