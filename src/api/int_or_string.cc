#include "api/int_or_string.h"

#include <charconv>

#include "core/int128.h"

namespace tidepool::api {

Result<int64_t> IntOrString::ScaledValue(int64_t total, bool round_up) const {
  if (!is_string) return int_value;
  std::string_view s = str_value;
  if (s.empty() || s.back() != '%') {
    return Fail(ErrorCode::kInvalidArgument,
                "invalid value for IntOrString: invalid type: string is not a percentage: \"" +
                    str_value + "\"");
  }
  s.remove_suffix(1);
  int64_t pct = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), pct);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    return Fail(
        ErrorCode::kInvalidArgument,
        "invalid value for IntOrString: invalid value for percentage: \"" + str_value + "\"");
  }
  const Int128 product = static_cast<Int128>(pct) * total;
  if (product < 0) {
    return Fail(ErrorCode::kInvalidArgument, "negative percentage: \"" + str_value + "\"");
  }
  if (round_up) return static_cast<int64_t>((product + 99) / 100);
  return static_cast<int64_t>(product / 100);
}

}  // namespace tidepool::api
