// Cases ported from Kubernetes pkg/controller/podautoscaler/replica_calculator_test.go (inputs and
// expected outcomes; the fake metrics clients are replaced by PodInfo / PodMetricsInfo built the
// way those fakes shape the API responses).
#include "autoscaling/hpa/replica_calculator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace tidepool::autoscaling::hpa {
namespace {

using CS = ConditionStatus;

constexpr int64_t kContainersPerPod = 2;
constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
constexpr int32_t kMaxInt32 = std::numeric_limits<int32_t>::max();
const Time kNow = Time::FromUnixSeconds(1'700'000'000);

// replica_calculator_test.go's testing constants.
ReplicaCalculatorOptions TestOptions() {
  return {.cpu_initialization_period = Duration::Minutes(2),
          .delay_of_initial_readiness_status = Duration::Seconds(10)};
}

Time Hot() { return kNow; }                          // hotCPUCreationTime
Time Cool() { return kNow - Duration::Minutes(3); }  // coolCPUCreationTime

// calcScenario: pods named test-pod-<i> with two containers, each requesting requests[i]; levels
// are per container, as the fake metrics.k8s.io client reports them.
struct Scenario {
  int32_t current_replicas = 0;
  std::vector<int64_t> requests = {};             // milli-cpu per container, per pod
  std::vector<std::vector<int64_t>> levels = {};  // [pod][container] usage
  std::vector<std::string> metric_pod_names = {};
  std::string container = {};
  std::vector<CS> readiness = {};
  std::vector<Time> start_times = {};
  std::vector<PodPhase> phases = {};
  std::vector<bool> deleting = {};
  Time timestamp = {};  // of every sample; the zero time as in upstream's fixtures
};

std::vector<std::vector<int64_t>> PodLevels(const std::vector<int64_t>& per_container) {
  std::vector<std::vector<int64_t>> out;
  for (int64_t v : per_container) out.push_back({v, v});
  return out;
}

std::vector<int64_t> Requests(size_t n, int64_t milli) { return std::vector<int64_t>(n, milli); }

std::vector<PodInfo> BuildPods(const Scenario& s) {
  size_t count = static_cast<size_t>(s.current_replicas);
  if (s.phases.size() > count) count = s.phases.size();  // failed pods are not counted
  std::vector<PodInfo> pods;
  for (size_t i = 0; i < count; ++i) {
    PodInfo pod;
    pod.name = "test-pod-" + std::to_string(i);
    pod.phase = i < s.phases.size() ? s.phases[i] : PodPhase::kRunning;
    pod.ready_condition = ReadyCondition{i < s.readiness.size() ? s.readiness[i] : CS::kTrue, {}};
    pod.start_time = i < s.start_times.size() ? s.start_times[i] : Time();
    pod.being_deleted = i < s.deleting.size() && s.deleting[i];
    for (const char* name : {"container1", "container2"}) {
      ContainerInfo c{name, {}};
      if (i < s.requests.size()) c.requests.cpu_milli = s.requests[i];
      pod.containers.push_back(c);
    }
    pods.push_back(pod);
  }
  return pods;
}

// The metrics client: a pod's usage is the sum over its containers (missing if a container has
// no sample), or the named container's.
PodMetricsInfo BuildMetrics(const Scenario& s) {
  PodMetricsInfo metrics;
  for (size_t i = 0; i < s.levels.size(); ++i) {
    const std::string name =
        i < s.metric_pod_names.size() ? s.metric_pod_names[i] : "test-pod-" + std::to_string(i);
    const std::vector<int64_t>& l = s.levels[i];
    PodMetric m{0, s.timestamp, Duration::Minutes(1)};
    if (s.container.empty()) {
      if (l.size() < static_cast<size_t>(kContainersPerPod)) continue;
      for (int64_t v : l) m.value += v;
    } else {
      const size_t index = static_cast<size_t>(s.container.back() - '1');
      if (index >= l.size()) continue;
      m.value = l[index];
    }
    metrics[name] = m;
  }
  return metrics;
}

Result<ResourceReplicas> RunResource(const Scenario& s, int32_t target,
                                     Tolerances tolerances = {}) {
  const ReplicaCalculator calc(TestOptions());
  const std::vector<PodInfo> pods = BuildPods(s);
  return calc.GetResourceReplicas(kNow, s.current_replicas, target, Resource::kCpu, tolerances,
                                  pods, BuildMetrics(s), s.container);
}

// Pods metric (podMetric): one sample per pod.
Result<MetricReplicas> RunPodsMetric(const Scenario& s, std::vector<int64_t> levels, int64_t target,
                                     Tolerances tolerances = {}) {
  const ReplicaCalculator calc(TestOptions());
  PodMetricsInfo metrics;
  for (size_t i = 0; i < levels.size(); ++i) {
    metrics["test-pod-" + std::to_string(i)] = {levels[i], s.timestamp, Duration::Minutes(1)};
  }
  const std::vector<PodInfo> pods = BuildPods(s);
  return calc.GetMetricReplicas(kNow, s.current_replicas, target, tolerances, pods, metrics);
}

Result<MetricReplicas> RunExternal(const Scenario& s, std::vector<int64_t> levels, int64_t target,
                                   Tolerances tolerances = {}) {
  const std::vector<PodInfo> pods = BuildPods(s);
  return ReplicaCalculator(TestOptions())
      .GetExternalMetricReplicas(s.current_replicas, target, tolerances, levels, pods);
}

Result<MetricReplicas> RunExternalPerPod(int32_t current, std::vector<int64_t> levels,
                                         int64_t target, Tolerances tolerances = {}) {
  return ReplicaCalculator(TestOptions())
      .GetExternalPerPodMetricReplicas(current, target, tolerances, levels);
}

struct ResourceCase {
  std::string name;
  Scenario scenario;
  int32_t target_utilization;
  int32_t expected_replicas;
  int32_t expected_utilization;
  int64_t expected_raw;
};

// TestReplicaCalcResourceScale: scale-up, scale-down and no-scale scenarios.
TEST(ReplicaCalculatorTest, TestReplicaCalcResourceScale) {
  const std::vector<PodPhase> two_running_two_failed = {PodPhase::kRunning, PodPhase::kRunning,
                                                        PodPhase::kFailed, PodPhase::kFailed};
  const std::vector<PodPhase> four_running(4, PodPhase::kRunning);
  const std::vector<PodPhase> five_running_two_failed = {
      PodPhase::kRunning, PodPhase::kRunning, PodPhase::kRunning, PodPhase::kRunning,
      PodPhase::kRunning, PodPhase::kFailed,  PodPhase::kFailed};
  const std::vector<PodPhase> seven_running(7, PodPhase::kRunning);
  const std::vector<CS> ttff = {CS::kTrue, CS::kTrue, CS::kFalse, CS::kFalse};
  const std::vector<CS> tttttff = {CS::kTrue, CS::kTrue,  CS::kTrue, CS::kTrue,
                                   CS::kTrue, CS::kFalse, CS::kFalse};
  const std::vector<ResourceCase> cases = {
      {"scale up",
       {.current_replicas = 3, .requests = Requests(3, 1000), .levels = PodLevels({300, 500, 700})},
       30,
       5,
       50,
       kContainersPerPod * 500},
      {"scale up: container metric",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = {{1000, 300}, {1000, 500}, {1000, 700}},
        .container = "container2"},
       30,
       5,
       50,
       500},
      {"scale up: unready pod scales less",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({300, 500, 700}),
        .readiness = {CS::kFalse, CS::kTrue, CS::kTrue}},
       30,
       4,
       60,
       kContainersPerPod * 600},
      {"scale up: hot-CPU container scales less",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = {{0, 300}, {0, 500}, {0, 700}},
        .container = "container2",
        .start_times = {Hot(), Cool(), Cool()}},
       30,
       4,
       60,
       600},
      {"scale up: hot-CPU pod scales less",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({300, 500, 700}),
        .start_times = {Hot(), Cool(), Cool()}},
       30,
       4,
       60,
       kContainersPerPod * 600},
      {"no scale: unready pods ignored",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({400, 500, 700}),
        .readiness = {CS::kTrue, CS::kFalse, CS::kFalse}},
       30,
       3,
       40,
       kContainersPerPod * 400},
      {"no scale: hot-CPU pods ignored",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({400, 500, 700}),
        .readiness = {CS::kTrue, CS::kFalse, CS::kFalse},
        .start_times = {Cool(), Hot(), Hot()}},
       30,
       3,
       40,
       kContainersPerPod * 400},
      {"scale up: failed pods ignored",
       {.current_replicas = 2,
        .requests = Requests(4, 1000),
        .levels = PodLevels({500, 700}),
        .readiness = ttff,
        .phases = two_running_two_failed},
       30,
       4,
       60,
       kContainersPerPod * 600},
      {"scale up: failed pods ignored with missing container metric",
       {.current_replicas = 2,
        .requests = Requests(4, 1000),
        .levels = {{1000, 500}, {9000, 700}, {1000}, {9000}},
        .container = "container2",
        .readiness = ttff,
        .phases = two_running_two_failed},
       30,
       4,
       60,
       600},
      {"scale up: container metrics with failed pods ignored",
       {.current_replicas = 2,
        .requests = Requests(4, 1000),
        .levels = {{1000, 500}, {9000, 700}},
        .container = "container2",
        .readiness = ttff,
        .phases = two_running_two_failed},
       30,
       4,
       60,
       600},
      {"scale up: pods being deleted are ignored",
       {.current_replicas = 2,
        .requests = Requests(4, 1000),
        .levels = PodLevels({500, 700}),
        .readiness = ttff,
        .phases = four_running,
        .deleting = {false, false, true, true}},
       30,
       4,
       60,
       kContainersPerPod * 600},
      {"scale down",
       {.current_replicas = 5,
        .requests = Requests(5, 1000),
        .levels = PodLevels({100, 300, 500, 250, 250})},
       50,
       3,
       28,
       kContainersPerPod * 280},
      {"scale down: container metric",
       {.current_replicas = 5,
        .requests = Requests(5, 1000),
        .levels = {{1000, 100}, {1000, 300}, {1000, 500}, {1000, 250}, {1000, 250}},
        .container = "container2"},
       50,
       3,
       28,
       280},
      {"scale down: exclude unready pods",
       {.current_replicas = 5,
        .requests = Requests(5, 1000),
        .levels = PodLevels({100, 300, 500, 250, 250}),
        .readiness = {CS::kTrue, CS::kTrue, CS::kTrue, CS::kFalse, CS::kFalse}},
       50,
       2,
       30,
       kContainersPerPod * 300},
      {"scale down: exclude unscheduled pods",
       {.current_replicas = 5,
        .requests = Requests(5, 1000),
        .levels = PodLevels({100}),
        .readiness = {CS::kTrue, CS::kFalse, CS::kFalse, CS::kFalse, CS::kFalse},
        .phases = {PodPhase::kRunning, PodPhase::kPending, PodPhase::kPending, PodPhase::kPending,
                   PodPhase::kPending}},
       50,
       1,
       10,
       kContainersPerPod * 100},
      {"scale down: ignore hot-CPU pods",
       {.current_replicas = 5,
        .requests = Requests(5, 1000),
        .levels = PodLevels({100, 300, 500, 250, 250}),
        .start_times = {Cool(), Cool(), Cool(), Hot(), Hot()}},
       50,
       2,
       30,
       kContainersPerPod * 300},
      {"scale down: failed pods ignored",
       {.current_replicas = 5,
        .requests = Requests(7, 1000),
        .levels = PodLevels({100, 300, 500, 250, 250}),
        .readiness = tttttff,
        .phases = five_running_two_failed},
       50,
       3,
       28,
       kContainersPerPod * 280},
      {"scale down: pods being deleted are ignored",
       {.current_replicas = 5,
        .requests = Requests(7, 1000),
        .levels = PodLevels({100, 300, 500, 250, 250}),
        .readiness = tttttff,
        .phases = seven_running,
        .deleting = {false, false, false, false, false, true, true}},
       50,
       3,
       28,
       kContainersPerPod * 280},
      // Regression test for kubernetes issue #83561.
      {"scale down: still-running pods being deleted are ignored",
       {.current_replicas = 5,
        .requests = Requests(7, 1000),
        .levels = {{1000, 100}, {1000, 300}, {1000, 500}, {1000, 250}, {1000, 250}},
        .container = "container2",
        .readiness = tttttff,
        .phases = seven_running,
        .deleting = {false, false, false, false, false, true, true}},
       50,
       3,
       28,
       280},
  };
  for (const ResourceCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = RunResource(c.scenario, c.target_utilization);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->replicas, c.expected_replicas);
    EXPECT_EQ(r->utilization, c.expected_utilization);
    EXPECT_EQ(r->raw_utilization, c.expected_raw);
  }
}

