// Whole-evaluation cases ported from Kubernetes pkg/controller/podautoscaler/horizontal_test.go
// (TestScaleUp*, TestScaleDown*, TestTolerance*, TestMinReplicas, TestMaxReplicas, ...): the same
// HPA spec, pods and metric levels go through ReplicaCalculator and HorizontalController::Decide,
// and the replica count and status conditions are upstream's expectations.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "api/keda/scaled_object.h"
#include "autoscaling/hpa/horizontal.h"
#include "autoscaling/hpa/replica_calculator.h"

namespace tidepool::autoscaling::hpa {
namespace {

using CS = ConditionStatus;

const Time kNow = Time::FromUnixSeconds(1'700'000'000);
Time Hot() { return kNow; }
Time Cool() { return kNow - Duration::Minutes(3); }

api::keda::HpaScalingRules GenerateScalingRules(int32_t pods, int32_t pods_period, int32_t percent,
                                                int32_t percent_period, int32_t window) {
  api::keda::HpaScalingRules rules;
  rules.stabilization_window_seconds = window;
  rules.select_policy = "Max";
  if (pods != 0) rules.policies.push_back({"Pods", pods, pods_period, {}});
  if (percent != 0) rules.policies.push_back({"Percent", percent, percent_period, {}});
  return rules;
}

// horizontal_test.go's testCase, reduced to what the decision reads.
struct Case {
  int32_t min_replicas = 0;
  int32_t max_replicas = 0;
  int32_t spec_replicas = 0;
  int32_t status_replicas = 0;
  std::optional<api::keda::HpaScalingRules> scale_up_rules = {};
  std::optional<api::keda::HpaScalingRules> scale_down_rules = {};
  int32_t cpu_target = 0;            // averageUtilization of a cpu Resource metric; 0: none
  std::vector<int64_t> levels = {};  // per pod: cpu usage, or the custom/external samples
  std::optional<std::vector<int64_t>> cpu_requests = {};  // per pod; unset: 1.0 each
  std::vector<CS> readiness = {};
  std::vector<Time> start_times = {};
  std::vector<PodPhase> phases = {};
  std::vector<bool> deleting = {};
  // Upstream's `recommendations: []timestampedRecommendation{}`: a history that exists but is
  // empty, so the first evaluation is not held back by the initial recommendation.
  bool empty_history = false;
};

class Harness {
 public:
  explicit Harness(const Case& c) : c_(c) {
    const size_t count = c.cpu_requests ? c.cpu_requests->size() : size_t(c.status_replicas);
    for (size_t i = 0; i < count; ++i) {
      PodInfo pod;
      pod.name = "test-pod-" + std::to_string(i);
      pod.phase = i < c.phases.size() ? c.phases[i] : PodPhase::kRunning;
      const Time start = i < c.start_times.size() ? c.start_times[i] : Time();
      pod.start_time = start;
      pod.ready_condition =
          ReadyCondition{i < c.readiness.size() ? c.readiness[i] : CS::kTrue, start};
      pod.being_deleted = i < c.deleting.size() && c.deleting[i];
      const int64_t request = c.cpu_requests ? (*c.cpu_requests)[i] : 1000;
      pod.containers = {{"container1", {.cpu_milli = request / 2}},
                        {"container2", {.cpu_milli = request / 2}}};
      pods_.push_back(pod);
    }
    for (size_t i = 0; i < c.levels.size(); ++i) {
      metrics_["test-pod-" + std::to_string(i)] = {c.levels[i], kNow, Duration::Minutes(1)};
    }
    spec_.min_replicas = c.min_replicas;
    spec_.max_replicas = c.max_replicas;
    if (c.scale_up_rules || c.scale_down_rules) {
      api::keda::HpaBehavior behavior;
      behavior.scale_up = c.scale_up_rules;
      behavior.scale_down = c.scale_down_rules;
      spec_.behavior = *ResolveBehavior(behavior);
    }
    if (c.empty_history) hpa_.SetRecommendations({});
  }

  Tolerances tolerances() const { return hpa_.TolerancesFor(spec_); }

  MetricProposal Cpu() const {
    auto r = calc_.GetResourceReplicas(kNow, c_.spec_replicas, c_.cpu_target, Resource::kCpu,
                                       tolerances(), pods_, metrics_);
    if (!r) return {0, false, "FailedGetResourceMetric", "unable to get metrics"};
    return {r->replicas, true, {}, {}};
  }
  MetricProposal PodsMetric(int64_t target) const {
    auto r = calc_.GetMetricReplicas(kNow, c_.spec_replicas, target, tolerances(), pods_, metrics_);
    if (!r) return {0, false, "FailedGetPodsMetric", "unable to get metric"};
    return {r->replicas, true, {}, {}};
  }
  MetricProposal ExternalValue(int64_t target) const {
    auto r =
        calc_.GetExternalMetricReplicas(c_.spec_replicas, target, tolerances(), c_.levels, pods_);
    if (!r) return {0, false, "FailedGetExternalMetric", "unable to get external metric"};
    return {r->replicas, true, {}, {}};
  }
  MetricProposal ExternalAverage(int64_t target) const {
    auto r =
        calc_.GetExternalPerPodMetricReplicas(c_.status_replicas, target, tolerances(), c_.levels);
    if (!r) return {0, false, "FailedGetExternalMetric", "unable to get external metric"};
    return {r->replicas, true, {}, {}};
  }
  static MetricProposal Invalid() {
    return {0, false, "InvalidMetricSourceType", "unknown metric source type \"CheddarCheese\""};
  }

  // The cpu metric (if any) first, then the others, as upstream lists them.
  Decision Decide(std::vector<MetricProposal> others = {}) {
    std::vector<MetricProposal> all;
    if (c_.cpu_target > 0) all.push_back(Cpu());
    all.insert(all.end(), others.begin(), others.end());
    return hpa_.Decide(kNow, c_.spec_replicas, spec_, all);
  }

 private:
  Case c_;
  ReplicaCalculator calc_{{Duration::Minutes(2), Duration::Seconds(10)}};
  HorizontalController hpa_;
  HpaSpec spec_;
  std::vector<PodInfo> pods_;
  PodMetricsInfo metrics_;
};

struct Cond {
  std::string_view reason;
  bool status = true;
};

// statusOkWithOverrides: AbleToScale SucceededRescale, ScalingActive ValidMetricFound,
// ScalingLimited False DesiredWithinRange, unless given.
void ExpectConditions(const Decision& d, Cond able = {"SucceededRescale"},
                      Cond active = {"ValidMetricFound"},
                      std::optional<Cond> limited = Cond{"DesiredWithinRange", false}) {
  ASSERT_TRUE(d.able_to_scale);
  EXPECT_EQ(d.able_to_scale->reason, able.reason);
  EXPECT_EQ(d.able_to_scale->status, able.status);
  ASSERT_TRUE(d.scaling_active);
  EXPECT_EQ(d.scaling_active->reason, active.reason);
  EXPECT_EQ(d.scaling_active->status, active.status);
  if (limited) {
    ASSERT_TRUE(d.scaling_limited);
    EXPECT_EQ(d.scaling_limited->reason, limited->reason);
    EXPECT_EQ(d.scaling_limited->status, limited->status);
  } else {
    EXPECT_FALSE(d.scaling_limited);
  }
}

const std::vector<int64_t> kThreeCores = {1000, 1000, 1000};
const std::vector<int64_t> kFiveCores = {1000, 1000, 1000, 1000, 1000};
const std::vector<int64_t> kSevenCores = {1000, 1000, 1000, 1000, 1000, 1000, 1000};

TEST(DecideTest, TestScaleUp) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_target = 30,
             .levels = {300, 500, 700},
             .cpu_requests = kThreeCores});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 5);
  EXPECT_TRUE(d.rescale);
  EXPECT_EQ(d.reason, RescaleReason::kMetricAboveTarget);
  ExpectConditions(d);
}

