#!/usr/bin/env bash
# Set-up contract, step 1: make sure this machine has what the project needs.
#   - Debian packages (installed with apt-get only when one is missing);
#   - node_modules (npm ci / npm install only when missing or older than package*.json).
# Idempotent, needs no standard input (CI runs it with CI=true and no stdin), and prints
# nothing when nothing had to be done; otherwise one short line per action.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Debian bookworm names. (xtl's package is xtl-dev: there is no libxtl-dev in Debian.) python3-torch
# (PyTorch 1.13, for /usr/bin/python3) lets the tests run the exported PyTorch scripts for real.
PACKAGES=(cmake g++ make emscripten xtensor-dev xtl-dev catch2 chromium node-acorn python3-torch)

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- Debian packages
missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
# Node.js and npm normally come with the machine; fall back to Debian's if they do not.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  install_cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  sudo_cmd=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      # Without a terminal (CI) sudo must not wait for a password nobody can type.
      if [[ -t 0 ]]; then sudo_cmd=(sudo); else sudo_cmd=(sudo -n); fi
    else
      printf 'setup: missing Debian packages: %s\n' "${missing[*]}" >&2
      printf 'setup: run this as root, then run this script again:\n  %s\n' "$install_cmd" >&2
      exit 1
    fi
  fi
  log="$(mktemp "${TMPDIR:-/tmp}/rp-setup-apt.XXXXXX")"
  say "installing Debian packages: ${missing[*]}"
  if ! { "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
           --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"; } \
       </dev/null >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    printf 'setup: apt-get failed (full log: %s). The command to run as root:\n  %s\n' "$log" "$install_cmd" >&2
    exit 1
  fi
  rm -f "$log"
fi

# ---------------------------------------------------------------- node_modules
if [[ -f package.json ]]; then
  stamp="node_modules/.rp-setup-stamp"
  need_npm=0
  if [[ ! -d node_modules || ! -f "$stamp" ]]; then
    need_npm=1
  elif [[ package.json -nt "$stamp" ]] || [[ -f package-lock.json && package-lock.json -nt "$stamp" ]]; then
    need_npm=1
  fi
  if ((need_npm)); then
    if [[ -f package-lock.json ]]; then npm_cmd=(npm ci); else npm_cmd=(npm install); fi
    say "running ${npm_cmd[*]}"
    log="$(mktemp "${TMPDIR:-/tmp}/rp-setup-npm.XXXXXX")"
    if ! "${npm_cmd[@]}" --no-audit --no-fund --loglevel=error </dev/null >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      die "${npm_cmd[*]} failed"
    fi
    rm -f "$log"
    touch "$stamp"
  fi
fi
