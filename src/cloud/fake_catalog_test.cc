// Checks the fake catalogue against kubernetes-sigs/karpenter pkg/cloudprovider/fake
// (instancetype.go NewInstanceType, InstanceTypes, InstanceTypesAssorted, PriceFromResources;
// cloudprovider.go GetInstanceTypes).
#include "cloud/fake_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace tidepool::cloud::fake {
namespace {

using api::NodeSelectorOperator;
using api::Requirement;
using api::Requirements;

Quantity Q(std::string_view text) { return Quantity::MustParse(text); }

std::vector<std::string> Values(const InstanceType& type, std::string_view key) {
  return type.requirements.Get(key).values();
}

TEST(FakeCatalogTest, KarpenterDefaultInstanceTypesInOrder) {
  cloud::InstanceTypes types = DefaultInstanceTypes();
  std::vector<std::string> names;
  for (const InstanceTypePtr& t : types) names.push_back(t->name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"default-instance-type", "small-instance-type",
                                      "gpu-vendor-instance-type", "gpu-vendor-b-instance-type",
                                      "arm-instance-type", "single-pod-instance-type"}));
}

TEST(FakeCatalogTest, KarpenterDefaultInstanceTypeShape) {
  InstanceTypePtr t = DefaultInstanceTypes()[0];
  EXPECT_EQ(t->capacity,
            (api::ResourceList{{"cpu", Q("4")}, {"memory", Q("4Gi")}, {"pods", Q("5")}}));
  EXPECT_EQ(t->allocatable.at("cpu"), Q("3900m"));
  EXPECT_EQ(t->allocatable.at("memory"), Q("4Gi") - Q("10Mi"));
  EXPECT_EQ(t->allocatable.at("pods"), Q("5"));
  EXPECT_EQ(Values(*t, api::kLabelArchStable), std::vector<std::string>{"amd64"});
  EXPECT_EQ(Values(*t, api::kLabelOSStable),
            (std::vector<std::string>{"darwin", "linux", "windows"}));
  EXPECT_EQ(Values(*t, api::kLabelTopologyZone),
            (std::vector<std::string>{"test-zone-1", "test-zone-2", "test-zone-3"}));
  EXPECT_EQ(Values(*t, api::kCapacityTypeLabelKey),
            (std::vector<std::string>{"on-demand", "spot"}));
  EXPECT_EQ(Values(*t, kLabelInstanceSize), std::vector<std::string>{"small"});
  EXPECT_EQ(t->requirements.Get(kExoticInstanceLabelKey).Operator(),
            NodeSelectorOperator::kDoesNotExist);
  EXPECT_EQ(Values(*t, kIntegerInstanceLabelKey), std::vector<std::string>{"4"});

  // Five offerings: spot in zones 1-2, on-demand in zones 1-3, all at one price.
  ASSERT_EQ(t->offerings.size(), 5u);
  std::set<std::pair<std::string, std::string>> seen;
  for (const Offering& o : t->offerings) {
    seen.emplace(o.capacity_type, o.zone);
    EXPECT_DOUBLE_EQ(o.price, 0.4 + 0.1 * 4294967296.0 / 1e9);  // ≈ 0.8295
    EXPECT_TRUE(o.available);
  }
  EXPECT_EQ(seen, (std::set<std::pair<std::string, std::string>>{{"spot", "test-zone-1"},
                                                                 {"spot", "test-zone-2"},
                                                                 {"on-demand", "test-zone-1"},
                                                                 {"on-demand", "test-zone-2"},
                                                                 {"on-demand", "test-zone-3"}}));
}

TEST(FakeCatalogTest, KarpenterDefaultCataloguePrices) {
  cloud::InstanceTypes types = DefaultInstanceTypes();
  EXPECT_NEAR(types[0]->offerings[0].price, 0.8295, 1e-4);
  EXPECT_NEAR(types[1]->offerings[0].price, 0.4147, 1e-4);  // small-instance-type, cheapest
  // One dollar per GPU-vendor resource on top of the default shape.
  EXPECT_DOUBLE_EQ(types[2]->offerings[0].price, types[0]->offerings[0].price + 1.0);
  EXPECT_DOUBLE_EQ(types[3]->offerings[0].price, types[0]->offerings[0].price + 1.0);
  EXPECT_DOUBLE_EQ(types[4]->offerings[0].price, 1.6 + 0.1 * 137438953472.0 / 1e9);
  // single-pod-instance-type costs what the default does: pods are not priced.
  EXPECT_DOUBLE_EQ(types[5]->offerings[0].price, types[0]->offerings[0].price);
  OrderByPrice(types, {});
  EXPECT_EQ(types[0]->name, "small-instance-type");
}

