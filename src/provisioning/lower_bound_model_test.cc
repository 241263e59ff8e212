#include "provisioning/lower_bound_model.h"

#include <gtest/gtest.h>

#include "provisioning/plan_test_util.h"

namespace tidepool::provisioning {
namespace {

using testing::LoadPlanInput;
using testing::MakeOffering;
using testing::SimpleType;

constexpr std::string_view kPool = R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
)";

std::string Pods(int count, std::string_view cpu, std::string_view memory,
                 std::string_view extra_spec = "", std::string_view prefix = "pod") {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: " + std::string(prefix) + "-" +
           std::to_string(i) + ", namespace: default}\nspec:\n  containers:\n  - name: c\n" +
           "    image: x\n    resources: {requests: {cpu: \"" + std::string(cpu) +
           "\", memory: " + std::string(memory) + "}}\n" + std::string(extra_spec);
  }
  return out;
}

// Two cores, 4Gi: spot $0.5 in zone-1, on-demand $1 in zone-1 and zone-2.
cloud::InstanceTypes SmallCatalog() {
  return {SimpleType("small", "2", "4Gi",
                     {MakeOffering("zone-1", "spot", 0.5), MakeOffering("zone-1", "on-demand", 1.0),
                      MakeOffering("zone-2", "on-demand", 1.0)})};
}

struct Fixture {
  PlanInput input;
  cloud::InstanceTypes types;
  Result<LowerBound> Solve() {
    BoundInput bound;
    for (const api::NodePool* pool : input.node_pools) bound.node_pools.push_back({pool, &types});
    bound.daemon_sets = input.daemon_sets;
    bound.runtime_classes = input.runtime_classes;
    return ComputeLowerBound(bound, input.pending_pods);
  }
};

TEST(LowerBoundModelTest, SpotNodesCoverGenericPods) {
  // 3 cores over 2-core spot nodes at $0.5: 1.5 nodes, $0.75.
  Fixture f{LoadPlanInput(std::string(kPool) + Pods(3, "1", "1Gi")), SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.75, 1e-9);
  EXPECT_EQ(bound->classes, 1);
  EXPECT_TRUE(bound->excluded.empty());
}

TEST(LowerBoundModelTest, CapacityTypeSelectorUsesOnDemandPrice) {
  std::string yaml = std::string(kPool) +
                     Pods(1, "2", "1Gi",
                          "  nodeSelector: {karpenter.sh/capacity-type: "
                          "on-demand}\n") +
                     Pods(2, "1", "1Gi", "", "generic");
  Fixture f{LoadPlanInput(yaml), SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  // One on-demand node for the 2-core pod, one spot node for the two 1-core pods.
  EXPECT_NEAR(bound->usd_per_hour, 1.5, 1e-9);
  EXPECT_EQ(bound->classes, 2);
}

TEST(LowerBoundModelTest, ZoneAffinityTermsAreOred) {
  // Required affinity: zone-2 OR capacity-type spot. Either term admits the pod, so the cheap
  // spot offering in zone-1 serves it.
  std::string affinity = R"(  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [zone-2]}]
        - matchExpressions: [{key: karpenter.sh/capacity-type, operator: In, values: [spot]}]
)";
  Fixture f{LoadPlanInput(std::string(kPool) + Pods(2, "1", "1Gi", affinity)), SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.5, 1e-9);
}

TEST(LowerBoundModelTest, DaemonSetOverheadShrinksNodes) {
  // A DaemonSet taking one core leaves one core per node: three 1-core pods need three nodes.
  std::string ds = R"(---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logger, namespace: kube-system}
spec:
  selector: {matchLabels: {app: logger}}
  template:
    metadata: {labels: {app: logger}}
    spec:
      containers: [{name: c, image: x, resources: {requests: {cpu: "1"}}}]
)";
  Fixture f{LoadPlanInput(std::string(kPool) + ds + Pods(3, "1", "1Gi")), SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 1.5, 1e-9);
}

TEST(LowerBoundModelTest, IncompatibleDaemonSetAddsNoOverhead) {
  std::string ds = R"(---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: gpu-driver, namespace: kube-system}
spec:
  selector: {matchLabels: {app: gpu}}
  template:
    metadata: {labels: {app: gpu}}
    spec:
      nodeSelector: {kubernetes.io/arch: arm64}
      containers: [{name: c, image: x, resources: {requests: {cpu: "1"}}}]
)";
  Fixture f{LoadPlanInput(std::string(kPool) + ds + Pods(3, "1", "1Gi")), SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.75, 1e-9);
}

