// Toy datasets after TensorFlow Playground's src/dataset.ts, drawn from rp::Rng and computed
// with rp::fm so that the native and the wasm build produce the same bits.
//
// Each generator draws in a fixed order (per point the same order as TF Playground: position
// first, then the label-noise offsets, which are drawn even at noise 0 so that for the
// label-noise datasets changing the noise moves no point, it only changes labels).
// Deviations from TF Playground, all deliberate:
//   * labels are 0/1 instead of -1/+1 for classification;
//   * for odd n the first class / arm gets the extra point, so exactly n points come out
//     (TF's `i < n / 2` loops give n + 1);
//   * gauss uses Box-Muller (rp::Rng::normal) instead of the polar method, and, like moons,
//     redraws a point that would land outside [-kDomain, kDomain]^2 (a truncated Gaussian;
//     at noise 0 that is a >5.6 sigma event, so in practice it only acts at high noise);
//   * plane's label (x + y) / 10 is clamped to [-1, 1] (TF's labelScale is not clamped and
//     reaches +-1.2 in the corners, +-1.8 with noise);
//   * moons is new (sklearn's make_moons with uniformly random angles, see gen_moons).
#include "data/dataset.hpp"

#include <cmath>
#include <cstddef>
#include <utility>

#include "core/check.hpp"
#include "core/fmath.hpp"
#include "core/rng.hpp"

