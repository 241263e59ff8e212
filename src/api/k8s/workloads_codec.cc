// Codecs of the apps/v1 workload kinds. Extra() lists are the remaining fields of k8s.io/api
// apps/v1 types.go; status sections are lenient.
#include "api/codec.h"
#include "api/k8s/workloads.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, WorkloadCondition& c) {
  v("type", c.type);
  v("status", c.status);
  v("lastTransitionTime", c.last_transition_time);
  v("reason", c.reason);
  v("message", c.message);
  v.ExtraLenient(c.extra);
}
TIDEPOOL_DEFINE_CODEC(WorkloadCondition)

template <class V>
void VisitFields(V& v, RollingUpdateDeployment& r) {
  v("maxUnavailable", r.max_unavailable);
  v("maxSurge", r.max_surge);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(RollingUpdateDeployment)

template <class V>
void VisitFields(V& v, DeploymentStrategy& s) {
  v("type", s.type);
  v("rollingUpdate", s.rolling_update);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(DeploymentStrategy)

template <class V>
void VisitFields(V& v, DeploymentSpec& s) {
  v("replicas", s.replicas);
  v("selector", s.selector);
  v("template", s.template_);
  v("strategy", s.strategy);
  v("minReadySeconds", s.min_ready_seconds);
  v("revisionHistoryLimit", s.revision_history_limit);
  v("paused", s.paused);
  v("progressDeadlineSeconds", s.progress_deadline_seconds);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(DeploymentSpec)

template <class V>
void VisitFields(V& v, DeploymentStatus& s) {
  v("observedGeneration", s.observed_generation);
  v("replicas", s.replicas);
  v("updatedReplicas", s.updated_replicas);
  v("readyReplicas", s.ready_replicas);
  v("availableReplicas", s.available_replicas);
  v("unavailableReplicas", s.unavailable_replicas);
  v("conditions", s.conditions);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(DeploymentStatus)

template <class V>
void VisitFields(V& v, Deployment& d) {
  VisitObjectHeader(v, d);
  v("spec", d.spec);
  v("status", d.status);
  v.Extra(d.extra);
}
TIDEPOOL_DEFINE_CODEC(Deployment)

template <class V>
void VisitFields(V& v, ReplicaSetSpec& s) {
  v("replicas", s.replicas);
  v("minReadySeconds", s.min_ready_seconds);
  v("selector", s.selector);
  v("template", s.template_);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ReplicaSetSpec)

template <class V>
void VisitFields(V& v, ReplicaSetStatus& s) {
  v("replicas", s.replicas);
  v("fullyLabeledReplicas", s.fully_labeled_replicas);
  v("readyReplicas", s.ready_replicas);
  v("availableReplicas", s.available_replicas);
  v("observedGeneration", s.observed_generation);
  v("conditions", s.conditions);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ReplicaSetStatus)

template <class V>
void VisitFields(V& v, ReplicaSet& r) {
  VisitObjectHeader(v, r);
  v("spec", r.spec);
  v("status", r.status);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(ReplicaSet)

template <class V>
void VisitFields(V& v, RollingUpdateStatefulSetStrategy& r) {
  v("partition", r.partition);
  v("maxUnavailable", r.max_unavailable);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(RollingUpdateStatefulSetStrategy)

template <class V>
void VisitFields(V& v, StatefulSetUpdateStrategy& s) {
  v("type", s.type);
  v("rollingUpdate", s.rolling_update);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(StatefulSetUpdateStrategy)

template <class V>
void VisitFields(V& v, StatefulSetSpec& s) {
  v("replicas", s.replicas);
  v("selector", s.selector);
  v("template", s.template_);
  v("serviceName", s.service_name);
  v("podManagementPolicy", s.pod_management_policy);
  v("updateStrategy", s.update_strategy);
  v("revisionHistoryLimit", s.revision_history_limit);
  v("minReadySeconds", s.min_ready_seconds);
  v.Extra(s.extra, {"volumeClaimTemplates", "persistentVolumeClaimRetentionPolicy", "ordinals"});
}
TIDEPOOL_DEFINE_CODEC(StatefulSetSpec)

template <class V>
void VisitFields(V& v, StatefulSetStatus& s) {
  v("observedGeneration", s.observed_generation);
  v("replicas", s.replicas);
  v("readyReplicas", s.ready_replicas);
  v("currentReplicas", s.current_replicas);
  v("updatedReplicas", s.updated_replicas);
  v("availableReplicas", s.available_replicas);
  v("conditions", s.conditions);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(StatefulSetStatus)

template <class V>
void VisitFields(V& v, StatefulSet& s) {
  VisitObjectHeader(v, s);
  v("spec", s.spec);
  v("status", s.status);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(StatefulSet)

template <class V>
void VisitFields(V& v, RollingUpdateDaemonSet& r) {
  v("maxUnavailable", r.max_unavailable);
  v("maxSurge", r.max_surge);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(RollingUpdateDaemonSet)

template <class V>
void VisitFields(V& v, DaemonSetUpdateStrategy& s) {
  v("type", s.type);
  v("rollingUpdate", s.rolling_update);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(DaemonSetUpdateStrategy)

template <class V>
void VisitFields(V& v, DaemonSetSpec& s) {
  v("selector", s.selector);
  v("template", s.template_);
  v("updateStrategy", s.update_strategy);
  v("minReadySeconds", s.min_ready_seconds);
  v("revisionHistoryLimit", s.revision_history_limit);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(DaemonSetSpec)

template <class V>
void VisitFields(V& v, DaemonSetStatus& s) {
  v("currentNumberScheduled", s.current_number_scheduled);
  v("numberMisscheduled", s.number_misscheduled);
  v("desiredNumberScheduled", s.desired_number_scheduled);
  v("numberReady", s.number_ready);
  v("observedGeneration", s.observed_generation);
  v("updatedNumberScheduled", s.updated_number_scheduled);
  v("numberAvailable", s.number_available);
  v("numberUnavailable", s.number_unavailable);
  v("conditions", s.conditions);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(DaemonSetStatus)

template <class V>
void VisitFields(V& v, DaemonSet& d) {
  VisitObjectHeader(v, d);
  v("spec", d.spec);
  v("status", d.status);
  v.Extra(d.extra);
}
TIDEPOOL_DEFINE_CODEC(DaemonSet)

}  // namespace tidepool::api
