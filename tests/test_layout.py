"""Layout recovery: real documents' wraps, frames, glue and boilerplate read like a clean plan, quotes exact."""

from __future__ import annotations

import pytest

from tinhgon.builders.layout import layout
from tinhgon.builders.load import RawText
from tinhgon.builders.normalise import normalise


def laid(text: str):
    return layout(normalise(RawText(path="t.md", name="t.md", stem="t", sha256="", encoding="utf-8", text=text)))


def quotes_exactly(src, words: str) -> None:
    """``words`` is in the laid-out text and its span quotes the file's own characters for them."""
    i = src.text.index(words)
    quote = src.quote(src.span(i, i + len(words)))
    assert " ".join(quote.replace("*", "").split()) == " ".join(words.split())


# A hard-wrapped text: several lines run on into a line that starts in lower case.
WRAPPED = """KẾ HOẠCH

Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban
nhân dân tỉnh về sắp xếp tổ chức bộ máy, các cơ quan
tổ chức thực hiện các nhiệm vụ sau đây một cách
nghiêm túc và hiệu quả.

1. Tổ chức quán triệt Kế hoạch trong các cơ quan,
đơn vị trên địa bàn tỉnh.

- Cơ quan chủ trì: Sở Nội vụ.

- Cơ quan phối hợp: Sở Nông nghiệp và
Môi trường và Ủy ban nhân dân xã, phường.

2. Rà soát chức năng, nhiệm vụ của các phòng
chuyên môn.
"""


def test_a_line_break_inside_an_agency_name_disappears():
    src = laid(WRAPPED)
    assert "- Cơ quan phối hợp: Sở Nông nghiệp và Môi trường và Ủy ban nhân dân xã, phường." in src.text.split("\n")
    quotes_exactly(src, "Sở Nông nghiệp và Môi trường")


def test_paragraphs_reflow_but_items_and_bullets_keep_their_lines():
    lines = [ln for ln in laid(WRAPPED).text.split("\n") if ln.strip()]
    assert lines == [
        "KẾ HOẠCH",
        "Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh về sắp xếp tổ chức bộ máy, các cơ quan "
        "tổ chức thực hiện các nhiệm vụ sau đây một cách nghiêm túc và hiệu quả.",
        "1. Tổ chức quán triệt Kế hoạch trong các cơ quan, đơn vị trên địa bàn tỉnh.",
        "- Cơ quan chủ trì: Sở Nội vụ.",
        "- Cơ quan phối hợp: Sở Nông nghiệp và Môi trường và Ủy ban nhân dân xã, phường.",
        "2. Rà soát chức năng, nhiệm vụ của các phòng chuyên môn.",
    ]


