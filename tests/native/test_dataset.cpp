#include <catch2/catch.hpp>

#include "require_invalid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/fmath.hpp"
#include "data/dataset.hpp"

using rp::DatasetSpec;
using rp::Point;

namespace {

constexpr double kPi = 3.141592653589793;

DatasetSpec spec_of(const std::string& name, int n, double noise = 0.0, double ratio = 0.5,
                    std::uint64_t seed = 1) {
  DatasetSpec s;
  s.name = name;
  s.n = n;
  s.noise = noise;
  s.train_ratio = ratio;
  s.seed = seed;
  return s;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool identical(const std::vector<Point>& a, const std::vector<Point>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_bits(a[i].x1, b[i].x1) || !same_bits(a[i].x2, b[i].x2) ||
        !same_bits(a[i].label, b[i].label) || a[i].test != b[i].test || a[i].user != b[i].user)
      return false;
  return true;
}

bool inside(const Point& p, double d) {
  return p.x1 >= -d && p.x1 <= d && p.x2 >= -d && p.x2 <= d;
}

}  // namespace

TEST_CASE("dataset: names and problems", "[dataset]") {
  const auto& names = rp::dataset_names();
  REQUIRE(names == std::vector<std::string>{"circle", "xor", "gauss", "spiral", "moons", "plane",
                                            "multigauss"});
  for (const char* c : {"circle", "xor", "gauss", "spiral", "moons"})
    CHECK(rp::dataset_problem(c) == rp::Problem::classification);
  for (const char* r : {"plane", "multigauss"})
    CHECK(rp::dataset_problem(r) == rp::Problem::regression);
}

TEST_CASE("dataset: same spec twice gives identical bits", "[dataset]") {
  for (const auto& name : rp::dataset_names()) {
    for (double noise : {0.0, 0.25, 0.5}) {
      INFO(name << " noise " << noise);
      const auto s = spec_of(name, 301, noise, 0.7, 42);
      const auto a = rp::generate_dataset(s);
      const auto b = rp::generate_dataset(s);
      CHECK(identical(a, b));
    }
  }
}

TEST_CASE("dataset: different seeds give different points", "[dataset]") {
  for (const auto& name : rp::dataset_names()) {
    INFO(name);
    const auto a = rp::generate_dataset(spec_of(name, 200, 0.1, 0.5, 1));
    const auto b = rp::generate_dataset(spec_of(name, 200, 0.1, 0.5, 2));
    CHECK_FALSE(identical(a, b));
    // Not merely the same points reordered: the first point of a is nowhere in b.
    bool found = false;
    for (const auto& p : b) found = found || (same_bits(p.x1, a[0].x1) && same_bits(p.x2, a[0].x2));
    CHECK_FALSE(found);
  }
}

TEST_CASE("dataset: exact sizes and train/test split, odd n included", "[dataset]") {
  for (const auto& name : rp::dataset_names()) {
    for (int n : {1, 2, 3, 7, 20, 101, 500, 999}) {
      for (double ratio : {0.1, 0.5, 0.73, 0.9}) {
        INFO(name << " n " << n << " ratio " << ratio);
        const auto pts = rp::generate_dataset(spec_of(name, n, 0.2, ratio, 7));
        REQUIRE(pts.size() == static_cast<std::size_t>(n));
        const long long n_train = std::llround(ratio * n);
        long long train = 0;
        for (std::size_t i = 0; i < pts.size(); ++i) {
          // The first round(ratio * n) are train, the rest test.
          CHECK(pts[i].test == (static_cast<long long>(i) >= n_train));
          CHECK_FALSE(pts[i].user);
          if (!pts[i].test) ++train;
        }
        CHECK(train == n_train);
      }
    }
  }
}

TEST_CASE("dataset: maximum n", "[dataset]") {
  const auto pts = rp::generate_dataset(spec_of("spiral", 10000, 0.5, 0.9, 3));
  REQUIRE(pts.size() == 10000u);
  long long test = 0;
  for (const auto& p : pts) test += p.test;
  CHECK(test == 1000);
}

TEST_CASE("dataset: classification labels are 0/1 with both classes present", "[dataset]") {
  for (const char* name : {"circle", "xor", "gauss", "spiral", "moons"}) {
    for (int n : {20, 21, 500}) {
      for (double noise : {0.0, 0.5}) {
        for (std::uint64_t seed : {1u, 2u, 3u, 99u}) {
          INFO(name << " n " << n << " noise " << noise << " seed " << seed);
          const auto pts = rp::generate_dataset(spec_of(name, n, noise, 0.5, seed));
          int ones = 0, zeros = 0;
          for (const auto& p : pts) {
            REQUIRE((p.label == 0.0 || p.label == 1.0));
            (p.label == 1.0 ? ones : zeros)++;
          }
          CHECK(ones > 0);
          CHECK(zeros > 0);
        }
      }
    }
  }
}

