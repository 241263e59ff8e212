// Quantity parsing and formatting. Most tables are ported from k8s.io/apimachinery/pkg/api/resource
// quantity_test.go (test names say which); the rest pin upstream behaviour read from quantity.go,
// amount.go and suffix.go, and tidepool's documented differences (marked "Deliberate"). Values and
// arithmetic are tested in quantity_arithmetic_test.cc.
#include "core/quantity.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace tidepool {
namespace {

using F = Quantity::Format;
constexpr F kDecimalSI = F::kDecimalSI;
constexpr F kBinarySI = F::kBinarySI;
constexpr F kDecimalExponent = F::kDecimalExponent;
constexpr int64_t kMostPositive = std::numeric_limits<int64_t>::max();

constexpr const char* kFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr const char* kSuffixError = "unable to parse quantity's suffix";
constexpr const char* kNumericError = "unable to parse numeric part of quantity";

// upstream's decQuantity(i, exponent, format): i × 10^exponent.
Quantity Dec(int64_t value, int32_t exponent, F format) {
  return Quantity::FromScaled(value, exponent, format);
}

Quantity P(const char* text) { return Quantity::MustParse(text); }

// The canonical form, bypassing the text upstream keeps from parsing: adding zero clears it, as
// upstream's Add clears its cached string.
std::string Canonical(const Quantity& q) {
  Quantity copy = q;
  copy += Quantity::FromInt(0, q.format());
  return copy.ToString();
}

// Parse(ToString(q)) gives back q's value; run over every valid input below.
void ExpectRoundTrips(const Quantity& q) {
  Result<Quantity> again = Quantity::Parse(q.ToString());
  ASSERT_TRUE(again) << q.ToString() << ": " << again.error().message();
  EXPECT_EQ(*again, q) << q.ToString();
  Result<Quantity> canonical = Quantity::Parse(Canonical(q));
  ASSERT_TRUE(canonical) << Canonical(q);
  EXPECT_EQ(*canonical, q) << Canonical(q);
}

// ---------------------------------------------------------------------------------------------
// Ported from quantity_test.go TestQuantityParse: the value table, each also negated and with an
// explicit "+".

struct ParseCase {
  const char* input;
  Quantity expect;
};

std::vector<ParseCase> ParseCases() {
  return {
      {"0", Dec(0, 0, kDecimalSI)},
      {"0n", Dec(0, 0, kDecimalSI)},
      {"0u", Dec(0, 0, kDecimalSI)},
      {"0m", Dec(0, 0, kDecimalSI)},
      {"0Ki", Dec(0, 0, kBinarySI)},
      {"0k", Dec(0, 0, kDecimalSI)},
      {"0Mi", Dec(0, 0, kBinarySI)},
      {"0M", Dec(0, 0, kDecimalSI)},
      {"0Gi", Dec(0, 0, kBinarySI)},
      {"0G", Dec(0, 0, kDecimalSI)},
      {"0Ti", Dec(0, 0, kBinarySI)},
      {"0T", Dec(0, 0, kDecimalSI)},
      // Quantity less numbers are allowed
      {"1", Dec(1, 0, kDecimalSI)},
      // Binary suffixes
      {"1Ki", Dec(1024, 0, kBinarySI)},
      {"8Ki", Dec(8 * 1024, 0, kBinarySI)},
      {"7Mi", Dec(7 * 1024 * 1024, 0, kBinarySI)},
      {"6Gi", Dec(6LL * 1024 * 1024 * 1024, 0, kBinarySI)},
      {"5Ti", Dec(5LL * 1024 * 1024 * 1024 * 1024, 0, kBinarySI)},
      {"4Pi", Dec(4LL * 1024 * 1024 * 1024 * 1024 * 1024, 0, kBinarySI)},
      {"3Ei", Dec(3LL * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, kBinarySI)},
      {"10Ti", Dec(10LL * 1024 * 1024 * 1024 * 1024, 0, kBinarySI)},
      {"100Ti", Dec(100LL * 1024 * 1024 * 1024 * 1024, 0, kBinarySI)},
      // Decimal suffixes
      {"5n", Dec(5, -9, kDecimalSI)},
      {"4u", Dec(4, -6, kDecimalSI)},
      {"3m", Dec(3, -3, kDecimalSI)},
      {"9", Dec(9, 0, kDecimalSI)},
      {"8k", Dec(8, 3, kDecimalSI)},
      {"50k", Dec(5, 4, kDecimalSI)},
      {"7M", Dec(7, 6, kDecimalSI)},
      {"6G", Dec(6, 9, kDecimalSI)},
      {"5T", Dec(5, 12, kDecimalSI)},
      {"40T", Dec(4, 13, kDecimalSI)},
      {"300T", Dec(3, 14, kDecimalSI)},
      {"2P", Dec(2, 15, kDecimalSI)},
      {"1E", Dec(1, 18, kDecimalSI)},
      // Decimal exponents
      {"1E-3", Dec(1, -3, kDecimalExponent)},
      {"1e3", Dec(1, 3, kDecimalExponent)},
      {"1E6", Dec(1, 6, kDecimalExponent)},
      {"1e9", Dec(1, 9, kDecimalExponent)},
      {"1E12", Dec(1, 12, kDecimalExponent)},
      {"1e15", Dec(1, 15, kDecimalExponent)},
      {"1E18", Dec(1, 18, kDecimalExponent)},
      // Nonstandard but still parsable
      {"1e14", Dec(1, 14, kDecimalExponent)},
      {"1e13", Dec(1, 13, kDecimalExponent)},
      {"1e3", Dec(1, 3, kDecimalExponent)},
      {"100.035k", Dec(100035, 0, kDecimalSI)},
      // Things that look like floating point
      {"0.001", Dec(1, -3, kDecimalSI)},
      {"0.0005k", Dec(5, -1, kDecimalSI)},
      {"0.005", Dec(5, -3, kDecimalSI)},
      {"0.05", Dec(5, -2, kDecimalSI)},
      {"0.5", Dec(5, -1, kDecimalSI)},
      {"0.00050k", Dec(5, -1, kDecimalSI)},
      {"0.00500", Dec(5, -3, kDecimalSI)},
      {"0.05000", Dec(5, -2, kDecimalSI)},
      {"0.50000", Dec(5, -1, kDecimalSI)},
      {"0.5e0", Dec(5, -1, kDecimalExponent)},
      {"0.5e-1", Dec(5, -2, kDecimalExponent)},
      {"0.5e-2", Dec(5, -3, kDecimalExponent)},
      {"0.5e0", Dec(5, -1, kDecimalExponent)},
      {"10.035M", Dec(10035, 3, kDecimalSI)},
      {"1.2e3", Dec(12, 2, kDecimalExponent)},
      {"1.3E+6", Dec(13, 5, kDecimalExponent)},
      {"1.40e9", Dec(14, 8, kDecimalExponent)},
      {"1.53E12", Dec(153, 10, kDecimalExponent)},
      {"1.6e15", Dec(16, 14, kDecimalExponent)},
      {"1.7E18", Dec(17, 17, kDecimalExponent)},
      {"9.01", Dec(901, -2, kDecimalSI)},
      {"8.1k", Dec(81, 2, kDecimalSI)},
      {"7.123456M", Dec(7123456, 0, kDecimalSI)},
      {"6.987654321G", Dec(6987654321, 0, kDecimalSI)},
      {"5.444T", Dec(5444, 9, kDecimalSI)},
      {"40.1T", Dec(401, 11, kDecimalSI)},
      {"300.2T", Dec(3002, 11, kDecimalSI)},
      {"2.5P", Dec(25, 14, kDecimalSI)},
      {"1.01E", Dec(101, 16, kDecimalSI)},
      // Things that saturate/round
      {"3.001n", Dec(4, -9, kDecimalSI)},
      {"1.1E-9", Dec(2, -9, kDecimalExponent)},
      {"0.0000000001", Dec(1, -9, kDecimalSI)},
      {"0.0000000005", Dec(1, -9, kDecimalSI)},
      {"0.00000000050", Dec(1, -9, kDecimalSI)},
      {"0.5e-9", Dec(1, -9, kDecimalExponent)},
      {"0.9n", Dec(1, -9, kDecimalSI)},
      {"0.00000012345", Dec(124, -9, kDecimalSI)},
      {"0.00000012354", Dec(124, -9, kDecimalSI)},
      {"9Ei", Dec(kMostPositive, 0, kBinarySI)},
      {"9223372036854775807Ki", Dec(kMostPositive, 0, kBinarySI)},
      {"12E", Dec(12, 18, kDecimalSI)},
      // We'll accept fractional binary stuff, too.
      {"100.035Ki", Dec(10243584, -2, kBinarySI)},
      {"0.5Mi", Dec(512 * 1024, 0, kBinarySI)},
      {"0.05Gi", Dec(536870912, -1, kBinarySI)},
      {"0.025Ti", Dec(274877906944, -1, kBinarySI)},
      // Things written by trolls
      {"0.000000000001Ki", Dec(2, -9, kDecimalSI)},  // rounds up, changes format
      {".001", Dec(1, -3, kDecimalSI)},
      {".0001k", Dec(100, -3, kDecimalSI)},
      {"1.", Dec(1, 0, kDecimalSI)},
      {"1.G", Dec(1, 9, kDecimalSI)},
  };
}

class QuantityParseTest : public testing::TestWithParam<ParseCase> {};

TEST_P(QuantityParseTest, ApimachineryQuantityParse) {
  const ParseCase& c = GetParam();
  Result<Quantity> got = Quantity::Parse(c.input);
  ASSERT_TRUE(got) << c.input << ": " << got.error().message();
  EXPECT_EQ(*got, c.expect) << c.input;
  EXPECT_EQ(got->format(), c.expect.format()) << c.input;
  ExpectRoundTrips(*got);
}

TEST_P(QuantityParseTest, ApimachineryQuantityParseNegated) {
  const ParseCase& c = GetParam();
  const std::string input = std::string("-") + c.input;
  Result<Quantity> got = Quantity::Parse(input);
  ASSERT_TRUE(got) << input << ": " << got.error().message();
  EXPECT_EQ(*got, -c.expect) << input;
  EXPECT_EQ(got->format(), c.expect.format()) << input;
  EXPECT_EQ(got->Sign(), -c.expect.Sign()) << input;
  ExpectRoundTrips(*got);
}

TEST_P(QuantityParseTest, ApimachineryQuantityParseExplicitPlus) {
  const ParseCase& c = GetParam();
  const std::string input = std::string("+") + c.input;
  Result<Quantity> got = Quantity::Parse(input);
  ASSERT_TRUE(got) << input << ": " << got.error().message();
  EXPECT_EQ(*got, c.expect) << input;
  EXPECT_EQ(got->format(), c.expect.format()) << input;
  ExpectRoundTrips(*got);
}

INSTANTIATE_TEST_SUITE_P(Table, QuantityParseTest, testing::ValuesIn(ParseCases()));

// ---------------------------------------------------------------------------------------------
// Ported from TestQuantityParse's "invalid" list, with the message upstream gives for each.

struct InvalidCase {
  const char* input;
  const char* message;
};

class QuantityInvalidTest : public testing::TestWithParam<InvalidCase> {};

TEST_P(QuantityInvalidTest, ApimachineryQuantityParseInvalid) {
  const InvalidCase& c = GetParam();
  Result<Quantity> got = Quantity::Parse(c.input);
  ASSERT_FALSE(got) << c.input << " parsed unexpectedly as " << got->ToString();
  EXPECT_EQ(got.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(got.error().message(), c.message) << c.input;
}

INSTANTIATE_TEST_SUITE_P(
    Table, QuantityInvalidTest,
    testing::Values(
        InvalidCase{"1.1.M", kFormatWrong}, InvalidCase{"1+1.0M", kFormatWrong},
        InvalidCase{"0.1mi", kSuffixError}, InvalidCase{"0.1am", kFormatWrong},
        InvalidCase{"aoeu", kFormatWrong}, InvalidCase{".5i", kSuffixError},
        InvalidCase{"1i", kSuffixError}, InvalidCase{"-3.01i", kSuffixError},
        InvalidCase{"-3.01e-", kSuffixError},
        // trailing whitespace is forbidden
        InvalidCase{" 1", kFormatWrong}, InvalidCase{"1 ", kFormatWrong},
        // From TestQuantityParse (empty string) and TestQuantityParseNonNumericPanic.
        InvalidCase{"", kFormatWrong}, InvalidCase{"Non-Numeric", kFormatWrong},
        // From TestQuantityValueSet.
        InvalidCase{"invalid", kFormatWrong},
        // Read from parseQuantityString and suffix.go: what else upstream refuses.
        InvalidCase{"1e", kSuffixError}, InvalidCase{"1E+", kSuffixError},
        InvalidCase{"1e-", kSuffixError}, InvalidCase{"1ee3", kSuffixError},
        InvalidCase{"1Ki5", kSuffixError}, InvalidCase{"1KiB", kFormatWrong},
        InvalidCase{"1kb", kFormatWrong}, InvalidCase{"1K", kSuffixError},
        InvalidCase{"1mm", kSuffixError}, InvalidCase{"1e3.5", kFormatWrong},
        InvalidCase{"1e+-3", kFormatWrong},
        // A second sign is read as the start of an exponent suffix without its "e".
        InvalidCase{"--1", kSuffixError}, InvalidCase{"+-1", kSuffixError},
        InvalidCase{"1_000", kFormatWrong}, InvalidCase{"0x10", kFormatWrong},
        InvalidCase{"1,5", kFormatWrong}, InvalidCase{"1\n", kFormatWrong},
        InvalidCase{"\t1", kFormatWrong}, InvalidCase{"e", kSuffixError},
        InvalidCase{"1e99999999999999999999", kSuffixError}, InvalidCase{"NaN", kFormatWrong},
        InvalidCase{"Inf", kFormatWrong}, InvalidCase{"1Gi ", kFormatWrong},
        InvalidCase{"1.5.Gi", kFormatWrong},
        // Upstream's slow path hands the number to inf.Dec, which needs a digit.
        InvalidCase{".e-10", kNumericError}, InvalidCase{"-.e-10", kNumericError},
        InvalidCase{".Pi", kNumericError}, InvalidCase{"+.Ei", kNumericError},
        // Deliberate: upstream keeps only 32 bits of an exponent ("1e4294967296" is 1 there).
        InvalidCase{"1e4294967296", kSuffixError}, InvalidCase{"1e1000000001", kSuffixError},
        // Deliberate: more than 38 significant digits (upstream: arbitrary precision).
        InvalidCase{"123456789012345678901234567890123456789",
                    "quantity has more than 38 significant digits"},
        InvalidCase{"100000000000000000000000000000.000000001",
                    "quantity has more than 38 significant digits"}));

// Inputs upstream accepts that look wrong: a lone sign, a lone point, a bare suffix.
TEST(QuantityTest, ParsesDegenerateNumbersAsZeroLikeUpstream) {
  struct Case {
    const char* input;
    F format;
  };
  for (const Case& c :
       {Case{"+", kDecimalSI}, Case{"-", kDecimalSI}, Case{".", kDecimalSI}, Case{"-.", kDecimalSI},
        Case{"Ki", kBinarySI}, Case{"m", kDecimalSI}, Case{"E", kDecimalSI},
        Case{"e5", kDecimalExponent}, Case{".e-9", kDecimalExponent}, Case{".Ti", kBinarySI},
        Case{"0.Pi", kBinarySI}, Case{"-0", kDecimalSI}, Case{"000", kDecimalSI},
        Case{"0.0Ki", kBinarySI}, Case{"0e-20", kDecimalExponent}}) {
    Result<Quantity> q = Quantity::Parse(c.input);
    ASSERT_TRUE(q) << c.input << ": " << q.error().message();
    EXPECT_TRUE(q->IsZero()) << c.input;
    EXPECT_EQ(q->Sign(), 0) << c.input;
    EXPECT_EQ(q->format(), c.format) << c.input;
    EXPECT_EQ(q->ToString(), "0") << c.input;
  }
}

// Ported from TestQuantityParseZero.
TEST(QuantityTest, ApimachineryQuantityParseZero) {
  EXPECT_EQ(P("0").ToString(), "0");
  EXPECT_TRUE(P("0").IsZero());
}

// ---------------------------------------------------------------------------------------------
// Ported from TestQuantityString: value → canonical string; the canonical string parses and prints
// itself; an alternate spelling parses to the same canonical string; negation prefixes "-".

struct StringCase {
  Quantity in;
  const char* expect;
  const char* alternate;
};

std::vector<StringCase> StringCases() {
  return {
      {Dec(1024 * 1024 * 1024, 0, kBinarySI), "1Gi", "1024Mi"},
      {Dec(300 * 1024 * 1024, 0, kBinarySI), "300Mi", "307200Ki"},
      {Dec(6 * 1024, 0, kBinarySI), "6Ki", ""},
      {Dec(1001LL * 1024 * 1024 * 1024, 0, kBinarySI), "1001Gi", "1025024Mi"},
      {Dec(1024LL * 1024 * 1024 * 1024, 0, kBinarySI), "1Ti", "1024Gi"},
      {Dec(5, 0, kBinarySI), "5", "5000m"},
      {Dec(500, -3, kBinarySI), "500m", "0.5"},
      {Dec(1, 9, kDecimalSI), "1G", "1000M"},
      {Dec(1000, 6, kDecimalSI), "1G", "0.001T"},
      {Dec(1000000, 3, kDecimalSI), "1G", ""},
      {Dec(1000000000, 0, kDecimalSI), "1G", ""},
      {Dec(1, -3, kDecimalSI), "1m", "1000u"},
      {Dec(80, -3, kDecimalSI), "80m", ""},
      {Dec(1080, -3, kDecimalSI), "1080m", "1.08"},
      {Dec(108, -2, kDecimalSI), "1080m", "1080000000n"},
      {Dec(10800, -4, kDecimalSI), "1080m", ""},
      {Dec(300, 6, kDecimalSI), "300M", ""},
      {Dec(1, 12, kDecimalSI), "1T", ""},
      {Dec(1234567, 6, kDecimalSI), "1234567M", ""},
      {Dec(1234567, -3, kBinarySI), "1234567m", ""},
      {Dec(3, 3, kDecimalSI), "3k", ""},
      {Dec(1025, 0, kBinarySI), "1025", ""},
      {Dec(0, 0, kDecimalSI), "0", ""},
      {Dec(0, 0, kBinarySI), "0", ""},
      {Dec(1, 9, kDecimalExponent), "1e9", ".001e12"},
      {Dec(1, -3, kDecimalExponent), "1e-3", "0.001e0"},
      {Dec(1, -9, kDecimalExponent), "1e-9", "1000e-12"},
      {Dec(80, -3, kDecimalExponent), "80e-3", ""},
      {Dec(300, 6, kDecimalExponent), "300e6", ""},
      {Dec(1, 12, kDecimalExponent), "1e12", ""},
      {Dec(1, 3, kDecimalExponent), "1e3", ""},
      {Dec(3, 3, kDecimalExponent), "3e3", ""},
      {Dec(3, 3, kDecimalSI), "3k", ""},
      {Dec(0, 0, kDecimalExponent), "0", "00"},
      {Dec(1, -9, kDecimalSI), "1n", ""},
      {Dec(80, -9, kDecimalSI), "80n", ""},
      {Dec(1080, -9, kDecimalSI), "1080n", ""},
      {Dec(108, -8, kDecimalSI), "1080n", ""},
      {Dec(10800, -10, kDecimalSI), "1080n", ""},
      {Dec(1, -6, kDecimalSI), "1u", ""},
      {Dec(80, -6, kDecimalSI), "80u", ""},
      {Dec(1080, -6, kDecimalSI), "1080u", ""},
  };
}

class QuantityStringTest : public testing::TestWithParam<StringCase> {};

TEST_P(QuantityStringTest, ApimachineryQuantityString) {
  const StringCase& c = GetParam();
  EXPECT_EQ(c.in.ToString(), c.expect);
  Result<Quantity> parsed = Quantity::Parse(c.expect);
  ASSERT_TRUE(parsed) << c.expect;
  EXPECT_EQ(parsed->ToString(), c.expect);
  EXPECT_EQ(Canonical(*parsed), c.expect);
  EXPECT_EQ(*parsed, c.in);
  if (std::string(c.alternate).empty()) return;
  Result<Quantity> alternate = Quantity::Parse(c.alternate);
  ASSERT_TRUE(alternate) << c.alternate;
  EXPECT_EQ(alternate->ToString(), c.expect) << c.alternate;
  EXPECT_EQ(*alternate, c.in) << c.alternate;
}

TEST_P(QuantityStringTest, ApimachineryQuantityStringNegated) {
  const StringCase& c = GetParam();
  if (c.in.IsZero()) return;  // never "-0"
  EXPECT_EQ((-c.in).ToString(), std::string("-") + c.expect);
}

INSTANTIATE_TEST_SUITE_P(Table, QuantityStringTest, testing::ValuesIn(StringCases()));

// Ported from TestQuantityParseEmit.
TEST(QuantityTest, ApimachineryQuantityParseEmit) {
  struct Case {
    const char* in;
    const char* expect;
  };
  for (const Case& c :
       {Case{"1Ki", "1Ki"}, Case{"1Mi", "1Mi"}, Case{"1Gi", "1Gi"}, Case{"1024Mi", "1Gi"},
        Case{"1000M", "1G"}, Case{".001Ki", "1024m"}, Case{".000001Ki", "1024u"},
        Case{".000000001Ki", "1024n"}, Case{".000000000001Ki", "2n"}}) {
    EXPECT_EQ(P(c.in).ToString(), c.expect) << c.in;
    EXPECT_EQ(P((std::string("-") + c.in).c_str()).ToString(), std::string("-") + c.expect) << c.in;
  }
}

// ---------------------------------------------------------------------------------------------
// Ported from TestParseQuantity: values around the int64 boundaries, their exact decimal value,
// and the string form (the input itself when canonical is empty).

struct BoundaryCase {
  const char* input;
  const char* exact;
  const char* canonical;
};

class QuantityBoundaryTest : public testing::TestWithParam<BoundaryCase> {};

TEST_P(QuantityBoundaryTest, ApimachineryParseQuantity) {
  const BoundaryCase& c = GetParam();
  Result<Quantity> q = Quantity::Parse(c.input);
  ASSERT_TRUE(q) << c.input << ": " << q.error().message();
  EXPECT_EQ(*q, P(c.exact)) << c.input;
  const std::string expected = std::string(c.canonical).empty() ? c.input : c.canonical;
  EXPECT_EQ(q->ToString(), expected) << c.input;
  ExpectRoundTrips(*q);
}

INSTANTIATE_TEST_SUITE_P(
    Table, QuantityBoundaryTest,
    testing::Values(
        // min/max 18 digits
        BoundaryCase{"-999999999999999999", "-999999999999999999", ""},
        BoundaryCase{"999999999999999999", "999999999999999999", ""},
        BoundaryCase{"-999999999999999999.0", "-999999999999999999", "-999999999999999999"},
        BoundaryCase{"999999999999999999.0", "999999999999999999", "999999999999999999"},
        BoundaryCase{"-999999999999999999.1", "-999999999999999999.1", "-999999999999999999100m"},
        BoundaryCase{"999999999999999999.1", "999999999999999999.1", "999999999999999999100m"},
        // min/max 19 digits
        BoundaryCase{"-9999999999999999999", "-9999999999999999999", ""},
        BoundaryCase{"9999999999999999999", "9999999999999999999", ""},
        BoundaryCase{"-1E", "-1000000000000000000", ""},
        BoundaryCase{"1E", "1000000000000000000", ""},
        BoundaryCase{"-1000000000000000000", "-1000000000000000000", "-1E"},
        BoundaryCase{"1000000000000000000", "1000000000000000000", "1E"},
        BoundaryCase{"-9999999999999999999.0", "-9999999999999999999", "-9999999999999999999"},
        BoundaryCase{"9999999999999999999.0", "9999999999999999999", "9999999999999999999"},
        BoundaryCase{"-1.0E", "-1000000000000000000", "-1E"},
        BoundaryCase{"1.0E", "1000000000000000000", "1E"},
        BoundaryCase{"-1000000000000000000.0", "-1000000000000000000", "-1E"},
        BoundaryCase{"1000000000000000000.0", "1000000000000000000", "1E"},
        BoundaryCase{"-9999999999999999999000m", "-9999999999999999999", "-9999999999999999999"},
        BoundaryCase{"9999999999999999999000m", "9999999999999999999", "9999999999999999999"},
        BoundaryCase{"-9999999999999999999.1", "-9999999999999999999.1",
                     "-9999999999999999999100m"},
        BoundaryCase{"9999999999999999999.1", "9999999999999999999.1", "9999999999999999999100m"},
        BoundaryCase{"-1.0000000000000000001E", "-1000000000000000000.1",
                     "-1000000000000000000100m"},
        BoundaryCase{"1.0000000000000000001E", "1000000000000000000.1", "1000000000000000000100m"},
        BoundaryCase{"-1000000000000000000.1", "-1000000000000000000.1",
                     "-1000000000000000000100m"},
        BoundaryCase{"1000000000000000000.1", "1000000000000000000.1", "1000000000000000000100m"},
        BoundaryCase{"-1.000000000000000001E", "-1000000000000000001", "-1000000000000000001"},
        BoundaryCase{"1.000000000000000001E", "1000000000000000001", "1000000000000000001"},
        BoundaryCase{"-1000000000000000001", "-1000000000000000001", ""},
        BoundaryCase{"1000000000000000001", "1000000000000000001", ""},
        // min/max 20 digits
        BoundaryCase{"-10E", "-10000000000000000000", ""},
        BoundaryCase{"10E", "10000000000000000000", ""},
        BoundaryCase{"-10000000000000000000", "-10000000000000000000", "-10E"},
        BoundaryCase{"10000000000000000000", "10000000000000000000", "10E"},
        BoundaryCase{"-10.0E", "-10000000000000000000", "-10E"},
        BoundaryCase{"10.0E", "10000000000000000000", "10E"},
        BoundaryCase{"-10000000000000000000.0", "-10000000000000000000", "-10E"},
        BoundaryCase{"10000000000000000000.0", "10000000000000000000", "10E"},
        BoundaryCase{"-10000000000000000000000m", "-10000000000000000000", "-10E"},
        BoundaryCase{"10000000000000000000000m", "10000000000000000000", "10E"},
        BoundaryCase{"-10.0000000000000000001E", "-10000000000000000000.1",
                     "-10000000000000000000100m"},
        BoundaryCase{"10.0000000000000000001E", "10000000000000000000.1",
                     "10000000000000000000100m"},
        BoundaryCase{"-10000000000000000000.1", "-10000000000000000000.1",
                     "-10000000000000000000100m"},
        BoundaryCase{"10000000000000000000.1", "10000000000000000000.1",
                     "10000000000000000000100m"},
        BoundaryCase{"-10.000000000000000001E", "-10000000000000000001", "-10000000000000000001"},
        BoundaryCase{"10.000000000000000001E", "10000000000000000001", "10000000000000000001"},
        BoundaryCase{"-10000000000000000001", "-10000000000000000001", ""},
        BoundaryCase{"10000000000000000001", "10000000000000000001", ""},
        // min/max int64 - 1
        BoundaryCase{"-9223372036854775809", "-9223372036854775809", ""},
        BoundaryCase{"9223372036854775806", "9223372036854775806", ""},
        BoundaryCase{"-9223372036854775809.0", "-9223372036854775809", "-9223372036854775809"},
        BoundaryCase{"9223372036854775806.0", "9223372036854775806", "9223372036854775806"},
        BoundaryCase{"-9223372036854775809000m", "-9223372036854775809", "-9223372036854775809"},
        BoundaryCase{"9223372036854775806000m", "9223372036854775806", "9223372036854775806"},
        BoundaryCase{"-9223372036854775809.1", "-9223372036854775809.1",
                     "-9223372036854775809100m"},
        BoundaryCase{"9223372036854775806.1", "9223372036854775806.1", "9223372036854775806100m"},
        // min/max int64
        BoundaryCase{"-9223372036854775808", "-9223372036854775808", ""},
        BoundaryCase{"9223372036854775807", "9223372036854775807", ""},
        BoundaryCase{"-9223372036854775808.0", "-9223372036854775808", "-9223372036854775808"},
        BoundaryCase{"9223372036854775807.0", "9223372036854775807", "9223372036854775807"},
        BoundaryCase{"-9223372036854775808000m", "-9223372036854775808", "-9223372036854775808"},
        BoundaryCase{"9223372036854775807000m", "9223372036854775807", "9223372036854775807"},
        BoundaryCase{"-9223372036854775808.1", "-9223372036854775808.1",
                     "-9223372036854775808100m"},
        BoundaryCase{"9223372036854775807.1", "9223372036854775807.1", "9223372036854775807100m"},
        // min/max int64 + 1
        BoundaryCase{"-9223372036854775807", "-9223372036854775807", ""},
        BoundaryCase{"9223372036854775808", "9223372036854775808", ""},
        BoundaryCase{"-9223372036854775807.0", "-9223372036854775807", "-9223372036854775807"},
        BoundaryCase{"9223372036854775808.0", "9223372036854775808", "9223372036854775808"},
        BoundaryCase{"-9223372036854775807000m", "-9223372036854775807", "-9223372036854775807"},
        BoundaryCase{"9223372036854775808000m", "9223372036854775808", "9223372036854775808"},
        BoundaryCase{"-9223372036854775807.1", "-9223372036854775807.1",
                     "-9223372036854775807100m"},
        BoundaryCase{"9223372036854775808.1", "9223372036854775808.1", "9223372036854775808100m"}));

// ---------------------------------------------------------------------------------------------
// The string form. Upstream keeps the text it parsed as the string form when a cheap test says it
// is canonical (int64 fast path, exponent a multiple of 3, no "000" tail, no leading zero digit),
// which lets some non-canonical spellings through verbatim; everything else is canonicalised.

struct TextCase {
  const char* input;
  const char* string_form;
  const char* canonical;
};

class QuantityTextTest : public testing::TestWithParam<TextCase> {};

TEST_P(QuantityTextTest, StringFormFollowsUpstreamCache) {
  const TextCase& c = GetParam();
  Result<Quantity> q = Quantity::Parse(c.input);
  ASSERT_TRUE(q) << c.input << ": " << q.error().message();
  EXPECT_EQ(q->ToString(), c.string_form) << c.input;
  EXPECT_EQ(Canonical(*q), c.canonical) << c.input;
  ExpectRoundTrips(*q);
}

INSTANTIATE_TEST_SUITE_P(
    Table, QuantityTextTest,
    testing::Values(
        // The examples the Quantity doc comment and the brief give.
        TextCase{"1.5Gi", "1536Mi", "1536Mi"}, TextCase{"0.5", "500m", "500m"},
        TextCase{"1000m", "1", "1"}, TextCase{"1e3", "1e3", "1e3"},
        TextCase{"100000", "100k", "100k"}, TextCase{"1.1", "1100m", "1100m"},
        TextCase{".001", "1m", "1m"}, TextCase{"0.0001", "100u", "100u"},
        TextCase{"1.5", "1500m", "1500m"}, TextCase{"1536Mi", "1536Mi", "1536Mi"},
        // Kept verbatim by upstream's cache although not canonical.
        TextCase{"+1", "+1", "1"}, TextCase{"001", "001", "1"}, TextCase{"1E3", "1E3", "1e3"},
        TextCase{"1.500", "1.500", "1500m"}, TextCase{"100.035k", "100.035k", "100035"},
        TextCase{"10.500", "10.500", "10500m"}, TextCase{"+1Ki", "+1Ki", "1Ki"},
        TextCase{"0001Ki", "0001Ki", "1Ki"}, TextCase{"-1.001", "-1.001", "-1001m"},
        TextCase{"1e+3", "1e+3", "1e3"}, TextCase{"1e-003", "1e-003", "1e-3"},
        TextCase{"100", "100", "100"}, TextCase{"12Ki", "12Ki", "12Ki"},
        TextCase{"1025Ki", "1025Ki", "1025Ki"}, TextCase{"1.", "1.", "1"},
        TextCase{"1.G", "1.G", "1G"},
        // Not kept: canonicalised.
        TextCase{"1.0", "1", "1"}, TextCase{"1000", "1k", "1k"}, TextCase{"1e4", "10e3", "10e3"},
        TextCase{"1.5e3", "1500", "1500"}, TextCase{"0.1", "100m", "100m"},
        TextCase{"1024Ki", "1Mi", "1Mi"}, TextCase{"16Ki", "16Ki", "16Ki"},
        TextCase{"1.5E", "1500P", "1500P"}, TextCase{"2048Ki", "2Mi", "2Mi"},
        TextCase{"1000Ki", "1000Ki", "1000Ki"}, TextCase{"1.5Ki", "1536", "1536"},
        TextCase{"0.5Ki", "512", "512"}, TextCase{"1.1Ki", "1126400m", "1126400m"},
        TextCase{"1000000k", "1G", "1G"}, TextCase{"0.001k", "1", "1"},
        TextCase{"1000n", "1u", "1u"}, TextCase{"-1000n", "-1u", "-1u"},
        TextCase{"12345678901234567890", "12345678901234567890", "12345678901234567890"},
        TextCase{"0.000000001", "1n", "1n"}, TextCase{"1e-9", "1e-9", "1e-9"},
        TextCase{"1e-10", "1e-9", "1e-9"}, TextCase{"1e21", "1e21", "1e21"},
        TextCase{"8Ei", "9223372036854775807", "9223372036854775807"},
        TextCase{"7Ei", "7Ei", "7Ei"}, TextCase{"1023", "1023", "1023"},
        TextCase{"1023.5Ki", "1048064", "1048064"},
        // Deliberate: upstream prints no suffix past E (1000E would read as "1"); we use an
        // exponent, which parses back to the same value.
        TextCase{"1000E", "1e21", "1e21"}, TextCase{"-1000E", "-1e21", "-1e21"}));

// The binary form applies only to integers of magnitude >= 1024; anything else prints in decimal.
TEST(QuantityTest, BinaryFormFallsBackToDecimal) {
  EXPECT_EQ(Dec(1023, 0, kBinarySI).ToString(), "1023");
  EXPECT_EQ(Dec(1024, 0, kBinarySI).ToString(), "1Ki");
  EXPECT_EQ(Dec(-1024, 0, kBinarySI).ToString(), "-1Ki");
  EXPECT_EQ(Dec(-1023, 0, kBinarySI).ToString(), "-1023");
  EXPECT_EQ(Dec(10245, -1, kBinarySI).ToString(), "1024500m");  // 1024.5: not an integer
  EXPECT_EQ(Dec(3, 3, kBinarySI).ToString(), "3000");           // 3000 = 2^3 × 375: no Ki factor
  EXPECT_EQ(Dec(3072, 0, kBinarySI).ToString(), "3Ki");
  EXPECT_EQ(Dec(1, 18, kBinarySI).ToString(), "976562500000000Ki");  // 10^18 = 2^18 × 5^18
  EXPECT_EQ(Dec(1, -9, kBinarySI).ToString(), "1n");
  // Deliberate: past Ei upstream prints no suffix at all; we stay at Ei.
  const Quantity huge = P("1Ei") * 1024;
  EXPECT_EQ(huge.format(), kBinarySI);
  EXPECT_EQ(huge.ToString(), "1024Ei");
  EXPECT_EQ(P(huge.ToString().c_str()).format(), kBinarySI);
}

// Ported from TestQuantityCanocicalizeZero: a value that becomes zero prints "0", not "0m".
TEST(QuantityTest, ApimachineryQuantityCanonicalizeZero) {
  EXPECT_EQ((P("1000m") - P("1")).ToString(), "0");
  EXPECT_EQ((P("1Gi") - P("1024Mi")).ToString(), "0");
  EXPECT_EQ(Dec(0, 5, kDecimalExponent).ToString(), "0");
}

// ---------------------------------------------------------------------------------------------
// Deliberate: DecimalSI values outside n..E have no suffix; upstream drops the suffix and prints
// a wrong number, we print an exponent.
TEST(QuantityTest, DecimalSIOutsideSuffixRangeUsesExponent) {
  EXPECT_EQ(Dec(1, 21, kDecimalSI).ToString(), "1e21");
  EXPECT_EQ(Dec(15, 20, kDecimalSI).ToString(), "1500E");
  EXPECT_EQ(Dec(15, 22, kDecimalSI).ToString(), "150e21");
  EXPECT_EQ(Dec(1, -12, kDecimalSI).ToString(), "1e-12");
  EXPECT_EQ(Dec(-1, -10, kDecimalSI).ToString(), "-100e-12");
  EXPECT_EQ(P("1e21"), Dec(1, 21, kDecimalSI));
}

}  // namespace
}  // namespace tidepool
