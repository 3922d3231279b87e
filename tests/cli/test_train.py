"""`campsim train SCENARIO --agent NAME`: budget learners trained online on a scenario.

One cem training of paid_media (48 episodes, 4,000 users) is shared by the tests; the others
run the same command with other threads, or in two halves with --resume, and must reproduce
its files byte for byte.
"""
import csv
import io
import json

import pytest

from conftest import SOURCE_DIR, campsim

SCENARIO = "paid_media"
SMALL = ("--set", "population.size=4000")
COMMON = ("--eval-seeds", "3", "--curve-seeds", "1", *SMALL, "-q", "--format", "json")
FILES = ("learning_curve.csv", "checkpoint_cem.txt", "policy_cem.json", "evaluation.json",
         "config.resolved.yaml")
BASELINES = ["uniform_split", "last_roi_proportional", "mmm_optimal_static"]


def train(out, *extra, episodes=48, agent="cem"):
    return campsim("train", SCENARIO, "--agent", agent, "--episodes", episodes, "--out", out,
                   *COMMON, *extra)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The reference training: 48 cem episodes in one go. Returns (folder, stdout)."""
    out = tmp_path_factory.mktemp("train") / "cem48"
    result = train(out)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def scenario_with_arms(arms_yaml, period_days=7):
    """paid_media's YAML with its arms replaced by `arms_yaml` (and another budget period)."""
    text = (SOURCE_DIR / "scenarios" / "catalog" / "paid_media.yaml").read_text()
    head = text[:text.index("\narms:")]
    assert "period_days: 7" in head
    return head.replace("period_days: 7", f"period_days: {period_days}") + "\narms:\n" + arms_yaml


def policy_arm(path):
    return ("  - name: trained\n"
            "    message_agent: {type: no_send}\n"
            f"    budget_agent: {{type: budget_policy, params: {{path: {json.dumps(str(path))}}}}}\n")


