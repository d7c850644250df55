"""Structure step: the outline of a document (headings, items, bullets, paragraphs, labels) and its tables.

Documents number their parts with a mix of shapes — "Chương II", "Điều 3.", "A.", "I." /
"II-" / "III)", "1." / "4)" / "(1)", "2.1." / "2.1.1.", "a)", "(i)", "-" and "+" (the shapes and
their order are the lexicon family ``numbering``) — and the same shape means the same depth
within one document, whatever it means elsewhere. So depth is read off the order in which
shapes open: a shape already open closes back to its level (a sibling), a new shape nests.
Lines without a marker belong to the item above them. "Cơ quan chủ trì: …" style lines are
labels of the item, never items of their own (family ``labels``, which also names the role
each label gives). Section cues — where the body ends, the customary closing formula, an
appendix, a document promulgated by the one above it, a table's first header cell — are the
family ``sections``, which also names the act's own clauses — promulgating the attached text,
taking effect, naming who executes it — that assign no work and leave no block.

Refs follow the gold records: a dotted number replaces the arabic numbers above it
("II" + "2.1.1" → "II.2.1.1"), bullets count ``-1``, ``-2`` … under their parent, an article is
"Điều 3" whatever chapter holds it (its khoản "Điều 3.1", its điểm "Điều 3.1.a"), and table
rows are ``appendix.N`` (``appendix.II.N`` when the rows number again from 1 under each group row).

Block kinds (``Block.kind``) and what they describe — later steps decide what is a task:

* ``heading`` — a part that groups (Chương, A., I.; an appendix block ``appendix``/``appendix2``);
* ``item`` — a numbered item (1., 2.1., a), (1), (i), Điều 3.);
* ``bullet`` — a "-" or "+" line;
* ``para`` — a line or paragraph without a marker: it belongs to the block above it (``ref`` is
  the parent's). ``own_ref`` numbers it among its parent's paragraphs ("para.3", "III.para.2",
  as the real gold does for paragraphs that assign work). A web page's own heading is a para
  with ``shape="page-heading"`` and no ``own_ref``. The paragraph that ends the body ("… ./.")
  hangs under the outermost open part, not under the last bullet;
* ``label`` — "Cơ quan chủ trì: …" and the other fields of an item (a value printed on the
  lines below an empty label is part of it);
* ``row`` — a table row whose first cell is its number, ``cells`` keyed by column name.

``Block.shape`` names the numbering shape; ``lead_in`` points from each block of a list to the
paragraph ending in ":" that introduces it; ``run`` groups paragraphs that one sentence spreads
over, each but the last ending in ";" (so a deadline stated at the end reaches them all).
A Quyết định (or another act) that promulgates a plan is read on into the attached plan: after
its closing, a "(Kèm theo Quyết định …)" line reopens the outline, refs unprefixed.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from tinhgon.builders import lexicon
from tinhgon.builders.model import Block, Region, Source, Structure
from tinhgon.builders.normalise import markup_spans
from tinhgon.text import fold


@cache
def _markers() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(shape, kind, pattern) of every numbering shape, in the order they are tried."""
    pats = lexicon.patterns("numbering")
    return tuple((r["name"], r["kind"], pats[r["name"]]) for r in lexicon.rows("numbering"))


def _kind_of(shape: str) -> str:
    return next(k for sh, k, _ in _markers() if sh == shape)


# Shapes whose punctuation may tell a nested list from its parent ("1." then "1)").
_SEQUENCES = {"arabic": "1", "lower": "a", "roman": "I", "lroman": "i"}
_BULLETS = ("dash", "plus")


@cache
def _label_rx(folded: bool) -> re.Pattern[str]:
    """Every label cue then its ":", at the line's start, as printed or accent-free (``folded``).

    Each row is a named group ``l0``, ``l1`` … in the family's order, so the first row whose words
    stand before a ":" is the one that matched (its role is the label's). Label patterns have no
    upper-case escapes (\\S, \\W) for folding to lose.
    """
    alts = (fold(r["label"]) if folded else r["label"] for r in lexicon.rows("labels"))
    return re.compile("^(?:" + "|".join(f"(?P<l{n}>{a})" for n, a in enumerate(alts)) + r")\s*:", re.IGNORECASE)


