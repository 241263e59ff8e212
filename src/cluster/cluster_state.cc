#include "cluster/cluster_state.h"

#include <string>
#include <utility>

#include "api/keda/annotations.h"
#include "api/selector.h"
#include "cluster/pdb.h"

namespace tidepool::cluster {

namespace {

// The alphabet the API server draws generateName suffixes from (no vowels, no look-alikes).
constexpr std::string_view kNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
constexpr int kNameSuffixLength = 5;

const api::OwnerReference* ControllerOf(const api::ObjectMeta& meta) {
  for (const api::OwnerReference& ref : meta.owner_references) {
    if (ref.controller.value_or(false)) return &ref;
  }
  return nullptr;
}

std::string OwnerValue(std::string_view kind, std::string_view name) {
  std::string value;
  value.reserve(kind.size() + 1 + name.size());
  value.append(kind).append("/").append(name);
  return value;
}

std::string_view LabelValue(const api::ObjectMeta& meta, std::string_view key) {
  auto it = meta.labels.find(std::string(key));
  return it == meta.labels.end() ? std::string_view() : std::string_view(it->second);
}

template <class T>
std::vector<const T*> Lookup(const std::map<ObjectKey, std::set<std::string>, ObjectKeyLess>& index,
                             const TypedStore<T>& store, std::string_view ns,
                             std::string_view value) {
  std::vector<const T*> out;
  auto it = index.find(ObjectKeyView{ns, value});
  if (it == index.end()) return out;
  out.reserve(it->second.size());
  for (const std::string& name : it->second) {
    if (const T* object = store.Get(ns, name)) out.push_back(object);
  }
  return out;
}

// Group, resource and the object of a /scale-capable kind.
template <class T>
Result<Scale> ScaleOf(const TypedStore<T>& store, std::string_view resource,
                      const WorkloadRef& target) {
  const T* object = store.Get(target.namespace_, target.name);
  if (object == nullptr) {
    return Fail(ErrorCode::kNotFound,
                std::string(resource) + ".apps \"" + std::string(target.name) + "\" not found");
  }
  Scale scale;
  scale.spec_replicas = object->spec.replicas.value_or(1);
  scale.status_replicas = object->status.replicas;
  if (object->spec.selector.has_value()) scale.selector = &*object->spec.selector;
  return scale;
}

template <class T>
Result<int32_t> SetReplicas(TypedStore<T>& store, std::string_view resource,
                            const WorkloadRef& target, int32_t replicas) {
  T* object = store.GetMutable(target.namespace_, target.name);
  if (object == nullptr) {
    return Fail(ErrorCode::kNotFound,
                std::string(resource) + ".apps \"" + std::string(target.name) + "\" not found");
  }
  int32_t previous = object->spec.replicas.value_or(1);
  object->spec.replicas = replicas;
  return previous;
}

enum class ScalableKind { kDeployment, kStatefulSet, kReplicaSet };

Result<ScalableKind> KindOf(const WorkloadRef& target) {
  std::string_view api_version = target.api_version.empty() ? "apps/v1" : target.api_version;
  std::string_view kind = target.kind.empty() ? "Deployment" : target.kind;
  if (api_version == "apps/v1") {
    if (kind == "Deployment") return ScalableKind::kDeployment;
    if (kind == "StatefulSet") return ScalableKind::kStatefulSet;
    if (kind == "ReplicaSet") return ScalableKind::kReplicaSet;
  }
  return Fail(ErrorCode::kFailedPrecondition,
              std::string(api_version) + "." + std::string(kind) +
                  " does not expose a /scale subresource in this cluster");
}

}  // namespace

bool IsPodReady(const api::Pod& pod) {
  for (const api::PodCondition& c : pod.status.conditions) {
    if (c.type == api::kPodReady) return c.status == "True";
  }
  return false;
}

ClusterState::ClusterState(const Clock& clock, size_t max_events)
    : clock_(clock), events_(clock, max_events) {}

Result<Scale> ClusterState::GetScale(const WorkloadRef& target) const {
  Result<ScalableKind> kind = KindOf(target);
  if (!kind) return Fail(kind.error());
  switch (*kind) {
    case ScalableKind::kDeployment:
      return ScaleOf(Store<api::Deployment>(), "deployments", target);
    case ScalableKind::kStatefulSet:
      return ScaleOf(Store<api::StatefulSet>(), "statefulsets", target);
    case ScalableKind::kReplicaSet:
      return ScaleOf(Store<api::ReplicaSet>(), "replicasets", target);
  }
  return Fail(ErrorCode::kInternal, "unreachable");
}

Result<int32_t> ClusterState::UpdateScale(const WorkloadRef& target, int32_t replicas) {
  Result<ScalableKind> kind = KindOf(target);
  if (!kind) return Fail(kind.error());
  switch (*kind) {
    case ScalableKind::kDeployment:
      return SetReplicas(std::get<TypedStore<api::Deployment>>(stores_), "deployments", target,
                         replicas);
    case ScalableKind::kStatefulSet:
      return SetReplicas(std::get<TypedStore<api::StatefulSet>>(stores_), "statefulsets", target,
                         replicas);
    case ScalableKind::kReplicaSet:
      return SetReplicas(std::get<TypedStore<api::ReplicaSet>>(stores_), "replicasets", target,
                         replicas);
  }
  return Fail(ErrorCode::kInternal, "unreachable");
}

std::vector<const api::Pod*> ClusterState::PodsOwnedBy(std::string_view ns,
                                                       std::string_view owner_kind,
                                                       std::string_view owner_name) const {
  return Lookup(pods_by_owner_, Store<api::Pod>(), ns, OwnerValue(owner_kind, owner_name));
}

std::vector<const api::Pod*> ClusterState::PodsOfJob(std::string_view ns,
                                                     std::string_view job) const {
  return Lookup(pods_by_job_, Store<api::Pod>(), ns, job);
}

std::vector<const api::Pod*> ClusterState::PodsMatching(std::string_view ns,
                                                        const api::LabelSelector* selector) const {
  std::vector<const api::Pod*> out;
  Result<api::Selector> compiled = api::Selector::FromLabelSelector(selector);
  if (!compiled || compiled->MatchesNothing()) return out;
  for (const auto& [key, pod] : Store<api::Pod>().InNamespace(ns)) {
    if (compiled->Matches(pod.metadata.labels)) out.push_back(&pod);
  }
  return out;
}

std::vector<const api::Job*> ClusterState::JobsOfScaledJob(std::string_view ns,
                                                           std::string_view scaled_job) const {
  return Lookup(jobs_by_scaled_job_, Store<api::Job>(), ns, scaled_job);
}

void ClusterState::Put(PodMetrics metrics) {
  ObjectKey key{metrics.metadata.namespace_, metrics.metadata.name};
  pod_metrics_.insert_or_assign(std::move(key), std::move(metrics));
}

const PodMetrics* ClusterState::GetPodMetrics(std::string_view ns, std::string_view name) const {
  auto it = pod_metrics_.find(ObjectKeyView{ns, name});
  return it == pod_metrics_.end() ? nullptr : &it->second;
}

void ClusterState::AddTo(NameIndex& index, std::string_view ns, std::string_view value,
                         const std::string& name) {
  auto it = index.find(ObjectKeyView{ns, value});
  if (it == index.end()) {
    it = index.emplace(ObjectKey{std::string(ns), std::string(value)}, std::set<std::string>())
             .first;
  }
  it->second.insert(name);
}

void ClusterState::RemoveFrom(NameIndex& index, std::string_view ns, std::string_view value,
                              const std::string& name) {
  auto it = index.find(ObjectKeyView{ns, value});
  if (it == index.end()) return;
  it->second.erase(name);
  if (it->second.empty()) index.erase(it);
}

void ClusterState::Index(const api::Pod& pod) {
  const std::string& ns = pod.metadata.namespace_;
  if (!pod.spec.node_name.empty()) {
    auto it = pods_by_node_.find(pod.spec.node_name);
    if (it == pods_by_node_.end()) {
      it = pods_by_node_
               .emplace(pod.spec.node_name, std::map<ObjectKey, const api::Pod*, ObjectKeyLess>())
               .first;
    }
    it->second.insert_or_assign(ObjectKey{ns, pod.metadata.name}, &pod);
  }
  if (const api::OwnerReference* owner = ControllerOf(pod.metadata)) {
    AddTo(pods_by_owner_, ns, OwnerValue(owner->kind, owner->name), pod.metadata.name);
  }
  std::string_view job = LabelValue(pod.metadata, kJobNameLabel);
  if (!job.empty()) AddTo(pods_by_job_, ns, job, pod.metadata.name);
}

void ClusterState::Unindex(const api::Pod& pod) {
  const std::string& ns = pod.metadata.namespace_;
  if (!pod.spec.node_name.empty()) {
    auto it = pods_by_node_.find(pod.spec.node_name);
    if (it != pods_by_node_.end()) {
      auto key = it->second.find(ObjectKeyView{ns, pod.metadata.name});
      if (key != it->second.end()) it->second.erase(key);
      if (it->second.empty()) pods_by_node_.erase(it);
    }
  }
  if (const api::OwnerReference* owner = ControllerOf(pod.metadata)) {
    RemoveFrom(pods_by_owner_, ns, OwnerValue(owner->kind, owner->name), pod.metadata.name);
  }
  std::string_view job = LabelValue(pod.metadata, kJobNameLabel);
  if (!job.empty()) RemoveFrom(pods_by_job_, ns, job, pod.metadata.name);
}

void ClusterState::Index(const api::Job& job) {
  std::string_view owner = LabelValue(job.metadata, api::keda::kScaledJobNameLabel);
  if (!owner.empty()) AddTo(jobs_by_scaled_job_, job.metadata.namespace_, owner, job.metadata.name);
}

void ClusterState::Unindex(const api::Job& job) {
  std::string_view owner = LabelValue(job.metadata, api::keda::kScaledJobNameLabel);
  if (!owner.empty()) {
    RemoveFrom(jobs_by_scaled_job_, job.metadata.namespace_, owner, job.metadata.name);
  }
}

template <class T>
Status ClusterState::GenerateName(T& object, std::string_view resource) {
  if (object.metadata.name.empty()) {
    if (object.metadata.generate_name.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(resource) +
                      ": metadata.name: Required value: name or generateName is required");
    }
    // Deterministic stand-in for the API server's random suffix: a counter spelt in its alphabet,
    // skipping names already taken.
    do {
      uint64_t n = generated_names_++;
      std::string suffix(kNameSuffixLength, kNameAlphabet[0]);
      for (int i = kNameSuffixLength - 1; i >= 0 && n > 0; --i) {
        suffix[i] = kNameAlphabet[n % kNameAlphabet.size()];
        n /= kNameAlphabet.size();
      }
      object.metadata.name = object.metadata.generate_name + suffix;
    } while (Get<T>(object.metadata.namespace_, object.metadata.name) != nullptr);
  } else if (Get<T>(object.metadata.namespace_, object.metadata.name) != nullptr) {
    return Fail(ErrorCode::kAlreadyExists,
                std::string(resource) + " \"" + object.metadata.name + "\" already exists");
  }
  return OkStatus();
}

