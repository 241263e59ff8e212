// Cases ported from kubernetes-sigs/karpenter pkg/controllers/nodeclaim/lifecycle:
// launch_test.go, registration_test.go, initialization_test.go, liveness_test.go. Upstream's
// fake cloud provider is the SimulatedCloudProvider over the fake catalogue; upstream's
// ExpectObjectReconciled is ReconcileNodeClaim; "deleted" means deletionTimestamp set (the
// termination finalizer holds the claim, as upstream's does until ExpectFinalizersRemoved).
#include "lifecycle/nodeclaim_lifecycle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cloud/simulated_cloud_provider.h"
#include "cluster/cluster_state.h"
#include "core/quantity.h"
#include "core/simulated_clock.h"

namespace tidepool::lifecycle {
namespace {

api::Taint MakeTaint(std::string key, std::string value, std::string effect) {
  api::Taint t;
  t.key = std::move(key);
  t.value = std::move(value);
  t.effect = std::move(effect);
  return t;
}

api::Taint UnregisteredTaint() {
  return MakeTaint(std::string(api::kUnregisteredTaintKey), "", api::kTaintEffectNoExecute);
}

bool HasTaint(const api::Node& node, const api::Taint& taint) {
  for (const api::Taint& t : node.spec.taints) {
    if (api::MatchTaint(t, taint) && t.value == taint.value) return true;
  }
  return false;
}

class NodeClaimLifecycleTest : public ::testing::Test {
 protected:
  NodeClaimLifecycleTest()
      : cloud_(clock_, cloud::fake::DefaultInstanceTypes(),
               cloud::SimulatedCloudOptions{.well_known_labels = &cloud::fake::WellKnownLabels()}),
        controller_(state_, state_, state_, cloud_, clock_) {}

  // upstream test.NodeClaim: a claim of the default pool.
  api::NodeClaim Claim(std::string name = "nodeclaim-1") {
    api::NodeClaim claim;
    claim.api_version = api::kKarpenterApiVersion;
    claim.kind = api::kNodeClaimKind;
    claim.metadata.name = std::move(name);
    claim.metadata.uid = "uid-" + claim.metadata.name;
    claim.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
    return claim;
  }

  std::string Apply(api::NodeClaim claim) {
    auto name = state_.CreateNodeClaim(std::move(claim));
    EXPECT_TRUE(name);
    return *name;
  }

  const api::NodeClaim& Get(std::string_view name) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    EXPECT_NE(claim, nullptr) << name;
    static const api::NodeClaim kEmpty;
    return claim == nullptr ? kEmpty : *claim;
  }

  const api::Node& GetNode(std::string_view name) {
    const api::Node* node = state_.Get<api::Node>("", name);
    EXPECT_NE(node, nullptr) << name;
    static const api::Node kEmpty;
    return node == nullptr ? kEmpty : *node;
  }

  void Reconcile(std::string_view name) {
    auto result = controller_.ReconcileNodeClaim(name);
    EXPECT_TRUE(result) << result.error().message();
  }

  // upstream test.NodeClaimLinkedNode / test.Node: a Ready node with the claim's providerID.
  api::Node LinkedNode(const api::NodeClaim& claim, std::vector<api::Taint> taints = {},
                       bool ready = true) {
    api::Node node;
    node.metadata.name = "node-" + claim.metadata.name;
    node.spec.provider_id = claim.status.provider_id;
    node.spec.taints = std::move(taints);
    node.status.allocatable = claim.status.allocatable;
    node.status.capacity = claim.status.capacity;
    api::NodeCondition cond;
    cond.type = api::kNodeReady;
    cond.status = ready ? "True" : "False";
    node.status.conditions.push_back(cond);
    return node;
  }

  void PutNode(api::Node node) { ASSERT_TRUE(state_.CreateNode(std::move(node))); }

  std::string ConditionStatus(std::string_view name, std::string_view type) {
    for (const api::StatusCondition& c : Get(name).status.conditions) {
      if (c.type == type) return c.status;
    }
    return "<none>";
  }
  const api::StatusCondition* Condition(std::string_view name, std::string_view type) {
    for (const api::StatusCondition& c : Get(name).status.conditions) {
      if (c.type == type) return &c;
    }
    return nullptr;
  }

