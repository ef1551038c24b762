#!/usr/bin/env bash
# Installs cardlint for the Action: a prebuilt release binary for the tag where one exists,
# else `cargo install --locked` from the action's own checkout. Adds it to $GITHUB_PATH.
set -euo pipefail
: "${ACTION_PATH:?}" "${RUNNER_TEMP:?}" "${GITHUB_PATH:?}"
root="$RUNNER_TEMP/cardlint"
tag="${CARDLINT_VERSION:-${ACTION_REF:-}}"
want=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1)

if command -v cardlint >/dev/null 2>&1 && [ "$(cardlint --version | awk '{print $2}')" = "$want" ]; then
  echo "cardlint $want is already installed: $(command -v cardlint)"
  exit 0
fi

mkdir -p "$root/bin"
if [ -n "$tag" ] && [ -n "${ACTION_REPOSITORY:-}" ]; then
  asset="cardlint-$(uname -m)-unknown-linux-gnu.tar.gz"
  url="https://github.com/$ACTION_REPOSITORY/releases/download/$tag/$asset"
  if curl -fsSL --retry 2 -o "$root/$asset" "$url" 2>/dev/null && tar -xzf "$root/$asset" -C "$root/bin"; then
    echo "installed the prebuilt cardlint of $tag"
    echo "$root/bin" >> "$GITHUB_PATH"
    exit 0
  fi
  echo "no prebuilt cardlint for $tag; building from the action's source"
fi
cargo install --locked --features github,hub --path "$ACTION_PATH" --root "$root"
echo "$root/bin" >> "$GITHUB_PATH"
