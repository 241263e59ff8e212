// A point in time: nanoseconds since the Unix epoch, UTC. Every component gets time from a Clock
// (core/clock.h); Time itself never reads the wall clock.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/duration.h"
#include "core/status.h"

namespace tidepool {

class Time {
 public:
  constexpr Time() = default;
  static constexpr Time FromUnixNanos(int64_t ns) { return Time(ns); }
  static constexpr Time FromUnixSeconds(int64_t s) { return Time(s * 1'000'000'000); }

  constexpr int64_t unix_nanos() const { return ns_; }
  constexpr int64_t unix_seconds() const {
    return ns_ >= 0 ? ns_ / 1'000'000'000 : -((-ns_ + 999'999'999) / 1'000'000'000);
  }

  // RFC 3339 in UTC as Kubernetes writes metav1.Time: "2026-11-28T04:07:17Z" (seconds precision;
  // RFC3339Nano form when `nanos` is true).
  std::string ToRfc3339(bool nanos = false) const;
  // Accepts "2026-11-28T04:07:17Z", fractional seconds and numeric offsets ("+02:00").
  [[nodiscard]] static Result<Time> ParseRfc3339(std::string_view text);

  friend constexpr auto operator<=>(Time, Time) = default;
  friend constexpr Time operator+(Time t, Duration d) { return Time(t.ns_ + d.nanoseconds()); }
  friend constexpr Time operator-(Time t, Duration d) { return Time(t.ns_ - d.nanoseconds()); }
  friend constexpr Duration operator-(Time a, Time b) {
    return Duration::Nanoseconds(a.ns_ - b.ns_);
  }
  Time& operator+=(Duration d) {
    ns_ += d.nanoseconds();
    return *this;
  }

 private:
  constexpr explicit Time(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// Civil-date helpers (proleptic Gregorian, UTC), shared by Time and cron schedules.
struct CivilTime {
  int64_t year;
  int month;   // 1..12
  int day;     // 1..31
  int hour;    // 0..23
  int minute;  // 0..59
  int second;  // 0..59
  friend bool operator==(const CivilTime&, const CivilTime&) = default;
};
int64_t DaysFromCivil(int64_t year, int month, int day);
CivilTime CivilFromUnixSeconds(int64_t seconds);
int64_t UnixSecondsFromCivil(const CivilTime& civil);
// 0 = Sunday.
int Weekday(int64_t days_since_epoch);

}  // namespace tidepool
