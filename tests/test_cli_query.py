"""The analysts' command line: query, ask, formats, errors, and the aligned table."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import click
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from tests.conftest import cp1258_bytes
from tinhgon.cli_query import COMMANDS, display_width, format_table
from tinhgon.graph.store import GraphStore

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def cli() -> click.Group:
    """The installed `tinhgon` command group, which registers the query commands."""
    from tinhgon.cli import main

    return main


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cliq") / "store"
    store = GraphStore(path)
    store.load(DATA / "fixture.trig")
    del store
    return path


def run(cli: click.Group, store_dir: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--store", str(store_dir)], catch_exceptions=False)


def test_commands_are_exported_for_the_main_cli() -> None:
    assert [c.name for c in COMMANDS] == ["query", "ask", "serve", "push", "prefixes"]


def test_ask_list_describes_queries_and_parameters(cli, store_dir) -> None:
    out = run(cli, store_dir, "ask", "--list").output
    assert "halted-changes\n    Halted changes" in out
    assert "--param from (date) — first day of the period" in out
    assert "--param directive (iri) — the directive [default tgid:doc/18-nq-tw]" in out
    assert "Các thay đổi tổ chức bộ máy bị dừng" in out or "bị dừng" in out


def test_ask_prints_an_aligned_table(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "pilots", "--max-width", "0")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[-1] == "(4 rows)"
    header, rule, *rows = lines[:-1]
    assert set(rule) <= {"─", " "}
    status_col = display_width(header[:header.index("status")])
    kind_col = display_width(header[:header.index("kind")])
    for row in rows:
        # Province names of different diacritics ("Cà Mau", "Lâm Đồng") before them, and yet
        # the status and kind columns start at the same display column on every line.
        status = next(s for s in ("not-expanded", "pilot") if f"  {s}  " in row)
        at = row.index(f"  {status}  ") + 2
        assert display_width(row[:at]) == status_col
        kind = row[at + len(status):].split()[0]
        assert display_width(row[:row.index(kind, at + len(status))]) == kind_col
    assert any("Lâm Đồng" in r and "huyện Đam Rông" in r for r in rows)


def test_format_table_aligns_by_display_width() -> None:
    decomposed = unicodedata.normalize("NFD", "Đồng")  # combining marks take no column
    text = format_table(["a", "b"], [["Lâm " + decomposed, "x"], ["Hà Nội", "y"], ["北京", "z"]])
    lines = text.splitlines()
    cols = [display_width(line[: line.rindex(" ") + 1]) for line in lines[2:5]]
    assert cols == [cols[0]] * 3
    assert lines[-1] == "(3 rows)"
    cut = format_table(["t"], [["Tạm dừng việc hợp nhất Văn phòng Đoàn đại biểu Quốc hội"]], max_width=12)
    assert cut.splitlines()[2] == "Tạm dừng vi…"


def test_csv_output(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "tasks-due", "-p", "from=2018-01-01", "-p", "to=2018-12-31", "--format", "csv")
    rows = list(csv.reader(io.StringIO(res.output)))
    assert rows[0] == ["dueDate", "due", "provinceLabel", "document", "ref", "lead", "text", "task"]
    assert rows[1][:5] == ["2018-06-30", "2018-Q2", "Hà Giang", "12-CTr/TU", "II.1"]
    assert b"\r\n" in res.stdout_bytes  # SPARQL 1.1 CSV ends rows with CRLF


def test_json_output_is_sparql_results_json(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "lineage", "-p", "plan=tgid:doc/ca-mau/ke-hoach-2020-deadbeef", "--format", "json")
    doc = json.loads(res.output)
    assert doc["head"]["vars"][:3] == ["ancestor", "number", "kind"]
    first = doc["results"]["bindings"][0]
    assert first["ancestor"] == {"type": "uri", "value": "https://w3id.org/tinhgon/id/doc/74-kl-tw"}
    assert first["depth"] == {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    # Never bound to a name: pyoxigraph's result objects must be freed on the thread that made them.
    assert len(list(ox.parse_query_results(res.output.encode(), format=ox.QueryResultsFormat.JSON))) == 2


def test_turtle_for_construct(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "describe-node", "-p", "node=tgid:doc/74-kl-tw", "--format", "turtle")
    triples = list(ox.parse(res.output.encode(), format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("#reviews") for t in triples)
    assert "@prefix tgid:" in res.output


def test_turtle_for_select_is_refused(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "pilots", "--format", "turtle")
    assert res.exit_code != 0
    assert "Turtle output is for CONSTRUCT and DESCRIBE" in res.output


def test_ask_boolean(cli, store_dir) -> None:
    res = run(cli, store_dir, "query", "ASK { ?c <https://w3id.org/tinhgon/ontology#haltedBy> ?d }")
    assert res.output.strip() == "yes"


def test_malformed_query_names_its_position(cli, store_dir) -> None:
    res = run(cli, store_dir, "query", "SELECT ?n WHERE {\n  ?d ?p ?n\n  FILTER(?n = ) }")
    assert res.exit_code != 0
    assert "malformed SPARQL at line 3, column 3" in res.output
    assert "\n    FILTER(?n = ) }\n    ^\n" in res.output  # the line, and a caret under column 3


def test_missing_parameter_names_it(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "tasks-overdue")
    assert res.exit_code != 0
    assert "needs parameter 'asof'" in res.output


def test_bad_parameter_value_names_it(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "tasks-overdue", "-p", "asof=31/12/2018")
    assert res.exit_code != 0
    assert "parameter 'asof' (date)" in res.output


def test_unknown_query(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "no-such-question")
    assert res.exit_code != 0 and "no query named 'no-such-question'" in res.output


def test_query_file_with_header_binds_its_parameters(cli, store_dir, tmp_path) -> None:
    f = tmp_path / "mine.rq"
    f.write_text("# name: mine\n# param: p (type: string) — province\n"
                 "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                 "SELECT ?x WHERE { ?x skos:prefLabel ?l . FILTER(STR(?l) = ?p) }\n", encoding="utf-8")
    res = run(cli, store_dir, "query", str(f), "-p", "p=Cà Mau", "--format", "csv")
    assert res.output.splitlines() == ["x", "https://w3id.org/tinhgon/id/place/ca-mau"]
    missing = run(cli, store_dir, "query", str(f))
    assert missing.exit_code != 0 and "needs parameter 'p'" in missing.output


def test_adhoc_query_guesses_parameter_types(cli, store_dir) -> None:
    q = ("PREFIX tg: <https://w3id.org/tinhgon/ontology#>\n"
         "SELECT ?ref WHERE { ?t tg:lead ?a ; tg:ref ?ref ; tg:dueDate ?d . FILTER(?d < ?asof) } ORDER BY ?ref")
    res = run(cli, store_dir, "query", q, "-p", "a=tgid:agency/lam-dong/so-noi-vu", "-p", "asof=2019-01-01",
              "--format", "csv")
    assert res.output.splitlines() == ["ref", "B.1"]


def test_missing_store_is_a_clear_error(cli, tmp_path) -> None:
    res = run(cli, tmp_path / "nowhere", "ask", "pilots")
    assert res.exit_code != 0 and "run `tinhgon build` first" in res.output


# -- prefixes, formats, suggestions (issue 16) ------------------------------------------------
def test_project_prefixes_are_predeclared(cli, store_dir) -> None:
    res = run(cli, store_dir, "query", "SELECT ?d WHERE { ?d a tg:Plan } ORDER BY ?d", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert "https://w3id.org/tinhgon/id/doc/ca-mau/ke-hoach-2020-deadbeef" in res.output.splitlines()
    # A query's own PREFIX wins over the predeclared one.
    own = run(cli, store_dir, "query", "PREFIX tg: <http://example.org/other#>\nASK { ?d a tg:Plan }")
    assert own.output.strip() == "no"


def test_malformed_query_with_predeclared_prefixes_still_points_at_the_fault(cli, store_dir) -> None:
    res = run(cli, store_dir, "query", "SELECT ?d WHERE {\n  ?d a tg:Plan\n  FILTER(?d = ) }")
    assert res.exit_code != 0
    assert "line 3, column 3" in res.output and "Prefix" not in res.output


def test_prefixes_command_lists_them(cli, store_dir) -> None:
    out = CliRunner().invoke(cli, ["prefixes"]).output
    assert "tg:" in out and "https://w3id.org/tinhgon/ontology#" in out and "tgid:" in out
    sparql = CliRunner().invoke(cli, ["prefixes", "--format", "sparql"]).output
    assert "PREFIX tgid: <https://w3id.org/tinhgon/id/>" in sparql.splitlines()
    ctx = json.loads(CliRunner().invoke(cli, ["prefixes", "--format", "json"]).output)
    assert ctx["@context"]["dcterms"] == "http://purl.org/dc/terms/"


def test_tsv_and_xml_results(cli, store_dir) -> None:
    tsv = run(cli, store_dir, "ask", "pilots", "--format", "tsv")
    assert tsv.exit_code == 0, tsv.output
    parsed = list(ox.parse_query_results(tsv.output.encode(), format=ox.QueryResultsFormat.TSV))
    assert len(parsed) == 4
    assert tsv.output.splitlines()[0].startswith("?")
    xml = run(cli, store_dir, "ask", "pilots", "--format", "xml")
    parsed = list(ox.parse_query_results(xml.output.encode(), format=ox.QueryResultsFormat.XML))
    assert len(parsed) == 4 and any("Lâm Đồng" in str(s) for s in parsed)
    rdfxml = run(cli, store_dir, "ask", "describe-node", "-p", "node=tgid:doc/74-kl-tw", "--format", "xml")
    assert list(ox.parse(rdfxml.output.encode(), format=ox.RdfFormat.RDF_XML))


def test_ask_suggests_close_names(cli, store_dir) -> None:
    res = run(cli, store_dir, "ask", "halted")
    assert res.exit_code != 0
    assert "did you mean halted-changes" in res.output
    assert "pilots" not in res.output  # not the whole list
    typo = run(cli, store_dir, "ask", "lineag")
    assert "did you mean lineage" in typo.output


# -- hostile input (issue 13 rows 8-10) -------------------------------------------------------
def test_query_file_not_utf8_is_a_clear_error(cli, store_dir, tmp_path) -> None:
    f = tmp_path / "cp1258.rq"
    f.write_bytes(b"SELECT * WHERE { ?s ?p ?o }\n" + cp1258_bytes('# Kế hoạch\nFILTER(?o = "Sở Nội vụ")\n'))
    res = run(cli, store_dir, "query", str(f))
    assert res.exit_code != 0
    assert f"{f}: the query is not UTF-8" in res.output and "at line 2" in res.output
    assert "Traceback" not in res.output


def test_query_file_that_is_a_directory_or_binary(cli, store_dir, tmp_path) -> None:
    res = run(cli, store_dir, "query", str(tmp_path))
    assert res.exit_code != 0 and "not a query file" in res.output
    (tmp_path / "bin.rq").write_bytes(b"SELECT\x00")
    res = run(cli, store_dir, "query", str(tmp_path / "bin.rq"))
    assert res.exit_code != 0 and "NUL" in res.output


def test_service_is_refused_by_default(cli, store_dir) -> None:
    for q in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
              "ASK { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
              "SELECT * { ?s ?p ?o . SERVICE\n?endpoint { ?s ?q ?r } }"):
        res = run(cli, store_dir, "query", q)
        assert res.exit_code != 0, q
        assert "uses SERVICE" in res.output and "--allow-service" in res.output


def test_service_keyword_is_found_only_outside_strings_iris_and_comments() -> None:
    from tinhgon.graph.endpoint import uses_service

    assert not uses_service('SELECT ?s { ?s ?p "public SERVICE units" }  # SERVICE in a comment')
    assert not uses_service("SELECT ?service { ?service <http://e.org/SERVICE> ?x . ?x tg:service ?y }")
    assert uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    assert uses_service('SELECT * { ?s ?p "x" . SERVICE <http://x/> {} }')


def test_service_allowed_with_the_flag_reaches_the_engine(cli, store_dir) -> None:
    # Port 9 (discard) on loopback refuses the connection: the engine tried, so the flag works.
    res = run(cli, store_dir, "query", "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/q> { ?s ?p ?o } }",
              "--allow-service", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert "uses SERVICE" not in res.output


def test_limit_stops_reading_the_engine(tmp_path) -> None:
    """A result of 10^12 rows with --limit 5: only the rows shown are ever computed."""
    from tinhgon.graph.endpoint import evaluate

    store = ox.Store()
    ex = "http://example.org/"
    for i in range(1000):
        store.add(ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(str(i)), ox.NamedNode(ex)))
    q = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    answer = evaluate(store, q, limit=5, timeout=20)
    assert len(answer.result.rows) == 5 and answer.truncated
    whole = evaluate(store, "SELECT ?a WHERE { ?a ?p ?b }", limit=1000, timeout=20)
    assert len(whole.result.rows) == 1000 and not whole.truncated


def test_timeout_stops_a_runaway_query() -> None:
    from tinhgon.graph.endpoint import QueryTimeout, evaluate

    store = ox.Store()
    ex = "http://example.org/"
    for i in range(300):
        store.add(ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(str(i)), ox.NamedNode(ex)))
    # Counting the cross product must read every one of 300^4 rows inside the engine.
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    with pytest.raises(QueryTimeout, match=r"longer than 0\.5 s"):
        evaluate(store, q, timeout=0.5)


def test_cli_timeout_is_one_line_and_a_clean_exit(tmp_path) -> None:
    """The real command in its own process: one line on stderr, exit 1, no traceback, promptly."""
    import subprocess
    import sys
    import time

    path = tmp_path / "big"
    store = GraphStore(path)
    ex = "http://example.org/"
    nt = "".join(f"<{ex}s{i}> <{ex}p> \"{i}\" .\n" for i in range(300))
    store.replace_graph(ex + "g", nt)
    del store
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    t0 = time.monotonic()
    cmd = [str(Path(sys.executable).parent / "tinhgon"), "query", q, "--store", str(path), "--timeout", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    took = time.monotonic() - t0
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "Error: the query ran longer than 1 s and was stopped; give it more time with --timeout SECONDS (0 = no limit)"]
    print(f"timed-out query exited after {took:.1f} s")


def test_cli_limit_on_a_huge_result_prints_at_once(cli, tmp_path) -> None:
    """300^4 rows, --limit 5: five rows and a note, without computing the rest."""
    path = tmp_path / "big"
    store = GraphStore(path)
    ex = "http://example.org/"
    store.replace_graph(ex + "g", "".join(f'<{ex}s{i}> <{ex}p> "{i}" .\n' for i in range(300)))
    del store
    res = CliRunner().invoke(cli, [
        "query", "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }", "--store", str(path),
        "--limit", "5", "--format", "csv", "--timeout", "20"])
    assert res.exit_code == 0, res.output
    assert len(res.stdout.strip().splitlines()) == 6  # header + 5 rows
    assert "stopped after 5 rows (--limit 5); the query has more" in res.stderr
