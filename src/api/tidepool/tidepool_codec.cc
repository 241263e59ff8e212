// Codecs of tidepool.dev/v1alpha1 InstanceCatalog and PlanOptions.
#include "api/codec.h"
#include "api/tidepool/instance_catalog.h"
#include "api/tidepool/plan_options.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, InstanceCatalogOverhead& o) {
  v("kubeReserved", o.kube_reserved);
  v("systemReserved", o.system_reserved);
  v("evictionThreshold", o.eviction_threshold);
  v.Extra(o.extra);
}
TIDEPOOL_DEFINE_CODEC(InstanceCatalogOverhead)

template <class V>
void VisitFields(V& v, InstanceCatalogOffering& o) {
  v("zone", o.zone, Presence::kRequired);
  v("capacityType", o.capacity_type, Presence::kRequired);
  v("price", o.price, Presence::kRequired);
  v("available", o.available);
  v.Extra(o.extra);
}
TIDEPOOL_DEFINE_CODEC(InstanceCatalogOffering)

template <class V>
void VisitFields(V& v, InstanceCatalogType& t) {
  v("name", t.name, Presence::kRequired);
  v("capacity", t.capacity, Presence::kRequired);
  v("overhead", t.overhead);
  v("labels", t.labels);
  v("offerings", t.offerings, Presence::kRequired);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(InstanceCatalogType)

template <class V>
void VisitFields(V& v, InstanceCatalogSpec& s) {
  v("base", s.base);
  v("instanceTypes", s.instance_types);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(InstanceCatalogSpec)

template <class V>
void VisitFields(V& v, InstanceCatalog& c) {
  VisitObjectHeader(v, c);
  v("spec", c.spec, Presence::kRequired);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(InstanceCatalog)

template <class V>
void VisitFields(V& v, PlanOptionsSpec& s) {
  v("catalog", s.catalog);
  v("packer", s.packer);
  v("maxInstanceTypes", s.max_instance_types);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(PlanOptionsSpec)

template <class V>
void VisitFields(V& v, PlanOptions& o) {
  VisitObjectHeader(v, o);
  v("spec", o.spec);
  v.Extra(o.extra);
}
TIDEPOOL_DEFINE_CODEC(PlanOptions)

}  // namespace tidepool::api
