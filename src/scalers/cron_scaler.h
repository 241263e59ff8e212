// The cron scaler (kedacore/keda pkg/scalers/cron_scaler.go): desiredReplicas between `start`
// and `end`, 0 otherwise, evaluated in `timezone`.
//
// Parameters (triggerMetadata, all required): start, end (five-field cron: minute hour
// day-of-month month day-of-week, no descriptors), timezone (IANA name), desiredReplicas
// (non-zero integer). start == end is refused.
//
// Activity: the trigger is in its window when the next end comes no later than the next start
// (both strictly after now, in the zone); then the metric is desiredReplicas and active is true.
// Target: 1 (AverageValue unless metricType says Value), so the HPA wants desiredReplicas pods.
// Metric name: s<i>-cron-<timezone>-<start>-<end>, the cron texts with spaces dropped and
// `*`->x, `/`->Sl, `?`->Qm, `,`->Cm, then NormalizeString.
// An unknown timezone fails at query time ("unable to load timezone: unknown time zone X"), as
// upstream loads it on every query; the zone file is read once, when the scaler is built.
#pragma once

#include <memory>
#include <string>

#include "core/cron.h"
#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::scalers {

struct CronMetadata {
  std::string start;
  std::string end;
  std::string timezone;
  int64_t desired_replicas = 0;
  int trigger_index = 0;
};

// parseCronMetadata with its Validate rules; errors joined by newlines as upstream.
[[nodiscard]] Result<CronMetadata> ParseCronMetadata(const ScalerConfig& config);

// parseCronTimeFormat.
std::string CronTimeFormat(std::string_view spec);

// NewCronScaler. config.clock must be set.
[[nodiscard]] Result<std::unique_ptr<Scaler>> NewCronScaler(const ScalerConfig& config);

}  // namespace tidepool::scalers
