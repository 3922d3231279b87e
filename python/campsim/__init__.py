"""campsim: a campaign orchestration simulator with a C++ core.

After a build (`scripts/build`), put the built package on the path:

    PYTHONPATH=build/release/python /usr/bin/python3

    import campsim
    scenario = campsim.Scenario.load("quickstart")          # built-in name, YAML file, YAML text or dict
    scenario.set("population.size", 5000)                    # same paths and checks as --set
    result = campsim.run(scenario)                           # every arm on common random numbers
    result.totals                                            # pandas DataFrame, one row per arm
    result.metrics                                           # per arm, day and source

Names follow the command line: `run`, `compare`, `evaluate`-style estimators (`estimate`),
policy bundles (`PolicyBundle`, and the numpy-only scorer `campsim_policy`). Python agents
subclass `campsim.Agent` and run in the same loop as C++ agents, in `CampaignEnv` or in
`campsim.run(..., agents={"arm": MyAgent()})`. Gymnasium-style environments: `campsim.gym`.
"""

import io
import json
import os

import numpy as np
import pandas as pd

from . import _campsim
from ._campsim import BundleError, ConfigError, CsvError, FeatureError, Step

__all__ = ["Scenario", "run", "train", "TrainResult", "compare", "estimate", "make_agent", "make_budget_agent", "Agent", "CampaignEnv",
           "PolicyBundle", "RunResult", "ConfigError", "BundleError", "CsvError", "FeatureError", "Step"]


class Scenario:
    """A scenario: the world and the arms to compare. Fields are read and changed by the YAML's
    paths (`population.size`, `arms[1].name`) with the same checks and messages as the YAML
    reader; every change is validated at once."""

    def __init__(self, native):
        self._native = native

    @classmethod
    def load(cls, source):
        """From a built-in name (`campsim catalog`), a YAML file path, YAML text or a dict."""
        if isinstance(source, Scenario):
            return cls(_campsim.Scenario.from_yaml(source.to_yaml(), "<copy>"))
        if isinstance(source, dict):
            return cls(_campsim.Scenario.from_dict(source))
        if not isinstance(source, (str, os.PathLike)):
            raise TypeError("a scenario is a built-in name, a YAML path, YAML text or a dict")
        text = os.fspath(source)
        if os.path.exists(text):
            return cls(_campsim.Scenario.from_file(text))
        if "\n" in text or ":" in text:
            return cls(_campsim.Scenario.from_yaml(text, "<string>"))
        return cls(_campsim.Scenario.from_catalog(text))

    def set(self, path, value):
        """Override a field; raises ConfigError (and changes nothing) if the result is invalid."""
        self._native.set(path, value)
        return self

    def get(self, path):
        """A field's resolved value, defaults included."""
        return self._native.get(path)

    def to_dict(self):
        return self._native.to_dict()

    def to_yaml(self):
        """The resolved YAML, as `config.resolved.yaml` of a run folder."""
        return self._native.to_yaml()

    def validate(self):
        """Build the world and every agent without running (as `campsim validate`)."""
        self._native.validate()
        return self

    @property
    def name(self):
        return self._native.name

    @property
    def seed(self):
        return self._native.seed

    @property
    def arm_names(self):
        return list(self._native.arm_names)

    def __repr__(self):
        return f"Scenario({self.name!r}, seed={self.seed}, arms={self.arm_names})"


class RunResult:
    """What `campsim run` writes, as Python objects: `summary` (the dict of summary.json, whose
    text `summary_json` equals the CLI's byte for byte), `totals` and `metrics` DataFrames,
    `decision_logs` (per arm, the dict Open Bandit Pipeline's estimators take) and `policies`
    (per learning arm, its policy bundle as JSON text)."""

    def __init__(self, native):
        self.summary_json = native["summary_json"]
        self.summary = json.loads(self.summary_json)
        self.metrics = pd.read_csv(io.StringIO(native["metrics_csv"]))
        self.totals = pd.read_csv(io.StringIO(native["results_csv"])).set_index("arm")
        self.decision_logs = dict(native["decision_logs"])
        self.policies = dict(native["policies"])
        self.resolved_yaml = native["resolved_yaml"]

    def policy(self, arm):
        """An arm's policy bundle, loaded in the C++ scorer."""
        return PolicyBundle.loads(self.policies[arm])

    def __repr__(self):
        return f"RunResult(arms={list(self.totals.index)})"