TEST(ReplicaCalculatorTest, TestReplicaCalcDisjointResourcesMetrics) {
  auto r = RunResource({.current_replicas = 1,
                        .requests = Requests(1, 1000),
                        .levels = PodLevels({100}),
                        .metric_pod_names = {"an-older-pod-name"}},
                       100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "no metrics returned matched known pods");
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleUpCM) {
  auto r = RunPodsMetric({.current_replicas = 3}, {20000, 10000, 30000}, 15000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 4);
  EXPECT_EQ(r->usage, 20000);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale) {
  auto r = RunPodsMetric({.current_replicas = 3,
                          .readiness = {CS::kTrue, CS::kTrue, CS::kFalse},
                          .start_times = {Cool(), Cool(), Hot()}},
                         {50000, 10000, 30000}, 15000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 6);
  EXPECT_EQ(r->usage, 30000);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown) {
  auto r = RunPodsMetric({.current_replicas = 3,
                          .readiness = {CS::kFalse, CS::kTrue, CS::kFalse},
                          .start_times = {Hot(), Cool(), Hot()}},
                         {50000, 15000, 30000}, 15000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 7);
  EXPECT_EQ(r->usage, 31666);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods) {
  // Would be 6 if unready pods counted.
  auto r = RunExternal({.current_replicas = 3, .readiness = {CS::kFalse, CS::kTrue, CS::kFalse}},
                       {8600}, 4400);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 2);
  EXPECT_EQ(r->usage, 8600);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleUpPerPodCMExternal) {
  auto r = RunExternalPerPod(3, {8600}, 2150);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 4);
  EXPECT_EQ(r->usage, 2867);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleDownCM) {
  auto r = RunPodsMetric({.current_replicas = 5}, {12000, 12000, 12000, 12000, 12000}, 20000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->usage, 12000);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleDownCMExternal) {
  auto r = RunExternal({.current_replicas = 5}, {8600}, 14334);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->usage, 8600);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcScaleDownPerPodCMExternal) {
  auto r = RunExternalPerPod(5, {8600}, 2867);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->usage, 1720);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcTolerance) {
  auto r = RunResource({.current_replicas = 3,
                        .requests = {900, 1000, 1100},
                        .levels = PodLevels({1010, 1030, 1020})},
                       100);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->utilization, 102);
  EXPECT_EQ(r->raw_utilization, kContainersPerPod * 1020);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcToleranceCM) {
  auto r = RunPodsMetric({.current_replicas = 3}, {20000, 21000, 21000}, 20000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->usage, 20666);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcToleranceCMExternal) {
  auto r = RunExternal({.current_replicas = 3}, {8600}, 8888);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->usage, 8600);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcTolerancePerPodCMExternal) {
  auto r = RunExternalPerPod(3, {8600}, 2900);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->usage, 2867);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcConfigurableTolerance) {
  struct Case {
    std::string name;
    Tolerances tolerances;
    std::vector<int64_t> levels;
    int32_t expected_replicas;
    int32_t expected_utilization;
    int64_t expected_raw;
  };
  const std::vector<Case> cases = {
      {"Outside of a 0% tolerance", {0.0, 0.0}, {909, 1010, 1111}, 4, 101, 2 * 1010},
      {"Within a 200% scale-up tolerance", {0.1, 2.0}, {1890, 1910, 1900}, 3, 190, 2 * 1900},
      {"Outside 8% scale-up tolerance (and superfuous scale-down tolerance)",
       {2.0, 0.08},
       {1100, 1080, 1090},
       4,
       109,
       2 * 1090},
      {"Within a 36% scale-down tolerance", {0.36, 0.1}, {660, 640, 650}, 3, 65, 2 * 650},
      {"Outside a 34% scale-down tolerance", {0.34, 0.1}, {660, 640, 650}, 2, 65, 2 * 650},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = RunResource(
        {.current_replicas = 3, .requests = {900, 1000, 1100}, .levels = PodLevels(c.levels)}, 100,
        c.tolerances);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->replicas, c.expected_replicas);
    EXPECT_EQ(r->utilization, c.expected_utilization);
    EXPECT_EQ(r->raw_utilization, c.expected_raw);
  }
}

