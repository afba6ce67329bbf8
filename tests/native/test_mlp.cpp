// The tiny MLP: finite-difference gradient checks for every activation x output x loss (with and
// without regularization), the loss formulas against a direct computation, the flat-buffer
// layout, the initialisation schemes and the network validation messages.
#include <catch2/catch.hpp>

#include "require_invalid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "nn/mlp.hpp"

using rp::Mlp;
using rp::NetworkSpec;

namespace {

NetworkSpec spec_of(std::vector<int> layers, const std::string& act, const std::string& out,
                    const std::string& loss, const std::string& reg = "none", double rate = 0.0) {
  NetworkSpec s;
  s.layers = std::move(layers);
  s.activation = act;
  s.output = out;
  s.loss = loss;
  s.regularization = reg;
  s.reg_rate = rate;
  return s;
}

double act_ref(const std::string& a, double z) {
  if (a == "tanh") return std::tanh(z);
  if (a == "relu") return z > 0 ? z : 0.0;
  if (a == "sigmoid") return 1.0 / (1.0 + std::exp(-z));
  return z;  // linear
}

double softplus_ref(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::fabs(z))); }

// A naive forward pass written independently of Mlp: z[l] and a[l] per layer, (batch, out_l).
struct RefForward {
  std::vector<std::vector<double>> z, a;
};

RefForward ref_forward(const Mlp& net, const std::vector<double>& x, std::size_t batch) {
  const NetworkSpec& s = net.spec();
  RefForward r;
  std::vector<double> prev = x;
  for (int l = 0; l < net.num_layers(); ++l) {
    const rp::Mat W = net.get_weight(l);
    const rp::Vec b = net.get_bias(l);
    const int in = net.fan_in(l), out = net.fan_out(l);
    std::vector<double> z(batch * out), a(batch * out);
    const bool last = l == net.num_layers() - 1;
    for (std::size_t n = 0; n < batch; ++n)
      for (int o = 0; o < out; ++o) {
        double sum = b(o);
        for (int i = 0; i < in; ++i) sum += W(o, i) * prev[n * in + i];
        z[n * out + o] = sum;
        a[n * out + o] = act_ref(last ? s.output : s.activation, sum);
      }
    r.z.push_back(z);
    r.a.push_back(a);
    prev = a;
  }
  return r;
}

void fill_uniform(rp::Rng& rng, double* p, std::size_t n, double lo, double hi) {
  for (std::size_t i = 0; i < n; ++i) p[i] = rng.uniform(lo, hi);
}

// Smallest |pre-activation| over every hidden layer (the ReLU kinks).
double min_hidden_preact(const RefForward& r) {
  double m = std::numeric_limits<double>::infinity();
  for (std::size_t l = 0; l + 1 < r.z.size(); ++l)
    for (double v : r.z[l]) m = std::min(m, std::fabs(v));
  return m;
}

