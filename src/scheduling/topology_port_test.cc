// Cases ported from kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/topology_test.go, each named after its It("..."), over
// the fake provider's default catalogue: the same pods, NodePools and expected skews as upstream.
// Each case runs twice: through the solver's public API (SolverProvisioner, Scheduler::Solve) and
// through a minimal reference loop (ReferenceProvisioner) that isolates Topology.
#include <gtest/gtest.h>

#include "api/well_known_labels.h"
#include "scheduling/topology_test_provisioner.h"
#include "scheduling/topology_test_solver.h"
#include "scheduling/topology_test_util.h"

namespace tidepool::scheduling {
namespace {

using topology_testing::Labels;
using topology_testing::MatchLabels;
using topology_testing::ReferenceProvisioner;
using topology_testing::SolverProvisioner;

const std::string kZone(api::kLabelTopologyZone);
const std::string kHostname(api::kLabelHostname);
const std::string kCapacityType(api::kCapacityTypeLabelKey);
const std::string kArch = "kubernetes.io/arch";
const Labels kLabels{{"test", "test"}};

// upstream test.PodOptions, the parts these tests use.
struct PodOptions {
  Labels labels{};
  std::string ns = "default";
  std::map<std::string, std::string> node_selector{};
  std::vector<api::NodeSelectorRequirement> node_requirements{};  // one required term
  std::vector<api::NodeSelectorRequirement> node_preferences{};   // one preferred term, weight 1
  std::vector<api::TopologySpreadConstraint> spread{};
  std::vector<api::PodAffinityTerm> pod_requirements{};
  std::vector<api::PodAffinityTerm> pod_anti_requirements{};
  std::vector<api::WeightedPodAffinityTerm> pod_anti_preferences{};
  std::vector<api::WeightedPodAffinityTerm> pod_preferences{};
  std::string cpu{};
};

int next_pod = 0;

api::Pod UnschedulablePod(const PodOptions& o) {
  api::Pod pod = topology_testing::MakePod("pod-" + std::to_string(++next_pod), o.labels, o.ns);
  pod.spec.node_selector = o.node_selector;
  pod.spec.topology_spread_constraints = o.spread;
  if (!o.cpu.empty()) {
    api::Container container;
    container.resources.requests[api::kResourceCPU] = Quantity::MustParse(o.cpu);
    pod.spec.containers.push_back(container);
  }
  if (!o.node_requirements.empty() || !o.node_preferences.empty()) {
    api::NodeAffinity& node = topology_testing::AffinityOf(pod).node_affinity.emplace();
    if (!o.node_requirements.empty()) {
      node.required_during_scheduling_ignored_during_execution.emplace().node_selector_terms = {
          {o.node_requirements, {}, {}}};
    }
    if (!o.node_preferences.empty()) {
      node.preferred_during_scheduling_ignored_during_execution = {
          {1, {o.node_preferences, {}, {}}, {}}};
    }
  }
  for (const auto& term : o.pod_requirements) topology_testing::AddPodAffinity(pod, term);
  for (const auto& term : o.pod_anti_requirements) topology_testing::AddPodAntiAffinity(pod, term);
  for (const auto& weighted : o.pod_preferences) {
    topology_testing::AddPreferredPodAffinity(pod, weighted.pod_affinity_term, weighted.weight);
  }
  for (const auto& weighted : o.pod_anti_preferences) {
    topology_testing::AddPreferredPodAntiAffinity(pod, weighted.pod_affinity_term, weighted.weight);
  }
  return pod;
}

std::vector<api::Pod> UnschedulablePods(const PodOptions& o, int n) {
  std::vector<api::Pod> pods;
  for (int i = 0; i < n; ++i) pods.push_back(UnschedulablePod(o));
  return pods;
}

std::vector<api::Pod> Concat(std::vector<api::Pod> a, const std::vector<api::Pod>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

api::NodeSelectorRequirement Req(const std::string& key, std::vector<std::string> values,
                                 const std::string& op = "In") {
  return {key, op, std::move(values), std::nullopt, {}};
}

// The suite's NodePool: capacity type Exists, the fake provider's defaults otherwise.
api::NodePool NodePool(std::vector<api::NodeSelectorRequirement> requirements = {
                           Req(api::kCapacityTypeLabelKey.data(), {}, "Exists")}) {
  api::NodePool pool;
  pool.metadata.name = "default-" + std::to_string(++next_pod);
  pool.spec.template_.spec.requirements = std::move(requirements);
  return pool;
}

api::TopologySpreadConstraint Tsc(const std::string& key, int32_t max_skew,
                                  std::optional<Labels> selector = kLabels,
                                  const char* when = api::kDoNotSchedule) {
  api::TopologySpreadConstraint tsc;
  tsc.topology_key = key;
  tsc.max_skew = max_skew;
  tsc.when_unsatisfiable = when;
  if (selector) tsc.label_selector = MatchLabels(*selector);
  return tsc;
}

api::PodAffinityTerm Term(const std::string& key, Labels selector) {
  return topology_testing::Term(key, std::move(selector));
}

template <typename Provisioner>
std::vector<int> Skew(const Provisioner& p, const api::TopologySpreadConstraint& tsc) {
  return p.Skew(tsc.topology_key, tsc.label_selector);
}

using Counts = std::vector<int>;

// Every case runs through each provisioner: the reference loop, and the solver.
template <typename Provisioner>
class TopologyPortTest : public ::testing::Test {};
using Provisioners = ::testing::Types<ReferenceProvisioner, SolverProvisioner>;
TYPED_TEST_SUITE(TopologyPortTest, Provisioners);

TYPED_TEST(TopologyPortTest, ShouldIgnoreUnknownTopologyKeys) {
  TypeParam p({NodePool()});
  api::Pod spread = UnschedulablePod({.labels = kLabels, .spread = {Tsc("unknown", 1)}});
  api::Pod plain = UnschedulablePod({});
  const auto failed = p.Provision({spread, plain});
  EXPECT_EQ(failed, std::set<std::string>{spread.metadata.name});
  EXPECT_NE(p.NodeOf(plain.metadata.name), nullptr);
}

TYPED_TEST(TopologyPortTest, ShouldNotSpreadWhenANilLabelSelectorIsDefined) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kZone, 1, std::nullopt);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 2));
  EXPECT_EQ(Skew(p, tsc), Counts{2});
}

