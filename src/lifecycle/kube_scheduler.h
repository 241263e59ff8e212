// The simulated world's kube-scheduler: binds pending pods to nodes that can run them, and marks
// the rest PodScheduled=False with reason Unschedulable, which is what makes them provisionable
// for Karpenter (scheduling::IsProvisionable).
//
// A pass (Reconcile):
//   - Pending pods: unbound, not terminal or terminating, not a DaemonSet's or a static pod (the
//     simulated DaemonSet controller places those), and scheduled by the default scheduler.
//   - Candidate nodes: Ready, not cordoned (spec.unschedulable), not deleting. Their taints apply
//     as written (startup and ephemeral taints included: kube-scheduler does not know about
//     initialization), as do resources, node selectors and affinity, pod affinity and topology
//     spread, through scheduling::Scheduler over the existing nodes only (no NodePools).
//   - A pod nominated to a node (status.nominatedNodeName, which the provisioner sets, naming a
//     Node or the NodeClaim behind it) is first tried on that node alone; nominated pods go before
//     the others, so the capacity promised to them is not taken by newcomers. Pods with topology
//     spread or pod (anti-)affinity skip this step: only the full solve judges them.
//   - Placement is the shared solver's first fit (initialized nodes, then by name), not
//     kube-scheduler's scoring (which spreads by least allocation).
//   - Placed pods are bound (NodeWriter::BindPod); every other pending pod gets
//     PodScheduled=False/Unschedulable with "0/<n> nodes are available: <why>." and a Warning
//     FailedScheduling event when that message changes (unschedulable_reasons.h).
//   - A pass is skipped while nothing was written since the last one (see `resync`).
//
// It is part of the simulated world, not a controller Karpenter runs, so it writes pod status
// directly into the ClusterState (as the simulated kubelet does). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "cluster/cluster_state.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::lifecycle {

struct KubeSchedulerOptions {
  Duration interval = Duration::Seconds(1);  // how often Start() runs a pass
  // A pass is skipped while no Pod, Node or NodeClaim has been written since the last one
  // (ClusterState::NodeLayerVersion), except once per `resync` (kube-scheduler retries
  // unschedulable pods on cluster events, and periodically).
  Duration resync = Duration::Seconds(10);
};

struct KubeSchedulerResult {
  size_t bound = 0;
  size_t unschedulable = 0;
};

class KubeScheduler {
 public:
  KubeScheduler(cluster::ClusterState& world, Clock& clock, KubeSchedulerOptions options = {});

  // One scheduling pass. Errors are internal (a topology that cannot compile).
  [[nodiscard]] Result<KubeSchedulerResult> Reconcile();
  // Runs Reconcile every `interval` on the clock.
  void Start();

 private:
  void MarkUnschedulable(const api::Pod& pod, const std::string& message);
  void Run();

  cluster::ClusterState& world_;
  Clock& clock_;
  const KubeSchedulerOptions options_;
  bool has_run_ = false;
  uint64_t last_version_ = 0;
  Time last_pass_;
};

}  // namespace tidepool::lifecycle
