#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "surfaces/surface.hpp"

using rp::SurfaceSpec;

namespace {

SurfaceSpec surf(const std::string& name, double a = 1.0, double b = 100.0) {
  SurfaceSpec s;
  s.name = name;
  s.a = a;
  s.b = b;
  return s;
}

double f_at(const SurfaceSpec& s, double x, double y) { return rp::surface_eval(s, x, y, nullptr); }

}  // namespace

TEST_CASE("surface: names", "[surface]") {
  REQUIRE(rp::surface_names() ==
          std::vector<std::string>{"rosenbrock", "beale", "quadratic", "saddle", "himmelblau"});
}

TEST_CASE("surface: gradient matches central finite differences", "[surface]") {
  const std::uint64_t seed = 20240607;
  INFO("random points from rp::Rng seed " << seed);
  rp::Rng rng(seed);
  const std::vector<SurfaceSpec> specs = {
      surf("rosenbrock"),          surf("rosenbrock", -0.7, 3.5), surf("rosenbrock", 2.0, 0.0),
      surf("beale"),               surf("quadratic"),             surf("quadratic", 3.0, 0.25),
      surf("saddle"),              surf("himmelblau")};
  for (const auto& s : specs) {
    const auto info = rp::surface_info(s);
    for (int k = 0; k < 500; ++k) {
      const double x = rng.uniform(info.xmin, info.xmax);
      const double y = rng.uniform(info.ymin, info.ymax);
      double g[2];
      const double f = rp::surface_eval(s, x, y, g);
      REQUIRE(f == f_at(s, x, y));  // the gradient pointer does not change f
      const double hx = 1e-6 * (1.0 + std::fabs(x)), hy = 1e-6 * (1.0 + std::fabs(y));
      const double fdx = (f_at(s, x + hx, y) - f_at(s, x - hx, y)) / (2 * hx);
      const double fdy = (f_at(s, x, y + hy) - f_at(s, x, y - hy)) / (2 * hy);
      // Tolerance: truncation O(h^2) plus cancellation ~ eps * |f| / h.
      const double tol = 1e-6 * (1.0 + std::fabs(f) + std::fabs(g[0]) + std::fabs(g[1]));
      INFO(s.name << " a=" << s.a << " b=" << s.b << " at (" << x << ", " << y << ") f=" << f
                  << " g=(" << g[0] << ", " << g[1] << ") fd=(" << fdx << ", " << fdy << ")");
      REQUIRE(std::fabs(g[0] - fdx) <= tol);
      REQUIRE(std::fabs(g[1] - fdy) <= tol);
    }
  }
}

TEST_CASE("surface: known values", "[surface]") {
  double g[2];
  SECTION("rosenbrock") {
    CHECK(rp::surface_eval(surf("rosenbrock"), 1.0, 1.0, g) == 0.0);
    CHECK(g[0] == 0.0);
    CHECK(g[1] == 0.0);
    CHECK(f_at(surf("rosenbrock", 2.0, 10.0), 2.0, 4.0) == 0.0);
    // (1 - 0)^2 + 100 (0 - 0)^2 = 1 at the origin; (1+1.5)^2 + 100 (2 - 2.25)^2 = 12.5 at the start.
    CHECK(f_at(surf("rosenbrock"), 0.0, 0.0) == 1.0);
    CHECK(f_at(surf("rosenbrock"), -1.5, 2.0) == Approx(12.5));
  }
  SECTION("beale") {
    CHECK(rp::surface_eval(surf("beale"), 3.0, 0.5, g) == 0.0);
    CHECK(g[0] == 0.0);
    CHECK(g[1] == 0.0);
    // At the origin: 1.5^2 + 2.25^2 + 2.625^2.
    CHECK(f_at(surf("beale"), 0.0, 0.0) == Approx(1.5 * 1.5 + 2.25 * 2.25 + 2.625 * 2.625));
  }
  SECTION("quadratic") {
    CHECK(f_at(surf("quadratic", 2.0, 6.0), 0.0, 0.0) == 0.0);
    CHECK(rp::surface_eval(surf("quadratic", 2.0, 6.0), 1.0, -1.0, g) == 4.0);
    CHECK(g[0] == 2.0);
    CHECK(g[1] == -6.0);
  }
  SECTION("saddle") {
    CHECK(rp::surface_eval(surf("saddle"), 0.0, 0.0, g) == 0.0);
    CHECK(g[0] == 0.0);
    CHECK(g[1] == 0.0);
    CHECK(f_at(surf("saddle"), 2.0, 3.0) == -5.0);
  }
  SECTION("himmelblau: four minima with f = 0") {
    CHECK(rp::surface_eval(surf("himmelblau"), 3.0, 2.0, g) == 0.0);
    CHECK(g[0] == 0.0);
    CHECK(g[1] == 0.0);
    const double minima[3][2] = {{-2.805118086952745, 3.131312518250573},
                                 {-3.779310253377747, -3.283185991286170},
                                 {3.584428340330492, -1.848126526964404}};
    for (const auto& m : minima) {
      INFO("(" << m[0] << ", " << m[1] << ")");
      CHECK(rp::surface_eval(surf("himmelblau"), m[0], m[1], g) < 1e-20);
      CHECK(std::fabs(g[0]) < 1e-9);
      CHECK(std::fabs(g[1]) < 1e-9);
    }
    CHECK(f_at(surf("himmelblau"), 0.0, 0.0) == 170.0);  // 121 + 49
  }
}

