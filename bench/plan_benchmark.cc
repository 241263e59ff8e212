// End-to-end `tidepool plan` on N pending pods: YAML in (a file written once by the benchmark),
// JSON out, in-process through RunPlan (load, validate, plan with both packers, lower bound,
// write). The issue's budget: 10,000 pods in under 2 s.
//
//   build/bench/plan_benchmark
//   build/bench/plan_benchmark --write_input=/tmp/plan-10000.yaml   # also keep the YAML, then
//   time build/tidepool plan -f /tmp/plan-10000.yaml > /dev/null
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/random.h"
#include "provisioning/benchmark_workload.h"
#include "provisioning/plan.h"

namespace tidepool::provisioning {
namespace {

constexpr const char* kHeader = R"(apiVersion: tidepool.dev/v1alpha1
kind: PlanOptions
metadata: {name: options}
spec: {catalog: kwok}
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
  limits: {cpu: "10000000", memory: 10000000Gi}
)";

// Writes the plan input for `count` pods of `mix` (seed 42) to `path`.
void WritePlanInput(const std::string& path, int count, PodMix mix) {
  Random random(42);
  std::ofstream out(path);
  out << kHeader;
  WriteBenchmarkPodsYaml(MakeBenchmarkPodSpecs(count, mix, random), out);
}

std::string InputPath(int count, PodMix mix) {
  return (std::filesystem::temp_directory_path() /
          ("tidepool-plan-" + std::string(mix == PodMix::kDiverse ? "diverse-" : "generic-") +
           std::to_string(count) + ".yaml"))
      .string();
}

// args: pod count, mix (0 diverse, 1 generic), packer (0 cost, 1 karpenter)
void BM_PlanEndToEnd(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  const PodMix mix = state.range(1) == 0 ? PodMix::kDiverse : PodMix::kGeneric;
  const std::string path = InputPath(count, mix);
  WritePlanInput(path, count, mix);
  PlanFlags flags;
  flags.files = {path};
  flags.packer = state.range(2) == 0 ? "cost" : "karpenter";
  size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out, err;
    int rc = RunPlan(flags, out, err);
    if (rc != 0) {
      state.SkipWithError(("plan failed: " + err.str()).c_str());
      break;
    }
    bytes = out.str().size();
  }
  state.counters["pods/s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["outputBytes"] = static_cast<double>(bytes);
  state.counters["inputBytes"] = static_cast<double>(std::filesystem::file_size(path));
  std::filesystem::remove(path);
}

BENCHMARK(BM_PlanEndToEnd)
    ->Args({1000, 0, 0})
    ->Args({10000, 0, 0})
    ->Args({10000, 0, 1})
    ->Args({10000, 1, 0})
    ->ArgNames({"pods", "generic", "karpenter"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
}  // namespace tidepool::provisioning

int main(int argc, char** argv) {
  // --write_input=PATH writes the 10,000 diverse pods input and exits (--write_generic=PATH the
  // generic mix), for timing the binary.
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--write_generic=", 16) == 0) {
      tidepool::provisioning::WritePlanInput(argv[i] + 16, 10000,
                                             tidepool::provisioning::PodMix::kGeneric);
      return 0;
    }
    if (std::strncmp(argv[i], "--write_input=", 14) == 0) {
      tidepool::provisioning::WritePlanInput(argv[i] + 14, 10000,
                                             tidepool::provisioning::PodMix::kDiverse);
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
