// Cases ported from kubernetes-sigs/karpenter
// pkg/controllers/nodeclaim/garbagecollection/suite_test.go (Describe "GarbageCollection"), then
// tidepool's own cases for the parts upstream leaves to controller-runtime (errors, requeue) or
// does not test. Upstream's fake cloud provider is the SimulatedCloudProvider over the fake
// catalogue; cloudProvider.Delete behind the controller's back is TerminateInstance; upstream's
// ExpectNodeClaimDeployed(NoNode) is Deploy below; "deleted" means deletionTimestamp set (the
// termination finalizer holds the claim until ExpectFinalizersRemoved, as upstream).
#include "lifecycle/garbage_collection.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cloud/simulated_cloud_provider.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "lifecycle/nodeclaim_lifecycle.h"

namespace tidepool::lifecycle {
namespace {

// The simulated cloud with an injectable Get failure (a fake wrapping the real simulation).
class GetFailingCloud : public cloud::CloudProvider {
 public:
  explicit GetFailingCloud(cloud::SimulatedCloudProvider& inner) : inner_(inner) {}
  Result<api::NodeClaim> Create(const api::NodeClaim& c) override { return inner_.Create(c); }
  Status Delete(const api::NodeClaim& c) override { return inner_.Delete(c); }
  Status Get(const api::NodeClaim& c) const override {
    ++get_calls_;
    if (get_error_) return Fail(*get_error_);
    return inner_.Get(c);
  }
  Result<cloud::InstanceTypes> GetInstanceTypes(const api::NodePool& p) override {
    return inner_.GetInstanceTypes(p);
  }
  std::string Name() const override { return "get-failing"; }

  std::optional<Error> get_error_;
  mutable int get_calls_ = 0;

 private:
  cloud::SimulatedCloudProvider& inner_;
};

class GarbageCollectionTest : public ::testing::Test {
 protected:
  GarbageCollectionTest()
      : clock_(Time::FromUnixSeconds(1'700'000'000)),
        state_(clock_),
        sim_(clock_, cloud::fake::DefaultInstanceTypes(),
             cloud::SimulatedCloudOptions{.well_known_labels = &cloud::fake::WellKnownLabels()}),
        cloud_(sim_),
        controller_(state_, state_, state_, cloud_, clock_) {}

  static void SetTrue(api::NodeClaim& claim, std::string_view type, Time now) {
    api::StatusCondition c;
    c.type = std::string(type);
    c.status = "True";
    c.reason = std::string(type);
    c.last_transition_time = now.ToRfc3339();
    claim.status.conditions.push_back(std::move(c));
  }

  // upstream ExpectNodeClaimDeployed (with_node) and ExpectNodeClaimDeployedNoNode: launches the
  // claim in the cloud, marks it Launched, and with a node also Registered with a linked Ready
  // Node. Returns the claim's name.
  std::string Deploy(std::string name, bool with_node = true) {
    api::NodeClaim claim;
    claim.api_version = api::kKarpenterApiVersion;
    claim.kind = api::kNodeClaimKind;
    claim.metadata.name = name;
    claim.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
    claim.metadata.finalizers.emplace_back(api::kTerminationFinalizer);
    Result<api::NodeClaim> launched = sim_.Create(claim);
    EXPECT_TRUE(launched) << launched.error().message();
    if (!launched) return name;
    // upstream lifecycle.PopulateNodeClaimDetails
    claim.metadata.labels.insert(launched->metadata.labels.begin(),
                                 launched->metadata.labels.end());
    claim.status.provider_id = launched->status.provider_id;
    claim.status.capacity = launched->status.capacity;
    claim.status.allocatable = launched->status.allocatable;
    SetTrue(claim, api::kConditionTypeLaunched, clock_.Now());
    if (with_node) {
      SetTrue(claim, api::kConditionTypeRegistered, clock_.Now());
      api::Node node;
      node.metadata.name = "node-" + name;
      node.metadata.labels[std::string(api::kNodeRegisteredLabelKey)] = "true";
      node.spec.provider_id = claim.status.provider_id;
      node.status.capacity = claim.status.capacity;
      node.status.allocatable = claim.status.allocatable;
      api::NodeCondition ready;
      ready.type = api::kNodeReady;
      ready.status = "True";
      node.status.conditions.push_back(std::move(ready));
      claim.status.node_name = node.metadata.name;
      EXPECT_TRUE(state_.CreateNode(std::move(node)));
    }
    EXPECT_TRUE(state_.CreateNodeClaim(std::move(claim)));
    return name;
  }

  // upstream ExpectMakeNodesNotReady: Ready=False with reason NotReady.
  void MakeNodeNotReady(std::string_view node_name, std::string status = "False") {
    api::Node node = *state_.Get<api::Node>("", node_name);
    node.status.phase = "Running";
    api::NodeCondition ready;
    ready.type = api::kNodeReady;
    ready.status = std::move(status);
    ready.reason = "NotReady";
    ready.last_heartbeat_time = clock_.Now().ToRfc3339();
    ready.last_transition_time = clock_.Now().ToRfc3339();
    node.status.conditions = {ready};
    ASSERT_TRUE(state_.UpdateNode(std::move(node)));
  }

  // upstream cloudProvider.Delete(ctx, nodeClaim) from the test, not through the controller.
  void TerminateInstance(std::string_view claim_name) {
    ASSERT_TRUE(sim_.TerminateInstance(Claim(claim_name).status.provider_id));
  }

  const api::NodeClaim& Claim(std::string_view name) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    EXPECT_NE(claim, nullptr) << name;
    static const api::NodeClaim kEmpty;
    return claim == nullptr ? kEmpty : *claim;
  }

  bool Exists(std::string_view name) { return state_.Get<api::NodeClaim>("", name) != nullptr; }
  bool Deleting(std::string_view name) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    return claim != nullptr && !claim->metadata.deletion_timestamp.empty();
  }

