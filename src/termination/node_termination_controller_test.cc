// The Node finalizer flow. Ported from kubernetes-sigs/karpenter
// pkg/controllers/node/termination/suite_test.go (Describe "Termination", Context
// "Reconciliation"): each test names the upstream It() it ports. Upstream's pods go through a
// terminating phase after eviction and the test deletes them; the model's eviction removes a
// pod at once, so "EventuallyExpectTerminating + ExpectDeleted" reads "the pod is gone".
#include <gtest/gtest.h>

#include "termination/termination_test_util.h"

namespace tidepool::termination {
namespace {

using testing::DisruptedToleration;
using testing::PodOptions;

class NodeTerminationTest : public testing::TerminationTest {
 protected:
  void SetUp() override { ApplyNodeClaimAndNode(); }

  // The last two reconciles of every upstream test: drain validation and instance termination
  // initiation (requeued after 5 s), then instance termination validation (done, Node gone).
  void ExpectFinishes() {
    ASSERT_NE(GetNode(), nullptr);
    EXPECT_EQ(ReconcileNode(), Requeue(Duration::Seconds(5)));
    EXPECT_EQ(ReconcileNode(), std::nullopt);
    EXPECT_EQ(GetNode(), nullptr);
  }
};

// "should delete nodes"
TEST_F(NodeTerminationTest, ShouldDeleteNodes) {
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());  // taint and start drain
  clock_.Advance(Duration::Seconds(10));
  ExpectFinishes();
}

// "should delete nodes without nodeclaims"
TEST_F(NodeTerminationTest, ShouldDeleteNodesWithoutNodeClaims) {
  state_.Delete<api::NodeClaim>("", kClaim);
  DeleteNode();
  // No NodeClaim: no Drained condition to wait on, no instance to terminate.
  EXPECT_EQ(ReconcileNode(), std::nullopt);
  EXPECT_EQ(GetNode(), nullptr);
  EXPECT_TRUE(cloud_.delete_calls.empty());
}

// "should delete nodeclaims associated with nodes"
TEST_F(NodeTerminationTest, ShouldDeleteNodeClaimsAssociatedWithNodes) {
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_FALSE(GetNodeClaim()->metadata.deletion_timestamp.empty());
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(ReconcileNode(), Requeue(Duration::Seconds(5)));
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_TRUE(IsConditionTrue(*GetNodeClaim(), api::kConditionTypeInstanceTerminating));
  EXPECT_TRUE(IsConditionTrue(*GetNodeClaim(), api::kConditionTypeDrained));
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_EQ(ReconcileNode(), std::nullopt);
  EXPECT_EQ(GetNode(), nullptr);
  // ExpectFinalizersRemoved(nodeClaim): the claim's own finalizer flow now completes it.
  EXPECT_EQ(ReconcileNodeClaim(), std::nullopt);
  EXPECT_EQ(GetNodeClaim(), nullptr);
}

// "should exclude nodes from load balancers when terminating"
TEST_F(NodeTerminationTest, ShouldExcludeNodesFromLoadBalancersWhenTerminating) {
  ApplyPod("pod", PodOptions{.labels = {{"foo", "bar"}}});
  ApplyPdb("pdb", {{"foo", "bar"}}, std::nullopt, api::IntOrString::Int(0));  // fully blocking
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  ASSERT_NE(GetNode(), nullptr);
  EXPECT_EQ(
      GetNode()->metadata.labels.at(std::string(api::kExcludeFromExternalLoadBalancersLabelKey)),
      "karpenter");
}

// "should not evict pods that tolerate karpenter disruption taint with equal operator" and
// "... with exists operator"
TEST_F(NodeTerminationTest, ShouldNotEvictPodsThatTolerateKarpenterDisruptionTaint) {
  for (const char* op : {"Equal", "Exists"}) {
    SCOPED_TRACE(op);
    if (GetNode() == nullptr) ApplyNodeClaimAndNode();
    api::Pod evict = ApplyPod("evict", {});
    api::Pod skip = ApplyPod("skip", PodOptions{.tolerations = {DisruptedToleration(op)}});
    DeleteNode();
    EXPECT_TRUE(ReconcileNode().has_value());
    EXPECT_FALSE(node_controller_.queue().Has(skip));
    EXPECT_TRUE(node_controller_.queue().Has(evict));
    clock_.Advance(Duration::Seconds(10));
    ExpectDraining();
    EXPECT_EQ(ReconcileQueue(evict), std::nullopt);  // ran already on the clock: not queued
    EXPECT_FALSE(PodExists(evict));
    EXPECT_TRUE(PodExists(skip));
    ExpectFinishes();
    // The tolerating pod is left for the node's end.
    EXPECT_TRUE(PodExists(skip));
    ASSERT_TRUE(state_.DeletePod("default", "skip").has_value());
    ASSERT_EQ(ReconcileNodeClaim(), std::nullopt);
  }
}

// "should evict pods that tolerate the node.kubernetes.io/unschedulable taint"
TEST_F(NodeTerminationTest, ShouldEvictPodsThatTolerateTheUnschedulableTaint) {
  api::Toleration unschedulable;
  unschedulable.key = std::string(api::kTaintNodeUnschedulable);
  unschedulable.operator_ = "Exists";
  unschedulable.effect = api::kTaintEffectNoSchedule;
  api::Pod evict = ApplyPod("evict", PodOptions{.tolerations = {unschedulable}});
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_TRUE(node_controller_.queue().Has(evict));
  clock_.Advance(Duration::Seconds(10));
  EXPECT_FALSE(PodExists(evict));
  ExpectFinishes();
}

// "should delete nodes that have pods without an ownerRef"
TEST_F(NodeTerminationTest, ShouldDeleteNodesThatHavePodsWithoutAnOwnerRef) {
  api::Pod pod = ApplyPod("orphan", PodOptions{.owner_kind = ""});
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  ExpectDraining();
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_FALSE(PodExists(pod));
  clock_.Advance(Duration::Seconds(10));
  ExpectFinishes();
}

// "should delete nodes with terminal pods"
TEST_F(NodeTerminationTest, ShouldDeleteNodesWithTerminalPods) {
  api::Pod succeeded = ApplyPod("succeeded", PodOptions{.phase = "Succeeded"});
  api::Pod failed = ApplyPod("failed", PodOptions{.phase = "Failed"});
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_FALSE(node_controller_.queue().Has(succeeded));
  EXPECT_FALSE(node_controller_.queue().Has(failed));
  clock_.Advance(Duration::Seconds(10));
  ExpectFinishes();
}

// "should fail to evict pods that violate a PDB", continued past upstream's end: once the
// budget allows a disruption the queued eviction, retried under backoff, succeeds.
TEST_F(NodeTerminationTest, ShouldFailToEvictPodsThatViolateAPdb) {
  api::Pod pod = ApplyPod("no-evict", PodOptions{.labels = {{"app", "web"}}});
  ApplyPdb("pdb", {{"app", "web"}}, api::IntOrString::Int(1));
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  clock_.Advance(Duration::Seconds(10));
  ExpectDraining();
  EXPECT_TRUE(node_controller_.queue().Has(pod));
  // The eviction was refused and is retried.
  EXPECT_TRUE(ReconcileQueue(pod).has_value());
  EXPECT_TRUE(node_controller_.queue().Has(pod));
  EXPECT_TRUE(PodExists(pod));
  // FailedDraining events are deduplicated per node for two minutes, as upstream's recorder
  // does: the first one recorded is the drain's "pods are waiting" one.
  std::vector<cluster::Event> failed = EventsWithReason(kReasonFailedDraining);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed.front().object.name, kNode);
  EXPECT_EQ(failed.front().type, "Warning");
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_NE(GetNode(), nullptr);

