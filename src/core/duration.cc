// Go's time.ParseDuration and time.Duration.String(), reimplemented from their documented and
// tested behaviour (Go src/time/format.go, src/time/time.go). Comments mark the places where Go's
// exact arithmetic matters for bit-for-bit equal results.
#include "core/duration.h"

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>

namespace tidepool {
namespace {

constexpr uint64_t kNanosecond = 1;
constexpr uint64_t kMicrosecond = 1000 * kNanosecond;
constexpr uint64_t kMillisecond = 1000 * kMicrosecond;
constexpr uint64_t kSecond = 1000 * kMillisecond;
constexpr uint64_t kMinute = 60 * kSecond;
constexpr uint64_t kHour = 60 * kMinute;
// 1<<63: the magnitude of the most negative int64, the largest magnitude a duration can have.
constexpr uint64_t kMaxMagnitude = uint64_t{1} << 63;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Go's time.quote: ASCII printable bytes stay, '"' and '\' are escaped, and every other byte
// (controls and all bytes of non-ASCII characters, valid UTF-8 or not) becomes \xNN.
std::string GoQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c < ' ') {
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(ch);
    }
  }
  out.push_back('"');
  return out;
}

tl::unexpected<Error> InvalidDuration(std::string_view orig) {
  return Fail(ErrorCode::kInvalidArgument, "time: invalid duration " + GoQuote(orig));
}

// Consumes a leading [0-9]*; false on overflow past 1<<63 (Go's leadingInt).
bool LeadingInt(std::string_view& s, uint64_t& x) {
  x = 0;
  size_t i = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i) {
    if (x > kMaxMagnitude / 10) return false;
    x = x * 10 + static_cast<uint64_t>(s[i] - '0');
    if (x > kMaxMagnitude) return false;
  }
  s.remove_prefix(i);
  return true;
}

// Consumes a leading [0-9]* after the decimal point. On overflow it stops accumulating precision
// but keeps consuming digits (Go's leadingFraction); value = x / scale.
void LeadingFraction(std::string_view& s, uint64_t& x, double& scale) {
  x = 0;
  scale = 1;
  bool overflow = false;
  size_t i = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i) {
    if (overflow) continue;
    if (x > (kMaxMagnitude - 1) / 10) {
      overflow = true;
      continue;
    }
    const uint64_t y = x * 10 + static_cast<uint64_t>(s[i] - '0');
    if (y > kMaxMagnitude) {
      overflow = true;
      continue;
    }
    x = y;
    scale *= 10;
  }
  s.remove_prefix(i);
}

// Unit names as Go spells them, including both micro signs (U+00B5 and U+03BC).
bool LookupUnit(std::string_view unit, uint64_t& out) {
  struct Unit {
    std::string_view name;
    uint64_t ns;
  };
  static constexpr Unit kUnits[] = {
      {"ns", kNanosecond},
      {"us", kMicrosecond},
      {"\xC2\xB5s", kMicrosecond},
      {"\xCE\xBCs", kMicrosecond},
      {"ms", kMillisecond},
      {"s", kSecond},
      {"m", kMinute},
      {"h", kHour},
  };
  for (const Unit& u : kUnits) {
    if (u.name == unit) {
      out = u.ns;
      return true;
    }
  }
  return false;
}

// Writes the fraction v / 10^prec (".12345") backwards before buf[w], dropping trailing zeros and
// the point itself when the fraction is zero; returns v / 10^prec.
uint64_t FormatFraction(char* buf, int& w, uint64_t v, int prec) {
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    const uint64_t digit = v % 10;
    print = print || digit != 0;
    if (print) buf[--w] = static_cast<char>('0' + digit);
    v /= 10;
  }
  if (print) buf[--w] = '.';
  return v;
}

