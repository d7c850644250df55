"""Guarded SPARQL evaluation and the read-only SPARQL 1.1 Protocol endpoint of ``tinhgon serve``.

Why not Oxigraph's own server: it cannot turn ``SERVICE`` off, so anyone who can reach it
can make it call internal URLs, and its query page cannot be given the project's prefixes
and canned queries. This module is a thin ASGI app (Starlette, served by uvicorn) over the
same embedded pyoxigraph store: the HTTP parsing is uvicorn's and Starlette's, the SPARQL
and the result formats are Oxigraph's.

:func:`evaluate` is shared by ``tinhgon query``/``ask`` and the server, so both refuse
``SERVICE`` unless asked, stop a query at a deadline, and stop reading the results after a
row limit (the engine streams: rows past the limit are never computed). pyoxigraph
releases the GIL while it evaluates, so the query runs in a worker thread and the caller
waits for it with a deadline; the worker checks a cancel flag between rows, so a timed-out
query stops at its next row. A single step that blocks without yielding rows (sorting or
grouping a huge product) cannot be interrupted from Python: it keeps one core until it ends,
and the server refuses new queries while ``max_running`` such workers are still busy.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tinhgon.graph.store import QueryResult, _mask_strings_and_comments, bind_values
from tinhgon.graph.vocab import PREFIXES

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run (``--timeout``; 0 = no limit)."""
DEFAULT_ROW_LIMIT = 10_000
"""Rows (or triples) the server sends at most for one query (``serve --max-rows``; 0 = no limit)."""
MAX_RUNNING = 4
"""Queries the server evaluates at once, counting timed-out ones whose engine step still runs."""

PROJECT_PREFIXES: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}
"""The project's prefixes, predeclared in every query (a query's own PREFIX wins)."""


class QueryRefused(ValueError):
    """A query this endpoint will not run (SERVICE, an update); the message says why and the way out."""


class QueryTimeout(TimeoutError):
    """The query ran past its deadline."""


