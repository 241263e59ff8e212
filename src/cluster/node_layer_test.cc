// The node-layer half of ClusterState: pods by node, NodeClaims by node and providerID,
// finalizer-aware deletion, binding and pod events, and the eviction subresource with
// PodDisruptionBudgets (behaviour of kubernetes pkg/registry/core/pod/storage/eviction.go and the
// disruption controller's status arithmetic in pkg/controller/disruption/disruption.go).
#include <gtest/gtest.h>

#include "cluster/cluster_state.h"
#include "cluster/pdb.h"
#include "core/simulated_clock.h"

namespace tidepool::cluster {
namespace {

api::Pod RunningPod(std::string name, std::string node, std::map<std::string, std::string> labels,
                    bool ready = true) {
  api::Pod p;
  p.metadata.namespace_ = "default";
  p.metadata.name = std::move(name);
  p.metadata.labels = std::move(labels);
  p.spec.node_name = std::move(node);
  p.status.phase = "Running";
  api::PodCondition c;
  c.type = api::kPodReady;
  c.status = ready ? "True" : "False";
  p.status.conditions.push_back(c);
  return p;
}

api::PodDisruptionBudget Pdb(std::string name, std::map<std::string, std::string> match,
                             std::optional<api::IntOrString> min_available,
                             std::optional<api::IntOrString> max_unavailable = std::nullopt) {
  api::PodDisruptionBudget pdb;
  pdb.metadata.namespace_ = "default";
  pdb.metadata.name = std::move(name);
  pdb.spec.selector = api::LabelSelector{};
  pdb.spec.selector->match_labels = std::move(match);
  pdb.spec.min_available = std::move(min_available);
  pdb.spec.max_unavailable = std::move(max_unavailable);
  return pdb;
}

api::NodeClaim Claim(std::string name, std::string node, std::string provider_id) {
  api::NodeClaim c;
  c.metadata.name = std::move(name);
  c.status.node_name = std::move(node);
  c.status.provider_id = std::move(provider_id);
  return c;
}

api::Node MakeNode(std::string name, std::string provider_id) {
  api::Node n;
  n.metadata.name = std::move(name);
  n.spec.provider_id = std::move(provider_id);
  return n;
}

TEST(NodeLayerTest, PodsOnNodeFollowBindingsAndDeletes) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(RunningPod("b", "node-1", {}));
  state.Put(RunningPod("a", "node-1", {}));
  state.Put(RunningPod("c", "node-2", {}));
  auto on1 = state.PodsOnNode("node-1");
  ASSERT_EQ(on1.size(), 2u);
  EXPECT_EQ(on1[0]->metadata.name, "a");
  EXPECT_EQ(on1[1]->metadata.name, "b");
  // Rebinding moves the pod between nodes.
  api::Pod moved = *state.Get<api::Pod>("default", "b");
  moved.spec.node_name = "node-2";
  state.Put(moved);
  EXPECT_EQ(state.PodsOnNode("node-1").size(), 1u);
  EXPECT_EQ(state.PodsOnNode("node-2").size(), 2u);
  ASSERT_TRUE(state.DeletePod("default", "c").has_value());
  EXPECT_EQ(state.PodsOnNode("node-2").size(), 1u);
  EXPECT_TRUE(state.PodsOnNode("node-3").empty());
}

TEST(NodeLayerTest, NodeClaimLookupByNodeNameAndProviderId) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(Claim("claim-a", "", "sim:///zone-1/i-1"));
  state.Put(MakeNode("node-a", "sim:///zone-1/i-1"));
  // Before registration the claim is found through the node's providerID.
  ASSERT_NE(state.NodeClaimForNode("node-a"), nullptr);
  EXPECT_EQ(state.NodeClaimForNode("node-a")->metadata.name, "claim-a");
  state.Put(Claim("claim-a", "node-a", "sim:///zone-1/i-1"));
  EXPECT_EQ(state.NodeClaimForNode("node-a")->metadata.name, "claim-a");
  EXPECT_EQ(state.NodeByProviderId("sim:///zone-1/i-1")->metadata.name, "node-a");
  EXPECT_EQ(state.NodeClaimByProviderId("sim:///zone-1/i-1")->metadata.name, "claim-a");
  state.Delete<api::NodeClaim>("", "claim-a");
  EXPECT_EQ(state.NodeClaimForNode("node-a"), nullptr);
  EXPECT_EQ(state.NodeClaimByProviderId("sim:///zone-1/i-1"), nullptr);
}

