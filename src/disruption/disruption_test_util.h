// Test harness for the disruption controller and its methods, shaped after Karpenter's
// disruption suite (kubernetes-sigs/karpenter pkg/controllers/disruption/suite_test.go and
// pkg/test: NodeClaimAndNode, ExpectMakeNewNodeClaimsReady, the fake cloud provider).
//
// A DisruptionTest owns a SimulatedClock, a ClusterState (the cluster and the writer), a
// FakeCloudProvider over Karpenter's assorted fake catalogue (as the upstream suite uses), and
// builds a Controller on demand. Nodes are made in pairs with their NodeClaim, labelled as
// upstream's tests label them (nodepool, instance type, zone, capacity type), Initialized unless
// told otherwise (Consolidatable and Drifted only when asked, as upstream's tests set them). Pods
// are built with SchedulingTest's builder and bound.
//
// Typical use:
//   auto [claim, node] = NodeClaimAndNode({.instance_type = least_expensive_->name, ...});
//   ReconcileDisruption();           // one controller pass, plus the validation wait
//   MakeNewNodeClaimsReady();        // launch, register, initialize replacements
//   ReconcileQueue();                // the orchestration queue acts
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/k8s/pdb.h"
#include "api/requirements.h"
#include "api/well_known_labels.h"
#include "cloud/cloud_provider.h"
#include "cloud/fake_catalog.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "disruption/controller.h"
#include "disruption/disruption_events.h"
#include "disruption/nodeclaim_disruption.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::disruption::testing {

using scheduling::testing::PodOptions;
using scheduling::testing::Req;
using scheduling::testing::Resources;

// The fake provider of upstream's tests: GetInstanceTypes returns the catalogue; Create launches
// the cheapest available offering compatible with the claim's requirements; calls are recorded
// and the next Create can be made to fail.
class FakeCloudProvider : public cloud::CloudProvider {
 public:
  explicit FakeCloudProvider(cloud::InstanceTypes types) : instance_types(std::move(types)) {}

  Result<api::NodeClaim> Create(const api::NodeClaim& node_claim) override {
    ++create_calls;
    if (next_create_error) {
      Error error = *next_create_error;
      next_create_error.reset();
      return Fail(error);
    }
    api::Requirements requirements =
        api::Requirements::FromNodeSelectorRequirements(node_claim.spec.requirements);
    auto compat = api::AllowUndefinedWellKnownLabels(cloud::fake::WellKnownLabels());
    const cloud::InstanceType* best_type = nullptr;
    const cloud::Offering* best = nullptr;
    for (const cloud::InstanceTypePtr& type : instance_types) {
      if (!requirements.IsCompatible(type->requirements, compat)) continue;
      const cloud::Offering* offering = cloud::CheapestOffering(*type, requirements);
      if (offering != nullptr && (best == nullptr || offering->price < best->price)) {
        best = offering;
        best_type = type.get();
      }
    }
    if (best == nullptr) {
      return Fail(ErrorCode::kInsufficientCapacity, "no compatible offering");
    }
    api::NodeClaim out = node_claim;
    for (const api::Requirement& r : best_type->requirements.values()) {
      if (!r.complement() && r.values().size() == 1) out.metadata.labels[r.key()] = r.values()[0];
    }
    out.metadata.labels[std::string(api::kLabelInstanceTypeStable)] = best_type->name;
    out.metadata.labels[std::string(api::kLabelTopologyZone)] = best->zone;
    out.metadata.labels[std::string(api::kCapacityTypeLabelKey)] = best->capacity_type;
    out.status.provider_id = "fake:///" + best->zone + "/" + node_claim.metadata.name;
    out.status.capacity = best_type->capacity;
    out.status.allocatable = best_type->allocatable;
    created.push_back(out);
    return out;
  }
  Status Delete(const api::NodeClaim& node_claim) override {
    deleted.insert(node_claim.status.provider_id);
    return OkStatus();
  }
  Status Get(const api::NodeClaim& node_claim) const override {
    if (deleted.count(node_claim.status.provider_id) != 0) {
      return Fail(ErrorCode::kNotFound, "instance not found");
    }
    return OkStatus();
  }
  Result<cloud::InstanceTypes> GetInstanceTypes(const api::NodePool& /*node_pool*/) override {
    ++get_instance_types_calls;
    return instance_types;
  }
  std::string Name() const override { return "fake"; }

