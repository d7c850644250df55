"""Metadata: kind, own number, date, year, issuer, signer and province read off the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinhgon.builders.load import load
from tinhgon.builders.metadata import canonical_number, own_number, parse_date, read_metadata, title_block
from tinhgon.builders.model import DocRef, Source
from tinhgon.builders.normalise import normalise

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def src(text: str) -> Source:
    return Source(path="t.txt", name="t.txt", stem="t", sha256="0", encoding="utf-8", original=text, text=text,
                  offsets=list(range(len(text) + 1)))


PARTY_HEADER = """TỈNH ỦY ĐỒNG THÁP
*
Số 45-CTr/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Đồng Tháp, ngày 05 tháng 3 năm 2019

CHƯƠNG TRÌNH HÀNH ĐỘNG
CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH
thực hiện Nghị quyết số 19-NQ/TW, ngày 25/10/2017
của Ban Chấp hành Trung ương khóa XII

Thực hiện Nghị quyết số 19-NQ/TW, Ban Chấp hành Đảng bộ tỉnh ban hành Chương trình hành động như sau:

I. MỤC ĐÍCH
1. Quán triệt sâu sắc.
"""


def test_header_gives_number_date_kind_issuer_and_province():
    meta = read_metadata(src(PARTY_HEADER), [])
    assert meta.kind == "chuong-trinh-hanh-dong"
    assert meta.number == "45-CTr/TU"
    assert meta.date == "2019-03-05" and meta.year == 2019
    assert meta.province == "Đồng Tháp" and meta.province_evidence == "header"
    assert meta.issuer_body == "Ban Chấp hành Đảng bộ tỉnh"
    assert meta.issuer == "Ban Chấp hành Đảng bộ tỉnh Đồng Tháp"
    assert meta.signer is None  # no signature block printed
    assert meta.title.startswith("CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH thực hiện Nghị quyết số 19-NQ/TW")
    assert PARTY_HEADER[meta.start:meta.end].startswith("TỈNH ỦY ĐỒNG THÁP")
    assert PARTY_HEADER[meta.start:meta.end].endswith("khóa XII")


NO_HEADER = """KẾ HOẠCH

thực hiện một số nhiệm vụ Kế hoạch số 90-KH/TU của Tỉnh ủy trong năm 2019

-----

Ban Thường vụ Tỉnh ủy xây dựng kế hoạch triển khai thực hiện trong năm 2019 như sau:

1. Sắp xếp lại các phòng của Ủy ban nhân dân huyện Tân Hiệp và huyện Gò Quao.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC



