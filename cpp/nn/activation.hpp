// Activations, losses and initialisation schemes of the tiny MLP, by name.
#pragma once

#include <string>
#include <vector>

namespace rp {

enum class Activation { tanh, relu, sigmoid, linear };
enum class Loss { mse, bce };
enum class Init { xavier, he, uniform };
enum class Regularization { none, l1, l2 };

Activation parse_activation(const std::string& field, const std::string& name, bool output);
Loss parse_loss(const std::string& field, const std::string& name);
Init parse_init(const std::string& field, const std::string& name);
Regularization parse_regularization(const std::string& field, const std::string& name);
const char* to_string(Activation a);

const std::vector<std::string>& hidden_activation_names();  // tanh relu sigmoid linear
const std::vector<std::string>& output_activation_names();  // linear tanh sigmoid
const std::vector<std::string>& loss_names();               // mse bce
const std::vector<std::string>& init_names();               // xavier he uniform
const std::vector<std::string>& regularization_names();     // none l1 l2

// y = f(z) over n values (may alias).
void activate(Activation a, const double* z, double* y, std::size_t n);
// dz = dy * f'(z), with f' written in terms of the output y = f(z) (ReLU's f'(0) = 0).
void activate_backward(Activation a, const double* y, const double* dy, double* dz, std::size_t n);

}  // namespace rp
