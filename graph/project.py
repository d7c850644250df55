"""A networkx projection of the RDF graph, for drawing and for graph algorithms.

The RDF store stays the one source of truth: :func:`project` reads it with the SPARQL
in ``queries/projection/*.rq`` and returns a throw-away ``MultiDiGraph`` whose nodes are
the store's IRIs and whose edges are the store's relations (subject → object, attribute
``rel``). Lineage, centrality and the interactive page work on this projection because
path-following and layout are what networkx is good at and SPARQL is not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from typing import Any

import networkx as nx

from tinhgon.builders.numbers import kind_labels
from tinhgon.graph.store import GraphStore
from tinhgon.graph.vocab import DOC_CLASS, PREFIXES, TG
from tinhgon.text import fold

# Node classes of the projection (attribute ``cls``).
CLASSES: tuple[str, ...] = ("document", "agency", "task", "change", "province", "place", "post")

# Relation name (attribute ``rel``) by property IRI.
RELATIONS: dict[str, str] = {
    str(TG.implements): "implements", str(TG.cites): "cites", str(TG.reviews): "reviews",
    str(TG.issuer): "issuer", str(TG.assignedIn): "assignedIn", str(TG.lead): "lead",
    str(TG.coordinating): "coordinating", str(TG.implementing): "implementing",
    str(TG.appraising): "appraising", str(TG.commenting): "commenting", str(TG.deciding): "deciding",
    str(TG.statedIn): "statedIn", str(TG.haltedBy): "haltedBy", str(TG.task): "task",
    "http://www.w3.org/ns/org#originalOrganization": "input",
    "http://www.w3.org/ns/org#resultingOrganization": "result",
    str(TG.province): "province", str(TG.within): "within", str(TG.sameWorkAs): "sameWorkAs",
    str(TG.basedOn): "basedOn", str(TG.guides): "guides", str(TG.amends): "amends", str(TG.replaces): "replaces",
    str(TG.repeals): "repeals", str(TG.suspends): "suspends", str(TG.endsEffectOf): "endsEffectOf",
}
# Relations by which one document acts on another's standing (issue 15), strongest first, and the
# standing each gives the document acted on.
STANDING_RELS: dict[str, str] = {"replaces": "replaced", "repeals": "repealed", "endsEffectOf": "expired",
                                 "suspends": "suspended", "amends": "partly-amended"}
DIRECTIONS: tuple[str, ...] = ("down", "up", "both")
ROLE_RELS: tuple[str, ...] = ("lead", "coordinating", "implementing", "appraising", "commenting", "deciding")
# A change is drawn halted when its status says so or a document halted it; "not-expanded" (a pilot
# not carried further) is an outcome of its own, labelled as such, not a halt, even when the document
# that says so is recorded as its tg:haltedBy.
HALTED_STATUSES: frozenset[str] = frozenset({"halted"})
NOT_HALTED_STATUSES: frozenset[str] = frozenset({"not-expanded"})
TASK_WORDS = 48
"""How many characters of a task's text its label shows (cut between words)."""

_DOC_KIND = {str(cls): slug for slug, cls in DOC_CLASS.items()}

# Fallback labels when the store holds no ontology graph (the ontology's own labels win).
KIND_LABELS: dict[str, tuple[str, str]] = {
    **kind_labels(),  # the document kinds: rows of builders/data/lexicon/doc_kinds.tsv
    "document": ("Văn bản", "Document"),
    "merge": ("Hợp nhất", "Merge"), "absorb": ("Sáp nhập", "Absorb"), "dissolve": ("Giải thể", "Dissolve"),
    "transfer": ("Chuyển giao", "Transfer"), "establish": ("Thành lập", "Establish"),
    "reorganise": ("Sắp xếp lại", "Reorganise"), "concurrent-post": ("Kiêm nhiệm", "Concurrent post"),
    "proposed": ("đề xuất", "proposed"), "ordered": ("thực hiện", "ordered"), "pilot": ("thí điểm", "pilot"),
    "expand": ("mở rộng", "expand"), "pending-approval": ("chờ Trung ương", "pending approval"),
    "halted": ("tạm dừng", "halted"), "not-expanded": ("không mở rộng", "not expanded"),
    "completed": ("hoàn thành", "completed"),
}

def query(name: str) -> str:
    """The text of queries/projection/<name>.rq (package data of tinhgon.queries)."""
    return resources.files("tinhgon.queries").joinpath("projection", f"{name}.rq").read_text(encoding="utf-8")


def slug_of(iri: str | None) -> str | None:
    """``tg:kind-merge`` → ``merge``, ``tg:status-halted`` → ``halted``: the slug vocab.py minted."""
    if not iri:
        return None
    local = re.split(r"[#/]", iri)[-1]
    return local.split("-", 1)[1] if "-" in local else local


def clip(text: str | None, n: int) -> str:
    """``text`` on one line, at most ``n`` characters, cut at a word boundary ("…" marks the cut).

    Labels are read at a glance: a word cut in half ("Văn phòng Hội đồng nh…") reads as a typo.
    A single word longer than ``n`` is cut where it must be.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= n:
        return text
    head = text[: n - 1]
    if text[n - 1] != " " and " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:–-") + "…"


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters, broken between words;
    what does not fit ends the last line with "…" (see :func:`clip`)."""
    words = re.sub(r"\s+", " ", text or "").strip().split(" ")
    out: list[str] = []
    cur = ""
    for i, w in enumerate(words):
        if cur and len(cur) + 1 + len(w) > width:
            if len(out) == lines - 1:
                return [*out, clip(" ".join([cur, *words[i:]]), width)]
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        out.append(clip(cur, width) if len(out) == lines - 1 else cur)
    return [x for x in out if x]


def load_labels(store: GraphStore) -> dict[str, dict[str, str]]:
    """Labels by slug and language: the ontology's when the store has it, else the built-in table."""
    out: dict[str, dict[str, str]] = {k: {"vi": vi, "en": en} for k, (vi, en) in KIND_LABELS.items()}
    for row in store.select(query("labels")):
        term = row["term"]
        slug = _DOC_KIND.get(term) or slug_of(term)
        if slug in out:
            out[slug][row["lang"]] = row["label"]
    return out


