// Loading manifests: YAML parsing, decoding into typed objects, defaulting and validation, for a
// file of N pending pods (the input `tidepool plan` and the simulator read). The plan issue's
// end-to-end budget is 10,000 pods, YAML in and JSON out, in under 2 s; loading is the first part.
#include <benchmark/benchmark.h>

#include <string>

#include "manifest/default_registry.h"
#include "manifest/loader.h"

namespace {

std::string PendingPods(int n) {
  static const char* kCpu[] = {"100m", "250m", "500m", "1", "1500m"};
  static const char* kMemory[] = {"100Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"};
  std::string out;
  out.reserve(static_cast<size_t>(n) * 700);
  for (int i = 0; i < n; ++i) {
    out += "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-" + std::to_string(i) +
           "\n  namespace: default\n  labels: {app: app-" + std::to_string(i % 50) +
           "}\nspec:\n  nodeSelector: {intent: apps}\n  tolerations:\n  - {key: intent, "
           "operator: Equal, value: workload-split, effect: NoSchedule}\n"
           "  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: "
           "topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    "
           "labelSelector: {matchLabels: {app: app-" +
           std::to_string(i % 50) +
           "}}\n  containers:\n  - name: main\n    image: registry/app:1\n    resources:\n"
           "      requests: {cpu: " +
           kCpu[i % 5] + ", memory: " + kMemory[i % 6] + "}\n";
  }
  return out;
}

void BM_LoadPendingPods(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::string text = PendingPods(n);
  const tidepool::api::KindRegistry& registry = tidepool::manifest::DefaultRegistry();
  for (auto _ : state) {
    tidepool::manifest::Loader loader(registry);
    tidepool::manifest::LoadResult result;
    if (!loader.AddText(text, "pods.yaml", result)) state.SkipWithError("parse failed");
    loader.ValidateSet(result);
    if (!result.problems.empty()) state.SkipWithError(result.problems[0].ToString().c_str());
    benchmark::DoNotOptimize(result.objects.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_LoadPendingPods)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