  bool Deleted(std::string_view name) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    return claim == nullptr || !claim->metadata.deletion_timestamp.empty();
  }

  int EventCount(std::string_view reason) {
    int n = 0;
    for (const cluster::Event& e : state_.events().events()) n += e.reason == reason;
    return n;
  }

  // Launches and registers `name` with a Ready node carrying `node_taints`.
  void LaunchAndRegister(std::string_view name, std::vector<api::Taint> node_taints = {}) {
    Reconcile(name);
    node_taints.push_back(UnregisteredTaint());
    PutNode(LinkedNode(Get(name), std::move(node_taints)));
    Reconcile(name);
  }

  SimulatedClock clock_{Time::FromUnixSeconds(1'700'000'000)};
  cluster::ClusterState state_{clock_};
  cloud::SimulatedCloudProvider cloud_;
  NodeClaimLifecycleController controller_;
};

// ---- launch_test.go -----------------------------------------------------------------------------

// "should launch an instance when a new NodeClaim is created"
TEST_F(NodeClaimLifecycleTest, LaunchLaunchesAnInstanceWhenANewNodeClaimIsCreated) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  EXPECT_EQ(cloud_.create_calls(), 1u);
  EXPECT_EQ(cloud_.instances().size(), 1u);
  const api::NodeClaim& claim = Get(name);
  EXPECT_FALSE(claim.status.provider_id.empty());
  EXPECT_EQ(claim.metadata.labels.at(std::string(api::kLabelInstanceTypeStable)),
            "small-instance-type");
  EXPECT_EQ(claim.metadata.labels.at(std::string(api::kNodePoolLabelKey)), "default");
  EXPECT_FALSE(claim.status.allocatable.empty());
  ASSERT_EQ(claim.metadata.finalizers.size(), 1u);
  EXPECT_EQ(claim.metadata.finalizers[0], api::kTerminationFinalizer);
  // A second reconcile does not launch again.
  Reconcile(name);
  EXPECT_EQ(cloud_.create_calls(), 1u);
}

// "should add the Launched status condition after creating the NodeClaim"
TEST_F(NodeClaimLifecycleTest, LaunchAddsTheLaunchedStatusCondition) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeLaunched), "True");
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeRegistered), "Unknown");
  EXPECT_EQ(Condition(name, api::kConditionTypeRegistered)->reason, "NodeNotFound");
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeReady), "Unknown");
  EXPECT_EQ(controller_.launched(), 1u);
}

// "should delete the nodeclaim if InsufficientCapacity is returned from the cloudprovider"
TEST_F(NodeClaimLifecycleTest, LaunchDeletesTheNodeClaimOnInsufficientCapacity) {
  cloud_.FailNextCreate(Error(ErrorCode::kInsufficientCapacity, "all offerings exhausted"));
  const std::string name = Apply(Claim());
  Reconcile(name);
  EXPECT_TRUE(Deleted(name));
  // The finalizer was written before the launch, so termination finalises the claim.
  EXPECT_EQ(Get(name).metadata.finalizers.size(), 1u);
  EXPECT_EQ(EventCount(kReasonInsufficientCapacityError), 1);
  EXPECT_EQ(state_.events().events().back().message,
            "NodeClaim nodeclaim-1 event: all offerings exhausted");
  EXPECT_EQ(controller_.deleted_insufficient_capacity(), 1u);
  EXPECT_TRUE(cloud_.instances().empty());
}

// Injected capacity exhaustion in the cloud takes the same path, end to end.
TEST_F(NodeClaimLifecycleTest, LaunchDeletesTheNodeClaimWhenEveryOfferingIsExhausted) {
  api::NodeClaim claim = Claim();
  claim.spec.requirements.push_back(
      api::NodeSelectorRequirement{.key = std::string(api::kLabelInstanceTypeStable),
                                   .operator_ = "In",
                                   .values = {"small-instance-type"},
                                   .min_values = std::nullopt,
                                   .extra = {}});
  for (const char* zone : {"test-zone-1", "test-zone-2"}) {
    cloud_.SetOfferingCapacity("small-instance-type", zone, "spot", 0);
  }
  const std::string name = Apply(claim);
  Reconcile(name);
  EXPECT_TRUE(Deleted(name));
  EXPECT_TRUE(
      cloud_.unavailable_offerings().IsUnavailable("small-instance-type", "test-zone-2", "spot"));
}

