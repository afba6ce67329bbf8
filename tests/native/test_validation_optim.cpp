// Hyperparameter validation: every bad value is rejected with std::invalid_argument whose
// message names the field ("<optimizer>.<key>") and the allowed range, through each of the
// three entry points (typed config at construction, make_optimizer, set()), and a rejected
// set() leaves the optimizer exactly as it was.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "optim/adagrad.hpp"
#include "optim/adam.hpp"
#include "optim/factory.hpp"
#include "optim/rmsprop.hpp"
#include "optim/sgd.hpp"

using Catch::Contains;
using rp::OptimizerSpec;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The message of the std::invalid_argument f throws, or a marker that fails every Contains.
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("<wrong exception type: ") + e.what() + ">";
  }
  return "<no exception>";
}

std::unique_ptr<rp::Optimizer> make(const std::string& name, const std::string& preset = "",
                                    std::vector<std::pair<std::string, double>> values = {}) {
  OptimizerSpec s;
  s.name = name;
  s.preset = preset;
  s.values = std::move(values);
  return rp::make_optimizer(s);
}

// The factory error for name.key = value.
std::string factory_error(const std::string& name, const std::string& key, double value) {
  return message_of([&] { make(name, "", {{key, value}}); });
}

// The set() error for name.key = value on a default optimizer, checking the strong guarantee.
std::string set_error(const std::string& name, const std::string& key, double value) {
  auto o = make(name);
  std::vector<double> p = {0.5, -0.25}, g = {0.1, 0.2};
  o->step(p.data(), g.data(), 2);
  const auto before = o->hyperparams();
  const rp::OptimizerState state = o->state();
  const std::string msg = message_of([&] { o->set(key, value); });
  const auto after = o->hyperparams();
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    INFO(name << "." << before[i].key);
    CHECK(std::memcmp(&after[i].value, &before[i].value, sizeof(double)) == 0);
  }
  CHECK(o->state().buffers == state.buffers);
  CHECK(o->steps() == state.steps);
  return msg;
}

// Every path rejects name.key = value with a message containing field and range.
void check_rejected(const std::string& name, const std::string& key, double value,
                    const std::string& range) {
  const std::string field = name + "." + key;
  INFO(field << " = " << value);
  const auto has_field = Contains(field);
  const auto has_range = Contains(range);
  CHECK_THAT(factory_error(name, key, value), has_field && has_range);
  CHECK_THAT(set_error(name, key, value), has_field && has_range);
}

const char* const kAll[] = {"rmsprop", "sgd", "adam", "adagrad"};

}  // namespace

TEST_CASE("Negative lr is rejected for every optimizer", "[optim][validation]") {
  for (const char* n : kAll) check_rejected(n, "lr", -0.01, ">= 0");
  // And through the typed configs.
  rp::RMSPropConfig r;
  r.lr = -1;
  CHECK_THAT(message_of([&] { rp::RMSProp o(r); }), Contains("rmsprop.lr") && Contains(">= 0"));
  rp::SGDConfig s;
  s.lr = -1;
  CHECK_THAT(message_of([&] { rp::SGD o(s); }), Contains("sgd.lr") && Contains(">= 0"));
  rp::AdamConfig a;
  a.lr = -1;
  CHECK_THAT(message_of([&] { rp::Adam o(a); }), Contains("adam.lr") && Contains(">= 0"));
  rp::AdagradConfig d;
  d.lr = -1;
  CHECK_THAT(message_of([&] { rp::Adagrad o(d); }), Contains("adagrad.lr") && Contains(">= 0"));
}

TEST_CASE("Negative eps is rejected", "[optim][validation]") {
  for (const char* n : {"rmsprop", "adam", "adagrad"}) check_rejected(n, "eps", -1e-8, ">= 0");
}

TEST_CASE("Negative momentum is rejected", "[optim][validation]") {
  for (const char* n : {"rmsprop", "sgd"}) check_rejected(n, "momentum", -0.1, ">= 0");
}

TEST_CASE("Momentum above 1 is accepted, as PyTorch accepts it (reference cases may use it)", "[optim][validation]") {
  for (const char* n : {"rmsprop", "sgd"}) CHECK_NOTHROW(make(n, "", {{"momentum", 1.5}}));
  check_rejected("rmsprop", "momentum", std::numeric_limits<double>::infinity(), ">= 0");
}

TEST_CASE("Negative weight_decay is rejected for every optimizer", "[optim][validation]") {
  for (const char* n : kAll) check_rejected(n, "weight_decay", -0.1, ">= 0");
}

TEST_CASE("RMSProp alpha below 0 is rejected", "[optim][validation]") {
  check_rejected("rmsprop", "alpha", -0.1, "[0, 1]");
}

TEST_CASE("RMSProp alpha above 1 is rejected", "[optim][validation]") {
  check_rejected("rmsprop", "alpha", 1.5, "[0, 1]");
}

TEST_CASE("RMSProp alpha at the bounds 0 and 1 is accepted", "[optim][validation]") {
  CHECK_NOTHROW(make("rmsprop", "", {{"alpha", 0.0}}));
  CHECK_NOTHROW(make("rmsprop", "", {{"alpha", 1.0}}));
}

