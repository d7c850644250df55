"""Benchmark at national scale: build, store, every canned query, viz and lineage; rdflib as a yardstick.

For each size (documents of the synthetic national corpus, benchmarks/national.py) it builds a
fresh store with `tinhgon build --jobs J` in a child process (a cold build: no cache exists),
then prints build wall and CPU time (every worker process included), documents per second per
core, peak memory (the build process and its workers at once: their RSS and PSS read from /proc
every 0.5 s and summed), CPU seconds per build step, store size,
p50/p95 of every canned query with realistic parameters, and the wall time of `tinhgon viz` and
`tinhgon lineage 18-NQ/TW --format svg`. At the size given by --rdflib-at the same query texts
run on rdflib's in-memory Dataset loaded with the same quads, as a ratio.

Prints figures; asserts nothing (speed goals are read, not enforced by tests).

With --build-only it stops after the build figures (what `benchmarks/RESULTS.md`, "Build", quotes).

With --rdflib-store STORE it only times the canned queries on that store (opened read-only, no
build) and then on rdflib's Dataset holding the same quads, loaded once: load time apart, one run
per query in a forked copy with a deadline, an error or overrun printed for the query it hit.

Usage: python benchmarks/bench.py [--sizes 60 600 6000] [--jobs 2] [--work DIR] [--rdflib-at 600] [--build-only]
       python benchmarks/bench.py --rdflib-store STORE [--only NAME ...] [--rdflib-timeout 600]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ID = "https://w3id.org/tinhgon/id/"

_BUILD = """
import json, resource, sys, time
from tinhgon.graph.store import GraphStore
from tinhgon.pipeline import build
t0, c0 = time.perf_counter(), time.process_time()
store = GraphStore(sys.argv[1])
report = build([sys.argv[2]], store, jobs=int(sys.argv[3]))
wall, main_cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"wall": wall, "main_cpu": main_cpu, "built": len(report.built), "failed": len(report.failed),
                  "cpu": dict(report.cpu), "quads": len(store), "graphs": len(store.named_graphs()),
                  "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": report.worker_rss_mb, "errors": report.failed[:3]}))
"""

_RDFLIB = r"""
import json, os, resource, select, signal, sys, time, traceback
import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def term(t, cache):
    # pyoxigraph term -> the rdflib term its N-Quads line parses to (terms repeat: cached)
    key = (type(t), str(t))
    hit = cache.get(key)
    if hit is not None:
        return hit
    if isinstance(t, ox.NamedNode):
        out = URIRef(t.value)
    elif isinstance(t, ox.BlankNode):
        out = BNode(t.value)
    elif t.language:
        out = Literal(t.value, lang=t.language)
    else:
        dt = t.datatype.value
        out = Literal(t.value, datatype=None if dt in (XSD_STRING, LANG_STRING) else URIRef(dt))
    cache[key] = out
    return out


# Load once: every quad of the Oxigraph store copied into rdflib's in-memory store (the same
# quads its N-Quads dump holds; rdflib's N-Quads parser takes ~20x longer on this machine).
t, c = time.perf_counter(), time.process_time()
ds = Dataset(default_union=True)
src = ox.Store.read_only(sys.argv[1])
cache, graphs = {}, {}
batch = []
for q in src.quads_for_pattern(None, None, None, None):
    g = q.graph_name
    key = str(g)
    ctx = graphs.get(key)
    if ctx is None:
        ctx = graphs[key] = ds.graph(URIRef(g.value)) if isinstance(g, ox.NamedNode) else ds.default_context
    batch.append((term(q.subject, cache), term(q.predicate, cache), term(q.object, cache), ctx))
    if len(batch) >= 100000:
        ds.addN(batch)
        batch = []
