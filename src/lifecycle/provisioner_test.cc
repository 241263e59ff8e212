// The provisioner as a controller: batching, nominations, in-flight and deleting nodes, limits
// (NodeClaim contents are in nodeclaim_template_test.cc). Cases named Provisioning* are ported from
// kubernetes-sigs/karpenter pkg/controllers/provisioning/suite_test.go (Describe "Provisioning").
#include "lifecycle/provisioner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/well_known_labels.h"
#include "lifecycle/provisioning_test_util.h"

namespace tidepool::lifecycle {
namespace {

using testing::DefaultNodePool;
using testing::PodOptions;
using testing::ProvisioningTest;
using testing::Req;
using testing::Resources;

class ProvisionerTest : public ProvisioningTest {
 protected:
  void SetUp() override { AddNodePool(DefaultNodePool()); }
};

// ---- Batcher --------------------------------------------------------------------------------

// Ported from "Batcher: should provision single pod if no other pod is received within the batch
// idle duration".
TEST_F(ProvisionerTest, ProvisioningBatcherProvisionsAfterIdleDuration) {
  std::string pod = AddPod();
  Duration next = provisioner().Reconcile();  // the pod triggers a batch
  EXPECT_TRUE(provisioner().batch_open());
  EXPECT_EQ(next, Duration::Seconds(1));
  EXPECT_TRUE(NodeClaims().empty());
  clock_.Advance(Duration::Milliseconds(999));
  provisioner().Reconcile();
  EXPECT_TRUE(NodeClaims().empty());
  clock_.Advance(Duration::Milliseconds(1));
  provisioner().Reconcile();
  EXPECT_FALSE(provisioner().batch_open());
  ASSERT_EQ(NodeClaims().size(), 1u);
  LaunchAndRegister();
  ASSERT_TRUE(kube_.Reconcile().has_value());
  EXPECT_NE(NodeOf(pod), nullptr);
}

// Ported from "Batcher: should not extend the timeout if we receive the same pod within the batch
// idle duration" (idle 5 s, max 10 s).
TEST_F(ProvisionerTest, ProvisioningBatcherSamePodDoesNotExtendIdle) {
  options_.batch_idle_duration = Duration::Seconds(5);
  options_.batch_max_duration = Duration::Seconds(10);
  std::string pod = AddPod();
  provisioner().Reconcile();
  clock_.Advance(Duration::Seconds(3));
  provisioner().Trigger(Pod(pod)->metadata.uid);  // the same pod again
  provisioner().Reconcile();
  EXPECT_TRUE(NodeClaims().empty());
  clock_.Advance(Duration::Seconds(2));  // 5 s after the first trigger
  provisioner().Reconcile();
  EXPECT_EQ(NodeClaims().size(), 1u);
  EXPECT_EQ(provisioner().passes(), 1u);
}

// Ported from "Batcher: should extend the timeout if we receive a new pod within the batch idle
// duration".
TEST_F(ProvisionerTest, ProvisioningBatcherNewPodExtendsIdle) {
  options_.batch_idle_duration = Duration::Seconds(5);
  options_.batch_max_duration = Duration::Seconds(10);
  AddPod();
  provisioner().Reconcile();
  clock_.Advance(Duration::Seconds(3));
  AddPod();
  provisioner().Reconcile();  // a new pod: the idle timer restarts
  clock_.Advance(Duration::Seconds(3));
  provisioner().Reconcile();
  EXPECT_TRUE(NodeClaims().empty());
  EXPECT_TRUE(provisioner().batch_open());
  clock_.Advance(Duration::Seconds(2));  // 5 s after the second pod
  provisioner().Reconcile();
  EXPECT_FALSE(provisioner().batch_open());
  EXPECT_FALSE(NodeClaims().empty());
}

// upstream Batcher.Wait: the max timer ends a window that new triggers keep extending.
TEST_F(ProvisionerTest, BatcherMaxDurationEndsTheWindow) {
  for (int i = 0; i < 30; ++i) {
    AddPod();
    provisioner().Reconcile();
    if (!NodeClaims().empty()) break;
    clock_.Advance(Duration::Milliseconds(500));
  }
  ASSERT_FALSE(NodeClaims().empty());
  EXPECT_EQ(clock_.Now() - Time::FromUnixSeconds(1'800'000'000), Duration::Seconds(10));
  EXPECT_EQ(provisioner().passes(), 1u);
}

// upstream PodController: a pod still provisionable triggers again after 10 s (here it has no
// NodePool to go to, so it stays pending and is retried).
TEST_F(ProvisionerTest, PendingPodRetriggersAfterRequeueInterval) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.metadata.deletion_timestamp = clock_.Now().ToRfc3339();
  state_.Put(pool);
  AddPod();
  provisioner().Start();
  clock_.Advance(Duration::Seconds(9));
  EXPECT_EQ(provisioner().passes(), 1u);  // batch closed after 1 s idle
  clock_.Advance(Duration::Seconds(3));
  EXPECT_EQ(provisioner().passes(), 2u);  // retriggered at 10 s, solved at 11 s
}

// ---- Provisioning -----------------------------------------------------------------------------

// Ported from "should provision nodes".
TEST_F(ProvisionerTest, ProvisioningProvisionsNodes) {
  std::string pod = AddPod();
  ProvisionResult result = ExpectProvisioned();
  EXPECT_EQ(result.created.size(), 1u);
  EXPECT_EQ(state_.Store<api::Node>().size(), 1u);
  EXPECT_NE(NodeOf(pod), nullptr);
}

// Ported from "Should provision nodes for multiple pods".
TEST_F(ProvisionerTest, ProvisioningProvisionsNodesForMultiplePods) {
  std::vector<std::string> pods;
  for (int i = 0; i < 100; ++i) pods.push_back(AddPod());
  ExpectProvisioned();
  EXPECT_FALSE((state_.Store<api::Node>().size() == 0));
  for (const std::string& pod : pods) EXPECT_NE(NodeOf(pod), nullptr) << pod;
}

// Ported from "should ignore NodePools that are deleting" and "should mark pod as unschedulable
// if there are no valid nodepools".
TEST_F(ProvisionerTest, ProvisioningIgnoresDeletingNodePools) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.metadata.deletion_timestamp = clock_.Now().ToRfc3339();
  state_.Put(pool);
  std::string pod = AddPod();
  ProvisionResult result = ExpectProvisioned();
  EXPECT_TRUE(result.created.empty());
  EXPECT_TRUE((state_.Store<api::Node>().size() == 0));
  EXPECT_EQ(NodeOf(pod), nullptr);
  EXPECT_TRUE(scheduling::IsProvisionable(*Pod(pod)));
}

// Ported from "StaticNodePool: should not create NodeClaims for StaticNodePool" and "should
// still provision dynamic NodeClaims when there are both Static and Dynamic NodePools".
TEST_F(ProvisionerTest, ProvisioningStaticNodePools) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.replicas = 2;
  state_.Put(pool);
  std::string pod = AddPod();
  ExpectProvisioned();
  EXPECT_EQ(NodeOf(pod), nullptr);

