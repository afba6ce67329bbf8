#include "optim/adagrad.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rp {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

const std::vector<Field<AdagradConfig>>& AdagradConfig::fields() {
  using C = AdagradConfig;
  static const std::vector<Field<C>> f = {
      real_field<C>("lr", &C::lr, 0, kInf),
      real_field<C>("lr_decay", &C::lr_decay, 0, kInf),
      real_field<C>("weight_decay", &C::weight_decay, 0, kInf),
      real_field<C>("initial_accumulator_value", &C::initial_accumulator_value, 0, kInf),
      real_field<C>("eps", &C::eps, 0, kInf),
      flag_field<C>("maximize", &C::maximize),
  };
  return f;
}

void AdagradConfig::validate() const { validate_fields(*this, "adagrad"); }

void Adagrad::on_reset() {
  if (n_ == 0) return;
  std::fill_n(state_.buffers.data(), state_.buffers.size(), cfg_.initial_accumulator_value);
}

void Adagrad::begin_step() {
  clr_ = cfg_.lr / (1.0 + static_cast<double>(state_.steps - 1) * cfg_.lr_decay);
}

void Adagrad::update(double* p, const double* grads, std::size_t begin, std::size_t end, double* eff,
                     Accum& acc) {
  const AdagradConfig& c = cfg_;
  double* sum = state_.buffers.data();
  double gsq = 0, dsq = 0, psq = 0, vsum = 0;
  std::size_t bad = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double graw = grads[i];
    const double old = p[i];
    double g = c.maximize ? -graw : graw;
    if (c.weight_decay != 0) g = g + c.weight_decay * old;
    sum[i] = sum[i] + 1.0 * g * g;  // state_sum.addcmul_(g, g, value=1)
    const double denom = std::sqrt(sum[i]) + c.eps;
    const double np = old + -clr_ * g / denom;  // p.addcdiv_(g, std, value=-clr)
    p[i] = np;
    eff[i - begin] = clr_ / denom;
    accumulate(graw, old, np, sum[i], gsq, dsq, psq, vsum, bad);
  }
  acc = Accum{gsq, dsq, psq, vsum, bad};
}

}  // namespace rp
