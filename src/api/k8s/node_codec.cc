// Codecs of core/v1 Node. Extra() lists are the remaining fields of k8s.io/api core/v1 NodeSpec.
#include "api/codec.h"
#include "api/k8s/node.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, NodeSpec& s) {
  v("podCIDR", s.pod_cidr);
  v("podCIDRs", s.pod_cidrs);
  v("providerID", s.provider_id);
  v("unschedulable", s.unschedulable);
  v("taints", s.taints);
  v.Extra(s.extra, {"configSource", "externalID", "podPreemptionPolicy"});
}
TIDEPOOL_DEFINE_CODEC(NodeSpec)

template <class V>
void VisitFields(V& v, NodeCondition& c) {
  v("type", c.type);
  v("status", c.status);
  v("lastHeartbeatTime", c.last_heartbeat_time);
  v("lastTransitionTime", c.last_transition_time);
  v("reason", c.reason);
  v("message", c.message);
  v.ExtraLenient(c.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeCondition)

template <class V>
void VisitFields(V& v, NodeAddress& a) {
  v("type", a.type);
  v("address", a.address);
  v.ExtraLenient(a.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeAddress)

template <class V>
void VisitFields(V& v, NodeStatus& s) {
  v("capacity", s.capacity);
  v("allocatable", s.allocatable);
  v("phase", s.phase);
  v("conditions", s.conditions);
  v("addresses", s.addresses);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeStatus)

template <class V>
void VisitFields(V& v, Node& n) {
  VisitObjectHeader(v, n);
  v("spec", n.spec);
  v("status", n.status);
  v.Extra(n.extra);
}
TIDEPOOL_DEFINE_CODEC(Node)

}  // namespace tidepool::api
