"""The build end to end: deterministic, per-file named graphs, bad input never damages the store."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tinhgon import pipeline
from tinhgon.cli import main
from tinhgon.graph import iris
from tinhgon.graph.store import SPOOL_FILE, GraphStore
from tinhgon.pipeline import build

from .conftest import cp1258_bytes

PLAN = """KẾ HOẠCH
thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XII

Thực hiện Nghị quyết số 18-NQ/TW, Ban Thường vụ Tỉnh ủy xây dựng kế hoạch như sau:

I. NHIỆM VỤ
1. Rà soát, sắp xếp lại tổ chức bộ máy các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh.
- Cơ quan chủ trì: Sở Nội vụ;
- Thời gian thực hiện: trong quý II/2019.
2. Xây dựng Đề án hợp nhất Văn phòng Đoàn đại biểu Quốc hội với Văn phòng Hội đồng nhân dân tỉnh.
- Cơ quan chủ trì: Văn phòng Ủy ban nhân dân tỉnh;
- Thời gian thực hiện: hoàn thành trong năm 2019.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Trần Văn Bê
"""


def test_two_builds_give_identical_nquads(tmp_path, corpus_files, built_store):
    again = GraphStore(tmp_path / "again")
    assert build(corpus_files, again).ok
    assert again.canonical_nquads() == built_store.canonical_nquads()


def test_each_source_has_its_own_named_graph(built_store, corpus_files):
    graphs = set(built_store.named_graphs())
    for f in corpus_files:
        assert str(iris.source_graph(f.stem)) in graphs
    assert str(iris.ONTOLOGY_GRAPH) in graphs


def test_bad_inputs_are_named_and_leave_the_store_intact(tmp_path, built_store_dir):
    store_dir = tmp_path / "store"
    shutil.copytree(built_store_dir, store_dir)
    store = GraphStore(store_dir)
    before = store.canonical_nquads()

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    novel = tmp_path / "novel.txt"
    novel.write_text("Once upon a time there was a king who had three daughters. " * 30, encoding="utf-8")
    report = build([empty, binary, novel], store)
    messages = dict(report.failed)
    assert set(messages) == {str(empty), str(binary), str(novel)}
    assert "empty.txt: empty file" in messages[str(empty)]
    assert "scan.txt: binary data" in messages[str(binary)]
    assert "novel.txt: not Vietnamese text" in messages[str(novel)]
    assert store.canonical_nquads() == before


def test_a_windows_1258_file_is_decoded_with_a_note_and_other_graphs_stay(tmp_path, built_store_dir):
    store_dir = tmp_path / "store"
    shutil.copytree(built_store_dir, store_dir)
    store = GraphStore(store_dir)
    before = {g: store.dump("nt", g) for g in store.named_graphs()}
    legacy = tmp_path / "legacy-plan.txt"
    legacy.write_bytes(cp1258_bytes(PLAN))
    report = build([legacy], store)
    assert report.ok
    assert report.built[0].notes == ["decoded from cp1258"]
    for g, data in before.items():
        if g == str(iris.SHARED_GRAPH):  # the new file's facts join the shared ones
            assert set(data.splitlines()) <= set(store.dump("nt", g).splitlines())
        else:
            assert store.dump("nt", g) == data
    assert str(iris.source_graph("legacy-plan")) in store.named_graphs()


def test_rebuilding_one_file_replaces_exactly_its_statements(tmp_path):
    store = GraphStore(tmp_path / "store")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PLAN, encoding="utf-8")
    b.write_text(PLAN.replace("Trần Văn Bê", "Lê Thị Cê"), encoding="utf-8")
    assert build([a, b], store).ok
    b_graph = store.dump("nt", str(iris.source_graph("b")))
    a.write_text(PLAN.replace("quý II/2019", "quý III/2019"), encoding="utf-8")
    assert build([a], store).ok
    a_graph = store.dump("nt", str(iris.source_graph("a"))).decode()
    assert "2019-q3" in a_graph and "2019-q2" not in a_graph
    assert store.dump("nt", str(iris.source_graph("b"))) == b_graph


def shared_subjects(store: GraphStore) -> set[str]:
    rows = store.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{iris.SHARED_GRAPH}> {{ ?s ?p ?o }} }}")
    return {r["s"] for r in rows}


def test_each_fact_is_stored_once_and_the_union_never_repeats_a_triple(built_store):
    """No triple is in two graphs: a query over the union sees each fact once."""
    rows = built_store.select("SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                              "GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1) LIMIT 5")
    assert rows == []
    agencies = built_store.select("PREFIX tg: <https://w3id.org/tinhgon/ontology#> "
                                  "SELECT (COUNT(*) AS ?rows) (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a tg:Agency }")
    assert agencies[0]["rows"] == agencies[0]["n"] > 10


def test_a_shared_fact_records_every_source_that_asserts_it(built_store):
    """tgid:agency-type/so-noi-vu is named by several files: one fact, one derivation per file (of
    the fact itself, or of a bundle that holds it)."""
    rows = built_store.select(
        """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX tg: <https://w3id.org/tinhgon/ontology#>
        SELECT DISTINCT ?g WHERE { ?f rdf:subject <https://w3id.org/tinhgon/id/agency-type/so-noi-vu> ;
          rdf:predicate rdf:type .
          { GRAPH ?g { ?f prov:wasDerivedFrom ?m } }
          UNION { ?b prov:hadMember ?f . GRAPH ?g { ?b prov:wasDerivedFrom ?m } } }""")
    assert len(rows) >= 3 and all("/graph/source/" in r["g"] for r in rows)


def test_an_entity_no_source_names_any_more_disappears(tmp_path):
    store = GraphStore(tmp_path / "store")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PLAN, encoding="utf-8")
    b.write_text(PLAN.replace("Trần Văn Bê", "Lê Thị Cê"), encoding="utf-8")
    assert build([a, b], store).ok
    person_a = "https://w3id.org/tinhgon/id/person/tran-van-be"
    agency = "https://w3id.org/tinhgon/id/agency/unknown/so-noi-vu"
    subjects = shared_subjects(store)
    assert person_a in subjects
    a.write_text(PLAN.replace("Trần Văn Bê", "Phạm Văn Đê"), encoding="utf-8")
    assert build([a], store).ok
    subjects = shared_subjects(store)
    assert person_a not in subjects  # only a named him
    assert "https://w3id.org/tinhgon/id/person/pham-van-de" in subjects
    assert any(s.startswith(agency.rsplit("/", 2)[0]) for s in subjects)  # still named by both
    # Building a and b again from scratch gives the same store as the two rebuilds.
    fresh = GraphStore(tmp_path / "fresh")
    assert build([a, b], fresh).ok
    assert fresh.canonical_nquads() == store.canonical_nquads()


def test_two_files_with_one_source_name_are_refused_before_anything_is_written(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = tmp_path / "a" / "Kế hoạch 5.txt", tmp_path / "b" / "Kế hoạch 5.txt"
    three = tmp_path / "b" / "ke-hoach-5.md"
    for f in (one, two, three):
        f.write_text(PLAN, encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    report = build([tmp_path / "a", tmp_path / "b"], store)
    assert not report.ok and not report.built
    messages = dict(report.failed)
    assert set(messages) == {str(one), str(two), str(three)}
    assert str(two) in messages[str(one)] and "refused" in messages[str(one)]
    assert not [g for g in store.named_graphs() if "/source/" in g]
    # Their common folder names each by its path: a/… is built; the two b files still share one.
    report = build([tmp_path], store)
    assert [fr.stem for fr in report.built] == ["a-ke-hoach-5"]
    assert set(dict(report.failed)) == {str(two), str(three)}


def test_a_line_separator_inside_a_paragraph_is_kept_in_the_literal(tmp_path):
    """U+2028, U+0085, \x0b, \x0c and \x1c-\x1e inside a task's text: no crash, the quote is exact."""
    text = PLAN.replace("Rà soát, sắp xếp", "Rà soát,\x0b sắp\u2028 xếp\x85 lại\x1c\x1d\x1e\x0c")
    f = tmp_path / "sep.txt"
    f.write_text(text, encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    report = build([f], store)
    assert report.ok, report.failed
    rows = store.select("""PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?q ?b ?e WHERE { ?m nif:anchorOf ?q ; nif:beginIndex ?b ; nif:endIndex ?e }""")
    original = f.read_text(encoding="utf-8")
    assert any("\u2028" in r["q"] for r in rows)
    for r in rows:
        assert original[r["b"]:r["e"]] == r["q"]


def test_a_graph_that_fails_the_shapes_is_refused_and_the_store_kept(tmp_path, monkeypatch):
    """The per-file check runs before the commit: a violation names the file, nothing is written."""
    from tinhgon.graph import emit as emit_mod
    from tinhgon.graph.vocab import TG

    f = tmp_path / "plan.txt"
    f.write_text(PLAN, encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    assert build([f], store).ok
    before = store.canonical_nquads()
    real = emit_mod.Emitter.finish

    def two_texts(self):  # a builder slip: a task with two tg:text
        task = next(s for s, p, _ in self.g if p == TG.text and "/task/" in s)
        self.g.add((task, TG.text, emit_mod.Literal("một văn bản khác", lang="vi")))
        return real(self)

    monkeypatch.setattr(emit_mod.Emitter, "finish", two_texts)
    f.write_text(PLAN.replace("quý II/2019", "quý III/2019"), encoding="utf-8")
    report = build([f], store)
    assert not report.ok
    (path, msg), = report.failed
    assert path == str(f) and "does not conform to the shapes" in msg and "a task has exactly one tg:text" in msg
    assert store.canonical_nquads() == before


def test_a_parallel_build_gives_the_same_store(tmp_path, corpus_files, built_store, monkeypatch):
    """Worker processes and batches change nothing: the store equals the one-process build."""
    files = []
    for i in range(3):
        for f in corpus_files:
            g = tmp_path / "in" / f"{i}" / f.name
            g.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, g)
            files.append(g)
    one, two, three = GraphStore(tmp_path / "one"), GraphStore(tmp_path / "two"), GraphStore(tmp_path / "three")
    assert build([tmp_path / "in"], one, jobs=1, bulk=False).ok
    assert build([tmp_path / "in"], two, jobs=2, batch_files=3, bulk=False).ok
    assert build([tmp_path / "in"], three, jobs=2, bulk=True).ok  # staging store, swapped in at the end
    assert one.canonical_nquads() == two.canonical_nquads() == three.canonical_nquads()
    assert not (tmp_path / "three.building").exists() and not (tmp_path / "three.old").exists()
    # and a rebuild in place of the bulk-built store keeps it equal
    assert build([tmp_path / "in"], three, jobs=1).ok
    assert three.canonical_nquads() == one.canonical_nquads()
    # a bulk build in many loader calls (of 500 quads here) writes the same store
    monkeypatch.setattr(pipeline, "BULK_RUN_QUADS", 500)
    four = GraphStore(tmp_path / "four")
    assert build([tmp_path / "in"], four, jobs=1, bulk=True).ok
    assert four.canonical_nquads() == one.canonical_nquads()


def test_an_interrupted_first_build_leaves_the_old_store_and_the_next_one_starts_clean(tmp_path, corpus_files,
                                                                                      monkeypatch):
    """A first build stopped midway (Ctrl-C here, after one file) leaves the store as it was and a
    staging store nobody reads; the next first build discards that one and writes the same store as
    a build never interrupted."""
    real_run = pipeline._run

    def stopped(jobs_list, jobs):
        results = real_run(jobs_list, jobs)
        yield next(results)
        results.close()
        raise KeyboardInterrupt

    store = GraphStore(tmp_path / "s")
    monkeypatch.setattr(pipeline, "_run", stopped)
    with pytest.raises(KeyboardInterrupt):
        build(corpus_files, store, jobs=1, bulk=True)
    assert store.is_empty() and not store.source_hashes() and (tmp_path / "s.building").exists()
    assert not (tmp_path / "s.building" / SPOOL_FILE).exists()  # removed on the way out
    monkeypatch.setattr(pipeline, "_run", real_run)
    assert build(corpus_files, store, jobs=1).ok  # still empty: a bulk build again
    whole = GraphStore(tmp_path / "whole")
    assert build(corpus_files, whole, jobs=1, bulk=True).ok
    assert store.canonical_nquads() == whole.canonical_nquads()
    assert not (tmp_path / "s.building").exists()


def test_cli_build_reports_bad_file_and_exits_nonzero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(empty), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert f"{empty}: empty file" in result.output


def test_provenance_quotes_the_original_file(built_store, corpus_files):
    rows = built_store.select(
        """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX tg: <https://w3id.org/tinhgon/ontology#>
        SELECT ?b ?e ?q ?f WHERE { ?m a tg:Mention ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?q ;
          tg:source/tg:fileName ?f . }"""
    )
    assert rows
    texts = {f.name: f.read_text(encoding="utf-8") for f in corpus_files}
    for r in rows:
        assert texts[r["f"]][r["b"]:r["e"]] == r["q"]


def test_agency_labels_have_one_casing_per_type():
    from tinhgon.builders.resolve import canonical_label

    assert canonical_label("Phòng nội vụ") == canonical_label("Phòng Nội vụ") == "Phòng Nội vụ"
    assert canonical_label("Trưởng ban dân vận") == "Trưởng ban Dân vận"
    # common-noun continuations stay as printed
    assert canonical_label("Ban cán sự đảng Ủy ban nhân dân tỉnh") == "Ban cán sự đảng Ủy ban nhân dân tỉnh"
    assert canonical_label("Ủy ban nhân dân huyện") == "Ủy ban nhân dân huyện"


def test_known_agency_types_carry_an_english_name(built_store):
    rows = built_store.select(
        """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?en WHERE { <https://w3id.org/tinhgon/id/agency-type/so-noi-vu> rdfs:label ?en .
                           FILTER(lang(?en) = "en") }"""
    )
    assert rows == [{"en": "Department of Home Affairs"}]


def test_each_agency_type_has_one_vietnamese_label(built_store):
    rows = built_store.select(
        """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?t (COUNT(DISTINCT ?l) AS ?n) WHERE { ?t a tg:AgencyType ; skos:prefLabel ?l . FILTER(lang(?l) = "vi") }
        GROUP BY ?t HAVING (COUNT(DISTINCT ?l) > 1)"""
    )
    assert rows == []


def test_named_units_are_linked_to_the_gazetteer(built_store):
    rows = built_store.select(
        """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?code ?district WHERE { ?u a tg:Commune ; skos:prefLabel ?l ; tg:code ?code ;
          tg:within/skos:prefLabel ?district . FILTER(CONTAINS(STR(?l), "An Thới")) }"""
    )
    assert {(r["code"], r["district"]) for r in rows} == {("31081", "Phú Quốc")}


def test_time_statements_quote_the_time_words(built_store):
    """The mention behind a task's due date holds the words that state it (its year)."""
    rows = built_store.select(
        """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?o ?n ?q WHERE { ?st rdf:predicate tg:due ; rdf:object ?o ; rdf:subject ?t ;
                                    prov:wasDerivedFrom/nif:anchorOf ?q . ?t a tg:Task .
                                OPTIONAL { ?o skos:notation ?n } }"""
    )
    assert len(rows) > 30
    for r in rows:
        year = int((r["n"] or r["o"])[:4])
        # "trước năm 2020" is due 2019: the quote may name the year after
        assert str(year) in r["q"] or str(year + 1) in r["q"], r


def test_a_build_from_a_script_on_standard_input_runs_in_process(tmp_path, corpus_files):
    """`python -` with a build of several files and jobs=2: the workers could not re-import
    the script (the pool restarted them forever); the files are read in this process instead."""
    import subprocess
    import sys

    for i in range(2):
        for f in corpus_files:
            (tmp_path / "in" / f"{i}").mkdir(parents=True, exist_ok=True)
            shutil.copy(f, tmp_path / "in" / f"{i}" / f.name)
    script = (f"from tinhgon.graph.store import GraphStore\nfrom tinhgon.pipeline import build\n"
              f"r = build([{str(tmp_path / 'in')!r}], GraphStore({str(tmp_path / 'st')!r}), jobs=2)\n"
              f"print(len(r.built), len(r.failed))\n")
    proc = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == [str(2 * len(corpus_files)), "0"]
    assert "Traceback" not in proc.stderr
