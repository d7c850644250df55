"""Document numbers and document kinds: the one place that knows how a number is printed,
what its canonical form is, which kind of document a code or a word names, and whether the
issuer is a central body or a province's.

Why one module: the reference reader, the metadata reader, the genre gate, resolve and the
emitter all read numbers; when each kept its own pattern they disagreed ("45-HD/BTCTW" was a
central guidance to one and a local one to another). The vocabulary lives in two lexicon
families: ``doc_kinds.tsv`` (kind words, type codes, ontology class, labels) and
``number_issuers.tsv`` (issuer codes → central or provincial). The grammar of a number is here:

    lead digits, "-" or "/", an optional year and "/", then code segments joined by "-" or "/":
    18-NQ/TW · 19-CTr/TU · 56/2017/QH14 · 68/2000/NĐ-CP · 2179/QĐ-TTg · 06/2022/TT-BTTTT

Printed spaces around the separators are allowed ("07- KH/TW"); the canonical form removes
them and spells each code the way its issuer does (CTr, TTg, QĐi; the old "TƯ" as TW).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from tinhgon.builders import lexicon, model
from tinhgon.text import fold

# Cyrillic capitals that look like Latin ones: a pasted "NĐ-СР" is the NĐ-CP meant.
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХасеорх", "ABEKMHOPCTXaceopx")
_CAP = "A-ZĐАВЕКМНОРСТХ"
# A code segment; two units of one ministry may be joined by "&" ("8935/BNV-CTTN&BĐG").
_SEG = rf"[{_CAP}][A-Za-zĐđƯư{_CAP}асеорх]{{0,7}}(?:&[{_CAP}][A-Za-zĐđƯư{_CAP}]{{0,7}})?\d{{0,2}}"
# A document number. Groups: lead digits (a sub-number as in 66.4/2025/NQ-CP), first separator,
# year, the code segments as printed.
NUMBER_RE = re.compile(
    r"(?<![\w/.\-])(\d{1,5}(?:\.\d{1,2})?)[ \t]{0,2}([-/])[ \t]{0,2}(?:(\d{4})[ \t]?/[ \t]?)?"
    rf"({_SEG}(?:[ \t]{{0,2}}[-/][ \t]{{0,2}}{_SEG})*)(?!\w)"
)


@dataclass(frozen=True)
class Number:
    """One number printed in a text: its parts, its canonical form and where it stands."""

    lead: str  # "18"
    year: str | None  # "2017" of 56/2017/QH14
    codes: tuple[str, ...]  # code segments as printed: ("NQ", "TW")
    seps: tuple[str, ...]  # the separator before each code segment after the first
    first_sep: str
    start: int
    end: int

    @property
    def full(self) -> bool:
        """A number that names its issuer: "05-KH" alone is a fragment, not a number."""
        return bool(self.year) or len(self.codes) > 1

    @property
    def text(self) -> str:
        """The canonical form: "07- KH/TW" → "07-KH/TW", "19-Ctr/TU" → "19-CTr/TU"."""
        out = self.lead + self.first_sep + (self.year + "/" if self.year else "") + spell(self.codes[0])
        for sep, code in zip(self.seps, self.codes[1:], strict=True):
            out += sep + spell(code)
        return out

    @property
    def code(self) -> str:
        """The first code segment in upper case ("NQ" of 18-NQ/TW)."""
        return self.codes[0].upper()


def _number(m: re.Match) -> Number:
    parts = _split_codes(m.group(4))
    codes = tuple(p.strip(" \t") for p in parts[0::2])  # the printed spaces around a separator dropped
    return Number(m.group(1), m.group(3), codes, tuple(parts[1::2]), m.group(2), m.start(), m.end())


def _split_codes(s: str) -> list[str]:
    """"KH-UBND/TW" → ["KH", "-", "UBND", "/", "TW"]: the code segments and the separators between them
    (a code segment holds no "-" or "/")."""
    out = [""]
    for c in s:
        if c in "-/":
            out += [c, ""]
        else:
            out[-1] += c
    return out


def find_numbers(text: str, pos: int = 0, endpos: int | None = None, *, full: bool = True) -> Iterator[Number]:
    """Every number printed in ``text[pos:endpos]`` (only full ones unless ``full=False``)."""
    for m in NUMBER_RE.finditer(text, pos, len(text) if endpos is None else endpos):
        n = _number(m)
        if n.full or not full:
            yield n


def number_at(text: str, pos: int = 0) -> Number | None:
    """The number that starts exactly at ``pos``, if any (full or not)."""
    m = NUMBER_RE.match(text, pos)
    return _number(m) if m else None


def canonical(raw: str) -> str:
    """Any printed form of a number → its canonical form; text that is no number loses its
    spaces and keeps its codes' spelling (the header's "Số: 19 - CTr/TU")."""
    n = number_at(raw.strip())
    if n is not None and n.end == len(raw.strip()):
        return n.text
    s = "".join(raw.split()).strip(".,;:")
    return "".join(p if p in "-/" else spell(p) for p in _split_codes(s))


def key(number: str) -> str:
    """Comparison key of a number: no spaces, upper case, Đ as D."""
    return fold("".join(number.split())).upper()


def segments(number: str) -> list[str]:
    """Code segments of a canonical number, upper case, lead and year left out."""
    return [p for p in number.upper().replace("-", "/").split("/")[1:] if p and not p.isdigit()]


# -- kinds -------------------------------------------------------------------------------------

@cache
def _kinds() -> tuple[lexicon.Row, ...]:
    return lexicon.family("doc_kinds").rows


DOC_KINDS: tuple[str, ...] = model.DOC_KINDS


@cache
def _code_kind() -> dict[str, str]:
    return {c.upper(): r["slug"] for r in _kinds() for c in r.words("codes")}


@cache
def _word_kind() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in _kinds():
        for w in r.words("words"):
            out[" ".join(w.lower().split())] = r["slug"]
            out.setdefault(fold(w), r["slug"])
    return out


def kind_of_code(code: str) -> str | None:
    """"NQ" → "nghi-quyet", "CTr" → "chuong-trinh-hanh-dong"; None for an issuer code."""
    return _code_kind().get(code.upper())


def kind_of_number(number: str) -> str | None:
    """The kind a number's codes name ("68/KH-UBND" → "ke-hoach"), the first kind code found."""
    for seg in segments(number):
        if seg in _code_kind():
            return _code_kind()[seg]
    return None