TYPED_TEST(TopologyPortTest, ZonalShouldBalancePodsAcrossZonesMatchLabels) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 1, 2}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldBalancePodsAcrossZonesMatchExpressions) {
  TypeParam p({NodePool()});
  auto tsc = Tsc(kZone, 1, Labels{});
  tsc.label_selector->match_expressions = {{"test", "In", {"test"}, {}}};
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 1, 2}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldRespectNodePoolZonalConstraintsSubsetWithRequirements) {
  TypeParam p({NodePool({Req(kZone, {"test-zone-1", "test-zone-2"})})});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{2, 2}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldRespectNodePoolZonalConstraintsSubsetWithLabels) {
  api::NodePool pool = NodePool();
  pool.spec.template_.metadata.labels[kZone] = "test-zone-1";
  TypeParam p({pool});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), Counts{4});
}

TYPED_TEST(TopologyPortTest,
           ZonalShouldRespectNodePoolZonalConstraintsSubsetWithLabelsAcrossNodePools) {
  api::NodePool pool = NodePool({Req(kZone, {"test-zone-1", "test-zone-2"})});
  pool.spec.template_.metadata.labels[kZone] = "test-zone-1";
  api::NodePool pool2 = NodePool({});
  pool2.spec.template_.metadata.labels[kZone] = "test-zone-2";
  TypeParam p({pool, pool2});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{2, 2}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldRespectNodePoolZonalConstraintsExistingPod) {
  TypeParam p({NodePool()});
  const PodOptions pinned{
      .labels = kLabels, .node_selector = {{kZone, "test-zone-3"}}, .cpu = "1.1"};
  EXPECT_TRUE(p.Provision({UnschedulablePod(pinned)}).empty());
  p.pools()[0].spec.template_.spec.requirements = {Req(kZone, {"test-zone-1", "test-zone-2"})};
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}, .cpu = "1.1"}, 6));
  // zone-1 and zone-2 may take two each before violating maxSkew against zone-3's one.
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 2, 2}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldScheduleToTheNonMinimumDomainIfItsAllThatsAvailable) {
  TypeParam p({NodePool({Req(kZone, {"test-zone-1"})})});
  const auto tsc = Tsc(kZone, 5);
  const PodOptions opts{.labels = kLabels, .spread = {tsc}, .cpu = "1.1"};
  p.Provision({UnschedulablePod(opts)});
  EXPECT_EQ(Skew(p, tsc), Counts{1});
  p.pools()[0].spec.template_.spec.requirements = {Req(kZone, {"test-zone-2"})};
  p.Provision({UnschedulablePod(opts)});
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 1}));
  p.pools()[0].spec.template_.spec.requirements = {Req(kZone, {"test-zone-3"})};
  p.Provision(UnschedulablePods(opts, 10));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 1, 6}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldOnlyScheduleToMinimumDomainsIfAlreadyViolatingMaxSkew) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kZone, 1);
  const PodOptions opts{.labels = kLabels, .spread = {tsc}, .cpu = "1.1"};
  p.Provision(UnschedulablePods(opts, 9));
  EXPECT_EQ(Skew(p, tsc), (Counts{3, 3, 3}));
  // Delete the pods outside test-zone-1 to create a skew.
  std::set<std::string> zone1_nodes;
  for (const api::Node& node : p.nodes()) {
    if (node.metadata.labels.at(kZone) == "test-zone-1") zone1_nodes.insert(node.metadata.name);
  }
  p.DeleteBound([&](const api::Pod& pod) { return !zone1_nodes.count(pod.spec.node_name); });
  EXPECT_EQ(Skew(p, tsc), Counts{3});
  p.Provision(UnschedulablePods(opts, 3));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 2, 3}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldNotViolateMaxSkewWhenUnsatDoNotSchedule) {
  TypeParam p({NodePool({Req(kZone, {"test-zone-1"})})});
  const auto tsc = Tsc(kZone, 1);
  const PodOptions opts{.labels = kLabels, .spread = {tsc}, .cpu = "1.1"};
  p.Provision({UnschedulablePod(opts)});
  EXPECT_EQ(Skew(p, tsc), Counts{1});
  p.pools()[0].spec.template_.spec.requirements = {Req(kZone, {"test-zone-2", "test-zone-3"})};
  p.Provision(UnschedulablePods(opts, 10));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 2, 2}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldNotViolateMaxSkewWhenUnsatDoNotScheduleDiscoverDomains) {
  TypeParam p({NodePool({Req(kZone, {"test-zone-1"})})});
  const auto tsc = Tsc(kZone, 1);
  // This pod has no constraint; its zone is discovered from its node.
  p.Provision({UnschedulablePod({.labels = kLabels, .cpu = "1.1"})});
  p.pools()[0].spec.template_.spec.requirements = {Req(kZone, {"test-zone-2", "test-zone-3"})};
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}, .cpu = "1.1"}, 10));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 2, 2}));
}

