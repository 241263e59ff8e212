// The parts ScaledObject and ScaledJob share (apis/keda/v1alpha1 scaletriggers_types.go,
// condition_types.go, gvkr_types.go): triggers and their authentication references, status
// conditions and per-trigger activity.
//
// Fields hold what the user wrote; KEDA's code-level defaults are read through the accessor
// functions below (see scaled_object.h for why).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/keda/names.h"
#include "core/status.h"

namespace tidepool::api::keda {

// Trigger types with special rules: cpu and memory become HPA resource metrics rather than
// external ones; cron has no metric worth caching.
inline constexpr std::string_view kTriggerCpu = "cpu";
inline constexpr std::string_view kTriggerMemory = "memory";
inline constexpr std::string_view kTriggerCron = "cron";

struct AuthenticationRef {
  std::string name;  // required
  std::string kind;  // TriggerAuthentication (default) or ClusterTriggerAuthentication
  ExtraFields extra;
  friend bool operator==(const AuthenticationRef&, const AuthenticationRef&) = default;
};
TIDEPOOL_DECLARE_CODEC(AuthenticationRef);

struct ScaleTrigger {
  std::string type;  // required, non-empty: the scaler ("aws-sqs-queue", "cpu", ...)
  std::string name;  // optional; unique within the object; the name formulas refer to
  bool use_cached_metrics = false;
  std::map<std::string, std::string> metadata;  // required (may be empty)
  std::optional<AuthenticationRef> authentication_ref;
  std::string metric_type;  // AverageValue (default), Value, or Utilization (cpu/memory only)
  ExtraFields extra;
  friend bool operator==(const ScaleTrigger&, const ScaleTrigger&) = default;
};
TIDEPOOL_DECLARE_CODEC(ScaleTrigger);

// A status condition (Ready, Active, Fallback, Paused, HPAActive).
struct Condition {
  std::string type;
  std::string status;  // True, False, Unknown
  std::string reason;
  std::string message;
  ExtraFields extra;
  friend bool operator==(const Condition&, const Condition&) = default;
};
TIDEPOOL_DECLARE_CODEC(Condition);

struct TriggerActivityStatus {
  bool is_active = false;
  ExtraFields extra;
  friend bool operator==(const TriggerActivityStatus&, const TriggerActivityStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(TriggerActivityStatus);

// Effective values (KEDA applies these in code, not in the CRD).
// The referenced kind: TriggerAuthentication when unset.
std::string_view AuthenticationKind(const AuthenticationRef& ref);
// cpu or memory: resource metrics, which fallback, caching and scale-to-zero do not support.
bool IsCpuOrMemory(const ScaleTrigger& trigger);
// The metric target type of an external (non cpu/memory) trigger: AverageValue when unset
// (pkg/scalers/scaler.go GetMetricTargetType). cpu/memory triggers have no such default.
std::string_view ExternalMetricType(const ScaleTrigger& trigger);

// Upstream ValidateTriggers: the first problem as the admission webhook words it, e.g.
// `triggerName "a" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique`.
[[nodiscard]] Status CheckTriggers(const std::vector<ScaleTrigger>& triggers);

// Every trigger problem, with field paths under `path` ("spec.triggers"): the webhook rules
// above plus the CRD's (type non-empty, minItems 1, authenticationRef.kind enum).
void ValidateTriggers(const std::vector<ScaleTrigger>& triggers, const std::string& path,
                      FieldErrors& errors);

// Upstream CombinedTriggersAndAuthenticationsTypes: the distinct trigger types and the distinct
// authenticationRef names, comma separated, in first-seen order (status.triggersTypes and
// status.authenticationsTypes).
std::string TriggerTypesList(const std::vector<ScaleTrigger>& triggers);
std::string AuthenticationNamesList(const std::vector<ScaleTrigger>& triggers);

}  // namespace tidepool::api::keda
