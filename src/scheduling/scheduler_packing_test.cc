// Ported from kubernetes-sigs/karpenter: pkg/controllers/provisioning/scheduling/suite_test.go
// (Describe "Binpacking", "In-Flight Nodes", "Existing Nodes") and
// pkg/controllers/provisioning/suite_test.go (Context "Resource Limits", "Daemonsets", "Taints",
// "Weighted NodePools"). Each TEST is the It() of the same name.
#include <gtest/gtest.h>

#include <set>

#include "api/k8s/node.h"
#include "api/k8s/runtime_class.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::scheduling::testing {
namespace {

constexpr const char* kInstanceType = "node.kubernetes.io/instance-type";
constexpr const char* kArch = "kubernetes.io/arch";

using KarpenterSchedulingSuite = SchedulingTest;
using KarpenterProvisioningSuite = SchedulingTest;

std::set<const NewNodeClaim*> ClaimsOf(const Results& r, const std::vector<api::Pod*>& pods) {
  std::set<const NewNodeClaim*> claims;
  for (const api::Pod* p : pods) claims.insert(SchedulingTest::ClaimOf(r, p));
  return claims;
}

class Packing : public SchedulingTest {
 protected:
  std::vector<api::Pod*> MakePods(int n, const PodOptions& options) {
    std::vector<api::Pod*> pods;
    for (int i = 0; i < n; ++i) pods.push_back(NewPod(options));
    return pods;
  }
  // A registered node launched from pool_ with `type`'s resources.
  api::Node* AddNode(const std::string& name, const cloud::InstanceType& type,
                     std::vector<api::Taint> taints = {}, bool initialized = true,
                     std::vector<const api::Pod*> bound = {},
                     std::vector<api::Taint> startup_taints = {}) {
    auto node = std::make_unique<api::Node>();
    node->metadata.name = name;
    node->metadata.labels = {{"kubernetes.io/hostname", name},
                             {"karpenter.sh/nodepool", pool_.metadata.name},
                             {kInstanceType, type.name},
                             {kArch, "amd64"},
                             {"kubernetes.io/os", "linux"},
                             {"topology.kubernetes.io/zone", "test-zone-1"},
                             {"karpenter.sh/capacity-type", "on-demand"}};
    if (initialized) node->metadata.labels["karpenter.sh/initialized"] = "true";
    node->spec.taints = std::move(taints);
    node->status.capacity = type.capacity;
    node->status.allocatable = type.allocatable;
    auto claim = std::make_unique<api::NodeClaim>();
    claim->metadata.name = name;
    claim->spec.startup_taints = std::move(startup_taints);
    ExistingNodeInput input;
    input.name = name;
    input.node = node.get();
    input.node_claim = claim.get();
    input.initialized = initialized;
    input.pods = std::move(bound);
    existing_.push_back(input);
    nodes_.push_back(std::move(node));
    claims_.push_back(std::move(claim));
    return nodes_.back().get();
  }
  const cloud::InstanceType& Type(const std::string& name) const {
    for (const auto& t : types_) {
      if (t->name == name) return *t;
    }
    return *types_.front();
  }
  std::string TypeOf(const Results& r, const api::Pod* pod) { return Label(r, pod, kInstanceType); }

