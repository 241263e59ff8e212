// Shared validation helpers: config-map keys ported from k8s.io/apimachinery
// pkg/util/validation/validation_test.go TestIsConfigMapKey, int-or-percent rules from
// pkg/apis/apps/validation (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent,
// getIntOrPercentValue), object metadata from pkg/api/validation/objectmeta_test.go.
#include "api/k8s/common_validation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tidepool::api {
namespace {

// Ported from apimachinery TestIsConfigMapKey.
TEST(CommonValidationTest, ApimachineryIsConfigMapKey) {
  const std::vector<std::string> good = {
      "a",           "good",         "good-good",    "still.good", "this.is.also.good",
      ".so.is.this", "THIS_IS_GOOD", "so_is_this_17"};
  for (const std::string& key : good) {
    EXPECT_TRUE(ConfigMapKeyProblems(key).empty()) << key;
  }
  const std::vector<std::string> bad = {
      ".", "..", "..bad", "b*d", "bad!&bad", "", std::string(254, 'a')};
  for (const std::string& key : bad) {
    EXPECT_FALSE(ConfigMapKeyProblems(key).empty()) << key;
  }
  EXPECT_EQ(ConfigMapKeyProblems(std::string(254, 'a')).at(0),
            "must be no more than 253 characters");
}

TEST(CommonValidationTest, AppsIntOrPercent) {
  struct Case {
    IntOrString value;
    bool valid;
    int64_t number;
  };
  const Case cases[] = {
      {IntOrString::Int(0), true, 0},           {IntOrString::Int(3), true, 3},
      {IntOrString::Int(-1), false, -1},        {IntOrString::String("25%"), true, 25},
      {IntOrString::String("100%"), true, 100}, {IntOrString::String("0%"), true, 0},
      {IntOrString::String("1.5%"), false, 0},  {IntOrString::String("%"), false, 0},
      {IntOrString::String("25"), false, 0},    {IntOrString::String(" 5%"), false, 0},
  };
  for (const Case& c : cases) {
    FieldErrors errors;
    ValidatePositiveIntOrPercent(c.value, "f", errors);
    EXPECT_EQ(errors.empty(), c.valid) << c.value.ToString() << ": " << errors.ToString();
    EXPECT_EQ(IntOrPercentValue(c.value), c.number) << c.value.ToString();
  }
  FieldErrors errors;
  ValidateNotMoreThan100Percent(IntOrString::String("100%"), "f", errors);
  ValidateNotMoreThan100Percent(IntOrString::Int(500), "f", errors);  // integers are not capped
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  ValidateNotMoreThan100Percent(IntOrString::String("101%"), "f", errors);
  EXPECT_TRUE(errors.Contains("f", "Invalid value: \"101%\": must not be greater than 100%"));
}

TEST(CommonValidationTest, ObjectMetaOwnerReferencesAndNamespaces) {
  ObjectMeta meta;
  meta.name = "a";
  meta.namespace_ = "default";
  meta.owner_references.push_back({});
  meta.generation = -1;
  FieldErrors errors;
  ValidateObjectMeta(meta, true, NameRule::kDNS1123Subdomain, "metadata", errors);
  EXPECT_TRUE(errors.Contains("metadata.ownerReferences[0].apiVersion", "Required value"));
  EXPECT_TRUE(errors.Contains("metadata.ownerReferences[0].kind", "Required value"));
  EXPECT_TRUE(errors.Contains("metadata.ownerReferences[0].name", "Required value"));
  EXPECT_TRUE(errors.Contains("metadata.ownerReferences[0].uid", "Required value"));
  EXPECT_TRUE(errors.Contains("metadata.generation", "must be greater than or equal to 0"));

  // A namespace is optional in a manifest, and not checked on cluster-scoped kinds.
  ObjectMeta plain;
  plain.name = "a";
  FieldErrors none;
  ValidateObjectMeta(plain, true, NameRule::kDNS1123Subdomain, "metadata", none);
  plain.namespace_ = "Not_Valid";
  ValidateObjectMeta(plain, false, NameRule::kDNS1123Label, "metadata", none);
  EXPECT_TRUE(none.empty()) << none.ToString();

  // DNS-label names cannot be longer than 63; subdomains can.
  ObjectMeta long_name;
  long_name.name = std::string(64, 'a');
  FieldErrors label_errors;
  ValidateObjectMeta(long_name, false, NameRule::kDNS1123Label, "metadata", label_errors);
  EXPECT_TRUE(label_errors.Contains("metadata.name", "must be no more than 63 characters"));
  FieldErrors subdomain_errors;
  ValidateObjectMeta(long_name, false, NameRule::kDNS1123Subdomain, "metadata", subdomain_errors);
  EXPECT_TRUE(subdomain_errors.empty()) << subdomain_errors.ToString();
}

TEST(CommonValidationTest, SelectorMatchesTemplate) {
  const std::map<std::string, std::string> labels = {{"app", "web"}, {"tier", "front"}};
  auto check = [&](const std::optional<LabelSelector>& selector, bool skip_if_empty) {
    FieldErrors errors;
    ValidateSelectorMatchesTemplate(selector, labels, skip_if_empty, "t", errors);
    return errors.empty();
  };
  LabelSelector match{{{"app", "web"}}, {}, {}};
  EXPECT_TRUE(check(match, false));
  LabelSelector expr{{}, {{"tier", "NotIn", {"back"}, {}}, {"app", "Exists", {}, {}}}, {}};
  EXPECT_TRUE(check(expr, false));
  LabelSelector mismatch{{{"app", "api"}}, {}, {}};
  EXPECT_FALSE(check(mismatch, false));
  EXPECT_FALSE(check(std::nullopt, false));    // absent selects nothing
  EXPECT_TRUE(check(LabelSelector{}, false));  // empty selects everything
  // An invalid selector is reported by its own validation, not as a mismatch.
  LabelSelector invalid{{}, {{"app", "In", {}, {}}}, {}};
  EXPECT_TRUE(check(invalid, false));
  FieldErrors errors;
  ValidateSelectorMatchesTemplate(mismatch, labels, true, "spec.template.metadata.labels", errors);
  EXPECT_TRUE(errors.Contains("spec.template.metadata.labels",
                              "Invalid value: {\"app\":\"web\",\"tier\":\"front\"}: `selector` "
                              "does not match template `labels`"))
      << errors.ToString();
}

TEST(CommonValidationTest, ResourceQuantities) {
  FieldErrors errors;
  ValidateResourceQuantity("cpu", Quantity::MustParse("1500m"), "cpu", errors);
  ValidateResourceQuantity("hugepages-2Mi", Quantity::MustParse("4Mi"), "h", errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  ValidateResourceQuantity("nvidia.com/gpu", Quantity::MustParse("0.5"), "gpu", errors);
  ValidateResourceQuantity("memory", Quantity::MustParse("-1Gi"), "mem", errors);
  EXPECT_TRUE(errors.Contains("gpu", "Invalid value: \"500m\": must be an integer"));
  EXPECT_TRUE(
      errors.Contains("mem", "Invalid value: \"-1Gi\": must be greater than or equal to 0"));
}

}  // namespace
}  // namespace tidepool::api
