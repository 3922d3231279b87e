#!/usr/bin/env bash
# The parallel engine (issue 8): wall time of one arm on 1 and 2 threads, runs interleaved,
# with the median of each. Outputs are byte-identical across thread counts (tests hold it).
# Usage: bench/engine_threads.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
CAMPSIM=build/release/cli/campsim
runs="${1:-5}"
measure() {  # name, then campsim run arguments
  local name="$1"; shift
  local -a one=() two=()
  for _ in $(seq "$runs"); do
    for t in 1 2; do
      local start end
      start=$(date +%s.%N)
      "$CAMPSIM" run "$@" --threads "$t" --no-output --quiet >/dev/null
      end=$(date +%s.%N)
      local s
      s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
      if [ "$t" = 1 ]; then one+=("$s"); else two+=("$s"); fi
    done
  done
  local m1 m2
  m1=$(printf '%s\n' "${one[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  m2=$(printf '%s\n' "${two[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "$name: 1 thread ${one[*]} (median $m1 s); 2 threads ${two[*]} (median $m2 s); speedup $(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.2f", a / b }')x"
}
measure "quickstart, one uniform_random arm (50k users, 90 days)" quickstart \
    --set 'arms=[{name: r, message_agent: {type: uniform_random}}]'
measure "bandit_benchmark, one lin_ucb arm (50k users, 30 days)" bandit_benchmark \
    --set population.size=50000 --set horizon_days=30 --set engine.shards=8 \
    --set 'arms=[{name: lin_ucb, message_agent: {type: lin_ucb}}]'
