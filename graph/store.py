"""The on-disk graph store: Oxigraph (embedded, no server), one named graph per source file.

Why Oxigraph: it persists to disk (RocksDB) without a server, answers SPARQL 1.1 natively
and fast, binds query parameters safely (``substitutions``), and reads and writes
Turtle, N-Triples, N-Quads, TriG and JSON-LD. rdflib builds the per-file graphs and runs
pySHACL; :meth:`GraphStore.rdflib_dataset` gives rdflib a live view of the same store
through oxrdflib, so there is one store and no copy.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

DEFAULT_STORE = Path(os.environ.get("TINHGON_STORE", ".tinhgon/store"))

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "n-quads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
}


class StoreError(Exception):
    """A store that cannot be opened, read or written; the message names the path."""


def rdf_format(name_or_path: str) -> ox.RdfFormat:
    """Resolve a format name ("trig") or a file name ("dump.nq") to an Oxigraph format."""
    key = name_or_path.lower()
    if key in FORMATS:
        return FORMATS[key]
    suffix = Path(key).suffix.lstrip(".")
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix == "json":
        return ox.RdfFormat.JSON_LD
    raise StoreError(f"unknown RDF format {name_or_path!r}; use one of: turtle, nt, nq, trig, jsonld")


class GraphStore:
    """A directory holding the Oxigraph database; ``None`` gives an in-memory store (tests)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no graph store here; run `tinhgon build` first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:  # RocksDB lock held by another process, permissions …
            raise StoreError(f"{self.path}: cannot open the graph store ({exc})") from exc

    @property
    def oxigraph(self) -> ox.Store:
        return self._store

    # -- writing -------------------------------------------------------------------------
    def replace_graph(self, graph_iri: str, nquads_or_ntriples: str) -> None:
        """Replace one named graph with the given triples in a single transaction.

        One SPARQL update (DROP + INSERT DATA) is atomic in Oxigraph, so a reader never
        sees the graph half written and a failure leaves the old graph in place.
        """
        body = nquads_or_ntriples.strip()
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}"
        self._store.update(update)
        self._store.flush()
        if getattr(self, "_graphs", None) is not None:
            self._graphs.add(graph_iri)

    def drop_graph(self, graph_iri: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph_iri}>")
        self._graphs = None

    def load(self, path: str | Path, fmt: str | None = None, graph_iri: str | None = None) -> None:
        """Load a file; quad formats keep their graphs, triple formats go to ``graph_iri``."""
        path = Path(path)
        rf = rdf_format(fmt or path.name)
        kwargs: dict[str, Any] = {"format": rf}
        if not rf.supports_datasets:
            if graph_iri is None:
                raise StoreError(f"{path}: a triple format needs a target graph (--graph IRI)")
            kwargs["to_graph"] = ox.NamedNode(graph_iri)
        try:
            self._store.load(path=str(path), **kwargs)
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"{path}: cannot load ({exc})") from exc
        self._store.flush()

    # -- source graphs and the shared facts ----------------------------------------------------
    def fact_iris(self) -> set[str]:
        """Every shared fact (``tgid:fact/…``) and bundle of facts (``tgid:facts/…``) the store holds."""
        q = (f"SELECT ?f WHERE {{ {{ GRAPH <{SHARED}> {{ ?f <{RDF_NS}subject> ?s }} }} UNION "
             f"{{ GRAPH <{SHARED}> {{ ?f a <{COLLECTION}> }} }} }}")
        return {sol["f"].value for sol in self._store.query(q)}

    def source_facts(self, graph_iri: str) -> set[str]:
        """The shared facts and bundles of facts one source graph derives."""
        q = (f"SELECT DISTINCT ?f WHERE {{ GRAPH <{graph_iri}> {{ ?f <{DERIVED}> ?m }} "
             f"FILTER(STRSTARTS(STR(?f), \"{FACT_PREFIX}\") || STRSTARTS(STR(?f), \"{BUNDLE_PREFIX}\")) }}")
        return {sol["f"].value for sol in self._store.query(q)}

    def _members(self, stale: set[str]) -> set[str]:
        """The facts the stale bundles among ``stale`` hold (candidates for removal with them)."""
        bundles = sorted(b for b in stale if b.startswith(BUNDLE_PREFIX))
        if not bundles:
            return set()
        values = " ".join(f"<{b}>" for b in bundles)
        q = f"SELECT DISTINCT ?f WHERE {{ VALUES ?b {{ {values} }} GRAPH <{SHARED}> {{ ?b <{MEMBER}> ?f }} }}"
        return {sol["f"].value for sol in self._store.query(q)}

    def commit_sources(self, items: Iterable[SourceData], known_facts: set[str] | None = None) -> None:
        """Write the graphs of several sources, each wholly or not at all.

        A source new to the store is written with the others in one load (one transaction):
        its own graph, and those of its shared facts and bundles that ``known_facts`` (what the
        store already holds, kept up to date here) does not hold. A source already in the store
        is replaced by one SPARQL update of its own (one transaction): drop its graph, write the
        new one and its facts, then drop the bundles that no source derives any more and the
        shared facts that no source derives and no bundle holds, so an entity nobody names
        disappears with its last source.
        """
        graphs = self._graph_set()
        fresh: list[SourceData] = []
        for item in items:
            if item.graph_iri in graphs:
                stale = self.source_facts(item.graph_iri) - {f for f, _ in item.facts}
                members = self._members(stale)
                self._store.update(_replace_update(item, stale, members))
                if known_facts is not None:
                    known_facts.difference_update(stale | members)
                    known_facts.update(f for f, _ in item.facts)
            else:
                fresh.append(item)
        if fresh:
            parts: list[bytes] = []
            for item in fresh:
                parts.append(item.own)
                for f, chunk in item.facts:
                    if known_facts is None or f not in known_facts:
                        parts.append(chunk)
                        if known_facts is not None:
                            known_facts.add(f)
            # written by Oxigraph from terms it checked (graph/emit.py): not checked again
            self._store.load(input=b"".join(parts), format=ox.RdfFormat.N_QUADS, lenient=True)
            graphs.update(item.graph_iri for item in fresh)

    def bulk_add_sources(self, items: Iterable[SourceData], known_facts: set[str], *,
                         run_quads: int | None = None) -> None:
        """Append new sources with Oxigraph's bulk loader: fast, but not atomic, so only for a
        store that nobody reads yet (:meth:`staging`, then :meth:`replace_with`).

        ``items`` may be a stream (the build passes its workers' results as they come); only the
        current item is held here. Without ``run_quads`` it is read by ONE call of the loader. With
        ``run_quads`` (an on-disk store) it is first written to a spool file in the store's
        directory and loaded once the stream has ended — the build's workers are gone by then, so
        the loader's memory never adds to theirs — in calls of at most ``run_quads`` quads: a call
        keeps up to three batches of a million quads in memory (1.8 GB at 6 M quads), and each call
        adds files overlapping all the store's files, which RocksDB merges into the whole store
        about every second call (benchmarks/bench_loader.py). The spool goes once loaded, or with
        the staging store if the build is interrupted."""
        stream = _NQuadsStream(items, known_facts)
        if run_quads is None or self.path is None:
            self._store.bulk_load(input=stream, format=ox.RdfFormat.N_QUADS, lenient=True)
            self._graphs = None
            return
        spool = self.path / SPOOL_FILE
        try:
            with spool.open("wb") as out:
                stream.write_to(out)
            with spool.open("rb") as f:
                for run in _line_runs(f, run_quads):
                    self._store.bulk_load(input=run, format=ox.RdfFormat.N_QUADS, lenient=True)
        finally:
            spool.unlink(missing_ok=True)
            self._graphs = None

    def is_empty(self) -> bool:
        """True when the store holds nothing but (at most) the ontology graph."""
        graphs = self._graph_set()
        if graphs - {ONTOLOGY}:
            return False
        return not any(True for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def staging(self) -> GraphStore:
        """A fresh store beside this one, to be filled in bulk and then swapped in whole."""
        if self.path is None:
            raise StoreError("an in-memory store has no staging directory")
        stage = self.path.with_name(self.path.name + ".building")
        if stage.exists():  # left by an interrupted build: never read, safe to discard
            shutil.rmtree(stage)
        return GraphStore(stage)

    def compact(self) -> None:
        """Compact the store's files (Oxigraph's ``optimize``). A first build loads in several bulk
        calls to bound the loader's memory, and each call leaves sorted files overlapping the ones
        before: 6,000 files' store shrank from 4.6 to 3.0 GB, and its lookups were up to 3× slower
        before (benchmarks/RESULTS.md, session 7)."""
        self._store.optimize()

    def replace_with(self, stage: GraphStore) -> None:
        """Make ``stage`` this store: the directory is swapped by two renames, so a reader or
        an interrupted build sees either the whole old store or the whole new one."""
        assert self.path is not None and stage.path is not None
        stage._store.flush()
        old = self.path.with_name(self.path.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        del stage._store
        self._store = None  # release the RocksDB lock before the directory moves
        import gc

        gc.collect()
        os.replace(self.path, old)
        os.replace(stage.path, self.path)
        shutil.rmtree(old, ignore_errors=True)
        self._store = ox.Store(str(self.path))
        self._graphs = None

    def drop_source(self, graph_iri: str) -> None:
        """Remove one source: its graph, and the shared facts and bundles only it asserted."""
        stale = self.source_facts(graph_iri)
        members = self._members(stale)
        self._store.update(" ;\n".join([f"DROP SILENT GRAPH <{graph_iri}>", *_gc_updates(stale, members)]))
        self._graphs = None

    # -- the build cache ---------------------------------------------------------------------
    def source_hashes(self) -> dict[str, str]:
        """Source graph → the ``tg:sha256`` of the file it was built from, as the graph itself says."""
        q = (f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?s a <{TG}SourceFile> ; <{TG}sha256> ?h }} }}")
        return {sol["g"].value: sol["h"].value for sol in self._store.query(q)}

    def build_stamps(self) -> dict[str, str]:
        """Source graph → the stamp (file hash and builder key) it was built with; empty when unknown.

        The stamps live beside the data (``STAMPS_FILE`` in the store directory), not in it: they
        say how this machine built a graph, not what a document says, so dumps and pushes never
        carry them. A stamp is trusted only together with the graph's own ``tg:sha256``
        (:meth:`source_hashes`), and the build removes a graph's stamp before it rewrites the
        graph and writes it back after, so a stale or lost file only costs a rebuild.
        """
        if self.path is None:
            return dict(getattr(self, "_stamps", {}))
        f = self.path / STAMPS_FILE
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        stamps = data.get("stamps") if isinstance(data, dict) else None
        return {str(k): str(v) for k, v in stamps.items()} if isinstance(stamps, dict) else {}

    def save_build_stamps(self, stamps: Mapping[str, str]) -> None:
        """Replace the stamps (written to a temporary file, then renamed over the old one)."""
        if self.path is None:
            self._stamps = dict(stamps)
            return
        f = self.path / STAMPS_FILE
        tmp = f.with_name(f.name + ".tmp")
        tmp.write_text(json.dumps({"stamps": dict(sorted(stamps.items()))}, indent=0), encoding="utf-8")
        os.replace(tmp, f)

    def _graph_set(self) -> set[str]:
        if getattr(self, "_graphs", None) is None:
            self._graphs = {g.value for g in self._store.named_graphs()}
        return self._graphs

    # -- reading -------------------------------------------------------------------------
    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def dump(self, fmt: str = "nq", graph_iri: str | None = None) -> bytes:
        """Serialise the whole dataset (or one graph) in a stable order."""
        rf = rdf_format(fmt)
        if rf.supports_datasets and graph_iri is None:
            return self._store.dump(format=rf)
        if graph_iri is None:
            # A triple format of the whole dataset: the union of all graphs.
            quads = self._store.quads_for_pattern(None, None, None, None)
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
            return ox.serialize(sorted(triples, key=str), format=rf)
        return self._store.dump(format=rf, from_graph=ox.NamedNode(graph_iri))

    def canonical_nquads(self) -> str:
        """All quads as sorted N-Quads lines: equal strings mean equal stores."""
        lines = self._store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
        return "\n".join(sorted(line for line in lines if line.strip())) + "\n"

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *, union: bool = True):
        """Run SPARQL over the union of all named graphs, with parameters bound, never pasted."""
        return self._store.query(bind_values(sparql, bindings or {}), use_default_graph_as_union=union)

    def run(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Any query form as a :class:`QueryResult`; a syntax error says where, in the query as written."""
        check_syntax(sparql)
        return QueryResult.from_oxigraph(self.query(sparql, bindings))

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """A SELECT as a list of {variable: python value} rows (unbound variables → None)."""
        res = self.query(sparql, bindings)
        names = [v.value for v in res.variables]
        return [{n: from_term(sol[n]) for n in names} for sol in res]

    def __len__(self) -> int:
        return len(self._store)

    def rdflib_dataset(self):
        """An rdflib Dataset over this same store (oxrdflib), for rdflib-based tools."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self._store))


STAMPS_FILE = "tinhgon-build-stamps.json"
# a first build's N-Quads, spooled inside the staging store before its bulk loads (bulk_add_sources)
SPOOL_FILE = "tinhgon-bulk-input.nq"
TG = "https://w3id.org/tinhgon/ontology#"
SHARED = "https://w3id.org/tinhgon/graph/shared"
ONTOLOGY = "https://w3id.org/tinhgon/graph/ontology"
FACT_PREFIX = "https://w3id.org/tinhgon/id/fact/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
BUNDLE_PREFIX = "https://w3id.org/tinhgon/id/facts/"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
MEMBER = "http://www.w3.org/ns/prov#hadMember"
COLLECTION = "http://www.w3.org/ns/prov#Collection"


@dataclass
class SourceData:
    """One source ready for the store: its own graph and its shared facts, as N-Quads.

    ``own`` holds the quads of ``graph_iri``; ``facts`` one (IRI, quads in the shared graph) pair
    per shared fact and per bundle of facts the source asserts (graph/emit.py writes both).
    """

    graph_iri: str
    own: bytes
    facts: list[tuple[str, bytes]] = field(default_factory=list)


class _NQuadsStream:
    """A readable file of the N-Quads of ``items`` for Oxigraph's loader, each source's own graph
    and those of its shared facts and bundles that ``known_facts`` does not hold yet (added to it
    as written)."""

    def __init__(self, items: Iterable[SourceData], known_facts: set[str]) -> None:
        self._items = iter(items)
        self._known = known_facts
        self._data = memoryview(b"")
        self._pos = 0

    def _next(self) -> bool:
        for item in self._items:
            known = self._known
            parts = [item.own]
            for f, chunk in item.facts:
                if f not in known:
                    parts.append(chunk)
                    known.add(f)
            data = b"".join(parts)
            if data:
                self._data, self._pos = memoryview(data), 0
                return True
        return False

    def write_to(self, out: Any) -> int:
        """Write the rest of the stream to the binary file ``out``; the number of bytes written."""
        size = len(self._data) - self._pos
        if size > 0:
            out.write(self._data[self._pos:])
        while self._next():
            size += out.write(self._data)
        self._pos = len(self._data)
        return size

    def read(self, size: int = -1) -> bytes:
        """At most ``size`` bytes (the loader reads into a buffer of its own size); b"" at the end."""
        if self._pos >= len(self._data) and not self._next():
            return b""
        end = len(self._data) if size is None or size < 0 else self._pos + size
        out = self._data[self._pos:end].tobytes()
        self._pos += len(out)
        return out


class _LineRun:
    """A readable file of the next ``lines`` lines of the binary file ``f`` (fewer at its end);
    what follows them is left in ``f`` for the next run."""

    def __init__(self, f: Any, lines: int) -> None:
        self._f, self._left = f, lines

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        data = self._f.read(size if size is not None and size > 0 else 1 << 20)
        n = data.count(b"\n")
        if n >= self._left:  # the run ends inside this chunk: give the rest back to the file
            end = -1
            for _ in range(self._left):
                end = data.index(b"\n", end + 1)
            self._f.seek(end + 1 - len(data), os.SEEK_CUR)
            data, n = data[:end + 1], self._left
        self._left = self._left - n if data else 0
        return data


def _line_runs(f: Any, lines: int) -> Iterator[_LineRun]:
    """The binary file ``f`` as consecutive runs of at most ``lines`` lines (none empty)."""
    while True:
        pos = f.tell()
        if not f.read(1):
            return
        f.seek(pos)
        yield _LineRun(f, lines)


def _triples_of(nquads: bytes, graph_iri: str) -> str:
    """N-Quads lines of one graph → N-Triples lines (for INSERT DATA)."""
    return nquads.replace(f" <{graph_iri}> .\n".encode(), b" .\n").decode("utf-8")


def _replace_update(item: SourceData, stale: set[str], members: set[str]) -> str:
    own = _triples_of(item.own, item.graph_iri)
    shared = _triples_of(b"".join(chunk for _, chunk in item.facts), SHARED)
    ops = [f"DROP SILENT GRAPH <{item.graph_iri}>",
           f"INSERT DATA {{ GRAPH <{item.graph_iri}> {{\n{own}}}\nGRAPH <{SHARED}> {{\n{shared}}} }}",
           *_gc_updates(stale, members)]
    return " ;\n".join(ops)


def _gc_updates(stale: set[str], members: set[str]) -> list[str]:
    """The updates that drop, of the candidates, the bundles no graph derives any more, then the
    facts (those a source derived itself, and the members of its stale bundles) that no graph
    derives and no bundle holds (each with its triple). In this order: a fact of a dropped bundle
    is free once the bundle is gone."""
    bundles = sorted(b for b in stale if b.startswith(BUNDLE_PREFIX))
    facts = sorted((stale - set(bundles)) | members)
    ops = []
    if bundles:
        values = " ".join(f"<{b}>" for b in bundles)
        ops.append(f"DELETE {{ GRAPH <{SHARED}> {{ ?b ?bp ?bo . }} }}\n"
                   f"WHERE {{ VALUES ?b {{ {values} }}\n  GRAPH <{SHARED}> {{ ?b ?bp ?bo . }}\n"
                   f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?b <{DERIVED}> ?any }} }} }}")
    if facts:
        ops.append(_gc_update(set(facts)))
    return ops


