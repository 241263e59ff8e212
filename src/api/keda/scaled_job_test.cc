// ScaledJob: decoding, effective values and validation. Cases named Keda* are ported from
// apis/keda/v1alpha1/scaledjob_types_test.go and scaledjob_webhook_test.go.
#include "api/keda/scaled_job.h"

#include <gtest/gtest.h>

#include "api/keda/keda_test_util.h"

namespace tidepool::api::keda {
namespace {

using testing::Kinds;

constexpr std::string_view kScaledJob = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: sqs-job
  namespace: processing
spec:
  jobTargetRef:
    parallelism: 1
    completions: 1
    backoffLimit: 4
    template:
      spec:
        containers:
        - name: worker
          image: myregistry/worker:latest
          resources:
            requests: {cpu: 500m, memory: 1Gi}
  pollingInterval: 10
  successfulJobsHistoryLimit: 5
  failedJobsHistoryLimit: 2
  minReplicaCount: 0
  maxReplicaCount: 30
  rollout:
    strategy: gradual
    propagationPolicy: foreground
  scalingStrategy:
    strategy: custom
    customScalingQueueLengthDeduction: 1
    customScalingRunningJobPercentage: "0.5"
    pendingPodConditions: [Ready, PodScheduled]
    multipleScalersCalculation: sum
  triggers:
  - type: aws-sqs-queue
    authenticationRef: {name: keda-aws-credentials}
    metadata:
      queueURL: https://sqs.eu-west-1.amazonaws.com/123456789012/jobs
      queueLength: "1"
      awsRegion: eu-west-1
)";

TEST(ScaledJobTest, DecodesEveryModelledField) {
  auto sj = Kinds().DecodeOk<ScaledJob>(kScaledJob);
  const ScaledJobSpec& s = sj.spec;
  EXPECT_EQ(s.job_target_ref.backoff_limit, 4);
  ASSERT_EQ(s.job_target_ref.template_.spec.containers.size(), 1u);
  EXPECT_EQ(s.job_target_ref.template_.spec.containers[0].name, "worker");
  EXPECT_EQ(s.polling_interval, 10);
  EXPECT_EQ(s.successful_jobs_history_limit, 5);
  EXPECT_EQ(s.failed_jobs_history_limit, 2);
  EXPECT_EQ(s.rollout.propagation_policy, "foreground");
  EXPECT_EQ(s.scaling_strategy.custom_scaling_queue_length_deduction, 1);
  EXPECT_EQ(s.scaling_strategy.pending_pod_conditions,
            (std::vector<std::string>{"Ready", "PodScheduled"}));
  EXPECT_EQ(s.triggers[0].metadata.at("queueLength"), "1");
  FieldErrors errors;
  Validate(sj, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(ScaledJobTest, RoundTripKeepsTheTemplateAsWritten) {
  auto sj = Kinds().DecodeOk<ScaledJob>(kScaledJob);
  const nlohmann::json encoded = Kinds().Encode(sj);
  // KEDA's CRD does not default the Job template: no restartPolicy or dnsPolicy appear.
  EXPECT_EQ(encoded, api::testing::Yaml(kScaledJob));
  FieldErrors errors;
  auto again = Kinds().Decode<ScaledJob>(encoded, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(*again, sj);
}

TEST(ScaledJobTest, EffectiveValues) {
  auto sj = Kinds().DecodeOk<ScaledJob>(kScaledJob);
  EXPECT_EQ(PollingIntervalSeconds(sj), 10);
  EXPECT_EQ(RolloutStrategy(sj), "gradual");
  EXPECT_EQ(RolloutPropagationPolicy(sj), "foreground");
  EXPECT_EQ(EffectiveScalingStrategy(sj), "custom");
  EXPECT_EQ(CustomScalingRunningJobPercentage(sj), 0.5);
  EXPECT_EQ(MultipleScalersCalculation(sj), "sum");

  ScaledJob plain;
  EXPECT_EQ(PollingIntervalSeconds(plain), 30);
  EXPECT_EQ(SuccessfulJobsHistoryLimit(plain), 100);
  EXPECT_EQ(FailedJobsHistoryLimit(plain), 100);
  EXPECT_EQ(RolloutStrategy(plain), "immediate");
  EXPECT_EQ(RolloutPropagationPolicy(plain), "background");
  EXPECT_EQ(EffectiveScalingStrategy(plain), "default");
  EXPECT_EQ(MultipleScalersCalculation(plain), "max");
}

TEST(ScaledJobTest, DeprecatedRolloutStrategyWins) {
  ScaledJob sj;
  sj.spec.rollout_strategy = "gradual";
  sj.spec.rollout.strategy = "immediate";
  EXPECT_EQ(RolloutStrategy(sj), "gradual");
  sj.spec.rollout_strategy = "immediate";
  sj.spec.rollout.strategy = "gradual";
  EXPECT_EQ(RolloutStrategy(sj), "immediate");
}

TEST(ScaledJobTest, CustomStrategyWithUnparsablePercentageRunsDefault) {
  ScaledJob sj;
  sj.spec.scaling_strategy.strategy = "custom";
  sj.spec.scaling_strategy.custom_scaling_running_job_percentage = "half";
  EXPECT_EQ(EffectiveScalingStrategy(sj), "default");
  EXPECT_EQ(CustomScalingRunningJobPercentage(sj), std::nullopt);
  sj.spec.scaling_strategy.strategy = "eager";
  EXPECT_EQ(EffectiveScalingStrategy(sj), "eager");
  sj.spec.scaling_strategy.strategy = "accurate";
  EXPECT_EQ(EffectiveScalingStrategy(sj), "accurate");
}

// Ported from scaledjob_types_test.go TestScaledJob.
TEST(ScaledJobTest, KedaScaledJobMinMaxReplicaCount) {
  struct Case {
    const char* name;
    std::optional<int32_t> max, min;
    int64_t want_max, want_min;
  };
  const Case cases[] = {
      {"Max 10, min 0", 10, 0, 10, 0},
      {"Max 10, min nil", 10, std::nullopt, 10, 0},
      {"Max 10, min 1", 10, 1, 9, 1},
      {"Max nil, min 1", std::nullopt, 1, 100, 1},
      {"Max nil, min nil", std::nullopt, std::nullopt, 100, 0},
      {"Max 1, min 10", 1, 10, 1, 1},
  };
  for (const Case& c : cases) {
    ScaledJob sj;
    sj.spec.max_replica_count = c.max;
    sj.spec.min_replica_count = c.min;
    EXPECT_EQ(MaxReplicaCount(sj), c.want_max) << c.name;
    EXPECT_EQ(MinReplicaCount(sj), c.want_min) << c.name;
  }
}

// Ported from scaledjob_webhook_test.go "should validate empty triggers in ScaledJob".
TEST(ScaledJobTest, KedaShouldValidateEmptyTriggersInScaledJob) {
  auto sj = Kinds().DecodeOk<ScaledJob>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: test-sj, namespace: scaledjob-empty-triggers-set}
spec:
  jobTargetRef:
    selector: {matchLabels: {app: test-sj}}
    template:
      metadata: {labels: {app: test-sj}}
      spec:
        containers: [{name: test-sj, image: test-sj}]
  triggers: []
)");
  FieldErrors errors;
  Validate(sj, errors);
  EXPECT_TRUE(errors.Contains("spec.triggers", "no triggers defined in the ScaledObject/ScaledJob"))
      << errors.ToString();
  EXPECT_EQ(errors.size(), 1u) << errors.ToString();
}

TEST(ScaledJobTest, CrdRules) {
  auto sj = Kinds().DecodeOk<ScaledJob>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: j}
spec:
  jobTargetRef:
    template:
      spec:
        containers: [{name: c, image: i}]
  pollingInterval: 0
  successfulJobsHistoryLimit: -1
  maxReplicaCount: 0
  rolloutStrategy: rolling
  rollout: {propagationPolicy: orphan}
  scalingStrategy: {strategy: greedy, multipleScalersCalculation: median}
  triggers:
  - {type: kafka, metadata: {}, useCachedMetrics: true, name: a}
  - {type: cron, metadata: {}, useCachedMetrics: true, name: a}
)");
  FieldErrors errors;
  Validate(sj, errors);
  EXPECT_TRUE(errors.Contains("spec.pollingInterval", "greater than or equal to 1"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.successfulJobsHistoryLimit", "greater than or equal to 0"));
  EXPECT_TRUE(errors.Contains("spec.maxReplicaCount", "greater than or equal to 1"));
  EXPECT_TRUE(errors.Contains("spec.rolloutStrategy",
                              "Unsupported value: \"rolling\": supported values: \"gradual\", "
                              "\"immediate\""));
  EXPECT_TRUE(errors.Contains("spec.rollout.propagationPolicy", "Unsupported value: \"orphan\""));
  EXPECT_TRUE(errors.Contains("spec.scalingStrategy.strategy", "Unsupported value: \"greedy\""));
  EXPECT_TRUE(errors.Contains("spec.scalingStrategy.multipleScalersCalculation",
                              "Unsupported value: \"median\""));
  EXPECT_TRUE(errors.Contains("spec.triggers[1].useCachedMetrics", "\"cron\" scaler"));
  EXPECT_TRUE(errors.Contains("spec.triggers[1].name", "defined multiple times"));
  EXPECT_EQ(errors.size(), 9u) << errors.ToString();
}

TEST(ScaledJobTest, JobTargetRefIsRequiredAndStrict) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledJob>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: j}
spec:
  maxReplicaCont: 3
  triggers: [{type: kafka, metadata: {}}]
)");
  EXPECT_TRUE(errors.Contains("spec.jobTargetRef", "Required value")) << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.maxReplicaCont", "did you mean \"maxReplicaCount\""));
}

