// Decoding, defaults and encoding of NodePool and NodeClaim: upstream defaults
// (nodepool_default_test.go), strict spec fields, lenient status, and round trips, including the
// NodePool of the KEDA + Karpenter article (seed/keda-karpenter-article.txt, from
// karpenter-blueprints od-spot-split/od-spot.yaml).
#include <gtest/gtest.h>

#include "api/codec.h"
#include "api/karpenter/karpenter_test_util.h"
#include "api/karpenter/labels.h"
#include "api/karpenter/nodepool.h"

namespace tidepool::api {
namespace {

using karpenter_testing::Kinds;
using testing::ValidationErrors;
using testing::Yaml;

constexpr const char* kArticleNodePool = R"(
# karpenter-blueprints/blueprints/od-spot-split/od-spot.yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: node-spot
spec:
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    consolidateAfter: 1m
  limits:
    cpu: 1k
    memory: 500Gi
  template:
    metadata:
      labels:
        intent: apps
    spec:
      expireAfter: 168h0m0s
      nodeClassRef:
        group: karpenter.k8s.aws
        name: default
        kind: EC2NodeClass
      requirements:
      - key: capacity-spread
        operator: In
        values: ["2", "3", "4", "5"]
      - key: kubernetes.io/arch
        operator: In
        values: ["amd64"]
      - key: karpenter.sh/capacity-type
        operator: In
        values: ["spot"]
      - key: kubernetes.io/os
        operator: In
        values: ["linux"]
      - key: karpenter.k8s.aws/instance-category
        operator: In
        values: ["c", "m", "r"]
      - key: karpenter.k8s.aws/instance-generation
        operator: Gt
        values: ["2"]
      taints:
      - effect: NoSchedule
        key: intent
        value: workload-split
)";

constexpr const char* kMinimalNodePool = R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.test.sh, kind: TestNodeClaim, name: default}
      requirements: [{key: karpenter.sh/capacity-type, operator: Exists}]
)";

TEST(NodePoolCodecTest, ArticleNodePoolDecodesAndValidatesClean) {
  const NodePool np = Kinds().DecodeOk<NodePool>(kArticleNodePool);
  const FieldErrors errors = ValidationErrors(np);
  EXPECT_TRUE(errors.empty()) << errors.ToString();

  EXPECT_EQ(np.metadata.name, "node-spot");
  EXPECT_EQ(EffectiveConsolidationPolicy(np.spec.disruption),
            kConsolidationPolicyWhenEmptyOrUnderutilized);
  EXPECT_EQ(EffectiveConsolidateAfter(np.spec.disruption), NillableDuration{Duration::Minutes(1)});
  EXPECT_EQ(np.spec.limits.at("cpu"), Quantity::MustParse("1000"));
  EXPECT_EQ(np.spec.limits.at("memory"), Quantity::MustParse("500Gi"));
  EXPECT_EQ(np.spec.template_.metadata.labels.at("intent"), "apps");
  const NodeClaimTemplateSpec& t = np.spec.template_.spec;
  EXPECT_EQ(t.expire_after, NillableDuration{Duration::Hours(168)});
  EXPECT_EQ(t.node_class_ref,
            (NodeClassReference{"karpenter.k8s.aws", "EC2NodeClass", "default", {}}));
  ASSERT_EQ(t.requirements.size(), 6u);
  EXPECT_EQ(t.requirements[0].key, "capacity-spread");
  EXPECT_EQ(t.requirements[0].values, (std::vector<std::string>{"2", "3", "4", "5"}));
  EXPECT_EQ(t.requirements[5].operator_, "Gt");
  ASSERT_EQ(t.taints.size(), 1u);
  EXPECT_EQ(t.taints[0].key, "intent");
  EXPECT_EQ(t.taints[0].value, "workload-split");
  EXPECT_EQ(t.taints[0].effect, "NoSchedule");
  // Budgets were not written: the CRD default applies.
  ASSERT_TRUE(np.spec.disruption.budgets.has_value());
  ASSERT_EQ(np.spec.disruption.budgets->size(), 1u);
  EXPECT_EQ(np.spec.disruption.budgets->at(0).nodes, "10%");
}

