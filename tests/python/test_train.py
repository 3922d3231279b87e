"""campsim.train: the CLI's `campsim train` from Python, with the same files and resume."""
import pytest

import campsim


def small(name):
    return campsim.Scenario.load(name).set("population.size", 4000)


def test_train_returns_curve_evaluation_policy_and_resumes_exactly():
    s = small("paid_media")
    whole = campsim.train(s, "cem", episodes=32, eval_seeds=3, curve_seeds=1, threads=2)
    assert list(whole.curve.columns) == ["episode", "seed", "train_return", "greedy_return"]
    assert len(whole.curve) == 32 and whole.curve["greedy_return"].notna().sum() == 2
    assert whole.reference == "mmm_optimal_static"
    assert list(whole.evaluation.index) == ["uniform_split", "last_roi_proportional", "mmm_optimal_static", "cem"]
    assert whole.evaluation.loc["mmm_optimal_static", "ratio"] == 1.0
    assert whole.policy["format"] == "campsim-budget-policy" and whole.policy["kind"] == "schedule"
    first = campsim.train(s, "cem", episodes=16, eval_seeds=3, curve_seeds=1, threads=1)
    rest = campsim.train(s, "cem", episodes=16, eval_seeds=3, curve_seeds=1, threads=2, resume=first)
    assert rest.files == whole.files


def test_train_errors_are_value_errors():
    with pytest.raises(ValueError, match="neither an arm of the scenario"):
        campsim.train(small("paid_media"), "nope", episodes=1)
    with pytest.raises(ValueError, match="does not learn"):
        campsim.train(small("paid_media"), "uniform_split", episodes=1)
