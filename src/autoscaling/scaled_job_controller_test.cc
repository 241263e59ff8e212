// Ported from kedacore/keda pkg/scaling/executor/scale_jobs_test.go (history cleanup, pending-job
// counting, job generation) and controllers/keda/scaledjob_controller.go's rollout and pause
// behaviour, driven through a simulated clock.
#include "autoscaling/scaled_job_controller.h"

#include <gtest/gtest.h>

#include "api/keda/annotations.h"
#include "autoscaling/autoscaling_test_util.h"
#include "autoscaling/scaled_object_status.h"
#include "core/simulated_clock.h"

namespace tidepool::autoscaling {
namespace {

api::keda::ScaledJob MakeScaledJob(std::string name = "test") {
  api::keda::ScaledJob sj;
  sj.api_version = "keda.sh/v1alpha1";
  sj.kind = "ScaledJob";
  sj.metadata.name = std::move(name);
  sj.metadata.namespace_ = "test";
  sj.metadata.generation = 1;
  sj.spec.polling_interval = 10;
  sj.spec.triggers.push_back(testing::MakeTrigger());
  return sj;
}

api::Job FinishedJob(std::string name, std::string completion, std::string type,
                     std::string owner = "test") {
  api::Job job;
  job.metadata.name = std::move(name);
  job.metadata.namespace_ = "test";
  job.metadata.labels = {{"scaledjob.keda.sh/name", std::move(owner)}};
  job.metadata.annotations = {{"scaledjob.keda.sh/generation", "1"}};
  job.status.completion_time = std::move(completion);
  if (!type.empty()) {
    api::JobCondition c;
    c.type = std::move(type);
    c.status = "True";
    job.status.conditions.push_back(c);
  }
  return job;
}

api::Pod JobPod(std::string name, std::string job, std::string phase,
                std::vector<std::string> true_conditions = {}) {
  api::Pod pod;
  pod.metadata.name = std::move(name);
  pod.metadata.namespace_ = "test";
  pod.metadata.labels = {{"job-name", std::move(job)}};
  pod.status.phase = std::move(phase);
  for (std::string& c : true_conditions) {
    api::PodCondition cond;
    cond.type = std::move(c);
    cond.status = "True";
    pod.status.conditions.push_back(cond);
  }
  return pod;
}

class ScaledJobControllerTest : public ::testing::Test {
 protected:
  ScaledJobControllerTest() : clock_(Time::FromUnixSeconds(1'000'000)), state_(clock_) {
    builder_.triggers[0].metric_name = "s0-queueLength";
    builder_.triggers[0].target = 1;
  }
  std::set<std::string> JobNames() {
    std::set<std::string> out;
    for (const auto& [key, job] : state_.Store<api::Job>().items()) out.insert(key.name);
    return out;
  }
  size_t Jobs() { return state_.JobsOfScaledJob("test", "test").size(); }
  const api::keda::ScaledJob& Stored() { return *state_.Get<api::keda::ScaledJob>("test", "test"); }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  testing::FakeScalerBuilder builder_;
  ScaledJobController controller_{clock_, state_, state_, builder_};
};

TEST_F(ScaledJobControllerTest, TestCleanUpNormalCase) {
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.spec.successful_jobs_history_limit = 2;
  sj.spec.failed_jobs_history_limit = 2;
  state_.Put(sj);
  state_.Put(FinishedJob("name1", "2020-07-29T15:37:00Z", "Complete"));
  state_.Put(FinishedJob("name2", "2020-07-29T15:36:00Z", "Complete"));
  state_.Put(FinishedJob("name3", "2020-07-29T15:38:00Z", "Complete"));
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());  // first poll
  EXPECT_EQ(JobNames(), (std::set<std::string>{"name1", "name3"}));
}

TEST_F(ScaledJobControllerTest, TestCleanUpMixedCaseWithSortByTime) {
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.spec.successful_jobs_history_limit = 1;
  sj.spec.failed_jobs_history_limit = 2;
  state_.Put(sj);
  state_.Put(FinishedJob("success1", "2020-07-29T15:37:00Z", "Complete"));
  state_.Put(FinishedJob("success2", "2020-07-29T15:36:00Z", "Complete"));
  state_.Put(FinishedJob("success3", "2020-07-29T15:35:00Z", "Complete"));
  state_.Put(FinishedJob("fail1", "2020-07-29T15:37:00Z", "Failed"));
  state_.Put(FinishedJob("fail2", "2020-07-29T15:36:00Z", "Failed"));
  state_.Put(FinishedJob("fail3", "2020-07-29T15:38:00Z", "Failed"));
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());
  EXPECT_EQ(JobNames(), (std::set<std::string>{"success1", "fail1", "fail3"}));
}

