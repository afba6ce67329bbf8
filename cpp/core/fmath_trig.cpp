// sin and cos with the same bits on every platform (see cpp/core/fmath.hpp): fdlibm's kernels
// and Cody-Waite reduction as found in musl (__sin.c, __cos.c, __rem_pio2.c, from FreeBSD
// msun k_sin.c, k_cos.c, e_rem_pio2.c), and, for |x| >= 2^20*pi/2, a Payne-Hanek reduction
// written for this project (exact integer product with a 192-bit window of 2/pi). The rules
// and the fdlibm notice of cpp/core/fmath.cpp apply to this file too:
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

#include "core/fmath.hpp"
#include "core/fmath_bits.hpp"

#include <cstdint>

// Never contract a*b+c into an fma in this file (see cpp/core/fmath.cpp).
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace rp::fm {
namespace {
using namespace detail;

// ---------------------------------------------------------------------------------------------
// sin / cos kernels on [-pi/4, pi/4]; (x, y) is the reduced argument x + y, |y| << ulp(x).
// ---------------------------------------------------------------------------------------------
constexpr double S1 = -1.66666666666666324348e-01;  // 0xBFC55555 55555549
constexpr double S2 = 8.33333333332248946124e-03;   // 0x3F811111 1110F8A6
constexpr double S3 = -1.98412698298579493134e-04;  // 0xBF2A01A0 19C161D5
constexpr double S4 = 2.75573137070700676789e-06;   // 0x3EC71DE3 57B1FE7D
constexpr double S5 = -2.50507602534068634195e-08;  // 0xBE5AE5E6 8A2B9CEB
constexpr double S6 = 1.58969099521155010221e-10;   // 0x3DE5D93A 5ACFD57C

constexpr double C1 = 4.16666666666666019037e-02;   // 0x3FA55555 5555554C
constexpr double C2 = -1.38888888888741095749e-03;  // 0xBF56C16C 16C15177
constexpr double C3 = 2.48015872894767294178e-05;   // 0x3EFA01A0 19CB1590
constexpr double C4 = -2.75573143513906633035e-07;  // 0xBE927E4F 809C52AD
constexpr double C5 = 2.08757232129817482790e-09;   // 0x3E21EE9E BDB4B1C4
constexpr double C6 = -1.13596475577881948265e-11;  // 0xBDA8FAE9 BE8838D4

inline double ksin(double x, double y) {
  const double z = x * x;
  const double w = z * z;
  const double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const double v = z * x;
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}
// ksin with y == 0.
inline double ksin0(double x) {
  const double z = x * x;
  const double w = z * z;
  const double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const double v = z * x;
  return x + v * (S1 + z * r);
}
inline double kcos(double x, double y) {
  const double z = x * x;
  double w = z * z;
  const double r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const double hz = 0.5 * z;
  w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * r - x * y));
}

// ---------------------------------------------------------------------------------------------
// Argument reduction x -> n*pi/2 + (y0 + y1), for finite x >= pi/4 (callers pass |x|).
// ---------------------------------------------------------------------------------------------
constexpr double invpio2 = 6.36619772367581382433e-01;  // 0x3FE45F30 6DC9C883
constexpr double pio2_1 = 1.57079632673412561417e+00;   // first 33 bits of pi/2
constexpr double pio2_1t = 6.07710050650619224932e-11;  // pi/2 - pio2_1
constexpr double pio2_2 = 6.07710050630396597660e-11;   // second 33 bits of pi/2
constexpr double pio2_2t = 2.02226624879595063154e-21;  // pi/2 - (pio2_1+pio2_2)
constexpr double pio2_3 = 2.02226624871116645580e-21;   // third 33 bits of pi/2
constexpr double pio2_3t = 8.47842766036889956997e-32;  // pi/2 - (pio2_1+pio2_2+pio2_3)

// pi/2 as a double-double.
constexpr double pio2_hi = 0x1.921fb54442d18p+0;
constexpr double pio2_lo = 0x1.1a62633145c07p-54;

