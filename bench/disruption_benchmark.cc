// Disruption benchmarks (issue #5: "one full consolidation pass over 100, 1,000 and 5,000 nodes
// with realistic pod mixes; under 1 s for 1,000 nodes on one core").
//
// The cluster is scheduling::WorkloadCluster: KWOK nodes of 4-32 vCPU in four zones, filled to
// 75-95% of cpu with Deployment replicas (generic, zonal spread, hostname anti-affinity, hostname
// spread, on-demand pinned) plus one DaemonSet pod per node; ~12 pods per node.
//
// BM_SingleNodeSimulations: what single-node consolidation does when nothing consolidates: one
// scheduling simulation per node ("the cluster minus this node, plus its pods"). mode 0 builds a
// fresh Scheduler over the filtered input per simulation (as upstream's SimulateScheduling does),
// over a sample of the candidates; mode 1 reuses one Scheduler for the whole pass
// (Scheduler::Solve(pods, excluded)) over every candidate. `sims/s` is comparable between modes;
// `pass_s` is the estimated time of a pass over every node.
//
//   cmake --build build --target disruption_benchmark
//   taskset -c 1 build/bench/disruption_benchmark --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "api/karpenter/nodeclaim.h"
#include "cloud/cloud_provider.h"
#include "cloud/kwok_catalog.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "disruption/controller.h"
#include "disruption/multi_node_consolidation.h"
#include "disruption/nodeclaim_disruption.h"
#include "disruption/single_node_consolidation.h"
#include "scheduling/cluster_workload.h"
#include "scheduling/scheduler.h"

