"""The ontology declares every term the code uses; the shapes pass a correct graph and catch broken ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from tinhgon.builders.model import (
    AgencyMention,
    Change,
    DocRef,
    DocumentMeta,
    Extraction,
    Source,
    Task,
    TimeSpec,
)
from tinhgon.builders.resolve import resolve
from tinhgon.graph.emit import emit
from tinhgon.graph.validate import load_ontology, messages, ontology_path, shapes_path, validate
from tinhgon.graph.vocab import (
    CHANGE_KIND,
    CHANGE_STATUS,
    DCTERMS,
    DOC_CLASS,
    GRAPH,
    LEVEL,
    NIF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    RECURRENCE,
    ROLE_PROPERTY,
    SH,
    SKOS,
    TG,
)

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------ the ontology


@pytest.fixture(scope="module")
def ont() -> Graph:
    return load_ontology()


def used_terms() -> dict[str, set[str]]:
    """Every tg: local name spelled in the code, the queries and MODEL.md, with where it was seen."""
    found: dict[str, set[str]] = {}
    files = [*sorted((ROOT / "graph").glob("*.py")), *sorted((ROOT / "tinhgon").glob("*.py")),
             *sorted((ROOT / "queries").rglob("*.rq")), ROOT / "ontology" / "MODEL.md"]
    for f in files:
        text = f.read_text(encoding="utf-8")
        names = set(re.findall(r"\btg:([A-Za-z][\w-]*[A-Za-z0-9])", text))
        names |= set(re.findall(r"\bTG\.([A-Za-z_]\w*)", text))
        names |= set(re.findall(r"\bTG\[\s*\"([^\"]+)\"\s*\]", text))
        for n in names:
            found.setdefault(n, set()).add(f.relative_to(ROOT).as_posix())
    for table in (DOC_CLASS, ROLE_PROPERTY, CHANGE_KIND, CHANGE_STATUS, LEVEL, RECURRENCE):
        for iri in table.values():
            found.setdefault(str(iri).removeprefix(str(TG)), set()).add("graph/vocab.py")
    return found


def test_term_scan_finds_the_terms_the_emitter_writes():
    terms = used_terms()
    for name in ("Document", "Mention", "SourceFile", "AdministrativeUnit", "assignedIn", "timePhrase",
                 "provinceEvidence", "kind-merge", "status-halted", "recurrence-annual", "involves", "code"):
        assert name in terms


def test_tg_is_closed_over_exactly_the_terms_the_ontology_declares(ont: Graph):
    declared = {str(s).removeprefix(str(TG)) for s in ont.subjects(RDF.type, None)
                if isinstance(s, URIRef) and str(s).startswith(str(TG))}
    assert declared and all(name in TG for name in declared)
    assert declared == dir_terms(), "TG and the ontology disagree"
    with pytest.raises(AttributeError):
        _ = TG.leadd  # a misspelt term fails where it is used, not as a new IRI
    with pytest.raises(AttributeError):
        _ = TG["kind-merger"]


def dir_terms() -> set[str]:
    """The local names TG accepts (attributes and the hyphenated extras)."""
    return {str(t).removeprefix(str(TG)) for t in dir(TG)} | set(TG._extras)


def test_ontology_header(ont: Graph):
    onto = URIRef("https://w3id.org/tinhgon/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ont
    assert ont.value(onto, OWL.versionInfo) is not None
    for p in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in ont.objects(onto, p)} >= {"vi", "en"}


@pytest.mark.parametrize("name", sorted(used_terms()))
def test_every_used_term_is_declared_with_labels_and_definition(ont: Graph, name: str):
    term = URIRef(str(TG) + name)
    assert (term, RDF.type, None) in ont, f"tg:{name} (used in {sorted(used_terms()[name])}) is not declared"
    labels = {o.language for p in (RDFS.label, SKOS.prefLabel) for o in ont.objects(term, p)}
    assert labels >= {"vi", "en"}, f"tg:{name} lacks a Vietnamese or English label"
    assert "en" in {o.language for o in ont.objects(term, SKOS.definition)}, f"tg:{name} lacks a definition"


def test_classes_and_properties_carry_rdfs_labels(ont: Graph):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    declared = {s for k in kinds for s in ont.subjects(RDF.type, k) if str(s).startswith(str(TG))}
    assert len(declared) > 60
    for term in declared:
        assert {o.language for o in ont.objects(term, RDFS.label)} >= {"vi", "en"}, term


def test_document_kind_classes_carry_the_record_slug(ont: Graph):
    for slug, cls in DOC_CLASS.items():
        assert list(ont.objects(cls, SKOS.notation)) == [Literal(slug)], cls
        assert (cls, RDFS.subClassOf, TG.Document) in ont
    # the export reads the kind as `?doc a ?cls . ?cls skos:notation ?type`: the base class has none
    assert ont.value(TG.Document, SKOS.notation) is None


@pytest.mark.parametrize(("table", "scheme"), [
    (CHANGE_KIND, TG["scheme-change-kind"]), (CHANGE_STATUS, TG["scheme-status"]),
    (LEVEL, TG["scheme-level"]), (RECURRENCE, TG["scheme-recurrence"]),
])
def test_concepts_carry_the_slug_as_notation(ont: Graph, table: dict, scheme: URIRef):
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ont
    for slug, concept in table.items():
        assert (concept, RDF.type, SKOS.Concept) in ont
        assert list(ont.objects(concept, SKOS.notation)) == [Literal(slug)]
        assert list(ont.objects(concept, SKOS.inScheme)) == [scheme]
    in_scheme = set(ont.subjects(SKOS.inScheme, scheme))
    assert in_scheme == set(table.values())


def test_reused_vocabularies(ont: Graph):
    sub = RDFS.subClassOf
    assert (TG.Agency, sub, ORG.Organization) in ont
    assert (TG.StructuralChange, sub, ORG.ChangeEvent) in ont
    assert (TG.Task, sub, PROV.Plan) in ont
    assert (TG.Document, sub, PROV.Entity) in ont
    assert (TG.Mention, sub, NIF.String) in ont
    assert (TG.AgencyType, sub, SKOS.Concept) in ont
    for unit in (TG.Province, TG.District, TG.Commune, TG.Village):
        assert (unit, sub, TG.AdministrativeUnit) in ont
    assert (TG.implements, RDFS.subPropertyOf, DCTERMS.references) in ont
    assert (TG.implements, RDFS.subPropertyOf, PROV.wasInfluencedBy) in ont
    assert (TG.cites, RDFS.subPropertyOf, DCTERMS.references) in ont
    assert (TG.issuer, RDFS.subPropertyOf, DCTERMS.creator) in ont
    for prop in ROLE_PROPERTY.values():
        assert (prop, RDFS.subPropertyOf, TG.involves) in ont


def test_shapes_list_exactly_the_concepts_of_each_scheme():
    shapes = Graph().parse(shapes_path(), format="turtle")
    for prop, table in ((TG.changeKind, CHANGE_KIND), (TG.status, CHANGE_STATUS), (TG.level, LEVEL),
                        (TG.recurrence, RECURRENCE)):
        lists = [shapes.value(ps, SH["in"]) for ps in shapes.subjects(SH.path, prop)]
        values = [set(shapes.items(lst)) for lst in lists if lst is not None]
        # one list of the whole scheme; others (the halted-by rule) pick from it
        assert set(table.values()) in values, prop
        assert all(v <= set(table.values()) for v in values), prop


def test_files_are_package_data():
    assert ontology_path().is_file() and ontology_path().name == "tinhgon.ttl"
    assert shapes_path().is_file() and shapes_path().name == "shapes.ttl"


# ------------------------------------------------------------------------------ the shapes

PREFIXES = """
@prefix tg: <https://w3id.org/tinhgon/ontology#> .
@prefix tgid: <https://w3id.org/tinhgon/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
"""

# A small graph shaped like the emitter's output: a plan (typed only by its kind class: the
# ontology makes it a tg:Document) implementing a resolution it only cites by number, a task
# with a lead and a quarter due, a halted merger.
VALID = PREFIXES + """
tgid:source\\/x a tg:SourceFile ; tg:fileName "x.txt" ; tg:encoding "utf-8" ; dcterms:format "text/plain" ;
    tg:sha256 "0000000000000000000000000000000000000000000000000000000000000000" .