  std::vector<std::unique_ptr<api::Node>> nodes_;
  std::vector<std::unique_ptr<api::NodeClaim>> claims_;
};

using KarpenterBinpacking = Packing;
using KarpenterExistingNodes = Packing;

// ---- Describe("Binpacking") ----------------------------------------------------------------

// Not ported: tidepool behaviour around the same code paths.
using SchedulerTest = KarpenterSchedulingSuite;

TEST_F(KarpenterBinpacking, ShouldScheduleASmallPodOnTheSmallestInstance) {
  api::Pod* pod = NewPod({.requests = Resources({{"memory", "100M"}})});
  Results r = Solve({pod});
  EXPECT_EQ(TypeOf(r, pod), "small-instance-type");
}

TEST_F(KarpenterBinpacking, ShouldScheduleASmallPodOnTheSmallestPossibleInstanceType) {
  api::Pod* pod = NewPod({.requests = Resources({{"memory", "2000M"}})});
  Results r = Solve({pod});
  EXPECT_EQ(TypeOf(r, pod), "small-instance-type");
}

TEST_F(KarpenterBinpacking, ShouldTakePodRuntimeClassIntoConsideration) {
  api::RuntimeClass rc;
  rc.metadata.name = "my-runtime-class";
  rc.handler = "default";
  rc.overhead = api::RuntimeClassOverhead{Resources({{"cpu", "2"}}), {}};
  runtime_classes_.push_back(&rc);
  api::Pod* pod =
      NewPod({.requests = Resources({{"cpu", "1"}}), .runtime_class_name = "my-runtime-class"});
  Results r = Solve({pod});
  EXPECT_EQ(TypeOf(r, pod), "default-instance-type");
}

TEST_F(KarpenterBinpacking, ShouldScheduleMultipleSmallPodsOnTheSmallestPossibleInstanceType) {
  auto pods = MakePods(5, {.requests = Resources({{"memory", "10M"}})});
  Results r = Solve(pods);
  for (api::Pod* p : pods) EXPECT_EQ(TypeOf(r, p), "small-instance-type");
  EXPECT_EQ(ClaimsOf(r, pods).size(), 1u);
}

TEST_F(KarpenterBinpacking, ShouldCreateNewNodesWhenANodeIsAtCapacity) {
  auto pods = MakePods(
      40, {.node_selector = {{kArch, "amd64"}}, .requests = Resources({{"memory", "1.8G"}})});
  Results r = Solve(pods);
  for (api::Pod* p : pods) EXPECT_EQ(TypeOf(r, p), "default-instance-type");
  EXPECT_EQ(ClaimsOf(r, pods).size(), 20u);
}

TEST_F(KarpenterBinpacking, ShouldPackSmallAndLargePodsTogether) {
  auto pods = MakePods(
      40, {.node_selector = {{kArch, "amd64"}}, .requests = Resources({{"memory", "1.8G"}})});
  auto small = MakePods(
      20, {.node_selector = {{kArch, "amd64"}}, .requests = Resources({{"memory", "400M"}})});
  pods.insert(pods.end(), small.begin(), small.end());
  Results r = Solve(pods);
  for (api::Pod* p : pods) EXPECT_EQ(TypeOf(r, p), "default-instance-type");
  EXPECT_EQ(ClaimsOf(r, pods).size(), 20u);
}

TEST_F(KarpenterBinpacking, ShouldPackNodesTightly) {
  types_ = cloud::fake::InstanceTypes(5);
  api::Pod* big = NewPod({.requests = Resources({{"cpu", "4.5"}})});
  api::Pod* small = NewPod({.requests = Resources({{"cpu", "1"}})});
  Results r = Solve({big, small});
  ASSERT_TRUE(Scheduled(r, big));
  ASSERT_TRUE(Scheduled(r, small));
  EXPECT_NE(TypeOf(r, big), TypeOf(r, small));
}

TEST_F(KarpenterBinpacking, ShouldHandleZeroQuantityResourceRequests) {
  api::Pod* pod = NewPod({.requests = Resources({{"foo.com/weird-resources", "0"}}),
                          .limits = Resources({{"foo.com/weird-resources", "0"}})});
  Results r = Solve({pod});
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterBinpacking, ShouldNotSchedulePodsThatExceedEveryInstanceTypesCapacity) {
  api::Pod* pod = NewPod({.requests = Resources({{"memory", "2Ti"}})});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterBinpacking, ShouldCreateNewNodesWhenANodeIsAtCapacityDueToPodLimitsPerNode) {
  auto pods = MakePods(25, {.node_selector = {{kArch, "amd64"}},
                            .requests = Resources({{"memory", "1m"}, {"cpu", "1m"}})});
  Results r = Solve(pods);
  for (api::Pod* p : pods) EXPECT_EQ(TypeOf(r, p), "small-instance-type");
  EXPECT_EQ(ClaimsOf(r, pods).size(), 5u);
}

TEST_F(KarpenterBinpacking, ShouldTakeIntoAccountInitContainerResourceRequestsWhenBinpacking) {
  api::Pod* pod = NewPod({.requests = Resources({{"memory", "1Gi"}, {"cpu", "1"}})});
  api::Container init;
  init.name = "init";
  init.resources.requests = Resources({{"memory", "1Gi"}, {"cpu", "2"}});
  pod->spec.init_containers.push_back(init);
  Results r = Solve({pod});
  EXPECT_EQ(TypeOf(r, pod), "default-instance-type");
}

TEST_F(KarpenterBinpacking,
       ShouldNotSchedulePodsWhenInitContainerResourceRequestsAreGreaterThanAvailableInstanceTypes) {
  api::Pod* pod = NewPod({.requests = Resources({{"memory", "1Gi"}, {"cpu", "1"}})});
  api::Container init;
  init.name = "init";
  init.resources.requests = Resources({{"memory", "1Ti"}, {"cpu", "2"}});
  pod->spec.init_containers.push_back(init);
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

// ---- Describe("In-Flight Nodes") / Describe("Existing Nodes") -------------------------------

TEST_F(KarpenterExistingNodes,
       ShouldNotLaunchASecondNodeIfThereIsAnInFlightNodeThatCanSupportThePod) {
  AddNode("node-1", Type("default-instance-type"), {}, /*initialized=*/false);
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "10m"}})});
  Results r = Solve({pod});
  EXPECT_EQ(ExistingNodeOf(r, pod), "node-1");
  EXPECT_TRUE(r.new_node_claims.empty());
}

