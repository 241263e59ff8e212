// ScaledObject validation: the CRD's structural schema and CEL rule
// (config/crd/bases/keda.sh_scaledobjects.yaml plus config/crd/patches/scaledobject_patch.yaml)
// and the single-object checks of the admission webhook (scaledobject_webhook.go).
#include <cmath>
#include <string>

#include "api/k8s/common_validation.h"
#include "api/keda/go_strconv.h"
#include "api/keda/scaled_object.h"
#include "api/keda/schema_rules.h"

namespace tidepool::api::keda {

namespace {

constexpr std::string_view kHpaConfigPath = "spec.advanced.horizontalPodAutoscalerConfig";
constexpr std::string_view kModifiersPath = "spec.advanced.scalingModifiers";

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The rules autoscaling/v2 validation applies to a behavior when KEDA creates the HPA
// (k8s pkg/apis/autoscaling/validation); KEDA's CRD bounds the stabilization window to an hour.
void ValidateScalingRules(const HpaScalingRules& rules, const std::string& path,
                          FieldErrors& errors) {
  const std::string window = Child(path, "stabilizationWindowSeconds");
  CheckMinimum(rules.stabilization_window_seconds, 0, window, errors);
  CheckMaximum(rules.stabilization_window_seconds, 3600, window, errors);
  CheckEnum(rules.select_policy, {"Max", "Min", "Disabled"}, Child(path, "selectPolicy"), errors);
  for (size_t i = 0; i < rules.policies.size(); ++i) {
    const HpaScalingPolicy& p = rules.policies[i];
    const std::string at = Index(Child(path, "policies"), i);
    if (p.type != "Pods" && p.type != "Percent") {
      errors.Add(Child(at, "type"), UnsupportedValueMessage(p.type, {"Pods", "Percent"}));
    }
    if (p.value <= 0) {
      errors.Add(Child(at, "value"),
                 "Invalid value: " + std::to_string(p.value) + ": must be greater than zero");
    }
    if (p.period_seconds <= 0) {
      errors.Add(Child(at, "periodSeconds"), "Invalid value: " + std::to_string(p.period_seconds) +
                                                 ": must be greater than zero");
    } else if (p.period_seconds > 1800) {
      errors.Add(Child(at, "periodSeconds"), "Invalid value: " + std::to_string(p.period_seconds) +
                                                 ": must be less than or equal to 1800");
    }
  }
  if (rules.tolerance && rules.tolerance->Sign() < 0) {
    errors.Add(Child(path, "tolerance"), "Invalid value: \"" + rules.tolerance->ToString() +
                                             "\": must be greater than or equal to zero");
  }
}

void ValidateSchema(const ScaledObject& so, FieldErrors& errors) {
  const ScaledObjectSpec& s = so.spec;
  CheckMinLength(s.scale_target_ref.name, 1, "spec.scaleTargetRef.name", errors);
  CheckMinimum(s.polling_interval, 1, "spec.pollingInterval", errors);
  CheckMinimum(s.initial_cooldown_period, 0, "spec.initialCooldownPeriod", errors);
  CheckMinimum(s.cooldown_period, 0, "spec.cooldownPeriod", errors);
  CheckMinimum(s.idle_replica_count, 0, "spec.idleReplicaCount", errors);
  CheckMinimum(s.min_replica_count, 0, "spec.minReplicaCount", errors);
  CheckMinimum(s.max_replica_count, 1, "spec.maxReplicaCount", errors);
  if (s.fallback) {
    CheckEnum(s.fallback->behavior,
              {kFallbackBehaviorStatic, kFallbackBehaviorCurrentReplicas,
               kFallbackBehaviorCurrentReplicasIfHigher, kFallbackBehaviorCurrentReplicasIfLower,
               kFallbackBehaviorScalingModifiers},
              "spec.fallback.behavior", errors);
  }
  if (s.advanced && s.advanced->horizontal_pod_autoscaler_config &&
      s.advanced->horizontal_pod_autoscaler_config->behavior) {
    const HpaBehavior& b = *s.advanced->horizontal_pod_autoscaler_config->behavior;
    const std::string path = Child(kHpaConfigPath, "behavior");
    if (b.scale_up) ValidateScalingRules(*b.scale_up, Child(path, "scaleUp"), errors);
    if (b.scale_down) ValidateScalingRules(*b.scale_down, Child(path, "scaleDown"), errors);
  }
  // The CRD's CEL rule on spec.
  if (s.min_replica_count && *s.min_replica_count > MaxReplicaCount(so)) {
    errors.Add("spec",
               "Invalid value: \"object\": minReplicaCount must be less than or equal to "
               "maxReplicaCount");
  }
}

void ValidateName(const ScaledObject& so, FieldErrors& errors) {
  const std::string& name = so.metadata.name;
  if (name.size() > kMaxNameLength) {
    errors.Add("metadata.name",
               "scaledobject name " + GoQuote(name) + " is " + std::to_string(name.size()) +
                   " characters long; must be no more than 63 characters because it is used "
                   "as the \"scaledobject.keda.sh/name\" label value");
    return;
  }
  const std::string hpa = HpaName(so);
  if (hpa.size() > kMaxNameLength) {
    const bool custom = hpa != std::string(kHpaNamePrefix) + name;
    errors.Add(custom ? Child(kHpaConfigPath, "name") : "metadata.name",
               "HPA name " + GoQuote(hpa) + " derived from scaledobject is " +
                   std::to_string(hpa.size()) +
                   " characters long; must be no more than 63 characters; set "
                   "spec.advanced.horizontalPodAutoscalerConfig.name to a shorter name or "
                   "shorten the scaledobject name");
  }
}

// Resource metrics cannot take a workload to zero: the HPA never goes below one replica and
// KEDA has no external metric to activate on.
void ValidateScaleToZero(const ScaledObject& so, FieldErrors& errors) {
  if (so.spec.triggers.empty()) return;
  for (const ScaleTrigger& t : so.spec.triggers) {
    if (!IsCpuOrMemory(t)) return;
  }
  if (MinReplicaCount(so) == 0) {
    errors.Add("spec.minReplicaCount",
               "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero "
               "doesn't work in this case)");
  }
}

void ValidateScalingModifiers(const ScaledObject& so, const FormulaChecker& check_formula,
                              FieldErrors& errors) {
  const ScalingModifiers& m = so.spec.advanced->scaling_modifiers;
  const std::string metric_type_path = Child(kModifiersPath, "metricType");
  if (m.metric_type == kMetricTypeUtilization) {
    errors.Add(metric_type_path,
               "error trigger type is Utilization, but it needs to be AverageValue or Value "
               "for external metrics");
  } else {
    CheckEnum(m.metric_type, {kMetricTypeAverageValue, kMetricTypeValue}, metric_type_path, errors);
  }
  if (!m.activation_target.empty()) {
    if (Result<double> a = ParseGoFloat(m.activation_target); !a) {
      errors.Add(Child(kModifiersPath, "activationTarget"),
                 "scalingModifiers.ActivationTarget parsing error " + a.error().message());
    }
  }
  if (m.formula.empty()) {
    errors.Add(Child(kModifiersPath, "formula"), "error ScalingModifiers.Formula is mandatory");
    return;
  }
  if (m.target.empty()) {
    errors.Add(Child(kModifiersPath, "target"), "formula is given but target is empty");
  } else {
    Result<double> target = ParseGoFloat(m.target);
    if (!target || !(*target > 0.0)) {
      errors.Add(Child(kModifiersPath, "target"),
                 "error converting target for scalingModifiers (string->float) to valid "
                 "target: " +
                     (target ? "must be greater than 0" : target.error().message()));
    }
  }
  if (check_formula && !m.target.empty()) {
    // The formula may use the named triggers that are not resource metrics.
    std::vector<std::string> names;
    for (const ScaleTrigger& t : so.spec.triggers) {
      if (!IsCpuOrMemory(t) && !t.name.empty()) names.push_back(t.name);
    }
    if (Status s = check_formula(m.formula, names); !s) {
      errors.Add(Child(kModifiersPath, "formula"),
                 "error validating formula in ScalingModifiers: " + s.error().message());
    }
  }
}

// The webhook compares against the HPA's minimum (0 becomes 1) when minReplicaCount is set.
int32_t BoundsMin(const ScaledObject& so) {
  return so.spec.min_replica_count ? HpaMinReplicas(so) : 0;
}

std::string MinOverMaxMessage(int32_t min, int32_t max) {
  return "MinReplicaCount=" + std::to_string(min) +
         " must be less than MaxReplicaCount=" + std::to_string(max);
}

std::string IdleNotUnderMinMessage(int32_t idle, int32_t min) {
  return "IdleReplicaCount=" + std::to_string(idle) +
         " must be less than MinReplicaCount=" + std::to_string(min);
}

void ValidateReplicaBounds(const ScaledObject& so, FieldErrors& errors) {
  const ScaledObjectSpec& s = so.spec;
  const int32_t min = BoundsMin(so);
  const int32_t max = MaxReplicaCount(so);
  // The CEL rule, which the API server applies before the webhook, has said this already.
  const bool cel_reported = s.min_replica_count && *s.min_replica_count > max;
  if (min > max && !cel_reported) errors.Add("spec.minReplicaCount", MinOverMaxMessage(min, max));
  if (s.idle_replica_count && *s.idle_replica_count >= min) {
    errors.Add("spec.idleReplicaCount", IdleNotUnderMinMessage(*s.idle_replica_count, min));
  }
}

}  // namespace

Status CheckReplicaCountBounds(const ScaledObject& so) {
  const int32_t min = BoundsMin(so);
  const int32_t max = MaxReplicaCount(so);
  if (min > max) return Fail(ErrorCode::kInvalidArgument, MinOverMaxMessage(min, max));
  if (so.spec.idle_replica_count && *so.spec.idle_replica_count >= min) {
    return Fail(ErrorCode::kInvalidArgument,
                IdleNotUnderMinMessage(*so.spec.idle_replica_count, min));
  }
  return OkStatus();
}

Status CheckFallback(const ScaledObject& so) {
  if (!so.spec.fallback) return OkStatus();
  const Fallback& f = *so.spec.fallback;
  if (f.failure_threshold < 0 || f.replicas < 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "FailureThreshold=" + std::to_string(f.failure_threshold) + " & Replicas=" +
                    std::to_string(f.replicas) + " must both be greater than or equal to 0");
  }
  if (IsUsingModifiers(so)) return OkStatus();
  for (const ScaleTrigger& t : so.spec.triggers) {
    if (!IsCpuOrMemory(t)) return OkStatus();
  }
  return Fail(ErrorCode::kInvalidArgument,
              "at least one trigger (that is not cpu or memory) has to have the `AverageValue` "
              "type for the fallback to be enabled");
}

