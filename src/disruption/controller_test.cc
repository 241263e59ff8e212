// Ported from kubernetes-sigs/karpenter pkg/controllers/disruption/suite_test.go:
// BuildDisruptionBudgetMapping, Candidate Filtering, Disruption Taints, Simulate Scheduling; and
// the controller's own behaviour (method order, IsConsolidated skipping, budgets with schedules
// and reasons, decisions explained). Each test names the upstream It() it ports.
#include <gtest/gtest.h>

#include "disruption/candidates.h"
#include "disruption/cluster_simulator.h"
#include "disruption/disruption_test_util.h"
#include "disruption/validation.h"

namespace tidepool::disruption {
namespace {

using testing::DisruptionTest;
using testing::ManagedNodeOptions;
using testing::PodOptions;
using testing::Resources;

constexpr Reason kBudgetReasons[] = {Reason::kEmpty, Reason::kUnderutilized, Reason::kDrifted};

class BudgetMappingTest : public DisruptionTest {
 protected:
  BudgetMappingTest() {
    PutNodePool(NodePool());
    for (int i = 0; i < 10; ++i) nodes_.push_back(ManagedNode());
  }
  std::pair<std::string, std::string> ManagedNode(ManagedNodeOptions o = {}) {
    o.instance_type = most_expensive_->name;
    o.allocatable = Resources({{"cpu", "32"}, {"pods", "100"}});
    o.finalizers = {"karpenter.sh/test-finalizer"};
    return NodeClaimAndNode(o);
  }
  void SetBudgets(std::vector<api::Budget> budgets) {
    api::NodePool p = *state_.Get<api::NodePool>("", "default");
    p.spec.disruption.budgets = std::move(budgets);
    state_.Put(std::move(p));
  }
  int64_t Budget(Reason reason) {
    Pass pass(state_, cloud_, clock_.Now());
    BudgetMap map = BuildDisruptionBudgetMapping(pass, &controller().queue(), reason, nullptr);
    return map["default"];
  }
  std::vector<std::pair<std::string, std::string>> nodes_;
};

// It("should not consider nodes that are not managed as part of disruption count")
TEST_F(BudgetMappingTest, ShouldNotConsiderNodesThatAreNotManaged) {
  api::Node unmanaged;
  unmanaged.metadata.name = "unmanaged";
  unmanaged.metadata.labels = {{std::string(api::kNodePoolLabelKey), "default"}};
  state_.Put(std::move(unmanaged));
  for (Reason reason : kBudgetReasons) EXPECT_EQ(Budget(reason), 10) << ReasonName(reason);
}

// It("should not consider nodes that are not initialized as part of disruption count")
TEST_F(BudgetMappingTest, ShouldNotConsiderNodesThatAreNotInitialized) {
  ManagedNodeOptions o;
  o.initialized = false;
  ManagedNode(o);
  for (Reason reason : kBudgetReasons) EXPECT_EQ(Budget(reason), 10) << ReasonName(reason);
}

// It("should not consider nodes that have the terminating status condition as part of
// disruption count")
TEST_F(BudgetMappingTest, ShouldNotConsiderNodesThatHaveTheTerminatingStatusCondition) {
  auto [claim, node] = ManagedNode();
  testing::SetClaimCondition(*MutableClaim(claim), api::kConditionTypeInstanceTerminating, "True",
                             clock_.Now());
  for (Reason reason : kBudgetReasons) EXPECT_EQ(Budget(reason), 10) << ReasonName(reason);
}

// It("should not return a negative disruption value")
TEST_F(BudgetMappingTest, ShouldNotReturnANegativeDisruptionValue) {
  SetBudgets({api::Budget{"10%", {}, {}, {}, {}}});
  for (const auto& [claim, node] : nodes_) {
    ASSERT_TRUE(state_.DeleteNodeClaim(claim).has_value());  // finalizer: only marked
  }
  for (Reason reason : kBudgetReasons) EXPECT_EQ(Budget(reason), 0) << ReasonName(reason);
}

// It("should consider nodes with a deletion timestamp set and MarkedForDeletion to the
// disruption count")
TEST_F(BudgetMappingTest, ShouldConsiderDeletingAndMarkedNodesInTheDisruptionCount) {
  ASSERT_TRUE(state_.DeleteNodeClaim(nodes_[0].first).has_value());
  Command command;
  command.reason = Reason::kDrifted;
  Candidate candidate;
  candidate.name = nodes_[1].second;
  command.candidates.push_back(candidate);
  ASSERT_TRUE(controller().queue().StartCommand(command).has_value());
  for (Reason reason : kBudgetReasons) EXPECT_EQ(Budget(reason), 8) << ReasonName(reason);
}

// It("should consider not ready nodes to the disruption count")
TEST_F(BudgetMappingTest, ShouldConsiderNotReadyNodesInTheDisruptionCount) {
  api::Node node = *state_.Get<api::Node>("", nodes_[0].second);
  node.status.conditions[0].status = "False";
  state_.Put(std::move(node));
  for (Reason reason : kBudgetReasons) EXPECT_EQ(Budget(reason), 9) << ReasonName(reason);
}

// NodePool budgets as BuildDisruptionBudgetMapping applies them (nodepool_test.go's budget cases
// through the controller's mapping): counts, percentages rounded up, reasons, schedules.
TEST_F(BudgetMappingTest, BudgetsCountsPercentagesReasonsAndSchedules) {
  SetBudgets({api::Budget{"3", {}, {}, {}, {}}});
  EXPECT_EQ(Budget(Reason::kEmpty), 3);
  SetBudgets({api::Budget{"15%", {}, {}, {}, {}}});  // 1.5 nodes rounds up
  EXPECT_EQ(Budget(Reason::kEmpty), 2);
  SetBudgets({api::Budget{"100%", {}, {}, {}, {}},
              api::Budget{"0", {}, {}, {std::string(api::kDisruptionReasonDrifted)}, {}}});
  EXPECT_EQ(Budget(Reason::kDrifted), 0);
  EXPECT_EQ(Budget(Reason::kEmpty), 10);
  EXPECT_EQ(Budget(Reason::kUnderutilized), 10);
  // 2023-11-14T22:13:20Z: inside a window opening daily at 22:00 for an hour, not inside one at
  // 10:00.
  SetBudgets({api::Budget{"0", std::string("0 22 * * *"), Duration::Hours(1), {}, {}}});
  EXPECT_EQ(Budget(Reason::kEmpty), 0);
  // An inactive budget does not limit (upstream returns MaxInt32 for it).
  SetBudgets({api::Budget{"0", std::string("0 10 * * *"), Duration::Hours(1), {}, {}}});
  EXPECT_EQ(Budget(Reason::kEmpty), api::kUnboundedDisruptions);
  clock_.AdvanceTo(Time::FromUnixSeconds(1'700'000'000) + Duration::Hours(12));  // 10:13 next day
  EXPECT_EQ(Budget(Reason::kEmpty), 0);
}

class CandidateFilteringTest : public DisruptionTest {
 protected:
  CandidateFilteringTest() { PutNodePool(NodePool()); }
  std::pair<std::string, std::string> Node(ManagedNodeOptions o = {}) {
    if (o.instance_type.empty()) o.instance_type = most_expensive_->name;
    return NodeClaimAndNode(o);
  }
  Result<Candidate> Get(const std::string& node,
                        DisruptionClass disruption_class = DisruptionClass::kGraceful) {
    Pass pass(state_, cloud_, clock_.Now());
    return NewCandidate(pass, *state_.Get<api::Node>("", node), &controller().queue(),
                        disruption_class, &controller().events());
  }
  std::string Message(const std::string& node,
                      DisruptionClass disruption_class = DisruptionClass::kGraceful) {
    Result<Candidate> c = Get(node, disruption_class);
    return c ? "" : c.error().message();
  }
  void Own(const std::string& pod, std::string api_version, std::string kind) {
    api::Pod p = *state_.Get<api::Pod>("default", pod);
    api::OwnerReference owner;
    owner.api_version = std::move(api_version);
    owner.kind = std::move(kind);
    owner.name = "owner";
    owner.controller = true;
    p.metadata.owner_references.push_back(owner);
    state_.Put(std::move(p));
  }
  std::map<std::string, std::string> DoNotDisrupt() {
    return {{std::string(kDoNotDisruptAnnotation), "true"}};
  }
};

// It("should not consider candidates that have do-not-disrupt pods scheduled and no
// terminationGracePeriod")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithDoNotDisruptPods) {
  auto [claim, node] = Node();
  BoundPod(node, {}, DoNotDisrupt());
  EXPECT_EQ(Message(node),
            "pod has \"karpenter.sh/do-not-disrupt\" annotation (Pod=default/pod-0)");
  EXPECT_EQ(EventCount("Node", node, kEventDisruptionBlocked), 1u);
  EXPECT_EQ(EventCount("NodeClaim", claim, kEventDisruptionBlocked), 1u);
}

// It("should not consider candidates that have do-not-disrupt mirror pods scheduled")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithDoNotDisruptMirrorPods) {
  auto [claim, node] = Node();
  std::string pod = BoundPod(node, {}, DoNotDisrupt());
  Own(pod, "v1", "Node");
  EXPECT_FALSE(Get(node).has_value());
}

// It("should not consider candidates that have do-not-disrupt daemonset pods scheduled")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithDoNotDisruptDaemonSetPods) {
  auto [claim, node] = Node();
  std::string pod = BoundPod(node, {}, DoNotDisrupt());
  Own(pod, "apps/v1", "DaemonSet");
  EXPECT_FALSE(Get(node).has_value());
}

// It("should consider candidates that have do-not-disrupt pods scheduled with a
// terminationGracePeriod set for eventual disruption")
TEST_F(CandidateFilteringTest, ShouldConsiderDoNotDisruptPodsWithTgpForEventualDisruption) {
  ManagedNodeOptions o;
  o.termination_grace_period = Duration::Seconds(300);
  auto [claim, node] = Node(o);
  BoundPod(node, {}, DoNotDisrupt());
  Result<Candidate> c = Get(node, DisruptionClass::kEventual);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->name, node);
  EXPECT_EQ(c->node_pool->metadata.name, "default");
  EXPECT_EQ(c->instance_type->name, most_expensive_->name);
  EXPECT_EQ(c->reschedulable_pods.size(), 1u);
}