tgid:mention\\/x\\/0-20 a tg:Mention ; nif:beginIndex "0"^^xsd:nonNegativeInteger ;
    nif:endIndex "20"^^xsd:nonNegativeInteger ; nif:anchorOf "KẾ HOẠCH số 82-KH/TU" ; tg:source tgid:source\\/x .
tgid:mention\\/x\\/30-30 a tg:Mention ; nif:beginIndex "30"^^xsd:nonNegativeInteger ;
    nif:endIndex "30"^^xsd:nonNegativeInteger ; nif:anchorOf "" ; tg:source tgid:source\\/x .
tgid:place\\/binh-thuan a tg:Province ; skos:prefLabel "Bình Thuận"@vi .
tgid:doc\\/binh-thuan\\/82-kh-tu a tg:Plan ; tg:number "82-KH/TU" ; dcterms:identifier "82-KH/TU" ;
    dcterms:issued "2018-03-01"^^xsd:date ; tg:year "2018"^^xsd:gYear ; dcterms:title "Kế hoạch thực hiện"@vi ;
    tg:province tgid:place\\/binh-thuan ; tg:provinceEvidence "header"@vi ;
    tg:issuer tgid:agency\\/binh-thuan\\/ban-thuong-vu-tinh-uy ; tg:signer tgid:person\\/a ;
    tg:implements tgid:doc\\/18-nq-tw ;
    prov:wasDerivedFrom tgid:source\\/x , tgid:mention\\/x\\/0-20 .
