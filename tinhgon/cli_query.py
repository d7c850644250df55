"""Commands for analysts: ``query``, ``ask``, ``serve`` and ``push``.

``query`` runs any SPARQL text or file, ``ask`` runs a named query of the library
(queries/*.rq) with ``--param name=value``; both run on the embedded store or, with
``--endpoint URL``, on any SPARQL 1.1 endpoint, and print a table aligned by display
width (Vietnamese diacritics and wide characters do not shift the columns), CSV, SPARQL
1.1 results JSON, or Turtle for CONSTRUCT / DESCRIBE. ``serve`` starts Oxigraph's own
SPARQL 1.1 Protocol server on the store (with its query page in the browser); ``push``
loads every named graph into a remote server through the Graph Store Protocol.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from wcwidth import wcswidth

from tinhgon.graph.store import (
    DEFAULT_STORE,
    GraphStore,
    QueryResult,
    QuerySyntaxError,
    StoreError,
    check_syntax,
    plain,
)
from tinhgon.graph.vocab import PREFIXES

FORMATS = ("table", "csv", "json", "turtle")
TABLE_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}

store_option = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE,
    show_default=True, help="Directory of the on-disk graph store (env TINHGON_STORE).",
)
endpoint_option = click.option(
    "--endpoint", default=None, metavar="URL",
    help="Run on this SPARQL 1.1 query endpoint instead of the local store (e.g. http://localhost:7878/query).",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table (aligned text), csv, json (SPARQL 1.1 results JSON) or turtle (CONSTRUCT/DESCRIBE).",
)
param_option = click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).",
)
width_option = click.option(
    "--max-width", default=60, show_default=True, type=click.IntRange(min=0),
    help="Table only: cut longer cells with … (0 = never cut).",
)
limit_option = click.option(
    "--limit", default=None, type=click.IntRange(min=0), help="Show at most this many rows.",
)


# -- running -------------------------------------------------------------------------------
def run_query(sparql: str, bindings: Mapping[str, Any], store_dir: Path, endpoint: str | None) -> QueryResult:
    """Run on the remote endpoint or the embedded store; errors become ClickExceptions."""
    from tinhgon.graph.remote import RemoteEndpoint, RemoteError

    try:
        check_syntax(sparql)
        if endpoint:
            return RemoteEndpoint(endpoint).run(sparql, bindings)
        store = GraphStore(store_dir, read_only=True)
        return store.run(sparql, bindings)
    except QuerySyntaxError as exc:
        raise click.ClickException(str(exc)) from None
    except (StoreError, RemoteError) as exc:
        raise click.ClickException(str(exc)) from None
    except (OSError, RuntimeError) as exc:  # evaluation errors (e.g. a timeout) from Oxigraph
        raise click.ClickException(f"the query failed: {exc}") from None


def emit(result: QueryResult, fmt: str, *, max_width: int = 60, limit: int | None = None) -> None:
    if limit is not None:
        result.rows = result.rows[:limit]
        result.triples = result.triples[:limit]
    if fmt == "json":
        click.echo(result.to_json())
    elif fmt == "csv":
        sys.stdout.write(result.to_csv())
    elif fmt == "turtle":
        try:
            click.echo(result.to_turtle(TABLE_PREFIXES), nl=False)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    else:
        click.echo(render_table(result, max_width=max_width))


# -- table -----------------------------------------------------------------------------------
def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: combining marks take none, wide characters two."""
    w = wcswidth(text)
    if w >= 0:
        return w
    return sum(max(0, wcswidth(ch)) for ch in text)


