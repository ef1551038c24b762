#!/usr/bin/env bash
# Benchmarks cardlint on the 25,110 real cards of ../shared/bench/hf-cards-25k.tar.xz and prints,
# in one run on one machine: whole-corpus throughput (json and stats) laid out flat and one
# folder per card, single-card latency beside `--version`'s, peak memory, the huggingface_hub
# path and the floor (reading the same bytes with cat); then the same corpus runs timed against
# the build of a previous revision (default HEAD~1), built in the same run, for the gain.
# usage: bash bench/run.sh [--no-python] [--base REV]
set -euo pipefail
cd "$(dirname "$0")/.."
python=1; base_rev=HEAD~1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-python) python=0 ;;
    --base) base_rev=$2; shift ;;
    *) echo "usage: bash bench/run.sh [--no-python] [--base REV]" >&2; exit 2 ;;
  esac
  shift
done
archive=../shared/bench/hf-cards-25k.tar.xz
if [ ! -f "$archive" ]; then echo "SKIPPED: $archive is absent"; exit 0; fi
work=target/bench
mkdir -p "$work"
dir="$work/hf-cards-25k"
[ -d "$dir" ] || xz -dc "$archive" | tar -xf - -C "$work"
find "$dir" -type f -name '*.md' | sort > "$work/files.txt"
# The same cards, one folder per model (as a Hub mirror or a model monorepo is laid out).
tree="$work/per-folder"
if [ ! -d "$tree" ]; then
  mkdir -p "$tree.tmp"
  while read -r f; do
    b=$(basename "$f" .md); mkdir -p "$tree.tmp/$b"; cp "$f" "$tree.tmp/$b/README.md"
  done < "$work/files.txt"
  mv "$tree.tmp" "$tree"
