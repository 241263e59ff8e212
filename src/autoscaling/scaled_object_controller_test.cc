// The ScaledObject controller driven through a simulated clock: the timing checks
// (activation within one polling interval, cooldown exact to the poll, the HPA ramp in upstream
// mode and the direct jump in immediate mode), KEDA's scale_handler_test.go state aggregation
// (TestCheckScaledObjectScalersWithError, TestCheckScaledObjectFindFirstActiveNotIgnoreOthers),
// and the controller's pause, fallback, validation and scalingModifiers behaviour.
#include "autoscaling/scaled_object_controller.h"

#include <gtest/gtest.h>

#include "autoscaling/autoscaling_test_util.h"
#include "autoscaling/scaled_object_status.h"
#include "core/simulated_clock.h"

namespace tidepool::autoscaling {
namespace {

using testing::FakeScalerBuilder;
using testing::MakeDeployment;
using testing::MakeScaledObject;
using testing::MakeTrigger;

class ScaledObjectControllerTest : public ::testing::Test {
 protected:
  ScaledObjectControllerTest() : clock_(Time::FromUnixSeconds(0)), state_(clock_) {}

  void Start(HpaTiming timing, api::keda::ScaledObject so, int32_t replicas) {
    state_.Put(MakeDeployment(so.spec.scale_target_ref.name, so.metadata.namespace_, replicas));
    state_.Put(std::move(so));
    ScaledObjectControllerOptions options;
    options.hpa_timing = timing;
    controller_ =
        std::make_unique<ScaledObjectController>(clock_, state_, state_, builder_, options);
    controller_->ReconcileAll();
  }
  api::keda::ScaledObject Sqs(int32_t polling = 30) {
    api::keda::ScaledObject so = MakeScaledObject("so", "ns", "worker");
    so.spec.polling_interval = polling;
    so.spec.triggers.push_back(MakeTrigger("aws-sqs-queue"));
    builder_.triggers[0].metric_name = "s0-aws-sqs-orders";
    builder_.triggers[0].target = 5;
    return so;
  }
  int32_t Replicas(std::string_view name = "worker") {
    return *state_.Get<api::Deployment>("ns", name)->spec.replicas;
  }
  const api::keda::ScaledObject& Stored(std::string_view name = "so") {
    return *state_.Get<api::keda::ScaledObject>("ns", name);
  }
  const api::keda::Condition* Cond(std::string_view type, std::string_view name = "so") {
    return FindCondition(Stored(name).status.conditions, type);
  }
  std::vector<std::string> EventReasons() {
    std::vector<std::string> out;
    for (const cluster::Event& e : state_.events().events()) out.push_back(e.reason);
    return out;
  }
  bool HasEvent(std::string_view text) {
    for (const cluster::Event& e : state_.events().events()) {
      if (e.String() == text) return true;
    }
    return false;
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  FakeScalerBuilder builder_;
  std::unique_ptr<ScaledObjectController> controller_;
};

TEST_F(ScaledObjectControllerTest, ActivationWithinOnePollingIntervalOfCrossingTheThreshold) {
  builder_.triggers[0].activation = 10;
  builder_.triggers[0].value = 5;  // below activation: stays at zero
  Start(HpaTiming::kImmediate, Sqs(30), 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(47));
  EXPECT_EQ(Replicas(), 0);
  // Exactly at the threshold is still inactive (value > activation, strictly).
  builder_.triggers[0].value = 10;
  clock_.AdvanceTo(Time::FromUnixSeconds(50));
  builder_.triggers[0].value = 10.001;  // crosses at t=50
  clock_.AdvanceTo(Time::FromUnixSeconds(59));
  EXPECT_EQ(Replicas(), 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(60));  // the next poll, 10 s later (< 30 s)
  EXPECT_GE(Replicas(), 1);
  EXPECT_TRUE(
      HasEvent("Normal KEDAScaleTargetActivated Scaled apps/v1.Deployment ns/worker from 0 to 1, "
               "triggered by s0-aws-sqs-orders"));
  EXPECT_TRUE(IsConditionTrue(Stored().status.conditions, kConditionActive));
}

TEST_F(ScaledObjectControllerTest, CooldownTimingIsExactToThePoll) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.cooldown_period = 300;
  builder_.triggers[0].value = 4;  // active (> 0), HPA wants 1
  Start(HpaTiming::kImmediate, so, 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(60));  // last active poll at t=60
  EXPECT_EQ(Replicas(), 1);
  EXPECT_EQ(Stored().status.last_active_time, "1970-01-01T00:01:00Z");
  builder_.triggers[0].value = 0;
  clock_.AdvanceTo(Time::FromUnixSeconds(360));  // 60 + 300 is not yet past
  EXPECT_EQ(Replicas(), 1);
  EXPECT_EQ(Cond(kConditionActive)->reason, "ScalerCooldown");
  clock_.AdvanceTo(Time::FromUnixSeconds(389));
  EXPECT_EQ(Replicas(), 1);
  clock_.AdvanceTo(Time::FromUnixSeconds(390));  // the first poll after lastActive + cooldown
  EXPECT_EQ(Replicas(), 0);
  EXPECT_EQ(state_.events().events().back().String(),
            "Normal KEDAScaleTargetDeactivated Deactivated apps/v1.Deployment ns/worker from 1 "
            "to 0");
}

// keda.md §2.5: SQS backlog 250, queueLength 5, behavior unset. The HPA syncs every 15 s and may
// at most double (or add 4) per sync.
TEST_F(ScaledObjectControllerTest, HpaRampInUpstreamMode) {
  builder_.triggers[0].value = 250;
  Start(HpaTiming::kUpstream, Sqs(30), 0);
  std::vector<int32_t> ramp;
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  ramp.push_back(Replicas());
  for (int t = 15; t <= 90; t += 15) {
    clock_.AdvanceTo(Time::FromUnixSeconds(t));
    ramp.push_back(Replicas());
  }
  EXPECT_EQ(ramp, (std::vector<int32_t>{1, 4, 8, 16, 32, 50, 50}));
  EXPECT_TRUE(
      HasEvent("Normal SuccessfulRescale New size: 4; reason: s0-aws-sqs-orders=250 "
               "(target 5 AverageValue) above target"));
  EXPECT_EQ(Cond(kConditionHpaActive)->status, "True");
}

TEST_F(ScaledObjectControllerTest, DirectJumpInImmediateMode) {
  builder_.triggers[0].value = 250;
  Start(HpaTiming::kImmediate, Sqs(30), 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Replicas(), 50);
  // Activation to 1, then the HPA at the same poll.
  std::vector<std::string> reasons = EventReasons();
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "KEDAScaleTargetActivated"), reasons.end());
  EXPECT_EQ(reasons.back(), "SuccessfulRescale");
  // The backlog halves: the legacy 5-minute downscale stabilisation holds 50 for a while.
  builder_.triggers[0].value = 125;
  clock_.AdvanceTo(Time::FromUnixSeconds(270));
  EXPECT_EQ(Replicas(), 50);
  clock_.AdvanceTo(Time::FromUnixSeconds(330));
  EXPECT_EQ(Replicas(), 25);
}