  AddNodePool(DefaultNodePool("dynamic"));
  ExpectProvisioned();
  ASSERT_NE(NodeOf(pod), nullptr);
  EXPECT_EQ(NodeOf(pod)->metadata.labels.at(std::string(api::kNodePoolLabelKey)), "dynamic");
}

// Ported from "should schedule all pods on one inflight node when node is in deleting state":
// the pods of a deleting node are provisioned for together with the pending ones.
TEST_F(ProvisionerTest, ProvisioningDeletingNodePodsGoToTheNewNode) {
  AddPod();
  ExpectProvisioned();
  ASSERT_EQ(state_.Store<api::Node>().size(), 1u);
  const std::string old_node = state_.Store<api::Node>().items().begin()->second.metadata.name;
  for (int i = 0; i < 2; ++i) {
    std::string name = AddPod();
    ASSERT_TRUE(state_.BindPod("default", name, old_node).has_value());
  }
  // The node is deleting but held by its finalizer, its three pods still on it.
  api::Node node = *state_.Get<api::Node>("", old_node);
  node.metadata.finalizers.push_back(std::string(api::kTerminationFinalizer));
  state_.Put(node);
  ASSERT_TRUE(state_.DeleteNode(old_node).has_value());
  std::vector<std::string> pending = {AddPod(), AddPod()};

  ProvisionResult result = ExpectProvisioned();
  ASSERT_EQ(result.created.size(), 1u);
  EXPECT_EQ(result.pods, 5u);
  const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", result.created[0]);
  ASSERT_NE(claim, nullptr);
  // Five pods' worth of room: the two pending pods and the three that must move.
  EXPECT_EQ(claim->spec.resources.requests.at("pods"), Quantity::FromInt(5));
  for (const std::string& pod : pending) {
    ASSERT_NE(NodeOf(pod), nullptr);
    EXPECT_NE(NodeOf(pod)->metadata.name, old_node);
  }
}

// Ported from "Resource Limits: should not schedule to a nodepool after a scheduling round if
// limits would be exceeded".
TEST_F(ProvisionerTest, ProvisioningLimitsAfterASchedulingRound) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.limits = Resources({{"cpu", "2"}});
  state_.Put(pool);
  std::string first = AddPod({.requests = Resources({{"cpu", "1.75"}})});
  ExpectProvisioned();
  EXPECT_NE(NodeOf(first), nullptr);
  std::string second = AddPod({.requests = Resources({{"cpu", "1.75"}})});
  ExpectProvisioned();
  EXPECT_EQ(NodeOf(second), nullptr);
}

