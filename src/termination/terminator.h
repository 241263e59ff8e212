// The node-side half of termination (kubernetes-sigs/karpenter
// pkg/controllers/node/termination/terminator/terminator.go): taint a node
// karpenter.sh/disrupted:NoSchedule (and label it out of external load balancers), and drain it
// through the EvictionQueue in upstream's order, the order of Kubernetes' graceful node
// shutdown:
//   1. non-critical pods that no DaemonSet owns,  2. non-critical DaemonSet pods,
//   3. critical (system-cluster-critical / system-node-critical) non-DaemonSet pods,
//   4. critical DaemonSet pods;
// a group is queued only once every earlier group is gone. Pods due for force deletion
// (NeedsForceDelete) are queued at once whatever their group, so a budget on an early pod never
// holds up a late pod past the node's deadline.
//
// Drain waits for every pod that is not terminal and is drainable (disruption::IsDrainable: not
// tolerating the disrupted taint, not static, not stuck terminating for over a minute); pods
// with an active do-not-disrupt annotation are waited for (the queue does not evict them).
//
// Ownership: borrows everything it is given. Not thread-safe.
#pragma once

#include <cstddef>
#include <optional>

#include "api/k8s/node.h"
#include "cluster/cluster_state.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"
#include "termination/eviction_queue.h"

namespace tidepool::termination {

// The value of the node.kubernetes.io/exclude-from-external-load-balancers label while draining.
inline constexpr std::string_view kExcludeFromLoadBalancersValue = "karpenter";

// Adds karpenter.sh/disrupted:NoSchedule (replacing a disrupted taint with another effect) and
// the load-balancer exclusion label to `node`. Returns whether it changed anything.
bool ApplyDisruptedTaint(api::Node& node);

class Terminator {
 public:
  Terminator(const cluster::ClusterState& state, cluster::NodeWriter& writer, EvictionQueue& queue,
             const Clock& clock)
      : state_(state), writer_(writer), queue_(queue), clock_(clock) {}

  // Taints and labels the stored node `node_name` (one UpdateNode when something changes).
  [[nodiscard]] Status Taint(std::string_view node_name);

  // Queues the next group of the node's pods for removal. Returns how many pods still wait to
  // leave the node (0: drained).
  size_t Drain(std::string_view node_name, std::optional<Time> node_deadline);

 private:
  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  EvictionQueue& queue_;
  const Clock& clock_;
};

}  // namespace tidepool::termination
