// Test fixtures for the scheduling solver, shaped after Karpenter's scheduling suite
// (kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/suite_test.go): a default
// NodePool allowing every capacity type, the fake provider's default catalogue, pod builders in
// the spirit of test.UnschedulablePod, and "where did the pod land" helpers that read a launched
// node's labels as the fake cloud provider's Create would set them.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/k8s/pod.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodepool.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "scheduling/scheduler.h"

namespace tidepool::scheduling::testing {

inline api::NodeSelectorRequirement Req(std::string key, std::string op,
                                        std::vector<std::string> values = {},
                                        std::optional<int32_t> min_values = std::nullopt) {
  api::NodeSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = std::move(op);
  r.values = std::move(values);
  r.min_values = min_values;
  return r;
}

inline api::ResourceList Resources(
    std::initializer_list<std::pair<const char*, const char*>> list) {
  api::ResourceList out;
  for (const auto& [name, value] : list) out[name] = Quantity::MustParse(value);
  return out;
}

inline api::Taint MakeTaint(std::string key, std::string value, std::string effect) {
  api::Taint t;
  t.key = std::move(key);
  t.value = std::move(value);
  t.effect = std::move(effect);
  return t;
}

inline api::Toleration MakeToleration(std::string key, std::string op, std::string value,
                                      std::string effect) {
  api::Toleration t;
  t.key = std::move(key);
  t.operator_ = std::move(op);
  t.value = std::move(value);
  t.effect = std::move(effect);
  return t;
}

struct PodOptions {
  std::string name{};
  std::map<std::string, std::string> labels{};
  std::map<std::string, std::string> node_selector{};
  std::vector<api::NodeSelectorRequirement> node_requirements{};  // one required term
  std::vector<api::NodeSelectorRequirement> node_preferences{};   // one preferred term, weight 1
  api::ResourceList requests{};
  api::ResourceList limits{};
  std::vector<api::Toleration> tolerations{};
  std::vector<int32_t> host_ports{};
  std::string host_ip{};
  std::string runtime_class_name{};
  std::vector<api::TopologySpreadConstraint> spread{};
};

// test.NodePool with the suite's default requirement (capacity type In spot/on-demand/reserved).
inline api::NodePool DefaultNodePool(std::string name = "default") {
  api::NodePool pool;
  pool.api_version = "karpenter.sh/v1";
  pool.kind = "NodePool";
  pool.metadata.name = std::move(name);
  pool.spec.template_.spec.node_class_ref =
      api::NodeClassReference{"karpenter.test.sh", "TestNodeClass", "default", {}};
  pool.spec.template_.spec.requirements = {
      Req(std::string(api::kCapacityTypeLabelKey), "In", {"spot", "on-demand", "reserved"})};
  api::SetDefaults(pool);
  return pool;
}

class SchedulingTest : public ::testing::Test {
 protected:
  // test.UnschedulablePod: pending, PodScheduled=False/Unschedulable, defaults applied.
  api::Pod* NewPod(PodOptions options = {}) {
    auto pod = std::make_unique<api::Pod>();
    pod->api_version = "v1";
    pod->kind = "Pod";
    int n = static_cast<int>(pods_.size());
    pod->metadata.name = options.name.empty() ? "pod-" + std::to_string(n) : options.name;
    pod->metadata.namespace_ = "default";
    pod->metadata.uid = "uid-" + std::to_string(n);
    pod->metadata.labels = options.labels;
    api::Container container;
    container.name = "app";
    container.image = "app";
    if (!options.requests.empty() || !options.limits.empty()) {
      api::ResourceRequirements resources;
      resources.requests = options.requests;
      resources.limits = options.limits;
      container.resources = resources;
    }
    for (int32_t port : options.host_ports) {
      api::ContainerPort p;
      p.host_port = port;
      p.container_port = port;
      p.host_ip = options.host_ip;
      container.ports.push_back(p);
    }
    pod->spec.containers.push_back(std::move(container));
    pod->spec.node_selector = options.node_selector;
    pod->spec.tolerations = options.tolerations;
    pod->spec.topology_spread_constraints = options.spread;
    if (!options.runtime_class_name.empty())
      pod->spec.runtime_class_name = options.runtime_class_name;
    if (!options.node_requirements.empty() || !options.node_preferences.empty()) {
      api::NodeAffinity affinity;
      if (!options.node_requirements.empty()) {
        api::NodeSelector selector;
        api::NodeSelectorTerm term;
        term.match_expressions = options.node_requirements;
        selector.node_selector_terms.push_back(term);
        affinity.required_during_scheduling_ignored_during_execution = selector;
      }
      if (!options.node_preferences.empty()) {
        api::PreferredSchedulingTerm term;
        term.weight = 1;
        term.preference.match_expressions = options.node_preferences;
        affinity.preferred_during_scheduling_ignored_during_execution.push_back(term);
      }
      pod->spec.affinity = api::Affinity{};
      pod->spec.affinity->node_affinity = affinity;
    }
    pod->status.phase = "Pending";
    api::PodCondition condition;
    condition.type = api::kPodScheduled;
    condition.status = "False";
    condition.reason = api::kPodReasonUnschedulable;
    pod->status.conditions.push_back(condition);
    api::SetDefaults(*pod);
    pods_.push_back(std::move(pod));
    return pods_.back().get();
  }