TEST_F(KarpenterExistingNodes,
       ShouldNotLaunchASecondNodeIfThereIsAnInFlightNodeThatCanSupportThePodNodeSelectors) {
  AddNode("node-1", Type("default-instance-type"), {}, false);
  api::Pod* pod = NewPod({.node_selector = {{kInstanceType, "default-instance-type"}},
                          .requests = Resources({{"cpu", "10m"}})});
  api::Pod* other = NewPod({.node_selector = {{kInstanceType, "small-instance-type"}},
                            .requests = Resources({{"cpu", "10m"}})});
  Results r = Solve({pod, other});
  EXPECT_EQ(ExistingNodeOf(r, pod), "node-1");
  EXPECT_TRUE(ExistingNodeOf(r, other).empty());
  EXPECT_EQ(TypeOf(r, other), "small-instance-type");
}

TEST_F(KarpenterExistingNodes, ShouldAssumePodWillScheduleToATaintedNodeWithNoTaints) {
  AddNode("node-1", Type("arm-instance-type"), {}, true);
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_EQ(ExistingNodeOf(r, pod), "node-1");
}

TEST_F(
    KarpenterExistingNodes,
    ShouldAssumePodWillScheduleToANodeWithEphemeralTaintNodeKubernetesIoNotReadyNoExecuteWhenTheNodeIsUninitialized) {
  AddNode("node-1", Type("default-instance-type"),
          {MakeTaint("node.kubernetes.io/not-ready", "", "NoExecute")}, /*initialized=*/false);
  api::Pod* second = NewPod();
  Results r = Solve({second});
  EXPECT_EQ(ExistingNodeOf(r, second), "node-1");
  // Once initialized, the taint is real.
  existing_.front().initialized = false;
  existing_.clear();
  nodes_.clear();
  claims_.clear();
  AddNode("node-1", Type("default-instance-type"),
          {MakeTaint("node.kubernetes.io/not-ready", "", "NoExecute")}, /*initialized=*/true);
  api::Pod* third = NewPod();
  r = Solve({third});
  EXPECT_TRUE(ExistingNodeOf(r, third).empty());
  EXPECT_TRUE(Scheduled(r, third));
}

