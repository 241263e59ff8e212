#include "autoscaling/scaled_job_controller.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <utility>

#include "api/keda/annotations.h"
#include "autoscaling/event_reasons.h"
#include "autoscaling/scaled_job_metrics.h"
#include "autoscaling/scaled_object_status.h"

namespace tidepool::autoscaling {

namespace keda = api::keda;

struct ScaledJobController::Loop {
  cluster::ObjectKey key;
  int64_t generation = 0;
  std::vector<std::unique_ptr<scalers::Scaler>> scalers;  // empty: (re)build at the next poll
  TimerId timer = 0;
  bool timer_armed = false;
};

namespace {

cluster::ObjectReference ReferenceOf(const keda::ScaledJob& sj) {
  return {std::string(keda::kKindScaledJob), sj.metadata.namespace_, sj.metadata.name};
}

// The Job's Complete or Failed condition that is True, if any.
std::string_view FinishedCondition(const api::Job& job) {
  for (const api::JobCondition& c : job.status.conditions) {
    if ((c.type == api::kJobComplete || c.type == api::kJobFailed) && c.status == "True") {
      return c.type;
    }
  }
  return {};
}

bool AnyPodRunningOrSucceeded(const std::vector<const api::Pod*>& pods) {
  for (const api::Pod* pod : pods) {
    if (pod->status.phase == api::kPodRunning || pod->status.phase == api::kPodSucceeded) {
      return true;
    }
  }
  return false;
}

// Some pod has every listed condition True (upstream areAllPendingPodConditionsFulfilled).
bool SomePodFulfils(const std::vector<const api::Pod*>& pods,
                    const std::vector<std::string>& conditions) {
  for (const api::Pod* pod : pods) {
    size_t fulfilled = 0;
    for (const std::string& wanted : conditions) {
      for (const api::PodCondition& c : pod->status.conditions) {
        if (c.type == wanted && c.status == "True") {
          ++fulfilled;
          break;
        }
      }
    }
    if (fulfilled == conditions.size()) return true;
  }
  return false;
}

Time CompletionTime(const api::Job& job) {
  Result<Time> t = Time::ParseRfc3339(job.status.completion_time);
  return t.value_or(Time());
}

}  // namespace

JobCounts CountJobs(const cluster::ClusterState& state, const keda::ScaledJob& sj) {
  JobCounts counts;
  const std::vector<std::string>& conditions = sj.spec.scaling_strategy.pending_pod_conditions;
  for (const api::Job* job : state.JobsOfScaledJob(sj.metadata.namespace_, sj.metadata.name)) {
    if (!FinishedCondition(*job).empty()) continue;
    ++counts.running;
    std::vector<const api::Pod*> pods =
        state.PodsOfJob(job->metadata.namespace_, job->metadata.name);
    const bool pending =
        conditions.empty() ? !AnyPodRunningOrSucceeded(pods) : !SomePodFulfils(pods, conditions);
    if (pending) ++counts.pending;
  }
  return counts;
}

api::Job GenerateJob(const keda::ScaledJob& sj) {
  const std::string& name = sj.metadata.name;
  api::Job job;
  job.api_version = "batch/v1";
  job.kind = "Job";
  job.metadata.generate_name = name + "-";
  job.metadata.namespace_ = sj.metadata.namespace_;
  job.metadata.labels = {{"app.kubernetes.io/name", name},
                         {"app.kubernetes.io/version", "tidepool"},
                         {"app.kubernetes.io/part-of", name},
                         {"app.kubernetes.io/managed-by", "keda-operator"},
                         {std::string(keda::kScaledJobNameLabel), name}};
  std::vector<std::string_view> excluded;
  auto ex = sj.metadata.annotations.find(std::string(keda::kJobExcludedLabelsAnnotation));
  if (ex != sj.metadata.annotations.end()) {
    std::string_view rest = ex->second;
    while (true) {
      size_t comma = rest.find(',');
      excluded.push_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  for (const auto& [key, value] : sj.metadata.labels) {
    if (std::find(excluded.begin(), excluded.end(), key) != excluded.end()) continue;
    job.metadata.labels[key] = value;
  }
  job.metadata.annotations = {
      {std::string(keda::kScaledJobGenerationAnnotation), std::to_string(sj.metadata.generation)}};
  for (const auto& [key, value] : sj.metadata.annotations) job.metadata.annotations[key] = value;
  api::OwnerReference owner;
  owner.api_version = std::string(keda::kApiVersion);
  owner.kind = std::string(keda::kKindScaledJob);
  owner.name = name;
  owner.uid = sj.metadata.uid;
  owner.controller = true;
  owner.block_owner_deletion = true;
  job.metadata.owner_references.push_back(std::move(owner));
  job.spec = sj.spec.job_target_ref;
  job.spec.template_.metadata.labels[std::string(keda::kScaledJobNameLabel)] = name;
  if (job.spec.template_.spec.restart_policy.empty()) {
    job.spec.template_.spec.restart_policy = api::kRestartPolicyOnFailure;
  }
  return job;
}

ScaledJobController::ScaledJobController(Clock& clock, cluster::ClusterState& state,
                                         cluster::ClusterWriter& writer, ScalerBuilder& builder)
    : clock_(clock), state_(state), writer_(writer), builder_(builder) {}

ScaledJobController::~ScaledJobController() {
  for (auto& [key, loop] : loops_) {
    if (loop->timer_armed) clock_.Cancel(loop->timer);
  }
}

void ScaledJobController::StopLoop(std::string_view ns, std::string_view name) {
  auto it = loops_.find(cluster::ObjectKeyView{ns, name});
  if (it == loops_.end()) return;
  if (it->second->timer_armed) clock_.Cancel(it->second->timer);
  for (auto& scaler : it->second->scalers) (void)scaler->Close();
  loops_.erase(it);
}

void ScaledJobController::Schedule(Loop& loop, Duration delay) {
  if (loop.timer_armed) clock_.Cancel(loop.timer);
  Loop* target = &loop;
  loop.timer = clock_.ScheduleAfter(delay, [this, target] {
    target->timer_armed = false;
    // Copy the key: the poll may stop (and free) the loop.
    cluster::ObjectKey key = target->key;
    Poll(key.namespace_, key.name);
    auto it = loops_.find(key);
    if (it != loops_.end() && it->second.get() == target && !target->timer_armed) {
      const keda::ScaledJob* sj = state_.Get<keda::ScaledJob>(key.namespace_, key.name);
      if (sj != nullptr) Schedule(*target, Duration::Seconds(keda::PollingIntervalSeconds(*sj)));
    }
  });
  loop.timer_armed = true;
}

void ScaledJobController::ReconcileAll() {
  std::vector<cluster::ObjectKey> stale;
  for (const auto& [key, loop] : loops_) {
    if (state_.Get<keda::ScaledJob>(key.namespace_, key.name) == nullptr) stale.push_back(key);
  }
  for (const cluster::ObjectKey& key : stale) StopLoop(key.namespace_, key.name);
  for (const auto& [key, sj] : state_.Store<keda::ScaledJob>().items()) {
    Reconcile(key.namespace_, key.name);
  }
}

void ScaledJobController::WriteStatus(const keda::ScaledJob& sj,
                                      const keda::ScaledJobStatus& status) {
  if (status == sj.status) return;
  Status written = writer_.UpdateScaledJobStatus(sj.metadata.namespace_, sj.metadata.name, status);
  if (!written) {
    writer_.RecordEvent(ReferenceOf(sj), cluster::kEventTypeWarning, kReasonScaledJobUpdateFailed,
                        written.error().message());
  }
}

bool ScaledJobController::DeletePreviousVersionJobs(const keda::ScaledJob& sj,
                                                    std::string& message) {
  const std::string_view strategy = keda::RolloutStrategy(sj);
  if (strategy == keda::kRolloutGradual) {
    message = "RolloutStrategy: gradual";
    return true;
  }
  const std::string generation = std::to_string(sj.metadata.generation);
  std::vector<std::string> old_jobs;
  for (const api::Job* job : state_.JobsOfScaledJob(sj.metadata.namespace_, sj.metadata.name)) {
    auto it = job->metadata.annotations.find(std::string(keda::kScaledJobGenerationAnnotation));
    if (it == job->metadata.annotations.end() || it->second != generation) {
      old_jobs.push_back(job->metadata.name);
    }
  }
  if (old_jobs.empty()) {
    message = "RolloutStrategy: " + std::string(strategy);
    return true;
  }
  writer_.RecordEvent(ReferenceOf(sj), cluster::kEventTypeNormal,
                      kReasonScaledJobRolloutCleanupStarted,
                      fmt::format("Deleting {} jobs owned by the previous version of the scaledJob",
                                  old_jobs.size()));
  const cluster::DeletePropagation propagation =
      keda::RolloutPropagationPolicy(sj) == keda::kPropagationForeground
          ? cluster::DeletePropagation::kForeground
          : cluster::DeletePropagation::kBackground;
  for (const std::string& job : old_jobs) {
    Status deleted = writer_.DeleteJob(sj.metadata.namespace_, job, propagation);
    if (!deleted) {
      writer_.RecordEvent(
          ReferenceOf(sj), cluster::kEventTypeWarning, kReasonScaledJobRolloutCleanupFailed,
          fmt::format("Failed to delete job {}: {}", job, deleted.error().message()));
      message = "Not able to delete job: " + job;
      return false;
    }
  }
  writer_.RecordEvent(ReferenceOf(sj), cluster::kEventTypeNormal,
                      kReasonScaledJobRolloutCleanupCompleted,
                      fmt::format("Deleted {} jobs owned by the previous version of the scaledJob",
                                  old_jobs.size()));
  message = fmt::format(
      "RolloutStrategy: immediate, deleted jobs owned by the previous version of the scaleJob: {} "
      "jobs deleted",
      old_jobs.size());
  return true;
}

void ScaledJobController::Reconcile(std::string_view ns, std::string_view name) {
  const keda::ScaledJob* sj = state_.Get<keda::ScaledJob>(ns, name);
  if (sj == nullptr) {
    StopLoop(ns, name);
    return;
  }
  keda::ScaledJobStatus status = sj->status;
  if (!AreInitialized(status.conditions)) status.conditions = InitializedConditions();
  Conditions& conditions = status.conditions;
  const bool paused_in_status = IsConditionTrue(conditions, kConditionPaused);

  // Pause: stop the loop, keep the Jobs.
  if (keda::BoolAnnotation(sj->metadata, keda::kPausedAnnotation)) {
    if (!paused_in_status) {
      SetCondition(conditions, kConditionPaused, kStatusTrue, kScaledJobPausedReason,
                   kScaledJobPausedMessage);
      writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonScaledJobPaused,
                          std::string(kScaledJobPausedMessage));
    }
    StopLoop(ns, name);
    SetCondition(conditions, kConditionReady, kStatusTrue, kScaledJobReadyReason,
                 "ScaledJob is paused, skipping reconcile loop");
    WriteStatus(*sj, status);
    return;
  }
  if (paused_in_status) {
    SetCondition(conditions, kConditionPaused, kStatusFalse, kScaledJobUnpausedReason,
                 kScaledJobUnpausedMessage);
    writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonScaledJobUnpaused,
                        std::string(kScaledJobUnpausedMessage));
  }

  std::string failure;
  if (Status triggers = keda::CheckTriggers(sj->spec.triggers); !triggers) {
    failure =
        "ScaledJob doesn't have correct triggers specification: " + triggers.error().message();
  } else {
    for (const keda::ScaleTrigger& trigger : sj->spec.triggers) {
      if (!trigger.metric_type.empty()) {
        failure =
            "Cannot set metricType in ScaledJob triggers: metricType is set in one of the "
            "ScaledJob scaler";
        break;
      }
    }
  }
  std::string rollout_message;
  if (failure.empty() && !DeletePreviousVersionJobs(*sj, rollout_message)) {
    failure = rollout_message;
  }
  sj = state_.Get<keda::ScaledJob>(ns, name);  // unchanged by Job deletion, but re-read anyway
  if (!failure.empty()) {
    SetCondition(conditions, kConditionReady, kStatusFalse, kScaledJobCheckFailedReason, failure);
    SetCondition(conditions, kConditionActive, kStatusUnknown, kUnknownStateReason,
                 kScaledJobCheckFailedMessage);
    writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeWarning, kReasonScaledJobCheckFailed,
                        failure);
    StopLoop(ns, name);
    WriteStatus(*sj, status);
    return;
  }
  status.triggers_types = keda::TriggerTypesList(sj->spec.triggers);
  status.authentications_types = keda::AuthenticationNamesList(sj->spec.triggers);
  const api::keda::Condition* ready = FindCondition(conditions, kConditionReady);
  if (ready == nullptr || ready->status != kStatusTrue) {
    writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonScaledJobReady,
                        std::string(kMessageScaledJobReady));
  }
  SetCondition(conditions, kConditionReady, kStatusTrue, kScaledJobReadyReason,
               "ScaledJob is defined correctly and is ready to scaling");
  WriteStatus(*sj, status);

  auto it = loops_.find(cluster::ObjectKeyView{ns, name});
  if (it != loops_.end() && it->second->generation == sj->metadata.generation) return;
  StopLoop(ns, name);
  auto loop = std::make_unique<Loop>();
  loop->key = cluster::ObjectKey{std::string(ns), std::string(name)};
  loop->generation = sj->metadata.generation;
  Loop& ref = *loop;
  loops_.emplace(loop->key, std::move(loop));
  writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonKedaScalersStarted,
                      std::string(kMessageScalerStart));
  Schedule(ref, Duration());  // first poll at once, then every pollingInterval
}