Trần Văn Bình
"""


def test_without_header_province_from_places_year_from_title_and_signer():
    meta = read_metadata(src(NO_HEADER), [])
    assert meta.kind == "ke-hoach"
    assert meta.number is None and meta.date is None
    assert meta.year == 2019  # "trong năm 2019" in the title
    assert meta.province == "Kiên Giang"
    assert meta.province_evidence.startswith("place:")
    assert meta.issuer == "Ban Thường vụ Tỉnh ủy Kiên Giang"
    assert meta.signer == "Trần Văn Bình"


def test_nothing_supports_a_province_or_year_then_they_stay_unknown():
    text = "KẾ HOẠCH\n\nthực hiện công tác cải cách hành chính\n\n1. Các cơ quan, đơn vị triển khai thực hiện.\n"
    meta = read_metadata(src(text), [])
    assert meta.kind == "ke-hoach"
    assert meta.province is None and meta.province_evidence is None
    assert meta.year is None and meta.issuer is None and meta.signer is None


def test_year_from_the_documents_it_carries_out():
    text = "KẾ HOẠCH\n\nthực hiện Kết luận số 74-KL/TW của Bộ Chính trị\n\n1. Rà soát.\n"
    ref = DocRef(number="74-KL/TW", kind="ket-luan", relation="implements", start=0, end=0, date="2020-05-22")
    cited = DocRef(number="39-NQ/TW", kind="nghi-quyet", relation="cites", start=0, end=0, date="2021-04-17")
    assert read_metadata(src(text), [ref, cited]).year == 2020  # a citation is no evidence of the year


def test_appendix_header_gives_number_and_date():
    text = ("KẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT SỐ 18-NQ/TW\n\nThực hiện Nghị quyết số 18-NQ/TW...\n\n"
            "TM. ỦY BAN NHÂN DÂN TINH\nCHỦ TỊCH\n\n\n\nLê Văn An\n\nPHỤ LỤC\n"
            "(kèm theo Kế hoạch số: 68/KH-UBND ngày 02 tháng 7 năm 2018 của Ủy ban nhân dân tỉnh)\n")
    meta = read_metadata(src(text), [])
    assert meta.number == "68/KH-UBND"
    assert meta.date == "2018-07-02"
    assert meta.issuer_body == "Ủy ban nhân dân tỉnh"  # OCR's "TINH" read as "TỈNH"
    assert meta.signer == "Lê Văn An"


def test_title_of_a_body_in_the_title_line_wins_over_the_signature():
    text = ("CHƯƠNG TRÌNH HÀNH ĐỘNG\nCỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\nthực hiện Nghị quyết số 18-NQ/TW\n\n"
            "Nội dung.\n\nT/M TỈNH ỦY\nBÍ THƯ\n\nVõ Văn Cường\n")
    meta = read_metadata(src(text), [])
    assert meta.issuer_body == "Ban Chấp hành Đảng bộ tỉnh"
    assert meta.signer == "Võ Văn Cường"


def test_helpers():
    assert canonical_number("07 - KH/TW") == "07-KH/TW"
    assert canonical_number("19-CTR/TU") == "19-CTr/TU"
    assert parse_date("ngày 22-5-2020") == "2020-05-22"
    assert parse_date("ngày 02 tháng 7 năm 2018") == "2018-07-02"
    assert parse_date("ngày 45/13/2018") is None
    assert own_number("Số 19-CTr/TU\nAn Giang, ngày 19 tháng 4 năm 2018")[0] == "19-CTr/TU"
    assert own_number("Thực hiện Kế hoạch số 82-KH/TU của Tỉnh ủy")[0] is None
    text = "\n\n**KẾ HOẠCH**\n\nthực hiện X\ncủa Y\n\n-----\nNgày 30/01/2018, Z."
    ks, ke, te, kind = title_block(text)
    assert kind == "ke-hoach"
    assert text[ks:ke] == "KẾ HOẠCH" and text[ke:te].strip(" *\n") == "thực hiện X\ncủa Y"
    assert title_block("Ngày 30/01/2018, Tỉnh ủy đã ban hành Kế hoạch số 82-KH/TU.")[3] is None


@pytest.mark.parametrize("stem,expected", [
    ("000_e8e11c69dfb7e5bb", dict(kind="ke-hoach", number=None, year=2018, province="Bình Thuận",
                                  issuer="Ban Thường vụ Tỉnh ủy Bình Thuận", signer="Nguyễn Mạnh Hùng")),
    ("001_5c5cee08f4b1bf5e", dict(kind="ke-hoach", number="68/KH-UBND", date="2018-07-02",
                                  province="Tuyên Quang", issuer="Ủy ban nhân dân tỉnh Tuyên Quang")),
    ("004_bc3eb780834c46db", dict(kind="chuong-trinh-hanh-dong", number="19-CTr/TU", date="2018-04-19",
                                  province="An Giang", signer=None)),
])
def test_corpus_documents(stem, expected):
    s = normalise(load(CORPUS / f"{stem}.txt"))
    meta = read_metadata(s, [])
    for field, value in expected.items():
        assert getattr(meta, field) == value, field


def test_district_committee_header_names_its_province():
    text = "HUYỆN ỦY PHÚ QUỐC\n*\nSố 12-KH/HU\n\nKẾ HOẠCH\nsắp xếp tổ chức bộ máy\n\n1. Rà soát.\n"
    meta = read_metadata(src(text), [])
    assert meta.province == "Kiên Giang"
    assert meta.province_evidence == "header: PHÚ QUỐC"
    assert meta.issuer_body == "Huyện ủy Phú Quốc"


def test_kind_and_title_on_one_line():
    text = "KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 18-NQ/TW\n\nThực hiện Nghị quyết số 18-NQ/TW, Tỉnh ủy ban hành Kế hoạch.\n"
    meta = read_metadata(src(text), [])
    assert meta.kind == "ke-hoach"
    assert meta.title == "THỰC HIỆN NGHỊ QUYẾT SỐ 18-NQ/TW"


def test_year_from_the_first_deadline_when_nothing_else_says():
    text = ("KẾ HOẠCH\n\nsắp xếp tổ chức bộ máy\n\n1. Rà soát, hoàn thành trong quý III/2019.\n"
            "2. Sắp xếp, thực hiện trong tháng 12/2020.\n")
    assert read_metadata(src(text), []).year == 2019


def test_signer_is_a_name_not_a_distribution_line():
    text = "KẾ HOẠCH\n\nnội dung\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nLưu VT\n"
    assert read_metadata(src(text), []).signer is None


def test_sentence_case_title_line_but_not_an_opening_sentence():
    titled = "KẾ HOẠCH\nTriển khai thực hiện Nghị quyết số 18-NQ/TW trong năm 2019\n\nI. MỤC ĐÍCH\n"
    meta = read_metadata(src(titled), [])
    assert meta.title == "Triển khai thực hiện Nghị quyết số 18-NQ/TW trong năm 2019"
    assert meta.year == 2019
    opening = "KẾ HOẠCH\nThực hiện Nghị quyết số 18-NQ/TW, Tỉnh ủy ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n"
    assert read_metadata(src(opening), []).title is None


STATE_HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM
-------
Số: 123/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Nam, ngày 15 tháng 8 năm 2018

KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 56/2017/QH14 của Quốc hội

I. MỤC ĐÍCH
1. Sắp xếp các phòng của UBND huyện Núi Thành.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

(Đã ký)

Lê Trí Thanh
"""