TYPED_TEST(TopologyPortTest,
           ZonalShouldOnlyCountRunningScheduledPodsWithMatchingLabelsScheduledToNodesWithADomain) {
  TypeParam p({NodePool()});
  p.AddNode(topology_testing::MakeNode("first", {{kZone, "test-zone-1"}}));
  p.AddNode(topology_testing::MakeNode("second", {{kZone, "test-zone-2"}}));
  p.AddNode(topology_testing::MakeNode("third", {}));  // missing topology domain
  auto bound = [&](Labels labels, const std::string& node, const std::string& ns = "default") {
    api::Pod pod = topology_testing::BoundPod("bound-" + std::to_string(++next_pod),
                                              std::move(labels), node, ns);
    return pod;
  };
  p.Bind(bound({}, "first"));                          // ignored, missing labels
  p.Bind(bound(kLabels, "third"));                     // ignored, no domain on node
  p.Bind(bound(kLabels, "first", "wrong-namespace"));  // ignored, wrong namespace
  api::Pod terminating = bound(kLabels, "first");
  terminating.metadata.deletion_timestamp = "2024-01-01T00:00:10Z";
  p.Bind(terminating);  // ignored, terminating
  api::Pod failed = bound(kLabels, "first");
  failed.status.phase = api::kPodFailed;
  p.Bind(failed);  // ignored, phase=Failed
  api::Pod succeeded = bound(kLabels, "first");
  succeeded.status.phase = api::kPodSucceeded;
  p.Bind(succeeded);  // ignored, phase=Succeeded
  p.Bind(bound(kLabels, "first"));
  p.Bind(bound(kLabels, "first"));
  p.Bind(bound(kLabels, "second"));
  const auto tsc = Tsc(kZone, 1);
  // The existing nodes have no instance type, so no room: both pods need new nodes.
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 2));
  // upstream's ExpectSkew counts the ignored pods with a domain too; count the live ones here.
  p.DeleteBound([](const api::Pod& pod) {
    return !pod.metadata.deletion_timestamp.empty() || pod.status.phase == api::kPodFailed ||
           pod.status.phase == api::kPodSucceeded;
  });
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 2, 2}));
}

TYPED_TEST(TopologyPortTest, ZonalShouldMatchAllPodsWhenLabelSelectorIsNotSpecified) {
  TypeParam p({NodePool()});
  p.Provision({UnschedulablePod({})});
  EXPECT_EQ(Skew(p, Tsc(kZone, 1, std::nullopt)), Counts{1});
}

TYPED_TEST(TopologyPortTest, ZonalShouldHandleInterdependentSelectors) {
  TypeParam p({NodePool()});
  // The selector matches none of the pods: they do not count, so they may all share a node.
  auto pods = UnschedulablePods({.spread = {Tsc(kHostname, 1)}}, 5);
  EXPECT_TRUE(p.Provision(pods).empty());
  std::set<std::string> nodes;
  for (const api::Pod& pod : pods) nodes.insert(p.NodeOf(pod.metadata.name)->metadata.name);
  EXPECT_EQ(nodes.size(), 1u);
}

TYPED_TEST(TopologyPortTest, ZonalShouldRespectMinDomainsConstraints) {
  TypeParam p({NodePool({Req(kZone, {"test-zone-1", "test-zone-2"})})});
  auto tsc = Tsc(kZone, 1);
  tsc.min_domains = 3;
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 3));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 1}));
}

TYPED_TEST(TopologyPortTest,
           ZonalSatisfiedMinDomainsConstraintsEqualShouldAllowExpectedPodScheduling) {
  TypeParam p({NodePool({Req(kZone, {"test-zone-1", "test-zone-2", "test-zone-3"})})});
  auto tsc = Tsc(kZone, 1);
  tsc.min_domains = 3;
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 11));
  EXPECT_EQ(Skew(p, tsc), (Counts{3, 4, 4}));
}

TYPED_TEST(TopologyPortTest,
           ZonalSatisfiedMinDomainsConstraintsGreaterThanMinimumShouldAllowExpectedPodScheduling) {
  TypeParam p({NodePool({Req(kZone, {"test-zone-1", "test-zone-2", "test-zone-3"})})});
  auto tsc = Tsc(kZone, 1);
  tsc.min_domains = 2;
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 11));
  EXPECT_EQ(Skew(p, tsc), (Counts{3, 4, 4}));
}

TYPED_TEST(TopologyPortTest, HostnameShouldBalancePodsAcrossNodes) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kHostname, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 1, 1, 1}));
}

TYPED_TEST(TopologyPortTest, HostnameShouldBalancePodsOnTheSameHostnameUpToMaxskew) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kHostname, 4);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), Counts{4});
}

