// NodeClaim status conditions as operatorpkg's status.ConditionSet writes them: one condition
// per type, lastTransitionTime changes only when the status changes, reason and message default
// to the type (True) as upstream's SetTrue does. The condition types termination writes and
// reads (kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_status.go).
//
// Pure functions on values; thread-safe.
#pragma once

#include <string_view>

#include "api/karpenter/nodeclaim.h"
#include "core/time.h"

namespace tidepool::termination {

inline constexpr std::string_view kConditionRegistered = "Registered";
inline constexpr std::string_view kConditionDrained = "Drained";
inline constexpr std::string_view kConditionVolumesDetached = "VolumesDetached";
inline constexpr std::string_view kConditionInstanceTerminating = "InstanceTerminating";
inline constexpr std::string_view kConditionDisruptionReason = "DisruptionReason";

inline constexpr std::string_view kConditionTrue = "True";
inline constexpr std::string_view kConditionFalse = "False";
inline constexpr std::string_view kConditionUnknown = "Unknown";

// The condition of `type`, or nullptr.
const api::StatusCondition* FindCondition(const api::NodeClaim& node_claim, std::string_view type);
bool IsConditionTrue(const api::NodeClaim& node_claim, std::string_view type);

// Sets (or adds) the condition. An empty reason becomes the type, as SetTrue does.
// The transition time is `now` when the status changes or the condition is new. Returns whether
// anything changed.
bool SetCondition(api::NodeClaim& node_claim, std::string_view type, std::string_view status,
                  std::string_view reason, std::string_view message, Time now);
inline bool SetConditionTrue(api::NodeClaim& node_claim, std::string_view type, Time now) {
  return SetCondition(node_claim, type, kConditionTrue, "", "", now);
}

}  // namespace tidepool::termination
