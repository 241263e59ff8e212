// batch/v1 Job defaults (pkg/apis/batch/v1/defaults.go) and validation
// (pkg/apis/batch/validation validateJobSpec) for the modelled fields.
//
// Not applied: podReplacementPolicy's default (it depends on podFailurePolicy, kept unmodelled;
// it only changes when the Job controller creates replacement pods). The API server's generated
// selector and controller-uid labels are not added: a Job without a selector and without
// manualSelector is treated as selecting its own template.
#include "api/k8s/job.h"

#include <climits>

#include "api/k8s/common_validation.h"
#include "api/name_validation.h"
#include "api/selector.h"

namespace tidepool::api {
namespace {

constexpr int32_t kDefaultBackoffLimit = 6;
constexpr int32_t kMaxParallelismForIndexedJob = 100000;

void ValidateOptionalNonnegative(const std::optional<int64_t>& value, const std::string& path,
                                 FieldErrors& errors) {
  if (value) ValidateNonnegative(*value, path, errors);
}

}  // namespace

bool Job::IsFinished() const {
  for (const JobCondition& c : status.conditions) {
    if ((c.type == kJobComplete || c.type == kJobFailed) && c.status == "True") return true;
  }
  return false;
}

void SetDefaults(JobSpec& spec) {
  if (!spec.completions && !spec.parallelism) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (!spec.parallelism) spec.parallelism = 1;
  if (!spec.backoff_limit) {
    spec.backoff_limit = spec.backoff_limit_per_index ? INT32_MAX : kDefaultBackoffLimit;
  }
  if (!spec.completion_mode) spec.completion_mode = kCompletionModeNonIndexed;
  if (!spec.suspend) spec.suspend = false;
  SetDefaults(spec.template_.spec);
}

void SetDefaults(Job& job) {
  SetDefaults(job.spec);
  if (job.metadata.labels.empty()) job.metadata.labels = job.spec.template_.metadata.labels;
}

void ValidateJobSpec(const JobSpec& spec, const std::string& path, FieldErrors& errors) {
  auto widen = [](const std::optional<int32_t>& v) -> std::optional<int64_t> {
    if (v) return *v;
    return std::nullopt;
  };
  ValidateOptionalNonnegative(widen(spec.parallelism), Child(path, "parallelism"), errors);
  ValidateOptionalNonnegative(widen(spec.completions), Child(path, "completions"), errors);
  ValidateOptionalNonnegative(spec.active_deadline_seconds, Child(path, "activeDeadlineSeconds"),
                              errors);
  ValidateOptionalNonnegative(widen(spec.backoff_limit), Child(path, "backoffLimit"), errors);
  ValidateOptionalNonnegative(widen(spec.ttl_seconds_after_finished),
                              Child(path, "ttlSecondsAfterFinished"), errors);
  const bool indexed = spec.completion_mode && *spec.completion_mode == kCompletionModeIndexed;
  if (spec.backoff_limit_per_index) {
    ValidateNonnegative(*spec.backoff_limit_per_index, Child(path, "backoffLimitPerIndex"), errors);
    if (!indexed) {
      errors.Add(Child(path, "backoffLimitPerIndex"),
                 ForbiddenMessage("requires indexed completion mode"));
    }
  }
  if (spec.completion_mode) {
    if (*spec.completion_mode != kCompletionModeNonIndexed && !indexed) {
      errors.Add(Child(path, "completionMode"),
                 NotSupportedMessage(*spec.completion_mode, {"NonIndexed", "Indexed"}));
    }
    if (indexed) {
      if (!spec.completions) {
        errors.Add(Child(path, "completions"), RequiredMessage("when completion mode is Indexed"));
      }
      if (spec.parallelism && *spec.parallelism > kMaxParallelismForIndexedJob) {
        errors.Add(Child(path, "parallelism"),
                   InvalidMessageRendered(std::to_string(*spec.parallelism),
                                          "must be less than or equal to 100000 when completion "
                                          "mode is Indexed"));
      }
    }
  }

  const bool manual = spec.manual_selector.value_or(false);
  if (spec.selector) {
    ValidateLabelSelector(*spec.selector, Child(path, "selector"), errors);
    ValidateSelectorMatchesTemplate(spec.selector, spec.template_.metadata.labels,
                                    /*skip_if_empty=*/false,
                                    Child(path, "template.metadata.labels"), errors);
  } else if (manual) {
    errors.Add(Child(path, "selector"), RequiredMessage());
  }

  const std::string template_path = Child(path, "template");
  ValidatePodTemplateSpec(spec.template_, template_path, errors);
  // A Job's pods must end: the defaulted "Always" is not allowed.
  const std::string& restart = spec.template_.spec.restart_policy;
  const std::string restart_path = Child(template_path, "spec.restartPolicy");
  if (restart.empty() || restart == kRestartPolicyAlways) {
    errors.Add(restart_path, RequiredMessage("valid values: \"OnFailure\", \"Never\""));
  } else if (restart != kRestartPolicyOnFailure && restart != kRestartPolicyNever) {
    errors.Add(restart_path, NotSupportedMessage(restart, {"OnFailure", "Never"}));
  }
}

void Validate(const Job& job, FieldErrors& errors) {
  ValidateObjectMeta(job.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  ValidateJobSpec(job.spec, "spec", errors);
}

}  // namespace tidepool::api
