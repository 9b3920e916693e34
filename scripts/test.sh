#!/usr/bin/env bash
# Every test, from a fresh clone: installs what is missing (scripts/setup.sh), then runs
#   1. native Rust tests (builders, parsers, crypto vectors, golden requests, driver), each cargo feature alone,
#   2. the fetch transport under wasm-bindgen-test in Node, against a server on 127.0.0.1, and a client's options
#      read both ways (tests/wasm_options.rs),
#   3. the npm package build (pkg/),
#   4. the JS tests (node:test) on the built package and the sandbox, over 127.0.0.1 only,
#   5. the TypeScript check of the declarations through ESM and CommonJS consumer files, and the API reference
#      typedoc makes from them,
#   6. the runtime smoke tests: the package imported through its exports map in Node ESM and CJS, Deno, Bun,
#      workerd (miniflare) and Chromium (playwright-core), each collecting on the sandbox on 127.0.0.1,
#   7. the browser demo page (www/) driven in Debian's Chromium (screenshots in target/www-screenshots/),
#   8. the examples (examples/: Express, Hono, a Cloudflare Worker, Deno, Next.js) run against the sandbox,
#   9. the bundlers and edge runtimes (tests/bundlers/): each builds a tiny app from the packed package.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# --browser: Debian's chromium for the Chromium smoke test (step 6); --redis: Debian's redis-server (step 4).
scripts/setup.sh --browser --redis

step "Rust: format and lints (cargo fmt --check, clippy -D warnings on native and wasm32)"
cargo fmt --all -- --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings

step "Rust: each cargo feature alone (one per package entry) builds without a warning (scripts/check-features.sh)"
scripts/check-features.sh

step "Sources a maintainer can hold: no file over 800 lines, no function over 120 (scripts/check-sizes.mjs)"
node scripts/check-sizes.mjs

step "Rust: native tests (unit, golden requests, vectors, properties)"
cargo test --quiet

step "Rust: fetch transport and the options' two readers in Node (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm_fetch --test wasm_options  # the runner refuses --quiet

step "Build the npm package"
scripts/build.sh

step "TypeScript: ESM and CommonJS consumers of 'payrail' through the exports map (tsc --noEmit --strict)"
# `payrail` resolves like a user's dependency: tests/types/node_modules/payrail -> pkg/ (types / types.require).
mkdir -p tests/types/node_modules && ln -sfn ../../../pkg tests/types/node_modules/payrail
node_modules/.bin/tsc -p tests/types/tsconfig.json         # nodenext
node_modules/.bin/tsc -p tests/types/tsconfig.node16.json  # node16: Node 20's rules (no require of ESM)

step "API reference: typedoc from the declarations (make docs), its warnings as errors, into target/docs/"
node_modules/.bin/typedoc --options scripts/typedoc.json --logLevel Warn

step "JS: node:test on the package and the sandbox"
node --test --test-concurrency=2 tests/js/

step "Runtimes: Node ESM/CJS, Deno, Bun, workerd, Chromium against the sandbox (node:test)"
# Each test is bounded on its own; the outer timeout bounds the whole suite (~10 s here) should a runtime hang.
timeout 300 node --test --test-concurrency=2 tests/runtimes/

step "Browser: the demo page (www/) in Chromium through playwright-core, every provider"
# Chromium comes from setup.sh --browser above; the outer timeout bounds the suite (~20 s here) should it hang.
timeout 300 node --test tests/www/

step "Examples: Express, Hono, a Cloudflare Worker (workerd), Deno and Next.js against the sandbox (tests/examples/)"
# Express, Hono, miniflare and Deno come from the root devDependencies; Next.js and React are examples/nextjs's own
# (its package-lock.json), installed here once (~10 s) and again only when its lock changes.
if [ ! -x examples/nextjs/node_modules/.bin/next ] || [ examples/nextjs/package-lock.json -nt examples/nextjs/node_modules/.package-lock.json ]; then
  (cd examples/nextjs && timeout 300 npm ci --no-audit --no-fund --loglevel=error)
fi
# Each test is bounded on its own (next build included); the outer timeout bounds the suite (~25 s here).
timeout 300 node --test --test-force-exit --test-concurrency=2 tests/examples/

step "Bundlers: the packed package built by esbuild, Rollup, webpack 5, Vite, an import map, Next.js edge, wrangler, Deno (tests/bundlers/)"
# Each test packs pkg/, installs the tarball in a fresh folder and builds a tiny app with the bundler's defaults
# (Next.js from examples/nextjs's install above); the outer timeout bounds the suite (~1-2 min here).
timeout 900 node --test --test-force-exit --test-concurrency=2 tests/bundlers/
