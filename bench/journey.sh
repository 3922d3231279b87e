#!/usr/bin/env bash
# The journey workload (issue 8, bench/workloads/journey.yaml) at several population sizes:
# wall time, events processed, events per second and peak resident memory (and per user).
# Usage: bench/journey.sh [THREADS] [SIZES...]   (default: 1 thread; 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
CAMPSIM=build/release/cli/campsim
threads="${1:-1}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-10s %-8s %-10s %-14s %-12s %-10s %s\n' users threads wall_s events events_per_s peak_MB bytes_per_user
for n in "${sizes[@]}"; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$CAMPSIM" run bench/workloads/journey.yaml \
      --set "population.size=$n" --threads "$threads" --out "$work/run-$n" --quiet >/dev/null
  read -r wall kb <"$work/time"
  events=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['arms'][0]['events'])" "$work/run-$n/summary.json")
  awk -v n="$n" -v t="$threads" -v w="$wall" -v e="$events" -v kb="$kb" 'BEGIN {
    printf "%-10d %-8d %-10.2f %-14d %-12.0f %-10.0f %.0f\n", n, t, w, e, e / w, kb / 1024, kb * 1024 / n }'
done