Result<std::string> ClusterState::CreateJob(api::Job job) {
  if (job.metadata.name.empty() && job.metadata.generate_name.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "Job: metadata.name: Required value: name or generateName is required");
  }
  if (Status named = GenerateName(job, "jobs.batch"); !named) return Fail(named.error());
  std::string name = job.metadata.name;
  Put(std::move(job));
  return name;
}

Status ClusterState::DeleteJob(std::string_view ns, std::string_view name,
                               DeletePropagation /*propagation*/) {
  // The Job's pods are left to the world (the simulator's Job controller), as the API server's
  // garbage collector removes them after the Job in either propagation mode.
  if (!Delete<api::Job>(ns, name)) {
    return Fail(ErrorCode::kNotFound, "jobs.batch \"" + std::string(name) + "\" not found");
  }
  return OkStatus();
}

Status ClusterState::UpdateScaledObjectStatus(std::string_view ns, std::string_view name,
                                              const api::keda::ScaledObjectStatus& status) {
  auto* so = GetMutable<api::keda::ScaledObject>(ns, name);
  if (so == nullptr) {
    return Fail(ErrorCode::kNotFound,
                "scaledobjects.keda.sh \"" + std::string(name) + "\" not found");
  }
  so->status = status;
  ++status_writes_;
  return OkStatus();
}

