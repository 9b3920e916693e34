#!/usr/bin/env bash
# Builds the publishable npm package into pkg/: the release wasm, its wasm-bindgen glue (web target, shared by
# every runtime entry), wasm-opt -Oz (npm binaryen, never Debian's), the hand-written JS, the sandbox, and a
# CommonJS build of the Node entry for `require`.
#
# PAYRAIL_BENCH=1 builds the same package with the cargo feature `bench` (the measuring aid src/wasm/bench.rs,
# UnipesaRoundTrip) into target/bench-pkg/ instead, for bench/run.mjs only; pkg/ is left as it is. The published
# build checks that its wasm and glue have no bench export.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

if [ "${PAYRAIL_BENCH:-}" = 1 ]; then
  dest=target/bench-pkg out=target/wasm-bindgen-bench features=(--features bench)
else
  dest=pkg out=target/wasm-bindgen features=()
fi

log "cargo build --release --target wasm32-unknown-unknown ${features[*]}"
cargo build --quiet --release --target wasm32-unknown-unknown --lib "${features[@]}"

rm -rf "$out" "$dest"
mkdir -p "$out" "$dest"
wasm-bindgen --target web --out-dir "$out" --out-name payrail \
  target/wasm32-unknown-unknown/release/payrail.wasm

log "wasm-opt -Oz"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/payrail_bg.wasm" -o "$dest/payrail_bg.wasm"
# The glue imports js/errors.js (src/wasm/boundary.rs: the error classes) from wasm-bindgen's hashed snippets/
# folder; the package ships that file once (copied with js/*.js below), so the import is pointed there: one
# errors.js, so an error the core makes is `instanceof` the classes users import. Any other snippet would be a
# file the package lacks: the build stops. (The wasm module's own import names keep the snippet path: only the
# `from` of the glue's imports changes.)
sed -E "s#from (['\"])\./snippets/payrail-[0-9a-f]+/js/errors\.js(['\"])#from \1./errors.js\2#" "$out/payrail.js" > "$dest/payrail_glue.js"
if grep -E -q "from ['\"]\./snippets/" "$dest/payrail_glue.js"; then
  echo "build.sh: the glue imports a wasm-bindgen snippet that $dest/ does not ship:" >&2
  grep -n "snippets/" "$dest/payrail_glue.js" >&2
  exit 1
fi

# The bench export (src/wasm/bench.rs) is in the bench build and in no other: its wasm exports and glue are read.
roundtrip=$(node -e '
  const fs = require("fs");
  const [wasm, glue] = process.argv.slice(1);
  const names = WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(wasm))).map((e) => e.name);
  const found = names.filter((n) => /roundtrip/i.test(n));
  if (/UnipesaRoundTrip/.test(fs.readFileSync(glue, "utf8"))) found.push("UnipesaRoundTrip in the glue");
  console.log(found.join(" "));' "$dest/payrail_bg.wasm" "$dest/payrail_glue.js")
if [ "$dest" = pkg ] && [ -n "$roundtrip" ]; then
  echo "build.sh: the published wasm carries the bench export: $roundtrip" >&2
  exit 1
elif [ "$dest" != pkg ] && [ -z "$roundtrip" ]; then
  echo "build.sh: the bench build has no UnipesaRoundTrip export" >&2
  exit 1
fi

cp pkg-template/* "$dest"/
cp js/*.js js/index.d.ts "$dest"/
mkdir -p "$dest"/providers && cp js/providers/*.js "$dest"/providers/
if [ -d js/types ]; then mkdir -p "$dest"/types && cp js/types/*.d.ts "$dest"/types/; fi
# The declarations of inputs, results and errors, generated from the Rust types (tsify, typescript_custom_section):
# the hand-written ones import them from types/generated (scripts/extract-types.mjs).
mkdir -p "$dest"/types
node scripts/extract-types.mjs "$out/payrail.d.ts" "$dest"/types/generated.d.ts
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

log "one ESM module for the API"
# api.js with what it imports (util, token stores, the provider classes) as one module: an ESM import() of the
# package loads 4 modules (entry, glue, api, errors) instead of 12, ~4 ms less start-up (bench/README.md).
# The glue stays apart (the entry
# instantiates the one glue the API calls), and so does errors.js (one PayrailError class for every entry).
node_modules/.bin/esbuild "$dest"/api.js --bundle --format=esm --log-level=warning \
  --external:./"$dest"/payrail_glue.js --external:./"$dest"/errors.js --outfile="$dest"/api.bundle.js
mv "$dest"/api.bundle.js "$dest"/api.js
rm -r "$dest"/providers "$dest"/util.js "$dest"/token-stores.js "$dest"/webhooks.js

log "CommonJS entry for require()"
node_modules/.bin/esbuild "$dest"/node.js --bundle --platform=node --format=cjs --log-level=warning \
  --external:./payrail_bg.wasm --outfile="$dest"/node.cjs \
  --define:import.meta.url=__payrail_import_meta_url \
  --banner:js='const __payrail_import_meta_url = require("url").pathToFileURL(__filename).href;'

wasm_kb=$(( $(wc -c < "$dest"/payrail_bg.wasm) / 1024 ))
gz_kb=$(( $(gzip -9c "$dest"/payrail_bg.wasm | wc -c) / 1024 ))
log "$dest/ ready: payrail_bg.wasm ${wasm_kb} KiB (${gz_kb} KiB gzipped)"
