// Scheduler::Solve(pods, excluded) against a fresh Scheduler over the filtered input: the
// Results must be identical (claims, their requirements, instance types, pods and requests;
// pods placed on existing nodes; pod errors with their text) on random-ish clusters, many
// simulations per Scheduler, as consolidation runs them.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "api/resource_math.h"
#include "core/random.h"
#include "scheduling/cluster_workload.h"
#include "scheduling/scheduler.h"
#include "scheduling/topology_group.h"
#include "scheduling/topology_group_spec.h"

namespace tidepool::scheduling {
namespace {

SchedulerOptions Options() {
  SchedulerOptions options;
  options.well_known_labels = &WorkloadWellKnownLabels();
  return options;
}

// Everything observable in Results, as text (pods by name, so a mismatch reads well).
std::string Describe(const Results& results) {
  std::ostringstream out;
  for (const NewNodeClaim& claim : results.new_node_claims) {
    out << "claim " << claim.node_pool << " " << claim.hostname << " req{"
        << claim.requirements.String() << "} requests{" << api::ResourceListString(claim.requests)
        << "} types{";
    for (const cloud::InstanceTypePtr& type : claim.instance_type_options) out << type->name << ",";
    out << "} pods{";
    for (const api::Pod* pod : claim.pods) out << pod->metadata.name << ",";
    out << "}\n";
  }
  for (const auto& [node, pods] : results.existing_nodes) {
    out << "existing " << node << " {";
    for (const api::Pod* pod : pods) out << pod->metadata.name << ",";
    out << "}\n";
  }
  for (const PodError& error : results.pod_errors) {
    out << "error " << error.pod->metadata.name << ": " << error.reason << "\n";
  }
  return out.str();
}

std::string FreshSolve(const SchedulerInput& input, const std::vector<bool>& excluded,
                       std::span<const api::Pod* const> pods) {
  SchedulerInput filtered = input;
  filtered.existing_nodes.clear();
  for (size_t i = 0; i < input.existing_nodes.size(); ++i) {
    if (!excluded[i]) filtered.existing_nodes.push_back(input.existing_nodes[i]);
  }
  Scheduler fresh(std::move(filtered), Options());
  Result<Results> results = fresh.Solve(pods);
  EXPECT_TRUE(results.has_value());
  return results ? Describe(*results) : "failed";
}

// Single candidates, pairs and random sets, with and without pending pods, on one Scheduler.
// Returns how many simulations reported a topology error (whose text lists domain counts).
int ExpectReuseMatchesFresh(WorkloadCluster& cluster, const SchedulerInput& input, uint64_t seed,
                            int simulations) {
  Random random(seed);
  Scheduler reused(input, Options());
  const size_t n = input.existing_nodes.size();
  std::vector<const api::Pod*> pending = cluster.AddPendingReplicas(3, seed + 1);
  size_t nonempty = 0;
  int topology_errors = 0;
  for (int sim = 0; sim < simulations; ++sim) {
    std::vector<bool> excluded(n, false);
    const int64_t size = sim % 3 == 0 ? 1 : random.UniformInt(1, std::min<int64_t>(6, n));
    std::vector<const api::Pod*> pods;
    if (sim % 4 == 1) pods = pending;
    for (int64_t k = 0; k < size; ++k) {
      const auto node = static_cast<size_t>(random.UniformInt(0, n - 1));
      if (excluded[node]) continue;
      excluded[node] = true;
      // Sometimes only every other pod moves (upstream leaves out pods a PDB blocks): the rest
      // vanish with the node and must count nowhere.
      const bool some = sim % 5 == 2;
      size_t i = 0;
      for (const api::Pod* pod : cluster.ReschedulablePods(node)) {
        if (!some || i++ % 2 == 0) pods.push_back(pod);
      }
    }
    Result<Results> results = reused.Solve(pods, excluded);
    EXPECT_TRUE(results.has_value()) << results.error().message();
    if (!results) return topology_errors;
    const std::string got = Describe(*results);
    EXPECT_EQ(got, FreshSolve(input, excluded, pods)) << "simulation " << sim;
    if (got != FreshSolve(input, excluded, pods)) return topology_errors;
    nonempty += got.empty() ? 0 : 1;
    if (got.find("unsatisfiable topology constraint") != std::string::npos) ++topology_errors;
  }
  EXPECT_GT(nonempty, 0u);
  return topology_errors;
}

TEST(SchedulerReuseTest, MatchesFreshSchedulerOnFullClusters) {
  for (uint64_t seed : {1, 2, 3}) {
    WorkloadOptions options;
    options.nodes = 24;
    options.seed = seed;
    options.min_fill = 0.9;
    options.max_fill = 1.0;
    WorkloadCluster cluster(options);
    ExpectReuseMatchesFresh(cluster, cluster.Input(), seed * 7, 40);
  }
}

TEST(SchedulerReuseTest, MatchesFreshSchedulerWithSlack) {
  WorkloadOptions options;
  options.nodes = 40;
  options.seed = 11;
  options.min_fill = 0.3;
  options.max_fill = 0.7;
  WorkloadCluster cluster(options);
  ExpectReuseMatchesFresh(cluster, cluster.Input(), 5, 40);
}

// Zonal spread constraints that the pool cannot satisfy give topology errors listing counts.
TEST(SchedulerReuseTest, MatchesFreshSchedulerWithZoneRestrictedPoolAndLimits) {
  WorkloadOptions options;
  options.nodes = 30;
  options.seed = 21;
  options.min_fill = 0.9;
  options.max_fill = 1.0;
  options.pool_zones = {"test-zone-a"};
  options.pool_cpu_limit = "1000";
  WorkloadCluster cluster(options);
  EXPECT_GT(ExpectReuseMatchesFresh(cluster, cluster.Input(), 9, 40), 0);
}

// NodePool limits nearly used up by the existing nodes: excluding a node frees its capacity.
TEST(SchedulerReuseTest, MatchesFreshSchedulerWithNearlyExhaustedLimits) {
  WorkloadOptions options;
  options.nodes = 30;
  options.seed = 23;
  options.min_fill = 0.9;
  options.max_fill = 1.0;
  WorkloadCluster probe(options);
  int64_t cpu = 0;
  for (const api::Node& node : probe.nodes()) {
    cpu += node.status.capacity.at(api::kResourceCPU).Value();
  }
  options.pool_cpu_limit = std::to_string(cpu + 8);
  WorkloadCluster cluster(options);
  ExpectReuseMatchesFresh(cluster, cluster.Input(), 15, 40);
}

TEST(SchedulerReuseTest, MatchesFreshSchedulerWithDeletingAndConsolidateAfterNodes) {
  WorkloadOptions options;
  options.nodes = 30;
  options.seed = 31;
  options.min_fill = 0.5;
  options.max_fill = 0.9;
  WorkloadCluster cluster(options);
  SchedulerInput input = cluster.Input();
  for (size_t i = 0; i < input.existing_nodes.size(); ++i) {
    if (i % 7 == 3) input.existing_nodes[i].marked_for_deletion = true;
    if (i % 5 == 1) input.existing_nodes[i].under_consolidate_after = true;
    if (i % 11 == 2) input.existing_nodes[i].initialized = false;
  }
  ExpectReuseMatchesFresh(cluster, input, 13, 40);
}

TEST(SchedulerReuseTest, MatchesFreshSchedulerWithoutTopology) {
  WorkloadOptions options;
  options.nodes = 30;
  options.seed = 41;
  options.topology = false;
  options.daemon_set = false;
  WorkloadCluster cluster(options);
  ExpectReuseMatchesFresh(cluster, cluster.Input(), 17, 30);
}

// Pods of nodes under consolidateAfter stay off those nodes unless pending or from a deleting
// node (upstream scheduler.go addToExistingNode with IsConsolidationSimulation).
TEST(SchedulerReuseTest, NodesUnderConsolidateAfterTakeOnlyPendingPods) {
  WorkloadOptions options;
  options.nodes = 6;
  options.seed = 3;
  options.min_fill = 0.2;
  options.max_fill = 0.3;
  WorkloadCluster cluster(options);
  SchedulerInput input = cluster.Input();
  for (ExistingNodeInput& node : input.existing_nodes) node.under_consolidate_after = true;
  std::vector<bool> excluded(input.existing_nodes.size(), false);
  excluded[0] = true;
  std::vector<const api::Pod*> moving = cluster.ReschedulablePods(0);
  ASSERT_FALSE(moving.empty());
  Scheduler scheduler(input, Options());
  Result<Results> results = scheduler.Solve(moving, excluded);
  ASSERT_TRUE(results.has_value());
  EXPECT_TRUE(results->existing_nodes.empty());
  EXPECT_FALSE(results->new_node_claims.empty());

  // The same pods pending (not yet running anywhere) may use them.
  std::vector<const api::Pod*> pending = cluster.AddPendingReplicas(2, 5);
  results = scheduler.Solve(pending, excluded);
  ASSERT_TRUE(results.has_value());
  EXPECT_FALSE(results->existing_nodes.empty());

  // And so may pods of a node marked for deletion.
  input.existing_nodes[0].marked_for_deletion = true;
  Scheduler with_deleting(input, Options());
  results = with_deleting.Solve(moving, {});
  ASSERT_TRUE(results.has_value());
  EXPECT_FALSE(results->existing_nodes.empty());
}

// Implicit hostnames read as registered with count 0 until stored ones override them.
TEST(TopologyGroupImplicitDomainsTest, ReadAsRegisteredZeroCountDomains) {
  TopologyGroup group(TopologyType::kPodAntiAffinity, std::string(api::kLabelHostname), {"default"},
                      api::Selector::Nothing(), kAffinityMaxSkew, std::nullopt, {});
  const std::vector<std::string_view> implicit = {"node-a", "node-b", "node-c"};
  group.SetImplicitDomains(&implicit);
  group.Record("node-b");
  group.Register("placeholder-1");
  EXPECT_TRUE(group.HasDomain("node-a"));
  EXPECT_FALSE(group.HasDomain("node-z"));
  EXPECT_EQ(group.Count("node-b"), 1);
  EXPECT_EQ(group.Count("node-a"), 0);
  EXPECT_EQ(group.CountsString(2), "node-a: 0, node-b: 1 and 2 other(s)");
  group.Unregister("node-c");
  EXPECT_FALSE(group.HasDomain("node-c"));
  const std::map<std::string, int32_t> expected = {
      {"node-a", 0}, {"node-b", 1}, {"placeholder-1", 0}};
  EXPECT_EQ(group.CountsByDomain(), expected);
}

}  // namespace
}  // namespace tidepool::scheduling
