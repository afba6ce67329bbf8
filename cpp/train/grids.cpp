// The decision grid and the per-neuron grids: the network evaluated over an n x n grid of the
// data square, in chunks (Trainer members).
#include "train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>

#include "core/check.hpp"
#include "train/text.hpp"

namespace rp {

namespace {

constexpr std::size_t kGridChunk = 4096;  // rows per forward pass when evaluating grids

}  // namespace

namespace {

// Calls visit(first_row, rows) after a forward pass over each chunk of the n x n grid.
template <class Visit>
void for_grid_chunks(Mlp& model, const std::vector<Feature>& features, double d, int n, Visit visit) {
  const std::size_t total = std::size_t(n) * n, dims = features.size();
  std::vector<double> x(std::min(total, kGridChunk) * dims);
  const double cell = 2.0 * d / n;
  for (std::size_t first = 0; first < total; first += kGridChunk) {
    const std::size_t rows = std::min(kGridChunk, total - first);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t k = first + r, iy = k / n, ix = k % n;
      compute_features(features, -d + (ix + 0.5) * cell, d - (iy + 0.5) * cell, x.data() + r * dims);
    }
    model.forward(x.data(), rows);
    visit(first, rows);
  }
}

}  // namespace

std::vector<double> Trainer::decision_grid(int n) {
  check_int_range("grid.n", n, 2, kMaxDecisionGrid);
  std::vector<double> out(std::size_t(n) * n);
  const int outs = model_->outputs();
  for_grid_chunks(*model_, features_, domain(), n, [&](std::size_t first, std::size_t rows) {
    const double* pred = model_->predictions();
    for (std::size_t r = 0; r < rows; ++r) out[first + r] = pred[r * outs];
  });
  return out;
}

std::vector<double> Trainer::neuron_grids(int n) {
  check_int_range("grid.n", n, 2, kMaxNeuronGrid);
  const std::size_t cells = std::size_t(n) * n;
  std::size_t neurons = 0;
  for (int l = 0; l < model_->num_layers(); ++l) neurons += model_->fan_out(l);
  std::vector<double> out(neurons * cells);
  for_grid_chunks(*model_, features_, domain(), n, [&](std::size_t first, std::size_t rows) {
    std::size_t base = 0;
    for (int l = 0; l < model_->num_layers(); ++l) {
      const std::size_t w = model_->fan_out(l);
      const double* a = model_->activations(l);
      for (std::size_t j = 0; j < w; ++j)
        for (std::size_t r = 0; r < rows; ++r) out[(base + j) * cells + first + r] = a[r * w + j];
      base += w;
    }
  });
  return out;
}

}  // namespace rp
