"""A document read only in part says so: unread tables and role cues without a body are reported."""

from __future__ import annotations

from click.testing import CliRunner

from tinhgon.builders.coverage import unplaced
from tinhgon.cli import main
from tinhgon.pipeline import extract

HEAD = """ỦY BAN NHÂN DÂN TỈNH BẮC NAM
Số: 12/KH-UBND
Bắc Nam, ngày 3 tháng 4 năm 2025

KẾ HOẠCH
Thực hiện sắp xếp tổ chức bộ máy năm 2025

Căn cứ Kết luận số 126-KL/TW ngày 14 tháng 2 năm 2025 của Bộ Chính trị, Ban Bí thư về một số nội
dung, nhiệm vụ tiếp tục sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị năm 2025, Ủy ban
nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:

I. NHIỆM VỤ
"""

TAIL = """
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám
"""

# a statistics table: rows of figures, no work to read
FIGURES = """
| Đơn vị | Số cơ quan | Số biên chế |
|---|---|---|
| Khối Đảng | 12 | 340 |
| Khối chính quyền | 25 | 1.200 |
| Khối đoàn thể | 7 | 150 |
| Tổng cộng | 44 | 1.690 |
"""


def _notes(tmp_path, body: str) -> list[str]:
    f = tmp_path / "ke-hoach-12.md"
    f.write_text(HEAD + body + TAIL, encoding="utf-8")
    ex, _ = extract(f)
    return unplaced(ex)


def test_a_table_that_gave_no_task_is_named_with_its_lines(tmp_path):
    body = "1. Sở Nội vụ rà soát các cơ quan chuyên môn, hoàn thành trong quý II/2025.\n" + FIGURES
    notes = _notes(tmp_path, body)
    table = [n for n in notes if "table" in n]
    assert len(table) == 1, notes
    lines = (HEAD + body + TAIL).splitlines()
    first = lines.index("| Đơn vị | Số cơ quan | Số biên chế |") + 1
    last = lines.index("| Tổng cộng | 44 | 1.690 |") + 1
    assert f"a table of 4 rows at lines {first}–{last}" in table[0], table[0]


def test_an_opening_role_cue_without_a_body_is_reported(tmp_path):
    body = ("1. Chủ trì, phối hợp với các cơ quan liên quan rà soát chức năng, nhiệm vụ của các phòng.\n"
            "2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.\n")
    notes = _notes(tmp_path, body)
    cue = [n for n in notes if "role cue" in n]
    assert len(cue) == 1 and "I.1 ('Chủ trì" in cue[0] and "I.2" not in cue[0], notes


def test_an_assignment_names_its_body_or_is_reported(tmp_path):
    read = _notes(tmp_path, "1. Giao Sở Nội vụ rà soát chức năng, nhiệm vụ của các phòng.\n")
    assert not [n for n in read if "role cue" in n], read
    # "giao thông" is a word, not an assignment: no body is promised
    word = _notes(tmp_path, "1. Rà soát các công trình giao thông nông thôn trên địa bàn.\n")
    assert not [n for n in word if "role cue" in n], word


def test_a_fully_read_plan_has_no_note(tmp_path):
    body = ("1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát biên chế; hoàn thành trong năm 2025.\n"
            "2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.\n")
    assert _notes(tmp_path, body) == []


def test_the_build_prints_what_it_could_not_place(tmp_path):
    f = tmp_path / "ke-hoach-12.md"
    f.write_text(HEAD + "1. Sở Nội vụ rà soát các cơ quan chuyên môn.\n" + FIGURES + TAIL, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(f), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "gave no task and no change" in result.output
