#include "provisioning/plan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cloud/fake_catalog.h"
#include "cloud/kwok_catalog.h"
#include "core/random.h"
#include "provisioning/benchmark_workload.h"
#include "provisioning/plan_test_util.h"

namespace tidepool::provisioning {
namespace {

using testing::LoadPlanInput;
using testing::MakeOffering;
using testing::SimpleType;

const std::string kTestdata = TIDEPOOL_TESTDATA_DIR;

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

nlohmann::json RunJson(const PlanFlags& flags, int want_exit = 0) {
  std::ostringstream out, err;
  int rc = RunPlan(flags, out, err);
  EXPECT_EQ(rc, want_exit) << err.str();
  if (rc != 0) return nlohmann::json();
  return nlohmann::json::parse(out.str());
}

cloud::Catalog Catalog(std::string name, cloud::InstanceTypes types) {
  cloud::Catalog catalog;
  catalog.name = std::move(name);
  catalog.types = std::move(types);
  return catalog;
}

// testdata/plan/basic.yaml is the issue's example: one new spot claim for pod-1 with the
// DaemonSet's overhead, pod-2 on the existing node, pod-3 unschedulable.
TEST(PlanTest, BasicInputAsTheIssueShowsIt) {
  nlohmann::json doc = RunJson({{kTestdata + "/plan/basic.yaml"}, "", "json", 0});
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["packer"], "cost");
  EXPECT_EQ(doc["catalog"]["name"], "InstanceCatalog/example");
  ASSERT_EQ(doc["nodeClaims"].size(), 1u);
  const nlohmann::json& claim = doc["nodeClaims"][0];
  EXPECT_EQ(claim["nodePool"], "default");
  EXPECT_EQ(claim["instanceTypes"],
            nlohmann::json::array({"small-instance-type", "default-instance-type"}));
  EXPECT_EQ(claim["capacityType"], "spot");
  EXPECT_EQ(claim["zone"], "test-zone-1");
  EXPECT_EQ(claim["pods"], nlohmann::json::array({"default/pod-1"}));
  EXPECT_EQ(claim["requests"],
            nlohmann::json({{"cpu", "1100m"}, {"memory", "1034Mi"}, {"pods", "2"}}));
  EXPECT_DOUBLE_EQ(claim["priceUSDPerHour"].get<double>(), 0.41);
  // As NodeClaimTemplate.ToNodeClaim writes them: instance types, the capacity types their
  // available offerings have, no simulation-only keys.
  std::set<std::string> keys;
  for (const nlohmann::json& r : claim["requirements"]) {
    keys.insert(r["key"].get<std::string>());
    if (r["key"] == "karpenter.sh/capacity-type") {
      EXPECT_EQ(r["values"], nlohmann::json::array({"on-demand", "spot"}));
    }
    if (r["key"] == "node.kubernetes.io/instance-type") {
      EXPECT_EQ(r["operator"], "In");
      EXPECT_EQ(r["values"].size(), 2u);
    }
  }
  EXPECT_EQ(keys,
            (std::set<std::string>{"karpenter.k8s.aws/ec2nodeclass", "karpenter.sh/capacity-type",
                                   "karpenter.sh/nodepool", "kubernetes.io/arch",
                                   "node.kubernetes.io/instance-type"}));
  EXPECT_EQ(doc["existingNodes"], nlohmann::json({{"node-a", {"default/pod-2"}}}));
  ASSERT_EQ(doc["unschedulable"].size(), 1u);
  EXPECT_EQ(doc["unschedulable"][0]["pod"], "default/pod-3");
  EXPECT_FALSE(doc["unschedulable"][0]["reason"].get<std::string>().empty());
  EXPECT_EQ(doc["totals"]["newNodes"], 1);
  EXPECT_DOUBLE_EQ(doc["totals"]["priceUSDPerHour"].get<double>(), 0.41);
  // One core, on the type cheapest per core once the DaemonSet's 100m is taken: the default
  // type's spot offering, $0.83 for 3.8 cores.
  EXPECT_NEAR(doc["totals"]["lowerBoundUSDPerHour"].get<double>(), 0.83 / 3.8, 1e-6);
}

TEST(PlanTest, SameInputSameBytes) {
  PlanFlags flags{{kTestdata + "/plan/basic.yaml"}, "", "json", 0};
  std::ostringstream a, b, err;
  ASSERT_EQ(RunPlan(flags, a, err), 0) << err.str();
  ASSERT_EQ(RunPlan(flags, b, err), 0) << err.str();
  EXPECT_EQ(a.str(), b.str());
}

TEST(PlanTest, KarpenterPackerByFlag) {
  nlohmann::json doc = RunJson({{kTestdata + "/plan/basic.yaml"}, "karpenter", "json", 0});
  EXPECT_EQ(doc["packer"], "karpenter");
  EXPECT_EQ(doc["nodeClaims"].size(), 1u);
}

TEST(PlanTest, ExitCodes) {
  std::ostringstream out, err;
  EXPECT_EQ(RunPlan({{"/nonexistent.yaml"}, "", "json", 0}, out, err), 2);
  EXPECT_EQ(RunPlan({{kTestdata + "/plan/basic.yaml"}, "magic", "json", 0}, out, err), 2);
  EXPECT_EQ(RunPlan({{kTestdata + "/plan/basic.yaml"}, "", "yaml", 0}, out, err), 2);
  EXPECT_EQ(RunPlan({{kTestdata + "/invalid/new-user-mistakes.yaml"}, "", "json", 0}, out, err), 1);
}

TEST(PlanTest, InFlightNodeClaimIsFilledFirst) {
  std::string yaml = std::string(kPool) + R"(---
apiVersion: karpenter.sh/v1
kind: NodeClaim
metadata:
  name: default-abcde
  labels: {karpenter.sh/nodepool: default}
spec:
  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
  requirements:
  - {key: node.kubernetes.io/instance-type, operator: In, values: [big]}
  - {key: karpenter.sh/nodepool, operator: In, values: [default]}
  - {key: topology.kubernetes.io/zone, operator: In, values: [zone-1]}
  - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
  - {key: kubernetes.io/arch, operator: In, values: [amd64]}
  - {key: kubernetes.io/os, operator: In, values: [linux]}
  resources: {requests: {cpu: "1", pods: "1"}}
status:
  capacity: {cpu: "8", memory: 16Gi, pods: "110"}
  allocatable: {cpu: "8", memory: 16Gi, pods: "110"}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers: [{name: app, image: app, resources: {requests: {cpu: "2", memory: 1Gi}}}]
)";
  PlanInput input = LoadPlanInput(yaml);
  cloud::Catalog catalog =
      Catalog("test", {SimpleType("big", "8", "16Gi", {MakeOffering("zone-1", "spot", 1.0)})});
  Result<PlanResult> result = Plan(input, catalog, {});
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_TRUE(result->node_claims.empty());
  ASSERT_EQ(result->existing_nodes.size(), 1u);
  EXPECT_EQ(result->existing_nodes[0].first, "default-abcde");
  EXPECT_EQ(result->existing_nodes[0].second, std::vector<std::string>{"shop/web"});
}