tgid:person\\/a a foaf:Person ; foaf:name "Nguyễn Văn A" .
tgid:doc\\/18-nq-tw a tg:Document , tg:Resolution ; tg:number "18-NQ/TW" ; prov:wasDerivedFrom tgid:mention\\/x\\/0-20 .
tgid:agency\\/binh-thuan\\/ban-thuong-vu-tinh-uy a tg:Agency ; skos:prefLabel "Ban Thường vụ Tỉnh ủy"@vi ;
    tg:fullName "Ban Thường vụ Tỉnh ủy Bình Thuận"@vi ; tg:searchKey "ban thuong vu tinh uy" ;
    tg:agencyType tgid:agency-type\\/ban-thuong-vu-tinh-uy ; tg:province tgid:place\\/binh-thuan .
tgid:agency-type\\/ban-thuong-vu-tinh-uy a tg:AgencyType ; skos:prefLabel "Ban Thường vụ Tỉnh ủy"@vi .
tgid:agency\\/binh-thuan\\/cac-co-quan a tg:CollectiveAgent ; skos:prefLabel "Các cơ quan"@vi ;
    tg:agencyType tgid:agency-type\\/cac-co-quan ; prov:wasDerivedFrom tgid:mention\\/x\\/0-20 .
tgid:agency-type\\/cac-co-quan a tg:AgencyType ; skos:prefLabel "Các cơ quan"@vi .
tgid:task\\/x\\/1 a tg:Task ; tg:assignedIn tgid:doc\\/binh-thuan\\/82-kh-tu ; tg:ref "1" ; tg:text "Rà soát"@vi ;
    tg:lead tgid:agency\\/binh-thuan\\/ban-thuong-vu-tinh-uy ; tg:implementing tgid:agency\\/binh-thuan\\/cac-co-quan ;
    tg:due tgid:interval\\/2018-q2 ; tg:dueDate "2018-06-30"^^xsd:date ; tg:start "2018"^^xsd:gYear ;
    tg:startDate "2018-01-01"^^xsd:date ; tg:recurrence tg:recurrence-annual ; tg:timePhrase "Quý II/2018"@vi ;
    prov:wasDerivedFrom tgid:mention\\/x\\/0-20 .
tgid:task\\/x\\/2 a tg:Task ; tg:assignedIn tgid:doc\\/binh-thuan\\/82-kh-tu ; tg:ref "2" ; tg:text "Báo cáo"@vi ;
    tg:due "2018-09"^^xsd:gYearMonth ; prov:wasDerivedFrom tgid:mention\\/x\\/30-30 .
tgid:interval\\/2018-q2 a time:ProperInterval ; skos:notation "2018-Q2" ;
    time:hasBeginning tgid:instant\\/2018-04-01 ; time:hasEnd tgid:instant\\/2018-06-30 .
