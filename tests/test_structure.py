"""Outline structure: numbering shapes, refs like the gold records, labels, footnotes, flattened tables."""

from __future__ import annotations

import json

import pytest

from tinhgon.builders.load import RawText, load
from tinhgon.builders.model import Source
from tinhgon.builders.normalise import normalise
from tinhgon.builders.structure import match_marker, parse_structure

from .conftest import CORPUS, GOLD


def src_of(text: str):
    return normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8", text=text))


def blocks(text: str):
    st = parse_structure(src_of(text))
    return [b for b in st.root.walk() if b is not st.root]


def refs(text: str, kinds=("heading", "item", "bullet", "row")) -> list[str]:
    return [b.ref for b in blocks(text) if b.kind in kinds]


@pytest.mark.parametrize(
    ("line", "shape", "label"),
    [
        ("A. MỤC ĐÍCH", "letter", "A"),
        ("II. NỘI DUNG", "roman", "II"),
        ("III) ĐỐI VỚI MẶT TRẬN", "roman", "III"),
        ("IV- TỔ CHỨC THỰC HIỆN", "roman", "IV"),
        ("4) Đề xuất mô hình", "arabic", "4"),
        ("2- Mục tiêu", "arabic", "2"),
        ("2.1. Về thực hiện", "dotted", "2.1"),
        ("2.1.3 Rà soát", "dotted", "2.1.3"),
        ("b) Sở Tài chính", "lower", "b"),
        ("- Rà soát", "dash", "-"),
        ("+ Trong năm 2018", "plus", "+"),
        ("I/ NHIỆM VỤ", "roman", "I"),
        ("B. Nhiệm vụ và giải pháp", "letter", "B"),
        ("II.1. Sở Nội vụ", "romandot", "II.1"),
        ("a. Sở Tài chính", "lower", "a"),
        ("c- Rà soát", "lower", "c"),
        ("(2) Báo cáo", "arabic", "2"),
        ("3/ Báo cáo", "arabic", "3"),
        ("— Gửi báo cáo", "dash", "—"),
    ],
)
def test_marker_shapes(line, shape, label):
    got = match_marker(line)
    assert got is not None and got[:2] == (shape, label)


@pytest.mark.parametrize("line", ["Ủy ban nhân dân tỉnh chỉ đạo", "2018 là năm", "Việc triển khai"])
def test_plain_lines_have_no_marker(line):
    assert match_marker(line) is None


def test_refs_follow_the_order_shapes_open():
    text = "A. NỘI DUNG\n\nI. ĐẢNG\n1. Rà soát quy định.\n- Xây dựng đề án.\n- Rà soát bộ máy.\n" \
           "2. Thực hiện thí điểm.\nII- CHÍNH QUYỀN\n1. Rà soát tiêu chí.\nB. TỔ CHỨC THỰC HIỆN\n- Giao Sở Nội vụ.\n"
    assert refs(text) == ["A", "A.I", "A.I.1", "A.I.1-1", "A.I.1-2", "A.I.2", "A.II", "A.II.1", "B", "B-1"]


def test_dotted_numbers_replace_the_arabic_numbers_above():
    text = "II. NỘI DUNG\n2. Nhiệm vụ chung\n2.1. Theo lộ trình\n2.1.1. Xây dựng kế hoạch.\n" \
           "2.1.2. Rà soát.\n2.2. Thường xuyên\n2.2.1. Đẩy mạnh.\n3. Cụ thể\n3.1. Sở Nội vụ\n- Tham mưu.\n"
    assert refs(text) == ["II", "II.2", "II.2.1", "II.2.1.1", "II.2.1.2", "II.2.2", "II.2.2.1", "II.3",
                          "II.3.1", "II.3.1-1"]


def test_label_lines_are_labels_not_bullets():
    text = "I. ĐẢNG\n1. Rà soát quy định.\n- Cơ quan chủ trì: Ban Tổ chức Tỉnh ủy;\n" \
           "- Cơ quan phối hợp: Sở Nội vụ.\nThời gian thực hiện: Trong quý II/2018.\n- Xây dựng đề án.\n"
    bs = blocks(text)
    assert [b.kind for b in bs] == ["heading", "item", "label", "label", "label", "bullet"]
    assert bs[-1].ref == "I.1-1"  # labels do not count as bullets
    assert bs[2].parent is bs[1] and bs[2].label == "-" and bs[4].label == ""


