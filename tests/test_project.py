"""The networkx projection: derived from the store, lineage, identifiers, centrality."""

from __future__ import annotations

import networkx as nx
import pytest

from tinhgon.graph.project import (
    clip,
    focus,
    lineage,
    project,
    resolve_id,
    slug_of,
    top,
    workload,
    wrap,
)
from tinhgon.graph.store import GraphStore

from .conftest import DATA

ID = "https://w3id.org/tinhgon/id/"
TG = "https://w3id.org/tinhgon/ontology#"
FIXTURE = DATA / "viz_fixture.trig"


@pytest.fixture(scope="module")
def store() -> GraphStore:
    s = GraphStore(None)
    s.load(FIXTURE)
    return s


@pytest.fixture(scope="module")
def G(store):
    return project(store)


def test_nodes_carry_class_labels_and_province(G):
    plan = G.nodes[ID + "doc/tuyen-quang/68-kh-ubnd"]
    assert plan["cls"] == "document" and plan["kind"] == "ke-hoach"
    assert plan["label_vi"] == "Kế hoạch 68/KH-UBND" and plan["label_en"] == "Plan 68/KH-UBND"
    assert plan["province"] == "Tuyên Quang" and plan["file"] == "tq.txt"
    assert ("signer", "Phạm Minh Huấn") in plan["facts"]
    unnumbered = G.nodes[ID + "doc/binh-thuan/ke-hoach-2018-0badf00d"]
    assert unnumbered["label_en"] == "Plan (unnumbered, Bình Thuận, 2018)"
    # a task's province is its document's
    assert G.nodes[ID + "task/tq/ii-1"]["province"] == "Tuyên Quang"
    assert G.nodes[ID + "task/tq/ii-2"]["due"] == "2018-Q3"
    facts = dict(G.nodes[ID + "task/tq/ii-2"]["facts"])
    assert facts["lead"] == "Sở Nội vụ" and facts["coordinating"] == "Ủy ban nhân dân tỉnh"
    assert dict(G.nodes[ID + "change/ag/1"]["facts"])["input"] == "Ban Tổ chức Tỉnh ủy; Sở Nội vụ"
    assert G.nodes[ID + "place/an-giang"]["cls"] == "province"


def test_changes_read_kind_and_status_and_mark_halted(G):
    halted = G.nodes[ID + "change/kg/1"]
    assert (halted["kind"], halted["status"], halted["level"]) == ("merge", "halted", "district")
    assert halted["halted"] and halted["label_en"].startswith("⛔")
    pending = G.nodes[ID + "change/ag/1"]
    assert pending["status"] == "pending-approval" and not pending["halted"]
    assert pending["quote"].startswith("hợp nhất Ban Tổ chức") and pending["source"] == "ag.txt"


def test_edges_keep_the_direction_and_name_of_the_relation(G):
    rels = {(s, o, d["rel"]) for s, o, d in G.edges(data=True)}
    assert (ID + "doc/tuyen-quang/68-kh-ubnd", ID + "doc/18-nq-tw", "implements") in rels
    assert (ID + "doc/74-kl-tw", ID + "doc/18-nq-tw", "reviews") in rels
    assert (ID + "change/ag/1", ID + "agency/an-giang/so-noi-vu", "input") in rels
    assert (ID + "change/kg/1", ID + "doc/kien-giang/ke-hoach-2019-abcd1234", "haltedBy") in rels
    assert (ID + "task/tq/ii-2", ID + "agency/tuyen-quang/so-noi-vu", "lead") in rels


def test_projection_is_derived_afresh_from_the_store():
    s = GraphStore(None)
    s.load(FIXTURE)
    before = project(s)
    s.replace_graph("https://w3id.org/tinhgon/graph/source/extra",
                    f"<{ID}doc/x/1-kh> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<https://w3id.org/tinhgon/ontology#Plan> .\n"
                    f"<{ID}doc/x/1-kh> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<https://w3id.org/tinhgon/ontology#Document> .\n"
                    f"<{ID}doc/x/1-kh> <https://w3id.org/tinhgon/ontology#implements> <{ID}doc/18-nq-tw> .\n")
    after = project(s)
    assert ID + "doc/x/1-kh" not in before and ID + "doc/x/1-kh" in after
    assert ID + "doc/x/1-kh" in lineage(after, ID + "doc/18-nq-tw")


