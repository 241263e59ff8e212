// MakeKind<T>(): the KindInfo of a typed object T, for *_kinds.cc files. T derives from Object,
// has a codec (TIDEPOOL_DECLARE_CODEC) and the free functions SetDefaults(T&) and
// Validate(const T&, FieldErrors&), found by argument-dependent lookup. Includes api/codec.h.
#pragma once

#include "api/codec.h"
#include "api/registry.h"

namespace tidepool::api {

template <class T>
KindInfo MakeKind(std::string api_version, std::string kind, bool namespaced) {
  KindInfo info;
  info.api_version = std::move(api_version);
  info.kind = std::move(kind);
  info.namespaced = namespaced;
  info.decode = [](const Json& node, FieldErrors& errors) -> std::unique_ptr<Object> {
    auto object = std::make_unique<T>();
    DecodeInto(node, "", *object, errors);
    SetDefaults(*object);
    return object;
  };
  info.encode = [](const Object& object) -> Json { return Encode(static_cast<const T&>(object)); };
  info.validate = [](const Object& object, FieldErrors& errors) {
    Validate(static_cast<const T&>(object), errors);
  };
  info.equal = [](const Object& a, const Object& b) {
    const T* ta = dynamic_cast<const T*>(&a);
    const T* tb = dynamic_cast<const T*>(&b);
    return ta != nullptr && tb != nullptr && *ta == *tb;
  };
  return info;
}

}  // namespace tidepool::api