void ScaledJobController::CleanUpHistory(const keda::ScaledJob& sj) {
  std::vector<const api::Job*> completed, failed;
  for (const api::Job* job : state_.JobsOfScaledJob(sj.metadata.namespace_, sj.metadata.name)) {
    std::string_view finished = FinishedCondition(*job);
    if (finished == api::kJobComplete) completed.push_back(job);
    if (finished == api::kJobFailed) failed.push_back(job);
  }
  auto prune = [&](std::vector<const api::Job*>& jobs, int32_t limit) {
    if (static_cast<int64_t>(jobs.size()) <= limit) return;
    std::stable_sort(jobs.begin(), jobs.end(), [](const api::Job* a, const api::Job* b) {
      return CompletionTime(*a) < CompletionTime(*b);
    });
    std::vector<std::string> names;
    for (size_t i = 0; i < jobs.size() - static_cast<size_t>(std::max(limit, 0)); ++i) {
      names.push_back(jobs[i]->metadata.name);
    }
    for (const std::string& job : names) {
      Status deleted =
          writer_.DeleteJob(sj.metadata.namespace_, job, cluster::DeletePropagation::kBackground);
      if (!deleted) {
        spdlog::warn("ScaledJob {}/{}: removing job {} beyond the history limit: {}",
                     sj.metadata.namespace_, sj.metadata.name, job, deleted.error().message());
        return;
      }
    }
  };
  prune(completed, keda::SuccessfulJobsHistoryLimit(sj));
  prune(failed, keda::FailedJobsHistoryLimit(sj));
}

