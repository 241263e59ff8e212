// Field lists of ScaledJob, as in KEDA's CRD (config/crd/bases/keda.sh_scaledjobs.yaml).
#include "api/codec.h"
#include "api/keda/scaled_job.h"

namespace tidepool::api::keda {

template <class V>
void VisitFields(V& v, Rollout& r) {
  v("strategy", r.strategy);
  v("propagationPolicy", r.propagation_policy);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(Rollout)

template <class V>
void VisitFields(V& v, ScalingStrategy& s) {
  v("strategy", s.strategy);
  v("customScalingQueueLengthDeduction", s.custom_scaling_queue_length_deduction);
  v("customScalingRunningJobPercentage", s.custom_scaling_running_job_percentage);
  v("pendingPodConditions", s.pending_pod_conditions);
  v("multipleScalersCalculation", s.multiple_scalers_calculation);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ScalingStrategy)

template <class V>
void VisitFields(V& v, ScaledJobSpec& s) {
  v("jobTargetRef", s.job_target_ref, Presence::kRequired);
  v("pollingInterval", s.polling_interval);
  v("successfulJobsHistoryLimit", s.successful_jobs_history_limit);
  v("failedJobsHistoryLimit", s.failed_jobs_history_limit);
  v("rolloutStrategy", s.rollout_strategy);
  v("rollout", s.rollout);
  v("envSourceContainerName", s.env_source_container_name);
  v("minReplicaCount", s.min_replica_count);
  v("maxReplicaCount", s.max_replica_count);
  v("scalingStrategy", s.scaling_strategy);
  v("triggers", s.triggers, Presence::kRequired);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaledJobSpec)

template <class V>
void VisitFields(V& v, ScaledJobStatus& s) {
  v("lastActiveTime", s.last_active_time);
  v("conditions", s.conditions);
  v("Paused", s.paused);
  v("triggersTypes", s.triggers_types);
  v("authenticationsTypes", s.authentications_types);
  v("externalMetricNames", s.external_metric_names);
  v("triggersActivity", s.triggers_activity);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaledJobStatus)

template <class V>
void VisitFields(V& v, ScaledJob& sj) {
  VisitObjectHeader(v, sj);
  // Unlike ScaledObject's, the ScaledJob CRD does not require spec.
  v("spec", sj.spec);
  v("status", sj.status);
  v.Extra(sj.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaledJob)

}  // namespace tidepool::api::keda
