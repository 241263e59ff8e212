// The pod mixes of Karpenter's scheduling benchmark (kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go), for bench/ and for the
// YAML generator of the end-to-end `tidepool plan` measurement.
//
// "Diverse" pods come in five equal parts, in this order: generic; zonal topology spread
// (maxSkew 1, DoNotSchedule, a random `my-label` selector); hostname topology spread (same);
// zonal self pod-affinity (a random `my-affininity` label, upstream's spelling); hostname
// pod anti-affinity among all pods labelled app=nginx. The remainder of count/5 is generic.
// Every pod requests cpu from {100m, 250m, 500m, 1, 1500m} and memory from {100Mi, 256Mi, 512Mi,
// 1Gi, 2Gi, 4Gi}; labels take values a..g. Draws come from tidepool::Random, so the same seed
// gives the same pods everywhere (upstream uses Go's math/rand with seed 42; the sequences
// differ, the distributions are the same).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "api/k8s/pod.h"
#include "core/random.h"

namespace tidepool::provisioning {

enum class PodMix { kDiverse, kGeneric };

enum class BenchmarkPodKind {
  kGeneric,
  kZonalSpread,
  kHostnameSpread,
  kZonalAffinity,
  kHostnameAntiAffinity
};

// What one benchmark pod asks for, before it becomes a Pod or YAML.
struct BenchmarkPodSpec {
  BenchmarkPodKind kind = BenchmarkPodKind::kGeneric;
  std::string name;
  std::string label_key;  // the pod's own label (my-label, my-affininity or app)
  std::string label_value;
  std::string selector_value;  // spread: the selector's my-label value
  std::string cpu;
  std::string memory;
};

std::vector<BenchmarkPodSpec> MakeBenchmarkPodSpecs(int count, PodMix mix, Random& random);

// The specs as typed pods (namespace default, uid "uid-<i>", defaults applied).
std::vector<api::Pod> MakeBenchmarkPods(const std::vector<BenchmarkPodSpec>& specs);

// The specs as multi-document YAML, each document preceded by "---".
void WriteBenchmarkPodsYaml(const std::vector<BenchmarkPodSpec>& specs, std::ostream& out);

}  // namespace tidepool::provisioning
