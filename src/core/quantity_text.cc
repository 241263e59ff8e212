// Quantity parsing and formatting with upstream's exact rules (k8s.io/apimachinery
// pkg/api/resource quantity.go ParseQuantity/CanonicalizeBytes, suffix.go). Parsing works on the
// decimal digit string, so inputs of any length round exactly as upstream's arbitrary precision
// does before the value is narrowed to a 128-bit mantissa.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/quantity.h"
#include "core/quantity_internal.h"

namespace tidepool {
namespace {

using Format = Quantity::Format;
using quantity_internal::DigitCount;
using quantity_internal::Magnitude;
using quantity_internal::Pow10;
using quantity_internal::ToDecimal;

constexpr std::string_view kFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kNumericError = "unable to parse numeric part of quantity";
constexpr std::string_view kSuffixError = "unable to parse quantity's suffix";
// Values below 10^-9 round up to 1n, as upstream rounds to nano precision.
constexpr int64_t kNanoExponent = -9;
// Parsed exponents beyond this are refused (upstream truncates them to 32 bits).
constexpr int64_t kMaxParsedExponent = 1'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

tl::unexpected<Error> ParseError(std::string_view message) {
  return Fail(ErrorCode::kInvalidArgument, std::string(message));
}

// The pieces upstream's parseQuantityString splits a quantity into.
struct Scanned {
  bool positive = true;
  std::string_view num;    // integer digits without leading zeros; empty means 0
  std::string_view denom;  // digits after the decimal point
  std::string_view suffix;
  bool has_digits = true;  // whether the number text holds any digit at all ("." does not)
};

// Splits text into sign, number and suffix; false when the text cannot be a quantity.
bool Scan(std::string_view str, Scanned& out) {
  size_t pos = 0;
  const size_t end = str.size();
  if (str[0] == '-' || str[0] == '+') {
    out.positive = str[0] == '+';
    ++pos;
  }
  const size_t zeros_start = pos;
  while (pos < end && str[pos] == '0') ++pos;
  if (pos == end) return true;  // only zeros (or nothing) after the sign: the value 0
  const bool had_zeros = pos > zeros_start;

  const size_t num_start = pos;
  while (pos < end && IsDigit(str[pos])) ++pos;
  out.num = str.substr(num_start, pos - num_start);
  if (pos < end && str[pos] == '.') {
    const size_t denom_start = ++pos;
    while (pos < end && IsDigit(str[pos])) ++pos;
    out.denom = str.substr(denom_start, pos - denom_start);
  }
  out.has_digits = had_zeros || !out.num.empty() || !out.denom.empty();

  const size_t suffix_start = pos;
  while (pos < end && std::string_view("eEinumkKMGTP").find(str[pos]) != std::string_view::npos) {
    ++pos;
  }
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  while (pos < end && IsDigit(str[pos])) ++pos;
  if (pos != end) return false;
  out.suffix = str.substr(suffix_start);
  return true;
}

struct SuffixMeaning {
  Format format;
  int64_t exponent;  // power of ten, or power of two for kBinarySI
};

// Go's strconv.ParseInt(text, 10, 64): optional sign, at least one digit, no overflow.
bool ParseGoInt64(std::string_view text, int64_t& out) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  UInt128 value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > static_cast<UInt128>(std::numeric_limits<int64_t>::max()) + 1) return false;
  }
  if (!negative && value > static_cast<UInt128>(std::numeric_limits<int64_t>::max())) return false;
  out = negative ? static_cast<int64_t>(UInt128{0} - value) : static_cast<int64_t>(value);
  return true;
}

bool InterpretSuffix(std::string_view s, SuffixMeaning& out) {
  struct Entry {
    std::string_view name;
    SuffixMeaning meaning;
  };
  static constexpr Entry kTable[] = {
      {"", {Format::kDecimalSI, 0}},   {"n", {Format::kDecimalSI, -9}},
      {"u", {Format::kDecimalSI, -6}}, {"m", {Format::kDecimalSI, -3}},
      {"k", {Format::kDecimalSI, 3}},  {"M", {Format::kDecimalSI, 6}},
      {"G", {Format::kDecimalSI, 9}},  {"T", {Format::kDecimalSI, 12}},
      {"P", {Format::kDecimalSI, 15}}, {"E", {Format::kDecimalSI, 18}},
      {"Ki", {Format::kBinarySI, 10}}, {"Mi", {Format::kBinarySI, 20}},
      {"Gi", {Format::kBinarySI, 30}}, {"Ti", {Format::kBinarySI, 40}},
      {"Pi", {Format::kBinarySI, 50}}, {"Ei", {Format::kBinarySI, 60}},
  };
  for (const Entry& e : kTable) {
    if (e.name == s) {
      out = e.meaning;
      return true;
    }
  }
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    int64_t exponent = 0;
    if (!ParseGoInt64(s.substr(1), exponent)) return false;
    // Upstream keeps only the low 32 bits of the exponent; refusing is the honest option.
    if (exponent > kMaxParsedExponent || exponent < -kMaxParsedExponent) return false;
    out = {Format::kDecimalExponent, exponent};
    return true;
  }
  return false;
}

