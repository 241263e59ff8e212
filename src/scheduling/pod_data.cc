#include "scheduling/pod_data.h"

#include "api/resource_math.h"

namespace tidepool::scheduling {

std::string PodKey(const api::Pod& pod) {
  const std::string& ns = pod.metadata.namespace_;
  return (ns.empty() ? std::string("default") : ns) + "/" + pod.metadata.name;
}

api::ResourceList RuntimeOverhead(const api::Pod& pod,
                                  std::span<const api::RuntimeClass* const> runtime_classes) {
  if (!pod.spec.overhead.empty() || !pod.spec.runtime_class_name) return pod.spec.overhead;
  for (const api::RuntimeClass* rc : runtime_classes) {
    if (rc->metadata.name == *pod.spec.runtime_class_name && rc->overhead) {
      return rc->overhead->pod_fixed;
    }
  }
  return {};
}

api::ResourceList PodRequestsWithOverhead(
    const api::Pod& pod, std::span<const api::RuntimeClass* const> runtime_classes) {
  api::ResourceList requests;
  if (pod.spec.overhead.empty() && pod.spec.runtime_class_name) {
    api::PodSpec spec = pod.spec;
    spec.overhead = RuntimeOverhead(pod, runtime_classes);
    requests = api::PodRequests(spec);
  } else {
    requests = api::PodRequests(pod.spec);
  }
  requests[api::kResourcePods] = Quantity::FromInt(1);
  return requests;
}

void ComputePodData(const api::Pod& pod, std::span<const api::RuntimeClass* const> runtime_classes,
                    const ResourceIndex& index, bool ignore_preferences, PodData& data) {
  data.pod = &pod;
  data.key = PodKey(pod);
  data.uid = pod.metadata.uid.empty() ? data.key : pod.metadata.uid;
  data.requests = PodRequestsWithOverhead(pod, runtime_classes);
  data.dense = index.Dense(data.requests);
  const api::NodeSelector* required = nullptr;
  std::span<const api::PreferredSchedulingTerm> preferred;
  if (pod.spec.affinity && pod.spec.affinity->node_affinity) {
    const api::NodeAffinity& node_affinity = *pod.spec.affinity->node_affinity;
    if (node_affinity.required_during_scheduling_ignored_during_execution) {
      required = &*node_affinity.required_during_scheduling_ignored_during_execution;
    }
    preferred = node_affinity.preferred_during_scheduling_ignored_during_execution;
  }
  data.strict_requirements = api::Requirements::ForPod(pod.spec.node_selector, required, preferred,
                                                       api::PodRequirementType::kRequiredOnly);
  if (ignore_preferences || preferred.empty()) {
    data.requirements = data.strict_requirements;
  } else {
    data.requirements = api::Requirements::ForPod(pod.spec.node_selector, required, preferred,
                                                  api::PodRequirementType::kAll);
  }
  data.host_ports = GetHostPorts(pod);
}

}  // namespace tidepool::scheduling
