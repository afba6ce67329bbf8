// Adam (Kingma & Ba 2015) with the AMSGrad variant (Reddi et al. 2018), as torch.optim.Adam
// (PyTorch 1.13, _single_tensor_adam). With g negated first if maximize, and t the step:
//
//   g <- g + weight_decay * p
//   m <- beta1 * m + (1 - beta1) * g;     v <- beta2 * v + (1 - beta2) * g^2
//   v_max <- max(v_max, v) if amsgrad, and v_max is used for v below
//   denom <- sqrt(v) / sqrt(1 - beta2^t) + eps
//   p <- p - (lr / (1 - beta1^t)) * m / denom
//
// | key          | default | range  |
// |--------------|---------|--------|
// | lr           | 0.001   | >= 0   |
// | beta1        | 0.9     | [0, 1) |
// | beta2        | 0.999   | [0, 1) |
// | eps          | 1e-8    | >= 0   |
// | weight_decay | 0       | >= 0   |
// | amsgrad      | false   |        |
// | maximize     | false   |        |
#pragma once

#include "optim/hyperparams.hpp"

namespace rp {

struct AdamConfig {
  double lr = 0.001;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
  bool maximize = false;

  void validate() const;
  static const std::vector<Field<AdamConfig>>& fields();
};

class Adam final : public ConfiguredOptimizer<AdamConfig> {
 public:
  explicit Adam(const AdamConfig& c = {}) : ConfiguredOptimizer(c) {}
  std::string name() const override { return "adam"; }

 protected:
  std::size_t buffers_per_param() const override { return 3; }  // m, v, v_max
  void begin_step() override;
  void update(double* p, const double* g, std::size_t begin, std::size_t end, double* eff,
              Accum& acc) override;

 private:
  double step_size_ = 0, bc2_sqrt_ = 0;
};

}  // namespace rp
