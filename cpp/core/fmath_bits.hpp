// Internals shared by the files of rp::fm (cpp/core/fmath*.cpp): exact
// bit access, the constants every kernel needs, and the error-free product. Not part of the
// API (cpp/core/fmath.hpp is). The rules of fmath.cpp's header comment apply: only IEEE 754
// basic operations and exact bit manipulation.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>

namespace rp::fm::detail {

inline std::uint64_t bits(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline double from_bits(std::uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
// High 32 bits of |x|, fdlibm's "ix".
inline std::uint32_t high_abs(double x) {
  return static_cast<std::uint32_t>(bits(x) >> 32) & 0x7fffffffu;
}
// 2^k for -1022 <= k <= 1023.
inline double pow2(int k) {
  return from_bits(static_cast<std::uint64_t>(0x3ff + k) << 52);
}

constexpr double kInf = std::numeric_limits<double>::infinity();
// A fixed quiet NaN, so NaNs created here have the same bits on every platform
// (x86 would otherwise produce the negative "default NaN" 0xfff8...).
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRoundShift = 0x1.8p52;  // x + 0x1.8p52 - 0x1.8p52 == rint(x) for |x| < 2^51

// Exact (error-free) product a*b = p + e with Dekker's splitting; needs no fma.
inline void two_prod(double a, double b, double& p, double& e) {
  constexpr double split = 134217729.0;  // 2^27 + 1
  double c = split * a;
  const double ah = c - (c - a), al = a - ah;
  c = split * b;
  const double bh = c - (c - b), bl = b - bh;
  p = a * b;
  e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

// a with the low 27 significand bits cleared: 26 significant bits, so the product of two such
// numbers, or of one with a 27-bit number, is exact.
inline double trunc26(double a) { return from_bits(bits(a) & 0xfffffffff8000000ULL); }

}  // namespace rp::fm::detail
