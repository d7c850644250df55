"""References: the string scans of the reader (parentheses, digit runs, sentence and clause stops) and
the patterns compiled in context (an issuer after a plenum, the declaring verb in lower case)."""

from __future__ import annotations

from tinhgon.builders import references as R
from tinhgon.builders.model import Source


def src(text: str) -> Source:
    return Source(path="t.txt", name="t.txt", stem="t", sha256="0", encoding="utf-8", original=text, text=text,
                  offsets=list(range(len(text) + 1)))


def test_digit_runs_of_a_list_of_numbers():
    assert R._digit_runs("18, 19 và 220") == [(0, "18"), (4, "19"), (10, "220")]
    assert R._digit_runs("và ;") == []


def test_a_sentence_stops_at_a_full_stop_before_a_space_a_clause_also_at_a_colon_or_the_end():
    t = "Tỉnh ủy v.v.ban hành. Kế hoạch: nội dung."
    assert R._stop(t, 0, len(t)) == t.index(". K")
    assert R._stop(t, 0, len(t), colon=True) == t.index(". K")
    assert R._stop(t, t.index("Kế"), len(t), colon=True) == t.index(":")
    assert R._stop(t, t.index("nội"), len(t)) is None  # no space after the last stop
    assert R._stop(t, t.index("nội"), len(t), colon=True) == len(t) - 1
    assert R._stop(t, 0, t.index(" Kế")) is None  # the space after it lies beyond the end


def test_the_issuer_is_read_after_a_plenum_too():
    refs = R.find_references(src(
        "Thực hiện Nghị quyết số 18-NQ/TW Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII "
        "về “Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy”, Tỉnh ủy ban hành Kế hoạch như sau:"))
    assert refs[0].issuer == "Ban Chấp hành Trung ương"
    assert refs[0].title == "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy"
    refs = R.find_references(src("Căn cứ Kết luận số 74-KL/TW ngày 12/3/2025 của Bộ Chính trị về công tác cán bộ."))
    assert refs[0].issuer == "Bộ Chính trị"


def test_the_declaring_verb_is_lower_case_only():
    assert R._DECLARE.search("Ban Thường vụ Tỉnh ủy kết luận như sau:")
    assert not R._DECLARE.search("Ban Thường vụ Tỉnh ủy Kết luận như sau:")
    assert not R._DECLARE.search("Ban Thường vụ Tỉnh ủy kết luận về công tác cán bộ.")
