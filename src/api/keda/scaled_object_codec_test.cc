// Decoding, encoding and round trips of ScaledObject: field types and required fields as KEDA's
// CRD declares them, strict unknown-field reporting, and the user's document kept as written.
#include <gtest/gtest.h>

#include "api/keda/keda_test_util.h"
#include "api/keda/scaled_object.h"

namespace tidepool::api::keda {
namespace {

using api::testing::Yaml;
using testing::kArticleScaledObject;
using testing::Kinds;

constexpr std::string_view kFullScaledObject = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: full
  namespace: default
  annotations:
    autoscaling.keda.sh/paused-scale-in: "true"
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: db
    envSourceContainerName: main
  pollingInterval: 10
  cooldownPeriod: 120
  initialCooldownPeriod: 30
  idleReplicaCount: 0
  minReplicaCount: 1
  maxReplicaCount: 20
  fallback:
    failureThreshold: 3
    replicas: 6
    behavior: currentReplicasIfHigher
  advanced:
    restoreToOriginalReplicaCount: true
    horizontalPodAutoscalerConfig:
      name: custom-hpa
      behavior:
        scaleDown:
          stabilizationWindowSeconds: 300
          selectPolicy: Max
          tolerance: "0.05"
          policies:
          - type: Percent
            value: 100
            periodSeconds: 15
        scaleUp:
          stabilizationWindowSeconds: 0
          policies:
          - type: Pods
            value: 4
            periodSeconds: 60
    scalingModifiers:
      formula: "queue + lag"
      target: "2"
      activationTarget: "1.5"
      metricType: Value
  triggers:
  - type: aws-sqs-queue
    name: queue
    useCachedMetrics: true
    metricType: AverageValue
    metadata:
      queueURL: https://sqs.eu-west-1.amazonaws.com/1/q
    authenticationRef:
      name: aws
      kind: ClusterTriggerAuthentication
  - type: kafka
    name: lag
    metadata: {}
status:
  scaleTargetKind: apps/v1.StatefulSet
  scaleTargetGVKR: {group: apps, version: v1, kind: StatefulSet, resource: statefulsets}
  originalReplicaCount: 3
  lastActiveTime: "2024-05-01T10:00:00Z"
  externalMetricNames: [s0-aws-sqs-q, s1-kafka-topic]
  conditions:
  - type: Ready
    status: "True"
    reason: ScaledObjectReady
    message: ScaledObject is defined correctly and is ready for scaling
  health:
    s0-aws-sqs-q: {numberOfFailures: 0, status: Happy}
  triggersActivity:
    s0-aws-sqs-q: {isActive: true}
  pausedReplicaCount: 2
  hpaName: custom-hpa
  triggersTypes: aws-sqs-queue,kafka
  authenticationsTypes: aws
)";

TEST(ScaledObjectCodecTest, DecodesTheArticlesScaledObject) {
  auto so = Kinds().DecodeOk<ScaledObject>(kArticleScaledObject);
  EXPECT_EQ(so.metadata.name, "sqs-consumer-scaler");
  EXPECT_EQ(so.metadata.namespace_, "processing");
  EXPECT_EQ(so.spec.scale_target_ref.name, "sqs-consumer");
  EXPECT_EQ(so.spec.min_replica_count, 0);
  EXPECT_EQ(so.spec.max_replica_count, 50);
  EXPECT_EQ(so.spec.cooldown_period, 60);
  EXPECT_EQ(so.spec.polling_interval, 15);
  EXPECT_FALSE(so.spec.idle_replica_count.has_value());
  ASSERT_EQ(so.spec.triggers.size(), 1u);
  const ScaleTrigger& t = so.spec.triggers[0];
  EXPECT_EQ(t.type, "aws-sqs-queue");
  ASSERT_TRUE(t.authentication_ref.has_value());
  EXPECT_EQ(t.authentication_ref->name, "keda-aws-credentials");
  EXPECT_EQ(t.metadata.at("queueLength"), "5");
  EXPECT_EQ(t.metadata.at("awsRegion"), "eu-west-1");
}

TEST(ScaledObjectCodecTest, ArticleEncodesBackToTheUsersDocument) {
  auto so = Kinds().DecodeOk<ScaledObject>(kArticleScaledObject);
  // Nothing the CRD defaults is absent here, so the document comes back unchanged.
  EXPECT_EQ(Kinds().Encode(so), Yaml(kArticleScaledObject));
}

TEST(ScaledObjectCodecTest, DecodesEveryModelledField) {
  auto so = Kinds().DecodeOk<ScaledObject>(kFullScaledObject);
  const ScaledObjectSpec& s = so.spec;
  EXPECT_EQ(s.scale_target_ref.kind, "StatefulSet");
  EXPECT_EQ(s.scale_target_ref.env_source_container_name, "main");
  EXPECT_EQ(s.initial_cooldown_period, 30);
  EXPECT_EQ(s.idle_replica_count, 0);
  ASSERT_TRUE(s.fallback.has_value());
  EXPECT_EQ(s.fallback->behavior, "currentReplicasIfHigher");
  ASSERT_TRUE(s.advanced && s.advanced->horizontal_pod_autoscaler_config &&
              s.advanced->horizontal_pod_autoscaler_config->behavior);
  const HpaBehavior& b = *s.advanced->horizontal_pod_autoscaler_config->behavior;
  ASSERT_TRUE(b.scale_down && b.scale_up);
  EXPECT_EQ(b.scale_down->stabilization_window_seconds, 300);
  EXPECT_EQ(b.scale_down->tolerance, Quantity::Parse("0.05").value());
  ASSERT_EQ(b.scale_up->policies.size(), 1u);
  EXPECT_EQ(b.scale_up->policies[0].type, "Pods");
  EXPECT_EQ(b.scale_up->policies[0].period_seconds, 60);
  EXPECT_TRUE(s.advanced->restore_to_original_replica_count);
  EXPECT_EQ(s.advanced->scaling_modifiers.activation_target, "1.5");
  EXPECT_TRUE(s.triggers[0].use_cached_metrics);
  EXPECT_EQ(s.triggers[0].authentication_ref->kind, "ClusterTriggerAuthentication");
  EXPECT_TRUE(s.triggers[1].metadata.empty());
  EXPECT_EQ(so.status.original_replica_count, 3);
  EXPECT_EQ(so.status.paused_replica_count, 2);
  EXPECT_EQ(so.status.health.at("s0-aws-sqs-q").status, "Happy");
  EXPECT_EQ(so.status.health.at("s0-aws-sqs-q").number_of_failures, 0);
  EXPECT_TRUE(so.status.triggers_activity.at("s0-aws-sqs-q").is_active);
  ASSERT_TRUE(so.status.scale_target_gvkr.has_value());
  EXPECT_EQ(so.status.scale_target_gvkr->resource, "statefulsets");
  EXPECT_EQ(so.status.triggers_types, "aws-sqs-queue,kafka");
}

TEST(ScaledObjectCodecTest, RoundTripIsStable) {
  auto so = Kinds().DecodeOk<ScaledObject>(kFullScaledObject);
  const nlohmann::json encoded = Kinds().Encode(so);
  FieldErrors errors;
  auto again = Kinds().Decode<ScaledObject>(encoded, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(*again, so);
  EXPECT_EQ(Kinds().Encode(*again), encoded);
  // Explicit zeros and empty maps the user wrote survive (optional fields, required maps).
  EXPECT_EQ(encoded["spec"]["idleReplicaCount"], 0);
  EXPECT_EQ(encoded["spec"]["triggers"][1]["metadata"], nlohmann::json::object());
  EXPECT_EQ(encoded["spec"]["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]["scaleUp"]
                   ["stabilizationWindowSeconds"],
            0);
}

TEST(ScaledObjectCodecTest, UnknownFieldIsReportedAndKept) {
  constexpr std::string_view kYaml = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web}
  triggers: [{type: cron, metadata: {}}]
  futureField: {enabled: true}
)";
  FieldErrors errors;
  auto so = Kinds().Decode<ScaledObject>(Yaml(kYaml), errors);
  EXPECT_TRUE(errors.Contains("spec.futureField", "unknown field")) << errors.ToString();
  EXPECT_EQ(Kinds().Encode(*so)["spec"]["futureField"], Yaml("{enabled: true}"));
}

TEST(ScaledObjectCodecTest, TypoInSpecSuggestsTheField) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web}
  minReplicaCont: 1
  triggers: [{type: cron, metadata: {}}]
)");
  EXPECT_TRUE(errors.Contains("spec.minReplicaCont", "did you mean \"minReplicaCount\""))
      << errors.ToString();
}