TYPED_TEST(TopologyPortTest, HostnameBalanceMultipleDeploymentsWithHostnameTopologySpread) {
  TypeParam p({NodePool()});
  auto spread_pod = [](const std::string& app) {
    return PodOptions{.labels = {{"app", app}},
                      .spread = {Tsc(kHostname, 1, Labels{{"app", app}})}};
  };
  std::vector<api::Pod> pods = {
      UnschedulablePod(spread_pod("app1")), UnschedulablePod(spread_pod("app1")),
      UnschedulablePod(spread_pod("app2")), UnschedulablePod(spread_pod("app2"))};
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.nodes().size(), 2u);
}

TYPED_TEST(TopologyPortTest,
           HostnameBalanceMultipleDeploymentsWithHostnameTopologySpreadVaryingArch) {
  TypeParam p({NodePool()});
  auto spread_pod = [](const std::string& app, const std::string& arch) {
    return PodOptions{.labels = {{"app", app}},
                      .node_requirements = {Req(kArch, {arch})},
                      .spread = {Tsc(kHostname, 1, Labels{{"app", app}})}};
  };
  std::vector<api::Pod> pods = {
      UnschedulablePod(spread_pod("app1", "amd64")), UnschedulablePod(spread_pod("app1", "amd64")),
      UnschedulablePod(spread_pod("app2", "arm64")), UnschedulablePod(spread_pod("app2", "arm64"))};
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.nodes().size(), 4u);
}

TYPED_TEST(TopologyPortTest, CapacityTypeShouldBalancePodsAcrossCapacityTypes) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kCapacityType, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{2, 2}));
}

TYPED_TEST(TopologyPortTest, CapacityTypeShouldRespectNodePoolCapacityTypeConstraints) {
  TypeParam p({NodePool({Req(kCapacityType, {"spot", "on-demand"})})});
  const auto tsc = Tsc(kCapacityType, 1);
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{2, 2}));
}

TYPED_TEST(TopologyPortTest,
           CombinedShouldSpreadPodsWhileRespectingBothConstraintsHostnameAndZonal) {
  TypeParam p({NodePool()});
  const std::vector<api::TopologySpreadConstraint> tscs = {Tsc(kZone, 1), Tsc(kHostname, 3)};
  auto hostname_within_skew = [&] {
    for (int n : Skew(p, tscs[1])) EXPECT_LE(n, 3);
  };
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = tscs}, 2));
  EXPECT_EQ(Skew(p, tscs[0]), (Counts{1, 1}));
  hostname_within_skew();
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = tscs}, 3));
  EXPECT_EQ(Skew(p, tscs[0]), (Counts{1, 2, 2}));
  hostname_within_skew();
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = tscs}, 5));
  EXPECT_EQ(Skew(p, tscs[0]), (Counts{3, 3, 4}));
  hostname_within_skew();
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = tscs}, 11));
  EXPECT_EQ(Skew(p, tscs[0]), (Counts{7, 7, 7}));
  hostname_within_skew();
}

TYPED_TEST(TopologyPortTest, CombinedShouldBalancePodsAcrossNodePoolRequirements) {
  api::NodePool spot =
      NodePool({Req(kCapacityType, {"spot"}), Req("capacity.spread.4-1", {"2", "3", "4", "5"})});
  api::NodePool on_demand =
      NodePool({Req(kCapacityType, {"on-demand"}), Req("capacity.spread.4-1", {"1"})});
  TypeParam p({spot, on_demand});
  const auto tsc = Tsc("capacity.spread.4-1", 1);
  EXPECT_TRUE(p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 20)).empty());
  EXPECT_EQ(Skew(p, tsc), (Counts{4, 4, 4, 4, 4}));
  EXPECT_EQ(Skew(p, Tsc(kCapacityType, 1)), (Counts{4, 16}));
}

TYPED_TEST(TopologyPortTest,
           CombinedShouldSpreadPodsWhileRespectingBothConstraintsZonalAndScheduleAnyway) {
  api::NodePool pool = NodePool({Req(kZone, {"test-zone-1", "test-zone-2"})});
  api::NodePool pool_b = NodePool({Req(kZone, {"test-zone-3"})});
  pool_b.spec.limits[api::kResourceCPU] = Quantity::MustParse("0");
  TypeParam p({pool, pool_b});
  const std::vector<api::TopologySpreadConstraint> tscs = {
      Tsc(kZone, 1), Tsc(kHostname, 1, kLabels, api::kScheduleAnyway)};
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = tscs}, 10));
  // zone-3 exists (pool B) but cannot launch: one pod per zone-1/2, the rest would break skew.
  EXPECT_EQ(Skew(p, tscs[0]), (Counts{1, 1}));
  EXPECT_EQ(Skew(p, tscs[1]), (Counts{1, 1}));
}

TYPED_TEST(TopologyPortTest, MatchLabelKeysShouldSupportMatchLabelKeys) {
  TypeParam p({NodePool()});
  auto tsc = Tsc(kHostname, 1);
  tsc.match_label_keys = {"test-label"};
  Labels a = kLabels, b = kLabels;
  a["test-label"] = "value-a";
  b["test-label"] = "value-b";
  p.Provision(Concat(UnschedulablePods({.labels = a, .spread = {tsc}}, 2),
                     UnschedulablePods({.labels = b, .spread = {tsc}}, 2)));
  // Two nodes, each with one pod of each "deployment".
  EXPECT_EQ(Skew(p, tsc), (Counts{2, 2}));
}