TEST_CASE("surface: info", "[surface]") {
  for (const auto& name : rp::surface_names()) {
    INFO(name);
    const auto s = surf(name);
    const auto info = rp::surface_info(s);
    REQUIRE(info.minimum.size() == 2);
    REQUIRE(info.start.size() == 2);
    CHECK(info.xmin < info.xmax);
    CHECK(info.ymin < info.ymax);
    // Minimum and start inside the view.
    for (const auto* p : {&info.minimum, &info.start}) {
      CHECK((*p)[0] > info.xmin);
      CHECK((*p)[0] < info.xmax);
      CHECK((*p)[1] > info.ymin);
      CHECK((*p)[1] < info.ymax);
    }
    // The minimum is stationary and lower than the start.
    double g[2];
    const double fmin = rp::surface_eval(s, info.minimum[0], info.minimum[1], g);
    CHECK(g[0] == 0.0);
    CHECK(g[1] == 0.0);
    CHECK(fmin < rp::surface_eval(s, info.start[0], info.start[1], nullptr));
  }
  const auto ros = rp::surface_info(surf("rosenbrock"));
  CHECK(ros.start == std::vector<double>{-1.5, 2.0});
  CHECK(ros.minimum == std::vector<double>{1.0, 1.0});
  CHECK((ros.xmin == -2.0 && ros.xmax == 2.0 && ros.ymin == -1.0 && ros.ymax == 3.0));
  // A rosenbrock with a far minimum gets a view that still contains it.
  const auto far = rp::surface_info(surf("rosenbrock", 2.5, 100.0));
  CHECK(far.minimum == std::vector<double>{2.5, 6.25});
  CHECK(far.xmax > 2.5);
  CHECK(far.ymax > 6.25);
}

TEST_CASE("surface: validation errors name the field", "[surface][validation]") {
  using Catch::Contains;
  SECTION("unknown name lists the allowed ones") {
    REQUIRE_THROWS_AS(surf("booth").validate(), std::invalid_argument);
    REQUIRE_THROWS_WITH(rp::surface_eval(surf("booth"), 0, 0, nullptr),
                        Contains("surface.name") && Contains("booth") &&
                            Contains("rosenbrock") && Contains("himmelblau"));
    REQUIRE_THROWS_WITH(rp::surface_info(surf("")), Contains("surface.name"));
  }
  SECTION("a not finite") {
    REQUIRE_THROWS_WITH(surf("rosenbrock", std::nan("")).validate(),
                        Contains("surface.a") && Contains("nan"));
    REQUIRE_THROWS_WITH(surf("saddle", INFINITY).validate(), Contains("surface.a"));
  }
  SECTION("b not finite") {
    REQUIRE_THROWS_WITH(surf("beale", 1.0, -INFINITY).validate(),
                        Contains("surface.b") && Contains("-inf"));
  }
  SECTION("any finite a, b define the function; a minimum for the view needs more") {
    // Reference cases may use any finite parameters (PyTorch just follows the gradient).
    CHECK_NOTHROW(surf("rosenbrock", 1.0, -1.0).validate());
    CHECK_NOTHROW(surf("quadratic", -2.0, 0.0).validate());
    double g[2];
    CHECK(rp::surface_eval(surf("quadratic", -2.0, 3.0), 1.0, 1.0, g) == 0.5);  // (-2 + 3) / 2
    CHECK(g[0] == -2.0);
    CHECK(g[1] == 3.0);
    REQUIRE_THROWS_WITH(rp::surface_info(surf("rosenbrock", 1.0, -1.0)),
                        Contains("surface.b") && Contains("-1") && Contains(">= 0"));
    CHECK_NOTHROW(rp::surface_info(surf("rosenbrock", -3.0, 0.0)));
    REQUIRE_THROWS_WITH(rp::surface_info(surf("quadratic", 0.0, 1.0)), Contains("surface.a") && Contains("> 0"));
    REQUIRE_THROWS_WITH(rp::surface_info(surf("quadratic", -2.0, 1.0)), Contains("surface.a"));
    REQUIRE_THROWS_WITH(rp::surface_info(surf("quadratic", 1.0, 0.0)), Contains("surface.b") && Contains("> 0"));
  }
  SECTION("a point that is not finite") {
    double g[2] = {7, 7};
    for (const std::string& name : rp::surface_names()) {
      INFO(name);
      REQUIRE_THROWS_AS(rp::surface_eval(surf(name), std::nan(""), 0, g), std::invalid_argument);
      REQUIRE_THROWS_WITH(rp::surface_eval(surf(name), std::nan(""), INFINITY, g), "x: nan is not a finite number");
      REQUIRE_THROWS_WITH(rp::surface_eval(surf(name), 1.0, -INFINITY, g), "y: -inf is not a finite number");
    }
    CHECK(g[0] == 7);  // nothing written
    // Far out but finite is fine, even when f overflows.
    CHECK(std::isinf(f_at(surf("beale"), 1e100, 1e100)));
  }
}
