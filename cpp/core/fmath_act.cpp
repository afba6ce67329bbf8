// tanh (scalar and two lanes at a time), sigmoid and softplus with the same bits on every
// platform (see cpp/core/fmath.hpp), built on the double-double exp and log1p of
// cpp/core/fmath_explog.hpp. The rules of cpp/core/fmath.cpp's header comment apply.
#include "core/fmath.hpp"
#include "core/fmath_bits.hpp"
#include "core/fmath_explog.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

// Never contract a*b+c into an fma in this file (see cpp/core/fmath.cpp).
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace rp::fm {
using namespace detail;

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

}  // namespace rp::fm