// Bits of 2/pi, 64 per word, most significant first; word 0 is zero padding (the bits before
// the binary point), word j >= 1 holds fraction bits 64(j-1)+1 .. 64j. 1216 bits cover the
// largest double exponent (971) plus a 192-bit window. 168 bytes.
constexpr std::uint64_t kTwoOverPi[21] = {
    0x0000000000000000ULL, 0xA2F9836E4E441529ULL, 0xFC2757D1F534DDC0ULL, 0xDB6295993C439041ULL,
    0xFE5163ABDEBBC561ULL, 0xB7246E3A424DD2E0ULL, 0x06492EEA09D1921CULL, 0xFE1DEB1CB129A73EULL,
    0xE88235F52EBB4484ULL, 0xE99C7026B45F7E41ULL, 0x3991D639835339F4ULL, 0x9C845F8BBDF9283BULL,
    0x1FF897FFDE05980FULL, 0xEF2F118B5A0A6D1FULL, 0x6D367ECF27CB09B7ULL, 0x4F463F669E5FEA2DULL,
    0x7527BAC7EBE5F17BULL, 0x3D0739F78A5292EAULL, 0x6BFB5FB11F8D5D08ULL, 0x56033046FC7B6BABULL,
    0xF0CFBC209AF4361DULL};

// 64 bits of the padded 2/pi bit stream starting at stream bit q (q = 0 is the first bit of
// word 0).
inline std::uint64_t two_over_pi_bits(int q) {
  const int idx = q >> 6;
  const int sh = q & 63;
  if (sh == 0) return kTwoOverPi[idx];
  return (kTwoOverPi[idx] << sh) | (kTwoOverPi[idx + 1] >> (64 - sh));
}

