"""Lineage exports: Mermaid, DOT, SVG/PNG (Graphviz) and GraphML, and the lineage of 18-NQ/TW."""

from __future__ import annotations

import html
import io
import re
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner

from tinhgon.cli_viz import lineage as lineage_cmd
from tinhgon.graph import lineage as lin
from tinhgon.graph.project import lineage, project, resolve_id
from tinhgon.graph.store import GraphStore

from .conftest import DATA

ID = "https://w3id.org/tinhgon/id/"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz is not installed (apt-get install graphviz; .ci/run installs it)")
PROVINCES = {"Bình Thuận", "Tuyên Quang", "Kiên Giang", "An Giang"}


@pytest.fixture(scope="module")
def fixture_store():
    s = GraphStore(None)
    s.load(DATA / "viz_fixture.trig")
    return s


@pytest.fixture(scope="module")
def L(fixture_store):
    return lineage(project(fixture_store), ID + "doc/18-nq-tw", tasks=True, changes=True)


def svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_dot_is_left_to_right_with_a_cluster_per_province(L):
    dot = lin.to_dot(L, lang="en")
    assert "rankdir=LR" in dot
    for p in ("binh_thuan", "tuyen_quang", "kien_giang", "an_giang"):
        assert f"subgraph cluster_{p}" in dot
    halted = next(line for line in dot.splitlines() if "⛔ halted" in line)
    assert "dashed" in halted and "#c00000" in halted
    inferred = next(line for line in dot.splitlines() if "->" in line and "inferred" in line)
    assert "style=dotted" in inferred


def test_dot_escapes_quotes():
    L = nx.DiGraph()
    L.add_node("a", cls="document", label_vi='Kế hoạch "đặc biệt" \\ 1', iri="a")
    assert '\\"đặc biệt\\" \\\\ 1' in lin.to_dot(L)


def test_mermaid_marks_halted_changes_and_inferred_links(L):
    mmd = lin.to_mermaid(L, lang="vi")
    assert mmd.startswith("flowchart LR\n")
    assert "⛔ halted · tạm dừng" in mmd
    ids = {m[1]: m[0] for m in re.findall(r"^\s+(n\d+)[\[{]+\"(.*?)\"", mmd, re.M)}
    halted_id = next(i for label, i in ids.items() if "halted" in label)
    assert re.search(rf"class [n\d,]*\b{halted_id}\b[n\d,]* halted", mmd)
    assert '-.->|"triển khai bằng (suy ra' in mmd
    assert '"' not in "".join(re.findall(r'\["(.*?)"\]', mmd))  # quotes in labels are escaped


def test_graphml_round_trips_with_edges_in_the_direction_of_the_graphs_relations(L):
    back = nx.read_graphml(io.StringIO(lin.to_graphml(L, lang="en")))
    assert set(back) == set(L) and back.number_of_edges() == L.number_of_edges()
    assert back.nodes[ID + "change/kg/1"]["halted"] is True
    assert back.nodes[ID + "doc/74-kl-tw"]["label"].startswith("Conclusion 74-KL/TW")
    # rel runs as tg:implements / tg:reviews do: the later document → the one it carries out
    assert back.edges[ID + "doc/74-kl-tw", ID + "doc/18-nq-tw"]["rel"] == "reviews"
    assert not back.has_edge(ID + "doc/18-nq-tw", ID + "doc/74-kl-tw")
    plan = ID + "doc/tuyen-quang/68-kh-ubnd"
    assert back.edges[plan, ID + "doc/18-nq-tw"]["rel"] == "implements"
    assert back.edges[plan, ID + "doc/18-nq-tw"]["label"] == "implements"
    assert back.edges[ID + "task/tq/ii-1", plan]["rel"] == "assignedIn"
    assert back.edges[ID + "change/tq/1", ID + "task/tq/ii-2"]["rel"] == "statedIn"
    inferred = [d for _, _, d in back.edges(data=True) if d["inferred"]]
    assert inferred and all(d["rel"] == "implements" for d in inferred)


def test_gexf_for_gephi_carries_the_same_graph(L):
    gexf = lin.export(L, "gexf", lang="vi").decode("utf-8")
    assert 'xmlns="http://www.gexf.net/1.2draft"' in gexf
    back = nx.read_gexf(io.StringIO(gexf))
    assert set(back) == set(L) and back.number_of_edges() == L.number_of_edges()
    assert back.nodes[ID + "doc/74-kl-tw"]["label"].startswith("Kết luận 74-KL/TW")
    assert back.edges[ID + "doc/tuyen-quang/68-kh-ubnd", ID + "doc/18-nq-tw"]["rel"] == "implements"
    assert back.nodes[ID + "change/kg/1"]["halted"] is True