def restricted(text: str, nodes: Iterable[str] | None, var: str = "node", token: str = "# @nodes") -> str:
    """A projection query limited to ``nodes``: each ``# @nodes`` comment becomes a VALUES block.

    The IRIs are written by Oxigraph's term syntax, never pasted raw. With ``nodes`` None
    the comment stays a comment and the query reads the whole graph.
    """
    if nodes is None:
        return text
    import pyoxigraph as ox

    values = " ".join(str(ox.NamedNode(n)) for n in sorted(set(nodes))) or "<urn:tinhgon:none>"
    return text.replace(token, f"VALUES ?{var} {{ {values} }}")


def project(store: GraphStore, nodes: Iterable[str] | None = None, *,
            labels: dict[str, dict[str, str]] | None = None) -> nx.MultiDiGraph:
    """The graph as networkx: documents, agencies, tasks, changes, places and their relations.

    With ``nodes`` only those nodes and the relations among them are read (each query is
    limited by a VALUES block): what viz and lineage use once SPARQL has chosen them.

    Node attributes: ``iri``, ``cls`` (one of CLASSES), ``label_vi``, ``label_en``,
    ``province``, ``kind``, ``status``, ``quote`` (the first source words behind it),
    ``source`` (file name of that quote), ``file`` (documents read off a source file),
    ``facts`` (ordered key → value pairs for tooltips) and class-specific ones
    (``number``, ``ref``, ``due``, ``halted``, ``agency_type`` …).
    Edge attributes: ``rel`` (see RELATIONS) and ``key`` = ``rel``.
    """
    labels = labels if labels is not None else load_labels(store)
    G = nx.MultiDiGraph()
    nodes = None if nodes is None else sorted(set(nodes))

    def q(name: str) -> str:
        text = restricted(query(name), nodes)
        return restricted(text, nodes, "s", "# @edges") if name == "edges" else text

    def lab(slug: str | None, lang: str) -> str:
        return labels.get(slug or "", {}).get(lang) or (slug or "")

    for r in store.select(q("documents")):
        _add_document(G, r, lab)
    for r in store.select(q("agencies")):
        name = r["label"] or r["fullName"] or r["node"].rsplit("/", 1)[-1]
        collective = r["collective"] in (True, "true", "1")
        # English: the graph's rdfs:label@en (the lexicon's type name); the Vietnamese name otherwise.
        G.add_node(r["node"], iri=r["node"], cls="agency", kind="collective" if collective else "agency",
                   province=r["province"], label_vi=name, label_en=r["labelEn"] or name,
                   full_name=r["fullName"], agency_type=r["agencyType"], type_label=r["typeLabel"] or name,
                   facts=_facts(("full name", r["fullName"]), ("province", r["province"]),
                                ("type", r["typeLabel"])))
    for r in store.select(q("tasks")):
        ref = r["ref"] or r["node"].rsplit("/", 1)[-1]
        opening = clip(r["text"], TASK_WORDS) if r["text"] else None
        G.add_node(r["node"], iri=r["node"], cls="task", kind="task", province=r["province"], ref=ref,
                   doc=r["doc"], text=r["text"], due=r["due"], due_date=r["dueDate"], start=r["start"],
                   recurrence=r["recurrence"], head_vi=f"Nhiệm vụ {ref}", head_en=f"Task {ref}",
                   label_vi=f"{ref} · {opening}" if opening else f"Nhiệm vụ {ref}",
                   label_en=f"{ref} · {opening}" if opening else f"Task {ref}",
                   facts=_facts(("ref", ref), ("text", r["text"]), ("start", r["start"]), ("due", r["due"]),
                                ("recurrence", r["recurrence"]), ("time", r["timePhrase"]),
                                ("province", r["province"])))
    for r in store.select(q("changes")):
        kind, status, level = slug_of(r["kind"]), slug_of(r["status"]), slug_of(r["level"])
        halted = is_halted(status, r["haltedBy"])
        mark = "⛔ " if halted else ""
        head = {lang: f"{mark}{lab(kind, lang)} ({lab(status, lang)})" for lang in ("vi", "en")}
        inputs = {lang: sorted(x for x in (r[f"inputs{lang.capitalize()}"] or "").split("|") if x)
                  for lang in ("vi", "en")}
        result = {"vi": r["resultVi"], "en": r["resultEn"]}
        G.add_node(r["node"], iri=r["node"], cls="change", kind=kind, status=status, level=level,
                   province=r["province"], doc=r["doc"], text=r["text"], scope=r["scope"], due=r["due"],
                   due_date=r["dueDate"], halted=halted, halted_by=r["haltedBy"], signature=r["signature"],
                   inputs=inputs["vi"], result=result["vi"], head_vi=head["vi"], head_en=head["en"],
                   label_vi=change_label(head["vi"], inputs["vi"], result["vi"], r["text"]),
                   label_en=change_label(head["en"], inputs["en"], result["en"], r["text"]),
                   facts=_facts(("kind", kind), ("status", status), ("level", level), ("scope", r["scope"]),
                                ("due", r["due"]), ("text", r["text"]), ("province", r["province"])))
    for r in store.select(q("places")):
        label = r["label"] or r["node"].rsplit("/", 1)[-1]
        province = label if r["cls"] == "province" else r["province"]
        G.add_node(r["node"], iri=r["node"], cls=r["cls"], kind=r["cls"], province=province,
                   label_vi=label, label_en=r["labelEn"] or label, facts=_facts(("province", province)))
    for r in store.select(q("edges")):
        s, o = r["s"], r["o"]
        if s in G and o in G:
            rel = RELATIONS[r["p"]]
            G.add_edge(s, o, key=rel, rel=rel)
    _add_linked_facts(G)
    quotes = first_quotes(store, nodes)
    for n, data in G.nodes(data=True):
        data.setdefault("status", None)
        data.setdefault("province", None)
        q = quotes.get(n)
        data["quote"], data["source"] = (q if q else (None, None))
    return G


