"""Emit step: one source's extraction + resolution → its own triples and the shared facts it asserts.

Every node read off the file points to a ``tg:Mention`` (offsets and exact quote in
the original file), and every statement read off the file is reified with its own
mention, so an analyst can ask for the words behind any fact. No blank nodes: all
IRIs are minted in graph/iris.py, so two builds give identical N-Quads.

Each fact is stated once in the store. A triple that names a node of this source (its
source node, a task, a change, a mention, a reified statement) goes to the source's
named graph. Any other triple is about a shared entity (an agency, an agency type, a
place, a document, a person, a period): it goes to the shared graph, reified once as
``tgid:fact/<hash>``, and the source's graph records that it asserts it
(``fact prov:wasDerivedFrom`` its mention, or its source node). The store drops a shared
fact when no source graph asserts it any more (graph/store.py).
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
from tinhgon.graph import iris
from tinhgon.graph.vocab import (
    CHANGE_KIND,
    CHANGE_STATUS,
    DCTERMS,
    DOC_CLASS,
    FOAF,
    LEVEL,
    NIF,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    RECURRENCE,
    ROLE_PROPERTY,
    SKOS,
    TG,
    TIME,
    XSD,
)
from tinhgon.text import fold, slugify, words

VI = "vi"
PLACE_CLASS = {"province": TG.Province, "district": TG.District, "commune": TG.Commune}


Triple = tuple[Node, Node, Node]


@dataclass
class Emitted:
    """One source's triples, split: ``own`` for its named graph, ``facts`` for the shared graph.

    ``facts`` maps each shared fact's IRI (``tgid:fact/<hash>``) to its triple; in the shared
    graph a fact is the triple plus its reification (``rdf:subject``, ``rdf:predicate``,
    ``rdf:object``), so the store can drop it when no source asserts it any more.
    """

    key: str
    own: list[Triple] = field(default_factory=list)
    facts: dict[URIRef, Triple] = field(default_factory=dict)

    @property
    def graph_iri(self) -> str:
        return str(iris.source_graph(self.key))

    @property
    def shared(self) -> list[Triple]:
        out: list[Triple] = []
        for f, t in self.facts.items():
            out.extend(_fact_triples(f, t))
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
        return len(self.own) + FACT_LINES * len(self.facts)

    def own_nquads(self) -> bytes:
        """The source's own graph as N-Quads written by Oxigraph (its escaping: any character is safe)."""
        g = ox.NamedNode(self.graph_iri)
        return ox.serialize([ox.Quad(*map(to_ox, t), g) for t in self.own], format=ox.RdfFormat.N_QUADS)

    def fact_nquads(self) -> list[tuple[str, bytes]]:
        """(fact IRI, its N-Quads lines in the shared graph) per shared fact, so a loader can skip
        the facts the store already holds. N-Quads escapes line breaks inside literals: lines
        split on LF are quads."""
        g = ox.NamedNode(str(iris.SHARED_GRAPH))
        quads = [ox.Quad(*map(to_ox, t), g) for t in self.shared]
        lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).split(b"\n")
        out = []
        for i, f in enumerate(self.facts):
            out.append((str(f), b"\n".join(lines[FACT_LINES * i:FACT_LINES * (i + 1)]) + b"\n"))
        return out

    def nquads(self) -> bytes:
        """Both parts as N-Quads."""
        return self.own_nquads() + b"".join(chunk for _, chunk in self.fact_nquads())


FACT_LINES = 5


def _fact_triples(f: URIRef, t: Triple) -> tuple[Triple, ...]:
    s, p, o = t
    return (t, (f, RDF.type, RDF.Statement), (f, RDF.subject, s), (f, RDF.predicate, p), (f, RDF.object, o))


_TERMS: dict[Node, ox.NamedNode | ox.Literal] = {}


