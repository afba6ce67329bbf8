// JSON configs: strict parsing of trainer configs (every field, every error names it) and the
// optimizer's JSON form round-tripping.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstdio>

#include "require_invalid.hpp"

#include <cmath>

#include "core/check.hpp"

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/json_config.hpp"
#include "train/trainer.hpp"

using rp::json;

namespace {

// trainer_config_from_json on the JSON text, expecting an error with every fragment.
void bad_config(const char* text, std::initializer_list<const char*> fragments) {
  INFO("config: " << text);
  const json j = json::parse(text);
  require_invalid([&] { rp::trainer_config_from_json(j); }, fragments);
}

double hyper(const rp::Optimizer& o, const std::string& key) { return o.get(key); }

}  // namespace

TEST_CASE("json: a full trainer config is parsed field by field", "[json]") {
  const json j = json::parse(R"({
    "dataset": {"name": "xor", "n": 200, "noise": 0.1, "train_ratio": 0.6, "seed": 7},
    "features": ["x1", "x2", "x1x2"],
    "hidden": [5, 3],
    "activation": "relu",
    "output": "sigmoid",
    "loss": "bce",
    "regularization": "l2",
    "reg_rate": 0.001,
    "init": "he",
    "optimizer": {"name": "rmsprop", "preset": "keras", "lr": 0.005, "centered": true, "momentum": 0.9},
    "batch_size": 32,
    "seed": 42,
    "history_limit": 500
  })");
  const rp::TrainerConfig c = rp::trainer_config_from_json(j);
  CHECK(c.dataset.name == "xor");
  CHECK(c.dataset.n == 200);
  CHECK(c.dataset.noise == 0.1);
  CHECK(c.dataset.train_ratio == 0.6);
  CHECK(c.dataset.seed == 7);
  CHECK(c.features == std::vector<std::string>{"x1", "x2", "x1x2"});
  CHECK(c.hidden == std::vector<int>{5, 3});
  CHECK(c.activation == "relu");
  CHECK(c.output == "sigmoid");
  CHECK(c.loss == "bce");
  CHECK(c.regularization == "l2");
  CHECK(c.reg_rate == 0.001);
  CHECK(c.init == "he");
  CHECK(c.batch_size == 32);
  CHECK(c.seed == 42);
  CHECK(c.history_limit == 500);
  CHECK(c.optimizer.name == "rmsprop");
  CHECK(c.optimizer.preset == "keras");
  const auto opt = rp::make_optimizer(c.optimizer);
  CHECK(hyper(*opt, "lr") == 0.005);
  CHECK(hyper(*opt, "momentum") == 0.9);
  CHECK(hyper(*opt, "centered") == 1.0);
  CHECK(hyper(*opt, "alpha") == 0.9);         // from the keras preset
  CHECK(hyper(*opt, "eps") == 1e-7);          // from the keras preset
  CHECK(hyper(*opt, "eps_in_sqrt") == 1.0);   // from the keras preset
  CHECK(hyper(*opt, "maximize") == 0.0);

  // The config builds a working trainer with the described network.
  rp::Trainer t(c);
  CHECK(t.model().spec().layers == std::vector<int>{3, 5, 3, 1});
  CHECK(t.model().spec().activation == "relu");
  CHECK(t.points().size() == 200);
  CHECK(t.train_size() == 120);
  CHECK(t.step(3) == 3);
  CHECK(t.optimizer().get("lr") == 0.005);

  // An empty object is the defaults.
  const rp::TrainerConfig d = rp::trainer_config_from_json(json::object());
  const rp::TrainerConfig def;
  CHECK(d.dataset.name == def.dataset.name);
  CHECK(d.dataset.n == def.dataset.n);
  CHECK(d.features == def.features);
  CHECK(d.hidden == def.hidden);
  CHECK(d.activation == def.activation);
  CHECK(d.loss == def.loss);
  CHECK(d.batch_size == def.batch_size);
  CHECK(d.seed == def.seed);
  CHECK(d.history_limit == def.history_limit);
  CHECK(d.optimizer.name == "rmsprop");
  CHECK(d.optimizer.values.empty());
}

