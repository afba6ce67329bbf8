#include "nn/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/check.hpp"
#include "core/fmath.hpp"
#include "nn/gemm.hpp"

namespace rp {

namespace {
std::string field_of(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}
}  // namespace

void validate_layer_sizes(const std::vector<int>& layers, const std::string& prefix, const NetworkLimits& limits) {
  const std::string f = field_of(prefix, "layers");
  const long long hidden = static_cast<long long>(layers.size()) - 2;
  if (layers.size() < 2 || hidden < limits.min_hidden || hidden > limits.max_hidden)
    fail(f, "has " + std::to_string(hidden < 0 ? 0 : hidden) + " hidden layers" +
                (layers.size() < 2 ? " and no output layer" : "") + "; allowed: " +
                std::to_string(limits.min_hidden) + ".." + std::to_string(limits.max_hidden) +
                " (sizes are listed input first, output last)");
  check_int_range(f + "[0]", layers.front(), 1, limits.max_inputs);
  for (std::size_t i = 1; i + 1 < layers.size(); ++i)
    check_int_range(f + "[" + std::to_string(i) + "]", layers[i], 1, limits.max_neurons);
  check_int_range(f + "[" + std::to_string(layers.size() - 1) + "]", layers.back(), 1, limits.max_outputs);
}

void NetworkSpec::validate(const std::string& prefix) const {
  validate_layer_sizes(layers, prefix, limits);
  parse_activation(field_of(prefix, "activation"), activation, false);
  parse_activation(field_of(prefix, "output"), output, true);
  parse_loss(field_of(prefix, "loss"), loss);
  parse_regularization(field_of(prefix, "regularization"), regularization);
  check_range(field_of(prefix, "reg_rate"), reg_rate, 0, 10);
  parse_init(field_of(prefix, "init"), init);
}

Mlp::Mlp(const NetworkSpec& spec) : spec_(spec) {
  spec_.validate();
  sizes_ = spec_.layers;
  hidden_ = parse_activation("network.activation", spec_.activation, false);
  out_act_ = parse_activation("network.output", spec_.output, true);
  loss_ = parse_loss("network.loss", spec_.loss);
  reg_ = parse_regularization("network.regularization", spec_.regularization);
  std::size_t at = 0;
  for (int l = 0; l < num_layers(); ++l) {
    const std::size_t n = std::size_t(fan_out(l)) * (fan_in(l) + 1);
    groups_.push_back({at, n});
    at += n;
    wt_.push_back(xt::zeros<double>({std::size_t(fan_in(l)), std::size_t(fan_out(l))}));
  }
  params_ = xt::zeros<double>({at});
  act_.resize(num_layers());
}

int Mlp::check_layer(int l) const {
  if (l < 0 || l >= num_layers())
    check_int_range("layer", l, 0, num_layers() - 1);
  return l;
}

Mat Mlp::get_weight(int l) const {
  check_layer(l);
  Mat W = xt::zeros<double>({std::size_t(fan_out(l)), std::size_t(fan_in(l))});
  std::copy_n(params_.data() + groups_[l].offset, W.size(), W.data());
  return W;
}

Vec Mlp::get_bias(int l) const {
  check_layer(l);
  Vec b = xt::zeros<double>({std::size_t(fan_out(l))});
  std::copy_n(params_.data() + groups_[l].offset + W_size(l), b.size(), b.data());
  return b;
}

void Mlp::set_layer(int l, const Mat& W, const Vec& b) {
  check_layer(l);
  const std::string f = "weights[" + std::to_string(l) + "]";
  if (W.shape(0) != std::size_t(fan_out(l)) || W.shape(1) != std::size_t(fan_in(l)))
    fail(f + ".W", "has shape (" + std::to_string(W.shape(0)) + ", " + std::to_string(W.shape(1)) +
                       "); expected (" + std::to_string(fan_out(l)) + ", " + std::to_string(fan_in(l)) +
                       ") as W[out][in]");
  if (b.shape(0) != std::size_t(fan_out(l)))
    fail(f + ".b", "has " + std::to_string(b.shape(0)) + " values; expected " + std::to_string(fan_out(l)));
  for (double v : W) check_finite(f + ".W", v);
  for (double v : b) check_finite(f + ".b", v);
  std::copy(W.begin(), W.end(), params_.data() + groups_[l].offset);
  std::copy(b.begin(), b.end(), params_.data() + groups_[l].offset + W_size(l));
}

void Mlp::init(std::uint64_t seed) {
  Rng rng(seed);
  const Init scheme = parse_init("network.init", spec_.init);
  for (int l = 0; l < num_layers(); ++l) {
    double* W = params_.data() + groups_[l].offset;
    double* b = W + W_size(l);
    const double in = fan_in(l), out = fan_out(l);
    for (std::size_t i = 0; i < W_size(l); ++i) {
      switch (scheme) {
        case Init::xavier: {
          const double a = std::sqrt(6.0 / (in + out));
          W[i] = rng.uniform(-a, a);
          break;
        }
        case Init::he: W[i] = rng.normal(0.0, std::sqrt(2.0 / in)); break;
        case Init::uniform: W[i] = rng.uniform(-0.5, 0.5); break;
      }
    }
    std::fill_n(b, fan_out(l), scheme == Init::uniform ? 0.1 : 0.0);
  }
}

const double* Mlp::forward(const double* x, std::size_t batch) {
  if (batch == 0) fail("forward", "the batch is empty");
  if (batch > capacity_) {
    capacity_ = batch;
    for (int l = 0; l < num_layers(); ++l) act_[l].resize({batch, std::size_t(fan_out(l))});
    logits_.resize({batch, std::size_t(outputs())});
    pred_.resize({batch, std::size_t(outputs())});
    int widest = 0;
    for (int s : sizes_) widest = std::max(widest, s);
    delta_.resize({batch, std::size_t(widest)});
    delta_prev_.resize({batch, std::size_t(widest)});
  }
  batch_ = batch;
  x_ = x;
  for (int l = 0; l < num_layers(); ++l) {
    const std::size_t in = fan_in(l), out = fan_out(l);
    // Transpose W (out, in) to W^T (in, out) so the inner loop below is an axpy over outputs:
    // each z[o] is still summed in the order i = 0..in-1, whatever the compiler vectorises.
    const double* W = params_.data() + groups_[l].offset;
    const double* b = W + out * in;
    double* wt = wt_[l].data();
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < in; ++i) wt[i * out + o] = W[o * in + i];
    const double* a_prev = l == 0 ? x : act_[l - 1].data();
    double* z = act_[l].data();
    // z = b + a_prev W^T, each z[n][o] summed over i in order.
    gemm_acc(batch, in, out, a_prev, in, 1, wt, out, b, z, out);
    const bool last = l == num_layers() - 1;
    if (last) std::copy_n(z, batch * out, logits_.data());
    activate(last ? out_act_ : hidden_, z, z, batch * out);
  }
  return act_.back().data();
}

