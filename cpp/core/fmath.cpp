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
//   log1p.c), which took them from FreeBSD msun (s_expm1.c, e_log.c, s_log1p.c); sin and cos
//   (fdlibm kernels and reductions) are in cpp/core/fmath_trig.cpp, the helpers both files
//   share in cpp/core/fmath_bits.hpp.
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
namespace {
using namespace detail;

// ln2 split: ln2_hi has 32 significant bits, so k*ln2_hi is exact for |k| < 2^21.
constexpr double ln2_hi = 6.93147180369123816490e-01;  // 0x3fe62e42 fee00000
constexpr double ln2_lo = 1.90821492927058770002e-10;  // 0x3dea39ef 35793c76
constexpr double invln2 = 1.44269504088896338700e+00;  // 0x3ff71547 652b82fe

// ---------------------------------------------------------------------------------------------
// exp: Tang's table method. x = (32*m + j)*ln2/32 + r, |r| <= ln2/64, exp(x) = 2^m * 2^(j/32) *
// e^r, with 2^(j/32) as a double-double and e^r - 1 = r + r^2*Q(r) (|error| < 2^-61.9).
// The core also yields exp(x) as an unevaluated sum hi + lo accurate to ~2^-59 relative,
// which tanh and sigmoid use to avoid the error of a rounded exp.
// ---------------------------------------------------------------------------------------------
constexpr double kInvLn2N = 0x1.71547652b82fep+5;  // 32/ln2
constexpr double kLn2N_1 = 0x1.62e42fefa0000p-6;   // ln2/32, 36 bits: k*kLn2N_1 exact, |k| < 2^17
constexpr double kLn2N_2 = 0x1.cf79abc9e3b3ap-45;  // ln2/32 - kLn2N_1
constexpr double expQ0 = 0x1.0000000000000p-1;
constexpr double expQ1 = 0x1.555555554dcd8p-3;
constexpr double expQ2 = 0x1.5555555551917p-5;
constexpr double expQ3 = 0x1.11114fa6c4206p-7;
constexpr double expQ4 = 0x1.6c170001c87a0p-10;
constexpr double exp_o_threshold = 7.09782712893383973096e+02;   // 0x40862E42 FEFA39EF
constexpr double exp_u_threshold = -7.45133219101941108420e+02;  // 0xc0874910 D52D3051

// 2^(j/32) = kExp2Tab[j][0] + kExp2Tab[j][1]. 512 bytes.
constexpr double kExp2Tab[32][2] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};

// For finite |x| <= 746: exp(x) = 2^m * (th + tmp), th = 2^(j/32) rounded, |tmp| < 0.0113*th.
// Returns m.
inline int exp_reduce(double x, double& th, double& tmp) {
  double kd = x * kInvLn2N + kRoundShift;
  kd = kd - kRoundShift;
  const int k = static_cast<int>(kd);
  const double r = (x - kd * kLn2N_1) - kd * kLn2N_2;  // x - kd*kLn2N_1 is exact
  const double r2 = r * r;
  const double p = r + r2 * ((expQ0 + r * expQ1) + r2 * ((expQ2 + r * expQ3) + r2 * expQ4));
  const unsigned ku = static_cast<unsigned>(k + 65536);  // k >= -34400: keep it non-negative
  const unsigned j = ku & 31u;
  th = kExp2Tab[j][0];
  tmp = kExp2Tab[j][1] + th * p;
  return static_cast<int>(ku >> 5) - 2048;
}

// exp(x) as hi + lo (|lo| <= ulp(hi)/2, relative error ~2^-59) for -700 <= x <= 700.
inline void exp_dd(double x, double& hi, double& lo) {
  double th, tmp;
  const int m = exp_reduce(x, th, tmp);
  const double y = th + tmp;
  const double yl = (th - y) + tmp;
  const double s = pow2(m);
  hi = y * s;
  lo = yl * s;
}