// Central differences of loss() + reg_loss() against backward(), every parameter.
void gradient_check(const NetworkSpec& spec, std::uint64_t seed) {
  INFO("seed " << seed << ", layers {3,4,3,2}, activation " << spec.activation << ", output "
               << spec.output << ", loss " << spec.loss << ", regularization " << spec.regularization
               << " rate " << spec.reg_rate);
  Mlp net(spec);
  rp::Rng rng(seed);
  const std::size_t batch = 5;
  const int in = net.inputs(), outs = net.outputs();
  std::vector<double> x(batch * in), y(batch * outs);
  fill_uniform(rng, net.params(), net.num_params(), -1.0, 1.0);  // biases too: all non-zero
  // Redraw the inputs until no hidden pre-activation is near a ReLU kink (needed for relu,
  // harmless for the rest).
  int draws = 0;
  do {
    fill_uniform(rng, x.data(), x.size(), -1.0, 1.0);
    REQUIRE(++draws < 100);
  } while (min_hidden_preact(ref_forward(net, x, batch)) < 1e-3);
  if (spec.loss == "bce") fill_uniform(rng, y.data(), y.size(), 0.0, 1.0);
  else fill_uniform(rng, y.data(), y.size(), -1.0, 1.0);

  std::vector<double> grad(net.num_params(), std::nan(""));
  net.forward(x.data(), batch);
  net.backward(y.data(), grad.data());
  const double L0 = net.loss(y.data());
  REQUIRE(std::isfinite(L0));

  const double h = 1e-6;
  std::size_t checked = 0;
  for (std::size_t p = 0; p < net.num_params(); ++p) {
    const double saved = net.params()[p];
    // L1's |W| has a kink at 0; the weights are uniform in (-1, 1), so this rarely skips.
    if (spec.regularization == "l1" && std::fabs(saved) < 1e-3) continue;
    net.params()[p] = saved + h;
    net.forward(x.data(), batch);
    const double lp = net.loss(y.data()) + net.reg_loss();
    net.params()[p] = saved - h;
    net.forward(x.data(), batch);
    const double lm = net.loss(y.data()) + net.reg_loss();
    net.params()[p] = saved;
    const double numeric = (lp - lm) / (2 * h);
    const double analytic = grad[p];
    INFO("param " << p << ": analytic " << analytic << ", numeric " << numeric);
    CHECK(std::fabs(analytic - numeric) <= 1e-6 * std::max(std::fabs(analytic), std::fabs(numeric)) + 1e-8);
    ++checked;
  }
  CHECK(checked + 3 >= net.num_params());
}

}  // namespace

TEST_CASE("mlp: gradient matches central differences for every activation, output and loss", "[mlp]") {
  std::uint64_t seed = 20240601;
  for (const char* act : {"tanh", "relu", "sigmoid", "linear"})
    for (const char* out : {"linear", "tanh", "sigmoid"})
      for (const char* loss : {"mse", "bce"}) gradient_check(spec_of({3, 4, 3, 2}, act, out, loss), ++seed);
}

TEST_CASE("mlp: regularized gradient matches central differences of loss + reg_loss", "[mlp]") {
  std::uint64_t seed = 777000;
  for (const char* reg : {"l1", "l2"})
    for (const char* act : {"tanh", "relu", "sigmoid", "linear"})
      for (const char* out : {"linear", "tanh", "sigmoid"})
        for (const char* loss : {"mse", "bce"})
          gradient_check(spec_of({3, 4, 3, 2}, act, out, loss, reg, 0.37), ++seed);
}

TEST_CASE("mlp: regularization adds rate*sign(W) / rate*W to weights only, never biases", "[mlp]") {
  const std::uint64_t seed = 4242;
  INFO("seed " << seed);
  for (const char* reg : {"l1", "l2"}) {
    INFO("regularization " << reg);
    const double rate = 0.25;
    Mlp plain(spec_of({3, 4, 3, 2}, "tanh", "linear", "mse"));
    Mlp regd(spec_of({3, 4, 3, 2}, "tanh", "linear", "mse", reg, rate));
    rp::Rng rng(seed);
    fill_uniform(rng, plain.params(), plain.num_params(), -1, 1);
    std::copy_n(plain.params(), plain.num_params(), regd.params());
    std::vector<double> x(4 * 3), y(4 * 2);
    fill_uniform(rng, x.data(), x.size(), -1, 1);
    fill_uniform(rng, y.data(), y.size(), -1, 1);
    std::vector<double> g0(plain.num_params()), g1(plain.num_params());
    plain.forward(x.data(), 4);
    plain.backward(y.data(), g0.data());
    regd.forward(x.data(), 4);
    regd.backward(y.data(), g1.data());
    // Same data loss: the penalty is reported separately.
    CHECK(regd.loss(y.data()) == plain.loss(y.data()));

    double penalty = 0.0;
    for (int l = 0; l < plain.num_layers(); ++l) {
      const std::size_t off = plain.groups()[l].offset;
      const std::size_t nw = std::size_t(plain.fan_in(l)) * plain.fan_out(l);
      for (std::size_t i = 0; i < nw; ++i) {
        const double w = plain.params()[off + i];
        const double extra = std::string(reg) == "l1" ? rate * (w > 0 ? 1.0 : -1.0) : rate * w;
        penalty += std::string(reg) == "l1" ? std::fabs(w) : 0.5 * w * w;
        CHECK(g1[off + i] - g0[off + i] == Approx(extra).margin(1e-14));
      }
      for (int o = 0; o < plain.fan_out(l); ++o) CHECK(g1[off + nw + o] == g0[off + nw + o]);
    }
    CHECK(regd.reg_loss() == Approx(rate * penalty).epsilon(1e-13));
    CHECK(plain.reg_loss() == 0.0);
  }
  // A zero rate is no penalty at all.
  Mlp zero(spec_of({3, 4, 3, 2}, "tanh", "linear", "mse", "l2", 0.0));
  zero.init(3);
  CHECK(zero.reg_loss() == 0.0);
}