TEST_F(KarpenterExistingNodes, ShouldNotAssumePodWillScheduleToATaintedNode) {
  AddNode("node-1", Type("arm-instance-type"),
          {MakeTaint("foo.com/taint", "tainted", "NoSchedule")}, true);
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_TRUE(ExistingNodeOf(r, pod).empty());
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterExistingNodes, ShouldAssumePodWillScheduleToATaintedNodeWithACustomStartupTaint) {
  api::Taint startup = MakeTaint("foo.com/taint", "tainted", "NoSchedule");
  AddNode("node-1", Type("arm-instance-type"),
          {startup, MakeTaint("node.kubernetes.io/not-ready", "", "NoSchedule")}, false, {},
          {startup});
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_EQ(ExistingNodeOf(r, pod), "node-1");
}

TEST_F(KarpenterExistingNodes,
       ShouldNotAssumePodWillScheduleToANodeWithStartupTaintsAfterInitialization) {
  api::Taint startup = MakeTaint("ignore-me", "nothing-to-see-here", "NoSchedule");
  AddNode("node-1", Type("default-instance-type"), {startup}, true, {}, {startup});
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_TRUE(ExistingNodeOf(r, pod).empty());
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterExistingNodes,
       ShouldTrackDaemonsetUsageSeparatelySoWeKnowHowManyDSResourcesAreRemainingToBeScheduled) {
  NewDaemonSet({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  // The DaemonSet's pod is already bound (requesting 1 cpu / 2Gi).
  api::Pod* ds_pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "2Gi"}})});
  ds_pod->metadata.owner_references.push_back(
      {"apps/v1", "DaemonSet", "daemonset-0", "", true, true, {}});
  ds_pod->spec.node_name = "node-1";
  AddNode("node-1", Type("arm-instance-type"), {}, false, {ds_pod});
  // 16 cpu - 100m kube-reserved - 1 cpu daemon = 14.9 cpu left, with no daemon still to come.
  api::Pod* pod = NewPod({.limits = Resources({{"cpu", "14.9"}})});
  Results r = Solve({pod});
  EXPECT_EQ(ExistingNodeOf(r, pod), "node-1");
}

TEST_F(KarpenterExistingNodes, ShouldHandleUnexpectedDaemonsetPodsBindingToTheNode) {
  NewDaemonSet({.node_selector = {{"my-node-label", "value"}},
                .requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  NewDaemonSet({.requests = Resources({{"cpu", "1m"}})});
  api::Pod* ds_pod = NewPod({.node_selector = {{"my-node-label", "value"}},
                             .requests = Resources({{"cpu", "1"}, {"memory", "2Gi"}})});
  ds_pod->metadata.owner_references.push_back(
      {"apps/v1", "DaemonSet", "daemonset-0", "", true, true, {}});
  ds_pod->spec.node_name = "node-1";
  AddNode("node-1", Type("arm-instance-type"), {}, false, {ds_pod});
  nodes_.back()->metadata.labels["my-node-label"] = "value";
  api::Pod* pod = NewPod({.limits = Resources({{"cpu", "15.5"}})});
  Results r = Solve({pod});
  EXPECT_TRUE(ExistingNodeOf(r, pod).empty());
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(SchedulerTest, ShouldScheduleMultiplePodsOnTheSameNode) {
  // Describe("Binpacking"): pods that fit together share one claim.
  std::vector<api::Pod*> pods;
  for (int i = 0; i < 3; ++i) pods.push_back(NewPod({.requests = Resources({{"cpu", "100m"}})}));
  Results r = Solve(pods);
  ASSERT_EQ(r.new_node_claims.size(), 1u);
  EXPECT_EQ(r.new_node_claims[0].pods.size(), 3u);
}

TEST_F(SchedulerTest, ShouldScheduleToAnExistingNodeBeforeANewNodeClaim) {
  // Existing and in-flight nodes are tried before any new claim.
  ExistingNodeInput input;
  api::Node node;
  node.metadata.name = "existing";
  node.metadata.labels = {{"kubernetes.io/hostname", "existing"}};
  node.status.allocatable = Resources({{"cpu", "4"}, {"memory", "4Gi"}, {"pods", "10"}});
  input.name = "existing";
  input.node = &node;
  existing_.push_back(input);
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}})});
  api::Pod* big = NewPod({.requests = Resources({{"cpu", "3.5"}})});
  Results r = Solve({pod, big});
  EXPECT_EQ(ExistingNodeOf(r, big), "existing");
  EXPECT_TRUE(ExistingNodeOf(r, pod).empty());
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(SchedulerTest, ShouldIgnoreNodesMarkedForDeletion) {
  ExistingNodeInput input;
  api::Node node;
  node.metadata.name = "deleting";
  node.status.allocatable = Resources({{"cpu", "4"}, {"memory", "4Gi"}, {"pods", "10"}});
  input.name = "deleting";
  input.node = &node;
  input.marked_for_deletion = true;
  existing_.push_back(input);
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_TRUE(ExistingNodeOf(r, pod).empty());
  EXPECT_NE(ClaimOf(r, pod), nullptr);
}

