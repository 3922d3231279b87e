"""The campsim Python module: scenarios, runs, the environment, agents, estimators, bundles."""
import json
import pathlib

import numpy as np
import pandas as pd
import pytest

import campsim
import campsim_policy
from conftest import campsim_cli


def small(name="tiny", size=600):
    return campsim.Scenario.load(name).set("population.size", size)


def test_scenarios_load_from_names_files_text_and_dicts(tmp_path):
    s = campsim.Scenario.load("tiny")
    assert s.name == "tiny" and s.get("population.size") == 400 and s.arm_names[0] == "no_send"
    path = tmp_path / "s.yaml"
    path.write_text(s.to_yaml())
    assert campsim.Scenario.load(path).to_dict() == s.to_dict()
    assert campsim.Scenario.load(s.to_yaml()).to_dict() == s.to_dict()
    assert campsim.Scenario.load(s.to_dict()).to_yaml() == s.to_yaml()
    s.set("population.size", 900).set("arms[1].name", "chaos")
    assert s.get("population.size") == 900 and s.arm_names[1] == "chaos"
    assert isinstance(s.get("population.segments"), list)


def test_bad_fields_raise_the_cli_messages_and_change_nothing(tmp_path):
    s = campsim.Scenario.load("tiny")
    with pytest.raises(campsim.ConfigError, match=r"population.size: expected an integer in \[1, 2000000000\]"):
        s.set("population.size", -3)
    assert s.get("population.size") == 400
    with pytest.raises(campsim.ConfigError, match="did you mean 'population'"):
        s.set("populaton.size", 3)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nhorizon_days: -1\n")
    with pytest.raises(campsim.ConfigError) as python_error:
        campsim.Scenario.load(bad)
    cli = __import__("subprocess").run([__import__("conftest").BIN, "validate", str(bad)], capture_output=True, text=True)
    assert cli.returncode == 2 and str(python_error.value) in cli.stderr
    with pytest.raises(campsim.ConfigError, match="no built-in scenario"):
        campsim.Scenario.load("nonexistent_scenario")


def test_python_and_cli_give_identical_summaries(tmp_path):
    s = small()
    result = campsim.run(s)
    campsim_cli("run", "tiny", "--set", "population.size=600", "--out", tmp_path / "run", "--quiet")
    assert result.summary_json == (tmp_path / "run" / "summary.json").read_text()
    assert list(result.totals.index) == s.arm_names
    assert set(result.metrics.columns) >= {"arm", "day", "source"}
    assert isinstance(result.totals, pd.DataFrame) and result.totals.loc["oracle", "revenue"] > 0


def test_decision_logs_are_open_bandit_pipeline_dicts():
    result = campsim.run(small(), log_decisions=True)
    log = result.decision_logs["random"]
    n, k = log["n_rounds"], log["n_actions"]
    assert log["context"].shape == (n, len(log["feature_names"])) and log["context"].dtype == np.float32
    assert log["action"].shape == (n,) and log["pscore"].shape == (n,) and log["reward"].shape == (n,)
    assert log["expected_reward"].shape == (n, k) and log["eligible"].dtype == bool
    assert log["action_context"].shape[0] == k and (log["position"] == 0).all()
    assert log["context"].base is not None  # zero-copy: the array owns the C++ log's memory
    assert np.all(log["eligible"][np.arange(n), log["action"]])
    # Estimators take the dict as is; the truth comes with a campsim log.
    uniform = log["eligible"] / log["eligible"].sum(axis=1, keepdims=True)
    estimates = campsim.estimate(log, uniform, bootstrap=200)
    assert list(estimates.index) == ["dm", "ips", "snips", "dr", "sndr", "switch_dr"]
    assert estimates.loc["ips", "ci_low"] <= estimates.loc["ips", "truth"] <= estimates.loc["ips", "ci_high"]


