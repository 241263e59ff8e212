// Pod defaults after k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec,
// SetDefaults_Pod) and the declarative defaults of k8s.io/api core/v1 (ContainerPort.protocol).
//
// Not applied, because nothing in tidepool reads them and they would only add noise to encoded
// objects: securityContext {}, enableServiceLinks, container imagePullPolicy,
// terminationMessagePath/Policy, probe timings, volume modes.
#include "api/k8s/pod.h"

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
