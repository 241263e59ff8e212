// keda.sh/v1alpha1 ScaledObject (apis/keda/v1alpha1/scaledobject_types.go): scale a workload
// that has a /scale subresource from event sources, to and from zero, through an HPA.
//
// Defaults. KEDA's CRD declares one default (fallback.behavior: static), which the API server
// writes into the stored object; SetDefaults applies exactly that, so a decoded object is what
// `kubectl get -o yaml` would show. Every other default (pollingInterval 30, cooldownPeriod 300,
// minReplicaCount 0, maxReplicaCount 100, scaleTargetRef apps/v1 Deployment, ...) is applied by
// KEDA's code when it reads the object; here the fields keep what the user wrote (unset stays
// unset, so encoding gives the user's document back) and the effective values come from the
// accessor functions below. Code that acts on a ScaledObject reads the accessors, never the raw
// optional fields.
//
// Validation (scaled_object_validation.cc) applies the CRD's schema and CEL rules and the
// admission webhook's checks on one object; the checks that need other objects (two
// ScaledObjects on one workload or owning one HPA, the target's container requests) are in
// scaled_object_set_validation.h.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/keda/group_version_kind.h"
#include "api/keda/scale_triggers.h"
#include "api/meta.h"
#include "core/quantity.h"
#include "core/status.h"

