// A tiny fully-connected network whose parameters live in one flat buffer.
//
// Layout (after llm.c): for each layer l in order, W_l as (out, in) row-major, which is
// PyTorch's nn.Linear layout, then b_l (out). Each layer is one optimizer group, so the
// optimizer is one loop over one array and exporting the weights is one copy.
//
//   z_l = a_{l-1} W_l^T + b_l   (batch, out)      a_0 = x (batch, in)
//   a_l = f_l(z_l)              hidden f = activation, last f = output activation
//
// Losses (golden README conventions): mse = mean over all batch*out elements of (a_L - y)^2,
// no 1/2; bce = BCEWithLogits on z_L, mean (the output activation does not enter the loss;
// predictions are then sigmoid(z_L)). Regularization adds rate * sum|W| (l1) or
// rate * 1/2 sum W^2 (l2) over weights, not biases, to the gradient; loss() reports the data
// loss and reg_loss() the penalty separately.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/xt.hpp"
#include "nn/activation.hpp"
#include "optim/optimizer.hpp"

namespace rp {

// What a network may be. kPlaygroundLimits are the playground's (the trainer, the page, the JS
// API): 1..8 hidden layers of 1..64 neurons, 1..16 inputs and outputs. The replay of reference
// files (rmsprop-golden/1) takes any network PyTorch can train there, up to a memory bound:
// no hidden layer at all (logistic regression) or wider ones are legitimate reference cases.
struct NetworkLimits {
  int min_hidden, max_hidden, max_neurons, max_inputs, max_outputs;
};
constexpr int kMaxHiddenLayers = 8;
constexpr int kMaxNeurons = 64;
constexpr int kMaxInputs = 16;
constexpr int kMaxOutputs = 16;
constexpr NetworkLimits kPlaygroundLimits{1, kMaxHiddenLayers, kMaxNeurons, kMaxInputs, kMaxOutputs};
constexpr NetworkLimits kReferenceLimits{0, 16, 1024, 1024, 1024};

struct NetworkSpec {
  std::vector<int> layers = {2, 4, 2, 1};  // sizes, input first, output last
  std::string activation = "tanh";         // hidden: tanh|relu|sigmoid|linear
  std::string output = "tanh";             // linear|tanh|sigmoid
  std::string loss = "mse";                // mse|bce
  std::string regularization = "none";     // none|l1|l2
  double reg_rate = 0.0;                   // [0, 10]
  std::string init = "xavier";             // xavier|he|uniform
  NetworkLimits limits = kPlaygroundLimits;
  // Throws std::invalid_argument naming the field ("network.layers[1]", ...) and the range
  // (limits; by default 1..8 hidden layers of 1..64 neurons, 1..16 inputs, 1..16 outputs).
  // prefix names the spec in messages ("" for none: "loss: ...").
  void validate(const std::string& prefix = "network") const;
};

class Mlp {
 public:
  explicit Mlp(const NetworkSpec& spec);

  const NetworkSpec& spec() const { return spec_; }
  int num_layers() const { return static_cast<int>(sizes_.size()) - 1; }  // weight layers
  int fan_in(int l) const { return sizes_[l]; }
  int fan_out(int l) const { return sizes_[l + 1]; }
  int inputs() const { return sizes_.front(); }
  int outputs() const { return sizes_.back(); }
  std::size_t num_params() const { return params_.size(); }

  // The flat parameter buffer and its per-layer groups (one group = one layer's W then b).
  double* params() { return params_.data(); }
  const double* params() const { return params_.data(); }
  const std::vector<ParamGroup>& groups() const { return groups_; }

  // Views into the buffer in PyTorch's layout: W (out, in), b (out).
  // (check_layer runs first: the shape arguments below read sizes_[l + 1].)
  auto weight(int l) {
    const std::size_t off = groups_[check_layer(l)].offset;
    return xt::adapt(params_.data() + off,
                     std::array<std::size_t, 2>{std::size_t(fan_out(l)), std::size_t(fan_in(l))});
  }
  auto bias(int l) {
    const std::size_t off = groups_[check_layer(l)].offset;
    return xt::adapt(params_.data() + off + W_size(l), std::array<std::size_t, 1>{std::size_t(fan_out(l))});
  }
  // Copying accessors and setters with shape and finiteness checks.
  Mat get_weight(int l) const;
  Vec get_bias(int l) const;
  void set_layer(int l, const Mat& W, const Vec& b);

  // Initialises every layer from the seeded generator with the spec's scheme:
  // xavier: W ~ U(-a, a), a = sqrt(6 / (in + out)), b = 0 (Glorot & Bengio 2010);
  // he: W ~ N(0, 2 / in), b = 0 (He et al. 2015); uniform: W ~ U(-0.5, 0.5), b = 0.1 (TF Playground).
  void init(std::uint64_t seed);

  // Forward pass over batch rows of x (batch, inputs); keeps every layer's output for
  // backward() and activations(). Returns the output (batch, outputs), valid until the next call.
  const double* forward(const double* x, std::size_t batch);
  // Data loss of the last forward pass against y (batch, outputs).
  double loss(const double* y) const;
  // Gradient of loss(y) + regularization penalty w.r.t. every parameter, into grad (num_params)
  // (overwritten). Requires the forward pass of the same batch.
  void backward(const double* y, double* grad);
  // Regularization penalty at the current weights.
  double reg_loss() const;

  // Predictions of the last forward pass: the output activation's values, or sigmoid(z) for
  // bce. (batch, outputs), valid until the next forward.
  const double* predictions();
  // Output of layer l (0 = first hidden) of the last forward pass: (batch, fan_out(l)).
  const double* activations(int l) const;

 private:
  int check_layer(int l) const;
  std::size_t W_size(int l) const { return std::size_t(fan_out(l)) * fan_in(l); }

  NetworkSpec spec_;
  std::vector<int> sizes_;
  Activation hidden_, out_act_;
  Loss loss_;
  Regularization reg_;
  std::vector<ParamGroup> groups_;
  Vec params_;            // (P): every layer's W (out, in) then b (out), in order
  std::vector<Mat> wt_;   // W_l^T (in_l, out_l), refreshed by every forward()

  // Workspace, grown to the largest batch seen (capacity rows; the last forward pass uses the
  // first batch_ of them); no allocation in the steady state.
  std::size_t batch_ = 0, capacity_ = 0;
  const double* x_ = nullptr;
  std::vector<Mat> act_;      // a_l (capacity, out_l), l = 1..L
  Mat logits_;                // z_L (capacity, outputs), for bce and predictions
  Mat pred_;                  // (capacity, outputs)
  Mat delta_, delta_prev_;    // dL/dz of the current and previous layer (capacity, widest layer)
};

// Validated bounds shared by the page: limits on the network's shape.
void validate_layer_sizes(const std::vector<int>& layers, const std::string& prefix = "network",
                          const NetworkLimits& limits = kPlaygroundLimits);

}  // namespace rp
