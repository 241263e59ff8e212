#include "provisioning/plan_input.h"

#include <algorithm>
#include <string_view>

#include "api/k8s/config.h"
#include "api/karpenter/ec2nodeclass.h"
#include "scheduling/scheduler.h"

namespace tidepool::provisioning {
namespace {

bool IsFinished(const api::Pod& pod) {
  return pod.status.phase == api::kPodSucceeded || pod.status.phase == api::kPodFailed;
}

template <class T>
void SortByName(std::vector<const T*>& objects) {
  std::stable_sort(objects.begin(), objects.end(), [](const T* a, const T* b) {
    if (a->metadata.namespace_ != b->metadata.namespace_) {
      return a->metadata.namespace_ < b->metadata.namespace_;
    }
    return a->metadata.name < b->metadata.name;
  });
}

bool IsTidepoolKind(const api::Object& object, std::string_view kind) {
  return object.kind == kind && object.api_version.starts_with("tidepool.dev/");
}

}  // namespace

std::string PodKey(const api::Pod& pod) {
  const std::string& ns = pod.metadata.namespace_;
  return (ns.empty() ? std::string("default") : ns) + "/" + pod.metadata.name;
}

Result<PlanInput> AssemblePlanInput(manifest::LoadResult& loaded) {
  PlanInput input;
  for (manifest::LoadedObject& lo : loaded.objects) {
    if (!lo.object) continue;
    api::Object* object = lo.object.get();
    input.owned.push_back(std::move(lo.object));
    if (auto* pod = dynamic_cast<const api::Pod*>(object)) {
      if (IsFinished(*pod)) continue;
      if (!pod->spec.node_name.empty()) {
        input.bound_pods.push_back(pod);
      } else if (scheduling::IsProvisionable(*pod, /*require_unschedulable_condition=*/false)) {
        input.pending_pods.push_back(pod);
      }
    } else if (auto* pool = dynamic_cast<const api::NodePool*>(object)) {
      input.node_pools.push_back(pool);
    } else if (auto* node = dynamic_cast<const api::Node*>(object)) {
      input.nodes.push_back(node);
    } else if (auto* claim = dynamic_cast<const api::NodeClaim*>(object)) {
      input.node_claims.push_back(claim);
    } else if (auto* ds = dynamic_cast<const api::DaemonSet*>(object)) {
      input.daemon_sets.push_back(ds);
    } else if (auto* rc = dynamic_cast<const api::RuntimeClass*>(object)) {
      input.runtime_classes.push_back(rc);
    } else if (auto* ns = dynamic_cast<const api::Namespace*>(object)) {
      input.namespace_labels[ns->metadata.name] = ns->metadata.labels;
    } else if (dynamic_cast<const api::EC2NodeClass*>(object) != nullptr) {
      // Accepted for completeness: node classes do not change which nodes fit.
    } else if (IsTidepoolKind(*object, "InstanceCatalog")) {
      if (input.instance_catalog != nullptr) {
        return Fail(ErrorCode::kInvalidArgument,
                    lo.file + ":" + std::to_string(lo.doc) +
                        ": only one InstanceCatalog may be given to plan");
      }
      input.instance_catalog = object;
    } else if (IsTidepoolKind(*object, "PlanOptions")) {
      if (input.plan_options != nullptr) {
        return Fail(ErrorCode::kInvalidArgument, lo.file + ":" + std::to_string(lo.doc) +
                                                     ": only one PlanOptions may be given to plan");
      }
      input.plan_options = object;
    } else {
      input.ignored.push_back(object->DisplayName());
    }
  }
  loaded.objects.clear();
  SortByName(input.node_pools);
  SortByName(input.pending_pods);
  SortByName(input.bound_pods);
  SortByName(input.nodes);
  SortByName(input.node_claims);
  SortByName(input.daemon_sets);
  SortByName(input.runtime_classes);
  return input;
}

}  // namespace tidepool::provisioning
