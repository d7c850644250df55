"""Where deadlines are parsed: time phrases → start, due and recurrence.

Plans state time in a handful of shapes — "quý II/2018", "tháng 6/2018", "trước 30/9/2018",
"trong năm 2019", "từ năm 2018 và hoàn thành trong năm 2019", "xong trước năm 2020",
"từ nhiệm kỳ 2021-2026", "hằng năm", "định kỳ 15 ngày", "6 tháng, năm", "thường xuyên".
The conventions, taken from how analysts read these plans:

* a time point after "từ" starts the work; any other point is a moment it must be done by;
  the first of two points joined by a dash or "đến" ("quý II - quý IV/2018") starts it too;
* a multi-stage timing ("hoàn thành Đề án trong quý II/2018; thực hiện trong quý III/2018")
  is due at its last stage; a ramp "Trong năm 2018, … ; đến năm 2020, …" starts at its first;
* "trước năm 2020" is due in 2019 (the period before), "trước 30/9/2018" on that day;
* dates that belong to cited documents ("Nghị quyết số 18-NQ/TW ngày 25/10/2017"), past
  events ("… đã ban hành"), baselines ("so với năm 2015"), past results ("kết quả … từ năm
  2015 đến năm 2019"), programme periods named after a noun ("kế hoạch … giai đoạn
  2016-2020"), congress terms, effective dates ("có hiệu lực thi hành từ ngày …") and the place
  and date a document is issued on ("Hà Nội, ngày 26 tháng 11 năm 2025") are not deadlines;
* when several cadences are named ("định kỳ 15 ngày …, 6 tháng, hằng năm") the most
  frequent one is the recurrence; an explicit cadence beats "thường xuyên", and "chi
  thường xuyên" (recurrent spending) is no cadence at all.

Time points are matched on an accent-free copy of the text (same length, so offsets hold),
which absorbs OCR noise in tone marks ("Qúy", "quí", "Tháng"); the cue words around them
are read with their accents, since "từ" and "tư" differ.

Notation of start/due is that of the extraction records: "2018-09-30", "2018-07",
"2018-Q2", "2018".
"""

from __future__ import annotations

import calendar
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from tinhgon.builders import lexicon
from tinhgon.builders.model import TimeSpec

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Most frequent first: the first cadence found in this order wins.
CADENCE_ORDER = ("weekly", "fortnightly", "monthly", "quarterly", "semiannual", "annual", "ongoing")

# The phrase patterns of builders/data/lexicon/deadlines_phrases.tsv: the time points ("date",
# "quarter", "month-span" …) read the folded copy (lower case, no accents, đ → d); the bare years read
# the lower-case copy with its accents: a year printed without "năm" counts only right after a cue or at
# the head of a cell/line ("Thời gian: 2019 - 2020", "trong 2019", "từ 2019", but "đầu tư 2019-2020").


def _phrase(name: str) -> re.Pattern[str]:
    return lexicon.patterns("deadlines_phrases")[name]


# -- the time words of builders/data/lexicon/time_words.tsv, compiled once ----------------------

def _rows(sense: str) -> tuple[lexicon.Row, ...]:
    return lexicon.rows("time_words", sense=sense)


def _cues(sense: str, *, before: str = r"\b", after: str = "", **where: str) -> re.Pattern[str]:
    """The patterns of one sense (and value) of time_words, in the grammar's context (compiled once)."""
    return lexicon.compile_alternation("time_words", "pattern", bound=False, before=before, after=after,
                                       sense=sense, **where)


@cache
def _cadences() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(cadence, pattern) in CADENCE_ORDER: the most frequent cadence named wins."""
    named = {r["value"] for r in _rows("cadence")}
    return tuple((c, _cues("cadence", after=r"\b", value=c)) for c in CADENCE_ORDER if c in named)


@cache
def _any_cadence() -> re.Pattern[str]:
    """Every cadence row in one pattern: where it finds nothing, no cadence's own pattern can (each is a
    part of this alternation in the same context), and their scans, one per cadence, are spared."""
    return _cues("cadence", after=r"\b")


def _guard(cadence: str) -> re.Pattern[str]:
    """Words just before a cadence that make it none ("chi thường xuyên": recurrent spending)."""
    return _cues("guard", after="$", value=cadence)


@cache
def _year_parts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(value, pattern) of the parts of a year ("6 tháng đầu năm 2026" → 06), file order."""
    return tuple((r["value"], _cues("year-part", after=r"\s+(?P<nam>nam\s+(?P<year>(?:19|20)\d{2}))\b",
                                    pattern=r["pattern"]))
                 for r in _rows("year-part"))