def cut(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, ending in … when cut (never splits a mark off)."""
    if width <= 0 or display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = max(0, wcswidth(ch))
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def shorten(term: Any) -> str:
    """A term for people: IRIs with the project's prefixes, literals by value."""
    text = plain(term)
    if term is not None and type(term).__name__ == "NamedNode":
        for p, ns in TABLE_PREFIXES.items():
            if text.startswith(ns) and len(text) > len(ns):
                return f"{p}:{text[len(ns):]}"
    return text


def render_table(result: QueryResult, *, max_width: int = 60) -> str:
    if result.form == "ask":
        return "yes" if result.boolean else "no"
    if result.form == "graph":
        headers = ["subject", "predicate", "object"]
        rows = [[shorten(t.subject), shorten(t.predicate), shorten(t.object)] for t in result.triples]
    else:
        headers = list(result.variables)
        rows = [[shorten(t) for t in row] for row in result.rows]
    return format_table(headers, rows, max_width=max_width)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 60) -> str:
    """Columns aligned by display width, one line per row (line breaks in cells become spaces)."""
    cells = [[cut(unicodedata.normalize("NFC", " ".join(c.split())), max_width) for c in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], display_width(c))
    lines = [
        "  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    n = len(rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines)


# -- commands -------------------------------------------------------------------------------
def _read_query(file_or_text: str) -> str:
    if file_or_text == "-":
        return sys.stdin.read()
    p = Path(file_or_text)
    if len(file_or_text) < 4096 and "{" not in file_or_text and p.is_file():
        return p.read_text(encoding="utf-8")
    if file_or_text.endswith(".rq") and not p.exists():
        raise click.ClickException(f"{file_or_text}: no such query file")
    return file_or_text


@click.command(name="query")
@click.argument("file_or_text")
@param_option
@store_option
@endpoint_option
@format_option
@width_option
@limit_option
def query_cmd(file_or_text: str, params: tuple[str, ...], store_dir: Path, endpoint: str | None, fmt: str,
              max_width: int, limit: int | None) -> None:
    """Run a SPARQL query given as a file (.rq), as text, or on stdin (-).

    Queries see the union of all named graphs. A file with a `# param:` header binds and
    checks its parameters like `tinhgon ask`; otherwise each --param value is read as an
    IRI (<…>, http…, tgid:…), a date (2018-06-30), an integer, or else a string.
    """
    from tinhgon.queries import QueryParamError, guess_term, parse_assignments, parse_header

    text = _read_query(file_or_text)
    try:
        values = parse_assignments(params)
        header = parse_header(text)
        guessed = {k: guess_term(v) for k, v in values.items()}
        bindings = header.bindings(values) if header.params else guessed
    except (QueryParamError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    emit(run_query(text, bindings, store_dir, endpoint), fmt, max_width=max_width, limit=limit)


@click.command(name="ask")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="Describe every query of the library and its parameters.")
@param_option
@store_option
@endpoint_option
@format_option
@width_option
@limit_option
@click.option("--show", is_flag=True, help="Print the query's SPARQL instead of running it.")
def ask_cmd(name: str | None, list_: bool, params: tuple[str, ...], store_dir: Path, endpoint: str | None,
            fmt: str, max_width: int, limit: int | None, show: bool) -> None:
    """Answer a question from the library of named queries (see --list).

    Example: tinhgon ask halted-changes --param province="Kiên Giang"
    """
    from tinhgon.queries import QueryNotFound, QueryParamError, list_queries, load, parse_assignments

    if list_ or not name:
        click.echo(describe_library(list_queries()))
        return
    try:
        q = load(name)
    except QueryNotFound as exc:
        raise click.ClickException(str(exc)) from None
    if show:
        click.echo(q.text, nl=False)
        return
    try:
        bindings = q.bindings(parse_assignments(params))
    except QueryParamError as exc:
        raise click.ClickException(str(exc)) from None
    emit(run_query(q.text, bindings, store_dir, endpoint), fmt, max_width=max_width, limit=limit)


def describe_library(queries: Sequence[Any]) -> str:
    out: list[str] = []
    for q in queries:
        out.append(f"{q.name}")
        out.append(f"    {q.title}")
        if q.tieu_de:
            out.append(f"    {q.tieu_de}")
        if q.description:
            out.append(f"    {q.description}")
        for p in q.params:
            out.append(f"    --param {p.describe()}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def oxigraph_binary() -> str | None:
    """The `oxigraph` server CLI: beside this Python (a venv's bin/) or on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    return shutil.which("oxigraph")


def serve_command(store_dir: Path, bind: str, *, writable: bool, timeout: float | None, cors: bool,
                  binary: str) -> list[str]:
    """The Oxigraph server command line for ``tinhgon serve`` (union default graph, like local queries)."""
    cmd = [binary, "serve" if writable else "serve-read-only", "--location", str(store_dir), "--bind", bind,
           "--union-default-graph"]
    if timeout:
        cmd += ["--timeout-s", str(int(timeout) if float(timeout).is_integer() else timeout)]
    if cors:
        cmd.append("--cors")
    return cmd


@click.command(name="serve")
@store_option
@click.option("--bind", default="127.0.0.1:7878", show_default=True, help="Host and port to listen on.")
@click.option("--writable", is_flag=True, help="Accept SPARQL updates and Graph Store writes (default: read-only).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds a query may run before the server stops it (0 = no limit).")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (for browser tools on other origins).")
def serve_cmd(store_dir: Path, bind: str, writable: bool, timeout: float, cors: bool) -> None:
    """Serve the built graph as a SPARQL 1.1 Protocol endpoint (Oxigraph's server).

    Query endpoint http://HOST:PORT/query, Graph Store at /store, and a query page in the
    browser at http://HOST:PORT/. Queries see the union of all named graphs. Read-only
    unless --writable; stop with Ctrl-C.
    """
    if not (store_dir / "CURRENT").exists() and not writable:
        raise click.ClickException(f"{store_dir}: no graph store here; run `tinhgon build` first")
    binary = oxigraph_binary()
    if binary is None:
        raise click.ClickException("the `oxigraph` server is not installed: pip install 'tinhgon[server]'")
    cmd = serve_command(store_dir, bind, writable=writable, timeout=timeout, cors=cors, binary=binary)
    host, _, port = bind.rpartition(":")
    click.echo(f"SPARQL endpoint http://{host or 'localhost'}:{port}/query "
               f"({'read-write' if writable else 'read-only'}); query page http://{host or 'localhost'}:{port}/",
               err=True)
    sys.stdout.flush()
    os.execv(binary, cmd)


@click.command(name="push")
@store_option
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's SPARQL query endpoint (or its Graph Store endpoint).")
@click.option("--graph-store", default=None, metavar="URL",
              help="Graph Store Protocol URL when it cannot be guessed from --endpoint (Fuseki: /ds/data).")
def push_cmd(store_dir: Path, endpoint: str, graph_store: str | None) -> None:
    """Load the graph (every named graph) into a SPARQL server through the Graph Store Protocol.

    Each named graph is replaced as a whole (HTTP PUT), so pushing again after a rebuild
    leaves the server equal to the local store.
    """
    from tinhgon.graph.remote import RemoteEndpoint, RemoteError

    try:
        store = GraphStore(store_dir, read_only=True)
        done = RemoteEndpoint(endpoint).push(store, graph_store)
    except (StoreError, RemoteError) as exc:
        raise click.ClickException(str(exc)) from None
    for g, n in done:
        click.echo(f"pushed {g} ({n} triples)")
    click.echo(f"{len(done)} graphs, {sum(n for _, n in done)} triples")


COMMANDS = [query_cmd, ask_cmd, serve_cmd, push_cmd]
