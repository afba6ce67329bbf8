// The page's module (rmsprop_core): handles over the core's Trainer and Optimizer, and free
// functions for datasets and surfaces. Configs arrive as JavaScript objects and are read by the
// same rules as the native tools' JSON (io/config_reader.hpp), so errors read the same in C++
// and JavaScript. web/engine/engine.js wraps all of this; callers never see these handles.
// (The golden-file replay lives in its own module, replay_bindings.cpp, to keep this one small.)
#include <emscripten/bind.h>
#include <malloc.h>

#include <memory>

#include "bindings/convert.hpp"
#include "core/check.hpp"
#include "optim/rmsprop.hpp"
#include "surfaces/surface.hpp"
#include "train/trainer.hpp"

namespace rp::wasm {

namespace {

val divergence_to_val(const Divergence& d) {
  val o = val::object();
  o.set("stopped", d.stopped);
  o.set("step", static_cast<double>(d.step));
  o.set("quantity", d.quantity);
  o.set("layer", d.layer);
  o.set("message", d.message);
  return o;
}

val stats_to_val(const std::vector<GroupStats>& stats) {
  val out = val::array();
  for (const GroupStats& s : stats) {
    const double f[kGroupStatsFields] = {s.grad_rms, s.update_rms, s.param_rms,   s.update_ratio,
                                         s.accum_rms, s.step_min,  s.step_p10,    s.step_median,
                                         s.step_p90,  s.step_max,  double(s.nonfinite)};
    val o = val::object();
    for (int k = 0; k < kGroupStatsFields; ++k) o.set(group_stats_names()[k], f[k]);
    out.call<void>("push", o);
  }
  return out;
}

val points_to_val(const std::vector<Point>& pts) {
  std::vector<double> x1(pts.size()), x2(pts.size()), label(pts.size()), test(pts.size()), user(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    x1[i] = pts[i].x1;
    x2[i] = pts[i].x2;
    label[i] = pts[i].label;
    test[i] = pts[i].test;
    user[i] = pts[i].user;
  }
  val o = val::object();
  o.set("x1", f64_copy(x1));
  o.set("x2", f64_copy(x2));
  o.set("label", f64_copy(label));
  o.set("test", f64_copy(test));
  o.set("user", f64_copy(user));
  return o;
}

}  // namespace

// Every method returns its result as a val, or a JavaScript Error (see guarded() in
// convert.hpp); engine.js throws the Error. A constructor cannot return one: a handle whose
// construction failed holds the Error in error() and nothing else, and engine.js deletes it.
class TrainerHandle {
 public:
  explicit TrainerHandle(const val& config) {
    error_ = guarded([&] {
      const ValNode node{config};
      if (node.is_object() && node.has("optimizer")) check_nonfinite_hyperparams(node.member("optimizer"));
      t_ = std::make_unique<Trainer>(config::trainer(node));
    });
  }
  val error() const { return error_; }

  val step(const val& k) {
    return guarded([&] { return static_cast<double>(t_->step(static_cast<long>(int_arg(k, "step.k", 0, 1000000000)))); });
  }
  double steps() const { return static_cast<double>(t_->steps()); }
  double epoch() const { return static_cast<double>(t_->epoch()); }
  val divergence() const { return guarded([&] { return divergence_to_val(t_->divergence()); }); }
  val resume() { return guarded([&] { t_->resume(); }); }
  val reset() { return guarded([&] { t_->reset(); }); }

  val set_hyperparam(const std::string& key, double value) {
    return guarded([&] { t_->set_hyperparam(key, value); });
  }
  val set_optimizer(const val& spec) {
    return guarded([&] {
      check_nonfinite_hyperparams(ValNode{spec});
      t_->set_optimizer(config::optimizer(ValNode{spec}, "optimizer"));
    });
  }
  val optimizer() const { return guarded([&] { return optimizer_to_val(t_->optimizer()); }); }
  val set_batch_size(const val& n) {
    return guarded([&] { t_->set_batch_size(static_cast<int>(int_arg(n, "batch_size", 0, kMaxBatchSize))); });
  }
  val last_stats() const { return guarded([&] { return stats_to_val(t_->optimizer().stats()); }); }

  // Columns of the history; with drain, the rows are removed afterwards (the worker streams
  // them to the page in batches and keeps nothing).
  val history(bool drain) {
    return guarded([&] {
      const History& h = t_->history();
      val o = val::object();
      o.set("rows", static_cast<double>(h.rows()));
      o.set("stride", static_cast<double>(h.stride()));
      for (int s = 0; s < kNumSeries; ++s) o.set(series_names()[s], f64_copy(h.series(s)));
      val layers = val::array();
      for (int l = 0; l < h.layers(); ++l) {
        val layer = val::object();
        for (int f = 0; f < kGroupStatsFields; ++f) layer.set(group_stats_names()[f], f64_copy(h.layer_series(l, f)));
        layers.call<void>("push", layer);
      }
      o.set("layers", layers);
      if (drain) t_->clear_history();
      return o;
    });
  }

