#include "api/keda/annotations.h"

#include <string>

#include "api/keda/go_strconv.h"

namespace tidepool::api::keda {

namespace {

const std::string* Find(const ObjectMeta& meta, std::string_view key) {
  auto it = meta.annotations.find(std::string(key));
  return it == meta.annotations.end() ? nullptr : &it->second;
}

}  // namespace

bool BoolAnnotation(const ObjectMeta& meta, std::string_view key) {
  const std::string* value = Find(meta, key);
  if (value == nullptr) return false;
  return ParseGoBool(*value).value_or(true);
}

bool HasPausedAnnotation(const ObjectMeta& meta) {
  return Find(meta, kPausedAnnotation) != nullptr ||
         Find(meta, kPausedReplicasAnnotation) != nullptr;
}

bool NeedToBePausedByAnnotation(const ObjectMeta& meta) {
  if (Find(meta, kPausedReplicasAnnotation) != nullptr) return true;
  return BoolAnnotation(meta, kPausedAnnotation);
}

Result<std::optional<int32_t>> PausedReplicaCount(const ObjectMeta& meta) {
  const std::string* value = Find(meta, kPausedReplicasAnnotation);
  if (value == nullptr) return std::optional<int32_t>();
  Result<int32_t> parsed = ParseGoInt32(*value);
  if (!parsed) return Fail(parsed.error().WithContext("failed to parse paused replica count"));
  return std::optional<int32_t>(*parsed);
}

}  // namespace tidepool::api::keda
