// NodeClaims as the provisioner writes them and the pods it refuses. Cases named Provisioning*
// are ported from kubernetes-sigs/karpenter pkg/controllers/provisioning/suite_test.go
// (Describe "Provisioning": terminationGracePeriod, Annotations, Labels, NodeClaim Creation) and
// scheduling/suite_test.go ("Constraints Validation").
#include "lifecycle/nodeclaim_template.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/well_known_labels.h"
#include "lifecycle/provisioning_test_util.h"

namespace tidepool::lifecycle {
namespace {

using testing::DefaultNodePool;
using testing::PodOptions;
using testing::ProvisioningTest;
using testing::Req;
using testing::Resources;

const api::NodeSelectorRequirement* FindRequirement(const api::NodeClaim& claim,
                                                    std::string_view key) {
  for (const api::NodeSelectorRequirement& r : claim.spec.requirements) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

class NodeClaimTemplateTest : public ProvisioningTest {
 protected:
  void SetUp() override { AddNodePool(DefaultNodePool()); }
};

// Ported from the three terminationGracePeriod cases: the global default when the NodePool sets
// none, nil when neither does, and the NodePool's value over the global one.
TEST_F(NodeClaimTemplateTest, ProvisioningTerminationGracePeriod) {
  struct Case {
    std::optional<Duration> global, pool, want;
  };
  for (const Case& c : {Case{Duration::Hours(98), std::nullopt, Duration::Hours(98)},
                        Case{std::nullopt, std::nullopt, std::nullopt},
                        Case{Duration::Hours(47), Duration::Hours(223), Duration::Hours(223)}}) {
    std::vector<std::string> old;
    for (const api::NodeClaim* claim : NodeClaims()) old.push_back(claim->metadata.name);
    for (const std::string& name : old) state_.Delete<api::NodeClaim>("", name);
    api::NodePool pool = DefaultNodePool();
    pool.spec.template_.spec.termination_grace_period = c.pool;
    AddNodePool(pool);
    options_.default_termination_grace_period = c.global;
    provisioner_.reset();
    AddPod();
    ASSERT_TRUE(provisioner().Provision().has_value());
    ASSERT_EQ(NodeClaims().size(), 1u);
    EXPECT_EQ(NodeClaims()[0]->spec.termination_grace_period, c.want);
    state_.Delete<api::Pod>("default", pods_.back()->metadata.name);
  }
}

// Ported from "Annotations: should annotate nodes".
TEST_F(NodeClaimTemplateTest, ProvisioningAnnotatesNodes) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.template_.metadata.annotations = {
      {std::string(api::kDoNotDisruptAnnotationKey), "true"}};
  state_.Put(pool);
  std::string pod = AddPod();
  ExpectProvisioned();
  ASSERT_NE(NodeOf(pod), nullptr);
  EXPECT_EQ(NodeOf(pod)->metadata.annotations.at(std::string(api::kDoNotDisruptAnnotationKey)),
            "true");
}

// Ported from "Labels: should label nodes".
TEST_F(NodeClaimTemplateTest, ProvisioningLabelsNodes) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.template_.metadata.labels = {{"test-key-1", "test-value-1"}};
  auto& reqs = pool.spec.template_.spec.requirements;
  reqs.push_back(Req("test-key-2", "In", {"test-value-2"}));
  reqs.push_back(Req("test-key-3", "NotIn", {"test-value-3"}));
  reqs.push_back(Req("test-key-4", "Lt", {"4"}));
  reqs.push_back(Req("test-key-5", "Gt", {"5"}));
  reqs.push_back(Req("test-key-6", "Exists"));
  reqs.push_back(Req("test-key-7", "DoesNotExist"));
  state_.Put(pool);
  std::string pod = AddPod();
  ExpectProvisioned();
  const api::Node* node = NodeOf(pod);
  ASSERT_NE(node, nullptr);
  const auto& labels = node->metadata.labels;
  EXPECT_EQ(labels.at(std::string(api::kNodePoolLabelKey)), "default");
  EXPECT_EQ(labels.at("test-key-1"), "test-value-1");
  EXPECT_EQ(labels.at("test-key-2"), "test-value-2");
  ASSERT_TRUE(labels.count("test-key-3"));
  EXPECT_NE(labels.at("test-key-3"), "test-value-3");
  ASSERT_TRUE(labels.count("test-key-4"));
  EXPECT_LT(std::stoi(labels.at("test-key-4")), 4);
  ASSERT_TRUE(labels.count("test-key-5"));
  EXPECT_GT(std::stoi(labels.at("test-key-5")), 5);
  EXPECT_TRUE(labels.count("test-key-6"));
  EXPECT_FALSE(labels.count("test-key-7"));
}

// Ported from "NodeClaim Creation: should create a nodeclaim request with expected requirements",
// "... with the correct owner reference" and "... propagating the nodeClass reference".
TEST_F(NodeClaimTemplateTest, ProvisioningNodeClaimRequirementsOwnerAndNodeClass) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.template_.spec.node_class_ref =
      api::NodeClassReference{"karpenter.test.sh", "TestNodeClass", "test", {}};
  state_.Put(pool);
  std::string pod = AddPod();
  ExpectProvisioned();
  ASSERT_EQ(cloud_.create_calls.size(), 1u);
  const api::NodeClaim& claim = cloud_.create_calls[0];
  const api::NodeSelectorRequirement* types = FindRequirement(claim, api::kLabelInstanceTypeStable);
  ASSERT_NE(types, nullptr);
  EXPECT_EQ(types->operator_, "In");
  std::vector<std::string> want;
  for (const cloud::InstanceTypePtr& type : cloud_.types) want.push_back(type->name);
  std::vector<std::string> got = types->values;
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
  EXPECT_EQ(claim.metadata.labels.at(std::string(api::kNodePoolLabelKey)), "default");
  EXPECT_EQ(claim.metadata.generate_name, "default-");
  ASSERT_EQ(claim.metadata.owner_references.size(), 1u);
  const api::OwnerReference& owner = claim.metadata.owner_references[0];
  EXPECT_EQ(owner.api_version, "karpenter.sh/v1");
  EXPECT_EQ(owner.kind, "NodePool");
  EXPECT_EQ(owner.name, "default");
  EXPECT_EQ(owner.uid, "uid-default");
  EXPECT_EQ(owner.block_owner_deletion, true);
  EXPECT_EQ(claim.spec.node_class_ref,
            (api::NodeClassReference{"karpenter.test.sh", "TestNodeClass", "test", {}}));
  EXPECT_EQ(claim.metadata.labels.at("karpenter.test.sh/testnodeclass"), "test");
  // Simulation-only keys never reach the claim.
  EXPECT_EQ(FindRequirement(claim, api::kNodeRegisteredLabelKey), nullptr);
  EXPECT_EQ(FindRequirement(claim, api::kNodeInitializedLabelKey), nullptr);
  EXPECT_EQ(FindRequirement(claim, api::kLabelHostname), nullptr);
  EXPECT_NE(NodeOf(pod), nullptr);
}

