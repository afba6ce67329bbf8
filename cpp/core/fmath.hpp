// Elementary functions with the same bits on every platform.
//
// glibc's libm (native build) and musl's (Emscripten) round exp/log/tanh/sin/cos differently
// in the last place, which would make a native run and a wasm run drift apart. The core calls
// these instead of <cmath> for every transcendental function, so native and wasm agree bit for
// bit. They use only +, -, *, / and exact bit manipulation, which IEEE 754 fixes exactly
// (no libm call, no fma, no long double), so the result depends only on the inputs, provided
// the file is compiled without fp contraction and without fast-math (the project's flags:
// -ffp-contract=off -fno-fast-math). Checked: identical output bits from g++ 12 -O3 (also
// -O0 and -march=native) on x86-64 and from Emscripten 3.1.6 (-O3, -O0) run under node, on
// ~900k inputs; tests/native/test_fmath.cpp pins a checksum of the output bits.
//
// Accuracy: every function is within 1 ulp of the exact result (fdlibm's error analyses for
// the ported kernels; measured for all). Largest errors measured against an x87 long double
// reference over millions of random inputs per function (ranges: tests/native/test_fmath.cpp):
//   exp 0.53   expm1 0.83   log 0.82   log1p 0.85   tanh 0.67
//   sin 0.79   cos 0.78     sigmoid 0.53             softplus 0.79   (ulp)
// For comparison, glibc 2.36 measures tanh 2.2 ulp and 1/(1+exp(-x)) 2.4 ulp.
// exp and sigmoid results in the subnormal range are rounded once (no double rounding).
//
// Needs -ffp-contract=off natively: built with -march=native -ffp-contract=fast, g++ fuses
// multiply-adds and the bits change (the checksum test catches it).
//
// Speed, ns/call in a loop over inputs ~ N(0, 1.5), x86-64 g++ -O3 (wasm under node 20 in
// brackets): tanh 11 (17), glibc tanh 16 (musl 21); exp 4 (7), glibc 5 (musl 6);
// sigmoid 11 (21), 1/(1+exp(-x)) with glibc 12 (musl 12); softplus 19 (27); sin 12 (18),
// glibc 11 (musl 17).
#pragma once

#include <cstddef>

namespace rp::fm {

// e^x. Overflows to +inf for x > 709.78, 0 for x < -745.13; exp(nan) = nan.
double exp(double x);
// e^x - 1, accurate near 0. expm1(-inf) = -1.
double expm1(double x);
// Natural log. log(0) = -inf, log(x < 0) = nan, log(+inf) = +inf.
double log(double x);
// log(1 + x), accurate near 0. log1p(-1) = -inf, log1p(x < -1) = nan.
double log1p(double x);
// Odd exactly (tanh(-x) == -tanh(x) bit for bit); tanh(+-inf) = +-1, tanh(-0) = -0.
double tanh(double x);
// y[i] = tanh(x[i]), the same bits, two at a time (y may be x).
void tanh_n(const double* x, double* y, std::size_t n);
// sin/cos: sin odd and cos even bit for bit; sin(+-inf) = cos(+-inf) = nan. The argument
// reduction is exact for every finite double: Cody-Waite with 3x33 bits of pi/2 for
// |x| < 2^20*pi/2 (~1.6e6), a Payne-Hanek reduction with a 192-bit window of 2/pi beyond.
double sin(double x);
double cos(double x);

// x^n for an integer n. For |x| <= 1 and n >= 0 correctly rounded (exponentiation by
// squaring in double-double, rounded once) down to results near 2^-1000, within 1 ulp below;
// glibc's pow (0.52 ulp), and so Python's beta ** step in PyTorch's Adam bias corrections,
// agrees but for rare near-ties. Plain double squaring is several ulp off, which 1 - beta^t
// magnifies by 1/(1 - beta^t) for beta near 1. Outside [-1, 1]: plain squaring; n < 0: 1/x^-n.
double powi(double x, long long n);

// Logistic sigmoid 1/(1+e^-x), stable for large |x| (sigmoid(-800) = 0, sigmoid(800) = 1).
double sigmoid(double x);
// log(1 + e^x), stable for large |x| (softplus(800) = 800, softplus(-800) = 0).
double softplus(double x);

}  // namespace rp::fm