TEST_F(KarpenterSchedulingSuite, ShouldSchedulePodsWithTheSameHostPortToDifferentNodes) {
  api::Pod* a = NewPod({.host_ports = {80}});
  api::Pod* b = NewPod({.host_ports = {80}});
  Results r = Solve({a, b});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  EXPECT_NE(ClaimOf(r, a), ClaimOf(r, b));
}

TEST_F(SchedulerTest, ShouldScheduleHostPortsOnDifferentIPsToTheSameNode) {
  api::Pod* a = NewPod({.host_ports = {80}, .host_ip = "10.0.0.1"});
  api::Pod* b = NewPod({.host_ports = {80}, .host_ip = "10.0.0.2"});
  Results r = Solve({a, b});
  EXPECT_EQ(ClaimOf(r, a), ClaimOf(r, b));
}

// ---- pkg/controllers/provisioning/suite_test.go Context("Resource Limits") -------------------

TEST_F(KarpenterProvisioningSuite, ShouldNotScheduleWhenLimitsAreExceeded) {
  pool_.spec.limits = Resources({{"cpu", "20"}});
  // An in-flight NodeClaim of the pool already has 100 cpu.
  api::NodeClaim claim;
  claim.metadata.name = "inflight";
  claim.metadata.labels = {{"karpenter.sh/nodepool", "default"}};
  claim.status.capacity = Resources({{"cpu", "100"}});
  ExistingNodeInput input;
  input.name = "inflight";
  input.node_claim = &claim;
  input.initialized = false;
  existing_.push_back(input);
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
  EXPECT_NE(ErrorOf(r, pod).find("all available instance types exceed limits for nodepool"),
            std::string::npos)
      << ErrorOf(r, pod);
}

TEST_F(KarpenterProvisioningSuite, ShouldScheduleIfLimitsWouldBeMet) {
  pool_.spec.limits = Resources({{"cpu", "2"}});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1.75"}})});
  Results r = Solve({pod});
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterProvisioningSuite, ShouldPartiallyScheduleIfLimitsWouldBeExceeded) {
  pool_.spec.limits = Resources({{"cpu", "3"}});
  // Two pods that cannot share a node (distinct host ports stand in for upstream's hostname
  // anti-affinity, which the topology tests cover).
  api::Pod* a = NewPod({.requests = Resources({{"cpu", "1.5"}}), .host_ports = {80}});
  api::Pod* b = NewPod({.requests = Resources({{"cpu", "1.5"}}), .host_ports = {80}});
  Results r = Solve({a, b});
  EXPECT_EQ(static_cast<int>(Scheduled(r, a)) + static_cast<int>(Scheduled(r, b)), 1);
}

