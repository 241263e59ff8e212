// Ported from kubernetes-sigs/karpenter pkg/controllers/disruption/queue_test.go (Describe
// "Queue": Reconcile, CalculateRetryDuration), plus the replacement NodeClaim the queue creates.
#include <gtest/gtest.h>

#include "disruption/disruption_test_util.h"
#include "disruption/nodepool_hash.h"
#include "disruption/orchestration_queue.h"

namespace tidepool::disruption {
namespace {

using testing::DisruptionTest;
using testing::ManagedNodeOptions;

class QueueTest : public DisruptionTest {
 protected:
  QueueTest() {
    api::NodePool pool = NodePool();
    pool.spec.template_.metadata.labels = {{"team", "a"}};
    pool.spec.template_.spec.taints = {
        scheduling::testing::MakeTaint("dedicated", "a", "NoSchedule")};
    PutNodePool(std::move(pool));
  }

  // A replacement like scheduling.NewNodeClaimTemplate(nodePool) with the catalogue's cheapest
  // types as options.
  scheduling::NewNodeClaim Replacement() {
    const api::NodePool* pool = state_.Get<api::NodePool>("", "default");
    scheduling::NewNodeClaim claim;
    claim.node_pool = "default";
    claim.node_pool_object = pool;
    claim.requirements =
        api::Requirements::FromNodeSelectorRequirements(pool->spec.template_.spec.requirements);
    claim.instance_type_options = {least_expensive_, least_expensive_spot_};
    return claim;
  }
  Command MakeCommand(const std::vector<std::string>& nodes, int replacements) {
    Command command;
    command.reason = Reason::kDrifted;
    command.method = "drift";
    for (const std::string& node : nodes) {
      Candidate candidate;
      candidate.name = node;
      candidate.node = state_.Get<api::Node>("", node);
      candidate.node_claim = state_.NodeClaimForNode(node);
      command.candidates.push_back(candidate);
    }
    for (int i = 0; i < replacements; ++i) command.replacements.push_back(Replacement());
    return command;
  }
  OrchestrationQueue& queue() { return controller().queue(); }
};

// It("should keep nodes tainted when replacements haven't finished initialization")
TEST_F(QueueTest, ShouldKeepNodesTaintedWhenReplacementsHaventFinishedInitialization) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 1)).has_value());
  ReconcileQueue();
  EXPECT_TRUE(HasDisruptedTaint(node));
  EXPECT_TRUE(queue().HasAny(node));
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("should not return an error when handling commands before the timeout")
TEST_F(QueueTest, ShouldKeepWaitingBeforeTheTimeout) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 1)).has_value());
  clock_.Advance(Duration::Minutes(9));
  ReconcileQueue();
  EXPECT_TRUE(queue().HasAny(node));
  EXPECT_EQ(queue().failed(), 0u);
}

// It("should untaint nodes when a command times out")
TEST_F(QueueTest, ShouldUntaintNodesWhenACommandTimesOut) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 1)).has_value());
  EXPECT_TRUE(HasDisruptedTaint(node));
  clock_.Advance(Duration::Minutes(11));
  ReconcileQueue();
  EXPECT_FALSE(HasDisruptedTaint(node));
  EXPECT_FALSE(queue().HasAny(node));
  EXPECT_EQ(queue().failed(), 1u);
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("should fully handle a command when replacements are initialized")
TEST_F(QueueTest, ShouldFullyHandleACommandWhenReplacementsAreInitialized) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 1)).has_value());
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_TRUE(queue().empty());
  EXPECT_EQ(queue().succeeded(), 1u);
  EXPECT_EQ(NodeClaimCount(), 1u);  // the replacement
  std::string replacement = Replacements().front()->metadata.name;
  EXPECT_EQ(EventCount("NodeClaim", replacement, kEventDisruptionLaunching), 1u);
}

// It("should only finish a command when all replacements are initialized")
TEST_F(QueueTest, ShouldOnlyFinishACommandWhenAllReplacementsAreInitialized) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 2)).has_value());
  std::vector<const api::NodeClaim*> replacements = Replacements();
  ASSERT_EQ(replacements.size(), 2u);
  std::string second = replacements[1]->metadata.name;
  MakeNodeClaimReady(replacements[0]->metadata.name);
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
  EXPECT_TRUE(queue().HasAny(node));
  MakeNodeClaimReady(second);
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_TRUE(queue().empty());
}

