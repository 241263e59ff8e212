// Unit tests of the solver's parts (queue order, preference relaxation order, host ports, the
// pending-pod filter) and of the solver with topology constraints. Cases are ported from
// kubernetes-sigs/karpenter where the comment names an upstream test; the rest check tidepool's
// own contracts.
#include <gtest/gtest.h>

#include <set>

#include "scheduling/host_ports.h"
#include "scheduling/preferences.h"
#include "scheduling/queue.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::scheduling::testing {
namespace {

using SchedulerComponentsTest = SchedulingTest;

api::LabelSelector Selects(std::string key, std::string value) {
  api::LabelSelector selector;
  selector.match_labels[std::move(key)] = std::move(value);
  return selector;
}

api::TopologySpreadConstraint Spread(std::string key, std::string when, int32_t skew = 1) {
  api::TopologySpreadConstraint c;
  c.max_skew = skew;
  c.topology_key = std::move(key);
  c.when_unsatisfiable = std::move(when);
  c.label_selector = Selects("app", "spread");
  return c;
}

// queue.go byCPUAndMemoryDescending: cpu desc, then memory desc, then creation time, then uid.
TEST_F(SchedulerComponentsTest, QueueSortsByCpuThenMemoryDescending) {
  std::vector<api::Pod*> pods = {
      NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})}),
      NewPod({.requests = Resources({{"cpu", "2"}, {"memory", "1Gi"}})}),
      NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "2Gi"}})}),
      NewPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Gi"}})})};
  pods[0]->metadata.creation_timestamp = "2024-01-01T00:00:02Z";
  pods[3]->metadata.creation_timestamp = "2024-01-01T00:00:01Z";
  ResourceIndex index;
  std::vector<PodData> data(pods.size());
  for (size_t i = 0; i < pods.size(); ++i) ComputePodData(*pods[i], {}, index, false, data[i]);
  std::vector<size_t> order = {0, 1, 2, 3};
  SortByCpuAndMemoryDescending(order, data);
  EXPECT_EQ(order, (std::vector<size_t>{1, 2, 3, 0}));
}

