#include "disruption/candidates.h"

#include <algorithm>
#include <optional>

#include "api/tolerations.h"
#include "api/well_known_labels.h"
#include "disruption/nodeclaim_disruption.h"

namespace tidepool::disruption {
namespace {

std::vector<const api::PodDisruptionBudget*> AllPdbs(const cluster::ClusterState& state) {
  std::vector<const api::PodDisruptionBudget*> out;
  out.reserve(state.Store<api::PodDisruptionBudget>().size());
  for (const auto& [key, pdb] : state.Store<api::PodDisruptionBudget>().items()) {
    out.push_back(&pdb);
  }
  return out;
}

std::vector<const api::Pod*> AllPods(const cluster::ClusterState& state) {
  std::vector<const api::Pod*> out;
  out.reserve(state.Store<api::Pod>().size());
  for (const auto& [key, pod] : state.Store<api::Pod>().items()) out.push_back(&pod);
  return out;
}

PdbLimits MakeLimits(const cluster::ClusterState& state) {
  std::vector<const api::PodDisruptionBudget*> pdbs = AllPdbs(state);
  std::vector<const api::Pod*> pods = AllPods(state);
  return PdbLimits(pdbs, pods);
}

const std::string* Label(const api::Object& object, std::string_view key) {
  auto it = object.metadata.labels.find(std::string(key));
  return it == object.metadata.labels.end() ? nullptr : &it->second;
}

std::string PodName(const api::Pod& pod) {
  return pod.metadata.namespace_ + "/" + pod.metadata.name;
}

std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.append(" ");
    out.append(keys[i]);
  }
  return out;
}

// Upstream ValidatePodsDisruptable: "" when every pod may be disrupted.
std::string PodsBlock(const Pass& pass, std::span<const api::Pod* const> pods) {
  for (const api::Pod* pod : pods) {
    if (!IsDisruptable(*pod, pass.now())) {
      return "pod has \"karpenter.sh/do-not-disrupt\" annotation (Pod=" + PodName(*pod) + ")";
    }
  }
  std::vector<std::string> blocking = pass.pdbs().BlockingPdbs(pods, pass.now());
  if (blocking.empty()) return "";
  if (blocking.size() > 1) {
    return "eviction does not support multiple PDBs (PodDisruptionBudget(s)=[" +
           JoinKeys(blocking) + "])";
  }
  return "pdb prevents pod evictions (PodDisruptionBudget=[" + blocking.front() + "])";
}

bool IsReady(const api::Node& node) { return node.ReadyStatus() == "True"; }

// Upstream IsDoNotDisruptActive publishes on the pod as it reads the annotation: an invalid
// value (Warning), a running or elapsed duration (Normal). Deduplicated like every event here.
void PublishDoNotDisruptEvents(const Pass& pass, std::span<const api::Pod* const> pods,
                               DisruptionEvents& events) {
  const std::string key(kDoNotDisruptAnnotation);
  for (const api::Pod* pod : pods) {
    if (pod->metadata.annotations.find(key) == pod->metadata.annotations.end()) continue;
    std::optional<PodEvent> event = DoNotDisruptEvent(*pod, pass.now());
    if (!event) continue;
    cluster::ObjectReference ref{"Pod", pod->metadata.namespace_, pod->metadata.name};
    std::string dedupe = std::string(event->reason);
    events.Publish(ref, event->type, event->reason, std::move(event->message), dedupe);
  }
}

}  // namespace

Pass::Pass(const cluster::ClusterState& state, cloud::CloudProvider& cloud, Time now)
    : state_(state), now_(now), pdbs_(MakeLimits(state)) {
  for (const auto& [key, pool] : state.Store<api::NodePool>().items()) {
    Result<cloud::InstanceTypes> types = cloud.GetInstanceTypes(pool);
    if (!types || types->empty()) continue;
    NodePoolEntry entry;
    entry.node_pool = &pool;
    entry.instance_types = std::move(*types);
    for (const cloud::InstanceTypePtr& type : entry.instance_types) {
      entry.by_name.emplace(type->name, type);
    }
    pools_.emplace(pool.metadata.name, std::move(entry));
  }
  for (const auto& [key, pod] : state.Store<api::Pod>().items()) {
    if (pod.spec.node_name.empty() && !pod.status.nominated_node_name.empty() && IsActive(pod)) {
      nominated_.insert(pod.status.nominated_node_name);
    }
  }
}

