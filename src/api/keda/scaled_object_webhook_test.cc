// ScaledObject admission checks on one object, ported from
// apis/keda/v1alpha1/scaledobject_webhook_test.go: each Keda* test is an envtest `It(...)` block,
// named after its description. Upstream's negative cases wrap Create in
// Eventually(...).Should(HaveOccurred()), which a retry of an already-created object satisfies;
// their expectations here follow the webhook's code and the cases' names.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/keda/scaled_object.h"
#include "api/keda/scaled_object_test_util.h"

// The tests sit in keda::testing: they call most builders of scaled_object_test_util.h, which
// read better unqualified (as upstream's helpers are in its tests).
namespace tidepool::api::keda::testing {
namespace {

// ---- scaledobject_webhook_test.go ---------------------------------------------------------

TEST(ScaledObjectValidationTest, KedaShouldValidateTheSoCreationWhenThereIsntAnyHpa) {
  FieldErrors errors = Check(CreateScaledObject("test-so"));
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(ScaledObjectValidationTest, KedaShouldntValidateTheSoCreationWhenTheReplicaCountsAreWrong) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.min_replica_count = 10;
  so.spec.max_replica_count = 5;
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec",
                              "minReplicaCount must be less than or equal to "
                              "maxReplicaCount"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest, KedaShouldntValidateTheSoCreationWhenTheFallbackIsWrong) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.fallback = Fallback{-1, -3, "static", {}};
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.fallback",
                              "FailureThreshold=-1 & Replicas=-3 must both be greater than or "
                              "equal to 0"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldntValidateTheSoCreationWhenTheFallbackIsConfiguredAndOnlyCpuMemoryTriggersAreUsed) {
  ScaledObject so = CreateScaledObject("test-so", true);
  so.spec.triggers.erase(so.spec.triggers.begin());  // only cpu and memory, as the name says
  for (ScaleTrigger& t : so.spec.triggers) t.metric_type = "AverageValue";
  so.spec.fallback = Fallback{3, 6, "static", {}};
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.fallback",
                              "at least one trigger (that is not cpu or memory) "
                              "has to have the `AverageValue` type"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldValidateTheSoCreationWhenTheFallbackIsConfiguredAndAtLeastOneOtherTrigger) {
  ScaledObject so = CreateScaledObject("test-so", true);
  so.spec.triggers.push_back(Workload("workload_trig_1", "Value"));
  so.spec.triggers.push_back(Workload("workload_trig_2", "AverageValue"));
  so.spec.fallback = Fallback{3, 6, "static", {}};
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldValidateTheSoCreationWhenTheFallbackIsConfiguredAndSoUsesScalingModifiers) {
  ScaledObject so = CreateScaledObject("test-so", true);
  so.spec.triggers.push_back(Workload("workload_trig_1", "Value"));
  so.spec.triggers.push_back(Workload("workload_trig_2", "Value"));
  so.spec.fallback = Fallback{3, 6, "static", {}};
  so.spec.advanced->scaling_modifiers = Modifiers("2", "workload_trig_1 + workload_trig_2");
  so.spec.advanced->scaling_modifiers.metric_type = "Value";
  RecordingChecker checker;
  FieldErrors errors = CheckWith(so, checker);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  // The formula sees the named triggers that are not resource metrics.
  EXPECT_EQ(checker.names, (std::vector<std::string>{"workload_trig_1", "workload_trig_2"}));
}

TEST(ScaledObjectValidationTest, KedaShouldntValidateTheSoCreationWhenTheNameExceedsTheLabelLimit) {
  ScaledObject so = CreateScaledObject(std::string(64, 'a'), false, "short-hpa");
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("metadata.name", "scaledobject name \"" + std::string(64, 'a') +
                                                   "\" is 64 characters long; must be no more "
                                                   "than 63 characters because it is used as the "
                                                   "\"scaledobject.keda.sh/name\" label value"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldValidateTheSoCreationWhenTheNameIsAtTheLabelLimitAndACustomHpaNameIsSet) {
  FieldErrors errors = Check(CreateScaledObject(std::string(63, 'a'), false, "short-hpa"));
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldntValidateTheSoCreationWhenTheGeneratedHpaNameWouldExceedTheLabelLimit) {
  const std::string name(63 - 9 + 1, 'a');
  FieldErrors errors = Check(CreateScaledObject(name));
  EXPECT_TRUE(errors.Contains("metadata.name", "HPA name \"keda-hpa-" + name +
                                                   "\" derived from scaledobject is 64 "
                                                   "characters long"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldValidateTheSoCreationWhenTheGeneratedHpaNameFitsWithinTheLabelLimit) {
  FieldErrors errors = Check(CreateScaledObject(std::string(63 - 9, 'a')));
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldntValidateTheSoUpdateWhenRemovingTheCustomHpaNameWouldMakeTheGeneratedNameTooLong) {
  ScaledObject so = CreateScaledObject(std::string(60, 'a'), false, "short-hpa");
  EXPECT_TRUE(Check(so).empty());
  so.spec.advanced->horizontal_pod_autoscaler_config.reset();
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("metadata.name", "is 69 characters long")) << errors.ToString();
}

TEST(ScaledObjectValidationTest, KedaShouldntCreateSoWhenStabilizationWindowSecondsExceeds3600) {
  ScaledObject so = CreateScaledObject("test-so");
  HpaScalingRules down;
  down.stabilization_window_seconds = 3700;
  so.spec.advanced->horizontal_pod_autoscaler_config = HorizontalPodAutoscalerConfig{};
  so.spec.advanced->horizontal_pod_autoscaler_config->behavior = HpaBehavior{};
  so.spec.advanced->horizontal_pod_autoscaler_config->behavior->scale_down = down;
  FieldErrors errors = Check(so);
  const std::string path =
      "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds";
  EXPECT_TRUE(errors.Contains(
      path, "Invalid value: 3700: " + path + " in body should be less than or equal to 3600"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest, KedaShouldValidateEmptyTriggersInScaledObject) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.triggers.clear();
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.triggers", "no triggers defined in the ScaledObject/ScaledJob"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest, KedaShouldValidateSoCreationWhenScaleToZeroRequirementsAreMet) {
  FieldErrors errors = Check(CreateScaledObjectSTZ(0, 5, true));
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(ScaledObjectValidationTest, KedaShouldntValidateSoCreationWithCpuScalerRequirementsNotMet) {
  FieldErrors errors = Check(CreateScaledObjectSTZ(0, 5, false));
  EXPECT_TRUE(errors.Contains("spec.minReplicaCount",
                              "scaledobject has only cpu/memory triggers AND minReplica is 0 "
                              "(scale to zero doesn't work in this case)"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest, KedaShouldValidateSoCreationWhenMinReplicasIsAboveZeroWithCpu) {
  FieldErrors errors = Check(CreateScaledObjectSTZ(1, 5, false));
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

// ---- scaling modifiers ----------------------------------------------------------------------

std::vector<ScaleTrigger> CronAndWorkload(bool named) {
  ScaleTrigger cron = Cron();
  if (named) cron.name = "cron_trig";
  return {cron, Workload(named ? "workload_trig" : "")};
}

TEST(ScaledObjectValidationTest, KedaShouldValidateTheSoCreationWithScalingModifiersFormula) {
  RecordingChecker checker;
  FieldErrors errors =
      CheckWith(CreateScaledObjectScalingModifiers(Modifiers("2", "workload_trig + cron_trig"),
                                                   CronAndWorkload(true)),
                checker);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(checker.formula, "workload_trig + cron_trig");
  EXPECT_EQ(checker.names, (std::vector<std::string>{"cron_trig", "workload_trig"}));
}

TEST(ScaledObjectValidationTest, KedaShouldntValidateTheSoCreationWithFormulaButNoTarget) {
  FieldErrors errors = Check(CreateScaledObjectScalingModifiers(
      Modifiers("", "workload_trig + cron_trig"), CronAndWorkload(true)));
  EXPECT_TRUE(errors.Contains("spec.advanced.scalingModifiers.target",
                              "formula is given but target is empty"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldntValidateTheSoCreationWithScalingModifiersWhenTriggersDontHaveNames) {
  RecordingChecker checker;
  ScaledObject so = CreateScaledObjectScalingModifiers(Modifiers("2", "workload_trig + cron_trig"),
                                                       CronAndWorkload(false));
  FieldErrors errors = CheckWith(so, checker);
  EXPECT_TRUE(errors.Contains("spec.advanced.scalingModifiers.formula",
                              "error validating formula in ScalingModifiers: unknown name"))
      << errors.ToString();
  EXPECT_TRUE(checker.names.empty());
  // Upstream's case also leaves the target out, which is reported on its own.
  so.spec.advanced->scaling_modifiers.target.clear();
  EXPECT_TRUE(Check(so).Contains("spec.advanced.scalingModifiers.target", "target is empty"));
}

TEST(ScaledObjectValidationTest,
     KedaShouldValidateTheSoCreationWhenFormulaTriggersHaveNamesButNotAllTriggers) {
  RecordingChecker checker;
  std::vector<ScaleTrigger> triggers = {Cron(), Workload("workload_trig")};
  FieldErrors errors = CheckWith(
      CreateScaledObjectScalingModifiers(Modifiers("2", "workload_trig + 1"), triggers), checker);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(checker.names, (std::vector<std::string>{"workload_trig"}));
}

TEST(ScaledObjectValidationTest, KedaShouldValidateTheSoCreationWithFormulasOfEveryShape) {
  // "formula casts to float already", "casting float from ternary operator", "ternary operator
  // without casting float", "count operator", "complex ternary", "double float cast".
  const std::pair<const char*, bool> formulas[] = {
      {"float(workload_trig + 1)", false},
      {"float(workload_trig < 5 ? cron_trig + workload_trig : 5)", false},
      {"workload_trig < 5 ? cron_trig + workload_trig : 5", false},
      {"count([trig_one,trig_two],{#>1}) > 1 ? 5 : 0", true},
      {"float(trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0)", true},
      {"float(float(trig_two < 5 ? trig_one + trig_two : 5))", true},
  };
  for (const auto& [formula, numbered] : formulas) {
    std::vector<ScaleTrigger> triggers = CronAndWorkload(true);
    if (numbered) {
      triggers[0].name = "trig_one";
      triggers[1].name = "trig_two";
    }
    if (std::string(formula) == "float(workload_trig + 1)") triggers.erase(triggers.begin());
    RecordingChecker checker;
    FieldErrors errors =
        CheckWith(CreateScaledObjectScalingModifiers(Modifiers("2", formula), triggers), checker);
    EXPECT_TRUE(errors.empty()) << formula << ": " << errors.ToString();
    EXPECT_EQ(checker.formula, formula);
  }
}

TEST(ScaledObjectValidationTest, KedaShouldValidateTheSoCreationWithScalingModifiersFallback) {
  ScaledObject so = CreateScaledObjectScalingModifiers(Modifiers("2", "trig_one ?? trig_two ?? 5"),
                                                       CronAndWorkload(true));
  so.spec.triggers[0].name = "trig_one";
  so.spec.triggers[1].name = "trig_two";
  so.spec.fallback = Fallback{3, 5, "scalingModifiers", {}};
  RecordingChecker checker;
  FieldErrors errors = CheckWith(so, checker);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(ScaledObjectValidationTest,
     KedaShouldntValidateTheSoCreationWithScalingModifiersFallbackNoFormula) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.fallback = Fallback{3, 5, "scalingModifiers", {}};
  FieldErrors errors = Check(so);
  EXPECT_TRUE(errors.Contains("spec.fallback.behavior",
                              "scalingModifiers fallback behavior requires "
                              "scalingModifiers.formula to be defined"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest, ScalingModifiersSectionWithoutFormula) {
  FieldErrors errors =
      Check(CreateScaledObjectScalingModifiers(Modifiers("2", ""), CronAndWorkload(true)));
  EXPECT_TRUE(errors.Contains("spec.advanced.scalingModifiers.formula",
                              "error ScalingModifiers.Formula is mandatory"))
      << errors.ToString();
}

TEST(ScaledObjectValidationTest, ScalingModifiersTargetMustBeAPositiveFloat) {
  for (const char* target : {"abc", "0", "-1", "1,5"}) {
    FieldErrors errors = Check(CreateScaledObjectScalingModifiers(
        Modifiers(target, "workload_trig"), CronAndWorkload(true)));
    EXPECT_TRUE(errors.Contains("spec.advanced.scalingModifiers.target",
                                "error converting target for scalingModifiers (string->float) to "
                                "valid target"))
        << target << ": " << errors.ToString();
  }
  EXPECT_TRUE(Check(CreateScaledObjectScalingModifiers(Modifiers("0.5", "workload_trig"),
                                                       CronAndWorkload(true)))
                  .empty());
}

TEST(ScaledObjectValidationTest, ScalingModifiersMetricType) {
  ScaledObject so =
      CreateScaledObjectScalingModifiers(Modifiers("2", "workload_trig"), CronAndWorkload(true));
  so.spec.advanced->scaling_modifiers.metric_type = "Utilization";
  EXPECT_TRUE(Check(so).Contains("spec.advanced.scalingModifiers.metricType",
                                 "error trigger type is Utilization, but it needs to be "
                                 "AverageValue or Value for external metrics"));
  so.spec.advanced->scaling_modifiers.metric_type = "Average";
  EXPECT_TRUE(Check(so).Contains("spec.advanced.scalingModifiers.metricType",
                                 "Unsupported value: \"Average\": supported values: "
                                 "\"AverageValue\", \"Value\""));
  so.spec.advanced->scaling_modifiers.activation_target = "x";
  EXPECT_TRUE(Check(so).Contains("spec.advanced.scalingModifiers.activationTarget",
                                 "scalingModifiers.ActivationTarget parsing error"));
}

// ---- warnings ---------------------------------------------------------------------------------

bool HasWarning(const ScaledObject& so, std::string_view fragment) {
  for (const std::string& w : Warnings(so)) {
    if (w.find(fragment) != std::string::npos) return true;
  }
  return false;
}

constexpr std::string_view kPollingWarning = "PollingInterval is configured but is not relevant";
constexpr std::string_view kCooldownWarning = "CooldownPeriod is configured but is not relevant";

TEST(ScaledObjectValidationTest, KedaPollingIntervalWarnings) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.min_replica_count = 1;
  so.spec.idle_replica_count.reset();
  so.spec.polling_interval = 30;
  EXPECT_TRUE(HasWarning(so, kPollingWarning)) << "min > 0 and idle not set";
  so.spec.min_replica_count = 2;
  so.spec.idle_replica_count = 1;
  EXPECT_FALSE(HasWarning(so, kPollingWarning)) << "idle > 0";
  so.spec.idle_replica_count = 0;
  EXPECT_FALSE(HasWarning(so, kPollingWarning)) << "idle = 0";
  so.spec.idle_replica_count = 1;
  so.spec.triggers = {Workload("workload_trig_1", "Value")};
  so.spec.triggers[0].use_cached_metrics = true;
  EXPECT_FALSE(HasWarning(so, kPollingWarning)) << "useCachedMetrics";
  so.spec.polling_interval.reset();
  EXPECT_FALSE(HasWarning(so, kPollingWarning)) << "not set";
}

TEST(ScaledObjectValidationTest, KedaCooldownPeriodWarnings) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.min_replica_count = 1;
  so.spec.idle_replica_count.reset();
  so.spec.cooldown_period = 300;
  EXPECT_TRUE(HasWarning(so, kCooldownWarning)) << "min > 0 and idle not set";
  so.spec.min_replica_count = 2;
  so.spec.idle_replica_count = 1;
  EXPECT_FALSE(HasWarning(so, kCooldownWarning)) << "idle > 0";
  so.spec.idle_replica_count = 0;
  EXPECT_FALSE(HasWarning(so, kCooldownWarning)) << "idle = 0";
  so.spec.cooldown_period.reset();
  EXPECT_FALSE(HasWarning(so, kCooldownWarning)) << "not set";
}

TEST(ScaledObjectValidationTest, KedaBothWarningsAndNone) {
  ScaledObject so = CreateScaledObject("test-so");
  so.spec.min_replica_count = 2;
  so.spec.idle_replica_count.reset();
  so.spec.polling_interval = 30;
  so.spec.cooldown_period = 300;
  EXPECT_EQ(Warnings(so).size(), 2u);
  so.spec.idle_replica_count = 0;
  EXPECT_TRUE(Warnings(so).empty());
}

}  // namespace
}  // namespace tidepool::api::keda::testing
