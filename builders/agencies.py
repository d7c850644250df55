"""Agencies named in plan text: list splitting, abbreviation expansion and full names.

Plans name responsible bodies in lists ("Ban Tổ chức Tỉnh ủy và Sở Nội vụ",
"Sở Nội vụ; các cơ quan liên quan") whose separators also occur *inside* names
("Sở Thông tin và Truyền thông", "Ban Thường vụ các huyện, thị, thành ủy",
"Ủy ban nhân dân huyện, thành phố"). A list is therefore split on ";" always, but on ","
and "và" only where the next words start a new body (a head word such as Sở, Ban,
Ủy ban, Văn phòng …); bare generic nouns ("cơ quan", "đảng ủy") after a comma stay with the
collective they extend ("Các địa phương, cơ quan, đơn vị").

The words are the lexicon's (builders/data/lexicon/): head words (agency_heads), plurals and common
nouns (collectives), abbreviations, the list grammar's phrase patterns (agencies_phrases: qualifiers,
province and owner tails, separators, joint offices) and the bodies named bare that borrow words from
the next one (agencies_organs). The code is the grammar that puts them together.
"""

from __future__ import annotations

import re
import unicodedata

from tinhgon.builders import lexicon
from tinhgon.builders.model import AgencyMention
from tinhgon.text import TONE_MOVES, modern_tones

# Abbreviation → full form, from the lexicon (builders/data/lexicon/abbreviations.tsv), the longest
# first. Word-bounded ('&' belongs to the token), case-sensitive: the abbreviations are capitals.
_ABBR = lexicon.compile_alternation("abbreviations", "abbreviation", bound=False, before=r"(?<![\w&])",
                                    after=r"(?![\w&])")
_FULL = lexicon.table("abbreviations", "abbreviation", "full")
# The phrase patterns of the list grammar (agencies_phrases.tsv) and the bodies named bare in a list
# that take words from the next one (agencies_organs.tsv).
_P = lexicon.patterns("agencies_phrases")
_TITLES = frozenset(r["name"] for r in lexicon.rows("agencies_organs", kind="title"))
_BARE_LOCAL = frozenset(r["name"] for r in lexicon.rows("agencies_organs", kind="local"))


def _tones(pattern: str) -> str:
    """A pattern that also matches the old tone placement ("Ủy" → "Ủy|Uỷ", "Tòa" → "Tòa|Toà")."""
    for old, new in TONE_MOVES:
        for o, n in ((old, new), (old[0].upper() + old[1:], new[0].upper() + new[1:])):
            pattern = pattern.replace(n, f"(?:{n}|{o})")
    return pattern


def _word(w: str) -> str:
    return _tones(r"\s+".join(map(re.escape, w.split())))


def _alt(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(set(words), key=lambda a: (-len(a), a))) + ")"


def _head_alternatives(kinds: tuple[str, ...], lower: bool, *, capital_only: bool = False) -> list[str]:
    """Each head word of ``kinds`` as a regex fragment: capitalised, also lower case where the row says
    'any' (or always with ``lower``), guarded by the row's 'not_then' words."""
    out = []
    for row in lexicon.rows("agency_heads"):
        if row["kind"] not in kinds:
            continue
        guard = "".join(rf"(?!\s+{_word(w)}(?!\w))" for w in row.words("not_then"))
        for w in row.words("head"):
            forms = {w[0].upper() + w[1:]}
            if row["case"] == "always" or ((lower or row["case"] == "any") and not capital_only):
                forms.add(w[0].lower() + w[1:])
            out.extend(_word(f) + guard for f in forms)
    return out


def _abbreviated_heads() -> list[str]:
    """Abbreviations whose full form opens with a head word: UBND, HĐND, VP, MTTQ, BCĐ …"""
    heads = re.compile(_alt(_head_alternatives(("body", "party", "post", "generic"), False)) + r"(?!\w)")
    out = []
    for row in lexicon.rows("abbreviations"):
        if heads.match(row["full"]):
            out.extend(r"\s+".join(map(re.escape, a.split())) + r"(?![\w&])" for a in row.words("abbreviation"))
    return out


