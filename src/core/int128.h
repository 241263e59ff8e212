// 128-bit integers for exact intermediate arithmetic (quantities, percentages). GCC and clang
// provide them as an extension; __extension__ keeps -Wpedantic quiet about it.
#pragma once

namespace tidepool {
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;
}  // namespace tidepool
