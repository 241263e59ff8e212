// Pod and node builders for the topology tests. Included by *_test.cc files only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/requirements.h"

namespace tidepool::scheduling::topology_testing {

using Labels = std::map<std::string, std::string>;

inline api::LabelSelector MatchLabels(Labels labels) {
  api::LabelSelector selector;
  selector.match_labels = std::move(labels);
  return selector;
}

inline api::Pod MakePod(std::string name, Labels labels = {}, std::string ns = "default") {
  api::Pod pod;
  pod.metadata.name = name;
  pod.metadata.namespace_ = std::move(ns);
  pod.metadata.uid = "uid-" + name;
  pod.metadata.labels = std::move(labels);
  return pod;
}

inline api::TopologySpreadConstraint Spread(std::string key, int32_t max_skew, Labels selector,
                                            std::string when = api::kDoNotSchedule) {
  api::TopologySpreadConstraint tsc;
  tsc.topology_key = std::move(key);
  tsc.max_skew = max_skew;
  tsc.when_unsatisfiable = std::move(when);
  tsc.label_selector = MatchLabels(std::move(selector));
  return tsc;
}

inline api::PodAffinityTerm Term(std::string key, Labels selector) {
  api::PodAffinityTerm term;
  term.topology_key = std::move(key);
  term.label_selector = MatchLabels(std::move(selector));
  return term;
}

inline api::Affinity& AffinityOf(api::Pod& pod) {
  if (!pod.spec.affinity) pod.spec.affinity.emplace();
  return *pod.spec.affinity;
}

inline void AddPodAffinity(api::Pod& pod, api::PodAffinityTerm term) {
  auto& affinity = AffinityOf(pod);
  if (!affinity.pod_affinity) affinity.pod_affinity.emplace();
  affinity.pod_affinity->required_during_scheduling_ignored_during_execution.push_back(
      std::move(term));
}

inline void AddPodAntiAffinity(api::Pod& pod, api::PodAffinityTerm term) {
  auto& affinity = AffinityOf(pod);
  if (!affinity.pod_anti_affinity) affinity.pod_anti_affinity.emplace();
  affinity.pod_anti_affinity->required_during_scheduling_ignored_during_execution.push_back(
      std::move(term));
}

inline void AddPreferredPodAffinity(api::Pod& pod, api::PodAffinityTerm term, int32_t weight = 1) {
  auto& affinity = AffinityOf(pod);
  if (!affinity.pod_affinity) affinity.pod_affinity.emplace();
  api::WeightedPodAffinityTerm weighted;
  weighted.weight = weight;
  weighted.pod_affinity_term = std::move(term);
  affinity.pod_affinity->preferred_during_scheduling_ignored_during_execution.push_back(
      std::move(weighted));
}

inline void AddPreferredPodAntiAffinity(api::Pod& pod, api::PodAffinityTerm term,
                                        int32_t weight = 1) {
  auto& affinity = AffinityOf(pod);
  if (!affinity.pod_anti_affinity) affinity.pod_anti_affinity.emplace();
  api::WeightedPodAffinityTerm weighted;
  weighted.weight = weight;
  weighted.pod_affinity_term = std::move(term);
  affinity.pod_anti_affinity->preferred_during_scheduling_ignored_during_execution.push_back(
      std::move(weighted));
}

inline api::Node MakeNode(std::string name, Labels labels, std::vector<api::Taint> taints = {}) {
  api::Node node;
  node.metadata.name = std::move(name);
  node.metadata.labels = std::move(labels);
  node.spec.taints = std::move(taints);
  return node;
}

// A pod already running on `node`.
inline api::Pod BoundPod(std::string name, Labels labels, std::string node,
                         std::string ns = "default") {
  api::Pod pod = MakePod(std::move(name), std::move(labels), std::move(ns));
  pod.spec.node_name = std::move(node);
  pod.status.phase = api::kPodRunning;
  return pod;
}

inline api::Requirement In(std::string key, std::vector<std::string> values) {
  return api::Requirement::Make(key, api::NodeSelectorOperator::kIn, std::move(values));
}

inline api::Requirements Reqs(std::vector<api::Requirement> requirements) {
  return api::Requirements(std::move(requirements));
}

}  // namespace tidepool::scheduling::topology_testing