void FormatInt(char* buf, int& w, uint64_t v) {
  if (v == 0) {
    buf[--w] = '0';
    return;
  }
  while (v > 0) {
    buf[--w] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

}  // namespace

Result<Duration> Duration::Parse(std::string_view text) {
  const std::string_view orig = text;
  std::string_view s = text;
  uint64_t total = 0;
  bool negative = false;

  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return Duration();
  if (s.empty()) return InvalidDuration(orig);

  while (!s.empty()) {
    if (!(s[0] == '.' || IsDigit(s[0]))) return InvalidDuration(orig);

    uint64_t v = 0;
    const size_t before_int = s.size();
    if (!LeadingInt(s, v)) return InvalidDuration(orig);
    const bool pre = before_int != s.size();

    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      const size_t before_frac = s.size();
      LeadingFraction(s, f, scale);
      post = before_frac != s.size();
    }
    if (!pre && !post) return InvalidDuration(orig);  // no digits, e.g. ".s"

    size_t i = 0;
    while (i < s.size() && s[i] != '.' && !IsDigit(s[i])) ++i;
    if (i == 0) {
      return Fail(ErrorCode::kInvalidArgument, "time: missing unit in duration " + GoQuote(orig));
    }
    const std::string_view unit_name = s.substr(0, i);
    s.remove_prefix(i);
    uint64_t unit = 0;
    if (!LookupUnit(unit_name, unit)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "time: unknown unit " + GoQuote(unit_name) + " in duration " + GoQuote(orig));
    }
    if (v > kMaxMagnitude / unit) return InvalidDuration(orig);
    v *= unit;
    if (f > 0) {
      // Go computes the fraction in float64 exactly this way; doing the same keeps results equal
      // to the nanosecond (e.g. "0.3333333333333333333h" is exactly 20m).
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kMaxMagnitude) return InvalidDuration(orig);
    }
    total += v;
    if (total > kMaxMagnitude) return InvalidDuration(orig);
  }
  if (negative) {
    // Two's complement negation of the magnitude; 1<<63 becomes INT64_MIN.
    return Duration(static_cast<int64_t>(~total + 1));
  }
  if (total > kMaxMagnitude - 1) return InvalidDuration(orig);
  return Duration(static_cast<int64_t>(total));
}

std::string Duration::ToString() const {
  // Largest output is "-2562047h47m16.854775808s" (25 bytes).
  char buf[32];
  int w = sizeof(buf);
  const bool negative = ns_ < 0;
  uint64_t u = static_cast<uint64_t>(ns_);
  if (negative) u = ~u + 1;

  if (u < kSecond) {
    // Below a second Go picks the largest sub-second unit: "1.2ms", "900µs", "45ns".
    int prec = 0;
    buf[--w] = 's';
    if (u == 0) return "0s";
    if (u < kMicrosecond) {
      buf[--w] = 'n';
    } else if (u < kMillisecond) {
      prec = 3;
      buf[--w] = '\xB5';  // U+00B5 micro sign, UTF-8 C2 B5
      buf[--w] = '\xC2';
    } else {
      prec = 6;
      buf[--w] = 'm';
    }
    u = FormatFraction(buf, w, u, prec);
    FormatInt(buf, w, u);
  } else {
    buf[--w] = 's';
    u = FormatFraction(buf, w, u, 9);
    FormatInt(buf, w, u % 60);  // whole seconds
    u /= 60;
    if (u > 0) {
      buf[--w] = 'm';
      FormatInt(buf, w, u % 60);
      u /= 60;
      // Go stops at hours because days vary in length.
      if (u > 0) {
        buf[--w] = 'h';
        FormatInt(buf, w, u);
      }
    }
  }
  if (negative) buf[--w] = '-';
  return std::string(buf + w, sizeof(buf) - static_cast<size_t>(w));
}

std::string NillableDuration::ToString() const {
  if (!value.has_value()) return "Never";
  // Code may have changed `value` after parsing; stale text must not win.
  if (!raw.empty()) {
    Result<Duration> parsed = Duration::Parse(raw);
    if (parsed && *parsed == *value) return raw;
  }
  return value->ToString();
}

Result<NillableDuration> NillableDuration::Parse(std::string_view text) {
  if (text == "Never") return NillableDuration{};
  Result<Duration> d = Duration::Parse(text);
  if (!d) return Fail(d.error());
  return NillableDuration{*d, std::string(text)};
}

void PrintTo(Duration d, std::ostream* os) { *os << d.ToString(); }

void PrintTo(const NillableDuration& d, std::ostream* os) { *os << d.ToString(); }

}  // namespace tidepool