TYPED_TEST(TopologyPortTest, MatchLabelKeysShouldIgnoreUnknownLabelsSpecifiedInMatchLabelKeys) {
  TypeParam p({NodePool()});
  auto tsc = Tsc(kHostname, 1);
  tsc.match_label_keys = {"test-label"};
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 4));
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 1, 1, 1}));
}

TYPED_TEST(TopologyPortTest, CombinedZonalAndNodeAffinityShouldLimitSpreadOptionsByNodeSelector) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(Concat(
      UnschedulablePods(
          {.labels = kLabels, .node_selector = {{kZone, "test-zone-1"}}, .spread = {tsc}}, 5),
      UnschedulablePods(
          {.labels = kLabels, .node_selector = {{kZone, "test-zone-2"}}, .spread = {tsc}}, 10)));
  EXPECT_EQ(Skew(p, tsc), (Counts{5, 10}));
}

TYPED_TEST(TopologyPortTest,
           CombinedZonalAndNodeAffinityShouldLimitSpreadOptionsByNodeRequirements) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels,
                                 .node_requirements = {Req(kZone, {"test-zone-1", "test-zone-2"})},
                                 .spread = {tsc}},
                                10));
  EXPECT_EQ(Skew(p, tsc), (Counts{5, 5}));
}

TYPED_TEST(TopologyPortTest,
           CombinedZonalAndNodeAffinityShouldLimitSpreadOptionsByRequiredNodeAffinity) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels,
                                 .node_requirements = {Req(kZone, {"test-zone-1", "test-zone-2"})},
                                 .spread = {tsc}},
                                6));
  EXPECT_EQ(Skew(p, tsc), (Counts{3, 3}));
  p.pools()[0].spec.template_.spec.requirements = {
      Req(kZone, {"test-zone-1", "test-zone-2", "test-zone-3"})};
  p.Provision({UnschedulablePod({.labels = kLabels,
                                 .node_requirements = {Req(kZone, {"test-zone-2", "test-zone-3"})},
                                 .spread = {tsc}})});
  // zone-3 is empty: scheduling there violates maxSkew less than anywhere else.
  EXPECT_EQ(Skew(p, tsc), (Counts{1, 3, 3}));
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}}, 5));
  EXPECT_EQ(Skew(p, tsc), (Counts{4, 4, 4}));
}

TYPED_TEST(TopologyPortTest,
           CombinedZonalAndNodeAffinityShouldNotLimitSpreadOptionsByPreferredNodeAffinity) {
  TypeParam p({NodePool()});
  const auto tsc = Tsc(kZone, 1);
  p.Provision(UnschedulablePods({.labels = kLabels,
                                 .node_preferences = {Req(kZone, {"test-zone-1", "test-zone-2"})},
                                 .spread = {tsc}},
                                6));
  EXPECT_EQ(Skew(p, tsc), (Counts{2, 2, 2}));
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldScheduleAPodWithEmptyPodAffinityAndAntiAffinity) {
  TypeParam p({NodePool()});
  api::Pod pod = UnschedulablePod({});
  topology_testing::AffinityOf(pod).pod_affinity.emplace();
  topology_testing::AffinityOf(pod).pod_anti_affinity.emplace();
  EXPECT_TRUE(p.Provision({pod}).empty());
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldRespectPodAffinityHostname) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  api::Pod aff1 = UnschedulablePod({.labels = aff});
  api::Pod aff2 = UnschedulablePod({.pod_requirements = {Term(kHostname, aff)}});
  auto pods = UnschedulablePods({.labels = kLabels, .spread = {Tsc(kHostname, 1)}}, 10);
  pods.push_back(aff1);
  pods.push_back(aff2);
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.NodeOf(aff1.metadata.name)->metadata.name,
            p.NodeOf(aff2.metadata.name)->metadata.name);
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldRespectPodAffinityArch) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  const auto tsc = Tsc(kHostname, 1, aff);
  api::Pod aff1 = UnschedulablePod(
      {.labels = aff, .node_selector = {{kArch, "arm64"}}, .spread = {tsc}, .cpu = "2"});
  api::Pod aff2 = UnschedulablePod(
      {.labels = aff, .spread = {tsc}, .pod_requirements = {Term(kArch, aff)}, .cpu = "1"});
  EXPECT_TRUE(p.Provision({aff1, aff2}).empty());
  const api::Node* n1 = p.NodeOf(aff1.metadata.name);
  const api::Node* n2 = p.NodeOf(aff2.metadata.name);
  EXPECT_EQ(n1->metadata.labels.at(kArch), n2->metadata.labels.at(kArch));
  EXPECT_NE(n1->metadata.name, n2->metadata.name);
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldRespectSelfPodAffinityHostname) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  auto pods = UnschedulablePods({.labels = aff, .pod_requirements = {Term(kHostname, aff)}}, 3);
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.nodes().size(), 1u);
}

