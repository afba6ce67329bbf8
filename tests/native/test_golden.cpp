// Replays PyTorch's own trajectories (torch.optim, float64) and requires every number within
// |got - want| <= 1e-9 |want| + 1e-12, the tolerance of shared/golden/README.md.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "golden_path.hpp"
#include "io/golden.hpp"

using rp::json;

namespace {

json load_golden() {
  std::ifstream f(golden_path());
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

}  // namespace

TEST_CASE("every PyTorch reference case is reproduced within 1e-9 relative", "[golden]") {
  const json doc = load_golden();
  REQUIRE(doc.at("format") == "rmsprop-golden/1");
  REQUIRE(doc.at("cases").size() >= 20);
  INFO("golden file: " << golden_path());
  for (const auto& c : doc.at("cases")) {
    const std::string name = c.at("name").get<std::string>();
    SECTION(name) {
      const json got = rp::replay_case(c);
      const auto mismatches = rp::compare_expected(got, c.at("expected"), 1e-9, 1e-12);
      std::string first;
      for (std::size_t i = 0; i < mismatches.size() && i < 5; ++i) first += mismatches[i] + "\n";
      INFO(name << ": " << mismatches.size() << " mismatches\n" << first);
      CHECK(mismatches.empty());
    }
  }
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