def test_two_line_state_header_place_date_line_and_deputy_signature():
    meta = read_metadata(src(STATE_HEADER), [])
    assert meta.number == "123/KH-UBND" and meta.date == "2018-08-15"
    assert meta.province == "Quảng Nam" and meta.province_evidence == "header"
    assert meta.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert meta.signer == "Lê Trí Thanh"


DISTRICT_HEADER = """ĐẢNG BỘ TỈNH AN GIANG
HUYỆN ỦY CHÂU THÀNH
*
Số 45-KH/HU
Châu Thành, ngày 3 tháng 5 năm 2018

KẾ HOẠCH
thực hiện Chương trình hành động số 19-CTr/TU của Tỉnh ủy

1. Ban Tổ chức Huyện ủy chủ trì.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Nguyễn Văn Lên
"""


def test_district_committee_is_named_after_its_district():
    meta = read_metadata(src(DISTRICT_HEADER), [])
    assert meta.province == "An Giang"  # Châu Thành alone is in several provinces
    # The body's own name carries its district: "Ban Thường vụ Huyện ủy" alone is every district's.
    assert meta.issuer_body == "Ban Thường vụ Huyện ủy Châu Thành"
    assert meta.issuer == "Ban Thường vụ Huyện ủy Châu Thành"
    assert meta.date == "2018-05-03"


def test_unsigned_day_still_gives_the_year_and_signed_mark_is_dropped():
    text = ("TỈNH ỦY BẾN TRE\nSố 07-KH/TU\nBến Tre, ngày     tháng 7 năm 2018\n\nCHƯƠNG TRÌNH\n"
            "thực hiện Nghị quyết số 18-NQ/TW\n\n1. Rà soát.\n\nT/M BAN THƯỜNG VỤ\nK/T BÍ THƯ\nPHÓ BÍ THƯ\n\n"
            "Phan Văn Mãi (đã ký)\n")
    meta = read_metadata(src(text), [])
    assert meta.date is None and meta.year == 2018
    assert meta.kind == "chuong-trinh-hanh-dong"
    assert meta.signer == "Phan Văn Mãi"
    assert meta.issuer == "Ban Thường vụ Tỉnh ủy Bến Tre"


def test_recipient_list_is_no_evidence_of_the_province():
    text = ("KẾ HOẠCH\n\nsắp xếp bộ máy\n\n1. Thí điểm ở huyện Gò Quao.\n\nNơi nhận:\n"
            "- Ban Tổ chức Trung ương (Cục phía Nam, thành phố Hồ Chí Minh);\n- Văn phòng Trung ương Đảng tại "
            "thành phố Hồ Chí Minh;\n- Lưu VP.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nĐỗ Thanh Bình\n")
    meta = read_metadata(src(text), [])
    assert meta.province == "Kiên Giang"


