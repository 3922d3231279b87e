"""Shared helpers for the command-line tests: where the binary and the sources are."""
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("CAMPSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BIN = os.environ.get("CAMPSIM_BIN", str(SOURCE_DIR / "build" / "release" / "cli" / "campsim"))


def campsim(*args, cwd=None, check=False):
    """Runs the campsim binary; returns the CompletedProcess (text mode)."""
    result = subprocess.run([BIN, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"campsim {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result


@pytest.fixture
def run(tmp_path):
    """Runs a scenario into a fresh folder and returns that folder."""
    def _run(scenario, *extra, name="out"):
        out = tmp_path / name
        campsim("run", scenario, "--out", out, "--quiet", *extra, check=True)
        return out
    return _run
