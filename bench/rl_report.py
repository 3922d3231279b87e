#!/usr/bin/python3
"""Prints the results section of docs/rl.md from the folders bench/rl.sh wrote.

Usage: bench/rl_report.py [OUT_DIR]   (default /tmp/campsim-rl)"""
import csv
import json
import pathlib
import sys

RUNS = [
    ("paid_cem", "paid_media", "cem", "campsim train paid_media --agent cem --episodes 640 --eval-seeds 20"),
    ("paid_actor_critic", "paid_media", "actor_critic",
     "campsim train paid_media --agent actor_critic --episodes 640 --eval-seeds 20"),
    ("paid_q_learning", "paid_media", "q_learning",
     "campsim train paid_media --agent q_learning --episodes 1000 --curve-seeds 0 --eval-seeds 20"),
    ("seasonal_cem", "seasonal_media", "cem", "campsim train seasonal_media --agent cem --episodes 640 --eval-seeds 20"),
    ("seasonal_actor_critic", "seasonal_media", "actor_critic",
     "campsim train seasonal_media --agent actor_critic --episodes 640 --eval-seeds 20"),
    ("fatigue_dqn", "fatigue", "dqn", "campsim train fatigue --agent dqn --episodes 8 --curve-seeds 2 --eval-seeds 10"),
]


def table(evaluation):
    ref = evaluation["reference"]
    lines = [f"| agent | return (95% CI) | ratio to {ref} | paired diff to {ref} (95% CI) |", "|---|---|---|---|"]
    for a in evaluation["agents"]:
        lines.append(f"| {a['agent']} | {a['return']:,.0f} ({a['ci_low']:,.0f} .. {a['ci_high']:,.0f}) | "
                     f"{a['ratio']:.4f} | {a['diff']:+,.0f} ({a['diff_low']:+,.0f} .. {a['diff_high']:+,.0f}) |")
    return "\n".join(lines)


def curve(path, points=8):
    rows = [r for r in csv.DictReader(open(path)) if r["greedy_return"]]
    if not rows:
        return "(no greedy evaluations: run with --curve-seeds > 0)"
    step = max(1, len(rows) // points)
    picked = rows[step - 1::step]
    if picked[-1] is not rows[-1]:
        picked.append(rows[-1])
    return ", ".join(f"{int(r['episode']) + 1}: {float(r['greedy_return']):,.0f}" for r in picked)


def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/campsim-rl")
    for folder, scenario, agent, command in RUNS:
        run = out / folder
        evaluation = json.loads((run / "evaluation.json").read_text())
        seeds = len(evaluation["seeds"])
        print(f"### {agent} on {scenario}\n\n`{command}` ({seeds} evaluation worlds, seeds "
              f"{evaluation['seeds'][0]}..{evaluation['seeds'][-1]})\n")
        print(table(evaluation) + "\n")
        print(f"Learning curve (episode: mean greedy return on validation worlds): {curve(run / 'learning_curve.csv')}\n")


if __name__ == "__main__":
    main()
