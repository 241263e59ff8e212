// A whole simulated cluster for the node operator's tests: a SimulatedClock, a ClusterState, the
// simulated cloud over a small catalogue of Karpenter's fake instance types, and a NodeOperator
// with the simulated world (kube-scheduler, workload controllers, kubelets). Tests add NodePools
// and Deployments, advance the clock and read the cluster, the events and the decision log.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/labels.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cloud/simulated_cloud_provider.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "operator/node_operator.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::node_operator::testing {

inline constexpr std::string_view kNamespace = "shop";

// Three sizes of Karpenter's fake instance type, priced by their resources (0.1 per cpu and per
// 10^9 bytes of memory), each with the fake provider's five default offerings.
inline cloud::InstanceTypes Catalogue() {
  using scheduling::testing::Resources;
  return {
      cloud::fake::NewInstanceType(
          "small", {.resources = Resources({{"cpu", "2"}, {"memory", "4Gi"}, {"pods", "20"}})}),
      cloud::fake::NewInstanceType(
          "medium", {.resources = Resources({{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "40"}})}),
      cloud::fake::NewInstanceType(
          "large", {.resources = Resources({{"cpu", "16"}, {"memory", "32Gi"}, {"pods", "100"}})}),
  };
}

struct PoolOptions {
  std::string name = "default";
  std::vector<std::string> capacity_types = {"on-demand"};
  std::vector<std::string> instance_types = {};  // empty: any
  std::string policy = "WhenEmptyOrUnderutilized";
  Duration consolidate_after = Duration::Minutes(5);
  std::string budget_nodes = "100%";
  std::optional<Duration> expire_after = std::nullopt;  // unset: the default (720h)
};

inline api::NodePool MakePool(const PoolOptions& o) {
  api::NodePool pool = scheduling::testing::DefaultNodePool(o.name);
  pool.spec.template_.spec.requirements = {
      scheduling::testing::Req(std::string(api::kCapacityTypeLabelKey), "In", o.capacity_types)};
  if (!o.instance_types.empty()) {
    pool.spec.template_.spec.requirements.push_back(scheduling::testing::Req(
        std::string(api::kLabelInstanceTypeStable), "In", o.instance_types));
  }
  pool.spec.disruption.consolidation_policy = o.policy;
  pool.spec.disruption.consolidate_after = NillableDuration{o.consolidate_after};
  pool.spec.disruption.budgets =
      std::vector<api::Budget>{api::Budget{o.budget_nodes, {}, {}, {}, {}}};
  if (o.expire_after) pool.spec.template_.spec.expire_after = NillableDuration{*o.expire_after};
  return pool;
}

struct DeploymentOptions {
  std::string name = "web";
  int32_t replicas = 1;
  std::string cpu = "1";
  std::string memory = "1Gi";
  std::map<std::string, std::string> annotations = {};  // on the pod template
};

inline api::Deployment MakeDeployment(const DeploymentOptions& o) {
  api::Deployment d;
  d.api_version = "apps/v1";
  d.kind = "Deployment";
  d.metadata.namespace_ = std::string(kNamespace);
  d.metadata.name = o.name;
  d.spec.replicas = o.replicas;
  d.spec.template_.metadata.labels = {{"app", o.name}};
  d.spec.template_.metadata.annotations = o.annotations;
  api::Container c;
  c.name = "app";
  c.image = "app";
  c.resources.requests =
      scheduling::testing::Resources({{"cpu", o.cpu.c_str()}, {"memory", o.memory.c_str()}});
  d.spec.template_.spec.containers.push_back(std::move(c));
  return d;
}

class OperatorTest : public ::testing::Test {
 protected:
  static NodeOperatorOptions DefaultOptions() {
    NodeOperatorOptions options;
    options.well_known_labels = &cloud::fake::WellKnownLabels();
    options.simulate_world = true;
    return options;
  }

  // Builds and starts the operator (tests may change options_ first).
  void StartOperator() {
    operator_ = std::make_unique<NodeOperator>(state_, clock_, cloud_, options_);
    operator_->Start();
  }

  void AddPool(const PoolOptions& o) { state_.Put(MakePool(o)); }
  void AddDeployment(const DeploymentOptions& o) { state_.Put(MakeDeployment(o)); }
  // What KEDA does: the /scale subresource.
  void Scale(const std::string& name, int32_t replicas) {
    ASSERT_TRUE(
        state_
            .UpdateScale(cluster::WorkloadRef{"apps/v1", "Deployment", kNamespace, name}, replicas)
            .has_value());
  }

