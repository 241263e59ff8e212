// Test fixtures for the consolidation methods, shaped after Karpenter's disruption suite
// (kubernetes-sigs/karpenter pkg/controllers/disruption/suite_test.go and consolidation_test.go):
// a world of NodePools, managed nodes with their NodeClaims and bound pods, and the candidates
// the controller would hand to a method.
//
// Two simulators:
//   - SchedulerSimulator runs the real scheduling solver: the candidates' reschedulable pods are
//     placed onto the other nodes or onto new claims from the world's pools, so ported scenarios
//     (replace with a cheaper node, merge 3 nodes into 1) are decided as upstream decides them.
//   - FakeSimulator answers with canned results, for the decision logic in isolation.
// Events go to a ClusterState's recorder through DisruptionEvents.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/well_known_labels.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "disruption/disruption_events.h"
#include "disruption/nodeclaim_disruption.h"
#include "disruption/pod_rules.h"
#include "disruption/types.h"
#include "scheduling/scheduler.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::disruption::testing {

using scheduling::testing::Req;
using scheduling::testing::Resources;

// Names of the candidates, in order.
inline std::vector<std::string> Names(std::span<const Candidate* const> candidates) {
  std::vector<std::string> names;
  for (const Candidate* c : candidates) names.push_back(c->name);
  return names;
}
inline std::vector<std::string> Names(const std::vector<Candidate>& candidates) {
  std::vector<std::string> names;
  for (const Candidate& c : candidates) names.push_back(c.name);
  return names;
}

// Canned answers, with every call recorded.
class FakeSimulator : public Simulator {
 public:
  using Respond = std::function<SimulationResult(std::span<const Candidate* const>)>;
  explicit FakeSimulator(Respond respond) : respond_(std::move(respond)) {}
  Result<SimulationResult> Simulate(std::span<const Candidate* const> candidates) override {
    calls.push_back(Names(candidates));
    return respond_(candidates);
  }
  std::vector<std::vector<std::string>> calls;

 private:
  Respond respond_;
};

// The candidates' pods, placed by the real solver onto the world's other nodes and new claims.
class SchedulerSimulator : public Simulator {
 public:
  explicit SchedulerSimulator(scheduling::SchedulerInput input)
      : scheduler_(std::move(input), Options()) {}
  Result<SimulationResult> Simulate(std::span<const Candidate* const> candidates) override {
    calls.push_back(Names(candidates));
    const auto& existing = scheduler_.input().existing_nodes;
    std::vector<bool> excluded(existing.size(), false);
    std::vector<const api::Pod*> pods;
    for (const Candidate* candidate : candidates) {
      for (size_t i = 0; i < existing.size(); ++i) {
        if (existing[i].name == candidate->name) excluded[i] = true;
      }
      pods.insert(pods.end(), candidate->reschedulable_pods.begin(),
                  candidate->reschedulable_pods.end());
    }
    auto results = scheduler_.Solve(pods, excluded);
    if (!results) return tl::unexpected(results.error());
    SimulationResult out;
    out.all_non_pending_scheduled = results->pod_errors.empty();
    if (!out.all_non_pending_scheduled) out.failure = results->pod_errors.front().reason;
    out.results = std::move(*results);
    return out;
  }
  std::vector<std::vector<std::string>> calls;

 private:
  static scheduling::SchedulerOptions Options() {
    scheduling::SchedulerOptions options;
    options.well_known_labels = &cloud::fake::WellKnownLabels();
    return options;
  }
  scheduling::Scheduler scheduler_;
};

inline api::NodePool ConsolidationNodePool(std::string name = "default") {
  api::NodePool pool = scheduling::testing::DefaultNodePool(std::move(name));
  // consolidation_test.go's pool: WhenEmptyOrUnderutilized, budget 100%, consolidateAfter 0s.
  pool.spec.disruption.consolidation_policy = api::kConsolidationPolicyWhenEmptyOrUnderutilized;
  api::Budget budget;
  budget.nodes = "100%";
  pool.spec.disruption.budgets = std::vector<api::Budget>{budget};
  return pool;
}

struct NodeOptions {
  std::string zone = "test-zone-1";
  std::string capacity_type = "on-demand";
  // One pod per entry, with these requests; each is owned by a ReplicaSet.
  std::vector<api::ResourceList> pods{};
  bool consolidatable = true;
  // The candidate's price; unset: the offering's price for (zone, capacity_type).
  std::optional<double> price{};
  // The node's allocatable; empty: the instance type's.
  api::ResourceList allocatable{};
};

class ConsolidationWorld {
 public:
  ConsolidationWorld() : state_(clock_), events_(state_, clock_) {}

  cloud::InstanceTypes types = cloud::fake::DefaultInstanceTypes();

  api::NodePool& AddPool(api::NodePool pool) {
    pools_.push_back(std::make_unique<api::NodePool>(std::move(pool)));
    return *pools_.back();
  }
  api::NodePool& AddPool(std::string name = "default") {
    return AddPool(ConsolidationNodePool(std::move(name)));
  }

  cloud::InstanceTypePtr Type(std::string_view name) const {
    for (const auto& type : types) {
      if (type->name == name) return type;
    }
    ADD_FAILURE() << "no instance type " << name;
    return types.front();
  }

