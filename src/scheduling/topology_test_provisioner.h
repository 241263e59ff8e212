// A small reference provisioner for the ported topology tests: Karpenter's scheduling loop reduced
// to what topology_test.go exercises, driving Topology exactly as upstream's Scheduler does
// (kubernetes-sigs/karpenter .../scheduling/scheduler.go, nodeclaim.go, existingnode.go). It
// stands in for upstream's ExpectProvisioned + ExpectSkew. Included by *_test.cc files only.
//
// One Provision() call is one scheduling pass:
//   - pods ordered by cpu then memory request, descending (stable, so equal pods keep their
//     order as upstream's creation-time tie-break does);
//   - each pod tries existing Nodes (by name), then in-flight claims of this pass (fewest pods
//     first), then a new claim from each NodePool by weight;
//   - a claim keeps the instance types of the fake catalogue that are compatible with its
//     requirements, have an available compatible offering and fit its pods;
//   - on failure the pod is relaxed one step as upstream's preferences.go (required node-affinity
//     terms, preferred pod affinity, preferred anti-affinity, preferred node affinity,
//     ScheduleAnyway spreads) and tried again; pods that still fail are retried at the end of the
//     queue until a round makes no progress.
// Claims are then "launched": a Node named node-<n> with the cheapest instance type's labels, the
// zone and capacity type of its cheapest compatible offering (the first on a tie, as the fake
// cloud provider picks), and the claim's single-valued requirements. The pods are bound to it, so
// the next pass counts them.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/karpenter/nodepool.h"
#include "api/requirements.h"
#include "api/resource_math.h"
#include "api/selector.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cloud/instance_type.h"
#include "scheduling/topology.h"

namespace tidepool::scheduling::topology_testing {

class ReferenceProvisioner {
 public:
  explicit ReferenceProvisioner(std::vector<api::NodePool> pools,
                                cloud::InstanceTypes types = cloud::fake::DefaultInstanceTypes())
      : pools_(std::move(pools)), types_(std::move(types)) {}

  std::vector<api::NodePool>& pools() { return pools_; }
  // Adds an existing Node (for pods bound to it with Bind).
  void AddNode(api::Node node) { nodes_.push_back(std::move(node)); }
  // Adds a pod already running (or finished) on some node.
  void Bind(api::Pod pod) { bound_.push_back(std::move(pod)); }
  // Removes bound pods `pred` selects (upstream ExpectDeleted).
  template <typename Pred>
  void DeleteBound(Pred pred) {
    bound_.erase(std::remove_if(bound_.begin(), bound_.end(), pred), bound_.end());
  }

  // One scheduling pass. Returns the names of the pods left unscheduled.
  std::set<std::string> Provision(std::vector<api::Pod> pods) {
    for (api::Pod& pod : pods) {
      if (pod.metadata.uid.empty()) pod.metadata.uid = "uid-" + pod.metadata.name;
    }
    std::stable_sort(pods.begin(), pods.end(), [](const api::Pod& a, const api::Pod& b) {
      const api::ResourceList ra = api::PodRequests(a.spec), rb = api::PodRequests(b.spec);
      const int cpu = Cmp(ra, rb, api::kResourceCPU);
      if (cpu != 0) return cpu > 0;
      return Cmp(ra, rb, api::kResourceMemory) > 0;
    });
    std::vector<const api::Node*> node_ptrs;
    for (const api::Node& node : nodes_) node_ptrs.push_back(&node);
    std::vector<const api::Pod*> existing_ptrs;
    for (const api::Pod& pod : bound_) existing_ptrs.push_back(&pod);
    std::vector<const api::Pod*> pod_ptrs;
    for (const api::Pod& pod : pods) pod_ptrs.push_back(&pod);
    std::vector<TopologyNodePool> topology_pools;
    for (const api::NodePool& pool : pools_) topology_pools.push_back({&pool, types_});
    auto topology = Topology::Make({topology_pools, node_ptrs, existing_ptrs, pod_ptrs});
    if (!topology) {
      last_error_ = topology.error().message();
      std::set<std::string> all;
      for (const api::Pod& pod : pods) all.insert(pod.metadata.name);
      return all;
    }
    topology_ = std::move(*topology);

    candidates_.clear();
    for (const api::Node& node : nodes_) AddExistingCandidate(node);
    pool_cpu_left_.clear();
    for (const api::NodePool& pool : pools_) {
      auto it = pool.spec.limits.find(api::kResourceCPU);
      pool_cpu_left_.push_back(it == pool.spec.limits.end() ? -1 : it->second.MilliValue());
    }

    // Relaxed copies live here; the queue holds indices.
    std::vector<api::Pod> working = pods;
    std::vector<size_t> queue(pods.size());
    for (size_t i = 0; i < pods.size(); ++i) queue[i] = i;
    std::set<std::string> failed;
    while (!queue.empty()) {
      std::vector<size_t> retry;
      for (size_t i : queue) {
        if (!TrySchedule(working[i])) retry.push_back(i);
      }
      if (retry.size() == queue.size()) {
        for (size_t i : retry) failed.insert(working[i].metadata.name);
        break;
      }
      // Upstream re-queues the original pod: the relaxations are undone.
      for (size_t i : retry) {
        working[i] = pods[i];
        (void)topology_->Update(working[i]);
      }
      queue = std::move(retry);
    }
    Launch(working);
    return failed;
  }