  cloud::InstanceTypes instance_types;
  std::optional<Error> next_create_error;
  std::vector<api::NodeClaim> created;
  std::set<std::string> deleted;
  int create_calls = 0;
  int get_instance_types_calls = 0;
};

// Sets condition `type` (operatorpkg semantics: the transition time changes with the status).
inline void SetClaimCondition(api::NodeClaim& claim, std::string_view type, std::string_view status,
                              Time now, std::string_view reason = "") {
  for (api::StatusCondition& condition : claim.status.conditions) {
    if (condition.type != type) continue;
    if (condition.status != status) condition.last_transition_time = now.ToRfc3339();
    condition.status = std::string(status);
    condition.reason = reason.empty() ? std::string(type) : std::string(reason);
    return;
  }
  api::StatusCondition condition;
  condition.type = std::string(type);
  condition.status = std::string(status);
  condition.reason = reason.empty() ? std::string(type) : std::string(reason);
  condition.last_transition_time = now.ToRfc3339();
  claim.status.conditions.push_back(std::move(condition));
}

struct ManagedNodeOptions {
  std::string name{};  // "" -> "node-<n>" (the claim is "nodeclaim-<n>")
  std::string node_pool = "default";
  std::string instance_type{};      // "" -> the catalogue's least expensive on-demand type
  std::string zone{};               // "" -> the type's first offering's zone
  std::string capacity_type{};      // "" -> the type's first offering's capacity type
  api::ResourceList allocatable{};  // empty -> the instance type's
  std::map<std::string, std::string> labels{};
  std::map<std::string, std::string> annotations{};  // on the Node
  std::map<std::string, std::string> claim_annotations{};
  bool initialized = true;
  bool consolidatable = false;  // upstream's NodeClaimAndNode leaves it unset
  bool ready = true;
  bool drifted = false;
  std::optional<Duration> termination_grace_period{};
  std::vector<std::string> finalizers{};  // on the NodeClaim
};

