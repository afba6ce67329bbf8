#!/usr/bin/env bash
# Configure and build the native Release build into build/native.
# Quiet on success (one line, plus a short list of compiler warnings if any); on failure the
# full cmake/compiler output is shown. RP_VERBOSE=1 streams everything as it happens.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BUILD_DIR=build/native
JOBS="${RP_JOBS:-$(nproc 2>/dev/null || echo 2)}"
mkdir -p "$BUILD_DIR"

configure=(cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release)
build=(cmake --build "$BUILD_DIR" -j"$JOBS")

if [[ "${RP_VERBOSE:-0}" != 0 ]]; then
  "${configure[@]}"
  "${build[@]}"
  exit 0
fi

log="$BUILD_DIR/build.log"
if ! "${configure[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  printf 'build-native: cmake configure FAILED (log: %s)\n' "$log" >&2
  exit 1
fi
if ! "${build[@]}" >>"$log" 2>&1; then
  # Everything but make's progress chatter, so the errors are easy to find.
  grep -Ev '^\[ *[0-9]+%\] (Building|Linking|Built target)|^(Scanning dependencies|Consolidate compiler generated dependencies)' \
    "$log" >&2 || true
  printf 'build-native: build FAILED (full log: %s)\n' "$log" >&2
  exit 1
fi

warnings="$(grep -c 'warning:' "$log" || true)"
if ((warnings > 0)); then
  grep 'warning:' "$log" | head -n 20
  printf 'build-native: ok, %s compiler warning line(s) (full log: %s)\n' "$warnings" "$log"
else
  printf 'build-native: ok (%s)\n' "$BUILD_DIR"
fi
