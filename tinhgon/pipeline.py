"""The whole build, one file at a time: load → normalise → structure → extract → resolve → emit → store.

Each file is read and turned into triples completely before the store is touched, and
its named graph is then replaced in one transaction: a bad file is reported with its
name and the problem, and the graph built so far stays exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tinhgon.builders.arrangement import read_arrangement
from tinhgon.builders.changes import extract_changes
from tinhgon.builders.genre import GenreError, check_genre
from tinhgon.builders.layout import layout
from tinhgon.builders.load import SUPPORTED_SUFFIXES, LoadError, load
from tinhgon.builders.metadata import read_metadata
from tinhgon.builders.model import Extraction
from tinhgon.builders.normalise import normalise
from tinhgon.builders.references import find_references
from tinhgon.builders.resolve import Resolution, resolve
from tinhgon.builders.structure import parse_structure
from tinhgon.builders.tasks import extract_tasks
from tinhgon.graph import iris
from tinhgon.graph.emit import emit, to_ntriples
from tinhgon.graph.store import GraphStore


class InputError(Exception):
    """A file that cannot become part of the graph; str() names the file and the problem."""


@dataclass
class FileResult:
    path: str
    stem: str
    triples: int = 0
    tasks: int = 0
    changes: int = 0
    references: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    built: list[FileResult] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    @property
    def ok(self) -> bool:
        return not self.failed


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and the .txt/.md files of named directories, in a stable order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield p


def extract(path: str | Path) -> tuple[Extraction, Resolution]:
    """Read one file into records and resolved entities; InputError names the file on failure."""
    try:
        src = layout(normalise(load(path)))
        check_genre(src)
    except (LoadError, GenreError) as exc:
        raise InputError(str(exc)) from exc
    refs = find_references(src)
    meta = read_metadata(src, refs)
    structure = parse_structure(src)
    tasks = extract_tasks(src, structure)
    arrangement = read_arrangement(src, meta.number)
    if arrangement is not None:
        # A resolution arranging administrative units: its items are changes, not tasks.
        tasks = [t for t in tasks if not arrangement.covers(t.start, t.end)]
        changes = arrangement.changes
        meta.province = meta.province or arrangement.province
        meta.date = meta.date or arrangement.adopted
    else:
        changes = extract_changes(src, structure, tasks)
    ex = Extraction(source=src, document=meta, references=refs, tasks=tasks, changes=changes,
                    structure=structure)
    if arrangement is not None:
        ex.unit_counts, ex.notes = arrangement.counts, arrangement.notes
    return ex, resolve(ex)


def ontology_ntriples() -> str:
    """The ontology as N-Triples, for its own named graph in every store."""
    from rdflib import Graph

    g = Graph()
    ttl = resources.files("tinhgon.ontology").joinpath("tinhgon.ttl").read_text(encoding="utf-8")
    g.parse(data=ttl, format="turtle")
    return to_ntriples(g)


def build(paths: Iterable[str | Path], store: GraphStore) -> BuildReport:
    """Build (or rebuild) the named graph of every input file into ``store``."""
    report = BuildReport()
    store.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_ntriples())
    for path in iter_inputs(paths):
        try:
            ex, res = extract(path)
            nt = to_ntriples(emit(ex, res))
        except InputError as exc:
            report.failed.append((str(path), str(exc)))
            continue
        store.replace_graph(str(iris.source_graph(ex.source.stem)), nt)
        fr = FileResult(
            path=str(path), stem=ex.source.stem, triples=nt.count("\n"), tasks=len(ex.tasks),
            changes=len(ex.changes), references=len(ex.references),
        )
        if ex.source.encoding not in ("utf-8", "utf-8-sig"):
            fr.notes.append(f"decoded from {ex.source.encoding}")
        fr.notes.extend(ex.notes)
        if ex.source.duplicate_of:
            fr.notes.append("holds the document twice; the second copy was left out")
        report.built.append(fr)
    return report
