// Tests of Topology through a minimal placement loop (MiniSolver below) that calls it the way
// Karpenter's scheduler does: Narrow on each candidate node, Register + Record on commit. The
// scenarios follow kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/
// topology_test.go; the full ports through the real solver live in topology_solver_test.cc.
#include "scheduling/topology.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "api/karpenter/nodepool.h"
#include "api/well_known_labels.h"
#include "scheduling/topology_test_util.h"

namespace tidepool::scheduling {
namespace {

using topology_testing::AddPodAffinity;
using topology_testing::AddPodAntiAffinity;
using topology_testing::AddPreferredPodAntiAffinity;
using topology_testing::BoundPod;
using topology_testing::In;
using topology_testing::Labels;
using topology_testing::MakeNode;
using topology_testing::MakePod;
using topology_testing::Reqs;
using topology_testing::Spread;
using topology_testing::Term;

const std::string kZone(api::kLabelTopologyZone);
const std::string kHostname(api::kLabelHostname);
const std::string kCapacityType(api::kCapacityTypeLabelKey);
const Labels kApp{{"app", "web"}};

api::NodePool MakePool(std::vector<std::string> zones,
                       std::vector<std::string> capacity_types = {"spot", "on-demand"},
                       std::vector<api::Taint> taints = {}) {
  api::NodePool pool;
  pool.metadata.name = "default";
  auto& reqs = pool.spec.template_.spec.requirements;
  reqs.push_back({kZone, "In", std::move(zones), std::nullopt, {}});
  reqs.push_back({kCapacityType, "In", std::move(capacity_types), std::nullopt, {}});
  pool.spec.template_.spec.taints = std::move(taints);
  return pool;
}

// Places pods on new "claims" (at most `max_pods` each) the way the solver would, so that the
// Topology API is exercised end to end without the solver.
class MiniSolver {
 public:
  MiniSolver(const api::NodePool& pool, std::vector<api::Pod> pods,
             std::vector<api::Node> nodes = {}, std::vector<api::Pod> existing = {},
             size_t max_pods = 1000, TopologyOptions options = {})
      : pool_(pool),
        pods_(std::move(pods)),
        nodes_(std::move(nodes)),
        existing_(std::move(existing)),
        max_pods_(max_pods) {
    std::vector<const api::Pod*> pod_ptrs;
    for (const api::Pod& p : pods_) pod_ptrs.push_back(&p);
    std::vector<const api::Node*> node_ptrs;
    for (const api::Node& n : nodes_) node_ptrs.push_back(&n);
    std::vector<const api::Pod*> existing_ptrs;
    for (const api::Pod& p : existing_) existing_ptrs.push_back(&p);
    TopologyNodePool np{&pool_, {}};
    TopologyInput input{{&np, 1}, node_ptrs, existing_ptrs, pod_ptrs};
    auto topology = Topology::Make(input, std::move(options));
    EXPECT_TRUE(topology.has_value()) << (topology ? "" : topology.error().message());
    if (topology) topology_ = std::move(*topology);
    // Existing nodes are candidates too, with their labels as requirements.
    for (const api::Node& n : nodes_) {
      api::Requirements reqs = api::Requirements::FromLabels(n.metadata.labels);
      reqs.Add(In(kHostname, {n.metadata.name}));
      claims_.push_back({std::move(reqs), n.spec.taints, {}, true});
      topology_->Register(kHostname, n.metadata.name);
    }
  }

  // Schedules every pod in order; returns the names of the pods that did not fit.
  std::vector<std::string> Solve() {
    std::vector<std::string> failed;
    for (const api::Pod& pod : pods_) {
      if (!Schedule(pod)) failed.push_back(pod.metadata.name);
    }
    return failed;
  }

