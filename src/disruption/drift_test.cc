// Ported from kubernetes-sigs/karpenter pkg/controllers/disruption/drift_test.go (Describe
// "Drift": Budgets, Drift, Static NodePool). Each test names the upstream It() it ports.
#include <gtest/gtest.h>

#include "disruption/disruption_test_util.h"

namespace tidepool::disruption {
namespace {

using testing::DisruptionTest;
using testing::ManagedNodeOptions;
using testing::PodOptions;
using testing::Resources;

class DriftTest : public DisruptionTest {
 protected:
  DriftTest() {
    api::NodePool pool = NodePool("default", api::kConsolidationPolicyWhenEmptyOrUnderutilized);
    pool.spec.disruption.consolidate_after = NillableDuration{Duration::Hours(1)};
    PutNodePool(std::move(pool));
  }

  // The suite's node: the most expensive on-demand type, 32 cpu / 100 pods allocatable, drifted.
  std::pair<std::string, std::string> DriftedNode(ManagedNodeOptions o = {}) {
    if (o.instance_type.empty()) o.instance_type = most_expensive_->name;
    if (o.allocatable.empty()) o.allocatable = Resources({{"cpu", "32"}, {"pods", "100"}});
    o.drifted = true;
    return NodeClaimAndNode(o);
  }
  std::string OwnedPod(const std::string& node, PodOptions options = {}) {
    std::string name = BoundPod(node, std::move(options));
    api::Pod pod = *state_.Get<api::Pod>("default", name);
    api::OwnerReference owner;
    owner.api_version = "apps/v1";
    owner.kind = "ReplicaSet";
    owner.name = "rs";
    owner.controller = true;
    pod.metadata.owner_references.push_back(owner);
    state_.Put(std::move(pod));
    return name;
  }
  void SetDriftedAt(const std::string& claim, Time when) {
    for (api::StatusCondition& c : MutableClaim(claim)->status.conditions) {
      if (c.type == api::kConditionTypeDrifted) c.last_transition_time = when.ToRfc3339();
    }
  }
  void SetBudget(const std::string& nodes) {
    api::NodePool p = *state_.Get<api::NodePool>("", "default");
    p.spec.disruption.budgets = std::vector<api::Budget>{api::Budget{nodes, {}, {}, {}, {}}};
    state_.Put(std::move(p));
  }
};

// It("should disrupt 3 nodes, taking into account commands in progress")
TEST_F(DriftTest, BudgetsShouldDisruptThreeNodesTakingIntoAccountCommandsInProgress) {
  SetBudget("30%");
  std::vector<std::string> nodes;
  for (int i = 0; i < 10; ++i) {
    ManagedNodeOptions o;
    o.instance_type = most_expensive_->name;
    o.allocatable = Resources({{"cpu", "32"}, {"pods", "100"}});
    o.drifted = i < 5;
    nodes.push_back(NodeClaimAndNode(o).second);
  }
  for (int i = 0; i < 5; ++i) OwnedPod(nodes[i], PodOptions{.requests = Resources({{"cpu", "1"}})});
  for (int i = 0; i < 5; ++i) ReconcileDisruption();
  int tainted = 0;
  for (const std::string& node : nodes) tainted += HasDisruptedTaint(node) ? 1 : 0;
  EXPECT_EQ(tainted, 3);
  EXPECT_EQ(controller().queue().entries().size(), 3u);
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  size_t alive = 0;
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    if (claim.metadata.deletion_timestamp.empty() && claim.metadata.generate_name.empty()) ++alive;
  }
  EXPECT_EQ(alive, 7u);
}

// It("should respect budgets for multiple nodepools")
TEST_F(DriftTest, BudgetsShouldRespectBudgetsForMultipleNodePools) {
  for (int p = 0; p < 2; ++p) {
    std::string pool_name = "pool-" + std::to_string(p);
    api::NodePool pool = NodePool(pool_name);
    pool.spec.disruption.budgets = std::vector<api::Budget>{api::Budget{"1", {}, {}, {}, {}}};
    PutNodePool(std::move(pool));
    for (int i = 0; i < 3; ++i) {
      ManagedNodeOptions o;
      o.node_pool = pool_name;
      DriftedNode(o);
    }
  }
  for (int i = 0; i < 5; ++i) ReconcileDisruption();
  std::map<std::string, int> per_pool;
  for (const auto& [id, entry] : controller().queue().entries()) {
    for (const std::string& node : entry.nodes) {
      per_pool[state_.Get<api::Node>("", node)->metadata.labels.at(
          std::string(api::kNodePoolLabelKey))]++;
    }
  }
  EXPECT_EQ(per_pool["pool-0"], 1);
  EXPECT_EQ(per_pool["pool-1"], 1);
}

// It("should continue to the next drifted node if the first cannot reschedule all pods")
TEST_F(DriftTest, ShouldContinueToTheNextDriftedNodeIfTheFirstCannotRescheduleAllPods) {
  auto [claim, node] = DriftedNode();
  BoundPod(node, PodOptions{.requests = Resources({{"cpu", "150"}})});
  ManagedNodeOptions o;
  o.allocatable = Resources({{"cpu", "1"}, {"pods", "100"}});
  auto [claim2, node2] = DriftedNode(o);
  BoundPod(node2, PodOptions{.requests = Resources({{"cpu", "1"}})});
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_TRUE(controller().queue().HasAny(node2));
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_EQ(NodeClaimCount(), 2u);
  EXPECT_EQ(NodeCount(), 2u);
  EXPECT_TRUE(NodeClaimExists(claim));
  EXPECT_FALSE(NodeClaimExists(claim2));
  // The node whose pods cannot move says why.
  EXPECT_EQ(EventCount("Node", node, kEventDisruptionBlocked), 1u);
}

// It("should ignore nodes without the drifted status condition")
TEST_F(DriftTest, ShouldIgnoreNodesWithoutTheDriftedStatusCondition) {
  ManagedNodeOptions o;
  o.instance_type = most_expensive_->name;
  auto [claim, node] = NodeClaimAndNode(o);
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("should ignore nodes with the drifted status condition set to false")
TEST_F(DriftTest, ShouldIgnoreNodesWithTheDriftedStatusConditionSetToFalse) {
  auto [claim, node] = DriftedNode();
  testing::SetClaimCondition(*MutableClaim(claim), api::kConditionTypeDrifted, "False",
                             clock_.Now());
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
}

// It("should ignore nodes with the karpenter.sh/do-not-disrupt annotation set to true")
TEST_F(DriftTest, ShouldIgnoreNodesWithTheDoNotDisruptAnnotationSetToTrue) {
  ManagedNodeOptions o;
  o.annotations = {{std::string(kDoNotDisruptAnnotation), "true"}};
  auto [claim, node] = DriftedNode(o);
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  EXPECT_EQ(NodeClaimCount(), 1u);
}

// It("should delete drifted nodes with the karpenter.sh/do-not-disrupt annotation set to false")
TEST_F(DriftTest, ShouldDeleteDriftedNodesWithTheDoNotDisruptAnnotationSetToFalse) {
  ManagedNodeOptions o;
  o.annotations = {{std::string(kDoNotDisruptAnnotation), "false"}};
  auto [claim, node] = DriftedNode(o);
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim));
}

