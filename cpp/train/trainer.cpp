#include "train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <limits>
#include <stdexcept>

#include "core/check.hpp"

namespace rp {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxCoord = 1000.0;   // user and uploaded points must lie in [-1000, 1000]^2

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
  check_int_range("batch_size", batch_size, 0, kMaxBatchSize);
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
  grad_ = xt::zeros<double>({model_->num_params()});
  reset();
}

void Trainer::reset() {
  model_->init(cfg_.seed);
  opt_->reset();
  steps_ = 0;
  epoch_ = 0;
  first_loss_ = 0;
  stall_run_ = 0;
  snap_.valid = false;
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
  stall_run_ = 0;
}

double Trainer::target_of(const Point& p) const {
  if (problem_ == Problem::regression) return p.label;
  const bool zero_one = cfg_.loss == "bce" || cfg_.output == "sigmoid";
  return zero_one ? p.label : 2.0 * p.label - 1.0;
}

void Trainer::build_targets(const std::vector<std::size_t>& idx, Mat& x, Mat& y) const {
  const std::size_t d = features_.size();
  x.resize({idx.size(), d});
  y.resize({idx.size(), 1});
  for (std::size_t k = 0; k < idx.size(); ++k) {
    const Point& p = points_[idx[k]];
    compute_features(features_, p.x1, p.x2, x.data() + k * d);
    y(k, 0) = target_of(p);
  }
}

void Trainer::rebuild_splits() {
  snap_.valid = false;  // a loss on new data is not the last update's fault
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

void Trainer::eval_split(const Mat& x, const Mat& y, std::size_t n, double& loss, double& acc) {
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
  const double* target = y.data();
  for (std::size_t k = 0; k < n; ++k) right += (pred[k] > threshold) == (target[k] > threshold);
  acc = static_cast<double>(right) / static_cast<double>(n);
}

long Trainer::step(long k) {
  if (k < 0) fail("step", std::to_string(k) + " steps requested; allowed: >= 0");
  if (k == 0) return 0;
  if (train_idx_.empty()) fail("data", "the train split is empty; add points or regenerate the data");
  const long start = steps_;
  std::vector<std::size_t> batch;
  for (long n = 0; n < k && !div_.stopped; ++n)
    if (!step_once(batch)) break;
  return std::max(0L, steps_ - start);
}

bool Trainer::step_once(std::vector<std::size_t>& batch) {
  const std::size_t P = model_->num_params();
  const int L = model_->num_layers();
  const long t = steps_ + 1;
  double row[kNumSeries];
  // Losses at the parameters before this step's update, over whole splits.
  eval_split(test_x_, test_y_, test_idx_.size(), row[kTestLoss], row[kTestAcc]);
  const bool full = cfg_.batch_size == 0 || std::size_t(cfg_.batch_size) >= train_idx_.size();
  const double* bx = train_x_.data();
  const double* by = train_y_.data();
  std::size_t bn = train_idx_.size();
  const std::size_t cursor_before = cursor_;
  // The training forward pass gives the train loss and accuracy (and, for a full batch, the
  // activations backward needs).
  eval_split(train_x_, train_y_, bn, row[kTrainLoss], row[kTrainAcc]);
  if (!std::isfinite(row[kTrainLoss])) return stop_after_update(cursor_before, "loss", -1);
  double batch_loss = row[kTrainLoss];
  if (!full) {
    next_batch(batch);
    const std::size_t d = features_.size();
    batch_x_.resize({batch.size(), d});
    batch_y_.resize({batch.size(), 1});
    for (std::size_t j = 0; j < batch.size(); ++j) {
      std::copy_n(train_x_.data() + batch[j] * d, d, batch_x_.data() + j * d);
      batch_y_(j, 0) = train_y_(batch[j], 0);
    }
    bx = batch_x_.data();
    by = batch_y_.data();
    bn = batch.size();
    model_->forward(bx, bn);
    batch_loss = model_->loss(by);
    if (!std::isfinite(batch_loss)) return stop_after_update(cursor_before, "loss", -1);
  }
  if (first_loss_ == 0) first_loss_ = row[kTrainLoss];
  if (cfg_.divergence_factor > 0 && row[kTrainLoss] > cfg_.divergence_factor * first_loss_) {
    last_train_loss_ = row[kTrainLoss];
    return stop_after_update(cursor_before, "loss_growth", -1);
  }

  model_->backward(by, grad_.data());
  bool all_zero = true;
  for (int l = 0; l < L; ++l) {
    const ParamGroup& g = model_->groups()[l];
    const double* gl = grad_.data() + g.offset;
    std::size_t bad = 0, nonzero = 0;
    for (std::size_t i = 0; i < g.size; ++i) {
      bad += !(gl[i] - gl[i] == 0.0);
      nonzero += gl[i] != 0.0;
    }
    if (bad) return stop_after_update(cursor_before, "gradient", l);
    all_zero = all_zero && nonzero == 0;
  }
  // A zero gradient with a zero loss is a solved batch, not a stall: it neither counts nor
  // breaks the run (mini-batches of points already fitted come between stuck ones).
  if (!all_zero) stall_run_ = 0;
  else if (batch_loss > 0 && ++stall_run_ >= kStallSteps) return stalled(cursor_before, t, batch_loss, bn);

  // Keep the state this update changes so it can be undone (here, or at the next step).
  // (no allocation after the first step: same shape, same storage)
  if (snap_.params.size() != P) snap_.params.resize({P});
  std::copy_n(model_->params(), P, snap_.params.data());
  snap_.opt = opt_->state();
  snap_.epoch = epoch_;
  snap_.cursor = cursor_before;
  snap_.reshuffled = false;
  opt_->step(model_->params(), grad_.data(), P);
  for (int l = 0; l < L; ++l) {
    const GroupStats& s = opt_->stats()[l];
    const bool bad_param = s.nonfinite > 0;
    if (bad_param || !std::isfinite(s.accum_rms)) {
      std::copy_n(snap_.params.data(), P, model_->params());
      opt_->restore(snap_.opt);
      return stop_here(cursor_before, bad_param ? "parameter" : "accumulator", l, t);
    }
  }

  steps_ = t;
  if (full) {
    epoch_ = steps_;
  } else if (cursor_ >= order_.size()) {
    ++epoch_;
    // Kept so the update can be undone with its batch order (once per epoch: cheap).
    snap_.order = order_;
    snap_.rng = batch_rng_;
    snap_.reshuffled = true;
    for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[batch_rng_.below(i)]);
    cursor_ = 0;
  }
  snap_.valid = true;
  row[kStep] = static_cast<double>(steps_);
  row[kEpoch] = static_cast<double>(epoch_);
  row[kLr] = opt_->get("lr");
  history_.record(row, opt_->stats());
  return true;
}

void Trainer::set_hyperparam(const std::string& key, double value) { opt_->set(key, value); }

void Trainer::set_optimizer(const OptimizerSpec& spec) {
  auto next = make_optimizer(spec);
  next->set_groups(model_->groups());
  opt_ = std::move(next);
  cfg_.optimizer = spec;
  snap_.valid = false;
}

void Trainer::set_batch_size(int batch_size) {
  check_int_range("batch_size", batch_size, 0, kMaxBatchSize);
  cfg_.batch_size = batch_size;
  cursor_ = 0;
  snap_.valid = false;
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

}  // namespace rp
