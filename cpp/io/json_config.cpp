#include "io/json_config.hpp"

#include <cmath>

#include "core/check.hpp"
#include "io/config_reader.hpp"

namespace rp {

namespace {

// rp::Json seen through the interface of io/config_reader.hpp.
struct JsonNode {
  const Json* j;
  bool is_number() const { return j->is_number(); }
  bool is_boolean() const { return j->is_boolean(); }
  bool is_string() const { return j->is_string(); }
  bool is_array() const { return j->is_array(); }
  bool is_object() const { return j->is_object(); }
  const char* type_name() const { return j->type_name(); }
  double number() const { return j->get<double>(); }
  bool boolean() const { return j->get<bool>(); }
  std::string string() const { return j->get<std::string>(); }
  std::size_t size() const { return j->size(); }
  JsonNode item(std::size_t i) const { return {&(*j)[i]}; }
  bool has(const std::string& key) const { return j->contains(key); }
  JsonNode member(const std::string& key) const { return {&j->at(key)}; }
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (auto it = j->begin(); it != j->end(); ++it) out.push_back(it.key());
    return out;
  }
};

}  // namespace

double get_number(const json& j, const std::string& field) { return config::get_number(JsonNode{&j}, field); }
bool get_bool(const json& j, const std::string& field) {
  if (!j.is_boolean()) fail(field, std::string("expected true or false, got ") + j.type_name());
  return j.get<bool>();
}
std::string get_string(const json& j, const std::string& field) { return config::get_string(JsonNode{&j}, field); }
const json& get_member(const json& j, const char* key, const std::string& field) {
  return *config::get_member(JsonNode{&j}, key, field).j;
}

std::vector<double> get_vector(const json& j, const std::string& field) {
  if (!j.is_array()) fail(field, std::string("expected an array of numbers, got ") + j.type_name());
  std::vector<double> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) out.push_back(get_number(j[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

std::vector<std::vector<double>> get_matrix(const json& j, const std::string& field, long cols) {
  if (!j.is_array()) fail(field, std::string("expected an array of rows, got ") + j.type_name());
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

OptimizerSpec optimizer_from_json(const json& j, const std::string& field) { return config::optimizer(JsonNode{&j}, field); }
DatasetSpec dataset_from_json(const json& j, const std::string& field) { return config::dataset(JsonNode{&j}, field); }
NetworkSpec network_from_json(const json& j, const std::string& field, const NetworkLimits& limits) {
  return config::network(JsonNode{&j}, field, limits);
}
SurfaceSpec surface_from_json(const json& j, const std::string& field) { return config::surface(JsonNode{&j}, field); }
TrainerConfig trainer_config_from_json(const json& j) { return config::trainer(JsonNode{&j}); }

json optimizer_to_json(const Optimizer& opt) {
  json j;
  j["name"] = opt.name();
  for (const auto& h : opt.hyperparams()) {
    if (h.flag) j[h.key] = h.value != 0.0;
    else j[h.key] = h.value;
  }
  return j;
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


}  // namespace rp
