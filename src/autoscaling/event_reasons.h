// The reasons of the Kubernetes events KEDA records (pkg/eventreason/eventreason.go) and the fixed
// messages that go with some of them (pkg/common/message/message.go). Users filter on these
// strings, so they are upstream's, letter for letter.
#pragma once

#include <string_view>

namespace tidepool::autoscaling {

inline constexpr std::string_view kReasonScaledObjectReady = "ScaledObjectReady";
inline constexpr std::string_view kReasonScaledJobReady = "ScaledJobReady";
inline constexpr std::string_view kReasonScaledObjectCheckFailed = "ScaledObjectCheckFailed";
inline constexpr std::string_view kReasonScaledJobCheckFailed = "ScaledJobCheckFailed";
inline constexpr std::string_view kReasonScaledObjectUpdateFailed = "ScaledObjectUpdateFailed";
inline constexpr std::string_view kReasonScaledJobUpdateFailed = "ScaledJobUpdateFailed";
inline constexpr std::string_view kReasonScaledObjectDeleted = "ScaledObjectDeleted";
inline constexpr std::string_view kReasonScaledObjectPaused = "ScaledObjectPaused";
inline constexpr std::string_view kReasonScaledObjectUnpaused = "ScaledObjectUnpaused";
inline constexpr std::string_view kReasonScaledObjectFallbackActivated =
    "ScaledObjectFallbackActivated";
inline constexpr std::string_view kReasonScaledObjectFallbackDeactivated =
    "ScaledObjectFallbackDeactivated";
inline constexpr std::string_view kReasonScaledJobDeleted = "ScaledJobDeleted";
inline constexpr std::string_view kReasonScaledJobPaused = "ScaledJobPaused";
inline constexpr std::string_view kReasonScaledJobUnpaused = "ScaledJobUnpaused";
inline constexpr std::string_view kReasonScaledJobRolloutCleanupStarted =
    "ScaledJobRolloutCleanupStarted";
inline constexpr std::string_view kReasonScaledJobRolloutCleanupCompleted =
    "ScaledJobRolloutCleanupCompleted";
inline constexpr std::string_view kReasonScaledJobRolloutCleanupFailed =
    "ScaledJobRolloutCleanupFailed";
inline constexpr std::string_view kReasonScaledJobActive = "ScaledJobActive";
inline constexpr std::string_view kReasonScaledJobInactive = "ScaledJobInactive";
inline constexpr std::string_view kReasonKedaScalersStarted = "KEDAScalersStarted";
inline constexpr std::string_view kReasonKedaScalersStopped = "KEDAScalersStopped";
inline constexpr std::string_view kReasonKedaScalerFailed = "KEDAScalerFailed";
inline constexpr std::string_view kReasonKedaMetricSourceFailed = "KEDAMetricSourceFailed";
inline constexpr std::string_view kReasonKedaScaleTargetActivated = "KEDAScaleTargetActivated";
inline constexpr std::string_view kReasonKedaScaleTargetDeactivated = "KEDAScaleTargetDeactivated";
inline constexpr std::string_view kReasonKedaScaleTargetActivationFailed =
    "KEDAScaleTargetActivationFailed";
inline constexpr std::string_view kReasonKedaScaleTargetDeactivationFailed =
    "KEDAScaleTargetDeactivationFailed";
inline constexpr std::string_view kReasonKedaJobCreateFailed = "KEDAJobCreateFailed";
inline constexpr std::string_view kReasonKedaJobsCreated = "KEDAJobsCreated";
// tidepool's own: the in-process HPA changed the replica count (a real cluster's HPA records
// SuccessfulRescale on the HPA object; here the ScaledObject carries it).
inline constexpr std::string_view kReasonSuccessfulRescale = "SuccessfulRescale";

inline constexpr std::string_view kMessageScalerStart = "Started scalers watch";
inline constexpr std::string_view kMessageScalerReady = "ScaledObject is ready for scaling";
inline constexpr std::string_view kMessageScaleTargetErr =
    "ScaledObject doesn't have correct scaleTargetRef specification";
inline constexpr std::string_view kMessageScaleTargetNotFound = "Target resource doesn't exist";
inline constexpr std::string_view kMessageScaleTargetNoSubresource =
    "Target resource doesn't expose /scale subresource";
inline constexpr std::string_view kMessageFallbackActivated = "ScaledObject fallback is active";
inline constexpr std::string_view kMessageFallbackDeactivated =
    "ScaledObject fallback is no longer active";
inline constexpr std::string_view kMessageScaledJobReady = "ScaledJob is ready for scaling";

}  // namespace tidepool::autoscaling
