#include "cluster/cluster_state.h"

#include <string>
#include <utility>

#include "api/keda/annotations.h"
#include "api/selector.h"

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
  if (const api::OwnerReference* owner = ControllerOf(pod.metadata)) {
    AddTo(pods_by_owner_, ns, OwnerValue(owner->kind, owner->name), pod.metadata.name);
  }
  std::string_view job = LabelValue(pod.metadata, kJobNameLabel);
  if (!job.empty()) AddTo(pods_by_job_, ns, job, pod.metadata.name);
}

void ClusterState::Unindex(const api::Pod& pod) {
  const std::string& ns = pod.metadata.namespace_;
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

Result<std::string> ClusterState::CreateJob(api::Job job) {
  if (job.metadata.name.empty()) {
    if (job.metadata.generate_name.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "Job: metadata.name: Required value: name or generateName is required");
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
      job.metadata.name = job.metadata.generate_name + suffix;
    } while (Get<api::Job>(job.metadata.namespace_, job.metadata.name) != nullptr);
  } else if (Get<api::Job>(job.metadata.namespace_, job.metadata.name) != nullptr) {
    return Fail(ErrorCode::kAlreadyExists,
                "jobs.batch \"" + job.metadata.name + "\" already exists");
  }
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

}  // namespace tidepool::cluster
