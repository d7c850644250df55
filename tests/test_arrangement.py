"""Arrangement resolutions: each item is one change read off the text; the closing count is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinhgon.builders.arrangement import read_arrangement, view
from tinhgon.builders.load import load
from tinhgon.builders.normalise import normalise

DATA = Path(__file__).resolve().parent / "data" / "arrangement"
WRITTEN = DATA / "written-forms.md"
LAI_CHAU = DATA / "lai-chau-1670.md"  # a real resolution (1670/NQ-UBTVQH15), unchanged
HUE = DATA / "hue-1675.md"  # a real resolution (1675/NQ-UBTVQH15), unchanged


def read(path: Path, text: str | None = None, number: str | None = "9999/NQ-UBTVQH15", tmp: Path | None = None):
    """Read a resolution; with ``text``, that text written to a file under ``tmp`` instead."""
    if text is not None:
        assert tmp is not None
        path = tmp / path.name
        path.write_text(text, encoding="utf-8")
    src = normalise(load(path))
    return src, read_arrangement(src, number)


def by_result(arr) -> dict[str, object]:
    return {c.result.name: c for c in arr.changes if c.result is not None}


def names(change) -> list[str]:
    return [m.name for m in change.inputs]


@pytest.fixture(scope="module")
def written():
    return read(WRITTEN)


# ------------------------------------------------------------------------------ the view
@pytest.mark.parametrize(("glued", "apart"), [
    ("phườngPhong Hiền", "phường Phong Hiền"),
    ("xãVàng Sanvàxã Hua Bumthành xã", "xã Vàng San và xã Hua Bum thành xã"),
    ("cácxãPhìn Hồ, Ma Quai vàHồng Thu", "các xã Phìn Hồ, Ma Quai và Hồng Thu"),
    ("củathị trấn Đồng Tâm", "của thị trấn Đồng Tâm"),
    ("Điềm Thụy vàphần còn lại của xã Thượng Đìnhsau khi sắp xếp theo quy định tại",
     "Điềm Thụy và phần còn lại của xã Thượng Đình sau khi sắp xếp theo quy định tại"),
    ("Đoàn Kết,Quyết Tiến", "Đoàn Kết, Quyết Tiến"),
])
def test_view_puts_glued_words_apart(glued, apart):
    v, idx = view(glued)
    assert v == apart
    # every view character maps back to the character it shows
    assert all(c == " " or glued[i] == c for c, i in zip(v, idx, strict=False))


@pytest.mark.parametrize("word", ["xã Bình Thành", "thành phố Buôn Ma Thuột", "xã Ea H'đing", "xã Hòa Bình 1"])
def test_view_leaves_whole_words_alone(word):
    assert view(word)[0] == word


# ------------------------------------------------------------------------------ items
def test_shared_head_word_and_district(written):
    _, arr = written
    c = by_result(arr)["xã Minh Tân"]
    assert c.kind == "merge" and c.level == "commune" and c.status == "ordered"
    assert names(c) == ["xã Minh Tân (huyện Phù Cừ)", "xã Đông Hải", "xã Tây Hải"]
    assert c.unit_types["xã Minh Tân (huyện Phù Cừ)"] == "xã"


def test_glued_words_and_split_bold_markers(written):
    src, arr = written
    c = by_result(arr)["phường An Phú"]  # "**phường ****An Phú**"
    assert names(c) == ["phường An Phú", "phường An Lạc", "xã An Bình"]
    assert [src.quote(src.span(m.start, m.end)) for m in c.inputs] == ["phường An Phú", "phườngAn Lạc", "xãAn Bình"]
    assert names(by_result(arr)["xã Hua Bum"]) == ["xã Vàng San", "xã Hua Bum"]


def test_partial_inputs_are_marked(written):
    _, arr = written
    c = by_result(arr)["xã Bến Cát"]
    assert names(c) == ["thị trấn Bến Cát", "xã Long Hòa"] and c.partial_inputs == ["xã Long Hòa"]
    rest = by_result(arr)["phường Long Hòa"]  # "phần còn lại của xã Long Hòa sau khi sắp xếp theo … khoản 3 Điều này"
    assert names(rest) == ["Phường 1", "Phường 2", "xã Long Hòa"] and rest.partial_inputs == ["xã Long Hòa"]


@pytest.mark.parametrize(("result", "kind", "inputs"), [
    ("đặc khu Cồn Cỏ", "reorganise", ["huyện Cồn Cỏ"]),
    ("phường Tân Định", "establish", ["xã Tân Định"]),
    ("xã Tân Hòa", "absorb", ["xã Tân Phú", "xã Tân Hòa"]),
    ("xã Buôn Đôn", "reorganise", ["xã Krông Na"]),
])
def test_kinds_follow_the_verb(written, result, kind, inputs):
    c = by_result(written[1])[result]
    assert (c.kind, names(c)) == (kind, inputs)


def test_dates_and_province_come_from_the_text(written):
    _, arr = written
    assert arr.province == "Thử Nghiệm"
    assert (arr.adopted, arr.effective, arr.operational) == ("2025-06-16", "2025-06-16", "2025-07-01")
    assert {c.effective for c in arr.changes} == {"2025-06-16"} and {c.due for c in arr.changes} == {"2025-07-01"}


def test_quotes_are_exact(written):
    src, arr = written
    for c in arr.changes:
        assert src.quote(src.span(c.start, c.end)) in src.original
        for m in c.inputs:
            quote = src.quote(src.span(m.start, m.end))
            assert quote.replace(" ", "").endswith(m.name.split(" (")[0].split(" ", 1)[-1].replace(" ", "")) or \
                "(" in m.name, (quote, m.name)


# ------------------------------------------------------------------------------ counts
def test_the_count_is_kept_and_adds_up(written):
    _, arr = written
    (uc,) = arr.counts
    assert (uc.total, uc.by_type, uc.formed, uc.unchanged_count) == (
        11, {"xã": 7, "phường": 3, "đặc khu": 1}, {"xã": 5, "phường": 3, "đặc khu": 1}, 2)
    assert [m.name for m in uc.unchanged] == ["xã Mù Cả", "xã Tà Tổng"]
    assert arr.notes == []


def test_a_count_that_does_not_add_up_is_reported(tmp_path):
    text = WRITTEN.read_text(encoding="utf-8").replace("có 5 xã, 3 phường", "có 6 xã, 3 phường")
    _, arr = read(WRITTEN, text, tmp=tmp_path)
    assert any("6 xã are formed, 5 were read" in n for n in arr.notes), arr.notes
    assert any("formed, 9 changes were read" in n for n in arr.notes)


# ------------------------------------------------------------------------------ the text decides
def test_renaming_a_commune_in_the_text_renames_the_input(tmp_path):
    original = LAI_CHAU.read_text(encoding="utf-8")
    _, arr = read(LAI_CHAU, number="1670/NQ-UBTVQH15")
    assert "xã Nậm Xe" in names(by_result(arr)["xã Sin Suối Hồ"])
    _, renamed = read(LAI_CHAU, original.replace("xãNậm Xe", "xãNậm Mới Lập"), number="1670/NQ-UBTVQH15",
                      tmp=tmp_path)
    got = names(by_result(renamed)["xã Sin Suối Hồ"])
    assert "xã Nậm Mới Lập" in got and "xã Nậm Xe" not in got


@pytest.mark.parametrize(("path", "number", "units", "left"), [
    (LAI_CHAU, "1670/NQ-UBTVQH15", 36, 2), (HUE, "1675/NQ-UBTVQH15", 39, 1),
])
def test_real_resolutions_are_read_whole(path, number, units, left):
    _, arr = read(path, number=number)
    assert len(arr.changes) == units and arr.notes == []
    assert arr.counts[0].unchanged_count == left
    assert all(c.result is not None and c.inputs for c in arr.changes)


def test_other_documents_are_not_arrangements(tmp_path):
    text = WRITTEN.read_text(encoding="utf-8")
    assert read(WRITTEN, number="82-KH/TU")[1] is None  # not the body that orders arrangements
    plan = text.replace("sắp xếp các đơn vị hành chính cấp xã", "kiện toàn bộ máy")
    assert read(WRITTEN, plan, tmp=tmp_path)[1] is None


# ------------------------------------------------------------------------------ through the pipeline
def test_pipeline_records_carry_changes_not_tasks(tmp_path):
    from click.testing import CliRunner

    from tinhgon.cli import main

    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["extract", str(WRITTEN), "--out", str(out), "--store", str(tmp_path / "st")])
    assert res.exit_code == 0, res.output
    rec = json.loads((out / "written-forms.json").read_text(encoding="utf-8"))
    assert rec["documents"][0]["province"] == "Thử Nghiệm"
    changes = {c["result"]: c for c in rec["org_changes"]}
    assert len(changes) == 9
    c = changes["xã Bến Cát"]
    assert (c["kind"], c["status"], c["level"], c["due"], c["effective"]) == (
        "merge", "ordered", "commune", "2025-07-01", "2025-06-16")
    assert sorted(c["inputs"]) == ["thị trấn Bến Cát", "xã Long Hòa"] and c["partial_inputs"] == ["xã Long Hòa"]
    assert not any(t["text"].startswith("Sắp xếp toàn bộ") for t in rec["tasks"])


# ------------------------------------------------------------------------------ the cross-check
@pytest.fixture(scope="module")
def lai_chau_store(tmp_path_factory):
    from tinhgon.graph.store import GraphStore
    from tinhgon.pipeline import build

    d = tmp_path_factory.mktemp("lai-chau")
    store = GraphStore(d / "store")
    report = build([LAI_CHAU], store)
    assert report.ok, report.failed
    return store


def test_check_reports_text_and_table_differences_with_the_quote(lai_chau_store):
    from tinhgon.cli_check import check_arrangements

    (rc,) = check_arrangements(lai_chau_store)
    assert (rc.number, rc.province, rc.changes) == ("1670/NQ-UBTVQH15", "Lai Châu", 36)
    found = {(f.kind, f.unit): f for f in rc.findings}
    # the text spells "xã Can Hồ", the table "Kan Hồ": the text wins, the check says so with the words
    differ = found[("inputs-differ", "xã Bum Tở")]
    assert "xã Kan Hồ" in differ.detail and "xã Can Hồ" in differ.detail and "Can Hồ" in differ.quote
    assert ("unknown-input", "xã Bum Tở") in found
    assert not any(f.kind == "count" for f in rc.findings)


def test_check_command_prints_findings(lai_chau_store, tmp_path):
    from click.testing import CliRunner

    from tinhgon.cli import main

    res = CliRunner().invoke(main, ["check", "arrangements", "--store", str(lai_chau_store.path)])
    assert res.exit_code == 0, res.output
    assert "1670/NQ-UBTVQH15 (Lai Châu): 36 changes read" in res.output
    assert "[inputs-differ] xã Bum Tở" in res.output


# ------------------------------------------------------------------------------ canned queries (fixture)
@pytest.fixture(scope="module")
def fx():
    from tinhgon.graph.store import GraphStore

    store = GraphStore(None)
    store.load(Path(__file__).resolve().parent / "data" / "fixture.trig")
    return store


def ask(store, query: str, **params: str):
    from tinhgon import queries as Q

    q = Q.load(query)
    return store.run(q.text, q.bindings(params)).records()


@pytest.mark.parametrize("typed", ["vien an", "xã Viên An", "XA VIEN AN"])
def test_what_an_old_commune_became_by_text_and_by_table(fx, typed):
    recs = ask(fx, "arrangement-became", name=typed)
    got = sorted((r["source"], r["became"], r["share"]) for r in recs)
    assert got == [("table", "xã Phan Ngọc Hiển", "part"), ("table", "xã Đất Mũi", "part"),
                   ("text", "xã Đất Mũi", "part")]
    text = next(r for r in recs if r["source"] == "text")
    assert text["document"] == "1655/NQ-UBTVQH15" and "một phần diện tích" in text["quote"]


def test_a_name_matches_whole_words_only(fx):
    # "tan an" is xã Tân Ân, not xã Tân Ân Tây
    assert [r["became"] for r in ask(fx, "arrangement-became", name="tan an")] == ["xã Đất Mũi"]


def test_old_units_behind_a_new_one(fx):
    recs = ask(fx, "arrangement-formed-from", name="dat mui")
    text = sorted((r["formedFrom"], r["share"]) for r in recs if r["source"] == "text")
    assert text == [("xã Tân Ân", "part"), ("xã Viên An", "part"), ("xã Đất Mũi", "whole")]
    assert [r["formedFrom"] for r in recs if r["source"] == "table"] == ["xã Viên An"]


def test_largest_merges_and_per_province_counts(fx):
    recs = ask(fx, "arrangement-largest-merges")
    assert [(r["result"], r["oldUnits"], r["partial"]) for r in recs] == [("xã Đất Mũi", 3, 2), ("xã Tân Ân", 2, 0)]
    assert ask(fx, "arrangement-largest-merges", min="3")[0]["result"] == "xã Đất Mũi"
    (row,) = ask(fx, "arrangement-by-province")
    assert (row["provinceLabel"], row["document"], row["changes"], row["oldUnitsTakenIn"], row["unitsAfter"],
            row["leftAsTheyAre"]) == ("Cà Mau", "1655/NQ-UBTVQH15", 2, 5, 64, 1)


# ------------------------------------------------------------------------------ the gazetteer graph
def test_gazetteer_graph_passes_the_shapes_and_attributes_its_source():
    from rdflib import Graph, Literal, URIRef

    from tinhgon.builders.gazetteer import dataset_version, province_2025
    from tinhgon.graph.gazetteer import gazetteer_ntriples
    from tinhgon.graph.validate import validate
    from tinhgon.graph.vocab import PROV, SKOS, TG

    lai_chau = province_2025("Lai Châu")
    g = Graph()
    g.parse(data=gazetteer_ntriples({lai_chau.code}), format="nt")
    result = validate(g)
    assert result.conforms, result.results_text[:2000]
    tid = "https://w3id.org/tinhgon/id/"
    new = URIRef(f"{tid}unit/2025/province/{lai_chau.code}")
    assert g.value(new, SKOS.prefLabel) == Literal("Lai Châu", lang="vi")
    communes = set(g.subjects(TG.within, new))
    assert len(communes) == 38  # the count the resolution gives
    ds = URIRef(f"{tid}dataset/vietnamadminunits/{dataset_version().replace('.', '-')}")
    assert all((c, PROV.wasAttributedTo, ds) in g for c in communes)
    # xã Nậm Xe went whole into xã Sin Suối Hồ, by the table as by the text
    old = {str(g.value(s, SKOS.prefLabel)): s for s in g.subjects(TG.era, Literal("legacy"))}
    succ = [str(g.value(n, SKOS.prefLabel)) for n in g.objects(old["xã Nậm Xe"], TG.succeededBy)]
    assert succ == ["xã Sin Suối Hồ"]


def test_units_named_in_documents_link_to_the_gazetteer_by_code(lai_chau_store):
    rows = lai_chau_store.select(
        "PREFIX tg: <https://w3id.org/tinhgon/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?l ?code ?entry WHERE { ?u tg:gazetteerEntry ?entry ; tg:code ?code ; skos:prefLabel ?l }")
    linked = {r["l"]: r for r in rows}
    assert linked["xã Mường Kim"]["entry"].endswith(f"/unit/legacy/commune/{linked['xã Mường Kim']['code']}")


def test_gazetteer_command_loads_one_province(tmp_path):
    from click.testing import CliRunner

    from tinhgon.cli import main

    res = CliRunner().invoke(main, ["gazetteer", "--store", str(tmp_path / "st"), "--province", "Lai Châu"])
    assert res.exit_code == 0, res.output
    assert "triples from vietnamadminunits" in res.output
    bad = CliRunner().invoke(main, ["gazetteer", "--store", str(tmp_path / "st"), "--province", "Atlantis"])
    assert bad.exit_code != 0 and "Atlantis" in bad.output


# ------------------------------------------------------------------------------ resolve
def test_units_told_apart_only_by_accents_stay_two(tmp_path):
    text = WRITTEN.read_text(encoding="utf-8").replace(
        "9. Đổi tên xã Krông Na thành **xã Buôn Đôn**.",
        "9. Đổi tên xã Krông Na thành **xã Sơn Hà**.\n\n9a. Đổi tên xã Krông Nô thành **xã Sơn Hạ**.")
    path = tmp_path / "accents.md"
    path.write_text(text, encoding="utf-8")
    from tinhgon.pipeline import extract

    ex, res = extract(path)
    results = [c.result for c in ex.changes if c.result and c.result.name.startswith("xã Sơn")]
    ents = {res.entity_for(m).slug for m in results}
    assert len(results) == 2 and len(ents) == 2


# ------------------------------------------------------------------------------ other provinces' forms
@pytest.mark.parametrize(("sentence", "kind", "inputs", "result"), [
    ("1.2. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã Đồng Văn và thị trấn Sông Thao để thành lập "
     "xã mới có tên gọi là xã Đồng Thọ.", "merge", ["xã Đồng Văn", "thị trấn Sông Thao"], "xã Đồng Thọ"),
    ("- Thành lập đặc khu Phú Quốc trên cơ sở nguyên trạng diện tích tự nhiên, quy mô dân số của huyện Phú Quốc.",
     "establish", ["huyện Phú Quốc"], "đặc khu Phú Quốc"),
    ("b) Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các Phường 1, 2 và 3 (Quận 8) thành phường mới "
     "có tên gọi là phường Chánh Hưng.", "merge", ["Phường 1", "Phường 2", "Phường 3 (Quận 8)"], "phường Chánh Hưng"),
    ("15. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường Phú Hội, Phường Đúc và Vĩnh Ninh thành "
     "phường mới có tên gọi là phường Thuận Hóa.", "merge",
     ["phường Phú Hội", "phường Phường Đúc", "phường Vĩnh Ninh"], "phường Thuận Hóa"),
    ("26. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của của các xã Bình Hòa Bắc và Bình Thành thành xã mới "
     "có tên gọi là xã Đức Huệ.", "merge", ["xã Bình Hòa Bắc", "xã Bình Thành"], "xã Đức Huệ"),
    ("34. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của thị trấn Cái Nước, phần còn lại của xã xã Đông Hưng "
     "sau khi sắp xếp theo quy định tại khoản 32 Điều này thành xã mới có tên gọi là xã Cái Nước.", "merge",
     ["thị trấn Cái Nước", "xã Đông Hưng"], "xã Cái Nước"),
])
def test_forms_seen_in_one_resolution_or_another(sentence, kind, inputs, result):
    from tinhgon.builders.arrangement import _item, _Sentence

    c, _ = _item(_Sentence(sentence, 0), "commune")
    assert (c.kind, [m.name for m in c.inputs], c.result.name) == (kind, inputs, result)


def test_a_count_naming_its_unchanged_unit_before_the_cue():
    from tinhgon.builders.arrangement import _Sentence, _summary

    uc = _summary(_Sentence("127. Sau khi sắp xếp, thành phố Hà Nội có 126 đơn vị hành chính cấp xã, gồm 51 phường "
                            "và 75 xã; trong đó có 51 phường, 74 xã hình thành sau sắp xếp quy định tại Điều này và "
                            "xã Minh Châu không thực hiện sắp xếp.", 0))
    assert (uc.scope, uc.total, uc.formed, uc.unchanged_count) == ("Hà Nội", 126, {"phường": 51, "xã": 74}, 1)
    assert [m.name for m in uc.unchanged] == ["xã Minh Châu"]


def test_the_header_names_the_ordering_body_when_the_number_is_not_read(tmp_path):
    text = "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n\n" + WRITTEN.read_text(encoding="utf-8").replace("Số: 9999/NQ-UBTVQH15", "")
    _, arr = read(WRITTEN, text, number=None, tmp=tmp_path)
    assert arr is not None and len(arr.changes) == 9 and {c.status for c in arr.changes} == {"ordered"}


def test_sentences_split_at_items_not_inside_lists():
    from tinhgon.builders.arrangement import _plain, _sentences

    got = [s.raw for s in _sentences(_plain(
        "a) Sắp xếp xã A; Phường 2 thành xã B; b) Đổi tên xã C thành xã D. Sau khi sắp xếp, xã D có 10 km2."))]
    assert got == ["a) Sắp xếp xã A; Phường 2 thành xã B;", "b) Đổi tên xã C thành xã D.",
                   "Sau khi sắp xếp, xã D có 10 km2."]


def test_the_national_decisions_a_resolution_rests_on(fx):
    recs = ask(fx, "arrangement-basis")
    # the government's proposal (364/ĐA-CP) is cited too, but is not a decision of the centre
    assert [(r["provinceLabel"], r["document"], r["depth"], r["decision"]) for r in recs] == [
        ("Cà Mau", "1655/NQ-UBTVQH15", 1, "76/2025/UBTVQH15")]
    assert recs[0]["quote"].startswith("Nghị quyết số 76/2025/UBTVQH15")
    assert ask(fx, "arrangement-basis", basis="202/2025") == []


def test_the_title_names_the_province_over_places_inferred(tmp_path):
    from tinhgon.pipeline import extract

    text = HUE.read_text(encoding="utf-8").replace(
        "cấp xã của thành phố Huế năm 2025", "cấp xã của thành phố Phú Xuân năm 2025")
    path = tmp_path / "hue.md"
    path.write_text(text, encoding="utf-8")
    ex, _ = extract(path)
    assert (ex.document.province, ex.document.province_evidence) == ("Phú Xuân", "title")
    ex, _ = extract(HUE)
    assert ex.document.province == "Huế"


def test_numbers_parentheses_and_stops_the_item_grammar_reads():
    """The small readers that replaced inline patterns keep their edges: a unit's number is a word of its own,
    a district is the parenthetical that ends a piece, a total the number that ends its words."""
    from tinhgon.builders.arrangement import _name_stop, _numbered, _trailing_number, _trailing_paren

    assert _numbered("Phường 12", 7) and _numbered("IV, V", 0) and _numbered("12", whole=True)
    assert not _numbered("12a", 0) and not _numbered("1_", 0) and not _numbered("1V", 0)
    assert not _numbered("1 2", whole=True) and _numbered("Phường 3 mới", 7, 8)
    assert _trailing_paren("Hòa Phú (huyện X) ") == (8, "huyện X")
    assert _trailing_paren("Hòa Phú (huyện (X))") is None and _trailing_paren("Hòa Phú (huyện X) A") is None
    assert _trailing_number("tỉnh X có 096 ") == (10, 96) and _trailing_number("tỉnh X có") is None
    assert _name_stop("xã Hòa Phú, Hòa Xuân", 0, 20) == 10 and _name_stop("xã A.B", 0, 6) == 6
    assert _name_stop("xã A.", 0, 5) == 4


def test_the_title_province_ends_before_the_year_and_skips_its_link_word():
    from tinhgon.builders.arrangement import _title_province

    title = "Về việc sắp xếp các đơn vị hành chính cấp xã {} năm 2025"
    assert _title_province(title.format("của tỉnh Đắk Lắk")) == "Đắk Lắk"
    assert _title_province(title.format("thuộc thành phố Huế (mới)")) == "Huế"
    assert _title_province(title.format("của xã An Bình")) is None  # a commune names no province
