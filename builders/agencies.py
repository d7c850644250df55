"""Agencies named in plan text: list splitting, abbreviation expansion and full names.

Plans name responsible bodies in lists ("Ban Tổ chức Tỉnh ủy và Sở Nội vụ",
"Sở Nội vụ; các cơ quan liên quan") whose separators also occur *inside* names
("Sở Thông tin và Truyền thông", "Ban Thường vụ các huyện, thị, thành ủy",
"Ủy ban nhân dân huyện, thành phố"). A list is therefore split on ";" always, but on ","
and "và" only where the next words start a new body (a head word such as Sở, Ban,
Ủy ban, Văn phòng …); bare generic nouns ("cơ quan", "đảng ủy") after a comma stay with the
collective they extend ("Các địa phương, cơ quan, đơn vị").
"""

from __future__ import annotations

import re
import unicodedata

from tinhgon.builders import lexicon
from tinhgon.builders.model import AgencyMention
from tinhgon.text import modern_tones

# Abbreviation → full form, from the lexicon (builders/data/lexicon/abbreviations.tsv), tried in
# file order. Word-bounded ('&' belongs to the token), case-sensitive: the abbreviations are capitals.
_ABBR_RES = [
    (re.compile(r"(?<![\w&])" + lexicon.cell_pattern(row["abbreviation"]) + r"(?![\w&])"), row["full"])
    for row in lexicon.rows("abbreviations")
]

# Words that open the name of a body: a list item starting with one is a new body.
_HEAD = (
    r"(?:Ủy\s+ban|Uỷ\s+ban|UBND|UBMTTQ\w*|HĐND|Hội\s+đồng|Sở|Ban|Văn\s+phòng|VP|Đảng\s+ủy|Đảng\s+uỷ|"
    r"Đảng\s+đoàn|Đảng\s+bộ|Phòng|Trung\s+tâm|Báo|Đài|Thanh\s+tra|Bộ|Tỉnh\s+ủy|Tỉnh\s+uỷ|Huyện\s+ủy|"
    r"Thành\s+ủy|Thị\s+ủy|Thường\s+trực|Mặt\s+trận|MTTQ|Tỉnh\s+[Đđ]oàn|Đoàn|Cấp\s+ủy|Bệnh\s+viện|Chi\s+cục|"
    r"Công\s+an|Tòa\s+án|Toà\s+án|Viện|Kho\s+bạc|Cục|Liên\s+đoàn|Hội|Quỹ|Công\s+ty|Ngân\s+hàng|Kiểm\s+toán|"
    r"Bộ\s+Chỉ\s+huy|Chủ\s+tịch|Giám\s+đốc|Trưởng|Người\s+đứng\s+đầu|Cơ\s+quan|Các|Những|Từng|"
    r"Bảo\s+hiểm\s+xã\s+hội|Trường|Học\s+viện|Đại\s+học|Liên\s+minh|Chi\s+nhánh|Bảo\s+tàng|Thư\s+viện|"
    r"Nhà\s+xuất\s+bản|Hải\s+quan|Tổng\s+cục|Tạp\s+chí|Thủ\s+trưởng|Huyện\s+đoàn|Thành\s+đoàn|Thị\s+đoàn|"
    r"ban|đảng\s+đoàn|đảng\s+ủy|đảng\s+uỷ|cơ\s+quan|đoàn\s+thể|cấp\s+ủy|tổ\s+chức|sở|ủy\s+ban|uỷ\s+ban|"
    r"văn\s+phòng|phòng|các|những)\b"
)
_HEAD_RE = re.compile(r"\s*" + _HEAD)
# A bare generic noun after a comma extends the collective before it ("các cơ quan, đơn vị").
_BARE = re.compile(
    r"\s*(?:cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|ngành|sở|ban|đảng\s+[uủ]ỷ?|đảng\s+ủy|đoàn\s+thể|"
    r"thành\s+ủy|thị\s+ủy|huyện\s+ủy|cấp|lĩnh\s+vực)"
    # a qualifier shared by the whole list: "các phòng, ban, ngành, đoàn thể cấp huyện"
    r"(?:\s+(?:cấp\s+(?:tỉnh|huyện|xã)|các\s+cấp|(?:có\s+)?liên\s+quan|tỉnh|huyện|xã))?[\s.;:,]*$",
    re.IGNORECASE,
)
_GENERIC_LIST = re.compile(
    r"^(?:sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|cấp\s+ủy|chính\s+quyền|đoàn\s+thể)\s*,", re.IGNORECASE)