  val evaluate() {
    return guarded([&] {
      const Evaluation e = t_->evaluate();
      val o = val::object();
      o.set("train_loss", e.train_loss);
      o.set("test_loss", e.test_loss);
      o.set("train_acc", e.train_acc);
      o.set("test_acc", e.test_acc);
      return o;
    });
  }

  val points() const { return guarded([&] { return points_to_val(t_->points()); }); }
  val add_point(double x1, double x2, double label, bool test) {
    return guarded([&] { return static_cast<double>(t_->add_point(x1, x2, label, test)); });
  }
  val remove_point(const val& index) {
    return guarded([&] {
      const long long n = static_cast<long long>(t_->points().size());
      if (n == 0) fail("point.index", describe(index) + " is out of range; there are no points");
      t_->remove_point(static_cast<std::size_t>(int_arg(index, "point.index", 0, n - 1)));
    });
  }
  val nearest_point(double x1, double x2, double radius) const {
    return guarded([&] { return static_cast<double>(t_->nearest_point(x1, x2, radius)); });
  }
  val set_points(const val& x1, const val& x2, const val& label, const val& test, const val& user) {
    return guarded([&] {
      std::vector<double> a, b, c, d, u;
      copy_in(x1, a, "points.x1");
      copy_in(x2, b, "points.x2");
      copy_in(label, c, "points.label");
      copy_in(test, d, "points.test");
      copy_in(user, u, "points.user");
      if (b.size() != a.size() || c.size() != a.size() || d.size() != a.size() || u.size() != a.size())
        fail("points", "x1, x2, label, test and user must have the same length");
      std::vector<Point> pts(a.size());
      for (std::size_t i = 0; i < a.size(); ++i) pts[i] = Point{a[i], b[i], c[i], d[i] != 0, u[i] != 0};
      t_->set_points(pts);
    });
  }
  val regenerate_data(const val& spec) {
    return guarded([&] { t_->regenerate_data(config::dataset(ValNode{spec}, "dataset")); });
  }
  double train_size() const { return static_cast<double>(t_->train_size()); }
  double test_size() const { return static_cast<double>(t_->test_size()); }

  double domain() const { return t_->domain(); }
  val decision_grid(const val& n) {
    return guarded([&] { return f64_copy(t_->decision_grid(static_cast<int>(int_arg(n, "grid.n", 2, kMaxDecisionGrid)))); });
  }
  val neuron_grids(const val& n) {
    return guarded([&] { return f64_copy(t_->neuron_grids(static_cast<int>(int_arg(n, "grid.n", 2, kMaxNeuronGrid)))); });
  }
  // All parameters, layer by layer: W (out, in) row-major then b; engine.js shapes them.
  val params() const {
    return guarded([&] {
      const Trainer& t = *t_;
      return f64_copy(t.model().params(), t.model().num_params());
    });
  }
  // Replaces all parameters at once (engine.js has checked the shapes): the count and every
  // value are checked before anything changes.
  val set_params(const val& flat) {
    return guarded([&] {
      std::vector<double> p;
      copy_in(flat, p, "weights");
      const std::size_t n = static_cast<const Trainer&>(*t_).model().num_params();
      if (p.size() != n) fail("weights", "has " + std::to_string(p.size()) + " values; the network has " + std::to_string(n));
      for (std::size_t i = 0; i < p.size(); ++i) check_finite("weights", p[i]);
      std::copy(p.begin(), p.end(), t_->model().params());
    });
  }
  val layer_sizes() const {
    return guarded([&] {
      val out = val::array();
      for (int s : static_cast<const Trainer&>(*t_).model().spec().layers) out.call<void>("push", s);
      return out;
    });
  }

 private:
  std::unique_ptr<Trainer> t_;
  val error_ = val::null();
};

class OptimizerHandle {
 public:
  explicit OptimizerHandle(const val& spec) {
    error_ = guarded([&] {
      check_nonfinite_hyperparams(ValNode{spec});
      opt_ = make_optimizer(config::optimizer(ValNode{spec}, "optimizer"));
    });
  }
  val error() const { return error_; }

  // One update of params from grads (both Float64Arrays, checked by engine.js): returns
  // {params: the updated values, stats: per-group stats}; engine.js writes params back in place.
  val step(const val& params, const val& grads) {
    return guarded([&] {
      copy_in(params, p_, "params");
      copy_in(grads, g_, "grads");
      if (g_.size() != p_.size())
        fail("grads", "has " + std::to_string(g_.size()) + " values; params has " + std::to_string(p_.size()));
      opt_->step(p_.data(), g_.data(), p_.size());
      val out = val::object();
      out.set("params", f64_copy(p_));
      out.set("stats", stats_to_val(opt_->stats()));
      return out;
    });
  }
  val set_groups(const val& sizes) {
    return guarded([&] {
      std::vector<double> s;
      copy_in(sizes, s, "groups");
      std::vector<ParamGroup> groups;
      std::size_t at = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        const auto size = int_arg(val(s[i]), "groups[" + std::to_string(i) + "]", 1, 1000000000);
        groups.push_back({at, static_cast<std::size_t>(size)});
        at += static_cast<std::size_t>(size);
      }
      opt_->set_groups(groups);
    });
  }
  val set(const std::string& key, double value) { return guarded([&] { opt_->set(key, value); }); }
  val get(const std::string& key) const { return guarded([&] { return opt_->get(key); }); }
  val reset() { return guarded([&] { opt_->reset(); }); }
  double steps() const { return static_cast<double>(opt_->steps()); }
  val config() const { return guarded([&] { return optimizer_to_val(*opt_); }); }