TEST_F(ScaledJobControllerTest, TestCleanUpDefaultValue) {
  state_.Put(MakeScaledJob());
  state_.Put(FinishedJob("success0", "2020-07-29T15:35:00Z", "Complete"));
  for (int i = 1; i < 101; ++i) {
    state_.Put(FinishedJob("success" + std::to_string(i), "2020-07-29T15:40:00Z", "Complete"));
  }
  state_.Put(FinishedJob("fail101", "2020-07-29T15:35:00Z", "Failed"));
  for (int i = 102; i < 202; ++i) {
    state_.Put(FinishedJob("fail" + std::to_string(i), "2020-07-29T15:40:00Z", "Failed"));
  }
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());
  std::set<std::string> names = JobNames();
  EXPECT_EQ(names.size(), 200u);
  EXPECT_EQ(names.count("success0"), 0u);
  EXPECT_EQ(names.count("fail101"), 0u);
}

TEST_F(ScaledJobControllerTest, TestGetPendingJobCount) {
  const std::vector<std::string> conditions = {"Ready", "PodScheduled"};
  struct Case {
    std::vector<std::string> pending_conditions;
    std::vector<std::pair<std::string, std::vector<std::string>>> pods;  // phase, conditions
    int64_t pending;
  };
  const std::vector<Case> cases = {
      {{}, {{"Succeeded", {}}}, 0},
      {{}, {{"Running", {}}}, 0},
      {{}, {{"Failed", {}}}, 1},
      {{}, {{"Pending", {}}}, 1},
      {{}, {{"Unknown", {}}}, 1},
      {conditions, {{"", {}}}, 1},
      {conditions, {{"", {"Ready"}}}, 1},
      {conditions, {{"", {"PodScheduled"}}}, 1},
      {conditions, {{"", {"Ready", "PodScheduled"}}}, 0},
      {conditions, {{"", {"Ready", "PodScheduled"}}, {"", {"Ready", "PodScheduled"}}}, 0},
      {conditions, {{"", {"Ready", "PodScheduled"}}, {"", {"Ready"}}}, 0},
      {conditions, {{"", {"Ready"}}, {"", {"PodScheduled"}}}, 1},
      {conditions, {{"", {}}, {"", {"Ready"}}, {"", {"Ready", "PodScheduled"}}}, 0},
      {conditions, {{"", {}}, {"", {"Ready"}}, {"", {"PodScheduled"}}}, 1},
      {{}, {{"Running", {"Ready"}}}, 0},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SimulatedClock clock;
    cluster::ClusterState state(clock);
    api::keda::ScaledJob sj = MakeScaledJob();
    sj.spec.scaling_strategy.pending_pod_conditions = cases[i].pending_conditions;
    api::Job job = FinishedJob("job", "", "");
    state.Put(job);
    for (size_t p = 0; p < cases[i].pods.size(); ++p) {
      state.Put(JobPod("pod" + std::to_string(p), "job", cases[i].pods[p].first,
                       cases[i].pods[p].second));
    }
    JobCounts counts = CountJobs(state, sj);
    EXPECT_EQ(counts.pending, cases[i].pending) << "case " << i;
    EXPECT_EQ(counts.running, 1) << "case " << i;
  }
}

TEST_F(ScaledJobControllerTest, TestAreAllPendingPodConditionsFulfilledBugScenario) {
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.spec.scaling_strategy.pending_pod_conditions = {"Ready", "PodScheduled"};
  state_.Put(FinishedJob("job", "", ""));
  state_.Put(JobPod("a", "job", "", {"Ready", "PodScheduled"}));
  state_.Put(JobPod("b", "job", "", {"Ready", "PodScheduled"}));
  EXPECT_EQ(CountJobs(state_, sj).pending, 0);
}