TEST(NodeLayerTest, DeleteWithFinalizerOnlyMarksUntilTheFinalizerIsRemoved) {
  SimulatedClock clock(Time::FromUnixSeconds(5000));
  ClusterState state(clock);
  api::NodeClaim claim = Claim("claim-a", "", "");
  claim.metadata.finalizers = {"karpenter.sh/termination"};
  state.Put(claim);
  ASSERT_TRUE(state.DeleteNodeClaim("claim-a").has_value());
  const api::NodeClaim* marked = state.Get<api::NodeClaim>("", "claim-a");
  ASSERT_NE(marked, nullptr);
  EXPECT_EQ(marked->metadata.deletion_timestamp, Time::FromUnixSeconds(5000).ToRfc3339());
  // A second delete keeps the first timestamp.
  clock.Advance(Duration::Seconds(10));
  ASSERT_TRUE(state.DeleteNodeClaim("claim-a").has_value());
  EXPECT_EQ(state.Get<api::NodeClaim>("", "claim-a")->metadata.deletion_timestamp,
            Time::FromUnixSeconds(5000).ToRfc3339());
  api::NodeClaim done = *state.Get<api::NodeClaim>("", "claim-a");
  done.metadata.finalizers.clear();
  ASSERT_TRUE(state.UpdateNodeClaim(done).has_value());
  EXPECT_EQ(state.Get<api::NodeClaim>("", "claim-a"), nullptr);
  EXPECT_EQ(state.DeleteNodeClaim("claim-a").error().code(), ErrorCode::kNotFound);
}

TEST(NodeLayerTest, UpdateNodePoolKeepsTimestampsAndNeedsAnExistingPool) {
  SimulatedClock clock(Time::FromUnixSeconds(50));
  ClusterState state(clock);
  api::NodePool pool;
  pool.metadata.name = "default";
  EXPECT_EQ(state.UpdateNodePool(pool).error().code(), ErrorCode::kNotFound);
  state.Put(pool);
  clock.Advance(Duration::Seconds(5));
  pool.metadata.annotations["karpenter.sh/nodepool-hash"] = "123";
  ASSERT_TRUE(state.UpdateNodePool(pool).has_value());
  const api::NodePool* stored = state.Get<api::NodePool>("", "default");
  EXPECT_EQ(stored->metadata.annotations.at("karpenter.sh/nodepool-hash"), "123");
  EXPECT_EQ(stored->metadata.creation_timestamp, Time::FromUnixSeconds(50).ToRfc3339());
}

TEST(NodeLayerTest, DeleteWithoutFinalizersRemovesAtOnce) {
  SimulatedClock clock;
  ClusterState state(clock);
  ASSERT_TRUE(state.CreateNode(MakeNode("node-a", "")).has_value());
  EXPECT_EQ(state.CreateNode(MakeNode("node-a", "")).error().code(), ErrorCode::kAlreadyExists);
  ASSERT_TRUE(state.DeleteNode("node-a").has_value());
  EXPECT_EQ(state.Get<api::Node>("", "node-a"), nullptr);
}

TEST(NodeLayerTest, CreateNodeClaimGeneratesNames) {
  SimulatedClock clock;
  ClusterState state(clock);
  api::NodeClaim claim;
  claim.metadata.generate_name = "default-";
  Result<std::string> a = state.CreateNodeClaim(claim);
  Result<std::string> b = state.CreateNodeClaim(claim);
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->rfind("default-", 0), 0u);
  EXPECT_EQ(state.Store<api::NodeClaim>().size(), 2u);
}

