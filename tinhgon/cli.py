"""The `tinhgon` command line: build the graph, export records, validate, query, visualise."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
from pathlib import Path

import click

from tinhgon.graph.store import DEFAULT_STORE, GraphStore, StoreError

STORE_OPTION = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE,
    show_default=True, help="Directory of the on-disk graph store (env TINHGON_STORE).",
)


def open_store(store_dir: Path, *, read_only: bool = False) -> GraphStore:
    try:
        return GraphStore(store_dir, read_only=read_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


# The commands defined beside their own modules, by name → module (each module's COMMANDS): a command's
# module is imported when that command runs or `tinhgon --help` lists it, so `tinhgon lineage` never
# loads the query commands' endpoint (asyncio, the terminal-width tables) and `tinhgon build` none of them.
LAZY_COMMANDS: dict[str, str] = {
    **dict.fromkeys(("query", "ask", "serve", "push", "prefixes"), "tinhgon.cli_query"),
    **dict.fromkeys(("viz", "lineage", "map"), "tinhgon.cli_viz"),
    "lexicon": "tinhgon.cli_lexicon",
    **dict.fromkeys(("check", "gazetteer"), "tinhgon.cli_check"),
}


class LazyGroup(click.Group):
    """A group whose commands in LAZY_COMMANDS are attached when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            import importlib

            # An unknown name attaches them all: click suggests the close ones from those attached.
            modules = [LAZY_COMMANDS[cmd_name]] if cmd_name in LAZY_COMMANDS else sorted(set(LAZY_COMMANDS.values()))
            for module in modules:
                for cmd in importlib.import_module(module).COMMANDS:
                    self.add_command(cmd)
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tinhgon")
def main() -> None:
    """tinhgon — a knowledge graph of Vietnam's agencies, plans and structural changes."""


def _jobs_option(f):
    return click.option(
        "--jobs", "-j", type=click.IntRange(1, 256), default=None,
        help="Worker processes that parse the files (default: every core of this machine).")(f)


def _run_build(paths: tuple[Path, ...], store: GraphStore, *, jobs: int | None = None,
               check: str = "refuse", force: bool = False):
    from tinhgon.pipeline import build, default_jobs
    from tinhgon.progress import Progress

    bar: list[Progress] = []

    def on_file(path: str, done: int, total: int) -> None:
        if not bar:
            bar.append(Progress("build", total=total))
        bar[0].advance(note=Path(path).name)
        if done == total:  # a first build loads (and compacts) its store only now: minutes at national size
            bar[0].phase("writing the store")

    try:
        report = build(paths, store, jobs=jobs or default_jobs(), check=check, force=force, progress=on_file)
    finally:
        if bar:
            bar[0].close()
    for fr in report.built:
        notes = f" ({'; '.join(fr.notes)})" if fr.notes else ""
        click.echo(f"built {fr.path}: {fr.references} references, {fr.tasks} tasks, "
                   f"{fr.changes} changes, {fr.triples} triples{notes}")
    for _path, msg in report.failed:
        click.echo(f"error: {msg}", err=True)
    if report.unchanged:
        click.echo(f"unchanged: {len(report.unchanged)} files (same bytes and builders as their graphs; "
                   f"--force rebuilds them)")
    skipped = skipped_files(paths)
    if not report.built and not report.failed and not report.unchanged:
        click.echo("error: no documents (.txt, .md, .docx, .pdf, .html) found in the given paths", err=True)
    click.echo(batch_summary(report, skipped), err=True)
    return report


# -- the end-of-batch summary (issue 13: what was built, skipped and refused) ----------------
def skipped_files(paths: tuple[Path, ...]) -> list[tuple[Path, str]]:
    """What the build passes over inside the given folders, with why (hidden files aside):
    files of a type it does not read, and entries that are not regular files (pipes, sockets,
    broken links) whatever their name."""
    from tinhgon.builders.load import SUPPORTED_SUFFIXES

    out: list[tuple[Path, str]] = []
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            continue
        for f in sorted(p.rglob("*")):
            if any(part.startswith(".") for part in f.relative_to(p).parts) or f.is_dir():
                continue
            if not f.is_file():
                out.append((f, "not a regular file"))
            elif f.suffix.lower() not in SUPPORTED_SUFFIXES:
                out.append((f, f"{f.suffix.lower() or 'no extension'}: not a type tinhgon reads"))
    return out