// tanh(x) = x - x^3*R(x^2) on |x| <= 0.25; R near-minimax (Chebyshev fit), relative error of
// the approximation < 2^-55.8.
constexpr double tanhR0 = 0x1.5555555555551p-2;
constexpr double tanhR1 = -0x1.111111110dacap-3;
constexpr double tanhR2 = 0x1.ba1ba1ac85933p-5;
constexpr double tanhR3 = -0x1.664f3e4b95862p-6;
constexpr double tanhR4 = 0x1.226a8b200c7acp-7;
constexpr double tanhR5 = -0x1.d578ec08809d1p-9;
constexpr double tanhR6 = 0x1.5d8c1c5046372p-10;

// softplus(x) = ln2 + x/2 + x^2*G(x^2) on |x| <= 0.5; Chebyshev fit, relative error < 2^-57.
constexpr double kLn2 = 0x1.62e42fefa39efp-1;     // ln2 rounded
constexpr double kLn2Lo = 0x1.abc9e3b39803fp-56;  // ln2 - kLn2
constexpr double spG0 = 0x1.fffffffffffffp-4;
constexpr double spG1 = -0x1.555555555446ep-8;
constexpr double spG2 = 0x1.6c16c167dbbecp-12;
constexpr double spG3 = -0x1.ba1b9b5df2042p-16;
constexpr double spG4 = 0x1.1ea38bc6e0b3ap-19;
constexpr double spG5 = -0x1.8265f4c1628e8p-23;
constexpr double spG6 = 0x1.f2442d617946cp-27;

// ---------------------------------------------------------------------------------------------
// expm1
// ---------------------------------------------------------------------------------------------
// Scaled Q's: Qn_here = 2**n * Qn_above, for R(2*z) where z = hxs = x*x/2.
constexpr double em1_Q1 = -3.33333333333331316428e-02;  // BFA11111 111110F4
constexpr double em1_Q2 = 1.58730158725481460165e-03;   // 3F5A01A0 19FE5585
constexpr double em1_Q3 = -7.93650757867487942473e-05;  // BF14CE19 9EAADBB7
constexpr double em1_Q4 = 4.00821782732936239552e-06;   // 3ED0CFCA 86E65239
constexpr double em1_Q5 = -2.01099218183624371326e-07;  // BE8AFDB7 6E09C32D

// ---------------------------------------------------------------------------------------------
// log, log1p: log(1+f) = f - (hfsq - s*(hfsq+R)), s = f/(2+f), R(s^2) Remez, error < 2^-58.45.
// ---------------------------------------------------------------------------------------------
constexpr double Lg1 = 6.666666666666735130e-01;  // 3FE55555 55555593
constexpr double Lg2 = 3.999999999940941908e-01;  // 3FD99999 9997FA04
constexpr double Lg3 = 2.857142874366239149e-01;  // 3FD24924 94229359
constexpr double Lg4 = 2.222219843214978396e-01;  // 3FCC71C5 1D8E78AF
constexpr double Lg5 = 1.818357216161805012e-01;  // 3FC74664 96CB03DE
constexpr double Lg6 = 1.531383769920937332e-01;  // 3FC39A09 D078C69F
constexpr double Lg7 = 1.479819860511658591e-01;  // 3FC2F112 DF3E5244


}  // namespace

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