tgid:instant\\/2018-04-01 a time:Instant ; time:inXSDDate "2018-04-01"^^xsd:date .
tgid:instant\\/2018-06-30 a time:Instant ; time:inXSDDate "2018-06-30"^^xsd:date .
tgid:change\\/x\\/1 a tg:StructuralChange ; tg:statedIn tgid:doc\\/binh-thuan\\/82-kh-tu ; tg:text "Dừng hợp nhất"@vi ;
    tg:changeKind tg:kind-merge ; tg:status tg:status-halted ; tg:level tg:level-district ;
    org:originalOrganization tgid:agency\\/binh-thuan\\/ban-thuong-vu-tinh-uy , tgid:place\\/binh-thuan\\/xa-a ;
    tg:haltedBy tgid:doc\\/binh-thuan\\/82-kh-tu ; tg:signature "merge:a+b" ; tg:task tgid:task\\/x\\/1 ;
    tg:due "2018-12-31"^^xsd:date ; tg:dueDate "2018-12-31"^^xsd:date ;
    prov:wasDerivedFrom tgid:mention\\/x\\/0-20 .
tgid:place\\/binh-thuan\\/xa-a a tg:AdministrativeUnit ; skos:prefLabel "xã A"@vi ; tg:within tgid:place\\/binh-thuan .
tgid:statement\\/x\\/1 a rdf:Statement ; rdf:subject tgid:task\\/x\\/1 ; rdf:predicate tg:lead ;
    rdf:object tgid:agency\\/binh-thuan\\/ban-thuong-vu-tinh-uy ; prov:wasDerivedFrom tgid:mention\\/x\\/0-20 .
