// Ported from kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/suite_test.go,
// Describe("Custom Constraints") and Describe("Preferential Fallback"): each TEST is the It() of
// the same name, with the same inputs and expected outcome, over the fake provider's default
// catalogue.
#include <gtest/gtest.h>

#include "scheduling/scheduler_test_util.h"

namespace tidepool::scheduling::testing {
namespace {

constexpr const char* kZone = "topology.kubernetes.io/zone";
constexpr const char* kInstanceType = "node.kubernetes.io/instance-type";
constexpr const char* kArch = "kubernetes.io/arch";
constexpr const char* kInteger = "integer";

using KarpenterSchedulingSuite = SchedulingTest;

// Context("NodePool with Labels")
// Not ported: tidepool behaviour around the same code paths.
using SchedulerTest = KarpenterSchedulingSuite;

TEST_F(KarpenterSchedulingSuite, ShouldScheduleUnconstrainedPodsThatDontHaveMatchingNodeSelectors) {
  pool_.spec.template_.metadata.labels = {{"test-key", "test-value"}};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, "test-key"), "test-value");
}

TEST_F(KarpenterSchedulingSuite, ShouldNotSchedulePodsThatHaveConflictingNodeSelectors) {
  pool_.spec.template_.metadata.labels = {{"test-key", "test-value"}};
  api::Pod* pod = NewPod({.node_selector = {{"test-key", "different-value"}}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
  EXPECT_NE(ErrorOf(r, pod).find("incompatible with nodepool \"default\""), std::string::npos)
      << ErrorOf(r, pod);
}

TEST_F(KarpenterSchedulingSuite, ShouldNotSchedulePodsThatHaveNodeSelectorsWithUndefinedKey) {
  api::Pod* pod = NewPod({.node_selector = {{"test-key", "test-value"}}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldSchedulePodsThatHaveMatchingRequirements) {
  pool_.spec.template_.metadata.labels = {{"test-key", "test-value"}};
  api::Pod* pod =
      NewPod({.node_requirements = {Req("test-key", "In", {"test-value", "another-value"})}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, "test-key"), "test-value");
}

TEST_F(KarpenterSchedulingSuite, ShouldNotSchedulePodsThatHaveConflictingRequirements) {
  pool_.spec.template_.metadata.labels = {{"test-key", "test-value"}};
  api::Pod* pod = NewPod({.node_requirements = {Req("test-key", "In", {"another-value"})}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

// Context("Well Known Labels")
TEST_F(KarpenterSchedulingSuite, ShouldUseNodePoolConstraints) {
  pool_.spec.template_.spec.requirements = {Req(kZone, "In", {"test-zone-2"})};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-2");
}

TEST_F(KarpenterSchedulingSuite, ShouldUseNodeSelectors) {
  pool_.spec.template_.spec.requirements = {Req(kZone, "In", {"test-zone-1", "test-zone-2"})};
  api::Pod* pod = NewPod({.node_selector = {{kZone, "test-zone-2"}}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-2");
}

TEST_F(KarpenterSchedulingSuite, ShouldNotScheduleNodesWithAHostnameSelector) {
  api::Pod* pod = NewPod({.node_selector = {{"kubernetes.io/hostname", "red-node"}}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldNotScheduleThePodIfNodeselectorUnknown) {
  pool_.spec.template_.spec.requirements = {Req(kZone, "In", {"test-zone-1"})};
  api::Pod* pod = NewPod({.node_selector = {{kZone, "unknown"}}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldNotScheduleIfNodeSelectorOutsideOfNodePoolConstraints) {
  pool_.spec.template_.spec.requirements = {Req(kZone, "In", {"test-zone-1"})};
  api::Pod* pod = NewPod({.node_selector = {{kZone, "test-zone-2"}}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatibleRequirementsWithOperatorIn) {
  api::Pod* pod = NewPod({.node_requirements = {Req(kZone, "In", {"test-zone-3"})}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-3");
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatibleRequirementsWithOperatorGt) {
  pool_.spec.template_.spec.requirements = {Req(kInteger, "Gt", {"8"})};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kInteger), "16");
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatibleRequirementsWithOperatorLt) {
  pool_.spec.template_.spec.requirements = {Req(kInteger, "Lt", {"8"})};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kInteger), "2");
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatibleRequirementsWithOperatorGte) {
  pool_.spec.template_.spec.requirements = {Req(kInteger, "Gte", {"16"})};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kInteger), "16");
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatibleRequirementsWithOperatorLte) {
  pool_.spec.template_.spec.requirements = {Req(kInteger, "Lte", {"2"})};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kInteger), "2");
}

TEST_F(KarpenterSchedulingSuite,
       ShouldNotScheduleIncompatiblePreferencesAndRequirementsWithOperatorIn) {
  api::Pod* pod = NewPod({.node_requirements = {Req(kZone, "In", {"unknown"})}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatibleRequirementsWithOperatorNotIn) {
  api::Pod* pod = NewPod(
      {.node_requirements = {Req(kZone, "NotIn", {"test-zone-1", "test-zone-2", "unknown"})}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-3");
}

TEST_F(KarpenterSchedulingSuite,
       ShouldNotScheduleIncompatiblePreferencesAndRequirementsWithOperatorNotIn) {
  api::Pod* pod =
      NewPod({.node_requirements = {
                  Req(kZone, "NotIn", {"test-zone-1", "test-zone-2", "test-zone-3", "unknown"})}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatiblePreferencesAndRequirementsWithOperatorIn) {
  api::Pod* pod =
      NewPod({.node_requirements = {Req(kZone, "In",
                                        {"test-zone-1", "test-zone-2", "test-zone-3", "unknown"})},
              .node_preferences = {Req(kZone, "In", {"test-zone-2", "unknown"})}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-2");
}

TEST_F(KarpenterSchedulingSuite,
       ShouldScheduleIncompatiblePreferencesAndRequirementsWithOperatorIn) {
  api::Pod* pod =
      NewPod({.node_requirements = {Req(kZone, "In",
                                        {"test-zone-1", "test-zone-2", "test-zone-3", "unknown"})},
              .node_preferences = {Req(kZone, "In", {"unknown"})}});
  Results r = Solve({pod});
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite,
       ShouldScheduleCompatiblePreferencesAndRequirementsWithOperatorNotIn) {
  api::Pod* pod =
      NewPod({.node_requirements = {Req(kZone, "In",
                                        {"test-zone-1", "test-zone-2", "test-zone-3", "unknown"})},
              .node_preferences = {Req(kZone, "NotIn", {"test-zone-1", "test-zone-3"})}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-2");
}

TEST_F(KarpenterSchedulingSuite,
       ShouldScheduleIncompatiblePreferencesAndRequirementsWithOperatorNotIn) {
  api::Pod* pod = NewPod(
      {.node_requirements = {Req(kZone, "In",
                                 {"test-zone-1", "test-zone-2", "test-zone-3", "unknown"})},
       .node_preferences = {Req(kZone, "NotIn", {"test-zone-1", "test-zone-2", "test-zone-3"})}});
  Results r = Solve({pod});
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleCompatibleNodeSelectorsPreferencesAndRequirements) {
  api::Pod* pod = NewPod(
      {.node_selector = {{kZone, "test-zone-3"}},
       .node_requirements = {Req(kZone, "In", {"test-zone-1", "test-zone-2", "test-zone-3"})},
       .node_preferences = {Req(kZone, "In", {"test-zone-1", "test-zone-2", "test-zone-3"})}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-3");
}

TEST_F(KarpenterSchedulingSuite,
       ShouldCombineMultidimensionalNodeSelectorsPreferencesAndRequirements) {
  api::Pod* pod =
      NewPod({.node_selector = {{kZone, "test-zone-3"}, {kInstanceType, "arm-instance-type"}},
              .node_requirements = {Req(kZone, "In", {"test-zone-1", "test-zone-3"}),
                                    Req(kInstanceType, "In",
                                        {"default-instance-type", "arm-instance-type"})},
              .node_preferences = {Req(kZone, "NotIn", {"unknown"}),
                                   Req(kInstanceType, "NotIn", {"unknown"})}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-3");
  EXPECT_EQ(Label(r, pod, kInstanceType), "arm-instance-type");
}

// A custom label key with several values on the pool (the brief's capacity-spread case): the pod
// lands and the claim carries one value.
TEST_F(SchedulerTest, ShouldScheduleWithACustomLabelRequirementWithSeveralValues) {
  pool_.spec.template_.spec.requirements.push_back(
      Req("capacity-spread", "In", {"2", "3", "4", "5"}));
  api::Pod* pod = NewPod({.node_selector = {{"capacity-spread", "3"}}});
  api::Pod* free = NewPod();
  Results r = Solve({pod, free});
  ASSERT_TRUE(Scheduled(r, pod));
  ASSERT_TRUE(Scheduled(r, free));
  EXPECT_EQ(Label(r, pod, "capacity-spread"), "3");
}

// Describe("Preferential Fallback")
TEST_F(KarpenterSchedulingSuite, ShouldNotRelaxTheFinalTerm) {
  pool_.spec.template_.spec.requirements = {Req(kZone, "In", {"test-zone-1"}),
                                            Req(kInstanceType, "In", {"default-instance-type"})};
  api::Pod* pod = NewPod({.node_requirements = {Req(kZone, "In", {"invalid"})}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldRelaxMultipleTerms) {
  api::Pod* pod = NewPod();
  api::NodeSelector selector;
  for (const char* zone : {"invalid", "invalid", "test-zone-1", "test-zone-2"}) {
    api::NodeSelectorTerm term;
    term.match_expressions = {Req(kZone, "In", {zone})};
    selector.node_selector_terms.push_back(term);
  }
  pod->spec.affinity = api::Affinity{};
  pod->spec.affinity->node_affinity = api::NodeAffinity{};
  pod->spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution = selector;
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-1");
}

api::PreferredSchedulingTerm Preferred(int32_t weight, api::NodeSelectorRequirement r) {
  api::PreferredSchedulingTerm term;
  term.weight = weight;
  term.preference.match_expressions = {std::move(r)};
  return term;
}

TEST_F(KarpenterSchedulingSuite, ShouldRelaxAllTerms) {
  api::Pod* pod = NewPod();
  pod->spec.affinity = api::Affinity{};
  pod->spec.affinity->node_affinity = api::NodeAffinity{};
  pod->spec.affinity->node_affinity->preferred_during_scheduling_ignored_during_execution = {
      Preferred(1, Req(kZone, "In", {"invalid"})),
      Preferred(1, Req(kInstanceType, "In", {"invalid"}))};
  Results r = Solve({pod});
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite, ShouldRelaxToUseLighterWeights) {
  pool_.spec.template_.spec.requirements = {Req(kZone, "In", {"test-zone-1", "test-zone-2"})};
  api::Pod* pod = NewPod();
  pod->spec.affinity = api::Affinity{};
  pod->spec.affinity->node_affinity = api::NodeAffinity{};
  pod->spec.affinity->node_affinity->preferred_during_scheduling_ignored_during_execution = {
      Preferred(100, Req(kInstanceType, "In", {"test-zone-3"})),
      Preferred(50, Req(kZone, "In", {"test-zone-2"})),
      Preferred(1, Req(kZone, "In", {"test-zone-1"}))};
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-2");
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleEvenIfPreferenceIsConflictingWithRequirement) {
  api::Pod* pod = NewPod({.node_requirements = {Req(kZone, "In", {"test-zone-3"})}});
  pod->spec.affinity->node_affinity->preferred_during_scheduling_ignored_during_execution = {
      Preferred(1, Req(kZone, "NotIn", {"test-zone-3"}))};
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-3");
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleEvenIfPreferenceRequirementsAreConflicting) {
  api::Pod* pod = NewPod(
      {.node_preferences = {Req(kZone, "In", {"invalid"}), Req(kZone, "NotIn", {"invalid"})}});
  Results r = Solve({pod});
  EXPECT_TRUE(Scheduled(r, pod));
}

// Describe("Instance Type Compatibility")
TEST_F(KarpenterSchedulingSuite, ShouldNotScheduleIfRequestingMoreResourcesThanAnyInstanceTypeHas) {
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "512"}})});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
  EXPECT_NE(ErrorOf(r, pod).find("no instance type has enough resources"), std::string::npos)
      << ErrorOf(r, pod);
}

TEST_F(KarpenterSchedulingSuite, ShouldLaunchPodsWithDifferentArchsOnDifferentInstances) {
  pool_.spec.template_.spec.requirements = {Req(kArch, "In", {"arm64", "amd64"})};
  api::Pod* a = NewPod({.node_selector = {{kArch, "amd64"}}});
  api::Pod* b = NewPod({.node_selector = {{kArch, "arm64"}}});
  Results r = Solve({a, b});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  EXPECT_NE(ClaimOf(r, a), ClaimOf(r, b));
}

TEST_F(KarpenterSchedulingSuite,
       ShouldExcludeInstanceTypesThatAreNotSupportedByThePodConstraintsNodeAffinityInstanceType) {
  pool_.spec.template_.spec.requirements = {Req(kArch, "In", {"amd64"})};
  api::Pod* pod = NewPod({.node_requirements = {Req(kInstanceType, "In", {"arm-instance-type"})}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(
    KarpenterSchedulingSuite,
    ShouldExcludeInstanceTypesThatAreNotSupportedByThePodConstraintsNodeAffinityOperatingSystem) {
  pool_.spec.template_.spec.requirements = {Req(kArch, "In", {"amd64"})};
  api::Pod* pod = NewPod({.node_requirements = {Req("kubernetes.io/os", "In", {"ios"})}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite,
       ShouldExcludeInstanceTypesThatAreNotSupportedByTheProviderConstraintsArch) {
  pool_.spec.template_.spec.requirements = {Req(kArch, "In", {"amd64"})};
  api::Pod* pod = NewPod({.limits = Resources({{"cpu", "14"}})});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterSchedulingSuite,
       ShouldLaunchPodsWithDifferentOperatingSystemsOnDifferentInstances) {
  pool_.spec.template_.spec.requirements = {Req(kArch, "In", {"arm64", "amd64"})};
  api::Pod* a = NewPod({.node_selector = {{"kubernetes.io/os", "linux"}}});
  api::Pod* b = NewPod({.node_selector = {{"kubernetes.io/os", "windows"}}});
  Results r = Solve({a, b});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  EXPECT_NE(ClaimOf(r, a), ClaimOf(r, b));
}

TEST_F(KarpenterSchedulingSuite,
       ShouldLaunchPodsWithDifferentInstanceTypeNodeSelectorsOnDifferentInstances) {
  pool_.spec.template_.spec.requirements = {Req(kArch, "In", {"arm64", "amd64"})};
  api::Pod* a =
      NewPod({.node_selector = {{"beta.kubernetes.io/instance-type", "small-instance-type"}}});
  api::Pod* b = NewPod({.node_selector = {{kInstanceType, "default-instance-type"}}});
  Results r = Solve({a, b});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  EXPECT_NE(ClaimOf(r, a), ClaimOf(r, b));
}

TEST_F(KarpenterSchedulingSuite, ShouldLaunchPodsWithDifferentZoneSelectorsOnDifferentInstances) {
  pool_.spec.template_.spec.requirements = {Req(kArch, "In", {"arm64", "amd64"})};
  api::Pod* a = NewPod({.node_selector = {{kZone, "test-zone-1"}}});
  api::Pod* b = NewPod({.node_selector = {{kZone, "test-zone-2"}}});
  Results r = Solve({a, b});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  EXPECT_NE(ClaimOf(r, a), ClaimOf(r, b));
}

cloud::InstanceTypes WithExtraCapacity(const cloud::InstanceTypes& types) {
  // fake.InstanceTypes(5) with a different GPU on each of the first two.
  cloud::InstanceTypes out;
  for (size_t i = 0; i < types.size(); ++i) {
    cloud::InstanceType copy = *types[i];
    if (i == 0) copy.capacity["karpenter.sh/super-great-gpu"] = Quantity::MustParse("25");
    if (i == 1) copy.capacity["karpenter.sh/even-better-gpu"] = Quantity::MustParse("25");
    copy.allocatable = cloud::ComputeAllocatable(copy.capacity, copy.overhead);
    out.push_back(std::make_shared<const cloud::InstanceType>(std::move(copy)));
  }
  return out;
}

TEST_F(KarpenterSchedulingSuite,
       ShouldLaunchPodsWithResourcesThatArentOnAnySingleInstanceTypeOnDifferentInstances) {
  types_ = WithExtraCapacity(cloud::fake::InstanceTypes(5));
  api::Pod* a = NewPod({.limits = Resources({{"karpenter.sh/super-great-gpu", "1"}})});
  api::Pod* b = NewPod({.limits = Resources({{"karpenter.sh/even-better-gpu", "1"}})});
  Results r = Solve({a, b});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  EXPECT_NE(ClaimOf(r, a), ClaimOf(r, b));
}

TEST_F(KarpenterSchedulingSuite,
       ShouldFailToScheduleAPodWithResourcesRequestsThatArentOnASingleInstanceType) {
  types_ = WithExtraCapacity(cloud::fake::InstanceTypes(5));
  api::Pod* pod = NewPod({.limits = Resources({{"karpenter.sh/super-great-gpu", "1"},
                                               {"karpenter.sh/even-better-gpu", "1"}})});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

// Context("Provider Specific Labels")
TEST_F(KarpenterSchedulingSuite, ShouldFilterInstanceTypesThatMatchLabels) {
  types_ = cloud::fake::InstanceTypes(5);
  api::Pod* a = NewPod({.node_selector = {{"size", "large"}}});
  api::Pod* b = NewPod({.node_selector = {{"size", "small"}}});
  Results r = Solve({a, b});
  EXPECT_EQ(Label(r, a, kInstanceType), "fake-it-4");
  EXPECT_EQ(Label(r, b, kInstanceType), "fake-it-0");
}

TEST_F(KarpenterSchedulingSuite, ShouldNotScheduleWithIncompatibleLabels) {
  types_ = cloud::fake::InstanceTypes(5);
  api::Pod* a = NewPod({.node_selector = {{"size", "large"}, {kInstanceType, types_[0]->name}}});
  api::Pod* b = NewPod({.node_selector = {{"size", "small"}, {kInstanceType, types_[4]->name}}});
  Results r = Solve({a, b});
  EXPECT_FALSE(Scheduled(r, a));
  EXPECT_FALSE(Scheduled(r, b));
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleOptionalLabels) {
  types_ = cloud::fake::InstanceTypes(5);
  api::Pod* pod = NewPod({.node_requirements = {Req("special", "Exists")}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(Label(r, pod, kInstanceType), types_[4]->name);
}

TEST_F(KarpenterSchedulingSuite, ShouldScheduleWithoutOptionalLabelsIfDisallowed) {
  types_ = cloud::fake::InstanceTypes(5);
  api::Pod* pod = NewPod({.node_requirements = {Req("special", "DoesNotExist")}});
  Results r = Solve({pod});
  ASSERT_TRUE(Scheduled(r, pod));
  EXPECT_EQ(NodeLabels(r, pod).count("special"), 0u);
}

}  // namespace
}  // namespace tidepool::scheduling::testing