def run(scenario, *, seed=None, threads=0, log_decisions=False, agents=None):
    """Run every arm of a scenario on common random numbers (as `campsim run`).

    agents: {arm name: campsim.Agent} replaces those arms' message agents with Python agents
    (run by the C++ runner; one agent object per arm)."""
    scenario = Scenario.load(scenario) if not isinstance(scenario, Scenario) else scenario
    if seed is not None:
        scenario = Scenario.load(scenario).set("seed", int(seed))
    for arm, agent in (agents or {}).items():
        if not hasattr(agent, "pmf"):
            raise TypeError(f"agents[{arm!r}] must have a pmf(contexts, eligible) method (subclass campsim.Agent)")
    return RunResult(_campsim.run(scenario._native, threads, log_decisions, agents or {}))


class TrainResult:
    """What `campsim train` writes, in memory: `curve` (episode, seed, train_return,
    greedy_return on validation worlds), `evaluation` (return per agent on common evaluation
    worlds with its 95% interval, ratio and paired difference to `reference`), `policy` (the
    exported policy as a dict), `checkpoint` (text, for resume=) and `files`."""

    def __init__(self, agent, native):
        self.agent = agent
        self.files = dict(native["files"])
        self.reference = native["reference"]
        self.note = native["note"]
        self.curve = pd.read_csv(io.StringIO(self.files["learning_curve.csv"]))
        evaluation = json.loads(self.files["evaluation.json"])
        self.evaluation = pd.DataFrame(evaluation["agents"]).set_index("agent")
        self.policy = json.loads(self.files[f"policy_{agent}.json"])
        self.checkpoint = self.files[f"checkpoint_{agent}.txt"]

    def write(self, folder):
        """Writes the files into `folder` (which must not exist), as `campsim train --out`."""
        os.makedirs(folder)
        for name, text in self.files.items():
            with open(os.path.join(folder, name), "w") as f:
                f.write(text)

    def __repr__(self):
        return f"TrainResult(agent={self.agent!r}, episodes={len(self.curve)})"


def train(scenario, agent, *, episodes=200, eval_seeds=10, curve_seeds=3, eval_every=0, threads=0, resume=None):
    """Train an RL agent on a scenario (as `campsim train`): a budget learner (q_learning,
    actor_critic, cem, or an arm using one) or an arm whose message agent is dqn.
    resume: a TrainResult of the same agent, to continue from. Returns a TrainResult."""
    scenario = Scenario.load(scenario) if not isinstance(scenario, Scenario) else scenario
    checkpoint, curve, best = "", "", ""
    if resume is not None:
        checkpoint, curve = resume.checkpoint, resume.files["learning_curve.csv"]
        best = resume.files.get(f"best_checkpoint_{agent}.txt", "")
    native = _campsim.train(scenario._native, agent, episodes, eval_seeds, curve_seeds, eval_every, threads,
                            checkpoint, curve, best)
    return TrainResult(agent, native)


def compare(scenario, *, replications=1, reference="", ope="", estimators=None, bootstrap=1000, threads=0):
    """`campsim compare` as DataFrames: `values` (true value per decision with CI and paired
    difference per arm) and, with `ope=ARM`, `ope` (estimate, CI, truth, error) and
    `ope_summary` (coverage, bias, RMSE across replications)."""
    scenario = Scenario.load(scenario) if not isinstance(scenario, Scenario) else scenario
    data = json.loads(_campsim.compare(scenario._native, replications, reference, ope, list(estimators or []),
                                       bootstrap, threads))
    out = {"values": pd.DataFrame(data["arms"]).set_index("arm")}
    if data.get("ope"):
        out["ope"] = pd.DataFrame(data["ope"])
        out["ope_summary"] = pd.DataFrame(data.get("ope_summary", []))
    return out


def estimate(log, action_dist, *, estimators=None, bootstrap=1000, reward_model="ridge", folds=5, seed=1,
             switch_tau=10.0):
    """Off-policy estimates (DM, IPS, SNIPS, DR, SNDR, Switch-DR) with bootstrap intervals from a
    logged-feedback dict in Open Bandit Pipeline's shape (context, action, reward, pscore, and
    optionally eligible) and the evaluation policy's action_dist (n, K). If the log carries
    `expected_reward` (a campsim log), the exact truth is added as a column."""
    action_dist = np.asarray(action_dist, dtype=np.float64)
    if action_dist.ndim == 3:  # OBP's (n, K, positions)
        action_dist = action_dist[:, :, 0]
    rows = _campsim.estimate(np.asarray(log["context"]), np.asarray(log["action"]), np.asarray(log["reward"]),
                             np.asarray(log["pscore"]), action_dist, log.get("eligible"), list(estimators or []),
                             bootstrap, reward_model, folds, seed, switch_tau)
    frame = pd.DataFrame(rows).set_index("estimator")
    if "expected_reward" in log:
        truth = float(np.mean(np.sum(action_dist * np.asarray(log["expected_reward"]), axis=1)))
        frame["truth"] = truth
        frame["error"] = frame["value"] - truth
    return frame