// It("should not wait for replacements when none are needed")
TEST_F(QueueTest, ShouldNotWaitForReplacementsWhenNoneAreNeeded) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 0)).has_value());
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_TRUE(queue().empty());
}

// It("should finish two commands in order as replacements are initialized")
TEST_F(QueueTest, ShouldFinishTwoCommandsInOrderAsReplacementsAreInitialized) {
  auto [claim1, node1] = NodeClaimAndNode();
  auto [claim2, node2] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node1}, 1)).has_value());
  std::string first = Replacements().front()->metadata.name;
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node2}, 1)).has_value());
  MakeNodeClaimReady(first);
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim1));
  EXPECT_TRUE(NodeClaimAlive(claim2));
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim2));
  EXPECT_EQ(queue().succeeded(), 2u);
}

// queue.go StartCommand: a candidate already being disrupted cannot join another command.
TEST_F(QueueTest, ShouldRejectACommandForANodeAlreadyBeingDisrupted) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 1)).has_value());
  Status again = queue().StartCommand(MakeCommand({node}, 0));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message(), "candidate is being disrupted");
  EXPECT_EQ(queue().entries().size(), 1u);
}

// queue.go markDisrupted + createReplacementNodeClaims: the taint, the DisruptionReason condition
// and the replacement as the provisioner would create it.
TEST_F(QueueTest, StartCommandMarksCandidatesAndCreatesTheReplacementFromTheNodePool) {
  auto [claim, node] = NodeClaimAndNode();
  ASSERT_TRUE(queue().StartCommand(MakeCommand({node}, 1)).has_value());
  const api::StatusCondition* reason = api::FindCondition(*state_.Get<api::NodeClaim>("", claim),
                                                          api::kConditionTypeDisruptionReason);
  ASSERT_NE(reason, nullptr);
  EXPECT_EQ(reason->status, "True");
  EXPECT_EQ(reason->reason, "Drifted");
  std::vector<const api::NodeClaim*> replacements = Replacements();
  ASSERT_EQ(replacements.size(), 1u);
  const api::NodeClaim& r = *replacements[0];
  EXPECT_EQ(r.metadata.generate_name, "default-");
  EXPECT_EQ(r.metadata.labels.at(std::string(api::kNodePoolLabelKey)), "default");
  EXPECT_EQ(r.metadata.labels.at("team"), "a");
  ASSERT_EQ(r.spec.taints.size(), 1u);
  EXPECT_EQ(r.spec.taints[0].key, "dedicated");
  EXPECT_EQ(r.metadata.annotations.at(std::string(kNodePoolHashAnnotation)),
            NodePoolHash(*state_.Get<api::NodePool>("", "default")));
  std::vector<std::string> types;
  for (const api::NodeSelectorRequirement& req : r.spec.requirements) {
    if (req.key == api::kLabelInstanceTypeStable) types = req.values;
  }
  EXPECT_EQ(types, (std::vector<std::string>{least_expensive_->name, least_expensive_spot_->name}));
}

// Ported from queue_test.go DescribeTable("should calculate correct timeout based on queue
// length").
TEST(QueueRetryDurationTest, CalculateRetryDurationBasedOnQueueLength) {
  QueueOptions options;
  EXPECT_EQ(OrchestrationQueue::RetryDuration(100, options), Duration::Minutes(10));
  EXPECT_EQ(OrchestrationQueue::RetryDuration(4000, options), Duration::Minutes(10));
  EXPECT_EQ(OrchestrationQueue::RetryDuration(10000, options),
            Duration::Minutes(13) + Duration::Seconds(20));
  EXPECT_EQ(OrchestrationQueue::RetryDuration(40000, options),
            Duration::Minutes(53) + Duration::Seconds(20));
  EXPECT_EQ(OrchestrationQueue::RetryDuration(80000, options), Duration::Hours(1));
  EXPECT_EQ(OrchestrationQueue::RetryDuration(100000, options), Duration::Hours(1));
}

}  // namespace
}  // namespace tidepool::disruption
