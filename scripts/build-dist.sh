#!/usr/bin/env bash
# npm run build: a self-contained static site in dist/ (pages, workers, wasm, vendored uPlot and
# KaTeX) that works from any static host and under any sub-path: every URL in it is relative.
# The playground page and its worker are bundled (scripts/bundle.mjs); the other pages load
# their modules as they are in web/.
# Expects the wasm build (scripts/build-wasm.sh) to have run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build-web.sh
for f in web/engine/gen/rmsprop_core.mjs web/engine/gen/rmsprop_core.wasm; do
  [[ -f $f ]] || { echo "build-dist: $f is missing; run scripts/build-wasm.sh first" >&2; exit 1; }
done
rm -rf dist
mkdir -p dist
cp ./*.html dist/   # index.html and the other top-level pages (surface mode, comparison, tutorial)
# The page's modules and assets; not the replay module (a tool) nor READMEs.
(cd web && find . -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.wasm' -o -name '*.html' -o -name '*.woff2' \) \
   ! -name 'rmsprop_replay.*' ! -name 'replay.js' -print0 | xargs -0 -I{} install -D -m 644 {} ../dist/web/{})
# Minify every script and stylesheet in place, file by file (no bundling: modules, the worker
# and relative URLs stay exactly as in web/). The Emscripten loader is already minified.
mapfile -t assets < <(find dist -type f \( -name '*.js' -o -name '*.css' \) | sort)
node_modules/.bin/esbuild "${assets[@]}" --minify --target=es2022 --outdir=dist --outbase=dist --allow-overwrite \
  --log-level=warning
# The playground page and its worker as bundles (the other pages keep their modules).
node scripts/bundle.mjs
gz=$(find dist -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.wasm' -o -name '*.html' \) -exec gzip -9c {} \; | wc -c)
echo "build-dist: dist/ ($(find dist -type f | wc -l) files, ${gz} bytes gzipped)"