# after a cue: the unit of the time point it opens ("từ đầu năm", "trước ngày")
_CUE_TAIL = {"start": r"\s*(?:(?:dau|cuoi|giua)\s+)?(?:nam|thang|quy|qui|nhiem\s+ky|ngay)?\s*$",
             "before": r"\s*(?:ngay|nam|thang|quy|qui)?\s*$"}


def _cue_rx(value: str) -> re.Pattern[str]:
    return _cues("cue", after=_CUE_TAIL[value], value=value)


def _not_schedule(sense: str) -> re.Pattern[str]:
    """not-before: words that must reach the time point; not-after: words that must follow it."""
    return _cues(sense, before="", after="$" if sense == "not-before" else "")


def _heading_cue() -> re.Pattern[str]:
    """The cue words that make a heading's time point schedule its items ("từ nay đến", "trong")."""
    return lexicon.compile_alternation("time_words", "pattern", sense="heading-cue")


def _onwards() -> re.Pattern[str]:
    return _cues("onwards", before="")


@dataclass(frozen=True)
class TimePhrase:
    """One time expression found in a text.

    kind: "start" (after "từ", or the first end of a span), "due" (a deadline; a point with no
    cue reads as one), "recurrence" (a cadence); value: the notation ("2018-Q2") or the cadence
    ("annual"); phrase: the words as printed, cue words included ("trước 30/9/2018");
    start/end: offsets of the phrase (plus the caller's offset).
    """

    kind: str
    value: str
    phrase: str
    start: int
    end: int
    opens: str | None = None  # the finer start of a vague period ("02 tháng cuối năm 2025" opens 2025-11)


def find_time_phrases(text: str, offset: int = 0) -> list[TimePhrase]:
    """Every time expression of ``text`` in reading order, classified as start/due/recurrence.

    Callers choose which text to feed: a task's own time line rather than its wording, where
    a period such as "trong 2 năm 2018 – 2019" describes rather than schedules.
    """
    found = _time_phrases(text)
    if not offset:
        return list(found)
    return [TimePhrase(p.kind, p.value, p.phrase, p.start + offset, p.end + offset, p.opens) for p in found]


@lru_cache(maxsize=4096)
def _time_phrases(text: str) -> tuple[TimePhrase, ...]:
    """:func:`find_time_phrases` at offset 0, remembered: the tasks step reads the same time line or
    heading several times (as an item's time, its parent's period, a grouping's cadence)."""
    return tuple(_read_time_phrases(text))


