"""Commands for analysts: ``query``, ``ask``, ``serve`` and ``push``.

``query`` runs any SPARQL text or file, ``ask`` runs a named query of the library
(queries/*.rq) with ``--param name=value``; both run on the embedded store or, with
``--endpoint URL``, on any SPARQL 1.1 endpoint, and print a table aligned by display
width (Vietnamese diacritics and wide characters do not shift the columns), CSV, SPARQL
1.1 results JSON, XML or TSV, or Turtle for CONSTRUCT / DESCRIBE. The project's prefixes
(``tinhgon prefixes``) are predeclared. Locally a query has a deadline (``--timeout``),
``--limit`` stops reading the engine's rows once it has enough, and ``SERVICE`` is refused
unless ``--allow-service`` (graph/endpoint.py ``evaluate``). ``serve`` runs the project's
own read-only SPARQL 1.1 Protocol endpoint (graph/endpoint.py) with a query page that
opens with the prefixes and the canned queries; ``push`` loads every named graph into a
remote server through the Graph Store Protocol, all or nothing.
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
import pyoxigraph as ox
from wcwidth import wcswidth

from tinhgon.graph.endpoint import DEFAULT_TIMEOUT, PROJECT_PREFIXES
from tinhgon.graph.store import (
    DEFAULT_STORE,
    GraphStore,
    QueryResult,
    QuerySyntaxError,
    StoreError,
    check_syntax,
    plain,
)

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle")
TABLE_PREFIXES = PROJECT_PREFIXES

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
    help="table (aligned text), csv, tsv, json or xml (SPARQL 1.1 results formats; xml is RDF/XML for "
         "CONSTRUCT/DESCRIBE), or turtle (CONSTRUCT/DESCRIBE).",
)
param_option = click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).",
)
width_option = click.option(
    "--max-width", default=60, show_default=True, type=click.IntRange(min=0),
    help="Table only: cut longer cells with … (0 = never cut).",
)
limit_option = click.option(
    "--limit", default=None, type=click.IntRange(min=0),
    help="Show at most this many rows; the engine stops there (rows past it are never computed).",
)
timeout_option = click.option(
    "--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0),
    help="Seconds the query may run on the local store before it is stopped (0 = no limit).",
)
service_option = click.option(
    "--allow-service", is_flag=True,
    help="Let SERVICE clauses run (federated query: this machine then sends HTTP requests to the URLs named).",
)


# -- running -------------------------------------------------------------------------------
def run_query(sparql: str, bindings: Mapping[str, Any], store_dir: Path, endpoint: str | None, *,
              timeout: float | None = DEFAULT_TIMEOUT, limit: int | None = None,
              allow_service: bool = False) -> QueryResult:
    """Run on the remote endpoint or the embedded store; errors become one-line ClickExceptions.

    Locally the query runs through graph/endpoint.py ``evaluate`` (prefixes, SERVICE refused,
    deadline, streaming limit). A remote endpoint is sent the query with the project prefixes
    it does not declare, and applies its own rules; only the first ``limit`` rows are shown.
    """
    from tinhgon.graph.endpoint import (
        QueryRefused,
        QueryTimeout,
        evaluate,
        refuse_service,
        uses_service,
        with_prefix_declarations,
    )
    from tinhgon.graph.remote import RemoteEndpoint, RemoteError

    try:
        if not endpoint:
            refuse_service(sparql, allowed=allow_service)
        if not uses_service(sparql):  # the syntax check evaluates ASK: never let it call out
            check_syntax(sparql, prefixes=PROJECT_PREFIXES)
        if endpoint:
            result = RemoteEndpoint(endpoint).run(with_prefix_declarations(sparql), bindings)
            if limit is not None and len(result.rows) + len(result.triples) > limit:
                _note_truncated(limit)
            result.rows, result.triples = result.rows[:limit], result.triples[:limit]
            return result
        store = open_read_only(store_dir)
        answer = evaluate(store.oxigraph, sparql, bindings, timeout=timeout or None, limit=limit,
                          allow_service=allow_service)
    except QuerySyntaxError as exc:
        raise click.ClickException(str(exc)) from None
    except QueryTimeout as exc:
        # The engine's worker is a daemon thread: the process exits at once, it is not waited for.
        raise click.ClickException(f"{exc}; give it more time with --timeout SECONDS (0 = no limit)") from None
    except (QueryRefused, StoreError, RemoteError) as exc:
        raise click.ClickException(str(exc)) from None
    except (OSError, RuntimeError, SyntaxError) as exc:  # evaluation errors from Oxigraph
        raise click.ClickException(f"the query failed: {exc}") from None
    if answer.truncated:
        _note_truncated(limit)
    return answer.result


def open_read_only(store_dir: Path) -> GraphStore:
    """The store for reading; StoreError (one line) also when RocksDB trips over a writer's files."""
    try:
        return GraphStore(store_dir, read_only=True)
    except RuntimeError as exc:  # e.g. "Corruption: … MANIFEST" while a build compacts the store
        raise StoreError(f"{store_dir}: cannot open the graph store for reading ({str(exc).splitlines()[0]}); "
                         "if a build is writing it, try again when it is done") from None


