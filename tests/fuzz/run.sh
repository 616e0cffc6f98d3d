#!/usr/bin/env bash
# One fuzzing campaign: tests/fuzz/run.sh TARGET SECONDS [libFuzzer flags...]
#
# Runs the cargo-fuzz target TARGET (parse, pipeline, fmt_roundtrip, emit, flows)
# for SECONDS on one core (one job, one process at a time), with inputs up
# to 1 MiB, seeded from dsl-examples/ and tests/fixtures/. It keeps going
# after a crash (fork mode, -ignore_crashes) so one known bug does not end
# the campaign; every crashing input is saved in tests/fuzz/artifacts/TARGET/.
# The corpus it grows is kept in tests/fuzz/corpus/TARGET/ for the next run;
# the full libFuzzer log goes to tests/fuzz/logs/. At the end it prints the
# executions, coverage (cov: edges, ft: features), corpus size and crashes.
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Extra flags are passed to libFuzzer, e.g. -fork=0 to stop at the first
# crash. See docs/fuzzing.md.
set -euo pipefail

target=${1:?usage: tests/fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
seconds=${2:?usage: tests/fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
shift 2

root=$(cd "$(dirname "$0")/../.." && pwd)
fuzz=$root/tests/fuzz
corpus=$fuzz/corpus/$target
artifacts=$fuzz/artifacts/$target
mkdir -p "$corpus" "$artifacts" "$fuzz/logs"
log=$fuzz/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT

cd "$root"
# -s none: zonec has no unsafe code, so AddressSanitizer would only halve
# the speed; -a keeps debug assertions and overflow checks on.
cargo +nightly fuzz build --fuzz-dir tests/fuzz -s none -a "$target"
echo "fuzzing $target for ${seconds}s; log: $log"
status=0
cargo +nightly fuzz run --fuzz-dir tests/fuzz -s none -a "$target" \
    "$corpus" dsl-examples tests/fixtures -- \
    -max_len=1048576 -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=60 \
    -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
    -ignore_ooms=1 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$@" >"$log" 2>&1 || status=$?

# The last status line: "#RUNS: cov: C ft: F corp: N exec/s: E ..." in fork
# mode, "#RUNS <kind> cov: C ft: F corp: N/SIZE ..." otherwise.
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
runs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
crashes=$(find "$artifacts" -type f -newer "$marker" | sort)
echo "== $target: ${seconds}s, exit status $status"
echo "executions: ${runs:-?}"
echo "coverage:   cov ${cov:-?}, ft ${ft:-?}"
echo "corpus:     $(find "$corpus" -type f | wc -l) inputs in $corpus"
echo "crashes:    $(grep -c . <<<"$crashes" || true)"
if [ -n "$crashes" ]; then
    sed 's/^/  /' <<<"$crashes"
    echo "reproduce one: cargo +nightly fuzz run --fuzz-dir tests/fuzz -s none -a $target FILE"
fi
