"""Bandit agents learn on bandit_benchmark.yaml, where the myopic oracle is optimal, and
their decisions are logged in Open Bandit Pipeline's shape."""
import csv
import io
import json

import pytest

from conftest import campsim

ARMS = ("[{name: uniform_random, message_agent: {type: uniform_random}},"
        " {name: epsilon_greedy, message_agent: {type: epsilon_greedy, params: {epsilon: 0.05}}},"
        " {name: lin_ucb, message_agent: {type: lin_ucb}},"
        " {name: lin_ts, message_agent: {type: lin_ts}},"
        " {name: myopic_oracle, message_agent: {type: myopic_oracle}}]")


@pytest.fixture(scope="module")
def benchmark(tmp_path_factory):
    out = tmp_path_factory.mktemp("bandits") / "run"
    campsim("run", "bandit_benchmark", "--set", f"arms={ARMS}", "--out", out, "--quiet", check=True)
    days = {}
    for row in csv.DictReader(io.StringIO((out / "metrics.csv").read_text())):
        if row["source"] == "total":
            days.setdefault(row["arm"], []).append(row)
    return days


def expected(rows, key):
    return sum(float(r[key]) for r in rows if r[key] != "")


def test_linear_bandits_reach_95_percent_of_the_oracle_in_the_last_fifth(benchmark):
    for arm in ("lin_ucb", "lin_ts"):
        rows = benchmark[arm]
        last = rows[int(len(rows) * 0.8):]
        ratio = expected(last, "expected_reward") / expected(last, "oracle_expected_reward")
        assert ratio >= 0.95, f"{arm}: {ratio:.4f} of the oracle's expected reward"


def test_regret_falls_in_the_second_half(benchmark):
    for arm in ("epsilon_greedy", "lin_ucb", "lin_ts"):
        rows = benchmark[arm]
        half = len(rows) // 2
        regret = lambda rs: expected(rs, "oracle_expected_reward") - expected(rs, "expected_reward")
        assert regret(rows[half:]) < regret(rows[:half]), arm
        assert float(rows[-1]["cumulative_regret"]) == pytest.approx(regret(rows), rel=1e-9)


def test_epsilon_greedy_beats_uniform_random(benchmark):
    assert expected(benchmark["epsilon_greedy"], "expected_reward") > 1.5 * expected(
        benchmark["uniform_random"], "expected_reward")
    assert expected(benchmark["myopic_oracle"], "oracle_expected_reward") == pytest.approx(
        expected(benchmark["myopic_oracle"], "expected_reward"))


def test_decision_log_is_obp_shaped(tmp_path):
    out = tmp_path / "run"
    campsim("run", "tiny", "--log-decisions", "--out", out, "--quiet", check=True)
    schema = json.loads((out / "decision_log_schema.json").read_text())
    rows = list(csv.DictReader(io.StringIO((out / "decisions_random.csv").read_text())))
    summary = {a["name"]: a for a in json.loads((out / "summary.json").read_text())["arms"]}
    assert len(rows) == summary["random"]["decisions"]
    d, k = len(schema["feature_names"]), len(schema["action_names"])
    assert [f"context_{j}" for j in range(d)] == [c for c in rows[0] if c.startswith("context_")]
    assert [f"expected_reward_{a}" for a in range(k)] == [c for c in rows[0] if c.startswith("expected_reward_")]
    keys = [(int(r["time"]), int(r["user"])) for r in rows]
    assert keys == sorted(keys)  # canonical order
    for r in rows:
        action = int(r["action"])
        assert r["action_name"] == schema["action_names"][action]
        assert 0.0 < float(r["pscore"]) <= 1.0
        assert r["position"] == "0"
    # Rewards and truth add up to the run's totals.
    assert sum(float(r["reward"]) for r in rows) == pytest.approx(summary["random"]["reward"])
    chosen_truth = sum(float(r[f"expected_reward_{r['action']}"]) for r in rows)
    assert chosen_truth == pytest.approx(summary["random"]["expected_reward"])


def test_budget_paced_spends_the_budget_evenly_and_never_hits_the_limit(tmp_path):
    out = tmp_path / "run"
    upfront = "{type: fixed_shares, params: {pacing: none}}"
    arms = (f"[{{name: unpaced, message_agent: {{type: lin_ts}}, budget_agent: {upfront}}},"
            f" {{name: paced, message_agent: {{type: budget_paced, params: {{agent: {{type: lin_ts}}}}}},"
            f" budget_agent: {upfront}}}]")
    campsim("run", "bandit_benchmark", "--set", "budget.total=60", "--set", f"arms={arms}",
            "--out", out, "--quiet", check=True)
    summary = {a["name"]: a for a in json.loads((out / "summary.json").read_text())["arms"]}
    paced = summary["paced"]
    assert 0.95 * 60 <= paced["budget_spent"] <= 60
    assert paced["rejected_over_budget"] == 0  # the ledger's hard limit was never reached
    spend = {}
    for row in csv.DictReader(io.StringIO((out / "metrics.csv").read_text())):
        if row["source"] == "total":
            spend.setdefault(row["arm"], []).append(float(row["cost"]))
    half = len(spend["paced"]) // 2
    # Unpaced, the budget is gone by mid-horizon; paced, about half of it is.
    assert sum(spend["unpaced"][:half]) > 0.95 * 60
    assert 0.4 * 60 <= sum(spend["paced"][:half]) <= 0.6 * 60
