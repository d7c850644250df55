"""Remote SPARQL: a real Oxigraph server process on loopback, push, and every canned query.

The server is `oxigraph serve` (the PyPI package `oxigraph`, in the `test` extra) started as a
separate process on a free 127.0.0.1 port. The graph goes in through the Graph Store
Protocol (`tinhgon push`), and every query of the library must give the same answer there
as on the embedded store. `tinhgon serve` is started the same way, read-only.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.test_queries import FIXTURE, FIXTURE_PARAMS
from tinhgon import queries as Q
from tinhgon.cli_query import oxigraph_binary
from tinhgon.graph.remote import STAGING, RemoteEndpoint, RemoteError, graph_store_url, update_url
from tinhgon.graph.store import GraphStore

from .conftest import stop

OXIGRAPH = oxigraph_binary()
needs_server = pytest.mark.skipif(OXIGRAPH is None, reason="the `oxigraph` server binary is not installed "
                                  "(pip install 'tinhgon[test]' provides it)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, attempts: int = 100) -> None:
    """Poll the server (at most ``attempts`` × 0.1 s); fail with its output if it died."""
    for _ in range(attempts):
        if proc.poll() is not None:
            out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode}: {out}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not answer")


@pytest.fixture(scope="module")
def cli() -> click.Group:
    """The installed `tinhgon` command group, which registers the query commands."""
    from tinhgon.cli import main

    return main


@pytest.fixture(scope="module")
def fixture_store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("remote") / "store"
    store = GraphStore(path)
    store.load(FIXTURE)
    del store
    return path


@pytest.fixture(scope="module")
def embedded(fixture_store_dir) -> GraphStore:
    return GraphStore(fixture_store_dir, read_only=True)


def oxigraph_server(location: Path) -> Iterator[str]:
    """An empty read-write Oxigraph server process on loopback; yields its query endpoint URL."""
    if OXIGRAPH is None:
        pytest.skip("the `oxigraph` server binary is not installed")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", proc)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    yield from oxigraph_server(tmp_path_factory.mktemp("oxigraph-server"))


@pytest.fixture(scope="module")
def pushed(server, fixture_store_dir, cli) -> str:
    res = CliRunner().invoke(cli, ["push", "--store", str(fixture_store_dir), "--endpoint", server])
    assert res.exit_code == 0, res.output
    return server


def test_graph_store_url_guesses() -> None:
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:7878") == "http://h:7878/store"
    assert graph_store_url("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert graph_store_url("http://h:3030/ds/data") == "http://h:3030/ds/data"
    with pytest.raises(RemoteError, match="--graph-store"):
        graph_store_url("http://h/repositories/x")


def test_unreachable_endpoint_is_a_clear_error() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(RemoteError, match="cannot reach the endpoint"):
        RemoteEndpoint(f"http://127.0.0.1:{port}/query", timeout=5).run("ASK {}")


@needs_server
def test_push_loads_every_named_graph(pushed, embedded) -> None:
    remote = RemoteEndpoint(pushed)
    assert remote.named_graphs() == embedded.named_graphs()
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert remote.run(count).column("n") == [len(embedded)]


@needs_server
def test_push_twice_replaces_not_duplicates(pushed, embedded, fixture_store_dir) -> None:
    RemoteEndpoint(pushed).push(embedded)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert RemoteEndpoint(pushed).run(count).column("n") == [len(embedded)]


@needs_server
@pytest.mark.parametrize("name", sorted(FIXTURE_PARAMS))
def test_every_canned_query_same_answer_remote_and_embedded(name, pushed, embedded) -> None:
    q = Q.load(name)
    bindings = q.bindings(FIXTURE_PARAMS[name])
    local = embedded.run(q.text, bindings)
    remote = RemoteEndpoint(pushed).run(q.text, bindings)
    assert local.form == remote.form
    assert local.rows or local.triples or local.boolean is not None, f"{name} answers nothing on the fixture"
    assert remote.variables == local.variables
    if local.form == "select":
        assert remote.rows == local.rows  # same rows, same order, same terms
    assert remote.comparable() == local.comparable()


@needs_server
def test_cli_endpoint_option_gives_the_same_table(pushed, fixture_store_dir, cli) -> None:
    args = ["ask", "halted-changes", "--store", str(fixture_store_dir)]
    local = CliRunner().invoke(cli, args)
    remote = CliRunner().invoke(cli, [*args, "--endpoint", pushed])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output
    assert "Cà Mau" in remote.output


@needs_server
def test_remote_error_carries_the_server_message(pushed) -> None:
    with pytest.raises(RemoteError, match="HTTP 400"):
        RemoteEndpoint(pushed).run("SELECT * WHERE { ?s ?p }")


def test_update_url_guesses() -> None:
    assert update_url("http://h:7878/query") == "http://h:7878/update"
    assert update_url("http://h:3030/ds/sparql") == "http://h:3030/ds/update"
    with pytest.raises(RemoteError, match="--update"):
        update_url("http://h/repositories/x")


# -- push: all or nothing (issue 13 row 11) ---------------------------------------------------
class FailingProxy:
    """A loopback proxy in front of a real server that fails one chosen request with HTTP 500.

    ``fail_put`` = n fails the n-th PUT (Graph Store upload); ``fail_update`` fails every
    SPARQL update. Everything else is forwarded as it is (stdlib http.server and urllib).
    """

    def __init__(self, target: str, *, fail_put: int | None = None, fail_update: bool = False) -> None:
        self.target = target.rsplit("/", 1)[0]
        self.fail_put, self.fail_update, self.puts = fail_put, fail_update, 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
                if self.command == "PUT":
                    proxy.puts += 1
                    if proxy.puts == proxy.fail_put:
                        return self._answer(500, b"disk full")
                if proxy.fail_update and self.path.startswith("/update"):
                    return self._answer(500, b"update failed")
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                req = urllib.request.Request(proxy.target + self.path, data=body, method=self.command, headers=headers)
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        self._answer(r.status, r.read(), r.headers.get("Content-Type"))
                except urllib.error.HTTPError as exc:
                    self._answer(exc.code, exc.read(), exc.headers.get("Content-Type"))

            def _answer(self, code: int, data: bytes, ctype: str | None = None) -> None:
                self.send_response(code)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FailingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def snapshot(endpoint: str) -> list[tuple[str, ...]]:
    return RemoteEndpoint(endpoint).run("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").comparable()


@pytest.fixture
def changed_store(fixture_store_dir, tmp_path) -> Path:
    """A copy of the fixture store with one graph dropped and one graph changed (closed again)."""
    path = tmp_path / "changed"
    shutil.copytree(fixture_store_dir, path, ignore=shutil.ignore_patterns("LOCK"))
    store = GraphStore(path)
    graphs = store.named_graphs()
    store.drop_graph(graphs[0])
    store.replace_graph(graphs[-1], "<https://w3id.org/tinhgon/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "
                                    '"changed" .')
    del store
    return path


@pytest.fixture
def fresh_server(tmp_path, fixture_store_dir, cli) -> Iterator[str]:
    for url in oxigraph_server(tmp_path / "srv"):
        res = CliRunner().invoke(cli, ["push", "--store", str(fixture_store_dir), "--endpoint", url])
        assert res.exit_code == 0, res.output
        yield url


@needs_server
@pytest.mark.parametrize("fail", [{"fail_put": 3}, {"fail_update": True}], ids=["third-put", "swap"])
def test_push_that_fails_leaves_the_server_as_it_was(fresh_server, changed_store, fail, cli) -> None:
    before = snapshot(fresh_server)
    with FailingProxy(fresh_server, **fail) as proxy:
        res = CliRunner().invoke(cli, ["push", "--store", str(changed_store), "--endpoint", proxy.url, "--prune"])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert "Nothing was changed on the server" in res.output
    if "fail_put" in fail:
        n = len(GraphStore(changed_store, read_only=True).named_graphs())
        assert f"push stopped at graph 3 of {n}" in res.output and "disk full" in res.output
    else:
        assert "final update" in res.output
    assert snapshot(fresh_server) == before
    assert not [g for g in RemoteEndpoint(fresh_server).named_graphs() if g.startswith(STAGING)]


@needs_server
def test_push_prune_deletes_graphs_the_store_no_longer_has(fresh_server, changed_store, cli) -> None:
    path = changed_store
    local = GraphStore(path, read_only=True).named_graphs()
    kept = CliRunner().invoke(cli, ["push", "--store", str(path), "--endpoint", fresh_server])
    assert kept.exit_code == 0, kept.output
    assert "1 graphs on the server are not in the store (--prune deletes them)" in kept.output
    assert len(RemoteEndpoint(fresh_server).named_graphs()) == len(local) + 1
    pruned = CliRunner().invoke(cli, ["push", "--store", str(path), "--endpoint", fresh_server, "--prune"])
    assert pruned.exit_code == 0, pruned.output
    assert "deleted https://w3id.org/tinhgon/graph/" in pruned.output
    assert RemoteEndpoint(fresh_server).named_graphs() == local
    assert snapshot(fresh_server) == GraphStore(path, read_only=True).run(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").comparable()


@needs_server
def test_tinhgon_serve_is_a_read_only_sparql_endpoint(fixture_store_dir, embedded) -> None:
    port = free_port()
    code = "from tinhgon.cli_query import serve_cmd; serve_cmd()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--store", str(fixture_store_dir), "--bind", f"127.0.0.1:{port}",
         "--timeout", "20"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            assert "text/html" in page.headers.get("Content-Type", "")
        endpoint = RemoteEndpoint(f"http://127.0.0.1:{port}/query", dataset="server")
        q = Q.load("plans-spawned")
        assert endpoint.run(q.text, q.bindings({})).rows == embedded.run(q.text, q.bindings({})).rows
        update = urllib.request.Request(
            f"http://127.0.0.1:{port}/update", data=b"update=DROP+ALL", method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(update, timeout=5)
        assert len(embedded.named_graphs()) == 7  # ontology, gazetteer, four sources, shared facts
        assert endpoint.run("ASK { ?s ?p ?o }").boolean is True
    finally:
        stop(proc)


# -- the same on the sample corpus graph ------------------------------------------------------

CORPUS_PARAMS: dict[str, dict[str, str]] = {
    "arrangement-became": {"name": "xã Hòn Thơm"},
    "arrangement-formed-from": {"name": "xã Hòn Thơm"},
    "agency-tasks": {"agency": "Sở Nội vụ"},
    "describe-node": {"node": "tgid:doc/74-kl-tw"},
    "document": {"doc": "tgid:doc/an-giang/19-ctr-tu"},
    "fact-source": {"node": "tgid:change/003-8fcee2da3dc81e12/3"},
    "find-agency": {"name": "so noi vu"},
    "lineage": {"plan": "tgid:doc/an-giang/19-ctr-tu"},
    "merger-across-provinces": {"input": "Văn phòng Hội đồng nhân dân"},
    "provinces-without-plan": {"directive": "tgid:doc/74-kl-tw"},
    "tasks-due": {"from": "2018-04-01", "to": "2018-06-30"},
    "tasks-overdue": {"asof": "2019-01-01"},
    "standing": {"doc": "tgid:doc/74-kl-tw", "date": "2021-01-01"},
    "amended-since": {"since": "2017-01-01"},
    "repealed-by": {"doc": "tgid:doc/an-giang/19-ctr-tu"},
    "in-force-implementing": {"date": "2021-01-01"},
}


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory) -> Iterator[str]:
    yield from oxigraph_server(tmp_path_factory.mktemp("oxigraph-corpus"))


@pytest.fixture(scope="module")
def corpus_pushed(corpus_server, built_store_dir, cli) -> str:
    res = CliRunner().invoke(cli, ["push", "--store", str(built_store_dir), "--endpoint", corpus_server])
    assert res.exit_code == 0, res.output
    return corpus_server


@needs_server
@pytest.mark.parametrize("name", sorted(q.name for q in Q.list_queries()))
def test_every_canned_query_same_answer_on_the_corpus(name, corpus_pushed, built_store) -> None:
    q = Q.load(name)
    bindings = q.bindings(CORPUS_PARAMS.get(name, {}))
    local = built_store.run(q.text, bindings)
    remote = RemoteEndpoint(corpus_pushed).run(q.text, bindings)
    assert local.form == remote.form
    assert remote.variables == local.variables
    if local.form == "select":
        assert remote.rows == local.rows
    assert remote.comparable() == local.comparable()
