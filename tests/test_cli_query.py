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

from tinhgon.cli_query import COMMANDS, display_width, format_table, serve_command
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
    assert [c.name for c in COMMANDS] == ["query", "ask", "serve", "push"]


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
    parsed = ox.parse_query_results(res.output.encode(), format=ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 2


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


def test_serve_command_is_read_only_by_default() -> None:
    cmd = serve_command(Path("/s"), "127.0.0.1:9", writable=False, timeout=5, cors=False, binary="oxigraph")
    assert cmd == ["oxigraph", "serve-read-only", "--location", "/s", "--bind", "127.0.0.1:9",
                   "--union-default-graph", "--timeout-s", "5"]
    cmd = serve_command(Path("/s"), "127.0.0.1:9", writable=True, timeout=0, cors=True, binary="oxigraph")
    assert cmd[1] == "serve" and "--timeout-s" not in cmd and cmd[-1] == "--cors"
