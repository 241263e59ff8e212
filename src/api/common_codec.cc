// Codecs of the shared manifest types: label selectors, node selectors, taints, tolerations and
// resource requirements.
#include "api/codec.h"
#include "api/label_selector.h"
#include "api/node_selector.h"
#include "api/resources.h"
#include "api/taint.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, LabelSelectorRequirement& r) {
  v("key", r.key, Presence::kRequired);
  v("operator", r.operator_, Presence::kRequired);
  v("values", r.values);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(LabelSelectorRequirement)

template <class V>
void VisitFields(V& v, LabelSelector& s) {
  v("matchLabels", s.match_labels);
  v("matchExpressions", s.match_expressions);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(LabelSelector)

template <class V>
void VisitFields(V& v, NodeSelectorRequirement& r) {
  v("key", r.key, Presence::kRequired);
  v("operator", r.operator_, Presence::kRequired);
  v("values", r.values);
  v("minValues", r.min_values);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeSelectorRequirement)

template <class V>
void VisitFields(V& v, NodeSelectorTerm& t) {
  v("matchExpressions", t.match_expressions);
  v("matchFields", t.match_fields);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeSelectorTerm)

template <class V>
void VisitFields(V& v, NodeSelector& s) {
  v("nodeSelectorTerms", s.node_selector_terms, Presence::kRequired);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeSelector)

template <class V>
void VisitFields(V& v, PreferredSchedulingTerm& t) {
  v("weight", t.weight, Presence::kRequired);
  v("preference", t.preference, Presence::kRequired);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(PreferredSchedulingTerm)

template <class V>
void VisitFields(V& v, Taint& t) {
  v("key", t.key, Presence::kRequired);
  v("value", t.value);
  v("effect", t.effect, Presence::kRequired);
  v("timeAdded", t.time_added);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(Taint)

template <class V>
void VisitFields(V& v, Toleration& t) {
  v("key", t.key);
  v("operator", t.operator_);
  v("value", t.value);
  v("effect", t.effect);
  v("tolerationSeconds", t.toleration_seconds);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(Toleration)

template <class V>
void VisitFields(V& v, ResourceRequirements& r) {
  v("limits", r.limits);
  v("requests", r.requests);
  v.Extra(r.extra, {"claims"});
}
TIDEPOOL_DEFINE_CODEC(ResourceRequirements)

}  // namespace tidepool::api
