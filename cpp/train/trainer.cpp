#include "train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/check.hpp"

namespace rp {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxCoord = 1000.0;   // user and uploaded points must lie in [-1000, 1000]^2
constexpr std::size_t kGridChunk = 4096;  // rows per forward pass when evaluating grids

bool all_finite(const double* v, std::size_t n) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += !(v[i] - v[i] == 0.0);
  return bad == 0;
}

std::string layer_name(int l, int layers) {
  return "layer " + std::to_string(l + 1) + " (" +
         (l == layers - 1 ? std::string("output layer") : "hidden layer " + std::to_string(l + 1)) + ")";
}

}  // namespace

NetworkSpec TrainerConfig::network() const {
  NetworkSpec n;
  n.layers.clear();  // NetworkSpec's default is {2, 4, 2, 1}: start from nothing
  n.layers.push_back(static_cast<int>(features.size()));
  n.layers.insert(n.layers.end(), hidden.begin(), hidden.end());
  n.layers.push_back(1);
  n.activation = activation;
  n.output = output;
  n.loss = loss;
  n.regularization = regularization;
  n.reg_rate = reg_rate;
  n.init = init;
  return n;
}

void TrainerConfig::validate() const {
  dataset.validate();
  if (features.empty() || features.size() > feature_names().size())
    fail("features", std::to_string(features.size()) + " features given; allowed: 1.." +
                         std::to_string(feature_names().size()) + " distinct names");
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto& names = feature_names();  // parse_feature's error would say "feature", not the field
    if (std::find(names.begin(), names.end(), features[i]) == names.end())
      fail_unknown("features[" + std::to_string(i) + "]", features[i], names);
    for (std::size_t j = 0; j < i; ++j)
      if (features[j] == features[i]) fail("features", "'" + features[i] + "' is listed twice");
  }
  if (hidden.empty() || hidden.size() > std::size_t(kMaxHiddenLayers))
    fail("hidden", std::to_string(hidden.size()) + " hidden layers given; allowed: 1.." +
                       std::to_string(kMaxHiddenLayers));
  for (std::size_t i = 0; i < hidden.size(); ++i)
    check_int_range("hidden[" + std::to_string(i) + "]", hidden[i], 1, kMaxNeurons);
  network().validate("");  // errors name the config's own keys: "activation", "loss", ...
  if (loss == "bce" && dataset_problem(dataset.name) == Problem::regression)
    fail("loss", "'bce' needs a classification dataset ('" + dataset.name + "' is a regression dataset); use 'mse'");
  make_optimizer(optimizer);
  check_int_range("batch_size", batch_size, 0, 10000);
  check_int_range("history_limit", static_cast<long long>(history_limit), 16, 10'000'000);
  if (divergence_factor != 0) check_range("divergence_factor", divergence_factor, 2, 1e12);
}

Trainer::Trainer(const TrainerConfig& config) : cfg_(config) {
  cfg_.validate();
  problem_ = dataset_problem(cfg_.dataset.name);
  for (const auto& f : cfg_.features) features_.push_back(parse_feature(f));
  model_ = std::make_unique<Mlp>(cfg_.network());
  opt_ = make_optimizer(cfg_.optimizer);
  opt_->set_groups(model_->groups());
  history_.set_limit(cfg_.history_limit);
  points_ = generate_dataset(cfg_.dataset);
  grad_.assign(model_->num_params(), 0.0);
  reset();
}

void Trainer::reset() {
  model_->init(cfg_.seed);
  opt_->reset();
  steps_ = 0;
  epoch_ = 0;
  first_loss_ = 0;
  div_ = Divergence{};
  history_.reset(model_->num_layers());
  batch_rng_.reseed(cfg_.seed ^ 0x6261746368ULL);  // "batch": a stream apart from the weights'
  rebuild_splits();
}