TEST_CASE("json: trainer config errors name the field", "[json][validation]") {
  bad_config(R"({"hiddn": [4]})", {"config.key", "'hiddn' is unknown", "allowed: dataset, features, hidden",
                                   "history_limit"});
  bad_config(R"([1, 2])", {"config", "expected an object, got an array"});
  bad_config(R"({"hidden": "4"})", {"hidden: expected an array", "got a string"});
  bad_config(R"({"hidden": 4})", {"hidden: expected an array", "got a number"});
  bad_config(R"({"hidden": [4, 2.5]})", {"hidden[1]", "2.5", "not an integer"});
  bad_config(R"({"hidden": [4, "2"]})", {"hidden[1]", "expected a number, got a string"});
  bad_config(R"({"hidden": []})", {"hidden", "0 hidden layers"});
  bad_config(R"({"hidden": [65]})", {"hidden[0]", "1..64"});
  bad_config(R"({"seed": -1})", {"seed", "-1", "0..9007199254740991"});
  bad_config(R"({"seed": 1.5})", {"seed", "1.5"});
  bad_config(R"({"seed": "1"})", {"seed", "expected a number, got a string"});
  bad_config(R"({"dataset": {"n": 2.5}})", {"dataset.n", "2.5", "not an integer"});
  bad_config(R"({"dataset": {"n": 0}})", {"dataset.n", "1..10000"});
  bad_config(R"({"dataset": {"n": 10001}})", {"dataset.n", "1..10000"});
  bad_config(R"({"dataset": {"size": 3}})", {"dataset.key", "'size' is unknown", "train_ratio"});
  bad_config(R"({"dataset": {"name": "donut"}})", {"dataset.name", "donut", "circle"});
  bad_config(R"({"dataset": {"noise": 0.6}})", {"dataset.noise"});
  bad_config(R"({"dataset": {"seed": -3}})", {"dataset.seed"});
  bad_config(R"({"dataset": [1]})", {"dataset", "expected an object"});
  bad_config(R"({"features": "x1"})", {"features", "expected an array"});
  bad_config(R"({"features": ["x1", 2]})", {"features[1]", "expected a string, got a number"});
  bad_config(R"({"features": ["x1", "x9"]})", {"features[1]", "x9"});
  bad_config(R"({"features": []})", {"features", "1..7"});
  bad_config(R"({"activation": 3})", {"activation", "expected a string, got a number"});
  bad_config(R"({"activation": "swish"})", {"activation", "swish", "tanh, relu, sigmoid, linear"});
  bad_config(R"({"output": "relu"})", {"output", "relu", "linear, tanh, sigmoid"});
  bad_config(R"({"loss": "hinge"})", {"loss", "hinge"});
  bad_config(R"({"dataset": {"name": "plane"}, "loss": "bce"})", {"loss", "regression"});
  bad_config(R"({"init": null})", {"init", "expected a string, got null"});
  bad_config(R"({"reg_rate": "0.1"})", {"reg_rate", "expected a number, got a string"});
  bad_config(R"({"reg_rate": 11})", {"reg_rate"});
  bad_config(R"({"regularization": "l0"})", {"regularization", "l0"});
  bad_config(R"({"batch_size": 2.5})", {"batch_size", "not an integer"});
  bad_config(R"({"batch_size": -1})", {"batch_size", "0..10000"});
  bad_config(R"({"batch_size": true})", {"batch_size", "expected a number, got a boolean"});
  bad_config(R"({"history_limit": 10})", {"history_limit", "16"});
  bad_config(R"({"optimizer": "rmsprop"})", {"optimizer", "expected an object, got a string"});
  bad_config(R"({"optimizer": {"lr": 0.1}})", {"optimizer.name", "is missing"});
  bad_config(R"({"optimizer": {"name": "rmsprop", "lr": "0.1"}})", {"optimizer.lr", "expected a number, got a string"});
  bad_config(R"({"optimizer": {"name": "rmsprop", "lr": -0.1}})", {"rmsprop.lr"});
  bad_config(R"({"optimizer": {"name": "rmsprop", "nesterov": true}})", {"rmsprop.key", "nesterov"});
  bad_config(R"({"optimizer": {"name": "rmsprop", "centered": 2}})", {"rmsprop.centered", "0 or 1"});
  bad_config(R"({"optimizer": {"name": "adamw"}})", {"optimizer.name", "adamw"});
  bad_config(R"({"optimizer": {"name": "rmsprop", "preset": "caffe"}})", {"rmsprop.preset", "caffe"});
  bad_config(R"({"optimizer": {"name": "sgd", "nesterov": true}})", {"sgd.nesterov", "momentum"});
}

