"""Normalisation gives a clean text to parse and maps every character back to the file."""

from __future__ import annotations

import unicodedata

import pytest

from tinhgon.builders.load import RawText
from tinhgon.builders.normalise import find_second_copy, normalise, normalise_text


def raw(text: str) -> RawText:
    return RawText(path="t.txt", name="t.txt", stem="t", sha256="0" * 64, encoding="utf-8", text=text)


def test_tone_marks_move_to_the_modern_place_but_closed_syllables_stay():
    text, _ = normalise_text("Uỷ ban nhân dân tỉnh; Tỉnh uỷ; KẾ HOẠCH; hoàn thành; quý II; hoà bình")
    assert text == "Ủy ban nhân dân tỉnh; Tỉnh ủy; KẾ HOẠCH; hoàn thành; quý II; hòa bình"


def test_markup_is_dropped_and_offsets_point_into_the_original():
    original = "## II. NHIỆM VỤ\n- *Cơ quan chủ trì:* **Ban Tổ chức Tỉnh uỷ**;"
    src = normalise(raw(original))
    assert src.text == "II. NHIỆM VỤ\n- Cơ quan chủ trì: Ban Tổ chức Tỉnh ủy;"
    i = src.text.index("Ban Tổ chức")
    span = src.span(i, i + len("Ban Tổ chức Tỉnh ủy"))
    assert src.quote(span) == "Ban Tổ chức Tỉnh uỷ"  # exactly as printed
    assert len(src.offsets) == len(src.text) + 1


def test_decomposed_input_is_composed_with_offsets_kept():
    original = unicodedata.normalize("NFD", "Sở Nội vụ")
    src = normalise(raw(original))
    assert src.text == "Sở Nội vụ"
    assert src.quote(src.span(0, len(src.text))) == original


def test_nbsp_and_invisible_characters():
    text, offs = normalise_text("Sở\u00a0Nội\u200b vụ")
    assert text == "Sở Nội vụ"
    assert offs[-1] == len("Sở\u00a0Nội\u200b vụ")


PLAN = "\n\n".join(
    ["KẾ HOẠCH", "thực hiện Nghị quyết số 18-NQ/TW"]
    + [f"{i}. Nhiệm vụ số {i}: rà soát, sắp xếp tổ chức bộ máy của cơ quan thứ {i}." for i in range(1, 12)]
    + ["T/M BAN THƯỜNG VỤ", "Nguyễn Văn A"]
)


def test_a_document_written_twice_keeps_its_first_copy():
    ocr = PLAN.replace("rà soát", "rà sóat", 3)
    src = normalise(raw(PLAN + "\n\n\n" + ocr))
    assert src.body_end > 0
    assert src.body.strip() == PLAN.strip()
    assert src.duplicate_of is not None


def test_a_repeated_title_alone_is_not_a_second_copy():
    appendix = "\n\nKẾ HOẠCH\n\nPhụ lục: bảng phân công\n\n1\n\nSở Nội vụ\n"
    assert find_second_copy(PLAN + appendix) is None


def test_a_markdown_bullet_stays_while_emphasis_goes():
    text, _ = normalise_text("* *Cơ quan chủ trì:* Sở Nội vụ\n  * Thời gian: **quý II/2019**")
    assert text == "* Cơ quan chủ trì: Sở Nội vụ\n  * Thời gian: quý II/2019"


@pytest.mark.parametrize("sep", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\r"])
def test_every_line_separator_is_a_line_break(sep):
    original = f"1. Rà soát tổ chức bộ máy.{sep}- Cơ quan chủ trì: Sở Nội vụ."
    src = normalise(raw(original))
    assert src.text == "1. Rà soát tổ chức bộ máy.\n- Cơ quan chủ trì: Sở Nội vụ."
    i = src.text.index("Sở Nội vụ")
    assert src.quote(src.span(i, i + len("Sở Nội vụ"))) == "Sở Nội vụ"


def test_a_paragraph_separator_leaves_a_blank_line_and_other_controls_read_as_spaces():
    text, offs = normalise_text("Kế hoạch\u2029Sở\x07Nội\x00vụ")
    assert text == "Kế hoạch\n\nSở Nội vụ"
    assert len(offs) == len(text) + 1


def test_legacy_eth_and_cyrillic_lookalikes_read_as_vietnamese_letters():
    text, _ = normalise_text("\u00d0ảng ủy; Nghị định 126/2024/NĐ-\u0421\u0420")
    assert text == "Đảng ủy; Nghị định 126/2024/NĐ-CP"


def test_a_document_pasted_three_times_keeps_one_copy():
    src = normalise(raw("\n\n".join([PLAN, PLAN.replace("rà soát", "rà sóat", 2), PLAN])))
    assert src.body.strip() == PLAN.strip()


def test_a_file_of_one_repeated_line_is_cut_after_the_first_lines():
    text = "\n".join(["KẾ HOẠCH"] * 20000)
    assert find_second_copy(text) == 8 * len("KẾ HOẠCH\n")


def test_heading_hashes_are_one_to_six_before_a_space_and_a_bullet_star_is_kept():
    """Markup at a line's start: '## ' and '###### ' headings go (from the line start); seven hashes, or
    hashes glued to the word, are text; a '* ' bullet stays while a '*' of emphasis goes."""
    from tinhgon.builders.normalise import markup_spans

    text = "  ## Mục tiêu\n####### bảy\n#không\n* Sở Nội vụ\n*đậm*"
    spans = markup_spans(text)
    assert (0, 5) in spans  # "  ## "
    assert not any(text[a:b].startswith("#") for a, b in spans if a > 5)
    kept = "".join(text[i] for i in range(len(text)) if not any(a <= i < b for a, b in spans))
    assert kept == "Mục tiêu\n####### bảy\n#không\n* Sở Nội vụ\nđậm"


def test_a_copy_is_found_whatever_the_spacing_and_case_of_its_lines():
    """Lines compare by their letters and digits in lower case (OCR spaces and punctuation aside)."""
    from tinhgon.builders.normalise import find_second_copy

    lines = [f"Dòng số {i}: nội dung thứ {i}." for i in range(10)]
    first = "\n".join(lines)
    second = "\n".join(ln.upper().replace(" ", "  ").replace(".", "") for ln in lines)
    assert find_second_copy(first + "\n\n" + second) == len(first) + 2