def test_a_hand_written_text_keeps_its_lines():
    text = "I. NHIỆM VỤ\n2. Nhiệm vụ chung\nỦy ban nhân dân tỉnh chỉ đạo thực hiện.\n**T/M BAN THƯỜNG VỤ\nBÍ THƯ**\n"
    assert laid(text).text.split("\n")[:5] == [
        "I. NHIỆM VỤ", "2. Nhiệm vụ chung", "Ủy ban nhân dân tỉnh chỉ đạo thực hiện.", "T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


def test_bold_split_across_lines_is_one_run():
    text = WRAPPED + "\n**3. Sở Tư**\n**pháp** chủ trì thẩm định.\n\n**II. MỤC\nĐÍCH, YÊU CẦU**\n\n" \
        "**4.\nSở Tài chính:**\n"
    lines = laid(text).text.split("\n")
    assert "3. Sở Tư pháp chủ trì thẩm định." in lines
    assert "II. MỤC ĐÍCH, YÊU CẦU" in lines
    assert "4. Sở Tài chính:" in lines
    quotes_exactly(laid(text), "Sở Tư pháp")


HEADER = """|
**ỦY BAN NHÂN
DÂN **
TỈNH ĐẮK LẮK
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
|
Số: 0130/KH-UBND
|
*Đắk Lắk, ngày 21
tháng 11 năm 2025*
|

"""


def test_a_header_written_between_pipe_lines_reads_as_its_printed_lines():
    src = laid(HEADER + WRAPPED)
    lines = [ln for ln in src.text.split("\n") if ln.strip()]
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: 0130/KH-UBND"]
    assert lines[6] == "Đắk Lắk, ngày 21 tháng 11 năm 2025"
    assert [r.kind for r in src.regions if r.kind == "header"] == ["header"]
    issuer = next(r for r in src.regions if r.kind == "issuer")
    assert src.text[issuer.start:issuer.end].split("\n") == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"]
    quotes_exactly(src, "Đắk Lắk, ngày 21 tháng 11 năm 2025")


def test_a_header_written_as_a_markdown_table_reads_as_lines():
    text = ("| ỦY BAN NHÂN DÂN TỈNH SƠN LA | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
            "| Số: 12/KH-UBND | Sơn La, ngày 02 tháng 7 năm 2025 |\n\n" + WRAPPED)
    src = laid(text)
    lines = [ln.strip() for ln in src.text.split("\n") if ln.strip()]
    assert lines[:4] == ["ỦY BAN NHÂN DÂN TỈNH SƠN LA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND",
                         "Sơn La, ngày 02 tháng 7 năm 2025"]
    assert any(r.kind == "header" for r in src.regions)


CLOSING = """
|
*Nơi nhận:*
- Ban Bí thư (để báo cáo),
- Các đồng chí lãnh đạo
Văn phòng Trung ương Đảng,
- Lưu: VT.
|
**KT. CHỦ TỊCH**
PHÓ CHỦ TỊCH
**Nguyễn Văn An**
|
"""


def test_the_closing_frame_keeps_the_signer_lines_and_joins_a_wrapped_recipient():
    src = laid(WRAPPED + CLOSING)
    lines = [ln for ln in src.text.split("\n") if ln.strip()]
    assert lines[-7:] == ["Nơi nhận:", "- Ban Bí thư (để báo cáo),",
                          "- Các đồng chí lãnh đạo Văn phòng Trung ương Đảng,", "- Lưu: VT.",
                          "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    assert any(r.kind == "closing" for r in src.regions)
    signer = next(r for r in src.regions if r.kind == "signer")
    assert src.text[signer.start:signer.end] == "Nguyễn Văn An"
    sig = next(r for r in src.regions if r.kind == "signature")
    assert src.text[sig.start:sig.end].split("\n") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]


TABLE = """PHỤ LỤC

|
**TT**
|
**Nội dung nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Thời gian thực hiện**
|
|
**I.
LĨNH VỰC CHUNG**
|
|
1
|
Xây dựng kế hoạch chuyển đổi
số của tỉnh
|
Sở Khoa học và
Công nghệ
|
Quý IV/2025
|
|
"""


def test_a_table_written_one_cell_per_line_becomes_one_row_per_line():
    src = laid(TABLE)
    rows = [ln for ln in src.text.split("\n") if ln.startswith("|")]
    assert rows[0] == "| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian thực hiện |"
    assert rows[1] == "| I. LĨNH VỰC CHUNG |"
    assert rows[2] == "| 1 | Xây dựng kế hoạch chuyển đổi số của tỉnh | Sở Khoa học và Công nghệ | Quý IV/2025 |"
    assert any(r.kind == "table" for r in src.regions)
    quotes_exactly(src, "Sở Khoa học và Công nghệ")


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("Ủy ban nhân dân phườngPhong Hiền chủ trì.", "Ủy ban nhân dân phường Phong Hiền chủ trì."),
        ("theo Luật Tổ chức chính quyền địa phương năm2025 (sửa đổi).",
         "theo Luật Tổ chức chính quyền địa phương năm 2025 (sửa đổi)."),
        ("hạ tầng 5G, IoT và nền tảng eKYC, VNeID của tỉnh.", "hạ tầng 5G, IoT và nền tảng eKYC, VNeID của tỉnh."),
    ],
)
def test_glued_words_are_parted_and_codes_are_not(printed, read):
    assert laid(printed).text == read