def _add_document(G: nx.MultiDiGraph, r: dict[str, Any], lab) -> None:
    """A document node from a row of projection/documents (or the lighter lineage-documents)."""
    classes = (r["classes"] or "").split()
    kind = next((_DOC_KIND[c] for c in classes if c in _DOC_KIND), "document")
    number, year = r["number"], r["year"]
    when = r["date"] or year
    tail_vi = number or f"(không số{', ' + r['province'] if r['province'] else ''}{', ' + when if when else ''})"
    tail_en = number or f"(unnumbered{', ' + r['province'] if r['province'] else ''}{', ' + when if when else ''})"
    title, issuer, signer, file = (r.get(k) for k in ("title", "issuer", "signer", "file"))
    G.add_node(r["node"], iri=r["node"], cls="document", kind=kind, number=number, province=r["province"],
               label_vi=f"{lab(kind, 'vi')} {tail_vi}", label_en=f"{lab(kind, 'en')} {tail_en}",
               title=title, date=r["date"], year=year, issuer=issuer, signer=signer, file=file,
               facts=_facts(("number", number), ("date", r["date"]), ("year", year),
                            ("province", r["province"]), ("issuer", issuer),
                            ("signer", signer), ("title", title), ("read from", file)))


def first_quotes(store: GraphStore, nodes: list[str] | None) -> dict[str, tuple[str, str | None]]:
    """The first source words behind each node and the file they are in, chosen by the store in two
    steps: the node's first graph (projection/quote-graphs), then its first mention there
    (projection/quotes, the pairs bound as VALUES so each graph is looked up, not scanned)."""
    import pyoxigraph as ox

    pairs = sorted((r["node"], r["graph"]) for r in store.select(restricted(query("quote-graphs"), nodes))
                   if r["graph"])
    out: dict[str, tuple[str, str | None]] = {}
    for i in range(0, len(pairs), 2000):
        values = " ".join(f"({ox.NamedNode(n)} {ox.NamedNode(g)})" for n, g in pairs[i:i + 2000])
        text = query("quotes").replace("# @pairs", f"VALUES (?node ?g) {{ {values} }}")
        for r in store.select(text):
            file, _begin, quote = r["first"].split("\t", 2)
            out[r["node"]] = (quote, file or None)
    return out


def change_label(head: str, inputs: list[str], result: str | None, text: str | None) -> str:
    """What a change does, in a few words: "Hợp nhất (đề xuất): A + B → C"; without named
    inputs or result, the opening words of its text."""
    if inputs or result:
        what = " + ".join(inputs[:3]) + (f" +{len(inputs) - 3}" if len(inputs) > 3 else "")
        return f"{head}: {what} → {result}" if result else f"{head}: {what}"
    return f"{head}: {clip(text, TASK_WORDS)}" if text else head


def _add_linked_facts(G: nx.MultiDiGraph) -> None:
    """Tooltips name the bodies behind a task's roles and a change's inputs and result."""
    for n, data in G.nodes(data=True):
        if data.get("cls") not in ("task", "change"):
            continue
        linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for _, o, rel in G.out_edges(n, data="rel"):
            if rel in ROLE_RELS or rel in ("input", "result"):
                vi = G.nodes[o].get("label_vi") or o
                linked[rel].append((vi, G.nodes[o].get("label_en") or vi))
        for rel in (*ROLE_RELS, "input", "result"):
            if linked.get(rel):
                pairs = sorted(linked[rel])
                data["facts"].append((rel, "; ".join(vi for vi, _ in pairs)))
                data.setdefault("facts_en", {})[rel] = "; ".join(en for _, en in pairs)  # the English tooltip's


def _facts(*pairs: tuple[str, Any]) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in pairs if v not in (None, "")]


# -- identifiers ---------------------------------------------------------------------------
def _number_key(number: str) -> str:
    return fold(re.sub(r"\s+", "", number)).replace("đ", "d")


def resolve_id(store: GraphStore, ident: str) -> str:
    """A document number ("18-NQ/TW"), a name ("An Giang", "Sở Nội vụ tỉnh An Giang"), a full IRI
    or a prefixed name ("tgid:doc/18-nq-tw") → IRI.

    Numbers compare without spaces, case or accents (``68/2000/NĐ-CP`` = ``68/2000/ND-CP``);
    names compare accent-free and case-free, and must name one node. Raises KeyError saying
    what was tried, with the candidates when a name is ambiguous.
    """
    ident = ident.strip()
    if re.match(r"^https?://", ident):
        return ident
    m = re.match(r"^([a-z]+):(\S+)$", ident)
    if m and m[1] in PREFIXES:
        return str(PREFIXES[m[1]]) + m[2]
    key = _number_key(ident)
    # Only the numbers holding the same longest run of digits can match (folding leaves digits alone):
    # the store filters them, instead of every number of the country reaching Python.
    digits = max(re.findall(r"\d+", ident), key=len, default="")
    numbers = query("numbers")
    if digits:
        numbers = numbers.replace("?number . }", f'?number . FILTER(CONTAINS(STR(?number), "{digits}")) }}')
    hits = sorted({r["doc"] for r in store.select(numbers) if _number_key(r["number"]) == key})
    if hits:
        # One number is one document (its IRI comes from the number's scope); take the first.
        return hits[0]
    folded = fold(ident)
    named = sorted({r["node"] for r in store.select(query("names")) if fold(r["name"]) == folded})
    if len(named) == 1:
        return named[0]
    if named:
        raise KeyError(f"{ident!r} names {len(named)} nodes; give one of: " + ", ".join(named[:8]))
    raise KeyError(f"no document numbered {ident!r} and nothing named so in the graph (try an IRI or tgid:…)")


