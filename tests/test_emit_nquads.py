"""The emitter writes N-Quads itself: every term exactly as Oxigraph's writer would, so the store's
canonical N-Quads do not depend on which of the two wrote them."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from tinhgon.builders.resolve import resolve
from tinhgon.graph.emit import FACT_LINES, emitted, fact_block, nt, to_ox

from .test_emit import extraction

G = ox.NamedNode("http://example.org/g")
XSD = "http://www.w3.org/2001/XMLSchema#"
S, P = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")


def oxigraph_literals(values: list[str]) -> list[str]:
    """The object of each line Oxigraph writes for the literal ``value`` (one quad per value)."""
    quads = [ox.Quad(S, P, ox.Literal(v), G) for v in values]
    lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").split("\n")
    head, tail = f"{S} {P} ", f" {G} ."
    return [line[len(head):-len(tail)] for line in lines[:len(values)]]


def test_every_character_is_escaped_as_oxigraph_escapes_it():
    """Each literal holds a run of 4096 code points, all of them in turn (surrogates cannot be written)."""
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    runs = [chars[i:i + 4096] for i in range(0, len(chars), 4096)]
    assert [nt(Literal(r)) for r in runs] == oxigraph_literals(runs)


def test_language_and_datatypes_are_written_as_oxigraph_writes_them():
    terms = [Literal("Sở Nội vụ", lang="vi"), Literal("Home Affairs", lang="EN"),
             Literal(5, datatype=URIRef(XSD + "integer")),
             Literal("2025-03-01", datatype=URIRef(XSD + "date")), Literal("x", datatype=URIRef(XSD + "string")),
             Literal('tab\there "q" \\ line\nend\u2028'), URIRef("https://w3id.org/tinhgon/id/agency/x/y")]
    assert [nt(t) for t in terms] == [str(to_ox(t)) for t in terms]


@pytest.mark.parametrize("bad", ["not an iri", "https://x.org/a b", "https://x.org/<a>", "relative/path"])
def test_a_term_that_is_not_an_absolute_iri_is_refused(bad):
    with pytest.raises(ValueError, match="not an absolute IRI"):
        nt(URIRef(bad))


def test_a_blank_node_is_refused():
    with pytest.raises(TypeError, match="no blank nodes"):
        nt(BNode("b0"))


def test_the_emitted_nquads_are_those_oxigraph_writes_from_the_same_terms():
    ex = extraction()
    em = emitted(ex, resolve(ex))
    g, shared = ox.NamedNode(em.graph_iri), ox.NamedNode("https://w3id.org/tinhgon/graph/shared")
    own = ox.serialize([ox.Quad(*map(to_ox, t), g) for t in em.own], format=ox.RdfFormat.N_QUADS)
    assert em.own_nquads() == own
    for f, chunk in em.fact_nquads():
        triples = [t for t in em.shared if str(t[0]) == f or t == em.facts.get(URIRef(f))]
        assert chunk == ox.serialize([ox.Quad(*map(to_ox, t), shared) for t in triples], format=ox.RdfFormat.N_QUADS)
    # read back, the quads are the emitted triples
    own_q, shared_q = em.ox_quads()
    assert {(q.subject, q.predicate, q.object) for q in own_q} == {tuple(map(to_ox, t)) for t in em.own}
    assert {(q.subject, q.predicate, q.object) for q in shared_q} == {tuple(map(to_ox, t)) for t in em.shared}


def test_a_fact_block_is_the_same_bytes_when_remembered():
    ex = extraction()
    em = emitted(ex, resolve(ex))
    f, t = next(iter(em.facts.items()))
    first = fact_block(f, t)
    assert fact_block(f, t) is first and first.count(b"\n") == FACT_LINES == 4