def test_plus_lines_after_an_empty_label_are_its_value():
    text = "1. Xây dựng Đề án.\n- Thời gian thực hiện:\n+ Hoàn thành trong quý II/2018;\n+ Thực hiện từ tháng 7/2018.\n"
    bs = blocks(text)
    assert [b.kind for b in bs] == ["item", "label"]
    assert "tháng 7/2018" in bs[1].text


def test_unmarked_paragraphs_and_broken_lines_belong_to_the_item_above():
    text = "1. Rà soát quy định của Đảng ủy Khối\n\ndoanh nghiệp tỉnh theo hướng tinh gọn.\n2. Thực hiện.\n"
    bs = blocks(text)
    assert [(b.kind, b.ref) for b in bs] == [("item", "1"), ("para", "1"), ("item", "2")]
    assert bs[1].parent is bs[0]


def test_a_footnote_does_not_break_the_item():
    text = "2.3. Về tinh giản\nCác địa phương rà soát kế hoạch\n\n¹ Thực hiện thí điểm tại huyện A.\n\n" \
           "và tổ chức thực hiện.\n2.4. Kiểm tra\n"
    bs = blocks(text)
    assert [b.kind for b in bs] == ["item", "para", "para", "item"]
    assert all("Thực hiện thí điểm" not in b.text for b in bs)


def test_offsets_cover_the_items_own_line():
    src = src_of("I. ĐẢNG\n1. Rà soát quy định.\n")
    item = next(b for b in parse_structure(src).root.walk() if b.kind == "item")
    assert src.text[item.start:item.end] == "1. Rà soát quy định."
    assert item.text == "Rà soát quy định."


def test_the_closing_and_signature_are_not_outline():
    text = "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ theo dõi.\nNơi nhận:\n- Bộ Nội vụ;\n- Lưu VT.\n"
    assert refs(text) == ["III", "III.1"]


TABLE = (
    "I. NỘI DUNG\n1. Rà soát.\nNơi nhận:\n- Lưu VT.\nPHỤ LỤC\n"
    "\tTT\n\tNội dung nhiệm vụ\n\tCơ quan chủ trì\n\tCơ quan phối hợp\n\tThời gian hoàn thành\n\n"
    "\t1\n\t2\n\t3\n\t4\n\t5\n\n"
    "\t1\n\tRà soát các thôn\n\tSở Nội vụ\n\t \n\tTrong năm 2019\n\n"
    "\t2\n\tXây dựng đề án\n\tUBND huyện\n\tSở Tài chính\n\tThường xuyên\n\n"
)


def test_flattened_table_rows():
    rows = [b for b in blocks(TABLE) if b.kind == "row"]
    assert [r.ref for r in rows] == ["appendix.1", "appendix.2"]
    assert rows[0].cells["Nội dung nhiệm vụ"] == "Rà soát các thôn"
    assert rows[0].cells["Cơ quan phối hợp"] == ""  # an empty cell keeps its column
    assert rows[1].cells["Cơ quan phối hợp"] == "Sở Tài chính"
    assert rows[1].text == "Xây dựng đề án"


def test_table_without_blank_lines_is_grouped_by_column_count():
    text = "Nơi nhận:\n- Lưu.\nSTT\nNội dung nhiệm vụ\nCơ quan chủ trì\n\n1\nRà soát\nSở Nội vụ\n2\nBáo cáo\nSở Y tế\n"
    rows = [b for b in blocks(text) if b.kind == "row"]
    assert [(r.ref, r.cells["Cơ quan chủ trì"]) for r in rows] == [
        ("appendix.1", "Sở Nội vụ"), ("appendix.2", "Sở Y tế")]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_gold_task_ref_is_a_block_ref(path):
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    st = parse_structure(normalise(load(path)))
    have = {b.ref for b in st.root.walk()}
    missing = [t["ref"] for t in gold["tasks"] if t["ref"] not in have]
    assert not missing


