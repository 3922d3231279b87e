"""Policy bundles end to end: run -> bundle -> campsim score, the numpy scorer and ONNX agree.

One small run trains every exportable agent kind (linear epsilon-greedy, softmax, UCB,
Thompson and logistic Thompson, hybrid LinUCB, UCB1, Beta Thompson, a budget-paced
throttle, and a dqn's MLP). Each bundle then scores 100k random raw rows in C++ (`campsim score`) and in numpy
(python/campsim_policy/): every probability within 1e-12, every sampled action equal.
"""
import json
import sys

import numpy as np
import pytest

from conftest import SOURCE_DIR, campsim, write_csv_edit

sys.path.insert(0, str(SOURCE_DIR / "python"))
import campsim_policy  # noqa: E402

ARMS = ("[{name: eps, message_agent: {type: epsilon_greedy}},"
        " {name: softmax, message_agent: {type: softmax}},"
        " {name: lin_ucb, message_agent: {type: lin_ucb}},"
        " {name: hybrid, message_agent: {type: lin_ucb, params: {variant: hybrid, shared_features: [affinity_0, affinity_1]}}},"
        " {name: lin_ts, message_agent: {type: lin_ts}},"
        " {name: logistic_ts, message_agent: {type: logistic_ts}},"
        " {name: ucb1, message_agent: {type: ucb1}},"
        " {name: beta_ts, message_agent: {type: beta_ts}},"
        " {name: paced, message_agent: {type: budget_paced, params: {agent: {type: lin_ts}}}},"
        " {name: dqn, message_agent: {type: dqn, params: {hidden: 16}}}]")
KINDS = ["eps", "softmax", "lin_ucb", "hybrid", "lin_ts", "logistic_ts", "ucb1", "beta_ts", "paced", "dqn"]
ROWS = 100_000


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "run"
    campsim("run", "bandit_benchmark", "--set", "population.size=1500", "--set", "horizon_days=20",
            "--set", "budget.total=5", "--set", f"arms={ARMS}", "--out", out, "--quiet", check=True)
    return out


def random_rows(bundle, n, seed):
    """Raw inputs in plausible ranges, with missing values: categorical columns as lists of
    names ("" = missing), numeric ones as float arrays (NaN = missing)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for spec in bundle.inputs:
        name = spec["name"]
        if spec["type"] == "categorical":
            choices = spec["categories"] + [""]
            columns[name] = [choices[i] for i in rng.integers(0, len(choices), n)]
            continue
        if name.startswith("consent") or name == "mobile":
            values = rng.integers(0, 2, n).astype(float)
        elif name.startswith("affinity"):
            values = rng.normal(0.0, 1.0, n)
        elif name.startswith("fatigue"):
            values = rng.exponential(1.0, n) * (rng.random(n) < 0.6)
        elif name == "purchases":
            values = rng.poisson(2.0, n).astype(float)
        elif name == "order_value":
            values = rng.lognormal(4.0, 0.5, n)
        elif name == "tenure_days":
            values = rng.uniform(0.0, 2000.0, n)
        else:  # days since something
            values = rng.exponential(15.0, n)
        if name.startswith("days_since"):
            values[rng.random(n) < 0.2] = np.nan
        columns[name] = values
    return columns


def write_rows(path, bundle, columns, ids, eligible):
    """The rows as `campsim score` input; floats in their shortest round-trip form."""
    names = list(columns)
    text = []
    for name in names:
        values = columns[name]
        if isinstance(values, np.ndarray):
            values = np.where(np.isnan(values), "", values.astype(str))
        text.append(values)
    text += [eligible[:, a].astype(int).astype(str) for a in range(1, bundle.num_actions)]
    header = ",".join(["decision_id"] + names + ["eligible:" + a for a in bundle.action_names[1:]])
    lines = (",".join(fields) for fields in zip(np.asarray(ids).astype(str), *text))
    path.write_text(header + "\n" + "\n".join(lines) + "\n")


def numpy_inputs(bundle, columns):
    return {name: ([v if v else None for v in values] if not isinstance(values, np.ndarray) else values)
            for name, values in columns.items()}


@pytest.fixture(scope="module")
def rows_100k(trained, tmp_path_factory):
    """100k random raw rows, decision ids and eligibility, written once as `campsim score`
    input: every kind's bundle reads the same inputs (asserted)."""
    bundle = campsim_policy.load(trained / "policy_eps.json")
    for arm in KINDS:
        other = campsim_policy.load(trained / f"policy_{arm}.json")
        assert (other.inputs, other.action_names) == (bundle.inputs, bundle.action_names), arm
    rng = np.random.default_rng(11)
    columns = random_rows(bundle, ROWS, seed=12)
    ids = rng.integers(0, 2**63, ROWS, dtype=np.int64)
    eligible = rng.random((ROWS, bundle.num_actions)) < 0.7
    eligible[:, 0] = True
    path = tmp_path_factory.mktemp("rows") / "rows.csv"
    write_rows(path, bundle, columns, ids, eligible)
    return path, numpy_inputs(bundle, columns), ids, eligible