// queue.go Pop/Push: a full cycle without progress ends the solve.
TEST_F(SchedulerComponentsTest, QueueStopsAfterACycleWithoutProgress) {
  Queue queue({0, 1}, 2);
  ASSERT_EQ(queue.Pop(), 0u);
  queue.Push(0);  // failed
  ASSERT_EQ(queue.Pop(), 1u);
  queue.Push(1);  // failed
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

TEST_F(SchedulerComponentsTest, QueueRetriesAfterProgress) {
  Queue queue({0, 1, 2}, 3);
  ASSERT_EQ(queue.Pop(), 0u);
  queue.Push(0);               // failed, queue [1 2 0]
  ASSERT_EQ(queue.Pop(), 1u);  // placed: progress
  ASSERT_EQ(queue.Pop(), 2u);  // placed
  EXPECT_EQ(queue.Pop(), 0u);  // retried once more: the queue is shorter than when it was pushed
}

// preferences.go Relax order.
TEST_F(SchedulerComponentsTest, PreferencesRelaxInUpstreamOrder) {
  api::Pod* pod = NewPod({.node_preferences = {Req("zone", "In", {"a"})},
                          .spread = {Spread("topology.kubernetes.io/zone", "ScheduleAnyway")}});
  api::NodeSelector required;
  for (const char* v : {"x", "y"}) {
    api::NodeSelectorTerm term;
    term.match_expressions = {Req("k", "In", {v})};
    required.node_selector_terms.push_back(term);
  }
  pod->spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution = required;
  api::WeightedPodAffinityTerm weighted;
  weighted.weight = 1;
  weighted.pod_affinity_term.topology_key = "kubernetes.io/hostname";
  pod->spec.affinity->pod_affinity = api::PodAffinity{};
  pod->spec.affinity->pod_affinity->preferred_during_scheduling_ignored_during_execution = {
      weighted};
  pod->spec.affinity->pod_anti_affinity = api::PodAntiAffinity{};
  pod->spec.affinity->pod_anti_affinity->preferred_during_scheduling_ignored_during_execution = {
      weighted};
  Preferences preferences(/*tolerate_prefer_no_schedule=*/true);
  std::vector<std::string> steps;
  while (auto reason = preferences.Relax(*pod)) steps.push_back(*reason);
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_NE(steps[0].find("requiredDuringScheduling"), std::string::npos);
  EXPECT_NE(steps[1].find("podAffinity"), std::string::npos);
  EXPECT_NE(steps[2].find("podAntiAffinity"), std::string::npos);
  EXPECT_NE(steps[3].find("nodeAffinity.preferred"), std::string::npos);
  EXPECT_NE(steps[4].find("topologySpreadConstraints"), std::string::npos);
  EXPECT_NE(steps[5].find("toleration"), std::string::npos);
  EXPECT_FALSE(preferences.CanRelax(*pod));
  // The last required term is never removed.
  EXPECT_EQ(pod->spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution
                ->node_selector_terms.size(),
            1u);
}

// hostportusage.go: same port and protocol collide when the IPs overlap.
TEST_F(SchedulerComponentsTest, HostPortsConflictOnOverlappingAddresses) {
  HostPortUsage usage;
  usage.Add("ns/a", {HostPort{"0.0.0.0", 80, "TCP"}});
  EXPECT_TRUE(usage.Conflicts("ns/b", {HostPort{"10.0.0.1", 80, "TCP"}}).has_value());
  EXPECT_FALSE(usage.Conflicts("ns/b", {HostPort{"10.0.0.1", 80, "UDP"}}).has_value());
  EXPECT_FALSE(usage.Conflicts("ns/b", {HostPort{"10.0.0.1", 81, "TCP"}}).has_value());
  EXPECT_FALSE(usage.Conflicts("ns/a", {HostPort{"0.0.0.0", 80, "TCP"}}).has_value());
  EXPECT_EQ(*usage.Conflicts("ns/b", {HostPort{"0.0.0.0", 80, "TCP"}}),
            "IP=0.0.0.0 Port=80 Proto=TCP conflicts with existing HostPort configuration "
            "IP=0.0.0.0 Port=80 Proto=TCP");
}

// pkg/utils/pod/scheduling.go IsProvisionable.
TEST_F(SchedulerComponentsTest, IsProvisionableFollowsUpstream) {
  api::Pod* pod = NewPod();
  EXPECT_TRUE(IsProvisionable(*pod));
  api::Pod fresh = *pod;
  fresh.status.conditions.clear();
  EXPECT_FALSE(IsProvisionable(fresh));
  EXPECT_TRUE(IsProvisionable(fresh, /*require_unschedulable_condition=*/false));
  api::Pod bound = *pod;
  bound.spec.node_name = "node";
  EXPECT_FALSE(IsProvisionable(bound));
  api::Pod preempting = *pod;
  preempting.status.nominated_node_name = "node";
  EXPECT_FALSE(IsProvisionable(preempting));
  api::Pod daemon = *pod;
  daemon.metadata.owner_references.push_back({"apps/v1", "DaemonSet", "ds", "", true, true, {}});
  EXPECT_FALSE(IsProvisionable(daemon));
  api::Pod mirror = *pod;
  mirror.metadata.owner_references.push_back({"v1", "Node", "node", "", true, true, {}});
  EXPECT_FALSE(IsProvisionable(mirror));
}

// ---- with topology --------------------------------------------------------------------------

// topology_test.go "should balance pods across zones (match labels)".
TEST_F(SchedulerComponentsTest, ShouldBalancePodsAcrossZones) {
  std::vector<api::Pod*> pods;
  for (int i = 0; i < 3; ++i) {
    pods.push_back(NewPod({.labels = {{"app", "spread"}},
                           .spread = {Spread("topology.kubernetes.io/zone", "DoNotSchedule")}}));
  }
  Results r = Solve(pods);
  std::set<std::string> zones;
  for (api::Pod* p : pods) zones.insert(Label(r, p, "topology.kubernetes.io/zone"));
  EXPECT_EQ(zones, (std::set<std::string>{"test-zone-1", "test-zone-2", "test-zone-3"}));
}

api::PodAffinityTerm HostnameTerm() {
  api::PodAffinityTerm term;
  term.topology_key = "kubernetes.io/hostname";
  term.label_selector = Selects("app", "anti");
  return term;
}

// topology_test.go pod anti-affinity "should not violate pod anti-affinity on hostname".
TEST_F(SchedulerComponentsTest, ShouldPlaceHostnameAntiAffinityPodsOnDistinctNodes) {
  std::vector<api::Pod*> pods;
  for (int i = 0; i < 3; ++i) {
    api::Pod* pod = NewPod({.labels = {{"app", "anti"}}});
    pod->spec.affinity = api::Affinity{};
    pod->spec.affinity->pod_anti_affinity = api::PodAntiAffinity{};
    pod->spec.affinity->pod_anti_affinity->required_during_scheduling_ignored_during_execution = {
        HostnameTerm()};
    pods.push_back(pod);
  }
  Results r = Solve(pods);
  std::set<const NewNodeClaim*> claims;
  for (api::Pod* p : pods) claims.insert(ClaimOf(r, p));
  EXPECT_EQ(claims.size(), 3u);
  EXPECT_EQ(claims.count(nullptr), 0u);
}

// preferences: a preferred anti-affinity that cannot hold (the pool may launch one node) is
// relaxed and the pods share the node.
TEST_F(SchedulerComponentsTest, ShouldRelaxPreferredAntiAffinityWhenItCannotBeMet) {
  pool_.spec.limits = Resources({{"nodes", "1"}});
  std::vector<api::Pod*> pods;
  for (int i = 0; i < 2; ++i) {
    api::Pod* pod = NewPod({.labels = {{"app", "anti"}}});
    api::WeightedPodAffinityTerm weighted;
    weighted.weight = 10;
    weighted.pod_affinity_term = HostnameTerm();
    pod->spec.affinity = api::Affinity{};
    pod->spec.affinity->pod_anti_affinity = api::PodAntiAffinity{};
    pod->spec.affinity->pod_anti_affinity->preferred_during_scheduling_ignored_during_execution = {
        weighted};
    pods.push_back(pod);
  }
  Results r = Solve(pods);
  ASSERT_TRUE(Scheduled(r, pods[0]));
  ASSERT_TRUE(Scheduled(r, pods[1]));
  EXPECT_EQ(ClaimOf(r, pods[0]), ClaimOf(r, pods[1]));
}

// A ScheduleAnyway hostname spread is honoured while possible, then relaxed.
TEST_F(SchedulerComponentsTest, ShouldHonourScheduleAnywaySpreadUntilItMustBeRelaxed) {
  std::vector<api::Pod*> pods;
  for (int i = 0; i < 2; ++i) {
    pods.push_back(NewPod({.labels = {{"app", "spread"}},
                           .spread = {Spread("kubernetes.io/hostname", "ScheduleAnyway")}}));
  }
  Results spread = Solve(pods);
  EXPECT_NE(ClaimOf(spread, pods[0]), ClaimOf(spread, pods[1]));
  pool_.spec.limits = Resources({{"nodes", "1"}});
  Results relaxed = Solve(pods);
  ASSERT_TRUE(Scheduled(relaxed, pods[1]));
  EXPECT_EQ(ClaimOf(relaxed, pods[0]), ClaimOf(relaxed, pods[1]));
}

// The solver does not modify its inputs: solving twice gives the same plan.
TEST_F(SchedulerComponentsTest, SolveIsRepeatableAndLeavesPodsUnchanged) {
  std::vector<api::Pod*> pods;
  for (int i = 0; i < 6; ++i) {
    pods.push_back(
        NewPod({.labels = {{"app", "spread"}},
                .node_preferences = {Req("topology.kubernetes.io/zone", "In", {"nowhere"})},
                .requests = Resources({{"cpu", "1"}}),
                .spread = {Spread("topology.kubernetes.io/zone", "ScheduleAnyway")}}));
  }
  api::Pod before = *pods[0];
  Results a = Solve(pods);
  Results b = Solve(pods);
  EXPECT_EQ(*pods[0], before);
  ASSERT_EQ(a.new_node_claims.size(), b.new_node_claims.size());
  for (size_t i = 0; i < a.new_node_claims.size(); ++i) {
    EXPECT_EQ(a.new_node_claims[i].pods, b.new_node_claims[i].pods);
    EXPECT_EQ(a.new_node_claims[i].requirements, b.new_node_claims[i].requirements);
  }
  EXPECT_TRUE(a.pod_errors.empty());
}

}  // namespace
}  // namespace tidepool::scheduling::testing
