#include "scalers/scaler.h"

#include <cmath>
#include <cstdio>

namespace tidepool::scalers {

std::string MetricName(int trigger_index, std::string_view name) {
  std::string out = "s";
  out += std::to_string(trigger_index);
  out += '-';
  out += name;
  return out;
}

std::string NormalizeString(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '/' || c == '.' || c == ':' || c == '%' || c == '(' || c == ')') c = '-';
  }
  return out;
}

std::string QueryEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<MetricTargetType> GetMetricTargetType(std::string_view metric_type) {
  if (metric_type.empty() || metric_type == "AverageValue") return MetricTargetType::kAverageValue;
  if (metric_type == "Value") return MetricTargetType::kValue;
  if (metric_type == "Utilization") {
    return Fail(ErrorCode::kInvalidArgument,
                "'Utilization' metric type is unsupported for external metrics, allowed values are "
                "'Value' or 'AverageValue'");
  }
  // Upstream passes unknown types through and the HPA rejects them; refusing here is earlier.
  return Fail(ErrorCode::kInvalidArgument, "unknown metric type: " + std::string(metric_type) +
                                               ", allowed values are 'Value' or 'AverageValue'");
}

Quantity MilliQuantity(double value) {
  if (std::isnan(value) || std::isinf(value) || value < 0) return Quantity::FromInt(0);
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  if (Result<Quantity> q = Quantity::Parse(buf)) return *q;
  // Beyond the 38 significant digits a Quantity holds: keep the leading digits.
  std::snprintf(buf, sizeof buf, "%.17e", value);
  if (Result<Quantity> q = Quantity::Parse(buf)) return *q;
  return Quantity::FromInt(0);
}

MetricSpec ExternalMetricSpec(std::string metric_name, MetricTargetType type, Quantity target) {
  MetricSpec spec;
  spec.source = MetricSpec::Source::kExternal;
  spec.metric_name = std::move(metric_name);
  spec.target_type = type;
  spec.target_value = target;
  return spec;
}

MetricValue GenerateMetricInMili(std::string_view metric_name, double value, Time now) {
  return MetricValue{std::string(metric_name), MilliQuantity(value), now};
}

}  // namespace tidepool::scalers
