// Helpers shared by the tests of every typed-object family (k8s, keda, karpenter): manifests
// written as YAML literals, typed values decoded and encoded directly, and whole objects decoded
// and encoded through a kind registry exactly as the manifest loader does. A family's
// *_test_util.h says which registry its tests use. Included by *_test.cc files only; includes the
// JSON and YAML libraries.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <memory>
#include <regex>
#include <string>
#include <string_view>

#include "api/codec.h"
#include "api/field_errors.h"
#include "api/meta.h"
#include "api/registry.h"

namespace tidepool::api::testing {

// YAML 1.2 core-schema reading of one node, enough for the test literals: quoted scalars are
// strings; plain ones become null, booleans, integers or floats when they look like them. The
// manifest loader (manifest/yaml_json.h) resolves the same way, with limits and errors this
// needs not.
inline Json YamlNodeToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = YamlNodeToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
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

// One YAML document as the JSON value typed objects are decoded from.
inline Json Yaml(std::string_view text) { return YamlNodeToJson(YAML::Load(std::string(text))); }

// ---- Typed values, decoded without a registry (no kind lookup, no defaults) -------------------

// Decodes `json` into T; the field errors go to `errors`.
template <class T>
T DecodeJson(const Json& json, FieldErrors& errors) {
  T value{};
  DecodeInto(json, "", value, errors);
  return value;
}

// Decodes `json` into T, failing the test on any field error.
template <class T>
T MustDecode(const Json& json) {
  FieldErrors errors;
  T value = DecodeJson<T>(json, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  return value;
}

// Decode then encode: what a manifest becomes after passing through tidepool untouched.
template <class T>
Json RoundTrip(const Json& json) {
  return Encode(MustDecode<T>(json));
}

// The problems validation finds in a decoded object.
template <class T>
FieldErrors ValidationErrors(const T& object) {
  FieldErrors errors;
  Validate(object, errors);
  return errors;
}

// ---- Whole objects, through a kind registry ---------------------------------------------------

// Decodes and encodes objects through the kinds of a registry: the document's apiVersion and kind
// pick the KindInfo, which applies upstream defaults. A document of no registered kind, or one
// that decodes to another type than asked for, fails the test. Immutable once built.
class KindCodec {
 public:
  using RegisterFn = void (*)(KindRegistry&);

  // Registers each family's kinds, in order.
  explicit KindCodec(std::initializer_list<RegisterFn> families) {
    for (RegisterFn register_kinds : families) register_kinds(registry_);
  }

  const KindRegistry& registry() const { return registry_; }

  // Decodes (with defaults) a document; decode problems go to `errors`.
  template <class T>
  std::unique_ptr<T> Decode(const Json& doc, FieldErrors& errors) const {
    const KindInfo* info =
        registry_.Find(doc.value("apiVersion", std::string()), doc.value("kind", std::string()));
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

  // Decodes a YAML document that must decode without problems.
  template <class T>
  T DecodeOk(std::string_view yaml) const {
    FieldErrors errors;
    std::unique_ptr<T> out = Decode<T>(Yaml(yaml), errors);
    EXPECT_TRUE(errors.empty()) << errors.ToString();
    return std::move(*out);
  }

  // The problems decoding a YAML document finds.
  template <class T>
  FieldErrors DecodeErrors(std::string_view yaml) const {
    FieldErrors errors;
    Decode<T>(Yaml(yaml), errors);
    return errors;
  }

  // Encodes through the object's kind, as tidepool writes manifests back.
  Json Encode(const Object& object) const {
    const KindInfo* info = registry_.Find(object.api_version, object.kind);
    if (info == nullptr) {
      ADD_FAILURE() << "no kind for " << object.DisplayName();
      return nullptr;
    }
    return info->encode(object);
  }

 private:
  KindRegistry registry_;
};

}  // namespace tidepool::api::testing
