"""`campsim compare`: true values across replications and off-policy estimates vs truth."""
import json

from conftest import campsim

ARMS = ("arms=[{name: uniform_random, message_agent: {type: uniform_random}},"
        " {name: epsilon_greedy, message_agent: {type: epsilon_greedy}},"
        " {name: lin_ts, message_agent: {type: lin_ts}}]")


def test_compare_with_off_policy_estimates():
    result = campsim("compare", "bandit_benchmark", "--set", "population.size=1500",
                     "--set", "horizon_days=25", "--set", ARMS, "--replications", "3",
                     "--ope", "uniform_random", "--bootstrap", "300", "--format", "json", check=True)
    data = json.loads(result.stdout)
    values = {v["arm"]: v for v in data["arms"]}
    assert values["uniform_random"]["diff"] == 0.0
    for arm in ("epsilon_greedy", "lin_ts"):
        v = values[arm]
        assert v["ci_low"] <= v["value"] <= v["ci_high"]
        assert v["diff_low"] > 0.0  # both learners beat uniform random, paired CI excludes 0
    rows = [r for r in data["ope"] if r["arm"] == "lin_ts"]
    assert [r["estimator"] for r in rows] == ["dm", "ips", "snips", "dr", "sndr", "switch_dr"]
    for r in rows:
        assert r["ci_low"] <= r["estimate"] <= r["ci_high"]
        assert abs(r["error"]) < 0.5 * r["truth"]  # a sane estimate of the truth
    assert {r["arm"] for r in data["ope"]} == {"epsilon_greedy", "lin_ts"}


def test_compare_rejects_unknown_arms_and_estimators():
    bad = campsim("compare", "tiny", "--ope", "nobody")
    assert bad.returncode == 2 and "no arm named 'nobody'" in bad.stderr
    bad = campsim("compare", "tiny", "--estimators", "ips,magic")
    assert bad.returncode == 2 and "unknown estimator 'magic'" in bad.stderr


def test_ope_benchmark_coverage_small():
    """The documented run uses 200 replications (docs/offline-evaluation.md); this is 16."""
    result = campsim("compare", "ope_benchmark", "--ope", "uniform_random", "--replications", "16",
                     "--bootstrap", "300", "--format", "json", check=True)
    summary = json.loads(result.stdout)["ope_summary"]
    by = {(s["arm"], s["estimator"]): s for s in summary}
    for arm in ("epsilon_greedy", "softmax", "lin_ts"):
        for estimator in ("ips", "snips", "dr"):
            assert by[(arm, estimator)]["replications"] == 16
            assert by[(arm, estimator)]["coverage"] >= 0.8, (arm, estimator)
        assert by[(arm, "dr")]["rmse"] <= by[(arm, "ips")]["rmse"] * 1.05, arm
