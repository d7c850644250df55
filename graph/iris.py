"""IRI minting: readable, stable, the same for the same input on every run and machine.

The table of IRI shapes is in ontology/MODEL.md. Nothing here depends on run order,
time or randomness: IRIs come from slugs of what the text says, offsets in the file,
and the file's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePath

from rdflib import URIRef

from tinhgon.graph.vocab import GRAPH, ID
from tinhgon.text import slugify

_IDS: dict[str, URIRef] = {}
_ID = str(ID)


def _id(local: str) -> URIRef:
    """``ID[local]``, the same object for the same IRI while remembered: rdflib checks every IRI
    it builds, and the emitter's Oxigraph terms are looked up by object (graph/emit.py to_ox)."""
    u = _IDS.get(local)
    if u is None:
        if len(_IDS) > 200_000:
            _IDS.clear()
        # ``ID[local]`` without rdflib's check of the characters, which only logs (the emitter refuses
        # an IRI it cannot write: graph/emit.py nt), at a cost of most of a new IRI's
        u = _IDS[local] = str.__new__(URIRef, _ID + local)
    return u


@lru_cache(maxsize=4096)
def source_slug(stem: str) -> str:
    """The slug of a source key: the file's stem, or its path relative to the folder given to build
    (remembered: every mention, statement and task of a file names it)."""
    return slugify(stem)


def source_key(path: str | PurePath, root: str | PurePath | None = None) -> str:
    """The stable key of a source file: its path relative to ``root`` (the folder given to build)
    without the suffix, as a slug; the stem alone for a file named directly.

    Keys depend on nothing but the relative path, so they are the same on every run and
    machine; two files with one key are refused by the build before anything is written.
    """
    p = PurePath(path)
    try:
        p = p.relative_to(root) if root is not None else PurePath(p.name)
    except ValueError:
        p = PurePath(p.name)
    return slugify(str(p.with_suffix("")))


def source(stem: str) -> URIRef:
    return _id(f"source/{source_slug(stem)}")


def source_graph(stem: str) -> URIRef:
    return GRAPH[f"source/{source_slug(stem)}"]


ONTOLOGY_GRAPH = GRAPH["ontology"]
SHARED_GRAPH = GRAPH["shared"]
"""Facts about shared entities (agencies, types, places, documents, people, periods), each once."""
GAZETTEER_GRAPH = GRAPH["gazetteer"]


def document(scope: str, slug: str) -> URIRef:
    return _id(f"doc/{slug}") if scope == "central" else _id(f"doc/{scope}/{slug}")


def agency(scope: str, type_slug: str) -> URIRef:
    return _id(f"agency/{scope}/{type_slug}")


def agency_type(type_slug: str) -> URIRef:
    return _id(f"agency-type/{type_slug}")


def post(type_slug: str) -> URIRef:
    return _id(f"post/{type_slug}")


def person(name: str) -> URIRef:
    return _id(f"person/{slugify(name)}")


def place(*names: str) -> URIRef:
    return _id("place/" + "/".join(slugify(n) for n in names))


def task(stem: str, ref: str) -> URIRef:
    # "4.đ" and "4.d" are two items (Vietnamese letters run a, b, c, d, đ, e): đ keeps a slug of its own
    return _id(f"task/{source_slug(stem)}/{slugify(ref.replace('đ', 'dd').replace('Đ', 'DD'))}")


def change(stem: str, n: int) -> URIRef:
    return _id(f"change/{source_slug(stem)}/{n}")


def unit_count(stem: str, n: int, unit_type: str | None = None) -> URIRef:
    tail = f"/{slugify(unit_type)}" if unit_type else ""
    return _id(f"count/{source_slug(stem)}/{n}{tail}")


def gazetteer_unit(era: str, kind: str, code: str) -> URIRef:
    """A unit of the official tables; codes of the two eras overlap, so the era is in the IRI."""
    return _id(f"unit/{era}/{kind}/{code}")


def succession(old_kind: str, old_code: str, new_code: str) -> URIRef:
    return _id(f"unit-succession/{old_kind}-{old_code}/{new_code}")


def dataset(name: str, version: str) -> URIRef:
    return _id(f"dataset/{slugify(name)}/{slugify(version)}")


def interval(notation: str) -> URIRef:
    return _id(f"interval/{notation.lower()}")


def instant(iso_date: str) -> URIRef:
    return _id(f"instant/{iso_date}")


def mention(stem: str, start: int, end: int) -> URIRef:
    return _id(f"mention/{source_slug(stem)}/{start}-{end}")


def _digest(s: URIRef, p: URIRef, o: object) -> str:
    return hashlib.sha1(f"{s}\u241f{p}\u241f{o.n3() if hasattr(o, 'n3') else o}".encode()).hexdigest()[:16]


def statement(stem: str, s: URIRef, p: URIRef, o: object) -> URIRef:
    """A reified statement about a node of one source (a task, a change): lives in its graph."""
    return _id(f"statement/{source_slug(stem)}/{_digest(s, p, o)}")


FACT_PREFIX = str(ID["fact/"])


def fact(s: URIRef, p: URIRef, o: object) -> URIRef:
    """The reified form of a shared fact: one IRI per triple whichever source asserts it."""
    return _id(f"fact/{_digest(s, p, o)}")


def fact_of_n3(s: str, p: str, o_n3: str) -> URIRef:
    """:func:`fact` of a triple given as the strings of its subject and predicate and the N3 of its object."""
    return _id("fact/" + hashlib.sha1(f"{s}\u241f{p}\u241f{o_n3}".encode()).hexdigest()[:16])


BUNDLE_PREFIX = str(ID["facts/"])


def fact_bundle(facts: Iterable[str]) -> URIRef:
    """A collection of shared facts (``prov:Collection``, its facts ``prov:hadMember``), named by a
    hash of its sorted fact IRIs: the same facts make the same bundle in every source, so the
    sources that describe one entity alike share it (graph/emit.py)."""
    return _id("facts/" + hashlib.sha1("\n".join(sorted(facts)).encode()).hexdigest()[:16])


def owned_prefixes(stem: str) -> tuple[str, ...]:
    """IRI prefixes of the nodes that belong to one source besides its source node (tasks, changes,
    counts of units, mentions, reified statements): a triple that names one never repeats in another graph."""
    k = source_slug(stem)
    return tuple(str(ID[f"{kind}/{k}/"]) for kind in ("task", "change", "count", "mention", "statement"))
