// NodeClaim status condition types (kubernetes-sigs/karpenter pkg/apis/v1/nodeclaim_status.go)
// and the get/set helpers every controller uses on them, with the semantics of awslabs/operatorpkg
// status.ConditionSet:
//   - one condition per type;
//   - Set leaves the claim untouched (and returns false) when type, status, reason, message and
//     observedGeneration are all unchanged; otherwise it writes them, stamping observedGeneration
//     from metadata.generation, and moves lastTransitionTime only when the status changes (or
//     the condition is new);
//   - an empty reason becomes the type, as SetTrue does;
//   - Clear removes the condition.
// Ready is operatorpkg's root condition over Launched, Registered and Initialized.
//
// Pure functions on values; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "api/karpenter/nodeclaim.h"
#include "core/time.h"

namespace tidepool::api {

inline constexpr std::string_view kConditionTypeLaunched = "Launched";
inline constexpr std::string_view kConditionTypeRegistered = "Registered";
inline constexpr std::string_view kConditionTypeInitialized = "Initialized";
inline constexpr std::string_view kConditionTypeConsolidatable = "Consolidatable";
inline constexpr std::string_view kConditionTypeDrifted = "Drifted";
inline constexpr std::string_view kConditionTypeDrained = "Drained";
inline constexpr std::string_view kConditionTypeVolumesDetached = "VolumesDetached";
inline constexpr std::string_view kConditionTypeInstanceTerminating = "InstanceTerminating";
inline constexpr std::string_view kConditionTypeConsistentStateFound = "ConsistentStateFound";
inline constexpr std::string_view kConditionTypeDisruptionReason = "DisruptionReason";
inline constexpr std::string_view kConditionTypeReady = "Ready";

inline constexpr std::string_view kConditionTrue = "True";
inline constexpr std::string_view kConditionFalse = "False";
inline constexpr std::string_view kConditionUnknown = "Unknown";

// The condition of `type`, or nullptr.
const StatusCondition* FindCondition(const NodeClaim& node_claim, std::string_view type);
StatusCondition* FindCondition(NodeClaim& node_claim, std::string_view type);
// The condition's status, "" when it is absent.
std::string_view ConditionStatus(const NodeClaim& node_claim, std::string_view type);
inline bool IsConditionTrue(const NodeClaim& node_claim, std::string_view type) {
  return ConditionStatus(node_claim, type) == kConditionTrue;
}
// A missing condition reads as Unknown, as operatorpkg's condition set initialises them.
inline bool IsConditionUnknown(const NodeClaim& node_claim, std::string_view type) {
  const StatusCondition* c = FindCondition(node_claim, type);
  return c == nullptr || c->status == kConditionUnknown;
}

// operatorpkg Set (see above). Returns whether anything changed.
bool SetCondition(NodeClaim& node_claim, std::string_view type, std::string_view status,
                  std::string_view reason, std::string_view message, Time now);
// operatorpkg SetTrue: reason = type, no message.
inline bool SetConditionTrue(NodeClaim& node_claim, std::string_view type, Time now) {
  return SetCondition(node_claim, type, kConditionTrue, "", "", now);
}
// operatorpkg Clear: removes the condition. Returns whether it was there.
bool ClearCondition(NodeClaim& node_claim, std::string_view type);

}  // namespace tidepool::api