TEST(ReplicaCalculatorTest, TestReplicaCalcConfigurableToleranceCM) {
  auto r = RunPodsMetric({.current_replicas = 3}, {20000, 21000, 21000}, 20000, {0.1, 0.01});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 4);
  EXPECT_EQ(r->usage, 20666);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcConfigurableToleranceCMExternal) {
  auto r = RunExternal({.current_replicas = 3}, {8900}, 8800, {0.1, 0.01});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 4);
  EXPECT_EQ(r->usage, 8900);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcConfigurableTolerancePerPodCMExternal) {
  auto r = RunExternalPerPod(3, {8600}, 2800, {0.1, 0.01});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 4);
  EXPECT_EQ(r->usage, 2867);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcSuperfluousMetrics) {
  auto r = RunResource({.current_replicas = 4,
                        .requests = Requests(4, 1000),
                        .levels = PodLevels({4000, 9500, 3000, 7000, 3200, 2000})},
                       100);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 24);
  EXPECT_EQ(r->utilization, 587);
  EXPECT_EQ(r->raw_utilization, kContainersPerPod * 5875);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcMissingMetrics) {
  auto r = RunResource(
      {.current_replicas = 4, .requests = Requests(4, 1000), .levels = PodLevels({400, 95})}, 100);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->utilization, 24);
  EXPECT_EQ(r->raw_utilization, 495);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcEmptyMetrics) {
  auto r = RunResource({.current_replicas = 4, .requests = Requests(3, 1000), .levels = {}}, 100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(),
            "unable to get metrics for resource cpu: no metrics returned from resource metrics "
            "API");
}

