#!/usr/bin/env bash
# scripts/build-vscode.sh BINARY [VSCODE_TARGET]: the VS Code extension (editors/vscode) built,
# tested and packaged with BINARY bundled, as target/vscode/cardlint-VSCODE_TARGET-VERSION.vsix.
#   VSCODE_TARGET  vsce's platform: linux-x64, linux-arm64, alpine-x64, alpine-arm64,
#                  darwin-x64, darwin-arm64, win32-x64 (default: this machine's)
# Steps: npm ci from package-lock.json (offline once the cache under target/ci/npm-cache is
# filled; skipped when node_modules already matches the lockfile), the binary copied to
# bundled/cardlint[.exe], `npm test` (tsc --noEmit, the bundle, node --test: the resolver, the
# settings, and `cardlint server` driven as the extension drives it, which needs the binary to
# run here: for another platform's binary that test is skipped), `vsce package
# --no-dependencies` (esbuild's bundle holds the client: no node_modules in the VSIX; no network),
# and the test that inspects the VSIX.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${1:?usage: scripts/build-vscode.sh BINARY [VSCODE_TARGET]}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
target=${2:-}
if [ -z "$target" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=linux-x64 ;;
    Linux-aarch64) target=linux-arm64 ;;
    Darwin-x86_64) target=darwin-x64 ;;
    Darwin-arm64) target=darwin-arm64 ;;
    *) echo "build-vscode.sh: give the VS Code target for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
  esac
fi
case "$target" in
  linux-x64 | linux-arm64 | alpine-x64 | alpine-arm64 | darwin-x64 | darwin-arm64) exe=cardlint ;;
  win32-x64 | win32-arm64) exe=cardlint.exe ;;
  *) echo "build-vscode.sh: unknown VS Code target \`$target\`" >&2; exit 2 ;;
esac
test -f "$bin" || { echo "build-vscode.sh: no binary at $bin" >&2; exit 1; }

ext=editors/vscode
cd "$ext"
version=$(node -p 'require("./package.json").version')
out="$root/target/vscode/cardlint-$target-$version.vsix"

# --- dependencies (package-lock.json), again only when the lockfile changed ---
if ! cmp -s package-lock.json node_modules/.cardlint-package-lock.json; then
  npm ci --prefer-offline --cache "$root/target/ci/npm-cache" --no-audit --no-fund --silent
  cp package-lock.json node_modules/.cardlint-package-lock.json
fi

# --- the binary, alone in bundled/ (no other platform's left over) ---
rm -rf bundled
mkdir bundled
cp "$bin" "bundled/$exe"
chmod 755 "bundled/$exe"

# --- type check, bundle, tests ---
# The end-to-end test runs the bundled binary: required when it runs on this machine.
if "bundled/$exe" --version >/dev/null 2>&1; then
  export CARDLINT_E2E_REQUIRED=1
else
  echo "build-vscode.sh: bundled/$exe ($target) does not run here: the end-to-end test is skipped"
  export CARDLINT_E2E=0
fi
mkdir -p "$root/target/vscode"
log="$root/target/vscode/npm-test.log"
if ! npm test --silent >"$log" 2>&1; then
  cat "$log"
  exit 1
fi
grep -E '^# (tests|pass|fail|skipped) ' "$log" | tr '\n' ' ' | sed 's/# //g; s/ $/\n/'

# --- the VSIX ---
rm -f "$out"
npx --no-install vsce package --no-dependencies --target "$target" --out "$out" >/dev/null
CARDLINT_VSIX="$out" CARDLINT_VSIX_TARGET="$target" node --test out/test/vsix.test.js >/dev/null \
  || { CARDLINT_VSIX="$out" node --test out/test/vsix.test.js; exit 1; }
echo "$out ($(du -k "$out" | cut -f1) kB; its contents checked)"
