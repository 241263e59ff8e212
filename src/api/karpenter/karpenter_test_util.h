// Helpers for the Karpenter API tests: manifests written as YAML literals, decoded and encoded
// through the kind registry exactly as the manifest loader does. Included by *_test.cc only.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/field_errors.h"
#include "api/karpenter/karpenter_kinds.h"
#include "api/registry.h"

namespace tidepool::api::karpenter_testing {

inline bool LooksLikeInteger(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// YAML 1.2 core-schema reading of one document, enough for the test literals: quoted scalars
// are strings; plain null/~, true/false and integers get their JSON types.
inline nlohmann::json YamlNodeToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = YamlNodeToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(YamlNodeToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string s = node.Scalar();
      if (node.Tag() == "!") return s;
      if (s == "null" || s == "~") return nullptr;
      if (s == "true" || s == "false") return s == "true";
      if (LooksLikeInteger(s)) return std::stoll(s);
      return s;
    }
    default:
      return nullptr;
  }
}

inline nlohmann::json Yaml(std::string_view text) {
  return YamlNodeToJson(YAML::Load(std::string(text)));
}

inline const KindRegistry& Registry() {
  static const KindRegistry* registry = [] {
    auto* r = new KindRegistry();
    RegisterKarpenterKinds(*r);
    return r;
  }();
  return *registry;
}

// Decodes (with defaults) a document; decode problems go to `errors`.
template <class T>
std::unique_ptr<T> Decode(const nlohmann::json& doc, FieldErrors& errors) {
  const KindInfo* info =
      Registry().Find(doc.value("apiVersion", std::string()), doc.value("kind", std::string()));
  if (info == nullptr) {
    ADD_FAILURE() << "no kind for " << doc.dump();
    return std::make_unique<T>();
  }
  std::unique_ptr<Object> object = info->decode(doc, errors);
  auto* typed = dynamic_cast<T*>(object.get());
  if (typed == nullptr) {
    ADD_FAILURE() << "decoded to the wrong type: " << doc.dump();
    return std::make_unique<T>();
  }
  object.release();
  return std::unique_ptr<T>(typed);
}

// Decodes a document that must decode without problems.
template <class T>
T DecodeOk(std::string_view yaml) {
  FieldErrors errors;
  std::unique_ptr<T> out = Decode<T>(Yaml(yaml), errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return *out;
}

template <class T>
FieldErrors DecodeErrors(std::string_view yaml) {
  FieldErrors errors;
  Decode<T>(Yaml(yaml), errors);
  return errors;
}

inline nlohmann::json EncodeObject(const Object& object) {
  const KindInfo* info = Registry().Find(object.api_version, object.kind);
  if (info == nullptr) {
    ADD_FAILURE() << "no kind for " << object.DisplayName();
    return nullptr;
  }
  return info->encode(object);
}

template <class T>
FieldErrors ValidationErrors(const T& object) {
  FieldErrors errors;
  Validate(object, errors);
  return errors;
}

}  // namespace tidepool::api::karpenter_testing
