"""Gazetteer of Vietnam's administrative units as they were before the 2025 merger.

The plans (2018–2020) often never print their province: it has to be read off the
places they name ("huyện Phú Quý", "thành phố Tuyên Quang", "Gò Quao"). The data is the
63-province dataset of the maintained ``vietnamadminunits`` package (provinces, districts
and communes with their spelling variants), so nothing here is a hand-made list.

Names are compared by an accent-free, space-free key ("Phú Quý" and the dataset's
"Phú Quí" both give ``phuquy``): OCR and old spellings disagree on marks, rarely on letters.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
import sqlite3
import string
import unicodedata
from collections import Counter, defaultdict
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tinhgon.builders import lexicon

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"


@dataclass(frozen=True)
class Place:
    name: str  # short name as the dataset spells it: "Bình Thuận", "Phú Quốc", "An Thới"
    kind: str  # "province" | "district" | "commune"
    code: str
    province: str  # short province name ("Kiên Giang"); the province itself for a province
    district: str | None = None  # short district name for a commune
    unit_type: str = ""  # "Tỉnh", "Thành phố", "Huyện", "Thị xã", "Quận", "Xã", "Phường", "Thị trấn"


@dataclass(frozen=True)
class PlaceMatch:
    surface: str  # as printed: "huyện Phú Quý"
    start: int
    end: int
    candidates: tuple[Place, ...]  # every unit the words can name

    @property
    def provinces(self) -> set[str]:
        return {p.province for p in self.candidates}


def _ascii_table() -> dict[int, str]:
    """Precomposed Latin letters (Vietnamese tone and vowel marks) → their base letter, lower case."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for cp in range(0xC0, 0x1F00):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and base.isalpha():
            table[cp] = base.lower()
    return table


_ASCII = _ascii_table()
_KEY_CHARS = frozenset(string.ascii_lowercase + string.digits)


@lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """Accent-free, space-free comparison key; "y" and "i" are one letter (Phú Quý = Phú Quí).

    Same result as folding with ``tinhgon.text.fold`` for Vietnamese names, but a plain
    character table, so indexing ten thousand names stays well under a second.
    """
    k = "".join(c for c in unicodedata.normalize("NFC", s).translate(_ASCII).lower() if c in _KEY_CHARS)
    return k.replace("y", "i")


def _keywords(raw: str | None) -> list[str]:
    """The dataset's keyword list (a JSON array of plain strings), read without a JSON parser: the
    strings are what stands between each pair of quotes."""
    if not raw:
        return []
    parts = raw.split('"')
    return [k.replace("y", "i") for k in parts[1:len(parts) - 1:2]]


@lru_cache(maxsize=1)
def _rows() -> list[tuple]:
    """The package's legacy (63-province) table, read straight from its SQLite file: importing
    the package itself pulls in pandas, which costs more than the whole lookup."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    db = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        rows = conn.execute(
            "SELECT province, provinceShort, provinceCode, district, districtShort, districtType,"
            " districtCode, districtKeywords, wardShort, wardType, wardCode, wardKeywords"
            " FROM admin_units_legacy"
        ).fetchall()
    return rows


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, list[Place]]]:
    """kind → name key → places. Keys are the dataset's keywords that keep the whole name."""
    idx: dict[str, dict[str, list[Place]]] = {PROVINCE: defaultdict(list), DISTRICT: defaultdict(list),
                                              COMMUNE: defaultdict(list)}
    seen: set[tuple[str, str]] = set()
    for (province, prov, pcode, _district, dshort, dtype, dcode, dkeys, wshort, wtype, wcode, wkeys) in _rows():
        if (PROVINCE, pcode) not in seen:
            seen.add((PROVINCE, pcode))
            p = Place(prov, PROVINCE, pcode, prov, None, province.split(" " + prov)[0])
            for k in {name_key(prov)}:
                idx[PROVINCE][k].append(p)
        if dcode and (DISTRICT, dcode) not in seen:
            seen.add((DISTRICT, dcode))
            d = Place(dshort, DISTRICT, dcode, prov, None, dtype or "")
            for k in {name_key(dshort), *_keywords(dkeys)}:
                idx[DISTRICT][k].append(d)  # bare ("phuquy") and with the unit word ("huienphuquy")
        if wcode and (COMMUNE, wcode) not in seen:
            seen.add((COMMUNE, wcode))
            w = Place(wshort, COMMUNE, wcode, prov, dshort, wtype or "")
            keys = {name_key(wshort)}
            # Older names of a merged commune ("xahonthom", "thitrananthoi" under An Thới) are
            # kept both bare and with their unit word, so "thị trấn An Thới" finds the old town.
            for kw in _keywords(wkeys):
                unit = next((u for u in _COMMUNE_WORDS if kw.startswith(u)), None)
                if unit is not None and len(kw) - len(unit) >= 3:  # "xahonthom" and "honthom"
                    keys.add(kw)
                    keys.add(kw[len(unit):])
            communes = idx[COMMUNE]
            for k in keys:
                if k and not k.isdigit():
                    communes[k].append(w)
    return {kind: dict(v) for kind, v in idx.items()}