fi
find "$tree" -type f -name README.md | sort > "$work/tree-files.txt"
n=$(wc -l < "$work/files.txt")
bytes=$(xargs -a "$work/files.txt" -d '\n' cat | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
# This build and the base revision's, both with the Hub feature (the default now, not always).
# The base is built from `git archive` into the same target folder, so the dependencies are
# compiled once; each binary is copied aside as soon as it is built (the base's kept per commit).
cargo build --release --quiet --features hub
cp target/release/cardlint "$work/cardlint-new"
base_sha=$(git rev-parse --short "$base_rev")
base_bin="$work/cardlint-$base_sha"
if [ ! -x "$base_bin" ]; then
  base_src="$work/base-src"
  rm -rf "$base_src" && mkdir -p "$base_src"
  git archive --format=tar "$base_rev" | tar -xf - -C "$base_src"
  (cd "$base_src" && cargo build --release --quiet --features hub --target-dir "$OLDPWD/target")
  cp target/release/cardlint "$base_bin"
  cargo build --release --quiet --features hub   # target/release/cardlint is this build again
fi
bin=$work/cardlint-new
card=examples/autotrain/README.md
echo "machine: $(nproc) cores, $(uname -m); cards: $n ($mb MB); $($bin --version)"

# best of 3 wall-clock seconds and the max RSS (KiB) of a command (output discarded)
measure() {
  local best="" rss=0 t m
  for _ in 1 2 3; do
    /usr/bin/time -q -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2>&1 || true
    read -r t m < "$work/time.txt"
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$best $rss"
}
row() { # name seconds rss
  awk -v name="$1" -v s="$2" -v rss="$3" -v n="$n" -v mb="$mb" \
    'BEGIN { if (s < 0.01) s = 0.01; printf "%-34s %8.2f s %10.0f cards/s %8.1f MB/s %8.1f MB RSS\n", name, s, n / s, mb / s, rss / 1024 }'
}

xargs -a "$work/files.txt" -d '\n' cat > /dev/null   # warm the page cache
printf '\n%-34s %10s %18s %13s %15s\n' "what" "time" "throughput" "" "peak memory"
read -r t m < <(measure sh -c "xargs -a '$work/files.txt' -d '\n' cat > /dev/null")
floor=$t; row "floor: cat (1 process, 1 core)" "$t" "$m"
read -r t m < <(measure "$bin" --format json --exit-zero --include '*.md' "$dir")
json=$t; row "cardlint --format json (flat)" "$t" "$m"
read -r t m < <(measure "$bin" --format json --exit-zero "$tree")
tree_json=$t; row "cardlint --format json (per folder)" "$t" "$m"
read -r t m < <(measure "$bin" stats --isolated --include '*.md' "$dir")
row "cardlint stats" "$t" "$m"
read -r t m < <(measure "$bin" --format json --exit-zero --isolated --include '*.md' "$dir" --select CL001)
row "cardlint (json, parse only: 1 rule)" "$t" "$m"

# Single-card latency: the whole process, as pre-commit runs it.
runs=200
start=$(date +%s%N)
for _ in $(seq $runs); do "$bin" --isolated "$card" > /dev/null || true; done
end=$(date +%s%N)
lat=$(awk -v a="$start" -v b="$end" -v r="$runs" 'BEGIN { printf "%.2f", (b - a) / r / 1e6 }')
read -r _ m < <(measure "$bin" --isolated "$card")
start=$(date +%s%N)
for _ in $(seq $runs); do "$bin" --version > /dev/null; done
end=$(date +%s%N)
ver=$(awk -v a="$start" -v b="$end" -v r="$runs" 'BEGIN { printf "%.2f", (b - a) / r / 1e6 }')
echo
echo "single card ($card, whole process, mean of $runs): $lat ms, $(awk -v m="$m" 'BEGIN { printf "%.1f", m / 1024 }') MB RSS"
awk -v l="$lat" -v v="$ver" 'BEGIN { printf "cardlint --version (mean of 200): %.2f ms; a single card is %.2fx that\n", v, l / v }'
awk -v j="$json" -v f="$floor" 'BEGIN { printf "cardlint json vs the cat floor: %.1fx the floor time\n", j / f }'
awk -v j="$json" -v t="$tree_json" 'BEGIN { printf "one folder per card vs flat: %.2fx the flat time\n", t / j }'

# The gain over the base revision: the same commands, both builds, in this run.
echo
echo "against $base_rev ($base_sha), same machine, same run: the two builds alternate, 5 runs each;"
echo "the best wall-clock time and the best CPU time (user + system, less sensitive to other load)"
printf '%-34s %9s %9s %7s %11s %9s %7s\n' "what" "base" "this" "gain" "base CPU" "this CPU" "gain"
compare() { # name, then the arguments
  local name=$1 i b w c
  shift
  local bw="" bc="" tw="" tc=""
  for i in 1 2 3 4 5; do
    for b in "$base_bin" "$bin"; do
      /usr/bin/time -q -f "%e %U %S" -o "$work/time.txt" "$b" "$@" > /dev/null 2>&1 || true
      read -r w u s < "$work/time.txt"
      c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
      if [ "$b" = "$bin" ]; then
        if [ -z "$tw" ] || awk -v a="$w" -v b="$tw" 'BEGIN { exit !(a < b) }'; then tw=$w; fi
        if [ -z "$tc" ] || awk -v a="$c" -v b="$tc" 'BEGIN { exit !(a < b) }'; then tc=$c; fi
      else
        if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w; fi
        if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then bc=$c; fi
      fi
    done
  done
  awk -v n="$name" -v bw="$bw" -v tw="$tw" -v bc="$bc" -v tc="$tc" \
    'BEGIN { if (tw < 0.01) tw = 0.01; if (tc < 0.01) tc = 0.01;
      printf "%-34s %7.2f s %7.2f s %6.2fx %9.2f s %7.2f s %6.2fx\n", n, bw, tw, bw / tw, bc, tc, bc / tc }'
}
compare "cardlint --format json (flat)" --format json --exit-zero --include '*.md' "$dir"
compare "cardlint --format json (per folder)" --format json --exit-zero "$tree"
compare "cardlint stats" stats --isolated --include '*.md' "$dir"
compare "cardlint --format sarif (flat)" --format sarif --exit-zero --include '*.md' "$dir"

if [ "$python" = 1 ]; then
  venv="$work/venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check huggingface_hub
  echo
  for mode in metadata_load ModelCard.load; do
    read -r cards secs found < <("$venv/bin/python" bench/hf_baseline.py "$mode" "$work/files.txt" 2>/dev/null)
    awk -v m="$mode" -v c="$cards" -v s="$secs" -v j="$json" -v f="$found" \
      'BEGIN { printf "huggingface_hub %-15s %8.2f s %8.0f cards/s  (%d with co2_eq_emissions); cardlint json is %.1fx faster\n", m, s, c / s, f, s / j }'
  done
  read -r cards secs found < <("$venv/bin/python" bench/hf_baseline.py metadata_load "$work/tree-files.txt" 2>/dev/null)
  awk -v c="$cards" -v s="$secs" -v t="$tree_json" \
    'BEGIN { printf "huggingface_hub metadata_load, per folder %6.2f s %8.0f cards/s; cardlint json (per folder) is %.1fx faster\n", s, c / s, s / t }'
fi