  // A managed, initialized node of `type` with a NodeClaim and bound pods; returns its
  // candidate (also kept for Candidates()).
  Candidate& AddNode(std::string name, const api::NodePool& pool,
                     const cloud::InstanceTypePtr& type, NodeOptions options = {}) {
    auto node = std::make_unique<api::Node>();
    node->api_version = "v1";
    node->kind = "Node";
    node->metadata.name = name;
    for (const api::Requirement& r : type->requirements.values()) {
      // Zone and capacity type come from the offering the node runs on (options), not the type.
      if (r.key() == api::kLabelTopologyZone || r.key() == api::kCapacityTypeLabelKey) continue;
      if (!r.complement() && r.values().size() == 1) node->metadata.labels[r.key()] = r.values()[0];
    }
    auto& labels = node->metadata.labels;
    labels[std::string(api::kLabelHostname)] = name;
    labels[std::string(api::kNodePoolLabelKey)] = pool.metadata.name;
    labels[std::string(api::kLabelInstanceTypeStable)] = type->name;
    labels.emplace("kubernetes.io/os", "linux");
    if (!options.zone.empty()) labels[std::string(api::kLabelTopologyZone)] = options.zone;
    if (!options.capacity_type.empty()) {
      labels[std::string(api::kCapacityTypeLabelKey)] = options.capacity_type;
    }
    labels["karpenter.sh/initialized"] = "true";
    node->status.capacity = type->capacity;
    node->status.allocatable =
        options.allocatable.empty() ? type->allocatable : options.allocatable;

    auto claim = std::make_unique<api::NodeClaim>();
    claim->api_version = "karpenter.sh/v1";
    claim->kind = "NodeClaim";
    claim->metadata.name = name;
    claim->metadata.labels = labels;
    claim->status.node_name = name;
    if (options.consolidatable) {
      api::StatusCondition condition;
      condition.type = std::string(api::kConditionTypeConsolidatable);
      condition.status = "True";
      claim->status.conditions.push_back(condition);
    }

    Candidate candidate;
    candidate.name = name;
    candidate.node = node.get();
    candidate.node_claim = claim.get();
    candidate.node_pool = &pool;
    candidate.instance_type = type;
    candidate.zone = options.zone;
    candidate.capacity_type = options.capacity_type;
    candidate.price = options.price.value_or(
        cloud::OfferingPrice(*type, options.zone, options.capacity_type).value_or(0));

    std::vector<const api::Pod*> bound;
    for (const api::ResourceList& requests : options.pods) {
      api::Pod* pod = NewPod(name, requests);
      bound.push_back(pod);
      candidate.reschedulable_pods.push_back(pod);
      candidate.reschedule_disruption_cost += std::max(0.0, EvictionCost(*pod));
    }
    scheduling::ExistingNodeInput existing;
    existing.name = name;
    existing.node = node.get();
    existing.node_claim = claim.get();
    existing.pods = bound;
    existing_.push_back(existing);
    nodes_.push_back(std::move(node));
    claims_.push_back(std::move(claim));
    candidates_.push_back(std::make_unique<Candidate>(std::move(candidate)));
    return *candidates_.back();
  }

  std::vector<Candidate> Candidates() const {
    std::vector<Candidate> out;
    for (const auto& c : candidates_) out.push_back(*c);
    return out;
  }

  scheduling::SchedulerInput Input() const {
    scheduling::SchedulerInput input;
    for (const auto& pool : pools_) input.node_pools.push_back({pool.get(), types});
    input.existing_nodes = existing_;
    return input;
  }
  SchedulerSimulator Simulator() const { return SchedulerSimulator(Input()); }

  BudgetMap Budgets(int64_t per_pool = 100) const {
    BudgetMap budgets;
    for (const auto& pool : pools_) budgets[pool->metadata.name] = per_pool;
    return budgets;
  }

  DisruptionEvents* events() { return &events_; }
  // The messages of the events recorded with `reason`, oldest first.
  std::vector<std::string> EventMessages(std::string_view reason) const {
    std::vector<std::string> out;
    for (const cluster::Event& e : state_.events().events()) {
      if (e.reason == reason) out.push_back(e.message);
    }
    return out;
  }
  bool HasEvent(std::string_view reason, std::string_view text) const {
    for (const std::string& m : EventMessages(reason)) {
      if (m.find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  api::Pod* NewPod(const std::string& node, const api::ResourceList& requests) {
    auto pod = std::make_unique<api::Pod>();
    pod->api_version = "v1";
    pod->kind = "Pod";
    const std::string n = std::to_string(pods_.size());
    pod->metadata.name = "pod-" + n;
    pod->metadata.namespace_ = "default";
    pod->metadata.uid = "uid-" + n;
    pod->metadata.labels = {{"app", "test"}};
    api::OwnerReference owner;
    owner.api_version = "apps/v1";
    owner.kind = "ReplicaSet";
    owner.name = "rs";
    owner.uid = "rs-uid";
    owner.controller = true;
    pod->metadata.owner_references.push_back(owner);
    api::Container container;
    container.name = "app";
    container.image = "app";
    if (!requests.empty()) {
      api::ResourceRequirements resources;
      resources.requests = requests;
      container.resources = resources;
    }
    pod->spec.containers.push_back(std::move(container));
    pod->spec.node_name = node;
    pod->status.phase = "Running";
    api::SetDefaults(*pod);
    pods_.push_back(std::move(pod));
    return pods_.back().get();
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  DisruptionEvents events_;
  std::vector<std::unique_ptr<api::NodePool>> pools_;
  std::vector<std::unique_ptr<api::Node>> nodes_;
  std::vector<std::unique_ptr<api::NodeClaim>> claims_;
  std::vector<std::unique_ptr<api::Pod>> pods_;
  std::vector<std::unique_ptr<Candidate>> candidates_;
  std::vector<scheduling::ExistingNodeInput> existing_;
};

}  // namespace tidepool::disruption::testing
