// Ported from kubernetes-sigs/karpenter pkg/controllers/disruption/emptiness_test.go (Describe
// "Emptiness": Budgets, Emptiness, pods that do or do not make a node non-empty, the validation
// wait, static NodePools). Each test names the upstream It() it ports.
#include <gtest/gtest.h>

#include "disruption/disruption_test_util.h"

namespace tidepool::disruption {
namespace {

using testing::DisruptionTest;
using testing::ManagedNodeOptions;
using testing::Resources;

class EmptinessTest : public DisruptionTest {
 protected:
  EmptinessTest() { PutNodePool(NodePool()); }

  // Nodes of the cheapest on-demand type, empty and Consolidatable.
  std::vector<std::string> EmptyNodes(int count, const std::string& pool = "default") {
    std::vector<std::string> claims;
    for (int i = 0; i < count; ++i) {
      ManagedNodeOptions o;
      o.node_pool = pool;
      o.allocatable = Resources({{"cpu", "32"}, {"pods", "100"}});
      claims.push_back(EmptyNode(o).first);
    }
    return claims;
  }
  void SetBudget(const std::string& pool, const std::string& nodes) {
    api::NodePool p = *state_.Get<api::NodePool>("", pool);
    p.spec.disruption.budgets = std::vector<api::Budget>{api::Budget{nodes, {}, {}, {}, {}}};
    state_.Put(std::move(p));
  }
  // The suite's nodes are Consolidatable (emptiness_test.go's BeforeEach sets the condition).
  std::pair<std::string, std::string> EmptyNode(ManagedNodeOptions o = {}) {
    o.consolidatable = true;
    return NodeClaimAndNode(o);
  }
  size_t QueuedNodes() {
    size_t n = 0;
    for (const auto& [id, entry] : controller().queue().entries()) n += entry.nodes.size();
    return n;
  }
};

// It("should allow all empty nodes to be disrupted")
TEST_F(EmptinessTest, BudgetsShouldAllowAllEmptyNodesToBeDisrupted) {
  EmptyNodes(10);
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_EQ(QueuedNodes(), 10u);
  ReconcileQueue();
  EXPECT_EQ(NodeClaimCount(), 0u);
}

// It("should allow no empty nodes to be disrupted")
TEST_F(EmptinessTest, BudgetsShouldAllowNoEmptyNodesToBeDisrupted) {
  EmptyNodes(10);
  SetBudget("default", "0%");
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  ReconcileQueue();
  EXPECT_EQ(NodeClaimCount(), 10u);
  // Upstream publishes NodePoolBlockedForDisruptionReason when a pool with nodes allows none.
  EXPECT_EQ(EventCount("NodePool", "default", kEventDisruptionBlocked), 1u);
}

// It("should only allow 3 empty nodes to be disrupted")
TEST_F(EmptinessTest, BudgetsShouldOnlyAllowThreeEmptyNodesToBeDisrupted) {
  EmptyNodes(10);
  SetBudget("default", "30%");
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_EQ(QueuedNodes(), 3u);
  ReconcileQueue();
  EXPECT_EQ(NodeClaimCount(), 7u);
}

// It("should allow 2 nodes from each nodePool to be deleted")
TEST_F(EmptinessTest, BudgetsShouldAllowTwoNodesFromEachNodePoolToBeDeleted) {
  for (int i = 0; i < 3; ++i) {
    std::string name = "pool-" + std::to_string(i);
    api::NodePool pool = NodePool(name);
    pool.spec.disruption.budgets = std::vector<api::Budget>{api::Budget{"20%", {}, {}, {}, {}}};
    PutNodePool(std::move(pool));
    EmptyNodes(10, name);
  }
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), 6u);
  ReconcileQueue();
  EXPECT_EQ(NodeClaimCount(), 24u);
}