// The behaviour of karpenter pkg/controllers/nodeclaim/podevents/suite_test.go ("should set the
// lastPodEvent", also when one was set before), which the cluster state provides itself (without
// upstream's 10 s de-duplication; docs/COMPATIBILITY.md).
TEST(NodeLayerTest, BindingAndRemovalStampLastPodEventTime) {
  SimulatedClock clock(Time::FromUnixSeconds(100));
  ClusterState state(clock);
  state.Put(Claim("claim-a", "node-a", "id-a"));
  ASSERT_TRUE(state.CreateNode(MakeNode("node-a", "id-a")).has_value());
  api::Pod pending = RunningPod("p", "", {});
  pending.status.phase = "Pending";
  state.Put(pending);
  EXPECT_EQ(state.Get<api::NodeClaim>("", "claim-a")->status.last_pod_event_time, "");
  clock.Advance(Duration::Seconds(20));
  ASSERT_TRUE(state.BindPod("default", "p", "node-a").has_value());
  EXPECT_EQ(state.Get<api::Pod>("default", "p")->spec.node_name, "node-a");
  EXPECT_TRUE(IsPodReady(*state.Get<api::Pod>("default", "p")));
  EXPECT_EQ(state.Get<api::Pod>("default", "p")->status.start_time,
            Time::FromUnixSeconds(120).ToRfc3339());
  EXPECT_EQ(state.Get<api::NodeClaim>("", "claim-a")->status.last_pod_event_time,
            Time::FromUnixSeconds(120).ToRfc3339());
  // A status change that keeps the binding is not a pod event.
  clock.Advance(Duration::Seconds(20));
  api::Pod relabelled = *state.Get<api::Pod>("default", "p");
  relabelled.metadata.labels["x"] = "y";
  state.Put(relabelled);
  EXPECT_EQ(state.Get<api::NodeClaim>("", "claim-a")->status.last_pod_event_time,
            Time::FromUnixSeconds(120).ToRfc3339());
  ASSERT_TRUE(state.DeletePod("default", "p").has_value());
  EXPECT_EQ(state.Get<api::NodeClaim>("", "claim-a")->status.last_pod_event_time,
            Time::FromUnixSeconds(140).ToRfc3339());
  EXPECT_EQ(state.BindPod("default", "p", "node-a").error().code(), ErrorCode::kNotFound);
}

// kubernetes pkg/registry/core/pod/storage/eviction_test.go TestEviction: a budget that allows no
// disruption refuses the eviction with 429 (kUnavailable here); one that allows it deletes the
// pod; pending pods are evicted without consulting the budget.
TEST(NodeLayerTest, KubernetesEvictionRespectsBudgets) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(RunningPod("a", "n", {{"app", "web"}}));
  state.Put(RunningPod("b", "n", {{"app", "web"}}));
  state.Put(Pdb("web", {{"app", "web"}}, api::IntOrString::Int(2)));
  Status blocked = state.EvictPod("default", "a");
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(blocked.error().message().find("disruption budget"), std::string::npos);
  state.Put(Pdb("web", {{"app", "web"}}, api::IntOrString::Int(1)));
  ASSERT_TRUE(state.EvictPod("default", "a").has_value());
  EXPECT_EQ(state.Get<api::Pod>("default", "a"), nullptr);
  // Now one healthy pod is left and one is required.
  EXPECT_FALSE(state.EvictPod("default", "b").has_value());
  api::Pod pending = RunningPod("c", "", {{"app", "web"}}, false);
  pending.status.phase = "Pending";
  state.Put(pending);
  EXPECT_TRUE(state.EvictPod("default", "c").has_value());
}