TEST_CASE("dataset: class sizes follow the generators (odd n)", "[dataset]") {
  // At noise 0 the label is the generating class: circle/gauss/spiral put the extra point in
  // class 1, moons (sklearn's split) in the inner moon, label 1 too.
  for (const char* name : {"circle", "gauss", "spiral", "moons"}) {
    INFO(name);
    const auto pts = rp::generate_dataset(spec_of(name, 101, 0.0));
    int ones = 0;
    for (const auto& p : pts) ones += p.label == 1.0;
    CHECK(ones == 51);
  }
}

TEST_CASE("dataset: regression labels in [-1, 1] and plane follows (x + y) / 10", "[dataset]") {
  for (const char* name : {"plane", "multigauss"}) {
    for (double noise : {0.0, 0.5}) {
      INFO(name << " noise " << noise);
      const auto pts = rp::generate_dataset(spec_of(name, 2000, noise, 0.5, 5));
      double lo = 0, hi = 0;
      for (const auto& p : pts) {
        REQUIRE(p.label >= -1.0);
        REQUIRE(p.label <= 1.0);
        lo = std::min(lo, p.label);
        hi = std::max(hi, p.label);
      }
      CHECK(lo < -0.5);  // both signs well represented
      CHECK(hi > 0.5);
    }
  }
  for (const auto& p : rp::generate_dataset(spec_of("plane", 1000, 0.0))) {
    const double expect = std::max(-1.0, std::min(1.0, (p.x1 + p.x2) / 10.0));
    CHECK(p.label == Approx(expect).margin(1e-15));
  }
}

