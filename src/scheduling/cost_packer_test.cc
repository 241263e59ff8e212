#include "scheduling/cost_packer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "cloud/kwok_catalog.h"

namespace tidepool::scheduling {
namespace {

api::ResourceList Resources(std::string cpu, std::string memory, std::string pods = "") {
  api::ResourceList out = {{"cpu", Quantity::MustParse(cpu)},
                           {"memory", Quantity::MustParse(memory)}};
  if (!pods.empty()) out["pods"] = Quantity::MustParse(pods);
  return out;
}

cloud::InstanceTypePtr Type(std::string name, std::string cpu, std::string memory, double price) {
  cloud::InstanceType type;
  type.name = std::move(name);
  type.capacity = Resources(cpu, memory, "110");
  cloud::Offering offering;
  offering.zone = "zone-a";
  offering.capacity_type = "on-demand";
  offering.price = price;
  type.offerings = {offering};
  return cloud::MakeInstanceType(std::move(type));
}

std::set<std::string> Names(const cloud::InstanceTypes& types) {
  std::set<std::string> out;
  for (const auto& t : types) out.insert(t->name);
  return out;
}

struct Claim {
  api::Requirements requirements;
  api::ResourceList requests;
  api::ResourceList pending;
  ClaimContext Context() {
    ClaimContext c;
    c.requirements = &requirements;
    c.requests = &requests;
    c.pending_requests = &pending;
    return c;
  }
};

TEST(CostPackerTest, ShapeCostIsPriceTimesBindingResource) {
  cloud::InstanceTypePtr t = Type("t", "4", "8Gi", 2.0);
  // 6 cores and 8Gi: cpu binds (1.5 nodes), $3.
  EXPECT_DOUBLE_EQ(CostPackingPolicy::ShapeCost(*t, 2.0, Resources("6", "8Gi")), 3.0);
  // 2 cores and 16Gi: memory binds (2 nodes), $4.
  EXPECT_DOUBLE_EQ(CostPackingPolicy::ShapeCost(*t, 2.0, Resources("2", "16Gi")), 4.0);
  // A resource the type lacks makes it unusable.
  api::ResourceList gpu = Resources("1", "1Gi");
  gpu["example.com/gpu"] = Quantity::FromInt(1);
  EXPECT_EQ(CostPackingPolicy::ShapeCost(*t, 2.0, gpu), std::numeric_limits<double>::infinity());
}

TEST(CostPackerTest, KeepsTheFamilyMatchingTheDemandWithAllItsSizes) {
  // Two families at $0.1 per core: "c" with 2Gi per core and "m" with 8Gi per core at an extra
  // $0.01 per GiB. A 1:2 demand is cheapest on c; a 1:8 demand on m.
  cloud::InstanceTypes options = {Type("c-2", "2", "4Gi", 0.24), Type("c-8", "8", "16Gi", 0.96),
                                  Type("m-2", "2", "16Gi", 0.36), Type("m-8", "8", "64Gi", 1.44)};
  CostPackingPolicy policy;
  Claim cpu_heavy{{}, Resources("1", "2Gi", "1"), Resources("100", "200Gi", "100")};
  cloud::InstanceTypes kept = options;
  policy.OpenClaimOptions(cpu_heavy.Context(), kept);
  EXPECT_EQ(Names(kept), (std::set<std::string>{"c-2", "c-8"}));

  Claim memory_heavy{{}, Resources("1", "8Gi", "1"), Resources("100", "800Gi", "100")};
  kept = options;
  policy.OpenClaimOptions(memory_heavy.Context(), kept);
  EXPECT_EQ(Names(kept), (std::set<std::string>{"m-2", "m-8"}));
}

TEST(CostPackerTest, ShapeComesFromRemainingDemandNotTheOpeningPod) {
  // The opening pod is memory-heavy, but the remaining demand is cpu-heavy.
  cloud::InstanceTypes options = {Type("c-8", "8", "16Gi", 0.96), Type("m-8", "8", "64Gi", 1.44)};
  CostPackingPolicy policy;
  Claim claim{{}, Resources("1", "8Gi", "1"), Resources("100", "220Gi", "100")};
  policy.OpenClaimOptions(claim.Context(), options);
  EXPECT_EQ(Names(options), (std::set<std::string>{"c-8"}));
}

TEST(CostPackerTest, FamiliesWithinToleranceAreKept) {
  cloud::InstanceTypes options = {Type("a-8", "8", "16Gi", 1.00), Type("b-8", "8", "16Gi", 1.01),
                                  Type("d-8", "8", "16Gi", 1.10)};
  Claim claim{{}, Resources("1", "2Gi"), Resources("80", "160Gi")};
  CostPackingPolicy policy(0.02);
  policy.OpenClaimOptions(claim.Context(), options);
  EXPECT_EQ(Names(options), (std::set<std::string>{"a-8", "b-8"}));
}

TEST(CostPackerTest, MinValuesKeepsEveryOption) {
  cloud::InstanceTypes options = {Type("c-8", "8", "16Gi", 0.96), Type("m-8", "8", "64Gi", 1.44)};
  Claim claim{{}, Resources("1", "2Gi"), Resources("100", "200Gi")};
  claim.requirements.Add(api::Requirement::Make("node.kubernetes.io/instance-type",
                                                api::NodeSelectorOperator::kExists, {}, 2));
  CostPackingPolicy policy;
  policy.OpenClaimOptions(claim.Context(), options);
  EXPECT_EQ(options.size(), 2u);
}

TEST(CostPackerTest, NeverEmptiesTheOptions) {
  // No type has the demanded GPU: nothing is comparable, everything stays.
  cloud::InstanceTypes options = {Type("c-8", "8", "16Gi", 0.96), Type("m-8", "8", "64Gi", 1.44)};
  api::ResourceList requests = Resources("1", "2Gi");
  requests["example.com/gpu"] = Quantity::FromInt(1);
  Claim claim{{}, requests, requests};
  CostPackingPolicy policy;
  policy.OpenClaimOptions(claim.Context(), options);
  EXPECT_EQ(options.size(), 2u);
}

TEST(CostPackerTest, KwokGenericDemandKeepsTheCFamily) {
  // Karpenter's benchmark mix averages about 2Gi per core: kwok's c family (2 GiB per vCPU).
  const cloud::InstanceTypes& kwok = cloud::kwok::InstanceTypes();
  cloud::InstanceTypes options = kwok;
  Claim claim{{}, Resources("1500m", "4Gi", "1"), Resources("6700", "13100Gi", "10000")};
  CostPackingPolicy policy;
  policy.OpenClaimOptions(claim.Context(), options);
  ASSERT_FALSE(options.empty());
  std::set<std::string> families;
  for (const auto& t : options) families.insert(t->name.substr(0, t->name.find('-')));
  EXPECT_EQ(families, (std::set<std::string>{"c"}));
  // Every size of the family is still there for the claim to shrink to (4 arch/os variants of
  // each of the 12 sizes).
  EXPECT_EQ(options.size(), 48u);
}

TEST(CostPackerTest, FinalizeOrdersCheapestFirst) {
  cloud::InstanceTypes options = {Type("c-8", "8", "16Gi", 0.96), Type("c-2", "2", "4Gi", 0.24),
                                  Type("c-4", "4", "8Gi", 0.48)};
  Claim claim{{}, Resources("1", "2Gi"), Resources("1", "2Gi")};
  CostPackingPolicy policy;
  ClaimContext context = claim.Context();
  context.max_instance_types = 2;
  Result<cloud::InstanceTypes> final_options = policy.FinalizeOptions(context, options);
  ASSERT_TRUE(final_options) << final_options.error().message();
  ASSERT_EQ(final_options->size(), 2u);
  EXPECT_EQ((*final_options)[0]->name, "c-2");
  EXPECT_EQ((*final_options)[1]->name, "c-4");
}

}  // namespace
}  // namespace tidepool::scheduling