TEST(NodePoolCodecTest, ArticleNodePoolRoundTrips) {
  const NodePool np = Kinds().DecodeOk<NodePool>(kArticleNodePool);
  const nlohmann::json encoded = Kinds().Encode(np);
  EXPECT_EQ(encoded["spec"]["limits"]["cpu"], "1k");
  EXPECT_EQ(encoded["spec"]["limits"]["memory"], "500Gi");
  EXPECT_EQ(encoded["spec"]["template"]["spec"]["expireAfter"], "168h0m0s");
  EXPECT_EQ(encoded["spec"]["template"]["spec"]["requirements"][0]["values"],
            nlohmann::json({"2", "3", "4", "5"}));
  EXPECT_EQ(encoded["spec"]["disruption"]["budgets"],
            nlohmann::json::parse(R"([{"nodes":"10%"}])"));
  FieldErrors errors;
  const std::unique_ptr<NodePool> again = Kinds().Decode<NodePool>(encoded, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(*again, np);
  EXPECT_EQ(Kinds().Encode(*again), encoded);
}

// Ported from nodepool_default_test.go "should default the disruption stanza when undefined",
// plus the template's expireAfter default.
TEST(NodePoolCodecTest, UpstreamDefaults) {
  const NodePool np = Kinds().DecodeOk<NodePool>(kMinimalNodePool);
  EXPECT_EQ(np.spec.disruption.consolidate_after, NillableDuration{Duration()});
  EXPECT_EQ(np.spec.disruption.consolidation_policy, kConsolidationPolicyWhenEmptyOrUnderutilized);
  ASSERT_TRUE(np.spec.disruption.budgets);
  ASSERT_EQ(np.spec.disruption.budgets->size(), 1u);
  EXPECT_EQ(np.spec.disruption.budgets->at(0).nodes, "10%");
  EXPECT_EQ(np.spec.template_.spec.expire_after, NillableDuration{Duration::Hours(720)});
  const nlohmann::json encoded = Kinds().Encode(np);
  EXPECT_EQ(encoded["spec"]["disruption"]["consolidateAfter"], "0s");
  EXPECT_EQ(encoded["spec"]["disruption"]["consolidationPolicy"], "WhenEmptyOrUnderutilized");
  EXPECT_EQ(encoded["spec"]["template"]["spec"]["expireAfter"], "720h0m0s");
  EXPECT_TRUE(ValidationErrors(np).empty());
  EXPECT_EQ(EffectiveWeight(np.spec), 0);
}

TEST(NodePoolCodecTest, BudgetDefaultsKeepWhatIsWritten) {
  NodePool np = Kinds().DecodeOk<NodePool>(std::string(kMinimalNodePool) + R"(
  disruption:
    budgets:
    - schedule: "0 9 * * mon-fri"
      duration: 8h
    - nodes: "5"
)");
  ASSERT_EQ(np.spec.disruption.budgets->size(), 2u);
  EXPECT_EQ(np.spec.disruption.budgets->at(0).nodes, "10%");  // per-item default
  EXPECT_EQ(np.spec.disruption.budgets->at(0).duration, Duration::Hours(8));
  EXPECT_EQ(np.spec.disruption.budgets->at(1).nodes, "5");
  EXPECT_EQ(Kinds().Encode(np)["spec"]["disruption"]["budgets"][0]["duration"], "8h0m0s");
  EXPECT_TRUE(ValidationErrors(np).empty()) << ValidationErrors(np).ToString();

  // An explicit empty list is not defaulted: no budget, no limit.
  np = Kinds().DecodeOk<NodePool>(std::string(kMinimalNodePool) + "  disruption: {budgets: []}\n");
  ASSERT_TRUE(np.spec.disruption.budgets);
  EXPECT_TRUE(np.spec.disruption.budgets->empty());
  EXPECT_EQ(Kinds().Encode(np)["spec"]["disruption"]["budgets"], nlohmann::json::array());
}

TEST(NodePoolCodecTest, SpecIsStrictStatusIsLenient) {
  const FieldErrors errors = Kinds().DecodeErrors<NodePool>(R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  wieght: 10
  disruption: {consolidateAfer: 1m}
  template:
    metadata: {name: x}
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default, version: v1}
      requirements: []
)");
  EXPECT_TRUE(errors.Contains("spec.wieght", "unknown field; did you mean \"weight\"?"))
      << errors.ToString();
  EXPECT_TRUE(
      errors.Contains("spec.disruption.consolidateAfer", "did you mean \"consolidateAfter\"?"));
  EXPECT_TRUE(errors.Contains("spec.template.metadata.name", "unknown field"));
  EXPECT_TRUE(errors.Contains("spec.template.spec.nodeClassRef.version", "unknown field"));

  const NodePool np = Kinds().DecodeOk<NodePool>(std::string(kMinimalNodePool) + R"(
status:
  nodes: 3
  resources: {cpu: "12"}
  conditions:
  - type: Ready
    status: "True"
    reason: Ready
    message: ""
    lastTransitionTime: "2026-01-01T00:00:00Z"
  somethingNew: {a: 1}
)");
  EXPECT_EQ(np.status.nodes, 3);
  EXPECT_EQ(np.status.resources.at("cpu"), Quantity::MustParse("12"));
  ASSERT_EQ(np.status.conditions.size(), 1u);
  EXPECT_EQ(np.status.conditions[0].status, "True");
  EXPECT_EQ(Kinds().Encode(np)["status"]["somethingNew"]["a"], 1);
}

