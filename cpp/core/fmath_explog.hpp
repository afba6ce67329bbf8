// The exp and log internals shared by cpp/core/fmath.cpp (exp, expm1, log, log1p, powi) and
// cpp/core/fmath_act.cpp (tanh, sigmoid, softplus): constants, the 2^(j/32) table, the
// double-double exp and log1p with a tail. Not part of the API (cpp/core/fmath.hpp is); the
// rules of fmath.cpp's header comment apply.
#pragma once

#include <cstdint>

#include "core/fmath_bits.hpp"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace rp::fm::detail {

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
inline constexpr double kExp2Tab[32][2] = {
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

}  // namespace rp::fm::detail
