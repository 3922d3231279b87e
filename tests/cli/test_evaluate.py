"""`campsim evaluate`: a policy bundle estimated offline on a decision log, checked against
the estimators' definitions recomputed in numpy and against the simulator's truth."""
import csv
import json
import sys

import numpy as np
import pytest

from conftest import SOURCE_DIR, campsim, write_csv_edit

sys.path.insert(0, str(SOURCE_DIR / "python"))
import campsim_policy  # noqa: E402


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    out = tmp_path_factory.mktemp("evaluate") / "run"
    campsim("run", "ope_benchmark", "--log-decisions", "--out", out, "--quiet", check=True)
    return out


def read_log(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return rows


def evaluate(*args):
    result = campsim("evaluate", *args, "--format", "json", check=True)
    data = json.loads(result.stdout)
    return data, {e["estimator"]: e for e in data["estimates"]}


def test_estimates_match_their_definitions_and_the_truth(logged):
    log_path, policy = logged / "decisions_uniform_random.csv", logged / "policy_lin_ts.json"
    data, est = evaluate("--log", log_path, "--policy", policy, "--bootstrap", "300")
    bundle = campsim_policy.load(policy)
    rows = read_log(log_path)
    k, d = bundle.num_actions, len(bundle.feature_names)
    context = np.array([[float(r[f"context_{j}"]) for j in range(d)] for r in rows])
    eligible = np.array([[r[f"eligible_{a}"] == "1" for a in range(k)] for r in rows])
    truth_q = np.array([[float(r[f"expected_reward_{a}"]) for a in range(k)] for r in rows])
    action = np.array([int(r["action"]) for r in rows])
    reward = np.array([float(r["reward"]) for r in rows])
    pscore = np.array([float(r["pscore"]) for r in rows])
    pmf = bundle.pmf_from_context(context, eligible)
    w = pmf[np.arange(len(rows)), action] / pscore
    assert data["rows"] == len(rows)
    assert est["ips"]["value"] == pytest.approx(np.mean(w * reward), rel=1e-12)
    assert est["snips"]["value"] == pytest.approx(np.sum(w * reward) / np.sum(w), rel=1e-12)
    assert data["truth"] == pytest.approx(np.mean(np.sum(pmf * truth_q, axis=1)), rel=1e-12)
    assert data["effective_sample_size"] == pytest.approx(np.sum(w) ** 2 / np.sum(w * w), rel=1e-12)
    assert data["logged_value"] == pytest.approx(np.mean(reward), rel=1e-12)
    for name in ("dm", "ips", "snips", "dr", "sndr", "switch_dr"):
        e = est[name]
        assert e["ci_low"] <= e["value"] <= e["ci_high"]
        assert abs(e["value"] - data["truth"]) < 0.25 * data["truth"], name
    for name in ("ips", "snips", "dr"):  # unbiased or consistent: the interval holds the truth here
        assert est[name]["ci_low"] <= data["truth"] <= est[name]["ci_high"], name


def test_results_do_not_depend_on_threads(logged):
    args = ("evaluate", "--log", logged / "decisions_uniform_random.csv", "--policy",
            logged / "policy_softmax.json", "--bootstrap", "200", "--format", "csv")
    one = campsim(*args, "--threads", "1", check=True).stdout
    two = campsim(*args, "--threads", "2", check=True).stdout
    assert one == two and one.startswith("estimator,value,ci_low,ci_high,truth,error\n")


def test_a_production_log_with_raw_inputs_is_featurised_by_the_bundle(logged, tmp_path):
    """A service logs raw inputs, not campsim's context columns: the bundle featurises them."""
    policy = logged / "policy_epsilon_greedy.json"
    bundle = campsim_policy.load(policy)
    rng = np.random.default_rng(5)
    n, k = 3000, bundle.num_actions
    raw = {}
    for spec in bundle.inputs:
        if spec["type"] == "categorical":
            raw[spec["name"]] = [spec["categories"][i] for i in rng.integers(0, len(spec["categories"]), n)]
        else:
            raw[spec["name"]] = list(rng.exponential(5.0, n))
    eligible = rng.random((n, k)) < 0.6
    eligible[:, 0] = True
    counts = eligible.sum(axis=1)
    action = np.array([rng.choice(np.nonzero(e)[0]) for e in eligible])
    pscore = 1.0 / counts
    reward = (rng.random(n) < 0.1 + 0.05 * (action % 3)).astype(float)
    path = tmp_path / "production.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["action", "reward", "pscore"] + list(raw) + [f"eligible_{a}" for a in range(k)])
        for i in range(n):
            w.writerow([action[i], reward[i], repr(pscore[i])] + [raw[c][i] for c in raw] +
                       [int(e) for e in eligible[i]])
    data, est = evaluate("--log", path, "--policy", policy, "--estimators", "ips,snips,dr", "--bootstrap", "100")
    pmf = bundle.pmf(raw, eligible)
    weights = pmf[np.arange(n), action] / pscore
    assert data["truth"] is None
    assert est["ips"]["value"] == pytest.approx(np.mean(weights * reward), rel=1e-12)
    assert list(est) == ["ips", "snips", "dr"]


def test_bad_logs_name_the_file_line_and_column(logged, tmp_path):
    policy = logged / "policy_lin_ts.json"
    lines = (logged / "decisions_uniform_random.csv").read_text().splitlines()[:50]

    def with_edit(row, column, value):
        path = write_csv_edit(lines, row, column, value, tmp_path / "bad.csv")
        return campsim("evaluate", "--log", path, "--policy", policy)

    r = with_edit(3, "pscore", "0")
    assert r.returncode == 2 and "bad.csv line 4, column pscore: a propensity must be in (0, 1]" in r.stderr
    r = with_edit(5, "pscore", "")
    assert r.returncode == 2 and "line 6, column pscore" in r.stderr
    r = with_edit(2, "action", "17")
    assert r.returncode == 2 and "line 3, column action: '17' is not an action id" in r.stderr
    r = with_edit(2, "action_name", "sms:deal")
    assert r.returncode == 2 and "another action catalogue" in r.stderr
    r = with_edit(7, "context_3", "nan")
    assert r.returncode == 2 and "line 8, column context_3" in r.stderr
    (tmp_path / "short.csv").write_text("action,reward\n1,0\n")
    r = campsim("evaluate", "--log", tmp_path / "short.csv", "--policy", policy)
    assert r.returncode == 2 and "no 'pscore' column" in r.stderr
    r = campsim("evaluate", "--log", tmp_path / "missing.csv", "--policy", policy)
    assert r.returncode == 2 and "missing.csv: cannot open" in r.stderr
    r = campsim("evaluate", "--log", logged / "decisions_uniform_random.csv", "--policy", policy, "--estimators", "ipw")
    assert r.returncode == 2 and "unknown estimator 'ipw'" in r.stderr


@pytest.fixture(scope="module")
def held_out(tmp_path_factory):
    """The same world with another seed: new users and new decisions to judge policies on."""
    out = tmp_path_factory.mktemp("held_out") / "run"
    arms = "arms=[{name: uniform_random, message_agent: {type: uniform_random}}]"
    campsim("run", "ope_benchmark", "--seed", "99", "--set", arms, "--log-decisions", "--out", out,
            "--quiet", check=True)
    return out / "decisions_uniform_random.csv"


def truth_on(log, policy):
    data, _ = evaluate("--log", log, "--policy", policy, "--estimators", "ips", "--bootstrap", "0")
    return data["truth"]


def test_a_policy_learned_offline_from_a_uniform_log_approaches_the_oracle(logged, held_out, tmp_path):
    rows = read_log(held_out)
    k = sum(1 for c in rows[0] if c.startswith("expected_reward_"))
    q = np.array([[float(r[f"expected_reward_{a}"]) for a in range(k)] for r in rows])
    e = np.array([[r[f"eligible_{a}"] == "1" for a in range(k)] for r in rows])
    oracle = np.where(e, q, -1.0).max(axis=1).mean()
    uniform = (q * e / e.sum(axis=1, keepdims=True)).sum(axis=1).mean()
    values = {}
    for method in ("dm", "iw", "dr"):
        out = tmp_path / f"{method}.json"
        campsim("train", "--log", logged / "decisions_uniform_random.csv", "--agent", "greedy",
                "--method", method, "--template", logged / "policy_lin_ts.json", "--out", out, check=True)
        values[method] = truth_on(held_out, out)
        assert values[method] >= 0.8 * oracle, (method, values[method], oracle)
        assert values[method] >= 2.0 * uniform
    b = json.loads((tmp_path / "dr.json").read_text())
    assert b["training"]["method"] == "dr" and b["training"]["rows"] == len(read_log(logged / "decisions_uniform_random.csv"))
    # From the scenario instead of a template: the same features and actions, the same policy.
    campsim("train", "--log", logged / "decisions_uniform_random.csv", "--agent", "greedy",
            "--scenario", logged / "config.resolved.yaml", "--out", tmp_path / "s.json", check=True)
    assert json.loads((tmp_path / "s.json").read_text())["policy"] == b["policy"]
    # An exploring policy learned offline carries its spread for Thompson sampling: it keeps
    # exploring (so it is worth less than greedy today) and still beats uniform by far.
    campsim("train", "--log", logged / "decisions_uniform_random.csv", "--agent", "lin_ts",
            "--template", logged / "policy_lin_ts.json", "--out", tmp_path / "ts.json", check=True)
    assert 1.5 * uniform <= truth_on(held_out, tmp_path / "ts.json") < values["dr"]


def test_train_rejects_bad_arguments(logged, tmp_path):
    log = logged / "decisions_uniform_random.csv"
    r = campsim("train", "--log", log, "--agent", "dqn", "--template", logged / "policy_lin_ts.json", "--out", tmp_path / "x.json")
    assert r.returncode == 2 and "--agent must be greedy" in r.stderr
    r = campsim("train", "--log", log, "--agent", "greedy", "--out", tmp_path / "x.json")
    assert r.returncode == 2 and "exactly one of --template" in r.stderr
    r = campsim("train", "--agent", "greedy", "--out", tmp_path / "x.json")
    assert r.returncode == 2 and "train needs SCENARIO and --agent NAME (or --log)" in r.stderr
    r = campsim("train", "--log", log, "--agent", "greedy", "--method", "magic",
                "--template", logged / "policy_lin_ts.json", "--out", tmp_path / "x.json")
    assert r.returncode == 2 and "method must be dm, iw or dr" in r.stderr
    assert not (tmp_path / "x.json").exists()