TEST_F(KarpenterProvisioningSuite, ShouldNotScheduleIfLimitsWouldBeExceeded) {
  pool_.spec.limits = Resources({{"cpu", "2"}});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "2.1"}})});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterProvisioningSuite, ShouldNotScheduleIfLimitsWouldBeExceededGPU) {
  pool_.spec.limits = Resources({{"pods", "1"}});
  api::Pod* pod = NewPod({.limits = Resources({{cloud::fake::kResourceGPUVendorA, "1"}})});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(KarpenterProvisioningSuite, ShouldNotScheduleIfLimitsWouldBeExceededNode) {
  pool_.spec.limits = Resources({{"nodes", "2"}});
  std::vector<api::Pod*> pods;
  for (int i = 0; i < 3; ++i) {
    pods.push_back(NewPod({.requests = Resources({{"cpu", "1.5"}}), .host_ports = {80}}));
  }
  Results r = Solve(pods);
  int scheduled = 0;
  for (api::Pod* p : pods) scheduled += Scheduled(r, p) ? 1 : 0;
  EXPECT_EQ(scheduled, 2);
}

// ---- Context("Daemonsets") -------------------------------------------------------------------

TEST_F(KarpenterProvisioningSuite, ShouldAccountForDaemonsets) {
  NewDaemonSet({.requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "default-instance-type");
  const NewNodeClaim* claim = ClaimOf(r, pod);
  ASSERT_NE(claim, nullptr);
  // Requests include the DaemonSet's overhead and both pods.
  EXPECT_EQ(claim->requests.at("cpu"), Quantity::MustParse("3"));
  EXPECT_EQ(claim->requests.at("pods"), Quantity::MustParse("2"));
}

TEST_F(KarpenterProvisioningSuite, ShouldAccountForDaemonsetHostports) {
  NewDaemonSet({.requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}}), .host_ports = {8080}});
  api::Pod* pod =
      NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}}), .host_ports = {8080}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
  EXPECT_TRUE(r.new_node_claims.empty());
}

TEST_F(KarpenterProvisioningSuite, ShouldAccountForDaemonsetsWithStartupTaint) {
  pool_.spec.template_.spec.startup_taints = {MakeTaint("foo.com/taint", "", "NoSchedule")};
  NewDaemonSet({.requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "default-instance-type");
}

TEST_F(KarpenterProvisioningSuite, ShouldNotScheduleIfDaemonsetOverheadIsTooLarge) {
  NewDaemonSet({.requests = Resources({{"cpu", "10000"}, {"memory", "10000Gi"}})});
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
  EXPECT_NE(ErrorOf(r, pod).find("daemonset overhead="), std::string::npos) << ErrorOf(r, pod);
}

TEST_F(KarpenterProvisioningSuite, ShouldIgnoreDaemonsetsWithoutMatchingTolerations) {
  pool_.spec.template_.spec.taints = {MakeTaint("foo", "bar", "NoSchedule")};
  NewDaemonSet({.requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}}),
                          .tolerations = {MakeToleration("", "Exists", "", "")}});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "small-instance-type");
}

TEST_F(KarpenterProvisioningSuite, ShouldIgnoreDaemonsetsWithAnInvalidSelector) {
  NewDaemonSet({.node_selector = {{"node", "invalid"}},
                .requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "small-instance-type");
}

TEST_F(KarpenterProvisioningSuite,
       ShouldIgnoreDaemonsetsWhenNoInstanceTypesMeetTheDaemonsetRequirements) {
  NewDaemonSet({.node_requirements = {Req(kInstanceType, "In", {"non-existent-instance-type"})},
                .requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "small-instance-type");
}

TEST_F(KarpenterProvisioningSuite,
       ShouldAccountForDaemonsetsWithACustomLabelNodeSelectorThatMatchesTheNodepool) {
  pool_.spec.template_.metadata.labels = {{"purpose", "monitoring"}};
  NewDaemonSet({.node_selector = {{"purpose", "monitoring"}},
                .requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "default-instance-type");
}

TEST_F(KarpenterProvisioningSuite, ShouldFilterOutDaemonsetsBasedOnInstanceTypeRequirements) {
  // A DaemonSet only for arm64 types adds no overhead to amd64 ones.
  NewDaemonSet({.node_requirements = {Req(kArch, "In", {"arm64"})},
                .requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.node_selector = {{kArch, "amd64"}},
                          .requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "small-instance-type");
}

TEST_F(KarpenterProvisioningSuite, ShouldConsiderADaemonsetSchedulableWithAPreferNoScheduleTaint) {
  pool_.spec.template_.spec.taints = {MakeTaint("foo", "bar", "PreferNoSchedule")};
  NewDaemonSet({.requests = Resources({{"cpu", "2"}, {"memory", "2Gi"}})});
  api::Pod* pod = NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}}),
                          .tolerations = {MakeToleration("", "Exists", "", "")}});
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "default-instance-type");
}

