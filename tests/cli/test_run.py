"""`campsim run`: the run folder, determinism, the golden summary, formats and safety."""
import csv
import io
import json

from conftest import SOURCE_DIR, campsim

GOLDEN = SOURCE_DIR / "tests" / "golden" / "tiny_summary.json"


def test_run_folder_contents(run):
    out = run("tiny")
    assert sorted(p.name for p in out.iterdir()) == ["config.resolved.yaml", "metrics.csv", "summary.json"]
    summary = json.loads((out / "summary.json").read_text())
    assert [a["name"] for a in summary["arms"]] == ["no_send", "random", "weekly_rule", "oracle"]
    for arm in summary["arms"]:
        assert arm["budget_spent"] <= arm["budget_total"]
        assert arm["decisions"] > 0
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text())))
    assert {r["source"] for r in rows} == {"email", "push", "search", "organic", "total"}
    assert len(rows) == 4 * 21 * 5


def test_same_seed_is_byte_identical_other_seed_differs(run):
    a = run("tiny", name="a")
    b = run("tiny", "--threads", "1", name="b")
    c = run("tiny", "--seed", "8", name="c")
    for name in ("summary.json", "metrics.csv", "config.resolved.yaml"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "summary.json").read_bytes() != (c / "summary.json").read_bytes()
    assert (a / "metrics.csv").read_bytes() != (c / "metrics.csv").read_bytes()


def test_resolved_config_reproduces_the_run(run):
    first = run("tiny", name="first")
    second = run(first / "config.resolved.yaml", name="second")
    assert (first / "summary.json").read_bytes() == (second / "summary.json").read_bytes()


def test_golden_summary(run):
    """Regenerate with scripts/regen-golden after a reviewed change to the world."""
    out = run("tiny")
    assert (out / "summary.json").read_text() == GOLDEN.read_text()


def test_results_formats():
    table = campsim("run", "tiny", "--no-output", "--quiet", check=True).stdout
    assert table.splitlines()[0].split()[:3] == ["arm", "revenue", "cost"]
    assert len(table.splitlines()) == 2 + 4
    rows = list(csv.DictReader(io.StringIO(
        campsim("run", "tiny", "--no-output", "--quiet", "--format", "csv", check=True).stdout)))
    assert [r["arm"] for r in rows] == ["no_send", "random", "weekly_rule", "oracle"]
    parsed = json.loads(campsim("run", "tiny", "--no-output", "--quiet", "--format", "json", check=True).stdout)
    assert parsed[3]["arm"] == "oracle" and parsed[3]["revenue"] > parsed[0]["revenue"]
    bad = campsim("run", "tiny", "--no-output", "--format", "xml")
    assert bad.returncode == 2 and "--format must be table, csv or json" in bad.stderr


