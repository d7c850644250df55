"""Administrative units in the 2025 arrangement: places named as labels, lists of places, and
counts of units arranged.

Plans and reports of the 2025 wave state the arrangement once overall ("sắp xếp đơn vị hành
chính cấp tỉnh") and then case by case, each case led by its place: "Tỉnh Lào Cai (mới): Ủy ban
nhân dân các tỉnh Lào Cai, Yên Bái xây dựng 91 phương án sắp xếp 311 đơn vị hành chính cấp xã …".
A label "<unit> X (mới):" before a list of units of the same kind is the merger of those units
into X; "sắp xếp N đơn vị hành chính cấp xã" is the merger of N communes into fewer, in the place
the sentence names.
"""

from __future__ import annotations

import re

from tinhgon.builders.model import AgencyMention
from tinhgon.text import fold

from . import vocab
from .names import PLACE_NAME, PLACE_SEP, UNIT_WORD, cut

_UNIT_OR_PROVINCE = r"(?:tỉnh|" + UNIT_WORD[3:-1] + ")"
# "Tỉnh Lào Cai (mới):", "Thành phố Huế:" at the opening of a sentence
_LABEL = re.compile(r"\s*(?:[-+•]\s*)?(?:Cụ\s+thể\s*:\s*)?(?P<unit>(?i:" + _UNIT_OR_PROVINCE + r"))\s+(?P<name>"
                    + PLACE_NAME + r")\s*(?P<new>\((?i:mới)\))?\s*:\s*")
_SUBJECT = re.compile(r"\s*(?P<unit>(?i:" + _UNIT_OR_PROVINCE + r"))\s+(?P<name>" + PLACE_NAME + ")")
_UNIT_HEAD = re.compile(r"(?:các\s+)?(?P<unit>" + _UNIT_OR_PROVINCE + r")\s+", re.I)
_COMMITTEE = vocab.phrase(words="ủy ban nhân dân|ubnd|ủy ban nhân dân của|ubnd của", lead=r"\s*", trail=r"\s+")
_COUNTED = vocab.pattern("counted")
_FORMED = vocab.pattern("formed")
_PROVINCE_WORDS = ("tỉnh", "thành phố")


def place_label(sent: str) -> tuple[int, str, bool, str] | None:
    """(end of the label, 'tỉnh Lào Cai (mới)', new?, 'Tỉnh Lào Cai (mới)') for a sentence led by a place."""
    m = _LABEL.match(sent)
    if not m:
        return None
    unit = " ".join(m.group("unit").split())
    name = f"{unit.lower()} {m.group('name')}" + (" (mới)" if m.group("new") else "")
    return m.end(), name, bool(m.group("new")), name[:1].upper() + name[1:]


def subject_place(text: str) -> str | None:
    """"Thành phố Hà Nội xây dựng …" → "thành phố Hà Nội": the place a clause's subject names."""
    m = _SUBJECT.match(text)
    return f"{' '.join(m.group('unit').split()).lower()} {m.group('name')}" if m else None


def place_list(sent: str, lo: int, hi: int, base: int) -> list[AgencyMention]:
    """"(Ủy ban nhân dân) các tỉnh A, B và thành phố C" → Tỉnh A, Tỉnh B, Thành phố C (none if no place list)."""
    c = _COMMITTEE.match(sent, lo, hi)
    if c:
        lo = c.end()
    end = cut(sent, lo, hi)
    unit, out = "", []
    pos = lo
    for part in PLACE_SEP.split(sent[lo:end]):
        at = sent.index(part, pos) if part else pos
        pos = at + len(part)
        p = part.strip()
        u = _UNIT_HEAD.match(p)
        if u:
            unit, p = " ".join(u.group("unit").split()).lower(), p[u.end():]
        if not unit or not p[:1].isupper() or len(p.split()) > 5:
            return []
        name = f"{unit[:1].upper()}{unit[1:]} {p}"
        out.append(AgencyMention(surface=part.strip(), name=name, start=base + at, end=base + at + len(part),
                                 kind="unit"))
    return out if len(out) > 1 else []


_NAMED_UNITS = re.compile(r"\s*(?:các\s+)?" + _UNIT_OR_PROVINCE + r"\s+" + PLACE_NAME + r"(?:(?:\s*,\s*|\s+và\s+)(?:"
                          + _UNIT_OR_PROVINCE + r"\s+)?" + PLACE_NAME + ")+")


def named_units(sent: str, lo: int, hi: int, base: int) -> list[AgencyMention]:
    """"tỉnh Đắk Lắk và Phú Yên (cũ) đã …" → Tỉnh Đắk Lắk, Tỉnh Phú Yên: places named right at ``lo``, the
    list ending with the last capitalised name (none if fewer than two)."""
    m = _NAMED_UNITS.match(sent, lo, hi)
    return place_list(sent, m.start(), m.end(), base) if m else []


def list_level(units: list[AgencyMention]) -> str:
    words = {fold(m.name).split()[0] for m in units}
    if words & {"tinh", "thanh"}:
        return "province"
    return "commune" if words & {"xa", "phuong", "dac"} else "district"


def counted_units(sent: str, lo: int, hi: int) -> tuple[int, int, str, str | None] | None:
    """"526 đơn vị hành chính cấp xã (…) để hình thành …": (start, end, name, level) of the units arranged."""
    m = _COUNTED.match(sent, lo, hi)
    if not m:
        return None
    grades = vocab.level_of_grade()
    grade = m.group("grade")
    if grade is None:
        f = _FORMED.search(sent, m.end(), hi)
        grade = f.group(1) if f else None
    level = grades.get(fold(grade)) if grade else None
    n = (m.group("n") or "").strip()
    n = n if n[:1].isdigit() else ""
    name = " ".join(x for x in (n, "đơn vị hành chính", f"cấp {grade.lower()}" if level else "") if x)
    return (m.start("n") if n else m.start("what")), m.end(), name[:1].upper() + name[1:], level
