#!/usr/bin/env bash
# Installs cardlint for the Action, verified: the release archive for this runner's OS and
# architecture, checked against its `.sha256` (or the `checksum` input) before anything is
# unpacked; only a release that does not exist (404) falls back to building the action's own
# checkout with `cargo install --locked`. Adds cardlint to $GITHUB_PATH.
#
# The version is the action's own (its Cargo.toml), or the `version` input; the repository is
# fixed here (`repository` input to override); the server is $GITHUB_SERVER_URL, so GitHub
# Enterprise works. Nothing relies on github.action_ref, which composite actions do not promise.
set -euo pipefail
# Text from an input or a server in a workflow command's message: `%`, CR and LF escaped as the
# runner reads them (so no text can end the line and start a command of its own) and `##[`
# made inert.
esc() {
  local s=${1//'%'/'%25'}
  s=${s//$'\r'/'%0D'}
  s=${s//$'\n'/'%0A'}
  printf '%s' "${s//'##['/'##'$'\xe2\x80\x8b''['}"
}
: "${ACTION_PATH:?}" "${RUNNER_TEMP:?}" "${GITHUB_PATH:?}"
repository="${CARDLINT_REPOSITORY:-cardlint/cardlint}"
server="${GITHUB_SERVER_URL:-https://github.com}"
own=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1)
version="${CARDLINT_VERSION:-$own}"
version="${version#v}"
checksum="${CARDLINT_CHECKSUM:-}"
checksum="${checksum#"${checksum%%[![:space:]]*}"}"
checksum="${checksum%"${checksum##*[![:space:]]}"}"
root="$RUNNER_TEMP/cardlint-$version"

case "$version" in
  *[!0-9A-Za-z.+-]* | "") echo "::error title=cardlint::the version input is not a version (digits, letters, . + -)"; exit 1 ;;
esac
case "$repository" in
  *[!0-9A-Za-z._/-]* | */*/* | /* | */) echo "::error title=cardlint::the repository input is not OWNER/NAME"; exit 1 ;;
esac
case "$checksum" in
  "") ;;
  *[!0-9A-Fa-f]*) echo "::error title=cardlint::the checksum input is not a SHA-256 sum (64 hex digits); nothing was installed"; exit 1 ;;
esac

if command -v cardlint >/dev/null 2>&1 && [ "$(cardlint --version | awk '{print $2}')" = "$version" ]; then
  echo "cardlint $version is already installed: $(command -v cardlint)"
  exit 0
fi

# The asset of this runner.
os="${RUNNER_OS:-$(uname -s)}"
arch="${RUNNER_ARCH:-$(uname -m)}"
ext=tar.gz
case "$os/$arch" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc; ext=zip ;;
  *) target="" ;;
esac

build_from_source() {
  echo "::notice title=cardlint::$(esc "$1"); building cardlint $own from the action's source (cargo install --locked)"
  cargo install --locked --features github,hub --path "$ACTION_PATH" --root "$root"
  echo "$root/bin" >> "$GITHUB_PATH"
  exit 0
}

[ -n "$target" ] || build_from_source "no release binary for $os/$arch"
asset="cardlint-$target.$ext"
url="$server/$repository/releases/download/v$version/$asset"
mkdir -p "$root"
download() { # url file → the HTTP status ("000" when the server cannot be reached)
  curl -sSL --retry 2 --proto '=https,http' -o "$2" -w '%{http_code}' "$1" 2>/dev/null || true
}
status=$(download "$url" "$root/$asset")
case "$status" in
  200) ;;
  404) [ "$version" = "$own" ] || { echo "::error title=cardlint::no release v$version of $repository ($(esc "$url"): 404)"; exit 1; }
       build_from_source "no release v$version of $repository yet ($asset: 404)" ;;
  *) echo "::error title=cardlint::could not download $(esc "$url") (HTTP $(esc "$status"))"; exit 1 ;;
esac

# Verify before unpacking: the pinned checksum, else the release's own .sha256.
if [ -z "$checksum" ]; then
  status=$(download "$url.sha256" "$root/$asset.sha256")
  [ "$status" = 200 ] || { echo "::error title=cardlint::could not download $(esc "$url").sha256 (HTTP $(esc "$status")); nothing was installed"; exit 1; }
  checksum=$(awk 'NR == 1 { print $1 }' "$root/$asset.sha256")
fi
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$root/$asset" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$root/$asset" | awk '{ print $1 }')
fi
checksum=$(printf '%s' "$checksum" | tr 'A-F' 'a-f')
if [ "${#checksum}" -ne 64 ] || [ "$actual" != "$checksum" ]; then
  rm -f "$root/$asset"
  echo "::error title=cardlint::checksum mismatch for $asset: expected $(esc "$checksum"), got $actual; nothing was installed"
  exit 1
fi
echo "verified $asset (sha256 $actual)"

tar -xf "$root/$asset" -C "$root"
bin="$root/cardlint-$target"
[ -x "$bin/cardlint" ] || [ -f "$bin/cardlint.exe" ] || { echo "::error title=cardlint::$asset holds no cardlint-$target/cardlint"; exit 1; }
echo "$bin" >> "$GITHUB_PATH"
echo "installed cardlint $version ($target) from $repository"