def test_a_bold_heading_glued_to_a_sentence_starts_its_own_line():
    src = laid("Các Nghị quyết có hiệu lực từ ngày 9/5/2025.**Sau sắp xếp cả nước có 34 tỉnh**\n\nTheo Bộ Nội vụ.")
    assert src.text.split("\n")[:3] == ["Các Nghị quyết có hiệu lực từ ngày 9/5/2025.", "",
                                        "Sau sắp xếp cả nước có 34 tỉnh"]
    quotes_exactly(src, "Sau sắp xếp cả nước có 34 tỉnh")


NEWS = """# Chính phủ thông qua hồ sơ Đề án sắp xếp

### Nội dung chính

Chính phủ giao Bộ Nội vụ chủ trì, phối hợp với các cơ quan liên quan thực hiện Nghị quyết số 118/NQ-CP.

Theo Cổng thông tin điện tử Chính phủ

https://xaydungchinhsach.chinhphu.vn/chinh-phu-thong-qua-de-an.htm

Tin liên quan:

- Thông báo kết luận số 99/TB-VPCP về sắp xếp
"""


def test_website_boilerplate_is_set_aside_but_still_maps_to_the_file():
    src = laid(NEWS)
    assert "Chính phủ giao Bộ Nội vụ chủ trì" in src.text
    for gone in ("Theo Cổng thông tin", "https://", "Tin liên quan", "99/TB-VPCP"):
        assert gone not in src.text
    aside = src.aside()
    assert {r.note for r in aside} >= {"source", "link", "related"}
    link = next(r for r in aside if r.note == "link")
    assert src.quote(src.span(link.start, link.end)).startswith("https://xaydungchinhsach")
    assert [r.note for r in src.regions if r.kind == "heading"] == ["h1", "h3"]


QA = """# Toàn văn Thông báo 665/TB-VPCP kết luận về phương án sắp xếp?

**Toàn văn Thông báo 665/TB-VPCP kết luận về phương án sắp xếp?**

Phó Thủ tướng kết luận tại Thông báo 665/TB-VPCP như sau:

- Bộ Tài chính chủ trì, phối hợp với các địa phương hoàn thiện phương án.

*Toàn văn Thông báo 665/TB-VPCP (Hình ảnh từ Internet)*

**Các hành vi bị nghiêm cấm là gì?**

Được quy định tại Điều 6 Nghị định 30/2007/NĐ-CP như sau:

- Tổ chức kinh doanh trái phép.

Quý khách cần hỏi thêm thông tin về có thể đặt câu hỏi tại đây.
"""


def test_a_qa_page_keeps_the_document_and_sets_aside_the_other_questions():
    src = laid(QA)
    assert "Bộ Tài chính chủ trì" in src.text
    assert "Phó Thủ tướng kết luận tại Thông báo 665/TB-VPCP" in src.text
    for gone in ("30/2007/NĐ-CP", "hành vi bị nghiêm cấm", "Hình ảnh từ Internet", "Quý khách"):
        assert gone not in src.text
    assert src.text.count("Toàn văn Thông báo 665/TB-VPCP kết luận") == 1  # the repeated title is set aside


def test_offsets_stay_one_per_character_and_every_span_quotes_the_file():
    src = laid(HEADER + WRAPPED + CLOSING + TABLE)
    assert len(src.offsets) == len(src.text) + 1
    assert all(a <= b for a, b in zip(src.offsets, src.offsets[1:], strict=False))
    for words in ("Ủy ban nhân dân tỉnh", "Sở Nội vụ", "Nguyễn Văn An", "Quý IV/2025", "Công nghệ"):
        quotes_exactly(src, words)