def test_district_named_from_the_place_line_when_the_header_is_lost():
    text = ("Số 08-KH/HU                 Đô Lương, ngày 4 tháng 6 năm 2019\n\nKẾ HOẠCH\nsắp xếp các xóm\n\n"
            "1. Ban Tổ chức Huyện ủy chủ trì; Văn phòng Huyện ủy phối hợp.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\n"
            "Trần Văn Hải\n")
    meta = read_metadata(src(text), [])
    assert meta.province == "Nghệ An"
    assert meta.issuer == meta.issuer_body == "Ban Thường vụ Huyện ủy Đô Lương"


def test_provincial_body_with_a_district_place_line_keeps_the_province():
    text = ("TỈNH ỦY NGHỆ AN\nSố 31-KH/TU                 Vinh, ngày 4 tháng 6 năm 2019\n\nKẾ HOẠCH\n"
            "sắp xếp bộ máy\n\n1. Rà soát.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nTrần Văn Hải\n")
    meta = read_metadata(src(text), [])
    assert meta.issuer == "Ban Thường vụ Tỉnh ủy Nghệ An" and meta.issuer_body == "Ban Thường vụ Tỉnh ủy"


CENTRAL_HEADER = """|
**VĂN PHÒNG CHÍNH
PHỦ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
Số: 701/TB-VPCP
|
*Hà Nội, ngày 05 tháng 12 năm 2025*
|

**THÔNG BÁO**

KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP VỀ SẮP XẾP CÁC ĐƠN VỊ SỰ NGHIỆP TỈNH NINH BÌNH

Ngày 01/12/2025, Phó Thủ tướng chủ trì cuộc họp với Ủy ban nhân dân tỉnh Ninh Bình, xã Gia Viễn.
1. Ủy ban nhân dân tỉnh Ninh Bình hoàn thành phương án trước ngày 20/12/2025.

|
**Nơi nhận:**
- Như trên;
- Lưu: VT, KGVX.
|
**KT. BỘ TRƯỞNG,
CHỦ NHIỆM**
PHÓ CHỦ NHIỆM
Nguyễn Văn Sơn
|
"""


def test_a_central_issuer_in_the_header_has_no_province():
    meta = read_metadata(src(CENTRAL_HEADER), [])
    assert (meta.kind, meta.number, meta.date) == ("thong-bao", "701/TB-VPCP", "2025-12-05")
    assert (meta.issuer, meta.issuer_body, meta.province) == ("Văn phòng Chính phủ", "Văn phòng Chính phủ", None)
    assert meta.signer == "Nguyễn Văn Sơn"


@pytest.mark.parametrize(("header", "issuer"), [
    ("BAN CHẤP HÀNH\nTRUNG ƯƠNG\n**VĂN PHÒNG**\n*\n|\n**ĐẢNG CỘNG SẢN\nVIỆT NAM**\n", "Văn phòng Trung ương Đảng"),
    ("**THỦ TƯỚNG\nCHÍNH PHỦ**\n--------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\n", "Thủ tướng Chính phủ"),
    ("| BỘ NỘI VỤ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n", "Bộ Nội vụ"),
])
def test_central_issuers_read_across_wrapped_header_lines(header, issuer):
    text = header + "Số: 12/KH-XYZ\nHà Nội, ngày 02 tháng 7 năm 2025\n\nKẾ HOẠCH\nSắp xếp bộ máy\n\n1. Rà soát.\n"
    meta = read_metadata(src(text), [])
    assert (meta.issuer, meta.province) == (issuer, None)


@pytest.mark.parametrize(("block", "signer"), [
    ("**K/T CHÁNH\nVĂN PHÒNG**\nPHÓ CHÁNH VĂN PHÒNG\nLê Văn Tâm\n|", "Lê Văn Tâm"),
    ("**TM. ỦY BAN\nNHÂN DÂN**\nKT. CHỦ TỊCH\n**PHÓ CHỦ TỊCH**\n**Trần Thị Hoa**\n|", "Trần Thị Hoa"),
    ("**THỦ TƯỚNG**\nNguyễn Văn Bảo\n|", "Nguyễn Văn Bảo"),
    ("TL. THỦ TƯỚNG\nKT. VỤ TRƯỞNG VỤ TỔ CHỨC CÁN BỘ\nPHÓ VỤ TRƯỞNG\nNGUYỄN VĂN HẢI\n", "Nguyễn Văn Hải"),
])
def test_signer_of_the_closing_block(block, signer):
    text = "KẾ HOẠCH\nSắp xếp bộ máy\n\n1. Rà soát các đơn vị.\n\n|\n**Nơi nhận:**\n- Như trên;\n- Lưu: VT.\n|\n"
    text += block
    assert read_metadata(src(text), []).signer == signer


