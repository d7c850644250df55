"""Document numbers and kinds: one pattern, one canonical form, one code → kind, one central rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from tinhgon.builders import lexicon, numbers
from tinhgon.builders.model import DOC_KINDS

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "tinhgon.ttl"
TG = "https://w3id.org/tinhgon/ontology#"


@pytest.mark.parametrize(("printed", "canonical"), [
    ("18-NQ/TW", "18-NQ/TW"), ("07- KH/TW", "07-KH/TW"), ("19-Ctr/TU", "19-CTr/TU"),
    ("56/2017/QH14", "56/2017/QH14"), ("68/2000/NĐ-CP", "68/2000/NĐ-CP"), ("2179/QĐ-TTG", "2179/QĐ-TTg"),
    ("06/2022/TT-BTTTT", "06/2022/TT-BTTTT"), ("45 -HD/BTCTW", "45-HD/BTCTW"), ("11-QĐI/TW", "11-QĐi/TW"),
    ("18-NQ/TƯ", "18-NQ/TW"), ("123/QĐ-UBND-NC", "123/QĐ-UBND-NC"), ("77/SNV-VP&TCCB", "77/SNV-VP&TCCB"),
])
def test_canonical_form(printed, canonical):
    assert numbers.canonical(printed) == canonical
    assert [n.text for n in numbers.find_numbers(f"Thực hiện văn bản số {printed} ngày 01/01/2025.")] == [canonical]


def test_a_fragment_is_not_a_number_and_a_date_is_not_one():
    text = "Thực hiện Kế hoạch 05-KH, ngày 12/3/2025 và số 9/2025, tại phòng 3-A."
    assert list(numbers.find_numbers(text)) == []
    assert [n.text for n in numbers.find_numbers(text, full=False)] == ["05-KH", "3-A"]


def test_an_ampersand_joins_two_units_of_one_code_only():
    text = "theo Công văn số 77/SNV-VP&TCCB và Quyết định số 12/QĐ-UBND&nbsp;ngày 01/01/2025"
    assert [n.text for n in numbers.find_numbers(text)] == ["77/SNV-VP&TCCB", "12/QĐ-UBND"]


def test_number_parts_and_offsets():
    text = "theo Quyết định số 2179/QĐ-TTg của Thủ tướng"
    (n,) = numbers.find_numbers(text)
    assert (n.lead, n.year, n.codes, n.code) == ("2179", None, ("QĐ", "TTg"), "QĐ")
    assert text[n.start:n.end] == "2179/QĐ-TTg"
    assert numbers.key("  68/2000/NĐ-CP ") == "68/2000/ND-CP"


@pytest.mark.parametrize(("number", "scope"), [
    ("18-NQ/TW", "central"), ("56/2017/QH14", "central"), ("10/NQ-CP", "central"), ("68/2000/NĐ-CP", "central"),
    ("82-KH/TU", "province"), ("68/KH-UBND", "province"), ("12-NQ/HU", "province"), ("05/QĐ-TTg", "central"),
    ("123/UBND-NC", "province"), ("03-HD/BTCTW", "central"), ("15-HD/BTCTU", "province"),
    ("12/2012/TT-BNV", "central"), ("06/2022/TT-BTTTT", "central"), ("07-KL/VPTW", "central"),
    ("100-BC/TW", "central"), ("12-BC/BCĐ", "province"), ("45/KH-XYZ", "province"), ("12-TB/VPCP", "central"),
])
def test_scope_from_the_issuing_code(number, scope):
    assert numbers.scope(number) == scope
    assert numbers.is_central(number) == (scope == "central")


@pytest.mark.parametrize(("number", "kind"), [
    ("18-NQ/TW", "nghi-quyet"), ("68/KH-UBND", "ke-hoach"), ("19-CTr/TU", "chuong-trinh-hanh-dong"),
    ("11-QĐi/TW", "quy-dinh"), ("2179/QĐ-TTg", "quyet-dinh"), ("06/2022/TT-BTTTT", "thong-tu"),
    ("45-HD/BTCTW", "huong-dan"), ("56/2017/QH14", None), ("123/UBND-NC", None),
])
def test_kind_from_the_code(number, kind):
    assert numbers.kind_of_number(number) == kind


@pytest.mark.parametrize(("words", "kind"), [
    ("Nghị quyết", "nghi-quyet"), ("KẾ HOẠCH", "ke-hoach"), ("Chương trình", "chuong-trinh-hanh-dong"),
    ("thông báo  kết luận", "thong-bao"), ("chuong trinh hanh dong", "chuong-trinh-hanh-dong"), ("Tờ trình", None),
])
def test_kind_from_the_words(words, kind):
    assert numbers.kind_of_word(words) == kind


def test_kind_words_are_longest_first():
    ws = numbers.kind_words()
    assert ws.index("thông báo kết luận") < ws.index("thông báo")
    assert ws.index("chương trình hành động") < ws.index("chương trình")
    assert "chuong trinh hanh dong" in numbers.kind_words(folded=True)


def test_doc_kinds_is_the_one_list_of_kinds():
    assert DOC_KINDS == numbers.DOC_KINDS == tuple(r["slug"] for r in lexicon.rows("doc_kinds"))
    assert set(numbers.kind_classes()) == set(numbers.kind_labels()) == set(DOC_KINDS)


def test_every_kind_has_its_class_in_the_ontology():
    """A new kind is a row in doc_kinds.tsv plus its class in the ontology; this names what is missing."""
    ont = Graph().parse(ONTOLOGY)
    from rdflib import URIRef

    for slug, cls in numbers.kind_classes().items():
        iri = URIRef(TG + cls)
        assert (iri, RDFS.subClassOf, URIRef(TG + "Document")) in ont, f"doc_kinds {slug}: tg:{cls} not in the ontology"
        assert list(ont.objects(iri, SKOS.notation)) == [Literal(slug)], f"tg:{cls} has another notation"
        labels = {o.language: str(o) for o in ont.objects(iri, RDFS.label)}
        vi, en = numbers.kind_labels()[slug]
        assert labels.get("vi") == vi and labels.get("en") == en, f"tg:{cls} labels {labels} ≠ {(vi, en)}"


def test_a_sub_number_and_cyrillic_look_alikes():
    text = "theo Nghị quyết số 66.4/2025/NQ-CP và Nghị định 126/2024/NĐ-\u0421\u0420 của Chính phủ; mục 2.1 năm 2025"
    assert [n.text for n in numbers.find_numbers(text)] == ["66.4/2025/NQ-CP", "126/2024/NĐ-CP"]