TEST_F(ScaledObjectControllerTest, MaxReplicaCountCapsTheHpa) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.max_replica_count = 20;
  builder_.triggers[0].value = 250;
  Start(HpaTiming::kImmediate, so, 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Replicas(), 20);
}

// Ported from scale_handler_test.go TestCheckScaledObjectScalersWithError: a single erroring
// trigger makes the object inactive and in error (Ready=False TriggerError without fallback).
TEST_F(ScaledObjectControllerTest, TestCheckScaledObjectScalersWithError) {
  builder_.triggers[0].error = Error(ErrorCode::kUnavailable, "some error");
  Start(HpaTiming::kImmediate, Sqs(30), 3);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Cond(kConditionReady)->reason, "TriggerError");
  EXPECT_EQ(Cond(kConditionActive)->status, "False");
  EXPECT_EQ(Replicas(), 3);  // no scale to zero on errors
  EXPECT_EQ(state_.events().events().back().String(), "Warning KEDAScalerFailed some error");
  // Scalers are rebuilt after an error.
  clock_.AdvanceTo(Time::FromUnixSeconds(30));
  EXPECT_EQ(builder_.triggers[0].builds, 2);
}

// Ported from scale_handler_test.go TestCheckScaledObjectFindFirstActiveNotIgnoreOthers: one
// active trigger and one erroring one: active, in error, and every trigger was queried.
TEST_F(ScaledObjectControllerTest, TestCheckScaledObjectFindFirstActiveNotIgnoreOthers) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.triggers.push_back(MakeTrigger("redis"));
  builder_.triggers[0].value = 3;
  builder_.triggers[1].metric_name = "s1-redis-list";
  builder_.triggers[1].error = Error(ErrorCode::kUnavailable, "some error");
  Start(HpaTiming::kImmediate, so, 2);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(builder_.triggers[0].calls, 1);
  EXPECT_EQ(builder_.triggers[1].calls, 1);
  EXPECT_EQ(Cond(kConditionActive)->status, "True");
  EXPECT_EQ(Cond(kConditionReady)->reason, "PartialTriggerError");
  EXPECT_TRUE(Stored().status.triggers_activity.at("s0-aws-sqs-orders").is_active);
  EXPECT_FALSE(Stored().status.triggers_activity.at("s1-redis-list").is_active);
  // An erroring poll does not refresh lastActiveTime.
  EXPECT_TRUE(Stored().status.last_active_time.empty());
}