@cache
def _section(kind: str) -> re.Pattern[str]:
    """A line that opens with a section cue of this kind (lexicon family ``sections``)."""
    return lexicon.compile_alternation("sections", "cue", bound=False, before=r"^\s*", kind=kind)


@cache
def _formula_tail() -> re.Pattern[str]:
    """A closing formula that runs to the end of a paragraph after a sentence of its own."""
    return lexicon.compile_alternation("sections", "cue", bound=False, before=r"(?<=[.!?])\s+", after=r"\s*$",
                                       kind="formula")


_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"


def _footnote(line: str) -> bool:
    """A page's footnote: the line opens with a superscript number ("¹ Theo Quyết định …")."""
    s = line.lstrip()
    return bool(s) and s[0] in _SUPERSCRIPTS and bool(s[1:].strip())


def _end_mark(line: str) -> bool:
    """The line ends with "./.", which closes the last paragraph of the body."""
    return line.rstrip().endswith("./.")


def _row_number(cell: str) -> int | None:
    """A table row's number cell ("3", "3."): the number, else None."""
    s = cell[:-1] if cell.endswith(".") else cell
    return int(s) if 1 <= len(s) <= 3 and s.isdecimal() else None


def _number_cell(cell: str) -> bool:
    """A cell of the row that numbers a table's columns ("1", "(2)", "3)")."""
    s = cell[1:] if cell.startswith("(") else cell
    s = s[:-1] if s.endswith(")") else s
    return 1 <= len(s) <= 3 and s.isdecimal()


def _group_mark(cell: str) -> bool:
    """The first cell of a table's group row: a roman numeral or a capital letter ("II", "A.")."""
    s = cell[:-1] if cell.endswith(".") else cell
    return (1 <= len(s) <= 5 and not s.strip("IVX")) or (len(s) == 1 and "A" <= s <= "Z")


def _dotted_number(label: str) -> bool:
    """A label of numbers between dots ("2", "2.1", "2.1.3")."""
    return all(part.isdecimal() for part in label.split("."))


def _pipe_rule(line: str) -> bool:
    """The rule under a Markdown table's header ("|---|:--:|", "--- | ---"): dashes between pipes,
    a colon at either end of a cell, at least one pipe after a cell of two dashes or more."""
    s = line.strip()
    cells = (s[1:] if s.startswith("|") else s).split("|")

    def dashes(cell: str, least: int) -> bool:
        t = cell.strip()
        t = t[1:] if t.startswith(":") else t
        t = t[:-1] if t.endswith(":") else t
        return len(t) >= least and not t.strip("-")

    n = len(cells)
    return (n >= 2 and all(dashes(c, 2) for c in cells[:-1]) and dashes(cells[-1], 0)) or \
        (n >= 3 and all(dashes(c, 2) for c in cells[:-2]) and dashes(cells[-2], 0) and not cells[-1].strip())




def unmark(line: str) -> str:
    """The line with Markdown markup blanked out (same length, so offsets hold).

    Normalise usually drops markup already; a Source that kept it ("**Cơ quan chủ trì:**",
    "*Thời gian:*", "## II. NHIỆM VỤ") must still parse the same. A "* " list marker
    becomes a dash bullet rather than vanishing.
    """
    if "*" not in line and "#" not in line and "_" not in line:
        return line
    chars = list(line)
    for a, b in markup_spans(line):
        for k in range(a, b):
            chars[k] = " "
    stripped = line.lstrip(" \t")
    if stripped.startswith("* ") and stripped[2:].strip():
        chars[len(line) - len(stripped)] = "-"  # a Markdown bullet is a dash bullet
    return "".join(chars)


def _lines(body: str, base: int) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in body.split("\n"):
        out.append((base + pos, unmark(line)))
        pos += len(line) + 1
    return out


def match_marker(line: str) -> tuple[str, str, int] | None:
    """(shape, label, length of the marker) of a line's numbering, or None for a plain line."""
    s = line.lstrip(" ")
    pad = len(line) - len(s)
    for shape, _, rx in _markers():
        m = rx.match(s)
        if not m:
            continue
        if shape == "letter" and not _caps_start(s[m.end():]):
            continue
        if shape == "roman" and s[m.end():m.end() + 1].islower():
            continue
        return shape, m.group(1), pad + m.end()
    return None