  // Pods per domain of `key` among the bound pods in `ns` the selector matches, on nodes with the
  // label (upstream ExpectSkew). An absent selector counts every pod.
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

  // The node a pod was bound to, or nullptr.
  const api::Node* NodeOf(const std::string& pod_name) const {
    for (const api::Pod& pod : bound_) {
      if (pod.metadata.name == pod_name) return NodeNamed(pod.spec.node_name);
    }
    return nullptr;
  }
  const std::vector<api::Node>& nodes() const { return nodes_; }
  const std::string& last_error() const { return last_error_; }

 private:
  struct Candidate {
    bool existing = false;
    size_t pool = 0;  // new claims
    std::string hostname;
    api::Requirements requirements;
    std::vector<api::Taint> taints;
    cloud::InstanceTypes types;   // new claims: the options left
    api::ResourceList requests;   // new claims: sum of the pods'
    api::ResourceList available;  // existing nodes: what is left
    std::vector<const api::Pod*> pods;
  };

  static int Cmp(const api::ResourceList& a, const api::ResourceList& b, const char* name) {
    auto ia = a.find(name);
    auto ib = b.find(name);
    const int64_t va = ia == a.end() ? 0 : ia->second.MilliValue();
    const int64_t vb = ib == b.end() ? 0 : ib->second.MilliValue();
    return va < vb ? -1 : (va > vb ? 1 : 0);
  }

  static api::ResourceList RequestsOf(const api::Pod& pod) {
    api::ResourceList requests = api::PodRequests(pod.spec);
    requests[api::kResourcePods] = Quantity::MustParse("1");
    return requests;
  }

  const api::Node* NodeNamed(const std::string& name) const {
    for (const api::Node& node : nodes_) {
      if (node.metadata.name == name) return &node;
    }
    return nullptr;
  }

  void AddExistingCandidate(const api::Node& node) {
    Candidate c;
    c.existing = true;
    c.hostname = node.metadata.name;
    c.requirements = api::Requirements::FromLabels(node.metadata.labels);
    c.requirements.Add(api::Requirement::Make(std::string(api::kLabelHostname),
                                              api::NodeSelectorOperator::kIn, {c.hostname}));
    c.taints = node.spec.taints;
    c.available = node.status.allocatable;
    for (const api::Pod& pod : bound_) {
      if (pod.spec.node_name == node.metadata.name) {
        api::SubtractFrom(c.available, RequestsOf(pod));
      }
    }
    candidates_.push_back(std::move(c));
    topology_->Register(std::string(api::kLabelHostname), node.metadata.name);
  }

