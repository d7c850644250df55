"""Bundles of shared facts: the store keeps a fact while any source asserts it, directly or through a
bundle, and drops it, its bundle and its triple with the last source (graph/emit.py, graph/store.py)."""

from __future__ import annotations

from rdflib import URIRef

from tinhgon.graph import iris
from tinhgon.graph.emit import PROV, RDF, TG, bundle_block, fact_block, lit, nt
from tinhgon.graph.store import GraphStore, SourceData
from tinhgon.pipeline import build

from .test_pipeline import PLAN

SHARED = str(iris.SHARED_GRAPH)
AGENCY = "https://w3id.org/tinhgon/id/agency/unknown/so-noi-vu"
PREFIXES = ("PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ")


def shared_lines(store: GraphStore) -> set[str]:
    return {line for line in store.canonical_nquads().splitlines() if line.endswith(f"<{SHARED}> .")}


def about(store: GraphStore, subject: str) -> set[tuple[str, str]]:
    """The (predicate, object) pairs the shared graph states of ``subject``."""
    rows = store.select(f"SELECT ?p ?o WHERE {{ GRAPH <{SHARED}> {{ <{subject}> ?p ?o }} }}")
    return {(r["p"], str(r["o"])) for r in rows}


def deriving_graphs(store: GraphStore, subject: str) -> dict[str, set[str]]:
    """Bundle → the graphs that derive it, for the bundles holding facts about ``subject``."""
    rows = store.select(PREFIXES + f"""SELECT ?b ?g WHERE {{
        GRAPH <{SHARED}> {{ ?f rdf:subject <{subject}> . ?b prov:hadMember ?f }}
        OPTIONAL {{ GRAPH ?g {{ ?b prov:wasDerivedFrom ?src }} }} }}""")
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["b"], set())
        if r["g"]:
            out[r["b"]].add(r["g"])
    return out


def two_sources(tmp_path, name: str = "store") -> tuple[GraphStore, object, object]:
    store = GraphStore(tmp_path / name)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PLAN, encoding="utf-8")
    b.write_text(PLAN.replace("Trần Văn Bê", "Lê Thị Cê"), encoding="utf-8")
    assert build([a, b], store, bulk=False).ok
    return store, a, b


def test_two_sources_describing_an_agency_alike_share_one_bundle(tmp_path):
    store, _, _ = two_sources(tmp_path)
    bundles = deriving_graphs(store, AGENCY)
    graphs = {str(iris.source_graph("a")), str(iris.source_graph("b"))}
    assert len(bundles) == 1 and next(iter(bundles.values())) == graphs
    # the bundle holds the agency's wordless facts: its type, labels, search keys and name words
    members = store.select(PREFIXES + f"""SELECT ?p ?o WHERE {{ <{next(iter(bundles))}> prov:hadMember ?f .
        ?f rdf:subject <{AGENCY}> ; rdf:predicate ?p ; rdf:object ?o }}""")
    predicates = {r["p"].rsplit("#", 1)[-1] for r in members}
    assert {"type", "prefLabel", "searchKey", "nameWord", "fullName", "agencyType"} <= predicates
    # and the agency is still quoted: its mentions stay one line per mention in each graph
    quoted = store.select(PREFIXES + f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{AGENCY}> prov:wasDerivedFrom ?m }} }}")
    assert {r["g"] for r in quoted} == graphs


def test_dropping_one_of_two_sources_keeps_the_agency_and_dropping_both_empties_the_shared_graph(tmp_path):
    store, _, _ = two_sources(tmp_path)
    before = about(store, AGENCY)
    assert before
    store.drop_source(str(iris.source_graph("a")))
    assert about(store, AGENCY) == before
    bundles = deriving_graphs(store, AGENCY)
    assert list(bundles.values()) == [{str(iris.source_graph("b"))}]
    store.drop_source(str(iris.source_graph("b")))
    assert about(store, AGENCY) == set()
    assert deriving_graphs(store, AGENCY) == {}
    assert shared_lines(store) == set()  # every fact and every bundle went with its last source


def test_a_source_that_changes_one_name_of_an_agency_changes_only_that(tmp_path):
    store, a, b = two_sources(tmp_path)
    before_store = store.canonical_nquads()
    before = about(store, AGENCY)
    a.write_text(PLAN.replace("- Cơ quan chủ trì: Sở Nội vụ;", "- Cơ quan chủ trì: Sở Nội vụ tỉnh;"), encoding="utf-8")
    assert build([a], store).ok
    after = about(store, AGENCY)
    added = {(p.rsplit("#", 1)[-1], o) for p, o in after - before}
    assert added == {("altLabel", "Sở Nội vụ tỉnh"), ("searchKey", "so noi vu tinh"), ("nameWord", "tinh")}
    assert before <= after  # b still asserts every old fact
    bundles = deriving_graphs(store, AGENCY)
    assert sorted(map(sorted, bundles.values())) == [[str(iris.source_graph("a"))], [str(iris.source_graph("b"))]]
    # b's graph is untouched, and b alone asserts the old description now
    store.drop_source(str(iris.source_graph("b")))
    assert about(store, AGENCY) == after
    # back to the first text: the store is the one built first (with b built again)
    a.write_text(PLAN, encoding="utf-8")
    assert build([a, b], store).ok
    assert about(store, AGENCY) == before
    assert store.canonical_nquads() == before_store