double Mlp::loss(const double* y) const {
  const std::size_t m = batch_ * outputs();
  double sum = 0.0;
  if (loss_ == Loss::mse) {
    const double* a = act_.back().data();
    for (std::size_t k = 0; k < m; ++k) {
      const double d = a[k] - y[k];
      sum += d * d;
    }
  } else {
    // BCEWithLogits: log(1 + e^z) - z y, per element, mean.
    const double* z = logits_.data();
    for (std::size_t k = 0; k < m; ++k) sum += fm::softplus(z[k]) - z[k] * y[k];
  }
  return sum / static_cast<double>(m);
}

double Mlp::reg_loss() const {
  if (reg_ == Regularization::none || spec_.reg_rate == 0) return 0.0;
  double sum = 0.0;
  for (int l = 0; l < num_layers(); ++l) {
    const double* W = params_.data() + groups_[l].offset;
    for (std::size_t i = 0; i < W_size(l); ++i) sum += reg_ == Regularization::l1 ? std::fabs(W[i]) : 0.5 * W[i] * W[i];
  }
  return spec_.reg_rate * sum;
}

void Mlp::backward(const double* y, double* grad) {
  if (batch_ == 0) fail("backward", "call forward() first");
  const std::size_t m = batch_ * outputs();
  const double scale = 1.0 / static_cast<double>(m);
  double* delta = delta_.data();
  double* delta_prev = delta_prev_.data();
  if (loss_ == Loss::mse) {
    const double* a = act_.back().data();
    for (std::size_t k = 0; k < m; ++k) delta[k] = 2.0 * (a[k] - y[k]) * scale;
    activate_backward(out_act_, a, delta, delta, m);
  } else {
    const double* z = logits_.data();
    for (std::size_t k = 0; k < m; ++k) delta[k] = (fm::sigmoid(z[k]) - y[k]) * scale;
  }
  for (int l = num_layers() - 1; l >= 0; --l) {
    const std::size_t in = fan_in(l), out = fan_out(l);
    const double* a_prev = l == 0 ? x_ : act_[l - 1].data();
    double* gW = grad + groups_[l].offset;
    double* gb = gW + out * in;
    // dW = delta^T a_prev (delta read transposed), db = sum over rows of delta; each entry
    // summed over n in order.
    gemm_acc(out, batch_, in, delta, 1, out, a_prev, in, nullptr, gW, in);
    std::fill_n(gb, out, 0.0);
    for (std::size_t n = 0; n < batch_; ++n) {
      const double* dn = delta + n * out;
      for (std::size_t o = 0; o < out; ++o) gb[o] += dn[o];
    }
    if (reg_ != Regularization::none && spec_.reg_rate != 0) {
      const double* W = params_.data() + groups_[l].offset;
      const double r = spec_.reg_rate;
      for (std::size_t i = 0; i < out * in; ++i)
        gW[i] += reg_ == Regularization::l2 ? r * W[i] : r * double((W[i] > 0) - (W[i] < 0));
    }
    if (l == 0) break;
    // delta_prev = (delta W) * f'(a_prev), each entry summed over o in order.
    const double* W = params_.data() + groups_[l].offset;
    gemm_acc(batch_, out, in, delta, out, 1, W, in, nullptr, delta_prev, in);
    activate_backward(hidden_, a_prev, delta_prev, delta_prev, batch_ * in);
    std::swap(delta, delta_prev);
  }
}

const double* Mlp::predictions() {
  const std::size_t m = batch_ * outputs();
  if (loss_ == Loss::bce) {
    const double* z = logits_.data();
    double* p = pred_.data();
    for (std::size_t k = 0; k < m; ++k) p[k] = fm::sigmoid(z[k]);
    return pred_.data();
  }
  return act_.back().data();
}

const double* Mlp::activations(int l) const { return act_[check_layer(l)].data(); }

}  // namespace rp
