// Cases ported from Kubernetes pkg/controller/podautoscaler/horizontal_test.go (inputs and
// expected outcomes). Upstream's controller tests run a whole reconcile against fake clients; here
// the same inputs go through ReplicaCalculator and HorizontalController::Decide. Upstream's test
// binary raises the legacy scale-up factor to 8 "so we don't accidentally run into it"; tidepool
// keeps the real factor 2, and every ported case below gives the same result with either.
#include "autoscaling/hpa/horizontal.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "api/keda/scaled_object.h"
#include "autoscaling/hpa/replica_calculator.h"

namespace tidepool::autoscaling::hpa {
namespace {

using CS = ConditionStatus;

const Time kNow = Time::FromUnixSeconds(1'700'000'000);

Time Ago(Duration d) { return kNow - d; }

// generateScalingRules: Pods and/or Percent policies (0 leaves one out), selectPolicy Max.
api::keda::HpaScalingRules GenerateScalingRules(int32_t pods, int32_t pods_period, int32_t percent,
                                                int32_t percent_period, int32_t window) {
  api::keda::HpaScalingRules rules;
  rules.stabilization_window_seconds = window;
  rules.select_policy = "Max";
  if (pods != 0) rules.policies.push_back({"Pods", pods, pods_period, {}});
  if (percent != 0) rules.policies.push_back({"Percent", percent, percent_period, {}});
  return rules;
}

ScalingRules UpRules(const std::optional<api::keda::HpaScalingRules>& rules) {
  return *ResolveScaleUpRules(rules ? &*rules : nullptr);
}
ScalingRules DownRules(const std::optional<api::keda::HpaScalingRules>& rules) {
  return *ResolveScaleDownRules(rules ? &*rules : nullptr);
}

// generateEventsUniformDistribution: events spread over the last `period_seconds`, each in the
// middle of its segment.
std::vector<TimestampedScaleEvent> UniformEvents(std::vector<int> raw, int period_seconds) {
  std::vector<TimestampedScaleEvent> events;
  const double segment = static_cast<double>(period_seconds) / static_cast<double>(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const int64_t boundary = static_cast<int64_t>(
        static_cast<double>(period_seconds) - segment * static_cast<double>(i + 1) + segment / 2);
    events.push_back({raw[i], Ago(Duration::Seconds(boundary)), false});
  }
  return events;
}

TEST(HorizontalTest, TestConvertDesiredReplicasWithRules) {
  struct Case {
    int32_t current, desired, min, max, expected;
    std::string_view condition;
    std::string annotation;
  };
  const std::vector<Case> cases = {
      {5, 7, 3, 8, 7, "DesiredWithinRange", "prenormalized desired replicas within range"},
      {3, 1, 2, 8, 2, "TooFewReplicas", "prenormalized desired replicas < minReplicas"},
      {1, 0, 0, 10, 0, "DesiredWithinRange", "prenormalized desired zeroed replicas within range"},
      {20, 1000, 1, 10, 10, "TooManyReplicas",
       "maxReplicas is the limit because maxReplicas < scaleUpLimit"},
      {3, 1000, 1, 2000, CalculateScaleUpLimit(3), "ScaleUpLimit",
       "scaleUpLimit is the limit because scaleUpLimit < maxReplicas"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.annotation);
    const LimitedReplicas r = ConvertDesiredReplicasWithRules(c.current, c.desired, c.min, c.max);
    EXPECT_EQ(r.replicas, c.expected);
    EXPECT_EQ(r.reason, c.condition);
  }
  EXPECT_EQ(CalculateScaleUpLimit(3), 6);  // max(2 × 3, 4)
  EXPECT_EQ(CalculateScaleUpLimit(1), 4);
}

TEST(HorizontalTest, TestCalculateScaleUpLimitWithScalingRules) {
  ScalingRules rules{300,
                     SelectPolicy::kMin,
                     {{PolicyType::kPods, 2, 60}, {PolicyType::kPercent, 50, 60}},
                     std::nullopt};
  EXPECT_EQ(CalculateScaleUpLimitWithScalingRules(kNow, 1, {}, {}, rules), 2);
}

TEST(HorizontalTest, TestCalculateScaleDownLimitWithBehaviors) {
  ScalingRules rules{300,
                     SelectPolicy::kMin,
                     {{PolicyType::kPods, 2, 60}, {PolicyType::kPercent, 50, 60}},
                     std::nullopt};
  EXPECT_EQ(CalculateScaleDownLimitWithBehaviors(kNow, 5, {}, {}, rules), 3);
}

TEST(HorizontalTest, TestNormalizeDesiredReplicas) {
  struct Case {
    std::string name;
    std::vector<TimestampedRecommendation> recommendations;
    int32_t prenormalized;
    int32_t expected_stabilized;
    size_t expected_log_length;
  };
  const Duration m = Duration::Minutes(1);
  const std::vector<Case> cases = {
      {"empty log", {}, 5, 5, 1},
      {"stabilize", {{4, Ago(m * 2)}, {5, Ago(m)}}, 3, 5, 3},
      {"no stabilize", {{1, Ago(m * 2)}, {2, Ago(m)}}, 3, 3, 3},
      {"no stabilize - old recommendations", {{10, Ago(m * 10)}, {9, Ago(m * 9)}}, 3, 3, 2},
      {"stabilize - old recommendations",
       {{10, Ago(m * 10)}, {4, Ago(m)}, {5, Ago(m * 2)}, {9, Ago(m * 9)}},
       3,
       5,
       4},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HorizontalController hc;  // downscale stabilisation window 5 minutes
    hc.SetRecommendations(c.recommendations);
    EXPECT_EQ(hc.StabilizeRecommendation(kNow, c.prenormalized), c.expected_stabilized);
    EXPECT_EQ(hc.recommendations().size(), c.expected_log_length);
  }
}

struct RulesCase {
  std::string name;
  std::vector<TimestampedScaleEvent> scale_up_events;
  std::vector<TimestampedScaleEvent> scale_down_events;
  int32_t min_replicas;
  int32_t max_replicas;
  std::optional<api::keda::HpaScalingRules> scale_up_rules;
  std::optional<api::keda::HpaScalingRules> scale_down_rules;
  int32_t current_replicas;
  int32_t prenormalized;
  int32_t expected_replicas;
  std::string_view expected_condition;
};

TEST(HorizontalTest, TestScalingWithRules) {
  const auto ev = UniformEvents;
  const std::vector<RulesCase> cases = {
      {"prenormalized desired replicas within range",
       {},
       {},
       3,
       8,
       {},
       {},
       5,
       7,
       7,
       "DesiredWithinRange"},
      {"prenormalized desired replicas < minReplicas",
       {},
       {},
       2,
       8,
       {},
       {},
       3,
       1,
       2,
       "TooFewReplicas"},
      {"prenormalized desired replicas within range when minReplicas is 0",
       {},
       {},
       0,
       10,
       {},
       {},
       1,
       0,
       0,
       "DesiredWithinRange"},
      {"maxReplicas is the limit because maxReplicas < scaleUpLimit",
       {},
       {},
       1,
       10,
       {},
       {},
       20,
       1000,
       10,
       "TooManyReplicas"},
      {"desired replica count is more than the maximum replica count",
       {},
       {},
       100,
       150,
       {},
       {},
       100,
       1000,
       150,
       "TooManyReplicas"},
      {"scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies",
       {},
       {},
       1,
       2000,
       GenerateScalingRules(0, 0, 1, 60, 0),
       {},
       3,
       1000,
       4,
       "ScaleUpLimit"},
      // Skipped upstream (testThis); it holds all the same.
      {"scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined "
       "policies",
       {},
       {},
       3,
       2000,
       {},
       GenerateScalingRules(20, 60, 0, 0, 0),
       1000,
       3,
       980,
       "ScaleDownLimit"},
      {"scaleUp with default behavior", {}, {}, 1, 1000, {}, {}, 10, 50, 20, "ScaleUpLimit"},
      {"scaleUp with pods policy larger than percent policy",
       {},
       {},
       1,
       1000,
       GenerateScalingRules(100, 60, 100, 60, 0),
       {},
       10,
       500,
       110,
       "ScaleUpLimit"},
      {"scaleUp with percent policy larger than pods policy",
       {},
       {},
       1,
       1000,
       GenerateScalingRules(2, 60, 100, 60, 0),
       {},
       10,
       500,
       20,
       "ScaleUpLimit"},
      {"scaleUp with spec MaxReplicas limitation with large pod policy",
       {},
       {},
       1,
       1000,
       GenerateScalingRules(100, 60, 0, 0, 0),
       {},
       10,
       50,
       50,
       "DesiredWithinRange"},
      {"scaleUp with spec MaxReplicas limitation with large percent policy",
       {},
       {},
       1,
       1000,
       GenerateScalingRules(10000, 60, 0, 0, 0),
       {},
       10,
       50,
       50,
       "DesiredWithinRange"},
      {"scaleUp with pod policy limitation",
       {},
       {},
       1,
       1000,
       GenerateScalingRules(30, 60, 0, 0, 0),
       {},
       10,
       50,
       40,
       "ScaleUpLimit"},
      {"scaleUp with percent policy limitation",
       {},
       {},
       1,
       1000,
       GenerateScalingRules(0, 0, 200, 60, 0),
       {},
       10,
       50,
       30,
       "ScaleUpLimit"},
      {"scaleDown with percent policy larger than pod policy",
       {},
       {},
       1,
       1000,
       {},
       GenerateScalingRules(20, 60, 1, 60, 300),
       100,
       2,
       80,
       "ScaleDownLimit"},
      {"scaleDown with pod policy larger than percent policy",
       {},
       {},
       1,
       1000,
       {},
       GenerateScalingRules(2, 60, 1, 60, 300),
       100,
       2,
       98,
       "ScaleDownLimit"},
      {"scaleDown with spec MinReplicas=nil limitation with large pod policy",
       {},
       {},
       1,
       1000,
       {},
       GenerateScalingRules(100, 60, 0, 0, 300),
       10,
       0,
       1,
       "TooFewReplicas"},
      {"scaleDown with spec MinReplicas limitation with large percent policy",
       {},
       {},
       5,
       1000,
       {},
       GenerateScalingRules(0, 0, 100, 60, 300),
       10,
       2,
       5,
       "TooFewReplicas"},
      {"scaleDown with pod policy limitation",
       {},
       {},
       1,
       1000,
       {},
       GenerateScalingRules(5, 60, 0, 0, 300),
       10,
       2,
       5,
       "ScaleDownLimit"},
      {"scaleDown with percent policy limitation",
       {},
       {},
       1,
       1000,
       {},
       GenerateScalingRules(0, 0, 50, 60, 300),
       10,
       5,
       5,
       "DesiredWithinRange"},
      {"scaleUp with spec MaxReplicas limitation with large pod policy and events",
       ev({1, 5, 9}, 120),
       {},
       1,
       200,
       GenerateScalingRules(300, 60, 0, 0, 0),
       {},
       100,
       500,
       200,
       "TooManyReplicas"},
      {"scaleUp with spec MaxReplicas limitation with large percent policy and events",
       ev({1, 5, 9}, 120),
       {},
       1,
       200,
       GenerateScalingRules(0, 0, 10000, 60, 0),
       {},
       100,
       500,
       200,
       "TooManyReplicas"},
      {"scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent "
       "scale up events",
       ev({1, 5, 9}, 120),
       {},
       1,
       1000,
       GenerateScalingRules(5, 120, 0, 0, 0),
       {},
       100,
       500,
       100,
       "ScaleUpLimit"},
      {"scaleUp with pod policy and previous scale up events",
       ev({1, 5, 9}, 120),
       {},
       1,
       1000,
       GenerateScalingRules(150, 120, 0, 0, 0),
       {},
       100,
       500,
       235,
       "ScaleUpLimit"},
      {"scaleUp with percent policy and previous scale up events",
       ev({1, 5, 9}, 120),
       {},
       1,
       1000,
       GenerateScalingRules(0, 0, 200, 120, 0),
       {},
       100,
       500,
       255,
       "ScaleUpLimit"},
      {"scaleDown with default policy and previous events",
       {},
       ev({1, 5, 9}, 120),
       1,
       1000,
       {},
       {},
       10,
       5,
       5,
       "DesiredWithinRange"},
      {"scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events",
       {},
       ev({1, 5, 9}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(115, 120, 0, 0, 300),
       100,
       0,
       1,
       "TooFewReplicas"},
      {"scaleDown with spec MinReplicas limitation with large pod policy and previous events",
       {},
       ev({1, 5, 9}, 120),
       5,
       1000,
       {},
       GenerateScalingRules(130, 120, 0, 0, 300),
       100,
       0,
       5,
       "TooFewReplicas"},
      {"scaleDown with spec MinReplicas limitation with large percent policy and previous events",
       {},
       ev({1, 5, 9}, 120),
       5,
       1000,
       {},
       GenerateScalingRules(0, 0, 100, 120, 300),
       100,
       2,
       5,
       "TooFewReplicas"},
      {"scaleDown with pod policy limitation and previous events",
       {},
       ev({1, 5, 9}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(5, 120, 0, 0, 300),
       100,
       2,
       100,
       "ScaleDownLimit"},
      {"scaleDown with percent policy limitation and previous events",
       {},
       ev({2, 4, 6}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(0, 0, 50, 120, 300),
       100,
       0,
       56,
       "ScaleDownLimit"},
      {"scaleDown with previous events preventing further scale down",
       {},
       ev({10, 10, 10}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(0, 0, 10, 120, 300),
       100,
       0,
       100,
       "ScaleDownLimit"},
      {"scaleDown with with previous events still allowing more scale down",
       {},
       ev({10, 10, 10}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(0, 0, 1000, 120, 300),
       10,
       5,
       5,
       "DesiredWithinRange"},
      {"check 'outdated' flag for events for one behavior for up",
       ev({8, 12, 9, 11}, 120),
       {},
       1,
       1000,
       GenerateScalingRules(1000, 60, 0, 0, 0),
       {},
       100,
       200,
       200,
       "DesiredWithinRange"},
      {"check that events were not marked 'outdated' for two different policies in the behavior "
       "for up",
       ev({8, 12, 9, 11}, 120),
       {},
       1,
       1000,
       GenerateScalingRules(1000, 120, 100, 60, 0),
       {},
       100,
       200,
       200,
       "DesiredWithinRange"},
      {"check that events were marked 'outdated' for two different policies in the behavior for "
       "up",
       ev({8, 12, 9, 11}, 120),
       {},
       1,
       1000,
       GenerateScalingRules(1000, 30, 100, 60, 0),
       {},
       100,
       200,
       200,
       "DesiredWithinRange"},
      {"check 'outdated' flag for events for one behavior for down",
       {},
       ev({8, 12, 9, 11}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(1000, 60, 0, 0, 300),
       100,
       5,
       5,
       "DesiredWithinRange"},
      {"check that events were not marked 'outdated' for two different policies in the behavior "
       "for down",
       {},
       ev({8, 12, 9, 11}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(1000, 120, 100, 60, 300),
       100,
       5,
       5,
       "DesiredWithinRange"},
      {"check that events were marked 'outdated' for two different policies in the behavior for "
       "down",
       {},
       ev({8, 12, 9, 11}, 120),
       1,
       1000,
       {},
       GenerateScalingRules(1000, 30, 100, 60, 300),
       100,
       5,
       5,
       "DesiredWithinRange"},
  };
  for (const RulesCase& c : cases) {
    SCOPED_TRACE(c.name);
    HorizontalController hc;
    hc.SetScaleUpEvents(c.scale_up_events);
    hc.SetScaleDownEvents(c.scale_down_events);
    const ScalingRules up = UpRules(c.scale_up_rules);
    const ScalingRules down = DownRules(c.scale_down_rules);
    const NormalizationArg arg{
        &up, &down, c.min_replicas, c.max_replicas, c.current_replicas, c.prenormalized};
    const LimitedReplicas r = hc.ConvertDesiredReplicasWithBehaviorRate(kNow, arg);
    EXPECT_EQ(r.replicas, c.expected_replicas);
    EXPECT_EQ(r.reason, c.expected_condition);
  }
}

TEST(HorizontalTest, TestStoreScaleEvents) {
  struct Case {
    std::string name;
    int32_t replica_change;
    std::vector<TimestampedScaleEvent> prev;
    std::vector<std::pair<int32_t, bool>> expected;  // replica change, outdated
    std::optional<api::keda::HpaScalingRules> rules;
    int32_t expected_replicas_change;
  };
  const auto s = [](int64_t n) { return Duration::Seconds(n); };
  const std::vector<Case> cases = {
      {"empty entries with default behavior", 5, {}, {}, std::nullopt, 0},
      {"empty entries with two-policy-behavior",
       5,
       {},
       {{5, false}},
       GenerateScalingRules(10, 60, 100, 60, 0),
       0},
      {"one outdated entry to be kept untouched without behavior",
       5,
       {{7, Ago(s(61)), false}},
       {{7, false}},
       std::nullopt,
       0},
      {"one outdated entry to be replaced with behavior",
       5,
       {{7, Ago(s(61)), false}},
       {{5, false}},
       GenerateScalingRules(10, 60, 100, 60, 0),
       0},
      {"one actual entry to be not touched with behavior",
       5,
       {{7, Ago(s(58)), false}},
       {{7, false}, {5, false}},
       GenerateScalingRules(10, 60, 100, 60, 0),
       7},
      {"two entries, one of them to be replaced",
       5,
       {{7, Ago(s(61)), false}, {6, Ago(s(59)), false}},
       {{5, false}, {6, false}},
       GenerateScalingRules(10, 60, 0, 0, 0),
       6},
      {"replace one entry, use policies with different periods",
       5,
       {{8, Ago(s(29)), false},
        {6, Ago(s(59)), false},
        {7, Ago(s(61)), false},
        {9, Ago(s(61)), false}},
       {{8, false}, {6, false}, {7, true}, {5, false}},
       GenerateScalingRules(10, 60, 100, 30, 0),
       14},
      {"two entries, both actual",
       5,
       {{7, Ago(s(58)), false}, {6, Ago(s(59)), false}},
       {{7, false}, {6, false}, {5, false}},
       GenerateScalingRules(10, 120, 100, 30, 0),
       13},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::optional<Behavior> behavior;
    if (c.rules) behavior = Behavior{UpRules(c.rules), DownRules(c.rules)};
    const Behavior* b = behavior ? &*behavior : nullptr;

    HorizontalController up;
    up.SetScaleUpEvents(c.prev);
    EXPECT_EQ(GetReplicasChangePerPeriod(kNow, 60, up.scale_up_events()),
              c.expected_replicas_change);
    up.StoreScaleEvent(kNow, b, 10, 10 + c.replica_change);
    ASSERT_EQ(up.scale_up_events().size(), c.expected.size());
    for (size_t i = 0; i < c.expected.size(); ++i) {
      EXPECT_EQ(up.scale_up_events()[i].replica_change, c.expected[i].first) << "up " << i;
      EXPECT_EQ(up.scale_up_events()[i].outdated, c.expected[i].second) << "up " << i;
    }

    HorizontalController down;
    down.SetScaleDownEvents(c.prev);
    EXPECT_EQ(GetReplicasChangePerPeriod(kNow, 60, down.scale_down_events()),
              c.expected_replicas_change);
    down.StoreScaleEvent(kNow, b, 10, 10 - c.replica_change);
    ASSERT_EQ(down.scale_down_events().size(), c.expected.size());
    for (size_t i = 0; i < c.expected.size(); ++i) {
      EXPECT_EQ(down.scale_down_events()[i].replica_change, c.expected[i].first) << "down " << i;
      EXPECT_EQ(down.scale_down_events()[i].outdated, c.expected[i].second) << "down " << i;
    }
  }
}

TEST(HorizontalTest, TestNormalizeDesiredReplicasWithBehavior) {
  struct Case {
    std::string name;
    std::vector<TimestampedRecommendation> recommendations;
    int32_t current;
    int32_t prenormalized;
    int32_t expected_stabilized;
    std::vector<int32_t> expected_recommendations;
    int32_t up_window = 0;
    int32_t down_window = 0;
  };
  const Duration m = Duration::Minutes(1);
  const std::vector<Case> cases = {
      {"empty recommendations for scaling down", {}, 100, 5, 5, {5}},
      {"simple scale down stabilization",
       {{4, Ago(m * 2)}, {5, Ago(m)}},
       100,
       3,
       5,
       {4, 5, 3},
       0,
       60 * 3},
      {"simple scale up stabilization",
       {{4, Ago(m * 2)}, {5, Ago(m)}},
       1,
       7,
       4,
       {4, 5, 7},
       60 * 5,
       0},
      {"no scale down stabilization",
       {{1, Ago(m * 2)}, {2, Ago(m)}},
       100,
       3,
       3,
       {1, 2, 3},
       60 * 5,
       0},
      {"no scale up stabilization", {{4, Ago(m * 2)}, {5, Ago(m)}}, 1, 3, 3, {4, 5, 3}, 0, 60 * 5},
      {"no scale down stabilization, reuse recommendation element",
       {{10, Ago(m * 10)}, {9, Ago(m * 9)}},
       100,
       3,
       3,
       {10, 3}},
      {"no scale up stabilization, reuse recommendation element",
       {{10, Ago(m * 10)}, {9, Ago(m * 9)}},
       1,
       100,
       100,
       {10, 100}},
      {"scale down stabilization, reuse one of obsolete recommendation element",
       {{10, Ago(m * 10)}, {4, Ago(m)}, {5, Ago(m * 2)}, {9, Ago(m * 9)}},
       100,
       3,
       5,
       {10, 4, 5, 3},
       0,
       3 * 60},
      // Only the first element is obsolete for both directions (windows 300 s up, 0 s down).
      {"scale up stabilization, reuse one of obsolete recommendation element",
       {{10, Ago(m * 100)}, {6, Ago(m)}, {5, Ago(m * 2)}, {9, Ago(m * 3)}},
       1,
       100,
       5,
       {100, 6, 5, 9},
       300,
       0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HorizontalController hc;
    hc.SetRecommendations(c.recommendations);
    ScalingRules up{c.up_window, SelectPolicy::kMax, {}, std::nullopt};
    ScalingRules down{c.down_window, SelectPolicy::kMax, {}, std::nullopt};
    const NormalizationArg arg{&up, &down, 0, 0, c.current, c.prenormalized};
    EXPECT_EQ(hc.StabilizeRecommendationWithBehaviors(kNow, arg).replicas, c.expected_stabilized);
    ASSERT_EQ(hc.recommendations().size(), c.expected_recommendations.size());
    for (size_t i = 0; i < c.expected_recommendations.size(); ++i) {
      EXPECT_EQ(hc.recommendations()[i].recommendation, c.expected_recommendations[i]) << i;
    }
  }
}

}  // namespace
}  // namespace tidepool::autoscaling::hpa