void Trainer::resume() {
  // After a blow-up stop the current loss becomes the new reference, so training can go on
  // (e.g. with a lower lr) instead of stopping again at once.
  if (div_.quantity == "loss_growth") first_loss_ = 0;
  div_ = Divergence{};
}

double Trainer::target_of(const Point& p) const {
  if (problem_ == Problem::regression) return p.label;
  const bool zero_one = cfg_.loss == "bce" || cfg_.output == "sigmoid";
  return zero_one ? p.label : 2.0 * p.label - 1.0;
}

void Trainer::build_targets(const std::vector<std::size_t>& idx, std::vector<double>& x,
                            std::vector<double>& y) const {
  const std::size_t d = features_.size();
  x.resize(idx.size() * d);
  y.resize(idx.size());
  for (std::size_t k = 0; k < idx.size(); ++k) {
    const Point& p = points_[idx[k]];
    compute_features(features_, p.x1, p.x2, x.data() + k * d);
    y[k] = target_of(p);
  }
}

void Trainer::rebuild_splits() {
  train_idx_.clear();
  test_idx_.clear();
  for (std::size_t i = 0; i < points_.size(); ++i) (points_[i].test ? test_idx_ : train_idx_).push_back(i);
  build_targets(train_idx_, train_x_, train_y_);
  build_targets(test_idx_, test_x_, test_y_);
  // A fresh epoch over the new train split.
  order_.resize(train_idx_.size());
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
  for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[batch_rng_.below(i)]);
  cursor_ = 0;
}

void Trainer::next_batch(std::vector<std::size_t>& batch) {
  const std::size_t bs = std::min<std::size_t>(cfg_.batch_size, order_.size());
  const std::size_t end = std::min(cursor_ + bs, order_.size());
  batch.assign(order_.begin() + cursor_, order_.begin() + end);
  cursor_ = end;
}

void Trainer::eval_split(const std::vector<double>& x, const std::vector<double>& y, std::size_t n,
                         double& loss, double& acc) {
  if (n == 0) {
    loss = acc = kNaN;
    return;
  }
  model_->forward(x.data(), n);
  loss = model_->loss(y.data());
  if (problem_ == Problem::regression) {
    acc = kNaN;
    return;
  }
  const double* pred = model_->predictions();
  const bool zero_one = cfg_.loss == "bce" || cfg_.output == "sigmoid";
  const double threshold = zero_one ? 0.5 : 0.0;
  std::size_t right = 0;
  for (std::size_t k = 0; k < n; ++k) right += (pred[k] > threshold) == (y[k] > threshold);
  acc = static_cast<double>(right) / static_cast<double>(n);
}

bool Trainer::diverge(const std::string& quantity, int layer, long step) {
  div_.stopped = true;
  div_.step = step;
  div_.quantity = quantity;
  div_.layer = layer;
  const int L = model_->num_layers();
  std::string what;
  if (quantity == "loss") what = "the training loss is not finite (NaN or Inf)";
  else if (quantity == "gradient") what = "the gradient of " + layer_name(layer, L) + " is not finite (NaN or Inf)";
  else if (quantity == "parameter") what = "the update of " + layer_name(layer, L) + " made a parameter NaN or Inf";
  else if (quantity == "loss_growth")
    what = "the training loss grew from " + fmt_num(first_loss_) + " to " + fmt_num(last_loss_) + ", more than " +
           fmt_num(cfg_.divergence_factor) + " times its starting value";
  else what = "the optimizer's accumulator of " + layer_name(layer, L) + " overflowed";
  div_.message = "Training stopped at step " + std::to_string(step) + ": " + what + ". " +
                 (quantity == "loss_growth" ? "" : "The parameters are kept at their last finite values. ") +
                 "The steps were too large: try a lower learning rate (lr) or a larger eps, then reset.";
  return false;
}

// A diverging step gives its mini-batch back, so resume() retries the same batch.
bool Trainer::diverge_at(std::size_t cursor, const std::string& quantity, int layer, long step) {
  cursor_ = cursor;
  return diverge(quantity, layer, step);
}