TEST(ReplicaCalculatorTest, TestReplicaCalcEmptyCPURequest) {
  auto r = RunResource({.current_replicas = 1, .requests = {}, .levels = PodLevels({200})}, 100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(),
            "missing request for cpu in container container1 of Pod test-pod-0");
}

TEST(ReplicaCalculatorTest, TestPlainMetricReplicaCalcMissingMetricsNoChangeEq) {
  auto r = RunPodsMetric({.current_replicas = 5}, {20000, 19000, 21000}, 20000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 5);
  EXPECT_EQ(r->usage, 20000);
}

struct MissingCase {
  std::string name;
  Scenario scenario;
  int32_t target;
  int32_t expected_replicas;
  int32_t expected_utilization;
  int64_t expected_raw;
};

// TestReplicaCalcMissingMetrics* and TestReplicaCalcDuringRollingUpdateWithMaxSurge.
TEST(ReplicaCalculatorTest, TestReplicaCalcMissingMetricsVariants) {
  const std::vector<MissingCase> cases = {
      {"TestReplicaCalcMissingMetricsNoChangeEq",
       {.current_replicas = 2, .requests = Requests(2, 1000), .levels = PodLevels({1000})},
       100,
       2,
       100,
       2 * 1000},
      {"TestReplicaCalcMissingMetricsNoChangeGt",
       {.current_replicas = 2, .requests = Requests(2, 1000), .levels = PodLevels({1900})},
       100,
       2,
       190,
       2 * 1900},
      {"TestReplicaCalcMissingMetricsNoChangeLt",
       {.current_replicas = 2, .requests = Requests(2, 1000), .levels = PodLevels({600})},
       100,
       2,
       60,
       2 * 600},
      {"TestReplicaCalcMissingMetricsUnreadyChange",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({100, 450}),
        .readiness = {CS::kFalse, CS::kTrue, CS::kTrue}},
       50,
       3,
       45,
       2 * 450},
      {"TestReplicaCalcMissingMetricsHotCpuNoChange",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({100, 450}),
        .start_times = {Hot(), Cool(), Cool()}},
       50,
       3,
       45,
       2 * 450},
      {"TestReplicaCalcMissingMetricsUnreadyScaleUp",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({100, 2000}),
        .readiness = {CS::kFalse, CS::kTrue, CS::kTrue}},
       50,
       4,
       200,
       2 * 2000},
      {"TestReplicaCalcMissingMetricsHotCpuScaleUp",
       {.current_replicas = 3,
        .requests = Requests(3, 1000),
        .levels = PodLevels({100, 2000}),
        .readiness = {CS::kFalse, CS::kTrue, CS::kTrue},
        .start_times = {Hot(), Cool(), Cool()}},
       50,
       4,
       200,
       2 * 2000},
      {"TestReplicaCalcMissingMetricsUnreadyScaleDown",
       {.current_replicas = 4,
        .requests = Requests(4, 1000),
        .levels = PodLevels({100, 100, 100}),
        .readiness = {CS::kFalse, CS::kTrue, CS::kTrue, CS::kTrue}},
       50,
       3,
       10,
       2 * 100},
      {"TestReplicaCalcMissingMetricsScaleDownTargetOver100",
       {.current_replicas = 4,
        .requests = {1000, 1000, 2000, 2000},
        .levels = PodLevels({200, 100, 100}),
        .readiness = {CS::kFalse, CS::kTrue, CS::kTrue, CS::kTrue}},
       300,
       2,
       6,
       2 * 100},
      {"TestReplicaCalcDuringRollingUpdateWithMaxSurge",
       {.current_replicas = 2,
        .requests = Requests(3, 1000),
        .levels = PodLevels({100, 100}),
        .phases = {PodPhase::kRunning, PodPhase::kRunning, PodPhase::kRunning}},
       50,
       2,
       10,
       2 * 100},
  };
  for (const MissingCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = RunResource(c.scenario, c.target);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->replicas, c.expected_replicas);
    EXPECT_EQ(r->utilization, c.expected_utilization);
    EXPECT_EQ(r->raw_utilization, c.expected_raw);
  }
}

