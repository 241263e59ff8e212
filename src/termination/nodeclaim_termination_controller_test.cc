// The NodeClaim finalizer. Ported from kubernetes-sigs/karpenter
// pkg/controllers/nodeclaim/lifecycle/termination_test.go (Describe "Termination"): each test
// names the upstream It() or Entry() it ports. Upstream's NodeClaim controller launches and
// registers the claim first; here the fixture applies a launched, registered claim and its Node.
#include <gtest/gtest.h>

#include "termination/termination_test_util.h"

namespace tidepool::termination {
namespace {

class NodeClaimTerminationTest : public testing::TerminationTest {};

// Entry "should delete the node and the CloudProvider NodeClaim when NodeClaim deletion is
// triggered"
TEST_F(NodeClaimTerminationTest, ShouldDeleteTheNodeAndTheCloudProviderNodeClaim) {
  ApplyNodeClaimAndNode();
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);  // triggers the node deletion
  ASSERT_NE(GetNode(), nullptr);
  EXPECT_FALSE(GetNode()->metadata.deletion_timestamp.empty());
  // ExpectFinalizersRemoved(node): the Node's own flow.
  EXPECT_TRUE(ReconcileNode().has_value());
  clock_.Advance(Duration::Seconds(10));
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_EQ(ReconcileNode(), std::nullopt);
  EXPECT_EQ(GetNode(), nullptr);
  // The instance is already gone (the Node flow terminated it): the finalizer goes at once.
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_EQ(GetNodeClaim(), nullptr);
  api::NodeClaim probe;
  probe.status.provider_id = kProviderId;
  EXPECT_EQ(cloud_.Get(probe).error().code(), ErrorCode::kNotFound);
}

// "should delete the NodeClaim when the spec resource.Quantity values will change during
// deserialization" (its termination half): a launched claim without a Node has its instance
// terminated (InstanceTerminating, requeued after 5 s), then loses its finalizer once the cloud
// reports the instance gone.
TEST_F(NodeClaimTerminationTest, ShouldTerminateTheInstanceThenRemoveTheFinalizer) {
  ApplyNodeClaimAndNode();
  state_.Delete<api::Node>("", kNode);
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), Requeue(Duration::Seconds(5)));
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_TRUE(IsConditionTrue(*GetNodeClaim(), api::kConditionTypeInstanceTerminating));
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_EQ(GetNodeClaim(), nullptr);
  EXPECT_EQ(cloud_.delete_calls.size(), 2u);
}

// "should requeue reconciliation if cloudProvider Delete returns an error other than
// NodeClaimNotFoundError"
TEST_F(NodeClaimTerminationTest, ShouldRequeueIfCloudProviderDeleteReturnsAnotherError) {
  ApplyNodeClaimAndNode();
  state_.Delete<api::Node>("", kNode);
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), Requeue(Duration::Seconds(5)));
  cloud_.next_delete_error = Error(ErrorCode::kUnavailable, "fake error");
  Result<Requeue> failed = claim_controller_.ReconcileNodeClaim(kClaim);
  ASSERT_FALSE(failed.has_value());
  EXPECT_NE(failed.error().message().find("fake error"), std::string::npos);
  EXPECT_NE(GetNodeClaim(), nullptr);
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_EQ(GetNodeClaim(), nullptr);
}

// "should not remove the finalizer and terminate the NodeClaim if the cloudProvider instance is
// still around"
TEST_F(NodeClaimTerminationTest, ShouldNotRemoveTheFinalizerIfTheInstanceIsStillAround) {
  ApplyNodeClaimAndNode();
  state_.Delete<api::Node>("", kNode);
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), Requeue(Duration::Seconds(5)));
  cloud_.created[kProviderId] = *GetNodeClaim();  // the instance is still there
  EXPECT_EQ(ReconcileNodeClaim(), Requeue(Duration::Seconds(5)));
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_TRUE(IsConditionTrue(*GetNodeClaim(), api::kConditionTypeInstanceTerminating));
}

// "should not delete the NodeClaim until all the Nodes are removed"
TEST_F(NodeClaimTerminationTest, ShouldNotDeleteTheNodeClaimUntilAllTheNodesAreRemoved) {
  ApplyNodeClaimAndNode();
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_NE(GetNodeClaim(), nullptr);
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_NE(GetNodeClaim(), nullptr);
  EXPECT_TRUE(cloud_.delete_calls.empty());
  // ExpectFinalizersRemoved(node)
  api::Node n = *GetNode();
  n.metadata.finalizers.clear();
  ASSERT_TRUE(state_.UpdateNode(n).has_value());
  EXPECT_EQ(GetNode(), nullptr);
  EXPECT_EQ(ReconcileNodeClaim(), Requeue(Duration::Seconds(5)));
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_EQ(GetNodeClaim(), nullptr);
}

