// KEDA's worked example (keda.md §2.5): a queue backlog of 250 with an AverageValue target of 5,
// starting at one replica, evaluated every 15 s as a cluster's HPA controller does. Without
// behavior the legacy limit doubles (at least +4): 1 → 4 → 8 → 16 → 32 → 50. With upstream's
// default behavior policies (+4 pods or +100% per 15 s): 1 → 5 → 10 → 20 → 40 → 50. Evaluated at
// every poll instead, the history is keyed by time, so the same policies still hold.
#include <gtest/gtest.h>

#include <vector>

#include "api/keda/scaled_object.h"
#include "autoscaling/hpa/horizontal.h"
#include "autoscaling/hpa/replica_calculator.h"

namespace tidepool::autoscaling::hpa {
namespace {

const Time kStart = Time::FromUnixSeconds(1'700'000'000);
constexpr int64_t kBacklogMilli = 250'000;
constexpr int64_t kTargetMilli = 5'000;

// Replica counts after each evaluation, from one replica, the backlog constant.
std::vector<int32_t> Ramp(const HpaSpec& spec, Duration interval, int evaluations) {
  HorizontalController hpa;
  const ReplicaCalculator calc;
  std::vector<int32_t> counts = {1};
  int32_t current = 1;
  const std::vector<int64_t> values = {kBacklogMilli};
  for (int i = 0; i < evaluations; ++i) {
    auto r = calc.GetExternalPerPodMetricReplicas(current, kTargetMilli, hpa.TolerancesFor(spec),
                                                  values);
    EXPECT_TRUE(r);
    const std::vector<MetricProposal> metrics = {{r->replicas, true, {}, {}}};
    const Decision d = hpa.Decide(kStart + interval * i, current, spec, metrics);
    current = d.desired_replicas;
    counts.push_back(current);
  }
  return counts;
}

HpaSpec KedaDefaults() { return {.min_replicas = 1, .max_replicas = 100, .behavior = {}}; }

TEST(RampTest, LegacyRulesEvery15Seconds) {
  EXPECT_EQ(Ramp(KedaDefaults(), kDefaultSyncPeriod, 6),
            (std::vector<int32_t>{1, 4, 8, 16, 32, 50, 50}));
}

TEST(RampTest, DefaultBehaviorPoliciesEvery15Seconds) {
  HpaSpec spec = KedaDefaults();
  spec.behavior = *ResolveBehavior(api::keda::HpaBehavior{});
  EXPECT_EQ(Ramp(spec, kDefaultSyncPeriod, 6), (std::vector<int32_t>{1, 5, 10, 20, 40, 50, 50}));
}

TEST(RampTest, DefaultBehaviorPoliciesEvery5SecondsStillLimitPer15Seconds) {
  HpaSpec spec = KedaDefaults();
  spec.behavior = *ResolveBehavior(api::keda::HpaBehavior{});
  // Within one 15 s period the +4 / +100% allowance is shared: 1 → 5 at 0 s, then nothing until
  // the first event leaves the period at 15 s.
  const std::vector<int32_t> counts = Ramp(spec, Duration::Seconds(5), 7);
  EXPECT_EQ(counts, (std::vector<int32_t>{1, 5, 5, 5, 10, 10, 10, 20}));
}

TEST(RampTest, AtTheTargetTheCountHolds) {
  // 250 / (5 × 48) = 1.042 is within the 0.1 tolerance.
  const ReplicaCalculator calc;
  const std::vector<int64_t> values = {kBacklogMilli};
  auto r = calc.GetExternalPerPodMetricReplicas(48, kTargetMilli, {}, values);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 48);
}

TEST(RampTest, LegacyScaleDownWaitsForTheStabilizationWindow) {
  // At 50 replicas the backlog drains to 0: the legacy rules keep the highest recommendation of the
  // last five minutes, then drop straight to the minimum.
  HorizontalController hpa;
  const HpaSpec spec = KedaDefaults();
  const std::vector<MetricProposal> busy = {{50, true, {}, {}}};
  const std::vector<MetricProposal> idle = {{0, true, {}, {}}};
  EXPECT_EQ(hpa.Decide(kStart, 50, spec, busy).desired_replicas, 50);
  int32_t current = 50;
  Time t = kStart;
  for (int i = 1; i <= 20; ++i) {  // 5 minutes of 15 s evaluations
    t += kDefaultSyncPeriod;
    current = hpa.Decide(t, current, spec, idle).desired_replicas;
    EXPECT_EQ(current, 50) << "at " << (t - kStart).ToString();
  }
  t += kDefaultSyncPeriod;
  const Decision d = hpa.Decide(t, current, spec, idle);
  EXPECT_EQ(d.desired_replicas, 1);
  EXPECT_EQ(d.scaling_limited->reason, "TooFewReplicas");
  // The history never grew beyond one window's worth of evaluations.
  EXPECT_LE(hpa.recommendations().size(), 22u);
}

TEST(RampTest, SelectPolicyDisabledFreezesThatDirection) {
  // KEDA's paused-scale-out annotation injects selectPolicy: Disabled into scaleUp.
  api::keda::HpaBehavior behavior;
  behavior.scale_up = api::keda::HpaScalingRules{};
  behavior.scale_up->select_policy = "Disabled";
  HpaSpec spec = KedaDefaults();
  spec.behavior = *ResolveBehavior(behavior);
  EXPECT_EQ(Ramp(spec, kDefaultSyncPeriod, 3), (std::vector<int32_t>{1, 1, 1, 1}));
}

}  // namespace
}  // namespace tidepool::autoscaling::hpa
