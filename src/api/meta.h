// Object metadata shared by every kind (meta/v1 TypeMeta, ObjectMeta, OwnerReference) and the
// polymorphic base of every typed object.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"

namespace tidepool::api {

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::optional<bool> controller;
  std::optional<bool> block_owner_deletion;
  ExtraFields extra;
  friend bool operator==(const OwnerReference&, const OwnerReference&) = default;
};
TIDEPOOL_DECLARE_CODEC(OwnerReference);

struct ObjectMeta {
  std::string name;
  std::string generate_name;
  std::string namespace_;
  std::string uid;
  std::string resource_version;
  int64_t generation = 0;
  std::string creation_timestamp;  // RFC 3339, as written
  std::string deletion_timestamp;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<OwnerReference> owner_references;
  std::vector<std::string> finalizers;
  ExtraFields extra;
  friend bool operator==(const ObjectMeta&, const ObjectMeta&) = default;
};
TIDEPOOL_DECLARE_CODEC(ObjectMeta);

// Every typed object: its apiVersion and kind, metadata and the top-level fields not modelled.
// Kinds derive from it and add spec and status. Objects are values: copy them freely.
struct Object {
  virtual ~Object() = default;
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  ExtraFields extra;

  // "Kind/name", the way errors name an object (generateName when the name is empty).
  std::string DisplayName() const;
  virtual std::unique_ptr<Object> Clone() const = 0;

 protected:
  Object() = default;
  Object(const Object&) = default;
  Object& operator=(const Object&) = default;
  bool HeaderEquals(const Object& o) const {
    return api_version == o.api_version && kind == o.kind && metadata == o.metadata &&
           extra == o.extra;
  }
};

// For codec files: visits apiVersion, kind and metadata of any object.
template <class V>
void VisitObjectHeader(V& v, Object& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
}

}  // namespace tidepool::api