TEST_F(ScaledObjectControllerTest, ActivityIsAnOrOverTriggers) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.triggers.push_back(MakeTrigger("redis"));
  builder_.triggers[0].value = 0;
  builder_.triggers[1].metric_name = "s1-redis-list";
  builder_.triggers[1].value = 30;  // HPA: max over metrics = ceil(30 / 5) = 6
  Start(HpaTiming::kImmediate, so, 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Replicas(), 6);
  EXPECT_TRUE(
      HasEvent("Normal KEDAScaleTargetActivated Scaled apps/v1.Deployment ns/worker from 0 to 1, "
               "triggered by s1-redis-list"));
}

TEST_F(ScaledObjectControllerTest, FallbackAfterFailureThresholdThenRecovery) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.fallback = api::keda::Fallback();
  so.spec.fallback->failure_threshold = 2;
  so.spec.fallback->replicas = 7;
  builder_.triggers[0].value = 10;
  Start(HpaTiming::kImmediate, so, 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Replicas(), 2);
  builder_.triggers[0].error = Error(ErrorCode::kUnavailable, "queue unreachable");
  clock_.AdvanceTo(Time::FromUnixSeconds(60));  // failures 1 and 2: keep replicas
  EXPECT_EQ(Replicas(), 2);
  EXPECT_EQ(Stored().status.health.at("s0-aws-sqs-orders").number_of_failures, 2);
  clock_.AdvanceTo(Time::FromUnixSeconds(90));  // failure 3 > threshold: fallback
  EXPECT_EQ(Replicas(), 7);
  EXPECT_EQ(Cond(kConditionFallback)->status, "True");
  EXPECT_EQ(Cond(kConditionFallback)->reason, "FallbackExists");
  EXPECT_TRUE(HasEvent("Normal ScaledObjectFallbackActivated ScaledObject fallback is active"));
  builder_.triggers[0].error.reset();
  clock_.AdvanceTo(Time::FromUnixSeconds(120));
  EXPECT_EQ(Cond(kConditionFallback)->status, "False");
  EXPECT_EQ(Stored().status.health.at("s0-aws-sqs-orders").status, "Happy");
  EXPECT_TRUE(
      HasEvent("Normal ScaledObjectFallbackDeactivated ScaledObject fallback is no longer active"));
}

TEST_F(ScaledObjectControllerTest, FallbackActivatesATargetAtZero) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.fallback = api::keda::Fallback();
  so.spec.fallback->failure_threshold = 0;
  so.spec.fallback->replicas = 3;
  builder_.triggers[0].error = Error(ErrorCode::kUnavailable, "down");
  Start(HpaTiming::kImmediate, so, 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Replicas(), 3);
}

