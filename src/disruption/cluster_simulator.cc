#include "disruption/cluster_simulator.h"

#include <utility>

#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::disruption {
namespace {

bool HasDisruptedTaint(const api::Node& node) {
  for (const api::Taint& taint : node.spec.taints) {
    if (taint.key == kDisruptedTaintKey) return true;
  }
  return false;
}

bool FailedToSchedule(const api::Pod& pod) {
  for (const api::PodCondition& condition : pod.status.conditions) {
    if (condition.type == api::kPodScheduled && condition.reason == api::kPodReasonUnschedulable) {
      return true;
    }
  }
  return false;
}

// Unbound, active, not a DaemonSet's or a static pod.
bool IsPendingPod(const api::Pod& pod) {
  return pod.spec.node_name.empty() && IsActive(pod) && !IsOwnedByDaemonSet(pod) &&
         !IsOwnedByNode(pod);
}

std::string PodName(const api::Pod& pod) {
  return pod.metadata.namespace_ + "/" + pod.metadata.name;
}

}  // namespace

ClusterSnapshot BuildClusterSnapshot(const Pass& pass, const DisruptingNodes* queue,
                                     bool consolidation_simulation,
                                     const SimulatorOptions& options) {
  const cluster::ClusterState& state = pass.state();
  ClusterSnapshot out;
  for (const auto& [name, entry] : pass.node_pools()) {
    const api::NodePool& pool = *entry.node_pool;
    if (!pool.metadata.deletion_timestamp.empty() || pool.spec.replicas.has_value()) continue;
    out.input.node_pools.push_back(scheduling::NodePoolInput{&pool, entry.instance_types});
  }

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
    if (e.node_claim != nullptr) {
      e.initialized = IsInitialized(node, *e.node_claim);
    } else {
      // An unmanaged node is initialized; a node claiming a pool without a claim is not yet.
      e.initialized = node.metadata.labels.count(std::string(api::kNodePoolLabelKey)) == 0;
    }
    e.marked_for_deletion = IsDeleting(node, e.node_claim) || HasDisruptedTaint(node) ||
                            (queue != nullptr && queue->HasAny(node.metadata.name));
    if (consolidation_simulation && e.node_claim != nullptr) {
      auto pool_label = node.metadata.labels.find(std::string(api::kNodePoolLabelKey));
      const NodePoolEntry* pool = pool_label == node.metadata.labels.end()
                                      ? nullptr
                                      : pass.FindNodePool(pool_label->second);
      e.under_consolidate_after =
          pool != nullptr && IsUnderConsolidateAfter(*pool->node_pool, *e.node_claim, pass.now());
    }
    by_name.emplace(node.metadata.name, existing.size());
    if (e.node_claim != nullptr) by_name.emplace(e.node_claim->metadata.name, existing.size());
    existing.push_back(std::move(e));
  }
  for (const auto& [key, claim] : claims) {
    if (by_name.count(claim.metadata.name) != 0) continue;
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
        // The provisioner promised this capacity: it counts on the node, as if bound.
        existing[it->second].pods.push_back(&pod);
        continue;
      }
    } else if (options.require_unschedulable_condition && !FailedToSchedule(pod)) {
      continue;
    }
    out.pending_pods.push_back(&pod);
  }
  for (const scheduling::ExistingNodeInput& e : existing) {
    if (!e.marked_for_deletion || e.node == nullptr) continue;
    for (const api::Pod* pod : e.pods) {
      if (!pod->spec.node_name.empty() && IsReschedulable(*pod) &&
          pass.pdbs().IsCurrentlyReschedulable(*pod, pass.now())) {
        out.deleting_node_pods.push_back(pod);
      }
    }
  }
  for (const auto& [key, daemon_set] : state.Store<api::DaemonSet>().items()) {
    out.input.daemon_sets.push_back(&daemon_set);
  }
  for (const auto& [key, runtime_class] : state.Store<api::RuntimeClass>().items()) {
    out.input.runtime_classes.push_back(&runtime_class);
  }
  return out;
}

ClusterSimulator::ClusterSimulator(const Pass& pass, const DisruptingNodes* queue,
                                   bool consolidation_simulation, SimulatorOptions options)
    : pass_(pass), snapshot_(BuildClusterSnapshot(pass, queue, consolidation_simulation, options)) {
  const auto& existing = snapshot_.input.existing_nodes;
  for (size_t i = 0; i < existing.size(); ++i) index_by_name_.emplace(existing[i].name, i);
  deleting_pods_.insert(snapshot_.deleting_node_pods.begin(), snapshot_.deleting_node_pods.end());
  excluded_.assign(existing.size(), false);
  scheduler_ =
      std::make_unique<scheduling::Scheduler>(std::move(snapshot_.input), options.scheduler);
}

ClusterSimulator::~ClusterSimulator() = default;

Result<SimulationResult> ClusterSimulator::Simulate(std::span<const Candidate* const> candidates) {
  ++simulations_;
  const auto& existing = scheduler_->input().existing_nodes;
  SimulationResult out;
  pods_.assign(snapshot_.pending_pods.begin(), snapshot_.pending_pods.end());
  std::vector<size_t> excluded_indexes;
  excluded_indexes.reserve(candidates.size());
  for (const Candidate* candidate : candidates) {
    auto it = index_by_name_.find(candidate->name);
    if (it != index_by_name_.end()) {
      if (existing[it->second].marked_for_deletion) {
        out.failure = "candidate is deleting";
        return out;
      }
      excluded_[it->second] = true;
      excluded_indexes.push_back(it->second);
    }
    for (const api::Pod* pod : candidate->reschedulable_pods) {
      if (pass_.pdbs().IsCurrentlyReschedulable(*pod, pass_.now())) pods_.push_back(pod);
    }
  }
  pods_.insert(pods_.end(), snapshot_.deleting_node_pods.begin(),
               snapshot_.deleting_node_pods.end());
  Result<scheduling::Results> results = scheduler_->Solve(pods_, excluded_);
  for (size_t i : excluded_indexes) excluded_[i] = false;
  if (!results) return Fail(results.error().WithContext("simulating scheduling"));
  out.results = std::move(*results);

  // Upstream: a pod that would land on an uninitialized node is an error unless it came from a
  // deleting node (its node is going away anyway).
  for (const auto& [name, pods] : out.results.existing_nodes) {
    auto it = index_by_name_.find(name);
    if (it == index_by_name_.end() || existing[it->second].initialized) continue;
    const scheduling::ExistingNodeInput& node = existing[it->second];
    std::string what;
    if (node.node_claim != nullptr) what = "nodeclaim/" + node.node_claim->metadata.name;
    if (node.node != nullptr) {
      if (!what.empty()) what += ", ";
      what += "node/" + node.node->metadata.name;
    }
    for (const api::Pod* pod : pods) {
      if (deleting_pods_.count(pod) != 0) continue;
      out.results.pod_errors.push_back(
          scheduling::PodError{pod, "would schedule against uninitialized " + what});
      if (!pod->spec.node_name.empty()) out.uses_uninitialized_node = true;
    }
  }
  // Upstream AllNonPendingPodsScheduled / NonPendingPodSchedulingErrors.
  std::string errors;
  for (const scheduling::PodError& error : out.results.pod_errors) {
    if (error.pod->spec.node_name.empty()) continue;  // a pending pod: not disruption's problem
    if (!errors.empty()) errors += "; ";
    errors += PodName(*error.pod) + " => " + error.reason;
  }
  out.all_non_pending_scheduled = errors.empty();
  if (!errors.empty()) out.failure = "not all pods would schedule, " + errors;
  return out;
}

}  // namespace tidepool::disruption