// "should set nodeClaim status condition from the condition message received if error returned
// is CreateError" (here any error other than insufficient capacity: LaunchFailed).
TEST_F(NodeClaimLifecycleTest, LaunchSetsLaunchFailedAndRetriesOnOtherErrors) {
  cloud_.FailNextCreate(Error(ErrorCode::kUnavailable, "create failed"));
  const std::string name = Apply(Claim());
  auto result = controller_.ReconcileNodeClaim(name);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "launching nodeclaim: create failed");
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeLaunched), "Unknown");
  EXPECT_EQ(Condition(name, api::kConditionTypeLaunched)->reason, "LaunchFailed");
  EXPECT_EQ(Condition(name, api::kConditionTypeLaunched)->message, "create failed");
  EXPECT_FALSE(Deleted(name));
  Reconcile(name);  // backing off for 1 s: no second Create yet
  EXPECT_EQ(cloud_.create_calls(), 1u);
  clock_.Advance(Duration::Seconds(1));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeLaunched), "True");
}

// Upstream's controller retries a failing item with exponential backoff (1 s doubling, capped at
// 1 min); the liveness timeout still counts from the Launched condition.
TEST_F(NodeClaimLifecycleTest, LaunchFailuresBackOffExponentially) {
  api::NodeClaim claim = Claim();
  claim.spec.requirements.push_back(
      api::NodeSelectorRequirement{.key = std::string(api::kLabelInstanceTypeStable),
                                   .operator_ = "In",
                                   .values = {"does-not-exist"},
                                   .min_values = std::nullopt,
                                   .extra = {}});
  const std::string name = Apply(claim);
  std::vector<int64_t> attempts;
  for (int s = 0; s < 200; ++s) {
    const uint64_t before = cloud_.create_calls();
    (void)controller_.ReconcileNodeClaim(name);
    if (cloud_.create_calls() > before) attempts.push_back(s);
    clock_.Advance(Duration::Seconds(1));
  }
  EXPECT_EQ(attempts, (std::vector<int64_t>{0, 1, 3, 7, 15, 31, 63, 123, 183}));
  EXPECT_FALSE(Deleted(name));
  clock_.Advance(Duration::Minutes(2));
  (void)controller_.ReconcileNodeClaim(name);
  EXPECT_TRUE(Deleted(name));
}

TEST_F(NodeClaimLifecycleTest, LaunchFailureMessagesAreTruncatedAt300Characters) {
  cloud_.FailNextCreate(Error(ErrorCode::kUnavailable, std::string(400, 'x')));
  const std::string name = Apply(Claim());
  EXPECT_FALSE(controller_.ReconcileNodeClaim(name));
  EXPECT_EQ(Condition(name, api::kConditionTypeLaunched)->message, std::string(300, 'x') + "...");
}

// A NodeWriter over the cluster state whose next NodeClaim update fails (an API server conflict).
class FlakyWriter : public cluster::NodeWriter {
 public:
  explicit FlakyWriter(cluster::ClusterState& state) : state_(state) {}
  int fail_next_claim_updates = 0;

  Result<std::string> CreateNodeClaim(api::NodeClaim c) override {
    return state_.CreateNodeClaim(std::move(c));
  }
  Status UpdateNodeClaim(api::NodeClaim c) override {
    if (fail_next_claim_updates > 0) {
      --fail_next_claim_updates;
      return Fail(ErrorCode::kUnavailable, "conflict");
    }
    return state_.UpdateNodeClaim(std::move(c));
  }
  Status DeleteNodeClaim(std::string_view n) override { return state_.DeleteNodeClaim(n); }
  Status CreateNode(api::Node n) override { return state_.CreateNode(std::move(n)); }
  Status UpdateNode(api::Node n) override { return state_.UpdateNode(std::move(n)); }
  Status DeleteNode(std::string_view n) override { return state_.DeleteNode(n); }
  Status BindPod(std::string_view ns, std::string_view n, std::string_view node) override {
    return state_.BindPod(ns, n, node);
  }
  Status NominatePod(std::string_view ns, std::string_view n, std::string_view node) override {
    return state_.NominatePod(ns, n, node);
  }
  Status EvictPod(std::string_view ns, std::string_view n) override {
    return state_.EvictPod(ns, n);
  }
  Status DeletePod(std::string_view ns, std::string_view n) override {
    return state_.DeletePod(ns, n);
  }
  Status UpdateNodePool(api::NodePool p) override { return state_.UpdateNodePool(std::move(p)); }

