// Builders for ScaledObject validation tests, after the helpers of upstream's
// apis/keda/v1alpha1/scaledobject_webhook_test.go (createScaledObject and friends), and a
// stand-in for autoscaling's formula compiler. Included by *_test.cc files only.
#pragma once

#include <algorithm>
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "api/field_errors.h"
#include "api/keda/scaled_object.h"

namespace tidepool::api::keda::testing {

inline ScaleTrigger Trigger(std::string type, std::string name = "",
                            std::map<std::string, std::string> metadata = {}) {
  ScaleTrigger t;
  t.type = std::move(type);
  t.name = std::move(name);
  t.metadata = std::move(metadata);
  return t;
}

inline ScaleTrigger Cron() {
  return Trigger("cron", "",
                 {{"timezone", "UTC"},
                  {"start", "0 * * * *"},
                  {"end", "1 * * * *"},
                  {"desiredReplicas", "1"}});
}

inline ScaleTrigger Workload(std::string name = "", std::string metric_type = "") {
  ScaleTrigger t = Trigger("kubernetes-workload", std::move(name),
                           {{"podSelector", "pod=workload-test"}, {"value", "1"}});
  t.metric_type = std::move(metric_type);
  return t;
}

// Upstream's createScaledObject helper: a cron trigger (plus cpu and memory ones), idle 1,
// min 5, max 10, and an empty advanced section (with an HPA name when given).
inline ScaledObject CreateScaledObject(std::string name, bool cpu_and_memory = false,
                                       std::string hpa_name = "") {
  ScaledObject so;
  so.api_version = "keda.sh/v1alpha1";
  so.kind = "ScaledObject";
  so.metadata.name = std::move(name);
  so.metadata.namespace_ = "default";
  so.spec.scale_target_ref.name = "test-workload";
  so.spec.scale_target_ref.api_version = "apps/v1";
  so.spec.scale_target_ref.kind = "Deployment";
  so.spec.idle_replica_count = 1;
  so.spec.min_replica_count = 5;
  so.spec.max_replica_count = 10;
  so.spec.triggers.push_back(Cron());
  if (cpu_and_memory) {
    so.spec.triggers.push_back(Trigger("cpu", "", {{"value", "10"}}));
    so.spec.triggers.push_back(Trigger("memory", "", {{"value", "10"}}));
  }
  so.spec.advanced = AdvancedConfig{};
  if (!hpa_name.empty()) {
    so.spec.advanced->horizontal_pod_autoscaler_config = HorizontalPodAutoscalerConfig{};
    so.spec.advanced->horizontal_pod_autoscaler_config->name = std::move(hpa_name);
  }
  return so;
}

// Upstream's createScaledObjectSTZ: a cpu trigger (plus an external one), cooldown 1.
inline ScaledObject CreateScaledObjectSTZ(int32_t min, int32_t max, bool external_trigger) {
  ScaledObject so;
  so.metadata.name = "test-so";
  so.spec.scale_target_ref.name = "test-workload";
  so.spec.min_replica_count = min;
  so.spec.max_replica_count = max;
  so.spec.cooldown_period = 1;
  so.spec.triggers.push_back(Trigger("cpu", "", {{"value", "10"}}));
  if (external_trigger) so.spec.triggers.push_back(Workload());
  return so;
}

// Upstream's createScaledObjectScalingModifiers: min 0, max 10, cooldown 1.
inline ScaledObject CreateScaledObjectScalingModifiers(ScalingModifiers sm,
                                                       std::vector<ScaleTrigger> triggers) {
  ScaledObject so;
  so.metadata.name = "test-so";
  so.spec.scale_target_ref.name = "test-workload";
  so.spec.min_replica_count = 0;
  so.spec.max_replica_count = 10;
  so.spec.cooldown_period = 1;
  so.spec.triggers = std::move(triggers);
  so.spec.advanced = AdvancedConfig{};
  so.spec.advanced->scaling_modifiers = std::move(sm);
  return so;
}

inline ScalingModifiers Modifiers(std::string target, std::string formula) {
  ScalingModifiers sm;
  sm.target = std::move(target);
  sm.formula = std::move(formula);
  return sm;
}

inline FieldErrors Check(const ScaledObject& so) {
  FieldErrors errors;
  Validate(so, errors);
  return errors;
}

// A stand-in for autoscaling's formula compiler: records what it was asked, and fails on an
// identifier that is neither a trigger it was given nor a function the formulas call.
struct RecordingChecker {
  std::string formula;
  std::vector<std::string> names;
  FormulaChecker Fn() {
    return [this](std::string_view f, const std::vector<std::string>& n) -> Status {
      formula = std::string(f);
      names = n;
      static const std::regex kIdentifier("[A-Za-z_][A-Za-z0-9_]*");
      const std::string text(f);
      for (std::sregex_iterator it(text.begin(), text.end(), kIdentifier), end; it != end; ++it) {
        const std::string word = it->str();
        if (word == "float" || word == "count") continue;
        if (std::find(n.begin(), n.end(), word) == n.end()) {
          return Fail(ErrorCode::kInvalidArgument, "unknown name " + word);
        }
      }
      return OkStatus();
    };
  }
};

inline FieldErrors CheckWith(const ScaledObject& so, RecordingChecker& checker) {
  FieldErrors errors;
  Validate(so, errors, checker.Fn());
  return errors;
}

}  // namespace tidepool::api::keda::testing
