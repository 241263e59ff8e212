// CHANGES (scalers owner): ScalerConfig::metric_type is now the trigger's metricType text as
// written ("" when unset), because cpu/memory must reject an unset or "Value" type while other
// scalers default it to AverageValue (GetMetricTargetType below). Added NormalizeString,
// GetMetricTargetType and the milli-value helpers of scaler.go.
//
// The Scaler interface (kedacore/keda pkg/scalers/scaler.go): one instance per trigger of a
// ScaledObject or ScaledJob, built by the registry (scalers/registry.h) from the trigger's type,
// its metadata and its resolved authentication.
//
// Contract:
//   - GetMetricSpecForScaling() describes the metrics the trigger feeds to the HPA maths, with
//     KEDA's metric names ("s<triggerIndex>-<name>", see MetricName()) and target types.
//   - GetMetricsAndActivity(metric_name) reads the current value(s) of that metric and says
//     whether the trigger is active (value > activation threshold, compared strictly). Errors are
//     returned, never thrown; the controller counts them for fallback.
//   - Close() releases connections; the scaler is not used afterwards.
//   - Resource metrics (cpu/memory triggers) are evaluated by the controller from pod metrics,
//     not by GetMetricsAndActivity (see MetricSpec::source).
// Scalers are called from one controller thread at a time; they need not be thread-safe.
// Secrets reach a scaler only through ScalerConfig::auth_params / resolved_env and must never be
// put in an error message or a log line.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/quantity.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool {
class Clock;
}

namespace tidepool::scalers {

// autoscaling/v2 MetricTargetType.
enum class MetricTargetType { kAverageValue, kValue, kUtilization };

// The part of autoscaling/v2 MetricSpec that KEDA produces: an External metric named for the
// trigger, or a Resource metric (cpu, memory) for the cpu/memory triggers.
struct MetricSpec {
  enum class Source { kExternal, kResource };
  Source source = Source::kExternal;
  std::string metric_name;  // External: "s0-queueLength"; Resource: "cpu" or "memory"
  MetricTargetType target_type = MetricTargetType::kAverageValue;
  Quantity target_value;                      // kValue / kAverageValue
  std::optional<int32_t> target_utilization;  // kUtilization (percent of requests)
  std::string container_name;                 // Resource: containerName, empty = whole pod
};

// external_metrics ExternalMetricValue.
struct MetricValue {
  std::string metric_name;
  Quantity value;
  Time timestamp;
};

struct MetricsAndActivity {
  std::vector<MetricValue> metrics;
  bool active = false;
};

// scalersconfig.ScalerConfig: everything a scaler is built from.
struct ScalerConfig {
  std::string scalable_object_name;
  std::string scalable_object_namespace;
  std::string scalable_object_type;  // "ScaledObject" or "ScaledJob"
  int trigger_index = 0;
  std::string trigger_name;
  std::string trigger_type;
  std::map<std::string, std::string> trigger_metadata;  // as written in the manifest
  std::map<std::string, std::string> resolved_env;      // the target container's environment
  std::map<std::string, std::string> auth_params;       // from (Cluster)TriggerAuthentication
  std::string pod_identity_provider;  // podIdentity.provider; "none" (or "") when none
  std::string metric_type;  // trigger.metricType as written: "", AverageValue, Value, Utilization
  bool use_cached_metrics = false;
  bool as_metric_source = false;
  Duration global_http_timeout = Duration::Seconds(3);
  const Clock* clock = nullptr;  // non-null; the only source of time for a scaler
};

class Scaler {
 public:
  virtual ~Scaler() = default;
  virtual std::vector<MetricSpec> GetMetricSpecForScaling() = 0;
  [[nodiscard]] virtual Result<MetricsAndActivity> GetMetricsAndActivity(
      std::string_view metric_name) = 0;
  [[nodiscard]] virtual Status Close() { return OkStatus(); }
};

// GenerateMetricNameWithIndex: "s<index>-<name>".
std::string MetricName(int trigger_index, std::string_view name);

// pkg/util NormalizeString: '/', '.', ':', '%', '(' and ')' become '-' (metric names must be
// valid label values).
std::string NormalizeString(std::string_view s);

// Go's url.QueryEscape: unreserved characters kept, space as '+', the rest %XX.
std::string QueryEscape(std::string_view s);

// GetMetricTargetType for external metrics: "" -> AverageValue, "AverageValue", "Value";
// "Utilization" is refused with upstream's message, anything else as unknown.
[[nodiscard]] Result<MetricTargetType> GetMetricTargetType(std::string_view metric_type);

// quantityFromFloat64: the value rounded to milli precision ("%.3f"); NaN, +-Inf and negative
// values become 0 so that a misbehaving source can never drive the HPA maths to nonsense.
Quantity MilliQuantity(double value);

// GetMetricTarget / GetMetricTargetMili: an External spec with the target in the field that the
// target type names (MetricSpec keeps one target_value for both Value and AverageValue).
MetricSpec ExternalMetricSpec(std::string metric_name, MetricTargetType type, Quantity target);

// GenerateMetricInMili at `now`.
MetricValue GenerateMetricInMili(std::string_view metric_name, double value, Time now);

}  // namespace tidepool::scalers
