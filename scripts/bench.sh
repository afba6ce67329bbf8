#!/usr/bin/env bash
# Set up, build, then run the benchmark on every engine: bash scripts/bench.sh [--reps N]
# [--only small|large] (or: npm run bench -- ...). Set-up and build messages go to stderr, so
# stdout carries only the table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh >&2
bash scripts/build-native.sh >&2
bash scripts/build-wasm.sh >&2
exec node scripts/bench.mjs "$@"
