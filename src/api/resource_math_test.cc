#include "api/resource_math.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tidepool::api {
namespace {

// "cpu=1,memory=5Gi" -> ResourceList.
ResourceList RL(std::string_view text) {
  ResourceList out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    size_t eq = item.find('=');
    out[std::string(item.substr(0, eq))] = Quantity::MustParse(item.substr(eq + 1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

ContainerResources Ctr(std::string_view requests, std::string_view limits = "") {
  ContainerResources c;
  c.resources.requests = RL(requests);
  c.resources.limits = RL(limits);
  return c;
}
ContainerResources Sidecar(std::string_view requests, std::string_view limits = "") {
  ContainerResources c = Ctr(requests, limits);
  c.restartable_init = true;
  return c;
}

PodResourceInputs Pod(std::vector<ContainerResources> containers,
                      std::vector<ContainerResources> init = {}, std::string_view overhead = "") {
  PodResourceInputs pod;
  pod.containers = std::move(containers);
  pod.init_containers = std::move(init);
  pod.overhead = RL(overhead);
  return pod;
}

// upstream's getPod: one container and one init container with the same resources.
PodResourceInputs GetPod(std::string_view requests, std::string_view limits,
                         std::string_view overhead) {
  return Pod({Ctr(requests, limits)}, {Ctr(requests, limits)}, overhead);
}

// Ported from k8s.io/component-helpers resource/helpers_test.go TestPodRequestsAndLimits.
TEST(ResourceMathTest, UpstreamPodRequestsAndLimits) {
  struct Case {
    const char* name;
    PodResourceInputs pod;
    ResourceList requests;
    ResourceList limits;
  };
  const std::vector<Case> cases = {
      {"just-limit-no-overhead", GetPod("", "cpu=9", ""), {}, RL("cpu=9")},
      {"just-overhead", GetPod("", "", "cpu=5,memory=5"), RL("cpu=5,memory=5"), {}},
      {"req-and-overhead",
       GetPod("cpu=1,memory=10", "", "cpu=5,memory=5"),
       RL("cpu=6,memory=15"),
       {}},
      {"all-req-lim-and-overhead", GetPod("cpu=1,memory=10", "cpu=2,memory=12", "cpu=5,memory=5"),
       RL("cpu=6,memory=15"), RL("cpu=7,memory=17")},
      {"req-some-lim-and-overhead", GetPod("cpu=1,memory=10", "cpu=2", "cpu=5,memory=5"),
       RL("cpu=6,memory=15"), RL("cpu=7")},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(PodRequests(c.pod), c.requests) << c.name;
    EXPECT_EQ(PodLimits(c.pod), c.limits) << c.name;
  }
}

// Ported from helpers_test.go TestPodRequestsAndLimitsWithoutOverhead.
TEST(ResourceMathTest, UpstreamPodRequestsAndLimitsWithoutOverhead) {
  const std::vector<ContainerResources> two = {Ctr("cpu=1,memory=5", "cpu=2,memory=10"),
                                               Ctr("cpu=4,memory=12", "cpu=8,memory=24")};
  struct Case {
    const char* name;
    PodResourceInputs pod;
    ResourceList requests;
    ResourceList limits;
  };
  const std::vector<Case> cases = {
      {"two container no overhead", Pod(two), RL("cpu=5,memory=17"), RL("cpu=10,memory=34")},
      {"two container with overhead", Pod(two, {}, "cpu=3,memory=8"), RL("cpu=5,memory=17"),
       RL("cpu=10,memory=34")},
      {"two container with overhead, massive init",
       Pod(two,
           {Ctr("cpu=1,memory=5", "cpu=1,memory=5"), Ctr("cpu=40,memory=120", "cpu=80,memory=240")},
           "cpu=3,memory=8"),
       RL("cpu=40,memory=120"), RL("cpu=80,memory=240")},
  };
  PodResourcesOptions options;
  options.exclude_overhead = true;
  for (const Case& c : cases) {
    EXPECT_EQ(PodRequests(c.pod, options), c.requests) << c.name;
    EXPECT_EQ(PodLimits(c.pod, options), c.limits) << c.name;
  }
}

struct SpecCase {
  const char* name;
  PodResourceInputs pod;
  ResourceList want;
  bool exclude_overhead = false;
};

// Ported from helpers_test.go TestPodResourceRequests (the cases that do not read pod status;
// "don't use status" cases keep their spec-only expectation).
TEST(ResourceMathTest, UpstreamPodResourceRequests) {
  const std::vector<SpecCase> cases = {
      {"nil options, larger init container", Pod({Ctr("cpu=1")}, {Ctr("cpu=4")}), RL("cpu=4")},
      {"nil options, larger containers", Pod({Ctr("cpu=2"), Ctr("cpu=3")}, {Ctr("cpu=2")}),
       RL("cpu=5")},
      {"pod overhead excluded", Pod({Ctr("cpu=2"), Ctr("cpu=3")}, {Ctr("cpu=2")}, "cpu=1"),
       RL("cpu=5"), true},
      {"pod overhead included",
       Pod({Ctr("cpu=2"), Ctr("cpu=3")}, {Ctr("cpu=2", "cpu=2")}, "cpu=1,memory=1Gi"),
       RL("cpu=6,memory=1Gi")},
      {"resized, infeasible, but don't use status", Pod({Ctr("cpu=4")}), RL("cpu=4")},
      {"resized, restartable init container, infeasible, but don't use status",
       Pod({}, {Sidecar("cpu=4")}), RL("cpu=4")},
      {"restartable init container", Pod({Ctr("cpu=1")}, {Sidecar("cpu=1")}), RL("cpu=2")},
      // max(5, restartable init containers(3+2+1) + regular(1)) = 7
      {"multiple restartable init containers",
       Pod({Ctr("cpu=1")}, {Ctr("cpu=5"), Sidecar("cpu=1"), Sidecar("cpu=2"), Sidecar("cpu=3")}),
       RL("cpu=7")},
      // init-2 needs 5 + the sidecars started before it (1+2) = 8.
      {"multiple restartable and regular init containers",
       Pod({Ctr("cpu=1")},
           {Ctr("cpu=5"), Sidecar("cpu=1"), Sidecar("cpu=2"), Ctr("cpu=5"), Sidecar("cpu=3")}),
       RL("cpu=8")},
      {"restartable-init, init and regular",
       Pod({Ctr("cpu=100")}, {Sidecar("cpu=10"), Ctr("cpu=200")}), RL("cpu=210")},
  };
  for (const SpecCase& c : cases) {
    PodResourcesOptions options;
    options.exclude_overhead = c.exclude_overhead;
    EXPECT_EQ(PodRequests(c.pod, options), c.want) << c.name;
  }
}

// Ported from helpers_test.go TestPodResourceLimits (spec-only cases).
TEST(ResourceMathTest, UpstreamPodResourceLimits) {
  const std::vector<SpecCase> cases = {
      {"nil options, larger init container", Pod({Ctr("", "cpu=1")}, {Ctr("", "cpu=4")}),
       RL("cpu=4")},
      {"nil options, larger containers",
       Pod({Ctr("", "cpu=2"), Ctr("", "cpu=3")}, {Ctr("", "cpu=2")}), RL("cpu=5")},
      {"pod overhead excluded",
       Pod({Ctr("", "cpu=2"), Ctr("", "cpu=3")}, {Ctr("", "cpu=2")}, "cpu=1"), RL("cpu=5"), true},
      // Overhead only raises existing non-zero limits, so there is no memory limit.
      {"pod overhead included",
       Pod({Ctr("", "cpu=2"), Ctr("", "cpu=3")}, {Ctr("", "cpu=2")}, "cpu=1,memory=1Gi"),
       RL("cpu=6")},
      {"no limited containers", Pod({Ctr("")}), {}},
      {"one limited and one unlimited container", Pod({Ctr("", "cpu=2,memory=2Gi"), Ctr("")}),
       RL("cpu=2,memory=2Gi")},
      {"one limited and one unlimited init container",
       Pod({Ctr("", "cpu=1,memory=1Gi")}, {Ctr("", "cpu=2,memory=2Gi"), Ctr("")}),
       RL("cpu=2,memory=2Gi")},
      {"restartable init container", Pod({Ctr("", "cpu=1")}, {Sidecar("", "cpu=1")}), RL("cpu=2")},
      {"multiple restartable init containers",
       Pod({Ctr("", "cpu=1")},
           {Ctr("", "cpu=5"), Sidecar("", "cpu=1"), Sidecar("", "cpu=2"), Sidecar("", "cpu=3")}),
       RL("cpu=7")},
      {"multiple restartable and regular init containers",
       Pod({Ctr("", "cpu=1")}, {Ctr("", "cpu=5"), Sidecar("", "cpu=1"), Sidecar("", "cpu=2"),
                                Ctr("", "cpu=5"), Sidecar("", "cpu=3")}),
       RL("cpu=8")},
      {"restartable-init, init and regular",
       Pod({Ctr("", "cpu=100")}, {Sidecar("", "cpu=10"), Ctr("", "cpu=200")}), RL("cpu=210")},
      {"pod scaled down, don't use status", Pod({Ctr("", "memory=1Gi")}), RL("memory=1Gi")},
      {"pod scaled down with restartable init containers, don't use status",
       Pod({}, {Sidecar("", "memory=1Gi")}), RL("memory=1Gi")},
  };
  for (const SpecCase& c : cases) {
    PodResourcesOptions options;
    options.exclude_overhead = c.exclude_overhead;
    EXPECT_EQ(PodLimits(c.pod, options), c.want) << c.name;
  }
}

// Ported from helpers_test.go TestAggregateContainerRequestsAndLimits (spec-only cases).
TEST(ResourceMathTest, UpstreamAggregateContainerRequestsAndLimits) {
  struct Case {
    const char* name;
    PodResourceInputs pod;
    ResourceList requests;
    ResourceList limits;
  };
  const std::vector<Case> cases = {
      {"one container with limits", Pod({Ctr("", "cpu=9")}), {}, RL("cpu=9")},
      {"two containers with limits", Pod({Ctr("", "cpu=9"), Ctr("", "cpu=9")}), {}, RL("cpu=18")},
      {"one container with requests", Pod({Ctr("cpu=9")}), RL("cpu=9"), {}},
      {"two containers with requests", Pod({Ctr("cpu=9"), Ctr("cpu=9")}), RL("cpu=18"), {}},
      {"regular and init containers with requests",
       Pod({Ctr("cpu=9")}, {Ctr("cpu=9")}),
       RL("cpu=9"),
       {}},
      {"regular, init and sidecar containers with requests",
       Pod({Ctr("cpu=9")}, {Sidecar("cpu=8"), Ctr("cpu=6")}),
       RL("cpu=17"),
       {}},
      {"regular and init containers with limits",
       Pod({Ctr("", "cpu=9")}, {Ctr("", "cpu=9")}),
       {},
       RL("cpu=9")},
      {"regular, init and sidecar containers with limits",
       Pod({Ctr("", "cpu=9")}, {Sidecar("", "cpu=8"), Ctr("", "cpu=6")}),
       {},
       RL("cpu=17")},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(AggregateContainerRequests(c.pod), c.requests) << c.name;
    EXPECT_EQ(AggregateContainerLimits(c.pod), c.limits) << c.name;
  }
}

PodResourceInputs WithPodLevel(PodResourceInputs pod, std::string_view requests,
                               std::string_view limits = "") {
  pod.pod_level.emplace();
  pod.pod_level->requests = RL(requests);
  pod.pod_level->limits = RL(limits);
  return pod;
}

// Ported from helpers_test.go TestPodLevelResourceRequests.
TEST(ResourceMathTest, UpstreamPodLevelResourceRequests) {
  struct Case {
    const char* name;
    PodResourceInputs pod;
    bool skip_pod_level;
    ResourceList want;
  };
  const std::vector<Case> cases = {
      {"nil", Pod({}), false, {}},
      {"pod level memory with SkipPodLevelResources",
       WithPodLevel(Pod({}), "memory=2Mi"),
       true,
       {}},
      {"pod level memory", WithPodLevel(Pod({}), "memory=2Mi"), false, RL("memory=2Mi")},
      {"pod level memory and container level cpu", WithPodLevel(Pod({Ctr("cpu=2m")}), "memory=2Mi"),
       false, RL("memory=2Mi,cpu=2m")},
      {"unsupported resource at both levels",
       WithPodLevel(Pod({Ctr("storage=3Mi")}), "storage=2Mi"), false, RL("storage=3Mi")},
      {"unsupported resource at pod level", WithPodLevel(Pod({Ctr("memory=3Mi")}), "storage=2Mi"),
       false, RL("memory=3Mi")},
      {"only container level", Pod({Ctr("memory=3Mi,cpu=2m")}), false, RL("memory=3Mi,cpu=2m")},
      {"both levels", WithPodLevel(Pod({Ctr("memory=3Mi,cpu=2m")}), "memory=6Mi,cpu=8m"), false,
       RL("memory=6Mi,cpu=8m")},
      {"container and init container", Pod({Ctr("memory=3Mi,cpu=2m")}, {Ctr("memory=5Mi,cpu=4m")}),
       false, RL("memory=5Mi,cpu=4m")},
      {"container and init container, skip pod level",
       Pod({Ctr("memory=3Mi,cpu=2m")}, {Ctr("memory=5Mi,cpu=4m")}), true, RL("memory=5Mi,cpu=4m")},
      {"container and sidecar", Pod({Ctr("memory=3Mi,cpu=2m")}, {Sidecar("memory=5Mi,cpu=4m")}),
       false, RL("memory=8Mi,cpu=6m")},
      {"container, init and sidecar",
       Pod({Ctr("memory=3Mi,cpu=2m")}, {Sidecar("memory=5Mi,cpu=4m"), Ctr("memory=6Mi,cpu=8m")}),
       false, RL("memory=11Mi,cpu=12m")},
      {"pod level, container, init and sidecar",
       WithPodLevel(Pod({Ctr("memory=3Mi,cpu=2m")},
                        {Sidecar("memory=5Mi,cpu=4m"), Ctr("memory=6Mi,cpu=8m")}),
                    "memory=15Mi,cpu=18m"),
       false, RL("memory=15Mi,cpu=18m")},
      {"pod level hugepages, single size",
       WithPodLevel(Pod({}), "memory=10Mi,hugepages-2Mi=2Mi", "hugepages-2Mi=2Mi"), false,
       RL("memory=10Mi,hugepages-2Mi=2Mi")},
      {"pod level hugepages, multiple sizes",
       WithPodLevel(Pod({}), "cpu=1,hugepages-2Mi=2Mi,hugepages-1Gi=1Gi",
                    "hugepages-2Mi=2Mi,hugepages-1Gi=1Gi"),
       false, RL("cpu=1,hugepages-2Mi=2Mi,hugepages-1Gi=1Gi")},
      {"pod and container level hugepages, single size",
       WithPodLevel(Pod({Ctr("hugepages-2Mi=6Mi", "hugepages-2Mi=6Mi")}),
                    "cpu=1,hugepages-2Mi=10Mi", "hugepages-2Mi=10Mi"),
       false, RL("cpu=1,hugepages-2Mi=10Mi")},
      {"pod and container level hugepages, multiple sizes",
       WithPodLevel(Pod({Ctr("cpu=1,hugepages-1Gi=2Gi", "hugepages-1Gi=2Gi")}),
                    "cpu=1,hugepages-2Mi=10Mi,hugepages-1Gi=2Gi",
                    "hugepages-2Mi=10Mi,hugepages-1Gi=2Gi"),
       false, RL("cpu=1,hugepages-2Mi=10Mi,hugepages-1Gi=2Gi")},
      {"hugepage sizes split between pod and container level",
       WithPodLevel(Pod({Ctr("memory=4Mi,hugepages-1Gi=1Gi", "hugepages-1Gi=1Gi")}),
                    "cpu=1,hugepages-2Mi=10Mi", "hugepages-2Mi=10Mi"),
       false, RL("cpu=1,memory=4Mi,hugepages-2Mi=10Mi,hugepages-1Gi=1Gi")},
  };
  for (const Case& c : cases) {
    PodResourcesOptions options;
    options.skip_pod_level_resources = c.skip_pod_level;
    EXPECT_EQ(PodRequests(c.pod, options), c.want) << c.name;
  }
}

// Ported from helpers_test.go TestIsPodLevelResourcesSet, TestIsPodLevelLimitsSet and
// TestIsSupportedPodLevelResource.
TEST(ResourceMathTest, UpstreamPodLevelResourcesSet) {
  EXPECT_FALSE(IsPodLevelResourcesSet(Pod({})));
  EXPECT_FALSE(IsPodLevelResourcesSet(WithPodLevel(Pod({}), "")));
  EXPECT_FALSE(IsPodLevelResourcesSet(WithPodLevel(Pod({}), "ephemeral-storage=1Mi")));
  EXPECT_FALSE(IsPodLevelResourcesSet(WithPodLevel(Pod({}), "", "ephemeral-storage=1Mi")));
  EXPECT_TRUE(IsPodLevelResourcesSet(WithPodLevel(Pod({}), "ephemeral-storage=1Mi,cpu=1m")));
  EXPECT_TRUE(IsPodLevelResourcesSet(WithPodLevel(Pod({}), "", "ephemeral-storage=1Mi,cpu=1m")));

  EXPECT_FALSE(IsPodLevelLimitsSet(Pod({})));
  EXPECT_FALSE(IsPodLevelLimitsSet(WithPodLevel(Pod({}), "")));
  EXPECT_FALSE(IsPodLevelLimitsSet(WithPodLevel(Pod({}), "memory=100Mi")));
  EXPECT_FALSE(IsPodLevelLimitsSet(WithPodLevel(Pod({}), "", "ephemeral-storage=1Mi")));
  EXPECT_TRUE(IsPodLevelLimitsSet(WithPodLevel(Pod({}), "", "ephemeral-storage=1Mi,cpu=1m")));
  EXPECT_TRUE(IsPodLevelRequestsSet(WithPodLevel(Pod({}), "memory=100Mi")));

  EXPECT_TRUE(IsSupportedPodLevelResource("cpu"));
  EXPECT_TRUE(IsSupportedPodLevelResource("memory"));
  EXPECT_FALSE(IsSupportedPodLevelResource("ephemeral-storage"));
  EXPECT_TRUE(IsSupportedPodLevelResource("hugepages-2Mi"));
  EXPECT_TRUE(IsSupportedPodLevelResource("hugepages-1Gi"));
}

TEST(ResourceMathTest, NonMissingContainerRequests) {
  PodResourceInputs pod = Pod({Ctr("cpu=0"), Ctr("memory=1Gi")});
  PodResourcesOptions options;
  options.non_missing_container_requests = RL("cpu=100m,memory=200Mi");
  // An explicit zero is kept; a missing request takes the default.
  EXPECT_EQ(PodRequests(pod, options), RL("cpu=100m,memory=1224Mi"));
  EXPECT_EQ(PodLimits(pod, options), ResourceList{});
}

// Ported from karpenter pkg/utils/resources/suite_test.go "Resource Calculations" (requests and
// limits of Ceiling, spec-only).
TEST(ResourceMathTest, KarpenterResourceCalculations) {
  auto same = [](std::string_view rl) { return Ctr(rl, rl); };
  auto sidecar = [](std::string_view rl) { return Sidecar(rl, rl); };
  struct Case {
    const char* name;
    PodResourceInputs pod;
    ResourceList want;  // requests and limits alike
  };
  const std::vector<Case> cases = {
      {"containers and sidecars", Pod({same("cpu=2,memory=1Gi")}, {sidecar("cpu=1,memory=2Gi")}),
       RL("cpu=3,memory=3Gi")},
      {"containers, sidecars, init containers and overhead",
       Pod({same("cpu=2,memory=1Gi")}, {same("cpu=4,memory=2Gi"), sidecar("cpu=3,memory=3Gi")},
           "cpu=5,memory=1Gi"),
       RL("cpu=10,memory=5Gi")},
      {"init container after a sidecar exceeding the containers",
       Pod({same("cpu=2,memory=1Gi")}, {sidecar("cpu=4,memory=2Gi"), same("cpu=10,memory=2Gi")}),
       RL("cpu=14,memory=4Gi")},
      {"init container after a sidecar not exceeding the containers",
       Pod({same("cpu=2,memory=2Gi")}, {sidecar("cpu=4,memory=2Gi"), same("cpu=1,memory=1Gi")}),
       RL("cpu=6,memory=4Gi")},
      {"init container after several sidecars exceeding the containers",
       Pod({same("cpu=3,memory=3Gi")},
           {sidecar("cpu=2,memory=2Gi"), sidecar("cpu=1,memory=1Gi"), sidecar("cpu=3,memory=3Gi"),
            sidecar("cpu=5,memory=5Gi"), same("cpu=20,memory=20Gi")}),
       RL("cpu=31,memory=31Gi")},
      {"init container after several sidecars not exceeding the containers",
       Pod({same("cpu=3,memory=3Gi")},
           {sidecar("cpu=2,memory=2Gi"), sidecar("cpu=1,memory=1Gi"), sidecar("cpu=3,memory=3Gi"),
            sidecar("cpu=5,memory=5Gi"), same("cpu=1,memory=1Gi")}),
       RL("cpu=14,memory=14Gi")},
      {"first init container exceeds all sidecars and containers",
       Pod({same("cpu=3,memory=3Gi")},
           {same("cpu=25,memory=25Gi"), sidecar("cpu=1,memory=1Gi"), same("cpu=3,memory=3Gi"),
            same("cpu=1,memory=1Gi"), sidecar("cpu=5,memory=5Gi"), same("cpu=1,memory=1Gi"),
            same("cpu=1,memory=1Gi"), sidecar("cpu=1,memory=1Gi")}),
       RL("cpu=25,memory=25Gi")},
      {"interspersed sidecars and init containers",
       Pod({same("cpu=3,memory=3Gi")},
           {same("cpu=2,memory=2Gi"), sidecar("cpu=1,memory=1Gi"), same("cpu=3,memory=3Gi"),
            same("cpu=1,memory=1Gi"), sidecar("cpu=5,memory=5Gi"), same("cpu=1,memory=1Gi"),
            same("cpu=1,memory=1Gi"), sidecar("cpu=1,memory=1Gi"), same("cpu=2,memory=1Gi")}),
       RL("cpu=10,memory=10Gi")},
      {"first init container exceeds cpu but not memory",
       Pod({same("cpu=3,memory=3Gi")},
           {same("cpu=25,memory=4Gi"), sidecar("cpu=1,memory=1Gi"), sidecar("cpu=5,memory=5Gi")}),
       RL("cpu=25,memory=9Gi")},
      {"first init container exceeds memory but not cpu",
       Pod({same("cpu=3,memory=3Gi")},
           {same("cpu=4,memory=25Gi"), sidecar("cpu=1,memory=1Gi"), sidecar("cpu=5,memory=5Gi")}),
       RL("cpu=9,memory=25Gi")},
      {"init container after a sidecar exceeds cpu but not memory",
       Pod({same("cpu=2,memory=4Gi")}, {sidecar("cpu=4,memory=2Gi"), same("cpu=10,memory=2Gi")}),
       RL("cpu=14,memory=6Gi")},
      {"init container after a sidecar exceeds memory but not cpu",
       Pod({same("cpu=10,memory=2Gi")}, {sidecar("cpu=4,memory=2Gi"), same("cpu=2,memory=4Gi")}),
       RL("cpu=14,memory=6Gi")},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(PodRequests(c.pod), c.want) << c.name;
    EXPECT_EQ(PodLimits(c.pod), c.want) << c.name;
  }
}

// Ported from karpenter resources suite_test.go "Pod Level Resources".
TEST(ResourceMathTest, KarpenterPodLevelResources) {
  PodResourceInputs both = WithPodLevel(Pod({Ctr("cpu=1,memory=1Gi", "cpu=3,memory=3Gi")}),
                                        "cpu=2,memory=2Gi", "cpu=4,memory=4Gi");
  EXPECT_EQ(PodRequests(both), RL("cpu=2,memory=2Gi"));
  EXPECT_EQ(PodLimits(both), RL("cpu=4,memory=4Gi"));
  PodResourceInputs requests_only =
      WithPodLevel(Pod({Ctr("cpu=1,memory=1Gi", "cpu=1,memory=1Gi")},
                       {Sidecar("cpu=1,memory=1Gi", "cpu=1,memory=1Gi")}),
                   "cpu=2,memory=2Gi");
  EXPECT_EQ(PodRequests(requests_only), RL("cpu=2,memory=2Gi"));
  EXPECT_EQ(PodLimits(requests_only), RL("cpu=2,memory=2Gi"));
  PodResourceInputs defaulted = WithPodLevel(Pod({Ctr("cpu=1,memory=1Gi", "cpu=1,memory=1Gi")},
                                                 {Sidecar("cpu=1,memory=1Gi", "cpu=1,memory=1Gi")}),
                                             "cpu=10,memory=10Gi", "cpu=10,memory=10Gi");
  EXPECT_EQ(PodRequests(defaulted), RL("cpu=10,memory=10Gi"));
  EXPECT_EQ(PodLimits(defaulted), RL("cpu=10,memory=10Gi"));
}

// Ported from karpenter resources suite_test.go MaxResources and MinResources.
TEST(ResourceMathTest, KarpenterMaxAndMinResources) {
  EXPECT_TRUE(MaxResources({}).empty());
  std::vector<ResourceList> one = {RL("cpu=2,memory=4Gi")};
  EXPECT_EQ(MaxResources(one), RL("cpu=2,memory=4Gi"));
  std::vector<ResourceList> three = {RL("cpu=1,memory=4Gi"), RL("cpu=3,memory=2Gi"),
                                     RL("cpu=2,memory=8Gi")};
  EXPECT_EQ(MaxResources(three), RL("cpu=3,memory=8Gi"));
  std::vector<ResourceList> partial = {RL("cpu=1"), RL("memory=2Gi"), RL("cpu=3")};
  EXPECT_EQ(MaxResources(partial), RL("cpu=3,memory=2Gi"));

  EXPECT_TRUE(MinResources({}).empty());
  EXPECT_EQ(MinResources(one), RL("cpu=2,memory=4Gi"));
  std::vector<ResourceList> mins = {RL("cpu=4,memory=8Gi"), RL("cpu=2,memory=6Gi"),
                                    RL("cpu=3,memory=1Gi")};
  EXPECT_EQ(MinResources(mins), RL("cpu=2,memory=1Gi"));
  std::vector<ResourceList> common = {RL("cpu=1,memory=4Gi"), RL("cpu=3"), RL("cpu=2,memory=1Gi")};
  EXPECT_EQ(MinResources(common), RL("cpu=1"));
}

TEST(ResourceMathTest, KarpenterRequestsForPodsCountsPods) {
  std::vector<PodResourceInputs> pods = {Pod({Ctr("cpu=1,memory=1Gi")}),
                                         Pod({Ctr("cpu=500m")}, {}, "cpu=100m")};
  EXPECT_EQ(RequestsForPods(pods), RL("cpu=1600m,memory=1Gi,pods=2"));
  EXPECT_EQ(RequestsForPods({}), RL("pods=0"));
  EXPECT_EQ(LimitsForPods(pods), RL("pods=2"));
}

TEST(ResourceMathTest, ArithmeticAndFits) {
  EXPECT_EQ(Add(RL("cpu=1,memory=1Gi"), RL("cpu=500m,pods=1")), RL("cpu=1500m,memory=1Gi,pods=1"));
  std::vector<ResourceList> lists = {RL("cpu=1"), RL("cpu=2,memory=1Gi"), {}};
  EXPECT_EQ(Merge(lists), RL("cpu=3,memory=1Gi"));
  // Subtract keeps the left side's resources only.
  EXPECT_EQ(Subtract(RL("cpu=4,memory=8Gi"), RL("cpu=5,pods=1")), RL("cpu=-1,memory=8Gi"));
  ResourceList dest = RL("cpu=4");
  SubtractFrom(dest, RL("cpu=1,pods=2"));
  EXPECT_EQ(dest, RL("cpu=3,pods=-2"));
  ResourceList peak = RL("cpu=1,memory=4Gi");
  MaxInto(peak, RL("cpu=2,memory=1Gi,pods=3"));
  EXPECT_EQ(peak, RL("cpu=2,memory=4Gi,pods=3"));

  EXPECT_TRUE(Fits(RL("cpu=1,memory=1Gi"), RL("cpu=1,memory=2Gi")));
  EXPECT_FALSE(Fits(RL("cpu=1001m"), RL("cpu=1")));
  EXPECT_FALSE(Fits(RL("nvidia.com/gpu=1"), RL("cpu=8")));  // missing counts as zero
  EXPECT_TRUE(Fits(RL("nvidia.com/gpu=0"), RL("cpu=8")));
  EXPECT_FALSE(Fits({}, RL("cpu=-1")));  // a negative total never fits
  EXPECT_TRUE(Fits({}, {}));

  EXPECT_EQ(Cmp(Quantity::MustParse("1"), Quantity::MustParse("1000m")), 0);
  EXPECT_EQ(Cmp(Quantity::MustParse("1Ki"), Quantity::MustParse("1k")), 1);
  EXPECT_EQ(Cmp(Quantity::MustParse("-1"), Quantity()), -1);
  EXPECT_EQ(ResourceListString({}), "{}");
  EXPECT_EQ(ResourceListString(RL("memory=1536Mi,cpu=0.5")),
            "{\"cpu\":\"500m\",\"memory\":\"1536Mi\"}");
}

}  // namespace
}  // namespace tidepool::api
