"""Every notebook in notebooks/ runs headless, top to bottom, and saves its figures; a cell
that raises fails the test."""
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import SOURCE_DIR

NOTEBOOKS = sorted((SOURCE_DIR / "notebooks").glob("*.ipynb"))


def test_notebooks_are_committed_without_outputs():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    import campsim
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # The kernel runs in tmp_path: give it the built package by absolute path.
    monkeypatch.setenv("PYTHONPATH", str(pathlib.Path(campsim.__file__).resolve().parents[1]))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    figures = list((tmp_path / "figures").glob("*.png"))
    assert figures, f"{path.name} saved no figure"