// Ported from "NodeClaim Creation: should create a nodeclaim with resource requests".
TEST_F(NodeClaimTemplateTest, ProvisioningNodeClaimResourceRequests) {
  AddPod({.requests =
              Resources({{"cpu", "1"}, {"memory", "1Mi"}, {cloud::fake::kResourceGPUVendorA, "1"}}),
          .limits = Resources({{cloud::fake::kResourceGPUVendorA, "1"}})});
  ExpectProvisioned();
  ASSERT_EQ(cloud_.create_calls.size(), 1u);
  const api::ResourceList& requests = cloud_.create_calls[0].spec.resources.requests;
  EXPECT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests.at("cpu"), Quantity::MustParse("1"));
  EXPECT_EQ(requests.at("memory"), Quantity::MustParse("1Mi"));
  EXPECT_EQ(requests.at(cloud::fake::kResourceGPUVendorA), Quantity::MustParse("1"));
  EXPECT_EQ(requests.at("pods"), Quantity::MustParse("1"));
}

// Ported from "NodeClaim Creation: should create a nodeclaim with resource requests with daemon
// overhead".
TEST_F(NodeClaimTemplateTest, ProvisioningNodeClaimRequestsWithDaemonOverhead) {
  state_.Put(*NewDaemonSet({.requests = Resources({{"cpu", "1"}, {"memory", "1Mi"}})}));
  AddPod({.requests = Resources({{"cpu", "1"}, {"memory", "1Mi"}})});
  ExpectProvisioned();
  ASSERT_EQ(cloud_.create_calls.size(), 1u);
  const api::ResourceList& requests = cloud_.create_calls[0].spec.resources.requests;
  EXPECT_EQ(requests.at("cpu"), Quantity::MustParse("2"));
  EXPECT_EQ(requests.at("memory"), Quantity::MustParse("2Mi"));
  EXPECT_EQ(requests.at("pods"), Quantity::MustParse("2"));
}

