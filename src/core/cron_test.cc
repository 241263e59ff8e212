#include "core/cron.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/time.h"

namespace tidepool {
namespace {

using cron_internal::Bits;
using cron_internal::ParseField;
using cron_internal::ParseRange;

constexpr uint64_t kStar = CronSchedule::kStarBit;
constexpr uint32_t kSecondParser = kCronSecond | kCronMinute | kCronHour | kCronDom | kCronMonth |
                                   kCronDowOptional | kCronDescriptor;

// America/New_York under the US rules in force since 2007: EDT (-4) from the second Sunday of
// March 02:00 EST to the first Sunday of November 02:00 EDT, EST (-5) otherwise. Enough of a tz
// database to port robfig's daylight-saving cases.
class NewYorkZone final : public TimeZone {
 public:
  int64_t UtcOffsetSeconds(int64_t unix) const override {
    const int64_t year = CivilFromUnixSeconds(unix).year;
    const int64_t start = SundayOnOrAfter(year, 3, 8) * 86400 + 7 * 3600;  // 02:00 EST
    const int64_t end = SundayOnOrAfter(year, 11, 1) * 86400 + 6 * 3600;   // 02:00 EDT
    return unix >= start && unix < end ? -4 * 3600 : -5 * 3600;
  }

 private:
  static int64_t SundayOnOrAfter(int64_t year, int month, int day) {
    const int64_t days = DaysFromCivil(year, month, day);
    return days + (7 - Weekday(days)) % 7;
  }
};

// America/Sao_Paulo in 2017-2019: BRST (-2) from 2017-10-15 to 2018-02-18 and from 2018-11-04
// to 2019-02-17, each transition at local midnight; BRT (-3) otherwise.
class SaoPauloZone final : public TimeZone {
 public:
  int64_t UtcOffsetSeconds(int64_t unix) const override {
    auto at = [](int64_t y, int m, int d, int h) {
      return DaysFromCivil(y, m, d) * 86400 + h * 3600;
    };
    const bool dst = (unix >= at(2017, 10, 15, 3) && unix < at(2018, 2, 18, 2)) ||
                     (unix >= at(2018, 11, 4, 3) && unix < at(2019, 2, 17, 2));
    return dst ? -2 * 3600 : -3 * 3600;
  }
};

// Parses robfig's test times: "Mon Jul 9 15:04 2012" or "... 15:04:05 2012" as wall time in UTC
// (robfig uses time.Local; any fixed zone gives the same answers), or "2012-03-11T00:00:00-0500".
int64_t T(const std::string& value) {
  int y, mo, d, h, mi, s = 0, oh, om;
  char sign;
  if (std::sscanf(value.c_str(), "%d-%d-%dT%d:%d:%d%c%2d%2d", &y, &mo, &d, &h, &mi, &s, &sign, &oh,
                  &om) == 9) {
    const int64_t offset = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    return UnixSecondsFromCivil(CivilTime{y, mo, d, h, mi, s}) - offset;
  }
  char weekday[4], month[4];
  const int n =
      std::sscanf(value.c_str(), "%3s %3s %d %d:%d:%d %d", weekday, month, &d, &h, &mi, &s, &y);
  if (n != 7) {
    s = 0;
    EXPECT_EQ(std::sscanf(value.c_str(), "%3s %3s %d %d:%d %d", weekday, month, &d, &h, &mi, &y), 6)
        << value;
  }
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  mo = 0;
  for (int i = 0; i < 12; ++i) {
    if (std::string(month) == kMonths[i]) mo = i + 1;
  }
  EXPECT_NE(mo, 0) << value;
  return UnixSecondsFromCivil(CivilTime{y, mo, d, h, mi, s});
}

CronSchedule MustParse(std::string_view spec, uint32_t options = kCronStandardOptions) {
  Result<CronSchedule> s = CronSchedule::Parse(spec, options);
  EXPECT_TRUE(s) << spec << ": " << (s ? "" : s.error().message());
  return s ? *s : *CronSchedule::ParseStandard("@daily");
}

// Ported from robfig/cron parser_test.go TestRange.
TEST(CronTest, RobfigRange) {
  struct Case {
    const char* expr;
    unsigned min, max;
    uint64_t expected;
    const char* err;
  };
  const Case cases[] = {
      {"5", 0, 7, 1 << 5, ""},
      {"0", 0, 7, 1 << 0, ""},
      {"7", 0, 7, 1 << 7, ""},
      {"5-5", 0, 7, 1 << 5, ""},
      {"5-6", 0, 7, 1 << 5 | 1 << 6, ""},
      {"5-7", 0, 7, 1 << 5 | 1 << 6 | 1 << 7, ""},
      {"5-6/2", 0, 7, 1 << 5, ""},
      {"5-7/2", 0, 7, 1 << 5 | 1 << 7, ""},
      {"5-7/1", 0, 7, 1 << 5 | 1 << 6 | 1 << 7, ""},
      {"*", 1, 3, 1 << 1 | 1 << 2 | 1 << 3 | kStar, ""},
      {"*/2", 1, 3, 1 << 1 | 1 << 3, ""},
      {"5--5", 0, 0, 0, "too many hyphens"},
      {"jan-x", 0, 0, 0, "failed to parse int from"},
      {"2-x", 1, 5, 0, "failed to parse int from"},
      {"*/-12", 0, 0, 0, "negative number"},
      {"*//2", 0, 0, 0, "too many slashes"},
      {"1", 3, 5, 0, "below minimum"},
      {"6", 3, 5, 0, "above maximum"},
      {"5-3", 3, 5, 0, "beyond end of range"},
      {"*/0", 0, 0, 0, "should be a positive number"},
  };
  for (const Case& c : cases) {
    Result<uint64_t> got = ParseRange(c.expr, c.min, c.max);
    if (std::string(c.err).empty()) {
      ASSERT_TRUE(got) << c.expr << ": " << got.error().message();
      EXPECT_EQ(*got, c.expected) << c.expr;
    } else {
      ASSERT_FALSE(got) << c.expr;
      EXPECT_NE(got.error().message().find(c.err), std::string::npos) << got.error().message();
    }
  }
}

// Ported from robfig/cron parser_test.go TestField.
TEST(CronTest, RobfigField) {
  EXPECT_EQ(*ParseField("5", 1, 7), uint64_t{1} << 5);
  EXPECT_EQ(*ParseField("5,6", 1, 7), uint64_t{1 << 5 | 1 << 6});
  EXPECT_EQ(*ParseField("5,6,7", 1, 7), uint64_t{1 << 5 | 1 << 6 | 1 << 7});
  EXPECT_EQ(*ParseField("1,5-7/2,3", 1, 7), uint64_t{1 << 1 | 1 << 5 | 1 << 7 | 1 << 3});
}

// Ported from robfig/cron parser_test.go TestAll and TestBits.
TEST(CronTest, RobfigAllAndBits) {
  const CronSchedule hourly = MustParse("@hourly");
  EXPECT_EQ(hourly.hour_bits(), 0xffffffu | kStar);                // 0-23
  EXPECT_EQ(hourly.dom_bits(), 0xfffffffeu | kStar);               // 1-31
  EXPECT_EQ(hourly.month_bits(), 0x1ffeu | kStar);                 // 1-12
  EXPECT_EQ(hourly.dow_bits(), 0x7fu | kStar);                     // 0-6
  EXPECT_EQ(*ParseField("*", 0, 59), 0xfffffffffffffffu | kStar);  // 0-59
  EXPECT_EQ(Bits(0, 0, 1), 0x1u);
  EXPECT_EQ(Bits(1, 1, 1), 0x2u);
  EXPECT_EQ(Bits(1, 5, 2), 0x2au);
  EXPECT_EQ(Bits(1, 4, 2), 0xau);
}

// Ported from robfig/cron parser_test.go TestParseScheduleErrors, TestErrors and
// TestSlash0NoHang.
TEST(CronTest, RobfigParseScheduleErrors) {
  const std::pair<const char*, const char*> second_parser_cases[] = {
      {"* 5 j * * *", "failed to parse int from"},
      {"@every Xm", "failed to parse duration"},
      {"@unrecognized", "unrecognized descriptor"},
      {"* * * *", "expected 5 to 6 fields"},
      {"", "empty spec string"},
  };
  for (const auto& [expr, err] : second_parser_cases) {
    Result<CronSchedule> s = CronSchedule::Parse(expr, kSecondParser);
    ASSERT_FALSE(s) << expr;
    EXPECT_NE(s.error().message().find(err), std::string::npos) << s.error().message();
  }
  for (const char* spec : {"xyz", "60 0 * * *", "0 60 * * *", "0 0 * * XYZ"}) {
    EXPECT_FALSE(CronSchedule::ParseStandard(spec)) << spec;
  }
  EXPECT_FALSE(CronSchedule::ParseStandard("TZ=America/New_York 15/0 * * * *"));
}

// Ported from robfig/cron parser_test.go TestParseSchedule and TestStandardSpecSchedule.
TEST(CronTest, RobfigParseSchedule) {
  const uint64_t all_hours = 0xffffffu | kStar, all_dom = 0xfffffffeu | kStar,
                 all_months = 0x1ffeu | kStar, all_dow = 0x7fu | kStar;
  for (auto [spec, options] : std::vector<std::pair<const char*, uint32_t>>{
           {"0 5 * * * *", kSecondParser},
           {"5 * * * *", kCronStandardOptions},
           {"CRON_TZ=UTC  0 5 * * * *", kSecondParser},
           {"CRON_TZ=UTC  5 * * * *", kCronStandardOptions},
           {"CRON_TZ=Asia/Tokyo 0 5 * * * *", kSecondParser}}) {
    const CronSchedule s = MustParse(spec, options);
    EXPECT_EQ(s.second_bits(), 1u) << spec;
    EXPECT_EQ(s.minute_bits(), 1u << 5) << spec;
    EXPECT_EQ(s.hour_bits(), all_hours) << spec;
    EXPECT_EQ(s.dom_bits(), all_dom) << spec;
    EXPECT_EQ(s.month_bits(), all_months) << spec;
    EXPECT_EQ(s.dow_bits(), all_dow) << spec;
  }
  EXPECT_EQ(MustParse("CRON_TZ=Asia/Tokyo 0 5 * * * *", kSecondParser).location(), "Asia/Tokyo");
  EXPECT_EQ(MustParse("CRON_TZ=UTC  5 * * * *").location(), "UTC");
  EXPECT_EQ(MustParse("5 * * * *").location(), "");
  EXPECT_EQ(MustParse("@every 5m", kSecondParser).every_seconds(), 300);
  EXPECT_EQ(MustParse("@every 5m").every_seconds(), 300);

  const CronSchedule midnight = MustParse("@midnight", kSecondParser);
  const CronSchedule utc_midnight = MustParse("TZ=UTC  @midnight", kSecondParser);
  EXPECT_EQ(utc_midnight.location(), "UTC");
  EXPECT_EQ(utc_midnight.hour_bits(), midnight.hour_bits());
  EXPECT_EQ(utc_midnight.dom_bits(), midnight.dom_bits());
  EXPECT_EQ(MustParse("TZ=Asia/Tokyo @midnight", kSecondParser).location(), "Asia/Tokyo");
  EXPECT_EQ(midnight.second_bits(), 1u);
  EXPECT_EQ(midnight.minute_bits(), 1u);
  EXPECT_EQ(midnight.hour_bits(), 1u);
  EXPECT_EQ(midnight.dom_bits(), all_dom);

  const CronSchedule annual = MustParse("@yearly", kSecondParser);
  EXPECT_EQ(annual, MustParse("@annually", kSecondParser));
  EXPECT_EQ(annual.dom_bits(), 1u << 1);
  EXPECT_EQ(annual.month_bits(), 1u << 1);
  EXPECT_EQ(annual.dow_bits(), all_dow);

  const CronSchedule every_second_of_minute_5 = MustParse("* 5 * * * *", kSecondParser);
  EXPECT_EQ(every_second_of_minute_5.second_bits(), 0xfffffffffffffffu | kStar);
  EXPECT_EQ(every_second_of_minute_5.minute_bits(), 1u << 5);

  Result<CronSchedule> bad = CronSchedule::ParseStandard("5 j * * *");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("failed to parse int from"), std::string::npos);
  bad = CronSchedule::ParseStandard("* * * *");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "expected exactly 5 fields, found 4: [* * * *]");
}