def _read_time_phrases(text: str, offset: int = 0) -> list[TimePhrase]:
    low = _fold_keep(text)
    lower = _lower_keep(text)
    # most texts fed here are wording with no digit (a task's sentence, a heading), and most of those with
    # digits hold no year: a pattern that cannot match without a digit, or without a run of as many digits
    # as a year has, is not run on them (the cadences still are)
    run = max(_longest_digit_run(low), _longest_digit_run(lower))

    def scan(rx: re.Pattern[str], hay: str) -> Iterable[re.Match[str]]:
        return rx.finditer(hay) if run >= _digits_needed(rx) else ()
    found: list[TimePhrase] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def usable(a: int, b: int) -> bool:
        """A span no phrase holds yet and no exclusion names ("giai đoạn" of a programme …); an
        excluded span is held, so no shorter pattern reads a time inside it."""
        if not free(a, b):
            return False
        if _excluded(text, a, b):
            taken.append((a, b))
            return False
        return True

    def add(kind: str, value: str, a: int, b: int, *, reserve: bool = True, opens: str | None = None) -> None:
        if reserve:
            taken.append((a, b))
        while a < b and text[a].isspace():
            a += 1
        if kind != "recurrence":
            a = _with_cue(text, a)
        found.append(TimePhrase(kind, value, text[a:b], a + offset, b + offset, opens))

    for m in scan(_phrase("period"), low):
        a, b = m.span()
        if _period_scheduled(text, a) and not _excluded(text, a, b):
            add("start", m[1], a, b)
            add("due", m[2], a, b)
        else:  # "kế hoạch … giai đoạn 2016-2020" names a programme, it doesn't schedule
            taken.append((a, b))
    for m in scan(_phrase("term"), low):
        a, b = m.span()
        if not free(a, b):
            continue
        cue = _cue(text, a)
        if _excluded(text, a, b):
            taken.append((a, b))
        elif cue == "start":
            add("start", m[1], a, b)
        elif _phrase("term-due").search(text[max(0, a - 12):a].lower()):
            add("due", m[2], a, b)
        else:  # "Hội đồng nhân dân nhiệm kỳ 2021-2026" names a term
            taken.append((a, b))
    for m in [*scan(_phrase("year-range"), low), *scan(_phrase("bare-range"), lower)]:
        a, b = m.span()
        if not usable(a, b):
            continue
        add("start", m[1], a, b)
        add("due", m[2], a, b)
    for m in scan(_phrase("month-span"), low):
        a, b = m.span()
        if free(a, b) and not _excluded(text, a, b) and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 12:
            add("start", f"{m[3]}-{int(m[1]):02d}", a, b)
            add("due", f"{m[3]}-{int(m[2]):02d}", a, b)
    for m in scan(_phrase("quarter-span"), low):
        a, b = m.span()
        q1, q2 = _roman(m[1]), _roman(m[2])
        if free(a, b) and q1 and q2 and not _excluded(text, a, b):
            add("start", f"{m[3]}-Q{q1}", a, b)
            add("due", f"{m[3]}-Q{q2}", a, b)
    for part, rx in _year_parts():
        for m in scan(rx, low):
            a, b = m.span()
            if not usable(a, b):
                continue
            year = m["year"]
            value = year if part in ("year", "last") else f"{year}-{part}"
            # "02 tháng cuối năm 2025" is due in 2025 and, as the first end of a span, opens 2025-11
            opens = f"{year}-{13 - int(m[1]):02d}" if part == "last" and 1 <= int(m[1]) <= 12 else None
            cue = _cue(text, m.start("nam"))  # "từ đầu năm 2022" opens; "trước cuối năm" is no "trước năm"
            if cue == "before":
                value, cue = _before(value), "due"
            add(cue, value, a, b, opens=opens)
    for rx, conv, hay in ((_phrase("date"), _date_value, low), (_phrase("quarter"), _quarter_value, low),
                          (_phrase("month"), _month_value, low), (_phrase("year"), _year_value, low),
                          (_phrase("bare-month"), _month_value, lower), (_phrase("bare-year"), _year_value, lower)):
        for m in scan(rx, hay):
            a, b = m.span()
            if not free(a, b):
                continue
            value = conv(m)
            if value is None or not usable(a, b):
                continue
            cue = _cue(text, a)
            if cue == "before":
                value = _before(value)
                cue = "due"
            elif _onwards().match(low, b):  # "năm 2019 và những năm tiếp theo" opens, never closes
                cue = "start"
            add(cue, value, a, b)
    for cadence, rx in (_cadences() if _any_cadence().search(low) else ()):
        for m in scan(rx, low):
            a, b = m.span()
            if not free(a, b):
                continue
            if _guard(cadence).search(low[max(0, a - 25):a]):
                continue  # recurrent spending, or a complaint that something was not regular
            add("recurrence", cadence, a, b, reserve=False)
    found.sort(key=lambda p: (p.start, p.end))
    return _ranges(text, found, offset)


def parse_time(text: str, offset: int = 0) -> TimeSpec:
    """Start, due and recurrence of one time line, parenthetical, table cell or item text."""
    return _spec(text, find_time_phrases(text, offset), offset)


