// Checks the aws/<region> catalogues against Karpenter's AWS provider: the documented allocatable
// of every instance type (aws/karpenter-provider-aws website/content/en/docs/reference/
// instance-types.md, kept in the data as doc_allocatable_*) and its overhead rules
// (pkg/providers/instancetype/types.go, suite_test.go).
#include "cloud/aws_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api/karpenter/labels.h"

namespace tidepool::cloud::aws {
namespace {

Quantity Q(std::string_view text) { return Quantity::MustParse(text); }

const InstanceType* Find(const Catalog& catalog, std::string_view name) {
  for (const InstanceTypePtr& t : catalog.types) {
    if (t->name == name) return t.get();
  }
  return nullptr;
}

std::vector<std::string> Values(const InstanceType& type, std::string_view key) {
  return type.requirements.Get(key).values();
}

TEST(AwsCatalogTest, DataCoversEveryTableRowAndRegion) {
  EXPECT_EQ(AllTypeFacts().size(), 1363u);
  EXPECT_EQ(Regions().size(), 33u);
  EXPECT_TRUE(std::is_sorted(Regions().begin(), Regions().end()));
  std::set<std::string> names;
  for (const TypeFacts& t : AllTypeFacts()) {
    names.insert(t.name);
    EXPECT_GT(t.vcpu, 0) << t.name;
    EXPECT_GT(t.memory_mib, 0) << t.name;
    EXPECT_GT(t.max_pods, 0) << t.name;
  }
  EXPECT_EQ(names.size(), 1363u);
}

// Karpenter's documented allocatable cpu and memory of every instance type, recomputed from the
// capacity and overhead rules. Reported: how many of the 1,363 match exactly.
TEST(AwsCatalogTest, KarpenterDocumentedAllocatableMatches) {
  int cpu_matches = 0;
  int memory_matches = 0;
  std::vector<std::string> mismatches;
  for (const TypeFacts& facts : AllTypeFacts()) {
    InstanceTypePtr t = MakeAwsInstanceType(facts, "us-east-1", {});
    int64_t cpu = t->allocatable.at("cpu").MilliValue();
    int64_t memory_mib = t->allocatable.at("memory").Value() / (1024 * 1024);
    if (cpu == facts.doc_allocatable_cpu_millis) ++cpu_matches;
    if (memory_mib == facts.doc_allocatable_memory_mib) ++memory_matches;
    if (cpu != facts.doc_allocatable_cpu_millis || memory_mib != facts.doc_allocatable_memory_mib) {
      mismatches.push_back(facts.name + " cpu " + std::to_string(cpu) + " vs " +
                           std::to_string(facts.doc_allocatable_cpu_millis) + ", memory " +
                           std::to_string(memory_mib) + " vs " +
                           std::to_string(facts.doc_allocatable_memory_mib));
    }
  }
  std::string first;
  for (size_t i = 0; i < mismatches.size() && i < 10; ++i) first += "\n  " + mismatches[i];
  EXPECT_EQ(cpu_matches, 1363) << first;
  EXPECT_EQ(memory_matches, 1363) << first;
}

// pkg/providers/instancetype/suite_test.go "should calculate the kube-reserved cpu" style checks
// of kubeReservedResources: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above.
TEST(AwsCatalogTest, KarpenterKubeReservedFormula) {
  EXPECT_EQ(KubeReserved(1, 8).at("cpu"), Q("60m"));
  EXPECT_EQ(KubeReserved(2, 29).at("cpu"), Q("70m"));
  EXPECT_EQ(KubeReserved(4, 58).at("cpu"), Q("80m"));
  EXPECT_EQ(KubeReserved(8, 58).at("cpu"), Q("90m"));
  EXPECT_EQ(KubeReserved(96, 737).at("cpu"), Q("310m"));
  EXPECT_EQ(KubeReserved(1, 8).at("memory"), Q("343Mi"));  // 11 × 8 + 255
  EXPECT_EQ(KubeReserved(2, 29).at("memory"), Q("574Mi"));
  EXPECT_EQ(KubeReserved(2, 29).at("ephemeral-storage"), Q("1Gi"));
  api::ResourceList eviction = EvictionThreshold(Q("20Gi"));
  EXPECT_EQ(eviction.at("memory"), Q("100Mi"));
  EXPECT_EQ(eviction.at("ephemeral-storage"), Q("2147483648"));  // 10%
}

// types.go memory(): Graviton's 64 MiB, then the VM overhead (7.5%, rounded up to MiB).
TEST(AwsCatalogTest, KarpenterVmMemoryOverhead) {
  EXPECT_EQ(VmMemory(8192, false), Q("7577Mi"));  // 8192 − ceil(614.4)
  EXPECT_EQ(VmMemory(2048, true), Q("1835Mi"));   // 1984 − ceil(148.8)
  EXPECT_EQ(VmMemory(8192, false, 0), Q("8192Mi"));
}

const TypeFacts& Facts(std::string_view name) {
  for (const TypeFacts& t : AllTypeFacts()) {
    if (t.name == name) return t;
  }
  ADD_FAILURE() << "no facts for " << name;
  return AllTypeFacts().front();
}

// Ported from aws/karpenter-provider-aws pkg/providers/instancetype/suite_test.go, Context
// "Overhead" (m5.xlarge, no kubelet configuration): "System Reserved Resources: should use
// defaults when no kubelet is specified", "Kube Reserved Resources: should use defaults when no
// kubelet is specified", "Eviction Thresholds: should take the default eviction threshold when
// none is specified".
TEST(AwsCatalogTest, KarpenterAwsOverheadDefaultsM5Xlarge) {
  InstanceTypePtr it = MakeAwsInstanceType(Facts("m5.xlarge"), "us-west-2", {});
  EXPECT_TRUE(it->overhead.system_reserved.empty());
  EXPECT_EQ(it->overhead.kube_reserved.at("cpu").ToString(), "80m");
  EXPECT_EQ(it->overhead.kube_reserved.at("memory").ToString(), "893Mi");
  EXPECT_EQ(it->overhead.kube_reserved.at("ephemeral-storage").ToString(), "1Gi");
  EXPECT_EQ(it->overhead.eviction_threshold.count("cpu"), 0u);
  EXPECT_EQ(it->overhead.eviction_threshold.at("memory").ToString(), "100Mi");
  EXPECT_NEAR(it->overhead.eviction_threshold.at("ephemeral-storage").AsDouble(),
              Q("2Gi").AsDouble(), 1);
}

// Ported from suite_test.go "should default max pods based off of network interfaces".
TEST(AwsCatalogTest, KarpenterAwsDefaultMaxPodsFromNetworkInterfaces) {
  EXPECT_EQ(MakeAwsInstanceType(Facts("t3.large"), "us-west-2", {})->capacity.at("pods").Value(),
            35);
  EXPECT_EQ(
      MakeAwsInstanceType(Facts("m6idn.32xlarge"), "us-west-2", {})->capacity.at("pods").Value(),
      394);
}

TEST(AwsCatalogTest, UsEast1OwnPricesAndLabels) {
  Result<Catalog> catalog = LoadRegion("us-east-1");
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_EQ(catalog->name, "aws/us-east-1");
  EXPECT_FALSE(catalog->on_demand_prices_borrowed);
  EXPECT_EQ(catalog->well_known_labels, &api::AwsWellKnownLabels());
  // The types without a us-east-1 price are named in a warning.
  ASSERT_EQ(catalog->warnings.size(), 1u);
  EXPECT_NE(catalog->warnings[0].find("p5e.48xlarge"), std::string::npos);

  const InstanceType* m5 = Find(*catalog, "m5.large");
  ASSERT_NE(m5, nullptr);
  EXPECT_EQ(m5->capacity.at("cpu"), Q("2"));
  EXPECT_EQ(m5->capacity.at("pods"), Q("29"));
  EXPECT_EQ(m5->capacity.at("vpc.amazonaws.com/pod-eni"), Q("9"));
  EXPECT_EQ(Values(*m5, api::kLabelInstanceFamily), std::vector<std::string>{"m5"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceCategory), std::vector<std::string>{"m"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceGeneration), std::vector<std::string>{"5"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceSize), std::vector<std::string>{"large"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceCpu), std::vector<std::string>{"2"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceMemory), std::vector<std::string>{"8192"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceNetworkBandwidth), std::vector<std::string>{"750"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceHypervisor), std::vector<std::string>{"nitro"});
  EXPECT_EQ(Values(*m5, api::kLabelInstanceCapabilityFlex), std::vector<std::string>{"false"});
  EXPECT_EQ(Values(*m5, api::kLabelTopologyRegion), std::vector<std::string>{"us-east-1"});
  EXPECT_EQ(Values(*m5, api::kLabelOSStable), std::vector<std::string>{"linux"});
  EXPECT_EQ(m5->requirements.Get(api::kLabelInstanceGpuName).Operator(),
            api::NodeSelectorOperator::kDoesNotExist);
  EXPECT_EQ(Values(*m5, api::kLabelTopologyZone),
            (std::vector<std::string>{"us-east-1a", "us-east-1b", "us-east-1c"}));

  // On-demand at the table's price; spot = on-demand × (1 − savings%).
  ASSERT_EQ(m5->offerings.size(), 6u);
  for (const Offering& o : m5->offerings) {
    if (o.capacity_type == "on-demand") {
      EXPECT_DOUBLE_EQ(o.price, 0.096);
    }
  }
  double spot = CheapestPrice(*m5, {});
  EXPECT_LT(spot, 0.096);
  EXPECT_GT(spot, 0);

  const InstanceType* g5 = Find(*catalog, "g5.xlarge");
  ASSERT_NE(g5, nullptr);
  EXPECT_EQ(g5->capacity.at("nvidia.com/gpu"), Q("1"));
  EXPECT_EQ(Values(*g5, api::kLabelInstanceGpuName), std::vector<std::string>{"a10g"});
  EXPECT_EQ(Values(*g5, api::kLabelInstanceGpuManufacturer), std::vector<std::string>{"nvidia"});
  EXPECT_EQ(Values(*g5, api::kLabelInstanceGpuMemory), std::vector<std::string>{"22888"});
  EXPECT_EQ(Values(*g5, api::kLabelInstanceLocalNvme), std::vector<std::string>{"250"});

  const InstanceType* flex = Find(*catalog, "m7i-flex.large");
  ASSERT_NE(flex, nullptr);
  EXPECT_EQ(Values(*flex, api::kLabelInstanceCapabilityFlex), std::vector<std::string>{"true"});

  const InstanceType* inf1 = Find(*catalog, "inf1.xlarge");
  ASSERT_NE(inf1, nullptr);
  EXPECT_EQ(inf1->capacity.at("aws.amazon.com/neuron"), Q("1"));
  EXPECT_EQ(Values(*inf1, api::kLabelInstanceAcceleratorManufacturer),
            std::vector<std::string>{"aws"});
}

TEST(AwsCatalogTest, OtherRegionsBorrowUsEast1Prices) {
  Result<Catalog> catalog = LoadRegion("eu-west-1");
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_TRUE(catalog->on_demand_prices_borrowed);
  ASSERT_FALSE(catalog->warnings.empty());
  EXPECT_EQ(catalog->warnings[0],
            "on-demand prices for eu-west-1 are us-east-1's (no regional price data)");
  EXPECT_GT(catalog->types.size(), 700u);
  const InstanceType* m5 = Find(*catalog, "m5.large");
  ASSERT_NE(m5, nullptr);
  EXPECT_EQ(Values(*m5, api::kLabelTopologyZone),
            (std::vector<std::string>{"eu-west-1a", "eu-west-1b", "eu-west-1c"}));
  EXPECT_EQ(Values(*m5, api::kLabelTopologyRegion), std::vector<std::string>{"eu-west-1"});
  // Every type of a region has spot offerings: the region's Spot Advisor data lists it.
  for (const InstanceTypePtr& t : catalog->types) {
    ASSERT_EQ(t->offerings.size(), 6u) << t->name;
  }
}

TEST(AwsCatalogTest, EveryRegionLoads) {
  for (const std::string& region : Regions()) {
    Result<Catalog> catalog = LoadRegion(region);
    ASSERT_TRUE(catalog) << region;
    EXPECT_GT(catalog->types.size(), 100u) << region;
  }
  Result<Catalog> missing = LoadRegion("mars-north-1");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

// The Spot Advisor lists one negative saving (p5.48xlarge in ca-central-1, -62%): kept as data,
// the spot estimate is then dearer than on-demand.
TEST(AwsCatalogTest, SpotEstimateFollowsSavings) {
  Result<Catalog> catalog = LoadRegion("ca-central-1");
  ASSERT_TRUE(catalog);
  const InstanceType* p5 = Find(*catalog, "p5.48xlarge");
  ASSERT_NE(p5, nullptr);
  double on_demand = 0, spot = 0;
  for (const Offering& o : p5->offerings) (o.capacity_type == "spot" ? spot : on_demand) = o.price;
  EXPECT_DOUBLE_EQ(spot, on_demand * 1.62);
}

}  // namespace
}  // namespace tidepool::cloud::aws