def _names(items: list[str], limit: int = 10) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" … and {len(items) - limit} more" if len(items) > limit else "")


def batch_summary(report, skipped: list[tuple[Path, str]]) -> str:
    """One line of counts, then one line per kind naming the files."""
    lines = [f"summary: {len(report.built)} built, {len(report.failed)} refused, {len(skipped)} skipped"]
    if report.built:
        lines.append("  built: " + _names([Path(fr.path).name for fr in report.built]))
    if report.failed:
        lines.append("  refused: " + _names([Path(p).name for p, _ in report.failed]) + " (reasons above)")
    if skipped:
        lines.append("  skipped: " + _names([f"{f.name} ({why})" for f, why in skipped])
                     + "; tinhgon reads .txt, .md, .docx, .pdf and .html files")
    return "\n".join(lines)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@_jobs_option
@click.option("--check", type=click.Choice(["refuse", "warn", "off"]), default="refuse", show_default=True,
              help="Each file's graph is checked against ontology/shapes.ttl before it is stored: refuse one "
                   "that does not conform, store it with a warning, or skip the check.")
@click.option("--force", is_flag=True, help="Rebuild every file, even one whose bytes and builders are those "
                                            "its graph was built from (such a file is skipped by default).")
def build(paths: tuple[Path, ...], store_dir: Path, jobs: int | None, check: str, force: bool) -> None:
    """Build the graph from plan documents (files or directories of .txt/.md).

    Each file's statements go to its own named graph, the facts it states about shared
    entities (agencies, places, documents) to the shared graph, each once; rebuilding a
    file replaces exactly its statements. A file that cannot be read, or whose graph fails
    the shapes, is reported and the store is left as it was for it. A file's source name is
    its path relative to the folder given (its stem when named directly). A file unchanged
    since its graph was built, by unchanged builders, is not read again (--force reads all).
    """
    store = open_store(store_dir)
    report = _run_build(paths, store, jobs=jobs, check=check, force=force)
    ok = report.ok and bool(report.built or report.unchanged)
    click.echo(f"store {store_dir}: {len(store)} quads in {len(store.named_graphs())} graphs")
    if not ok:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for one <stem>.json record per source file (shape of SCHEMA.md).")