def test_table_rows_stay_apart_in_a_hard_wrapped_text():
    """A hard-wrapped plan (as a PDF's text layer gives it) keeps each Markdown table row on its line."""
    from tinhgon.builders.layout import layout
    from tinhgon.builders.load import RawText
    from tinhgon.builders.normalise import normalise

    text = (
        "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện nhiệm vụ sắp xếp tổ chức bộ máy\n"
        "của các cơ quan chuyên môn, đơn vị sự nghiệp công lập trên địa bàn tỉnh như\n"
        "sau, bảo đảm tinh gọn, hiệu lực, hiệu quả và đúng lộ trình đã đề\n"
        "ra, với sự tham gia của các sở, ban, ngành và địa phương có liên\n"
        "quan trong toàn tỉnh.\n\n"
        "| STT | Nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n"
        "| 1 | Rà soát chức năng | Sở Nội vụ |\n| 2 | Bố trí kinh phí | Sở Tài chính |\n"
    )
    src = layout(normalise(RawText(path="p.txt", name="p.txt", stem="p", sha256="0", encoding="utf-8", text=text)))
    lines = src.text.splitlines()
    assert "| 1 | Rà soát chức năng | Sở Nội vụ |" in lines
    assert "| 2 | Bố trí kinh phí | Sở Tài chính |" in lines
    assert any(ln.startswith("Ủy ban nhân dân tỉnh ban hành") and ln.endswith("trong toàn tỉnh.") for ln in lines)


def test_a_line_in_capitals_ends_where_it_ends():
    """The kind word of a title ("KẾ HOẠCH") stays its own line even when its subtitle opens in lower case."""
    from tinhgon.builders.layout import layout
    from tinhgon.builders.load import RawText
    from tinhgon.builders.normalise import normalise

    text = "KẾ HOẠCH\nthực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương\n\nI. NHIỆM VỤ\n"
    src = layout(normalise(RawText(path="p.txt", name="p.txt", stem="p", sha256="0", encoding="utf-8", text=text)))
    assert src.text.splitlines()[:2] == ["KẾ HOẠCH", "thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương"]


def test_a_dash_inside_a_name_cut_at_the_line_end_is_no_bullet():
    text = WRAPPED + ("\n3. Các Tập đoàn Bưu chính viễn thông Việt Nam, Công nghiệp\n- Viễn thông Quân đội phối hợp\n"
                      "thực hiện.\n\n- Sở Nội vụ tổng hợp.\n")
    lines = laid(text).text.split("\n")
    assert "3. Các Tập đoàn Bưu chính viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội phối hợp thực hiện." \
        in lines
    assert "- Sở Nội vụ tổng hợp." in lines