# -- lineage -------------------------------------------------------------------------------
def lineage(G: nx.MultiDiGraph, root: str, *, tasks: bool = False, changes: bool = False,
            direction: str = "down") -> nx.DiGraph:
    """What a directive or plan spawned (``direction="down"``), what it stands on up to the central
    directives (``"up"``), or both, as a DiGraph with edges parent → child.

    Follows ``tg:implements`` and ``tg:reviews`` backwards from ``root``: the documents
    that implement it, the conclusions that review it, the plans of those, and so on.
    A provincial plan that implements an intermediate plan whose own parent the graph
    does not know, while citing a lineage member, puts that intermediate plan under the
    cited member: the edge is marked ``inferred=True`` (with ``via`` = the citing plan)
    and is drawn dotted, because the text says so only indirectly ("Kế hoạch số 82-KH/TU
    thực hiện Nghị quyết số 18-NQ/TW" is a sentence about another document).
    With ``tasks`` the tasks each document assigns hang under it; with ``changes`` the
    structural changes it states (under their task when both are shown), halted ones
    carrying ``halted=True``.
    Up follows ``tg:implements``, ``tg:reviews`` and ``tg:basedOn`` forwards from ``root``. Either way,
    every document drawn that another replaced, repealed, ended, suspended or amended carries
    ``standing`` (the strongest) and ``standing_by``, and the documents that did it are drawn with
    that edge, so a replaced plan is seen replaced.
    """
    if root not in G:
        raise KeyError(f"{root} is not in the graph")
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown lineage direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    L = nx.DiGraph()
    L.add_node(root, **G.nodes[root])
    if direction in ("up", "both"):
        _ancestors(G, L, root)
    if direction == "up":
        return _finish(G, L, tasks=tasks, changes=changes)
    # A conclusion may both review and (in the text's words) carry out a directive: "reviews"
    # is the more telling of the two, so it wins.
    children: dict[str, dict[str, str]] = defaultdict(dict)
    cited_by: dict[str, list[str]] = defaultdict(list)
    has_parent: set[str] = set()
    for s, o, rel in G.edges(data="rel"):
        if rel in ("implements", "reviews") and G.nodes[s].get("cls") == "document":
            if children[o].get(s) != "reviews":
                children[o][s] = rel
            has_parent.add(s)
        elif rel == "cites":
            cited_by[o].append(s)
    frontier = [root]
    while frontier:
        nxt: list[str] = []
        for parent in frontier:
            for child, rel in sorted(children.get(parent, {}).items()):
                new = child not in L
                if new:
                    L.add_node(child, **G.nodes[child])
                    nxt.append(child)
                # a node just added reaches nothing yet: only an edge to one drawn before can close a cycle
                if new or (not L.has_edge(parent, child) and not nx.has_path(L, child, parent)):
                    L.add_edge(parent, child, rel=rel, inferred=False)
            for citer in sorted(cited_by.get(parent, ())):
                if citer in L:
                    continue
                for mid, _rel in _implemented(G, citer):
                    if mid not in L and mid not in has_parent and G.nodes[mid].get("cls") == "document":
                        L.add_node(mid, **G.nodes[mid])
                        L.add_edge(parent, mid, rel="implements", inferred=True, via=citer)
                        nxt.append(mid)
        frontier = nxt
    return _finish(G, L, tasks=tasks, changes=changes)


def _ancestors(G: nx.MultiDiGraph, L: nx.DiGraph, root: str) -> None:
    """What ``root`` stands on, breadth first: the documents it implements, reviews or is based on."""
    frontier = [root]
    while frontier:
        nxt: list[str] = []
        for child in frontier:
            parents: dict[str, str] = {}
            for _, parent, rel in G.out_edges(child, data="rel"):
                if (rel in ("implements", "reviews", "basedOn") and G.nodes[parent].get("cls") == "document"
                        and parents.get(parent) not in ("implements", "reviews")):
                    parents[parent] = rel
            for parent, rel in sorted(parents.items()):
                new = parent not in L
                if new:
                    L.add_node(parent, **G.nodes[parent])
                    nxt.append(parent)
                if new or (not L.has_edge(parent, child) and not nx.has_path(L, child, parent)):
                    L.add_edge(parent, child, rel=rel, inferred=False)
        frontier = nxt


def _mark_standing(G: nx.MultiDiGraph, L: nx.DiGraph) -> None:
    """Draw what the documents drawn did to others' standing and what others did to theirs (edge actor →
    document acted on), and mark each document acted on with the strongest of it."""
    order = list(STANDING_RELS)
    # The few nodes with a standing link: only their edges are looked at (the root of a national
    # lineage alone has thousands of others).
    actors, acted_on = set(), set()
    for s, o, r in G.edges(data="rel"):
        if r in STANDING_RELS:
            actors.add(s)
            acted_on.add(o)
    drawn = [n for n in L if L.nodes[n].get("cls") == "document" and (n in actors or n in acted_on)]
    for n in drawn:
        edges = [*(G.out_edges(n, data="rel") if n in actors else ()),
                 *(G.in_edges(n, data="rel") if n in acted_on else ())]
        for s, o, r in edges:
            if r not in STANDING_RELS or G.nodes[s].get("cls") != "document" or G.nodes[o].get("cls") != "document":
                continue
            for x in (s, o):
                if x not in L:
                    L.add_node(x, **G.nodes[x])
            if not L.has_edge(s, o):
                L.add_edge(s, o, rel=r, inferred=False)
    for n in [n for n in L if n in acted_on and L.nodes[n].get("cls") == "document"]:
        acts = sorted((order.index(r), G.nodes[s].get("number") or s) for s, _, r in G.in_edges(n, data="rel")
                      if r in STANDING_RELS)
        if acts:
            L.nodes[n]["standing"] = STANDING_RELS[order[acts[0][0]]]
            L.nodes[n]["standing_by"] = acts[0][1]


def _finish(G: nx.MultiDiGraph, L: nx.DiGraph, *, tasks: bool, changes: bool) -> nx.DiGraph:
    _mark_standing(G, L)
    _attach(G, L, [n for n in L if L.nodes[n].get("cls") == "document"], tasks=tasks, changes=changes)
    return L


def _attach(G: nx.MultiDiGraph, L: nx.DiGraph, docs: list[str], *, tasks: bool, changes: bool) -> None:
    """Hang under each of ``docs`` the tasks it assigns and the changes it states (under their task
    when it is drawn)."""
    if tasks:
        for t, d in _incoming(G, docs, "assignedIn"):
            L.add_node(t, **G.nodes[t])
            L.add_edge(d, t, rel="assigns", inferred=False)
    if changes:
        for c, d in _incoming(G, docs, "statedIn"):
            L.add_node(c, **G.nodes[c])
            via_task = next((o for _, o, r in G.out_edges(c, data="rel") if r == "task" and o in L), None)
            L.add_edge(via_task or d, c, rel="states", inferred=False)


def _implemented(G: nx.MultiDiGraph, doc: str) -> list[tuple[str, str]]:
    return sorted((o, r) for _, o, r in G.out_edges(doc, data="rel") if r == "implements")


