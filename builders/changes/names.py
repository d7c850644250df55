"""Names in change clauses: where a body's name starts and ends, its full form, its level.

Full forms come from the one agency grammar (``tinhgon.builders.agencies``: abbreviations from
the lexicon), so "Sở KH&ĐT" in a change input and in a task role is the same body. What stays
here is what only change clauses need: administrative units (xã, thôn) as bodies, post titles,
and where an object phrase ends ("… theo hướng …", "… trực thuộc …").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from tinhgon.builders import lexicon
from tinhgon.builders.agencies import expand_abbreviations
from tinhgon.builders.model import AgencyMention
from tinhgon.text import fold, modern_tones

from . import vocab
from .clauses import top_splits

_W = r"[^\W\d_]"  # one letter
NB = rf"(?<!{_W})"  # no letter before
NA = rf"(?!{_W})"  # no letter after


@cache
def _heads() -> tuple[re.Pattern[str], frozenset[str]]:
    """The words that open a body, a party organ or a unit in a change clause: the agency heads
    (agency_heads.tsv, capitalised where the row says so, with their 'not_then' guards), the units
    (change_levels.tsv) and the heads plans also write in lower case (change_phrases.tsv, role head).
    Matched on text in modern tones; the set holds the bare words (a name that is only one names no body)."""
    alts: list[str] = []
    bare: set[str] = set()
    for r in lexicon.rows("agency_heads"):
        if r["kind"] not in ("body", "party", "generic"):
            continue
        guard = "".join(rf"(?!\s+{lexicon.cell_pattern(w.lower())}(?!\w))" for w in r.words("not_then"))
        for w in r.words("head"):
            word = r"\s+".join(map(re.escape, w.split()))
            alts.append((f"(?i:{word})" if r["case"] != "capital" else word[:1].upper() + word[1:]) + guard)
            bare.add(w.lower())
    lower = [w for lv in ("district", "commune", "village") for w in vocab.unit_words(lv)]
    for r in lexicon.rows("change_phrases", role="head"):
        lower += [w.lower() for w in r.words("words")]
    bare.update(lower)
    alts += [f"(?i:{lexicon.cell_pattern(w)})" + (r"(?!\s+ngũ)" if w == "đội" else "") for w in lower]
    alts.sort(key=len, reverse=True)
    rx = re.compile(r"(?i:(?:các|những|một\s+số|\d+)\s+)?(?:" + "|".join(alts) + r")(?!\w)")
    return rx, frozenset(bare)


GENERIC_HEADS = ("co quan", "to chuc", "don vi")
_PLURAL_WORDS = ("các", "những")
_PLURAL_WORDS = ("các", "những")

# a post title (change_phrases.tsv, role post), after a deputy's word ("Phó") or not
POST_RE = lexicon.compile_alternation("change_phrases", "words", bound=False, role="post", after=NA,
                                      before=NB + "(?:" + vocab.phrase_alternation("deputy") + r"\s+)?")

# Where a name (or an object phrase) ends: a word of change_phrases.tsv (ends, ends-lower, ends-after-comma),
# ", thuộc …", ";", ":", a table's cell bar "|", a full stop, a footnote mark.
_STOPS = re.compile(
    r"\s+(?:" + vocab.phrase_alternation("ends") + r"|(?-i:" + vocab.phrase_alternation("ends-lower") + "))" + NA
    + r"|\s*,\s*(?:" + vocab.phrase_alternation("ends-after-comma") + ")" + NA
    + r"|\s*,\s*(?:trực\s+)?thuộc\s|\s*[;:|]|\s*\.(?:\s|$)|\s*⁽|\s*,\s*\.\.\.",
    re.IGNORECASE,
)
_LIST_SEP = vocab.pattern("list-sep")
_UNITS = vocab.unit_alternation("district", "commune")
_LOCAL_UNITS = frozenset(vocab.unit_words("district") + vocab.unit_words("commune"))
_GRADES_TAIL = lexicon.compile_alternation("change_levels", "grade", bound=False, before=r"(?:\s*,?\s*(?:và\s+)?cấp\s+",
                                           after=")+$", flags=re.IGNORECASE)
_CLEAN_OPEN = lexicon.compile_alternation("change_phrases", "words", bound=False, role="before-name", before="^",
                                          after=r"\s+(?=\S)")
_CLEAN_MARKS = re.compile(r"\([^()]*\)?|[*_\"“”⁽⁾¹²³⁴⁵⁶⁷⁸⁹⁰]")


def _words(s: str, n: int = 4) -> list[str]:
    return [w.strip(",.;:()").lower() for w in s.split()[:n]]


def is_head(s: str) -> bool:
    """Does ``s`` open with the name of a body, post or unit?"""
    w = _words(s)
    if not w or w[0] == "số" or (w[0] in (*_PLURAL_WORDS, "một") and w[1:2] == ["số"]):
        return False  # "số" (a number), not "Sở" (a department)
    i = 1 if w[0] in _PLURAL_WORDS else 2 if w[:2] == ["một", "số"] else 0
    if w[i:i + 2] in (["buôn", "bán"], ["buôn", "lậu"], ["làng", "nghề"]):
        return False
    text = modern_tones(s.lstrip())
    if text.lower().startswith(("sở vật chất", "sở y tế")) and not text.startswith("Sở"):
        return False  # "cơ sở vật chất", "cơ sở y tế"; "Sở Y tế" is the department
    return bool(_heads()[0].match(text))


def bare_head(name: str) -> bool:
    """A name that is only a head word ("phòng", "Văn phòng"): no particular body."""
    low = " ".join(modern_tones(name).lower().split())
    for p in ("các ", "những ", "một số "):
        if low.startswith(p):
            low = low[len(p):]
    return low in _heads()[1] or any(low in vocab.unit_words(lv) for lv in ("district", "commune", "village"))


def _unplural(f: str) -> str:
    for p in ("cac ", "nhung ", "mot so "):
        if f.startswith(p):
            return f[len(p):]
    return f


def generic(name: str) -> bool:
    """A class of bodies, not a named one ("các cơ quan, tổ chức", "doanh nghiệp", "cơ sở y tế")."""
    f = _unplural(fold(name))
    words = f.replace(",", " ").split()
    i = 0
    while i + 1 < len(words) and " ".join(words[i:i + 2]) in GENERIC_HEADS:
        i += 2
        if i < len(words) and words[i] == "va":
            i += 1
    if i:
        rest = " ".join(words[i:])
        return not rest or rest.startswith(("hoat dong", "lien quan", "co lien quan", "moi", "nay", "tren", "o "))
    return f.startswith(("doanh nghiep", "co so y te", "to chuc xa hoi", "chuc danh", "nhiem vu", "dich vu"))


def clean_name(surface: str, *, keep_level: bool = False) -> str:
    """Full name of a body or post as the gold records write it (province left implicit)."""
    s = _CLEAN_MARKS.sub(" ", surface)
    s = expand_abbreviations(s)
    s = s.replace("-Ủy ban nhân dân", " và Ủy ban nhân dân").replace("- Ủy ban nhân dân", " và Ủy ban nhân dân")
    s = " ".join(s.split()).strip(" ,;.:-")
    s = _CLEAN_OPEN.sub("", s)
    if s.lower().startswith("trường ban"):
        s = "Trưởng ban" + s[len("trường ban"):]  # OCR: a school has no "ban"
    if not keep_level and not fold(s).startswith("don vi hanh chinh"):
        s = _GRADES_TAIL.sub("", s)
    s = s.strip(" ,;.:-")
    for tail in (" và", " hoặc"):  # a name cut before the verb its list leads to ("A, B và chuyển …")
        s = s.removesuffix(tail)
    return s[:1].upper() + s[1:] if s else s


def levels_in(s: str) -> list[str]:
    """Levels named by 'cấp X' in the text, in order, once each."""
    grades = vocab.level_of_grade()
    out: list[str] = []
    for m in vocab.levels_re().finditer(s):
        lv = grades[fold(m.group(1))]
        if lv not in out:
            out.append(lv)
    return out


@lru_cache(maxsize=16384)
def unit_level(name: str) -> str | None:
    """The level of the administrative unit a name opens with ("xã A" → commune, "các thôn" → village).
    Remembered: a name is asked again for every change and level that names it."""
    low = " ".join(_words(name, 5))
    for p in ("các ", "những "):
        if low.startswith(p):
            low = low[len(p):]
    if low.startswith("xã hội"):
        return None
    for lv in ("village", "commune", "district"):
        for w in vocab.unit_words(lv):
            if low == w or low.startswith(w + " "):
                return lv
    return None


def village(name: str) -> bool:
    """A village-level unit: thôn, tổ dân phố, khóm, ấp, xóm, bản, buôn, làng, khối (a numbered or
    named khối, or a bare one in a list of units); a craft village (làng nghề) is no unit."""
    w = _words(name)
    if w[:1] and w[0] in _PLURAL_WORDS:
        w = w[1:]
    if unit_level(name) == "village":
        return w[1:2] not in (["nghề"], ["bán"], ["lậu"])
    return w[:1] == ["khối"] and (len(w) == 1 or w[1][:1].isdigit() or w[1][:1] in "abcdefghijklmnopqrstuvwxyzđ")


def _central(f: str) -> bool:
    """A folded name of a central body: "Ban Tổ chức Trung ương", "4 đảng bộ trực thuộc Trung ương" —
    not a province run from the centre ("thành phố / thành ủy trực thuộc Trung ương")."""
    at = f.find("trung uong")
    if at < 0:
        return False
    before = f[:at].split()[-3:]
    return not (before[-2:] == ["truc", "thuoc"] and any(w in ("tinh", "pho", "uy") for w in before[:1]))


def level_from_names(names: list[str]) -> str | None:
    """Level read off the names: units (xã, thôn), owner words (Tỉnh ủy, huyện), head types (Sở, Phòng)."""
    return _level_from_names(tuple(names))


@lru_cache(maxsize=16384)
def _level_from_names(names: tuple[str, ...]) -> str | None:
    """:func:`level_from_names`, remembered (each change asks it of its inputs, its surfaces, its result)."""
    found: list[str] = []
    for n in names:
        f = fold(n)
        if (n.startswith(("Bộ ", "Chính phủ")) and not f.startswith(("bo phan", "bo chi huy"))) or _central(f):
            found.append("central")  # a ministry, the Government, a central party board
            continue
        words = [w.strip(",.;:()") for w in f.split()]
        unit = unit_level(n)
        if village(n):
            found.append("village")
        elif unit == "commune":
            found.append("commune")
        elif f.startswith("thi xa ") or _unplural(f).startswith(("truong mam non", "truong tieu hoc",
                                                                   "truong trung hoc co so")):
            found.append("district")  # a town is a district-level unit; these schools belong to the district
        elif "tinh" in words or "tinh uy" in f:
            found.append("province")
        elif "huyen" in words or "huyen uy" in f:
            found.append("district")
        elif words[:1] == ["so"]:
            found.append("province")
        elif words[:1] == ["phong"] and len(words) > 1 and words[1] != "kham":
            found.append("district")
    if not found:
        return None
    # the most local level named wins: "xã A vào thị trấn B của huyện C" is a commune change
    return max(found, key=vocab.LEVELS_ORDER.index) if any(x in ("village", "commune") for x in found) else found[0]


_UP = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
PLACE_NAME = rf"[{_UP}]\w*(?:(?:\s+|-)[{_UP}\d]\w*)*"
UNIT_WORD = _UNITS
_PLACES = re.compile(
    NB + r"(?:ở|tại)\s+(?:(?:các|\d+)\s+)?(" + UNIT_WORD + r")"
    r"(?:\s+" + vocab.phrase_alternation("area-kind") + r")?\s+(" + PLACE_NAME
    + r"(?:(?:\s*,\s*|\s+và\s+)(?:" + UNIT_WORD + r"\s+)?" + PLACE_NAME + r")*)")
PLACE_SEP = vocab.pattern("place-sep")
# "đối với huyện Phú Quý", "tại xã An Bình": a place a heading or parent paragraph names
_PLACE_AT = vocab.pattern("place-at")
_PAREN_SCOPE = vocab.pattern("paren-scope")
_SCOPE = vocab.pattern("scope")
# "6. Ủy ban nhân dân xã, phường": a section addressed to the committees of one level's units
_COMMITTEES_OF = vocab.pattern("committees-of")


@lru_cache(maxsize=4096)
def level_hint_of(text: str) -> str | None:
    """A level a heading or parent paragraph sets for what it introduces (explicit words only). Remembered:
    the walk asks it of a block's words, and again of the same words as an ancestor's."""
    lv = levels_in(text)
    if len(lv) == 1:
        return lv[0]
    at = {m.group("unit") for m in _PLACE_AT.finditer(text)}
    if "huyện" in at:
        return "district"
    if at:
        return "commune"
    m = _COMMITTEES_OF.match(text)
    return unit_level(m.group("unit")) if m else None


def places(text: str) -> str | None:
    """"tại các huyện A, B và C", "tại xã A và xã B" → "huyện A, huyện B, huyện C" (each with its unit word)."""
    m = _PLACES.search(text)
    if not m:
        return None
    unit = " ".join(m.group(1).split())
    out = []
    for part in PLACE_SEP.split(m.group(2)):
        own = any(" ".join(part.split()[:n]) in _LOCAL_UNITS for n in (1, 2)) and len(part.split()) > 1
        out.append(part if own else f"{unit} {part}")
    return ", ".join(out)


def scope_of(text: str) -> str | None:
    """Where a change applies when narrower than its level."""
    m = _PAREN_SCOPE.search(text)
    if m:
        return m.group(1).strip()
    p = places(text)
    if p:
        return p
    m = _SCOPE.search(text)
    return m.group("where").strip() if m else None


def place_scope(text: str) -> str | None:
    """A district a heading or parent paragraph names ("Đối với huyện Phú Quý")."""
    m = next((m for m in _PLACE_AT.finditer(text) if m.group("unit") == "huyện" and m.group("at") != "ở"), None)
    return f"huyện {m.group('name')}" if m else None


# ---------------------------------------------------------------- list grammar


def split_list(s: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Split s[lo:hi] into bodies: (start, end, head prefix to add).

    ", " and " và " separate bodies only when a body name follows ("Sở Thông tin và Truyền
    thông" stays whole); " với " always separates. A short bare complement after a generic
    head shares it: "cơ quan Đảng và chính quyền" → cơ quan Đảng, cơ quan chính quyền.
    """
    items: list[tuple[int, int, str]] = []
    start, prefix = lo, ""
    for m in top_splits(s, _LIST_SEP, lo, hi):
        right = s[m.end():hi]
        left = s[start:m.start()]
        sep = m.group().strip()
        nxt = _LIST_SEP.split(right.split(";", 1)[0], maxsplit=1)[0]
        split = False
        if right[:4].lower() == "cấp ":  # "cấp huyện, cấp xã": levels, not bodies
            continue
        if _units_of(left) and " ".join(nxt.lower().split()) in _LOCAL_UNITS:
            continue  # "Trung tâm … các huyện, thành phố": the kinds of unit that own it, one name
        if sep == "với":
            split = True
        lf = _unplural(fold(left))
        head = next((h for h in GENERIC_HEADS if lf.startswith(h + " ")), None)
        if is_head(right) and not (head and bare_head(nxt)):
            split = not _joint_office(left, right)
        else:
            # a bare head word after a generic head shares it too: "cơ quan Đảng và chính quyền"
            if head and len(nxt.split()) <= 2:
                items.append((start, m.start(), prefix))
                words = left.split()
                if words and words[0].lower() in ("các", "những"):
                    words = words[1:]
                elif words[:2] and " ".join(words[:2]).lower() == "một số":
                    words = words[2:]
                start, prefix = m.end(), " ".join(words[:2])
                continue
        if split:
            items.append((start, m.start(), prefix))
            start, prefix = m.end(), ""
    items.append((start, hi, prefix))
    return [(a, b, p) for a, b, p in items if s[a:b].strip()]


