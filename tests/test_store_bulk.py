"""A first build's bulk load: one call of Oxigraph's loader reading the sources as a stream."""

from __future__ import annotations

import io
import time

import pytest

from tinhgon.graph.store import SPOOL_FILE, GraphStore, SourceData, _line_runs, _NQuadsStream
from tinhgon.pipeline import _run, prepare

SHARED = "https://w3id.org/tinhgon/graph/shared"


def source(n: int, facts: list[int]) -> SourceData:
    g = f"https://w3id.org/tinhgon/graph/source/s{n}"
    own = "".join(f"<https://x.org/task/{n}/{i}> <https://x.org/p> \"t{n}-{i}\" <{g}> .\n" for i in range(300))
    fact = "<https://x.org/agency/{0}> <https://x.org/label> \"a{0}\" <" + SHARED + "> .\n"
    return SourceData(g, own.encode(), [(f"https://x.org/fact/{f}", fact.format(f).encode()) for f in facts])


def test_the_stream_gives_at_most_what_the_loader_asks_and_each_fact_once():
    items = [source(1, [1, 2]), source(2, [2, 3])]
    known = {"https://x.org/fact/3"}
    stream = _NQuadsStream(iter(items), known)
    parts = []
    while chunk := stream.read(100):
        assert len(chunk) <= 100
        parts.append(chunk)
    data = b"".join(parts)
    assert data == items[0].own + items[0].facts[0][1] + items[0].facts[1][1] + items[1].own
    assert known == {f"https://x.org/fact/{f}" for f in (1, 2, 3)}


def test_a_streamed_bulk_load_gives_the_store_a_transaction_gives(tmp_path):
    items = [source(n, [n % 3, 7]) for n in range(20)]
    one, two = GraphStore(tmp_path / "one"), GraphStore(tmp_path / "two")
    one.commit_sources(items, set())
    two.bulk_add_sources((item for item in items), set())  # a generator: read once, as it goes
    assert one.canonical_nquads() == two.canonical_nquads()
    assert len(two) == 20 * 300 + 4
    # spooled, then loaded in calls of at most 700 quads (a call may end inside a source): the same
    three = GraphStore(tmp_path / "three")
    three.bulk_add_sources((item for item in items), set(), run_quads=700)
    assert three.canonical_nquads() == one.canonical_nquads()
    assert not (tmp_path / "three" / SPOOL_FILE).exists()  # the spool goes once loaded


def test_the_spool_is_the_stream_and_its_runs_cut_it_at_line_ends():
    items = [source(1, [1, 2]), source(2, [2, 3]), source(3, [])]
    out, known = io.BytesIO(), {"https://x.org/fact/3"}
    stream = _NQuadsStream(iter(items), known)
    head = stream.read(50)  # a part already read is not written again
    size = stream.write_to(out)
    (a, (_, f1), (_, f2)), b, c = (items[0].own, *items[0].facts), items[1].own, items[2].own
    assert head + out.getvalue() == a + f1 + f2 + b + c and size == len(out.getvalue())
    out.seek(0)
    runs = []
    for run in _line_runs(out, 250):
        parts = []
        while chunk := run.read(1000):  # chunks longer than a line: a run ends inside one
            parts.append(chunk)
        runs.append(b"".join(parts))
    assert b"".join(runs) == out.getvalue() and [r.count(b"\n") for r in runs] == [250, 250, 250, 152]
    assert all(r.endswith(b"\n") for r in runs)


def test_a_stream_that_fails_midway_leaves_no_spool_and_loads_nothing(tmp_path):
    def failing():
        yield source(1, [1])
        raise RuntimeError("a worker died")

    store = GraphStore(tmp_path / "s")
    with pytest.raises(RuntimeError, match="a worker died"):
        store.bulk_add_sources(failing(), set(), run_quads=1000)
    assert not (tmp_path / "s" / SPOOL_FILE).exists() and len(store) == 0


def test_a_build_abandoned_midway_stops_its_workers(tmp_path, corpus_files):
    """The consumer (the store) stops after one file: the pool ends at once, nothing waits for room."""
    jobs = [(str(f), f"k{i}", "off") for i in range(6) for f in corpus_files]
    t = time.monotonic()
    results = _run(jobs, 2)
    first = next(results)
    results.close()
    assert first.data is not None and first.result.stem == "k0"
    assert time.monotonic() - t < 300  # not a speed figure: a feeder waiting for room would hang here
    here = prepare(corpus_files[0], "k0", check="off").data
    assert sorted(here.own.splitlines()) == sorted(first.data.own.splitlines())


def test_compacting_a_store_keeps_every_quad(tmp_path):
    store = GraphStore(tmp_path / "s")
    for n in range(3):  # three bulk calls, as a first build in several runs makes
        store.bulk_add_sources([source(n, [n, n + 1])], set())
    before = store.canonical_nquads()
    store.compact()
    assert store.canonical_nquads() == before and len(store) == 3 * 300 + 4