  bool Schedule(const api::Pod& pod) {
    const api::Requirements pod_reqs = api::Requirements::FromLabels(pod.spec.node_selector);
    const auto allow = api::AllowUndefinedWellKnownLabels();
    for (Claim& claim : claims_) {
      if (claim.pods.size() >= max_pods_) continue;
      if (!claim.requirements.IsCompatible(pod_reqs, allow)) continue;
      api::Requirements reqs = claim.requirements;
      reqs.Add(pod_reqs);
      if (!topology_->Narrow(pod, claim.taints, pod_reqs, reqs, allow)) continue;
      Commit(claim, pod, std::move(reqs));
      return true;
    }
    api::Requirements reqs =
        api::Requirements::FromNodeSelectorRequirements(pool_.spec.template_.spec.requirements);
    const std::string hostname = "hostname-placeholder-" + std::to_string(next_host_++);
    reqs.Add(In(kHostname, {hostname}));
    if (!reqs.IsCompatible(pod_reqs, allow)) return false;
    reqs.Add(pod_reqs);
    if (!topology_->Narrow(pod, pool_.spec.template_.spec.taints, pod_reqs, reqs, allow)) {
      auto added =
          topology_->AddRequirements(pod, pool_.spec.template_.spec.taints, pod_reqs, reqs);
      last_error_ = added ? "conflicting topology domains" : added.error().message();
      return false;
    }
    claims_.push_back({{}, pool_.spec.template_.spec.taints, {}, false});
    topology_->Register(kHostname, hostname);
    Commit(claims_.back(), pod, std::move(reqs));
    return true;
  }

  // Pods per domain of `key` over the claims (upstream ExpectSkew).
  std::map<std::string, int> Skew(const std::string& key, const Labels& selector = kApp) const {
    std::map<std::string, int> out;
    for (const Claim& claim : claims_) {
      const api::Requirement* r = claim.requirements.Find(key);
      if (r == nullptr || r->values().size() != 1) continue;
      for (const api::Pod* pod : claim.pods) {
        const bool selected = std::all_of(selector.begin(), selector.end(), [&](const auto& kv) {
          auto it = pod->metadata.labels.find(kv.first);
          return it != pod->metadata.labels.end() && it->second == kv.second;
        });
        if (selected) ++out[r->values().front()];
      }
    }
    return out;
  }
  std::vector<int> SortedSkew(const std::string& key, const Labels& selector = kApp) const {
    std::vector<int> out;
    for (const auto& [domain, n] : Skew(key, selector)) out.push_back(n);
    std::sort(out.begin(), out.end());
    return out;
  }
  size_t new_claims() const {
    return std::count_if(claims_.begin(), claims_.end(),
                         [](const Claim& c) { return !c.existing && !c.pods.empty(); });
  }
  Topology& topology() { return *topology_; }
  const api::Requirements& claim_requirements(size_t i) const { return claims_.at(i).requirements; }
  const std::string& last_error() const { return last_error_; }

 private:
  struct Claim {
    api::Requirements requirements;
    std::vector<api::Taint> taints;
    std::vector<const api::Pod*> pods;
    bool existing;
  };
  void Commit(Claim& claim, const api::Pod& pod, api::Requirements reqs) {
    claim.requirements = std::move(reqs);
    claim.pods.push_back(&pod);
    topology_->Record(pod, claim.taints, claim.requirements);
  }

  const api::NodePool& pool_;
  std::vector<api::Pod> pods_;
  std::vector<api::Node> nodes_;
  std::vector<api::Pod> existing_;
  size_t max_pods_;
  std::unique_ptr<Topology> topology_;
  std::vector<Claim> claims_;
  int next_host_ = 0;
  std::string last_error_;
};

std::vector<api::Pod> Replicas(int n, const std::string& prefix, Labels labels,
                               const std::function<void(api::Pod&)>& decorate) {
  std::vector<api::Pod> pods;
  for (int i = 0; i < n; ++i) {
    pods.push_back(MakePod(prefix + std::to_string(i), labels));
    decorate(pods.back());
  }
  return pods;
}

using Counts = std::vector<int>;

// topology_test.go "should balance pods across zones (match labels)".
TEST(TopologyTest, ZonalSpreadBalances) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  MiniSolver solver(pool, Replicas(4, "p", kApp, [](api::Pod& p) {
                      p.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
                    }));
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.SortedSkew(kZone), (Counts{1, 1, 2}));
}

