#!/usr/bin/env bash
# Puts the pages' third-party files next to them: web/vendor/ gets uPlot and KaTeX (script,
# stylesheet and its woff2 fonts) from node_modules, so every URL the pages use is relative and
# the site works under any sub-path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p web/vendor/katex/fonts
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css web/vendor/
cp node_modules/katex/dist/katex.mjs node_modules/katex/dist/katex.min.css web/vendor/katex/
cp node_modules/katex/dist/fonts/*.woff2 web/vendor/katex/fonts/
