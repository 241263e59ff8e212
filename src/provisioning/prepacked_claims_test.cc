#include "provisioning/prepacked_claims.h"

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
    metadata: {labels: {team: blue}}
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: capacity-spread, operator: In, values: ["2", "3"]}
      taints: [{key: dedicated, value: blue, effect: NoSchedule}]
  limits: {cpu: "10"}
)";

std::string Pod(std::string name, std::string cpu, std::string memory, std::string extra = "") {
  return "---\napiVersion: v1\nkind: Pod\nmetadata: {name: " + name +
         ", namespace: default}\nspec:\n  tolerations: [{key: dedicated, operator: Exists}]\n"
         "  containers: [{name: c, image: c, resources: {requests: {cpu: \"" +
         cpu + "\", memory: " + memory + "}}}]\n" + extra;
}

TEST(PrepackedClaimsTest, FloorOfEachOptionWithTheNodesLabels) {
  PlanInput input = LoadPlanInput(kPool);
  cloud::InstanceTypePtr type =
      SimpleType("four", "4", "8Gi", {MakeOffering("zone-1", "spot", 0.2)});
  std::vector<BoundNodeCount> nodes = {
      {{input.node_pools[0], type.get(), &type->offerings[0]}, 2.7}};
  std::vector<PrepackedClaim> claims = MakePrepackedClaims(nodes, /*first_index=*/5);
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].node_claim->metadata.name, "prepacked-0005");
  EXPECT_EQ(claims[1].node_claim->metadata.name, "prepacked-0006");
  const auto& labels = claims[0].node_claim->metadata.labels;
  EXPECT_EQ(labels.at("team"), "blue");
  EXPECT_EQ(labels.at("capacity-spread"), "2");  // a pool's open custom label takes one value
  EXPECT_EQ(labels.at("karpenter.sh/nodepool"), "default");
  EXPECT_EQ(labels.at("node.kubernetes.io/instance-type"), "four");
  EXPECT_EQ(labels.at("topology.kubernetes.io/zone"), "zone-1");
  EXPECT_EQ(labels.at("karpenter.sh/capacity-type"), "spot");
  EXPECT_EQ(labels.at(std::string(kPrepackedLabelKey)), "prepacked-0005");
  EXPECT_EQ(claims[0].node_claim->spec.taints.size(), 1u);
  EXPECT_EQ(claims[0].node_claim->status.allocatable, type->allocatable);
}

TEST(PrepackedClaimsTest, PoolLimitsCapTheClaims) {
  PlanInput input = LoadPlanInput(kPool);  // limits cpu 10: two 4-core nodes, not three
  cloud::InstanceTypePtr type =
      SimpleType("four", "4", "8Gi", {MakeOffering("zone-1", "spot", 0.2)});
  std::vector<BoundNodeCount> nodes = {
      {{input.node_pools[0], type.get(), &type->offerings[0]}, 5.0}};
  EXPECT_EQ(MakePrepackedClaims(nodes).size(), 2u);
}

TEST(PrepackedClaimsTest, OpenCustomLabelGetsNoClaims) {
  PlanInput input = LoadPlanInput(R"(
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: open}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
      - {key: team, operator: Exists}
)");
  cloud::InstanceTypePtr type =
      SimpleType("four", "4", "8Gi", {MakeOffering("zone-1", "spot", 0.2)});
  std::vector<BoundNodeCount> nodes = {
      {{input.node_pools[0], type.get(), &type->offerings[0]}, 3.0}};
  EXPECT_TRUE(MakePrepackedClaims(nodes).empty());
}

TEST(PrepackedClaimsTest, ComplementaryShapesShareAClaim) {
  // Two 4-core / 8Gi claims; two cpu-heavy pods (3 cores, 1Gi) and two memory-heavy pods
  // (500m, 6Gi). Packed by size alone both cpu-heavy pods would need separate claims and the
  // memory-heavy ones could not follow; the dot-product rule pairs each cpu-heavy pod with a
  // memory-heavy one.
  PlanInput input =
      LoadPlanInput(std::string(kPool) + Pod("cpu-0", "3", "1Gi") + Pod("cpu-1", "3", "1Gi") +
                    Pod("mem-0", "500m", "6Gi") + Pod("mem-1", "500m", "6Gi"));
  cloud::InstanceTypePtr type =
      SimpleType("four", "4", "8Gi", {MakeOffering("zone-1", "spot", 0.2)});
  std::vector<BoundNodeCount> nodes = {
      {{input.node_pools[0], type.get(), &type->offerings[0]}, 2.0}};
  std::vector<PrepackedClaim> claims = MakePrepackedClaims(nodes);
  ASSERT_EQ(claims.size(), 2u);
  std::vector<int> assignment = AssignPods(claims, input.pending_pods, {}, {});
  ASSERT_EQ(assignment.size(), 4u);  // pods sorted by name: cpu-0, cpu-1, mem-0, mem-1
  for (int a : assignment) EXPECT_GE(a, 0);
  EXPECT_NE(assignment[0], assignment[1]);
  EXPECT_NE(assignment[2], assignment[3]);
}

TEST(PrepackedClaimsTest, OnlyPlainFittingPodsAreAssigned) {
  std::string spread = R"(  topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule,
     labelSelector: {matchLabels: {app: web}}}
)";
  std::string selector = "  nodeSelector: {team: red}\n";
  PlanInput input = LoadPlanInput(std::string(kPool) + Pod("a-plain", "1", "1Gi") +
                                  Pod("b-spread", "1", "1Gi", spread) +
                                  Pod("c-red", "1", "1Gi", selector) + Pod("d-huge", "8", "1Gi"));
  cloud::InstanceTypePtr type =
      SimpleType("four", "4", "8Gi", {MakeOffering("zone-1", "spot", 0.2)});
  std::vector<BoundNodeCount> nodes = {
      {{input.node_pools[0], type.get(), &type->offerings[0]}, 1.0}};
  std::vector<PrepackedClaim> claims = MakePrepackedClaims(nodes);
  std::vector<int> assignment = AssignPods(claims, input.pending_pods, {}, {});
  EXPECT_EQ(assignment, (std::vector<int>{0, -1, -1, -1}));
}

TEST(PrepackedClaimsTest, PreferClaimAddsAHeaviestPreference) {
  PlanInput input = LoadPlanInput(std::string(kPool) + Pod("a", "1", "1Gi"));
  cloud::InstanceTypePtr type =
      SimpleType("four", "4", "8Gi", {MakeOffering("zone-1", "spot", 0.2)});
  std::vector<BoundNodeCount> nodes = {
      {{input.node_pools[0], type.get(), &type->offerings[0]}, 1.0}};
  std::vector<PrepackedClaim> claims = MakePrepackedClaims(nodes);
  api::Pod pod = PreferClaim(*input.pending_pods[0], claims[0]);
  const auto& preferred =
      pod.spec.affinity->node_affinity->preferred_during_scheduling_ignored_during_execution;
  ASSERT_EQ(preferred.size(), 1u);
  EXPECT_EQ(preferred[0].weight, 100);
  EXPECT_EQ(preferred[0].preference.match_expressions[0].key, kPrepackedLabelKey);
  EXPECT_EQ(preferred[0].preference.match_expressions[0].values,
            std::vector<std::string>{"prepacked-0000"});
  EXPECT_EQ(pod.metadata, input.pending_pods[0]->metadata);
}

}  // namespace
}  // namespace tidepool::provisioning
