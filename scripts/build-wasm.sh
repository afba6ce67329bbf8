#!/usr/bin/env bash
# Builds the WebAssembly modules with Debian's Emscripten into build/wasm and copies them to
# web/engine/gen/: rmsprop_core.{mjs,wasm} (the page's engine, loaded by engine.js) and
# rmsprop_replay.{mjs,wasm} (the golden-file replay, loaded by replay.js).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian's emcc looks for acorn in /usr/share/nodejs.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# (Debian's emcc uses its own frozen, prebuilt system-library cache: leave EM_CACHE alone.)
mkdir -p build/wasm web/engine/gen
log=build/wasm/build.log
if ! { emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release &&
       cmake --build build/wasm -j"${RP_JOBS:-$(nproc)}" --target rmsprop_core rmsprop_replay; } >"$log" 2>&1; then
  grep -vE '^\[ *[0-9]+%\]' "$log" >&2 || true
  echo "build-wasm: FAILED (full log: $log)" >&2
  exit 1
fi
cp build/wasm/rmsprop_core.{mjs,wasm} build/wasm/rmsprop_replay.{mjs,wasm} web/engine/gen/
gz() { gzip -9c "$1" | wc -c; }
echo "build-wasm: web/engine/gen/rmsprop_core.{mjs,wasm}: $(gz web/engine/gen/rmsprop_core.wasm) + $(gz web/engine/gen/rmsprop_core.mjs) bytes gzipped; rmsprop_replay.{mjs,wasm}"
