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
total_pass=0
total_fail=0
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
  log="$(mktemp)"
  if "suite_$suite" 2>&1 | tee "$log"; then
    results+=("$suite: passed ($((SECONDS - start))s)")
  else
    results+=("$suite: FAILED ($((SECONDS - start))s)")
    failed=1
  fi
  # Count the tests: ctest's "N tests failed out of M", node's "# pass N" / "# fail N".
  if read -r f t < <(grep -oE '[0-9]+ tests failed out of [0-9]+' "$log" | tail -n1 | awk '{print $1, $6}'); then
    total_pass=$((total_pass + t - f)); total_fail=$((total_fail + f))
  fi
  p=$(grep -E '^# pass [0-9]+' "$log" | awk '{s += $3} END {print s + 0}')
  q=$(grep -E '^# fail [0-9]+' "$log" | awk '{s += $3} END {print s + 0}')
  total_pass=$((total_pass + p)); total_fail=$((total_fail + q))
  rm -f "$log"
  ran+=("$suite")
done

echo "test: === summary ==="
for r in "${results[@]}"; do echo "test:   $r"; done
if ((${#ran[@]})); then
  echo "test: suites run: ${ran[*]}"
else
  echo "test: suites run: none"
fi
# The last line is the plain count CI reads.
if ((failed)); then
  echo "test: FAILED" >&2
  echo "total: ${total_pass} passed, ${total_fail} failed"
  exit 1
fi
echo "test: all suites passed"
echo "total: ${total_pass} passed, ${total_fail} failed"
