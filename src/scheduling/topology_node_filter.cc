#include "scheduling/topology_node_filter.h"

#include <algorithm>

#include "api/tolerations.h"

namespace tidepool::scheduling {

TopologyNodeFilter TopologyNodeFilter::ForSpread(
    const api::Pod& pod, const std::optional<std::string>& node_taints_policy,
    const std::optional<std::string>& node_affinity_policy) {
  TopologyNodeFilter filter;
  filter.active_ = true;
  filter.honor_taints_ = node_taints_policy.value_or(api::kNodeInclusionPolicyIgnore) ==
                         api::kNodeInclusionPolicyHonor;
  filter.honor_affinity_ = node_affinity_policy.value_or(api::kNodeInclusionPolicyHonor) ==
                           api::kNodeInclusionPolicyHonor;
  filter.tolerations_ = pod.spec.tolerations;
  api::Requirements node_selector = api::Requirements::FromLabels(pod.spec.node_selector);
  const api::Affinity* affinity = pod.spec.affinity ? &*pod.spec.affinity : nullptr;
  const api::NodeSelector* required =
      affinity && affinity->node_affinity &&
              affinity->node_affinity->required_during_scheduling_ignored_during_execution
          ? &*affinity->node_affinity->required_during_scheduling_ignored_during_execution
          : nullptr;
  if (required == nullptr) {
    filter.requirements_.push_back(std::move(node_selector));
    return filter;
  }
  for (const api::NodeSelectorTerm& term : required->node_selector_terms) {
    api::Requirements requirements = node_selector;
    requirements.Add(api::Requirements::FromNodeSelectorRequirements(term.match_expressions));
    filter.requirements_.push_back(std::move(requirements));
  }
  return filter;
}

bool TopologyNodeFilter::Matches(std::span<const api::Taint> taints,
                                 const api::Requirements& requirements) const {
  if (!active_) return true;
  if (honor_affinity_ && !requirements_.empty()) {
    const bool any =
        std::any_of(requirements_.begin(), requirements_.end(),
                    [&](const api::Requirements& term) { return requirements.IsCompatible(term); });
    if (!any) return false;
  }
  if (honor_taints_) {
    for (const api::Taint& taint : taints) {
      if (!api::TolerationsTolerateTaint(tolerations_, taint,
                                         /*enable_comparison_operators=*/true)) {
        return false;
      }
    }
  }
  return true;
}

void TopologyNodeFilter::AppendKey(std::string& out) const {
  if (!active_) {
    out += "|nofilter";
    return;
  }
  out += honor_taints_ ? "|taints:honor" : "|taints:ignore";
  out += honor_affinity_ ? "|affinity:honor" : "|affinity:ignore";
  for (const api::Requirements& term : requirements_) {
    out += "|term:";
    for (const api::Requirement& requirement : term.values()) {
      out += requirement.key();
      out += requirement.complement() ? '!' : '=';
      for (const std::string& value : requirement.values()) {
        out += value;
        out += ',';
      }
      if (requirement.gte()) out += ">=" + std::to_string(*requirement.gte());
      if (requirement.lte()) out += "<=" + std::to_string(*requirement.lte());
      out += ';';
    }
  }
  for (const api::Toleration& toleration : tolerations_) {
    out += "|tol:";
    out += toleration.key;
    out += '\x1f';
    out += toleration.operator_;
    out += '\x1f';
    out += toleration.value;
    out += '\x1f';
    out += toleration.effect;
  }
}

}  // namespace tidepool::scheduling
