"""Malformed scenarios: each gives its specific message with file and line, exit status 2,
and leaves no output folder behind."""
import pathlib

import pytest

from conftest import SOURCE_DIR, campsim

MALFORMED = SOURCE_DIR / "tests" / "cli" / "malformed"

# file -> (line of the offending entry, or None where a file has no line; message part)
CASES = {
    "unknown_key.yaml": (2, "unknown key 'populaton'; did you mean 'population'?"),
    "wrong_type.yaml": (2, "horizon_days: expected a number in [1, 20000], got 'ninety'"),
    "negative_budget.yaml": (3, "budget.total: expected a number in [0, 1e+12], got '-100'"),
    "infinite_value.yaml": (3, "population.lapse_days: expected a number > 0, got '.inf' (numbers must be finite)"),
    "zero_probability_loop.yaml": (4, "sessions through journey node 'web' can never end"),
    "gap_equals_latency.yaml": (3, "cap_min_gap_hours must be greater than latency_max_hours"),
    "shares_not_one.yaml": (3, "segment shares must sum to 1 (they sum to 0.9)"),
    "dangling_edge.yaml": (8, "edge 'to' names unknown journey node 'cart'"),
    "unknown_component.yaml": (4, "unknown message_agent type 'uniform_randm'; did you mean 'uniform_random'?"),
    "empty.yaml": (None, "the scenario is empty"),
    "binary.yaml": (1, "a scenario must be a YAML mapping of keys to values, not a scalar"),
    "fixed_shares_sum.yaml": (6, "shares must sum to 1 (they sum to 0.7)"),
    "unknown_channel.yaml": (4, "message hello names unknown owned channel 'fax' (owned channels: email)"),
    "latent_dims.yaml": (3, "every segment's latent_mean must have latent_dims (2) entries"),
    "rule_segment.yaml": (10, "rule names unknown segment 'vip'"),
    "duplicate_channel.yaml": (4, "owned channel 'email' is declared twice"),
    "list_for_mapping.yaml": (2, "expected a mapping, got a list"),
    "syntax_error.yaml": (3, "not valid YAML"),
    "unknown_budget_line.yaml": (4, "fixed_shares names unknown budget line 'tv' (budget lines: owned)"),
    "window_too_short.yaml": (4, "must be shorter than reward.attribution_window_days (24 h)"),
    "no_arms.yaml": (1, "at least one arm is needed"),
    "unreachable_node.yaml": (5, "journey node 'island' is unreachable"),
    "nodes_without_edges.yaml": (3, "built-in default edge search -> product (declare journey.edges whenever you declare journey.nodes): names unknown journey node 'search'"),
}


def test_every_malformed_file_has_a_case():
    assert sorted(p.name for p in MALFORMED.glob("*.yaml")) == sorted(CASES)
    assert len(CASES) >= 12


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_scenario(name, tmp_path):
    line, message = CASES[name]
    path = MALFORMED / name
    out = tmp_path / "out"
    result = campsim("run", path, "--out", out, "--quiet")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr, result.stderr
    location = f"{path}:{line}:" if line else f"{path}:"
    assert location in result.stderr, result.stderr
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left either
    # validate reports the same error.
    validated = campsim("validate", path)
    assert validated.returncode == 2 and message in validated.stderr


def test_bad_override_names_the_override(tmp_path):
    result = campsim("run", "tiny", "--set", "population.segments[0].share=1.5", "--out", tmp_path / "o")
    assert result.returncode == 2
    assert "--set population.segments[0].share=1.5: population.segments[0].share: expected a probability" in result.stderr
    assert not (tmp_path / "o").exists()


def test_missing_file_and_unknown_name():
    result = campsim("run", "quickstrat")
    assert result.returncode == 2
    assert "did you mean 'quickstart'?" in result.stderr
