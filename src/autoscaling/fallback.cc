#include "autoscaling/fallback.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <system_error>

#include "api/keda/go_strconv.h"
#include "autoscaling/scaled_object_status.h"

namespace tidepool::autoscaling {

namespace keda = api::keda;

namespace {

keda::HealthStatus& HealthOf(keda::ScaledObjectStatus& status, std::string_view metric_name) {
  return status.health[std::string(metric_name)];
}

// strconv.ParseInt(s, 10, 64).
std::optional<int64_t> ParseInt64(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

bool HasValidFallback(const keda::ScaledObject& so) {
  if (!so.spec.fallback.has_value()) return false;
  bool modifiers_ok = true;
  if (keda::IsUsingModifiers(so)) {
    // Upstream parses the target with ParseInt here (not ParseFloat): "2.5" disables fallback.
    std::optional<int64_t> target = ParseInt64(so.spec.advanced->scaling_modifiers.target);
    modifiers_ok = target.has_value() && *target > 0;
  }
  return so.spec.fallback->failure_threshold >= 0 && so.spec.fallback->replicas >= 0 &&
         modifiers_ok;
}

bool FallbackExceededThreshold(const keda::ScaledObjectStatus& status, int32_t failure_threshold) {
  for (const auto& [name, health] : status.health) {
    if (health.status == kHealthFailing &&
        health.number_of_failures.value_or(0) > failure_threshold) {
      return true;
    }
  }
  return false;
}

int32_t FallbackReplicaCount(std::string_view behavior, int32_t fallback_replicas,
                             int32_t current_replicas) {
  if (behavior == keda::kFallbackBehaviorCurrentReplicas) return current_replicas;
  if (behavior == keda::kFallbackBehaviorCurrentReplicasIfHigher) {
    return std::max(current_replicas, fallback_replicas);
  }
  if (behavior == keda::kFallbackBehaviorCurrentReplicasIfLower) {
    return std::min(current_replicas, fallback_replicas);
  }
  return fallback_replicas;
}

void UpdateFallbackCondition(const keda::ScaledObject& so, keda::ScaledObjectStatus& status) {
  if (HasValidFallback(so) &&
      FallbackExceededThreshold(status, so.spec.fallback->failure_threshold)) {
    SetCondition(status.conditions, kConditionFallback, kStatusTrue, kFallbackExistsReason,
                 kFallbackExistsMessage);
  } else {
    SetCondition(status.conditions, kConditionFallback, kStatusFalse, kNoFallbackFoundReason,
                 kNoFallbackFoundMessage);
  }
}

FallbackResult ApplyFallback(const keda::ScaledObject& so, keda::ScaledObjectStatus& status,
                             bool failed, std::string_view metric_name,
                             const scalers::MetricSpec& spec, ReplicaCounts& replicas) {
  using Kind = FallbackResult::Kind;
  const bool configured = HasValidFallback(so);
  if (!failed) {
    if (configured) {
      keda::HealthStatus& health = HealthOf(status, metric_name);
      if (health.number_of_failures != 0) health.number_of_failures = 0;
      if (health.status != kHealthHappy) health.status = std::string(kHealthHappy);
      UpdateFallbackCondition(so, status);
    }
    return {Kind::kMetrics, 0};
  }
  if (!configured) return {Kind::kError, 0};

  keda::HealthStatus& health = HealthOf(status, metric_name);
  health.number_of_failures = health.number_of_failures.value_or(0) + 1;
  if (health.status != kHealthFailing) health.status = std::string(kHealthFailing);
  const int32_t failures = *health.number_of_failures;
  UpdateFallbackCondition(so, status);
  const keda::Fallback& fallback = *so.spec.fallback;
  if (failures <= fallback.failure_threshold) return {Kind::kError, 0};

  const std::string_view behavior = keda::FallbackBehavior(fallback);
  if (behavior == keda::kFallbackBehaviorScalingModifiers) return {Kind::kNilForFormula, 0};

  int32_t current = 0;
  if (behavior != keda::kFallbackBehaviorStatic) {
    Result<int32_t> c = replicas.Current();
    if (!c) return {Kind::kError, 0};
    current = *c;
  }
  double r = FallbackReplicaCount(behavior, fallback.replicas, current);

  const bool modifiers = keda::IsUsingModifiers(so);
  const bool value_target =
      modifiers ? keda::ScalingModifiersMetricType(so.spec.advanced->scaling_modifiers) ==
                      keda::kMetricTypeValue
                : spec.target_type == scalers::MetricTargetType::kValue;
  if (value_target) {
    Result<int32_t> ready = replicas.Ready();
    if (!ready || *ready == 0) return {Kind::kError, 0};
    r /= *ready;
  }
  double target = 0;
  if (modifiers) {
    target = keda::ParseGoFloat(so.spec.advanced->scaling_modifiers.target).value_or(0);
  } else {
    target = spec.target_value.AsDouble();
  }
  // Upstream builds a milli-quantity from int64(target × 1000 × R): truncated to milli units.
  const double milli = std::trunc(target * 1000 * r);
  return {Kind::kSubstitute, milli / 1000};
}

}  // namespace tidepool::autoscaling
