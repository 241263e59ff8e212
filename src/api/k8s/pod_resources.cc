// The pod's effective requests, after k8s.io/component-helpers resource.PodRequests (the rule the
// scheduler and Karpenter use to size a pod).
#include "api/k8s/pod.h"

namespace tidepool::api {
namespace {

void AddTo(ResourceList& total, const ResourceList& add) {
  for (const auto& [name, q] : add) {
    auto [it, inserted] = total.emplace(name, q);
    if (!inserted) it->second += q;
  }
}

void MaxInto(ResourceList& total, const ResourceList& other) {
  for (const auto& [name, q] : other) {
    auto [it, inserted] = total.emplace(name, q);
    if (!inserted && q > it->second) it->second = q;
  }
}

bool IsRestartable(const Container& c) {
  return c.restart_policy && *c.restart_policy == kRestartPolicyAlways;
}

// Resources that may be set at pod level (resource.IsSupportedPodLevelResource).
bool IsPodLevelResource(const std::string& name) {
  return name == kResourceCPU || name == kResourceMemory || name.rfind("hugepages-", 0) == 0;
}

}  // namespace

ResourceList PodRequests(const PodSpec& input) {
  PodSpec spec = input;
  DefaultRequestsFromLimits(spec);

  ResourceList requests;
  for (const Container& c : spec.containers) AddTo(requests, c.resources.requests);

  // Init containers run one at a time, each alongside the sidecars started before it; sidecars
  // (restartable init containers) then keep running next to the regular containers.
  ResourceList sidecars;
  ResourceList init_peak;
  for (const Container& c : spec.init_containers) {
    if (IsRestartable(c)) {
      AddTo(requests, c.resources.requests);
      AddTo(sidecars, c.resources.requests);
      MaxInto(init_peak, sidecars);
    } else {
      ResourceList running = c.resources.requests;
      AddTo(running, sidecars);
      MaxInto(init_peak, running);
    }
  }
  MaxInto(requests, init_peak);

  // Pod-level resources override the containers' aggregate; pod-level limits stand in for
  // requests that nobody set (defaultPodRequests).
  if (spec.resources) {
    for (const auto& [name, q] : spec.resources->requests) {
      if (IsPodLevelResource(name)) requests[name] = q;
    }
    for (const auto& [name, q] : spec.resources->limits) {
      if (IsPodLevelResource(name)) requests.emplace(name, q);
    }
  }
  AddTo(requests, spec.overhead);
  return requests;
}

}  // namespace tidepool::api