// Ported from robfig/cron parser_test.go TestOptionalSecondSchedule, TestNormalizeFields and
// TestNormalizeFields_Errors (through Parse, which is what normalizeFields serves).
TEST(CronTest, RobfigOptionalAndSubsetFields) {
  const uint32_t optional_second = kCronSecondOptional | kCronMinute | kCronHour | kCronDom |
                                   kCronMonth | kCronDow | kCronDescriptor;
  EXPECT_EQ(MustParse("0 5 * * * *", optional_second), MustParse("5 * * * *", optional_second));
  const CronSchedule five_past_5s = MustParse("5 5 * * * *", optional_second);
  EXPECT_EQ(five_past_5s.second_bits(), 1u << 5);
  EXPECT_EQ(five_past_5s.minute_bits(), 1u << 5);

  // Subsets: the fields not configured take the defaults "0 0 ... * * *".
  const CronSchedule subset = MustParse("5 15 *", kCronHour | kCronDom | kCronMonth);
  EXPECT_EQ(subset.second_bits(), 1u);
  EXPECT_EQ(subset.minute_bits(), 1u);
  EXPECT_EQ(subset.hour_bits(), 1u << 5);
  EXPECT_EQ(subset.dom_bits(), 1u << 15);
  EXPECT_EQ(subset.dow_bits(), 0x7fu | kStar);
  const CronSchedule dow_given =
      MustParse("5 15 * 4", kCronHour | kCronDom | kCronMonth | kCronDowOptional);
  EXPECT_EQ(dow_given.dow_bits(), 1u << 4);
  EXPECT_EQ(MustParse("5 15 *", kCronHour | kCronDom | kCronMonth | kCronDowOptional), subset);
  EXPECT_EQ(MustParse("5 15 *", kCronSecondOptional | kCronHour | kCronDom | kCronMonth), subset);

  EXPECT_FALSE(CronSchedule::Parse("0 5 * * * *", kCronSecondOptional | kCronMinute | kCronHour |
                                                      kCronDom | kCronMonth | kCronDowOptional));
  const uint32_t second_minute_hour = kCronSecondOptional | kCronMinute | kCronHour;
  EXPECT_FALSE(CronSchedule::Parse("0 5 * *", second_minute_hour));  // too many
  EXPECT_FALSE(CronSchedule::Parse(" ", second_minute_hour));        // none
  EXPECT_FALSE(CronSchedule::Parse("*", second_minute_hour));        // too few
  // Ported from TestNoDescriptorParser.
  Result<CronSchedule> s = CronSchedule::Parse("@every 1m", kCronMinute | kCronHour);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message(), "parser does not accept descriptors: @every 1m");
}