TEST_CASE("mlp: mse and bce against a direct computation", "[mlp]") {
  const std::uint64_t seed = 99;
  INFO("seed " << seed);
  rp::Rng rng(seed);
  const std::size_t batch = 7;
  for (const char* out : {"linear", "tanh", "sigmoid"}) {
    INFO("output " << out);
    // mse: mean over all batch*outputs of (a - y)^2, no 1/2.
    Mlp m(spec_of({3, 4, 3, 2}, "tanh", out, "mse"));
    fill_uniform(rng, m.params(), m.num_params(), -1.5, 1.5);
    std::vector<double> x(batch * 3), y(batch * 2);
    fill_uniform(rng, x.data(), x.size(), -2, 2);
    fill_uniform(rng, y.data(), y.size(), -1, 1);
    const double* a = m.forward(x.data(), batch);
    const RefForward r = ref_forward(m, x, batch);
    double sse = 0.0;
    for (std::size_t k = 0; k < batch * 2; ++k) {
      CHECK(a[k] == Approx(r.a.back()[k]).epsilon(1e-12).margin(1e-15));
      sse += (r.a.back()[k] - y[k]) * (r.a.back()[k] - y[k]);
    }
    CHECK(m.loss(y.data()) == Approx(sse / double(batch * 2)).epsilon(1e-12));
    // predictions() are the output activation's values for mse.
    const double* pm = m.predictions();
    for (std::size_t k = 0; k < batch * 2; ++k) CHECK(pm[k] == a[k]);

    // bce: BCEWithLogits on the last pre-activation, mean; the output activation does not enter.
    Mlp b(spec_of({3, 4, 3, 2}, "tanh", out, "bce"));
    std::copy_n(m.params(), m.num_params(), b.params());
    std::vector<double> t(batch * 2);
    for (auto& v : t) v = rng.uniform() < 0.5 ? 0.0 : 1.0;
    b.forward(x.data(), batch);
    double sum = 0.0;
    for (std::size_t k = 0; k < batch * 2; ++k) {
      const double z = r.z.back()[k];
      sum += softplus_ref(z) - z * t[k];
    }
    CHECK(b.loss(t.data()) == Approx(sum / double(batch * 2)).epsilon(1e-12));
    // predictions() are sigmoid(z) for bce, whatever the output activation.
    const double* pb = b.predictions();
    for (std::size_t k = 0; k < batch * 2; ++k)
      CHECK(pb[k] == Approx(1.0 / (1.0 + std::exp(-r.z.back()[k]))).epsilon(1e-12));
  }
}

TEST_CASE("mlp: bce is stable for large logits", "[mlp]") {
  Mlp b(spec_of({1, 1, 1}, "linear", "linear", "bce"));
  b.set_layer(0, rp::Mat{{1.0}}, rp::Vec{0.0});
  b.set_layer(1, rp::Mat{{1.0}}, rp::Vec{0.0});
  const double x[2] = {800.0, -800.0};
  const double y[2] = {0.0, 1.0};
  b.forward(x, 2);
  // softplus(800) - 0 = 800 and softplus(-800) - (-800) = 800.
  CHECK(b.loss(y) == Approx(800.0).epsilon(1e-14));
  std::vector<double> g(b.num_params());
  b.backward(y, g.data());
  for (double v : g) CHECK(std::isfinite(v));
}