namespace rp {

namespace {

constexpr double kPi = 3.141592653589793;

double clamp1(double v) { return v < -1.0 ? -1.0 : (v > 1.0 ? 1.0 : v); }

bool in_domain(double x, double y) {
  return x >= -kDomain && x <= kDomain && y >= -kDomain && y <= kDomain;
}

Point make_point(double x, double y, double label) {
  Point p;
  p.x1 = x;
  p.x2 = y;
  p.label = label;
  return p;
}

// TF classifyCircleData: label 1 inside radius 2.5, 0 outside, decided on the noisy position.
void gen_circle(Rng& rng, int n, double noise, std::vector<Point>& out) {
  const double radius = 5.0;
  auto label_of = [&](double x, double y) {
    return std::sqrt(x * x + y * y) < radius * 0.5 ? 1.0 : 0.0;
  };
  const int n_in = n - n / 2, n_out = n / 2;
  for (int pass = 0; pass < 2; ++pass) {
    const int count = pass == 0 ? n_in : n_out;
    const double rlo = pass == 0 ? 0.0 : radius * 0.7;
    const double rhi = pass == 0 ? radius * 0.5 : radius;
    for (int i = 0; i < count; ++i) {
      const double r = rng.uniform(rlo, rhi);
      const double angle = rng.uniform(0.0, 2.0 * kPi);
      const double x = r * fm::sin(angle);
      const double y = r * fm::cos(angle);
      const double nx = rng.uniform(-radius, radius) * noise;
      const double ny = rng.uniform(-radius, radius) * noise;
      out.push_back(make_point(x, y, label_of(x + nx, y + ny)));
    }
  }
}

// TF classifyXORData: uniform in [-5, 5]^2 pushed 0.3 away from the axes; label 1 when
// x * y >= 0 on the noisy position.
void gen_xor(Rng& rng, int n, double noise, std::vector<Point>& out) {
  const double padding = 0.3;
  for (int i = 0; i < n; ++i) {
    double x = rng.uniform(-5.0, 5.0);
    x += x > 0 ? padding : -padding;
    double y = rng.uniform(-5.0, 5.0);
    y += y > 0 ? padding : -padding;
    const double nx = rng.uniform(-5.0, 5.0) * noise;
    const double ny = rng.uniform(-5.0, 5.0) * noise;
    out.push_back(make_point(x, y, (x + nx) * (y + ny) >= 0 ? 1.0 : 0.0));
  }
}

// TF classifyTwoGaussData: class 1 around (2, 2), class 0 around (-2, -2), variance
// 0.5 + 7 * noise (TF's d3 scale [0, 0.5] -> [0.5, 4]).
void gen_gauss(Rng& rng, int n, double noise, std::vector<Point>& out) {
  const double variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
  const double sd = std::sqrt(variance);
  const int n_pos = n - n / 2, n_neg = n / 2;
  for (int pass = 0; pass < 2; ++pass) {
    const int count = pass == 0 ? n_pos : n_neg;
    const double c = pass == 0 ? 2.0 : -2.0;
    const double label = pass == 0 ? 1.0 : 0.0;
    for (int i = 0; i < count; ++i) {
      double x, y;
      do {
        x = rng.normal(c, sd);
        y = rng.normal(c, sd);
      } while (!in_domain(x, y));
      out.push_back(make_point(x, y, label));
    }
  }
}

// TF classifySpiralData: two arms, arm k rotated by k * pi; point i of an arm at radius
// i / (n/2) * 5 and angle 1.75 * i / (n/2) * 2 pi, plus uniform(-1, 1) * noise per coordinate.
void gen_spiral(Rng& rng, int n, double noise, std::vector<Point>& out) {
  const double half = n / 2.0;
  const int n_pos = n - n / 2, n_neg = n / 2;
  for (int pass = 0; pass < 2; ++pass) {
    const int count = pass == 0 ? n_pos : n_neg;
    const double delta_t = pass == 0 ? 0.0 : kPi;
    const double label = pass == 0 ? 1.0 : 0.0;
    for (int i = 0; i < count; ++i) {
      const double r = i / half * 5.0;
      const double t = 1.75 * i / half * 2.0 * kPi + delta_t;
      const double x = r * fm::sin(t) + rng.uniform(-1.0, 1.0) * noise;
      const double y = r * fm::cos(t) + rng.uniform(-1.0, 1.0) * noise;
      out.push_back(make_point(x, y, label));
    }
  }
}

// sklearn make_moons, scaled by 3 and centred: the outer moon (label 0) is
// 3 * (cos t, sin t) and the inner one (label 1) 3 * (1 - cos t, 0.5 - sin t), t uniform in
// [0, pi] (sklearn spaces t evenly), both shifted by (-1.5, -0.75) so the pair spans
// [-4.5, 4.5] x [-2.25, 2.25]. Gaussian noise with standard deviation 1.8 * noise (0.6 * noise
// in sklearn's unit coordinates, i.e. sklearn's noise=0.3 at our maximum 0.5), redrawn when the
// point would leave the domain. n / 2 points on the outer moon, the rest on the inner one
// (sklearn's split).
void gen_moons(Rng& rng, int n, double noise, std::vector<Point>& out) {
  const double scale = 3.0, shift_x = -1.5, shift_y = -0.75;
  const double sd = 1.8 * noise;
  const int n_outer = n / 2, n_inner = n - n / 2;
  for (int pass = 0; pass < 2; ++pass) {
    const int count = pass == 0 ? n_outer : n_inner;
    const double label = pass == 0 ? 0.0 : 1.0;
    for (int i = 0; i < count; ++i) {
      const double t = rng.uniform(0.0, kPi);
      double bx, by;
      if (pass == 0) {
        bx = scale * fm::cos(t) + shift_x;
        by = scale * fm::sin(t) + shift_y;
      } else {
        bx = scale * (1.0 - fm::cos(t)) + shift_x;
        by = scale * (0.5 - fm::sin(t)) + shift_y;
      }
      double x, y;
      do {
        x = bx + rng.normal() * sd;
        y = by + rng.normal() * sd;
      } while (!in_domain(x, y));
      out.push_back(make_point(x, y, label));
    }
  }
}

// TF regressPlane: uniform in [-6, 6]^2, label (x + y) / 10 on the noisy position (noise
// offsets uniform(-6, 6) * noise), clamped to [-1, 1].
void gen_plane(Rng& rng, int n, double noise, std::vector<Point>& out) {
  const double radius = kDomain;
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-radius, radius);
    const double y = rng.uniform(-radius, radius);
    const double nx = rng.uniform(-radius, radius) * noise;
    const double ny = rng.uniform(-radius, radius) * noise;
    out.push_back(make_point(x, y, clamp1(((x + nx) + (y + ny)) / 10.0)));
  }
}