def _unbulleted(line: str) -> str:
    """The line without a leading bullet marker: a Word file's italic "* (Kèm theo …)" keeps its
    star as a list marker (a space after the opening star), but the line is still the cue."""
    s = line.strip()
    mk = match_marker(s)
    return s[mk[2]:].lstrip() if mk and mk[0] in _BULLETS else s


def _caps_start(rest: str) -> bool:
    """A letter heading opens with a capital and is a title, not a sentence ("B. Nhiệm vụ và giải pháp")."""
    words = rest.split()
    return bool(words) and words[0][:1].isupper() and (len(words) <= 20 or rest.isupper())


# A label and its ":" lie within the first characters of a line (the longest label pattern allows
# about 150): only those are folded, so a long paragraph costs no more than a short one.
_LABEL_SPAN = 200


def is_label(text: str) -> bool:
    """True for "Cơ quan chủ trì: …" and the other label lines of an item.

    OCR drops or misplaces tone marks ("Cơ quan chủ tri:", "Thoi gian thực hiện:"), so the
    label words are also tried on the accent-free line.
    """
    t = text.strip()
    if ":" not in t[:_LABEL_SPAN]:
        return False  # no label without its colon
    return bool(_label_rx(False).match(t) or _label_rx(True).match(fold(t[:_LABEL_SPAN])))


def label_role(text: str) -> str | None:
    """The role a label names ("Cơ quan phối hợp: …" → "coordinating"; "Thời gian …" → "time"), or None."""
    t = text.strip()
    hits = [int(m.lastgroup[1:]) for m in (_label_rx(False).match(t), _label_rx(True).match(fold(t[:_LABEL_SPAN])))
            if m and m.lastgroup]
    return lexicon.rows("labels")[min(hits)]["role"] if hits else None


class _Where:
    """Which layout regions a position falls in (bisect over each kind's sorted starts)."""

    def __init__(self, regions: list[Region]) -> None:
        self.spans: dict[str, tuple[list[int], list[int]]] = {}
        for kind in {r.kind for r in regions}:
            rs = sorted((r.start, max(r.end, r.start + 1)) for r in regions if r.kind == kind)
            ends, top = [], -1
            for _, e in rs:
                top = max(top, e)
                ends.append(top)  # the furthest end so far: overlapping regions still answer right
            self.spans[kind] = ([a for a, _ in rs], ends)

    def __call__(self, kind: str, pos: int) -> bool:
        starts, ends = self.spans.get(kind, ([], []))
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < ends[k]


def _caps_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


class _Paras:
    """Numbers unmarked paragraphs among their parent's paragraphs, and links lists and runs."""

    def __init__(self) -> None:
        self.count: dict[int, int] = {}
        self.intro: dict[int, Block] = {}  # id(parent) → the open lead-in paragraph
        self.run: dict[int, list[Block]] = {}  # id(parent) → the open run of ";" paragraphs

    def number(self, b: Block, parent: Block) -> None:
        n = self.count.get(id(parent), 0) + 1
        self.count[id(parent)] = n
        b.own_ref = f"{parent.ref}.para.{n}" if parent.ref else f"para.{n}"

    def link(self, b: Block, parent: Block) -> None:
        """After a paragraph ending in ":", its parent's next blocks are its list; ";" links a run."""
        key = id(parent)
        lead = self.intro.get(key)
        if lead is not None and lead is not b:
            b.lead_in = lead
        if b.kind != "para":
            return
        text = b.text.rstrip()
        run = self.run.get(key)
        if run is not None:
            run.append(b)
            b.run = run
        if text.endswith(";"):
            if run is None:
                self.run[key] = b.run = [b]
        else:
            self.run.pop(key, None)
        if text.endswith(":"):
            self.intro[key] = b


