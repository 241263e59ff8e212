// Unit tests of TopologyGroup's domain choice, without a solver. The rules are those of
// kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/topologygroup.go.
#include "scheduling/topology_group.h"

#include <gtest/gtest.h>

#include "api/well_known_labels.h"
#include "scheduling/topology_test_util.h"

namespace tidepool::scheduling {
namespace {

using topology_testing::In;
using topology_testing::Labels;
using topology_testing::MakePod;

const std::string kZone(api::kLabelTopologyZone);
const std::string kHostname(api::kLabelHostname);

TopologyGroup MakeGroup(TopologyType type, const std::string& key, Labels selector,
                        int32_t max_skew = 1, std::optional<int32_t> min_domains = std::nullopt) {
  auto compiled =
      api::Selector::FromLabelSelector(topology_testing::MatchLabels(std::move(selector)));
  EXPECT_TRUE(compiled.has_value());
  return TopologyGroup(type, key, {"default"}, *compiled, max_skew, min_domains,
                       TopologyNodeFilter());
}

std::vector<std::string> Get(const TopologyGroup& group, const api::Pod& pod,
                             const api::Requirement* pod_domains,
                             const api::Requirement* node_domains,
                             std::vector<std::string>* valid = nullptr) {
  DomainList chosen;
  DomainList valid_list;
  const bool ok = group.Get(pod, pod_domains, node_domains, chosen, &valid_list);
  EXPECT_EQ(ok, !chosen.empty());
  if (valid) *valid = valid_list.Sorted();
  return chosen.Sorted();
}

using Domains = std::vector<std::string>;

TEST(TopologyGroupTest, SpreadChoosesLeastLoadedValidDomain) {
  TopologyGroup group = MakeGroup(TopologyType::kSpread, kZone, {{"app", "a"}});
  for (const char* zone : {"z1", "z2", "z3"}) group.Register(zone);
  group.Record("z1");
  group.Record("z3");
  const api::Pod pod = MakePod("p", {{"app", "a"}});
  std::vector<std::string> valid;
  EXPECT_EQ(Get(group, pod, nullptr, nullptr, &valid), Domains{"z2"});
  // count + self - min <= maxSkew: z2 (0+1-0) is the only valid one.
  EXPECT_EQ(valid, Domains{"z2"});
  group.Record("z2");
  // All at 1: each is valid, the tie goes to the smallest name.
  EXPECT_EQ(Get(group, pod, nullptr, nullptr, &valid), Domains{"z1"});
  EXPECT_EQ(valid, (Domains{"z1", "z2", "z3"}));
}

TEST(TopologyGroupTest, SpreadHonoursNodeAndPodDomains) {
  TopologyGroup group = MakeGroup(TopologyType::kSpread, kZone, {{"app", "a"}});
  for (const char* zone : {"z1", "z2", "z3"}) group.Register(zone);
  group.Record("z2");
  const api::Pod pod = MakePod("p", {{"app", "a"}});
  const api::Requirement node = In(kZone, {"z2", "z3"});
  EXPECT_EQ(Get(group, pod, nullptr, &node), Domains{"z3"});
  const api::Requirement only_z2 = In(kZone, {"z2"});
  EXPECT_EQ(Get(group, pod, nullptr, &only_z2), Domains{});
  // The global minimum only counts domains the pod may use: z1 and z3 empty, z2 has one. A pod
  // limited to z2 sees a minimum of 1, so z2 (1+1-1) is fine.
  EXPECT_EQ(Get(group, pod, &only_z2, &only_z2), Domains{"z2"});
}

TEST(TopologyGroupTest, SpreadNotSelectingItselfDoesNotCountItself) {
  TopologyGroup group = MakeGroup(TopologyType::kSpread, kZone, {{"app", "a"}});
  for (const char* zone : {"z1", "z2"}) group.Register(zone);
  group.Record("z1");
  const api::Pod other = MakePod("p", {{"app", "b"}});
  std::vector<std::string> valid;
  EXPECT_EQ(Get(group, other, nullptr, nullptr, &valid), Domains{"z2"});
  EXPECT_EQ(valid, (Domains{"z1", "z2"}));
}

TEST(TopologyGroupTest, SpreadMinDomainsMakesGlobalMinimumZero) {
  TopologyGroup group = MakeGroup(TopologyType::kSpread, kZone, {{"app", "a"}}, 1, 3);
  for (const char* zone : {"z1", "z2"}) group.Register(zone);
  group.Record("z1");
  group.Record("z2");
  const api::Pod pod = MakePod("p", {{"app", "a"}});
  // Two domains < minDomains 3: minimum 0, so count 1 + 1 > maxSkew everywhere.
  EXPECT_EQ(Get(group, pod, nullptr, nullptr), Domains{});
  group.Register("z3");
  EXPECT_EQ(Get(group, pod, nullptr, nullptr), Domains{"z3"});
}

TEST(TopologyGroupTest, HostnameSpreadOnlyLooksAtTheNode) {
  TopologyGroup group = MakeGroup(TopologyType::kSpread, kHostname, {{"app", "a"}}, 2);
  group.Record("node-a");
  group.Record("node-a");
  const api::Pod pod = MakePod("p", {{"app", "a"}});
  const api::Requirement node_a = In(kHostname, {"node-a"});
  const api::Requirement fresh = In(kHostname, {"hostname-placeholder-1"});
  EXPECT_EQ(Get(group, pod, nullptr, &node_a), Domains{});
  EXPECT_EQ(Get(group, pod, nullptr, &fresh), Domains{"hostname-placeholder-1"});
}

TEST(TopologyGroupTest, AffinityFollowsSelectedPods) {
  TopologyGroup group = MakeGroup(TopologyType::kPodAffinity, kZone, {{"app", "db"}});
  for (const char* zone : {"z1", "z2", "z3"}) group.Register(zone);
  const api::Pod web = MakePod("web", {{"app", "web"}});
  // No db pod anywhere and web does not select itself: nowhere to go.
  EXPECT_EQ(Get(group, web, nullptr, nullptr), Domains{});
  group.Record("z2");
  EXPECT_EQ(Get(group, web, nullptr, nullptr), Domains{"z2"});
  const api::Requirement z13 = In(kZone, {"z1", "z3"});
  EXPECT_EQ(Get(group, web, nullptr, &z13), Domains{});
}

TEST(TopologyGroupTest, SelfAffinityBootstraps) {
  TopologyGroup group = MakeGroup(TopologyType::kPodAffinity, kZone, {{"app", "db"}});
  for (const char* zone : {"z1", "z2", "z3"}) group.Register(zone);
  const api::Pod db = MakePod("db", {{"app", "db"}});
  const api::Requirement z23 = In(kZone, {"z2", "z3"});
  // Empty group, self-selecting: a domain in both the pod's and the node's domains.
  EXPECT_EQ(Get(group, db, &z23, &z23), Domains{"z2"});
  group.Record("z1");
  // The only db pod is in z1, which this pod may not use: it may bootstrap again.
  EXPECT_EQ(Get(group, db, &z23, &z23), Domains{"z2"});
  // Without the restriction it must follow z1.
  EXPECT_EQ(Get(group, db, nullptr, nullptr), Domains{"z1"});
}

TEST(TopologyGroupTest, HostnameAffinityOnNewNode) {
  TopologyGroup group = MakeGroup(TopologyType::kPodAffinity, kHostname, {{"app", "db"}});
  const api::Pod db = MakePod("db", {{"app", "db"}});
  const api::Requirement host1 = In(kHostname, {"h1"});
  const api::Requirement host2 = In(kHostname, {"h2"});
  EXPECT_EQ(Get(group, db, nullptr, &host1), Domains{"h1"});
  group.Record("h1");
  EXPECT_EQ(Get(group, db, nullptr, &host1), Domains{"h1"});
  EXPECT_EQ(Get(group, db, nullptr, &host2), Domains{});
}

TEST(TopologyGroupTest, AntiAffinityNeedsEmptyDomains) {
  TopologyGroup group = MakeGroup(TopologyType::kPodAntiAffinity, kZone, {{"app", "a"}});
  for (const char* zone : {"z1", "z2", "z3"}) group.Register(zone);
  group.Record("z1");
  const api::Pod pod = MakePod("p", {{"app", "a"}});
  EXPECT_EQ(Get(group, pod, nullptr, nullptr), (Domains{"z2", "z3"}));
  const api::Requirement z12 = In(kZone, {"z1", "z2"});
  EXPECT_EQ(Get(group, pod, nullptr, &z12), Domains{"z2"});
  EXPECT_EQ(Get(group, pod, &z12, nullptr), Domains{"z2"});
  group.Record("z2");
  group.Record("z3");
  EXPECT_EQ(Get(group, pod, nullptr, nullptr), Domains{});
}

TEST(TopologyGroupTest, HostnameAntiAffinity) {
  TopologyGroup group = MakeGroup(TopologyType::kPodAntiAffinity, kHostname, {{"app", "a"}});
  const api::Pod pod = MakePod("p", {{"app", "a"}});
  const api::Requirement host1 = In(kHostname, {"h1"});
  EXPECT_EQ(Get(group, pod, nullptr, &host1), Domains{"h1"});
  group.Record("h1");
  EXPECT_EQ(Get(group, pod, nullptr, &host1), Domains{});
}

TEST(TopologyGroupTest, RegisterUnregisterAndCounts) {
  TopologyGroup group = MakeGroup(TopologyType::kPodAntiAffinity, kZone, {{"app", "a"}});
  group.Register("z1");
  group.Record("z1");
  group.Register("z1");  // keeps the count
  EXPECT_EQ(group.Count("z1"), 1);
  group.Unregister("z1");
  EXPECT_FALSE(group.HasDomain("z1"));
  EXPECT_EQ(group.Count("z1"), 0);
  group.Register("z1");
  EXPECT_EQ(group.Count("z1"), 0);
  const api::Pod pod = MakePod("p", {{"app", "a"}});
  EXPECT_EQ(Get(group, pod, nullptr, nullptr), Domains{"z1"});
  group.Record("z1");
  EXPECT_EQ(Get(group, pod, nullptr, nullptr), Domains{});
  EXPECT_EQ(group.CountsByDomain(), (std::map<std::string, int32_t>{{"z1", 1}}));
}

TEST(TopologyGroupTest, CountsStringTruncatesLikePrettyMap) {
  TopologyGroup group = MakeGroup(TopologyType::kSpread, kZone, {});
  for (int i = 0; i < 4; ++i) group.Register("z" + std::to_string(i));
  group.Record("z2");
  EXPECT_EQ(group.CountsString(25), "z0: 0, z1: 0, z2: 1, z3: 0");
  EXPECT_EQ(group.CountsString(2), "z0: 0, z1: 0 and 2 other(s)");
}

TEST(TopologyGroupTest, SelectsByNamespaceAndSelector) {
  auto compiled = api::Selector::FromLabelSelector(topology_testing::MatchLabels({{"app", "a"}}));
  ASSERT_TRUE(compiled.has_value());
  TopologyGroup group(TopologyType::kSpread, kZone, {"ns1", "ns2"}, *compiled, 1, std::nullopt,
                      TopologyNodeFilter());
  EXPECT_TRUE(group.Selects(MakePod("p", {{"app", "a"}}, "ns2")));
  EXPECT_FALSE(group.Selects(MakePod("p", {{"app", "a"}}, "default")));
  EXPECT_FALSE(group.Selects(MakePod("p", {{"app", "b"}}, "ns1")));
  TopologyGroup nothing(TopologyType::kSpread, kZone, {"default"}, api::Selector::Nothing(), 1,
                        std::nullopt, TopologyNodeFilter());
  EXPECT_FALSE(nothing.Selects(MakePod("p", {{"app", "a"}})));
}

}  // namespace
}  // namespace tidepool::scheduling