// It("should consider candidates that have PDB-blocked pods scheduled with a
// terminationGracePeriod set for eventual disruption")
TEST_F(CandidateFilteringTest, ShouldConsiderPdbBlockedPodsWithTgpForEventualDisruption) {
  ManagedNodeOptions o;
  o.termination_grace_period = Duration::Seconds(300);
  auto [claim, node] = Node(o);
  BoundPod(node, PodOptions{.labels = {{"app", "web"}}});
  PutPdb("pdb", {{"app", "web"}}, api::IntOrString::Int(0));
  EXPECT_TRUE(Get(node, DisruptionClass::kEventual).has_value());
}

// It("should not consider candidates that have do-not-disrupt pods scheduled with a
// terminationGracePeriod set for graceful disruption")
TEST_F(CandidateFilteringTest, ShouldNotConsiderDoNotDisruptPodsWithTgpForGracefulDisruption) {
  ManagedNodeOptions o;
  o.termination_grace_period = Duration::Seconds(300);
  auto [claim, node] = Node(o);
  BoundPod(node, {}, DoNotDisrupt());
  EXPECT_FALSE(Get(node, DisruptionClass::kGraceful).has_value());
}

// It("should not consider candidates that have PDB-blocked pods scheduled with a
// terminationGracePeriod set for graceful disruption")
TEST_F(CandidateFilteringTest, ShouldNotConsiderPdbBlockedPodsWithTgpForGracefulDisruption) {
  ManagedNodeOptions o;
  o.termination_grace_period = Duration::Seconds(300);
  auto [claim, node] = Node(o);
  BoundPod(node, PodOptions{.labels = {{"app", "web"}}});
  PutPdb("pdb", {{"app", "web"}}, api::IntOrString::Int(0));
  EXPECT_EQ(Message(node), "pdb prevents pod evictions (PodDisruptionBudget=[default/pdb])");
}