  // upstream ExpectFinalizersRemoved: the termination flow letting go of the claim.
  void RemoveFinalizers(std::string_view name) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    if (claim == nullptr) return;
    api::NodeClaim updated = *claim;
    updated.metadata.finalizers.clear();
    ASSERT_TRUE(state_.UpdateNodeClaim(std::move(updated)));
  }

  // upstream env.Clock.SetTime(time.Now().Add(time.Second * 20)): past the cache's eventual
  // consistency window.
  void StepPastConsistencyWindow() { clock_.Advance(Duration::Seconds(20)); }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  cloud::SimulatedCloudProvider sim_;
  GetFailingCloud cloud_;
  NodeClaimGarbageCollectionController controller_;
};

// ---- Ported from pkg/controllers/nodeclaim/garbagecollection/suite_test.go ----------------------

// It("should delete the NodeClaim when the Node is there in a NotReady state and the instance is
// gone")
TEST_F(GarbageCollectionTest, KarpenterDeletesNodeClaimWhenNodeNotReadyAndInstanceGone) {
  const std::string name = Deploy("nodeclaim-1");
  MakeNodeNotReady(Claim(name).status.node_name);
  StepPastConsistencyWindow();
  TerminateInstance(name);

  EXPECT_EQ(controller_.Reconcile(), Duration::Minutes(2));
  EXPECT_TRUE(Deleting(name));
  RemoveFinalizers(name);
  EXPECT_FALSE(Exists(name));
  EXPECT_EQ(controller_.garbage_collected(), 1u);
}

// It("shouldn't delete the NodeClaim when the Node is there in a Ready state and the instance is
// gone")
TEST_F(GarbageCollectionTest, KarpenterKeepsNodeClaimWhenNodeReadyAndInstanceGone) {
  const std::string name = Deploy("nodeclaim-1");
  StepPastConsistencyWindow();
  TerminateInstance(name);

  EXPECT_EQ(controller_.Reconcile(), Duration::Minutes(2));
  EXPECT_FALSE(Deleting(name));
  RemoveFinalizers(name);
  EXPECT_TRUE(Exists(name));
  EXPECT_EQ(controller_.garbage_collected(), 0u);
}

// It("should delete many NodeClaims when the Nodes are there in a NotReady state and the
// instances are gone")
TEST_F(GarbageCollectionTest, KarpenterDeletesManyNodeClaimsWhenNodesNotReadyAndInstancesGone) {
  std::vector<std::string> names;
  for (int i = 0; i < 100; ++i) {
    names.push_back(Deploy("nodeclaim-" + std::to_string(i)));
    MakeNodeNotReady(Claim(names.back()).status.node_name);
  }
  StepPastConsistencyWindow();
  for (const std::string& name : names) TerminateInstance(name);

  EXPECT_EQ(controller_.Reconcile(), Duration::Minutes(2));
  for (const std::string& name : names) {
    EXPECT_TRUE(Deleting(name)) << name;
    RemoveFinalizers(name);
    EXPECT_FALSE(Exists(name)) << name;
  }
  EXPECT_EQ(controller_.garbage_collected(), 100u);
}

// It("shouldn't delete the NodeClaim when the Node isn't there and the instance is gone"): the
// claim never registered, so registration's liveness timeout owns it.
TEST_F(GarbageCollectionTest, KarpenterKeepsUnregisteredNodeClaimWhenInstanceGone) {
  const std::string name = Deploy("nodeclaim-1", /*with_node=*/false);
  StepPastConsistencyWindow();
  TerminateInstance(name);

  EXPECT_EQ(controller_.Reconcile(), Duration::Minutes(2));
  EXPECT_FALSE(Deleting(name));
  RemoveFinalizers(name);
  EXPECT_TRUE(Exists(name));
}

// It("shouldn't delete the NodeClaim when the Node isn't there but the instance is there")
TEST_F(GarbageCollectionTest, KarpenterKeepsNodeClaimWhenNodeGoneButInstanceThere) {
  const std::string name = Deploy("nodeclaim-1");
  ASSERT_TRUE(state_.DeleteNode(Claim(name).status.node_name));
  StepPastConsistencyWindow();

  EXPECT_EQ(controller_.Reconcile(), Duration::Minutes(2));
  EXPECT_FALSE(Deleting(name));
  RemoveFinalizers(name);
  EXPECT_TRUE(Exists(name));
  EXPECT_EQ(cloud_.get_calls_, 1);
}

// ---- tidepool's own cases -----------------------------------------------------------------------

// A registered claim whose Node was deleted out from under it is collected (upstream ignores the
// NodeNotFound from NodeForNodeClaim and deletes).
TEST_F(GarbageCollectionTest, DeletesRegisteredNodeClaimWhoseNodeAndInstanceAreGone) {
  const std::string name = Deploy("nodeclaim-1");
  ASSERT_TRUE(state_.DeleteNode(Claim(name).status.node_name));
  TerminateInstance(name);

  controller_.Reconcile();
  EXPECT_TRUE(Deleting(name));
}

// Ready=Unknown (the node controller's verdict once heartbeats stop) is not Ready=True.
TEST_F(GarbageCollectionTest, DeletesNodeClaimWhenNodeReadyUnknownAndInstanceGone) {
  const std::string name = Deploy("nodeclaim-1");
  MakeNodeNotReady(Claim(name).status.node_name, "Unknown");
  TerminateInstance(name);

  controller_.Reconcile();
  EXPECT_TRUE(Deleting(name));
}

// Only claims whose instance is gone go; the others are untouched, and the Node is left to the
// termination flow.
TEST_F(GarbageCollectionTest, DeletesOnlyNodeClaimsWithoutInstanceAndLeavesNodes) {
  const std::string gone = Deploy("gone");
  const std::string kept = Deploy("kept");
  MakeNodeNotReady(Claim(gone).status.node_name);
  MakeNodeNotReady(Claim(kept).status.node_name);
  TerminateInstance(gone);

  controller_.Reconcile();
  EXPECT_TRUE(Deleting(gone));
  EXPECT_FALSE(Deleting(kept));
  EXPECT_NE(state_.Get<api::Node>("", Claim(gone).status.node_name), nullptr);
  EXPECT_EQ(controller_.garbage_collected(), 1u);
}

// A claim already being deleted is not asked about again, nor counted twice.
TEST_F(GarbageCollectionTest, IgnoresNodeClaimsBeingDeleted) {
  const std::string name = Deploy("nodeclaim-1");
  MakeNodeNotReady(Claim(name).status.node_name);
  TerminateInstance(name);
  controller_.Reconcile();
  ASSERT_TRUE(Deleting(name));
  const int calls = cloud_.get_calls_;

  controller_.Reconcile();
  EXPECT_EQ(cloud_.get_calls_, calls);
  EXPECT_EQ(controller_.garbage_collected(), 1u);
}

// A cloud error other than not-found is no proof the instance is gone: the claim stays and the
// pass is retried soon.
TEST_F(GarbageCollectionTest, CloudErrorKeepsNodeClaimAndRequeuesSooner) {
  const std::string name = Deploy("nodeclaim-1");
  MakeNodeNotReady(Claim(name).status.node_name);
  TerminateInstance(name);
  cloud_.get_error_ = Error(ErrorCode::kUnavailable, "throttled");

  EXPECT_EQ(controller_.Reconcile(), Duration::Seconds(10));
  EXPECT_FALSE(Deleting(name));
  EXPECT_EQ(controller_.errors(), 1u);

  cloud_.get_error_.reset();
  EXPECT_EQ(controller_.Reconcile(), Duration::Minutes(2));
  EXPECT_TRUE(Deleting(name));
}

// Start runs a pass at once and then every 2 minutes: an instance lost after a pass is
// collected by the next one, not before.
TEST_F(GarbageCollectionTest, StartRunsEveryTwoMinutes) {
  const std::string name = Deploy("nodeclaim-1");
  MakeNodeNotReady(Claim(name).status.node_name);
  controller_.Start();
  clock_.Advance(Duration());
  EXPECT_EQ(cloud_.get_calls_, 1);

  TerminateInstance(name);
  clock_.Advance(Duration::Minutes(2) - Duration::Seconds(1));
  EXPECT_FALSE(Deleting(name));
  clock_.Advance(Duration::Seconds(1));
  EXPECT_TRUE(Deleting(name));
  EXPECT_EQ(cloud_.get_calls_, 2);
  EXPECT_EQ(clock_.pending(), 1u);
}

}  // namespace
}  // namespace tidepool::lifecycle
