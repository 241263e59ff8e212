// Topology at the size of Karpenter's scheduling benchmark: 10,000 "diverse" pods (a fifth each
// generic, zonal spread, hostname spread, zonal self-affinity, hostname anti-affinity; labels from
// a..g) placed by a first-fit loop over claims of at most 20 pods. Checks that groups are shared
// and that the placement obeys every constraint; `--gtest_filter=TopologyScale*` also gives a
// feel for the cost of MayAdmit/Narrow (about two million calls).
#include <gtest/gtest.h>

#include <set>

#include "api/well_known_labels.h"
#include "scheduling/topology.h"
#include "scheduling/topology_test_util.h"

namespace tidepool::scheduling {
namespace {

using topology_testing::AddPodAffinity;
using topology_testing::AddPodAntiAffinity;
using topology_testing::In;
using topology_testing::MakePod;
using topology_testing::Spread;
using topology_testing::Term;

const std::string kZone(api::kLabelTopologyZone);
const std::string kHostname(api::kLabelHostname);

enum Kind { kGeneric, kZonalSpread, kHostnameSpread, kZonalAffinity, kHostnameAntiAffinity };

struct Claim {
  api::Requirements requirements;
  std::vector<size_t> pods;
};

TEST(TopologyScaleTest, DiverseTenThousandPods) {
  constexpr int kPods = 10000;
  constexpr size_t kPodsPerClaim = 20;
  api::NodePool pool;
  pool.spec.template_.spec.requirements.push_back(
      {kZone, "In", {"test-zone-1", "test-zone-2", "test-zone-3"}, std::nullopt, {}});

  uint64_t seed = 42;  // a fixed LCG: the same pods on every run
  auto draw = [&](int n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((seed >> 33) % n);
  };
  auto value = [&] { return std::string(1, static_cast<char>('a' + draw(7))); };
  std::vector<api::Pod> pods;
  std::vector<Kind> kinds;
  for (int i = 0; i < kPods; ++i) {
    const auto kind = static_cast<Kind>(i * 5 / kPods);
    api::Pod pod = MakePod("p" + std::to_string(i));
    switch (kind) {
      case kGeneric:
        pod.metadata.labels = {{"my-label", value()}};
        break;
      case kZonalSpread:
      case kHostnameSpread:
        pod.metadata.labels = {{"my-label", value()}};
        pod.spec.topology_spread_constraints.push_back(
            Spread(kind == kZonalSpread ? kZone : kHostname, 1, {{"my-label", value()}}));
        break;
      case kZonalAffinity: {
        const std::string v = value();
        pod.metadata.labels = {{"my-affininity", v}};
        AddPodAffinity(pod, Term(kZone, {{"my-affininity", v}}));
        break;
      }
      case kHostnameAntiAffinity:
        pod.metadata.labels = {{"app", "nginx"}};
        AddPodAntiAffinity(pod, Term(kHostname, {{"app", "nginx"}}));
        break;
    }
    pods.push_back(std::move(pod));
    kinds.push_back(kind);
  }
  std::vector<const api::Pod*> pod_ptrs;
  for (const api::Pod& pod : pods) pod_ptrs.push_back(&pod);
  TopologyNodePool node_pool{&pool, {}};
  auto made = Topology::Make(TopologyInput{{&node_pool, 1}, {}, {}, pod_ptrs});
  ASSERT_TRUE(made.has_value());
  Topology& topology = **made;
  // 7 zonal spreads, 7 hostname spreads, 7 zonal affinities, 1 anti-affinity, 1 inverse.
  EXPECT_EQ(topology.Groups().size(), 23u);

  const auto allow = api::AllowUndefinedWellKnownLabels();
  const api::Requirements base =
      api::Requirements::FromNodeSelectorRequirements(pool.spec.template_.spec.requirements);
  std::vector<Claim> claims;
  for (size_t i = 0; i < pods.size(); ++i) {
    const api::Pod& pod = pods[i];
    bool placed = false;
    for (Claim& claim : claims) {
      if (claim.pods.size() >= kPodsPerClaim) continue;
      if (!topology.MayAdmit(pod, {}, claim.requirements, allow)) continue;
      api::Requirements requirements = claim.requirements;
      if (!topology.Narrow(pod, {}, {}, requirements, allow)) continue;
      claim.requirements = std::move(requirements);
      claim.pods.push_back(i);
      topology.Record(pod, {}, claim.requirements);
      placed = true;
      break;
    }
    if (placed) continue;
    api::Requirements requirements = base;
    const std::string hostname = "hostname-placeholder-" + std::to_string(claims.size());
    requirements.Add(In(kHostname, {hostname}));
    ASSERT_TRUE(topology.Narrow(pod, {}, {}, requirements, allow)) << pod.metadata.name;
    topology.Register(kHostname, hostname);
    claims.push_back({std::move(requirements), {i}});
    topology.Record(pod, {}, claims.back().requirements);
  }

  std::map<std::string, std::set<std::string>> affinity_zones;  // label value -> zones
  for (const Claim& claim : claims) {
    int nginx = 0;
    for (size_t i : claim.pods) {
      if (kinds[i] == kHostnameAntiAffinity) ++nginx;
      if (kinds[i] == kZonalAffinity) {
        const api::Requirement zone = claim.requirements.Get(kZone);
        ASSERT_EQ(zone.values().size(), 1u);
        affinity_zones[pods[i].metadata.labels.at("my-affininity")].insert(zone.values()[0]);
      }
    }
    EXPECT_LE(nginx, 1);
  }
  EXPECT_EQ(affinity_zones.size(), 7u);
  for (const auto& [label, zones] : affinity_zones) EXPECT_EQ(zones.size(), 1u) << label;
  // Spread and affinity pods always end up with one zone (their groups count them there).
  for (const Claim& claim : claims) {
    for (size_t i : claim.pods) {
      if (kinds[i] == kZonalSpread || kinds[i] == kZonalAffinity) {
        EXPECT_EQ(claim.requirements.Get(kZone).values().size(), 1u);
      }
    }
  }
}

}  // namespace
}  // namespace tidepool::scheduling
