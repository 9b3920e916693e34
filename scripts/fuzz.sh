#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for a bounded time and prints a summary: executions,
# coverage, and whether it found a crash, panic, hang (> 10 s on one input) or an out-of-memory.
# Not part of CI or `make test` (issue 7): run it by hand.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 60 s per target, every target
#   PARSER_FACTOR=2 scripts/fuzz.sh 60         response and callback parsers get SECONDS * PARSER_FACTOR
#
# Only stable Rust is installed: RUSTC_BOOTSTRAP=1 lets it use the sanitizer flags cargo-fuzz passes.
# Corpora grow in fuzz/corpus/<target> (not committed); fuzz/seeds/<target> are the committed starting inputs.
# A finding is saved in fuzz/artifacts/<target>/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

secs="${1:-60}"
shift || true
factor="${PARSER_FACTOR:-2}"
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2; exit 2; }

if [ "$#" -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo fuzz list); fi

echo "[fuzz] building ${#targets[@]} targets (release, debug assertions on)"
cargo fuzz build -O >/dev/null 2>build.log || { cat build.log; exit 1; }

mkdir -p logs
summary=()
failed=0
for t in "${targets[@]}"; do
  s="$secs"
  case "$t" in *_response|*_callback|unipesa_verify) s=$((secs * factor)) ;; esac
  mkdir -p "corpus/$t"
  dirs=("corpus/$t")
  [ -d "seeds/$t" ] && dirs+=("seeds/$t")
  echo "[fuzz] $t for ${s}s"
  cargo fuzz run -O "$t" "${dirs[@]}" -- -max_total_time="$s" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict=json.dict -print_final_stats=1 >"logs/$t.log" 2>&1
  rc=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "logs/$t.log" | grep -oE '[0-9]+$' | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "logs/$t.log" | tail -1 | grep -oE '[0-9]+')
  corpus=$(find "corpus/$t" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    verdict="ok"
  else
    failed=1
    verdict="FOUND: $(grep -m1 -oE 'ERROR: libFuzzer: [a-z-]+|panicked at [^ ]+|deadly signal|Test unit written to [^ ]+' "logs/$t.log" | head -1)"
  fi
  summary+=("$(printf '%-20s %5ss %12s runs  cov %6s  corpus %6s  %s' "$t" "$s" "${runs:-?}" "${cov:-?}" "$corpus" "$verdict")")
done

echo
echo "[fuzz] summary (logs in fuzz/logs/)"
printf '%s\n' "${summary[@]}"
exit "$failed"