// It("should not consider candidates that have do-not-disrupt pods scheduled without a
// terminationGracePeriod set for eventual disruption")
TEST_F(CandidateFilteringTest, ShouldNotConsiderDoNotDisruptPodsWithoutTgpForEventualDisruption) {
  auto [claim, node] = Node();
  BoundPod(node, {}, DoNotDisrupt());
  EXPECT_FALSE(Get(node, DisruptionClass::kEventual).has_value());
}

// It("should not consider candidates that have PDB-blocked pods scheduled without a
// terminationGracePeriod set for eventual disruption")
TEST_F(CandidateFilteringTest, ShouldNotConsiderPdbBlockedPodsWithoutTgpForEventualDisruption) {
  auto [claim, node] = Node();
  BoundPod(node, PodOptions{.labels = {{"app", "web"}}});
  PutPdb("pdb", {{"app", "web"}}, api::IntOrString::Int(0));
  EXPECT_FALSE(Get(node, DisruptionClass::kEventual).has_value());
}

// It("should consider candidates that have do-not-disrupt terminating pods")
TEST_F(CandidateFilteringTest, ShouldConsiderCandidatesWithDoNotDisruptTerminatingPods) {
  auto [claim, node] = Node();
  std::string pod = BoundPod(node, {}, DoNotDisrupt());
  MutablePod(pod)->metadata.deletion_timestamp = clock_.Now().ToRfc3339();
  EXPECT_TRUE(Get(node).has_value());
}

// It("should consider candidates that have do-not-disrupt terminal pods")
TEST_F(CandidateFilteringTest, ShouldConsiderCandidatesWithDoNotDisruptTerminalPods) {
  auto [claim, node] = Node();
  std::string succeeded = BoundPod(node, {}, DoNotDisrupt());
  std::string failed = BoundPod(node, {}, DoNotDisrupt());
  MutablePod(succeeded)->status.phase = api::kPodSucceeded;
  MutablePod(failed)->status.phase = api::kPodFailed;
  Result<Candidate> c = Get(node);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_TRUE(c->reschedulable_pods.empty());
}

// It("should not consider candidates that have do-not-disrupt on nodes")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithDoNotDisruptOnNodes) {
  ManagedNodeOptions o;
  o.annotations = DoNotDisrupt();
  auto [claim, node] = Node(o);
  EXPECT_EQ(Message(node),
            "disruption is blocked through the \"karpenter.sh/do-not-disrupt\" annotation");
}

// It("should not consider candidates that have multiple PDBs on the same pod")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithMultiplePdbsOnTheSamePod) {
  auto [claim, node] = Node();
  BoundPod(node, PodOptions{.labels = {{"app", "web"}}});
  PutPdb("pdb-1", {{"app", "web"}}, api::IntOrString::Int(1));
  PutPdb("pdb-2", {{"app", "web"}}, api::IntOrString::Int(1));
  EXPECT_EQ(Message(node),
            "eviction does not support multiple PDBs "
            "(PodDisruptionBudget(s)=[default/pdb-1 default/pdb-2])");
}