// ---- Context("Taints") / NodePool selection ------------------------------------------------

TEST_F(KarpenterProvisioningSuite, ShouldSchedulePodsThatTolerateTaints) {
  pool_.spec.template_.spec.taints = {MakeTaint("nvidia.com/gpu", "true", "NoSchedule")};
  std::vector<api::Pod*> pods = {
      NewPod({.tolerations = {MakeToleration("nvidia.com/gpu", "Equal", "true", "NoSchedule")}}),
      NewPod({.tolerations = {MakeToleration("nvidia.com/gpu", "Exists", "", "NoSchedule")}}),
      NewPod({.tolerations = {MakeToleration("nvidia.com/gpu", "Exists", "", "")}}),
      NewPod({.tolerations = {MakeToleration("", "Exists", "", "")}})};
  api::Pod* intolerant = NewPod();
  pods.push_back(intolerant);
  Results r = Solve(pods);
  for (size_t i = 0; i + 1 < pods.size(); ++i) EXPECT_TRUE(Scheduled(r, pods[i])) << i;
  EXPECT_FALSE(Scheduled(r, intolerant));
  EXPECT_NE(ErrorOf(r, intolerant).find("did not tolerate taint nvidia.com/gpu=true:NoSchedule"),
            std::string::npos)
      << ErrorOf(r, intolerant);
}

TEST_F(KarpenterProvisioningSuite,
       ShouldNotMatchNodePoolWithPreferNoScheduleTaintWhenOtherNodePoolMatch) {
  pools_ = {DefaultNodePool("a-tainted"), DefaultNodePool("b-plain")};
  pools_[0].spec.template_.spec.taints = {MakeTaint("foo", "bar", "PreferNoSchedule")};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  ASSERT_NE(ClaimOf(r, pod), nullptr);
  EXPECT_EQ(ClaimOf(r, pod)->node_pool, "b-plain");
}

TEST_F(KarpenterProvisioningSuite,
       ShouldToleratePreferNoScheduleTaintOnlyAfterTryingToRelaxAffinityTerms) {
  pool_.spec.template_.spec.taints = {MakeTaint("foo", "bar", "PreferNoSchedule")};
  api::Pod* pod =
      NewPod({.node_preferences = {Req("topology.kubernetes.io/zone", "In", {"invalid"})}});
  Results r = Solve({pod});
  EXPECT_TRUE(Scheduled(r, pod));
}

TEST_F(KarpenterProvisioningSuite, ShouldScheduleToTheNodepoolWithTheHighestPriorityAlways) {
  pools_ = {DefaultNodePool("np-a"), DefaultNodePool("np-b"), DefaultNodePool("np-c")};
  pools_[1].spec.weight = 20;
  pools_[2].spec.weight = 100;
  std::vector<api::Pod*> pods = {NewPod(), NewPod(), NewPod()};
  Results r = Solve(pods);
  for (api::Pod* p : pods) {
    ASSERT_NE(ClaimOf(r, p), nullptr);
    EXPECT_EQ(ClaimOf(r, p)->node_pool, "np-c");
  }
}

TEST_F(KarpenterProvisioningSuite,
       ShouldScheduleToExplicitlySelectedNodepoolEvenIfOtherNodePoolsAreHigherPriority) {
  pools_ = {DefaultNodePool("np-a"), DefaultNodePool("np-b"), DefaultNodePool("np-c")};
  pools_[1].spec.weight = 20;
  pools_[2].spec.weight = 100;
  api::Pod* pod = NewPod({.node_selector = {{"karpenter.sh/nodepool", "np-a"}}});
  Results r = Solve({pod});
  ASSERT_NE(ClaimOf(r, pod), nullptr);
  EXPECT_EQ(ClaimOf(r, pod)->node_pool, "np-a");
}

TEST_F(KarpenterProvisioningSuite, ShouldNotCreateNodeClaimsForStaticNodePool) {
  pool_.spec.replicas = 2;
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

}  // namespace
}  // namespace tidepool::scheduling::testing
