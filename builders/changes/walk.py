"""Layer 2: the outline walk. Each block's own text is read with the context it inherits (headings,
level and scope hints, the task it belongs to, footnotes), and restatements are removed: a parent
item summarising the bullets under it, a body bullet repeated by an appendix row.

Framing and results sections, lead paragraphs and ancestors are read as every extractor reads
them (``tinhgon.builders.outline``).
"""

from __future__ import annotations

from functools import lru_cache

from tinhgon.builders import outline
from tinhgon.builders.model import Block, Change, Source, Structure, Task
from tinhgon.text import fold

from . import vocab
from .find import find_changes
from .names import is_head, level_hint_of, name_key, place_scope
from .status import ChangeContext, footnotes_of, status_of

# "+ Đối với cấp tỉnh sẽ thực hiện …": a bullet that only names a level restates its item's change there
_AT_LEVEL = vocab.phrase(words="đối với cấp|riêng cấp", lead=r"\s*(?:[-+•]\s*)?", trail=r"\s+(\w+)(?![^\W\d_])")
_NUMBER_CHARS = frozenset("0123456789IVXLCDMABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _own_text(src: Source, b: Block) -> tuple[str, int]:
    """The block's own words and the paragraphs that continue it, without its bullets."""
    rest = [c for c in b.children if c.kind not in ("para", "label")][:1]
    end = rest[0].start if rest else max(b.end, *(c.end for c in b.children)) if b.children else b.end
    return src.text[b.start:max(end, b.start)], b.start


def extract_changes(source: Source, structure: Structure, tasks: list[Task], *, central: bool = False) -> list[Change]:
    """Walk the blocks of the body, read each block's own text, and drop restatements. ``central``: the
    document is issued at the centre, so a change that names no level is the centre's own."""
    body_end = len(source.text) if source.body_end < 0 else source.body_end
    notes = footnotes_of(source.text[source.body_start:body_end])
    by_ref = {t.ref: t for t in tasks}
    memo = _Memo(source)
    units: list[list] = []  # [block, text, offset, ancestors, report, background]
    for b in structure.root.walk():
        if b is structure.root or b.start >= body_end or b.start < source.body_start:
            continue
        if b.kind == "para" and b.parent is not None and b.parent is not structure.root \
                and memo.is_lead_para(b):
            continue  # read with its item
        chain = [a for a in outline.ancestors(b) if a is not structure.root]
        report = any(memo.kind(a)[0] for a in [*chain, b])
        # a framing section (purpose, assessment) orders nothing, but may state a change done
        background = any(memo.kind(a)[1] for a in [*chain, b]) and not report
        text, off = _row_text(source, b) if b.kind == "row" and b.cells else memo.own(b)
        if not text.strip():
            continue
        prev = units[-1] if units else None
        if b.kind == "para" and text.lstrip()[:1].islower() and prev is not None and prev[0].kind != "row" \
                and prev[5] == background and prev[2] + len(prev[1]) <= off:
            prev[1] = source.text[prev[2]:off + len(text)]  # a line broken off the sentence before it
            continue
        units.append([b, text, off, chain, report, background])
    per_block: list[tuple[Block, list[Change]]] = []
    found_of: dict[int, list[Change]] = {}  # id(block) → its changes
    for b, text, off, chain, report, background in units:
        heads = [a.text.strip().split("\n")[0] for a in chain] + memo.title_above(b)
        # the level and place a block inherits: its own words first, then each ancestor's, innermost first
        level_hint = level_hint_of(text) or next((h for h in (memo.hints(a)[0] for a in reversed(chain)) if h), None)
        scope_hint = next((s for s in (memo.hints(a)[1] for a in reversed(chain)) if s), None)
        task = _task_for(b, by_ref)
        subject = next((x for x in (_heading_body(h) for h in reversed(heads)) if x), None)
        ctx = ChangeContext(
            headings=heads, level_hint=level_hint, scope_hint=scope_hint, footnotes=notes, subject=subject,
            due=task.time.due if task else None, task_ref=task.ref if task else None, report=report,
            doc_level="central" if central else "province",
        )
        found = find_changes(text, off, ctx)
        if report or background:
            found = [c for c in found if c.status == "completed"]
        if not found and not background:
            found = _restated_at_level(text, off, ctx, b, found_of)
        per_block.append((b, found))
        found_of[id(b)] = found
    # a parent whose changes its own children restate gives way to them; only blocks that state a change
    # are compared, each with its own ancestors (walked up once) and the changes below it
    kept: list[Change] = []
    with_changes = [(bb, cc) for bb, cc in per_block if cc]
    stating = {id(bb): cc for bb, cc in with_changes}
    above: dict[int, list[Change]] = {}  # id(block) → the changes of the blocks above it
    below: dict[int, list[Change]] = {}  # id(block) → the changes of the blocks under it
    for b, chs in with_changes:
        p = b.parent
        ups: list[Change] = []
        while p is not None:
            if id(p) in stating:
                ups.extend(stating[id(p)])
                below.setdefault(id(p), []).extend(chs)
            p = p.parent
        above[id(b)] = ups
    for b, chs in with_changes:
        kids = below.get(id(b), [])
        for c in chs:
            same = [x.name for k in kids if k.kind == c.kind and k.level == c.level for x in k.inputs]
            if c.inputs and same and _covers(same, [x.name for x in c.inputs]):
                continue
            if any(p.kind == c.kind and p.level == c.level and _prefix_inputs(c, p) for p in above[id(b)]):
                continue
            kept.append(c)
    return _dedupe(kept)


class _Memo:
    """What the walk asks of a block again for each block under it (its own words, the level and place
    they name, its section kind, its lead paragraphs, the subheadings among its children), computed once
    per block: asked afresh, a long plan's walk grows with the square of its length."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._own: dict[int, tuple[str, int]] = {}
        self._hints: dict[int, tuple[str | None, str | None]] = {}
        self._kind: dict[int, tuple[bool, bool]] = {}
        self._leads: dict[int, set[int]] = {}
        self._titles: dict[int, dict[int, str]] = {}

    def own(self, b: Block) -> tuple[str, int]:
        got = self._own.get(id(b))
        if got is None:
            got = self._own[id(b)] = _own_text(self.source, b)
        return got

    def hints(self, b: Block) -> tuple[str | None, str | None]:
        """(level, district) an ancestor's own words set for what it introduces."""
        got = self._hints.get(id(b))
        if got is None:
            text = self.own(b)[0]
            got = self._hints[id(b)] = (level_hint_of(text), place_scope(text))
        return got

    def kind(self, b: Block) -> tuple[bool, bool]:
        """(reports results, frames the plan)."""
        got = self._kind.get(id(b))
        if got is None:
            got = self._kind[id(b)] = (outline.is_results(b), outline.is_framing(b))
        return got

    def is_lead_para(self, b: Block) -> bool:
        assert b.parent is not None
        leads = self._leads.get(id(b.parent))
        if leads is None:
            leads = self._leads[id(b.parent)] = {id(c) for c in outline.lead_paras(b.parent)}
        return id(b) in leads

    def title_above(self, b: Block) -> list[str]:
        """The subheading paragraph that the paragraphs after it (up to the next one) sit under."""
        if b.kind != "para" or b.parent is None or _is_title_para(b):
            return []
        titles = self._titles.get(id(b.parent))
        if titles is None:
            titles, last = {}, None
            for c in b.parent.children:
                if _is_title_para(c):
                    last = c.text.strip()
                elif last is not None:
                    titles[id(c)] = last
            self._titles[id(b.parent)] = titles
        t = titles.get(id(b))
        return [t] if t is not None else []


def _is_title_para(b: Block) -> bool:
    """A paragraph printed as a subheading: short, capitalised, no closing punctuation ("Dự kiến phương
    án sắp xếp các đơn vị sự nghiệp công lập")."""
    t = b.text.strip()
    return b.kind == "para" and 0 < len(t.split()) <= 14 and "\n" not in t and t[:1].isupper() \
        and t[-1:] not in ".:;,?!)" and not t[-1:].isdigit()


@lru_cache(maxsize=4096)
def _heading_body(h: str) -> str | None:
    """The body a section heading names ("3.2. Văn phòng Ủy ban nhân dân tỉnh:"), if it is only that. Kept per
    heading: every block under a heading asks it again."""
    words = h.split(None, 1)
    if len(words) == 2 and words[0].rstrip(".)-") and set(words[0].rstrip(".)-")) <= _NUMBER_CHARS \
            and (words[0][-1] in ".)-" or words[0].isdigit()):
        h = words[1]  # "3.2. Văn phòng …", "II. …", "a) …"
    t = h.strip(" :.")
    if t and len(t.split()) <= 10 and is_head(t) and "," not in t:
        return t
    return None


def _row_text(src: Source, b: Block) -> tuple[str, int]:
    """A table row's work cell, as the structure chose it (builders/data/lexicon/columns.tsv); the whole
    row when it chose none or a bare number (a header the layout misread: a page's banner taken as the
    header row)."""
    t = b.text.strip()
    if any(ch.isalpha() for ch in t):
        at = src.text.find(t, b.start, b.end)
        if at >= 0:
            return t, at
    return _own_text(src, b)


def _task_for(b: Block, by_ref: dict[str, Task]) -> Task | None:
    p: Block | None = b
    while p is not None:
        if p.ref and p.ref in by_ref:
            return by_ref[p.ref]
        p = p.parent
    return None


def _covers(child_names: list[str], names: list[str]) -> bool:
    ck = {fold(n) for n in child_names}
    return all(fold(n) in ck for n in names)


def _prefix_inputs(c: Change, p: Change) -> bool:
    """A bullet restating its item with a shorter name ("Văn phòng" under "Văn phòng Tỉnh ủy")."""
    if not c.inputs or not p.inputs:
        return False
    pk = [name_key(x.name) for x in p.inputs]
    return all(any(q.startswith(name_key(x.name)) and q != name_key(x.name) for q in pk) for x in c.inputs)


def _restated_at_level(text: str, off: int, ctx: ChangeContext, b: Block,
                       done: dict[int, list[Change]]) -> list[Change]:
    """A bullet with no change of its own that opens "Đối với cấp X" / "Riêng cấp X" restates its
    item's change at level X, with the bullet's own status ("… sẽ thực hiện vào thời điểm thích hợp")."""
    m = _AT_LEVEL.match(text)
    lv = vocab.level_of_grade().get(fold(m.group(1))) if m else None
    if lv is None or b.parent is None:
        return []
    parent = done.get(id(b.parent), [])
    if not parent:
        return []
    p = parent[0]
    status = status_of(text, text, ChangeContext(), None, text)
    return [Change(text=text.strip(), kind=p.kind, level=lv, status=status, start=off, end=off + len(text),
                   inputs=list(p.inputs), result=None, scope=None, due=ctx.due, task_ref=ctx.task_ref)]


def _unit_class(name: str) -> bool:
    """"(N) đơn vị hành chính cấp xã": a class of administrative units, counted or not."""
    words = name_key(name).split()
    if words[:1] and words[0][:1].isdigit():
        words = words[1:]
    return " ".join(words[:4]) == "don vi hanh chinh"


def _counted(name: str) -> bool:
    return name[:1].isdigit()


def _dedupe(changes: list[Change]) -> list[Change]:
    """One change restated by several items (body bullets, appendix rows) is kept once."""
    out: list[Change] = []
    seen: dict[tuple, Change] = {}
    for c in changes:
        names = frozenset(name_key(m.name) for m in c.inputs)
        refused = c.status == "not-expanded"  # a refusal is not a restatement of the pilot it refuses
        key = (c.kind, c.level, names, refused) if c.inputs else \
            (c.kind, c.level, c.status, fold(c.result.name) if c.result else "")
        if c.inputs and all(_unit_class(m.name) for m in c.inputs):
            # "sắp xếp (N) đơn vị hành chính cấp xã": stated once overall, then place by place; the overall
            # change restated with its numbers takes them
            key = (c.kind, c.level, "units", c.scope)
            first = seen.get(key)
            if first is not None and c.scope is None and not any(_counted(m.name) for m in first.inputs) \
                    and all(_counted(m.name) for m in c.inputs):
                first.inputs = list(c.inputs)
        # one body is born once: "Thành lập C trên cơ sở hợp nhất các …" restates "Hợp nhất A, B thành C",
        # an appendix row "Đề án thành lập C" the body item that also names what C is made of
        born = (c.kind, c.level, "result", fold(c.result.name)) \
            if c.kind in ("merge", "establish") and c.result else None
        if born is not None and born in seen and key not in seen:
            key = born
        if key in seen:
            first = seen[key]
            first.due = first.due or c.due
            continue
        seen[key] = c
        if born is not None:
            seen.setdefault(born, c)
        out.append(c)
    return out
