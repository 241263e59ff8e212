// core/v1 ResourceList and ResourceRequirements. The arithmetic over resource lists and the
// pod's effective-requests rule live in api/resource_math.h.
#pragma once

#include <map>
#include <string>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "core/quantity.h"

namespace tidepool::api {

inline constexpr const char* kResourceCPU = "cpu";
inline constexpr const char* kResourceMemory = "memory";
inline constexpr const char* kResourcePods = "pods";
inline constexpr const char* kResourceEphemeralStorage = "ephemeral-storage";

using ResourceList = std::map<std::string, Quantity>;

struct ResourceRequirements {
  ResourceList limits;
  ResourceList requests;
  ExtraFields extra;  // claims
  friend bool operator==(const ResourceRequirements&, const ResourceRequirements&) = default;
};
TIDEPOOL_DECLARE_CODEC(ResourceRequirements);

}  // namespace tidepool::api
