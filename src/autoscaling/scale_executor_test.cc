// Ported from kedacore/keda pkg/scaling/executor/scale_scaledobjects_test.go: the RequestScale
// decision table, each case named after its upstream test, plus the cooldown rules upstream
// exercises only end to end.
#include "autoscaling/scale_executor.h"

#include <gtest/gtest.h>

#include "api/keda/annotations.h"
#include "autoscaling/autoscaling_test_util.h"
#include "autoscaling/event_reasons.h"
#include "autoscaling/scaled_object_status.h"
#include "core/simulated_clock.h"

namespace tidepool::autoscaling {
namespace {

using testing::MakeDeployment;
using testing::MakeScaledObject;

class ScaleExecutorTest : public ::testing::Test {
 protected:
  ScaleExecutorTest() : clock_(Time::FromUnixSeconds(100'000)), state_(clock_) {
    so_ = MakeScaledObject();
    so_.status.conditions = InitializedConditions();
  }

  void SetReplicas(int32_t replicas) { state_.Put(MakeDeployment("name", "namespace", replicas)); }
  int32_t Replicas() const {
    return *state_.Get<api::Deployment>("namespace", "name")->spec.replicas;
  }
  ScaleOutcome Request(bool active, bool error, std::optional<Time> last_active = std::nullopt) {
    ScaleRequest request;
    request.is_active = active;
    request.is_error = error;
    request.active_triggers = active_triggers_;
    request.last_active_time = last_active;
    request.creation_time = Time::FromUnixSeconds(0);
    status_ = so_.status;
    return executor_.RequestScale(so_, request, status_);
  }
  const api::keda::Condition& Cond(std::string_view type) {
    const api::keda::Condition* c = FindCondition(status_.conditions, type);
    EXPECT_NE(c, nullptr) << type;
    return *c;
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  ScaleExecutor executor_{clock_, state_, state_};
  api::keda::ScaledObject so_;
  api::keda::ScaledObjectStatus status_;
  std::vector<std::string> active_triggers_;
};

TEST_F(ScaleExecutorTest, TestScaleToMinReplicasWhenNotActive) {
  so_.spec.min_replica_count = 0;
  SetReplicas(10);
  Request(false, false);
  EXPECT_EQ(Replicas(), 0);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusFalse);
}

TEST_F(ScaleExecutorTest, TestScaleToMinReplicasFromLowerInitialReplicaCount) {
  so_.spec.min_replica_count = 5;
  SetReplicas(1);
  Request(false, false);
  EXPECT_EQ(Replicas(), 5);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusFalse);
}

TEST_F(ScaleExecutorTest, TestScaleFromMinReplicasWhenActive) {
  so_.spec.min_replica_count = 0;
  SetReplicas(0);
  ScaleOutcome outcome = Request(true, false);
  EXPECT_EQ(Replicas(), 1);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusTrue);
  EXPECT_EQ(Cond(kConditionActive).reason, "ScalerActive");
  EXPECT_EQ(Cond(kConditionActive).message, "Scaling is performed because triggers are active");
  EXPECT_TRUE(outcome.last_active_time.has_value());
}

TEST_F(ScaleExecutorTest, TestScaleToIdleReplicasWhenNotActive) {
  so_.spec.idle_replica_count = 0;
  so_.spec.min_replica_count = 5;
  SetReplicas(10);
  Request(false, false);
  EXPECT_EQ(Replicas(), 0);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusFalse);
}

TEST_F(ScaleExecutorTest, TestScaleFromIdleToMinReplicasWhenActive) {
  so_.spec.idle_replica_count = 0;
  so_.spec.min_replica_count = 5;
  SetReplicas(0);
  ScaleOutcome outcome = Request(true, false);
  EXPECT_EQ(Replicas(), 5);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusTrue);
  EXPECT_EQ(Cond(kConditionActive).reason, "ScalerActive");
  EXPECT_TRUE(outcome.last_active_time.has_value());
}

TEST_F(ScaleExecutorTest, TestScaleToPausedReplicasCount) {
  so_.metadata.annotations[std::string(api::keda::kPausedReplicasAnnotation)] = "0";
  SetReplicas(2);
  Request(true, false);
  EXPECT_EQ(Cond(kConditionPaused).status, kStatusTrue);
  // Returned before looking at the triggers: Active keeps its initial Unknown.
  EXPECT_NE(Cond(kConditionActive).status, kStatusTrue);
  EXPECT_EQ(Replicas(), 2);
}