TEST_F(ScaledObjectControllerTest, PausedReplicasHoldsTheTargetAndStopsTheLoop) {
  api::keda::ScaledObject so = Sqs(30);
  so.metadata.annotations = {{"autoscaling.keda.sh/paused-replicas", "4"}};
  builder_.triggers[0].value = 250;
  Start(HpaTiming::kImmediate, so, 1);
  clock_.AdvanceTo(Time::FromUnixSeconds(120));
  EXPECT_EQ(Replicas(), 4);
  EXPECT_EQ(controller_->loop_count(), 0u);
  EXPECT_EQ(builder_.triggers[0].calls, 0);
  EXPECT_EQ(Cond(kConditionPaused)->status, "True");
  EXPECT_EQ(Stored().status.paused_replica_count, 4);
  EXPECT_TRUE(HasEvent("Normal ScaledObjectPaused ScaledObject is paused"));

  api::keda::ScaledObject unpaused = Stored();
  unpaused.metadata.annotations.clear();
  state_.Put(unpaused);
  controller_->Reconcile("ns", "so");
  clock_.AdvanceTo(Time::FromUnixSeconds(120));
  EXPECT_EQ(Replicas(), 50);
  EXPECT_EQ(Cond(kConditionPaused)->reason, "ScaledObjectUnpaused");
  EXPECT_EQ(Cond(kConditionPaused)->message, "pause annotation removed for ScaledObject");
  EXPECT_FALSE(Stored().status.paused_replica_count.has_value());
}

TEST_F(ScaledObjectControllerTest, InvalidPausedReplicasIsACheckFailure) {
  api::keda::ScaledObject so = Sqs(30);
  so.metadata.annotations = {{"autoscaling.keda.sh/paused-replicas", "many"}};
  Start(HpaTiming::kImmediate, so, 1);
  EXPECT_EQ(Cond(kConditionReady)->status, "False");
  EXPECT_NE(Cond(kConditionReady)->message.find("failed to parse paused replica count"),
            std::string::npos);
}

TEST_F(ScaledObjectControllerTest, PausedScaleInKeepsReplicasButScalesOut) {
  api::keda::ScaledObject so = Sqs(30);
  so.metadata.annotations = {{"autoscaling.keda.sh/paused-scale-in", "true"}};
  builder_.triggers[0].value = 50;
  Start(HpaTiming::kImmediate, so, 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  // KEDA injects a behavior (scaleDown selectPolicy Disabled), so the HPA's default scale-up
  // policies apply: at most max(+4 pods, +100%) per 15 s.
  EXPECT_EQ(Replicas(), 5);
  clock_.AdvanceTo(Time::FromUnixSeconds(30));
  EXPECT_EQ(Replicas(), 10);
  EXPECT_EQ(Cond(kConditionPaused)->status, "True");
  builder_.triggers[0].value = 0;
  clock_.AdvanceTo(Time::FromUnixSeconds(1200));
  EXPECT_EQ(Replicas(), 10);
}

TEST_F(ScaledObjectControllerTest, InvalidObjectGetsReadyFalseAndOthersKeepScaling) {
  api::keda::ScaledObject bad = MakeScaledObject("bad", "ns", "missing-target");
  bad.spec.triggers.push_back(MakeTrigger("aws-sqs-queue"));
  state_.Put(bad);
  api::keda::ScaledObject bounds = MakeScaledObject("bounds", "ns", "worker2");
  bounds.spec.min_replica_count = 5;
  bounds.spec.max_replica_count = 2;
  bounds.spec.triggers.push_back(MakeTrigger("aws-sqs-queue"));
  state_.Put(MakeDeployment("worker2", "ns", 1));
  state_.Put(bounds);
  builder_.triggers[0].value = 10;
  Start(HpaTiming::kImmediate, Sqs(30), 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Replicas(), 2);
  EXPECT_EQ(controller_->loop_count(), 1u);
  EXPECT_EQ(Cond(kConditionReady, "bad")->reason, "ScaledObjectCheckFailed");
  EXPECT_EQ(Cond(kConditionReady, "bad")->message,
            "ScaledObject doesn't have correct scaleTargetRef specification: deployments.apps "
            "\"missing-target\" not found");
  EXPECT_EQ(Cond(kConditionActive, "bad")->reason, "UnknownState");
  EXPECT_TRUE(HasEvent("Warning ScaledObjectCheckFailed Target resource doesn't exist"));
  EXPECT_EQ(Cond(kConditionReady, "bounds")->message,
            "ScaledObject doesn't have correct Idle/Min/Max Replica Counts specification: "
            "MinReplicaCount=5 must be less than MaxReplicaCount=2");
  EXPECT_EQ(Cond(kConditionReady)->reason, "ScaledObjectReady");
  EXPECT_EQ(Stored().status.scale_target_kind, "apps/v1.Deployment");
  EXPECT_EQ(Stored().status.hpa_name, "keda-hpa-so");
  EXPECT_EQ(Stored().status.original_replica_count, 0);
}

TEST_F(ScaledObjectControllerTest, CpuMemoryOnlyObjectsAreAlwaysActive) {
  api::keda::ScaledObject so = MakeScaledObject("so", "ns", "worker");
  so.spec.min_replica_count = 1;
  api::keda::ScaleTrigger cpu = MakeTrigger("cpu");
  cpu.metric_type = "Utilization";
  so.spec.triggers.push_back(cpu);
  builder_.triggers[0].resource = true;
  builder_.triggers[0].metric_name = "cpu";
  builder_.triggers[0].target = 50;  // 50% utilisation
  Start(HpaTiming::kImmediate, so, 2);
  for (int i = 0; i < 2; ++i) {
    api::Pod pod;
    pod.metadata.name = "worker-" + std::to_string(i);
    pod.metadata.namespace_ = "ns";
    pod.metadata.labels = {{"app", "worker"}};
    pod.status.phase = "Running";
    pod.status.start_time = "1969-12-31T23:00:00Z";
    api::PodCondition ready;
    ready.type = "Ready";
    ready.status = "True";
    ready.last_transition_time = "1969-12-31T23:00:00Z";
    pod.status.conditions.push_back(ready);
    api::Container c;
    c.name = "app";
    c.resources.requests["cpu"] = Quantity::MustParse("100m");
    pod.spec.containers.push_back(c);
    state_.Put(pod);
    cluster::PodMetrics m;
    m.metadata = {"ns", pod.metadata.name};
    m.timestamp = Time::FromUnixSeconds(-10);
    m.containers.push_back({"app", {{"cpu", Quantity::MustParse("100m")}}});
    state_.Put(m);
  }
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Cond(kConditionActive)->status, "True");
  // 100% utilisation against a 50% target: double.
  EXPECT_EQ(Replicas(), 4);
}