ds.addN(batch)
del src, cache
print(json.dumps({"load": time.perf_counter() - t, "load_cpu": time.process_time() - c, "quads": len(ds),
                  "graphs": len(graphs), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
      flush=True)
# Each query runs in a forked copy of the loaded process (copy-on-write, nothing reloaded), so a
# query that errs or overruns its deadline costs only itself.
for line in sys.stdin:
    name, text, timeout = json.loads(line)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            c0, t0 = time.process_time(), time.perf_counter()
            res = ds.query(text)
            rows = 1 if res.type == "ASK" else len(list(res))
            out = {"s": time.perf_counter() - t0, "cpu": time.process_time() - c0, "rows": rows}
        except Exception as e:  # noqa: BLE001 - the error is the figure
            out = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"}
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    ready, _, _ = select.select([r], [], [], timeout)
    if ready:
        data = b""
        while chunk := os.read(r, 65536):
            data += chunk
        out = json.loads(data or b'{"error": "child died"}')
    else:
        os.kill(pid, signal.SIGKILL)
        out = {"error": f"timeout after {timeout:.0f} s"}
    os.close(r)
    os.waitpid(pid, 0)
    out["name"] = name
    print(json.dumps(out), flush=True)
"""


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def realistic(store, q) -> dict[str, str]:
    """Parameter values an analyst would type, read off the store where they name a node."""
    doc = store.select("""PREFIX tg: <https://w3id.org/tinhgon/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?d WHERE { ?d tg:province/skos:prefLabel "An Giang"@vi ; tg:implements ?x ; tg:number ?n }
        ORDER BY ?n LIMIT 1""")
    change = store.select("PREFIX tg: <https://w3id.org/tinhgon/ontology#> "
                          "SELECT ?c WHERE { ?c a tg:StructuralChange } ORDER BY ?c LIMIT 1")
    values = {
        "agency": "Sở Nội vụ", "province": "An Giang", "name": "Nội vụ", "input": "Văn phòng Hội đồng nhân dân",
        "from": "2018-01-01", "to": "2018-12-31", "asof": "2019-01-01", "directive": "tgid:doc/18-nq-tw",
        "doc": doc[0]["d"] if doc else "tgid:doc/18-nq-tw", "plan": doc[0]["d"] if doc else "tgid:doc/18-nq-tw",
        "node": change[0]["c"] if change else "tgid:doc/18-nq-tw", "since": "2018-01-01",
    }
    if q.name in ("citing-documents", "describe-node"):
        values["doc"] = values["node"] = "tgid:doc/18-nq-tw"
    if q.name.startswith("arrangement-"):
        values["name"] = "phường Tuy Hòa"
    out = {}
    for p in q.params:
        if p.name in values and (not p.optional or p.name == "province"):
            out[p.name] = values[p.name]
    return out


def time_queries(store, repeat: int, only: list[str] | None = None) -> dict[str, dict]:
    from tinhgon.graph.store import bind_values
    from tinhgon.queries import list_queries

    out = {}
    for q in list_queries():
        if only and q.name not in only:
            continue
        params = realistic(store, q)
        text = bind_values(q.text, q.bindings(params))
        times, cpus, rows = [], [], 0
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            res = store.oxigraph.query(text, use_default_graph_as_union=True)
            rows = len(list(res)) if not isinstance(res, bool) and hasattr(res, "__iter__") else 1
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        times.sort()
        out[q.name] = {"p50": statistics.median(times), "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
                       "cpu50": statistics.median(cpus), "rows": rows, "text": text, "params": params}
    return out


def run_cli(args: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run([str(Path(sys.executable).with_name("tinhgon")), *args], capture_output=True, text=True,
                          check=False, timeout=1800)
    return time.perf_counter() - t, (proc.stdout + proc.stderr).strip().splitlines()[-1:][0] if (
        proc.stdout or proc.stderr) else ""


def rdflib_ratio(store_dir: Path, queries: dict[str, dict], budget: float, first: list[str],
                 timeout: float = 600.0) -> dict[str, dict]:
    """Each query once on rdflib's in-memory Dataset holding the store's quads.

    The Dataset is loaded once (its load time is reported on its own, under "(load)") and every
    query runs in a forked copy of it with ``timeout`` seconds; a query rdflib cannot run (an
    error, a timeout) is reported with its message instead of a time. Stops starting queries after
    ``budget`` seconds of querying."""
    proc = subprocess.Popen([sys.executable, "-c", _RDFLIB, str(store_dir)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    out: dict[str, dict] = {}
    order = first + [n for n in queries if n not in first]
    try:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("rdflib: the load failed (see the error above)")
        out["(load)"] = json.loads(line)
        print(f"rdflib Dataset: {out['(load)']['quads']} quads loaded in {out['(load)']['load']:.0f} s wall, "
              f"{out['(load)']['load_cpu']:.0f} s CPU, {out['(load)']['rss_mb']:.0f} MiB", flush=True)
        deadline = time.monotonic() + budget
        for name in order:
            if time.monotonic() > deadline:
                break
            proc.stdin.write(json.dumps([name, queries[name]["text"], timeout]) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            if not line:
                break
            r = out[name] = json.loads(line)
            print("  " + ratio_line(name, r, queries[name]), flush=True)
    finally:
        proc.kill()
        proc.wait()
    return out


def ratio_line(name: str, r: dict, ox_q: dict) -> str:
    """One query's rdflib time against Oxigraph's (CPU and wall), or why rdflib gave no time."""
    ox_s = f"Oxigraph p50 {1000 * ox_q['p50']:.1f} ms wall, {1000 * ox_q['cpu50']:.1f} ms CPU, {ox_q['rows']} rows"
    if "error" in r:
        return f"{name:26} rdflib FAILED: {r['error']}  ({ox_s})"
    same = "" if r["rows"] == ox_q["rows"] else f"  [rows differ: rdflib {r['rows']}]"
    return (f"{name:26} rdflib {r['s']:9.2f} s wall {r['cpu']:9.2f} s CPU  = {r['s'] / ox_q['p50']:7.0f}x wall, "
            f"{r['cpu'] / max(ox_q['cpu50'], 1e-6):7.0f}x CPU  ({ox_s}){same}")


def rdflib_only(store_dir: Path, repeat: int, budget: float, timeout: float, only: list[str] | None) -> None:
    """The rdflib ratio on a store that is already built: no rebuild."""
    from tinhgon.graph.store import GraphStore

    store = GraphStore(store_dir, read_only=True)
    print(f"# rdflib ratio on {store_dir}: {len(store)} quads in {len(store.named_graphs())} graphs; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; Oxigraph p50 of {repeat} runs, "
          f"rdflib one run per query (deadline {timeout:.0f} s)", flush=True)
    from tinhgon.queries import list_queries

    qs: dict[str, dict] = {}
    for q in list_queries():  # one at a time, each printed as it is timed
        if only and q.name not in only:
            continue
        r = qs[q.name] = time_queries(store, repeat, [q.name])[q.name]
        print(f"  {q.name:26} Oxigraph p50 {1000 * r['p50']:8.1f} ms wall, {1000 * r['cpu50']:8.1f} ms CPU, "
              f"{r['rows']} rows  {r['params']}", flush=True)
    del store
    rd = rdflib_ratio(store_dir, qs, budget, ["plans-spawned"], timeout)
    print("\n| query | rows | Oxigraph p50 (CPU) | rdflib (CPU) | ratio (CPU) |\n|---|---|---|---|---|")
    for name, r in rd.items():
        if name == "(load)":
            continue
        q = qs[name]
        if "error" in r:
            print(f"| `{name}` | {q['rows']} | {1000 * q['cpu50']:.1f} ms | {r['error'][:60]} | – |")
        else:
            rows = str(q["rows"]) if r["rows"] == q["rows"] else f"{q['rows']} (rdflib {r['rows']})"
            print(f"| `{name}` | {rows} | {1000 * q['cpu50']:.1f} ms | {r['cpu']:.2f} s "
                  f"| {r['cpu'] / max(q['cpu50'], 1e-6):.0f}x |")
    missing = [q for q in qs if q not in rd]
    if missing:
        print(f"not reached within {budget:.0f} s: {', '.join(missing)}")


def open_page(page: Path, timeout: float = 120.0) -> dict:
    """How long headless Chromium takes to open a `tinhgon viz` page, in real (not virtual) time.

    The flags are tests/test_viz.py's (offline: every lookup fails); Chromium is driven over its
    DevTools pipe (--remote-debugging-pipe: JSON messages on fds 3 and 4, no extra package), and
    the page's own marks are read back: ``drawn_ms`` (first frame drawn) and ``stable_ms`` (layout
    settled), in ms since navigation, ``visible`` (nodes on the canvas; a closed province cluster is
    one), ``nodes`` (nodes in the page) and ``phases`` (when each step of the page's script ended:
    script started, network made, clusters closed, filters, text). Also ``wall``: seconds from launch
    until stable, and ``browser_cpu``: the CPU seconds of Chromium's processes until then (Chromium's
    own start, about 0.9 s on this machine, included) — the figure to read on a loaded machine."""
    import tempfile

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"error": "Chromium is not installed"}
    with tempfile.TemporaryDirectory() as profile:
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        def fds() -> None:  # the child's fd 3 reads our commands, fd 4 writes its answers
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)  # above 4, so neither dup2 overwrites the other
            os.dup2(r, 3)
            os.dup2(w, 4)

        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"], preexec_fn=fds, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        buf = b""
        ids = iter(range(1, 1_000_000))

        def call(method: str, params: dict | None = None, session: str | None = None) -> dict:
            nonlocal buf
            i = next(ids)
            msg = {"id": i, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            os.write(to_chrome_w, json.dumps(msg).encode() + b"\0")
            while True:
                while b"\0" not in buf:
                    chunk = os.read(from_chrome_r, 1 << 16)
                    if not chunk:
                        raise RuntimeError("Chromium closed its DevTools pipe")
                    buf += chunk
                line, buf = buf.split(b"\0", 1)
                reply = json.loads(line)
                if reply.get("id") == i:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})

        try:
            target = call("Target.createTarget", {"url": page.resolve().as_uri()})["targetId"]
            session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            marks: dict = {}
            while time.perf_counter() - t0 < timeout:
                expr = "JSON.stringify(document.body ? document.body.dataset : {})"
                res = call("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session)
                marks = json.loads(res.get("result", {}).get("value") or "{}")
                if (marks.get("stableMs") and marks.get("drawnMs")) or marks.get("errors"):
                    break
                time.sleep(0.1)
            wall = time.perf_counter() - t0
            cpu = tree_cpu(proc.pid)
        finally:
            proc.kill()
            proc.wait()
            os.close(to_chrome_w)
            os.close(from_chrome_r)
    return {"drawn_ms": int(marks.get("drawnMs") or 0) or None, "stable_ms": int(marks.get("stableMs") or 0) or None,
            "visible": marks.get("visible"), "nodes": marks.get("drawn"), "errors": marks.get("errors"),
            "state": marks.get("state"), "phases": json.loads(marks.get("phases") or "{}"), "wall": wall,
            "browser_cpu": cpu}


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and every process under it (Linux /proc):
    on a shared machine the browser's CPU time says what opening the page costs, its wall time mostly
    how long it waited for a core."""
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(d.name)] = int(fields[1])
        ticks[int(d.name)] = int(fields[11]) + int(fields[12])
    tree, grew = {pid}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(ticks.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> set[int]:
    """``pid`` and every process under it (Linux /proc): the build, its forkserver and workers."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, grew = {pid}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares the pages several processes map (the forkserver's
    preloaded modules, copied into every worker) among them, so a sum of PSS counts each page once."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeMemory:
    """The true simultaneous peak memory of a process tree: every ``interval`` seconds the RSS and
    PSS of the process and all its descendants are read from /proc and summed, and the largest sums
    kept (with the main process's share at that moment), not a sum of each process's own peak."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        import threading

        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.main_at_peak = self.main_peak = 0
        self.samples = 0
        self.curve: list[tuple[float, int]] = []  # (seconds since start, tree RSS MiB) every ~5 s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._t0 = time.perf_counter()
        self._thread.start()

    def _run(self) -> None:
        last = -1e9
        while not self._stop.is_set():
            per = {p: _memory_kb(p) for p in _tree(self.pid)}
            rss, pss = sum(r for r, _ in per.values()), sum(q for _, q in per.values())
            main = per.get(self.pid, (0, 0))[0]
            self.samples += 1
            if rss > self.peak_rss:
                self.peak_rss, self.main_at_peak = rss, main
            self.peak_pss = max(self.peak_pss, pss)
            self.main_peak = max(self.main_peak, main)
            now = time.perf_counter() - self._t0
            if now - last >= 5:
                self.curve.append((round(now), rss // 1024))
                last = now
            self._stop.wait(self.interval)

    def stop(self) -> dict:
        """The figures in MiB: peak tree RSS (and the main process's RSS then), peak tree PSS, peak
        main-process RSS alone, the number of samples."""
        self._stop.set()
        self._thread.join()
        return {"tree_rss_mb": self.peak_rss / 1024, "main_at_peak_mb": self.main_at_peak / 1024,
                "tree_pss_mb": self.peak_pss / 1024, "main_peak_mb": self.main_peak / 1024,
                "samples": self.samples, "curve": self.curve}


def build_child(store_dir: Path, corpus: Path, jobs: int) -> dict:
    """A cold build in a child process, its figures (JSON) with the simultaneous peak memory of its
    process tree sampled meanwhile (``memory``)."""
    proc = subprocess.Popen([sys.executable, "-c", _BUILD, str(store_dir), str(corpus), str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mem = TreeMemory(proc.pid)
    out, err = proc.communicate()
    memory = mem.stop()
    if proc.returncode != 0:
        print(err[-2000:])
        raise SystemExit(f"build of {corpus} failed")
    b = json.loads(out.strip().splitlines()[-1])
    b["memory"] = memory
    return b


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[60, 600, 6000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/tinhgon-bench"))
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--rdflib-at", type=int, default=600)
    ap.add_argument("--rdflib-budget", type=float, default=900.0, help="seconds for all rdflib queries")
    ap.add_argument("--rdflib-timeout", type=float, default=600.0, help="seconds one rdflib query may take")
    ap.add_argument("--rdflib-store", type=Path, default=None,
                    help="only the rdflib ratio, on this store already built (opened read-only; no build)")
    ap.add_argument("--only", nargs="*", default=None, help="with --rdflib-store: only these queries")
    ap.add_argument("--build-only", action="store_true", help="build figures only: no queries, viz or lineage")
    ap.add_argument("--open-page", type=Path, nargs="+", default=None,
                    help="only time how long headless Chromium takes to open these `tinhgon viz` pages")
    args = ap.parse_args(argv)
    if args.open_page:
        for page in args.open_page:
            r = open_page(page)
            print(f"{page}: {r}", flush=True)
        return
    if args.rdflib_store:
        rdflib_only(args.rdflib_store, args.repeat, args.rdflib_budget, args.rdflib_timeout, args.only)
        return

    from national import generate

    from tinhgon.graph.store import GraphStore

    args.work.mkdir(parents=True, exist_ok=True)
    print(f"# tinhgon benchmark — {os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f}, "
          f"--jobs {args.jobs}; cold builds (fresh store, nothing cached)\n")
    results = {}
    for n in args.sizes:
        corpus = args.work / f"corpus-{n}"
        if not corpus.exists():
            generate(corpus, n)
        store_dir = args.work / f"store-{n}"
        shutil.rmtree(store_dir, ignore_errors=True)
        b = build_child(store_dir, corpus, args.jobs)
        cpu = b["main_cpu"] + sum(v for k, v in b["cpu"].items() if k != "store")
        if args.build_only:
            print_build(n, b, cpu, du(store_dir))
            continue
        store = GraphStore(store_dir, read_only=True)
        qs = time_queries(store, args.repeat)
        del store
        viz_s, viz_out = run_cli(["viz", "--store", str(store_dir), "--out", str(args.work / f"viz-{n}.html")])
        lin_s, lin_out = run_cli(["lineage", "18-NQ/TW", "--store", str(store_dir), "--format", "svg",
                                  "--out", str(args.work / f"lineage-{n}.svg")])
        full_s, full_out = run_cli(["lineage", "18-NQ/TW", "--tasks", "--changes", "--store", str(store_dir),
                                    "--format", "svg", "--out", str(args.work / f"lineage-full-{n}.svg")])
        results[n] = {"build": b, "cpu": cpu, "size": du(store_dir), "queries": qs, "viz": (viz_s, viz_out),
                      "lineage": (lin_s, lin_out), "lineage_full": (full_s, full_out)}
        print_build(n, b, cpu, results[n]["size"])
        print(f"viz {viz_s:.1f} s ({viz_out}); lineage svg {lin_s:.1f} s ({lin_out}); "
              f"with --tasks --changes {full_s:.1f} s ({full_out})")
        for name, r in qs.items():
            print(f"  {name:26} p50 {1000 * r['p50']:8.1f} ms  p95 {1000 * r['p95']:8.1f} ms  {r['rows']} rows  "
                  f"{r['params']}")
        print(flush=True)
        if n == args.rdflib_at:
            rd = rdflib_ratio(store_dir, qs, args.rdflib_budget, ["plans-spawned"], args.rdflib_timeout)
            results[n]["rdflib"] = rd
            missing = [q for q in qs if q not in rd]
            if missing:
                print(f"  not reached within {args.rdflib_budget:.0f} s: {', '.join(missing)}")
            print(flush=True)
    if results:
        print(table(results))


def print_build(n: int, b: dict, cpu: float, size: int) -> None:
    """The build figures of one size: wall, CPU of every process, documents per second per core,
    peak memory, CPU per step, store size."""
    print(f"## {n} documents: built {b['built']}, refused {b['failed']} {b['errors'] or ''}")
    print(f"build wall {b['wall']:.1f} s, CPU {cpu:.1f} s ({b['built'] / max(cpu, 1e-9):.1f} docs/s/core), "
          f"load average {os.getloadavg()[0]:.1f}")
    m = b["memory"]
    print(f"peak memory of the process tree at once (sampled every 0.5 s, {m['samples']} samples): "
          f"RSS {m['tree_rss_mb']:.0f} MiB (build process {m['main_at_peak_mb']:.0f} of it), "
          f"PSS {m['tree_pss_mb']:.0f} MiB; build process alone at most {m['main_peak_mb']:.0f} MiB; "
          f"each process's own peak summed {b['main_rss_mb'] + b['worker_rss_mb']:.0f} MiB "
          f"(build process {b['main_rss_mb']:.0f} + workers {b['worker_rss_mb']:.0f})")
    print("tree RSS over time (s, MiB): " + " ".join(f"{t}:{mb}" for t, mb in m["curve"]))
    print("CPU per step: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(b["cpu"].items())) +
          f", build process {b['main_cpu']:.1f} s")
    print(f"store: {b['quads']} quads in {b['graphs']} graphs, {size / 2**20:.0f} MiB on disk", flush=True)


def table(results: dict) -> str:
    """The README table: one column per size."""
    sizes = list(results)
    rows = [("| | " + " | ".join(f"{n} docs" for n in sizes) + " |"), "|---|" + "---|" * len(sizes)]

    def row(label, f):
        rows.append(f"| {label} | " + " | ".join(f(results[n]) for n in sizes) + " |")

    row("build wall (--jobs 2, cold)", lambda r: f"{r['build']['wall']:.0f} s")
    row("build CPU, all processes", lambda r: f"{r['cpu']:.0f} s")
    row("docs / s / core", lambda r: f"{r['build']['built'] / max(r['cpu'], 1e-9):.1f}")
    row("peak memory (process tree at once, RSS / PSS)",
        lambda r: f"{r['build']['memory']['tree_rss_mb']:.0f} / {r['build']['memory']['tree_pss_mb']:.0f} MiB")
    row("shapes check (CPU)", lambda r: f"{r['build']['cpu'].get('check', 0):.0f} s")
    row("store", lambda r: f"{r['build']['quads'] / 1e6:.2f} M quads, {r['size'] / 2**20:.0f} MiB")
    names = list(next(iter(results.values()))["queries"])
    for name in names:
        row(f"`{name}` p50 / p95", lambda r, name=name: f"{1000 * r['queries'][name]['p50']:.0f} / "
                                                        f"{1000 * r['queries'][name]['p95']:.0f} ms")
    row("`viz` (default budget)", lambda r: f"{r['viz'][0]:.1f} s")
    row("`lineage 18-NQ/TW --format svg`", lambda r: f"{r['lineage'][0]:.1f} s")
    row("`lineage 18-NQ/TW --tasks --changes --format svg`", lambda r: f"{r['lineage_full'][0]:.1f} s")
    for n, r in results.items():
        ps = r.get("rdflib", {}).get("plans-spawned")
        if ps and "error" not in ps:
            ratio = ps["cpu"] / max(r["queries"]["plans-spawned"]["cpu50"], 1e-6)
            rows.append(f"\n`plans-spawned` at {n} documents: rdflib Dataset {ps['cpu']:.1f} s CPU, "
                        f"{ratio:.0f}× the Oxigraph store's p50 CPU.")
    return "\n".join(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