 private:
  cluster::ClusterState& state_;
};

// Upstream launch.go's cache: when the status write after a launch fails, the retry reuses the
// launched instance instead of creating a second one.
TEST_F(NodeClaimLifecycleTest, LaunchReusesTheCreatedInstanceWhenTheStatusWriteFails) {
  FlakyWriter writer(state_);
  NodeClaimLifecycleController controller(state_, writer, state_, cloud_, clock_);
  api::NodeClaim claim = Claim();
  claim.metadata.finalizers.emplace_back(api::kTerminationFinalizer);
  const std::string name = Apply(claim);
  writer.fail_next_claim_updates = 1;  // the status write after Create
  auto failed = controller.ReconcileNodeClaim(name);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message(), "updating nodeclaim nodeclaim-1: conflict");
  EXPECT_EQ(cloud_.create_calls(), 1u);
  EXPECT_TRUE(Get(name).status.provider_id.empty());
  ASSERT_EQ(cloud_.instances().size(), 1u);

  ASSERT_TRUE(controller.ReconcileNodeClaim(name));
  EXPECT_EQ(cloud_.create_calls(), 1u);  // reused, not launched again
  EXPECT_EQ(cloud_.instances().size(), 1u);
  EXPECT_EQ(Get(name).status.provider_id, cloud_.instances().begin()->first);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeLaunched), "True");
}

// ---- registration_test.go -----------------------------------------------------------------------

// "should match the nodeClaim to the Node when the Node comes online"
TEST_F(NodeClaimLifecycleTest, RegistrationMatchesTheNodeClaimToTheNode) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeRegistered), "Unknown");
  PutNode(LinkedNode(Get(name), {UnregisteredTaint()}));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeRegistered), "True");
  EXPECT_EQ(Get(name).status.node_name, "node-" + name);
  const api::Node& node = GetNode("node-" + name);
  ASSERT_EQ(node.metadata.finalizers.size(), 1u);
  EXPECT_EQ(node.metadata.finalizers[0], api::kTerminationFinalizer);
}

// "should add the owner reference to the Node when the Node comes online" and "should not add
// the owner reference to the Node when the Node already has the owner reference"
TEST_F(NodeClaimLifecycleTest, RegistrationAddsTheOwnerReferenceOnce) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  api::Node node = LinkedNode(Get(name), {UnregisteredTaint()});
  api::OwnerReference existing;
  existing.api_version = "karpenter.sh/v1";
  existing.kind = "NodeClaim";
  existing.name = name;
  existing.uid = "uid-" + name;
  existing.block_owner_deletion = true;
  node.metadata.owner_references.push_back(existing);
  PutNode(std::move(node));
  Reconcile(name);
  const api::Node& registered = GetNode("node-" + name);
  ASSERT_EQ(registered.metadata.owner_references.size(), 1u);
  EXPECT_EQ(registered.metadata.owner_references[0], existing);

  const std::string second = Apply(Claim("nodeclaim-2"));
  Reconcile(second);
  PutNode(LinkedNode(Get(second), {UnregisteredTaint()}));
  Reconcile(second);
  const api::Node& owned = GetNode("node-" + second);
  ASSERT_EQ(owned.metadata.owner_references.size(), 1u);
  EXPECT_EQ(owned.metadata.owner_references[0].kind, "NodeClaim");
  EXPECT_EQ(owned.metadata.owner_references[0].name, second);
  EXPECT_EQ(owned.metadata.owner_references[0].uid, "uid-" + second);
  EXPECT_EQ(owned.metadata.owner_references[0].block_owner_deletion, true);
}

