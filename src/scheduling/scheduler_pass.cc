#include "scheduling/scheduler_pass.h"

#include <algorithm>
#include <cctype>

#include "api/well_known_labels.h"
#include "scheduling/pod_data.h"

namespace tidepool::scheduling {
namespace {

constexpr const char* kResourceNodes = "nodes";

// Upstream NewNodeClaimTemplate's requirements.
api::Requirements TemplateRequirements(const api::NodePool& pool) {
  const api::NodeClaimTemplate& tmpl = pool.spec.template_;
  api::Requirements requirements =
      api::Requirements::FromNodeSelectorRequirements(tmpl.spec.requirements);
  std::map<std::string, std::string> labels = tmpl.metadata.labels;
  labels[std::string(api::kNodePoolLabelKey)] = pool.metadata.name;
  if (tmpl.spec.node_class_ref) {
    std::string kind = tmpl.spec.node_class_ref->kind;
    std::transform(kind.begin(), kind.end(), kind.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    labels[tmpl.spec.node_class_ref->group + "/" + kind] = tmpl.spec.node_class_ref->name;
  }
  requirements.Add(api::Requirements::FromLabels(labels));
  requirements.Add(api::Requirement::Make(api::kNodeRegisteredLabelKey,
                                          api::NodeSelectorOperator::kIn, {"true"}));
  requirements.Add(api::Requirement::Make(api::kNodeInitializedLabelKey,
                                          api::NodeSelectorOperator::kIn, {"true"}));
  return requirements;
}

// Returns PodRequestsWithOverhead of every existing node's pods, node by node (the existing
// node templates reuse them).
std::vector<api::ResourceList> InternNames(const SchedulerInput& input,
                                           std::span<const api::Pod* const> extra_pods,
                                           SchedulerPass& pass) {
  // Every resource name first, so all dense vectors have one length.
  ResourceIndex& index = pass.context.resources;
  for (const api::Pod* pod : extra_pods) {
    index.Intern(PodRequestsWithOverhead(*pod, input.runtime_classes));
  }
  for (const api::Pod& pod : pass.daemon_pods) {
    index.Intern(PodRequestsWithOverhead(pod, input.runtime_classes));
  }
  for (const NodePoolInput& pool : input.node_pools) {
    index.Intern(pool.node_pool->spec.limits);
    for (const cloud::InstanceTypePtr& type : pool.instance_types) {
      index.Intern(type->allocatable);
      index.Intern(type->capacity);
    }
  }
  std::vector<api::ResourceList> pod_requests;
  for (const ExistingNodeInput& node : input.existing_nodes) {
    for (const api::Pod* pod : node.pods) {
      pod_requests.push_back(PodRequestsWithOverhead(*pod, input.runtime_classes));
      index.Intern(pod_requests.back());
    }
  }
  return pod_requests;
}

void BuildPools(const SchedulerInput& input, const SchedulerOptions& options, SchedulerPass& pass) {
  const ResourceIndex& index = pass.context.resources;
  std::vector<const NodePoolInput*> pools;
  for (const NodePoolInput& pool : input.node_pools) pools.push_back(&pool);
  std::stable_sort(pools.begin(), pools.end(), [](const NodePoolInput* a, const NodePoolInput* b) {
    int32_t wa = a->node_pool->spec.weight.value_or(0);
    int32_t wb = b->node_pool->spec.weight.value_or(0);
    if (wa != wb) return wa > wb;
    return a->node_pool->metadata.name < b->node_pool->metadata.name;
  });
  for (const NodePoolInput* in : pools) {
    const api::NodePool& np = *in->node_pool;
    if (np.spec.replicas) continue;  // static NodePools are not provisioned dynamically
    for (const api::Taint& taint : np.spec.template_.spec.taints) {
      if (taint.effect == "PreferNoSchedule") pass.tolerate_prefer_no_schedule = true;
    }
    PoolTemplate pool;
    pool.node_pool = &np;
    pool.name = np.metadata.name;
    pool.weight = np.spec.weight.value_or(0);
    pool.requirements = TemplateRequirements(np);
    pool.taints = np.spec.template_.spec.taints;
    // Upstream pre-filters the pool's instance types by its requirements and offerings.
    cloud::InstanceTypes kept;
    for (const cloud::InstanceTypePtr& type : in->instance_types) {
      if (!type->requirements.IntersectsFast(pool.requirements)) continue;
      if (!cloud::HasCompatibleOffering(*type, pool.requirements)) continue;
      kept.push_back(type);
    }
    if (!kept.empty() && pool.requirements.HasMinValues() && !options.min_values_best_effort &&
        !cloud::CheckMinValues(kept, pool.requirements).ok()) {
      kept.clear();
    }
    if (kept.empty())
      continue;  // "skipping, nodepool requirements filtered out all instance types"
    for (const cloud::InstanceTypePtr& type : kept) {
      InstanceOption option;
      option.type = type;
      option.allocatable = index.Dense(type->allocatable);
      option.capacity = index.Dense(type->capacity);
      IndexOfferings(option);
      pool.options.push_back(std::move(option));
      for (const cloud::Offering& offering : type->offerings) {
        for (const api::Requirement& r : offering.requirements.values()) {
          pool.offering_keys.push_back(r.key());
        }
      }
    }
    std::sort(pool.offering_keys.begin(), pool.offering_keys.end());
    pool.offering_keys.erase(std::unique(pool.offering_keys.begin(), pool.offering_keys.end()),
                             pool.offering_keys.end());
    BuildDaemonGroups(pool, pass.daemon_pods, input.runtime_classes, index, pass.context.compat);
    if (!np.spec.limits.empty()) {
      pool.has_limits = true;
      pool.limits.assign(index.size(), kUnbounded);
      for (const auto& [name, quantity] : np.spec.limits) {
        if (name == kResourceNodes) {
          pool.limit_nodes = quantity.Value();
          continue;
        }
        int r = index.Find(name);
        if (r >= 0) pool.limits[static_cast<size_t>(r)] = ToMilli(quantity);
      }
    }
    pass.pools.push_back(std::move(pool));
  }
}

void BuildExistingNodes(const SchedulerInput& input,
                        const std::vector<api::ResourceList>& pod_requests, SchedulerPass& pass) {
  std::vector<size_t> first_request(input.existing_nodes.size() + 1, 0);
  for (size_t i = 0; i < input.existing_nodes.size(); ++i) {
    first_request[i + 1] = first_request[i] + input.existing_nodes[i].pods.size();
  }
  std::vector<PodData> daemons(pass.daemon_pods.size());
  for (size_t d = 0; d < daemons.size(); ++d) {
    ComputePodData(pass.daemon_pods[d], input.runtime_classes, pass.context.resources,
                   /*ignore_preferences=*/true, daemons[d]);
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < input.existing_nodes.size(); ++i) {
    const ExistingNodeInput& node = input.existing_nodes[i];
    if (!node.marked_for_deletion) {
      order.push_back(i);
      pass.any_under_consolidate_after |= node.under_consolidate_after;
    } else {
      pass.deleting.emplace_back(node.name, i);
    }
  }
  std::sort(pass.deleting.begin(), pass.deleting.end());
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const ExistingNodeInput& x = input.existing_nodes[a];
    const ExistingNodeInput& y = input.existing_nodes[b];
    if (x.initialized != y.initialized) return x.initialized;
    return x.name < y.name;
  });
  pass.nodes.reserve(order.size());
  for (size_t i : order) {
    const ExistingNodeTemplate& node = pass.nodes.emplace_back(
        pass.context.resources, input.existing_nodes[i], daemons,
        std::span<const api::ResourceList>(pod_requests)
            .subspan(first_request[i], input.existing_nodes[i].pods.size()));
    pass.node_input.push_back(i);
    // The node's capacity counts against its NodePool's limits.
    int32_t pool_index = -1;
    auto pool_label = node.labels.find(std::string(api::kNodePoolLabelKey));
    if (pool_label != node.labels.end()) {
      for (size_t p = 0; p < pass.pools.size(); ++p) {
        if (pass.pools[p].name == pool_label->second && pass.pools[p].has_limits) {
          pool_index = static_cast<int32_t>(p);
        }
      }
    }
    pass.node_pool.push_back(pool_index);
    pass.node_capacity.push_back(pool_index >= 0 ? pass.context.resources.Dense(node.capacity)
                                                 : ResourceVector{});
  }
  pass.limits = LimitsExcluding(pass, {});
}

Status BuildTopologyBase(const SchedulerInput& input, const SchedulerOptions& options,
                         SchedulerPass& pass) {
  std::vector<std::string_view> hostnames(input.existing_nodes.size());
  for (size_t i = 0; i < pass.nodes.size(); ++i) {
    hostnames[pass.node_input[i]] = pass.nodes[i].hostname;
  }
  std::vector<TopologyBaseEntry> entries;
  entries.reserve(input.existing_nodes.size());
  for (size_t i = 0; i < input.existing_nodes.size(); ++i) {
    const ExistingNodeInput& in = input.existing_nodes[i];
    entries.push_back({in.node, in.pods, hostnames[i], !in.marked_for_deletion});
  }
  std::vector<TopologyNodePool> pools;
  for (const NodePoolInput& in : input.node_pools) {
    pools.push_back(TopologyNodePool{in.node_pool, in.instance_types});
  }
  TopologyOptions topology_options;
  topology_options.ignore_preferences = options.ignore_preferences;
  topology_options.namespace_labels = input.namespace_labels;
  Result<std::unique_ptr<TopologyBase>> base = TopologyBase::Make(pools, entries, topology_options);
  if (!base) return Fail(base.error());
  pass.topology = std::move(*base);
  return OkStatus();
}

}  // namespace