  // A second healthy replica elsewhere lets the budget allow one disruption.
  ApplyPod("replica", PodOptions{.node = "node-b", .labels = {{"app", "web"}}});
  clock_.Advance(Duration::Seconds(10));  // the queue's next retry is at most 10 s away
  EXPECT_FALSE(PodExists(pod));
  EXPECT_FALSE(node_controller_.queue().Has(pod));
  EXPECT_EQ(EventCount(kReasonEvicted), 1);
  ExpectFinishes();
}

// "should evict pods in order and wait until pods are fully deleted"
TEST_F(NodeTerminationTest, ShouldEvictPodsInOrderAndWaitUntilPodsAreFullyDeleted) {
  api::Pod evict = ApplyPod("evict", {});
  api::Pod daemon_evict =
      ApplyPod("daemon-evict", PodOptions{.owner_kind = "DaemonSet", .owner_name = "ds"});
  api::Pod node_critical =
      ApplyPod("node-critical", PodOptions{.priority_class_name = "system-node-critical"});
  api::Pod cluster_critical =
      ApplyPod("cluster-critical", PodOptions{.priority_class_name = "system-cluster-critical"});
  api::Pod daemon_node_critical =
      ApplyPod("daemon-node-critical", PodOptions{.priority_class_name = "system-node-critical",
                                                  .owner_kind = "DaemonSet",
                                                  .owner_name = "ds-node-critical"});
  api::Pod daemon_cluster_critical = ApplyPod(
      "daemon-cluster-critical", PodOptions{.priority_class_name = "system-cluster-critical",
                                            .owner_kind = "DaemonSet",
                                            .owner_name = "ds-cluster-critical"});
  DeleteNode();
  std::vector<std::vector<const api::Pod*>> groups = {
      {&evict},
      {&daemon_evict},
      {&node_critical, &cluster_critical},
      {&daemon_node_critical, &daemon_cluster_critical}};
  for (size_t i = 0; i < groups.size(); ++i) {
    SCOPED_TRACE(i);
    for (const api::Pod* pod : groups[i]) EXPECT_TRUE(PodExists(*pod));
    EXPECT_TRUE(ReconcileNode().has_value());
    ExpectDraining();
    for (const api::Pod* pod : groups[i]) EXPECT_TRUE(node_controller_.queue().Has(*pod));
    if (i + 1 < groups.size()) {
      for (const api::Pod* pod : groups[i + 1]) EXPECT_FALSE(node_controller_.queue().Has(*pod));
    }
    for (const api::Pod* pod : groups[i]) EXPECT_EQ(ReconcileQueue(*pod), std::nullopt);
    for (const api::Pod* pod : groups[i]) EXPECT_FALSE(PodExists(*pod));
  }
  clock_.Advance(Duration::Seconds(10));
  ExpectFinishes();
}

