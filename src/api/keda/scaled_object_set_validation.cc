#include "api/keda/scaled_object_set_validation.h"

#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "api/k8s/workloads.h"
#include "api/keda/scaled_object.h"

namespace tidepool::api::keda {

namespace {

std::string NamespaceOf(const Object& o) {
  return o.metadata.namespace_.empty() ? "default" : o.metadata.namespace_;
}

struct IndexedScaledObject {
  size_t index;
  const ScaledObject* so;
};

// Deployments and StatefulSets of the set by (namespace, "group/version.Kind", name).
using WorkloadKey = std::tuple<std::string, std::string, std::string>;

// The pod template of an apps/v1 Deployment or StatefulSet, with its "group/version.Kind".
std::pair<std::string, const PodSpec*> TemplateOf(const Object& o) {
  if (o.api_version != "apps/v1") return {"", nullptr};
  if (const auto* d = dynamic_cast<const Deployment*>(&o)) {
    return {"apps/v1.Deployment", &d->spec.template_.spec};
  }
  if (const auto* s = dynamic_cast<const StatefulSet*>(&o)) {
    return {"apps/v1.StatefulSet", &s->spec.template_.spec};
  }
  return {"", nullptr};
}

// isWorkloadResourceSet: a request or a limit for the resource, and one of them above zero.
bool ResourceSet(const ResourceRequirements& r, const std::string& resource) {
  auto request = r.requests.find(resource);
  auto limit = r.limits.find(resource);
  const bool request_positive = request != r.requests.end() && request->second.Sign() > 0;
  const bool limit_positive = limit != r.limits.end() && limit->second.Sign() > 0;
  return request_positive || limit_positive;
}

std::string HpaNamePath(const ScaledObject& so) {
  return HpaName(so) == std::string(kHpaNamePrefix) + so.metadata.name
             ? "metadata.name"
             : "spec.advanced.horizontalPodAutoscalerConfig.name";
}

void CheckDuplicates(const std::vector<IndexedScaledObject>& sos,
                     std::vector<ObjectFieldError>& errors) {
  std::map<WorkloadKey, const ScaledObject*> by_target;
  std::map<std::pair<std::string, std::string>, const ScaledObject*> by_hpa;
  for (const IndexedScaledObject& entry : sos) {
    const ScaledObject& so = *entry.so;
    const std::string ns = NamespaceOf(so);
    Result<GroupVersionKind> gvk =
        ScaleTargetGvk(so.spec.scale_target_ref.api_version, so.spec.scale_target_ref.kind);
    if (gvk) {
      const WorkloadKey key{ns, gvk->GvkString(), so.spec.scale_target_ref.name};
      auto [it, inserted] = by_target.emplace(key, &so);
      if (!inserted && it->second->metadata.name != so.metadata.name) {
        errors.push_back(
            {entry.index,
             {"spec.scaleTargetRef.name",
              "the workload '" + so.spec.scale_target_ref.name + "' of type '" + gvk->GvkString() +
                  "' is already managed by the ScaledObject '" + it->second->metadata.name + "'"}});
      }
    }
    const std::string hpa = HpaName(so);
    auto [it, inserted] = by_hpa.emplace(std::make_pair(ns, hpa), &so);
    if (!inserted && it->second->metadata.name != so.metadata.name) {
      errors.push_back(
          {entry.index,
           {HpaNamePath(so), "the HPA '" + hpa + "' is already managed by the ScaledObject '" +
                                 it->second->metadata.name + "'"}});
    }
  }
}

void CheckResourceRequests(const IndexedScaledObject& entry,
                           const std::map<WorkloadKey, const PodSpec*>& workloads,
                           std::vector<ObjectFieldError>& errors) {
  const ScaledObject& so = *entry.so;
  Result<GroupVersionKind> gvk =
      ScaleTargetGvk(so.spec.scale_target_ref.api_version, so.spec.scale_target_ref.kind);
  if (!gvk) return;
  auto it = workloads.find({NamespaceOf(so), gvk->GvkString(), so.spec.scale_target_ref.name});
  if (it == workloads.end()) return;
  const PodSpec& pod = *it->second;
  for (size_t i = 0; i < so.spec.triggers.size(); ++i) {
    const ScaleTrigger& t = so.spec.triggers[i];
    if (!IsCpuOrMemory(t)) continue;
    auto named = t.metadata.find("containerName");
    const std::string container_name = named == t.metadata.end() ? "" : named->second;
    for (const Container& c : pod.containers) {
      if (!container_name.empty() && c.name != container_name) continue;
      if (ResourceSet(c.resources, t.type)) continue;
      errors.push_back({entry.index,
                        {Index("spec.triggers", i),
                         "the scaledobject has a " + t.type + " trigger but the container " +
                             c.name + " doesn't have the " + t.type + " request defined"}});
    }
  }
}

}  // namespace

void ValidateScaledObjectSet(const std::vector<const Object*>& objects,
                             std::vector<ObjectFieldError>& errors) {
  std::vector<IndexedScaledObject> sos;
  std::map<WorkloadKey, const PodSpec*> workloads;
  for (size_t i = 0; i < objects.size(); ++i) {
    const Object* o = objects[i];
    if (o == nullptr) continue;
    if (const auto* so = dynamic_cast<const ScaledObject*>(o)) {
      sos.push_back({i, so});
    } else if (auto [gvk, pod] = TemplateOf(*o); pod != nullptr) {
      workloads.emplace(WorkloadKey{NamespaceOf(*o), gvk, o->metadata.name}, pod);
    }
  }
  CheckDuplicates(sos, errors);
  for (const IndexedScaledObject& entry : sos) CheckResourceRequests(entry, workloads, errors);
}

}  // namespace tidepool::api::keda