std::vector<PoolLimits> LimitsExcluding(const SchedulerPass& pass,
                                        const std::vector<bool>& excluded) {
  std::vector<PoolLimits> limits(pass.pools.size());
  for (size_t p = 0; p < pass.pools.size(); ++p) {
    if (!pass.pools[p].has_limits) continue;
    limits[p].remaining = pass.pools[p].limits;
    limits[p].remaining_nodes = pass.pools[p].limit_nodes;
  }
  for (size_t i = 0; i < pass.nodes.size(); ++i) {
    if (pass.node_pool[i] < 0) continue;
    const size_t input = pass.node_input[i];
    if (input < excluded.size() && excluded[input]) continue;
    PoolLimits& pool = limits[static_cast<size_t>(pass.node_pool[i])];
    const ResourceVector& capacity = pass.node_capacity[i];
    for (size_t r = 0; r < capacity.size(); ++r) {
      if (pool.remaining[r] != kUnbounded) pool.remaining[r] -= capacity[r];
    }
    if (pool.remaining_nodes > 0) --pool.remaining_nodes;
  }
  return limits;
}

Result<std::unique_ptr<SchedulerPass>> BuildPass(const SchedulerInput& input,
                                                 const SchedulerOptions& options,
                                                 std::span<const api::Pod* const> extra_pods,
                                                 bool with_topology) {
  auto pass = std::make_unique<SchedulerPass>();
  const api::LabelKeySet& well_known = options.well_known_labels != nullptr
                                           ? *options.well_known_labels
                                           : api::CoreWellKnownLabels();
  pass->context.compat = api::AllowUndefinedWellKnownLabels(well_known);
  pass->context.min_values_best_effort = options.min_values_best_effort;
  pass->daemon_pods = DaemonSetPods(input.daemon_sets);
  const std::vector<api::ResourceList> pod_requests = InternNames(input, extra_pods, *pass);
  BuildPools(input, options, *pass);
  pass->context.pools = pass->pools;
  BuildExistingNodes(input, pod_requests, *pass);
  if (with_topology) {
    if (Status status = BuildTopologyBase(input, options, *pass); !status) {
      return Fail(status.error());
    }
  }
  return pass;
}

}  // namespace tidepool::scheduling