TEST_CASE("json: optimizer booleans are accepted as true / false", "[json]") {
  const auto on = rp::optimizer_from_json(json::parse(R"({"name": "rmsprop", "centered": true, "maximize": false})"));
  auto o = rp::make_optimizer(on);
  CHECK(o->get("centered") == 1.0);
  CHECK(o->get("maximize") == 0.0);
  const auto off = rp::optimizer_from_json(json::parse(R"({"name": "rmsprop", "centered": false})"));
  CHECK(rp::make_optimizer(off)->get("centered") == 0.0);
  const auto sgd = rp::optimizer_from_json(json::parse(R"({"name": "sgd", "momentum": 0.9, "nesterov": true})"));
  auto s = rp::make_optimizer(sgd);
  CHECK(s->name() == "sgd");
  CHECK(s->get("nesterov") == 1.0);
  CHECK(s->get("momentum") == 0.9);
  const auto adam = rp::optimizer_from_json(json::parse(R"({"name": "adam", "amsgrad": true})"));
  CHECK(rp::make_optimizer(adam)->get("amsgrad") == 1.0);
  // 0 / 1 numbers work for flags as well.
  const auto num = rp::optimizer_from_json(json::parse(R"({"name": "rmsprop", "centered": 1})"));
  CHECK(rp::make_optimizer(num)->get("centered") == 1.0);
  // The field prefix is the caller's.
  require_invalid([] { rp::optimizer_from_json(json::parse(R"({"name": "rmsprop", "lr": [1]})"), "case.optimizer"); },
                  {"case.optimizer.lr", "expected a number, got an array"});
}

TEST_CASE("json: optimizer_to_json round-trips through optimizer_from_json", "[json]") {
  std::vector<rp::OptimizerSpec> specs(6);
  specs[0].name = "rmsprop";
  specs[0].values = {{"lr", 0.0123}, {"alpha", 0.95}, {"eps", 3e-9}, {"weight_decay", 1e-4},
                     {"momentum", 0.5}, {"centered", 1}, {"maximize", 1}, {"eps_in_sqrt", 1},
                     {"initial_accumulator", 0.25}};
  specs[1].name = "rmsprop";
  specs[1].preset = "tf1";
  specs[2].name = "sgd";
  specs[2].values = {{"lr", 0.1 / 3}, {"momentum", 0.9}, {"nesterov", 1}, {"weight_decay", 0.01}};
  specs[3].name = "adam";
  specs[3].values = {{"lr", 2e-3}, {"beta1", 0.85}, {"beta2", 0.995}, {"amsgrad", 1}};
  specs[4].name = "adagrad";
  specs[4].values = {{"lr", 0.07}, {"lr_decay", 1e-3}, {"initial_accumulator_value", 0.1}};
  specs[5].name = "sgd";  // all defaults
  for (const auto& spec : specs) {
    INFO(spec.name << " " << spec.preset);
    const auto a = rp::make_optimizer(spec);
    const json j = rp::optimizer_to_json(*a);
    INFO(j.dump());
    CHECK(j.at("name") == spec.name);
    // Flags are JSON booleans, the rest numbers; every hyperparameter is there.
    for (const auto& h : a->hyperparams()) {
      REQUIRE(j.contains(h.key));
      CHECK(j.at(h.key).is_boolean() == h.flag);
      CHECK(j.at(h.key).is_number() == !h.flag);
    }
    CHECK(j.size() == a->hyperparams().size() + 1);
    // Through text and back: the same optimizer, bit for bit.
    const auto b = rp::make_optimizer(rp::optimizer_from_json(json::parse(j.dump())));
    CHECK(b->name() == a->name());
    const auto ha = a->hyperparams(), hb = b->hyperparams();
    REQUIRE(ha.size() == hb.size());
    for (std::size_t k = 0; k < ha.size(); ++k) {
      CHECK(ha[k].key == hb[k].key);
      CHECK(ha[k].value == hb[k].value);
    }
    CHECK(rp::optimizer_to_json(*b) == j);
  }
}

TEST_CASE("json: network and dataset specs", "[json]") {
  const auto n = rp::network_from_json(json::parse(R"({"layers": [3, 5, 2], "activation": "relu", "loss": "bce"})"));
  CHECK(n.layers == std::vector<int>{3, 5, 2});
  CHECK(n.activation == "relu");
  CHECK(n.loss == "bce");
  CHECK(n.output == "tanh");
  require_invalid([] { rp::network_from_json(json::parse(R"({"activation": "relu"})")); }, {"model.layers", "is missing"});
  require_invalid([] { rp::network_from_json(json::parse(R"({"layers": [3, 0, 2]})")); }, {"model.layers[1]", "1..64"});
  require_invalid([] { rp::network_from_json(json::parse(R"({"layers": [3, 2], "act": "relu"})")); }, {"model.key", "act"});
  const auto d = rp::dataset_from_json(json::parse(R"({"name": "moons", "n": 30})"));
  CHECK(d.name == "moons");
  CHECK(d.n == 30);
  CHECK(d.noise == 0.0);
}

