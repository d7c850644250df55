"""Metadata: the party committees and their units (metadata_levels.tsv), the header and year phrases
(metadata_phrases.tsv), and the string scans of the title and signature readers."""

from __future__ import annotations

from tinhgon.builders import metadata as M
from tinhgon.builders.model import DocumentMeta


def test_the_committee_named_most_and_the_first_named_on_a_tie():
    assert M._party_level("Tỉnh ủy chỉ đạo; Huyện ủy thực hiện; Ban Thường vụ Huyện ủy kiểm tra.") == "Huyện ủy"
    assert M._party_level("Thành ủy chỉ đạo, Tỉnh ủy kiểm tra.") == "Thành ủy"
    assert M._party_level("Thị ủy chỉ đạo các phường.") == "Thị ủy"
    assert M._party_level("Ủy ban nhân dân tỉnh chỉ đạo; tỉnh ủyviên") is None  # whole words only


def test_a_district_level_header_gives_its_level_and_district():
    assert M._local_unit("HUYỆN ỦY CHÂU THÀNH\n") == ("Huyện ủy", "Châu Thành")
    assert M._local_unit("ĐẢNG BỘ HUYỆN CHÂU THÀNH\n") == ("Huyện ủy", "Châu Thành")
    assert M._local_unit("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH\n") == ("huyện", "Châu Thành")
    assert M._local_unit("UBND THỊ XÃ CHÂU THÀNH\n") == ("thị xã", "Châu Thành")
    assert M._local_unit("ĐẢNG BỘ THÀNH PHỐ CHÂU THÀNH\n") == ("thành phố", "Châu Thành")
    assert M._local_unit("TỈNH ỦY AN GIANG\n") is None


def test_a_body_named_after_its_district():
    assert M._is_local_body("Ban Thường vụ Huyện ủy")
    assert M._is_local_body("Ủy ban nhân dân thị xã")
    assert not M._is_local_body("Ban Thường vụ Tỉnh ủy")
    assert not M._is_local_body("Ủy ban nhân dân tỉnh")


def test_the_recipients_list_is_blanked_with_its_length_kept():
    text = "Nơi nhận:\n- Cục phía Nam tại Thành phố Hồ Chí Minh;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\n"
    out = M._without_recipients(text)
    assert len(out) == len(text) and "Hồ Chí Minh" not in out and "KT. CHỦ TỊCH" in out


def test_years_from_the_title_a_blank_day_and_a_deadline():
    assert M._year(DocumentMeta(title="về công tác cán bộ năm 2019"), [], "") == 2019
    assert M._year(DocumentMeta(), [], "Cà Mau, ngày    tháng 7 năm 2018\n") == 2018
    assert M._year(DocumentMeta(), [], "Hoàn thành trong quý III/2026; báo cáo trong năm 2027.") == 2026
    assert M._year(DocumentMeta(), [], "Hoàn thành trong tháng 6 năm 2026.") is None


def test_the_opening_kind_word_is_a_whole_word():
    assert M._opening_kind("  ke hoach thuc hien") == "ke hoach"
    assert M._opening_kind("ke hoachs") is None
    assert M._opening_kind("thuc hien ke hoach") is None


def test_lines_that_end_a_title():
    for line in ("-----", "A. MỤC ĐÍCH", "II) NHIỆM VỤ", "12. Rà soát", "(kèm theo Kế hoạch số 5)"):
        assert M._ends_title(line), line
    for line in ("ABCDE. x", "A.B", "12 tháng", "thực hiện Nghị quyết", "--"):
        assert not M._ends_title(line), line


def test_a_signer_name_is_two_to_five_capitalised_words():
    assert M._is_name("Nguyễn Văn An")
    assert M._is_name("Đỗ Ngọc Huỳnh\n")
    assert M._is_name("Ấu A")
    assert not M._is_name("Nguyễn")
    assert not M._is_name("Nguyễn Văn An Bình Minh Hải")
    assert not M._is_name("nguyễn Văn An")
    assert not M._is_name(" Nguyễn Văn")
    assert not M._is_name("Nguyễn Văn2")
    assert not M._is_name("Nguyễn Văn ")