"""


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def broken(*, drop: str = "", add: str = "") -> Graph:
    """The valid graph with the triples of ``drop`` removed and those of ``add`` added."""
    g = graph(VALID)
    if drop:
        for t in graph(PREFIXES + drop):
            g.remove(t)
    if add:
        g += graph(PREFIXES + add)
    return g


def found(g: Graph) -> list[tuple[str, str]]:
    result = validate(g)
    assert not result.conforms
    assert result.violations == len(messages(result))
    return messages(result)


def test_valid_graph_conforms():
    result = validate(graph(VALID))
    assert result.conforms, result.results_text
    assert result.violations == 0


def test_a_dataset_is_validated_as_the_union_of_its_graphs():
    ds = Dataset()
    g = graph(VALID)
    one, two = ds.graph(GRAPH["source/x"]), ds.graph(GRAPH["gazetteer"])
    for t in g:
        (two if t[0] == URIRef("https://w3id.org/tinhgon/id/place/binh-thuan") else one).add(t)
    assert validate(ds).conforms
    ds.remove_graph(two)
    assert not validate(ds).conforms  # the province is no longer a tg:Province


def test_rdfs_inference_neither_breaks_a_valid_graph_nor_hides_a_broken_one():
    """Domain and range axioms type nodes under RDFS inference; they must agree with the shapes."""
    assert validate(graph(VALID), inference="rdfs").conforms
    g = broken(drop="tgid:task\\/x\\/1 tg:assignedIn tgid:doc\\/binh-thuan\\/82-kh-tu .")
    assert not validate(g, inference="rdfs").conforms


def test_the_ontology_in_the_data_does_no_harm():
    assert validate(graph(VALID) + load_ontology()).conforms


def test_task_without_assigned_in():
    msgs = found(broken(drop="tgid:task\\/x\\/1 tg:assignedIn tgid:doc\\/binh-thuan\\/82-kh-tu ."))
    assert msgs == [("https://w3id.org/tinhgon/id/task/x/1", "a task has exactly one tg:assignedIn, a tg:Document")]


def test_task_assigned_in_something_not_a_document():
    msgs = found(broken(add="tgid:task\\/x\\/2 tg:assignedIn tgid:agency\\/binh-thuan\\/cac-co-quan ."))
    # two results: one value too many, and it is not a document
    assert msgs == [("https://w3id.org/tinhgon/id/task/x/2", "a task has exactly one tg:assignedIn, a tg:Document")] * 2


def test_change_with_two_statuses():
    msgs = found(broken(add="tgid:change\\/x\\/1 tg:status tg:status-pilot ."))
    assert ("https://w3id.org/tinhgon/id/change/x/1",
            "a structural change has exactly one tg:status of tg:scheme-status") in msgs


def test_change_with_a_status_outside_the_scheme():
    g = broken(drop="tgid:change\\/x\\/1 tg:status tg:status-halted ; tg:haltedBy tgid:doc\\/binh-thuan\\/82-kh-tu .",
               add="tgid:change\\/x\\/1 tg:status tg:kind-merge .")
    assert found(g) == [("https://w3id.org/tinhgon/id/change/x/1",
                         "a structural change has exactly one tg:status of tg:scheme-status")]


def test_mention_that_begins_after_it_ends():
    g = broken(drop='tgid:mention\\/x\\/30-30 nif:beginIndex "30"^^xsd:nonNegativeInteger .',
               add='tgid:mention\\/x\\/30-30 nif:beginIndex "31"^^xsd:nonNegativeInteger .')
    assert ("https://w3id.org/tinhgon/id/mention/x/30-30",
            "nif:beginIndex of a mention is not after its nif:endIndex") in found(g)


def test_mention_whose_quote_does_not_fit_its_offsets():
    g = broken(drop='tgid:mention\\/x\\/30-30 nif:anchorOf "" .', add='tgid:mention\\/x\\/30-30 nif:anchorOf "x" .')
    assert found(g) == [("https://w3id.org/tinhgon/id/mention/x/30-30",
                         "nif:anchorOf of a mention is as long as nif:endIndex minus nif:beginIndex")]


def test_document_read_off_a_file_needs_its_header_mention():
    g = broken(drop="tgid:doc\\/binh-thuan\\/82-kh-tu prov:wasDerivedFrom tgid:mention\\/x\\/0-20 .")
    assert found(g) == [("https://w3id.org/tinhgon/id/doc/binh-thuan/82-kh-tu",
                         "a document derived from a tg:SourceFile is also derived from a tg:Mention (its header)")]


@pytest.mark.parametrize("value", ['"-1"^^xsd:integer', '"3"', '"3.0"^^xsd:decimal'])
def test_offset_that_is_not_a_non_negative_integer(value: str):
    g = broken(drop='tgid:mention\\/x\\/30-30 nif:beginIndex "30"^^xsd:nonNegativeInteger .',
               add=f"tgid:mention\\/x\\/30-30 nif:beginIndex {value} .")
    assert ("https://w3id.org/tinhgon/id/mention/x/30-30",
            "a mention has exactly one nif:beginIndex, a non-negative integer") in found(g)


def test_offsets_as_oxigraph_returns_them_conform():
    """Oxigraph stores xsd:nonNegativeInteger as its canonical xsd:integer."""
    g = graph(VALID.replace("^^xsd:nonNegativeInteger", "^^xsd:integer"))
    assert validate(g).conforms


def test_halted_by_on_a_proposed_change():
    g = broken(drop="tgid:change\\/x\\/1 tg:status tg:status-halted .",
               add="tgid:change\\/x\\/1 tg:status tg:status-proposed .")
    assert found(g) == [("https://w3id.org/tinhgon/id/change/x/1",
                         "tg:haltedBy only on a structural change whose status is halted or not-expanded")]


def test_not_expanded_change_may_be_halted_by_a_document():
    g = broken(drop="tgid:change\\/x\\/1 tg:status tg:status-halted .",
               add="tgid:change\\/x\\/1 tg:status tg:status-not-expanded .")
    assert validate(g).conforms


@pytest.mark.parametrize("value", ['"2018-Q2"', '"2018-06-30T00:00:00"^^xsd:dateTime', '"2018-13"^^xsd:gYearMonth',
                                   '"18"^^xsd:gYear',
                                   "tgid:agency\\/binh-thuan\\/cac-co-quan"])
def test_wrong_datatype_on_due(value: str):
    g = broken(drop='tgid:task\\/x\\/2 tg:due "2018-09"^^xsd:gYearMonth .', add=f"tgid:task\\/x\\/2 tg:due {value} .")
    assert found(g) == [("https://w3id.org/tinhgon/id/task/x/2",
                         "tg:due is one xsd:date, xsd:gYearMonth or xsd:gYear literal or a time:ProperInterval")]


def test_role_pointing_to_a_document():
    g = broken(add="tgid:task\\/x\\/2 tg:coordinating tgid:doc\\/18-nq-tw .")
    assert found(g) == [("https://w3id.org/tinhgon/id/task/x/2",
                         "a role of a task (lead, coordinating, implementing, appraising, commenting, deciding) "
                         "points to a tg:Agency, a tg:CollectiveAgent or a tg:Post")]


def test_document_with_two_numbers_and_an_untyped_implements():
    g = broken(add='tgid:doc\\/18-nq-tw tg:number "18/NQ-TW" ; tg:implements tgid:doc\\/nowhere .')
    doc = "https://w3id.org/tinhgon/id/doc/18-nq-tw"
    assert found(g) == [(doc, "a document has at most one tg:number, a plain string"),
                        (doc, "tg:implements points to a tg:Document")]


def test_agency_needs_a_vietnamese_label_and_one_type():
    g = broken(drop='tgid:agency\\/binh-thuan\\/cac-co-quan skos:prefLabel "Các cơ quan"@vi .',
               add='tgid:agency\\/binh-thuan\\/cac-co-quan skos:prefLabel "Agencies"@en ; '
                   "tg:agencyType tgid:agency-type\\/ban-thuong-vu-tinh-uy .")
    assert found(g) == [
        ("https://w3id.org/tinhgon/id/agency/binh-thuan/cac-co-quan",
         "an agency has a skos:prefLabel in Vietnamese (language vi)"),
        ("https://w3id.org/tinhgon/id/agency/binh-thuan/cac-co-quan",
         "an agency has exactly one tg:agencyType, a tg:AgencyType"),
    ]


def test_mention_without_a_source_file():
    g = broken(drop="tgid:mention\\/x\\/30-30 tg:source tgid:source\\/x .")
    assert found(g) == [("https://w3id.org/tinhgon/id/mention/x/30-30",
                         "a mention has exactly one tg:source, a tg:SourceFile")]


def test_reified_statement_of_a_triple_the_graph_does_not_assert():
    g = broken(drop="tgid:task\\/x\\/1 tg:lead tgid:agency\\/binh-thuan\\/ban-thuong-vu-tinh-uy .")
    assert found(g) == [("https://w3id.org/tinhgon/id/statement/x/1",
                         "a reified statement restates a triple that the graph asserts")]


def test_change_derived_from_something_not_a_mention():
    g = broken(drop="tgid:change\\/x\\/1 prov:wasDerivedFrom tgid:mention\\/x\\/0-20 .",
               add="tgid:change\\/x\\/1 prov:wasDerivedFrom tgid:source\\/x .")
    assert found(g) == [("https://w3id.org/tinhgon/id/change/x/1", "a structural change is derived from a tg:Mention")]


# ------------------------------------------------------------------------------ the emitter's output

TEXT = (
    "TỈNH ỦY BÌNH THUẬN\nSố 82-KH/TU\nKẾ HOẠCH thực hiện Nghị quyết số 18-NQ/TW\n"
    "1. Sở Nội vụ chủ trì, phối hợp các cơ quan, đơn vị rà soát, hoàn thành trong quý II/2018.\n"
    "2. Tạm dừng hợp nhất Văn phòng Huyện ủy và Văn phòng HĐND-UBND huyện.\n"
)


def at(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


def mention(surface: str, name: str | None = None, **kw) -> AgencyMention:
    s, e = at(surface)
    return AgencyMention(surface=surface, name=name or surface, start=s, end=e, **kw)


def extraction() -> Extraction:
    src = Source(path="x/bt.txt", name="bt.txt", stem="bt", sha256="ab" * 32, encoding="utf-8",
                 original=TEXT, text=TEXT, offsets=list(range(len(TEXT) + 1)))
    head_end = at("18-NQ/TW")[1]
    meta = DocumentMeta(kind="ke-hoach", number="82-KH/TU", date="2018-03-01", year=2018,
                        issuer="Ban Thường vụ Tỉnh ủy Bình Thuận", issuer_body="Ban Thường vụ Tỉnh ủy",
                        province="Bình Thuận", province_evidence="header", signer="Nguyễn Văn A",
                        title="Kế hoạch thực hiện Nghị quyết số 18-NQ/TW", start=0, end=head_end)
    ref = DocRef(number="18-NQ/TW", kind="nghi-quyet", relation="implements", start=at("Nghị quyết số 18-NQ/TW")[0],
                 end=head_end, raw="Nghị quyết số 18-NQ/TW", issuer="Ban Chấp hành Trung ương Đảng")
    q_s, q_e = at("quý II/2018")
    t1_s, t1_e = at("1. Sở Nội vụ")[0], at("quý II/2018.")[1]
    task = Task(ref="1", text=TEXT[t1_s:t1_e], start=t1_s, end=t1_e,
                roles={"lead": [mention("Sở Nội vụ")],
                       "coordinating": [mention("các cơ quan, đơn vị", "Các cơ quan, đơn vị", collective=True)]},
                time=TimeSpec(phrase="quý II/2018", due="2018-Q2", start_offset=q_s, end_offset=q_e))
    c_s, c_e = at("Tạm dừng hợp nhất Văn phòng Huyện ủy và Văn phòng HĐND-UBND huyện")
    change = Change(text=TEXT[c_s:c_e], kind="merge", level="district", status="halted", start=c_s, end=c_e,
                    inputs=[mention("Văn phòng Huyện ủy"),
                            mention("Văn phòng HĐND-UBND huyện",
                                    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện")],
                    halted=True, due="2018", task_ref="1")
    return Extraction(source=src, document=meta, references=[ref], tasks=[task], changes=[change])


def test_the_emitters_output_conforms():
    ex = extraction()
    g = emit(ex, resolve(ex))
    assert (None, TG.haltedBy, None) in g and (None, TG.due, None) in g
    result = validate(g)
    assert result.conforms, result.results_text


def test_the_emitters_output_with_an_unreadable_due_fails():
    """The emitter leaves out what it cannot read; a plain-text due slipped into its output is caught."""
    ex = extraction()
    g = emit(ex, resolve(ex))
    change = URIRef("https://w3id.org/tinhgon/id/change/bt/1")
    g.set((change, TG.due, Literal("sớm")))  # replaces the readable due, whose reification now dangles
    msgs = messages(validate(g))
    assert (str(change), "tg:due is one xsd:date, xsd:gYearMonth or xsd:gYear literal or a time:ProperInterval") in msgs
    assert {m for _, m in msgs} == {
        "tg:due is one xsd:date, xsd:gYearMonth or xsd:gYear literal or a time:ProperInterval",
        "a reified statement restates a triple that the graph asserts"}


def test_two_kinds_or_two_names_are_warnings_not_violations():
    g = broken(add='tgid:doc\\/18-nq-tw a tg:Conclusion . '
                   'tgid:agency\\/binh-thuan\\/cac-co-quan skos:prefLabel "Các cơ quan, đơn vị"@vi .')
    result = validate(g)
    assert result.conforms and result.violations == 0
    assert set(messages(result)) == {
        ("https://w3id.org/tinhgon/id/doc/18-nq-tw", "a document has at most one kind (a class with a skos:notation)"),
        ("https://w3id.org/tinhgon/id/agency/binh-thuan/cac-co-quan",
         "an agency has one skos:prefLabel per language (sources name it differently)"),
    }


# ------------------------------------------------------------------------------ the corpus


def test_the_corpus_graph_conforms(built_store):
    """The four sample files, built and read back from Oxigraph, pass every shape without warnings."""
    data = Graph().parse(data=built_store.dump("nt").decode("utf-8"), format="nt")
    assert (None, RDF.type, TG.StructuralChange) in data and (None, TG.haltedBy, None) in data
    result = validate(data)
    assert result.conforms, result.results_text
    assert messages(result) == []


def test_the_cli_validates_the_store(built_store_dir):
    from click.testing import CliRunner

    from tinhgon.cli import main

    out = CliRunner().invoke(main, ["validate", "--store", str(built_store_dir)])
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("valid: ")  # progress lines go to stderr


def test_the_cli_reports_a_broken_store(tmp_path):
    from click.testing import CliRunner

    from tinhgon.cli import main
    from tinhgon.graph.store import GraphStore

    store = GraphStore(tmp_path / "store")
    g = broken(drop="tgid:task\\/x\\/1 tg:assignedIn tgid:doc\\/binh-thuan\\/82-kh-tu .")
    store.replace_graph(str(GRAPH["source/x"]), g.serialize(format="nt"))
    del store
    out = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "store")])
    assert out.exit_code == 1
    assert "a task has exactly one tg:assignedIn, a tg:Document" in out.output
    assert "invalid: 1 violations" in out.output