// Ported from robfig/cron spec_test.go TestActivation: a schedule is active at t when
// Next(t - 1s) == t.
TEST(CronTest, RobfigActivation) {
  struct Case {
    const char* time;
    const char* spec;
    bool expected;
  };
  const Case cases[] = {
      // Every fifteen minutes.
      {"Mon Jul 9 15:00 2012", "0/15 * * * *", true},
      {"Mon Jul 9 15:45 2012", "0/15 * * * *", true},
      {"Mon Jul 9 15:40 2012", "0/15 * * * *", false},
      // Every fifteen minutes, starting at 5 minutes.
      {"Mon Jul 9 15:05 2012", "5/15 * * * *", true},
      {"Mon Jul 9 15:20 2012", "5/15 * * * *", true},
      {"Mon Jul 9 15:50 2012", "5/15 * * * *", true},
      // Named months.
      {"Sun Jul 15 15:00 2012", "0/15 * * Jul *", true},
      {"Sun Jul 15 15:00 2012", "0/15 * * Jun *", false},
      // Everything set.
      {"Sun Jul 15 08:30 2012", "30 08 ? Jul Sun", true},
      {"Sun Jul 15 08:30 2012", "30 08 15 Jul ?", true},
      {"Mon Jul 16 08:30 2012", "30 08 ? Jul Sun", false},
      {"Mon Jul 16 08:30 2012", "30 08 15 Jul ?", false},
      // Predefined schedules.
      {"Mon Jul 9 15:00 2012", "@hourly", true},
      {"Mon Jul 9 15:04 2012", "@hourly", false},
      {"Mon Jul 9 15:00 2012", "@daily", false},
      {"Mon Jul 9 00:00 2012", "@daily", true},
      {"Mon Jul 9 00:00 2012", "@weekly", false},
      {"Sun Jul 8 00:00 2012", "@weekly", true},
      {"Sun Jul 8 01:00 2012", "@weekly", false},
      {"Sun Jul 8 00:00 2012", "@monthly", false},
      {"Sun Jul 1 00:00 2012", "@monthly", true},
      // If both day fields are restricted, only one needs to match.
      {"Sun Jul 15 00:00 2012", "* * 1,15 * Sun", true},
      {"Fri Jun 15 00:00 2012", "* * 1,15 * Sun", true},
      {"Wed Aug 1 00:00 2012", "* * 1,15 * Sun", true},
      {"Sun Jul 15 00:00 2012", "* * */10 * Sun", true},  // robfig #70
      // If one has a star, both need to match.
      {"Sun Jul 15 00:00 2012", "* * * * Mon", false},
      {"Mon Jul 9 00:00 2012", "* * 1,15 * *", false},
      {"Sun Jul 15 00:00 2012", "* * 1,15 * *", true},
      {"Sun Jul 15 00:00 2012", "* * */2 * Sun", true},
  };
  for (const Case& c : cases) {
    const CronSchedule s = MustParse(c.spec);
    const int64_t t = T(c.time);
    EXPECT_EQ(s.Next(t - 1) == t, c.expected) << c.spec << " at " << c.time;
  }
}