def test_markdown_pipe_table():
    text = ("I. NỘI DUNG\n1. Rà soát.\n\n| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian |\n"
            "|---|---|---|---|\n| (1) | (2) | (3) | (4) |\n| I | Đối với Đảng | | |\n"
            "| 1 | Rà soát các thôn | Sở Nội vụ | Năm 2019 |\n| 2. | Xây dựng đề án | | |\n")
    src = src_of(text)
    rows = [b for b in parse_structure(src).root.walk() if b.kind == "row"]
    assert [r.ref for r in rows] == ["appendix.1", "appendix.2"]  # the group row "I" is no task row
    assert rows[0].cells["Cơ quan chủ trì"] == "Sở Nội vụ" and rows[1].cells["Cơ quan chủ trì"] == ""
    assert src.text[rows[0].start:rows[0].end].startswith("1 | Rà soát")


def test_one_cell_per_line_table_in_the_body_and_a_second_table():
    text = ("1. Rà soát.\nTT\nNội dung nhiệm vụ\nCơ quan chủ trì\n\n1\nRà soát\nSở Nội vụ\n\n"
            "STT\nNội dung nhiệm vụ\nCơ quan chủ trì\n\n1\nBáo cáo\nSở Y tế\n")
    rows = [b for b in blocks(text) if b.kind == "row"]
    assert [(r.ref, r.text) for r in rows] == [("appendix.1", "Rà soát"), ("appendix2.1", "Báo cáo")]


@pytest.mark.parametrize("label", ["Sản phẩm: Đề án", "Thời hạn hoàn thành: Quý IV/2019", "Chủ trì: Sở Nội vụ",
                                   "Đơn vị chủ trì: Sở Nội vụ", "Kinh phí: Ngân sách tỉnh"])
def test_more_label_shapes(label):
    bs = blocks(f"1. Xây dựng Đề án.\n- {label}\n")
    assert [b.kind for b in bs] == ["item", "label"]


def test_markup_left_in_the_source_parses_like_clean_text():
    text = "## II. NHIỆM VỤ\n1. Xây dựng Đề án.\n- *Cơ quan chủ trì:* Sở Nội vụ\n" \
           "**Thời gian thực hiện:** Quý II/2019\n* Rà soát các thôn.\n"
    src = Source(path="t", name="t", stem="t", sha256="", encoding="utf-8", original=text, text=text,
                 offsets=list(range(len(text) + 1)))
    bs = [b for b in parse_structure(src).root.walk() if b.kind != "heading" or b.ref]
    assert [(b.kind, b.ref) for b in bs] == [("heading", "II"), ("item", "II.1"), ("label", "II.1"),
                                             ("label", "II.1"), ("bullet", "II.1-1")]
    assert bs[2].text.split() == ["Cơ", "quan", "chủ", "trì:", "Sở", "Nội", "vụ"]
    assert text[bs[4].start:bs[4].end].endswith("Rà soát các thôn.")


def test_a_list_with_other_punctuation_nests_but_a_stray_sibling_does_not():
    text = "I/ NHIỆM VỤ\n1. Đối với Sở Nội vụ\n1) Rà soát.\n2) Xây dựng đề án.\n2. Đối với Sở Tài chính\n" \
           "a. Bố trí kinh phí.\nb. Hướng dẫn.\n3. Rà soát các thôn.\n4) Kiện toàn các ban chỉ đạo.\n"
    assert refs(text) == ["I", "I.1", "I.1.1", "I.1.2", "I.2", "I.2.a", "I.2.b", "I.3", "I.4"]


def test_roman_dotted_numbers_hang_under_their_roman_heading():
    text = "II. TỔ CHỨC THỰC HIỆN\nII.1. Sở Nội vụ chủ trì.\nII.2. Các sở xây dựng kế hoạch.\n(1) Báo cáo sơ kết.\n"
    assert refs(text) == ["II", "II.1", "II.2", "II.2.1"]


@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_table_group_rows_and_short_rows(sep):
    """A group row ("I", "Lĩnh vực …") neither ends the table nor shifts the rows after it."""
    cells = [["I", "Lĩnh vực tổ chức bộ máy"], ["1", "Rà soát các phòng", "Sở Nội vụ", "Quý II/2019"],
             ["2", "Sắp xếp các thôn", "UBND các huyện", "Năm 2019"], ["II", "Lĩnh vực biên chế"],
             ["3", "Tinh giản biên chế", "Sở Nội vụ", "Hằng năm"]]
    text = "Nơi nhận:\n- Lưu.\n\nSTT\nNội dung công việc\nĐơn vị chủ trì\nThời gian hoàn thành\n\n1\n2\n3\n4\n\n" + \
        sep.join("\n".join(r) for r in cells) + "\n"
    rows = [b for b in blocks(text) if b.kind == "row"]
    assert [(r.ref, r.cells["Đơn vị chủ trì"], r.cells["Thời gian hoàn thành"]) for r in rows] == [
        ("appendix.1", "Sở Nội vụ", "Quý II/2019"), ("appendix.2", "UBND các huyện", "Năm 2019"),
        ("appendix.3", "Sở Nội vụ", "Hằng năm")]


