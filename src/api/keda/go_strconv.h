// The parts of Go's strconv that KEDA applies to string-typed fields and annotations, so that
// tidepool accepts and rejects exactly the same texts: ParseBool, ParseFloat and ParseInt
// (base 10). Errors read like Go's: `strconv.ParseFloat: parsing "abc": invalid syntax`.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/status.h"

namespace tidepool::api::keda {

// 1 t T TRUE true True / 0 f F FALSE false False; nullopt for anything else.
std::optional<bool> ParseGoBool(std::string_view text);

// An optional sign, then a decimal number with optional fraction and exponent, or inf,
// infinity, nan in any case. Hexadecimal floats are not accepted.
[[nodiscard]] Result<double> ParseGoFloat(std::string_view text);

// An optional sign and decimal digits that fit in 32 bits.
[[nodiscard]] Result<int32_t> ParseGoInt32(std::string_view text);

}  // namespace tidepool::api::keda