def test_resolve_id_accepts_numbers_iris_and_prefixed_names(store):
    assert resolve_id(store, "18-NQ/TW") == ID + "doc/18-nq-tw"
    assert resolve_id(store, " 18 - nq/tw ") == ID + "doc/18-nq-tw"
    assert resolve_id(store, "68/2000/ND-CP") == ID + "doc/68-2000-nd-cp"  # Đ typed as D
    assert resolve_id(store, "tgid:doc/74-kl-tw") == ID + "doc/74-kl-tw"
    assert resolve_id(store, ID + "doc/74-kl-tw") == ID + "doc/74-kl-tw"
    with pytest.raises(KeyError, match="99-XX/YY"):
        resolve_id(store, "99-XX/YY")


def test_resolve_id_accepts_names_that_name_one_node(store):
    assert resolve_id(store, "an giang") == ID + "place/an-giang"
    assert resolve_id(store, "Sở Nội vụ tỉnh Tuyên Quang") == ID + "agency/tuyen-quang/so-noi-vu"
    s = GraphStore(None)
    s.load(FIXTURE)
    for prov in ("tuyen-quang", "an-giang"):
        s.replace_graph(f"https://w3id.org/tinhgon/graph/keys/{prov}",
                        f'<{ID}agency/{prov}/so-noi-vu> <https://w3id.org/tinhgon/ontology#searchKey> "so noi vu" .')
    with pytest.raises(KeyError, match="names 2 nodes"):
        resolve_id(s, "Sở Nội vụ")


def test_lineage_reaches_every_province_and_only_descendants(G):
    L = lineage(G, ID + "doc/18-nq-tw")
    provinces = {d["province"] for _, d in L.nodes(data=True) if d.get("file")}
    assert provinces == {"Tuyên Quang", "An Giang", "Kiên Giang", "Bình Thuận"}
    # through the conclusion that reviews the resolution
    assert L.edges[ID + "doc/18-nq-tw", ID + "doc/74-kl-tw"]["rel"] == "reviews"
    assert L.has_edge(ID + "doc/74-kl-tw", ID + "doc/kien-giang/ke-hoach-2019-abcd1234")
    # documents only cited, or implemented beside the root, are not its descendants
    for other in ("doc/39-nq-tw", "doc/102-kl-tw", "doc/07-kh-tw", "doc/68-2000-nd-cp", "doc/kien-giang/1398-tb-tu"):
        assert ID + other not in L
    assert all(d["cls"] == "document" for _, d in L.nodes(data=True))


def test_lineage_places_an_intermediate_plan_under_the_document_its_child_cites(G):
    L = lineage(G, ID + "doc/18-nq-tw")
    mid, child = ID + "doc/binh-thuan/82-kh-tu", ID + "doc/binh-thuan/ke-hoach-2018-0badf00d"
    edge = L.edges[ID + "doc/18-nq-tw", mid]
    assert edge["inferred"] and edge["via"] == child
    assert not L.edges[mid, child]["inferred"]
    assert not L.has_edge(ID + "doc/18-nq-tw", child)


def test_lineage_with_tasks_and_changes(G):
    L = lineage(G, ID + "doc/18-nq-tw", tasks=True, changes=True)
    assert L.edges[ID + "doc/tuyen-quang/68-kh-ubnd", ID + "task/tq/ii-1"]["rel"] == "assigns"
    # a change hangs under the task that states it when tasks are shown, else under its document
    assert L.has_edge(ID + "task/tq/ii-2", ID + "change/tq/1")
    assert L.nodes[ID + "change/kg/1"]["halted"]
    only_changes = lineage(G, ID + "doc/18-nq-tw", changes=True)
    assert only_changes.has_edge(ID + "doc/tuyen-quang/68-kh-ubnd", ID + "change/tq/1")
    assert not any(d["cls"] == "task" for _, d in only_changes.nodes(data=True))


def test_lineage_prefers_reviews_when_a_conclusion_also_implements():
    G = nx.MultiDiGraph()
    for n in ("nq", "kl", "kh"):
        G.add_node(n, cls="document", label_vi=n)
    G.add_edge("kl", "nq", key="implements", rel="implements")
    G.add_edge("kl", "nq", key="reviews", rel="reviews")
    G.add_edge("kh", "kl", key="implements", rel="implements")
    L = lineage(G, "nq")
    assert L.edges["nq", "kl"]["rel"] == "reviews" and L.edges["kl", "kh"]["rel"] == "implements"