def parse_structure(source: Source) -> Structure:
    """The outline tree of ``source.body`` plus its tables' rows."""
    base = source.body_start
    body = source.body
    root = Block(kind="heading", label="", ref="", text="", start=base, end=base + len(body), level=0)
    lines = _lines(body, base)
    inside = _Where(source.regions)
    stack: list[tuple[str, Block]] = []  # (shape, block)
    closed = False
    i = 0
    preamble: list[str] = []
    title = ""
    last_label: Block | None = None
    puncts: dict[int, str] = {}  # id(block) → its marker's punctuation
    bullets: dict[int, int] = {}  # id(block) → bullets under it so far
    paras = _Paras()
    ended = False  # the line before ended with "./."
    opened_appendix = False
    arabic_seen: set[str] = set()  # the arabic item numbers read so far
    while i < len(lines):
        off, raw = lines[i]
        line = raw.rstrip()
        i += 1
        if not any(c.isalnum() or c == "_" for c in line):
            continue  # blank lines, rules ("-----"), text set aside by layout
        closed = closed or ended
        ended = _end_mark(line)
        if line.lstrip().startswith("|") and _pipe_header(lines, i - 1):
            i = _parse_pipe_table(lines, i - 1, root)
            continue
        if "\t" in line.strip() and _tab_header(line):
            i = _parse_tab_table(lines, i - 1, root)
            continue
        if _section("tablehead").match(line) and (line.startswith("\t") or closed or _next_is_task_header(lines, i)):
            i = _parse_table(lines, i - 1, root)
            continue
        if _section("appendix").match(line) and closed:
            # an appendix after the signature: its numbered items are read too, under "appendix"
            app = _appendix_block(root, off + len(line) - len(line.lstrip()))
            stack = [("appendix", app)]
            closed = ended = False
            opened_appendix = True
            continue
        if closed and not opened_appendix and _section("attached").match(_unbulleted(line)):
            # "(Kèm theo Quyết định số …)": the plan this act promulgates; its items are read at the top level
            stack = []
            closed = ended = False
            last_label = None
            continue
        if closed:
            continue
        if _section("closing").match(line):
            closed = True
            opened_appendix = False
            continue
        if _footnote(line) or _section("formula").match(line):
            continue  # a page's footnote does not break the item it interrupts; the closing formula assigns nothing
        tail = _formula_tail().search(line)
        if tail:  # the paragraph's last sentence is a closing formula ("… Văn phòng … thông báo để … biết./.")
            line = line[:tail.start()]
        lead = len(line) - len(line.lstrip())
        start = off + lead
        end = off + len(line)
        stripped = line.strip()
        mk = match_marker(stripped)
        shape = label = None
        content = stripped
        if mk and not _counts_on(mk, arabic_seen):
            mk = None  # "2025. …": a number of four digits opens an item only as the next of a long list
        if mk:
            shape, label, n = mk
            content = stripped[n:].strip()
        if _section("enacting").match(content) and (shape is None or _kind_of(shape) == "item"):
            # "Điều 2. Quyết định này có hiệu lực …": the act's own clause assigns nothing; its number closes
            # the item above it, so the lines below do not join that item
            if shape is not None:
                key = _shape_key(shape, label)
                if key in [k for k, _ in stack]:
                    while stack[-1][0] != key:
                        stack.pop()
                    stack.pop()
            elif stack and stack[-1][1].kind == "item" and not stack[-1][1].text and not stack[-1][1].children:
                bare = stack.pop()[1]  # "Điều 1." printed alone, its enacting words on the line below
                bare.parent.children.remove(bare)
            last_label = None
            continue
        if inside("heading", start) and shape is None:
            # a web page's own heading: not numbering, no paragraph of the document; it closes the items above
            stack = []
            last_label = None
            root.children.append(Block(kind="para", label="", ref="", text=content, start=start, end=end,
                                       level=1, parent=root, shape="page-heading"))
            continue
        if is_label(content) and (shape is None or _kind_of(shape) != "heading"):
            parent = stack[-1][1] if stack else root
            b = Block(kind="label", label=label if shape in _BULLETS else "", ref=parent.ref, text=content,
                      start=start, end=end, level=parent.level + 1, parent=parent, shape=shape or "")
            parent.children.append(b)
            last_label = b if content.endswith(":") else None
            continue
        if last_label is not None and (shape == "plus" or shape is None):
            # "- Thời gian thực hiện:" followed by "+ …" lines, or by its value on the line below
            last_label.text += "\n" + content
            last_label.end = end
            if shape is None and not content.endswith(":"):
                last_label = None
            continue
        last_label = None
        if shape is None:
            parent = stack[-1][1] if stack else root
            if ended and stack and parent is not stack[0][1] and stack[0][0] != "appendix":
                parent = stack[0][1]  # the paragraph that ends the body closes the outermost part, not the last bullet
            if parent is root and not stack:
                if not title and line.strip().isupper():
                    title = line.strip()
                preamble.append(line.strip())
            b = Block(kind="para", label="", ref=parent.ref, text=content, start=start, end=end,
                      level=parent.level + 1, parent=parent)
            if not (parent is root and (inside("header", start) or _caps_line(content))):
                paras.number(b, parent)
            parent.children.append(b)
            paras.link(b, parent)
            continue
        if shape == "lroman" and label == "i" and _open_letter(stack) == "h":
            shape = "lower"  # "(i)" after "(h)" is the next letter
        key = _shape_key(shape, label)
        if shape in _SEQUENCES:
            # "1." open and a list "1)", "2)" starts below it: a new level, not siblings; a
            # stray "4)" after "3." (a misprint) stays a sibling
            alt = key + _punct(stripped, label)
            open_keys = [k for k, _ in stack]
            if alt in open_keys or (label == _SEQUENCES[shape] and key in open_keys and alt != key + puncts.get(
                    id(next(blk for k, blk in reversed(stack) if k == key)), "")):
                key = alt
        if key in [k for k, _ in stack]:
            while stack[-1][0] != key:
                stack.pop()
            stack.pop()
        parent = stack[-1][1] if stack else root
        kind = _kind_of(shape)
        b = Block(kind=kind, label=label, ref="", text=content, start=start, end=end,
                  level=len(stack) + 1, parent=parent, shape=shape)
        if shape in _BULLETS:
            bullets[id(parent)] = bullets.get(id(parent), 0) + 1
        b.ref = _ref(b, shape, parent, bullets.get(id(parent), 0))
        parent.children.append(b)
        paras.link(b, parent)
        stack.append((key, b))
        if shape in _SEQUENCES:
            puncts[id(b)] = _punct(stripped, label)
        if shape == "arabic":
            arabic_seen.add(label)
    _APPENDICES.pop(id(root), None)
    for app in root.children:
        if app.ref.startswith("appendix") and app.children:
            app.end = max(b.end for b in app.walk())
    return Structure(root=root, title=title, preamble="\n".join(preamble))