_PLURAL = re.compile(r"^\s*(các|những|từng)\s+", re.IGNORECASE)
# Qualifiers that are not part of a body's name.
_TRAILING = re.compile(
    r"(?:\s*\([^()]*\)|\s+theo\s+(?:quy\s+định|quy\s+chế[^,;]*|thẩm\s+quyền|chức\s+năng[^,;]*)|"
    r"\s+quyết\s+định|\s+cho\s+ý\s+kiến|\s+thẩm\s+định|\s+khác|\s+là\s+(?:cơ\s+quan|đơn\s+vị)\b[^,;]*|"
    r"\s+v\.\s?v\.?|\s*\.\.\.|…|[\s.;:,/]+)$",
    re.IGNORECASE,
)
_PARTY_PROVINCE = re.compile(r"(\bTỉnh\s+ủy)\s+[A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*)*$")
_PROVINCE = re.compile(r"\s+tỉnh\s+(?:[A-ZĐ][\wÀ-ỹ]*)(?:\s+[A-ZĐ][\wÀ-ỹ]*)*$")
_OWNER = re.compile(r"\s((?:Tỉnh|Huyện|Thành|Thị)\s+ủy(?:\s+[A-ZĐ]\w*)*|Quốc\s+hội)$")
_BARE_LOCAL = re.compile(r"^(?:Đảng\s+ủy|Ủy\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân|Chi\s+bộ|Ủy\s+ban\s+Mặt\s+trận"
                         r"\s+Tổ\s+quốc(?:\s+Việt\s+Nam)?)$")
_LOCALITY = re.compile(r"\s((?:các\s+)?(?:xã|phường|thị\s+trấn|huyện|thị\s+xã|thành\s+phố|tỉnh)\b.*)$")
_TITLE_ONLY = re.compile(r"^(?:Ban\s+Thường\s+vụ|Thường\s+trực|Ban\s+Chấp\s+hành|Ủy\s+ban\s+Kiểm\s+tra)$")
_POST = re.compile(r"^(?:Trưởng|Phó|Chủ\s+tịch|Bí\s+thư|Giám\s+đốc|Người\s+đứng\s+đầu)\b", re.IGNORECASE)
_UNIT = re.compile(r"^(?i:xã|phường|thị\s+trấn|thôn|ấp|khóm|huyện|thị\s+xã|thành\s+phố)\s+[A-ZĐ]")
# Generic local levels: "Ủy ban nhân dân huyện, thành phố", "Cấp ủy cấp huyện".
_LEVEL_COLLECTIVE = re.compile(
    r"\b(?:huyện|xã|phường|thị)\s*,\s*(?:thị|thành|thị\s+xã|thành\s+phố|thị\s+trấn)\b|\bcấp\s+(?:huyện|xã|tỉnh)\s*$|"
    r"\bcác\s+cấp\b|\bcác\s+(?:xã|phường|thị\s+trấn|huyện|thị\s+xã|thành\s+phố|thôn|xóm|tổ\s+dân\s+phố)\b",
    re.IGNORECASE,
)


def expand_abbreviations(s: str) -> str:
    """Spell out the abbreviations plans use for bodies (UBND → Ủy ban nhân dân …)."""
    s = unicodedata.normalize("NFC", s)
    for rx, full in _ABBR_RES:
        s = rx.sub(full, s)
    return s


def agency_name(surface: str) -> str:
    """Full form of one body: abbreviations expanded, modern tones, province implicit, no qualifiers."""
    s = modern_tones(expand_abbreviations(surface))
    s = re.sub(r"\s+", " ", s).strip(" \t-–+.;:,")
    s = re.sub(r"^(các|những)\s+\1\s+", r"\1 ", s, flags=re.IGNORECASE)  # "Các các cơ quan"
    prev = None
    while prev != s:
        prev = s
        s = _TRAILING.sub("", s).strip()
    s = _PROVINCE.sub(" tỉnh", s)
    s = _PARTY_PROVINCE.sub(r"\1", s)  # "Ban Tổ chức Tỉnh ủy Nghệ An" → "Ban Tổ chức Tỉnh ủy"
    if re.match(r"^Sở\s", s) and s.endswith(" tỉnh"):
        s = s[: -len(" tỉnh")]
    if s[:1].islower():
        s = s[0].upper() + s[1:]
    return s


def is_collective(name: str) -> bool:
    """A class of bodies rather than one: "Các cơ quan, đơn vị", "Ủy ban nhân dân huyện, thành phố"."""
    n = name.strip()
    if _PLURAL.match(n) or re.search(r"\s(?:các|những)\s+\w+(?:\s+\w+)?\s*,", n):
        return True
    if _GENERIC_LIST.match(n):
        return True  # "Sở, ban, ngành, địa phương": a list of kinds of body, not one body
    return bool(_LEVEL_COLLECTIVE.search(n))


def _kind(name: str) -> str:
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


_SEP = re.compile(r",|\s+và\s+|\s+cùng\s+")
# One office serving several bodies: "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng HĐND và UBND".
_JOINT_OFFICE = re.compile(
    r"(?:^|[;,]\s*|\s+và\s+)Văn\s+phòng\s+(?:Đoàn\s+(?:ĐBQH|ĐB\s+QH|Đại\s+biểu\s+Quốc\s+hội)|HĐND|"
    r"Hội\s+đồng\s+nhân\s+dân)(?:(?:\s*,\s*|\s+và\s+)(?:HĐND|Hội\s+đồng\s+nhân\s+dân))?\s*$"
)
_JOINT_PART = re.compile(r"\s*(?:HĐND|UBND|Hội\s+đồng\s+nhân\s+dân|Ủy\s+ban\s+nhân\s+dân)\b")


