"""The analyst notebooks run top to bottom on the sample corpus, and are committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_at_least_three_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 3, names
    assert {"01_tour.ipynb", "02_halted_and_pending_mergers.ipynb", "03_workload_and_deadlines.ipynb"} <= set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, built_store_dir: Path, monkeypatch):
    # A notebook builds the corpus itself when TINHGON_STORE is unset, as a new user's
    # would: the tour does exactly that; the others reuse the session's store of the same
    # corpus to save a rebuild each. The kernel inherits this process's environment.
    if path.name.startswith("01_"):
        monkeypatch.delenv("TINHGON_STORE", raising=False)
    else:
        monkeypatch.setenv("TINHGON_STORE", str(built_store_dir))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError naming the cell that failed
    images = sum("image/png" in out.get("data", {}) for c in nb.cells if c.cell_type == "code" for out in c.outputs)
    assert images >= 1, f"{path.name} draws no chart"
