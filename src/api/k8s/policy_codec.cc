// Codecs of policy/v1 PodDisruptionBudget and node.k8s.io/v1 RuntimeClass.
#include "api/codec.h"
#include "api/k8s/pdb.h"
#include "api/k8s/runtime_class.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, PodDisruptionBudgetSpec& s) {
  v("minAvailable", s.min_available);
  v("selector", s.selector);
  v("maxUnavailable", s.max_unavailable);
  v("unhealthyPodEvictionPolicy", s.unhealthy_pod_eviction_policy);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(PodDisruptionBudgetSpec)

template <class V>
void VisitFields(V& v, PodDisruptionBudgetStatus& s) {
  v("observedGeneration", s.observed_generation);
  v("disruptedPods", s.disrupted_pods);
  v("disruptionsAllowed", s.disruptions_allowed);
  v("currentHealthy", s.current_healthy);
  v("desiredHealthy", s.desired_healthy);
  v("expectedPods", s.expected_pods);
  v("conditions", s.conditions);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(PodDisruptionBudgetStatus)

template <class V>
void VisitFields(V& v, PodDisruptionBudget& p) {
  VisitObjectHeader(v, p);
  v("spec", p.spec);
  v("status", p.status);
  v.Extra(p.extra);
}
TIDEPOOL_DEFINE_CODEC(PodDisruptionBudget)

template <class V>
void VisitFields(V& v, RuntimeClassOverhead& o) {
  v("podFixed", o.pod_fixed);
  v.Extra(o.extra);
}
TIDEPOOL_DEFINE_CODEC(RuntimeClassOverhead)

template <class V>
void VisitFields(V& v, RuntimeClassScheduling& s) {
  v("nodeSelector", s.node_selector);
  v("tolerations", s.tolerations);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(RuntimeClassScheduling)

template <class V>
void VisitFields(V& v, RuntimeClass& r) {
  VisitObjectHeader(v, r);
  v("handler", r.handler);
  v("overhead", r.overhead);
  v("scheduling", r.scheduling);
  v.Extra(r.extra);
}
TIDEPOOL_DEFINE_CODEC(RuntimeClass)

}  // namespace tidepool::api
