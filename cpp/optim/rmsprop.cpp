#include "optim/rmsprop.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rp {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

const std::vector<Field<RMSPropConfig>>& RMSPropConfig::fields() {
  using C = RMSPropConfig;
  static const std::vector<Field<C>> f = {
      real_field<C>("lr", &C::lr, 0, kInf),
      real_field<C>("alpha", &C::alpha, 0, 1),
      real_field<C>("eps", &C::eps, 0, kInf),
      real_field<C>("weight_decay", &C::weight_decay, 0, kInf),
      real_field<C>("momentum", &C::momentum, 0, kInf),  // PyTorch: >= 0 (the page offers 0..0.99)
      flag_field<C>("centered", &C::centered),
      flag_field<C>("maximize", &C::maximize),
      flag_field<C>("eps_in_sqrt", &C::eps_in_sqrt),
      real_field<C>("initial_accumulator", &C::initial_accumulator, 0, kInf),
  };
  return f;
}

void RMSPropConfig::validate() const { validate_fields(*this, "rmsprop"); }

const std::vector<std::string>& rmsprop_preset_names() {
  static const std::vector<std::string> names = {"pytorch", "keras", "tf1", "hinton2012"};
  return names;
}

RMSPropConfig rmsprop_preset(const std::string& name) {
  RMSPropConfig c;
  if (name == "pytorch") return c;
  c.lr = 0.001;
  c.alpha = 0.9;
  if (name == "keras") {
    c.eps = 1e-7;
    c.eps_in_sqrt = true;
  } else if (name == "tf1") {
    c.eps = 1e-10;
    c.eps_in_sqrt = true;
    c.initial_accumulator = 1.0;
  } else if (name == "hinton2012") {
    c.eps = 1e-8;
  } else {
    fail_unknown("rmsprop.preset", name, rmsprop_preset_names());
  }
  return c;
}

void RMSProp::on_reset() {
  // v starts at initial_accumulator (0 in PyTorch, 1 in TF1); g_avg and momentum at 0.
  if (n_ == 0) return;
  std::fill_n(state_.buffers.data(), n_, cfg_.initial_accumulator);  // v, the first of the buffers
}

void RMSProp::update(double* p, const double* grads, std::size_t begin, std::size_t end,
                     double* eff, Accum& acc) {
  const RMSPropConfig& c = cfg_;
  double* v = state_.buffers.data();
  double* gavg = v + n_;
  double* buf = v + 2 * n_;
  const double one_minus_alpha = 1.0 - c.alpha;
  double gsq = 0, dsq = 0, psq = 0, vsum = 0;
  std::size_t bad = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double graw = grads[i];
    const double old = p[i];
    double g = c.maximize ? -graw : graw;
    if (c.weight_decay != 0) g = g + c.weight_decay * old;
    v[i] = v[i] * c.alpha + one_minus_alpha * g * g;  // square_avg.mul_(alpha).addcmul_(g, g, 1-alpha)
    double second = v[i];
    if (c.centered) {
      gavg[i] = gavg[i] * c.alpha + g * one_minus_alpha;  // grad_avg.mul_(alpha).add_(g, alpha=1-alpha)
      second = v[i] + -1.0 * gavg[i] * gavg[i];           // square_avg.addcmul(g_avg, g_avg, value=-1)
    }
    const double avg = c.eps_in_sqrt ? std::sqrt(second + c.eps) : std::sqrt(second) + c.eps;
    double np;
    if (c.momentum > 0) {
      buf[i] = buf[i] * c.momentum + g / avg;  // buf.mul_(momentum).addcdiv_(g, avg)
      np = old + -c.lr * buf[i];               // p.add_(buf, alpha=-lr)
    } else {
      np = old + -c.lr * g / avg;  // p.addcdiv_(g, avg, value=-lr)
    }
    p[i] = np;
    eff[i - begin] = c.lr / avg;
    accumulate(graw, old, np, v[i], gsq, dsq, psq, vsum, bad);
  }
  acc = Accum{gsq, dsq, psq, vsum, bad};
}

}  // namespace rp
