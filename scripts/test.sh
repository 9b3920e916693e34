#!/usr/bin/env bash
# Every test, from a fresh clone: installs what is missing (scripts/setup.sh), then runs
#   1. native Rust tests (builders, parsers, crypto vectors, golden requests, driver),
#   2. the fetch transport under wasm-bindgen-test in Node, against a server on 127.0.0.1,
#   3. the npm package build (pkg/),
#   4. the JS tests (node:test) on the built package and the sandbox, over 127.0.0.1 only,
#   5. the TypeScript check of index.d.ts through a consumer file,
#   6. the browser demo page (www/) driven in Debian's Chromium (screenshots in target/www-screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

scripts/setup.sh "$@"

step "Rust: format and lints (cargo fmt --check, clippy -D warnings on native and wasm32)"
cargo fmt --all -- --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings

step "Rust: native tests (unit, golden requests, vectors, properties)"
cargo test --quiet

step "Rust: fetch transport in Node (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm_fetch  # the runner refuses --quiet

step "Build the npm package"
scripts/build.sh

step "TypeScript: index.d.ts through a consumer file (tsc --noEmit --strict)"
node_modules/.bin/tsc -p tests/types/tsconfig.json

step "JS: node:test on the package and the sandbox"
node --test --test-concurrency=2 tests/js/

step "Browser: the demo page (www/) in Chromium through playwright-core, every provider"
command -v chromium >/dev/null 2>&1 || scripts/setup.sh --browser
node --test tests/www/