def _collective_words(kind: str) -> list[str]:
    return [_word(w) for r in lexicon.rows("collectives", kind=kind) for w in r.words("word")]


_QUANT = _alt([_word(w[0].upper() + w[1:]) for w in (x for r in lexicon.rows("collectives", kind="quantifier")
                                                      for x in r.words("word"))] + _collective_words("quantifier"))
_GENERIC = _alt(_collective_words("generic"))
_UNITS = _alt(_collective_words("unit"))
_NAMED_HEADS = _alt(_head_alternatives(("body", "party", "post", "generic"), False) + _abbreviated_heads())
# Words that open the name of a body in a list: a list item starting with one is a new body.
_OPENING = _alt([_word(w) for r in lexicon.rows("collectives", kind="generic", opens="yes") for w in r.words("word")])
_HEAD = r"(?:" + _NAMED_HEADS + "|" + _QUANT + "|" + _OPENING + r")(?!\w)"
_HEAD_RE = re.compile(r"\s*" + _HEAD)
# A body's name opening here, as the subject of a sentence: a head word, or a plural over a common noun
# ("các sở, ban, ngành", "các xã", "Từng cơ quan").
BODY_START = re.compile(
    r"\s*(?:" + _QUANT + r"\s+)?(?:" + _NAMED_HEADS + "|" + _GENERIC + "|" + _UNITS + r")(?!\w)")
# A named body opening here, capitalised as names are ("trình Ủy ban nhân dân tỉnh"; "đề xuất ban hành" names none).
NAMED_BODY_START = re.compile(
    _alt(_head_alternatives(("body", "party", "post", "generic"), False, capital_only=True) + _abbreviated_heads())
    + r"(?!\w)")
# A bare generic noun after a comma extends the collective before it ("các cơ quan, đơn vị"), with a
# qualifier shared by the whole list ("các phòng, ban, ngành, đoàn thể cấp huyện").
_BARE = re.compile(
    r"\s*" + _GENERIC + r"(?:\s+(?:" + _alt(_collective_words("level") + _collective_words("qualifier"))
    + r"|tỉnh|thành\s+phố|huyện|xã))?[\s.;:,]*$", re.IGNORECASE)
# Head nouns with no name after them ("Sở", "cơ quan, ban, ngành"): every body of those kinds.
_BARE_KINDS = re.compile(r"(?i:" + _alt(_head_alternatives(("body", "generic"), True) + _collective_words("generic"))
                         + r")(?:\s*,\s*(?i:" + _alt(_collective_words("generic")) + r"))*")
_BARE_NOUN = re.compile(r"\s*" + _GENERIC + r"\s*$", re.IGNORECASE)  # a common noun alone: "cơ quan"
_GENERIC_LIST = re.compile(r"^" + _GENERIC + r"\s*,", re.IGNORECASE)
_PLURAL = re.compile(r"^\s*(" + _QUANT + r")\s+")
# Qualifiers that are not part of a body's name.
_TRAILING = _P["trailing"]
_POSTS = _alt(_head_alternatives(("post",), False, capital_only=True))
_POST = re.compile(r"^(?:Phó\s+)?" + _POSTS + r"(?!\w)", re.IGNORECASE)
_UNIT = re.compile(r"^(?i:" + _UNITS + r")\s+[A-ZĐ]")
# Generic local levels: "Ủy ban nhân dân huyện, thành phố", "Cấp ủy cấp huyện", "các xã", "các cấp".
_SHORT_UNIT = r"(?:" + _UNITS + r"|thị|thành)"
_LEVEL_COLLECTIVE = re.compile(
    r"(?<!\w)" + _SHORT_UNIT + r"\s*,\s*" + _SHORT_UNIT + r"(?!\w)|"
    r"(?<!\w)" + _alt(_collective_words("level")) + r"\s*$|"
    r"(?<!\w)các\s+cấp(?!\w)|(?<!\w)các\s+" + _UNITS + r"(?!\w)",
    re.IGNORECASE,
)