// "should sync the karpenter.sh/registered label to the Node and remove the
// karpenter.sh/unregistered taint when the Node comes online"
TEST_F(NodeClaimLifecycleTest, RegistrationLabelsRegisteredAndRemovesTheUnregisteredTaint) {
  const std::string name = Apply(Claim());
  LaunchAndRegister(name);
  const api::Node& node = GetNode("node-" + name);
  EXPECT_EQ(node.metadata.labels.at(std::string(api::kNodeRegisteredLabelKey)), "true");
  EXPECT_FALSE(HasTaint(node, UnregisteredTaint()));
  EXPECT_EQ(EventCount(kReasonUnregisteredTaintMissing), 0);
}

// "should succeed registration if the karpenter.sh/unregistered taint is not present and emit an
// event"
TEST_F(NodeClaimLifecycleTest, RegistrationWithoutTheUnregisteredTaintEmitsAnEvent) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  PutNode(LinkedNode(Get(name)));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeRegistered), "True");
  EXPECT_EQ(Get(name).status.node_name, "node-" + name);
  EXPECT_EQ(GetNode("node-" + name).metadata.labels.at(std::string(api::kNodeRegisteredLabelKey)),
            "true");
  EXPECT_EQ(EventCount(kReasonUnregisteredTaintMissing), 1);
}

// "should sync the labels to the Node when the Node comes online" and "should sync the
// annotations to the Node when the Node comes online"
TEST_F(NodeClaimLifecycleTest, RegistrationSyncsLabelsAndAnnotations) {
  api::NodeClaim claim = Claim();
  claim.metadata.labels["custom-label"] = "custom-value";
  claim.metadata.labels["other-custom-label"] = "other-custom-value";
  claim.metadata.annotations["my-annotation"] = "my-value";
  const std::string name = Apply(claim);
  LaunchAndRegister(name);
  const api::Node& node = GetNode("node-" + name);
  EXPECT_EQ(node.metadata.labels.at("custom-label"), "custom-value");
  EXPECT_EQ(node.metadata.labels.at("other-custom-label"), "other-custom-value");
  EXPECT_EQ(node.metadata.labels.at(std::string(api::kLabelInstanceTypeStable)),
            "small-instance-type");
  EXPECT_EQ(node.metadata.annotations.at("my-annotation"), "my-value");
}

// "should sync the taints to the Node when the Node comes online, if node label do not sync
// taints is not present" and the startupTaints counterpart.
TEST_F(NodeClaimLifecycleTest, RegistrationSyncsTaintsAndStartupTaints) {
  api::NodeClaim claim = Claim();
  claim.spec.taints = {MakeTaint("custom-taint", "custom-value", "NoSchedule"),
                       MakeTaint("other-custom-taint", "other-custom-value", "NoExecute")};
  claim.spec.startup_taints = {MakeTaint("startup", "", "NoSchedule")};
  const std::string name = Apply(claim);
  LaunchAndRegister(name);
  const api::Node& node = GetNode("node-" + name);
  for (const api::Taint& t : claim.spec.taints) EXPECT_TRUE(HasTaint(node, t)) << t.key;
  EXPECT_TRUE(HasTaint(node, claim.spec.startup_taints[0]));
}

// "should sync the taints ... if node label do not sync taints is present but key is not true"
TEST_F(NodeClaimLifecycleTest, RegistrationSyncsTaintsWhenDoNotSyncTaintsIsNotTrue) {
  api::NodeClaim claim = Claim();
  claim.spec.taints = {MakeTaint("custom-taint", "custom-value", "NoSchedule")};
  claim.spec.startup_taints = {MakeTaint("startup", "", "NoSchedule")};
  const std::string name = Apply(claim);
  Reconcile(name);
  api::Node node = LinkedNode(Get(name), {UnregisteredTaint()});
  node.metadata.labels[std::string(api::kNodeDoNotSyncTaintsLabelKey)] = "false";
  PutNode(std::move(node));
  Reconcile(name);
  EXPECT_TRUE(HasTaint(GetNode("node-" + name), claim.spec.taints[0]));
  EXPECT_TRUE(HasTaint(GetNode("node-" + name), claim.spec.startup_taints[0]));
}

