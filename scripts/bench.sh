#!/usr/bin/env bash
# npm run bench [-- --reps N --only small|large --skip-browser]: set up, build what the
# benchmark needs (native rp_bench, the wasm module, the dist/ site for the page figures and
# the page weight), then run scripts/bench.mjs: native, wasm in Node, wasm in headless Chromium's
# worker, tfjs cpu and wasm, the page under load, the targets. Set-up, build and progress
# messages go to stderr, so stdout carries only the report.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh >&2
bash scripts/build-native.sh >&2
bash scripts/build-wasm.sh >&2
bash scripts/build-dist.sh >&2
exec node scripts/bench.mjs "$@"
