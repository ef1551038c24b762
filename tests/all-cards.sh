#!/usr/bin/env bash
# Lints every card of ../shared/corpus and of ../shared/bench/hf-cards-25k.tar.xz with the
# debug binary: no panic (exit 101), no crash, and one result per card in the JSON output.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if [ ! -d "$shared" ]; then echo "SKIPPED: ../shared is absent"; exit 0; fi
# The debug build with the default features (the wheel's and the hook's), which CI has just made:
# stricter than the release (overflow checks, debug assertions), and no release build to wait
# for. The release's speed is measured in bench/, not here.
cargo build --quiet --locked
bin=target/debug/cardlint
work=target/all-cards
mkdir -p "$work"
[ -d "$work/hf-cards-25k" ] || xz -dc "$shared/bench/hf-cards-25k.tar.xz" | tar -xf - -C "$work"
check() { # name dir
  local expected got status
  expected=$(find "$2" -type f -name '*.md' | wc -l)
  status=0
  "$bin" --isolated --include '*.md' --format json --exit-zero "$2" > "$work/out.json" 2> "$work/err.txt" || status=$?
  if [ "$status" -ne 0 ]; then echo "FAIL: $1: exit $status"; cat "$work/err.txt"; exit 1; fi
  if grep -q "panicked" "$work/err.txt"; then echo "FAIL: $1: a panic"; cat "$work/err.txt"; exit 1; fi
  got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['cards']), d['summary']['cards'])" "$work/out.json")
  if [ "$got" != "$expected $expected" ]; then echo "FAIL: $1: $got results for $expected cards"; exit 1; fi
  echo "ok: $1: $expected cards, $expected results, no panic"
}
check "corpus" "$shared/corpus"
check "hf-cards-25k" "$work/hf-cards-25k"
# The fixer too (on a copy): no panic, and every card still accounted for.
rm -rf "$work/fixcopy" && cp -r "$shared/corpus" "$work/fixcopy" && chmod -R u+w "$work/fixcopy"
"$bin" --isolated --include '*.md' --fix --unsafe-fixes --format concise --exit-zero "$work/fixcopy" > /dev/null 2> "$work/err.txt" || { echo "FAIL: fix"; cat "$work/err.txt"; exit 1; }
! grep -q "panicked" "$work/err.txt" || { echo "FAIL: fix panicked"; exit 1; }
echo "ok: fix on the corpus: $(tail -n 1 "$work/err.txt")"
# huggingface_hub's reader (PyYAML safe_load) and cardlint agree on which front matter is a
# readable mapping: on every real card, on the fixtures and examples, and on 20,000 mutated cards.
rm -rf "$work/mutated"
python3 tests/pyyaml/mutate.py "$work/mutated" 20000 tests/fixtures/*/*.md examples/*/README.md
python3 tests/pyyaml/agree.py "$bin" "$shared/corpus" "$work/hf-cards-25k" tests/fixtures examples "$work/mutated" | grep -v '^explained' | tail -n 20
echo "all-cards: 4 passed, 0 failed"
