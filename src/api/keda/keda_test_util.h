// Helpers for the keda tests: manifests written as YAML literals, decoded and encoded through
// the kind registry exactly as the manifest loader does. Included by *_test.cc files only.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>

#include "api/field_errors.h"
#include "api/k8s/k8s_kinds.h"
#include "api/keda/keda_kinds.h"
#include "api/registry.h"

namespace tidepool::api::keda::testing {

// YAML 1.2 core-schema reading of one document: quoted scalars are strings, plain ones become
// null, booleans, integers or floats when they look like them.
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
      static const std::regex kInt("[-+]?[0-9]+");
      static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
      if (s == "null" || s == "~" || s.empty()) return nullptr;
      if (s == "true" || s == "false") return s == "true";
      if (std::regex_match(s, kInt)) return std::stoll(s);
      if (std::regex_match(s, kFloat)) return std::stod(s);
      return s;
    }
    default:
      return nullptr;
  }
}

inline nlohmann::json Yaml(std::string_view text) {
  return YamlNodeToJson(YAML::Load(std::string(text)));
}

// Every kind of the keda.sh group, plus the built-ins (Deployments for set validation).
inline const KindRegistry& Registry() {
  static const KindRegistry* registry = [] {
    auto* r = new KindRegistry();
    RegisterCoreKinds(*r);
    RegisterKedaKinds(*r);
    return r;
  }();
  return *registry;
}

inline const KindInfo& KindOf(const nlohmann::json& doc) {
  const KindInfo* info =
      Registry().Find(doc.value("apiVersion", std::string()), doc.value("kind", std::string()));
  if (info == nullptr) {
    ADD_FAILURE() << "no kind for " << doc.dump();
    static const KindInfo* none = new KindInfo(Registry().kinds().front());
    return *none;
  }
  return *info;
}

// Decodes (with defaults) a document; decode problems go to `errors`.
template <class T>
std::unique_ptr<T> Decode(const nlohmann::json& doc, FieldErrors& errors) {
  std::unique_ptr<Object> object = KindOf(doc).decode(doc, errors);
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
std::unique_ptr<T> DecodeOk(std::string_view yaml) {
  FieldErrors errors;
  std::unique_ptr<T> out = Decode<T>(Yaml(yaml), errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return out;
}

// The problems decoding a document finds.
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

// The problems validation finds in a decoded object.
template <class T>
FieldErrors ValidationErrors(const T& object) {
  FieldErrors errors;
  Validate(object, errors);
  return errors;
}

}  // namespace tidepool::api::keda::testing