def _incoming(G: nx.MultiDiGraph, targets: Iterable[str], rel: str) -> list[tuple[str, str]]:
    out = []
    for d in targets:
        out.extend((s, d) for s, _, r in G.in_edges(d, data="rel") if r == rel)
    return sorted(out)


# -- neighbourhoods and centrality ---------------------------------------------------------
def focus(G: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``depth`` hops of ``center`` in either direction, with their edges."""
    if center not in G:
        raise KeyError(f"{center} is not in the graph")
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), center, cutoff=depth)
    return G.subgraph(near).copy()


def workload(G: nx.MultiDiGraph, roles: Iterable[str] = ROLE_RELS) -> Counter[str]:
    """Tasks per agency over the given roles (lead by default counts all roles)."""
    roles = set(roles)
    c: Counter[str] = Counter()
    for s, o, r in G.edges(data="rel"):
        if r in roles and G.nodes[s].get("cls") == "task":
            c[o] += 1
    return c


def centrality(G: nx.MultiDiGraph, cls: str | None = None, *, kind: str = "degree") -> dict[str, float]:
    """Degree, PageRank or betweenness centrality, optionally only for nodes of one class.

    PageRank runs on the directed graph (a document many plans implement ranks high);
    degree and betweenness on the undirected simple graph (an agency that ties many
    tasks and documents together ranks high).
    """
    simple = nx.Graph(G.to_undirected(as_view=True))
    if kind == "degree":
        scores = nx.degree_centrality(simple)
    elif kind == "pagerank":
        scores = nx.pagerank(nx.DiGraph(G)) if len(G) else {}
    elif kind == "betweenness":
        scores = nx.betweenness_centrality(simple)
    else:
        raise ValueError(f"unknown centrality {kind!r}: use degree, pagerank or betweenness")
    if cls is None:
        return scores
    return {n: v for n, v in scores.items() if G.nodes[n].get("cls") == cls}


def top(scores: dict[str, float], n: int = 10) -> list[tuple[str, float]]:
    """The ``n`` best scores, ties broken by IRI so the order is stable."""
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


# -- reading only what will be drawn ---------------------------------------------------------
# At national scale the whole graph never fits a page (6,000 documents, 200,000 tasks). viz and
# lineage ask the store first how big the picture is, and either project only the nodes SPARQL
# picked (a neighbourhood, a lineage) or draw an overview counted by SPARQL GROUP BY.

DETAIL_LIMIT = 3000
"""Above this many documents, tasks, changes and agencies in all, the overview is grouped in SPARQL."""

_COUNTS = """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
SELECT ?cls (COUNT(DISTINCT ?n) AS ?count) WHERE {
  { ?n a tg:Document . BIND("document" AS ?cls) } UNION { ?n a tg:Task . BIND("task" AS ?cls) }
  UNION { ?n a tg:StructuralChange . BIND("change" AS ?cls) } UNION { ?n a tg:Agency . BIND("agency" AS ?cls) }
  UNION { ?n a tg:CollectiveAgent . BIND("agency" AS ?cls) }
  UNION { ?n a tg:AdministrativeUnit . BIND("place" AS ?cls) } UNION { ?n a tg:Province . BIND("place" AS ?cls) }
  UNION { ?n a tg:Post . BIND("post" AS ?cls) }
} GROUP BY ?cls"""


def class_counts(store: GraphStore) -> dict[str, int]:
    """How many nodes of each drawable class the store holds (each fact is stored once)."""
    return {r["cls"]: int(r["count"]) for r in store.select(_COUNTS)}


def exists(store: GraphStore, iri: str) -> bool:
    import pyoxigraph as ox

    return bool(store.query(f"ASK {{ {{ {ox.NamedNode(iri)} ?p ?o }} UNION {{ ?s ?p {ox.NamedNode(iri)} }} }}"))


def _relation_values() -> str:
    return " ".join(f"<{p}>" for p in RELATIONS)


def neighbourhood(store: GraphStore, center: str, depth: int, limit: int) -> tuple[set[str], bool]:
    """The nodes within ``depth`` hops of ``center`` along the drawn relations, found hop by hop
    in SPARQL; at most ``limit`` of them (True as second value when some were left out)."""
    import pyoxigraph as ox

    seen = {center}
    frontier = [center]
    truncated = False
    for _ in range(depth):
        if not frontier:
            break
        values = " ".join(str(ox.NamedNode(n)) for n in frontier)
        room = limit - len(seen)
        rows = store.select(
            f"SELECT DISTINCT ?n WHERE {{ VALUES ?f {{ {values} }} VALUES ?p {{ {_relation_values()} }} "
            f"{{ ?f ?p ?n }} UNION {{ ?n ?p ?f }} FILTER(isIRI(?n)) }} LIMIT {room + 1}")
        new = [r["n"] for r in rows if r["n"] not in seen]
        if len(new) > room:
            new, truncated = new[:room], True
        seen.update(new)
        frontier = new
        if truncated:
            break
    return seen, truncated


def summary(store: GraphStore) -> nx.MultiDiGraph:
    """The national overview, counted by the store: central documents, provincial documents per
    province and kind, structural changes per province and status, provinces, and how they link.
    Node attributes as in :func:`project`, plus ``members`` (how many nodes a group stands for).

    The store counts per document (tasks, changes per status) and lists the links; the groups are
    added up here, each document mapped to its group once: a few light queries instead of grouping
    and joining 13,000 documents three times in SPARQL (5.5 s of CPU at 6,000 files, now 2 s)."""
    labels = load_labels(store)

    def lab(slug: str | None, lang: str) -> str:
        return labels.get(slug or "", {}).get(lang) or (slug or "")

    provinces = store.select(query("summary-provinces"))
    label_of = {r["key"]: r["province"] for r in provinces}
    province_of: dict[str, str | None] = {}
    kind_of: dict[str, str | None] = {}
    tasks_of: dict[str, int] = {}
    for r in store.select(query("summary-documents")):
        doc, label = r["doc"], label_of.get(r["province"] or "")
        if label is not None and (province_of.get(doc) is None or label < province_of[doc]):
            province_of[doc] = label  # the least of its provinces' names
        else:
            province_of.setdefault(doc, None)
        kind_of[doc], tasks_of[doc] = r["kind"], int(r["tasks"] or 0)

    def group(doc: str) -> str:
        prov = province_of[doc]
        return f"group:docs:{prov}|{kind_of[doc] or ''}" if prov is not None else doc

    docs: dict[str, dict[str, Any]] = {}
    for doc in sorted(province_of):
        g = docs.setdefault(group(doc), {"province": province_of[doc], "kind": kind_of[doc], "members": 0,
                                         "tasks": 0})
        g["members"] += 1
        g["tasks"] += tasks_of[doc]
    changes: dict[str, dict[str, Any]] = {}
    for r in store.select(query("summary-changes")):
        prov = province_of.get(r["doc"])
        g = changes.setdefault(f"group:changes:{prov or ''}|{r['status']}",
                               {"province": prov, "status": r["status"], "members": 0})
        g["members"] += int(r["members"])

    G = nx.MultiDiGraph()
    details = project(store, nodes=[k for k, g in docs.items() if g["province"] is None], labels=labels)
    rows = sorted([*((k, "document", g) for k, g in docs.items()), *((k, "change", g) for k, g in changes.items()),
                   *((r["key"], "province", r) for r in provinces)], key=lambda row: row[0])
    province_node: dict[str, str] = {}
    for key, cls, r in rows:
        prov, n = r["province"], int(r["members"])
        if cls == "document" and prov is None:
            if key in details:
                G.add_node(key, **details.nodes[key])
            continue
        if cls == "province":
            G.add_node(key, iri=key, cls="province", kind="province", province=prov, label_vi=prov or key,
                       label_en=prov or key, facts=[], quote=None, source=None, status=None)
            province_node[prov] = key
            continue
        if cls == "document":
            kind = _DOC_KIND.get(r["kind"] or "", "document")
            G.add_node(key, iri=key, cls="document", kind=kind, province=prov, members=n, status=None,
                       label_vi=f"{lab(kind, 'vi')} ×{n} · {prov}", label_en=f"{lab(kind, 'en')} ×{n} · {prov}",
                       facts=[("documents", str(n)), ("tasks", str(r["tasks"])), ("province", prov)],
                       quote=None, source=None)
        else:
            status = slug_of(r["status"])
            halted = status in HALTED_STATUSES
            mark = "⛔ " if halted else ""
            G.add_node(key, iri=key, cls="change", kind="change", status=status, province=prov or None,
                       halted=halted, members=n,
                       label_vi=f"{mark}{n} thay đổi ({lab(status, 'vi')}) · {prov or 'Trung ương'}",
                       label_en=f"{mark}{n} changes ({lab(status, 'en')}) · {prov or 'central'}",
                       facts=[("changes", str(n)), ("status", status), ("province", prov or "")],
                       quote=None, source=None)
    for key, d in list(G.nodes(data=True)):
        if d.get("members") and d.get("province") in province_node:
            G.add_edge(key, province_node[d["province"]], key="province", rel="province")
    links: Counter[tuple[str, str, str]] = Counter()
    for r in store.select(query("summary-edges")):
        if r["x"] in province_of and r["y"] in province_of:  # between documents
            a, b = group(r["x"]), group(r["y"])
            if a != b:
                links[a, r["rel"], b] += 1
    for (a, rel, b), n in sorted(links.items()):
        if a in G and b in G:
            G.add_edge(a, b, key=rel, rel=rel, count=n)
    for s, o, d in details.edges(data=True):
        if s in G and o in G and not G.has_edge(s, o, key=d["rel"]):
            G.add_edge(s, o, key=d["rel"], rel=d["rel"])
    return G


def overview(store: GraphStore, *, detail_limit: int = DETAIL_LIMIT,
             counts: dict[str, int] | None = None) -> tuple[nx.MultiDiGraph, int, list[str]]:
    """What `tinhgon viz` draws without --focus: the projection itself while the graph is small,
    the SPARQL-counted :func:`summary` above ``detail_limit`` nodes. Returns (graph, how many
    nodes the store holds, notes). ``counts``: :func:`class_counts`, when the caller has them."""
    counts = class_counts(store) if counts is None else counts
    total = sum(counts.values())
    if total <= detail_limit:
        return project(store), total, []
    return summary(store), total, [
        f"{total} nodes in the store: documents grouped by province and kind, changes by province and status; "
        "tasks and agencies are counted in the groups (use --focus to see them)"]


_SPAWNED = """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
SELECT DISTINCT ?d WHERE { ?d (tg:implements|tg:reviews)+ ?root . }"""

# What a document stands on (lineage --up): what it implements, reviews or is based on, to the top.
_STANDS_ON = """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
SELECT DISTINCT ?d WHERE { ?root (tg:implements|tg:reviews|tg:basedOn)+ ?d . }"""

# The store's standing links (a document → the one it replaced, repealed, ended, suspended or amended):
# few, read whole and matched to the drawn documents in Python (a path per drawn document costs seconds
# at 8,000 of them; the drawn ones sent as VALUES, twice, half a megabyte of query text each time).
_STANDING = """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
SELECT DISTINCT ?a ?b WHERE { VALUES ?p { tg:replaces tg:repeals tg:endsEffectOf tg:suspends tg:amends } ?a ?p ?b . }"""

_CITERS = """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
SELECT DISTINCT ?citer ?mid WHERE { ?citer tg:cites ?member . ?citer tg:implements ?mid . }"""

def lineage_nodes(store: GraphStore, root: str, *, tasks: bool = False, changes: bool = False,
                  direction: str = "down") -> set[str]:
    """The nodes :func:`lineage` may use, found in SPARQL: the documents that implement or review
    ``root`` directly or not (``direction`` "down"), those it implements, reviews or is based on ("up"),
    or both; the plans that cite one of them and what those implement (for the inferred links); the
    documents that replaced, repealed, ended, suspended or amended one of them, or that one of them did
    that to; and with ``tasks`` / ``changes`` what those documents assign and state."""
    import pyoxigraph as ox

    if direction not in DIRECTIONS:
        raise ValueError(f"unknown lineage direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    docs = {root}
    for wanted, q in ((("down", "both"), _SPAWNED), (("up", "both"), _STANDS_ON)):
        if direction in wanted:
            docs |= {r["d"] for r in store.select(q, {"root": ox.NamedNode(root)})}
    standing = [(r["a"], r["b"]) for r in store.select(_STANDING)]
    docs |= {a for a, b in standing if b in docs}  # what acted on a drawn document, then
    docs |= {b for a, b in standing if a in docs}  # what the drawn ones (those too) acted on
    nodes = set(docs)
    values = " ".join(str(ox.NamedNode(d)) for d in sorted(docs))
    for r in store.select(_CITERS.replace("WHERE {", f"WHERE {{ VALUES ?member {{ {values} }}", 1)):
        nodes.update((r["citer"], r["mid"]))
    return nodes | attached_nodes(store, nodes, tasks=tasks, changes=changes)  # the inferred members' too


def attached_nodes(store: GraphStore, docs: Iterable[str], *, tasks: bool, changes: bool) -> set[str]:
    """The tasks ``docs`` assign (with ``tasks``) and the changes they state (with ``changes``)."""
    kinds = {k for k, wanted in (("task", tasks), ("change", changes)) if wanted}
    if not kinds:
        return set()
    return {r["n"] for r in store.select(restricted(query("lineage-attached"), docs, "d")) if r["kind"] in kinds}


def attached_counts(store: GraphStore, docs: Iterable[str], *, tasks: bool,
                    changes: bool) -> dict[str, tuple[int, int, int]]:
    """Per document of ``docs``: how many tasks it assigns and changes it states (each 0 unless asked
    for), and how many of those changes are halted, counted by the store (projection/lineage-attached-
    counts, projection/halted-candidates): what a grouped lineage shows of a group, without reading each
    task and change."""
    if not (tasks or changes):
        return {}
    docs = set(docs)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in store.select(restricted(query("lineage-attached-counts"), docs, "d")):
        if (r["kind"] == "task" and tasks) or (r["kind"] == "change" and changes):
            counts[r["d"]][0 if r["kind"] == "task" else 1] = int(r["nodes"])
    if changes:
        for r in store.select(query("halted-candidates")):
            if r["d"] in docs and is_halted(slug_of(r["status"]), r["haltedBy"]):
                counts[r["d"]][2] += 1
    return {d: (t, c, h) for d, (t, c, h) in counts.items()}


def is_halted(status: str | None, halted_by: str | None) -> bool:
    """Whether a change is drawn halted: its status says so, or a document halted it and its status
    does not say otherwise ("not expanded": stopped short of spreading, not halted)."""
    return status in HALTED_STATUSES or (bool(halted_by) and status not in NOT_HALTED_STATUSES)


def store_lineage(store: GraphStore, root: str, *, tasks: bool = False, changes: bool = False,
                  max_nodes: int = 300, direction: str = "down") -> tuple[nx.DiGraph, list[str]]:
    """:func:`lineage` of ``root`` read from the store without projecting the rest of the graph.

    Past ``max_nodes`` the provincial documents (with their tasks and changes) are grouped per
    province, kind and parent, so the drawing stays readable and quick; the notes say so. A lineage
    that big is first drawn from its :func:`skeleton` (each document's label facts and the links
    between them, read in SPARQL); only the nodes left after grouping are projected in full.
    """
    docs = lineage_nodes(store, root, direction=direction)
    # Tasks and changes are counted per document by the store; only those of the documents left
    # ungrouped are read (at 600 files, reading all of 18-NQ/TW's 30,000 first took minutes).
    counts = attached_counts(store, docs, tasks=tasks, changes=changes)
    if len(docs) + sum(t + c for t, c, _ in counts.values()) <= max_nodes:
        nodes = docs | attached_nodes(store, docs, tasks=tasks, changes=changes)
        return lineage(project(store, nodes), root, tasks=tasks, changes=changes, direction=direction), []
    labels = load_labels(store)
    L = lineage(skeleton(store, docs, labels=labels), root, direction=direction)  # the documents
    drawn = L.number_of_nodes() + sum(sum(counts[n][:2]) for n in L if n in counts)
    if drawn <= max_nodes:  # fewer drawn than read: the full projection of what was read
        nodes = docs | attached_nodes(store, docs, tasks=tasks, changes=changes)
        return lineage(project(store, nodes, labels=labels), root, tasks=tasks, changes=changes,
                       direction=direction), []
    notes = [f"{drawn} nodes: provincial documents grouped per province, kind and parent "
             "(their tasks and changes counted in the group)"]
    kept_docs = [n for n, d in L.nodes(data=True) if not _grouped(n, d, root)]
    H = group_lineage(L, root, counts=counts)
    hanging = sum(sum(counts[n][:2]) for n in kept_docs if n in counts)
    counted = bool(hanging) and H.number_of_nodes() + hanging > max_nodes
    if hanging and not counted:
        full = project(store, set(kept_docs) | attached_nodes(store, kept_docs, tasks=tasks, changes=changes),
                       labels=labels)
        _attach(full, L, kept_docs, tasks=tasks, changes=changes)
        H = group_lineage(L, root, counts=counts)
    else:  # even the documents left ungrouped assign too many to draw: counted in their node
        full = project(store, kept_docs, labels=labels)
        if hanging:
            notes.append(f"{hanging} tasks and changes of the {len(kept_docs)} documents not grouped "
                         "counted in their node, past the budget of --max-nodes")
    for n in H:
        if n in L and n in full:
            marks = {k: H.nodes[n][k] for k in ("standing", "standing_by") if k in H.nodes[n]}
            H.nodes[n].update(full.nodes[n], **marks)
            if counted and n in counts:
                _count_in(H.nodes[n], *counts[n])
    return H, notes


def _count_in(d: dict[str, Any], tasks: int, changes: int, halted: int) -> None:
    """A document drawn without its tasks and changes says how many it holds, as a group does."""
    if not (tasks or changes):
        return
    d.update(tasks_counted=tasks, changes_counted=changes, halted_changes=halted)
    d["label_vi"] += (f" · {tasks} nhiệm vụ" if tasks else "") + (f" · {changes} thay đổi" if changes else "")
    d["label_en"] += (f" · {tasks} tasks" if tasks else "") + (f" · {changes} changes" if changes else "")


# The links a lineage follows: documents' (the parent, the inferred parent, standing) and, when shown,
# tasks' and changes'.
_LINEAGE_RELS = ("implements", "reviews", "cites", "basedOn", *STANDING_RELS)
_ATTACHED_RELS = ("assignedIn", "statedIn", "task")


_PLACE_LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?label WHERE { # @nodes
  ?node skos:prefLabel ?label . }"""

# The facts of a document's label, by property: what projection/lineage-documents returns them as.
_LABEL_FACTS = {str(TG.number): "number", "http://purl.org/dc/terms/issued": "date", str(TG.year): "year",
                str(TG.province): "province"}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def skeleton(store: GraphStore, nodes: Iterable[str], *,
             labels: dict[str, dict[str, str]] | None = None) -> nx.MultiDiGraph:
    """What :func:`lineage` and :func:`group_lineage` need of ``nodes``, read in SPARQL: each document
    with the facts its label is made of, the tasks and changes among ``nodes`` projected in full, and
    the lineage's links among them. One query reads each node's own statements of those properties
    (projection/lineage-documents); the facts are reduced here as projection/documents reduces them
    (the least number, date, year and province name; the classes in the store's order)."""
    import pyoxigraph as ox

    labels = labels if labels is not None else load_labels(store)
    nodes = sorted(set(nodes))

    def lab(slug: str | None, lang: str) -> str:
        return labels.get(slug or "", {}).get(lang) or (slug or "")

    classes: dict[str, list[str]] = defaultdict(list)
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str, str]] = []
    for sol in store.query(restricted(query("lineage-documents"), nodes)):
        node, p, o = sol[0].value, sol[1].value, sol[2]
        if p == _RDF_TYPE:
            if o.value not in classes[node]:
                classes[node].append(o.value)
        elif p in _LABEL_FACTS:
            facts[node][_LABEL_FACTS[p]].append(o.value)
        if p in RELATIONS and isinstance(o, ox.NamedNode):
            links.append((node, p, o.value))
    documents = [n for n in nodes if str(TG.Document) in classes.get(n, ())]
    places = {p for n in documents for p in facts[n].get("province", ())}
    place_label: dict[str, list[str]] = defaultdict(list)
    for r in store.select(restricted(_PLACE_LABELS, places)) if places else ():
        place_label[r["node"]].append(r["label"])
    G = nx.MultiDiGraph()
    for n in documents:
        f = facts[n]
        names = [x for p in f.get("province", ()) for x in place_label.get(p, ())]
        _add_document(G, {"node": n, "classes": " ".join(classes[n]), "number": min(f["number"], default=None),
                          "date": min(f["date"], default=None), "year": min(f["year"], default=None),
                          "province": min(names, default=None)}, lab)
    others = [n for n in nodes if n not in G]
    if others:  # tasks and changes (--tasks, --changes), and whatever else was asked for
        P = project(store, others, labels=labels)
        G.add_nodes_from(P.nodes(data=True))
    wanted = {iri for iri, rel in RELATIONS.items() if rel in _LINEAGE_RELS or (others and rel in _ATTACHED_RELS)}
    for s, p, o in sorted(links):  # in the order of projection/edges (ORDER BY ?s ?p ?o)
        if p in wanted and s in G and o in G:
            rel = RELATIONS[p]
            G.add_edge(s, o, key=rel, rel=rel)
    return G


