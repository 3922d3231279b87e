"""quickstart.yaml lands in published industry ranges (docs/world-model.md cites them)."""
import json

import pytest

from conftest import campsim


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory):
    out = tmp_path_factory.mktemp("qs") / "run"
    campsim("run", "quickstart", "--out", out, "--quiet", check=True)
    return {a["name"]: a for a in json.loads((out / "summary.json").read_text())["arms"]}


def rate(source, numerator, denominator="deliveries"):
    return source[numerator] / source[denominator]


@pytest.mark.parametrize("arm", ["uniform_random", "weekly_rule"])
def test_promotional_email(quickstart, arm):
    email = quickstart[arm]["by_source"]["email"]
    assert 0.15 <= rate(email, "opens") <= 0.30
    assert 0.01 <= rate(email, "clicks") <= 0.03
    assert 0.001 <= rate(email, "unsubscribes") <= 0.005


def test_push_sms_in_app(quickstart):
    sources = quickstart["uniform_random"]["by_source"]
    assert 0.03 <= rate(sources["push"], "opens") <= 0.08          # direct open rate
    assert 0.07 <= rate(sources["sms"], "clicks") <= 0.15          # SMS click-through
    assert rate(sources["sms"], "unsubscribes") <= 0.02            # below "critical" 2%
    assert rate(sources["in_app"], "unsubscribes") == 0.0


def test_paid_media_costs(quickstart):
    sources = quickstart["uniform_random"]["by_source"]
    cpc = {name: sources[name]["cost"] / sources[name]["visits"] for name in ("social", "search", "display")}
    assert 0.5 <= cpc["social"] <= 2.0
    assert 1.5 <= cpc["search"] <= 6.0
    assert 0.4 <= cpc["display"] <= 1.0


def test_site_conversion_and_budget(quickstart):
    for arm in quickstart.values():
        organic = arm["by_source"]["organic"]
        assert 0.01 <= organic["conversions"] / organic["visits"] <= 0.03
        assert arm["budget_spent"] <= arm["budget_total"]
        assert arm["budget_spent"] >= 0.9 * arm["budget_total"]
    # Messaging helps, and the oracle beats the baselines on revenue.
    revenue = {name: arm["revenue"] for name, arm in quickstart.items()}
    assert revenue["myopic_oracle"] > revenue["uniform_random"] > revenue["no_send"]
    assert revenue["weekly_rule"] > revenue["no_send"]