TEST(NodePoolCodecTest, DecodeErrorsNameTheField) {
  const FieldErrors errors = Kinds().DecodeErrors<NodePool>(std::string(kMinimalNodePool) + R"(
  limits: {cpu: 1kk}
  weight: heavy
  disruption: {consolidateAfter: 10d}
)");
  EXPECT_TRUE(errors.Contains("spec.limits[cpu]", "Invalid value: \"1kk\"")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.weight", "must be of type integer"));
  EXPECT_TRUE(errors.Contains("spec.disruption.consolidateAfter", "unknown unit"));
  const FieldErrors missing = Kinds().DecodeErrors<NodePool>(R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    spec: {}
)");
  EXPECT_TRUE(missing.Contains("spec.template.spec.requirements", "Required value"));
  EXPECT_TRUE(missing.Contains("spec.template.spec.nodeClassRef", "Required value"));
}

TEST(NodePoolCodecTest, TemplateToNodeClaim) {
  const NodePool np = Kinds().DecodeOk<NodePool>(kArticleNodePool);
  const NodeClaim claim = ToNodeClaim(np.spec.template_);
  EXPECT_EQ(claim.kind, "NodeClaim");
  EXPECT_EQ(claim.metadata.labels, np.spec.template_.metadata.labels);
  EXPECT_EQ(claim.spec.requirements, np.spec.template_.spec.requirements);
  EXPECT_EQ(claim.spec.taints, np.spec.template_.spec.taints);
  EXPECT_EQ(claim.spec.node_class_ref, np.spec.template_.spec.node_class_ref);
  EXPECT_EQ(claim.spec.expire_after, NillableDuration{Duration::Hours(168)});
  EXPECT_TRUE(claim.spec.resources.requests.empty());
}

TEST(NodeClaimCodecTest, RoundTripWithStatus) {
  const NodeClaim claim = Kinds().DecodeOk<NodeClaim>(R"(
apiVersion: karpenter.sh/v1
kind: NodeClaim
metadata:
  name: node-spot-abcde
  labels: {karpenter.sh/nodepool: node-spot}
spec:
  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
  requirements:
  - key: node.kubernetes.io/instance-type
    operator: In
    values: [m5.large, c5.large]
    minValues: 2
  resources:
    requests: {cpu: 2500m, memory: 4Gi, pods: "5"}
  terminationGracePeriod: 48h
status:
  nodeName: ip-10-0-0-1.ec2.internal
  providerID: aws:///us-west-2a/i-0123456789
  imageID: ami-0123
  capacity: {cpu: "2", memory: 8Gi}
  allocatable: {cpu: 1930m, memory: 7Gi}
  lastPodEventTime: "2026-01-01T00:00:00Z"
  conditions:
  - {type: Launched, status: "True", reason: Launched, lastTransitionTime: "2026-01-01T00:00:00Z"}
)");
  EXPECT_TRUE(ValidationErrors(claim).empty()) << ValidationErrors(claim).ToString();
  EXPECT_EQ(claim.spec.expire_after, NillableDuration{Duration::Hours(720)});  // default
  EXPECT_EQ(EffectiveExpireAfter(std::nullopt), NillableDuration{Duration::Hours(720)});
  EXPECT_EQ(claim.spec.requirements[0].min_values, 2);
  EXPECT_EQ(claim.spec.resources.requests.at("cpu"), Quantity::MustParse("2.5"));
  EXPECT_EQ(claim.spec.termination_grace_period, Duration::Hours(48));
  EXPECT_EQ(claim.status.provider_id, "aws:///us-west-2a/i-0123456789");
  EXPECT_EQ(claim.status.allocatable.at("cpu"), Quantity::MustParse("1930m"));
  EXPECT_EQ(claim.status.last_pod_event_time, "2026-01-01T00:00:00Z");
  ASSERT_EQ(claim.status.conditions.size(), 1u);
  EXPECT_EQ(claim.status.conditions[0].type, "Launched");

  const nlohmann::json encoded = Kinds().Encode(claim);
  EXPECT_EQ(encoded["spec"]["terminationGracePeriod"], "48h0m0s");
  EXPECT_EQ(encoded["spec"]["requirements"][0]["minValues"], 2);
  FieldErrors errors;
  EXPECT_EQ(*Kinds().Decode<NodeClaim>(encoded, errors), claim);
  EXPECT_TRUE(errors.empty());
}

TEST(KarpenterKindsTest, RegistersClusterScopedKinds) {
  const KindRegistry& registry = Kinds().registry();
  for (auto [api_version, kind] :
       {std::pair{"karpenter.sh/v1", "NodePool"}, std::pair{"karpenter.sh/v1", "NodeClaim"},
        std::pair{"karpenter.k8s.aws/v1", "EC2NodeClass"}}) {
    const KindInfo* info = registry.Find(api_version, kind);
    ASSERT_NE(info, nullptr) << kind;
    EXPECT_FALSE(info->namespaced) << kind;
  }
  EXPECT_EQ(registry.Find("karpenter.sh/v1beta1", "NodePool"), nullptr);
}

}  // namespace
}  // namespace tidepool::api
