"""`campsim train fatigue --agent dqn`: a small version of the long-horizon experiment
(docs/rl.md) as a regression test, plus determinism and resume."""
import json

from conftest import campsim

def train(out, episodes, *extra, curve_seeds=0, size=1000, days=90, eval_seeds=4):
    return campsim("train", "fatigue", "--agent", "dqn", "--episodes", episodes, "--eval-seeds", eval_seeds,
                   "--curve-seeds", curve_seeds, "--out", out, "-q", "--set", f"population.size={size}",
                   "--set", f"horizon_days={days}",
                   "--set", "arms[5].message_agent.params.epsilon_decisions=60000", *extra, check=True)


def test_dqn_beats_the_myopic_oracle_and_the_bandits_on_fatigue(tmp_path):
    train(tmp_path / "d", 4, "--format", "json", curve_seeds=1)
    agents = {a["agent"]: a for a in json.loads((tmp_path / "d" / "evaluation.json").read_text())["agents"]}
    assert set(agents) == {"myopic_oracle", "lin_ucb", "lin_ts", "no_send", "every_7_days", "dqn"}
    for rival in ("myopic_oracle", "lin_ucb", "lin_ts"):
        diffs = [d - r for d, r in zip(agents["dqn"]["returns"], agents[rival]["returns"])]
        assert sum(diffs) > 0 and sum(x > 0 for x in diffs) >= 3, f"dqn vs {rival}: {diffs}"
    curve = (tmp_path / "d" / "learning_curve.csv").read_text().splitlines()
    assert curve[0] == "episode,seed,train_return,greedy_return" and len(curve) == 5
    assert all(row.split(",")[3] for row in curve[1:])  # a validation return after every episode


def test_dqn_training_is_deterministic_and_resumes_exactly(tmp_path):
    # A smaller world: only equality is checked.
    small = {"size": 400, "days": 40, "eval_seeds": 2, "curve_seeds": 1}
    train(tmp_path / "a", 2, **small)
    train(tmp_path / "b", 2, "--threads", "1", **small)
    train(tmp_path / "c", 1, **small)
    train(tmp_path / "d", 1, "--resume", tmp_path / "c", **small)
    for name in ("checkpoint_dqn.txt", "best_checkpoint_dqn.txt", "policy_dqn.json", "learning_curve.csv",
                 "evaluation.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "d" / name).read_bytes(), name