// "should not sync the taints to the Node when the Node comes online, with node label do not
// sync taints" and the startupTaints counterpart.
TEST_F(NodeClaimLifecycleTest, RegistrationDoesNotSyncTaintsWithDoNotSyncTaints) {
  api::NodeClaim claim = Claim();
  claim.spec.taints = {MakeTaint("custom-taint", "custom-value", "NoSchedule")};
  claim.spec.startup_taints = {MakeTaint("startup", "", "NoSchedule")};
  const std::string name = Apply(claim);
  Reconcile(name);
  api::Node node = LinkedNode(Get(name), {UnregisteredTaint()});
  node.metadata.labels[std::string(api::kNodeDoNotSyncTaintsLabelKey)] = "true";
  PutNode(std::move(node));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeRegistered), "True");
  EXPECT_FALSE(HasTaint(GetNode("node-" + name), claim.spec.taints[0]));
  EXPECT_FALSE(HasTaint(GetNode("node-" + name), claim.spec.startup_taints[0]));
  EXPECT_FALSE(HasTaint(GetNode("node-" + name), UnregisteredTaint()));
}

// "should not re-sync the startupTaints to the Node when the startupTaints are removed"
TEST_F(NodeClaimLifecycleTest, RegistrationDoesNotResyncRemovedStartupTaints) {
  api::NodeClaim claim = Claim();
  claim.spec.startup_taints = {MakeTaint("startup", "", "NoSchedule")};
  const std::string name = Apply(claim);
  LaunchAndRegister(name);
  api::Node node = GetNode("node-" + name);
  ASSERT_TRUE(HasTaint(node, claim.spec.startup_taints[0]));
  node.spec.taints.clear();
  ASSERT_TRUE(state_.UpdateNode(node));
  Reconcile(name);
  EXPECT_FALSE(HasTaint(GetNode("node-" + name), claim.spec.startup_taints[0]));
}

// ---- initialization_test.go ---------------------------------------------------------------------

// "should consider the NodeClaim initialized when all initialization conditions are met" and
// "should add the initialization label to the node when the nodeClaim is initialized"
TEST_F(NodeClaimLifecycleTest, InitializationWhenAllConditionsAreMet) {
  const std::string name = Apply(Claim());
  LaunchAndRegister(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "True");
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeReady), "True");
  EXPECT_EQ(GetNode("node-" + name).metadata.labels.at(std::string(api::kNodeInitializedLabelKey)),
            "true");
  EXPECT_EQ(controller_.initialized(), 1u);
}

// "shouldn't consider the nodeClaim initialized when it has not registered"
TEST_F(NodeClaimLifecycleTest, InitializationNotBeforeRegistration) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "Unknown");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->reason, "AwaitingReconciliation");
}

// "should not consider the Node to be initialized when the status of the Node is NotReady"
TEST_F(NodeClaimLifecycleTest, InitializationNotWhileTheNodeIsNotReady) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  PutNode(LinkedNode(Get(name), {UnregisteredTaint()}, /*ready=*/false));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeRegistered), "True");
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "Unknown");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->reason, "NodeNotReady");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->message, "Node status is NotReady");
  EXPECT_EQ(Condition(name, api::kConditionTypeReady)->reason, "NodeNotReady");
  EXPECT_FALSE(
      GetNode("node-" + name).metadata.labels.contains(std::string(api::kNodeInitializedLabelKey)));
}

// "should not consider the Node to be initialized when all requested resources aren't
// registered" and "should consider the node to be initialized once all the resources are
// registered"
TEST_F(NodeClaimLifecycleTest, InitializationWaitsForRequestedResources) {
  api::NodeClaim claim = Claim();
  claim.spec.resources.requests = {{"cpu", Quantity::MustParse("2")},
                                   {"memory", Quantity::MustParse("50Mi")},
                                   {"pods", Quantity::MustParse("5")},
                                   {cloud::fake::kResourceGPUVendorA, Quantity::MustParse("1")}};
  const std::string name = Apply(claim);
  Reconcile(name);
  ASSERT_EQ(Get(name).metadata.labels.at(std::string(api::kLabelInstanceTypeStable)),
            "gpu-vendor-instance-type");
  api::Node node = LinkedNode(Get(name), {UnregisteredTaint()});
  node.status.allocatable.erase(cloud::fake::kResourceGPUVendorA);  // device plugin not up yet
  PutNode(node);
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "Unknown");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->reason, "ResourceNotRegistered");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->message,
            "Resource \"fake.com/vendor-a\" was requested but not registered");

  api::Node later = GetNode(node.metadata.name);
  later.status.allocatable[cloud::fake::kResourceGPUVendorA] = Quantity::MustParse("2");
  ASSERT_TRUE(state_.UpdateNode(later));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "True");
}

