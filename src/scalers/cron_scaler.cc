#include "scalers/cron_scaler.h"

#include <limits>

#include "core/clock.h"
#include "scalers/typed_config.h"
#include "scalers/tzdata_zone.h"

namespace tidepool::scalers {
namespace {

constexpr uint32_t kCronScalerOptions = kCronMinute | kCronHour | kCronDom | kCronMonth | kCronDow;

class CronScaler final : public Scaler {
 public:
  CronScaler(CronMetadata meta, MetricTargetType type, CronSchedule start, CronSchedule end,
             Result<std::shared_ptr<const TimeZone>> zone, const Clock& clock)
      : meta_(std::move(meta)),
        type_(type),
        start_(std::move(start)),
        end_(std::move(end)),
        zone_(std::move(zone)),
        clock_(clock) {}

  std::vector<MetricSpec> GetMetricSpecForScaling() override {
    std::string name = "cron-" + meta_.timezone + "-" + CronTimeFormat(meta_.start) + "-" +
                       CronTimeFormat(meta_.end);
    return {ExternalMetricSpec(MetricName(meta_.trigger_index, NormalizeString(name)), type_,
                               Quantity::FromInt(1))};
  }

  Result<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override {
    if (!zone_) {
      return Fail(ErrorCode::kInvalidArgument,
                  "unable to load timezone: " + zone_.error().message());
    }
    Time now = clock_.Now();
    int64_t now_s = now.unix_seconds();
    std::optional<int64_t> next_start = start_.Next(now_s, **zone_);
    std::optional<int64_t> next_end = end_.Next(now_s, **zone_);
    // Upstream's comparison, literally: a schedule without a next activation yields Go's zero
    // time, which sorts before every real instant.
    constexpr int64_t kZeroTime = std::numeric_limits<int64_t>::min();
    int64_t ns = next_start ? *next_start * 1'000'000'000 : kZeroTime;
    int64_t ne = next_end ? *next_end * 1'000'000'000 : kZeroTime;
    int64_t t = now.unix_nanos();
    bool within = ns < ne ? (t > ns && t < ne) : (t > ns || t < ne);
    double value = within ? static_cast<double>(meta_.desired_replicas) : 0;
    MetricsAndActivity out;
    out.metrics.push_back(GenerateMetricInMili(metric_name, value, now));
    out.active = within;
    return out;
  }

 private:
  CronMetadata meta_;
  MetricTargetType type_;
  CronSchedule start_;
  CronSchedule end_;
  Result<std::shared_ptr<const TimeZone>> zone_;
  const Clock& clock_;
};

}  // namespace

std::string CronTimeFormat(std::string_view spec) {
  std::string out;
  out.reserve(spec.size() * 2);
  for (char c : spec) {
    switch (c) {
      case ' ':
        break;
      case '*':
        out += 'x';
        break;
      case '/':
        out += "Sl";
        break;
      case '?':
        out += "Qm";
        break;
      case ',':
        out += "Cm";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<CronMetadata> ParseCronMetadata(const ScalerConfig& config) {
  ParamReader reader(config);
  CronMetadata meta;
  meta.trigger_index = config.trigger_index;
  meta.start = reader.String(Param("start")).value_or("");
  meta.end = reader.String(Param("end")).value_or("");
  meta.timezone = reader.String(Param("timezone")).value_or("");
  meta.desired_replicas = reader.Int64(Param("desiredReplicas")).value_or(0);
  // Validate() runs even when fields failed, so its errors join the others, as upstream.
  if (Result<CronSchedule> s = CronSchedule::Parse(meta.start, kCronScalerOptions); !s) {
    reader.AddError("error parsing start schedule: " + s.error().message());
  }
  if (Result<CronSchedule> s = CronSchedule::Parse(meta.end, kCronScalerOptions); !s) {
    reader.AddError("error parsing end schedule: " + s.error().message());
  }
  if (meta.start == meta.end) {
    reader.AddError("start and end can not have exactly same time input");
  }
  if (meta.desired_replicas == 0) reader.AddError("no desiredReplicas specified");
  if (Status st = reader.Finish(); !st) return Fail(st.error());
  return meta;
}

Result<std::unique_ptr<Scaler>> NewCronScaler(const ScalerConfig& config) {
  Result<MetricTargetType> type = GetMetricTargetType(config.metric_type);
  if (!type) return Fail(type.error().WithContext("error getting scaler metric type"));
  Result<CronMetadata> meta = ParseCronMetadata(config);
  if (!meta) return Fail(meta.error().WithContext("error parsing cron metadata"));
  if (config.use_cached_metrics) {
    return Fail(ErrorCode::kInvalidArgument,
                "property \"useCachedMetrics\" is not supported for \"cron\" scaler");
  }
  if (config.clock == nullptr) {
    return Fail(ErrorCode::kInternal, "cron scaler needs a clock");
  }
  Result<CronSchedule> start = CronSchedule::Parse(meta->start, kCronScalerOptions);
  Result<CronSchedule> end = CronSchedule::Parse(meta->end, kCronScalerOptions);
  if (!start || !end) return Fail(ErrorCode::kInternal, "cron schedule parsed once but not twice");
  Result<std::shared_ptr<const TimeZone>> zone = LoadTimeZone(meta->timezone);
  return std::make_unique<CronScaler>(std::move(*meta), *type, std::move(*start), std::move(*end),
                                      std::move(zone), *config.clock);
}

}  // namespace tidepool::scalers
