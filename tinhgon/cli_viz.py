"""`tinhgon viz`, `tinhgon lineage` and `tinhgon map`: the interactive page, the lineage diagrams and
the map of the 2025 commune arrangement.

Both ask the store (SPARQL) which nodes to draw, a neighbourhood, a lineage or an overview
counted by the store, project only those to networkx (graph/project.py) and write one
file. tinhgon/cli.py registers the commands in COMMANDS.
"""

from __future__ import annotations

from pathlib import Path

import click

from tinhgon.graph.store import DEFAULT_STORE, GraphStore, StoreError

_STORE = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE,
    show_default=True, help="Directory of the on-disk graph store (env TINHGON_STORE).",
)
_LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                     help="Language of the labels.")


def _open(store_dir: Path) -> GraphStore:
    try:
        return GraphStore(store_dir, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _resolve(store: GraphStore, ident: str) -> str:
    from tinhgon.graph.project import exists, resolve_id

    try:
        iri = resolve_id(store, ident)
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from exc
    if not exists(store, iri):
        raise click.ClickException(f"{ident} ({iri}) is not a document, agency, task, change or place of the graph")
    return iri


@click.command()
@_STORE
@click.option("--focus", "focus_id", default=None,
              help="Draw only the neighbourhood of this node: a document number (18-NQ/TW), a province or "
                   "agency name (An Giang), an IRI or tgid:….")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0, 10), help="Hops around --focus.")
@_LANG
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("tinhgon-graph.html"),
              show_default=True, help="HTML file to write.")
@click.option("--max-nodes", default=400, show_default=True, type=click.IntRange(10, 100000),
              help="Node budget: past it, tasks, agencies and changes are grouped and the page says so.")
@click.option("--clusters/--no-clusters", default=None,
              help="Open with one cluster per province (default: the whole-graph view of 60 nodes or more).")
def viz(store_dir: Path, focus_id: str | None, depth: int, lang: str, out: Path, max_nodes: int,
        clusters: bool | None) -> None:
    """Write a self-contained interactive HTML page of the graph (opens offline in any browser)."""
    from tinhgon.graph import viz as viz_mod
    from tinhgon.graph.project import class_counts, neighbourhood, overview, project

    store = _open(store_dir)
    counts = class_counts(store)
    total = sum(counts.values())
    if total == 0:
        raise click.ClickException(f"{store_dir}: the graph is empty; run `tinhgon build` first")
    notes: list[tuple[str, str]] = []
    if focus_id:
        center = _resolve(store, focus_id)
        nodes, truncated = neighbourhood(store, center, depth, limit=max(5 * max_nodes, 2000))
        G = project(store, nodes)
        if center not in G:
            raise click.ClickException(f"{focus_id} ({center}) is not a document, agency, task, change or place")
        if truncated:
            notes.append((f"chỉ đọc {len(nodes)} nút gần nhất", f"only the {len(nodes)} nearest nodes were read"))
    else:
        center = None
        G, total, why = overview(store, counts=counts)
        notes.extend((w, w) for w in why)
    page = viz_mod.write(G, out, center=center, depth=depth, lang=lang, max_nodes=max_nodes, total=total,
                         notes=notes, clusters=clusters)
    notes = f"; aggregated: {'; '.join(page.notes)}" if page.notes else ""
    click.echo(f"wrote {out}: {page.nodes} of {page.total_nodes} nodes, {page.edges} edges{notes}")


@click.command()
@click.argument("ident", metavar="ID")
@_STORE
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot", "svg", "png", "graphml", "gexf"]), default=None,
              help="Output format (default: from --out's extension, else mermaid).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: stdout for text formats).")
@click.option("--tasks", is_flag=True, help="Also show the tasks each document assigns.")
@click.option("--changes", is_flag=True, help="Also show the structural changes, halted ones marked ⛔.")
@click.option("--max-nodes", default=300, show_default=True, type=click.IntRange(10, 100000),
              help="Past this many nodes, provincial documents are grouped per province, kind and parent.")
