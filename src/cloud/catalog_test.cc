#include "cloud/catalog.h"

#include <gtest/gtest.h>

#include "api/karpenter/labels.h"
#include "api/testing/object_test_util.h"
#include "api/tidepool/instance_catalog.h"
#include "api/tidepool/tidepool_kinds.h"
#include "cloud/fake_catalog.h"
#include "cloud/kwok_catalog.h"

namespace tidepool::cloud {
namespace {

Quantity Q(std::string_view text) { return Quantity::MustParse(text); }

const api::testing::KindCodec& Kinds() {
  static const auto* kinds = new api::testing::KindCodec({&api::RegisterTidepoolKinds});
  return *kinds;
}

TEST(CatalogTest, LoadsEveryName) {
  std::vector<std::string> names = CatalogNames();
  ASSERT_EQ(names.size(), 2u + 33u);
  EXPECT_EQ(names[0], "fake");
  EXPECT_EQ(names[1], "kwok");
  EXPECT_EQ(names[2], "aws/af-south-1");
  for (const std::string& name : {std::string("fake"), std::string("kwok"),
                                  std::string("aws/us-east-1"), std::string("aws/eu-west-1")}) {
    Result<Catalog> catalog = LoadCatalog(name);
    ASSERT_TRUE(catalog) << name << ": " << catalog.error().message();
    EXPECT_EQ(catalog->name, name);
    EXPECT_FALSE(catalog->types.empty());
    EXPECT_FALSE(catalog->price_source.empty());
  }
  EXPECT_EQ(LoadCatalog("fake")->types.size(), 6u);
  EXPECT_EQ(LoadCatalog("kwok")->types.size(), 144u);
  EXPECT_EQ(LoadCatalog("kwok")->well_known_labels, &kwok::WellKnownLabels());
  EXPECT_EQ(LoadCatalog("fake")->well_known_labels, &fake::WellKnownLabels());
  EXPECT_TRUE(LoadCatalog("aws/eu-west-1")->on_demand_prices_borrowed);
  EXPECT_FALSE(LoadCatalog("kwok")->on_demand_prices_borrowed);
}

TEST(CatalogTest, UnknownNameSuggestsAndListsValidNames) {
  Result<Catalog> typo = LoadCatalog("kwk");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(typo.error().message().rfind("unknown instance catalog \"kwk\" (did you mean", 0), 0u)
      << typo.error().message();
  EXPECT_NE(typo.error().message().find("did you mean \"kwok\"?"), std::string::npos)
      << typo.error().message();
  EXPECT_NE(typo.error().message().find("eu-west-1"), std::string::npos);

  Result<Catalog> region = LoadCatalog("aws/eu-west-7");
  ASSERT_FALSE(region);
  EXPECT_NE(region.error().message().find("did you mean \"aws/eu-west-"), std::string::npos)
      << region.error().message();

  Result<Catalog> nothing_close = LoadCatalog("gcp/europe-west4-a-very-long-name");
  ASSERT_FALSE(nothing_close);
  EXPECT_EQ(nothing_close.error().message().find("did you mean"), std::string::npos);
  EXPECT_FALSE(LoadCatalog("aws/"));
}

// The example of issue #3, decoded as a manifest document.
constexpr std::string_view kIssueExample = R"(
apiVersion: tidepool.dev/v1alpha1
kind: InstanceCatalog
metadata: {name: example}
spec:
  instanceTypes:
  - name: small-instance-type
    capacity: {cpu: "2", memory: 2Gi, pods: "5"}
    overhead: {kubeReserved: {cpu: 100m, memory: 10Mi}}
    labels: {kubernetes.io/arch: amd64, kubernetes.io/os: linux}
    offerings:
    - {zone: test-zone-1, capacityType: spot, price: 0.41}
    - {zone: test-zone-2, capacityType: on-demand, price: 0.41, available: false}
)";

TEST(CatalogTest, FromSpecIssueExample) {
  api::InstanceCatalog spec = Kinds().DecodeOk<api::InstanceCatalog>(kIssueExample);
  Result<Catalog> catalog = CatalogFromSpec(spec);
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_EQ(catalog->name, "InstanceCatalog/example");
  ASSERT_EQ(catalog->types.size(), 1u);
  const InstanceType& t = *catalog->types[0];
  EXPECT_EQ(t.name, "small-instance-type");
  EXPECT_EQ(t.allocatable.at("cpu"), Q("1900m"));
  EXPECT_EQ(t.allocatable.at("memory"), Q("2Gi") - Q("10Mi"));
  EXPECT_EQ(t.allocatable.at("pods"), Q("5"));
  ASSERT_EQ(t.offerings.size(), 2u);
  EXPECT_TRUE(t.offerings[0].available);
  EXPECT_FALSE(t.offerings[1].available);
  // Only the available offering's zone and capacity type label the type.
  EXPECT_EQ(t.requirements.Get(api::kLabelTopologyZone).values(),
            std::vector<std::string>{"test-zone-1"});
  EXPECT_EQ(t.requirements.Get(api::kCapacityTypeLabelKey).values(),
            std::vector<std::string>{"spot"});
  EXPECT_EQ(t.requirements.Get(api::kLabelInstanceTypeStable).values(),
            std::vector<std::string>{"small-instance-type"});
  EXPECT_DOUBLE_EQ(CheapestPrice(t, {}), 0.41);
}

TEST(CatalogTest, FromSpecDefaultsArchAndOsAndKeepsExtendedResources) {
  api::InstanceCatalog spec = Kinds().DecodeOk<api::InstanceCatalog>(R"(
apiVersion: tidepool.dev/v1alpha1
kind: InstanceCatalog
metadata: {name: gpus}
spec:
  instanceTypes:
  - name: gpu-box
    capacity: {cpu: "8", memory: 32Gi, example.com/gpu: "4"}
    labels: {team: ml}
    offerings: [{zone: z1, capacityType: on-demand, price: 3}]
)");
  Result<Catalog> catalog = CatalogFromSpec(spec);
  ASSERT_TRUE(catalog);
  const InstanceType& t = *catalog->types[0];
  EXPECT_EQ(t.capacity.at("example.com/gpu"), Q("4"));
  EXPECT_EQ(t.requirements.Get(api::kLabelArchStable).values(), std::vector<std::string>{"amd64"});
  EXPECT_EQ(t.requirements.Get(api::kLabelOSStable).values(), std::vector<std::string>{"linux"});
  EXPECT_EQ(t.requirements.Get("team").values(), std::vector<std::string>{"ml"});
}

TEST(CatalogTest, FromSpecExtendsABase) {
  api::InstanceCatalog spec = Kinds().DecodeOk<api::InstanceCatalog>(R"(
apiVersion: tidepool.dev/v1alpha1
kind: InstanceCatalog
metadata: {name: more}
spec:
  base: kwok
  instanceTypes:
  - name: c-1x-amd64-linux
    capacity: {cpu: "1", memory: 2Gi}
    offerings: [{zone: test-zone-a, capacityType: spot, price: 0.001}]
  - name: extra
    capacity: {cpu: "1", memory: 1Gi}
    offerings: [{zone: test-zone-a, capacityType: spot, price: 0.5}]
)");
  Result<Catalog> catalog = CatalogFromSpec(spec);
  ASSERT_TRUE(catalog) << catalog.error().message();
  ASSERT_EQ(catalog->types.size(), 145u);
  EXPECT_EQ(catalog->types[0]->name, "c-1x-amd64-linux");
  EXPECT_EQ(catalog->types[0]->offerings.size(), 1u);  // replaced
  EXPECT_EQ(catalog->types.back()->name, "extra");
  EXPECT_EQ(catalog->well_known_labels, &kwok::WellKnownLabels());

  api::InstanceCatalog bad = spec;
  bad.spec.base = "aws/nowhere-1";
  Result<Catalog> missing = CatalogFromSpec(bad);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message().rfind("spec.base: unknown instance catalog", 0), 0u)
      << missing.error().message();
}

}  // namespace
}  // namespace tidepool::cloud
