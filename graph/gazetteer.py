"""The gazetteer graph (``tgg:gazetteer``): the official units before and after the 2025 arrangement.

Why a graph of its own: the changes read off the resolutions say which old communes formed a
new one *in the words of the text*; analysts also want the official view — codes, types,
coordinates, and the package's own old → new links — to look a commune up by name, place it
on a map and compare. Every unit and link is attributed (PROV) to the package and version it
comes from, so the two views are never mixed up: facts read off a document live in that
document's graph, reference data here.

The triples are written as N-Triples text directly: some 200,000 of them, built in about a
second, where building them through rdflib would take ten.
"""

from __future__ import annotations

from tinhgon.builders.gazetteer import DISTRICT, PROVINCE, Succession, Unit, dataset_version, tables
from tinhgon.graph import iris
from tinhgon.graph.store import GraphStore
from tinhgon.graph.vocab import DCTERMS, GRAPH, PROV, RDF, SKOS, TG, XSD
from tinhgon.text import fold

GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
PACKAGE = "vietnamadminunits"
CLASS = {PROVINCE: f"<{TG.Province}>", DISTRICT: f"<{TG.District}>", "commune": f"<{TG.Commune}>"}
# The predicates as N-Triples text, spelled once (rdflib's namespace lookups cost more than the rest).
A, LABEL, KEY, CODE, UTYPE, ERA, ATTR, WITHIN, UNIT = (
    f"<{RDF.type}>", f"<{SKOS.prefLabel}>", f"<{TG.searchKey}>", f"<{TG.code}>", f"<{TG.unitType}>",
    f"<{TG.era}>", f"<{PROV.wasAttributedTo}>", f"<{TG.within}>", f"<{TG.AdministrativeUnit}>")
LAT, LONG, DEC, BOOL = f"<{GEO}lat>", f"<{GEO}long>", str(XSD.decimal), str(XSD.boolean)
SUCC, FROM, TO, PARTIAL, MAIN, SUCCEEDED = (
    f"<{TG.UnitSuccession}>", f"<{TG.fromUnit}>", f"<{TG.toUnit}>", f"<{TG.partial}>",
    f"<{TG.mainSuccessor}>", f"<{TG.succeededBy}>")


def _lit(s: str, lang: str | None = None, dtype: str | None = None) -> str:
    esc = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{esc}"@{lang}'
    if dtype:
        return f'"{esc}"^^<{dtype}>'
    return f'"{esc}"'


def _unit_iri(u: Unit) -> str:
    return f"{iris.ID}unit/{u.era}/{u.kind}/{u.code}"  # = iris.gazetteer_unit, without the URIRef


def gazetteer_ntriples(province_codes: set[str] | None = None) -> str:
    """All triples of the gazetteer graph; ``province_codes`` (of either era) keeps a sample."""
    legacy, after, successions = tables()
    version = dataset_version()
    ds = str(iris.dataset(PACKAGE, version))
    lines: list[str] = [
        f"<{ds}> <{RDF.type}> <{PROV.Entity}> .",
        f"<{ds}> <{DCTERMS.title}> {_lit(f'{PACKAGE} {version}')} .",
        f"<{ds}> <{DCTERMS.hasVersion}> {_lit(version)} .",
        f"<{ds}> <{DCTERMS.source}> <https://pypi.org/project/{PACKAGE}/{version}/> .",
        f"<{GRAPH.gazetteer}> <{PROV.wasDerivedFrom}> <{ds}> .",
    ]
    keep_legacy = keep_after = None
    if province_codes is not None:
        keep_after = {u.code for u in after if u.kind == PROVINCE and u.code in province_codes}
        keep_legacy = {s.old.province_code for s in successions if s.new.province_code in keep_after}
        keep_legacy |= {u.code for u in legacy if u.kind == PROVINCE and u.code in province_codes}
    districts = {u.code: u for u in legacy if u.kind == DISTRICT}
    provinces = {(u.era, u.code): u for u in (*legacy, *after) if u.kind == PROVINCE}
    for units, keep in ((legacy, keep_legacy), (after, keep_after)):
        for u in units:
            if keep is not None and u.province_code not in keep:
                continue
            n = f"<{_unit_iri(u)}>"
            label = u.label
            folded = fold(label)
            lines += [
                f"{n} {A} {UNIT} .",
                f"{n} {A} {CLASS[u.kind]} .",
                f"{n} {LABEL} {_lit(label, 'vi')} .",
                f"{n} {KEY} {_lit(folded)} .",
                f"{n} {KEY} {_lit(folded.split(' ', len(label.split()) - len(u.name.split()))[-1])} .",
                f"{n} {CODE} {_lit(u.code)} .",
                f"{n} {UTYPE} {_lit(u.unit_type.lower(), 'vi')} .",
                f"{n} {ERA} {_lit(u.era)} .",
                f"{n} {ATTR} <{ds}> .",
            ]
            if u.lat is not None and u.lon is not None:
                lines += [f"{n} {LAT} {_lit(f'{u.lat:.6f}', dtype=DEC)} .",
                          f"{n} {LONG} {_lit(f'{u.lon:.6f}', dtype=DEC)} ."]
            parent = None
            if u.kind == "commune" and u.district_code in districts:
                parent = districts[u.district_code]
            elif u.kind != PROVINCE:
                parent = provinces.get((u.era, u.province_code))
            if parent is not None:
                lines.append(f"{n} {WITHIN} <{_unit_iri(parent)}> .")
    for s in successions:
        if keep_after is not None and s.new.province_code not in keep_after:
            continue
        lines += _succession(s, ds)
    return "\n".join(dict.fromkeys(lines)) + "\n"  # in a stable order: the tables' own


def _succession(s: Succession, ds: str) -> list[str]:
    n = f"<{iris.ID}unit-succession/{s.old.kind}-{s.old.code}/{s.new.code}>"  # = iris.succession
    old, new = f"<{_unit_iri(s.old)}>", f"<{_unit_iri(s.new)}>"
    return [
        f"{n} {A} {SUCC} .",
        f"{n} {FROM} {old} .",
        f"{n} {TO} {new} .",
        f"{n} {PARTIAL} {_lit('true' if s.partial else 'false', dtype=BOOL)} .",
        f"{n} {MAIN} {_lit('true' if s.default else 'false', dtype=BOOL)} .",
        f"{n} {ATTR} <{ds}> .",
        f"{old} {SUCCEEDED} {new} .",
    ]


def load_gazetteer(store: GraphStore, province_codes: set[str] | None = None) -> int:
    """Replace the gazetteer graph of ``store``; returns the number of triples written.

    Through the store's bulk loader (a file), not one SPARQL update: parsing an INSERT DATA of
    200,000 triples takes a minute, loading N-Triples a few seconds."""
    import tempfile
    from pathlib import Path

    nt = gazetteer_ntriples(province_codes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.nt"
        path.write_text(nt, encoding="utf-8")
        store.drop_graph(str(iris.GAZETTEER_GRAPH))
        store.load(path, "nt", str(iris.GAZETTEER_GRAPH))
    return nt.count("\n")
