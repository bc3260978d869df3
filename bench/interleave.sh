#!/usr/bin/env bash
# Interleaved wall-time medians of whole commands, for A/B checks on a noisy machine:
#   bench/interleave.sh N "command A" "command B" ...
# runs A, B, ... then again, N rounds, and prints each command's median and every time (ms).
# Commands run under bash -c with their output discarded; read the medians side by side
# (the machine's speed drifts between rounds, equally for every command).
set -euo pipefail
n=$1
shift
for _ in $(seq "$n"); do
  for k in $(seq 0 $(($# - 1))); do
    cmd=${*:$((k + 1)):1}
    start=$(date +%s%N)
    bash -c "$cmd" >/dev/null 2>&1 || { echo "failed: $cmd" >&2; exit 1; }
    echo "$k $((($(date +%s%N) - start) / 1000000))"
  done
done | sort -k1,1n -k2,2n | awk -v cmds="$*" '
  { times[$1] = times[$1] " " $2; count[$1]++ }
  END { for (k in times) { split(substr(times[k], 2), v, " "); printf "%s  median %5d ms  (%s)\n", k, v[int((count[k] + 1) / 2)], substr(times[k], 2) } }' | sort