TEST(DecideTest, TestScaleUpCM) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .levels = {20000, 10000, 30000},
             .cpu_requests = kThreeCores});
  const Decision d = h.Decide({h.PodsMetric(15000)});
  EXPECT_EQ(d.desired_replicas, 4);
  ExpectConditions(d);
}

TEST(DecideTest, TestScaleUpCMUnreadyAndHotCpuNoLessScale) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .levels = {50000, 10000, 30000},
             .cpu_requests = kThreeCores,
             .readiness = {CS::kTrue, CS::kTrue, CS::kFalse},
             .start_times = {Cool(), Cool(), Hot()}});
  const Decision d = h.Decide({h.PodsMetric(15000)});
  EXPECT_EQ(d.desired_replicas, 6);
  ExpectConditions(d);
}

TEST(DecideTest, TestScaleUpCMUnreadyandCpuHot) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .levels = {50000, 15000, 30000},
             .cpu_requests = kThreeCores,
             .readiness = {CS::kFalse, CS::kTrue, CS::kFalse},
             .start_times = {Hot(), Cool(), Hot()}});
  const Decision d = h.Decide({h.PodsMetric(15000)});
  EXPECT_EQ(d.desired_replicas, 6);
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"TooManyReplicas", true});
}

TEST(DecideTest, TestScaleUpHotCpuNoScaleWouldScaleDown) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .levels = {50000, 15000, 30000},
             .cpu_requests = kThreeCores,
             .start_times = {Hot(), Cool(), Hot()}});
  const Decision d = h.Decide({h.PodsMetric(15000)});
  EXPECT_EQ(d.desired_replicas, 6);
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"TooManyReplicas", true});
}