// "should respect NodePool zonal constraints (subset)": only the pool's zones are domains.
TEST(TopologyTest, ZonalSpreadUsesPoolZonesOnly) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  MiniSolver solver(pool, Replicas(4, "p", kApp, [](api::Pod& p) {
                      p.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
                    }));
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.Skew(kZone),
            (std::map<std::string, int>{{"test-zone-1", 2}, {"test-zone-2", 2}}));
}

// "should balance pods across nodes" (hostname spread, maxSkew 1): one pod per node.
TEST(TopologyTest, HostnameSpreadOnePodPerNode) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  MiniSolver solver(pool, Replicas(4, "p", kApp, [](api::Pod& p) {
                      p.spec.topology_spread_constraints.push_back(Spread(kHostname, 1, kApp));
                    }));
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.SortedSkew(kHostname), (Counts{1, 1, 1, 1}));
  EXPECT_EQ(solver.new_claims(), 4u);
}

// "should balance pods on the same hostname up to maxskew".
TEST(TopologyTest, HostnameSpreadUpToMaxSkew) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  MiniSolver solver(pool, Replicas(4, "p", kApp, [](api::Pod& p) {
                      p.spec.topology_spread_constraints.push_back(Spread(kHostname, 4, kApp));
                    }));
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.SortedSkew(kHostname), (Counts{4}));
}

// "should balance pods across capacity types".
TEST(TopologyTest, CapacityTypeSpread) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  MiniSolver solver(pool, Replicas(4, "p", kApp, [](api::Pod& p) {
                      p.spec.topology_spread_constraints.push_back(Spread(kCapacityType, 1, kApp));
                    }));
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.SortedSkew(kCapacityType), (Counts{2, 2}));
}

// "should not violate max-skew when unsat = do not schedule" with existing pods counted: two
// zones already hold 1 and 2 pods, so new pods fill the emptier zone first.
TEST(TopologyTest, ExistingPodsAreCounted) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  std::vector<api::Node> nodes = {
      MakeNode("n1", {{kZone, "test-zone-1"}, {kHostname, "n1"}}),
      MakeNode("n2", {{kZone, "test-zone-2"}, {kHostname, "n2"}}),
  };
  std::vector<api::Pod> existing = {
      BoundPod("e1", kApp, "n1"),
      BoundPod("e2", kApp, "n2"),
      BoundPod("e3", kApp, "n2"),
      // Not counted: another namespace, another label, finished, terminating, unknown node.
      BoundPod("x1", kApp, "n1", "other"),
      BoundPod("x2", {{"app", "db"}}, "n1"),
      BoundPod("x3", kApp, "n1"),
      BoundPod("x4", kApp, "n1"),
      BoundPod("x5", kApp, "gone"),
  };
  existing[5].status.phase = api::kPodSucceeded;
  existing[6].metadata.deletion_timestamp = "2024-01-01T00:00:00Z";
  auto pods = Replicas(3, "p", kApp, [](api::Pod& p) {
    p.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  });
  MiniSolver solver(pool, pods, nodes, existing);
  const auto groups = solver.topology().Groups();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].counts, (std::map<std::string, int32_t>{
                                  {"test-zone-1", 1}, {"test-zone-2", 2}, {"test-zone-3", 0}}));
  EXPECT_EQ(groups[0].owners, 3u);
  EXPECT_TRUE(solver.Solve().empty());
  // 1,2,0 plus 3 pods: zone-3 gets two, zone-1 one -> 2,2,2.
  const auto after = solver.topology().Groups()[0].counts;
  EXPECT_EQ(after, (std::map<std::string, int32_t>{
                       {"test-zone-1", 2}, {"test-zone-2", 2}, {"test-zone-3", 2}}));
}

// A pending pod that also appears among the cluster's pods is counted where it lands only.
TEST(TopologyTest, PendingPodsAreNotCountedTwice) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  std::vector<api::Node> nodes = {MakeNode("n1", {{kZone, "test-zone-1"}})};
  api::Pod moving = BoundPod("p0", kApp, "n1");
  moving.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  MiniSolver solver(pool, {moving}, nodes, {moving});
  EXPECT_EQ(solver.topology().Groups()[0].counts,
            (std::map<std::string, int32_t>{{"test-zone-1", 0}, {"test-zone-2", 0}}));
}

