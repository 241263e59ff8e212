// The structural-schema rules of KEDA's CRDs (minimum, maximum, enum, minLength, minItems), with
// the messages the API server gives when it rejects an object against them. Internal to the
// keda validation files; decoding already reports missing required fields and wrong types.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "api/field_errors.h"

namespace tidepool::api::keda {

// "Invalid value: 0: spec.pollingInterval in body should be greater than or equal to 1".
void CheckMinimum(int64_t value, int64_t minimum, const std::string& path, FieldErrors& errors);
void CheckMaximum(int64_t value, int64_t maximum, const std::string& path, FieldErrors& errors);

template <class T>
void CheckMinimum(const std::optional<T>& value, int64_t minimum, const std::string& path,
                  FieldErrors& errors) {
  if (value) CheckMinimum(static_cast<int64_t>(*value), minimum, path, errors);
}
template <class T>
void CheckMaximum(const std::optional<T>& value, int64_t maximum, const std::string& path,
                  FieldErrors& errors) {
  if (value) CheckMaximum(static_cast<int64_t>(*value), maximum, path, errors);
}

// "Invalid value: \"\": spec.triggers[0].type in body should be at least 1 chars long".
void CheckMinLength(std::string_view value, size_t minimum, const std::string& path,
                    FieldErrors& errors);

// "Invalid value: 0: spec.triggers in body should have at least 1 items".
void CheckMinItems(size_t size, size_t minimum, const std::string& path, FieldErrors& errors);

// "Unsupported value: \"foo\": supported values: \"static\", \"currentReplicas\"". An empty
// value means the field was omitted (every enum field is omitempty) and passes unless the
// enum itself lists "".
void CheckEnum(std::string_view value, std::initializer_list<std::string_view> allowed,
               const std::string& path, FieldErrors& errors);

// The message of field.NotSupported, for rules that are not CRD enums but read the same way.
std::string UnsupportedValueMessage(std::string_view value,
                                    std::initializer_list<std::string_view> allowed);

}  // namespace tidepool::api::keda