TEST_F(ScaledJobControllerTest, TestGenerateJobs) {
  api::keda::ScaledJob sj = MakeScaledJob("test");
  sj.metadata.generation = 0;
  sj.metadata.labels = {{"test", "test"}};
  sj.metadata.annotations = {{"test", "test"}};
  api::Job job = GenerateJob(sj);
  EXPECT_EQ(job.metadata.generate_name, "test-");
  EXPECT_EQ(job.metadata.namespace_, "test");
  EXPECT_EQ(job.metadata.annotations,
            (std::map<std::string, std::string>{{"test", "test"},
                                                {"scaledjob.keda.sh/generation", "0"}}));
  EXPECT_EQ(job.metadata.labels,
            (std::map<std::string, std::string>{{"app.kubernetes.io/managed-by", "keda-operator"},
                                                {"app.kubernetes.io/name", "test"},
                                                {"app.kubernetes.io/part-of", "test"},
                                                {"app.kubernetes.io/version", "tidepool"},
                                                {"scaledjob.keda.sh/name", "test"},
                                                {"test", "test"}}));
  EXPECT_EQ(job.spec.template_.spec.restart_policy, "OnFailure");
  EXPECT_EQ(job.spec.template_.metadata.labels.at("scaledjob.keda.sh/name"), "test");
  ASSERT_EQ(job.metadata.owner_references.size(), 1u);
  EXPECT_EQ(job.metadata.owner_references[0].kind, "ScaledJob");
  // Excluded labels are not copied.
  sj.metadata.annotations["scaledjob.keda.sh/job-excluded-labels"] = "test,other";
  EXPECT_EQ(GenerateJob(sj).metadata.labels.count("test"), 0u);
}

TEST_F(ScaledJobControllerTest, TestCreateJobs) {
  state_.Put(MakeScaledJob());
  builder_.triggers[0].value = 2;
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());
  ASSERT_EQ(Jobs(), 2u);
  for (const api::Job* job : state_.JobsOfScaledJob("test", "test")) {
    EXPECT_EQ(job->metadata.generate_name, "test-");
    EXPECT_EQ(job->metadata.namespace_, "test");
  }
  // As upstream: the Jobs first, then the activity transition.
  const auto& events = state_.events().events();
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[events.size() - 2].String(), "Normal KEDAJobsCreated Created 2 jobs");
  EXPECT_EQ(events.back().String(),
            "Normal ScaledJobActive Scaling is performed because triggers are active");
  EXPECT_TRUE(IsConditionTrue(Stored().status.conditions, kConditionActive));
  EXPECT_EQ(Stored().status.external_metric_names, std::vector<std::string>{"s0-queueLength"});
}

TEST_F(ScaledJobControllerTest, JobsPerPollCountRunningJobs) {
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.spec.max_replica_count = 10;
  state_.Put(sj);
  builder_.triggers[0].value = 4;
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());
  EXPECT_EQ(Jobs(), 4u);
  // Queue still 4, 4 running: the default strategy adds nothing.
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(Jobs(), 4u);
  // The backlog grows to 6: two more.
  builder_.triggers[0].value = 6;
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(Jobs(), 6u);
  // Jobs finish and the queue empties: inactive, nothing new, ScaledJobInactive once.
  for (const api::Job* job : state_.JobsOfScaledJob("test", "test")) {
    api::Job* mutable_job = state_.GetMutable<api::Job>("test", job->metadata.name);
    api::JobCondition c;
    c.type = "Complete";
    c.status = "True";
    mutable_job->status.conditions.push_back(c);
  }
  builder_.triggers[0].value = 0;
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(Jobs(), 6u);
  EXPECT_FALSE(IsConditionTrue(Stored().status.conditions, kConditionActive));
  EXPECT_EQ(state_.events().events().back().reason, "ScaledJobInactive");
}

TEST_F(ScaledJobControllerTest, MinReplicaCountKeepsJobsRunningWithAnEmptyQueue) {
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.spec.min_replica_count = 2;
  state_.Put(sj);
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());
  EXPECT_EQ(Jobs(), 2u);
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(Jobs(), 2u);
}

