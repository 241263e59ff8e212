// The ported topology tests' cluster driven by the real solver (scheduling/scheduler.h): the same
// interface as ReferenceProvisioner (topology_test_provisioner.h), with Provision() running one
// Scheduler::Solve pass, then launching each new NodeClaim as a Node (its first instance-type
// option, the zone and capacity type of that type's cheapest compatible offering, the claim's
// single-valued requirements) and binding the pods, as upstream's ExpectProvisioned does with
// the fake cloud provider. Included by *_test.cc files only.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/karpenter/nodepool.h"
#include "api/selector.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cloud/instance_type.h"
#include "scheduling/scheduler.h"

namespace tidepool::scheduling::topology_testing {

class SolverProvisioner {
 public:
  explicit SolverProvisioner(std::vector<api::NodePool> pools,
                             cloud::InstanceTypes types = cloud::fake::DefaultInstanceTypes())
      : pools_(std::move(pools)), types_(std::move(types)) {}

  std::vector<api::NodePool>& pools() { return pools_; }
  void AddNode(api::Node node) { nodes_.push_back(std::move(node)); }
  void Bind(api::Pod pod) { bound_.push_back(std::move(pod)); }
  template <typename Pred>
  void DeleteBound(Pred pred) {
    bound_.erase(std::remove_if(bound_.begin(), bound_.end(), pred), bound_.end());
  }

  // One Solve pass; returns the names of the pods left unscheduled.
  std::set<std::string> Provision(std::vector<api::Pod> pods) {
    for (api::Pod& pod : pods) {
      if (pod.metadata.uid.empty()) pod.metadata.uid = "uid-" + pod.metadata.name;
      if (pod.metadata.creation_timestamp.empty()) {
        // Upstream's pods are created one after another: keep that order on ties.
        pod.metadata.creation_timestamp = Timestamp(++created_);
      }
    }
    SchedulerInput input;
    for (const api::NodePool& pool : pools_) input.node_pools.push_back({&pool, types_});
    for (const api::Node& node : nodes_) {
      ExistingNodeInput existing;
      existing.name = node.metadata.name;
      existing.node = &node;
      for (const api::Pod& pod : bound_) {
        if (pod.spec.node_name == node.metadata.name) existing.pods.push_back(&pod);
      }
      input.existing_nodes.push_back(std::move(existing));
    }
    SchedulerOptions options;
    options.well_known_labels = &cloud::fake::WellKnownLabels();
    Scheduler scheduler(std::move(input), options);
    std::vector<const api::Pod*> pod_ptrs;
    for (const api::Pod& pod : pods) pod_ptrs.push_back(&pod);
    auto results = scheduler.Solve(pod_ptrs);
    std::set<std::string> failed;
    if (!results) {
      last_error_ = results.error().message();
      for (const api::Pod& pod : pods) failed.insert(pod.metadata.name);
      return failed;
    }
    for (const PodError& error : results->pod_errors) {
      failed.insert(error.pod->metadata.name);
      last_error_ = error.reason;
    }
    std::vector<api::Pod> newly_bound;
    for (const auto& [node_name, node_pods] : results->existing_nodes) {
      for (const api::Pod* pod : node_pods) newly_bound.push_back(BoundTo(*pod, node_name));
    }
    for (const NewNodeClaim& claim : results->new_node_claims) {
      if (claim.pods.empty() || claim.instance_type_options.empty()) continue;
      api::Node node = Launch(claim);
      for (const api::Pod* pod : claim.pods)
        newly_bound.push_back(BoundTo(*pod, node.metadata.name));
      nodes_.push_back(std::move(node));
    }
    for (api::Pod& pod : newly_bound) bound_.push_back(std::move(pod));
    return failed;
  }

  std::vector<int> Skew(const std::string& key, const std::optional<api::LabelSelector>& selector,
                        const std::string& ns = "default") const {
    auto compiled = selector ? api::Selector::FromLabelSelector(*selector)
                             : Result<api::Selector>(api::Selector::Everything());
    std::map<std::string, int> counts;
    for (const api::Pod& pod : bound_) {
      if (pod.metadata.namespace_ != ns || !compiled || !compiled->Matches(pod.metadata.labels)) {
        continue;
      }
      const api::Node* node = NodeNamed(pod.spec.node_name);
      if (node == nullptr) continue;
      auto label = node->metadata.labels.find(key);
      if (label != node->metadata.labels.end()) ++counts[label->second];
    }
    std::vector<int> out;
    for (const auto& [domain, n] : counts) out.push_back(n);
    std::sort(out.begin(), out.end());
    return out;
  }

  const api::Node* NodeOf(const std::string& pod_name) const {
    for (const api::Pod& pod : bound_) {
      if (pod.metadata.name == pod_name) return NodeNamed(pod.spec.node_name);
    }
    return nullptr;
  }
  const std::vector<api::Node>& nodes() const { return nodes_; }
  const std::string& last_error() const { return last_error_; }

 private:
  static std::string Timestamp(int n) {
    // 2024-01-01T00:00:00Z plus n seconds (n < 86400 in these tests).
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "2024-01-01T%02d:%02d:%02dZ", n / 3600, n / 60 % 60,
                  n % 60);
    return buffer;
  }

  const api::Node* NodeNamed(const std::string& name) const {
    for (const api::Node& node : nodes_) {
      if (node.metadata.name == name) return &node;
    }
    return nullptr;
  }

  api::Node Launch(const NewNodeClaim& claim) {
    const cloud::InstanceType& type = *claim.instance_type_options.front();
    const cloud::Offering* offering = cloud::CheapestOffering(type, claim.requirements);
    api::Node node;
    node.metadata.name = "node-" + std::to_string(next_node_++);
    for (const api::Requirement& r : type.requirements.values()) {
      if (!r.complement() && r.values().size() == 1) node.metadata.labels[r.key()] = r.values()[0];
    }
    for (const api::Requirement& r : claim.requirements.values()) {
      if (!r.complement() && r.values().size() == 1) node.metadata.labels[r.key()] = r.values()[0];
    }
    if (offering) {
      node.metadata.labels[std::string(api::kLabelTopologyZone)] = offering->zone;
      node.metadata.labels[std::string(api::kCapacityTypeLabelKey)] = offering->capacity_type;
    }
    node.metadata.labels["node.kubernetes.io/instance-type"] = type.name;
    node.metadata.labels[std::string(api::kLabelHostname)] = node.metadata.name;
    if (claim.node_pool_object)
      node.spec.taints = claim.node_pool_object->spec.template_.spec.taints;
    node.status.capacity = type.capacity;
    node.status.allocatable = type.allocatable;
    return node;
  }

  static api::Pod BoundTo(const api::Pod& pod, const std::string& node) {
    api::Pod bound = pod;
    bound.spec.node_name = node;
    bound.status.phase = api::kPodRunning;
    return bound;
  }

  std::vector<api::NodePool> pools_;
  cloud::InstanceTypes types_;
  std::vector<api::Node> nodes_;
  std::vector<api::Pod> bound_;
  int next_node_ = 1;
  int created_ = 0;
  std::string last_error_;
};

}  // namespace tidepool::scheduling::topology_testing
