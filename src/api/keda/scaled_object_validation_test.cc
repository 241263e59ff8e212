// ScaledObject validation on one object: cases ported from apis/keda/v1alpha1
// scaledobject_types_test.go and scaletriggers_types_test.go (named Keda*), and the CRD's schema
// rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/keda/keda_test_util.h"
#include "api/keda/scaled_object.h"
#include "api/keda/scaled_object_test_util.h"

// The tests sit in keda::testing: they call most builders of scaled_object_test_util.h, which
// read better unqualified (as upstream's helpers are in its tests).
namespace tidepool::api::keda::testing {
namespace {

// ---- scaledobject_types_test.go, scaletriggers_types_test.go ----------------------------------

// Ported from scaledobject_types_test.go TestCheckFallbackValid.
TEST(ScaledObjectValidationTest, KedaCheckFallbackValid) {
  struct Case {
    const char* name;
    std::optional<Fallback> fallback;
    std::vector<ScaleTrigger> triggers;
    std::string formula, modifiers_metric_type;
    const char* error;  // nullptr: valid
  };
  auto typed = [](std::string type, std::string metric_type) {
    ScaleTrigger t = Trigger(std::move(type));
    t.metric_type = std::move(metric_type);
    return t;
  };
  const Fallback ok{3, 1, "", {}};
  const Case cases[] = {
      {"No fallback configured", std::nullopt, {typed("couchdb", "")}, "", "", nullptr},
      {"Explicit AverageValue", ok, {typed("couchdb", "AverageValue")}, "", "", nullptr},
      {"Implicit AverageValue", ok, {typed("couchdb", "")}, "", "", nullptr},
      {"Value metricType", ok, {typed("couchdb", "Value")}, "", "", nullptr},
      {"Multiple triggers with one AverageValue",
       ok,
       {typed("prometheus", "Value"), typed("couchdb", "AverageValue")},
       "",
       "",
       nullptr},
      {"CPU trigger",
       ok,
       {typed("cpu", "AverageValue")},
       "",
       "",
       "type for the fallback to be enabled"},
      {"Memory trigger",
       ok,
       {typed("memory", "AverageValue")},
       "",
       "",
       "type for the fallback to be enabled"},
      {"One CPU and one valid",
       ok,
       {typed("cpu", "Utilization"), typed("couchdb", "AverageValue")},
       "",
       "",
       nullptr},
      {"Negative FailureThreshold",
       Fallback{-1, 1, "", {}},
       {typed("couchdb", "AverageValue")},
       "",
       "",
       "must both be greater than or equal to 0"},
      {"Negative Replicas",
       Fallback{3, -1, "", {}},
       {typed("couchdb", "AverageValue")},
       "",
       "",
       "must both be greater than or equal to 0"},
      {"ScalingModifiers with AverageValue",
       ok,
       {typed("couchdb", "")},
       "x * 2",
       "AverageValue",
       nullptr},
      {"ScalingModifiers with Value", ok, {typed("couchdb", "")}, "x * 2", "Value", nullptr},
  };
  for (const Case& c : cases) {
    ScaledObject so;
    so.spec.fallback = c.fallback;
    so.spec.triggers = c.triggers;
    if (!c.formula.empty()) {
      so.spec.advanced = AdvancedConfig{};
      so.spec.advanced->scaling_modifiers.formula = c.formula;
      so.spec.advanced->scaling_modifiers.metric_type = c.modifiers_metric_type;
    }
    Status s = CheckFallback(so);
    if (c.error == nullptr) {
      EXPECT_TRUE(s.has_value()) << c.name << ": " << s.error().message();
    } else {
      ASSERT_FALSE(s.has_value()) << c.name;
      EXPECT_NE(s.error().message().find(c.error), std::string::npos) << c.name;
    }
  }
}

// Ported from scaledobject_types_test.go TestCheckReplicaCountBoundsAreValid.
TEST(ScaledObjectValidationTest, KedaCheckReplicaCountBoundsAreValid) {
  struct Case {
    const char* name;
    std::optional<int32_t> min, max, idle;
    const char* error;
  };
  const Case cases[] = {
      {"Valid: min 1, max 5, no idle", 1, 5, std::nullopt, nullptr},
      {"Valid: min 1, max 5, idle 0", 1, 5, 0, nullptr},
      {"Invalid: min 2 > max 1", 2, 1, std::nullopt,
       "MinReplicaCount=2 must be less than MaxReplicaCount=1"},
      {"Invalid: idle 1 == min 1", 1, 5, 1,
       "IdleReplicaCount=1 must be less than MinReplicaCount=1"},
      {"Invalid: idle 2 > min 1", 1, 5, 2,
       "IdleReplicaCount=2 must be less than MinReplicaCount=1"},
  };
  for (const Case& c : cases) {
    ScaledObject so;
    so.spec.min_replica_count = c.min;
    so.spec.max_replica_count = c.max;
    so.spec.idle_replica_count = c.idle;
    Status s = CheckReplicaCountBounds(so);
    if (c.error == nullptr) {
      EXPECT_TRUE(s.has_value()) << c.name;
    } else {
      ASSERT_FALSE(s.has_value()) << c.name;
      EXPECT_EQ(s.error().message(), c.error) << c.name;
    }
  }
}

TEST(ScaledObjectValidationTest, IdleReplicaCountAgainstUnsetMinimum) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.min_replica_count.reset();
  so.spec.idle_replica_count = 0;
  // With no minReplicaCount the webhook compares against 0, so even idle 0 is refused.
  EXPECT_TRUE(Check(so).Contains("spec.idleReplicaCount",
                                 "IdleReplicaCount=0 must be less than MinReplicaCount=0"));
  // minReplicaCount 0 counts as the HPA's 1, so idle 0 is fine.
  so.spec.min_replica_count = 0;
  EXPECT_TRUE(Check(so).empty()) << Check(so).ToString();
}

// Ported from scaletriggers_types_test.go TestValidateTriggers.
TEST(ScaledObjectValidationTest, KedaValidateTriggers) {
  struct Case {
    const char* name;
    std::vector<ScaleTrigger> triggers;
    const char* error;
  };
  auto cached = [](std::string name, std::string type) {
    ScaleTrigger t = Trigger(std::move(type), std::move(name));
    t.use_cached_metrics = true;
    return t;
  };
  const Case cases[] = {
      {"valid triggers", {Trigger("cpu", "trigger1"), Trigger("prometheus", "trigger2")}, nullptr},
      {"duplicate trigger names",
       {Trigger("cpu", "trigger1"), Trigger("prometheus", "trigger1")},
       "triggerName \"trigger1\" is defined multiple times in the ScaledObject/ScaledJob, but it "
       "must be unique"},
      {"useCachedMetrics for cpu",
       {cached("trigger1", "cpu")},
       "property \"useCachedMetrics\" is not supported for \"cpu\" scaler"},
      {"useCachedMetrics for memory",
       {cached("trigger2", "memory")},
       "property \"useCachedMetrics\" is not supported for \"memory\" scaler"},
      {"useCachedMetrics for cron",
       {cached("trigger3", "cron")},
       "property \"useCachedMetrics\" is not supported for \"cron\" scaler"},
      {"useCachedMetrics for kafka", {cached("trigger4", "kafka")}, nullptr},
      {"empty triggers array", {}, "no triggers defined in the ScaledObject/ScaledJob"},
  };
  for (const Case& c : cases) {
    Status s = CheckTriggers(c.triggers);
    FieldErrors errors;
    ValidateTriggers(c.triggers, "spec.triggers", errors);
    if (c.error == nullptr) {
      EXPECT_TRUE(s.has_value()) << c.name;
      EXPECT_TRUE(errors.empty()) << c.name << ": " << errors.ToString();
    } else {
      ASSERT_FALSE(s.has_value()) << c.name;
      EXPECT_EQ(s.error().message(), c.error) << c.name;
      ASSERT_EQ(errors.size(), 1u) << c.name;
      EXPECT_EQ(errors.list()[0].message, c.error) << c.name;
    }
  }
}

// ---- CRD schema rules and other single-object checks ------------------------------------------

TEST(ScaledObjectValidationTest, CrdMinimums) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.polling_interval = 0;
  so.spec.cooldown_period = -1;
  so.spec.initial_cooldown_period = -5;
  so.spec.max_replica_count = 0;
  so.spec.min_replica_count = -1;
  so.spec.idle_replica_count.reset();
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.pollingInterval",
                              "Invalid value: 0: spec.pollingInterval in body should be greater "
                              "than or equal to 1"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.cooldownPeriod", "greater than or equal to 0"));
  EXPECT_TRUE(errors.Contains("spec.initialCooldownPeriod", "greater than or equal to 0"));
  EXPECT_TRUE(errors.Contains("spec.maxReplicaCount", "greater than or equal to 1"));
  EXPECT_TRUE(errors.Contains("spec.minReplicaCount", "greater than or equal to 0"));
}

