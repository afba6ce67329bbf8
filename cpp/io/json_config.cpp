#include "io/json_config.hpp"

#include <cmath>

#include "core/check.hpp"

namespace rp {

namespace {

const char* type_name(const json& j) { return j.type_name(); }

void require_object(const json& j, const std::string& field) {
  if (!j.is_object()) fail(field, std::string("expected an object, got ") + type_name(j));
}

// Throws on any key not in allowed.
void check_keys(const json& j, const std::string& field, std::initializer_list<const char*> allowed) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) fail_unknown(field + ".key", it.key(), std::vector<std::string>(allowed.begin(), allowed.end()));
  }
}

// An integer in [lo, hi], checked before any cast (a double like 1e300 must not reach one).
long long get_int(const json& j, const std::string& field, long long lo, long long hi) {
  const double v = get_number(j, field);
  if (v != std::floor(v)) fail(field, fmt_num(v) + " is not an integer");
  if (!(v >= static_cast<double>(lo) && v <= static_cast<double>(hi)))
    fail(field, fmt_num(v) + " is out of range; allowed: integers " + std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<long long>(v);
}

std::vector<int> get_int_list(const json& j, const std::string& field) {
  if (!j.is_array()) fail(field, std::string("expected an array of integers, got ") + type_name(j));
  std::vector<int> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    out.push_back(static_cast<int>(get_int(j[i], field + "[" + std::to_string(i) + "]", -1000000000, 1000000000)));
  }
  return out;
}

std::uint64_t get_seed(const json& j, const std::string& field) {
  return static_cast<std::uint64_t>(get_int(j, field, 0, 9007199254740991LL));
}

}  // namespace

double get_number(const json& j, const std::string& field) {
  if (!j.is_number()) fail(field, std::string("expected a number, got ") + type_name(j));
  const double v = j.get<double>();
  check_finite(field, v);
  return v;
}

bool get_bool(const json& j, const std::string& field) {
  if (!j.is_boolean()) fail(field, std::string("expected true or false, got ") + type_name(j));
  return j.get<bool>();
}

std::string get_string(const json& j, const std::string& field) {
  if (!j.is_string()) fail(field, std::string("expected a string, got ") + type_name(j));
  return j.get<std::string>();
}

const json& get_member(const json& j, const char* key, const std::string& field) {
  require_object(j, field);
  auto it = j.find(key);
  if (it == j.end()) fail(field + "." + key, "is missing");
  return *it;
}

