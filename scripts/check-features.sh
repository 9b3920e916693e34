#!/usr/bin/env bash
# Each cargo feature alone (Cargo.toml: one per provider, `crypto` for the pure helper exports) builds without a
# warning: clippy on wasm32 (the lib, what scripts/build-wasm.sh ships per entry) and `cargo check` natively, plus
# `unipesa,bench` (the bench build). The default-feature checks (cargo test, clippy --all-targets) are
# scripts/test.sh's.
#   scripts/check-features.sh [feature-list ...]     default: unipesa momo cinetpay viralpay alianspay crypto unipesa,bench
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '\033[1m[features]\033[0m %s\n' "$*"; }

lists=("$@")
if [ "${#lists[@]}" -eq 0 ]; then
  lists=(unipesa momo cinetpay viralpay alianspay crypto unipesa,bench)
fi
for f in "${lists[@]}"; do
  log "--no-default-features --features $f: clippy (wasm32), check (native)"
  cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features "$f" --lib -- -D warnings
  cargo check --quiet --no-default-features --features "$f"
done
log "every feature alone builds without a warning"
