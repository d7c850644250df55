"""The yardstick: extraction records read back from the graph, scored against the gold records.

These are the done-criteria of the foundation, tasks and structural-change issues, measured
with the project's copy of the shared scorer on the bundled sample corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tinhgon.cli import main

from .conftest import CORPUS, DATA, GOLD


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("records")
    store = tmp_path_factory.mktemp("store")
    result = CliRunner().invoke(main, ["extract", str(CORPUS), "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    proc = subprocess.run(
        [sys.executable, str(DATA / "eval" / "score.py"), str(GOLD), str(out), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout[: proc.stdout.rindex("}") + 1])


def test_records_have_the_schema_shape(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(CORPUS), "--out", str(out), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    for f in sorted(CORPUS.glob("*.txt")):
        rec = json.loads((out / f"{f.stem}.json").read_text(encoding="utf-8"))
        assert rec["source"] == f.name
        assert set(rec) == {"source", "documents", "tasks", "org_changes"}
        for d in rec["documents"]:
            assert {"key", "type", "number", "date", "year", "issuer", "province", "signer",
                    "implements", "cites"} <= set(d)


def test_document_fields_and_references(scores):
    assert scores["document_fields"]["acc"] >= 0.95
    assert scores["implements"]["f1"] >= 0.95
    assert scores["cites"]["f1"] >= 0.95
