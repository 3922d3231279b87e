"""The one-way dependencies of DESIGN.md section 1, checked on the includes."""
import re

from conftest import SOURCE_DIR

# directory -> project directories its files may include
ALLOWED = {
    "core": {"core"},
    "policies": {"core", "policies"},
    "sim": {"core", "policies", "sim"},
    "agents": {"core", "policies", "agents"},
    "evaluation": {"core", "policies", "evaluation"},
    "scenarios": {"core", "policies", "sim", "agents", "scenarios", "evaluation"},
    "cli": {"core", "policies", "sim", "agents", "scenarios", "evaluation", "cli"},
}
INCLUDE = re.compile(r'^\s*#include\s+"([a-z_]+)/', re.M)
THIRD_PARTY = {"yaml-cpp": {"scenarios"}, "boost/program_options": {"cli"}, "nlohmann": {"scenarios", "policies", "cli"}}


def sources(directory):
    return [p for p in (SOURCE_DIR / directory).rglob("*") if p.suffix in (".h", ".cc")]


def test_project_includes_follow_the_layers():
    violations = []
    for directory, allowed in ALLOWED.items():
        for path in sources(directory):
            for target in INCLUDE.findall(path.read_text()):
                if target in ALLOWED and target not in allowed:
                    violations.append(f"{path.relative_to(SOURCE_DIR)} includes {target}/")
    assert violations == []


def test_third_party_headers_stay_where_they_belong():
    violations = []
    for directory in ALLOWED:
        for path in sources(directory):
            text = path.read_text()
            for library, owners in THIRD_PARTY.items():
                if f"#include <{library}" in text and directory not in owners:
                    violations.append(f"{path.relative_to(SOURCE_DIR)} includes <{library}>")
    assert violations == []
    # policies/ is what production links: standard library, core and nlohmann-json only.
    for path in sources("policies"):
        assert "#include <boost" not in path.read_text() and "#include <Eigen" not in path.read_text()
