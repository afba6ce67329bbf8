// rp_bench: the workloads of shared/bench/WORKLOADS.md on the native engine.
// Prints one line per workload (median steps/s over the repetitions, min-max, GFLOP/s) and,
// with --json FILE, the same as JSON. Options: --reps N (default 5), --only small|large.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "io/json_config.hpp"
#include "train/trainer.hpp"

namespace {

struct Workload {
  const char* name;
  int points;
  std::vector<int> hidden;
  long steps;
};

rp::TrainerConfig config_for(const Workload& w) {
  rp::TrainerConfig c;
  c.dataset.name = "spiral";
  c.dataset.n = w.points;
  c.dataset.noise = 0.1;
  c.dataset.train_ratio = 1.0;  // the forward pass covers every point
  c.hidden = w.hidden;
  c.activation = "tanh";
  c.output = "tanh";
  c.loss = "mse";
  c.optimizer.name = "rmsprop";
  c.optimizer.values = {{"lr", 0.01}, {"alpha", 0.9}, {"eps", 1e-8}};
  return c;
}

// Multiply-adds of one step: forward z = a W^T, backward dW = delta^T a and delta W (not for
// the first layer).
double madds_per_step(const rp::Mlp& m, int points) {
  double total = 0;
  for (int l = 0; l < m.num_layers(); ++l) {
    const double mm = double(points) * m.fan_in(l) * m.fan_out(l);
    total += mm * (l == 0 ? 2 : 3);
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 5;
  std::string only, json_path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--only" && i + 1 < argc) only = argv[++i];
    else if (a == "--json" && i + 1 < argc) json_path = argv[++i];
    else {
      std::fprintf(stderr, "usage: rp_bench [--reps N] [--only small|large] [--json FILE]\n");
      return 2;
    }
  }
  const std::vector<Workload> workloads = {{"small", 512, {8, 8}, 2000}, {"large", 2048, {32, 32, 32}, 300}};
  rp::json results = rp::json::array();
  std::printf("%-8s %-6s %12s %22s %10s %10s\n", "engine", "work", "steps/s", "min-max", "ms/step", "GFLOP/s");
  for (const auto& w : workloads) {
    if (!only.empty() && only != w.name) continue;
    std::vector<double> rates;
    double flops = 0;
    for (int r = 0; r < reps; ++r) {
      rp::Trainer t(config_for(w));
      t.step(20);  // warm-up
      const auto t0 = std::chrono::steady_clock::now();
      const long done = t.step(w.steps);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (done != w.steps || t.divergence().stopped) {
        std::fprintf(stderr, "rp_bench: %s stopped early: %s\n", w.name, t.divergence().message.c_str());
        return 1;
      }
      rates.push_back(done / s);
      flops = 2 * madds_per_step(t.model(), w.points);
    }
    std::vector<double> sorted = rates;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    char range[64];
    std::snprintf(range, sizeof range, "%.0f-%.0f", sorted.front(), sorted.back());
    std::printf("%-8s %-6s %12.0f %22s %10.4f %10.2f\n", "native", w.name, median, range, 1000.0 / median,
                median * flops / 1e9);
    results.push_back({{"engine", "native"}, {"workload", w.name}, {"median", median}, {"min", sorted.front()},
                       {"max", sorted.back()}, {"reps", reps}, {"steps", w.steps}, {"gflops", median * flops / 1e9}, {"rates", rates}});
  }
  if (!json_path.empty()) std::ofstream(json_path) << results.dump(2) << "\n";
  return 0;
}