TEST_CASE("dataset: multigauss labels follow TF's six bumps at noise 0", "[dataset]") {
  const double bumps[6][3] = {{-4, 2.5, 1},  {0, 2.5, -1}, {4, 2.5, 1},
                              {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  for (const auto& p : rp::generate_dataset(spec_of("multigauss", 500, 0.0))) {
    double expect = 0;
    for (const auto& b : bumps) {
      const double d = std::hypot(p.x1 - b[0], p.x2 - b[1]);
      const double v = b[2] * std::max(0.0, std::min(1.0, 1.0 - d / 2.0));
      if (std::fabs(v) > std::fabs(expect)) expect = v;
    }
    CHECK(p.label == Approx(expect).margin(1e-12));
  }
}

TEST_CASE("dataset: all points inside the domain", "[dataset]") {
  // At noise 0 every dataset is inside [-6, 6]^2 by construction. At noise 0.5 too: circle,
  // xor, plane and multigauss only perturb the label, spiral moves a point by at most 0.5
  // (radius <= 5), and gauss and moons redraw a Gaussian sample that falls outside.
  for (const auto& name : rp::dataset_names()) {
    for (double noise : {0.0, 0.5}) {
      for (std::uint64_t seed : {1u, 11u}) {
        INFO(name << " noise " << noise << " seed " << seed);
        for (const auto& p : rp::generate_dataset(spec_of(name, 3000, noise, 0.5, seed)))
          REQUIRE(inside(p, rp::kDomain));
      }
    }
  }
}

TEST_CASE("dataset: geometry at noise 0", "[dataset]") {
  SECTION("circle: class 1 within radius 2.5, class 0 in [3.5, 5]") {
    for (const auto& p : rp::generate_dataset(spec_of("circle", 1000, 0.0))) {
      const double r = std::hypot(p.x1, p.x2);
      if (p.label == 1.0) {
        CHECK(r <= 2.5 + 1e-12);
      } else {
        CHECK(r >= 3.5 - 1e-12);
        CHECK(r <= 5.0 + 1e-12);
      }
    }
  }
  SECTION("xor: at least 0.3 from the axes, label = sign agreement") {
    for (const auto& p : rp::generate_dataset(spec_of("xor", 1000, 0.0))) {
      CHECK(std::fabs(p.x1) >= 0.3);
      CHECK(std::fabs(p.x2) >= 0.3);
      CHECK(std::fabs(p.x1) <= 5.3);
      CHECK(std::fabs(p.x2) <= 5.3);
      CHECK(p.label == (p.x1 * p.x2 >= 0 ? 1.0 : 0.0));
    }
  }
  SECTION("gauss: class means near (2, 2) and (-2, -2), variance 0.5") {
    double sx[2] = {0, 0}, sy[2] = {0, 0}, sxx[2] = {0, 0};
    int cnt[2] = {0, 0};
    for (const auto& p : rp::generate_dataset(spec_of("gauss", 10000, 0.0))) {
      const int c = static_cast<int>(p.label);
      sx[c] += p.x1;
      sy[c] += p.x2;
      sxx[c] += p.x1 * p.x1;
      ++cnt[c];
    }
    for (int c = 0; c < 2; ++c) {
      const double m = c == 1 ? 2.0 : -2.0;
      const double mx = sx[c] / cnt[c], my = sy[c] / cnt[c];
      CHECK(mx == Approx(m).margin(0.05));
      CHECK(my == Approx(m).margin(0.05));
      CHECK(sxx[c] / cnt[c] - mx * mx == Approx(0.5).margin(0.05));
    }
  }
  SECTION("spiral: radius i / (n/2) * 5, the arms half a turn apart") {
    const int n = 200;
    const auto pts = rp::generate_dataset(spec_of("spiral", n, 0.0));
    for (const auto& p : pts) {
      const double r = std::hypot(p.x1, p.x2);
      CHECK(r < 5.0);
      // Recover i from the radius; the angle must then be 1.75 * i/(n/2) * 2 pi (+ pi).
      const double i = std::round(r / 5.0 * (n / 2.0));
      REQUIRE(std::fabs(i / (n / 2.0) * 5.0 - r) < 1e-9);
      const double t = 1.75 * i / (n / 2.0) * 2.0 * kPi + (p.label == 1.0 ? 0.0 : kPi);
      CHECK(p.x1 == Approx(r * std::sin(t)).margin(1e-9));
      CHECK(p.x2 == Approx(r * std::cos(t)).margin(1e-9));
    }
  }
  SECTION("moons: on the two scaled half circles") {
    for (const auto& p : rp::generate_dataset(spec_of("moons", 1000, 0.0))) {
      // Undo the shift and scale: outer (label 0) is the upper unit half circle around (0, 0),
      // inner (label 1) the lower one around (1, 0.5).
      const double u = (p.x1 + 1.5) / 3.0, v = (p.x2 + 0.75) / 3.0;
      if (p.label == 0.0) {
        CHECK(std::hypot(u, v) == Approx(1.0).margin(1e-12));
        CHECK(v >= -1e-12);
      } else {
        CHECK(std::hypot(u - 1.0, v - 0.5) == Approx(1.0).margin(1e-12));
        CHECK(v <= 0.5 + 1e-12);
      }
      CHECK(std::fabs(p.x1) <= 4.5 + 1e-12);
      CHECK(std::fabs(p.x2) <= 2.25 + 1e-12);
    }
  }
}

TEST_CASE("dataset: label noise moves no point, only labels", "[dataset]") {
  // circle, xor, plane and multigauss draw their label-noise offsets even at noise 0, so the
  // positions for a seed do not depend on the noise level (as in TF Playground).
  for (const char* name : {"circle", "xor", "plane", "multigauss"}) {
    INFO(name);
    const auto a = rp::generate_dataset(spec_of(name, 500, 0.0, 0.5, 8));
    const auto b = rp::generate_dataset(spec_of(name, 500, 0.5, 0.5, 8));
    REQUIRE(a.size() == b.size());
    int relabelled = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      REQUIRE(same_bits(a[i].x1, b[i].x1));
      REQUIRE(same_bits(a[i].x2, b[i].x2));
      relabelled += a[i].label != b[i].label;
    }
    CHECK(relabelled > 0);
  }
}

TEST_CASE("dataset: noise spreads gauss, spiral and moons", "[dataset]") {
  // Mean distance to the noise-free generator shape grows with noise.
  auto spread = [](const std::string& name, double noise) {
    const auto pts = rp::generate_dataset(spec_of(name, 2000, noise, 0.5, 4));
    double s = 0;
    for (const auto& p : pts) {
      if (name == "gauss") {
        const double c = p.label == 1.0 ? 2.0 : -2.0;
        s += std::hypot(p.x1 - c, p.x2 - c);
      } else if (name == "moons") {
        const double u = (p.x1 + 1.5) / 3.0, v = (p.x2 + 0.75) / 3.0;
        s += p.label == 0.0 ? std::fabs(std::hypot(u, v) - 1.0)
                            : std::fabs(std::hypot(u - 1.0, v - 0.5) - 1.0);
      }
    }
    return s / static_cast<double>(pts.size());
  };
  CHECK(spread("gauss", 0.5) > 2.0 * spread("gauss", 0.0));
  CHECK(spread("moons", 0.0) < 1e-12);
  CHECK(spread("moons", 0.5) > 0.05);
  // Spiral at noise 0.5: every coordinate within 0.5 of the noise-free arm, some moved.
  const auto clean = rp::generate_dataset(spec_of("spiral", 400, 0.0, 0.5, 4));
  const auto noisy = rp::generate_dataset(spec_of("spiral", 400, 0.5, 0.5, 4));
  // Same shuffle (the noise draws are taken at noise 0 too), so points correspond.
  double moved = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    REQUIRE(clean[i].label == noisy[i].label);
    REQUIRE(std::fabs(clean[i].x1 - noisy[i].x1) <= 0.5);
    REQUIRE(std::fabs(clean[i].x2 - noisy[i].x2) <= 0.5);
    moved += std::fabs(clean[i].x1 - noisy[i].x1);
  }
  CHECK(moved > 0.0);
}