// Ported from "Resource Limits: should not schedule if limits would be exceeded (node)".
TEST_F(ProvisionerTest, ProvisioningNodeCountLimit) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.limits = Resources({{"nodes", "2"}});
  state_.Put(pool);
  auto anti_affine = [&] {
    PodOptions options{.labels = {{"app", "foo"}}, .requests = Resources({{"cpu", "1.5"}})};
    std::string name = AddPod(options);
    api::Pod pod = *Pod(name);
    api::PodAffinityTerm term;
    term.topology_key = std::string(api::kLabelHostname);
    term.label_selector = api::LabelSelector{};
    term.label_selector->match_labels = {{"app", "foo"}};
    pod.spec.affinity = api::Affinity{};
    pod.spec.affinity->pod_anti_affinity = api::PodAntiAffinity{};
    pod.spec.affinity->pod_anti_affinity->required_during_scheduling_ignored_during_execution = {
        term};
    state_.Put(pod);
    return name;
  };
  std::string a = anti_affine();
  ExpectProvisioned();
  EXPECT_NE(NodeOf(a), nullptr);
  std::string b = anti_affine();
  ExpectProvisioned();
  EXPECT_NE(NodeOf(b), nullptr);
  std::string c = anti_affine();
  ExpectProvisioned();
  EXPECT_EQ(NodeOf(c), nullptr);
  EXPECT_EQ(state_.Store<api::Node>().size(), 2u);
}

// The provisioner's own limit check (upstream Create: Limits.ExceededBy against the pool's
// current resources) stops a claim the solver planned when the pool is already over.
TEST_F(ProvisionerTest, CreateChecksLimitsAgainstLaunchedClaims) {
  AddPod();
  ExpectProvisioned();
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.limits = Resources({{"nodes", "0"}});
  state_.Put(pool);
  AddPod({.requests = Resources({{"cpu", "3.5"}})});
  Result<ProvisionResult> result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->created.empty());
  EXPECT_EQ(NodeClaims().size(), 1u);
}

// ---- In-flight nodes (ported from scheduling/suite_test.go Describe "In-Flight Nodes") ---------

// "should not launch a second node if there is an in-flight node that can support the pod".
TEST_F(ProvisionerTest, ProvisioningInFlightNodeSupportsThePod) {
  PodOptions small{.limits = Resources({{"cpu", "10m"}})};
  std::string first = AddPod(small);
  ExpectProvisioned();
  ASSERT_NE(NodeOf(first), nullptr);
  std::string second = AddPod(small);
  ProvisionResult result = ExpectProvisioned();
  EXPECT_TRUE(result.created.empty());
  ASSERT_NE(NodeOf(second), nullptr);
  EXPECT_EQ(NodeOf(first)->metadata.name, NodeOf(second)->metadata.name);
}

