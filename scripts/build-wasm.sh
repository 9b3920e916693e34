#!/usr/bin/env bash
# Builds one wasm entry of the package: the release wasm of the cargo features given, its wasm-bindgen glue (web
# target), then wasm-opt -Oz (npm binaryen, never Debian's: docs in /work/shared/TOOLCHAIN.md) as build.sh does.
#   scripts/build-wasm.sh [--floor] <feature-list> <outdir>
#     --floor:      builds bench/floor's crate (the size floor of an entry, bench/README.md) the same way instead
#     feature-list: `default` (or `all`) for the all-in-one build, else a comma-separated list built with
#                   --no-default-features (`unipesa`, `crypto`, `unipesa,bench`...)
#     outdir:       gets wasm-bindgen's output (payrail.js, payrail.d.ts, payrail_bg.wasm optimised, snippets/), the
#                   wasm and payrail.js with short import and export names (names.json: which is which)
# The wasm before wasm-opt (with its names, for `node bench/wasm-sizes.mjs`) stays in target/entries/<name>/,
# <name> being the feature list with `-` for `,`. Prints the raw and `gzip -9` sizes of the wasm and the glue.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# The crate built, where cargo writes it, and the prefix of its folder in target/entries/.
crate=(--manifest-path Cargo.toml) wasm=target/wasm32-unknown-unknown/release/payrail.wasm prefix=
if [ "${1:-}" = --floor ]; then
  shift
  crate=(--manifest-path bench/floor/Cargo.toml --target-dir target/floor)
  wasm=target/floor/wasm32-unknown-unknown/release/payrail_floor.wasm prefix=floor-
fi
if [ "$#" -ne 2 ]; then
  echo "usage: scripts/build-wasm.sh [--floor] <feature-list|default> <outdir>" >&2
  exit 2
fi
list=$1 dest=$2
name=$prefix${list//,/-}
case "$list" in
  default | all) features=() ;;
  *) features=(--no-default-features --features "$list") ;;
esac

# One target dir for every entry (the dependencies are shared); the wasm cargo writes is the same path for every
# feature set, so it is copied out at once.
# `cargo rustc --crate-type cdylib`, not `cargo build`: Cargo.toml's [lib] is `cdylib` and `rlib` (the tests link
# the rlib), and rustc cannot LTO a build that also emits an rlib, so `cargo build` silently drops the release
# profile's `lto = true` (rust-lang/rust#51009, rust-lang/cargo#9672): the crypto wasm was 126,902 B with it,
# 81,423 B without (bench/README.md).
# The panic locations of the dependencies name their sources by path: `--remap-path-prefix` cuts each registry
# folder (`$CARGO_HOME/registry/src/index.crates.io-<hash>/`) so `serde_json-1.0.154/src/de.rs` is what the wasm
# keeps (alianspay -1.1 KB raw / -0.1 KB gz; the same wasm on every machine). std's `/rustc/<hash>/` paths come
# compiled. Added to the caller's RUSTFLAGS, in cargo's encoded form (paths may hold spaces).
read -ra given <<<"${RUSTFLAGS:-}"
flags=$(IFS=$'\x1f'; echo "${given[*]}")
# A copy of more than two stores' worth (a `Result` with the 48-byte `Error`, an `HttpResponse`, a future's
# captured state moved between its states) is one `memory.copy` instead of a run of loads and stores: LLVM's
# default for wasm at opt-level "z" is four. momo -4.6 KB raw / -1.9 KB gz, every entry smaller (bench/README.md);
# `=1` cuts momo by 7.8 / 4.0 KB but slows the CPU-bound round trip ~5% (a 16-byte move becomes a call in V8); `=2`
# measured no slower.
flags+="${flags:+$'\x1f'}-Cllvm-args=--max-store-memcpy=2"
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$dir" ] && flags+="${flags:+$'\x1f'}--remap-path-prefix=$dir="
done
export CARGO_ENCODED_RUSTFLAGS=$flags
unset RUSTFLAGS
cargo rustc "${crate[@]}" --quiet --release --target wasm32-unknown-unknown --lib --crate-type cdylib "${features[@]}"
raw=target/entries/$name
rm -rf "$raw" "$dest"
mkdir -p "$raw" "$dest"
cp "$wasm" "$raw/payrail.wasm"

wasm-bindgen --target web --out-dir "$raw/bindgen" --out-name payrail "$raw/payrail.wasm"
cp -R "$raw/bindgen/." "$dest/"
# The custom sections `producers` (which compilers made it) and `target_features` are read by no runtime: dropped
# (momo -265 B raw, -177 B gz). The features are given to wasm-opt here, not read from the section.
# --no-inline: a function whose Rust name starts with `outlined_` stays a function of its own. wasm-opt inlines any
# function that has one caller, and V8 compiles a wasm function whole at its first call: a cold path inlined into a
# hot one (the refusal of a client's options, src/wasm/boundary.rs) is compiled at start-up although it never runs
# (momo's first call compiled 26 KB of wasm, 16 KB with this: bench/README.md, start-up). The pattern matches the
# names wasm-bindgen's output keeps (`payrail::wasm::boundary::outlined_refusal::h...`).
node_modules/.bin/wasm-opt --no-inline='*::outlined_*' -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-producers --strip-target-features \
  "$raw/bindgen/payrail_bg.wasm" -o "$dest/payrail_bg.wasm"
# Short import and export names in the wasm and its glue together (scripts/wasm-names.mjs: wasm-bindgen's names,
# `__wbg_call_13410aac570ffff7`, were written once in the wasm and once in the glue); the old -> new names go to
# $dest/names.json. payrail_bg.wasm.d.ts lists the exports under their old names: not shipped, removed.
node scripts/wasm-names.mjs "$dest"
rm -f "$dest/payrail_bg.wasm.d.ts"

size() { wc -c < "$1" | tr -d ' '; }
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }
w=$dest/payrail_bg.wasm g=$dest/payrail.js
printf '%-16s wasm %7d B raw %7d B gz | glue %6d B raw %6d B gz | wasm+glue %7d B gz\n' \
  "$list" "$(size "$w")" "$(gz "$w")" "$(size "$g")" "$(gz "$g")" $(($(gz "$w") + $(gz "$g")))
