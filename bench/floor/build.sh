#!/usr/bin/env bash
# Builds bench/floor (the size floor of a provider entry) with scripts/build-wasm.sh --floor, as every entry is
# built (release wasm with LTO and the same LLVM flags, wasm-bindgen --target web, npm binaryen's wasm-opt -Oz,
# scripts/wasm-names.mjs's short names); prints raw and gzip -9 sizes of the wasm and the glue,
# and with the JS every entry loads besides its api.js (browser.js, errors.js, browser-guard.js of $PKG, default pkg/:
# run scripts/build.sh first) what a browser would load for it.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
# One build per variant: serde_json (as payrail), then JSON through the JS host (`host-json`).
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }
shared=0
pkg=${PKG:-$root/pkg}
for extra in "$pkg"/momo/browser.js "$pkg"/errors.js "$pkg"/browser-guard.js; do
  [ -f "$extra" ] && shared=$((shared + $(gz "$extra")))
done
for variant in serde-json host-json; do
out=$root/target/floor/$variant
# Built by the script that builds every entry: its flags, wasm-opt and short names.
"$root/scripts/build-wasm.sh" --floor "$([ "$variant" = host-json ] && echo host-json || echo default)" "$out" >/dev/null
w=$(gz "$out/payrail_bg.wasm") g=$(gz "$out/payrail.js")
printf 'floor (%s): wasm %d B raw %d B gz | glue %d B raw %d B gz | + browser.js, errors.js, browser-guard.js of pkg/ (%d B gz) = %d B gz\n' \
  "$variant" "$(wc -c < "$out/payrail_bg.wasm")" "$w" "$(wc -c < "$out/payrail.js")" "$g" "$shared" $((w + g + shared))
done
