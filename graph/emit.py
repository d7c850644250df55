"""Emit step: one source's extraction + resolution → its own triples and the shared facts it asserts.

Every node read off the file points to a ``tg:Mention`` (offsets and exact quote in
the original file), and every statement read off the file is reified with its own
mention, so an analyst can ask for the words behind any fact. No blank nodes: all
IRIs are minted in graph/iris.py, so two builds give identical N-Quads.

Each fact is stated once in the store. A triple that names a node of this source (its
source node, a task, a change, a mention, a reified statement) goes to the source's
named graph. Any other triple is about a shared entity (an agency, an agency type, a
place, a document, a person, a period): it goes to the shared graph, reified once as
``tgid:fact/<hash>``, and the source's graph records that it asserts it: ``fact
prov:wasDerivedFrom`` its mention, one line per fact, when the fact was read off words; the facts
it asserts without words of their own (an agency's type, labels, search keys) are grouped by
subject into a bundle, ``tgid:facts/<hash of its fact IRIs>`` (a ``prov:Collection`` in the
shared graph, each fact ``prov:hadMember``), and the source's graph holds one line, ``bundle
prov:wasDerivedFrom`` its source node: an agency that a hundred documents describe alike is one
bundle, and one line in each of them (a subject with a single such fact keeps the direct line).
The store drops a bundle no source graph derives any more, and a shared fact that no graph
derives and no bundle holds (graph/store.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from tinhgon.builders.deadlines import interval_bounds
from tinhgon.builders.model import AgencyMention, Change, Extraction, Span, TimeSpec, UnitCount
from tinhgon.builders.resolve import DocEntity, Entity, Resolution, is_central_number
from tinhgon.graph import iris, vocab
from tinhgon.graph.vocab import CHANGE_KIND, CHANGE_STATUS, DOC_CLASS, LEVEL, PREFIXES, RECURRENCE, ROLE_PROPERTY
from tinhgon.text import fold, slugify, words


class _Terms:
    """A namespace whose terms, once looked up, are plain attributes: rdflib's namespaces build or
    check a term on every attribute access, and the emitter names a term for every triple. A term
    the namespace lacks still fails (``TG`` is closed)."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._ns[name]


DCTERMS, FOAF, NIF, ORG, PROV, RDF, RDFS, SKOS, TG, TIME, XSD = (_Terms(ns) for ns in (
    vocab.DCTERMS, vocab.FOAF, vocab.NIF, vocab.ORG, vocab.PROV, vocab.RDF, vocab.RDFS, vocab.SKOS, vocab.TG,
    vocab.TIME, vocab.XSD))
_LITERALS: dict[tuple, Literal] = {}