def heading_period(text: str, offset: int = 0) -> TimeSpec:
    """The period a section heading or a lead-in paragraph sets for every item below it.

    "II. NHIỆM VỤ TRỌNG TÂM TỪ NAY ĐẾN THÁNG 6/2027" and "Đề nghị Thường trực Tỉnh ủy … trong 02
    tháng cuối năm 2025 và những tháng đầu năm 2026 …, trong đó lưu ý các nội dung sau:" schedule
    the items under them (due 2027-06; start 2025-11, due 2026-Q1). Only points the words schedule
    count — opened by a cue ("từ", "đến", "trong", "trước", "chậm nhất" …) or standing alone on a
    label line ("Thời gian thực hiện: Quý IV/2025"); a year that names the subject ("KẾ HOẠCH CÔNG
    TÁC NĂM 2025", "kết quả năm 2024") sets nothing; a heading that says nothing but a period ("1. Giai
    đoạn 2025 - 2030", "Năm 2026") schedules its items as a label line does. Cadences are left to the caller (a grouping
    heading's "thường xuyên"). Empty when the text sets no period. Called by the tasks step, which
    decides which items a heading covers; this function says what its words mean.
    """
    label = text.split(":", 1)[1] if ":" in text[:60] else None
    points = [p for p in find_time_phrases(text, offset) if p.kind in ("start", "due")]
    whole = bool(points) and _only_time(text, points, offset)
    kept: list[TimePhrase] = []
    for p in points:
        cued = whole or _heading_cue().match(_fold_keep(p.phrase)) or \
            (label is not None and p.phrase.strip() == label.strip())
        span_end = kept and kept[-1].kind == "start" and p.kind == "due" and p.start - kept[-1].end <= 6
        if cued or span_end:  # the far end of a span kept: "trong 02 tháng cuối năm 2025 và những tháng đầu …"
            kept.append(p)
    spec = _spec(text, kept, offset)
    spec.recurrence = None
    return spec


def _only_time(text: str, phrases: list[TimePhrase], offset: int) -> bool:
    """Whether the time phrases are all ``text`` says: beside them only numbering and punctuation."""
    rest = list(text)
    for p in phrases:
        rest[p.start - offset:p.end - offset] = " " * (p.end - p.start)
    return not any(c.isalpha() for c in rest)


def _spec(text: str, phrases: list[TimePhrase], offset: int) -> TimeSpec:
    spec = TimeSpec()
    if not phrases:
        return spec
    starts = [p for p in phrases if p.kind == "start"]
    dues = [p for p in phrases if p.kind == "due"]
    cadences = {p.value for p in phrases if p.kind == "recurrence"}
    if starts:
        spec.start = min((p.value for p in starts), key=_sort_key)
    if dues:
        spec.due = dues[-1].value  # the last stage stated
        if not starts and len(dues) > 1 and _ramp(text, dues, offset):
            spec.start = dues[0].value
    if spec.start and spec.due and interval_bounds(spec.start)[0] > interval_bounds(spec.due)[1]:
        # "hoàn thành Đề án trong quý II/2018; thực hiện từ tháng 7/2018": the later stage is
        # the last one stated, so it is the due (as "bắt đầu thực hiện trong tháng 7/2018" is)
        spec.start, spec.due = None, spec.start
    for c in CADENCE_ORDER:
        if c in cadences:
            spec.recurrence = c
            break
    a = min(p.start for p in phrases)
    b = max(p.end for p in phrases)
    spec.start_offset, spec.end_offset = a, b
    spec.phrase = text[a - offset:b - offset]
    return spec


def _digits(s: str, n: int) -> bool:
    return len(s) == n and s.isdecimal()  # any decimal digit, as a regex \d is


def notation_parts(notation: str) -> tuple[int, int | None, int | None, int | None]:
    """(year, quarter, month, day) of "2018", "2018-Q2", "2018-07" or "2018-09-30"."""
    y, *rest = notation.split("-")
    q = mo = d = None
    if len(rest) == 1 and len(rest[0]) == 2 and rest[0][0] in "Qq" and rest[0][1] in "1234":
        q = int(rest[0][1])
    elif 1 <= len(rest) <= 2 and all(_digits(x, 2) for x in rest):
        mo, d = int(rest[0]), (int(rest[1]) if len(rest) == 2 else None)
    elif rest:
        y = ""
    if not _digits(y, 4):
        raise ValueError(f"not a time notation: {notation!r}")
    return int(y), q, mo, d


