#!/usr/bin/env bash
# Set-up contract, step 2: set up, build, and serve the playground.
#   bash scripts/start.sh [--port N] [--host ADDR] [--root DIR]    (or: npm start -- ...)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/build-wasm.sh
bash scripts/build-dist.sh
# The same files `npm run build` puts in dist/, served as any static host would.
exec node scripts/serve.mjs --root dist "$@"