TEST_F(ScaledObjectControllerTest, ScalingModifiersCompositeMetric) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.triggers[0].name = "a";
  so.spec.triggers.push_back(MakeTrigger("redis", "b"));
  so.spec.advanced = api::keda::AdvancedConfig();
  so.spec.advanced->scaling_modifiers.formula = "a + b";
  so.spec.advanced->scaling_modifiers.target = "10";
  so.spec.advanced->scaling_modifiers.activation_target = "15";
  builder_.triggers[0].value = 6;
  builder_.triggers[1].metric_name = "s1-redis-list";
  builder_.triggers[1].value = 8;
  Start(HpaTiming::kImmediate, so, 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(Replicas(), 0);  // 14 is not above the activation target 15
  builder_.triggers[1].value = 24;
  clock_.AdvanceTo(Time::FromUnixSeconds(30));
  EXPECT_EQ(Replicas(), 3);  // composite 30 / target 10
  EXPECT_TRUE(
      HasEvent("Normal KEDAScaleTargetActivated Scaled apps/v1.Deployment ns/worker from 0 to 1, "
               "triggered by composite-metric"));
  EXPECT_EQ(Stored().status.composite_scaler_name, "composite-metric");
}

TEST_F(ScaledObjectControllerTest, BadFormulaIsACheckFailure) {
  api::keda::ScaledObject so = Sqs(30);
  so.spec.triggers[0].name = "a";
  so.spec.advanced = api::keda::AdvancedConfig();
  so.spec.advanced->scaling_modifiers.formula = "a + nope";
  so.spec.advanced->scaling_modifiers.target = "10";
  Start(HpaTiming::kImmediate, so, 0);
  EXPECT_EQ(Cond(kConditionReady)->status, "False");
  EXPECT_NE(Cond(kConditionReady)->message.find("error compiling scalingModifiers formula"),
            std::string::npos);
  EXPECT_EQ(controller_->loop_count(), 0u);
}