namespace tidepool::api::keda {

inline constexpr int32_t kDefaultPollingIntervalSeconds = 30;
inline constexpr int32_t kDefaultCooldownPeriodSeconds = 300;
inline constexpr int32_t kDefaultInitialCooldownPeriodSeconds = 0;
inline constexpr int32_t kDefaultMinReplicaCount = 0;
inline constexpr int32_t kDefaultMaxReplicaCount = 100;
// The HPA cannot go below one replica; KEDA itself does 0 <-> 1.
inline constexpr int32_t kDefaultHpaMinReplicas = 1;
inline constexpr std::string_view kHpaNamePrefix = "keda-hpa-";
// Longest label value; the ScaledObject's name is one (scaledobject.keda.sh/name), and the HPA
// name derived from it must fit too.
inline constexpr size_t kMaxNameLength = 63;
// Name of the composite metric scalingModifiers produce.
inline constexpr std::string_view kCompositeMetricName = "composite-metric";

inline constexpr std::string_view kFallbackBehaviorStatic = "static";
inline constexpr std::string_view kFallbackBehaviorCurrentReplicas = "currentReplicas";
inline constexpr std::string_view kFallbackBehaviorCurrentReplicasIfHigher =
    "currentReplicasIfHigher";
inline constexpr std::string_view kFallbackBehaviorCurrentReplicasIfLower =
    "currentReplicasIfLower";
inline constexpr std::string_view kFallbackBehaviorScalingModifiers = "scalingModifiers";

struct ScaleTarget {
  std::string name;                       // required, non-empty; same namespace as the ScaledObject
  std::string api_version;                // default apps/v1
  std::string kind;                       // default Deployment
  std::string env_source_container_name;  // default: the first container
  ExtraFields extra;
  friend bool operator==(const ScaleTarget&, const ScaleTarget&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScaleTarget);

// autoscaling/v2 HPAScalingPolicy, HPAScalingRules and HorizontalPodAutoscalerBehavior, copied
// verbatim into the HPA KEDA creates.
struct HpaScalingPolicy {
  std::string type;  // Pods or Percent
  int32_t value = 0;
  int32_t period_seconds = 0;
  ExtraFields extra;
  friend bool operator==(const HpaScalingPolicy&, const HpaScalingPolicy&) = default;
};
TIDEPOOL_DECLARE_CODEC(HpaScalingPolicy);

struct HpaScalingRules {
  std::optional<int32_t> stabilization_window_seconds;  // 0..3600 (KEDA's CRD patch)
  std::string select_policy;                            // Max (default), Min, Disabled
  std::vector<HpaScalingPolicy> policies;
  std::optional<Quantity> tolerance;
  ExtraFields extra;
  friend bool operator==(const HpaScalingRules&, const HpaScalingRules&) = default;
};
TIDEPOOL_DECLARE_CODEC(HpaScalingRules);

struct HpaBehavior {
  std::optional<HpaScalingRules> scale_up;
  std::optional<HpaScalingRules> scale_down;
  ExtraFields extra;
  friend bool operator==(const HpaBehavior&, const HpaBehavior&) = default;
};
TIDEPOOL_DECLARE_CODEC(HpaBehavior);

struct HorizontalPodAutoscalerConfig {
  std::optional<HpaBehavior> behavior;
  std::string name;  // default keda-hpa-<ScaledObject name>
  ExtraFields extra;
  friend bool operator==(const HorizontalPodAutoscalerConfig&,
                         const HorizontalPodAutoscalerConfig&) = default;
};
TIDEPOOL_DECLARE_CODEC(HorizontalPodAutoscalerConfig);

// A formula over named triggers that replaces them with one composite metric. The formula's
// syntax is checked by autoscaling's formula compiler, handed to validation as a
// FormulaChecker (see scaled_object_validation.h).
struct ScalingModifiers {
  std::string formula;
  std::string target;             // a float > 0, as a string
  std::string activation_target;  // a float, default 0
  std::string metric_type;        // AverageValue (default) or Value
  ExtraFields extra;
  friend bool operator==(const ScalingModifiers&, const ScalingModifiers&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScalingModifiers);

struct AdvancedConfig {
  std::optional<HorizontalPodAutoscalerConfig> horizontal_pod_autoscaler_config;
  bool restore_to_original_replica_count = false;
  ScalingModifiers scaling_modifiers;
  ExtraFields extra;
  friend bool operator==(const AdvancedConfig&, const AdvancedConfig&) = default;
};
TIDEPOOL_DECLARE_CODEC(AdvancedConfig);

struct Fallback {
  int32_t failure_threshold = 0;  // required, >= 0
  int32_t replicas = 0;           // required, >= 0
  std::string behavior;           // CRD default "static"
  ExtraFields extra;
  friend bool operator==(const Fallback&, const Fallback&) = default;
};
TIDEPOOL_DECLARE_CODEC(Fallback);

struct ScaledObjectSpec {
  ScaleTarget scale_target_ref;  // required
  std::optional<int32_t> polling_interval;
  std::optional<int32_t> initial_cooldown_period;
  std::optional<int32_t> cooldown_period;
  std::optional<int32_t> idle_replica_count;
  std::optional<int32_t> min_replica_count;
  std::optional<int32_t> max_replica_count;
  std::optional<AdvancedConfig> advanced;
  std::vector<ScaleTrigger> triggers;  // required, at least one
  std::optional<Fallback> fallback;
  ExtraFields extra;
  friend bool operator==(const ScaledObjectSpec&, const ScaledObjectSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScaledObjectSpec);

struct HealthStatus {
  std::optional<int32_t> number_of_failures;
  std::string status;  // Happy or Failing
  ExtraFields extra;
  friend bool operator==(const HealthStatus&, const HealthStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(HealthStatus);

// Written by the controller; decoded leniently (unknown fields are kept, not reported).
struct ScaledObjectStatus {
  std::string scale_target_kind;  // "apps/v1.Deployment"
  std::optional<GroupVersionKindResource> scale_target_gvkr;
  std::optional<int32_t> original_replica_count;
  std::string last_active_time;  // RFC 3339, as written
  std::vector<std::string> external_metric_names;
  std::vector<std::string> resource_metric_names;
  std::string composite_scaler_name;
  std::vector<Condition> conditions;
  std::map<std::string, HealthStatus> health;
  std::map<std::string, TriggerActivityStatus> triggers_activity;
  std::optional<int32_t> paused_replica_count;
  std::string hpa_name;
  std::optional<std::string> triggers_types;
  std::optional<std::string> authentications_types;
  ExtraFields extra;
  friend bool operator==(const ScaledObjectStatus&, const ScaledObjectStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScaledObjectStatus);

struct ScaledObject : Object {
  ScaledObjectSpec spec;
  ScaledObjectStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<ScaledObject>(*this); }
  friend bool operator==(const ScaledObject& a, const ScaledObject& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(ScaledObject);

// Applies the CRD's declared defaults (fallback.behavior). Idempotent.
void SetDefaults(ScaledObject& so);

// Effective values, as KEDA's code reads them.
int32_t PollingIntervalSeconds(const ScaledObject& so);        // 30
int32_t CooldownPeriodSeconds(const ScaledObject& so);         // 300
int32_t InitialCooldownPeriodSeconds(const ScaledObject& so);  // 0
int32_t MinReplicaCount(const ScaledObject& so);               // 0
int32_t MaxReplicaCount(const ScaledObject& so);               // 100 (GetHPAMaxReplicas)
// GetHPAMinReplicas: minReplicaCount when > 0, else 1.
int32_t HpaMinReplicas(const ScaledObject& so);
// advanced.horizontalPodAutoscalerConfig.name, else keda-hpa-<name>.
std::string HpaName(const ScaledObject& so);
std::string_view ScaleTargetApiVersion(const ScaledObject& so);  // apps/v1
std::string_view ScaleTargetKind(const ScaledObject& so);        // Deployment
std::string_view FallbackBehavior(const Fallback& fallback);     // static
// scalingModifiers.metricType, else AverageValue.
std::string_view ScalingModifiersMetricType(const ScalingModifiers& modifiers);
// advanced.scalingModifiers has any field set (upstream IsUsingModifiers).
bool IsUsingModifiers(const ScaledObject& so);
// fallback.behavior is scalingModifiers.
bool FallbackUsesScalingModifiers(const ScaledObject& so);

// Compiles a scalingModifiers formula (as written; the compiler applies FormulaAsCompiled) with
// each of `trigger_names` bound to -1 and runs it once, as KEDA's webhook does, returning the
// compile or run error. Provided by autoscaling's formula compiler; without one, validation
// checks everything about scalingModifiers except the formula's syntax.
using FormulaChecker =
    std::function<Status(std::string_view formula, const std::vector<std::string>& trigger_names)>;

// Metadata as the API server checks it, the CRD's schema and CEL rules, and the admission
// webhook's checks on one object, every
// problem reported with its field path. Messages are KEDA's (or the API server's, for schema
// rules), e.g. "IdleReplicaCount=1 must be less than MinReplicaCount=1". Where the webhook
// would stop at the first problem this reports them all.
void Validate(const ScaledObject& so, FieldErrors& errors);
void Validate(const ScaledObject& so, FieldErrors& errors, const FormulaChecker& check_formula);

// Upstream CheckReplicaCountBoundsAreValid and CheckFallbackValid: the first problem, worded as
// KEDA words it. The controller re-checks bounds on every reconcile.
[[nodiscard]] Status CheckReplicaCountBounds(const ScaledObject& so);
[[nodiscard]] Status CheckFallback(const ScaledObject& so);

// The webhook's warnings (admitted, but probably not what was meant): pollingInterval or
// cooldownPeriod set where they have no effect.
std::vector<std::string> Warnings(const ScaledObject& so);

// Upstream castToFloatIfNecessary: the formula as it is compiled, its result cast to float
// ("float(...)"), or, when it uses "??", kept nil-able so the fallback can take over.
std::string FormulaAsCompiled(std::string_view formula);

}  // namespace tidepool::api::keda
