#include "disruption/cluster_simulator.h"

#include <utility>

#include "api/well_known_labels.h"
#include "lifecycle/scheduler_input_from_cluster.h"

namespace tidepool::disruption {
namespace {

std::string PodName(const api::Pod& pod) {
  return pod.metadata.namespace_ + "/" + pod.metadata.name;
}

}  // namespace

ClusterSnapshot BuildClusterSnapshot(const Pass& pass, const DisruptingNodes* queue,
                                     bool consolidation_simulation,
                                     const SimulatorOptions& options) {
  std::vector<scheduling::NodePoolInput> node_pools;
  node_pools.reserve(pass.node_pools().size());
  for (const auto& [name, entry] : pass.node_pools()) {
    const api::NodePool& pool = *entry.node_pool;
    if (!pool.metadata.deletion_timestamp.empty() || pool.spec.replicas.has_value()) continue;
    node_pools.push_back(scheduling::NodePoolInput{&pool, entry.instance_types});
  }
  lifecycle::ClusterInputOptions input_options;
  input_options.require_unschedulable_condition = options.require_unschedulable_condition;
  if (queue != nullptr) {
    input_options.also_marked_for_deletion = [queue](const api::Node& node) {
      return queue->HasAny(node.metadata.name);
    };
  }
  // PDBs and do-not-disrupt decide which pods of a deleting node move, as for candidates.
  input_options.currently_reschedulable = [&pass](const api::Pod& pod) {
    return pass.pdbs().IsCurrentlyReschedulable(pod, pass.now());
  };
  lifecycle::ClusterSchedulingInput shared =
      lifecycle::SchedulerInputFromCluster(pass.state(), std::move(node_pools), input_options);

  ClusterSnapshot out{std::move(shared.input), std::move(shared.pending_pods),
                      std::move(shared.deleting_node_pods)};
  if (consolidation_simulation) {
    // Upstream IsConsolidationSimulation: a node still inside its pool's consolidateAfter does
    // not take moved pods.
    for (scheduling::ExistingNodeInput& e : out.input.existing_nodes) {
      if (e.node == nullptr || e.node_claim == nullptr) continue;
      auto pool_label = e.node->metadata.labels.find(std::string(api::kNodePoolLabelKey));
      if (pool_label == e.node->metadata.labels.end()) continue;
      const NodePoolEntry* pool = pass.FindNodePool(pool_label->second);
      e.under_consolidate_after =
          pool != nullptr && IsUnderConsolidateAfter(*pool->node_pool, *e.node_claim, pass.now());
    }
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
