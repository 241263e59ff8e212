// Ported from kedacore/keda pkg/scaling/scaledjob/metrics_test.go (target averages),
// pkg/scaling/scale_handler_test.go (TestGetScaledJobState: multi-trigger combination),
// pkg/scaling/executor/scale_jobs_test.go (the strategies and the scaling decision) and the
// scaledjob-spec docs table.
#include "autoscaling/scaled_job_metrics.h"

#include <gtest/gtest.h>

namespace tidepool::autoscaling {
namespace {

scalers::MetricSpec Spec(int64_t average_value, std::string name = "s0-messageCount") {
  scalers::MetricSpec spec;
  spec.metric_name = std::move(name);
  spec.target_type = scalers::MetricTargetType::kAverageValue;
  spec.target_value = Quantity::FromInt(average_value);
  return spec;
}

api::keda::ScaledJob MakeScaledJob(std::optional<int32_t> min, std::optional<int32_t> max,
                                   std::string calculation = "") {
  api::keda::ScaledJob sj;
  sj.metadata.name = "test";
  sj.metadata.namespace_ = "test";
  sj.spec.min_replica_count = min;
  sj.spec.max_replica_count = max;
  sj.spec.scaling_strategy.multiple_scalers_calculation = std::move(calculation);
  return sj;
}

api::keda::ScaledJob WithStrategy(std::string strategy, std::optional<int32_t> deduction,
                                  std::string percentage) {
  api::keda::ScaledJob sj = MakeScaledJob(std::nullopt, std::nullopt);
  sj.spec.scaling_strategy.strategy = std::move(strategy);
  sj.spec.scaling_strategy.custom_scaling_queue_length_deduction = deduction;
  sj.spec.scaling_strategy.custom_scaling_running_job_percentage = std::move(percentage);
  return sj;
}

int64_t MaxScale(const api::keda::ScaledJob& sj, int64_t max_scale, int64_t running,
                 int64_t pending, int64_t max_replicas, int64_t scale_to) {
  return GetEffectiveMaxScale(sj, max_scale, running, pending, max_replicas, scale_to).max_scale;
}

TEST(ScaledJobMetricsTest, TestTargetAverageValue) {
  std::vector<scalers::MetricSpec> specs = {Spec(2), Spec(3)};
  EXPECT_EQ(TargetAverageValue(specs), 2.5);
  specs = {Spec(1), Spec(1)};
  EXPECT_EQ(TargetAverageValue(specs), 1);
  specs = {Spec(5), Spec(5), Spec(3)};
  EXPECT_EQ(TargetAverageValue(specs), 4.333333333333333);
  specs = {Spec(5), Spec(5), Spec(4)};
  EXPECT_EQ(TargetAverageValue(specs), 4.666666666666667);
  // A Value target counts as 0 in the average.
  specs = {Spec(4), Spec(4)};
  specs[1].target_type = scalers::MetricTargetType::kValue;
  EXPECT_EQ(TargetAverageValue(specs), 2);
}

// One trigger per entry: (queue length, target average value, active).
struct Trigger {
  int64_t queue;
  int64_t target;
  bool active;
};

ScaledJobActivity State(const api::keda::ScaledJob& sj, std::vector<Trigger> triggers) {
  std::vector<ScalerMetrics> metrics;
  for (const Trigger& t : triggers) {
    std::vector<scalers::MetricSpec> specs = {Spec(t.target, "s0-queueLength")};
    std::vector<scalers::MetricValue> values = {
        {"s0-queueLength", Quantity::FromInt(t.queue), Time()}};
    QueueLengthAndMaxValue q =
        CalculateQueueLengthAndMaxValue(values, specs, api::keda::MaxReplicaCount(sj));
    metrics.push_back({q.queue_length, q.max_value, t.active});
  }
  return IsScaledJobActive(metrics, api::keda::MultipleScalersCalculation(sj),
                           api::keda::MinReplicaCount(sj), api::keda::MaxReplicaCount(sj));
}

TEST(ScaledJobMetricsTest, TestGetScaledJobStateSingleTrigger) {
  ScaledJobActivity a = State(MakeScaledJob(1, 100), {{20, 2, true}});
  EXPECT_TRUE(a.is_active);
  EXPECT_EQ(a.queue_length, 20);
  EXPECT_EQ(a.max_value, 10);
}

TEST(ScaledJobMetricsTest, TestGetScaledJobStateMultipleScalersCalculation) {
  const std::vector<Trigger> triggers = {{20, 1, true}, {10, 2, true}, {5, 3, true}, {7, 4, false}};
  struct Case {
    int32_t max;
    std::string calculation;
    int64_t queue;
    int64_t max_value;
  };
  for (const Case& c : std::vector<Case>{{100, "max", 20, 20},
                                         {100, "min", 5, 2},
                                         {100, "avg", 12, 9},
                                         {100, "sum", 35, 27},
                                         {25, "sum", 35, 25}}) {
    ScaledJobActivity a = State(MakeScaledJob(0, c.max, c.calculation), triggers);
    EXPECT_TRUE(a.is_active) << c.calculation;
    EXPECT_EQ(a.queue_length, c.queue) << c.calculation;
    EXPECT_EQ(a.max_value, c.max_value) << c.calculation;
  }
}

TEST(ScaledJobMetricsTest, TestGetScaledJobStateIfQueueEmptyButMinReplicaCountGreaterZero) {
  ScaledJobActivity a = State(MakeScaledJob(1, 100), {{0, 1, true}});
  EXPECT_TRUE(a.is_active);
  EXPECT_EQ(a.queue_length, 0);
  EXPECT_EQ(a.max_value, 0);
  // Without a minimum, a trigger that is not active leaves the ScaledJob inactive.
  EXPECT_FALSE(State(MakeScaledJob(0, 100), {{0, 1, false}}).is_active);
}

TEST(ScaledJobMetricsTest, TestNewScalingStrategy) {
  EXPECT_EQ(ScalingStrategyOf(WithStrategy("custom", 10, "0")), JobScalingStrategy::kCustom);
  EXPECT_EQ(ScalingStrategyOf(WithStrategy("accurate", 0, "0")), JobScalingStrategy::kAccurate);
  EXPECT_EQ(ScalingStrategyOf(WithStrategy("", std::nullopt, "")), JobScalingStrategy::kDefault);
  EXPECT_EQ(ScalingStrategyOf(WithStrategy("default", 0, "0")), JobScalingStrategy::kDefault);
  EXPECT_EQ(ScalingStrategyOf(WithStrategy("eager", 0, "0")), JobScalingStrategy::kEager);
}

TEST(ScaledJobMetricsTest, TestDefaultScalingStrategy) {
  api::keda::ScaledJob sj = WithStrategy("default", std::nullopt, "");
  EXPECT_EQ(MaxScale(sj, 3, 2, 0, 5, 1), 1);
  EXPECT_EQ(MaxScale(sj, 2, 0, 0, 5, 1), 2);
}

TEST(ScaledJobMetricsTest, TestCustomScalingStrategy) {
  api::keda::ScaledJob sj = WithStrategy("custom", 1, "0.5");
  EXPECT_EQ(MaxScale(sj, 3, 2, 0, 5, 1), 1);
  EXPECT_EQ(MaxScale(sj, 10, 0, 0, 10, 1), 9);
  // Neither parameter set: the same as the default strategy.
  sj = WithStrategy("custom", std::nullopt, "");
  EXPECT_EQ(ScalingStrategyOf(sj), JobScalingStrategy::kDefault);
  EXPECT_EQ(MaxScale(sj, 3, 2, 0, 5, 1), 1);
  EXPECT_EQ(MaxScale(sj, 2, 0, 0, 5, 1), 2);
  // An empty percentage falls back to the default strategy.
  EXPECT_EQ(ScalingStrategyOf(WithStrategy("custom", 1, "")), JobScalingStrategy::kDefault);
  sj = WithStrategy("custom", 2, "0");
  EXPECT_EQ(MaxScale(sj, 3, 2, 0, 5, 1), 1);
  // Exceeding maxReplicaCount.
  sj = WithStrategy("custom", -2, "0");
  EXPECT_EQ(MaxScale(sj, 3, 2, 0, 4, 1), 4);
}

TEST(ScaledJobMetricsTest, TestCustomScalingStrategyNilQueueLengthDeduction) {
  api::keda::ScaledJob sj = WithStrategy("custom", std::nullopt, "0.5");
  EXPECT_EQ(ScalingStrategyOf(sj), JobScalingStrategy::kCustom);
  EXPECT_EQ(MaxScale(sj, 10, 2, 0, 100, 1), 9);
  EXPECT_EQ(MaxScale(sj, 10, 0, 0, 100, 1), 10);
}

TEST(ScaledJobMetricsTest, TestAccurateScalingStrategy) {
  api::keda::ScaledJob sj = WithStrategy("accurate", 0, "0");
  EXPECT_EQ(MaxScale(sj, 3, 2, 0, 5, 1), 3);
  EXPECT_EQ(MaxScale(sj, 5, 2, 0, 5, 1), 3);
  EXPECT_EQ(MaxScale(sj, 3, 4, 2, 10, 1), 1);
  EXPECT_EQ(MaxScale(sj, 5, 4, 2, 5, 1), 1);
  EXPECT_EQ(MaxScale(sj, 3, 3, 3, 5, 1), 0);
  EXPECT_EQ(MaxScale(sj, 15, 15, 15, 20, 1), 0);
  EXPECT_EQ(MaxScale(sj, 10, 10, 10, 15, 1), 0);
  EXPECT_EQ(MaxScale(sj, 20, 15, 10, 20, 1), 5);
}

TEST(ScaledJobMetricsTest, TestEagerScalingStrategy) {
  api::keda::ScaledJob sj = WithStrategy("eager", 0, "0");
  struct Case {
    int64_t max_scale, running, pending, want_max, want_scale_to;
  };
  for (const Case& c : std::vector<Case>{{4, 3, 0, 4, 10},
                                         {4, 0, 3, 4, 10},
                                         {4, 7, 0, 3, 10},
                                         {4, 1, 6, 3, 10},
                                         {15, 0, 0, 10, 10}}) {
    EffectiveScale e = GetEffectiveMaxScale(sj, c.max_scale, c.running, c.pending, 10, 1);
    EXPECT_EQ(e.max_scale, c.want_max);
    EXPECT_EQ(e.scale_to, c.want_scale_to);
  }
}

TEST(ScaledJobMetricsTest, TestRunningJobCountSmallerMinReplicaCount) {
  EffectiveScale e = GetScalingDecision(MakeScaledJob(2, std::nullopt), 0, 0, 0, 0);
  EXPECT_EQ(e.max_scale, 2);
  EXPECT_EQ(e.scale_to, 2);
}

TEST(ScaledJobMetricsTest, TestRunningJobCountIsDeductedFromMinReplicaCount) {
  EffectiveScale e = GetScalingDecision(MakeScaledJob(2, std::nullopt), 1, 0, 0, 0);
  EXPECT_EQ(e.max_scale, 1);
  EXPECT_EQ(e.scale_to, 1);
}

TEST(ScaledJobMetricsTest,
     TestRunningJobCountGreaterOrEqualMinReplicaCountExecutesScalingStrategy) {
  EffectiveScale e = GetScalingDecision(MakeScaledJob(1, std::nullopt), 1, 2, 2, 0);
  EXPECT_EQ(e.max_scale, 2);
  EXPECT_EQ(e.scale_to, 2);
}

// keda-docs reference/scaledjob-spec.md, "default" strategy:
// (queueLength, maxReplicaCount, targetAverageValue, runningJobCount) -> jobs created.
TEST(ScaledJobMetricsTest, KedaDocsDefaultStrategyTable) {
  struct Case {
    int64_t queue;
    int32_t max;
    int64_t target;
    int64_t running;
    int64_t jobs;
  };
  for (const Case& c : std::vector<Case>{{10, 3, 1, 0, 3},
                                         {10, 3, 2, 0, 3},
                                         {10, 3, 1, 1, 2},
                                         {10, 100, 1, 0, 10},
                                         {4, 3, 5, 0, 1}}) {
    api::keda::ScaledJob sj = MakeScaledJob(std::nullopt, c.max);
    ScaledJobActivity a = State(sj, {{c.queue, c.target, true}});
    EffectiveScale e = GetScalingDecision(sj, c.running, a.queue_length, a.max_value, 0);
    EXPECT_EQ(JobsToCreate(e), c.jobs)
        << c.queue << "," << c.max << "," << c.target << "," << c.running;
  }
}

TEST(ScaledJobMetricsTest, MaxReplicaCountIsMaxMinusMin) {
  // Upstream's quirk: with min 2 and max 5 the maths may add at most 3 on top of the minimum.
  api::keda::ScaledJob sj = MakeScaledJob(2, 5);
  ScaledJobActivity a = State(sj, {{100, 1, true}});
  EXPECT_EQ(a.max_value, 3);
  EXPECT_EQ(JobsToCreate(GetScalingDecision(sj, 2, a.queue_length, a.max_value, 0)), 3);
}

}  // namespace
}  // namespace tidepool::autoscaling
