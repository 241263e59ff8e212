// The cpu and memory scalers (kedacore/keda pkg/scalers/cpu_memory_scaler.go). They produce an
// HPA Resource metric (ContainerResource when containerName is set), which the controller
// evaluates from pod metrics through the HPA maths; GetMetricsAndActivity returns no metrics and
// active=true, as upstream.
//
// Parameters (triggerMetadata): value (required), containerName (optional); the removed `type`
// parameter is an error. The trigger's metricType must be Utilization (value is an int32
// percentage) or AverageValue (value is a quantity); anything else, including unset, is
// `unknown metric type: <t>, allowed values are 'Utilization' or 'AverageValue'`.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/quantity.h"
#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::scalers {

enum class ResourceKind { kCpu, kMemory };

struct CpuMemoryMetadata {
  std::string value;
  std::string container_name;
  MetricTargetType metric_type = MetricTargetType::kUtilization;
  std::optional<Quantity> average_value;
  std::optional<int32_t> average_utilization;
  int trigger_index = 0;
};

[[nodiscard]] Result<CpuMemoryMetadata> ParseResourceMetadata(const ScalerConfig& config);

// NewCPUMemoryScaler; errors read "error parsing cpu metadata: ...".
[[nodiscard]] Result<std::unique_ptr<Scaler>> NewCpuMemoryScaler(ResourceKind kind,
                                                                 const ScalerConfig& config);

}  // namespace tidepool::scalers
