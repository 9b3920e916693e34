#!/usr/bin/env bash
# Builds the publishable npm package into pkg/: the release wasm, its wasm-bindgen glue (web target, shared by
# every runtime entry), wasm-opt -Oz (npm binaryen, never Debian's), the hand-written JS, the sandbox, and a
# CommonJS build of the Node entry for `require`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

log "cargo build --release --target wasm32-unknown-unknown"
cargo build --quiet --release --target wasm32-unknown-unknown --lib

out=target/wasm-bindgen
rm -rf "$out" pkg
mkdir -p "$out" pkg
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name payrail \
  target/wasm32-unknown-unknown/release/payrail.wasm

log "wasm-opt -Oz"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/payrail_bg.wasm" -o pkg/payrail_bg.wasm
# The glue is used as it comes. A wasm-bindgen snippet (an `inline_js` or `module =` import) would be a file under
# snippets/ that the package does not ship: the build stops.
cp "$out/payrail.js" pkg/payrail_glue.js
if grep -q "snippets/" pkg/payrail_glue.js; then
  echo "build.sh: the glue imports a wasm-bindgen snippet that pkg/ does not ship:" >&2
  grep -n "snippets/" pkg/payrail_glue.js >&2
  exit 1
fi

cp pkg-template/* pkg/
cp js/*.js js/index.d.ts pkg/
mkdir -p pkg/providers && cp js/providers/*.js pkg/providers/
if [ -d js/types ]; then mkdir -p pkg/types && cp js/types/*.d.ts pkg/types/; fi
# Declarations as TypeScript's node16/nodenext resolution wants them (checked by tests/types/ under node16 and nodenext):
# - ESM (.d.ts, "type": "module"): relative specifiers need their extension, so `from './types/x'` and
#   `from '../index'` become `./types/x.js` and `../index.js`;
# - CommonJS (.d.cts, the exports map's types.require): TypeScript refuses ESM declarations for a `require`
#   although node.cjs is CommonJS, so the same text is written as .d.cts, each referring to its .d.cts siblings.
sed -E -i "s#from '(\./types/[^'.]+)'#from '\1.js'#" pkg/index.d.ts
sed -E "s#from '(\./types/[^'.]+)\.js'#from '\1.cjs'#" pkg/index.d.ts > pkg/index.d.cts
for f in pkg/types/*.d.ts; do
  [ -e "$f" ] || continue
  sed -E -i "s#from '\.\./index'#from '../index.js'#" "$f"
  sed -E "s#from '\.\./index\.js'#from '../index.cjs'#" "$f" > "${f%.d.ts}.d.cts"
done
mkdir -p pkg/sandbox
cp -R js/sandbox/. pkg/sandbox/

log "one ESM module for the API"
# api.js with what it imports (util, token stores, the provider classes) as one module: an ESM import() of the
# package loads 4 modules (entry, glue, api, errors) instead of 12, ~4 ms less start-up (bench/README.md).
# The glue stays apart (the entry
# instantiates the one glue the API calls), and so does errors.js (one PayrailError class for every entry).
node_modules/.bin/esbuild pkg/api.js --bundle --format=esm --log-level=warning \
  --external:./pkg/payrail_glue.js --external:./pkg/errors.js --outfile=pkg/api.bundle.js
mv pkg/api.bundle.js pkg/api.js
rm -r pkg/providers pkg/util.js pkg/token-stores.js

log "CommonJS entry for require()"
node_modules/.bin/esbuild pkg/node.js --bundle --platform=node --format=cjs --log-level=warning \
  --external:./payrail_bg.wasm --outfile=pkg/node.cjs \
  --define:import.meta.url=__payrail_import_meta_url \
  --banner:js='const __payrail_import_meta_url = require("url").pathToFileURL(__filename).href;'

wasm_kb=$(( $(wc -c < pkg/payrail_bg.wasm) / 1024 ))
gz_kb=$(( $(gzip -9c pkg/payrail_bg.wasm | wc -c) / 1024 ))
log "pkg/ ready: payrail_bg.wasm ${wasm_kb} KiB (${gz_kb} KiB gzipped)"
