#include "lifecycle/scheduler_input_from_cluster.h"

#include <map>
#include <string_view>
#include <utility>

#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::lifecycle {
namespace {

bool OwnedBy(const api::Pod& pod, std::string_view api_version, std::string_view kind) {
  for (const api::OwnerReference& ref : pod.metadata.owner_references) {
    if (ref.api_version == api_version && ref.kind == kind) return true;
  }
  return false;
}

bool IsTerminal(const api::Pod& pod) {
  return pod.status.phase == api::kPodSucceeded || pod.status.phase == api::kPodFailed;
}

bool HasLabel(const std::map<std::string, std::string>& labels, std::string_view key) {
  return labels.find(std::string(key)) != labels.end();
}

bool HasDisruptedTaint(const api::Node& node) {
  for (const api::Taint& taint : node.spec.taints) {
    if (taint.key == api::kDisruptedTaintKey) return true;
  }
  return false;
}

// Upstream pod.IsReschedulable for a pod on a deleting node.
bool IsReschedulable(const api::Pod& pod) {
  return !IsTerminal(pod) && pod.metadata.deletion_timestamp.empty() &&
         !OwnedBy(pod, "apps/v1", "DaemonSet") && !OwnedBy(pod, "v1", "Node");
}

bool FailedToSchedule(const api::Pod& pod) {
  for (const api::PodCondition& condition : pod.status.conditions) {
    if (condition.type == api::kPodScheduled && condition.reason == api::kPodReasonUnschedulable) {
      return true;
    }
  }
  return false;
}

void AddNodePools(const cluster::ClusterState& state, cloud::CloudProvider& cloud,
                  ClusterSchedulingInput& out) {
  for (const auto& [key, pool] : state.Store<api::NodePool>().items()) {
    if (!pool.metadata.deletion_timestamp.empty()) continue;
    if (pool.spec.replicas.has_value()) continue;  // static pools are not provisioned for
    Result<cloud::InstanceTypes> types = cloud.GetInstanceTypes(pool);
    if (!types) {
      out.skipped_node_pools.emplace_back(
          pool.metadata.name, "unable to resolve instance types, " + types.error().message());
      continue;
    }
    if (types->empty()) {
      out.skipped_node_pools.emplace_back(pool.metadata.name, "no resolved instance types found");
      continue;
    }
    out.input.node_pools.push_back(scheduling::NodePoolInput{&pool, std::move(*types)});
  }
}

}  // namespace

bool IsNodeMarkedForDeletion(const api::Node& node, const api::NodeClaim* node_claim) {
  return !node.metadata.deletion_timestamp.empty() || HasDisruptedTaint(node) ||
         (node_claim != nullptr && !node_claim->metadata.deletion_timestamp.empty());
}

bool IsNominationLive(const cluster::ClusterState& state, std::string_view nominated) {
  if (nominated.empty()) return false;
  if (const api::Node* node = state.Get<api::Node>("", nominated)) {
    return !IsNodeMarkedForDeletion(*node, state.NodeClaimForNode(nominated));
  }
  const api::NodeClaim* claim = state.Get<api::NodeClaim>("", nominated);
  if (claim == nullptr || !claim->metadata.deletion_timestamp.empty()) return false;
  const api::Node* node = nullptr;
  if (!claim->status.node_name.empty()) node = state.Get<api::Node>("", claim->status.node_name);
  if (node == nullptr && !claim->status.provider_id.empty()) {
    node = state.NodeByProviderId(claim->status.provider_id);
  }
  return node == nullptr || !IsNodeMarkedForDeletion(*node, claim);
}

bool IsNodeInitialized(const api::Node& node, const api::NodeClaim* node_claim) {
  auto label = node.metadata.labels.find(std::string(api::kNodeInitializedLabelKey));
  if (label != node.metadata.labels.end() && label->second == "true") return true;
  if (node_claim != nullptr) {
    for (const api::StatusCondition& condition : node_claim->status.conditions) {
      if (condition.type == "Initialized") return condition.status == "True";
    }
    return false;
  }
  return !HasLabel(node.metadata.labels, api::kNodePoolLabelKey);
}

bool IsPendingPod(const api::Pod& pod) {
  return pod.spec.node_name.empty() && !IsTerminal(pod) &&
         pod.metadata.deletion_timestamp.empty() && !OwnedBy(pod, "apps/v1", "DaemonSet") &&
         !OwnedBy(pod, "v1", "Node");
}

