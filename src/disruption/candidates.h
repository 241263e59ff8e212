// Candidate selection and disruption budgets for one disruption pass (kubernetes-sigs/karpenter
// pkg/controllers/disruption/helpers.go GetCandidates, BuildNodePoolMap,
// BuildDisruptionBudgetMapping; types.go NewCandidate; state/statenode.go
// ValidateNodeDisruptable, ValidatePodsDisruptable).
//
// A Pass is the per-pass snapshot every method and the validation share: the NodePools with
// their instance types (one CloudProvider::GetInstanceTypes call per pool per pass), the
// PodDisruptionBudget limits and the nodes pending pods are nominated to. It borrows from the
// ClusterState and is valid until the state changes.
//
// A node is a candidate when (as upstream, in this order): it has a NodeClaim (else skipped
// silently), it is not in the orchestration queue (silently), and then, with a DisruptionBlocked
// event otherwise: it is initialized; neither it nor its claim is deleting; no pending pod is
// nominated to it; it has no karpenter.sh/do-not-disrupt=true annotation; it has the
// karpenter.sh/nodepool label; its NodePool exists with instance types; no pod has an active
// do-not-disrupt; every evictable pod may be evicted under the PDBs. For the eventual class a
// claim with a terminationGracePeriod ignores the two pod blocks.
//
// Budgets: per NodePool, AllowedDisruptions(reason) over the pool's managed, initialized nodes
// whose claim is not InstanceTerminating, minus those already disrupting (node not Ready, or
// deleting, or in the queue), floored at zero.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/karpenter/nodeclaim_conditions.h"
#include "api/karpenter/nodepool.h"
#include "cloud/cloud_provider.h"
#include "cloud/instance_type.h"
#include "cluster/cluster_state.h"
#include "core/time.h"
#include "disruption/disruption_events.h"
#include "disruption/pod_rules.h"
#include "disruption/types.h"

namespace tidepool::disruption {

// Which nodes an orchestration command already owns (the queue implements it).
class DisruptingNodes {
 public:
  virtual ~DisruptingNodes() = default;
  virtual bool HasAny(std::string_view node_name) const = 0;
};

struct NodePoolEntry {
  const api::NodePool* node_pool = nullptr;
  cloud::InstanceTypes instance_types;  // as GetInstanceTypes returned them
  std::map<std::string, cloud::InstanceTypePtr, std::less<>> by_name;
};

class Pass {
 public:
  // Lists the NodePools (a pool whose instance types cannot be listed, or has none, is left out
  // as upstream's BuildNodePoolMap does), every PDB and pod for the limits, and the nominations.
  Pass(const cluster::ClusterState& state, cloud::CloudProvider& cloud, Time now);

  const cluster::ClusterState& state() const { return state_; }
  Time now() const { return now_; }
  const NodePoolEntry* FindNodePool(std::string_view name) const;
  const std::map<std::string, NodePoolEntry, std::less<>>& node_pools() const { return pools_; }
  const PdbLimits& pdbs() const { return pdbs_; }
  // A pending pod names this node or NodeClaim in status.nominatedNodeName.
  bool IsNominated(std::string_view name) const { return nominated_.count(name) != 0; }

 private:
  const cluster::ClusterState& state_;
  Time now_;
  std::map<std::string, NodePoolEntry, std::less<>> pools_;
  PdbLimits pdbs_;
  std::set<std::string, std::less<>> nominated_;
};

// Whether a node or its claim is being deleted.
bool IsDeleting(const api::Node& node, const api::NodeClaim* node_claim);
// Upstream StateNode.Initialized for a managed node: label karpenter.sh/initialized=true or the
// claim's Initialized condition True.
bool IsInitialized(const api::Node& node, const api::NodeClaim& node_claim);
// The status of condition `type` on a claim ("" when absent). Kept for the orchestration queue;
// new code calls api::ConditionStatus and api::FindCondition directly.
inline std::string_view ClaimConditionStatus(const api::NodeClaim& node_claim,
                                             std::string_view type) {
  return api::ConditionStatus(node_claim, type);
}
inline const api::StatusCondition* FindClaimCondition(const api::NodeClaim& node_claim,
                                                      std::string_view type) {
  return api::FindCondition(node_claim, type);
}

// Upstream NewCandidate for one node: the candidate, or why not (events published on `events`
// when non-null, as upstream does for managed nodes).
[[nodiscard]] Result<Candidate> NewCandidate(const Pass& pass, const api::Node& node,
                                             const DisruptingNodes* queue,
                                             DisruptionClass disruption_class,
                                             DisruptionEvents* events);

// Upstream GetCandidates: every node (in name order) that is a candidate and passes `filter`.
std::vector<Candidate> GetCandidates(const Pass& pass, const DisruptingNodes* queue,
                                     DisruptionClass disruption_class,
                                     const std::function<bool(const Candidate&)>& filter,
                                     DisruptionEvents* events);

// Upstream BuildDisruptionBudgetMapping for `reason` (Empty, Underutilized or Drifted); every
// NodePool in the state gets an entry. A pool with nodes and no allowed disruption gets a
// NodePool DisruptionBlocked event when `events` is non-null.
BudgetMap BuildDisruptionBudgetMapping(const Pass& pass, const DisruptingNodes* queue,
                                       Reason reason, DisruptionEvents* events);

}  // namespace tidepool::disruption
