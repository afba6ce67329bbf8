// JSON forms of the core's configs, for the replay tool, tests and the bindings.
// Parsing is strict: an unknown key or a value of the wrong type is a std::invalid_argument
// naming the field ("optimizer.lr: expected a number, got a string").
#pragma once

#include "io/json.hpp"

#include "data/dataset.hpp"
#include "nn/mlp.hpp"
#include "optim/factory.hpp"
#include "surfaces/surface.hpp"
#include "train/trainer.hpp"

namespace rp {

using json = Json;

// {"name": "rmsprop", "preset": "keras", "lr": 0.01, "centered": true, ...}
OptimizerSpec optimizer_from_json(const json& j, const std::string& field = "optimizer");
json optimizer_to_json(const Optimizer& opt);

DatasetSpec dataset_from_json(const json& j, const std::string& field = "dataset");
NetworkSpec network_from_json(const json& j, const std::string& field = "model",
                              const NetworkLimits& limits = kPlaygroundLimits);
SurfaceSpec surface_from_json(const json& j, const std::string& field = "function");
// {"dataset": {...}, "features": [...], "hidden": [...], "activation": ..., "optimizer": {...}, ...}
TrainerConfig trainer_config_from_json(const json& j);

// Weights in PyTorch's layout: [{"W": [[...] x out], "b": [...]}, ...], one per layer.
json weights_to_json(const Mlp& net);
// Sets every layer (shapes and finiteness checked, nothing changed on error).
void set_weights_from_json(Mlp& net, const json& weights, const std::string& field = "weights");

// Typed getters that name the field on error.
double get_number(const json& j, const std::string& field);
bool get_bool(const json& j, const std::string& field);
std::string get_string(const json& j, const std::string& field);
const json& get_member(const json& j, const char* key, const std::string& field);
// Rows of numbers: a (rows, cols) matrix; cols = -1 accepts any equal length.
std::vector<std::vector<double>> get_matrix(const json& j, const std::string& field, long cols = -1);
std::vector<double> get_vector(const json& j, const std::string& field);

}  // namespace rp
