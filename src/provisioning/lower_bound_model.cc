#include "provisioning/lower_bound_model.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "api/requirements.h"
#include "api/resource_math.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::provisioning {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

bool IsByteResource(std::string_view name) {
  return name == api::kResourceMemory || name == api::kResourceEphemeralStorage ||
         name.starts_with("hugepages-");
}

double ToLpUnits(std::string_view name, const Quantity& q) {
  return IsByteResource(name) ? q.AsDouble() / kGiB : q.AsDouble();
}

// Taints a pod must tolerate to use a pool's nodes: the template's, except PreferNoSchedule,
// which the solver's last relaxation tolerates (startup taints are never checked for fit).
std::vector<api::Taint> HardTaints(const api::NodePool& pool) {
  std::vector<api::Taint> taints;
  for (const api::Taint& taint : pool.spec.template_.spec.taints) {
    if (taint.effect != api::kTaintEffectPreferNoSchedule) taints.push_back(taint);
  }
  return taints;
}

// NodeClaimTemplate requirements: the pool's requirements, its template labels, its name, and
// the registered/initialized labels that DaemonSet affinity may select.
api::Requirements TemplateRequirements(const api::NodePool& pool) {
  api::Requirements requirements =
      api::Requirements::FromNodeSelectorRequirements(pool.spec.template_.spec.requirements);
  std::map<std::string, std::string> labels = pool.spec.template_.metadata.labels;
  labels[std::string(api::kNodePoolLabelKey)] = pool.metadata.name;
  labels[std::string(api::kNodeRegisteredLabelKey)] = "true";
  labels[std::string(api::kNodeInitializedLabelKey)] = "true";
  requirements.Add(api::Requirements::FromLabels(labels));
  return requirements;
}

// One Requirements per required node-affinity term (ORed), each with the nodeSelector; one
// without affinity when there are no terms.
std::vector<api::Requirements> StrictTerms(const api::PodSpec& spec) {
  std::vector<api::Requirements> terms;
  const api::NodeSelector* required = nullptr;
  if (spec.affinity && spec.affinity->node_affinity &&
      spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution) {
    required = &*spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution;
  }
  if (required == nullptr || required->node_selector_terms.size() <= 1) {
    terms.push_back(api::Requirements::ForPod(spec.node_selector, required, {},
                                              api::PodRequirementType::kRequiredOnly));
    return terms;
  }
  for (const api::NodeSelectorTerm& term : required->node_selector_terms) {
    api::NodeSelector single;
    single.node_selector_terms.push_back(term);
    terms.push_back(api::Requirements::ForPod(spec.node_selector, &single, {},
                                              api::PodRequirementType::kRequiredOnly));
  }
  return terms;
}

struct PoolData {
  const api::NodePool* pool;
  api::Requirements requirements;
  std::vector<api::Taint> taints;
};

struct OptionData {
  int pool;
  const cloud::InstanceType* type;
  const cloud::Offering* offering;
  api::ResourceList allocatable;  // after DaemonSet overhead
};

// Pods that share constraints and requests.
struct Shape {
  const api::Pod* first = nullptr;
  api::ResourceList requests;
  std::vector<int> pods;  // indices into the input
};

std::string ShapeKey(const api::PodSpec& spec, const api::ResourceList& requests) {
  std::string key = api::ResourceListString(requests);
  for (const auto& [k, v] : spec.node_selector) key.append("|s").append(k).append("=").append(v);
  if (spec.affinity && spec.affinity->node_affinity &&
      spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution) {
    for (const api::NodeSelectorTerm& term :
         spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution
             ->node_selector_terms) {
      key.append("|t");
      for (const api::NodeSelectorRequirement& r : term.match_expressions) {
        key.append("|").append(r.key).append(" ").append(r.operator_);
        for (const std::string& v : r.values) key.append(" ").append(v);
      }
    }
  }
  for (const api::Toleration& t : spec.tolerations) {
    key.append("|o").append(t.key).append(" ").append(t.operator_).append(" ");
    key.append(t.value).append(" ").append(t.effect);
  }
  return key;
}

bool DaemonCompatible(const PoolData& pool, const cloud::InstanceType& type,
                      const api::PodSpec& spec, const api::CompatibilityOptions& options) {
  if (!api::TaintsTolerated(pool.taints, spec.tolerations)) return false;
  for (const api::Requirements& term : StrictTerms(spec)) {
    if (pool.requirements.IsCompatible(term, options) && type.requirements.IntersectsFast(term)) {
      return true;
    }
  }
  return false;
}

bool AnyNegative(const api::ResourceList& list) {
  return std::any_of(list.begin(), list.end(), [](const auto& e) { return e.second.Sign() < 0; });
}

}  // namespace