TYPED_TEST(TopologyPortTest,
           PodAffinityShouldRespectSelfPodAffinityForFirstEmptyTopologyDomainOnly) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  const PodOptions opts{.labels = aff, .pod_requirements = {Term(kHostname, aff)}};
  // The largest default instance type holds 5 pods: one node with 5, 5 left over.
  EXPECT_EQ(p.Provision(UnschedulablePods(opts, 10)).size(), 5u);
  EXPECT_EQ(p.nodes().size(), 1u);
  // A later batch may not start a new domain either: the full node holds their peers.
  EXPECT_EQ(p.Provision(UnschedulablePods(opts, 10)).size(), 10u);
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldRespectSelfPodAffinityZone) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  EXPECT_TRUE(
      p.Provision(UnschedulablePods({.labels = aff, .pod_requirements = {Term(kZone, aff)}}, 3))
          .empty());
  EXPECT_EQ(p.nodes().size(), 1u);
}

TYPED_TEST(TopologyPortTest, PodAntiAffinityShouldNotViolatePodAntiAffinityOnZone) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  std::vector<api::Pod> pods;
  for (const char* zone : {"test-zone-1", "test-zone-2", "test-zone-3"}) {
    pods.push_back(UnschedulablePod({.labels = aff, .node_selector = {{kZone, zone}}, .cpu = "2"}));
  }
  api::Pod anti = UnschedulablePod({.pod_anti_requirements = {Term(kZone, aff)}});
  pods.push_back(anti);
  EXPECT_EQ(p.Provision(pods), std::set<std::string>{anti.metadata.name});
}

TYPED_TEST(TopologyPortTest,
           PodAntiAffinityShouldNotViolatePodAntiAffinityOnZoneOtherSchedulesFirst) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  api::Pod pod = UnschedulablePod({.labels = aff, .cpu = "2"});
  api::Pod anti = UnschedulablePod({.pod_anti_requirements = {Term(kZone, aff)}});
  EXPECT_EQ(p.Provision({pod, anti}), std::set<std::string>{anti.metadata.name});
}

TYPED_TEST(TopologyPortTest,
           PodAntiAffinityShouldSeparateNodesUsingSimplePodAntiAffinityOnHostname) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  auto pods =
      UnschedulablePods({.labels = aff, .pod_anti_requirements = {Term(kHostname, aff)}}, 3);
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.nodes().size(), 3u);
}

TYPED_TEST(TopologyPortTest, PodAntiAffinityShouldViolatePreferredPodAntiAffinityOnZoneInverse) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  std::vector<api::Pod> pods;
  for (const char* zone : {"test-zone-1", "test-zone-2", "test-zone-3"}) {
    pods.push_back(UnschedulablePod({.node_selector = {{kZone, zone}},
                                     .pod_anti_preferences = {{10, Term(kZone, aff), {}}},
                                     .cpu = "2"}));
  }
  pods.push_back(UnschedulablePod({.labels = aff}));
  // Inverse anti-affinity only tracks required terms: the last pod schedules.
  EXPECT_TRUE(p.Provision(pods).empty());
}

TYPED_TEST(TopologyPortTest, PodAntiAffinityShouldNotViolatePodAntiAffinityOnZoneInverse) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  std::vector<api::Pod> pods;
  for (const char* zone : {"test-zone-1", "test-zone-2", "test-zone-3"}) {
    pods.push_back(UnschedulablePod({.node_selector = {{kZone, zone}},
                                     .pod_anti_requirements = {Term(kZone, aff)},
                                     .cpu = "2"}));
  }
  api::Pod aff_pod = UnschedulablePod({.labels = aff});
  pods.push_back(aff_pod);
  EXPECT_EQ(p.Provision(pods), std::set<std::string>{aff_pod.metadata.name});
}

TYPED_TEST(TopologyPortTest, PodAntiAffinityShouldNotViolatePodAntiAffinityOnZoneSchrodinger) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  api::Pod anywhere = UnschedulablePod({.pod_anti_requirements = {Term(kZone, aff)}, .cpu = "2"});
  api::Pod aff_pod = UnschedulablePod({.labels = aff});
  EXPECT_EQ(p.Provision({anywhere, aff_pod}), std::set<std::string>{aff_pod.metadata.name});
  // The next pass knows the zone the first pod's node launched in.
  EXPECT_TRUE(p.Provision({aff_pod}).empty());
  EXPECT_NE(p.NodeOf(anywhere.metadata.name)->metadata.labels.at(kZone),
            p.NodeOf(aff_pod.metadata.name)->metadata.labels.at(kZone));
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldNotSchedulePodsWithAffinityToANonExistentPod) {
  TypeParam p({NodePool()});
  api::Pod pod = UnschedulablePod({.pod_requirements = {Term(kZone, {{"security", "s2"}})}});
  EXPECT_EQ(p.Provision({pod}).size(), 1u);
}

// Two tainted existing nodes carry fake-label foo and bar; the pool labels its nodes baz.
template <typename Provisioner>
Provisioner TaintedLabelCluster(const Labels& pool_labels, const Labels& node_extra = {},
                                bool tainted = true) {
  api::NodePool pool = NodePool();
  pool.spec.template_.metadata.labels = pool_labels;
  Provisioner p({pool});
  for (const char* value : {"foo", "bar"}) {
    Labels labels = node_extra;
    labels["fake-label"] = value;
    std::vector<api::Taint> taints;
    if (tainted) taints.push_back({"taintname", "taintvalue", api::kTaintEffectNoSchedule, "", {}});
    p.AddNode(topology_testing::MakeNode(std::string("node-") + value, labels, taints));
  }
  return p;
}

