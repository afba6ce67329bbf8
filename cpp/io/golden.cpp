#include "io/golden.hpp"

#include <cmath>

#include "core/check.hpp"
#include "nn/mlp.hpp"
#include "surfaces/surface.hpp"

namespace rp {

namespace {

json replay_stream(const json& c, Optimizer& opt) {
  std::vector<double> p = get_vector(get_member(c, "params0", "case"), "case.params0");
  const auto grads = get_matrix(get_member(c, "grads", "case"), "case.grads", static_cast<long>(p.size()));
  json params = json::array();
  for (const auto& g : grads) {
    // No parameters: each step is the identity (PyTorch steps an empty tensor), while the
    // optimizer itself rejects an empty buffer as a caller's mistake.
    if (!p.empty()) opt.step(p.data(), g.data(), p.size());
    params.push_back(p);
  }
  return json{{"params", params}};
}

long get_steps(const json& c) {
  const double s = get_number(get_member(c, "steps", "case"), "case.steps");
  if (s != std::floor(s)) fail("case.steps", fmt_num(s) + " is not an integer");
  check_int_range("case.steps", static_cast<long long>(s), 0, 10'000'000);
  return static_cast<long>(s);
}

json replay_surface(const json& c, Optimizer& opt) {
  const SurfaceSpec f = surface_from_json(get_member(c, "function", "case"), "case.function");
  std::vector<double> p = get_vector(get_member(c, "params0", "case"), "case.params0");
  if (p.size() != 2) fail("case.params0", "has " + std::to_string(p.size()) + " numbers; expected 2 (x, y)");
  const long steps = get_steps(c);
  json loss = json::array(), params = json::array();
  for (long t = 0; t < steps; ++t) {
    double g[2];
    loss.push_back(surface_eval(f, p[0], p[1], g));
    opt.step(p.data(), g, 2);
    params.push_back(p);
  }
  return json{{"loss", loss}, {"params", params}};
}

json replay_mlp(const json& c, Optimizer& opt) {
  // Reference cases may be any network PyTorch trains (no hidden layer, wide layers): not the
  // playground's limits, only a memory bound (nn/mlp.hpp).
  Mlp net(network_from_json(get_member(c, "model", "case"), "case.model", kReferenceLimits));
  set_weights_from_json(net, get_member(c, "weights", "case"), "case.weights");
  const json& data = get_member(c, "data", "case");
  const auto xs = get_matrix(get_member(data, "x", "case.data"), "case.data.x", net.inputs());
  const auto ys = get_matrix(get_member(data, "y", "case.data"), "case.data.y", net.outputs());
  if (xs.size() != ys.size() || xs.empty())
    fail("case.data", "x has " + std::to_string(xs.size()) + " rows and y " + std::to_string(ys.size()) +
                          "; expected the same, non-zero number");
  std::vector<double> x, y;
  for (const auto& r : xs) x.insert(x.end(), r.begin(), r.end());
  for (const auto& r : ys) y.insert(y.end(), r.begin(), r.end());
  const std::size_t n = xs.size();
  const long steps = get_steps(c);

  opt.set_groups(net.groups());
  std::vector<double> grad(net.num_params());
  json loss = json::array(), grad_rms = json::array(), update_rms = json::array();
  for (long t = 0; t < steps; ++t) {
    net.forward(x.data(), n);
    loss.push_back(net.loss(y.data()));
    net.backward(y.data(), grad.data());
    opt.step(net.params(), grad.data(), net.num_params());
    json g = json::array(), u = json::array();
    for (const auto& s : opt.stats()) {
      g.push_back(s.grad_rms);
      u.push_back(s.update_rms);
    }
    grad_rms.push_back(g);
    update_rms.push_back(u);
  }
  net.forward(x.data(), n);
  return json{{"loss", loss},         {"final_loss", net.loss(y.data())}, {"grad_rms", grad_rms},
              {"update_rms", update_rms}, {"weights", weights_to_json(net)}};
}

}  // namespace

json replay_case(const json& c) {
  const std::string kind = get_string(get_member(c, "kind", "case"), "case.kind");
  auto opt = make_optimizer(optimizer_from_json(get_member(c, "optimizer", "case"), "case.optimizer"));
  if (kind == "stream") return replay_stream(c, *opt);
  if (kind == "surface") return replay_surface(c, *opt);
  if (kind == "mlp") return replay_mlp(c, *opt);
  fail_unknown("case.kind", kind, {"stream", "surface", "mlp"});
}

json replay_document(const json& doc, int& errors) {
  errors = 0;
  const std::string format = get_string(get_member(doc, "format", "document"), "document.format");
  if (format != "rmsprop-golden/1") fail("document.format", "'" + format + "' is not supported; allowed: rmsprop-golden/1");
  const json& cases = get_member(doc, "cases", "document");
  if (!cases.is_array()) fail("document.cases", "expected an array of cases");
  json out = doc;
  for (auto& c : out["cases"]) {
    c.erase("expected");
    c.erase("error");
    try {
      c["expected"] = replay_case(c);
    } catch (const std::exception& e) {
      c["error"] = e.what();
      ++errors;
    }
  }
  return out;
}

std::vector<std::string> compare_expected(const json& got, const json& want, double rtol, double atol,
                                          const std::string& path) {
  std::vector<std::string> out;
  if (want.is_number()) {
    if (!got.is_number()) return {path + ": got " + got.dump() + ", want a number"};
    const double g = got.get<double>(), w = want.get<double>();
    if (!(std::fabs(g - w) <= rtol * std::fabs(w) + atol))
      out.push_back(path + ": got " + fmt_num(g) + ", want " + fmt_num(w) + " (diff " + fmt_num(g - w) + ")");
  } else if (want.is_array()) {
    if (!got.is_array() || got.size() != want.size())
      return {path + ": got " + (got.is_array() ? std::to_string(got.size()) + " items" : got.dump()) +
              ", want " + std::to_string(want.size()) + " items"};
    for (std::size_t i = 0; i < want.size(); ++i) {
      auto sub = compare_expected(got[i], want[i], rtol, atol, path + "[" + std::to_string(i) + "]");
      out.insert(out.end(), sub.begin(), sub.end());
    }
  } else if (want.is_object()) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (!got.is_object() || !got.contains(it.key())) {
        out.push_back(path + "." + it.key() + ": missing");
        continue;
      }
      auto sub = compare_expected(got[it.key()], it.value(), rtol, atol, path + "." + it.key());
      out.insert(out.end(), sub.begin(), sub.end());
    }
  } else if (got != want) {
    out.push_back(path + ": got " + got.dump() + ", want " + want.dump());
  }
  return out;
}

}  // namespace rp