// Hostname counting falls back to the node name when the label is missing.
TEST(TopologyTest, HostnameFallsBackToNodeName) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  std::vector<api::Node> nodes = {MakeNode("n1", {{kZone, "test-zone-1"}})};
  api::Pod pod = MakePod("p", kApp);
  AddPodAffinity(pod, Term(kHostname, kApp));
  MiniSolver solver(pool, {pod}, nodes, {BoundPod("e1", kApp, "n1")});
  EXPECT_EQ(solver.topology().Groups()[0].counts.at("n1"), 1);
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.new_claims(), 0u);  // joined its peer on n1
}

// Identical constraints share one group, however many pods carry them.
TEST(TopologyTest, GroupsAreSharedBetweenIdenticalConstraints) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  auto pods = Replicas(100, "p", kApp, [](api::Pod& p) {
    p.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
    AddPodAntiAffinity(p, Term(kHostname, kApp));
  });
  // The same selector written with expressions in another order is the same group.
  api::Pod reordered = MakePod("q", kApp);
  api::TopologySpreadConstraint tsc = Spread(kZone, 1, {});
  tsc.label_selector->match_expressions = {{"b", "In", {"2", "1"}, {}}, {"a", "Exists", {}, {}}};
  reordered.spec.topology_spread_constraints.push_back(tsc);
  api::Pod reordered2 = MakePod("r", kApp);
  tsc.label_selector->match_expressions = {{"a", "Exists", {}, {}}, {"b", "In", {"1", "2"}, {}}};
  reordered2.spec.topology_spread_constraints.push_back(tsc);
  pods.push_back(reordered);
  pods.push_back(reordered2);
  MiniSolver solver(pool, pods);
  const auto groups = solver.topology().Groups();
  // zonal spread, hostname anti-affinity, the expression spread, and the inverse group.
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].owners, 100u);
  EXPECT_EQ(groups[1].owners, 100u);
  EXPECT_EQ(groups[2].owners, 2u);
  EXPECT_TRUE(groups[3].inverse);
}

// "should not schedule pods with a different minDomains together": minDomains is part of the
// group identity here (upstream's hash leaves it out).
TEST(TopologyTest, MinDomainsSeparatesGroups) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  api::Pod a = MakePod("a", kApp);
  a.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  api::Pod b = MakePod("b", kApp);
  b.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  b.spec.topology_spread_constraints[0].min_domains = 3;
  MiniSolver solver(pool, {a, b});
  EXPECT_EQ(solver.topology().Groups().size(), 2u);
}

// minDomains larger than the zones available: each zone may hold at most maxSkew pods.
TEST(TopologyTest, MinDomainsCapsPodsPerZone) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  MiniSolver solver(pool, Replicas(5, "p", kApp, [](api::Pod& p) {
                      p.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
                      p.spec.topology_spread_constraints[0].min_domains = 4;
                    }));
  EXPECT_EQ(solver.Solve().size(), 2u);
  EXPECT_EQ(solver.SortedSkew(kZone), (Counts{1, 1, 1}));
  EXPECT_NE(solver.last_error().find("unsatisfiable topology constraint for topology spread, "
                                     "key=topology.kubernetes.io/zone (counts = test-zone-1: 1, "
                                     "test-zone-2: 1, test-zone-3: 1, podDomains = "
                                     "topology.kubernetes.io/zone Exists, nodeDomains = "
                                     "topology.kubernetes.io/zone In [test-zone-1 test-zone-2 "
                                     "test-zone-3]"),
            std::string::npos)
      << solver.last_error();
}

// "should schedule pods with zonal self-affinity to the same zone".
TEST(TopologyTest, ZonalSelfAffinity) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  MiniSolver solver(
      pool, Replicas(6, "p", kApp, [](api::Pod& p) { AddPodAffinity(p, Term(kZone, kApp)); }), {},
      {}, /*max_pods=*/2);
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.SortedSkew(kZone), (Counts{6}));
  EXPECT_EQ(solver.new_claims(), 3u);
}