@pytest.mark.parametrize("arm", KINDS)
def test_cpp_and_numpy_scorers_agree_on_100k_random_contexts(trained, rows_100k, tmp_path, arm):
    policy = trained / f"policy_{arm}.json"
    bundle = campsim_policy.load(policy)
    rows_csv, inputs, ids, eligible = rows_100k
    scored_csv = tmp_path / "scored.csv"
    campsim("score", "--policy", policy, "--input", rows_csv, "--out", scored_csv, check=True)
    scored = np.loadtxt(scored_csv, delimiter=",", skiprows=1,
                        usecols=[2, 4] + list(range(5, 5 + bundle.num_actions)))
    actions, propensities, pmf = bundle.decide(inputs, ids, eligible)
    assert np.abs(scored[:, 2:] - pmf).max() <= 1e-12
    assert (scored[:, 0].astype(int) == actions).all()
    assert np.abs(scored[:, 1] - propensities).max() <= 1e-12
    assert (pmf[~eligible] == 0).all() and np.allclose(pmf.sum(axis=1), 1.0, atol=1e-12)


def test_export_from_a_checkpoint_rebuilds_the_runs_bundle_byte_for_byte(trained, tmp_path):
    for arm in ("lin_ts", "paced", "hybrid"):
        out = tmp_path / f"{arm}.json"
        campsim("export", trained / f"checkpoint_{arm}.txt", "--out", out, check=True)
        assert out.read_bytes() == (trained / f"policy_{arm}.json").read_bytes()
    again = campsim("export", trained, "--arm", "lin_ts", "--out", tmp_path / "lin_ts.json")
    assert again.returncode == 2 and "already exists" in again.stderr
    several = campsim("export", trained, "--out", tmp_path / "x.json")
    assert several.returncode == 2 and "choose one with --arm" in several.stderr and "lin_ts" in several.stderr


def test_bundle_metadata_names_the_scenario_and_training(trained):
    b = json.loads((trained / "policy_lin_ucb.json").read_text())
    assert b["format"] == "campsim-policy" and b["schema_version"] == 1
    assert b["scenario"]["name"] == "bandit_benchmark" and len(b["scenario"]["sha256"]) == 64
    assert b["training"]["agent"] == "lin_ucb" and b["training"]["decisions_learned_from"] > 0
    assert b["policy"]["exploration"]["rule"] == "ucb"
    assert [o["name"] for o in b["features"]["outputs"]][:2] == ["segment=explorers", "segment=deal_seekers"]


def test_tampered_truncated_and_newer_bundles_are_refused_by_both_scorers(trained, tmp_path):
    text = (trained / "policy_lin_ucb.json").read_text()
    rows = tmp_path / "rows.csv"
    bundle = campsim_policy.loads(text)
    write_rows(rows, bundle, random_rows(bundle, 3, 1), [1, 2, 3], np.ones((3, bundle.num_actions), bool))
    cases = {
        "tampered": (text.replace('"alpha": 0.3', '"alpha": 0.4'), "content does not match the checksum"),
        "truncated": (text[: len(text) // 3], "not valid JSON"),
        "newer": (text.replace('"schema_version": 1', '"schema_version": 7'), "newer than this"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(content)
        result = campsim("score", "--policy", path, "--input", rows)
        assert result.returncode == 2 and message in result.stderr and str(path) in result.stderr, result.stderr
        with pytest.raises(campsim_policy.BundleError, match=message):
            campsim_policy.load(path)


def test_score_names_the_file_line_and_column_of_bad_input(trained, tmp_path):
    policy = trained / "policy_lin_ucb.json"
    bundle = campsim_policy.load(policy)
    rows = tmp_path / "rows.csv"
    write_rows(rows, bundle, random_rows(bundle, 3, 2), [1, 2, 3], np.ones((3, bundle.num_actions), bool))
    good = rows.read_text().splitlines()

    def edit(row, column, value):
        path = write_csv_edit(good, row, column, value, tmp_path / "bad.csv")
        return campsim("score", "--policy", policy, "--input", path)

    r = edit(2, "purchases", "lots")
    assert r.returncode == 2 and "bad.csv line 3, column purchases: 'lots' is not a finite number" in r.stderr
    r = edit(1, "segment", "vip")
    assert r.returncode == 2 and "line 2, column segment: 'vip' is not a category" in r.stderr
    r = edit(1, "purchases", "")
    assert r.returncode == 2 and "input 'purchases' is missing" in r.stderr
    r = edit(0, "purchases", "purchase")
    assert r.returncode == 2 and "unknown column 'purchase'" in r.stderr


@pytest.mark.parametrize("arm", ["eps", "softmax", "lin_ucb", "dqn"])
def test_onnx_export_matches_the_bundle(trained, tmp_path, arm):
    onnx = pytest.importorskip("onnx")
    import onnx_numpy
    out = tmp_path / f"{arm}.onnx"
    campsim("export", trained, "--arm", arm, "--format", "onnx", "--out", out, check=True)
    model = onnx.load(str(out))
    onnx.checker.check_model(model)
    bundle = campsim_policy.load(trained / f"policy_{arm}.json")
    n = 5000
    columns = numpy_inputs(bundle, random_rows(bundle, n, seed=3))
    raw = bundle.raw_matrix(columns)
    eligible = np.random.default_rng(4).random((n, bundle.num_actions)) < 0.7
    eligible[:, 0] = True
    got = onnx_numpy.run(model, {"raw": raw, "eligible": eligible.astype(np.float64)})["probabilities"]
    expected = bundle.pmf(raw, eligible)
    # log1p is log(1 + v) in ONNX: a context can differ in its last float bit.
    assert np.abs(got - expected).max() < 1e-6
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).mean() > 0.999


def test_onnx_export_refuses_policies_it_cannot_express(trained, tmp_path):
    r = campsim("export", trained, "--arm", "lin_ts", "--format", "onnx", "--out", tmp_path / "x.onnx")
    assert r.returncode == 2 and "ONNX export supports linear policies" in r.stderr
    assert not (tmp_path / "x.onnx").exists()