TEST_CASE("mlp: weight/bias views alias the flat buffer in W[out][in] layout", "[mlp]") {
  Mlp net(spec_of({3, 4, 3, 2}, "tanh", "linear", "mse"));
  REQUIRE(net.num_layers() == 3);
  REQUIRE(net.num_params() == std::size_t(4 * 3 + 4 + 3 * 4 + 3 + 2 * 3 + 2));
  // Groups: one per layer, W then b, contiguous.
  std::size_t at = 0;
  for (int l = 0; l < net.num_layers(); ++l) {
    CHECK(net.groups()[l].offset == at);
    CHECK(net.groups()[l].size == std::size_t(net.fan_out(l)) * (net.fan_in(l) + 1));
    at += net.groups()[l].size;
  }
  CHECK(at == net.num_params());
  std::fill_n(net.params(), net.num_params(), 0.0);

  for (int l = 0; l < net.num_layers(); ++l) {
    INFO("layer " << l);
    auto W = net.weight(l);
    auto b = net.bias(l);
    REQUIRE(W.shape(0) == std::size_t(net.fan_out(l)));
    REQUIRE(W.shape(1) == std::size_t(net.fan_in(l)));
    REQUIRE(b.shape(0) == std::size_t(net.fan_out(l)));
    const std::size_t off = net.groups()[l].offset;
    const std::size_t in = net.fan_in(l), out = net.fan_out(l);
    // Write through the view, read the buffer.
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < in; ++i) W(o, i) = 100.0 * l + 10.0 * o + i + 0.5;
    for (std::size_t o = 0; o < out; ++o) b(o) = -(100.0 * l + o) - 0.25;
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < in; ++i) CHECK(net.params()[off + o * in + i] == 100.0 * l + 10.0 * o + i + 0.5);
    for (std::size_t o = 0; o < out; ++o) CHECK(net.params()[off + out * in + o] == -(100.0 * l + o) - 0.25);
    // Write the buffer, read the view.
    net.params()[off + 1 * in + 2] = 1234.5;
    CHECK(net.weight(l)(1, 2) == 1234.5);
    CHECK(net.get_weight(l)(1, 2) == 1234.5);
    net.params()[off + out * in + out - 1] = -77.0;
    CHECK(net.bias(l)(out - 1) == -77.0);
    CHECK(net.get_bias(l)(out - 1) == -77.0);
  }
  // The forward pass uses exactly that layout: one layer, z = W x + b with W (out, in).
  Mlp one(spec_of({3, 2, 1}, "linear", "linear", "mse"));
  std::fill_n(one.params(), one.num_params(), 0.0);
  one.weight(0)(0, 0) = 1.0;  // z0 = x0
  one.weight(0)(1, 2) = 2.0;  // z1 = 2 x2
  one.bias(0)(1) = 0.5;
  one.weight(1)(0, 0) = 10.0;
  one.weight(1)(0, 1) = 100.0;
  const double x[3] = {3.0, 5.0, 7.0};
  one.forward(x, 1);
  CHECK(one.activations(0)[0] == 3.0);
  CHECK(one.activations(0)[1] == 14.5);
  CHECK(one.activations(1)[0] == 30.0 + 1450.0);

  require_invalid([&] { net.weight(3); }, {"layer", "0..2"});
  require_invalid([&] { net.bias(-1); }, {"layer", "0..2"});
  require_invalid([&] { net.get_weight(3); }, {"layer"});
}

