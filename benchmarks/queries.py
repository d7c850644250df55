"""Every canned query timed on a store that is already built, and (optionally) its answers
compared with another version of the library.

Why a tool of its own: bench.py rebuilds the store for every run (a cold build of 600 files
takes many minutes on this machine); rewriting a query needs its time and its answer on the
same store again and again. Each query runs in a child process with a deadline, so one that
never ends costs ``--timeout`` seconds, not the run. The parameters are bench.py's realistic
ones (read off the store where they name a node).

``--compare DIR`` runs the queries of DIR (e.g. ``git show main:queries`` written out) with
the same parameters and says for each query whether the answers are identical: the same rows
in the same order (``same``), the same rows in another order where the query's ORDER BY leaves
ties (``same rows``), a part of the old rows (``subset``: a documented limit, or a parameter the old
query did not have, such as a province; the old query is given only the parameters it knows), or
different (``DIFFERENT``, with the counts).

Each figure is wall time and the CPU time of the process that ran the query: on this shared machine
(load average often 10 on 2 cores, benchmarks under ``nice``) wall time is mostly waiting for a core,
and CPU time is what the query costs.

Prints figures; asserts nothing.

Usage: python benchmarks/queries.py STORE_DIR [--dir QUERIES] [--compare OLD_QUERIES]
       [--only NAME ...] [--param NAME=VALUE ...] [--repeat 9] [--timeout 60]

``--param`` sets a parameter of every query that has it, over bench.py's realistic one (e.g.
``--param limit=0`` to compare whole answers with an older library).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

_CHILD = """
import hashlib, json, sys, time
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    text, repeat = json.loads(line)
    times, cpus, rows = [], [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        res = store.query(text, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            rows = [str(bool(res))]
        elif isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows = ["\\t".join("" if s[n] is None else str(s[n]) for n in names) for s in res]
        else:
            rows = [f"{t.subject} {t.predicate} {t.object}" for t in res]
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    ordered = hashlib.sha256("\\n".join(rows).encode()).hexdigest()
    unordered = hashlib.sha256("\\n".join(sorted(rows)).encode()).hexdigest()
    each = sorted(hashlib.sha256(r.encode()).hexdigest()[:16] for r in rows)
    out = {"times": times, "cpus": cpus, "rows": len(rows), "ordered": ordered, "unordered": unordered, "each": each}
    print(json.dumps(out), flush=True)
"""


class Runner:
    """One child process holding the store open; restarted after a query overran its deadline."""

    def __init__(self, store_dir: Path) -> None:
        self.store_dir = store_dir
        self.proc: subprocess.Popen | None = None

    def _start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(self.store_dir)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def run(self, text: str, repeat: int, timeout: float) -> dict | None:
        """Times and answer digests, or None when the first run did not end within ``timeout``."""
        if self.proc is None:
            self._start()
        import selectors

        self.proc.stdin.write(json.dumps([text, repeat]) + "\n")
        self.proc.stdin.flush()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout * repeat):
            self.close()
            return None
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


class _Remembered:
    """The store's ``select`` answered once per text: bench.py's ``realistic`` asks the same two
    look-ups for every query, and one of them (the first change, sorted) costs 12 s CPU at 6,000 files."""

    def __init__(self, store) -> None:
        self.store, self.seen = store, {}

    def select(self, text: str):
        if text not in self.seen:
            self.seen[text] = self.store.select(text)
        return self.seen[text]


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--dir", type=Path, default=None, help="the queries to time (default: the library)")
    ap.add_argument("--compare", type=Path, default=None, help="another version of the library to compare answers")
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds one run of a query may take")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here too")
    ap.add_argument("--param", nargs="*", default=[], metavar="NAME=VALUE",
                    help="set this parameter of every query that has it (e.g. limit=0)")
    args = ap.parse_args(argv)

    from bench import realistic

    from tinhgon.graph.store import GraphStore, bind_values
    from tinhgon.queries import list_queries

    store = GraphStore(args.store, read_only=True)
    quads, graphs = len(store), len(store.named_graphs())
    looked_up = _Remembered(store)
    lib = [q for q in list_queries(args.dir) if not args.only or q.name in args.only]
    old = {q.name: q for q in list_queries(args.compare)} if args.compare else {}
    jobs = []
    for q in lib:
        params = realistic(looked_up, q)
        params.update({k: v for k, v in (a.split("=", 1) for a in args.param) if q.param(k)})
        jobs.append((q, params, bind_values(q.text, q.bindings(params))))
    del store, looked_up
    print(f"# {args.store}: {quads} quads in {graphs} graphs; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at start; {args.repeat} runs per query, deadline {args.timeout:.0f} s")
    runner = Runner(args.store)
    out: dict[str, dict] = {}
    try:
        for q, params, text in jobs:
            r = runner.run(text, args.repeat, args.timeout)
            row: dict = {"params": params}
            if r is None:
                row.update(p50=None, p95=None, rows=None)
            else:
                ts = sorted(r["times"])
                row.update(p50=statistics.median(ts), p95=ts[min(len(ts) - 1, int(0.95 * len(ts)))], rows=r["rows"],
                           cpu50=statistics.median(r["cpus"]),
                           ordered=r["ordered"], unordered=r["unordered"])
            if q.name in old and r is not None:
                known = {k: v for k, v in params.items() if old[q.name].param(k)}
                o = runner.run(bind_values(old[q.name].text, old[q.name].bindings(known)), 1, args.timeout)
                if o is None:
                    row["compare"] = "old query timed out"
                elif o["ordered"] == r["ordered"]:
                    row["compare"] = "same"
                elif o["unordered"] == r["unordered"]:
                    row["compare"] = "same rows"
                elif not Counter(r["each"]) - Counter(o["each"]):
                    # a documented limit, or a parameter the old query did not have (province)
                    row["compare"] = f"subset: {r['rows']} of the old {o['rows']} rows"
                else:
                    row["compare"] = f"DIFFERENT (old {o['rows']} rows)"
                row["old_s"] = o["times"][0] if o else None
                row["old_cpu"] = o["cpus"][0] if o else None
            row.pop("each", None)
            out[q.name] = row
            print(line(q.name, row), flush=True)
    finally:
        runner.close()
    print(f"# load average at end {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")


def line(name: str, r: dict) -> str:
    if r["p50"] is None:
        timing = f"{'> deadline':>12}"
    else:
        timing = (f"p50 {1000 * r['p50']:8.1f} ms  p95 {1000 * r['p95']:8.1f} ms  cpu {1000 * r['cpu50']:8.1f} ms"
                  f"  {r['rows']:6} rows")
    extra = f"  [{r['compare']}]" if "compare" in r else ""
    if r.get("old_s") is not None:
        extra += f" old {1000 * r['old_s']:.1f} ms (cpu {1000 * r['old_cpu']:.1f} ms)"
    return f"  {name:26} {timing}{extra}"


if __name__ == "__main__":
    main(sys.argv[1:])