// "should evict non-critical pods first"
TEST_F(NodeTerminationTest, ShouldEvictNonCriticalPodsFirst) {
  api::Pod evict = ApplyPod("evict", {});
  api::Pod node_critical =
      ApplyPod("node-critical", PodOptions{.priority_class_name = "system-node-critical"});
  api::Pod cluster_critical =
      ApplyPod("cluster-critical", PodOptions{.priority_class_name = "system-cluster-critical"});
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_TRUE(node_controller_.queue().Has(evict));
  EXPECT_FALSE(node_controller_.queue().Has(node_critical));
  EXPECT_EQ(ReconcileQueue(evict), std::nullopt);
  ExpectDraining();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_EQ(ReconcileQueue(node_critical), std::nullopt);
  EXPECT_EQ(ReconcileQueue(cluster_critical), std::nullopt);
  EXPECT_FALSE(PodExists(node_critical));
  EXPECT_FALSE(PodExists(cluster_critical));
  clock_.Advance(Duration::Seconds(10));
  ExpectFinishes();
}

// "should not evict static pods"
TEST_F(NodeTerminationTest, ShouldNotEvictStaticPods) {
  api::Pod evict = ApplyPod("evict", {});
  api::Pod mirror = ApplyPod("mirror", PodOptions{.owner_kind = "Node", .owner_name = kNode});
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_FALSE(node_controller_.queue().Has(mirror));
  EXPECT_EQ(ReconcileQueue(evict), std::nullopt);
  ExpectDraining();
  clock_.Advance(Duration::Seconds(10));
  ExpectFinishes();
  EXPECT_TRUE(PodExists(mirror));  // the kubelet owns it
}

