#include "nn/activation.hpp"

#include "core/check.hpp"
#include "core/fmath.hpp"

namespace rp {

const std::vector<std::string>& hidden_activation_names() {
  static const std::vector<std::string> v = {"tanh", "relu", "sigmoid", "linear"};
  return v;
}
const std::vector<std::string>& output_activation_names() {
  static const std::vector<std::string> v = {"linear", "tanh", "sigmoid"};
  return v;
}
const std::vector<std::string>& loss_names() {
  static const std::vector<std::string> v = {"mse", "bce"};
  return v;
}
const std::vector<std::string>& init_names() {
  static const std::vector<std::string> v = {"xavier", "he", "uniform"};
  return v;
}
const std::vector<std::string>& regularization_names() {
  static const std::vector<std::string> v = {"none", "l1", "l2"};
  return v;
}

Activation parse_activation(const std::string& field, const std::string& name, bool output) {
  const auto& allowed = output ? output_activation_names() : hidden_activation_names();
  if (name == "tanh") return Activation::tanh;
  if (name == "sigmoid") return Activation::sigmoid;
  if (name == "linear") return Activation::linear;
  if (name == "relu" && !output) return Activation::relu;
  fail_unknown(field, name, allowed);
}

Loss parse_loss(const std::string& field, const std::string& name) {
  if (name == "mse") return Loss::mse;
  if (name == "bce") return Loss::bce;
  fail_unknown(field, name, loss_names());
}

Init parse_init(const std::string& field, const std::string& name) {
  if (name == "xavier") return Init::xavier;
  if (name == "he") return Init::he;
  if (name == "uniform") return Init::uniform;
  fail_unknown(field, name, init_names());
}

Regularization parse_regularization(const std::string& field, const std::string& name) {
  if (name == "none") return Regularization::none;
  if (name == "l1") return Regularization::l1;
  if (name == "l2") return Regularization::l2;
  fail_unknown(field, name, regularization_names());
}

const char* to_string(Activation a) {
  switch (a) {
    case Activation::tanh: return "tanh";
    case Activation::relu: return "relu";
    case Activation::sigmoid: return "sigmoid";
    case Activation::linear: return "linear";
  }
  return "?";
}

void activate(Activation a, const double* z, double* y, std::size_t n) {
  switch (a) {
    case Activation::tanh:
      fm::tanh_n(z, y, n);
      break;
    case Activation::relu:
      for (std::size_t i = 0; i < n; ++i) y[i] = z[i] > 0 ? z[i] : 0.0;
      break;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < n; ++i) y[i] = fm::sigmoid(z[i]);
      break;
    case Activation::linear:
      if (y != z)
        for (std::size_t i = 0; i < n; ++i) y[i] = z[i];
      break;
  }
}

void activate_backward(Activation a, const double* y, const double* dy, double* dz, std::size_t n) {
  switch (a) {
    case Activation::tanh:
      for (std::size_t i = 0; i < n; ++i) dz[i] = dy[i] * (1.0 - y[i] * y[i]);
      break;
    case Activation::relu:
      for (std::size_t i = 0; i < n; ++i) dz[i] = y[i] > 0 ? dy[i] : 0.0;
      break;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < n; ++i) dz[i] = dy[i] * (y[i] * (1.0 - y[i]));
      break;
    case Activation::linear:
      if (dz != dy)
        for (std::size_t i = 0; i < n; ++i) dz[i] = dy[i];
      break;
  }
}

}  // namespace rp