def test_lineage_of_a_plan_and_of_a_cycle():
    G = nx.MultiDiGraph()
    for n in "abc":
        G.add_node(n, cls="document", label_vi=n)
    G.add_edge("b", "a", rel="implements")
    G.add_edge("c", "b", rel="implements")
    G.add_edge("a", "c", rel="implements")  # a misread reference closing a loop
    L = lineage(G, "a")
    assert set(L) == {"a", "b", "c"} and nx.is_directed_acyclic_graph(L)
    with pytest.raises(KeyError):
        lineage(G, "zzz")


def test_focus_keeps_the_neighbourhood_in_both_directions(G):
    near = focus(G, ID + "doc/74-kl-tw", depth=1)
    assert set(near) == {ID + "doc/74-kl-tw", ID + "doc/18-nq-tw", ID + "doc/kien-giang/ke-hoach-2019-abcd1234"}
    assert len(focus(G, ID + "doc/74-kl-tw", depth=0)) == 1


def test_workload_counts_tasks_per_agency(G):
    w = workload(G)
    assert w[ID + "agency/tuyen-quang/so-noi-vu"] == 2
    assert workload(G, roles=["coordinating"])[ID + "agency/tuyen-quang/so-noi-vu"] == 0
    assert top({"b": 1.0, "a": 1.0, "c": 2.0}, 2) == [("c", 2.0), ("a", 1.0)]


def test_english_labels_are_the_graphs_own(G):
    """English mode shows the graph's rdfs:label@en, and the Vietnamese name where it has none
    (no glossary of the page's own guesses at a translation)."""
    assert G.nodes[ID + "agency/an-giang/so-noi-vu"]["label_en"] == "Department of Home Affairs (An Giang)"
    assert G.nodes[ID + "agency/tuyen-quang/so-noi-vu"]["label_en"] == "Sở Nội vụ"  # no label@en in the fixture
    change = G.nodes[ID + "change/ag/1"]
    assert "Department of Home Affairs (An Giang)" in change["label_en"] and "Sở Nội vụ" in change["label_vi"]


def test_labels_say_what_a_task_and_a_change_are(G):
    task = G.nodes[ID + "task/tq/ii-1"]
    assert task["label_vi"] == "II.1 · Rà soát, sắp xếp các cơ quan chuyên môn thuộc…"
    assert task["head_vi"] == "Nhiệm vụ II.1"
    merge = G.nodes[ID + "change/ag/1"]
    assert merge["label_vi"] == "Hợp nhất (chờ Trung ương): Ban Tổ chức Tỉnh ủy + Sở Nội vụ → Ban Tổ chức - Nội vụ"
    assert merge["inputs"] == ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"] and merge["result"] == "Ban Tổ chức - Nội vụ"
    # only an input named: no arrow to nothing
    assert G.nodes[ID + "change/kg/1"]["label_vi"] == "⛔ Hợp nhất (tạm dừng): Văn phòng cấp ủy"


def test_a_change_not_expanded_is_not_halted(tmp_path):
    trig = tmp_path / "x.trig"
    trig.write_text("""@prefix tg: <https://w3id.org/tinhgon/ontology#> .
    <https://w3id.org/tinhgon/graph/source/x> {
        <https://w3id.org/tinhgon/id/change/x/1> a tg:StructuralChange ; tg:changeKind tg:kind-concurrent-post ;
            tg:status tg:status-not-expanded ; tg:text "Không mở rộng thí điểm Bí thư đồng thời là Chủ tịch"@vi ;
            tg:haltedBy <https://w3id.org/tinhgon/id/doc/x> .
        <https://w3id.org/tinhgon/id/change/x/2> a tg:StructuralChange ; tg:changeKind tg:kind-merge ;
            tg:status tg:status-halted .
        <https://w3id.org/tinhgon/id/change/x/3> a tg:StructuralChange ; tg:changeKind tg:kind-merge ;
            tg:status tg:status-ordered ; tg:haltedBy <https://w3id.org/tinhgon/id/doc/x> . }""", encoding="utf-8")
    s = GraphStore(None)
    s.load(trig)
    G = project(s)
    kept = G.nodes[ID + "change/x/1"]
    assert not kept["halted"] and "⛔" not in kept["label_vi"] and kept["label_en"].startswith("Concurrent post (not")
    assert G.nodes[ID + "change/x/2"]["halted"] and G.nodes[ID + "change/x/3"]["halted"]  # by status; by a document


