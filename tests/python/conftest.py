"""The Python suite runs against the built package: PYTHONPATH=build/<preset>/python."""
import os
import pathlib
import subprocess

SOURCE_DIR = pathlib.Path(os.environ.get("CAMPSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BIN = os.environ.get("CAMPSIM_BIN", str(SOURCE_DIR / "build" / "release" / "cli" / "campsim"))


def campsim_cli(*args):
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, check=True, timeout=300)