TEST(ScaledJobTest, WrongTypesInScalingStrategy) {
  FieldErrors errors = Kinds().DecodeErrors<ScaledJob>(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: j}
spec:
  jobTargetRef: {template: {spec: {containers: [{name: c, image: i}]}}}
  scalingStrategy:
    customScalingQueueLengthDeduction: "one"
    customScalingRunningJobPercentage: 0.5
  triggers: [{type: kafka, metadata: {}}]
)");
  EXPECT_TRUE(errors.Contains("spec.scalingStrategy.customScalingQueueLengthDeduction",
                              "must be of type integer"))
      << errors.ToString();
  // A string float in the CRD: an unquoted number is refused, as the API server refuses it.
  EXPECT_TRUE(errors.Contains("spec.scalingStrategy.customScalingRunningJobPercentage",
                              "must be of type string"));
}

TEST(ScaledJobTest, JobTargetIsCheckedAsTheJobKedaCreates) {
  constexpr std::string_view kBase = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: j}
spec:
  jobTargetRef:
    template:
      spec:
        restartPolicy: RESTART
        containers: [{name: c, image: i}]
  triggers: [{type: kafka, metadata: {}}]
)";
  std::string yaml(kBase);
  // Unset restartPolicy: KEDA sets OnFailure, so the Job is valid.
  auto unset = Kinds().DecodeOk<ScaledJob>(
      std::string(yaml).replace(yaml.find("        restartPolicy: RESTART\n"),
                                std::string("        restartPolicy: RESTART\n").size(), ""));
  FieldErrors ok;
  Validate(unset, ok);
  EXPECT_TRUE(ok.empty()) << ok.ToString();
  // Always is what a Job refuses.
  auto always =
      Kinds().DecodeOk<ScaledJob>(std::string(yaml).replace(yaml.find("RESTART"), 7, "Always"));
  FieldErrors errors;
  Validate(always, errors);
  EXPECT_TRUE(errors.Contains("spec.jobTargetRef.template.spec.restartPolicy", ""))
      << errors.ToString();
  EXPECT_FALSE(errors.empty());
}

}  // namespace
}  // namespace tidepool::api::keda
