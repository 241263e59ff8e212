// The disruption controller (kubernetes-sigs/karpenter pkg/controllers/disruption/controller.go):
// each pass tries the disruption methods in order and acts on the first that proposes something.
//
// Reconcile(), one pass:
//   0. while a command waits for validation, nothing else runs (upstream blocks its loop for the
//      wait; here the wait is a timer on the clock);
//   1. crash recovery: nodes outside the orchestration queue and not being deleted lose the
//      karpenter.sh/disrupted taint and their claim's DisruptionReason condition;
//   2. one Pass (candidates.h) for the whole pass: NodePools and instance types, PDB limits,
//      nominations;
//   3. for each method in order: skip it when it is a consolidation method (Empty or
//      Underutilized) whose last run was a no-op and the cluster's node layer has not changed
//      since (upstream IsConsolidated; re-armed after `consolidation_rearm`, 5 min); candidates
//      (GetCandidates with the method's class, filtered by ShouldDisrupt), budgets for its
//      reason, a ClusterSimulator (a consolidation simulation for Underutilized), then
//      ComputeCommands. The first method with a command ends the pass: Drift's commands start
//      at once; Emptiness and consolidation commands are validated after validation_delay
//      (validation.h) on a timer, then started (when none survives, the pass goes on with the
//      next method, as upstream's in-method validation lets it). Returns zero (run again now)
//      after acting, otherwise the polling period (10 s).
// Start() runs passes on the clock and starts the queue's own loop.
//
// Methods: the constructor takes a factory so methods can share the controller's
// DisruptionEvents and options; DefaultMethods gives upstream's order (Emptiness, Drift,
// multi-node and single-node consolidation), CoreMethods only the first two. Consolidation
// methods are handed the pass's NodePool totals for the Balanced policy before each run.
//
// Decisions: every command started, every validation failure and every queue outcome is a line
// in decision_log(), with the clock's time.
//
// Not thread-safe: runs on the clock's dispatching thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "cloud/cloud_provider.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "disruption/candidates.h"
#include "disruption/cluster_simulator.h"
#include "disruption/disruption_events.h"
#include "disruption/orchestration_queue.h"
#include "disruption/types.h"

namespace tidepool::disruption {

struct ControllerOptions {
  Options disruption;
  SimulatorOptions simulator;
  QueueOptions queue;
  // Upstream Cluster.ConsolidationState forcibly changes at least this often, so a no-op is
  // re-evaluated even when nothing visible changed (e.g. offering availability).
  Duration consolidation_rearm = Duration::Minutes(5);
  size_t decision_log_capacity = 1000;
};

using MethodFactory =
    std::function<std::vector<std::unique_ptr<Method>>(DisruptionEvents&, const Options&)>;

// Emptiness, then Drift.
std::vector<std::unique_ptr<Method>> CoreMethods(DisruptionEvents& events, const Options& options);
// Upstream NewMethods' order: Emptiness, Drift, multi-node and single-node consolidation (the
// consolidation methods keep a reference to `options`: pass the controller's).
std::vector<std::unique_ptr<Method>> DefaultMethods(DisruptionEvents& events,
                                                    const Options& options);

class Controller {
 public:
  Controller(const cluster::ClusterState& state, cluster::NodeWriter& writer,
             cluster::ClusterWriter& events, cloud::CloudProvider& cloud, Clock& clock,
             ControllerOptions options = {}, const MethodFactory& methods = DefaultMethods);
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // One pass (see above). Returns when to run again.
  Duration Reconcile();
  // Runs the validation now if one is pending (tests that do not advance the clock).
  void RunPendingValidation();
  void Start();

  bool validation_pending() const { return pending_.has_value(); }
  OrchestrationQueue& queue() { return queue_; }
  const OrchestrationQueue& queue() const { return queue_; }
  const DecisionLog& decision_log() const { return log_; }
  DisruptionEvents& events() { return events_; }
  const std::vector<std::unique_ptr<Method>>& methods() const { return methods_; }
  const ControllerOptions& options() const { return options_; }

 private:
  enum class Outcome { kNothing, kStarted, kValidating };
  struct PendingValidation {
    size_t method = 0;
    std::vector<Command> commands;
    TimerId timer = 0;
  };
  struct NoOp {
    uint64_t version = 0;
    Time at;
  };

  void CleanupStaleMarks();
  // Runs method `index` of the pass; `simulator` is the pass's snapshot for its kind of
  // simulation.
  Outcome Disrupt(const Pass& pass, size_t index, Simulator& simulator);
  bool IsConsolidated(size_t index, Time now) const;
  // Starts the commands; returns how many started.
  size_t StartCommands(std::vector<Command>& commands);
  // The validation timer: validates and starts the pending commands; when none starts, the
  // pass continues with the next method.
  void ValidateAndStart();
  size_t ValidateAndStartCommands(size_t index, std::vector<Command>& commands);
  // Methods from `first` on, against a fresh Pass.
  Duration RunPass(size_t first);
  void ScheduleTick(Duration delay);

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cloud::CloudProvider& cloud_;
  Clock& clock_;
  const ControllerOptions options_;
  DecisionLog log_;
  DisruptionEvents events_;
  OrchestrationQueue queue_;
  std::vector<std::unique_ptr<Method>> methods_;
  std::optional<PendingValidation> pending_;
  std::map<size_t, NoOp> no_ops_;
  std::optional<TimerId> tick_;
  bool running_ = false;
};

}  // namespace tidepool::disruption