def _counts_on(mk: tuple[str, str, int], numbers: set[str]) -> bool:
    """An arabic number of four digits ("1000.") is an item only when the item before it ("999.")
    was read; a line that opens with a year or a figure ("2025. …", "1250. …") is text."""
    shape, label, _ = mk
    if shape != "arabic" or len(label) < 4:
        return True
    return str(int(label) - 1) in numbers


def _open_letter(stack: list[tuple[str, Block]]) -> str:
    """The label of the innermost open lettered item ("h" when "(h)" is open), else ""."""
    for k, blk in reversed(stack):
        if k.startswith("lower"):
            return blk.label
    return ""


def _punct(line: str, label: str) -> str:
    """The punctuation of a marker: "(" for "(1)", else the sign after the label."""
    if line.startswith("("):
        return "("
    rest = line[line.index(label) + len(label):].lstrip()
    return rest[:1]


def _shape_key(shape: str, label: str) -> str:
    if shape == "dotted":
        return f"dotted{label.count('.') + 1}"
    if shape == "romandot":
        return f"romandot{label.count('.')}"
    if shape == "dash" and label != "-":
        return "dash"
    return shape


def _ref(b: Block, shape: str, parent: Block, nth_bullet: int = 0) -> str:
    if shape in _BULLETS:
        return f"{parent.ref}-{nth_bullet}" if parent.ref else f"-{nth_bullet}"
    if shape in ("article", "chapter"):
        return b.label  # "Điều 3" is numbered across the whole text, whatever chapter holds it
    if shape == "romandot":
        roman, rest = b.label.split(".", 1)
        anc: Block | None = parent
        while anc is not None and anc.label != roman:
            anc = anc.parent
        if anc is not None:
            return f"{anc.ref}.{rest}"
        return f"{parent.ref}.{b.label}" if parent.ref else b.label
    if shape == "dotted":
        anc = parent
        while anc.parent is not None and _dotted_number(anc.label or "") and anc.kind != "bullet":
            anc = anc.parent
        return f"{anc.ref}.{b.label}" if anc.ref else b.label
    return f"{parent.ref}.{b.label}" if parent.ref else b.label