// It("should not create replacements for drifted nodes that have pods with the
// karpenter.sh/do-not-disrupt annotation set to true")
TEST_F(DriftTest, ShouldNotCreateReplacementsForNodesWithDoNotDisruptPods) {
  auto [claim, node] = DriftedNode();
  BoundPod(node, {}, {{std::string(kDoNotDisruptAnnotation), "true"}});
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  EXPECT_EQ(NodeClaimCount(), 1u);
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("should not create replacements for drifted nodes that have pods with the blocking PDBs when
// the NodePool's TerminationGracePeriod is not nil"): the claim is an (eventual) candidate, but
// its blocked pod is not rescheduled in the simulation, so nothing is launched for it.
TEST_F(DriftTest, ShouldNotCreateReplacementsForPdbBlockedPodsWithTerminationGracePeriod) {
  ManagedNodeOptions o;
  o.termination_grace_period = Duration::Seconds(300);
  auto [claim, node] = DriftedNode(o);
  BoundPod(node, PodOptions{.labels = {{"test", "value"}}});
  PutPdb("pdb", {{"test", "value"}}, api::IntOrString::Int(0));
  ReconcileDisruption();
  EXPECT_EQ(NodeClaimCount(), 1u);
  EXPECT_TRUE(NodeClaimAlive(claim));
  EXPECT_TRUE(Replacements().empty());
}

// It("should not drift nodes with pods that have a duration-based do-not-disrupt annotation that
// is still active")
TEST_F(DriftTest, ShouldNotDriftNodesWhileADurationDoNotDisruptIsActive) {
  auto [claim, node] = DriftedNode();
  OwnedPod(node);
  api::Pod* pod = MutablePod("pod-0");
  ASSERT_NE(pod, nullptr);
  pod->metadata.annotations[std::string(kDoNotDisruptAnnotation)] = "2m";
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  EXPECT_EQ(NodeClaimCount(), 1u);
  clock_.Advance(Duration::Minutes(3));
  ReconcileDisruption();
  EXPECT_EQ(NodeClaimCount(), 2u);  // the replacement
}

// It("should replace drifted nodes")
TEST_F(DriftTest, ShouldReplaceDriftedNodes) {
  auto [claim, node] = DriftedNode();
  OwnedPod(node);
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_EQ(controller().queue().entries().begin()->second.replacements.size(), 1u);
  // The replacement carries the pool's label and instance-type options.
  std::vector<const api::NodeClaim*> replacements = Replacements();
  ASSERT_EQ(replacements.size(), 1u);
  EXPECT_EQ(replacements[0]->metadata.labels.at(std::string(api::kNodePoolLabelKey)), "default");
  bool has_types = false;
  for (const api::NodeSelectorRequirement& r : replacements[0]->spec.requirements) {
    if (r.key == api::kLabelInstanceTypeStable && r.operator_ == "In") has_types = true;
  }
  EXPECT_TRUE(has_types);
  // Not deleted before the replacement is ready.
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(claim));
  EXPECT_EQ(
      EventCount("NodeClaim", replacements[0]->metadata.name, kEventDisruptionWaitingReadiness),
      1u);
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_EQ(NodeClaimCount(), 1u);
  EXPECT_EQ(NodeCount(), 1u);
  EXPECT_NE(state_.Store<api::NodeClaim>().items().begin()->second.metadata.name, claim);
}

// It("should delete drifted nodes"): the pods fit on another node, so no replacement.
TEST_F(DriftTest, ShouldDeleteDriftedNodes) {
  auto [claim, node] = DriftedNode();
  OwnedPod(node);
  ManagedNodeOptions o;
  o.instance_type = most_expensive_->name;
  auto [other_claim, other] = NodeClaimAndNode(o);
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_TRUE(controller().queue().entries().begin()->second.replacements.empty());
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_TRUE(NodeClaimAlive(other_claim));
  EXPECT_EQ(NodeClaimCount(), 1u);
}

// It("should delete drifted nodes when they are empty and consolidation is disabled")
TEST_F(DriftTest, ShouldDeleteDriftedNodesWhenEmptyAndConsolidationIsDisabled) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.disruption.consolidate_after = NillableDuration{std::nullopt};
  state_.Put(std::move(pool));
  auto [claim, node] = DriftedNode();
  ReconcileDisruption();
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(claim));
}