def test_existing_output_is_never_clobbered(run, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    result = campsim("run", "tiny", "--out", out, "--quiet")
    assert result.returncode == 2 and "already exists" in result.stderr
    assert (out / "notes.txt").read_text() == "precious"
    campsim("run", "tiny", "--out", out, "--quiet", "--overwrite", check=True)
    assert (out / "summary.json").exists() and not (out / "notes.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_default_output_folder_is_never_reused(tmp_path):
    campsim("run", "tiny", "--quiet", cwd=tmp_path, check=True)
    campsim("run", "tiny", "--quiet", cwd=tmp_path, check=True)
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["tiny-seed7", "tiny-seed7-2"]


def test_progress_goes_to_stderr_unless_quiet():
    loud = campsim("run", "tiny", "--no-output", check=True)
    assert "campsim: arm 1/4 (no_send) 100%" in loud.stderr
    assert "campsim:" not in loud.stdout
    quiet = campsim("run", "tiny", "--no-output", "--quiet", check=True)
    assert quiet.stderr == ""


def test_help_and_usage():
    for command in ("run", "validate", "schema"):
        result = campsim(command, "--help")
        assert result.returncode == 0 and "--help" in result.stdout
    assert campsim().returncode == 2
    unknown = campsim("fly")
    assert unknown.returncode == 2 and "unknown command 'fly'" in unknown.stderr
    bad_option = campsim("run", "tiny", "--sed", "3")
    assert bad_option.returncode == 2 and "see campsim run --help" in bad_option.stderr


def test_validate_and_catalog():
    ok = campsim("validate", "quickstart", check=True)
    assert "quickstart: ok (6 arms, 50000 users, 90 days)" in ok.stdout
    names = campsim("catalog", check=True).stdout.split()
    assert "quickstart" in names and "tiny" in names


def test_scenario_reference_is_fresh():
    """Regenerate with: build/release/cli/campsim schema > docs/scenario-reference.md"""
    generated = campsim("schema", check=True).stdout
    committed = (SOURCE_DIR / "docs" / "scenario-reference.md").read_text()
    assert generated == committed, "docs/scenario-reference.md is stale: regenerate it"
    for key in ("population.segments[]", "owned_channel `email`", "message_agent `rule`",
                "attribution_window_days"):
        assert key in generated


def test_lean_batches_change_no_output(run):
    """Without a decision log, rule/oracle/random/context-free arms get batches with only the
    features they read and feedback without contexts; with a log, everything. Same outputs
    either way, on any thread count."""
    arms = ("arms=[{name: rule, message_agent: {type: rule, params: {rules: [{segment: explorers,"
            " action: 'email:story', every_days: 2}]}}}, {name: oracle, message_agent: {type: myopic_oracle}},"
            " {name: ucb1, message_agent: {type: ucb1}}]")
    common = ("bandit_benchmark", "--set", "population.size=2000", "--set", "horizon_days=15",
              "--set", "engine.shards=4", "--set", arms)
    outs = [run(*common, "--threads", str(t), name=f"lean{t}") for t in (1, 2, 4)]
    outs.append(run(*common, "--log-decisions", name="logged"))
    for name in ("summary.json", "metrics.csv", "policy_ucb1.json"):
        first = (outs[0] / name).read_bytes()
        assert all((o / name).read_bytes() == first for o in outs[1:]), name


def test_outputs_do_not_depend_on_the_thread_count(run):
    """One arm, so threads beyond the first go to the engine: shards advance, batches are
    built and decisions applied in parallel. Everything written must be byte-identical."""
    arms = "arms=[{name: lin_ts, message_agent: {type: lin_ts}}]"
    outs = [run("bandit_benchmark", "--set", "population.size=3000", "--set", "horizon_days=20",
                "--set", "engine.shards=8", "--set", arms, "--log-decisions", "--threads", str(t),
                name=f"threads{t}") for t in (1, 2, 4)]
    for name in ("summary.json", "metrics.csv", "decisions_lin_ts.csv", "policy_lin_ts.json"):
        first = (outs[0] / name).read_bytes()
        assert all((o / name).read_bytes() == first for o in outs[1:]), name


def test_outputs_do_not_depend_on_the_batch_size(run):
    """engine.max_batch only cuts a decision time's users into batches: a learning arm and a
    randomising arm give the same decisions and metrics in batches of 700 as in one batch of
    3000 (the summary differs only in the resolved configuration's hash)."""
    arms = ("arms=[{name: lin_ts, message_agent: {type: lin_ts}},"
            " {name: random, message_agent: {type: uniform_random}}]")
    outs = [run("bandit_benchmark", "--set", "population.size=3000", "--set", "horizon_days=20",
                "--set", arms, "--set", f"engine.max_batch={b}", "--log-decisions",
                name=f"batch{b}") for b in (700, 8192)]
    for name in ("metrics.csv", "decisions_lin_ts.csv", "decisions_random.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    summaries = [json.loads((o / "summary.json").read_text()) for o in outs]
    assert summaries[0].pop("config_fnv1a64") != summaries[1].pop("config_fnv1a64")
    assert summaries[0] == summaries[1]


def test_outputs_do_not_depend_on_the_vector_unit(tmp_path):
    """Linear policies score on the CPU's widest vector unit; CAMPSIM_SIMD picks a narrower one.
    A lin_ucb arm (scoring every decision, learning at every sync) writes the same bytes on
    each level this CPU runs, and an unknown level is an error naming the variable."""
    flags = set()
    for line in open("/proc/cpuinfo"):
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            break
    levels = ["sse2"] + [name for name, flag in (("avx", "avx"), ("avx512", "avx512f"))
                         if flag in flags]
    arms = "arms=[{name: lin_ucb, message_agent: {type: lin_ucb}}]"
    args = ["bandit_benchmark", "--set", "population.size=3000", "--set", "horizon_days=20",
            "--set", arms, "--log-decisions", "--quiet"]
    outs = []
    for level in levels:
        out = tmp_path / level
        campsim("run", *args, "--out", out, check=True, env={"CAMPSIM_SIMD": level})
        outs.append(out)
    for name in ("summary.json", "metrics.csv", "decisions_lin_ucb.csv", "policy_lin_ucb.json"):
        first = (outs[0] / name).read_bytes()
        assert all((o / name).read_bytes() == first for o in outs[1:]), name
    bad = campsim("run", *args, "--out", tmp_path / "bad", env={"CAMPSIM_SIMD": "mmx"})
    assert bad.returncode == 2
    assert "campsim: error: CAMPSIM_SIMD=mmx" in bad.stderr and "sse2, avx, avx512" in bad.stderr
    assert not (tmp_path / "bad" / "summary.json").exists()


def test_benchmark_workloads_run(run):
    """bench/workloads/*.yaml are ordinary scenarios (issue 8): each runs at a small size, and
    the journey's rates are the ones its description states."""
    arms = {}
    for workload in ("journey", "linucb_10m"):
        out = run(str(SOURCE_DIR / "bench" / "workloads" / f"{workload}.yaml"), "--set",
                  "population.size=3000", "--set", "horizon_days=5", name=workload)
        arms[workload] = json.loads((out / "summary.json").read_text())["arms"][0]
        assert arms[workload]["events"] > 0 and arms[workload]["decisions"] > 0, workload
    journey = arms["journey"]
    assert journey["sends"] == journey["deliveries"]  # delivered an hour after each send
    assert 0.17 < journey["opens"] / journey["deliveries"] < 0.23  # opened with probability 0.2
    assert 0.04 < journey["conversions"] / journey["visits"] < 0.06  # a visit converts at 0.05