api::ResourceList BoundPodRequests(const api::PodSpec& spec,
                                   std::span<const api::RuntimeClass* const> runtime_classes) {
  api::ResourceList requests = api::PodRequests(spec);
  if (spec.runtime_class_name && spec.overhead.empty()) {
    for (const api::RuntimeClass* rc : runtime_classes) {
      if (rc->metadata.name == *spec.runtime_class_name && rc->overhead) {
        api::AddInto(requests, rc->overhead->pod_fixed);
      }
    }
  }
  requests[api::kResourcePods] += Quantity::FromInt(1);
  return requests;
}

api::ResourceList DaemonSetOverhead(const api::NodePool& pool, const cloud::InstanceType& type,
                                    std::span<const api::DaemonSet* const> daemon_sets,
                                    std::span<const api::RuntimeClass* const> runtime_classes) {
  PoolData data{&pool, TemplateRequirements(pool), HardTaints(pool)};
  api::LabelKeySet allowed = api::CoreWellKnownLabels();
  for (const api::Requirement& r : type.requirements.values()) allowed.Insert(r.key());
  api::CompatibilityOptions compat{&allowed};
  api::ResourceList overhead;
  for (const api::DaemonSet* ds : daemon_sets) {
    const api::PodSpec& spec = ds->spec.template_.spec;
    if (DaemonCompatible(data, type, spec, compat)) {
      api::AddInto(overhead, BoundPodRequests(spec, runtime_classes));
    }
  }
  return overhead;
}