@pytest.mark.parametrize("sep", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\r"])
def test_every_line_separator_lays_out_like_a_line_break(sep):
    src = laid(WRAPPED.replace("\n", sep))
    assert "- Cơ quan phối hợp: Sở Nông nghiệp và Môi trường và Ủy ban nhân dân xã, phường." in src.text.split("\n")
    quotes_exactly(src, "Sở Nông nghiệp và")


def test_a_paragraph_separator_keeps_paragraphs_apart():
    src = laid("1. Rà soát tổ chức bộ máy\u2029Sở Nội vụ chủ trì.")
    assert src.text.split("\n") == ["1. Rà soát tổ chức bộ máy", "", "Sở Nội vụ chủ trì."]


def test_a_line_break_tag_splits_a_header_cell_but_stays_inside_a_table_cell():
    text = ("| ỦY BAN NHÂN DÂN<br>TỈNH SƠN LA | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
            "| Số: 12/KH-UBND | Sơn La, ngày 02 tháng 7 năm 2025 |\n\n" + WRAPPED +
            "\n| TT | Nội dung nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n| 1 | Rà soát<br/>văn bản | Sở Tư pháp |\n")
    lines = [ln.strip() for ln in laid(text).text.split("\n")]
    assert lines[0:2] == ["ỦY BAN NHÂN DÂN", "TỈNH SƠN LA"]
    assert "| 1 | Rà soát văn bản | Sở Tư pháp |" in lines


def test_a_closing_block_in_plain_lines_gives_the_signature_and_the_signer():
    text = ("1. Sở Nội vụ chủ trì thực hiện.\n\nNơi nhận:\n- Ban Thường vụ Tỉnh ủy,\n- Lưu Văn phòng Tỉnh ủy.\n\n"
            "**T/M BAN THƯỜNG VỤ\nBÍ THƯ**\n\n\n\nĐỗ Văn Bình\n")
    src = laid(text)
    kinds = {r.kind: src.text[r.start:r.end] for r in src.regions}
    assert kinds["signer"] == "Đỗ Văn Bình"
    assert kinds["signature"].split("\n")[0] == "T/M BAN THƯỜNG VỤ"
    assert kinds["closing"].startswith("Nơi nhận:")


def test_a_hard_wrapped_text_without_blank_lines_keeps_its_short_heading_lines():
    text = ("I. NHIỆM VỤ CHUNG\n"
            "1. Rà soát, sắp xếp tổ chức bộ máy của các cơ quan chuyên môn thuộc Ủy ban nhân\n"
            "dân tỉnh theo hướng tinh gọn, hiệu lực, hiệu quả, bảo đảm đúng quy định của\n"
            "pháp luật về tổ chức chính quyền địa phương và các văn bản hướng dẫn của\n"
            "Trung ương về sắp xếp tổ chức bộ máy của hệ thống chính trị trong năm 2025.\n"
            "2. Nhiệm vụ cụ thể\n"
            "Ủy ban nhân dân các xã, phường rà soát các đơn vị sự nghiệp công lập trực thuộc\n"
            "và báo cáo kết quả.\n")
    lines = laid(text).text.split("\n")
    assert lines[2:4] == ["2. Nhiệm vụ cụ thể", "Ủy ban nhân dân các xã, phường rà soát các đơn vị sự nghiệp công lập "
                                                "trực thuộc và báo cáo kết quả."]
    assert lines[1].endswith("các văn bản hướng dẫn của Trung ương về sắp xếp tổ chức bộ máy của hệ thống chính "
                             "trị trong năm 2025.")


_PIECES = ["|", "**", "*", "\n", "\n\n", " ", "Sở Nội", "vụ", "và\n", "1.", "- ", "(i)", "Điều 2.", "Nơi nhận:",
           "KT. CHỦ TỊCH", "# ", "### Tin", "<br>", "phườngPhong", "năm2025", "\x0b", "\u2029", "\r\n", "\r", "Ð",
           "Quý khách cần hỏi thêm", "| a | b |", "|---|", "?", "./.", "https://x.vn/a", "Số: 12/KH-UBND",
           "ngày 2 tháng 3 năm 2025", "CỘNG HÒA XÃ HỘI", "\t", "TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì:"]


def test_any_mix_of_real_layout_pieces_keeps_the_offset_map_whole():
    """Layout never breaks its invariants: one offset per character, in order; regions inside the text."""
    import random

    from tinhgon.builders.structure import parse_structure

    rnd = random.Random(7)
    for _ in range(300):
        text = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 40)))
        src = laid(text)
        assert len(src.offsets) == len(src.text) + 1, text
        assert all(a <= b for a, b in zip(src.offsets, src.offsets[1:], strict=False)), text
        assert all(0 <= r.start <= r.end <= len(src.text) for r in src.regions), text
        parse_structure(src)


