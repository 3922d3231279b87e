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


T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
       2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
       2.045, 2.042]


def versus(evaluation, agent):
    """The trained agent against every other contender: ratio of means, paired difference."""
    mine = next(a for a in evaluation["agents"] if a["agent"] == agent)["returns"]
    lines = [f"| {agent} vs | ratio of means | paired diff (95% CI) |", "|---|---|---|"]
    for other in evaluation["agents"]:
        if other["agent"] == agent:
            continue
        d = [x - y for x, y in zip(mine, other["returns"])]
        n = len(d)
        mean = sum(d) / n
        sd = (sum((x - mean) ** 2 for x in d) / (n - 1)) ** 0.5
        half = (T95[n - 2] if n - 1 <= 30 else 1.96) * sd / n ** 0.5
        ratio = sum(mine) / sum(other["returns"])
        lines.append(f"| {other['agent']} | {ratio:.4f} | {mean:+,.0f} ({mean - half:+,.0f} .. {mean + half:+,.0f}) |")
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
        if agent == "dqn":
            print(versus(evaluation, agent) + "\n")
        print(f"Learning curve (episode: mean greedy return on validation worlds): {curve(run / 'learning_curve.csv')}\n")


if __name__ == "__main__":
    main()
