"""The whole build: load → normalise → structure → extract → resolve → emit → check → store.

Each file is read, turned into triples and checked against the shapes completely before
the store is touched; a bad file is reported with its name and the problem, and the
store stays exactly as it was for it. Files are parsed in worker processes (``jobs``).
A first build (an empty store) spools every file's quads to disk as the workers send them,
then, once the workers are gone, bulk-loads them into a staging store (calls of at most
BULK_RUN_QUADS, so the loader's memory stays bounded and never adds to the workers') that
replaces the store whole at the end, so an interrupted build leaves the old store. Later
builds write in batches: the new sources of a batch in one transaction, a source already in
the store replaced in one transaction of its own (graph/store.py), so an interrupted build
leaves every file's graph wholly old or wholly new.

A file whose bytes and builders are those its graph was built from is not read again: each
source graph keeps the file's hash (``tg:sha256``), and the store keeps beside it the builder
key it was built with (:func:`builder_key`: every file of the builders, the emitter, the
shapes and the lexicon, the versions of the libraries they use, and the check mode), so a
rebuild of 600 files where one changed reads one file, and a changed lexicon row rebuilds
them all. ``force`` rebuilds everything.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from tinhgon.builders.arrangement import read_arrangement
from tinhgon.builders.changes import extract_changes
from tinhgon.builders.coverage import unplaced
from tinhgon.builders.genre import GenreError, check_genre
from tinhgon.builders.layout import layout
from tinhgon.builders.load import SUPPORTED_SUFFIXES, LoadError, load
from tinhgon.builders.metadata import read_metadata
from tinhgon.builders.model import Extraction
from tinhgon.builders.normalise import normalise
from tinhgon.builders.references import find_references
from tinhgon.builders.relations import find_relations
from tinhgon.builders.resolve import Resolution, resolve
from tinhgon.builders.structure import parse_structure
from tinhgon.builders.tasks import extract_tasks
from tinhgon.graph import iris
from tinhgon.graph.emit import emitted, to_ntriples
from tinhgon.graph.store import GraphStore, SourceData

BATCH_FILES = 64
BATCH_BYTES = 64 << 20
# A first build of this many files or more goes through the bulk loader (a third of the CPU of
# transactions already at 60 files: 4.5 s against 16.8 s); one file is one transaction anyway.
BULK_MIN = 2
PENDING_PER_JOB = 16
# A first build loads its spooled quads in bulk-loader calls of at most this many: a call keeps its
# input in batches of a million quads (pyoxigraph 0.5, not adjustable), up to three at once, about
# 800 bytes each in memory (1.8 GB for one call at 6 M quads), and writes each batch to the store as a
# sorted file overlapping all its files (the keys are hashes), which RocksDB merges into the whole
# store every second file; so a call of just under one batch is the most each merge can take in for
# the memory of one batch (calls of 128 MiB, half a batch, are merged twice as often:
# benchmarks/bench_loader.py).
BULK_RUN_QUADS = 990_000


class InputError(Exception):
    """A file that cannot become part of the graph; str() names the file and the problem."""


@dataclass
class FileResult:
    path: str
    stem: str  # the source key (graph/iris.py source_key): the stem, or the relative path as a slug
    triples: int = 0
    tasks: int = 0
    changes: int = 0
    references: int = 0
    notes: list[str] = field(default_factory=list)
    name: str = ""
    sha256: str = ""  # of the file's bytes, as its graph records it


@dataclass
class BuildReport:
    built: list[FileResult] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    unchanged: list[FileResult] = field(default_factory=list)  # not read again: bytes and builders as stored
    # CPU seconds spent per step, summed over the worker processes ("extract", "emit",
    # "check", "serialise") and in this process ("store"): what the benchmark prints.
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    workers: dict[int, float] = field(default_factory=dict)  # worker pid → its peak memory (MiB)

    @property
    def worker_rss_mb(self) -> float:
        """Peak memory of the worker processes together (0 when the files were parsed here)."""
        return sum(rss for pid, rss in self.workers.items() if pid != os.getpid())

    @property
    def ok(self) -> bool:
        return not self.failed


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and the .txt/.md files of named directories, in a stable order."""
    for p, _key in iter_sources(paths):
        yield p


