"""A SPARQL 1.1 Protocol client, so the same queries run against any shared server.

When one machine is no longer enough, a team moves the graph to Fuseki, GraphDB, Virtuoso,
QLever or an Oxigraph server: ``push`` loads every named graph through the SPARQL 1.1 Graph
Store HTTP Protocol, all or nothing (:meth:`RemoteEndpoint.push`), and :class:`RemoteEndpoint`
runs queries through the SPARQL 1.1 Protocol (POST, form-encoded) and reads the standard
result formats back into the same :class:`~tinhgon.graph.store.QueryResult` the embedded
store gives.

Parameters are bound exactly as for the embedded store (an inline ``VALUES`` block,
``bind_values``). Queries run over the union of the named graphs, as locally: by default the
client lists the server's named graphs and names them all as ``default-graph-uri`` and as
``named-graph-uri`` (the protocol's way to choose the dataset, so ``GRAPH ?g`` still works);
``dataset="server"`` leaves the choice to a server
configured with a union default graph. Only the standard library is used (urllib).
"""

from __future__ import annotations

import contextlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from tinhgon.graph.store import GraphStore, QueryResult, bind_values
from tinhgon.graph.vocab import GRAPH

STAGING = str(GRAPH["push-staging/"])
"""Temporary graphs of a push in progress live under this IRI; a later push removes leftovers."""

RESULTS_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5"
)