TEST(PlanTest, NoNodePoolMeansEveryPodIsUnschedulable) {
  PlanInput input = LoadPlanInput(R"(
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers: [{name: app, image: app, resources: {requests: {cpu: "1"}}}]
)");
  Result<PlanResult> result = Plan(input, Catalog("kwok", cloud::kwok::InstanceTypes()), {});
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_TRUE(result->node_claims.empty());
  ASSERT_EQ(result->unschedulable.size(), 1u);
  EXPECT_EQ(result->unschedulable[0].pod, "shop/web");
}

// Cost is never above Karpenter's, and the bound is never above either, on random inputs over
// small random catalogues (several shape families, spot and on-demand, two zones).
TEST(PlanTest, CostNeverAboveKarpenterAndBoundNeverAbovePlans) {
  Random random(42);
  for (int trial = 0; trial < 25; ++trial) {
    cloud::InstanceTypes types;
    int num_types = static_cast<int>(random.UniformInt(2, 8));
    for (int t = 0; t < num_types; ++t) {
      int cpu = 1 << random.UniformInt(0, 5);
      int gib_per_cpu = 1 << random.UniformInt(0, 3);
      double price = cpu * (0.02 + 0.01 * random.UniformDouble()) + cpu * gib_per_cpu * 0.002;
      types.push_back(SimpleType("t" + std::to_string(t), std::to_string(cpu),
                                 std::to_string(cpu * gib_per_cpu) + "Gi",
                                 {MakeOffering("zone-1", "spot", price * 0.7),
                                  MakeOffering("zone-2", "on-demand", price)}));
    }
    std::string yaml(kPool);
    if (random.Bernoulli(0.5)) {  // a DaemonSet on every node: overhead for both
      yaml += R"(---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: agent, resources: {requests: {cpu: 100m, memory: 128Mi}}}]
)";
    }
    int num_pods = static_cast<int>(random.UniformInt(1, 120));
    for (int p = 0; p < num_pods; ++p) {
      const char* cpus[] = {"100m", "250m", "500m", "1", "1500m"};
      const char* memories[] = {"100Mi", "256Mi", "512Mi", "1Gi", "2Gi", "4Gi"};
      yaml += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p" + std::to_string(p) +
              ", namespace: default}\nspec:\n  containers: [{name: c, image: c, resources: "
              "{requests: {cpu: \"" +
              cpus[random.UniformInt(0, 4)] + "\", memory: " + memories[random.UniformInt(0, 5)] +
              "}}}]\n";
      if (random.Bernoulli(0.2)) yaml += "  nodeSelector: {topology.kubernetes.io/zone: zone-2}\n";
    }
    PlanInput input = LoadPlanInput(yaml);
    cloud::Catalog catalog = Catalog("random", types);
    Result<PlanResult> karpenter = Plan(input, catalog, {"karpenter", 60});
    Result<PlanResult> cost = Plan(input, catalog, {"cost", 60});
    ASSERT_TRUE(karpenter && cost);
    EXPECT_EQ(cost->unschedulable.size(), karpenter->unschedulable.size());
    EXPECT_LE(cost->price_usd_per_hour, karpenter->price_usd_per_hour + 1e-9) << "trial " << trial;
    for (const PlanResult* r : {&*karpenter, &*cost}) {
      ASSERT_TRUE(r->lower_bound_usd_per_hour) << "trial " << trial;
      EXPECT_LE(*r->lower_bound_usd_per_hour, r->price_usd_per_hour * (1 + 1e-9) + 1e-12)
          << "trial " << trial << " packer " << r->packer;
    }
  }
}

