"""Oxigraph's bulk loader alone on an N-Quads file: the CPU per quad of a first build's loading.

Loads INPUT into a fresh on-disk store in one way and prints the loader's CPU (process time: the
loader's and RocksDB's background threads included), the CPU of the compactions still running
after the last call (``--tail`` seconds of waiting), of the final ``optimize`` the build does
before its swap, the peak RSS of the process and the store's size. Figures only, no asserts.

Ways (``--runs``):
  one          one call reading the file (what an unbounded loader costs: the floor per quad)
  quads:N      calls of at most N quads each (the build: tinhgon/pipeline.py BULK_RUN_QUADS)
  bytes:N      calls of at most N MiB each (the build before session 8: 128)

Why the ways differ (pyoxigraph 0.5.13): a call parses its input in batches of 1,000,000 quads,
each written as one sorted file per index; the files are added to the store at the end of the
call, and since the keys are hashes every new file overlaps all the store's files, so RocksDB
(which starts merging at two such files) rewrites the whole store about every second file. The
merges make the per-quad cost grow with the store; fewer, larger files mean fewer merges, and a
call's memory grows with its batches in flight (up to three).

Usage: python benchmarks/bench_loader.py INPUT.nq --runs quads:990000 [--store DIR] [--tail 20]
Make INPUT with `tinhgon dump --store STORE --format nq --out INPUT` (or head -n of one).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import time
from pathlib import Path

import pyoxigraph as ox


class _Run:
    """A readable file over ``f`` that stops after ``lines`` lines or about ``size`` bytes."""

    def __init__(self, f, lines: int | None, size: int | None) -> None:
        self.f, self.lines, self.size, self.done = f, lines, size, False

    def read(self, n: int = -1) -> bytes:
        if self.done:
            return b""
        if self.lines is not None:
            data = self.f.read(n if n and n > 0 else 1 << 20)
            k = data.count(b"\n")
            if k >= self.lines:  # cut after the last line of the run, give the rest back to the file
                end = -1
                for _ in range(self.lines):
                    end = data.index(b"\n", end + 1)
                self.f.seek(end + 1 - len(data), os.SEEK_CUR)
                data, k = data[:end + 1], self.lines
            self.lines -= k
            if not data or self.lines <= 0:
                self.done = True
            return data
        data = self.f.read(n if n and n > 0 else 1 << 20)
        if not data:
            self.done = True
            return b""
        self.size -= len(data)
        if self.size <= 0:
            data += self.f.readline()
            self.done = True
        return data


def _written_bytes() -> int:
    """Bytes this process has written to disk so far (Linux /proc/self/io; 0 elsewhere): the
    loader's files plus every merge's rewrite, a figure the machine's load does not blur."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", type=Path)
    ap.add_argument("--runs", default="quads:990000", help="one | quads:N | bytes:MiB")
    ap.add_argument("--store", type=Path, default=Path("/tmp/tinhgon-bench-loader"))
    ap.add_argument("--tail", type=float, default=20.0, help="seconds to wait for background merges")
    ap.add_argument("--keep", action="store_true", help="keep the store (removed by default)")
    args = ap.parse_args()

    shutil.rmtree(args.store, ignore_errors=True)
    store = ox.Store(str(args.store))
    kind, _, value = args.runs.partition(":")
    t0 = time.process_time()
    calls = []
    if kind == "one":
        store.bulk_load(path=str(args.input), format=ox.RdfFormat.N_QUADS, lenient=True)
        calls.append(time.process_time() - t0)
    else:
        lines = int(value) if kind == "quads" else None
        size = int(value) << 20 if kind == "bytes" else None
        with args.input.open("rb") as f:
            while True:
                pos = f.tell()
                if not f.read(1):
                    break
                f.seek(pos)
                t = time.process_time()
                store.bulk_load(input=_Run(f, lines, size), format=ox.RdfFormat.N_QUADS, lenient=True)
                calls.append(time.process_time() - t)
                print(f"call {len(calls)}: {calls[-1]:.1f} s CPU", flush=True)
    load = time.process_time() - t0
    t = time.process_time()
    time.sleep(args.tail)
    tail = time.process_time() - t
    t = time.process_time()
    store.optimize()
    opt = time.process_time() - t
    quads = len(store)
    written = _written_bytes()
    size_mb = sum(p.stat().st_size for p in args.store.iterdir()) / 2**20
    total = load + tail + opt
    print(f"{args.input.name}: {quads:,} quads, runs {args.runs} ({len(calls)} calls): loader {load:.1f} s CPU "
          f"({load / quads * 1e6:.1f} µs/quad), merges after {tail:.1f} s, optimize {opt:.1f} s; "
          f"in all {total:.1f} s = {total / quads * 1e6:.1f} µs/quad; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; store {size_mb:.0f} MiB; "
          f"written to disk {written / 2**20:.0f} MiB ({written / quads:.0f} bytes/quad: the merges' work)")
    del store
    if not args.keep:
        shutil.rmtree(args.store, ignore_errors=True)


if __name__ == "__main__":
    main()