@click.option("--up", is_flag=True, help="What it stands on: the documents it implements, reviews or is based on, "
                                        "up to the central directives.")
@click.option("--down", is_flag=True, help="What it spawned (the default); with --up, both at once.")
@_LANG
def lineage(ident: str, store_dir: Path, fmt: str | None, out: Path | None, tasks: bool, changes: bool,
            max_nodes: int, up: bool, down: bool, lang: str) -> None:
    """Export what a directive or plan spawned (--down, the default), what it stands on (--up), or both.

    ID is a document number ("18-NQ/TW"), an IRI or a prefixed name (tgid:doc/18-nq-tw). Documents
    another one replaced, repealed or ended are drawn grey and dashed, with the document that did it.
    """
    from tinhgon.graph import lineage as lin
    from tinhgon.graph.project import store_lineage

    store = _open(store_dir)
    root = _resolve(store, ident)
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        fmt = {"mmd": "mermaid", "mermaid": "mermaid", "gv": "dot", "dot": "dot", "svg": "svg", "png": "png",
               "graphml": "graphml", "gexf": "gexf"}.get(suffix, "mermaid")
    direction = "both" if up and down else ("up" if up else "down")
    L, notes = store_lineage(store, root, tasks=tasks, changes=changes, max_nodes=max_nodes, direction=direction)
    if root not in L:
        raise click.ClickException(f"{ident} ({root}) is not a document of the graph")
    for note in notes:
        click.echo(f"note: {note}", err=True)
    heading = {"down": ("các văn bản triển khai", "what it spawned"),
               "up": ("các văn bản làm căn cứ", "what it stands on"),
               "both": ("căn cứ và các văn bản triển khai", "what it stands on and what it spawned")}[direction]
    title = f"{L.nodes[root].get('label_' + lang)} — {heading[0] if lang == 'vi' else heading[1]}"
    try:
        data = lin.export(L, fmt, lang=lang, title=title)
    except lin.GraphvizMissing as exc:
        raise click.ClickException(str(exc)) from exc
    if out is None:
        if fmt == "png":
            raise click.ClickException("PNG is binary: give --out FILE")
        click.echo(data.decode("utf-8"), nl=False)
        return
    out.write_bytes(data)
    docs = sum(1 for _, c in L.nodes(data="cls") if c == "document")
    click.echo(f"wrote {out} ({fmt}): {docs} documents, {L.number_of_nodes()} nodes, {L.number_of_edges()} links",
               err=True)


@click.command(name="map")
@_STORE
@click.option("--province", "provinces", multiple=True, metavar="NAME",
              help="Only this province (as its resolution names it; accents optional; repeatable). "
                   "Default: every province whose arrangement is in the store, one panel each.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("tinhgon-map.svg"),
              show_default=True, help="File to write: .svg, or .html for a page around it.")
@_LANG
def map_cmd(store_dir: Path, provinces: tuple[str, ...], out: Path, lang: str) -> None:
    """Draw the 2025 commune arrangement: each new commune at its coordinates, linked to the old units
    it was formed from, coloured by how many merged. Needs the gazetteer (`tinhgon gazetteer`)."""
    from tinhgon.graph import viz_map

    store = _open(store_dir)
    try:
        data = viz_map.read(store, list(provinces) or None)
    except viz_map.MapError as exc:
        raise click.ClickException(f"{store_dir}: {exc}") from exc
    html_page = out.suffix.lower() in (".html", ".htm")
    text = viz_map.to_html(data, lang=lang) if html_page else viz_map.to_svg(data, lang=lang)
    out.write_text(text, encoding="utf-8")
    units = [u for us in data.values() for u in us]
    placed = sum(1 for u in units if u.lat is not None)
    click.echo(f"wrote {out}: {len(data)} provinces, {placed} of {len(units)} new communes placed at their coordinates")


COMMANDS = [viz, lineage, map_cmd]
