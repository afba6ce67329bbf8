#include "optim/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/check.hpp"

namespace rp {

const char* const* group_stats_names() {
  static const char* const names[kGroupStatsFields] = {
      "grad_rms", "update_rms", "param_rms",   "update_ratio", "accum_rms", "step_min",
      "step_p10", "step_median", "step_p90", "step_max",     "nonfinite"};
  return names;
}

void Optimizer::set_groups(std::vector<ParamGroup> groups) { groups_ = std::move(groups); }

void Optimizer::reset() {
  n_ = 0;
  state_ = OptimizerState{};
  stats_.clear();
  on_reset();
}

void Optimizer::restore(const OptimizerState& s) {
  // A snapshot taken before the first step (empty buffers, no steps) means "unsized": the
  // Trainer saves state() before every step, including the first, and restores it when that
  // step produced a non-finite parameter.
  if (s.buffers.size() == 0 && s.steps == 0) {
    n_ = 0;
    state_ = s;
    return;
  }
  if (s.buffers.size() != state_.buffers.size())
    throw std::invalid_argument(name() + ".restore: state of " + std::to_string(s.buffers.size()) +
                                " values does not fit this optimizer's " +
                                std::to_string(state_.buffers.size()));
  state_ = s;
}

void Optimizer::step(double* params, const double* grads, std::size_t n) {
  if (n == 0) fail(name() + ".step", "the parameter buffer is empty");
  if (n_ != 0 && n != n_)
    fail(name() + ".step", "got " + std::to_string(n) + " parameters, but the state was sized for " +
                               std::to_string(n_) + " on first use; call reset() first");
  // Validate the partition before touching anything (including sizing the state on first use).
  std::vector<ParamGroup> one{{0, n}};
  const std::vector<ParamGroup>& groups = groups_.empty() ? one : groups_;
  std::size_t at = 0;
  for (const auto& g : groups) {
    if (g.offset != at || g.size == 0)
      fail(name() + ".groups", "groups must partition the buffer in order with no gaps or empty groups");
    at += g.size;
  }
  if (at != n)
    fail(name() + ".groups", "groups cover " + std::to_string(at) + " of " + std::to_string(n) + " parameters");
  if (n_ == 0) {
    n_ = n;
    state_.buffers = xt::zeros<double>({buffers_per_param() * n});
    state_.steps = 0;
    on_reset();  // rules that start from a non-zero accumulator fill it here
  }

  eff_.resize({n});
  stats_.resize(groups.size());
  ++state_.steps;
  begin_step();
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const std::size_t b = groups[k].offset, m = groups[k].size;
    Accum acc;
    update(params, grads, b, b + m, eff_.data(), acc);
    GroupStats& s = stats_[k];
    const double inv = 1.0 / static_cast<double>(m);
    s.grad_rms = std::sqrt(acc.gsq * inv);
    s.update_rms = std::sqrt(acc.dsq * inv);
    s.param_rms = std::sqrt(acc.psq * inv);
    s.update_ratio = s.param_rms > 0 ? s.update_rms / s.param_rms : 0.0;
    s.accum_rms = has_accumulator() ? std::sqrt(acc.v * inv) : 0.0;
    s.nonfinite = acc.nonfinite;
    double q[5];
    quantiles5(eff_.data(), m, q);
    s.step_min = q[0];
    s.step_p10 = q[1];
    s.step_median = q[2];
    s.step_p90 = q[3];
    s.step_max = q[4];
  }
}

void quantiles5(double* v, std::size_t m, double out[5]) {
  // Ranks needed for q in {0.1, 0.5, 0.9}: floor(q (m-1)) and the next one. nth_element at
  // increasing ranks on the shrinking right part keeps the whole thing O(m).
  const double qs[3] = {0.1, 0.5, 0.9};
  double lo = v[0], hi = v[0];
  for (std::size_t i = 1; i < m; ++i) {
    lo = std::min(lo, v[i]);
    hi = std::max(hi, v[i]);
  }
  out[0] = lo;
  out[4] = hi;
  std::size_t from = 0;
  for (int j = 0; j < 3; ++j) {
    const double pos = qs[j] * static_cast<double>(m - 1);
    const std::size_t r = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(r);
    std::nth_element(v + from, v + r, v + m);
    const double a = v[r];
    double b = a;
    if (r + 1 < m && frac > 0) b = *std::min_element(v + r + 1, v + m);
    out[j + 1] = a + (b - a) * frac;
    from = r;
  }
}

}  // namespace rp