class Agent:
    """Base class of message agents written in Python.

    Implement `pmf(contexts, eligible)`: the probability of every action for a batch
    (contexts float32 (n, d), eligible bool (n, K)) as an (n, K) array: 0 on ineligible
    actions, rows summing to 1. Optionally `setup(problem)` (called once with the feature and
    action names, costs and action features) and `learn(feedback)` (a dict of arrays: context,
    action, reward, pscore, cost, decision_id, user, time). Actions are sampled from pmf by
    the same seeded stream as C++ agents, so propensities are exact and runs reproducible."""

    def setup(self, problem):
        self.problem = problem

    def pmf(self, contexts, eligible):
        raise NotImplementedError

    def learn(self, feedback):
        pass


class CampaignEnv:
    """The world stepped by the batch decision protocol (docs/decision-contract.md):

        env = campsim.CampaignEnv(scenario)
        step = env.reset()
        while not step.done:
            if step.kind == "budget":
                step = env.step_budget(spend_per_line)
            else:
                actions, propensities = agent.act(step)
                step = env.step(actions, propensities)
            agent.learn(step)

    Steps are snapshots: their arrays stay valid after the environment moves on."""

    def __init__(self, scenario):
        self.scenario = Scenario.load(scenario) if not isinstance(scenario, Scenario) else scenario
        self._native = _campsim.CampaignEnv(self.scenario._native)

    def reset(self, seed=None):
        return self._native.reset(seed)

    def step(self, actions, propensities):
        return self._native.step(np.asarray(actions, dtype=np.int32), np.asarray(propensities, dtype=np.float64))

    def step_budget(self, spend):
        return self._native.step_budget([float(s) for s in spend])

    @property
    def problem(self):
        return self._native.problem

    @property
    def budget_lines(self):
        return list(self._native.budget_lines)

    @property
    def budget_spent(self):
        return self._native.budget_spent

    @property
    def budget_total(self):
        return self._native.budget_total

    @property
    def active_users(self):
        return self._native.active_users

    @property
    def revenue_by_line(self):
        """Attributed revenue so far per budget line (paid channels, then owned)."""
        return list(self._native.revenue_by_line)

    @property
    def spend_by_line(self):
        return list(self._native.spend_by_line)


class _PythonAgentRunner:
    """Act/learn for a Python agent in a Python loop, with the C++ agents' sampling."""

    def __init__(self, agent, env):
        self.agent = agent
        problem = env.problem
        self.seed = problem["seed"]
        agent.setup(problem) if hasattr(agent, "setup") else None

    def act(self, step):
        pmf = np.asarray(self.agent.pmf(np.array(step.contexts), np.array(step.eligible)), dtype=np.float64)
        from campsim_policy import decision_uniforms, sample_rows  # the same stream as C++ agents
        actions = sample_rows(pmf, decision_uniforms(self.seed, np.asarray(step.decision_ids))).astype(np.int32)
        return actions, pmf[np.arange(len(pmf)), actions]

    def learn(self, step):
        self.agent.learn(step.feedback)


def make_agent(scenario, type, params=None, env=None):
    """A registered C++ message agent (`type` and `params` as in the YAML) for the scenario's
    world, with act(step), learn(step), pmf(contexts, eligible), save_state()/load_state() and
    export_bundle(scenario). Given a Python `campsim.Agent` instance as `type` and an `env`,
    returns the same interface around it."""
    scenario = Scenario.load(scenario) if not isinstance(scenario, Scenario) else scenario
    if isinstance(type, Agent):
        if env is None:
            raise ValueError("a Python agent needs the env it will act in: make_agent(scenario, agent, env=env)")
        return _PythonAgentRunner(type, env)
    return _campsim.make_agent(scenario._native, type, params or {})


def make_budget_agent(scenario, type, params=None):
    """A registered C++ budget agent (`uniform_split`, `fixed_shares`, ...) with act(step) ->
    spend per budget line."""
    scenario = Scenario.load(scenario) if not isinstance(scenario, Scenario) else scenario
    return _campsim.make_budget_agent(scenario._native, type, params or {})


PolicyBundle = _campsim.PolicyBundle
