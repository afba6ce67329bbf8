// Portable elementary functions: the same bits on x86-64 (g++) and wasm32 (clang/Emscripten).
//
// Only IEEE 754 basic operations (+ - * /), comparisons, integer arithmetic and exact bit
// manipulation are used, each of which IEEE 754 rounds exactly (round to nearest even). No
// <cmath> transcendental, no fma, no long double, no compiler builtin that could lower to a
// platform libm call. The project builds with -ffp-contract=off and without fast-math, so the
// compiler may not contract a*b+c into an fma or reassociate; every expression below is
// evaluated exactly as written on both targets.
//
// Algorithms (measured accuracy: see cpp/core/fmath.hpp):
//   expm1, log, log1p are ports of fdlibm as found in musl (expm1.c, log.c before 2018,
//   log1p.c), which took them from FreeBSD msun (s_expm1.c, e_log.c, s_log1p.c).
//   Files: this one has exp, expm1, log, log1p and powi; tanh, sigmoid and softplus are in
//   cpp/core/fmath_act.cpp, sin and cos (fdlibm kernels and reductions) in
//   cpp/core/fmath_trig.cpp; the exp/log internals they share are in cpp/core/fmath_explog.hpp,
//   the bit helpers in cpp/core/fmath_bits.hpp.
//   exp: Tang's table method (32 entries of 2^(j/32) as double-doubles, degree-6 polynomial),
//   which also gives e^x as a double-double for tanh and sigmoid.
//   tanh: odd polynomial for |x| < 0.25, else 1 - 2/(e^2|x| + 1) with double-double e^2|x| and
//   a compensated quotient. sigmoid: compensated quotient over a double-double e^-|x|.
//   softplus: even polynomial around 0, else log1p with the tail of e^-|x| folded in.
//   Polynomial coefficients not taken from fdlibm were fitted with mpmath (Chebyshev fits).
// The ported fdlibm code carries this notice, which is preserved as its licence asks:
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
#include "core/fmath_explog.hpp"

#include <cstdint>
#include <cstring>
#include <limits>

// Belt and braces for clang (the wasm build): never contract a*b+c into an fma in this file,
// whatever the command line says. (g++ ignores this pragma with a warning, so it relies on the
// build's -ffp-contract=off.)
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace rp::fm {
using namespace detail;

double exp(double x) {
  const std::uint32_t hx = high_abs(x);
  if (hx >= 0x40862E42) {  // |x| >= 709.78, inf or nan
    if (x != x) return x;
    if (x > exp_o_threshold) return kInf;
    if (x < exp_u_threshold) return 0.0;
  }
  double th, tmp;
  const int m = exp_reduce(x, th, tmp);
  if (m >= -1021) {
    // th + tmp is in [0.98, 2]: add m to its exponent (m = 1024 only occurs with a result < 1).
    const double y = th + tmp;
    return from_bits(bits(y) + (static_cast<std::uint64_t>(static_cast<std::int64_t>(m)) << 52));
  }
  // The result is (nearly) subnormal. Round once, at the subnormal precision: scale by
  // 2^(m+1022) (exact), add 1 so that the sum rounds at 2^-52 (= 2^-1074 after the final
  // scaling), subtract the 1 again (exact) and scale by 2^-1022 (exact).
  const double sc = pow2(m + 1022);
  const double a = th * sc;
  const double b = tmp * sc;
  double y = a + b;
  if (y < 1.0) {
    double lo = (a - y) + b;
    const double h = 1.0 + y;
    lo = ((1.0 - h) + y) + lo;
    y = (h + lo) - 1.0;
  }
  return y * 0x1p-1022;
}

double expm1(double x) {
  const std::uint64_t ux = bits(x);
  const std::uint32_t hx = static_cast<std::uint32_t>(ux >> 32) & 0x7fffffffu;
  const bool sign = (ux >> 63) != 0;
  int k;
  double hi, lo, c = 0.0;

  // filter out huge and non-finite argument
  if (hx >= 0x4043687A) {  // |x| >= 56*ln2
    if (x != x) return x;
    if (sign) return -1.0;
    if (x > exp_o_threshold) return kInf;
  }

  // argument reduction
  if (hx > 0x3fd62e42) {    // |x| > 0.5 ln2
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2
      if (!sign) {
        hi = x - ln2_hi;
        lo = ln2_lo;
        k = 1;
      } else {
        hi = x + ln2_hi;
        lo = -ln2_lo;
        k = -1;
      }
    } else {
      k = static_cast<int>(invln2 * x + (sign ? -0.5 : 0.5));
      const double t = k;
      hi = x - t * ln2_hi;  // t*ln2_hi is exact here
      lo = t * ln2_lo;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) {  // |x| < 2^-54, return x
    return x;
  } else {
    k = 0;
  }

  // x is now in primary range
  const double hfx = 0.5 * x;
  const double hxs = x * hfx;
  const double r1 = 1.0 + hxs * (em1_Q1 + hxs * (em1_Q2 + hxs * (em1_Q3 + hxs * (em1_Q4 + hxs * em1_Q5))));
  double t = 3.0 - r1 * hfx;
  double e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);  // c is 0
  e = x * (e - c) - c;
  e -= hxs;
  // exp(x) ~ 2^k (x_reduced - e + 1)
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  if (k < 0 || k > 56) {  // suffice to return exp(x)-1
    double y = x - e + 1.0;
    if (k == 1024)
      y = y * 2.0 * 0x1p1023;
    else
      y = y * pow2(k);
    return y - 1.0;
  }
  const double twopk = pow2(k);
  const double twomk = pow2(-k);
  if (k < 20) return (x - e + (1.0 - twomk)) * twopk;
  return (x - (e + twomk) + 1.0) * twopk;
}