TEST(ReplicaCalculatorTest, TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM) {
  auto r = RunPodsMetric({.current_replicas = 2,
                          .phases = {PodPhase::kRunning, PodPhase::kRunning, PodPhase::kRunning}},
                         {10000, 10000}, 17000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 2);
  EXPECT_EQ(r->usage, 10000);
}

// A minimal percentage for downscaling, back-calculated from the tolerance: just outside it the
// HPA scales, just inside it does not.
TEST(ReplicaCalculatorTest, TestReplicaCalcComputedToleranceAlgImplementation) {
  const int32_t start_pods = 10;
  const int64_t total_used = int64_t{start_pods} * 150;
  const int32_t total_requested = static_cast<int32_t>(2 * total_used);
  const double requested_to_used = static_cast<double>(total_requested / total_used);
  const int64_t per_pod_requested = total_requested / start_pods;

  double target = std::abs(1 / (requested_to_used * (1 - 0.1))) + .01;
  int32_t final_cpu_percent_target = static_cast<int32_t>(target * 100);
  const double resources_used_ratio =
      static_cast<double>(total_used) / (static_cast<double>(total_requested) * target);
  const int32_t final_pods =
      static_cast<int32_t>(std::ceil(resources_used_ratio * static_cast<double>(start_pods)));

  Scenario s{.current_replicas = start_pods,
             .requests = {per_pod_requested + 100, per_pod_requested - 100, per_pod_requested + 10,
                          per_pod_requested - 10, per_pod_requested + 2, per_pod_requested - 2,
                          per_pod_requested + 1, per_pod_requested - 1, per_pod_requested,
                          per_pod_requested}};
  for (int i = 0; i < start_pods; ++i) s.levels.push_back({total_used / 10, total_used / 10});

  auto r = RunResource(s, final_cpu_percent_target);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, final_pods);
  EXPECT_EQ(r->utilization, static_cast<int32_t>(total_used * 100 / total_requested));

  // Now within a very close margin of the tolerance: no scaling.
  target = std::abs(1 / (requested_to_used * (1 - 0.1))) + .004;
  final_cpu_percent_target = static_cast<int32_t>(target * 100);
  r = RunResource(s, final_cpu_percent_target);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, start_pods);
}

