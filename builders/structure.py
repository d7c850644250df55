"""Structure step: the outline of a plan (headings, items, bullets, labels) and its appendix table.

Plans number their parts with a mix of shapes — "A.", "I." / "II-" / "III)", "1." / "4)",
"2.1." / "2.1.1.", "a)", "-" and "+" — and the same shape means the same depth within one
document, whatever it means elsewhere. So depth is read off the order in which shapes
open: a shape already open closes back to its level (a sibling), a new shape nests.
Lines without a marker belong to the item above them. "Cơ quan chủ trì: …" style lines
are labels of the item, never items of their own. An appendix table flattened to one cell
per line (header cells, a row of column numbers, then rows) becomes ``row`` blocks.

Refs follow the gold records: a dotted number replaces the arabic numbers above it
("II" + "2.1.1" → "II.2.1.1"), bullets count ``-1``, ``-2`` … under their parent, and
table rows are ``appendix.N``.
"""

from __future__ import annotations

import re

from tinhgon.builders.model import Block, Source, Structure
from tinhgon.text import fold

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dotted", re.compile(r"(\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|$)\s*")),
    ("romandot", re.compile(r"([IVX]{1,5}(?:\.\d{1,2})+)\.?\s+(?=\S)")),  # "I.1. …", "II.2.3 …"
    ("roman", re.compile(r"([IVX]{1,5})\s*(?:[.)\-–]|/(?=\s))\s*(?=\S)")),
    ("letter", re.compile(r"([A-Z])\s*[.)]\s+(?=\S)")),
    ("arabic", re.compile(r"\(?(\d{1,2})\s*(?:[.)]|[-/](?=\s))\s*(?=\S)")),
    ("lower", re.compile(r"\(?([a-zđ])\s*(?:\)|[.\-/](?=\s+[A-ZĐÀ-Ỹ]))\s*(?=\S)")),
    ("dash", re.compile(r"([-–—•●▪◦·➢»])\s*(?=\S)")),
    ("plus", re.compile(r"(\+)\s*(?=\S)")),
)
# Shapes whose punctuation may tell a nested list from its parent ("1." then "1)").
_SEQUENCES = {"arabic": "1", "lower": "a", "roman": "I"}
_BULLETS = ("dash", "plus")

# Label lines: "Cơ quan chủ trì: …", "Thời gian thực hiện: …", "Trách nhiệm thực hiện: …".
LABEL_RE = re.compile(
    r"^(?:(?:cơ\s+quan|đơn\s+vị|cơ\s+quan,\s+đơn\s+vị)[^:\n]{0,60}?(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|thẩm\s+định|"
    r"cho\s+ý\s+kiến|quyết\s+định|tham\s+mưu)[^:\n]{0,40}|trách\s+nhiệm\s+thực\s+hiện|thời\s+gian[^:\n]{0,30}|"
    r"thời\s+hạn[^:\n]{0,20}|tiến\s+độ[^:\n]{0,20}|chủ\s+trì|phối\s+hợp|thẩm\s+định|cho\s+ý\s+kiến|"
    r"sản\s+phẩm[^:\n]{0,20}|"
    r"hình\s+thức\s+văn\s+bản|kết\s+quả\s+đầu\s+ra|kinh\s+phí[^:\n]{0,20}|đơn\s+vị\s+thực\s+hiện)\s*:",
    re.IGNORECASE,
)
_LABEL_FOLDED = re.compile(fold(LABEL_RE.pattern))  # LABEL_RE has no upper-case escapes (\S, \W) to lose
_FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S")
# Where the body ends: the distribution list and "Trên đây là …".
_CLOSING = re.compile(r"^\s*(?:nơi\s+nhận|trên\s+đây\s+là)\b", re.IGNORECASE)
# The customary closing paragraph "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, … báo cáo …"
# belongs to no item (and assigns nothing); it is skipped like a footnote.
_BOILERPLATE = re.compile(
    r"^\s*trong\s+quá\s+trình\s+(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?(?:thực\s+hiện\b)?[^.]{0,80}?"
    r"(?:khó\s+khăn|vướng\s+mắc)",
    re.IGNORECASE,
)
_END_MARK = re.compile(r"\./\.\s*$")  # "./." closes the last paragraph of the body
_APPENDIX = re.compile(r"^\s*phụ\s+lục\b", re.IGNORECASE)
_TABLE_HEAD = re.compile(r"^\s*(?:s?tt|số\s+tt|stt)\s*$", re.IGNORECASE)


_HASHES = re.compile(r"^[ \t]*(#{1,6})[ \t]+")
_STAR_BULLET = re.compile(r"^([ \t]*)\*(?=[ \t]+\S)")
_EMPHASIS = re.compile(r"\*{1,3}|(?<![\w/])_{1,2}(?=\S)|(?<=\S)_{1,2}(?![\w/])")


