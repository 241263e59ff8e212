#include "provisioning/benchmark_workload.h"

#include <array>
#include <string_view>

namespace tidepool::provisioning {
namespace {

constexpr std::array<std::string_view, 5> kCpus = {"100m", "250m", "500m", "1", "1500m"};
constexpr std::array<std::string_view, 6> kMemories = {"100Mi", "256Mi", "512Mi",
                                                       "1Gi",   "2Gi",   "4Gi"};
constexpr std::array<std::string_view, 7> kLabelValues = {"a", "b", "c", "d", "e", "f", "g"};

template <size_t N>
std::string Pick(const std::array<std::string_view, N>& values, Random& random) {
  return std::string(values[random.UniformInt(0, static_cast<int64_t>(N) - 1)]);
}

void AddPods(int count, BenchmarkPodKind kind, Random& random, std::vector<BenchmarkPodSpec>& out) {
  for (int i = 0; i < count; ++i) {
    BenchmarkPodSpec spec;
    spec.kind = kind;
    spec.name = "pod-" + std::to_string(out.size());
    switch (kind) {
      case BenchmarkPodKind::kGeneric:
        spec.label_key = "my-label";
        spec.label_value = Pick(kLabelValues, random);
        break;
      case BenchmarkPodKind::kZonalSpread:
      case BenchmarkPodKind::kHostnameSpread:
        spec.label_key = "my-label";
        spec.label_value = Pick(kLabelValues, random);
        spec.selector_value = Pick(kLabelValues, random);
        break;
      case BenchmarkPodKind::kZonalAffinity:
        spec.label_key = "my-affininity";
        spec.label_value = Pick(kLabelValues, random);
        break;
      case BenchmarkPodKind::kHostnameAntiAffinity:
        spec.label_key = "app";
        spec.label_value = "nginx";
        break;
    }
    spec.cpu = Pick(kCpus, random);
    spec.memory = Pick(kMemories, random);
    out.push_back(std::move(spec));
  }
}

std::string_view TopologyKey(BenchmarkPodKind kind) {
  return kind == BenchmarkPodKind::kZonalSpread || kind == BenchmarkPodKind::kZonalAffinity
             ? "topology.kubernetes.io/zone"
             : "kubernetes.io/hostname";
}

}  // namespace

std::vector<BenchmarkPodSpec> MakeBenchmarkPodSpecs(int count, PodMix mix, Random& random) {
  std::vector<BenchmarkPodSpec> specs;
  specs.reserve(count);
  if (mix == PodMix::kDiverse) {
    int part = count / 5;
    AddPods(part, BenchmarkPodKind::kGeneric, random, specs);
    AddPods(part, BenchmarkPodKind::kZonalSpread, random, specs);
    AddPods(part, BenchmarkPodKind::kHostnameSpread, random, specs);
    AddPods(part, BenchmarkPodKind::kZonalAffinity, random, specs);
    AddPods(part, BenchmarkPodKind::kHostnameAntiAffinity, random, specs);
  }
  AddPods(count - static_cast<int>(specs.size()), BenchmarkPodKind::kGeneric, random, specs);
  return specs;
}

std::vector<api::Pod> MakeBenchmarkPods(const std::vector<BenchmarkPodSpec>& specs) {
  std::vector<api::Pod> pods;
  pods.reserve(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    const BenchmarkPodSpec& spec = specs[i];
    api::Pod pod;
    pod.api_version = "v1";
    pod.kind = "Pod";
    pod.metadata.name = spec.name;
    pod.metadata.namespace_ = "default";
    pod.metadata.uid = "uid-" + std::to_string(i);
    pod.metadata.labels[spec.label_key] = spec.label_value;
    api::Container container;
    container.name = "app";
    container.image = "app";
    container.resources.requests[api::kResourceCPU] = Quantity::MustParse(spec.cpu);
    container.resources.requests[api::kResourceMemory] = Quantity::MustParse(spec.memory);
    pod.spec.containers.push_back(std::move(container));
    api::PodAffinityTerm term;
    term.topology_key = std::string(TopologyKey(spec.kind));
    switch (spec.kind) {
      case BenchmarkPodKind::kGeneric:
        break;
      case BenchmarkPodKind::kZonalSpread:
      case BenchmarkPodKind::kHostnameSpread: {
        api::TopologySpreadConstraint tsc;
        tsc.max_skew = 1;
        tsc.topology_key = std::string(TopologyKey(spec.kind));
        tsc.when_unsatisfiable = api::kDoNotSchedule;
        tsc.label_selector = api::LabelSelector{{{"my-label", spec.selector_value}}, {}, {}};
        pod.spec.topology_spread_constraints.push_back(std::move(tsc));
        break;
      }
      case BenchmarkPodKind::kZonalAffinity:
        term.label_selector = api::LabelSelector{{{spec.label_key, spec.label_value}}, {}, {}};
        pod.spec.affinity.emplace()
            .pod_affinity.emplace()
            .required_during_scheduling_ignored_during_execution.push_back(std::move(term));
        break;
      case BenchmarkPodKind::kHostnameAntiAffinity:
        term.label_selector = api::LabelSelector{{{"app", "nginx"}}, {}, {}};
        pod.spec.affinity.emplace()
            .pod_anti_affinity.emplace()
            .required_during_scheduling_ignored_during_execution.push_back(std::move(term));
        break;
    }
    api::SetDefaults(pod);
    pods.push_back(std::move(pod));
  }
  return pods;
}

void WriteBenchmarkPodsYaml(const std::vector<BenchmarkPodSpec>& specs, std::ostream& out) {
  for (const BenchmarkPodSpec& spec : specs) {
    out << "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: " << spec.name
        << "\n  namespace: default\n  labels: {" << spec.label_key << ": " << spec.label_value
        << "}\nspec:\n  containers:\n  - name: app\n    image: app\n    resources:\n"
        << "      requests: {cpu: \"" << spec.cpu << "\", memory: " << spec.memory << "}\n";
    std::string_view key = TopologyKey(spec.kind);
    switch (spec.kind) {
      case BenchmarkPodKind::kGeneric:
        break;
      case BenchmarkPodKind::kZonalSpread:
      case BenchmarkPodKind::kHostnameSpread:
        out << "  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: " << key
            << "\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: "
            << "{my-label: " << spec.selector_value << "}}\n";
        break;
      case BenchmarkPodKind::kZonalAffinity:
        out << "  affinity:\n    podAffinity:\n      "
               "requiredDuringSchedulingIgnoredDuringExecution:"
            << "\n      - topologyKey: " << key << "\n        labelSelector: {matchLabels: {"
            << spec.label_key << ": " << spec.label_value << "}}\n";
        break;
      case BenchmarkPodKind::kHostnameAntiAffinity:
        out << "  affinity:\n    podAntiAffinity:\n"
            << "      requiredDuringSchedulingIgnoredDuringExecution:\n      - topologyKey: " << key
            << "\n        labelSelector: {matchLabels: {app: nginx}}\n";
        break;
    }
  }
}

}  // namespace tidepool::provisioning