// It("should allow all nodes from each nodePool to be deleted")
TEST_F(EmptinessTest, BudgetsShouldAllowAllNodesFromEachNodePoolToBeDeleted) {
  for (int i = 0; i < 3; ++i) {
    std::string name = "pool-" + std::to_string(i);
    PutNodePool(NodePool(name));
    EmptyNodes(10, name);
  }
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), 30u);
  ReconcileQueue();
  EXPECT_EQ(NodeClaimCount(), 0u);
}

// It("can delete empty nodes")
TEST_F(EmptinessTest, CanDeleteEmptyNodes) {
  std::string claim = EmptyNodes(1).front();
  ReconcileDisruption();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_EQ(NodeCount(), 0u);
  // The decision is explained: reason, method, the candidate and what it saves.
  ASSERT_FALSE(controller().decision_log().entries().empty());
  bool found = false;
  for (const auto& entry : controller().decision_log().entries()) {
    if (entry.line.find("started #1 Empty/emptiness: delete: nodepools=[default]: [node-0") !=
        std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(EventCount("Node", "node-0", kEventDisruptionTerminating), 1u);
  EXPECT_EQ(EventCount("NodeClaim", claim, kEventDisruptionTerminating), 1u);
}

// It("can delete multiple empty nodes")
TEST_F(EmptinessTest, CanDeleteMultipleEmptyNodes) {
  EmptyNodes(2);
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);  // one command, many candidates
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_EQ(NodeClaimCount(), 0u);
  EXPECT_EQ(NodeCount(), 0u);
}

// It("should ignore nodes without the consolidatable status condition")
TEST_F(EmptinessTest, ShouldIgnoreNodesWithoutTheConsolidatableStatusCondition) {
  ManagedNodeOptions o;
  o.consolidatable = false;
  auto [claim, node] = NodeClaimAndNode(o);
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("should ignore nodes with the consolidatable status condition set to false")
TEST_F(EmptinessTest, ShouldIgnoreNodesWithTheConsolidatableStatusConditionSetToFalse) {
  auto [claim, node] = EmptyNode();
  testing::SetClaimCondition(*MutableClaim(claim), api::kConditionTypeConsolidatable, "False",
                             clock_.Now());
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("should ignore nodes with the karpenter.sh/do-not-disrupt annotation")
TEST_F(EmptinessTest, ShouldIgnoreNodesWithTheDoNotDisruptAnnotation) {
  ManagedNodeOptions o;
  o.annotations = {{std::string(kDoNotDisruptAnnotation), "true"}};
  auto [claim, node] = EmptyNode(o);
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
  EXPECT_EQ(EventCount("Node", node, kEventDisruptionBlocked), 1u);
}

// It("should delete nodes with the karpenter.sh/do-not-disrupt annotation set to false")
TEST_F(EmptinessTest, ShouldDeleteNodesWithTheDoNotDisruptAnnotationSetToFalse) {
  ManagedNodeOptions o;
  o.annotations = {{std::string(kDoNotDisruptAnnotation), "false"}};
  auto [claim, node] = EmptyNode(o);
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim));
}

// It("should ignore nodes that have pods")
TEST_F(EmptinessTest, ShouldIgnoreNodesThatHavePods) {
  auto [claim, node] = EmptyNode();
  BoundPod(node);
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("will consider a node with a DaemonSet pod as empty")
TEST_F(EmptinessTest, WillConsiderANodeWithADaemonSetPodAsEmpty) {
  auto [claim, node] = EmptyNode();
  std::string pod = BoundPod(node);
  api::OwnerReference owner;
  owner.api_version = "apps/v1";
  owner.kind = "DaemonSet";
  owner.name = "ds";
  owner.controller = true;
  api::Pod updated = *state_.Get<api::Pod>("default", pod);
  updated.metadata.owner_references.push_back(owner);
  state_.Put(std::move(updated));
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim));
}