TEST_CASE("mlp: set_layer / get_weight round trip and validation", "[mlp]") {
  Mlp net(spec_of({3, 4, 3, 2}, "tanh", "linear", "mse"));
  net.init(5);
  rp::Mat W = xt::zeros<double>({std::size_t(3), std::size_t(4)});
  rp::Vec b = xt::zeros<double>({std::size_t(3)});
  for (std::size_t o = 0; o < 3; ++o) {
    b(o) = 0.1 * double(o) - 1.0;
    for (std::size_t i = 0; i < 4; ++i) W(o, i) = double(o) * 4 + double(i) - 5.5;
  }
  const std::vector<double> before(net.params(), net.params() + net.num_params());
  net.set_layer(1, W, b);
  const bool w_round_trip = net.get_weight(1) == W, b_round_trip = net.get_bias(1) == b;
  CHECK(w_round_trip);
  CHECK(b_round_trip);
  // The other layers are untouched.
  for (int l : {0, 2}) {
    const std::size_t off = net.groups()[l].offset;
    for (std::size_t k = 0; k < net.groups()[l].size; ++k) CHECK(net.params()[off + k] == before[off + k]);
  }
  const std::size_t off1 = net.groups()[1].offset;
  CHECK(net.params()[off1 + 1 * 4 + 3] == W(1, 3));

  const std::vector<double> snap(net.params(), net.params() + net.num_params());
  // Wrong shapes: transposed W, wrong bias length.
  rp::Mat Wt = xt::zeros<double>({std::size_t(4), std::size_t(3)});
  require_invalid([&] { net.set_layer(1, Wt, b); }, {"weights[1].W", "(4, 3)", "(3, 4)"});
  rp::Vec b2 = xt::zeros<double>({std::size_t(4)});
  require_invalid([&] { net.set_layer(1, W, b2); }, {"weights[1].b"});
  // Non-finite values.
  rp::Mat Wn = W;
  Wn(2, 1) = std::nan("");
  require_invalid([&] { net.set_layer(1, Wn, b); }, {"weights[1].W", "nan"});
  rp::Vec bi = b;
  bi(0) = std::numeric_limits<double>::infinity();
  require_invalid([&] { net.set_layer(1, W, bi); }, {"weights[1].b", "inf"});
  require_invalid([&] { net.set_layer(5, W, b); }, {"layer"});
  // A rejected set_layer changes nothing.
  for (std::size_t k = 0; k < net.num_params(); ++k) CHECK(net.params()[k] == snap[k]);
}

