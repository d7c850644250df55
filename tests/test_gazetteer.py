"""Gazetteer: pre-2025 units, prefixed and bare place names, province by votes."""

from __future__ import annotations

from tinhgon.builders.gazetteer import PlaceMatch, find_places, infer_province, name_key, place, provinces


def test_sixty_three_provinces_before_the_merger():
    ps = provinces()
    assert len(ps) == 63
    names = {p.name for p in ps}
    assert {"Bình Thuận", "Kiên Giang", "Tuyên Quang", "An Giang", "Hà Giang", "Quảng Bình"} <= names
    assert all(p.kind == "province" and p.province == p.name for p in ps)


def test_name_key_ignores_marks_spaces_and_y_i():
    assert name_key("Phú Quý") == name_key("Phú Quí") == name_key("PHÚ  QUY")
    assert name_key("Gò Quao") != name_key("Gò Công")


def test_place_by_name_with_or_without_unit_word():
    assert place("huyện Phú Quý").province == "Bình Thuận"  # the dataset spells it "Phú Quí"
    assert place("Phú Quốc").kind == "district"
    assert place("tỉnh An Giang").kind == "province"
    town = place("thị trấn An Thới")  # the old town of Phú Quốc, not every An Thới
    assert town is not None and town.province == "Kiên Giang"
    assert place("xã Hòn Thơm").province == "Kiên Giang"


def test_place_ambiguous_or_unknown_is_none():
    assert place("Châu Thành") is None  # a district in several provinces
    assert place("Châu Thành", province="An Giang").province == "An Giang"
    assert place("huyện Không Có Thật") is None


def test_find_places_prefixed_units_keep_their_words():
    text = "Sơ kết Trung tâm hành chính công thành phố Tuyên Quang và huyện Chiêm Hóa; xây dựng ở xã Hòn Thơm."
    found = find_places(text)
    assert [m.surface for m in found] == ["thành phố Tuyên Quang", "huyện Chiêm Hóa", "xã Hòn Thơm"]
    for m in found:
        assert text[m.start:m.end] == m.surface
        assert isinstance(m, PlaceMatch)
    assert found[1].provinces == {"Tuyên Quang"}


def test_find_places_bare_distinctive_district_names():
    found = find_places("Thí điểm trung tâm dịch vụ nông nghiệp tại Tân Hiệp và Gò Quao.")
    assert "Gò Quao" in [m.surface for m in found]
    assert all(m.provinces == {"Kiên Giang"} for m in found if m.surface == "Gò Quao")


def test_person_names_are_not_places():
    assert find_places("T/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nĐỗ Thanh Bình") == []


def test_lower_case_words_are_not_places():
    assert find_places("giữ gìn hòa bình và ổn định, an giang lưu thông") == []


def test_infer_province_by_votes():
    prov, why = infer_province("Xây dựng đề án ở huyện Phú Quý; triển khai tại huyện Phú Quý trước.")
    assert prov == "Bình Thuận"
    assert why.startswith("place:") and "huyện Phú Quý" in why


def test_infer_province_ambiguous_or_empty_is_unknown():
    prov, why = infer_province("Hợp tác giữa huyện Chiêm Hóa và huyện Phú Quý.")
    assert prov is None and why.startswith("ambiguous")
    assert infer_province("Các cơ quan, đơn vị triển khai thực hiện.") == (None, "no place names")


def test_corpus_lines():
    line = ("- Thí điểm hợp nhất Trung tâm Bồi dưỡng chính trị với Trung tâm Giáo dục nghề nghiệp ở huyện "
            "Phú Quý")  # 000
    assert infer_province(line)[0] == "Bình Thuận"
    assert infer_province("UBND thành phố Tuyên Quang; UBND huyện Chiêm Hóa")[0] == "Tuyên Quang"  # 001


def test_first_word_that_lost_its_capital_in_ocr():
    found = find_places("¹ Thực hiện thí điểm tại huyện tân Hiệp và huyện Gò Quao.")
    assert [m.surface for m in found] == ["huyện tân Hiệp", "huyện Gò Quao"]
    assert all(m.provinces == {"Kiên Giang"} for m in found)


def test_unit_words_come_from_the_lexicon_with_their_levels():
    """gazetteer_units.tsv: 'thị xã' heads a district, 'thị trấn' a commune; 'tp.' reads as 'thành phố'
    in running text, the bare 'tp' only in a unit's name."""
    from tinhgon.builders.gazetteer import DISTRICT, bare_name

    assert bare_name("thị xã Sơn Tây") == "Sơn Tây" and bare_name("Sơn Tây") == "Sơn Tây"
    assert place("tp Tuyên Quang").kind == DISTRICT
    assert [pm.surface for pm in find_places("Ủy ban nhân dân tp. Tuyên Quang và thị trấn An Thới")] == [
        "tp. Tuyên Quang", "thị trấn An Thới"]
    assert not any(pm.surface.startswith("tp ") for pm in find_places("Ủy ban nhân dân tp Tuyên Quang"))


def test_keywords_and_word_ends_read_without_regular_expressions():
    from tinhgon.builders.gazetteer import _keywords, _word_end

    assert _keywords('["xahonthom","thitrananthoy"]') == ["xahonthom", "thitrananthoi"]
    assert _keywords('["a","b') == ["a"] and _keywords(None) == []
    assert _word_end("Tuyên  Quang và", 2) == len("Tuyên  Quang") and _word_end(" A", 5) == 2
