"""A SPARQL 1.1 Protocol client, so the same queries run against any shared server.

When one machine is no longer enough, a team moves the graph to Fuseki, GraphDB, Virtuoso,
QLever or an Oxigraph server: ``push`` loads every named graph through the SPARQL 1.1 Graph
Store HTTP Protocol (one PUT per graph, so a re-push replaces exactly that graph, as a
rebuild does locally), and :class:`RemoteEndpoint` runs queries through the SPARQL 1.1
Protocol (POST, form-encoded) and reads the standard result formats back into the same
:class:`~tinhgon.graph.store.QueryResult` the embedded store gives.

Parameters are bound exactly as for the embedded store (an inline ``VALUES`` block,
``bind_values``). Queries run over the union of the named graphs, as locally: by default the
client lists the server's named graphs and names them all as ``default-graph-uri`` and as
``named-graph-uri`` (the protocol's way to choose the dataset, so ``GRAPH ?g`` still works);
``dataset="server"`` leaves the choice to a server
configured with a union default graph. Only the standard library is used (urllib).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from tinhgon.graph.store import GraphStore, QueryResult, bind_values

RESULTS_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5"
)


class RemoteError(Exception):
    """A remote endpoint that refused or failed a request; the message carries its answer."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


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
    def push(self, store: GraphStore, graph_store: str | None = None) -> list[tuple[str, int]]:
        """PUT every named graph of ``store`` to the server; returns (graph, triples) per graph."""
        gsp = graph_store or graph_store_url(self.url)
        done: list[tuple[str, int]] = []
        for g in store.named_graphs():
            nt = store.dump("nt", graph_iri=g)
            url = gsp + ("&" if "?" in gsp else "?") + urllib.parse.urlencode({"graph": g})
            self._request(url, data=nt, method="PUT", headers={"Content-Type": "application/n-triples"})
            done.append((g, nt.count(b"\n")))
        self._graphs = None
        return done


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
