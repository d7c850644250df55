"""Benchmark: build time per file, store size, and the time of every canned query.

Prints figures; asserts nothing (speed goals are read, not enforced by tests).
Usage: python benchmarks/bench.py [PATH …]   (default: the bundled corpus, built 3 times)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from tinhgon.graph.store import GraphStore
from tinhgon.pipeline import build, extract, iter_inputs
from tinhgon.queries import QueryParamError, list_queries


def main(argv: list[str]) -> None:
    paths = argv or [str(Path(__file__).resolve().parent.parent / "corpus")]
    files = list(iter_inputs(paths))
    print(f"{len(files)} files, {sum(f.stat().st_size for f in files)} bytes")
    for f in files:
        t = time.perf_counter()
        ex, _ = extract(f)
        print(f"  extract {f.name}: {1000 * (time.perf_counter() - t):.0f} ms "
              f"({len(ex.tasks)} tasks, {len(ex.changes)} changes, {len(ex.references)} references)")
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(3):
            store = GraphStore(Path(tmp) / f"s{run}")
            t = time.perf_counter()
            build(files, store)
            print(f"build run {run + 1}: {time.perf_counter() - t:.2f} s, {len(store)} quads")
        for q in list_queries():
            try:
                bindings = q.bindings({})
            except QueryParamError as exc:
                print(f"  query {q.name}: skipped ({exc})")
                continue
            t = time.perf_counter()
            rows = list(store.query(q.text, bindings))
            print(f"  query {q.name}: {1000 * (time.perf_counter() - t):.1f} ms, {len(rows)} rows")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
