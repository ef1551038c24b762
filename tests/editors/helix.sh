#!/usr/bin/env bash
# Helix (a real `hx`, driven in tmux) against `cardlint server`, configured with exactly the
# README's `languages.toml` and `config.toml` (read from the README's "### Helix" section):
# `hx --health markdown` finds cardlint; on a copy of a card with a CL102 finding
# (tests/fixtures/co2-emissions-not-a-number/invalid-kg-string.md, as README.md) the
# diagnostics picker (`space d`) lists CL102 and not the rules the README's `config` ignores,
# the inlay hint shows the verdict, the hover (`space k`) shows it too, the code action menu
# (`space a`) offers "Fix CL102", picking it and `:w` writes the fixed card, and the picker no
# longer lists CL102.
#
#   HX=/path/to/hx CARDLINT_BIN=target/debug/cardlint bash tests/editors/helix.sh
#
# Needs hx (from $HX, else PATH) and tmux; without them it prints SKIPPED and why, and exits 0.
# Helix is in no package registry CI reaches (crates.io's helix-term is a placeholder), so CI
# does not run this; the README says where and with which Helix it was run.
set -euo pipefail
hx=${HX:-$(command -v hx || true)}
if [ -z "$hx" ] || [ ! -x "$hx" ]; then
  echo "helix test: SKIPPED (no hx on PATH and no HX=/path/to/hx)"; exit 0
fi
if ! command -v tmux >/dev/null; then
  echo "helix test: SKIPPED (no tmux)"; exit 0
fi
hx=$(realpath "$hx")
bin=${CARDLINT_BIN:+$(realpath "$CARDLINT_BIN")}
cd "$(dirname "$0")/../.."
bin=${bin:-$PWD/target/debug/cardlint}
[ -x "$bin" ] || cargo build --quiet

dir=$(mktemp -d)
sock="cardlint-helix-$$"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "helix test: FAILED: $*" >&2
  echo "--- screen ---" >&2; tmux -L "$sock" capture-pane -p -t hx >&2 2>/dev/null || true
  echo "--- card ---" >&2; cat "$dir/work/README.md" >&2 || true
  echo "--- helix log (last 30 lines) ---" >&2; tail -n 30 "$dir/helix.log" >&2 || true
  exit 1
}

# An isolated Helix: its own config and runtime folders, `cardlint` on PATH.
mkdir -p "$dir/config/helix" "$dir/runtime" "$dir/bin" "$dir/work" "$dir/cache" "$dir/data"
ln -s "$bin" "$dir/bin/cardlint"
# The README's Helix section: its first `toml` block is languages.toml, its second config.toml.
readme_toml() {
  awk -v want="$1" '/^### Helix$/ { s = 1; next } s && /^### / { exit }
    s && /^```toml$/ { n++; t = (n == want); next } t && /^```$/ { t = 0 } t { print }' README.md
}
readme_toml 1 > "$dir/config/helix/languages.toml"
readme_toml 2 > "$dir/config/helix/config.toml"
grep -q '^\[language-server.cardlint\]$' "$dir/config/helix/languages.toml" \
  || fail "no languages.toml with [language-server.cardlint] in the README's Helix section"
grep -q '^display-inlay-hints = true$' "$dir/config/helix/config.toml" \
  || fail "no config.toml with display-inlay-hints in the README's Helix section"
cp tests/fixtures/co2-emissions-not-a-number/invalid-kg-string.md "$dir/work/README.md"
run_env=(env -i "HOME=$dir" "PATH=$dir/bin:/usr/bin:/bin" "TERM=xterm-256color" "LANG=C.UTF-8"
  "XDG_CONFIG_HOME=$dir/config" "XDG_CACHE_HOME=$dir/cache" "XDG_DATA_HOME=$dir/data"
  "HELIX_RUNTIME=$dir/runtime")

"$hx" --version
health=$(cd "$dir/work" && "${run_env[@]}" "$hx" --health markdown 2>&1) || true
echo "$health" | sed 's/\x1b\[[0-9;]*m//g' | grep -F "cardlint" \
  || fail "hx --health markdown does not list cardlint: $health"
