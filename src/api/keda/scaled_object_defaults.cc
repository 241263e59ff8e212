// The CRD default SetDefaults applies, and the defaults KEDA's code applies on read.
#include <algorithm>

#include "api/keda/scaled_object.h"

namespace tidepool::api::keda {

void SetDefaults(ScaledObject& so) {
  if (so.spec.fallback && so.spec.fallback->behavior.empty()) {
    so.spec.fallback->behavior = std::string(kFallbackBehaviorStatic);
  }
}

int32_t PollingIntervalSeconds(const ScaledObject& so) {
  return so.spec.polling_interval.value_or(kDefaultPollingIntervalSeconds);
}

int32_t CooldownPeriodSeconds(const ScaledObject& so) {
  return so.spec.cooldown_period.value_or(kDefaultCooldownPeriodSeconds);
}

int32_t InitialCooldownPeriodSeconds(const ScaledObject& so) {
  return so.spec.initial_cooldown_period.value_or(kDefaultInitialCooldownPeriodSeconds);
}

int32_t MinReplicaCount(const ScaledObject& so) {
  return so.spec.min_replica_count.value_or(kDefaultMinReplicaCount);
}

int32_t MaxReplicaCount(const ScaledObject& so) {
  return so.spec.max_replica_count.value_or(kDefaultMaxReplicaCount);
}

int32_t HpaMinReplicas(const ScaledObject& so) {
  const int32_t min = MinReplicaCount(so);
  return min > 0 ? min : kDefaultHpaMinReplicas;
}

std::string HpaName(const ScaledObject& so) {
  const auto& advanced = so.spec.advanced;
  if (advanced && advanced->horizontal_pod_autoscaler_config &&
      !advanced->horizontal_pod_autoscaler_config->name.empty()) {
    return advanced->horizontal_pod_autoscaler_config->name;
  }
  return std::string(kHpaNamePrefix) + so.metadata.name;
}

std::string_view ScaleTargetApiVersion(const ScaledObject& so) {
  const std::string& v = so.spec.scale_target_ref.api_version;
  return v.empty() ? kDefaultScaleTargetApiVersion : std::string_view(v);
}

std::string_view ScaleTargetKind(const ScaledObject& so) {
  const std::string& k = so.spec.scale_target_ref.kind;
  return k.empty() ? kDefaultScaleTargetKind : std::string_view(k);
}

std::string_view FallbackBehavior(const Fallback& fallback) {
  return fallback.behavior.empty() ? kFallbackBehaviorStatic : std::string_view(fallback.behavior);
}

std::string_view ScalingModifiersMetricType(const ScalingModifiers& modifiers) {
  return modifiers.metric_type.empty() ? kMetricTypeAverageValue
                                       : std::string_view(modifiers.metric_type);
}

bool IsUsingModifiers(const ScaledObject& so) {
  return so.spec.advanced && !(so.spec.advanced->scaling_modifiers == ScalingModifiers{});
}

bool FallbackUsesScalingModifiers(const ScaledObject& so) {
  return so.spec.fallback && so.spec.fallback->behavior == kFallbackBehaviorScalingModifiers;
}

std::string FormulaAsCompiled(std::string_view formula) {
  constexpr std::string_view kLetPrefix = "let _kedaCompositeResult = ";
  if (formula.find("??") != std::string_view::npos) {
    if (formula.substr(0, kLetPrefix.size()) == kLetPrefix) return std::string(formula);
    return std::string(kLetPrefix) + "(" + std::string(formula) +
           "); _kedaCompositeResult == nil ? nil : float(_kedaCompositeResult)";
  }
  if (formula.substr(0, 6) == "float(") return std::string(formula);
  return "float(" + std::string(formula) + ")";
}

}  // namespace tidepool::api::keda
