// 2-D test functions with exact analytic gradients (polynomials only, so the same bits on
// every platform without any fm:: call).
#include "surfaces/surface.hpp"

#include "core/check.hpp"

namespace rp {

namespace {

enum class Kind { rosenbrock, beale, quadratic, saddle, himmelblau };

Kind kind_of(const std::string& name) {
  if (name == "rosenbrock") return Kind::rosenbrock;
  if (name == "beale") return Kind::beale;
  if (name == "quadratic") return Kind::quadratic;
  if (name == "saddle") return Kind::saddle;
  if (name == "himmelblau") return Kind::himmelblau;
  fail_unknown("surface.name", name, surface_names());
}

double min2(double a, double b) { return a < b ? a : b; }
double max2(double a, double b) { return a > b ? a : b; }

}  // namespace

const std::vector<std::string>& surface_names() {
  static const std::vector<std::string> names = {"rosenbrock", "beale", "quadratic", "saddle",
                                                 "himmelblau"};
  return names;
}

void SurfaceSpec::validate() const {
  kind_of(name);
  check_finite("surface.a", a);
  check_finite("surface.b", b);
}

void SurfaceSpec::validate_view() const {
  validate();
  const Kind k = kind_of(name);
  if (k == Kind::rosenbrock) {
    check_min("surface.b", b, 0.0);
  } else if (k == Kind::quadratic) {
    if (!(a > 0)) fail("surface.a", fmt_num(a) + " is out of range; allowed: > 0 (quadratic)");
    if (!(b > 0)) fail("surface.b", fmt_num(b) + " is out of range; allowed: > 0 (quadratic)");
  }
}

double surface_eval(const SurfaceSpec& s, double x, double y, double* g) {
  s.validate();
  check_finite("x", x);
  check_finite("y", y);
  double f = 0, gx = 0, gy = 0;
  switch (kind_of(s.name)) {
    case Kind::rosenbrock: {
      // (a - x)^2 + b (y - x^2)^2
      const double u = s.a - x, v = y - x * x;
      f = u * u + s.b * v * v;
      gx = -2.0 * u - 4.0 * s.b * x * v;
      gy = 2.0 * s.b * v;
      break;
    }
    case Kind::beale: {
      // (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2
      const double y2 = y * y, y3 = y2 * y;
      const double t1 = 1.5 - x + x * y;
      const double t2 = 2.25 - x + x * y2;
      const double t3 = 2.625 - x + x * y3;
      f = t1 * t1 + t2 * t2 + t3 * t3;
      gx = 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0));
      gy = 2.0 * (t1 * x + t2 * (2.0 * x * y) + t3 * (3.0 * x * y2));
      break;
    }
    case Kind::quadratic:
      // 0.5 (a x^2 + b y^2)
      f = 0.5 * (s.a * x * x + s.b * y * y);
      gx = s.a * x;
      gy = s.b * y;
      break;
    case Kind::saddle:
      f = x * x - y * y;
      gx = 2.0 * x;
      gy = -2.0 * y;
      break;
    case Kind::himmelblau: {
      // (x^2 + y - 11)^2 + (x + y^2 - 7)^2
      const double u = x * x + y - 11.0, v = x + y * y - 7.0;
      f = u * u + v * v;
      gx = 4.0 * x * u + 2.0 * v;
      gy = 2.0 * u + 4.0 * y * v;
      break;
    }
  }
  if (g) {
    g[0] = gx;
    g[1] = gy;
  }
  return f;
}

SurfaceInfo surface_info(const SurfaceSpec& s) {
  s.validate_view();
  SurfaceInfo info{};
  switch (kind_of(s.name)) {
    case Kind::rosenbrock: {
      // Minimum (a, a^2); the classic start (-1.5, 2) on the far side of the banana valley.
      // The default view [-2, 2] x [-1, 3] grows to keep the minimum 0.5 inside the edge.
      const double mx = s.a, my = s.a * s.a;
      info.minimum = {mx, my};
      info.xmin = min2(-2.0, mx - 0.5);
      info.xmax = max2(2.0, mx + 0.5);
      info.ymin = min2(-1.0, my - 0.5);
      info.ymax = max2(3.0, my + 0.5);
      info.start = {-1.5, 2.0};
      break;
    }
    case Kind::beale:
      // Minimum (3, 0.5) at the end of a long flat valley; the function rises like x^2 y^6,
      // so the view is the usual [-4.5, 4.5]^2 and the start (1, 1.5) sits on the valley rim.
      info.minimum = {3.0, 0.5};
      info.xmin = -4.5, info.xmax = 4.5, info.ymin = -4.5, info.ymax = 4.5;
      info.start = {1.0, 1.5};
      break;
    case Kind::quadratic:
      // Minimum at the origin; with a != b (default a = 1, b = 100) the bowl is
      // ill-conditioned, which is where RMSProp's per-coordinate scaling shows.
      info.minimum = {0.0, 0.0};
      info.xmin = -1.5, info.xmax = 1.5, info.ymin = -1.5, info.ymax = 1.5;
      info.start = {1.0, 1.0};
      break;
    case Kind::saddle:
      // Saddle point at the origin; the start sits just off the ridge y = 0 so plain gradient
      // descent crawls towards the saddle before escaping, while RMSProp escapes at once.
      info.minimum = {0.0, 0.0};
      info.xmin = -1.5, info.xmax = 1.5, info.ymin = -1.5, info.ymax = 1.5;
      info.start = {1.0, 0.01};
      break;
    case Kind::himmelblau:
      // Four minima with f = 0; (3, 2) is the exact one. From the origin the path bends
      // towards it.
      info.minimum = {3.0, 2.0};
      info.xmin = -5.0, info.xmax = 5.0, info.ymin = -5.0, info.ymax = 5.0;
      info.start = {0.0, 0.0};
      break;
  }
  return info;
}

}  // namespace rp
