"""`tinhgon dump`: the VoID/DCAT description, JSON-LD with a context, RDF/XML; the ontology's header and
its pyLODE page; files that cannot be written (issue 13 row 7, issue 16 dataset description); progress."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID

from tinhgon.cli import main
from tinhgon.graph.describe import DATASET, describe
from tinhgon.graph.store import GraphStore
from tinhgon.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
VERSION_IRI = URIRef("https://w3id.org/tinhgon/ontology/0.1.0")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


# -- the description ------------------------------------------------------------------------
def test_description_counts_what_the_store_holds(built_store) -> None:
    g = describe(built_store)
    d = DATASET
    assert (d, RDF.type, VOID.Dataset) in g and (d, RDF.type, DCAT.Dataset) in g
    assert int(g.value(d, VOID.triples)) == len(built_store)
    assert g.value(d, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    assert g.value(d, DCTERMS.conformsTo) == VERSION_IRI
    assert g.value(d, DCTERMS.modified) is not None
    subsets = set(g.objects(d, VOID.subset))
    assert {str(s) for s in subsets} == set(built_store.named_graphs())
    sources = [s for s in subsets if "/source/" in str(s)]
    names = sorted(str(g.value(s, DCTERMS.source)) for s in sources)
    assert names == sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))
    sizes = {str(r["g"]): r["n"] for r in built_store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    for s in subsets:
        assert int(g.value(s, VOID.triples)) == sizes[str(s)]
    tasks = built_store.select(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/tinhgon/ontology#Task> }")[0]["n"]
    part = next(p for p in g.objects(d, VOID.classPartition)
                if g.value(p, VOID["class"]) == URIRef("https://w3id.org/tinhgon/ontology#Task"))
    assert int(g.value(part, VOID.entities)) == tasks > 0


def test_dump_to_a_file_writes_its_description_beside_it(built_store_dir, tmp_path) -> None:
    out = tmp_path / "graph.nq"
    res = invoke("dump", "--store", str(built_store_dir), "--out", str(out))
    assert res.exit_code == 0, res.output
    desc = tmp_path / "graph.void.ttl"
    assert f"wrote {desc} (VoID/DCAT description)" in res.output
    g = Graph().parse(desc, format="turtle")
    dist = g.value(DATASET, DCAT.distribution)
    assert str(g.value(dist, DCAT.downloadURL)).endswith("graph.nq")
    assert int(g.value(dist, DCAT.byteSize)) == out.stat().st_size
    assert str(g.value(dist, DCAT.mediaType)) == "application/n-quads"
    only = invoke("dump", "--store", str(built_store_dir), "--describe")
    assert only.exit_code == 0 and "void:Dataset" in only.output


def test_jsonld_is_compacted_with_the_project_prefixes(built_store_dir, built_store) -> None:
    res = CliRunner().invoke(main, ["dump", "--store", str(built_store_dir), "--format", "jsonld"])
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert doc["@context"]["tg"] == "https://w3id.org/tinhgon/ontology#"
    assert '"tg:Task"' in res.stdout and '"tgid:' not in res.stdout.split('"@context"')[0]
    quads = list(ox.parse(res.stdout.encode(), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == len(built_store)
    assert {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)} == set(
        built_store.named_graphs())


def test_rdfxml_is_offered(built_store_dir, built_store) -> None:
    res = CliRunner().invoke(main, ["dump", "--store", str(built_store_dir), "--format", "rdfxml"])
    assert res.exit_code == 0
    triples = list(ox.parse(res.stdout.encode(), format=ox.RdfFormat.RDF_XML))
    union = {(q.subject, q.predicate, q.object) for q in built_store.oxigraph.quads_for_pattern(None, None, None)}
    assert len(triples) == len(union)


def test_unknown_dump_format_names_the_choices(built_store_dir) -> None:
    res = invoke("dump", "--store", str(built_store_dir), "--format", "yaml")
    assert res.exit_code != 0 and "rdfxml" in res.output and "Traceback" not in res.output


# -- the ontology's header and its pages ----------------------------------------------------------
def test_ontology_carries_version_iri_modified_and_creators() -> None:
    g = Graph().parse(ROOT / "ontology" / "tinhgon.ttl", format="turtle")
    onto = URIRef("https://w3id.org/tinhgon/ontology")
    assert g.value(onto, OWL.versionIRI) == VERSION_IRI
    assert str(g.value(onto, OWL.versionInfo)) in str(VERSION_IRI)
    assert g.value(onto, DCTERMS.modified) is not None
    assert list(g.objects(onto, DCTERMS.creator))


def test_the_ontology_page_in_docs_is_of_this_version() -> None:
    html = (ROOT / "docs" / "ontology.html").read_text(encoding="utf-8")
    assert str(VERSION_IRI) in html
    g = Graph().parse(ROOT / "ontology" / "tinhgon.ttl", format="turtle")
    classes = {str(c).rsplit("#", 1)[1] for c in g.subjects(RDF.type, OWL.Class)
               if str(c).startswith("https://w3id.org/tinhgon/ontology#")}
    missing = sorted(c for c in classes if not re.search(rf"\b{c}\b", html))
    assert not missing, f"docs/ontology.html lacks {missing}: regenerate it (README, 'The ontology')"


def test_pylode_renders_the_ontology(tmp_path) -> None:
    pylode = pytest.importorskip("pylode", reason="pyLODE is in the `docs` extra")
    out = tmp_path / "ontology.html"
    pylode.OntPub(str(ROOT / "ontology" / "tinhgon.ttl")).make_html(destination=str(out))
    assert str(VERSION_IRI) in out.read_text(encoding="utf-8")


# -- files that cannot be written (issue 13 row 7) ---------------------------------------------
def test_extract_with_an_unusable_out_builds_nothing(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    store = tmp_path / "store"
    for out in (blocker, blocker / "records"):
        res = invoke("extract", str(ROOT / "corpus"), "--out", str(out), "--store", str(store))
        assert res.exit_code != 0
        assert "Traceback" not in res.output and str(out if out == blocker else blocker) in res.output
        assert "is a file" in res.output or "nothing was done" in res.output, res.output
        assert not store.exists()  # checked before the build: nothing was done


def test_extract_into_a_read_only_file_system_is_one_line(tmp_path) -> None:
    res = invoke("extract", str(ROOT / "corpus"), "--out", "/proc/tinhgon-out", "--store", str(tmp_path / "s"))
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert res.output.startswith("Error: /proc/tinhgon-out: cannot write the records here")
    assert not (tmp_path / "s").exists()


def test_extract_creates_a_missing_parent(tmp_path) -> None:
    out = tmp_path / "new" / "deeper"
    res = invoke("extract", str(ROOT / "corpus" / sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[0]),
                 "--out", str(out), "--store", str(tmp_path / "s"))
    assert res.exit_code == 0, res.output
    assert len(list(out.glob("*.json"))) == 1 and not list(out.glob(".*"))


def test_dump_that_cannot_be_written_is_one_line(built_store_dir, tmp_path) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("x")
    for out in ("/proc/x.nq", str(blocker / "x.nq"), str(tmp_path)):
        res = invoke("dump", "--store", str(built_store_dir), "--out", out)
        assert res.exit_code != 0, out
        assert "Traceback" not in res.output and "Error: " in res.output, res.output
        assert res.output.count("Error") == 1


# -- progress ----------------------------------------------------------------------------------
def test_progress_in_a_log_is_plain_and_sparse() -> None:
    buf = io.StringIO()
    with Progress("build", total=40, stream=buf, every=3600) as p:
        for i in range(40):
            p.advance(note=f"f{i}.txt")
    lines = buf.getvalue().splitlines()
    assert lines == ["build: 1/40 files (2%)", "build: 40/40 files (100%)"]
    buf = io.StringIO()
    with Progress("validate", stream=buf) as p:
        p.phase("reading")
        p.phase("checking")
    assert buf.getvalue().splitlines()[:2] == ["validate: reading", "validate: checking"]
    assert "\r" not in buf.getvalue()


def test_progress_on_a_terminal_draws_a_bar() -> None:
    buf = io.StringIO()
    with Progress("build", total=3, stream=buf, how="bar") as p:
        p.write("built a.txt")
        for _ in range(3):
            p.advance()
    out = buf.getvalue()
    assert "\r" in out and "build" in out and "built a.txt" in out


def test_progress_off(monkeypatch) -> None:
    monkeypatch.setenv("TINHGON_PROGRESS", "off")
    buf = io.StringIO()
    with Progress("x", total=2, stream=buf) as p:
        p.advance()
        p.phase("y")
    assert buf.getvalue() == ""


def test_validate_reports_its_phases_on_stderr(built_store_dir) -> None:
    res = CliRunner().invoke(main, ["validate", "--store", str(built_store_dir)])
    assert res.exit_code == 0
    assert res.stdout.startswith("valid: ")
    assert "validate: checking" in res.stderr


def test_store_opened_for_the_description_is_left_as_it_was(built_store_dir) -> None:
    before = GraphStore(built_store_dir, read_only=True).canonical_nquads()
    invoke("dump", "--store", str(built_store_dir), "--describe")
    assert GraphStore(built_store_dir, read_only=True).canonical_nquads() == before


# -- a batch's summary (issue 13 row 7) ---------------------------------------------------------
def test_a_batch_ends_with_what_was_built_refused_and_skipped(tmp_path) -> None:
    import os
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted((ROOT / "corpus").glob("*.txt"))[0], folder / "good.txt")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    os.mkfifo(folder / "pipe.txt")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main")
    res = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "s")])
    assert res.exit_code == 1  # one file refused
    assert "Traceback" not in res.output
    err = res.stderr.splitlines()
    assert "summary: 1 built, 1 refused, 2 skipped" in err
    assert "  built: good.txt" in err
    assert "  refused: bad.txt (reasons above)" in err
    skipped = next(line for line in err if line.startswith("  skipped: "))
    assert "old.doc (.doc: not a type tinhgon reads)" in skipped and "pipe.txt (not a regular file)" in skipped
    assert ".git" not in res.output and "HEAD" not in res.output  # hidden folders are not listed as skipped
    assert any(line.startswith("error: ") and "bad.txt" in line for line in err)


def test_an_unreadable_file_inside_a_folder_is_refused_by_name(tmp_path) -> None:
    import os
    import shutil

    if os.geteuid() == 0:
        pytest.skip("root reads every file whatever its mode; run the suite as a user to see this case")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted((ROOT / "corpus").glob("*.txt"))[0], folder / "good.txt")
    secret = folder / "secret.txt"
    secret.write_text("Kế hoạch")
    secret.chmod(0)
    res = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "s")])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert any(str(secret) in line and "cannot be read" in line for line in res.stderr.splitlines())
    assert "summary: 1 built, 1 refused, 0 skipped" in res.stderr
