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


@pytest.mark.parametrize(("text", "start", "due"), [
    # an effective date says when a text takes force: the deadline before it stays the task's
    ("Hồ sơ phải được trình trước ngày 30 tháng 6 năm 2026 để bảo đảm có hiệu lực thi hành từ ngày "
     "01 tháng 7 năm 2026.", None, "2026-06-30"),
    ("Quyết định này có hiệu lực kể từ ngày 15/4/2026.", None, None),
    ("Triển khai thực hiện từ ngày 01/7/2026.", "2026-07-01", None),
    ("Nâng cao hiệu lực, hiệu quả quản lý (thực hiện từ năm 2026).", "2026", None),
    # the place and date a document is issued on, at the head of a line or cell
    ("| Số 15-TB/VPTW | Hà Nội, ngày 26 tháng 11 năm 2025 | THÔNG BÁO KẾT LUẬN", None, None),
    ("TP. Hồ Chí Minh, ngày 5/3/2026\nKẾ HOẠCH", None, None),
    ("Sở Nội vụ tổng hợp, báo cáo trước ngày 5/3/2026.", None, "2026-03-05"),
])
def test_dates_that_schedule_nothing(text, start, due):
    spec = parse_time(text)
    assert (spec.start, spec.due) == (start, due)


def test_the_time_a_plan_states_once_times_its_work_up_to_who_does_it():
    """"2. Thời gian thực hiện: …" beside the content of a plan: the content items after it take the
    period; the items of "Tổ chức thực hiện", which give the work to bodies, do not."""
    text = (
        "KẾ HOẠCH\n\nII. NỘI DUNG\n\n1. Chủ đề: Đoàn kết, sáng tạo.\n\n"
        "2. Thời gian thực hiện: Từ tháng 10/2026 đến khi tổng kết đợt thi đua.\n\n"
        "3. Nội dung thi đua\n\na) Đẩy mạnh cải cách hành chính, chuyển đổi số trong các cơ quan.\n\n"
        "b) Hoàn thành sơ kết trong quý IV/2026.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nội vụ theo dõi, hướng dẫn các cơ quan triển khai kế hoạch.\n"
    )
    got = {r: (t.time.start, t.time.due) for r, t in _tasks(text).items()}
    assert got["II.3.a"] == ("2026-10", None)
    assert got["II.3.b"] == (None, "2026-Q4")  # its own time wins
    assert got["III.1"] == (None, None)


def test_a_part_on_scope_and_time_times_the_sections_after_it():
    text = (
        "KẾ HOẠCH\n\nII. PHẠM VI VÀ THỜI GIAN THỰC HIỆN\n\n1. Phạm vi: trên địa bàn toàn tỉnh.\n\n"
        "2. Thời gian: từ nay đến năm 2029.\n\n"
        "III. NỘI DUNG\n\n1. Tổ chức tập huấn kỹ năng phòng chống thiên tai cho cộng đồng.\n\n"
        "2. Lắp đặt hệ thống cảnh báo sớm tại các khu vực xung yếu.\n\n"
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nông nghiệp và Môi trường hướng dẫn, đôn đốc thực hiện.\n"
    )
    got = {r: (t.time.start, t.time.due) for r, t in _tasks(text).items()}
    assert got["III.1"] == (None, "2029")
    assert got["III.2"] == (None, "2029")
    assert got["IV.1"] == (None, None)


def test_a_time_label_inside_another_part_times_only_its_neighbours():
    """An event's own time under the targets ("Tháng hành động … Thời gian: …") is no period of the plan."""
    text = (
        "KẾ HOẠCH\n\nII. MỤC TIÊU\n\n1. Nâng cao nhận thức về bình đẳng giới.\n\n2. Tháng hành động\n\n"
        "a) Chủ đề: An toàn cho trẻ em.\n\nb) Thời gian: Từ ngày 15/11/2026 đến ngày 15/12/2026.\n\n"
        "III. NỘI DUNG\n\n1. Tuyên truyền về phòng chống bạo lực gia đình trên các phương tiện thông tin.\n"
    )
    got = {r: (t.time.start, t.time.due) for r, t in _tasks(text).items()}
    assert got["III.1"] == (None, None)
