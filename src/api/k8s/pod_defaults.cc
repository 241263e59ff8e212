// Pod defaults after k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec,
// SetDefaults_Pod) and the declarative defaults of k8s.io/api core/v1 (ContainerPort.protocol).
//
// Not applied, because nothing in tidepool reads them and they would only add noise to encoded
// objects: securityContext {}, enableServiceLinks, container imagePullPolicy,
// terminationMessagePath/Policy, probe timings, volume modes.
#include "api/k8s/pod.h"
#include "api/resource_math.h"

namespace tidepool::api {
namespace {

constexpr int64_t kDefaultTerminationGracePeriodSeconds = 30;

void DefaultPorts(std::vector<Container>& containers) {
  for (Container& c : containers) {
    for (ContainerPort& p : c.ports) {
      if (p.protocol.empty()) p.protocol = "TCP";
    }
  }
}

void DefaultHostNetworkPorts(std::vector<Container>& containers) {
  for (Container& c : containers) {
    for (ContainerPort& p : c.ports) {
      if (p.host_port == 0) p.host_port = p.container_port;
    }
  }
}

void DefaultRequests(std::vector<Container>& containers) {
  for (Container& c : containers) {
    for (const auto& [name, limit] : c.resources.limits) c.resources.requests.emplace(name, limit);
  }
}

}  // namespace

void SetDefaults(PodSpec& spec) {
  if (spec.dns_policy.empty()) spec.dns_policy = "ClusterFirst";
  if (spec.restart_policy.empty()) spec.restart_policy = kRestartPolicyAlways;
  if (!spec.termination_grace_period_seconds) {
    spec.termination_grace_period_seconds = kDefaultTerminationGracePeriodSeconds;
  }
  if (spec.scheduler_name.empty()) spec.scheduler_name = kDefaultSchedulerName;
  DefaultPorts(spec.containers);
  DefaultPorts(spec.init_containers);
}

void DefaultRequestsFromLimits(PodSpec& spec) {
  DefaultRequests(spec.containers);
  DefaultRequests(spec.init_containers);
  if (!spec.resources || spec.resources->limits.empty()) return;
  // defaultPodRequests: only when pod-level limits are set.
  const ResourceList aggregate = AggregateContainerRequests(PodResourceInputsOf(spec));
  ResourceList& pod_requests = spec.resources->requests;
  for (const auto& [name, q] : aggregate) {
    // Overcommittable pod-level resources: cpu and memory (not hugepages).
    if (name == kResourceCPU || name == kResourceMemory) pod_requests.emplace(name, q);
  }
  for (const auto& [name, q] : spec.resources->limits) {
    if (IsSupportedPodLevelResource(name)) pod_requests.emplace(name, q);
  }
}

void SetDefaults(Pod& pod) {
  SetDefaults(pod.spec);
  DefaultRequestsFromLimits(pod.spec);
  if (pod.spec.host_network) {
    DefaultHostNetworkPorts(pod.spec.containers);
    DefaultHostNetworkPorts(pod.spec.init_containers);
  }
}

}  // namespace tidepool::api
