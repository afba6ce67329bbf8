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
#include <string_view>
#include <vector>

#include "core/rng.hpp"
#include "data/dataset.hpp"
#include "nn/mlp.hpp"
#include "optim/factory.hpp"
#include "train/history.hpp"

namespace rp {

// Limits of the trainer's integer arguments (the bindings check JavaScript numbers against them
// before any cast).
constexpr int kMaxBatchSize = 10000;
constexpr int kMaxDecisionGrid = 512;   // decision_grid(n): n in 2..512
constexpr int kMaxNeuronGrid = 128;     // neuron_grids(n): n in 2..128
// A run of this many consecutive steps (full batches or mini-batches) in which every gradient
// is exactly zero while the loss is not stops training as "stalled".
constexpr int kStallSteps = 20;

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
//
// A stop never leaves a bad state behind: the update that produced it is undone, so step is
// always the step whose update went bad (1-based), and the weights and optimizer state are
// those from before it (steps() == step - 1). A non-finite parameter or accumulator is seen
// right after the update; a non-finite loss or gradient, or a loss grown past
// divergence_factor, only at the next step's forward pass, so that step's history row is
// already recorded (it shows what the bad update did) and stays. When no update can be blamed
// (the first step, or the weights, data or optimizer were changed since), nothing is undone and
// step is the step that could not run.
struct Divergence {
  bool stopped = false;
  long step = 0;          // the step whose update went bad (or that could not run)
  // "loss", "gradient", "parameter", "accumulator", "loss_growth", or "stalled" (every gradient
  // exactly zero for kStallSteps steps in a row while the loss is not: saturated or dead units)
  std::string quantity;
  // 0-based layer: the layer that went bad; for "loss" and "loss_growth" the layer the undone
  // update changed most relative to its size; for "stalled" the first layer whose units are
  // saturated or dead. -1 when no layer can be named.
  int layer = -1;
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

  // Runs up to k steps (k >= 0; 0 does nothing, even without training data); stops early when
  // training diverges or stalls (see Divergence). Returns how many steps this call added to
  // steps() (a stop can undo the last step of an earlier call; the count never goes below 0).
  long step(long k);
  long steps() const { return steps_; }
  long epoch() const { return epoch_; }
  const Divergence& divergence() const { return div_; }
  // Clears a stop so training goes on from the state before the bad update (e.g. after
  // lowering lr), retrying that step; after a loss-growth stop, the loss at the next step
  // becomes the new reference.
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

  // Mutable access may change the weights, so the last update can no longer be undone.
  Mlp& model() {
    snap_.valid = false;
    return *model_;
  }
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
  void build_targets(const std::vector<std::size_t>& idx, Mat& x, Mat& y) const;
  double target_of(const Point& p) const;
  void eval_split(const Mat& x, const Mat& y, std::size_t n, double& loss, double& acc);
  bool step_once(std::vector<std::size_t>& batch);
  // A stop found before this step's update: gives its mini-batch back.
  bool stop_here(std::size_t cursor, const char* quantity, int layer, long step);
  // A stop caused by the state the last update produced: undoes that update when it can.
  bool stop_after_update(std::size_t cursor, const char* quantity, int layer);
  bool stalled(std::size_t cursor, long step, double loss, std::size_t rows);
  void set_stop(const char* quantity, int layer, long step, const std::string& what, std::string_view hint);
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
  double last_train_loss_ = 0;  // the loss that tripped divergence_factor
  int stall_run_ = 0;      // consecutive steps with every gradient exactly zero and a loss > 0

  std::vector<Point> points_;
  std::vector<std::size_t> train_idx_, test_idx_;
  Mat train_x_, test_x_;  // features (n, inputs)
  Mat train_y_, test_y_;  // targets (n, 1)

  // Mini-batch order: a permutation of the train split, reshuffled every epoch.
  Rng batch_rng_;
  std::vector<std::size_t> order_;
  std::size_t cursor_ = 0;
  Mat batch_x_, batch_y_;  // this step's mini-batch rows (batch, inputs), (batch, 1)

  Vec grad_;  // (P) the gradient of the flat parameter buffer

  // Everything the last update changed, taken just before it, so a stop can undo it: a copy of
  // the flat parameter and optimizer buffers into storage sized at the first step and reused
  // (a memcpy per step; npm run bench shows no measurable cost). valid: the last update can
  // still be undone (false after a stop, reset, a new optimizer, changed data or weights).
  struct Snapshot {
    bool valid = false;
    Vec params;  // (P)
    OptimizerState opt;
    long epoch = 0;
    std::size_t cursor = 0;          // the mini-batch cursor before the update's batch
    bool reshuffled = false;         // the update ended an epoch and the order was reshuffled:
    std::vector<std::size_t> order;  // the order and generator before that reshuffle
    Rng rng;
  } snap_;
};

}  // namespace rp
