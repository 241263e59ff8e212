#include "formula/value.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tidepool::formula {
namespace {

// Go's strconv.FormatFloat(f, 'g', -1, 64), which %v uses: the shortest digits that read back
// to f, in %e form when the decimal exponent is < -4 or >= 6 ("1e+06"), otherwise plain.
std::string FormatGoFloat(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), f, std::chars_format::scientific);
  if (ec != std::errc()) return "?";
  const std::string_view sci(buf, static_cast<size_t>(end - buf));
  // sci is "[-]d[.ddd]e[+-]XX".
  const size_t e = sci.find('e');
  const bool negative = sci.front() == '-';
  std::string digits;
  for (char c : sci.substr(negative ? 1 : 0, e - (negative ? 1 : 0))) {
    if (c != '.') digits.push_back(c);
  }
  const int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exp < 0 ? "e-" : "e+";
    const int abs_exp = exp < 0 ? -exp : exp;
    if (abs_exp < 10) out += "0";
    out += std::to_string(abs_exp);
    return out;
  }
  if (exp < 0) {
    out += "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    return out;
  }
  const size_t int_digits = static_cast<size_t>(exp) + 1;
  if (digits.size() <= int_digits) {
    out += digits + std::string(int_digits - digits.size(), '0');
  } else {
    out += digits.substr(0, int_digits) + "." + digits.substr(int_digits);
  }
  return out;
}

}  // namespace

std::string_view GoTypeName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNil:
      return "<nil>";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kInt:
      return "int";
    case Value::Kind::kFloat:
      return "float64";
  }
  return "?";
}

std::string ToString(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return "<nil>";
    case Value::Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Kind::kInt:
      return std::to_string(v.as_int());
    case Value::Kind::kFloat:
      return FormatGoFloat(v.as_float());
  }
  return "?";
}

}  // namespace tidepool::formula
