#!/usr/bin/env bash
# Builds cardlint's browser page into target/web/ (index.html at its root): the binding
# (crates/cardlint-web) for wasm32-unknown-unknown, wasm-bindgen's JS glue, the static files of
# web/ and the Space's README.md. Prints the wasm's size, raw and gzipped.
#
# Toolchain: rustup's wasm32 target where it is installed (GitHub's runners: `rustup target add
# wasm32-unknown-unknown`); else Debian's rustc-web and rust-web-src with -Zbuild-std (the
# standard library built from source, cached in target/wasm) and rustup's bundled rust-lld.
# wasm-bindgen-cli is installed from crates.io at the version of the `wasm-bindgen` crate in
# Cargo.lock, into target/ci (cached).
#
# Environment:
#   HF_ENDPOINT         the Hub the page asks (default https://huggingface.co); it is the only
#                       host besides the site itself that the page's Content-Security-Policy allows
#   CARDLINT_WEB_OUT    where the site goes (default target/web)
#   CARDLINT_WEB_TOOLCHAIN  `rustup` or `debian` (default: rustup if its wasm32 target is installed)
#   CARDLINT_WEB_SITE_ONLY=1  only rewrite the static files around an existing build
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${CARDLINT_WEB_OUT:-target/web}
endpoint=${HF_ENDPOINT:-https://huggingface.co}
endpoint=${endpoint%/}
# The endpoint goes into a CSP and a meta tag: a plain origin only.
if ! [[ $endpoint =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$ ]]; then
  echo "build-web.sh: HF_ENDPOINT must be an origin like https://huggingface.co, not \`$endpoint\`" >&2
  exit 2
fi
wasm_dir=target/wasm/wasm32-unknown-unknown/web
pkg=target/wasm/pkg

if [ -z "${CARDLINT_WEB_SITE_ONLY:-}" ]; then
  # --- the wasm ---
  toolchain=${CARDLINT_WEB_TOOLCHAIN:-}
  if [ -z "$toolchain" ]; then
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
      toolchain=rustup
    else
      toolchain=debian
    fi
  fi
  if [ "$toolchain" = rustup ]; then
    cargo build --locked -p cardlint-web --profile web --target wasm32-unknown-unknown --target-dir target/wasm
  else
    if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
      if command -v apt-get >/dev/null; then
        echo "installing Debian's rustc-web and rust-web-src" >&2
        apt-get install -y -qq rustc-web rust-web-src >/dev/null
      else
        echo "build-web.sh: needs rustup's wasm32-unknown-unknown target, or Debian's rustc-web and rust-web-src" >&2
        exit 1
      fi
    fi
    lld=$(ls ~/.rustup/toolchains/*/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n 1 || true)
    [ -n "$lld" ] || lld=$(command -v rust-lld || command -v lld || true)
    if [ -z "$lld" ]; then
      echo "build-web.sh: no rust-lld (rustup's) or lld to link the wasm" >&2
      exit 1
    fi
    # The standard library is built from source once, then cached in target/wasm.
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld" \
      cargo build --locked -Zbuild-std=std,panic_abort -p cardlint-web --profile web \
      --target wasm32-unknown-unknown --target-dir target/wasm
  fi

  # --- wasm-bindgen, at the binding crate's version ---
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  bindgen=target/ci/bin/wasm-bindgen
  if ! { [ -x "$bindgen" ] && "$bindgen" --version | grep -qx "wasm-bindgen $version"; }; then
    # The debug profile without debug info, and only the one binary: about a minute instead of
    # three and a half on two cores; its output is the same byte for byte (it takes 2 s, not 0.4).
    echo "installing wasm-bindgen-cli $version into target/ci" >&2
    CARGO_PROFILE_DEV_DEBUG=0 cargo install --quiet --debug --bin wasm-bindgen wasm-bindgen-cli \
      --version "=$version" --root target/ci
  fi
  rm -rf "$pkg"
  "$bindgen" --target web --no-typescript --remove-name-section --out-dir "$pkg" "$wasm_dir/cardlint_web.wasm"
fi

# --- the site ---
test -f "$pkg/cardlint_web_bg.wasm" || { echo "build-web.sh: no wasm built yet ($pkg)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/pkg"
cp web/app.js web/style.css "$out/"
cp "$pkg/cardlint_web.js" "$pkg/cardlint_web_bg.wasm" "$out/pkg/"
cp web/SPACE.md "$out/README.md"
version=$(cat web/* "$pkg"/* | sha256sum | cut -c1-12)
sed "s|@HUB_ENDPOINT@|$endpoint|g" web/index.html > "$out/index.html"
sed "s|@VERSION@|$version|g" web/sw.js > "$out/sw.js"

raw=$(stat -c %s "$out/pkg/cardlint_web_bg.wasm")
gz=$(gzip -9 -c "$out/pkg/cardlint_web_bg.wasm" | wc -c)
echo "site: $out (Hub endpoint $endpoint)"
echo "wasm: $raw bytes raw, $gz bytes gzipped"