void ScaledJobController::Poll(std::string_view ns, std::string_view name) {
  auto it = loops_.find(cluster::ObjectKeyView{ns, name});
  if (it == loops_.end()) return;
  Loop& loop = *it->second;
  const keda::ScaledJob* sj = state_.Get<keda::ScaledJob>(ns, name);
  if (sj == nullptr) {
    StopLoop(ns, name);
    return;
  }
  keda::ScaledJobStatus status = sj->status;
  if (!AreInitialized(status.conditions)) status.conditions = InitializedConditions();

  bool is_error = false;
  if (loop.scalers.empty()) {
    for (size_t i = 0; i < sj->spec.triggers.size(); ++i) {
      Result<std::unique_ptr<scalers::Scaler>> built =
          builder_.Build(*sj, sj->spec.triggers[i], static_cast<int>(i));
      if (!built) {
        writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeWarning, kReasonKedaScalerFailed,
                            built.error().message());
        is_error = true;
        continue;
      }
      writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonKedaScalersStarted,
                          "Scaler " + sj->spec.triggers[i].type + " is built");
      loop.scalers.push_back(std::move(*built));
    }
  }

  const int64_t max_replicas = keda::MaxReplicaCount(*sj);
  std::vector<ScalerMetrics> metrics;
  std::vector<std::string> metric_names;
  std::vector<std::string> active_triggers;
  for (auto& scaler : loop.scalers) {
    std::vector<scalers::MetricSpec> specs = scaler->GetMetricSpecForScaling();
    bool scaler_active = false;
    for (const scalers::MetricSpec& spec : specs) {
      if (spec.source != scalers::MetricSpec::Source::kExternal) continue;
      metric_names.push_back(spec.metric_name);
      Result<scalers::MetricsAndActivity> result = scaler->GetMetricsAndActivity(spec.metric_name);
      if (!result) {
        writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeWarning, kReasonKedaScalerFailed,
                            result.error().message());
        is_error = true;
        continue;
      }
      if (result->active) {
        scaler_active = true;
        active_triggers.push_back(spec.metric_name);
      }
      QueueLengthAndMaxValue q =
          CalculateQueueLengthAndMaxValue(result->metrics, specs, max_replicas);
      // Upstream records the scaler's activity so far, not this metric's alone.
      metrics.push_back({q.queue_length, q.max_value, scaler_active});
    }
  }
  status.external_metric_names = metric_names;

  const ScaledJobActivity activity = IsScaledJobActive(
      metrics, keda::MultipleScalersCalculation(*sj), keda::MinReplicaCount(*sj), max_replicas);

  // RequestJobScale.
  status.triggers_activity.clear();
  for (const std::string& metric : metric_names) {
    status.triggers_activity[metric].is_active =
        std::find(active_triggers.begin(), active_triggers.end(), metric) != active_triggers.end();
  }
  const JobCounts counts = CountJobs(state_, *sj);
  const EffectiveScale decision = GetScalingDecision(*sj, counts.running, activity.queue_length,
                                                     activity.max_value, counts.pending);
  if (activity.is_active) {
    status.last_active_time = clock_.Now().ToRfc3339();
    const int64_t to_create = JobsToCreate(decision);
    if (to_create > 0) {
      int64_t created = 0;
      for (int64_t i = 0; i < to_create; ++i) {
        Result<std::string> job = writer_.CreateJob(GenerateJob(*sj));
        if (!job) {
          writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeWarning,
                              kReasonKedaJobCreateFailed,
                              fmt::format("Failed to create job {}-: {}", sj->metadata.name,
                                          job.error().message()));
          continue;
        }
        ++created;
      }
      spdlog::debug(
          "ScaledJob {}/{}: created {} jobs (queue {}, max scale {}, running {}, pending {})",
          sj->metadata.namespace_, sj->metadata.name, created, activity.queue_length,
          activity.max_value, counts.running, counts.pending);
      writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonKedaJobsCreated,
                          fmt::format("Created {} jobs", to_create));
    }
  }
  Conditions& conditions = status.conditions;
  SetCondition(conditions, kConditionReady, kStatusTrue, kScaledJobReadyReason,
               kScaledJobReadyMessage);
  if (is_error) {
    if (activity.is_active) {
      SetCondition(conditions, kConditionReady, kStatusUnknown, kPartialTriggerErrorReason,
                   kScaledJobPartialTriggerErrorMessage);
    } else {
      SetCondition(conditions, kConditionReady, kStatusFalse, kTriggerErrorReason,
                   kScaledJobTriggerErrorMessage);
    }
  }
  const bool was_active = IsConditionTrue(sj->status.conditions, kConditionActive);
  if (activity.is_active) {
    if (!was_active) {
      writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonScaledJobActive,
                          std::string(kScalerActiveMessage));
    }
    SetCondition(conditions, kConditionActive, kStatusTrue, kScalerActiveReason,
                 kScalerActiveMessage);
  } else {
    if (was_active) {
      writer_.RecordEvent(ReferenceOf(*sj), cluster::kEventTypeNormal, kReasonScaledJobInactive,
                          std::string(kScalerNotActiveMessage));
    }
    SetCondition(conditions, kConditionActive, kStatusFalse, kScalerNotActiveReason,
                 kScalerNotActiveMessage);
  }
  CleanUpHistory(*sj);
  if (is_error) {
    // As upstream clears the scalers cache: rebuild (and re-resolve secrets) at the next poll.
    for (auto& scaler : loop.scalers) (void)scaler->Close();
    loop.scalers.clear();
  }
  sj = state_.Get<keda::ScaledJob>(ns, name);
  if (sj != nullptr) WriteStatus(*sj, status);
}

}  // namespace tidepool::autoscaling