namespace {
// log1p(x + xl) for a tail |xl| <= ulp(x)/2 (kTail) or log1p(x) (xl ignored). The tail enters
// fdlibm's correction term c before the final rounding.
template <bool kTail>
double log1p_impl(double x, double xl) {
  const std::uint64_t ux = bits(x);
  const std::int32_t hx = static_cast<std::int32_t>(static_cast<std::uint32_t>(ux >> 32));
  const std::int32_t ax = hx & 0x7fffffff;
  double f = 0.0, c = 0.0;
  std::int32_t hu = 0;
  int k = 1;

  if (hx < 0x3FDA827A) {      // 1+x < sqrt(2)+ (includes all negative x)
    if (ax >= 0x3ff00000) {   // x <= -1.0 (or nan with the sign bit set)
      if (x != x) return x;
      if (x == -1.0) return -kInf;  // log1p(-1) = -inf
      return kNaN;                  // log1p(x < -1) = nan
    }
    if (ax < 0x3e200000) {  // |x| < 2^-29
      if (ax < 0x3c900000) return kTail ? x + xl : x;  // |x| < 2^-54
      return kTail ? x - (x * x * 0.5 - xl) : x - x * x * 0.5;
    }
    if (hx > 0 || hx <= static_cast<std::int32_t>(0xbfd2bec4u)) {  // sqrt(2)/2- <= 1+x < sqrt(2)+
      k = 0;
      f = x;
      hu = 1;
      if (kTail) c = xl / (1.0 + x);
    }
  }
  if (hx >= 0x7ff00000) return x;  // +inf or nan
  if (k != 0) {
    double u;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = static_cast<std::int32_t>(static_cast<std::uint32_t>(bits(u) >> 32));
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);  // correction term
      if (kTail) c += xl;
      c /= u;
    } else {
      u = x;
      hu = static_cast<std::int32_t>(static_cast<std::uint32_t>(bits(u) >> 32));
      k = (hu >> 20) - 1023;
      c = 0.0;
    }
    hu &= 0x000fffff;
    // The approximation to sqrt(2) used in thresholds is not critical. However, the ones
    // used above must give less strict bounds than the one here so that the k==0 case is
    // never reached from here, since here we have committed to using the correction term
    // but don't use it if k==0.
    const std::uint64_t ulow = bits(u) & 0xffffffffu;
    if (hu < 0x6a09e) {  // u ~< sqrt(2)
      u = from_bits((static_cast<std::uint64_t>(static_cast<std::uint32_t>(hu) | 0x3ff00000u) << 32) | ulow);
    } else {
      k += 1;
      u = from_bits((static_cast<std::uint64_t>(static_cast<std::uint32_t>(hu) | 0x3fe00000u) << 32) | ulow);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const double hfsq = 0.5 * f * f;
  const double dk = k;
  if (hu == 0) {  // |f| < 2^-20
    if (f == 0.0) {
      if (k == 0) return 0.0;
      c += dk * ln2_lo;
      return dk * ln2_hi + c;
    }
    const double R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return kTail ? f - (R - c) : f - R;
    return dk * ln2_hi - ((R - (dk * ln2_lo + c)) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double R = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7))))));
  if (k == 0) return kTail ? f - (hfsq - (s * (hfsq + R) + c)) : f - (hfsq - s * (hfsq + R));
  return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + (dk * ln2_lo + c))) - f);
}
}  // namespace

double log1p(double x) { return log1p_impl<false>(x, 0.0); }

double tanh(double x) {
  const std::uint64_t ux = bits(x);
  const std::uint32_t ix = static_cast<std::uint32_t>(ux >> 32) & 0x7fffffffu;
  const std::uint64_t sign = ux & 0x8000000000000000ULL;
  const double ax = from_bits(ux ^ sign);
  if (ix < 0x3fd00000) {  // |x| < 0.25 (and +-0, subnormals): x - x^3*R(x^2)
    const double z = ax * ax;
    const double z2 = z * z;
    const double R = (tanhR0 + z * tanhR1) + z2 * ((tanhR2 + z * tanhR3) + z2 * ((tanhR4 + z * tanhR5) + z2 * tanhR6));
    return from_bits(bits(ax - (ax * z) * R) | sign);  // the sign is put back by hand: -0 stays -0
  }
  if (ix >= 0x40340000) {  // |x| >= 20 or nan: tanh rounds to +-1 from |x| > 19.06 on
    if (x != x) return x;
    return from_bits(bits(1.0) | sign);
  }
  // 0.25 <= |x| < 20: tanh|x| = 1 - 2/(E + 1), E = e^(2|x|) as a double-double. The quotient
  // q = 2/(E+1) is carried as qh + ql via its exact residual, so the only rounding that matters
  // is the final one.
  double E, El;
  exp_dd(2.0 * ax, E, El);
  const double d = E + 1.0;
  const double dl = ((E - d) + 1.0) + El;  // E >= 1: Fast2Sum
  // q = 2/(d + dl) = qh + ql, qh = 2/d cut to 26 bits so that qh*d splits into exact products.
  const double q = 2.0 / d;
  const double qh = trunc26(q);
  const double dh = trunc26(d);
  const double rho = ((2.0 - qh * dh) - qh * (d - dh)) - qh * dl;  // 2 - qh*dh is exact
  const double ql = rho * (0.5 * q);                               // rho/d
  const double h = 1.0 - qh;  // qh <= 1: Fast2Sum
  const double hl = (1.0 - h) - qh;
  return from_bits(bits(h + (hl - ql)) | sign);
}

