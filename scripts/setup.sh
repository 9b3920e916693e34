#!/usr/bin/env bash
# Installs what building and testing payrail needs, skipping what is already there:
# the wasm target, wasm-bindgen-cli at exactly the version Cargo.toml pins, and the npm dev tools.
# Usage: scripts/setup.sh [--browser] [--redis] [--mutants]
#   --browser  also installs Debian's chromium (the browser tests)
#   --redis    also installs Debian's redis-server (the Redis token-store tests start their own on 127.0.0.1)
#   --mutants  also installs cargo-mutants (make mutants), skipped when present
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none}); takes ~3 minutes once"
  # --locked fails on this machine's mirror (TOOLCHAIN.md): install without it.
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# A symlinked node_modules (a git worktree sharing another checkout's) is left alone: npm ci would empty its target.
if [ ! -L node_modules ] && { [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  log "installing npm dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

browser=no redis=no mutants=no
for arg in "$@"; do
  case "$arg" in
    --browser) browser=yes ;;
    --redis) redis=yes ;;
    --mutants) mutants=yes ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
if [ "$mutants" = yes ] && ! cargo mutants --version >/dev/null 2>&1; then
  log "installing cargo-mutants (make mutants); takes a few minutes once"
  cargo install cargo-mutants
fi
apt_packages=()
if [ "$browser" = yes ] && ! command -v chromium >/dev/null 2>&1; then apt_packages+=(chromium); fi
if [ "$redis" = yes ] && ! command -v redis-server >/dev/null 2>&1; then apt_packages+=(redis-server); fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  log "installing Debian's ${apt_packages[*]} for the tests"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # redis-server's package would start a server on 6379 where init runs; the tests start their own on a free port.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
log "ready"
