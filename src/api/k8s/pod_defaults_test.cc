#include <gtest/gtest.h>

#include "api/k8s/k8s_test_util.h"
#include "api/k8s/pod.h"

namespace tidepool::api {
namespace {

using testing::MustDecode;

Quantity Q(const char* text) { return Quantity::MustParse(text); }

Container MakeContainer(ResourceList requests, ResourceList limits = {}) {
  Container c;
  c.name = "c";
  c.image = "i";
  c.resources.requests = std::move(requests);
  c.resources.limits = std::move(limits);
  return c;
}

Container Sidecar(ResourceList requests) {
  Container c = MakeContainer(std::move(requests));
  c.restart_policy = kRestartPolicyAlways;
  return c;
}

// Ported from k8s.io/kubernetes pkg/apis/core/v1/defaults_test.go (TestSetDefaultPodSpec...,
// TestSetDefaultsContainerPort-style cases): the PodSpec defaults that apply to templates too.
TEST(PodDefaultsTest, PodSpecDefaults) {
  PodSpec spec;
  spec.containers.push_back(MakeContainer({}));
  spec.containers[0].ports.push_back({});
  spec.containers[0].ports[0].container_port = 80;
  SetDefaults(spec);
  EXPECT_EQ(spec.restart_policy, kRestartPolicyAlways);
  EXPECT_EQ(spec.dns_policy, "ClusterFirst");
  EXPECT_EQ(spec.termination_grace_period_seconds, 30);
  EXPECT_EQ(spec.scheduler_name, kDefaultSchedulerName);
  EXPECT_EQ(spec.containers[0].ports[0].protocol, "TCP");
  EXPECT_EQ(spec.containers[0].ports[0].host_port, 0);  // no hostNetwork
}

TEST(PodDefaultsTest, ExplicitValuesAreKept) {
  PodSpec spec;
  spec.restart_policy = kRestartPolicyNever;
  spec.dns_policy = "Default";
  spec.termination_grace_period_seconds = 0;
  spec.scheduler_name = "my-scheduler";
  SetDefaults(spec);
  EXPECT_EQ(spec.restart_policy, kRestartPolicyNever);
  EXPECT_EQ(spec.dns_policy, "Default");
  EXPECT_EQ(spec.termination_grace_period_seconds, 0);
  EXPECT_EQ(spec.scheduler_name, "my-scheduler");
}

// Ported from pkg/apis/core/v1/defaults_test.go TestSetDefaultRequestsPod: requests default to
// limits on Pods, key by key, without overriding requests that are set.
TEST(PodDefaultsTest, PodRequestsDefaultToLimits) {
  Pod pod;
  pod.spec.containers.push_back(
      MakeContainer({{"cpu", Q("100m")}}, {{"cpu", Q("1")}, {"memory", Q("1Gi")}}));
  pod.spec.init_containers.push_back(MakeContainer({}, {{"memory", Q("2Gi")}}));
  pod.spec.containers.push_back(MakeContainer({{"cpu", Q("1")}}));  // no limits: unchanged
  SetDefaults(pod);
  EXPECT_EQ(pod.spec.containers[0].resources.requests,
            (ResourceList{{"cpu", Q("100m")}, {"memory", Q("1Gi")}}));
  EXPECT_EQ(pod.spec.init_containers[0].resources.requests, (ResourceList{{"memory", Q("2Gi")}}));
  EXPECT_EQ(pod.spec.containers[1].resources.requests, (ResourceList{{"cpu", Q("1")}}));
}

// Upstream applies the limits-to-requests rule to Pods only, not to pod templates.
TEST(PodDefaultsTest, TemplateRequestsAreNotDefaulted) {
  PodSpec spec;
  spec.containers.push_back(MakeContainer({}, {{"cpu", Q("1")}}));
  SetDefaults(spec);
  EXPECT_TRUE(spec.containers[0].resources.requests.empty());
}

// Ported from pkg/apis/core/v1/defaults_test.go TestSetDefaultHostPort-style behaviour: under
// hostNetwork a pod's hostPort defaults to its containerPort.
TEST(PodDefaultsTest, HostNetworkDefaultsHostPorts) {
  Pod pod;
  pod.spec.host_network = true;
  pod.spec.containers.push_back(MakeContainer({}));
  pod.spec.containers[0].ports.resize(2);
  pod.spec.containers[0].ports[0].container_port = 8080;
  pod.spec.containers[0].ports[1].container_port = 9090;
  pod.spec.containers[0].ports[1].host_port = 9091;
  SetDefaults(pod);
  EXPECT_EQ(pod.spec.containers[0].ports[0].host_port, 8080);
  EXPECT_EQ(pod.spec.containers[0].ports[1].host_port, 9091);
}

// Ported from k8s.io/component-helpers/resource/helpers_test.go TestPodRequestsAndLimits.
TEST(PodRequestsTest, ComponentHelpersPodRequestsAndLimits) {
  struct Case {
    const char* name;
    ResourceList requests, limits, overhead, expected;
  };
  const Case cases[] = {
      {"just-overhead",
       {},
       {},
       {{"cpu", Q("5")}, {"memory", Q("5")}},
       {{"cpu", Q("5")}, {"memory", Q("5")}}},
      {"req-and-overhead",
       {{"cpu", Q("1")}, {"memory", Q("10")}},
       {},
       {{"cpu", Q("5")}, {"memory", Q("5")}},
       {{"cpu", Q("6")}, {"memory", Q("15")}}},
      {"all-req-lim-and-overhead",
       {{"cpu", Q("1")}, {"memory", Q("10")}},
       {{"cpu", Q("2")}, {"memory", Q("12")}},
       {{"cpu", Q("5")}, {"memory", Q("5")}},
       {{"cpu", Q("6")}, {"memory", Q("15")}}},
      {"req-some-lim-and-overhead",
       {{"cpu", Q("1")}, {"memory", Q("10")}},
       {{"cpu", Q("2")}},
       {{"cpu", Q("5")}, {"memory", Q("5")}},
       {{"cpu", Q("6")}, {"memory", Q("15")}}},
  };
  for (const Case& c : cases) {
    PodSpec spec;
    spec.containers.push_back(MakeContainer(c.requests, c.limits));
    spec.overhead = c.overhead;
    EXPECT_EQ(PodRequests(spec), c.expected) << c.name;
  }
}

// Upstream's "just-limit-no-overhead" case expects no requests because the helper assumes an
// already-defaulted pod. PodRequests applies the API server's limits-to-requests default first, so
// a template with only limits is sized as the pod it becomes.
TEST(PodRequestsTest, LimitsOnlyCountAsRequests) {
  PodSpec spec;
  spec.containers.push_back(MakeContainer({}, {{"cpu", Q("9")}}));
  EXPECT_EQ(PodRequests(spec), (ResourceList{{"cpu", Q("9")}}));
}

// Ported from component-helpers TestPodRequestsAndLimitsWithoutOverhead ("two container with
// overhead, massive init - should just be the largest init") with overhead included.
TEST(PodRequestsTest, LargestInitContainerWins) {
  PodSpec spec;
  spec.containers.push_back(MakeContainer({{"cpu", Q("1")}, {"memory", Q("5")}}));
  spec.containers.push_back(MakeContainer({{"cpu", Q("4")}, {"memory", Q("12")}}));
  spec.init_containers.push_back(MakeContainer({{"cpu", Q("1")}, {"memory", Q("5")}}));
  spec.init_containers.push_back(MakeContainer({{"cpu", Q("40")}, {"memory", Q("120")}}));
  EXPECT_EQ(PodRequests(spec), (ResourceList{{"cpu", Q("40")}, {"memory", Q("120")}}));
  spec.overhead = {{"cpu", Q("3")}, {"memory", Q("8")}};
  EXPECT_EQ(PodRequests(spec), (ResourceList{{"cpu", Q("43")}, {"memory", Q("128")}}));
}

// Ported from component-helpers TestPodResourceRequests ("nil options, larger init container",
// "nil options, larger containers", "pod overhead included").
TEST(PodRequestsTest, ComponentHelpersPodResourceRequests) {
  PodSpec larger_init;
  larger_init.init_containers.push_back(MakeContainer({{"cpu", Q("4")}}));
  larger_init.containers.push_back(MakeContainer({{"cpu", Q("1")}}));
  EXPECT_EQ(PodRequests(larger_init), (ResourceList{{"cpu", Q("4")}}));

  PodSpec larger_containers;
  larger_containers.init_containers.push_back(MakeContainer({{"cpu", Q("2")}}));
  larger_containers.containers.push_back(MakeContainer({{"cpu", Q("2")}}));
  larger_containers.containers.push_back(MakeContainer({{"cpu", Q("3")}}));
  EXPECT_EQ(PodRequests(larger_containers), (ResourceList{{"cpu", Q("5")}}));

  PodSpec with_overhead = larger_containers;
  with_overhead.init_containers[0].resources.limits = {{"cpu", Q("2")}};
  with_overhead.overhead = {{"cpu", Q("1")}, {"memory", Q("1Gi")}};
  EXPECT_EQ(PodRequests(with_overhead), (ResourceList{{"cpu", Q("6")}, {"memory", Q("1Gi")}}));
}

// Sidecars (restartable init containers) run next to the regular containers for the pod's whole
// life, and next to every init container that starts after them (KEP-753, as in component-helpers
// TestPodResourceRequests' restartable init container cases).
TEST(PodRequestsTest, SidecarsAddToContainersAndLaterInitContainers) {
  PodSpec spec;
  spec.init_containers.push_back(MakeContainer({{"cpu", Q("1")}}));  // before the sidecar: alone
  spec.init_containers.push_back(Sidecar({{"cpu", Q("2")}}));
  spec.init_containers.push_back(MakeContainer({{"cpu", Q("5")}}));  // runs with the sidecar: 7
  spec.containers.push_back(MakeContainer({{"cpu", Q("3")}}));       // 3 + sidecar 2 = 5
  EXPECT_EQ(PodRequests(spec), (ResourceList{{"cpu", Q("7")}}));

  spec.init_containers[2].resources.requests = {{"cpu", Q("1")}};  // now 3 with the sidecar
  EXPECT_EQ(PodRequests(spec), (ResourceList{{"cpu", Q("5")}}));

  spec.init_containers.push_back(Sidecar({{"memory", Q("1Gi")}}));
  EXPECT_EQ(PodRequests(spec), (ResourceList{{"cpu", Q("5")}, {"memory", Q("1Gi")}}));
}

TEST(PodRequestsTest, PodLevelResourcesOverrideContainers) {
  PodSpec spec;
  spec.containers.push_back(MakeContainer({{"cpu", Q("1")}, {"nvidia.com/gpu", Q("1")}}));
  spec.resources.emplace();
  spec.resources->requests = {{"cpu", Q("2")}};
  spec.resources->limits = {{"memory", Q("4Gi")}};
  spec.overhead = {{"cpu", Q("100m")}};
  EXPECT_EQ(PodRequests(spec),
            (ResourceList{{"cpu", Q("2100m")}, {"memory", Q("4Gi")}, {"nvidia.com/gpu", Q("1")}}));
}

// The effective requests of a pod decoded from a manifest, after the API server's defaults.
TEST(PodRequestsTest, DecodedPod) {
  Pod pod = MustDecode<Pod>(Json::parse(R"({
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
    "spec": {
      "initContainers": [
        {"name": "migrate", "image": "m", "resources": {"requests": {"cpu": "2", "memory": "512Mi"}}},
        {"name": "mesh", "image": "e", "restartPolicy": "Always",
         "resources": {"limits": {"cpu": "250m", "memory": "128Mi"}}}
      ],
      "containers": [
        {"name": "app", "image": "a", "resources": {"requests": {"cpu": "500m"}, "limits": {"memory": "1Gi"}}},
        {"name": "log", "image": "l", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}
      ],
      "overhead": {"memory": "32Mi"}
    }
  })"));
  SetDefaults(pod);
  // containers: cpu 500m+100m+250m = 850m, memory 1Gi+64Mi+128Mi = 1216Mi; init peak: cpu 2,
  // memory 512Mi; max then overhead.
  EXPECT_EQ(PodRequests(pod.spec), (ResourceList{{"cpu", Q("2")}, {"memory", Q("1248Mi")}}));
}

}  // namespace
}  // namespace tidepool::api
