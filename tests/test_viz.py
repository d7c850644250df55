"""The interactive page: self-contained, aggregated past its budget, and drawn by a real browser.

The browser tests open the page in headless Chromium (Debian's `chromium`; `.ci/run`
installs it) with every network lookup failing, and read back what the page's own
script recorded: that vis-network drew the nodes and that no error reached the console.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tinhgon.graph import viz
from tinhgon.graph.project import project
from tinhgon.graph.store import GraphStore

from .conftest import DATA

ID = "https://w3id.org/tinhgon/id/"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)")


@pytest.fixture(scope="module")
def G():
    s = GraphStore(None)
    s.load(DATA / "viz_fixture.trig")
    return project(s)


def page_data(html: str) -> dict:
    m = re.search(r"const TG_DATA = (.*?);</script>", html, re.S)
    assert m, "the page carries its data"
    return json.loads(m[1])


def open_in_chromium(path: Path, tmp_path: Path, *, tries: int = 3) -> tuple[str, list[str]]:
    """The DOM after scripts ran, and the console messages Chromium logged.

    On a loaded machine Chromium can dump the DOM before the layout has settled (the page
    marks <body data-drawn> when it has); a page that never draws fails every try.
    """
    for attempt in range(tries):
        dom, console = _chromium_once(path, tmp_path / f"try{attempt}")
        if "data-drawn" in body_attrs(dom) or console:
            break
    return dom, console


def _chromium_once(path: Path, tmp_path: Path) -> tuple[str, list[str]]:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: any fetch from the web fails
           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=20000", "--dump-dom", path.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return proc.stdout, console


def body_attrs(dom: str) -> dict[str, str]:
    m = re.search(r"<body([^>]*)>", dom)
    assert m, dom[:500]
    return dict(re.findall(r'([\w-]+)="([^"]*)"', m[1]))


def test_page_is_self_contained(G):
    html = viz.render(G).html
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "@import" not in html
    assert "new vis.Network" in html and "vis.DataSet" in html  # vis-network pasted in, not linked


def test_page_carries_labels_in_both_languages_filters_and_quotes(G):
    data = page_data(viz.render(G, lang="en").html)
    nodes = {n["id"]: n for n in data["nodes"]}
    plan = nodes[ID + "doc/tuyen-quang/68-kh-ubnd"]
    assert plan["label"] == "Plan 68/KH-UBND" and plan["label_vi"] == "Kế hoạch 68/KH-UBND"
    assert plan["provinces"] == ["Tuyên Quang"] and plan["kind"] == "ke-hoach"
    assert "KẾ HOẠCH Thực hiện Nghị quyết số 18-NQ/TW" in plan["tooltip_en"]  # the source words
    assert "Phạm Minh Huấn" in plan["tooltip_en"] and "Phạm Minh Huấn" in plan["tooltip_vi"]
    halted = nodes[ID + "change/kg/1"]
    assert halted["status"] == "halted" and halted["color"]["background"] == viz.STYLE["halted"]["color"]
    assert {item["key"] for item in data["legend"]} >= {"document", "agency", "task", "change", "halted"}
    assert data["notes"] == [] and data["counts"]["shown"] == data["counts"]["total"] == len(G)


def test_tooltips_escape_text(G):
    H = G.copy()
    H.nodes[ID + "task/tq/ii-1"]["quote"] = "<img src=x onerror=alert(1)>"
    node = next(n for n in page_data(viz.render(H).html)["nodes"] if n["id"] == ID + "task/tq/ii-1")
    for tip in (node["tooltip_vi"], node["tooltip_en"]):
        assert "<img" not in tip and "&lt;img" in tip


def test_labels_say_what_tasks_and_changes_are_between_words(G):
    nodes = {n["id"]: n for n in page_data(viz.render(G).html)["nodes"]}
    task = nodes[ID + "task/tq/ii-1"]
    assert task["label"] == "II.1 · Rà soát, sắp xếp các cơ\nquan chuyên môn thuộc…"
    change = nodes[ID + "change/ag/1"]
    assert change["label_vi"].endswith("Ban Tổ chức Tỉnh ủy + Sở Nội vụ → Ban Tổ chức - Nội vụ")
    text = change["label_vi"].split()
    lines = change["label"].split("\n")
    assert len(lines) <= viz.LABEL_LINES and all(len(x) <= viz.LABEL_WIDTH for x in lines)
    assert all(w.rstrip("…") in text for x in lines for w in x.split()), lines  # no word cut in half


def test_role_edges_carry_the_role_in_both_languages(G):
    data = page_data(viz.render(G).html)
    task, tq = ID + "task/tq/ii-2", ID + "agency/tuyen-quang/"
    roles = {(e["to"], e["rel"]): e for e in data["edges"] if e["from"] == task}
    lead, coord = roles[tq + "so-noi-vu", "lead"], roles[tq + "uy-ban-nhan-dan-tinh", "coordinating"]
    assert (lead["label"], lead["role_en"]) == ("chủ trì", "lead")
    assert (coord["label"], coord["role_en"]) == ("phối hợp", "coordinating")
    implements = next(e for e in data["edges"] if e["rel"] == "implements")
    assert "label" not in implements and implements["title_en"] == "implements"
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])  # the language switch updates them by id


def test_english_mode_uses_the_graphs_english_labels_and_field_names(G):
    nodes = {n["id"]: n for n in page_data(viz.render(G, lang="en").html)["nodes"]}
    ag = nodes[ID + "agency/an-giang/so-noi-vu"]
    assert ag["label"].replace("\n", " ") == ag["label_en"] == "Department of Home Affairs (An Giang)"
    assert nodes[ID + "agency/tuyen-quang/so-noi-vu"]["label_en"] == "Sở Nội vụ"  # none in the graph: the name
    task = nodes[ID + "task/tq/ii-2"]
    assert "<th>lead agency</th>" in task["tooltip_en"] and "<th>due</th>" in task["tooltip_en"]
    assert "<th>cơ quan chủ trì</th>" in task["tooltip_vi"] and "<th>thời hạn</th>" in task["tooltip_vi"]
    change = nodes[ID + "change/ag/1"]
    assert "<td>pending approval</td>" in change["tooltip_en"] and "<td>chờ Trung ương</td>" in change["tooltip_vi"]
    # the bodies it names, by their English labels where the graph has them
    assert "<td>Ban Tổ chức Tỉnh ủy; Department of Home Affairs (An Giang)</td>" in change["tooltip_en"]
    assert "<td>Ban Tổ chức Tỉnh ủy; Sở Nội vụ</td>" in change["tooltip_vi"]


def test_past_the_budget_the_graph_is_aggregated_and_the_page_says_so(G):
    page = viz.render(G, max_nodes=22)
    data = page_data(page.html)
    assert page.nodes <= 22 < len(G)
    assert page.notes and "tasks grouped per document" in page.notes[0]
    assert data["notes"][0]["vi"].startswith("4 nhiệm vụ")
    groups = [n for n in data["nodes"] if n["id"].startswith("group:")]
    assert groups and all(n["group_size"] > 1 for n in groups)
    tq_tasks = next(n for n in groups if n["cls"] == "task" and n["provinces"] == ["Tuyên Quang"])
    assert tq_tasks["label_en"].startswith("2 tasks")


def test_aggregation_steps_only_as_far_as_needed(G):
    H, notes = viz.aggregate(G, max_nodes=len(G))
    assert H is G and notes == []
    H, notes = viz.aggregate(G, max_nodes=5)
    assert len(H) == 5 and "least connected" in notes[-1][1]


def test_focus_draws_the_neighbourhood(G):
    page = viz.render(G, center=ID + "doc/74-kl-tw", depth=1)
    data = page_data(page.html)
    assert {n["id"] for n in data["nodes"]} == {
        ID + "doc/74-kl-tw", ID + "doc/18-nq-tw", ID + "doc/kien-giang/ke-hoach-2019-abcd1234"}
    assert data["heading"]["en"] == "Conclusion 74-KL/TW — depth 1"
    with pytest.raises(ValueError):
        viz.render(G, lang="fr")


@needs_chromium
def test_chromium_draws_the_page_without_console_errors(G, tmp_path):
    out = tmp_path / "graph.html"
    viz.write(G, out)
    dom, console = open_in_chromium(out, tmp_path)
    attrs = body_attrs(dom)
    assert console == [], console
    assert "data-errors" not in attrs
    assert attrs["data-state"] in ("drawn", "stable")
    assert attrs["data-drawn"] == str(len(G))
    assert "<canvas" in dom  # vis-network drew on its canvas
    assert 'id="legend"' in dom and "Cơ quan" in dom


@needs_chromium
def test_chromium_draws_an_aggregated_english_page(G, tmp_path):
    out = tmp_path / "graph.html"
    page = viz.write(G, out, max_nodes=20, lang="en")
    dom, console = open_in_chromium(out, tmp_path)
    assert console == [], console
    assert body_attrs(dom)["data-drawn"] == str(page.nodes)
    assert "The graph is bigger than the budget" in dom


@needs_chromium
def test_the_harness_sees_a_broken_page(tmp_path):
    """Control: a page whose script fails is reported, so the checks above can fail."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>undefinedFunction();</script></body></html>", encoding="utf-8")
    _dom, console = open_in_chromium(bad, tmp_path)
    assert any("undefinedFunction" in line for line in console)