class DisruptionTest : public scheduling::testing::SchedulingTest {
 protected:
  explicit DisruptionTest(cloud::InstanceTypes catalogue = cloud::fake::InstanceTypesAssorted())
      : clock_(Time::FromUnixSeconds(1'700'000'000)), state_(clock_), cloud_(std::move(catalogue)) {
    options_.simulator.scheduler.well_known_labels = &cloud::fake::WellKnownLabels();
    options_.queue.well_known_labels = &cloud::fake::WellKnownLabels();
    // Upstream's suite: cheapest and most expensive on-demand and spot types.
    std::vector<std::pair<double, cloud::InstanceTypePtr>> on_demand, spot;
    for (const cloud::InstanceTypePtr& type : cloud_.instance_types) {
      for (const cloud::Offering& offering : type->offerings) {
        if (!offering.available) continue;
        auto& list = offering.capacity_type == cloud::kCapacityTypeSpot ? spot : on_demand;
        list.emplace_back(offering.price, type);
        break;
      }
    }
    auto by_price = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::stable_sort(on_demand.begin(), on_demand.end(), by_price);
    std::stable_sort(spot.begin(), spot.end(), by_price);
    if (!on_demand.empty()) {
      least_expensive_ = on_demand.front().second;
      most_expensive_ = on_demand.back().second;
    }
    if (!spot.empty()) {
      least_expensive_spot_ = spot.front().second;
      most_expensive_spot_ = spot.back().second;
    }
  }

  // test.NodePool with upstream's defaults and a 100% budget unless the test sets one.
  static api::NodePool NodePool(std::string name = "default",
                                std::string policy = api::kConsolidationPolicyWhenEmpty) {
    api::NodePool pool = scheduling::testing::DefaultNodePool(std::move(name));
    pool.spec.disruption.consolidate_after = NillableDuration{Duration::Seconds(0)};
    pool.spec.disruption.consolidation_policy = std::move(policy);
    pool.spec.disruption.budgets = std::vector<api::Budget>{api::Budget{"100%", {}, {}, {}, {}}};
    return pool;
  }
  void PutNodePool(api::NodePool pool) { state_.Put(std::move(pool)); }

  // test.NodeClaimAndNode plus ExpectMakeNodesAndNodeClaimsInitializedAndStateUpdated. Returns
  // (claim name, node name).
  std::pair<std::string, std::string> NodeClaimAndNode(ManagedNodeOptions o = {}) {
    int n = next_node_++;
    std::string node_name = o.name.empty() ? "node-" + std::to_string(n) : o.name;
    std::string claim_name = "nodeclaim-" + node_name;
    cloud::InstanceTypePtr type = FindType(o.instance_type);
    std::string zone = o.zone, capacity_type = o.capacity_type;
    if (type != nullptr && !type->offerings.empty()) {
      if (zone.empty()) zone = type->offerings.front().zone;
      if (capacity_type.empty()) capacity_type = type->offerings.front().capacity_type;
    }
    std::map<std::string, std::string> labels = o.labels;
    labels[std::string(api::kNodePoolLabelKey)] = o.node_pool;
    if (type != nullptr) labels[std::string(api::kLabelInstanceTypeStable)] = type->name;
    if (!zone.empty()) labels[std::string(api::kLabelTopologyZone)] = zone;
    if (!capacity_type.empty()) labels[std::string(api::kCapacityTypeLabelKey)] = capacity_type;
    if (o.node_pool.empty()) labels.erase(std::string(api::kNodePoolLabelKey));
    labels[std::string(api::kLabelHostname)] = node_name;
    if (o.initialized) labels[std::string(api::kNodeInitializedLabelKey)] = "true";
    labels[std::string(api::kNodeRegisteredLabelKey)] = "true";
    api::ResourceList allocatable = o.allocatable;
    if (allocatable.empty() && type != nullptr) allocatable = type->allocatable;
    std::string provider_id = "fake:///" + zone + "/" + node_name;

    api::NodeClaim claim;
    claim.api_version = api::kKarpenterApiVersion;
    claim.kind = api::kNodeClaimKind;
    claim.metadata.name = claim_name;
    claim.metadata.uid = "uid-" + claim_name;
    claim.metadata.labels = labels;
    claim.metadata.annotations = o.claim_annotations;
    claim.metadata.finalizers = o.finalizers;
    claim.spec.termination_grace_period = o.termination_grace_period;
    claim.spec.node_class_ref =
        api::NodeClassReference{"karpenter.test.sh", "TestNodeClass", "default", {}};
    claim.status.node_name = node_name;
    claim.status.provider_id = provider_id;
    claim.status.capacity = type != nullptr ? type->capacity : allocatable;
    claim.status.allocatable = allocatable;
    Time now = clock_.Now();
    SetClaimCondition(claim, api::kConditionTypeLaunched, "True", now);
    SetClaimCondition(claim, "Registered", "True", now);
    if (o.initialized) SetClaimCondition(claim, api::kConditionTypeInitialized, "True", now);
    if (o.consolidatable) SetClaimCondition(claim, api::kConditionTypeConsolidatable, "True", now);
    if (o.drifted)
      SetClaimCondition(claim, api::kConditionTypeDrifted, "True", now, "NodePoolDrifted");

    api::Node node;
    node.api_version = "v1";
    node.kind = "Node";
    node.metadata.name = node_name;
    node.metadata.uid = "uid-" + node_name;
    node.metadata.labels = labels;
    node.metadata.annotations = o.annotations;
    node.spec.provider_id = provider_id;
    node.status.capacity = claim.status.capacity;
    node.status.allocatable = allocatable;
    api::NodeCondition ready;
    ready.type = api::kNodeReady;
    ready.status = o.ready ? "True" : "False";
    node.status.conditions.push_back(ready);
    state_.Put(std::move(claim));
    state_.Put(std::move(node));
    return {claim_name, node_name};
  }

  // test.Pod bound to `node` (Running, Ready, started now); returns its name.
  std::string BoundPod(const std::string& node, PodOptions options = {},
                       std::map<std::string, std::string> annotations = {}) {
    api::Pod pod = *NewPod(std::move(options));
    pod.metadata.name = "pod-" + std::to_string(next_pod_);
    pod.metadata.uid = "pod-uid-" + std::to_string(next_pod_++);
    pod.metadata.annotations = std::move(annotations);
    pod.spec.node_name = node;
    pod.status.phase = api::kPodRunning;
    pod.status.conditions.clear();
    api::PodCondition ready;
    ready.type = api::kPodReady;
    ready.status = "True";
    pod.status.conditions.push_back(ready);
    pod.status.start_time = clock_.Now().ToRfc3339();
    std::string name = pod.metadata.name;
    state_.Put(std::move(pod));
    return name;
  }
  // test.UnschedulablePod, pending in the cluster.
  std::string PendingPod(PodOptions options = {}) {
    api::Pod pod = *NewPod(std::move(options));
    pod.metadata.name = "pending-" + std::to_string(next_pod_);
    pod.metadata.uid = "pod-uid-" + std::to_string(next_pod_++);
    std::string name = pod.metadata.name;
    state_.Put(std::move(pod));
    return name;
  }
  api::Pod* MutablePod(const std::string& name) {
    return state_.GetMutable<api::Pod>("default", name);
  }
  // A policy/v1 PodDisruptionBudget selecting `labels` in "default".
  void PutPdb(std::string name, std::map<std::string, std::string> labels,
              std::optional<api::IntOrString> max_unavailable,
              std::optional<api::IntOrString> min_available = std::nullopt) {
    api::PodDisruptionBudget pdb;
    pdb.api_version = "policy/v1";
    pdb.kind = "PodDisruptionBudget";
    pdb.metadata.name = std::move(name);
    pdb.metadata.namespace_ = "default";
    api::LabelSelector selector;
    selector.match_labels = std::move(labels);
    pdb.spec.selector = selector;
    pdb.spec.max_unavailable = std::move(max_unavailable);
    pdb.spec.min_available = std::move(min_available);
    state_.Put(std::move(pdb));
  }

  Controller& MakeController(const MethodFactory& methods = CoreMethods) {
    controller_ =
        std::make_unique<Controller>(state_, state_, state_, cloud_, clock_, options_, methods);
    return *controller_;
  }
  Controller& controller() {
    if (controller_ == nullptr) MakeController();
    return *controller_;
  }

  // ExpectSingletonReconciled: one pass and, when it proposed a command that waits for
  // validation, the wait on the clock (the validation timer fires).
  void ReconcileDisruption() {
    Controller& c = controller();
    c.Reconcile();
    if (c.validation_pending()) clock_.Advance(options_.disruption.validation_delay);
  }
  // The orchestration queue's pass.
  void ReconcileQueue() { controller().queue().Reconcile(); }

  // ExpectMakeNewNodeClaimsReady: every NodeClaim without a Node is launched by the fake cloud,
  // registers a Ready Node and becomes Initialized.
  void MakeNewNodeClaimsReady() {
    std::vector<std::string> pending;
    for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
      if (claim.status.node_name.empty()) pending.push_back(claim.metadata.name);
    }
    for (const std::string& name : pending) MakeNodeClaimReady(name);
  }
  // One NodeClaim: launched by the fake cloud, registered as a Ready Node, Initialized.
  void MakeNodeClaimReady(const std::string& name) {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    ASSERT_NE(claim, nullptr) << name;
    Result<api::NodeClaim> launched = cloud_.Create(*claim);
    ASSERT_TRUE(launched.has_value()) << launched.error().message();
    api::NodeClaim ready = std::move(*launched);
    ready.status.node_name = ready.metadata.name;
    ready.metadata.labels[std::string(api::kNodeInitializedLabelKey)] = "true";
    ready.metadata.labels[std::string(api::kNodeRegisteredLabelKey)] = "true";
    ready.metadata.labels[std::string(api::kLabelHostname)] = ready.metadata.name;
    Time now = clock_.Now();
    SetClaimCondition(ready, api::kConditionTypeLaunched, "True", now);
    SetClaimCondition(ready, "Registered", "True", now);
    SetClaimCondition(ready, api::kConditionTypeInitialized, "True", now);
    api::Node node;
    node.api_version = "v1";
    node.kind = "Node";
    node.metadata.name = ready.metadata.name;
    node.metadata.labels = ready.metadata.labels;
    node.spec.provider_id = ready.status.provider_id;
    node.spec.taints = ready.spec.taints;
    node.status.capacity = ready.status.capacity;
    node.status.allocatable = ready.status.allocatable;
    api::NodeCondition condition;
    condition.type = api::kNodeReady;
    condition.status = "True";
    node.status.conditions.push_back(condition);
    state_.Put(std::move(ready));
    state_.Put(std::move(node));
  }
  // ExpectNodeClaimsCascadeDeletion: Nodes whose NodeClaim is gone or deleting are removed with
  // their pods.
  void CascadeDeletion() {
    std::vector<std::string> gone;
    for (const auto& [key, node] : state_.Store<api::Node>().items()) {
      const api::NodeClaim* claim = state_.NodeClaimForNode(node.metadata.name);
      if (claim == nullptr || !claim->metadata.deletion_timestamp.empty()) {
        gone.push_back(node.metadata.name);
      }
    }
    for (const std::string& name : gone) {
      for (const api::Pod* pod : state_.PodsOnNode(name)) {
        std::string ns = pod->metadata.namespace_, pod_name = pod->metadata.name;
        state_.Delete<api::Pod>(ns, pod_name);
      }
      state_.Delete<api::Node>("", name);
      if (const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", "nodeclaim-" + name)) {
        std::string claim_name = claim->metadata.name;
        state_.Delete<api::NodeClaim>("", claim_name);
      }
    }
  }