def provinces() -> list[Place]:
    """The 63 provinces and centrally-run cities before 2025, by code."""
    out = {p.code: p for ps in _index()[PROVINCE].values() for p in ps}
    return sorted(out.values(), key=lambda p: p.code)


def place(name: str, province: str | None = None) -> Place | None:
    """The unit a name denotes ("Phú Quốc", "huyện Phú Quý", "tỉnh An Giang"), or None if unknown/ambiguous."""
    m = _PREFIX_RE.match(name.strip())
    kinds = [_PREFIX_KIND[name_key(m.group(1))]] if m else [PROVINCE, DISTRICT, COMMUNE]
    k = name_key(bare_name(name))
    typed = name_key(m.group(1)).replace("tp", "thanhpho") if m else ""
    for kind in kinds:
        found = (_index()[kind].get(typed + k, []) if typed and typed != "tinh" else []) or _index()[kind].get(k, [])
        cands = [p for p in found if province is None or name_key(p.province) == name_key(province)]
        uniq = {p.code: p for p in cands}
        if len(uniq) == 1:
            return next(iter(uniq.values()))
        if len(uniq) > 1:
            return None
    return None


def bare_name(name: str) -> str:
    """A unit's name without the unit word before it: "huyện Phú Quý" → "Phú Quý"."""
    m = _PREFIX_RE.match(name.strip())
    return name.strip()[m.end():] if m else name.strip()


# Unit words that introduce a place name (builders/data/lexicon/gazetteer_units.tsv), by the key of the
# word: "thành phố" / "thị xã" may head a district or a province-level city; "tỉnh" heads a province.
_PREFIX_KIND = {name_key(r["word"].replace("\\", "")): r["kind"] for r in lexicon.rows("gazetteer_units")}
_COMMUNE_WORDS = tuple(k for k, kind in _PREFIX_KIND.items() if kind == COMMUNE)  # "xa", "phuong", "thitran"
_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯÁÉÍÓÚÝ"
_NAME_WORD = rf"[{_UPPER}][^\W\d_]*"
# A unit word opening a unit's name ("tp Huế" too), and one introducing a place in running text.
_PREFIX_RE = lexicon.compile_alternation("gazetteer_units", "word", bound=False, before="(?i:", after=r")\s+",
                                         group=True)
_PREFIXED = lexicon.compile_alternation(
    "gazetteer_units", "word", bound=False, before=r"\b(?i:", group=True, text="yes",
    # The first word may have lost its capital in OCR ("huyện tân Hiệp") when a capitalised one follows.
    after=rf")\s+((?:{_NAME_WORD}|[^\W\d_]+(?=[ \t]+{_NAME_WORD}))(?:[ \t]+{_NAME_WORD}){{0,3}})")
# "\b" + a capital, written capital-first so that re skips to the capitals (most text is lower case).
_CAPS = re.compile(rf"[{_UPPER}](?<=\b.)[^\W\d_]*(?:[ \t]+{_NAME_WORD}){{1,3}}")