// It("should drift empty nodes before non-empty nodes")
TEST_F(DriftTest, ShouldDriftEmptyNodesBeforeNonEmptyNodes) {
  auto [busy_claim, busy] = DriftedNode();
  OwnedPod(busy);
  auto [empty_claim, empty] = DriftedNode();
  // The busy node drifted first: emptiness still wins.
  SetDriftedAt(busy_claim, clock_.Now() - Duration::Hours(1));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().HasAny(empty));
  EXPECT_FALSE(controller().queue().HasAny(busy));
}

// It("should drift one non-empty node at a time, starting with the earliest drift")
TEST_F(DriftTest, ShouldDriftOneNonEmptyNodeAtATimeStartingWithTheEarliestDrift) {
  std::vector<std::pair<std::string, std::string>> nodes;
  for (int i = 0; i < 3; ++i) {
    nodes.push_back(DriftedNode());
    OwnedPod(nodes.back().second);
  }
  SetDriftedAt(nodes[0].first, clock_.Now() - Duration::Minutes(1));
  SetDriftedAt(nodes[1].first, clock_.Now() - Duration::Minutes(3));
  SetDriftedAt(nodes[2].first, clock_.Now() - Duration::Minutes(2));
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_TRUE(controller().queue().HasAny(nodes[1].second));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().HasAny(nodes[2].second));
  EXPECT_FALSE(controller().queue().HasAny(nodes[0].second));
}

