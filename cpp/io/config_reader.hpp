// Reading the core's configs from any tree of JSON-like values, with one set of rules and
// messages: strict types, no unknown keys, integers checked before casts, every error naming
// the field ("optimizer.lr: expected a number, got a string").
//
// Node is a light handle with: is_number() is_boolean() is_string() is_array() is_object(),
// type_name() ("a number", ...), number() boolean() string(), size() item(i), has(key)
// member(key) keys(). Two exist: JsonNode over rp::Json (the native tools, the tests, the
// replay) and the bindings' ValNode over JavaScript objects (the page's module reads configs
// straight from JS, so it does not carry a JSON parser).
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "data/dataset.hpp"
#include "nn/mlp.hpp"
#include "optim/factory.hpp"
#include "surfaces/surface.hpp"
#include "train/trainer.hpp"

namespace rp::config {

template <class Node>
void require_object(const Node& j, const std::string& field) {
  if (!j.is_object()) fail(field, std::string("expected an object, got ") + j.type_name());
}

// Throws on any key not in allowed.
template <class Node>
void check_keys(const Node& j, const std::string& field, std::initializer_list<const char*> allowed) {
  for (const std::string& key : j.keys()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    if (!ok) fail_unknown(field + ".key", key, std::vector<std::string>(allowed.begin(), allowed.end()));
  }
}

template <class Node>
double get_number(const Node& j, const std::string& field) {
  if (!j.is_number()) fail(field, std::string("expected a number, got ") + j.type_name());
  const double v = j.number();
  check_finite(field, v);
  return v;
}

template <class Node>
std::string get_string(const Node& j, const std::string& field) {
  if (!j.is_string()) fail(field, std::string("expected a string, got ") + j.type_name());
  return j.string();
}

template <class Node>
Node get_member(const Node& j, const char* key, const std::string& field) {
  require_object(j, field);
  if (!j.has(key)) fail(field + "." + key, "is missing");
  return j.member(key);
}

// An integer in [lo, hi], checked before any cast (a double like 1e300 must not reach one).
template <class Node>
long long get_int(const Node& j, const std::string& field, long long lo, long long hi) {
  const double v = get_number(j, field);
  if (v != std::floor(v)) fail(field, fmt_num(v) + " is not an integer");
  if (!(v >= static_cast<double>(lo) && v <= static_cast<double>(hi)))
    fail(field, fmt_num(v) + " is out of range; allowed: integers " + std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<long long>(v);
}

template <class Node>
std::vector<int> get_int_list(const Node& j, const std::string& field) {
  if (!j.is_array()) fail(field, std::string("expected an array of integers, got ") + j.type_name());
  std::vector<int> out;
  for (std::size_t i = 0; i < j.size(); ++i)
    out.push_back(static_cast<int>(get_int(j.item(i), field + "[" + std::to_string(i) + "]", -1000000000, 1000000000)));
  return out;
}

template <class Node>
std::uint64_t get_seed(const Node& j, const std::string& field) {
  return static_cast<std::uint64_t>(get_int(j, field, 0, 9007199254740991LL));
}

// {"name": "rmsprop", "preset": "keras", "lr": 0.01, "centered": true, ...}
template <class Node>
OptimizerSpec optimizer(const Node& j, const std::string& field) {
  require_object(j, field);
  OptimizerSpec spec;
  spec.name = get_string(get_member(j, "name", field), field + ".name");
  // Which keys are booleans: true/false go there (0/1 too), numbers everywhere else.
  const std::vector<HyperParamInfo> known = make_optimizer(OptimizerSpec{spec.name, "", {}})->hyperparams();
  for (const std::string& key : j.keys()) {
    const std::string f = field + "." + key;
    if (key == "name") continue;
    const Node value = j.member(key);
    if (key == "preset") {
      spec.preset = get_string(value, f);
      continue;
    }
    bool real = false;
    for (const auto& h : known) real = real || (h.key == key && !h.flag);
    double v;
    if (value.is_boolean() && real) fail(f, "expected a number, got a boolean");
    else if (value.is_boolean()) v = value.boolean() ? 1.0 : 0.0;  // a flag, or unknown (reported below)
    else v = get_number(value, f);
    spec.values.emplace_back(key, v);
  }
  make_optimizer(spec);  // validates names, keys and ranges now, with this spec's field names
  return spec;
}

template <class Node>
DatasetSpec dataset(const Node& j, const std::string& field) {
  require_object(j, field);
  check_keys(j, field, {"name", "n", "noise", "train_ratio", "seed"});
  DatasetSpec d;
  if (j.has("name")) d.name = get_string(j.member("name"), field + ".name");
  if (j.has("n")) d.n = static_cast<int>(get_int(j.member("n"), field + ".n", 1, 10000));
  if (j.has("noise")) d.noise = get_number(j.member("noise"), field + ".noise");
  if (j.has("train_ratio")) d.train_ratio = get_number(j.member("train_ratio"), field + ".train_ratio");
  if (j.has("seed")) d.seed = get_seed(j.member("seed"), field + ".seed");
  d.validate();
  return d;
}

template <class Node>
NetworkSpec network(const Node& j, const std::string& field, const NetworkLimits& limits = kPlaygroundLimits) {
  require_object(j, field);
  check_keys(j, field, {"layers", "activation", "output", "loss", "regularization", "reg_rate", "init"});
  NetworkSpec n;
  n.limits = limits;
  n.layers = get_int_list(get_member(j, "layers", field), field + ".layers");
  if (j.has("activation")) n.activation = get_string(j.member("activation"), field + ".activation");
  if (j.has("output")) n.output = get_string(j.member("output"), field + ".output");
  if (j.has("loss")) n.loss = get_string(j.member("loss"), field + ".loss");
  if (j.has("regularization")) n.regularization = get_string(j.member("regularization"), field + ".regularization");
  if (j.has("reg_rate")) n.reg_rate = get_number(j.member("reg_rate"), field + ".reg_rate");
  if (j.has("init")) n.init = get_string(j.member("init"), field + ".init");
  n.validate(field);
  return n;
}

template <class Node>
SurfaceSpec surface(const Node& j, const std::string& field) {
  require_object(j, field);
  check_keys(j, field, {"name", "a", "b"});
  SurfaceSpec s;
  s.name = get_string(get_member(j, "name", field), field + ".name");
  if (j.has("a")) s.a = get_number(j.member("a"), field + ".a");
  if (j.has("b")) s.b = get_number(j.member("b"), field + ".b");
  s.validate();
  return s;
}

// {"dataset": {...}, "features": [...], "hidden": [...], "activation": ..., "optimizer": {...}, ...}
template <class Node>
TrainerConfig trainer(const Node& j) {
  require_object(j, "config");
  check_keys(j, "config", {"dataset", "features", "hidden", "activation", "output", "loss", "regularization",
                           "reg_rate", "init", "optimizer", "batch_size", "seed", "history_limit", "divergence_factor"});
  TrainerConfig c;
  if (j.has("dataset")) c.dataset = dataset(j.member("dataset"), "dataset");
  if (j.has("features")) {
    const Node f = j.member("features");
    if (!f.is_array()) fail("features", std::string("expected an array of names, got ") + f.type_name());
    c.features.clear();
    for (std::size_t i = 0; i < f.size(); ++i) c.features.push_back(get_string(f.item(i), "features[" + std::to_string(i) + "]"));
  }
  if (j.has("hidden")) c.hidden = get_int_list(j.member("hidden"), "hidden");
  if (j.has("activation")) c.activation = get_string(j.member("activation"), "activation");
  if (j.has("output")) c.output = get_string(j.member("output"), "output");
  if (j.has("loss")) c.loss = get_string(j.member("loss"), "loss");
  if (j.has("regularization")) c.regularization = get_string(j.member("regularization"), "regularization");
  if (j.has("reg_rate")) c.reg_rate = get_number(j.member("reg_rate"), "reg_rate");
  if (j.has("init")) c.init = get_string(j.member("init"), "init");
  if (j.has("optimizer")) c.optimizer = optimizer(j.member("optimizer"), "optimizer");
  if (j.has("batch_size")) c.batch_size = static_cast<int>(get_int(j.member("batch_size"), "batch_size", 0, 10000));
  if (j.has("seed")) c.seed = get_seed(j.member("seed"), "seed");
  if (j.has("history_limit"))
    c.history_limit = static_cast<std::size_t>(get_int(j.member("history_limit"), "history_limit", 16, 10'000'000));
  if (j.has("divergence_factor")) c.divergence_factor = get_number(j.member("divergence_factor"), "divergence_factor");
  c.validate();
  return c;
}

}  // namespace rp::config