namespace {

// Everything but the NodePools.
void AddNodesAndPods(const cluster::ClusterState& state, const ClusterInputOptions& options,
                     ClusterSchedulingInput& out) {
  // Existing-node inputs by the names a nomination may use: a node's name, and the name of the
  // NodeClaim behind it (a pod nominated to an in-flight claim keeps that name after the claim's
  // node registers).
  std::map<std::string_view, size_t, std::less<>> by_name;
  std::vector<scheduling::ExistingNodeInput>& existing = out.input.existing_nodes;
  const auto& claims = state.Store<api::NodeClaim>().items();
  existing.reserve(state.Store<api::Node>().size() + claims.size());
  for (const auto& [key, node] : state.Store<api::Node>().items()) {
    scheduling::ExistingNodeInput e;
    e.name = node.metadata.name;
    e.node = &node;
    e.node_claim = state.NodeClaimForNode(node.metadata.name);
    for (const api::Pod* pod : state.PodsOnNode(node.metadata.name)) {
      if (!IsTerminal(*pod)) e.pods.push_back(pod);
    }
    e.initialized = IsNodeInitialized(node, e.node_claim);
    e.marked_for_deletion =
        IsNodeMarkedForDeletion(node, e.node_claim) ||
        (options.also_marked_for_deletion && options.also_marked_for_deletion(node));
    by_name.emplace(node.metadata.name, existing.size());
    if (e.node_claim != nullptr) by_name.emplace(e.node_claim->metadata.name, existing.size());
    existing.push_back(std::move(e));
  }
  for (const auto& [key, claim] : claims) {
    if (by_name.count(claim.metadata.name) != 0) continue;  // registered: counted with its node
    // Registered to a node that did not resolve to it (another claim names the same node).
    if (!claim.status.node_name.empty() && by_name.count(claim.status.node_name) != 0) continue;
    scheduling::ExistingNodeInput e;
    e.name = claim.metadata.name;
    e.node_claim = &claim;
    e.initialized = false;
    e.marked_for_deletion = !claim.metadata.deletion_timestamp.empty();
    by_name.emplace(claim.metadata.name, existing.size());
    existing.push_back(std::move(e));
  }

  for (const auto& [key, pod] : state.Store<api::Pod>().items()) {
    if (!IsPendingPod(pod)) continue;
    const std::string& nominated = pod.status.nominated_node_name;
    if (!nominated.empty()) {
      auto it = by_name.find(nominated);
      if (it != by_name.end() && !existing[it->second].marked_for_deletion) {
        existing[it->second].pods.push_back(&pod);
        out.nominated_pods.push_back(&pod);
        continue;
      }
      // A stale nomination: the capacity it promised is gone, so the pod is provisioned again
      // (kube-scheduler already found no room for it).
    } else if (options.require_unschedulable_condition && !FailedToSchedule(pod)) {
      continue;
    }
    out.pending_pods.push_back(&pod);
  }

  for (const scheduling::ExistingNodeInput& e : existing) {
    if (!e.marked_for_deletion || e.node == nullptr) continue;
    for (const api::Pod* pod : e.pods) {
      if (pod->spec.node_name.empty()) continue;  // nominated, not bound
      bool reschedulable = options.currently_reschedulable ? options.currently_reschedulable(*pod)
                                                           : IsReschedulable(*pod);
      if (reschedulable) out.deleting_node_pods.push_back(pod);
    }
  }

  for (const auto& [key, daemon_set] : state.Store<api::DaemonSet>().items()) {
    out.input.daemon_sets.push_back(&daemon_set);
  }
  for (const auto& [key, runtime_class] : state.Store<api::RuntimeClass>().items()) {
    out.input.runtime_classes.push_back(&runtime_class);
  }
}

}  // namespace

ClusterSchedulingInput SchedulerInputFromCluster(const cluster::ClusterState& state,
                                                 cloud::CloudProvider& cloud,
                                                 const ClusterInputOptions& options) {
  ClusterSchedulingInput out;
  AddNodePools(state, cloud, out);
  AddNodesAndPods(state, options, out);
  return out;
}

ClusterSchedulingInput SchedulerInputFromCluster(const cluster::ClusterState& state,
                                                 std::vector<scheduling::NodePoolInput> node_pools,
                                                 const ClusterInputOptions& options) {
  ClusterSchedulingInput out;
  out.input.node_pools = std::move(node_pools);
  AddNodesAndPods(state, options, out);
  return out;
}

}  // namespace tidepool::lifecycle
