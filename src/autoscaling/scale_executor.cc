#include "autoscaling/scale_executor.h"

#include <fmt/format.h>

#include "api/keda/annotations.h"
#include "autoscaling/event_reasons.h"
#include "autoscaling/scaled_object_status.h"

namespace tidepool::autoscaling {

namespace keda = api::keda;

namespace {

std::string JoinTriggers(std::span<const std::string> triggers) {
  std::string out;
  for (size_t i = 0; i < triggers.size(); ++i) {
    if (i > 0) out += ';';
    out += triggers[i];
  }
  return out;
}

}  // namespace

cluster::WorkloadRef TargetOf(const keda::ScaledObject& so) {
  return cluster::WorkloadRef{keda::ScaleTargetApiVersion(so), keda::ScaleTargetKind(so),
                              so.metadata.namespace_, so.spec.scale_target_ref.name};
}

cluster::ObjectReference ReferenceOf(const keda::ScaledObject& so) {
  return cluster::ObjectReference{std::string(keda::kKindScaledObject), so.metadata.namespace_,
                                  so.metadata.name};
}

Result<int32_t> ScaleExecutor::UpdateScale(const keda::ScaledObject& so, int32_t replicas) {
  return writer_.UpdateScale(TargetOf(so), replicas);
}

ScaleOutcome ScaleExecutor::RequestScale(const keda::ScaledObject& so, const ScaleRequest& request,
                                         keda::ScaledObjectStatus& status) {
  ScaleOutcome outcome;
  Conditions& conditions = status.conditions;
  SetCondition(conditions, kConditionReady, kStatusTrue, kReadySuccessReason, kReadySuccessMessage);

  Result<cluster::Scale> scale = state_.GetScale(TargetOf(so));
  if (!scale) {
    SetCondition(
        conditions, kConditionReady, kStatusFalse, kReadyErrorGettingReplicasReason,
        "Error getting current replicas count for ScaleTarget: " + scale.error().message());
    return outcome;
  }
  outcome.replicas_known = true;
  outcome.selector = scale->selector;
  const int32_t current = scale->spec_replicas;
  outcome.current_replicas = current;

  if (keda::NeedToBePausedByAnnotation(so.metadata)) {
    SetCondition(conditions, kConditionPaused, kStatusTrue, kPausedReason, kPausedMessage);
    return outcome;
  }
  const int32_t min_replicas = so.spec.min_replica_count.value_or(0);
  const std::optional<int32_t>& idle = so.spec.idle_replica_count;
  const bool forced = keda::BoolAnnotation(so.metadata, keda::kForceActivationAnnotation);

  if (request.is_active || forced) {
    SetCondition(conditions, kConditionActive, kStatusTrue, kScalerActiveReason,
                 forced ? kScalerForcedActiveMessage : kScalerActiveMessage);
    if ((idle.has_value() && current < min_replicas) || current == 0) {
      ScaleFromZeroOrIdle(so, request, outcome);
    } else if (request.is_error) {
      SetCondition(conditions, kConditionReady, kStatusUnknown, kPartialTriggerErrorReason,
                   kPartialTriggerErrorMessage);
    } else {
      outcome.last_active_time = clock_.Now();
    }
    return outcome;
  }

  SetCondition(conditions, kConditionActive, kStatusFalse, kScalerNotActiveReason,
               kScalerNotActiveMessage);
  if (request.is_error && so.spec.fallback.has_value() && so.spec.fallback->replicas != 0) {
    // Stay put: scaling to zero would disable the HPA, which is what applies fallback.replicas.
  } else if (request.is_error && !so.spec.fallback.has_value()) {
    SetCondition(conditions, kConditionReady, kStatusFalse, kTriggerErrorReason,
                 kTriggerErrorMessage);
  } else if ((idle.has_value() && current > *idle) || (current > 0 && min_replicas == 0)) {
    ScaleToZeroOrIdle(so, request, status, outcome);
  } else if (!idle.has_value() && current < min_replicas) {
    if (UpdateScale(so, min_replicas)) outcome.new_replicas = min_replicas;
  }
  return outcome;
}

void ScaleExecutor::ScaleFromZeroOrIdle(const keda::ScaledObject& so, const ScaleRequest& request,
                                        ScaleOutcome& outcome) {
  if (keda::BoolAnnotation(so.metadata, keda::kPausedScaleOutAnnotation)) return;
  const int32_t min_replicas = so.spec.min_replica_count.value_or(0);
  const int32_t replicas = min_replicas > 0 ? min_replicas : 1;
  const std::string& kind = so.status.scale_target_kind;
  const std::string& ns = so.metadata.namespace_;
  const std::string& target = so.spec.scale_target_ref.name;
  Result<int32_t> previous = UpdateScale(so, replicas);
  if (!previous) {
    writer_.RecordEvent(
        ReferenceOf(so), cluster::kEventTypeWarning, kReasonKedaScaleTargetActivationFailed,
        fmt::format("Failed to scale {} {}/{} from {} to {}", kind, ns, target, -1, replicas));
    return;
  }
  std::string message =
      keda::BoolAnnotation(so.metadata, keda::kForceActivationAnnotation)
          ? fmt::format("Scaled {} {}/{} from {} to {}, caused by forced activation annotation",
                        kind, ns, target, *previous, replicas)
          : fmt::format("Scaled {} {}/{} from {} to {}, triggered by {}", kind, ns, target,
                        *previous, replicas, JoinTriggers(request.active_triggers));
  writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeNormal, kReasonKedaScaleTargetActivated,
                      std::move(message));
  outcome.new_replicas = replicas;
  outcome.last_active_time = clock_.Now();
}

void ScaleExecutor::ScaleToZeroOrIdle(const keda::ScaledObject& so, const ScaleRequest& request,
                                      keda::ScaledObjectStatus& status, ScaleOutcome& outcome) {
  if (keda::BoolAnnotation(so.metadata, keda::kPausedScaleInAnnotation)) return;
  const Time now = clock_.Now();
  const Duration initial_cooldown = Duration::Seconds(keda::InitialCooldownPeriodSeconds(so));
  const Duration cooldown = Duration::Seconds(keda::CooldownPeriodSeconds(so));
  const bool cooled_down = request.last_active_time.has_value()
                               ? *request.last_active_time + cooldown < now
                               : request.creation_time + initial_cooldown < now;
  if (!cooled_down) {
    SetCondition(status.conditions, kConditionActive, kStatusFalse, kScalerCooldownReason,
                 kScalerCooldownMessage);
    return;
  }
  const int32_t replicas =
      so.spec.idle_replica_count.value_or(so.spec.min_replica_count.value_or(0));
  const std::string& kind = so.status.scale_target_kind;
  const std::string& ns = so.metadata.namespace_;
  const std::string& target = so.spec.scale_target_ref.name;
  Result<int32_t> previous = UpdateScale(so, replicas);
  if (!previous) {
    writer_.RecordEvent(
        ReferenceOf(so), cluster::kEventTypeWarning, kReasonKedaScaleTargetDeactivationFailed,
        fmt::format("Failed to deactivate {} {}/{} from {} to {}", kind, ns, target, -1, replicas));
    return;
  }
  writer_.RecordEvent(
      ReferenceOf(so), cluster::kEventTypeNormal, kReasonKedaScaleTargetDeactivated,
      fmt::format("Deactivated {} {}/{} from {} to {}", kind, ns, target, *previous, replicas));
  SetCondition(status.conditions, kConditionActive, kStatusFalse, kScalerNotActiveReason,
               kScalerNotActiveMessage);
  outcome.new_replicas = replicas;
}

}  // namespace tidepool::autoscaling
