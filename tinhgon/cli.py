"""The `tinhgon` command line: build the graph, export records, validate, query, visualise."""

from __future__ import annotations

import json
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tinhgon")
def main() -> None:
    """tinhgon — a knowledge graph of Vietnam's agencies, plans and structural changes."""


def _jobs_option(f):
    return click.option(
        "--jobs", "-j", type=click.IntRange(1, 256), default=None,
        help="Worker processes that parse the files (default: every core of this machine).")(f)


def _run_build(paths: tuple[Path, ...], store: GraphStore, *, jobs: int | None = None,
               check: str = "refuse"):
    from tinhgon.pipeline import build, default_jobs

    report = build(paths, store, jobs=jobs or default_jobs(), check=check)
    for fr in report.built:
        notes = f" ({'; '.join(fr.notes)})" if fr.notes else ""
        click.echo(f"built {fr.path}: {fr.references} references, {fr.tasks} tasks, "
                   f"{fr.changes} changes, {fr.triples} triples{notes}")
    for _path, msg in report.failed:
        click.echo(f"error: {msg}", err=True)
    if not report.built and not report.failed:
        click.echo("error: no documents (.txt, .md, .docx, .pdf, .html) found in the given paths", err=True)
        return report
    if report.failed:
        click.echo(f"{len(report.built)} built, {len(report.failed)} refused", err=True)
    return report


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@_jobs_option
@click.option("--check", type=click.Choice(["refuse", "warn", "off"]), default="refuse", show_default=True,
              help="Each file's graph is checked against ontology/shapes.ttl before it is stored: refuse one "
                   "that does not conform, store it with a warning, or skip the check.")
def build(paths: tuple[Path, ...], store_dir: Path, jobs: int | None, check: str) -> None:
    """Build the graph from plan documents (files or directories of .txt/.md).

    Each file's statements go to its own named graph, the facts it states about shared
    entities (agencies, places, documents) to the shared graph, each once; rebuilding a
    file replaces exactly its statements. A file that cannot be read, or whose graph fails
    the shapes, is reported and the store is left as it was for it. A file's source name is
    its path relative to the folder given (its stem when named directly).
    """
    store = open_store(store_dir)
    report = _run_build(paths, store, jobs=jobs, check=check)
    ok = report.ok and bool(report.built)
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

    store = open_store(store_dir)
    report = _run_build(paths, store, jobs=jobs, check="warn")
    out_dir.mkdir(parents=True, exist_ok=True)
    for fr in report.built:
        rec = source_record(store, fr.stem, fr.name)
        target = out_dir / f"{Path(fr.path).stem}.json"
        target.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        click.echo(f"wrote {target} ({len(rec['tasks'])} tasks, {len(rec['org_changes'])} changes) from {fr.path}")
    if not report.ok or not report.built:
        sys.exit(1)


@main.command()
@STORE_OPTION
def validate(store_dir: Path) -> None:
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl."""
    from rdflib import Graph

    from tinhgon.graph.validate import validate as run
    from tinhgon.graph.vocab import GRAPH

    source_graphs = str(GRAPH["source/"])

    store = open_store(store_dir, read_only=True)
    if not any(g.startswith(source_graphs) for g in store.named_graphs()):
        raise click.ClickException(f"{store_dir}: the store holds no built document; run `tinhgon build` first")
    data = Graph()
    data.parse(data=store.dump("nt").decode("utf-8"), format="nt")
    result = run(data)
    if result.conforms:
        click.echo(f"valid: {len(data)} triples conform to the shapes")
        return
    click.echo(result.results_text, err=True)
    click.echo(f"invalid: {result.violations} violations", err=True)
    sys.exit(1)


@main.command()
@STORE_OPTION
@click.option("--format", "fmt", default="nq", show_default=True,
              help="turtle, nt, nq, trig or jsonld (quad formats keep the named graphs).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def dump(store_dir: Path, fmt: str, out: Path | None) -> None:
    """Save the graph in an RDF format."""
    store = open_store(store_dir, read_only=True)
    try:
        data = store.dump(fmt)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        out.write_bytes(data)
        click.echo(f"wrote {out} ({len(data)} bytes)")


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


def _register() -> None:
    """Attach the query and visualisation commands, defined beside their own modules."""
    from tinhgon import cli_check, cli_lexicon, cli_query, cli_viz

    for cmd in (*cli_query.COMMANDS, *cli_viz.COMMANDS, *cli_lexicon.COMMANDS, *cli_check.COMMANDS):
        main.add_command(cmd)


_register()
