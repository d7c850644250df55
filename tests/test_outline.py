"""The shared outline helpers: section kinds, lead paragraphs, ancestors and sentences."""

from __future__ import annotations

import pytest

from tinhgon.builders import outline
from tinhgon.builders.load import RawText
from tinhgon.builders.normalise import normalise
from tinhgon.builders.structure import parse_structure


def structure_of(text: str):
    src = normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8", text=text))
    return parse_structure(src)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("MỤC ĐÍCH, YÊU CẦU", "framing"),
        ("Nguyên tắc thực hiện", "framing"),
        ("MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP", "work"),  # a work word beside the framing word keeps the work
        ("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024", "results"),  # what was done, even beside 'nhiệm vụ'
        ("Tình hình triển khai", "results"),
        ("TỔ CHỨC THỰC HIỆN", "assigning"),
        ("Trách nhiệm của các sở, ngành", "assigning"),
        ("Về công tác tuyên truyền", None),
        # a long running sentence that opens with a framing word is no title
        ("Mục tiêu của việc sắp xếp là bảo đảm bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả, gần dân "
         "và phục vụ nhân dân tốt hơn", None),
        ("2.1. Mục tiêu cụ thể", "framing"),  # a number kept in the title is skipped
        ("Nguồn vốn thực hiện Đề án", "funding"),
    ],
)
def test_title_kinds(title, kind):
    assert outline.title_kind(title) == kind


def test_section_predicates_and_ancestors():
    st = structure_of("I. MỤC ĐÍCH\n1. Quán triệt.\nII. KẾT QUẢ\n1. Đã sắp xếp.\nIII. TỔ CHỨC THỰC HIỆN\n"
                      "1. Sở Nội vụ\na) Rà soát các thôn.\n")
    blocks = {b.ref: b for b in st.root.walk()}
    assert outline.is_framing(blocks["I"]) and not outline.is_results(blocks["I"])
    assert outline.is_framing(blocks["II"]) and outline.is_results(blocks["II"])
    assert outline.is_assigning(blocks["III"]) and not outline.is_framing(blocks["III"])
    chain = outline.ancestors(blocks["III.1.a"])
    assert chain[0] is st.root and [b.ref for b in chain[1:]] == ["III", "III.1"]
    assert outline.title(blocks["III.1"]) == "Sở Nội vụ"


def test_lead_paragraphs_skip_labels_and_stop_at_the_first_child():
    st = structure_of("1. Rà soát quy định.\nvà đề xuất sửa đổi.\n- Cơ quan chủ trì: Sở Nội vụ.\n"
                      "Hoàn thành trước quý II.\na) Lập danh sách.\nĐoạn của mục a.\n")
    item = next(b for b in st.root.walk() if b.ref == "1")
    paras = outline.lead_paras(item)
    assert [p.kind for p in paras] == ["para"] * len(paras) and paras
    assert all("Lập danh sách" not in p.text and "Đoạn của mục a" not in p.text for p in paras)


@pytest.mark.parametrize(
    ("text", "kw", "expected"),
    [
        ("Sở Nội vụ chủ trì. Sở Y tế phối hợp.", {}, ["Sở Nội vụ chủ trì.", "Sở Y tế phối hợp."]),
        ("Rà soát; Sở Y tế phối hợp.", {}, ["Rà soát; Sở Y tế phối hợp."]),
        ("Rà soát; Sở Y tế phối hợp.", {"semicolons": True}, ["Rà soát;", "Sở Y tế phối hợp."]),
        ("Các tổ chức v.v. và các cơ quan.", {}, ["Các tổ chức v.v. và các cơ quan."]),  # lower case goes on
        ("Kết luận như sau. - Một là rà soát.", {}, ["Kết luận như sau.", "- Một là rà soát."]),
        ("Dòng một\nDòng hai.", {}, ["Dòng một\nDòng hai."]),
        ("Dòng một\nDòng hai.", {"newlines": True}, ["Dòng một", "Dòng hai."]),
    ],
)
def test_sentences(text, kw, expected):
    assert [text[a:b].strip() for a, b in outline.sentences(text, **kw)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Nội vụ chủ trì; Sở Tài chính phối hợp", [(0, "Sở Nội vụ chủ trì"), (18, " Sở Tài chính phối hợp")]),
        (";Sở Y tế;; Sở Tư pháp;", [(1, "Sở Y tế"), (10, " Sở Tư pháp")]),  # empty parts are no clause
        ("", []),
    ],
)
def test_clauses_are_the_non_empty_parts_between_semicolons(text, expected):
    assert outline.clauses(text) == expected
    assert all(text[a:a + len(part)] == part for a, part in outline.clauses(text))


@pytest.mark.parametrize(
    ("text", "kw", "expected"),
    [
        ("Rà soát (Sở Nội vụ chủ trì) và báo cáo (Sở Y tế).", {}, ["Sở Nội vụ chủ trì", "Sở Y tế"]),
        ("Sở Nội vụ (cơ quan (thường trực) của Ban).", {}, ["thường trực"]),  # innermost only
        ("Rà soát (a) và (Sở Y tế phối hợp).", {"shortest": 4}, ["Sở Y tế phối hợp"]),
        ("Rà soát (Sở Y tế phối hợp).", {"longest": 5}, []),
        ("Rà soát (Sở Y tế phối hợp và ( chưa đóng", {}, []),
        ("()", {}, [""]),
    ],
)
def test_parentheses_give_the_text_of_each_innermost_pair(text, kw, expected):
    assert [text[a:b] for a, b in outline.parentheses(text, **kw)] == expected


def test_blank_parentheses_keeps_offsets_and_blanks_only_innermost_pairs():
    from tinhgon.builders.outline import blank_parentheses

    s = "Quyết định số 5 (được sửa đổi (bởi số 7)) và số 9 ("
    out = blank_parentheses(s)
    assert len(out) == len(s)
    assert out == "Quyết định số 5 (được sửa đổi           ) và số 9 ("
    assert blank_parentheses("(a)(b)") == " " * 6
    s = "Luật số 1 (sửa đổi (bởi Luật số 2) năm 2020) và (khác) x)"
    out = blank_parentheses(s)
    assert len(out) == len(s) and "bởi" not in out and "khác" not in out
    assert "(sửa đổi" in out and "năm 2020)" in out  # one pass: the outer parenthesis stays
    assert blank_parentheses("không có ngoặc") == "không có ngoặc"
