// Annotations and labels KEDA reads or writes on ScaledObjects, ScaledJobs, HPAs and Jobs
// (apis/keda/v1alpha1/scaledobject_types.go, scaledjob_types.go), and the readings of the
// pause annotations as KEDA makes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "api/meta.h"
#include "core/status.h"

namespace tidepool::api::keda {

// Pause the object: stop its scale loop (and, for a ScaledObject, remove its HPA).
inline constexpr std::string_view kPausedAnnotation = "autoscaling.keda.sh/paused";
// Pause a ScaledObject and hold its target at this many replicas.
inline constexpr std::string_view kPausedReplicasAnnotation = "autoscaling.keda.sh/paused-replicas";
inline constexpr std::string_view kPausedScaleInAnnotation = "autoscaling.keda.sh/paused-scale-in";
inline constexpr std::string_view kPausedScaleOutAnnotation =
    "autoscaling.keda.sh/paused-scale-out";
// Treat the ScaledObject as active whatever its triggers say.
inline constexpr std::string_view kForceActivationAnnotation =
    "autoscaling.keda.sh/force-activation";
// Label on the ScaledObject and its HPA; also the HPA's external-metric selector.
inline constexpr std::string_view kScaledObjectNameLabel = "scaledobject.keda.sh/name";
inline constexpr std::string_view kTransferHpaOwnershipAnnotation =
    "scaledobject.keda.sh/transfer-hpa-ownership";
inline constexpr std::string_view kHpaExcludedLabelsAnnotation =
    "scaledobject.keda.sh/hpa-excluded-labels";
// On an HPA: "false" makes the webhook ignore it when looking for HPAs that own a workload.
inline constexpr std::string_view kValidationsHpaOwnershipAnnotation =
    "validations.keda.sh/hpa-ownership";
inline constexpr std::string_view kScaledJobNameLabel = "scaledjob.keda.sh/name";
inline constexpr std::string_view kScaledJobGenerationAnnotation = "scaledjob.keda.sh/generation";
inline constexpr std::string_view kJobExcludedLabelsAnnotation =
    "scaledjob.keda.sh/job-excluded-labels";
inline constexpr std::string_view kFinalizer = "finalizer.keda.sh";

// A boolean annotation as KEDA reads it: absent is false, and a value that is not a boolean
// counts as true (someone meant to set it).
bool BoolAnnotation(const ObjectMeta& meta, std::string_view key);

// Either pause annotation is present, whatever its value.
bool HasPausedAnnotation(const ObjectMeta& meta);
// paused-replicas present (any value), or paused read as a boolean annotation.
bool NeedToBePausedByAnnotation(const ObjectMeta& meta);

// The paused-replicas annotation as a 32-bit integer; nullopt when absent. A value that is not
// a decimal int32 is an error (KEDA: "failed to parse paused replica count").
[[nodiscard]] Result<std::optional<int32_t>> PausedReplicaCount(const ObjectMeta& meta);

}  // namespace tidepool::api::keda
