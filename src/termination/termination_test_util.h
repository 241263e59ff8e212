// Fixtures for the termination tests, shaped after Karpenter's termination suites
// (pkg/controllers/node/termination/suite_test.go, terminator/suite_test.go,
// pkg/controllers/nodeclaim/lifecycle/termination_test.go): a fake cloud provider that records
// calls and takes injected errors (pkg/cloudprovider/fake), a real ClusterState on a
// SimulatedClock, and builders for the suite's NodeClaim-and-Node pair, pods
// (defaultOwnerRefs: owned by a ReplicaSet) and PodDisruptionBudgets.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pdb.h"
#include "api/k8s/pod.h"
#include "api/karpenter/labels.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodeclaim_conditions.h"
#include "api/tolerations.h"
#include "cloud/cloud_provider.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "termination/node_termination_controller.h"
#include "termination/nodeclaim_termination_controller.h"

namespace tidepool::termination::testing {

// Karpenter's fake CloudProvider, reduced to what termination uses: instances by providerID,
// Delete and Get calls recorded, one-shot injected errors.
class FakeCloudProvider : public cloud::CloudProvider {
 public:
  Result<api::NodeClaim> Create(const api::NodeClaim& node_claim) override {
    api::NodeClaim launched = node_claim;
    launched.status.provider_id = "fake:///instance-" + std::to_string(++launched_);
    created[launched.status.provider_id] = launched;
    return launched;
  }
  Status Delete(const api::NodeClaim& node_claim) override {
    delete_calls.push_back(node_claim.status.provider_id);
    if (next_delete_error) {
      Error error = *next_delete_error;
      next_delete_error.reset();
      return Fail(std::move(error));
    }
    if (created.erase(node_claim.status.provider_id) == 0) {
      return Fail(ErrorCode::kNotFound, "instance " + node_claim.status.provider_id + " not found");
    }
    return OkStatus();
  }
  Status Get(const api::NodeClaim& node_claim) const override {
    get_calls.push_back(node_claim.status.provider_id);
    if (!created.contains(node_claim.status.provider_id)) {
      return Fail(ErrorCode::kNotFound, "instance " + node_claim.status.provider_id + " not found");
    }
    return OkStatus();
  }
  Result<cloud::InstanceTypes> GetInstanceTypes(const api::NodePool&) override {
    return cloud::InstanceTypes{};
  }
  std::string Name() const override { return "fake"; }

  std::map<std::string, api::NodeClaim> created;  // providerID -> claim (CreatedNodeClaims)
  std::vector<std::string> delete_calls;
  mutable std::vector<std::string> get_calls;
  std::optional<Error> next_delete_error;  // NextDeleteErr

 private:
  int launched_ = 0;
};

struct PodOptions {
  std::string node{};
  std::map<std::string, std::string> labels{};
  std::map<std::string, std::string> annotations{};
  std::string priority_class_name{};
  std::string owner_kind = "ReplicaSet";  // defaultOwnerRefs; "" for no owner
  std::string owner_name = "rs";
  std::vector<api::Toleration> tolerations{};
  std::optional<int64_t> termination_grace_period_seconds{};
  std::string phase = "Running";
};

class TerminationTest : public ::testing::Test {
 protected:
  static constexpr const char* kNode = "node-a";
  static constexpr const char* kClaim = "nodeclaim-a";
  static constexpr const char* kProviderId = "fake:///node-a";

  TerminationTest()
      : node_controller_(state_, state_, state_, cloud_, clock_),
        claim_controller_(state_, state_, state_, cloud_, clock_) {}

  // test.NodeClaimAndNode with the termination finalizer on both, registered and Ready, its
  // instance known to the cloud.
  void ApplyNodeClaimAndNode(std::string node = kNode, std::string claim = kClaim,
                             std::string provider_id = kProviderId) {
    api::NodeClaim c;
    c.api_version = "karpenter.sh/v1";
    c.kind = "NodeClaim";
    c.metadata.name = claim;
    c.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
    c.metadata.finalizers.push_back(std::string(api::kTerminationFinalizer));
    c.status.node_name = node;
    c.status.provider_id = provider_id;
    SetConditionTrue(c, api::kConditionTypeRegistered, clock_.Now());
    state_.Put(c);
    cloud_.created[provider_id] = c;
    api::Node n;
    n.api_version = "v1";
    n.kind = "Node";
    n.metadata.name = node;
    n.metadata.uid = "uid-" + node;
    n.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
    n.metadata.finalizers.push_back(std::string(api::kTerminationFinalizer));
    n.spec.provider_id = provider_id;
    api::NodeCondition ready;
    ready.type = api::kNodeReady;
    ready.status = "True";
    n.status.conditions.push_back(ready);
    state_.Put(n);
  }

  void SetNodeClaim(const std::function<void(api::NodeClaim&)>& edit, std::string name = kClaim) {
    api::NodeClaim c = *state_.Get<api::NodeClaim>("", name);
    edit(c);
    state_.Put(std::move(c));
  }

  void MakeNodeNotReady(std::string name = kNode) {
    api::Node n = *state_.Get<api::Node>("", name);
    n.status.conditions.front().status = "False";
    state_.Put(std::move(n));
  }

