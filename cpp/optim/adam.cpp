#include "optim/adam.hpp"

#include <cmath>
#include <limits>

#include "core/fmath.hpp"

namespace rp {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

const std::vector<Field<AdamConfig>>& AdamConfig::fields() {
  using C = AdamConfig;
  static const std::vector<Field<C>> f = {
      real_field<C>("lr", &C::lr, 0, kInf),
      real_field<C>("beta1", &C::beta1, 0, 1, true),
      real_field<C>("beta2", &C::beta2, 0, 1, true),
      real_field<C>("eps", &C::eps, 0, kInf),
      real_field<C>("weight_decay", &C::weight_decay, 0, kInf),
      flag_field<C>("amsgrad", &C::amsgrad),
      flag_field<C>("maximize", &C::maximize),
  };
  return f;
}

void AdamConfig::validate() const { validate_fields(*this, "adam"); }

void Adam::begin_step() {
  const long t = state_.steps;
  // PyTorch: 1 - beta ** step in Python floats (libm's pow, correctly rounded); 1 - beta^t
  // magnifies any error in beta^t by 1/(1 - beta^t), so it must be rounded once, like there.
  const double bc1 = 1.0 - fm::powi(cfg_.beta1, t);
  const double bc2 = 1.0 - fm::powi(cfg_.beta2, t);
  step_size_ = cfg_.lr / bc1;
  bc2_sqrt_ = std::sqrt(bc2);
}

void Adam::update(double* p, const double* grads, std::size_t begin, std::size_t end, double* eff,
                  Accum& acc) {
  const AdamConfig& c = cfg_;
  double* m = state_.buffers.data();
  double* v = m + n_;
  double* vmax = m + 2 * n_;
  double gsq = 0, dsq = 0, psq = 0, vsum = 0;
  std::size_t bad = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double graw = grads[i];
    const double old = p[i];
    double g = c.maximize ? -graw : graw;
    if (c.weight_decay != 0) g = g + c.weight_decay * old;
    m[i] = m[i] * c.beta1 + g * (1.0 - c.beta1);      // exp_avg.mul_(beta1).add_(g, alpha=1-beta1)
    v[i] = v[i] * c.beta2 + (1.0 - c.beta2) * g * g;  // exp_avg_sq.mul_(beta2).addcmul_(g, g, 1-beta2)
    double second = v[i];
    if (c.amsgrad) {
      vmax[i] = vmax[i] > v[i] ? vmax[i] : v[i];
      second = vmax[i];
    }
    const double denom = std::sqrt(second) / bc2_sqrt_ + c.eps;
    const double np = old + -step_size_ * m[i] / denom;  // p.addcdiv_(m, denom, value=-step_size)
    p[i] = np;
    eff[i - begin] = step_size_ / denom;
    accumulate(graw, old, np, second, gsq, dsq, psq, vsum, bad);
  }
  acc = Accum{gsq, dsq, psq, vsum, bad};
}

}  // namespace rp
