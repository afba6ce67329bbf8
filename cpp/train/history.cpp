#include "train/history.hpp"

#include "core/check.hpp"

namespace rp {

const char* const* series_names() {
  static const char* const names[kNumSeries] = {"step",     "epoch",    "train_loss", "test_loss",
                                                "train_acc", "test_acc", "lr"};
  return names;
}

History::History(int layers, std::size_t limit) : limit_(limit) {
  set_limit(limit);
  reset(layers);
}

void History::set_limit(std::size_t limit) {
  check_int_range("history.limit", static_cast<long long>(limit), 16, 10'000'000);
  limit_ = limit;
  while (rows_ >= limit_) decimate();
}

void History::reset(int layers) {
  layers_ = layers;
  rows_ = 0;
  stride_ = 1;
  pending_ = 0;
  scalars_.assign(kNumSeries, {});
  per_layer_.assign(std::size_t(layers) * kGroupStatsFields, {});
  const std::size_t reserve = limit_ < 4096 ? limit_ : 4096;
  for (auto& s : scalars_) s.reserve(reserve);
  for (auto& s : per_layer_) s.reserve(reserve);
}

void History::record(const double (&scalars)[kNumSeries], const std::vector<GroupStats>& stats) {
  if (++pending_ < stride_) return;
  pending_ = 0;
  for (int s = 0; s < kNumSeries; ++s) scalars_[s].push_back(scalars[s]);
  for (int l = 0; l < layers_; ++l) {
    const GroupStats& g = stats[l];
    const double f[kGroupStatsFields] = {g.grad_rms, g.update_rms, g.param_rms,  g.update_ratio,
                                         g.accum_rms, g.step_min,  g.step_p10,   g.step_median,
                                         g.step_p90,  g.step_max,  double(g.nonfinite)};
    for (int k = 0; k < kGroupStatsFields; ++k) per_layer_[l * kGroupStatsFields + k].push_back(f[k]);
  }
  if (++rows_ >= limit_) decimate();
}

void History::decimate() {
  // Keep rows 0, 2, 4, ...: the first step stays, the span stays whole.
  const std::size_t before = scalars_.empty() ? 0 : scalars_[0].size();
  auto halve = [](std::vector<double>& v) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < v.size(); r += 2) v[w++] = v[r];
    v.resize(w);
  };
  for (auto& s : scalars_) halve(s);
  for (auto& s : per_layer_) halve(s);
  rows_ = scalars_[0].size();
  // With an even row count the last row was dropped: the next row is due one new stride after
  // the last kept one, i.e. count the dropped row's steps as pending (keeps the spacing even).
  if (before % 2 == 0 && before > 0) pending_ += stride_;
  stride_ *= 2;
}

}  // namespace rp
