// Names of the keda.sh API group: its version, its kinds, and the metric target types KEDA's
// fields take.
#pragma once

#include <string_view>

namespace tidepool::api::keda {

inline constexpr std::string_view kGroup = "keda.sh";
inline constexpr std::string_view kApiVersion = "keda.sh/v1alpha1";
inline constexpr std::string_view kKindScaledObject = "ScaledObject";
inline constexpr std::string_view kKindScaledJob = "ScaledJob";
inline constexpr std::string_view kKindTriggerAuthentication = "TriggerAuthentication";
inline constexpr std::string_view kKindClusterTriggerAuthentication =
    "ClusterTriggerAuthentication";

// autoscaling/v2 MetricTargetType values.
inline constexpr std::string_view kMetricTypeAverageValue = "AverageValue";
inline constexpr std::string_view kMetricTypeValue = "Value";
inline constexpr std::string_view kMetricTypeUtilization = "Utilization";

}  // namespace tidepool::api::keda