echo "$health" | grep -F "cardlint" | grep -q "$dir/bin/cardlint" \
  || fail "hx --health markdown does not find cardlint: $health"

screen() { tmux -L "$sock" capture-pane -p -t hx; }
# Waits until the screen shows a line matching the regex $1 (up to $2 seconds, default 20).
wait_for() {
  local i
  for ((i = 0; i < ${2:-20} * 10; i++)); do
    if screen | grep -Eq -- "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}
keys() { tmux -L "$sock" send-keys -t hx "$@"; }

tmux -L "$sock" -f /dev/null new-session -d -s hx -x 160 -y 40 -c "$dir/work" \
  "${run_env[@]}" "$hx" --log "$dir/helix.log" README.md
wait_for 'README\.md' 10 || fail "hx did not open README.md"

# The diagnostics picker (space d) lists the card's CL102 once the server has published it.
found=
for _ in $(seq 1 20); do
  keys Space d
  if wait_for 'CL102' 1; then found=1; break; fi
  keys Escape
  sleep 0.5
done
[ -n "$found" ] || fail "no CL102 in the diagnostics picker"
picker=$(screen)
echo "diagnostics picker:"
echo "$picker" | grep -oE '(ERROR|WARN|INFO|HINT) +cardlint CL[0-9]+ [^│]*' | sed 's/^/  /'
keys Escape
# The README's `config` reaches the server: a rule it ignores is not reported.
ignored=$(grep -E '^config = ' "$dir/config/helix/languages.toml" | grep -oE 'CL[0-9]+' || true)
for code in $ignored; do
  if echo "$picker" | grep -q "cardlint $code"; then
    fail "$code is listed though the config ignores it"
  fi
  echo "settings: $code ignored as the config says"
done

# The inlay hint after co2_eq_emissions (line 2), seen with the cursor elsewhere (line 4).
keys 4 g g
wait_for 'level 2/5 Basic Energy Reporting · 319\.355 g CO2eq · label E' 20 \
  || fail "no inlay hint on line 2"
echo "inlay hint: $(screen | sed -n 's/.*"0.319355 Kg" *//p' | head -n 1 | sed 's/ *$//')"

# Hover (space k) on the finding's line (line 2): the card's verdict.
keys 2 g g
keys Space k
wait_for 'cardlint verdict' 20 || fail "no verdict in the hover (space k)"
echo "hover:"
screen | grep -oE 'cardlint verdict|• (reporting|emissions): [^▐]*[^▐ ]' | sed 's/^/  /'
keys Escape

# The code actions there: pick "Fix CL102" in the menu (space a) and write the file.
keys Space a
wait_for 'Fix CL102' 20 || fail 'no "Fix CL102" in the code action menu (space a)'
menu=$(screen)
echo "code action menu:"
entry='(Fix|Suppress) CL[0-9]+( \([a-z0-9-]+\)( \(unsafe\))?| on this line| in this card)?'
echo "$menu" | grep -oE "$entry|Fix all cardlint findings" | sed 's/^/  /'
# Menu entries top to bottom; the first is selected: move down to "Fix CL102".
index=$(echo "$menu" | grep -E 'Fix CL|Suppress CL' | grep -n 'Fix CL102' | head -n 1 | cut -d: -f1)
for ((i = 1; i < index; i++)); do keys Down; done
keys Enter
sleep 0.5
keys ':w' Enter
wait_for 'written' 10 || fail ':w did not write the card'
sed -n 2p "$dir/work/README.md" | grep -Eq '^co2_eq_emissions: 319\.355$' \
  || fail "the card on disk has no fix: $(sed -n 2p "$dir/work/README.md")"
echo "fixed on disk: $(sed -n 2p "$dir/work/README.md")"

# The server re-lints the edited card: the picker no longer lists CL102.
gone=
for _ in $(seq 1 20); do
  keys Space d
  sleep 0.5
  if ! screen | grep -q 'CL102'; then gone=1; keys Escape; break; fi
  keys Escape
  sleep 0.5
done
[ -n "$gone" ] || fail "CL102 still listed after the fix"
keys ':q!' Enter
echo "helix test: ok"