# Print marks that are no part of a name: emphasis, quotes, footnote markers (each read as a space).
_MARKS = str.maketrans(dict.fromkeys("*_\"“”⁽⁾¹²³⁴⁵⁶⁷⁸⁹⁰", " "))


def expand_abbreviations(s: str) -> str:
    """Spell out the abbreviations plans use for bodies (UBND → Ủy ban nhân dân …)."""
    return _ABBR.sub(lambda m: _FULL[" ".join(m.group().split())], unicodedata.normalize("NFC", s))


def agency_name(surface: str) -> str:
    """Full form of one body: abbreviations expanded, modern tones, province implicit, no qualifiers."""
    s = _P["joined_offices"].sub(" và ", surface.translate(_MARKS))  # "Văn phòng HĐND-UBND tỉnh"
    s = " ".join(modern_tones(expand_abbreviations(s)).split()).strip(" \t-–+.;:,")
    s = _P["doubled_plural"].sub(r"\1 ", s)  # "Các các cơ quan"
    prev = None
    while prev != s:
        prev = s
        s = _TRAILING.sub("", s).strip()
    s = _P["province"].sub(" tỉnh", s)
    s = _P["party_province"].sub(r"\1", s)  # "Ban Tổ chức Tỉnh ủy Nghệ An" → "Ban Tổ chức Tỉnh ủy"
    if s.startswith("Sở ") and s.endswith(" tỉnh"):
        s = s[: -len(" tỉnh")]
    if s[:1].islower():
        s = s[0].upper() + s[1:]
    return s


def named_province(surface: str) -> str | None:
    """The province words a local body's name carries as printed, which ``agency_name`` leaves
    implicit: "UBND tỉnh Thanh Hóa" → "Thanh Hóa", "Ban Tổ chức Tỉnh ủy Nghệ An" → "Nghệ An";
    None for a name without them ("Ủy ban nhân dân tỉnh") or a class of bodies ("các tỉnh …").
    Whether the words are a province is the gazetteer's to say (resolve asks it)."""
    s = " ".join(modern_tones(expand_abbreviations(surface.translate(_MARKS))).split()).strip(" \t-–+.;:,")
    prev = None
    while prev != s:
        prev = s
        s = _TRAILING.sub("", s).strip()
    if _PLURAL.match(s):
        return None
    m = _P["province"].search(s) or _P["party_province"].search(s)
    if m is None:
        return None
    words = s[m.start():].split()
    return " ".join(words[1:] if words[0] == "tỉnh" else words[2:]) or None


def mention(surface: str, start: int = 0) -> AgencyMention:
    """One body as every extractor records it: the same surface gives the same name (and so the same
    IRI) whether it is a task's role, a change's input or a document's issuer. ``start`` is the
    surface's offset in the source."""
    name = agency_name(surface)
    return AgencyMention(surface=surface, name=name, start=start, end=start + len(surface),
                         collective=is_collective(name), kind=kind_of(name))


def is_collective(name: str) -> bool:
    """A class of bodies rather than one: "Các cơ quan, đơn vị", "Ủy ban nhân dân huyện, thành phố"."""
    n = name.strip()
    if _PLURAL.match(n) or _P["inner_plural"].search(n):
        return True
    if _GENERIC_LIST.match(n) or ("," in n and all(_BARE_KINDS.fullmatch(p.strip()) for p in n.split(","))):
        return True  # "Sở, ban, ngành, địa phương", "Viện, Trường": a list of kinds of body, not one body
    return bool(_LEVEL_COLLECTIVE.search(n))