// "should not delete nodes until all pods are deleted"
TEST_F(NodeTerminationTest, ShouldNotDeleteNodesUntilAllPodsAreDeleted) {
  // A budget that allows nothing keeps the pods on the node while the test watches.
  api::Pod p0 = ApplyPod("pod-0", PodOptions{.labels = {{"app", "web"}}});
  api::Pod p1 = ApplyPod("pod-1", PodOptions{.labels = {{"app", "web"}}});
  ApplyPdb("pdb", {{"app", "web"}}, std::nullopt, api::IntOrString::Int(0));
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_TRUE(ReconcileQueue(p0).has_value());
  EXPECT_TRUE(ReconcileQueue(p1).has_value());
  const api::StatusCondition* drained = FindCondition(*GetNodeClaim(), api::kConditionTypeDrained);
  ASSERT_NE(drained, nullptr);
  EXPECT_EQ(drained->status, api::kConditionUnknown);
  EXPECT_EQ(drained->reason, "Draining");
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(ReconcileNode(), Requeue(Duration::Seconds(1)));
  ExpectDraining();
  ASSERT_TRUE(state_.DeletePod("default", "pod-1").has_value());
  EXPECT_EQ(ReconcileNode(), Requeue(Duration::Seconds(1)));
  ExpectDraining();
  ASSERT_TRUE(state_.DeletePod("default", "pod-0").has_value());
  ExpectFinishes();
  ASSERT_NE(GetNodeClaim(), nullptr);
  EXPECT_TRUE(IsConditionTrue(*GetNodeClaim(), api::kConditionTypeDrained));
}

// "should delete nodes with no underlying instance even if not fully drained"
TEST_F(NodeTerminationTest, ShouldDeleteNodesWithNoUnderlyingInstanceEvenIfNotFullyDrained) {
  api::Pod p0 = ApplyPod("pod-0", PodOptions{.labels = {{"app", "web"}}});
  ApplyPdb("pdb", {{"app", "web"}}, std::nullopt, api::IntOrString::Int(0));
  MakeNodeNotReady();
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  clock_.Advance(Duration::Seconds(10));
  EXPECT_TRUE(ReconcileNode().has_value());
  ExpectDraining();
  cloud_.created.clear();  // the instance is gone
  EXPECT_EQ(ReconcileNode(), std::nullopt);
  EXPECT_EQ(GetNode(), nullptr);
  EXPECT_TRUE(PodExists(p0));  // never drained
}

// "should not delete nodes with no underlying instance if the node is still Ready"
TEST_F(NodeTerminationTest, ShouldNotDeleteNodesWithNoUnderlyingInstanceIfTheNodeIsStillReady) {
  ApplyPod("pod-0", PodOptions{.labels = {{"app", "web"}}});
  ApplyPdb("pdb", {{"app", "web"}}, std::nullopt, api::IntOrString::Int(0));
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  clock_.Advance(Duration::Seconds(10));
  EXPECT_TRUE(ReconcileNode().has_value());
  cloud_.created.clear();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_TRUE(cloud_.get_calls.empty());  // a Ready node proves its kubelet runs
}

// "should bypass pods which are stuck terminating past their grace period"
TEST_F(NodeTerminationTest, ShouldBypassPodsWhichAreStuckTerminatingPastTheirGracePeriod) {
  api::Pod pod = ApplyPod("stuck", {});
  api::Pod terminating = pod;
  terminating.metadata.deletion_timestamp = clock_.Now().ToRfc3339();
  state_.Put(terminating);
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);  // terminating: not evicted again
  EXPECT_TRUE(PodExists(pod));
  clock_.Advance(Duration::Seconds(30));
  EXPECT_TRUE(ReconcileNode().has_value());  // still within a minute of its deletion
  EXPECT_NE(GetNode(), nullptr);
  clock_.Advance(Duration::Seconds(60));
  ExpectFinishes();
}

// "should not evict a new pod with the same name using the old pod's eviction queue key"
TEST_F(NodeTerminationTest, ShouldNotEvictANewPodWithTheSameNameUsingTheOldPodsKey) {
  api::Pod old_pod = ApplyPod("test-pod", {});
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  ExpectDraining();
  EXPECT_TRUE(node_controller_.queue().Has(old_pod));
  // Something else deletes the pod before the queue runs.
  ASSERT_TRUE(state_.DeletePod("default", "test-pod").has_value());
  clock_.Advance(Duration::Seconds(10));
  ExpectFinishes();
  // A new pod with the same name (a new uid) on a new node.
  ApplyNodeClaimAndNode("node-b", "nodeclaim-b", "fake:///node-b");
  api::Pod new_pod = ApplyPod("test-pod", PodOptions{.node = "node-b"});
  EXPECT_FALSE(node_controller_.queue().Has(new_pod));
  clock_.Advance(Duration::Seconds(30));
  EXPECT_TRUE(PodExists(new_pod));
}

