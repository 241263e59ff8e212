// Field lists of NodePool, as in the karpenter.sh CRD (pkg/apis/crds/karpenter.sh_nodepools.yaml).
// Spec types are strict (unknown fields are reported); status types are lenient.
#include "api/codec.h"
#include "api/karpenter/nodepool.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, NodeClaimTemplateMetadata& m) {
  v("labels", m.labels);
  v("annotations", m.annotations);
  v.Extra(m.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClaimTemplateMetadata)

template <class V>
void VisitFields(V& v, NodeClaimTemplateSpec& s) {
  v("taints", s.taints);
  v("startupTaints", s.startup_taints);
  v("requirements", s.requirements, Presence::kRequired);
  v("nodeClassRef", s.node_class_ref, Presence::kRequired);
  v("terminationGracePeriod", s.termination_grace_period);
  v("expireAfter", s.expire_after);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClaimTemplateSpec)

template <class V>
void VisitFields(V& v, NodeClaimTemplate& t) {
  v("metadata", t.metadata);
  v("spec", t.spec, Presence::kRequired);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClaimTemplate)

template <class V>
void VisitFields(V& v, Budget& b) {
  v("nodes", b.nodes);
  v("schedule", b.schedule);
  v("duration", b.duration);
  v("reasons", b.reasons);
  v.Extra(b.extra);
}
TIDEPOOL_DEFINE_CODEC(Budget)

template <class V>
void VisitFields(V& v, Disruption& d) {
  v("consolidateAfter", d.consolidate_after);
  v("consolidationPolicy", d.consolidation_policy);
  v("budgets", d.budgets);
  v.Extra(d.extra);
}
TIDEPOOL_DEFINE_CODEC(Disruption)

template <class V>
void VisitFields(V& v, NodePoolSpec& s) {
  v("template", s.template_, Presence::kRequired);
  v("disruption", s.disruption);
  v("limits", s.limits);
  v("weight", s.weight);
  v("replicas", s.replicas);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NodePoolSpec)

template <class V>
void VisitFields(V& v, NodePoolStatus& s) {
  v("resources", s.resources);
  v("nodes", s.nodes);
  v("nodeClassObservedGeneration", s.node_class_observed_generation);
  v("conditions", s.conditions);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NodePoolStatus)

template <class V>
void VisitFields(V& v, NodePool& n) {
  VisitObjectHeader(v, n);
  v("spec", n.spec, Presence::kRequired);
  v("status", n.status);
  v.Extra(n.extra);
}
TIDEPOOL_DEFINE_CODEC(NodePool)

}  // namespace tidepool::api
