// core/v1 Taint and Toleration as written in manifests. Matching (ToleratesTaint and friends)
// is declared in api/tolerations.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"

namespace tidepool::api {

inline constexpr const char* kTaintEffectNoSchedule = "NoSchedule";
inline constexpr const char* kTaintEffectPreferNoSchedule = "PreferNoSchedule";
inline constexpr const char* kTaintEffectNoExecute = "NoExecute";

struct Taint {
  std::string key;
  std::string value;
  std::string effect;  // NoSchedule, PreferNoSchedule, NoExecute
  std::string time_added;
  ExtraFields extra;
  friend bool operator==(const Taint&, const Taint&) = default;
};
TIDEPOOL_DECLARE_CODEC(Taint);

struct Toleration {
  std::string key;        // empty with operator Exists matches every key
  std::string operator_;  // Equal (default when empty) or Exists
  std::string value;
  std::string effect;  // empty matches every effect
  std::optional<int64_t> toleration_seconds;
  ExtraFields extra;
  friend bool operator==(const Toleration&, const Toleration&) = default;
};
TIDEPOOL_DECLARE_CODEC(Toleration);

}  // namespace tidepool::api