def test_labels_are_cut_between_words():
    text = "Hợp nhất Văn phòng Đoàn Đại biểu Quốc hội, Văn phòng Hội đồng nhân dân và Văn phòng Ủy ban"
    short = clip(text, 40)
    assert short == "Hợp nhất Văn phòng Đoàn Đại biểu Quốc…" and len(short) <= 40
    assert clip("ngắn", 40) == "ngắn" and clip("Siêudàiquámứcmàkhôngcódấucách", 10) == "Siêudàiqu…"
    lines = wrap(text, 30, 2)
    assert lines == ["Hợp nhất Văn phòng Đoàn Đại", "biểu Quốc hội, Văn phòng Hội…"]
    words = set(text.split())
    assert all(w.rstrip("…") in words for line in lines for w in line.split())


def test_slug_of_concept_iris():
    assert slug_of("https://w3id.org/tinhgon/ontology#status-pending-approval") == "pending-approval"
    assert slug_of("https://w3id.org/tinhgon/ontology#kind-concurrent-post") == "concurrent-post"
    assert slug_of(None) is None


def test_labels_come_from_the_ontology_when_the_store_has_it():
    s = GraphStore(None)
    s.load(FIXTURE)
    s.replace_graph("https://w3id.org/tinhgon/graph/ontology",
                    '<https://w3id.org/tinhgon/ontology#kind-merge> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                    '"Amalgamation"@en .\n'
                    '<https://w3id.org/tinhgon/ontology#Plan> <http://www.w3.org/2000/01/rdf-schema#label> "KH"@vi .')
    G = project(s)
    assert G.nodes[ID + "change/tq/1"]["head_en"] == "Amalgamation (ordered)"
    assert G.nodes[ID + "doc/tuyen-quang/68-kh-ubnd"]["label_vi"] == "KH 68/KH-UBND"
    assert len(G) == 31  # the ontology's own terms are not drawn


# -- reading only what will be drawn -----------------------------------------------------------
def test_a_projection_of_some_nodes_holds_those_and_the_links_among_them(store, G):
    some = {ID + "doc/18-nq-tw", ID + "doc/tuyen-quang/68-kh-ubnd", ID + "doc/an-giang/19-ctr-tu"}
    P = project(store, some)
    assert set(P) == some
    assert {(s, o, r) for s, o, r in P.edges(data="rel")} == \
        {(s, o, r) for s, o, r in G.edges(data="rel") if s in some and o in some}
    for n in some:
        assert P.nodes[n]["label_vi"] == G.nodes[n]["label_vi"]


def test_the_neighbourhood_found_in_sparql_is_the_networkx_one(store, G):
    from tinhgon.graph.project import neighbourhood

    for center, depth in ((ID + "doc/18-nq-tw", 1), (ID + "doc/an-giang/19-ctr-tu", 2)):
        nodes, truncated = neighbourhood(store, center, depth, limit=10_000)
        assert not truncated
        assert set(project(store, nodes)) == set(focus(G, center, depth))
    nodes, truncated = neighbourhood(store, ID + "doc/18-nq-tw", 2, limit=5)
    assert truncated and len(nodes) == 5


def test_the_overview_counts_documents_per_province_and_kind(store, G):
    from tinhgon.graph.project import summary

    S = summary(store)
    docs = [n for n, c in G.nodes(data="cls") if c == "document"]
    groups = [d for _, d in S.nodes(data=True) if d["cls"] == "document"]
    assert sum(d.get("members") or 1 for d in groups) == len(docs)
    central = {n for n in docs if not G.nodes[n].get("province")}
    assert central <= set(S)  # central documents stay themselves
    assert all(d["province"] and d["label_vi"].endswith(d["province"]) for d in groups if d.get("members"))
    changes = sum(d["members"] for _, d in S.nodes(data=True) if d["cls"] == "change")
    assert changes == sum(1 for _, c in G.nodes(data="cls") if c == "change")
    assert any(d.get("halted") for _, d in S.nodes(data=True) if d["cls"] == "change")
    # a provincial plan group points to the directive it implements
    assert any(o == ID + "doc/18-nq-tw" and r == "implements" for _, o, r in S.edges(data="rel"))