TEST_CASE("RMSProp negative initial_accumulator is rejected", "[optim][validation]") {
  check_rejected("rmsprop", "initial_accumulator", -1.0, ">= 0");
}

TEST_CASE("SGD dampening: any finite number, as in PyTorch", "[optim][validation]") {
  CHECK_NOTHROW(make("sgd", "", {{"momentum", 0.9}, {"dampening", -0.5}}));
  CHECK_NOTHROW(make("sgd", "", {{"momentum", 0.9}, {"dampening", 2.0}}));
  check_rejected("sgd", "dampening", std::numeric_limits<double>::quiet_NaN(), "finite");
}

TEST_CASE("Adam beta1 = 1 is rejected (half-open range)", "[optim][validation]") {
  check_rejected("adam", "beta1", 1.0, "[0, 1)");
}

TEST_CASE("Adam beta2 = 1 is rejected (half-open range)", "[optim][validation]") {
  check_rejected("adam", "beta2", 1.0, "[0, 1)");
}

TEST_CASE("Adam negative betas are rejected", "[optim][validation]") {
  check_rejected("adam", "beta1", -0.1, "[0, 1)");
  check_rejected("adam", "beta2", -0.1, "[0, 1)");
}

TEST_CASE("NaN lr is rejected", "[optim][validation]") {
  for (const char* n : kAll) check_rejected(n, "lr", kNaN, ">= 0");
  CHECK_THAT(factory_error("rmsprop", "lr", kNaN), Contains("nan"));
}

TEST_CASE("Infinite lr is rejected", "[optim][validation]") {
  for (const char* n : kAll) check_rejected(n, "lr", kInf, ">= 0");
  CHECK_THAT(factory_error("sgd", "lr", kInf), Contains("inf") && Contains("finite"));
}

TEST_CASE("NaN is rejected for bounded reals too", "[optim][validation]") {
  check_rejected("rmsprop", "alpha", kNaN, "[0, 1]");
  check_rejected("adam", "beta2", kNaN, "[0, 1)");
}

TEST_CASE("Nesterov without momentum is rejected", "[optim][validation]") {
  // (Catch2 v2 composed matchers point at their parts: keep the parts alive, compose inline.)
  const auto f = Contains("sgd.nesterov");
  const auto r1 = Contains("momentum > 0");
  const auto r2 = Contains("dampening = 0");
  CHECK_THAT(factory_error("sgd", "nesterov", 1), f && r1 && r2);
  CHECK_THAT(set_error("sgd", "nesterov", 1), f && r1 && r2);
  rp::SGDConfig c;
  c.nesterov = true;
  CHECK_THAT(message_of([&] { rp::SGD o(c); }), f && r1 && r2);
}

TEST_CASE("Nesterov with dampening is rejected", "[optim][validation]") {
  // (Catch2 v2 composed matchers point at their parts: keep the parts alive, compose inline.)
  const auto f = Contains("sgd.nesterov");
  const auto r1 = Contains("momentum > 0");
  const auto r2 = Contains("dampening = 0");
  CHECK_THAT(message_of([] { make("sgd", "", {{"momentum", 0.9}, {"dampening", 0.1}, {"nesterov", 1}}); }), f && r1 && r2);
  // Through set(): a nesterov optimizer refuses dampening, and refuses dropping momentum.
  auto o = make("sgd", "", {{"momentum", 0.9}, {"nesterov", 1}});
  CHECK_THAT(message_of([&] { o->set("dampening", 0.1); }), f && r1 && r2);
  CHECK_THAT(message_of([&] { o->set("momentum", 0.0); }), f && r1 && r2);
  CHECK(o->get("dampening") == 0.0);
  CHECK(o->get("momentum") == 0.9);
  CHECK_NOTHROW(make("sgd", "", {{"momentum", 0.9}, {"nesterov", 1}}));
}

TEST_CASE("A non-boolean value for a flag is rejected", "[optim][validation]") {
  const auto f = Contains("rmsprop.centered");
  const auto v = Contains("0.5");
  const auto r = Contains("0 or 1");
  CHECK_THAT(factory_error("rmsprop", "centered", 0.5), f && v && r);
  CHECK_THAT(set_error("rmsprop", "centered", 0.5), f && v && r);
  CHECK_THAT(set_error("adam", "amsgrad", 2.0), Contains("adam.amsgrad") && Contains("0 or 1"));
  CHECK_THAT(set_error("sgd", "maximize", kNaN), Contains("sgd.maximize") && Contains("0 or 1"));
  CHECK_THAT(set_error("rmsprop", "eps_in_sqrt", -1.0), Contains("rmsprop.eps_in_sqrt") && Contains("0 or 1"));
}

