// The simulated kube-scheduler: what it binds, what it marks unschedulable, and how nominations
// steer it. Behaviour follows kube-scheduler's filters (NodeResourcesFit, TaintToleration,
// NodeAffinity, NodeUnschedulable, PodTopologySpread) and its condition on failure
// (k8s.io/kubernetes pkg/scheduler/schedule_one.go: PodScheduled=False, reason Unschedulable,
// "0/N nodes are available: ...").
#include "lifecycle/kube_scheduler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/well_known_labels.h"
#include "lifecycle/provisioning_test_util.h"
#include "scheduling/scheduler.h"

namespace tidepool::lifecycle {
namespace {

using testing::MakeTaint;
using testing::MakeToleration;
using testing::PodOptions;
using testing::ProvisioningTest;
using testing::Resources;

class KubeSchedulerTest : public ProvisioningTest {
 protected:
  // A Ready node with `cpu` cores in `zone`.
  void AddNode(const std::string& name, const std::string& cpu, const std::string& zone = "zone-a",
               std::vector<api::Taint> taints = {}) {
    api::Node node;
    node.api_version = "v1";
    node.kind = "Node";
    node.metadata.name = name;
    node.metadata.labels = {{std::string(api::kLabelHostname), name},
                            {std::string(api::kLabelTopologyZone), zone},
                            {"kubernetes.io/os", "linux"}};
    node.spec.taints = std::move(taints);
    node.status.capacity = Resources({{"cpu", cpu.c_str()}, {"memory", "16Gi"}, {"pods", "110"}});
    node.status.allocatable = node.status.capacity;
    api::NodeCondition ready;
    ready.type = api::kNodeReady;
    ready.status = "True";
    node.status.conditions.push_back(ready);
    state_.Put(std::move(node));
  }
  // Writes a changed copy of a node, as an update through the API would.
  template <class F>
  void UpdateNode(const std::string& name, F change) {
    api::Node node = *state_.Get<api::Node>("", name);
    change(node);
    state_.Put(std::move(node));
  }
  // A pod straight from the API server (no PodScheduled condition yet).
  std::string AddFreshPod(PodOptions options = {}) {
    std::string name = AddPod(std::move(options));
    state_.GetMutable<api::Pod>("default", name)->status.conditions.clear();
    return name;
  }
  std::string BoundTo(const std::string& pod) const { return Pod(pod)->spec.node_name; }
  const api::PodCondition* Scheduled(const std::string& pod) const {
    for (const api::PodCondition& c : Pod(pod)->status.conditions) {
      if (c.type == api::kPodScheduled) return &c;
    }
    return nullptr;
  }
  KubeSchedulerResult Run() {
    Result<KubeSchedulerResult> result = kube_.Reconcile();
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
    return result ? *result : KubeSchedulerResult{};
  }
};

TEST_F(KubeSchedulerTest, BindsPendingPodToANodeThatFits) {
  AddNode("node-a", "4");
  std::string pod = AddFreshPod({.requests = Resources({{"cpu", "1"}})});
  KubeSchedulerResult result = Run();
  EXPECT_EQ(result.bound, 1u);
  EXPECT_EQ(BoundTo(pod), "node-a");
  ASSERT_NE(Scheduled(pod), nullptr);
  EXPECT_EQ(Scheduled(pod)->status, "True");
}

// schedule_one.go: with no nodes at all the message is "no nodes available to schedule pods";
// the condition makes the pod provisionable for Karpenter.
TEST_F(KubeSchedulerTest, MarksUnschedulableWithoutNodes) {
  std::string pod = AddFreshPod();
  EXPECT_FALSE(scheduling::IsProvisionable(*Pod(pod)));
  KubeSchedulerResult result = Run();
  EXPECT_EQ(result.unschedulable, 1u);
  ASSERT_NE(Scheduled(pod), nullptr);
  EXPECT_EQ(Scheduled(pod)->status, "False");
  EXPECT_EQ(Scheduled(pod)->reason, "Unschedulable");
  EXPECT_EQ(Scheduled(pod)->message, "no nodes available to schedule pods");
  EXPECT_EQ(Scheduled(pod)->last_transition_time, clock_.Now().ToRfc3339());
  EXPECT_TRUE(scheduling::IsProvisionable(*Pod(pod)));
  auto events = state_.events().EventsFor("Pod", "default", pod);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, "FailedScheduling");
  EXPECT_EQ(events[0].type, "Warning");
  // The same verdict again records nothing new.
  Run();
  EXPECT_EQ(state_.events().EventsFor("Pod", "default", pod).size(), 1u);
}

TEST_F(KubeSchedulerTest, InsufficientResourcesNameTheNodeCount) {
  AddNode("node-a", "2");
  AddNode("node-b", "2");
  std::string pod = AddFreshPod({.requests = Resources({{"cpu", "3"}})});
  Run();
  EXPECT_EQ(BoundTo(pod), "");
  ASSERT_NE(Scheduled(pod), nullptr);
  EXPECT_EQ(Scheduled(pod)->message, "0/2 nodes are available: 2 Insufficient cpu.");
}

// Resources of bound pods count: the second pod goes to the other node.
TEST_F(KubeSchedulerTest, CountsBoundPods) {
  AddNode("node-a", "2");
  AddNode("node-b", "2");
  std::string first = AddFreshPod({.requests = Resources({{"cpu", "1500m"}})});
  Run();
  std::string second = AddFreshPod({.requests = Resources({{"cpu", "1500m"}})});
  Run();
  ASSERT_FALSE(BoundTo(first).empty());
  ASSERT_FALSE(BoundTo(second).empty());
  EXPECT_NE(BoundTo(first), BoundTo(second));
  std::string third = AddFreshPod({.requests = Resources({{"cpu", "1"}})});
  Run();
  EXPECT_EQ(BoundTo(third), "");
  EXPECT_EQ(Scheduled(third)->message, "0/2 nodes are available: 2 Insufficient cpu.");
}

// TaintToleration, including the startup and ephemeral taints a new node carries: kube-scheduler
// does not know about Karpenter's initialization.
TEST_F(KubeSchedulerTest, RespectsTaints) {
  AddNode("tainted", "4", "zone-a", {MakeTaint("dedicated", "gpu", "NoSchedule")});
  AddNode("starting", "4", "zone-a", {MakeTaint("node.kubernetes.io/not-ready", "", "NoSchedule")});
  std::string plain = AddFreshPod();
  std::string tolerant =
      AddFreshPod({.tolerations = {MakeToleration("dedicated", "Equal", "gpu", "NoSchedule")}});
  Run();
  EXPECT_EQ(BoundTo(plain), "");
  EXPECT_EQ(BoundTo(tolerant), "tainted");
  EXPECT_EQ(Scheduled(plain)->message,
            "0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) "
            "had untolerated taint {node.kubernetes.io/not-ready: }.");
}

// Only Ready, schedulable, live nodes take pods.
TEST_F(KubeSchedulerTest, SkipsNotReadyCordonedAndDeletingNodes) {
  AddNode("not-ready", "4");
  UpdateNode("not-ready", [](api::Node& n) { n.status.conditions[0].status = "False"; });
  AddNode("cordoned", "4");
  UpdateNode("cordoned", [](api::Node& n) { n.spec.unschedulable = true; });
  AddNode("deleting", "4");
  UpdateNode("deleting",
             [&](api::Node& n) { n.metadata.deletion_timestamp = clock_.Now().ToRfc3339(); });
  std::string pod = AddFreshPod();
  Run();
  EXPECT_EQ(BoundTo(pod), "");
  EXPECT_EQ(Scheduled(pod)->message,
            "0/3 nodes are available: 1 node(s) had untolerated taint "
            "{node.kubernetes.io/not-ready: }, 1 node(s) were being deleted, 1 node(s) were "
            "unschedulable.");
  UpdateNode("not-ready", [](api::Node& n) { n.status.conditions[0].status = "True"; });
  Run();
  EXPECT_EQ(BoundTo(pod), "not-ready");
}

TEST_F(KubeSchedulerTest, RespectsNodeSelectorsAndAffinity) {
  AddNode("node-a", "4", "zone-a");
  AddNode("node-b", "4", "zone-b");
  std::string selected =
      AddFreshPod({.node_selector = {{std::string(api::kLabelTopologyZone), "zone-b"}}});
  std::string affine =
      AddFreshPod({.node_requirements = {
                       testing::Req(std::string(api::kLabelTopologyZone), "NotIn", {"zone-b"})}});
  std::string impossible =
      AddFreshPod({.node_selector = {{std::string(api::kLabelTopologyZone), "zone-c"}}});
  Run();
  EXPECT_EQ(BoundTo(selected), "node-b");
  EXPECT_EQ(BoundTo(affine), "node-a");
  EXPECT_EQ(BoundTo(impossible), "");
  EXPECT_EQ(Scheduled(impossible)->message,
            "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
}

// PodTopologySpread through the shared solver: two pods spread over two zones.
TEST_F(KubeSchedulerTest, SpreadsAcrossZones) {
  AddNode("node-a", "8", "zone-a");
  AddNode("node-b", "8", "zone-b");
  api::TopologySpreadConstraint spread;
  spread.max_skew = 1;
  spread.topology_key = std::string(api::kLabelTopologyZone);
  spread.when_unsatisfiable = api::kDoNotSchedule;
  spread.label_selector = api::LabelSelector{};
  spread.label_selector->match_labels = {{"app", "web"}};
  std::string a = AddFreshPod({.labels = {{"app", "web"}}, .spread = {spread}});
  std::string b = AddFreshPod({.labels = {{"app", "web"}}, .spread = {spread}});
  Run();
  ASSERT_FALSE(BoundTo(a).empty());
  ASSERT_FALSE(BoundTo(b).empty());
  EXPECT_NE(BoundTo(a), BoundTo(b));
}

// A nominated pod goes to its nominee even when another node comes first by name.
TEST_F(KubeSchedulerTest, NominatedPodPrefersItsNominee) {
  AddNode("node-a", "4");
  AddNode("node-b", "4");
  std::string pod = AddFreshPod();
  ASSERT_TRUE(state_.NominatePod("default", pod, "node-b").has_value());
  Run();
  EXPECT_EQ(BoundTo(pod), "node-b");
  EXPECT_TRUE(Pod(pod)->status.nominated_node_name.empty());
}

// Nominated pods are placed before newcomers, so the room promised to them is theirs.
TEST_F(KubeSchedulerTest, NominatedPodsGoFirst) {
  AddNode("node-a", "2");
  // The newcomer is bigger, so the solver's queue (cpu descending) would otherwise take it first.
  std::string newcomer = AddFreshPod({.requests = Resources({{"cpu", "1500m"}})});
  std::string nominated = AddFreshPod({.requests = Resources({{"cpu", "1"}})});
  ASSERT_TRUE(state_.NominatePod("default", nominated, "node-a").has_value());
  Run();
  EXPECT_EQ(BoundTo(nominated), "node-a");
  EXPECT_EQ(BoundTo(newcomer), "");
}

// A nominee that cannot take the pod does not strand it: another node does.
TEST_F(KubeSchedulerTest, NominatedPodFallsBackToOtherNodes) {
  AddNode("node-a", "4");
  AddNode("small", "1");
  std::string pod = AddFreshPod({.requests = Resources({{"cpu", "2"}})});
  ASSERT_TRUE(state_.NominatePod("default", pod, "small").has_value());
  Run();
  EXPECT_EQ(BoundTo(pod), "node-a");
}

// DaemonSet and static pods belong to their own controllers; other schedulers' pods are theirs.
TEST_F(KubeSchedulerTest, LeavesOtherPodsAlone) {
  AddNode("node-a", "4");
  std::string daemon = AddFreshPod();
  api::OwnerReference owner;
  owner.api_version = "apps/v1";
  owner.kind = "DaemonSet";
  owner.name = "ds";
  owner.controller = true;
  state_.GetMutable<api::Pod>("default", daemon)->metadata.owner_references.push_back(owner);
  std::string other = AddFreshPod();
  state_.GetMutable<api::Pod>("default", other)->spec.scheduler_name = "my-scheduler";
  KubeSchedulerResult result = Run();
  EXPECT_EQ(result.bound, 0u);
  EXPECT_EQ(BoundTo(daemon), "");
  EXPECT_EQ(BoundTo(other), "");
  EXPECT_EQ(Scheduled(daemon), nullptr);
}

// Nothing written since the last pass: the pass is skipped, except once per resync period.
TEST_F(KubeSchedulerTest, SkipsPassesWhileNothingChanges) {
  AddNode("node-a", "1");
  std::string pod = AddFreshPod({.requests = Resources({{"cpu", "2"}})});
  Run();
  ASSERT_TRUE(scheduling::IsProvisionable(*Pod(pod)));
  // A change the scheduler is not told about (no write through the API) waits for the resync.
  state_.GetMutable<api::Node>("", "node-a")->status.allocatable =
      Resources({{"cpu", "4"}, {"memory", "16Gi"}, {"pods", "110"}});
  Run();
  EXPECT_EQ(BoundTo(pod), "");
  clock_.Advance(Duration::Seconds(10));
  Run();
  EXPECT_EQ(BoundTo(pod), "node-a");
}

// A pod nominated to a NodeClaim (before its Node existed) goes to the claim's Node first.
TEST_F(KubeSchedulerTest, NominationByClaimNameReachesItsNode) {
  AddNode("node-a", "2");
  AddNode("ip-7", "2");
  api::NodeClaim claim;
  claim.metadata.name = "default-abc";
  claim.status.node_name = "ip-7";
  claim.status.provider_id = "fake:///zone-a/i-7";
  state_.Put(claim);
  std::string newcomer = AddFreshPod({.requests = Resources({{"cpu", "1500m"}})});
  std::string nominated = AddFreshPod({.requests = Resources({{"cpu", "1500m"}})});
  ASSERT_TRUE(state_.NominatePod("default", nominated, "default-abc").has_value());
  Run();
  EXPECT_EQ(BoundTo(nominated), "ip-7");
  EXPECT_EQ(BoundTo(newcomer), "node-a");
}

TEST_F(KubeSchedulerTest, StartRunsEverySecond) {
  kube_.Start();
  std::string pod = AddFreshPod();
  clock_.Advance(Duration::Seconds(1));
  EXPECT_TRUE(scheduling::IsProvisionable(*Pod(pod)));
  AddNode("node-a", "4");
  clock_.Advance(Duration::Seconds(1));
  EXPECT_EQ(BoundTo(pod), "node-a");
}

}  // namespace
}  // namespace tidepool::lifecycle