// "should not schedule pods with affinity to a non-existent pod".
TEST(TopologyTest, AffinityToMissingPodFails) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  api::Pod pod = MakePod("p", kApp);
  AddPodAffinity(pod, Term(kZone, {{"app", "db"}}));
  MiniSolver solver(pool, {pod});
  EXPECT_EQ(solver.Solve(), std::vector<std::string>{"p"});
  EXPECT_NE(solver.last_error().find("unsatisfiable topology constraint for pod affinity"),
            std::string::npos);
}

// "should schedule a pod with pod affinity to an existing pod's zone".
TEST(TopologyTest, AffinityFollowsExistingPod) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  std::vector<api::Node> nodes = {MakeNode("n2", {{kZone, "test-zone-2"}, {kHostname, "n2"}},
                                           {{"dedicated", "db", "NoSchedule", "", {}}})};
  api::Pod pod = MakePod("p", kApp);
  AddPodAffinity(pod, Term(kZone, {{"app", "db"}}));
  MiniSolver solver(pool, {pod}, nodes, {BoundPod("db", {{"app", "db"}}, "n2")});
  // The existing node is tainted (the mini solver does not check taints, so it is a candidate);
  // either way the pod must land in test-zone-2.
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.Skew(kZone), (std::map<std::string, int>{{"test-zone-2", 1}}));
}

// "should not violate pod anti-affinity on zone": pods pinned to each zone fill every zone, so
// the pod with zonal anti-affinity to them has nowhere to go.
TEST(TopologyTest, ZonalAntiAffinityBlockedEverywhere) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  std::vector<api::Pod> pods;
  for (const char* zone : {"test-zone-1", "test-zone-2", "test-zone-3"}) {
    pods.push_back(MakePod(std::string("pinned-") + zone, kApp));
    pods.back().spec.node_selector = {{kZone, zone}};
  }
  api::Pod anti = MakePod("anti", {{"app", "other"}});
  AddPodAntiAffinity(anti, Term(kZone, kApp));
  pods.push_back(anti);
  MiniSolver solver(pool, pods, {}, {}, /*max_pods=*/1);
  EXPECT_EQ(solver.Solve(), std::vector<std::string>{"anti"});
  EXPECT_EQ(solver.SortedSkew(kZone), (Counts{1, 1, 1}));
}

// "should not violate pod anti-affinity on zone (Schrödinger)": a pod with zonal anti-affinity
// whose zone is not decided yet blocks every zone it may still land in.
TEST(TopologyTest, ZonalAntiAffinityUndecidedZoneBlocksAll) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  api::Pod anywhere = MakePod("anywhere", {{"app", "other"}});
  AddPodAntiAffinity(anywhere, Term(kZone, kApp));
  MiniSolver solver(pool, {anywhere, MakePod("p", kApp)}, {}, {}, /*max_pods=*/1);
  EXPECT_EQ(solver.Solve(), std::vector<std::string>{"p"});
  EXPECT_EQ(solver.claim_requirements(0).Get(kZone),
            In(kZone, {"test-zone-1", "test-zone-2", "test-zone-3"}));
}

TEST(TopologyTest, HostnameAntiAffinityOnePerNode) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  MiniSolver solver(pool, Replicas(5, "p", kApp, [](api::Pod& p) {
                      AddPodAntiAffinity(p, Term(kHostname, kApp));
                    }));
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.new_claims(), 5u);
}

// "should not violate pod anti-affinity on zone (inverse)": an existing pod's anti-affinity keeps
// new pods it selects out of its zone, though they have no anti-affinity themselves.
TEST(TopologyTest, InverseAntiAffinityFromExistingPod) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  std::vector<api::Node> nodes = {MakeNode("n1", {{kZone, "test-zone-1"}, {kHostname, "n1"}})};
  api::Pod guard = BoundPod("guard", {{"app", "guard"}}, "n1");
  AddPodAntiAffinity(guard, Term(kZone, kApp));
  api::Pod pod = MakePod("p", kApp);
  pod.spec.node_selector = {{kZone, "test-zone-1"}};
  MiniSolver blocked(pool, {pod}, nodes, {guard});
  EXPECT_EQ(blocked.Solve(), std::vector<std::string>{"p"});
  EXPECT_NE(blocked.last_error().find("unsatisfiable topology constraint for pod anti-affinity"),
            std::string::npos);
  api::Pod free_pod = MakePod("q", kApp);
  MiniSolver solver(pool, {free_pod}, nodes, {guard});
  EXPECT_TRUE(solver.Solve().empty());
  // Not on n1 (zone 1), and a new claim limited to the other zones.
  EXPECT_EQ(solver.new_claims(), 1u);
  EXPECT_EQ(solver.claim_requirements(1).Get(kZone), In(kZone, {"test-zone-2", "test-zone-3"}));
}