TEST(DecideTest, TestScaleUpCMExternal) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .levels = {8600}});
  EXPECT_EQ(h.Decide({h.ExternalValue(6666)}).desired_replicas, 4);
}

TEST(DecideTest, TestScaleUpPerPodCMExternal) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .levels = {8600}});
  EXPECT_EQ(h.Decide({h.ExternalAverage(2222)}).desired_replicas, 4);
}

TEST(DecideTest, TestScaleDown) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .cpu_target = 50,
             .levels = {100, 300, 500, 250, 250},
             .cpu_requests = kFiveCores,
             .empty_history = true});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 3);
  EXPECT_EQ(d.reason, RescaleReason::kAllMetricsBelowTarget);
  ExpectConditions(d);
}

TEST(DecideTest, TestScaleDownWithScalingRules) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .scale_up_rules = GenerateScalingRules(0, 0, 100, 15, 30),
             .cpu_target = 50,
             .levels = {100, 300, 500, 250, 250},
             .cpu_requests = kFiveCores,
             .empty_history = true});
  EXPECT_EQ(h.Decide().desired_replicas, 3);
}

TEST(DecideTest, TestScaleDownStabilizeInitialSize) {
  // No history: the initial recommendation (the current 5) holds the scale-down back.
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .cpu_target = 50,
             .levels = {100, 300, 500, 250, 250},
             .cpu_requests = kFiveCores});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 5);
  EXPECT_FALSE(d.rescale);
  ExpectConditions(d, {"ScaleDownStabilized"});
}

TEST(DecideTest, TestScaleDownCM) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .levels = {12000, 12000, 12000, 12000, 12000},
             .cpu_requests = kFiveCores,
             .empty_history = true});
  EXPECT_EQ(h.Decide({h.PodsMetric(20000)}).desired_replicas, 3);
}

TEST(DecideTest, TestScaleDownCMExternal) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .levels = {8600},
             .empty_history = true});
  EXPECT_EQ(h.Decide({h.ExternalValue(14400)}).desired_replicas, 3);
}

TEST(DecideTest, TestScaleDownToZeroCMExternal) {
  Harness h({.min_replicas = 0,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .levels = {0},
             .empty_history = true});
  EXPECT_EQ(h.Decide({h.ExternalValue(14400)}).desired_replicas, 0);
}

TEST(DecideTest, TestScaleDownPerPodCMExternal) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .levels = {8600},
             .empty_history = true});
  EXPECT_EQ(h.Decide({h.ExternalAverage(3000)}).desired_replicas, 3);
}

TEST(DecideTest, TestScaleDownIncludeUnreadyPods) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .cpu_target = 50,
             .levels = {100, 300, 500, 250, 250},
             .cpu_requests = kFiveCores,
             .readiness = {CS::kTrue, CS::kTrue, CS::kTrue, CS::kFalse, CS::kFalse},
             .empty_history = true});
  EXPECT_EQ(h.Decide().desired_replicas, 2);
}

TEST(DecideTest, TestScaleDownIgnoreHotCpuPods) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .cpu_target = 50,
             .levels = {100, 300, 500, 250, 250},
             .cpu_requests = kFiveCores,
             .start_times = {Cool(), Cool(), Cool(), Hot(), Hot()},
             .empty_history = true});
  EXPECT_EQ(h.Decide().desired_replicas, 2);
}