  // CanAdd + Add on one candidate.
  bool TryAdd(Candidate& c, const api::Pod& pod) {
    if (!api::TaintsTolerated(c.taints, pod.spec.tolerations)) return false;
    const api::Affinity* affinity = pod.spec.affinity ? &*pod.spec.affinity : nullptr;
    const api::NodeSelector* required =
        affinity && affinity->node_affinity &&
                affinity->node_affinity->required_during_scheduling_ignored_during_execution
            ? &*affinity->node_affinity->required_during_scheduling_ignored_during_execution
            : nullptr;
    std::span<const api::PreferredSchedulingTerm> preferred;
    if (affinity && affinity->node_affinity) {
      preferred = affinity->node_affinity->preferred_during_scheduling_ignored_during_execution;
    }
    const api::Requirements pod_reqs =
        api::Requirements::ForPod(pod.spec.node_selector, required, preferred);
    const api::Requirements strict = api::Requirements::ForPod(
        pod.spec.node_selector, required, {}, api::PodRequirementType::kRequiredOnly);
    const api::CompatibilityOptions allow =
        api::AllowUndefinedWellKnownLabels(cloud::fake::WellKnownLabels());
    const api::CompatibilityOptions options = c.existing ? api::CompatibilityOptions{} : allow;
    if (!c.requirements.IsCompatible(pod_reqs, options)) return false;
    api::Requirements reqs = c.requirements;
    reqs.Add(pod_reqs);
    const api::ResourceList pod_requests = RequestsOf(pod);
    if (c.existing && !api::Fits(pod_requests, c.available)) return false;
    if (!topology_->Narrow(pod, c.taints, strict, reqs, options)) return false;
    if (!c.existing) {
      api::ResourceList total = api::Add(c.requests, pod_requests);
      cloud::InstanceTypes remaining;
      for (const auto& type : c.types) {
        if (type->requirements.Intersects(reqs) && cloud::HasCompatibleOffering(*type, reqs) &&
            api::Fits(total, type->allocatable)) {
          remaining.push_back(type);
        }
      }
      if (remaining.empty()) return false;
      c.types = std::move(remaining);
      c.requests = std::move(total);
    } else {
      api::SubtractFrom(c.available, pod_requests);
    }
    c.requirements = std::move(reqs);
    c.pods.push_back(&pod);
    topology_->Record(pod, c.taints, c.requirements);
    return true;
  }

  bool TryNew(size_t pool_index, const api::Pod& pod) {
    const api::NodePool& pool = pools_[pool_index];
    if (pool_cpu_left_[pool_index] == 0) return false;
    Candidate c;
    c.pool = pool_index;
    c.hostname = "hostname-placeholder-" + std::to_string(next_placeholder_++);
    const auto& tmpl = pool.spec.template_;
    c.requirements = api::Requirements::FromNodeSelectorRequirements(tmpl.spec.requirements);
    c.requirements.Add(api::Requirements::FromLabels(tmpl.metadata.labels));
    c.requirements.Add(api::Requirement::Make(std::string(api::kLabelHostname),
                                              api::NodeSelectorOperator::kIn, {c.hostname}));
    c.requirements.Add(api::Requirement::Make(
        "karpenter.sh/nodepool", api::NodeSelectorOperator::kIn, {pool.metadata.name}));
    c.taints = tmpl.spec.taints;
    for (const auto& type : types_) {
      if (type->requirements.Intersects(c.requirements) &&
          cloud::HasCompatibleOffering(*type, c.requirements)) {
        c.types.push_back(type);
      }
    }
    if (!TryAdd(c, pod)) return false;
    topology_->Register(std::string(api::kLabelHostname), c.hostname);
    if (pool_cpu_left_[pool_index] > 0) {
      int64_t max_cpu = 0;
      for (const auto& type : c.types) {
        auto cpu = type->capacity.find(api::kResourceCPU);
        if (cpu != type->capacity.end()) max_cpu = std::max(max_cpu, cpu->second.MilliValue());
      }
      pool_cpu_left_[pool_index] = std::max<int64_t>(0, pool_cpu_left_[pool_index] - max_cpu);
    }
    candidates_.push_back(std::move(c));
    return true;
  }

  bool TryOnce(const api::Pod& pod) {
    for (Candidate& c : candidates_) {
      if (c.existing && TryAdd(c, pod)) return true;
    }
    std::vector<Candidate*> inflight;
    for (Candidate& c : candidates_) {
      if (!c.existing) inflight.push_back(&c);
    }
    std::stable_sort(inflight.begin(), inflight.end(), [](const Candidate* a, const Candidate* b) {
      return a->pods.size() < b->pods.size();
    });
    for (Candidate* c : inflight) {
      if (TryAdd(*c, pod)) return true;
    }
    std::vector<size_t> order(pools_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return pools_[a].spec.weight.value_or(0) > pools_[b].spec.weight.value_or(0);
    });
    for (size_t i : order) {
      if (TryNew(i, pod)) return true;
    }
    return false;
  }