TEST(ScaledObjectValidationTest, CrdEnumsAndLengths) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.fallback = Fallback{1, 1, "always", {}};
  so.spec.triggers.push_back(Trigger("", "t"));
  so.spec.triggers[0].authentication_ref = AuthenticationRef{"creds", "Secret", {}};
  so.spec.scale_target_ref.name.clear();
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.fallback.behavior", "Unsupported value: \"always\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.triggers[1].type", "should be at least 1 chars long"));
  EXPECT_TRUE(errors.Contains("spec.triggers[0].authenticationRef.kind",
                              "supported values: \"TriggerAuthentication\", "
                              "\"ClusterTriggerAuthentication\""));
  EXPECT_TRUE(errors.Contains("spec.scaleTargetRef.name", "should be at least 1 chars long"));
}

TEST(ScaledObjectValidationTest, HpaBehaviorRulesOfTheHpaApi) {
  ScaledObject so = CreateScaledObject("test-so");
  HpaScalingRules up;
  up.select_policy = "Maximum";
  up.policies.push_back(HpaScalingPolicy{"Replicas", 0, 3600, {}});
  up.tolerance = Quantity::Parse("-0.1").value();
  so.spec.advanced->horizontal_pod_autoscaler_config = HorizontalPodAutoscalerConfig{};
  so.spec.advanced->horizontal_pod_autoscaler_config->behavior = HpaBehavior{};
  so.spec.advanced->horizontal_pod_autoscaler_config->behavior->scale_up = up;
  FieldErrors errors = Check(so);
  const std::string at = "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp";
  EXPECT_TRUE(errors.Contains(at + ".selectPolicy", "Unsupported value: \"Maximum\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains(at + ".policies[0].type", "Unsupported value: \"Replicas\""));
  EXPECT_TRUE(errors.Contains(at + ".policies[0].value", "must be greater than zero"));
  EXPECT_TRUE(errors.Contains(at + ".policies[0].periodSeconds", "less than or equal to 1800"));
  EXPECT_TRUE(errors.Contains(at + ".tolerance", "must be greater than or equal to zero"));
}