TEST(ScaledObjectCodecTest, TypoInNestedSectionsSuggestsTheField) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web, knid: Deployment}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown: {stabilisationWindowSeconds: 60}
  triggers:
  - type: cron
    metadata: {}
    authenticationRef: {name: a, knd: TriggerAuthentication}
)");
  EXPECT_TRUE(errors.Contains("spec.scaleTargetRef.knid", "did you mean \"kind\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains(
      "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilisationWindowSeconds",
      "did you mean \"stabilizationWindowSeconds\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.triggers[0].authenticationRef.knd", "did you mean \"kind\""))
      << errors.ToString();
}

TEST(ScaledObjectCodecTest, WrongTypesAreReportedWithTheirPath) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web}
  minReplicaCount: "abc"
  pollingInterval: 1.5
  triggers:
  - type: aws-sqs-queue
    useCachedMetrics: "yes"
    metadata:
      queueLength: 5
)");
  EXPECT_TRUE(
      errors.Contains("spec.minReplicaCount", "must be of type integer, got string \"abc\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.pollingInterval", "must be of type integer"));
  EXPECT_TRUE(errors.Contains("spec.triggers[0].useCachedMetrics", "must be of type boolean"));
  // Trigger metadata is map[string]string: an unquoted number is the classic mistake.
  EXPECT_TRUE(errors.Contains("spec.triggers[0].metadata[queueLength]",
                              "must be of type string, got integer 5"))
      << errors.ToString();
}

