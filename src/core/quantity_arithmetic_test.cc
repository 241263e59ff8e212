// Quantity values, ordering and arithmetic. Tables named Apimachinery* are ported from
// k8s.io/apimachinery/pkg/api/resource quantity_test.go; parsing and formatting tests are in
// quantity_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/quantity.h"
#include "core/random.h"

namespace tidepool {
namespace {

using F = Quantity::Format;
constexpr F kDecimalSI = F::kDecimalSI;
constexpr F kBinarySI = F::kBinarySI;
constexpr F kDecimalExponent = F::kDecimalExponent;
constexpr int64_t kMostPositive = std::numeric_limits<int64_t>::max();
constexpr int64_t kMostNegative = std::numeric_limits<int64_t>::min();

// upstream's decQuantity(i, exponent, format): i × 10^exponent.
Quantity Dec(int64_t value, int32_t exponent, F format) {
  return Quantity::FromScaled(value, exponent, format);
}

Quantity P(const char* text) { return Quantity::MustParse(text); }

// ---------------------------------------------------------------------------------------------
// Values.

// Ported from TestQuantityRoundUp: RoundUp(scale) rounds away from zero to a multiple of
// 10^scale; here through ScaledValue, whose result is that rounded value's count of 10^scale.
TEST(QuantityTest, ApimachineryQuantityRoundUp) {
  struct Case {
    const char* in;
    int32_t scale;
    Quantity expect;
    bool exact;
  };
  for (const Case& c : {
           Case{"9.01", -3, Dec(901, -2, kDecimalSI), true},
           Case{"9.01", -2, Dec(901, -2, kDecimalSI), true},
           Case{"9.01", -1, Dec(91, -1, kDecimalSI), false},
           Case{"9.01", 0, Dec(10, 0, kDecimalSI), false},
           Case{"9.01", 1, Dec(10, 0, kDecimalSI), false},
           Case{"9.01", 2, Dec(100, 0, kDecimalSI), false},
           Case{"-9.01", -3, Dec(-901, -2, kDecimalSI), true},
           Case{"-9.01", -2, Dec(-901, -2, kDecimalSI), true},
           Case{"-9.01", -1, Dec(-91, -1, kDecimalSI), false},
           Case{"-9.01", 0, Dec(-10, 0, kDecimalSI), false},
           Case{"-9.01", 1, Dec(-10, 0, kDecimalSI), false},
           Case{"-9.01", 2, Dec(-100, 0, kDecimalSI), false},
       }) {
    const Quantity q = P(c.in);
    const Quantity rounded = Dec(q.ScaledValue(c.scale), c.scale, kDecimalSI);
    EXPECT_EQ(rounded, c.expect) << c.in << " at scale " << c.scale;
    EXPECT_EQ(rounded == q, c.exact) << c.in << " at scale " << c.scale;
  }
}

// Ported from TestScaledValue.
TEST(QuantityTest, ApimachineryScaledValue) {
  struct Case {
    int32_t from;
    int32_t to;
    int64_t expected;
  };
  for (const Case& c :
       {Case{-9, -9, 1}, Case{-9, -6, 1}, Case{-9, -3, 1}, Case{-9, 0, 1}, Case{-6, -9, 1000},
        Case{-6, -6, 1}, Case{-6, -3, 1}, Case{-6, 0, 1}, Case{-3, -9, 1000 * 1000},
        Case{-3, -6, 1000}, Case{-3, -3, 1}, Case{-3, 0, 1}, Case{0, -9, 1000 * 1000 * 1000},
        Case{0, -6, 1000 * 1000}, Case{0, -3, 1000}, Case{0, 0, 1}, Case{2, -2, 100 * 100}}) {
    EXPECT_EQ(Quantity::FromScaled(1, c.from).ScaledValue(c.to), c.expected)
        << c.from << " to " << c.to;
  }
}

// Ported from TestNewScaledSet.
TEST(QuantityTest, ApimachineryNewScaledSet) {
  struct Case {
    int64_t value;
    int32_t scale;
    const char* expect;
  };
  for (const Case& c :
       {Case{1, -9, "1n"}, Case{1000, -9, "1u"}, Case{1, -6, "1u"}, Case{1000, -6, "1m"},
        Case{1, -3, "1m"}, Case{1000, -3, "1"}, Case{1, 0, "1"}, Case{0, -9, "0"}, Case{0, -6, "0"},
        Case{0, -3, "0"}, Case{0, 0, "0"}}) {
    const Quantity q = Quantity::FromScaled(c.value, c.scale);
    EXPECT_EQ(q.ToString(), c.expect);
    const Quantity q2 = P(q.ToString().c_str());
    EXPECT_EQ(q2.ScaledValue(c.scale), c.value);
    EXPECT_EQ(q2, q);
  }
}

// Ported from TestMilliNewSet. (Upstream's row with an invalid format prints as DecimalExponent.)
TEST(QuantityTest, ApimachineryMilliNewSet) {
  struct Case {
    int64_t value;
    F format;
    const char* expect;
    bool exact;
  };
  for (const Case& c : {Case{1, kDecimalSI, "1m", true}, Case{1000, kDecimalSI, "1", true},
                        Case{1234000, kDecimalSI, "1234", true},
                        Case{1024, kBinarySI, "1024m", false},  // Format changes
                        Case{1000000, kDecimalExponent, "1e3", true},
                        Case{1024 * 1024, kBinarySI, "1048576m", false}}) {
    const Quantity q = Quantity::FromMilli(c.value, c.format);
    EXPECT_EQ(q.ToString(), c.expect);
    EXPECT_EQ(q.MilliValue(), c.value);
    if (c.exact) {
      EXPECT_EQ(P(q.ToString().c_str()).MilliValue(), c.value);
    }
  }
}

// Ported from TestNewSet.
TEST(QuantityTest, ApimachineryNewSet) {
  struct Case {
    int64_t value;
    F format;
    const char* expect;
  };
  for (const Case& c :
       {Case{1, kDecimalSI, "1"}, Case{1000, kDecimalSI, "1k"}, Case{1234000, kDecimalSI, "1234k"},
        Case{1024, kBinarySI, "1Ki"}, Case{1000000, kDecimalExponent, "1e6"},
        Case{1024 * 1024, kBinarySI, "1Mi"}}) {
    const Quantity q = Quantity::FromInt(c.value, c.format);
    EXPECT_EQ(q.ToString(), c.expect);
    EXPECT_EQ(q.format(), c.format);
    EXPECT_EQ(P(q.ToString().c_str()).Value(), c.value);
  }
}

// Ported from TestUninitializedNoCrash and TestDeepCopy.
TEST(QuantityTest, ApimachineryUninitializedAndCopies) {
  const Quantity q;
  EXPECT_EQ(q.Value(), 0);
  EXPECT_EQ(q.MilliValue(), 0);
  EXPECT_EQ(q.ToString(), "0");
  EXPECT_EQ(q.format(), kDecimalSI);
  Quantity five = Quantity::FromInt(5);
  Quantity copy = five;
  copy = Quantity::FromInt(6);
  EXPECT_EQ(five.Value(), 5);
  EXPECT_EQ(copy.Value(), 6);
}

// Value and MilliValue round away from zero (upstream's int64Amount.AsScaledInt64) and, as a
// deliberate difference, saturate instead of overflowing.
TEST(QuantityTest, ValueRoundsAwayFromZeroAndSaturates) {
  struct Case {
    const char* in;
    int64_t value;
    int64_t milli;
  };
  for (const Case& c : {Case{"0", 0, 0},
                        Case{"1", 1, 1000},
                        Case{"0.5", 1, 500},
                        Case{"-0.5", -1, -500},
                        Case{"1.1", 2, 1100},
                        Case{"-1.1", -2, -1100},
                        Case{"100m", 1, 100},
                        Case{"1n", 1, 1},
                        Case{"-1n", -1, -1},
                        Case{"1500u", 1, 2},
                        Case{"1Ki", 1024, 1024000},
                        Case{"1.5Gi", 1610612736, 1610612736000},
                        Case{"2.5P", 2500000000000000, 2500000000000000000},
                        Case{"9223372036854775807", kMostPositive, kMostPositive},
                        Case{"-9223372036854775808", kMostNegative, kMostNegative},
                        Case{"9223372036854775808", kMostPositive, kMostPositive},
                        Case{"-9223372036854775809", kMostNegative, kMostNegative},
                        Case{"1e30", kMostPositive, kMostPositive},
                        Case{"-1e30", kMostNegative, kMostNegative},
                        Case{"9223372036854775.807k", kMostPositive, kMostPositive},
                        Case{"9223372036854775.807", 9223372036854776, kMostPositive},
                        Case{"9223372036854775807m", 9223372036854776, kMostPositive}}) {
    const Quantity q = P(c.in);
    EXPECT_EQ(q.Value(), c.value) << c.in;
    EXPECT_EQ(q.MilliValue(), c.milli) << c.in;
  }
  EXPECT_EQ(P("9223372036854775807m").ScaledValue(-3), kMostPositive);
  EXPECT_EQ(P("1").ScaledValue(-18), 1000000000000000000);
  EXPECT_EQ(P("10").ScaledValue(-18), kMostPositive);
  EXPECT_EQ(P("1").ScaledValue(100), 1);
  EXPECT_EQ(P("-1").ScaledValue(100), -1);
  EXPECT_EQ(P("1e300").ScaledValue(299), 10);
}

// Ported from TestQuantityAsApproximateFloat64 and TestStringQuantityAsApproximateFloat64.
TEST(QuantityTest, ApimachineryAsApproximateFloat64) {
  const double kInf = std::numeric_limits<double>::infinity();
  struct Case {
    Quantity in;
    double out;
  };
  std::vector<Case> cases = {
      {Dec(0, 0, kDecimalSI), 0.0},
      {Dec(0, 0, kDecimalExponent), 0.0},
      {Dec(0, 0, kBinarySI), 0.0},
      {Dec(1, 0, kDecimalSI), 1},
      {Dec(1, 0, kDecimalExponent), 1},
      {Dec(1, 0, kBinarySI), 1},
      {Dec(kMostPositive, 0, kDecimalSI), static_cast<double>(kMostPositive)},
      {Dec(kMostPositive, 0, kBinarySI), static_cast<double>(kMostPositive)},
      {Dec(12, 18, kDecimalSI), 1.2e19},
      {Dec(12, 500, kDecimalSI), kInf},
      {Dec(-12, 500, kDecimalSI), -kInf},
      {P("2Ki"), 2048},
      {P("1.1Ki"), 1126.4e+0},
      {P("1Mi"), 1.048576e+06},
      {P("2Gi"), 2.147483648e+09},
  };
  for (F format : {kBinarySI, kDecimalSI, kDecimalExponent}) {
    const int64_t v = 7 * 1024 * 1024;
    cases.push_back({Dec(1024, 0, format), 1024});
    cases.push_back({Dec(8 * 1024, 0, format), 8 * 1024});
    cases.push_back({Dec(v, 0, format), static_cast<double>(v)});
    cases.push_back({Dec(v, 1, format), static_cast<double>(v) * 10});
    cases.push_back({Dec(v, 4, format), static_cast<double>(v) * 10000});
    cases.push_back({Dec(v, 8, format), static_cast<double>(v) * 100000000});
    // Upstream: '* Pow10' and '/ float(10)' do not round the same way; it multiplies.
    cases.push_back({Dec(v, -1, format), static_cast<double>(v) * 0.1});
    cases.push_back({Dec(v, -8, format), static_cast<double>(v) / 100000000.0});
  }
  for (const Case& c : cases) {
    EXPECT_EQ(c.in.AsDouble(), c.out) << c.in.ToString();
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison.

// Ported from TestQuantityCmp.
TEST(QuantityTest, ApimachineryQuantityCmp) {
  struct Case {
    const char* x;
    const char* y;
    int expect;
  };
  for (const Case& c : {Case{"0", "0", 0}, Case{"100m", "50m", 1}, Case{"50m", "100m", -1},
                        Case{"10000T", "100Gi", 1}}) {
    const std::strong_ordering order = P(c.x) <=> P(c.y);
    EXPECT_EQ(order, c.expect <=> 0) << c.x << " vs " << c.y;
  }
  EXPECT_EQ(Quantity() <=> Dec(0, 0, kDecimalSI), std::strong_ordering::equal);
  EXPECT_LT(Quantity(), Dec(10, 0, kDecimalSI));
  EXPECT_GT(Quantity(), Dec(-10, 0, kDecimalSI));
  EXPECT_GT(Dec(10, 0, kDecimalSI), Quantity());
  EXPECT_LT(Dec(-10, 0, kDecimalSI), Quantity());
}

// Ported from TestQuantityCmpInt64AndDec; both orders are checked.
TEST(QuantityTest, ApimachineryQuantityCmpInt64AndDec) {
  struct Case {
    Quantity a;
    Quantity b;
    int cmp;
  };
  const int64_t e18 = 1000000LL * 1000000 * 1000000;
  for (const Case& c : {
           Case{Dec(901, -2, kDecimalSI), Dec(901, -2, kDecimalSI), 0},
           Case{Dec(90, -1, kDecimalSI), Dec(901, -2, kDecimalSI), -1},
           Case{Dec(901, -2, kDecimalSI), Dec(900, -2, kDecimalSI), 1},
           Case{Dec(0, 0, kDecimalSI), Dec(0, 0, kDecimalSI), 0},
           Case{Dec(0, 1, kDecimalSI), Dec(0, -1, kDecimalSI), 0},
           Case{Dec(0, -1, kDecimalSI), Dec(0, 1, kDecimalSI), 0},
           Case{Dec(800, -3, kDecimalSI), Dec(1, 0, kDecimalSI), -1},
           Case{Dec(800, -3, kDecimalSI), Dec(79, -2, kDecimalSI), 1},
           Case{Dec(kMostPositive, 0, kDecimalSI), Dec(1, -1, kDecimalSI), 1},
           Case{Dec(kMostPositive, 1, kDecimalSI), Dec(1, 0, kDecimalSI), 1},
           Case{Dec(kMostPositive, 1, kDecimalSI), Dec(1, 1, kDecimalSI), 1},
           Case{Dec(kMostPositive, 1, kDecimalSI), Dec(0, 1, kDecimalSI), 1},
           Case{Dec(kMostPositive, -16, kDecimalSI), Dec(1, 3, kDecimalSI), -1},
           Case{Dec(kMostNegative, 0, kDecimalSI), Dec(0, 0, kDecimalSI), -1},
           Case{Dec(kMostNegative, -18, kDecimalSI), Dec(-1, 0, kDecimalSI), -1},
           Case{Dec(kMostNegative, -19, kDecimalSI), Dec(-1, 0, kDecimalSI), 1},
           Case{Dec(e18, -17, kDecimalSI), Dec(1, 1, kDecimalSI), 0},
           Case{Dec(e18, -17, kDecimalSI), Dec(-10, 0, kDecimalSI), 1},
           Case{Dec(-e18, -17, kDecimalSI), Dec(-10, 0, kDecimalSI), 0},
           Case{Dec(e18, -17, kDecimalSI), Dec(1, 0, kDecimalSI), 1},
           Case{Dec(e18 + 1, -17, kDecimalSI), Dec(1, 1, kDecimalSI), 1},
           Case{Dec(e18 - 1, -17, kDecimalSI), Dec(1, 1, kDecimalSI), -1},
       }) {
    EXPECT_EQ(c.a <=> c.b, c.cmp <=> 0) << c.a.ToString() << " vs " << c.b.ToString();
    EXPECT_EQ(c.b <=> c.a, 0 <=> c.cmp) << c.b.ToString() << " vs " << c.a.ToString();
    EXPECT_EQ(c.a == c.b, c.cmp == 0);
  }
}

// Equality is by value: format and spelling do not matter.
TEST(QuantityTest, EqualityIgnoresFormatAndSpelling) {
  EXPECT_EQ(P("1Ki"), P("1024"));
  EXPECT_EQ(P("1Ki"), P("1.024k"));
  EXPECT_EQ(P("1e3"), P("1k"));
  EXPECT_EQ(P("+1.500"), P("1500m"));
  EXPECT_EQ(P("0Ki"), P("0"));
  EXPECT_NE(P("1Ki"), P("1k"));
  EXPECT_LT(P("1k"), P("1Ki"));
  EXPECT_LT(P("-1Ki"), P("-1k"));
  EXPECT_LT(P("999999999999999999999999999999"), P("1e30"));
  EXPECT_LT(P("1e-9"), P("2n"));
  EXPECT_GT(P("1e300"), P("9Ei"));
  EXPECT_LT(P("-1e300"), P("-9Ei"));
}

// Sorting a mixed list agrees with comparing AsDouble (distinct values far apart).
TEST(QuantityTest, OrderingIsConsistent) {
  std::vector<Quantity> qs = {P("1Gi"),  P("-3"), P("100m"), P("1e3"),   P("0"),  P("2.5k"),
                              P("-1Mi"), P("1n"), P("7Ei"),  P("-500u"), P("1G"), P("1E")};
  std::sort(qs.begin(), qs.end());
  for (size_t i = 1; i < qs.size(); ++i) {
    EXPECT_LT(qs[i - 1], qs[i]);
    EXPECT_LT(qs[i - 1].AsDouble(), qs[i].AsDouble());
  }
}

// ---------------------------------------------------------------------------------------------
// Arithmetic.

// Ported from TestAdd.
TEST(QuantityTest, ApimachineryAdd) {
  struct Case {
    Quantity a;
    Quantity b;
    Quantity expected;
    F format;
  };
  for (const Case& c : {
           Case{Dec(10, 0, kDecimalSI), Dec(1, 1, kDecimalSI), Dec(20, 0, kDecimalSI), kDecimalSI},
           Case{Dec(10, 0, kDecimalSI), Dec(1, 0, kBinarySI), Dec(11, 0, kDecimalSI), kDecimalSI},
           Case{Dec(10, 0, kBinarySI), Dec(1, 0, kDecimalSI), Dec(11, 0, kBinarySI), kBinarySI},
           Case{Quantity(), Dec(50, 0, kDecimalSI), Dec(50, 0, kDecimalSI), kDecimalSI},
           Case{Dec(50, 0, kDecimalSI), Quantity(), Dec(50, 0, kDecimalSI), kDecimalSI},
           Case{Quantity(), Quantity(), Dec(0, 0, kDecimalSI), kDecimalSI},
       }) {
    Quantity sum = c.a;
    sum += c.b;
    EXPECT_EQ(sum, c.expected);
    EXPECT_EQ(sum.format(), c.format);
    EXPECT_EQ(c.a + c.b, c.expected);
  }
}

// Ported from TestSub.
TEST(QuantityTest, ApimachinerySub) {
  struct Case {
    Quantity a;
    Quantity b;
    Quantity expected;
    F format;
  };
  for (const Case& c : {
           Case{Dec(10, 0, kDecimalSI), Dec(1, 1, kDecimalSI), Dec(0, 0, kDecimalSI), kDecimalSI},
           Case{Dec(10, 0, kDecimalSI), Dec(1, 0, kBinarySI), Dec(9, 0, kDecimalSI), kDecimalSI},
           Case{Dec(10, 0, kBinarySI), Dec(1, 0, kDecimalSI), Dec(9, 0, kBinarySI), kBinarySI},
           Case{Quantity(), Dec(50, 0, kDecimalSI), Dec(-50, 0, kDecimalSI), kDecimalSI},
           Case{Dec(50, 0, kDecimalSI), Quantity(), Dec(50, 0, kDecimalSI), kDecimalSI},
           Case{Quantity(), Quantity(), Dec(0, 0, kDecimalSI), kDecimalSI},
       }) {
    Quantity difference = c.a;
    difference -= c.b;
    EXPECT_EQ(difference, c.expected);
    EXPECT_EQ(difference.format(), c.format);
    EXPECT_EQ(c.a - c.b, c.expected);
  }
}

// Ported from TestQuantityAddZeroPreservesSuffix and TestQuantitySubZeroPreservesSuffix: a zero
// on the left takes the other operand's format.
TEST(QuantityTest, ApimachineryZeroPreservesSuffix) {
  for (const char* text : {"100m", "1Gi"}) {
    const Quantity value = P(text);
    const Quantity zero = P("0");
    EXPECT_EQ((value + zero).ToString(), text);
    EXPECT_EQ((zero + value).ToString(), text);
    EXPECT_EQ((value - zero).ToString(), text);
    EXPECT_EQ((zero - value).ToString(), (-value).ToString());
    EXPECT_EQ((zero - value).ToString(), std::string("-") + text);
  }
}

// Ported from TestQuantityNeg and TestNeg.
TEST(QuantityTest, ApimachineryNeg) {
  EXPECT_EQ((-Dec(901, -2, kDecimalSI)).ToString(), "-9010m");
  EXPECT_EQ(-Dec(0, 0, kDecimalSI), Dec(0, 0, kDecimalSI));
  EXPECT_EQ(-Quantity(), Quantity());
  EXPECT_EQ(-Dec(10, 0, kBinarySI), Dec(-10, 0, kBinarySI));
  EXPECT_EQ(-Dec(-10, 0, kBinarySI), Dec(10, 0, kBinarySI));
  EXPECT_EQ((-Dec(10, 0, kBinarySI)).format(), kBinarySI);
  const Quantity source = Dec(901, -2, kDecimalSI);
  const Quantity negated = -source;
  EXPECT_NE(negated, source);              // negating does not mutate the source
  EXPECT_EQ((-P("+1")).ToString(), "-1");  // the kept text does not survive a change
}

// Ported from TestMul (upstream's ok flag reports int64 overflow; the value is exact either way).
TEST(QuantityTest, ApimachineryMul) {
  struct Case {
    Quantity a;
    int64_t b;
    Quantity expected;
  };
  for (const Case& c : {
           Case{Dec(10, 0, kDecimalSI), 10, Dec(100, 0, kDecimalSI)},
           Case{Dec(10, 0, kDecimalSI), 1, Dec(10, 0, kDecimalSI)},
           Case{Dec(10, 0, kBinarySI), 1, Dec(10, 0, kBinarySI)},
           Case{Quantity(), 50, Dec(0, 0, kDecimalSI)},
           Case{Dec(50, 0, kDecimalSI), 0, Dec(0, 0, kDecimalSI)},
           Case{Quantity(), 0, Dec(0, 0, kDecimalSI)},
           Case{Dec(10, 0, kDecimalSI), -10, Dec(-100, 0, kDecimalSI)},
           Case{Dec(-10, 0, kDecimalSI), 1, Dec(-10, 0, kDecimalSI)},
           Case{Dec(10, 0, kBinarySI), -1, Dec(-10, 0, kBinarySI)},
           Case{Dec(-50, 0, kDecimalSI), 0, Dec(0, 0, kDecimalSI)},
           Case{Dec(-50, 0, kDecimalSI), -50, Dec(2500, 0, kDecimalSI)},
           Case{Quantity(), -50, Dec(0, 0, kDecimalSI)},
           Case{Dec(kMostPositive, 0, kDecimalSI), 0, Dec(0, 1, kDecimalSI)},
           Case{Dec(kMostPositive, 0, kDecimalSI), 1, Dec(kMostPositive, 0, kDecimalSI)},
           Case{Dec(kMostPositive, 0, kDecimalSI), -1, Dec(-kMostPositive, 0, kDecimalSI)},
           Case{Dec(kMostPositive / 2, 0, kDecimalSI), 2,
                Dec((kMostPositive / 2) * 2, 0, kDecimalSI)},
           Case{Dec(kMostPositive / -2, 0, kDecimalSI), -2,
                Dec((kMostPositive / 2) * 2, 0, kDecimalSI)},
           Case{Dec(kMostPositive, 0, kDecimalSI), 2, P("18446744073709551614")},
           Case{Dec(kMostPositive, 0, kDecimalSI), 10, Dec(kMostPositive, 1, kDecimalSI)},
           Case{Dec(kMostPositive, 0, kDecimalSI), -10, Dec(-kMostPositive, 1, kDecimalSI)},
           Case{Dec(kMostNegative, 0, kDecimalSI), 0, Dec(0, 1, kDecimalSI)},
           Case{Dec(kMostNegative, 0, kDecimalSI), 1, Dec(kMostNegative, 0, kDecimalSI)},
           Case{Dec(kMostNegative, 0, kDecimalSI), -1, P("9223372036854775808")},
           Case{Dec(kMostNegative / 2, 0, kDecimalSI), 2, Dec(kMostNegative, 0, kDecimalSI)},
           Case{Dec(kMostNegative / -2, 0, kDecimalSI), -2, Dec(kMostNegative, 0, kDecimalSI)},
           Case{Dec(kMostNegative, 0, kDecimalSI), 2, P("-18446744073709551616")},
           Case{Dec(kMostNegative, 0, kDecimalSI), 10, Dec(kMostNegative, 1, kDecimalSI)},
           Case{Dec(kMostNegative, 0, kDecimalSI), -10, P("92233720368547758080")},
       }) {
    const Quantity product = c.a * c.b;
    EXPECT_EQ(product, c.expected) << c.a.ToString() << " * " << c.b;
    EXPECT_EQ(product.format(), c.a.format());
  }
  EXPECT_EQ((P("100m") * 3).ToString(), "300m");
  EXPECT_EQ((P("1.5Gi") * 4).ToString(), "6Gi");
  EXPECT_EQ((P("500Mi") * -2).ToString(), "-1000Mi");
}

// Ported from TestAddSubRoundTrip and TestAddSubRoundTripAcrossScales (seeded here).
TEST(QuantityTest, ApimachineryAddSubRoundTrip) {
  Random rng(20240601);
  auto int63 = [](Random& r) { return r.UniformInt(0, kMostPositive); };
  for (int32_t k = -10; k <= 10; ++k) {
    Quantity q;
    std::vector<int64_t> order;
    for (int i = 0; i < 100; ++i) {
      const int64_t j = int63(rng);
      order.push_back(j);
      q += Quantity::FromScaled(j, k);
    }
    for (int64_t j : order) q -= Quantity::FromScaled(j, k);
    EXPECT_TRUE(q.IsZero()) << "scale " << k << ": " << q.ToString();
  }
  Quantity q;
  std::vector<int64_t> order;
  for (int i = 0; i < 100; ++i) {
    const int64_t j = int63(rng);
    order.push_back(j);
    q += Quantity::FromScaled(j, static_cast<int32_t>(j % 20 - 10));
  }
  for (int64_t j : order) q -= Quantity::FromScaled(j, static_cast<int32_t>(j % 20 - 10));
  EXPECT_TRUE(q.IsZero()) << q.ToString();
}

// Ported from TestNegateRoundTrip (seeded here).
TEST(QuantityTest, ApimachineryNegateRoundTrip) {
  Random rng(7);
  auto int63 = [](Random& r) { return r.UniformInt(0, kMostPositive); };
  for (int32_t k = -10; k <= 10; ++k) {
    for (int i = 0; i < 100; ++i) {
      const Quantity q = Quantity::FromScaled(int63(rng), k);
      EXPECT_EQ(-(-q), q);
      EXPECT_TRUE((q + -q).IsZero());
    }
  }
}

// Sums are exact while they fit 38 significant digits; beyond that (10^29 at nano precision)
// they round to nearest (deliberate: upstream has arbitrary precision).
TEST(QuantityTest, ArithmeticPrecisionLimit) {
  EXPECT_EQ((P("10000000000000000000000000000000000000") + P("1")).ToString(),
            "10000000000000000000000000000000000001");
  EXPECT_EQ((P("99999999999999999999999999999999999999") + P("1")).ToString(), "100e36");
  EXPECT_EQ(P("1e30") + P("1n"), P("1e30"));
  EXPECT_EQ(P("1e30") - P("1n"), P("1e30"));
  EXPECT_EQ(P("1e300") + P("-1e300"), Quantity());
  EXPECT_EQ(P("5e37") + P("1e-1"), P("5e37"));
  EXPECT_EQ(P("1e38") + P("4"), P("1e38"));
  EXPECT_EQ(P("1e38") + P("5"), P("10000000000000000000000000000000000001e1"));  // half away
  EXPECT_EQ(P("1e37") + P("5"), P("10000000000000000000000000000000000005"));
  EXPECT_EQ(P("99999999999999999999999999999999999999") * 1000000007, P("1000000007e38"));
  EXPECT_EQ(P("-99999999999999999999999999999999999999") * kMostNegative,
            P("92233720368547758079999999999999999999e19"));
  EXPECT_EQ(P("12345678901234567890123456789") * kMostPositive,
            P("11386878955363490700007386299989351751e10"));
}

// ---------------------------------------------------------------------------------------------
// Round trips.

// Ported from TestJSON: random quantities shaped like upstream's fuzzer survive
// ToString → Parse (seeded here).
TEST(QuantityTest, ApimachineryJsonRoundTrip) {
  Random rng(42);
  auto int63 = [](Random& r) { return r.UniformInt(0, kMostPositive); };
  auto intn = [&rng](int64_t n) { return rng.UniformInt(0, n - 1); };
  for (int i = 0; i < 2000; ++i) {
    Quantity q;
    if (intn(2) == 0) {
      q = intn(2) == 0
              ? Quantity::FromInt(int63(rng), kBinarySI)
              : Quantity::FromScaled(intn(1024), 0, kBinarySI) * (int64_t{1} << (10 * intn(5)));
    } else {
      const F format = intn(2) == 0 ? kDecimalSI : kDecimalExponent;
      q = intn(2) == 0
              ? Quantity::FromScaled(int63(rng), static_cast<int32_t>(-intn(4)), format)
              : Quantity::FromScaled(intn(1000), static_cast<int32_t>(intn(15) - 3), format);
    }
    if (intn(2) == 0) q = -q;
    const std::string text = q.ToString();
    Result<Quantity> back = Quantity::Parse(text);
    ASSERT_TRUE(back) << text << ": " << back.error().message();
    EXPECT_EQ(*back, q) << text;
    // A binary value with no Ki factor prints without suffix and so reparses as DecimalSI (as
    // upstream); from then on the string form is stable.
    EXPECT_EQ(P(back->ToString().c_str()).ToString(), back->ToString()) << text;
  }
}

}  // namespace
}  // namespace tidepool