// It("should not consider candidates that have fully blocking PDBs")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithFullyBlockingPdbs) {
  auto [claim, node] = Node();
  BoundPod(node, PodOptions{.labels = {{"app", "web"}}});
  PutPdb("pdb", {{"app", "web"}}, api::IntOrString::Int(0));
  EXPECT_FALSE(Get(node).has_value());
}

// It("should consider candidates that have fully blocking PDBs on mirror pods")
TEST_F(CandidateFilteringTest, ShouldConsiderCandidatesWithFullyBlockingPdbsOnMirrorPods) {
  auto [claim, node] = Node();
  std::string pod = BoundPod(node, PodOptions{.labels = {{"app", "web"}}});
  Own(pod, "v1", "Node");
  PutPdb("pdb", {{"app", "web"}}, api::IntOrString::Int(0));
  EXPECT_TRUE(Get(node).has_value());
}

// It("should consider candidates that have fully blocking PDBs on terminal pods")
TEST_F(CandidateFilteringTest, ShouldConsiderCandidatesWithFullyBlockingPdbsOnTerminalPods) {
  auto [claim, node] = Node();
  std::string pod = BoundPod(node, PodOptions{.labels = {{"app", "web"}}});
  MutablePod(pod)->status.phase = api::kPodSucceeded;
  PutPdb("pdb", {{"app", "web"}}, api::IntOrString::Int(0));
  EXPECT_TRUE(Get(node).has_value());
}

// It("should not consider candidates that has just a Node representation")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesThatHaveJustANode) {
  api::Node node;
  node.metadata.name = "lonely";
  node.metadata.labels = {{std::string(api::kNodePoolLabelKey), "default"}};
  state_.Put(std::move(node));
  EXPECT_EQ(Message("lonely"), "node isn't managed by karpenter");
}

// It("should not consider candidates that are nominated")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesThatAreNominated) {
  auto [claim, node] = Node();
  std::string pending = PendingPod();
  MutablePod(pending)->status.nominated_node_name = node;
  EXPECT_EQ(Message(node), "node is nominated for a pending pod");
}

// It("should not consider candidates that are deleting")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesThatAreDeleting) {
  ManagedNodeOptions o;
  o.finalizers = {"karpenter.sh/test-finalizer"};
  auto [claim, node] = Node(o);
  ASSERT_TRUE(state_.DeleteNodeClaim(claim).has_value());
  EXPECT_EQ(Message(node), "node is deleting or marked for deletion");
}

// It("should not consider candidates that are MarkedForDeletion") and It("should not consider
// candidates that are actively being processed in the queue")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesThatAreInTheQueue) {
  auto [claim, node] = Node();
  Command command;
  Candidate candidate;
  candidate.name = node;
  command.candidates.push_back(candidate);
  ASSERT_TRUE(controller().queue().StartCommand(command).has_value());
  EXPECT_EQ(Message(node), "candidate is already being disrupted");
}

// It("should not consider candidates that aren't yet initialized")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesThatArentYetInitialized) {
  ManagedNodeOptions o;
  o.initialized = false;
  auto [claim, node] = Node(o);
  EXPECT_EQ(Message(node), "node isn't initialized");
}

// It("should not consider candidates that are not owned by a NodePool (no karpenter.sh/nodepool
// label)")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithoutTheNodePoolLabel) {
  ManagedNodeOptions o;
  o.node_pool = "";
  auto [claim, node] = Node(o);
  EXPECT_EQ(Message(node), "node doesn't have required label (label=karpenter.sh/nodepool)");
}

// It("should not consider candidates that are have a non-existent NodePool")
TEST_F(CandidateFilteringTest, ShouldNotConsiderCandidatesWithANonExistentNodePool) {
  ManagedNodeOptions o;
  o.node_pool = "missing";
  auto [claim, node] = Node(o);
  EXPECT_EQ(Message(node), "NodePool not found (NodePool=missing)");
}

// It("should consider candidates that do not have the karpenter.sh/capacity-type label"),
// (...zone label) and It("should consider candidates that have an instance type that cannot be
// resolved")
TEST_F(CandidateFilteringTest, ShouldConsiderCandidatesWithMissingLabelsOrUnknownInstanceType) {
  auto [claim, node] = Node();
  api::Node n = *state_.Get<api::Node>("", node);
  n.metadata.labels.erase(std::string(api::kCapacityTypeLabelKey));
  n.metadata.labels.erase(std::string(api::kLabelTopologyZone));
  n.metadata.labels[std::string(api::kLabelInstanceTypeStable)] = "no-such-type";
  state_.Put(std::move(n));
  Result<Candidate> c = Get(node);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->instance_type, nullptr);
  EXPECT_EQ(c->price, 0);
  EXPECT_TRUE(c->zone.empty());
}

// types.go NewCandidate: the price is the node's own offering (zone, capacity type).
TEST_F(CandidateFilteringTest, CandidatePriceIsTheNodesOfferingPrice) {
  auto [claim, node] = Node();
  Result<Candidate> c = Get(node);
  ASSERT_TRUE(c.has_value());
  EXPECT_DOUBLE_EQ(c->price, most_expensive_->offerings.front().price);
  EXPECT_TRUE(c->IsEmpty());
  BoundPod(node);
  c = Get(node);
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->IsEmpty());
  EXPECT_DOUBLE_EQ(c->reschedule_disruption_cost, 2.0);
}

