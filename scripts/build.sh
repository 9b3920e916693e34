#!/usr/bin/env bash
# Builds the publishable npm package into pkg/: for each entry (payrail, payrail/<provider>, payrail/crypto) its
# release wasm built with that entry's cargo features, wasm-bindgen's glue (web target), wasm-opt -Oz (npm binaryen,
# never Debian's), then the entries' JS (scripts/bundle-entries.mjs: one file per runtime, and the exports map),
# the hand-written declarations and the sandbox.
#
# PAYRAIL_BENCH=1 builds the same package with the cargo feature `bench` (the measuring aid src/wasm/bench.rs,
# UnipesaRoundTrip) into target/bench-pkg/ instead, for bench/run.mjs only; pkg/ is left as it is. The published
# build checks that its wasm and glue have no bench export.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

# The entries: name, folder in the package, cargo features. `payrail` is every provider in one module (the default
# features); each other entry is built from the same crate with only its own code (Cargo.toml, [features]).
ENTRIES=(
  "all . default"
  "unipesa unipesa unipesa"
  "momo momo momo"
  "cinetpay cinetpay cinetpay"
  "viralpay viralpay viralpay"
  "alianspay alianspay alianspay"
  "crypto crypto crypto"
)
if [ "${PAYRAIL_BENCH:-}" = 1 ]; then
  # The bench build: the all-in-one entry only, with the feature `bench`.
  dest=target/bench-pkg out=target/wasm-bindgen-bench
  ENTRIES=("all . unipesa,momo,cinetpay,viralpay,alianspay,crypto,bench")
else
  dest=pkg out=target/wasm-bindgen
fi
rm -rf "$out" "$dest"
mkdir -p "$out" "$dest"

# One entry's wasm (scripts/build-wasm.sh: `cargo rustc --crate-type cdylib` with its features, so with LTO,
# wasm-bindgen's web glue, wasm-opt -Oz with npm's binaryen): the glue stays in $out/<name>/ for bundle-entries.mjs,
# the module goes to $dest/<folder>/.
build_wasm() {
  local name=$1 dir=$2 features=$3
  log "wasm of $name (features: $features)"
  scripts/build-wasm.sh "$features" "$out/$name" >/dev/null
  mkdir -p "$dest/$dir"
  cp "$out/$name/payrail_bg.wasm" "$dest/$dir/payrail_bg.wasm"
}
for e in "${ENTRIES[@]}"; do
  # shellcheck disable=SC2086
  build_wasm $e
done

# The bench export (src/wasm/bench.rs) is in the bench build and in no other: its wasm exports (by the names
# wasm-bindgen gave them, names.json: the wasm's own are short) and glue are read.
roundtrip=$(node -e '
  const fs = require("fs");
  const [wasm, names, glue] = process.argv.slice(1);
  const short = new Set(WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(wasm))).map((e) => e.name));
  const renamed = JSON.parse(fs.readFileSync(names, "utf8")).exports;
  const found = Object.keys(renamed).filter((n) => short.has(renamed[n]) && /roundtrip/i.test(n));
  if (/UnipesaRoundTrip/.test(fs.readFileSync(glue, "utf8"))) found.push("UnipesaRoundTrip in the glue");
  console.log(found.join(" "));' "$dest/payrail_bg.wasm" "$out/all/names.json" "$out/all/payrail.js")
if [ "$dest" = pkg ] && [ -n "$roundtrip" ]; then
  echo "build.sh: the published wasm carries the bench export: $roundtrip" >&2
  exit 1
elif [ "$dest" != pkg ] && [ -z "$roundtrip" ]; then
  echo "build.sh: the bench build has no UnipesaRoundTrip export" >&2
  exit 1
fi

cp pkg-template/* "$dest"/
# errors.js: the one set of error classes every entry imports; browser-guard.js: the browser files' warning.
cp js/errors.js js/browser-guard.js js/index.d.ts "$dest"/
if [ -d js/types ]; then mkdir -p "$dest"/types && cp js/types/*.d.ts "$dest"/types/; fi
# The declarations of inputs, results and errors, generated from the Rust types (tsify, typescript_custom_section):
# the hand-written ones import them from types/generated (scripts/extract-types.mjs).
mkdir -p "$dest"/types
node scripts/extract-types.mjs "$out/all/payrail.d.ts" "$dest"/types/generated.d.ts
# Declarations as TypeScript's node16/nodenext resolution wants them (checked by tests/types/ under node16 and nodenext):
# - ESM (.d.ts, "type": "module"): relative specifiers need their extension, so `from './types/x'`,
#   `from '../index'` and (in types/) `from './generated'` become `./types/x.js`, `../index.js`, `./generated.js`;
# - CommonJS (.d.cts, the exports map's types.require): TypeScript refuses ESM declarations for a `require`
#   although node.cjs is CommonJS, so the same text is written as .d.cts, each referring to its .d.cts siblings.
sed -E -i "s#from '(\./types/[^'.]+)'#from '\1.js'#" "$dest"/index.d.ts
sed -E "s#from '(\./types/[^'.]+)\.js'#from '\1.cjs'#" "$dest"/index.d.ts > "$dest"/index.d.cts
# - the same for the providers' declarations: `from '../index'` and their sibling `from './generated'` (the
#   generated types) get `.js` in the ESM copy and `.cjs` in the CommonJS one.
for f in "$dest"/types/*.d.ts; do
  [ -e "$f" ] || continue
  sed -E -i "s#from '\.\./index'#from '../index.js'#; s#from '(\./[^'.]+)'#from '\1.js'#" "$f"
  sed -E "s#from '(\.\./index|\./[^'.]+)\.js'#from '\1.cjs'#" "$f" > "${f%.d.ts}.d.cts"
done
mkdir -p "$dest"/sandbox
cp -R js/sandbox/. "$dest"/sandbox/

log "the entries' JS (scripts/bundle-entries.mjs)"
specs=()
for e in "${ENTRIES[@]}"; do
  read -r name dir _ <<< "$e"
  specs+=("$name:$dir")
done
node scripts/bundle-entries.mjs "$dest" "$out" "${specs[@]}"

for e in "${ENTRIES[@]}"; do
  read -r name dir _ <<< "$e"
  wasm="$dest/$dir/payrail_bg.wasm"
  log "$(printf '%-10s payrail_bg.wasm %4d KiB (%3d KiB gzipped)' "$name" $(( $(wc -c < "$wasm") / 1024 )) $(( $(gzip -9c "$wasm" | wc -c) / 1024 )))"
done
log "$dest/ ready"
