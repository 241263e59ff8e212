// Codecs of core/v1 Namespace, Secret and ConfigMap.
#include "api/codec.h"
#include "api/k8s/config.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, NamespaceSpec& s) {
  v("finalizers", s.finalizers);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NamespaceSpec)

template <class V>
void VisitFields(V& v, NamespaceStatus& s) {
  v("phase", s.phase);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(NamespaceStatus)

template <class V>
void VisitFields(V& v, Namespace& n) {
  VisitObjectHeader(v, n);
  v("spec", n.spec);
  v("status", n.status);
  v.Extra(n.extra);
}
TIDEPOOL_DEFINE_CODEC(Namespace)

template <class V>
void VisitFields(V& v, Secret& s) {
  VisitObjectHeader(v, s);
  v("immutable", s.immutable);
  v("data", s.data);
  v("stringData", s.string_data);
  v("type", s.type);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(Secret)

template <class V>
void VisitFields(V& v, ConfigMap& c) {
  VisitObjectHeader(v, c);
  v("immutable", c.immutable);
  v("data", c.data);
  v("binaryData", c.binary_data);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(ConfigMap)

}  // namespace tidepool::api
