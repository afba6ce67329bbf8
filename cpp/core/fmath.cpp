// TEMPORARY: forwards to <cmath> until the portable kernels land.
#include "core/fmath.hpp"

#include <cmath>

namespace rp::fm {
double exp(double x) { return std::exp(x); }
double expm1(double x) { return std::expm1(x); }
double log(double x) { return std::log(x); }
double log1p(double x) { return std::log1p(x); }
double tanh(double x) { return std::tanh(x); }
double sin(double x) { return std::sin(x); }
double cos(double x) { return std::cos(x); }
double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}
double softplus(double x) { return (x > 0 ? x : 0.0) + std::log1p(std::exp(-std::fabs(x))); }
}  // namespace rp::fm