NEWS = """# Toàn văn Chỉ thị 12-CT/TW về tăng cường công tác cán bộ của Ban Bí thư

**Toàn văn Chỉ thị 12-CT/TW về tăng cường công tác cán bộ**

Ngày 15/9/2025, Ban Bí thư ban hành Chỉ thị 12-CT/TW về tăng cường công tác cán bộ.

Thay mặt Ban Bí thư, Thường trực Ban Bí thư Nguyễn Văn Nam đã ký Chỉ thị số 12-CT/TW. Chỉ thị yêu cầu các cấp
ủy thực hiện Kết luận số 121-KL/TW của Bộ Chính trị.
"""

NEWS_ADOPTED = """# Chính phủ thông qua phương án sắp xếp đơn vị sự nghiệp

Cụ thể, tại Nghị quyết số 210/NQ-CP ngày 12/8/2025, Chính phủ đã thông qua phương án do Bộ Nội vụ trình.

Chính phủ giao Bộ Nội vụ chủ trì thực hiện.
"""

NEWS_LOCAL = """# Đồng Tháp ban hành kế hoạch chuyển đổi số

Ngày 01/12/2025, Ủy ban nhân dân tỉnh Đồng Tháp ban hành Kế hoạch số 620/KH-UBND về chuyển đổi số.
"""


def test_a_news_page_gives_the_document_its_heading_names():
    meta = read_metadata(src(NEWS), [])
    assert (meta.kind, meta.number, meta.date, meta.year) == ("chi-thi", "12-CT/TW", "2025-09-15", 2025)
    assert (meta.issuer, meta.province, meta.signer) == ("Ban Bí thư", None, "Nguyễn Văn Nam")
    assert "Chỉ thị 12-CT/TW" in NEWS[meta.start:meta.end]


def test_a_news_page_without_a_number_in_its_heading_gives_the_document_a_body_adopted():
    meta = read_metadata(src(NEWS_ADOPTED), [])
    assert (meta.kind, meta.number, meta.date, meta.issuer, meta.province) == (
        "nghi-quyet", "210/NQ-CP", "2025-08-12", "Chính phủ", None)


def test_a_news_page_of_a_provincial_body_gives_its_province():
    meta = read_metadata(src(NEWS_LOCAL), [])
    assert (meta.number, meta.issuer, meta.province) == ("620/KH-UBND", "Ủy ban nhân dân tỉnh Đồng Tháp", "Đồng Tháp")


def test_a_plan_whose_header_is_lost_is_not_read_as_a_news_page():
    text = ("Thực hiện Kế hoạch số 82-KH/TU ngày 30/01/2018 của Tỉnh ủy, Ban Thường vụ Tỉnh ủy đề ra các nhiệm vụ "
            "như sau:\n\n1. Rà soát các đơn vị.\n")
    meta = read_metadata(src(text), [])
    assert meta.number is None and meta.kind is None


def test_a_news_page_read_through_the_layout_step(tmp_path):
    from tinhgon.builders.layout import layout

    page = tmp_path / "tin.md"
    page.write_text("## Toàn văn Thông báo 701/TB-VPCP về sắp xếp đơn vị sự nghiệp\n\n"
                    "Ngày 05/12/2025, Văn phòng Chính phủ ban hành Thông báo 701/TB-VPCP kết luận.\n\n"
                    "- Bộ Nội vụ chủ trì hoàn thiện phương án trước ngày 20/12/2025.\n", encoding="utf-8")
    src = layout(normalise(load(page)))
    meta = read_metadata(src, [])
    assert (meta.kind, meta.number, meta.date, meta.issuer, meta.province) == (
        "thong-bao", "701/TB-VPCP", "2025-12-05", "Văn phòng Chính phủ", None)