TEST_CASE("mlp: init schemes", "[mlp]") {
  auto params_of = [](const NetworkSpec& s, std::uint64_t seed) {
    Mlp m(s);
    m.init(seed);
    return std::vector<double>(m.params(), m.params() + m.num_params());
  };
  for (const char* init : {"xavier", "he", "uniform"}) {
    INFO("init " << init);
    NetworkSpec s = spec_of({3, 8, 5, 2}, "tanh", "linear", "mse");
    s.init = init;
    const auto a = params_of(s, 11), b = params_of(s, 11), c = params_of(s, 12);
    CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
    std::size_t same = 0;
    for (std::size_t k = 0; k < a.size(); ++k) same += a[k] == c[k];
    Mlp m(s);
    m.init(11);
    std::size_t biases = 0;
    for (int l = 0; l < m.num_layers(); ++l) biases += m.fan_out(l);
    CHECK(same <= biases);  // only the (constant) biases coincide
  }

  SECTION("xavier: U(-a, a), a = sqrt(6 / (in + out)), biases 0") {
    NetworkSpec s = spec_of({3, 8, 5, 2}, "tanh", "linear", "mse");
    s.init = "xavier";
    Mlp m(s);
    m.init(3);
    for (int l = 0; l < m.num_layers(); ++l) {
      INFO("layer " << l);
      const double bound = std::sqrt(6.0 / (m.fan_in(l) + m.fan_out(l)));
      const rp::Mat W = m.get_weight(l);
      double mx = 0;
      for (double w : W) {
        CHECK(std::fabs(w) <= bound);
        mx = std::max(mx, std::fabs(w));
      }
      CHECK(mx > 0.5 * bound);  // it uses the range, not a narrower one
      for (double v : m.get_bias(l)) CHECK(v == 0.0);
    }
  }
  SECTION("uniform: U(-0.5, 0.5), biases 0.1") {
    NetworkSpec s = spec_of({3, 8, 5, 2}, "tanh", "linear", "mse");
    s.init = "uniform";
    Mlp m(s);
    m.init(3);
    double mx = 0;
    for (int l = 0; l < m.num_layers(); ++l) {
      for (double w : m.get_weight(l)) {
        CHECK(w >= -0.5);
        CHECK(w <= 0.5);
        mx = std::max(mx, std::fabs(w));
      }
      for (double v : m.get_bias(l)) CHECK(v == 0.1);
    }
    CHECK(mx > 0.4);
  }
  SECTION("he: N(0, 2 / fan_in), biases 0") {
    // Inputs are limited to 16, so the 64x64 layer is the second one.
    NetworkSpec s = spec_of({16, 64, 64, 1}, "relu", "linear", "mse");
    s.init = "he";
    Mlp m(s);
    m.init(17);
    REQUIRE(m.fan_in(1) == 64);
    const rp::Mat W = m.get_weight(1);
    REQUIRE(W.size() == 64 * 64);
    double sum = 0, sq = 0;
    for (double w : W) sum += w;
    const double mean = sum / double(W.size());
    for (double w : W) sq += (w - mean) * (w - mean);
    const double sd = std::sqrt(sq / double(W.size() - 1));
    const double want = std::sqrt(2.0 / 64);
    INFO("sample mean " << mean << ", sample sd " << sd << ", expected sd " << want);
    // Sampling error of the sd over 4096 draws is about want / sqrt(8192) ~ 1.1 %.
    CHECK(std::fabs(sd / want - 1.0) < 0.05);
    CHECK(std::fabs(mean) < 4 * want / 64.0);
    for (int l = 0; l < 3; ++l)
      for (double v : m.get_bias(l)) CHECK(v == 0.0);
    // The first layer has fan_in 16: a wider spread, sd sqrt(2 / 16).
    const rp::Mat W0 = m.get_weight(0);
    double sq0 = 0;
    for (double w : W0) sq0 += w * w;
    CHECK(std::sqrt(sq0 / double(W0.size())) == Approx(std::sqrt(2.0 / 16)).epsilon(0.1));
    // The output layer (fan_in 64, fan_out 1) has the 64x64 layer's scale.
    for (double w : m.get_weight(2)) CHECK(std::fabs(w) < 6 * want);
  }
}

TEST_CASE("mlp: network validation names the field and the range", "[mlp][validation]") {
  auto bad = [](NetworkSpec s, std::initializer_list<const char*> fragments) {
    require_invalid([&] { s.validate(); }, fragments);
    require_invalid([&] { Mlp m(s); }, fragments);
  };
  NetworkSpec ok;
  ok.validate();
  CHECK_NOTHROW(Mlp(ok));
  NetworkSpec s;

  s = ok, s.layers = {2, 1};
  bad(s, {"network.layers", "0 hidden layers", "1..8"});
  s = ok, s.layers = {2};
  bad(s, {"network.layers", "0 hidden layers", "1..8"});
  s = ok, s.layers = {2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1};
  bad(s, {"network.layers", "9 hidden layers", "1..8"});
  s = ok, s.layers = {2, 4, 4, 4, 4, 4, 4, 4, 4, 1};
  CHECK_NOTHROW(s.validate());  // 8 is allowed
  s = ok, s.layers = {2, 0, 1};
  bad(s, {"network.layers[1]", "1..64"});
  s = ok, s.layers = {2, 65, 1};
  bad(s, {"network.layers[1]", "65", "1..64"});
  s = ok, s.layers = {2, 64, 1};
  CHECK_NOTHROW(s.validate());
  s = ok, s.layers = {2, 4, 0, 1};
  bad(s, {"network.layers[2]", "1..64"});
  s = ok, s.layers = {17, 4, 1};
  bad(s, {"network.layers[0]", "17", "1..16"});
  s = ok, s.layers = {0, 4, 1};
  bad(s, {"network.layers[0]", "1..16"});
  s = ok, s.layers = {2, 4, 17};
  bad(s, {"network.layers[2]", "17", "1..16"});
  s = ok, s.activation = "softmax";
  bad(s, {"network.activation", "softmax", "tanh, relu, sigmoid, linear"});
  s = ok, s.output = "relu";
  bad(s, {"network.output", "relu", "linear, tanh, sigmoid"});
  s = ok, s.loss = "hinge";
  bad(s, {"network.loss", "hinge", "mse, bce"});
  s = ok, s.init = "zeros";
  bad(s, {"network.init", "zeros", "xavier, he, uniform"});
  s = ok, s.regularization = "l3";
  bad(s, {"network.regularization", "l3", "none, l1, l2"});
  s = ok, s.reg_rate = -0.001;
  bad(s, {"network.reg_rate", "allowed: [0, "});
  s = ok, s.reg_rate = 10.5;
  bad(s, {"network.reg_rate", "allowed: [0, "});
  s = ok, s.reg_rate = std::nan("");
  bad(s, {"network.reg_rate", "nan"});
  s = ok, s.reg_rate = 10;
  CHECK_NOTHROW(s.validate());
}

