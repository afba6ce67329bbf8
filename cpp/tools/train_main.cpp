// rp_train: trains one configuration natively and prints the history and final weights as
// JSON, so other engines (the wasm build) can be compared with it number by number.
// Usage: rp_train --config FILE|- --steps N
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "io/json_config.hpp"
#include "train/trainer.hpp"

int main(int argc, char** argv) {
  std::string config_path;
  long steps = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--config" && i + 1 < argc) config_path = argv[++i];
    else if (a == "--steps" && i + 1 < argc) steps = std::atol(argv[++i]);
    else config_path.clear(), steps = -1, i = argc;
  }
  if (config_path.empty() || steps < 0) {
    std::cerr << "usage: rp_train --config FILE|- --steps N\n";
    return 2;
  }
  std::string text;
  if (config_path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream f(config_path);
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  try {
    rp::Trainer t(rp::trainer_config_from_json(rp::json::parse(text)));
    t.step(steps);
    const rp::History& h = t.history();
    rp::json series, layers = rp::json::array();
    for (int s = 0; s < rp::kNumSeries; ++s) series[rp::series_names()[s]] = h.series(s);
    for (int l = 0; l < h.layers(); ++l) {
      rp::json layer;
      for (int f = 0; f < rp::kGroupStatsFields; ++f) layer[rp::group_stats_names()[f]] = h.layer_series(l, f);
      layers.push_back(layer);
    }
    series["layers"] = layers;
    // NaN (no test split, regression accuracy) has no JSON form; print it as null.
    std::cout << rp::json{{"steps", t.steps()}, {"history", series}, {"weights", rp::weights_to_json(t.model())}}.dump()
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "rp_train: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