TEST_CASE("dataset: validation errors name the field", "[dataset][validation]") {
  using Catch::Contains;
  SECTION("n too small") {
    REQUIRE_THROWS_AS(rp::generate_dataset(spec_of("circle", 0)), std::invalid_argument);
    REQUIRE_THROWS_WITH(rp::generate_dataset(spec_of("circle", 0)),
                        Contains("dataset.n") && Contains("0") && Contains("1..10000"));
  }
  SECTION("n too large") {
    REQUIRE_THROWS_WITH(spec_of("circle", 10001).validate(),
                        Contains("dataset.n") && Contains("10001") && Contains("1..10000"));
  }
  SECTION("noise out of range") {
    REQUIRE_THROWS_AS(spec_of("xor", 10, 0.6).validate(), std::invalid_argument);
    REQUIRE_THROWS_WITH(spec_of("xor", 10, 0.6).validate(),
                        Contains("dataset.noise") && Contains("0.6") && Contains("[0, 0.5]"));
    REQUIRE_THROWS_WITH(spec_of("xor", 10, -0.01).validate(), Contains("dataset.noise"));
    REQUIRE_THROWS_WITH(spec_of("xor", 10, std::nan("")).validate(),
                        Contains("dataset.noise") && Contains("nan"));
  }
  SECTION("train_ratio out of range") {
    REQUIRE_THROWS_WITH(spec_of("xor", 10, 0.0, 1.05).validate(),
                        Contains("dataset.train_ratio") && Contains("1.05") &&
                            Contains("[0.1, 1]"));
    REQUIRE_THROWS_WITH(rp::generate_dataset(spec_of("xor", 10, 0.0, 0.05)),
                        Contains("dataset.train_ratio"));
  }
  SECTION("unknown name lists the allowed ones") {
    REQUIRE_THROWS_AS(rp::generate_dataset(spec_of("spirals", 10)), std::invalid_argument);
    REQUIRE_THROWS_WITH(rp::generate_dataset(spec_of("spirals", 10)),
                        Contains("dataset.name") && Contains("spirals") && Contains("circle") &&
                            Contains("moons") && Contains("multigauss"));
    REQUIRE_THROWS_WITH(rp::dataset_problem("Circle"), Contains("dataset.name"));
  }
  SECTION("unknown feature") {
    require_invalid([] { rp::parse_feature("x3"); }, {"feature", "x3", "x1x2", "sinx2"});
  }
  SECTION("boundaries are accepted") {
    CHECK_NOTHROW(spec_of("circle", 1, 0.0, 0.1).validate());
    CHECK_NOTHROW(spec_of("circle", 10000, 0.5, 0.9).validate());
  }
}

TEST_CASE("features: names, parsing and values", "[dataset][features]") {
  const auto& names = rp::feature_names();
  REQUIRE(names ==
          std::vector<std::string>{"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"});
  std::vector<rp::Feature> all;
  for (std::size_t i = 0; i < names.size(); ++i) {
    all.push_back(rp::parse_feature(names[i]));
    CHECK(static_cast<std::size_t>(all.back()) == i);
  }
  double out[7];
  const double x1 = 1.25, x2 = -3.5;
  rp::compute_features(all, x1, x2, out);
  CHECK(out[0] == x1);
  CHECK(out[1] == x2);
  CHECK(out[2] == x1 * x1);
  CHECK(out[3] == x2 * x2);
  CHECK(out[4] == x1 * x2);
  CHECK(same_bits(out[5], rp::fm::sin(x1)));
  CHECK(same_bits(out[6], rp::fm::sin(x2)));
  CHECK(out[5] == Approx(std::sin(x1)).margin(1e-15));
  CHECK(out[6] == Approx(std::sin(x2)).margin(1e-15));

  // A subset in a custom order writes only features.size() values, in that order.
  const double guard = 123.0;
  double buf[4] = {0, 0, 0, guard};
  rp::compute_features({rp::Feature::sinx2, rp::Feature::x1, rp::Feature::x1x2}, 0.5, 2.0, buf);
  CHECK(same_bits(buf[0], rp::fm::sin(2.0)));
  CHECK(buf[1] == 0.5);
  CHECK(buf[2] == 1.0);
  CHECK(buf[3] == guard);
  rp::compute_features({}, 0.5, 2.0, buf);  // nothing to write
  CHECK(buf[3] == guard);
}
