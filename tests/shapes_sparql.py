"""The per-file check as it was before graph/shapes_check.py: the shapes compiled to SPARQL and run by
Oxigraph on a fresh in-memory store holding the ontology and one file's quads (~50-80 ms a file).

Kept verbatim as the reference the Python evaluator is compared with (tests/test_validate_check.py);
not part of the package. Only change: it reads the ontology and shapes through graph/validate.py.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDFS, Graph

from tinhgon.graph.shapes_check import _severity  # the same rule for both checks
from tinhgon.graph.validate import _cached, ontology_path, shapes_path
from tinhgon.graph.vocab import RDF, SH

# -- the per-file check: the shapes compiled to SPARQL -------------------------------------------
# pySHACL takes seconds on one file's graph; the build checks every file, so the shapes are
# compiled once into SPARQL queries (one per constraint group) and run by Oxigraph on a small
# in-memory store holding the ontology and that one file's triples. The compiler covers the
# SHACL Core components shapes.ttl uses (targets by class and node, IRI and alternative paths,
# min/max count, datatype, class, in, languageIn, pattern, nodeKind, minInclusive, node, or,
# lessThanOrEquals, uniqueLang) and SPARQL constraints; tests/test_ontology.py checks that it
# reports what pySHACL reports.


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT whose rows (?this, optionally ?value) are the results."""

    query: str
    message: str
    severity: str  # "Violation", "Warning" or "Info"


class ShapesCompileError(ValueError):
    """A shape uses a SHACL feature the compiler does not cover (so the check would be silent)."""


_RDFS_SUB = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_COVERED_NODE = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                 SH.property, SH["or"], SH.sparql, SH.message, SH.severity,
                 SH.datatype, SH["class"], SH["in"], SH.languageIn, SH.pattern, SH.nodeKind, SH.minInclusive,
                 SH.node, RDF.type, SH.path, SH.minCount, SH.maxCount, SH.lessThanOrEquals, SH.uniqueLang,
                 SH.flags, SH.declare, SH.prefixes, SH.select}


def _n3(term) -> str:
    return term.n3()


def _path(g: Graph, path) -> str:
    alt = g.value(path, SH.alternativePath)
    if alt is not None:
        from rdflib.collection import Collection

        return "(" + "|".join(_n3(p) for p in Collection(g, alt)) + ")"
    if not hasattr(path, "n3") or path.__class__.__name__ == "BNode":
        raise ShapesCompileError(f"path {path!r} is not an IRI or an alternative path")
    return _n3(path)


def _items(g: Graph, head) -> list:
    from rdflib.collection import Collection

    return list(Collection(g, head))


_SUBCLASSES: dict[str, str] = {}
_VARS = itertools.count()


def _instance_of(x: str, cls) -> str:
    """``x`` is an instance of ``cls`` or of one of its subclasses (read off the ontology once):
    a VALUES list is far cheaper for Oxigraph than ``rdf:type/rdfs:subClassOf*`` on every check."""
    key = str(cls)
    if key not in _SUBCLASSES:
        ont = _cached(str(ontology_path()))
        from rdflib import URIRef

        found = {URIRef(key)}
        frontier = [URIRef(key)]
        while frontier:
            c = frontier.pop()
            for sub in ont.subjects(RDFS.subClassOf, c):
                if sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        _SUBCLASSES[key] = " ".join(sorted(_n3(c) for c in found))
    v = f"?_c{next(_VARS)}"  # a fresh variable: an outer binding must never leak into an EXISTS
    return f"VALUES {v} {{ {_SUBCLASSES[key]} }} {x} {_TYPE} {v} ."


def _value_expr(g: Graph, shape, x: str) -> str | None:
    """A SPARQL expression true when the value ``x`` satisfies the value constraints of ``shape``."""
    parts: list[str] = []
    for dt in g.objects(shape, SH.datatype):
        parts.append(f"(isLiteral({x}) && DATATYPE({x}) = {_n3(dt)})")
    for cls in g.objects(shape, SH["class"]):
        parts.append(f"EXISTS {{ {_instance_of(x, cls)} }}")
    for lst in g.objects(shape, SH["in"]):
        parts.append(f"({x} IN ({', '.join(_n3(v) for v in _items(g, lst))}))")
    for lst in g.objects(shape, SH.languageIn):
        langs = " || ".join(f'LANGMATCHES(LANG({x}), "{lang}")' for lang in _items(g, lst))
        parts.append(f"(isLiteral({x}) && ({langs}))")
    for pat in g.objects(shape, SH.pattern):
        flags = g.value(shape, SH.flags)
        escaped = str(pat).replace("\\", "\\\\").replace('"', '\\"')
        fl = f', "{flags}"' if flags else ""
        parts.append(f'(!isBlank({x}) && REGEX(STR({x}), "{escaped}"{fl}))')
    for kind in g.objects(shape, SH.nodeKind):
        test = {SH.IRI: "isIRI", SH.Literal: "isLiteral", SH.BlankNode: "isBlank"}.get(kind)
        if test is None:
            raise ShapesCompileError(f"sh:nodeKind {kind} is not covered")
        parts.append(f"{test}({x})")
    for v in g.objects(shape, SH.minInclusive):
        parts.append(f"({x} >= {_n3(v)})")
    for other in g.objects(shape, SH.node):
        e = _value_expr(g, other, x)
        if e:
            parts.append(e)
    for lst in g.objects(shape, SH["or"]):
        alts = [_value_expr(g, m, x) or "true" for m in _items(g, lst)]
        parts.append("(" + " || ".join(alts) + ")")
    if not parts:
        return None
    return "COALESCE(" + " && ".join(parts) + ", false)"


