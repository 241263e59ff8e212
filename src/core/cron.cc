#include "core/cron.h"

#include <array>
#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/time.h"

namespace tidepool {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

struct Bounds {
  uint64_t min;
  uint64_t max;
  bool month_names;
  bool dow_names;
};
constexpr Bounds kSeconds{0, 59, false, false};
constexpr Bounds kMinutes{0, 59, false, false};
constexpr Bounds kHours{0, 23, false, false};
constexpr Bounds kDom{1, 31, false, false};
constexpr Bounds kMonths{1, 12, true, false};
constexpr Bounds kDow{0, 6, false, true};

constexpr std::array<std::string_view, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kDowNames = {"sun", "mon", "tue", "wed",
                                                       "thu", "fri", "sat"};

tl::unexpected<Error> CronError(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// strings.Fields: the non-empty runs between whitespace.
std::vector<std::string_view> SplitFields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// strings.Split: every piece, empty ones included.
std::vector<std::string_view> SplitAll(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Go's %s of a []string: "[a b c]".
std::string FormatList(const std::vector<std::string_view>& fields) {
  std::string out = "[";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ' ';
    out += fields[i];
  }
  return out + "]";
}

// robfig mustParseInt: strconv.Atoi, then a non-negativity check.
Result<uint64_t> ParseNumber(std::string_view expr) {
  std::string_view digits = expr;
  bool negative = false;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  const std::string quoted = "\"" + std::string(expr) + "\"";
  if (digits.empty()) {
    return CronError("failed to parse int from " + std::string(expr) + ": strconv.Atoi: parsing " +
                     quoted + ": invalid syntax");
  }
  uint64_t magnitude = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return CronError("failed to parse int from " + std::string(expr) +
                       ": strconv.Atoi: parsing " + quoted + ": invalid syntax");
    }
  }
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (ec != std::errc() || magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return CronError("failed to parse int from " + std::string(expr) + ": strconv.Atoi: parsing " +
                     quoted + ": value out of range");
  }
  if (negative && magnitude != 0) {
    return CronError("negative number (-" + std::to_string(magnitude) +
                     ") not allowed: " + std::string(expr));
  }
  return magnitude;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Result<uint64_t> ParseIntOrName(std::string_view expr, const Bounds& r) {
  const std::string lower = Lower(expr);
  if (r.month_names) {
    for (size_t i = 0; i < kMonthNames.size(); ++i) {
      if (lower == kMonthNames[i]) return uint64_t{i + 1};
    }
  }
  if (r.dow_names) {
    for (size_t i = 0; i < kDowNames.size(); ++i) {
      if (lower == kDowNames[i]) return uint64_t{i};
    }
  }
  return ParseNumber(expr);
}

Result<uint64_t> GetRange(std::string_view expr, const Bounds& r) {
  const std::vector<std::string_view> range_and_step = SplitAll(expr, '/');
  const std::vector<std::string_view> low_and_high = SplitAll(range_and_step[0], '-');
  const bool single_digit = low_and_high.size() == 1;
  uint64_t start = 0, end = 0, step = 1;
  uint64_t extra = 0;
  if (low_and_high[0] == "*" || low_and_high[0] == "?") {
    start = r.min;
    end = r.max;
    extra = CronSchedule::kStarBit;
  } else {
    Result<uint64_t> s = ParseIntOrName(low_and_high[0], r);
    if (!s) return Fail(s.error());
    start = *s;
    if (low_and_high.size() == 1) {
      end = start;
    } else if (low_and_high.size() == 2) {
      Result<uint64_t> e = ParseIntOrName(low_and_high[1], r);
      if (!e) return Fail(e.error());
      end = *e;
    } else {
      return CronError("too many hyphens: " + std::string(expr));
    }
  }
  if (range_and_step.size() == 2) {
    Result<uint64_t> s = ParseNumber(range_and_step[1]);
    if (!s) return Fail(s.error());
    step = *s;
    if (single_digit) end = r.max;  // "N/step" means "N-max/step".
    if (step > 1) extra = 0;
  } else if (range_and_step.size() > 2) {
    return CronError("too many slashes: " + std::string(expr));
  }
  const std::string e(expr);
  if (start < r.min) {
    return CronError("beginning of range (" + std::to_string(start) + ") below minimum (" +
                     std::to_string(r.min) + "): " + e);
  }
  if (end > r.max) {
    return CronError("end of range (" + std::to_string(end) + ") above maximum (" +
                     std::to_string(r.max) + "): " + e);
  }
  if (start > end) {
    return CronError("beginning of range (" + std::to_string(start) + ") beyond end of range (" +
                     std::to_string(end) + "): " + e);
  }
  if (step == 0) return CronError("step of range should be a positive number: " + e);
  return cron_internal::Bits(start, end, step) | extra;
}

Result<uint64_t> GetField(std::string_view field, const Bounds& r) {
  uint64_t bits = 0;
  for (std::string_view expr : SplitAll(field, ',')) {
    if (expr.empty()) continue;  // strings.FieldsFunc drops empty pieces
    Result<uint64_t> b = GetRange(expr, r);
    if (!b) return b;
    bits |= *b;
  }
  return bits;
}

uint64_t All(const Bounds& r) {
  return cron_internal::Bits(r.min, r.max, 1) | CronSchedule::kStarBit;
}

// A wall-clock reading of an instant in a zone, and Go's time.Date for building instants from
// wall-clock fields (normalising out-of-range months and days, and resolving wall times that a
// zone transition skips or repeats the way Go does).
struct Zoned {
  int64_t unix;
  CivilTime civil;
  int weekday;
};

Zoned InZone(int64_t unix, const TimeZone& zone) {
  const int64_t local = unix + zone.UtcOffsetSeconds(unix);
  int64_t days = local / kSecondsPerDay;
  if (local % kSecondsPerDay < 0) --days;
  return Zoned{unix, CivilFromUnixSeconds(local), Weekday(days)};
}

Zoned DateIn(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute, int64_t second,
             const TimeZone& zone) {
  int64_t m0 = month - 1;
  const int64_t carry = m0 >= 0 ? m0 / 12 : -((11 - m0) / 12);
  year += carry;
  m0 -= carry * 12;
  const int64_t days = DaysFromCivil(year, static_cast<int>(m0 + 1), 1) + (day - 1);
  const int64_t local = days * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  const int64_t offset = zone.UtcOffsetSeconds(local);
  int64_t unix = local - offset;
  const int64_t actual = zone.UtcOffsetSeconds(unix);
  if (actual != offset) unix = local - actual;
  return InZone(unix, zone);
}

bool Has(uint64_t bits, int64_t value) { return (bits >> value) & 1; }

// robfig dayMatches: with a `*` in either day field both must match, otherwise either may.
bool DayMatches(uint64_t dom, uint64_t dow, const Zoned& t) {
  const bool dom_match = Has(dom, t.civil.day);
  const bool dow_match = Has(dow, t.weekday);
  if ((dom & CronSchedule::kStarBit) || (dow & CronSchedule::kStarBit)) {
    return dom_match && dow_match;
  }
  return dom_match || dow_match;
}

}  // namespace

