#include "optim/sgd.hpp"

#include <limits>

namespace rp {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kBufferReady = 1;  // state_.flags bit: the momentum buffer holds a value
}

const std::vector<Field<SGDConfig>>& SGDConfig::fields() {
  using C = SGDConfig;
  static const std::vector<Field<C>> f = {
      real_field<C>("lr", &C::lr, 0, kInf),
      // PyTorch's checks: momentum >= 0, dampening any number (the page offers 0..0.99 and 0..1).
      real_field<C>("momentum", &C::momentum, 0, kInf),
      real_field<C>("dampening", &C::dampening, -kInf, kInf),
      real_field<C>("weight_decay", &C::weight_decay, 0, kInf),
      flag_field<C>("nesterov", &C::nesterov),
      flag_field<C>("maximize", &C::maximize),
  };
  return f;
}

void SGDConfig::validate() const {
  validate_fields(*this, "sgd");
  if (nesterov && (momentum <= 0 || dampening != 0))
    fail("sgd.nesterov", "Nesterov momentum requires momentum > 0 and dampening = 0 (got momentum " +
                             fmt_num(momentum) + ", dampening " + fmt_num(dampening) + ")");
}

void SGD::update(double* p, const double* grads, std::size_t begin, std::size_t end, double* eff,
                 Accum& acc) {
  const SGDConfig& c = cfg_;
  double* buf = state_.buffers.data();
  // PyTorch creates the buffer as a copy of the first momentum step's gradient.
  const bool first = !(state_.flags & kBufferReady);
  double gsq = 0, dsq = 0, psq = 0, vsum = 0;
  std::size_t bad = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double graw = grads[i];
    const double old = p[i];
    double d = c.maximize ? -graw : graw;
    if (c.weight_decay != 0) d = d + c.weight_decay * old;
    if (c.momentum != 0) {
      buf[i] = first ? d : buf[i] * c.momentum + (1.0 - c.dampening) * d;
      d = c.nesterov ? d + c.momentum * buf[i] : buf[i];
    }
    const double np = old + -c.lr * d;
    p[i] = np;
    eff[i - begin] = c.lr;
    accumulate(graw, old, np, 0.0, gsq, dsq, psq, vsum, bad);
  }
  // The last group of the step marks the buffer ready (groups run in order within a step).
  if (c.momentum != 0 && end == n_) state_.flags |= kBufferReady;
  acc = Accum{gsq, dsq, psq, vsum, bad};
}

}  // namespace rp