// "should not launch a second node if there is an in-flight node that can support the pod (node
// selectors)".
TEST_F(ProvisionerTest, ProvisioningInFlightNodeSupportsThePodNodeSelectors) {
  auto zoned = [](std::vector<std::string> zones) {
    return PodOptions{
        .node_requirements = {Req(std::string(api::kLabelTopologyZone), "In", std::move(zones))},
        .limits = Resources({{"cpu", "10m"}})};
  };
  std::string first = AddPod(zoned({"test-zone-2"}));
  ExpectProvisioned();
  ASSERT_NE(NodeOf(first), nullptr);
  std::string second = AddPod(zoned({"test-zone-1", "test-zone-2"}));
  ExpectProvisioned();
  ASSERT_NE(NodeOf(second), nullptr);
  EXPECT_EQ(NodeOf(first)->metadata.name, NodeOf(second)->metadata.name);
  std::string third = AddPod(zoned({"test-zone-1", "test-zone-3"}));
  ExpectProvisioned();
  ASSERT_NE(NodeOf(third), nullptr);
  EXPECT_NE(NodeOf(first)->metadata.name, NodeOf(third)->metadata.name);
}

// "should launch a second node if a pod won't fit on the existingNodes node" and "... isn't
// compatible with the existingNodes node (node selector)".
TEST_F(ProvisionerTest, ProvisioningSecondNodeWhenThePodDoesNotFit) {
  std::string first = AddPod({.limits = Resources({{"cpu", "1001m"}})});
  ExpectProvisioned();
  ASSERT_NE(NodeOf(first), nullptr);
  std::string second = AddPod({.limits = Resources({{"cpu", "1"}})});
  ExpectProvisioned();
  ASSERT_NE(NodeOf(second), nullptr);
  EXPECT_NE(NodeOf(first)->metadata.name, NodeOf(second)->metadata.name);
  std::string arm = AddPod({.node_selector = {{std::string(api::kLabelArchStable), "arm64"}}});
  ExpectProvisioned();
  ASSERT_NE(NodeOf(arm), nullptr);
  EXPECT_NE(NodeOf(arm)->metadata.name, NodeOf(first)->metadata.name);
  EXPECT_NE(NodeOf(arm)->metadata.name, NodeOf(second)->metadata.name);
}

// "should launch a second node if an in-flight node is terminating".
TEST_F(ProvisionerTest, ProvisioningSecondNodeWhenTheInFlightNodeIsTerminating) {
  PodOptions small{.limits = Resources({{"cpu", "10m"}})};
  std::string first = AddPod(small);
  ExpectProvisioned();
  ASSERT_NE(NodeOf(first), nullptr);
  std::string node = NodeOf(first)->metadata.name;
  std::string claim = state_.NodeClaimForNode(node)->metadata.name;
  ASSERT_TRUE(state_.DeleteNodeClaim(claim).has_value());
  ASSERT_TRUE(state_.DeleteNode(node).has_value());
  std::string second = AddPod(small);
  ExpectProvisioned();
  ASSERT_NE(NodeOf(second), nullptr);
  EXPECT_NE(NodeOf(second)->metadata.name, node);
}

// ---- Nominations and in-flight nodes ------------------------------------------------------------

// upstream CreateNodeClaims with RecordPodNomination: the pods of a new claim are nominated to it
// (here also status.nominatedNodeName), and the next pass counts the in-flight claim instead of
// launching again.
TEST_F(ProvisionerTest, NominatesPodsAndCountsInFlightClaims) {
  std::string pod = AddPod();
  Result<ProvisionResult> first = provisioner().Provision();
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->created.size(), 1u);
  EXPECT_EQ(Pod(pod)->status.nominated_node_name, first->created[0]);
  EXPECT_EQ(EventReasons("Pod", "default", pod), std::vector<std::string>{"Nominated"});
  EXPECT_EQ(state_.events().EventsFor("Pod", "default", pod)[0].message,
            "Pod should schedule on: nodeclaim/" + first->created[0]);
  EXPECT_FALSE(scheduling::IsProvisionable(*Pod(pod)));

  Result<ProvisionResult> second = provisioner().Provision();
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->created.empty());
  EXPECT_EQ(NodeClaims().size(), 1u);
}