Status ClusterState::UpdateScaledJobStatus(std::string_view ns, std::string_view name,
                                           const api::keda::ScaledJobStatus& status) {
  auto* sj = GetMutable<api::keda::ScaledJob>(ns, name);
  if (sj == nullptr) {
    return Fail(ErrorCode::kNotFound, "scaledjobs.keda.sh \"" + std::string(name) + "\" not found");
  }
  sj->status = status;
  ++status_writes_;
  return OkStatus();
}

void ClusterState::RecordEvent(const ObjectReference& object, std::string_view type,
                               std::string_view reason, std::string message) {
  events_.Record(object, type, reason, std::move(message));
}

// ---- node layer ---------------------------------------------------------------------------------

namespace {

bool IsTerminalPhase(const api::Pod& pod) {
  return pod.status.phase == "Succeeded" || pod.status.phase == "Failed";
}

Status NotFound(std::string_view resource, std::string_view name) {
  return Fail(ErrorCode::kNotFound,
              std::string(resource) + " \"" + std::string(name) + "\" not found");
}

void SetPodCondition(api::Pod& pod, std::string_view type, std::string_view status,
                     std::string_view reason, const std::string& now) {
  for (api::PodCondition& c : pod.status.conditions) {
    if (c.type == type) {
      if (c.status != status) c.last_transition_time = now;
      c.status = std::string(status);
      c.reason = std::string(reason);
      c.message.clear();
      return;
    }
  }
  api::PodCondition c;
  c.type = std::string(type);
  c.status = std::string(status);
  c.reason = std::string(reason);
  c.last_transition_time = now;
  pod.status.conditions.push_back(std::move(c));
}

}  // namespace