  // A running, Ready pod bound to options.node (test.Pod with defaultOwnerRefs).
  api::Pod ApplyPod(std::string name, PodOptions options) {
    api::Pod p;
    p.api_version = "v1";
    p.kind = "Pod";
    p.metadata.namespace_ = "default";
    p.metadata.name = name;
    p.metadata.uid = "uid-" + name + "-" + std::to_string(++uids_);
    p.metadata.labels = options.labels;
    p.metadata.annotations = options.annotations;
    p.metadata.creation_timestamp = clock_.Now().ToRfc3339();
    if (!options.owner_kind.empty()) {
      api::OwnerReference owner;
      owner.api_version = options.owner_kind == "Node" ? "v1" : "apps/v1";
      owner.kind = options.owner_kind;
      owner.name = options.owner_name;
      owner.controller = true;
      p.metadata.owner_references.push_back(owner);
    }
    api::Container container;
    container.name = "app";
    container.image = "app";
    p.spec.containers.push_back(container);
    p.spec.node_name = options.node.empty() ? std::string(kNode) : options.node;
    p.spec.priority_class_name = options.priority_class_name;
    p.spec.tolerations = options.tolerations;
    p.spec.termination_grace_period_seconds = options.termination_grace_period_seconds;
    p.status.phase = options.phase;
    p.status.start_time = clock_.Now().ToRfc3339();
    api::PodCondition ready;
    ready.type = api::kPodReady;
    ready.status = options.phase == "Running" ? "True" : "False";
    p.status.conditions.push_back(ready);
    state_.Put(p);
    return p;
  }

  void ApplyPdb(std::string name, std::map<std::string, std::string> match,
                std::optional<api::IntOrString> min_available,
                std::optional<api::IntOrString> max_unavailable = std::nullopt) {
    api::PodDisruptionBudget pdb;
    pdb.metadata.namespace_ = "default";
    pdb.metadata.name = std::move(name);
    pdb.spec.selector = api::LabelSelector{};
    pdb.spec.selector->match_labels = std::move(match);
    pdb.spec.min_available = std::move(min_available);
    pdb.spec.max_unavailable = std::move(max_unavailable);
    state_.Put(std::move(pdb));
  }

  void DeleteNode(std::string name = kNode) { ASSERT_TRUE(state_.DeleteNode(name).has_value()); }
  void DeleteNodeClaim(std::string name = kClaim) {
    ASSERT_TRUE(state_.DeleteNodeClaim(name).has_value());
  }

  // ExpectObjectReconciled on the termination controller; fails the test on an error.
  Requeue ReconcileNode(std::string name = kNode) {
    Result<Requeue> r = node_controller_.ReconcileNode(name);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message());
    return r ? *r : Requeue();
  }
  Requeue ReconcileNodeClaim(std::string name = kClaim) {
    Result<Requeue> r = claim_controller_.ReconcileNodeClaim(name);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message());
    return r ? *r : Requeue();
  }
  // ExpectObjectReconciled on the eviction queue for one pod.
  Requeue ReconcileQueue(const api::Pod& pod) {
    Result<Requeue> r =
        node_controller_.queue().Reconcile(pod.metadata.namespace_, pod.metadata.name);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message());
    return r ? *r : Requeue();
  }

  const api::Node* GetNode(std::string name = kNode) const {
    return state_.Get<api::Node>("", name);
  }
  const api::NodeClaim* GetNodeClaim(std::string name = kClaim) const {
    return state_.Get<api::NodeClaim>("", name);
  }
  bool PodExists(const api::Pod& pod) const {
    return state_.Get<api::Pod>(pod.metadata.namespace_, pod.metadata.name) != nullptr;
  }
  bool HasDisruptedTaint(std::string name = kNode) const {
    const api::Node* n = GetNode(name);
    if (n == nullptr) return false;
    for (const api::Taint& t : n->spec.taints) {
      if (t.key == api::kDisruptedTaintKey && t.effect == api::kTaintEffectNoSchedule) return true;
    }
    return false;
  }
  // ExpectNodeWithNodeClaimDraining: tainted, and the claim's Drained condition Unknown.
  void ExpectDraining(std::string node = kNode, std::string claim = kClaim) {
    EXPECT_TRUE(HasDisruptedTaint(node));
    const api::NodeClaim* c = GetNodeClaim(claim);
    ASSERT_NE(c, nullptr);
    const api::StatusCondition* drained = FindCondition(*c, api::kConditionTypeDrained);
    ASSERT_NE(drained, nullptr);
    EXPECT_EQ(drained->status, api::kConditionUnknown);
  }
  int EventCount(std::string_view reason) const {
    int n = 0;
    for (const cluster::Event& e : state_.events().events()) n += e.reason == reason ? 1 : 0;
    return n;
  }
  std::vector<cluster::Event> EventsWithReason(std::string_view reason) const {
    std::vector<cluster::Event> out;
    for (const cluster::Event& e : state_.events().events()) {
      if (e.reason == reason) out.push_back(e);
    }
    return out;
  }

  SimulatedClock clock_{Time::FromUnixSeconds(1'767'225'600)};  // 2026-01-01T00:00:00Z
  cluster::ClusterState state_{clock_};
  FakeCloudProvider cloud_;
  NodeTerminationController node_controller_;
  NodeClaimTerminationController claim_controller_;
  int uids_ = 0;
};

inline api::Toleration DisruptedToleration(std::string op) {
  api::Toleration t;
  t.key = std::string(api::kDisruptedTaintKey);
  t.operator_ = std::move(op);
  t.effect = api::kTaintEffectNoSchedule;
  return t;
}

}  // namespace tidepool::termination::testing