TEST_F(ScaleExecutorTest, TestEventWitTriggerInfo) {
  so_.spec.idle_replica_count = 0;
  so_.spec.min_replica_count = 5;
  SetReplicas(2);
  active_triggers_ = {"testTrigger"};
  Request(true, false);
  ASSERT_EQ(state_.events().events().size(), 1u);
  // Upstream's fixture has no status.scaleTargetKind, hence the double space.
  EXPECT_EQ(state_.events().events()[0].String(),
            "Normal KEDAScaleTargetActivated Scaled  namespace/name from 2 to 5, triggered by "
            "testTrigger");
}

TEST_F(ScaleExecutorTest, TestNoScaleToMinReplicasWhenNotActiveAndPauseScaleInAnnotationSet) {
  so_.metadata.annotations[std::string(api::keda::kPausedScaleInAnnotation)] = "true";
  so_.spec.min_replica_count = 0;
  SetReplicas(10);
  Request(false, false);
  EXPECT_EQ(Replicas(), 10);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusFalse);
}

TEST_F(ScaleExecutorTest, TestNoScaleToIdleReplicasWhenNotActiveAndPauseScaleInAnnotationSet) {
  so_.metadata.annotations[std::string(api::keda::kPausedScaleInAnnotation)] = "true";
  so_.spec.idle_replica_count = 0;
  so_.spec.min_replica_count = 5;
  SetReplicas(10);
  Request(false, false);
  EXPECT_EQ(Replicas(), 10);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusFalse);
}

TEST_F(ScaleExecutorTest, TestScaleFromMinReplicasWhenActivationForced) {
  so_.metadata.annotations[std::string(api::keda::kForceActivationAnnotation)] = "true";
  so_.spec.min_replica_count = 0;
  SetReplicas(0);
  ScaleOutcome outcome = Request(false, false);
  EXPECT_EQ(Replicas(), 1);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusTrue);
  EXPECT_EQ(Cond(kConditionActive).reason, "ScalerActive");
  EXPECT_EQ(Cond(kConditionActive).message,
            "Scaling is performed because activation is being forced by annotation");
  EXPECT_TRUE(outcome.last_active_time.has_value());
  EXPECT_EQ(state_.events().events().back().message,
            "Scaled  namespace/name from 0 to 1, caused by forced activation annotation");
}

TEST_F(ScaleExecutorTest, TestNoScaleFromMinReplicasWhenActiveAndPausedScaleOutAnnotationSet) {
  so_.metadata.annotations[std::string(api::keda::kPausedScaleOutAnnotation)] = "true";
  so_.spec.min_replica_count = 0;
  SetReplicas(0);
  Request(true, false);
  EXPECT_EQ(Replicas(), 0);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusTrue);
}

TEST_F(ScaleExecutorTest,
       TestNoScaleFromIdleReplicasToMinReplicasWhenActiveAndPausedScaleOutAnnotationSet) {
  so_.metadata.annotations[std::string(api::keda::kPausedScaleOutAnnotation)] = "true";
  so_.spec.idle_replica_count = 0;
  so_.spec.min_replica_count = 5;
  so_.spec.max_replica_count = 10;
  SetReplicas(0);
  Request(true, false);
  EXPECT_EQ(Replicas(), 0);
  EXPECT_EQ(Cond(kConditionActive).status, kStatusTrue);
}

TEST_F(ScaleExecutorTest, TestRequestScale_AllHealthy_HPAHealthy) {
  so_.spec.min_replica_count = 1;
  SetReplicas(1);
  ScaleOutcome outcome = Request(true, false);
  EXPECT_EQ(Cond(kConditionReady).status, kStatusTrue);
  EXPECT_EQ(Cond(kConditionReady).reason, "ScaledObjectReady");
  // Active with no scaling needed refreshes lastActiveTime.
  EXPECT_EQ(outcome.last_active_time, clock_.Now());
  EXPECT_FALSE(outcome.new_replicas.has_value());
}