TEST(ReplicaCalculatorTest, TestReplicaCalcExternalMetricUsageOverflow) {
  auto r = RunExternal({.current_replicas = 3}, {kMaxInt64 / 2 + 1, kMaxInt64 / 2 + 1}, kMaxInt64);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 3);
  EXPECT_EQ(r->usage, kMaxInt64);
}

TEST(ReplicaCalculatorTest, TestExternalPerPodMetricReplicaOverflow) {
  auto r = RunExternalPerPod(1, {kMaxInt64}, 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, kMaxInt32);
  EXPECT_EQ(r->usage, kMaxInt64);
}

TEST(ReplicaCalculatorTest, TestExternalPerPodMetricUsageOverflow) {
  auto r = RunExternalPerPod(1, {kMaxInt64}, kMaxInt64);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 1);
  EXPECT_EQ(r->usage, kMaxInt64);
}

// KEDA's queue case: the total is divided by the per-pod target, independent of the current count
// except for the tolerance check (keda.md §2.5).
TEST(ReplicaCalculatorTest, ExternalPerPodFromOneAndWithinTolerance) {
  auto r = RunExternalPerPod(1, {250'000}, 5'000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 50);
  r = RunExternalPerPod(48, {250'000}, 5'000);  // 250 / (5 × 48) = 1.042: within 0.1
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 48);
  r = RunExternalPerPod(0, {250'000}, 5'000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 50);
}

// TestScaleUpFromZeroCMObject / TestScaleUpFromZeroIgnoresToleranceCMObject use the object-metric
// path, which shares getUsageRatioReplicaCount with external value metrics.
TEST(ReplicaCalculatorTest, ValueTargetFromZeroIgnoresToleranceAndPods) {
  auto r = RunExternal({.current_replicas = 0}, {20000}, 15000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 2);
  r = RunExternal({.current_replicas = 0}, {1000}, 1000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 1);
  r = RunExternal({.current_replicas = 0}, {0}, 1000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replicas, 0);
}

struct GroupCase {
  std::string name;
  PodInfo pod;
  std::optional<PodMetric> metric;
  Resource resource;
  PodGroup expected;
};

TEST(ReplicaCalculatorTest, TestGroupPods) {
  const ReplicaCalculator calc(TestOptions());
  auto pod = [](std::string name, PodPhase phase, std::optional<Time> start,
                std::optional<ReadyCondition> ready) {
    PodInfo p;
    p.name = std::move(name);
    p.phase = phase;
    p.start_time = start;
    p.ready_condition = ready;
    return p;
  };
  const PodMetric fresh{1, kNow, Duration::Seconds(30)};
  const std::vector<GroupCase> cases = {
      {"count in a ready pod - memory", pod("bentham", PodPhase::kSucceeded, {}, {}),
       PodMetric{1, kNow, Duration::Minutes(1)}, Resource::kMemory, PodGroup::kReady},
      {"unready a pod without ready condition - CPU",
       pod("lucretius", PodPhase::kSucceeded, kNow, {}), PodMetric{1, {}, {}}, Resource::kCpu,
       PodGroup::kUnready},
      {"count in a ready pod with fresh metrics during initialization period - CPU",
       pod("bentham", PodPhase::kSucceeded, kNow - Duration::Minutes(1),
           ReadyCondition{CS::kTrue, kNow - Duration::Seconds(30)}),
       fresh, Resource::kCpu, PodGroup::kReady},
      {"unready a ready pod without fresh metrics during initialization period - CPU",
       pod("bentham", PodPhase::kSucceeded, kNow - Duration::Minutes(1),
           ReadyCondition{CS::kTrue, kNow - Duration::Seconds(30)}),
       PodMetric{1, kNow, Duration::Seconds(60)}, Resource::kCpu, PodGroup::kUnready},
      {"unready an unready pod during initialization period - CPU",
       pod("lucretius", PodPhase::kSucceeded, kNow - Duration::Minutes(10),
           ReadyCondition{CS::kFalse, kNow - Duration::Minutes(9) - Duration::Seconds(54)}),
       PodMetric{1, {}, {}}, Resource::kCpu, PodGroup::kUnready},
      {"count in a ready pod without fresh metrics after initialization period - CPU",
       pod("bentham", PodPhase::kSucceeded, kNow - Duration::Minutes(3),
           ReadyCondition{CS::kTrue, kNow - Duration::Minutes(3)}),
       PodMetric{1, kNow - Duration::Minutes(2), Duration::Minutes(1)}, Resource::kCpu,
       PodGroup::kReady},
      {"count in an unready pod that was ready after initialization period - CPU",
       pod("lucretius", PodPhase::kSucceeded, kNow - Duration::Minutes(10),
           ReadyCondition{CS::kFalse, kNow - Duration::Minutes(9)}),
       PodMetric{1, {}, {}}, Resource::kCpu, PodGroup::kReady},
      {"unready pod that has never been ready after initialization period - CPU",
       pod("lucretius", PodPhase::kSucceeded, kNow - Duration::Minutes(10),
           ReadyCondition{CS::kFalse, kNow - Duration::Minutes(9) - Duration::Seconds(50)}),
       PodMetric{1, {}, {}}, Resource::kCpu, PodGroup::kReady},
      {"a missing pod", pod("epicurus", PodPhase::kSucceeded, kNow - Duration::Minutes(3), {}),
       std::nullopt, Resource::kCpu, PodGroup::kMissing},
      {"pending pods are unreadied", pod("unscheduled", PodPhase::kPending, {}, {}), std::nullopt,
       Resource::kCpu, PodGroup::kUnready},
      {"ignore pods in a failed state", pod("failed", PodPhase::kFailed, {}, {}),
       PodMetric{1, {}, {}}, Resource::kCpu, PodGroup::kIgnored},
  };
  for (const GroupCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(calc.ClassifyPod(kNow, c.pod, c.metric ? &*c.metric : nullptr, c.resource),
              c.expected);
  }
  PodInfo deleted = pod("deleted", PodPhase::kPending, {}, {});
  deleted.being_deleted = true;
  const PodMetric one{1, {}, {}};
  EXPECT_EQ(calc.ClassifyPod(kNow, deleted, &one, Resource::kCpu), PodGroup::kIgnored);
}

TEST(ReplicaCalculatorTest, TestCalculateRequests) {
  PodInfo pod{.name = "test-pod"};
  pod.containers = {{"container1", {.cpu_milli = 100}}, {"container2", {.cpu_milli = 50}}};
  auto r = PodRequest(pod, "", Resource::kCpu);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 150);  // sum container requests

  r = PodRequest(pod, "container1", Resource::kCpu);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 100);  // only the named container

  PodInfo pod_level = pod;
  pod_level.pod_requests.cpu_milli = 800;
  r = PodRequest(pod_level, "", Resource::kCpu);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 800);  // pod-level requests override container requests
  r = PodRequest(pod_level, "container1", Resource::kCpu);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 100);  // a named container takes precedence over pod-level requests

  PodInfo missing = pod;
  missing.containers[0].requests.cpu_milli.reset();
  r = PodRequest(missing, "", Resource::kCpu);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "missing request for cpu in container container1 of Pod test-pod");
  missing.pod_requests.cpu_milli = 800;
  r = PodRequest(missing, "", Resource::kCpu);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 800);  // pod-level requests cover a container without one

  // A restartable init container is listed with the containers and counts like one.
  PodInfo sidecar{.name = "test-pod"};
  sidecar.containers = {{"container1", {.cpu_milli = 100}},
                        {"restartable-container1", {.cpu_milli = 50}}};
  r = PodRequest(sidecar, "", Resource::kCpu);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 150);
}

TEST(ReplicaCalculatorTest, TestCalculatePodRequestsFromContainersNonExistentContainer) {
  PodInfo pod{.name = "test-pod"};
  pod.containers = {{"container1", {.cpu_milli = 100}}};
  auto r = PodRequest(pod, "non-existent-container", Resource::kCpu);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "container non-existent-container not found in Pod test-pod");
}

TEST(ReplicaCalculatorTest, NoTargetedMetricsWhenEveryPodIsUnready) {
  auto r = RunResource({.current_replicas = 2,
                        .requests = Requests(2, 1000),
                        .levels = PodLevels({500, 500}),
                        .readiness = {CS::kFalse, CS::kFalse}},
                       50);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(),
            "did not receive metrics for targeted pods (pods might be unready)");
}

}  // namespace
}  // namespace tidepool::autoscaling::hpa