  // upstream preferences.go Relax, one step.
  static bool Relax(api::Pod& pod) {
    if (pod.spec.affinity) {
      api::Affinity& a = *pod.spec.affinity;
      if (a.node_affinity && a.node_affinity->required_during_scheduling_ignored_during_execution &&
          a.node_affinity->required_during_scheduling_ignored_during_execution->node_selector_terms
                  .size() > 1) {
        auto& terms = a.node_affinity->required_during_scheduling_ignored_during_execution
                          ->node_selector_terms;
        terms.erase(terms.begin());
        return true;
      }
      auto drop_heaviest = [](auto& terms) {
        if (terms.empty()) return false;
        auto heaviest =
            std::max_element(terms.begin(), terms.end(),
                             [](const auto& x, const auto& y) { return x.weight < y.weight; });
        terms.erase(heaviest);
        return true;
      };
      if (a.pod_affinity &&
          drop_heaviest(a.pod_affinity->preferred_during_scheduling_ignored_during_execution)) {
        return true;
      }
      if (a.pod_anti_affinity &&
          drop_heaviest(
              a.pod_anti_affinity->preferred_during_scheduling_ignored_during_execution)) {
        return true;
      }
      if (a.node_affinity &&
          drop_heaviest(a.node_affinity->preferred_during_scheduling_ignored_during_execution)) {
        return true;
      }
    }
    auto& tscs = pod.spec.topology_spread_constraints;
    for (auto it = tscs.begin(); it != tscs.end(); ++it) {
      if (it->when_unsatisfiable == api::kScheduleAnyway) {
        tscs.erase(it);
        return true;
      }
    }
    return false;
  }

  bool TrySchedule(api::Pod& pod) {
    while (true) {
      if (TryOnce(pod)) return true;
      if (!Relax(pod)) return false;
      (void)topology_->Update(pod);
    }
  }

  void Launch(const std::vector<api::Pod>& pods) {
    for (Candidate& c : candidates_) {
      if (c.existing) {
        for (const api::Pod* pod : c.pods) BindTo(*pod, c.hostname);
        continue;
      }
      if (c.pods.empty()) continue;
      api::Requirements reqs = c.requirements;
      cloud::InstanceTypes types = c.types;
      cloud::OrderByPrice(types, reqs);
      const cloud::InstanceType& type = *types.front();
      const cloud::Offering* offering = cloud::CheapestOffering(type, reqs);
      api::Node node;
      node.metadata.name = "node-" + std::to_string(next_node_++);
      for (const api::Requirement& r : type.requirements.values()) {
        if (!r.complement() && r.values().size() == 1)
          node.metadata.labels[r.key()] = r.values()[0];
      }
      for (const api::Requirement& r : reqs.values()) {
        if (!r.complement() && r.values().size() == 1)
          node.metadata.labels[r.key()] = r.values()[0];
      }
      if (offering) {
        node.metadata.labels[std::string(api::kLabelTopologyZone)] = offering->zone;
        node.metadata.labels[std::string(api::kCapacityTypeLabelKey)] = offering->capacity_type;
      }
      node.metadata.labels["node.kubernetes.io/instance-type"] = type.name;
      node.metadata.labels[std::string(api::kLabelHostname)] = node.metadata.name;
      node.spec.taints = c.taints;
      node.status.capacity = type.capacity;
      node.status.allocatable = type.allocatable;
      for (const api::Pod* pod : c.pods) BindTo(*pod, node.metadata.name);
      nodes_.push_back(std::move(node));
    }
    (void)pods;
  }

  void BindTo(const api::Pod& pod, const std::string& node) {
    api::Pod bound = pod;
    bound.spec.node_name = node;
    bound.status.phase = api::kPodRunning;
    bound_.push_back(std::move(bound));
  }

  std::vector<api::NodePool> pools_;
  cloud::InstanceTypes types_;
  std::vector<api::Node> nodes_;
  std::vector<api::Pod> bound_;
  std::unique_ptr<Topology> topology_;
  std::vector<Candidate> candidates_;
  std::vector<int64_t> pool_cpu_left_;  // millicores; -1 unlimited
  int next_placeholder_ = 1;
  int next_node_ = 1;
  std::string last_error_;
};

}  // namespace tidepool::scheduling::topology_testing
