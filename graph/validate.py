"""Validate a built graph against the SHACL shapes of ontology/shapes.ttl (pySHACL).

The ontology is added to (a copy of) the data, so ``rdfs:subClassOf`` counts:
a ``tg:Plan`` is a ``tg:Document`` and a ``tg:Province`` a ``tg:AdministrativeUnit``
for ``sh:class`` and ``sh:targetClass`` without any inference being run on the data.
No RDFS inference by default: range axioms would otherwise type nodes the emitter
never typed and hide exactly the mistakes the shapes are there to catch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from tinhgon.graph.vocab import RDF, SH

ONTOLOGY_PACKAGE = "tinhgon.ontology"


@dataclass(frozen=True)
class ValidationResult:
    """What pySHACL said: whether the data conforms, its report as text, and how many violations."""

    conforms: bool
    results_text: str
    violations: int
    report: Graph | None = None


def ontology_path() -> Path:
    """Path of ontology/tinhgon.ttl as installed (package data of tinhgon.ontology)."""
    return Path(str(resources.files(ONTOLOGY_PACKAGE).joinpath("tinhgon.ttl")))


def shapes_path() -> Path:
    """Path of ontology/shapes.ttl as installed (package data of tinhgon.ontology)."""
    return Path(str(resources.files(ONTOLOGY_PACKAGE).joinpath("shapes.ttl")))


def _parse(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=4)
def _cached(path: str) -> Graph:
    return _parse(Path(path))


def load_ontology(path: str | Path | None = None) -> Graph:
    """The ontology graph (a fresh copy: callers may add to it)."""
    g = Graph()
    for t in _cached(str(path or ontology_path())):
        g.add(t)
    return g


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes graph (a fresh copy)."""
    g = Graph()
    for t in _cached(str(path or shapes_path())):
        g.add(t)
    return g


def _with_ontology(data: Graph | Dataset, ontology: Graph) -> Graph:
    """One graph with the triples of every named graph plus the ontology.

    The shapes speak of the union of the named graphs, and they read the ontology as
    data: ``rdfs:subClassOf`` for ``sh:class`` and a class's ``skos:notation`` for the
    kind of a document. A copy, so the caller's graph is left as it was.
    """
    g = Graph()
    triples = data.quads((None, None, None, None)) if isinstance(data, Dataset | ConjunctiveGraph) else data
    for t in triples:
        g.add(t[:3])
    for t in ontology:
        g.add(t)
    return g


def validate(
    data: Graph | Dataset,
    *,
    shapes_path: str | Path | None = None,
    ontology_path: str | Path | None = None,
    inference: str = "none",
) -> ValidationResult:
    """Check ``data`` (a graph, or a dataset whose named graphs are taken together) against the shapes."""
    from pyshacl import validate as shacl_validate

    shapes = load_shapes(shapes_path)
    ont = load_ontology(ontology_path)
    conforms, report, text = shacl_validate(
        _with_ontology(data, ont),
        shacl_graph=shapes,
        inference=inference,
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    violations = count_violations(report)
    return ValidationResult(conforms=bool(conforms), results_text=str(text), violations=violations, report=report)


def _results(report: Graph) -> list:
    """The top-level results of a report (not the nested details of sh:or / sh:node)."""
    return [r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)]


def count_violations(report: Graph) -> int:
    """Top-level results of severity sh:Violation in a SHACL validation report."""
    return sum(1 for r in _results(report) if (r, SH.resultSeverity, SH.Violation) in report)


def messages(result: ValidationResult) -> list[tuple[str, str]]:
    """(node at fault, message) of every top-level result, sorted: what a test or a user reads first.

    The node at fault is the focus node, or for the global SPARQL checks (one query with the
    class as focus node, see shapes.ttl) the node they report as sh:value.
    """
    if result.report is None:
        return []
    rep = result.report
    out = []
    for r in _results(rep):
        node = rep.value(r, SH.focusNode)
        if (r, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent) in rep and rep.value(r, SH.value):
            node = rep.value(r, SH.value)
        out.extend((str(node), str(m)) for m in rep.objects(r, SH.resultMessage))
    return sorted(out)


# -- the per-file check: the shapes compiled to Python -------------------------------------------
# pySHACL takes seconds on one file's graph; the build checks every file, so the shapes are
# compiled once (graph/shapes_check.py) into Python checks run over that one file's triples
# and the ontology. tests/test_validate_check.py checks that it reports what the shapes
# compiled to SPARQL and run by Oxigraph report (tests/shapes_sparql.py), and pySHACL.


@lru_cache(maxsize=2)
def _compiled(shapes: str, ontology: str):
    from tinhgon.graph.shapes_check import Data, compile_shapes

    ont = _cached(ontology)
    return tuple(compile_shapes(_cached(shapes), ont)), Data(ont)


def check_triples(triples: Iterable[tuple], *, shapes: str | Path | None = None,
                  severities: tuple[str, ...] = ("Violation",), reified=None) -> list[tuple[str, str]]:
    """(node at fault, message) of every result of the shapes on one source's triples (rdflib
    terms, both its own and the shared facts it asserts; ``reified``: statement → triple, each the
    triple and its reification), sorted; only results of the given severities. The triples are
    taken together with the ontology."""
    from tinhgon.graph.shapes_check import check_triples as run

    checks, ontology = _compiled(str(shapes or shapes_path()), str(ontology_path()))
    return run(triples, checks, ontology, severities, reified)


def check_source(em) -> list[tuple[str, str]]:
    """The violations of one emitted source (graph/emit.py Emitted), before it is stored: its own
    triples and the shared facts it asserts (with their reification), as the store's union of
    graphs will show them: the bundles of facts it derives too)."""
    return check_triples([*em.own, *em.bundle_triples()], reified=em.facts)
