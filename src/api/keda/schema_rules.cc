#include "api/keda/schema_rules.h"

#include <algorithm>

namespace tidepool::api::keda {

namespace {

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void CheckMinimum(int64_t value, int64_t minimum, const std::string& path, FieldErrors& errors) {
  if (value >= minimum) return;
  errors.Add(path, "Invalid value: " + std::to_string(value) + ": " + path +
                       " in body should be greater than or equal to " + std::to_string(minimum));
}

void CheckMaximum(int64_t value, int64_t maximum, const std::string& path, FieldErrors& errors) {
  if (value <= maximum) return;
  errors.Add(path, "Invalid value: " + std::to_string(value) + ": " + path +
                       " in body should be less than or equal to " + std::to_string(maximum));
}

void CheckMinLength(std::string_view value, size_t minimum, const std::string& path,
                    FieldErrors& errors) {
  if (value.size() >= minimum) return;
  errors.Add(path, "Invalid value: " + Quote(value) + ": " + path + " in body should be at least " +
                       std::to_string(minimum) + " chars long");
}

void CheckMinItems(size_t size, size_t minimum, const std::string& path, FieldErrors& errors) {
  if (size >= minimum) return;
  errors.Add(path, "Invalid value: " + std::to_string(size) + ": " + path +
                       " in body should have at least " + std::to_string(minimum) + " items");
}

std::string UnsupportedValueMessage(std::string_view value,
                                    std::initializer_list<std::string_view> allowed) {
  std::string message = "Unsupported value: " + Quote(value) + ": supported values: ";
  bool first = true;
  for (std::string_view a : allowed) {
    if (!first) message += ", ";
    message += Quote(a);
    first = false;
  }
  return message;
}

void CheckEnum(std::string_view value, std::initializer_list<std::string_view> allowed,
               const std::string& path, FieldErrors& errors) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  if (value.empty()) return;
  errors.Add(path, UnsupportedValueMessage(value, allowed));
}

}  // namespace tidepool::api::keda
