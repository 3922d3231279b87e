"""`campsim train fatigue --agent dqn`: a small version of the long-horizon experiment
(docs/rl.md) as a regression test, plus determinism and resume."""
import json

from conftest import campsim

SMALL = ["--set", "population.size=1000", "--set", "horizon_days=90", "-q",
         "--set", "arms[5].message_agent.params.epsilon_decisions=60000"]


def train(out, episodes, *extra, curve_seeds=0):
    return campsim("train", "fatigue", "--agent", "dqn", "--episodes", episodes, "--eval-seeds", 4,
                   "--curve-seeds", curve_seeds, "--out", out, *SMALL, *extra, check=True)


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
    # (the small world is enough here: only equality is checked)
    train(tmp_path / "a", 2)
    train(tmp_path / "b", 2, "--threads", "1")
    train(tmp_path / "c", 1)
    train(tmp_path / "d", 1, "--resume", tmp_path / "c")
    for name in ("checkpoint_dqn.txt", "best_checkpoint_dqn.txt", "policy_dqn.json", "learning_curve.csv",
                 "evaluation.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "d" / name).read_bytes(), name