def _gc_update(candidates: set[str]) -> str:
    """Drop those of the candidate facts that no graph derives any more and no bundle holds (with their triple)."""
    values = " ".join(f"<{f}>" for f in sorted(candidates))
    return (f"DELETE {{ GRAPH <{SHARED}> {{ ?f ?fp ?fo . ?s ?p ?o . }} }}\n"
            f"WHERE {{ VALUES ?f {{ {values} }}\n"
            f"  GRAPH <{SHARED}> {{ ?f <{RDF_NS}subject> ?s ; <{RDF_NS}predicate> ?p ; <{RDF_NS}object> ?o ;"
            f" ?fp ?fo . }}\n"
            f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?f <{DERIVED}> ?any }} }}\n"
            f"  FILTER NOT EXISTS {{ GRAPH <{SHARED}> {{ ?bundle <{MEMBER}> ?f }} }} }}")


_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    """Bind parameters as an inline ``VALUES`` block at the start of the top-level WHERE.

    The terms are serialised by Oxigraph (N-Triples syntax, escaped), never pasted as
    raw text, and joined before any grouping, so ``?agency`` restricts an aggregate the
    way a reader expects. Oxigraph's own ``substitutions`` only accepts projected
    variables, which rules out parameters of aggregate queries.
    """
    if not bindings:
        return sparql
    if "limit" in bindings:
        sparql = _set_limit(sparql, bindings["limit"])
        bindings = {k: v for k, v in bindings.items() if k != "limit"}
        if not bindings:
            return sparql
    cleaned = _mask_strings_and_comments(sparql)
    bindings = {**bindings, **_folded_keys(cleaned, bindings)}
    m = _WHERE_OPEN.search(cleaned)
    if m is None:
        # SELECT … { … } without the WHERE keyword: the first brace opens the pattern.
        brace = cleaned.find("{")
        if brace < 0:
            raise ValueError("cannot bind parameters: the query has no WHERE pattern")
        pos = brace + 1
    else:
        pos = m.end()
    names = list(bindings)
    terms = " ".join(str(to_term(bindings[n])) for n in names)
    values = " VALUES (" + " ".join("?" + n for n in names) + ") { (" + terms + ") } "
    return sparql[:pos] + values + sparql[pos:]