// "should preemptively delete pods to satisfy their terminationGracePeriodSeconds"
TEST_F(NodeTerminationTest, ShouldPreemptivelyDeletePodsToSatisfyTheirTerminationGracePeriod) {
  SetNodeClaim([&](api::NodeClaim& c) {
    c.spec.termination_grace_period = Duration::Seconds(300);
    c.metadata.annotations[std::string(api::kNodeClaimTerminationTimestampAnnotationKey)] =
        (clock_.Now() + Duration::Seconds(300)).ToRfc3339();
  });
  api::Pod pod =
      ApplyPod("pod", PodOptions{.annotations = {{"karpenter.sh/do-not-disrupt", "true"}},
                                 .termination_grace_period_seconds = 300});
  DeleteNode();
  clock_.Advance(Duration::Seconds(10));
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_FALSE(PodExists(pod));
  std::vector<cluster::Event> disrupted = EventsWithReason(kReasonDisrupted);
  ASSERT_EQ(disrupted.size(), 1u);
  EXPECT_NE(disrupted[0].message.find("bypasses the PDB of the pod and the do-not-disrupt"),
            std::string::npos);
  EXPECT_EQ(EventCount(kReasonTerminationGracePeriodExpiring), 1);
}

// "should not gate past-deadline pods behind graceful eviction of earlier tiers"
TEST_F(NodeTerminationTest, ShouldNotGatePastDeadlinePodsBehindGracefulEvictionOfEarlierTiers) {
  SetNodeClaim([&](api::NodeClaim& c) {
    c.spec.termination_grace_period = Duration::Seconds(300);
    c.metadata.annotations[std::string(api::kNodeClaimTerminationTimestampAnnotationKey)] =
        (clock_.Now() + Duration::Seconds(300)).ToRfc3339();
  });
  api::Pod non_critical =
      ApplyPod("non-critical",
               PodOptions{.labels = {{"app", "web"}}, .termination_grace_period_seconds = 30});
  ApplyPdb("pdb", {{"app", "web"}}, std::nullopt, api::IntOrString::Int(0));
  api::Pod critical = ApplyPod("critical", PodOptions{.priority_class_name = "system-node-critical",
                                                      .termination_grace_period_seconds = 600});
  DeleteNode();
  clock_.Advance(Duration::Seconds(10));
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_TRUE(node_controller_.queue().Has(critical));
  EXPECT_EQ(ReconcileQueue(critical), std::nullopt);
  EXPECT_FALSE(PodExists(critical));
  EXPECT_TRUE(PodExists(non_critical));
}