std::vector<double> get_vector(const json& j, const std::string& field) {
  if (!j.is_array()) fail(field, std::string("expected an array of numbers, got ") + type_name(j));
  std::vector<double> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) out.push_back(get_number(j[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

std::vector<std::vector<double>> get_matrix(const json& j, const std::string& field, long cols) {
  if (!j.is_array()) fail(field, std::string("expected an array of rows, got ") + type_name(j));
  std::vector<std::vector<double>> out;
  for (std::size_t r = 0; r < j.size(); ++r) {
    const std::string f = field + "[" + std::to_string(r) + "]";
    out.push_back(get_vector(j[r], f));
    const long want = cols >= 0 ? cols : static_cast<long>(out.front().size());
    if (static_cast<long>(out.back().size()) != want)
      fail(f, "has " + std::to_string(out.back().size()) + " numbers; expected " + std::to_string(want));
  }
  return out;
}

OptimizerSpec optimizer_from_json(const json& j, const std::string& field) {
  require_object(j, field);
  OptimizerSpec spec;
  spec.name = get_string(get_member(j, "name", field), field + ".name");
  // Which keys are booleans: true/false go there (0/1 too), numbers everywhere else.
  std::vector<HyperParamInfo> known = make_optimizer(OptimizerSpec{spec.name, "", {}})->hyperparams();
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string f = field + "." + it.key();
    if (it.key() == "name") continue;
    if (it.key() == "preset") {
      spec.preset = get_string(it.value(), f);
      continue;
    }
    bool real = false;
    for (const auto& h : known) real = real || (h.key == it.key() && !h.flag);
    double v;
    if (it.value().is_boolean() && real) fail(f, "expected a number, got a boolean");
    else if (it.value().is_boolean()) v = it.value().get<bool>() ? 1.0 : 0.0;  // a flag, or unknown (reported below)
    else v = get_number(it.value(), f);
    spec.values.emplace_back(it.key(), v);
  }
  make_optimizer(spec);  // validates names, keys and ranges now, with this spec's field names
  return spec;
}

json optimizer_to_json(const Optimizer& opt) {
  json j;
  j["name"] = opt.name();
  for (const auto& h : opt.hyperparams()) {
    if (h.flag) j[h.key] = h.value != 0.0;
    else j[h.key] = h.value;
  }
  return j;
}

DatasetSpec dataset_from_json(const json& j, const std::string& field) {
  require_object(j, field);
  check_keys(j, field, {"name", "n", "noise", "train_ratio", "seed"});
  DatasetSpec d;
  if (j.contains("name")) d.name = get_string(j["name"], field + ".name");
  if (j.contains("n")) d.n = static_cast<int>(get_int(j["n"], field + ".n", 1, 10000));
  if (j.contains("noise")) d.noise = get_number(j["noise"], field + ".noise");
  if (j.contains("train_ratio")) d.train_ratio = get_number(j["train_ratio"], field + ".train_ratio");
  if (j.contains("seed")) d.seed = get_seed(j["seed"], field + ".seed");
  d.validate();
  return d;
}

NetworkSpec network_from_json(const json& j, const std::string& field) {
  require_object(j, field);
  check_keys(j, field, {"layers", "activation", "output", "loss", "regularization", "reg_rate", "init"});
  NetworkSpec n;
  n.layers = get_int_list(get_member(j, "layers", field), field + ".layers");
  if (j.contains("activation")) n.activation = get_string(j["activation"], field + ".activation");
  if (j.contains("output")) n.output = get_string(j["output"], field + ".output");
  if (j.contains("loss")) n.loss = get_string(j["loss"], field + ".loss");
  if (j.contains("regularization")) n.regularization = get_string(j["regularization"], field + ".regularization");
  if (j.contains("reg_rate")) n.reg_rate = get_number(j["reg_rate"], field + ".reg_rate");
  if (j.contains("init")) n.init = get_string(j["init"], field + ".init");
  n.validate(field);
  return n;
}

SurfaceSpec surface_from_json(const json& j, const std::string& field) {
  require_object(j, field);
  check_keys(j, field, {"name", "a", "b"});
  SurfaceSpec s;
  s.name = get_string(get_member(j, "name", field), field + ".name");
  // a and b default per function (rosenbrock 1, 100; quadratic 1, 100).
  if (j.contains("a")) s.a = get_number(j["a"], field + ".a");
  if (j.contains("b")) s.b = get_number(j["b"], field + ".b");
  s.validate();
  return s;
}

json weights_to_json(const Mlp& net) {
  json layers = json::array();
  for (int l = 0; l < net.num_layers(); ++l) {
    const Mat W = net.get_weight(l);
    const Vec b = net.get_bias(l);
    json rows = json::array();
    for (std::size_t o = 0; o < W.shape(0); ++o) rows.push_back(std::vector<double>(&W(o, 0), &W(o, 0) + W.shape(1)));
    layers.push_back(json{{"W", rows}, {"b", std::vector<double>(b.begin(), b.end())}});
  }
  return layers;
}

void set_weights_from_json(Mlp& net, const json& weights, const std::string& field) {
  if (!weights.is_array() || static_cast<int>(weights.size()) != net.num_layers())
    fail(field, "expected one {W, b} per layer (" + std::to_string(net.num_layers()) + " layers)");
  std::vector<Mat> Ws;
  std::vector<Vec> bs;
  for (int l = 0; l < net.num_layers(); ++l) {
    const std::string f = field + "[" + std::to_string(l) + "]";
    const auto W = get_matrix(get_member(weights[l], "W", f), f + ".W", net.fan_in(l));
    const auto b = get_vector(get_member(weights[l], "b", f), f + ".b");
    Mat Wm = xt::zeros<double>({W.size(), std::size_t(net.fan_in(l))});
    for (std::size_t o = 0; o < W.size(); ++o)
      for (int i = 0; i < net.fan_in(l); ++i) Wm(o, i) = W[o][i];
    Vec bv = xt::zeros<double>({b.size()});
    for (std::size_t o = 0; o < b.size(); ++o) bv(o) = b[o];
    Ws.push_back(std::move(Wm));
    bs.push_back(std::move(bv));
  }
  // All layers parsed; set_layer checks shapes, so a bad layer still changes nothing before it.
  Mlp trial = net;
  for (int l = 0; l < net.num_layers(); ++l) trial.set_layer(l, Ws[l], bs[l]);
  for (int l = 0; l < net.num_layers(); ++l) net.set_layer(l, Ws[l], bs[l]);
}

TrainerConfig trainer_config_from_json(const json& j) {
  require_object(j, "config");
  check_keys(j, "config", {"dataset", "features", "hidden", "activation", "output", "loss", "regularization",
                           "reg_rate", "init", "optimizer", "batch_size", "seed", "history_limit", "divergence_factor"});
  TrainerConfig c;
  if (j.contains("dataset")) c.dataset = dataset_from_json(j["dataset"], "dataset");
  if (j.contains("features")) {
    const json& f = j["features"];
    if (!f.is_array()) fail("features", std::string("expected an array of names, got ") + type_name(f));
    c.features.clear();
    for (std::size_t i = 0; i < f.size(); ++i) c.features.push_back(get_string(f[i], "features[" + std::to_string(i) + "]"));
  }
  if (j.contains("hidden")) c.hidden = get_int_list(j["hidden"], "hidden");
  if (j.contains("activation")) c.activation = get_string(j["activation"], "activation");
  if (j.contains("output")) c.output = get_string(j["output"], "output");
  if (j.contains("loss")) c.loss = get_string(j["loss"], "loss");
  if (j.contains("regularization")) c.regularization = get_string(j["regularization"], "regularization");
  if (j.contains("reg_rate")) c.reg_rate = get_number(j["reg_rate"], "reg_rate");
  if (j.contains("init")) c.init = get_string(j["init"], "init");
  if (j.contains("optimizer")) c.optimizer = optimizer_from_json(j["optimizer"], "optimizer");
  if (j.contains("batch_size")) c.batch_size = static_cast<int>(get_int(j["batch_size"], "batch_size", 0, 10000));
  if (j.contains("seed")) c.seed = get_seed(j["seed"], "seed");
  if (j.contains("history_limit"))
    c.history_limit = static_cast<std::size_t>(get_int(j["history_limit"], "history_limit", 16, 10'000'000));
  if (j.contains("divergence_factor")) c.divergence_factor = get_number(j["divergence_factor"], "divergence_factor");
  c.validate();
  return c;
}

}  // namespace rp
