// keda.sh/v1alpha1 ScaledJob (apis/keda/v1alpha1/scaledjob_types.go): run one Job per unit of
// work from event sources, instead of scaling a long-running workload.
//
// Defaults: the CRD declares none, so SetDefaults changes nothing and the fields keep what the
// user wrote; KEDA's code-level defaults (pollingInterval 30, history limits 100, maxReplicaCount
// 100, strategy "default", ...) come from the accessor functions below, as for ScaledObject
// (see scaled_object.h). jobTargetRef is not defaulted either: KEDA copies it into each Job it
// creates (with restartPolicy OnFailure when unset) and the API server defaults that Job.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/k8s/job.h"
#include "api/keda/scale_triggers.h"
#include "api/meta.h"

namespace tidepool::api::keda {

inline constexpr int32_t kDefaultSuccessfulJobsHistoryLimit = 100;
inline constexpr int32_t kDefaultFailedJobsHistoryLimit = 100;
inline constexpr int32_t kDefaultScaledJobMinReplicaCount = 0;
inline constexpr int32_t kDefaultScaledJobMaxReplicaCount = 100;

inline constexpr std::string_view kRolloutGradual = "gradual";
inline constexpr std::string_view kRolloutImmediate = "immediate";
inline constexpr std::string_view kPropagationForeground = "foreground";
inline constexpr std::string_view kPropagationBackground = "background";

inline constexpr std::string_view kScalingStrategyDefault = "default";
inline constexpr std::string_view kScalingStrategyCustom = "custom";
inline constexpr std::string_view kScalingStrategyAccurate = "accurate";
inline constexpr std::string_view kScalingStrategyEager = "eager";

inline constexpr std::string_view kMultipleScalersMax = "max";
inline constexpr std::string_view kMultipleScalersMin = "min";
inline constexpr std::string_view kMultipleScalersAvg = "avg";
inline constexpr std::string_view kMultipleScalersSum = "sum";

struct Rollout {
  std::string strategy;            // gradual or immediate (default)
  std::string propagation_policy;  // foreground or background (default)
  ExtraFields extra;
  friend bool operator==(const Rollout&, const Rollout&) = default;
};
TIDEPOOL_DECLARE_CODEC(Rollout);

struct ScalingStrategy {
  std::string strategy;  // default, custom, accurate, eager
  std::optional<int32_t> custom_scaling_queue_length_deduction;
  std::string custom_scaling_running_job_percentage;  // a float, as a string
  std::vector<std::string> pending_pod_conditions;
  std::string multiple_scalers_calculation;  // max (default), min, avg, sum
  ExtraFields extra;
  friend bool operator==(const ScalingStrategy&, const ScalingStrategy&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScalingStrategy);

struct ScaledJobSpec {
  JobSpec job_target_ref;  // required
  std::optional<int32_t> polling_interval;
  std::optional<int32_t> successful_jobs_history_limit;
  std::optional<int32_t> failed_jobs_history_limit;
  std::string rollout_strategy;  // deprecated: rollout.strategy
  Rollout rollout;
  std::string env_source_container_name;
  std::optional<int32_t> min_replica_count;
  std::optional<int32_t> max_replica_count;
  ScalingStrategy scaling_strategy;
  std::vector<ScaleTrigger> triggers;  // required, at least one
  ExtraFields extra;
  friend bool operator==(const ScaledJobSpec&, const ScaledJobSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScaledJobSpec);

// Written by the controller; decoded leniently.
struct ScaledJobStatus {
  std::string last_active_time;  // RFC 3339, as written
  std::vector<Condition> conditions;
  std::string paused;  // the field is spelt "Paused"
  std::optional<std::string> triggers_types;
  std::optional<std::string> authentications_types;
  std::vector<std::string> external_metric_names;
  std::map<std::string, TriggerActivityStatus> triggers_activity;
  ExtraFields extra;
  friend bool operator==(const ScaledJobStatus&, const ScaledJobStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScaledJobStatus);

struct ScaledJob : Object {
  ScaledJobSpec spec;
  ScaledJobStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<ScaledJob>(*this); }
  friend bool operator==(const ScaledJob& a, const ScaledJob& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(ScaledJob);

// The CRD declares no defaults: a no-op, present for the kind registry.
void SetDefaults(ScaledJob& sj);

// Effective values, as KEDA's code reads them.
int32_t PollingIntervalSeconds(const ScaledJob& sj);      // 30
int32_t SuccessfulJobsHistoryLimit(const ScaledJob& sj);  // 100
int32_t FailedJobsHistoryLimit(const ScaledJob& sj);      // 100
// Upstream ScaledJob.MinReplicaCount(): minReplicaCount (0), capped at maxReplicaCount.
int64_t MinReplicaCount(const ScaledJob& sj);
// Upstream ScaledJob.MaxReplicaCount(): NOT maxReplicaCount but the Jobs the scaling maths may
// add on top of the minimum: maxReplicaCount - MinReplicaCount(), or maxReplicaCount itself when
// min > max; 100 when maxReplicaCount is unset (whatever the minimum).
int64_t MaxReplicaCount(const ScaledJob& sj);
// The rollout strategy: the deprecated rolloutStrategy when set, else rollout.strategy, else
// immediate (Jobs of older generations are deleted).
std::string_view RolloutStrategy(const ScaledJob& sj);
// foreground when rollout.propagationPolicy says so, else background.
std::string_view RolloutPropagationPolicy(const ScaledJob& sj);
// The strategy KEDA runs: custom only when customScalingRunningJobPercentage parses as a float;
// anything unknown or unset is default.
std::string_view EffectiveScalingStrategy(const ScaledJob& sj);
// customScalingRunningJobPercentage as KEDA parses it; nullopt when unset or not a float.
std::optional<double> CustomScalingRunningJobPercentage(const ScaledJob& sj);
// max unless min, avg or sum is named.
std::string_view MultipleScalersCalculation(const ScaledJob& sj);

// The CRD's rules (minimums, enums), the webhook's trigger checks, and jobTargetRef checked as
// the Job KEDA would create from it (restartPolicy OnFailure when unset, Job defaults applied).
void Validate(const ScaledJob& sj, FieldErrors& errors);

}  // namespace tidepool::api::keda
