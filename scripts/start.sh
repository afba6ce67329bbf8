#!/usr/bin/env bash
# Set-up contract, step 2: set up, build, and serve the playground.
#   bash scripts/start.sh [--port N] [--host ADDR] [--root DIR]    (or: npm start -- ...)
# For now only the native build is made; the WebAssembly build will be added here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/build-native.sh
exec node scripts/serve.mjs "$@"
