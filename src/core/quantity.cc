// Quantity values and arithmetic. Parsing and formatting live in quantity_text.cc.
#include "core/quantity.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <ostream>

#include "core/quantity_internal.h"

namespace tidepool {
namespace {

using quantity_internal::DigitCount;
using quantity_internal::Magnitude;
using quantity_internal::Pow10;

constexpr int64_t kMaxExponent = std::numeric_limits<int32_t>::max();
constexpr int64_t kMinExponent = std::numeric_limits<int32_t>::min();

// Magnitude of int64 v as unsigned, well defined for INT64_MIN.
UInt128 Magnitude64(int64_t v) { return Magnitude(static_cast<Int128>(v)); }

// Converts a signed magnitude to int64, saturating at the int64 range.
int64_t SaturateToInt64(bool negative, UInt128 magnitude) {
  constexpr UInt128 kMaxPositive = static_cast<UInt128>(std::numeric_limits<int64_t>::max());
  if (!negative) {
    return magnitude > kMaxPositive ? std::numeric_limits<int64_t>::max()
                                    : static_cast<int64_t>(magnitude);
  }
  if (magnitude > kMaxPositive + 1) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(UInt128{0} - magnitude);  // two's complement wrap is intended
}

// Go's math.Pow10: exact tables of powers of ten combined with one multiply or divide, so that
// AsDouble gives the same double as upstream's AsApproximateFloat64.
double GoPow10(int64_t n) {
  static constexpr double kSmall[] = {1e00, 1e01, 1e02, 1e03, 1e04, 1e05, 1e06, 1e07,
                                      1e08, 1e09, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23,
                                      1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31};
  static constexpr double kPos32[] = {1e00,  1e32,  1e64,  1e96,  1e128,
                                      1e160, 1e192, 1e224, 1e256, 1e288};
  static constexpr double kNeg32[] = {1e-00,  1e-32,  1e-64,  1e-96,  1e-128, 1e-160,
                                      1e-192, 1e-224, 1e-256, 1e-288, 1e-320};
  if (n >= 0 && n <= 308) return kPos32[n / 32] * kSmall[n % 32];
  if (n < 0 && n >= -323) return kNeg32[-n / 32] / kSmall[-n % 32];
  return n > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

// A 192-bit unsigned integer as three 64-bit limbs, least significant first: just enough to hold
// a 128-bit mantissa times a 64-bit factor before rounding it back into range.
struct Wide {
  uint64_t limb[3];

  static Wide Product(UInt128 a, uint64_t b) {
    const UInt128 low = static_cast<UInt128>(static_cast<uint64_t>(a)) * b;
    const UInt128 high = static_cast<UInt128>(static_cast<uint64_t>(a >> 64)) * b;
    Wide w{};
    w.limb[0] = static_cast<uint64_t>(low);
    const UInt128 mid = (low >> 64) + static_cast<uint64_t>(high);
    w.limb[1] = static_cast<uint64_t>(mid);
    w.limb[2] = static_cast<uint64_t>(high >> 64) + static_cast<uint64_t>(mid >> 64);
    return w;
  }
  bool FitsIn128() const { return limb[2] == 0; }
  UInt128 Low128() const { return (static_cast<UInt128>(limb[1]) << 64) | limb[0]; }
  // Divides by 10 in place and returns the remainder.
  int DivideBy10() {
    UInt128 rem = 0;
    for (int i = 2; i >= 0; --i) {
      const UInt128 cur = (rem << 64) | limb[i];
      limb[i] = static_cast<uint64_t>(cur / 10);
      rem = cur % 10;
    }
    return static_cast<int>(rem);
  }
};

// Rounds b (a magnitude with exponent from) to exponent to >= from, half away from zero.
UInt128 RoundToExponent(UInt128 magnitude, int64_t from, int64_t to) {
  const int64_t shift = to - from;
  if (shift == 0) return magnitude;
  if (shift > quantity_internal::kMaxPow10) return 0;  // magnitude < 10^38 <= half of 10^shift
  const UInt128 divisor = Pow10(static_cast<int>(shift));
  const UInt128 quotient = magnitude / divisor;
  const UInt128 remainder = magnitude % divisor;
  return remainder >= divisor - remainder ? quotient + 1 : quotient;
}

}  // namespace

Quantity Quantity::FromParts(bool negative, UInt128 magnitude, int64_t exponent, Format format) {
  Quantity q;
  q.format_ = format;
  if (magnitude == 0) return q;
  while (magnitude % 10 == 0) {
    magnitude /= 10;
    ++exponent;
  }
  // At most one digit too many can arrive here (magnitude < 2^128 < 10^39).
  if (magnitude >= Pow10(kMaxDigits)) {
    const bool round_up = magnitude % 10 >= 5;
    magnitude = magnitude / 10 + (round_up ? 1 : 0);
    ++exponent;
    while (magnitude % 10 == 0) {
      magnitude /= 10;
      ++exponent;
    }
  }
  // Only absurd chains of arithmetic can leave the int32 exponent range; clamp rather than wrap.
  if (exponent > kMaxExponent) exponent = kMaxExponent;
  if (exponent < kMinExponent) exponent = kMinExponent;
  q.mantissa_ = negative ? -static_cast<Int128>(magnitude) : static_cast<Int128>(magnitude);
  q.exponent_ = static_cast<int32_t>(exponent);
  return q;
}

Quantity Quantity::MustParse(std::string_view text) {
  Result<Quantity> q = Parse(text);
  if (!q) {
    std::fprintf(stderr, "Quantity::MustParse: cannot parse '%.*s': %s\n",
                 static_cast<int>(text.size()), text.data(), q.error().message().c_str());
    std::abort();
  }
  return *std::move(q);
}

Quantity Quantity::FromInt(int64_t value, Format format) {
  return FromParts(value < 0, Magnitude64(value), 0, format);
}

Quantity Quantity::FromMilli(int64_t milli_value, Format format) {
  return FromParts(milli_value < 0, Magnitude64(milli_value), -3, format);
}

Quantity Quantity::FromScaled(int64_t value, int32_t scale, Format format) {
  return FromParts(value < 0, Magnitude64(value), scale, format);
}

int64_t Quantity::ScaledValue(int32_t scale) const {
  if (mantissa_ == 0) return 0;
  const bool negative = mantissa_ < 0;
  const UInt128 magnitude = Magnitude(mantissa_);
  const int64_t shift = static_cast<int64_t>(exponent_) - scale;
  if (shift >= 0) {
    // Any result of 19 or more digits is beyond int64 and saturates.
    if (DigitCount(magnitude) + shift > 19) return SaturateToInt64(negative, Pow10(19));
    return SaturateToInt64(negative, magnitude * Pow10(static_cast<int>(shift)));
  }
  // Dividing: round away from zero, as upstream's ScaledValue does for int64 amounts.
  const int64_t down = -shift;
  if (down > quantity_internal::kMaxPow10) return negative ? -1 : 1;
  const UInt128 divisor = Pow10(static_cast<int>(down));
  UInt128 result = magnitude / divisor;
  if (magnitude % divisor != 0) ++result;
  return SaturateToInt64(negative, result);
}

int64_t Quantity::Value() const { return ScaledValue(0); }

int64_t Quantity::MilliValue() const { return ScaledValue(-3); }

double Quantity::AsDouble() const {
  const double base = static_cast<double>(mantissa_);
  if (exponent_ == 0) return base;
  return base * GoPow10(exponent_);
}

bool Quantity::IsZero() const { return mantissa_ == 0; }

int Quantity::Sign() const { return mantissa_ == 0 ? 0 : (mantissa_ < 0 ? -1 : 1); }

Quantity& Quantity::operator+=(const Quantity& other) {
  text_.clear();
  if (mantissa_ == 0) {
    mantissa_ = other.mantissa_;
    exponent_ = other.exponent_;
    format_ = other.format_;
    return *this;
  }
  if (other.mantissa_ == 0) return *this;

  const UInt128 a = Magnitude(mantissa_);
  const UInt128 b = Magnitude(other.mantissa_);
  const bool a_negative = mantissa_ < 0;
  const bool b_negative = other.mantissa_ < 0;
  const int64_t ea = exponent_;
  const int64_t eb = other.exponent_;
  // Work at the finer exponent, unless that needs more than kMaxDigits digits for the larger
  // operand; then the smaller one is rounded to fit (exact whenever the sum fits).
  const int64_t top = std::max(DigitCount(a) + ea, DigitCount(b) + eb);
  const int64_t work = std::max(std::min(ea, eb), top - kMaxDigits);
  auto align = [work](UInt128 m, int64_t e) {
    return e >= work ? m * Pow10(static_cast<int>(e - work)) : RoundToExponent(m, e, work);
  };
  const UInt128 x = align(a, ea);
  const UInt128 y = align(b, eb);
  // Both are below 10^38, so a same-sign sum (< 2×10^38) still fits 128 unsigned bits.
  if (a_negative == b_negative) {
    *this = FromParts(a_negative, x + y, work, format_);
  } else if (x >= y) {
    *this = FromParts(a_negative, x - y, work, format_);
  } else {
    *this = FromParts(b_negative, y - x, work, format_);
  }
  return *this;
}

Quantity& Quantity::operator-=(const Quantity& other) { return *this += -other; }

Quantity Quantity::operator-() const {
  Quantity q = *this;
  q.mantissa_ = -q.mantissa_;
  q.text_.clear();
  return q;
}

Quantity Quantity::operator*(int64_t factor) const {
  if (mantissa_ == 0 || factor == 0) return FromParts(false, 0, 0, format_);
  const bool negative = (mantissa_ < 0) != (factor < 0);
  Wide product = Wide::Product(Magnitude(mantissa_), static_cast<uint64_t>(Magnitude64(factor)));
  int64_t exponent = exponent_;
  // Drop low digits until kMaxDigits remain, rounding half away from zero on the last one dropped
  // (the most significant of them). Below 10^38 the increment cannot overflow.
  int last_digit = 0;
  while (!product.FitsIn128() || product.Low128() >= Pow10(kMaxDigits)) {
    last_digit = product.DivideBy10();
    ++exponent;
  }
  const UInt128 magnitude = product.Low128() + (last_digit >= 5 ? 1 : 0);
  return FromParts(negative, magnitude, exponent, format_);
}

std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
  const int sa = a.Sign();
  const int sb = b.Sign();
  if (sa != sb) return sa <=> sb;
  if (sa == 0) return std::strong_ordering::equal;
  UInt128 ma = quantity_internal::Magnitude(a.mantissa_);
  UInt128 mb = quantity_internal::Magnitude(b.mantissa_);
  // Compare orders of magnitude first; with equal orders the exponents differ by < 38 digits.
  const int64_t oa = quantity_internal::DigitCount(ma) + static_cast<int64_t>(a.exponent_);
  const int64_t ob = quantity_internal::DigitCount(mb) + static_cast<int64_t>(b.exponent_);
  std::strong_ordering magnitude_order = oa <=> ob;
  if (magnitude_order == std::strong_ordering::equal) {
    if (a.exponent_ > b.exponent_) {
      ma *= quantity_internal::Pow10(a.exponent_ - b.exponent_);
    } else {
      mb *= quantity_internal::Pow10(b.exponent_ - a.exponent_);
    }
    magnitude_order = ma <=> mb;
  }
  return sa > 0 ? magnitude_order : 0 <=> magnitude_order;
}

void PrintTo(const Quantity& q, std::ostream* os) {
  static constexpr const char* kFormatNames[] = {"DecimalSI", "BinarySI", "DecimalExponent"};
  *os << q.ToString() << " (" << kFormatNames[static_cast<int>(q.format_)] << ")";
}

}  // namespace tidepool