def lit(value: str | int, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
    """rdflib's ``Literal(value, lang=…, datatype=…)``, remembered: building one costs more than
    the rest of the triple, and names, labels and offsets recur."""
    k = (value.__class__, value, lang, datatype)
    n = _LITERALS.get(k)
    if n is None:
        n = Literal(value, lang=lang, datatype=datatype)
        if len(_LITERALS) > 100_000:
            _LITERALS.clear()
        _LITERALS[k] = n
    return n


VI = "vi"
PLACE_CLASS = {"province": TG.Province, "district": TG.District, "commune": TG.Commune}


Triple = tuple[Node, Node, Node]


@dataclass
class Emitted:
    """One source's triples, split: ``own`` for its named graph, ``facts`` for the shared graph.

    ``facts`` maps each shared fact's IRI (``tgid:fact/<hash>``) to its triple; in the shared
    graph a fact is the triple plus its reification (``rdf:subject``, ``rdf:predicate``,
    ``rdf:object``), so the store can drop it when no source asserts it any more. ``bundles`` maps
    each bundle the source derives (``tgid:facts/<hash>``) to its facts, in IRI order.
    """

    key: str
    own: list[Triple] = field(default_factory=list)
    facts: dict[URIRef, Triple] = field(default_factory=dict)
    bundles: dict[URIRef, tuple[URIRef, ...]] = field(default_factory=dict)

    @property
    def graph_iri(self) -> str:
        return str(iris.source_graph(self.key))

    @property
    def shared(self) -> list[Triple]:
        out: list[Triple] = []
        for f, t in self.facts.items():
            out.extend(_fact_triples(f, t))
        for b, members in self.bundles.items():
            out.extend(_bundle_triples(b, members))
        return out

    def bundle_triples(self) -> list[Triple]:
        """The triples of the bundles in the shared graph (``a prov:Collection ; prov:hadMember`` each fact)."""
        return [t for b, members in self.bundles.items() for t in _bundle_triples(b, members)]

    def asserted(self) -> set[URIRef]:
        """The shared facts this source derives: by a line of its own graph, or as a member of a
        bundle its graph derives."""
        lines = {s for s, p, _ in self.own if p == PROV.wasDerivedFrom}
        out = {s for s in lines if str.startswith(s, iris.FACT_PREFIX)}
        for b, members in self.bundles.items():
            if b in lines:
                out.update(members)
        return out

    def graph(self) -> Graph:
        """Both parts as one rdflib graph (what the store's union shows of this source)."""
        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        for t in self.own:
            g.add(t)
        for t in self.shared:
            g.add(t)
        return g

    def __len__(self) -> int:
        return len(self.own) + FACT_LINES * len(self.facts) + sum(1 + len(m) for m in self.bundles.values())

    def ox_quads(self) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """Both parts as Oxigraph quads, (own graph, shared graph), for tools that want terms (the
        shapes check): read back from :meth:`own_nquads` and :meth:`fact_nquads` by Oxigraph's
        parser, which costs less than building each term from Python."""
        own = list(ox.parse(self.own_nquads(), format=ox.RdfFormat.N_QUADS))
        shared = list(ox.parse(b"".join(chunk for _, chunk in self.fact_nquads()), format=ox.RdfFormat.N_QUADS))
        return own, shared

    def own_nquads(self) -> bytes:
        """The source's own graph as N-Quads, each term written as Oxigraph writes it (:func:`nt`), once
        per term (by object: the triples share their terms)."""
        tail = f" <{self.graph_iri}> .\n"
        text: dict[int, str] = {}
        for t in self.own:
            for x in t:
                if id(x) not in text:
                    text[id(x)] = nt(x)
        return "".join([f"{text[id(s)]} {text[id(p)]} {text[id(o)]}{tail}" for s, p, o in self.own]).encode()

    def fact_nquads(self) -> list[tuple[str, bytes]]:
        """(IRI, its N-Quads lines in the shared graph) per shared fact, then per bundle, so a loader
        can skip what the store already holds; each block is remembered, as the same facts and
        bundles recur in file after file."""
        return ([(str(f), fact_block(f, t)) for f, t in self.facts.items()]
                + [(str(b), bundle_block(b, m)) for b, m in self.bundles.items()])

    def nquads(self) -> bytes:
        """Both parts as N-Quads."""
        return self.own_nquads() + b"".join(chunk for _, chunk in self.fact_nquads())


FACT_LINES = 4
"""A shared fact's quads: its triple, rdf:subject, rdf:predicate, rdf:object. A reified statement is not
typed ``rdf:Statement``: the type is what rdf:subject's domain entails, and nothing reads it (the shapes
target the subjects of rdf:subject), so it would cost a quad per statement for nothing."""


def _fact_triples(f: URIRef, t: Triple) -> tuple[Triple, ...]:
    s, p, o = t
    return (t, (f, RDF.subject, s), (f, RDF.predicate, p), (f, RDF.object, o))


def _bundle_triples(b: URIRef, members: tuple[URIRef, ...]) -> list[Triple]:
    return [(b, RDF.type, PROV.Collection), *((b, PROV.hadMember, f) for f in members)]


# What Oxigraph's N-Triples/N-Quads writer escapes inside a literal (checked over every code point in
# tests/test_emit.py): the C0 controls, '"', '\', DEL and the two noncharacters U+FFFE and U+FFFF.
_ESCAPE = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}
_ESCAPE.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile("[\x00-\x1f\"\\\\\x7f\ufffe\uffff]")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NT: dict[int, tuple[Node, str]] = {}


def _is_iri(t: Node) -> bool:
    """``isinstance(t, URIRef)``, the exact classes first (rdflib's terms are ABCs, whose isinstance is slow)."""
    return t.__class__ is URIRef or (t.__class__ is not Literal and isinstance(t, URIRef))


def nt(term: Node) -> str:
    """A term as Oxigraph's N-Quads writer prints it (``<iri>``, ``"text"@vi``, ``"5"^^<…#integer>``),
    remembered by object like :func:`to_ox` (the same terms recur in every triple of a file)."""
    hit = _NT.get(id(term))
    if hit is not None and hit[0] is term:
        return hit[1]
    if _is_iri(term):
        iri = str(term)
        if _IRI_FORBIDDEN.search(iri) or ":" not in iri:
            raise ValueError(f"cannot emit {iri!r}: not an absolute IRI")
        text = f"<{iri}>"
    elif isinstance(term, Literal):
        value = str(term)
        text = '"' + (value.translate(_ESCAPE) if _NEEDS_ESCAPE.search(value) else value) + '"'
        if term.language:
            text += "@" + term.language.lower()
        elif term.datatype and str(term.datatype) != _XSD_STRING:
            text += f"^^{nt(term.datatype)}"
    else:
        raise TypeError(f"cannot emit {term!r}: only IRIs and literals (no blank nodes)")
    if len(_NT) > 200_000:
        _NT.clear()
    _NT[id(term)] = (term, text)
    return text


