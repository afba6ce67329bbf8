// Elementary functions with the same bits on every platform.
//
// glibc's libm (native build) and musl's (Emscripten) round exp/log/tanh/sin/cos differently
// in the last place, which would make a native run and a wasm run drift apart. The core calls
// these instead of <cmath> for every transcendental function, so native and wasm agree bit for
// bit. They use only +, -, *, /, sqrt and exact bit manipulation, which IEEE 754 fixes exactly,
// and are accurate to about 1 ulp (see tests/native/test_fmath.cpp for the measured bound).
#pragma once

namespace rp::fm {

double exp(double x);
double expm1(double x);
double log(double x);
double log1p(double x);
double tanh(double x);
double sin(double x);
double cos(double x);

// Logistic sigmoid 1/(1+e^-x), stable for large |x|.
double sigmoid(double x);
// log(1 + e^x), stable for large |x| (softplus).
double softplus(double x);

}  // namespace rp::fm
