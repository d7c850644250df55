"""The emitter's name words: one tg:nameWord per distinct folded word of an agency's or a post's names."""

from __future__ import annotations

from rdflib import Literal, URIRef

from tinhgon.builders.model import AgencyMention, DocumentMeta, Extraction, Source, Task
from tinhgon.builders.resolve import resolve
from tinhgon.graph import iris
from tinhgon.graph.emit import emitted
from tinhgon.graph.store import GraphStore, SourceData, bind_values
from tinhgon.graph.validate import check_source
from tinhgon.graph.vocab import TG
from tinhgon.text import fold, words

TEXT = ("KẾ HOẠCH số 5-KH/UBND của Ủy ban nhân dân tỉnh Bắc Ninh\n"
        "1. Sở Nội vụ chủ trì, phối hợp Văn phòng HĐND-UBND tỉnh và Chủ tịch Ủy ban nhân dân tỉnh.\n")


def at(surface: str) -> tuple[int, int]:
    i = TEXT.index(surface)
    return i, i + len(surface)


def mention(surface: str, name: str | None = None, kind: str = "agency") -> AgencyMention:
    s, e = at(surface)
    return AgencyMention(surface=surface, name=name or surface, start=s, end=e, kind=kind)


def extraction() -> Extraction:
    src = Source(path="x/bn.txt", name="bn.txt", stem="bn", sha256="cd" * 32, encoding="utf-8",
                 original=TEXT, text=TEXT, offsets=list(range(len(TEXT) + 1)))
    meta = DocumentMeta(kind="ke-hoach", number="5-KH/UBND", province="Bắc Ninh", province_evidence="header",
                        start=0, end=at("5-KH/UBND")[1])
    t_s, t_e = at("1. Sở Nội vụ")[0], len(TEXT) - 1
    task = Task(ref="1", text=TEXT[t_s:t_e], start=t_s, end=t_e,
                roles={"lead": [mention("Sở Nội vụ")],
                       "coordinating": [mention("Văn phòng HĐND-UBND tỉnh",
                                                "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân tỉnh"),
                                        mention("Chủ tịch Ủy ban nhân dân tỉnh", kind="post")]})
    return Extraction(source=src, document=meta, tasks=[task])


def name_words(em, node: URIRef) -> set[str]:
    return {str(o) for s, p, o in em.facts.values() if s == node and p == TG.nameWord}


def test_words_are_the_distinct_letter_and_digit_runs_of_the_folded_name():
    assert words("Văn phòng HĐND-UBND huyện") == ["van", "phong", "hdnd", "ubnd", "huyen"]
    assert words("Sở Nội vụ, sở  nội vụ") == ["so", "noi", "vu"]
    assert words("Nghị quyết số 18-NQ/TW") == ["nghi", "quyet", "so", "18", "nq", "tw"]
    assert words(" - ") == []


def test_an_agency_has_one_name_word_per_distinct_word_of_its_names():
    ex = extraction()
    res = resolve(ex)
    em = emitted(ex, res)
    office = res.entity_for(ex.tasks[0].roles["coordinating"][0])
    node = iris.agency(office.scope, office.slug)
    names = [office.name, office.full_name, *office.surfaces]
    assert "Văn phòng HĐND-UBND tỉnh" in names  # the surface as printed is a name too
    expected = {w for n in names for w in fold(n).replace("-", " ").split()}
    assert {"hdnd", "ubnd", "hoi", "dong", "bac", "ninh"} <= expected
    assert name_words(em, node) == expected
    # plain literals in the shared graph, each asserted by this source like any shared fact
    assert all(f in em.asserted() for f, (s, p, _) in em.facts.items() if p == TG.nameWord)
    assert (node, TG.nameWord, Literal("hdnd")) in set(em.facts.values())


def test_a_post_has_the_words_of_its_label():
    ex = extraction()
    res = resolve(ex)
    em = emitted(ex, res)
    post = res.entity_for(ex.tasks[0].roles["coordinating"][1])
    assert post.kind == "post"
    assert name_words(em, iris.post(post.slug)) == set(words(post.name)) == {"chu", "tich", "uy", "ban", "nhan",
                                                                               "dan", "tinh"}


def test_the_emitted_graph_with_name_words_conforms_and_a_spaced_word_does_not():
    ex = extraction()
    em = emitted(ex, resolve(ex))
    assert check_source(em) == []
    lead = resolve(ex).entity_for(ex.tasks[0].roles["lead"][0])
    node = iris.agency(lead.scope, lead.slug)
    bad = (node, TG.nameWord, Literal("noi vu"))
    em.facts[iris.fact(*bad)] = bad
    assert (str(node), "tg:nameWord of an agency is one word, a plain string") in check_source(em)


def test_a_name_word_is_found_by_index_from_the_parameter_word():
    """``?name_word`` binds the longest word of the parameter, folded as the name words are."""
    ex = extraction()
    em = emitted(ex, resolve(ex))
    store = GraphStore()
    store.commit_sources([SourceData(em.graph_iri, em.own_nquads(), em.fact_nquads())])
    q = "SELECT ?a WHERE { ?a <https://w3id.org/tinhgon/ontology#nameWord> ?name_word }"
    assert 'VALUES (?name ?name_word) { ("Sở NỘI VỤ" "noi") }' in bind_values(q, {"name": "Sở NỘI VỤ"})
    found = {r["a"] for r in store.select(q, {"name": "sở nội vụ"})}
    assert found == {str(iris.agency("bac-ninh", "so-noi-vu"))}
    # no word in the parameter: ?name_word is left unbound
    assert "?name_word" not in bind_values(q, {"name": "–"}).split("WHERE", 1)[1].split("}")[0]


def test_a_remembered_description_is_that_of_the_same_fields_only():
    """An entity's description is remembered by its fields: the same file emitted again gives the same
    triples, and an entity differing in one field (a name it was printed under) is described anew."""
    ex = extraction()
    res = resolve(ex)
    first = emitted(ex, res)
    again = emitted(ex, resolve(ex))
    assert sorted(first.own_nquads().splitlines()) == sorted(again.own_nquads().splitlines())
    assert first.fact_nquads() == again.fact_nquads()
    lead = res.entity_for(ex.tasks[0].roles["lead"][0])
    node = iris.agency(lead.scope, lead.slug)
    lead.surfaces.add("Sở Nội vụ mới")
    changed = emitted(ex, res)
    assert "moi" in name_words(changed, node) and "moi" not in name_words(first, node)
