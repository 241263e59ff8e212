// The ScaledObject controller at scale: 10,000 ScaledObjects, each with one trigger served by a
// fake scaler that returns a fixed value, on a simulated clock. One iteration advances the clock
// by one polling interval, which runs every object's poll (trigger query, activity, KEDA's
// RequestScale, the HPA in immediate mode, the status check). The budget is the
// controller's work per object per poll, excluding the scaler: under 5 µs. BM_FakeScalerOnly
// measures the fake scaler alone so that its cost can be subtracted.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "autoscaling/scaled_object_controller.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"

namespace {

using namespace tidepool;

constexpr int kPollingInterval = 30;

// Returns a fixed backlog; the metric name fits std::string's small buffer so the scaler's own
// cost stays small and steady.
class FixedScaler : public scalers::Scaler {
 public:
  explicit FixedScaler(int64_t value_milli) : value_milli_(value_milli) {
    spec_.metric_name = "s0-q";
    spec_.target_type = scalers::MetricTargetType::kAverageValue;
    spec_.target_value = Quantity::FromInt(5);
  }
  std::vector<scalers::MetricSpec> GetMetricSpecForScaling() override { return {spec_}; }
  Result<scalers::MetricsAndActivity> GetMetricsAndActivity(std::string_view) override {
    scalers::MetricsAndActivity out;
    out.metrics.push_back({spec_.metric_name, Quantity::FromMilli(value_milli_), Time()});
    out.active = value_milli_ > 0;
    return out;
  }

 private:
  scalers::MetricSpec spec_;
  int64_t value_milli_;
};

class FixedBuilder : public autoscaling::ScalerBuilder {
 public:
  explicit FixedBuilder(int64_t value_milli) : value_milli_(value_milli) {}
  Result<std::unique_ptr<scalers::Scaler>> Build(const api::Object&, const api::keda::ScaleTrigger&,
                                                 int) override {
    return std::make_unique<FixedScaler>(value_milli_);
  }

 private:
  int64_t value_milli_;
};

struct World {
  SimulatedClock clock{Time::FromUnixSeconds(0)};
  cluster::ClusterState state{clock, /*max_events=*/1000};
  FixedBuilder builder;
  std::unique_ptr<autoscaling::ScaledObjectController> controller;

  World(int n, autoscaling::HpaTiming timing, int64_t value_milli, int32_t replicas)
      : builder(value_milli) {
    for (int i = 0; i < n; ++i) {
      const std::string name = "w" + std::to_string(i);
      api::Deployment d;
      d.metadata.name = name;
      d.metadata.namespace_ = "ns" + std::to_string(i % 20);
      d.spec.replicas = replicas;
      d.spec.selector = api::LabelSelector();
      d.spec.selector->match_labels = {{"app", name}};
      api::keda::ScaledObject so;
      so.metadata.name = name;
      so.metadata.namespace_ = d.metadata.namespace_;
      so.metadata.generation = 1;
      so.spec.scale_target_ref.name = name;
      so.spec.polling_interval = kPollingInterval;
      api::keda::ScaleTrigger trigger;
      trigger.type = "aws-sqs-queue";
      so.spec.triggers.push_back(trigger);
      state.Put(std::move(d));
      state.Put(std::move(so));
    }
    autoscaling::ScaledObjectControllerOptions options;
    options.hpa_timing = timing;
    controller = std::make_unique<autoscaling::ScaledObjectController>(clock, state, state, builder,
                                                                       options);
    controller->ReconcileAll();
    // Settle: the first polls build scalers and write the initial status.
    clock.Advance(Duration::Seconds(kPollingInterval * 2));
  }
};

// Steady state: 10 replicas, backlog 50 with target 5 — every poll is active, the HPA (immediate
// mode) confirms 10, nothing changes, no status write.
void BM_ScaledObjectPollSteady(benchmark::State& bench) {
  const int n = static_cast<int>(bench.range(0));
  World world(n, autoscaling::HpaTiming::kImmediate, 50'000, 10);
  for (auto _ : bench) {
    world.clock.Advance(Duration::Seconds(kPollingInterval));
  }
  bench.SetItemsProcessed(bench.iterations() * n);
  bench.counters["time_per_object_poll"] =
      benchmark::Counter(static_cast<double>(bench.iterations()) * n,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  bench.counters["status_writes"] = static_cast<double>(world.state.status_writes());
}
BENCHMARK(BM_ScaledObjectPollSteady)->Arg(10'000)->Unit(benchmark::kMillisecond);

// Idle objects at zero replicas (the common case for queue consumers): KEDA's decision only.
void BM_ScaledObjectPollIdle(benchmark::State& bench) {
  const int n = static_cast<int>(bench.range(0));
  World world(n, autoscaling::HpaTiming::kImmediate, 0, 0);
  for (auto _ : bench) {
    world.clock.Advance(Duration::Seconds(kPollingInterval));
  }
  bench.SetItemsProcessed(bench.iterations() * n);
  bench.counters["time_per_object_poll"] =
      benchmark::Counter(static_cast<double>(bench.iterations()) * n,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ScaledObjectPollIdle)->Arg(10'000)->Unit(benchmark::kMillisecond);

// Upstream timing: polls plus the HPA's own 15 s syncs (two per polling interval), each querying
// the trigger again, as a cluster's HPA does through KEDA's metrics server.
void BM_ScaledObjectPollUpstreamHpa(benchmark::State& bench) {
  const int n = static_cast<int>(bench.range(0));
  World world(n, autoscaling::HpaTiming::kUpstream, 50'000, 10);
  for (auto _ : bench) {
    world.clock.Advance(Duration::Seconds(kPollingInterval));
  }
  bench.SetItemsProcessed(bench.iterations() * n);
  bench.counters["time_per_object_poll"] =
      benchmark::Counter(static_cast<double>(bench.iterations()) * n,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ScaledObjectPollUpstreamHpa)->Arg(10'000)->Unit(benchmark::kMillisecond);

// The fake scaler alone, once per object: subtract from the figures above.
void BM_FakeScalerOnly(benchmark::State& bench) {
  const int n = static_cast<int>(bench.range(0));
  FixedScaler scaler(50'000);
  for (auto _ : bench) {
    for (int i = 0; i < n; ++i) {
      Result<scalers::MetricsAndActivity> r = scaler.GetMetricsAndActivity("s0-q");
      benchmark::DoNotOptimize(r);
    }
  }
  bench.counters["time_per_call"] =
      benchmark::Counter(static_cast<double>(bench.iterations()) * n,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_FakeScalerOnly)->Arg(10'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
