// Kubernetes resource.Quantity with upstream semantics (k8s.io/apimachinery/pkg/api/resource).
//
// A quantity is a signed decimal number with an optional suffix: binary-SI (Ki Mi Gi Ti Pi Ei),
// decimal-SI (n u m "" k M G T P E) or a decimal exponent (e3, E-3). Parsing keeps the format the
// user wrote so that ToString() gives upstream's canonical form ("1536Mi" stays "1536Mi", "1.5Gi"
// becomes "1536Mi", "0.5" becomes "500m", "1e3" stays "1e3"). Values are exact decimals: a 128-bit
// integer times a power of ten. Parse rounds away from zero to nano precision as upstream does
// ("0.1n" is 1n) and caps binary quantities at 2^63-1 as upstream does ("9Ei").
//
// Deliberate differences from upstream (which uses arbitrary precision): at most kMaxDigits
// significant digits; Value()/MilliValue() saturate and always round away from zero; DecimalSI
// values beyond the n..E suffixes print with an exponent ("1e21") and binary ones beyond Ei stay
// at Ei ("1024Ei"), where upstream prints a wrong number without suffix.
//
// Thread-safety: a value type; const methods are safe to call concurrently.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/int128.h"
#include "core/status.h"

namespace tidepool {

class Quantity {
 public:
  enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

  Quantity() = default;  // zero, DecimalSI

  // Parses the upstream syntax. Errors carry upstream's messages, which do not repeat the text
  // (callers add it, as the API server does), e.g.
  // `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
  // `unable to parse quantity's suffix`, `unable to parse numeric part of quantity`.
  [[nodiscard]] static Result<Quantity> Parse(std::string_view text);
  // Parse, asserting validity; for literals in code and tests.
  static Quantity MustParse(std::string_view text);

  // Constructors from exact integer values.
  static Quantity FromInt(int64_t value, Format format = Format::kDecimalSI);
  static Quantity FromMilli(int64_t milli_value, Format format = Format::kDecimalSI);
  // value × 10^scale, e.g. FromScaled(5, -3) == 5m.
  static Quantity FromScaled(int64_t value, int32_t scale, Format format = Format::kDecimalSI);

  // The string form, as upstream's String(): canonical ("100m", "1Gi", "1500m", "1e3", "0"), except
  // that text Parse() read and upstream keeps verbatim is returned as written ("+1", "1.500").
  std::string ToString() const;

  // Value rounded away from zero to an integer (upstream Value(): "1.1" gives 2, "-1.1" gives -2);
  // MilliValue() is value × 1000 rounded the same way. Both saturate at the int64 range instead of
  // overflowing.
  int64_t Value() const;
  int64_t MilliValue() const;
  // value ÷ 10^scale rounded away from zero, saturating (upstream ScaledValue):
  // ScaledValue(-3) == MilliValue(), ScaledValue(9) counts giga-units.
  int64_t ScaledValue(int32_t scale) const;
  // Approximate value as a double (for prices, ratios and reports; never for decisions).
  double AsDouble() const;

  bool IsZero() const;
  int Sign() const;  // -1, 0, 1
  Format format() const { return format_; }

  // Arithmetic, exact up to kMaxDigits. The result keeps the left operand's format, unless it is
  // zero, in which case it takes the right operand's (upstream Add/Sub).
  Quantity& operator+=(const Quantity& other);
  Quantity& operator-=(const Quantity& other);
  friend Quantity operator+(Quantity a, const Quantity& b) { return a += b; }
  friend Quantity operator-(Quantity a, const Quantity& b) { return a -= b; }
  Quantity operator-() const;
  // Multiplies by an integer (e.g. a pod's request by a replica count). Exact up to kMaxDigits.
  Quantity operator*(int64_t factor) const;

  // Compares by value, ignoring format (upstream Cmp).
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b);
  friend bool operator==(const Quantity& a, const Quantity& b) {
    return a.mantissa_ == b.mantissa_ && a.exponent_ == b.exponent_;
  }

  // Prints ToString() and the format; gtest uses this in failure messages.
  friend void PrintTo(const Quantity& q, std::ostream* os);

  // Significant decimal digits a quantity holds exactly. Upstream uses arbitrary precision; this
  // bound is far beyond any resource amount (10^29 at nano precision). Parse rejects values that
  // need more; sums and products that need more are rounded to nearest at this precision.
  static constexpr int kMaxDigits = 38;

 private:
  // Builds mantissa × 10^exponent from a sign and magnitude, normalising (trailing zeros move into
  // the exponent) and rounding to kMaxDigits if needed.
  static Quantity FromParts(bool negative, UInt128 magnitude, int64_t exponent, Format format);
  // Upstream's canonical text (CanonicalizeBytes), ignoring text_.
  std::string CanonicalString() const;

  // The value is mantissa_ × 10^exponent_, exact, normalised: mantissa_ is 0 (and exponent_ 0) or
  // not a multiple of 10, and |mantissa_| < 10^kMaxDigits. Binary-formatted quantities are held in
  // decimal form too; the Format only decides how ToString() prints.
  Int128 mantissa_ = 0;
  int32_t exponent_ = 0;
  Format format_ = Format::kDecimalSI;
  // The text Parse() read when upstream would keep it as the string form (its `s` cache): upstream
  // re-emits e.g. "+1", "1E3" or "1.500" verbatim until the value changes, and so do we.
  std::string text_;
};

}  // namespace tidepool
