// Scheduling benchmark with Karpenter's shapes (kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go): one NodePool with limits
// cpu 10,000,000 and memory 10,000,000Gi; "diverse" pods (five equal parts: generic, zonal spread,
// hostname spread, zonal self-affinity, hostname anti-affinity) or generic pods only, seed 42;
// over the fake provider's InstanceTypes(400) and over the kwok catalogue.
//
// BM_Solve times the scheduler alone (Karpenter's policy): pods/s, nodes. BM_Plan times a whole
// decision as `tidepool plan --packer karpenter|cost` makes it (without YAML) and reports pods/s,
// nodes, unschedulable pods, $/hour, the LP lower bound over the pods sent to new nodes and
// $/hour ÷ bound (`boundRatio`). BM_LowerBound times the bound alone.
//
//   cmake --build build --target scheduling_benchmark
//   build/bench/scheduling_benchmark --benchmark_filter='BM_(Solve|Plan)'
//   (one core: taskset -c 1 build/bench/scheduling_benchmark ...)
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "api/karpenter/nodepool.h"
#include "cloud/fake_catalog.h"
#include "cloud/kwok_catalog.h"
#include "core/random.h"
#include "provisioning/benchmark_workload.h"
#include "provisioning/lower_bound_model.h"
#include "provisioning/plan.h"
#include "scheduling/scheduler.h"

