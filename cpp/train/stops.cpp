// How training stops: a non-finite loss, gradient, parameter or accumulator, a loss that grew
// divergence_factor-fold, or a run of exactly-zero gradients; the diagnosis, and undoing the
// update that caused it (Trainer members; the step itself is in trainer.cpp).
#include "train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>

#include "core/check.hpp"
#include "train/text.hpp"

namespace rp {

using train_text::cat;
using train_text::layer_name;

namespace {

// sqrt(mean(x^2)) of n values, scaled by the largest so huge values do not overflow.
double rms(const double* x, std::size_t n) {
  double m = 0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  if (m == 0 || !std::isfinite(m)) return m;
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (x[i] / m) * (x[i] / m);
  return m * std::sqrt(s / static_cast<double>(n));
}

// Whether every output of one unit type is where its derivative is exactly zero: tanh at
// +-1, sigmoid at 0 or 1, relu at 0 (a dead unit). Linear units never are.
bool flat(std::string_view activation, double a) {
  if (activation == "tanh") return a == 1.0 || a == -1.0;
  if (activation == "sigmoid") return a == 0.0 || a == 1.0;
  if (activation == "relu") return a == 0.0;
  return false;
}

// v with 3 significant digits, for a ratio in a sentence.
std::string sig3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

void Trainer::set_stop(const char* quantity, int layer, long step, const std::string& what, std::string_view hint) {
  div_.stopped = true;
  div_.step = step;
  div_.quantity = quantity;
  div_.layer = layer;
  div_.message = cat({"Training stopped at step ", std::to_string(step), ": ", what, " ", hint});
  stall_run_ = 0;
}

namespace {
constexpr std::string_view kTooLarge = "The steps were too large: try a lower learning rate (lr) or a larger eps, then ";
}

// Found right after this step's update, which is undone at once: the step is not applied and
// its mini-batch is given back, so resume() retries the same batch.
bool Trainer::stop_here(std::size_t cursor, const char* quantity, int layer, long step) {
  cursor_ = cursor;
  snap_.valid = false;
  const bool param = std::string_view(quantity) == "parameter";
  set_stop(quantity, layer, step,
           cat({param ? "its update made a parameter of " : "its update overflowed the optimizer's accumulator of ",
                layer_name(layer, model_->num_layers()), param ? " NaN or Inf." : "."}),
           cat({"The update was not applied: the weights and optimizer state are those after step ",
                std::to_string(step - 1), ". ", kTooLarge, "resume."}));
  return false;
}

// The state the last update produced gives a non-finite loss or gradient, or a loss grown
// past divergence_factor: that update went bad. Undo it (weights, optimizer state, counters and
// mini-batch position, from the snapshot taken just before it) and name the layer it changed
// most. Without a snapshot (no update since the weights, data or optimizer last changed) there
// is nothing to undo: the current step cannot run.
bool Trainer::stop_after_update(std::size_t cursor, const char* quantity, int layer) {
  const int L = model_->num_layers();
  const std::string_view q = quantity;
  const std::string grew = q == "loss_growth"
      ? cat({"the training loss grew from ", fmt_num(first_loss_), " to ", fmt_num(last_train_loss_), ", more than ",
             fmt_num(cfg_.divergence_factor), " times its starting value"})
      : std::string();
  const std::string bad_grad = q == "gradient" ? cat({"the gradient of ", layer_name(layer, L), " "}) : std::string();
  if (!snap_.valid) {
    cursor_ = cursor;
    std::string what = q == "loss"       ? std::string("the training loss is not finite (NaN or Inf) at the current weights.")
                       : q == "gradient" ? cat({bad_grad, "is not finite (NaN or Inf) at the current weights."})
                                         : cat({grew, "."});
    set_stop(quantity, layer, steps_ + 1, what, cat({kTooLarge, "reset."}));
    return false;
  }
  // The layer the update changed most, relative to its size.
  double worst = -1;
  int culprit = -1;
  const double* now = model_->params();
  std::vector<double> diff;
  for (int l = 0; l < L; ++l) {
    const ParamGroup& g = model_->groups()[l];
    diff.resize(g.size);
    const double* before = snap_.params.data() + g.offset;
    for (std::size_t i = 0; i < g.size; ++i) diff[i] = now[g.offset + i] - before[i];
    const double d = rms(diff.data(), g.size), p = rms(snap_.params.data() + g.offset, g.size);
    const double ratio = p > 0 ? d / p : (d > 0 ? std::numeric_limits<double>::infinity() : 0.0);
    if (ratio > worst) worst = ratio, culprit = l;
  }
  if (worst <= 0) culprit = -1;
  if (layer < 0) layer = culprit;

  const long bad = steps_;
  std::copy_n(snap_.params.data(), snap_.params.size(), model_->params());
  opt_->restore(snap_.opt);
  steps_ = bad - 1;
  epoch_ = snap_.epoch;
  cursor_ = snap_.cursor;
  if (snap_.reshuffled) {
    order_ = snap_.order;
    batch_rng_ = snap_.rng;
  }
  snap_.valid = false;

  const std::string most = q != "gradient" && culprit >= 0
      ? cat({"; it changed ", layer_name(culprit, L), " most (",
             std::isfinite(worst) ? cat({"update RMS ", sig3(worst), " times its parameter RMS"}) : "from all-zero parameters", ")"})
      : std::string();
  const std::string what = q == "loss"       ? cat({"its update made the training loss non-finite (NaN or Inf)", most, "."})
                           : q == "gradient" ? cat({"its update made ", bad_grad, "non-finite (NaN or Inf)."})
                                             : cat({"after its update ", grew, most, "."});
  set_stop(quantity, layer, bad, what,
           cat({"The update was undone: the weights and optimizer state are those after step ", std::to_string(bad - 1),
                ". ", kTooLarge, "resume."}));
  return false;
}

// Every gradient has been exactly zero for kStallSteps steps while the loss is not: units are
// saturated (tanh, sigmoid) or dead (relu), so no gradient flows and training would run on
// forever without changing anything. Name the first layer whose units are all flat on every
// point of the batch (the last forward pass), else the one with the most flat outputs.
bool Trainer::stalled(std::size_t cursor, long step, double loss, std::size_t rows) {
  cursor_ = cursor;
  snap_.valid = false;
  const int L = model_->num_layers();
  int layer = -1;
  double most = 0;
  std::string_view act;
  for (int l = 0; l < L; ++l) {
    const std::string_view a = l < L - 1 ? std::string_view(cfg_.activation)
                               : cfg_.loss == "bce" ? std::string_view("linear") : std::string_view(cfg_.output);
    const std::size_t n = rows * model_->fan_out(l);
    const double* v = model_->activations(l);
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) k += flat(a, v[i]);
    const double frac = n ? static_cast<double>(k) / static_cast<double>(n) : 0.0;
    if (frac > most) layer = l, most = frac, act = a;
    if (frac == 1.0) break;
  }
  const bool relu = act == "relu";
  const bool full = cfg_.batch_size == 0 || std::size_t(cfg_.batch_size) >= train_idx_.size();
  const std::string why = layer < 0 ? std::string("No gradient reaches the weights.")
      : cat({most == 1.0 ? "The units of " : "Most outputs of ", layer_name(layer, L), " are ",
             relu ? "dead (ReLU outputs 0" : act == "tanh" ? "saturated (tanh at -1 or 1" : "saturated (sigmoid at 0 or 1",
             full ? " on every training point" : " on every point of the batch",
             "), so no gradient flows back through them."});
  set_stop("stalled", layer, step,
           cat({"every gradient has been exactly 0 for ", std::to_string(kStallSteps), " steps in a row while the loss is ",
                fmt_num(loss), ", so training cannot move. ", why}),
           relu ? "The steps were too large: try a lower learning rate (lr), then reset (dead ReLU units do not come back)."
                : "The steps were too large: try a lower learning rate (lr), then reset (saturated units rarely recover).");
  return false;
}

}  // namespace rp
