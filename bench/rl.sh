#!/usr/bin/env bash
# The RL issue's experiments (docs/rl.md): budget learners on paid_media and seasonal_media
# against the baselines, and dqn on fatigue against the bandits and the myopic oracle, each
# judged on common evaluation worlds with paired 95% intervals. About 8 minutes on 2 cores.
# Usage: bench/rl.sh [OUT_DIR]   (default /tmp/campsim-rl)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/cli/campsim
out="${1:-/tmp/campsim-rl}"
mkdir -p "$out"
run() {  # name, then campsim train arguments
  local name="$1"; shift
  echo "== $name: campsim train $*"
  /usr/bin/time -f "wall %e s" "$bin" train "$@" --out "$out/$name" --overwrite -q | tee "$out/$name.txt"
}
run paid_cem paid_media --agent cem --episodes 640 --eval-seeds 20
run paid_actor_critic paid_media --agent actor_critic --episodes 640 --eval-seeds 20
run paid_q_learning paid_media --agent q_learning --episodes 1000 --curve-seeds 0 --eval-seeds 20
run seasonal_cem seasonal_media --agent cem --episodes 640 --eval-seeds 20
run seasonal_actor_critic seasonal_media --agent actor_critic --episodes 640 --eval-seeds 20
run fatigue_dqn fatigue --agent dqn --episodes 8 --curve-seeds 2 --eval-seeds 10