# -- what a query may do ---------------------------------------------------------------------
_SERVICE = re.compile(r"(?<![\w:?$.\-])SERVICE(?![\w:\-])", re.IGNORECASE)
_UPDATE = re.compile(r"(?<![\w:?$])(INSERT|DELETE|DROP|CLEAR|LOAD|CREATE|ADD|MOVE|COPY)\b", re.IGNORECASE)
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.\-]*)?\s*:", re.IGNORECASE)


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` has the SERVICE keyword (outside strings, IRIs and comments).

    Errs on the side of refusing: text that only looks like the keyword to this scan is
    refused too, never the other way round.
    """
    return bool(_SERVICE.search(_mask_strings_and_comments(sparql)))


def refuse_service(sparql: str, *, allowed: bool, how: str = "--allow-service") -> None:
    if not allowed and uses_service(sparql):
        raise QueryRefused(
            "the query uses SERVICE (federated query), which would make this machine send HTTP requests "
            f"to the URLs it names; it is off by default ({how} turns it on)"
        )


def declared_prefixes(sparql: str) -> set[str]:
    """Prefix names the query declares itself."""
    return {m[1] or "" for m in _PREFIX_DECL.finditer(_mask_strings_and_comments(sparql))}


def with_prefix_declarations(sparql: str, prefixes: Mapping[str, str] = PROJECT_PREFIXES) -> str:
    """``sparql`` with PREFIX lines for the project prefixes it does not declare (for remote servers)."""
    have = declared_prefixes(sparql)
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in prefixes.items() if p not in have]
    return "\n".join([*lines, sparql]) if lines else sparql


# -- evaluation -------------------------------------------------------------------------------
@dataclass
class Answer:
    """A :class:`QueryResult` and whether rows were left unread because of the row limit."""

    result: QueryResult
    truncated: bool = False


def evaluate(
    store: ox.Store,
    sparql: str,
    bindings: Mapping[str, Any] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
    allow_service: bool = False,
    prefixes: Mapping[str, str] = PROJECT_PREFIXES,
    union: bool = True,
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
    running: threading.BoundedSemaphore | None = None,
) -> Answer:
    """Run one query with the project prefixes, SERVICE refused, a deadline and a row limit.

    Raises QueryRefused, QueryTimeout, SyntaxError (malformed query) or OSError (the engine).
    ``running``, when given, is held by the worker thread for as long as the engine works,
    also past a timeout, so a server can bound the work it has in flight.
    """
    refuse_service(sparql, allowed=allow_service)
    text = bind_values(sparql, bindings or {})
    kwargs: dict[str, Any] = {"prefixes": dict(prefixes)}
    if default_graph is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph] or ox.DefaultGraph()
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        kwargs["use_default_graph_as_union"] = union
    else:
        kwargs["use_default_graph_as_union"] = union

    cancel = threading.Event()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["answer"] = _read(store.query(text, **kwargs), limit, cancel)
        except BaseException as exc:  # handed to the waiting thread
            # Without its traceback: the frames hold the engine's result iterator, which
            # pyoxigraph requires to be dropped on this thread, not by a later GC elsewhere.
            box["error"] = exc.with_traceback(None)
        finally:
            if running is not None:
                running.release()

    if running is not None and not running.acquire(blocking=False):
        raise QueryRefused(f"the server is busy ({MAX_RUNNING} queries running); try again shortly")
    worker = threading.Thread(target=work, name="sparql-query", daemon=True)
    worker.start()
    worker.join(timeout if timeout else None)
    if worker.is_alive():
        cancel.set()
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
    if "error" in box:
        raise box["error"]
    return box["answer"]


def _rows(it: Iterator[Any], limit: int | None, cancel: threading.Event) -> tuple[list[Any], bool]:
    out: list[Any] = []
    for item in it if limit is None else islice(it, limit + 1):
        if cancel.is_set():
            raise QueryTimeout("stopped")
        out.append(item)
    if limit is not None and len(out) > limit:
        return out[:limit], True
    return out, False


def _read(res: Any, limit: int | None, cancel: threading.Event) -> Answer:
    if isinstance(res, ox.QueryBoolean):
        return Answer(QueryResult(form="ask", boolean=bool(res)))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        sols, cut = _rows(iter(res), limit, cancel)
        return Answer(QueryResult(form="select", variables=names, rows=[tuple(s[n] for n in names) for s in sols]),
                      cut)
    triples, cut = _rows(iter(res), limit, cancel)
    return Answer(QueryResult(form="graph", triples=triples), cut)


# -- result formats ---------------------------------------------------------------------------
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


def serialize_results(result: QueryResult, fmt: ox.QueryResultsFormat) -> bytes:
    """SELECT / ASK results in a SPARQL results format, written by Oxigraph's serialisers."""
    if result.form == "graph":
        raise ValueError("CONSTRUCT and DESCRIBE give triples, not a results table")
    parsed = ox.parse_query_results(result.to_json().encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt)


def serialize_graph(result: QueryResult, fmt: ox.RdfFormat, prefixes: Mapping[str, str] = PROJECT_PREFIXES) -> bytes:
    kwargs: dict[str, Any] = {"format": fmt}
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        kwargs["prefixes"] = dict(prefixes)
    return ox.serialize(result.triples, **kwargs)


def negotiate(accept: str, offered: list[str]) -> str | None:
    """The offered media type the client prefers (``Accept`` q-values, RFC 9110), or None.

    Each offered type takes the q of the most specific range that matches it; ties go to
    the order of ``offered`` (the server's preference).
    """
    ranges: list[tuple[str, float]] = []
    for part in (accept or "*/*").split(","):
        if not part.strip():
            continue
        mime, *params = (x.strip() for x in part.split(";"))
        q = 1.0
        for prm in params:
            k, _, v = prm.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        ranges.append((mime.lower(), q))
    best, best_q = None, 0.0
    for o in offered:
        matches = [(2 if r == o else 1 if r.endswith("/*") else 0, q) for r, q in ranges
                   if r in (o, "*/*") or (r.endswith("/*") and o.startswith(r[:-1]))]
        if not matches:
            continue
        q = max(matches)[1]
        if q > best_q:
            best, best_q = o, q
    return best


# -- the query page ---------------------------------------------------------------------------
ASSETS = Path(__file__).resolve().parent / "assets"


def page_examples() -> list[dict[str, str]]:
    """The canned queries as the query page's tabs: name, vi and en description, ready text."""
    from tinhgon.queries import list_queries

    out = []
    for q in list_queries():
        out.append({"name": q.name, "title": q.title, "tieu_de": q.tieu_de, "description": q.description,
                    "query": page_text(q)})
    return out


def page_text(q: Any) -> str:
    """A canned query ready to run in the page: parameters with defaults bound, the others named."""
    from tinhgon.queries import coerce

    defaults = {p.name: coerce(p, p.default) for p in q.params if p.default is not None}
    text = bind_values(q.text, defaults) if defaults else q.text
    needed = [p for p in q.params if p.required]
    if needed:
        hint = "\n".join(f"#   VALUES ?{p.name} {{ … }}   — {p.describe()}" for p in needed)
        text = f"# To run it, bind the parameters (add after the WHERE's opening brace):\n{hint}\n{text}"
    return text


def default_query() -> str:
    prefixes = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PROJECT_PREFIXES.items())
    return (f"{prefixes}\n\n# The project's prefixes are predeclared: the lines above are only a reminder.\n"
            "SELECT ?plan ?number ?label WHERE {\n  ?plan a tg:Plan .\n"
            "  OPTIONAL { ?plan tg:number ?number . }\n  OPTIONAL { ?plan dcterms:title ?label . }\n}\nLIMIT 50\n")


def query_page(*, title: str = "tinhgon — SPARQL") -> str:
    config = {"endpoint": "query", "prefixes": PROJECT_PREFIXES, "defaultQuery": default_query(),
              "examples": page_examples()}
    html = (ASSETS / "query.html").read_text(encoding="utf-8")
    blob = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return html.replace("{{TITLE}}", title).replace("{{CONFIG}}", blob)


# -- the ASGI app -----------------------------------------------------------------------------
@dataclass
class Settings:
    store_path: Path
    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_ROW_LIMIT
    cors: bool = False
    allow_service: bool = False
    max_running: int = MAX_RUNNING


def create_app(settings: Settings, store: ox.Store | None = None):
    """The Starlette app: ``/query`` (GET, POST), ``/update`` refused, the query page at ``/``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    db = store if store is not None else ox.Store.read_only(str(settings.store_path))
    running = threading.BoundedSemaphore(settings.max_running)
    page = query_page()

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message.rstrip() + "\n", status_code=status)

    async def query(request: Request) -> Response:
        params = request.query_params
        sparql = params.get("query")
        default_graphs = params.getlist("default-graph-uri")
        named = params.getlist("named-graph-uri")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                # The standard library's form decoder (Starlette's needs python-multipart).
                form = urllib.parse.parse_qsl((await request.body()).decode("utf-8", "replace"),
                                              keep_blank_values=True)
                if any(k == "update" for k, _ in form):
                    return error(403, "this endpoint is read-only: SPARQL updates are refused")
                sparql = next((v for k, v in form if k == "query"), sparql)
                default_graphs += [v for k, v in form if k == "default-graph-uri"]
                named += [v for k, v in form if k == "named-graph-uri"]
            elif ctype == "application/sparql-query":
                sparql = (await request.body()).decode("utf-8", "replace")
            elif ctype == "application/sparql-update":
                return error(403, "this endpoint is read-only: SPARQL updates are refused")
            else:
                return error(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query")
        if not sparql:
            return error(400, "no query: send it as the `query` parameter (SPARQL 1.1 Protocol)")
        try:
            answer = await asyncio.to_thread(
                evaluate, db, str(sparql), timeout=settings.timeout, limit=settings.max_rows,
                allow_service=settings.allow_service, default_graph=default_graphs or None,
                named_graphs=named or None, running=running)
        except QueryRefused as exc:
            return error(503 if "busy" in str(exc) else 403, str(exc))
        except QueryTimeout as exc:
            return error(503, str(exc))
        except SyntaxError as exc:
            if _UPDATE.search(_mask_strings_and_comments(str(sparql))):
                return error(400, f"this endpoint is read-only: SPARQL updates are refused ({exc})")
            return error(400, f"malformed query: {exc}")
        except OSError as exc:
            return error(500, f"the query failed: {exc}")
        result = answer.result
        headers = {"X-Tinhgon-Truncated": "true"} if answer.truncated else {}
        if answer.truncated:
            headers["X-Tinhgon-Row-Limit"] = str(settings.max_rows)
        accept = request.headers.get("accept", "*/*")
        if result.form == "graph":
            mime = negotiate(accept, list(GRAPH_TYPES)) or "text/turtle"
            body = serialize_graph(result, GRAPH_TYPES[mime])
        else:
            mime = negotiate(accept, list(RESULT_TYPES)) or "application/sparql-results+json"
            body = serialize_results(result, RESULT_TYPES[mime])
        charset = "" if mime.endswith(("+xml", "/xml")) else "; charset=utf-8"
        return Response(body, media_type=None, headers={**headers, "Content-Type": mime + charset})

    async def update(request: Request) -> Response:
        return error(403, "this endpoint is read-only: SPARQL updates are refused")

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    routes = [
        Route("/", index),
        Route("/query", query, methods=["GET", "POST"]),
        Route("/sparql", query, methods=["GET", "POST"]),
        Route("/update", update, methods=["GET", "POST"]),
        Mount("/assets", StaticFiles(directory=str(ASSETS)), name="assets"),
    ]
    app = Starlette(routes=routes)
    if settings.cors:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                           allow_headers=["*"], expose_headers=["X-Tinhgon-Truncated", "X-Tinhgon-Row-Limit"])
    return app


class PortInUse(OSError):
    """The address to serve on is taken; the message says so in one line."""


def bind_socket(bind: str):
    """A listening socket on HOST:PORT, or PortInUse / ValueError with one line to show."""
    import socket

    host, sep, port_text = bind.rpartition(":")
    if not sep or not port_text.isdigit():
        raise ValueError(f"--bind {bind!r}: write it as HOST:PORT, e.g. 127.0.0.1:7878")
    host = host.strip("[]") or "127.0.0.1"
    port = int(port_text)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise PortInUse(f"{host}:{port} is already in use (another server?); choose another with --bind") from None
        raise PortInUse(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(settings: Settings, sock, *, log_level: str = "warning") -> None:
    """Serve until Ctrl-C on an already bound socket."""
    import uvicorn

    config = uvicorn.Config(create_app(settings), log_level=log_level, access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
