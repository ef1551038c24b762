#!/usr/bin/env bash
# The pre-commit hook with the real pre-commit (PyPI): `try-repo` against a temporary git
# repository, where a bad card fails and a good one passes; then the installed hook on a real
# `git commit`. The hook users are told to use: `cardlint` (`language: python`, pip builds the
# wheel with maturin from the locked dependencies), at this checkout's HEAD. Its build shares
# this checkout's target folder (CARGO_TARGET_DIR); CI passes MATURIN_PEP517_ARGS="--profile dev"
# so that the wheel reuses its debug build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$repo/target/pre-commit-home}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
git init -q
git config user.email ci@example.com
git config user.name ci
bad='---\nco2_eq_emissions: "0.319355 Kg"\n---\n# m\n'
good='---\nco2_eq_emissions:\n  emissions: 319.355\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Quebec, Canada\n  hardware_used: 1 x NVIDIA A100\n---\n# m\n'
fail() { echo "FAIL: $*"; exit 1; }

printf "%b" "$bad" > README.md
git add README.md
if pre-commit try-repo "$repo" cardlint --ref "$rev"; then fail "try-repo passed a bad card"; fi
echo "ok: try-repo fails on a bad card"
printf "%b" "$good" > README.md
git add README.md
pre-commit try-repo "$repo" cardlint --ref "$rev" || fail "try-repo failed a good card"
echo "ok: try-repo passes a good card"

printf 'repos:\n- repo: %s\n  rev: %s\n  hooks:\n  - id: cardlint\n' "$repo" "$rev" > .pre-commit-config.yaml
pre-commit install >/dev/null
printf "%b" "$bad" > README.md
git add README.md .pre-commit-config.yaml
if git commit -qm "bad card"; then fail "the hook let a bad card be committed"; fi
echo "ok: the hook blocks a commit of a bad card"
printf "%b" "$good" > README.md
git add README.md
git commit -qm "good card" || fail "the hook blocked a good card"
echo "ok: the hook lets a good card be committed"
mkdir -p docs models/b
printf '# Documentation\n\nNot a model card.\n' > docs/README.md
git add docs/README.md
git commit -qm "docs" || fail "the hook linted a plain docs/README.md"
echo "ok: the hook skips a README.md without front matter below the root"
printf "%b" "$bad" > models/b/README.md
git add models/b/README.md
if git commit -qm "bad card below the root"; then fail "the hook let a bad card in a subfolder be committed"; fi
echo "ok: the hook lints a card with front matter in a subfolder"
echo "pre-commit: 6 passed, 0 failed"
