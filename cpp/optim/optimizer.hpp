// The optimizer interface: one update rule over one flat parameter buffer.
//
// Following ensmallen, the update rule knows nothing of networks: it sees a flat array of
// parameters, the matching gradient, and a partition of the array into groups (one group per
// layer) for which it reports diagnostics after every step. State is sized on first use;
// hyperparameters may change between steps without losing state (the page changes lr live).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/xt.hpp"

namespace rp {

// A contiguous slice [offset, offset + size) of the flat buffer; groups partition the buffer.
struct ParamGroup {
  std::size_t offset = 0;
  std::size_t size = 0;
};

// What one step did to one group. All RMS values are sqrt(mean(x^2)) over the group's
// coordinates; the step-size figures describe the per-coordinate effective step, i.e. the
// factor the rule multiplies the (momentum-)gradient by: lr/(sqrt(v)+eps) for RMSProp,
// lr/(sqrt(v)+eps) with bias correction for Adam, clr/(sqrt(sum)+eps) for Adagrad, lr for SGD.
struct GroupStats {
  double grad_rms = 0;      // of the gradient passed in (before weight decay / maximize)
  double update_rms = 0;    // of new - old parameter values
  double param_rms = 0;     // of the parameters after the step
  double update_ratio = 0;  // update_rms / param_rms (0 when param_rms is 0)
  double accum_rms = 0;     // sqrt(mean(v)) of the second-moment accumulator (0 for SGD)
  double step_min = 0, step_p10 = 0, step_median = 0, step_p90 = 0, step_max = 0;
  std::size_t nonfinite = 0;  // parameters that are NaN or +-Inf after the step
};
constexpr int kGroupStatsFields = 11;  // fields of GroupStats as exported (nonfinite as a double)
// The names of those fields in order, for exports ("grad_rms", ..., "step_max").
const char* const* group_stats_names();

// Everything that evolves during training, so a step can be undone (see Trainer).
struct OptimizerState {
  Vec buffers;      // (k * n): the rule's k per-coordinate buffers, concatenated
  long steps = 0;               // steps taken since the last reset
  int flags = 0;                // rule-specific (SGD: momentum buffer initialised)
};

// A hyperparameter as the generic interface sees it: PyTorch's name, its allowed range.
struct HyperParamInfo {
  std::string key;
  bool flag = false;          // boolean, set as 0 or 1
  double lo = 0, hi = 0;      // allowed range for reals (inclusive unless hi_open)
  bool hi_open = false;
  double value = 0;           // current value
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  // "rmsprop", "sgd", "adam" or "adagrad".
  virtual std::string name() const = 0;

  // One update of params (n values) from grads. On first use (or after reset) the state is
  // sized to n; later calls must pass the same n. Stats for each group are in stats().
  void step(double* params, const double* grads, std::size_t n);

  // Forget the accumulated state (buffers and step count); keep hyperparameters and groups.
  void reset();

  // Partition of the buffer into groups (validated on the next step against n).
  // Empty means one group covering everything.
  void set_groups(std::vector<ParamGroup> groups);
  const std::vector<ParamGroup>& groups() const { return groups_; }
  const std::vector<GroupStats>& stats() const { return stats_; }
  long steps() const { return state_.steps; }
  std::size_t size() const { return n_; }

  // Generic access by PyTorch name; booleans as 0/1. set() validates (std::invalid_argument
  // naming "<optimizer>.<key>", the value and the allowed range) and keeps the state.
  virtual void set(const std::string& key, double value) = 0;
  virtual double get(const std::string& key) const = 0;
  virtual std::vector<HyperParamInfo> hyperparams() const = 0;

  const OptimizerState& state() const { return state_; }
  // s must come from the same optimizer and size, or be a snapshot taken before the first
  // step (empty buffers), which makes the optimizer unsized again as after reset().
  void restore(const OptimizerState& s);

 protected:
  // Scalars the rule needs once per step (e.g. bias corrections), computed before the loops.
  virtual void begin_step() {}
  // Per-coordinate buffers the rule keeps (RMSProp 3: v, g_avg, momentum).
  virtual std::size_t buffers_per_param() const = 0;
  // Update params[i] for i in [begin, end); write the effective step of each coordinate into
  // eff[i - begin]; add to acc the group's sums. The rule's own state is state_.buffers.
  struct Accum {
    double gsq = 0, dsq = 0, psq = 0, v = 0;
    std::size_t nonfinite = 0;
  };
  virtual void update(double* params, const double* grads, std::size_t begin, std::size_t end,
                      double* eff, Accum& acc) = 0;
  // Has a second-moment accumulator (reported as accum_rms).
  virtual bool has_accumulator() const { return true; }
  virtual void on_reset() {}

  std::size_t n_ = 0;
  OptimizerState state_;

 private:
  std::vector<ParamGroup> groups_;
  std::vector<GroupStats> stats_;
  Vec eff_;  // (n) scratch: each coordinate's effective step size
};

// Fold one coordinate into a group's sums (shared by every rule's inner loop).
inline void accumulate(double g, double old_p, double new_p, double v, double& gsq, double& dsq,
                       double& psq, double& vsum, std::size_t& nonfinite) {
  const double d = new_p - old_p;
  gsq += g * g;
  dsq += d * d;
  psq += new_p * new_p;
  vsum += v;
  nonfinite += !(new_p - new_p == 0.0);  // false for NaN and +-Inf
}

// Quantiles 0, 0.1, 0.5, 0.9, 1 of v[0..m) with linear interpolation (NumPy's default);
// reorders v. m must be > 0.
void quantiles5(double* v, std::size_t m, double out[5]);

}  // namespace rp
