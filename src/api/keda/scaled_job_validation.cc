// ScaledJob validation: the CRD's structural schema (config/crd/bases/keda.sh_scaledjobs.yaml)
// and the admission webhook's trigger checks (scaledjob_webhook.go), plus jobTargetRef checked
// as the Job KEDA creates from it, whose creation would otherwise fail on every poll.
#include "api/k8s/common_validation.h"
#include "api/keda/scaled_job.h"
#include "api/keda/schema_rules.h"

namespace tidepool::api::keda {

namespace {

void ValidateJobTarget(const JobSpec& target, FieldErrors& errors) {
  JobSpec job = target;
  // pkg/scaling/executor/scale_jobs.go: an unset restartPolicy becomes OnFailure, so the pod
  // defaults' Always (not allowed in a Job) never applies.
  if (job.template_.spec.restart_policy.empty()) job.template_.spec.restart_policy = "OnFailure";
  SetDefaults(job);
  ValidateJobSpec(job, "spec.jobTargetRef", errors);
}

}  // namespace

void Validate(const ScaledJob& sj, FieldErrors& errors) {
  ValidateObjectMeta(sj.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  const ScaledJobSpec& s = sj.spec;
  CheckMinimum(s.polling_interval, 1, "spec.pollingInterval", errors);
  CheckMinimum(s.successful_jobs_history_limit, 0, "spec.successfulJobsHistoryLimit", errors);
  CheckMinimum(s.failed_jobs_history_limit, 0, "spec.failedJobsHistoryLimit", errors);
  CheckMinimum(s.min_replica_count, 0, "spec.minReplicaCount", errors);
  CheckMinimum(s.max_replica_count, 1, "spec.maxReplicaCount", errors);
  CheckEnum(s.rollout_strategy, {kRolloutGradual, kRolloutImmediate}, "spec.rolloutStrategy",
            errors);
  CheckEnum(s.rollout.strategy, {kRolloutGradual, kRolloutImmediate}, "spec.rollout.strategy",
            errors);
  CheckEnum(s.rollout.propagation_policy, {kPropagationForeground, kPropagationBackground},
            "spec.rollout.propagationPolicy", errors);
  CheckEnum(s.scaling_strategy.strategy,
            {kScalingStrategyDefault, kScalingStrategyCustom, kScalingStrategyAccurate,
             kScalingStrategyEager},
            "spec.scalingStrategy.strategy", errors);
  CheckEnum(s.scaling_strategy.multiple_scalers_calculation,
            {kMultipleScalersMin, kMultipleScalersAvg, kMultipleScalersSum, kMultipleScalersMax},
            "spec.scalingStrategy.multipleScalersCalculation", errors);
  ValidateTriggers(s.triggers, "spec.triggers", errors);
  ValidateJobTarget(s.job_target_ref, errors);
}

}  // namespace tidepool::api::keda
