"""Text helpers shared by every step: accent folding, slugs and Vietnamese comparison keys."""

from __future__ import annotations

import re
import unicodedata

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
# "qu" + "y" is consonant + vowel ("quý" stays).
_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(sorted(map(re.escape, _TONE_MAP), key=len, reverse=True)) + r")(?![^\W\d_])"
)


def modern_tones(s: str) -> str:
    """Move tone marks to the modern place ("Uỷ ban" → "Ủy ban"); length is unchanged."""
    return _TONE_RE.sub(lambda m: _TONE_MAP[m.group(1)], s)


def fold(s: str) -> str:
    """Accent-free lower case: "Sở Nội vụ" → "so noi vu" (the agency search key)."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", s).strip().lower()


_WORD = re.compile(r"[^\W_]+")


def words(s: str) -> list[str]:
    """The distinct words of ``fold(s)``, in order: runs of letters and digits ("Văn phòng HĐND-UBND"
    → ["van", "phong", "hdnd", "ubnd"]); what ``tg:nameWord`` holds and a name search matches exactly."""
    return list(dict.fromkeys(_WORD.findall(fold(s))))


def slugify(s: str) -> str:
    """Readable IRI segment: "Sở Nội vụ" → "so-noi-vu", "18-NQ/TW" → "18-nq-tw"."""
    s = re.sub(r"[^a-z0-9]+", "-", fold(s))
    return s.strip("-") or "x"


def key(s: str) -> str:
    """Comparison key: NFC, modern tone placement, lower case, single spaces."""
    s = modern_tones(unicodedata.normalize("NFC", s)).lower()
    return re.sub(r"\s+", " ", s).strip(" .;:,")