def _note_truncated(limit: int | None) -> None:
    click.echo(f"note: stopped after {limit} rows (--limit {limit}); the query has more", err=True)


def emit(result: QueryResult, fmt: str, *, max_width: int = 60, limit: int | None = None) -> None:
    from tinhgon.graph.endpoint import serialize_graph, serialize_results

    if limit is not None:
        result.rows = result.rows[:limit]
        result.triples = result.triples[:limit]
    if fmt == "json":
        click.echo(result.to_json())
    elif fmt == "csv":
        sys.stdout.write(result.to_csv())
    elif fmt in ("tsv", "xml"):
        if result.form == "graph" and fmt == "xml":
            data = serialize_graph(result, ox.RdfFormat.RDF_XML)
        elif result.form == "graph":
            raise click.ClickException("TSV is for SELECT and ASK results; use turtle, xml or json for CONSTRUCT")
        else:
            data = serialize_results(result, ox.QueryResultsFormat.TSV if fmt == "tsv" else ox.QueryResultsFormat.XML)
        sys.stdout.flush()
        click.echo(data.decode("utf-8"), nl=not data.endswith(b"\n"))
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
    """The query text: from stdin (-), from a file when one is named, else the argument itself."""
    if file_or_text == "-":
        data = sys.stdin.buffer.read()
        return _decode_query(data, "standard input")
    p = Path(file_or_text)
    looks_like_file = len(file_or_text) < 4096 and "{" not in file_or_text and "\n" not in file_or_text
    if looks_like_file and p.exists():
        if not p.is_file():
            raise click.ClickException(f"{file_or_text}: not a query file (a directory or a special file)")
        try:
            size = p.stat().st_size
            if size > MAX_QUERY_BYTES:
                raise click.ClickException(f"{file_or_text}: {size:,} bytes is too long for a query file "
                                           f"(limit {MAX_QUERY_BYTES:,})")
            data = p.read_bytes()
        except OSError as exc:
            raise click.ClickException(f"{file_or_text}: cannot read the query file ({exc.strerror or exc})") from None
        return _decode_query(data, file_or_text)
    if file_or_text.endswith(".rq"):
        raise click.ClickException(f"{file_or_text}: no such query file")
    return file_or_text


MAX_QUERY_BYTES = 1_000_000


def _decode_query(data: bytes, where: str) -> str:
    """SPARQL text is UTF-8 (the SPARQL 1.1 grammar); anything else is refused with where it breaks."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise click.ClickException(
            f"{where}: the query is not UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); "
            "save it as UTF-8 (e.g. iconv -f WINDOWS-1258 -t UTF-8)") from None
    if "\x00" in text:
        raise click.ClickException(f"{where}: the query holds a NUL character; is it a binary file?")
    return text


@click.command(name="query")
@click.argument("file_or_text")
@param_option
@store_option
@endpoint_option
@format_option
@width_option
@limit_option
@timeout_option
@service_option
def query_cmd(file_or_text: str, params: tuple[str, ...], store_dir: Path, endpoint: str | None, fmt: str,
              max_width: int, limit: int | None, timeout: float, allow_service: bool) -> None:
    """Run a SPARQL query given as a file (.rq), as text, or on stdin (-).

    Queries see the union of all named graphs. A file with a `# param:` header binds and
    checks its parameters like `tinhgon ask`; otherwise each --param value is read as an
    IRI (<…>, http…, tgid:…), a date (2018-06-30), an integer, or else a string. The
    project's prefixes (tinhgon prefixes) need no PREFIX lines.
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
    result = run_query(text, bindings, store_dir, endpoint, timeout=timeout, limit=limit, allow_service=allow_service)
    emit(result, fmt, max_width=max_width, limit=limit)


@click.command(name="ask")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="Describe every query of the library and its parameters.")
@param_option
@store_option
@endpoint_option
@format_option
@width_option
@limit_option
@timeout_option
@click.option("--show", is_flag=True, help="Print the query's SPARQL instead of running it.")
def ask_cmd(name: str | None, list_: bool, params: tuple[str, ...], store_dir: Path, endpoint: str | None,
            fmt: str, max_width: int, limit: int | None, timeout: float, show: bool) -> None:
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
    emit(run_query(q.text, bindings, store_dir, endpoint, timeout=timeout, limit=limit), fmt,
         max_width=max_width, limit=limit)


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


@click.command(name="serve")
@store_option
@click.option("--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT",
              help="Host and port to listen on.")
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0),
              help="Seconds a query may run before the server stops it (0 = no limit).")