class ControllerTest : public DisruptionTest {
 protected:
  ControllerTest() { PutNodePool(NodePool()); }
};

// Describe("Disruption Taints") It("should remove taints from NodeClaims that were left tainted
// from a previous disruption action")
TEST_F(ControllerTest, ShouldRemoveTaintsLeftFromAPreviousDisruptionAction) {
  ManagedNodeOptions o;
  o.instance_type = most_expensive_->name;
  auto [claim, node] = NodeClaimAndNode(o);
  BoundPod(node);  // not empty: nothing will disrupt it
  ASSERT_TRUE(RequireDisruptedTaint(state_, state_, node, true).has_value());
  ASSERT_TRUE(SetDisruptionReason(state_, state_, claim, "Underutilized", clock_.Now()));
  ReconcileDisruption();
  EXPECT_FALSE(HasDisruptedTaint(node));
  EXPECT_EQ(api::FindCondition(*state_.Get<api::NodeClaim>("", claim),
                               api::kConditionTypeDisruptionReason),
            nullptr);
}

// Describe("Simulate Scheduling") It("should allow pods on deleting nodes to reschedule to
// uninitialized nodes")
TEST_F(ControllerTest, ShouldAllowPodsOnDeletingNodesToRescheduleToUninitializedNodes) {
  std::vector<std::pair<std::string, std::string>> nodes;
  for (int i = 0; i < 3; ++i) {
    ManagedNodeOptions o;
    o.instance_type = most_expensive_->name;
    o.allocatable = Resources({{"cpu", "3"}, {"pods", "100"}});
    o.finalizers = {"karpenter.sh/test-finalizer"};
    nodes.push_back(NodeClaimAndNode(o));
  }
  // An uninitialized in-flight claim with room.
  api::NodeClaim inflight;
  inflight.metadata.name = "inflight";
  inflight.metadata.labels = {{std::string(api::kNodePoolLabelKey), "default"}};
  inflight.status.allocatable = Resources({{"cpu", "16"}, {"pods", "100"}});
  inflight.status.capacity = inflight.status.allocatable;
  state_.Put(std::move(inflight));
  std::string pod = BoundPod(nodes[0].second, PodOptions{.requests = Resources({{"cpu", "2"}})});
  // Every other node is being deleted.
  for (int i = 1; i < 3; ++i) ASSERT_TRUE(state_.DeleteNodeClaim(nodes[i].first).has_value());
  Pass pass(state_, cloud_, clock_.Now());
  Result<Candidate> candidate = NewCandidate(pass, *state_.Get<api::Node>("", nodes[0].second),
                                             nullptr, DisruptionClass::kGraceful, nullptr);
  ASSERT_TRUE(candidate.has_value()) << candidate.error().message();
  ClusterSimulator simulator(pass, nullptr, false, options_.simulator);
  const Candidate* candidates[] = {&*candidate};
  Result<SimulationResult> result = simulator.Simulate(candidates);
  ASSERT_TRUE(result.has_value());
  // The candidate's own pod may not land on the uninitialized claim.
  EXPECT_FALSE(result->all_non_pending_scheduled);
  EXPECT_TRUE(result->uses_uninitialized_node);
  EXPECT_NE(result->failure.find("would schedule against uninitialized nodeclaim/inflight"),
            std::string::npos)
      << result->failure;
  // Pods of the deleting nodes may.
  BoundPod(nodes[1].second, PodOptions{.requests = Resources({{"cpu", "2"}})});
  Pass pass2(state_, cloud_, clock_.Now());
  ClusterSimulator simulator2(pass2, nullptr, false, options_.simulator);
  Candidate none;
  none.name = "nothing";
  const Candidate* only_deleting[] = {&none};
  result = simulator2.Simulate(only_deleting);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->all_non_pending_scheduled) << result->failure;
  EXPECT_EQ(simulator2.simulations(), 1u);
}

// helpers.go SimulateScheduling: a candidate that is already being deleted is not simulated.
TEST_F(ControllerTest, SimulationOfADeletingCandidateFails) {
  ManagedNodeOptions o;
  o.finalizers = {"karpenter.sh/test-finalizer"};
  auto [claim, node] = NodeClaimAndNode(o);
  Pass pass(state_, cloud_, clock_.Now());
  Result<Candidate> candidate = NewCandidate(pass, *state_.Get<api::Node>("", node), nullptr,
                                             DisruptionClass::kGraceful, nullptr);
  ASSERT_TRUE(candidate.has_value());
  ASSERT_TRUE(state_.DeleteNodeClaim(claim).has_value());
  Pass pass2(state_, cloud_, clock_.Now());
  ClusterSimulator simulator(pass2, nullptr, false, options_.simulator);
  const Candidate* candidates[] = {&*candidate};
  Result<SimulationResult> result = simulator.Simulate(candidates);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->failure, "candidate is deleting");
}

