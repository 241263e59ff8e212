#include "provisioning/benchmark_workload.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "provisioning/plan_test_util.h"

namespace tidepool::provisioning {
namespace {

// Ported from kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go makeDiversePods: five
// equal parts in upstream's order, the remainder generic.
TEST(BenchmarkWorkloadTest, KarpenterDiversePodsSplit) {
  Random random(42);
  std::vector<BenchmarkPodSpec> specs = MakeBenchmarkPodSpecs(1003, PodMix::kDiverse, random);
  ASSERT_EQ(specs.size(), 1003u);
  std::map<BenchmarkPodKind, int> counts;
  for (const BenchmarkPodSpec& s : specs) counts[s.kind]++;
  EXPECT_EQ(counts[BenchmarkPodKind::kGeneric], 203);
  EXPECT_EQ(counts[BenchmarkPodKind::kZonalSpread], 200);
  EXPECT_EQ(counts[BenchmarkPodKind::kHostnameSpread], 200);
  EXPECT_EQ(counts[BenchmarkPodKind::kZonalAffinity], 200);
  EXPECT_EQ(counts[BenchmarkPodKind::kHostnameAntiAffinity], 200);
  EXPECT_EQ(specs[0].kind, BenchmarkPodKind::kGeneric);
  EXPECT_EQ(specs[200].kind, BenchmarkPodKind::kZonalSpread);
  EXPECT_EQ(specs[1000].kind, BenchmarkPodKind::kGeneric);
  // Requests come from upstream's sets, and every value of them occurs.
  std::map<std::string, int> cpus, memories;
  for (const BenchmarkPodSpec& s : specs) {
    cpus[s.cpu]++;
    memories[s.memory]++;
  }
  EXPECT_EQ(cpus.size(), 5u);
  EXPECT_EQ(memories.size(), 6u);
  EXPECT_TRUE(cpus.count("1500m"));
  EXPECT_TRUE(memories.count("4Gi"));
}

TEST(BenchmarkWorkloadTest, SameSeedSamePods) {
  Random a(42), b(42), c(7);
  std::vector<BenchmarkPodSpec> x = MakeBenchmarkPodSpecs(100, PodMix::kDiverse, a);
  std::vector<BenchmarkPodSpec> y = MakeBenchmarkPodSpecs(100, PodMix::kDiverse, b);
  std::vector<BenchmarkPodSpec> z = MakeBenchmarkPodSpecs(100, PodMix::kDiverse, c);
  auto requests = [](const std::vector<BenchmarkPodSpec>& v) {
    std::string s;
    for (const auto& p : v) s += p.cpu + "/" + p.memory + "/" + p.label_value + ";";
    return s;
  };
  EXPECT_EQ(requests(x), requests(y));
  EXPECT_NE(requests(x), requests(z));
}

TEST(BenchmarkWorkloadTest, GenericMixHasNoConstraints) {
  Random random(42);
  std::vector<api::Pod> pods =
      MakeBenchmarkPods(MakeBenchmarkPodSpecs(50, PodMix::kGeneric, random));
  ASSERT_EQ(pods.size(), 50u);
  for (const api::Pod& pod : pods) {
    EXPECT_FALSE(pod.spec.affinity.has_value());
    EXPECT_TRUE(pod.spec.topology_spread_constraints.empty());
  }
}

// The YAML the plan benchmark feeds to `tidepool plan` decodes to the same pods the in-process
// benchmark builds.
TEST(BenchmarkWorkloadTest, YamlMatchesTypedPods) {
  Random random(42);
  std::vector<BenchmarkPodSpec> specs = MakeBenchmarkPodSpecs(25, PodMix::kDiverse, random);
  std::vector<api::Pod> typed = MakeBenchmarkPods(specs);
  std::ostringstream yaml;
  WriteBenchmarkPodsYaml(specs, yaml);
  PlanInput input = testing::LoadPlanInput(yaml.str());
  ASSERT_EQ(input.pending_pods.size(), typed.size());
  std::map<std::string, const api::Pod*> loaded;
  for (const api::Pod* pod : input.pending_pods) loaded[pod->metadata.name] = pod;
  for (const api::Pod& pod : typed) {
    ASSERT_TRUE(loaded.count(pod.metadata.name)) << pod.metadata.name;
    const api::Pod& other = *loaded[pod.metadata.name];
    EXPECT_EQ(other.metadata.labels, pod.metadata.labels) << pod.metadata.name;
    EXPECT_EQ(other.spec, pod.spec) << pod.metadata.name;
  }
}

}  // namespace
}  // namespace tidepool::provisioning