ClusterState::PodBinding ClusterState::BindingOf(const api::Pod& pod) {
  PodBinding binding;
  binding.node = pod.spec.node_name;
  binding.active = !pod.spec.node_name.empty() && !IsTerminalPhase(pod);
  return binding;
}

void ClusterState::AfterPodChange(const PodBinding& before, const PodBinding& after) {
  if (before.node == after.node && before.active == after.active) return;
  if (!before.node.empty()) PodEventOn(before.node);
  if (!after.node.empty() && after.node != before.node) PodEventOn(after.node);
}

void ClusterState::PodEventOn(std::string_view node_name) {
  auto it = node_claim_by_node_.find(node_name);
  if (it == node_claim_by_node_.end()) return;
  // A status stamp, not a replacement: the NodeClaim's pointer and indexes stay valid.
  if (api::NodeClaim* claim = GetMutable<api::NodeClaim>("", it->second)) {
    claim->status.last_pod_event_time = clock_.Now().ToRfc3339();
  }
}

void ClusterState::Index(const api::NodeClaim& node_claim) {
  if (!node_claim.status.node_name.empty()) {
    node_claim_by_node_.insert_or_assign(node_claim.status.node_name, node_claim.metadata.name);
  }
  if (!node_claim.status.provider_id.empty()) {
    node_claim_by_provider_id_.insert_or_assign(node_claim.status.provider_id,
                                                node_claim.metadata.name);
  }
}

void ClusterState::Unindex(const api::NodeClaim& node_claim) {
  auto by_node = node_claim_by_node_.find(node_claim.status.node_name);
  if (by_node != node_claim_by_node_.end() && by_node->second == node_claim.metadata.name) {
    node_claim_by_node_.erase(by_node);
  }
  auto by_id = node_claim_by_provider_id_.find(node_claim.status.provider_id);
  if (by_id != node_claim_by_provider_id_.end() && by_id->second == node_claim.metadata.name) {
    node_claim_by_provider_id_.erase(by_id);
  }
}

void ClusterState::Index(const api::Node& node) {
  if (!node.spec.provider_id.empty()) {
    node_by_provider_id_.insert_or_assign(node.spec.provider_id, node.metadata.name);
  }
}

void ClusterState::Unindex(const api::Node& node) {
  auto it = node_by_provider_id_.find(node.spec.provider_id);
  if (it != node_by_provider_id_.end() && it->second == node.metadata.name) {
    node_by_provider_id_.erase(it);
  }
}

