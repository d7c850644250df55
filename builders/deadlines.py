"""Where deadlines are parsed: time phrases → start, due and recurrence.

Plans state time in a handful of shapes — "quý II/2018", "tháng 6/2018", "trước 30/9/2018",
"trong năm 2019", "từ năm 2018 và hoàn thành trong năm 2019", "xong trước năm 2020",
"từ nhiệm kỳ 2021-2026", "hằng năm", "định kỳ 15 ngày", "6 tháng, năm", "thường xuyên".
The conventions, taken from how analysts read these plans:

* a time point after "từ" starts the work; any other point is a moment it must be done by;
* a multi-stage timing ("hoàn thành Đề án trong quý II/2018; thực hiện trong quý III/2018")
  is due at its last stage;
* "trước năm 2020" is due in 2019 (before the year), "trước 30/9/2018" on that day;
* dates that belong to cited documents ("Nghị quyết số 18-NQ/TW ngày 25/10/2017"), baselines
  ("so với năm 2015"), past results ("kết quả … từ năm 2015 đến năm 2019"), programme periods
  ("giai đoạn 2016-2020") and congress terms are not deadlines;
* when several cadences are named ("định kỳ 15 ngày …, 6 tháng, hằng năm") the most
  frequent one is the recurrence; an explicit cadence beats "thường xuyên".

Notation of start/due is that of the extraction records: "2018-09-30", "2018-07",
"2018-Q2", "2018".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from tinhgon.builders.model import TimeSpec

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# Most frequent first: the first cadence found in this order wins.
CADENCE_ORDER = ("weekly", "fortnightly", "monthly", "quarterly", "semiannual", "annual", "ongoing")

_SEP = r"\s*[/\-.]\s*"
_YEAR = r"((?:19|20)\d{2})"
_DATE = re.compile(
    rf"(?:ngày\s+)?\b(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}{_YEAR}\b"
    rf"|ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_YEAR}",
    re.IGNORECASE,
)
_QUARTER = re.compile(rf"\bqu[ýíyi]\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|-|năm)\s*{_YEAR})?", re.IGNORECASE)
_MONTH = re.compile(rf"\btháng\s+(\d{{1,2}})\s*(?:/|-|năm)\s*{_YEAR}", re.IGNORECASE)
_TERM = re.compile(rf"\bnhiệm\s+kỳ\s+{_YEAR}\s*[-–—]\s*{_YEAR}", re.IGNORECASE)
_YEAR_RANGE = re.compile(rf"\b(?:\d+\s+)?năm\s+{_YEAR}\s*[-–—]\s*{_YEAR}\b", re.IGNORECASE)
_PERIOD = re.compile(rf"\bgiai\s+đoạn\s+{_YEAR}\s*[-–—]\s*{_YEAR}", re.IGNORECASE)
_YEAR_WORD = re.compile(rf"\bnăm\s+{_YEAR}\b", re.IGNORECASE)

_DOC_NUMBER_BEFORE = re.compile(r"\d+\s*[-/]\s*[A-ZĐ][A-ZĐa-z0-9/\-]*[,\s]*(ngày\s*)?$")
_CADENCES = (
    ("fortnightly", re.compile(r"\b(định\s+kỳ\s+)?15\s+ngày|nửa\s+tháng", re.IGNORECASE)),
    ("weekly", re.compile(r"\bhằng\s+tuần|hàng\s+tuần", re.IGNORECASE)),
    ("monthly", re.compile(r"\b(hằng|hàng)\s+tháng", re.IGNORECASE)),
    ("quarterly", re.compile(r"\b(hằng|hàng)\s+quý|định\s+kỳ\s+(03|3|ba)\s+tháng", re.IGNORECASE)),
    ("semiannual", re.compile(r"\b(định\s+kỳ\s+)?(06|6|sáu)\s+tháng(?!\s*(?:/|năm)\s*\d)", re.IGNORECASE)),
    ("annual", re.compile(r"\b(hằng|hàng)\s+năm|\bthường\s+niên", re.IGNORECASE)),
    ("ongoing", re.compile(r"\bthường\s+xuyên", re.IGNORECASE)),
)


@dataclass(frozen=True)
class TimePhrase:
    """One time expression found in a text.

    kind: "start" (after "từ"), "due" (a deadline), "recurrence" (a cadence);
    value: the notation ("2018-Q2") or the cadence ("annual"); start/end: offsets.
    """

    kind: str
    value: str
    phrase: str
    start: int
    end: int


def find_time_phrases(text: str, offset: int = 0) -> list[TimePhrase]:
    """Every time expression of ``text`` in reading order, classified as start/due/recurrence."""
    found: list[TimePhrase] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(kind: str, value: str, a: int, b: int) -> None:
        taken.append((a, b))
        found.append(TimePhrase(kind, value, text[a:b], a + offset, b + offset))

    for m in _PERIOD.finditer(text):  # programme periods describe, they don't schedule
        taken.append(m.span())
    for m in _TERM.finditer(text):
        if free(*m.span()):
            if _cue(text, m.start()) == "start":
                add("start", m[1], m.start(), m.end())
            else:
                taken.append(m.span())
    for m in _YEAR_RANGE.finditer(text):
        if free(*m.span()):
            if _excluded(text, m.start(), m.end()):
                taken.append(m.span())
                continue
            a, b = m.span()
            add("start", m[1], a, b)
            add("due", m[2], a, b)
    for rx, conv in ((_DATE, _date_value), (_QUARTER, _quarter_value), (_MONTH, _month_value),
                     (_YEAR_WORD, _year_value)):
        for m in rx.finditer(text):
            a, b = m.span()
            if not free(a, b):
                continue
            value = conv(m)
            if value is None:
                continue
            if _excluded(text, a, b):
                taken.append((a, b))
                continue
            cue = _cue(text, a)
            if cue == "before":
                value = _before(value)
                cue = "due"
            add(cue, value, a, b)
    for cadence, rx in _CADENCES:
        for m in rx.finditer(text):
            if free(*m.span()):
                add("recurrence", cadence, m.start(), m.end())
    found.sort(key=lambda p: (p.start, p.end))
    return found


def parse_time(text: str, offset: int = 0) -> TimeSpec:
    """Start, due and recurrence of one time line, parenthetical, table cell or item text."""
    phrases = find_time_phrases(text, offset)
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
    for c in CADENCE_ORDER:
        if c in cadences:
            spec.recurrence = c
            break
    a = min(p.start for p in phrases)
    b = max(p.end for p in phrases)
    spec.start_offset, spec.end_offset = a, b
    spec.phrase = text[a - offset:b - offset]
    return spec


def interval_bounds(notation: str) -> tuple[date, date]:
    """First and last day of "2018-Q2", "2018-07", "2018" or "2018-09-30"."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", notation):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d{2})", notation):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", notation):
        y, q = int(m[1]), int(m[2])
        return date(y, 3 * q - 2, 1), date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    if re.fullmatch(r"\d{4}", notation):
        y = int(notation)
        return date(y, 1, 1), date(y, 12, 31)
    raise ValueError(f"not a time notation: {notation!r}")


