// The `rmsprop-golden/1` format (see shared/golden/README.md): reference trajectories of
// optimizers alone (stream), on 2-D functions (surface) and training an MLP (mlp).
#pragma once

#include <string>
#include <vector>

#include "io/json_config.hpp"

namespace rp {

// Runs one case through our engine and returns its `expected` section.
// Throws std::invalid_argument naming the field of a malformed case.
json replay_case(const json& c);

// Replays every case of a document; each case gets `expected` from our engine, or, if the
// case cannot be run, an "error" string instead (errors counts them).
json replay_document(const json& doc, int& errors);

// Number-by-number comparison of two `expected` sections: every mismatch beyond
// |got - want| <= rtol |want| + atol (and every shape difference) as "path: got X, want Y".
std::vector<std::string> compare_expected(const json& got, const json& want, double rtol, double atol,
                                          const std::string& path = "expected");

}  // namespace rp
