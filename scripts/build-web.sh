#!/usr/bin/env bash
# Puts the page's third-party files next to it: web/vendor/ gets uPlot from node_modules, so
# every URL the page uses is relative and the site works under any sub-path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p web/vendor
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css web/vendor/
