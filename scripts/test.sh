#!/usr/bin/env bash
# The whole test run (npm test, and so CI's .ci/run): set-up, native build, then every suite.
# Each suite is run and reported on its own; the script fails if any step or suite failed,
# and says at the end which suites ran.
#
# To add a suite: write a function suite_NAME that runs it (exit status = result) and add
# NAME to SUITES. A suite whose prerequisite failed is reported as not run (and fails).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# ---------------------------------------------------------------- suites
SUITES=(native wasm web browser)

suite_native() {
  # --no-tests=error: a build that registered no test is a failure, not a silent pass.
  ctest --test-dir build/native --output-on-failure --no-tests=error -j2
}
suite_wasm() {
  # The wasm module in Node: golden replay, native-vs-wasm parity, errors, lifecycle.
  node --test --test-concurrency=1 tests/wasm/
}
suite_web() {
  # The page's pure modules (URL state, CSV parsing) in Node.
  node --test --test-concurrency=1 tests/web/
}
suite_browser() {
  # Headless Debian Chromium through playwright-core against the page served as npm start does.
  node --test --test-concurrency=1 tests/browser/
}
needs_native=(native wasm)       # suites that cannot run without build/native
needs_wasm=(wasm browser)        # suites that cannot run without the wasm build

# ---------------------------------------------------------------- run
failed=0
if ! bash scripts/setup.sh; then
  echo "test: setup FAILED" >&2
  exit 1
fi

native_ok=1
if ! bash scripts/build-native.sh; then
  echo "test: native build FAILED" >&2
  native_ok=0
  failed=1
fi

wasm_ok=1
if ! { bash scripts/build-wasm.sh && bash scripts/build-dist.sh; }; then
  echo "test: wasm or site build FAILED" >&2
  wasm_ok=0
  failed=1
fi

ran=()
results=()
for suite in "${SUITES[@]}"; do
  if ((!native_ok)) && [[ " ${needs_native[*]} " == *" $suite "* ]]; then
    results+=("$suite: NOT RUN (native build failed)")
    failed=1
    continue
  fi
  if ((!wasm_ok)) && [[ " ${needs_wasm[*]} " == *" $suite "* ]]; then
    results+=("$suite: NOT RUN (wasm build failed)")
    failed=1
    continue
  fi
  echo "test: --- suite $suite ---"
  start=$SECONDS
  if "suite_$suite"; then
    results+=("$suite: passed ($((SECONDS - start))s)")
  else
    results+=("$suite: FAILED ($((SECONDS - start))s)")
    failed=1
  fi
  ran+=("$suite")
done

echo "test: === summary ==="
for r in "${results[@]}"; do echo "test:   $r"; done
if ((${#ran[@]})); then
  echo "test: suites run: ${ran[*]}"
else
  echo "test: suites run: none"
fi
if ((failed)); then
  echo "test: FAILED" >&2
  exit 1
fi
echo "test: all suites passed"
