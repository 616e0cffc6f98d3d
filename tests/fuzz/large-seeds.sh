#!/usr/bin/env bash
# Large seeds for a campaign: tests/fuzz/large-seeds.sh TARGET
#
# libFuzzer grows inputs slowly, so a campaign seeded only with the
# examples never gets near -max_len (1 MiB). This writes four inputs of
# 0.5 to 1 MiB (each under -max_len) into tests/fuzz/corpus/TARGET/, each shaped like an input
# that once cost zonec unbounded time or stack: 6,000 zones and rules, a
# 90,000-long `except` chain, one 840 KB line of unclosed blocks, and
# 32,000 rules naming unknown zones (64,000 diagnostics).
set -euo pipefail
target=${1:?usage: tests/fuzz/large-seeds.sh TARGET}
dir=$(cd "$(dirname "$0")" && pwd)/corpus/$target
mkdir -p "$dir"
awk 'BEGIN {
  n = 6000
  for (i = 0; i < n; i++) printf "zone z%d { net 10.%d.%d.0/24 }\n", i, int(i / 256), i % 256
  for (i = 0; i < n; i++) printf "allow z%d -> z%d : tcp/%d { reason \"r%d\" }\n", i, (i * 7 + 1) % n, 1 + i % 60000, i
  print "forbid z0 ->* z5 { reason \"x\" }"
}' >"$dir/large-zones.zones"

awk 'BEGIN {
  printf "zone a { net 10.0.0.0/24 }\nzone b { net 10.0.1.0/24 }\nallow any"
  for (i = 0; i < 90000; i++) printf " except a"
  print " -> b : tcp/22"
}' >"$dir/large-excepts.zones"

awk 'BEGIN {
  printf "zone a { net 10.0.0.0/24 } "
  for (i = 0; i < 120000; i++) printf "zone { "
}' >"$dir/large-line.zones"

awk 'BEGIN { for (i = 0; i < 32000; i++) printf "allow x%d -> y%d : tcp/22\n", i, i }' >"$dir/large-diagnostics.zones"

ls -l "$dir"/large-*.zones
