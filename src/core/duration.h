// Durations in Go's time.ParseDuration syntax, the syntax Kubernetes CRDs use: "90s", "1m30s",
// "168h0m0s", "1.5h", "300ms", "-1m". Units: ns, us (and µs), ms, s, m, h. Format() prints Go's
// time.Duration.String(): "1m30s", "168h0m0s", "500ms", "0s".
//
// Fields that allow it also take "Never" (karpenter.sh/v1 expireAfter, consolidateAfter); that is
// modelled by NillableDuration rather than by a magic Duration value.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tidepool {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Nanoseconds(int64_t n) { return Duration(n); }
  static constexpr Duration Milliseconds(int64_t n) { return Duration(n * 1'000'000); }
  static constexpr Duration Seconds(int64_t n) { return Duration(n * 1'000'000'000); }
  static constexpr Duration Minutes(int64_t n) { return Seconds(n * 60); }
  static constexpr Duration Hours(int64_t n) { return Seconds(n * 3600); }

  // Go's time.ParseDuration. Errors: `time: invalid duration "1x"`, `time: unknown unit "d" in
  // duration "1d"`, `time: missing unit in duration "1"` (a bare "0" is allowed).
  [[nodiscard]] static Result<Duration> Parse(std::string_view text);

  // Go's time.Duration.String().
  std::string ToString() const;

  constexpr int64_t nanoseconds() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }

  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr Duration operator+(Duration a, Duration b) { return Duration(a.ns_ + b.ns_); }
  friend constexpr Duration operator-(Duration a, Duration b) { return Duration(a.ns_ - b.ns_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// A duration field that may be "Never" (Karpenter's NillableDuration). nullopt means Never.
struct NillableDuration {
  std::optional<Duration> value;  // nullopt == Never

  bool never() const { return !value.has_value(); }
  // "Never" or the duration text.
  std::string ToString() const;
  [[nodiscard]] static Result<NillableDuration> Parse(std::string_view text);
  friend bool operator==(const NillableDuration&, const NillableDuration&) = default;
};

}  // namespace tidepool