TEST_F(ScaledJobControllerTest, TriggerErrorSetsReadyAndRebuildsScalers) {
  state_.Put(MakeScaledJob());
  builder_.triggers[0].error = Error(ErrorCode::kUnavailable, "queue unreachable");
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());
  const api::keda::Condition* ready = FindCondition(Stored().status.conditions, kConditionReady);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(ready->status, "False");
  EXPECT_EQ(ready->reason, "TriggerError");
  EXPECT_EQ(ready->message, "Triggers defined in ScaledJob are not working correctly");
  EXPECT_EQ(state_.events().EventsFor("ScaledJob", "test", "test").front().String(),
            "Normal ScaledJobReady ScaledJob is ready for scaling");
  EXPECT_EQ(state_.events().events().back().String(), "Warning KEDAScalerFailed queue unreachable");
  builder_.triggers[0].error.reset();
  builder_.triggers[0].value = 1;
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(builder_.triggers[0].builds, 2);
  EXPECT_EQ(FindCondition(Stored().status.conditions, kConditionReady)->status, "True");
  EXPECT_EQ(Jobs(), 1u);
}

TEST_F(ScaledJobControllerTest, RolloutDeletesJobsOfPreviousGenerations) {
  state_.Put(MakeScaledJob());
  state_.Put(FinishedJob("old", "", ""));  // generation 1, running
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.metadata.generation = 2;
  state_.Put(sj);
  controller_.Reconcile("test", "test");
  EXPECT_EQ(JobNames().count("old"), 0u);
  auto events = state_.events().EventsFor("ScaledJob", "test", "test");
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0].String(),
            "Normal ScaledJobRolloutCleanupStarted Deleting 1 jobs owned by the previous version "
            "of the scaledJob");
  EXPECT_EQ(events[1].String(),
            "Normal ScaledJobRolloutCleanupCompleted Deleted 1 jobs owned by the previous version "
            "of the scaledJob");
}

TEST_F(ScaledJobControllerTest, GradualRolloutLeavesJobsOfPreviousGenerations) {
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.metadata.generation = 2;
  sj.spec.rollout.strategy = "gradual";
  state_.Put(sj);
  state_.Put(FinishedJob("old", "", ""));
  controller_.Reconcile("test", "test");
  EXPECT_EQ(JobNames().count("old"), 1u);
}

TEST_F(ScaledJobControllerTest, PauseStopsTheLoopAndUnpauseResumes) {
  api::keda::ScaledJob sj = MakeScaledJob();
  sj.metadata.annotations = {{"autoscaling.keda.sh/paused", "true"}};
  state_.Put(sj);
  builder_.triggers[0].value = 3;
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration::Seconds(30));
  EXPECT_EQ(Jobs(), 0u);
  EXPECT_EQ(controller_.loop_count(), 0u);
  EXPECT_TRUE(IsConditionTrue(Stored().status.conditions, kConditionPaused));
  EXPECT_EQ(state_.events().events().back().String(), "Normal ScaledJobPaused ScaledJob is paused");

  api::keda::ScaledJob unpaused = Stored();
  unpaused.metadata.annotations.clear();
  state_.Put(unpaused);
  controller_.Reconcile("test", "test");
  clock_.Advance(Duration());
  EXPECT_EQ(Jobs(), 3u);
  EXPECT_FALSE(IsConditionTrue(Stored().status.conditions, kConditionPaused));
  EXPECT_EQ(FindCondition(Stored().status.conditions, kConditionPaused)->reason,
            "ScaledJobUnpaused");
}

TEST_F(ScaledJobControllerTest, InvalidScaledJobGetsReadyFalseAndOthersKeepScaling) {
  api::keda::ScaledJob bad = MakeScaledJob("bad");
  bad.spec.triggers[0].metric_type = "Value";
  state_.Put(bad);
  state_.Put(MakeScaledJob());
  builder_.triggers[0].value = 1;
  controller_.ReconcileAll();
  clock_.Advance(Duration());
  const auto* stored = state_.Get<api::keda::ScaledJob>("test", "bad");
  const api::keda::Condition* ready = FindCondition(stored->status.conditions, kConditionReady);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(ready->status, "False");
  EXPECT_EQ(ready->reason, "ScaledJobCheckFailed");
  EXPECT_EQ(controller_.loop_count(), 1u);
  EXPECT_EQ(Jobs(), 1u);
}

TEST_F(ScaledJobControllerTest, DeletedScaledJobStopsItsLoop) {
  state_.Put(MakeScaledJob());
  controller_.Reconcile("test", "test");
  EXPECT_EQ(controller_.loop_count(), 1u);
  state_.Delete<api::keda::ScaledJob>("test", "test");
  controller_.ReconcileAll();
  EXPECT_EQ(controller_.loop_count(), 0u);
  EXPECT_EQ(clock_.pending(), 0u);
}

}  // namespace
}  // namespace tidepool::autoscaling