def to_ox(term: Node) -> ox.NamedNode | ox.Literal:
    """rdflib term → Oxigraph term (cached: the same few thousand terms recur in every file)."""
    n = _TERMS.get(term)
    if n is not None:
        return n
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
    if len(_TERMS) > 100_000:
        _TERMS.clear()
    _TERMS[term] = n
    return n


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

    def owned(self, t: Node) -> bool:
        """Is ``t`` a node of this source (so a triple naming it is stated by this source only)?"""
        return isinstance(t, URIRef) and (t == self._src_iri or str.startswith(t, self._owned))

    def finish(self) -> Emitted:
        """Split the triples into the source's own and the shared facts, reifying each shared fact."""
        out = Emitted(key=iris.source_slug(self.stem))
        derived: set[Node] = set()
        fact_prefix = iris.FACT_PREFIX
        shared: list[Triple] = []
        for t in self.g:
            s, p, o = t
            if self.owned(s) or self.owned(o):
                out.own.append(t)
                if p == PROV.wasDerivedFrom and str.startswith(s, fact_prefix):
                    derived.add(s)
            elif not str.startswith(s, fact_prefix):  # a fact's reification is written with the fact
                shared.append(t)
        for t in sorted(shared, key=lambda t: (t[0], t[1], t[2].n3())):
            f = iris.fact(*t)
            out.facts[f] = t
            if f not in derived:
                out.own.append((f, PROV.wasDerivedFrom, self._src_iri))
        return out

    # -- provenance ----------------------------------------------------------------------
    def mention(self, start: int, end: int) -> URIRef:
        """A mention of normalised [start, end): offsets and quote are of the original file."""
        span: Span = self.src.span(start, end)
        m = iris.mention(self.stem, span.start, span.end)
        g = self.g
        g.add((m, RDF.type, TG.Mention))
        g.add((m, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.anchorOf, Literal(self.src.quote(span))))
        g.add((m, TG.source, iris.source(self.stem)))
        return m

    def fact(self, s: URIRef, p: URIRef, o: Node, m: URIRef | None) -> None:
        """Assert a triple read off the file and reify it with the mention it came from."""
        self.g.add((s, p, o))
        if m is None:
            return
        own = self.owned(s) or self.owned(o)
        st = iris.statement(self.stem, s, p, o) if own else iris.fact(s, p, o)
        self.g.add((st, RDF.type, RDF.Statement))
        self.g.add((st, RDF.subject, s))
        self.g.add((st, RDF.predicate, p))
        self.g.add((st, RDF.object, o))
        self.g.add((st, PROV.wasDerivedFrom, m))

    # -- nodes ---------------------------------------------------------------------------
    def source_node(self) -> URIRef:
        s = iris.source(self.stem)
        g = self.g
        g.add((s, RDF.type, TG.SourceFile))
        g.add((s, TG.fileName, Literal(self.src.name)))
        g.add((s, TG.sha256, Literal(self.src.sha256)))
        g.add((s, TG.encoding, Literal(self.src.encoding)))
        g.add((s, DCTERMS["format"], Literal("text/plain")))
        return s

    def province_node(self, name: str) -> URIRef:
        p = iris.place(name)
        self.g.add((p, RDF.type, TG.Province))
        self.g.add((p, SKOS.prefLabel, Literal(name, lang=VI)))
        return p

    def entity_node(self, ent: Entity) -> URIRef:
        g = self.g
        if ent.kind == "post":
            n = iris.post(ent.slug)
            g.add((n, RDF.type, TG.Post))
            g.add((n, SKOS.prefLabel, Literal(ent.name, lang=VI)))
            if ent.label_en:
                g.add((n, RDFS.label, Literal(ent.label_en, lang="en")))
            self.name_words(n, (ent.name,))
            return n
        if ent.kind == "place":
            path = [x for x in (ent.province, ent.district) if x]
            n = iris.place(*path, ent.slug)  # the slug: two names told apart only by accents stay two
            g.add((n, RDF.type, TG.AdministrativeUnit))
            g.add((n, RDF.type, PLACE_CLASS.get(ent.place_kind or "", TG.AdministrativeUnit)))
            g.add((n, SKOS.prefLabel, Literal(ent.name, lang=VI)))
            g.add((n, TG.searchKey, Literal(fold(ent.name))))
            if ent.place_code:
                g.add((n, TG.code, Literal(ent.place_code)))
                # resolve locates units in the gazetteer of the units before 2025 (the codes the documents knew)
                entry = iris.gazetteer_unit("legacy", ent.place_kind or "commune", ent.place_code)
                g.add((n, TG.gazetteerEntry, entry))
            if ent.province and ent.district:
                d = iris.place(ent.province, ent.district)
                g.add((d, RDF.type, TG.District))
                g.add((d, SKOS.prefLabel, Literal(ent.district, lang=VI)))
                g.add((d, TG.within, self.province_node(ent.province)))
                g.add((n, TG.within, d))
            elif ent.province:
                g.add((n, TG.within, self.province_node(ent.province)))
            return n
        n = iris.agency(ent.scope, ent.slug)
        t = iris.agency_type(ent.slug)
        g.add((n, RDF.type, TG.CollectiveAgent if ent.kind == "collective" else TG.Agency))
        g.add((n, SKOS.prefLabel, Literal(ent.name, lang=VI)))
        if ent.label_en:
            en = f"{ent.label_en} ({ent.province})" if ent.province else ent.label_en
            g.add((n, RDFS.label, Literal(en, lang="en")))
        g.add((n, TG.fullName, Literal(ent.full_name, lang=VI)))
        g.add((n, TG.searchKey, Literal(fold(ent.full_name))))
        g.add((n, TG.searchKey, Literal(fold(ent.name))))
        for s in sorted(ent.surfaces):
            if s != ent.name:
                g.add((n, SKOS.altLabel, Literal(s, lang=VI)))
                g.add((n, TG.searchKey, Literal(fold(s))))
        self.name_words(n, (ent.full_name, ent.name, *ent.surfaces))
        g.add((n, TG.agencyType, t))
        g.add((t, RDF.type, TG.AgencyType))
        g.add((t, SKOS.prefLabel, Literal(ent.name, lang=VI)))
        if ent.label_en:
            g.add((t, RDFS.label, Literal(ent.label_en, lang="en")))
        if ent.province:
            g.add((n, TG.province, self.province_node(ent.province)))
        return n

    def name_words(self, n: URIRef, names: Iterable[str]) -> None:
        """One ``tg:nameWord`` per distinct folded word of the node's Vietnamese names
        (tinhgon.text.words), so a name search matches words through an index."""
        for name in names:
            for w in words(name):
                self.g.add((n, TG.nameWord, Literal(w)))

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
            self.fact(node, TG.unitType, Literal(c.unit_types[am.name], lang=VI), m)
        if change is not None and am.name in c.partial_inputs:
            self.fact(change, TG.partialInput, node, m)

    def unit_count(self, doc: URIRef, n: int, uc: UnitCount) -> None:
        """A count of units the document states ("có 102 đơn vị hành chính cấp xã, gồm 88 xã …")."""
        node = iris.unit_count(self.stem, n)
        m = self.mention(uc.start, uc.end)
        g = self.g
        g.add((node, RDF.type, TG.UnitCount))
        g.add((node, PROV.wasDerivedFrom, m))
        g.add((node, TG.text, Literal(uc.text, lang=VI)))
        self.fact(node, TG.countedIn, doc, m)
        if uc.level in LEVEL:
            self.fact(node, TG.level, LEVEL[uc.level], m)
        self.fact(node, TG.total, Literal(uc.total, datatype=XSD.integer), m)
        if uc.unchanged_count is not None:
            self.fact(node, TG.unchangedCount, Literal(uc.unchanged_count, datatype=XSD.integer), m)
        for t in sorted(set(uc.by_type) | set(uc.formed)):
            part = iris.unit_count(self.stem, n, t)
            g.add((part, RDF.type, TG.UnitTypeCount))
            g.add((part, PROV.wasDerivedFrom, m))
            self.fact(node, TG.typeCount, part, m)
            g.add((part, TG.unitType, Literal(t, lang=VI)))
            if t in uc.by_type:
                self.fact(part, TG.total, Literal(uc.by_type[t], datatype=XSD.integer), m)
            if t in uc.formed:
                self.fact(part, TG.formed, Literal(uc.formed[t], datatype=XSD.integer), m)
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
        self.g.add((node, DCTERMS.identifier, Literal(number)))
        self.g.add((node, PROV.wasDerivedFrom, m))
        self.fact(node, TG.number, Literal(number), m)
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
                self.g.add((s, date_prop, Literal(bounds[0] if first else bounds[1], datatype=XSD.date)))
        if t.recurrence in RECURRENCE:
            self.fact(s, TG.recurrence, RECURRENCE[t.recurrence], m)
        if t.phrase and m is not None:
            self.g.add((s, TG.timePhrase, Literal(t.phrase, lang=VI)))

    def period(self, notation: str) -> Node | None:
        """A typed literal, or for a quarter its OWL-Time interval node; None if unreadable."""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", notation):
            return Literal(notation, datatype=XSD.date)
        if re.fullmatch(r"\d{4}-\d{2}", notation):
            return Literal(notation, datatype=XSD.gYearMonth)
        if re.fullmatch(r"\d{4}", notation):
            return Literal(notation, datatype=XSD.gYear)
        bounds = period_bounds(notation)
        if bounds is None:
            return None
        n = iris.interval(notation)
        g = self.g
        g.add((n, RDF.type, TIME.ProperInterval))
        g.add((n, SKOS.notation, Literal(notation.upper())))
        for prop, day in ((TIME.hasBeginning, bounds[0]), (TIME.hasEnd, bounds[1])):
            i = iris.instant(day)
            g.add((n, prop, i))
            g.add((i, RDF.type, TIME.Instant))
            g.add((i, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
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
        e.fact(doc, TG.number, Literal(meta.number), dm)
        g.add((doc, DCTERMS.identifier, Literal(meta.number)))
    if meta.date:
        e.fact(doc, DCTERMS.issued, Literal(meta.date, datatype=XSD.date), dm)
    if meta.year:
        e.fact(doc, TG.year, Literal(str(meta.year), datatype=XSD.gYear), dm)
    if meta.title:
        e.fact(doc, DCTERMS.title, Literal(meta.title, lang=VI), dm)
    if res.issuer is not None:
        issuer = e.entity_node(res.issuer)
        e.fact(doc, TG.issuer, issuer, dm)
        if dm is not None:
            g.add((issuer, PROV.wasDerivedFrom, dm))
    if meta.signer:
        person = iris.person(meta.signer)
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, FOAF.name, Literal(meta.signer)))
        e.fact(doc, TG.signer, person, dm)
    if meta.province:
        e.fact(doc, TG.province, e.province_node(meta.province), dm)
        if meta.province_evidence:
            g.add((doc, TG.provinceEvidence, Literal(meta.province_evidence, lang=VI)))

    # The documents it refers to.
    for i, (ref, target) in enumerate(res.references):
        node = iris.document(target.scope, target.slug)
        m = e.mention(ref.start, ref.end)
        g.add((node, RDF.type, TG.Document))
        if ref.kind in DOC_CLASS:
            g.add((node, RDF.type, DOC_CLASS[ref.kind]))
        e.fact(node, TG.number, Literal(ref.number), m)
        g.add((node, DCTERMS.identifier, Literal(ref.number)))
        g.add((node, PROV.wasDerivedFrom, m))
        if ref.date:
            e.fact(node, DCTERMS.issued, Literal(ref.date, datatype=XSD.date), m)
        if ref.title:
            e.fact(node, DCTERMS.title, Literal(ref.title, lang=VI), m)
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
        g.add((tn, TG.ref, Literal(t.ref)))
        g.add((tn, TG.text, Literal(t.text, lang=VI)))
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
        g.add((cn, TG.text, Literal(c.text, lang=VI)))
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
            e.fact(cn, TG.effectiveDate, Literal(c.effective, datatype=XSD.date), m)
        if c.scope:
            g.add((cn, TG.scope, Literal(c.scope, lang=VI)))
        if c.halted:
            e.fact(cn, TG.haltedBy, doc, m)
        due = e.period(c.due) if c.due else None
        if due is not None:
            e.fact(cn, TG.due, due, m)
            bounds = period_bounds(c.due)
            if bounds:
                g.add((cn, TG.dueDate, Literal(bounds[1], datatype=XSD.date)))
        g.add((cn, TG.signature, Literal(f"{c.kind}:" + "+".join(sorted(set(inputs))))))
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
            g.add((n, DCTERMS.identifier, Literal(ent.number)))
            e.fact(n, TG.number, Literal(ent.number), m)
        if ent.province:
            g.add((n, TG.province, e.province_node(ent.province)))
        g.add((n, PROV.wasDerivedFrom, m))
        return n

    for rel, actor, target in e.res.relations:
        m = e.mention(rel.start, rel.end)
        s, p, o = node(actor, m), RELATION_PROPERTY[rel.kind], node(target, m)
        e.fact(s, p, o, m)
        for article in rel.articles:  # on the words, which this source alone states
            g.add((m, TG.article, Literal(article, lang=VI)))
    for v, subject, day in e.res.validity:
        m = e.mention(v.start, v.end)
        s = node(subject, m)
        if day:
            e.fact(s, TG.entryIntoForce if v.kind == "effective" else TG.endOfForce, Literal(day, datatype=XSD.date), m)
        if v.kind == "ceases" and subject is not None:
            e.fact(doc, TG.endsEffectOf, s, m)


def to_ntriples(g: Graph) -> str:
    """Sorted N-Triples written by Oxigraph: byte-identical for equal graphs.

    N-Triples escapes line feeds and carriage returns inside literals, so every line is
    one triple; other separators (U+2028, vertical tab …) stay inside their literal.
    """
    data = ox.serialize([ox.Triple(*map(to_ox, t)) for t in g], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return "\n".join(sorted(line for line in data.split("\n") if line.strip())) + "\n"