def test_env_steps_and_cpp_agents_in_a_python_loop_match_the_runner():
    s = small("bandit_benchmark", 800).set("horizon_days", 12)
    s.set("arms", [{"name": "lin_ucb", "message_agent": {"type": "lin_ucb"}}])
    env = campsim.CampaignEnv(s)
    agent = campsim.make_agent(s, "lin_ucb")
    budget_agent = campsim.make_budget_agent(s, "uniform_split")
    step = env.reset()
    rows = 0
    while not step.done:
        if step.kind == "budget":
            step = env.step_budget(budget_agent.act(step))
        else:
            assert step.contexts.shape == (step.size, len(env.problem["feature_names"]))
            assert step.contexts.dtype == np.float32 and not step.contexts.flags.writeable
            kept = step.contexts
            actions, propensities = agent.act(step)
            rows += len(actions)
            step = env.step(actions, propensities)
            assert kept.shape[0] == len(actions)  # a snapshot stays valid after the env moves on
        agent.learn(step)
    runner = campsim.run(s).summary["arms"][0]
    assert rows == runner["decisions"]
    bundle = campsim_policy.loads(agent.export_bundle(s))
    assert json.loads(campsim.run(s).policies["lin_ucb"])["policy"] == bundle.raw["policy"]


class FirstEligibleSend(campsim.Agent):
    def setup(self, problem):
        self.actions = problem["action_names"]
        self.learned = 0

    def pmf(self, contexts, eligible):
        out = np.zeros(eligible.shape)
        sends = eligible[:, 1:]
        choice = np.where(sends.any(axis=1), 1 + np.argmax(sends, axis=1), 0)
        out[np.arange(len(out)), choice] = 1.0
        return out

    def learn(self, feedback):
        self.learned += len(feedback["reward"])


def test_python_agents_run_in_the_cpp_runner_and_in_the_env():
    s = small()
    agent = FirstEligibleSend()
    result = campsim.run(s, agents={"no_send": agent}, threads=2)
    assert result.summary["arms"][0]["message_agent"] == "custom" and agent.learned > 0
    assert result.totals.loc["no_send", "sends"] > 0
    again = campsim.run(s, agents={"no_send": FirstEligibleSend()}, threads=1)
    assert again.summary_json == result.summary_json  # deterministic, whatever the threads


def test_python_agent_errors_name_the_row():
    class Broken(campsim.Agent):
        def pmf(self, contexts, eligible):
            out = np.zeros(eligible.shape)
            out[:, -1] = 1.0  # ignores eligibility
            return out

    with pytest.raises(ValueError, match="ineligible action"):
        campsim.run(small(), agents={"no_send": Broken()})
    with pytest.raises(KeyError, match="no arm named 'nobody'"):
        campsim.run(small(), agents={"nobody": Broken()})


def test_compare_returns_dataframes():
    out = campsim.compare(small(), replications=2)
    assert list(out["values"].index) == ["no_send", "random", "weekly_rule", "oracle"]
    assert {"value", "ci_low", "ci_high", "diff"} <= set(out["values"].columns)


def test_cpp_policy_bundle_scores_like_the_numpy_scorer():
    s = small("bandit_benchmark", 800).set("horizon_days", 12)
    s.set("arms", [{"name": "lin_ts", "message_agent": {"type": "lin_ts"}}])
    result = campsim.run(s, log_decisions=True)
    log = result.decision_logs["lin_ts"]
    cpp = result.policy("lin_ts").pmf_from_context(log["context"], log["eligible"])
    numpy = campsim_policy.loads(result.policies["lin_ts"]).pmf_from_context(log["context"], log["eligible"])
    assert np.abs(cpp - numpy).max() <= 1e-12


class Softish(campsim.Agent):
    """A stochastic Python agent: uniform over eligible sends plus no_send."""

    def pmf(self, contexts, eligible):
        return eligible / eligible.sum(axis=1, keepdims=True)


def test_a_python_agent_decides_the_same_in_the_env_loop_and_in_the_runner():
    s = small()
    s.set("arms", [{"name": "py", "message_agent": {"type": "no_send"}}])
    env = campsim.CampaignEnv(s)
    agent = campsim.make_agent(s, Softish(), env=env)
    step, sends = env.reset(), 0
    while not step.done:
        if step.kind == "budget":
            k = len(step.budget["lines"])
            step = env.step_budget([step.budget["remaining_budget"] / (step.budget["num_periods"] - step.budget["period"]) / k] * k)
        else:
            actions, propensities = agent.act(step)
            assert np.all(propensities > 0)
            sends += int(np.sum(actions > 0))
            step = env.step(actions, propensities)
        agent.learn(step)
    runner = campsim.run(s, agents={"py": Softish()})
    assert sends == runner.totals.loc["py", "sends"]  # Python sampling = C++ sampling, seed for seed


def test_the_type_stub_covers_the_public_names():
    stub = (pathlib.Path(campsim.__file__).with_name("__init__.pyi")).read_text()
    for name in campsim.__all__:
        assert f"class {name}" in stub or f"def {name}" in stub, name