def _holds(g: Graph, member, this: str) -> str:
    """An expression true when ``this`` conforms to ``member`` (a property or node shape in sh:or)."""
    path = g.value(member, SH.path)
    if path is None:
        return _value_expr(g, member, this) or "true"
    p = _path(g, path)
    parts = []
    for n in g.objects(member, SH.minCount):
        if int(n) > 1:
            raise ShapesCompileError("sh:minCount above 1 inside sh:or is not covered")
        if int(n) == 1:
            parts.append(f"EXISTS {{ {this} {p} ?_x }}")
    for n in g.objects(member, SH.maxCount):
        if int(n) != 0:
            raise ShapesCompileError("sh:maxCount above 0 inside sh:or is not covered")
        parts.append(f"NOT EXISTS {{ {this} {p} ?_x }}")
    e = _value_expr(g, member, "?_y")
    if e:
        parts.append(f"NOT EXISTS {{ {this} {p} ?_y FILTER(!({e})) }}")
    return "(" + " && ".join(parts or ["true"]) + ")"


def _prefixes(g: Graph, sparql_node) -> str:
    out = []
    for decl_owner in g.objects(sparql_node, SH.prefixes):
        for d in g.objects(decl_owner, SH.declare):
            out.append(f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>")
    return "\n".join(out)


def compile_shapes(shapes: Graph) -> list[Check]:
    """The shapes as SPARQL checks; ShapesCompileError for a feature left uncovered."""
    g = shapes
    checks: list[Check] = []
    node_shapes = (set(g.subjects(SH.targetClass, None)) | set(g.subjects(SH.targetNode, None))
                   | set(g.subjects(SH.targetSubjectsOf, None)) | set(g.subjects(SH.targetObjectsOf, None)))
    for shape in sorted(node_shapes, key=str):
        for p in g.predicates(shape, None):
            if p not in _COVERED_NODE and p not in (RDF.type,) and not str(p).startswith(str(RDFS)):
                raise ShapesCompileError(f"{shape}: {p} is not covered by the SPARQL compiler")
        classes = list(g.objects(shape, SH.targetClass))
        nodes = list(g.objects(shape, SH.targetNode))
        targets = [f"{{ {_instance_of('?this', c)} }}" for c in classes]
        if nodes:
            targets.append("{ VALUES ?this { " + " ".join(_n3(n) for n in nodes) + " } }")
        targets += [f"{{ SELECT DISTINCT ?this WHERE {{ ?this {_n3(p)} ?_ts }} }}"
                    for p in g.objects(shape, SH.targetSubjectsOf)]
        targets += [f"{{ SELECT DISTINCT ?this WHERE {{ ?_to {_n3(p)} ?this }} }}"
                    for p in g.objects(shape, SH.targetObjectsOf)]
        target = " UNION ".join(targets)
        for prop in g.objects(shape, SH.property):
            msg = str(g.value(prop, SH.message) or g.value(shape, SH.message) or f"{shape} property")
            sev = _severity(g, prop, shape)
            p = _path(g, g.value(prop, SH.path))
            # Every constraint of one property shape has its message and severity: they are one
            # query, a focus node failing any of them (one scan of the targets, not one per constraint).
            fails: list[str] = []
            for n in g.objects(prop, SH.minCount):
                if int(n) > 1:
                    raise ShapesCompileError(f"{shape}: sh:minCount {n} (above 1) is not covered")
                if int(n) == 1:
                    fails.append(f"NOT EXISTS {{ ?this {p} ?_m }}")
            for n in g.objects(prop, SH.maxCount):
                if int(n) == 0:
                    fails.append(f"EXISTS {{ ?this {p} ?_a }}")
                elif int(n) == 1:
                    fails.append(f"EXISTS {{ ?this {p} ?_a , ?_b FILTER(!sameTerm(?_a, ?_b)) }}")
                else:
                    checks.append(Check(
                        f"SELECT ?this WHERE {{ {target} ?this {p} ?v }} GROUP BY ?this "
                        f"HAVING(COUNT(DISTINCT ?v) > {int(n)})", msg, sev))
            e = _value_expr(g, prop, "?v")
            if e:
                fails.append(f"EXISTS {{ ?this {p} ?v FILTER(!({e})) }}")
            for q in g.objects(prop, SH.lessThanOrEquals):
                fails.append(f"EXISTS {{ ?this {p} ?v . ?this {_n3(q)} ?w FILTER(!COALESCE(?v <= ?w, false)) }}")
            if any(str(v).lower() == "true" for v in g.objects(prop, SH.uniqueLang)):
                fails.append(f"EXISTS {{ ?this {p} ?a , ?b "
                             f"FILTER(?a != ?b && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) }}")
            if fails:
                checks.append(Check(f"SELECT DISTINCT ?this WHERE {{ {target} FILTER({' || '.join(fails)}) }}",
                                    msg, sev))
        for lst in g.objects(shape, SH["or"]):
            msg = str(g.value(shape, SH.message) or f"{shape} sh:or")
            alts = " || ".join(_holds(g, m, "?this") for m in _items(g, lst))
            checks.append(Check(f"SELECT DISTINCT ?this WHERE {{ {target} FILTER(!({alts})) }}",
                                msg, _severity(g, shape)))
        for sp in g.objects(shape, SH.sparql):
            msg = str(g.value(sp, SH.message) or g.value(shape, SH.message) or f"{shape} sparql")
            select = str(g.value(sp, SH.select))
            if not nodes or classes:
                raise ShapesCompileError(f"{shape}: SPARQL constraints are compiled for sh:targetNode shapes only")
            for n in nodes:
                # $this is a constant here: bound in the text, so the engine can use it as an index key.
                body = re.sub(r"(SELECT\s+(?:DISTINCT\s+)?)\$this\b", r"\1", select, count=1, flags=re.I)
                body = re.sub(r"(SELECT\s+(?:DISTINCT\s+)?)", rf"\1({_n3(n)} AS ?this) ", body, count=1, flags=re.I)
                q = _prefixes(g, sp) + "\n" + body.replace("$this", _n3(n))
                checks.append(Check(q, msg, _severity(g, shape)))
        e = _value_expr(g, shape, "?this")
        if e:
            checks.append(Check(f"SELECT DISTINCT ?this WHERE {{ {target} FILTER(!({e})) }}",
                                str(g.value(shape, SH.message) or shape), _severity(g, shape)))
    return checks


@lru_cache(maxsize=2)
def _compiled(path: str) -> tuple[Check, ...]:
    return tuple(compile_shapes(_cached(path)))


_ONTOLOGY_QUADS: list = []


def _check_store():
    """A fresh in-memory Oxigraph store holding the ontology (default graph), for one file.

    Fresh for every file: the in-memory store keeps what is removed from it (its versions), so
    one store reused for file after file checks each one more slowly than the last (97 ms for
    the first synthetic file, 184 ms after 360)."""
    import pyoxigraph as ox

    if not _ONTOLOGY_QUADS:
        _ONTOLOGY_QUADS.extend(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
    s = ox.Store()
    s.extend(_ONTOLOGY_QUADS)
    return s


def check_nquads(nquads: bytes, graphs: Iterable[str], *, shapes: str | Path | None = None,
                 severities: tuple[str, ...] = ("Violation",)) -> list[tuple[str, str]]:
    """(node at fault, message) of every result of the compiled shapes on one source's quads
    (in ``graphs``), sorted; only results of the given severities. The quads are taken
    together with the ontology."""
    import pyoxigraph as ox

    return check_quads(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), graphs, shapes=shapes, severities=severities)


def check_quads(quads: Iterable, graphs: Iterable[str], *, shapes: str | Path | None = None,
                severities: tuple[str, ...] = ("Violation",)) -> list[tuple[str, str]]:
    """:func:`check_nquads` of Oxigraph quads (no N-Quads to parse: what the build checks)."""

    del graphs  # the store is the file's alone (see _check_store): nothing to remove after
    store = _check_store()
    store.extend(quads)
    out: set[tuple[str, str]] = set()
    for c in _compiled(str(shapes or shapes_path())):
        if c.severity not in severities:
            continue
        res = store.query(c.query, use_default_graph_as_union=True)
        has_value = any(v.value == "value" for v in res.variables)
        for sol in res:
            node = (sol["value"] if has_value else None) or sol["this"]
            out.add((node.value if node is not None else "", c.message))
    return sorted(out)