TEST_F(ScaledObjectControllerTest, GenerationChangeRebuildsScalersAndDeletionStopsTheLoop) {
  builder_.triggers[0].value = 1;
  Start(HpaTiming::kUpstream, Sqs(30), 0);
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  EXPECT_EQ(builder_.triggers[0].builds, 1);
  api::keda::ScaledObject changed = Stored();
  changed.metadata.generation = 2;
  changed.spec.polling_interval = 10;
  state_.Put(changed);
  controller_->Reconcile("ns", "so");
  clock_.AdvanceTo(Time::FromUnixSeconds(1));
  EXPECT_EQ(builder_.triggers[0].builds, 2);
  EXPECT_EQ(builder_.triggers[0].closes, 1);
  const int calls = builder_.triggers[0].calls;
  clock_.AdvanceTo(Time::FromUnixSeconds(11));
  EXPECT_GT(builder_.triggers[0].calls, calls);  // the new 10 s interval
  state_.Delete<api::keda::ScaledObject>("ns", "so");
  controller_->ReconcileAll();
  EXPECT_EQ(controller_->loop_count(), 0u);
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(ScaledObjectControllerTest, StatusIsWrittenOnlyWhenItChanges) {
  builder_.triggers[0].value = 0;
  api::keda::ScaledObject so = Sqs(30);
  so.spec.min_replica_count = 1;
  Start(HpaTiming::kImmediate, so, 1);
  clock_.AdvanceTo(Time::FromUnixSeconds(30));
  const uint64_t writes = state_.status_writes();
  clock_.AdvanceTo(Time::FromUnixSeconds(300));
  EXPECT_EQ(state_.status_writes(), writes);
}

TEST_F(ScaledObjectControllerTest, ValueTargetScalesWithReadyPods) {
  api::keda::ScaledObject so = Sqs(30);
  builder_.triggers[0].target_type = scalers::MetricTargetType::kValue;
  builder_.triggers[0].target = 10;
  builder_.triggers[0].value = 30;
  Start(HpaTiming::kImmediate, so, 2);
  for (int i = 0; i < 2; ++i) {
    api::Pod pod;
    pod.metadata.name = "worker-" + std::to_string(i);
    pod.metadata.namespace_ = "ns";
    pod.metadata.labels = {{"app", "worker"}};
    pod.status.phase = "Running";
    api::PodCondition ready;
    ready.type = "Ready";
    ready.status = "True";
    pod.status.conditions.push_back(ready);
    state_.Put(pod);
  }
  clock_.AdvanceTo(Time::FromUnixSeconds(0));
  // Value target: ceil(30 / 10 × 2 ready pods).
  EXPECT_EQ(Replicas(), 6);
}

TEST_F(ScaledObjectControllerTest, UpstreamHpaQueriesTriggersUnlessCached) {
  builder_.triggers[0].value = 20;
  Start(HpaTiming::kUpstream, Sqs(30), 1);
  clock_.AdvanceTo(Time::FromUnixSeconds(29));
  // One poll at t=0 and one HPA sync at t=15, each querying the scaler.
  EXPECT_EQ(builder_.triggers[0].calls, 2);

  api::keda::ScaledObject cached = Stored();
  cached.metadata.generation = 2;
  cached.spec.triggers[0].use_cached_metrics = true;
  state_.Put(cached);
  controller_->Reconcile("ns", "so");
  const int calls = builder_.triggers[0].calls;
  clock_.AdvanceTo(Time::FromUnixSeconds(59));  // polls at 29 and 59... HPA syncs at 30 and 45
  EXPECT_EQ(builder_.triggers[0].calls - calls, 2);
  EXPECT_EQ(Replicas(), 4);
}

TEST_F(ScaledObjectControllerTest, ParseHpaTiming) {
  EXPECT_EQ(*ParseHpaTiming("upstream"), HpaTiming::kUpstream);
  EXPECT_EQ(*ParseHpaTiming("immediate"), HpaTiming::kImmediate);
  EXPECT_FALSE(ParseHpaTiming("fast").has_value());
  EXPECT_EQ(HpaTimingName(HpaTiming::kUpstream), "upstream");
}

}  // namespace
}  // namespace tidepool::autoscaling