// "should not consider the Node to be initialized when all startupTaints aren't removed" and
// "should consider the Node to be initialized once the startupTaints are removed"
TEST_F(NodeClaimLifecycleTest, InitializationWaitsForStartupTaints) {
  api::NodeClaim claim = Claim();
  claim.spec.startup_taints = {MakeTaint("example.com/startup-taint1", "true", "NoSchedule"),
                               MakeTaint("example.com/startup-taint2", "true", "NoSchedule")};
  const std::string name = Apply(claim);
  LaunchAndRegister(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "Unknown");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->reason, "StartupTaintsExist");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->message,
            "StartupTaint \"example.com/startup-taint1=true:NoSchedule\" still exists");

  api::Node node = GetNode("node-" + name);
  node.spec.taints.clear();
  ASSERT_TRUE(state_.UpdateNode(node));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "True");
}

// "should not consider the Node to be initialized when all ephemeralTaints aren't removed",
// "should consider the Node to be initialized once the ephemeralTaints are removed" and the
// readiness.k8s.io/ case.
TEST_F(NodeClaimLifecycleTest, InitializationWaitsForKnownEphemeralTaints) {
  const std::string name = Apply(Claim());
  LaunchAndRegister(name, {MakeTaint("node.kubernetes.io/not-ready", "", "NoSchedule"),
                           MakeTaint("readiness.k8s.io/network", "", "NoSchedule")});
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->reason, "KnownEphemeralTaintsExist");
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->message,
            "KnownEphemeralTaint \"node.kubernetes.io/not-ready:NoSchedule\" still exists");

  api::Node node = GetNode("node-" + name);
  std::erase_if(node.spec.taints,
                [](const api::Taint& t) { return t.key == "node.kubernetes.io/not-ready"; });
  ASSERT_TRUE(state_.UpdateNode(node));
  Reconcile(name);
  EXPECT_EQ(Condition(name, api::kConditionTypeInitialized)->message,
            "KnownEphemeralTaint \"readiness.k8s.io/network:NoSchedule\" still exists");

  node = GetNode("node-" + name);
  node.spec.taints.clear();
  ASSERT_TRUE(state_.UpdateNode(node));
  Reconcile(name);
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeInitialized), "True");
}

// ---- liveness_test.go ---------------------------------------------------------------------------

// "should delete the nodeClaim when the Node hasn't registered past the registration timeout"
TEST_F(NodeClaimLifecycleTest, LivenessDeletesWhenNotRegisteredPastTheRegistrationTimeout) {
  const std::string name = Apply(Claim());
  Reconcile(name);
  auto result = controller_.ReconcileNodeClaim(name);
  ASSERT_TRUE(result);
  ASSERT_TRUE(result->has_value());
  EXPECT_EQ(**result, Duration::Minutes(15));
  clock_.Advance(Duration::Minutes(14));
  Reconcile(name);
  EXPECT_FALSE(Deleted(name));
  clock_.Advance(Duration::Minutes(6));
  Reconcile(name);
  EXPECT_TRUE(Deleted(name));
  EXPECT_EQ(controller_.deleted_registration_timeout(), 1u);
}

// "shouldn't delete the nodeClaim when the node has registered past the registration timeout"
TEST_F(NodeClaimLifecycleTest, LivenessKeepsARegisteredNodeClaim) {
  const std::string name = Apply(Claim());
  LaunchAndRegister(name);
  clock_.Advance(Duration::Minutes(20));
  Reconcile(name);
  EXPECT_FALSE(Deleted(name));
  EXPECT_NE(state_.Get<api::Node>("", "node-" + name), nullptr);
}

