#!/usr/bin/env bash
# scripts/package.sh TARGET OUTDIR [BINDIR]: the release archive of one target.
#   OUTDIR/cardlint-TARGET.tar.gz (.zip on Windows) holding cardlint-TARGET/cardlint[.exe]
#   with the README, the changelog and the licences, and OUTDIR/<archive>.sha256 in sha256sum
#   format (`<hash>  <archive>`), which the Action checks before installing anything.
set -euo pipefail
target=$1
out=$2
bindir=${3:-target/$target/release}
name="cardlint-$target"
exe=cardlint
[[ "$target" == *windows* ]] && exe=cardlint.exe
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
cp "$bindir/$exe" README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE "$stage/$name/"
out=$(cd "$out" && pwd)
if [[ "$target" == *windows* ]]; then
  archive="$name.zip"
  (cd "$stage" && 7z a -tzip "$out/$archive" "$name" >/dev/null)
else
  archive="$name.tar.gz"
  tar -C "$stage" -czf "$out/$archive" "$name"
fi
sum() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
(cd "$out" && sum "$archive" > "$archive.sha256")
echo "$out/$archive"