def test_the_closing_paragraph_joins_no_item_and_the_end_mark_ends_the_outline():
    text = "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính bố trí kinh phí.\nTrong quá trình thực hiện, nếu có khó khăn, " \
           "vướng mắc, các cơ quan báo cáo UBND tỉnh xem xét, giải quyết.\n2. Sở Nội vụ theo dõi./.\n" \
           "TM. ỦY BAN NHÂN DÂN\n1. Chữ ký số.\n"
    bs = blocks(text)
    assert [(b.kind, b.ref) for b in bs] == [("heading", "IV"), ("item", "IV.1"), ("item", "IV.2")]


def test_table_with_one_row_per_line_and_tabs_between_cells():
    text = "1. Rà soát.\nNơi nhận:\n- Lưu.\nSTT\tNội dung nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành\n" \
           "1\t2\t3\t4\nI\tTổ chức bộ máy\t\t\n1\tRà soát các phòng\tSở Nội vụ\tQuý II/2019\n\n" \
           "2\tXây dựng đề án\tSở Y tế\tNăm 2020\nTrên đây là nội dung.\n"
    rows = [b for b in blocks(text) if b.kind == "row"]
    assert [(r.ref, r.text, r.cells["Cơ quan chủ trì"]) for r in rows] == [
        ("appendix.1", "Rà soát các phòng", "Sở Nội vụ"), ("appendix.2", "Xây dựng đề án", "Sở Y tế")]
    src = src_of(text)
    assert src.text[rows[1].start:rows[1].end].startswith("2\tXây dựng đề án")


def test_numbered_appendix_after_the_signature_is_read_under_appendix():
    text = "1. Rà soát các phòng.\nNơi nhận:\n- Lưu.\nCHỦ TỊCH\n\nPHỤ LỤC\nPHÂN CÔNG NHIỆM VỤ\n" \
           "I. LĨNH VỰC TỔ CHỨC BỘ MÁY\n1. Rà soát các phòng\n- Cơ quan chủ trì: Sở Nội vụ\n2. Xây dựng đề án\n"
    assert refs(text) == ["1", "appendix", "appendix.I", "appendix.I.1", "appendix.I.2"]
    app = next(b for b in blocks(text) if b.ref == "appendix")
    assert src_of(text).text[app.start:app.end].startswith("PHỤ LỤC") and app.end > app.start


def test_an_appendix_title_before_its_table_holds_the_rows():
    text = "1. Rà soát.\nNơi nhận:\n- Lưu.\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\nSTT\nNội dung nhiệm vụ\nCơ quan chủ trì\n\n" \
           "1\nRà soát các thôn\nSở Nội vụ\n"
    assert refs(text) == ["1", "appendix", "appendix.1"]


@pytest.mark.parametrize("line", ["Cơ quan chủ tri: Sở Nội vụ", "Thoi gian thực hiện: Quý II/2019",
                                  "- Co quan phoi hop: Sở Y tế"])
def test_label_words_with_tone_marks_lost_to_ocr(line):
    bs = blocks(f"1. Rà soát các thôn.\n{line}\n")
    assert [b.kind for b in bs] == ["item", "label"]


# --- real documents' shapes (inputs written for the test) ------------------------------------


def laid_blocks(text: str):
    from tinhgon.builders.layout import layout

    st = parse_structure(layout(src_of(text)))
    return [b for b in st.root.walk() if b is not st.root]


def test_unnumbered_paragraphs_get_their_own_refs_among_their_parents_paragraphs():
    text = ("I. NHIỆM VỤ\n\nSở Nội vụ chủ trì rà soát chức năng, nhiệm vụ.\n\n"
            "Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh phối hợp giám sát.\n\n"
            "II. TỔ CHỨC THỰC HIỆN\n\nSở Tài chính bố trí kinh phí.\n")
    paras = [(b.ref, b.own_ref) for b in blocks(text) if b.kind == "para"]
    assert paras == [("I", "I.para.1"), ("I", "I.para.2"), ("II", "II.para.1")]


