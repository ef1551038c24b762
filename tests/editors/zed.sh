#!/usr/bin/env bash
# The Zed extension (editors/zed): clippy with warnings denied and its unit tests (the command
# it returns: the `lsp.cardlint.binary.path` setting, else cardlint on PATH, else a clear error;
# the settings it passes), built natively. Zed itself (a GUI on the GPU) cannot run here.
#
# ZED_WASM=1 also builds the extension as Zed does, a component for wasm32-wasip2
# (zed_extension_api 0.7), and checks that it is one: with rustup's target where it is
# installed, else with Debian's packages and wasm-component-ld (-Zbuild-std, as
# scripts/build-web.sh does for the browser build). Not in CI: several minutes cold.
set -euo pipefail
cd "$(dirname "$0")/../.."
manifest=editors/zed/Cargo.toml
# Its own workspace, built in editors/zed/target.
cargo fmt --manifest-path "$manifest" --check
cargo clippy --quiet --locked --manifest-path "$manifest" --all-targets -- -D warnings
cargo test --quiet --locked --manifest-path "$manifest"
if [ -n "${ZED_WASM:-}" ]; then
  out=${CARGO_TARGET_DIR:-editors/zed/target}/wasm32-wasip2/release/zed_cardlint.wasm
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip2; then
    cargo build --quiet --locked --release --manifest-path "$manifest" --target wasm32-wasip2
  else
    # Debian's rustc-web and rust-web-src (std built from source), Debian's wasi-libc (the C
    # library std links), wasm-component-ld from crates.io (links and makes the component, with
    # the WASI preview 1 adapter it embeds) and rustup's rust-lld as its wasm-ld.
    if [ ! -d /usr/lib/rustlib/src/rust/library ] || [ ! -f /usr/lib/wasm32-wasi/libc.a ]; then
      apt-get update -qq && apt-get install -y -qq rustc-web rust-web-src wasi-libc >/dev/null
    fi
    component_ld=target/ci/bin/wasm-component-ld
    version=0.5.31
    if ! { [ -x "$component_ld" ] && "$component_ld" --version | grep -q " $version$"; }
    then
      cargo install --quiet --locked wasm-component-ld --version "=$version" --root target/ci
    fi
    lld=$(ls ~/.rustup/toolchains/*/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n 1 || true)
    [ -n "$lld" ] || { echo "zed: no rust-lld (rustup's) to link the wasm" >&2; exit 1; }
    mkdir -p target/ci/wasm-ld && ln -sf "$lld" target/ci/wasm-ld/wasm-ld
    PATH="$PWD/target/ci/wasm-ld:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_WASIP2_LINKER="$PWD/$component_ld" \
      RUSTFLAGS="-C link-self-contained=no -L native=/usr/lib/wasm32-wasi" \
      cargo build --quiet --locked --release -Zbuild-std=std,panic_abort \
      --manifest-path "$manifest" --target wasm32-wasip2
  fi
  # A component (the binary format's layer 1), which is what Zed loads, not a core module.
  magic=$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')
  if [ "$magic" != 0061736d0d000100 ]; then
    echo "zed: $out is not a wasm component ($magic)" >&2; exit 1
  fi
  echo "zed extension: $out, a wasm component of $(stat -c %s "$out") bytes"
fi
echo "zed extension: ok"