def kind_of_word(words: str) -> str | None:
    """The kind the printed words name ("Nghị quyết", "KẾ HOẠCH", folded "chuong trinh")."""
    w = " ".join(words.lower().split())
    return _word_kind().get(w) or _word_kind().get(fold(w))


def kind_words(*, folded: bool = False) -> tuple[str, ...]:
    """Every kind word, longest first (as printed in lower case, or accent-free)."""
    ws = {fold(w) if folded else " ".join(w.lower().split()) for r in _kinds() for w in r.words("words")}
    return tuple(sorted(ws, key=lambda w: (-len(w), w)))


def kind_pattern() -> str:
    """A regex fragment (no groups, no bounds) matching any kind word; use with re.IGNORECASE."""
    return lexicon.alternation("doc_kinds", "words", bound=False)


def kind_classes() -> dict[str, str]:
    """slug → ontology class local name ("ke-hoach" → "Plan")."""
    return {r["slug"]: r["class"] for r in _kinds()}


def kind_labels() -> dict[str, tuple[str, str]]:
    """slug → (Vietnamese label, English label)."""
    return {r["slug"]: (r["vi"], r["en"]) for r in _kinds()}


# -- issuers: central or provincial ---------------------------------------------------------------

@cache
def _issuers() -> tuple[tuple[re.Pattern[str], str], ...]:
    fam = lexicon.family("number_issuers")
    return tuple((fam.compiled(r, "pattern"), r["scope"]) for r in fam.rows)


@cache
def _spelling() -> dict[str, str]:
    out = {c.upper(): c for r in _kinds() for c in r.words("codes")}
    out |= {r["pattern"].upper(): r["spelling"] for r in lexicon.family("number_issuers").rows if r.get("spelling")}
    return out


def spell(code: str) -> str:
    """A code as its issuer prints it: "CTR" → "CTr", "TTG" → "TTg", "TƯ" → "TW", else upper case
    (Cyrillic look-alikes read as the Latin letters meant)."""
    up = code.translate(_HOMOGLYPHS).upper()
    return _spelling().get(up, up)


def scope(number: str) -> str:
    """"province" for a provincial body's number (82-KH/TU, 68/KH-UBND), "central" for the Party
    centre, the National Assembly, the Government and the ministries (18-NQ/TW, 2179/QĐ-TTg,
    06/2022/TT-BTTTT); an issuer no row knows stays local ("province")."""
    segs = segments(number)
    issuer_segs = [s for s in segs if s not in _code_kind()] or segs
    found = {sc for s in issuer_segs for rx, sc in _issuers() if rx.fullmatch(s)}
    if "province" in found:
        return "province"
    return "central" if "central" in found else "province"


def is_central(number: str) -> bool:
    """A central body's number is global: the same IRI whoever cites it."""
    return scope(number) == "central"


# -- lexicon rows -------------------------------------------------------------------------------

def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a doc_kinds or number_issuers row, seen on its example (None when seen)."""
    ex = row["example"]
    nums = list(find_numbers(ex))
    if family == "doc_kinds":
        m = lexicon.compile_alternation("doc_kinds", "words", flags=re.IGNORECASE).search(ex)
        if not m or kind_of_word(m.group(0)) != row["slug"]:
            return f"{row.where}: the kind word in {ex!r} reads as {m and kind_of_word(m.group(0))!r}"
        if row.get("codes") and not any(kind_of_number(n.text) == row["slug"] for n in nums):
            return f"{row.where}: no number in {ex!r} has a code of kind {row['slug']!r}"
        return None
    if family == "number_issuers":
        rx = _issuers()[lexicon.family("number_issuers").rows.index(row)][0]
        hits = [n for n in nums if any(rx.fullmatch(c.upper()) for c in n.codes)]
        if not hits:
            return f"{row.where}: no number in {ex!r} has an issuer segment matching {row['pattern']!r}"
        if any(scope(n.text) != row["scope"] for n in hits):
            return f"{row.where}: {[n.text for n in hits]} do not all read as {row['scope']}"
        if row.get("spelling") and not any(row["spelling"] in n.text for n in hits):
            return f"{row.where}: {[n.text for n in hits]} do not spell {row['spelling']!r}"
        return None
    return f"{row.where}: numbers has no check for family {family!r}"
