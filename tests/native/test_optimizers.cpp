// Update rules, diagnostics and the Optimizer interface, checked against numbers worked out by
// hand from PyTorch 1.13's single-tensor rules (torch/optim/{rmsprop,sgd,adam,adagrad}.py).
// Every expected value below is written with literal numbers; the comments show the arithmetic.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "optim/adagrad.hpp"
#include "optim/adam.hpp"
#include "optim/factory.hpp"
#include "optim/optimizer.hpp"
#include "optim/rmsprop.hpp"
#include "optim/sgd.hpp"

using rp::Adagrad;
using rp::AdagradConfig;
using rp::Adam;
using rp::AdamConfig;
using rp::GroupStats;
using rp::Optimizer;
using rp::OptimizerSpec;
using rp::ParamGroup;
using rp::RMSProp;
using rp::RMSPropConfig;
using rp::SGD;
using rp::SGDConfig;

namespace {

constexpr double kTol = 1e-14;

Approx near(double x) { return Approx(x).epsilon(kTol); }

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Bitwise equality of two buffers (std::vector or the optimizer state's xtensor).
template <class A, class B>
bool same_bits(const A& a, const B& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_bits(a.data()[i], b.data()[i])) return false;
  return true;
}

// A copy of a buffer as a std::vector, for comparisons with literals.
std::vector<double> to_vec(const rp::Vec& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

void step(Optimizer& o, std::vector<double>& p, const std::vector<double>& g) {
  REQUIRE(p.size() == g.size());
  o.step(p.data(), g.data(), p.size());
}

std::string invalid_argument_message(Optimizer& o, std::vector<double>& p, const std::vector<double>& g) {
  try {
    o.step(p.data(), g.data(), p.size());
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no std::invalid_argument thrown>";
}

// Sort-based reference for numpy.percentile(x, q) with the default linear interpolation.
double percentile_ref(std::vector<double> x, double q) {
  std::sort(x.begin(), x.end());
  const double pos = q * static_cast<double>(x.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return x[lo] + (x[hi] - x[lo]) * frac;
}

double rms(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v * v;
  return std::sqrt(s / static_cast<double>(x.size()));
}

double mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

std::unique_ptr<Optimizer> make(const std::string& name, const std::string& preset = "",
                                std::vector<std::pair<std::string, double>> values = {}) {
  OptimizerSpec s;
  s.name = name;
  s.preset = preset;
  s.values = std::move(values);
  return rp::make_optimizer(s);
}

}  // namespace

// ------------------------------------------------------------------------------------------
// RMSProp
// ------------------------------------------------------------------------------------------

TEST_CASE("RMSProp with PyTorch defaults matches two hand-computed steps", "[optim]") {
  RMSProp o;  // lr 0.01, alpha 0.99, eps 1e-8
  std::vector<double> p = {1.0, -2.0};
  step(o, p, {0.5, -1.0});
  // coord 0: v1 = 0.01*0.5^2 = 0.0025, sqrt(v1) = 0.05;   p1 = 1 - 0.01*0.5/(0.05 + 1e-8)
  // coord 1: v1 = 0.01*1^2   = 0.01,   sqrt(v1) = 0.1;    p1 = -2 + 0.01*1/(0.1 + 1e-8)
  const double a1 = 1.0 - 0.01 * 0.5 / (0.05 + 1e-8);
  const double b1 = -2.0 + 0.01 * 1.0 / (0.1 + 1e-8);
  CHECK(p[0] == near(a1));
  CHECK(p[1] == near(b1));
  CHECK(o.state().buffers[0] == near(0.0025));
  CHECK(o.state().buffers[1] == near(0.01));

  step(o, p, {0.25, 2.0});
  // coord 0: v2 = 0.99*0.0025 + 0.01*0.0625 = 0.002475 + 0.000625 = 0.0031
  //          p2 = a1 - 0.01*0.25/(sqrt(0.0031) + 1e-8)
  // coord 1: v2 = 0.99*0.01 + 0.01*4 = 0.0099 + 0.04 = 0.0499
  //          p2 = b1 - 0.01*2/(sqrt(0.0499) + 1e-8)
  CHECK(o.state().buffers[0] == near(0.0031));
  CHECK(o.state().buffers[1] == near(0.0499));
  CHECK(p[0] == near(a1 - 0.01 * 0.25 / (std::sqrt(0.0031) + 1e-8)));
  CHECK(p[1] == near(b1 - 0.01 * 2.0 / (std::sqrt(0.0499) + 1e-8)));
  CHECK(o.steps() == 2);
}

TEST_CASE("RMSProp centered subtracts the squared gradient average under the sqrt", "[optim]") {
  RMSPropConfig c;
  c.alpha = 0.5;
  c.centered = true;
  RMSProp o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // v1 = 0.5*0.25 = 0.125, g_avg1 = 0.5*0.5 = 0.25, v1 - g_avg1^2 = 0.125 - 0.0625 = 0.0625
  // sqrt = 0.25 (uncentered it would be sqrt(0.125) = 0.3536)
  // p1 = 1 - 0.01*0.5/(0.25 + 1e-8)
  const double p1 = 1.0 - 0.01 * 0.5 / (0.25 + 1e-8);
  CHECK(p[0] == near(p1));
  CHECK(o.state().buffers[1] == near(0.25));  // g_avg lives in the second block

  step(o, p, {0.25});
  // v2 = 0.5*0.125 + 0.5*0.0625 = 0.09375, g_avg2 = 0.5*0.25 + 0.5*0.25 = 0.25
  // v2 - g_avg2^2 = 0.09375 - 0.0625 = 0.03125
  // p2 = p1 - 0.01*0.25/(sqrt(0.03125) + 1e-8)
  CHECK(p[0] == near(p1 - 0.01 * 0.25 / (std::sqrt(0.03125) + 1e-8)));
  // accum_rms reports sqrt(mean(v)) of the raw accumulator, not the centered variance.
  CHECK(o.stats()[0].accum_rms == near(std::sqrt(0.09375)));
}

TEST_CASE("RMSProp momentum accumulates g/avg in a buffer that starts at zero", "[optim]") {
  RMSPropConfig c;
  c.momentum = 0.9;
  RMSProp o(c);  // lr 0.01, alpha 0.99, eps 1e-8
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // v1 = 0.01*0.25 = 0.0025; avg1 = 0.05 + 1e-8
  // buf1 = 0.9*0 + 0.5/avg1;  p1 = 1 - 0.01*buf1
  const double buf1 = 0.5 / (0.05 + 1e-8);
  const double p1 = 1.0 - 0.01 * buf1;
  CHECK(p[0] == near(p1));
  CHECK(o.state().buffers[2] == near(buf1));

  step(o, p, {0.25});
  // v2 = 0.0031; avg2 = sqrt(0.0031) + 1e-8
  // buf2 = 0.9*buf1 + 0.25/avg2;  p2 = p1 - 0.01*buf2
  const double buf2 = 0.9 * buf1 + 0.25 / (std::sqrt(0.0031) + 1e-8);
  CHECK(o.state().buffers[2] == near(buf2));
  CHECK(p[0] == near(p1 - 0.01 * buf2));
}

TEST_CASE("RMSProp weight_decay adds wd*p to the gradient before the accumulator", "[optim]") {
  RMSPropConfig c;
  c.alpha = 0.5;
  c.weight_decay = 0.1;
  RMSProp o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // g = 0.5 + 0.1*1 = 0.6; v1 = 0.5*0.36 = 0.18; p1 = 1 - 0.01*0.6/(sqrt(0.18) + 1e-8)
  const double p1 = 1.0 - 0.01 * 0.6 / (std::sqrt(0.18) + 1e-8);
  CHECK(p[0] == near(p1));
  CHECK(o.state().buffers[0] == near(0.18));
  CHECK(o.stats()[0].grad_rms == 0.5);  // the gradient passed in, before weight decay

  step(o, p, {0.5});
  // g = 0.5 + 0.1*p1; v2 = 0.5*0.18 + 0.5*g^2; p2 = p1 - 0.01*g/(sqrt(v2) + 1e-8)
  const double g = 0.5 + 0.1 * p1;
  const double v2 = 0.09 + 0.5 * g * g;
  CHECK(o.state().buffers[0] == near(v2));
  CHECK(p[0] == near(p1 - 0.01 * g / (std::sqrt(v2) + 1e-8)));
}

TEST_CASE("RMSProp maximize ascends, negating the gradient before weight decay", "[optim]") {
  SECTION("plain") {
    RMSPropConfig c;
    c.maximize = true;
    RMSProp o(c);
    std::vector<double> p = {1.0};
    step(o, p, {0.5});
    // v1 = 0.0025 (same as descent); p1 = 1 + 0.01*0.5/(0.05 + 1e-8)
    const double p1 = 1.0 + 0.01 * 0.5 / (0.05 + 1e-8);
    CHECK(p[0] == near(p1));
    step(o, p, {0.25});
    // v2 = 0.0031; p2 = p1 + 0.01*0.25/(sqrt(0.0031) + 1e-8)
    CHECK(p[0] == near(p1 + 0.01 * 0.25 / (std::sqrt(0.0031) + 1e-8)));
  }
  SECTION("with weight decay") {
    RMSPropConfig c;
    c.maximize = true;
    c.alpha = 0.5;
    c.weight_decay = 0.1;
    RMSProp o(c);
    std::vector<double> p = {1.0};
    step(o, p, {0.5});
    // g = -0.5 + 0.1*1 = -0.4; v1 = 0.5*0.16 = 0.08; p1 = 1 + 0.01*0.4/(sqrt(0.08) + 1e-8)
    // (decay-then-negate would give g = -0.6, v1 = 0.18)
    const double p1 = 1.0 + 0.01 * 0.4 / (std::sqrt(0.08) + 1e-8);
    CHECK(o.state().buffers[0] == near(0.08));
    CHECK(p[0] == near(p1));
    step(o, p, {0.5});
    // g = -0.5 + 0.1*p1; v2 = 0.04 + 0.5*g^2; p2 = p1 - 0.01*g/(sqrt(v2) + 1e-8)
    const double g = -0.5 + 0.1 * p1;
    const double v2 = 0.04 + 0.5 * g * g;
    CHECK(p[0] == near(p1 - 0.01 * g / (std::sqrt(v2) + 1e-8)));
  }
}

TEST_CASE("RMSProp eps_in_sqrt divides by sqrt(v + eps) as Keras does", "[optim]") {
  RMSPropConfig c;
  c.alpha = 0.5;
  c.eps = 0.125;  // large so the placement matters a lot
  c.eps_in_sqrt = true;
  RMSProp o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // v1 = 0.5*0.25 = 0.125; sqrt(v1 + eps) = sqrt(0.25) = 0.5 (outside: sqrt(0.125)+0.125)
  // p1 = 1 - 0.01*0.5/0.5 = 1 - 0.01 = 0.99
  CHECK(p[0] == near(0.99));
  CHECK(o.stats()[0].step_max == near(0.01 / 0.5));
  step(o, p, {0.5});
  // v2 = 0.5*0.125 + 0.5*0.25 = 0.1875; sqrt(0.1875 + 0.125) = sqrt(0.3125)
  // p2 = 0.99 - 0.005/sqrt(0.3125)
  CHECK(p[0] == near(0.99 - 0.005 / std::sqrt(0.3125)));
}

TEST_CASE("RMSProp initial_accumulator = 1 starts v at one as TF1 does", "[optim]") {
  SECTION("with eps inside the sqrt (the tf1 combination)") {
    RMSPropConfig c;
    c.alpha = 0.9;
    c.eps = 1e-10;
    c.eps_in_sqrt = true;
    c.initial_accumulator = 1.0;
    RMSProp o(c);
    std::vector<double> p = {1.0};
    step(o, p, {0.5});
    // v1 = 0.9*1 + 0.1*0.25 = 0.925; p1 = 1 - 0.01*0.5/sqrt(0.925 + 1e-10)
    const double p1 = 1.0 - 0.005 / std::sqrt(0.925 + 1e-10);
    CHECK(o.state().buffers[0] == near(0.925));
    CHECK(p[0] == near(p1));
    CHECK(o.stats()[0].accum_rms == near(std::sqrt(0.925)));
    step(o, p, {0.5});
    // v2 = 0.9*0.925 + 0.025 = 0.8325 + 0.025 = 0.8575
    CHECK(o.state().buffers[0] == near(0.8575));
    CHECK(p[0] == near(p1 - 0.005 / std::sqrt(0.8575 + 1e-10)));
  }
  SECTION("with eps outside the sqrt") {
    RMSPropConfig c;
    c.alpha = 0.5;
    c.initial_accumulator = 1.0;
    RMSProp o(c);
    std::vector<double> p = {1.0, 2.0};
    step(o, p, {0.5, 0.0});
    // coord 0: v1 = 0.5*1 + 0.5*0.25 = 0.625; p1 = 1 - 0.005/(sqrt(0.625) + 1e-8)
    // coord 1: v1 = 0.5*1 + 0 = 0.5; p unchanged
    CHECK(p[0] == near(1.0 - 0.005 / (std::sqrt(0.625) + 1e-8)));
    CHECK(p[1] == 2.0);
    CHECK(o.state().buffers[1] == 0.5);
  }
}

TEST_CASE("RMSProp presets carry the documented values", "[optim]") {
  struct Row {
    const char* name;
    double lr, alpha, eps, eps_in_sqrt, init;
  };
  const Row rows[] = {{"pytorch", 0.01, 0.99, 1e-8, 0, 0},
                      {"keras", 0.001, 0.9, 1e-7, 1, 0},
                      {"tf1", 0.001, 0.9, 1e-10, 1, 1},
                      {"hinton2012", 0.001, 0.9, 1e-8, 0, 0}};
  for (const Row& r : rows) {
    INFO("preset " << r.name);
    const auto o = make("rmsprop", r.name);
    CHECK(o->name() == "rmsprop");
    CHECK(o->get("lr") == r.lr);
    CHECK(o->get("alpha") == r.alpha);
    CHECK(o->get("eps") == r.eps);
    CHECK(o->get("eps_in_sqrt") == r.eps_in_sqrt);
    CHECK(o->get("initial_accumulator") == r.init);
    CHECK(o->get("momentum") == 0);
    CHECK(o->get("weight_decay") == 0);
    CHECK(o->get("centered") == 0);
    CHECK(o->get("maximize") == 0);
    const RMSPropConfig typed = rp::rmsprop_preset(r.name);
    CHECK(typed.lr == r.lr);
    CHECK(typed.eps == r.eps);
  }
  CHECK(rp::rmsprop_preset_names() == std::vector<std::string>{"pytorch", "keras", "tf1", "hinton2012"});
}

TEST_CASE("RMSProp presets give hand-computed two-step trajectories", "[optim]") {
  // Gradients +0.5 then -0.5 on p = 1.
  SECTION("pytorch: same as the defaults") {
    auto o = make("rmsprop", "pytorch");
    std::vector<double> p = {1.0};
    step(*o, p, {0.5});
    const double p1 = 1.0 - 0.01 * 0.5 / (0.05 + 1e-8);  // v1 = 0.0025
    CHECK(p[0] == near(p1));
    step(*o, p, {-0.5});
    // v2 = 0.99*0.0025 + 0.01*0.25 = 0.002475 + 0.0025 = 0.004975
    CHECK(p[0] == near(p1 + 0.005 / (std::sqrt(0.004975) + 1e-8)));
  }
  SECTION("keras: lr 0.001, alpha 0.9, eps 1e-7 inside the sqrt") {
    auto o = make("rmsprop", "keras");
    std::vector<double> p = {1.0};
    step(*o, p, {0.5});
    // v1 = 0.1*0.25 = 0.025; p1 = 1 - 0.001*0.5/sqrt(0.025 + 1e-7)
    const double p1 = 1.0 - 0.0005 / std::sqrt(0.025 + 1e-7);
    CHECK(p[0] == near(p1));
    step(*o, p, {-0.5});
    // v2 = 0.9*0.025 + 0.025 = 0.0475; p2 = p1 + 0.0005/sqrt(0.0475 + 1e-7)
    CHECK(p[0] == near(p1 + 0.0005 / std::sqrt(0.0475 + 1e-7)));
  }
  SECTION("tf1: v starts at 1, eps 1e-10 inside the sqrt") {
    auto o = make("rmsprop", "tf1");
    std::vector<double> p = {1.0};
    step(*o, p, {0.5});
    // v1 = 0.9*1 + 0.025 = 0.925; p1 = 1 - 0.0005/sqrt(0.925 + 1e-10)
    const double p1 = 1.0 - 0.0005 / std::sqrt(0.925 + 1e-10);
    CHECK(p[0] == near(p1));
    step(*o, p, {-0.5});
    // v2 = 0.9*0.925 + 0.025 = 0.8575; p2 = p1 + 0.0005/sqrt(0.8575 + 1e-10)
    CHECK(p[0] == near(p1 + 0.0005 / std::sqrt(0.8575 + 1e-10)));
  }
  SECTION("hinton2012: lr 0.001, alpha 0.9, eps 1e-8 outside the sqrt") {
    auto o = make("rmsprop", "hinton2012");
    std::vector<double> p = {1.0};
    step(*o, p, {0.5});
    // v1 = 0.025; p1 = 1 - 0.0005/(sqrt(0.025) + 1e-8)
    const double p1 = 1.0 - 0.0005 / (std::sqrt(0.025) + 1e-8);
    CHECK(p[0] == near(p1));
    step(*o, p, {-0.5});
    // v2 = 0.0475; p2 = p1 + 0.0005/(sqrt(0.0475) + 1e-8)
    CHECK(p[0] == near(p1 + 0.0005 / (std::sqrt(0.0475) + 1e-8)));
  }
  SECTION("overrides apply on top of the preset") {
    auto o = make("rmsprop", "tf1", {{"lr", 0.01}, {"momentum", 0.5}});
    CHECK(o->get("lr") == 0.01);
    CHECK(o->get("alpha") == 0.9);
    CHECK(o->get("initial_accumulator") == 1.0);
    std::vector<double> p = {1.0};
    step(*o, p, {0.5});
    // v1 = 0.925; buf1 = 0.5/sqrt(0.925 + 1e-10); p1 = 1 - 0.01*buf1
    const double buf1 = 0.5 / std::sqrt(0.925 + 1e-10);
    CHECK(p[0] == near(1.0 - 0.01 * buf1));
    const double p1 = p[0];
    step(*o, p, {-0.5});
    // v2 = 0.8575; buf2 = 0.5*buf1 - 0.5/sqrt(0.8575 + 1e-10); p2 = p1 - 0.01*buf2
    const double buf2 = 0.5 * buf1 - 0.5 / std::sqrt(0.8575 + 1e-10);
    CHECK(p[0] == near(p1 - 0.01 * buf2));
  }
}

// ------------------------------------------------------------------------------------------
// SGD (powers of two: every step below is exact)
// ------------------------------------------------------------------------------------------

TEST_CASE("SGD plain is p - lr*g", "[optim]") {
  SGDConfig c;
  c.lr = 0.5;
  SGD o(c);
  std::vector<double> p = {1.0, -2.0};
  step(o, p, {0.5, 0.25});
  // p1 = {1 - 0.25, -2 - 0.125} = {0.75, -2.125}
  CHECK(p[0] == 0.75);
  CHECK(p[1] == -2.125);
  step(o, p, {-1.0, 2.0});
  // p2 = {0.75 + 0.5, -2.125 - 1} = {1.25, -3.125}
  CHECK(p[0] == 1.25);
  CHECK(p[1] == -3.125);
}

TEST_CASE("SGD momentum starts the buffer at the first gradient", "[optim]") {
  SGDConfig c;
  c.lr = 0.5;
  c.momentum = 0.5;
  SGD o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // buf1 = g = 0.5 (not 0.5*0 + 0.5, same here, but see dampening); p1 = 1 - 0.25 = 0.75
  CHECK(o.state().buffers[0] == 0.5);
  CHECK(p[0] == 0.75);
  step(o, p, {-1.0});
  // buf2 = 0.5*0.5 + (1 - 0)*(-1) = -0.75; p2 = 0.75 + 0.375 = 1.125
  CHECK(o.state().buffers[0] == -0.75);
  CHECK(p[0] == 1.125);
}

TEST_CASE("SGD dampening is not applied on the first momentum step", "[optim]") {
  SGDConfig c;
  c.lr = 0.5;
  c.momentum = 0.5;
  c.dampening = 0.5;
  SGD o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // buf1 = g = 0.5 (a dampened first step would give 0.25); p1 = 1 - 0.25 = 0.75
  CHECK(o.state().buffers[0] == 0.5);
  CHECK(p[0] == 0.75);
  step(o, p, {-1.0});
  // buf2 = 0.5*0.5 + (1 - 0.5)*(-1) = 0.25 - 0.5 = -0.25; p2 = 0.75 + 0.125 = 0.875
  CHECK(o.state().buffers[0] == -0.25);
  CHECK(p[0] == 0.875);
}

TEST_CASE("SGD momentum starts every group's buffer at its first gradient", "[optim]") {
  // The first step must copy the gradient in all groups, not only the first one.
  SGDConfig c;
  c.lr = 0.5;
  c.momentum = 0.5;
  c.dampening = 0.5;
  SGD o(c);
  o.set_groups({{0, 1}, {1, 1}, {2, 1}});
  std::vector<double> p = {1.0, 1.0, 1.0};
  step(o, p, {0.5, 1.0, -1.0});
  // buf1 = g in every group: {0.5, 1, -1}; p1 = {0.75, 0.5, 1.5}
  CHECK(to_vec(o.state().buffers) == std::vector<double>{0.5, 1.0, -1.0});
  CHECK(p == std::vector<double>{0.75, 0.5, 1.5});
  step(o, p, {1.0, 1.0, 1.0});
  // buf2 = 0.5*buf1 + 0.5*1 = {0.75, 1, 0}; p2 = {0.375, 0, 1.5}
  CHECK(to_vec(o.state().buffers) == std::vector<double>{0.75, 1.0, 0.0});
  CHECK(p == std::vector<double>{0.375, 0.0, 1.5});
}

TEST_CASE("SGD nesterov steps along g + momentum*buf", "[optim]") {
  SGDConfig c;
  c.lr = 0.5;
  c.momentum = 0.5;
  c.nesterov = true;
  SGD o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // buf1 = 0.5; d = 0.5 + 0.5*0.5 = 0.75; p1 = 1 - 0.375 = 0.625
  CHECK(p[0] == 0.625);
  step(o, p, {-1.0});
  // buf2 = 0.5*0.5 - 1 = -0.75; d = -1 + 0.5*(-0.75) = -1.375; p2 = 0.625 + 0.6875 = 1.3125
  CHECK(o.state().buffers[0] == -0.75);
  CHECK(p[0] == 1.3125);
}

TEST_CASE("SGD weight_decay adds wd*p to the gradient", "[optim]") {
  SGDConfig c;
  c.lr = 0.5;
  c.weight_decay = 0.5;
  SGD o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // d = 0.5 + 0.5*1 = 1; p1 = 1 - 0.5 = 0.5
  CHECK(p[0] == 0.5);
  CHECK(o.stats()[0].grad_rms == 0.5);  // before weight decay
  step(o, p, {-1.0});
  // d = -1 + 0.5*0.5 = -0.75; p2 = 0.5 + 0.375 = 0.875
  CHECK(p[0] == 0.875);
}

TEST_CASE("SGD maximize ascends, negating the gradient before weight decay", "[optim]") {
  SECTION("plain") {
    SGDConfig c;
    c.lr = 0.5;
    c.maximize = true;
    SGD o(c);
    std::vector<double> p = {1.0};
    step(o, p, {0.5});
    CHECK(p[0] == 1.25);  // 1 + 0.5*0.5
    step(o, p, {-1.0});
    CHECK(p[0] == 0.75);  // 1.25 - 0.5*1
  }
  SECTION("with weight decay") {
    SGDConfig c;
    c.lr = 0.5;
    c.weight_decay = 0.25;
    c.maximize = true;
    SGD o(c);
    std::vector<double> p = {1.0};
    step(o, p, {0.5});
    // d = -0.5 + 0.25*1 = -0.25; p1 = 1 + 0.125 = 1.125
    CHECK(p[0] == 1.125);
    step(o, p, {-1.0});
    // d = 1 + 0.25*1.125 = 1.28125; p2 = 1.125 - 0.640625 = 0.484375
    CHECK(p[0] == 0.484375);
  }
}

// ------------------------------------------------------------------------------------------
// Adam
// ------------------------------------------------------------------------------------------

TEST_CASE("Adam with defaults applies both bias corrections", "[optim]") {
  Adam o;  // lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // m1 = 0.1*0.5 = 0.05; v1 = 0.001*0.25 = 0.00025
  // step_size = 0.001/(1 - 0.9) = 0.01; denom = sqrt(0.00025)/sqrt(1 - 0.999) + 1e-8 = 0.5 + 1e-8
  // p1 = 1 - 0.01*0.05/(0.5 + 1e-8)   (about 1 - lr, the usual first Adam step)
  const double p1 = 1.0 - 0.01 * 0.05 / (0.5 + 1e-8);
  CHECK(p[0] == near(p1));
  CHECK(o.state().buffers[0] == near(0.05));
  CHECK(o.state().buffers[1] == near(0.00025));
  CHECK(o.stats()[0].accum_rms == near(std::sqrt(0.00025)));
  CHECK(o.stats()[0].step_max == near(0.01 / (0.5 + 1e-8)));

  step(o, p, {0.25});
  // m2 = 0.9*0.05 + 0.1*0.25 = 0.07; v2 = 0.999*0.00025 + 0.001*0.0625 = 0.00031225
  // bc1 = 1 - 0.9^2 = 0.19; bc2 = 1 - 0.999^2 = 0.001999
  // p2 = p1 - (0.001/0.19)*0.07/(sqrt(0.00031225)/sqrt(0.001999) + 1e-8)
  CHECK(o.state().buffers[0] == near(0.07));
  CHECK(o.state().buffers[1] == near(0.00031225));
  const double denom2 = std::sqrt(0.00031225) / std::sqrt(1.0 - 0.999 * 0.999) + 1e-8;
  CHECK(p[0] == near(p1 - (0.001 / 0.19) * 0.07 / denom2));
}

TEST_CASE("Adam amsgrad divides by the running maximum of v", "[optim]") {
  AdamConfig c;
  c.beta1 = 0.5;
  c.beta2 = 0.5;
  c.amsgrad = true;
  Adam o(c);
  std::vector<double> p = {1.0};
  step(o, p, {1.0});
  // m1 = 0.5; v1 = 0.5; vmax1 = 0.5; step_size = 0.001/0.5; denom = sqrt(0.5)/sqrt(0.5) + 1e-8
  // p1 = 1 - 0.002*0.5/(1 + 1e-8)
  const double p1 = 1.0 - 0.002 * 0.5 / (1.0 + 1e-8);
  CHECK(p[0] == near(p1));
  step(o, p, {0.0});
  // m2 = 0.25; v2 = 0.25 < vmax = 0.5; bc1 = 1 - 0.25 = 0.75; bc2 = 0.75
  // p2 = p1 - (0.001/0.75)*0.25/(sqrt(0.5)/sqrt(0.75) + 1e-8)   (plain Adam: sqrt(0.25))
  CHECK(o.state().buffers[1] == 0.25);  // v itself keeps decaying
  CHECK(o.state().buffers[2] == 0.5);   // v_max holds the maximum
  CHECK(p[0] == near(p1 - (0.001 / 0.75) * 0.25 / (std::sqrt(0.5) / std::sqrt(0.75) + 1e-8)));
}

TEST_CASE("Adam weight_decay adds wd*p to the gradient (L2, not decoupled)", "[optim]") {
  AdamConfig c;
  c.beta1 = 0.5;
  c.beta2 = 0.5;
  c.weight_decay = 0.5;
  Adam o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // g = 0.5 + 0.5*1 = 1; m1 = 0.5; v1 = 0.5; denom = 1 + 1e-8; p1 = 1 - 0.002*0.5/(1 + 1e-8)
  const double p1 = 1.0 - 0.001 / (1.0 + 1e-8);
  CHECK(p[0] == near(p1));
  step(o, p, {0.5});
  // g = 0.5 + 0.5*p1; m2 = 0.25 + 0.5*g; v2 = 0.25 + 0.5*g^2
  // p2 = p1 - (0.001/0.75)*m2/(sqrt(v2)/sqrt(0.75) + 1e-8)
  const double g = 0.5 + 0.5 * p1;
  const double m2 = 0.25 + 0.5 * g;
  const double v2 = 0.25 + 0.5 * g * g;
  CHECK(o.state().buffers[0] == near(m2));
  CHECK(o.state().buffers[1] == near(v2));
  CHECK(p[0] == near(p1 - (0.001 / 0.75) * m2 / (std::sqrt(v2) / std::sqrt(0.75) + 1e-8)));
}

TEST_CASE("Adam maximize negates the gradient", "[optim]") {
  AdamConfig c;
  c.maximize = true;
  Adam o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // as the default case with m1 = -0.05: p1 = 1 + 0.01*0.05/(0.5 + 1e-8)
  CHECK(p[0] == near(1.0 + 0.01 * 0.05 / (0.5 + 1e-8)));
}

// ------------------------------------------------------------------------------------------
// Adagrad
// ------------------------------------------------------------------------------------------

TEST_CASE("Adagrad plain divides by the root of the summed squares", "[optim]") {
  Adagrad o;  // lr 0.01, eps 1e-10
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // sum1 = 0.25; p1 = 1 - 0.01*0.5/(0.5 + 1e-10)
  const double p1 = 1.0 - 0.01 * 0.5 / (0.5 + 1e-10);
  CHECK(p[0] == near(p1));
  CHECK(o.state().buffers[0] == 0.25);
  step(o, p, {1.0});
  // sum2 = 0.25 + 1 = 1.25; p2 = p1 - 0.01*1/(sqrt(1.25) + 1e-10)
  CHECK(o.state().buffers[0] == 1.25);
  CHECK(p[0] == near(p1 - 0.01 / (std::sqrt(1.25) + 1e-10)));
  CHECK(o.stats()[0].accum_rms == near(std::sqrt(1.25)));
}

TEST_CASE("Adagrad lr_decay uses clr = lr/(1 + (t-1)*lr_decay)", "[optim]") {
  AdagradConfig c;
  c.lr_decay = 0.5;
  Adagrad o(c);
  std::vector<double> p = {1.0};
  step(o, p, {0.5});
  // t = 1: clr = 0.01/(1 + 0*0.5) = 0.01; p1 = 1 - 0.01*0.5/(0.5 + 1e-10)
  const double p1 = 1.0 - 0.01 * 0.5 / (0.5 + 1e-10);
  CHECK(p[0] == near(p1));
  step(o, p, {1.0});
  // t = 2: clr = 0.01/(1 + 1*0.5) = 0.01/1.5; sum2 = 1.25; p2 = p1 - (0.01/1.5)/(sqrt(1.25) + 1e-10)
  const double eff2 = (0.01 / 1.5) / (std::sqrt(1.25) + 1e-10);
  CHECK(p[0] == near(p1 - eff2));
  CHECK(o.stats()[0].step_median == near(eff2));
}

TEST_CASE("Adagrad initial_accumulator_value seeds the sum", "[optim]") {
  AdagradConfig c;
  c.initial_accumulator_value = 0.75;
  Adagrad o(c);
  std::vector<double> p = {1.0, 3.0};
  step(o, p, {0.5, 0.0});
  // coord 0: sum1 = 0.75 + 0.25 = 1; p1 = 1 - 0.01*0.5/(1 + 1e-10)
  // coord 1: sum1 = 0.75; no gradient, no move
  const double p1 = 1.0 - 0.005 / (1.0 + 1e-10);
  CHECK(p[0] == near(p1));
  CHECK(p[1] == 3.0);
  CHECK(o.state().buffers[0] == 1.0);
  CHECK(o.state().buffers[1] == 0.75);
  step(o, p, {1.0, 0.0});
  // sum2 = 1 + 1 = 2; p2 = p1 - 0.01/(sqrt(2) + 1e-10)
  CHECK(p[0] == near(p1 - 0.01 / (std::sqrt(2.0) + 1e-10)));
}

TEST_CASE("Adagrad weight_decay and maximize follow the PyTorch order", "[optim]") {
  AdagradConfig c;
  c.weight_decay = 0.5;
  c.maximize = true;
  Adagrad o(c);
  std::vector<double> p = {1.0};
  step(o, p, {1.0});
  // g = -1 + 0.5*1 = -0.5; sum = 0.25; p1 = 1 + 0.01*0.5/(0.5 + 1e-10)
  CHECK(o.state().buffers[0] == 0.25);
  CHECK(p[0] == near(1.0 + 0.005 / (0.5 + 1e-10)));
}

// ------------------------------------------------------------------------------------------
// Diagnostics
// ------------------------------------------------------------------------------------------

TEST_CASE("Group diagnostics match an independent computation for two groups", "[optim]") {
  // RMSProp alpha 0.5, lr 0.01, eps 1e-8 on 9 parameters: group A = [0, 4) (even count, the
  // median interpolates), group B = [4, 9).
  RMSPropConfig c;
  c.alpha = 0.5;
  RMSProp o(c);
  o.set_groups({{0, 4}, {4, 5}});
  std::vector<double> p = {1.0, -2.0, 0.5, 3.0, 0.25, -1.0, 2.0, 4.0, -0.5};
  const std::vector<double> g1 = {0.5, -1.0, 2.0, 4.0, 0.1, -0.2, 0.3, 0.4, -0.8};
  const std::vector<double> g2 = {0.25, 1.0, -2.0, 1.0, 0.3, 0.2, -0.1, 0.4, 0.8};

  // Independent replay of the rule.
  std::vector<double> ref = p, v(9, 0.0), old, eff(9);
  for (const auto* g : {&g1, &g2}) {
    old = ref;
    for (int i = 0; i < 9; ++i) {
      v[i] = 0.5 * v[i] + 0.5 * (*g)[i] * (*g)[i];
      const double avg = std::sqrt(v[i]) + 1e-8;
      ref[i] = ref[i] - 0.01 * (*g)[i] / avg;
      eff[i] = 0.01 / avg;
    }
  }
  step(o, p, g1);
  step(o, p, g2);
  REQUIRE(o.stats().size() == 2);
  for (int i = 0; i < 9; ++i) CHECK(p[i] == near(ref[i]));

  const ParamGroup gs[2] = {{0, 4}, {4, 5}};
  for (int k = 0; k < 2; ++k) {
    INFO("group " << k);
    const auto sub = [&](const std::vector<double>& x) {
      return std::vector<double>(x.begin() + gs[k].offset, x.begin() + gs[k].offset + gs[k].size);
    };
    std::vector<double> d(gs[k].size);
    for (std::size_t i = 0; i < gs[k].size; ++i) d[i] = ref[gs[k].offset + i] - old[gs[k].offset + i];
    const GroupStats& s = o.stats()[k];
    CHECK(s.grad_rms == near(rms(sub(g2))));
    CHECK(s.update_rms == Approx(rms(d)).epsilon(1e-12));  // differences of rounded values
    CHECK(s.param_rms == near(rms(sub(ref))));
    CHECK(s.update_ratio == Approx(rms(d) / rms(sub(ref))).epsilon(1e-12));
    CHECK(s.accum_rms == near(std::sqrt(mean(sub(v)))));
    CHECK(s.step_min == near(percentile_ref(sub(eff), 0.0)));
    CHECK(s.step_p10 == near(percentile_ref(sub(eff), 0.1)));
    CHECK(s.step_median == near(percentile_ref(sub(eff), 0.5)));
    CHECK(s.step_p90 == near(percentile_ref(sub(eff), 0.9)));
    CHECK(s.step_max == near(percentile_ref(sub(eff), 1.0)));
    CHECK(s.nonfinite == 0);
  }

  // Group A spelled out: v2 = 0.5*0.5*g1^2 + 0.5*g2^2
  //   = {0.0625+0.03125, 0.25+0.5, 1+2, 4+0.5} = {0.09375, 0.75, 3, 4.5}
  // step = 0.01/(sqrt(v2)+1e-8), decreasing in v2; sorted ascending: e(4.5), e(3), e(0.75), e(0.09375)
  // numpy.percentile positions on 4 values: p10 at 0.3, median at 1.5, p90 at 2.7.
  const auto e = [](double vv) { return 0.01 / (std::sqrt(vv) + 1e-8); };
  const GroupStats& a = o.stats()[0];
  CHECK(a.accum_rms == near(std::sqrt((0.09375 + 0.75 + 3.0 + 4.5) / 4)));
  CHECK(a.step_min == near(e(4.5)));
  CHECK(a.step_p10 == near(e(4.5) + 0.3 * (e(3.0) - e(4.5))));
  CHECK(a.step_median == near(0.5 * (e(3.0) + e(0.75))));
  CHECK(a.step_p90 == near(e(0.75) + 0.7 * (e(0.09375) - e(0.75))));
  CHECK(a.step_max == near(e(0.09375)));
  CHECK(a.grad_rms == near(std::sqrt((0.0625 + 1.0 + 4.0 + 1.0) / 4)));
}

TEST_CASE("Step-size diagnostics use each rule's effective step", "[optim]") {
  std::vector<double> p = {1.0, 2.0};
  SECTION("SGD: lr everywhere, no accumulator") {
    SGDConfig c;
    c.lr = 0.5;
    SGD o(c);
    step(o, p, {0.5, 1.0});
    const GroupStats& s = o.stats()[0];
    CHECK(s.step_min == 0.5);
    CHECK(s.step_median == 0.5);
    CHECK(s.step_max == 0.5);
    CHECK(s.accum_rms == 0.0);
    // params {0.75, 1.5}; updates {-0.25, -0.5}
    CHECK(s.update_rms == near(std::sqrt((0.0625 + 0.25) / 2)));
    CHECK(s.param_rms == near(std::sqrt((0.5625 + 2.25) / 2)));
    CHECK(s.update_ratio == near(std::sqrt(0.3125 / 2) / std::sqrt(2.8125 / 2)));
  }
  SECTION("Adam: step_size/denom with bias correction") {
    AdamConfig c;
    c.beta1 = 0.5;
    c.beta2 = 0.5;
    Adam o(c);
    step(o, p, {1.0, 2.0});
    // v1 = {0.5, 2}; denom = sqrt(v1)/sqrt(0.5) + 1e-8 = {1, 2} + 1e-8; step_size = 0.002
    CHECK(o.stats()[0].step_min == near(0.002 / (2.0 + 1e-8)));
    CHECK(o.stats()[0].step_max == near(0.002 / (1.0 + 1e-8)));
    CHECK(o.stats()[0].step_median == near(0.5 * (0.002 / (2.0 + 1e-8) + 0.002 / (1.0 + 1e-8))));
  }
  SECTION("Adagrad: clr/(sqrt(sum)+eps)") {
    Adagrad o;
    step(o, p, {1.0, 2.0});
    CHECK(o.stats()[0].step_min == near(0.01 / (2.0 + 1e-10)));
    CHECK(o.stats()[0].step_max == near(0.01 / (1.0 + 1e-10)));
    CHECK(o.stats()[0].accum_rms == near(std::sqrt((1.0 + 4.0) / 2)));
  }
}

TEST_CASE("update_ratio is 0 when every parameter ends at zero", "[optim]") {
  SGDConfig c;
  c.lr = 1.0;
  SGD o(c);
  std::vector<double> p = {0.5, -0.25};
  step(o, p, {0.5, -0.25});
  CHECK(p[0] == 0.0);
  CHECK(p[1] == 0.0);
  CHECK(o.stats()[0].param_rms == 0.0);
  CHECK(o.stats()[0].update_ratio == 0.0);
  CHECK(o.stats()[0].update_rms == near(std::sqrt((0.25 + 0.0625) / 2)));
}

TEST_CASE("quantiles5 matches a sort-based numpy.percentile reference", "[optim]") {
  const std::uint64_t seed = 20240611;
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> real(-5.0, 5.0);
  std::uniform_int_distribution<int> small(0, 4);
  for (std::size_t m = 1; m <= 200; ++m) {
    for (int ties = 0; ties < 2; ++ties) {
      INFO("m " << m << (ties ? " with ties" : ""));
      std::vector<double> x(m);
      for (auto& e : x) e = ties ? static_cast<double>(small(rng)) : real(rng);
      std::vector<double> work = x;
      double q[5];
      rp::quantiles5(work.data(), m, q);
      CHECK(q[0] == percentile_ref(x, 0.0));
      CHECK(q[1] == Approx(percentile_ref(x, 0.1)).epsilon(1e-13).margin(1e-13));
      CHECK(q[2] == Approx(percentile_ref(x, 0.5)).epsilon(1e-13).margin(1e-13));
      CHECK(q[3] == Approx(percentile_ref(x, 0.9)).epsilon(1e-13).margin(1e-13));
      CHECK(q[4] == percentile_ref(x, 1.0));
      // Only reordered: the same multiset.
      std::sort(work.begin(), work.end());
      std::sort(x.begin(), x.end());
      CHECK(work == x);
    }
  }
}

TEST_CASE("quantiles5 on tiny arrays spelled out", "[optim]") {
  double q[5];
  double one[] = {3.0};
  rp::quantiles5(one, 1, q);
  for (double v : q) CHECK(v == 3.0);
  double two[] = {4.0, 2.0};
  rp::quantiles5(two, 2, q);
  // positions 0, 0.1, 0.5, 0.9, 1 on {2, 4}: 2, 2.2, 3, 3.8, 4
  CHECK(q[0] == 2.0);
  CHECK(q[1] == near(2.2));
  CHECK(q[2] == 3.0);
  CHECK(q[3] == near(3.8));
  CHECK(q[4] == 4.0);
  double six[] = {6.0, 1.0, 5.0, 2.0, 4.0, 3.0};
  rp::quantiles5(six, 6, q);
  // positions 0.5, 2.5, 4.5 on {1..6}: 1.5, 3.5, 5.5
  CHECK(q[1] == near(1.5));
  CHECK(q[2] == near(3.5));
  CHECK(q[3] == near(5.5));
}

TEST_CASE("group_stats_names lists the exported fields in order", "[optim]") {
  const char* const* n = rp::group_stats_names();
  const std::vector<std::string> want = {"grad_rms", "update_rms", "param_rms", "update_ratio",
                                         "accum_rms", "step_min", "step_p10", "step_median",
                                         "step_p90", "step_max", "nonfinite"};
  REQUIRE(rp::kGroupStatsFields == 11);
  for (int i = 0; i < rp::kGroupStatsFields; ++i) CHECK(std::string(n[i]) == want[i]);
}

// ------------------------------------------------------------------------------------------
// Interface behaviour
// ------------------------------------------------------------------------------------------

TEST_CASE("State is sized on first use and a different size later needs reset", "[optim]") {
  struct Case {
    const char* name;
    std::size_t per_param;
  };
  for (const Case& k : {Case{"rmsprop", 3}, Case{"sgd", 1}, Case{"adam", 3}, Case{"adagrad", 1}}) {
    INFO(k.name);
    auto o = make(k.name);
    CHECK(o->size() == 0);
    CHECK(o->state().buffers.size() == 0);
    CHECK(o->steps() == 0);
    std::vector<double> p = {1.0, 2.0, 3.0};
    step(*o, p, {0.1, 0.2, 0.3});
    CHECK(o->size() == 3);
    CHECK(o->state().buffers.size() == 3 * k.per_param);
    CHECK(o->steps() == 1);

    std::vector<double> q = {1.0, 2.0};
    const std::vector<double> before = to_vec(o->state().buffers);
    const std::string msg = invalid_argument_message(*o, q, {0.1, 0.2});
    CHECK_THAT(msg, Catch::Contains("reset") && Catch::Contains(std::string(k.name) + ".step") &&
                        Catch::Contains("2") && Catch::Contains("3"));
    CHECK(q == std::vector<double>{1.0, 2.0});  // untouched
    CHECK(same_bits(o->state().buffers, before));
    CHECK(o->steps() == 1);

    o->reset();
    CHECK(o->size() == 0);
    step(*o, q, {0.1, 0.2});
    CHECK(o->size() == 2);
    CHECK(o->steps() == 1);
  }
}

TEST_CASE("An empty parameter buffer is rejected", "[optim]") {
  RMSProp o;
  double p = 0, g = 0;
  CHECK_THROWS_AS(o.step(&p, &g, 0), std::invalid_argument);
  CHECK(o.size() == 0);
}

TEST_CASE("reset() makes the next step equal a fresh optimizer's first step", "[optim]") {
  const std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> cases = {
      {"rmsprop", {{"momentum", 0.9}, {"centered", 1}, {"initial_accumulator", 0.5}}},
      {"sgd", {{"momentum", 0.9}, {"dampening", 0.5}}},
      {"adam", {{"amsgrad", 1}}},
      {"adagrad", {{"initial_accumulator_value", 0.3}, {"lr_decay", 0.2}}}};
  for (const auto& [name, values] : cases) {
    INFO(name);
    auto used = make(name, "", values);
    auto fresh = make(name, "", values);
    std::vector<double> p = {0.3, -0.7, 1.1};
    for (int t = 0; t < 3; ++t) step(*used, p, {0.2, -0.4, 0.9});
    used->reset();
    CHECK(used->steps() == 0);
    CHECK(used->state().buffers.size() == 0);
    CHECK(used->state().flags == 0);
    std::vector<double> a = {0.5, 0.25, -1.5}, b = a;
    step(*used, a, {0.7, -0.1, 0.05});
    step(*fresh, b, {0.7, -0.1, 0.05});
    CHECK(same_bits(a, b));
    CHECK(same_bits(used->state().buffers, fresh->state().buffers));
    CHECK(used->steps() == 1);
  }
}

TEST_CASE("Changing lr with set() keeps the accumulator", "[optim]") {
  SECTION("RMSProp") {
    RMSProp o;  // lr 0.01, alpha 0.99
    std::vector<double> p = {1.0};
    step(o, p, {0.5});
    const double p1 = p[0];
    const std::vector<double> before = to_vec(o.state().buffers);
    o.set("lr", 0.05);
    CHECK(o.get("lr") == 0.05);
    CHECK(same_bits(o.state().buffers, before));
    CHECK(o.steps() == 1);
    step(o, p, {0.25});
    // old v1 = 0.0025 kept: v2 = 0.99*0.0025 + 0.01*0.0625 = 0.0031 (a fresh v would be 0.000625)
    // p2 = p1 - 0.05*0.25/(sqrt(0.0031) + 1e-8)
    CHECK(p[0] == near(p1 - 0.05 * 0.25 / (std::sqrt(0.0031) + 1e-8)));
  }
  SECTION("Adam keeps m, v and the step count (bias correction of t = 2)") {
    Adam o;
    std::vector<double> p = {1.0};
    step(o, p, {0.5});
    const double p1 = p[0];
    o.set("lr", 0.01);
    step(o, p, {0.25});
    // m2 = 0.07, v2 = 0.00031225, bc1 = 0.19, bc2 = 1 - 0.999^2; new lr 0.01
    const double denom2 = std::sqrt(0.00031225) / std::sqrt(1.0 - 0.999 * 0.999) + 1e-8;
    CHECK(p[0] == near(p1 - (0.01 / 0.19) * 0.07 / denom2));
  }
  SECTION("SGD keeps the momentum buffer") {
    SGDConfig c;
    c.lr = 0.5;
    c.momentum = 0.5;
    SGD o(c);
    std::vector<double> p = {1.0};
    step(o, p, {0.5});  // buf = 0.5, p = 0.75
    o.set("lr", 0.25);
    step(o, p, {-1.0});
    // buf = 0.25 - 1 = -0.75; p = 0.75 + 0.25*0.75 = 0.9375
    CHECK(p[0] == 0.9375);
  }
}

TEST_CASE("state() and restore() round-trip exactly", "[optim]") {
  for (const std::string name : {"rmsprop", "sgd", "adam", "adagrad"}) {
    INFO(name);
    std::vector<std::pair<std::string, double>> values;
    if (name == "rmsprop") values = {{"momentum", 0.5}, {"centered", 1}};
    if (name == "sgd") values = {{"momentum", 0.5}, {"nesterov", 1}};
    if (name == "adam") values = {{"amsgrad", 1}};
    if (name == "adagrad") values = {{"lr_decay", 0.1}};
    auto o = make(name, "", values);
    std::vector<double> p = {0.3, -0.7, 1.1};
    const std::vector<std::vector<double>> gs = {
        {0.2, -0.4, 0.9}, {-0.3, 0.1, 0.5}, {0.6, 0.6, -0.2}, {0.05, -0.9, 0.3}, {1.0, 0.0, -1.0}};
    for (int t = 0; t < 2; ++t) step(*o, p, gs[t]);
    const rp::OptimizerState snap = o->state();
    const std::vector<double> psnap = p;
    for (int t = 2; t < 5; ++t) step(*o, p, gs[t]);
    const std::vector<double> pend = p;
    const rp::OptimizerState end = o->state();

    o->restore(snap);
    CHECK(same_bits(o->state().buffers, snap.buffers));
    CHECK(o->state().steps == snap.steps);
    CHECK(o->state().flags == snap.flags);
    CHECK(o->steps() == 2);
    p = psnap;
    for (int t = 2; t < 5; ++t) step(*o, p, gs[t]);
    CHECK(same_bits(p, pend));
    CHECK(same_bits(o->state().buffers, end.buffers));
    CHECK(o->state().steps == end.steps);
  }
}

TEST_CASE("restore() rejects a state of another size", "[optim]") {
  RMSProp a, b;
  std::vector<double> p = {1.0, 2.0}, q = {1.0, 2.0, 3.0};
  step(a, p, {0.1, 0.2});
  step(b, q, {0.1, 0.2, 0.3});
  const rp::OptimizerState before = a.state();
  CHECK_THROWS_AS(a.restore(b.state()), std::invalid_argument);
  CHECK(same_bits(a.state().buffers, before.buffers));
  CHECK(a.steps() == 1);
}

TEST_CASE("restore() of a snapshot taken before the first step unsizes the optimizer", "[optim]") {
  // The Trainer saves state() before every step and restores it when the step produced a
  // non-finite parameter; that includes the very first step.
  for (const std::string name : {"rmsprop", "sgd", "adam", "adagrad"}) {
    INFO(name);
    auto o = make(name, "", name == "sgd" ? std::vector<std::pair<std::string, double>>{{"momentum", 0.9}}
                                          : std::vector<std::pair<std::string, double>>{});
    auto fresh = make(name, "", name == "sgd" ? std::vector<std::pair<std::string, double>>{{"momentum", 0.9}}
                                              : std::vector<std::pair<std::string, double>>{});
    const rp::OptimizerState snap = o->state();
    std::vector<double> p = {0.3, -0.7};
    step(*o, p, {0.2, -0.4});
    REQUIRE_NOTHROW(o->restore(snap));
    CHECK(o->steps() == 0);
    CHECK(o->size() == 0);
    CHECK(o->state().buffers.size() == 0);
    std::vector<double> a = {0.5, 0.25, 2.0}, b = a;  // a new size is fine: nothing was sized
    step(*o, a, {0.7, -0.1, 0.3});
    step(*fresh, b, {0.7, -0.1, 0.3});
    CHECK(same_bits(a, b));
    CHECK(same_bits(o->state().buffers, fresh->state().buffers));
  }
}

TEST_CASE("Groups that do not partition the buffer are rejected before anything changes", "[optim]") {
  const std::vector<std::vector<ParamGroup>> bad = {
      {{0, 2}, {3, 2}},  // gap
      {{0, 3}, {2, 3}},  // overlap
      {{0, 2}, {2, 0}, {2, 3}},  // empty group
      {{0, 2}, {2, 2}},  // does not reach the end
      {{0, 3}, {3, 3}},  // runs past the end
      {{1, 4}},          // does not start at 0
      {{2, 3}, {0, 2}},  // out of order
  };
  for (std::size_t k = 0; k < bad.size(); ++k) {
    INFO("case " << k);
    RMSProp o;
    o.set_groups(bad[k]);
    std::vector<double> p = {1, 2, 3, 4, 5};
    const std::string msg = invalid_argument_message(o, p, {1, 1, 1, 1, 1});
    CHECK_THAT(msg, Catch::Contains("rmsprop.groups"));
    CHECK(p == std::vector<double>{1, 2, 3, 4, 5});
    CHECK(o.steps() == 0);
    CHECK(o.size() == 0);  // a rejected first step does not size the state
    // Fixing the groups (even for a different buffer size) then works.
    o.set_groups({{0, 1}, {1, 2}});
    std::vector<double> q = {1, 2, 3};
    step(o, q, {1, 1, 1});
    CHECK(o.size() == 3);
    CHECK(o.stats().size() == 2);
  }
  SECTION("also after the first step") {
    RMSProp o;
    o.set_groups({{0, 2}, {2, 3}});
    std::vector<double> p = {1, 2, 3, 4, 5};
    step(o, p, {1, 1, 1, 1, 1});
    const std::vector<double> p1 = p, s1 = to_vec(o.state().buffers);
    o.set_groups({{0, 2}, {2, 2}});
    CHECK_THROWS_WITH(o.step(p.data(), std::vector<double>(5, 1.0).data(), 5),
                      Catch::Contains("rmsprop.groups") && Catch::Contains("4 of 5"));
    CHECK(same_bits(p, p1));
    CHECK(same_bits(o.state().buffers, s1));
    CHECK(o.steps() == 1);
  }
}

TEST_CASE("Empty groups list means one group over the whole buffer", "[optim]") {
  RMSProp o;
  std::vector<double> p = {1, 2, 3};
  step(o, p, {1, 1, 1});
  REQUIRE(o.stats().size() == 1);
  CHECK(o.stats()[0].grad_rms == 1.0);
}

TEST_CASE("nonfinite counts parameters that overflow to infinity", "[optim]") {
  SECTION("RMSProp with a huge lr and a small accumulator") {
    RMSPropConfig c;
    c.lr = 1e308;
    RMSProp o(c);
    o.set_groups({{0, 2}, {2, 1}});
    std::vector<double> p = {1.0, 2.0, 3.0};
    step(o, p, {1.0, 0.0, 1e-3});
    // coord 0: v = 0.01, step = 1e308*1/(0.1 + 1e-8) ~ 1e309 -> -inf
    // coord 1: g = 0, no move; coord 2: 1e308*1e-3/(1e-4 + 1e-8) ~ 1e309 -> -inf
    CHECK(std::isinf(p[0]));
    CHECK(p[1] == 2.0);
    CHECK(std::isinf(p[2]));
    CHECK(o.stats()[0].nonfinite == 1);
    CHECK(o.stats()[1].nonfinite == 1);
  }
  SECTION("SGD with lr 10 and a gradient of 1e308") {
    SGDConfig c;
    c.lr = 10;
    SGD o(c);
    std::vector<double> p = {1.0, 1.0};
    step(o, p, {1e308, 1.0});
    CHECK(p[0] == -std::numeric_limits<double>::infinity());
    CHECK(p[1] == -9.0);
    CHECK(o.stats()[0].nonfinite == 1);
  }
  SECTION("NaN gradients make NaN parameters") {
    SGD o;
    std::vector<double> p = {1.0, 1.0, 1.0};
    step(o, p, {std::nan(""), 0.0, std::nan("")});
    CHECK(o.stats()[0].nonfinite == 2);
  }
}

TEST_CASE("hyperparams() lists every key with its range and current value", "[optim]") {
  RMSPropConfig c;
  c.lr = 0.02;
  c.centered = true;
  RMSProp o(c);
  const auto hp = o.hyperparams();
  std::vector<std::string> keys;
  for (const auto& h : hp) keys.push_back(h.key);
  CHECK(keys == std::vector<std::string>{"lr", "alpha", "eps", "weight_decay", "momentum", "centered",
                                         "maximize", "eps_in_sqrt", "initial_accumulator"});
  CHECK(hp[0].value == 0.02);
  CHECK_FALSE(hp[0].flag);
  CHECK(std::isinf(hp[0].hi));
  CHECK(hp[1].lo == 0);
  CHECK(hp[1].hi == 1);
  CHECK(hp[5].flag);
  CHECK(hp[5].value == 1.0);
  const auto ah = Adam().hyperparams();
  CHECK(ah[1].key == "beta1");
  CHECK(ah[1].hi_open);
}