def test_a_news_page_numbers_its_paragraphs_across_its_own_headings():
    text = ("# Chính phủ thông qua Đề án sắp xếp\n\n### Nội dung chính\n\nChính phủ đã thông qua hồ sơ Đề án.\n\n"
            "## Giao nhiệm vụ\n\nGiao Bộ Nội vụ chủ trì, phối hợp với các cơ quan liên quan.\n")
    bs = laid_blocks(text)
    assert [(b.shape, b.own_ref) for b in bs] == [
        ("page-heading", ""), ("page-heading", ""), ("", "para.1"), ("page-heading", ""), ("", "para.2")]


def test_paragraphs_ending_in_semicolons_under_a_lead_in_form_its_list_and_one_run():
    text = ("2. Về tổ chức bộ máy\n\nGiao Sở Nội vụ thực hiện các nhiệm vụ sau:\n\n"
            "Rà soát chức năng, nhiệm vụ của các phòng chuyên môn;\n\n"
            "Xây dựng phương án sắp xếp các đơn vị sự nghiệp;\n\n"
            "Báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2025.\n")
    paras = [b for b in blocks(text) if b.kind == "para"]
    lead, *entries = paras
    assert lead.text.endswith(":") and all(e.lead_in is lead for e in entries)
    assert entries[0].run == entries == entries[2].run  # one sentence spread over three paragraphs
    assert [e.own_ref for e in entries] == ["2.para.2", "2.para.3", "2.para.4"]


def test_label_lines_wrapped_over_several_lines_stay_one_label():
    text = ("1. Tổ chức tập huấn cho cán bộ, công chức\n\n- Cơ quan chủ trì: Sở Nội vụ, Sở\n"
            "Giáo dục và Đào tạo, Sở Tài chính.\n\n- Cơ quan phối hợp: Bảo hiểm xã\nhội tỉnh và các cơ quan liên\n"
            "quan.\n\n- Thời gian thực hiện:\nNăm 2025 và các năm tiếp theo.\n")
    labels = [b for b in laid_blocks(text) if b.kind == "label"]
    assert [b.text for b in labels] == [
        "Cơ quan chủ trì: Sở Nội vụ, Sở Giáo dục và Đào tạo, Sở Tài chính.",
        "Cơ quan phối hợp: Bảo hiểm xã hội tỉnh và các cơ quan liên quan.",
        "Thời gian thực hiện:\nNăm 2025 và các năm tiếp theo.",
    ]
    assert all(b.ref == "1" for b in labels)


@pytest.mark.parametrize(
    ("label", "role"),
    [("Cơ quan chủ trì: Sở Y tế", "lead"), ("Đơn vị phối hợp: Sở Tài chính", "coordinating"),
     ("Cơ quan thực hiện: Các sở, ngành", "implementing"), ("Cơ quan thẩm định: Sở Tư pháp", "appraising"),
     ("Thời gian hoàn thành: Quý IV/2025", "time"), ("Thoi gian thuc hien: năm 2025", "time"),
     ("Nội dung: rà soát văn bản", "none")],
)
def test_a_label_names_its_role(label, role):
    from tinhgon.builders.structure import label_role

    assert label_role(label) == role


def test_a_table_whose_columns_are_the_roles_and_the_time_gives_rows_with_named_cells():
    text = ("PHỤ LỤC\n\n| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "|---|---|---|---|---|\n| I | LĨNH VỰC CHUNG | | | |\n"
            "| 1 | Rà soát văn bản | Sở Tư pháp | Các sở, ngành | Quý IV/2025 |\n"
            "| 2 | Xây dựng đề án | Sở Nội vụ | Sở Tài chính | Thường xuyên |\n")
    rows = [b for b in blocks(text) if b.kind == "row"]
    assert [r.ref for r in rows] == ["appendix.1", "appendix.2"]
    assert rows[0].cells["Cơ quan chủ trì"] == "Sở Tư pháp"
    assert rows[1].cells["Thời gian hoàn thành"] == "Thường xuyên"
    assert rows[0].text == "Rà soát văn bản"