const NodePoolEntry* Pass::FindNodePool(std::string_view name) const {
  auto it = pools_.find(name);
  return it == pools_.end() ? nullptr : &it->second;
}

bool IsDeleting(const api::Node& node, const api::NodeClaim* node_claim) {
  return !node.metadata.deletion_timestamp.empty() ||
         (node_claim != nullptr && !node_claim->metadata.deletion_timestamp.empty());
}

bool IsInitialized(const api::Node& node, const api::NodeClaim& node_claim) {
  const std::string* label = Label(node, api::kNodeInitializedLabelKey);
  if (label != nullptr && *label == "true") return true;
  return api::IsConditionTrue(node_claim, api::kConditionTypeInitialized);
}

Result<Candidate> NewCandidate(const Pass& pass, const api::Node& node,
                               const DisruptingNodes* queue, DisruptionClass disruption_class,
                               DisruptionEvents* events) {
  const cluster::ClusterState& state = pass.state();
  const api::NodeClaim* claim = state.NodeClaimForNode(node.metadata.name);
  if (claim == nullptr)
    return Fail(ErrorCode::kFailedPrecondition, "node isn't managed by karpenter");
  if (queue != nullptr && queue->HasAny(node.metadata.name)) {
    return Fail(ErrorCode::kFailedPrecondition, "candidate is already being disrupted");
  }
  auto blocked = [&](std::string message) -> tl::unexpected<Error> {
    if (events != nullptr) events->Blocked(&node, claim, Sentence(message));
    return Fail(ErrorCode::kFailedPrecondition, std::move(message));
  };
  // Upstream ValidateNodeDisruptable.
  if (!IsInitialized(node, *claim)) return blocked("node isn't initialized");
  if (IsDeleting(node, claim)) return blocked("node is deleting or marked for deletion");
  if (pass.IsNominated(node.metadata.name) || pass.IsNominated(claim->metadata.name)) {
    return blocked("node is nominated for a pending pod");
  }
  auto dnd = node.metadata.annotations.find(std::string(kDoNotDisruptAnnotation));
  if (dnd != node.metadata.annotations.end() && dnd->second == "true") {
    return blocked("disruption is blocked through the \"karpenter.sh/do-not-disrupt\" annotation");
  }
  const std::string* pool_name = Label(node, api::kNodePoolLabelKey);
  if (pool_name == nullptr) {
    return blocked("node doesn't have required label (label=karpenter.sh/nodepool)");
  }
  const NodePoolEntry* pool = pass.FindNodePool(*pool_name);
  if (pool == nullptr) return blocked("NodePool not found (NodePool=" + *pool_name + ")");

  std::vector<const api::Pod*> pods = state.PodsOnNode(node.metadata.name);
  if (events != nullptr) PublishDoNotDisruptEvents(pass, pods, *events);
  std::string pod_block = PodsBlock(pass, pods);
  if (!pod_block.empty()) {
    // The eventual class (drift) may bypass pod blocks when the claim's terminationGracePeriod
    // bounds how long the drain can be held up.
    bool eventual = disruption_class == DisruptionClass::kEventual &&
                    claim->spec.termination_grace_period.has_value();
    if (!eventual) return blocked(std::move(pod_block));
  }

  Candidate candidate;
  candidate.name = node.metadata.name;
  candidate.node = &node;
  candidate.node_claim = claim;
  candidate.node_pool = pool->node_pool;
  if (const std::string* type = Label(node, api::kLabelInstanceTypeStable)) {
    auto it = pool->by_name.find(*type);
    if (it != pool->by_name.end()) candidate.instance_type = it->second;
  }
  if (const std::string* zone = Label(node, api::kLabelTopologyZone)) candidate.zone = *zone;
  if (const std::string* ct = Label(node, api::kCapacityTypeLabelKey))
    candidate.capacity_type = *ct;
  if (candidate.instance_type != nullptr) {
    std::optional<double> price =
        cloud::OfferingPrice(*candidate.instance_type, candidate.zone, candidate.capacity_type);
    if (price && *price == *price) candidate.price = *price;  // NaN reads as unknown
  }
  for (const api::Pod* pod : pods) {
    if (!IsReschedulable(*pod)) continue;
    candidate.reschedulable_pods.push_back(pod);
    candidate.reschedule_disruption_cost += std::max(0.0, EvictionCost(*pod));
  }
  candidate.under_consolidate_after = IsUnderConsolidateAfter(*pool->node_pool, *claim, pass.now());
  // Upstream takes the disruption cost over every pod of the node, not only reschedulable ones.
  candidate.disruption_cost = ReschedulingCost(pods) * LifetimeRemaining(*claim, pass.now());
  return candidate;
}