namespace tidepool::provisioning {
namespace {

enum CatalogId { kFake400 = 0, kKwok = 1 };

api::NodePool BenchmarkNodePool() {
  api::NodePool pool;
  pool.api_version = "karpenter.sh/v1";
  pool.kind = "NodePool";
  pool.metadata.name = "default";
  pool.spec.template_.spec.node_class_ref =
      api::NodeClassReference{"karpenter.k8s.aws", "EC2NodeClass", "default", {}};
  pool.spec.limits[api::kResourceCPU] = Quantity::MustParse("10000000");
  pool.spec.limits[api::kResourceMemory] = Quantity::MustParse("10000000Gi");
  api::SetDefaults(pool);
  return pool;
}

const cloud::InstanceTypes& Catalog(int id) {
  static const cloud::InstanceTypes fake = cloud::fake::InstanceTypes(400);
  return id == kFake400 ? fake : cloud::kwok::InstanceTypes();
}

struct Workload {
  api::NodePool pool = BenchmarkNodePool();
  std::vector<api::Pod> pods;
  std::vector<const api::Pod*> pod_ptrs;
};

std::unique_ptr<Workload> MakeWorkload(int count, PodMix mix) {
  auto w = std::make_unique<Workload>();
  Random random(42);
  w->pods = MakeBenchmarkPods(MakeBenchmarkPodSpecs(count, mix, random));
  for (const api::Pod& pod : w->pods) w->pod_ptrs.push_back(&pod);
  return w;
}

// args: pod count, mix (0 diverse, 1 generic), catalogue (0 fake-400, 1 kwok)
void BM_LowerBound(benchmark::State& state) {
  PodMix mix = state.range(1) == 0 ? PodMix::kDiverse : PodMix::kGeneric;
  std::unique_ptr<Workload> w = MakeWorkload(static_cast<int>(state.range(0)), mix);
  BoundInput input;
  input.node_pools.push_back({&w->pool, &Catalog(static_cast<int>(state.range(2)))});
  double usd = 0;
  int classes = 0;
  for (auto _ : state) {
    Result<LowerBound> bound = ComputeLowerBound(input, w->pod_ptrs);
    if (!bound) {
      state.SkipWithError(bound.error().message().c_str());
      return;
    }
    usd = bound->usd_per_hour;
    classes = bound->classes;
  }
  state.counters["lowerBoundUSDPerHour"] = usd;
  state.counters["classes"] = classes;
  state.counters["pods/s"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                benchmark::Counter::kIsIterationInvariantRate);
}

// The scheduler alone, Karpenter's packing policy: the solver's speed.
void BM_Solve(benchmark::State& state) {
  PodMix mix = state.range(1) == 0 ? PodMix::kDiverse : PodMix::kGeneric;
  std::unique_ptr<Workload> w = MakeWorkload(static_cast<int>(state.range(0)), mix);
  scheduling::SchedulerInput input;
  input.node_pools.push_back({&w->pool, Catalog(static_cast<int>(state.range(2)))});
  size_t nodes = 0, errors = 0;
  for (auto _ : state) {
    scheduling::Scheduler scheduler(input, {});
    Result<scheduling::Results> results = scheduler.Solve(w->pod_ptrs);
    if (!results) {
      state.SkipWithError(results.error().message().c_str());
      return;
    }
    nodes = results->new_node_claims.size();
    errors = results->pod_errors.size();
  }
  state.counters["pods/s"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["unschedulable"] = static_cast<double>(errors);
}

// A whole provisioning decision as `tidepool plan --packer karpenter|cost` makes it (without
// YAML): solve(s), prices, the lower bound.
void BM_Plan(benchmark::State& state) {
  PodMix mix = state.range(1) == 0 ? PodMix::kDiverse : PodMix::kGeneric;
  std::unique_ptr<Workload> w = MakeWorkload(static_cast<int>(state.range(0)), mix);
  PlanInput input;
  input.node_pools.push_back(&w->pool);
  input.pending_pods = w->pod_ptrs;
  cloud::Catalog catalog;
  catalog.name = state.range(2) == kFake400 ? "fake-400" : "kwok";
  catalog.types = Catalog(static_cast<int>(state.range(2)));
  PlanSettings settings;
  settings.packer = state.range(3) == 0 ? "karpenter" : "cost";
  Result<PlanResult> plan = Fail(ErrorCode::kInternal, "not run");
  for (auto _ : state) {
    plan = Plan(input, catalog, settings);
    if (!plan) {
      state.SkipWithError(plan.error().message().c_str());
      return;
    }
  }
  double bound = plan->lower_bound_usd_per_hour.value_or(0);
  state.counters["pods/s"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = static_cast<double>(plan->node_claims.size());
  state.counters["unschedulable"] = static_cast<double>(plan->unschedulable.size());
  state.counters["USDPerHour"] = plan->price_usd_per_hour;
  state.counters["boundUSDPerHour"] = bound;
  state.counters["boundRatio"] = bound > 0 ? plan->price_usd_per_hour / bound : 0;
}

// args: pods, generic (0 diverse, 1 generic), kwok (0 fake InstanceTypes(400), 1 kwok)
void SolveShapes(benchmark::internal::Benchmark* b) {
  for (int catalog : {kFake400, kKwok}) {
    for (int count : {1, 100, 1000, 5000, 10000, 20000}) b->Args({count, 0, catalog});
    for (int count : {1000, 10000}) b->Args({count, 1, catalog});
  }
  b->ArgNames({"pods", "generic", "kwok"})->Unit(benchmark::kMillisecond);
}

// args as SolveShapes, plus cost (0 karpenter, 1 cost)
void PlanShapes(benchmark::internal::Benchmark* b) {
  for (int catalog : {kFake400, kKwok}) {
    for (int packer : {0, 1}) {
      for (int count : {1, 100, 1000, 5000, 10000, 20000}) b->Args({count, 0, catalog, packer});
      for (int count : {1000, 10000}) b->Args({count, 1, catalog, packer});
    }
  }
  b->ArgNames({"pods", "generic", "kwok", "cost"})->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_Solve)->Apply(SolveShapes);
BENCHMARK(BM_Plan)->Apply(PlanShapes);

void Shapes(benchmark::internal::Benchmark* b) {
  for (int catalog : {kFake400, kKwok}) {
    for (int count : {1, 100, 1000, 5000, 10000, 20000}) b->Args({count, 0, catalog});
    for (int count : {1000, 10000}) b->Args({count, 1, catalog});
  }
  b->ArgNames({"pods", "generic", "kwok"})->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_LowerBound)->Apply(Shapes);

}  // namespace
}  // namespace tidepool::provisioning

BENCHMARK_MAIN();