@click.option("--max-rows", default=None, type=click.IntRange(min=0),
              help="Rows (or triples) sent at most per query; the answer then carries X-Tinhgon-Truncated: true "
                   "[default: 10000; 0 = no limit].")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (for browser tools on other origins).")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses run: the server then sends HTTP requests to any URL a query names.")
def serve_cmd(store_dir: Path, bind: str, timeout: float, max_rows: int | None, cors: bool,
              allow_service: bool) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page.

    Query endpoint http://HOST:PORT/query (GET and POST; results as JSON, XML, CSV or TSV,
    CONSTRUCT as Turtle, N-Triples, RDF/XML or JSON-LD, by the Accept header), and at
    http://HOST:PORT/ a query page (YASGUI, served offline) that opens with the project's
    prefixes and the canned queries. Queries see the union of all named graphs; updates are
    refused; SERVICE is refused unless --allow-service. Stop with Ctrl-C.
    """
    from tinhgon.graph.endpoint import DEFAULT_ROW_LIMIT, PortInUse, Settings, bind_socket, serve

    if not (store_dir / "CURRENT").exists():
        raise click.ClickException(f"{store_dir}: no graph store here; run `tinhgon build` first")
    try:
        sock = bind_socket(bind)
    except (PortInUse, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    rows = DEFAULT_ROW_LIMIT if max_rows is None else (max_rows or None)
    settings = Settings(store_path=store_dir, timeout=timeout or None, max_rows=rows, cors=cors,
                        allow_service=allow_service)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"SPARQL endpoint http://{shown}:{port}/query (read-only"
               f"{', SERVICE allowed' if allow_service else ''}); query page http://{shown}:{port}/", err=True)
    try:
        serve(settings, sock)
    except OSError as exc:
        raise click.ClickException(f"{store_dir}: cannot open the graph store ({exc})") from None
    except KeyboardInterrupt:
        pass


def oxigraph_binary() -> str | None:
    """The `oxigraph` server CLI (the `server` extra): beside this Python (a venv's bin/) or on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    return shutil.which("oxigraph")


@click.command(name="push")
@store_option
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's SPARQL query endpoint (or its Graph Store endpoint).")
@click.option("--graph-store", default=None, metavar="URL",
              help="Graph Store Protocol URL when it cannot be guessed from --endpoint (Fuseki: /ds/data).")
@click.option("--update", "update_url", default=None, metavar="URL",
              help="SPARQL Update URL when it cannot be guessed from --endpoint (Oxigraph /update, Fuseki /ds/update).")
@click.option("--prune", is_flag=True,
              help="Also delete on the server the named graphs the local store no longer has.")
def push_cmd(store_dir: Path, endpoint: str, graph_store: str | None, update_url: str | None, prune: bool) -> None:
    """Load the graph (every named graph) into a SPARQL server, all or nothing.

    Every graph is first uploaded into a temporary graph (Graph Store Protocol, HTTP PUT);
    then one SPARQL update moves them all into place at once (and, with --prune, drops the
    server's graphs the store no longer has). If any step fails the temporary graphs are
    removed and the server keeps exactly what it had; the message says which step failed.
    """
    from tinhgon.graph.remote import PushError, RemoteEndpoint, RemoteError

    try:
        store = open_read_only(store_dir)
        report = RemoteEndpoint(endpoint).push(store, graph_store, update_endpoint=update_url, prune=prune)
    except PushError as exc:
        raise click.ClickException(str(exc)) from None
    except (StoreError, RemoteError) as exc:
        raise click.ClickException(str(exc)) from None
    for g, n in report.pushed:
        click.echo(f"pushed {g} ({n} triples)")
    for g in report.deleted:
        click.echo(f"deleted {g} (not in the local store)")
    kept = f"; {len(report.stale)} graphs on the server are not in the store (--prune deletes them)" \
        if report.stale else ""
    click.echo(f"{len(report.pushed)} graphs, {sum(n for _, n in report.pushed)} triples{kept}")


@click.command(name="prefixes")
@click.option("--format", "fmt", type=click.Choice(["table", "sparql", "turtle", "json"]), default="table",
              show_default=True, help="table, SPARQL PREFIX lines, Turtle @prefix lines, or a JSON-LD @context.")
def prefixes_cmd(fmt: str) -> None:
    """The project's prefixes, predeclared in `query`, `ask` and `serve` (a query may still declare its own)."""
    import json

    if fmt == "sparql":
        click.echo("\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PROJECT_PREFIXES.items()))
    elif fmt == "turtle":
        click.echo("\n".join(f"@prefix {p}: <{iri}> ." for p, iri in PROJECT_PREFIXES.items()))
    elif fmt == "json":
        click.echo(json.dumps({"@context": PROJECT_PREFIXES}, indent=1))
    else:
        click.echo(format_table(["prefix", "namespace"], [[p + ":", iri] for p, iri in PROJECT_PREFIXES.items()],
                                max_width=0).rsplit("\n", 1)[0])


COMMANDS = [query_cmd, ask_cmd, serve_cmd, push_cmd, prefixes_cmd]
