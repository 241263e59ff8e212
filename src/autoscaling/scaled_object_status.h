// Status conditions of ScaledObjects and ScaledJobs (apis/keda/v1alpha1/condition_types.go):
// their types, upstream's reasons and messages, and the helpers the controllers use to read and
// set them. Setting a condition to what it already is changes nothing (and allocates nothing),
// so a poll that decides the same thing as the last one leaves the status equal and unwritten.
#pragma once

#include <string_view>
#include <vector>

#include "api/keda/scale_triggers.h"

namespace tidepool::autoscaling {

using Conditions = std::vector<api::keda::Condition>;

inline constexpr std::string_view kConditionReady = "Ready";
inline constexpr std::string_view kConditionActive = "Active";
inline constexpr std::string_view kConditionFallback = "Fallback";
inline constexpr std::string_view kConditionPaused = "Paused";
inline constexpr std::string_view kConditionHpaActive = "HPAActive";

inline constexpr std::string_view kStatusTrue = "True";
inline constexpr std::string_view kStatusFalse = "False";
inline constexpr std::string_view kStatusUnknown = "Unknown";

// Ready.
inline constexpr std::string_view kReadySuccessReason = "ScaledObjectReady";
inline constexpr std::string_view kReadySuccessMessage =
    "ScaledObject is defined correctly and is ready for scaling";
inline constexpr std::string_view kReadyCheckFailedReason = "ScaledObjectCheckFailed";
inline constexpr std::string_view kReadyErrorGettingReplicasReason = "ErrorGettingCurrentReplicas";
inline constexpr std::string_view kPartialTriggerErrorReason = "PartialTriggerError";
inline constexpr std::string_view kPartialTriggerErrorMessage =
    "Some triggers defined in ScaledObject are not working correctly";
inline constexpr std::string_view kTriggerErrorReason = "TriggerError";
inline constexpr std::string_view kTriggerErrorMessage =
    "Triggers defined in ScaledObject are not working correctly";
// Active.
inline constexpr std::string_view kScalerActiveReason = "ScalerActive";
inline constexpr std::string_view kScalerActiveMessage =
    "Scaling is performed because triggers are active";
inline constexpr std::string_view kScalerForcedActiveMessage =
    "Scaling is performed because activation is being forced by annotation";
inline constexpr std::string_view kScalerNotActiveReason = "ScalerNotActive";
inline constexpr std::string_view kScalerNotActiveMessage =
    "Scaling is not performed because triggers are not active";
inline constexpr std::string_view kScalerCooldownReason = "ScalerCooldown";
inline constexpr std::string_view kScalerCooldownMessage =
    "Scaler cooling down because triggers are not active";
inline constexpr std::string_view kUnknownStateReason = "UnknownState";
inline constexpr std::string_view kUnknownStateMessage = "ScaledObject check failed";
// Fallback.
inline constexpr std::string_view kFallbackExistsReason = "FallbackExists";
inline constexpr std::string_view kFallbackExistsMessage =
    "At least one trigger is falling back on this scaled object";
inline constexpr std::string_view kNoFallbackFoundReason = "NoFallbackFound";
inline constexpr std::string_view kNoFallbackFoundMessage =
    "No fallbacks are active on this scaled object";
// Paused.
inline constexpr std::string_view kPausedReason = "ScaledObjectPaused";
inline constexpr std::string_view kPausedMessage = "ScaledObject is paused";
inline constexpr std::string_view kUnpausedReason = "ScaledObjectUnpaused";
inline constexpr std::string_view kUnpausedMessage = "pause annotation removed for ScaledObject";
// HPAActive (the in-process HPA's ScalingActive, mirrored as upstream mirrors the real HPA's).
inline constexpr std::string_view kHpaActiveReason = "HPAActive";
inline constexpr std::string_view kHpaActiveMessage = "HPA is actively scaling";
inline constexpr std::string_view kHpaScalingDisabledReason = "ScalingDisabled";
inline constexpr std::string_view kHpaScalingDisabledMessage =
    "scaling is disabled since the replica count of the target is zero";
// ScaledJob.
inline constexpr std::string_view kScaledJobReadyReason = "ScaledJobReady";
inline constexpr std::string_view kScaledJobReadyMessage =
    "ScaledJob is defined correctly and is ready for scaling";
inline constexpr std::string_view kScaledJobCheckFailedReason = "ScaledJobCheckFailed";
inline constexpr std::string_view kScaledJobPartialTriggerErrorMessage =
    "Some triggers defined in ScaledJob are not working correctly";
inline constexpr std::string_view kScaledJobTriggerErrorMessage =
    "Triggers defined in ScaledJob are not working correctly";
inline constexpr std::string_view kScaledJobPausedReason = "ScaledJobPaused";
inline constexpr std::string_view kScaledJobPausedMessage = "ScaledJob is paused";
inline constexpr std::string_view kScaledJobUnpausedReason = "ScaledJobUnpaused";
inline constexpr std::string_view kScaledJobUnpausedMessage = "ScaledJob is unpaused";
inline constexpr std::string_view kScaledJobCheckFailedMessage = "ScaledJob check failed";

// GetInitializedConditions: Ready, Active and Fallback Unknown; Paused False.
Conditions InitializedConditions();
// AreInitialized: all four types present.
bool AreInitialized(const Conditions& conditions);
// The condition of `type`, or null.
const api::keda::Condition* FindCondition(const Conditions& conditions, std::string_view type);
bool IsConditionTrue(const Conditions& conditions, std::string_view type);
// SetCondition: updates the condition of `type` in place, or appends it. Returns true when
// anything changed.
bool SetCondition(Conditions& conditions, std::string_view type, std::string_view status,
                  std::string_view reason, std::string_view message);

}  // namespace tidepool::autoscaling