// It("will consider a node with terminating Deployment pods as empty")
TEST_F(EmptinessTest, WillConsiderANodeWithTerminatingDeploymentPodsAsEmpty) {
  auto [claim, node] = EmptyNode();
  for (int i = 0; i < 3; ++i) {
    std::string pod = BoundPod(node);
    api::Pod updated = *state_.Get<api::Pod>("default", pod);
    api::OwnerReference owner;
    owner.api_version = "apps/v1";
    owner.kind = "ReplicaSet";
    owner.name = "rs";
    owner.controller = true;
    updated.metadata.owner_references.push_back(owner);
    updated.metadata.deletion_timestamp = clock_.Now().ToRfc3339();  // evicted, still there
    state_.Put(std::move(updated));
  }
  ReconcileDisruption();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_EQ(NodeClaimCount(), 0u);
  EXPECT_EQ(NodeCount(), 0u);
}

// It("will not consider a node with a terminating StatefulSet pod as empty")
TEST_F(EmptinessTest, WillNotConsiderANodeWithATerminatingStatefulSetPodAsEmpty) {
  auto [claim, node] = EmptyNode();
  std::string pod = BoundPod(node);
  api::Pod updated = *state_.Get<api::Pod>("default", pod);
  api::OwnerReference owner;
  owner.api_version = "apps/v1";
  owner.kind = "StatefulSet";
  owner.name = "ss";
  owner.controller = true;
  updated.metadata.owner_references.push_back(owner);
  updated.metadata.deletion_timestamp = clock_.Now().ToRfc3339();
  state_.Put(std::move(updated));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("should wait for the node TTL for empty nodes before consolidating"): the command waits the
// 15 s validation on the clock, without blocking, then acts.
TEST_F(EmptinessTest, ShouldWaitForTheValidationDelayBeforeConsolidating) {
  auto [claim, node] = EmptyNode();
  Controller& c = controller();
  c.Reconcile();
  EXPECT_TRUE(c.validation_pending());
  EXPECT_TRUE(c.queue().empty());
  clock_.Advance(Duration::Seconds(14));
  EXPECT_TRUE(c.validation_pending());
  EXPECT_TRUE(NodeClaimAlive(claim));
  EXPECT_FALSE(HasDisruptedTaint(node));
  clock_.Advance(Duration::Seconds(1));
  EXPECT_FALSE(c.validation_pending());
  EXPECT_TRUE(c.queue().HasAny(node));
  EXPECT_TRUE(HasDisruptedTaint(node));
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_EQ(NodeClaimCount(), 0u);
  EXPECT_EQ(NodeCount(), 0u);
}

// validation.go EmptinessValidator: a node that gained a pod during the wait is dropped.
TEST_F(EmptinessTest, ValidationDropsANodeThatIsNoLongerEmpty) {
  auto [claim_a, node_a] = EmptyNode();
  auto [claim_b, node_b] = EmptyNode();
  Controller& c = controller();
  c.Reconcile();
  ASSERT_TRUE(c.validation_pending());
  BoundPod(node_b);
  clock_.Advance(options_.disruption.validation_delay);
  EXPECT_TRUE(c.queue().HasAny(node_a));
  EXPECT_FALSE(c.queue().HasAny(node_b));
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim_a));
  EXPECT_TRUE(NodeClaimAlive(claim_b));
}

// It("should not consolidate static NodePool nodes")
TEST_F(EmptinessTest, ShouldNotConsolidateStaticNodePoolNodes) {
  api::NodePool pool = NodePool("static");
  pool.spec.replicas = 2;
  PutNodePool(std::move(pool));
  std::vector<std::string> claims = EmptyNodes(2, "static");
  ReconcileDisruption();
  ReconcileQueue();
  for (const std::string& claim : claims) EXPECT_TRUE(NodeClaimAlive(claim));
}

// emptiness.go ShouldDisrupt: consolidateAfter Never disables it, with an Unconsolidatable event.
TEST_F(EmptinessTest, ConsolidateAfterNeverDisablesEmptiness) {
  api::NodePool pool = NodePool();
  pool.spec.disruption.consolidate_after = NillableDuration{std::nullopt};
  PutNodePool(std::move(pool));
  auto [claim, node] = EmptyNode();
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
  EXPECT_EQ(EventCount("Node", node, kEventUnconsolidatable), 1u);
}

}  // namespace
}  // namespace tidepool::disruption
