"""Benchmark: normalise, layout and structure on texts of growing size, hard-wrapped and on one line.

Prints seconds per step and per million characters; a figure that grows with the size shows a
step that is not linear. Asserts nothing (speed goals are read, not enforced by tests).
Usage: python benchmarks/bench_layout.py [MEGACHARS …]   (default: 1 4 16)
"""

from __future__ import annotations

import sys
import time

from tinhgon.builders.layout import layout
from tinhgon.builders.load import RawText
from tinhgon.builders.normalise import normalise
from tinhgon.builders.structure import parse_structure

# One section of a hard-wrapped plan, written for the benchmark; each copy is numbered apart so
# that no copy is taken for a pasted duplicate.
SECTION = """**{n}. Về tổ chức bộ máy
của các cơ quan chuyên môn số {n}**

- Cơ quan chủ trì: Sở Nội vụ, Sở
Tài chính và Ủy ban nhân dân các xã, phường số {n}.

- Thời gian thực hiện: trước ngày 15/12/2025, báo cáo kết quả về Ủy ban
nhân dân tỉnh để tổng hợp, báo cáo **Thường trực
Tỉnh ủy** theo quy định; phườngPhong Hiền số {n}.

|
TT
|
Nội dung nhiệm vụ
|
Cơ quan chủ trì
|
Thời gian
|
|
{n}
|
Rà soát, sắp xếp các
đơn vị sự nghiệp công lập
|
Sở Nội vụ
|
Quý IV/2025
|

"""


def text_of(chars: int, one_line: bool) -> str:
    parts, size, n = [], 0, 0
    while size < chars:
        part = SECTION.format(n=n)
        parts.append(part)
        size += len(part)
        n += 1
    text = "".join(parts)
    return text.replace("\n", " ") if one_line else text


def main(argv: list[str]) -> None:
    for mega in [float(a) for a in argv] or [1, 4, 16]:
        for one_line in (False, True):
            text = text_of(int(mega * 1_000_000), one_line)
            raw = RawText("bench.md", "bench.md", "bench", "", "utf-8", text)
            t0 = time.perf_counter()
            src = normalise(raw)
            t1 = time.perf_counter()
            src = layout(src)
            t2 = time.perf_counter()
            parse_structure(src)
            t3 = time.perf_counter()
            m = len(text) / 1e6
            shape = "one line" if one_line else "wrapped "
            print(f"{m:6.1f} M chars {shape}: normalise {t1 - t0:6.2f}s ({(t1 - t0) / m:.2f}/M)  "
                  f"layout {t2 - t1:6.2f}s ({(t2 - t1) / m:.2f}/M)  structure {t3 - t2:6.2f}s ({(t3 - t2) / m:.2f}/M)")


if __name__ == "__main__":
    main(sys.argv[1:])
