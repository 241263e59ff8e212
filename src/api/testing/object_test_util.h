// Helpers shared by the tests of every typed-object family (k8s, keda, karpenter): manifests
// written as YAML literals, typed values decoded and encoded directly, and whole objects decoded
// and encoded through a kind registry exactly as the manifest loader does. A family's
// *_test_util.h says which registry its tests use. Included by *_test.cc files only; includes the
// JSON library.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "api/field_errors.h"
#include "api/meta.h"
#include "api/registry.h"
#include "api/yaml_json.h"

namespace tidepool::api::testing {

// One YAML document as the JSON value typed objects are decoded from, read by the same parser
// as manifests (api/yaml_json.h). A literal that does not parse fails the test.
inline Json Yaml(std::string_view text) {
  Result<std::vector<ParsedDocument>> docs = ParseManifestText(text);
  if (!docs) {
    ADD_FAILURE() << "test YAML does not parse: " << docs.error().message();
    return Json();
  }
  if (docs->empty()) return Json();
  return std::move(docs->front().value);
}

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