long Trainer::step(long k) {
  if (k < 0) fail("step", std::to_string(k) + " steps requested; allowed: >= 0");
  if (train_idx_.empty()) fail("data", "the train split is empty; add points or regenerate the data");
  const std::size_t P = model_->num_params();
  const int L = model_->num_layers();
  std::vector<std::size_t> batch;
  long done = 0;
  for (; done < k && !div_.stopped; ++done) {
    const long t = steps_ + 1;
    double row[kNumSeries];
    // Losses at the parameters before this step's update, over whole splits.
    eval_split(test_x_, test_y_, test_idx_.size(), row[kTestLoss], row[kTestAcc]);
    const bool full = cfg_.batch_size == 0 || std::size_t(cfg_.batch_size) >= train_idx_.size();
    const double* bx = train_x_.data();
    const double* by = train_y_.data();
    std::size_t bn = train_idx_.size();
    const std::size_t cursor_before = cursor_;
    if (!full) {
      eval_split(train_x_, train_y_, bn, row[kTrainLoss], row[kTrainAcc]);
      next_batch(batch);
      const std::size_t d = features_.size();
      batch_x_.resize(batch.size() * d);
      batch_y_.resize(batch.size());
      for (std::size_t j = 0; j < batch.size(); ++j) {
        std::copy_n(train_x_.data() + batch[j] * d, d, batch_x_.data() + j * d);
        batch_y_[j] = train_y_[batch[j]];
      }
      bx = batch_x_.data();
      by = batch_y_.data();
      bn = batch.size();
      model_->forward(bx, bn);
      if (!std::isfinite(model_->loss(by))) return done + diverge_at(cursor_before, "loss", -1, t);
    } else {
      // The training forward pass gives the train loss and accuracy for free.
      eval_split(train_x_, train_y_, bn, row[kTrainLoss], row[kTrainAcc]);
    }
    if (!std::isfinite(row[kTrainLoss])) return done + diverge_at(cursor_before, "loss", -1, t);
    if (first_loss_ == 0) first_loss_ = row[kTrainLoss];
    if (cfg_.divergence_factor > 0 && row[kTrainLoss] > cfg_.divergence_factor * first_loss_) {
      last_loss_ = row[kTrainLoss];
      return done + diverge_at(cursor_before, "loss_growth", -1, t);
    }

    model_->backward(by, grad_.data());
    for (int l = 0; l < L; ++l) {
      const ParamGroup& g = model_->groups()[l];
      if (!all_finite(grad_.data() + g.offset, g.size)) return done + diverge_at(cursor_before, "gradient", l, t);
    }

    // Keep the last good state so a bad update can be undone.
    saved_params_.assign(model_->params(), model_->params() + P);
    saved_state_ = opt_->state();
    opt_->step(model_->params(), grad_.data(), P);
    for (int l = 0; l < L; ++l) {
      const GroupStats& s = opt_->stats()[l];
      const bool bad_param = s.nonfinite > 0;
      if (bad_param || !std::isfinite(s.accum_rms)) {
        std::copy(saved_params_.begin(), saved_params_.end(), model_->params());
        opt_->restore(saved_state_);
        return done + diverge_at(cursor_before, bad_param ? "parameter" : "accumulator", l, t);
      }
    }

    steps_ = t;
    if (full) {
      epoch_ = steps_;
    } else if (cursor_ >= order_.size()) {
      ++epoch_;
      for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[batch_rng_.below(i)]);
      cursor_ = 0;
    }
    row[kStep] = static_cast<double>(steps_);
    row[kEpoch] = static_cast<double>(epoch_);
    row[kLr] = opt_->get("lr");
    history_.record(row, opt_->stats());
  }
  return done;
}

void Trainer::set_hyperparam(const std::string& key, double value) { opt_->set(key, value); }