// Inverse anti-affinity among pods of the same batch: the pod with anti-affinity lands first
// and blocks the zone for the pods it selects.
TEST(TopologyTest, InverseAntiAffinityWithinBatch) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  api::Pod guard = MakePod("guard", {{"app", "guard"}});
  guard.spec.node_selector = {{kZone, "test-zone-1"}};
  AddPodAntiAffinity(guard, Term(kZone, kApp));
  auto pods = Replicas(3, "p", kApp, [](api::Pod&) {});
  pods.insert(pods.begin(), guard);
  MiniSolver solver(pool, pods);
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.Skew(kZone), (std::map<std::string, int>{{"test-zone-2", 3}}));
}

// nodeTaintsPolicy Honor: domains only offered by tainted pools the pod does not tolerate are
// not counted (upstream "should balance pods across zones with nodeTaintsPolicy=Honor").
TEST(TopologyTest, NodeTaintsPolicyHonorSkipsUntoleratedDomains) {
  api::NodePool tainted = MakePool({"test-zone-3"}, {"spot"}, {{"t", "v", "NoSchedule", "", {}}});
  tainted.metadata.name = "tainted";
  api::NodePool plain = MakePool({"test-zone-1", "test-zone-2"});
  auto make = [&](const std::optional<std::string>& policy) {
    api::Pod pod = MakePod("p", kApp);
    pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
    pod.spec.topology_spread_constraints[0].node_taints_policy = policy;
    std::vector<const api::Pod*> pods = {&pod};
    std::vector<TopologyNodePool> pools = {{&plain, {}}, {&tainted, {}}};
    TopologyInput input{pools, {}, {}, pods};
    auto topology = Topology::Make(input);
    EXPECT_TRUE(topology.has_value());
    return (*topology)->Groups()[0].counts.size();
  };
  EXPECT_EQ(make(std::nullopt), 3u);
  EXPECT_EQ(make(std::string(api::kNodeInclusionPolicyHonor)), 2u);
}

// nodeAffinityPolicy Honor (default): pods on nodes outside the pod's nodeSelector do not count;
// Ignore counts them.
TEST(TopologyTest, NodeAffinityPolicy) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  std::vector<api::Node> nodes = {
      MakeNode("n1", {{kZone, "test-zone-1"}, {"tier", "gold"}}),
      MakeNode("n2", {{kZone, "test-zone-2"}, {"tier", "bronze"}}),
  };
  std::vector<api::Pod> existing = {BoundPod("e1", kApp, "n1"), BoundPod("e2", kApp, "n2")};
  auto counts = [&](const std::optional<std::string>& policy) {
    api::Pod pod = MakePod("p", kApp);
    pod.spec.node_selector = {{"tier", "gold"}};
    pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
    pod.spec.topology_spread_constraints[0].node_affinity_policy = policy;
    MiniSolver solver(pool, {pod}, nodes, existing);
    return solver.topology().Groups()[0].counts;
  };
  EXPECT_EQ(counts(std::nullopt),
            (std::map<std::string, int32_t>{{"test-zone-1", 1}, {"test-zone-2", 0}}));
  EXPECT_EQ(counts(std::string(api::kNodeInclusionPolicyIgnore)),
            (std::map<std::string, int32_t>{{"test-zone-1", 1}, {"test-zone-2", 1}}));
}