namespace cron_internal {

uint64_t Bits(uint64_t min, uint64_t max, uint64_t step) {
  uint64_t bits = 0;
  for (uint64_t i = min; i <= max; i += step) bits |= uint64_t{1} << i;
  return bits;
}

Result<uint64_t> ParseRange(std::string_view expr, uint64_t min, uint64_t max, bool month_names,
                            bool dow_names) {
  return GetRange(expr, Bounds{min, max, month_names, dow_names});
}

Result<uint64_t> ParseField(std::string_view field, uint64_t min, uint64_t max, bool month_names,
                            bool dow_names) {
  return GetField(field, Bounds{min, max, month_names, dow_names});
}

}  // namespace cron_internal

const TimeZone& UtcZone() {
  static const FixedOffsetZone* utc = new FixedOffsetZone(0);
  return *utc;
}

class CronParser {
 public:
  static Result<CronSchedule> Parse(std::string_view spec, uint32_t options) {
    if (spec.empty()) return CronError("empty spec string");
    CronSchedule schedule;
    if (spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=")) {
      const size_t space = spec.find(' ');
      const size_t eq = spec.find('=');
      if (space == std::string_view::npos) {
        return CronError("provided bad location " + std::string(spec.substr(eq + 1)) +
                         ": no schedule follows the time zone");
      }
      schedule.location_ = std::string(spec.substr(eq + 1, space - eq - 1));
      spec = TrimSpace(spec.substr(space));
    }
    if (spec.starts_with("@")) {
      if ((options & kCronDescriptor) == 0) {
        return CronError("parser does not accept descriptors: " + std::string(spec));
      }
      return ParseDescriptor(spec, std::move(schedule));
    }
    Result<std::vector<std::string_view>> fields = NormalizeFields(SplitFields(spec), options);
    if (!fields) return Fail(fields.error());
    const std::array<const Bounds*, 6> bounds = {&kSeconds, &kMinutes, &kHours,
                                                 &kDom,     &kMonths,  &kDow};
    const std::array<uint64_t*, 6> out = {&schedule.second_, &schedule.minute_, &schedule.hour_,
                                          &schedule.dom_,    &schedule.month_,  &schedule.dow_};
    for (size_t i = 0; i < 6; ++i) {
      Result<uint64_t> bits = GetField((*fields)[i], *bounds[i]);
      if (!bits) return Fail(bits.error());
      *out[i] = *bits;
    }
    return schedule;
  }

