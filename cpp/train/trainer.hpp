// The trainer owns the data, the model and the optimizer, and records what every step did.
//
// One step = forward over one batch (the whole train split by default) + backward + one
// optimizer update + the per-layer diagnostics. The losses recorded for step t are measured
// at the parameters *before* that step's update (the convention of the golden files), over the
// whole train split and the whole test split.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "nn/mlp.hpp"
#include "optim/factory.hpp"
#include "train/history.hpp"

namespace rp {

struct TrainerConfig {
  DatasetSpec dataset;
  std::vector<std::string> features = {"x1", "x2"};  // the network's inputs, 1..7 distinct names
  std::vector<int> hidden = {4, 2};                  // hidden layer sizes: 1..8 layers of 1..64
  std::string activation = "tanh";
  std::string output = "tanh";
  std::string loss = "mse";
  std::string regularization = "none";
  double reg_rate = 0.0;
  std::string init = "xavier";
  OptimizerSpec optimizer;
  int batch_size = 0;      // 0 = full batch; otherwise 1..10000 (a last short batch per epoch)
  std::uint64_t seed = 1;  // weight initialisation and mini-batch order
  std::size_t history_limit = 20000;
  // Training also stops when the training loss exceeds this many times its value at the first
  // step (0 = never). RMSProp's steps are bounded (|update| <= lr / sqrt(1 - alpha)), so a bad
  // setting rarely overflows to Inf; it blows the loss up instead. 0 or [2, 1e12].
  double divergence_factor = 1e4;

  // The network these settings describe: [features, hidden..., 1].
  NetworkSpec network() const;
  void validate() const;  // everything above, std::invalid_argument naming the field
};

// Why training stopped.
struct Divergence {
  bool stopped = false;
  long step = 0;          // the step (1-based) whose computation went bad
  std::string quantity;   // "loss", "gradient", "parameter", "accumulator" or "loss_growth"
  int layer = -1;         // 0-based layer index, -1 for the loss
  std::string message;    // a sentence for people, with a hint
};

// Losses and accuracies at the current parameters. Accuracy is NaN for regression, test
// figures NaN when the test split is empty.
struct Evaluation {
  double train_loss, test_loss, train_acc, test_acc;
};

class Trainer {
 public:
  explicit Trainer(const TrainerConfig& config);

  const TrainerConfig& config() const { return cfg_; }
  Problem problem() const { return problem_; }

  // Runs up to k steps (k >= 0); stops early when a non-finite value appears. Returns the
  // number of steps taken.
  long step(long k);
  long steps() const { return steps_; }
  long epoch() const { return epoch_; }
  const Divergence& divergence() const { return div_; }
  // Clears a divergence so training can go on from the last good state (e.g. after lowering lr);
  // after a loss-growth stop, the loss at the next step becomes the new reference.
  void resume();

  // Re-initialises the weights from the seed, clears optimizer state, counters and history.
  // Data (including the user's points) is kept.
  void reset();

  // Optimizer: a live change keeps the state; a different optimizer starts fresh.
  void set_hyperparam(const std::string& key, double value);
  void set_optimizer(const OptimizerSpec& spec);
  const Optimizer& optimizer() const { return *opt_; }
  void set_batch_size(int batch_size);

  // Data. Points keep their split; user points survive regenerate_data().
  const std::vector<Point>& points() const { return points_; }
  void regenerate_data(const DatasetSpec& spec);
  // label: class 0/1 for classification, a value in [-1, 1] for regression. Returns its index.
  std::size_t add_point(double x1, double x2, double label, bool test = false);
  void remove_point(std::size_t index);
  // Index of the point nearest (x1, x2) within radius, or -1.
  long nearest_point(double x1, double x2, double radius) const;
  // Replaces every point (e.g. a CSV upload); each is validated.
  void set_points(const std::vector<Point>& points);
  std::size_t train_size() const { return train_idx_.size(); }
  std::size_t test_size() const { return test_idx_.size(); }

  Mlp& model() { return *model_; }
  const Mlp& model() const { return *model_; }
  const History& history() const { return history_; }
  void clear_history() { history_.reset(model_->num_layers()); }
  Evaluation evaluate();

  // The square [lo, hi]^2 the data lives in (TF Playground's [-6, 6], grown to fit user points).
  double domain() const;
  // n x n network outputs (prediction of output 0) over [-domain, domain]^2 at cell centres;
  // row 0 is the top (largest x2), column 0 the left (smallest x1). n in 2..512.
  std::vector<double> decision_grid(int n);
  // Every neuron's output over the same n x n grid: layer by layer, neuron by neuron.
  std::vector<double> neuron_grids(int n);

 private:
  void rebuild_splits();
  void build_targets(const std::vector<std::size_t>& idx, std::vector<double>& x, std::vector<double>& y) const;
  double target_of(const Point& p) const;
  void eval_split(const std::vector<double>& x, const std::vector<double>& y, std::size_t n,
                  double& loss, double& acc);
  bool diverge(const std::string& quantity, int layer, long step);
  bool diverge_at(std::size_t cursor, const std::string& quantity, int layer, long step);
  void next_batch(std::vector<std::size_t>& batch);
  void validate_point(const Point& p, const std::string& field) const;

  TrainerConfig cfg_;
  Problem problem_;
  std::vector<Feature> features_;
  std::unique_ptr<Mlp> model_;
  std::unique_ptr<Optimizer> opt_;
  History history_;
  Divergence div_;
  long steps_ = 0, epoch_ = 0;
  double first_loss_ = 0;  // training loss at the first step since reset (for divergence_factor)
  double last_loss_ = 0;   // the loss that tripped divergence_factor

  std::vector<Point> points_;
  std::vector<std::size_t> train_idx_, test_idx_;
  std::vector<double> train_x_, train_y_, test_x_, test_y_;  // features (n, inputs), targets (n, 1)

  // Mini-batch order: a permutation of the train split, reshuffled every epoch.
  Rng batch_rng_;
  std::vector<std::size_t> order_;
  std::size_t cursor_ = 0;
  std::vector<double> batch_x_, batch_y_;

  std::vector<double> grad_;
  std::vector<double> saved_params_;
  OptimizerState saved_state_;
};

}  // namespace rp
