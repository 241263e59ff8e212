#include "api/keda/go_strconv.h"

#include <cctype>
#include <charconv>
#include <limits>
#include <string>

namespace tidepool::api::keda {

namespace {

Error SyntaxError(std::string_view func, std::string_view text) {
  return Error(ErrorCode::kInvalidArgument, "strconv." + std::string(func) + ": parsing \"" +
                                                std::string(text) + "\": invalid syntax");
}

Error RangeError(std::string_view func, std::string_view text) {
  return Error(ErrorCode::kOutOfRange, "strconv." + std::string(func) + ": parsing \"" +
                                           std::string(text) + "\": value out of range");
}

// Strips one leading sign; returns false when the text is only a sign or empty.
bool SplitSign(std::string_view& text, bool& negative) {
  negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  return !text.empty();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<bool> ParseGoBool(std::string_view text) {
  for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (text == t) return true;
  }
  for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (text == f) return false;
  }
  return std::nullopt;
}

Result<double> ParseGoFloat(std::string_view text) {
  std::string_view body = text;
  bool negative = false;
  if (!SplitSign(body, negative)) return tl::unexpected(SyntaxError("ParseFloat", text));
  if (EqualsIgnoreCase(body, "inf") || EqualsIgnoreCase(body, "infinity")) {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (EqualsIgnoreCase(body, "nan")) return std::numeric_limits<double>::quiet_NaN();
  // from_chars would also take a second sign, other spellings of inf and nan, and hex digits;
  // only plain decimal syntax reaches it.
  if (body.front() == '+' || body.front() == '-') {
    return tl::unexpected(SyntaxError("ParseFloat", text));
  }
  for (char c : body) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != 'e' && c != 'E' &&
        c != '+' && c != '-') {
      return tl::unexpected(SyntaxError("ParseFloat", text));
    }
  }
  double value = 0;
  const char* end = body.data() + body.size();
  auto [ptr, ec] = std::from_chars(body.data(), end, value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) return tl::unexpected(RangeError("ParseFloat", text));
  if (ec != std::errc() || ptr != end) return tl::unexpected(SyntaxError("ParseFloat", text));
  return negative ? -value : value;
}

Result<int32_t> ParseGoInt32(std::string_view text) {
  std::string_view body = text;
  bool negative = false;
  if (!SplitSign(body, negative)) return tl::unexpected(SyntaxError("ParseInt", text));
  for (char c : body) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return tl::unexpected(SyntaxError("ParseInt", text));
    }
  }
  int64_t magnitude = 0;
  for (char c : body) {
    magnitude = magnitude * 10 + (c - '0');
    if (magnitude > int64_t{1} << 31) return tl::unexpected(RangeError("ParseInt", text));
  }
  const int64_t value = negative ? -magnitude : magnitude;
  if (value > std::numeric_limits<int32_t>::max() || value < std::numeric_limits<int32_t>::min()) {
    return tl::unexpected(RangeError("ParseInt", text));
  }
  return static_cast<int32_t>(value);
}

}  // namespace tidepool::api::keda
