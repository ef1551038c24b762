#!/usr/bin/env bash
# The Zed extension (editors/zed): clippy with warnings denied and its unit tests (the command
# it returns: the `lsp.cardlint.binary.path` setting, else cardlint on PATH, else a clear error;
# the settings it passes), built natively. Zed itself (a GUI on the GPU) cannot run here.
#
# ZED_WASM=1 also type-checks it for wasm32-wasip2, the target Zed builds extensions for
# (zed_extension_api 0.7): with rustup's target where it is installed, else with Debian's
# rustc-web and rust-web-src (-Zbuild-std, as scripts/build-web.sh does). This is `cargo check`:
# linking the .wasm component needs the target's wasi-libc and wasm-component-ld, which rustup's
# wasm32-wasip2 target ships and Zed's "Install Dev Extension" uses.
set -euo pipefail
cd "$(dirname "$0")/../.."
manifest=editors/zed/Cargo.toml
# Its own workspace, built in editors/zed/target.
cargo fmt --manifest-path "$manifest" --check
cargo clippy --quiet --locked --manifest-path "$manifest" --all-targets -- -D warnings
cargo test --quiet --locked --manifest-path "$manifest"
if [ -n "${ZED_WASM:-}" ]; then
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip2; then
    cargo check --locked --manifest-path "$manifest" --target wasm32-wasip2
  else
    if [ ! -d /usr/lib/rustlib/src/rust/library ]; then
      echo "zed: ZED_WASM=1 needs rustup's wasm32-wasip2 target, or Debian's rustc-web and" \
        "rust-web-src" >&2
      exit 1
    fi
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 cargo check --locked -Zbuild-std=std,panic_abort \
      --manifest-path "$manifest" --target wasm32-wasip2
  fi
  echo "zed extension: wasm32-wasip2 check ok"
fi
echo "zed extension: ok"