def _is_number_row(cells: list[str]) -> bool:
    return bool(cells) and all(_number_cell(c.strip()) for c in cells)


def _parse_table(lines: list[tuple[int, str]], i: int, root: Block) -> int:
    """Read a flattened table from line ``i``; add an appendix block with its rows to ``root``."""
    header: list[tuple[int, str]] = []
    while i < len(lines) and lines[i][1].strip():
        header.append(lines[i])
        i += 1
    names = _column_names(h.strip() for _, h in header)  # duplicates kept apart ("Thời gian hoàn thành" twice)
    ncol = len(names)
    start = header[0][0] if header else root.end
    app = _appendix_block(root, start)
    # the remaining cells, grouped by blank lines (or by column count when none separate rows)
    groups: list[list[tuple[int, str]]] = []
    cur: list[tuple[int, str]] = []
    while i < len(lines):
        off, raw = lines[i]
        if not raw.strip() and not raw.startswith("\t"):
            if cur:
                groups.append(cur)
                cur = []
            i += 1
            continue
        if not raw.startswith("\t") and not raw[:1].isspace() and len(cur) % max(ncol, 1) == 0 \
                and not _row_mark(raw.strip()) and cur == [] and groups \
                and len(groups[-1]) >= ncol:
            break  # text after the table
        cur.append((off, raw))
        i += 1
    if cur:
        groups.append(cur)
    cells_all: list[list[tuple[int, str]]] = []
    for g in groups:
        if len(g) > ncol and ncol:
            cells_all.extend(_split_rows(g, ncol))
        else:
            cells_all.append(g)
    _add_rows(app, names, [[(o + len(c) - len(c.lstrip()), c.strip()) for o, c in g] for g in cells_all])
    return i


def _row_mark(cell: str) -> bool:
    """The first cell of a row: its number ("3", "3."), or a group's roman numeral or letter ("II", "A.")."""
    return _row_number(cell) is not None or _group_mark(cell)


def _split_rows(cells: list[tuple[int, str]], ncol: int) -> list[list[tuple[int, str]]]:
    """Cells with no blank lines between rows, cut into rows.

    A row starts at the next row number in sequence or at a group's numeral ("I",
    "Lĩnh vực …" heads a short group row), otherwise after ``ncol`` cells.
    """
    rows: list[list[tuple[int, str]]] = []
    cur: list[tuple[int, str]] = []
    expected = None
    for cell in cells:
        v = cell[1].strip()
        num = _row_number(v)
        next_num = num is not None and (expected is None or num in (expected, 1))
        group = _group_mark(v)
        starts = len(cur) >= ncol or ((next_num or group) and len(cur) >= 2)
        if starts and cur:
            rows.append(cur)
            cur = []
        if num is not None and not cur:
            expected = num + 1
        cur.append(cell)
    if cur:
        rows.append(cur)
    return rows


_APPENDICES: dict[int, int] = {}  # id(root) → appendix blocks so far (while that root is being parsed)


def _appendix_block(root: Block, start: int) -> Block:
    """The block that holds one appendix's rows; a second appendix's rows are appendix2.N.

    An appendix opened by its "PHỤ LỤC" title and holding no rows or items yet is reused
    by the table that follows it.
    """
    last = root.children[-1] if root.children else None
    if last is not None and last.ref.startswith("appendix") and \
            not any(c.kind in ("row", "item", "bullet", "heading") for c in last.children):
        return last
    n = _APPENDICES.get(id(root), 0) + 1
    _APPENDICES[id(root)] = n
    ref = "appendix" if n == 1 else f"appendix{n}"
    app = Block(kind="heading", label="PHỤ LỤC", ref=ref, text="PHỤ LỤC", start=start, end=start, level=1,
                parent=root)
    root.children.append(app)
    return app