def unmark(line: str) -> str:
    """The line with Markdown markup blanked out (same length, so offsets hold).

    Normalise usually drops markup already; a Source that kept it ("**Cơ quan chủ trì:**",
    "*Thời gian:*", "## II. NHIỆM VỤ") must still parse the same. A "* " list marker
    becomes a dash bullet rather than vanishing.
    """
    line = _STAR_BULLET.sub(lambda m: m.group(1) + "-", line)
    line = _HASHES.sub(lambda m: m.group().replace("#", " "), line)
    return _EMPHASIS.sub(lambda m: " " * len(m.group()), line)


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
    for shape, rx in _MARKERS:
        m = rx.match(s)
        if not m:
            continue
        if shape == "letter" and not _caps_start(s[m.end():]):
            continue
        if shape == "roman" and s[m.end():m.end() + 1].islower():
            continue
        return shape, m.group(1), pad + m.end()
    return None


def _caps_start(rest: str) -> bool:
    """A letter heading opens with a capital and is a title, not a sentence ("B. Nhiệm vụ và giải pháp")."""
    words = rest.split()
    return bool(words) and words[0][:1].isupper() and (len(words) <= 20 or rest.isupper())


def is_label(text: str) -> bool:
    """True for "Cơ quan chủ trì: …" and the other label lines of an item.

    OCR drops or misplaces tone marks ("Cơ quan chủ tri:", "Thoi gian thực hiện:"), so the
    label words are also tried on the accent-free line.
    """
    t = text.strip()
    return bool(LABEL_RE.match(t) or _LABEL_FOLDED.match(fold(t)))


def parse_structure(source: Source) -> Structure:
    """The outline tree of ``source.body`` plus its appendix table rows."""
    base = source.body_start
    body = source.body
    root = Block(kind="heading", label="", ref="", text="", start=base, end=base + len(body), level=0)
    lines = _lines(body, base)
    stack: list[tuple[str, Block]] = []  # (shape, block)
    closed = False
    i = 0
    preamble: list[str] = []
    title = ""
    last_label: Block | None = None
    puncts: dict[int, str] = {}  # id(block) → its marker's punctuation
    ended = False  # the line before ended with "./."
    while i < len(lines):
        off, raw = lines[i]
        line = raw.rstrip()
        i += 1
        if not re.search(r"\w", line):
            continue  # blank lines and rules ("-----")
        closed = closed or ended
        ended = bool(_END_MARK.search(line))
        if line.lstrip().startswith("|") and _pipe_header(lines, i - 1):
            i = _parse_pipe_table(lines, i - 1, root)
            continue
        if "\t" in line.strip() and _tab_header(line):
            i = _parse_tab_table(lines, i - 1, root)
            continue
        if _TABLE_HEAD.match(line) and (line.startswith("\t") or closed or _next_is_task_header(lines, i)):
            i = _parse_table(lines, i - 1, root)
            continue
        if _APPENDIX.match(line) and closed:
            # an appendix after the signature: its numbered items are read too, under "appendix"
            app = _appendix_block(root, off + len(line) - len(line.lstrip()))
            stack = [("appendix", app)]
            closed = ended = False
            continue
        if closed:
            continue
        if _CLOSING.match(line):
            closed = True
            continue
        if _FOOTNOTE.match(line) or _BOILERPLATE.match(line):
            continue  # a page's footnote does not break the item it interrupts
        lead = len(line) - len(line.lstrip())
        start = off + lead
        end = off + len(line)
        stripped = line.strip()
        mk = match_marker(stripped)
        shape = label = None
        content = stripped
        if mk:
            shape, label, n = mk
            content = stripped[n:].strip()
        if is_label(content):
            parent = stack[-1][1] if stack else root
            b = Block(kind="label", label=label if shape in _BULLETS else "", ref=parent.ref, text=content,
                      start=start, end=end, level=parent.level + 1, parent=parent)
            parent.children.append(b)
            last_label = b if content.endswith(":") else None
            continue
        if shape == "plus" and last_label is not None:
            # "- Thời gian thực hiện:" followed by "+ …" lines: the label's value
            last_label.text += "\n" + content
            last_label.end = end
            continue
        last_label = None
        if shape is None:
            parent = stack[-1][1] if stack else root
            if parent is root and not stack:
                if not title and line.strip().isupper():
                    title = line.strip()
                preamble.append(line.strip())
            b = Block(kind="para", label="", ref=parent.ref, text=content, start=start, end=end,
                      level=parent.level + 1, parent=parent)
            parent.children.append(b)
            continue
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
        kind = "bullet" if shape in _BULLETS else ("heading" if shape in ("letter", "roman") else "item")
        b = Block(kind=kind, label=label, ref="", text=content, start=start, end=end,
                  level=len(stack) + 1, parent=parent)
        b.ref = _ref(b, shape, parent)
        parent.children.append(b)
        stack.append((key, b))
        if shape in _SEQUENCES:
            puncts[id(b)] = _punct(stripped, label)
    for app in root.children:
        if app.ref.startswith("appendix") and app.children:
            app.end = max(b.end for b in app.walk())
    return Structure(root=root, title=title, preamble="\n".join(preamble))


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


