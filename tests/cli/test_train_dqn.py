"""`campsim train fatigue --agent dqn`: a small version of the long-horizon experiment
(docs/rl.md) as a regression test, plus determinism and resume."""
import json

from conftest import campsim

SMALL = ["--set", "population.size=1000", "--set", "horizon_days=90", "--curve-seeds", "0", "-q",
         "--set", "arms[4].message_agent.params.epsilon_decisions=60000"]


def train(out, episodes, *extra):
    return campsim("train", "fatigue", "--agent", "dqn", "--episodes", episodes, "--eval-seeds", 4,
                   "--out", out, *SMALL, *extra, check=True)


def test_dqn_beats_the_myopic_oracle_and_the_bandits_on_fatigue(tmp_path):
    train(tmp_path / "d", 3, "--format", "json")
    agents = {a["agent"]: a for a in json.loads((tmp_path / "d" / "evaluation.json").read_text())["agents"]}
    assert set(agents) == {"myopic_oracle", "lin_ucb", "lin_ts", "no_send", "dqn"}
    for rival in ("myopic_oracle", "lin_ucb", "lin_ts"):
        wins = sum(d > r for d, r in zip(agents["dqn"]["returns"], agents[rival]["returns"]))
        assert wins == 4, f"dqn lost to {rival} on some world: {agents['dqn']['returns']} vs {agents[rival]['returns']}"
    assert agents["dqn"]["diff_low"] > 0  # paired interval to myopic_oracle excludes zero
    curve = (tmp_path / "d" / "learning_curve.csv").read_text().splitlines()
    assert curve[0] == "episode,seed,train_return,greedy_return" and len(curve) == 4


def test_dqn_training_is_deterministic_and_resumes_exactly(tmp_path):
    train(tmp_path / "a", 2)
    train(tmp_path / "b", 2, "--threads", "1")
    train(tmp_path / "c", 1)
    train(tmp_path / "d", 1, "--resume", tmp_path / "c")
    for name in ("checkpoint_dqn.txt", "learning_curve.csv", "evaluation.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "d" / name).read_bytes(), name
