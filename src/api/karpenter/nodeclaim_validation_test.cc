// NodeClaim validation, ported from kubernetes-sigs/karpenter
// pkg/apis/v1/nodeclaim_validation_cel_test.go. Upstream's env.Client.Create is Create() below:
// defaults, then the CRD's schema and CEL rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/karpenter/karpenter_test_util.h"
#include "api/karpenter/labels.h"
#include "api/karpenter/nodeclaim.h"

namespace tidepool::api {
namespace {

using karpenter_testing::Create;
using karpenter_testing::Kinds;
using karpenter_testing::MakeTaint;
using karpenter_testing::Req;

NodeClaim BaseNodeClaim() {
  NodeClaim nc;
  nc.api_version = kKarpenterApiVersion;
  nc.kind = kNodeClaimKind;
  nc.metadata.name = "test-nodeclaim";
  nc.spec.node_class_ref = NodeClassReference{"karpenter.test.sh", "TestNodeClaim", "default", {}};
  nc.spec.requirements = {Req(std::string(kCapacityTypeLabelKey), "Exists")};
  return nc;
}

std::string WithSpecField(const std::string& line) {
  return R"(
apiVersion: karpenter.sh/v1
kind: NodeClaim
metadata: {name: test-nodeclaim}
spec:
  nodeClassRef: {group: karpenter.test.sh, kind: TestNodeClaim, name: default}
  requirements: [{key: karpenter.sh/capacity-type, operator: Exists}]
)" + line;
}

TEST(NodeClaimValidationTest, CelTaints) {
  NodeClaim nc = BaseNodeClaim();
  nc.spec.taints = {MakeTaint("a", "b", "NoSchedule"), MakeTaint("c", "d", "NoExecute"),
                    MakeTaint("e", "f", "PreferNoSchedule"),
                    MakeTaint("key-only", "", "NoExecute")};
  EXPECT_TRUE(Create(nc).empty()) << Create(nc).ToString();

  nc.spec.taints = {MakeTaint("???", "", "")};
  FieldErrors errors = Create(nc);
  EXPECT_TRUE(errors.Contains("spec.taints[0].key", "should match")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.taints[0].effect", "Unsupported value: \"\""));

  nc.spec.taints = {MakeTaint("", "", "NoSchedule")};
  EXPECT_TRUE(Create(nc).Contains("spec.taints[0].key", "should be at least 1 chars long"));
  nc.spec.taints = {MakeTaint("invalid-value", "???", "NoSchedule")};
  EXPECT_TRUE(Create(nc).Contains("spec.taints[0].value", "should match"));
  nc.spec.taints = {MakeTaint("invalid-effect", "", "???")};
  EXPECT_TRUE(Create(nc).Contains("spec.taints[0].effect", "Unsupported value: \"???\""));
  nc.spec.taints = {MakeTaint("a", "", "NoSchedule"), MakeTaint("a", "", "NoExecute")};
  EXPECT_TRUE(Create(nc).empty());
  nc.spec.taints.clear();
  nc.spec.startup_taints = {MakeTaint("Bad.Domain/x", "", "NoSchedule")};
  EXPECT_TRUE(Create(nc).Contains("spec.startupTaints[0].key", "should match"));
}

TEST(NodeClaimValidationTest, CelNodeClassRefGroup) {
  NodeClaim nc = BaseNodeClaim();
  nc.spec.node_class_ref =
      NodeClassReference{"karpenter.test.sh", "TestNodeClass", "nodeclass-test", {}};
  EXPECT_TRUE(Create(nc).empty());
  nc.spec.node_class_ref->group = "karpenter.test.sh/v1";
  const FieldErrors errors = Create(nc);
  ASSERT_EQ(errors.size(), 1u) << errors.ToString();
  EXPECT_EQ(errors.list()[0].path, "spec.nodeClassRef.group");
  EXPECT_EQ(errors.list()[0].message,
            "Invalid value: \"karpenter.test.sh/v1\": spec.nodeClassRef.group in body should "
            "match '^[^/]*$'");
}

TEST(NodeClaimValidationTest, CelRequirementOperatorsAndDomains) {
  const std::string zone = "topology.kubernetes.io/zone";
  NodeClaim nc = BaseNodeClaim();
  nc.spec.requirements = {Req(zone, "In", {"test"}), Req(zone, "Gt", {"1"}), Req(zone, "Lt", {"1"}),
                          Req(zone, "NotIn"), Req(zone, "Exists")};
  EXPECT_TRUE(Create(nc).empty());
  nc.spec.requirements = {Req(zone, "unknown", {"test"})};
  EXPECT_TRUE(Create(nc).Contains("spec.requirements[0].operator", "Unsupported value"));
  nc.spec.requirements = {Req("karpenter.sh/test", "In", {"test"})};
  EXPECT_TRUE(Create(nc).Contains("spec.requirements[0].key",
                                  "label domain \"karpenter.sh\" is restricted"));
  nc.spec.requirements = {Req("kubernetes.io/hostname/test", "In", {"test"})};
  EXPECT_FALSE(Create(nc).empty());
  for (const char* key : {"kubernetes.io/test", "k8s.io/test", "subdomain.kubernetes.io/test",
                          "subdomain.k8s.io/test"}) {
    nc.spec.requirements = {Req(key, "In", {"test"})};
    EXPECT_TRUE(Create(nc).empty()) << key;
  }
}

