#!/usr/bin/env bash
# Set up, build, then run the native benchmark: bash scripts/bench.sh [rp_bench args...]
# (or: npm run bench -- ...). Runs from the repo root. Set-up and build messages go to
# stderr, so stdout carries only rp_bench's own output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh >&2
bash scripts/build-native.sh >&2
if [[ ! -x build/native/rp_bench ]]; then
  echo "bench: build/native/rp_bench was not built" >&2
  exit 1
fi
exec build/native/rp_bench "$@"