TEST_CASE("json: numbers are checked before any cast and booleans only go to flags", "[json]") {
  require_invalid([] { rp::trainer_config_from_json(json::parse(R"({"dataset": {"n": 1e300}})")); },
                  {"dataset.n", "1e300", "integers 1..10000"});
  require_invalid([] { rp::trainer_config_from_json(json::parse(R"({"batch_size": -1e300})")); },
                  {"batch_size", "integers 0..10000"});
  require_invalid([] { rp::trainer_config_from_json(json::parse(R"({"history_limit": 16.5})")); },
                  {"history_limit", "16.5 is not an integer"});
  require_invalid([] { rp::optimizer_from_json(json::parse(R"({"name": "rmsprop", "lr": true})")); },
                  {"optimizer.lr", "expected a number, got a boolean"});
  // A flag takes true/false; an unknown key is reported as unknown, whatever its type.
  REQUIRE(rp::optimizer_from_json(json::parse(R"({"name": "rmsprop", "centered": true})")).values.at(0).second == 1.0);
  require_invalid([] { rp::optimizer_from_json(json::parse(R"({"name": "rmsprop", "nesterov": true})")); },
                  {"rmsprop.key", "'nesterov' is unknown"});
}

TEST_CASE("check: numbers in messages read naturally", "[validation]") {
  CHECK(rp::fmt_num(10) == "10");
  CHECK(rp::fmt_num(-3) == "-3");
  CHECK(rp::fmt_num(0.001) == "0.001");
  CHECK(rp::fmt_num(1e-8) == "1e-8");
  CHECK(rp::fmt_num(1.5e300) == "1.5e300");
  CHECK(rp::fmt_num(0.1 + 0.2) == "0.30000000000000004");
  CHECK(rp::fmt_num(std::nan("")) == "nan");
  CHECK(rp::fmt_num(-INFINITY) == "-inf");
  CHECK(rp::fmt_num(1e300) == "1e300");
  CHECK(rp::fmt_num(-2.5e-30) == "-2.5e-30");
}

TEST_CASE("check: numbers in messages read back exactly and are the shortest that do", "[validation]") {
  // Between 1e-7 and 1e7 (what hyperparameters and coordinates look like) fmt_num must be the
  // shortest %g text that strtod reads back as the same double.
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    const double mag = std::pow(10.0, -7.0 + 14.0 * static_cast<double>(state >> 11) * 0x1p-53);
    const double v = (state & 1) ? -mag : mag;
    if (v == std::floor(v)) continue;
    const std::string s = rp::fmt_num(v);
    std::string shortest;
    for (int p = 1; p <= 17; ++p) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.*g", p, v);
      if (std::strtod(buf, nullptr) == v) {
        shortest = buf;
        break;
      }
    }
    std::string std_form = shortest;  // %g's "e-05" -> "e-5", as fmt_num writes it
    const auto e = std_form.find('e');
    if (e != std::string::npos) {
      std::string exp = std_form.substr(e + 1);
      const bool neg = exp[0] == '-';
      exp = exp.substr(1);
      exp.erase(0, std::min(exp.find_first_not_of('0'), exp.size() - 1));
      std_form = std_form.substr(0, e) + "e" + (neg ? "-" : "") + exp;
    }
    INFO(v);
    CHECK(std::strtod(s.c_str(), nullptr) == v);
    // Shortest, but where the shortest has 16 digits from 9007199254740992 up (past 2^53, which
    // the check cannot verify exactly): all 17.
    std::uint64_t m16 = 0;
    int digits = 0;
    for (char c : shortest.substr(0, shortest.find('e'))) {
      if (c >= '0' && c <= '9' && (digits > 0 || c != '0')) m16 = m16 * 10 + std::uint64_t(c - '0'), ++digits;
    }
    if (!(digits == 16 && m16 >= (std::uint64_t(1) << 53))) CHECK(s == std_form);
    ++checked;
  }
  CHECK(checked > 19000);
}