_LIMIT = re.compile(r"\bLIMIT\s+\d+", re.IGNORECASE)


_NO_LIMIT = 2**63 - 1


def _set_limit(sparql: str, value: Any) -> str:
    """A parameter named ``limit`` sets the number of every ``LIMIT n`` clause of the query, since
    SPARQL cannot take a LIMIT from a variable: a canned query whose answer is large at national
    size declares ``limit`` with a default and says where its LIMIT applies. 0 means every row; it
    is written as the largest count rather than dropped, because the engine joins a LIMITed
    sub-SELECT to what follows by a lookup per row, and an unlimited one by a scan of the store."""
    n = int(value.value if isinstance(value, ox.Literal) else value)
    if n < 0:
        raise ValueError(f"limit must be 0 (every row) or more, not {n}")
    cleaned = _mask_strings_and_comments(sparql)
    out, last = [], 0
    for m in _LIMIT.finditer(cleaned):
        out += [sparql[last:m.start()], f"LIMIT {n or _NO_LIMIT}"]
        last = m.end()
    return "".join(out) + sparql[last:]


def _folded_keys(cleaned: str, bindings: Mapping[str, Any]) -> dict[str, str]:
    """``?<param>_key``: the parameter folded as ``tg:searchKey`` is (tinhgon.text.fold), for the
    queries that look a name up by its key (an index lookup; SPARQL cannot fold accents itself).
    ``?<param>_word``: the longest of the parameter's words as ``tg:nameWord`` holds them
    (tinhgon.text.words; the first of equal length), the most selective one to look up; left
    unbound when the parameter has no word."""
    from tinhgon.text import fold, words

    out = {}
    for name, value in bindings.items():
        if value is None:
            continue
        text = value.value if isinstance(value, ox.Literal | ox.NamedNode) else str(value)
        key, word = f"{name}_key", f"{name}_word"
        if key not in bindings and re.search(rf"[?$]{key}\b", cleaned):
            out[key] = fold(text)
        if word not in bindings and re.search(rf"[?$]{word}\b", cleaned) and words(text):
            out[word] = max(words(text), key=len)
    return out