# The commonest family names: a run of capitalised words that starts with one is a person.
_SURNAMES = {name_key(s) for s in [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Tạ",
]}


def find_places(text: str) -> list[PlaceMatch]:
    """Places named in the text: prefixed units ("huyện Phú Quý", "xã Hòn Thơm") and bare
    province or district names that name one unit only ("Phú Quốc", "Tuyên Quang")."""
    idx = _index()
    out: list[PlaceMatch] = []
    taken: list[tuple[int, int]] = []
    for m in _PREFIXED.finditer(text):
        pk = name_key(m.group(1))
        kind = _PREFIX_KIND.get(pk, DISTRICT)
        words = m.group(2).split()
        # Longest run of name words that the gazetteer knows ("thành phố Tuyên Quang và").
        for n in range(len(words), 0, -1):
            k = name_key("".join(words[:n]))
            kinds = [kind] + ([PROVINCE] if pk in ("thanhpho", "tp") else [])
            # The unit word and name together first ("thị trấn An Thới" is the old town, not
            # every An Thới), then the bare name.
            typed = "thanhpho" if pk == "tp" else pk
            cands = [p for kd in kinds for p in idx[kd].get(typed + k, [])] if typed != "tinh" else []
            cands = cands or [p for kd in kinds for p in idx[kd].get(k, [])]
            if cands:
                end = m.start(2) + len(" ".join(words[:n])) if n == len(words) else \
                    m.start(2) + _word_end(m.group(2), n)
                out.append(PlaceMatch(text[m.start():end], m.start(), end, tuple(cands)))
                taken.append((m.start(), end))
                break
    starts = [s for s, _ in taken]  # the prefixed matches: in text order, never overlapping
    for m in _CAPS.finditer(text):
        if _overlaps(taken, starts, m.start(), m.end()):
            continue
        words = m.group(0).split()
        if len(words) >= 3 and name_key(words[0]) in _SURNAMES:
            continue  # a person's name ("Đỗ Thanh Bình"), not a place
        found = False
        # Any sub-run of 2–4 capitalised words that names one province or one district.
        for i in range(len(words)):
            for n in range(min(4, len(words) - i), 1, -1):
                k = name_key("".join(words[i:i + n]))
                cands = idx[PROVINCE].get(k) or _unique_district(k)
                if cands:
                    s = m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                    e = s + len(" ".join(words[i:i + n]))
                    out.append(PlaceMatch(text[s:e], s, e, tuple(cands)))
                    found = True
                    break
            if found:
                break
    return sorted(out, key=lambda pm: pm.start)