def test_a_legal_text_in_chapters_articles_and_clauses():
    text = ("Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nChương II\nTỔ CHỨC THỰC HIỆN\n"
            "Điều 2. Trách nhiệm thi hành\n1. Ủy ban nhân dân tỉnh chỉ đạo thực hiện.\n"
            "a) Sở Nội vụ chủ trì hướng dẫn.\n2. Sở Tài chính bố trí kinh phí.\nĐiều 3. Hiệu lực thi hành\n")
    got = [(b.kind, b.ref) for b in blocks(text) if b.kind != "para"]
    assert got == [("heading", "Chương I"), ("item", "Điều 1"), ("heading", "Chương II"), ("item", "Điều 2"),
                   ("item", "Điều 2.1"), ("item", "Điều 2.1.a"), ("item", "Điều 2.2"), ("item", "Điều 3")]


def test_items_numbered_past_99_and_thousands_are_not_numbers():
    text = "\n".join(f"{n}. Nhiệm vụ số {n}." for n in range(98, 103)) + "\n3.193 phương án sắp xếp được xây dựng.\n"
    assert refs(text) == ["98", "99", "100", "101", "102"]


def test_roman_numerals_in_parentheses_and_a_letter_i_after_h():
    text = "+ Với cấp xã:\n(i) Nếu hội hoạt động rộng thì tiếp tục.\n(ii) Nếu hội hoạt động hẹp thì giải thể.\n"
    assert refs(text) == ["-1", "-1.i", "-1.ii"]
    text = "1. Nhiệm vụ\ng) Rà soát.\nh) Sắp xếp.\ni) Báo cáo.\n"
    assert refs(text) == ["1", "1.g", "1.h", "1.i"]


def test_a_decision_is_read_on_into_the_plan_it_promulgates():
    text = ("QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai.\n"
            "Điều 2. Quyết định này có hiệu lực từ ngày ký.\nNơi nhận:\n- Lưu: VT.\nTHỦ TƯỚNG\nNguyễn Văn A\n"
            "KẾ HOẠCH\nTRIỂN KHAI THI HÀNH LUẬT\n(Kèm theo Quyết định số 12/QĐ-TTg ngày 01 tháng 7 năm 2025)\n"
            "I. NHIỆM VỤ\n1. Tổ chức tuyên truyền Luật.\nNơi nhận:\n2. Không đọc sau lần kết thúc thứ hai.\n")
    assert refs(text) == ["I", "I.1"]  # the decision's own articles assign nothing (enacting clauses)


def test_the_paragraph_that_ends_the_body_hangs_under_the_outermost_part():
    text = ("V. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Chủ trì tổng hợp.\n"
            "Ủy ban nhân dân tỉnh yêu cầu các sở báo cáo trước ngày 30 tháng 11 hằng năm./.\n")
    last = blocks(text)[-1]
    assert (last.kind, last.ref, last.own_ref) == ("para", "V", "V.para.1")


def test_many_bullets_under_one_parent_are_counted_in_order():
    text = "1. Nhiệm vụ\n" + "\n".join(f"- Việc số {n}." for n in range(1, 301))
    assert refs(text)[-1] == "1-300"


def test_a_qa_pages_own_question_closes_the_list_above_it():
    text = ("# Toàn văn Hướng dẫn 05/HD-ABC về sắp xếp các hội?\n\n(1) Hội Nhà văn Việt Nam\n\n"
            "(2) Hội Nhà báo Việt Nam\n\n"
            "**Sắp xếp các hội theo Hướng dẫn 05/HD-ABC ra sao?**\n\nCăn cứ theo Hướng dẫn 05/HD-ABC:\n\n"
            "- Các hội cùng tên hợp nhất thành một hội.\n")
    got = [(b.kind, b.ref, b.shape) for b in laid_blocks(text) if b.kind != "para" or b.shape]
    assert got == [("para", "", "page-heading"), ("item", "1", "arabic"), ("item", "2", "arabic"),
                   ("para", "", "page-heading"), ("bullet", "-1", "dash")]


