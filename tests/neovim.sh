#!/usr/bin/env bash
# Neovim (Debian's package, headless) against `cardlint server`: the diagnostics its built-in
# LSP client receives and a code action it applies (tests/neovim/check.lua). In CI (CI=true) a
# missing nvim is a failure; elsewhere the test says it is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null; then
  if [ -n "${CI:-}" ]; then echo "neovim test: nvim is not installed" >&2; exit 1; fi
  echo "neovim test: SKIPPED (no nvim; apt-get install neovim)"; exit 0
fi
bin="${CARDLINT_BIN:-$PWD/target/debug/cardlint}"
[ -x "$bin" ] || cargo build --quiet
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
printf -- '---\nlicense: mit\nlanguage: en\nco2_eq_emissions:\n  emissions: "0.3 Kg"\n  hardware_used: "1 x A100"\n---\n# Model\n' > "$dir/README.md"
nvim --version | head -n 1
HOME="$dir" XDG_STATE_HOME="$dir" XDG_DATA_HOME="$dir" timeout 120 nvim --headless -u NONE -i NONE \
  -c "lua _G.cardlint_bin = [[$bin]]; _G.cardlint_card = [[$dir/README.md]]" \
  -c "luafile tests/neovim/check.lua" 2>&1
echo "neovim test: ok"
