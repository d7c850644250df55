"""Benchmark: the whole extraction of one long numbered plan, the size doubling each time.

The plan is made of the items of the four sample plans (corpus/), renumbered 1 … N under one
"II. NHIỆM VỤ" heading, so it reads like a real plan thousands of items long. Prints the
seconds of each step (layout, structure, tasks, changes, the rest) and per thousand items; a
figure per item that grows with N shows a step that is not linear. With --profile N it writes
the cProfile of one size to stdout instead. Asserts nothing (speed goals are read, not enforced).

Usage: python benchmarks/bench_long_plan.py [ITEMS …]   (default: 250 500 1000 2000)
       python benchmarks/bench_long_plan.py --write 3000 plan.txt
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
_ITEM = re.compile(r"^\d{1,3}\.\s")


def _items() -> list[list[str]]:
    """Each numbered item of the samples with the lines under it (bullets, labels, paragraphs)."""
    from tinhgon.builders.structure import match_marker

    out: list[list[str]] = []
    for p in sorted(CORPUS.glob("*.txt")):
        cur: list[str] | None = None
        for line in p.read_text(encoding="utf-8").splitlines():
            s = line.strip().lstrip("#").strip()
            if _ITEM.match(s):
                cur = [_ITEM.sub("", s, count=1)]
                out.append(cur)
            elif ((mk := match_marker(s)) and mk[0] in ("roman", "letter", "chapter", "romandot")) or \
                    s.lower().startswith(("nơi nhận", "trên đây")):
                cur = None
            elif cur is not None and s:
                cur.append(s)
    return out


def plan(n: int) -> str:
    """A plan of ``n`` numbered items taken in turn from the samples."""
    items = _items()
    parts = ["ỦY BAN NHÂN DÂN TỈNH X", "Số: 99/KH-UBND", "KẾ HOẠCH", "Triển khai nhiệm vụ năm 2025", "",
             "II. NHIỆM VỤ", ""]
    for k in range(n):
        first, *rest = items[k % len(items)]
        parts.append(f"{k + 1}. {first}")
        parts.extend(rest)
        parts.append("")
    parts += ["Nơi nhận:", "- Lưu: VT.", ""]
    return "\n".join(parts)


def run(n: int) -> dict[str, float]:
    from tinhgon.builders.changes import extract_changes
    from tinhgon.builders.layout import layout
    from tinhgon.builders.load import RawText
    from tinhgon.builders.normalise import normalise
    from tinhgon.builders.structure import parse_structure
    from tinhgon.builders.tasks import extract_tasks

    text = plan(n)
    times: dict[str, float] = {}
    t = time.perf_counter()
    src = layout(normalise(RawText("p.txt", "p.txt", "p", "", "utf-8", text)))
    times["layout"] = time.perf_counter() - t
    t = time.perf_counter()
    st = parse_structure(src)
    times["structure"] = time.perf_counter() - t
    t = time.perf_counter()
    tasks = extract_tasks(src, st)
    times["tasks"] = time.perf_counter() - t
    t = time.perf_counter()
    extract_changes(src, st, tasks)
    times["changes"] = time.perf_counter() - t
    times["chars"] = len(text)
    times["n_tasks"] = len(tasks)
    return times


def main(argv: list[str]) -> None:
    if argv[:1] == ["--write"]:
        Path(argv[2]).write_text(plan(int(argv[1])), encoding="utf-8")
        return
    if argv[:1] == ["--profile"]:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(run, int(argv[1]))
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        return
    sizes = [int(a) for a in argv] or [250, 500, 1000, 2000]
    print(f"{'items':>6} {'KB':>6} {'tasks':>6}  " + "  ".join(f"{s:>10}" for s in
                                                            ("layout", "structure", "tasks", "changes")) +
          "   (seconds; ms per item in brackets)")
    for n in sizes:
        r = run(n)
        cols = "  ".join(f"{r[s]:6.2f}({1000 * r[s] / n:4.1f})" for s in ("layout", "structure", "tasks", "changes"))
        print(f"{n:>6} {r['chars'] / 1024:6.0f} {r['n_tasks']:>6}  {cols}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