 private:
  std::unique_ptr<Optimizer> opt_;
  std::vector<double> p_, g_;
  val error_ = val::null();
};

val generate_dataset_js(const val& spec) {
  return guarded([&] { return points_to_val(generate_dataset(config::dataset(ValNode{spec}, "dataset"))); });
}

val surface_eval_js(const val& spec, double x, double y) {
  return guarded([&] {
    const SurfaceSpec s = config::surface(ValNode{spec}, "function");
    double g[2];
    const double f = surface_eval(s, x, y, g);
    val o = val::object();
    o.set("f", f);
    o.set("gx", g[0]);
    o.set("gy", g[1]);
    return o;
  });
}

val rmsprop_preset_js(const std::string& name) {
  return guarded([&] { return optimizer_to_val(RMSProp(rmsprop_preset(name))); });
}

val names_js(const std::string& what) {
  return guarded([&] {
    const std::vector<std::string>* list = nullptr;
    if (what == "datasets") list = &dataset_names();
    else if (what == "features") list = &feature_names();
    else if (what == "surfaces") list = &surface_names();
    else if (what == "optimizers") list = &optimizer_names();
    else if (what == "presets") list = &rmsprop_preset_names();
    else if (what == "activations") list = &hidden_activation_names();
    else if (what == "outputs") list = &output_activation_names();
    else if (what == "losses") list = &loss_names();
    else if (what == "inits") list = &init_names();
    else if (what == "regularizations") list = &regularization_names();
    else fail_unknown("names", what, {"datasets", "features", "surfaces", "optimizers", "presets", "activations",
                                      "outputs", "losses", "inits", "regularizations"});
    val out = val::array();
    for (const auto& s : *list) out.call<void>("push", s);
    return out;
  });
}

// Bytes currently allocated by malloc (for leak checks; the heap size itself only grows).
double heap_used() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace rp::wasm

EMSCRIPTEN_BINDINGS(rmsprop_core) {
  using namespace emscripten;
  using rp::wasm::OptimizerHandle;
  using rp::wasm::TrainerHandle;
  class_<TrainerHandle>("Trainer")
      .constructor<const val&>()
      .function("error", &TrainerHandle::error)
      .function("step", &TrainerHandle::step)
      .function("steps", &TrainerHandle::steps)
      .function("epoch", &TrainerHandle::epoch)
      .function("divergence", &TrainerHandle::divergence)
      .function("resume", &TrainerHandle::resume)
      .function("reset", &TrainerHandle::reset)
      .function("setHyperparam", &TrainerHandle::set_hyperparam)
      .function("setOptimizer", &TrainerHandle::set_optimizer)
      .function("optimizer", &TrainerHandle::optimizer)
      .function("setBatchSize", &TrainerHandle::set_batch_size)
      .function("lastStats", &TrainerHandle::last_stats)
      .function("history", &TrainerHandle::history)
      .function("evaluate", &TrainerHandle::evaluate)
      .function("points", &TrainerHandle::points)
      .function("addPoint", &TrainerHandle::add_point)
      .function("removePoint", &TrainerHandle::remove_point)
      .function("nearestPoint", &TrainerHandle::nearest_point)
      .function("setPoints", &TrainerHandle::set_points)
      .function("regenerateData", &TrainerHandle::regenerate_data)
      .function("trainSize", &TrainerHandle::train_size)
      .function("testSize", &TrainerHandle::test_size)
      .function("domain", &TrainerHandle::domain)
      .function("decisionGrid", &TrainerHandle::decision_grid)
      .function("neuronGrids", &TrainerHandle::neuron_grids)
      .function("params", &TrainerHandle::params)
      .function("setParams", &TrainerHandle::set_params)
      .function("layerSizes", &TrainerHandle::layer_sizes);
  class_<OptimizerHandle>("Optimizer")
      .constructor<const val&>()
      .function("error", &OptimizerHandle::error)
      .function("step", &OptimizerHandle::step)
      .function("setGroups", &OptimizerHandle::set_groups)
      .function("set", &OptimizerHandle::set)
      .function("get", &OptimizerHandle::get)
      .function("reset", &OptimizerHandle::reset)
      .function("steps", &OptimizerHandle::steps)
      .function("config", &OptimizerHandle::config);
  function("generateDataset", &rp::wasm::generate_dataset_js);
  function("surfaceEval", &rp::wasm::surface_eval_js);
  function("rmspropPreset", &rp::wasm::rmsprop_preset_js);
  function("names", &rp::wasm::names_js);
  function("heapUsed", &rp::wasm::heap_used);
}