def _overlaps(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """Whether [a, b) starts in one of ``spans`` or ends in one (sorted, disjoint; ``starts`` their starts)."""
    i = bisect.bisect_right(starts, a) - 1  # the last span starting at or before a
    if i >= 0 and a < spans[i][1]:
        return True
    j = bisect.bisect_left(starts, b) - 1  # the last span starting before b
    return j >= 0 and b <= spans[j][1]


def _word_end(s: str, n: int) -> int:
    """Offset in ``s`` just after its n-th word (after its last word when it has fewer)."""
    pos, end = 0, 0
    for _ in range(n):
        while pos < len(s) and s[pos].isspace():
            pos += 1
        if pos == len(s):
            break
        while pos < len(s) and not s[pos].isspace():
            pos += 1
        end = pos
    return end


@lru_cache(maxsize=1)
def _district_counts() -> Counter:
    return Counter(k for k, ps in _index()[DISTRICT].items() for _ in {p.code for p in ps})


def _unique_district(k: str) -> list[Place] | None:
    """A bare district name counts only when one district in the country bears it."""
    ps = _index()[DISTRICT].get(k)
    if ps and len({p.code for p in ps}) == 1 and k not in _index()[PROVINCE] and len(k) >= 5:
        return ps
    return None


def infer_province(text: str) -> tuple[str | None, str]:
    """The province the places in ``text`` point to, with the evidence; (None, reason) when unclear.

    Each place that lies in one province only casts a vote; the winner needs more votes
    than all other provinces together, so a document that names places of two provinces
    equally stays unknown.
    """
    votes: Counter = Counter()
    evidence: dict[str, list[str]] = defaultdict(list)
    for pm in find_places(text):
        provs = pm.provinces
        if len(provs) != 1:
            continue
        prov = next(iter(provs))
        votes[prov] += 1
        if pm.surface not in evidence[prov]:
            evidence[prov].append(pm.surface)
    if not votes:
        return None, "no place names"
    (top, n), *rest = votes.most_common()
    others = sum(c for _, c in rest)
    if n <= others:
        return None, "ambiguous: " + ", ".join(f"{p} ({c})" for p, c in votes.most_common(3))
    return top, "place: " + ", ".join(evidence[top][:4])


# -- The tables of the 2025 arrangement -----------------------------------------------------
# The same package ships the 34-province units after the arrangement (admin_units), the
# 63-province units before it (admin_units_legacy) and the conversion tables between them
# (converter_2025.json). They are a reference: the changes of the graph come from the
# resolutions' text, and `tinhgon check arrangements` compares the two.
LEGACY, AFTER_2025 = "legacy", "2025"


@dataclass(frozen=True)
class Unit:
    """One unit of the official tables, before (``legacy``) or after (``2025``) the arrangement."""

    era: str  # LEGACY | AFTER_2025
    kind: str  # PROVINCE | DISTRICT | COMMUNE
    code: str  # official code (codes of the two eras overlap: the era is part of the identity)
    name: str  # short name: "Hòa Phú"
    unit_type: str  # as the package spells it: "Tỉnh", "Thành phố", "Huyện", "Xã", "Phường", "Đặc khu"
    key: str  # the package's key, type word included: "xahoaphu", "tinhdaklak"
    province_code: str
    district_code: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def label(self) -> str:
        """"xã Hòa Phú", "Phường 1", "huyện Lý Sơn": the type word as printed in running text."""
        if self.kind == PROVINCE:
            return self.name  # provinces are written without their unit word ("Cần Thơ", "Đắk Lắk")
        t = self.unit_type
        if name_key(self.name).startswith(name_key(t)) and self.name[len(t):].strip()[:1].isdigit():
            return self.name  # the package spells "Phường 9" in full as the short name
        return f"{t if self.name[:1].isdigit() else t[:1].lower() + t[1:]} {self.name}"


@dataclass(frozen=True)
class Succession:
    """An old unit (commune, or island district) that went, whole or in part, into a new commune."""

    old: Unit
    new: Unit
    partial: bool  # the old unit was divided between several new ones
    default: bool = True  # for a divided unit: the new unit the package takes as its main successor


def _package_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def dataset_version() -> str:
    """The installed version of the package the tables come from (for PROV attribution)."""
    from importlib.metadata import version

    return version("vietnamadminunits")


def _type_of(full: str, short: str) -> str:
    return full[: -len(short)].strip() if short and full.endswith(short) else full.split(" ")[0]


@lru_cache(maxsize=1)
def tables() -> tuple[list[Unit], list[Unit], list[Succession]]:
    """(legacy units, 2025 units, successions) from the package's SQLite file and conversion JSON."""
    import json

    data = _package_dir()
    legacy: dict[tuple[str, str], Unit] = {}
    by_key: dict[str, Unit] = {}  # "province_district_ward" (ward empty for an island district)
    with closing(sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)) as conn:
        for (prov, pshort, pcode, plat, plon, pkey, dist, dshort, dtype, dcode, dlat, dlon, dkey,
             wshort, wtype, wcode, wlat, wlon, wkey) in conn.execute(
                "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey,"
                " district, districtShort, districtType, districtCode, districtLat, districtLon, districtKey,"
                " wardShort, wardType, wardCode, wardLat, wardLon, wardKey FROM admin_units_legacy"):
            p = legacy.setdefault((PROVINCE, pcode), Unit(LEGACY, PROVINCE, pcode, pshort, _type_of(prov, pshort),
                                                          pkey, pcode, None, plat, plon))
            d = None
            if dcode:
                d = legacy.setdefault((DISTRICT, dcode), Unit(LEGACY, DISTRICT, dcode, dshort,
                                                              dtype or _type_of(dist, dshort), dkey, p.code,
                                                              None, dlat, dlon))
            if wcode:
                w = legacy.setdefault((COMMUNE, wcode), Unit(LEGACY, COMMUNE, wcode, wshort, wtype or "", wkey,
                                                             p.code, dcode, wlat, wlon))
                by_key[f"{pkey}_{dkey}_{wkey}"] = w
            elif d is not None:
                by_key[f"{pkey}_{dkey}_"] = d
        new: dict[tuple[str, str], Unit] = {}
        new_by_key: dict[str, Unit] = {}
        for (prov, pshort, pcode, plat, plon, pkey, wshort, wtype, wcode, wlat, wlon, wkey) in conn.execute(
                "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey,"
                " wardShort, wardType, wardCode, wardLat, wardLon, wardKey FROM admin_units"):
            new.setdefault((PROVINCE, pcode), Unit(AFTER_2025, PROVINCE, pcode, pshort, _type_of(prov, pshort),
                                                   pkey, pcode, None, plat, plon))
            w = new.setdefault((COMMUNE, wcode), Unit(AFTER_2025, COMMUNE, wcode, wshort, wtype or "", wkey, pcode,
                                                      None, wlat, wlon))
            new_by_key[f"{pkey}_{wkey}"] = w
    conv = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    succ: list[Succession] = []
    for pkey, wards in sorted(conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items()):
        for nkey, olds in sorted(wards.items()):
            n = new_by_key.get(f"{pkey}_{nkey}")
            for o in olds:
                if n is not None and o in by_key:
                    succ.append(Succession(by_key[o], n, partial=False))
    for pkey, olds in sorted(conv["DICT_PROVINCE_WARD_DIVIDED"].items()):
        for o, news in sorted(olds.items()):
            for item in news:
                n = new_by_key.get(f"{pkey}_{item['newWardKey']}")
                if n is not None and o in by_key:
                    succ.append(Succession(by_key[o], n, partial=True, default=bool(item.get("isDefaultNewWard"))))
    order = {PROVINCE: 0, DISTRICT: 1, COMMUNE: 2}

    def rank(u: Unit) -> tuple[int, str]:
        return order[u.kind], u.code

    return sorted(legacy.values(), key=rank), sorted(new.values(), key=rank), succ


