#include "api/tidepool/tidepool_kinds.h"

#include <gtest/gtest.h>

#include "api/testing/object_test_util.h"
#include "api/tidepool/instance_catalog.h"
#include "api/tidepool/plan_options.h"

namespace tidepool::api {
namespace {

using testing::KindCodec;
using testing::Yaml;

const KindCodec& Kinds() {
  static const auto* kinds = new KindCodec({&RegisterTidepoolKinds});
  return *kinds;
}

// The example of issue #3.
constexpr std::string_view kExample = R"(
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

FieldErrors CatalogErrors(std::string_view yaml) {
  FieldErrors errors;
  std::unique_ptr<InstanceCatalog> catalog = Kinds().Decode<InstanceCatalog>(Yaml(yaml), errors);
  Validate(*catalog, errors);
  return errors;
}

// A catalogue with one type whose `field: value` lines replace the defaults below.
std::string OneType(std::string_view type_yaml) {
  return "apiVersion: tidepool.dev/v1alpha1\nkind: InstanceCatalog\nmetadata: {name: c}\n"
         "spec:\n  instanceTypes:\n" +
         std::string(type_yaml);
}

TEST(TidepoolKindsTest, RegistersBothKindsClusterScoped) {
  const KindInfo* catalog = Kinds().registry().Find("tidepool.dev/v1alpha1", "InstanceCatalog");
  const KindInfo* options = Kinds().registry().Find("tidepool.dev/v1alpha1", "PlanOptions");
  ASSERT_NE(catalog, nullptr);
  ASSERT_NE(options, nullptr);
  EXPECT_FALSE(catalog->namespaced);
  EXPECT_FALSE(options->namespaced);
}

TEST(InstanceCatalogTest, DecodesIssueExample) {
  InstanceCatalog c = Kinds().DecodeOk<InstanceCatalog>(kExample);
  EXPECT_TRUE(testing::ValidationErrors(c).empty()) << testing::ValidationErrors(c).ToString();
  ASSERT_EQ(c.spec.instance_types.size(), 1u);
  const InstanceCatalogType& t = c.spec.instance_types[0];
  EXPECT_EQ(t.name, "small-instance-type");
  EXPECT_EQ(t.capacity.at("memory"), Quantity::MustParse("2Gi"));
  EXPECT_EQ(t.overhead.kube_reserved.at("cpu"), Quantity::MustParse("100m"));
  EXPECT_EQ(t.labels.at("kubernetes.io/arch"), "amd64");
  ASSERT_EQ(t.offerings.size(), 2u);
  EXPECT_EQ(t.offerings[0].capacity_type, "spot");
  EXPECT_DOUBLE_EQ(t.offerings[0].price, 0.41);
  EXPECT_EQ(t.offerings[0].available, true);  // defaulted
  EXPECT_EQ(t.offerings[1].available, false);
}

TEST(InstanceCatalogTest, RoundTripsThroughItsKind) {
  InstanceCatalog c = Kinds().DecodeOk<InstanceCatalog>(kExample);
  Json encoded = Kinds().Encode(c);
  EXPECT_EQ(encoded["spec"]["instanceTypes"][0]["offerings"][1]["available"], false);
  EXPECT_EQ(encoded["spec"]["instanceTypes"][0]["capacity"]["memory"], "2Gi");
  FieldErrors errors;
  std::unique_ptr<InstanceCatalog> again = Kinds().Decode<InstanceCatalog>(encoded, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(*again, c);
}

TEST(InstanceCatalogTest, UnknownFieldsAreErrors) {
  FieldErrors errors = CatalogErrors(OneType(R"(  - name: a
    capacity: {cpu: "1", memory: 1Gi}
    offering: []
    offerings: [{zone: z, capacityType: spot, price: 1, zones: x}]
)"));
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[0].offering",
                              "unknown field; did you mean \"offerings\"?"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[0].offerings[0].zones", "unknown field"))
      << errors.ToString();
}

TEST(InstanceCatalogTest, RequiredFields) {
  FieldErrors errors = CatalogErrors(OneType(R"(  - capacity: {pods: "3"}
    offerings: [{price: 1}]
)"));
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[0].name", "Required value")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[0].capacity[cpu]", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[0].capacity[memory]", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[0].offerings[0].zone", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[0].offerings[0].capacityType", "Required value"));

  FieldErrors no_offerings = CatalogErrors(OneType(R"(  - name: a
    capacity: {cpu: "1", memory: 1Gi}
    offerings: []
)"));
  EXPECT_TRUE(no_offerings.Contains("spec.instanceTypes[0].offerings", "Required value"))
      << no_offerings.ToString();

  FieldErrors empty = CatalogErrors(
      "apiVersion: tidepool.dev/v1alpha1\nkind: InstanceCatalog\nmetadata: {name: c}\nspec: {}\n");
  EXPECT_TRUE(empty.Contains("spec.instanceTypes", "Required value")) << empty.ToString();
  FieldErrors with_base = CatalogErrors(
      "apiVersion: tidepool.dev/v1alpha1\nkind: InstanceCatalog\nmetadata: {name: c}\n"
      "spec: {base: aws/eu-west-1}\n");
  EXPECT_TRUE(with_base.empty()) << with_base.ToString();
}

TEST(InstanceCatalogTest, InvalidValues) {
  FieldErrors errors = CatalogErrors(OneType(R"(  - name: a
    capacity: {cpu: "-1", memory: 1Gi, "bad name!": "1"}
    overhead: {systemReserved: {memory: -5Mi}}
    labels: {"bad key!": x, topology.kubernetes.io/zone: z}
    offerings:
    - {zone: z, capacityType: preemptible, price: -0.5}
    - {zone: z, capacityType: spot, price: 1}
    - {zone: z, capacityType: spot, price: 2}
  - name: a
    capacity: {cpu: "1", memory: 1Gi}
    offerings: [{zone: z, capacityType: reserved, price: 0}]
)"));
  const std::string t0 = "spec.instanceTypes[0]";
  EXPECT_TRUE(errors.Contains(t0 + ".capacity[cpu]", "must be greater than or equal to 0"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains(t0 + ".capacity[bad name!]", "Invalid value"));
  EXPECT_TRUE(errors.Contains(t0 + ".overhead.systemReserved[memory]",
                              "must be greater than or equal to 0"));
  EXPECT_TRUE(errors.Contains(t0 + ".labels", "Invalid value: \"bad key!\""));
  EXPECT_TRUE(errors.Contains(t0 + ".labels[topology.kubernetes.io/zone]", "Forbidden"));
  EXPECT_TRUE(errors.Contains(
      t0 + ".offerings[0].capacityType",
      "Unsupported value: \"preemptible\": supported values: \"on-demand\", \"reserved\", "
      "\"spot\""));
  EXPECT_TRUE(errors.Contains(t0 + ".offerings[0].price",
                              "Invalid value: -0.5: must be greater than or equal to 0"));
  EXPECT_TRUE(errors.Contains(t0 + ".offerings[2]", "Duplicate value: \"z/spot\""));
  EXPECT_TRUE(errors.Contains("spec.instanceTypes[1].name", "Duplicate value: \"a\""));
  EXPECT_FALSE(errors.Contains("spec.instanceTypes[1].offerings[0].price", ""));
}

TEST(InstanceCatalogTest, BaseMustBeACatalogName) {
  for (std::string_view name : {"kwok", "fake", "aws/us-east-1", "aws/eu-west-1"}) {
    EXPECT_TRUE(IsCatalogName(name)) << name;
  }
  for (std::string_view name : {"", "aws/", "aws/EU", "gcp/us-central1", "kwok "}) {
    EXPECT_FALSE(IsCatalogName(name)) << name;
  }
  FieldErrors errors = CatalogErrors(
      "apiVersion: tidepool.dev/v1alpha1\nkind: InstanceCatalog\nmetadata: {name: c}\n"
      "spec: {base: azure}\n");
  EXPECT_TRUE(errors.Contains("spec.base", "must be fake, kwok or aws/<region>"))
      << errors.ToString();
}

FieldErrors OptionsErrors(std::string_view spec) {
  FieldErrors errors;
  std::unique_ptr<PlanOptions> options = Kinds().Decode<PlanOptions>(
      Yaml("apiVersion: tidepool.dev/v1alpha1\nkind: PlanOptions\nmetadata: {name: o}\n" +
           std::string(spec)),
      errors);
  Validate(*options, errors);
  return errors;
}

TEST(PlanOptionsTest, DefaultsAndDecodes) {
  PlanOptions o = Kinds().DecodeOk<PlanOptions>(R"(
apiVersion: tidepool.dev/v1alpha1
kind: PlanOptions
metadata: {name: o}
spec: {catalog: kwok}
)");
  EXPECT_EQ(o.spec.catalog, "kwok");
  EXPECT_EQ(o.spec.max_instance_types, 60);
  EXPECT_FALSE(o.spec.packer.has_value());
  EXPECT_TRUE(testing::ValidationErrors(o).empty());

  PlanOptions full = Kinds().DecodeOk<PlanOptions>(R"(
apiVersion: tidepool.dev/v1alpha1
kind: PlanOptions
metadata: {name: o}
spec: {catalog: aws/eu-west-1, packer: karpenter, maxInstanceTypes: 600}
)");
  EXPECT_EQ(full.spec.packer, "karpenter");
  EXPECT_EQ(full.spec.max_instance_types, 600);
  Json encoded = Kinds().Encode(full);
  EXPECT_EQ(encoded["spec"]["maxInstanceTypes"], 600);
}

TEST(PlanOptionsTest, Validation) {
  FieldErrors errors = OptionsErrors("spec: {catalog: gce, packer: greedy, maxInstanceTypes: 0}\n");
  EXPECT_TRUE(errors.Contains("spec.catalog", "Invalid value: \"gce\"")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.packer",
                              "Unsupported value: \"greedy\": supported values: \"cost\", "
                              "\"karpenter\""));
  EXPECT_TRUE(errors.Contains("spec.maxInstanceTypes", "Invalid value: 0"));
  FieldErrors unknown = OptionsErrors("spec: {catalogue: kwok}\n");
  EXPECT_TRUE(unknown.Contains("spec.catalogue", "did you mean \"catalog\"?"))
      << unknown.ToString();
}

}  // namespace
}  // namespace tidepool::api
