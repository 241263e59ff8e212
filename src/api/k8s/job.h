// batch/v1 Job. JobSpec is also the jobTargetRef of KEDA's ScaledJob, which is why its defaults
// are a separate function: a ScaledJob's template is not defaulted by the API server as a Job is.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/k8s/pod.h"
#include "api/label_selector.h"
#include "api/meta.h"

namespace tidepool::api {

inline constexpr const char* kCompletionModeNonIndexed = "NonIndexed";
inline constexpr const char* kCompletionModeIndexed = "Indexed";

// podFailurePolicy, successPolicy, maxFailedIndexes, podReplacementPolicy, managedBy and
// scheduling are kept in `extra`.
struct JobSpec {
  std::optional<int32_t> parallelism;
  std::optional<int32_t> completions;
  std::optional<int64_t> active_deadline_seconds;
  std::optional<int32_t> backoff_limit;
  std::optional<int32_t> backoff_limit_per_index;
  std::optional<LabelSelector> selector;
  std::optional<bool> manual_selector;
  PodTemplateSpec template_;
  std::optional<int32_t> ttl_seconds_after_finished;
  std::optional<std::string> completion_mode;
  std::optional<bool> suspend;
  ExtraFields extra;
  friend bool operator==(const JobSpec&, const JobSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(JobSpec);

inline constexpr const char* kJobComplete = "Complete";
inline constexpr const char* kJobFailed = "Failed";
inline constexpr const char* kJobSuspended = "Suspended";

struct JobCondition {
  std::string type;  // Complete, Failed, Suspended, FailureTarget, SuccessCriteriaMet
  std::string status;
  std::string last_probe_time;
  std::string last_transition_time;
  std::string reason;
  std::string message;
  ExtraFields extra;
  friend bool operator==(const JobCondition&, const JobCondition&) = default;
};
TIDEPOOL_DECLARE_CODEC(JobCondition);

// Written by the Job controller; decoded leniently.
struct JobStatus {
  std::vector<JobCondition> conditions;
  std::string start_time;
  std::string completion_time;
  int32_t active = 0;
  int32_t succeeded = 0;
  int32_t failed = 0;
  std::optional<int32_t> ready;
  std::optional<int32_t> terminating;
  ExtraFields extra;
  friend bool operator==(const JobStatus&, const JobStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(JobStatus);

struct Job : Object {
  JobSpec spec;
  JobStatus status;

  // True once a Complete or Failed condition is "True" (upstream IsJobFinished).
  bool IsFinished() const;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<Job>(*this); }
  friend bool operator==(const Job& a, const Job& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(Job);

// pkg/apis/batch/v1/defaults.go on a spec: parallelism and completions 1 when both are unset,
// backoffLimit 6 (MaxInt32 with backoffLimitPerIndex), completionMode NonIndexed, suspend false,
// and the pod-spec defaults of the template.
void SetDefaults(JobSpec& spec);
// The spec's defaults, plus the Job's labels copied from the template when it has none.
void SetDefaults(Job& job);

// pkg/apis/batch/validation ValidateJobSpec at `path` ("spec", "spec.jobTargetRef").
void ValidateJobSpec(const JobSpec& spec, const std::string& path, FieldErrors& errors);
void Validate(const Job& job, FieldErrors& errors);

}  // namespace tidepool::api