// controller.go: methods run in order and the first with a command ends the pass; Drift runs
// when Emptiness has nothing.
TEST_F(ControllerTest, MethodsRunInOrderAndTheFirstWithACommandEndsThePass) {
  ManagedNodeOptions empty;
  empty.consolidatable = true;
  auto [empty_claim, empty_node] = NodeClaimAndNode(empty);
  ManagedNodeOptions drifted;
  drifted.drifted = true;
  auto [drifted_claim, drifted_node] = NodeClaimAndNode(drifted);
  BoundPod(drifted_node);
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().HasAny(empty_node));
  EXPECT_FALSE(controller().queue().HasAny(drifted_node));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().HasAny(drifted_node));
}

// IsConsolidated: after a no-op, a consolidation method is skipped until the node layer changes
// or 5 minutes pass (upstream Cluster.ConsolidationState).
TEST_F(ControllerTest, ConsolidationMethodsSkipUnchangedClusterUntilRearmed) {
  ManagedNodeOptions o;
  o.consolidatable = true;
  auto [claim, node] = NodeClaimAndNode(o);
  std::string pod = BoundPod(node);  // not empty: Emptiness has candidates? no: a no-op
  int calls = cloud_.get_instance_types_calls;
  // A method that counts its ComputeCommands calls.
  struct Counting : Method {
    int* computed;
    explicit Counting(int* c) : computed(c) {}
    Reason reason() const override { return Reason::kUnderutilized; }
    std::string_view name() const override { return "counting"; }
    DisruptionClass disruption_class() const override { return DisruptionClass::kGraceful; }
    bool ShouldDisrupt(const Candidate&) const override { return true; }
    Result<std::vector<Command>> ComputeCommands(Simulator&, BudgetMap&,
                                                 std::vector<Candidate>) override {
      ++*computed;
      return std::vector<Command>{};
    }
  };
  int computed = 0;
  MakeController([&computed](DisruptionEvents&, const Options&) {
    std::vector<std::unique_ptr<Method>> methods;
    methods.push_back(std::make_unique<Counting>(&computed));
    return methods;
  });
  controller().Reconcile();
  controller().Reconcile();
  EXPECT_EQ(computed, 1);
  EXPECT_GT(cloud_.get_instance_types_calls, calls);
  clock_.Advance(Duration::Minutes(5));
  controller().Reconcile();
  EXPECT_EQ(computed, 2);
  state_.Delete<api::Pod>("default", pod);  // the node layer changed
  controller().Reconcile();
  EXPECT_EQ(computed, 3);
}

// A pod within its do-not-disrupt duration keeps its node; once it has run out, the node goes
// (issue #5's consolidateAfter / do-not-disrupt gotcha, through Emptiness's zero-cost pods).
TEST_F(ControllerTest, DoNotDisruptDurationHoldsTheNodeUntilItElapses) {
  ManagedNodeOptions o;
  o.drifted = true;
  auto [claim, node] = NodeClaimAndNode(o);
  std::string pod = BoundPod(node, {}, {{std::string(kDoNotDisruptAnnotation), "10m"}});
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  clock_.Advance(Duration::Minutes(9));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().empty());
  clock_.Advance(Duration::Minutes(2));
  ReconcileDisruption();
  EXPECT_TRUE(controller().queue().HasAny(node));
}

// Start(): passes run on the clock; a command waits for validation, then the queue finishes it.
TEST_F(ControllerTest, StartRunsOnTheClock) {
  ManagedNodeOptions o;
  o.consolidatable = true;
  auto [claim, node] = NodeClaimAndNode(o);
  controller().Start();
  clock_.Advance(Duration::Seconds(1));
  EXPECT_TRUE(controller().validation_pending());
  EXPECT_TRUE(NodeClaimAlive(claim));
  clock_.Advance(Duration::Seconds(20));
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_EQ(controller().queue().succeeded(), 1u);
}

// End to end with upstream's method order (consolidation_test.go "can merge 2 nodes into 1"
// shape): two expensive, underused nodes are replaced by one cheaper node after validation,
// and the old nodes go only once the replacement is initialized.
TEST_F(ControllerTest, DefaultMethodsConsolidateUnderutilizedNodesEndToEnd) {
  api::NodePool pool = NodePool("default", api::kConsolidationPolicyWhenEmptyOrUnderutilized);
  PutNodePool(std::move(pool));
  std::vector<std::pair<std::string, std::string>> nodes;
  for (int i = 0; i < 2; ++i) {
    ManagedNodeOptions o;
    o.instance_type = most_expensive_->name;
    o.consolidatable = true;
    nodes.push_back(NodeClaimAndNode(o));
    std::string pod =
        BoundPod(nodes.back().second, PodOptions{.requests = Resources({{"cpu", "1"}})});
    api::Pod p = *state_.Get<api::Pod>("default", pod);
    api::OwnerReference owner;
    owner.api_version = "apps/v1";
    owner.kind = "ReplicaSet";
    owner.name = "rs";
    owner.controller = true;
    p.metadata.owner_references.push_back(owner);
    state_.Put(std::move(p));
  }
  MakeController(DefaultMethods);
  ASSERT_EQ(controller().methods().size(), 4u);
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  const OrchestrationQueue::Entry& entry = controller().queue().entries().begin()->second;
  EXPECT_EQ(entry.reason, Reason::kUnderutilized);
  EXPECT_EQ(entry.nodes.size(), 2u);
  EXPECT_EQ(entry.replacements.size(), 1u);
  EXPECT_NE(entry.explanation.find("Underutilized/multi-node-consolidation: replace"),
            std::string::npos)
      << entry.explanation;
  ReconcileQueue();
  EXPECT_TRUE(NodeClaimAlive(nodes[0].first));
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  EXPECT_FALSE(NodeClaimExists(nodes[0].first));
  EXPECT_FALSE(NodeClaimExists(nodes[1].first));
  std::vector<const api::NodeClaim*> replacements = Replacements();
  ASSERT_EQ(replacements.size(), 1u);
  const std::string& type =
      replacements[0]->metadata.labels.at(std::string(api::kLabelInstanceTypeStable));
  cloud::InstanceTypePtr launched = FindType(type);
  ASSERT_NE(launched, nullptr);
  EXPECT_LT(launched->offerings.front().price, 2 * most_expensive_->offerings.front().price);
}