std::vector<const api::Pod*> ClusterState::PodsOnNode(std::string_view node_name) const {
  std::vector<const api::Pod*> out;
  auto it = pods_by_node_.find(node_name);
  if (it == pods_by_node_.end()) return out;
  out.reserve(it->second.size());
  for (const auto& [key, pod] : it->second) out.push_back(pod);
  return out;
}

const api::NodeClaim* ClusterState::NodeClaimForNode(std::string_view node_name) const {
  auto it = node_claim_by_node_.find(node_name);
  if (it != node_claim_by_node_.end()) return Get<api::NodeClaim>("", it->second);
  const api::Node* node = Get<api::Node>("", node_name);
  if (node == nullptr || node->spec.provider_id.empty()) return nullptr;
  return NodeClaimByProviderId(node->spec.provider_id);
}

const api::NodeClaim* ClusterState::NodeClaimByProviderId(std::string_view provider_id) const {
  auto it = node_claim_by_provider_id_.find(provider_id);
  return it == node_claim_by_provider_id_.end() ? nullptr : Get<api::NodeClaim>("", it->second);
}

const api::Node* ClusterState::NodeByProviderId(std::string_view provider_id) const {
  auto it = node_by_provider_id_.find(provider_id);
  return it == node_by_provider_id_.end() ? nullptr : Get<api::Node>("", it->second);
}

uint64_t ClusterState::NodeLayerVersion() const {
  return Store<api::Pod>().version() + Store<api::Node>().version() +
         Store<api::NodeClaim>().version() + Store<api::NodePool>().version() +
         Store<api::PodDisruptionBudget>().version();
}

template <class T>
Status ClusterState::DeleteWithFinalizers(std::string_view name, std::string_view resource) {
  const T* object = Get<T>("", name);
  if (object == nullptr) return NotFound(resource, name);
  if (object->metadata.finalizers.empty()) {
    Delete<T>("", name);
    return OkStatus();
  }
  if (object->metadata.deletion_timestamp.empty()) {
    T copy = *object;
    copy.metadata.deletion_timestamp = clock_.Now().ToRfc3339();
    Put(std::move(copy));
  }
  return OkStatus();
}

template <class T>
Status ClusterState::UpdateWithFinalizers(T object, std::string_view resource) {
  const T* old = Get<T>("", object.metadata.name);
  if (old == nullptr) return NotFound(resource, object.metadata.name);
  // The API server keeps deletionTimestamp and creationTimestamp as they are.
  object.metadata.deletion_timestamp = old->metadata.deletion_timestamp;
  object.metadata.creation_timestamp = old->metadata.creation_timestamp;
  if (!object.metadata.deletion_timestamp.empty() && object.metadata.finalizers.empty()) {
    Delete<T>("", object.metadata.name);
    return OkStatus();
  }
  Put(std::move(object));
  return OkStatus();
}

Result<std::string> ClusterState::CreateNodeClaim(api::NodeClaim node_claim) {
  node_claim.metadata.namespace_.clear();
  node_claim.metadata.deletion_timestamp.clear();
  if (Status named = GenerateName(node_claim, "nodeclaims.karpenter.sh"); !named) {
    return Fail(named.error());
  }
  node_claim.metadata.creation_timestamp.clear();  // stamped by Put
  std::string name = node_claim.metadata.name;
  Put(std::move(node_claim));
  return name;
}

Status ClusterState::UpdateNodeClaim(api::NodeClaim node_claim) {
  return UpdateWithFinalizers(std::move(node_claim), "nodeclaims.karpenter.sh");
}

Status ClusterState::DeleteNodeClaim(std::string_view name) {
  return DeleteWithFinalizers<api::NodeClaim>(name, "nodeclaims.karpenter.sh");
}

Status ClusterState::UpdateNodePool(api::NodePool node_pool) {
  return UpdateWithFinalizers(std::move(node_pool), "nodepools.karpenter.sh");
}

Status ClusterState::CreateNode(api::Node node) {
  node.metadata.namespace_.clear();
  if (Status named = GenerateName(node, "nodes"); !named) return named;
  node.metadata.creation_timestamp.clear();
  Put(std::move(node));
  return OkStatus();
}

Status ClusterState::UpdateNode(api::Node node) {
  return UpdateWithFinalizers(std::move(node), "nodes");
}

