"""A VoID / DCAT description of the built graph, and the dump formats that need more than Oxigraph.

``tinhgon dump`` writes, beside the data, what a catalogue or a SPARQL tool needs to know
about it without loading it: the dataset (title in vi and en, licence, last build, the
ontology it follows with its version IRI), its size (triples, subjects, classes with their
instance counts), one subset per source file (its named graph, file name, SHA-256,
triples) and, when the dump went to a file, that file as a ``dcat:Distribution``. The
counts are SPARQL over the store, so the description says what the store holds.

JSON-LD is written by rdflib with an ``@context`` of the project's prefixes (compact
IRIs such as ``tg:Task``); RDF/XML by Oxigraph, over the union of the named graphs
(RDF/XML has no named graphs).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from tinhgon.graph.store import GraphStore
from tinhgon.graph.vocab import GRAPH, ID, PREFIXES, TG

DATASET = URIRef("https://w3id.org/tinhgon/dataset")
ONTOLOGY = URIRef(str(TG).rstrip("#"))
LICENSE = URIRef("https://opensource.org/licenses/MIT")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

MEDIA_TYPES = {
    "nq": "application/n-quads", "nquads": "application/n-quads", "n-quads": "application/n-quads",
    "trig": "application/trig", "turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
    "ntriples": "application/n-triples", "n-triples": "application/n-triples", "jsonld": "application/ld+json",
    "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml", "xml": "application/rdf+xml",
}


def _one(store: GraphStore, sparql: str) -> int:
    rows = store.select(sparql)
    return int(next(iter(rows[0].values()))) if rows else 0


def last_build(store: GraphStore) -> datetime | None:
    """When the store was last written: the newest file of its directory (RocksDB writes on every commit)."""
    if store.path is None or not store.path.exists():
        return None
    stamps = [p.stat().st_mtime for p in store.path.iterdir() if p.is_file()]
    return datetime.fromtimestamp(max(stamps), UTC).replace(microsecond=0) if stamps else None


def ontology_version(store: GraphStore) -> tuple[str | None, str | None]:
    """(owl:versionIRI, owl:versionInfo) of the ontology as the store holds it."""
    rows = store.select(f"""SELECT ?iri ?info WHERE {{
        OPTIONAL {{ <{ONTOLOGY}> <{OWL.versionIRI}> ?iri }} OPTIONAL {{ <{ONTOLOGY}> <{OWL.versionInfo}> ?info }} }}""")
    row = rows[0] if rows else {}
    return row.get("iri"), row.get("info")


def describe(store: GraphStore, *, distribution: Path | None = None, fmt: str | None = None) -> Graph:
    """The VoID / DCAT description of ``store`` (and of the dump file ``distribution``, if any)."""
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("sd", SD)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("tinhgon: knowledge graph of Vietnam's agencies, plans and structural changes",
                                     lang="en")))
    g.add((d, DCTERMS.title, Literal("tinhgon: đồ thị tri thức về cơ quan, kế hoạch và sắp xếp tổ chức bộ máy",
                                     lang="vi")))
    g.add((d, DCTERMS.description, Literal(
        "Plans, tasks, agencies and structural changes read off Vietnamese plan documents; every fact points back "
        "to the exact words of its source file.", lang="en")))
    g.add((d, DCTERMS.license, LICENSE))
    g.add((d, DCTERMS.publisher, Literal("tinhgon contributors")))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.vocabulary, URIRef(str(TG))))
    g.add((d, DCAT.keyword, Literal("tinh gọn bộ máy", lang="vi")))
    g.add((d, DCAT.keyword, Literal("public administration", lang="en")))
    version_iri, version_info = ontology_version(store)
    g.add((d, DCTERMS.conformsTo, URIRef(version_iri) if version_iri else ONTOLOGY))
    if version_info:
        g.add((d, OWL.versionInfo, Literal(version_info)))
    built = last_build(store)
    if built is not None:
        g.add((d, DCTERMS.modified, Literal(built.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)))

    g.add((d, VOID.triples, Literal(len(store), datatype=XSD.integer)))
    g.add((d, VOID.distinctSubjects, Literal(_one(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
                                             datatype=XSD.integer)))
    g.add((d, VOID.properties, Literal(_one(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
                                       datatype=XSD.integer)))
    classes = store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c")
    g.add((d, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for row in classes:
        part = BNode()
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(row["c"])))
        g.add((part, VOID.entities, Literal(int(row["n"]), datatype=XSD.integer)))

    sizes = {r["g"]: int(r["n"]) for r in store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    files = {r["g"]: r for r in store.select(f"""SELECT ?g ?name ?sha WHERE {{ GRAPH ?g {{
        ?f a <{TG.SourceFile}> . OPTIONAL {{ ?f <{TG.fileName}> ?name }} OPTIONAL {{ ?f <{TG.sha256}> ?sha }} }} }}""")}
    for graph_iri in store.named_graphs():
        sub = URIRef(graph_iri)
        g.add((d, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, SD.name, sub))
        g.add((sub, VOID.triples, Literal(sizes.get(graph_iri, 0), datatype=XSD.integer)))
        info = files.get(graph_iri)
        if info is not None:
            if info.get("name"):
                g.add((sub, DCTERMS.source, Literal(info["name"])))
                g.add((sub, DCTERMS.title, Literal(info["name"])))
            if info.get("sha"):
                g.add((sub, URIRef(str(TG) + "sha256"), Literal(info["sha"])))
        elif graph_iri == str(GRAPH["ontology"]):
            g.add((sub, DCTERMS.title, Literal("the tinhgon ontology", lang="en")))
    if distribution is not None:
        dist = BNode()
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, URIRef(distribution.name)))
        g.add((dist, DCTERMS.title, Literal(distribution.name)))
        if fmt and fmt.lower() in MEDIA_TYPES:
            g.add((dist, DCAT.mediaType, Literal(MEDIA_TYPES[fmt.lower()])))
        if distribution.exists():
            g.add((dist, DCAT.byteSize, Literal(distribution.stat().st_size, datatype=XSD.integer)))
        g.add((dist, DCTERMS.license, LICENSE))
    g.add((d, FOAF.homepage, URIRef("https://w3id.org/tinhgon")))
    return g


def description_path(out: Path) -> Path:
    """Where the description of the dump ``out`` goes: ``<out without suffix>.void.ttl``."""
    return out.with_name(out.name.split(".", 1)[0] + ".void.ttl")


def context(prefixes: Mapping[str, str] | None = None) -> dict[str, str]:
    return dict(prefixes or {p: str(ns) for p, ns in PREFIXES.items()})


def dump_jsonld(store: GraphStore) -> bytes:
    """The dataset as JSON-LD, named graphs kept, compacted with the project's prefixes as ``@context``."""
    import warnings

    from rdflib import Dataset

    with warnings.catch_warnings():  # rdflib 7's own parser and serialiser use its deprecated Dataset API
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = Dataset()
        ds.parse(data=store.dump("nq"), format="nquads")
        text = ds.serialize(format="json-ld", context=context(), auto_compact=True, indent=1)
    doc = json.loads(text)
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dump_rdfxml(store: GraphStore) -> bytes:
    """The union of the named graphs as RDF/XML (which has no named graphs), with the project's prefixes."""
    quads = store.oxigraph.quads_for_pattern(None, None, None, None)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=context())
