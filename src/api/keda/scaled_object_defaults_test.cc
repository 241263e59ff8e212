// Effective values of a ScaledObject as KEDA's code computes them, with cases ported from
// apis/keda/v1alpha1/scaledobject_types_test.go and gvkr_types_test.go.
#include <gtest/gtest.h>

#include "api/keda/group_version_kind.h"
#include "api/keda/keda_test_util.h"
#include "api/keda/scaled_object.h"

namespace tidepool::api::keda {
namespace {

ScaledObject WithReplicas(std::optional<int32_t> min, std::optional<int32_t> max) {
  ScaledObject so;
  so.spec.min_replica_count = min;
  so.spec.max_replica_count = max;
  return so;
}

TEST(ScaledObjectDefaultsTest, CodeDefaultsWhenUnset) {
  ScaledObject so;
  so.metadata.name = "orders";
  EXPECT_EQ(PollingIntervalSeconds(so), 30);
  EXPECT_EQ(CooldownPeriodSeconds(so), 300);
  EXPECT_EQ(InitialCooldownPeriodSeconds(so), 0);
  EXPECT_EQ(MinReplicaCount(so), 0);
  EXPECT_EQ(MaxReplicaCount(so), 100);
  EXPECT_EQ(HpaName(so), "keda-hpa-orders");
  EXPECT_EQ(ScaleTargetApiVersion(so), "apps/v1");
  EXPECT_EQ(ScaleTargetKind(so), "Deployment");
  EXPECT_EQ(FallbackBehavior(Fallback{}), "static");
  EXPECT_EQ(ScalingModifiersMetricType(ScalingModifiers{}), "AverageValue");
  EXPECT_EQ(AuthenticationKind(AuthenticationRef{}), "TriggerAuthentication");
  EXPECT_EQ(ExternalMetricType(ScaleTrigger{}), "AverageValue");
}

TEST(ScaledObjectDefaultsTest, WrittenValuesWin) {
  auto so = testing::Kinds().DecodeOk<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: db, apiVersion: apps/v1, kind: StatefulSet}
  pollingInterval: 5
  cooldownPeriod: 0
  initialCooldownPeriod: 60
  minReplicaCount: 2
  maxReplicaCount: 9
  advanced:
    horizontalPodAutoscalerConfig: {name: mine}
    scalingModifiers: {metricType: Value}
  triggers:
  - {type: kafka, metricType: Value, metadata: {}, authenticationRef: {name: a, kind: ClusterTriggerAuthentication}}
)");
  EXPECT_EQ(PollingIntervalSeconds(so), 5);
  EXPECT_EQ(CooldownPeriodSeconds(so), 0);
  EXPECT_EQ(InitialCooldownPeriodSeconds(so), 60);
  EXPECT_EQ(MinReplicaCount(so), 2);
  EXPECT_EQ(MaxReplicaCount(so), 9);
  EXPECT_EQ(HpaName(so), "mine");
  EXPECT_EQ(ScaleTargetKind(so), "StatefulSet");
  EXPECT_EQ(ScalingModifiersMetricType(so.spec.advanced->scaling_modifiers), "Value");
  EXPECT_EQ(ExternalMetricType(so.spec.triggers[0]), "Value");
  EXPECT_EQ(AuthenticationKind(*so.spec.triggers[0].authentication_ref),
            "ClusterTriggerAuthentication");
}

// Ported from scaledobject_types_test.go TestGetHPAReplicas.
TEST(ScaledObjectDefaultsTest, KedaGetHPAReplicas) {
  struct Case {
    const char* name;
    std::optional<int32_t> min, max;
    int32_t want_min, want_max;
  };
  const Case cases[] = {
      {"Default min and max", std::nullopt, std::nullopt, 1, 100},
      {"Custom min, default max", 5, std::nullopt, 5, 100},
      {"Default min, custom max", std::nullopt, 10, 1, 10},
      {"Custom min and max", 5, 10, 5, 10},
      {"Zero min, default max", 0, std::nullopt, 1, 100},
  };
  for (const Case& c : cases) {
    ScaledObject so = WithReplicas(c.min, c.max);
    EXPECT_EQ(HpaMinReplicas(so), c.want_min) << c.name;
    EXPECT_EQ(MaxReplicaCount(so), c.want_max) << c.name;
  }
}