 private:
  // robfig normalizeFields: checks the field count and fills in the fields not configured.
  static Result<std::vector<std::string_view>> NormalizeFields(std::vector<std::string_view> fields,
                                                               uint32_t options) {
    int optionals = 0;
    if (options & kCronSecondOptional) {
      options |= kCronSecond;
      ++optionals;
    }
    if (options & kCronDowOptional) {
      options |= kCronDow;
      ++optionals;
    }
    if (optionals > 1) return CronError("multiple optionals may not be configured");
    static constexpr std::array<uint32_t, 6> kPlaces = {kCronSecond, kCronMinute, kCronHour,
                                                        kCronDom,    kCronMonth,  kCronDow};
    static constexpr std::array<std::string_view, 6> kDefaults = {"0", "0", "0", "*", "*", "*"};
    size_t max = 0;
    for (uint32_t place : kPlaces) {
      if (options & place) ++max;
    }
    const size_t min = max - static_cast<size_t>(optionals);
    const size_t count = fields.size();
    if (count < min || count > max) {
      if (min == max) {
        return CronError("expected exactly " + std::to_string(min) + " fields, found " +
                         std::to_string(count) + ": " + FormatList(fields));
      }
      return CronError("expected " + std::to_string(min) + " to " + std::to_string(max) +
                       " fields, found " + std::to_string(count) + ": " + FormatList(fields));
    }
    if (min < max && count == min) {
      if (options & kCronDowOptional) {
        fields.push_back(kDefaults[5]);
      } else {
        fields.insert(fields.begin(), kDefaults[0]);
      }
    }
    std::vector<std::string_view> expanded(kDefaults.begin(), kDefaults.end());
    size_t n = 0;
    for (size_t i = 0; i < kPlaces.size(); ++i) {
      if (options & kPlaces[i]) expanded[i] = fields[n++];
    }
    return expanded;
  }

  static Result<CronSchedule> ParseDescriptor(std::string_view descriptor, CronSchedule s) {
    auto first = [](const Bounds& b) { return uint64_t{1} << b.min; };
    s.second_ = first(kSeconds);
    s.minute_ = first(kMinutes);
    if (descriptor == "@yearly" || descriptor == "@annually") {
      s.hour_ = first(kHours), s.dom_ = first(kDom), s.month_ = first(kMonths), s.dow_ = All(kDow);
    } else if (descriptor == "@monthly") {
      s.hour_ = first(kHours), s.dom_ = first(kDom), s.month_ = All(kMonths), s.dow_ = All(kDow);
    } else if (descriptor == "@weekly") {
      s.hour_ = first(kHours), s.dom_ = All(kDom), s.month_ = All(kMonths), s.dow_ = first(kDow);
    } else if (descriptor == "@daily" || descriptor == "@midnight") {
      s.hour_ = first(kHours), s.dom_ = All(kDom), s.month_ = All(kMonths), s.dow_ = All(kDow);
    } else if (descriptor == "@hourly") {
      s.hour_ = All(kHours), s.dom_ = All(kDom), s.month_ = All(kMonths), s.dow_ = All(kDow);
    } else if (descriptor.starts_with("@every ")) {
      Result<Duration> d = Duration::Parse(descriptor.substr(7));
      if (!d) {
        return CronError("failed to parse duration " + std::string(descriptor) + ": " +
                         d.error().message());
      }
      // robfig Every(): at least a second, truncated to whole seconds.
      const int64_t seconds = d->nanoseconds() / 1'000'000'000;
      s = CronSchedule();
      s.every_seconds_ = seconds < 1 ? 1 : seconds;
    } else {
      return CronError("unrecognized descriptor: " + std::string(descriptor));
    }
    return s;
  }
};