// Ported from robfig/cron spec_test.go TestNext (all cases, the daylight-saving ones against the
// NewYorkZone and SaoPauloZone fakes above).
TEST(CronTest, RobfigNext) {
  const NewYorkZone new_york;
  const SaoPauloZone sao_paulo;
  struct Case {
    const char* time;
    const char* spec;
    const char* expected;  // "" = no activation
    const TimeZone* zone;
  };
  const TimeZone* utc = &UtcZone();
  const Case cases[] = {
      // Simple cases.
      {"Mon Jul 9 14:45 2012", "0 0/15 * * * *", "Mon Jul 9 15:00 2012", utc},
      {"Mon Jul 9 14:59 2012", "0 0/15 * * * *", "Mon Jul 9 15:00 2012", utc},
      {"Mon Jul 9 14:59:59 2012", "0 0/15 * * * *", "Mon Jul 9 15:00 2012", utc},
      // Wrap around hours.
      {"Mon Jul 9 15:45 2012", "0 20-35/15 * * * *", "Mon Jul 9 16:20 2012", utc},
      // Wrap around days.
      {"Mon Jul 9 23:46 2012", "0 */15 * * * *", "Tue Jul 10 00:00 2012", utc},
      {"Mon Jul 9 23:45 2012", "0 20-35/15 * * * *", "Tue Jul 10 00:20 2012", utc},
      {"Mon Jul 9 23:35:51 2012", "15/35 20-35/15 * * * *", "Tue Jul 10 00:20:15 2012", utc},
      {"Mon Jul 9 23:35:51 2012", "15/35 20-35/15 1/2 * * *", "Tue Jul 10 01:20:15 2012", utc},
      {"Mon Jul 9 23:35:51 2012", "15/35 20-35/15 10-12 * * *", "Tue Jul 10 10:20:15 2012", utc},
      {"Mon Jul 9 23:35:51 2012", "15/35 20-35/15 1/2 */2 * *", "Thu Jul 11 01:20:15 2012", utc},
      {"Mon Jul 9 23:35:51 2012", "15/35 20-35/15 * 9-20 * *", "Wed Jul 10 00:20:15 2012", utc},
      {"Mon Jul 9 23:35:51 2012", "15/35 20-35/15 * 9-20 Jul *", "Wed Jul 10 00:20:15 2012", utc},
      // Wrap around months.
      {"Mon Jul 9 23:35 2012", "0 0 0 9 Apr-Oct ?", "Thu Aug 9 00:00 2012", utc},
      {"Mon Jul 9 23:35 2012", "0 0 0 */5 Apr,Aug,Oct Mon", "Tue Aug 1 00:00 2012", utc},
      {"Mon Jul 9 23:35 2012", "0 0 0 */5 Oct Mon", "Mon Oct 1 00:00 2012", utc},
      // Wrap around years.
      {"Mon Jul 9 23:35 2012", "0 0 0 * Feb Mon", "Mon Feb 4 00:00 2013", utc},
      {"Mon Jul 9 23:35 2012", "0 0 0 * Feb Mon/2", "Fri Feb 1 00:00 2013", utc},
      // Wrap around minute, hour, day, month, and year.
      {"Mon Dec 31 23:59:45 2012", "0 * * * * *", "Tue Jan 1 00:00:00 2013", utc},
      // Leap year.
      {"Mon Jul 9 23:35 2012", "0 0 0 29 Feb ?", "Mon Feb 29 00:00 2016", utc},
      // Daylight savings time 2am EST (-5) -> 3am EDT (-4).
      {"2012-03-11T00:00:00-0500", "TZ=America/New_York 0 30 2 11 Mar ?",
       "2013-03-11T02:30:00-0400", &new_york},
      // Hourly job (TZ= and CRON_TZ= alike).
      {"2012-03-11T00:00:00-0500", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T01:00:00-0500",
       &new_york},
      {"2012-03-11T01:00:00-0500", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T03:00:00-0400",
       &new_york},
      {"2012-03-11T03:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T04:00:00-0400",
       &new_york},
      {"2012-03-11T04:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-03-11T05:00:00-0400",
       &new_york},
      {"2012-03-11T01:00:00-0500", "CRON_TZ=America/New_York 0 0 * * * ?",
       "2012-03-11T03:00:00-0400", &new_york},
      // 1am nightly job.
      {"2012-03-11T00:00:00-0500", "TZ=America/New_York 0 0 1 * * ?", "2012-03-11T01:00:00-0500",
       &new_york},
      {"2012-03-11T01:00:00-0500", "TZ=America/New_York 0 0 1 * * ?", "2012-03-12T01:00:00-0400",
       &new_york},
      // 2am nightly job (skipped).
      {"2012-03-11T00:00:00-0500", "TZ=America/New_York 0 0 2 * * ?", "2012-03-12T02:00:00-0400",
       &new_york},
      // Daylight savings time 2am EDT (-4) => 1am EST (-5).
      {"2012-11-04T00:00:00-0400", "TZ=America/New_York 0 30 2 04 Nov ?",
       "2012-11-04T02:30:00-0500", &new_york},
      {"2012-11-04T01:45:00-0400", "TZ=America/New_York 0 30 1 04 Nov ?",
       "2012-11-04T01:30:00-0500", &new_york},
      // Hourly job.
      {"2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-11-04T01:00:00-0400",
       &new_york},
      {"2012-11-04T01:00:00-0400", "TZ=America/New_York 0 0 * * * ?", "2012-11-04T01:00:00-0500",
       &new_york},
      {"2012-11-04T01:00:00-0500", "TZ=America/New_York 0 0 * * * ?", "2012-11-04T02:00:00-0500",
       &new_york},
      // 1am nightly job (runs twice).
      {"2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 1 * * ?", "2012-11-04T01:00:00-0400",
       &new_york},
      {"2012-11-04T01:00:00-0400", "TZ=America/New_York 0 0 1 * * ?", "2012-11-04T01:00:00-0500",
       &new_york},
      {"2012-11-04T01:00:00-0500", "TZ=America/New_York 0 0 1 * * ?", "2012-11-05T01:00:00-0500",
       &new_york},
      // 2am nightly job.
      {"2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 2 * * ?", "2012-11-04T02:00:00-0500",
       &new_york},
      {"2012-11-04T02:00:00-0500", "TZ=America/New_York 0 0 2 * * ?", "2012-11-05T02:00:00-0500",
       &new_york},
      // 3am nightly job.
      {"2012-11-04T00:00:00-0400", "TZ=America/New_York 0 0 3 * * ?", "2012-11-04T03:00:00-0500",
       &new_york},
      {"2012-11-04T03:00:00-0500", "TZ=America/New_York 0 0 3 * * ?", "2012-11-05T03:00:00-0500",
       &new_york},
      // The same, with the zone coming from the time rather than the spec.
      {"2012-11-04T01:00:00-0400", "0 0 * * * ?", "2012-11-04T01:00:00-0500", &new_york},
      {"2012-11-04T01:00:00-0400", "0 0 1 * * ?", "2012-11-04T01:00:00-0500", &new_york},
      {"2012-11-04T00:00:00-0400", "0 0 2 * * ?", "2012-11-04T02:00:00-0500", &new_york},
      // Unsatisfiable.
      {"Mon Jul 9 23:35 2012", "0 0 0 30 Feb ?", "", utc},
      {"Mon Jul 9 23:35 2012", "0 0 0 31 Apr ?", "", utc},
      // Monthly job.
      {"2012-11-04T00:00:00-0400", "0 0 3 3 * ?", "2012-12-03T03:00:00-0500", &new_york},
      // Midnight does not exist on a DST day (robfig #157).
      {"2018-10-17T05:00:00-0400", "TZ=America/Sao_Paulo 0 0 9 10 * ?", "2018-11-10T06:00:00-0500",
       &sao_paulo},
      {"2018-02-14T05:00:00-0500", "TZ=America/Sao_Paulo 0 0 9 22 * ?", "2018-02-22T07:00:00-0500",
       &sao_paulo},
  };
  for (const Case& c : cases) {
    const CronSchedule s = MustParse(c.spec, kSecondParser);
    const std::optional<int64_t> got = s.Next(T(c.time), *c.zone);
    if (std::string(c.expected).empty()) {
      EXPECT_FALSE(got) << c.spec << " after " << c.time;
    } else {
      ASSERT_TRUE(got) << c.spec << " after " << c.time;
      EXPECT_EQ(*got, T(c.expected))
          << c.spec << " after " << c.time << ": got " << Time::FromUnixSeconds(*got).ToRfc3339();
    }
  }
}