  size_t NodeClaimCount() const { return state_.Store<api::NodeClaim>().size(); }
  size_t NodeCount() const { return state_.Store<api::Node>().size(); }
  bool NodeClaimExists(std::string_view name) const {
    return state_.Get<api::NodeClaim>("", name) != nullptr;
  }
  // Exists and not deleting.
  bool NodeClaimAlive(std::string_view name) const {
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    return claim != nullptr && claim->metadata.deletion_timestamp.empty();
  }
  api::NodeClaim* MutableClaim(std::string_view name) {
    return state_.GetMutable<api::NodeClaim>("", name);
  }
  bool HasDisruptedTaint(std::string_view node) const {
    const api::Node* n = state_.Get<api::Node>("", node);
    if (n == nullptr) return false;
    for (const api::Taint& taint : n->spec.taints) {
      if (taint.key == kDisruptedTaintKey) return true;
    }
    return false;
  }
  // Events recorded with `reason` about (kind, name).
  size_t EventCount(std::string_view kind, std::string_view name, std::string_view reason) const {
    size_t count = 0;
    for (const cluster::Event& event : state_.events().events()) {
      if (event.object.kind == kind && event.object.name == name && event.reason == reason) ++count;
    }
    return count;
  }
  // NodeClaims created by the queue (not made by NodeClaimAndNode).
  std::vector<const api::NodeClaim*> Replacements() const {
    std::vector<const api::NodeClaim*> out;
    for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
      if (!claim.metadata.generate_name.empty()) out.push_back(&claim);
    }
    return out;
  }

  cloud::InstanceTypePtr FindType(std::string_view name) const {
    if (name.empty()) return least_expensive_;
    for (const cloud::InstanceTypePtr& type : cloud_.instance_types) {
      if (type->name == name) return type;
    }
    return nullptr;
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  FakeCloudProvider cloud_;
  ControllerOptions options_;
  std::unique_ptr<Controller> controller_;
  cloud::InstanceTypePtr least_expensive_, most_expensive_;
  cloud::InstanceTypePtr least_expensive_spot_, most_expensive_spot_;
  int next_node_ = 0;
  int next_pod_ = 0;
};

}  // namespace tidepool::disruption::testing