def opens_a_body(text: str) -> bool:
    """A capitalised name ("Sở Khoa học …") or a plural ("các đơn vị liên quan") opens ``text``: what a
    verb's object must be to count as a body where the verb may also take a task ("phối hợp tổ chức")."""
    return bool(NAMED_BODY_START.match(text) or _PLURAL.match(text))


def names_no_body(text: str) -> bool:
    """A bare common noun ("cơ quan", "đơn vị cấp huyện") that describes a role, not a body:
    "(cơ quan chủ trì và cơ quan phối hợp)" after a body's name says what it is."""
    return bool(_BARE.fullmatch(text.strip()))


def names_only_bodies(text: str) -> bool:
    """Does every item of a list name a body? A named one ("Ủy ban nhân dân các xã, phường") or each
    word of a class ("các sở, ban, ngành, tổ chức chính trị - xã hội") opens with a head or a common
    noun of bodies; "cấp huyện và khung số lượng cấp phó" does not (the words of a clause, not a list)."""
    for m in split_agencies(text):
        parts = [p for p in _SEP.split(m.surface) if p.strip()]
        # after a name's head, a part in capitals is its proper name ("Văn hóa, Thể thao và Du lịch")
        if not all(BODY_START.match(p) or (i and p.lstrip()[:1].isupper()) for i, p in enumerate(parts)):
            return False
    return True


def several_kinds(m: AgencyMention) -> bool:
    """A class named in the plural or as a list of kinds ("Các cấp ủy", "Các sở, ban, ngành"), not one
    body or one body of each unit of a level ("Ủy ban nhân dân cấp tỉnh", "Ủy ban nhân dân các xã,
    phường": one kind of body, the units listed after it): such a subject shares a duty among several
    doers rather than leading it."""
    if not m.collective or _PLURAL.match(m.name):
        return m.collective
    units = _P["locality"].search(m.name)
    return bool(_SEP.search(m.name[: units.start()] if units else m.name))


def kind_of(name: str) -> str:
    """'post' (an office one person holds), 'unit' (an administrative unit) or 'agency'."""
    if _POST.match(name):
        return "post"
    if _UNIT.match(name):
        return "unit"
    return "agency"


def _top_parts(text: str) -> list[tuple[int, int]]:
    """[start, end) of the ';'-separated parts (outside parentheses)."""
    parts, depth, a = [], 0, 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c == ";" and depth == 0:
            parts.append((a, i))
            a = i + 1
    parts.append((a, len(text)))
    return parts


_SEP = _P["separator"]