// eviction_test.go TestEvictionIgnorePDB / unhealthyPodEvictionPolicy: an unready pod may be
// evicted under AlwaysAllow, and under IfHealthyBudget only while the budget is met.
TEST(NodeLayerTest, KubernetesEvictionUnhealthyPodPolicy) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(RunningPod("ready", "n", {{"app", "web"}}));
  state.Put(RunningPod("sick", "n", {{"app", "web"}}, /*ready=*/false));
  state.Put(Pdb("web", {{"app", "web"}}, api::IntOrString::Int(2)));
  // IfHealthyBudget: 1 healthy < 2 desired, so the unready pod stays.
  EXPECT_FALSE(state.EvictPod("default", "sick").has_value());
  api::PodDisruptionBudget always = Pdb("web", {{"app", "web"}}, api::IntOrString::Int(2));
  always.spec.unhealthy_pod_eviction_policy = api::kAlwaysAllow;
  state.Put(always);
  EXPECT_TRUE(state.EvictPod("default", "sick").has_value());
  EXPECT_FALSE(state.EvictPod("default", "ready").has_value());
}

TEST(NodeLayerTest, KubernetesEvictionRefusesPodsWithTwoBudgets) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(RunningPod("a", "n", {{"app", "web"}, {"tier", "x"}}));
  state.Put(Pdb("one", {{"app", "web"}}, api::IntOrString::Int(0)));
  state.Put(Pdb("two", {{"tier", "x"}}, api::IntOrString::Int(0)));
  Status status = state.EvictPod("default", "a");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code(), ErrorCode::kInternal);
}

// kubernetes pkg/controller/disruption/disruption_test.go: TestBasicFinderFunctions-style
// arithmetic: minAvailable as a count and a percentage (rounded up), maxUnavailable as a count
// and a percentage (rounded up), unready pods not counted as healthy.
TEST(PdbAllowanceTest, KubernetesDisruptionControllerArithmetic) {
  std::vector<api::Pod> pods;
  for (int i = 0; i < 4; ++i) pods.push_back(RunningPod("p" + std::to_string(i), "n", {}, i < 3));
  std::vector<const api::Pod*> view;
  for (const api::Pod& p : pods) view.push_back(&p);
  struct Case {
    std::optional<api::IntOrString> min_available, max_unavailable;
    int32_t desired, allowed;
  } cases[] = {
      {api::IntOrString::Int(2), std::nullopt, 2, 1},
      {api::IntOrString::String("50%"), std::nullopt, 2, 1},
      {api::IntOrString::String("51%"), std::nullopt, 3, 0},
      {std::nullopt, api::IntOrString::Int(1), 3, 0},
      {std::nullopt, api::IntOrString::String("30%"), 2, 1},  // ceil(1.2) = 2 unavailable
      {std::nullopt, api::IntOrString::Int(0), 4, 0},
      {std::nullopt, std::nullopt, 0, 3},
  };
  for (const Case& c : cases) {
    api::PodDisruptionBudget pdb = Pdb("x", {}, c.min_available, c.max_unavailable);
    Result<PdbAllowance> allowance = ComputePdbAllowance(pdb, view);
    ASSERT_TRUE(allowance.has_value());
    EXPECT_EQ(allowance->expected_pods, 4);
    EXPECT_EQ(allowance->current_healthy, 3);
    EXPECT_EQ(allowance->desired_healthy, c.desired);
    EXPECT_EQ(allowance->disruptions_allowed, c.allowed);
  }
  api::PodDisruptionBudget bad = Pdb("x", {}, api::IntOrString::String("abc"));
  EXPECT_FALSE(ComputePdbAllowance(bad, view).has_value());
}

TEST(PdbAllowanceTest, SelectorRules) {
  api::Pod pod = RunningPod("a", "n", {{"app", "web"}});
  api::PodDisruptionBudget pdb = Pdb("x", {{"app", "web"}}, std::nullopt);
  EXPECT_TRUE(PdbSelects(pdb, pod));
  pdb.metadata.namespace_ = "other";
  EXPECT_FALSE(PdbSelects(pdb, pod));
  pdb.metadata.namespace_ = "default";
  pdb.spec.selector.reset();  // policy/v1: no selector selects nothing
  EXPECT_FALSE(PdbSelects(pdb, pod));
  pdb.spec.selector = api::LabelSelector{};  // empty selector: every pod
  EXPECT_TRUE(PdbSelects(pdb, pod));
}

}  // namespace
}  // namespace tidepool::cluster
