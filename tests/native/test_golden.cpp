// Replays PyTorch's own trajectories (torch.optim, float64): the public reference file and
// tests/golden/torch_extended.json (scripts/make-golden.py), and requires every number within
// |got - want| <= 1e-9 |want| + 1e-12, the tolerance of shared/golden/README.md.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "golden_path.hpp"
#include "io/golden.hpp"

using rp::json;

namespace {

json load_json(const std::string& path) {
  std::ifstream f(path);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

json load_golden() { return load_json(golden_path()); }

// The cases scripts/make-golden.py computes with torch.optim beyond the public file: every
// optimizer flag and edge value, every surface with every optimizer, MLPs of every shape.
const std::string kExtended = std::string(RP_SOURCE_DIR) + "/tests/golden/torch_extended.json";

// Replays every case of a golden file; every number within the README's tolerance.
void require_golden_file(const std::string& path, std::size_t min_cases) {
  INFO("golden file: " << path);
  const json doc = load_json(path);
  REQUIRE(doc.at("format") == "rmsprop-golden/1");
  REQUIRE(doc.at("cases").size() >= min_cases);
  for (const auto& c : doc.at("cases")) {
    const std::string name = c.at("name").get<std::string>();
    json got;
    try {
      got = rp::replay_case(c);
    } catch (const std::exception& e) {
      FAIL_CHECK(name << ": refused: " << e.what());
      continue;
    }
    const auto mismatches = rp::compare_expected(got, c.at("expected"), 1e-9, 1e-12);
    std::string first;
    for (std::size_t i = 0; i < mismatches.size() && i < 5; ++i) first += mismatches[i] + "\n";
    INFO(name << ": " << mismatches.size() << " mismatches\n" << first);
    CHECK(mismatches.empty());
  }
}

}  // namespace

TEST_CASE("every PyTorch reference case is reproduced within 1e-9 relative", "[golden]") {
  require_golden_file(golden_path(), 20);
}

TEST_CASE("every extended PyTorch case (tests/golden/torch_extended.json) within 1e-9 relative", "[golden]") {
  require_golden_file(kExtended, 250);
}

TEST_CASE("replay_document fills expected for every case and flags bad ones", "[golden]") {
  json doc = load_golden();
  json bad = doc["cases"][0];
  bad["name"] = "broken";
  bad["optimizer"]["lr"] = -1.0;
  doc["cases"].push_back(bad);
  for (auto& c : doc["cases"]) c.erase("expected");
  int errors = -1;
  const json out = rp::replay_document(doc, errors);
  REQUIRE(errors == 1);
  const json& last = out["cases"].back();
  REQUIRE_FALSE(last.contains("expected"));
  REQUIRE(last["error"].get<std::string>().find("rmsprop.lr") != std::string::npos);
  for (std::size_t i = 0; i + 1 < out["cases"].size(); ++i) REQUIRE(out["cases"][i].contains("expected"));
}

TEST_CASE("compare_expected reports shape and value differences", "[golden]") {
  const json want = {{"loss", {1.0, 2.0}}, {"final_loss", 0.5}};
  REQUIRE(rp::compare_expected(want, want, 1e-9, 1e-12).empty());
  json got = want;
  got["loss"][1] = 2.0 + 1e-6;
  auto m = rp::compare_expected(got, want, 1e-9, 1e-12);
  REQUIRE(m.size() == 1);
  REQUIRE(m[0].find("expected.loss[1]") == 0);
  got = want;
  got["loss"].push_back(3.0);
  REQUIRE(rp::compare_expected(got, want, 1e-9, 1e-12).size() == 1);
  got.erase("final_loss");
  REQUIRE(rp::compare_expected(got, want, 1e-9, 1e-12).size() == 2);
}
