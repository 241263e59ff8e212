// Field lists of ScaledObject, as in keda's CRD (config/crd/bases/keda.sh_scaledobjects.yaml).
// Spec types are strict (unknown fields are reported with a did-you-mean); status types are
// lenient.
#include "api/codec.h"
#include "api/keda/group_version_kind.h"
#include "api/keda/scaled_object.h"

namespace tidepool::api::keda {

template <class V>
void VisitFields(V& v, GroupVersionKindResource& g) {
  v("group", g.group);
  v("version", g.version);
  v("kind", g.kind);
  v("resource", g.resource);
  v.ExtraLenient(g.extra);
}
TIDEPOOL_DEFINE_CODEC(GroupVersionKindResource)

template <class V>
void VisitFields(V& v, ScaleTarget& t) {
  v("name", t.name, Presence::kRequired);
  v("apiVersion", t.api_version);
  v("kind", t.kind);
  v("envSourceContainerName", t.env_source_container_name);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaleTarget)

template <class V>
void VisitFields(V& v, HpaScalingPolicy& p) {
  v("type", p.type, Presence::kRequired);
  v("value", p.value, Presence::kRequired);
  v("periodSeconds", p.period_seconds, Presence::kRequired);
  v.Extra(p.extra);
}
TIDEPOOL_DEFINE_CODEC(HpaScalingPolicy)

template <class V>
void VisitFields(V& v, HpaScalingRules& r) {
  v("stabilizationWindowSeconds", r.stabilization_window_seconds);
  v("selectPolicy", r.select_policy);
  v("policies", r.policies);
  v("tolerance", r.tolerance);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(HpaScalingRules)

template <class V>
void VisitFields(V& v, HpaBehavior& b) {
  v("scaleUp", b.scale_up);
  v("scaleDown", b.scale_down);
  v.Extra(b.extra);
}
TIDEPOOL_DEFINE_CODEC(HpaBehavior)

template <class V>
void VisitFields(V& v, HorizontalPodAutoscalerConfig& c) {
  v("behavior", c.behavior);
  v("name", c.name);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(HorizontalPodAutoscalerConfig)

template <class V>
void VisitFields(V& v, ScalingModifiers& m) {
  v("formula", m.formula);
  v("target", m.target);
  v("activationTarget", m.activation_target);
  v("metricType", m.metric_type);
  v.Extra(m.extra);
}
TIDEPOOL_DEFINE_CODEC(ScalingModifiers)

template <class V>
void VisitFields(V& v, AdvancedConfig& a) {
  v("horizontalPodAutoscalerConfig", a.horizontal_pod_autoscaler_config);
  v("restoreToOriginalReplicaCount", a.restore_to_original_replica_count);
  v("scalingModifiers", a.scaling_modifiers);
  v.Extra(a.extra);
}
TIDEPOOL_DEFINE_CODEC(AdvancedConfig)

template <class V>
void VisitFields(V& v, Fallback& f) {
  v("failureThreshold", f.failure_threshold, Presence::kRequired);
  v("replicas", f.replicas, Presence::kRequired);
  v("behavior", f.behavior);
  v.Extra(f.extra);
}
TIDEPOOL_DEFINE_CODEC(Fallback)

template <class V>
void VisitFields(V& v, ScaledObjectSpec& s) {
  v("scaleTargetRef", s.scale_target_ref, Presence::kRequired);
  v("pollingInterval", s.polling_interval);
  v("initialCooldownPeriod", s.initial_cooldown_period);
  v("cooldownPeriod", s.cooldown_period);
  v("idleReplicaCount", s.idle_replica_count);
  v("minReplicaCount", s.min_replica_count);
  v("maxReplicaCount", s.max_replica_count);
  v("advanced", s.advanced);
  v("triggers", s.triggers, Presence::kRequired);
  v("fallback", s.fallback);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaledObjectSpec)

template <class V>
void VisitFields(V& v, HealthStatus& h) {
  v("numberOfFailures", h.number_of_failures);
  v("status", h.status);
  v.ExtraLenient(h.extra);
}
TIDEPOOL_DEFINE_CODEC(HealthStatus)

template <class V>
void VisitFields(V& v, ScaledObjectStatus& s) {
  v("scaleTargetKind", s.scale_target_kind);
  v("scaleTargetGVKR", s.scale_target_gvkr);
  v("originalReplicaCount", s.original_replica_count);
  v("lastActiveTime", s.last_active_time);
  v("externalMetricNames", s.external_metric_names);
  v("resourceMetricNames", s.resource_metric_names);
  v("compositeScalerName", s.composite_scaler_name);
  v("conditions", s.conditions);
  v("health", s.health);
  v("triggersActivity", s.triggers_activity);
  v("pausedReplicaCount", s.paused_replica_count);
  v("hpaName", s.hpa_name);
  v("triggersTypes", s.triggers_types);
  v("authenticationsTypes", s.authentications_types);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaledObjectStatus)

template <class V>
void VisitFields(V& v, ScaledObject& so) {
  VisitObjectHeader(v, so);
  v("spec", so.spec, Presence::kRequired);
  v("status", so.status);
  v.Extra(so.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaledObject)

}  // namespace tidepool::api::keda