TEST_CASE("An unknown key is rejected with the list of allowed keys", "[optim][validation]") {
  const auto f = Contains("rmsprop.key");
  const auto v = Contains("'betas'");
  const auto keys = Contains(
      "lr, alpha, eps, weight_decay, momentum, centered, maximize, eps_in_sqrt, initial_accumulator");
  CHECK_THAT(factory_error("rmsprop", "betas", 0.9), f && v && keys);
  CHECK_THAT(set_error("rmsprop", "betas", 0.9), f && v && keys);
  CHECK_THAT(message_of([] { make("rmsprop")->get("betas"); }), f && v && keys);
  CHECK_THAT(factory_error("sgd", "alpha", 0.9),
             Contains("sgd.key") && Contains("lr, momentum, dampening, weight_decay, nesterov, maximize"));
  CHECK_THAT(factory_error("adam", "momentum", 0.9),
             Contains("adam.key") && Contains("lr, beta1, beta2, eps, weight_decay, amsgrad, maximize"));
  CHECK_THAT(factory_error("adagrad", "alpha", 0.9),
             Contains("adagrad.key") &&
                 Contains("lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize"));
}

TEST_CASE("An unknown optimizer name is rejected with the list of names", "[optim][validation]") {
  const auto f = Contains("optimizer.name");
  const auto v = Contains("'adamw'");
  const auto names = Contains("rmsprop, sgd, adam, adagrad");
  CHECK_THAT(message_of([] { make("adamw"); }), f && v && names);
  CHECK_THAT(message_of([] { make(""); }), Contains("optimizer.name") && Contains("rmsprop, sgd, adam, adagrad"));
  CHECK(rp::optimizer_names() == std::vector<std::string>{"rmsprop", "sgd", "adam", "adagrad"});
}

TEST_CASE("An unknown RMSProp preset is rejected with the list of presets", "[optim][validation]") {
  const auto f = Contains("rmsprop.preset");
  const auto v = Contains("'tf2'");
  const auto names = Contains("pytorch, keras, tf1, hinton2012");
  CHECK_THAT(message_of([] { make("rmsprop", "tf2"); }), f && v && names);
  CHECK_THAT(message_of([] { rp::rmsprop_preset("tf2"); }), f && v && names);
}

TEST_CASE("A preset for a non-RMSProp optimizer is rejected", "[optim][validation]") {
  for (const char* n : {"sgd", "adam", "adagrad"}) {
    INFO(n);
    CHECK_THAT(message_of([&] { make(n, "keras"); }),
               Contains("optimizer.preset") && Contains("only for rmsprop") && Contains(n));
  }
}

TEST_CASE("Adagrad negative lr_decay is rejected", "[optim][validation]") {
  check_rejected("adagrad", "lr_decay", -0.1, ">= 0");
}

TEST_CASE("Adagrad negative initial_accumulator_value is rejected", "[optim][validation]") {
  check_rejected("adagrad", "initial_accumulator_value", -0.1, ">= 0");
}

TEST_CASE("The factory reports the bad override, not a valid intermediate", "[optim][validation]") {
  // Overrides are applied together and validated once: nesterov before momentum is fine.
  CHECK_NOTHROW(make("sgd", "", {{"nesterov", 1}, {"momentum", 0.9}}));
  CHECK_THAT(message_of([] { make("rmsprop", "", {{"lr", 0.1}, {"eps", -1}}); }),
             Contains("rmsprop.eps") && Contains(">= 0"));
}

TEST_CASE("A failed set() leaves the old value and the trajectory unchanged", "[optim][validation]") {
  rp::RMSPropConfig c;
  c.lr = 0.02;
  c.momentum = 0.5;
  rp::RMSProp a(c), b(c);
  std::vector<double> pa = {1.0, -2.0}, pb = pa;
  const std::vector<double> g1 = {0.3, 0.1}, g2 = {-0.2, 0.4};
  a.step(pa.data(), g1.data(), 2);
  b.step(pb.data(), g1.data(), 2);
  CHECK_THROWS_AS(a.set("lr", -1.0), std::invalid_argument);
  CHECK_THROWS_AS(a.set("momentum", -2.0), std::invalid_argument);
  CHECK_THROWS_AS(a.set("centered", 0.5), std::invalid_argument);
  CHECK_THROWS_AS(a.set("nope", 1.0), std::invalid_argument);
  CHECK(a.get("lr") == 0.02);
  CHECK(a.get("momentum") == 0.5);
  CHECK(a.get("centered") == 0.0);
  a.step(pa.data(), g2.data(), 2);
  b.step(pb.data(), g2.data(), 2);
  CHECK(pa == pb);
  CHECK(a.state().buffers == b.state().buffers);

  SECTION("configure() is all-or-nothing too") {
    rp::RMSPropConfig bad = c;
    bad.lr = 0.5;
    bad.alpha = 2.0;
    CHECK_THROWS_WITH(a.configure(bad), Contains("rmsprop.alpha") && Contains("[0, 1]"));
    CHECK(a.config().lr == 0.02);
    CHECK(a.config().alpha == 0.99);
  }
  SECTION("a valid set() takes effect") {
    a.set("lr", 0.0);
    const std::vector<double> before = pa;
    a.step(pa.data(), g1.data(), 2);
    CHECK(pa == before);  // lr 0: no move
  }
}
