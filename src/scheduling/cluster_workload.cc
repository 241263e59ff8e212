#include "scheduling/cluster_workload.h"

#include <algorithm>
#include <array>

#include "api/well_known_labels.h"
#include "cloud/kwok_catalog.h"
#include "core/random.h"

namespace tidepool::scheduling {
namespace {

enum class Shape { kGeneric, kZonalSpread, kAntiAffinity, kHostnameSpread, kOnDemand, kZonalAnti };

struct Deployment {
  std::string name;
  Shape shape = Shape::kGeneric;
  int64_t cpu_milli = 0;
  int64_t memory_mi = 0;
  int replicas = 0;
};

constexpr std::array<int64_t, 5> kCpuMilli = {100, 250, 500, 1000, 2000};
constexpr std::array<int64_t, 6> kMemoryMi = {128, 256, 512, 1024, 2048, 4096};
constexpr std::array<const char*, 4> kZones = {"test-zone-a", "test-zone-b", "test-zone-c",
                                               "test-zone-d"};
constexpr std::array<const char*, 8> kNodeTypes = {
    "c-4x-amd64-linux", "c-8x-amd64-linux", "c-16x-amd64-linux", "c-32x-amd64-linux",
    "m-4x-amd64-linux", "m-8x-amd64-linux", "m-16x-amd64-linux", "m-32x-amd64-linux"};

Shape DrawShape(Random& random) {
  int64_t p = random.UniformInt(0, 99);
  if (p < 55) return Shape::kGeneric;
  if (p < 70) return Shape::kZonalSpread;
  if (p < 80) return Shape::kAntiAffinity;
  if (p < 90) return Shape::kHostnameSpread;
  if (p < 95) return Shape::kOnDemand;
  return Shape::kZonalAnti;
}

api::LabelSelector SelectApp(const std::string& app) {
  api::LabelSelector selector;
  selector.match_labels["app"] = app;
  return selector;
}

api::TopologySpreadConstraint Spread(const std::string& app, std::string_view key,
                                     const char* when) {
  api::TopologySpreadConstraint tsc;
  tsc.max_skew = 1;
  tsc.topology_key = std::string(key);
  tsc.when_unsatisfiable = when;
  tsc.label_selector = SelectApp(app);
  return tsc;
}

void AddAntiAffinity(api::Pod& pod, const std::string& app) {
  api::PodAffinityTerm term;
  term.topology_key = std::string(api::kLabelHostname);
  term.label_selector = SelectApp(app);
  pod.spec.affinity.emplace()
      .pod_anti_affinity.emplace()
      .required_during_scheduling_ignored_during_execution.push_back(std::move(term));
}

api::Pod MakePod(const Deployment& d, int replica, size_t uid, const std::string& node) {
  api::Pod pod;
  pod.api_version = "v1";
  pod.kind = "Pod";
  pod.metadata.name = d.name + "-" + std::to_string(replica);
  pod.metadata.namespace_ = "default";
  pod.metadata.uid = "uid-" + std::to_string(uid);
  pod.metadata.labels["app"] = d.name;
  api::OwnerReference owner;
  owner.api_version = "apps/v1";
  owner.kind = "ReplicaSet";
  owner.name = d.name;
  owner.uid = "rs-" + d.name;
  owner.controller = true;
  pod.metadata.owner_references.push_back(std::move(owner));
  api::Container container;
  container.name = "app";
  container.image = "app";
  api::ResourceRequirements resources;
  resources.requests[api::kResourceCPU] = Quantity::FromMilli(d.cpu_milli);
  resources.requests[api::kResourceMemory] = Quantity::FromInt(d.memory_mi * 1024 * 1024);
  container.resources = std::move(resources);
  pod.spec.containers.push_back(std::move(container));
  switch (d.shape) {
    case Shape::kGeneric:
      break;
    case Shape::kZonalSpread:
      pod.spec.topology_spread_constraints.push_back(
          Spread(d.name, api::kLabelTopologyZone, api::kDoNotSchedule));
      break;
    case Shape::kAntiAffinity:
      AddAntiAffinity(pod, d.name);
      break;
    case Shape::kHostnameSpread:
      pod.spec.topology_spread_constraints.push_back(
          Spread(d.name, api::kLabelHostname, api::kScheduleAnyway));
      break;
    case Shape::kOnDemand:
      pod.spec.node_selector[std::string(api::kCapacityTypeLabelKey)] =
          cloud::kCapacityTypeOnDemand;
      break;
    case Shape::kZonalAnti:
      pod.spec.topology_spread_constraints.push_back(
          Spread(d.name, api::kLabelTopologyZone, api::kDoNotSchedule));
      AddAntiAffinity(pod, d.name);
      break;
  }
  pod.spec.node_name = node;
  pod.status.phase = "Running";
  api::SetDefaults(pod);
  return pod;
}

const cloud::InstanceType& KwokType(std::string_view name) {
  for (const cloud::InstanceTypePtr& type : cloud::kwok::InstanceTypes()) {
    if (type->name == name) return *type;
  }
  return *cloud::kwok::InstanceTypes().front();  // unreachable: kNodeTypes are KWOK names
}

api::Node MakeNode(const api::NodePool& pool, const cloud::InstanceType& type, size_t index,
                   const char* zone, const char* capacity_type) {
  api::Node node;
  node.api_version = "v1";
  node.kind = "Node";
  node.metadata.name = "node-" + std::to_string(index);
  node.metadata.uid = "node-uid-" + std::to_string(index);
  for (const api::Requirement& r : type.requirements.values()) {
    if (!r.complement() && r.values().size() == 1) node.metadata.labels[r.key()] = r.values()[0];
  }
  auto& labels = node.metadata.labels;
  labels[std::string(api::kLabelHostname)] = node.metadata.name;
  labels[std::string(api::kLabelTopologyZone)] = zone;
  labels[std::string(api::kCapacityTypeLabelKey)] = capacity_type;
  labels[std::string(api::kNodePoolLabelKey)] = pool.metadata.name;
  labels[std::string(api::kNodeRegisteredLabelKey)] = "true";
  labels[std::string(api::kNodeInitializedLabelKey)] = "true";
  node.status.capacity = type.capacity;
  node.status.allocatable = type.allocatable;
  return node;
}

int64_t Milli(const api::ResourceList& list, const char* name) {
  auto it = list.find(name);
  return it == list.end() ? 0 : it->second.MilliValue();
}

}  // namespace

WorkloadCluster::WorkloadCluster(const WorkloadOptions& options) {
  Random random(options.seed);
  node_pool_.api_version = "karpenter.sh/v1";
  node_pool_.kind = "NodePool";
  node_pool_.metadata.name = "default";
  node_pool_.spec.template_.spec.node_class_ref =
      api::NodeClassReference{"karpenter.kwok.sh", "KWOKNodeClass", "default", {}};
  if (!options.pool_zones.empty()) {
    api::NodeSelectorRequirement zones;
    zones.key = std::string(api::kLabelTopologyZone);
    zones.operator_ = "In";
    zones.values = options.pool_zones;
    node_pool_.spec.template_.spec.requirements.push_back(std::move(zones));
  }
  if (!options.pool_cpu_limit.empty()) {
    node_pool_.spec.limits[api::kResourceCPU] = Quantity::MustParse(options.pool_cpu_limit);
  }
  api::SetDefaults(node_pool_);

  api::DaemonSet& ds = daemon_sets_.emplace_back();
  ds.api_version = "apps/v1";
  ds.kind = "DaemonSet";
  ds.metadata.name = "node-agent";
  ds.metadata.namespace_ = "kube-system";
  api::Container agent;
  agent.name = "agent";
  agent.image = "agent";
  api::ResourceRequirements agent_resources;
  agent_resources.requests[api::kResourceCPU] = Quantity::FromMilli(100);
  agent_resources.requests[api::kResourceMemory] = Quantity::FromInt(128 * 1024 * 1024);
  agent.resources = std::move(agent_resources);
  ds.spec.template_.spec.containers.push_back(std::move(agent));

  // Enough deployments for the expected pod count (~ nodes × 12 pods).
  size_t deployment_count =
      std::max<size_t>(4, static_cast<size_t>(options.nodes) * 12 /
                              static_cast<size_t>(std::max(1, options.replicas_per_deployment)));
  std::vector<Deployment> deployments(deployment_count);
  for (size_t i = 0; i < deployments.size(); ++i) {
    Deployment& d = deployments[i];
    d.name = "app-" + std::to_string(i);
    d.shape = options.topology ? DrawShape(random) : Shape::kGeneric;
    d.cpu_milli = kCpuMilli[static_cast<size_t>(random.UniformInt(0, kCpuMilli.size() - 1))];
    d.memory_mi = kMemoryMi[static_cast<size_t>(random.UniformInt(0, kMemoryMi.size() - 1))];
  }

  pods_by_node_.resize(static_cast<size_t>(options.nodes));
  for (size_t n = 0; n < pods_by_node_.size(); ++n) {
    const cloud::InstanceType& type =
        KwokType(kNodeTypes[static_cast<size_t>(random.UniformInt(0, kNodeTypes.size() - 1))]);
    const char* capacity_type =
        random.Bernoulli(0.6) ? cloud::kCapacityTypeSpot : cloud::kCapacityTypeOnDemand;
    const api::Node& node = nodes_.emplace_back(
        MakeNode(node_pool_, type, n, kZones[n % kZones.size()], capacity_type));
    int64_t cpu_left = Milli(type.allocatable, api::kResourceCPU);
    int64_t memory_left = Milli(type.allocatable, api::kResourceMemory) / 1000;  // bytes
    int64_t pods_left = Milli(type.allocatable, api::kResourcePods) / 1000;
    double fill = options.min_fill + (options.max_fill - options.min_fill) * random.UniformDouble();
    int64_t cpu_floor = cpu_left - static_cast<int64_t>(static_cast<double>(cpu_left) * fill);
    std::vector<const api::Pod*>& on_node = pods_by_node_[n];
    if (options.daemon_set) {
      api::Pod daemon;
      daemon.api_version = "v1";
      daemon.kind = "Pod";
      daemon.metadata.name = "node-agent-" + std::to_string(n);
      daemon.metadata.namespace_ = "kube-system";
      daemon.metadata.uid = "ds-uid-" + std::to_string(n);
      api::OwnerReference owner;
      owner.api_version = "apps/v1";
      owner.kind = "DaemonSet";
      owner.name = ds.metadata.name;
      daemon.metadata.owner_references.push_back(std::move(owner));
      daemon.spec = ds.spec.template_.spec;
      daemon.spec.node_name = node.metadata.name;
      daemon.status.phase = "Running";
      api::SetDefaults(daemon);
      on_node.push_back(&pods_.emplace_back(std::move(daemon)));
      cpu_left -= 100;
      memory_left -= 128 * 1024 * 1024;
      --pods_left;
    }
    std::vector<const Deployment*> anti_here;
    for (int misses = 0; misses < 8 && cpu_left > cpu_floor && pods_left > 0;) {
      Deployment& d =
          deployments[static_cast<size_t>(random.UniformInt(0, deployments.size() - 1))];
      bool anti = d.shape == Shape::kAntiAffinity || d.shape == Shape::kZonalAnti;
      bool fits = d.cpu_milli <= cpu_left && d.memory_mi * 1024 * 1024 <= memory_left;
      bool selector_ok = d.shape != Shape::kOnDemand ||
                         std::string_view(capacity_type) == cloud::kCapacityTypeOnDemand;
      bool anti_ok = !anti || std::find(anti_here.begin(), anti_here.end(), &d) == anti_here.end();
      if (!fits || !selector_ok || !anti_ok) {
        ++misses;
        continue;
      }
      on_node.push_back(
          &pods_.emplace_back(MakePod(d, d.replicas++, pods_.size(), node.metadata.name)));
      if (anti) anti_here.push_back(&d);
      cpu_left -= d.cpu_milli;
      memory_left -= d.memory_mi * 1024 * 1024;
      --pods_left;
    }
  }
}

SchedulerInput WorkloadCluster::Input() const {
  SchedulerInput input;
  input.node_pools.push_back(NodePoolInput{&node_pool_, cloud::kwok::InstanceTypes()});
  for (const api::DaemonSet& ds : daemon_sets_) input.daemon_sets.push_back(&ds);
  input.existing_nodes.reserve(nodes_.size());
  for (size_t n = 0; n < nodes_.size(); ++n) {
    ExistingNodeInput node;
    node.name = nodes_[n].metadata.name;
    node.node = &nodes_[n];
    node.pods = pods_by_node_[n];
    input.existing_nodes.push_back(std::move(node));
  }
  return input;
}

std::vector<const api::Pod*> WorkloadCluster::ReschedulablePods(size_t node) const {
  std::vector<const api::Pod*> pods;
  for (const api::Pod* pod : pods_by_node_[node]) {
    bool daemon = false;
    for (const api::OwnerReference& ref : pod->metadata.owner_references) {
      daemon |= ref.kind == "DaemonSet";
    }
    if (!daemon) pods.push_back(pod);
  }
  return pods;
}

std::vector<const api::Pod*> WorkloadCluster::AddPendingReplicas(int count, uint64_t seed) {
  Random random(seed);
  std::vector<const api::Pod*> out;
  for (int i = 0; i < count && !nodes_.empty(); ++i) {
    std::vector<const api::Pod*> pods =
        ReschedulablePods(static_cast<size_t>(random.UniformInt(0, nodes_.size() - 1)));
    if (pods.empty()) continue;
    api::Pod pod = *pods[static_cast<size_t>(random.UniformInt(0, pods.size() - 1))];
    pod.metadata.name += "-pending-" + std::to_string(pods_.size());
    pod.metadata.uid = "uid-pending-" + std::to_string(pods_.size());
    pod.spec.node_name.clear();
    pod.status.phase = "Pending";
    out.push_back(&pods_.emplace_back(std::move(pod)));
  }
  return out;
}

const api::LabelKeySet& WorkloadWellKnownLabels() { return cloud::kwok::WellKnownLabels(); }

}  // namespace tidepool::scheduling