def synthetic(provinces: int = 12, plans: int = 2, tasks: int = 25) -> nx.MultiDiGraph:
    """A graph the size of many provinces' plans: one resolution, plans, tasks, agencies, changes."""
    G = nx.MultiDiGraph()
    G.add_node("r", iri="r", cls="document", kind="nghi-quyet", label_vi="Nghị quyết 18-NQ/TW",
               label_en="Resolution 18-NQ/TW", facts=[])
    for p in range(provinces):
        prov = f"Tỉnh {p}"
        for k in range(8):
            a = f"a/{p}/{k}"
            G.add_node(a, iri=a, cls="agency", kind="agency", province=prov, agency_type=f"t{k}",
                       type_label=f"Sở {k}", label_vi=f"Sở {k}", label_en=f"Department {k}", facts=[])
        for d in range(plans):
            doc = f"d/{p}/{d}"
            G.add_node(doc, iri=doc, cls="document", kind="ke-hoach", province=prov, label_vi=f"Kế hoạch {p}.{d}",
                       label_en=f"Plan {p}.{d}", facts=[])
            G.add_edge(doc, "r", key="implements", rel="implements")
            for t in range(tasks):
                task = f"t/{p}/{d}/{t}"
                G.add_node(task, iri=task, cls="task", kind="task", province=prov, doc=doc, label_vi=f"Nhiệm vụ {t}",
                           label_en=f"Task {t}", facts=[])
                G.add_edge(task, doc, key="assignedIn", rel="assignedIn")
                G.add_edge(task, f"a/{p}/{t % 8}", key="lead", rel="lead")
            c = f"c/{p}/{d}"
            G.add_node(c, iri=c, cls="change", kind="merge", status="halted", halted=True, province=prov, doc=doc,
                       label_vi="⛔ Hợp nhất (tạm dừng)", label_en="⛔ Merge (halted)", facts=[])
            G.add_edge(c, doc, key="statedIn", rel="statedIn")
    return G


