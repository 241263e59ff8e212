// Fixtures for the provisioner and kube-scheduler tests, in the spirit of Karpenter's
// provisioning suite (kubernetes-sigs/karpenter pkg/controllers/provisioning/suite_test.go):
// a fake cloud provider over the fake catalogue that records Create calls, a ClusterState on a
// SimulatedClock, and ExpectProvisioned-style helpers: provision, launch every new claim and
// register its Node (what the lifecycle controller and kubelet do), then let the simulated
// kube-scheduler bind the nominated pods.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/requirements.h"
#include "api/well_known_labels.h"
#include "cloud/cloud_provider.h"
#include "cloud/fake_catalog.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "lifecycle/kube_scheduler.h"
#include "lifecycle/provisioner.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::lifecycle::testing {

using scheduling::testing::DefaultNodePool;
using scheduling::testing::MakeTaint;
using scheduling::testing::MakeToleration;
using scheduling::testing::PodOptions;
using scheduling::testing::Req;
using scheduling::testing::Resources;

// Upstream fake.CloudProvider, reduced to what provisioning needs: the catalogue per NodePool,
// Create picking the cheapest compatible available offering among the claim's instance types,
// and the calls it received.
class FakeCloudProvider : public cloud::CloudProvider {
 public:
  Result<api::NodeClaim> Create(const api::NodeClaim& node_claim) override {
    create_calls.push_back(node_claim);
    api::Requirements requirements =
        api::Requirements::FromNodeSelectorRequirements(node_claim.spec.requirements);
    auto compat = api::AllowUndefinedWellKnownLabels(cloud::fake::WellKnownLabels());
    const cloud::InstanceType* chosen = nullptr;
    const cloud::Offering* offering = nullptr;
    for (const cloud::InstanceTypePtr& type : types) {
      if (!requirements.IsCompatible(type->requirements, compat)) continue;
      const cloud::Offering* cheapest = cloud::CheapestOffering(*type, requirements);
      if (cheapest != nullptr && (offering == nullptr || cheapest->price < offering->price)) {
        chosen = type.get();
        offering = cheapest;
      }
    }
    if (chosen == nullptr) {
      return Fail(ErrorCode::kInsufficientCapacity,
                  "all requested instance types were unavailable");
    }
    api::NodeClaim out = node_claim;
    for (const api::Requirement& r : chosen->requirements.values()) {
      if (!r.complement() && r.values().size() == 1) out.metadata.labels[r.key()] = r.values()[0];
    }
    out.metadata.labels[std::string(api::kLabelInstanceTypeStable)] = chosen->name;
    out.metadata.labels[std::string(api::kLabelTopologyZone)] = offering->zone;
    out.metadata.labels[std::string(api::kCapacityTypeLabelKey)] = offering->capacity_type;
    out.status.provider_id =
        "fake:///" + offering->zone + "/i-" + std::to_string(1000 + create_calls.size());
    out.status.capacity = chosen->capacity;
    out.status.allocatable = chosen->allocatable;
    return out;
  }
  Status Delete(const api::NodeClaim&) override { return OkStatus(); }
  Status Get(const api::NodeClaim&) const override { return OkStatus(); }
  Result<cloud::InstanceTypes> GetInstanceTypes(const api::NodePool&) override {
    if (!instance_types_error.empty()) return Fail(ErrorCode::kUnavailable, instance_types_error);
    return types;
  }
  std::string Name() const override { return "fake"; }

  cloud::InstanceTypes types = cloud::fake::DefaultInstanceTypes();
  std::string instance_types_error;
  std::vector<api::NodeClaim> create_calls;
};

class ProvisioningTest : public scheduling::testing::SchedulingTest {
 protected:
  ProvisioningTest() { options_.well_known_labels = &cloud::fake::WellKnownLabels(); }

