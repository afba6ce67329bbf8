// rp_replay: fills every case's `expected` of an rmsprop-golden/1 file with our engine's
// results. Usage: rp_replay --in FILE --out FILE   (FILE may be - for stdin / stdout)
// Exit status: 0 all cases replayed, 1 some cases carry an "error" instead, 2 bad usage or input.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "io/golden.hpp"

namespace {

int usage(const std::string& why) {
  std::cerr << "rp_replay: " << why << "\nusage: rp_replay --in FILE --out FILE  (- for stdin/stdout)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string in, out;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--in" || a == "--out") && i + 1 < argc) (a == "--in" ? in : out) = argv[++i];
    else if (a == "-h" || a == "--help") return usage("replays rmsprop-golden/1 files"), 0;
    else return usage("unknown argument '" + a + "'");
  }
  if (in.empty() || out.empty()) return usage("both --in and --out are required");

  std::string text;
  if (in == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream f(in, std::ios::binary);
    if (!f) return usage("cannot read '" + in + "'");
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  rp::json doc;
  try {
    doc = rp::json::parse(text);
  } catch (const std::exception& e) {
    std::cerr << "rp_replay: " << in << " is not valid JSON: " << e.what() << "\n";
    return 2;
  }
  int errors = 0;
  rp::json result;
  try {
    result = rp::replay_document(doc, errors);
  } catch (const std::exception& e) {
    std::cerr << "rp_replay: " << e.what() << "\n";
    return 2;
  }
  for (const auto& c : result["cases"])
    if (c.contains("error")) std::cerr << "rp_replay: case '" << c.value("name", "?") << "': " << c["error"].get<std::string>() << "\n";
  const std::string dumped = result.dump();
  if (out == "-") {
    std::cout << dumped << "\n";
  } else {
    std::ofstream f(out, std::ios::binary);
    if (!(f << dumped << "\n")) return usage("cannot write '" + out + "'");
  }
  return errors ? 1 : 0;
}
