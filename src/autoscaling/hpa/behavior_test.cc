// Behaviour defaulting, after Kubernetes pkg/apis/autoscaling/v2/defaults.go and its
// defaults_test.go (TestGenerateScaleUpRules / TestGenerateScaleDownRules /
// TestHorizontalPodAutoscalerAnnotations' behavior cases: a set field wins, an unset one takes the
// default).
#include "autoscaling/hpa/behavior.h"

#include <gtest/gtest.h>

#include "api/keda/scaled_object.h"

namespace tidepool::autoscaling::hpa {
namespace {

api::keda::HpaScalingRules Rules(std::optional<int32_t> window, std::string select,
                                 std::vector<api::keda::HpaScalingPolicy> policies) {
  api::keda::HpaScalingRules r;
  r.stabilization_window_seconds = window;
  r.select_policy = std::move(select);
  r.policies = std::move(policies);
  return r;
}

TEST(BehaviorTest, DefaultsWhenUnset) {
  auto b = ResolveBehavior(api::keda::HpaBehavior{});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->scale_up.stabilization_window_seconds, 0);
  EXPECT_EQ(b->scale_up.select_policy, SelectPolicy::kMax);
  EXPECT_EQ(b->scale_up.policies, (std::vector<ScalingPolicy>{{PolicyType::kPods, 4, 15},
                                                              {PolicyType::kPercent, 100, 15}}));
  EXPECT_EQ(b->scale_down.stabilization_window_seconds, 300);
  EXPECT_EQ(b->scale_down.select_policy, SelectPolicy::kMax);
  EXPECT_EQ(b->scale_down.policies, (std::vector<ScalingPolicy>{{PolicyType::kPercent, 100, 15}}));
  EXPECT_FALSE(b->scale_up.tolerance);
  EXPECT_FALSE(b->scale_down.tolerance);
}

// TestGenerateScaleUpRules: each field the user set replaces the default on its own.
TEST(BehaviorTest, TestGenerateScaleUpRules) {
  const api::keda::HpaScalingRules window = Rules(120, "", {});
  auto only_window = ResolveScaleUpRules(&window);
  ASSERT_TRUE(only_window);
  EXPECT_EQ(only_window->stabilization_window_seconds, 120);
  EXPECT_EQ(only_window->select_policy, SelectPolicy::kMax);
  EXPECT_EQ(only_window->policies, DefaultScaleUpRules().policies);

  const api::keda::HpaScalingRules min_and_policy =
      Rules(std::nullopt, "Min", {{"Pods", 1, 60, {}}});
  auto r = ResolveScaleUpRules(&min_and_policy);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stabilization_window_seconds, 0);
  EXPECT_EQ(r->select_policy, SelectPolicy::kMin);
  EXPECT_EQ(r->policies, (std::vector<ScalingPolicy>{{PolicyType::kPods, 1, 60}}));
}

TEST(BehaviorTest, TestGenerateScaleDownRules) {
  const api::keda::HpaScalingRules disabled = Rules(std::nullopt, "Disabled", {});
  auto r = ResolveScaleDownRules(&disabled, Duration::Minutes(2));
  ASSERT_TRUE(r);
  // The window comes from the controller's flag when unset (maybeInitScaleDownStabilizationWindow).
  EXPECT_EQ(r->stabilization_window_seconds, 120);
  EXPECT_EQ(r->select_policy, SelectPolicy::kDisabled);
  EXPECT_EQ(r->policies, DefaultScaleDownRules(Duration::Minutes(2)).policies);

  const api::keda::HpaScalingRules zero_window =
      Rules(0, "", {{"Percent", 10, 60, {}}, {"Pods", 2, 30, {}}});
  r = ResolveScaleDownRules(&zero_window);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stabilization_window_seconds, 0);  // an explicit 0 is kept
  EXPECT_EQ(r->policies, (std::vector<ScalingPolicy>{{PolicyType::kPercent, 10, 60},
                                                     {PolicyType::kPods, 2, 30}}));
}

TEST(BehaviorTest, RejectsUnknownPolicyTypeAndSelectPolicy) {
  api::keda::HpaBehavior b;
  b.scale_down = Rules(std::nullopt, "", {{"Pods", 1, 60, {}}, {"Replicas", 1, 60, {}}});
  auto r = ResolveBehavior(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(),
            "behavior: scaleDown.policies[1]: type: Unsupported value: \"Replicas\": supported "
            "values: \"Pods\", \"Percent\"");

  b = {};
  b.scale_up = Rules(std::nullopt, "Fastest", {});
  r = ResolveBehavior(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(),
            "behavior: scaleUp: selectPolicy: Unsupported value: \"Fastest\": supported values: "
            "\"Disabled\", \"Max\", \"Min\"");
}

// The per-direction tolerances (HPAConfigurableTolerance): set ones replace the controller's.
TEST(BehaviorTest, ConfigurableTolerances) {
  EXPECT_EQ(TolerancesFor(nullptr), (Tolerances{0.1, 0.1}));
  api::keda::HpaBehavior b;
  b.scale_up = Rules(std::nullopt, "", {});
  b.scale_up->tolerance = Quantity::MustParse("0.05");
  b.scale_down = Rules(std::nullopt, "", {});
  b.scale_down->tolerance = Quantity::MustParse("200m");
  auto resolved = ResolveBehavior(b);
  ASSERT_TRUE(resolved);
  const Tolerances t = TolerancesFor(&*resolved, 0.1);
  EXPECT_DOUBLE_EQ(t.scale_up, 0.05);
  EXPECT_DOUBLE_EQ(t.scale_down, 0.2);
  // [1 - 0.2, 1 + 0.05]
  EXPECT_TRUE(t.IsWithin(0.8));
  EXPECT_FALSE(t.IsWithin(0.79));
  EXPECT_TRUE(t.IsWithin(1.05));
  EXPECT_FALSE(t.IsWithin(1.06));
}

}  // namespace
}  // namespace tidepool::autoscaling::hpa
