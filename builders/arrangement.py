"""Arrangement resolutions: one structural change per new administrative unit, read off the text.

Why a grammar of its own: the resolutions of the Standing Committee of the National Assembly
that arrange communes ("Nghị quyết … về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh X
năm 2025") are not plans. Each numbered item is one fixed sentence — "Sắp xếp toàn bộ diện tích
tự nhiên, quy mô dân số của các xã A, B và thị trấn C thành xã mới có tên gọi là xã D" — which the
general change grammar would read as a task. Here each item becomes one change: the inputs are
the old units (type, district when printed, whole or only part of them), the result the new unit;
the closing count ("tỉnh X có N đơn vị hành chính cấp xã, gồm …") is kept as a fact and checked
against the changes read; the dates come from the article on entry into force.

The text is the only source of facts: the official conversion tables are a reference that the
cross-check compares against, never an input. The words are data
(``builders/data/lexicon/arrangement.tsv``); this module holds the grammar.

Converted resolutions glue words ("phườngPhong Hiền", "Hồthành", "vàxã") and split bold
markers across words; the grammar reads a *view* of each sentence with the missing spaces put
back, mapping every view character to the text so that quotes stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tinhgon.builders import lexicon
from tinhgon.builders.metadata import parse_date
from tinhgon.builders.model import AgencyMention, Change, Source, UnitCount

FAMILY = "arrangement"
_GLUE_ROLES = ("into", "and", "plural", "of", "unit-type", "within", "whole", "part", "rest", "rest-tail")
_UP = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
# an item's marker: "12.", "1.2.", "a)", "-", "+", "•"
_MARKER = re.compile(r"\s*(?:(?:\d{1,3}(?:\.\d{1,3})*|[a-zđ])\s*[.)]|[-+•–])\s*")


@dataclass
class Arrangement:
    """What one arrangement resolution states: its changes, its counts and its dates."""

    level: str
    province: str | None = None  # as printed in the title, without its unit word ("Đắk Lắk")
    changes: list[Change] = field(default_factory=list)
    counts: list[UnitCount] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the items read (offsets into Source.text)
    effective: str | None = None
    adopted: str | None = None
    operational: str | None = None
    notes: list[str] = field(default_factory=list)

    def covers(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside an item read here (it is a change, not a task)."""
        return any(a <= start < b or a < end <= b or (start <= a and b <= end) for a, b in self.spans)


# -- vocabulary -----------------------------------------------------------------------------
def _rx(role: str, *, bound: bool = True) -> re.Pattern[str]:
    return lexicon.compile_alternation(FAMILY, "cue", bound=bound, role=role)


def _alts(words: list[str]) -> str:
    alts = sorted({r"\s+".join(map(re.escape, w.split())) for w in words}, key=lambda a: (-len(a), a))
    return "(?:" + "|".join(alts) + ")"


@cache
def _unit_types() -> dict[str, tuple[str, str]]:
    """Printed type word (spaces single) → (type as recorded, level)."""
    out: dict[str, tuple[str, str]] = {}
    for row in lexicon.rows(FAMILY, role="unit-type"):
        for w in row.words("cue"):
            out[" ".join(w.split())] = (row["value"], row["level"])
    return out


@cache
def _type_rx() -> re.Pattern[str]:
    return _rx("unit-type")


@cache
def _glue() -> str:
    words = [w for role in _GLUE_ROLES for row in lexicon.rows(FAMILY, role=role)
             for w in row.words("cue") if w[:1].islower()]
    return _alts(words)


@cache
def _verbs() -> list[tuple[re.Pattern[str], str]]:
    return [(lexicon.family(FAMILY).compiled(r, "cue"), r["value"]) for r in lexicon.rows(FAMILY, role="verb")]


def _into(kind: str) -> re.Pattern[str]:
    return lexicon.compile_alternation(FAMILY, "cue", role="into", value=kind)


def _list_sep() -> re.Pattern[str]:
    """Between the names of a list: a comma, a semicolon or an 'and' word."""
    return lexicon.compile_alternation(FAMILY, "cue", role="and", before=r"[,;]|")