// tanh over an array, two lanes at a time (GCC/Clang vector extensions: SSE2 natively, SIMD128
// in wasm). Every lane runs exactly the scalar tanh's operations in the same order, so the
// results are the same bits as tanh(x[i]); the three ranges are all computed and the right one
// selected per lane, and the only table reads are two scalar loads. The integer steps read k
// off the low bits of kd + kRoundShift (unsigned, logical shifts only: SSE2 has neither 64-bit
// arithmetic shifts nor 64-bit compares) instead of converting a double to an int, so no lane,
// whatever its input, is undefined behaviour; the range tests compare |x| as doubles.
namespace {
typedef double v2d __attribute__((vector_size(16)));
typedef unsigned long long v2u __attribute__((vector_size(16)));

inline v2d splat2(double v) { return v2d{v, v}; }
inline v2d trunc26_2(v2d a) { return (v2d)((v2u)a & 0xfffffffff8000000ULL); }

inline v2d tanh2(v2d x) {
  const v2u ux = (v2u)x;
  const v2u sign = ux & 0x8000000000000000ULL;
  const v2d ax = (v2d)(ux ^ sign);
  // |x| < 0.25: x - x^3*R(x^2)
  const v2d z = ax * ax;
  const v2d z2 = z * z;
  const v2d R = (splat2(tanhR0) + z * tanhR1) +
                z2 * ((splat2(tanhR2) + z * tanhR3) + z2 * ((splat2(tanhR4) + z * tanhR5) + z2 * tanhR6));
  const v2u small = (v2u)(ax - (ax * z) * R) | sign;
  // 0.25 <= |x| < 20: 1 - 2/(E + 1), E = e^(2|x|) as a double-double (exp_dd, inlined).
  const v2d x2 = 2.0 * ax;
  const v2d shifted = x2 * kInvLn2N + kRoundShift;
  const v2d kd = shifted - kRoundShift;
  // k = kd is in the low 32 bits of shifted's bits; ku = k + 65536 >= 0 for every valid k.
  const v2u ku = ((v2u)shifted + 65536ULL) & 0xffffffffULL;
  const v2d r = (x2 - kd * kLn2N_1) - kd * kLn2N_2;
  const v2d r2 = r * r;
  const v2d p = r + r2 * ((splat2(expQ0) + r * expQ1) + r2 * ((splat2(expQ2) + r * expQ3) + r2 * expQ4));
  const v2u j = ku & 31ULL;
  const v2d th = v2d{kExp2Tab[j[0]][0], kExp2Tab[j[1]][0]};
  const v2d tmp = v2d{kExp2Tab[j[0]][1], kExp2Tab[j[1]][1]} + th * p;
  const v2d y = th + tmp;
  const v2d yl = (th - y) + tmp;
  const v2d sc = (v2d)(((ku >> 5) + (0x3ffULL - 2048ULL)) << 52);  // 2^m, m = (ku >> 5) - 2048
  const v2d E = y * sc;
  const v2d El = yl * sc;
  const v2d d = E + 1.0;
  const v2d dl = ((E - d) + 1.0) + El;
  const v2d q = 2.0 / d;
  const v2d qh = trunc26_2(q);
  const v2d dh = trunc26_2(d);
  const v2d rho = ((2.0 - qh * dh) - qh * (d - dh)) - qh * dl;
  const v2d ql = rho * (0.5 * q);
  const v2d h = 1.0 - qh;
  const v2d hl = (1.0 - h) - qh;
  const v2u mid = (v2u)(h + (hl - ql)) | sign;
  // |x| >= 20: +-1; nan: itself.
  const v2u nan = (v2u)(x != x);
  const v2u big = (((v2u)splat2(1.0) | sign) & ~nan) | (ux & nan);
  const v2u is_small = (v2u)(ax < 0.25);
  const v2u is_big = (v2u)(ax >= 20.0) | nan;
  return (v2d)((small & is_small) | (~is_small & ((big & is_big) | (mid & ~is_big))));
}
}  // namespace