def _add_rows(app: Block, names: list[str], rows: list[list[tuple[int, str]]]) -> None:
    """Rows whose first cell is a row number become ``row`` blocks (group rows "I", "A" do not).

    A table with no number column (its first column is the work itself) numbers its rows in
    order; a row with a single cell there is a group's title, not a row.
    """
    ncol = len(names)
    numbered = bool(names) and not _is_task_column(names[0])
    count = 0
    group = ""  # the group row above ("I", "II", "A")
    restarts = _numbers_restart(rows) if numbered else False
    for g in rows:
        vals = [v for _, v in g]
        if _is_number_row(vals) or not any(vals):
            continue
        if numbered:
            if vals[0] and _group_mark(vals[0]):
                group = vals[0].rstrip(".") + "." if restarts else ""
                continue
            if not vals[0] or _row_number(vals[0]) is None:
                continue
            num = group + vals[0].rstrip(".")
        else:
            if sum(1 for v in vals if v) < 2:
                continue
            count += 1
            num = str(count)
        cells = {names[k] if k < ncol else f"col{k}": v for k, v in enumerate(vals)}
        first = next((o for o, v in g if v), g[0][0])
        last = max(o + len(v) for o, v in g)
        b = Block(kind="row", label=num, ref=f"{app.ref}.{num}", text=_row_task_text(cells), start=first, end=last,
                  level=2, cells=cells, parent=app)
        app.children.append(b)
    if app.children:
        app.end = app.children[-1].end


def _numbers_restart(rows: list[list[tuple[int, str]]]) -> bool:
    """Do the rows number again from 1 under each group row ("I", then 1, 2; "II", then 1, 2)?
    Then a row's ref names its group ("appendix.II.1"); a table numbered on across its groups
    keeps "appendix.7"."""
    seen: set[str] = set()
    for g in rows:
        v = g[0][1].rstrip(".") if g else ""
        if _row_number(v) is not None and not _is_number_row([c for _, c in g]):  # not the columns' numbers
            if v in seen:
                return True
            seen.add(v)
    return False


def _next_is_task_header(lines: list[tuple[int, str]], i: int) -> bool:
    """A "TT" line opens a table when the next header cell names the task column."""
    for _, raw in lines[i:i + 3]:
        if raw.strip():
            return _is_task_column(raw)
    return False


def _pipe_cells(off: int, raw: str) -> list[tuple[int, str]]:
    out = []
    s = raw.rstrip()
    lead = len(s) - len(s.lstrip())
    s = s.strip()
    body_start = 1 if s.startswith("|") else 0
    inner = s[body_start: len(s) - 1 if s.endswith("|") else len(s)]
    pos = off + lead + body_start
    for part in inner.split("|"):
        stripped = part.strip()
        out.append((pos + len(part) - len(part.lstrip()), stripped))
        pos += len(part) + 1
    return out


def _tab_cells(off: int, raw: str) -> list[tuple[int, str]]:
    out, pos = [], off
    for part in raw.split("\t"):
        out.append((pos + len(part) - len(part.lstrip()), part.strip()))
        pos += len(part) + 1
    return out


def _tab_header(line: str) -> bool:
    """A whole header row on one line, cells between tabs (a table copied out of a word processor)."""
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    return len(cells) >= 3 and bool(_section("tablehead").match(cells[0])) and \
        any(_is_task_column(c) for c in cells)


def _parse_tab_table(lines: list[tuple[int, str]], i: int, root: Block) -> int:
    """Rows one per line, cells between tabs; blank lines may separate rows."""
    off, raw = lines[i]
    cells = _tab_cells(off, raw)
    lead = 1 if cells and not cells[0][1] else 0  # a leading tab
    names = _column_names(h for _, h in cells[lead:])
    app = _appendix_block(root, off)
    rows = []
    i += 1
    while i < len(lines):
        o, r = lines[i]
        if not r.strip():
            i += 1
            continue
        if "\t" not in r.strip("\t "):
            break  # a line that is no row: the table is over
        rows.append(_tab_cells(o, r)[lead:])
        i += 1
    _add_rows(app, names, rows)
    return i


def _column_names(headers) -> list[str]:
    """Header cells with spacing folded; a repeated name gets a trailing space so each column keeps its cell."""
    names: list[str] = []
    seen: set[str] = set()
    dups: dict[str, int] = {}
    for h in headers:
        base = " ".join(h.split())
        n = base + " " * dups.get(base, 0)
        while n in seen:
            n += " "
        dups[base] = len(n) - len(base) + 1
        names.append(n)
        seen.add(n)
    return names


def _pipe_header(lines: list[tuple[int, str]], i: int) -> bool:
    return any(_is_task_column(c) for _, c in _pipe_cells(*lines[i]))