TEST_CASE("mlp: forward and backward guard their inputs", "[mlp]") {
  Mlp net(spec_of({3, 4, 3, 2}, "tanh", "linear", "mse"));
  std::vector<double> g(net.num_params());
  const double y[2] = {0, 0};
  require_invalid([&] { net.backward(y, g.data()); }, {"forward"});
  const double x[3] = {0, 0, 0};
  require_invalid([&] { net.forward(x, 0); }, {"forward", "empty"});
}

TEST_CASE("mlp: a bigger batch after a smaller one (workspace growth) gives the same rows", "[mlp]") {
  Mlp net(spec_of({3, 4, 3, 2}, "sigmoid", "tanh", "mse"));
  net.init(8);
  rp::Rng rng(8);
  std::vector<double> x(9 * 3);
  fill_uniform(rng, x.data(), x.size(), -1, 1);
  net.forward(x.data(), 2);
  const std::vector<double> small(net.predictions(), net.predictions() + 4);
  net.forward(x.data(), 9);
  for (int k = 0; k < 4; ++k) CHECK(net.predictions()[k] == small[k]);
  net.forward(x.data(), 1);
  for (int k = 0; k < 2; ++k) CHECK(net.predictions()[k] == small[k]);
}

TEST_CASE("mlp: the playground's limits by default, the reference files' wider bound on request", "[mlp][validation]") {
  rp::NetworkSpec s = spec_of({2, 1}, "tanh", "sigmoid", "bce");  // logistic regression: no hidden layer
  require_invalid([&] { rp::Mlp net(s); }, {"network.layers", "0 hidden layers", "allowed: 1..8"});
  s.limits = rp::kReferenceLimits;
  rp::Mlp logistic(s);
  CHECK(logistic.num_layers() == 1);
  CHECK(logistic.num_params() == 3);
  rp::NetworkSpec wide = spec_of({20, 100, 3}, "relu", "linear", "mse");
  require_invalid([&] { rp::Mlp net(wide); }, {"network.layers[0]", "1..16"});
  wide.limits = rp::kReferenceLimits;
  CHECK_NOTHROW(rp::Mlp(wide));
  wide.layers = {2, 2000, 1};
  require_invalid([&] { rp::Mlp net(wide); }, {"network.layers[1]", "1..1024"});
  require_invalid([&] { rp::validate_layer_sizes({3}, "case.model", rp::kReferenceLimits); }, {"case.model.layers", "no output layer"});
}

TEST_CASE("mlp: without hidden layers the gradient still matches central differences", "[mlp]") {
  std::uint64_t seed = 20260101;
  for (const char* out : {"linear", "tanh", "sigmoid"})
    for (const char* loss : {"mse", "bce"}) {
      rp::NetworkSpec s = spec_of({3, 2}, "tanh", out, loss);
      s.limits = rp::kReferenceLimits;
      gradient_check(s, ++seed);
    }
}