// Karpenter's benchmark shape, generic mix over kwok: the cost packer within 5% of the bound.
TEST(PlanTest, CostPackerWithinFivePercentOfBoundOnKwokGeneric) {
  Random random(42);
  std::ostringstream yaml;
  yaml << kPool;
  WriteBenchmarkPodsYaml(MakeBenchmarkPodSpecs(2000, PodMix::kGeneric, random), yaml);
  PlanInput input = LoadPlanInput(yaml.str());
  Result<PlanResult> cost =
      Plan(input, Catalog("kwok", cloud::kwok::InstanceTypes()), {"cost", 60});
  ASSERT_TRUE(cost) << cost.error().message();
  EXPECT_TRUE(cost->unschedulable.empty());
  ASSERT_TRUE(cost->lower_bound_usd_per_hour);
  EXPECT_LE(cost->price_usd_per_hour, 1.05 * *cost->lower_bound_usd_per_hour);
}

}  // namespace
}  // namespace tidepool::provisioning

namespace tidepool::provisioning {
namespace {

// Karpenter's benchmark catalogue (fake InstanceTypes(400)) and generic mix: Karpenter's order
// leaves claims cpu-full and memory-empty (or the reverse) and pays for the idle half; the
// prepacked claims pair the shapes.
TEST(PlanTest, CostPackerBeatsKarpenterOnFakeGeneric) {
  Random random(42);
  std::ostringstream yaml;
  yaml << kPool;
  WriteBenchmarkPodsYaml(MakeBenchmarkPodSpecs(3000, PodMix::kGeneric, random), yaml);
  PlanInput input = LoadPlanInput(yaml.str());
  cloud::Catalog catalog = Catalog("fake-400", cloud::fake::InstanceTypes(400));
  Result<PlanResult> karpenter = Plan(input, catalog, {"karpenter", 60});
  Result<PlanResult> cost = Plan(input, catalog, {"cost", 60});
  ASSERT_TRUE(karpenter && cost);
  EXPECT_TRUE(cost->unschedulable.empty());
  EXPECT_LT(cost->price_usd_per_hour, 0.95 * karpenter->price_usd_per_hour);
  EXPECT_LE(*cost->lower_bound_usd_per_hour, cost->price_usd_per_hour);
  // Every pending pod is placed exactly once.
  size_t placed = 0;
  for (const PlannedNodeClaim& claim : cost->node_claims) placed += claim.pods.size();
  EXPECT_EQ(placed, 3000u);
}

}  // namespace
}  // namespace tidepool::provisioning