// NodeClaims, unlike NodePools, may carry karpenter.sh/nodepool, and have no runtime check of
// well-known values.
TEST(NodeClaimValidationTest, CelWellKnownLabelExceptions) {
  for (const std::string& label : AwsWellKnownLabels().keys()) {
    NodeClaim nc = BaseNodeClaim();
    nc.spec.requirements = {Req(label, "In", {"test"})};
    EXPECT_TRUE(Create(nc).empty()) << label << ": " << Create(nc).ToString();
  }
}

TEST(NodeClaimValidationTest, CelRequirementValues) {
  const std::string zone = "topology.kubernetes.io/zone";
  NodeClaim nc = BaseNodeClaim();
  nc.spec.requirements = {Req(zone, "In", {"test", "foo"}), Req(zone, "NotIn", {"test", "bar"})};
  EXPECT_TRUE(Create(nc).empty());
  nc.spec.requirements.clear();
  EXPECT_TRUE(Create(nc).empty());
  for (const char* op : {"Gt", "Lt", "Gte", "Lte"}) {
    for (const std::vector<std::string>& values :
         std::vector<std::vector<std::string>>{{}, {"1", "2"}, {"a"}, {"-1"}}) {
      nc.spec.requirements = {Req(zone, op, values)};
      EXPECT_TRUE(Create(nc).Contains("spec.requirements", "must have a single positive integer"))
          << op;
    }
  }
  nc.spec.requirements = {Req(zone, "In", {"not a label value"})};
  EXPECT_TRUE(Create(nc).Contains("spec.requirements[0].values[0]", "should match"));
}

TEST(NodeClaimValidationTest, CelMinValues) {
  const std::string type = "node.kubernetes.io/instance-type";
  NodeClaim nc = BaseNodeClaim();
  for (int32_t min_values : {-1, 0}) {
    nc.spec.requirements = {Req(type, "In", {"insance-type-1"}, min_values)};
    EXPECT_TRUE(
        Create(nc).Contains("spec.requirements[0].minValues", "greater than or equal to 1"));
  }
  nc.spec.requirements = {Req(type, "Exists", {}, 51)};
  EXPECT_TRUE(Create(nc).Contains("spec.requirements[0].minValues", "less than or equal to 50"));
  std::vector<std::string> many;
  for (int i = 0; i < 90; ++i) many.push_back("instance" + std::to_string(i));
  nc.spec.requirements = {Req(type, "In", many)};
  EXPECT_TRUE(Create(nc).empty());
  nc.spec.requirements = {Req(type, "In", {"insance-type-1"}, 2)};
  EXPECT_TRUE(Create(nc).Contains("spec.requirements", "must have at least that many values"));
}

TEST(NodeClaimValidationTest, CelTooManyRequirements) {
  NodeClaim nc = BaseNodeClaim();
  nc.spec.requirements.clear();
  for (int i = 0; i < 101; ++i) {
    nc.spec.requirements.push_back(Req("key-" + std::to_string(i), "In", {"v"}));
  }
  EXPECT_TRUE(
      Create(nc).Contains("spec.requirements", "Too many: 101: must have at most 100 items"));
  nc.spec.requirements.pop_back();
  EXPECT_TRUE(Create(nc).empty());
}

TEST(NodeClaimValidationTest, CelTerminationGracePeriodAndExpireAfter) {
  for (const char* value : {"30s", "1h30m5s"}) {
    EXPECT_TRUE(Create(Kinds().DecodeOk<NodeClaim>(
                           WithSpecField(std::string("  terminationGracePeriod: ") + value + "\n")))
                    .empty());
  }
  EXPECT_TRUE(Create(Kinds().DecodeOk<NodeClaim>(WithSpecField("  terminationGracePeriod: -1s\n")))
                  .Contains("spec.terminationGracePeriod", "should match"));
  for (const char* value : {"1hr", "Never", "FooNever"}) {
    EXPECT_FALSE(Kinds()
                     .DecodeErrors<NodeClaim>(
                         WithSpecField(std::string("  terminationGracePeriod: ") + value + "\n"))
                     .empty());
  }
  for (const char* value : {"30s", "1h30m5s", "Never"}) {
    EXPECT_TRUE(Create(Kinds().DecodeOk<NodeClaim>(
                           WithSpecField(std::string("  expireAfter: ") + value + "\n")))
                    .empty());
  }
  EXPECT_TRUE(Create(Kinds().DecodeOk<NodeClaim>(WithSpecField("  expireAfter: -1s\n")))
                  .Contains("spec.expireAfter", "should match"));
  for (const char* value : {"1hr", "FooNever"}) {
    EXPECT_FALSE(
        Kinds()
            .DecodeErrors<NodeClaim>(WithSpecField(std::string("  expireAfter: ") + value + "\n"))
            .empty());
  }
}

TEST(NodeClaimValidationTest, MetadataName) {
  NodeClaim nc = BaseNodeClaim();
  nc.metadata.name = "Not_A_Name";
  EXPECT_TRUE(Create(nc).Contains("metadata.name", "Invalid value: \"Not_A_Name\""));
}

}  // namespace
}  // namespace tidepool::api