// Ported from robfig/cron spec_test.go TestNextWithTz: a schedule without a zone runs in the
// zone of the time it is given.
TEST(CronTest, RobfigNextWithTz) {
  const FixedOffsetZone ist(5 * 3600 + 1800);
  const std::pair<const char*, const char*> cases[] = {
      {"2016-01-03T13:09:03+0530", "14 14 * * *"},
      {"2016-01-03T04:09:03+0530", "14 14 * * ?"},
      {"2016-01-03T14:09:03+0530", "14 14 * * *"},
      {"2016-01-03T14:00:00+0530", "14 14 * * ?"},
  };
  for (const auto& [time, spec] : cases) {
    EXPECT_EQ(MustParse(spec).Next(T(time), ist), T("2016-01-03T14:14:00+0530")) << time;
  }
}

TEST(CronTest, LargeNumbersAreReportedExactly) {
  Result<uint64_t> r = ParseRange("5000000000", 0, 59);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "end of range (5000000000) above maximum (59): 5000000000");
  r = ParseRange("99999999999999999999", 0, 59);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("value out of range"), std::string::npos);
  EXPECT_EQ(*ParseRange("*/5000000000", 0, 59), 1u);  // one hit, at the start
}

TEST(CronTest, EveryAddsWholeSecondsToTheGivenTime) {
  EXPECT_EQ(MustParse("@every 1h30m").Next(100), 100 + 5400);
  EXPECT_EQ(MustParse("@every 1500ms").every_seconds(), 1);
  EXPECT_EQ(MustParse("@every 10ms").every_seconds(), 1);
}