_ELECTED = ("doan dai bieu quoc hoi", "doan dbqh", "hoi dong nhan dan", "hdnd")
_OFFICE_OWNERS = ("hoi dong nhan dan", "hdnd", "uy ban nhan dan", "ubnd")


def _joint_office(left: str, right: str) -> bool:
    """"Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "Văn phòng HĐND và UBND huyện": one
    office serving an elected body and the body after 'và', not two bodies."""
    lf, rf = fold(left), fold(right)
    return lf.startswith("van phong ") and (lf[len("van phong "):].startswith(_ELECTED) or "hoi dong nhan dan" in lf) \
        and rf.startswith(_OFFICE_OWNERS)


def _units_of(left: str) -> bool:
    """Does the text end in "các huyện" / "những xã" (the kinds of unit that own a body)?"""
    w = left.lower().split()
    return any(len(w) > n and w[-n - 1] in _PLURAL_WORDS and " ".join(w[-n:]) in _LOCAL_UNITS for n in (1, 2))


def cut(s: str, lo: int, hi: int) -> int:
    """End of the object phrase that starts at ``lo``: the first stop word outside parentheses."""
    ms = top_splits(s, _STOPS, lo, hi)
    return ms[0].start() if ms else hi


def mention(sent: str, a: int, b: int, base: int, prefix: str = "", *,
            keep_level: bool = False) -> AgencyMention | None:
    surface = sent[a:b].strip(" ,;.:")
    if not surface:
        return None
    a = sent.index(surface, a)
    name = clean_name((prefix + " " if prefix else "") + surface, keep_level=keep_level)
    if not name:
        return None
    f = fold(name)
    kind = "agency"
    if POST_RE.match(name):
        kind = "post"
    elif (unit_level(name) == "commune" or _unplural(f).startswith("don vi hanh chinh") or village(name)) \
            and not f.startswith("xa hoi"):
        kind = "unit"
    return AgencyMention(surface=surface, name=name, start=base + a, end=base + a + len(surface),
                         collective=f.startswith(("cac ", "nhung ")), kind=kind)