std::vector<Candidate> GetCandidates(const Pass& pass, const DisruptingNodes* queue,
                                     DisruptionClass disruption_class,
                                     const std::function<bool(const Candidate&)>& filter,
                                     DisruptionEvents* events) {
  std::vector<Candidate> out;
  for (const auto& [key, node] : pass.state().Store<api::Node>().items()) {
    Result<Candidate> candidate = NewCandidate(pass, node, queue, disruption_class, events);
    if (!candidate) continue;
    if (filter && !filter(*candidate)) continue;
    out.push_back(std::move(*candidate));
  }
  return out;
}

BudgetMap BuildDisruptionBudgetMapping(const Pass& pass, const DisruptingNodes* queue,
                                       Reason reason, DisruptionEvents* events) {
  const cluster::ClusterState& state = pass.state();
  std::map<std::string, int64_t, std::less<>> num_nodes;
  std::map<std::string, int64_t, std::less<>> disrupting;
  for (const auto& [key, node] : state.Store<api::Node>().items()) {
    const api::NodeClaim* claim = state.NodeClaimForNode(node.metadata.name);
    if (claim == nullptr || !IsInitialized(node, *claim)) continue;
    if (api::IsConditionTrue(*claim, api::kConditionTypeInstanceTerminating)) continue;
    const std::string* pool = Label(node, api::kNodePoolLabelKey);
    if (pool == nullptr) continue;
    ++num_nodes[*pool];
    bool marked =
        IsDeleting(node, claim) || (queue != nullptr && queue->HasAny(node.metadata.name));
    if (!IsReady(node) || marked) ++disrupting[*pool];
  }
  BudgetMap out;
  static const std::vector<api::Budget> kDefaultBudgets = {
      api::Budget{api::kDefaultBudgetNodes, std::nullopt, std::nullopt, {}, {}}};
  std::string_view reason_name = ReasonName(reason);
  for (const auto& [key, pool] : state.Store<api::NodePool>().items()) {
    const std::string& name = pool.metadata.name;
    const std::vector<api::Budget>& budgets =
        pool.spec.disruption.budgets ? *pool.spec.disruption.budgets : kDefaultBudgets;
    auto count = num_nodes.find(name);
    int64_t nodes = count == num_nodes.end() ? 0 : count->second;
    int64_t allowed = api::AllowedDisruptions(budgets, nodes, reason_name, pass.now());
    auto busy = disrupting.find(name);
    int64_t in_flight = busy == disrupting.end() ? 0 : busy->second;
    out[name] = std::max<int64_t>(allowed - in_flight, 0);
    if (events != nullptr && nodes != 0 && allowed == 0) events->NodePoolBlocked(pool, reason_name);
  }
  return out;
}

}  // namespace tidepool::disruption
