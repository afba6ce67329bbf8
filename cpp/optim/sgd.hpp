// Stochastic gradient descent with optional (Nesterov) momentum, as torch.optim.SGD
// (PyTorch 1.13, _single_tensor_sgd); Sutskever et al. 2013 for the Nesterov form.
//
//   g <- g + weight_decay * p                  (g negated first if maximize)
//   momentum != 0:  buf <- g on the first step, else momentum * buf + (1 - dampening) * g
//                   g <- g + momentum * buf if nesterov, else buf
//   p <- p - lr * g
//
// | key          | default | range  |
// |--------------|---------|--------|
// | lr           | 0.01    | >= 0   |
// | momentum     | 0       | [0, 1] |
// | dampening    | 0       | [0, 1] |
// | weight_decay | 0       | >= 0   |
// | nesterov     | false   | needs momentum > 0 and dampening = 0 |
// | maximize     | false   |        |
#pragma once

#include "optim/hyperparams.hpp"

namespace rp {

struct SGDConfig {
  double lr = 0.01;
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
  bool maximize = false;

  void validate() const;
  static const std::vector<Field<SGDConfig>>& fields();
};

class SGD final : public ConfiguredOptimizer<SGDConfig> {
 public:
  explicit SGD(const SGDConfig& c = {}) : ConfiguredOptimizer(c) {}
  std::string name() const override { return "sgd"; }

 protected:
  std::size_t buffers_per_param() const override { return 1; }  // momentum buffer
  bool has_accumulator() const override { return false; }
  void update(double* p, const double* g, std::size_t begin, std::size_t end, double* eff,
              Accum& acc) override;
};

}  // namespace rp