  std::vector<const api::Pod*> Pods(const std::string& deployment) const {
    return state_.PodsOwnedBy(kNamespace, "Deployment", deployment);
  }
  int RunningPods(const std::string& deployment) const {
    int n = 0;
    for (const api::Pod* pod : Pods(deployment)) {
      if (pod->status.phase == "Running" && !pod->spec.node_name.empty()) ++n;
    }
    return n;
  }
  // Nodes not being deleted, by name.
  std::vector<std::string> LiveNodes() const {
    std::vector<std::string> out;
    for (const auto& [key, node] : state_.Store<api::Node>().items()) {
      if (node.metadata.deletion_timestamp.empty()) out.push_back(key.name);
    }
    return out;
  }
  size_t AllNodes() const { return state_.Store<api::Node>().size(); }
  size_t AllNodeClaims() const { return state_.Store<api::NodeClaim>().size(); }
  bool Initialized(const api::Node& node) const {
    auto it = node.metadata.labels.find(std::string(api::kNodeInitializedLabelKey));
    return it != node.metadata.labels.end() && it->second == "true";
  }
  std::string Label(const api::Node& node, std::string_view key) const {
    auto it = node.metadata.labels.find(std::string(key));
    return it == node.metadata.labels.end() ? "" : it->second;
  }

  // Advances one second at a time until `done` holds (checked before each step) or `limit` has
  // passed; returns the time it first held.
  std::optional<Time> AdvanceUntil(const std::function<bool()>& done, Duration limit) {
    const Time end = clock_.Now() + limit;
    while (true) {
      if (done()) return clock_.Now();
      if (clock_.Now() >= end) return std::nullopt;
      clock_.Advance(Duration::Seconds(1));
    }
  }
  // Until every pod of `deployment` runs and there are `replicas` of them.
  std::optional<Time> AdvanceUntilRunning(const std::string& deployment, int replicas,
                                          Duration limit = Duration::Minutes(5)) {
    return AdvanceUntil(
        [&] {
          return RunningPods(deployment) == replicas &&
                 static_cast<int>(Pods(deployment).size()) == replicas;
        },
        limit);
  }

  // Decision log lines containing `text`.
  std::vector<std::string> Decisions(std::string_view text = "") const {
    std::vector<std::string> out;
    for (const auto& entry : operator_->disruption().decision_log().entries()) {
      if (entry.line.find(text) != std::string::npos) out.push_back(entry.line);
    }
    return out;
  }
  // When the first decision containing `text` was logged.
  std::optional<Time> FirstDecision(std::string_view text) const {
    for (const auto& entry : operator_->disruption().decision_log().entries()) {
      if (entry.line.find(text) != std::string::npos) return entry.time;
    }
    return std::nullopt;
  }
  // When the last decision containing `text` was logged.
  std::optional<Time> LastDecision(std::string_view text) const {
    std::optional<Time> out;
    for (const auto& entry : operator_->disruption().decision_log().entries()) {
      if (entry.line.find(text) != std::string::npos) out = entry.time;
    }
    return out;
  }
  std::string DecisionLogText() const {
    std::string out;
    for (const auto& entry : operator_->disruption().decision_log().entries()) {
      out += entry.time.ToRfc3339() + " " + entry.line + "\n";
    }
    return out;
  }
  // The NodeClaim's last pod event (status.lastPodEventTime) of a Node.
  std::optional<Time> LastPodEvent(const std::string& node) const {
    const api::NodeClaim* claim = state_.NodeClaimForNode(node);
    if (claim == nullptr) return std::nullopt;
    Result<Time> t = Time::ParseRfc3339(claim->status.last_pod_event_time);
    if (!t.has_value()) return std::nullopt;
    return *t;
  }
  bool Deleting(const std::string& node) const {
    const api::Node* n = state_.Get<api::Node>("", node);
    return n == nullptr || !n->metadata.deletion_timestamp.empty();
  }
  // Events with `reason`, in order.
  std::vector<cluster::Event> Events(std::string_view reason) const {
    std::vector<cluster::Event> out;
    for (const cluster::Event& event : state_.events().events()) {
      if (event.reason == reason) out.push_back(event);
    }
    return out;
  }

  SimulatedClock clock_{Time::FromUnixSeconds(1'800'000'000)};
  cluster::ClusterState state_{clock_};
  cloud::SimulatedCloudProvider cloud_{
      clock_, Catalogue(),
      cloud::SimulatedCloudOptions{.well_known_labels = &cloud::fake::WellKnownLabels()}};
  NodeOperatorOptions options_ = DefaultOptions();
  std::unique_ptr<NodeOperator> operator_;
};

}  // namespace tidepool::node_operator::testing
