// The trainer: learning, history, epochs, determinism, divergence handling, user points,
// decision grids and config validation; and History's decimation on its own.
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

#include "train/history.hpp"
#include "train/trainer.hpp"

using rp::Trainer;
using rp::TrainerConfig;

namespace {

// Bitwise equality of two buffers (std::vector or xtensor).
template <class A, class B>
bool same_bits(const A& a, const B& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

std::vector<double> params_of(const Trainer& t) {
  return std::vector<double>(t.model().params(), t.model().params() + t.model().num_params());
}

bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

// Every series and every per-layer series, bit for bit.
bool same_history(const rp::History& a, const rp::History& b) {
  if (a.rows() != b.rows() || a.layers() != b.layers()) return false;
  for (int s = 0; s < rp::kNumSeries; ++s)
    if (!same_bits(a.series(s), b.series(s))) return false;
  for (int l = 0; l < a.layers(); ++l)
    for (int f = 0; f < rp::kGroupStatsFields; ++f)
      if (!same_bits(a.layer_series(l, f), b.layer_series(l, f))) return false;
  return true;
}

// The default settings (a named object: temporaries of TrainerConfig{} make GCC 12 warn).
const TrainerConfig& default_config() {
  static const TrainerConfig c;
  return c;
}

TrainerConfig with_lr(double lr) {
  TrainerConfig c;
  c.optimizer.values = {{"lr", lr}};
  return c;
}

// The n x n grid cell centres the trainer documents: row 0 on top, column 0 on the left.
double cell_x1(double d, int n, int ix) { return -d + (ix + 0.5) * (2.0 * d / n); }
double cell_x2(double d, int n, int iy) { return d - (iy + 0.5) * (2.0 * d / n); }

}  // namespace

TEST_CASE("trainer: the network is [features, hidden..., 1]", "[trainer]") {
  TrainerConfig c;
  CHECK(c.network().layers == std::vector<int>{2, 4, 2, 1});
  c.features = {"x1", "x2", "x1sq"};
  c.hidden = {3};
  CHECK(c.network().layers == std::vector<int>{3, 3, 1});
  Trainer t(c);
  REQUIRE(t.model().num_layers() == 2);
  CHECK(t.model().inputs() == 3);
  CHECK(t.model().fan_out(0) == 3);
  CHECK(t.model().outputs() == 1);
  CHECK(t.history().layers() == 2);
  Trainer d(default_config());
  CHECK(d.model().num_layers() == 3);
  CHECK(d.model().num_params() == std::size_t(4 * 3 + 2 * 5 + 1 * 3));
}

TEST_CASE("trainer: full-batch rmsprop brings the circle loss down", "[trainer]") {
  Trainer t(with_lr(0.03));
  const rp::Evaluation e0 = t.evaluate();
  INFO("initial train loss " << e0.train_loss);
  REQUIRE(std::isfinite(e0.train_loss));
  REQUIRE(t.step(300) == 300);
  const rp::Evaluation e1 = t.evaluate();
  INFO("final train loss " << e1.train_loss << ", train acc " << e1.train_acc << ", test acc " << e1.test_acc);
  CHECK(e1.train_loss < 0.5 * e0.train_loss);
  CHECK(e1.test_loss < 0.5 * e0.test_loss);
  CHECK(e1.train_acc > 0.9);
  // The first row holds the losses at the initial parameters (before the first update).
  CHECK(t.history().series(rp::kTrainLoss)[0] == e0.train_loss);
  CHECK(t.history().series(rp::kTestLoss)[0] == e0.test_loss);
  for (int s : {rp::kTrainAcc, rp::kTestAcc})
    for (double a : t.history().series(s)) {
      CHECK(a >= 0.0);
      CHECK(a <= 1.0);
    }
  // A correct classifier of the circle: positive in the middle, negative in a corner.
  const int n = 8;
  const auto g = t.decision_grid(n);
  CHECK(g[3 * n + 3] > 0);
  CHECK(g[4 * n + 4] > 0);
  CHECK(g[0] < 0);
  CHECK(g[n * n - 1] < 0);
}

TEST_CASE("trainer: losses and accuracies match a hand computation on the splits", "[trainer]") {
  struct Case {
    const char* output;
    const char* loss;
  };
  for (const Case k : {Case{"tanh", "mse"}, Case{"linear", "mse"}, Case{"sigmoid", "mse"}, Case{"linear", "bce"},
                       Case{"tanh", "bce"}}) {
    INFO("output " << k.output << ", loss " << k.loss);
    TrainerConfig c;
    c.output = k.output;
    c.loss = k.loss;
    c.dataset.n = 101;
    c.seed = 3;
    Trainer t(c);
    t.step(2);  // away from the initial weights a little
    const bool zero_one = std::string(k.loss) == "bce" || std::string(k.output) == "sigmoid";
    const bool bce = std::string(k.loss) == "bce";
    for (bool test : {false, true}) {
      INFO((test ? "test split" : "train split"));
      double sum = 0;
      std::size_t right = 0, count = 0;
      for (const rp::Point& p : t.points()) {
        if (p.test != test) continue;
        const double x[2] = {p.x1, p.x2};
        const double out = t.model().forward(x, 1)[0];
        const double z = t.model().predictions()[0];  // sigmoid(z) for bce
        const double target = zero_one ? p.label : 2.0 * p.label - 1.0;
        if (bce) {
          const double logit = std::log(z / (1.0 - z));
          sum += std::max(logit, 0.0) + std::log1p(std::exp(-std::fabs(logit))) - logit * target;
        } else {
          sum += (out - target) * (out - target);
        }
        const double pred = bce ? z : out;
        right += (pred > (zero_one ? 0.5 : 0.0)) == (p.label == 1.0);
        ++count;
      }
      REQUIRE(count > 0);
      const rp::Evaluation e = t.evaluate();
      CHECK((test ? e.test_loss : e.train_loss) == Approx(sum / double(count)).epsilon(1e-9));
      CHECK((test ? e.test_acc : e.train_acc) == double(right) / double(count));
    }
  }
}

TEST_CASE("trainer: accuracy is NaN for regression, test figures NaN without a test split", "[trainer]") {
  TrainerConfig c;
  c.dataset.name = "plane";
  c.output = "linear";
  Trainer t(c);
  CHECK(t.problem() == rp::Problem::regression);
  REQUIRE(t.step(3) == 3);
  const auto e = t.evaluate();
  CHECK(std::isfinite(e.train_loss));
  CHECK(std::isfinite(e.test_loss));
  CHECK(std::isnan(e.train_acc));
  CHECK(std::isnan(e.test_acc));
  for (double a : t.history().series(rp::kTrainAcc)) CHECK(std::isnan(a));

  TrainerConfig all;
  all.dataset.train_ratio = 1.0;
  all.dataset.n = 60;
  Trainer u(all);
  CHECK(u.train_size() == 60);
  CHECK(u.test_size() == 0);
  REQUIRE(u.step(2) == 2);
  const auto f = u.evaluate();
  CHECK(std::isfinite(f.train_loss));
  CHECK(std::isnan(f.test_loss));
  CHECK(std::isnan(f.test_acc));
  CHECK(f.train_acc >= 0.0);
  CHECK(f.train_acc <= 1.0);
  for (double v : u.history().series(rp::kTestLoss)) CHECK(std::isnan(v));
}

TEST_CASE("trainer: history rows, step / epoch / lr columns and live lr changes", "[trainer]") {
  Trainer a(default_config()), b(default_config());
  REQUIRE(a.step(3) == 3);
  REQUIRE(b.step(3) == 3);
  CHECK(a.history().rows() == 3);
  const std::vector<double> p3 = params_of(a);
  REQUIRE(same_bits(p3, params_of(b)));
  a.set_hyperparam("lr", 0.02);
  CHECK(a.optimizer().get("lr") == 0.02);
  REQUIRE(a.step(1) == 1);
  REQUIRE(b.step(1) == 1);
  // The optimizer kept its accumulator and step count across the change ...
  CHECK(a.optimizer().steps() == 4);
  CHECK(b.optimizer().steps() == 4);
  const std::vector<double> pa = params_of(a), pb = params_of(b);
  CHECK_FALSE(same_bits(pa, pb));
  // ... so with the same gradient and the same accumulator, the step is exactly twice as long
  // (RMSProp: p -= lr g / (sqrt(v) + eps)). A fresh accumulator would give a different ratio.
  for (std::size_t k = 0; k < pa.size(); ++k) {
    INFO("param " << k);
    CHECK(pa[k] - p3[k] == Approx(2.0 * (pb[k] - p3[k])).epsilon(1e-6).margin(1e-15));
  }
  // A new optimizer (set_optimizer) starts from an empty accumulator: not twice the step.
  Trainer c(default_config());
  REQUIRE(c.step(3) == 3);
  rp::OptimizerSpec spec;
  spec.values = {{"lr", 0.02}};
  c.set_optimizer(spec);
  REQUIRE(c.step(1) == 1);
  CHECK(c.optimizer().steps() == 1);
  const std::vector<double> pc = params_of(c);
  std::size_t twice = 0;
  for (std::size_t k = 0; k < pc.size(); ++k)
    twice += std::fabs((pc[k] - p3[k]) - 2.0 * (pb[k] - p3[k])) <= 1e-9 * std::fabs(pb[k] - p3[k]);
  CHECK(twice < pc.size() / 2);

  a.step(2);
  const rp::History& h = a.history();
  REQUIRE(h.rows() == 6);
  REQUIRE(a.steps() == 6);
  const std::vector<double> lr_want = {0.01, 0.01, 0.01, 0.02, 0.02, 0.02};
  for (std::size_t r = 0; r < h.rows(); ++r) {
    INFO("row " << r);
    CHECK(h.series(rp::kStep)[r] == double(r + 1));
    CHECK(h.series(rp::kEpoch)[r] == double(r + 1));  // full batch: one epoch per step
    CHECK(h.series(rp::kLr)[r] == lr_want[r]);
    CHECK(std::isfinite(h.series(rp::kTrainLoss)[r]));
    for (int l = 0; l < h.layers(); ++l) {
      CHECK(h.layer_series(l, 0)[r] > 0.0);  // grad_rms
      CHECK(h.layer_series(l, 10)[r] == 0.0);  // nonfinite
    }
  }
  CHECK(a.epoch() == 6);
  for (int s = 0; s < rp::kNumSeries; ++s) CHECK(h.series(s).size() == h.rows());
  // Bad hyperparameters are rejected and change nothing.
  require_invalid([&] { a.set_hyperparam("lr", -1); }, {"rmsprop.lr"});
  require_invalid([&] { a.set_hyperparam("beta", 0.5); }, {"rmsprop.key", "beta"});
  CHECK(a.optimizer().get("lr") == 0.02);
}

TEST_CASE("trainer: mini-batch epochs", "[trainer]") {
  TrainerConfig c;
  c.dataset.n = 100;  // 50 train points
  c.batch_size = 10;
  Trainer t(c);
  REQUIRE(t.train_size() == 50);
  REQUIRE(t.step(12) == 12);
  const auto& ep = t.history().series(rp::kEpoch);
  REQUIRE(ep.size() == 12);
  for (int s = 1; s <= 12; ++s) {
    INFO("step " << s);
    CHECK(ep[s - 1] == double(s / 5));  // the epoch completes with the 5th, 10th... batch
  }
  CHECK(t.epoch() == 2);

  // A last short batch: 50 = 15 + 15 + 15 + 5, four steps per epoch.
  c.batch_size = 15;
  Trainer u(c);
  REQUIRE(u.step(9) == 9);
  CHECK(u.epoch() == 2);
  CHECK(u.history().series(rp::kEpoch)[3] == 1.0);
  CHECK(u.history().series(rp::kEpoch)[2] == 0.0);

  // A batch at least as large as the split is full batch.
  c.batch_size = 50;
  Trainer v(c);
  REQUIRE(v.step(3) == 3);
  CHECK(v.epoch() == 3);

  // Mini-batch and full-batch give different trajectories; the recorded train loss is always
  // over the whole split.
  c.batch_size = 10;
  Trainer mb(c);
  c.batch_size = 0;
  Trainer fb(c);
  mb.step(1);
  fb.step(1);
  CHECK(mb.history().series(rp::kTrainLoss)[0] == fb.history().series(rp::kTrainLoss)[0]);
  CHECK_FALSE(same_bits(params_of(mb), params_of(fb)));

  require_invalid([&] { t.set_batch_size(-1); }, {"batch_size"});
  require_invalid([&] { t.set_batch_size(10001); }, {"batch_size"});
}

TEST_CASE("trainer: same seed gives bit-identical runs, another seed differs, reset repeats", "[trainer]") {
  TrainerConfig c;
  c.dataset.n = 120;
  c.batch_size = 16;  // the batch order depends on the seed too
  c.seed = 5;
  Trainer a(c), b(c);
  const std::vector<double> init = params_of(a);
  REQUIRE(a.step(25) == 25);
  REQUIRE(b.step(25) == 25);
  CHECK(same_history(a.history(), b.history()));
  CHECK(same_bits(params_of(a), params_of(b)));

  c.seed = 6;
  Trainer d(c);
  d.step(25);
  CHECK_FALSE(same_bits(d.history().series(rp::kTrainLoss), a.history().series(rp::kTrainLoss)));
  CHECK_FALSE(same_bits(params_of(d), params_of(a)));

  // Same weights but another batch order (same init seed, so only batch order differs): copy
  // a's initial weights into a trainer seeded differently and compare after a few steps.
  Trainer e(c);
  std::copy(init.begin(), init.end(), e.model().params());
  e.step(3);
  Trainer f(TrainerConfig(a.config()));
  f.step(3);
  CHECK_FALSE(same_bits(params_of(e), params_of(f)));

  // reset(): the same weights, an empty history and optimizer, and the same run again.
  const rp::History first = a.history();
  const std::vector<double> end = params_of(a);
  a.reset();
  CHECK(a.steps() == 0);
  CHECK(a.epoch() == 0);
  CHECK(a.history().rows() == 0);
  CHECK(a.optimizer().steps() == 0);
  CHECK(same_bits(params_of(a), init));
  REQUIRE(a.step(25) == 25);
  CHECK(same_history(a.history(), first));
  CHECK(same_bits(params_of(a), end));
}

TEST_CASE("trainer: history decimation keeps the whole span", "[trainer]") {
  TrainerConfig c;
  c.history_limit = 16;
  Trainer t(c);
  REQUIRE(t.step(100) == 100);
  const rp::History& h = t.history();
  const auto& st = h.series(rp::kStep);
  INFO("rows " << h.rows() << ", stride " << h.stride());
  CHECK(h.rows() < 16);
  CHECK(h.rows() >= 8);
  REQUIRE(st.size() == h.rows());
  CHECK(st.front() == 1.0);
  for (std::size_t r = 1; r < st.size(); ++r) CHECK(st[r] > st[r - 1]);
  CHECK(h.stride() == 8);
  CHECK(st.back() <= 100.0);
  CHECK(st.back() > 100.0 - h.stride());
  // Rows stay aligned: the epoch column (= step for full batch) and the per-layer series.
  CHECK(same_bits(h.series(rp::kEpoch), st));
  for (int l = 0; l < h.layers(); ++l) CHECK(h.layer_series(l, 0).size() == h.rows());
  // clear_history empties it and recording starts again.
  t.clear_history();
  CHECK(t.history().rows() == 0);
  t.step(2);
  CHECK(t.history().rows() == 2);
  CHECK(t.history().series(rp::kStep)[0] == 101.0);
}

TEST_CASE("history: decimation halves rows, doubles the stride, keeps even spacing", "[trainer]") {
  rp::History h(2, 16);
  CHECK(h.rows() == 0);
  CHECK(h.layers() == 2);
  std::vector<rp::GroupStats> stats(2);
  for (long t = 1; t <= 1000; ++t) {
    double row[rp::kNumSeries] = {double(t), 0, 0, 0, 0, 0, 0};
    row[rp::kTrainLoss] = 1000.0 - t;
    stats[0].grad_rms = 10.0 * t;
    stats[1].step_max = -double(t);
    h.record(row, stats);
    REQUIRE(h.rows() < 16);
  }
  const auto& st = h.series(rp::kStep);
  INFO("rows " << h.rows() << ", stride " << h.stride());
  REQUIRE(st.size() == h.rows());
  CHECK(st.front() == 1.0);
  // Rows fill up at steps 16, 31, 61, 121, 241, 481, 961 (1 + 15 * stride): stride 128 at the end.
  CHECK(h.stride() == 128);
  // Every row is stride steps after the previous one: steps 1, 1 + 128, 1 + 256, ...
  for (std::size_t r = 1; r < st.size(); ++r) {
    INFO("row " << r);
    CHECK(st[r] - st[r - 1] == double(h.stride()));
  }
  CHECK(st.back() > 1000.0 - h.stride());
  CHECK(st.back() <= 1000.0);
  for (std::size_t r = 0; r < h.rows(); ++r) {
    CHECK(h.series(rp::kTrainLoss)[r] == 1000.0 - st[r]);
    CHECK(h.layer_series(0, 0)[r] == 10.0 * st[r]);
    CHECK(h.layer_series(1, 9)[r] == -st[r]);
  }
  // Lowering the limit decimates at once.
  h.set_limit(16);
  rp::History g(1, 64);
  std::vector<rp::GroupStats> one(1);
  for (long t = 1; t <= 40; ++t) {
    double row[rp::kNumSeries] = {double(t), 0, 0, 0, 0, 0, 0};
    g.record(row, one);
  }
  CHECK(g.rows() == 40);
  g.set_limit(16);
  CHECK(g.rows() < 16);
  CHECK(g.series(rp::kStep).front() == 1.0);
  require_invalid([&] { g.set_limit(15); }, {"history.limit", "16"});
}

TEST_CASE("trainer: a huge lr stops training at the first bad step", "[trainer][divergence]") {
  SECTION("rmsprop lr 1e308: the first update overflows a parameter") {
    Trainer t(with_lr(1e308));
    const std::vector<double> init = params_of(t);
    const long done = t.step(10);
    CHECK(done == 0);
    const rp::Divergence& d = t.divergence();
    INFO(d.message);
    REQUIRE(d.stopped);
    CHECK(d.step == 1);
    CHECK(d.quantity == "parameter");
    CHECK(d.layer == 0);
    CHECK(d.message.find("step 1") != std::string::npos);
    CHECK(d.message.find("layer 1") != std::string::npos);
    CHECK(d.message.find("lower learning rate") != std::string::npos);
    // Nothing was overwritten: the parameters are the initial ones, the optimizer is clean.
    CHECK(same_bits(params_of(t), init));
    CHECK(t.optimizer().steps() == 0);
    CHECK(t.steps() == 0);
    CHECK(t.history().rows() == 0);
    // Stopped until resume().
    CHECK(t.step(5) == 0);
    CHECK(same_bits(params_of(t), init));
    t.resume();
    CHECK_FALSE(t.divergence().stopped);
    t.set_hyperparam("lr", 0.01);
    CHECK(t.step(5) == 5);
    CHECK(t.steps() == 5);
    CHECK(t.optimizer().steps() == 5);
    CHECK(all_finite(params_of(t)));
  }
  SECTION("rmsprop: lr raised to 1e308 after 5 good steps; the state is rolled back") {
    Trainer t(default_config());
    REQUIRE(t.step(5) == 5);
    const std::vector<double> p5 = params_of(t);
    const rp::OptimizerState s5 = t.optimizer().state();
    t.set_hyperparam("lr", 1e308);
    CHECK(t.step(3) == 0);
    const rp::Divergence& d = t.divergence();
    INFO(d.message);
    REQUIRE(d.stopped);
    CHECK(d.step == 6);
    CHECK(d.quantity == "parameter");
    CHECK(d.layer == 0);
    CHECK(d.message.find("step 6") != std::string::npos);
    CHECK(same_bits(params_of(t), p5));
    CHECK(t.optimizer().steps() == 5);
    CHECK(same_bits(t.optimizer().state().buffers, s5.buffers));
    CHECK(t.history().rows() == 5);
    CHECK(t.steps() == 5);
  }
  SECTION("sgd lr 1e30 with a linear output: the loss overflows after a few steps") {
    TrainerConfig c;
    c.optimizer.name = "sgd";
    c.optimizer.values = {{"lr", 1e30}};
    c.output = "linear";
    c.divergence_factor = 0;  // this case is about overflow, not the loss-growth check
    Trainer t(c);
    const long done = t.step(50);
    const rp::Divergence& d = t.divergence();
    INFO("done " << done << ": " << d.message);
    CHECK(done < 50);
    REQUIRE(d.stopped);
    CHECK(d.step == done + 1);
    CHECK(t.steps() == done);
    const std::vector<std::string> kinds = {"loss", "gradient", "parameter", "accumulator"};
    CHECK(std::find(kinds.begin(), kinds.end(), d.quantity) != kinds.end());
    // A bad loss or gradient shows at the next step, when the bad step's row is recorded (it
    // stays); a bad parameter or accumulator right after the update, before its row.
    const bool seen_next = d.quantity == "loss" || d.quantity == "gradient";
    CHECK(t.history().rows() == std::size_t(done + (seen_next ? 1 : 0)));
    CHECK((d.layer >= 0 && d.layer < 3));
    CHECK(d.message.find("step " + std::to_string(done + 1)) != std::string::npos);
    CHECK(d.message.find("lower learning rate") != std::string::npos);
    CHECK(all_finite(params_of(t)));
    const std::vector<double> p = params_of(t);
    CHECK(t.step(10) == 0);
    CHECK(same_bits(params_of(t), p));
    CHECK(t.steps() == done);
  }
}

TEST_CASE("trainer: deliberate non-finite loss and gradient", "[trainer][divergence]") {
  SECTION("a huge output weight overflows the loss") {
    TrainerConfig c;
    c.output = "linear";
    Trainer t(c);
    auto W = t.model().weight(2);
    for (auto& w : W) w = 1e200;
    const std::vector<double> p = params_of(t);
    CHECK(t.step(4) == 0);
    const rp::Divergence& d = t.divergence();
    INFO(d.message);
    REQUIRE(d.stopped);
    CHECK(d.quantity == "loss");
    CHECK(d.layer == -1);
    CHECK(d.step == 1);
    CHECK(d.message.find("step 1") != std::string::npos);
    CHECK(d.message.find("loss") != std::string::npos);
    CHECK(same_bits(params_of(t), p));
    CHECK(all_finite(p));
    CHECK(std::isinf(t.evaluate().train_loss));
    // resume() alone does not help: the same state diverges again.
    t.resume();
    CHECK(t.step(1) == 0);
    CHECK(t.divergence().stopped);
    // A reset re-initialises the weights and training works.
    t.reset();
    CHECK_FALSE(t.divergence().stopped);
    CHECK(t.step(3) == 3);
  }
  SECTION("a finite loss with an overflowing gradient in the first layer") {
    // sigmoid(-700) ~ 1e-304 feeds output weights of 1e308: the output is ~2e4 (finite loss),
    // but backpropagating through W = 1e308 overflows the first layer's gradient.
    TrainerConfig c;
    c.hidden = {2};
    c.activation = "sigmoid";
    c.output = "linear";
    Trainer t(c);
    t.model().set_layer(0, rp::Mat{{0.0, 0.0}, {0.0, 0.0}}, rp::Vec{-700.0, -700.0});
    t.model().set_layer(1, rp::Mat{{1e308, 1e308}}, rp::Vec{0.0});
    REQUIRE(std::isfinite(t.evaluate().train_loss));
    CHECK(t.step(2) == 0);
    const rp::Divergence& d = t.divergence();
    INFO(d.message);
    REQUIRE(d.stopped);
    CHECK(d.quantity == "gradient");
    CHECK(d.layer == 0);
    CHECK(d.step == 1);
    CHECK(d.message.find("layer 1 (hidden layer 1)") != std::string::npos);
    // The weights are as they were set (nothing half-updated).
    CHECK(t.model().weight(1)(0, 0) == 1e308);
    CHECK(t.model().bias(0)(1) == -700.0);
    CHECK(t.steps() == 0);
  }
}

TEST_CASE("trainer: user points", "[trainer][points]") {
  TrainerConfig c;
  c.dataset.n = 40;
  Trainer t(c);
  REQUIRE(t.points().size() == 40);
  REQUIRE(t.train_size() == 20);
  REQUIRE(t.test_size() == 20);

  const std::size_t i = t.add_point(1.5, -2.0, 1.0);
  CHECK(i == 40);
  CHECK(t.points().size() == 41);
  CHECK(t.train_size() == 21);
  CHECK(t.test_size() == 20);
  CHECK(t.points()[i].user);
  CHECK_FALSE(t.points()[i].test);
  CHECK(t.points()[i].x1 == 1.5);
  CHECK(t.points()[i].x2 == -2.0);
  CHECK(t.points()[i].label == 1.0);

  const std::size_t j = t.add_point(100.0, 100.0, 0.0, true);
  CHECK(j == 41);
  CHECK(t.test_size() == 21);
  CHECK(t.points()[j].test);
  CHECK(t.points()[j].user);
  CHECK(t.domain() == 100.0);  // grown to fit the user point

  CHECK(t.nearest_point(100.3, 99.8, 0.5) == long(j));
  CHECK(t.nearest_point(100.3, 99.8, 0.1) == -1);
  CHECK(t.nearest_point(1.5, -2.0, 0.0) == long(i));
  // The nearest of several candidates wins.
  const std::size_t k = t.add_point(100.2, 100.0, 1.0);
  CHECK(t.nearest_point(100.15, 100.0, 1.0) == long(k));
  CHECK(t.nearest_point(100.04, 100.0, 1.0) == long(j));
  require_invalid([&] { t.nearest_point(0, 0, -1); }, {"radius"});

  t.remove_point(k);
  CHECK(t.points().size() == 42);
  t.remove_point(j);
  CHECK(t.points().size() == 41);
  CHECK(t.test_size() == 20);
  CHECK(t.domain() == rp::kDomain);
  require_invalid([&] { t.remove_point(41); }, {"point.index"});

  // Invalid points name the field.
  require_invalid([&] { t.add_point(0, 0, 0.5); }, {"point.label", "0 or 1"});
  require_invalid([&] { t.add_point(std::nan(""), 0, 1); }, {"point.x1"});
  require_invalid([&] { t.add_point(1e9, 0, 1); }, {"point.x1"});
  require_invalid([&] { t.add_point(0, -1e9, 1); }, {"point.x2"});
  require_invalid([&] { t.add_point(0, std::numeric_limits<double>::infinity(), 1); }, {"point.x2"});
  CHECK(t.points().size() == 41);

  // regenerate_data keeps the user points and their split.
  t.add_point(-3.0, 3.0, 0.0, true);
  rp::DatasetSpec s = c.dataset;
  s.seed = 9;
  s.n = 30;
  t.regenerate_data(s);
  CHECK(t.points().size() == 32);
  std::size_t users = 0;
  for (const auto& p : t.points()) users += p.user;
  CHECK(users == 2);
  CHECK(t.train_size() == 15 + 1);
  CHECK(t.test_size() == 15 + 1);
  CHECK(t.config().dataset.n == 30);
  // Switching to a regression dataset needs a new trainer.
  s.name = "plane";
  require_invalid([&] { t.regenerate_data(s); }, {"dataset.name", "plane"});
  CHECK(t.points().size() == 32);
  s.name = "circle";
  s.noise = 0.9;
  require_invalid([&] { t.regenerate_data(s); }, {"dataset.noise"});

  // set_points validates every point by index and replaces only when all are valid.
  std::vector<rp::Point> pts(5);
  for (int q = 0; q < 5; ++q) {
    pts[q].x1 = q;
    pts[q].x2 = -q;
    pts[q].label = q % 2;
    pts[q].test = q == 4;
  }
  pts[3].label = 0.5;
  require_invalid([&] { t.set_points(pts); }, {"points[3].label"});
  CHECK(t.points().size() == 32);
  pts[3].label = 1.0;
  pts[2].x1 = 5000.0;
  require_invalid([&] { t.set_points(pts); }, {"points[2].x1"});
  pts[2].x1 = 2.0;
  t.set_points(pts);
  CHECK(t.points().size() == 5);
  CHECK(t.train_size() == 4);
  CHECK(t.test_size() == 1);
  CHECK(t.step(2) == 2);
  // An empty train split cannot train.
  for (auto& p : pts) p.test = true;
  t.set_points(pts);
  require_invalid([&] { t.step(1); }, {"train split is empty"});

  // Regression points: labels in [-1, 1].
  TrainerConfig r;
  r.dataset.name = "plane";
  r.dataset.n = 20;
  Trainer u(r);
  CHECK_NOTHROW(u.add_point(0.0, 0.0, 0.3));
  CHECK_NOTHROW(u.add_point(0.0, 0.0, -1.0));
  require_invalid([&] { u.add_point(0.0, 0.0, 1.5); }, {"point.label", "[-1, 1]"});
}

TEST_CASE("trainer: decision grid and neuron grids", "[trainer][grid]") {
  TrainerConfig c;
  c.hidden = {1};
  c.dataset.n = 20;
  Trainer t(c);
  // Output = tanh(2 tanh(0.5 x2)): increasing in x2, independent of x1.
  t.model().set_layer(0, rp::Mat{{0.0, 0.5}}, rp::Vec{0.0});
  t.model().set_layer(1, rp::Mat{{2.0}}, rp::Vec{0.0});
  const int n = 9;
  const double d = t.domain();
  REQUIRE(d == 6.0);
  const auto g = t.decision_grid(n);
  REQUIRE(g.size() == std::size_t(n * n));
  for (double v : g) {
    CHECK(std::isfinite(v));
    CHECK(v >= -1.0);
    CHECK(v <= 1.0);
  }
  CHECK(g[0] > g[(n - 1) * n]);  // row 0 is the top (largest x2)
  for (int iy = 0; iy < n; ++iy)
    for (int ix = 0; ix < n; ++ix) {
      INFO("cell " << iy << ", " << ix);
      const double want = std::tanh(2.0 * std::tanh(0.5 * cell_x2(d, n, iy)));
      CHECK(g[iy * n + ix] == Approx(want).epsilon(1e-12).margin(1e-15));
    }
  CHECK(g[(n / 2) * n] == Approx(0.0).margin(1e-12));  // the middle row is x2 = 0

  // Columns: an output increasing in x1 grows to the right.
  t.model().set_layer(0, rp::Mat{{0.5, 0.0}}, rp::Vec{0.0});
  const auto gx = t.decision_grid(n);
  CHECK(gx[0] < gx[n - 1]);
  for (int ix = 0; ix < n; ++ix)
    CHECK(gx[ix] == Approx(std::tanh(2.0 * std::tanh(0.5 * cell_x1(d, n, ix)))).epsilon(1e-12).margin(1e-15));

  // Neuron grids: hidden neuron then output neuron, each n x n.
  const auto ng = t.neuron_grids(n);
  REQUIRE(ng.size() == std::size_t(2 * n * n));
  for (int k = 0; k < n * n; ++k) {
    CHECK(ng[k] == Approx(std::tanh(0.5 * cell_x1(d, n, k % n))).epsilon(1e-12).margin(1e-15));
    CHECK(ng[n * n + k] == gx[k]);
  }

  // Larger than one evaluation chunk (4096 rows): every cell still in place.
  const int big = 100;
  const auto gb = t.decision_grid(big);
  REQUIRE(gb.size() == std::size_t(big * big));
  for (int k : {0, 4095, 4096, 4097, 8191, 8192, 9999}) {
    INFO("cell " << k);
    CHECK(gb[k] == Approx(std::tanh(2.0 * std::tanh(0.5 * cell_x1(d, big, k % big)))).epsilon(1e-12).margin(1e-15));
  }

  // The default network: 4 + 2 + 1 neurons.
  Trainer dflt(default_config());
  CHECK(dflt.neuron_grids(5).size() == std::size_t(7 * 25));
  for (double v : dflt.neuron_grids(5)) CHECK(std::isfinite(v));

  // bce: the grid holds probabilities.
  TrainerConfig b;
  b.loss = "bce";
  b.output = "linear";
  b.dataset.n = 20;
  Trainer tb(b);
  for (double v : tb.decision_grid(6)) {
    CHECK(v > 0.0);
    CHECK(v < 1.0);
  }

  require_invalid([&] { t.decision_grid(1); }, {"grid.n", "2..512"});
  require_invalid([&] { t.decision_grid(513); }, {"grid.n", "2..512"});
  require_invalid([&] { t.neuron_grids(1); }, {"grid.n"});
  require_invalid([&] { t.neuron_grids(129); }, {"grid.n"});
  CHECK(t.decision_grid(512).size() == std::size_t(512 * 512));
}

TEST_CASE("trainer: config validation names the field", "[trainer][validation]") {
  auto bad = [](const TrainerConfig& c, std::initializer_list<const char*> fragments) {
    require_invalid([&] { c.validate(); }, fragments);
    require_invalid([&] { Trainer t(c); }, fragments);
  };
  const TrainerConfig ok;
  CHECK_NOTHROW(ok.validate());
  TrainerConfig c;

  c = ok, c.features = {};
  bad(c, {"features", "1..7"});
  c = ok, c.features = {"x1", "x2", "x1"};
  bad(c, {"features", "'x1' is listed twice"});
  c = ok, c.features = {"x1", "x3"};
  bad(c, {"features[1]", "x3", "x1, x2, x1sq"});
  c = ok, c.features = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
  CHECK_NOTHROW(c.validate());
  c = ok, c.hidden = {};
  bad(c, {"hidden", "0 hidden layers", "1..8"});
  c = ok, c.hidden = {3, 3, 3, 3, 3, 3, 3, 3, 3};
  bad(c, {"hidden", "9 hidden layers", "1..8"});
  c = ok, c.hidden = {0};
  bad(c, {"hidden[0]", "1..64"});
  c = ok, c.hidden = {65};
  bad(c, {"hidden[0]", "65", "1..64"});
  c = ok, c.hidden = {4, 0};
  bad(c, {"hidden[1]", "1..64"});
  c = ok, c.batch_size = -1;
  bad(c, {"batch_size", "0..10000"});
  c = ok, c.batch_size = 10001;
  bad(c, {"batch_size", "0..10000"});
  c = ok, c.dataset.name = "plane", c.loss = "bce";
  bad(c, {"loss", "bce", "regression"});
  c = ok, c.history_limit = 15;
  bad(c, {"history_limit"});
  c = ok, c.activation = "gelu";
  bad(c, {"activation", "gelu"});
  c = ok, c.output = "relu";
  bad(c, {"output", "relu", "linear, tanh, sigmoid"});
  c = ok, c.dataset.n = 0;
  bad(c, {"dataset.n"});
  // Optimizer errors pass through with their own names.
  c = ok, c.optimizer.name = "lbfgs";
  bad(c, {"optimizer.name", "lbfgs", "rmsprop, sgd, adam, adagrad"});
  c = ok, c.optimizer.values = {{"lr", -0.1}};
  bad(c, {"rmsprop.lr"});
  c = ok, c.optimizer.values = {{"alpha", 2.0}};
  bad(c, {"rmsprop.alpha"});
  c = ok, c.optimizer.name = "sgd", c.optimizer.values = {{"momentum", -0.5}};
  bad(c, {"sgd.momentum"});
  c = ok, c.optimizer.name = "adam", c.optimizer.preset = "keras";
  bad(c, {"optimizer.preset"});
  c = ok, c.optimizer.preset = "nope";
  bad(c, {"rmsprop.preset", "nope"});
}

TEST_CASE("trainer: a loss that blows up stops training with its growth named", "[trainer]") {
  // A linear network with lr 10 and momentum 0.99: RMSProp's bounded steps never overflow, but
  // the loss grows by many orders of magnitude.
  rp::TrainerConfig c;
  c.dataset.name = "circle";
  c.dataset.n = 200;
  c.activation = "linear";
  c.output = "linear";
  c.optimizer.values = {{"lr", 10.0}, {"momentum", 0.99}};
  rp::Trainer t(c);
  const long done = t.step(5000);
  REQUIRE(done < 5000);
  const rp::Divergence& d = t.divergence();
  REQUIRE(d.stopped);
  CHECK(d.quantity == "loss_growth");
  CHECK((d.layer >= 0 && d.layer < 3));  // the layer the undone update changed most
  CHECK(d.step == done + 1);
  CHECK(t.steps() == done);
  CHECK_THAT(d.message, Catch::Contains("grew from") && Catch::Contains("10000 times") && Catch::Contains("lower learning rate"));
  const auto& loss = t.history().series(rp::kTrainLoss);
  CHECK(loss.back() <= 1e4 * loss.front());
  // Nothing runs until resume(); after it the current loss is the new reference.
  CHECK(t.step(10) == 0);
  t.resume();
  t.set_hyperparam("lr", 1e-4);
  t.set_hyperparam("momentum", 0.0);
  CHECK(t.step(10) == 10);

  // divergence_factor 0 turns the check off; a bad factor is refused.
  c.divergence_factor = 0;
  rp::Trainer off(c);
  CHECK(off.step(3000) == 3000);
  c.divergence_factor = 1.5;
  CHECK_THROWS_WITH(rp::Trainer(c), Catch::Contains("divergence_factor: 1.5 is out of range; allowed: [2, 1000000000000]"));
}

TEST_CASE("trainer: a blow-up undoes the bad update; a lower lr and resume() go on", "[trainer][divergence]") {
  // Mini-batches of 10 over a train split of 50 (5 per epoch). Step 5 ends the first epoch
  // (the order is reshuffled) and is made with lr 1e300: its parameters are finite, but the
  // linear output overflows the loss at step 6. Step 5 must be undone completely: weights,
  // optimizer state, step and epoch counters, and the mini-batch order.
  TrainerConfig c;
  c.dataset.name = "gauss";
  c.dataset.n = 100;
  c.output = "linear";
  c.batch_size = 10;
  c.divergence_factor = 0;
  c.optimizer = {"sgd", "", {{"lr", 0.01}, {"momentum", 0.9}}};
  Trainer t(c), ref(c);
  REQUIRE(t.train_size() == 50);
  REQUIRE(t.step(4) == 4);
  REQUIRE(ref.step(4) == 4);
  t.set_hyperparam("lr", 1e300);
  CHECK(t.step(10) == 0);  // step 5 ran, then step 6 found its result bad and undid it
  const rp::Divergence& d = t.divergence();
  INFO(d.message);
  REQUIRE(d.stopped);
  CHECK(d.quantity == "loss");
  CHECK(d.step == 5);
  CHECK((d.layer >= 0 && d.layer < 3));
  CHECK_THAT(d.message, Catch::Contains("Training stopped at step 5") && Catch::Contains("undone") &&
                            Catch::Contains("after step 4") && Catch::Contains("lower learning rate") &&
                            Catch::Contains("most"));
  CHECK(t.steps() == 4);
  CHECK(t.epoch() == 0);
  CHECK(same_bits(params_of(t), params_of(ref)));
  CHECK(same_bits(t.optimizer().state().buffers, ref.optimizer().state().buffers));
  CHECK(t.optimizer().steps() == 4);
  CHECK(std::isfinite(t.evaluate().train_loss));
  // The bad step's row was recorded before its result was known, and stays.
  CHECK(t.history().rows() == 5);
  CHECK(t.history().series(rp::kLr).back() == 1e300);
  // A lower lr and resume(): the run goes on exactly as one that never took the bad step.
  t.set_hyperparam("lr", 0.01);
  t.resume();
  CHECK(t.step(12) == 12);
  CHECK(ref.step(12) == 12);
  CHECK_FALSE(t.divergence().stopped);
  CHECK(t.steps() == 16);
  CHECK(t.epoch() == ref.epoch());
  CHECK(same_bits(params_of(t), params_of(ref)));
  CHECK(t.history().series(rp::kTrainLoss).back() == ref.history().series(rp::kTrainLoss).back());
}

TEST_CASE("trainer: a full-batch blow-up with rmsprop resumes from finite weights", "[trainer][divergence]") {
  TrainerConfig c;
  c.output = "linear";
  c.divergence_factor = 0;
  Trainer t(c);
  REQUIRE(t.step(3) == 3);
  const std::vector<double> p3 = params_of(t);
  t.set_hyperparam("lr", 1e200);  // rmsprop's first steps are about lr / sqrt(1 - alpha)
  t.step(10);
  const rp::Divergence& d = t.divergence();
  INFO(d.message);
  REQUIRE(d.stopped);
  CHECK(d.step == t.steps() + 1);
  CHECK(all_finite(params_of(t)));
  CHECK(std::isfinite(t.evaluate().train_loss));
  if (d.step == 4) CHECK(same_bits(params_of(t), p3));
  t.set_hyperparam("lr", 0.001);
  t.resume();
  CHECK(t.step(20) == 20);
  CHECK_FALSE(t.divergence().stopped);
  CHECK(std::isfinite(t.evaluate().train_loss));
}

namespace {

// Two user points on the diagonal, a 2-1-1 tanh network with weights that saturate both
// units: the output is +-1 exactly, so every gradient is exactly zero. sign = +1 fits the
// labels exactly (loss 0), -1 gets both wrong (loss 4).
Trainer saturated_pair(double sign) {
  TrainerConfig c;
  c.hidden = {1};
  Trainer t(c);
  t.set_points({{1, 1, 1, false, true}, {-1, -1, 0, false, true}});
  t.model().set_layer(0, rp::Mat{{100.0, 100.0}}, rp::Vec{0.0});
  t.model().set_layer(1, rp::Mat{{sign * 100.0}}, rp::Vec{0.0});
  return t;
}

}  // namespace

TEST_CASE("trainer: saturated units with every gradient zero stop as stalled", "[trainer][stall]") {
  SECTION("the page's default setup with lr 10: every tanh unit saturates") {
    Trainer t(with_lr(10));
    const long done = t.step(1000);
    const rp::Divergence& d = t.divergence();
    INFO("done " << done << ": " << d.message);
    REQUIRE(d.stopped);
    CHECK(d.quantity == "stalled");
    CHECK(done < 100);
    CHECK(d.step == done + 1);
    CHECK(t.steps() == done);
    CHECK((d.layer >= 0 && d.layer < 3));
    CHECK_THAT(d.message, Catch::Contains("step " + std::to_string(d.step)) && Catch::Contains("exactly 0 for 20 steps") &&
                              Catch::Contains("saturated") && Catch::Contains("lower learning rate") &&
                              Catch::Contains("layer " + std::to_string(d.layer + 1)));
    // The last 19 recorded steps (and the stopped one) had no gradient at all.
    const auto& g0 = t.history().layer_series(0, 0);
    REQUIRE(g0.size() >= 19);
    for (std::size_t i = g0.size() - 19; i < g0.size(); ++i) CHECK(g0[i] == 0.0);
    // resume() runs another 20 stuck steps before stopping again; reset() with a sane lr trains.
    t.resume();
    CHECK(t.step(1000) == 19);
    CHECK(t.divergence().quantity == "stalled");
    t.set_hyperparam("lr", 0.01);
    t.reset();
    CHECK(t.step(200) == 200);
  }
  SECTION("exactly the 20th zero-gradient step stops, naming the first saturated layer") {
    Trainer t = saturated_pair(-1);
    REQUIRE(t.evaluate().train_loss == 4.0);
    CHECK(t.step(100) == 19);
    const rp::Divergence& d = t.divergence();
    INFO(d.message);
    CHECK(d.quantity == "stalled");
    CHECK(d.step == 20);
    CHECK(d.layer == 0);
    CHECK_THAT(d.message, Catch::Contains("layer 1 (hidden layer 1) are saturated (tanh at -1 or 1 on every training point)") &&
                              Catch::Contains("the loss is 4"));
  }
  SECTION("dead relu units are named as dead") {
    TrainerConfig c;
    c.activation = "relu";
    c.hidden = {4, 2};
    Trainer t(c);
    t.model().set_layer(0, rp::Mat{{0, 0}, {0, 0}, {0, 0}, {0, 0}}, rp::Vec{-1.0, -1.0, -1.0, -1.0});
    t.model().set_layer(2, rp::Mat{{0.5, 0.5}}, rp::Vec{50.0});  // a saturated output
    CHECK(t.step(100) == 19);
    const rp::Divergence& d = t.divergence();
    INFO(d.message);
    CHECK(d.quantity == "stalled");
    CHECK(d.layer == 0);
    CHECK_THAT(d.message, Catch::Contains("dead (ReLU outputs 0") && Catch::Contains("do not come back"));
  }
  SECTION("a network that fits its data exactly (loss 0, zero gradients) trains on") {
    Trainer t = saturated_pair(+1);
    REQUIRE(t.evaluate().train_loss == 0.0);
    CHECK(t.step(100) == 100);
    CHECK_FALSE(t.divergence().stopped);
  }
  SECTION("mini-batches: solved batches between stuck ones neither count nor break the run") {
    TrainerConfig c;
    c.hidden = {1};
    c.batch_size = 1;
    Trainer t(c);
    // Points of class 1 are fitted exactly (+1); the class-0 points are predicted +1 too.
    std::vector<rp::Point> pts;
    for (int i = 1; i <= 10; ++i) {
      pts.push_back({double(i), double(i), 1, false, true});
      pts.push_back({-double(i), -double(i), 0, false, true});
    }
    t.set_points(pts);
    t.model().set_layer(0, rp::Mat{{100.0, 100.0}}, rp::Vec{0.0});
    t.model().set_layer(1, rp::Mat{{0.0}}, rp::Vec{100.0});
    const long done = t.step(1000);
    const rp::Divergence& d = t.divergence();
    INFO(d.message);
    CHECK(d.quantity == "stalled");
    CHECK(done >= 19);
    CHECK(done < 80);
    CHECK_THAT(d.message, Catch::Contains("point of the batch"));
  }
}

TEST_CASE("trainer: step(0) is a no-op, even without training data", "[trainer]") {
  Trainer t(default_config());
  t.set_points({{1, 1, 1, true, true}});  // a test point only: the train split is empty
  REQUIRE(t.train_size() == 0);
  CHECK(t.step(0) == 0);
  require_invalid([&] { t.step(1); }, {"data", "train split is empty"});
  require_invalid([&] { t.step(-1); }, {"step", "-1"});
}