// Issue #5's gotcha on the fake clock: pods scale down, the emptied nodes are removed only after
// consolidateAfter (measured from the last pod event), and a node whose remaining pod is within
// its do-not-disrupt duration stays until that runs out. The Consolidatable condition comes from
// the NodeClaim disruption controller, as upstream.
TEST_F(ControllerTest, ScaleDownConsolidatesAfterConsolidateAfterAndRespectsDoNotDisrupt) {
  api::NodePool pool = NodePool();
  pool.spec.disruption.consolidate_after = NillableDuration{Duration::Minutes(5)};
  PutNodePool(std::move(pool));
  auto [claim_a, node_a] = NodeClaimAndNode();
  auto [claim_b, node_b] = NodeClaimAndNode();
  std::string pod_a = BoundPod(node_a);
  BoundPod(node_b, {}, {{std::string(kDoNotDisruptAnnotation), "30m"}});
  NodeClaimDisruptionController conditions(state_, state_, cloud_, clock_);
  auto step = [&](Duration d) {
    clock_.Advance(d);
    conditions.Reconcile();
    ReconcileDisruption();
    ReconcileQueue();
  };
  step(Duration::Minutes(10));
  EXPECT_TRUE(NodeClaimAlive(claim_a));
  // Scale down: node A's pod goes at t=10m; its pod event restarts consolidateAfter.
  state_.Delete<api::Pod>("default", pod_a);
  step(Duration::Minutes(4));
  EXPECT_TRUE(NodeClaimAlive(claim_a)) << "removed inside consolidateAfter";
  step(Duration::Minutes(2));
  EXPECT_FALSE(NodeClaimExists(claim_a)) << "not removed after consolidateAfter";
  // Node B's pod is protected for 30 minutes from its start: the node stays even though
  // consolidateAfter has long passed (its pod may not be disrupted).
  auto is_candidate = [&](const std::string& node) {
    Pass pass(state_, cloud_, clock_.Now());
    return NewCandidate(pass, *state_.Get<api::Node>("", node), nullptr, DisruptionClass::kGraceful,
                        nullptr)
        .has_value();
  };
  EXPECT_TRUE(NodeClaimAlive(claim_b));
  EXPECT_FALSE(is_candidate(node_b));
  step(Duration::Minutes(15));  // t = 31m: the protection has run out
  EXPECT_TRUE(is_candidate(node_b));
}

// validation.go, the consolidation validator's checks after the wait, against canned simulations.
class CannedSimulator : public Simulator {
 public:
  Result<SimulationResult> Simulate(std::span<const Candidate* const>) override {
    ++calls;
    return result;
  }
  SimulationResult result;
  int calls = 0;
};

Candidate NamedCandidate(const std::string& name, const api::NodePool* pool) {
  Candidate c;
  c.name = name;
  c.node_pool = pool;
  return c;
}

class ValidationTest : public DisruptionTest {
 protected:
  ValidationTest() {
    pool_.metadata.name = "default";
    simulator_.result.all_non_pending_scheduled = true;
  }
  scheduling::NewNodeClaim Claim(cloud::InstanceTypes options) {
    scheduling::NewNodeClaim claim;
    claim.node_pool = "default";
    claim.instance_type_options = std::move(options);
    return claim;
  }
  Command ReplaceCommand() {
    Command command;
    command.reason = Reason::kUnderutilized;
    command.candidates = {NamedCandidate("a", &pool_), NamedCandidate("b", &pool_)};
    command.replacements.push_back(Claim({least_expensive_}));
    return command;
  }
  api::NodePool pool_;
  CannedSimulator simulator_;
  BudgetMap budgets_{{"default", 10}};
};

// ConsolidationValidator.validateCandidates: every candidate must still be one (churn).
TEST_F(ValidationTest, ConsolidationFailsWithChurnWhenACandidateIsGone) {
  std::vector<Candidate> current = {NamedCandidate("a", &pool_)};
  Validation v = ValidateConsolidation(ReplaceCommand(), current, budgets_, simulator_);
  EXPECT_EQ(v.failure, ValidationFailure::kChurn);
  EXPECT_EQ(v.message, "1 candidates are no longer valid");
  EXPECT_EQ(simulator_.calls, 0);
}

