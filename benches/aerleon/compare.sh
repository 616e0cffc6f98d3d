#!/bin/sh
# zonec against Aerleon on the same policy, measured side by side in one run:
# the 1,000-zone / 20,000-flow `dense` workload of benches/workloads.rs,
# converted to Aerleon's YAML for its nftables generator (convert.py), then
# `zonec build` and Aerleon's `aclgen` run alternately RUNS times each
# (compare.py). Prints medians of wall time and peak memory and their ratio.
#
#   benches/aerleon/compare.sh [RUNS]        (default 5; or AERLEON_RUNS)
#
# Installs Aerleon (pinned below) into target/aerleon/venv, which is never
# committed; needs python3 with venv and network access to PyPI the first
# time. ZONEC_BIN measures another zonec binary (say, main's) instead of
# this tree's release build. Not part of the test suite; asserts nothing.
set -eu

AERLEON_VERSION=1.18.0
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/benches/aerleon
runs=${1:-${AERLEON_RUNS:-5}}
venv=$root/target/aerleon/venv

installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("aerleon"))' 2>/dev/null || true)
if [ "$installed" != "$AERLEON_VERSION" ]; then
    echo "installing aerleon $AERLEON_VERSION into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "aerleon==$AERLEON_VERSION"
fi

cd "$root"
cargo build --release --quiet --bin zonec
zonec=${ZONEC_BIN:-$root/target/release/zonec}

work=$(mktemp -d "${TMPDIR:-/tmp}/zonec-aerleon.XXXXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
ZONEC_BENCH_WRITE=$work cargo bench --quiet --bench workloads -- dense-1k >/dev/null
"$venv/bin/python" "$here/convert.py" "$work/dense-1k.zones" "$work/aerleon"

echo "zonec: $zonec"
echo "aerleon: $AERLEON_VERSION, nftables generator (mixed, FORWARD)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$venv/bin/python" "$here/compare.py" "$zonec" "$venv/bin/aclgen" \
    "$work/dense-1k.zones" "$work/aerleon" "$work" "$runs"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
