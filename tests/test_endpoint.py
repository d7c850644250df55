"""`tinhgon serve`: the project's read-only SPARQL 1.1 Protocol endpoint and its query page.

A real `tinhgon serve` process on a free loopback port, driven through HTTP (urllib) and the
project's own SPARQL client; the query page is opened in headless Chromium and runs a canned
query. Issue 13 rows 9, 10 and 12; issue 16's query page.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.test_queries import FIXTURE, FIXTURE_PARAMS
from tinhgon import queries as Q
from tinhgon.graph.endpoint import negotiate, page_examples, uses_service
from tinhgon.graph.remote import RemoteEndpoint
from tinhgon.graph.store import GraphStore

from .conftest import stop

TINHGON = str(Path(sys.executable).parent / "tinhgon")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(store: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([TINHGON, "serve", "--store", str(store), "--bind", f"127.0.0.1:{port}", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with {proc.returncode}: {proc.stdout.read().decode()}")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return proc, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("serve did not answer")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("endpoint") / "store"
    store = GraphStore(path)
    store.load(FIXTURE)
    del store
    return path


@pytest.fixture(scope="module")
def server(store_dir) -> Iterator[str]:
    proc, base = start_serve(store_dir, "--max-rows", "50")
    try:
        yield base
    finally:
        stop(proc)


def get(url: str, *, accept: str | None = None, data: bytes | None = None, ctype: str | None = None,
        method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {}
    if accept:
        headers["Accept"] = accept
    if ctype:
        headers["Content-Type"] = ctype
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def q_url(base: str, query: str) -> str:
    return f"{base}/query?" + urllib.parse.urlencode({"query": query})


SELECT_PLANS = "SELECT ?d WHERE { ?d a tg:Plan } ORDER BY ?d"


# -- the protocol -------------------------------------------------------------------------------
def test_get_and_post_give_the_same_answer_with_predeclared_prefixes(server) -> None:
    status, headers, body = get(q_url(server, SELECT_PLANS))
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    doc = json.loads(body)
    plans = [b["d"]["value"] for b in doc["results"]["bindings"]]
    assert "https://w3id.org/tinhgon/id/doc/ca-mau/ke-hoach-2020-deadbeef" in plans
    form = urllib.parse.urlencode({"query": SELECT_PLANS}).encode()
    _, _, posted = get(server + "/query", data=form, ctype="application/x-www-form-urlencoded")
    assert json.loads(posted) == doc
    _, _, direct = get(server + "/query", data=SELECT_PLANS.encode(), ctype="application/sparql-query")
    assert json.loads(direct) == doc


@pytest.mark.parametrize(("accept", "fmt"), [
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("application/sparql-results+json;q=0.5, text/tab-separated-values;q=0.9", ox.QueryResultsFormat.TSV),
])
def test_results_formats_by_content_negotiation(server, accept, fmt) -> None:
    status, headers, body = get(q_url(server, SELECT_PLANS), accept=accept)
    assert status == 200
    assert headers["content-type"].split(";")[0] == (accept.split(",")[-1].split(";")[0].strip())
    if fmt == ox.QueryResultsFormat.CSV:  # Oxigraph writes CSV but does not read it back
        assert body.decode().split("\r\n")[:2] == ["d", "https://w3id.org/tinhgon/id/doc/07-kh-tw"]
    else:
        assert len(list(ox.parse_query_results(body, format=fmt))) == 4


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/ld+json", ox.RdfFormat.JSON_LD),
])
def test_construct_by_content_negotiation(server, accept, fmt) -> None:
    status, headers, body = get(q_url(server, "CONSTRUCT WHERE { ?d a tg:Plan }"), accept=accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    assert len(list(ox.parse(body, format=fmt))) == 4


def test_negotiate_prefers_the_most_specific_range() -> None:
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate("text/*;q=0.8, */*;q=0.1", offered) == "text/csv"
    assert negotiate("*/*", offered) == "application/sparql-results+json"
    assert negotiate("text/csv;q=0, */*;q=0.5", offered) == "application/sparql-results+json"
    assert negotiate("image/png", offered) is None


def test_updates_are_refused(server, store_dir) -> None:
    before = GraphStore(store_dir, read_only=True).canonical_nquads()
    form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    for url, data, ctype in [(server + "/query", form, "application/x-www-form-urlencoded"),
                             (server + "/update", form, "application/x-www-form-urlencoded"),
                             (server + "/query", b"DROP ALL", "application/sparql-update")]:
        status, _, body = get(url, data=data, ctype=ctype)
        assert status == 403 and b"read-only" in body
    status, _, body = get(q_url(server, "DROP ALL"))
    assert status == 400 and b"read-only" in body
    assert GraphStore(store_dir, read_only=True).canonical_nquads() == before


def test_malformed_query_is_a_400_with_the_reason(server) -> None:
    status, _, body = get(q_url(server, "SELECT * WHERE { ?s ?p }"))
    assert status == 400 and body.startswith(b"malformed query")


def test_row_limit_cuts_and_says_so(store_dir, server) -> None:
    status, headers, body = get(q_url(server, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 50
    assert headers.get("x-tinhgon-truncated") == "true" and headers.get("x-tinhgon-row-limit") == "50"
    _, headers, _ = get(q_url(server, SELECT_PLANS))
    assert "x-tinhgon-truncated" not in headers


def test_no_cors_header_unless_asked(server, store_dir) -> None:
    _, headers, _ = get(q_url(server, "ASK {}"))
    assert "access-control-allow-origin" not in headers
    proc, base = start_serve(store_dir, "--cors")
    try:
        req = urllib.request.Request(q_url(base, "ASK {}"), headers={"Origin": "http://example.org"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.headers["Access-Control-Allow-Origin"] == "*"
    finally:
        stop(proc)


@pytest.mark.parametrize("name", sorted(FIXTURE_PARAMS))
def test_every_canned_query_same_answer_served_and_embedded(name, server, store_dir) -> None:
    q = Q.load(name)
    bindings = q.bindings(FIXTURE_PARAMS[name])
    local = GraphStore(store_dir, read_only=True).run(q.text, bindings)
    for dataset in ("union", "server"):  # default-graph-uri = every graph, or the server's union
        remote = RemoteEndpoint(server + "/query", dataset=dataset).run(q.text, bindings)
        assert remote.variables == local.variables
        assert remote.comparable() == local.comparable(), dataset


# -- SERVICE, timeouts, the port (issue 13 rows 9, 10, 12) ------------------------------------
class Listener:
    """A loopback TCP listener that counts connections: did anyone try to call out?"""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lis = Listener()
    yield lis
    lis.close()


def test_service_is_refused_and_nothing_calls_out(server, listener) -> None:
    for q in (f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
              f"ASK {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}",
              f"SELECT * WHERE {{ VALUES ?e {{ <{listener.url}> }} SERVICE ?e {{ ?s ?p ?o }} }}"):
        status, _, body = get(q_url(server, q))
        assert status == 403 and b"SERVICE" in body, q
    time.sleep(0.3)
    assert listener.connections == 0


def test_cli_service_flag_is_what_lets_the_engine_call_out(store_dir, listener) -> None:
    q = f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    refused = subprocess.run([TINHGON, "query", q, "--store", str(store_dir)], capture_output=True, text=True)
    assert refused.returncode == 1 and "uses SERVICE" in refused.stderr
    assert listener.connections == 0
    allowed = subprocess.run([TINHGON, "query", q, "--store", str(store_dir), "--allow-service", "--timeout", "20"],
                             capture_output=True, text=True, timeout=60)
    assert "Traceback" not in allowed.stderr
    time.sleep(0.3)
    assert listener.connections >= 1


def test_uses_service_sees_through_layout() -> None:
    assert uses_service("SELECT * {\n  service\t<http://x/> { ?s ?p ?o } }")
    assert uses_service("SELECT * { SERVICE<http://x/>{} }")
    assert not uses_service("SELECT ?service_x { ?service_x ?p ?o }")


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "store"
    store = GraphStore(path)
    ex = "http://example.org/"
    store.replace_graph(ex + "g", "".join(f'<{ex}s{i}> <{ex}p> "{i}" .\n' for i in range(300)))
    del store
    return path


def test_server_timeout_stops_a_runaway_query_and_keeps_serving(big_store) -> None:
    proc, base = start_serve(big_store, "--timeout", "1")
    try:
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
        t0 = time.monotonic()
        status, _, body = get(q_url(base, q))
        assert status == 503 and b"longer than 1 s" in body
        print(f"runaway query answered 503 after {time.monotonic() - t0:.1f} s")
        status, _, body = get(q_url(base, "ASK { ?s ?p ?o }"))
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        stop(proc)


def test_serve_on_a_port_in_use_says_so_in_one_line(store_dir) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run([TINHGON, "serve", "--store", str(store_dir), "--bind", f"127.0.0.1:{port}"],
                              capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"Error: 127.0.0.1:{port} is already in use (another server?); "
                                        "choose another with --bind"]
    bad = subprocess.run([TINHGON, "serve", "--store", str(store_dir), "--bind", "nowhere"],
                         capture_output=True, text=True, timeout=30)
    assert bad.returncode != 0 and len(bad.stderr.splitlines()) == 1 and "HOST:PORT" in bad.stderr


def test_serve_without_a_store_is_one_line(tmp_path) -> None:
    proc = subprocess.run([TINHGON, "serve", "--store", str(tmp_path / "none")], capture_output=True, text=True)
    assert proc.returncode == 1 and "run `tinhgon build` first" in proc.stderr


# -- the query page (issue 16) ---------------------------------------------------------------
def test_page_carries_prefixes_and_every_canned_query_with_both_descriptions(server) -> None:
    status, headers, body = get(server + "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    html = body.decode("utf-8")
    assert 'src="assets/yasgui/yasgui.min.js"' in html and "https://" not in html.split("<script")[0]
    config = json.loads(html.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["prefixes"]["tgid"] == "https://w3id.org/tinhgon/id/"
    assert "PREFIX tg: <https://w3id.org/tinhgon/ontology#>" in config["defaultQuery"]
    names = [e["name"] for e in config["examples"]]
    assert names == sorted(q.name for q in Q.list_queries())
    for e in config["examples"]:
        assert e["title"] and e["tieu_de"], e["name"]
    status, headers, js = get(server + "/assets/yasgui/yasgui.min.js")
    assert status == 200 and len(js) > 500_000


def test_page_examples_bind_defaults_and_name_required_parameters() -> None:
    by_name = {e["name"]: e for e in page_examples()}
    assert "VALUES (?directive) { (<https://w3id.org/tinhgon/id/doc/18-nq-tw>) }" in by_name["plans-spawned"]["query"]
    assert "#   VALUES ?asof { … }" in by_name["tasks-overdue"]["query"]


def _chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # offline: the web is unreachable
           f"--user-data-dir={profile}", "--window-size=1400,900", "--virtual-time-budget=20000", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})


@needs_chromium
def test_chromium_runs_a_canned_query_from_the_page(server, tmp_path) -> None:
    """The page, offline, opens plans-spawned from its library, runs it, and shows the rows."""
    url = server + "/?run=plans-spawned"
    for attempt in range(3):  # headless Chromium occasionally dies at start on a loaded machine
        res = _chromium(url, tmp_path / f"profile{attempt}", "--dump-dom")
        if "<body" in res.stdout:
            break
    dom = res.stdout
    assert 'data-answered="1"' in dom, res.stderr[-2000:]
    assert "12-CTr/TU" in dom and "Lâm Đồng" in dom  # rows of the answer, drawn by YASR
    assert 'class="tab active"' in dom or "plans-spawned" in dom
    shot = tmp_path / "page.png"
    _chromium(url, tmp_path / "profile-shot", f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 20_000
