"""The interactive page: one self-contained HTML file drawn with vis-network.

The nodes, edges and options are vis-network's own JSON, written here; the page itself comes
from ``graph/assets/viz.html`` with the vis-network script and style that ship inside the
pyvis package pasted in, so the file opens offline and never fetches from a CDN (pyvis itself
is not imported: it pulls in IPython and jinja2, half a second for nothing the page uses).
A graph of more than ``BIG`` nodes is laid out here (a force layout, province clusters kept
together) and opens with physics off, so the browser draws it at once instead of spending
seconds settling it; a smaller one is laid out by vis-network's physics as it opens.
The page adds what an analyst needs on top of the drawing: a legend, filters by
province, kind and status, a search box, a Vietnamese / English label switch, a button
that freezes the layout, and tooltips with the key facts and the source words.
Labels say what a node is (a task's opening words, a change's inputs → result), the
edges of a task name the role (chủ trì, phối hợp …), and every word of the page, tooltips'
field names included, follows the language switch; English labels are the graph's own
``rdfs:label@en``. The whole-graph view opens as an overview, one cluster per province
(double-click one to open it). Past a node budget the graph is aggregated (tasks per
document, agencies per type, changes per document) and the page says so.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from tinhgon.graph.project import ROLE_RELS, clip, wrap
from tinhgon.graph.project import focus as focus_graph
from tinhgon.text import fold

VIS_VERSION = "vis-9.1.2"

# Colour, shape and legend text per class; halted changes override the change style.
STYLE: dict[str, dict[str, str]] = {
    "document": {"color": "#4e79a7", "shape": "box", "vi": "Văn bản", "en": "Document"},
    "agency": {"color": "#59a14f", "shape": "dot", "vi": "Cơ quan", "en": "Agency"},
    "task": {"color": "#edc948", "shape": "dot", "vi": "Nhiệm vụ", "en": "Task"},
    "change": {"color": "#f28e2b", "shape": "diamond", "vi": "Thay đổi tổ chức", "en": "Structural change"},
    "halted": {"color": "#e15759", "shape": "diamond", "vi": "Thay đổi bị dừng ⛔", "en": "Halted change ⛔"},
    "province": {"color": "#b07aa1", "shape": "hexagon", "vi": "Tỉnh", "en": "Province"},
    "place": {"color": "#9c755f", "shape": "triangle", "vi": "Địa bàn", "en": "Place"},
    "post": {"color": "#76b7b2", "shape": "triangleDown", "vi": "Chức danh", "en": "Post"},
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "implements": {"color": "#2f4b7c", "width": 2.5},
    "reviews": {"color": "#7a5195", "width": 2.5},
    "cites": {"color": "#b0b0b0", "width": 1, "dashes": True},
    "haltedBy": {"color": "#e15759", "width": 2, "dashes": True},
    "statedIn": {"color": "#f28e2b", "width": 1.2},
    "assignedIn": {"color": "#c9b037", "width": 1},
    "input": {"color": "#f28e2b", "width": 1},
    "result": {"color": "#f28e2b", "width": 1.5},
}
DEFAULT_EDGE = {"color": "#9ab79a", "width": 0.8}
QUOTE_CHARS = 400
LABEL_WIDTH, LABEL_LINES = 30, 3
"""A node's label: up to three lines of about 30 characters, broken between words."""
CLUSTER_MIN = 60
"""The whole-graph view opens clustered per province from this many nodes on."""
BIG = 150
"""Past this many nodes the page opens with positions computed here and physics off."""
SPACING = 130
"""About how far apart (vis-network pixels) neighbouring nodes of a precomputed layout sit."""

