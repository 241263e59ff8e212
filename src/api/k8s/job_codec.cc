// Codecs of batch/v1 Job. Extra() lists are the remaining fields of k8s.io/api batch/v1 types.go.
#include "api/codec.h"
#include "api/k8s/job.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, JobSpec& s) {
  v("parallelism", s.parallelism);
  v("completions", s.completions);
  v("activeDeadlineSeconds", s.active_deadline_seconds);
  v("backoffLimit", s.backoff_limit);
  v("backoffLimitPerIndex", s.backoff_limit_per_index);
  v("selector", s.selector);
  v("manualSelector", s.manual_selector);
  v("template", s.template_);
  v("ttlSecondsAfterFinished", s.ttl_seconds_after_finished);
  v("completionMode", s.completion_mode);
  v("suspend", s.suspend);
  v.Extra(s.extra, {"podFailurePolicy", "successPolicy", "maxFailedIndexes", "podReplacementPolicy",
                    "managedBy", "scheduling"});
}
TIDEPOOL_DEFINE_CODEC(JobSpec)

template <class V>
void VisitFields(V& v, JobCondition& c) {
  v("type", c.type);
  v("status", c.status);
  v("lastProbeTime", c.last_probe_time);
  v("lastTransitionTime", c.last_transition_time);
  v("reason", c.reason);
  v("message", c.message);
  v.ExtraLenient(c.extra);
}
TIDEPOOL_DEFINE_CODEC(JobCondition)

template <class V>
void VisitFields(V& v, JobStatus& s) {
  v("conditions", s.conditions);
  v("startTime", s.start_time);
  v("completionTime", s.completion_time);
  v("active", s.active);
  v("succeeded", s.succeeded);
  v("failed", s.failed);
  v("ready", s.ready);
  v("terminating", s.terminating);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(JobStatus)

template <class V>
void VisitFields(V& v, Job& j) {
  VisitObjectHeader(v, j);
  v("spec", j.spec);
  v("status", j.status);
  v.Extra(j.extra);
}
TIDEPOOL_DEFINE_CODEC(Job)

}  // namespace tidepool::api
