// Duration tests. The tables are ported from Go's src/time/time_test.go (parseDurationTests,
// parseDurationErrorTests, durationTests, TestParseDurationRoundTrip); the rest pin Go's error
// strings and Karpenter's NillableDuration (sigs.k8s.io/karpenter pkg/apis/v1/duration.go).
#include "core/duration.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/random.h"

namespace tidepool {
namespace {

constexpr int64_t kNanosecond = 1;
constexpr int64_t kMicrosecond = 1000 * kNanosecond;
constexpr int64_t kMillisecond = 1000 * kMicrosecond;
constexpr int64_t kSecond = 1000 * kMillisecond;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

Duration Ns(int64_t n) { return Duration::Nanoseconds(n); }

// ---------------------------------------------------------------------------------------------
// Ported from Go's parseDurationTests / TestParseDuration.

struct ParseCase {
  const char* in;
  int64_t want;
};

class DurationParseTest : public testing::TestWithParam<ParseCase> {};

TEST_P(DurationParseTest, GoParseDuration) {
  const ParseCase& c = GetParam();
  Result<Duration> d = Duration::Parse(c.in);
  ASSERT_TRUE(d) << c.in << ": " << d.error().message();
  EXPECT_EQ(d->nanoseconds(), c.want) << c.in;
  // Go's String() output always parses back to the same duration.
  Result<Duration> again = Duration::Parse(d->ToString());
  ASSERT_TRUE(again) << d->ToString();
  EXPECT_EQ(*again, *d);
}

INSTANTIATE_TEST_SUITE_P(
    Table, DurationParseTest,
    testing::Values(
        // simple
        ParseCase{"0", 0}, ParseCase{"5s", 5 * kSecond}, ParseCase{"30s", 30 * kSecond},
        ParseCase{"1478s", 1478 * kSecond},
        // sign
        ParseCase{"-5s", -5 * kSecond}, ParseCase{"+5s", 5 * kSecond}, ParseCase{"-0", 0},
        ParseCase{"+0", 0},
        // decimal
        ParseCase{"5.0s", 5 * kSecond}, ParseCase{"5.6s", 5 * kSecond + 600 * kMillisecond},
        ParseCase{"5.s", 5 * kSecond}, ParseCase{".5s", 500 * kMillisecond},
        ParseCase{"1.0s", 1 * kSecond}, ParseCase{"1.00s", 1 * kSecond},
        ParseCase{"1.004s", 1 * kSecond + 4 * kMillisecond},
        ParseCase{"1.0040s", 1 * kSecond + 4 * kMillisecond},
        ParseCase{"100.00100s", 100 * kSecond + 1 * kMillisecond},
        // different units
        ParseCase{"10ns", 10 * kNanosecond}, ParseCase{"11us", 11 * kMicrosecond},
        ParseCase{"12\u00b5s", 12 * kMicrosecond},  // U+00B5
        ParseCase{"12\u03bcs", 12 * kMicrosecond},  // U+03BC
        ParseCase{"13ms", 13 * kMillisecond}, ParseCase{"14s", 14 * kSecond},
        ParseCase{"15m", 15 * kMinute}, ParseCase{"16h", 16 * kHour},
        // composite durations
        ParseCase{"3h30m", 3 * kHour + 30 * kMinute},
        ParseCase{"10.5s4m", 4 * kMinute + 10 * kSecond + 500 * kMillisecond},
        ParseCase{"-2m3.4s", -(2 * kMinute + 3 * kSecond + 400 * kMillisecond)},
        ParseCase{"1h2m3s4ms5us6ns", 1 * kHour + 2 * kMinute + 3 * kSecond + 4 * kMillisecond +
                                         5 * kMicrosecond + 6 * kNanosecond},
        ParseCase{"39h9m14.425s", 39 * kHour + 9 * kMinute + 14 * kSecond + 425 * kMillisecond},
        // large value
        ParseCase{"52763797000ns", 52763797000 * kNanosecond},
        // more than 9 digits after decimal point, see https://golang.org/issue/6617
        ParseCase{"0.3333333333333333333h", 20 * kMinute},
        // 9007199254740993 = 1<<53+1 cannot be stored precisely in a float64
        ParseCase{"9007199254740993ns", ((int64_t{1} << 53) + 1) * kNanosecond},
        // largest duration that can be represented by int64 in nanoseconds
        ParseCase{"9223372036854775807ns", kMax}, ParseCase{"9223372036854775.807us", kMax},
        ParseCase{"9223372036s854ms775us807ns", kMax}, ParseCase{"-9223372036854775808ns", kMin},
        ParseCase{"-9223372036854775.808us", kMin}, ParseCase{"-9223372036s854ms775us808ns", kMin},
        // largest negative round trip value, see https://golang.org/issue/48629
        ParseCase{"-2562047h47m16.854775808s", kMin},
        // huge string; issue 15011.
        ParseCase{"0.100000000000000000000h", 6 * kMinute},
        // This value tests the first overflow check in leadingFraction.
        ParseCase{"0.830103483285477580700h", 49 * kMinute + 48 * kSecond + 372539827},
        // Durations as Kubernetes and Karpenter manifests write them.
        ParseCase{"90s", 90 * kSecond}, ParseCase{"1m30s", 90 * kSecond},
        ParseCase{"168h0m0s", 168 * kHour}, ParseCase{"720h", 720 * kHour},
        ParseCase{"1.5h", 90 * kMinute}, ParseCase{"300ms", 300 * kMillisecond},
        ParseCase{"-1m", -kMinute}, ParseCase{"0s", 0}, ParseCase{"-0s", 0},
        ParseCase{"1h1h", 2 * kHour}, ParseCase{"1s1m", kMinute + kSecond},
        ParseCase{"000001s", kSecond}, ParseCase{"1.000000001s", kSecond + 1},
        ParseCase{"1.0000000001s", kSecond}, ParseCase{"0.5ns", 0}, ParseCase{".9ns", 0},
        ParseCase{"2562047h47m16.854775807s", kMax}));

// ---------------------------------------------------------------------------------------------
// Ported from Go's parseDurationErrorTests: the error names the input, quoted the way Go quotes.

struct ErrorCase {
  const char* in;
  const char* expect;
};

class DurationErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(DurationErrorTest, GoParseDurationErrors) {
  const ErrorCase& c = GetParam();
  Result<Duration> d = Duration::Parse(c.in);
  ASSERT_FALSE(d) << c.in << " parsed as " << d->ToString();
  EXPECT_EQ(d.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(d.error().message().find(c.expect), std::string::npos)
      << d.error().message() << " does not contain " << c.expect;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DurationErrorTest,
    testing::Values(
        // invalid
        ErrorCase{"", R"("")"}, ErrorCase{"3", R"("3")"}, ErrorCase{"-", R"("-")"},
        ErrorCase{"s", R"("s")"}, ErrorCase{".", R"(".")"}, ErrorCase{"-.", R"("-.")"},
        ErrorCase{".s", R"(".s")"}, ErrorCase{"+.s", R"("+.s")"}, ErrorCase{"1d", R"("1d")"},
        ErrorCase{"\x85\x85", R"("\x85\x85")"},
        ErrorCase{"\xff"
                  "ff",
                  R"("\xffff")"},
        ErrorCase{"hello \xff"
                  "ff world",
                  R"("hello \xffff world")"},
        ErrorCase{"\uFFFD", R"("\xef\xbf\xbd")"},  // utf8.RuneError
        ErrorCase{"\uFFFD hello \uFFFD world", R"("\xef\xbf\xbd hello \xef\xbf\xbd world")"},
        // overflow
        ErrorCase{"9223372036854775810ns", R"("9223372036854775810ns")"},
        ErrorCase{"9223372036854775808ns", R"("9223372036854775808ns")"},
        ErrorCase{"-9223372036854775809ns", R"("-9223372036854775809ns")"},
        ErrorCase{"9223372036854776us", R"("9223372036854776us")"},
        ErrorCase{"3000000h", R"("3000000h")"},
        ErrorCase{"9223372036854775.808us", R"("9223372036854775.808us")"},
        ErrorCase{"9223372036854ms775us808ns", R"("9223372036854ms775us808ns")"}));

// The exact messages Go gives, which Kubernetes passes on to users.
TEST(DurationTest, GoErrorMessages) {
  struct Case {
    const char* in;
    const char* message;
  };
  for (const Case& c : {
           Case{"", R"(time: invalid duration "")"},
           Case{"1", R"(time: missing unit in duration "1")"},
           Case{"-1.5", R"(time: missing unit in duration "-1.5")"},
           Case{"1h30", R"(time: missing unit in duration "1h30")"},
           Case{"1d", R"(time: unknown unit "d" in duration "1d")"},
           Case{"1x", R"(time: unknown unit "x" in duration "1x")"},
           Case{"1 s", R"(time: unknown unit " s" in duration "1 s")"},
           Case{"1S", R"(time: unknown unit "S" in duration "1S")"},
           Case{"1H", R"(time: unknown unit "H" in duration "1H")"},
           Case{"1sec", R"(time: unknown unit "sec" in duration "1sec")"},
           Case{"5m\"", R"(time: unknown unit "m\"" in duration "5m\"")"},
           Case{"1\\s", R"(time: unknown unit "\\s" in duration "1\\s")"},
           Case{"1\n", R"(time: unknown unit "\x0a" in duration "1\x0a")"},
           Case{"x", R"(time: invalid duration "x")"},
           Case{"Never", R"(time: invalid duration "Never")"},
           Case{"1h-1m", R"(time: unknown unit "h-" in duration "1h-1m")"},
           Case{" 1s", R"(time: invalid duration " 1s")"},
           Case{"--1s", R"(time: invalid duration "--1s")"},
           Case{"1..5s", R"(time: missing unit in duration "1..5s")"},
           Case{"99999999999999999999s", R"(time: invalid duration "99999999999999999999s")"},
           Case{"\u00b5s", R"(time: invalid duration "\xc2\xb5s")"},
       }) {
    Result<Duration> d = Duration::Parse(c.in);
    ASSERT_FALSE(d) << c.in;
    EXPECT_EQ(d.error().message(), c.message) << c.in;
  }
}

// ---------------------------------------------------------------------------------------------
// Ported from Go's durationTests / TestDurationString, including the negated forms.

struct StringCase {
  const char* str;
  int64_t d;
};

class DurationStringTest : public testing::TestWithParam<StringCase> {};

TEST_P(DurationStringTest, GoDurationString) {
  const StringCase& c = GetParam();
  EXPECT_EQ(Ns(c.d).ToString(), c.str);
  if (c.d > 0) {
    EXPECT_EQ(Ns(-c.d).ToString(), std::string("-") + c.str);
  }
  Result<Duration> back = Duration::Parse(c.str);
  ASSERT_TRUE(back) << c.str;
  EXPECT_EQ(back->nanoseconds(), c.d);
}

INSTANTIATE_TEST_SUITE_P(
    Table, DurationStringTest,
    testing::Values(
        StringCase{"0s", 0}, StringCase{"1ns", 1 * kNanosecond},
        StringCase{"1.1\u00b5s", 1100 * kNanosecond}, StringCase{"2.2ms", 2200 * kMicrosecond},
        StringCase{"3.3s", 3300 * kMillisecond}, StringCase{"4m5s", 4 * kMinute + 5 * kSecond},
        StringCase{"4m5.001s", 4 * kMinute + 5001 * kMillisecond},
        StringCase{"5h6m7.001s", 5 * kHour + 6 * kMinute + 7001 * kMillisecond},
        StringCase{"8m0.000000001s", 8 * kMinute + 1 * kNanosecond},
        StringCase{"2562047h47m16.854775807s", kMax}, StringCase{"-2562047h47m16.854775808s", kMin},
        // More of Go's formatting rules: units below a second, zero fields kept.
        StringCase{"1h0m0s", kHour}, StringCase{"168h0m0s", 168 * kHour},
        StringCase{"1m30s", 90 * kSecond}, StringCase{"1m0s", kMinute},
        StringCase{"500ms", 500 * kMillisecond}, StringCase{"1\u00b5s", kMicrosecond},
        StringCase{"999ns", 999}, StringCase{"1.000001ms", kMillisecond + 1},
        StringCase{"999.999999ms", kSecond - 1}, StringCase{"1s", kSecond},
        StringCase{"1.000000001s", kSecond + 1}, StringCase{"1h30m0s", 90 * kMinute},
        StringCase{"59m59.999999999s", kHour - 1},
        StringCase{"24h0m0.5s", 24 * kHour + 500 * kMillisecond}));

// Ported from Go's TestParseDurationRoundTrip (seeded here).
TEST(DurationTest, GoParseDurationRoundTrip) {
  for (int64_t ns : {kMax, kMin}) {
    Result<Duration> d = Duration::Parse(Ns(ns).ToString());
    ASSERT_TRUE(d) << Ns(ns).ToString();
    EXPECT_EQ(d->nanoseconds(), ns);
  }
  Random rng(1);
  for (int i = 0; i < 1000; ++i) {
    const Duration d0 =
        Duration::Milliseconds(rng.UniformInt(0, std::numeric_limits<int32_t>::max()));
    Result<Duration> d1 = Duration::Parse(d0.ToString());
    ASSERT_TRUE(d1) << d0.ToString();
    EXPECT_EQ(*d1, d0) << d0.ToString();
  }
  Random rng64(2);
  for (int i = 0; i < 1000; ++i) {
    const Duration d0 = Ns(rng64.UniformInt(kMin, kMax));
    Result<Duration> d1 = Duration::Parse(d0.ToString());
    ASSERT_TRUE(d1) << d0.ToString();
    EXPECT_EQ(*d1, d0) << d0.ToString();
  }
}

TEST(DurationTest, ConstructorsAndAccessors) {
  EXPECT_EQ(Duration::Hours(1).nanoseconds(), kHour);
  EXPECT_EQ(Duration::Minutes(2), Duration::Seconds(120));
  EXPECT_EQ(Duration::Milliseconds(1500).seconds(), 1.5);
  EXPECT_EQ(Duration::Seconds(1) + Duration::Milliseconds(1), Ns(kSecond + kMillisecond));
  EXPECT_EQ(Duration::Seconds(1) - Duration::Seconds(2), Duration::Seconds(-1));
  EXPECT_EQ(Duration::Seconds(3) * 4, Duration::Seconds(12));
  EXPECT_LT(Duration::Seconds(59), Duration::Minutes(1));
  EXPECT_EQ(Duration().ToString(), "0s");
}

// ---------------------------------------------------------------------------------------------
// NillableDuration (Karpenter pkg/apis/v1/duration.go).

TEST(NillableDurationTest, NeverIsNullopt) {
  Result<NillableDuration> never = NillableDuration::Parse("Never");
  ASSERT_TRUE(never);
  EXPECT_TRUE(never->never());
  EXPECT_FALSE(never->value.has_value());
  EXPECT_EQ(never->ToString(), "Never");
  EXPECT_EQ(NillableDuration().ToString(), "Never");
  EXPECT_EQ(*never, NillableDuration());
}

TEST(NillableDurationTest, ParsesDurations) {
  Result<NillableDuration> d = NillableDuration::Parse("30s");
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->never());
  EXPECT_EQ(d->value, Duration::Seconds(30));
  EXPECT_EQ(*d, NillableDuration{Duration::Seconds(30)});
  EXPECT_NE(*d, NillableDuration());
}

// Karpenter keeps the raw text and marshals it back unchanged ("720h", not "720h0m0s").
TEST(NillableDurationTest, KeepsTheTextItParsed) {
  for (const char* text : {"720h", "0s", "1m30s", "90s", "1.5h", "+5m", "-0"}) {
    Result<NillableDuration> d = NillableDuration::Parse(text);
    ASSERT_TRUE(d) << text;
    EXPECT_EQ(d->ToString(), text);
  }
  EXPECT_EQ(NillableDuration{Duration::Hours(720)}.ToString(), "720h0m0s");
  EXPECT_EQ(*NillableDuration::Parse("720h"), NillableDuration{Duration::Hours(720)});
}

// Code that changes the value must not get the stale text back.
TEST(NillableDurationTest, StaleTextIsNotReused) {
  NillableDuration d = *NillableDuration::Parse("720h");
  d.value = Duration::Hours(1);
  EXPECT_EQ(d.ToString(), "1h0m0s");
  d.value.reset();
  EXPECT_EQ(d.ToString(), "Never");
}

TEST(NillableDurationTest, RejectsWhatGoRejects) {
  for (const char* text : {"never", "NEVER", "", "1d", "Never ", "5"}) {
    Result<NillableDuration> d = NillableDuration::Parse(text);
    EXPECT_FALSE(d) << text;
  }
  EXPECT_EQ(NillableDuration::Parse("1d").error().message(),
            R"(time: unknown unit "d" in duration "1d")");
}

}  // namespace
}  // namespace tidepool
