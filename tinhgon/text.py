"""Text helpers shared by every step: accent folding, slugs and Vietnamese comparison keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Old-style tone placement on the vowel pairs "oa", "oe", "uy" → modern placement (Ủy, hòa).
TONE_MOVES: tuple[tuple[str, str], ...] = (
    ("uỷ", "ủy"), ("uý", "úy"), ("uỳ", "ùy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
    ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
)
_TONE_MAP = {a: b for a, b in TONE_MOVES}
_TONE_MAP |= {a.upper(): b.upper() for a, b in TONE_MOVES}
_TONE_MAP |= {a[0].upper() + a[1:]: b[0].upper() + b[1:] for a, b in TONE_MOVES}
# Only an open syllable moves its mark ("hoà" → "hòa", but "hoạch", "hoàn" stay), and
# "qu" + "y" is consonant + vowel ("quý" stays): that pair is matched and left as it is, rather than
# refused by a look-behind, so the pattern opens with a literal and re skips to its first letters (no
# match is missed: a pair's second letter never opens one).
_TONE_RE = re.compile(
    r"(" + "|".join(sorted(map(re.escape, _TONE_MAP), key=len, reverse=True)) + r")(?![^\W\d_])"
)


def _moved(m: re.Match[str]) -> str:
    at = m.start()
    if at and m.string[at - 1] in "qQ":
        return m.group(1)
    return _TONE_MAP[m.group(1)]


def modern_tones(s: str) -> str:
    """Move tone marks to the modern place ("Uỷ ban" → "Ủy ban"); length is unchanged."""
    return _TONE_RE.sub(_moved, s)


def fold_slow(s: str) -> str:
    """What :func:`fold` computes, spelled out: NFD, without the combining marks (Mn), "đ" as "d"."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", s).strip().lower()


def _alone(c: str) -> str | None:
    """``c`` folded on its own, or None when that may differ from its fold inside a string."""
    d = unicodedata.normalize("NFD", "d" if c == "đ" else "D" if c == "Đ" else c)
    if any(unicodedata.combining(x) and unicodedata.category(x) != "Mn" for x in d):
        return None
    return "".join(x for x in d if unicodedata.category(x) != "Mn")


# NFD decomposes character by character; the only effect across characters is the canonical
# reordering of combining marks, which cannot change what is left once the marks (Mn) are dropped
# unless a combining character that is not Mn is involved. So the fold of a string is the folds of
# its characters, looked up in a table of the Latin letters and marks (Vietnamese text); any other
# character must fold to itself (``_keeps``), or the string is folded the slow way.
_FOLD_TABLE = {cp: v for r in ((0x80, 0x250), (0x300, 0x370), (0x1E00, 0x1F00)) for cp in range(*r)
               if (v := _alone(chr(cp))) is not None and v != chr(cp)}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_KEEPS: dict[str, bool] = {}


def _keeps(c: str) -> bool:
    v = _KEEPS.get(c)
    if v is None:
        v = _KEEPS[c] = _alone(c) == c
    return v


_FOLDED: dict[str, str] = {}
_FOLDED_LONG: dict[str, str] = {}  # the last few long texts (a document's body is folded by several steps)


def fold(s: str) -> str:
    """Accent-free lower case: "Sở Nội vụ" → "so noi vu" (the agency search key).

    The same result as :func:`fold_slow`, through a table of characters, and remembered for
    short strings (names are folded again and again: every mention, every IRI) and for the last
    few long ones (the genre gate and the metadata step each fold the whole body)."""
    short = len(s) <= 200
    memo = _FOLDED if short else _FOLDED_LONG
    out = memo.get(s)
    if out is not None:
        return out
    t = s.translate(_FOLD_TABLE)
    if t.isascii() or all(_keeps(c) for c in set(_NON_ASCII.findall(t))):
        out = " ".join(t.split()).lower()  # str.split and re's \s agree on what a space is
    else:
        out = fold_slow(s)
    if short:
        if len(_FOLDED) > 200_000:
            _FOLDED.clear()
    elif len(_FOLDED_LONG) >= 8:
        del _FOLDED_LONG[next(iter(_FOLDED_LONG))]  # the oldest
    memo[s] = out
    return out


def opening_letters(words: Iterable[str]) -> str:
    """A look-ahead for the first characters of ``words`` ("(?=[bchk])"), to put before an alternation of
    those words: a search then tries the alternatives only where one can start (under IGNORECASE the
    class and the words' letters follow the same case rule). Empty when there are no words."""
    firsts = sorted({w.lstrip()[0] for w in words if w.strip()})
    return "(?=[" + "".join(map(re.escape, firsts)) + "])" if firsts else ""


_WORD = re.compile(r"[^\W_]+")


def words(s: str) -> list[str]:
    """The distinct words of ``fold(s)``, in order: runs of letters and digits ("Văn phòng HĐND-UBND"
    → ["van", "phong", "hdnd", "ubnd"]); what ``tg:nameWord`` holds and a name search matches exactly."""
    return list(dict.fromkeys(_WORD.findall(fold(s))))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUGS: dict[str, str] = {}


def slugify(s: str) -> str:
    """Readable IRI segment: "Sở Nội vụ" → "so-noi-vu", "18-NQ/TW" → "18-nq-tw" (remembered:
    every IRI of a source repeats its slug)."""
    out = _SLUGS.get(s)
    if out is None:
        out = _NOT_SLUG.sub("-", fold(s)).strip("-") or "x"
        if len(s) <= 200:
            if len(_SLUGS) > 200_000:
                _SLUGS.clear()
            _SLUGS[s] = out
    return out


def key_slow(s: str) -> str:
    """What :func:`key` computes, spelled out."""
    s = modern_tones(unicodedata.normalize("NFC", s)).lower()
    return re.sub(r"\s+", " ", s).strip(" .;:,")


_KEYS: dict[str, str] = {}


def key(s: str) -> str:
    """Comparison key: NFC, modern tone placement, lower case, single spaces (the same as
    :func:`key_slow`: str.split and re's \\s agree on what a space is, and a space left at either end by
    the pattern is stripped), remembered for short strings: a name's key is asked for at every mention."""
    out = _KEYS.get(s)
    if out is None:
        out = " ".join(modern_tones(unicodedata.normalize("NFC", s)).lower().split()).strip(" .;:,")
        if len(s) <= 200:
            if len(_KEYS) > 200_000:
                _KEYS.clear()
            _KEYS[s] = out
    return out
