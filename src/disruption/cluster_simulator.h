// The disruption pass's scheduling simulation (kubernetes-sigs/karpenter
// pkg/controllers/disruption/helpers.go SimulateScheduling): where would the candidates' pods
// go if the candidates were gone?
//
// Built once per method per pass from a Pass (candidates.h): the scheduler input (NodePools not
// deleting and not static, with the pass's instance types; every Node with its claim and
// non-terminal pods, then every in-flight NodeClaim; DaemonSets; RuntimeClasses), the pending
// pods and the pods of nodes being deleted. One scheduling::Scheduler is kept and every
// Simulate(candidates) call solves it with the candidates' nodes excluded, so the per-pass work
// (instance-type filtering, daemon overhead, node templates) is not redone per candidate.
//
// A node counts as being deleted (marked_for_deletion: not a destination, its reschedulable pods
// are simulated too) when it or its claim is deleting, carries the karpenter.sh/disrupted taint,
// or is in the orchestration queue. With `consolidation_simulation` (upstream
// IsConsolidationSimulation) nodes still inside their pool's consolidateAfter are not
// destinations for moved pods.
//
// A result fails (all_non_pending_scheduled false, `failure` says why) when a pod that is bound
// to a node cannot be placed, or lands on an uninitialized node (unless it came from a deleting
// node); such pods are added to results.pod_errors as upstream does. A candidate that is itself
// deleting fails with "candidate is deleting".
//
// Borrowed: the pass (and through it the ClusterState) must outlive the simulator. Not
// thread-safe.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "disruption/candidates.h"
#include "disruption/types.h"
#include "scheduling/scheduler.h"

namespace tidepool::disruption {

struct SimulatorOptions {
  // Pending pods must carry PodScheduled=False/Unschedulable (kube-scheduler gave up on them), as
  // Karpenter's IsProvisionable requires; a simulation without kube-scheduler turns it off.
  bool require_unschedulable_condition = true;
  scheduling::SchedulerOptions scheduler;
};

// The scheduler's view of the cluster for one pass: lifecycle's SchedulerInputFromCluster (the
// provisioner's view) with the pass's NodePools and instance types, the queue's nodes marked for
// deletion, PDB-aware deleting-node pods (PdbLimits::IsCurrentlyReschedulable) and, for a
// consolidation simulation, under_consolidate_after.
struct ClusterSnapshot {
  scheduling::SchedulerInput input;
  std::vector<const api::Pod*> pending_pods;
  std::vector<const api::Pod*> deleting_node_pods;
};
ClusterSnapshot BuildClusterSnapshot(const Pass& pass, const DisruptingNodes* queue,
                                     bool consolidation_simulation,
                                     const SimulatorOptions& options);

class ClusterSimulator : public Simulator {
 public:
  ClusterSimulator(const Pass& pass, const DisruptingNodes* queue, bool consolidation_simulation,
                   SimulatorOptions options = {});
  ~ClusterSimulator() override;

  [[nodiscard]] Result<SimulationResult> Simulate(
      std::span<const Candidate* const> candidates) override;

  // Simulations run so far (for tests and benchmarks).
  size_t simulations() const { return simulations_; }
  // The scheduler's input (the snapshot's, moved into the scheduler) and the pods every
  // simulation places besides the candidates'.
  const scheduling::SchedulerInput& input() const { return scheduler_->input(); }
  const std::vector<const api::Pod*>& pending_pods() const { return snapshot_.pending_pods; }
  const std::vector<const api::Pod*>& deleting_node_pods() const {
    return snapshot_.deleting_node_pods;
  }

 private:
  const Pass& pass_;
  ClusterSnapshot snapshot_;
  std::unique_ptr<scheduling::Scheduler> scheduler_;
  std::map<std::string, size_t, std::less<>> index_by_name_;  // existing_nodes index
  std::unordered_set<const api::Pod*> deleting_pods_;
  std::vector<bool> excluded_;  // reused across calls
  std::vector<const api::Pod*> pods_;
  size_t simulations_ = 0;
};

}  // namespace tidepool::disruption