namespace tidepool {
namespace {

constexpr size_t kFreshSample = 20;

scheduling::SchedulerOptions BenchOptions() {
  scheduling::SchedulerOptions options;
  options.well_known_labels = &scheduling::WorkloadWellKnownLabels();
  return options;
}

const scheduling::WorkloadCluster& Cluster(int nodes) {
  static std::vector<std::unique_ptr<scheduling::WorkloadCluster>> clusters;
  for (const auto& cluster : clusters) {
    if (static_cast<int>(cluster->nodes().size()) == nodes) return *cluster;
  }
  scheduling::WorkloadOptions options;
  options.nodes = nodes;
  options.seed = 42;
  clusters.push_back(std::make_unique<scheduling::WorkloadCluster>(options));
  return *clusters.back();
}

// args: nodes, mode (0 fresh Scheduler per simulation, 1 one reused Scheduler)
void BM_SingleNodeSimulations(benchmark::State& state) {
  const int nodes = static_cast<int>(state.range(0));
  const bool reuse = state.range(1) == 1;
  const scheduling::WorkloadCluster& cluster = Cluster(nodes);
  const size_t candidates =
      reuse ? cluster.nodes().size() : std::min(kFreshSample, cluster.nodes().size());
  std::vector<std::vector<const api::Pod*>> pods(candidates);
  for (size_t c = 0; c < candidates; ++c) pods[c] = cluster.ReschedulablePods(c);
  const scheduling::SchedulerInput input = cluster.Input();

  size_t deletable = 0;  // candidates whose pods all fit on the other nodes
  for (auto _ : state) {
    deletable = 0;
    std::unique_ptr<scheduling::Scheduler> shared;
    if (reuse) shared = std::make_unique<scheduling::Scheduler>(input, BenchOptions());
    std::vector<bool> excluded(input.existing_nodes.size(), false);
    for (size_t c = 0; c < candidates; ++c) {
      Result<scheduling::Results> results;
      if (reuse) {
        excluded[c] = true;
        results = shared->Solve(pods[c], excluded);
        excluded[c] = false;
      } else {
        scheduling::SchedulerInput filtered = input;
        filtered.existing_nodes.erase(filtered.existing_nodes.begin() +
                                      static_cast<std::ptrdiff_t>(c));
        scheduling::Scheduler fresh(std::move(filtered), BenchOptions());
        results = fresh.Solve(pods[c]);
      }
      if (!results) {
        state.SkipWithError(results.error().message().c_str());
        return;
      }
      if (results->new_node_claims.empty() && results->pod_errors.empty()) ++deletable;
    }
  }
  state.counters["sims/s"] = benchmark::Counter(static_cast<double>(candidates),
                                                benchmark::Counter::kIsIterationInvariantRate);
  state.counters["pods"] = static_cast<double>(cluster.pod_count());
  state.counters["deletable"] = static_cast<double>(deletable);
  state.counters["sims"] = static_cast<double>(candidates);
}

void SimulationShapes(benchmark::internal::Benchmark* b) {
  for (int nodes : {100, 1000, 5000}) {
    for (int mode : {0, 1}) {
      // A fresh solver per simulation at 5,000 nodes takes over a minute: the point is made at
      // 1,000.
      if (mode == 0 && nodes > 1000) continue;
      b->Args({nodes, mode});
    }
  }
  b->ArgNames({"nodes", "reuse"})->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_SingleNodeSimulations)->Apply(SimulationShapes);

// The KWOK catalogue for every pool; launches and deletes always succeed (a pass only launches
// after validation, which the benchmark does not reach).
class KwokCloud : public cloud::CloudProvider {
 public:
  Result<api::NodeClaim> Create(const api::NodeClaim& node_claim) override { return node_claim; }
  Status Delete(const api::NodeClaim&) override { return OkStatus(); }
  Status Get(const api::NodeClaim&) const override { return OkStatus(); }
  Result<cloud::InstanceTypes> GetInstanceTypes(const api::NodePool&) override {
    return cloud::kwok::InstanceTypes();
  }
  std::string Name() const override { return "kwok"; }
};

void SetCondition(api::NodeClaim& claim, std::string_view type, Time now) {
  api::StatusCondition condition;
  condition.type = std::string(type);
  condition.status = "True";
  condition.reason = std::string(type);
  condition.last_transition_time = now.ToRfc3339();
  claim.status.conditions.push_back(std::move(condition));
}

// The WorkloadCluster as a ClusterState: the NodePool, a NodeClaim per Node (launched,
// registered, initialized, consolidatable), the Nodes (Ready) and their bound, Ready pods.
void Populate(const scheduling::WorkloadCluster& cluster, const Clock& clock,
              cluster::ClusterState& state) {
  state.Put(api::NodePool(cluster.node_pool()));
  const Time now = clock.Now();
  for (size_t n = 0; n < cluster.nodes().size(); ++n) {
    api::Node node = cluster.nodes()[n];
    node.spec.provider_id = "kwok:///" + node.metadata.name;
    api::NodeCondition ready;
    ready.type = api::kNodeReady;
    ready.status = "True";
    node.status.conditions.push_back(ready);
    api::NodeClaim claim;
    claim.api_version = api::kKarpenterApiVersion;
    claim.kind = api::kNodeClaimKind;
    claim.metadata.name = "nodeclaim-" + node.metadata.name;
    claim.metadata.uid = "uid-" + claim.metadata.name;
    claim.metadata.labels = node.metadata.labels;
    claim.spec.node_class_ref = cluster.node_pool().spec.template_.spec.node_class_ref;
    claim.status.node_name = node.metadata.name;
    claim.status.provider_id = node.spec.provider_id;
    claim.status.capacity = node.status.capacity;
    claim.status.allocatable = node.status.allocatable;
    for (std::string_view condition :
         {disruption::kConditionLaunched, std::string_view("Registered"),
          disruption::kConditionInitialized, disruption::kConditionConsolidatable}) {
      SetCondition(claim, condition, now);
    }
    state.Put(std::move(claim));
    state.Put(std::move(node));
    for (const api::Pod* bound : cluster.pods_by_node()[n]) {
      api::Pod pod = *bound;
      api::PodCondition pod_ready;
      pod_ready.type = api::kPodReady;
      pod_ready.status = "True";
      pod.status.conditions.push_back(pod_ready);
      state.Put(std::move(pod));
    }
  }
}

std::vector<std::unique_ptr<disruption::Method>> AllMethods(disruption::DisruptionEvents& events,
                                                            const disruption::Options& options) {
  std::vector<std::unique_ptr<disruption::Method>> methods =
      disruption::CoreMethods(events, options);
  methods.push_back(std::make_unique<disruption::MultiNodeConsolidation>(options, &events));
  methods.push_back(std::make_unique<disruption::SingleNodeConsolidation>(options, &events));
  return methods;
}

// One disruption pass (candidates; emptiness, drift, multi-node then single-node consolidation,
// until one proposes a command) over the cluster as a ClusterState. args: nodes, fill (0: nodes
// 75-95% full, consolidation finds a command; 1: 97-100% full, the search runs longer). The pass
// that finds nothing simulates every candidate: BM_SingleNodeSimulations measures that part.
// TIDEPOOL_BENCH_DEBUG=1 prints the decision each shape's pass takes.
void BM_ConsolidationPass(benchmark::State& state) {
  scheduling::WorkloadOptions options;
  options.nodes = static_cast<int>(state.range(0));
  options.seed = 42;
  if (state.range(1) == 1) {
    options.min_fill = 0.97;
    options.max_fill = 1.0;
  }
  const scheduling::WorkloadCluster cluster(options);
  SimulatedClock clock;
  cluster::ClusterState cluster_state(clock);
  Populate(cluster, clock, cluster_state);
  KwokCloud cloud;
  disruption::ControllerOptions controller_options;
  controller_options.simulator.require_unschedulable_condition = true;
  controller_options.simulator.scheduler.well_known_labels = &scheduling::WorkloadWellKnownLabels();
  bool validating = false;
  size_t decisions = 0;
  for (auto _ : state) {
    disruption::Controller controller(cluster_state, cluster_state, cluster_state, cloud, clock,
                                      controller_options, AllMethods);
    (void)controller.Reconcile();
    validating = controller.validation_pending();
    decisions = controller.decision_log().entries().size();
  }
  if (std::getenv("TIDEPOOL_BENCH_DEBUG") != nullptr) {
    disruption::Controller controller(cluster_state, cluster_state, cluster_state, cloud, clock,
                                      controller_options, AllMethods);
    (void)controller.Reconcile();
    for (const auto& entry : controller.decision_log().entries()) {
      std::fprintf(stderr, "%s\n", entry.line.c_str());
    }
  }
  state.counters["pods"] = static_cast<double>(cluster.pod_count());
  state.counters["validating"] = validating ? 1 : 0;
  state.counters["decisions"] = static_cast<double>(decisions);
}

void PassShapes(benchmark::internal::Benchmark* b) {
  for (int nodes : {100, 1000, 5000}) {
    for (int fill : {0, 1}) b->Args({nodes, fill});
  }
  b->ArgNames({"nodes", "full"})->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_ConsolidationPass)->Apply(PassShapes);

}  // namespace
}  // namespace tidepool

BENCHMARK_MAIN();