def _parse_pipe_table(lines: list[tuple[int, str]], i: int, root: Block) -> int:
    """A Markdown pipe table: header row, optional "|---|" rule and column numbers, then rows."""
    off, raw = lines[i]
    names = _column_names(h for _, h in _pipe_cells(off, raw))
    app = _appendix_block(root, off)
    rows = []
    i += 1
    while i < len(lines) and lines[i][1].lstrip().startswith("|"):
        o, r = lines[i]
        i += 1
        if _pipe_rule(r):
            continue
        rows.append(_pipe_cells(o, r))
    _add_rows(app, names, rows)
    return i


def _is_task_column(name: str) -> bool:
    """The column that states the work: "Nội dung nhiệm vụ", "Nhiệm vụ", "Tên nhiệm vụ", "Công việc"."""
    return bool(_task_column().match(fold(name).strip()))


@cache
def _task_column() -> re.Pattern[str]:
    return lexicon.compile_alternation("columns", "column", bound=False)


def _row_task_text(cells: dict[str, str]) -> str:
    for k, v in cells.items():
        if _is_task_column(k):
            return v
    return ""


def _outline(text: str) -> list[Block]:
    from tinhgon.builders.load import RawText
    from tinhgon.builders.normalise import normalise

    st = parse_structure(normalise(RawText("t.md", "t.md", "t", "", "utf-8", text)))
    return [b for b in st.root.walk() if b is not st.root]


_SECTION_PROBE = {
    # kind → (document around the example, what must hold of its blocks)
    "closing": ("1. Sở Nội vụ chủ trì.\n{ex}\n2. Sở Tư pháp phối hợp.\n",
                lambda bs: [b.ref for b in bs if b.kind == "item"] == ["1"]),
    "formula": ("1. Sở Nội vụ chủ trì.\n{ex}\n",
                lambda bs: [b.kind for b in bs] == ["item"]),
    "enacting": ("Điều 1. Sở Nội vụ chủ trì rà soát.\nĐiều 2. {ex}\nThay thế Quyết định số 12/QĐ-UBND.\n",
                 lambda bs: [b.ref for b in bs if b.kind == "item"] == ["Điều 1"]
                 and not any(" này" in b.text for b in bs)),
    "appendix": ("1. Sở Nội vụ chủ trì.\nNơi nhận:\n- Lưu: VT.\n{ex}\n1. Sở Tư pháp rà soát.\n",
                 lambda bs: "appendix.1" in [b.ref for b in bs]),
    "attached": ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nNơi nhận:\n- Lưu: VT.\nKẾ HOẠCH\n{ex}\n"
                 "II. NHIỆM VỤ\n1. Sở Tư pháp rà soát văn bản.\n",
                 lambda bs: "II.1" in [b.ref for b in bs]),
    "tablehead": ("1. Sở Nội vụ chủ trì.\nNơi nhận:\n- Lưu: VT.\n{ex}\nNội dung nhiệm vụ\nCơ quan chủ trì\n\n"
                  "1\nRà soát văn bản\nSở Tư pháp\n",
                  lambda bs: "appendix.1" in [b.ref for b in bs]),
}


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    ex = row["example"]
    if family == "numbering":
        got = match_marker(ex)
        if not got or got[0] != row["name"]:
            return f"{row.where}: {ex!r} reads as {got and got[0]!r}, not {row['name']!r}"
        return None
    if family == "labels":
        mk = match_marker(ex)
        text = ex[mk[2]:] if mk and mk[0] in _BULLETS else ex
        if not is_label(text):
            return f"{row.where}: {ex!r} is not read as a label line"
        if label_role(text) != row["role"]:
            return f"{row.where}: {ex!r} gives role {label_role(text)!r}, not {row['role']!r}"
        return None
    if family == "columns":
        if not _is_task_column(ex):
            return f"{row.where}: {ex!r} is not read as a table's work column"
        return None
    if family == "sections":
        doc, holds = _SECTION_PROBE[row["kind"]]
        bs = _outline(doc.format(ex=ex))
        if not holds(bs):
            return f"{row.where}: {ex!r} does not act as a {row['kind']} line: {[(b.kind, b.ref) for b in bs]}"
        return None
    return f"{row.where}: structure has no check for family {family!r}"
