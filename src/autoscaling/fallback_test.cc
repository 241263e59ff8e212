// Ported from kedacore/keda pkg/fallback/fallback_test.go (the Ginkgo "fallback" suite): health
// bookkeeping, the threshold, the substitute value per behaviour, and the Fallback condition.
#include "autoscaling/fallback.h"

#include <gtest/gtest.h>

#include "autoscaling/autoscaling_test_util.h"
#include "autoscaling/scaled_object_status.h"

namespace tidepool::autoscaling {
namespace {

constexpr std::string_view kMetric = "some_metric_name";

class FixedReplicas : public ReplicaCounts {
 public:
  FixedReplicas(int32_t current, int32_t ready) : current_(current), ready_(ready) {}
  Result<int32_t> Current() override { return current_; }
  Result<int32_t> Ready() override { return ready_; }

 private:
  int32_t current_, ready_;
};

api::keda::ScaledObject BuildScaledObject(std::optional<api::keda::Fallback> fallback) {
  api::keda::ScaledObject so = testing::MakeScaledObject("clean-up-test", "default", "myapp");
  so.spec.fallback = fallback;
  so.status.conditions = InitializedConditions();
  return so;
}

api::keda::Fallback MakeFallback(int32_t threshold, int32_t replicas, std::string behavior = "") {
  api::keda::Fallback f;
  f.failure_threshold = threshold;
  f.replicas = replicas;
  f.behavior = std::move(behavior);
  return f;
}

scalers::MetricSpec AverageValueSpec(int64_t target) {
  scalers::MetricSpec spec;
  spec.metric_name = std::string(kMetric);
  spec.target_type = scalers::MetricTargetType::kAverageValue;
  spec.target_value = Quantity::FromInt(target);
  return spec;
}

void SetHealth(api::keda::ScaledObjectStatus& status, std::string_view metric, int32_t failures,
               std::string_view health) {
  api::keda::HealthStatus h;
  h.number_of_failures = failures;
  h.status = std::string(health);
  status.health[std::string(metric)] = h;
}

void ExpectHealth(const api::keda::ScaledObjectStatus& status, int32_t failures,
                  std::string_view health) {
  auto it = status.health.find(std::string(kMetric));
  ASSERT_NE(it, status.health.end());
  EXPECT_EQ(it->second.number_of_failures, failures);
  EXPECT_EQ(it->second.status, health);
}

FallbackResult Apply(api::keda::ScaledObject& so, bool failed, int32_t current = 5,
                     int32_t ready = 5, const scalers::MetricSpec& spec = AverageValueSpec(10)) {
  FixedReplicas replicas(current, ready);
  return ApplyFallback(so, so.status, failed, kMetric, spec, replicas);
}

TEST(FallbackTest, ShouldReturnTheExpectedMetricWhenFallbackIsDisabled) {
  api::keda::ScaledObject so = BuildScaledObject(std::nullopt);
  EXPECT_EQ(Apply(so, false).kind, FallbackResult::Kind::kMetrics);
  EXPECT_TRUE(so.status.health.empty());
}

TEST(FallbackTest, ShouldInitialiseTheHealthStatusOnSuccessWhenFallbackIsEnabled) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10));
  EXPECT_EQ(Apply(so, false).kind, FallbackResult::Kind::kMetrics);
  ExpectHealth(so.status, 0, kHealthHappy);
}

TEST(FallbackTest, ShouldResetTheHealthStatusWhenScalerMetricsAreAvailable) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10));
  SetHealth(so.status, kMetric, 5, kHealthFailing);
  EXPECT_EQ(Apply(so, false).kind, FallbackResult::Kind::kMetrics);
  ExpectHealth(so.status, 0, kHealthHappy);
}

TEST(FallbackTest, ShouldNotResetTheHealthStatusWhenFallbackIsNotEnabled) {
  api::keda::ScaledObject so = BuildScaledObject(std::nullopt);
  SetHealth(so.status, kMetric, 5, kHealthFailing);
  EXPECT_EQ(Apply(so, false).kind, FallbackResult::Kind::kMetrics);
  ExpectHealth(so.status, 5, kHealthFailing);
}

TEST(FallbackTest, ShouldPropagateTheErrorWhenFallbackIsDisabled) {
  api::keda::ScaledObject so = BuildScaledObject(std::nullopt);
  EXPECT_EQ(Apply(so, true).kind, FallbackResult::Kind::kError);
}

TEST(FallbackTest, ShouldBumpTheNumberOfFailuresWhenMetricsCallFails) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10));
  SetHealth(so.status, kMetric, 0, kHealthHappy);
  EXPECT_EQ(Apply(so, true).kind, FallbackResult::Kind::kError);
  ExpectHealth(so.status, 1, kHealthFailing);
}

TEST(FallbackTest, ShouldReturnANormalisedMetricWhenNumberOfFailuresAreBeyondThreshold) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10));
  SetHealth(so.status, kMetric, 3, kHealthHappy);
  FallbackResult r = Apply(so, true);
  EXPECT_EQ(r.kind, FallbackResult::Kind::kSubstitute);
  EXPECT_EQ(r.value, 100);
  ExpectHealth(so.status, 4, kHealthFailing);
}