TEST(ScaledObjectValidationTest, UtilizationOnlyForCpuAndMemory) {
  ScaledObject so = CreateScaledObject("test-so", true);
  so.spec.triggers[0].metric_type = "Utilization";  // cron
  so.spec.triggers[1].metric_type = "Utilization";  // cpu
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.triggers[0].metricType",
                              "'Utilization' metric type is unsupported for external metrics, "
                              "allowed values are 'Value' or 'AverageValue'"))
      << errors.ToString();
  EXPECT_EQ(errors.size(), 1u) << errors.ToString();
}

TEST(ScaledObjectValidationTest, UnparsableScaleTargetApiVersion) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.scale_target_ref.api_version = "apps/v1/extra";
  EXPECT_TRUE(Check(so).Contains("spec.scaleTargetRef.apiVersion",
                                 "unexpected GroupVersion string: apps/v1/extra"));
}

TEST(ScaledObjectValidationTest, ReportsEveryProblemAtOnce) {
  ScaledObject so = CreateScaledObject(std::string(70, 'x'));
  so.spec.idle_replica_count = 7;
  so.spec.triggers.push_back(Trigger("kafka", "dup"));
  so.spec.triggers.push_back(Trigger("kafka", "dup"));
  so.spec.fallback = Fallback{-1, 0, "static", {}};
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.idleReplicaCount", "IdleReplicaCount=7"));
  EXPECT_TRUE(errors.Contains("metadata.name", "is 70 characters long"));
  EXPECT_TRUE(errors.Contains("spec.triggers[2].name", "is defined multiple times"));
  EXPECT_TRUE(errors.Contains("spec.fallback", "FailureThreshold=-1"));
  EXPECT_EQ(errors.size(), 4u) << errors.ToString();
}

TEST(ScaledObjectValidationTest, MetadataFollowsTheApiServersRules) {
  ScaledObject so = CreateScaledObject("Orders_Scaler");
  so.metadata.namespace_ = "Processing";
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("metadata.name", "Invalid value: \"Orders_Scaler\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("metadata.namespace", "Invalid value: \"Processing\""));
}

TEST(ScaledObjectValidationTest, TheArticlesScaledObjectIsValid) {
  auto so = Kinds().DecodeOk<ScaledObject>(kArticleScaledObject);
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_TRUE(Warnings(so).empty());
}

}  // namespace
}  // namespace tidepool::api::keda::testing