def _grouped(n: str, d: dict[str, Any], root: str) -> bool:
    """Whether :func:`group_lineage` folds this node into a group: a provincial document but the root."""
    return n != root and d.get("cls") == "document" and bool(d.get("province"))


def group_lineage(L: nx.DiGraph, root: str, *, counts: dict[str, tuple[int, int, int]] | None = None) -> nx.DiGraph:
    """A lineage with provincial documents collapsed per (province, kind, parent).

    ``counts`` (document → tasks, changes, halted changes) adds to a group what its documents hold
    but ``L`` does not draw (:func:`store_lineage` counts them in the store instead of reading them)."""
    group_of: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for n, d in L.nodes(data=True):
        if not _grouped(n, d, root):
            continue
        parents = sorted(p for p in L.predecessors(n) if L.nodes[p].get("cls") == "document")
        parent = parents[0] if parents else ""
        if L.nodes.get(parent, {}).get("province"):
            parent = "provincial"  # a plan for a provincial plan: grouped with its province's others
        key = f"group:{d['province']}|{d.get('kind')}|{parent}"
        group_of[n] = key
        members[key].append(n)
    for n, d in L.nodes(data=True):  # tasks and changes go with their document's group
        if d.get("cls") in ("task", "change"):
            doc = next((p for p in L.predecessors(n) if p in group_of), None)
            if doc is not None:
                group_of[n] = group_of[doc]
    H = nx.DiGraph()
    for n, d in L.nodes(data=True):
        if n not in group_of:
            H.add_node(n, **d)
    # What each group holds, counted in one pass (a pass per group is quadratic: 3 s at 8,900 nodes).
    halted_in: Counter[str] = Counter()
    held: Counter[tuple[str, str]] = Counter()
    for n, g in group_of.items():
        d = L.nodes[n]
        halted_in[g] += 1 if d.get("halted") else 0
        held[g, d.get("cls") or ""] += 1
        if counts and n in counts:
            tasks, changes, halted = counts[n]
            held[g, "task"] += tasks
            held[g, "change"] += changes
            halted_in[g] += halted
    for key, ms in members.items():
        first = L.nodes[ms[0]]
        halted, n_tasks, n_changes = halted_in[key], held[key, "task"], held[key, "change"]
        kind_vi, kind_en = (re.sub(r"\s+\S+$", "", first.get(k) or "") if first.get("number") else first.get(k)
                            for k in ("label_vi", "label_en"))
        extra_vi = (f" · {n_tasks} nhiệm vụ" if n_tasks else "") + (f" · {n_changes} thay đổi" if n_changes else "")
        extra_en = (f" · {n_tasks} tasks" if n_tasks else "") + (f" · {n_changes} changes" if n_changes else "")
        H.add_node(key, iri=key, cls="document", kind=first.get("kind"), province=first.get("province"),
                   members=len(ms), halted=False, halted_changes=halted,
                   label_vi=f"{len(ms)} × {kind_vi}{extra_vi}", label_en=f"{len(ms)} × {kind_en}{extra_en}",
                   date=None, year=None)
    for s, o, d in L.edges(data=True):
        a, b = group_of.get(s, s), group_of.get(o, o)
        if a != b and a in H and b in H and not H.has_edge(a, b):
            H.add_edge(a, b, **d)
    return H