TEST(ScaledObjectCodecTest, OutOfRangeReplicaCountIsReported) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web}
  maxReplicaCount: 3000000000
  triggers: [{type: cron, metadata: {}}]
)");
  EXPECT_TRUE(errors.Contains("spec.maxReplicaCount", "out of range for a 32-bit integer"))
      << errors.ToString();
}

TEST(ScaledObjectCodecTest, RequiredFieldsOfTheCrd) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  fallback: {replicas: 2}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleUp:
          policies: [{type: Pods, value: 1}]
)");
  EXPECT_TRUE(errors.Contains("spec.scaleTargetRef", "Required value")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.triggers", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.fallback.failureThreshold", "Required value"));
  EXPECT_TRUE(errors.Contains(
      "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.policies[0].periodSeconds",
      "Required value"));
}

TEST(ScaledObjectCodecTest, TriggerTypeAndMetadataAreRequired) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web}
  triggers:
  - name: t
    authenticationRef: {kind: TriggerAuthentication}
)");
  EXPECT_TRUE(errors.Contains("spec.triggers[0].type", "Required value")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.triggers[0].metadata", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.triggers[0].authenticationRef.name", "Required value"));
}

TEST(ScaledObjectCodecTest, SpecIsRequired) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
)");
  EXPECT_TRUE(errors.Contains("spec", "Required value")) << errors.ToString();
}

TEST(ScaledObjectCodecTest, StatusIsLenient) {
  auto so = Kinds().DecodeOk<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web}
  triggers: [{type: cron, metadata: {}}]
status:
  hpaName: keda-hpa-so
  fieldFromANewerKeda: 7
  conditions:
  - {type: Ready, status: "True", lastTransitionTime: "2024-01-01T00:00:00Z"}
)");
  EXPECT_EQ(so.status.hpa_name, "keda-hpa-so");
  const nlohmann::json encoded = Kinds().Encode(so);
  EXPECT_EQ(encoded["status"]["fieldFromANewerKeda"], 7);
  EXPECT_EQ(encoded["status"]["conditions"][0]["lastTransitionTime"], "2024-01-01T00:00:00Z");
}

TEST(ScaledObjectCodecTest, FallbackBehaviorGetsTheCrdDefault) {
  auto so = Kinds().DecodeOk<ScaledObject>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: so}
spec:
  scaleTargetRef: {name: web}
  fallback: {failureThreshold: 3, replicas: 0}
  triggers: [{type: cron, metadata: {}}]
)");
  ASSERT_TRUE(so.spec.fallback.has_value());
  EXPECT_EQ(so.spec.fallback->behavior, "static");
  // As the API server stores it: the default is written, the required zero too.
  const nlohmann::json fallback = Kinds().Encode(so)["spec"]["fallback"];
  EXPECT_EQ(fallback, Yaml("{failureThreshold: 3, replicas: 0, behavior: static}"));
}

TEST(ScaledObjectCodecTest, CodeLevelDefaultsAreNotWrittenIntoTheObject) {
  auto so = Kinds().DecodeOk<ScaledObject>(kArticleScaledObject);
  EXPECT_TRUE(so.spec.scale_target_ref.kind.empty());
  EXPECT_TRUE(so.spec.scale_target_ref.api_version.empty());
  EXPECT_FALSE(so.spec.initial_cooldown_period.has_value());
  EXPECT_FALSE(so.spec.fallback.has_value());
  EXPECT_TRUE(so.spec.triggers[0].authentication_ref->kind.empty());
}

}  // namespace
}  // namespace tidepool::api::keda
