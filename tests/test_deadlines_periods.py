"""Periods that schedule the items below them, and time points that schedule nothing.

Inputs are sentences written for these tests (shapes seen in several real plans), not corpus lines.
"""

from __future__ import annotations

import pytest

from tinhgon.builders.deadlines import heading_period, parse_time
from tinhgon.builders.load import RawText
from tinhgon.builders.normalise import normalise
from tinhgon.builders.structure import parse_structure
from tinhgon.builders.tasks import extract_tasks


def _tasks(text: str):
    src = normalise(RawText(path="p.txt", name="p.txt", stem="p", sha256="", encoding="utf-8", text=text))
    return {t.ref: t for t in extract_tasks(src, parse_structure(src))}


@pytest.mark.parametrize(("text", "start", "due"), [
    # a heading that says nothing but a period schedules its items, as a label line does
    ("Giai đoạn 2026 - 2028", "2026", "2028"),
    ("Năm 2027", None, "2027"),
    ("Quý III/2026 - Quý I/2027", "2026-Q3", "2027-Q1"),
    # a year beside other words names the subject
    ("KẾ HOẠCH TUYÊN TRUYỀN NĂM 2027", None, None),
    ("Kết quả giai đoạn 2021 - 2025", None, None),
])
def test_a_heading_of_only_a_period_schedules(text, start, due):
    spec = heading_period(text)
    assert (spec.start, spec.due) == (start, due)
    if due:
        assert spec.phrase and spec.phrase in text


def test_phase_headings_time_the_bullets_of_their_phase():
    text = (
        "KẾ HOẠCH\n\nIII. LỘ TRÌNH THỰC HIỆN\n\n1. Giai đoạn 2026 - 2028\n\n"
        "- Rà soát các cơ chế hỗ trợ doanh nghiệp khởi nghiệp.\n\n"
        "- Xây dựng cơ sở dữ liệu dùng chung của tỉnh.\n\n"
        "2. Giai đoạn 2029 - 2032\n\n"
        "- Mở rộng mạng lưới hỗ trợ khởi nghiệp, hoàn thành trước ngày 30/6/2031.\n\n"
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Khoa học và Công nghệ theo dõi việc thực hiện kế hoạch.\n"
    )
    got = {r: (t.time.start, t.time.due) for r, t in _tasks(text).items()}
    assert got["III.1-1"] == ("2026", "2028")
    assert got["III.1-2"] == ("2026", "2028")
    assert got["III.2-1"] == (None, "2031-06-30")  # its own deadline wins
    assert got["IV.1"] == (None, None)