// "should only delete pods when their terminationGracePeriodSeconds is less than the the node's
// remaining terminationGracePeriod"
TEST_F(NodeTerminationTest, ShouldOnlyDeletePodsWhenTheirGracePeriodExceedsTheNodesRemaining) {
  SetNodeClaim([&](api::NodeClaim& c) {
    c.spec.termination_grace_period = Duration::Seconds(300);
    c.metadata.annotations[std::string(api::kNodeClaimTerminationTimestampAnnotationKey)] =
        (clock_.Now() + Duration::Seconds(300)).ToRfc3339();
  });
  api::Pod pod =
      ApplyPod("pod", PodOptions{.annotations = {{"karpenter.sh/do-not-disrupt", "true"}},
                                 .termination_grace_period_seconds = 60});
  DeleteNode();
  clock_.Advance(Duration::Seconds(90));
  EXPECT_TRUE(ReconcileNode().has_value());
  ExpectDraining();
  clock_.Advance(Duration::Seconds(10));  // the queue polls the do-not-disrupt pod
  EXPECT_TRUE(PodExists(pod));
  EXPECT_TRUE(node_controller_.queue().Has(pod));
  // Deleted 60 s before the node's deadline (t=240 s), not earlier.
  clock_.AdvanceTo(Time::FromUnixSeconds(1'767'225'600 + 239));
  EXPECT_TRUE(PodExists(pod));
  clock_.AdvanceTo(Time::FromUnixSeconds(1'767'225'600 + 240));
  EXPECT_FALSE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonDisrupted), 1);
}

// "should update deletion timestamp for terminating pods when it is after node deletion
// timestamp": a pod already terminating with a grace period that ends after the node's deadline
// is deleted again with what is left of the node's grace (300 s - 90 s = 210 s).
TEST_F(NodeTerminationTest, ShouldForceTerminatingPodsWhoseDeletionEndsAfterTheNodeDeadline) {
  SetNodeClaim([&](api::NodeClaim& c) {
    c.spec.termination_grace_period = Duration::Seconds(300);
    c.metadata.annotations[std::string(api::kNodeClaimTerminationTimestampAnnotationKey)] =
        (clock_.Now() + Duration::Seconds(300)).ToRfc3339();
  });
  api::Pod pod =
      ApplyPod("pod", PodOptions{.annotations = {{"karpenter.sh/do-not-disrupt", "true"}},
                                 .termination_grace_period_seconds = 6000});
  // ExpectDeletionTimestampSet: deleted with its own 6000 s grace.
  api::Pod terminating = pod;
  terminating.metadata.deletion_timestamp = (clock_.Now() + Duration::Seconds(6000)).ToRfc3339();
  state_.Put(terminating);
  DeleteNode();
  clock_.Advance(Duration::Seconds(90));
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  ExpectDraining();
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_FALSE(PodExists(pod));
  std::vector<cluster::Event> disrupted = EventsWithReason(kReasonDisrupted);
  ASSERT_EQ(disrupted.size(), 1u);
  EXPECT_NE(disrupted[0].message.find("granted 210 seconds of grace-period of its 6000"),
            std::string::npos)
      << disrupted[0].message;
}

// A terminating pod whose deletion completes before the node's deadline is left to finish.
TEST_F(NodeTerminationTest, LeavesTerminatingPodsThatFinishBeforeTheNodeDeadline) {
  SetNodeClaim([&](api::NodeClaim& c) {
    c.metadata.annotations[std::string(api::kNodeClaimTerminationTimestampAnnotationKey)] =
        (clock_.Now() + Duration::Seconds(300)).ToRfc3339();
  });
  api::Pod pod = ApplyPod("pod", PodOptions{.termination_grace_period_seconds = 30});
  api::Pod terminating = pod;
  terminating.metadata.deletion_timestamp = (clock_.Now() + Duration::Seconds(30)).ToRfc3339();
  state_.Put(terminating);
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  clock_.Advance(Duration::Seconds(10));
  EXPECT_TRUE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonDisrupted), 0);
  EXPECT_EQ(EventCount(kReasonEvicted), 0);
}

// "should not finish draining until minDrainTime has passed"
TEST_F(NodeTerminationTest, ShouldNotFinishDrainingUntilMinDrainTimeHasPassed) {
  DeleteNode();
  EXPECT_TRUE(ReconcileNode().has_value());
  EXPECT_TRUE(HasDisruptedTaint());
  const api::StatusCondition* drained = FindCondition(*GetNodeClaim(), api::kConditionTypeDrained);
  ASSERT_NE(drained, nullptr);
  EXPECT_EQ(drained->status, api::kConditionUnknown);
  EXPECT_EQ(ReconcileNode(), Requeue(Duration::Seconds(1)));
  clock_.Advance(Duration::Seconds(3));
  EXPECT_EQ(ReconcileNode(), Requeue(Duration::Seconds(1)));
  clock_.Advance(Duration::Seconds(5));
  EXPECT_EQ(ReconcileNode(), Requeue(Duration::Seconds(5)));
  EXPECT_TRUE(IsConditionTrue(*GetNodeClaim(), api::kConditionTypeDrained));
  EXPECT_EQ(ReconcileNode(), std::nullopt);
  EXPECT_EQ(GetNode(), nullptr);
}

// Not upstream: a Node without the finalizer, or not being deleted, is left alone.
TEST_F(NodeTerminationTest, IgnoresNodesNotBeingDeletedOrWithoutTheFinalizer) {
  EXPECT_EQ(ReconcileNode(), std::nullopt);
  EXPECT_FALSE(HasDisruptedTaint());
  api::Node n = *GetNode();
  n.metadata.finalizers.clear();
  n.metadata.deletion_timestamp = clock_.Now().ToRfc3339();
  state_.Put(n);
  EXPECT_EQ(ReconcileNode(), std::nullopt);
  EXPECT_FALSE(HasDisruptedTaint());
  EXPECT_TRUE(cloud_.delete_calls.empty());
}

}  // namespace
}  // namespace tidepool::termination