// Ported from scaledobject_types_test.go TestIsUsingModifiers.
TEST(ScaledObjectDefaultsTest, KedaIsUsingModifiers) {
  ScaledObject so;
  EXPECT_FALSE(IsUsingModifiers(so)) << "No Advanced config";
  so.spec.advanced = AdvancedConfig{};
  EXPECT_FALSE(IsUsingModifiers(so)) << "Empty ScalingModifiers";
  so.spec.advanced->scaling_modifiers.formula = "x * 2";
  EXPECT_TRUE(IsUsingModifiers(so)) << "Has ScalingModifiers formula";
  so.spec.advanced->scaling_modifiers = ScalingModifiers{};
  so.spec.advanced->scaling_modifiers.target = "100";
  EXPECT_TRUE(IsUsingModifiers(so)) << "Has ScalingModifiers target";
}

TEST(ScaledObjectDefaultsTest, FallbackUsesScalingModifiers) {
  ScaledObject so;
  EXPECT_FALSE(FallbackUsesScalingModifiers(so));
  so.spec.fallback = Fallback{3, 1, "static", {}};
  EXPECT_FALSE(FallbackUsesScalingModifiers(so));
  so.spec.fallback->behavior = "scalingModifiers";
  EXPECT_TRUE(FallbackUsesScalingModifiers(so));
}

// The formulas of scaledobject_webhook_test.go, as castToFloatIfNecessary prepares them.
TEST(ScaledObjectDefaultsTest, KedaCastToFloatIfNecessary) {
  EXPECT_EQ(FormulaAsCompiled("workload_trig + cron_trig"), "float(workload_trig + cron_trig)");
  EXPECT_EQ(FormulaAsCompiled("float(workload_trig + 1)"), "float(workload_trig + 1)");
  EXPECT_EQ(FormulaAsCompiled("workload_trig < 5 ? cron_trig + workload_trig : 5"),
            "float(workload_trig < 5 ? cron_trig + workload_trig : 5)");
  EXPECT_EQ(FormulaAsCompiled("float(float(trig_two < 5 ? trig_one + trig_two : 5))"),
            "float(float(trig_two < 5 ? trig_one + trig_two : 5))");
  EXPECT_EQ(FormulaAsCompiled("trig_one ?? trig_two ?? 5"),
            "let _kedaCompositeResult = (trig_one ?? trig_two ?? 5); _kedaCompositeResult == "
            "nil ? nil : float(_kedaCompositeResult)");
  const std::string wrapped = FormulaAsCompiled("a ?? 1");
  EXPECT_EQ(FormulaAsCompiled(wrapped), wrapped);
}

// Ported from gvkr_types_test.go TestGroupVersionKindResource_GVKString.
TEST(GroupVersionKindTest, KedaGVKString) {
  EXPECT_EQ((GroupVersionKind{"apps", "v1", "Deployment"}.GvkString()), "apps/v1.Deployment");
  EXPECT_EQ((GroupVersionKind{"", "v1", "Pod"}.GvkString()), "/v1.Pod");
  EXPECT_EQ((GroupVersionKind{"keda.sh", "v1alpha1", "ScaledObject"}.GvkString()),
            "keda.sh/v1alpha1.ScaledObject");
}

// gvkr.go ParseGVKR's defaults and schema.ParseGroupVersion's syntax.
TEST(GroupVersionKindTest, ScaleTargetGvkDefaultsAndParsing) {
  EXPECT_EQ(ScaleTargetGvk("", "")->GvkString(), "apps/v1.Deployment");
  EXPECT_EQ(ScaleTargetGvk("", "StatefulSet")->GvkString(), "apps/v1.StatefulSet");
  EXPECT_EQ(ScaleTargetGvk("argoproj.io/v1alpha1", "Rollout")->GvkString(),
            "argoproj.io/v1alpha1.Rollout");
  EXPECT_EQ(ScaleTargetGvk("v1", "ReplicationController")->GvkString(),
            "/v1.ReplicationController");
  Result<GroupVersionKind> bad = ScaleTargetGvk("a/b/c", "Thing");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(), "unexpected GroupVersion string: a/b/c");
}

}  // namespace
}  // namespace tidepool::api::keda