// The way Karpenter parses budget schedules ("TZ=UTC " + schedule), and the error text its
// nodepool_budgets_test.go expects.
TEST(CronTest, KarpenterBudgetSchedules) {
  Result<CronSchedule> s = CronSchedule::ParseStandard("TZ=UTC 0 0 * * tue-mon");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message(), "beginning of range (2) beyond end of range (1): tue-mon");
  ASSERT_FALSE(CronSchedule::ParseStandard("TZ=UTC @wrongly"));
  EXPECT_EQ(CronSchedule::ParseStandard("TZ=UTC @wrongly").error().message(),
            "unrecognized descriptor: @wrongly");
  // Names are case-insensitive; a zone inside the schedule is not a field.
  EXPECT_TRUE(CronSchedule::ParseStandard("TZ=UTC 0 9 * * MON-fri"));
  EXPECT_FALSE(CronSchedule::ParseStandard("TZ=UTC TZ=Europe/Paris 0 9 * * *"));
  // Mid-week schedules and years before the epoch.
  EXPECT_EQ(MustParse("TZ=UTC 0 9 * * mon-fri").Next(T("2024-01-06T12:00:00+0000")),
            T("2024-01-08T09:00:00+0000"));
  EXPECT_EQ(MustParse("TZ=UTC @yearly").Next(T("0999-12-31T12:00:00+0000")),
            T("1000-01-01T00:00:00+0000"));
}

}  // namespace
}  // namespace tidepool