TYPED_TEST(TopologyPortTest, NodeTaintsPolicyShouldBalancePodsAcrossALabelIgnore) {
  TypeParam p = TaintedLabelCluster<TypeParam>({{"fake-label", "baz"}});
  auto tsc = Tsc("fake-label", 1);
  tsc.node_taints_policy = api::kNodeInclusionPolicyIgnore;
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}, .cpu = "1"}, 5));
  // Three domains known, but only baz can get nodes: one pod before the skew is exceeded.
  EXPECT_EQ(Skew(p, tsc), Counts{1});
}

TYPED_TEST(TopologyPortTest, NodeTaintsPolicyShouldBalancePodsAcrossALabelHonor) {
  TypeParam p = TaintedLabelCluster<TypeParam>({{"fake-label", "baz"}});
  auto tsc = Tsc("fake-label", 1);
  tsc.node_taints_policy = api::kNodeInclusionPolicyHonor;
  p.Provision(UnschedulablePods({.labels = kLabels, .spread = {tsc}, .cpu = "1"}, 5));
  // The tainted nodes' domains are not discovered: baz is the only domain.
  EXPECT_EQ(Skew(p, tsc), Counts{5});
}

TYPED_TEST(TopologyPortTest, NodeAffinityPolicyShouldBalancePodsAcrossALabelIgnore) {
  TypeParam p = TaintedLabelCluster<TypeParam>({{"fake-label", "baz"}, {"selector", "value"}},
                                               {{"selector", "mismatch"}}, /*tainted=*/false);
  auto tsc = Tsc("fake-label", 1);
  tsc.node_affinity_policy = api::kNodeInclusionPolicyIgnore;
  p.Provision(UnschedulablePods(
      {.labels = kLabels, .node_selector = {{"selector", "value"}}, .spread = {tsc}, .cpu = "1"},
      5));
  EXPECT_EQ(Skew(p, tsc), Counts{1});
}

TYPED_TEST(TopologyPortTest, NodeAffinityPolicyShouldBalancePodsAcrossALabelHonor) {
  TypeParam p = TaintedLabelCluster<TypeParam>({{"fake-label", "baz"}, {"selector", "value"}},
                                               {{"selector", "mismatch"}}, /*tainted=*/false);
  auto tsc = Tsc("fake-label", 1);
  tsc.node_affinity_policy = api::kNodeInclusionPolicyHonor;
  p.Provision(UnschedulablePods(
      {.labels = kLabels, .node_selector = {{"selector", "value"}}, .spread = {tsc}, .cpu = "1"},
      5));
  EXPECT_EQ(Skew(p, tsc), Counts{5});
}

TYPED_TEST(TopologyPortTest,
           PodAntiAffinityShouldNotViolatePodAntiAffinityOnZoneInverseWithExistingNodes) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  std::vector<api::Pod> pods;
  for (const char* zone : {"test-zone-1", "test-zone-2", "test-zone-3"}) {
    pods.push_back(UnschedulablePod({.node_selector = {{kZone, zone}},
                                     .pod_anti_requirements = {Term(kZone, aff)},
                                     .cpu = "2"}));
  }
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.nodes().size(), 3u);
  // Every zone now holds an existing pod whose anti-affinity forbids this one.
  EXPECT_EQ(p.Provision({UnschedulablePod({.labels = aff})}).size(), 1u);
}

TYPED_TEST(TopologyPortTest, PodAntiAffinityShouldSupportPodAntiAffinityWithAZoneTopology) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  const PodOptions opts{.labels = aff, .pod_anti_requirements = {Term(kZone, aff)}};
  const std::optional<api::LabelSelector> all;
  // Late committal: each pass places one pod, whose zone is only known once its node exists.
  p.Provision(UnschedulablePods(opts, 3));
  EXPECT_EQ(p.Skew(kZone, all), Counts{1});
  p.Provision(UnschedulablePods(opts, 3));
  EXPECT_EQ(p.Skew(kZone, all), (Counts{1, 1}));
  p.Provision(UnschedulablePods(opts, 3));
  EXPECT_EQ(p.Skew(kZone, all), (Counts{1, 1, 1}));
  p.Provision(UnschedulablePods(opts, 3));
  EXPECT_EQ(p.Skew(kZone, all), (Counts{1, 1, 1}));
}

