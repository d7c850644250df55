"""Benchmark the change walk (tinhgon.builders.changes.extract_changes) on long synthetic plans.

The plans are made from the sample plans' own item and bullet lines (corpus/ or the folder given):
"items" numbers them under one section (every third a bullet, every seventh a continuing paragraph);
"mixed" puts half of them as numbered items and half as unnumbered paragraphs under one heading. For
each size it prints blocks, characters, changes found and the CPU seconds of extract_changes (best
of 3), so a walk that grows with the square of the plan shows at once against the doubled size.

Prints figures; asserts nothing. Usage: python benchmarks/bench_changes.py [--sizes 1500 3000] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_ITEM = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•])\s+(.{30,400})$")


def sample_lines(corpus: Path) -> list[str]:
    """Item and bullet lines of the sample plans: long enough, no label, no closing formula."""
    out: list[str] = []
    for f in sorted(corpus.glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            m = _ITEM.match(line.strip())
            t = m.group(1) if m else ""
            if len(t.split()) >= 12 and ":" not in t[:40] and not t.endswith(";") and "/." not in t and t not in out:
                out.append(t)
    return out


def plan(lines: list[str], n: int, shape: str) -> str:
    out = ["KẾ HOẠCH", "Thực hiện tinh gọn tổ chức bộ máy của hệ thống chính trị", "", "I. NHIỆM VỤ VÀ GIẢI PHÁP"]
    numbered = n if shape == "items" else n // 2
    k = 0
    for i in range(numbered):
        t = lines[i % len(lines)]
        if i % 3 == 2:
            out.append(f"- {t}")
        elif shape == "items" and i % 7 == 6:
            out.append(t[:1].upper() + t[1:])
        else:
            k += 1
            out.append(f"{k}. {t}")
    if shape == "mixed":
        out.append("II. CÁC NHIỆM VỤ KHÁC Ở CẤP HUYỆN")
        out += [(t := lines[(i * 7) % len(lines)])[:1].upper() + t[1:] for i in range(n - numbered)]
    out += ["III. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch này."]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1500, 3000])
    ap.add_argument("--corpus", type=Path, default=HERE.parent / "corpus")
    args = ap.parse_args(argv)
    from tinhgon.builders.changes import extract_changes
    from tinhgon.builders.layout import layout
    from tinhgon.builders.load import load
    from tinhgon.builders.normalise import normalise
    from tinhgon.builders.structure import parse_structure
    from tinhgon.builders.tasks import extract_tasks

    lines = sample_lines(args.corpus)
    if not lines:
        sys.exit(f"{args.corpus}: no sample plan (*.txt) with item lines")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in ("items", "mixed"):
            for n in args.sizes:
                path = Path(tmp) / f"{shape}{n}.txt"
                path.write_text(plan(lines, n, shape), encoding="utf-8")
                src = layout(normalise(load(path)))
                st = parse_structure(src)
                tasks = extract_tasks(src, st)
                best, got = float("inf"), []
                for _ in range(3):
                    t0 = time.process_time()
                    got = extract_changes(src, st, tasks)
                    best = min(best, time.process_time() - t0)
                blocks = sum(1 for _ in st.root.walk())
                print(f"{shape:5} {n:5} items: {blocks:5} blocks, {len(src.text):7} chars, {len(got):3} changes, "
                      f"extract_changes {best:.2f} s CPU")


if __name__ == "__main__":
    main(sys.argv[1:])