def province_2025(name: str) -> Unit | None:
    """A province as it is after the arrangement, by name ("Đắk Lắk", "thành phố Cần Thơ", "Huế")."""
    k = name_key(_PREFIX_RE.sub("", name.strip(), count=1))
    for u in tables()[1]:
        if u.kind == PROVINCE and name_key(u.name) == k:
            return u
    return None


def official_arrangement(province: str) -> dict[str, tuple[Unit, list[tuple[Unit, bool]]]]:
    """The package's table for one province after the arrangement: new commune code → (the new
    unit, [(old unit, partial)]); empty when the province is unknown."""
    p = province_2025(province)
    if p is None:
        return {}
    out: dict[str, tuple[Unit, list[tuple[Unit, bool]]]] = {}
    for s in tables()[2]:
        if s.new.province_code == p.code:
            out.setdefault(s.new.code, (s.new, []))[1].append((s.old, s.partial))
    return out


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    if family == "gazetteer_units":
        ex = row["example"]
        found = place(ex)
        if found is None or found.kind != row["kind"]:
            return f"{row.where}: the example names {found}, not one {row['kind']}"
        in_text = any(pm.surface == ex for pm in find_places(ex))
        if in_text != (row["text"] == "yes"):
            return f"{row.where}: in running text the example is {'' if in_text else 'not '}read as a place"
        return None
    return f"{row.where}: gazetteer has no check for family {family!r}"
