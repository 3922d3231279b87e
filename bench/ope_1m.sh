#!/usr/bin/env bash
# Off-policy evaluation at scale (issue 5): all six estimators with 1000-resample bootstrap
# intervals on a logged 1e6-row decision log with 10 actions, including reading the CSV and
# cross-fitting the ridge reward model. Prints the wall time of 5 runs and their median.
#
# Usage: bench/ope_1m.sh [WORKDIR]   (default: a fresh temporary folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
CAMPSIM=build/release/cli/campsim
work="${1:-$(mktemp -d)}"
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
# 18,200 users x 55 decision days of bandit_benchmark (9 sends + no_send, 24 features): the
# uniform_random arm's log is the behaviour data, lin_ucb's bundle the evaluation policy.
arms='[{name: logger, message_agent: {type: uniform_random}}, {name: target, message_agent: {type: lin_ucb}}]'
if [ ! -f "$work/run/decisions_logger.csv" ]; then
  "$CAMPSIM" run bandit_benchmark --set population.size=18200 --set "arms=$arms" \
      --log-decisions --out "$work/run" --quiet --overwrite >/dev/null
fi
rows=$(($(wc -l <"$work/run/decisions_logger.csv") - 1))
echo "log: $rows rows, $(du -m "$work/run/decisions_logger.csv" | cut -f1) MB"
times=()
for i in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$CAMPSIM" evaluate --log "$work/run/decisions_logger.csv" --policy "$work/run/policy_target.json" \
      --bootstrap 1000 >"$work/estimates.txt"
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')")
  echo "run $i: ${times[-1]} s"
done
printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | xargs echo "median:"
cat "$work/estimates.txt"
