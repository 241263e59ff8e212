// intstr.IntOrString: a field that holds either an integer or a string such as "25%"
// (PodDisruptionBudget minAvailable, rolling-update maxSurge).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace tidepool::api {

struct IntOrString {
  bool is_string = false;
  int64_t int_value = 0;
  std::string str_value;

  static IntOrString Int(int64_t v) { return {false, v, {}}; }
  static IntOrString String(std::string v) { return {true, 0, std::move(v)}; }
  std::string ToString() const { return is_string ? str_value : std::to_string(int_value); }

  // Upstream GetScaledValueFromIntOrPercent: an integer as is, "N%" as N% of total, rounded up or
  // down. Other strings are an error naming the value.
  [[nodiscard]] Result<int64_t> ScaledValue(int64_t total, bool round_up) const;

  friend bool operator==(const IntOrString&, const IntOrString&) = default;
};

}  // namespace tidepool::api
