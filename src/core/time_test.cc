#include "core/time.h"

#include <gtest/gtest.h>

namespace tidepool {
namespace {

TEST(TimeTest, Rfc3339RoundTrip) {
  Result<Time> t = Time::ParseRfc3339("2026-11-28T04:07:17Z");
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(t->unix_seconds(), 1795838837);
  EXPECT_EQ(t->ToRfc3339(), "2026-11-28T04:07:17Z");
}

TEST(TimeTest, ParsesFractionsAndOffsets) {
  EXPECT_EQ(Time::ParseRfc3339("1970-01-01T00:00:01.5Z")->unix_nanos(), 1'500'000'000);
  EXPECT_EQ(Time::ParseRfc3339("1970-01-01T02:00:00+02:00")->unix_seconds(), 0);
  EXPECT_EQ(Time::ParseRfc3339("1969-12-31T23:00:00-01:00")->unix_seconds(), 0);
  EXPECT_EQ(Time::FromUnixNanos(1'500'000'000).ToRfc3339(true), "1970-01-01T00:00:01.5Z");
}

TEST(TimeTest, RejectsMalformed) {
  for (const char* bad :
       {"", "2026-11-28", "2026-13-01T00:00:00Z", "2026-11-28T04:07:17", "2026-11-28T04:07:17Zjunk",
        "2026-11-28T24:00:00Z", "x026-11-28T04:07:17Z"}) {
    EXPECT_FALSE(Time::ParseRfc3339(bad)) << bad;
  }
}

TEST(TimeTest, CivilConversionsAgree) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(Weekday(0), 4);                            // 1970-01-01 was a Thursday
  EXPECT_EQ(Weekday(DaysFromCivil(2026, 11, 28)), 6);  // a Saturday
  EXPECT_EQ(Weekday(-1), 3);
  for (int64_t s :
       {int64_t{0}, int64_t{-1}, int64_t{951782400}, int64_t{4102444799}, int64_t{-86401}}) {
    EXPECT_EQ(UnixSecondsFromCivil(CivilFromUnixSeconds(s)), s) << s;
  }
  EXPECT_EQ(CivilFromUnixSeconds(951782400), (CivilTime{2000, 2, 29, 0, 0, 0}));
}

TEST(TimeTest, ArithmeticWithDurations) {
  Time t = Time::FromUnixSeconds(10);
  EXPECT_EQ(t + Duration::Minutes(1), Time::FromUnixSeconds(70));
  EXPECT_EQ(Time::FromUnixSeconds(70) - t, Duration::Minutes(1));
  EXPECT_EQ(Time::FromUnixNanos(-1).unix_seconds(), -1);
}

}  // namespace
}  // namespace tidepool
