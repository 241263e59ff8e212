// The cluster as Karpenter's scheduling simulation sees it (kubernetes-sigs/karpenter
// pkg/controllers/provisioning/provisioner.go NewScheduler and Schedule, state.Cluster's nodes):
// one SchedulerInput built from the ClusterState and the CloudProvider, plus the pods the
// simulation should place. Shared by the provisioner and the disruption simulator, so both see
// the same nodes, in-flight claims and pods.
//
//   node_pools      NodePools not deleting and not static (spec.replicas), each with
//                   CloudProvider::GetInstanceTypes; a pool whose lookup fails or returns nothing
//                   is skipped and reported in `skipped_node_pools`.
//   existing_nodes  every Node (store order) with its NodeClaim and its non-terminal pods, then
//                   every NodeClaim not yet registered as a Node (named by neither a Node's
//                   NodeClaim nor, through status.nodeName, an existing Node: an in-flight node,
//                   never initialized). A node or claim that is deleting, or a node tainted
//                   karpenter.sh/disrupted (a disruption command owns it), is marked_for_deletion.
//                   Pending pods nominated to a node or in-flight claim (status.nominatedNodeName,
//                   set by the provisioner) count on it, as if bound: the capacity is promised.
//   daemon_sets, runtime_classes  every one in the state.
//
//   pending_pods        Karpenter's IsProvisionable pods, plus pending pods whose nomination is
//                       stale (the node or claim is gone or being deleted), in store order.
//   deleting_node_pods  the reschedulable pods (active, not DaemonSet or static; or as
//                       options.currently_reschedulable says) of nodes marked for deletion
//                       (upstream Deleting().CurrentlyReschedulablePods).
//
// Pointers in the result point into `state` (and the instance types into the provider's
// catalogue) and stay valid until the state changes. Not thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/k8s/pod.h"
#include "cloud/cloud_provider.h"
#include "cluster/cluster_state.h"
#include "scheduling/scheduler.h"

namespace tidepool::lifecycle {

struct ClusterInputOptions {
  // Karpenter only provisions for pods kube-scheduler marked Unschedulable; a simulation without
  // a kube-scheduler turns the check off.
  bool require_unschedulable_condition = true;
  // Nodes the caller also counts as marked for deletion (the disruption queue's, before their
  // taint is seen); unset: none. Called once per Node.
  std::function<bool(const api::Node&)> also_marked_for_deletion;
  // Which pods of a node marked for deletion need a new place (upstream
  // IsCurrentlyReschedulable, with PDBs and do-not-disrupt); unset: not terminal or
  // terminating, not a DaemonSet's or a static pod.
  // Called only for bound pods of deleting Nodes.
  std::function<bool(const api::Pod&)> currently_reschedulable;
};

struct ClusterSchedulingInput {
  scheduling::SchedulerInput input;
  std::vector<const api::Pod*> pending_pods;
  std::vector<const api::Pod*> deleting_node_pods;
  // Pending pods counted on the node they are nominated to (not in pending_pods).
  std::vector<const api::Pod*> nominated_pods;
  // NodePools left out (pool name, why), other than deleting and static ones.
  std::vector<std::pair<std::string, std::string>> skipped_node_pools;
};

[[nodiscard]] ClusterSchedulingInput SchedulerInputFromCluster(
    const cluster::ClusterState& state, cloud::CloudProvider& cloud,
    const ClusterInputOptions& options = {});
// The same with NodePools the caller has already resolved (the disruption pass lists instance
// types once per pass): input.node_pools = `node_pools` as given, skipped_node_pools empty.
[[nodiscard]] ClusterSchedulingInput SchedulerInputFromCluster(
    const cluster::ClusterState& state, std::vector<scheduling::NodePoolInput> node_pools,
    const ClusterInputOptions& options = {});

// Whether a node counts as initialized for scheduling (upstream StateNode.Initialized): an
// unmanaged node (no NodeClaim, no karpenter.sh/nodepool label) always; a managed one once it
// carries karpenter.sh/initialized=true or its NodeClaim's Initialized condition is True.
bool IsNodeInitialized(const api::Node& node, const api::NodeClaim* node_claim);

// Whether a node is on its way out, as the simulation treats it: it or its NodeClaim is deleting,
// or it is tainted karpenter.sh/disrupted (a disruption command owns it).
bool IsNodeMarkedForDeletion(const api::Node& node, const api::NodeClaim* node_claim);

// Whether a nomination (a pod's status.nominatedNodeName) still promises capacity: it names a
// Node, or a NodeClaim (registered or in flight), that is not marked for deletion in the sense
// above. SchedulerInputFromCluster counts a pod with a live nomination on its nominee and treats
// any other nominated pending pod as pending.
bool IsNominationLive(const cluster::ClusterState& state, std::string_view nominated);

// A pod waiting for a node that no other scheduler owns: unbound, not terminal or terminating,
// not a DaemonSet's or a static pod. (IsProvisionable without the condition and nomination
// checks.)
bool IsPendingPod(const api::Pod& pod);

}  // namespace tidepool::lifecycle