def _ref(b: Block, shape: str, parent: Block) -> str:
    if shape in _BULLETS:
        n = sum(1 for c in parent.children if c.kind == "bullet") + 1
        return f"{parent.ref}-{n}" if parent.ref else f"-{n}"
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
        while anc.parent is not None and re.fullmatch(r"\d+(?:\.\d+)*", anc.label or "") and anc.kind != "bullet":
            anc = anc.parent
        return f"{anc.ref}.{b.label}" if anc.ref else b.label
    return f"{parent.ref}.{b.label}" if parent.ref else b.label


def _is_number_row(cells: list[str]) -> bool:
    return bool(cells) and all(re.fullmatch(r"\(?\d{1,2}\)?", c.strip()) for c in cells)


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
        if not raw.startswith("\t") and not re.match(r"\s", raw) and len(cur) % max(ncol, 1) == 0 \
                and not _ROW_MARK.fullmatch(raw.strip()) and cur == [] and groups \
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


# The first cell of a row: its number ("3", "3."), or a group's roman numeral or letter ("II", "A.").
_ROW_MARK = re.compile(r"\d{1,3}\.?|[IVX]{1,5}\.?|[A-Z]\.?")


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
        num = re.fullmatch(r"(\d{1,3})\.?", v)
        next_num = bool(num) and (expected is None or int(num.group(1)) in (expected, 1))
        group = bool(re.fullmatch(r"[IVX]{1,5}\.?|[A-Z]\.?", v))
        starts = len(cur) >= ncol or ((next_num or group) and len(cur) >= 2)
        if starts and cur:
            rows.append(cur)
            cur = []
        if num and not cur:
            expected = int(num.group(1)) + 1
        cur.append(cell)
    if cur:
        rows.append(cur)
    return rows


def _appendix_block(root: Block, start: int) -> Block:
    """The block that holds one appendix's rows; a second appendix's rows are appendix2.N.

    An appendix opened by its "PHỤ LỤC" title and holding no rows or items yet is reused
    by the table that follows it.
    """
    last = root.children[-1] if root.children else None
    if last is not None and last.ref.startswith("appendix") and \
            not any(c.kind in ("row", "item", "bullet", "heading") for c in last.children):
        return last
    n = sum(1 for c in root.children if c.ref.startswith("appendix")) + 1
    ref = "appendix" if n == 1 else f"appendix{n}"
    app = Block(kind="heading", label="PHỤ LỤC", ref=ref, text="PHỤ LỤC", start=start, end=start, level=1,
                parent=root)
    root.children.append(app)
    return app


def _add_rows(app: Block, names: list[str], rows: list[list[tuple[int, str]]]) -> None:
    """Rows whose first cell is a row number become ``row`` blocks (group rows "I", "A" do not)."""
    ncol = len(names)
    for g in rows:
        vals = [v for _, v in g]
        if _is_number_row(vals) or not any(vals):
            continue
        if not vals[0] or not re.fullmatch(r"\d{1,3}\.?", vals[0]):
            continue
        num = vals[0].rstrip(".")
        cells = {names[k] if k < ncol else f"col{k}": v for k, v in enumerate(vals)}
        first = next((o for o, v in g if v), g[0][0])
        last = max(o + len(v) for o, v in g)
        b = Block(kind="row", label=num, ref=f"{app.ref}.{num}", text=_row_task_text(cells), start=first, end=last,
                  level=2, cells=cells, parent=app)
        app.children.append(b)
    if app.children:
        app.end = app.children[-1].end


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
    return len(cells) >= 3 and bool(_TABLE_HEAD.match(cells[0])) and \
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
        if re.fullmatch(r"\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*", r):
            continue
        rows.append(_pipe_cells(o, r))
    _add_rows(app, names, rows)
    return i


def _is_task_column(name: str) -> bool:
    """The column that states the work: "Nội dung nhiệm vụ", "Nhiệm vụ", "Tên nhiệm vụ", "Công việc"."""
    return bool(re.match(r"(?:ten\s+)?(?:noi dung|nhiem vu|cong viec|de an)", fold(name).strip()))


def _row_task_text(cells: dict[str, str]) -> str:
    for k, v in cells.items():
        if _is_task_column(k):
            return v
    return ""