// Ported from scheduling/suite_test.go "Constraints Validation": "should not schedule pods that
// have node selectors with restricted labels" and "... with restricted domains"; and upstream
// Provisioner.Validate: matchFields is unsupported, and a pod requiring karpenter.sh/nodepool
// DoesNotExist is ignored without an event.
TEST_F(NodeClaimTemplateTest, ProvisioningConstraintsValidation) {
  std::string hostname =
      AddPod({.node_requirements = {Req(std::string(api::kLabelHostname), "In", {"test"})}});
  std::string domain = AddPod({.node_requirements = {Req("karpenter.sh/test", "In", {"test"})}});
  std::string subdomain = AddPod({.node_selector = {{"sub.karpenter.sh/test", "test"}}});
  std::string opted_out =
      AddPod({.node_requirements = {Req(std::string(api::kNodePoolLabelKey), "DoesNotExist")}});
  std::string fields = AddPod();
  api::Pod with_fields = *Pod(fields);
  api::NodeSelector selector;
  selector.node_selector_terms.emplace_back();
  selector.node_selector_terms[0].match_fields.push_back(Req("metadata.name", "In", {"node-a"}));
  with_fields.spec.affinity = api::Affinity{};
  with_fields.spec.affinity->node_affinity = api::NodeAffinity{};
  with_fields.spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution =
      selector;
  state_.Put(with_fields);
  std::string valid = AddPod({.node_requirements = {Req("kubernetes.io/test", "NotIn", {"x"})}});

  Result<ProvisionResult> result = provisioner().Provision();  // events from Karpenter only
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->pods, 1u);
  EXPECT_EQ(result->created.size(), 1u);
  EXPECT_EQ(Pod(valid)->status.nominated_node_name, result->created[0]);
  for (const std::string& pod : {hostname, domain, subdomain, fields}) {
    EXPECT_TRUE(Pod(pod)->status.nominated_node_name.empty()) << pod;
    auto events = state_.events().EventsFor("Pod", "default", pod);
    ASSERT_EQ(events.size(), 1u) << pod;
    EXPECT_EQ(events[0].message.rfind("Failed to schedule pod, ignoring pod, ", 0), 0u)
        << events[0].message;
  }
  EXPECT_NE(state_.events().EventsFor("Pod", "default", fields)[0].message.find(
                "node selector term with matchFields is not supported"),
            std::string::npos);
  EXPECT_NE(state_.events().EventsFor("Pod", "default", hostname)[0].message.find(
                "using label kubernetes.io/hostname is not allowed"),
            std::string::npos);
  EXPECT_TRUE(Pod(opted_out)->status.nominated_node_name.empty());
  EXPECT_TRUE(state_.events().EventsFor("Pod", "default", opted_out).empty());
}

// Adapted from provisioning/suite_test.go "should not use a different NodePool hash on the
// NodeClaim if the NodePool changes during scheduling": the hook that stamps the NodePool hash
// sees the pool the claim was solved from, and its annotations reach the created claim.
TEST_F(NodeClaimTemplateTest, DecorateNodeClaimSeesTheSolvedPool) {
  std::vector<std::string> seen;
  options_.decorate_node_claim = [&](const api::NodePool& pool, api::NodeClaim& claim) {
    seen.push_back(pool.metadata.name);
    claim.metadata.annotations["karpenter.sh/nodepool-hash"] = "hash-of-" + pool.metadata.name;
  };
  AddPod();
  Result<ProvisionResult> result = provisioner().Provision();
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->created.size(), 1u);
  EXPECT_EQ(seen, std::vector<std::string>{"default"});
  EXPECT_EQ(state_.Get<api::NodeClaim>("", result->created[0])
                ->metadata.annotations.at("karpenter.sh/nodepool-hash"),
            "hash-of-default");
}

}  // namespace
}  // namespace tidepool::lifecycle
