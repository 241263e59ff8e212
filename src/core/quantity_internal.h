// 128-bit decimal helpers shared by quantity.cc and quantity_text.cc. Not part of the public API.
#pragma once

#include <array>
#include <string>

#include "core/int128.h"

namespace tidepool::quantity_internal {

// 10^n for n in [0, 38]; 10^38 is the largest power of ten below 2^128.
inline constexpr int kMaxPow10 = 38;
inline constexpr std::array<UInt128, kMaxPow10 + 1> kPow10 = [] {
  std::array<UInt128, kMaxPow10 + 1> table{};
  UInt128 p = 1;
  for (int i = 0; i <= kMaxPow10; ++i) {
    table[i] = p;
    p *= 10;
  }
  return table;
}();

inline UInt128 Pow10(int n) { return kPow10[n]; }

// Number of decimal digits of v (1 for 0).
inline int DigitCount(UInt128 v) {
  int n = 1;
  while (n <= kMaxPow10 && v >= kPow10[n]) ++n;
  return n;
}

inline UInt128 Magnitude(Int128 v) {
  // Negating in unsigned arithmetic is defined for every value, including the most negative.
  return v < 0 ? UInt128{0} - static_cast<UInt128>(v) : static_cast<UInt128>(v);
}

inline std::string ToDecimal(UInt128 v) {
  char buf[40];
  int w = sizeof(buf);
  do {
    buf[--w] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  return std::string(buf + w, sizeof(buf) - static_cast<size_t>(w));
}

}  // namespace tidepool::quantity_internal