BoundModel BuildBoundModel(const BoundInput& input, std::span<const api::Pod* const> pods) {
  BoundModel model;
  model.class_of_pod.assign(pods.size(), -1);

  // Keys that pods may select without the pool defining them: the well-known labels and every
  // label an instance type defines (providers register their labels as well-known).
  api::LabelKeySet allowed = api::CoreWellKnownLabels();
  std::vector<PoolData> pools;
  for (const BoundNodePool& bp : input.node_pools) {
    if (bp.node_pool == nullptr || bp.instance_types == nullptr) continue;
    if (bp.node_pool->spec.replicas) continue;  // static pools never provision
    pools.push_back({bp.node_pool, TemplateRequirements(*bp.node_pool), HardTaints(*bp.node_pool)});
    for (const cloud::InstanceTypePtr& type : *bp.instance_types) {
      for (const api::Requirement& r : type->requirements.values()) allowed.Insert(r.key());
    }
  }
  api::CompatibilityOptions compat{&allowed};

  // Node options, with each (pool, type)'s DaemonSet overhead.
  std::vector<OptionData> options;
  for (size_t p = 0; p < pools.size(); ++p) {
    for (const cloud::InstanceTypePtr& type : *input.node_pools[p].instance_types) {
      if (!pools[p].requirements.IntersectsFast(type->requirements)) continue;
      api::ResourceList allocatable = type->allocatable;
      for (const api::DaemonSet* ds : input.daemon_sets) {
        const api::PodSpec& spec = ds->spec.template_.spec;
        if (DaemonCompatible(pools[p], *type, spec, compat)) {
          api::SubtractFrom(allocatable, BoundPodRequests(spec, input.runtime_classes));
        }
      }
      if (AnyNegative(allocatable)) continue;
      for (const cloud::Offering& offering : type->offerings) {
        if (!offering.available || !pools[p].requirements.IntersectsFast(offering.requirements)) {
          continue;
        }
        options.push_back({static_cast<int>(p), type.get(), &offering, allocatable});
      }
    }
  }

  // Group pods by shape.
  std::vector<Shape> shapes;
  std::unordered_map<std::string, int> shape_index;
  for (size_t i = 0; i < pods.size(); ++i) {
    api::ResourceList requests = BoundPodRequests(pods[i]->spec, input.runtime_classes);
    std::string key = ShapeKey(pods[i]->spec, requests);
    auto [it, inserted] = shape_index.try_emplace(std::move(key), static_cast<int>(shapes.size()));
    if (inserted) shapes.push_back({pods[i], std::move(requests), {}});
    shapes[it->second].pods.push_back(static_cast<int>(i));
  }

  // Resources the pods ask for, in name order.
  std::map<std::string, int> resource_index;
  for (const Shape& shape : shapes) {
    for (const auto& [name, q] : shape.requests) {
      if (!q.IsZero()) resource_index.emplace(name, 0);
    }
  }
  for (auto& [name, index] : resource_index) {
    index = static_cast<int>(model.problem.resources.size());
    model.problem.resources.push_back(name);
  }
  const size_t num_resources = model.problem.resources.size();

  // Feasible options per shape; shapes with equal sets share a class.
  std::map<std::vector<int>, int> class_index;
  std::vector<bool> option_used(options.size(), false);
  std::vector<std::vector<int>> class_options;
  std::vector<int> shape_class(shapes.size(), -1);
  for (size_t s = 0; s < shapes.size(); ++s) {
    const api::PodSpec& spec = shapes[s].first->spec;
    std::vector<api::Requirements> terms = StrictTerms(spec);
    std::vector<int> feasible;
    bool tolerated = false, compatible = false;
    for (size_t p = 0; p < pools.size(); ++p) {
      if (!api::TaintsTolerated(pools[p].taints, spec.tolerations)) continue;
      tolerated = true;
      std::vector<std::optional<api::Requirements>> merged;
      for (const api::Requirements& term : terms) {
        if (!pools[p].requirements.IsCompatible(term, compat)) {
          merged.emplace_back();
          continue;
        }
        api::Requirements m = pools[p].requirements;
        m.Add(term);
        merged.emplace_back(std::move(m));
      }
      for (size_t o = 0; o < options.size(); ++o) {
        const OptionData& option = options[o];
        if (option.pool != static_cast<int>(p)) continue;
        bool ok = std::any_of(merged.begin(), merged.end(), [&](const auto& m) {
          return m && option.type->requirements.IntersectsFast(*m) &&
                 option.offering->requirements.IntersectsFast(*m);
        });
        if (!ok) continue;
        compatible = true;
        if (!api::Fits(shapes[s].requests, option.allocatable)) continue;
        feasible.push_back(static_cast<int>(o));
      }
    }
    if (feasible.empty()) {
      std::string reason = pools.empty() ? "no NodePool can provision nodes"
                           : !tolerated  ? "tolerates no NodePool's taints"
                           : !compatible ? "requirements match no NodePool instance type offering"
                                         : "requests fit no instance type: " +
                                               api::ResourceListString(shapes[s].requests);
      for (int i : shapes[s].pods) model.excluded.push_back({pods[i], reason});
      continue;
    }
    auto [it, inserted] = class_index.try_emplace(feasible, static_cast<int>(class_options.size()));
    if (inserted) {
      for (int o : feasible) option_used[o] = true;
      class_options.push_back(std::move(feasible));
    }
    shape_class[s] = it->second;
  }

  // Renumber the options that some class uses.
  std::vector<int> lp_option(options.size(), -1);
  for (size_t o = 0; o < options.size(); ++o) {
    if (!option_used[o]) continue;
    const OptionData& option = options[o];
    LpNodeOption lp;
    lp.name = pools[option.pool].pool->metadata.name + "/" + option.type->name + "/" +
              option.offering->capacity_type + "/" + option.offering->zone;
    lp.price = option.offering->price;
    lp.allocatable.assign(num_resources, 0.0);
    for (const auto& [name, index] : resource_index) {
      auto it = option.allocatable.find(name);
      if (it != option.allocatable.end()) lp.allocatable[index] = ToLpUnits(name, it->second);
    }
    lp_option[o] = static_cast<int>(model.problem.options.size());
    model.problem.options.push_back(std::move(lp));
    model.sources.push_back({pools[option.pool].pool, option.type, option.offering});
  }
  model.problem.classes.resize(class_options.size());
  for (size_t c = 0; c < class_options.size(); ++c) {
    LpPodClass& lp = model.problem.classes[c];
    lp.demand.assign(num_resources, 0.0);
    for (int o : class_options[c]) lp.options.push_back(lp_option[o]);
  }
  for (size_t s = 0; s < shapes.size(); ++s) {
    int c = shape_class[s];
    if (c < 0) continue;
    LpPodClass& lp = model.problem.classes[c];
    const double count = static_cast<double>(shapes[s].pods.size());
    for (const auto& [name, q] : shapes[s].requests) {
      auto it = resource_index.find(name);
      if (it != resource_index.end()) lp.demand[it->second] += count * ToLpUnits(name, q);
    }
    lp.pods += static_cast<int>(shapes[s].pods.size());
    for (int i : shapes[s].pods) model.class_of_pod[i] = c;
  }
  return model;
}

Result<LowerBound> ComputeLowerBound(const BoundInput& input,
                                     std::span<const api::Pod* const> pods) {
  BoundModel model = BuildBoundModel(input, pods);
  Result<LpSolution> solution = SolveLowerBound(model.problem);
  if (!solution) return Fail(solution.error());
  LowerBound bound;
  bound.usd_per_hour = solution->usd_per_hour;
  bound.classes = static_cast<int>(model.problem.classes.size());
  bound.options = static_cast<int>(model.problem.options.size());
  bound.excluded = std::move(model.excluded);
  for (size_t o = 0; o < model.sources.size(); ++o) {
    if (solution->node_counts[o] > 1e-9) {
      bound.nodes.push_back({model.sources[o], solution->node_counts[o]});
    }
  }
  return bound;
}

}  // namespace tidepool::provisioning
