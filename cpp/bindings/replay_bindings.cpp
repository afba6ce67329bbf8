// The replay module (rmsprop_replay): the same core with the rmsprop-golden/1 replay, for
// `npm run replay -- --engine wasm` and the wasm golden tests. Kept out of the page's module,
// which does not need it, to keep that one within its size budget.
#include <emscripten/bind.h>

#include "bindings/convert.hpp"
#include "io/golden.hpp"

namespace rp::wasm {

json parse_json(const std::string& text, const std::string& field) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw std::invalid_argument(field + ": not valid JSON (" + std::string(e.what()) + ")");
  }
}

// JSON text in, the text the native rp_replay writes out (byte for byte), or an Error
// (web/engine/replay.js throws it).
val replay_js(const std::string& doc) {
  return guarded([&] {
    int errors = 0;
    return replay_document(parse_json(doc, "document"), errors).dump();
  });
}

}  // namespace rp::wasm

EMSCRIPTEN_BINDINGS(rmsprop_replay) { emscripten::function("replay", &rp::wasm::replay_js); }