// "should not call Delete() on the CloudProvider if the NodeClaim hasn't been launched yet"
TEST_F(NodeClaimTerminationTest, ShouldNotCallDeleteIfTheNodeClaimHasNotBeenLaunched) {
  api::NodeClaim claim;
  claim.metadata.name = kClaim;
  claim.metadata.finalizers.push_back(std::string(api::kTerminationFinalizer));
  state_.Put(claim);
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_TRUE(cloud_.delete_calls.empty());
  EXPECT_EQ(GetNodeClaim(), nullptr);
}

// "should not delete nodes without provider ids if the NodeClaim hasn't been launched yet"
TEST_F(NodeClaimTerminationTest, ShouldNotDeleteNodesWithoutProviderIdsIfNotLaunched) {
  for (int i = 0; i < 10; ++i) {
    api::Node n;
    n.metadata.name = "node-" + std::to_string(i);
    state_.Put(n);
  }
  api::NodeClaim claim;
  claim.metadata.name = kClaim;
  claim.metadata.finalizers.push_back(std::string(api::kTerminationFinalizer));
  SetConditionTrue(claim, api::kConditionTypeRegistered, clock_.Now());
  state_.Put(claim);
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_EQ(GetNodeClaim(), nullptr);
  for (int i = 0; i < 10; ++i) EXPECT_NE(GetNode("node-" + std::to_string(i)), nullptr);
}

// "should not annotate the node if the NodeClaim has no terminationGracePeriod"
TEST_F(NodeClaimTerminationTest, ShouldNotAnnotateIfTheNodeClaimHasNoTerminationGracePeriod) {
  ApplyNodeClaimAndNode();
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_TRUE(GetNodeClaim()->metadata.annotations.empty());
  EXPECT_EQ(EventCount(kReasonTerminationGracePeriodExpiring), 0);
}

// "should annotate the node if the NodeClaim has a terminationGracePeriod"
TEST_F(NodeClaimTerminationTest, ShouldAnnotateIfTheNodeClaimHasATerminationGracePeriod) {
  ApplyNodeClaimAndNode();
  SetNodeClaim([](api::NodeClaim& c) { c.spec.termination_grace_period = Duration::Seconds(300); });
  clock_.Advance(Duration::Seconds(7));
  DeleteNodeClaim();
  clock_.Advance(Duration::Seconds(2));  // the deadline counts from deletion, not from now
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_EQ(GetNodeClaim()->metadata.annotations.at(
                std::string(api::kNodeClaimTerminationTimestampAnnotationKey)),
            "2026-01-01T00:05:07Z");
  std::vector<cluster::Event> events = EventsWithReason(kReasonTerminationGracePeriodExpiring);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].object.kind, "NodeClaim");
  EXPECT_EQ(events[0].message, "All pods will be deleted by 2026-01-01T00:05:07Z");
}

// "should not change the annotation if the NodeClaim has a terminationGracePeriod and the
// annotation already exists"
TEST_F(NodeClaimTerminationTest, ShouldNotChangeAnExistingTerminationTimestampAnnotation) {
  ApplyNodeClaimAndNode();
  SetNodeClaim([](api::NodeClaim& c) {
    c.spec.termination_grace_period = Duration::Seconds(300);
    c.metadata.annotations[std::string(api::kNodeClaimTerminationTimestampAnnotationKey)] =
        "2024-04-01T12:00:00-05:00";
  });
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_NE(GetNode(), nullptr);
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_EQ(GetNodeClaim()->metadata.annotations,
            (std::map<std::string, std::string>{
                {std::string(api::kNodeClaimTerminationTimestampAnnotationKey),
                 "2024-04-01T12:00:00-05:00"}}));
}

// "should not delete Nodes if the NodeClaim is not registered"
TEST_F(NodeClaimTerminationTest, ShouldNotDeleteNodesIfTheNodeClaimIsNotRegistered) {
  ApplyNodeClaimAndNode();
  SetNodeClaim([](api::NodeClaim& c) { c.status.conditions.clear(); });
  DeleteNodeClaim();
  EXPECT_EQ(ReconcileNodeClaim(), Requeue(Duration::Seconds(5)));
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_TRUE(GetNode()->metadata.deletion_timestamp.empty());
  EXPECT_EQ(GetNodeClaim(), nullptr);
}

}  // namespace
}  // namespace tidepool::termination
