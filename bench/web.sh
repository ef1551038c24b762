#!/usr/bin/env bash
# The browser page's figures (README: "In the browser"), measured in Debian's chromium on this
# machine: the wasm's size raw and gzipped (budget 1 MB gzipped), the first report after the page
# loads (budget 300 ms, with a typical card in a share link: the median-sized card of
# ../shared/corpus where present, else examples/complete), and a re-lint per keystroke while
# typing 51 characters into it (budget 10 ms, median; the p95 is printed too). Fails over budget.
# Writes target/web-test/bench.json. usage: bash bench/web.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-web.sh
if ! cmp -s tests/web/package-lock.json target/ci/web-test/package-lock.json; then
  rm -rf target/ci/web-test && mkdir -p target/ci/web-test
  cp tests/web/package.json tests/web/package-lock.json target/ci/web-test/
  (cd target/ci/web-test && npm ci --silent --no-audit --no-fund)
fi
node tests/web/browser.mjs --bench
