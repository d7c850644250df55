"""Oxigraph against rdflib's in-memory Dataset on the same store: the same bound query text on both.

The issue asks the transitive ``plans-spawned`` of 18-NQ/TW to be at least 20× faster on our store
than on rdflib's in-memory Dataset over the same data, at a size where rdflib still fits in memory
(600 synthetic files: ~4.6 GB). Prints CPU per query (Oxigraph: p50 of --repeat runs; rdflib: one
run), the rows of each, and the ratio; rows must agree. Asserts nothing.

Usage: python benchmarks/rdflib_ratio.py STORE [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

CASES = [
    ("plans-spawned", {"directive": "tgid:doc/18-nq-tw", "province": "An Giang"}),
    ("plans-spawned", {"directive": "tgid:doc/18-nq-tw"}),
    ("document", {"doc": "https://w3id.org/tinhgon/id/doc/an-giang/119-ctr-tu"}),
    ("lineage", {"plan": "https://w3id.org/tinhgon/id/doc/an-giang/119-ctr-tu"}),
]


def main() -> None:
    from rdflib import Dataset

    from tinhgon.graph.store import GraphStore, bind_values
    from tinhgon.queries import load

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    store = GraphStore(args.store, read_only=True)
    texts = [(name, params, bind_values(load(name).text, load(name).bindings(params))) for name, params in CASES]
    oxigraph = []
    for _name, _params, text in texts:
        cpus, rows = [], 0
        for _ in range(args.repeat):
            c = time.process_time()
            rows = len(list(store.oxigraph.query(text, use_default_graph_as_union=True)))
            cpus.append(time.process_time() - c)
        oxigraph.append((statistics.median(cpus), rows))
    t, c = time.perf_counter(), time.process_time()
    ds = Dataset(default_union=True)
    ds.parse(data=store.dump("nq").decode(), format="nquads")
    print(f"rdflib load: {len(ds)} quads, {time.perf_counter() - t:.0f} s wall, {time.process_time() - c:.0f} s CPU",
          flush=True)
    for (name, params, text), (ox_cpu, ox_rows) in zip(texts, oxigraph, strict=True):
        c = time.process_time()
        rows = len(list(ds.query(text)))
        rd_cpu = time.process_time() - c
        print(f"{name:16} {json.dumps(params, ensure_ascii=False):62} oxigraph {ox_cpu * 1000:8.1f} ms {ox_rows:5} rows"
              f" | rdflib {rd_cpu * 1000:9.1f} ms {rows:5} rows | {rd_cpu / max(ox_cpu, 1e-9):5.0f}x", flush=True)


if __name__ == "__main__":
    main()
