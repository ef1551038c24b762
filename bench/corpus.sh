#!/usr/bin/env bash
# Corpus mode's figures, in one run on one machine: the 25,110 cards of
# ../shared/bench/hf-cards-25k.tar.xz as one JSON Lines dump (extracted to /tmp), linted with
# `--from-jsonl` (release build, all cores): cards/s for `--format jsonl` and `stats`;
# huggingface_hub's metadata_load parsing on the same rows, in the same run; and peak memory on
# a stream of at least 2 GB (the dump repeated into cardlint's standard input: no big file).
# usage: bash bench/corpus.sh [PYTHON]   (PYTHON: one with huggingface_hub; default python3)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
archive=../shared/bench/hf-cards-25k.tar.xz
if [ ! -f "$archive" ]; then echo "SKIPPED: $archive is absent"; exit 0; fi
work=${TMPDIR:-/tmp}/cardlint-corpus-bench
mkdir -p "$work"
[ -d "$work/hf-cards-25k" ] || xz -dc "$archive" | tar -xf - -C "$work"
find "$work/hf-cards-25k" -type f -name '*.md' | sort > "$work/files.txt"
dump=$work/cards.jsonl
[ -f "$dump" ] || python3 bench/to_jsonl.py "$work/files.txt" "$dump"
cargo build --release --quiet --features hub
bin=target/release/cardlint
rows=$(wc -l < "$dump")
bytes=$(wc -c < "$dump")
echo "machine: $(nproc) cores, $(uname -m); dump: $rows rows ($(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB of JSON lines); $($bin --version)"

# best of 5 wall-clock seconds and the max RSS (KiB) of a command (output discarded)
measure() {
  local best="" rss=0 t m
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
    read -r t m < "$work/time"
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$best $rss"
}
row() { # label seconds rss
  awk -v l="$1" -v s="$2" -v r="$3" -v n="$rows" -v b="$bytes" \
    'BEGIN { printf "%-40s %6.2f s  %8.0f cards/s  %6.1f MB/s  %6.1f MB RSS\n", l, s, n/s, b/s/1e6, r/1024 }'
}
read -r t_cat m_cat < <(measure cat "$dump")
row "floor: cat" "$t_cat" "$m_cat"
read -r t_jsonl m_jsonl < <(measure "$bin" --from-jsonl "$dump" --format jsonl --exit-zero)
row "cardlint --from-jsonl --format jsonl" "$t_jsonl" "$m_jsonl"
read -r t_stats m_stats < <(measure "$bin" stats --from-jsonl "$dump")
row "cardlint stats --from-jsonl" "$t_stats" "$m_stats"

if "$python" -c "import huggingface_hub, yaml" 2>/dev/null; then
  read -r n t_hf found < <("$python" bench/hf_jsonl_baseline.py "$dump")
  awk -v s="$t_hf" -v n="$n" -v f="$found" -v c="$t_jsonl" \
    'BEGIN { printf "huggingface_hub metadata_load on the rows %6.2f s  %8.0f cards/s  (%d with co2_eq_emissions); cardlint --format jsonl is %.1fx faster\n", s, n/s, f, s/c }'
else
  echo "huggingface_hub: not importable by $python (pip install huggingface_hub); skipped"
fi

# Peak memory on a stream of >= 2 GB: the dump repeated into standard input.
copies=$(( (2 * 1024 * 1024 * 1024 + bytes - 1) / bytes ))
for _ in $(seq "$copies"); do cat "$dump"; done \
  | /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --from-jsonl - --format jsonl --exit-zero \
  | wc -l > "$work/count"
read -r t_big m_big < "$work/time"
awk -v c="$copies" -v b="$bytes" -v t="$t_big" -v m="$m_big" -v n="$(cat "$work/count")" \
  'BEGIN { printf "%.2f GB stream (%d copies, %d rows) --format jsonl: %.1f s, %.0f cards/s, cardlint'"'"'s peak RSS %.1f MB\n", c*b/1e9, c, n, t, n/t, m/1024 }'