void Trainer::set_optimizer(const OptimizerSpec& spec) {
  auto next = make_optimizer(spec);
  next->set_groups(model_->groups());
  opt_ = std::move(next);
  cfg_.optimizer = spec;
}

void Trainer::set_batch_size(int batch_size) {
  check_int_range("batch_size", batch_size, 0, 10000);
  cfg_.batch_size = batch_size;
  cursor_ = 0;
}

void Trainer::validate_point(const Point& p, const std::string& field) const {
  check_range(field + ".x1", p.x1, -kMaxCoord, kMaxCoord);
  check_range(field + ".x2", p.x2, -kMaxCoord, kMaxCoord);
  if (problem_ == Problem::classification) {
    if (p.label != 0.0 && p.label != 1.0)
      fail(field + ".label", fmt_num(p.label) + " is not a class; allowed: 0 or 1");
  } else {
    check_range(field + ".label", p.label, -1, 1);
  }
}

void Trainer::regenerate_data(const DatasetSpec& spec) {
  spec.validate();
  if (dataset_problem(spec.name) != problem_)
    fail("dataset.name", "'" + spec.name + "' is a " +
                          (problem_ == Problem::classification ? "regression" : "classification") +
                          " dataset; switching the problem type needs a new trainer");
  std::vector<Point> next = generate_dataset(spec);
  for (const Point& p : points_)
    if (p.user) next.push_back(p);
  points_ = std::move(next);
  cfg_.dataset = spec;
  rebuild_splits();
}

std::size_t Trainer::add_point(double x1, double x2, double label, bool test) {
  Point p{x1, x2, label, test, true};
  validate_point(p, "point");
  points_.push_back(p);
  rebuild_splits();
  return points_.size() - 1;
}

void Trainer::remove_point(std::size_t index) {
  if (index >= points_.size())
    check_int_range("point.index", static_cast<long long>(index), 0, static_cast<long long>(points_.size()) - 1);
  points_.erase(points_.begin() + static_cast<long>(index));
  rebuild_splits();
}

long Trainer::nearest_point(double x1, double x2, double radius) const {
  check_finite("x1", x1);
  check_finite("x2", x2);
  check_min("radius", radius, 0);
  long best = -1;
  double best_d = radius * radius;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const double dx = points_[i].x1 - x1, dy = points_[i].x2 - x2;
    const double d = dx * dx + dy * dy;
    if (d <= best_d) {
      best_d = d;
      best = static_cast<long>(i);
    }
  }
  return best;
}

void Trainer::set_points(const std::vector<Point>& points) {
  if (points.size() > 100000) check_int_range("points.length", static_cast<long long>(points.size()), 0, 100000);
  for (std::size_t i = 0; i < points.size(); ++i) validate_point(points[i], "points[" + std::to_string(i) + "]");
  points_ = points;
  rebuild_splits();
}

Evaluation Trainer::evaluate() {
  Evaluation e;
  eval_split(train_x_, train_y_, train_idx_.size(), e.train_loss, e.train_acc);
  eval_split(test_x_, test_y_, test_idx_.size(), e.test_loss, e.test_acc);
  return e;
}

double Trainer::domain() const {
  double d = kDomain;
  for (const Point& p : points_) d = std::max({d, std::fabs(p.x1), std::fabs(p.x2)});
  return d > kDomain ? std::ceil(d) : d;
}

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
  check_int_range("grid.n", n, 2, 512);
  std::vector<double> out(std::size_t(n) * n);
  const int outs = model_->outputs();
  for_grid_chunks(*model_, features_, domain(), n, [&](std::size_t first, std::size_t rows) {
    const double* pred = model_->predictions();
    for (std::size_t r = 0; r < rows; ++r) out[first + r] = pred[r * outs];
  });
  return out;
}

std::vector<double> Trainer::neuron_grids(int n) {
  check_int_range("grid.n", n, 2, 128);
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