TYPED_TEST(TopologyPortTest,
           PodAffinityShouldSupportPodAffinityWithZoneTopologyUnconstrainedTarget) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  auto aff_pods = UnschedulablePods({.pod_requirements = {Term(kZone, aff)}}, 10);
  api::Pod target = UnschedulablePod({.labels = aff});
  // The target's zone is undecided in this pass, so nothing can follow it yet.
  EXPECT_EQ(p.Provision(Concat(aff_pods, {target})).size(), 10u);
  const std::optional<api::LabelSelector> all;
  EXPECT_EQ(p.Skew(kZone, all), Counts{1});
  EXPECT_TRUE(p.Provision(aff_pods).empty());
  EXPECT_EQ(p.Skew(kZone, all), Counts{11});
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldSupportPodAffinityWithZoneTopologyConstrainedTarget) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  auto pods = UnschedulablePods({.pod_requirements = {Term(kZone, aff)}}, 10);
  pods.push_back(
      UnschedulablePod({.labels = aff, .node_requirements = {Req(kZone, {"test-zone-1"})}}));
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.Skew(kZone, std::nullopt), Counts{11});
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldHandleMultipleDependentAffinities) {
  const Labels db{{"type", "db"}, {"spread", "spread"}}, web{{"type", "web"}, {"spread", "spread"}},
      cache{{"type", "cache"}, {"spread", "spread"}}, ui{{"type", "ui"}, {"spread", "spread"}};
  TypeParam p({NodePool()});
  // Queued in reverse dependency order: failed pods are retried until none progresses.
  std::vector<api::Pod> pods = {
      UnschedulablePod({.labels = ui, .pod_requirements = {Term(kHostname, cache)}}),
      UnschedulablePod({.labels = cache, .pod_requirements = {Term(kHostname, web)}}),
      UnschedulablePod({.labels = web, .pod_requirements = {Term(kHostname, db)}}),
      UnschedulablePod({.labels = db})};
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(p.nodes().size(), 1u);
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldFailToSchedulePodsWithUnsatisfiableDependencies) {
  TypeParam p({NodePool()});
  api::Pod pod = UnschedulablePod({.labels = {{"type", "db"}, {"spread", "spread"}},
                                   .pod_requirements = {Term(kHostname, {{"type", "web"}})}});
  EXPECT_EQ(p.Provision({pod}).size(), 1u);
}

std::vector<api::Pod> NamespaceScenario(const api::PodAffinityTerm& term, api::Pod* target,
                                        api::Pod* follower) {
  auto pods = UnschedulablePods({.labels = kLabels, .spread = {Tsc(kHostname, 1)}}, 10);
  *target = UnschedulablePod({.labels = {{"security", "s2"}}, .ns = "other-ns"});
  *follower = UnschedulablePod({.pod_requirements = {term}});
  pods.push_back(*target);
  pods.push_back(*follower);
  return pods;
}

TYPED_TEST(TopologyPortTest,
           PodAffinityShouldFilterPodAffinityTopologiesByNamespaceNoMatchingPods) {
  TypeParam p({NodePool()});
  api::Pod target, follower;
  auto pods = NamespaceScenario(Term(kHostname, {{"security", "s2"}}), &target, &follower);
  EXPECT_EQ(p.Provision(pods), std::set<std::string>{follower.metadata.name});
}

TYPED_TEST(TopologyPortTest,
           PodAffinityShouldFilterPodAffinityTopologiesByNamespaceMatchingPodsNamespaceList) {
  TypeParam p({NodePool()});
  api::PodAffinityTerm term = Term(kHostname, {{"security", "s2"}});
  term.namespaces = {"other-ns"};
  api::Pod target, follower;
  EXPECT_TRUE(p.Provision(NamespaceScenario(term, &target, &follower)).empty());
  EXPECT_EQ(p.NodeOf(target.metadata.name)->metadata.name,
            p.NodeOf(follower.metadata.name)->metadata.name);
}

TYPED_TEST(TopologyPortTest,
           PodAffinityShouldFilterPodAffinityTopologiesByNamespaceEmptyNamespaceSelector) {
  TypeParam p({NodePool()});
  api::PodAffinityTerm term = Term(kHostname, {{"security", "s2"}});
  term.namespace_selector = api::LabelSelector{};
  api::Pod target, follower;
  EXPECT_TRUE(p.Provision(NamespaceScenario(term, &target, &follower)).empty());
  EXPECT_EQ(p.NodeOf(target.metadata.name)->metadata.name,
            p.NodeOf(follower.metadata.name)->metadata.name);
}

TYPED_TEST(TopologyPortTest, PodAffinityShouldAllowViolationOfPreferredPodAffinity) {
  TypeParam p({NodePool()});
  api::Pod aff2 =
      UnschedulablePod({.pod_preferences = {{50, Term(kHostname, {{"security", "s2"}}), {}}}});
  auto pods = UnschedulablePods({.labels = kLabels, .spread = {Tsc(kHostname, 1)}}, 10);
  pods.push_back(aff2);
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_NE(p.NodeOf(aff2.metadata.name), nullptr);
}

TYPED_TEST(TopologyPortTest, PodAntiAffinityShouldAllowViolationOfPreferredPodAntiAffinity) {
  TypeParam p({NodePool()});
  auto aff_pods = UnschedulablePods({.pod_anti_preferences = {{50, Term(kZone, kLabels), {}}}}, 10);
  auto pods = UnschedulablePods({.labels = kLabels, .spread = {Tsc(kZone, 1)}}, 3);
  EXPECT_TRUE(p.Provision(Concat(pods, aff_pods)).empty());
}

TYPED_TEST(
    TopologyPortTest,
    PodAffinityShouldAllowViolationOfAPodAffinityPreferenceWithAConflictingRequiredConstraint) {
  TypeParam p({NodePool()});
  const Labels aff{{"security", "s2"}};
  const auto constraint = Tsc(kHostname, 1);
  auto pods = UnschedulablePods({.labels = kLabels,
                                 .spread = {constraint},
                                 .pod_preferences = {{50, Term(kHostname, aff), {}}}},
                                3);
  pods.push_back(UnschedulablePod({.labels = aff}));
  EXPECT_TRUE(p.Provision(pods).empty());
  EXPECT_EQ(Skew(p, constraint), (Counts{1, 1, 1}));
}

}  // namespace
}  // namespace tidepool::scheduling