def test_a_table_without_a_number_column_numbers_its_rows_in_order():
    text = ("| Nội dung công việc | Cơ quan chủ trì | Thời gian |\n|---|---|---|\n| Nhóm nhiệm vụ chung | | |\n"
            "| Rà soát văn bản | Sở Tư pháp | Quý IV/2025 |\n| Xây dựng đề án | Sở Nội vụ | Năm 2026 |\n")
    rows = [b for b in blocks(text) if b.kind == "row"]
    assert [(r.ref, r.text, r.cells["Cơ quan chủ trì"]) for r in rows] == [
        ("appendix.1", "Rà soát văn bản", "Sở Tư pháp"), ("appendix.2", "Xây dựng đề án", "Sở Nội vụ")]


def test_the_line_that_attaches_a_plan_is_read_under_a_bullet_marker_too():
    text = ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai.\nNơi nhận:\n- Lưu: VT.\n"
            "KẾ HOẠCH\n- (Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 01 tháng 7 năm 2025)\n"
            "I. NHIỆM VỤ\n1. Tổ chức tuyên truyền.\n- Tập huấn cán bộ.\n")
    assert refs(text) == ["I", "I.1", "I.1-1"]


def test_items_past_999_count_on_but_a_year_opening_a_line_is_text():
    text = "\n".join(f"{n}. Nhiệm vụ số {n}." for n in range(997, 1003)) + "\n2025. Năm bản lề của kế hoạch.\n"
    assert refs(text) == ["997", "998", "999", "1000", "1001", "1002"]
    assert blocks(text)[-1].kind == "para"
    assert refs("1. Rà soát.\n2025. Tổng kết năm.\n") == ["1"]


def test_table_rows_numbered_again_under_each_group_name_their_group():
    text = ("Nơi nhận:\n- Lưu.\n\n| TT | Nội dung nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n"
            "| I | Lĩnh vực tổ chức bộ máy | |\n| 1 | Rà soát các phòng | Sở Nội vụ |\n"
            "| 2 | Sắp xếp các thôn | Sở Nội vụ |\n"
            "| II | Lĩnh vực biên chế | |\n| 1 | Tinh giản biên chế | Sở Nội vụ |\n")
    assert refs(text, ("row",)) == ["appendix.I.1", "appendix.I.2", "appendix.II.1"]


def test_a_table_of_a_page_without_blank_lines_is_read_as_rows():
    from .test_layout import NO_BLANKS, laid

    st = parse_structure(laid(NO_BLANKS))
    rows = [b for b in st.root.walk() if b.kind == "row"]
    assert [(r.ref, r.text, r.cells["Cơ quan chủ trì"]) for r in rows] == [
        ("appendix.1", "Rà soát văn bản", "Sở Tư pháp"), ("appendix.2", "Tập huấn cán bộ", "Sở Nội vụ")]
    items = [b.ref for b in st.root.walk() if b.kind == "item"]
    assert items[:3] == ["1", "3", "5"] and len(items) == 12


def test_the_acts_own_clauses_leave_no_block_and_close_the_article_above():
    text = ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tuyên truyền.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nThay thế Quyết định số 12/QĐ-UBND.\n"
            "Điều 3. Sở Nội vụ chủ trì tổ chức tập huấn.\n"
            "Điều 4. Giám đốc các sở, Chủ tịch Ủy ban nhân dân các xã chịu trách nhiệm thi hành Quyết định này./.\n")
    bs = blocks(text)
    assert [(b.kind, b.ref) for b in bs] == [("para", ""), ("item", "Điều 3")]
    assert bs[0].text == "Thay thế Quyết định số 12/QĐ-UBND."
    # a khoản that sets the effect is no item either; the khoản beside it still is
    assert refs("Điều 9. Hiệu lực thi hành\n1. Nghị quyết này có hiệu lực từ ngày 15 tháng 4 năm 2025.\n"
                "2. Ủy ban nhân dân tỉnh tổ chức thực hiện.\n") == ["Điều 9", "Điều 9.2"]
    # the article's number printed alone, its words a paragraph below it
    assert refs("Điều 1.\n\nBan hành kèm theo Nghị quyết này Kế hoạch.\n\nĐiều 2.\n\nSở Nội vụ chủ trì.\n") == \
        ["Điều 2"]


def test_item_1000_counts_on_over_a_nested_list_left_open():
    text = "998. Rà soát.\n999. Sắp xếp:\n1) Các phòng.\n2) Các thôn.\n1000. Báo cáo.\n1001. Tổng kết.\n"
    assert refs(text) == ["998", "999", "999.1", "999.2", "1000", "1001"]