def test_train_writes_curve_checkpoint_policy_and_evaluation(trained):
    out, stdout = trained
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)

    lines = (out / "learning_curve.csv").read_text().splitlines()
    assert lines[0] == "episode,seed,train_return,greedy_return"
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert len(rows) == 48
    assert [int(r["episode"]) for r in rows] == list(range(48))
    # A generation of 16 episodes shares a training world, never an evaluation world (7, 8, 9).
    assert [int(r["seed"]) for r in rows] == [7 + 1000000 + e // 16 for e in range(48)]
    assert all(float(r["train_return"]) > 0 for r in rows)
    # Greedy evaluations after every update (a generation), and only then.
    evaluated = [i for i, r in enumerate(rows) if r["greedy_return"] != ""]
    assert evaluated == [15, 31, 47]
    assert all(float(rows[i]["greedy_return"]) > 0 for i in evaluated)

    checkpoint = (out / "checkpoint_cem.txt").read_text()
    assert checkpoint.splitlines()[0] == "campsim-agent-state v1 cem_budget"
    episodes_line = next(l for l in checkpoint.splitlines() if l.startswith("episodes "))
    assert float.fromhex(episodes_line.split()[2]) == 48.0

    policy = json.loads((out / "policy_cem.json").read_text())
    assert policy["format"] == "campsim-budget-policy"
    assert policy["schema_version"] == 1
    assert policy["kind"] == "schedule"
    assert policy["scenario"] == SCENARIO
    assert policy["lines"] == ["search", "social", "display", "owned"]
    assert policy["num_periods"] == 12
    assert policy["training"]["agent"] == "cem" and policy["training"]["episodes"] == 48
    assert len(policy["params"]) == 12
    for row in policy["params"]:
        assert row[3] == 0.0  # paid_media has no owned channel
        assert min(row) >= 0.0 and abs(sum(row) - 1.0) < 1e-9

    evaluation = json.loads((out / "evaluation.json").read_text())
    assert json.loads(stdout) == evaluation  # --format json prints the same comparison
    assert evaluation["reference"] == "mmm_optimal_static"
    assert evaluation["seeds"] == [7, 8, 9]
    agents = {a["agent"]: a for a in evaluation["agents"]}
    assert [a["agent"] for a in evaluation["agents"]] == BASELINES + ["cem"]
    assert agents["mmm_optimal_static"]["ratio"] == 1
    assert agents["mmm_optimal_static"]["diff"] == 0
    for a in evaluation["agents"]:
        assert len(a["returns"]) == 3 and all(r > 0 for r in a["returns"])
        assert a["ci_low"] <= a["return"] <= a["ci_high"]
        assert a["ratio"] == pytest.approx(a["return"] / agents["mmm_optimal_static"]["return"])
    # In paid_media the media curves are exact, so the static optimum beats an even split on
    # every world (paired), not only on average.
    mmm, uniform = agents["mmm_optimal_static"]["returns"], agents["uniform_split"]["returns"]
    assert all(m > u for m, u in zip(mmm, uniform)), (mmm, uniform)
    assert agents["uniform_split"]["diff_high"] < 0


def test_train_is_deterministic_for_any_thread_count(trained, tmp_path):
    reference, stdout = trained
    again = train(tmp_path / "again")
    one = train(tmp_path / "one", "--threads", "1")
    two = train(tmp_path / "two", "--threads", "2")
    for result in (again, one, two):
        assert result.returncode == 0, result.stderr
        assert result.stdout == stdout
    for folder in ("again", "one", "two"):
        for name in FILES:
            assert (tmp_path / folder / name).read_bytes() == (reference / name).read_bytes(), (folder, name)


def test_resume_continues_exactly(trained, tmp_path):
    reference, _ = trained
    first = train(tmp_path / "first", episodes=24)
    assert first.returncode == 0, first.stderr
    # Half a generation in: the checkpoint carries the generation's samples and returns.
    first_rows = (tmp_path / "first" / "learning_curve.csv").read_text().splitlines()
    assert len(first_rows) == 1 + 24
    assert first_rows == (reference / "learning_curve.csv").read_text().splitlines()[:25]
    second = train(tmp_path / "second", "--resume", tmp_path / "first", episodes=24)
    assert second.returncode == 0, second.stderr
    for name in ("checkpoint_cem.txt", "learning_curve.csv", "policy_cem.json", "evaluation.json"):
        assert (tmp_path / "second" / name).read_bytes() == (reference / name).read_bytes(), name
    # The first half's folder is left as it was.
    assert (tmp_path / "first" / "learning_curve.csv").read_text().splitlines() == first_rows


def test_exported_policy_runs_as_a_budget_agent(trained, tmp_path, run):
    reference, _ = trained
    scenario = tmp_path / "with_policy.yaml"
    scenario.write_text(scenario_with_arms(policy_arm(reference / "policy_cem.json")))
    out = run(scenario, *SMALL)
    summary = json.loads((out / "summary.json").read_text())
    assert [a["name"] for a in summary["arms"]] == ["trained"]
    arm = summary["arms"][0]
    assert 0.99 * arm["budget_total"] <= arm["budget_spent"] <= arm["budget_total"]
    # The same scenario again gives the same results.
    again = run(scenario, *SMALL, name="again")
    assert (again / "summary.json").read_bytes() == (out / "summary.json").read_bytes()


def test_errors_exit_2_with_a_clear_message(trained, tmp_path):
    reference, _ = trained

    unknown = train(tmp_path / "unknown", agent="nope", episodes=2)
    assert unknown.returncode == 2
    assert "agent 'nope' is neither an arm of the scenario" in unknown.stderr

    for agent in ("uniform_split", "fixed_shares"):  # an arm, then a registered type
        static = train(tmp_path / agent, agent=agent, episodes=2)
        assert static.returncode == 2, agent
        assert "which does not learn" in static.stderr and f"'{agent}'" in static.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    no_checkpoint = train(tmp_path / "resumed", "--resume", empty, episodes=2)
    assert no_checkpoint.returncode == 2
    assert "cannot read" in no_checkpoint.stderr and "checkpoint_cem.txt" in no_checkpoint.stderr

    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "checkpoint_cem.txt").write_text("not a checkpoint\n")
    (garbage / "learning_curve.csv").write_text("episode,seed,train_return,greedy_return\n")
    bad = train(tmp_path / "resumed", "--resume", garbage, episodes=2)
    assert bad.returncode == 2 and "cem_budget" in bad.stderr and "checkpoint_cem.txt" in bad.stderr

    # A cem checkpoint from a problem with 2 budget lines and 6 periods.
    (garbage / "checkpoint_cem.txt").write_text(
        "campsim-agent-state v1 cem_budget\nshape 2 0x1p+1 0x1.8p+2\nepisodes 1 0x0p+0\n")
    other = train(tmp_path / "resumed", "--resume", garbage, episodes=2)
    assert other.returncode == 2 and "made for 2 budget lines and 6 periods" in other.stderr

    # An actor_critic resume from a folder that only has cem's checkpoint.
    wrong_agent = train(tmp_path / "resumed", "--resume", reference, episodes=2, agent="actor_critic")
    assert wrong_agent.returncode == 2 and "checkpoint_actor_critic.txt" in wrong_agent.stderr
    assert not (tmp_path / "resumed").exists()

    missing = tmp_path / "missing_policy.yaml"
    missing.write_text(scenario_with_arms(policy_arm(tmp_path / "nowhere" / "policy_cem.json")))
    result = campsim("run", missing, "--no-output", "--quiet", *SMALL)
    assert result.returncode == 2
    assert "cannot read budget policy" in result.stderr and "nowhere/policy_cem.json" in result.stderr

    # A policy made for 12 weekly periods does not fit 6 fortnightly ones.
    fortnightly = tmp_path / "fortnightly.yaml"
    fortnightly.write_text(scenario_with_arms(policy_arm(reference / "policy_cem.json"), period_days=14))
    result = campsim("run", fortnightly, "--no-output", "--quiet", *SMALL)
    assert result.returncode == 2 and "made for other budget lines" in result.stderr

    # Nothing was trained into an existing folder without --overwrite.
    exists = train(reference, episodes=2)
    assert exists.returncode == 2 and "already exists" in exists.stderr