  api::DaemonSet* NewDaemonSet(PodOptions options) {
    api::PodSpec spec = NewPod(std::move(options))->spec;
    pods_.pop_back();  // the template only
    auto ds = std::make_unique<api::DaemonSet>();
    ds->api_version = "apps/v1";
    ds->kind = "DaemonSet";
    ds->metadata.name = "daemonset-" + std::to_string(daemon_sets_.size());
    ds->metadata.namespace_ = "default";
    ds->spec.template_.spec = std::move(spec);
    daemon_sets_.push_back(std::move(ds));
    return daemon_sets_.back().get();
  }

  // ExpectProvisioned: solves `pods` against pool_ (or pools_ when set) and the catalogue.
  Results Solve(std::vector<api::Pod*> pods, SchedulerOptions options = {}) {
    SchedulerInput input;
    if (pools_.empty()) {
      input.node_pools.push_back(NodePoolInput{&pool_, types_});
    } else {
      for (api::NodePool& pool : pools_) input.node_pools.push_back(NodePoolInput{&pool, types_});
    }
    input.existing_nodes = existing_;
    for (const auto& ds : daemon_sets_) input.daemon_sets.push_back(ds.get());
    input.runtime_classes = runtime_classes_;
    if (options.well_known_labels == nullptr) {
      options.well_known_labels = &cloud::fake::WellKnownLabels();
    }
    Scheduler scheduler(std::move(input), options);
    std::vector<const api::Pod*> view(pods.begin(), pods.end());
    Result<Results> results = scheduler.Solve(view);
    EXPECT_TRUE(results.has_value()) << (results ? "" : results.error().message());
    return results ? std::move(*results) : Results{};
  }

  // Helpers (public so free functions in tests can use them).
 public:
  static const NewNodeClaim* ClaimOf(const Results& results, const api::Pod* pod) {
    for (const NewNodeClaim& claim : results.new_node_claims) {
      for (const api::Pod* p : claim.pods) {
        if (p == pod) return &claim;
      }
    }
    return nullptr;
  }
  static std::string ExistingNodeOf(const Results& results, const api::Pod* pod) {
    for (const auto& [name, pods] : results.existing_nodes) {
      for (const api::Pod* p : pods) {
        if (p == pod) return name;
      }
    }
    return "";
  }
  static bool Scheduled(const Results& results, const api::Pod* pod) {
    return ClaimOf(results, pod) != nullptr || !ExistingNodeOf(results, pod).empty();
  }
  static std::string ErrorOf(const Results& results, const api::Pod* pod) {
    for (const PodError& e : results.pod_errors) {
      if (e.pod == pod) return e.reason;
    }
    return "";
  }

  // The labels the fake cloud provider's Create gives the node launched for `claim`: the
  // cheapest compatible type that fits, its single-valued labels, its first compatible available
  // offering's zone and capacity type, then the claim's single-valued requirements.
  static std::map<std::string, std::string> LaunchLabels(const NewNodeClaim& claim) {
    std::map<std::string, std::string> labels;
    const cloud::InstanceType* chosen = nullptr;
    double best = cloud::kNoPrice;
    auto compat = api::AllowUndefinedWellKnownLabels(cloud::fake::WellKnownLabels());
    for (const cloud::InstanceTypePtr& type : claim.instance_type_options) {
      if (!claim.requirements.IsCompatible(type->requirements, compat)) continue;
      double price = cloud::CheapestPrice(*type, claim.requirements);
      if (price < best) {
        best = price;
        chosen = type.get();
      }
    }
    if (chosen == nullptr) return labels;
    for (const api::Requirement& r : chosen->requirements.values()) {
      if (!r.complement() && !r.values().empty()) labels[r.key()] = r.values()[0];
    }
    for (const cloud::Offering& offering : chosen->offerings) {
      if (offering.available && cloud::IsCompatible(offering, claim.requirements)) {
        labels[std::string(api::kLabelTopologyZone)] = offering.zone;
        labels[std::string(api::kCapacityTypeLabelKey)] = offering.capacity_type;
        break;
      }
    }
    for (const api::Requirement& r : claim.requirements.values()) {
      if (!r.complement() && r.values().size() == 1) labels[r.key()] = r.values()[0];
    }
    return labels;
  }
  static std::map<std::string, std::string> NodeLabels(const Results& results,
                                                       const api::Pod* pod) {
    const NewNodeClaim* claim = ClaimOf(results, pod);
    return claim == nullptr ? std::map<std::string, std::string>{} : LaunchLabels(*claim);
  }
  static std::string Label(const Results& results, const api::Pod* pod, std::string_view key) {
    auto labels = NodeLabels(results, pod);
    auto it = labels.find(std::string(key));
    return it == labels.end() ? "" : it->second;
  }

 protected:
  api::NodePool pool_ = DefaultNodePool();
  std::vector<api::NodePool> pools_;  // when set, used instead of pool_
  cloud::InstanceTypes types_ = cloud::fake::DefaultInstanceTypes();
  std::vector<std::unique_ptr<api::Pod>> pods_;
  std::vector<std::unique_ptr<api::DaemonSet>> daemon_sets_;
  std::vector<ExistingNodeInput> existing_;
  std::vector<const api::RuntimeClass*> runtime_classes_;
};

}  // namespace tidepool::scheduling::testing