_N3: dict[int, tuple[Node, str]] = {}


def n3(term: Node) -> str:
    """rdflib's ``term.n3()`` (what a fact's IRI hashes: graph/iris.py), remembered by object."""
    hit = _N3.get(id(term))
    if hit is not None and hit[0] is term:
        return hit[1]
    text = term.n3()
    if len(_N3) > 200_000:
        _N3.clear()
    _N3[id(term)] = (term, text)
    return text


_SHARED_TAIL = f" <{iris.SHARED_GRAPH}> .\n"
_FACT_TAILS = tuple(f" {nt(p)} " for p in (RDF.subject, RDF.predicate, RDF.object))
_BLOCKS: dict[str, bytes] = {}


def fact_block(f: URIRef, t: Triple) -> bytes:
    """The N-Quads lines of one shared fact in the shared graph: the triple and its reification
    (:func:`_fact_triples`, in that order). Remembered: a fact's IRI is a hash of its triple."""
    block = _BLOCKS.get(str(f))
    if block is None:
        s, p, o = nt(t[0]), nt(t[1]), nt(t[2])
        fi, (ts, tp, to), tail = nt(f), _FACT_TAILS, _SHARED_TAIL
        block = _remember(str(f), f"{s} {p} {o}{tail}{fi}{ts}{s}{tail}{fi}{tp}{p}{tail}{fi}{to}{o}{tail}")
    return block


def _remember(key: str, text: str) -> bytes:
    """Keep one block of :func:`fact_block` or :func:`bundle_block` (bounded: cleared when full)."""
    if len(_BLOCKS) > 100_000:
        _BLOCKS.clear()
    block = _BLOCKS[key] = text.encode()
    return block


_BUNDLE_TYPE = f" {nt(RDF.type)} {nt(PROV.Collection)}{_SHARED_TAIL}"
_MEMBER = f" {nt(PROV.hadMember)} "


def bundle_block(b: URIRef, members: tuple[URIRef, ...]) -> bytes:
    """The N-Quads lines of one bundle in the shared graph (:func:`_bundle_triples`, in that order),
    remembered like :func:`fact_block`: a bundle's IRI is a hash of its members."""
    block = _BLOCKS.get(str(b))
    if block is None:
        bi, tail = nt(b), _SHARED_TAIL
        block = _remember(str(b), bi + _BUNDLE_TYPE + "".join(f"{bi}{_MEMBER}{nt(f)}{tail}" for f in members))
    return block


_TERMS: dict[Node, ox.NamedNode | ox.Literal] = {}
_SHARED_OX = ox.NamedNode(str(iris.SHARED_GRAPH))


_BY_OBJECT: dict[int, tuple[Node, ox.NamedNode | ox.Literal]] = {}


def to_ox(term: Node) -> ox.NamedNode | ox.Literal:
    """rdflib term → Oxigraph term (cached: the same few thousand terms recur in every file).

    Looked up first by the object itself (kept alive by the cache, so its id is not reused):
    the namespaces, graph/iris.py and :func:`lit` hand out the same objects again, and
    rdflib's equality is a Python call per dictionary probe."""
    hit = _BY_OBJECT.get(id(term))
    if hit is not None and hit[0] is term:
        return hit[1]
    n = _TERMS.get(term)
    if n is None:
        n = _new_ox(term)
        if len(_TERMS) > 100_000:
            _TERMS.clear()
        _TERMS[term] = n
    if len(_BY_OBJECT) > 100_000:
        _BY_OBJECT.clear()
    _BY_OBJECT[id(term)] = (term, n)
    return n


