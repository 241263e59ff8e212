// The keda.sh kinds in the registry: what the manifest loader sees.
#include "api/keda/keda_kinds.h"

#include <gtest/gtest.h>

#include "api/keda/keda_test_util.h"
#include "api/keda/scaled_job.h"
#include "api/keda/trigger_authentication.h"

namespace tidepool::api::keda {
namespace {

TEST(KedaKindsTest, RegistersTheFourKinds) {
  KindRegistry registry;
  RegisterKedaKinds(registry);
  ASSERT_EQ(registry.kinds().size(), 4u);
  const KindInfo* so = registry.Find("keda.sh/v1alpha1", "ScaledObject");
  const KindInfo* sj = registry.Find("keda.sh/v1alpha1", "ScaledJob");
  const KindInfo* ta = registry.Find("keda.sh/v1alpha1", "TriggerAuthentication");
  const KindInfo* cta = registry.Find("keda.sh/v1alpha1", "ClusterTriggerAuthentication");
  ASSERT_TRUE(so && sj && ta && cta);
  EXPECT_TRUE(so->namespaced);
  EXPECT_TRUE(sj->namespaced);
  EXPECT_TRUE(ta->namespaced);
  EXPECT_FALSE(cta->namespaced);
  EXPECT_EQ(registry.Find("keda.sh/v1", "ScaledObject"), nullptr);
}

TEST(KedaKindsTest, DecodeDefaultsAndValidateThroughTheRegistry) {
  KindRegistry registry;
  RegisterKedaKinds(registry);
  const KindInfo* info = registry.Find("keda.sh/v1alpha1", "ScaledObject");
  FieldErrors errors;
  std::unique_ptr<Object> object = info->decode(api::testing::Yaml(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so, namespace: default}
spec:
  scaleTargetRef: {name: web}
  minReplicaCount: 3
  maxReplicaCount: 2
  fallback: {failureThreshold: 3, replicas: 2}
  triggers: [{type: kafka, metadata: {}}]
)"),
                                                errors);
  ASSERT_TRUE(errors.empty()) << errors.ToString();
  const auto& so = dynamic_cast<const ScaledObject&>(*object);
  EXPECT_EQ(so.spec.fallback->behavior, "static");
  info->validate(*object, errors);
  EXPECT_TRUE(errors.Contains("spec",
                              "minReplicaCount must be less than or equal to "
                              "maxReplicaCount"))
      << errors.ToString();
  std::unique_ptr<Object> copy = object->Clone();
  EXPECT_EQ(dynamic_cast<const ScaledObject&>(*copy), so);
}

TEST(KedaKindsTest, FormulaCheckerIsWiredIntoScaledObjectValidation) {
  KindRegistry registry;
  std::vector<std::string> seen;
  RegisterKedaKinds(
      registry, [&seen](std::string_view formula, const std::vector<std::string>& names) -> Status {
        seen = names;
        if (formula.find("(") != std::string_view::npos &&
            formula.find(")") == std::string_view::npos) {
          return Fail(ErrorCode::kInvalidArgument, "unexpected token EOF (1:8)");
        }
        return OkStatus();
      });
  const KindInfo* info = registry.Find("keda.sh/v1alpha1", "ScaledObject");
  FieldErrors errors;
  std::unique_ptr<Object> object = info->decode(api::testing::Yaml(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so, namespace: default}
spec:
  scaleTargetRef: {name: web}
  advanced:
    scalingModifiers: {formula: "float(a", target: "2"}
  triggers:
  - {type: kafka, name: a, metadata: {}}
  - {type: cpu, name: c, metricType: Utilization, metadata: {value: "50"}}
)"),
                                                errors);
  ASSERT_TRUE(errors.empty()) << errors.ToString();
  info->validate(*object, errors);
  EXPECT_TRUE(errors.Contains("spec.advanced.scalingModifiers.formula",
                              "error validating formula in ScalingModifiers: unexpected token EOF"))
      << errors.ToString();
  EXPECT_EQ(seen, (std::vector<std::string>{"a"}));
}

TEST(KedaKindsTest, ObjectsCompareAndCloneByValue) {
  auto ta = testing::Kinds().DecodeOk<TriggerAuthentication>(R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: a, namespace: default}
spec:
  secretTargetRef: [{parameter: p, name: s, key: k}]
)");
  std::unique_ptr<Object> copy = ta.Clone();
  auto& typed = dynamic_cast<TriggerAuthentication&>(*copy);
  EXPECT_EQ(typed, ta);
  typed.spec.secret_target_ref[0].key = "other";
  EXPECT_FALSE(typed == ta);
  EXPECT_EQ(ta.spec.secret_target_ref[0].key, "k");
}

}  // namespace
}  // namespace tidepool::api::keda
