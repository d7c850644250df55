"""Namespaces and the terms the emitter, the queries and the shapes agree on.

The ontology itself (labels in Vietnamese and English, definitions, axioms) lives in
``ontology/tinhgon.ttl``; this module only names the IRIs so that Python code never
spells them twice. Reused vocabularies come first (ORG, PROV-O, DCTERMS, SKOS,
OWL-Time, FOAF, NIF); ``TG`` holds only what they lack.
"""

from __future__ import annotations

import re
from importlib import resources

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

from tinhgon.builders.numbers import kind_classes

_TG = "https://w3id.org/tinhgon/ontology#"
# a term is defined where a statement about it opens a line: a class, property or concept of the file
_DEFINED = re.compile(r"^tg:([A-Za-z][\w-]*)\s", re.MULTILINE)


def _ontology_terms() -> list[str]:
    """The local names ontology/tinhgon.ttl defines: the one home of the project's own terms."""
    ttl = resources.files("tinhgon.ontology").joinpath("tinhgon.ttl").read_text(encoding="utf-8")
    return sorted(set(_DEFINED.findall(ttl)))


def _closed_namespace() -> type[DefinedNamespace]:
    """``TG`` as a closed namespace: a term the ontology does not define fails where Python uses it
    (``AttributeError``), instead of minting a silent new IRI (rdflib's DefinedNamespace with
    ``_fail``, the way rdflib declares ORG or PROV; built from the ontology so the list is not kept twice)."""
    terms = _ontology_terms()
    plain = [t for t in terms if t.isidentifier()]
    return type("TG", (DefinedNamespace,), {
        "__annotations__": {t: URIRef for t in plain},
        "_NS": Namespace(_TG), "_fail": True, "_extras": [t for t in terms if not t.isidentifier()],
    })


TG = _closed_namespace()
"""Our own terms (closed: only those the ontology defines)."""
ID = Namespace("https://w3id.org/tinhgon/id/")
"""Instances: documents, agencies, tasks, changes, places, mentions."""
GRAPH = Namespace("https://w3id.org/tinhgon/graph/")
"""Named graphs: one per source file, plus ``ontology`` and ``gazetteer``."""
ORG = Namespace("http://www.w3.org/ns/org#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "tg": TG, "tgid": ID, "tgg": GRAPH, "org": ORG, "prov": PROV, "dcterms": DCTERMS,
    "skos": SKOS, "time": TIME, "foaf": FOAF, "nif": NIF, "owl": OWL, "rdf": RDF, "rdfs": RDFS,
    "xsd": XSD,
}

# Document classes by the kind slug used in the extraction records (SCHEMA.md).
# Each class carries ``skos:notation`` = slug in the ontology.
DOC_CLASS = {slug: TG[cls] for slug, cls in kind_classes().items()}  # rows of builders/data/lexicon/doc_kinds.tsv

# Role properties: task → agency. Sub-properties of tg:involves.
ROLE_PROPERTY = {
    "lead": TG.lead,
    "coordinating": TG.coordinating,
    "implementing": TG.implementing,
    "appraising": TG.appraising,
    "commenting": TG.commenting,
    "deciding": TG.deciding,
}

# SKOS concepts (in the ontology file) with skos:notation = the record slug.
CHANGE_KIND = {k: TG["kind-" + k] for k in (
    "merge", "absorb", "dissolve", "transfer", "establish", "reorganise", "concurrent-post")}
CHANGE_STATUS = {s: TG["status-" + s] for s in (
    "proposed", "ordered", "pilot", "expand", "pending-approval", "halted", "not-expanded", "completed")}
LEVEL = {lv: TG["level-" + lv] for lv in ("central", "province", "district", "commune", "village")}
RECURRENCE = {r: TG["recurrence-" + r] for r in (
    "annual", "semiannual", "quarterly", "monthly", "fortnightly", "weekly", "ongoing")}

__all__ = [
    "CHANGE_KIND", "CHANGE_STATUS", "DCTERMS", "DOC_CLASS", "FOAF", "GRAPH", "ID", "LEVEL", "NIF", "ORG",
    "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "RECURRENCE", "ROLE_PROPERTY", "SH", "SKOS", "TG", "TIME",
    "XSD",
]