def _numbered(s: str, a: int = 0, b: int | None = None, *, whole: bool = False) -> bool:
    """Does a unit's number start at ``a`` ("Phường 1", "Phường IV"): digits or Roman numerals, a word of their
    own (``whole``: and nothing else up to ``b``)?"""
    b = len(s) if b is None else b
    j = a
    while j < b and (s[j].isalnum() or s[j] == "_"):
        j += 1
    word = s[a:j]
    return bool(word) and (j == b or not whole) and (word.isdecimal() or set(word) <= set("IVXL"))


def _trailing_paren(s: str) -> tuple[int, str] | None:
    """(where it opens, what it holds) of the parenthetical that ends ``s`` ("Hòa Phú (huyện X)")."""
    t = s.rstrip()
    if not t.endswith(")"):
        return None
    k = t.rfind("(", 0, len(t) - 1)
    if k < 0 or ")" in t[k + 1:-1]:
        return None
    return k, t[k + 1:-1]


def _trailing_number(s: str) -> tuple[int, int] | None:
    """(where it starts, its value) of the number that ends ``s``."""
    t = s.rstrip()
    j = len(t)
    while j and t[j - 1].isdecimal():
        j -= 1
    return (j, int(t[j:])) if j < len(t) else None


def _name_stop(v: str, lo: int, hi: int) -> int:
    """Where a name ends in v[lo:hi]: the first of '.', ';', ',', ':' before a space or the end (else ``hi``)."""
    for i in range(lo, hi):
        if v[i] in ".;,:" and (i + 1 == hi or v[i + 1].isspace()):
            return i
    return hi


# -- the view: glued words put apart --------------------------------------------------------
def view(s: str) -> tuple[str, list[int]]:
    """``s`` with a space put back wherever a word was glued to the next; ``idx[i]`` is the index
    in ``s`` of view character ``i`` (an inserted space takes the index of the character after it).

    Why these rules hold: no Vietnamese syllable continues with "th", "v", "x" or "ph" after a
    letter, and none turns from lower to upper case, so "Hồthành", "Sanvàxã", "phườngPhong" can
    only be two words."""
    g = _glue()
    cut: set[int] = set()
    follow = rf"(?=$|[^\w]|[{_UP}\d]|{g})"
    for m in re.finditer(rf"(?<=[^\W_]){g}{follow}", s):
        cut.add(m.start())
        if m.end() < len(s) and s[m.end()].isalnum():
            cut.add(m.end())
    for m in re.finditer(rf"(?<![^\W_]){g}(?=[{_UP}\d]|{g})", s):
        cut.add(m.end())
    for i in range(1, len(s)):
        if (s[i - 1].islower() and s[i].isupper()) or (s[i - 1] == "," and s[i].isalpha()):
            cut.add(i)
    out: list[str] = []
    idx: list[int] = []
    for i, c in enumerate(s):
        if i in cut and out and out[-1] != " " and c != " ":
            out.append(" ")
            idx.append(i)
        out.append(c)
        idx.append(i)
    idx.append(len(s))
    return "".join(out), idx


class _Sentence:
    """One sentence of the text, read through its view; spans map back to Source.text."""

    def __init__(self, text: str, base: int) -> None:
        self.raw = text
        self.base = base
        self.v, self.idx = view(text)
        depth, self.depth = 0, []
        for c in self.v:
            if c == "(":
                depth += 1
            self.depth.append(depth)
            if c == ")":
                depth = max(0, depth - 1)

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.base + self.idx[a], self.base + self.idx[b - 1] + 1

    def top(self, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None) -> list[re.Match[str]]:
        hi = len(self.v) if hi is None else hi
        return [m for m in pattern.finditer(self.v, lo, hi) if self.depth[m.start()] == 0]


# -- units and lists --------------------------------------------------------------------------
@dataclass
class _Unit:
    name: str  # "xã Hòa Phú (thành phố Buôn Ma Thuột)"
    utype: str  # "xã"
    level: str
    surface: str
    start: int  # offsets into Source.text
    end: int
    share: str = "whole"  # "whole" | "part" | "rest"

    def mention(self) -> AgencyMention:
        return AgencyMention(surface=self.surface, name=self.name, start=self.start, end=self.end, kind="unit")