TEST(DecideTest, TestScaleDownIgnoresFailedPods) {
  Harness h(
      {.min_replicas = 2,
       .max_replicas = 6,
       .spec_replicas = 5,
       .status_replicas = 5,
       .cpu_target = 50,
       .levels = {100, 300, 500, 250, 250},
       .cpu_requests = kSevenCores,
       .readiness = {CS::kTrue, CS::kTrue, CS::kTrue, CS::kTrue, CS::kTrue, CS::kFalse, CS::kFalse},
       .phases = {PodPhase::kRunning, PodPhase::kRunning, PodPhase::kRunning, PodPhase::kRunning,
                  PodPhase::kRunning, PodPhase::kFailed, PodPhase::kFailed},
       .empty_history = true});
  EXPECT_EQ(h.Decide().desired_replicas, 3);
}

TEST(DecideTest, TestScaleDownIgnoresDeletionPods) {
  Harness h(
      {.min_replicas = 2,
       .max_replicas = 6,
       .spec_replicas = 5,
       .status_replicas = 5,
       .cpu_target = 50,
       .levels = {100, 300, 500, 250, 250},
       .cpu_requests = kSevenCores,
       .readiness = {CS::kTrue, CS::kTrue, CS::kTrue, CS::kTrue, CS::kTrue, CS::kFalse, CS::kFalse},
       .deleting = {false, false, false, false, false, true, true},
       .empty_history = true});
  EXPECT_EQ(h.Decide().desired_replicas, 3);
}

TEST(DecideTest, TestTolerance) {
  Harness h({.min_replicas = 1,
             .max_replicas = 5,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_target = 100,
             .levels = {1010, 1030, 1020},
             .cpu_requests = std::vector<int64_t>{900, 1000, 1100}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 3);
  EXPECT_FALSE(d.rescale);
  ExpectConditions(d, {"ReadyForNewScale"});
}

TEST(DecideTest, TestToleranceCM) {
  Harness h({.min_replicas = 1,
             .max_replicas = 5,
             .spec_replicas = 3,
             .status_replicas = 3,
             .levels = {20000, 20001, 21000},
             .cpu_requests = std::vector<int64_t>{900, 1000, 1100}});
  const Decision d = h.Decide({h.PodsMetric(20000)});
  EXPECT_EQ(d.desired_replicas, 3);
  ExpectConditions(d, {"ReadyForNewScale"});
}

TEST(DecideTest, TestToleranceCMExternal) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 4,
             .status_replicas = 4,
             .levels = {8600}});
  const Decision d = h.Decide({h.ExternalValue(8666)});
  EXPECT_EQ(d.desired_replicas, 4);
  ExpectConditions(d, {"ReadyForNewScale"});
}

TEST(DecideTest, TestTolerancePerPodCMExternal) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 4,
             .status_replicas = 4,
             .levels = {8600}});
  const Decision d = h.Decide({h.ExternalAverage(2200)});
  EXPECT_EQ(d.desired_replicas, 4);
  ExpectConditions(d, {"ReadyForNewScale"});
}

TEST(DecideTest, TestMinReplicas) {
  Harness h({.min_replicas = 2,
             .max_replicas = 5,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_target = 90,
             .levels = {10, 95, 10},
             .cpu_requests = std::vector<int64_t>{900, 1000, 1100},
             .empty_history = true});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 2);
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"TooFewReplicas", true});
}

TEST(DecideTest, TestZeroMinReplicasDesiredZero) {
  Harness h({.min_replicas = 0,
             .max_replicas = 5,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_target = 90,
             .levels = {0, 0, 0},
             .cpu_requests = std::vector<int64_t>{900, 1000, 1100},
             .empty_history = true});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 0);
  ExpectConditions(d);
}

TEST(DecideTest, TestMinReplicasDesiredZero) {
  Harness h({.min_replicas = 2,
             .max_replicas = 5,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_target = 90,
             .levels = {0, 0, 0},
             .cpu_requests = std::vector<int64_t>{900, 1000, 1100},
             .empty_history = true});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 2);
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"TooFewReplicas", true});
}

