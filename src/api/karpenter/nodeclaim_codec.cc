// Field lists of NodeClaim and the types it shares with NodePool, as in the karpenter.sh CRDs
// (pkg/apis/crds/karpenter.sh_nodeclaims.yaml). Spec types are strict (unknown fields are
// reported); status types are lenient.
#include "api/codec.h"
#include "api/karpenter/nodeclaim.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, NodeClassReference& r) {
  v("group", r.group, Presence::kRequired);
  v("kind", r.kind, Presence::kRequired);
  v("name", r.name, Presence::kRequired);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClassReference)

template <class V>
void VisitFields(V& v, StatusCondition& c) {
  v("type", c.type);
  v("status", c.status);
  v("reason", c.reason);
  v("message", c.message);
  v("lastTransitionTime", c.last_transition_time);
  v("observedGeneration", c.observed_generation);
  v.ExtraLenient(c.extra);
}
TIDEPOOL_DEFINE_CODEC(StatusCondition)

template <class V>
void VisitFields(V& v, NodeClaimResources& r) {
  v("requests", r.requests);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClaimResources)

template <class V>
void VisitFields(V& v, NodeClaimSpec& s) {
  v("taints", s.taints);
  v("startupTaints", s.startup_taints);
  v("requirements", s.requirements, Presence::kRequired);
  v("resources", s.resources);
  v("nodeClassRef", s.node_class_ref, Presence::kRequired);
  v("terminationGracePeriod", s.termination_grace_period);
  v("expireAfter", s.expire_after);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClaimSpec)

template <class V>
void VisitFields(V& v, NodeClaimStatus& s) {
  v("nodeName", s.node_name);
  v("providerID", s.provider_id);
  v("imageID", s.image_id);
  v("capacity", s.capacity);
  v("allocatable", s.allocatable);
  v("conditions", s.conditions);
  v("lastPodEventTime", s.last_pod_event_time);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClaimStatus)

template <class V>
void VisitFields(V& v, NodeClaim& n) {
  VisitObjectHeader(v, n);
  v("spec", n.spec, Presence::kRequired);
  v("status", n.status);
  v.Extra(n.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeClaim)

}  // namespace tidepool::api
