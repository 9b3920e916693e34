#!/usr/bin/env bash
# Builds bench/floor (the size floor of a provider entry) as scripts/build-wasm.sh builds an entry: release wasm,
# wasm-bindgen --target web, npm binaryen's wasm-opt -Oz, scripts/wasm-names.mjs's short names; prints raw and gzip -9 sizes of the wasm and the glue,
# and with the JS every entry loads besides its api.js (browser.js, errors.js, browser-guard.js of $PKG, default pkg/:
# run scripts/build.sh first) what a browser would load for it.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
# One build per variant: serde_json (as payrail), then JSON through the JS host (`host-json`).
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }
shared=0
pkg=${PKG:-$root/pkg}
for extra in "$pkg"/momo/browser.js "$pkg"/errors.js "$pkg"/browser-guard.js; do
  [ -f "$extra" ] && shared=$((shared + $(gz "$extra")))
done
for variant in serde-json host-json; do
features=()
[ "$variant" = host-json ] && features=(--features host-json)
# LLVM's --max-store-memcpy=2, as scripts/build-wasm.sh gives every entry.
RUSTFLAGS="-Cllvm-args=--max-store-memcpy=2" cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "$root/target/floor" "${features[@]}"
out=$root/target/floor/$variant
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out/bindgen" --out-name payrail "$root/target/floor/wasm32-unknown-unknown/release/payrail_floor.wasm"
"$root/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-producers --strip-target-features \
  "$out/bindgen/payrail_bg.wasm" -o "$out/payrail_bg.wasm"
cp "$out/bindgen/payrail.js" "$out/payrail.js"
# The short import and export names every entry gets (scripts/wasm-names.mjs).
node "$root/scripts/wasm-names.mjs" "$out"
w=$(gz "$out/payrail_bg.wasm") g=$(gz "$out/payrail.js")
printf 'floor (%s): wasm %d B raw %d B gz | glue %d B raw %d B gz | + browser.js, errors.js, browser-guard.js of pkg/ (%d B gz) = %d B gz\n' \
  "$variant" "$(wc -c < "$out/payrail_bg.wasm")" "$w" "$(wc -c < "$out/payrail.js")" "$g" "$shared" $((w + g + shared))
done