// Full 64x64 -> 128-bit product with 32-bit halves (no __int128, same on every target).
inline void mul64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) {
  const std::uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
  const std::uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  lo = (mid << 32) | (p00 & 0xffffffffu);
  hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

inline int clz64(std::uint64_t v) {  // v != 0
  int n = 0;
  if ((v >> 32) == 0) { n += 32; v <<= 32; }
  if ((v >> 48) == 0) { n += 16; v <<= 16; }
  if ((v >> 56) == 0) { n += 8; v <<= 8; }
  if ((v >> 60) == 0) { n += 4; v <<= 4; }
  if ((v >> 62) == 0) { n += 2; v <<= 2; }
  if ((v >> 63) == 0) { n += 1; }
  return n;
}

// Payne-Hanek style reduction for huge x (x >= 2^20*pi/2, finite, positive): exact integer
// arithmetic on the 53-bit significand times a 192-bit window of 2/pi, giving the fraction of
// x*2/pi to ~128 bits (the worst case for doubles cancels ~61 bits), then times pi/2 in
// double-double. Returns n mod 4.
int rem_pio2_huge(double x, double& y0, double& y1) {
  const std::uint64_t ux = bits(x);
  const int e = static_cast<int>(ux >> 52) - 1075;  // x = m * 2^e
  const std::uint64_t m = (ux & 0x000fffffffffffffULL) | 0x0010000000000000ULL;
  // Bits of 2/pi of weight 2^-i with i <= e-2 only add multiples of 4 to x*2/pi: skip them.
  // The window starts at fraction bit e-1, i.e. at padded stream position e-1-1+64.
  const int q = e + 62;
  const std::uint64_t w0 = two_over_pi_bits(q);
  const std::uint64_t w1 = two_over_pi_bits(q + 64);
  const std::uint64_t w2 = two_over_pi_bits(q + 128);
  // P = m * (w0:w1:w2); x*2/pi = P * 2^-190 (mod 4). Keep limbs p2:p1:p0 (bits 0..191).
  std::uint64_t ah, al, bh, bl;
  mul64(m, w2, ah, al);
  mul64(m, w1, bh, bl);
  const std::uint64_t c_lo = m * w0;  // mod 2^64
  const std::uint64_t p0 = al;
  const std::uint64_t p1 = bl + ah;
  const std::uint64_t carry = p1 < bl ? 1 : 0;
  const std::uint64_t p2 = c_lo + bh + carry;
  int n = static_cast<int>(p2 >> 62);
  // 128 bits of the fraction (bits 189..62 of P).
  std::uint64_t hi = (p2 << 2) | (p1 >> 62);
  std::uint64_t lo = (p1 << 2) | (p0 >> 62);
  bool neg = false;
  if (hi >> 63) {  // fraction >= 1/2: round n up, fraction -= 1
    n += 1;
    neg = true;
    lo = ~lo + 1;
    hi = ~hi + (lo == 0 ? 1 : 0);
  }
  int s = 0;
  if (hi == 0) {
    hi = lo;
    lo = 0;
    s = 64;
  }
  if (hi == 0) {  // cannot happen for a double (pi is irrational), but stay defined
    y0 = 0.0;
    y1 = 0.0;
    return n & 3;
  }
  const int sh = clz64(hi);
  if (sh != 0) {
    hi = (hi << sh) | (lo >> (64 - sh));
    lo <<= sh;
    s += sh;
  }
  // fraction = (hi:lo) * 2^(-128-s) ~= top * 2^(-53-s) + rest * 2^(-116-s)
  const std::uint64_t top = hi >> 11;                              // 53 bits
  const std::uint64_t rest = ((hi & 0x7ffu) << 52) | (lo >> 12);  // 63 bits
  double fh = static_cast<double>(static_cast<std::int64_t>(top)) * pow2(-53 - s);
  double fl = static_cast<double>(static_cast<std::int64_t>(rest)) * pow2(-116 - s);
  double t = fh + fl;
  fl = fl - (t - fh);
  fh = t;
  // (fh + fl) * (pio2_hi + pio2_lo)
  double p, pe;
  two_prod(fh, pio2_hi, p, pe);
  pe = pe + (fh * pio2_lo + fl * pio2_hi);
  t = p + pe;
  y1 = pe - (t - p);
  y0 = t;
  if (neg) {
    y0 = -y0;
    y1 = -y1;
  }
  return n & 3;
}

// x >= ~pi/4, finite. Returns n (only n & 3 is meaningful), x = n*pi/2 + y0 + y1.
inline int rem_pio2(double x, double& y0, double& y1) {
  const std::uint32_t ix = high_abs(x);
  if (ix < 0x413921fb) {  // |x| ~< 2^20*(pi/2): Cody-Waite with 33+33+33(+53) bits of pi/2
    double fn = x * invpio2 + kRoundShift;
    fn = fn - kRoundShift;
    const int n = static_cast<int>(fn);
    double r = x - fn * pio2_1;
    double w = fn * pio2_1t;  // 1st round, good to 85 bits
    const int j = static_cast<int>(ix >> 20);
    y0 = r - w;
    int i = j - static_cast<int>((high_abs(y0) >> 20) & 0x7ff);
    if (i > 16) {  // 2nd round, good to 118 bits
      double t = r;
      w = fn * pio2_2;
      r = t - w;
      w = fn * pio2_2t - ((t - r) - w);
      y0 = r - w;
      i = j - static_cast<int>((high_abs(y0) >> 20) & 0x7ff);
      if (i > 49) {  // 3rd round, good to 151 bits, covers all cases
        t = r;
        w = fn * pio2_3;
        r = t - w;
        w = fn * pio2_3t - ((t - r) - w);
        y0 = r - w;
      }
    }
    y1 = (r - y0) - w;
    return n;
  }
  return rem_pio2_huge(x, y0, y1);
}

// sin and cos of |x| (ax >= 0, finite).
inline double sin_pos(double ax) {
  if (high_abs(ax) <= 0x3fe921fb) {  // |x| ~<= pi/4
    if (high_abs(ax) < 0x3e500000) return ax;  // |x| < 2^-26
    return ksin0(ax);
  }
  double y0, y1;
  const int n = rem_pio2(ax, y0, y1);
  switch (n & 3) {
    case 0: return ksin(y0, y1);
    case 1: return kcos(y0, y1);
    case 2: return -ksin(y0, y1);
    default: return -kcos(y0, y1);
  }
}
inline double cos_pos(double ax) {
  if (high_abs(ax) <= 0x3fe921fb) {
    if (high_abs(ax) < 0x3e46a09e) return 1.0;  // |x| < 2^-27 * sqrt(2)
    return kcos(ax, 0.0);
  }
  double y0, y1;
  const int n = rem_pio2(ax, y0, y1);
  switch (n & 3) {
    case 0: return kcos(y0, y1);
    case 1: return -ksin(y0, y1);
    case 2: return -kcos(y0, y1);
    default: return ksin(y0, y1);
  }
}

}  // namespace

double sin(double x) {
  if (high_abs(x) >= 0x7ff00000) return x != x ? x : kNaN;  // sin(+-inf) = nan
  const double ax = from_bits(bits(x) & 0x7fffffffffffffffULL);
  const double r = sin_pos(ax);
  return (bits(x) >> 63) ? -r : r;
}

double cos(double x) {
  if (high_abs(x) >= 0x7ff00000) return x != x ? x : kNaN;  // cos(+-inf) = nan
  return cos_pos(from_bits(bits(x) & 0x7fffffffffffffffULL));
}

}  // namespace rp::fm