def test_a_copy_wrapped_at_another_width_is_found_after_reflow():
    import textwrap

    paras = [f"{n}. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính và Ủy ban nhân dân các xã, phường rà soát "
             f"chức năng, nhiệm vụ của đơn vị số {n} trước ngày 15/12/2025." for n in range(1, 13)]
    first = "\n\n".join(textwrap.fill(p, 70) for p in ["KẾ HOẠCH SẮP XẾP TỔ CHỨC BỘ MÁY", *paras])
    second = "\n\n".join(textwrap.fill(p, 45) for p in ["KẾ HOẠCH SẮP XẾP TỔ CHỨC BỘ MÁY", *paras])
    src = laid(first + "\n\n" + second)
    assert src.duplicate_of is not None
    assert src.body.count("Sở Nội vụ chủ trì") == 12


def test_a_star_that_opens_an_italic_note_is_no_bullet():
    text = ("- Rà soát các văn bản hướng dẫn.\n\n* (Chi tiết các hoạt động tại\nPhụ lục kèm theo).*\n\n"
            "* Một dấu sao mở một gạch đầu dòng.\n")
    src = laid(text)
    assert "\n(Chi tiết các hoạt động tại Phụ lục kèm theo)." in src.text
    assert "* Một dấu sao" in src.text  # a star bullet that no star closes stays a bullet
    quotes_exactly(src, "(Chi tiết các hoạt động tại Phụ lục kèm theo).")


# A page converted with no blank lines: the site's card, the header frame, the body, the closing
# frame, an appendix title and its table all run into one stretch of "|" lines.
_BODY = "\n".join(
    [f"{n}. Sở Nội vụ chủ trì, phối hợp với các sở, ngành rà soát văn bản số {n} của" if n % 2 else
     "tỉnh và báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 30 tháng 11." for n in range(1, 25)])
NO_BLANKS = ("|\n**Số hiệu:**\n|\n12/KH-UBND\n|\n|\n**Loại văn bản:**\n|\nKế hoạch\n|\n**Nơi ban hành:**\n|\n"
             "Tỉnh Nghệ An\n|\n|\n**ỦY BAN NHÂN DÂN**\nTỈNH NGHỆ AN\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
             "Độc lập - Tự do - Hạnh phúc\n|\n|\nSố: 12/KH-UBND\n|\nNghệ An, ngày 18 tháng 11 năm 2025\n|\n"
             "**KẾ HOẠCH**\nTHỰC HIỆN NGHỊ ĐỊNH\n" + _BODY + "\nYêu cầu các sở thực hiện nghiêm túc./.\n|\n"
             "Nơi nhận:\n- Lưu: VT.\n|\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n|\n**PHỤ LỤC**\n"
             "DANH MỤC NHIỆM VỤ\n|\n**TT**\n|\n**Nội dung**\n|\n**Cơ quan chủ trì**\n|\n**Thời gian**\n|\n|\n"
             "1\n|\nRà soát văn bản\n|\nSở Tư pháp\n|\n2025\n|\n|\n2\n|\nTập huấn cán bộ\n|\nSở Nội vụ\n|\n2026\n|\n")


def test_a_page_without_blank_lines_keeps_its_body_out_of_the_tables():
    src = laid(NO_BLANKS)
    kinds = [r.kind for r in src.regions if r.kind in ("table", "header", "closing")]
    # the site's card, the header frame, the closing block read as plain lines, the appendix table
    assert kinds == ["table", "header", "closing", "table"]
    lines = src.text.split("\n")
    assert "1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành rà soát văn bản số 1 của tỉnh và báo cáo Ủy ban " \
           "nhân dân tỉnh kết quả thực hiện trước ngày 30 tháng 11." in lines
    assert "Nơi nhận:" in lines and "PHỤ LỤC" in lines
    assert "| TT | Nội dung | Cơ quan chủ trì | Thời gian |" in lines
    assert "| 2 | Tập huấn cán bộ | Sở Nội vụ | 2026 |" in lines
    assert not any(ln.strip() == "|" for ln in lines[lines.index("Nơi nhận:") - 3:lines.index("PHỤ LỤC")])
    quotes_exactly(src, "Tập huấn cán bộ | Sở Nội vụ")


