"""The networkx projection: derived from the store, lineage, identifiers, centrality."""

from __future__ import annotations

import networkx as nx
import pytest

from tinhgon.graph.project import (
    english_agency,
    focus,
    lineage,
    project,
    resolve_id,
    slug_of,
    top,
    workload,
)
from tinhgon.graph.store import GraphStore

from .conftest import DATA

ID = "https://w3id.org/tinhgon/id/"
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


def test_english_labels_translate_whole_names_or_nothing():
    assert english_agency("Sở Nội vụ") == "Department of Home Affairs"
    assert english_agency("Ban Tổ chức Tỉnh ủy") == "Organisation Board of the Provincial Party Committee"
    assert english_agency("Văn phòng Hội đồng nhân dân tỉnh") == "Office of the Provincial People's Council"
    assert english_agency("Ban Quản lý dự án đầu tư") is None


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
    assert G.nodes[ID + "change/tq/1"]["label_en"] == "Amalgamation (ordered)"
    assert G.nodes[ID + "doc/tuyen-quang/68-kh-ubnd"]["label_vi"] == "KH 68/KH-UBND"
    assert len(G) == 31  # the ontology's own terms are not drawn
