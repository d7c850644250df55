"""Namespaces and the terms the emitter, the queries and the shapes agree on.

The ontology itself (labels in Vietnamese and English, definitions, axioms) lives in
``ontology/tinhgon.ttl``; this module only names the IRIs so that Python code never
spells them twice. Reused vocabularies come first (ORG, PROV-O, DCTERMS, SKOS,
OWL-Time, FOAF, NIF); ``TG`` holds only what they lack.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from tinhgon.builders.numbers import kind_classes

TG = Namespace("https://w3id.org/tinhgon/ontology#")
"""Our own terms."""
ID = Namespace("https://w3id.org/tinhgon/id/")
"""Instances: documents, agencies, tasks, changes, places, mentions."""
GRAPH = Namespace("https://w3id.org/tinhgon/graph/")
"""Named graphs: one per source file, plus ``ontology`` and ``gazetteer``."""
ORG = Namespace("http://www.w3.org/ns/org#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
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
