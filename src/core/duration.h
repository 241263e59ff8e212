// Durations in Go's time.ParseDuration syntax, the syntax Kubernetes CRDs use: "90s", "1m30s",
// "168h0m0s", "1.5h", "300ms", "-1m". Units: ns, us (and µs), ms, s, m, h. Format() prints Go's
// time.Duration.String(): "1m30s", "168h0m0s", "500ms", "0s".
//
// Fields that allow it also take "Never" (karpenter.sh/v1 expireAfter, consolidateAfter); that is
// modelled by NillableDuration rather than by a magic Duration value.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
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

  // Prints ToString(); gtest uses this in failure messages.
  friend void PrintTo(Duration d, std::ostream* os);

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// A duration field that may be "Never" (Karpenter's NillableDuration). nullopt means Never.
struct NillableDuration {
  std::optional<Duration> value;  // nullopt == Never
  // The text Parse() read. Karpenter re-emits it verbatim ("720h" stays "720h", not "720h0m0s") so
  // that GitOps tools see no drift; ToString() does the same while it still matches `value`.
  // Not part of equality. (The initializer keeps `NillableDuration{d}` free of
  // -Wmissing-field-initializers.)
  std::string raw = {};

  bool never() const { return !value.has_value(); }
  // "Never", the parsed text, or Go's form of the duration.
  std::string ToString() const;
  [[nodiscard]] static Result<NillableDuration> Parse(std::string_view text);
  friend bool operator==(const NillableDuration& a, const NillableDuration& b) {
    return a.value == b.value;
  }
  friend void PrintTo(const NillableDuration& d, std::ostream* os);
};

}  // namespace tidepool