Result<CronSchedule> CronSchedule::ParseStandard(std::string_view spec) {
  return CronParser::Parse(spec, kCronStandardOptions);
}

Result<CronSchedule> CronSchedule::Parse(std::string_view spec, uint32_t options) {
  return CronParser::Parse(spec, options);
}

// robfig SpecSchedule.Next, step for step: find the first matching month, then day, hour, minute
// and second; each time a field has to advance, the smaller fields reset and a wrap-around starts
// over from the month. Days advance in wall-clock time (AddDate), hours, minutes and seconds in
// absolute time (Add), which is what makes skipped and repeated wall times behave as in Go.
std::optional<int64_t> CronSchedule::Next(int64_t after, const TimeZone& zone) const {
  if (every_seconds_ > 0) return after + every_seconds_;

  Zoned t = InZone(after + 1, zone);
  bool added = false;
  const int64_t year_limit = t.civil.year + 5;

  for (;;) {  // WRAP
    if (t.civil.year > year_limit) return std::nullopt;

    bool wrapped = false;
    while (!Has(month_, t.civil.month)) {
      if (!added) {
        added = true;
        t = DateIn(t.civil.year, t.civil.month, 1, 0, 0, 0, zone);
      }
      t = DateIn(t.civil.year, t.civil.month + 1, t.civil.day, t.civil.hour, t.civil.minute,
                 t.civil.second, zone);
      if (t.civil.month == 1) {
        wrapped = true;
        break;
      }
    }
    if (wrapped) continue;

    while (!DayMatches(dom_, dow_, t)) {
      if (!added) {
        added = true;
        t = DateIn(t.civil.year, t.civil.month, t.civil.day, 0, 0, 0, zone);
      }
      t = DateIn(t.civil.year, t.civil.month, t.civil.day + 1, t.civil.hour, t.civil.minute,
                 t.civil.second, zone);
      // Midnight may not exist on a transition day; step back onto the intended day.
      if (t.civil.hour != 0) {
        const int64_t shift = t.civil.hour > 12 ? 24 - t.civil.hour : -t.civil.hour;
        t = InZone(t.unix + shift * 3600, zone);
      }
      if (t.civil.day == 1) {
        wrapped = true;
        break;
      }
    }
    if (wrapped) continue;

    while (!Has(hour_, t.civil.hour)) {
      if (!added) {
        added = true;
        t = DateIn(t.civil.year, t.civil.month, t.civil.day, t.civil.hour, 0, 0, zone);
      }
      t = InZone(t.unix + 3600, zone);
      if (t.civil.hour == 0) {
        wrapped = true;
        break;
      }
    }
    if (wrapped) continue;

    while (!Has(minute_, t.civil.minute)) {
      if (!added) {
        added = true;
        t = InZone(t.unix - (((t.unix % 60) + 60) % 60), zone);
      }
      t = InZone(t.unix + 60, zone);
      if (t.civil.minute == 0) {
        wrapped = true;
        break;
      }
    }
    if (wrapped) continue;

    while (!Has(second_, t.civil.second)) {
      if (!added) added = true;
      t = InZone(t.unix + 1, zone);
      if (t.civil.second == 0) {
        wrapped = true;
        break;
      }
    }
    if (wrapped) continue;

    return t.unix;
  }
}

}  // namespace tidepool