# -- helpers -----------------------------------------------------------------------------

def _date_value(m: re.Match) -> str | None:
    d, mo, y = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _quarter_value(m: re.Match) -> str | None:
    if not m[2]:
        return None  # "quý II" with no year cannot be placed
    q = ROMAN.get(m[1].lower()) or int(m[1])
    return f"{m[2]}-Q{q}"


def _month_value(m: re.Match) -> str | None:
    mo = int(m[1])
    return f"{m[2]}-{mo:02d}" if 1 <= mo <= 12 else None


def _year_value(m: re.Match) -> str:
    return m[1]


def _cue(text: str, pos: int) -> str:
    """How the words just before a time point read it: "start", "before" or "due"."""
    window = text[max(0, pos - 30):pos].lower()
    window = re.split(r"[;:,.()\n]|\bvà\b", window)[-1]
    if re.search(r"\btừ\s*(nay\s+)?(năm|tháng|quý|quí|nhiệm\s+kỳ|ngày)?\s*$", window):
        return "start"
    if re.search(r"\btrước\s*(ngày|năm|tháng|quý|quí)?\s*$", window):
        return "before"
    return "due"


def _before(value: str) -> str:
    """"trước năm 2020" → 2019; a day, month or quarter stays (due by then)."""
    return str(int(value) - 1) if re.fullmatch(r"\d{4}", value) else value


def _excluded(text: str, a: int, b: int) -> bool:
    """Time words that are not this task's schedule."""
    before = text[max(0, a - 60):a]
    after = text[b:b + 12].lower()
    low = before.lower()
    if _DOC_NUMBER_BEFORE.search(before.rstrip()) or re.match(r"\s*(của|do)\b", after):
        return True  # the date of a cited document
    if re.search(r"so\s+với\s*(năm)?\s*$", low):
        return True  # a baseline
    if re.search(r"\bkết\s+quả\b[^;.]*$", low) and re.search(r"\btừ\s*(năm)?\s*$", low):
        return True  # past results "kết quả … từ năm 2015 đến năm 2019"
    if re.search(r"\bkết\s+quả\b[^;.]*\btừ\s+năm\s+\d{4}\s+đến\s*(năm)?\s*$", low):
        return True
    return bool(re.search(r"\b(đại\s+hội|khóa)\b[^;.]{0,40}$", low) and "nhiệm kỳ" in low)


def _sort_key(notation: str) -> tuple[str, str]:
    start, _ = interval_bounds(notation)
    return start.isoformat(), notation
