"""Shared fixtures: the sample corpus built once per test session into a temporary store."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "gold"


def cp1258_bytes(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters with circumflex/breve/horn, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def stop(proc: subprocess.Popen) -> None:
    """End a server a test started: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory, corpus_files) -> Path:
    """A store directory holding the whole sample corpus (read-only for tests: copy to modify)."""
    from tinhgon.graph.store import GraphStore
    from tinhgon.pipeline import build

    path = tmp_path_factory.mktemp("store") / "corpus"
    store = GraphStore(path)
    report = build(corpus_files, store)
    assert report.ok, report.failed
    del store  # release the RocksDB lock so other processes (servers, CLI) can open it
    return path


@pytest.fixture(scope="session")
def built_store(built_store_dir):
    from tinhgon.graph.store import GraphStore

    return GraphStore(built_store_dir, read_only=True)
