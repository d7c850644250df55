"""The query library: headers, parameters, and the answer of every canned query.

Answers are pinned on tests/data/fixture.trig, a hand-written graph of three provinces
that are not in the sample corpus (Hà Giang, Cà Mau, Lâm Đồng), so each assertion follows
from the fixture's comments. The answers on the sample corpus are pinned at the end,
tied to facts of the gold records (tests/data/gold/*.json).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from tinhgon import queries as Q
from tinhgon.graph.store import GraphStore, QuerySyntaxError, check_syntax

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "fixture.trig"
TGID = "https://w3id.org/tinhgon/id/"

# Parameters that give every canned query a non-empty answer on the fixture; test_remote
# runs the same list against a real server.
FIXTURE_PARAMS: dict[str, dict[str, str]] = {
    "agency-tasks": {"agency": "so noi vu"},
    "agency-workload": {},
    "arrangement-became": {"name": "vien an"},
    "arrangement-by-province": {},
    "arrangement-formed-from": {"name": "xã Đất Mũi"},
    "arrangement-largest-merges": {},
    "arrangement-basis": {},
    "changes": {},
    "changes-by-province": {},
    "citing-documents": {},
    "describe-node": {"node": "tgid:doc/74-kl-tw"},
    "document": {"doc": "tgid:doc/ha-giang/12-ctr-tu"},
    "fact-source": {"node": "tgid:task/hg/ii-1"},
    "find-agency": {"name": "nội vụ"},
    "halted-changes": {},
    "halted-kinds-elsewhere": {},
    "lineage": {"plan": "tgid:doc/lam-dong/ke-hoach-2018-cafef00d"},
    "merger-across-provinces": {"input": "Văn phòng Hội đồng nhân dân"},
    "pilots": {},
    "plans-spawned": {},
    "provinces-without-plan": {},
    "tasks-due": {"from": "2018-01-01", "to": "2018-12-31"},
    "tasks-overdue": {"asof": "2019-01-01"},
    "tasks-without-lead": {},
    "standing": {"doc": "tgid:doc/ha-giang/12-ctr-tu", "date": "2022-01-01"},
    "amended-since": {"since": "2020-01-01"},
    "repealed-by": {"doc": "tgid:doc/ha-giang/30-ctr-tu"},
    "in-force-implementing": {"directive": "tgid:doc/18-nq-tw", "date": "2022-01-01"},
}


@pytest.fixture(scope="module")
def fx() -> GraphStore:
    store = GraphStore(None)
    store.load(FIXTURE)
    return store


def ask(store: GraphStore, query: str, **params: str):
    q = Q.load(query)
    return store.run(q.text, q.bindings(params))


def short(iri: str | None) -> str | None:
    return iri[len(TGID):] if iri and iri.startswith(TGID) else iri


# -- the library itself --------------------------------------------------------------------
def test_library_has_every_question_documented() -> None:
    lib = Q.list_queries()
    assert len(lib) >= 15
    assert {q.name for q in lib} == set(FIXTURE_PARAMS)
    for q in lib:
        assert q.path is not None and q.name == q.path.stem
        assert q.title and q.tieu_de and q.description, q.name
        check_syntax(q.text)
        for p in q.params:
            if p.name == "limit":
                # written by the store into the query's LIMIT clauses; the default is the number there
                assert p.type == "int" and re.findall(r"\bLIMIT (\d+)", q.text) == [p.default], q.name
                assert "limit=0" in q.description, q.name
                continue
            # a name parameter may be used through its folded search key (?agency_key, bound by the store)
            assert re.search(rf"\?{p.name}(?:_key)?\b", q.text.split("\nSELECT", 1)[-1]), (q.name, p.name)
            assert p.meaning, (q.name, p.name)


def test_every_default_coerces() -> None:
    for q in Q.list_queries():
        for p in q.params:
            if p.default is not None:
                assert Q.coerce(p, p.default) is not None


def test_parse_header_reads_keys_continuations_defaults_and_optionals() -> None:
    text = (
        "# name: demo\n# title: A demo\n# tieu-de: Thử nghiệm\n# description: first line\n"
        "#   second line\n# param: d (type: iri) — the directive [default tgid:doc/18-nq-tw]\n"
        "# param: p (type: string) — a province [optional]\n# param: n (type: int) — how many\n"
        "SELECT * WHERE { ?s ?p ?o }\n"
    )
    q = Q.parse_header(text)
    assert (q.name, q.title, q.tieu_de) == ("demo", "A demo", "Thử nghiệm")
    assert q.description == "first line second line"
    assert [(p.name, p.type, p.default, p.optional, p.required) for p in q.params] == [
        ("d", "iri", "tgid:doc/18-nq-tw", False, False), ("p", "string", None, True, False),
        ("n", "int", None, False, True),
    ]


def test_parse_header_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown type 'float'"):
        Q.parse_header("# name: x\n# param: a (type: float) — no\nSELECT * {}")


def test_missing_parameter_is_named() -> None:
    q = Q.load("tasks-due")
    with pytest.raises(Q.QueryParamError, match="needs parameter 'to'"):
        q.bindings({"from": "2018-01-01"})


def test_unknown_parameter_is_named() -> None:
    with pytest.raises(Q.QueryParamError, match="no parameter 'provice'"):
        Q.load("pilots").bindings({"provice": "Cà Mau"})


def test_coercion_by_type() -> None:
    iri = Q.Param("x", "iri", "")
    assert Q.coerce(iri, "tgid:doc/18-nq-tw") == ox.NamedNode(TGID + "doc/18-nq-tw")
    assert Q.coerce(iri, "<http://example.org/a>") == ox.NamedNode("http://example.org/a")
    assert Q.coerce(Q.Param("d", "date", ""), "2018-06-30").datatype.value.endswith("#date")
    assert Q.coerce(Q.Param("n", "int", ""), " 7 ").value == "7"
    with pytest.raises(Q.QueryParamError, match="'x'"):
        Q.coerce(iri, "not an iri")
    with pytest.raises(Q.QueryParamError, match="'d' \\(date\\)"):
        Q.coerce(Q.Param("d", "date", ""), "30/06/2018")
    with pytest.raises(Q.QueryParamError, match="'n'"):
        Q.coerce(Q.Param("n", "int", ""), "seven")


def test_guess_term_for_adhoc_queries() -> None:
    assert isinstance(Q.guess_term("tgid:doc/18-nq-tw"), ox.NamedNode)
    assert Q.guess_term("2018-06-30").datatype.value.endswith("#date")
    assert Q.guess_term("12").datatype.value.endswith("#integer")
    assert Q.guess_term("Kiên Giang: huyện") == ox.Literal("Kiên Giang: huyện")


def test_values_are_bound_never_pasted(fx: GraphStore) -> None:
    # A value that would break out of a string literal if it were pasted into the text.
    res = ask(fx, "changes", province='Cà Mau") } } DROP ALL ; #')
    assert res.rows == []
    assert len(fx) > 300


def test_syntax_error_points_at_the_construct() -> None:
    with pytest.raises(QuerySyntaxError) as err:
        check_syntax("SELECT ?n WHERE {\n  ?d ?p ?n\n  FILTER(?n = ) }")
    assert (err.value.line, err.value.column) == (3, 3)
    assert "line 3, column 3" in str(err.value)


# -- answers on the fixture -----------------------------------------------------------------
def test_plans_spawned_transitively_with_depth(fx: GraphStore) -> None:
    rows = {short(r["plan"]): r for r in ask(fx, "plans-spawned").records()}
    assert {k: r["depth"] for k, r in rows.items()} == {
        "doc/07-kh-tw": 1, "doc/74-kl-tw": 1, "doc/ha-giang/12-ctr-tu": 1, "doc/lam-dong/45-kh-tu": 1,
        "doc/ca-mau/ke-hoach-2020-deadbeef": 2, "doc/lam-dong/ke-hoach-2018-cafef00d": 2,
    }
    assert rows["doc/ca-mau/ke-hoach-2020-deadbeef"]["provinceLabel"] == "Cà Mau"
    assert rows["doc/ca-mau/ke-hoach-2020-deadbeef"]["through"] == "74-KL/TW"
    assert rows["doc/ha-giang/12-ctr-tu"]["through"] == "07-KH/TW"  # the diamond: depth stays 1


def test_plans_spawned_by_province_and_other_directive(fx: GraphStore) -> None:
    rows = ask(fx, "plans-spawned", province="lâm đồng").column("plan")
    assert sorted(map(short, rows)) == ["doc/lam-dong/45-kh-tu", "doc/lam-dong/ke-hoach-2018-cafef00d"]
    rows = ask(fx, "plans-spawned", directive="tgid:doc/74-kl-tw").column("plan")
    assert list(map(short, rows)) == ["doc/ca-mau/ke-hoach-2020-deadbeef"]


def test_lineage_up_to_central_directives(fx: GraphStore) -> None:
    recs = ask(fx, "lineage", plan="tgid:doc/ca-mau/ke-hoach-2020-deadbeef").records()
    assert [(r["number"], r["depth"], r["central"], r["root"]) for r in recs] == [
        ("74-KL/TW", 1, "yes", "no"), ("18-NQ/TW", 2, "yes", "yes"),
    ]
    recs = ask(fx, "lineage", plan="tgid:doc/lam-dong/ke-hoach-2018-cafef00d").records()
    assert [(r["number"], r["depth"], r["provinceLabel"]) for r in recs] == [
        ("45-KH/TU", 1, "Lâm Đồng"), ("18-NQ/TW", 2, None),
    ]


def test_halted_changes_with_halting_document_and_directive(fx: GraphStore) -> None:
    recs = ask(fx, "halted-changes").records()
    assert [short(r["change"]) for r in recs] == ["change/cm/1", "change/cm/2", "change/cm/3"]
    first = recs[0]
    assert first["inputs"] == "Văn phòng Hội đồng nhân dân; Văn phòng Đoàn đại biểu Quốc hội"
    assert (first["level"], first["provinceLabel"], first["status"]) == ("province", "Cà Mau", "halted")
    assert short(first["haltedBy"]) == "doc/ca-mau/ke-hoach-2020-deadbeef"
    assert (first["behind"], first["directive"]) == ("74-KL/TW", "18-NQ/TW")
    assert recs[2]["status"] == "not-expanded"
    assert ask(fx, "halted-changes", province="Hà Giang").rows == []


def test_halted_kinds_elsewhere(fx: GraphStore) -> None:
    pairs = {(short(r["halted"]), r["otherProvince"], short(r["other"]), r["otherStatus"])
             for r in ask(fx, "halted-kinds-elsewhere").records()}
    assert pairs == {
        # Cà Mau halts the office merger that Hà Giang orders (3 offices ⊇ the 2 halted).
        ("change/cm/1", "Hà Giang", "change/hg/1", "ordered"),
        ("change/cm/2", "Hà Giang", "change/hg/3", "proposed"),
        ("change/cm/2", "Lâm Đồng", "change/ld/2", "ordered"),
        # No named input: matched on kind and level (district concurrent posts).
        ("change/cm/3", "Lâm Đồng", "change/ld/1", "pilot"),
    }
    only = ask(fx, "halted-kinds-elsewhere", status="ordered").column("other")
    assert sorted(map(short, only)) == ["change/hg/1", "change/ld/2"]


def test_changes_by_province_counts(fx: GraphStore) -> None:
    recs = ask(fx, "changes-by-province").records()
    assert sum(r["changes"] for r in recs) == 11  # 9 in the plans, 2 in Cà Mau's arrangement resolution
    assert sum(r["changes"] for r in recs if r["provinceLabel"] == "Cà Mau") == 6
    halted = ask(fx, "changes-by-province", status="halted").records()
    assert [(r["provinceLabel"], r["kindName"], r["changes"]) for r in halted] == [
        ("Cà Mau", "merge", 1), ("Cà Mau", "reorganise", 1)]


def test_changes_filters(fx: GraphStore) -> None:
    assert len(ask(fx, "changes").rows) == 11
    recs = ask(fx, "changes", kind="merge", level="province").records()
    assert [(r["provinceLabel"], r["statusName"]) for r in recs] == [("Cà Mau", "halted"), ("Hà Giang", "ordered")]
    assert recs[1]["due"] == "2019" and recs[1]["document"] == "12-CTr/TU"


def test_merger_across_provinces_accented_or_not(fx: GraphStore) -> None:
    accented = ask(fx, "merger-across-provinces", input="Văn phòng Hội đồng nhân dân").records()
    assert [(r["provinceLabel"], r["statusName"]) for r in accented] == [("Cà Mau", "halted"), ("Hà Giang", "ordered")]
    assert accented[1]["inputs"] == ("Văn phòng Hội đồng nhân dân tỉnh; Văn phòng Đoàn Đại biểu Quốc hội tỉnh; "
                                     "Văn phòng Ủy ban nhân dân tỉnh")
    folded = ask(fx, "merger-across-provinces", input="van phong hoi dong nhan dan").column("change")
    assert [short(c) for c in folded] == ["change/cm/1"]  # only Cà Mau's agency carries a search key
    assert ask(fx, "merger-across-provinces", input="Văn phòng Tỉnh ủy").rows == []  # a reorganise, not a merge
    assert len(ask(fx, "merger-across-provinces", input="Văn phòng Tỉnh ủy", kind="reorganise").rows) == 3


def test_agency_tasks_by_role_with_deadlines(fx: GraphStore) -> None:
    recs = ask(fx, "agency-tasks", agency="Sở Nội vụ", province="Hà Giang").records()
    assert [(r["roleName"], r["ref"], r["due"], r["dueDate"], r["recurrence"]) for r in recs] == [
        ("implementing", "II.3", None, None, "annual"),
        ("implementing", "II.2", "2019", "2019-12-31", None),
        ("lead", "II.1", "2018-Q2", "2018-06-30", None),
    ]
    assert len(ask(fx, "agency-tasks", agency="SỞ NỘI VỤ").rows) == 4  # both provinces, any case
    assert ask(fx, "agency-tasks", agency="so noi vu", role="lead").column("ref") == ["II.1", "B.1"]
    assert len(ask(fx, "agency-tasks", agency="Sở Nội vụ tỉnh Lâm Đồng").rows) == 1


def test_agency_workload_ranked(fx: GraphStore) -> None:
    recs = ask(fx, "agency-workload").records()
    assert [(r["provinceLabel"], r["agencyName"], r["tasks"], r["lead"], r["implementing"]) for r in recs[:2]] == [
        ("Hà Giang", "Sở Nội vụ", 3, 1, 2), ("Hà Giang", "Ban Tổ chức Tỉnh ủy", 2, 1, 0)]
    assert [r["tasks"] for r in recs] == sorted((r["tasks"] for r in recs), reverse=True)
    assert len(ask(fx, "agency-workload", province="Cà Mau").rows) == 1


def test_tasks_due_in_a_period(fx: GraphStore) -> None:
    recs = ask(fx, "tasks-due", **{"from": "2018-01-01", "to": "2018-12-31"}).records()
    assert [(r["ref"], r["due"], r["dueDate"], r["lead"]) for r in recs] == [
        ("II.1", "2018-Q2", "2018-06-30", "Sở Nội vụ"), ("B.1", "2018-09", "2018-09-30", "Sở Nội vụ")]
    # A quarter counts by its last day: a period ending on 2018-06-29 misses quý II.
    assert ask(fx, "tasks-due", **{"from": "2018-01-01", "to": "2018-06-29"}).rows == []


def test_tasks_overdue_as_of_a_date(fx: GraphStore) -> None:
    assert ask(fx, "tasks-overdue", asof="2019-01-01").column("ref") == ["II.1", "B.1"]
    assert ask(fx, "tasks-overdue", asof="2021-01-01").column("ref") == ["II.1", "B.1", "II.2", "1"]
    assert ask(fx, "tasks-overdue", asof="2018-06-30").rows == []


def test_tasks_without_lead(fx: GraphStore) -> None:
    recs = ask(fx, "tasks-without-lead").records()
    assert [(r["ref"], r["others"]) for r in recs] == [("II.3", "Sở Nội vụ")]


def test_pilots_and_where_they_run(fx: GraphStore) -> None:
    recs = ask(fx, "pilots").records()
    assert {(r["provinceLabel"], r["status"], r["scope"]) for r in recs} == {
        ("Cà Mau", "not-expanded", None), ("Cà Mau", "pilot", "huyện Trần Văn Thời"),
        ("Hà Giang", "pilot", "05/7 địa phương"), ("Lâm Đồng", "pilot", "huyện Đam Rông"),
    }


def test_citing_documents_with_relation_and_quote(fx: GraphStore) -> None:
    recs = {short(r["citing"]): r for r in ask(fx, "citing-documents").records()}
    assert {k: r["relation"] for k, r in recs.items()} == {
        "doc/ca-mau/ke-hoach-2020-deadbeef": "cites", "doc/lam-dong/ke-hoach-2018-cafef00d": "cites",
        "doc/07-kh-tw": "implements", "doc/ha-giang/12-ctr-tu": "implements", "doc/lam-dong/45-kh-tu": "implements",
        "doc/74-kl-tw": "reviews",
    }
    assert recs["doc/ha-giang/12-ctr-tu"]["quote"] == "Nghị quyết số 18-NQ/TW ngày 25/10/2017"


def test_limit_keeps_the_first_rows_and_zero_keeps_all(fx: GraphStore) -> None:
    every = ask(fx, "citing-documents", limit="0").records()
    assert len(every) == 6 and ask(fx, "citing-documents").records() == every  # the default (100) cuts nothing here
    two = ask(fx, "citing-documents", limit="2").records()
    assert len(two) == 2 and all(r in every for r in two)
    # a limited task list keeps each task whole: every lead of a task kept, never half of them
    tasks = {r["task"]: r["lead"] for r in ask(fx, "tasks-due", **{"from": "2018-01-01", "to": "2018-12-31"}).records()}
    one = ask(fx, "tasks-due", **{"from": "2018-01-01", "to": "2018-12-31", "limit": "1"}).records()
    assert len(one) == 1 and tasks[one[0]["task"]] == one[0]["lead"]
    statements = ask(fx, "describe-node", node="tgid:doc/74-kl-tw", limit="0").triples
    firsts = ask(fx, "describe-node", node="tgid:doc/74-kl-tw", limit="1").triples
    assert 1 <= len(firsts) < len(statements) and set(firsts) <= set(statements)


def test_bind_values_writes_the_limit_into_limit_clauses_only() -> None:
    from tinhgon.graph.store import bind_values

    q = 'SELECT ?x WHERE { ?x ?p "LIMIT 3" } # LIMIT 5\nLIMIT 100'
    assert bind_values(q, {"limit": 7}) == q.replace("LIMIT 100", "LIMIT 7")
    assert bind_values(q, {"limit": 0}).endswith(f"LIMIT {2**63 - 1}")  # every row, still a LIMIT
    with pytest.raises(ValueError):
        bind_values(q, {"limit": -1})


def test_in_force_implementing_by_province(fx: GraphStore) -> None:
    every = ask(fx, "in-force-implementing", date="2022-01-01").records()
    for province in {r["provinceLabel"] for r in every if r["provinceLabel"]}:
        assert ask(fx, "in-force-implementing", date="2022-01-01", province=province.upper()).records() == [
            r for r in every if r["provinceLabel"] == province], province
    assert ask(fx, "in-force-implementing", province="Nowhere").records() == []


def test_provinces_without_plan(fx: GraphStore) -> None:
    assert ask(fx, "provinces-without-plan").records() == [
        {"provinceLabel": "Điện Biên", "documents": 0, "province": TGID + "place/dien-bien"}]
    rows = ask(fx, "provinces-without-plan", directive="tgid:doc/74-kl-tw").records()
    assert [(r["provinceLabel"], r["documents"]) for r in rows] == [("Hà Giang", 1), ("Lâm Đồng", 1), ("Điện Biên", 0)]


def test_fact_source_quote_and_span(fx: GraphStore) -> None:
    recs = ask(fx, "fact-source", node="tgid:task/hg/ii-1").records()
    assert [(short(r["predicate"]) or "").rsplit("#", 1)[-1] for r in recs] == ["wasDerivedFrom", "lead", "due"]
    assert recs[1] == {"predicate": "https://w3id.org/tinhgon/ontology#lead", "value": "Sở Nội vụ",
                       "quote": "Cơ quan chủ trì: Sở Nội vụ", "begin": 280, "end": 306, "file": "hg.txt"}
    assert recs[2]["value"] == "2018-Q2"
    only = ask(fx, "fact-source", node="tgid:change/cm/1", property="tg:haltedBy").records()
    assert [(r["begin"], r["end"]) for r in only] == [(500, 590)]


def test_document_at_a_glance(fx: GraphStore) -> None:
    (rec,) = ask(fx, "document", doc="tgid:doc/ha-giang/12-ctr-tu").records()
    assert (rec["number"], rec["kind"], rec["issued"], rec["issuer"]) == (
        "12-CTr/TU", "chuong-trinh-hanh-dong", "2018-03-01", "Ban Chấp hành Đảng bộ tỉnh Hà Giang")
    assert (rec["tasks"], rec["changes"], rec["implements"], rec["cites"]) == (3, 3, 2, 1)


def test_find_agency(fx: GraphStore) -> None:
    assert [short(a) for a in ask(fx, "find-agency", name="nội vụ").column("agency")] == [
        "agency/ha-giang/so-noi-vu", "agency/lam-dong/so-noi-vu"]
    # posts are found by their words too, accented or not, in any order
    for name in ("Bí thư", "bi thu", "huyện ủy bí thư"):
        assert [short(a) for a in ask(fx, "find-agency", name=name).column("agency")] == ["post/bi-thu-huyen-uy"], name


def test_find_agency_matches_whole_words_in_order(fx: GraphStore) -> None:
    def found(name: str) -> list[str]:
        return [short(a) for a in ask(fx, "find-agency", name=name).column("agency")]

    assert found("SỞ NỘI VỤ TỈNH LÂM ĐỒNG") == ["agency/lam-dong/so-noi-vu"]  # its full name, any case
    assert found("no") == []  # a piece of a word ("nội") is not a word
    assert found("vụ nội") == []  # an agency's words in another order are another name
    assert found("hoi dong nhan") == [  # inner words of a name
        "agency/ca-mau/van-phong-hoi-dong-nhan-dan", "agency/ha-giang/van-phong-hoi-dong-nhan-dan-tinh"]


def test_describe_node_is_a_graph(fx: GraphStore) -> None:
    res = ask(fx, "describe-node", node="tgid:doc/74-kl-tw")
    assert res.form == "graph"
    triples = {(short(t.subject.value), t.predicate.value.rsplit("#", 1)[-1], str(t.object)) for t in res.triples}
    assert ("doc/74-kl-tw", "reviews", f"<{TGID}doc/18-nq-tw>") in triples
    assert ("https://w3id.org/tinhgon/ontology#Conclusion", "notation", '"ket-luan"') in triples
    assert "tgid:doc\\/74-kl-tw tg:reviews" in res.to_turtle({"tg": "https://w3id.org/tinhgon/ontology#",
                                                               "tgid": TGID})


# -- answers on the sample corpus, tied to the gold records --------------------------------
GOLD = DATA / "gold"
CORPUS = DATA.parent.parent / "corpus"


def gold_changes() -> list[tuple[str, dict]]:
    import json

    out = []
    for f in sorted(GOLD.glob("*.json")):
        rec = json.loads(f.read_text(encoding="utf-8"))
        province = rec["documents"][0]["province"]
        out += [(province, c) for c in rec["org_changes"]]
    return out


def same_text(gold_text: str, text: str) -> bool:
    """The gold text is an opening fragment; the graph may hold the whole sentence."""
    from tinhgon.text import fold

    g, t = " ".join(fold(gold_text).split()), " ".join(fold(text).split())
    return g[:40] in t or t[:40] in g


def test_corpus_halted_changes_are_exactly_the_kien_giang_halts(built_store) -> None:
    gold = [c for _, c in gold_changes() if c["halted_by"]]
    assert len(gold) == 7  # five halted, two not expanded
    recs = ask(built_store, "halted-changes").records()
    assert {r["provinceLabel"] for r in recs} == {"Kiên Giang"}
    assert len(recs) == len(gold)
    for g in gold:
        assert any(same_text(g["text"], r["text"]) and r["status"] == g["status"] for r in recs), g["text"]
    assert all("74-KL/TW" in (r["behind"] or "") for r in recs)
    assert all("18-NQ/TW" in (r["directive"] or "") for r in recs)


def test_corpus_halted_kinds_elsewhere(built_store) -> None:
    found = {(r["otherProvince"], r["kind"], r["level"], r["otherStatus"])
             for r in ask(built_store, "halted-kinds-elsewhere").records()}
    # Gold: Kiên Giang halts the Văn phòng Tỉnh ủy scheme Bình Thuận proposes, the merger of the
    # NA delegation's and People's Council's offices that Tuyên Quang and An Giang order, and the
    # district mergers An Giang pilots or awaits leave for.
    assert {
        ("Bình Thuận", "reorganise", "province", "proposed"),
        ("Tuyên Quang", "merge", "province", "ordered"),
        ("An Giang", "merge", "province", "ordered"),
        ("An Giang", "merge", "district", "pending-approval"),
        ("An Giang", "merge", "district", "pilot"),
    } <= found
    assert all(r["haltedProvince"] == "Kiên Giang" for r in ask(built_store, "halted-kinds-elsewhere").records())


def test_corpus_plans_spawned_by_18_nq_tw_cover_the_four_provinces(built_store) -> None:
    recs = ask(built_store, "plans-spawned").records()
    assert {"Bình Thuận", "Tuyên Quang", "Kiên Giang", "An Giang"} <= {r["provinceLabel"] for r in recs}
    depth = {r["provinceLabel"]: r["depth"] for r in recs if r["provinceLabel"]}
    assert depth["Tuyên Quang"] == 1 and depth["An Giang"] == 1  # gold: both implement it directly
    assert depth["Kiên Giang"] == 2  # through 74-KL/TW, which reviews it


def test_corpus_lineage_of_an_giang_programme(built_store) -> None:
    recs = ask(built_store, "lineage", plan="tgid:doc/an-giang/19-ctr-tu").records()
    direct = {r["number"] for r in recs if r["depth"] == 1}
    assert {"18-NQ/TW", "07-KH/TW"} <= direct


def test_corpus_citing_documents_of_18_nq_tw(built_store) -> None:
    rel = {(r["provinceLabel"], r["relation"]) for r in ask(built_store, "citing-documents").records()}
    # Gold: Tuyên Quang and An Giang implement it; Bình Thuận and Kiên Giang cite it.
    assert {("Tuyên Quang", "implements"), ("An Giang", "implements"),
            ("Bình Thuận", "cites"), ("Kiên Giang", "cites")} <= rel


def test_corpus_provinces_without_a_plan_for_74_kl_tw(built_store) -> None:
    rows = ask(built_store, "provinces-without-plan", directive="tgid:doc/74-kl-tw").records()
    names = {r["provinceLabel"] for r in rows}
    assert {"Bình Thuận", "Tuyên Quang", "An Giang"} <= names
    assert "Kiên Giang" not in names


def test_corpus_pilots_and_where(built_store) -> None:
    recs = ask(built_store, "pilots").records()
    assert {"Bình Thuận", "Kiên Giang", "An Giang"} <= {r["provinceLabel"] for r in recs}
    assert any(r["provinceLabel"] == "Bình Thuận" and "Phú Quý" in (r["scope"] or "") for r in recs)
    assert any(r["provinceLabel"] == "Kiên Giang" and r["status"] == "not-expanded" for r in recs)


def test_corpus_changes_by_province_statuses(built_store) -> None:
    pairs = {(r["provinceLabel"], r["statusName"]) for r in ask(built_store, "changes-by-province").records()}
    assert {("An Giang", "pending-approval"), ("Kiên Giang", "halted"), ("Tuyên Quang", "ordered"),
            ("Bình Thuận", "proposed")} <= pairs


def test_corpus_merger_of_the_councils_offices_across_provinces(built_store) -> None:
    recs = ask(built_store, "merger-across-provinces", input="Văn phòng Hội đồng nhân dân").records()
    assert {("Tuyên Quang", "ordered"), ("An Giang", "ordered"), ("Kiên Giang", "halted")} <= {
        (r["provinceLabel"], r["statusName"]) for r in recs}


def test_corpus_fact_source_quotes_the_original_file(built_store) -> None:
    (change, *_) = ask(built_store, "halted-changes").column("change")
    recs = ask(built_store, "fact-source", node=change).records()
    assert recs
    original = (CORPUS / "003_8fcee2da3dc81e12.txt").read_bytes().decode("utf-8")
    for r in recs:
        assert r["file"] == "003_8fcee2da3dc81e12.txt"
        assert original[r["begin"]:r["end"]] == r["quote"]


# -- the remaining canned queries on the sample corpus, tied to facts of the gold records --------

def gold_tasks() -> list[tuple[str, dict]]:
    import json

    out = []
    for f in sorted(GOLD.glob("*.json")):
        rec = json.loads(f.read_text(encoding="utf-8"))
        province = rec["documents"][0]["province"]
        out += [(province, t) for t in rec["tasks"]]
    return out


def gold_due_between(first: str, last: str) -> set[tuple[str, str]]:
    from tinhgon.builders.deadlines import interval_bounds

    return {(p, t["ref"]) for p, t in gold_tasks()
            if t["due"] and first <= interval_bounds(t["due"])[1].isoformat() <= last}


def test_corpus_agency_tasks_of_so_noi_vu(built_store) -> None:
    recs = ask(built_store, "agency-tasks", agency="Sở Nội vụ").records()
    lead = {(r["provinceLabel"], r["ref"]) for r in recs if r["roleName"] == "lead"}
    gold = {(p, t["ref"]) for p, t in gold_tasks() if "Sở Nội vụ" in t["lead"]}
    assert gold <= lead
    assert {("Bình Thuận", "B.I.3"), ("Tuyên Quang", "II.3.1-10")} <= lead


def test_corpus_agency_workload_tops_with_tuyen_quang_so_noi_vu(built_store) -> None:
    recs = ask(built_store, "agency-workload").records()
    top = recs[0]
    # gold: Sở Nội vụ of Tuyên Quang leads 19 tasks, coordinates 7, implements 1: 26 distinct tasks
    assert (top["provinceLabel"], top["agencyName"]) == ("Tuyên Quang", "Sở Nội vụ")
    assert (top["tasks"], top["lead"], top["coordinating"], top["implementing"]) == (26, 19, 7, 1)


def test_corpus_changes_cover_every_gold_change(built_store) -> None:
    from collections import Counter

    rows = Counter((r["provinceLabel"], r["kindName"], r["statusName"], r["levelName"])
                   for r in ask(built_store, "changes").records())
    gold = Counter((p, c["kind"], c["status"], c["level"]) for p, c in gold_changes())
    assert not gold - rows


def test_corpus_document_card_of_the_an_giang_programme(built_store) -> None:
    (rec,) = ask(built_store, "document", doc="tgid:doc/an-giang/19-ctr-tu").records()
    assert (rec["number"], rec["kind"], rec["issued"], rec["provinceLabel"]) == (
        "19-CTr/TU", "chuong-trinh-hanh-dong", "2018-04-19", "An Giang")
    assert (rec["implements"], rec["cites"]) == (2, 1)  # 18-NQ/TW, 07-KH/TW; 68/2000/NĐ-CP


def test_corpus_find_agency_accent_free(built_store) -> None:
    recs = ask(built_store, "find-agency", name="so noi vu").records()
    assert {r["provinceLabel"] for r in recs if r["label"] == "Sở Nội vụ"} == {
        "Bình Thuận", "Tuyên Quang", "Kiên Giang", "An Giang"}


def test_corpus_tasks_due_in_the_second_quarter_of_2018(built_store) -> None:
    recs = ask(built_store, "tasks-due", **{"from": "2018-04-01", "to": "2018-06-30"}).records()
    assert {(r["provinceLabel"], r["ref"]) for r in recs} == gold_due_between("2018-04-01", "2018-06-30")


def test_corpus_tasks_overdue_at_the_start_of_2019(built_store) -> None:
    recs = ask(built_store, "tasks-overdue", asof="2019-01-01").records()
    found = {(r["provinceLabel"], r["ref"]) for r in recs}
    gold = gold_due_between("0000-01-01", "2018-12-31")
    # The builders give the period of a lead-in ("Trong năm 2018 … những công việc sau:") to the items
    # below that state none, as the real documents' conventions do; the sample gold leaves one of them
    # (Bình Thuận B.II.3) without a deadline.
    assert gold <= found and len(found - gold) <= 1, (found - gold, gold - found)


def test_corpus_tasks_without_a_lead(built_store) -> None:
    recs = ask(built_store, "tasks-without-lead").records()
    found = {(r["provinceLabel"], r["ref"]) for r in recs}
    gold = {(p, t["ref"]) for p, t in gold_tasks() if not t["lead"]}
    # role readings may differ on a task or two (see test_scores): one body under "Cơ quan thực hiện:"
    # with no other lead leads, as the real documents' conventions say (the sample gold's B.III.5 does not)
    assert len(gold - found) <= 1 and len(found - gold) <= 2, (gold - found, found - gold)


def test_corpus_describe_74_kl_tw(built_store) -> None:
    res = ask(built_store, "describe-node", node="tgid:doc/74-kl-tw")
    triples = {(t.subject.value, t.predicate.value, str(t.object.value)) for t in res.triples}
    doc, tg = "https://w3id.org/tinhgon/id/doc/", "https://w3id.org/tinhgon/ontology#"
    assert (doc + "74-kl-tw", tg + "reviews", doc + "18-nq-tw") in triples
    assert (doc + "74-kl-tw", tg + "number", "74-KL/TW") in triples


# --- national-scale rewrites (s6qb) ---


def test_changes_limit_keeps_each_change_whole(fx: GraphStore) -> None:
    every = ask(fx, "changes", limit="0").records()
    assert len({r["change"] for r in every}) > 1
    assert ask(fx, "changes").records() == every  # the default (100) cuts nothing here
    one = ask(fx, "changes", limit="1").records()
    assert one and {r["change"] for r in one} == {one[0]["change"]}
    assert one == [r for r in every if r["change"] == one[0]["change"]]  # every input, result and due kept


def test_merger_across_provinces_limit(fx: GraphStore) -> None:
    every = ask(fx, "merger-across-provinces", input="Văn phòng", limit="0").records()
    one = ask(fx, "merger-across-provinces", input="Văn phòng", limit="1").records()
    assert len(every) == 2 and len(one) == 1 and one[0] in every  # a change keeps all its inputs


def test_halted_kinds_elsewhere_limit(fx: GraphStore) -> None:
    every = ask(fx, "halted-kinds-elsewhere", limit="0").records()
    two = ask(fx, "halted-kinds-elsewhere", limit="2").records()
    assert len(every) == 4 and len(two) == 2 and all(r in every for r in two)


def test_merger_across_provinces_finds_places_which_carry_no_name_words(fx: GraphStore) -> None:
    # The communes of Cà Mau's arrangement are inputs with a search key and no tg:nameWord: found by their names.
    changes = ask(fx, "merger-across-provinces", input="xã Tân Ân").column("change")
    assert sorted(short(c) for c in changes) == ["change/cmx/13", "change/cmx/14"]  # "xã Tân Ân Tây" contains it
    assert [short(c) for c in ask(fx, "merger-across-provinces", input="xa dat mui").column("change")] == [
        "change/cmx/13"]


def test_merger_across_provinces_longest_word_is_a_whole_word(fx: GraphStore) -> None:
    # The inputs are looked up by the longest word ("phong"): part of a word finds nothing.
    assert len(ask(fx, "merger-across-provinces", input="phòng Hội đồng nhân dân").rows) == 2
    assert ask(fx, "merger-across-provinces", input="Văn phòn").rows == []