double log(double x) {
  std::uint64_t u = bits(x);
  std::uint32_t hx = static_cast<std::uint32_t>(u >> 32);
  int k = 0;
  if (hx < 0x00100000 || (hx >> 31) != 0) {
    if ((u << 1) == 0) return -kInf;  // log(+-0) = -inf
    if (x != x) return x;
    if ((hx >> 31) != 0) return kNaN;  // log(negative) = nan
    // subnormal number, scale x up
    k -= 54;
    x *= 0x1p54;
    u = bits(x);
    hx = static_cast<std::uint32_t>(u >> 32);
  } else if (hx >= 0x7ff00000) {
    return x;  // +inf or nan
  } else if (hx == 0x3ff00000 && (u << 32) == 0) {
    return 0.0;
  }

  // reduce x into [sqrt(2)/2, sqrt(2)]
  hx += 0x3ff00000 - 0x3fe6a09e;
  k += static_cast<int>(hx >> 20) - 0x3ff;
  hx = (hx & 0x000fffff) + 0x3fe6a09e;
  u = (static_cast<std::uint64_t>(hx) << 32) | (u & 0xffffffffu);
  x = from_bits(u);

  const double f = x - 1.0;
  const double hfsq = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const double R = t2 + t1;
  const double dk = k;
  return s * (hfsq + R) + dk * ln2_lo - hfsq + f + dk * ln2_hi;
}

double log1p(double x) { return log1p_impl<false>(x, 0.0); }

double powi(double x, long long n) {
  if (n < 0) return 1.0 / powi(x, -n);
  double h = 1.0, l = 0.0;  // the result so far, as h + l
  if (!(x >= -1.0 && x <= 1.0)) {  // outside [-1, 1] (never needed here): plain squaring
    for (; n > 0; n >>= 1, x *= x)
      if (n & 1) h *= x;
    return h;
  }
  // Exponentiation by squaring in double-double: each product is exact (two_prod) plus the
  // cross terms, so about 2^-100 relative error after the ~2 log2(n) products, and the final
  // h is the sum rounded once. |x| <= 1 keeps every value <= 1: no overflow in the splitting.
  double bh = x, bl = 0.0;  // x^(2^k), as bh + bl
  auto mul = [](double ah, double al, double ch, double cl, double& rh, double& rl) {
    double p, e;
    two_prod(ah, ch, p, e);
    e += ah * cl + al * ch;
    rh = p + e;  // |e| <= ulp(p): Fast2Sum
    rl = e - (rh - p);
  };
  while (n > 0) {
    if (n & 1) mul(h, l, bh, bl, h, l);
    n >>= 1;
    if (n > 0) mul(bh, bl, bh, bl, bh, bl);
  }
  return h;
}

}  // namespace rp::fm