# What each relation is called on the page: role edges carry it as their label, the others in their tooltip.
EDGE_TEXT: dict[str, tuple[str, str]] = {
    "lead": ("chủ trì", "lead"), "coordinating": ("phối hợp", "coordinating"),
    "implementing": ("thực hiện", "implementing"), "appraising": ("thẩm định", "appraising"),
    "commenting": ("góp ý", "commenting"), "deciding": ("quyết định", "deciding"),
    "implements": ("thực hiện", "implements"), "reviews": ("kết luận về", "reviews"),
    "cites": ("viện dẫn", "cites"), "haltedBy": ("bị dừng bởi", "halted by"),
    "statedIn": ("nêu tại", "stated in"), "assignedIn": ("giao tại", "assigned in"),
    "input": ("đơn vị cũ", "input"), "result": ("đơn vị mới", "result"), "issuer": ("cơ quan ban hành", "issuer"),
    "task": ("thuộc nhiệm vụ", "part of task"), "province": ("thuộc tỉnh", "province"),
    "within": ("thuộc", "within"), "sameWorkAs": ("cùng văn bản", "same work as"), "basedOn": ("căn cứ", "based on"),
    "guides": ("hướng dẫn", "guides"), "amends": ("sửa đổi", "amends"), "replaces": ("thay thế", "replaces"),
    "repeals": ("bãi bỏ", "repeals"), "suspends": ("tạm dừng thi hành", "suspends"),
    "endsEffectOf": ("chấm dứt hiệu lực", "ends the effect of"),
}
# Field names of the tooltips, in both languages (graph/project.py writes the facts under the English key).
FACT_NAMES: dict[str, tuple[str, str]] = {
    "number": ("số", "number"), "date": ("ngày", "date"), "year": ("năm", "year"), "province": ("tỉnh", "province"),
    "issuer": ("cơ quan ban hành", "issuer"), "signer": ("người ký", "signer"), "title": ("trích yếu", "title"),
    "read from": ("đọc từ tệp", "read from"), "full name": ("tên đầy đủ", "full name"), "type": ("loại", "type"),
    "ref": ("mục", "ref"), "text": ("nội dung", "text"), "start": ("bắt đầu", "start"), "due": ("thời hạn", "due"),
    "recurrence": ("định kỳ", "recurrence"), "time": ("thời gian", "time"), "kind": ("loại", "kind"),
    "status": ("trạng thái", "status"), "level": ("cấp", "level"), "scope": ("phạm vi", "scope"),
    "input": ("đơn vị cũ", "inputs"), "result": ("đơn vị mới", "result"), "members": ("số nút", "members"),
    "provinces": ("các tỉnh", "provinces"), "includes": ("gồm", "includes"), "documents": ("văn bản", "documents"),
    "tasks": ("nhiệm vụ", "tasks"), "changes": ("thay đổi", "changes"),
    **{rel: (f"cơ quan {EDGE_TEXT[rel][0]}", f"{EDGE_TEXT[rel][1]} agency") for rel in ROLE_RELS},
}


@dataclass
class Page:
    """What was drawn: the HTML and the counts the page reports."""

    html: str
    nodes: int
    edges: int
    total_nodes: int
    notes: list[str] = field(default_factory=list)


