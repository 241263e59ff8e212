#include "cloud/instance_type.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/well_known_labels.h"

namespace tidepool::cloud {
namespace {

using api::NodeSelectorOperator;
using api::Requirement;
using api::Requirements;
using Op = NodeSelectorOperator;

Quantity Q(std::string_view text) { return Quantity::MustParse(text); }

const std::string kFamily = "karpenter.k8s.aws/instance-family";

// A type with one label `kFamily In [family]` and the given offerings.
InstanceTypePtr Type(std::string name, std::string family, std::vector<Offering> offerings) {
  InstanceType type;
  type.name = std::move(name);
  type.requirements.Add(Requirement::Make(kFamily, Op::kIn, {std::move(family)}));
  type.offerings = std::move(offerings);
  type.capacity = {{"cpu", Q("2")}, {"memory", Q("4Gi")}};
  return MakeInstanceType(std::move(type));
}

Offering Spot(std::string zone, double price, bool available = true) {
  return {.zone = std::move(zone), .capacity_type = "spot", .price = price, .available = available};
}
Offering OnDemand(std::string zone, double price, bool available = true) {
  return {.zone = std::move(zone),
          .capacity_type = "on-demand",
          .price = price,
          .available = available};
}
Offering Reserved(std::string zone, double price) {
  return {.zone = std::move(zone), .capacity_type = "reserved", .price = price};
}

std::vector<std::string> Names(const InstanceTypes& types) {
  std::vector<std::string> out;
  for (const InstanceTypePtr& t : types) out.push_back(t->name);
  return out;
}

Requirements Reqs(std::vector<Requirement> requirements) {
  return Requirements(std::move(requirements));
}

// ---- Allocatable: ported from karpenter pkg/cloudprovider/suite_test.go "Instance Type" ----

// "should reserve additional capacity memory for when HugePages is defined resources"
TEST(InstanceTypeTest, KarpenterHugePagesReserveMemory) {
  InstanceTypeOverhead overhead;
  overhead.kube_reserved = {{"cpu", Q("125m")}, {"memory", Q("1Gi")}};
  api::ResourceList allocatable = ComputeAllocatable({{"cpu", Q("5")},
                                                      {"memory", Q("20Gi")},
                                                      {"ephemeral-storage", Q("100Gi")},
                                                      {"pods", Q("57")},
                                                      {"hugepages-2Mi", Q("5Gi")},
                                                      {"hugepages-1Gi", Q("10Gi")}},
                                                     overhead);
  EXPECT_EQ(allocatable["memory"].Value(), Q("4Gi").Value());
  EXPECT_EQ(allocatable["cpu"].MilliValue(), 4875);
  EXPECT_EQ(allocatable["pods"], Q("57"));
}

// "should set memory to zero for when HugePages use all the memory on the instance type"
TEST(InstanceTypeTest, KarpenterHugePagesUseAllMemory) {
  InstanceTypeOverhead overhead;
  overhead.kube_reserved = {{"cpu", Q("125m")}, {"memory", Q("1Gi")}};
  api::ResourceList allocatable = ComputeAllocatable({{"cpu", Q("5")},
                                                      {"memory", Q("20Gi")},
                                                      {"ephemeral-storage", Q("100Gi")},
                                                      {"pods", Q("57")},
                                                      {"hugepages-2Mi", Q("50Gi")},
                                                      {"hugepages-1Gi", Q("10Gi")}},
                                                     overhead);
  EXPECT_TRUE(allocatable["memory"].IsZero());
  EXPECT_EQ(allocatable["cpu"].MilliValue(), 4875);
}

// "should compute a single allocatable when no offerings have overrides"
TEST(InstanceTypeTest, KarpenterSingleAllocatableWithoutOverrides) {
  InstanceType type;
  type.name = "t";
  type.capacity = {{"cpu", Q("4")}, {"memory", Q("16Gi")}, {"pods", Q("110")}};
  type.overhead.kube_reserved = {{"cpu", Q("100m")}, {"memory", Q("1Gi")}};
  type.offerings = {Spot("z", 1), Spot("z2", 1)};
  InstanceTypePtr made = MakeInstanceType(std::move(type));
  EXPECT_EQ(made->allocatable.at("cpu").MilliValue(), 3900);
  EXPECT_EQ(made->allocatable.at("memory"), Q("15Gi"));
  EXPECT_EQ(made->allocatable.at("pods"), Q("110"));
}

TEST(InstanceTypeTest, OverheadTotalAddsTheThreeLists) {
  InstanceTypeOverhead overhead;
  overhead.kube_reserved = {{"cpu", Q("100m")}, {"memory", Q("10Mi")}};
  overhead.system_reserved = {{"cpu", Q("50m")}};
  overhead.eviction_threshold = {{"memory", Q("100Mi")}, {"ephemeral-storage", Q("1Gi")}};
  api::ResourceList total = overhead.Total();
  EXPECT_EQ(total.at("cpu"), Q("150m"));
  EXPECT_EQ(total.at("memory"), Q("110Mi"));
  EXPECT_EQ(total.at("ephemeral-storage"), Q("1Gi"));
}

TEST(InstanceTypeTest, MakeInstanceTypeLabelsFromAvailableOfferings) {
  InstanceTypePtr t = Type("t", "m5", {Spot("a", 1), OnDemand("b", 2), Spot("c", 1, false)});
  EXPECT_EQ(t->requirements.Get(api::kLabelInstanceTypeStable).values(),
            std::vector<std::string>{"t"});
  // upstream fake.NewInstanceType: zones and capacity types of the *available* offerings only.
  EXPECT_EQ(t->requirements.Get(api::kLabelTopologyZone).values(),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t->requirements.Get(api::kCapacityTypeLabelKey).values(),
            (std::vector<std::string>{"on-demand", "spot"}));
  EXPECT_EQ(t->offerings[2].requirements.Get(api::kLabelTopologyZone).values(),
            std::vector<std::string>{"c"});
  EXPECT_EQ(t->requirements.Get(kFamily).values(), std::vector<std::string>{"m5"});
}

// ---- Offerings ----

TEST(InstanceTypeTest, CheapestOfferingSkipsUnavailableAndIncompatible) {
  InstanceTypePtr t =
      Type("t", "m5", {OnDemand("a", 0.5), Spot("a", 0.1, false), Spot("b", 0.2), Spot("c", 0.3)});
  EXPECT_EQ(CheapestOffering(*t, {})->zone, "b");
  EXPECT_DOUBLE_EQ(CheapestPrice(*t, {}), 0.2);
  Requirements on_demand =
      Reqs({Requirement::Make(api::kCapacityTypeLabelKey, Op::kIn, {"on-demand"})});
  EXPECT_DOUBLE_EQ(CheapestPrice(*t, on_demand), 0.5);
  Requirements zone_a = Reqs({Requirement::Make(api::kLabelTopologyZone, Op::kIn, {"a"})});
  EXPECT_DOUBLE_EQ(CheapestPrice(*t, zone_a), 0.5);
  Requirements zone_d = Reqs({Requirement::Make(api::kLabelTopologyZone, Op::kIn, {"d"})});
  EXPECT_EQ(CheapestOffering(*t, zone_d), nullptr);
  EXPECT_EQ(CheapestPrice(*t, zone_d), kNoPrice);
  EXPECT_FALSE(HasCompatibleOffering(*t, zone_d));
  EXPECT_TRUE(HasCompatibleOffering(*t, zone_a));
}

// pkg/cloudprovider/types.go WorstLaunchPrice: reserved, then spot, then on-demand; the most
// expensive offering of the first capacity type that has any.
TEST(InstanceTypeTest, KarpenterWorstLaunchPricePrecedence) {
  InstanceTypePtr all = Type(
      "t", "m5",
      {OnDemand("a", 9), Spot("a", 0.3), Spot("b", 0.4), Reserved("a", 0.05), Reserved("b", 0.07)});
  EXPECT_DOUBLE_EQ(WorstLaunchPrice(*all, {}), 0.07);
  Requirements no_reserved =
      Reqs({Requirement::Make(api::kCapacityTypeLabelKey, Op::kIn, {"spot", "on-demand"})});
  EXPECT_DOUBLE_EQ(WorstLaunchPrice(*all, no_reserved), 0.4);
  Requirements zone_a_od =
      Reqs({Requirement::Make(api::kLabelTopologyZone, Op::kIn, {"a"}),
            Requirement::Make(api::kCapacityTypeLabelKey, Op::kIn, {"on-demand"})});
  EXPECT_DOUBLE_EQ(WorstLaunchPrice(*all, zone_a_od), 9);
  Requirements zone_z = Reqs({Requirement::Make(api::kLabelTopologyZone, Op::kIn, {"z"})});
  EXPECT_EQ(WorstLaunchPrice(*all, zone_z), kNoPrice);
  // Unavailable offerings do not count (the solver calls it on Offerings.Available()).
  InstanceTypePtr spot_gone = Type("t", "m5", {Spot("a", 5, false), OnDemand("a", 1)});
  EXPECT_DOUBLE_EQ(WorstLaunchPrice(*spot_gone, {}), 1);
}

TEST(InstanceTypeTest, KarpenterOfferingPrice) {
  InstanceTypePtr t = Type("t", "m5", {Spot("a", 0.3, false), OnDemand("a", 1)});
  EXPECT_EQ(OfferingPrice(*t, "a", "spot"), 0.3);
  EXPECT_EQ(OfferingPrice(*t, "a", "on-demand"), 1.0);
  EXPECT_EQ(OfferingPrice(*t, "b", "spot"), std::nullopt);
}

// Ported from karpenter pkg/cloudprovider/suite_test.go Context "AdjustedPrice".
struct AdjustedPriceCase {
  const char* description;
  const char* change;
  double base;
  double expected;
};

class AdjustedPriceTest : public ::testing::TestWithParam<AdjustedPriceCase> {};

TEST_P(AdjustedPriceTest, KarpenterAdjustedPriceOverlayValues) {
  const AdjustedPriceCase& c = GetParam();
  Result<double> adjusted = AdjustedPrice(c.base, c.change);
  ASSERT_TRUE(adjusted) << c.description;
  EXPECT_DOUBLE_EQ(*adjusted, c.expected) << c.description;
}

INSTANTIATE_TEST_SUITE_P(Karpenter, AdjustedPriceTest,
                         ::testing::Values(
                             // Percentage adjustment
                             AdjustedPriceCase{"10% decrease", "-10%", 10.0, 9.0},
                             AdjustedPriceCase{"10% increase", "+10%", 10.0, 11.0},
                             AdjustedPriceCase{"50% decrease", "-50%", 10.0, 5.0},
                             AdjustedPriceCase{"100% increase", "+100%", 10.0, 20.0},
                             AdjustedPriceCase{"Zero price", "-100%", 10.0, 0.0},
                             AdjustedPriceCase{"Zero price", "-200%", 10.0, 0.0},
                             AdjustedPriceCase{"Fractional price", "-25%", 1.5, 1.125},
                             // Raw adjustment
                             AdjustedPriceCase{"No change", "+0", 10.0, 10.0},
                             AdjustedPriceCase{"Add 5", "+5", 10.0, 15.0},
                             AdjustedPriceCase{"Subtract 2.5", "-2.5", 10.0, 7.5},
                             AdjustedPriceCase{"Subtract to zero", "-10", 10.0, 0.0},
                             AdjustedPriceCase{"Negative Result", "-15", 10.0, 0.0},
                             AdjustedPriceCase{"Fractional price", "+0.75", 1.25, 2.0},
                             AdjustedPriceCase{"Large price adjustment", "+100", 0.001, 100.001},
                             AdjustedPriceCase{"Small price adjustment", "+0.0001", 0.0001,
                                               0.0002}));

// "should override price" and "should provide the same if price or priceAdjustment is not
// provided".
TEST(InstanceTypeTest, KarpenterAdjustedPriceOverrideAndEmpty) {
  EXPECT_EQ(*AdjustedPrice(82781.0, "80.0"), 80);
  EXPECT_EQ(*AdjustedPrice(82781.0, ""), 82781);
  EXPECT_FALSE(AdjustedPrice(1, "+"));
  EXPECT_FALSE(AdjustedPrice(1, "cheap"));
  EXPECT_FALSE(AdjustedPrice(1, "+5%%"));
}

// ---- InstanceTypes ----

TEST(InstanceTypeTest, KarpenterOrderByPriceCheapestCompatibleOffering) {
  InstanceTypes types = {
      Type("expensive", "m5", {Spot("a", 3)}),
      Type("none", "m5", {Spot("a", 0.01, false)}),
      Type("cheap-in-b", "m5", {Spot("a", 2), Spot("b", 0.5)}),
      Type("mid", "m5", {OnDemand("a", 1)}),
  };
  InstanceTypes any = types;
  OrderByPrice(any, {});
  EXPECT_EQ(Names(any), (std::vector<std::string>{"cheap-in-b", "mid", "expensive", "none"}));
  // In zone a, cheap-in-b costs 2.
  InstanceTypes zone_a = types;
  OrderByPrice(zone_a, Reqs({Requirement::Make(api::kLabelTopologyZone, Op::kIn, {"a"})}));
  EXPECT_EQ(Names(zone_a), (std::vector<std::string>{"mid", "cheap-in-b", "expensive", "none"}));
}

TEST(InstanceTypeTest, OrderByPriceIsStableOnTies) {
  InstanceTypes types = {Type("b", "m5", {Spot("a", 1)}), Type("a", "m5", {Spot("a", 1)}),
                         Type("c", "m5", {Spot("a", 0.5)})};
  OrderByPrice(types, {});
  EXPECT_EQ(Names(types), (std::vector<std::string>{"c", "b", "a"}));
}

TEST(InstanceTypeTest, KarpenterCompatibleNeedsAnAvailableCompatibleOffering) {
  InstanceTypes types = {Type("spot-a", "m5", {Spot("a", 1)}),
                         Type("od-b", "m5", {OnDemand("b", 1)}),
                         Type("gone", "m5", {Spot("a", 1, false)})};
  EXPECT_EQ(Names(Compatible(types, {})), (std::vector<std::string>{"spot-a", "od-b"}));
  EXPECT_EQ(Names(Compatible(
                types, Reqs({Requirement::Make(api::kCapacityTypeLabelKey, Op::kIn, {"spot"})}))),
            std::vector<std::string>{"spot-a"});
}

// The example in the doc comment of pkg/cloudprovider/types.go SatisfiesMinValues.
TEST(InstanceTypeTest, KarpenterSatisfiesMinValuesDocExample) {
  Requirements requirements = Reqs({
      Requirement::Make(api::kLabelInstanceTypeStable, Op::kIn,
                        {"c4.large", "c4.xlarge", "c5.large", "c5.xlarge", "m4.large", "m4.xlarge"},
                        3),
      Requirement::Make(kFamily, Op::kIn, {"c4", "c5", "m4"}, 3),
  });
  InstanceTypes passing = {Type("c4.large", "c4", {Spot("a", 1)}),
                           Type("c5.xlarge", "c5", {Spot("a", 2)}),
                           Type("m4.2xlarge", "m4", {Spot("a", 3)})};
  Result<int> pass = SatisfiesMinValues(passing, requirements);
  ASSERT_TRUE(pass) << pass.error().message();
  EXPECT_EQ(*pass, 3);

  InstanceTypes failing = {Type("c4.large", "c4", {Spot("a", 1)}),
                           Type("c4.xlarge", "c4", {Spot("a", 2)}),
                           Type("c5.2xlarge", "c5", {Spot("a", 3)})};
  MinValuesCheck check = CheckMinValues(failing, requirements);
  EXPECT_EQ(check.needed, 3);
  EXPECT_EQ(check.unsatisfied, (std::map<std::string, int>{{kFamily, 2}}));
  Result<int> fail = SatisfiesMinValues(failing, requirements);
  ASSERT_FALSE(fail);
  EXPECT_EQ(fail.error().message(),
            "minValues requirement is not met for label(s) [karpenter.k8s.aws/instance-family]");
}

TEST(InstanceTypeTest, SatisfiesMinValuesReturnsShortestPrefix) {
  Requirements requirements = Reqs({Requirement::Make(kFamily, Op::kExists, {}, 2)});
  InstanceTypes types = {Type("a", "c4", {Spot("a", 1)}), Type("b", "c4", {Spot("a", 1)}),
                         Type("c", "c5", {Spot("a", 1)}), Type("d", "c6", {Spot("a", 1)})};
  EXPECT_EQ(*SatisfiesMinValues(types, requirements), 3);
  // No minValues: nothing is needed.
  EXPECT_EQ(*SatisfiesMinValues(types, Reqs({Requirement::Make(kFamily, Op::kExists)})), 0);
  // A key the types do not define contributes no values.
  Result<int> missing =
      SatisfiesMinValues(types, Reqs({Requirement::Make("custom", Op::kExists, {}, 1)}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(CheckMinValues(types, Reqs({Requirement::Make("custom", Op::kExists, {}, 1)})).needed,
            4);
}

// pkg/controllers/provisioning/scheduling/instance_selection_test.go "schedule should fail if
// minimum number of InstanceTypes is not met as per the minValues in the requirement after
// truncation", at the level of Truncate: two types, MaxInstanceTypes = 1, minValues 2.
TEST(InstanceTypeTest, KarpenterTruncateBreaksMinValuesAfterTruncation) {
  InstanceTypes types = {Type("instance-type-2", "x", {Spot("test-zone-1-spot", 1.0)}),
                         Type("instance-type-1", "x", {Spot("test-zone-1-spot", 0.52)})};
  Requirements requirements = Reqs({Requirement::Make(api::kLabelInstanceTypeStable, Op::kIn,
                                                      {"instance-type-1", "instance-type-2"}, 2)});
  Result<InstanceTypes> strict = Truncate(types, requirements, 1);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().message(),
            "validating minValues: minValues requirement is not met for label(s) "
            "[node.kubernetes.io/instance-type]");
  Result<InstanceTypes> best_effort =
      Truncate(types, requirements, 1, MinValuesPolicy::kBestEffort);
  ASSERT_TRUE(best_effort);
  EXPECT_EQ(Names(*best_effort), std::vector<std::string>{"instance-type-1"});
  Result<InstanceTypes> wide = Truncate(types, requirements, 2);
  ASSERT_TRUE(wide);
  EXPECT_EQ(Names(*wide), (std::vector<std::string>{"instance-type-1", "instance-type-2"}));
}

// instance_selection_test.go "schedule should fail if minimum number of InstanceTypes is not met
// as per the minValues in the requirement": ten types, instance-type Exists minValues 11.
TEST(InstanceTypeTest, KarpenterTruncateMinValuesAboveTypeCount) {
  InstanceTypes types;
  for (int i = 0; i < 10; ++i) {
    types.push_back(Type("t" + std::to_string(i), "x", {Spot("a", 1.0 + i)}));
  }
  Requirements requirements =
      Reqs({Requirement::Make(api::kLabelInstanceTypeStable, Op::kExists, {}, 11)});
  EXPECT_FALSE(Truncate(types, requirements, 60));
  Requirements ten = Reqs({Requirement::Make(api::kLabelInstanceTypeStable, Op::kExists, {}, 10)});
  Result<InstanceTypes> ok = Truncate(types, ten, 60);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 10u);
}

TEST(InstanceTypeTest, TruncateOrdersByPriceAndKeepsMax) {
  InstanceTypes types;
  for (int i = 0; i < 100; ++i) {
    types.push_back(Type("t" + std::to_string(i), "x", {Spot("a", 100.0 - i)}));
  }
  Result<InstanceTypes> out = Truncate(types, {}, 60);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->size(), 60u);
  EXPECT_EQ(out->front()->name, "t99");
  EXPECT_EQ(out->back()->name, "t40");
}

}  // namespace
}  // namespace tidepool::cloud
