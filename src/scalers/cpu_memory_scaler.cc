#include "scalers/cpu_memory_scaler.h"

#include "api/keda/go_strconv.h"
#include "scalers/typed_config.h"

namespace tidepool::scalers {
namespace {

class CpuMemoryScaler final : public Scaler {
 public:
  CpuMemoryScaler(ResourceKind kind, CpuMemoryMetadata meta)
      : kind_(kind), meta_(std::move(meta)) {}

  std::vector<MetricSpec> GetMetricSpecForScaling() override {
    MetricSpec spec;
    spec.source = MetricSpec::Source::kResource;
    spec.metric_name = kind_ == ResourceKind::kCpu ? "cpu" : "memory";
    spec.target_type = meta_.metric_type;
    if (meta_.average_value) spec.target_value = *meta_.average_value;
    spec.target_utilization = meta_.average_utilization;
    spec.container_name = meta_.container_name;
    return {spec};
  }

  Result<MetricsAndActivity> GetMetricsAndActivity(std::string_view) override {
    return MetricsAndActivity{{}, true};
  }

 private:
  ResourceKind kind_;
  CpuMemoryMetadata meta_;
};

}  // namespace

Result<CpuMemoryMetadata> ParseResourceMetadata(const ScalerConfig& config) {
  ParamReader reader(config);
  CpuMemoryMetadata meta;
  reader.String(Param("type")
                    .Optional()
                    .Enum("Utilization;AverageValue")
                    .Deprecated("The 'type' setting is DEPRECATED and is removed in v2.18 - Use "
                                "'metricType' instead."));
  meta.value = reader.String(Param("value")).value_or("");
  meta.container_name = reader.String(Param("containerName").Optional()).value_or("");
  if (Status st = reader.Finish(); !st) return Fail(st.error());
  meta.trigger_index = config.trigger_index;
  if (config.metric_type == "AverageValue") {
    meta.metric_type = MetricTargetType::kAverageValue;
    // Upstream uses resource.MustParse, which panics on a bad quantity; an error is kinder.
    Result<Quantity> q = Quantity::Parse(meta.value);
    if (!q) return Fail(q.error());
    meta.average_value = *q;
  } else if (config.metric_type == "Utilization") {
    meta.metric_type = MetricTargetType::kUtilization;
    Result<int32_t> n = api::keda::ParseGoInt32(meta.value);
    if (!n) return Fail(n.error());
    meta.average_utilization = *n;
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown metric type: " + config.metric_type +
                    ", allowed values are 'Utilization' or 'AverageValue'");
  }
  return meta;
}

Result<std::unique_ptr<Scaler>> NewCpuMemoryScaler(ResourceKind kind, const ScalerConfig& config) {
  Result<CpuMemoryMetadata> meta = ParseResourceMetadata(config);
  if (!meta) {
    return Fail(meta.error().WithContext(kind == ResourceKind::kCpu
                                             ? "error parsing cpu metadata"
                                             : "error parsing memory metadata"));
  }
  if (config.use_cached_metrics) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("property \"useCachedMetrics\" is not supported for \"") +
                    (kind == ResourceKind::kCpu ? "cpu" : "memory") + "\" scaler");
  }
  return std::make_unique<CpuMemoryScaler>(kind, std::move(*meta));
}

}  // namespace tidepool::scalers