def _label(utype: str, name: str, district: str | None) -> str:
    head = utype[:1].upper() + utype[1:] if _numbered(name, whole=True) else utype  # "Phường 1", "Phường IV"
    return f"{head} {name}" + (f" ({district})" if district else "")


def _strip(v: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (v[a].isspace() or v[a] in ",;:.-–"):
        a += 1
    while b > a and (v[b - 1].isspace() or v[b - 1] in ",;:.-–"):
        b -= 1
    return a, b


def _piece(s: _Sentence, a: int, b: int, head: tuple[str, str] | None,
           share: str) -> tuple[_Unit | None, tuple[str, str] | None]:
    """One list piece ("các xã Hòa Phú (huyện X)", "Ea Yông", "Phường 9"): the unit it names, and
    the type the following bare names share."""
    v = s.v
    a, b = _strip(v, a, b)
    while True:  # "của các xã …"; printed twice at times ("của của các xã")
        lead = _rx("of").match(v, a, b) or _rx("plural").match(v, a, b)
        if lead is None:
            break
        a, b = _strip(v, lead.end(), b)
    t = _type_rx().match(v, a, b)
    quote_from = a  # the quote of a unit starts at its own type word when it has one
    if t and t.group(0)[0].isupper() and not _numbered(v, _strip(v, t.end(), b)[0], b):
        # "Phường Đúc": a capitalised type word before a name is part of the name ("Phường 1" is not)
        head = head or _unit_types()[" ".join(t.group(0).split())]
    else:
        while t:  # "xã xã Đông Hưng": a type word printed twice
            head = _unit_types()[" ".join(t.group(0).split())]
            a, b = _strip(v, t.end(), b)
            t = _type_rx().match(v, a, b)
    if a >= b or head is None:
        return None, head
    district = None
    q = _trailing_paren(v[a:b])
    w = _rx("within").search(v, a, b) if q is None else None
    if q:
        district = " ".join(q[1].split())
        b2 = a + q[0]
    elif w and _type_rx().match(v, _strip(v, w.end(), b)[0], b):
        district = " ".join(v[_strip(v, w.end(), b)[0]:b].split())
        b2 = w.start()
    else:
        b2 = b
    a, b2 = _strip(v, a, b2)
    # words of the sentence after the name ("… thị trấn Sông Thao để thành lập …"): a name's words
    # start with a capital or a digit ("Ea H'đing" keeps its lower case after the apostrophe)
    while b2 > a and not district:
        last = v.rfind(" ", a, b2) + 1
        if last <= a or v[last].isupper() or v[last].isdigit():
            break
        a, b2 = _strip(v, a, last)
    name = " ".join(v[a:b2].split())
    if not name or not (name[0].isupper() or name[0].isdigit()):
        return None, head
    b = b if district else b2
    start, end = s.span(min(a, quote_from), b)
    return _Unit(_label(head[0], name, district), head[0], head[1], " ".join(v[a:b].split()),
                 start, end, share), head


def _units(s: _Sentence, lo: int, hi: int) -> list[_Unit]:
    """The units of a list: "toàn bộ … của các xã A, B và thị trấn C, một phần … của phường D,
    phần còn lại của xã E sau khi sắp xếp theo quy định tại khoản 64 Điều này"."""
    v = s.v
    marks: list[tuple[int, int, str | None]] = []  # (start, end, share set from here) or a cut (None)
    for role in ("whole", "part", "rest"):
        marks += [(m.start(), m.end(), role) for m in s.top(_rx(role), lo, hi)]
    for m in s.top(_rx("rest-tail"), lo, hi):
        end = _rx("ref-end").search(v, m.end(), hi)
        marks.append((m.start(), end.end() if end else m.end(), None))
    marks.sort()
    # drop marks nested in an earlier one ("phần còn lại của" inside a longer cue)
    kept: list[tuple[int, int, str | None]] = []
    for mk in marks:
        if kept and mk[0] < kept[-1][1]:
            continue
        kept.append(mk)
    chunks: list[tuple[int, int, str]] = []
    pos, share = lo, "whole"
    for a, b, role in kept:
        chunks.append((pos, a, share))
        pos = b
        share = role or share
    chunks.append((pos, hi, share))
    sep = _list_sep()
    out: list[_Unit] = []
    head: tuple[str, str] | None = None
    for a, b, share in chunks:
        p = a
        for m in [*s.top(sep, a, b), None]:
            q = m.start() if m else b
            unit, head = _piece(s, p, q, head, share)
            if unit is not None:
                out.append(unit)
            p = m.end() if m else b
    return out


def _result(s: _Sentence, lo: int, hi: int) -> _Unit | None:
    """The new unit: "xã mới có tên gọi là xã Hòa Phú", "xã Buôn Đôn", "đặc khu có tên gọi là …"."""
    v = s.v
    named = s.top(_rx("named"), lo, hi)
    head = None
    if named:
        t = _type_rx().search(v, lo, named[0].start())
        head = _unit_types()[" ".join(t.group(0).split())] if t else None
        lo = named[0].end()
    hi = _name_stop(v, lo, hi)
    unit, _ = _piece(s, lo, hi, head, "whole")
    return unit


# -- items ------------------------------------------------------------------------------------
def _item(s: _Sentence, level: str) -> tuple[Change, list[str]] | None:
    """One item sentence → its change (None when the sentence is not an item of the grammar)."""
    v = s.v
    mk = _MARKER.match(v)
    at = mk.end() if mk else 0
    kind = ""
    verb = None
    for verb_rx, verb_kind in _verbs():
        verb = verb_rx.match(v, at)
        if verb:
            kind = verb_kind
            break
    if verb is None:
        return None
    notes: list[str] = []
    result: _Unit | None = None
    inputs: list[_Unit]
    if kind == "establish":
        basis = s.top(_rx("basis"), verb.end())
        if not basis:
            return None
        result = _result(s, verb.end(), basis[0].start())
        inputs = _units(s, basis[0].end(), len(v))
    elif kind == "dissolve":
        inputs = _units(s, verb.end(), len(v))
    else:
        named = s.top(_rx("named"), verb.end())
        limit = named[0].start() if named else len(v)
        types = [m.start() for m in s.top(_type_rx(), verb.end())]
        into = [m for m in s.top(_into(kind), verb.end(), limit) if m.start() not in types]
        if not into:
            return None
        inputs = _units(s, verb.end(), into[-1].start())
        result = _result(s, into[-1].end(), len(v))
        if kind == "absorb" and result is not None:
            inputs.append(result)
    if kind != "dissolve" and result is None:
        return None
    if not inputs:
        return None
    seen: dict[str, _Unit] = {}
    for u in inputs:
        seen.setdefault(u.name, u)
    inputs = list(seen.values())
    if kind == "merge" and len(inputs) == 1:
        kind = "establish" if inputs[0].share != "whole" else "reorganise"
    text_end = len(v.rstrip())
    start, end = s.span(at, text_end)
    change = Change(
        text=" ".join(v[at:text_end].split()), kind=kind, level=result.level if result and
        result.level in ("commune", "district", "province") else level, status="ordered",
        start=start, end=end, inputs=[u.mention() for u in inputs],
        result=result.mention() if result else None,
        partial_inputs=[u.name for u in inputs if u.share != "whole"],
        unit_types={u.name: u.utype for u in [*inputs, *([result] if result else [])]},
    )
    return change, notes


def _summary(s: _Sentence) -> UnitCount | None:
    """"Sau khi sắp xếp, tỉnh X có N đơn vị hành chính cấp xã, gồm a xã và b phường; trong đó có …
    hình thành sau sắp xếp … và c xã không thực hiện sắp xếp là các xã …"."""
    v = s.v
    mk = _MARKER.match(v)
    at = mk.end() if mk else 0
    if not _rx("summary").match(v, at):
        return None
    units = _rx("units").search(v, at)
    if units is None:
        return None
    total = _trailing_number(v[at:units.start()])
    if total is None:
        return None
    # "…, tỉnh X có N …": the place counted is named before the 'has' word
    scope_m = lexicon.compile_alternation(FAMILY, "cue", role="has", before=r",\s*(.+?)\s+",
                                          after=r"\s*$").search(v[at:at + total[0]])
    scope = None
    if scope_m:
        scope = scope_m.group(1)
        t = _type_rx().match(scope)
        scope = " ".join(scope[t.end():].split()) if t else scope
    unchanged = _rx("unchanged").search(v, units.end())
    formed_m = _rx("formed").search(v, units.end())
    of_which = _rx("of-which").search(v, units.end())
    consists = _rx("consists").search(v, units.end())
    stop = min(x.start() for x in (of_which, formed_m, unchanged) if x) if (of_which or formed_m or unchanged) \
        else len(v)
    start, end = s.span(at, len(v.rstrip()))
    level = next((r["value"] for r in lexicon.rows(FAMILY, role="units")
                  if lexicon.family(FAMILY).compiled(r, "cue").fullmatch(units.group(0))), "")
    uc = UnitCount(text=" ".join(v[at:].split()), start=start, end=end, level=level,
                   total=total[1], scope=scope)
    if consists:
        uc.by_type = _counts(v[consists.end():stop])
    if of_which and formed_m and of_which.end() <= formed_m.start():
        uc.formed = _counts(v[of_which.end():formed_m.start()])
    if unchanged:
        before = v[(formed_m.end() if formed_m else units.end()):unchanged.start()]
        n = re.findall(r"(\d+)\s*(?:\S+\s*){0,6}$", before)
        uc.unchanged_count = int(n[-1]) if n else None
        lst = _rx("unchanged-list").search(v, unchanged.end())
        if lst:
            uc.unchanged = [u.mention() for u in _units(s, lst.end(), len(v.rstrip()))]
        else:  # "… và xã Minh Châu không thực hiện sắp xếp": the units named just before the cue
            joins = s.top(_rx("and"), formed_m.end() if formed_m else units.end(), unchanged.start())
            if joins:
                uc.unchanged = [u.mention() for u in _units(s, joins[-1].end(), unchanged.start())]
            if uc.unchanged_count is None and uc.unchanged:
                uc.unchanged_count = len(uc.unchanged)
    return uc


def _counts(seg: str) -> dict[str, int]:
    out: dict[str, int] = {}
    types = _unit_types()
    for m in lexicon.compile_alternation(FAMILY, "cue", role="unit-type", before=r"(\d+)\s*", group=True).finditer(seg):
        t = types[" ".join(m.group(2).split())][0]
        out[t] = out.get(t, 0) + int(m.group(1))
    return out


# -- the document -----------------------------------------------------------------------------
def _sentences(src: Source) -> list[_Sentence]:
    """Every sentence of the body: lines, split again where a period is followed by a new sentence."""
    body_end = len(src.text) if src.body_end < 0 else src.body_end
    out: list[_Sentence] = []
    pos = src.body_start
    for text in src.text[src.body_start:body_end].split("\n"):
        base, pos = pos, pos + len(text) + 1
        if not text:
            continue
        p = 0
        # a period before a capital ("… xã Ea Kiết. Sau khi …"), or any stop before an item marker
        # ("…; b) Sắp xếp …"); not a semicolon inside a list ("các phường 1; Phường 2")
        for m in re.finditer(rf"(?<=\.)\s+(?=[{_UP}\d])|(?<=[.;])\s+(?=(?:\d{{1,3}}|[a-zđ])\s*[.)]\s)", text):
            out.append(_Sentence(text[p:m.start()], base + p))
            p = m.end()
        out.append(_Sentence(text[p:], base + p))
    return out


def arrangement_level(text: str) -> str | None:
    """The level of units the document arranges, when its title says it is an arrangement resolution."""
    m = _rx("title").search(text[:3000])
    if m is None:
        return None
    return next((r["value"] for r in lexicon.rows(FAMILY, role="title")
                 if lexicon.family(FAMILY).compiled(r, "cue").fullmatch(m.group(0))), None)


def _title_province(text: str) -> str | None:
    m = _rx("title").search(text[:3000])
    if m is None:
        return None
    rest = text[m.end():m.end() + 200].split("\n")[0]
    lead = rest.lstrip()
    link = _rx("of").match(lead) or _rx("within").match(lead)  # "… cấp xã của tỉnh X", "… thuộc tỉnh X"
    if link and lead[link.end():link.end() + 1].isspace():
        rest = lead[link.end():].lstrip()
    t = _type_rx().match(rest)
    if t is None or _unit_types()[" ".join(t.group(0).split())][1] not in ("province", "district"):
        return None
    # the name ends before "năm 2025" (role year), a parenthesis or a stop
    tail = rest[t.end():]
    year = lexicon.compile_alternation(FAMILY, "cue", role="year", before=r"\s+", after=r"\s+\d{4}").search(tail)
    ends = [i for i in (tail.find(c) for c in "(.,;") if i >= 0] + ([year.start()] if year else [])
    name = tail[:min(ends, default=len(tail))]
    return " ".join(name.split()) or None


def _date_after(text: str, rx: re.Pattern[str]) -> tuple[str | None, re.Match[str] | None]:
    found = list(rx.finditer(text))
    m = found[-1] if found else None
    if m is None:
        return None, None
    return parse_date(text[m.end():m.end() + 40]), m


def ordering_status(number: str | None) -> str | None:
    """The status of what a document with this number orders, when its issuer decides arrangements."""
    for row in lexicon.rows(FAMILY, role="issuer"):
        if number and lexicon.family(FAMILY).compiled(row, "cue").search(number):
            return row["value"]
    return None


def header_status(head: str) -> str | None:
    """The status of what the body named in the header orders, when it decides arrangements: the name in
    capitals as the header prints it ("ỦY BAN THƯỜNG VỤ QUỐC HỘI"), not the body a "Căn cứ …" line cites."""
    for row in lexicon.rows(FAMILY, role="issuer-header"):
        if lexicon.family(FAMILY).compiled(row, "cue").search(head):
            return row["value"]
    return None


def read_arrangement(src: Source, number: str | None = None) -> Arrangement | None:
    """The changes, counts and dates of an arrangement resolution; None for any other document
    (one whose title does not say it arranges units, whose number is not of the body that orders
    arrangements, or in which no item is read)."""
    body = src.body
    level = arrangement_level(body)
    if level is None:
        return None
    # the number says who issued it; only when no number was read, the header does
    status = ordering_status(number) if number else header_status(body[:3000])
    if status is None:
        return None
    arr = Arrangement(level=level, province=_title_province(body))
    arr.adopted, _ = _date_after(body, _rx("adopted"))
    arr.operational, _ = _date_after(body, _rx("operational"))
    for row in lexicon.rows(FAMILY, role="effective"):
        m = lexicon.family(FAMILY).compiled(row, "cue").search(body)
        if m is None:
            continue
        arr.effective = arr.adopted if row["value"] == "adoption" else parse_date(body[m.end():m.end() + 40])
        if arr.effective:
            break
    for s in _sentences(src):
        got = _item(s, level)
        if got is not None:
            change, notes = got
            change.effective = arr.effective
            change.due = arr.operational
            arr.changes.append(change)
            arr.spans.append((change.start, change.end))
            arr.notes.extend(notes)
            continue
        uc = _summary(s)
        if uc is not None:
            arr.counts.append(uc)
            arr.spans.append((uc.start, uc.end))
    if not arr.changes:
        return None
    for c in arr.changes:
        c.status = status
    arr.notes.extend(count_mismatches(arr.changes, arr.counts))
    return arr


def count_mismatches(changes: list[Change], counts: list[UnitCount]) -> list[str]:
    """What the closing count says that the changes read do not bear out, one message each."""
    out: list[str] = []
    made: dict[str, int] = {}
    for c in changes:
        if c.result is not None:
            t = c.unit_types.get(c.result.name, "")
            made[t] = made.get(t, 0) + 1
    n = sum(made.values())
    for uc in counts:
        if uc.formed:
            if sum(uc.formed.values()) != n:
                out.append(f"the count says {sum(uc.formed.values())} units are formed, {n} changes were read: "
                           f"\"{uc.text}\"")
            for t, k in sorted(uc.formed.items()):
                if made.get(t, 0) != k:
                    out.append(f"the count says {k} {t} are formed, {made.get(t, 0)} were read: \"{uc.text}\"")
        if uc.by_type and sum(uc.by_type.values()) != uc.total:
            out.append(f"the parts ({sum(uc.by_type.values())}) do not add up to the total {uc.total}: \"{uc.text}\"")
        left = uc.unchanged_count if uc.unchanged_count is not None else len(uc.unchanged)
        if uc.unchanged and uc.unchanged_count is not None and len(uc.unchanged) != uc.unchanged_count:
            out.append(f"the count says {uc.unchanged_count} units are left as they are, "
                       f"{len(uc.unchanged)} are named: \"{uc.text}\"")
        if n + left != uc.total:
            out.append(f"{n} changes read and {left} units left as they are make {n + left}, "
                       f"not the total {uc.total}: \"{uc.text}\"")
    return out


def _plain(text: str) -> Source:
    """A Source for a text written in code (lexicon examples, tests): normalised is original."""
    return Source(path="<text>", name="<text>", stem="text", sha256="", encoding="utf-8", original=text,
                  text=text, offsets=list(range(len(text) + 1)))


# -- lexicon checks ---------------------------------------------------------------------------
def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row of this module, seen on the row's example (None when seen)."""
    if family != FAMILY:
        return f"{row.where}: arrangement has no check for family {family!r}"
    ex = row["example"]
    role = row["role"]
    s = _Sentence(ex, 0)
    if role == "issuer-header":
        ex = ex.replace("\\n", "\n")
        return None if header_status(ex.split("Về việc")[0]) == row["value"] else f"{row.where}: not recognised"
    if role == "issuer":
        return None if ordering_status(ex) == row["value"] else f"{row.where}: the number is not recognised"
    if role == "title":
        return None if arrangement_level(ex) == row["value"] else f"{row.where}: the title is not recognised"
    if role in ("summary", "has", "units", "consists", "of-which", "formed", "unchanged", "unchanged-list"):
        uc = _summary(s)
        if uc is None:
            return f"{row.where}: the example is not read as a count"
        seen = {"summary": True, "has": uc.scope is not None,
                "units": uc.total > 0, "consists": bool(uc.by_type), "of-which": bool(uc.formed),
                "formed": bool(uc.formed), "unchanged": uc.unchanged_count is not None,
                "unchanged-list": bool(uc.unchanged)}[role]
        return None if seen else f"{row.where}: the count read lacks what {row['cue']!r} introduces: {uc}"
    if role in ("effective", "adopted", "operational"):
        # an effective-on-adoption row takes its date from the adoption line, so give it one
        tail = "\nthông qua ngày 16 tháng 6 năm 2025." if row["value"] == "adoption" else ""
        text = "Về việc sắp xếp các đơn vị hành chính cấp xã\n1. Đổi tên xã A thành xã B.\n" + ex + tail
        arr = read_arrangement(_plain(text), "1/NQ-UBTVQH15")
        dates = {"effective": arr.effective, "adopted": arr.adopted, "operational": arr.operational} if arr else {}
        got = dates.get(role)
        return None if got else f"{row.where}: no date read from the example"
    if role == "year":
        province = _title_province(ex)
        return None if province and row["cue"] not in province else f"{row.where}: the province read is {province!r}"
    if role == "unit-type" and row["level"] == "province":
        return None if _title_province(ex) else f"{row.where}: no province read from the title"
    got = _item(s, "commune")
    if got is None:
        return f"{row.where}: the example is not read as an item"
    c = got[0]
    names = [m.name for m in c.inputs]
    if role == "verb" and c.kind not in (row["value"], "reorganise", "establish"):
        return f"{row.where}: kind {c.kind!r}, expected {row['value']!r}"
    if role == "unit-type" and row["value"] not in c.unit_types.values() and not any(
            f"({row['value']} " in n for n in names):
        return f"{row.where}: no unit of type {row['value']!r} read: {c.unit_types}"
    if role in ("part", "rest") and not c.partial_inputs:
        return f"{row.where}: no partial input read: {names}"
    if role == "whole" and c.partial_inputs:
        return f"{row.where}: partial inputs read where all are whole: {c.partial_inputs}"
    if role in ("and", "plural") and len(names) < 2:
        return f"{row.where}: the list gave {names}"
    if role == "within" and not any("(" in n for n in names):
        return f"{row.where}: no district read: {names}"
    if role == "rest-tail" and any(w in n for n in names for w in ("sắp xếp", "khoản", "Điều")):
        return f"{row.where}: the cross-reference leaked into a name: {names}"
    if (c.result is None and c.kind != "dissolve") or not c.inputs:
        return f"{row.where}: no result or no inputs read"
    return None