void Validate(const ScaledObject& so, FieldErrors& errors) { Validate(so, errors, nullptr); }

void Validate(const ScaledObject& so, FieldErrors& errors, const FormulaChecker& check_formula) {
  ValidateObjectMeta(so.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  ValidateSchema(so, errors);
  const ScaledObjectSpec& s = so.spec;
  ValidateReplicaBounds(so, errors);
  ValidateName(so, errors);

  if (s.fallback) {
    if (Status fallback = CheckFallback(so); !fallback) {
      errors.Add("spec.fallback", fallback.error().message());
    }
    if (FallbackUsesScalingModifiers(so) &&
        (!IsUsingModifiers(so) || s.advanced->scaling_modifiers.formula.empty())) {
      errors.Add("spec.fallback.behavior",
                 "scalingModifiers fallback behavior requires scalingModifiers.formula to be "
                 "defined");
    }
  }

  ValidateTriggers(s.triggers, "spec.triggers", errors);
  ValidateScaleToZero(so, errors);

  if (Result<GroupVersionKind> gvk =
          ScaleTargetGvk(s.scale_target_ref.api_version, s.scale_target_ref.kind);
      !gvk) {
    errors.Add("spec.scaleTargetRef.apiVersion", gvk.error().message());
  }

  if (IsUsingModifiers(so)) ValidateScalingModifiers(so, check_formula, errors);
}

std::vector<std::string> Warnings(const ScaledObject& so) {
  std::vector<std::string> warnings;
  const ScaledObjectSpec& s = so.spec;
  const int32_t min = MinReplicaCount(so);
  const bool idle_mode = s.idle_replica_count.has_value();
  bool cached = false;
  for (const ScaleTrigger& t : s.triggers) cached |= t.use_cached_metrics;
  if (s.polling_interval && min > 0 && !idle_mode && !cached) {
    warnings.push_back(
        "PollingInterval is configured but is not relevant. PollingInterval is only relevant "
        "when minReplicaCount = 0, idleReplicaCount is set, or useCachedMetrics is enabled");
  }
  if (s.cooldown_period && min > 0 && !idle_mode) {
    warnings.push_back(
        "CooldownPeriod is configured but is not relevant. CooldownPeriod is only relevant "
        "when minReplicaCount = 0 or idleReplicaCount is set");
  }
  return warnings;
}

}  // namespace tidepool::api::keda
