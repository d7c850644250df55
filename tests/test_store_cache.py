"""The build cache: a file whose bytes and builders are those its graph was built from is not read again.

Each test builds a copy of the sample corpus into a fresh store, so nothing here touches the
session's shared store; "rebuilt" is read off the build report and checked against the store
itself (the graph of a file left alone is byte for byte the graph it had).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tinhgon.graph import iris
from tinhgon.graph.store import STAMPS_FILE, GraphStore
from tinhgon.pipeline import build, builder_files_key, builder_key, package_roots

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path, corpus_files) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for f in corpus_files[:3]:
        shutil.copy(f, d / f.name)
    return d


def graphs(store: GraphStore) -> dict[str, bytes]:
    return {g: store.dump("nq", g) for g in store.named_graphs() if "/source/" in g}


def test_an_unchanged_corpus_is_not_read_again(tmp_path, corpus):
    store = GraphStore(tmp_path / "store")
    first = build([corpus], store)
    assert first.ok and len(first.built) == 3 and not first.unchanged
    before = store.canonical_nquads()
    again = build([corpus], store)
    assert again.ok and again.built == []
    assert sorted(Path(fr.path).name for fr in again.unchanged) == sorted(f.name for f in corpus.iterdir())
    assert store.canonical_nquads() == before


def test_one_changed_file_is_the_only_one_rebuilt(tmp_path, corpus):
    store = GraphStore(tmp_path / "store")
    assert build([corpus], store).ok
    before = graphs(store)
    changed = sorted(corpus.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNơi nhận: Lưu VT.\n", encoding="utf-8")
    report = build([corpus], store)
    assert [Path(fr.path).name for fr in report.built] == [changed.name]
    assert len(report.unchanged) == 2
    after = graphs(store)
    g = str(iris.source_graph(iris.source_key(changed, corpus)))
    assert after[g] != before[g]
    assert {k: v for k, v in after.items() if k != g} == {k: v for k, v in before.items() if k != g}
    # and the store is the one a fresh build of the changed corpus gives
    fresh = GraphStore(tmp_path / "fresh")
    assert build([corpus], fresh).ok
    assert store.canonical_nquads() == fresh.canonical_nquads()


def test_force_rebuilds_everything(tmp_path, corpus):
    store = GraphStore(tmp_path / "store")
    assert build([corpus], store).ok
    report = build([corpus], store, force=True)
    assert len(report.built) == 3 and not report.unchanged


def test_other_builders_rebuild_every_file(tmp_path, corpus):
    """A store whose graphs were built by other builders (their key differs) is rebuilt whole."""
    store = GraphStore(tmp_path / "store")
    assert build([corpus], store).ok
    stamps = store.build_stamps()
    assert len(stamps) == 3 and all(v.endswith(builder_key("refuse")) for v in stamps.values())
    store.save_build_stamps({g: v.replace(builder_key("refuse"), "0123456789abcdef-refuse")
                             for g, v in stamps.items()})
    report = build([corpus], store)
    assert len(report.built) == 3 and not report.unchanged
    assert store.build_stamps() == stamps


def test_another_check_mode_rebuilds(tmp_path, corpus):
    # a graph stored with "warn" may not conform: a build that refuses such graphs checks it again
    store = GraphStore(tmp_path / "store")
    assert build([corpus], store, check="warn").ok
    assert len(build([corpus], store, check="refuse").built) == 3
    assert len(build([corpus], store, check="refuse").unchanged) == 3


def test_a_changed_lexicon_row_changes_the_builder_key(tmp_path):
    """The key is a hash of the builders' files: the same files give the same key, one changed
    lexicon row (or any builder file) another; documentation does not count."""
    roots = {}
    for name, src in package_roots().items():
        roots[name] = tmp_path / name
        shutil.copytree(src, roots[name], ignore=shutil.ignore_patterns("__pycache__"))
    assert builder_files_key(roots) == builder_files_key()
    (roots["ontology"] / "MODEL.md").write_text("rewritten\n", encoding="utf-8")
    assert builder_files_key(roots) == builder_files_key()
    tsv = roots["builders"] / "data" / "lexicon" / "abbreviations.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    lines[row] = lines[row] + " "
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert builder_files_key(roots) != builder_files_key()


def test_a_graph_changed_behind_the_cache_is_rebuilt(tmp_path, corpus):
    """The stamps are trusted only with the graph's own hash: a graph dropped or replaced by other
    means (here: dropped) is rebuilt, and a lost stamps file only costs a full rebuild."""
    store = GraphStore(tmp_path / "store")
    assert build([corpus], store).ok
    victim = sorted(corpus.iterdir())[0]
    store.drop_source(str(iris.source_graph(iris.source_key(victim, corpus))))
    report = build([corpus], store)
    assert [Path(fr.path).name for fr in report.built] == [victim.name]
    (tmp_path / "store" / STAMPS_FILE).unlink()
    assert len(build([corpus], store).built) == 3


def test_extract_writes_records_for_unchanged_files(tmp_path, corpus):
    from click.testing import CliRunner

    from tinhgon.cli import main

    args = ["extract", str(corpus), "--store", str(tmp_path / "store")]
    first = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    assert "unchanged: 3 files" in second.output
    for f in (tmp_path / "a").iterdir():
        assert (tmp_path / "b" / f.name).read_bytes() == f.read_bytes()
