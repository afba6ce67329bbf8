// Adagrad (Duchi, Hazan & Singer 2011), as torch.optim.Adagrad (PyTorch 1.13,
// _single_tensor_adagrad). With g negated first if maximize, and t the step:
//
//   g <- g + weight_decay * p
//   clr <- lr / (1 + (t - 1) * lr_decay)
//   sum <- sum + g^2                          (sum starts at initial_accumulator_value)
//   p <- p - clr * g / (sqrt(sum) + eps)
//
// | key                       | default | range |
// |---------------------------|---------|-------|
// | lr                        | 0.01    | >= 0  |
// | lr_decay                  | 0       | >= 0  |
// | weight_decay              | 0       | >= 0  |
// | initial_accumulator_value | 0       | >= 0  |
// | eps                       | 1e-10   | >= 0  |
// | maximize                  | false   |       |
#pragma once

#include "optim/hyperparams.hpp"

namespace rp {

struct AdagradConfig {
  double lr = 0.01;
  double lr_decay = 0.0;
  double weight_decay = 0.0;
  double initial_accumulator_value = 0.0;
  double eps = 1e-10;
  bool maximize = false;

  void validate() const;
  static const std::vector<Field<AdagradConfig>>& fields();
};

class Adagrad final : public ConfiguredOptimizer<AdagradConfig> {
 public:
  explicit Adagrad(const AdagradConfig& c = {}) : ConfiguredOptimizer(c) {}
  std::string name() const override { return "adagrad"; }

 protected:
  std::size_t buffers_per_param() const override { return 1; }  // sum of squares
  void begin_step() override;
  void on_reset() override;
  void update(double* p, const double* g, std::size_t begin, std::size_t end, double* eff,
              Accum& acc) override;

 private:
  double clr_ = 0;
};

}  // namespace rp