def test_big_graphs_collapse_tasks_first():
    G = synthetic()
    H, notes = viz.aggregate(G, max_nodes=200)
    assert len(G) > 700 and len(H) <= 200
    assert notes == [("600 nhiệm vụ gộp theo văn bản → 24 nút", "600 tasks grouped per document → 24 nodes")]
    group = H.nodes["group:tasks:d/0/0"]
    assert group["members"] == 25 and group["label_en"] == "25 tasks · Plan 0.0"
    # the collapsed tasks keep their links: to their document and to the agencies they name
    assert {r for _, _, r in H.out_edges("group:tasks:d/0/0", data="rel")} == {"assignedIn", "lead"}


def test_the_whole_graph_opens_clustered_per_province(G):
    big = synthetic()
    data = page_data(viz.render(big, max_nodes=1000).html)
    clusters = data["clusters"]
    assert [c["province"] for c in clusters] == sorted({f"Tỉnh {p}" for p in range(12)})
    first = next(c for c in clusters if c["province"] == "Tỉnh 0")
    assert first["size"] == 2 + 8 + 50 + 2  # plans, agencies, tasks, changes
    assert first["label_vi"] == "Tỉnh 0\n2 văn bản · 50 nhiệm vụ\n2 thay đổi · 8 cơ quan" and first["halted"] == 2
    # a neighbourhood, a small graph, or clusters=False: drawn as it is
    assert page_data(viz.render(big, center="d/0/0", depth=1, max_nodes=1000).html)["clusters"] == []
    assert page_data(viz.render(G).html)["clusters"] == []
    assert page_data(viz.render(big, max_nodes=1000, clusters=False).html)["clusters"] == []
    assert len(page_data(viz.render(G, clusters=True).html)["clusters"]) == 4