def test_a_notice_s_closing_formula_run_into_the_last_item_is_cut_from_it():
    """"Văn phòng … thông báo để X biết, thực hiện./." closes a notice: re-flowed into the last item's
    paragraph, it must not lend the item the office as a body, nor its text."""
    text = ("THÔNG BÁO\nKết luận của Phó Thủ tướng tại cuộc họp\n\n"
            "1. Bộ Tài chính khẩn trương tổng hợp, báo cáo Thủ tướng Chính phủ.\n"
            "2. Bộ Tư pháp có trách nhiệm kiểm tra, đôn đốc các Bộ thực hiện Nghị quyết theo quy định. "
            "Văn phòng Chính phủ thông báo để Bộ Tư pháp và các cơ quan liên quan biết, thực hiện./.\n")
    items = {b.ref: b.text for b in blocks(text) if b.kind == "item"}
    assert items["2"].endswith("theo quy định."), items
    # a sentence that only mentions a notice is left in place
    said = "Sở Nội vụ rà soát. Sở Nội vụ thông báo kết quả rà soát cho các xã."
    assert [b.text for b in blocks(f"1. {said}\n") if b.kind == "item"] == [said]


def test_the_first_label_row_gives_the_role_whether_printed_or_accent_free():
    """A label that two rows read ("chủ trì … thực hiện": lead and implementing) takes the role of the
    row the lexicon lists first, in the printed words and in the words OCR left without tone marks."""
    from tinhgon.builders.structure import is_label, label_role

    assert label_role("Cơ quan chủ trì thực hiện: Sở Nội vụ") == "lead"
    assert label_role("Co quan chu tri thuc hien: Sở Nội vụ") == "lead"
    assert label_role("Cơ quan thực hiện: Sở Nội vụ") == "implementing"
    assert not is_label("Cơ quan chủ trì tổ chức hội nghị tổng kết.")  # no colon: a sentence
    assert label_role("Sở Nội vụ chủ trì: rà soát") is None  # the label opens the line


@pytest.mark.parametrize(
    ("rule", "is_rule"),
    [("|---|---|", True), ("| :--- | ---: |", True), ("|:--:|--|", True), ("--- | ---", True),
     ("|---|-|", True), ("|---|---", True), ("| - | - |", False), ("|---|", True), ("---", False),
     ("| 1 | 2 |", False), ("|:-:|", False), ("|---|::-|", False)],
)
def test_the_rule_under_a_markdown_table_s_header(rule, is_rule):
    """Dashes between pipes, a colon at either end of a cell; a cell of two dashes or more before a pipe."""
    from tinhgon.builders.structure import _pipe_rule

    assert _pipe_rule(rule) is is_rule


def test_a_pipe_table_with_aligned_columns_reads_its_rows_not_its_rule():
    text = ("| TT | Nội dung nhiệm vụ | Cơ quan chủ trì |\n| :-: | :--- | ---: |\n"
            "| 1 | Rà soát văn bản | Sở Tư pháp |\n| 2. | Xây dựng đề án | Sở Nội vụ |\n")
    rows = [b for b in blocks(text) if b.kind == "row"]
    assert [(r.ref, r.text) for r in rows] == [("appendix.1", "Rà soát văn bản"), ("appendix.2", "Xây dựng đề án")]


@pytest.mark.parametrize(
    ("cell", "number", "group"),
    [("3", 3, False), ("12.", 12, False), ("1000", None, False), ("3..", None, False), ("II", None, True),
     ("IV.", None, True), ("A.", None, True), ("VIII", None, True), ("XXXVII", None, False), ("a", None, False),
     ("", None, False)],
)
def test_a_table_row_opens_with_its_number_or_a_group_s_numeral(cell, number, group):
    from tinhgon.builders.structure import _group_mark, _row_number

    assert _row_number(cell) == number
    assert _group_mark(cell) is group


@pytest.mark.parametrize(
    ("line", "note"),
    [("¹ Thực hiện thí điểm.", True), ("  ²³Theo Quyết định số 12.", True), ("¹²", True), ("¹", False),
     ("¹  ", False), ("1 Thực hiện.", False)],
)
def test_a_footnote_line_opens_with_a_superscript_number(line, note):
    from tinhgon.builders.structure import _footnote

    assert _footnote(line) is note