def _split_part(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split one ';' part on ',' / 'và' where a new body starts."""
    cuts: list[tuple[int, int]] = []  # separator spans
    depth = 0
    prev_end = a  # where the list item before the separator starts
    seg = text[a:b]
    for m in _SEP.finditer(seg):
        s, e = a + m.start(), a + m.end()
        depth = text[a:s].count("(") - text[a:s].count(")")
        if depth > 0:
            continue
        nxt_end = b
        for m2 in _SEP.finditer(text, e, b):
            nxt_end = m2.start()
            break
        nxt = text[e:nxt_end]
        item = text[prev_end:s]
        prev_end = e
        if not _HEAD_RE.match(nxt) and not (m.group().strip() == "và" and _BARE.match(nxt)
                                             and not _BARE_NOUN.match(item)):
            # "Ủy ban nhân dân xã, phường và đơn vị có liên quan": after a named or qualified body, 'và'
            # and a bare common noun open a class of their own ("các cơ quan và đơn vị" goes on)
            continue
        if _BARE.match(nxt) and m.group().strip() == ",":
            continue  # "các địa phương, cơ quan, đơn vị"
        if m.group().strip() == "," and _BARE_KINDS.fullmatch(item.strip()) and _BARE_KINDS.fullmatch(nxt.strip()):
            continue  # "Viện, Trường": head words with no name after them, every body of those kinds
        before = text[cuts[-1][1] if cuts else a:s]
        # "… thuộc và trực thuộc Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện": objects of "thuộc"
        if _P["object_of"].match(before) and m.group().strip() in (",", "và") \
                and not _PLURAL.match(nxt) and not _other_kind(before, nxt):
            # "…trực thuộc Huyện ủy, các phòng, ban": a new collective; "các cơ quan thuộc Chính phủ và Ủy ban
            # nhân dân các tỉnh": a body of another kind than the object is no second object
            continue
        if m.group().strip() == "và" and _P["object_ahead"].search(before):
            continue
        # One office serving several bodies: "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng HĐND và UBND".
        if _P["joint_office"].search(text[a:s]) and _P["joint_part"].match(nxt):
            continue  # "Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh" is one office
        cuts.append((s, e))
    spans, start = [], a
    for s, e in cuts:
        spans.append((start, s))
        start = e
    spans.append((start, b))
    return spans


_OBJECT = re.compile(r"(?<!\w)(?:thuộc|của)\s+(?!.*(?<!\w)(?:thuộc|của)\s)")


def _other_kind(before: str, nxt: str) -> bool:
    """Does ``nxt`` open with another head word than the object of the last 'thuộc'/'của' in ``before``?
    Objects joined by ',' or 'và' are of one kind ("thuộc Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện")."""
    om = _OBJECT.search(before)
    if om is None:
        return False
    a, b = _HEAD_RE.match(before, om.end()), _HEAD_RE.match(nxt)
    return bool(a and b) and _fold_head(a.group()) != _fold_head(b.group())


def _fold_head(h: str) -> str:
    return " ".join(modern_tones(h).lower().split())


# "các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư", "các Ban Tổ chức, Tuyên giáo, Dân vận Tỉnh ủy": one head
# word over a list of capitalised names (a lower-case "các sở, ban, ngành" is a collective instead).
_ELLIPSIS = re.compile(
    r"\s*(?:các|Các|những|Những)\s+(" + _alt(_head_alternatives(("body", "party"), False, capital_only=True))
    + r")\s*(?::\s*|\s+)(?=(?-i:[A-ZĐ]))"
)


def heads_a_list(text: str, colon: int) -> bool:
    """Is the colon at ``colon`` the one of "các Sở: Nội vụ, Tài chính" (a head word over names)?"""
    return any(text.find(":", m.start()) == colon for m in _ELLIPSIS.finditer(text, 0, colon + 3))


# A department's proper name holds 'và' or ',' that separate no bodies ("Kế hoạch và Đầu tư").
_DEPARTMENT = re.compile(_alt([_word(w) for r in lexicon.rows("agency_heads", kind="department")
                               for w in r.words("head")]) + r"(?!\w)")
_SHARED_OWNER = _P["shared_owner"]


def _elliptical(text: str, a: int, b: int, offset: int) -> tuple[list[AgencyMention], int] | None:
    """Bodies of an elliptical list, and where the text after the list resumes (or None)."""
    m = _ELLIPSIS.match(text, a, b)
    if not m:
        return None
    head = m.group(1)
    items: list[tuple[int, int]] = []
    pos, resume = m.end(), b
    for sep in _P["ellipsis_separator"].finditer(text[:b]):
        if sep.start() < pos:
            continue
        dm = _DEPARTMENT.match(text, pos + len(text[pos:sep.start()]) - len(text[pos:sep.start()].lstrip()))
        if dm and dm.end() > sep.start():
            continue  # "Văn hóa, Thể thao và Du lịch", "Kế hoạch và Đầu tư": one department
        if _HEAD_RE.match(text[sep.end():b]):
            items.append((pos, sep.start()))  # a body of its own follows: the list is over
            resume = sep.end()
            break
        items.append((pos, sep.start()))
        pos = sep.end()
    else:
        items.append((pos, b))
        resume = b
    if len(items) < 2 and ":" not in m.group():
        return None  # "Các Ban Đảng Tỉnh ủy": one name, no list
    names = [text[s:e].strip(" .;:") for s, e in items]
    owner = _SHARED_OWNER.search(names[-1]) if len(names) > 1 else None
    out = []
    for (s, e), nm in zip(items, names, strict=True):
        if not nm:
            continue
        if owner and not _SHARED_OWNER.search(nm):
            nm = f"{nm} {owner.group(1)}"
        lead = len(text[s:e]) - len(text[s:e].lstrip())
        surface = text[s + lead:e].strip(" .;:")
        out.append(AgencyMention(surface=surface, name=agency_name(f"{head} {nm}"), start=offset + s + lead,
                                 end=offset + s + lead + len(surface), kind="agency"))
    return out, resume


def split_agencies(text: str, offset: int = 0) -> list[AgencyMention]:
    """Every body named in a list, with offsets (``offset`` + position in ``text``)."""
    out: list[AgencyMention] = []
    for a, b in _top_parts(text):
        ell = _elliptical(text, a, b, offset)
        if ell is not None:
            out.extend(ell[0])
            a = ell[1]
            if not text[a:b].strip(" ,.;"):
                continue
        spans = _split_part(text, a, b)
        plural = None
        group: list[AgencyMention] = []
        for s, e in spans:
            ell = _elliptical(text, s, e, offset)
            if ell is not None and not text[ell[1]:e].strip(" ,.;"):
                group.extend(ell[0])  # "… và các Tập đoàn: A, B, C" further along the list
                continue
            raw = text[s:e]
            lead = len(raw) - len(raw.lstrip(" \t-–+:"))
            raw_s = raw.strip(" \t-–+:.,")
            if not raw_s:
                continue
            ss = s + lead
            name = agency_name(raw_s)
            if not any(c.isalnum() or c == "_" for c in name):
                continue
            m = _PLURAL.match(raw_s)
            if m and not group:
                plural = m.group(1)
            elif not m and raw_s[:1].islower() and (plural or (group and _BARE.fullmatch(raw_s))):
                # "các sở, ngành" and "… và đơn vị có liên quan" after a body: a common noun names a class
                name = "Các " + name[0].lower() + name[1:]
            group.append(AgencyMention(surface=raw_s, name=name, start=offset + ss, end=offset + ss + len(raw_s),
                                       collective=is_collective(name), kind=kind_of(name)))
        out.extend(group)
    out = _holders_to_bodies(out)
    # "Ban Thường vụ; Thường trực Tỉnh ủy": a title without its owner takes the next body's owner.
    for i, mnt in enumerate(out[:-1]):
        if mnt.name in _TITLES:
            om = _P["owner"].search(out[i + 1].name)
            if om:
                mnt.name = f"{mnt.name} {om.group(1)}"
        # "Đảng ủy, UBND các xã, thị trấn": a bare local body shares the next one's localities
        elif mnt.name in _BARE_LOCAL:
            lm = _P["locality"].search(out[i + 1].name)
            if lm and out[i + 1].start - mnt.end <= 3:
                mnt.name = f"{mnt.name} {lm.group(1)}"
                mnt.collective = mnt.collective or is_collective(mnt.name)
    return out


def _holders_to_bodies(ms: list[AgencyMention]) -> list[AgencyMention]:
    """The heads of a class of bodies act as those bodies: "Thủ trưởng các sở, ban, ngành" is
    "Các sở, ban, ngành"; a bare title before the next holder ("Giám đốc, Thủ trưởng các sở") names
    no body of its own. One named office stays as written ("Chủ tịch Ủy ban nhân dân tỉnh")."""
    out: list[AgencyMention] = []
    classes: set[int] = set()  # ids of the collectives made of holders, which the next holders extend
    for i, m in enumerate(ms):
        pm = _POST.match(m.name) if m.kind == "post" else None
        if pm is None:
            out.append(m)
            continue
        rest = m.name[pm.end():].strip()
        if not rest and i + 1 < len(ms) and ms[i + 1].kind == "post":
            continue
        if rest and (_PLURAL.match(rest) or _BARE_KINDS.fullmatch(rest)):
            # "Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành": the heads of every body of those kinds
            kinds = _PLURAL.sub("", rest)
            prev = out[-1] if out and id(out[-1]) in classes else None
            if prev is not None and not _PLURAL.match(rest):
                prev.name = f"{prev.name}, {kinds[0].lower() + kinds[1:]}"
                prev.end = m.end
                continue
            m.name = "Các " + kinds[0].lower() + kinds[1:] if not _PLURAL.match(rest) else rest[0].upper() + rest[1:]
            m.kind, m.collective = kind_of(m.name), True
            classes.add(id(m))
        out.append(m)
    return out


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    if family == "abbreviations":
        out = expand_abbreviations(row["example"])
        if row["full"] not in out:
            return f"{row.where}: expanding the example gives {out!r}, without {row['full']!r}"
        return None
    if family == "agency_heads":
        return _check_head(row)
    if family == "collectives":
        got = split_agencies(row["example"].partition(":")[2])
        words = [w.lower() for w in row.words("word")]
        if len(got) != 1 or not got[0].collective or not any(w in got[0].name.lower() for w in words):
            return f"{row.where}: the example gives {[(m.name, m.collective) for m in got]}, not one collective"
        return None
    if family in ("agencies_phrases", "agencies_organs"):
        text = row.get("input") or row["example"]
        if row["example"] not in text:
            return f"{row.where}: the input does not hold the example {row['example']!r}"
        got = _phrase_effect(row.get("name") if family == "agencies_phrases" else "", text)
        if got != row["gives"]:
            return f"{row.where}: the builder gives {got!r} for {text!r}, not {row['gives']!r}"
        return None
    return f"{row.where}: agencies has no check for family {family!r}"


def _phrase_effect(name: str, text: str) -> str:
    """What the function that reads a phrase row makes of a text: a body's name, whether it names a
    class, or the names a list splits into."""
    if name in ("trailing", "province", "party_province", "joined_offices", "doubled_plural"):
        return agency_name(text)
    if name == "inner_plural":
        return "collective" if is_collective(agency_name(text)) else "one body"
    return " | ".join(m.name for m in split_agencies(text))


def _check_head(row: lexicon.Row) -> str | None:
    got = split_agencies(row["example"])
    if row["kind"] == "department":
        dept = row["head"]
        if not any(dept in m.name for m in got):
            return f"{row.where}: no body of {[m.name for m in got]} keeps the department {dept!r} whole"
        return None
    heads = [modern_tones(h).lower() for h in row.words("head")]
    if not any(i > 0 and any(modern_tones(m.surface).lower().startswith(h) for h in heads) for i, m in enumerate(got)):
        return f"{row.where}: the list splits into {[m.surface for m in got]}, no body opening with {row['head']!r}"
    if row["kind"] == "post" and not any(m.kind == "post" for m in got[1:]):
        return f"{row.where}: {[m.name for m in got]} holds no post"
    if row["proper"] == "yes":
        return _check_proper(row, got[1:], heads)
    return None


def _check_proper(row: lexicon.Row, got: list[AgencyMention], heads: list[str]) -> str | None:
    """A head whose proper part is capitalised: resolve's canonical label restores the capital of the
    word after it when the name is printed in lower case ("Sở nội vụ" → "Sở Nội vụ")."""
    from tinhgon.builders.resolve import canonical_label

    for m in got:
        h = next((h for h in heads if m.name.lower().startswith(h + " ")), None)
        if h is not None:
            p = len(h) + 1
            want = m.name[:p] + m.name[p].upper() + m.name[p + 1:]
            lowered = m.name[:p] + m.name[p].lower() + m.name[p + 1:]
            if canonical_label(lowered) != want:
                return f"{row.where}: the canonical label of {lowered!r} is {canonical_label(lowered)!r}, not {want!r}"
            return None
    return f"{row.where}: no body of {[m.name for m in got]} has a word after the head {row['head']!r}"
