// Helpers for the api/k8s tests: decode a JSON literal into a typed object, and re-encode it.
// Test-only; includes the JSON library.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "api/codec.h"
#include "api/field_errors.h"

namespace tidepool::api::testing {

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

}  // namespace tidepool::api::testing
