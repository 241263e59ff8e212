// A pod spec's effective resources, on top of api/resource_math.h (k8s.io/component-helpers
// resource.PodRequests, the rule the scheduler and Karpenter use to size a pod).
#include "api/k8s/pod.h"

namespace tidepool::api {
namespace {

std::vector<ContainerResources> ResourcesOf(const std::vector<Container>& containers) {
  std::vector<ContainerResources> out;
  out.reserve(containers.size());
  for (const Container& c : containers) {
    out.push_back({c.resources, c.restart_policy && *c.restart_policy == kRestartPolicyAlways});
  }
  return out;
}

}  // namespace

PodResourceInputs PodResourceInputsOf(const PodSpec& spec) {
  PodResourceInputs inputs;
  inputs.containers = ResourcesOf(spec.containers);
  inputs.init_containers = ResourcesOf(spec.init_containers);
  inputs.overhead = spec.overhead;
  inputs.pod_level = spec.resources;
  return inputs;
}

ResourceList PodRequests(const PodSpec& spec) {
  PodSpec defaulted = spec;
  DefaultRequestsFromLimits(defaulted);
  return PodRequests(PodResourceInputsOf(defaulted));
}

}  // namespace tidepool::api
