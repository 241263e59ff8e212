#include "lifecycle/unschedulable_reasons.h"

#include <map>

#include "api/resource_math.h"
#include "api/tolerations.h"
#include "scheduling/pod_data.h"

namespace tidepool::lifecycle {
namespace {

// The reasons of the filter plugins, as kube-scheduler words them.
constexpr std::string_view kNotReady =
    "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
constexpr std::string_view kUnschedulable = "node(s) were unschedulable";
constexpr std::string_view kDeleting = "node(s) were being deleted";
constexpr std::string_view kAffinityMismatch = "node(s) didn't match Pod's node affinity/selector";
constexpr std::string_view kSpreadMismatch = "node(s) didn't match pod topology spread constraints";
constexpr std::string_view kAntiAffinityMismatch = "node(s) didn't match pod anti-affinity rules";
constexpr std::string_view kAffinityRulesMismatch = "node(s) didn't match pod affinity rules";
constexpr std::string_view kOtherMismatch =
    "node(s) didn't fit the pod with the pods already placed";

bool IsTerminal(const api::Pod& pod) {
  return pod.status.phase == api::kPodSucceeded || pod.status.phase == api::kPodFailed;
}

// NodeAffinity's filter: the nodeSelector's labels, and one of the required terms (ORed).
bool MatchesNodeAffinity(const api::Pod& pod, const NodeView& view) {
  for (const auto& [key, value] : pod.spec.node_selector) {
    auto label = view.node->metadata.labels.find(key);
    if (label == view.node->metadata.labels.end() || label->second != value) return false;
  }
  if (!pod.spec.affinity || !pod.spec.affinity->node_affinity) return true;
  const auto& required =
      pod.spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution;
  if (!required || required->node_selector_terms.empty()) return true;
  for (const api::NodeSelectorTerm& term : required->node_selector_terms) {
    api::Requirements wanted =
        api::Requirements::FromNodeSelectorRequirements(term.match_expressions);
    if (view.labels.IsCompatible(wanted)) return true;
  }
  return false;
}

std::string_view ConstraintReason(const api::Pod& pod) {
  if (!pod.spec.topology_spread_constraints.empty()) return kSpreadMismatch;
  if (pod.spec.affinity && pod.spec.affinity->pod_anti_affinity) return kAntiAffinityMismatch;
  if (pod.spec.affinity && pod.spec.affinity->pod_affinity) return kAffinityRulesMismatch;
  return kOtherMismatch;
}

}  // namespace

std::vector<NodeView> BuildNodeViews(const cluster::ClusterState& world,
                                     std::span<const api::RuntimeClass* const> runtime_classes) {
  std::vector<NodeView> views;
  views.reserve(world.Store<api::Node>().size());
  for (const auto& [key, node] : world.Store<api::Node>().items()) {
    NodeView view;
    view.node = &node;
    if (node.ReadyStatus() != "True") {
      view.unusable = kNotReady;
    } else if (node.spec.unschedulable) {
      view.unusable = kUnschedulable;
    } else if (!node.metadata.deletion_timestamp.empty()) {
      view.unusable = kDeleting;
    }
    if (view.unusable.empty()) {
      view.labels = api::Requirements::FromLabels(node.metadata.labels);
      view.free = node.status.allocatable.empty() ? node.status.capacity : node.status.allocatable;
      for (const api::Pod* pod : world.PodsOnNode(node.metadata.name)) {
        if (IsTerminal(*pod)) continue;
        api::SubtractFrom(view.free, scheduling::PodRequestsWithOverhead(*pod, runtime_classes));
      }
    }
    views.push_back(std::move(view));
  }
  return views;
}

std::string UnschedulableMessage(const api::Pod& pod, std::span<const NodeView> nodes,
                                 std::span<const api::RuntimeClass* const> runtime_classes) {
  if (nodes.empty()) return "no nodes available to schedule pods";
  api::ResourceList requests = scheduling::PodRequestsWithOverhead(pod, runtime_classes);
  std::map<std::string, int> counts;  // sorted, as upstream sorts the reasons
  for (const NodeView& view : nodes) {
    if (!view.unusable.empty()) {
      ++counts[std::string(view.unusable)];
      continue;
    }
    std::optional<api::Taint> taint = api::FindMatchingUntoleratedTaint(
        view.node->spec.taints, pod.spec.tolerations, api::IsDoNotScheduleTaint);
    if (taint) {
      ++counts["node(s) had untolerated taint {" + taint->key + ": " + taint->value + "}"];
      continue;
    }
    if (!MatchesNodeAffinity(pod, view)) {
      ++counts[std::string(kAffinityMismatch)];
      continue;
    }
    bool insufficient = false;
    for (const auto& [name, quantity] : requests) {
      if (quantity.IsZero()) continue;
      auto free = view.free.find(name);
      if (free != view.free.end() && api::Cmp(quantity, free->second) <= 0) continue;
      ++counts[name == api::kResourcePods ? std::string("Too many pods") : "Insufficient " + name];
      insufficient = true;
    }
    if (!insufficient) ++counts[std::string(ConstraintReason(pod))];
  }
  std::string message = "0/" + std::to_string(nodes.size()) + " nodes are available: ";
  bool first = true;
  for (const auto& [reason, count] : counts) {
    if (!first) message += ", ";
    first = false;
    message += std::to_string(count) + " " + reason;
  }
  message += ".";
  return message;
}

}  // namespace tidepool::lifecycle