def iter_sources(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """(file, source key) of every input: a file's key is its path relative to the folder
    given (graph/iris.py ``source_key``), or its stem when it is named directly."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES):
                yield f, iris.source_key(f, p)
        else:
            yield p, iris.source_key(p)


def collisions(sources: list[tuple[Path, str]]) -> dict[Path, str]:
    """Inputs refused because another file has the same source key: file → message naming both."""
    by_key: dict[str, list[Path]] = defaultdict(list)
    for p, k in sources:
        if p.resolve() not in {q.resolve() for q in by_key[k]}:
            by_key[k].append(p)
    out: dict[Path, str] = {}
    for k, ps in by_key.items():
        if len(ps) > 1:
            for p in ps:
                others = ", ".join(str(q) for q in ps if q != p)
                out[p] = (f"{p}: has the same source name {k!r} as {others}; refused so that neither "
                          f"replaces the other (rename one, or build their common folder)")
    return out


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
        # the title names the province arranged ("… cấp xã của tỉnh Gia Lai năm 2025"): it outweighs a
        # province inferred from place names, which may be one of the old provinces merged into it
        if arrangement.province and (not meta.province or (meta.province_evidence or "").startswith("place")):
            meta.province, meta.province_evidence = arrangement.province, "title"
        meta.date = meta.date or arrangement.adopted
    else:
        changes = extract_changes(src, structure, tasks, central=meta.province is None)
    ex = Extraction(source=src, document=meta, references=refs, tasks=tasks, changes=changes,
                    structure=structure)
    ex.relations, ex.validity = find_relations(src, refs)
    if arrangement is not None:
        ex.unit_counts, ex.notes = arrangement.counts, list(arrangement.notes)
    ex.notes.extend(unplaced(ex))
    return ex, resolve(ex)


def ontology_ntriples() -> str:
    """The ontology as N-Triples, for its own named graph in every store."""
    from rdflib import Graph

    g = Graph()
    ttl = resources.files("tinhgon.ontology").joinpath("tinhgon.ttl").read_text(encoding="utf-8")
    g.parse(data=ttl, format="turtle")
    return to_ntriples(g)


@dataclass
class Prepared:
    """What a worker sends back for one file: the data to store, or why it was refused."""

    result: FileResult
    data: SourceData | None = None
    error: str | None = None
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per step
    pid: int = 0
    rss_mb: float = 0.0  # peak memory of the process that prepared it


def prepare(path: str | Path, key: str | None = None, *, check: str = "refuse") -> Prepared:
    """Extract, emit and check one file (in a worker process); never touches the store.

    ``check``: "refuse" a graph that fails the shapes, "warn" (store it with a note naming
    the violations: what `extract` does, so records are still written for scoring) or "off".
    """
    path = Path(path)
    key = key or iris.source_key(path)
    fr = FileResult(path=str(path), stem=key, name=path.name)
    cpu: dict[str, float] = {}
    t = time.process_time()

    def step(name: str) -> None:
        nonlocal t
        now = time.process_time()
        cpu[name] = cpu.get(name, 0.0) + now - t
        t = now

    try:
        ex, res = extract(path)
    except InputError as exc:
        return Prepared(fr, error=str(exc))
    step("extract")
    em = emitted(ex, res, key)
    step("emit")
    if check != "off":
        from tinhgon.graph.validate import check_source

        problems = check_source(em)
        step("check")
        if problems:
            shown = "; ".join(f"{node}: {msg}" for node, msg in problems[:8])
            more = f" (and {len(problems) - 8} more)" if len(problems) > 8 else ""
            if check == "refuse":
                return Prepared(fr, error=f"{path}: the graph does not conform to the shapes, not stored: "
                                          f"{shown}{more}", cpu=cpu)
            fr.notes.append(f"stored although it does not conform to the shapes: {shown}{more}")
    data = SourceData(em.graph_iri, em.own_nquads(), em.fact_nquads())
    step("serialise")
    fr.sha256 = ex.source.sha256
    fr.triples = len(em)
    fr.tasks, fr.changes, fr.references = len(ex.tasks), len(ex.changes), len(ex.references)
    if ex.source.encoding not in ("utf-8", "utf-8-sig"):
        fr.notes.append(f"decoded from {ex.source.encoding}")
    fr.notes.extend(ex.notes)
    if ex.source.duplicate_of:
        fr.notes.append("holds the document twice; the second copy was left out")
    return Prepared(fr, data=data, cpu=cpu)


def _prepare_job(job: tuple[str, str, str]) -> Prepared:
    import resource

    path, key, check = job
    try:
        prep = prepare(path, key, check=check)
    except Exception as exc:  # a builder bug must name the file, not kill the whole build
        prep = Prepared(FileResult(path=path, stem=key, name=Path(path).name),
                        error=f"{path}: could not be processed ({type(exc).__name__}: {exc})")
    prep.pid, prep.rss_mb = os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return prep


# What decides the graph a file becomes: these modules and data of the package, and these libraries.
_BUILDER_MODULES = ("builders", "graph/emit.py", "graph/iris.py", "graph/vocab.py", "graph/validate.py",
                    "graph/shapes_check.py", "graph/gazetteer.py", "ontology", "tinhgon/pipeline.py",
                    "tinhgon/text.py")
_BUILDER_LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl", "vietnamadminunits", "python-docx", "pdfplumber",
                      "selectolax")


def package_roots() -> dict[str, Path]:
    """Where the installed package's parts live (the names ``_BUILDER_MODULES`` starts with)."""
    import tinhgon.builders
    import tinhgon.graph
    import tinhgon.ontology

    return {"builders": Path(tinhgon.builders.__file__).parent, "graph": Path(tinhgon.graph.__file__).parent,
            "ontology": Path(tinhgon.ontology.__file__).parent, "tinhgon": Path(__file__).parent}


def builder_files_key(roots: dict[str, Path] | None = None) -> str:
    """A hash of every file of ``_BUILDER_MODULES`` under ``roots`` (default: this package) and of
    the versions of ``_BUILDER_LIBRARIES``; documentation (.md) and byte code left out."""
    from importlib.metadata import PackageNotFoundError, version

    roots = roots or package_roots()
    h = hashlib.sha256()
    for item in _BUILDER_MODULES:
        top, _, rest = item.partition("/")
        base = roots[top] / rest if rest else roots[top]
        files = [base] if base.is_file() else sorted(
            f for f in base.rglob("*")
            if f.is_file() and "__pycache__" not in f.parts and f.suffix not in (".pyc", ".md"))
        for f in files:
            h.update(f"{top}/{f.relative_to(roots[top]).as_posix()}\0".encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
    for lib in _BUILDER_LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=none\0".encode())
    return h.hexdigest()[:16]


_installed_key = cache(builder_files_key)


def builder_key(check: str = "refuse") -> str:
    """A key that changes whenever what a file becomes may change: a hash of every file of the
    builders, emitter, shapes and lexicon, of the versions of the libraries they use, and the check
    mode (a graph stored with "warn" must be checked again by a build that refuses)."""
    return f"{_installed_key()}-{check}"


def _stamp(sha256: str, key: str) -> str:
    return f"{sha256} {key}"


def _file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the build itself names the file and the problem


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def build(paths: Iterable[str | Path], store: GraphStore, *, jobs: int = 1, check: str = "refuse",
          batch_files: int = BATCH_FILES, bulk: bool | None = None, force: bool = False,
          progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Build (or rebuild) the named graph of every input file into ``store``.

    Each file's graph is checked against the shapes first (``check``, see :func:`prepare`).
    ``jobs`` worker processes parse the files (1: in this process), at most PENDING_PER_JOB
    files ahead of the store each. ``bulk`` (default: for a first build of at least BULK_MIN
    files into an empty on-disk store) streams them all into one bulk load of a staging store;
    otherwise they are written in batches of at most ``batch_files`` files or BATCH_BYTES
    bytes. Memory stays bounded whatever the number of files.
    ``progress(path, done, total)`` is called as each file has been read (tinhgon/progress.py).
    A file whose graph was built from the same bytes by the same builders is left as it is
    (``report.unchanged``) unless ``force``.
    """
    report = BuildReport()
    store.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_ntriples())
    sources = list(iter_sources(paths))
    refused = collisions(sources)
    for p, msg in refused.items():
        report.failed.append((str(p), msg))
    key = builder_key(check)
    stamps = store.build_stamps()
    stored = store.source_hashes() if stamps and not force else {}
    jobs_list = []
    for p, k in sources:
        if p in refused:
            continue
        g = str(iris.source_graph(k))
        if g in stored and stamps.get(g) == _stamp(stored[g], key) and _file_sha256(p) == stored[g]:
            report.unchanged.append(FileResult(path=str(p), stem=k, name=p.name, sha256=stored[g]))
        else:
            jobs_list.append((str(p), k, check))
    if not jobs_list:
        return report
    known = store.fact_iris()
    # A first build of many files goes to a staging store through the bulk loader, swapped in
    # whole at the end: an interruption leaves the old (empty) store. Later builds replace
    # files in place, one transaction per batch.
    bulk = bulk if bulk is not None else (len(jobs_list) >= BULK_MIN and store.path is not None and store.is_empty())
    target = store.staging() if bulk else store
    if bulk:
        target.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_ntriples())
    batch: list[SourceData] = []
    pending: list[FileResult] = []
    size = 0

    def received() -> Iterator[Prepared]:
        """Each file's result as it comes back, counted in the report; refused files stop here."""
        for done, prep in enumerate(_run(jobs_list, jobs), 1):
            if progress is not None:
                progress(prep.result.path, done, len(jobs_list))
            for k, v in prep.cpu.items():
                report.cpu[k] += v
            report.workers[prep.pid] = max(report.workers.get(prep.pid, 0.0), prep.rss_mb)
            if prep.data is None:
                report.failed.append((prep.result.path, prep.error or f"{prep.result.path}: refused"))
                continue
            yield prep

    if bulk:
        # The workers' results spooled to disk as they come, then loaded once the workers have ended,
        # in bulk-loader calls of BULK_RUN_QUADS (graph/store.py bulk_add_sources): this process's CPU
        # is receiving the results, then the store's (the loader's threads).
        def loaded() -> Iterator[SourceData]:
            for prep in received():
                assert prep.data is not None
                stamps[prep.data.graph_iri] = _stamp(prep.result.sha256, key)
                report.built.append(prep.result)
                yield prep.data

        t = time.process_time()
        target.bulk_add_sources(loaded(), known, run_quads=BULK_RUN_QUADS)
        target.compact()  # before the swap: readers never see the uncompacted store
        store.replace_with(target)
        store.save_build_stamps(stamps)
        report.cpu["store"] += time.process_time() - t
        store.oxigraph.flush()
        return report

    def flush() -> None:
        nonlocal batch, pending, size
        if batch:
            t = time.process_time()
            # the stamps of the graphs about to change go first, so an interruption costs a rebuild
            for item in batch:
                stamps.pop(item.graph_iri, None)
            store.save_build_stamps(stamps)
            store.commit_sources(batch, known)
            for item, fr in zip(batch, pending, strict=True):
                stamps[item.graph_iri] = _stamp(fr.sha256, key)
            store.save_build_stamps(stamps)
            report.cpu["store"] += time.process_time() - t
            report.built.extend(pending)
        batch, pending, size = [], [], 0

    for prep in received():
        assert prep.data is not None
        batch.append(prep.data)
        pending.append(prep.result)
        size += len(prep.data.own) + sum(len(c) for _, c in prep.data.facts)
        if len(batch) >= batch_files or size >= BATCH_BYTES:
            flush()
    flush()
    store.oxigraph.flush()
    return report


def _workers_can_start() -> bool:
    """False when the main module is a script that worker processes cannot read again
    (``python -`` reading standard input): forkserver workers re-import it, fail, and the pool
    would start them again forever; such a build runs in this process instead."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or Path(main_file).exists()


def _run(jobs_list: list[tuple[str, str, str]], jobs: int) -> Iterator[Prepared]:
    """Prepared files in input order, from a pool of worker processes when it pays off.

    At most ``PENDING_PER_JOB`` files per worker are handed out ahead of the one being consumed,
    so results waiting for a slow consumer (the store) never pile up in memory."""
    if jobs <= 1 or len(jobs_list) < 2 * jobs or not _workers_can_start():
        for job in jobs_list:
            yield _prepare_job(job)
        return
    # forkserver: workers never inherit the open store (RocksDB threads) of this process.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tinhgon.pipeline", "tinhgon.graph.validate"])
    room = threading.Semaphore(PENDING_PER_JOB * jobs)
    stop = threading.Event()

    def handed_out() -> Iterator[tuple[str, str, str]]:
        for job in jobs_list:
            while not room.acquire(timeout=0.5):
                if stop.is_set():
                    return
            if stop.is_set():
                return
            yield job

    with ctx.Pool(jobs) as pool:
        try:
            for prep in pool.imap(_prepare_job, handed_out(), chunksize=2):
                room.release()
                yield prep
        finally:
            stop.set()  # before the pool is closed: its feeder thread may wait for room