# -- aggregation ---------------------------------------------------------------------------
def aggregate(G: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, list[tuple[str, str]]]:
    """Collapse the graph until it fits ``max_nodes``, coarsest detail first.

    Steps, each taken only while the graph is still too big: tasks become one node per
    document, agencies one node per agency type (across provinces), changes one node per
    document and status, and last the least connected nodes are left out. Returns the
    smaller graph and (Vietnamese, English) notes saying what was done.
    """
    notes: list[tuple[str, str]] = []
    H = G
    steps = (
        ("task", lambda d: ("tasks", d.get("doc") or "?"), "nhiệm vụ gộp theo văn bản", "tasks grouped per document"),
        ("agency", lambda d: ("agencies", d.get("agency_type") or d.get("label_vi")),
         "cơ quan gộp theo loại", "agencies grouped per type"),
        ("change", lambda d: ("changes", (d.get("doc") or "?") + "|" + str(d.get("status"))),
         "thay đổi gộp theo văn bản và trạng thái", "changes grouped per document and status"),
    )
    for cls, keyf, vi, en in steps:
        if H.number_of_nodes() <= max_nodes:
            break
        before = sum(1 for _, c in H.nodes(data="cls") if c == cls)
        H = _collapse(H, cls, keyf)
        after = sum(1 for _, c in H.nodes(data="cls") if c == cls)
        if before:
            notes.append((f"{before} {vi} → {after} nút", f"{before} {en} → {after} nodes"))
    if H.number_of_nodes() > max_nodes:
        deg = dict(H.degree())
        keep = sorted(H, key=lambda n: (-deg[n], n))[:max_nodes]
        dropped = H.number_of_nodes() - len(keep)
        H = H.subgraph(keep).copy()
        notes.append((f"{dropped} nút ít liên kết nhất bị ẩn", f"{dropped} least connected nodes left out"))
    return H, notes


def _collapse(G: nx.MultiDiGraph, cls: str, keyf) -> nx.MultiDiGraph:
    groups: dict[Any, list[str]] = defaultdict(list)
    for n, d in G.nodes(data=True):
        if d.get("cls") == cls:
            groups[keyf(d)].append(n)
    H = nx.MultiDiGraph()
    rep: dict[str, str] = {}
    for n, d in G.nodes(data=True):
        if d.get("cls") != cls:
            H.add_node(n, **d)
            rep[n] = n
    for key, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if len(members) == 1:
            H.add_node(members[0], **G.nodes[members[0]])
            rep[members[0]] = members[0]
            continue
        gid = f"group:{key[0]}:{key[1]}"
        first = G.nodes[members[0]]
        provinces = sorted({G.nodes[m].get("province") for m in members if G.nodes[m].get("province")})
        vi, en = _group_labels(G, cls, key, members, provinces)
        H.add_node(gid, iri=gid, cls=cls, kind=first.get("kind"), status=first.get("status"),
                   halted=any(G.nodes[m].get("halted") for m in members), provinces=provinces,
                   province=provinces[0] if len(provinces) == 1 else None, label_vi=vi, label_en=en,
                   members=len(members), quote=None, source=None,
                   facts=[("members", str(len(members)))] + ([("provinces", ", ".join(provinces))] if provinces else [])
                   + [("includes", "; ".join(sorted(G.nodes[m]["label_vi"] for m in members)[:12]))])
        for m in members:
            rep[m] = gid
    for s, o, d in G.edges(data=True):
        a, b = rep[s], rep[o]
        if a != b and not H.has_edge(a, b, key=d["rel"]):
            H.add_edge(a, b, key=d["rel"], rel=d["rel"])
    return H


def _group_labels(G, cls: str, key, members: list[str], provinces: list[str]) -> tuple[str, str]:
    n = len(members)
    if cls == "task":
        doc = G.nodes.get(key[1], {})
        return (f"{n} nhiệm vụ · {doc.get('label_vi', '')}".strip(" ·"),
                f"{n} tasks · {doc.get('label_en', '')}".strip(" ·"))
    if cls == "agency":
        d = G.nodes[members[0]]
        return (f"{d.get('type_label') or d['label_vi']} ×{n} ({len(provinces)} tỉnh)",
                f"{d['label_en']} ×{n} ({len(provinces)} provinces)")
    d = G.nodes[members[0]]
    doc = G.nodes.get(d.get("doc") or "", {})
    vi, en = d.get("head_vi") or d["label_vi"], d.get("head_en") or d["label_en"]  # the kind, not one member's inputs
    return (f"{n}× {vi} · {doc.get('label_vi', '')}".strip(" ·"),
            f"{n}× {en} · {doc.get('label_en', '')}".strip(" ·"))