// matchLabelKeys: pods of different revisions form separate spreads.
TEST(TopologyTest, MatchLabelKeysSplitsGroups) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  std::vector<api::Pod> pods;
  for (int i = 0; i < 4; ++i) {
    api::Pod pod = MakePod("p" + std::to_string(i), {{"app", "web"}, {"rev", i < 2 ? "1" : "2"}});
    pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
    pod.spec.topology_spread_constraints[0].match_label_keys = {"rev"};
    pods.push_back(pod);
  }
  MiniSolver solver(pool, pods);
  ASSERT_EQ(solver.topology().Groups().size(), 2u);
  EXPECT_TRUE(solver.Solve().empty());
  EXPECT_EQ(solver.SortedSkew(kZone, {{"rev", "1"}}), (Counts{1, 1}));
  EXPECT_EQ(solver.SortedSkew(kZone, {{"rev", "2"}}), (Counts{1, 1}));
}

// Update after relaxation: a pod that no longer has its preferred anti-affinity stops owning
// the group.
TEST(TopologyTest, UpdateDropsRelaxedPreferences) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  api::Pod pod = MakePod("p", kApp);
  AddPreferredPodAntiAffinity(pod, Term(kZone, kApp));
  MiniSolver solver(pool, {pod});
  ASSERT_TRUE(solver.topology().Constrains(pod));
  EXPECT_EQ(solver.topology().Groups()[0].owners, 1u);
  pod.spec.affinity.reset();
  ASSERT_TRUE(solver.topology().Update(pod).has_value());
  EXPECT_EQ(solver.topology().Groups()[0].owners, 0u);
  EXPECT_FALSE(solver.topology().Constrains(pod));
}

// With preferences ignored, ScheduleAnyway spreads and preferred terms make no groups.
TEST(TopologyTest, IgnorePreferences) {
  const api::NodePool pool = MakePool({"test-zone-1"});
  api::Pod pod = MakePod("p", kApp);
  AddPreferredPodAntiAffinity(pod, Term(kZone, kApp));
  pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp, api::kScheduleAnyway));
  TopologyOptions options;
  options.ignore_preferences = true;
  MiniSolver solver(pool, {pod}, {}, {}, 1000, options);
  EXPECT_TRUE(solver.topology().Groups().empty());
}

// Narrow leaves the node untouched on failure and refuses keys the node does not define unless
// the caller allows them.
TEST(TopologyTest, NarrowContract) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  api::Pod pod = MakePod("p", kApp);
  pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  MiniSolver solver(pool, {pod});
  Topology& topology = solver.topology();
  api::Requirements node = Reqs({In(kHostname, {"h"})});
  const api::Requirements before = node;
  EXPECT_FALSE(topology.Narrow(pod, {}, {}, node));
  EXPECT_EQ(node, before);
  const auto allow = api::AllowUndefinedWellKnownLabels();
  EXPECT_TRUE(topology.Narrow(pod, {}, {}, node, allow));
  EXPECT_EQ(node.Get(kZone), In(kZone, {"test-zone-1"}));
  // AddRequirements gives the same domains on a copy.
  auto added = topology.AddRequirements(pod, {}, {}, before);
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(added->Get(kZone), In(kZone, {"test-zone-1"}));
  // MayAdmit agrees, before the node's requirements are merged with the pod's.
  EXPECT_FALSE(topology.MayAdmit(pod, {}, before));
  EXPECT_TRUE(topology.MayAdmit(pod, {}, before, allow));
  EXPECT_TRUE(topology.MayAdmit(pod, Reqs({In(kZone, {"test-zone-2"})}), before));
  // A pod no group cares about is not narrowed.
  api::Pod other = MakePod("o", {{"app", "other"}});
  api::Requirements untouched = before;
  EXPECT_FALSE(topology.Constrains(other));
  EXPECT_TRUE(topology.Narrow(other, {}, {}, untouched));
  EXPECT_EQ(untouched, before);
}