// Disruption launches replacements through CreateNodeClaims without nominating their pods
// (upstream's orchestration calls CreateNodeClaims without RecordPodNomination).
TEST_F(ProvisionerTest, CreateNodeClaimsWithoutNomination) {
  std::string pod = AddPod();
  ClusterSchedulingInput input = SchedulerInputFromCluster(state_, cloud_);
  scheduling::SchedulerOptions options;
  options.well_known_labels = &cloud::fake::WellKnownLabels();
  scheduling::Scheduler scheduler(std::move(input.input), options);
  Result<scheduling::Results> solved = scheduler.Solve(input.pending_pods);
  ASSERT_TRUE(solved.has_value());
  ASSERT_EQ(solved->new_node_claims.size(), 1u);
  CreatedNodeClaims created =
      provisioner().CreateNodeClaims(solved->new_node_claims, /*nominate=*/false);
  ASSERT_EQ(created.names.size(), 1u);
  EXPECT_NE(state_.Get<api::NodeClaim>("", created.names[0]), nullptr);
  EXPECT_TRUE(created.errors.empty());
  EXPECT_TRUE(Pod(pod)->status.nominated_node_name.empty());
}

// A launched in-flight claim (no Node yet) takes new pods that fit it: they are nominated to it,
// not given a claim of their own (upstream's in-flight node handling in the scheduler).
TEST_F(ProvisionerTest, SchedulesToInFlightClaimsWithRoom) {
  AddPod({.requests = Resources({{"cpu", "1"}})});
  ASSERT_TRUE(provisioner().Provision().has_value());
  ASSERT_EQ(NodeClaims().size(), 1u);
  api::NodeClaim claim = *NodeClaims()[0];
  Result<api::NodeClaim> launched = cloud_.Create(claim);
  ASSERT_TRUE(launched.has_value());
  ASSERT_TRUE(state_.UpdateNodeClaim(*launched).has_value());

  std::string small = AddPod({.requests = Resources({{"cpu", "100m"}})});
  Result<ProvisionResult> result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->created.empty());
  EXPECT_EQ(result->nominated, 1u);
  EXPECT_EQ(Pod(small)->status.nominated_node_name, claim.metadata.name);
  EXPECT_EQ(state_.events().EventsFor("Pod", "default", small).back().message,
            "Pod should schedule on: nodeclaim/" + claim.metadata.name);
}

// A nominated pod holds its room on the in-flight claim: a newcomer that would only fit in that
// room gets a claim of its own.
TEST_F(ProvisionerTest, NominatedPodsHoldTheirRoomOnInFlightClaims) {
  std::string first = AddPod({.requests = Resources({{"cpu", "1500m"}})});
  ASSERT_TRUE(provisioner().Provision().has_value());
  ASSERT_EQ(NodeClaims().size(), 1u);
  api::NodeClaim claim = *NodeClaims()[0];
  Result<api::NodeClaim> launched = cloud_.Create(claim);
  ASSERT_TRUE(launched.has_value());
  ASSERT_TRUE(state_.UpdateNodeClaim(*launched).has_value());
  ASSERT_EQ(launched->status.capacity.at("cpu"), Quantity::MustParse("2"));

  std::string second = AddPod({.requests = Resources({{"cpu", "1500m"}})});
  Result<ProvisionResult> result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->created.size(), 1u);
  EXPECT_EQ(Pod(second)->status.nominated_node_name, result->created[0]);
  EXPECT_EQ(Pod(first)->status.nominated_node_name, claim.metadata.name);
}

// A nomination whose claim is gone (a failed launch, an interruption) is stale: the pod is
// provisioned for again.
TEST_F(ProvisionerTest, StaleNominationIsProvisionedAgain) {
  std::string pod = AddPod();
  ASSERT_TRUE(provisioner().Provision().has_value());
  ASSERT_EQ(NodeClaims().size(), 1u);
  std::string first = NodeClaims()[0]->metadata.name;
  EXPECT_TRUE(IsNominationLive(state_, first));
  ASSERT_TRUE(state_.DeleteNodeClaim(first).has_value());
  EXPECT_FALSE(IsNominationLive(state_, first));
  // The stale nomination triggers a batch of its own.
  provisioner().Reconcile();
  EXPECT_TRUE(provisioner().batch_open());
  Result<ProvisionResult> result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->created.size(), 1u);
  EXPECT_NE(result->created[0], first);
  EXPECT_EQ(Pod(pod)->status.nominated_node_name, result->created[0]);
}

