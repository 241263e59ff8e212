// Field-level problems found while decoding, defaulting or validating one object. Paths use the
// Kubernetes field-path syntax: "spec.template.spec.containers[0].resources.requests[cpu]".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tidepool::api {

struct FieldError {
  std::string path;
  std::string message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

class FieldErrors {
 public:
  void Add(std::string path, std::string message) {
    errors_.push_back({std::move(path), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  const std::vector<FieldError>& list() const { return errors_; }
  // True when some error's path is `path` and its message contains `fragment`. For tests and for
  // callers that react to one particular problem.
  bool Contains(std::string_view path, std::string_view fragment) const {
    for (const FieldError& e : errors_) {
      if (e.path == path && e.message.find(fragment) != std::string::npos) return true;
    }
    return false;
  }
  // "path: message; path: message" for logs and test failures.
  std::string ToString() const {
    std::string out;
    for (const FieldError& e : errors_) {
      if (!out.empty()) out += "; ";
      out += e.path.empty() ? e.message : e.path + ": " + e.message;
    }
    return out;
  }

 private:
  std::vector<FieldError> errors_;
};

// Path helpers: Child("spec", "replicas") == "spec.replicas"; Index("a", 2) == "a[2]";
// Key("requests", "cpu") == "requests[cpu]".
inline std::string Child(std::string_view path, std::string_view name) {
  std::string out(path);
  if (!out.empty()) out += '.';
  out += name;
  return out;
}
inline std::string Index(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}
inline std::string Key(std::string_view path, std::string_view key) {
  return std::string(path) + "[" + std::string(key) + "]";
}

}  // namespace tidepool::api