  // Builds a pending pod (test.UnschedulablePod) and stores it; returns its name.
  std::string AddPod(PodOptions options = {}) {
    api::Pod* pod = NewPod(std::move(options));
    state_.Put(*pod);
    return pod->metadata.name;
  }
  const api::Pod* Pod(const std::string& name) const {
    return state_.Get<api::Pod>("default", name);
  }
  void AddNodePool(api::NodePool pool) {
    if (pool.metadata.uid.empty()) pool.metadata.uid = "uid-" + pool.metadata.name;
    state_.Put(std::move(pool));
  }

  Provisioner& provisioner() {
    if (provisioner_ == nullptr) {
      provisioner_ =
          std::make_unique<Provisioner>(state_, state_, state_, cloud_, clock_, options_);
    }
    return *provisioner_;
  }

  // Launches every claim not yet launched (the lifecycle controller) and registers a Ready,
  // initialized Node for it named "ip-<n>" (the kubelet), as upstream's ExpectProvisioned does.
  void LaunchAndRegister() {
    std::vector<api::NodeClaim> pending;
    for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
      if (claim.status.provider_id.empty() && claim.metadata.deletion_timestamp.empty()) {
        pending.push_back(claim);
      }
    }
    for (const api::NodeClaim& claim : pending) {
      Result<api::NodeClaim> launched = cloud_.Create(claim);
      ASSERT_TRUE(launched.has_value()) << launched.error().message();
      api::Node node;
      node.api_version = "v1";
      node.kind = "Node";
      node.metadata.name = "ip-" + std::to_string(nodes_++);
      node.metadata.labels = launched->metadata.labels;
      node.metadata.labels[std::string(api::kLabelHostname)] = node.metadata.name;
      node.metadata.labels[std::string(api::kNodeRegisteredLabelKey)] = "true";
      node.metadata.labels[std::string(api::kNodeInitializedLabelKey)] = "true";
      node.metadata.annotations = launched->metadata.annotations;
      node.spec.provider_id = launched->status.provider_id;
      node.spec.taints = launched->spec.taints;
      node.status.capacity = launched->status.capacity;
      node.status.allocatable = launched->status.allocatable;
      api::NodeCondition ready;
      ready.type = api::kNodeReady;
      ready.status = "True";
      node.status.conditions.push_back(ready);
      launched->status.node_name = node.metadata.name;
      ASSERT_TRUE(state_.UpdateNodeClaim(*launched).has_value());
      ASSERT_TRUE(state_.CreateNode(std::move(node)).has_value());
    }
  }

  // ExpectProvisioned: one provisioning pass, launch and register, then kube-scheduler binds.
  ProvisionResult ExpectProvisioned() {
    Result<ProvisionResult> result = provisioner().Provision();
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
    LaunchAndRegister();
    Result<KubeSchedulerResult> bound = kube_.Reconcile();
    EXPECT_TRUE(bound.has_value()) << (bound ? "" : bound.error().message());
    return result ? *result : ProvisionResult{};
  }

  // The node a pod is bound to (ExpectScheduled), or nullptr.
  const api::Node* NodeOf(const std::string& pod) const {
    const api::Pod* p = Pod(pod);
    if (p == nullptr || p->spec.node_name.empty()) return nullptr;
    return state_.Get<api::Node>("", p->spec.node_name);
  }
  std::vector<const api::NodeClaim*> NodeClaims() const {
    std::vector<const api::NodeClaim*> out;
    for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) out.push_back(&claim);
    return out;
  }
  std::vector<std::string> EventReasons(std::string_view kind, std::string_view ns,
                                        std::string_view name) const {
    std::vector<std::string> out;
    for (const cluster::Event& e : state_.events().EventsFor(kind, ns, name)) {
      out.push_back(e.reason);
    }
    return out;
  }

  SimulatedClock clock_{Time::FromUnixSeconds(1'800'000'000)};
  cluster::ClusterState state_{clock_};
  FakeCloudProvider cloud_;
  ProvisionerOptions options_;
  std::unique_ptr<Provisioner> provisioner_;
  KubeScheduler kube_{state_, clock_};
  int nodes_ = 0;
};

}  // namespace tidepool::lifecycle::testing
