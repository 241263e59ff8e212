// The world's workload controllers, simulated (not a Karpenter controller): keeps the pods of
// every Deployment, ReplicaSet and StatefulSet at spec.replicas, so that a KEDA scale decision
// turns into pending pods for the provisioner, a scale-in removes pods (and empties nodes for
// consolidation), and a pod evicted by a drain is replaced by a new pending pod.
//
// Model: a workload's pods carry an ownerReference to it (controller=true); a Deployment owns its
// pods directly (no ReplicaSet in between). Pods are created from spec.template (labels,
// annotations, spec) in phase Pending with a deterministic uid; Deployment and ReplicaSet pods are
// named "<workload>-<suffix>", StatefulSet pods "<workload>-<ordinal>" using the lowest free
// ordinal. Terminal and terminating pods do not count as replicas.
//
// Scale-in picks pods to delete as the ReplicaSet controller ranks them (kubernetes
// pkg/controller/controller_utils.go ActivePodsWithRanks): unassigned before assigned, Pending
// before Running, not Ready before Ready, lower controller.kubernetes.io/pod-deletion-cost first,
// pods on nodes with more replicas of the same workload first, newer before older. A StatefulSet
// removes its highest ordinals.
//
// Not thread-safe; runs on the clock's dispatching thread.
#pragma once

#include <cstdint>

#include "cluster/cluster_state.h"
#include "core/clock.h"
#include "core/duration.h"

namespace tidepool::lifecycle {

struct WorkloadControllerOptions {
  Duration period = Duration::Seconds(1);
};

class WorkloadController {
 public:
  WorkloadController(cluster::ClusterState& state, Clock& clock,
                     WorkloadControllerOptions options = {});

  struct Changes {
    int created = 0;
    int deleted = 0;
  };
  // One pass over every workload.
  Changes Reconcile();
  // Runs Reconcile every period on the clock.
  void Start();

 private:
  template <class W>
  void ReconcileKind(std::string_view kind, bool ordinal_names, Changes& changes);

  cluster::ClusterState& state_;
  Clock& clock_;
  WorkloadControllerOptions options_;
  uint64_t next_uid_ = 0;
  uint64_t next_suffix_ = 0;
};

}  // namespace tidepool::lifecycle
