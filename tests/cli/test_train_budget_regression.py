"""Smaller versions of the budget RL experiments of docs/rl.md, as regression tests: on
paid_media the policy-gradient and CEM learners reach 97% of the MMM optimum, and on
seasonal_media a learner beats it with a paired interval that excludes zero."""
import json

import pytest

from conftest import campsim


def evaluate(tmp_path, scenario, agent, episodes=160):
    out = tmp_path / f"{scenario}-{agent}"
    campsim("train", scenario, "--agent", agent, "--episodes", episodes, "--eval-seeds", 6, "--curve-seeds", 0,
            "--set", "population.size=4000", "--out", out, "-q", check=True)
    return {a["agent"]: a for a in json.loads((out / "evaluation.json").read_text())["agents"]}


@pytest.mark.parametrize("agent", ["cem", "actor_critic"])
def test_learners_reach_97_percent_of_the_mmm_optimum_on_paid_media(tmp_path, agent):
    agents = evaluate(tmp_path, "paid_media", agent)
    assert agents[agent]["ratio"] >= 0.97, agents[agent]
    assert agents[agent]["return"] > agents["uniform_split"]["return"]
    assert agents[agent]["return"] > agents["last_roi_proportional"]["return"]


def test_a_learner_beats_the_static_optimum_after_a_season_change(tmp_path):
    agents = evaluate(tmp_path, "seasonal_media", "actor_critic")
    assert agents["actor_critic"]["diff_low"] > 0, agents["actor_critic"]
