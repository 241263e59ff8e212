#include "api/meta.h"

#include "api/codec.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, OwnerReference& o) {
  v("apiVersion", o.api_version, Presence::kRequired);
  v("kind", o.kind, Presence::kRequired);
  v("name", o.name, Presence::kRequired);
  v("uid", o.uid);
  v("controller", o.controller);
  v("blockOwnerDeletion", o.block_owner_deletion);
  v.Extra(o.extra);
}
TIDEPOOL_DEFINE_CODEC(OwnerReference)

template <class V>
void VisitFields(V& v, ObjectMeta& m) {
  v("name", m.name);
  v("generateName", m.generate_name);
  v("namespace", m.namespace_);
  v("uid", m.uid);
  v("resourceVersion", m.resource_version);
  v("generation", m.generation);
  v("creationTimestamp", m.creation_timestamp);
  v("deletionTimestamp", m.deletion_timestamp);
  v("labels", m.labels);
  v("annotations", m.annotations);
  v("ownerReferences", m.owner_references);
  v("finalizers", m.finalizers);
  v.Extra(m.extra, {"selfLink", "deletionGracePeriodSeconds", "managedFields"});
}
TIDEPOOL_DEFINE_CODEC(ObjectMeta)

std::string Object::DisplayName() const {
  return kind + "/" + (metadata.name.empty() ? metadata.generate_name : metadata.name);
}

}  // namespace tidepool::api
