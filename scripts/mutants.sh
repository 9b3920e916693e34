#!/usr/bin/env bash
# Mutation testing (make mutants; issue 16), not part of make test:
#   1. cargo-mutants over the pure Rust core, crypto and the providers' build/parse code (.cargo/mutants.toml),
#      bounded by PAYRAIL_MUTANTS_MINUTES (default 240) and by each mutant's own test timeout; results in
#      mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt);
#   2. the JS-side rules on copies of the built package (scripts/js-mutants.mjs).
# Extra arguments go to cargo mutants, e.g. `scripts/mutants.sh --file src/core/amount.rs` for one file.
# The full Rust set takes hours on a 2-core machine (mutants/README.md has the estimate).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh --mutants
minutes="${PAYRAIL_MUTANTS_MINUTES:-240}"
jobs="${PAYRAIL_MUTANTS_JOBS:-1}"

printf '\n\033[1m== cargo mutants (at most %s minutes, %s job(s))\033[0m\n' "$minutes" "$jobs"
rust=0
timeout --signal=INT "$((minutes * 60))" cargo mutants --jobs "$jobs" "$@" || rust=$?
# cargo-mutants exits 2 when a mutant was missed, 3 on a timeout; 124 is the overall bound.
case "$rust" in
  0) ;;
  2) echo "cargo mutants: some mutants were missed (mutants.out/missed.txt)" ;;
  3) echo "cargo mutants: some mutants timed out (mutants.out/timeout.txt)" ;;
  124|130) echo "cargo mutants: stopped at the ${minutes}-minute bound (a partial run)" ;;
  *) echo "cargo mutants failed ($rust)"; exit "$rust" ;;
esac
for f in caught missed timeout unviable; do
  [ -f "mutants.out/$f.txt" ] && printf '%-9s %s\n' "$f" "$(wc -l < "mutants.out/$f.txt")"
done

printf '\n\033[1m== JS mutants (scripts/js-mutants.mjs)\033[0m\n'
scripts/build.sh
node scripts/js-mutants.mjs