TEST(FallbackTest, ShouldReturnErrorWhenFallbackIsEnabledButScaledObjectHasInvalidParameter) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(-3, 10));
  SetHealth(so.status, kMetric, 3, kHealthHappy);
  EXPECT_EQ(Apply(so, true).kind, FallbackResult::Kind::kError);
}

TEST(FallbackTest, ShouldSetTheFallbackConditionWhenAFallbackExistsInTheScaledObject) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10));
  SetHealth(so.status, "some_metric_name", 6, kHealthFailing);
  SetHealth(so.status, "another_metric_name", 3, kHealthHappy);
  FixedReplicas replicas(5, 5);
  ApplyFallback(so, so.status, false, "another_metric_name", AverageValueSpec(10), replicas);
  EXPECT_TRUE(IsConditionTrue(so.status.conditions, kConditionFallback));
  EXPECT_EQ(FindCondition(so.status.conditions, kConditionFallback)->reason, "FallbackExists");
}

TEST(FallbackTest, ShouldSetTheFallbackConditionToFalseIfTheConfigIsInvalid) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(-3, 10));
  SetHealth(so.status, "some_metric_name", 6, kHealthFailing);
  EXPECT_EQ(Apply(so, true).kind, FallbackResult::Kind::kError);
  UpdateFallbackCondition(so, so.status);
  EXPECT_FALSE(IsConditionTrue(so.status.conditions, kConditionFallback));
}

TEST(FallbackTest, ShouldUseFallbackReplicasWhenCurrentReplicasIsLowerWithCurrentReplicasIfHigher) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10, "currentReplicasIfHigher"));
  SetHealth(so.status, kMetric, 3, kHealthHappy);
  EXPECT_EQ(Apply(so, true, /*current=*/4).value, 100);  // 10 replicas × target 10
}

TEST(FallbackTest, ShouldUseCurrentReplicasWhenBehaviorIsCurrentReplicas) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10, "currentReplicas"));
  SetHealth(so.status, kMetric, 3, kHealthHappy);
  EXPECT_EQ(Apply(so, true, /*current=*/6).value, 60);  // 6 replicas × target 10
}

TEST(FallbackTest, ShouldIgnoreCurrentReplicasWhenBehaviorIsStatic) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(3, 10, "static"));
  SetHealth(so.status, kMetric, 3, kHealthHappy);
  EXPECT_EQ(Apply(so, true, /*current=*/15).value, 100);
}

TEST(FallbackTest, CurrentReplicasIfLowerAndIfHigherPickTheirSide) {
  EXPECT_EQ(FallbackReplicaCount("currentReplicasIfLower", 10, 4), 4);
  EXPECT_EQ(FallbackReplicaCount("currentReplicasIfLower", 10, 14), 10);
  EXPECT_EQ(FallbackReplicaCount("currentReplicasIfHigher", 10, 14), 14);
  EXPECT_EQ(FallbackReplicaCount("static", 10, 14), 10);
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(0, 10, "currentReplicasIfLower"));
  EXPECT_EQ(Apply(so, true, /*current=*/4).value, 40);
}

TEST(FallbackTest, ValueTargetDividesByReadyReplicas) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(0, 10));
  scalers::MetricSpec spec = AverageValueSpec(10);
  spec.target_type = scalers::MetricTargetType::kValue;
  EXPECT_EQ(Apply(so, true, 5, /*ready=*/4, spec).value, 25);  // 10 × 10 / 4
  // No ready pods: upstream's "error performing fallback".
  EXPECT_EQ(Apply(so, true, 5, /*ready=*/0, spec).kind, FallbackResult::Kind::kError);
}

TEST(FallbackTest, ScalingModifiersBehaviorHandsTheFormulaNil) {
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(0, 10, "scalingModifiers"));
  so.spec.advanced = api::keda::AdvancedConfig();
  so.spec.advanced->scaling_modifiers.formula = "a ?? 8";
  so.spec.advanced->scaling_modifiers.target = "2";
  EXPECT_EQ(Apply(so, true).kind, FallbackResult::Kind::kNilForFormula);
}

TEST(FallbackTest, ScalingModifiersTargetMustBeAnIntegerForFallback) {
  // Upstream's HasValidFallback uses ParseInt on the target.
  api::keda::ScaledObject so = BuildScaledObject(MakeFallback(0, 10));
  so.spec.advanced = api::keda::AdvancedConfig();
  so.spec.advanced->scaling_modifiers.formula = "a";
  so.spec.advanced->scaling_modifiers.target = "2.5";
  EXPECT_FALSE(HasValidFallback(so));
  so.spec.advanced->scaling_modifiers.target = "4";
  EXPECT_TRUE(HasValidFallback(so));
  EXPECT_EQ(Apply(so, true).value, 40);  // composite target 4 × 10
}

}  // namespace
}  // namespace tidepool::autoscaling