# -- drawing -------------------------------------------------------------------------------
def _tooltip(d: dict[str, Any], lang: str = "vi") -> str:
    """Key facts and the source quote, as escaped HTML (the page turns it into an element).

    Field names are in ``lang``, and so are the kinds and statuses among the values."""
    i = 0 if lang == "vi" else 1
    values = _filter_labels()

    def value(k: str, v: str) -> str:
        if lang == "en" and k in (d.get("facts_en") or {}):  # the bodies linked to it, by their English labels
            return d["facts_en"][k]
        return values[v][i] if k in ("kind", "status", "level") and v in values else v

    rows = "".join(f"<tr><th>{html.escape(FACT_NAMES.get(k, (k, k))[i])}</th>"
                   f"<td>{html.escape(clip(value(k, v), 240))}</td></tr>" for k, v in d.get("facts") or [])
    first, second = (d.get("label_vi"), d.get("label_en")) if lang == "vi" else (d.get("label_en"), d.get("label_vi"))
    head = f"<b>{html.escape(first or second or '')}</b>"
    if second and first and second != first:
        head += f"<br><i>{html.escape(second)}</i>"
    quote = ""
    if d.get("quote"):
        src = f" — {html.escape(d['source'])}" if d.get("source") else ""
        quote = f"<blockquote>“{html.escape(clip(d['quote'], QUOTE_CHARS))}”{src}</blockquote>"
    iri = f"<div class='iri'>{html.escape(d.get('iri') or '')}</div>"
    return f"{head}<table>{rows}</table>{quote}{iri}"


def node_label(text: str) -> str:
    """A node's label as drawn: a few short lines broken between words (vis-network draws "\\n")."""
    return "\n".join(wrap(text, LABEL_WIDTH, LABEL_LINES))


def _style_key(d: dict[str, Any]) -> str:
    if d.get("cls") == "change" and d.get("halted"):
        return "halted"
    return d.get("cls") if d.get("cls") in STYLE else "place"


