#include "api/keda/scale_triggers.h"

#include <algorithm>
#include <set>

#include "api/keda/schema_rules.h"

namespace tidepool::api::keda {

namespace {

bool UseCachedMetricsUnsupported(const ScaleTrigger& t) {
  return t.type == kTriggerCpu || t.type == kTriggerMemory || t.type == kTriggerCron;
}

std::string UseCachedMetricsMessage(const ScaleTrigger& t) {
  return "property \"useCachedMetrics\" is not supported for \"" + t.type + "\" scaler";
}

std::string DuplicateNameMessage(const std::string& name) {
  return "triggerName \"" + name +
         "\" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique";
}

constexpr std::string_view kNoTriggersMessage = "no triggers defined in the ScaledObject/ScaledJob";

std::string JoinDistinct(const std::vector<std::string>& values) {
  std::vector<std::string> seen;
  std::string out;
  for (const std::string& v : values) {
    if (std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
    seen.push_back(v);
    if (!out.empty()) out += ',';
    out += v;
  }
  return out;
}

}  // namespace

std::string_view AuthenticationKind(const AuthenticationRef& ref) {
  return ref.kind.empty() ? kKindTriggerAuthentication : std::string_view(ref.kind);
}

bool IsCpuOrMemory(const ScaleTrigger& trigger) {
  return trigger.type == kTriggerCpu || trigger.type == kTriggerMemory;
}

std::string_view ExternalMetricType(const ScaleTrigger& trigger) {
  return trigger.metric_type.empty() ? kMetricTypeAverageValue
                                     : std::string_view(trigger.metric_type);
}

Status CheckTriggers(const std::vector<ScaleTrigger>& triggers) {
  if (triggers.empty()) return Fail(ErrorCode::kInvalidArgument, std::string(kNoTriggersMessage));
  std::set<std::string> names;
  for (const ScaleTrigger& t : triggers) {
    if (t.use_cached_metrics && UseCachedMetricsUnsupported(t)) {
      return Fail(ErrorCode::kInvalidArgument, UseCachedMetricsMessage(t));
    }
    if (!t.name.empty() && !names.insert(t.name).second) {
      return Fail(ErrorCode::kInvalidArgument, DuplicateNameMessage(t.name));
    }
  }
  return OkStatus();
}

void ValidateTriggers(const std::vector<ScaleTrigger>& triggers, const std::string& path,
                      FieldErrors& errors) {
  // The CRD's minItems and the webhook's check say the same thing; the webhook's words are
  // the ones KEDA users know.
  if (triggers.empty()) errors.Add(path, std::string(kNoTriggersMessage));
  std::set<std::string> names;
  for (size_t i = 0; i < triggers.size(); ++i) {
    const ScaleTrigger& t = triggers[i];
    const std::string at = Index(path, i);
    CheckMinLength(t.type, 1, Child(at, "type"), errors);
    if (t.authentication_ref) {
      CheckEnum(t.authentication_ref->kind,
                {kKindTriggerAuthentication, kKindClusterTriggerAuthentication},
                Child(Child(at, "authenticationRef"), "kind"), errors);
    }
    if (t.use_cached_metrics && UseCachedMetricsUnsupported(t)) {
      errors.Add(Child(at, "useCachedMetrics"), UseCachedMetricsMessage(t));
    }
    if (!t.name.empty() && !names.insert(t.name).second) {
      errors.Add(Child(at, "name"), DuplicateNameMessage(t.name));
    }
    // Rejected by the scaler when it is built (pkg/scalers/scaler.go); reported here, where the
    // user can still fix the manifest.
    if (!IsCpuOrMemory(t) && t.metric_type == kMetricTypeUtilization) {
      errors.Add(Child(at, "metricType"),
                 "'Utilization' metric type is unsupported for external metrics, allowed values "
                 "are 'Value' or 'AverageValue'");
    }
  }
}

std::string TriggerTypesList(const std::vector<ScaleTrigger>& triggers) {
  std::vector<std::string> types;
  for (const ScaleTrigger& t : triggers) types.push_back(t.type);
  return JoinDistinct(types);
}

std::string AuthenticationNamesList(const std::vector<ScaleTrigger>& triggers) {
  std::vector<std::string> names;
  for (const ScaleTrigger& t : triggers) {
    if (t.authentication_ref) names.push_back(t.authentication_ref->name);
  }
  return JoinDistinct(names);
}

}  // namespace tidepool::api::keda