TEST(LowerBoundModelTest, TaintedPoolNeedsToleration) {
  std::string pool = R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: gpu}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
      taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
)";
  std::string tolerating = "  tolerations: [{key: dedicated, operator: Equal, value: gpu}]\n";
  Fixture f{LoadPlanInput(pool + Pods(1, "1", "1Gi", "", "plain") +
                          Pods(2, "1", "1Gi", tolerating, "tolerant")),
            SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.5, 1e-9);
  ASSERT_EQ(bound->excluded.size(), 1u);
  EXPECT_EQ(PodKey(*bound->excluded[0].pod), "default/plain-0");
  EXPECT_EQ(bound->excluded[0].reason, "tolerates no NodePool's taints");
}

TEST(LowerBoundModelTest, PreferNoScheduleTaintIsRelaxed) {
  std::string pool = R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: soft}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
      taints: [{key: soft, effect: PreferNoSchedule}]
)";
  Fixture f{LoadPlanInput(pool + Pods(2, "1", "1Gi")), SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.5, 1e-9);
}

TEST(LowerBoundModelTest, OversizedPodIsExcluded) {
  Fixture f{
      LoadPlanInput(std::string(kPool) + Pods(1, "3", "1Gi", "", "huge") + Pods(1, "1", "1Gi")),
      SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.25, 1e-9);
  ASSERT_EQ(bound->excluded.size(), 1u);
  EXPECT_EQ(PodKey(*bound->excluded[0].pod), "default/huge-0");
  EXPECT_NE(bound->excluded[0].reason.find("requests fit no instance type"), std::string::npos);
}

TEST(LowerBoundModelTest, PoolRequirementsRestrictOfferings) {
  std::string pool = R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: on-demand}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
)";
  Fixture f{LoadPlanInput(pool + Pods(4, "1", "1Gi")), SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 2.0, 1e-9);
}

TEST(LowerBoundModelTest, CustomLabelMustBeDefinedByThePool) {
  // The pool defines capacity-spread; a pod selecting it may use the pool, one selecting an
  // undefined custom key may not.
  std::string pool = R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: spread}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: capacity-spread, operator: In, values: ["2", "3"]}
)";
  Fixture f{LoadPlanInput(pool + Pods(2, "1", "1Gi", "  nodeSelector: {capacity-spread: \"2\"}\n") +
                          Pods(1, "1", "1Gi", "  nodeSelector: {team: blue}\n", "blue")),
            SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.5, 1e-9);
  ASSERT_EQ(bound->excluded.size(), 1u);
  EXPECT_EQ(PodKey(*bound->excluded[0].pod), "default/blue-0");
}

TEST(LowerBoundModelTest, RuntimeClassOverheadCounts) {
  std::string rc = R"(---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: kata}
handler: kata
overhead: {podFixed: {cpu: 500m}}
)";
  Fixture f{LoadPlanInput(std::string(kPool) + rc +
                          Pods(2, "1500m", "1Gi", "  runtimeClassName: kata\n")),
            SmallCatalog()};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 1.0, 1e-9);  // 2 × 2 cores: two spot nodes
}

TEST(LowerBoundModelTest, UnavailableOfferingsAreSkipped) {
  cloud::InstanceTypes types = {
      SimpleType("small", "2", "4Gi",
                 {MakeOffering("zone-1", "spot", 0.5, /*available=*/false),
                  MakeOffering("zone-1", "on-demand", 1.0)})};
  Fixture f{LoadPlanInput(std::string(kPool) + Pods(2, "1", "1Gi")), types};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 1.0, 1e-9);
}

TEST(LowerBoundModelTest, PodSlotsBind) {
  // Three pod slots per node and tiny pods: 7 pods need 7/3 nodes.
  cloud::InstanceTypes types = {
      SimpleType("tiny", "4", "8Gi", {MakeOffering("zone-1", "spot", 0.3)}, "3")};
  Fixture f{LoadPlanInput(std::string(kPool) + Pods(7, "10m", "10Mi")), types};
  Result<LowerBound> bound = f.Solve();
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_NEAR(bound->usd_per_hour, 0.7, 1e-9);
}

}  // namespace
}  // namespace tidepool::provisioning
