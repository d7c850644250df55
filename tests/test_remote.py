"""Remote SPARQL: a real Oxigraph server process on loopback, push, and every canned query.

The server is `oxigraph serve` (the PyPI package `oxigraph`, in the `test` extra) started as a
separate process on a free 127.0.0.1 port. The graph goes in through the Graph Store
Protocol (`tinhgon push`), and every query of the library must give the same answer there
as on the embedded store. `tinhgon serve` is started the same way, read-only.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.test_queries import FIXTURE, FIXTURE_PARAMS
from tinhgon import queries as Q
from tinhgon.cli_query import oxigraph_binary
from tinhgon.graph.remote import RemoteEndpoint, RemoteError, graph_store_url
from tinhgon.graph.store import GraphStore

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


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


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
        assert len(embedded.named_graphs()) == 6
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