void tanh_n(const double* x, double* y, std::size_t n) {
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    v2d v;
    std::memcpy(&v, x + i, sizeof v);
    v = tanh2(v);
    std::memcpy(y + i, &v, sizeof v);
  }
  for (; i < n; ++i) y[i] = tanh(x[i]);
}

double sigmoid(double x) {
  // sigmoid(x) = n/(1+e), e = e^-|x|, n = 1 (x >= 0) or e (x < 0). e is a double-double and
  // the quotient is corrected by its exact residual, so the result is rounded about once.
  if (!(x >= -700.0 && x <= 40.0)) {
    if (x != x) return x;
    if (x > 40.0) return 1.0;  // 1 - e^-x rounds to 1 from x > 37.5 on
    return exp(x);             // e/(1+e) rounds to e
  }
  const double ax = from_bits(bits(x) & 0x7fffffffffffffffULL);
  double e, el;
  exp_dd(-ax, e, el);
  const double d = 1.0 + e;
  const double dl = ((1.0 - d) + e) + el;  // e <= 1: Fast2Sum
  const double inv = 1.0 / d;
  const double n = x >= 0 ? 1.0 : e;
  const double nl = x >= 0 ? 0.0 : el;
  // q = (n + nl)/(d + dl) = qh + (residual)/d, with qh = n/d cut to 26 bits so that qh*d splits
  // into exact products.
  const double qh = trunc26(n * inv);
  const double dh = trunc26(d);
  const double rho = (((n - qh * dh) - qh * (d - dh)) + nl) - qh * dl;  // n - qh*dh is exact
  return qh + rho * inv;
}

double softplus(double x) {
  if (!(x > -40.0 && x < 36.0)) {
    if (x != x) return x;
    if (x >= 36.0) return x;  // log1p(e^-x) < ulp(x)/2
    return exp(x);            // log1p(e) rounds to e for e < 2^-57
  }
  const std::uint32_t ix = high_abs(x);
  if (ix < 0x3fe00000) {  // |x| < 0.5: ln2 + x/2 + x^2*G(x^2), G(x^2) = log(cosh(x/2))/x^2
    const double z = x * x;
    const double z2 = z * z;
    const double G = (spG0 + z * spG1) + z2 * ((spG2 + z * spG3) + z2 * ((spG4 + z * spG5) + z2 * spG6));
    const double hx = 0.5 * x;
    const double s = kLn2 + hx;
    const double sl = (kLn2 - s) + hx;  // |hx| < kLn2: Fast2Sum
    return s + (sl + (kLn2Lo + z * G));
  }
  // log(1 + e^x) = max(x, 0) + log1p(e^-|x|), with e^-|x| as a double-double.
  const double ax = from_bits(bits(x) & 0x7fffffffffffffffULL);
  double e, el;
  exp_dd(-ax, e, el);
  const double L = log1p_impl<true>(e, el);
  return x > 0 ? x + L : L;
}

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