def interval_bounds(notation: str) -> tuple[date, date]:
    """First and last day of "2018-Q2", "2018-07", "2018" or "2018-09-30"."""
    y, q, mo, d = notation_parts(notation)
    if d:
        return date(y, mo or 1, d), date(y, mo or 1, d)
    if mo:
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    if q:
        return date(y, 3 * q - 2, 1), date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    return date(y, 1, 1), date(y, 12, 31)


# -- helpers -----------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")


def _longest_digit_run(s: str) -> int:
    """The most characters ``\\d`` matches in a row in ``s`` (0: no digit)."""
    return max(map(len, _DIGIT_RUN.findall(s)), default=0)


@cache
def _digits_needed(rx: re.Pattern[str]) -> int:
    """How many digits in a row every match of ``rx`` holds (0: none known), read off the parsed pattern:
    a text whose longest run of digits is shorter holds no match. Conservative as :func:`_needs_digit`."""
    try:
        from re import _parser

        run = _seq_digit_run(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # any doubt means "run the pattern"
        run = 0
    return max(run, 1 if _needs_digit(rx) else 0)


def _seq_digit_run(items: Iterable[tuple[object, object]]) -> int:
    """The longest run of digits every match of a sequence holds: consecutive items that match digits
    only (their least lengths add up: what they match lies side by side), or a run inside one item."""
    from re import _constants as c

    best = cur = 0
    for op, av in items:
        width = _digit_width(op, av)
        if width is not None:
            cur += width
            best = max(best, cur)
            continue
        cur = 0  # anything else (a letter, an anchor, a lookaround) ends the run
        if op is c.SUBPATTERN:
            best = max(best, _seq_digit_run(av[-1]))  # type: ignore[index]
        elif op is c.ATOMIC_GROUP:
            best = max(best, _seq_digit_run(av))  # type: ignore[arg-type]
        elif op is c.BRANCH:
            best = max(best, min(_seq_digit_run(b) for b in av[1]))  # type: ignore[index]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:  # type: ignore[index]
            best = max(best, _seq_digit_run(av[2]))  # type: ignore[index]
    return best


def _digit_width(op: object, av: object) -> int | None:
    """The least number of characters an item matches when it matches digits only, else None."""
    from re import _constants as c

    if op is c.LITERAL:
        return 1 if _is_digit(chr(av)) else None  # type: ignore[arg-type]
    if op is c.IN:
        return 1 if _set_digits(av) else None  # type: ignore[arg-type]
    if op is c.SUBPATTERN:
        return _seq_digit_width(av[-1])  # type: ignore[index]
    if op is c.BRANCH:
        widths = [_seq_digit_width(b) for b in av[1]]  # type: ignore[index]
        return None if any(w is None for w in widths) else min(widths)  # type: ignore[type-var]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        inner = _seq_digit_width(av[2])  # type: ignore[index]
        return None if inner is None else av[0] * inner  # type: ignore[index]
    return None


def _seq_digit_width(items: Iterable[tuple[object, object]]) -> int | None:
    """The least length of a sequence all of whose items match digits only, else None."""
    total = 0
    for op, av in items:
        w = _digit_width(op, av)
        if w is None:
            return None
        total += w
    return total


@cache
def _needs_digit(rx: re.Pattern[str]) -> bool:
    """Whether every match of ``rx`` holds a character ``\\d`` matches, read off the parsed pattern.

    Conservative: a construct it does not know (a lookaround, a back-reference, an unknown parser)
    counts as matching without a digit, so the pattern is always run.
    """
    try:
        from re import _parser  # the parser of the standard library's own compiler

        return _seq_needs_digit(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # any doubt means "run the pattern"
        return False


def _seq_needs_digit(items: Iterable[tuple[object, object]]) -> bool:
    """A sequence needs a digit when one of its items does."""
    from re import _constants as c

    for op, av in items:
        if op is c.LITERAL and _is_digit(chr(av)):  # type: ignore[arg-type]
            return True
        if op is c.IN and _set_digits(av):  # type: ignore[arg-type]
            return True
        if op is c.SUBPATTERN and _seq_needs_digit(av[-1]):  # type: ignore[index]
            return True
        if op is c.ATOMIC_GROUP and _seq_needs_digit(av):  # type: ignore[arg-type]
            return True
        if op is c.BRANCH and all(_seq_needs_digit(b) for b in av[1]):  # type: ignore[index]
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1 \
                and _seq_needs_digit(av[2]):  # type: ignore[index]
            return True
    return False


def _set_digits(items: list[tuple[object, object]]) -> bool:
    """A character set ("[0-9]", "\\d") all of whose members are digits."""
    from re import _constants as c

    for op, av in items:
        if op is c.LITERAL and _is_digit(chr(av)):  # type: ignore[arg-type]
            continue
        if op is c.RANGE and all(_is_digit(chr(x)) for x in range(av[0], av[1] + 1)):  # type: ignore[index]
            continue
        if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            continue
        return False  # a negation, another category, any other member
    return bool(items)


def _is_digit(ch: str) -> bool:
    return _DIGIT.match(ch) is not None


class _CharTable(dict):
    """A ``str.translate`` table of a one-character-for-one function, filled as characters are first
    seen: a text is then mapped at C speed (the step folds ~60 texts per document)."""

    def __init__(self, one: Callable[[str], str]) -> None:
        super().__init__()
        self.one = one

    def __missing__(self, cp: int) -> str:
        out = self[cp] = self.one(chr(cp))
        return out


def _fold_char(c: str) -> str:
    """One character lower case without its accents ("Ừ" → "u", "đ" → "d")."""
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0] if ord(c) > 127 else c
    low = base.lower()
    return low if len(low) == 1 else base


def _lower_char(c: str) -> str:
    """One character lower case, unless its lower case is longer ("İ" stays)."""
    low = c.lower()
    return low if len(low) == 1 else c


_FOLD_KEEP = _CharTable(_fold_char)
_LOWER_KEEP = _CharTable(_lower_char)


def _fold_keep(text: str) -> str:
    """Lower case without accents, one character for one: offsets into it are offsets into ``text``."""
    return text.translate(_FOLD_KEEP)


def _lower_keep(text: str) -> str:
    """Lower case, one character for one (accents kept): offsets into it are offsets into ``text``."""
    return text.translate(_LOWER_KEEP)


def _with_cue(text: str, a: int) -> int:
    """Move a phrase's start back over the cue words that give it its sense ("trước", "từ nay đến cuối")."""
    m = _phrase("cue-words").search(text[max(0, a - 30):a])
    if not m or (m.start() > 0 and text[max(0, a - 30) + m.start() - 1].isalpha()):
        return a
    return a - (len(text[max(0, a - 30):a]) - m.start())


def _roman(s: str) -> int | None:
    return ROMAN.get(s.lower().replace("l", "i"))


def _date_value(m: re.Match) -> str | None:
    d, mo, y = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _quarter_value(m: re.Match) -> str | None:
    q = _roman(m[1])
    if not m[2] or not q:
        return None  # "quý II" with no year cannot be placed
    return f"{m[2]}-Q{q}"


def _month_value(m: re.Match) -> str | None:
    mo = int(m[1])
    return f"{m[2]}-{mo:02d}" if 1 <= mo <= 12 else None


def _year_value(m: re.Match) -> str:
    return m[1]


def _cue(text: str, pos: int) -> str:
    """How the words just before a time point read it: "start", "before" or "due".

    Read accent-free, so OCR tone noise ("trứơc", "tù") keeps its sense, except that "đầu tư"
    and a bare "tư" are never "từ".
    """
    raw = text[max(0, pos - 30):pos]
    cut = max(m.end() for m in re.finditer(r"[;:,.()\n]|\bvà\b|^", raw.lower()))
    raw = raw[cut:]
    window = _fold_keep(raw)
    # "từ đầu nhiệm kỳ 2021 - 2026", "từ đầu năm 2020", "từ cuối năm 2019" open the work too.
    if m := _cue_rx("start").search(window):
        said = raw[m.start():m.end()].lower().split()
        investment = window[:m.start()].rstrip().endswith("dau") and not m.group().startswith("bat")
        if "tư" not in said and not investment:
            return "start"
    if _cue_rx("before").search(window):
        return "before"
    return "due"


def _before(value: str) -> str:
    """"trước năm 2020" → 2019, "trước quý III/2018" → 2018-Q2; "trước 30/9/2018" stays."""
    y, q, mo, d = notation_parts(value)
    if d:
        return value
    if mo:
        return f"{y}-{mo - 1:02d}" if mo > 1 else f"{y - 1}-12"
    if q:
        return f"{y}-Q{q - 1}" if q > 1 else f"{y - 1}-Q4"
    return str(y - 1)


def _period_scheduled(text: str, a: int) -> bool:
    """A period read as the schedule: "thực hiện trong giai đoạn 2021-2025", not "kế hoạch … giai đoạn"."""
    before = text[max(0, a - 25):a].lower()
    return bool(_phrase("period-scheduled").search(before))


def _excluded(text: str, a: int, b: int) -> bool:
    """Time words that are not this task's schedule."""
    before = text[max(0, a - 60):a]
    after = text[b:b + 50].lower()
    fafter = _fold_keep(after)
    if _phrase("doc-number").search(before.rstrip()) or _not_schedule("not-after").match(fafter):
        return True  # the date of a cited document
    if _phrase("past-event").match(after):
        return True  # a past event: "Ngày 30/01/2018, Tỉnh ủy đã ban hành …"
    if _word_at(text[a:b], "ngày") and text[a].isupper() and after.startswith(","):
        return True  # a narrative opening "Ngày 25/10/2017, Hội nghị … ban hành …"; orders say "Trước ngày"
    if _quoted(text, a):
        return True  # the name of a cited programme: Đề án "… dựa vào cộng đồng, đến năm 2030"
    if _phrase("law-name").search(before):
        return True  # "Luật Tổ chức chính quyền địa phương năm 2015" names a law
    # a session, a meeting, a baseline, past results, a congress's term, a horizon (time_words not-before);
    # a planning horizon may name a long noun phrase before its "đến năm …", hence the wider window
    return bool(_not_schedule("not-before").search(_fold_keep(text[max(0, a - 140):a])))


def _word_at(s: str, word: str) -> bool:
    """``s`` opens with the whole word ``word``, in any case."""
    nxt = s[len(word):len(word) + 1]
    return s[:len(word)].lower() == word and not (nxt.isalnum() or nxt == "_")


def _quoted(text: str, a: int) -> bool:
    """Whether position ``a`` lies inside quotation marks opened in its paragraph (a quoted title)."""
    start = max(text.rfind("\n\n", 0, a), text.rfind("|", 0, a), 0)
    if a - start > 600:
        return False  # too far back to pair straight quotes safely
    head = text[start:a]
    if head.rfind("“") > head.rfind("”"):
        return True
    return head.count('"') % 2 == 1


def _ranges(text: str, found: list[TimePhrase], offset: int) -> list[TimePhrase]:
    """The first of two due points joined by a dash or "đến" starts the span: "quý II – quý IV/2018"."""
    out = list(found)
    points = [i for i, p in enumerate(out) if p.kind in ("start", "due")]
    for i, j in itertools.pairwise(points):
        p, q = out[i], out[j]
        if p.kind != "due" or q.kind != "due" or p.end > q.start:
            continue
        between = text[p.end - offset:q.start - offset].strip().lower()
        gap = (between + " " + _cue_of(q)).strip().lower()
        if _phrase("span-join").fullmatch(gap) and _sort_key(p.value) < _sort_key(q.value):
            out[i] = TimePhrase("start", p.value, p.phrase, p.start, p.end)
        elif between == "và" and p.opens and interval_bounds(p.value)[1] < interval_bounds(q.value)[0]:
            # "02 tháng cuối năm 2025 và những tháng đầu năm 2026": one span over the turn of the year
            out[i] = TimePhrase("start", p.opens, p.phrase, p.start, p.end)
    return out


def _cue_of(p: TimePhrase) -> str:
    """The cue words a phrase starts with ("đến cuối" of "đến cuối năm 2021")."""
    m = _phrase("cue-of").match(p.phrase)
    return m.group().strip() if m else ""


def _ramp(text: str, dues: list[TimePhrase], offset: int) -> bool:
    """"Trong năm 2018, có 07/11 địa phương …; đến năm 2020, có 11/11 …": a staged rollout.

    The first stage opens its clause with "Trong …" and a later one is reached with "đến".
    """
    first = dues[0]
    head = text[max(0, first.start - offset - 4):first.start - offset]
    if not (_cue_of(first).lower() == "trong" and _clause_opens(head)):
        return False
    return any(_phrase("ramp-reach").fullmatch(_cue_of(later).lower())
               and _sort_key(first.value) < _sort_key(later.value) for later in dues[1:])


def _clause_opens(head: str) -> bool:
    """Nothing but spaces after the start, a line break or a clause mark ("; Trong năm 2018, …")."""
    for c in reversed(head):
        if c == "\n" or c in ";:.(+-–":
            return True
        if not c.isspace():
            return False
    return True


def _sort_key(notation: str) -> tuple[str, str]:
    start, _ = interval_bounds(notation)
    return start.isoformat(), notation


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a time_words or deadlines_phrases row, seen on its example (None when seen)."""
    if family == "deadlines_phrases":
        return _phrase_example(row)
    if family != "time_words":
        return f"{row.where}: deadlines has no check for family {family!r}"
    ex, sense, value = row["example"], row["sense"], row["value"]
    phrases = find_time_phrases(ex)
    spec = parse_time(ex)
    if sense == "cadence":
        ok = spec.recurrence == value
    elif sense == "guard":
        ok = spec.recurrence != value
    elif sense == "year-part" and value == "last":
        ok = any(p.kind == "start" and notation_parts(p.value)[2] is not None for p in phrases)
    elif sense == "year-part":
        ok = any(p.kind in ("due", "start") and (p.value.isdigit() if value == "year"
                                                 else p.value.endswith("-" + value)) for p in phrases)
    elif sense == "cue" and value == "start":
        ok = any(p.kind == "start" for p in phrases)
    elif sense == "cue":
        ok = any(p.kind == "due" and p.phrase.lower().startswith("trước") for p in phrases)
    elif sense == "heading-cue":
        head = heading_period(ex)
        cue = lexicon.family("time_words").compiled(row, "pattern")
        ok = bool(head.due or head.start) and bool(cue.match(_fold_keep(head.phrase)))
    elif sense in ("not-before", "not-after"):
        ok = not any(p.kind in ("due", "start") for p in phrases)
    else:  # onwards
        ok = any(p.kind == "start" for p in phrases) and not spec.due
    return None if ok else f"{row.where}: {ex!r} reads as {spec} ({[(p.kind, p.value) for p in phrases]})"


def _reads(spec: TimeSpec, reads: str) -> bool:
    """Whether a reading is the one a deadlines_phrases row states ("start=2019; due=2020", "none")."""
    if reads == "none":
        return spec.start is None and spec.due is None
    want = dict(part.strip().partition("=")[::2] for part in reads.split(";"))
    return all(str(getattr(spec, k)) == v for k, v in want.items())


def _phrase_example(row: lexicon.Row) -> str | None:
    """A phrase row's example reads as its 'reads' says; its counter, without the row's words, does not."""
    spec = parse_time(row["example"])
    if not _reads(spec, row["reads"]):
        return f"{row.where}: {row['example']!r} reads as {spec}, not {row['reads']!r}"
    if row.get("counter") and _reads(parse_time(row["counter"]), row["reads"]):
        return f"{row.where}: the counter sentence {row['counter']!r} reads as {row['reads']!r} too"
    return None
