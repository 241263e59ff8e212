// Cron schedules with the syntax and semantics of github.com/robfig/cron/v3, the library behind
// Karpenter's disruption-budget schedules (and KEDA's cron scaler).
//
// Syntax (ParseStandard): five whitespace-separated fields, minute hour day-of-month month
// day-of-week. Each field is a comma-separated list of `*`, `?`, `N`, `N-M`, with an optional
// `/step`; `N/step` means `N-max/step`. Months and weekdays also take names (JAN..DEC, SUN..SAT,
// case-insensitive). When both day fields are restricted a day matches if either does; when one
// of them is `*` (or `?`) both must match. Descriptors: @yearly @annually @monthly @weekly @daily
// @midnight @hourly and `@every <duration>`. A `TZ=<zone> ` or `CRON_TZ=<zone> ` prefix names a
// time zone; the name is recorded (location()) and the caller resolves it, passing the zone to
// Next(). Errors carry robfig's messages, e.g. "expected exactly 5 fields, found 4: [* * * *]" or
// "beginning of range (2) beyond end of range (1): tue-mon".
//
// Times are seconds since the Unix epoch. Next() works on civil (wall-clock) time in the zone it
// is given, with Go's rules for wall times that a zone transition skips or repeats, so the same
// code serves UTC (Karpenter budgets) and zones with daylight-saving time (KEDA's cron scaler),
// given a TimeZone implementation. Nothing here reads the clock or the system's zone database.
//
// Thread-safety: schedules are immutable values; const methods are safe to call concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tidepool {

// A time zone as an offset function: seconds east of UTC in effect at an instant. Implementations
// with daylight-saving rules (from a tz database) plug in here.
class TimeZone {
 public:
  virtual ~TimeZone() = default;
  virtual int64_t UtcOffsetSeconds(int64_t unix_seconds) const = 0;
};

// UTC (offset 0 everywhere).
const TimeZone& UtcZone();

// A zone with a constant offset, like Go's time.FixedZone.
class FixedOffsetZone final : public TimeZone {
 public:
  explicit FixedOffsetZone(int64_t offset_seconds) : offset_(offset_seconds) {}
  int64_t UtcOffsetSeconds(int64_t) const override { return offset_; }

 private:
  int64_t offset_;
};

// Which fields a parser expects (robfig's ParseOption). Fields left out take robfig's defaults:
// second 0, minute 0, hour 0, day-of-month *, month *, day-of-week *.
enum CronParseOption : uint32_t {
  kCronSecond = 1u << 0,
  kCronSecondOptional = 1u << 1,
  kCronMinute = 1u << 2,
  kCronHour = 1u << 3,
  kCronDom = 1u << 4,
  kCronMonth = 1u << 5,
  kCronDow = 1u << 6,
  kCronDowOptional = 1u << 7,
  kCronDescriptor = 1u << 8,
};
// robfig's standard parser: minute hour dom month dow, plus descriptors.
inline constexpr uint32_t kCronStandardOptions =
    kCronMinute | kCronHour | kCronDom | kCronMonth | kCronDow | kCronDescriptor;

class CronSchedule {
 public:
  // Bit i of a field set means value i is allowed; kStarBit marks a field written as `*` or `?`
  // (without a step greater than one), which matters for the day-of-month/day-of-week rule.
  static constexpr uint64_t kStarBit = uint64_t{1} << 63;

  // robfig cron.ParseStandard.
  [[nodiscard]] static Result<CronSchedule> ParseStandard(std::string_view spec);
  // robfig Parser.Parse with the given options (a combination of CronParseOption).
  [[nodiscard]] static Result<CronSchedule> Parse(std::string_view spec, uint32_t options);

  // The first activation strictly after `after_unix_seconds`, evaluated in `zone`; nullopt when
  // the schedule has no activation within five years (e.g. "0 0 30 2 *"), where robfig returns
  // the zero time.
  std::optional<int64_t> Next(int64_t after_unix_seconds, const TimeZone& zone = UtcZone()) const;

  // The zone named by a TZ=/CRON_TZ= prefix, or empty.
  const std::string& location() const { return location_; }
  // For `@every` schedules: the delay in whole seconds; 0 for field schedules.
  int64_t every_seconds() const { return every_seconds_; }

  uint64_t second_bits() const { return second_; }
  uint64_t minute_bits() const { return minute_; }
  uint64_t hour_bits() const { return hour_; }
  uint64_t dom_bits() const { return dom_; }
  uint64_t month_bits() const { return month_; }
  uint64_t dow_bits() const { return dow_; }

  friend bool operator==(const CronSchedule&, const CronSchedule&) = default;

 private:
  friend class CronParser;
  CronSchedule() = default;

  uint64_t second_ = 0, minute_ = 0, hour_ = 0, dom_ = 0, month_ = 0, dow_ = 0;
  int64_t every_seconds_ = 0;
  std::string location_;
};

// Exposed for tests that port robfig's own: the bits of one range expression ("5-7/2", "*") or
// one comma-separated field within [min, max], with names (lower case) when given.
namespace cron_internal {
[[nodiscard]] Result<uint64_t> ParseRange(std::string_view expr, uint64_t min, uint64_t max,
                                          bool month_names = false, bool dow_names = false);
[[nodiscard]] Result<uint64_t> ParseField(std::string_view field, uint64_t min, uint64_t max,
                                          bool month_names = false, bool dow_names = false);
uint64_t Bits(uint64_t min, uint64_t max, uint64_t step);
}  // namespace cron_internal

}  // namespace tidepool
