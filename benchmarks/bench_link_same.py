"""Benchmark: linking appendix rows to the body items they restate (tasks._link_same).

Prints seconds for plans of growing size, each with as many appendix rows as body items; a time
that grows four-fold when the plan doubles shows a quadratic step. Asserts nothing.
Usage: python benchmarks/bench_link_same.py [ITEMS …]   (default: 250 1000 4000 16000)
"""

from __future__ import annotations

import difflib
import random
import sys
import time
from pathlib import Path

from tinhgon.builders.model import Task
from tinhgon.builders.tasks import _key, _link_same

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def plan(n: int, seed: int = 1) -> list[Task]:
    """n body items, each a run of 14 words from the sample plans at a random place (the words a
    plan's openings are made of, common and rare), and n appendix rows: half restate an item with
    one word changed, half are other runs."""
    rng = random.Random(seed)
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))).split()

    def opening() -> list[str]:
        at = rng.randrange(len(text) - 14)
        return text[at:at + 14]

    body = [opening() for _ in range(n)]
    rows = []
    for item in body:
        if rng.random() < 0.5:
            row = list(item)
            row[rng.randrange(len(row))] = rng.choice(text)
        else:
            row = opening()
        rows.append(row)
    return [Task(ref=f"I.{i}", text=" ".join(t), start=0, end=0) for i, t in enumerate(body)] + \
        [Task(ref=f"appendix.{i}", text=" ".join(t), start=0, end=0) for i, t in enumerate(rows)]


def pairwise(tasks: list[Task]) -> None:
    """The former rule, every row against every item, for comparison (quadratic)."""
    rows = [t for t in tasks if t.ref.startswith("appendix.")]
    body = [_key(t.text) for t in tasks if not t.ref.startswith("appendix.")]
    for r in rows:
        rk = _key(r.text)
        max(difflib.SequenceMatcher(None, rk, k, autojunk=False).ratio() for k in body)


def main(sizes: list[int]) -> None:
    for n in sizes:
        tasks = plan(n)
        t0 = time.perf_counter()
        _link_same(tasks)
        dt = time.perf_counter() - t0
        linked = sum(1 for t in tasks if t.ref.startswith("appendix.") and t.same_as)
        line = f"{n:6d} items + {n:6d} rows: {dt:7.3f} s  ({dt / n * 1e3:.3f} ms per row, {linked} linked)"
        if n <= 250:
            t0 = time.perf_counter()
            pairwise(plan(n))
            line += f"; every pair compared: {time.perf_counter() - t0:7.3f} s"
        print(line)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250, 1000, 4000, 16000])