def _mask_strings_and_comments(q: str) -> str:
    """Same length as ``q`` with string literals, IRIs and comments blanked out."""
    out = list(q)
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c == "#":
            j = q.find("\n", i)
            j = n if j < 0 else j
            out[i:j] = " " * (j - i)
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and q[j] != c:
                j += 2 if q[j] == "\\" else 1
            out[i:j + 1] = " " * (min(j + 1, n) - i)
            i = j + 1
        elif c == "<" and re.match(r"<[^\s<>{}]*>", q[i:]):
            j = q.find(">", i)
            out[i:j + 1] = " " * (j + 1 - i)
            i = j + 1
        else:
            i += 1
    return "".join(out)


def to_term(value: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Python / rdflib value → Oxigraph term for parameter binding."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    from rdflib import BNode, Literal, URIRef

    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false",
                          datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(str(value))


def from_term(term: Any) -> Any:
    """Oxigraph term → plain Python: IRIs and strings as str, numbers as int, None stays."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        return term.value
    return term.value


# -- query results -----------------------------------------------------------------------
class QuerySyntaxError(ValueError):
    """A malformed query: ``line`` and ``column`` (1-based) point into the query as written."""

    def __init__(self, message: str, sparql: str, line: int | None = None, column: int | None = None) -> None:
        self.detail = message
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line else ""
        text = f"malformed SPARQL{where}: {message}"
        if line and 0 < line <= len(lines := sparql.splitlines()):
            text += f"\n  {lines[line - 1]}\n  {' ' * max(0, (column or 1) - 1)}^"
        super().__init__(text)


_EMPTY = ox.Store()
_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def check_syntax(sparql: str, prefixes: Mapping[str, str] | None = None) -> None:
    """Parse ``sparql`` (against an empty store) so errors point at the text the user wrote.

    Parameters are bound by inserting a VALUES block, which would shift the reported
    column, so the unbound text is checked first. Oxigraph's parser reports where it gave
    up, often the end of the text; rdflib's parser names the construct it could not read,
    so its line and column are shown when it fails too, with Oxigraph's expectation.
    ``prefixes`` are predeclared (a query's own PREFIX lines win).
    """
    try:
        _EMPTY.query(sparql, prefixes=dict(prefixes) if prefixes else None)
    except SyntaxError as exc:
        msg = str(exc).strip()
        m = _POSITION.match(msg)
        expected = " ".join((m[3] if m else msg).split())
        if len(expected) > 160:
            expected = expected[:159] + "…"
        line, col = (int(m[1]), int(m[2])) if m else (None, None)
        near = _rdflib_position(sparql)
        if near is not None:
            line, col, token = near
            raise QuerySyntaxError(f"cannot read {token!r} here ({expected})", sparql, line, col) from None
        raise QuerySyntaxError(expected, sparql, line, col) from None


def _rdflib_position(sparql: str) -> tuple[int, int, str] | None:
    """(line, column, the text found there) where rdflib's SPARQL grammar stops, if it does."""
    try:
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        parseQuery(sparql)
    except ParseException as exc:
        rest = sparql[exc.loc:].splitlines()[0] if sparql[exc.loc:] else ""
        token = rest.strip()[:40] or "end of query"
        return exc.lineno, exc.col, token
    except Exception:
        return None
    return None


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class QueryResult:
    """The answer to any query form, from the embedded store or a remote endpoint alike.

    ``form`` is "select", "ask" or "graph" (CONSTRUCT / DESCRIBE). Terms stay Oxigraph
    terms so that formats, comparisons and tests see exactly what the engine returned.
    """

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    @classmethod
    def from_oxigraph(cls, res: Any) -> QueryResult:
        if isinstance(res, ox.QueryBoolean):
            return cls(form="ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            return cls(form="select", variables=names, rows=[tuple(sol[n] for n in names) for sol in res])
        return cls(form="graph", triples=list(res))

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple]) -> QueryResult:
        return cls(form="graph", triples=list(triples))

    def records(self) -> list[dict[str, Any]]:
        """Rows as {variable: plain Python value} (IRIs and strings as str, integers as int)."""
        return [{n: from_term(t) for n, t in zip(self.variables, row, strict=True)} for row in self.rows]

    def column(self, name: str) -> list[Any]:
        i = self.variables.index(name)
        return [from_term(row[i]) for row in self.rows]

    def comparable(self) -> list[tuple[str, ...]]:
        """A sorted, engine-independent form (terms in N-Triples syntax) for equality checks."""
        if self.form == "ask":
            return [(str(self.boolean),)]
        if self.form == "graph":
            return sorted((str(t.subject), str(t.predicate), str(t.object)) for t in self.triples)
        return sorted(tuple("" if t is None else str(t) for t in row) for row in self.rows)

    # -- formats -------------------------------------------------------------------------
    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (SELECT / ASK); JSON-LD for CONSTRUCT / DESCRIBE."""
        if self.form == "graph":
            return ox.serialize(self.triples, format=ox.RdfFormat.JSON_LD).decode("utf-8")
        if self.form == "ask":
            return json.dumps({"head": {}, "boolean": self.boolean}, ensure_ascii=False, indent=1)
        bindings = [
            {n: _json_term(t) for n, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]
        doc = {"head": {"vars": self.variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: IRIs and literal values as plain text, CRLF rows."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if self.form == "ask":
            w.writerow(["boolean"])
            w.writerow(["true" if self.boolean else "false"])
        elif self.form == "graph":
            w.writerow(["subject", "predicate", "object"])
            for t in self.triples:
                w.writerow([plain(t.subject), plain(t.predicate), plain(t.object)])
        else:
            w.writerow(self.variables)
            for row in self.rows:
                w.writerow([plain(t) for t in row])
        return buf.getvalue()

    def to_turtle(self, prefixes: Mapping[str, str] | None = None) -> str:
        if self.form != "graph":
            raise ValueError("Turtle output is for CONSTRUCT and DESCRIBE queries; use table, csv or json")
        return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes or {})).decode("utf-8")


def _json_term(t: Term) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype and t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    return {"type": "triple", "value": str(t)}


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def plain(term: Term | None) -> str:
    """A term as a reader sees it: IRI or literal value, ``_:b`` for blank nodes, "" if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)
