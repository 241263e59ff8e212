#include "provisioning/prepacked_claims.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "api/requirements.h"
#include "api/resource_math.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::provisioning {
namespace {

// The labels a node of this option would carry, or nullopt when some pool requirement leaves a
// custom label's value open.
std::optional<std::map<std::string, std::string>> NodeLabels(const BoundOptionSource& source) {
  const api::NodePool& pool = *source.node_pool;
  std::map<std::string, std::string> labels = pool.spec.template_.metadata.labels;
  labels[std::string(api::kNodePoolLabelKey)] = pool.metadata.name;
  for (const api::Requirement& r : source.type->requirements.values()) {
    if (!r.complement() && r.values().size() == 1) labels[r.key()] = r.values().front();
  }
  labels[std::string(api::kLabelTopologyZone)] = source.offering->zone;
  labels[std::string(api::kCapacityTypeLabelKey)] = source.offering->capacity_type;
  api::Requirements pool_requirements =
      api::Requirements::FromNodeSelectorRequirements(pool.spec.template_.spec.requirements);
  for (const api::Requirement& r : pool_requirements.values()) {
    auto it = labels.find(r.key());
    if (it != labels.end()) {
      if (!r.Has(it->second)) return std::nullopt;  // not an option of this pool after all
      continue;
    }
    if (r.complement()) {
      if (api::CoreWellKnownLabels().Has(r.key()) ||
          r.Operator() == api::NodeSelectorOperator::kNotIn ||
          r.Operator() == api::NodeSelectorOperator::kDoesNotExist) {
        continue;  // a label the node simply does not carry, or one set elsewhere
      }
      return std::nullopt;
    }
    std::string value = r.Any();
    if (value.empty()) continue;  // DoesNotExist
    labels[r.key()] = value;
  }
  return labels;
}

// Pods whose placement depends only on their own requests, requirements and tolerations.
bool IsPlain(const api::Pod& pod) {
  const api::PodSpec& spec = pod.spec;
  if (!spec.topology_spread_constraints.empty()) return false;
  if (spec.affinity) {
    if (spec.affinity->pod_affinity || spec.affinity->pod_anti_affinity) return false;
    if (spec.affinity->node_affinity &&
        !spec.affinity->node_affinity->preferred_during_scheduling_ignored_during_execution
             .empty()) {
      return false;
    }
  }
  for (const auto* containers : {&spec.containers, &spec.init_containers}) {
    for (const api::Container& c : *containers) {
      for (const api::ContainerPort& port : c.ports) {
        if (port.host_port != 0) return false;
      }
    }
  }
  return true;
}

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// cpu (cores), memory (GiB), pods; with `strict`, nullopt when the list has anything else.
std::optional<std::array<double, 3>> Dense(const api::ResourceList& list, bool strict = true) {
  std::array<double, 3> out = {0, 0, 0};
  for (const auto& [name, q] : list) {
    if (name == api::kResourceCPU) {
      out[0] = q.AsDouble();
    } else if (name == api::kResourceMemory) {
      out[1] = q.AsDouble() / kGiB;
    } else if (name == api::kResourcePods) {
      out[2] = q.AsDouble();
    } else if (strict && !q.IsZero()) {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace

std::vector<int> AssignPods(std::span<const PrepackedClaim> claims,
                            std::span<const api::Pod* const> pods,
                            std::span<const api::DaemonSet* const> daemon_sets,
                            std::span<const api::RuntimeClass* const> runtime_classes) {
  std::vector<int> out(pods.size(), -1);
  // Room and capacity per claim; label requirements and taints for the fit checks.
  std::vector<std::array<double, 3>> room, capacity;
  std::vector<api::Requirements> labels;
  for (const PrepackedClaim& claim : claims) {
    api::ResourceList free = claim.type->allocatable;
    api::SubtractFrom(
        free, DaemonSetOverhead(*claim.node_pool, *claim.type, daemon_sets, runtime_classes));
    std::array<double, 3> r = *Dense(free, /*strict=*/false);
    room.push_back(r);
    capacity.push_back({std::max(r[0], 1e-9), std::max(r[1], 1e-9), std::max(r[2], 1e-9)});
    labels.push_back(api::Requirements::FromLabels(claim.node_claim->metadata.labels));
  }
  struct Item {
    size_t pod;
    std::array<double, 3> demand;
    double size;
  };
  std::vector<Item> items;
  const std::array<double, 3> scale =
      capacity.empty() ? std::array<double, 3>{1, 1, 1} : capacity.front();
  for (size_t i = 0; i < pods.size(); ++i) {
    if (!IsPlain(*pods[i])) continue;
    std::optional<std::array<double, 3>> d =
        Dense(BoundPodRequests(pods[i]->spec, runtime_classes));
    if (!d) continue;
    double size = std::max({(*d)[0] / scale[0], (*d)[1] / scale[1], (*d)[2] / scale[2]});
    items.push_back({i, *d, size});
  }
  // Largest first (ties by input order), each to the claim whose free room it matches best.
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.size > b.size; });
  // Requirement checks are the same for pods with the same spec shape: cache by pod pointer
  // would not help, so they run per pod but only against claims with room.
  for (const Item& item : items) {
    const api::Pod& pod = *pods[item.pod];
    api::Requirements required =
        api::Requirements::ForPod(pod.spec.node_selector,
                                  pod.spec.affinity && pod.spec.affinity->node_affinity &&
                                          pod.spec.affinity->node_affinity
                                              ->required_during_scheduling_ignored_during_execution
                                      ? &*pod.spec.affinity->node_affinity
                                              ->required_during_scheduling_ignored_during_execution
                                      : nullptr,
                                  {}, api::PodRequirementType::kRequiredOnly);
    int best = -1;
    double best_score = -1;
    for (size_t c = 0; c < claims.size(); ++c) {
      const std::array<double, 3>& r = room[c];
      if (item.demand[0] > r[0] + 1e-9 || item.demand[1] > r[1] + 1e-9 ||
          item.demand[2] > r[2] + 1e-9) {
        continue;
      }
      double score = 0;
      for (int k = 0; k < 3; ++k) {
        score += (item.demand[k] / capacity[c][k]) * (r[k] / capacity[c][k]);
      }
      if (score <= best_score) continue;
      if (!labels[c].IsCompatible(required)) continue;
      if (!api::TaintsTolerated(claims[c].node_claim->spec.taints, pod.spec.tolerations)) continue;
      best = static_cast<int>(c);
      best_score = score;
    }
    if (best < 0) continue;
    for (int k = 0; k < 3; ++k) room[best][k] -= item.demand[k];
    out[item.pod] = best;
  }
  return out;
}

api::Pod PreferClaim(const api::Pod& pod, const PrepackedClaim& claim) {
  api::Pod copy = pod;
  api::PreferredSchedulingTerm term;
  term.weight = 100;
  api::NodeSelectorRequirement r;
  r.key = std::string(kPrepackedLabelKey);
  r.operator_ = "In";
  r.values = {claim.node_claim->metadata.name};
  term.preference.match_expressions.push_back(std::move(r));
  if (!copy.spec.affinity) copy.spec.affinity.emplace();
  if (!copy.spec.affinity->node_affinity) copy.spec.affinity->node_affinity.emplace();
  copy.spec.affinity->node_affinity->preferred_during_scheduling_ignored_during_execution.push_back(
      std::move(term));
  return copy;
}

std::vector<PrepackedClaim> MakePrepackedClaims(std::span<const BoundNodeCount> nodes,
                                                int first_index, bool round_up, int max_claims) {
  std::vector<PrepackedClaim> out;
  std::map<const api::NodePool*, api::ResourceList> used;  // capacity claimed per pool
  for (const BoundNodeCount& node : nodes) {
    const int count =
        static_cast<int>(round_up ? std::ceil(node.count - 1e-6) : std::floor(node.count + 1e-6));
    if (count <= 0) continue;
    std::optional<std::map<std::string, std::string>> labels = NodeLabels(node.source);
    if (!labels) continue;
    const api::NodePool& pool = *node.source.node_pool;
    for (int i = 0; i < count && static_cast<int>(out.size()) < max_claims; ++i) {
      api::ResourceList total = used[&pool];
      api::AddInto(total, node.source.type->capacity);
      bool within_limits = true;
      for (const auto& [name, limit] : pool.spec.limits) {
        auto it = total.find(name);
        if (it != total.end() && it->second > limit) within_limits = false;
      }
      if (!within_limits) break;
      used[&pool] = std::move(total);

      auto claim = std::make_unique<api::NodeClaim>();
      claim->api_version = "karpenter.sh/v1";
      claim->kind = "NodeClaim";
      char name[32];
      std::snprintf(name, sizeof(name), "prepacked-%04zu", first_index + out.size());
      claim->metadata.name = name;
      claim->metadata.labels = *labels;
      claim->metadata.labels[std::string(kPrepackedLabelKey)] = name;
      claim->spec.taints = pool.spec.template_.spec.taints;
      claim->spec.startup_taints = pool.spec.template_.spec.startup_taints;
      claim->spec.node_class_ref = pool.spec.template_.spec.node_class_ref;
      claim->spec.requirements =
          api::Requirements::FromLabels(claim->metadata.labels).NodeSelectorRequirements();
      claim->status.capacity = node.source.type->capacity;
      claim->status.allocatable = node.source.type->allocatable;
      out.push_back(
          {std::move(claim), node.source.node_pool, node.source.type, node.source.offering});
    }
  }
  return out;
}

}  // namespace tidepool::provisioning
