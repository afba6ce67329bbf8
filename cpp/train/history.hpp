// Per-step metrics in preallocated, struct-of-arrays buffers (one array per series), ready to
// be handed to charts as typed arrays.
//
// Memory stays bounded: when `limit` rows are filled, every other row is dropped and from then
// on only every stride-th step is recorded (stride doubles each time), so a long run keeps its
// whole span at a coarser resolution instead of losing its beginning.
#pragma once

#include <cstddef>
#include <vector>

#include "optim/optimizer.hpp"

namespace rp {

// The scalar series of one row, in this order.
enum Series : int { kStep, kEpoch, kTrainLoss, kTestLoss, kTrainAcc, kTestAcc, kLr, kNumSeries };
const char* const* series_names();  // "step", "epoch", "train_loss", ...

class History {
 public:
  explicit History(int layers = 0, std::size_t limit = 20000);
  void reset(int layers);
  void set_limit(std::size_t limit);  // >= 16

  // Appends one row (or skips it, see stride). stats has one entry per layer.
  void record(const double (&scalars)[kNumSeries], const std::vector<GroupStats>& stats);

  std::size_t rows() const { return rows_; }
  int layers() const { return layers_; }
  long stride() const { return stride_; }
  // Series s over all rows.
  const std::vector<double>& series(int s) const { return scalars_[s]; }
  // Field f (a GroupStats field index < kGroupStatsFields) of layer l over all rows.
  const std::vector<double>& layer_series(int l, int f) const { return per_layer_[l * kGroupStatsFields + f]; }

 private:
  void decimate();

  int layers_ = 0;
  std::size_t limit_;
  std::size_t rows_ = 0;
  long stride_ = 1, pending_ = 0;
  std::vector<std::vector<double>> scalars_;    // kNumSeries arrays
  std::vector<std::vector<double>> per_layer_;  // layers * kGroupStatsFields arrays
};

}  // namespace rp