// Narrow adds a key the node did not define (allowed) while another group's decision refers to
// the node's own hostname requirement: both must survive the node's requirements growing.
TEST(TopologyTest, NarrowAddsNewKeysSafely) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  api::Pod pod = MakePod("p", kApp);
  pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  pod.spec.topology_spread_constraints.push_back(Spread(kCapacityType, 1, kApp));
  AddPodAntiAffinity(pod, Term(kHostname, kApp));
  MiniSolver solver(pool, {pod});
  api::Requirements node = Reqs({In(kHostname, {"a-very-long-hostname-placeholder-0001"})});
  ASSERT_TRUE(solver.topology().Narrow(pod, {}, {}, node, api::AllowUndefinedWellKnownLabels()));
  EXPECT_EQ(node.Get(kZone), In(kZone, {"test-zone-1"}));
  EXPECT_EQ(node.Get(kCapacityType), In(kCapacityType, {"on-demand"}));
  EXPECT_EQ(node.Get(kHostname), In(kHostname, {"a-very-long-hostname-placeholder-0001"}));
}

// Two groups on the same key that pick different domains conflict.
TEST(TopologyTest, ConflictingGroupsFail) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  std::vector<api::Node> nodes = {MakeNode("n1", {{kZone, "test-zone-1"}})};
  api::Pod pod = MakePod("p", {{"app", "web"}, {"tier", "x"}});
  pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, {{"tier", "x"}}));
  // web has one pod in zone-2, tier one in zone-1: the spreads want opposite zones.
  MiniSolver solver(
      pool, {pod},
      {MakeNode("n1", {{kZone, "test-zone-1"}}), MakeNode("n2", {{kZone, "test-zone-2"}})},
      {BoundPod("e1", kApp, "n2"), BoundPod("e2", {{"tier", "x"}}, "n1")});
  api::Requirements node = Reqs({In(kZone, {"test-zone-1", "test-zone-2"})});
  EXPECT_FALSE(solver.topology().Narrow(pod, {}, {}, node));
  auto added = solver.topology().AddRequirements(pod, {}, {}, node);
  ASSERT_TRUE(added.has_value());  // upstream leaves the conflict to the caller's Compatible
  EXPECT_FALSE(node.Compatible(*added).has_value());
}

TEST(TopologyTest, ZoneConstraints) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2", "test-zone-3"});
  std::vector<api::Node> nodes = {MakeNode("n1", {{kZone, "test-zone-1"}})};
  api::Pod pod = MakePod("p", kApp);
  pod.spec.topology_spread_constraints.push_back(Spread(kZone, 1, kApp));
  MiniSolver solver(pool, {pod}, nodes, {BoundPod("e1", kApp, "n1")});
  ZoneConstraint zones = solver.topology().ZoneConstraints(pod, {});
  EXPECT_TRUE(zones.satisfiable);
  EXPECT_TRUE(zones.constrained);
  EXPECT_EQ(zones.zones, (std::vector<std::string>{"test-zone-2", "test-zone-3"}));
  api::Pod free_pod = MakePod("q", {{"app", "other"}});
  EXPECT_FALSE(solver.topology().ZoneConstraints(free_pod, {}).constrained);
}

// namespaceSelector picks namespaces by their labels; an empty one picks all known namespaces.
TEST(TopologyTest, NamespaceSelector) {
  const api::NodePool pool = MakePool({"test-zone-1", "test-zone-2"});
  std::vector<api::Node> nodes = {MakeNode("n1", {{kZone, "test-zone-1"}})};
  std::vector<api::Pod> existing = {BoundPod("e1", kApp, "n1", "team-a"),
                                    BoundPod("e2", kApp, "n1", "team-b")};
  auto count = [&](std::optional<api::LabelSelector> ns_selector) {
    api::Pod pod = MakePod("p", kApp);
    api::PodAffinityTerm term = Term(kZone, kApp);
    term.namespace_selector = std::move(ns_selector);
    AddPodAntiAffinity(pod, term);
    TopologyOptions options;
    options.namespace_labels = {{"team-a", {{"team", "a"}}}, {"team-b", {{"team", "b"}}}};
    MiniSolver solver(pool, {pod}, nodes, existing, 1000, options);
    return solver.topology().Groups()[0].counts.at("test-zone-1");
  };
  EXPECT_EQ(count(std::nullopt), 0);  // own namespace only
  EXPECT_EQ(count(topology_testing::MatchLabels({{"team", "a"}})), 1);
  EXPECT_EQ(count(api::LabelSelector{}), 2);
}

}  // namespace
}  // namespace tidepool::scheduling