def test_box_lines_end_between_words(L):
    d = dict(L.nodes[ID + "change/tq/1"])
    d["text"] = ("Hợp nhất Văn phòng Đoàn Đại biểu Quốc hội, Văn phòng Hội đồng nhân dân và Văn phòng Ủy ban "
                 "nhân dân tỉnh thành một cơ quan tham mưu giúp việc chung")
    lines = lin.node_lines(d, "vi")
    assert lines[0] == "Hợp nhất (thực hiện)"
    assert lines[1] == "Văn phòng Hội đồng nhân dân tỉnh"  # its input; the graph names no result
    words = set(d["text"].split())
    body = lines[2:]
    assert len(body) == 2 and body[-1].endswith("…")
    assert all(w.rstrip("…") in words for line in body for w in line.split()), body


def test_a_change_not_expanded_is_not_tagged_halted(tmp_path):
    trig = tmp_path / "x.trig"
    trig.write_text("""@prefix tg: <https://w3id.org/tinhgon/ontology#> .
    @prefix tgid: <https://w3id.org/tinhgon/id/> .
    <https://w3id.org/tinhgon/graph/source/x> {
        tgid:doc\\/x a tg:Plan, tg:Document ; tg:number "1-KH/TU" .
        tgid:change\\/x\\/1 a tg:StructuralChange ; tg:statedIn tgid:doc\\/x ; tg:changeKind tg:kind-concurrent-post ;
            tg:status tg:status-not-expanded ; tg:haltedBy tgid:doc\\/x ;
            tg:text "Không mở rộng thí điểm Bí thư đồng thời là Chủ tịch"@vi .
        tgid:change\\/x\\/2 a tg:StructuralChange ; tg:statedIn tgid:doc\\/x ; tg:changeKind tg:kind-merge ;
            tg:status tg:status-halted ; tg:text "Dừng hợp nhất"@vi . }""", encoding="utf-8")
    s = GraphStore(None)
    s.load(trig)
    L = lineage(project(s), ID + "doc/x", changes=True)
    assert lin.node_lines(L.nodes[ID + "change/x/1"], "en")[0] == "Concurrent post (not expanded)"
    assert lin.node_lines(L.nodes[ID + "change/x/2"], "en")[0] == "⛔ halted — Merge"  # control
    mmd = lin.to_mermaid(L, lang="en")
    kept = re.search(r"(n\d+)\{\{\"Concurrent post", mmd)[1]
    assert re.search(rf"class [n\d,]*\b{kept}\b[n\d,]* change", mmd)


def test_unknown_format_is_refused(L):
    with pytest.raises(ValueError, match="unknown lineage format"):
        lin.export(L, "pdf")


@needs_dot
def test_svg_and_png_are_drawn_by_graphviz(L):
    svg = lin.export(L, "svg", lang="en").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    root = re.search(r"<svg\b[^>]*>", svg)[0]
    assert 'width="100%"' in root and "viewBox=" in root and 'height="' not in root  # fits its width
    assert re.search(r'max-width:[\d.]+pt', root)
    texts = svg_texts(svg)
    assert "⛔ halted — Merge" in texts
    assert {"Bình Thuận", "Tuyên Quang", "Kiên Giang", "An Giang"} <= set(texts)
    assert lin.export(L, "png").startswith(b"\x89PNG\r\n\x1a\n")


@needs_dot
def test_cli_writes_each_format(fixture_store, tmp_path):
    store_dir = tmp_path / "store"
    s = GraphStore(store_dir)
    s.load(DATA / "viz_fixture.trig")
    del s
    runner = CliRunner()
    for fmt, suffix in (("svg", "svg"), ("png", "png"), ("graphml", "graphml"), ("gexf", "gexf"), ("dot", "gv"),
                        ("mermaid", "mmd")):
        out = tmp_path / f"l.{suffix}"
        res = runner.invoke(lineage_cmd, ["18-NQ/TW", "--store", str(store_dir), "--out", str(out), "--changes"])
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 100, fmt
    res = runner.invoke(lineage_cmd, ["tgid:doc/74-kl-tw", "--store", str(store_dir)])
    assert res.exit_code == 0 and res.output.startswith("flowchart LR")
    res = runner.invoke(lineage_cmd, ["99-XX/YY", "--store", str(store_dir)])
    assert res.exit_code != 0 and "99-XX/YY" in res.output


# -- the real build ------------------------------------------------------------------------
@needs_dot
def test_svg_lineage_of_18_nq_tw_reaches_the_plans_of_all_four_provinces(built_store):
    G = project(built_store)
    root = resolve_id(built_store, "18-NQ/TW")
    L = lineage(G, root)
    plans = {n: d for n, d in G.nodes(data=True) if d.get("cls") == "document" and d.get("file")}
    assert {d["province"] for d in plans.values()} == PROVINCES, "each sample file's document knows its province"
    missing = [d["label_vi"] for n, d in plans.items() if n not in L]
    assert not missing, f"not reached from 18-NQ/TW: {missing}"
    svg = lin.export(L, "svg").decode("utf-8")
    texts = svg_texts(svg)
    for d in plans.values():
        assert d["label_vi"] in texts, d["label_vi"]
    assert set(texts) >= PROVINCES  # the province clusters are labelled