// ...and still fit the budgets (budget).
TEST_F(ValidationTest, ConsolidationFailsOnBudgets) {
  std::vector<Candidate> current = {NamedCandidate("a", &pool_), NamedCandidate("b", &pool_)};
  budgets_["default"] = 1;
  Validation v = ValidateConsolidation(ReplaceCommand(), current, budgets_, simulator_);
  EXPECT_EQ(v.failure, ValidationFailure::kBudget);
}

// validateCommand: a delete must still need no new node; a replace exactly one, whose options
// include all of the command's.
TEST_F(ValidationTest, ConsolidationResimulationMustAgree) {
  std::vector<Candidate> current = {NamedCandidate("a", &pool_), NamedCandidate("b", &pool_)};
  Command deletion = ReplaceCommand();
  deletion.replacements.clear();
  simulator_.result.results.new_node_claims.push_back(Claim({least_expensive_}));
  EXPECT_EQ(ValidateConsolidation(deletion, current, budgets_, simulator_).failure,
            ValidationFailure::kScheduling);
  // Fewer options now than the command had: the cheaper choice may be gone.
  simulator_.result.results.new_node_claims = {Claim({most_expensive_})};
  Validation v = ValidateConsolidation(ReplaceCommand(), current, budgets_, simulator_);
  EXPECT_EQ(v.failure, ValidationFailure::kScheduling);
  EXPECT_EQ(v.message, "scheduling simulation produced new results");
  // A superset: valid, and the command keeps its own (price-filtered) options.
  simulator_.result.results.new_node_claims = {Claim({most_expensive_, least_expensive_})};
  v = ValidateConsolidation(ReplaceCommand(), current, budgets_, simulator_);
  ASSERT_TRUE(v.ok()) << v.message;
  ASSERT_EQ(v.command.replacements.size(), 1u);
  ASSERT_EQ(v.command.replacements[0].instance_type_options.size(), 1u);
  EXPECT_EQ(v.command.replacements[0].instance_type_options[0], least_expensive_);
  // Two new claims where the command had one.
  simulator_.result.results.new_node_claims = {Claim({least_expensive_}),
                                               Claim({least_expensive_})};
  EXPECT_EQ(ValidateConsolidation(ReplaceCommand(), current, budgets_, simulator_).failure,
            ValidationFailure::kScheduling);
  // Pods that no longer fit.
  simulator_.result.results.new_node_claims.clear();
  simulator_.result.all_non_pending_scheduled = false;
  simulator_.result.failure = "not all pods would schedule";
  EXPECT_EQ(ValidateConsolidation(deletion, current, budgets_, simulator_).failure,
            ValidationFailure::kScheduling);
}

// EmptinessValidator: survivors within budget are kept; none surviving is churn.
TEST_F(ValidationTest, EmptinessKeepsTheSurvivorsWithinBudget) {
  Command command;
  command.reason = Reason::kEmpty;
  command.candidates = {NamedCandidate("a", &pool_), NamedCandidate("b", &pool_),
                        NamedCandidate("c", &pool_)};
  std::vector<Candidate> current = {NamedCandidate("b", &pool_), NamedCandidate("c", &pool_)};
  budgets_["default"] = 1;
  Validation v = ValidateEmptiness(command, current, budgets_);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v.command.candidates.size(), 1u);
  EXPECT_EQ(v.command.candidates[0].name, "b");
  budgets_["default"] = 0;
  EXPECT_EQ(ValidateEmptiness(command, current, budgets_).failure, ValidationFailure::kBudget);
  EXPECT_EQ(ValidateEmptiness(command, {}, budgets_).failure, ValidationFailure::kChurn);
}

// An abandoned validation lets the pass go on with the next method (upstream validates inside
// Emptiness.ComputeCommands, so the controller's loop continues to Drift).
TEST_F(ControllerTest, AbandonedValidationContinuesWithTheNextMethod) {
  ManagedNodeOptions empty;
  empty.consolidatable = true;
  auto [empty_claim, empty_node] = NodeClaimAndNode(empty);
  ManagedNodeOptions drifted;
  drifted.drifted = true;
  auto [drifted_claim, drifted_node] = NodeClaimAndNode(drifted);
  BoundPod(drifted_node);
  controller().Reconcile();
  ASSERT_TRUE(controller().validation_pending());
  BoundPod(empty_node);  // churn during the wait
  clock_.Advance(options_.disruption.validation_delay);
  EXPECT_FALSE(controller().queue().HasAny(empty_node));
  EXPECT_TRUE(controller().queue().HasAny(drifted_node));
  bool logged = false;
  for (const auto& entry : controller().decision_log().entries()) {
    if (entry.line ==
        "emptiness: abandoning command, validation failed (churn): 1 candidates are "
        "no longer valid") {
      logged = true;
    }
  }
  EXPECT_TRUE(logged);
}

}  // namespace
}  // namespace tidepool::disruption