@STORE_OPTION
@_jobs_option
def extract(paths: tuple[Path, ...], out_dir: Path, store_dir: Path, jobs: int | None) -> None:
    """Build the graph, then write each file's extraction record read back from it by SPARQL.

    A graph that fails the shapes is stored with a warning here (so its record can be
    scored); `tinhgon build` refuses it.
    """
    from tinhgon.graph.records import source_record

    check_writable_dir(out_dir, "the records")  # before the build: a bad --out builds nothing
    store = open_store(store_dir)
    report = _run_build(paths, store, jobs=jobs, check="warn")
    for fr in report.built + report.unchanged:
        rec = source_record(store, fr.stem, fr.name)
        target = out_dir / f"{Path(fr.path).stem}.json"
        write_file(target, (json.dumps(rec, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        click.echo(f"wrote {target} ({len(rec['tasks'])} tasks, {len(rec['org_changes'])} changes) from {fr.path}")
    if not report.ok or not (report.built or report.unchanged):
        sys.exit(1)


@main.command()
@STORE_OPTION
def validate(store_dir: Path) -> None:
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl."""
    from rdflib import Graph

    from tinhgon.graph.validate import validate as run
    from tinhgon.graph.vocab import GRAPH
    from tinhgon.progress import Progress

    source_graphs = str(GRAPH["source/"])

    store = open_store(store_dir, read_only=True)
    if not any(g.startswith(source_graphs) for g in store.named_graphs()):
        raise click.ClickException(f"{store_dir}: the store holds no built document; run `tinhgon build` first")
    with Progress("validate") as progress:
        progress.phase(f"reading {len(store)} quads")
        data = Graph()
        data.parse(data=store.dump("nt").decode("utf-8"), format="nt")
        progress.phase(f"checking {len(data)} triples against the shapes (pySHACL)")
        result = run(data)
    if result.conforms:
        click.echo(f"valid: {len(data)} triples conform to the shapes")
        return
    click.echo(result.results_text, err=True)
    click.echo(f"invalid: {result.violations} violations", err=True)
    sys.exit(1)


DUMP_FORMATS = "turtle, nt, nq, trig, jsonld (compacted with the project's prefixes) or rdfxml"


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", default="nq", show_default=True,
              help=f"{DUMP_FORMATS}; quad formats (nq, trig, jsonld) keep the named graphs.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout); its VoID/DCAT description goes beside it as <name>.void.ttl.")
@click.option("--describe", "describe_only", is_flag=True,
              help="Write only the VoID/DCAT description of the graph (Turtle), not the data.")
def dump(store_dir: Path, fmt: str, out: Path | None, describe_only: bool) -> None:
    """Save the graph in an RDF format, with a VoID/DCAT description of it.

    The description names the sources (one subset per file, with its SHA-256), the counts
    (triples, subjects, instances per class), the licence, the last build and the
    ontology's version IRI.
    """
    from tinhgon.graph.describe import describe, description_path, dump_jsonld, dump_rdfxml

    store = open_store(store_dir, read_only=True)
    if out is not None:
        check_writable_dir(out.parent if str(out.parent) else Path("."), "the dump")
    if describe_only:
        data = describe(store).serialize(format="turtle").encode("utf-8")
    else:
        try:
            key = fmt.lower()
            if key in ("jsonld", "json-ld"):
                data = dump_jsonld(store)
            elif key in ("rdfxml", "xml", "rdf", "owl"):
                data = dump_rdfxml(store)
            else:
                data = store.dump(fmt)
        except StoreError as exc:
            raise click.ClickException(f"{exc}, jsonld, rdfxml") from None
    if out is None:
        sys.stdout.buffer.write(data)
        return
    write_file(out, data)
    click.echo(f"wrote {out} ({len(data)} bytes)")
    if not describe_only:
        desc = description_path(out)
        write_file(desc, describe(store, distribution=out, fmt=fmt).serialize(format="turtle").encode("utf-8"))
        click.echo(f"wrote {desc} (VoID/DCAT description)")


# -- writing files: one clear line instead of an OSError traceback --------------------------
def check_writable_dir(directory: Path, what: str) -> None:
    """Create ``directory`` if needed and make sure a file can be written there, or stop with one line."""
    try:
        if directory.exists() and not directory.is_dir():
            raise click.ClickException(f"{directory}: is a file, not a directory; nothing was written")
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".tinhgon-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except click.ClickException:
        raise
    except OSError as exc:
        raise click.ClickException(f"{directory}: cannot write {what} here ({_reason(exc)}); nothing was done"
                                   ) from None


def write_file(target: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so a failure never leaves half a file."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise click.ClickException(f"{target}: cannot write ({_reason(exc)})") from None


def _reason(exc: OSError) -> str:
    reasons = {errno.EACCES: "permission denied", errno.EPERM: "operation not permitted (immutable?)",
               errno.EROFS: "read-only file system", errno.ENOSPC: "no space left on the device",
               errno.ENOTDIR: "a part of the path is a file, not a directory"}
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


@main.command(name="load")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@STORE_OPTION
@click.option("--format", "fmt", default=None, help="Format when the file extension doesn't say it.")
@click.option("--graph", "graph_iri", default=None, help="Target named graph for triple formats.")
def load_cmd(files: tuple[Path, ...], store_dir: Path, fmt: str | None, graph_iri: str | None) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD) into the store."""
    store = open_store(store_dir)
    for f in files:
        try:
            store.load(f, fmt, graph_iri)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"loaded {f}")