TEST(DecideTest, TestZeroReplicas) {
  Harness h({.min_replicas = 3,
             .max_replicas = 5,
             .spec_replicas = 0,
             .status_replicas = 0,
             .cpu_target = 90,
             .cpu_requests = std::vector<int64_t>{}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 0);
  EXPECT_FALSE(d.rescale);
  ExpectConditions(d, {"SucceededGetScale"}, {"ScalingDisabled", false}, std::nullopt);
}

TEST(DecideTest, TestTooFewReplicas) {
  Harness h({.min_replicas = 3,
             .max_replicas = 5,
             .spec_replicas = 2,
             .status_replicas = 2,
             .cpu_target = 90,
             .cpu_requests = std::vector<int64_t>{}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 3);
  EXPECT_EQ(d.reason, RescaleReason::kBelowMinReplicas);
  ASSERT_TRUE(d.able_to_scale);
  EXPECT_EQ(d.able_to_scale->reason, "SucceededRescale");
  EXPECT_FALSE(d.scaling_active);
  EXPECT_FALSE(d.scaling_limited);
}

TEST(DecideTest, TestTooManyReplicas) {
  Harness h({.min_replicas = 3,
             .max_replicas = 5,
             .spec_replicas = 10,
             .status_replicas = 10,
             .cpu_target = 90,
             .cpu_requests = std::vector<int64_t>{}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 5);
  EXPECT_EQ(d.reason, RescaleReason::kAboveMaxReplicas);
  EXPECT_EQ(d.able_to_scale->reason, "SucceededRescale");
  EXPECT_FALSE(d.scaling_active);
}

TEST(DecideTest, TestMaxReplicas) {
  Harness h({.min_replicas = 2,
             .max_replicas = 5,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_target = 90,
             .levels = {8000, 9500, 1000},
             .cpu_requests = std::vector<int64_t>{900, 1000, 1100}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 5);
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"TooManyReplicas", true});
}

TEST(DecideTest, TestSuperfluousMetrics) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 4,
             .status_replicas = 4,
             .cpu_target = 100,
             .levels = {4000, 9500, 3000, 7000, 3200, 2000},
             .cpu_requests = std::vector<int64_t>{1000, 1000, 1000, 1000}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 6);
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"TooManyReplicas", true});
}

TEST(DecideTest, TestMissingMetrics) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 4,
             .status_replicas = 4,
             .cpu_target = 100,
             .levels = {400, 95},
             .cpu_requests = std::vector<int64_t>{1000, 1000, 1000, 1000},
             .empty_history = true});
  EXPECT_EQ(h.Decide().desired_replicas, 3);
}

TEST(DecideTest, TestEmptyMetrics) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 4,
             .status_replicas = 4,
             .cpu_target = 100,
             .cpu_requests = std::vector<int64_t>{1000, 1000, 1000, 1000}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 4);
  EXPECT_TRUE(d.metrics_failed);
  ExpectConditions(d, {"SucceededGetScale"}, {"FailedGetResourceMetric", false}, std::nullopt);
}