// "should delete the NodeClaim when the NodeClaim hasn't launched past the launch timeout" and
// "should not delete the NodeClaim when the NodeClaim hasn't launched before the launch timeout"
TEST_F(NodeClaimLifecycleTest, LivenessDeletesWhenNotLaunchedPastTheLaunchTimeout) {
  api::NodeClaim claim = Claim();
  claim.spec.requirements.push_back(
      api::NodeSelectorRequirement{.key = std::string(api::kLabelInstanceTypeStable),
                                   .operator_ = "In",
                                   .values = {"does-not-exist"},
                                   .min_values = std::nullopt,
                                   .extra = {}});
  const std::string name = Apply(claim);
  EXPECT_FALSE(controller_.ReconcileNodeClaim(name));  // Create keeps failing
  clock_.Advance(Duration::Minutes(4));
  EXPECT_FALSE(controller_.ReconcileNodeClaim(name));
  EXPECT_FALSE(Deleted(name));
  clock_.Advance(Duration::Minutes(1));
  (void)controller_.ReconcileNodeClaim(name);
  EXPECT_TRUE(Deleted(name));
  EXPECT_EQ(controller_.deleted_launch_timeout(), 1u);
}

// "should respect a custom launch timeout configured via the LaunchTimeout var"
TEST_F(NodeClaimLifecycleTest, LivenessRespectsACustomLaunchTimeout) {
  NodeClaimLifecycleController controller(
      state_, state_, state_, cloud_, clock_,
      NodeClaimLifecycleOptions{.launch_timeout = Duration::Minutes(1)});
  cloud_.FailNextCreate(Error(ErrorCode::kUnavailable, "no"));
  const std::string name = Apply(Claim());
  EXPECT_FALSE(controller.ReconcileNodeClaim(name));
  clock_.Advance(Duration::Minutes(1));
  cloud_.FailNextCreate(Error(ErrorCode::kUnavailable, "no"));
  (void)controller.ReconcileNodeClaim(name);
  EXPECT_TRUE(Deleted(name));
}

// "should use the status condition transition time for launch timeout, not the creation
// timestamp" and its registration counterpart.
TEST_F(NodeClaimLifecycleTest, LivenessUsesTheConditionTransitionTime) {
  const std::string name = Apply(Claim());
  Reconcile(name);  // launched; Registered Unknown since now
  api::NodeClaim claim = Get(name);
  for (api::StatusCondition& c : claim.status.conditions) {
    c.last_transition_time = (clock_.Now() + Duration::Minutes(10)).ToRfc3339();
  }
  ASSERT_TRUE(state_.UpdateNodeClaim(claim));
  clock_.Advance(Duration::Minutes(20));  // 20 min after creation, 10 after the transition
  Reconcile(name);
  EXPECT_FALSE(Deleted(name));
  clock_.Advance(Duration::Minutes(5));
  Reconcile(name);
  EXPECT_TRUE(Deleted(name));
}

// ---- the controller's pass ----------------------------------------------------------------------

TEST_F(NodeClaimLifecycleTest, ReconcileSkipsSettledAndDeletingClaimsAndReportsTheNextDeadline) {
  const std::string settled = Apply(Claim("a"));
  LaunchAndRegister(settled);
  ASSERT_EQ(ConditionStatus(settled, api::kConditionTypeReady), "True");
  const std::string deleting = Apply(Claim("b"));
  ASSERT_TRUE(state_.DeleteNodeClaim(deleting));  // no finalizer yet: gone at once
  const std::string waiting = Apply(Claim("c"));
  const uint64_t creates = cloud_.create_calls();
  EXPECT_EQ(controller_.Reconcile(), Duration::Seconds(1));  // poll interval < 15 min
  EXPECT_EQ(cloud_.create_calls(), creates + 1);
  EXPECT_EQ(ConditionStatus(waiting, api::kConditionTypeLaunched), "True");

  NodeClaimLifecycleController slow(state_, state_, state_, cloud_, clock_,
                                    NodeClaimLifecycleOptions{.poll_interval = Duration::Hours(1)});
  EXPECT_EQ(slow.Reconcile(), Duration::Minutes(15));
}

TEST_F(NodeClaimLifecycleTest, StartRunsOnTheClock) {
  const std::string name = Apply(Claim());
  controller_.Start();
  clock_.Advance(Duration::Seconds(1));
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeLaunched), "True");
  PutNode(LinkedNode(Get(name), {UnregisteredTaint()}));
  clock_.Advance(Duration::Seconds(2));
  EXPECT_EQ(ConditionStatus(name, api::kConditionTypeReady), "True");
}

}  // namespace
}  // namespace tidepool::lifecycle