// It("should untaint nodes when drift replacement fails")
TEST_F(DriftTest, ShouldUntaintNodesWhenDriftReplacementFails) {
  auto [claim, node] = DriftedNode();
  OwnedPod(node);
  ReconcileDisruption();
  ASSERT_TRUE(HasDisruptedTaint(node));
  EXPECT_EQ(api::ConditionStatus(*state_.Get<api::NodeClaim>("", claim),
                                 api::kConditionTypeDisruptionReason),
            "True");
  // The replacement fails to launch (insufficient capacity) and is deleted.
  std::vector<const api::NodeClaim*> replacements = Replacements();
  ASSERT_EQ(replacements.size(), 1u);
  std::string replacement = replacements[0]->metadata.name;
  state_.Delete<api::NodeClaim>("", replacement);
  ReconcileQueue();
  EXPECT_TRUE(controller().queue().empty());
  EXPECT_EQ(controller().queue().failed(), 1u);
  EXPECT_FALSE(HasDisruptedTaint(node));
  EXPECT_EQ(api::FindCondition(*state_.Get<api::NodeClaim>("", claim),
                               api::kConditionTypeDisruptionReason),
            nullptr);
  EXPECT_TRUE(NodeClaimAlive(claim));
}

// It("can replace drifted nodes with multiple nodes")
TEST_F(DriftTest, CanReplaceDriftedNodesWithMultipleNodes) {
  ManagedNodeOptions o;
  o.allocatable = Resources({{"cpu", "200"}, {"pods", "100"}});
  auto [claim, node] = DriftedNode(o);
  // Three pods that no single instance type of the catalogue (at most 64 cpu) can hold together.
  for (int i = 0; i < 3; ++i) OwnedPod(node, PodOptions{.requests = Resources({{"cpu", "40"}})});
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_EQ(controller().queue().entries().begin()->second.replacements.size(), 3u);
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_EQ(NodeClaimCount(), 3u);
}

// It("should not consider static nodepool for drift")
TEST_F(DriftTest, ShouldNotConsiderStaticNodePoolForDrift) {
  api::NodePool pool = NodePool("static");
  pool.spec.replicas = 1;
  PutNodePool(std::move(pool));
  ManagedNodeOptions o;
  o.node_pool = "static";
  auto [claim, node] = DriftedNode(o);
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
}

// It("should drift nodes with pods that have an invalid do-not-disrupt annotation format")
TEST_F(DriftTest, ShouldDriftNodesWithPodsThatHaveAnInvalidDoNotDisruptAnnotationFormat) {
  auto [claim, node] = DriftedNode();
  std::string pod = OwnedPod(node);
  MutablePod(pod)->metadata.annotations[std::string(kDoNotDisruptAnnotation)] = "invalid-format";
  ManagedNodeOptions o;
  o.instance_type = most_expensive_->name;
  o.allocatable = Resources({{"cpu", "32"}, {"pods", "100"}});
  NodeClaimAndNode(o);
  ReconcileDisruption();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_EQ(NodeClaimCount(), 1u);
  EXPECT_EQ(NodeCount(), 1u);
  // Upstream warns about the value on the pod.
  EXPECT_EQ(EventCount("Pod", pod, "InvalidDoNotDisruptAnnotation"), 1u);
}

// It("should not drift nodes until the longest duration-based do-not-disrupt grace period
// expires across multiple pods")
TEST_F(DriftTest, ShouldNotDriftNodesUntilTheLongestDoNotDisruptDurationExpires) {
  auto [claim, node] = DriftedNode();
  std::string short_pod = OwnedPod(node);
  std::string long_pod = OwnedPod(node);
  MutablePod(short_pod)->metadata.annotations[std::string(kDoNotDisruptAnnotation)] = "1m";
  MutablePod(long_pod)->metadata.annotations[std::string(kDoNotDisruptAnnotation)] = "5m";
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  clock_.Advance(Duration::Minutes(2));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  clock_.Advance(Duration::Minutes(4));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().HasAny(node));
}

}  // namespace
}  // namespace tidepool::disruption
