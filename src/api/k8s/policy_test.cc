// PodDisruptionBudget cases ported from k8s.io/kubernetes
// pkg/apis/policy/validation/validation_test.go (TestValidatePodDisruptionBudgetSpec,
// TestValidateMinAvailablePodDisruptionBudgetSpec, TestValidateMinAvailablePodAndMaxUnavailable...,
// TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec); RuntimeClass cases from
// pkg/apis/node/validation/validation_test.go (TestValidateRuntimeClass, TestValidateOverhead,
// TestValidateScheduling).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/k8s/k8s_test_util.h"
#include "api/k8s/pdb.h"
#include "api/k8s/runtime_class.h"

namespace tidepool::api {
namespace {

using testing::MustDecode;
using testing::RoundTrip;

PodDisruptionBudget ValidPdb() {
  PodDisruptionBudget pdb;
  pdb.metadata.name = "web";
  pdb.spec.selector = LabelSelector{{{"app", "web"}}, {}, {}};
  return pdb;
}

FieldErrors ValidatePdb(const PodDisruptionBudget& pdb) {
  FieldErrors errors;
  Validate(pdb, errors);
  return errors;
}

TEST(PdbCodecTest, RoundTripAndTypedFields) {
  const Json input = Json::parse(R"({
    "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {"maxUnavailable": "20%", "selector": {"matchLabels": {"app": "web"}},
             "unhealthyPodEvictionPolicy": "AlwaysAllow"},
    "status": {"observedGeneration": 1, "disruptionsAllowed": 1, "currentHealthy": 5,
               "desiredHealthy": 4, "expectedPods": 5,
               "disruptedPods": {"web-1": "2026-01-01T00:00:00Z"},
               "conditions": [{"type": "DisruptionAllowed", "status": "True", "reason": "SufficientPods",
                               "observedGeneration": 1, "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
  })");
  EXPECT_EQ(RoundTrip<PodDisruptionBudget>(input), input);
  const PodDisruptionBudget pdb = MustDecode<PodDisruptionBudget>(input);
  EXPECT_EQ(pdb.spec.max_unavailable, IntOrString::String("20%"));
  EXPECT_FALSE(pdb.spec.min_available.has_value());
  EXPECT_EQ(pdb.spec.unhealthy_pod_eviction_policy, kAlwaysAllow);
  EXPECT_EQ(pdb.status.disruptions_allowed, 1);
  EXPECT_EQ(pdb.status.disrupted_pods.at("web-1"), "2026-01-01T00:00:00Z");

  // minAvailable: 0 is meaningful and must survive encoding.
  const Json zero = Json::parse(R"({"minAvailable": 0, "selector": {}})");
  EXPECT_EQ(RoundTrip<PodDisruptionBudgetSpec>(zero), zero);
}

TEST(PdbValidationTest, PolicyValidatePodDisruptionBudgetSpec) {
  PodDisruptionBudget pdb = ValidPdb();
  pdb.spec.min_available = IntOrString::String("0%");
  pdb.spec.max_unavailable = IntOrString::String("10%");
  FieldErrors errors = ValidatePdb(pdb);
  EXPECT_TRUE(errors.Contains("spec", "minAvailable and maxUnavailable cannot be both set"))
      << errors.ToString();
}

TEST(PdbValidationTest, PolicyValidateMinAvailablePodAndMaxUnavailable) {
  PodDisruptionBudget pdb = ValidPdb();
  pdb.spec.min_available = IntOrString::String("10%");
  pdb.spec.max_unavailable = IntOrString::Int(1);
  EXPECT_FALSE(ValidatePdb(pdb).empty());
}

TEST(PdbValidationTest, PolicyValidateMinAvailableAndMaxUnavailableValues) {
  const std::vector<IntOrString> success = {IntOrString::String("0%"),   IntOrString::String("1%"),
                                            IntOrString::String("100%"), IntOrString::Int(0),
                                            IntOrString::Int(1),         IntOrString::Int(100)};
  const std::vector<IntOrString> failure = {IntOrString::String("1.1%"),
                                            IntOrString::String("nope"), IntOrString::String("-1%"),
                                            IntOrString::String("101%"), IntOrString::Int(-1)};
  for (bool max : {false, true}) {
    const char* path = max ? "spec.maxUnavailable" : "spec.minAvailable";
    for (const IntOrString& v : success) {
      PodDisruptionBudget pdb = ValidPdb();
      (max ? pdb.spec.max_unavailable : pdb.spec.min_available) = v;
      FieldErrors errors = ValidatePdb(pdb);
      EXPECT_TRUE(errors.empty()) << v.ToString() << ": " << errors.ToString();
    }
    for (const IntOrString& v : failure) {
      PodDisruptionBudget pdb = ValidPdb();
      (max ? pdb.spec.max_unavailable : pdb.spec.min_available) = v;
      FieldErrors errors = ValidatePdb(pdb);
      ASSERT_EQ(errors.size(), 1u) << v.ToString() << ": " << errors.ToString();
      EXPECT_EQ(errors.list()[0].path, path);
    }
  }
  PodDisruptionBudget over = ValidPdb();
  over.spec.min_available = IntOrString::String("101%");
  EXPECT_TRUE(ValidatePdb(over).Contains("spec.minAvailable",
                                         "Invalid value: \"101%\": must not be greater than 100%"));
  PodDisruptionBudget bad = ValidPdb();
  bad.spec.max_unavailable = IntOrString::String("nope");
  EXPECT_TRUE(ValidatePdb(bad).Contains(
      "spec.maxUnavailable",
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
      "'93%', regex used for validation is '[0-9]+%')"))
      << ValidatePdb(bad).ToString();
}

TEST(PdbValidationTest, PolicyValidateUnhealthyPodEvictionPolicy) {
  for (const char* ok : {"IfHealthyBudget", "AlwaysAllow"}) {
    PodDisruptionBudget pdb = ValidPdb();
    pdb.spec.unhealthy_pod_eviction_policy = ok;
    EXPECT_TRUE(ValidatePdb(pdb).empty()) << ok;
  }
  for (const char* bad : {"", "Invalid"}) {
    PodDisruptionBudget pdb = ValidPdb();
    pdb.spec.unhealthy_pod_eviction_policy = bad;
    EXPECT_TRUE(ValidatePdb(pdb).Contains("spec.unhealthyPodEvictionPolicy", "Unsupported value"))
        << bad;
  }
}

TEST(PdbValidationTest, SelectorAndMetadata) {
  PodDisruptionBudget pdb = ValidPdb();
  pdb.spec.selector->match_expressions.push_back({"tier", "In", {}, {}});
  pdb.metadata.name = "Web";
  FieldErrors errors = ValidatePdb(pdb);
  EXPECT_TRUE(errors.Contains("spec.selector.matchExpressions[0].values", "Required value"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("metadata.name", "Invalid value: \"Web\"")) << errors.ToString();
  // policy/v1: an empty selector (all pods) and no selector are both valid.
  PodDisruptionBudget empty = ValidPdb();
  empty.spec.selector = LabelSelector{};
  EXPECT_TRUE(ValidatePdb(empty).empty());
  empty.spec.selector.reset();
  EXPECT_TRUE(ValidatePdb(empty).empty());
}

// ---- RuntimeClass -------------------------------------------------------------------------------

TEST(RuntimeClassCodecTest, RoundTrip) {
  const Json input = Json::parse(R"({
    "apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "gvisor"},
    "handler": "runsc",
    "overhead": {"podFixed": {"cpu": "250m", "memory": "120Mi"}},
    "scheduling": {"nodeSelector": {"sandbox": "gvisor"},
                   "tolerations": [{"key": "sandbox", "operator": "Equal", "value": "gvisor", "effect": "NoSchedule"}]}
  })");
  EXPECT_EQ(RoundTrip<RuntimeClass>(input), input);
  const RuntimeClass rc = MustDecode<RuntimeClass>(input);
  EXPECT_EQ(rc.handler, "runsc");
  EXPECT_EQ(rc.overhead->pod_fixed.at("memory"), Quantity::MustParse("120Mi"));
  EXPECT_EQ(rc.scheduling->node_selector.at("sandbox"), "gvisor");

  FieldErrors errors;
  testing::DecodeJson<RuntimeClass>(
      Json::parse(
          R"({"kind": "RuntimeClass", "metadata": {"name": "x"}, "handler": "h", "spec": {}})"),
      errors);
  EXPECT_TRUE(errors.Contains("spec", "unknown field")) << errors.ToString();
}

TEST(RuntimeClassValidationTest, NodeValidateRuntimeClass) {
  struct Case {
    const char* name;
    const char* handler;
    bool valid;
  };
  const Case cases[] = {
      {"valid", "handler", true},
      {"valid with dashes", "a-handler-1", true},
      {"empty handler", "", false},
      {"invalid handler uppercase", "Handler", false},
      {"invalid handler dots", "a.b", false},
      {"handler too long", "0123456789012345678901234567890123456789012345678901234567890123",
       false},
  };
  for (const Case& c : cases) {
    RuntimeClass rc;
    rc.metadata.name = "rc";
    rc.handler = c.handler;
    FieldErrors errors;
    Validate(rc, errors);
    EXPECT_EQ(errors.empty(), c.valid) << c.name << ": " << errors.ToString();
    if (!c.valid) {
      ASSERT_FALSE(errors.empty());
      EXPECT_EQ(errors.list()[0].path, "handler") << c.name;
    }
  }
  RuntimeClass bad_name;
  bad_name.metadata.name = "Bad_Name";
  bad_name.handler = "h";
  FieldErrors errors;
  Validate(bad_name, errors);
  EXPECT_TRUE(errors.Contains("metadata.name", "Invalid value: \"Bad_Name\"")) << errors.ToString();
}

TEST(RuntimeClassValidationTest, NodeValidateOverheadAndScheduling) {
  RuntimeClass rc;
  rc.metadata.name = "rc";
  rc.handler = "h";
  rc.overhead = RuntimeClassOverhead{
      {{"cpu", Quantity::MustParse("-1")}, {"pods", Quantity::MustParse("1")}}, {}};
  rc.scheduling.emplace();
  rc.scheduling->node_selector["a/b/c"] = "x";
  Toleration t;
  t.key = "k";
  t.operator_ = "Equal";
  t.value = "v";
  t.effect = "NoSchedule";
  rc.scheduling->tolerations = {t, t};
  Toleration bad;
  bad.operator_ = "Equal";
  rc.scheduling->tolerations.push_back(bad);
  FieldErrors errors;
  Validate(rc, errors);
  EXPECT_TRUE(errors.Contains("overhead.limits[cpu]", "must be greater than or equal to 0"))
      << errors.ToString();
  EXPECT_TRUE(
      errors.Contains("overhead.limits[pods]", "must be a standard resource for containers"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("scheduling.nodeSelector", "Invalid value: \"a/b/c\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("scheduling.tolerations[1]", "Duplicate value")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("scheduling.tolerations[2].operator", "operator must be Exists"))
      << errors.ToString();
}

}  // namespace
}  // namespace tidepool::api