TEST(DecideTest, TestEmptyCPURequest) {
  Harness h({.min_replicas = 1,
             .max_replicas = 5,
             .spec_replicas = 1,
             .status_replicas = 1,
             .cpu_target = 100,
             .levels = {200},
             .cpu_requests = std::vector<int64_t>{}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 1);
  ExpectConditions(d, {"SucceededGetScale"}, {"FailedGetResourceMetric", false}, std::nullopt);
}

TEST(DecideTest, TestEventCreated) {
  Harness h({.min_replicas = 1,
             .max_replicas = 5,
             .spec_replicas = 1,
             .status_replicas = 1,
             .cpu_target = 50,
             .levels = {200},
             .cpu_requests = std::vector<int64_t>{200}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 2);
  EXPECT_TRUE(d.rescale);  // upstream's SuccessfulRescale event
}

TEST(DecideTest, TestEventNotCreated) {
  Harness h({.min_replicas = 1,
             .max_replicas = 5,
             .spec_replicas = 2,
             .status_replicas = 2,
             .cpu_target = 50,
             .levels = {200, 200},
             .cpu_requests = std::vector<int64_t>{400, 400}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 2);
  EXPECT_FALSE(d.rescale);
  ExpectConditions(d, {"ReadyForNewScale"});
}

TEST(DecideTest, TestMissingReports) {
  Harness h({.min_replicas = 1,
             .max_replicas = 5,
             .spec_replicas = 4,
             .status_replicas = 4,
             .cpu_target = 50,
             .levels = {200},
             .cpu_requests = std::vector<int64_t>{200},
             .empty_history = true});
  EXPECT_EQ(h.Decide().desired_replicas, 2);
}

TEST(DecideTest, TestUpscaleCap) {
  Harness h({.min_replicas = 1,
             .max_replicas = 100,
             .spec_replicas = 3,
             .status_replicas = 3,
             .scale_up_rules = GenerateScalingRules(0, 0, 700, 60, 0),
             .cpu_target = 10,
             .levels = {100, 200, 300},
             .cpu_requests = std::vector<int64_t>{100, 100, 100}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 24);
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"ScaleUpLimit", true});
}

TEST(DecideTest, TestUpscaleCapGreaterThanMaxReplicas) {
  Harness h({.min_replicas = 1,
             .max_replicas = 20,
             .spec_replicas = 3,
             .status_replicas = 3,
             .scale_up_rules = GenerateScalingRules(0, 0, 700, 60, 0),
             .cpu_target = 10,
             .levels = {100, 200, 300},
             .cpu_requests = std::vector<int64_t>{100, 100, 100}});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 20);  // 24 without maxReplicas
  ExpectConditions(d, {"SucceededRescale"}, {"ValidMetricFound"}, Cond{"TooManyReplicas", true});
}

TEST(DecideTest, TestMoreReplicasThanSpecNoScale) {
  // A Deployment update with 25% surge: five pods for a spec of four.
  Harness h({.min_replicas = 1,
             .max_replicas = 8,
             .spec_replicas = 4,
             .status_replicas = 5,
             .cpu_target = 50,
             .levels = {500, 500, 500, 500, 500},
             .cpu_requests = kFiveCores});
  const Decision d = h.Decide();
  EXPECT_EQ(d.desired_replicas, 4);
  EXPECT_FALSE(d.rescale);
  ExpectConditions(d, {"ReadyForNewScale"});
}

TEST(DecideTest, TestScaleUpOneMetricInvalid) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_target = 30,
             .levels = {300, 400, 500},
             .cpu_requests = kThreeCores});
  const Decision d = h.Decide({Harness::Invalid()});
  EXPECT_EQ(d.desired_replicas, 4);
  EXPECT_EQ(d.invalid_metrics, 1);
  EXPECT_FALSE(d.metrics_failed);
  ExpectConditions(d);
}

TEST(DecideTest, TestScaleUpFromZeroOneMetricInvalid) {
  Harness h({.min_replicas = 0,
             .max_replicas = 6,
             .spec_replicas = 0,
             .status_replicas = 0,
             .cpu_target = 30,
             .levels = {300, 400, 500},
             .cpu_requests = kThreeCores,
             .empty_history = true});
  EXPECT_EQ(h.Decide({Harness::Invalid()}).desired_replicas, 4);
}

TEST(DecideTest, TestScaleUpBothMetricsEmpty) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 3,
             .status_replicas = 3,
             .cpu_requests = kThreeCores});
  const Decision d = h.Decide({Harness::Invalid()});
  EXPECT_EQ(d.desired_replicas, 3);
  EXPECT_TRUE(d.metrics_failed);
  ExpectConditions(d, {"SucceededGetScale"}, {"InvalidMetricSourceType", false}, std::nullopt);
}

// horizontal.go computeReplicasForMetrics: with a metric missing, a scale-down is not trusted (the
// missing metric may be the one holding the count up).
TEST(DecideTest, NoScaleDownWhileAMetricIsInvalid) {
  Harness h({.min_replicas = 2,
             .max_replicas = 6,
             .spec_replicas = 5,
             .status_replicas = 5,
             .cpu_target = 50,
             .levels = {100, 300, 500, 250, 250},
             .cpu_requests = kFiveCores,
             .empty_history = true});
  const Decision d = h.Decide({{0, false, "FailedGetExternalMetric", "something went wrong"}});
  EXPECT_EQ(d.desired_replicas, 5);
  EXPECT_FALSE(d.rescale);
  EXPECT_TRUE(d.metrics_failed);
  ExpectConditions(d, {"SucceededGetScale"}, {"FailedGetExternalMetric", false}, std::nullopt);
}

TEST(DecideTest, MaxOverMetrics) {
  HorizontalController hpa;
  const HpaSpec spec{.min_replicas = 1, .max_replicas = 100, .behavior = std::nullopt};
  const std::vector<MetricProposal> metrics = {
      {7, true, {}, {}}, {9, true, {}, {}}, {8, true, {}, {}}};
  const Decision d = hpa.Decide(kNow, 5, spec, metrics);
  EXPECT_EQ(d.desired_replicas, 9);
  EXPECT_EQ(d.metric_index, 1);
}

}  // namespace
}  // namespace tidepool::autoscaling::hpa
