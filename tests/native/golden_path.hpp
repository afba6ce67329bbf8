// Where the PyTorch reference trajectories are: $RP_GOLDEN, else the project's shared folder
// beside the checkout (../shared/golden), else the copy kept in tests/golden/.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

inline std::string golden_path() {
  if (const char* env = std::getenv("RP_GOLDEN")) return env;
  const std::string shared = std::string(RP_SOURCE_DIR) + "/../shared/golden/torch_reference.json";
  if (std::ifstream(shared).good()) return shared;
  return std::string(RP_SOURCE_DIR) + "/tests/golden/torch_reference.json";
}