// The nomination names the claim; kube-scheduler binds the pod to the claim's Node once it has
// registered under another name.
TEST_F(ProvisionerTest, NominationFollowsTheClaimToItsNode) {
  std::string pod = AddPod();
  ASSERT_TRUE(provisioner().Provision().has_value());
  std::string claim = NodeClaims()[0]->metadata.name;
  LaunchAndRegister();
  const api::NodeClaim* launched = state_.Get<api::NodeClaim>("", claim);
  ASSERT_NE(launched, nullptr);
  ASSERT_NE(launched->status.node_name, claim);
  // The registered node still counts the nominated pod: another pass launches nothing.
  Result<ProvisionResult> again = provisioner().Provision();
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->created.empty());
  ASSERT_TRUE(kube_.Reconcile().has_value());
  ASSERT_NE(NodeOf(pod), nullptr);
  EXPECT_EQ(NodeOf(pod)->metadata.name, launched->status.node_name);
}

// upstream Results.Record: a pod that fits nowhere gets FailedScheduling, deduplicated.
TEST_F(ProvisionerTest, FailedSchedulingEventIsDeduplicated) {
  std::string pod = AddPod({.requests = Resources({{"cpu", "1000"}})});
  Result<ProvisionResult> result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->failed, 1u);
  auto events = state_.events().EventsFor("Pod", "default", pod);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "FailedScheduling");
  EXPECT_EQ(events[0].message.rfind("Failed to schedule pod, ", 0), 0u) << events[0].message;
  ASSERT_TRUE(provisioner().Provision().has_value());
  EXPECT_EQ(state_.events().EventsFor("Pod", "default", pod).size(), 1u);
  clock_.Advance(Duration::Minutes(5));
  ASSERT_TRUE(provisioner().Provision().has_value());
  EXPECT_EQ(state_.events().EventsFor("Pod", "default", pod).size(), 2u);
}

// Pods kube-scheduler has not yet marked unschedulable are not Karpenter's, unless the option
// says there is no kube-scheduler.
TEST_F(ProvisionerTest, RequiresUnschedulableConditionUnlessDisabled) {
  std::string name = AddPod();
  api::Pod pod = *Pod(name);
  pod.status.conditions.clear();
  state_.Put(pod);
  Result<ProvisionResult> result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->pods, 0u);
  options_.require_unschedulable_condition = false;
  provisioner_.reset();
  result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->created.size(), 1u);
}

// A NodePool whose instance types cannot be listed is skipped (upstream logs and continues).
TEST_F(ProvisionerTest, SkipsNodePoolsWithoutInstanceTypes) {
  cloud_.instance_types_error = "throttled";
  std::string pod = AddPod();
  ClusterSchedulingInput input = SchedulerInputFromCluster(state_, cloud_);
  ASSERT_EQ(input.skipped_node_pools.size(), 1u);
  EXPECT_EQ(input.skipped_node_pools[0].first, "default");
  EXPECT_TRUE(input.input.node_pools.empty());
  ExpectProvisioned();
  EXPECT_EQ(NodeOf(pod), nullptr);
}

// The whole loop on the clock: kube-scheduler marks the pod unschedulable, the provisioner
// batches and launches, the node registers, kube-scheduler binds.
TEST_F(ProvisionerTest, EndToEndOnTheClock) {
  std::string name = AddPod();
  api::Pod pod = *Pod(name);
  pod.status.conditions.clear();  // fresh from the API server: kube-scheduler has not seen it
  state_.Put(pod);
  kube_.Start();
  provisioner().Start();
  clock_.Advance(Duration::Milliseconds(500));
  EXPECT_TRUE(scheduling::IsProvisionable(*Pod(name)));
  EXPECT_TRUE(NodeClaims().empty());
  clock_.Advance(Duration::Seconds(2));
  ASSERT_EQ(NodeClaims().size(), 1u);
  LaunchAndRegister();
  clock_.Advance(Duration::Seconds(1));
  ASSERT_NE(NodeOf(name), nullptr);
  EXPECT_TRUE(Pod(name)->status.nominated_node_name.empty());
}

}  // namespace
}  // namespace tidepool::lifecycle