def _split_part(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split one ';' part on ',' / 'và' where a new body starts."""
    cuts: list[tuple[int, int]] = []  # separator spans
    depth = 0
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
        if not _HEAD_RE.match(nxt):
            continue
        if _BARE.match(nxt) and m.group().strip() == ",":
            continue  # "các địa phương, cơ quan, đơn vị"
        before = text[cuts[-1][1] if cuts else a:s]
        # "… thuộc và trực thuộc Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện": objects of "thuộc"
        if re.search(r"\b(?:thuộc|của)\s+[^,;]*$", before) and not re.search(r"\bvà\s+$", before) \
                and m.group().strip() in (",", "và") and re.search(r"\bthuộc\b", before) \
                and not _PLURAL.match(nxt):  # "…trực thuộc Huyện ủy, các phòng, ban": a new collective
            continue
        if m.group().strip() == "và" and re.search(r"\bthuộc\s*$", before):
            continue
        if _JOINT_OFFICE.search(text[a:s]) and _JOINT_PART.match(nxt):
            continue  # "Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh" is one office
        cuts.append((s, e))
    spans, start = [], a
    for s, e in cuts:
        spans.append((start, s))
        start = e
    spans.append((start, b))
    return spans


# "các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư", "các Ban Tổ chức, Tuyên giáo, Dân vận Tỉnh ủy": one head
# word over a list of capitalised names (a lower-case "các sở, ban, ngành" is a collective instead).
_ELLIPSIS = re.compile(
    r"\s*(?:các|Các|những|Những)\s+(Sở|Ban|Phòng|Hội|Trung\s+tâm|Đảng\s+ủy|Chi\s+cục|Cục|Đài|Báo)\s*(?::\s*|\s+)"
    r"(?=(?-i:[A-ZĐ]))"
)
# "và" inside a department's name, not between two names.
_AND_IN_NAME = re.compile(
    r"\s+và\s+(?=(?:Đầu\s+tư|Môi\s+trường|Truyền\s+thông|Đào\s+tạo|Công\s+nghệ|Phát\s+triển\s+nông\s+thôn|"
    r"Xã\s+hội|Du\s+lịch|Thông\s+tin|Chăm\s+sóc|Thể\s+thao|Hạ\s+tầng|Kế\s+hoạch)\b)"
)
_SHARED_OWNER = re.compile(r"\s((?:Tỉnh|Huyện|Thành|Thị)\s+ủy|tỉnh|huyện|thành\s+phố|thị\s+xã)$")


def _elliptical(text: str, a: int, b: int, offset: int) -> tuple[list[AgencyMention], int] | None:
    """Bodies of an elliptical list, and where the text after the list resumes (or None)."""
    m = _ELLIPSIS.match(text, a, b)
    if not m:
        return None
    head = m.group(1)
    items: list[tuple[int, int]] = []
    pos, resume = m.end(), b
    for sep in re.finditer(r",|\s+và\s+", text[:b]):
        if sep.start() < pos:
            continue
        if sep.group().strip() == "và" and _AND_IN_NAME.match(text, sep.start()):
            continue
        if text[pos:sep.start()].strip() == "Văn hóa" and text.startswith(" Thể thao", sep.end()):
            continue  # "Văn hóa, Thể thao và Du lịch"
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
            raw = text[s:e]
            lead = len(raw) - len(raw.lstrip(" \t-–+:"))
            raw_s = raw.strip(" \t-–+:.,")
            if not raw_s:
                continue
            ss = s + lead
            name = agency_name(raw_s)
            if not name or not re.search(r"\w", name):
                continue
            m = _PLURAL.match(raw_s)
            if m and not group:
                plural = m.group(1)
            elif plural and not m and raw_s[:1].islower():
                name = "Các " + name[0].lower() + name[1:]
            group.append(AgencyMention(surface=raw_s, name=name, start=offset + ss, end=offset + ss + len(raw_s),
                                       collective=is_collective(name), kind=_kind(name)))
        out.extend(group)
    # "Ban Thường vụ; Thường trực Tỉnh ủy": a title without its owner takes the next body's owner.
    for i, mnt in enumerate(out[:-1]):
        if _TITLE_ONLY.match(mnt.name):
            om = _OWNER.search(out[i + 1].name)
            if om:
                mnt.name = f"{mnt.name} {om.group(1)}"
        # "Đảng ủy, UBND các xã, thị trấn": a bare local body shares the next one's localities
        elif _BARE_LOCAL.match(mnt.name):
            lm = _LOCALITY.search(out[i + 1].name)
            if lm and out[i + 1].start - mnt.end <= 3:
                mnt.name = f"{mnt.name} {lm.group(1)}"
                mnt.collective = mnt.collective or is_collective(mnt.name)
    return out


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    if family == "abbreviations":
        out = expand_abbreviations(row["example"])
        if row["full"] not in out:
            return f"{row.where}: expanding the example gives {out!r}, without {row['full']!r}"
        return None
    return f"{row.where}: agencies has no check for family {family!r}"
