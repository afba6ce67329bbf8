// Builds any optimizer from its name and PyTorch-named values (what JSON configs, the page and
// the replay tool hand over).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "optim/optimizer.hpp"

namespace rp {

struct OptimizerSpec {
  std::string name = "rmsprop";  // rmsprop|sgd|adam|adagrad
  std::string preset;            // rmsprop only: pytorch|keras|tf1|hinton2012 (applied first)
  std::vector<std::pair<std::string, double>> values;  // overrides, booleans as 0/1
};

const std::vector<std::string>& optimizer_names();

// Throws std::invalid_argument naming the field ("optimizer.name", "rmsprop.lr", ...).
std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec);

}  // namespace rp