def test_dropping_either_source_leaves_what_a_store_of_the_other_alone_holds(tmp_path):
    store, a, b = two_sources(tmp_path)
    full = shared_lines(store)
    for keep, gone in ((a, "b"), (b, "a")):
        s = GraphStore(tmp_path / f"only-{keep.stem}")
        assert build([a, b], s, bulk=False).ok
        s.drop_source(str(iris.source_graph(gone)))
        alone = GraphStore(tmp_path / f"alone-{keep.stem}")
        assert build([keep], alone, bulk=False).ok
        assert shared_lines(s) == shared_lines(alone) and shared_lines(s) < full


def quoted_and_bundled() -> tuple[list[SourceData], URIRef, URIRef]:
    """Source q quotes words for fact F; source w asserts F and G without words, in a bundle."""
    s = iris.agency("x", "so-noi-vu")
    f_t, g_t = (s, TG.nameWord, lit("noi")), (s, TG.nameWord, lit("vu"))
    f, g = iris.fact(*f_t), iris.fact(*g_t)
    bundle = iris.fact_bundle([str(f), str(g)])
    members = tuple(sorted((f, g), key=str))
    q_graph, w_graph = str(iris.source_graph("q")), str(iris.source_graph("w"))
    m = iris.mention("q", 0, 3)
    q = SourceData(q_graph, (f"{nt(f)} {nt(PROV.wasDerivedFrom)} {nt(m)} <{q_graph}> .\n"
                             f"{nt(m)} {nt(RDF.type)} {nt(TG.Mention)} <{q_graph}> .\n").encode(),
                   [(str(f), fact_block(f, f_t))])
    w = SourceData(w_graph, f"{nt(bundle)} {nt(PROV.wasDerivedFrom)} {nt(iris.source('w'))} <{w_graph}> .\n".encode(),
                   [(str(f), fact_block(f, f_t)), (str(g), fact_block(g, g_t)),
                    (str(bundle), bundle_block(bundle, members))])
    return [q, w], f, g


def test_a_fact_quoted_by_one_source_and_bundled_by_another_stays_while_either_asserts_it():
    for first, second in (("q", "w"), ("w", "q")):
        store = GraphStore()
        items, f, g = quoted_and_bundled()
        store.commit_sources(items, store.fact_iris())
        assert {str(f), str(g)} <= store.fact_iris()
        store.drop_source(str(iris.source_graph(first)))
        held = store.fact_iris()
        assert str(f) in held  # the other source still asserts it
        assert (str(g) in held) == (first == "q")  # g was w's alone
        store.drop_source(str(iris.source_graph(second)))
        assert store.fact_iris() == set() and shared_lines(store) == set()


def test_a_rebuild_that_leaves_a_bundle_frees_only_the_facts_nobody_else_holds():
    """w, rebuilt, asserts F alone by a direct line instead of its bundle of F and G: G goes, F stays."""
    store = GraphStore()
    items, f, _ = quoted_and_bundled()
    known = store.fact_iris()
    store.commit_sources(items, known)
    w_graph = str(iris.source_graph("w"))
    f_t = (iris.agency("x", "so-noi-vu"), TG.nameWord, lit("noi"))
    again = SourceData(w_graph, f"{nt(f)} {nt(PROV.wasDerivedFrom)} {nt(iris.source('w'))} <{w_graph}> .\n".encode(),
                       [(str(f), fact_block(f, f_t))])
    store.commit_sources([again], known)
    assert store.fact_iris() == {str(f)} == known
    store.drop_source(str(iris.source_graph("q")))
    assert store.fact_iris() == {str(f)}  # w still asserts it, directly now
    store.drop_source(w_graph)
    assert shared_lines(store) == set()


def test_the_bulk_loader_and_the_transactions_write_the_same_bundles(tmp_path):
    store, a, b = two_sources(tmp_path)
    bulk = GraphStore(tmp_path / "bulk")
    assert build([a, b], bulk, bulk=True).ok
    assert bulk.canonical_nquads() == store.canonical_nquads()
    assert bulk.fact_iris() == store.fact_iris() and any("/id/facts/" in f for f in bulk.fact_iris())


def test_every_shared_fact_of_a_file_is_asserted_by_it_with_words_or_through_a_bundle(corpus_files):
    """What the shapes no longer check per statement (ontology/shapes.ttl, StatementShape): each
    shared fact a file emits is derived by its graph, from a mention or its source node, or held by a
    bundle its graph derives from the source node; each bundle holds only facts of one subject."""
    from tinhgon.graph.emit import emitted
    from tinhgon.pipeline import extract

    for path in corpus_files:
        ex, res = extract(path)
        em = emitted(ex, res)
        assert set(em.facts) == em.asserted(), path.name
        src = iris.source(em.key)
        for b, members in em.bundles.items():
            assert (b, PROV.wasDerivedFrom, src) in em.own and len(members) > 1
            assert len({em.facts[f][0] for f in members}) == 1


def test_the_check_before_storing_sees_the_bundles(corpus_files):
    """A bundle its source does not derive, or holding something that is not a fact, is refused."""
    from tinhgon.graph.emit import emitted
    from tinhgon.graph.validate import check_source
    from tinhgon.pipeline import extract

    ex, res = extract(corpus_files[0])
    em = emitted(ex, res)
    assert check_source(em) == []
    b = next(iter(em.bundles))
    em.own = [t for t in em.own if t[0] != b]
    assert (str(b), "a bundle is derived from a tg:SourceFile") in check_source(em)
    em = emitted(ex, res)
    f = em.bundles[b][0]
    del em.facts[f]
    assert (str(f), "a bundle holds reified statements") in check_source(em)