# A page whose layout joined the header table into rows: the cells are the printed lines, and the title
# runs on into the opening sentence on one line.
TABLE_PAGE = """| Đang tải văn bản... Số hiệu: | 12/TB-VPCP |
| Loại văn bản: | Thông báo | Nơi ban hành: | Văn phòng Chính phủ |
| VĂN PHÒNG CHÍNH PHỦ -------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ------- |
| Số: 12/TB-VPCP | Hà Nội, ngày 03 tháng 02 năm 2025 | THÔNG BÁO KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI \
CUỘC HỌP VỀ CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI Ngày 01 tháng 02 năm 2025, tại Trụ sở Chính phủ, Phó Thủ tướng \
Chính phủ đã chủ trì cuộc họp về công tác phòng, chống thiên tai. Phó Thủ tướng kết luận như sau: 1. Bộ Nông \
nghiệp và Môi trường chủ trì rà soát phương án ứng phó. | Nơi nhận: - Các Bộ; - Lưu: VT. | KT. BỘ TRƯỞNG, \
CHỦ NHIỆM PHÓ CHỦ NHIỆM Trần Văn Sơn |
"""


def test_a_header_laid_out_as_table_cells_reads_as_its_lines():
    meta = read_metadata(src(TABLE_PAGE), [])
    assert meta.kind == "thong-bao" and meta.number == "12/TB-VPCP"
    assert meta.date == "2025-02-03"
    assert meta.issuer == "Văn phòng Chính phủ" and meta.province is None  # not "Hà Nội" of the date line
    assert meta.title.startswith("CỦA PHÓ THỦ TƯỚNG") and meta.title.endswith("PHÒNG, CHỐNG THIÊN TAI")
    assert meta.signer == "Trần Văn Sơn"  # the block's lines joined: the name after the posts


# A resolution printed without header: the enacting body stands between the title and "Căn cứ …", and the
# closing line gives the date it was adopted.
RESOLUTION = """NGHỊ QUYẾT

Ban hành Quy chế phối hợp giữa các cơ quan của Quốc hội

ỦY BAN THƯỜNG VỤ QUỐC HỘI

Căn cứ Luật Tổ chức Quốc hội số 57/2014/QH13;

QUYẾT NGHỊ:

Điều 1. Ban hành kèm theo Nghị quyết này Quy chế phối hợp.

Điều 2. Giao Tổng Thư ký Quốc hội theo dõi việc thực hiện Nghị quyết này.

Nghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV thông qua ngày 20 tháng 3 năm 2025.
"""


def test_a_resolution_without_header_takes_its_enacting_body_and_adoption_date():
    meta = read_metadata(src(RESOLUTION), [])
    assert meta.kind == "nghi-quyet"
    assert meta.title == "Ban hành Quy chế phối hợp giữa các cơ quan của Quốc hội"  # the enacting line is not title
    assert meta.issuer == "Ủy ban Thường vụ Quốc hội" and meta.province is None
    assert meta.date == "2025-03-20" and meta.year == 2025
    assert meta.signer is None  # "Tổng Thư ký Quốc hội" is a post named in the text, not a signature


def test_a_centrally_run_city_names_its_bodies_as_a_city():
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n\nSố: 12/KH-UBND\n\nCần Thơ, ngày 02 tháng 3 năm 2025\n\nKẾ HOẠCH\n\n"
            "Phòng, chống dịch bệnh năm 2025\n\nỦy ban nhân dân thành phố ban hành Kế hoạch như sau:\n\n"
            "1. Các sở triển khai.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Tâm\n")
    meta = read_metadata(src(text), [])
    assert meta.province == "Cần Thơ"
    assert meta.issuer == "Ủy ban nhân dân thành phố Cần Thơ"  # not "tỉnh Cần Thơ"
    province = read_metadata(src(text.replace("THÀNH PHỐ CẦN THƠ", "TỈNH ĐỒNG THÁP").replace("Cần Thơ,", "Đồng Tháp,")
                                 .replace("Ủy ban nhân dân thành phố", "Ủy ban nhân dân tỉnh")), [])
    assert province.issuer == "Ủy ban nhân dân tỉnh Đồng Tháp"


def test_a_long_title_on_the_kind_line_in_a_table_cell():
    title = ("KẾ HOẠCH TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 12/QĐ-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ PHÁT TRIỂN "
             "HẠ TẦNG SỐ TRÊN ĐỊA BÀN TỈNH ĐẾN NĂM 2030")
    text = (f"| ỦY BAN NHÂN DÂN TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            f"| Số: 45/KH-UBND | Nghệ An, ngày 02 tháng 3 năm 2025 |\n| {title} |\n"
            f"| Thực hiện Quyết định số 12/QĐ-TTg, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau: |\n")
    meta = read_metadata(src(text), [])
    assert meta.kind == "ke-hoach" and meta.date == "2025-03-02"
    assert meta.title == title.removeprefix("KẾ HOẠCH ")