def network(G: nx.MultiDiGraph, *, lang: str = "vi", center: str | None = None,
            positions: dict[str, tuple[float, float]] | None = None
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """vis-network's nodes, edges and options for an (already focused and aggregated) projection.

    ``positions``: where each node starts (see :func:`layout`); with them physics is off at first."""
    vis_nodes: list[dict[str, Any]] = []
    vis_edges: list[dict[str, Any]] = []
    for n, d in sorted(G.nodes(data=True)):
        key = _style_key(d)
        st = STYLE[key]
        provinces = d.get("provinces") or ([d["province"]] if d.get("province") else [])
        size = 14 + 4 * min(6, (d.get("members") or 1) ** 0.5) if d.get("members") else None
        extra: dict[str, Any] = {
            "label_vi": d.get("label_vi") or n, "label_en": d.get("label_en") or d.get("label_vi") or n,
            "label_lines_vi": node_label(d.get("label_vi") or n),
            "label_lines_en": node_label(d.get("label_en") or d.get("label_vi") or n),
            "tooltip_vi": _tooltip(d, "vi"), "tooltip_en": _tooltip(d, "en"),
            "cls": d.get("cls"), "kind": d.get("kind") or "", "status": d.get("status") or "",
            "provinces": provinces, "group_size": d.get("members") or 1,
            "search": fold(" ".join(str(x) for x in (d.get("label_vi"), d.get("label_en"), d.get("number"),
                                                     d.get("full_name"), n) if x)),
        }
        if key == "halted":
            extra["shapeProperties"] = {"borderDashes": [4, 3]}
            extra["borderWidth"] = 3
            extra["color"] = {"background": st["color"], "border": "#8b0000"}
        if d.get("members"):
            extra["borderWidth"] = 3
            extra["shapeProperties"] = {"borderDashes": [2, 2]}
        if st["shape"] == "box":  # labels sit inside boxes: light text on the dark fill
            extra["font"] = {"color": "#ffffff"}
        elif d.get("cls") in ("task", "change"):  # their labels are sentences: smaller, so neighbours stay legible
            extra["font"] = {"size": 11}
        if n == center:
            extra["borderWidth"] = 5
        if size:
            extra["size"] = size
        if positions and n in positions:
            extra["x"], extra["y"] = positions[n]
        vis_nodes.append({"color": extra.pop("color", st["color"]), **extra, "id": n,
                          "label": extra[f"label_lines_{lang}"], "shape": st["shape"]})
    for i, (s, o, d) in enumerate(sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["rel"]))):
        rel = d["rel"]
        es = EDGE_STYLE.get(rel, DEFAULT_EDGE)
        vi, en = EDGE_TEXT.get(rel, (rel, rel))
        role = rel in ROLE_RELS  # a task's edge to an agency: the role is the point, so it is written on it
        label = {"label": vi if lang == "vi" else en, "font": {"size": 10, "color": "#555555", "strokeWidth": 3},
                 "role_vi": vi, "role_en": en} if role else {}
        vis_edges.append({"id": f"e{i}", "title": vi if lang == "vi" else en, "title_vi": vi, "title_en": en,
                          "rel": rel, "arrows": "to", **label, **es, "from": s, "to": o})
    options = {
        "physics": {
            "enabled": not positions,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
            # Fewer settling steps on big graphs: the page stays responsive, and it freezes itself.
            "stabilization": {"enabled": True, "iterations": 600 if G.number_of_nodes() <= BIG else 200,
                              "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        },
        # vis-network's Kamada-Kawai seeding gives up (with a console warning) on big graphs.
        "layout": {"improvedLayout": not positions and G.number_of_nodes() <= BIG, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": {"type": "continuous"}, "arrows": {"to": {"scaleFactor": 0.5}}},
    }
    return vis_nodes, vis_edges, options


def layout(G: nx.MultiDiGraph, clusters: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Where each node of a big page starts, in vis-network's pixels, so it opens drawn, not settling.

    Each province cluster (:func:`province_clusters`) is laid out as one node among the others, and
    its members in a disc around that place: a closed cluster sits where its members are (vis-network
    puts it at their centre) and opening it shows them together. Deterministic (a fixed seed)."""
    provinces = {c["province"]: c["id"] for c in clusters}
    rep: dict[str, str] = {}
    for n, d in G.nodes(data=True):
        ps = d.get("provinces") or ([d["province"]] if d.get("province") else [])
        rep[n] = provinces.get(ps[0], n) if len(ps) == 1 else n
    members: dict[str, list[str]] = defaultdict(list)
    for n in sorted(G):
        members[rep[n]].append(n)
    tops = sorted(members)
    top_edges = {tuple(sorted((rep[s], rep[o]))) for s, o in G.edges() if rep[s] != rep[o]}
    # a closed cluster is a box about twice a node's width: kept that far from its neighbours
    top = _spread(tops, top_edges, SPACING * math.sqrt(len(tops)) / 2,
                  [SPACING * (0.6 if len(members[r]) > 1 else 0.35) for r in tops])
    out: dict[str, tuple[float, float]] = {}
    for r, ms in members.items():
        cx, cy = top[r]
        if len(ms) == 1:
            out[ms[0]] = (cx, cy)
            continue
        inner = _spread(ms, {tuple(sorted(e)) for e in G.subgraph(ms).edges() if e[0] != e[1]},
                        SPACING * 0.4 * math.sqrt(len(ms)), [SPACING * 0.35] * len(ms))
        for n, (x, y) in inner.items():
            out[n] = (cx + x, cy + y)
    return out


def _spread(nodes: list[str], edges: set[tuple[str, str]], scale: float, radii: list[float],
            iterations: int = 50) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold force layout (networkx's, dense, on numpy: networkx wants scipy past 500
    nodes), centred on 0 and scaled so the farthest node is ``scale`` away; then nodes closer than
    their two ``radii`` are pushed apart (the force layout treats them as points, a page draws boxes)."""
    import numpy as np

    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    A = np.zeros((n, n), dtype=np.float32)  # single precision: twice as fast, and pixels are all we need
    for a, b in edges:
        A[index[a], index[b]] = A[index[b], index[a]] = 1.0
    x, y = np.random.default_rng(7).random((2, n), dtype=np.float32)
    k = 1 / math.sqrt(n)
    t = 0.1
    for _ in range(iterations):  # each axis on its own: n x n arrays, not n x n x 2
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        dist = np.maximum(np.sqrt(dx * dx + dy * dy), 0.01)
        f = k * k / (dist * dist) - A * dist / k
        ux, uy = (dx * f).sum(axis=1), (dy * f).sum(axis=1)
        step = t / np.maximum(np.sqrt(ux * ux + uy * uy), 0.01)
        x, y = x + ux * step, y + uy * step
        t -= 0.1 / (iterations + 1)
    x, y = x - x.mean(), y - y.mean()
    far = float(max(np.abs(x).max(), np.abs(y).max())) or 1.0
    x, y = x * (scale / far), y * (scale / far)
    r = np.asarray(radii, dtype=np.float32)
    need = r[:, None] + r[None, :]
    np.fill_diagonal(need, 0.0)
    for _ in range(iterations):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        dist = np.maximum(np.sqrt(dx * dx + dy * dy), 0.01)
        push = np.maximum(need - dist, 0.0) / dist
        if not push.any():
            break
        crowd = np.maximum((push > 0).sum(axis=1), 1)
        x, y = x + 0.5 * (dx * push).sum(axis=1) / crowd, y + 0.5 * (dy * push).sum(axis=1) / crowd
    pos = np.stack([x, y], axis=1)
    return {v: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for v, i in index.items()}


def _asset(name: str) -> str:
    return resources.files("tinhgon.graph").joinpath("assets", name).read_text(encoding="utf-8")


def _vis_lib(name: str) -> str:
    """A file of the vis-network build that pyvis ships (templates/lib/vis-9.1.2/…), found without
    importing pyvis."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: the page takes vis-network from it (pip install pyvis)")
    root = Path(next(iter(spec.submodule_search_locations)))
    return (root / "templates" / "lib" / VIS_VERSION / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def province_clusters(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One cluster per province for the overview: which nodes it closes over (the page's script
    joins every node whose only province is that one) and its label, counted per class."""
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, d in G.nodes(data=True):
        provinces = d.get("provinces") or ([d["province"]] if d.get("province") else [])
        if len(provinces) == 1:
            members[provinces[0]].append(d)
    words = {"document": ("văn bản", "documents"), "task": ("nhiệm vụ", "tasks"),
             "change": ("thay đổi", "changes"), "agency": ("cơ quan", "agencies")}
    out = []
    for province in sorted(members, key=fold):
        ms = members[province]
        if len(ms) < 2:
            continue
        count: dict[str, int] = defaultdict(int)
        for d in ms:
            count[d.get("cls") or ""] += d.get("members") or 1
        parts = [(count[c], vi, en) for c, (vi, en) in words.items() if count[c]]
        halted = sum(d.get("members") or 1 for d in ms if d.get("cls") == "change" and d.get("halted"))
        out.append({
            "id": f"cluster:{province}", "province": province, "size": len(ms),
            "label_vi": _cluster_label(province, [f"{n} {vi}" for n, vi, _ in parts]),
            "label_en": _cluster_label(province, [f"{n} {en}" for n, _, en in parts]),
            "halted": halted,
        })
    return out


def _cluster_label(province: str, counts: list[str]) -> str:
    """The province's name over its counts, two to a line (a compact box, not a wide banner)."""
    return "\n".join([province] + [" · ".join(counts[i:i + 2]) for i in range(0, len(counts), 2)])


def render(G: nx.MultiDiGraph, *, center: str | None = None, depth: int = 2, lang: str = "vi",
           max_nodes: int = 400, title: str | None = None, total: int | None = None,
           notes: list[tuple[str, str]] | None = None, clusters: bool | None = None) -> Page:
    """The page for the whole projection, or for the neighbourhood of ``center`` within ``depth``.

    ``G`` may already be a part of the graph (graph/project.py ``neighbourhood``, ``overview``):
    ``total`` is then how many nodes the store holds, and ``notes`` say how ``G`` was chosen.
    ``clusters``: open with one cluster per province (default: the whole-graph view of
    ``CLUSTER_MIN`` nodes or more; a neighbourhood never).
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    total = G.number_of_nodes() if total is None else total
    H = focus_graph(G, center, depth) if center else G
    H, steps = aggregate(H, max_nodes)
    notes = [*(notes or []), *steps]
    if clusters is None:
        clusters = center is None and H.number_of_nodes() >= CLUSTER_MIN
    groups = province_clusters(H) if clusters else []
    positions = layout(H, groups) if H.number_of_nodes() > BIG else None
    nodes, edges, options = network(H, lang=lang, center=center, positions=positions)
    if center:
        c = G.nodes[center]
        heading = (f"{c['label_vi']} — độ sâu {depth}", f"{c['label_en']} — depth {depth}")
    else:
        heading = ("Toàn bộ đồ thị tinhgon", "The whole tinhgon graph")
    if title:
        heading = (title, title)
    legend = [{"key": k, "color": v["color"], "shape": v["shape"], "vi": v["vi"], "en": v["en"]}
              for k, v in STYLE.items() if any(_style_key(d) == k for _, d in H.nodes(data=True))]
    data = {
        "nodes": nodes, "edges": edges, "options": options, "lang": lang,
        "heading": {"vi": heading[0], "en": heading[1]}, "legend": legend,
        "notes": [{"vi": vi, "en": en} for vi, en in notes],
        "counts": {"shown": H.number_of_nodes(), "total": total, "budget": max_nodes},
        "labels": {k: {"vi": v[0], "en": v[1]} for k, v in _filter_labels().items()},
        "edgeStyles": {k: v["color"] for k, v in EDGE_STYLE.items()},
        "clusters": groups, "clusterStyle": {"color": STYLE["province"]["color"], "halted": STYLE["halted"]["color"]},
    }
    parts = {
        "TITLE": html.escape(heading[0 if lang == "vi" else 1]),
        "LANG": lang,
        "VIS_CSS": _vis_lib("vis-network.css").replace("</style", "<\\/style"),
        "PAGE_CSS": _asset("viz.css"),
        "DATA": _script_json(data),
        "PAGE_JS": _asset("viz.js"),
        "VIS_JS": _vis_lib("vis-network.min.js").replace("</script", "<\\/script"),
    }
    page = re.sub(r"/\*@(\w+)@\*/", lambda m: parts[m[1]], _asset("viz.html"))
    return Page(html=page, nodes=H.number_of_nodes(), edges=H.number_of_edges(), total_nodes=total,
                notes=[en for _, en in notes])


def _filter_labels() -> dict[str, tuple[str, str]]:
    from tinhgon.graph.project import KIND_LABELS

    extra = {"task": ("Nhiệm vụ", "Task"), "agency": ("Cơ quan", "Agency"),
             "collective": ("Tập thể", "Collective body"), "province": ("Tỉnh", "Province"),
             "place": ("Địa bàn", "Place"), "post": ("Chức danh", "Post"), "": ("(không)", "(none)")}
    return {**KIND_LABELS, **extra}


def write(G: nx.MultiDiGraph, out: str | Path, **kwargs: Any) -> Page:
    """Render and save the page; returns what was drawn."""
    page = render(G, **kwargs)
    Path(out).write_text(page.html, encoding="utf-8")
    return page