Status ClusterState::DeleteNode(std::string_view name) {
  return DeleteWithFinalizers<api::Node>(name, "nodes");
}

Status ClusterState::BindPod(std::string_view ns, std::string_view name,
                             std::string_view node_name) {
  const api::Pod* pod = Get<api::Pod>(ns, name);
  if (pod == nullptr) return NotFound("pods", name);
  if (!pod->spec.node_name.empty()) {
    return Fail(ErrorCode::kAlreadyExists, "pod " + std::string(ns) + "/" + std::string(name) +
                                               " is already assigned to node \"" +
                                               pod->spec.node_name + "\"");
  }
  if (Get<api::Node>("", node_name) == nullptr) return NotFound("nodes", node_name);
  api::Pod bound = *pod;
  std::string now = clock_.Now().ToRfc3339();
  bound.spec.node_name = std::string(node_name);
  bound.status.nominated_node_name.clear();
  SetPodCondition(bound, api::kPodScheduled, "True", "", now);
  // The model's kubelet starts a bound pod at once: Running and Ready, started now (duration-form
  // do-not-disrupt counts from status.startTime).
  bound.status.phase = "Running";
  if (bound.status.start_time.empty()) bound.status.start_time = now;
  SetPodCondition(bound, api::kPodReady, "True", "", now);
  Put(std::move(bound));
  return OkStatus();
}

Status ClusterState::NominatePod(std::string_view ns, std::string_view name,
                                 std::string_view node_name) {
  api::Pod* pod = GetMutable<api::Pod>(ns, name);
  if (pod == nullptr) return NotFound("pods", name);
  pod->status.nominated_node_name = std::string(node_name);
  return OkStatus();
}

Status ClusterState::EvictPod(std::string_view ns, std::string_view name) {
  const api::Pod* pod = Get<api::Pod>(ns, name);
  if (pod == nullptr) return NotFound("pods", name);
  // Pods that are not running (or already going) are deleted without a budget check.
  bool check_budgets = pod->status.phase != "Pending" && !IsTerminalPhase(*pod) &&
                       pod->metadata.deletion_timestamp.empty();
  if (check_budgets) {
    std::vector<std::pair<const api::PodDisruptionBudget*, PdbSelector>> matching;
    for (const auto& [key, pdb] : Store<api::PodDisruptionBudget>().InNamespace(ns)) {
      PdbSelector selector(pdb);
      if (selector.Selects(*pod)) matching.emplace_back(&pdb, std::move(selector));
    }
    if (matching.size() > 1) {
      return Fail(ErrorCode::kInternal,
                  "This pod has more than one PodDisruptionBudget, which the eviction "
                  "subresource does not support.");
    }
    if (matching.size() == 1) {
      const api::PodDisruptionBudget& pdb = *matching.front().first;
      const PdbSelector& selector = matching.front().second;
      std::vector<const api::Pod*> selected;
      for (const auto& [key, other] : Store<api::Pod>().InNamespace(ns)) {
        if (selector.Selects(other)) selected.push_back(&other);
      }
      Result<PdbAllowance> allowance = ComputePdbAllowance(pdb, selected);
      if (!allowance) return Fail(allowance.error());
      bool allowed = allowance->disruptions_allowed > 0;
      if (!allowed && !PdbHealthy(*pod)) {
        // An unhealthy pod may go when the policy says so, or while the budget is met.
        bool always = pdb.spec.unhealthy_pod_eviction_policy.value_or("") == api::kAlwaysAllow;
        allowed = always || allowance->current_healthy >= allowance->desired_healthy;
      }
      if (!allowed) {
        return Fail(ErrorCode::kUnavailable,
                    "Cannot evict pod as it would violate the pod's disruption budget. The "
                    "disruption budget " +
                        pdb.metadata.name + " needs " + std::to_string(allowance->desired_healthy) +
                        " healthy pods and has " + std::to_string(allowance->current_healthy) +
                        " currently");
      }
    }
  }
  Delete<api::Pod>(ns, name);
  return OkStatus();
}

Status ClusterState::DeletePod(std::string_view ns, std::string_view name) {
  if (!Delete<api::Pod>(ns, name)) return NotFound("pods", name);
  return OkStatus();
}

}  // namespace tidepool::cluster