TEST_F(ScaleExecutorTest, TestRequestScale_ScalerError_HPAHealthy) {
  so_.spec.min_replica_count = 1;
  SetReplicas(1);
  Request(false, true);
  EXPECT_EQ(Cond(kConditionReady).status, kStatusFalse);
  EXPECT_EQ(Cond(kConditionReady).reason, "TriggerError");
  EXPECT_EQ(Cond(kConditionReady).message,
            "Triggers defined in ScaledObject are not working correctly");
}

TEST_F(ScaleExecutorTest, TestRequestScale_PartialError_HPAHealthy) {
  so_.spec.min_replica_count = 1;
  SetReplicas(1);
  ScaleOutcome outcome = Request(true, true);
  EXPECT_EQ(Cond(kConditionReady).status, kStatusUnknown);
  EXPECT_EQ(Cond(kConditionReady).reason, "PartialTriggerError");
  // An erroring poll does not refresh lastActiveTime.
  EXPECT_FALSE(outcome.last_active_time.has_value());
}

TEST_F(ScaleExecutorTest, TestRequestScale_ScalerErrorWithFallback_HPAHealthy) {
  so_.spec.min_replica_count = 0;
  so_.spec.fallback = api::keda::Fallback();
  so_.spec.fallback->replicas = 5;
  SetReplicas(1);
  Request(false, true);
  EXPECT_EQ(Cond(kConditionReady).status, kStatusTrue);
  // No scale to zero while a non-zero fallback may still take over.
  EXPECT_EQ(Replicas(), 1);
}

TEST_F(ScaleExecutorTest, ErrorGettingCurrentReplicas) {
  // No Deployment in the cluster.
  ScaleOutcome outcome = Request(true, false);
  EXPECT_FALSE(outcome.replicas_known);
  EXPECT_EQ(Cond(kConditionReady).status, kStatusFalse);
  EXPECT_EQ(Cond(kConditionReady).reason, "ErrorGettingCurrentReplicas");
  EXPECT_EQ(Cond(kConditionReady).message,
            "Error getting current replicas count for ScaleTarget: deployments.apps \"name\" not "
            "found");
}

TEST_F(ScaleExecutorTest, CooldownHoldsUntilStrictlyPastLastActivePlusCooldown) {
  so_.spec.cooldown_period = 300;
  so_.status.scale_target_kind = "apps/v1.Deployment";
  SetReplicas(4);
  // Exactly at lastActive + cooldown: still cooling down (upstream compares with Before).
  Request(false, false, clock_.Now() - Duration::Seconds(300));
  EXPECT_EQ(Replicas(), 4);
  EXPECT_EQ(Cond(kConditionActive).reason, "ScalerCooldown");
  EXPECT_EQ(Cond(kConditionActive).message, "Scaler cooling down because triggers are not active");
  Request(false, false, clock_.Now() - Duration::Seconds(301));
  EXPECT_EQ(Replicas(), 0);
  EXPECT_EQ(Cond(kConditionActive).reason, "ScalerNotActive");
  ASSERT_EQ(state_.events().events().size(), 1u);
  EXPECT_EQ(state_.events().events()[0].String(),
            "Normal KEDAScaleTargetDeactivated Deactivated apps/v1.Deployment namespace/name from "
            "4 to 0");
}

TEST_F(ScaleExecutorTest, InitialCooldownAppliesWhenNeverActive) {
  so_.spec.initial_cooldown_period = 200'000;
  SetReplicas(3);
  Request(false, false);  // creation at 0, now 100000 < 0 + 200000
  EXPECT_EQ(Replicas(), 3);
  EXPECT_EQ(Cond(kConditionActive).reason, "ScalerCooldown");
  so_.spec.initial_cooldown_period = 50'000;
  Request(false, false);
  EXPECT_EQ(Replicas(), 0);
}

TEST_F(ScaleExecutorTest, MinReplicasAboveZeroAndNoIdleNeverScalesIn) {
  so_.spec.min_replica_count = 2;
  SetReplicas(7);
  ScaleOutcome outcome = Request(false, false);
  EXPECT_EQ(Replicas(), 7);
  EXPECT_FALSE(outcome.new_replicas.has_value());
  EXPECT_TRUE(state_.events().events().empty());
}

}  // namespace
}  // namespace tidepool::autoscaling