_OWNED = vocab.phrase(words="thuộc|trực thuộc", lead="", trail=r"\s")


def bodies(sent: str, lo: int, hi: int, base: int, *, keep_level: bool = False) -> list[AgencyMention]:
    """The bodies of a list; a bare head word ("phòng, chi cục") names no body and is left out,
    except a class named with a capital after "các" ("các Hội")."""
    out = []
    for a, b, p in split_list(sent, lo, hi):
        m = mention(sent, a, b, base, p, keep_level=keep_level)
        if m and _OWNED.match(m.name):
            break  # "các cơ quan, tổ chức thuộc Hội đồng nhân dân, Ủy ban nhân dân": the rest names the owners
        if not m or not is_head(m.name):
            continue
        if bare_head(m.name) and m.kind != "unit" and not _capital_class(m.surface):
            continue
        out.append(m)
    return out


def _capital_class(surface: str) -> bool:
    words = surface.split()
    return len(words) > 1 and words[0].lower() in ("các", "những") and words[1][:1].isupper()


def first_head(sent: str, lo: int, hi: int, max_words: int = 6) -> int | None:
    """Where the first body name starts after ``lo`` (skipping a few words like "tăng quy mô")."""
    pos, seen = lo, 0
    while pos < hi and seen < max_words:
        while pos < hi and sent[pos].isspace():
            pos += 1
        if pos >= hi:
            break
        if is_head(sent[pos:hi]):
            return pos
        while pos < hi and not sent[pos].isspace():
            pos += 1
        seen += 1
    return None


def unique(ms: list[AgencyMention]) -> list[AgencyMention]:
    seen, out = set(), []
    for m in ms:
        k = fold(m.name)
        if k not in seen:
            seen.add(k)
            out.append(m)
    return out


def name_key(name: str) -> str:
    """A name compared without 'các'/'những'."""
    return _unplural(fold(name))