@dataclass
class PushReport:
    """What a push changed on the server: graphs replaced (with triples), deleted, and left alone."""

    pushed: list[tuple[str, int]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # on the server, not in the store, kept (no --prune)


class RemoteError(Exception):
    """A remote endpoint that refused or failed a request; the message carries its answer."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PushError(Exception):
    """A push that failed; the message says at which step and that the server was left as it was."""


def update_url(endpoint: str) -> str:
    """Guess the SPARQL Update URL from the query endpoint (Oxigraph ``/update``, Fuseki ``/<ds>/update``)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/update"):
        new = path
    elif path in ("", "/query", "/store"):
        new = "/update"
    elif path.endswith(("/query", "/sparql", "/data")):
        new = path.rsplit("/", 1)[0] + "/update"
    else:
        raise RemoteError(f"cannot tell the SPARQL Update URL of {endpoint}; give it with --update")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


def graph_store_url(endpoint: str) -> str:
    """Guess the Graph Store Protocol URL of a server from its query endpoint.

    Oxigraph serves ``/query`` and ``/store``; Fuseki ``/<ds>/query`` (or ``/sparql``) and
    ``/<ds>/data``; a URL that already ends in ``/store``, ``/data`` or ``/rdf-graphs/service``
    (GraphDB) is taken as it is. Anything else needs ``--graph-store``.
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith(("/store", "/data", "/rdf-graphs/service")):
        new = path
    elif path in ("", "/query"):
        new = "/store"
    elif path.endswith(("/query", "/sparql")):
        new = path.rsplit("/", 1)[0] + "/data"
    else:
        raise RemoteError(f"cannot tell the Graph Store Protocol URL of {endpoint}; give it with --graph-store")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


class RemoteEndpoint:
    """A SPARQL 1.1 query endpoint (``http://host:7878/query``, ``http://host:3030/ds/query`` …)."""

    def __init__(self, url: str, *, timeout: float = 60.0, dataset: str = "union",
                 headers: Mapping[str, str] | None = None) -> None:
        if dataset not in ("union", "server"):
            raise ValueError("dataset must be 'union' or 'server'")
        self.url = url
        self.timeout = timeout
        self.dataset = dataset
        self.headers = dict(headers or {})
        self._graphs: list[str] | None = None

    # -- HTTP ----------------------------------------------------------------------------
    def _request(self, url: str, *, data: bytes | None = None, method: str = "GET",
                 headers: Mapping[str, str] | None = None) -> tuple[str, bytes]:
        req = urllib.request.Request(url, data=data, method=method, headers={**self.headers, **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            raise RemoteError(f"{method} {url}: HTTP {exc.code}: {body or exc.reason}", exc.code) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteError(f"{method} {url}: cannot reach the endpoint ({reason})") from None

    # -- queries -------------------------------------------------------------------------
    def named_graphs(self) -> list[str]:
        """The server's named graphs (cached for the life of this client)."""
        if self._graphs is None:
            res = self._post_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=False)
            self._graphs = sorted(row[0].value for row in res.rows if row[0] is not None)
        return self._graphs

    def run(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run any query form with parameters bound; the answer as a QueryResult."""
        return self._post_query(bind_values(sparql, bindings or {}), dataset=self.dataset == "union")

    def _post_query(self, sparql: str, *, dataset: bool) -> QueryResult:
        form: list[tuple[str, str]] = [("query", sparql)]
        if dataset:
            graphs = self.named_graphs()
            form += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        data = urllib.parse.urlencode(form).encode("utf-8")
        ctype, body = self._request(self.url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS_ACCEPT,
        })
        return parse_response(ctype, body)

    # -- Graph Store Protocol ------------------------------------------------------------
    def push(self, store: GraphStore, graph_store: str | None = None, *, update_endpoint: str | None = None,
             prune: bool = False) -> PushReport:
        """Make the server's named graphs equal to the store's, all or nothing.

        1. every graph is PUT into a staging graph (``STAGING<token>/<n>``), so the live
           graphs are not touched while the data travels;
        2. one SPARQL update request MOVEs every staging graph onto its live graph (and, with
           ``prune``, DROPs the live graphs the store no longer has): one request is one
           transaction on Oxigraph, Fuseki and GraphDB, so readers see the old graphs or
           the new ones, never a mix;
        3. if step 1 or 2 fails, the staging graphs are dropped and PushError says which
           graph or step failed and that the live graphs are as they were.
        """
        gsp = graph_store or graph_store_url(self.url)
        upd = update_endpoint or update_url(self.url)
        local = store.named_graphs()
        remote = self._remote_graphs()
        leftovers = [g for g in remote if g.startswith(STAGING)]
        live = [g for g in remote if not g.startswith(STAGING)]
        token = secrets.token_hex(6)
        staged: list[tuple[str, str, int]] = []  # (staging graph, live graph, triples)
        try:
            for i, g in enumerate(local):
                nt = store.dump("nt", graph_iri=g)
                tmp = f"{STAGING}{token}/{i}"
                url = gsp + ("&" if "?" in gsp else "?") + urllib.parse.urlencode({"graph": tmp})
                try:
                    self._request(url, data=nt, method="PUT", headers={"Content-Type": "application/n-triples"})
                except RemoteError as exc:
                    raise PushError(
                        f"push stopped at graph {i + 1} of {len(local)} ({g}): {exc}. Nothing was changed on the "
                        "server: the graphs already uploaded were staging copies and have been removed; "
                        "run the same push again") from None
                staged.append((tmp, g, nt.count(b"\n")))
            stale = [g for g in live if g not in set(local)]
            ops = [f"MOVE SILENT GRAPH <{tmp}> TO GRAPH <{g}>" for tmp, g, _ in staged]
            ops += [f"DROP SILENT GRAPH <{g}>" for g in (stale if prune else [])]
            ops += [f"DROP SILENT GRAPH <{g}>" for g in leftovers]
            try:
                self._update(upd, " ;\n".join(ops))
            except RemoteError as exc:
                raise PushError(
                    f"the server refused the final update that swaps the new graphs in ({exc}). Nothing was "
                    "changed on the server; the staging copies have been removed") from None
            staged_done = staged
            staged = []
        finally:
            if staged:
                self._drop_quietly(gsp, [tmp for tmp, _, _ in staged])
            self._graphs = None
        return PushReport(pushed=[(g, n) for _, g, n in staged_done], deleted=stale if prune else [],
                          stale=[] if prune else stale)

    def _remote_graphs(self) -> list[str]:
        self._graphs = None
        return self.named_graphs()

    def _update(self, url: str, update: str) -> None:
        data = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self._request(url, data=data, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})

    def _drop_quietly(self, gsp: str, graphs: list[str]) -> None:
        """Best effort: DELETE the staging graphs after a failure (Graph Store Protocol, so it
        works when the update endpoint is what failed); a later push removes what is left."""
        for g in graphs:
            url = gsp + ("&" if "?" in gsp else "?") + urllib.parse.urlencode({"graph": g})
            with contextlib.suppress(RemoteError):
                self._request(url, method="DELETE")


def parse_response(content_type: str, body: bytes) -> QueryResult:
    """Read a SPARQL results document (JSON, XML, TSV, CSV) or an RDF graph into a QueryResult."""
    mime = content_type.split(";")[0].strip().lower()
    if mime in ("application/sparql-results+json", "application/json"):
        return _from_results(body, ox.QueryResultsFormat.JSON)
    if mime in ("application/sparql-results+xml", "application/xml"):
        return _from_results(body, ox.QueryResultsFormat.XML)
    if mime == "text/tab-separated-values":
        return _from_results(body, ox.QueryResultsFormat.TSV)
    rdf = {
        "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
        "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
    }.get(mime)
    if rdf is None:
        raise RemoteError(f"the endpoint answered with {content_type or 'no content type'}, not SPARQL results")
    try:
        quads = ox.parse(body, format=rdf)
        return QueryResult.from_triples(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    except SyntaxError as exc:
        raise RemoteError(f"the endpoint's {mime} answer does not parse: {exc}") from None


def _from_results(body: bytes, fmt: ox.QueryResultsFormat) -> QueryResult:
    try:
        return QueryResult.from_oxigraph(ox.parse_query_results(body, format=fmt))
    except (SyntaxError, ValueError) as exc:
        preview = body[:200].decode("utf-8", "replace")
        raise RemoteError(f"cannot read the endpoint's results ({exc}): {preview!r}") from None


def results_json_to_result(doc: str | bytes | Mapping[str, Any]) -> QueryResult:
    """A SPARQL 1.1 results JSON document (text or parsed) as a QueryResult."""
    raw = json.dumps(doc).encode("utf-8") if isinstance(doc, Mapping) else (
        doc.encode("utf-8") if isinstance(doc, str) else doc)
    return _from_results(raw, ox.QueryResultsFormat.JSON)
