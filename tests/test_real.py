"""Real documents of 2025: the builders stay above a floor on the two real sets the project keeps.

``tests/data/realdev`` is the development set (15 documents with the project's given gold);
``tests/data/real`` holds the documents the project annotated blind (14, with NOTES), scored once
before any rule was changed for them. Both are built through the command line and scored by
the project's copy of the yardstick (tests/data/eval/score.py). The floors sit a little below
what the builders reach today: a regression guard, not a target — raise them as the builders
improve (the README's quality table gives the figures).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tinhgon.cli import main

from .conftest import DATA

# set → {measure: (key in score.py's JSON, floor)}
FLOORS = {
    # reached 2026-12-01 (session 3): 1.00, 1.00, 0.92, 0.97, 0.82, 0.94, 0.94, 0.99
    "realdev": {
        "document_fields": ("acc", 0.97), "implements": ("f1", 0.95), "cites": ("f1", 0.88),
        "tasks": ("f1", 0.94), "task_roles": ("f1", 0.79), "task_due": ("acc", 0.90),
        "changes": ("f1", 0.90), "change_status": ("acc", 0.95),
    },
    # reached 2026-12-01 (session 3, 14 documents): 1.00, 1.00, 1.00, 0.90, 0.66, 0.93, 0.51, 1.00
    "real": {
        "document_fields": ("acc", 0.95), "implements": ("f1", 0.95), "cites": ("f1", 0.95),
        "tasks": ("f1", 0.86), "task_roles": ("f1", 0.62), "task_due": ("acc", 0.89),
        "changes": ("f1", 0.45), "change_status": ("acc", 0.90),
    },
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request, tmp_path_factory) -> tuple[str, dict]:
    name = request.param
    root = DATA / name
    out = tmp_path_factory.mktemp(f"{name}-records")
    store = tmp_path_factory.mktemp(f"{name}-store")
    docs = sorted(str(p) for p in (root / "docs").glob("*.md"))
    result = CliRunner().invoke(main, ["extract", *docs, "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    proc = subprocess.run([sys.executable, str(DATA / "eval" / "score.py"), str(root / "gold"), str(out), "--json"],
                          capture_output=True, text=True, check=True)
    return name, json.loads(proc.stdout[: proc.stdout.rindex("}") + 1])


def test_every_real_document_has_its_gold_and_notes():
    for name in FLOORS:
        root = DATA / name
        docs = {p.stem for p in (root / "docs").glob("*.md")}
        gold = {p.stem for p in (root / "gold").glob("*.json")}
        notes = {p.stem.removeprefix("NOTES-") for p in (root / "gold").glob("NOTES-*.md")}
        assert docs and docs == gold == notes, name


def test_real_scores_stay_above_their_floors(scored):
    name, scores = scored
    low = {m: (scores[m][k], floor) for m, (k, floor) in FLOORS[name].items()
           if scores[m][k] is None or scores[m][k] < floor}
    assert not low, f"{name}: below the floor: {low}"