// Whether upstream parses this on its int64 fast path (the only path that keeps the input text as
// the string form), given num as upstream sees it ("0" when empty).
bool UpstreamFastPath(const Scanned& s, std::string_view num, const SuffixMeaning& suffix) {
  const auto num_len = static_cast<int64_t>(num.size());
  const auto denom_len = static_cast<int64_t>(s.denom.size());
  if (suffix.format == Format::kBinarySI) {
    if (denom_len != 0) return false;
    return 15 - num_len - suffix.exponent * 3 / 10 - 1 >= 0;
  }
  return 18 - (num_len + denom_len) >= 0 && suffix.exponent - denom_len >= kNanoExponent;
}

// Upstream keeps the input text as the string form when a cheap test says it is canonical already.
bool UpstreamKeepsText(const Scanned& s, std::string_view num, const SuffixMeaning& suffix) {
  if (suffix.format == Format::kBinarySI) {
    // value & 7 != 0; 1000 is a multiple of 8, so the last three digits decide.
    const std::string_view tail = num.substr(num.size() > 3 ? num.size() - 3 : 0);
    unsigned value = 0;
    for (char c : tail) value = value * 10 + static_cast<unsigned>(c - '0');
    return value % 8 != 0;
  }
  const int64_t scale = suffix.exponent - static_cast<int64_t>(s.denom.size());
  if (scale % 3 != 0) return false;
  std::string shifted;
  shifted.append(num).append(s.denom);
  const bool ends_in_000 = shifted.size() >= 3 && shifted.ends_with("000");
  return !ends_in_000 && shifted[0] != '0';
}

// digits × 1024 in place (decimal schoolbook multiplication).
void MultiplyBy1024(std::string& digits) {
  unsigned carry = 0;
  for (size_t i = digits.size(); i-- > 0;) {
    const unsigned v = static_cast<unsigned>(digits[i] - '0') * 1024 + carry;
    digits[i] = static_cast<char>('0' + v % 10);
    carry = v / 10;
  }
  std::string prefix;
  while (carry > 0) {
    prefix.insert(prefix.begin(), static_cast<char>('0' + carry % 10));
    carry /= 10;
  }
  digits.insert(0, prefix);
}

// Adds one unit in the last place of a decimal digit string.
void Increment(std::string& digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

// An exact decimal of any length: digits × 10^scale.
struct LongDecimal {
  std::string digits;
  int64_t scale = 0;
};

// The exact value the scanned text denotes, suffix applied (powers of 1024 multiplied out).
LongDecimal ExactValue(const Scanned& s, std::string_view num, const SuffixMeaning& suffix) {
  LongDecimal v;
  v.digits.reserve(num.size() + s.denom.size() + 20);
  v.digits.append(num).append(s.denom);
  v.scale = -static_cast<int64_t>(s.denom.size());
  if (suffix.format == Format::kBinarySI) {
    for (int64_t i = 0; i < suffix.exponent / 10; ++i) MultiplyBy1024(v.digits);
  } else {
    v.scale += suffix.exponent;
  }
  return v;
}

// Rounds away from zero to nano precision, as upstream does for every non-zero value.
void RoundUpToNano(LongDecimal& v) {
  if (v.scale >= kNanoExponent) return;
  const int64_t drop = kNanoExponent - v.scale;
  const size_t keep = drop < static_cast<int64_t>(v.digits.size())
                          ? v.digits.size() - static_cast<size_t>(drop)
                          : 0;
  const bool dropped_nonzero = v.digits.find_first_not_of('0', keep) != std::string::npos;
  v.digits.resize(keep);
  if (dropped_nonzero) Increment(v.digits);
  v.scale = kNanoExponent;
}

// Strips leading and trailing zeros (the latter into the scale); false when the value is zero.
bool Normalize(LongDecimal& v) {
  const size_t first = v.digits.find_first_not_of('0');
  if (first == std::string::npos) return false;
  v.digits.erase(0, first);
  while (v.digits.back() == '0') {
    v.digits.pop_back();
    ++v.scale;
  }
  return true;
}

// Upstream caps binary quantities at 2^63-1 and formats those between 0 and 1 in decimal.
void ApplyBinaryLimits(LongDecimal& v, Format& format) {
  constexpr UInt128 kCap = static_cast<UInt128>(std::numeric_limits<int64_t>::max());
  const int64_t integer_digits = static_cast<int64_t>(v.digits.size()) + v.scale;
  bool over_cap = integer_digits > 19;
  if (integer_digits == 19) {  // at most 28 digits (nano precision), so they fit 128 bits
    UInt128 m = 0;
    for (char c : v.digits) m = m * 10 + static_cast<unsigned>(c - '0');
    over_cap = v.scale >= 0 ? m * Pow10(static_cast<int>(v.scale)) > kCap
                            : m > kCap * Pow10(static_cast<int>(-v.scale));
  }
  if (over_cap) {
    v.digits = ToDecimal(kCap);
    v.scale = 0;
  } else if (integer_digits <= 0) {
    format = Format::kDecimalSI;
  }
}

}  // namespace