def test_the_lineage_read_from_the_store_is_the_projected_one(store, G):
    from tinhgon.graph.project import store_lineage

    root = ID + "doc/18-nq-tw"
    for tasks, changes in ((False, False), (True, True)):
        L, notes = store_lineage(store, root, tasks=tasks, changes=changes)
        ref = lineage(G, root, tasks=tasks, changes=changes)
        assert not notes
        assert set(L) == set(ref) and set(L.edges) == set(ref.edges)


def test_a_big_lineage_groups_provincial_documents(store, G):
    from tinhgon.graph.project import group_lineage, store_lineage

    L, notes = store_lineage(store, ID + "doc/18-nq-tw", tasks=True, changes=True, max_nodes=10)
    full = lineage(G, ID + "doc/18-nq-tw", tasks=True, changes=True)
    assert notes and L.number_of_nodes() < full.number_of_nodes()
    groups = [d for _, d in L.nodes(data=True) if d.get("members")]
    provincial = [n for n, d in full.nodes(data=True) if d.get("cls") == "document" and d.get("province")]
    assert sum(d["members"] for d in groups) == len(provincial)
    assert nx.is_directed_acyclic_graph(L) and ID + "doc/18-nq-tw" in L
    # Read from its skeleton (labels and links only, the kept nodes projected in full, the grouped
    # documents' tasks and changes counted by the store), it is the grouping of the whole projection's
    # lineage, to the attributes: with tasks, changes (halted ones counted) or both.
    assert any(d.get("halted_changes") for d in groups)
    for tasks, changes in ((True, True), (True, False), (False, True)):
        L, _ = store_lineage(store, ID + "doc/18-nq-tw", tasks=tasks, changes=changes, max_nodes=5)
        ref = group_lineage(lineage(G, ID + "doc/18-nq-tw", tasks=tasks, changes=changes), ID + "doc/18-nq-tw")
        assert set(L) == set(ref) and set(L.edges) == set(ref.edges)
        assert {n: dict(d) for n, d in L.nodes(data=True)} == {n: dict(d) for n, d in ref.nodes(data=True)}


def test_a_grouped_lineage_draws_the_tasks_of_the_documents_left_ungrouped_only_within_its_budget():
    """A national lineage with --tasks: the central documents' own tasks are drawn when they fit the
    budget, and counted in their document's node when they do not (at 6,000 files the 151 ungrouped
    documents assign 5,000 tasks)."""
    from tinhgon.graph.project import store_lineage

    s = GraphStore(None)
    s.load(FIXTURE)
    root = ID + "doc/18-nq-tw"
    extra = "".join(f'<{ID}task/central/{i}> a <{TG}Task> ; <{TG}assignedIn> <{root}> ; <{TG}ref> "{i}" .\n'
                    for i in range(1, 7))
    s.replace_graph("https://w3id.org/tinhgon/graph/source/central", extra)
    tasks_of_root = {f"{ID}task/central/{i}" for i in range(1, 7)}
    drawn, notes = store_lineage(s, root, tasks=True, max_nodes=14)  # 17 in all, 7 once grouped
    assert notes and len(notes) == 1  # grouped, the root's six tasks drawn under it
    assert tasks_of_root <= set(drawn) and all(drawn.has_edge(root, t) for t in tasks_of_root)
    assert drawn.number_of_nodes() == 13
    counted, notes = store_lineage(s, root, tasks=True, max_nodes=6)
    assert len(notes) == 2 and "6 tasks and changes" in notes[1]
    assert not tasks_of_root & set(counted)
    assert counted.nodes[root]["tasks_counted"] == 6 and "6 nhiệm vụ" in counted.nodes[root]["label_vi"]
    assert "6 tasks" in counted.nodes[root]["label_en"]


def test_the_halted_candidates_query_reads_the_statuses_the_projection_calls_halted():
    from tinhgon.graph.project import HALTED_STATUSES, query
    from tinhgon.graph.vocab import CHANGE_STATUS

    text = query("halted-candidates")
    for status in HALTED_STATUSES:
        assert CHANGE_STATUS[status].n3().replace(TG, "tg:").strip("<>") in text
