// RMSProp: divide each coordinate's step by a running root-mean-square of its gradient.
//
// Tieleman & Hinton, "Lecture 6.5 - rmsprop", Coursera: Neural Networks for Machine Learning
// (2012); the centered variant is Graves, "Generating Sequences With Recurrent Neural
// Networks" (2013), eq. 38-45. Update order and names follow torch.optim.RMSprop (PyTorch
// 1.13, _single_tensor_rmsprop), with g the gradient (negated if maximize):
//
//   g   <- g + weight_decay * p
//   v   <- alpha * v + (1 - alpha) * g^2
//   avg <- sqrt(v) + eps                      (centered: sqrt(v - g_avg^2) + eps,
//                                               g_avg <- alpha * g_avg + (1 - alpha) * g)
//   momentum > 0:  buf <- momentum * buf + g / avg;  p <- p - lr * buf
//   otherwise:     p <- p - lr * g / avg
//
// Two switches beyond PyTorch: eps_in_sqrt divides by sqrt(v + eps) as Keras, TensorFlow and
// tfjs do; initial_accumulator starts v at that value (TF1's RMSPropOptimizer starts at 1).
//
// | key                 | default | range   |
// |---------------------|---------|---------|
// | lr                  | 0.01    | >= 0    |
// | alpha               | 0.99    | [0, 1]  |
// | eps                 | 1e-8    | >= 0    |
// | weight_decay        | 0       | >= 0    |
// | momentum            | 0       | [0, 1]  |
// | centered            | false   |         |
// | maximize            | false   |         |
// | eps_in_sqrt         | false   |         |
// | initial_accumulator | 0       | >= 0    |
#pragma once

#include <string>
#include <vector>

#include "optim/hyperparams.hpp"

namespace rp {

struct RMSPropConfig {
  double lr = 0.01;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0.0;
  double momentum = 0.0;
  bool centered = false;
  bool maximize = false;
  bool eps_in_sqrt = false;
  double initial_accumulator = 0.0;

  void validate() const;
  static const std::vector<Field<RMSPropConfig>>& fields();
};

// Named presets: "pytorch" (the defaults above), "keras" (lr 0.001, alpha 0.9, eps 1e-7,
// eps inside the sqrt), "tf1" (lr 0.001, alpha 0.9, eps 1e-10, eps inside the sqrt, v starts
// at 1), "hinton2012" (lr 0.001, alpha 0.9, eps 1e-8).
RMSPropConfig rmsprop_preset(const std::string& name);
const std::vector<std::string>& rmsprop_preset_names();

class RMSProp final : public ConfiguredOptimizer<RMSPropConfig> {
 public:
  explicit RMSProp(const RMSPropConfig& c = {}) : ConfiguredOptimizer(c) {}
  std::string name() const override { return "rmsprop"; }

 protected:
  std::size_t buffers_per_param() const override { return 3; }  // v, g_avg, momentum buffer
  void update(double* p, const double* g, std::size_t begin, std::size_t end, double* eff,
              Accum& acc) override;
  void on_reset() override;
};

}  // namespace rp
