#!/usr/bin/env bash
# Makes sure the browser pieces are there: Debian's Chromium (scripts/setup.sh
# installs it) and the npm packages of package.json (dash.js, Shaka Player,
# playwright-core), installed here on first use.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
command -v node >/dev/null || { echo "node is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