TEST(FakeCatalogTest, KarpenterGpuAndArmAndSinglePodTypes) {
  cloud::InstanceTypes types = DefaultInstanceTypes();
  EXPECT_EQ(types[2]->capacity.at(kResourceGPUVendorA), Q("2"));
  EXPECT_EQ(types[2]->capacity.at("cpu"), Q("4"));
  EXPECT_EQ(types[3]->capacity.at(kResourceGPUVendorB), Q("2"));
  EXPECT_EQ(types[3]->capacity.count(kResourceGPUVendorA), 0u);

  const InstanceType& arm = *types[4];
  EXPECT_EQ(Values(arm, api::kLabelArchStable), std::vector<std::string>{"arm64"});
  EXPECT_EQ(Values(arm, api::kLabelOSStable),
            (std::vector<std::string>{"darwin", "ios", "linux", "windows"}));
  EXPECT_EQ(Values(arm, kLabelInstanceSize), std::vector<std::string>{"large"});
  EXPECT_EQ(Values(arm, kExoticInstanceLabelKey), std::vector<std::string>{"optional"});
  EXPECT_EQ(Values(arm, kIntegerInstanceLabelKey), std::vector<std::string>{"16"});

  EXPECT_EQ(types[5]->capacity.at("pods"), Q("1"));
  EXPECT_EQ(types[5]->capacity.at("memory"), Q("4Gi"));
}

// Custom labels of the fake provider select types as upstream's scheduling tests rely on: a pod
// asking for `integer Gt 8` or `size In [large]` only fits arm-instance-type, once the fake
// well-known labels excuse the NodePool from defining them.
TEST(FakeCatalogTest, KarpenterExtraLabelsSelectTypes) {
  Requirements large({Requirement::Make(kLabelInstanceSize, NodeSelectorOperator::kIn, {"large"})});
  Requirements above8(
      {Requirement::Make(kIntegerInstanceLabelKey, NodeSelectorOperator::kGt, {"8"})});
  api::CompatibilityOptions options = api::AllowUndefinedWellKnownLabels(WellKnownLabels());
  for (const InstanceTypePtr& t : DefaultInstanceTypes()) {
    bool arm = t->name == "arm-instance-type";
    EXPECT_EQ(t->requirements.IsCompatible(large, options), arm) << t->name;
    EXPECT_EQ(t->requirements.IsCompatible(above8, options), arm) << t->name;
  }
  EXPECT_TRUE(WellKnownLabels().Has("size"));
  EXPECT_TRUE(WellKnownLabels().Has("special"));
  EXPECT_TRUE(WellKnownLabels().Has("integer"));
  EXPECT_TRUE(WellKnownLabels().Has(api::kLabelTopologyZone));
}

// The benchmark's catalogue: InstanceTypes(400).
TEST(FakeCatalogTest, KarpenterInstanceTypesIncrementingResources) {
  cloud::InstanceTypes types = InstanceTypes(400);
  ASSERT_EQ(types.size(), 400u);
  for (int i : {0, 2, 4, 399}) {
    const InstanceType& t = *types[i];
    EXPECT_EQ(t.name, "fake-it-" + std::to_string(i));
    EXPECT_EQ(t.capacity.at("cpu"), Quantity::FromInt(i + 1));
    EXPECT_EQ(t.capacity.at("memory"), Q(std::to_string(2 * (i + 1)) + "Gi"));
    EXPECT_EQ(t.capacity.at("pods"), Quantity::FromInt(10 * (i + 1)));
    EXPECT_EQ(t.offerings.size(), 5u);
    EXPECT_DOUBLE_EQ(t.offerings[0].price, PriceFromResources(t.capacity));
  }
  EXPECT_EQ(Values(*types[3], kLabelInstanceSize), std::vector<std::string>{"small"});  // 4 cpu
  EXPECT_EQ(Values(*types[4], kLabelInstanceSize), std::vector<std::string>{"large"});  // 5 cpu
  EXPECT_TRUE(InstanceTypes(0).empty());
}

TEST(FakeCatalogTest, KarpenterInstanceTypesAssorted) {
  cloud::InstanceTypes types = InstanceTypesAssorted();
  ASSERT_EQ(types.size(), 1344u);
  std::set<std::string> names;
  for (const InstanceTypePtr& t : types) {
    names.insert(t->name);
    ASSERT_EQ(t->offerings.size(), 1u);
    EXPECT_EQ(Values(*t, api::kLabelOSStable).size(), 1u);
  }
  EXPECT_EQ(names.size(), 1344u);
  EXPECT_EQ(types[0]->name, "1-cpu-1-mem-amd64-linux-test-zone-1-spot");
  EXPECT_EQ(types.back()->name, "64-cpu-128-mem-arm64-windows-test-zone-3-on-demand");
  EXPECT_DOUBLE_EQ(types[0]->offerings[0].price, 0.1 + 0.1 * 1073741824.0 / 1e9);
}

TEST(FakeCatalogTest, CustomOfferingsAndRequirements) {
  InstanceTypePtr t = NewInstanceType(
      "custom",
      {.offerings = {{.zone = "z", .capacity_type = "reserved", .price = 0.1},
                     {.zone = "y", .capacity_type = "spot", .price = 1, .available = false}},
       .requirements = {Requirement::Make("team", NodeSelectorOperator::kIn, {"a"})}});
  EXPECT_EQ(Values(*t, api::kLabelTopologyZone), std::vector<std::string>{"z"});
  EXPECT_EQ(Values(*t, api::kCapacityTypeLabelKey), std::vector<std::string>{"reserved"});
  EXPECT_EQ(Values(*t, "team"), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace tidepool::cloud::fake
