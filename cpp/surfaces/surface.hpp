// 2-D test functions with exact gradients, for the loss-surface mode and the golden
// `surface` cases.
#pragma once

#include <string>
#include <vector>

namespace rp {

struct SurfaceSpec {
  std::string name = "rosenbrock";  // rosenbrock|beale|quadratic|saddle|himmelblau
  double a = 1.0, b = 100.0;        // rosenbrock (a-x)^2 + b(y-x^2)^2; quadratic 0.5(a x^2 + b y^2)
  // The function is defined for any finite a and b (what surface_eval, and so the reference
  // replay, needs); validate_view() also asks for the minimum that surface_info() reports:
  // quadratic a, b > 0 and rosenbrock b >= 0.
  void validate() const;
  void validate_view() const;
};

const std::vector<std::string>& surface_names();

// f(x, y); writes the exact gradient to g[0], g[1] when g is not null. x and y must be finite
// (std::invalid_argument "x: nan is not a finite number" otherwise); f and g may overflow to
// +-inf far out.
double surface_eval(const SurfaceSpec& s, double x, double y, double* g);

// The global minimum (or the saddle point) a learner should aim for, and a good view box.
struct SurfaceInfo {
  std::vector<double> minimum;         // x, y of one minimum (saddle: the saddle point)
  double xmin, xmax, ymin, ymax;       // default view
  std::vector<double> start;           // a default start point
};
SurfaceInfo surface_info(const SurfaceSpec& s);

}  // namespace rp
