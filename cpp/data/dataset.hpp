// Toy 2-D datasets, seeded and reproducible, after TensorFlow Playground's generators
// (github.com/tensorflow/playground, src/dataset.ts) plus two-moons; and the input feature
// transforms the network sees.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rp {

// One point of the plane. For classification `label` is the class, 0 or 1; for regression it
// is the target value in [-1, 1].
struct Point {
  double x1 = 0, x2 = 0;
  double label = 0;
  bool test = false;  // belongs to the test split
  bool user = false;  // added by hand (kept when the generated points are regenerated)
};

enum class Problem { classification, regression };

struct DatasetSpec {
  std::string name = "circle";  // circle|xor|gauss|spiral|moons (classification), plane|multigauss (regression)
  int n = 500;                  // generated points, 1..10000 (user points come on top)
  double noise = 0.0;           // 0..0.5, TF Playground's 0-50 %
  double train_ratio = 0.5;     // fraction of generated points in the train split, [0.1, 1]
  std::uint64_t seed = 1;
  void validate() const;        // throws std::invalid_argument naming the field and range
};

// The names accepted by DatasetSpec::name, and which problem each one is.
const std::vector<std::string>& dataset_names();
Problem dataset_problem(const std::string& name);  // throws on unknown name

// Generates spec.n points (same spec -> same points, bit for bit on every platform), shuffled
// from the seed, the first round(train_ratio * n) in the train split and the rest marked test.
std::vector<Point> generate_dataset(const DatasetSpec& spec);

// The square the data lives in, [-domain, domain]^2 (6 for every dataset, as in TF Playground).
constexpr double kDomain = 6.0;

// Input features computed from (x1, x2).
enum class Feature { x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 };
const std::vector<std::string>& feature_names();  // "x1","x2","x1sq","x2sq","x1x2","sinx1","sinx2"
Feature parse_feature(const std::string& name);    // throws on unknown name
// Writes features.size() numbers for the point (x1, x2) into out.
void compute_features(const std::vector<Feature>& features, double x1, double x2, double* out);

}  // namespace rp