def test_short_first_lines_of_an_indented_text_run_on():
    text = ("THÔNG BÁO\n-----\nNgày 24/11/2025, tại Trụ sở\nTrung ương Đảng, đồng chí Tổng Bí thư đã có buổi "
            "làm việc với các ban, bộ, ngành và kết luận như\nsau:\n"
            "**1. ***Giảm tối đa số\ntrẻ bị bỏ rơi mới: *đây là nhiệm vụ ưu tiên mang tính nhân văn và căn cơ nhất.\n"
            "*2. *Giao Đảng\nủy Chính phủ chỉ đạo xây dựng quy trình liên thông từ phát hiện đến tiếp nhận trẻ.\n"
            "*3. *Văn phòng\nTrung ương Đảng phối hợp theo dõi, đôn đốc, báo cáo kết quả thực hiện thông báo.\n"
            "**4. Yêu cầu**\nCác cơ quan báo cáo kết quả thực hiện định kỳ hằng quý về Văn phòng Trung ương.\n")
    lines = laid(text).text.split("\n")
    assert lines[2].startswith("Ngày 24/11/2025, tại Trụ sở Trung ương Đảng, đồng chí")
    assert lines[5].startswith("3. Văn phòng Trung ương Đảng phối hợp")
    assert lines[6:8] == ["4. Yêu cầu", "Các cơ quan báo cáo kết quả thực hiện định kỳ hằng quý về Văn phòng "
                                        "Trung ương."]


def test_a_bare_article_number_joins_its_text_and_a_year_is_no_marker():
    src = laid("**Điều 1.**\nBan hành kèm theo Quyết định này Kế hoạch.\n\n**Điều 2.**\nSở Nội vụ chủ trì.\n")
    assert src.text.split("\n")[0] == "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch."
    wrapped = ("Kế hoạch triển khai thực hiện các nhiệm vụ của tỉnh trong giai đoạn từ nay đến hết năm\n"
               "2025. Sở Nội vụ chủ trì, phối hợp với các sở, ngành tổ chức thực hiện nghiêm túc các nội\n"
               "dung của Kế hoạch này và báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15 của\n"
               "tháng cuối quý để tổng hợp, báo cáo Thường trực Tỉnh ủy theo đúng quy định hiện hành của\n"
               "tỉnh và của Trung ương về công tác thông tin, báo cáo định kỳ.\n")
    assert laid(wrapped).text.count("\n") == 1  # "2025." opening a line is the year, not item 2025


@pytest.mark.parametrize(("raw", "level"), [("## II. NHIỆM VỤ", 2), ("  ###\tNội dung chính", 3), ("###### x", 6),
                                           ("####### x", 0), ("#hashtag", 0), ("#", 0)])
def test_a_markdown_heading_line_gives_its_level(raw, level):
    from tinhgon.builders.layout import _heading_level

    assert _heading_level(raw) == level


@pytest.mark.parametrize(("raw", "singles"), [("**Sở Tư**", 0), ("***Kế hoạch***", 2), ("* a *", 2), ("__x__ *y", 1)])
def test_stars_read_as_bold_pairs_then_a_lone_italic_star(raw, singles):
    from tinhgon.builders.layout import _single_stars

    assert _single_stars(raw) == singles


def test_a_copyright_line_glued_to_its_year_is_set_aside_with_the_footer():
    """Boilerplate cues are tried as written, not as whole words: "©2025" opens the footer too."""
    src = laid("KẾ HOẠCH\n\nSở Nội vụ chủ trì thực hiện.\n\n©2025 Cổng thông tin điện tử tỉnh\n\nLiên hệ: 0262.\n")
    assert "Sở Nội vụ chủ trì" in src.text
    assert "Cổng thông tin" not in src.text and "Liên hệ" not in src.text