// TF regressGaussian: six signed bumps; the label is the one largest in absolute value of
// sign * clamp(1 - dist / 2, 0, 1), taken at the noisy position.
void gen_multigauss(Rng& rng, int n, double noise, std::vector<Point>& out) {
  static const double kBumps[6][3] = {{-4, 2.5, 1},  {0, 2.5, -1}, {4, 2.5, 1},
                                      {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  auto label_of = [](double x, double y) {
    double label = 0.0;
    for (const auto& g : kBumps) {
      const double dx = x - g[0], dy = y - g[1];
      const double d = std::sqrt(dx * dx + dy * dy);
      double s = 1.0 - d / 2.0;  // d3 linear [0, 2] -> [1, 0], clamped
      if (s < 0.0) s = 0.0;
      if (s > 1.0) s = 1.0;
      const double v = g[2] * s;
      if (std::fabs(v) > std::fabs(label)) label = v;
    }
    return label;
  };
  const double radius = kDomain;
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-radius, radius);
    const double y = rng.uniform(-radius, radius);
    const double nx = rng.uniform(-radius, radius) * noise;
    const double ny = rng.uniform(-radius, radius) * noise;
    out.push_back(make_point(x, y, label_of(x + nx, y + ny)));
  }
}

}  // namespace

void DatasetSpec::validate() const {
  dataset_problem(name);  // throws "dataset.name: ... allowed: ..."
  check_int_range("dataset.n", n, 1, 10000);
  check_range("dataset.noise", noise, 0.0, 0.5);
  check_range("dataset.train_ratio", train_ratio, 0.1, 1.0);
}

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names = {"circle", "xor",   "gauss",     "spiral",
                                                 "moons",  "plane", "multigauss"};
  return names;
}

Problem dataset_problem(const std::string& name) {
  if (name == "circle" || name == "xor" || name == "gauss" || name == "spiral" || name == "moons")
    return Problem::classification;
  if (name == "plane" || name == "multigauss") return Problem::regression;
  fail_unknown("dataset.name", name, dataset_names());
}

std::vector<Point> generate_dataset(const DatasetSpec& spec) {
  spec.validate();
  Rng rng(spec.seed);
  std::vector<Point> pts;
  pts.reserve(static_cast<std::size_t>(spec.n));
  const std::string& nm = spec.name;
  if (nm == "circle") gen_circle(rng, spec.n, spec.noise, pts);
  else if (nm == "xor") gen_xor(rng, spec.n, spec.noise, pts);
  else if (nm == "gauss") gen_gauss(rng, spec.n, spec.noise, pts);
  else if (nm == "spiral") gen_spiral(rng, spec.n, spec.noise, pts);
  else if (nm == "moons") gen_moons(rng, spec.n, spec.noise, pts);
  else if (nm == "plane") gen_plane(rng, spec.n, spec.noise, pts);
  else gen_multigauss(rng, spec.n, spec.noise, pts);

  // Fisher-Yates shuffle, continuing the same stream.
  for (std::size_t i = pts.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng.below(i));
    std::swap(pts[i - 1], pts[j]);
  }
  const long long n_train = std::llround(spec.train_ratio * spec.n);
  for (std::size_t i = static_cast<std::size_t>(n_train); i < pts.size(); ++i) pts[i].test = true;
  return pts;
}

const std::vector<std::string>& feature_names() {
  static const std::vector<std::string> names = {"x1",   "x2",    "x1sq", "x2sq",
                                                 "x1x2", "sinx1", "sinx2"};
  return names;
}

Feature parse_feature(const std::string& name) {
  const auto& names = feature_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Feature>(i);
  fail_unknown("feature", name, names);
}

void compute_features(const std::vector<Feature>& features, double x1, double x2, double* out) {
  for (std::size_t i = 0; i < features.size(); ++i) {
    double v = 0.0;
    switch (features[i]) {
      case Feature::x1: v = x1; break;
      case Feature::x2: v = x2; break;
      case Feature::x1sq: v = x1 * x1; break;
      case Feature::x2sq: v = x2 * x2; break;
      case Feature::x1x2: v = x1 * x2; break;
      case Feature::sinx1: v = fm::sin(x1); break;
      case Feature::sinx2: v = fm::sin(x2); break;
    }
    out[i] = v;
  }
}

}  // namespace rp