Result<Quantity> Quantity::Parse(std::string_view text) {
  if (text.empty()) return ParseError(kFormatWrong);
  if (text == "0") {
    Quantity zero;
    zero.text_ = "0";
    return zero;
  }
  Scanned s;
  if (!Scan(text, s)) return ParseError(kFormatWrong);
  SuffixMeaning suffix;
  if (!InterpretSuffix(s.suffix, suffix)) return ParseError(kSuffixError);

  const std::string_view num = s.num.empty() ? std::string_view("0") : s.num;
  const bool fast = UpstreamFastPath(s, num, suffix);
  // Upstream's slow path hands the number text to inf.Dec, which needs at least one digit.
  if (!fast && !s.has_digits) return ParseError(kNumericError);

  LongDecimal value = ExactValue(s, num, suffix);
  RoundUpToNano(value);
  Format format = suffix.format;
  Quantity q;
  if (Normalize(value)) {
    if (format == Format::kBinarySI) ApplyBinaryLimits(value, format);
    if (value.digits.size() > static_cast<size_t>(kMaxDigits)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "quantity has more than " + std::to_string(kMaxDigits) + " significant digits");
    }
    if (value.scale > kMaxParsedExponent) {
      return Fail(ErrorCode::kInvalidArgument, "quantity exponent out of range");
    }
    UInt128 magnitude = 0;
    for (char c : value.digits) magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
    q = FromParts(!s.positive, magnitude, value.scale, format);
  }
  q.format_ = format;
  if (fast && UpstreamKeepsText(s, num, suffix)) q.text_ = std::string(text);
  return q;
}

std::string Quantity::ToString() const { return text_.empty() ? CanonicalString() : text_; }

std::string Quantity::CanonicalString() const {
  if (mantissa_ == 0) return "0";
  const bool negative = mantissa_ < 0;
  const UInt128 magnitude = Magnitude(mantissa_);
  std::string out = negative ? "-" : "";

  Format format = format_;
  if (format == Format::kBinarySI) {
    // Binary only for integers of magnitude >= 1024 (upstream); values beyond 2^127 also fall
    // back to decimal (upstream would print them in binary with arbitrary precision).
    const int64_t integer_digits = DigitCount(magnitude) + static_cast<int64_t>(exponent_);
    const bool fractional = exponent_ < 0;  // normalised: a negative exponent means a fraction
    const bool small = integer_digits < 4 ||
                       (integer_digits == 4 && !fractional && magnitude * Pow10(exponent_) < 1024);
    if (fractional || small || integer_digits > 38) format = Format::kDecimalSI;
  }

  if (format == Format::kBinarySI) {
    static constexpr std::string_view kBinarySuffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    UInt128 value = magnitude * Pow10(exponent_);
    int power = 0;
    while (value >= 1024 && value % 1024 == 0) {
      value /= 1024;
      ++power;
    }
    // Upstream has no suffix past Ei (and would print no suffix at all); stay at Ei instead.
    for (; power > 6; --power) value *= 1024;
    return out.append(ToDecimal(value)).append(kBinarySuffixes[power]);
  }

  // Decimal forms: move the exponent down to a multiple of three, padding the digits.
  std::string digits = ToDecimal(magnitude);
  int64_t exponent = exponent_;
  const int64_t pad = ((exponent % 3) + 3) % 3;
  digits.append(static_cast<size_t>(pad), '0');
  exponent -= pad;
  out.append(digits);
  if (format == Format::kDecimalSI && exponent >= -9 && exponent <= 18) {
    static constexpr std::string_view kDecimalSuffixes[] = {"n", "u", "m", "",  "k",
                                                            "M", "G", "T", "P", "E"};
    return out.append(kDecimalSuffixes[(exponent + 9) / 3]);
  }
  // DecimalExponent, and DecimalSI beyond n..E (upstream would drop the suffix and print a wrong
  // number; an exponent keeps the value).
  if (exponent != 0) out.append("e").append(std::to_string(exponent));
  return out;
}

}  // namespace tidepool