def _new_ox(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        n = ox.NamedNode(str(term))
    elif isinstance(term, Literal):
        if term.language:
            n = ox.Literal(str(term), language=term.language)
        elif term.datatype:
            n = ox.Literal(str(term), datatype=to_ox(term.datatype))
        else:
            n = ox.Literal(str(term))
    else:
        raise TypeError(f"cannot emit {term!r}: only IRIs and literals (no blank nodes)")
    return n


# id of a shared triple's terms → (subject, predicate, object's N3, the fact's IRI, the triple: keeps its terms alive)
_FACTS: dict[tuple[int, int, int], tuple[str, str, str, URIRef, Triple]] = {}
_BUNDLES: dict[tuple[str, ...], tuple[URIRef, tuple[URIRef, ...]]] = {}  # a subject's wordless facts → its bundle
_ENTITIES: dict[tuple, tuple[URIRef, tuple[Triple, ...]]] = {}  # an entity's fields → its node and description


class Emitter:
    """Collects the triples of one source file (a plain set: rdflib's Graph is slow to fill)."""

    def __init__(self, ex: Extraction, res: Resolution, key: str | None = None) -> None:
        self.ex = ex
        self.res = res
        self.src = ex.source
        self.stem = key or ex.source.stem
        self.g: set[Triple] = set()
        self._src_iri = iris.source(self.stem)
        self._owned = iris.owned_prefixes(self.stem)
        self._agents: dict[int, tuple[Entity, URIRef]] = {}
        self._mentions: dict[tuple[int, int], URIRef] = {}

    def owned(self, t: Node) -> bool:
        """Is ``t`` a node of this source (so a triple naming it is stated by this source only)?"""
        return _is_iri(t) and (str.__eq__(t, self._src_iri) or str.startswith(t, self._owned))

    def finish(self) -> Emitted:
        """Split the triples into the source's own and the shared facts, reifying each shared fact."""
        out = Emitted(key=iris.source_slug(self.stem))
        derived: set[Node] = set()
        fact_prefix = iris.FACT_PREFIX
        shared: list[Triple] = []
        # :meth:`owned` inlined with str's own methods (rdflib's term equality is a Python call)
        src, prefixes, derived_from = str(self._src_iri), self._owned, str(PROV.wasDerivedFrom)
        eq, starts, own, is_iri = str.__eq__, str.startswith, out.own.append, _is_iri
        for t in self.g:
            s, p, o = t
            if eq(s, src) or starts(s, prefixes) or (is_iri(o) and (eq(o, src) or starts(o, prefixes))):
                own(t)
                if eq(p, derived_from) and starts(s, fact_prefix):
                    derived.add(s)
            elif not starts(s, fact_prefix):  # a fact's reification is written with the fact
                shared.append(t)
        # ordered by subject, predicate and the object's N3 (subjects and predicates are IRIs, so
        # their strings order as the terms do), the N3 also what the fact's IRI hashes
        # (a fact's sort key and IRI are remembered by its terms, kept alive with them: the terms are
        # the same objects from file to file, see :func:`lit` and graph/iris.py)
        known = _FACTS
        if len(known) > 200_000:
            known.clear()
        keyed = []
        for t in shared:
            s, p, o = t
            hit = known.get((id(s), id(p), id(o)))
            if hit is None or (k := hit[4])[0] is not s or k[1] is not p or k[2] is not o:
                s3, p3, o3 = str(s), str(p), n3(o)
                hit = known[(id(s), id(p), id(o))] = (s3, p3, o3, iris.fact_of_n3(s3, p3, o3), t)
            keyed.append(hit)
        keyed.sort()  # (subject, predicate and object's N3 tell facts apart: the triples are never compared)
        src_iri, derived_p = self._src_iri, PROV.wasDerivedFrom
        # the facts without words of their own, by subject (``keyed`` is in subject order)
        wordless: dict[str, list[URIRef]] = {}
        facts = out.facts
        for s, _p, _o, f, t in keyed:
            facts[f] = t
            if f not in derived:
                wordless.setdefault(s, []).append(f)
        bundles = _BUNDLES
        if len(bundles) > 100_000:
            bundles.clear()
        for group in wordless.values():
            if len(group) == 1:  # a bundle of one would cost two quads more than the direct line
                own((group[0], derived_p, src_iri))
                continue
            k = tuple(map(str, group))
            hit = bundles.get(k)
            if hit is None:
                members = tuple(sorted(group, key=str))
                hit = bundles[k] = (iris.fact_bundle(map(str, members)), members)
            b, members = hit
            out.bundles[b] = members
            own((b, derived_p, src_iri))
        return out

    # -- provenance ----------------------------------------------------------------------
    def mention(self, start: int, end: int) -> URIRef:
        """A mention of normalised [start, end): offsets and quote are of the original file
        (described once: the same words are the mention of several statements)."""
        m = self._mentions.get((start, end))
        if m is None:
            m = self._mentions[(start, end)] = self._new_mention(start, end)
        return m

    def _new_mention(self, start: int, end: int) -> URIRef:
        span: Span = self.src.span(start, end)
        m = iris.mention(self.stem, span.start, span.end)
        g = self.g
        g.add((m, RDF.type, TG.Mention))
        g.add((m, NIF.beginIndex, lit(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, lit(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.anchorOf, lit(self.src.quote(span))))
        g.add((m, TG.source, iris.source(self.stem)))
        return m

    def fact(self, s: URIRef, p: URIRef, o: Node, m: URIRef | None) -> None:
        """Assert a triple read off the file and reify it with the mention it came from."""
        self.g.add((s, p, o))
        if m is None:
            return
        own = self.owned(s) or self.owned(o)
        st = iris.statement(self.stem, s, p, o) if own else iris.fact(s, p, o)
        self.g.add((st, RDF.subject, s))
        self.g.add((st, RDF.predicate, p))
        self.g.add((st, RDF.object, o))
        self.g.add((st, PROV.wasDerivedFrom, m))

    # -- nodes ---------------------------------------------------------------------------
    def source_node(self) -> URIRef:
        s = iris.source(self.stem)
        g = self.g
        g.add((s, RDF.type, TG.SourceFile))
        g.add((s, TG.fileName, lit(self.src.name)))
        g.add((s, TG.sha256, lit(self.src.sha256)))
        g.add((s, TG.encoding, lit(self.src.encoding)))
        g.add((s, DCTERMS["format"], lit("text/plain")))
        return s

    def province_node(self, name: str) -> URIRef:
        p = iris.place(name)
        self.g.add((p, RDF.type, TG.Province))
        self.g.add((p, SKOS.prefLabel, lit(name, lang=VI)))
        return p

    def entity_node(self, ent: Entity) -> URIRef:
        """The node of an agency, post or place, with the triples that describe it: remembered by
        the entity's fields (its description depends on nothing else), as the same agencies recur
        in file after file."""
        k = (ent.kind, ent.scope, ent.slug, ent.name, ent.full_name, ent.province, tuple(sorted(ent.surfaces)),
             ent.label_en, ent.place_kind, ent.place_code, ent.district)
        hit = _ENTITIES.get(k)
        if hit is None:
            desc = Emitter.__new__(Emitter)
            desc.g = set()
            n = desc._describe(ent)
            if len(_ENTITIES) > 50_000:
                _ENTITIES.clear()
            hit = _ENTITIES[k] = (n, tuple(desc.g))
        self.g.update(hit[1])
        return hit[0]

    def _describe(self, ent: Entity) -> URIRef:
        g = self.g
        if ent.kind == "post":
            n = iris.post(ent.slug)
            g.add((n, RDF.type, TG.Post))
            g.add((n, SKOS.prefLabel, lit(ent.name, lang=VI)))
            if ent.label_en:
                g.add((n, RDFS.label, lit(ent.label_en, lang="en")))
            self.name_words(n, (ent.name,))
            return n
        if ent.kind == "place":
            path = [x for x in (ent.province, ent.district) if x]
            n = iris.place(*path, ent.slug)  # the slug: two names told apart only by accents stay two
            g.add((n, RDF.type, TG.AdministrativeUnit))
            g.add((n, RDF.type, PLACE_CLASS.get(ent.place_kind or "", TG.AdministrativeUnit)))
            g.add((n, SKOS.prefLabel, lit(ent.name, lang=VI)))
            g.add((n, TG.searchKey, lit(fold(ent.name))))
            if ent.place_code:
                g.add((n, TG.code, lit(ent.place_code)))
                # resolve locates units in the gazetteer of the units before 2025 (the codes the documents knew)
                entry = iris.gazetteer_unit("legacy", ent.place_kind or "commune", ent.place_code)
                g.add((n, TG.gazetteerEntry, entry))
            if ent.province and ent.district:
                d = iris.place(ent.province, ent.district)
                g.add((d, RDF.type, TG.District))
                g.add((d, SKOS.prefLabel, lit(ent.district, lang=VI)))
                g.add((d, TG.within, self.province_node(ent.province)))
                g.add((n, TG.within, d))
            elif ent.province:
                g.add((n, TG.within, self.province_node(ent.province)))
            return n
        n = iris.agency(ent.scope, ent.slug)
        t = iris.agency_type(ent.slug)
        g.add((n, RDF.type, TG.CollectiveAgent if ent.kind == "collective" else TG.Agency))
        g.add((n, SKOS.prefLabel, lit(ent.name, lang=VI)))
        if ent.label_en:
            en = f"{ent.label_en} ({ent.province})" if ent.province else ent.label_en
            g.add((n, RDFS.label, lit(en, lang="en")))
        g.add((n, TG.fullName, lit(ent.full_name, lang=VI)))
        g.add((n, TG.searchKey, lit(fold(ent.full_name))))
        g.add((n, TG.searchKey, lit(fold(ent.name))))
        for s in sorted(ent.surfaces):
            if s != ent.name:
                g.add((n, SKOS.altLabel, lit(s, lang=VI)))
                g.add((n, TG.searchKey, lit(fold(s))))
        self.name_words(n, (ent.full_name, ent.name, *ent.surfaces))
        g.add((n, TG.agencyType, t))
        g.add((t, RDF.type, TG.AgencyType))
        g.add((t, SKOS.prefLabel, lit(ent.name, lang=VI)))
        if ent.label_en:
            g.add((t, RDFS.label, lit(ent.label_en, lang="en")))
        if ent.province:
            g.add((n, TG.province, self.province_node(ent.province)))
        return n

    def name_words(self, n: URIRef, names: Iterable[str]) -> None:
        """One ``tg:nameWord`` per distinct folded word of the node's Vietnamese names
        (tinhgon.text.words), so a name search matches words through an index."""
        for name in names:
            for w in words(name):
                self.g.add((n, TG.nameWord, lit(w)))

    def agent(self, m: AgencyMention) -> URIRef:
        ent = self.res.entity_for(m)
        seen = self._agents.get(id(ent))  # an agency named 50 times is described once
        if seen is not None and seen[0] is ent:
            n = seen[1]
        else:
            n = self.entity_node(ent)
            self._agents[id(ent)] = (ent, n)
        self.g.add((n, PROV.wasDerivedFrom, self.mention(m.start, m.end)))
        return n

    def unit_extras(self, c: Change, am: AgencyMention, node: URIRef, change: URIRef | None) -> None:
        """The optional fields of a change of administrative units: type as printed, partial input."""
        m = self.mention(am.start, am.end)
        if am.name in c.unit_types:
            self.fact(node, TG.unitType, lit(c.unit_types[am.name], lang=VI), m)
        if change is not None and am.name in c.partial_inputs:
            self.fact(change, TG.partialInput, node, m)

    def unit_count(self, doc: URIRef, n: int, uc: UnitCount) -> None:
        """A count of units the document states ("có 102 đơn vị hành chính cấp xã, gồm 88 xã …")."""
        node = iris.unit_count(self.stem, n)
        m = self.mention(uc.start, uc.end)
        g = self.g
        g.add((node, RDF.type, TG.UnitCount))
        g.add((node, PROV.wasDerivedFrom, m))
        g.add((node, TG.text, lit(uc.text, lang=VI)))
        self.fact(node, TG.countedIn, doc, m)
        if uc.level in LEVEL:
            self.fact(node, TG.level, LEVEL[uc.level], m)
        self.fact(node, TG.total, lit(uc.total, datatype=XSD.integer), m)
        if uc.unchanged_count is not None:
            self.fact(node, TG.unchangedCount, lit(uc.unchanged_count, datatype=XSD.integer), m)
        for t in sorted(set(uc.by_type) | set(uc.formed)):
            part = iris.unit_count(self.stem, n, t)
            g.add((part, RDF.type, TG.UnitTypeCount))
            g.add((part, PROV.wasDerivedFrom, m))
            self.fact(node, TG.typeCount, part, m)
            g.add((part, TG.unitType, lit(t, lang=VI)))
            if t in uc.by_type:
                self.fact(part, TG.total, lit(uc.by_type[t], datatype=XSD.integer), m)
            if t in uc.formed:
                self.fact(part, TG.formed, lit(uc.formed[t], datatype=XSD.integer), m)
        for am in uc.unchanged:
            self.fact(node, TG.unchangedUnit, self.agent(am), self.mention(am.start, am.end))

    def document_by_number(self, number: str, m: URIRef) -> URIRef:
        """The document a reference speaks of by number (a directive a conclusion reviews, a
        plan a referenced plan carries out): the file's own reference node when it has one,
        else a node typed and numbered here so the link never dangles."""
        for ref, target in self.res.references:
            if ref.number == number:
                return iris.document(target.scope, target.slug)
        scope = "central" if is_central_number(number) else (
            slugify(self.res.province) if self.res.province else "unknown")
        node = iris.document(scope, slugify(number))
        self.g.add((node, RDF.type, TG.Document))
        self.g.add((node, DCTERMS.identifier, lit(number)))
        self.g.add((node, PROV.wasDerivedFrom, m))
        self.fact(node, TG.number, lit(number), m)
        return node

    def time(self, s: URIRef, t: TimeSpec) -> None:
        m = self.mention(t.start_offset, t.end_offset) if t.end_offset > t.start_offset else None
        for prop, date_prop, notation, first in (
            (TG.start, TG.startDate, t.start, True), (TG.due, TG.dueDate, t.due, False),
        ):
            value = self.period(notation) if notation else None
            if value is None:
                continue
            self.fact(s, prop, value, m)
            bounds = period_bounds(notation)
            if bounds:
                self.g.add((s, date_prop, lit(bounds[0] if first else bounds[1], datatype=XSD.date)))
        if t.recurrence in RECURRENCE:
            self.fact(s, TG.recurrence, RECURRENCE[t.recurrence], m)
        if t.phrase and m is not None:
            self.g.add((s, TG.timePhrase, lit(t.phrase, lang=VI)))

    def period(self, notation: str) -> Node | None:
        """A typed literal, or for a quarter its OWL-Time interval node; None if unreadable."""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", notation):
            return lit(notation, datatype=XSD.date)
        if re.fullmatch(r"\d{4}-\d{2}", notation):
            return lit(notation, datatype=XSD.gYearMonth)
        if re.fullmatch(r"\d{4}", notation):
            return lit(notation, datatype=XSD.gYear)
        bounds = period_bounds(notation)
        if bounds is None:
            return None
        n = iris.interval(notation)
        g = self.g
        g.add((n, RDF.type, TIME.ProperInterval))
        g.add((n, SKOS.notation, lit(notation.upper())))
        for prop, day in ((TIME.hasBeginning, bounds[0]), (TIME.hasEnd, bounds[1])):
            i = iris.instant(day)
            g.add((n, prop, i))
            g.add((i, RDF.type, TIME.Instant))
            g.add((i, TIME.inXSDDate, lit(day, datatype=XSD.date)))
        return n


def period_bounds(notation: str) -> tuple[str, str] | None:
    """First and last ISO day of a time notation, or None for text that is not one."""
    try:
        first, last = interval_bounds(notation)
    except ValueError:
        return None
    return first.isoformat(), last.isoformat()


def emit(ex: Extraction, res: Resolution, key: str | None = None) -> Graph:
    """All triples of one source file, its own and the shared facts it asserts, as one graph."""
    return emitted(ex, res, key).graph()


def emitted(ex: Extraction, res: Resolution, key: str | None = None) -> Emitted:
    """The triples of one source file split for the store; ``key`` names the source (default: stem)."""
    e = Emitter(ex, res, key)
    g = e.g
    src_node = e.source_node()
    meta = ex.document

    # The document itself.
    own = res.document
    doc = iris.document(own.scope, own.slug)
    dm = e.mention(meta.start, meta.end) if meta.end > meta.start else None
    g.add((doc, RDF.type, DOC_CLASS.get(meta.kind or "", TG.Document)))
    g.add((doc, RDF.type, TG.Document))
    g.add((doc, PROV.wasDerivedFrom, src_node))
    if dm is not None:
        g.add((doc, PROV.wasDerivedFrom, dm))
    if meta.number:
        e.fact(doc, TG.number, lit(meta.number), dm)
        g.add((doc, DCTERMS.identifier, lit(meta.number)))
    if meta.date:
        e.fact(doc, DCTERMS.issued, lit(meta.date, datatype=XSD.date), dm)
    if meta.year:
        e.fact(doc, TG.year, lit(str(meta.year), datatype=XSD.gYear), dm)
    if meta.title:
        e.fact(doc, DCTERMS.title, lit(meta.title, lang=VI), dm)
    if res.issuer is not None:
        issuer = e.entity_node(res.issuer)
        e.fact(doc, TG.issuer, issuer, dm)
        if dm is not None:
            g.add((issuer, PROV.wasDerivedFrom, dm))
    if meta.signer:
        person = iris.person(meta.signer)
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, FOAF.name, lit(meta.signer)))
        e.fact(doc, TG.signer, person, dm)
    if meta.province:
        e.fact(doc, TG.province, e.province_node(meta.province), dm)
        if meta.province_evidence:
            g.add((doc, TG.provinceEvidence, lit(meta.province_evidence, lang=VI)))

    # The documents it refers to.
    for i, (ref, target) in enumerate(res.references):
        node = iris.document(target.scope, target.slug)
        m = e.mention(ref.start, ref.end)
        g.add((node, RDF.type, TG.Document))
        if ref.kind in DOC_CLASS:
            g.add((node, RDF.type, DOC_CLASS[ref.kind]))
        e.fact(node, TG.number, lit(ref.number), m)
        g.add((node, DCTERMS.identifier, lit(ref.number)))
        g.add((node, PROV.wasDerivedFrom, m))
        if ref.date:
            e.fact(node, DCTERMS.issued, lit(ref.date, datatype=XSD.date), m)
        if ref.title:
            e.fact(node, DCTERMS.title, lit(ref.title, lang=VI), m)
        if i in res.ref_issuers:
            issuer = e.entity_node(res.ref_issuers[i])
            e.fact(node, TG.issuer, issuer, m)
            g.add((issuer, PROV.wasDerivedFrom, m))
        if target.province:
            e.fact(node, TG.province, e.province_node(target.province), m)
        prop = {"implements": TG.implements, "reviews": TG.reviews}.get(ref.relation, TG.cites)
        e.fact(doc, prop, node, m)
        for about in ref.about:
            e.fact(node, TG.reviews, e.document_by_number(about, m), m)
        for target_number in ref.implements:
            e.fact(node, TG.implements, e.document_by_number(target_number, m), m)

    # Tasks.
    for t in ex.tasks:
        tn = iris.task(e.stem, t.ref)
        m = e.mention(t.start, t.end)
        g.add((tn, RDF.type, TG.Task))
        g.add((tn, PROV.wasDerivedFrom, m))
        g.add((tn, TG.assignedIn, doc))
        g.add((tn, TG.ref, lit(t.ref)))
        g.add((tn, TG.text, lit(t.text, lang=VI)))
        for role, mentions in t.roles.items():
            for am in mentions:
                e.fact(tn, ROLE_PROPERTY[role], e.agent(am), e.mention(am.start, am.end))
        e.time(tn, t.time)
        if t.same_as:
            other = iris.task(e.stem, t.same_as)
            g.add((tn, TG.sameWorkAs, other))
            g.add((other, TG.sameWorkAs, tn))

    # Structural changes.
    for n, c in enumerate(ex.changes, start=1):
        cn = iris.change(e.stem, n)
        m = e.mention(c.start, c.end)
        g.add((cn, RDF.type, TG.StructuralChange))
        g.add((cn, PROV.wasDerivedFrom, m))
        g.add((cn, TG.statedIn, doc))
        g.add((cn, TG.text, lit(c.text, lang=VI)))
        e.fact(cn, TG.changeKind, CHANGE_KIND[c.kind], m)
        e.fact(cn, TG.status, CHANGE_STATUS[c.status], m)
        e.fact(cn, TG.level, LEVEL[c.level], m)
        inputs = []
        for am in c.inputs:
            node = e.agent(am)
            inputs.append(res.entity_for(am).slug)
            e.fact(cn, ORG.originalOrganization, node, e.mention(am.start, am.end))
            e.unit_extras(c, am, node, cn)
        if c.result is not None:
            node = e.agent(c.result)
            e.fact(cn, ORG.resultingOrganization, node, e.mention(c.result.start, c.result.end))
            e.unit_extras(c, c.result, node, None)
        if c.effective:
            e.fact(cn, TG.effectiveDate, lit(c.effective, datatype=XSD.date), m)
        if c.scope:
            g.add((cn, TG.scope, lit(c.scope, lang=VI)))
        if c.halted:
            e.fact(cn, TG.haltedBy, doc, m)
        due = e.period(c.due) if c.due else None
        if due is not None:
            e.fact(cn, TG.due, due, m)
            bounds = period_bounds(c.due)
            if bounds:
                g.add((cn, TG.dueDate, lit(bounds[1], datatype=XSD.date)))
        g.add((cn, TG.signature, lit(f"{c.kind}:" + "+".join(sorted(set(inputs))))))
        if c.task_ref:
            g.add((cn, TG.task, iris.task(e.stem, c.task_ref)))
    emit_relations(e, doc)
    for n, uc in enumerate(ex.unit_counts, start=1):
        e.unit_count(doc, n, uc)
    return e.finish()


RELATION_PROPERTY = {"based-on": TG.basedOn, "guides": TG.guides, "amends": TG.amends, "replaces": TG.replaces,
                     "repeals": TG.repeals, "suspends": TG.suspends}


def emit_relations(e: Emitter, doc: URIRef) -> None:
    """The relations between documents and the days of effect that resolve decided, each with its words.

    A statement of end of effect made by this document about another one is also the relation
    tg:endsEffectOf, so that a query can name the document that ended it and quote it.
    """
    g = e.g

    def node(ent: DocEntity | None, m: URIRef) -> URIRef:
        if ent is None:
            return doc
        n = iris.document(ent.scope, ent.slug)
        g.add((n, RDF.type, TG.Document))
        if ent.number:
            g.add((n, DCTERMS.identifier, lit(ent.number)))
            e.fact(n, TG.number, lit(ent.number), m)
        if ent.province:
            g.add((n, TG.province, e.province_node(ent.province)))
        g.add((n, PROV.wasDerivedFrom, m))
        return n

    for rel, actor, target in e.res.relations:
        m = e.mention(rel.start, rel.end)
        s, p, o = node(actor, m), RELATION_PROPERTY[rel.kind], node(target, m)
        e.fact(s, p, o, m)
        for article in rel.articles:  # on the words, which this source alone states
            g.add((m, TG.article, lit(article, lang=VI)))
    for v, subject, day in e.res.validity:
        m = e.mention(v.start, v.end)
        s = node(subject, m)
        if day:
            e.fact(s, TG.entryIntoForce if v.kind == "effective" else TG.endOfForce, lit(day, datatype=XSD.date), m)
        if v.kind == "ceases" and subject is not None:
            e.fact(doc, TG.endsEffectOf, s, m)


def to_ntriples(g: Graph) -> str:
    """Sorted N-Triples written by Oxigraph: byte-identical for equal graphs.

    N-Triples escapes line feeds and carriage returns inside literals, so every line is
    one triple; other separators (U+2028, vertical tab …) stay inside their literal.
    """
    data = ox.serialize([ox.Triple(*map(to_ox, t)) for t in g], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return "\n".join(sorted(line for line in data.split("\n") if line.strip())) + "\n"
