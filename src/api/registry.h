// The table of kinds tidepool understands: for each apiVersion and kind, how to decode (with
// upstream defaults), encode and validate it. Families register their kinds explicitly
// (RegisterCoreKinds, RegisterKedaKinds, ...); manifest::DefaultRegistry() builds the full table.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/field_errors.h"
#include "api/meta.h"

namespace tidepool::api {

struct KindInfo {
  std::string api_version;  // "apps/v1", "keda.sh/v1alpha1", "v1"
  std::string kind;
  bool namespaced = true;
  // Decodes a document and applies upstream defaults. Never null; problems go to `errors`.
  std::function<std::unique_ptr<Object>(const nlohmann::json&, FieldErrors&)> decode;
  std::function<nlohmann::json(const Object&)> encode;
  // Validation rules of the kind's CRD and admission webhook, run on a decoded, defaulted object.
  std::function<void(const Object&, FieldErrors&)> validate;
  // Typed equality (T's operator==), for round-trip checks.
  std::function<bool(const Object&, const Object&)> equal;
};

class KindRegistry {
 public:
  void Add(KindInfo info);
  const KindInfo* Find(std::string_view api_version, std::string_view kind) const;
  // Kinds with this name under any apiVersion (for "did you mean apps/v1?" messages).
  std::vector<const KindInfo*> FindKind(std::string_view kind) const;
  const std::vector<KindInfo>& kinds() const { return kinds_; }

 private:
  std::vector<KindInfo> kinds_;
};

}  // namespace tidepool::api
