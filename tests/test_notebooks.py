"""The analyst notebooks run top to bottom on the sample corpus, and are committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_at_least_four_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 4, names
    assert {"01_tour.ipynb", "02_halted_and_pending_mergers.ipynb", "03_workload_and_deadlines.ipynb",
            "04_real_documents_2025.ipynb"} <= set(names)


def test_the_2025_notebook_reads_only_what_the_repository_bundles():
    """It builds the samples and tests/data/realdev (a copy of the real development set), never ../shared."""
    nb = nbformat.read(ROOT / "notebooks" / "04_real_documents_2025.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert '"tests" / "data" / "realdev" / "docs"' in text and "/work/shared" not in text and "../shared" not in text
    assert len(list((ROOT / "tests" / "data" / "realdev" / "docs").glob("*.md"))) == 15


def test_the_notebooks_extra_brings_jupyterlab_and_what_the_cells_import():
    import re
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]["notebooks"]
    names = {re.split(r"[<>=!\[ ]", req, maxsplit=1)[0].lower() for req in extra}
    assert "jupyterlab" in names
    imported = set()
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                imported |= set(re.findall(r"^(?:from|import) (\w+)", cell.source, re.M))
    provided = {"matplotlib": "matplotlib", "IPython": "ipykernel"}  # module → the distribution that brings it
    for module, dist in provided.items():
        assert module not in imported or dist in names, f"the notebooks import {module}: add {dist} to the extra"
    assert imported - set(provided) <= {"os", "tempfile", "pathlib", "collections", "datetime", "tinhgon", "json",
                                        "re", "math", "itertools", "shutil"}, imported  # the standard library


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
    # The 2025 notebook builds the samples and the real development set itself (it reads
    # TINHGON_STORE_2025, never the samples-only TINHGON_STORE).
    monkeypatch.delenv("TINHGON_STORE_2025", raising=False)
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