@needs_chromium
def test_chromium_draws_a_big_graph_clustered_without_warnings(tmp_path):
    out = tmp_path / "big.html"
    page = viz.write(synthetic(), out, max_nodes=1000)  # drawn whole: 745 nodes, in 12 province clusters
    dom, console = open_in_chromium(out, tmp_path)
    assert console == [], console
    attrs = body_attrs(dom)
    assert attrs["data-drawn"] == str(page.nodes)
    assert attrs["data-clusters"] == "12"
    # laid out by graph/viz.py: nothing to settle, so the page is stable once drawn
    assert attrs["data-state"] == "stable" and int(attrs["data-stable-ms"]) >= int(attrs["data-drawn-ms"])


def test_a_big_page_comes_laid_out_with_physics_off(G):
    big = synthetic()
    data = page_data(viz.render(big, max_nodes=1000).html)
    assert len(data["nodes"]) > viz.BIG and data["options"]["physics"]["enabled"] is False
    pos = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert len(pos) == len(big)
    assert page_data(viz.render(big, max_nodes=1000).html)["nodes"] == data["nodes"]  # deterministic
    # each province's members sit together, around a point the other provinces keep their distance from
    centre = {}
    for p in range(12):
        xy = [pos[n] for n, d in big.nodes(data=True) if d.get("province") == f"Tỉnh {p}"]
        cx, cy = sum(x for x, _ in xy) / len(xy), sum(y for _, y in xy) / len(xy)
        centre[p] = (cx, cy)
        assert max(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for x, y in xy) <= viz.SPACING * 0.5 * len(xy) ** 0.5
    gaps = [((centre[a][0] - centre[b][0]) ** 2 + (centre[a][1] - centre[b][1]) ** 2) ** 0.5
            for a in range(12) for b in range(a)]
    assert min(gaps) >= viz.SPACING  # two closed clusters do not overlap
    # a small page is left to vis-network's physics, as it opens
    small = page_data(viz.render(G).html)
    assert small["options"]["physics"]["enabled"] is True and not any("x" in n for n in small["nodes"])


def test_the_page_is_written_without_importing_pyvis(tmp_path):
    code = ("import sys; from tinhgon.graph import viz; import networkx as nx; G = nx.MultiDiGraph(); "
            "G.add_node('a', cls='document', label_vi='A', label_en='A'); "
            f"viz.write(G, {str(tmp_path / 'p.html')!r}); print('pyvis' in sys.modules, 'IPython' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
    assert "vis.Network" in (tmp_path / "p.html").read_text(encoding="utf-8")  # vis-network is still pasted in


def test_cli_writes_the_page(tmp_path):
    from click.testing import CliRunner

    from tinhgon.cli_viz import viz as viz_cmd

    store_dir = tmp_path / "store"
    s = GraphStore(store_dir)
    s.load(DATA / "viz_fixture.trig")
    del s
    out = tmp_path / "focus.html"
    res = CliRunner().invoke(viz_cmd, ["--store", str(store_dir), "--focus", "74-KL/TW", "--depth", "1",
                                       "--lang", "en", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "3 of 31 nodes" in res.output
    assert page_data(out.read_text(encoding="utf-8"))["lang"] == "en"
    res = CliRunner().invoke(viz_cmd, ["--store", str(store_dir), "--max-nodes", "12", "--out", str(out)])
    assert res.exit_code == 0 and "aggregated: 4 tasks grouped per document" in res.output
    assert page_data(out.read_text(encoding="utf-8"))["clusters"] == []  # 31 nodes: drawn as they are
    res = CliRunner().invoke(viz_cmd, ["--store", str(store_dir), "--clusters", "--out", str(out)])
    assert res.exit_code == 0 and len(page_data(out.read_text(encoding="utf-8"))["clusters"]) == 4
    res = CliRunner().invoke(viz_cmd, ["--store", str(tmp_path / "nowhere"), "--out", str(out)])
    assert res.exit_code != 0 and "tinhgon build" in res.output


@needs_chromium
def test_chromium_draws_the_corpus_graph(built_store, tmp_path):
    G = project(built_store)
    out = tmp_path / "corpus.html"
    page = viz.write(G, out, lang="en")
    dom, console = open_in_chromium(out, tmp_path)
    assert console == [], console
    assert body_attrs(dom)["data-drawn"] == str(page.nodes)
    data = page_data(out.read_text(encoding="utf-8"))
    provinces = {p for n in data["nodes"] for p in n["provinces"]}
    assert {"Bình Thuận", "Tuyên Quang", "Kiên Giang", "An Giang"} <= provinces
