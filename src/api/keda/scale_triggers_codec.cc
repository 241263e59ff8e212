// Codecs of the types ScaledObject and ScaledJob share. Status types are lenient: fields KEDA
// adds in later versions are kept, not reported.
#include "api/codec.h"
#include "api/keda/scale_triggers.h"

namespace tidepool::api::keda {

template <class V>
void VisitFields(V& v, AuthenticationRef& r) {
  v("name", r.name, Presence::kRequired);
  v("kind", r.kind);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(AuthenticationRef)

template <class V>
void VisitFields(V& v, ScaleTrigger& t) {
  v("type", t.type, Presence::kRequired);
  v("name", t.name);
  v("useCachedMetrics", t.use_cached_metrics);
  v("metadata", t.metadata, Presence::kRequired);
  v("authenticationRef", t.authentication_ref);
  v("metricType", t.metric_type);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(ScaleTrigger)

template <class V>
void VisitFields(V& v, Condition& c) {
  v("type", c.type);
  v("status", c.status);
  v("reason", c.reason);
  v("message", c.message);
  v.ExtraLenient(c.extra);
}
TIDEPOOL_DEFINE_CODEC(Condition)

template <class V>
void VisitFields(V& v, TriggerActivityStatus& s) {
  v("isActive", s.is_active);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(TriggerActivityStatus)

}  // namespace tidepool::api::keda
