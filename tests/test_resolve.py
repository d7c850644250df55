"""Resolve: which body a mention means, and the name the records give it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinhgon.builders.agencies import named_province
from tinhgon.builders.resolve import is_provincial

# A central notice on a working visit to one province (written for these tests).
NOTICE = """VĂN PHÒNG CHÍNH PHỦ
Số: 901/TB-VPCP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 10 tháng 11 năm 2025

THÔNG BÁO
Kết luận của Thủ tướng Chính phủ tại buổi làm việc với lãnh đạo tỉnh Hà Tĩnh

I. ĐÁNH GIÁ CHUNG
Năm 2025, tỉnh Hà Tĩnh đạt nhiều kết quả quan trọng.

II. NHIỆM VỤ THỜI GIAN TỚI
1. Đề nghị Thường trực Tỉnh ủy chỉ đạo rà soát quy hoạch các khu công nghiệp.
2. Ủy ban nhân dân tỉnh Hà Tĩnh chủ trì, phối hợp với Bộ Xây dựng hoàn thiện hồ sơ dự án cảng.
3. Ủy ban nhân dân tỉnh khẩn trương giải phóng mặt bằng các dự án giao thông.
4. Bộ Tài chính chủ trì, phối hợp với Tập đoàn Điện lực Việt Nam bố trí vốn cho dự án.

Nơi nhận:
- Thủ tướng Chính phủ;
- Tỉnh ủy, HĐND, UBND tỉnh Hà Tĩnh;
"""

# The same, naming bodies of two provinces: neither is the addressed one.
TWO_PROVINCES = NOTICE.replace("3. Ủy ban nhân dân tỉnh khẩn trương",
                               "3. Ủy ban nhân dân tỉnh Quảng Bình phối hợp. Ủy ban nhân dân tỉnh khẩn trương")


@pytest.mark.parametrize("surface, province", [
    ("UBND tỉnh Hà Tĩnh", "Hà Tĩnh"),
    ("Ban Dân vận Tỉnh ủy Quảng Trị", "Quảng Trị"),
    ("Thường trực Tỉnh uỷ Thanh Hoá", "Thanh Hóa"),
    ("Ủy ban nhân dân tỉnh", None),
    ("các tỉnh Hà Tĩnh, Quảng Trị", None),
])
def test_named_province(surface: str, province: str | None) -> None:
    assert named_province(surface) == province


@pytest.mark.parametrize("name, provincial", [
    ("Ủy ban nhân dân tỉnh", True), ("Thường trực Tỉnh ủy", True), ("Ban Tổ chức Tỉnh ủy", True),
    ("Bộ Xây dựng", False), ("Tập đoàn Điện lực Việt Nam", False), ("Ủy ban nhân dân huyện", False),
])
def test_is_provincial(name: str, provincial: bool) -> None:
    assert is_provincial(name) is provincial


def _roles(tmp_path: Path, text: str) -> tuple[dict[str, dict[str, list[str]]], object]:
    from tinhgon.graph.records import source_record
    from tinhgon.graph.store import GraphStore
    from tinhgon.pipeline import build, extract

    doc = tmp_path / "notice.txt"
    doc.write_text(text, encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    assert build([doc], store).ok
    rec = source_record(store, "notice", doc.name)
    roles = {t["ref"]: {r: t[r] for r in ("lead", "coordinating") if t[r]} for t in rec["tasks"]}
    return roles, extract(doc)[1]


def test_a_central_notice_on_one_province_gives_its_bare_local_bodies_that_province(tmp_path: Path) -> None:
    roles, res = _roles(tmp_path, NOTICE)
    assert res.province is None and res.addressed == "Hà Tĩnh"
    # named bare, meant as the province's: one body, with the province in its record name
    assert roles["II.1"]["lead"] == ["Thường trực Tỉnh ủy Hà Tĩnh"]
    assert roles["II.2"]["lead"] == ["Ủy ban nhân dân tỉnh Hà Tĩnh"]
    assert roles["II.3"]["lead"] == ["Ủy ban nhân dân tỉnh Hà Tĩnh"]
    # a ministry and a national group stay central / as named
    assert roles["II.4"] == {"lead": ["Bộ Tài chính"], "coordinating": ["Tập đoàn Điện lực Việt Nam"]}
    # one IRI for the body however it is named: the key the province's own documents give it
    keys = {k for k, e in res.entities.items() if e.slug == "uy-ban-nhan-dan-tinh"}
    assert keys == {("agency", "ha-tinh", "uy-ban-nhan-dan-tinh")}


def test_a_notice_naming_two_provinces_addresses_neither(tmp_path: Path) -> None:
    roles, res = _roles(tmp_path, TWO_PROVINCES)
    assert res.addressed is None
    assert roles["II.1"]["lead"] == ["Thường trực Tỉnh ủy"]  # which province's: not said
    assert "Ủy ban nhân dân tỉnh Quảng Bình" in roles["II.3"]["lead"] + roles["II.3"].get("coordinating", [])


def test_canonical_casing_follows_the_proper_heads_of_the_lexicon():
    """agency_heads.tsv says after which heads the proper part starts: 'Sở nội vụ' → 'Sở Nội vụ',
    'Đảng ủy khối doanh nghiệp' → 'Đảng ủy khối Doanh nghiệp'; 'Đảng ủy xã' and common noun phrases stay."""
    from tinhgon.builders.resolve import canonical_label

    assert canonical_label("Sở nội vụ") == "Sở Nội vụ"
    assert canonical_label("Các Phòng văn hóa") == "Các Phòng Văn hóa"
    assert canonical_label("Đảng ủy khối doanh nghiệp tỉnh") == "Đảng ủy khối Doanh nghiệp tỉnh"
    assert canonical_label("Đảng ủy xã") == "Đảng ủy xã"
    assert canonical_label("Ban chỉ đạo") == "Ban chỉ đạo"


def test_central_bodies_and_full_names_read_the_resolve_phrases():
    from tinhgon.builders.resolve import _spaced_dashes, full_name, is_central

    assert is_central("Bộ Nội vụ") and is_central("Ủy ban Thường vụ Quốc hội")
    assert not is_central("Bộ Chỉ huy Quân sự tỉnh") and not is_central("Sở Nội vụ")
    # the Party's central departments are named in two words ("Ban Tổ chức Trung ương")
    assert is_central("Ban Tổ chức Trung ương") and is_central("Ban Tuyên giáo Trung ương")
    assert not is_central("Ban Tổ chức Tỉnh ủy")
    assert not is_central("Ban Chỉ đạo tỉnh thực hiện Nghị quyết Trung ương")
    assert full_name("Thường trực Tỉnh ủy", "Bình Thuận") == "Thường trực Tỉnh ủy Bình Thuận"
    assert full_name("Ủy ban nhân dân các xã", "Bình Thuận") == "Ủy ban nhân dân các xã"
    assert full_name("Sở Nội vụ", "Bình Thuận") == "Sở Nội vụ tỉnh Bình Thuận"
    assert _spaced_dashes("chính trị-xã hội") == "chính trị - xã hội"
    assert _spaced_dashes("A  -  B -C") == "A - B - C" and _spaced_dashes("Sở Nội vụ") == "Sở Nội vụ"
