"""Shared helpers for the command-line tests: where the binary and the sources are."""
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("CAMPSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BIN = os.environ.get("CAMPSIM_BIN", str(SOURCE_DIR / "build" / "release" / "cli" / "campsim"))


def campsim(*args, cwd=None, check=False, env=None):
    """Runs the campsim binary; returns the CompletedProcess (text mode). `env` adds variables."""
    result = subprocess.run([BIN, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300,
                            env=None if env is None else {**os.environ, **env})
    if check and result.returncode != 0:
        raise AssertionError(f"campsim {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result


def write_csv_edit(source_lines, row, column, value, path):
    """Writes `source_lines` (a CSV's lines, header first) to `path` with one field replaced:
    line `row` (0 = the header), the column named `column`. Returns `path`."""
    header = source_lines[0].split(",")
    fields = source_lines[row].split(",")
    fields[header.index(column)] = value
    edited = list(source_lines)
    edited[row] = ",".join(fields)
    path.write_text("\n".join(edited) + "\n")
    return path


@pytest.fixture
def run(tmp_path):
    """Runs a scenario into a fresh folder and returns that folder."""
    def _run(scenario, *extra, name="out"):
        out = tmp_path / name
        campsim("run", scenario, "--out", out, "--quiet", *extra, check=True)
        return out
    return _run
