"""Structural changes: mergers, absorptions, dissolutions, transfers, new bodies, reorganisations
and concurrent posts that a plan proposes, orders, pilots, expands, sends up, halts or declines to expand.

Two layers. ``find_changes`` reads one piece of text (an item, a bullet, a table cell) with a
``ChangeContext`` (the section headings above it, level and scope hints, footnotes) and knows
only Vietnamese list grammar and cue words. ``extract_changes`` walks the document structure,
builds each piece's context, and removes restatements (a body bullet repeated by an appendix
row, a parent item summarising the bullets under it).

Why the rules look the way they do (see tests/data/gold/*.json notes):
- a change must name what it changes: class-wide streamlining ("các tổ chức hoạt động không hiệu
  quả", "tổ chức bên trong") and inter-agency bodies (ban chỉ đạo) are left out;
- cue words inside rules, criteria, policies or reviews ("tiêu chí … sáp nhập", "quy định về tiêu
  chuẩn chức danh bí thư đồng thời là …", "sơ kết … kiêm nhiệm") describe no change;
- one change per set of inputs and level: "A với B; C với D thành E" is two, and "cấp tỉnh, cấp
  huyện" is two;
- status comes from the governing words of the sentence first (dừng, không mở rộng, tiến tới,
  nhân rộng, đề án / đề xuất, thí điểm) and then from the section heading (cần xin ý kiến
  Trung ương, nhân rộng, thực hiện ngay) and the page's footnotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tinhgon.builders.model import AgencyMention, Block, Change, Source, Structure, Task
from tinhgon.text import fold

# ---------------------------------------------------------------- vocabulary

_W = r"[^\W\d_]"  # one letter
_NB = rf"(?<!{_W})"  # no letter before
_NA = rf"(?!{_W})"  # no letter after

# Words that open the name of a body, post or administrative unit (matched on folded text).
_HEADS = [
    "van phong", "ban", "so", "phong", "uy ban", "hoi dong", "trung tam", "thanh tra", "dang uy", "dang bo",
    "dang doan", "co quan", "chi cuc", "cuc", "benh vien",
    "truong (?:chinh tri|dai hoc|cao dang|trung cap|mam non|tieu hoc|trung hoc|pho thong|ky thuat|nghe)",
    "doi(?! ngu)", "xom", "buon", "lang(?! nghe)",
    "mat tran", "doan the", "doan", "hoi",
    "to chuc", "don vi", "bo phan", "thon", "to dan pho", "khom", "ap", "xa", "phuong", "thi tran",
    "tinh uy", "huyen uy", "thanh uy", "thi uy", "cau lac bo", "dai", "bao", "vien", "lien doan", "cong an",
    "chi bo", "khoi", "bo(?! phan)", "tong cuc", "huyen", "quan", "thi xa", "thanh pho", "toa an", "kho bac",
]
_HEADS.sort(key=len, reverse=True)
_HEAD_RE = re.compile(r"^(?:cac |nhung |mot so |\d+ )?(?:" + "|".join(_HEADS) + r")(?![a-z])")
_GENERIC_HEADS = {"co quan", "to chuc", "don vi"}

_POST = (r"(?:Phó\s+)?(?:Bí\s+thư|Chủ\s+tịch|Chủ\s+nhiệm|Hiệu\s+trưởng|Tổ\s+trưởng|Chỉ\s+huy\s+trưởng|"
         r"Thủ\s+trưởng|Trưởng\s+(?:ban|phòng|thôn|ấp|khóm|xóm|khối|làng|buôn|khu\s+phố|bản|đoàn)|Trường\s+ban|"
         r"Giám\s+đốc|Chánh\s+(?:Văn\s+phòng|Thanh\s+tra|án)|Người\s+đứng\s+đầu)")
_POST_RE = re.compile(_NB + _POST + _NA, re.IGNORECASE)

_ABBREV = [
    (r"\bUBND\b", "Ủy ban nhân dân"), (r"\bHĐND\b", "Hội đồng nhân dân"), (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
    (r"\bĐBQH\b", "Đại biểu Quốc hội"), (r"\bTQVN\b", "Tổ quốc Việt Nam"), (r"\bTT&TT\b", "Thông tin và Truyền thông"),
    (r"\bTTTT\b", "Thông tin và Truyền thông"), (r"\bVP\b", "Văn phòng"),
]

# Cue words, matched case-insensitively on the flattened text.
_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("merge", re.compile(_NB + r"hợp\s+nhất" + _NA + r"(?!\s+(?:hóa|chức danh))", re.IGNORECASE)),
    ("absorb", re.compile(_NB + r"sáp\s+nhập" + _NA, re.IGNORECASE)),
    ("dissolve", re.compile(_NB + r"giải\s+thể" + _NA, re.IGNORECASE)),
    ("transfer", re.compile(
        _NB + r"chuyển\s+giao" + _NA + r"|" + _NB + r"chuyển\s+(?=(?:một\s+số\s+)?(?:chức\s+năng|nhiệm\s+vụ|bộ\s+phận))"
        + r"|" + _NB + r"chuyển\s+(?=(?-i:[A-ZĐ]))",
        re.IGNORECASE)),
    ("establish", re.compile(_NB + r"thành\s+lập" + _NA, re.IGNORECASE)),
    ("reorganise", re.compile(_NB + r"(?:sắp\s+xếp|tổ\s+chức)\s+lại" + _NA, re.IGNORECASE)),
    ("concurrent-post", re.compile(
        _NB + r"(?:kiêm\s+nhiệm|nhất\s+thể\s+hóa)" + _NA + r"|" + _NB + r"(?:đồng\s+thời(?:\s+là)?|kiêm)" + _NA
        + r"(?!\s+(?:với|nhiệm))",
        re.IGNORECASE)),
    ("served", re.compile(_NB + r"phục\s+vụ\s+chung" + _NA, re.IGNORECASE)),
    ("model", re.compile(
        _NB + r"(?:cơ\s+quan|văn\s+phòng)(?:\s+chuyên\s+trách)?\s+tham\s+mưu,\s*giúp\s+việc\s+chung" + _NA,
        re.IGNORECASE)),
    ("statute", re.compile(r"Quy\s+định\s+chức\s+năng")),
]

# Words before a cue in the same clause that make the cue part of a rule, criterion, policy
# or review rather than a change.
_NOT_A_CHANGE = re.compile(
    r"tiêu\s+chí|tiêu\s+chuẩn|quy\s+chế|quy\s+định\s+(?:về|cụ\s+thể)|chính\s+sách|phụ\s+cấp|kinh\s+phí|"
    r"quá\s+trình|sơ\s+kết|tổng\s+kết|sơ,\s*tổng\s+kết|ban\s+hành|đánh\s+giá|khó\s+khăn|"
    r"ở\s+những\s+(?:nơi|địa\s+phương)\s+thực\s+hiện|(?<!\w)không\s*$|"
    r"(?<!\w)theo\s+(?:các\s+)?(?:đề\s+án|phương\s+án|quyết\s+định)\s*$|(?<!\w)sau(?:\s+khi)?(?:\s+được)?\s*$",
    re.IGNORECASE,
)
# Class-wide targets: the bodies are a class picked by a property, not named.
_CLASS_WIDE = re.compile(
    r"hoạt\s+động\s+(?:không|kém)\s+hiệu\s+quả|trung\s+gian|bên\s+trong|tương\s+ứng|"
    r"(?:các|những)\s+đơn\s+vị\s+sự\s+nghiệp(?:\s+công\s+lập)?\s+(?:thuộc|trực\s+thuộc)\s+các", re.IGNORECASE)
# Inter-agency bodies whose number is cut class-wide (steering boards, project boards).
_INTER_AGENCY = re.compile(
    r"(?:các|những)\s+(?:ban\s+chỉ\s+đạo|tổ\s+chức\s+phối\s+hợp\s+liên\s+ngành|ban\s+quản\s+lý\s+dự\s+án)",
    re.IGNORECASE)
# A clause stating a quantitative target ("có 05/7 địa phương hợp nhất") restates a change.
_TARGET = re.compile(r"\d+\s*/\s*\d+\s+(?:địa\s+phương|đơn\s+vị|huyện|xã)", re.IGNORECASE)
# Where a name (or an object phrase) ends.
_STOPS = re.compile(
    r"\s+(?:theo|để|nhằm|gắn\s+với|bảo\s+đảm|đảm\s+bảo|cho\s+phù\s+hợp|phù\s+hợp|ở|tại|đối\s+với|trên\s+địa\s+bàn|"
    r"trên\s+cơ\s+sở|trong|trực\s+thuộc|có\s+chức\s+năng|có\s+đủ|có\s+ít|những\s+nơi|sau\s+khi|từ|đến|năm|"
    r"với\s+tên\s+gọi|nhưng|(?:chưa\s+|không\s+)?đạt|tiến\s+tới|ngoài|"
    r"(?-i:phục\s+vụ|thực\s+hiện|triển\s+khai|xây\s+dựng))" + _NA
    # a comma before a verb opens the next clause ("…, hoàn thành trong …", "…, lấy ý kiến cử tri")
    + r"|\s*,\s*(?:hoàn\s+thành|lấy\s+ý\s+kiến|trình|báo\s+cáo|bảo\s+đảm|đảm\s+bảo|kiện\s+toàn|bố\s+trí)" + _NA
    + r"|\s*,\s*(?:trực\s+)?thuộc\s|\s*[;:]|\s*\.(?:\s|$)|\s*⁽|\s*,\s*\.\.\.",
    re.IGNORECASE,
)
_LEVEL_WORDS = {"tinh": "province", "huyen": "district", "xa": "commune", "thon": "village"}
_LEVEL_RE = re.compile(_NB + r"cấp\s+(tỉnh|huyện|xã|thôn)" + _NA, re.IGNORECASE)
_LEVELS_ORDER = ("central", "province", "district", "commune", "village")


@dataclass
class ChangeContext:
    """What a piece of text inherits from where it sits in the document."""

    headings: list[str] = field(default_factory=list)  # outermost first
    level_hint: str | None = None  # a level stated around the text ("đối với huyện Phú Quý")
    scope_hint: str | None = None  # a place stated around the text
    footnotes: dict[str, str] = field(default_factory=dict)  # marker ("1") → footnote text
    due: str | None = None
    task_ref: str | None = None
    subject: str | None = None  # the body a section heading names ("3.2. Văn phòng Ủy ban nhân dân tỉnh")
    report: bool = False  # under a heading reporting results: only what is stated as done is a change


# ---------------------------------------------------------------- small helpers


def _depth_map(s: str) -> list[int]:
    depth, out = 0, []
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        out.append(depth)
    return out


def _top_splits(s: str, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None) -> list[re.Match[str]]:
    """Matches of ``pattern`` in s[lo:hi] that sit outside parentheses."""
    hi = len(s) if hi is None else hi
    depth = _depth_map(s)
    floor = min(depth[lo:hi] or [0])
    return [m for m in pattern.finditer(s, lo, hi) if depth[m.start()] == floor]


def _flatten(text: str) -> str:
    """Join lines broken inside a sentence (next line starts in lower case); length is kept."""
    return re.sub(r"\s*\n\s*(?=[a-zà-ỹđ(,])", lambda m: " " * len(m.group()), text)


def _is_head(s: str) -> bool:
    f = fold(s)
    if re.match(r"(?:(?:các|những|một)\s+)?số(?!\w)", s, re.IGNORECASE):
        return False  # "số" (a number) folds like "Sở" (a department)
    # "đối với", "lãng phí", "buôn bán" fold like "Đội", "làng", "buôn"
    w = re.sub(r"^(?:(?:các|những|một\s+số)\s+)", "", s.strip(), flags=re.IGNORECASE)
    if re.match(r"(?:doi|lang|buon)(?![a-z])", fold(w)) and \
            not re.match(r"(?:đội|làng|buôn(?!\s+(?:bán|lậu)))(?!\w)", w, re.IGNORECASE):
        return False
    return bool(_HEAD_RE.match(f)) and not re.match(r"so (?:vat chat|y te)", f)


def _bare_head(name: str) -> bool:
    """A name that is only a head word ("phòng", "Văn phòng"): no particular body."""
    f = re.sub(r"^(?:cac|nhung|mot so) ", "", fold(name))
    return f in _HEADS


def _generic(name: str) -> bool:
    """A class of bodies, not a named one ("các cơ quan, tổ chức", "doanh nghiệp", "cơ sở y tế")."""
    f = re.sub(r"^(?:cac|nhung|mot so) ", "", fold(name))
    if re.fullmatch(r"(?:co quan|to chuc|don vi)(?:,? (?:va )?(?:co quan|to chuc|don vi))*(?: .*)?", f):
        rest = re.sub(r"^(?:co quan|to chuc|don vi)(?:,? (?:va )?(?:co quan|to chuc|don vi))*", "", f).strip()
        return not rest or bool(re.match(r"(?:hoat dong|lien quan|co lien quan|moi|nay|tren|o )", rest))
    return bool(re.match(r"(?:doanh nghiep|co so y te|to chuc xa hoi|chuc danh|nhiem vu|dich vu)", f))


def expand(s: str) -> str:
    for pat, rep in _ABBREV:
        s = re.sub(pat, rep, s)
    return s


def clean_name(surface: str, *, keep_level: bool = False) -> str:
    """Full name of a body or post as the gold records write it (province left implicit)."""
    s = re.sub(r"\([^()]*\)?", " ", surface)
    s = re.sub(r"[*_\"“”⁽⁾¹²³⁴⁵⁶⁷⁸⁹⁰]", " ", s)
    s = expand(s)
    s = re.sub(r"\s*-\s*(?=Ủy ban nhân dân)", " và ", s)  # "Văn phòng HĐND-UBND"
    s = re.sub(r"\s+", " ", s).strip(" ,;.:-")
    s = re.sub(r"^(?:việc|một số|mô hình|tổ chức bộ máy của|tổ chức|của|những)\s+(?=\S)", "", s, flags=re.IGNORECASE)
    s = re.sub(r"^Trường ban", "Trưởng ban", s, flags=re.IGNORECASE)  # OCR: a school has no "ban"
    if not keep_level and not fold(s).startswith("don vi hanh chinh"):
        s = re.sub(r"(?:\s*,?\s*(?:và\s+)?cấp\s+(?:tỉnh|huyện|xã|thôn))+$", "", s, flags=re.IGNORECASE)
    s = s.strip(" ,;.:-")
    return s[:1].upper() + s[1:] if s else s


def _levels_in(s: str) -> list[str]:
    out: list[str] = []
    for m in _LEVEL_RE.finditer(s):
        lv = _LEVEL_WORDS[fold(m.group(1))]
        if lv not in out:
            out.append(lv)
    return out


def _village(name: str) -> bool:
    """A village-level unit: thôn, tổ dân phố, khóm, ấp, xóm, bản, buôn, làng, khối (a numbered or
    named khối, or a bare one in a list of units; "khối cơ quan" is a group of bodies)."""
    f = fold(name)
    if re.match(r"(?:cac |nhung )?(?:thon|to dan pho|khom|ap|xom|buon)\b", f):
        return True
    if re.match(r"(?:các\s+|những\s+)?(?:bản|làng)(?!\w)(?!\s+nghề)", name, re.IGNORECASE):
        return True
    return bool(re.match(r"(?:(?:các|những)\s+)?khối(?:\s+(?:\d|[A-ZĐ])|\s*$)", name, re.IGNORECASE))


def _level_from_names(names: list[str]) -> str | None:
    """Level read off the names: units (xã, thôn), owner words (Tỉnh ủy, huyện), head types (Sở, Phòng)."""
    found: list[str] = []
    for n in names:
        f = fold(n)
        if _village(n):
            found.append("village")
        elif re.match(r"(?:cac |nhung )?(?:xa|phuong|thi tran)\b", f) and not f.startswith("xa hoi"):
            found.append("commune")
        elif re.match(r"thi xa\b", f) or re.match(r"truong (?:mam non|tieu hoc|trung hoc co so)\b", f):
            found.append("district")  # a town is a district-level unit; these schools belong to the district
        elif re.search(r"\b(?:tinh uy|tinh)\b", f):
            found.append("province")
        elif re.search(r"\b(?:huyen uy|huyen)\b", f):
            found.append("district")
        elif re.match(r"so\b", f):
            found.append("province")
        elif re.match(r"phong (?!kham)", f):
            found.append("district")
    if not found:
        return None
    # the most local level named wins: "xã A vào thị trấn B của huyện C" is a commune change
    return max(found, key=_LEVELS_ORDER.index) if any(x in ("village", "commune") for x in found) else found[0]


def level_hint_of(text: str) -> str | None:
    """A level a heading or parent paragraph sets for what it introduces (explicit words only)."""
    lv = _levels_in(text)
    if len(lv) == 1:
        return lv[0]
    if re.search(_NB + r"(?:đối với|tại|ở)\s+huyện\s+[A-ZĐ]", text):
        return "district"
    if re.search(_NB + r"(?:đối với|tại|ở)\s+(?:xã|phường|thị trấn)\s+[A-ZĐ]", text):
        return "commune"
    return None


_UP = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_PLACE_NAME = rf"[{_UP}]\w*(?:\s+[{_UP}\d]\w*)*"
_UNIT_WORD = r"(?:huyện|quận|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)"
_PLACES = re.compile(
    _NB + r"(?:ở|tại)\s+(?:(?:các|02|03|04|05|\d+)\s+)?(" + _UNIT_WORD + r")"
    r"(?:\s+(?:miền\s+núi|vùng\s+cao|biên\s+giới|ven\s+biển))?\s+(" + _PLACE_NAME
    + r"(?:(?:\s*,\s*|\s+và\s+)(?:" + _UNIT_WORD + r"\s+)?" + _PLACE_NAME + r")*)")


def _places(text: str) -> str | None:
    """"tại các huyện A, B và C", "tại xã A và xã B" → "huyện A, huyện B, huyện C" (each with its unit word)."""
    m = _PLACES.search(text)
    if not m:
        return None
    unit = re.sub(r"\s+", " ", m.group(1))
    out = []
    for part in re.split(r"\s*,\s*|\s+và\s+", m.group(2)):
        own = re.match(_UNIT_WORD + r"\s+", part)
        out.append(part if own else f"{unit} {part}")
    return ", ".join(out)


def scope_of(text: str) -> str | None:
    """Where a change applies when narrower than its level."""
    m = re.search(r"\((?:ở|tại)\s+([^()]+)\)", text)
    if m:
        return m.group(1).strip()
    places = _places(text)
    if places:
        return places
    m = re.search(
        _NB + r"(?:ở|tại|đối với|chọn)\s+((?:những|các)\s+(?:nơi|địa phương)[^;:.⁽]*?|"
        r"huyện\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*)"
        r"(?=\s*(?:$|[;:.⁽(]|,\s)|\s+(?:để|nhằm)\s)", text, re.IGNORECASE)
    if m:
        return m.group(1).strip()
    return None


# ---------------------------------------------------------------- list grammar


def _split_list(s: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Split s[lo:hi] into bodies: (start, end, head prefix to add).

    ", " and " và " separate bodies only when a body name follows ("Sở Thông tin và Truyền
    thông" stays whole); " với " always separates. A short bare complement after a generic
    head shares it: "cơ quan Đảng và chính quyền" → cơ quan Đảng, cơ quan chính quyền.
    """
    seps = _top_splits(s, re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+|\s+với\s+"), lo, hi)
    items: list[tuple[int, int, str]] = []
    start, prefix = lo, ""
    for m in seps:
        right = s[m.end():hi]
        left = s[start:m.start()]
        sep = m.group().strip()
        nxt = re.split(r"[,;]|\s+(?:và|với)\s+", right, maxsplit=1)[0]
        split = False
        if re.match(r"cấp\s", right, re.IGNORECASE):  # "cấp huyện, cấp xã": levels, not bodies
            continue
        if re.search(r"(?:các|những)\s+(?:huyện|quận|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)$", left.strip(), re.I) \
                and re.fullmatch(r"(?:huyện|quận|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)", nxt.strip(), re.I):
            continue  # "Trung tâm … các huyện, thành phố": the kinds of unit that own it, one name
        if sep == "với":
            split = True
        elif _is_head(right):
            split = not (fold(left).startswith("van phong") and "hoi dong nhan dan" in fold(left)
                         and fold(right).startswith("uy ban nhan dan"))
        else:
            lf = re.sub(r"^(?:cac|nhung|mot so) ", "", fold(left))
            head = next((h for h in _GENERIC_HEADS if lf.startswith(h + " ")), None)
            if head and len(nxt.split()) <= 2:
                items.append((start, m.start(), prefix))
                start, prefix = m.end(), re.match(r"\S+\s+\S+", re.sub(
                    r"^(?:các|những|một số)\s+", "", left.strip(), flags=re.IGNORECASE)).group()
                continue
        if split:
            items.append((start, m.start(), prefix))
            start, prefix = m.end(), ""
    items.append((start, hi, prefix))
    return [(a, b, p) for a, b, p in items if s[a:b].strip()]


def _cut(s: str, lo: int, hi: int) -> int:
    """End of the object phrase that starts at ``lo``: the first stop word outside parentheses."""
    ms = _top_splits(s, _STOPS, lo, hi)
    return ms[0].start() if ms else hi


# ---------------------------------------------------------------- sentences and clauses


def _sentences(s: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[^\W\d_a-zà-ỹđ]|[-+•])|\n\s*(?=\S)", s):
        if s[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if s[start:].strip():
        out.append((start, len(s)))
    return out


_SEG_SPLIT = re.compile(
    r"\s*;\s*|,\s*(?=đồng\s+thời\s*,)|,\s*(?=tiến\s+tới" + _NA + r")|\)\s+(?=và\s+(?:kiêm|nhất))|:\s*(?=\S)",
    re.IGNORECASE)


def _segments(sent: str) -> list[tuple[int, int]]:
    cuts = _top_splits(sent, _SEG_SPLIT)
    out, start = [], 0
    for m in cuts:
        end = m.start() + (1 if m.group().startswith(")") else 0)
        out.append((start, end))
        start = m.end()
    out.append((start, len(sent)))
    segs = []
    for a, b in out:
        seg = sent[a:b]
        lead = len(seg) - len(seg.lstrip(" ,"))
        seg_a = a + lead
        seg_a += len(sent[seg_a:b]) - len(re.sub(r"^(?:đồng\s+thời\s*,\s*|và\s+)", "", sent[seg_a:b], flags=re.I))
        if sent[seg_a:b].strip():
            segs.append((seg_a, b))
    return segs


@dataclass
class _Found:
    kind: str
    start: int  # in the sentence
    end: int
    inputs: list[AgencyMention]
    result: AgencyMention | None = None
    levels: list[str] = field(default_factory=list)
    scope: str | None = None
    cue_at: int = 0
    status: str | None = None  # set when the clause itself fixes it ("không mở rộng mô hình này")


def _mention(sent: str, a: int, b: int, base: int, prefix: str = "", *,
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
    if _POST_RE.match(name):
        kind = "post"
    elif (re.match(r"(?:cac |nhung )?(?:xa|phuong|thi tran|don vi hanh chinh)\b", f) or _village(name)) \
            and not f.startswith("xa hoi"):
        kind = "unit"
    return AgencyMention(surface=surface, name=name, start=base + a, end=base + a + len(surface),
                         collective=f.startswith(("cac ", "nhung ")), kind=kind)


def _bodies(sent: str, lo: int, hi: int, base: int, *, keep_level: bool = False) -> list[AgencyMention]:
    """The bodies of a list; a bare head word ("phòng, chi cục") names no body and is left out,
    except a class named with a capital after "các" ("các Hội")."""
    out = []
    for a, b, p in _split_list(sent, lo, hi):
        m = _mention(sent, a, b, base, p, keep_level=keep_level)
        if not m or not _is_head(m.name):
            continue
        if _bare_head(m.name) and m.kind != "unit" and not re.match(r"(?:các|những)\s+(?-i:[A-ZĐ])", m.surface, re.I):
            continue
        out.append(m)
    return out


def _first_head(sent: str, lo: int, hi: int, max_words: int = 6) -> int | None:
    """Where the first body name starts after ``lo`` (skipping a few words like "tăng quy mô")."""
    words = list(re.finditer(r"\S+", sent[lo:hi]))
    for w in words[:max_words]:
        if _is_head(sent[lo + w.start():hi]):
            return lo + w.start()
    return None


# ---------------------------------------------------------------- one kind at a time


_INTO_NEW = re.compile(_NB + r"thành" + _NA + r"(?!\s+(?:phố|ủy|viên|lập|công|tựu|phần))", re.I)


def _parse_merge(sent: str, lo: int, hi: int, base: int) -> list[_Found]:
    """"A với B; C với D thành E", "A, B và C thành một cơ quan là E", "các cơ quan X"."""
    head = _first_head(sent, lo, hi)
    if head is None:
        return []
    res = None
    tm = _top_splits(sent, re.compile(_NB + r"thành" + _NA + r"(?!\s+(?:phố|ủy|viên|lập|công))", re.I), head, hi)
    stop = _cut(sent, head, hi)
    inp_hi = min(tm[0].start(), stop) if tm else stop
    if tm:
        r_lo = tm[0].end()
        named = re.match(r"\s+một\s+\S+(?:\s+\S+)?\s+là\s+", sent[r_lo:hi], re.I)
        if named:
            r_lo += named.end()
        elif re.match(r"\s+một\s", sent[r_lo:hi], re.I):
            r_lo = -1
        if r_lo >= 0:
            r_hi = _cut(sent, r_lo, hi)
            res = _mention(sent, r_lo, r_hi, base)
    chunks = [(a, b) for a, b, _ in _chunks(sent, head, inp_hi)]
    has_pair = [bool(re.search(r"\s(?:với|và)\s", sent[a:b])) for a, b in chunks]
    groups = chunks if len(chunks) > 1 and (all(has_pair) or any(" với " in sent[a:b] for a, b in chunks)) \
        else [(head, inp_hi)]
    out = []
    for a, b in groups:
        ins = _bodies(sent, a, b, base)
        if ins:
            out.append(_Found("merge", a, b, ins, res))
    return out


def _chunks(sent: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    cuts = _top_splits(sent, re.compile(r"\s*,\s*"), lo, hi)
    out, start = [], lo
    for m in cuts:
        out.append((start, m.start(), ""))
        start = m.end()
    out.append((start, hi, ""))
    # a chunk without a pair joins the list before it unless every chunk is a pair
    return out


def _parse_absorb(sent: str, lo: int, hi: int, base: int, dissolved: list[AgencyMention]) -> list[_Found]:
    rest = sent[lo:hi]
    if re.match(r"\s+về\s", rest, re.I):  # "giải thể A để sáp nhập về B": A goes into B
        r_lo = lo + re.match(r"\s+về\s+", rest, re.I).end()
        into = _mention(sent, r_lo, _cut(sent, r_lo, hi), base)
        if not into or not dissolved:
            return []
        return [_Found("absorb", lo, hi, [*dissolved, into], into)]
    head = _first_head(sent, lo, hi)
    if head is None:
        return []
    vao = _top_splits(sent, re.compile(_NB + r"vào" + _NA, re.I), head, hi)
    if vao:
        left = _bodies(sent, head, min(vao[0].start(), _cut(sent, head, vao[0].start())), base)
        r_lo = vao[0].end()
        r_hi = min(_cut(sent, r_lo, hi), _top_splits(sent, re.compile(r"\s+của\s+", re.I), r_lo, hi)[0].start()
                   if _top_splits(sent, re.compile(r"\s+của\s+", re.I), r_lo, hi) else hi)
        into = _mention(sent, r_lo, r_hi, base)
        res = None
        est = re.search(r"để\s+thành\s+lập\s+", sent[r_lo:hi], re.I)
        if est:
            e_lo = r_lo + est.end()
            res = _mention(sent, e_lo, _cut(sent, e_lo, hi), base)
        if into and re.search(r"\b(?:lien ke|lan can|gan nhat)\b", fold(into.name)):
            into = None  # "vào thôn liền kề": an unnamed neighbour is no body
        if into and res is None and not _generic(into.name) and not into.collective:
            res = into  # "sáp nhập A vào B": B carries on
        ins = [*left, *([into] if into else [])]
        return [_Found("absorb", head, hi, ins, res)] if ins else []
    # "sáp nhập A, B và C thành D" (no "vào"): all of them end in a new D, a merger
    if _top_splits(sent, _INTO_NEW, head, _cut(sent, head, hi) + 1):
        return _parse_merge(sent, head, hi, base)
    ins = _bodies(sent, head, _cut(sent, head, hi), base)
    return [_Found("absorb", head, hi, ins)] if ins else []


def _parse_dissolve(sent: str, lo: int, hi: int, base: int) -> list[_Found]:
    if re.match(r"\s+hoặc", sent[lo:hi], re.I):
        return []
    end = hi
    for m in _top_splits(sent, re.compile(r"\s+(?:để|trên\s+cơ\s+sở|nhằm)" + _NA, re.I), lo, hi):
        end = m.start()
        break
    out = []
    for a, b, p in _split_list(sent, lo, end):
        piece_hi = _cut(sent, a, b)
        m = _mention(sent, a, piece_hi, base, p)
        if m and _is_head(m.name):
            f = _Found("dissolve", a, b, [m], levels=_levels_in(sent[a:b]))
            f.scope = scope_of(sent[a:b])
            out.append(f)
    return out


def _parse_establish(sent: str, lo: int, hi: int, base: int) -> list[_Found]:
    m = re.match(r"\s+", sent[lo:hi])
    a = lo + (m.end() if m else 0)
    if not _is_head(sent[a:hi]) or re.match(r"(?:các|những|mới)\s", sent[a:hi], re.I):
        return []
    stop = _cut(sent, a, hi)
    for mm in _top_splits(sent, re.compile(r"\s*,|\s+thuộc\s", re.I), a, stop):
        stop = mm.start()
        break
    res = _mention(sent, a, stop, base)
    if not res:
        return []
    # "thành lập thị xã X trên cơ sở toàn bộ diện tích tự nhiên và dân số của huyện X": the units it is made of
    ins: list[AgencyMention] = []
    area = re.compile(r"trên\s+cơ\s+sở\s+(?:toàn\s+bộ\s+|một\s+phần\s+)?diện\s+tích[^;.()]*?" + _NB + r"của\s+"
                      r"(?:các\s+)?(?=" + _UNIT_WORD + r"\s)", re.I)
    am = area.search(sent, stop, hi)
    if am:
        pm = re.compile(_UNIT_WORD + r"\s+" + _PLACE_NAME + r"(?:(?:\s*,\s*|\s+và\s+)" + _UNIT_WORD + r"\s+"
                        + _PLACE_NAME + r")*").match(sent, am.end())
        if pm:
            ins = [m for m in (_mention(sent, x, y, base) for x, y, _ in _split_list(sent, pm.start(), pm.end()))
                   if m]
    return [_Found("establish", lo, hi, ins, res)]


def _parse_transfer(sent: str, lo: int, hi: int, base: int, context_bodies: list[AgencyMention]) -> list[_Found]:
    """"chuyển giao X (của A) cho B", "chuyển chức năng … (thuộc A) về B": A gives, B receives.

    The giving bodies are those named inside the object, the body reorganised or dissolved
    earlier in the clause ("sắp xếp lại Ban … theo hướng chuyển giao …"), or the object itself
    when it is a body ("chuyển giao những tổ chức đảng … cho các đảng bộ địa phương").
    """
    obj_hi = hi
    cuts = _top_splits(sent, re.compile(r"\s+(?:và\s+sắp\s+xếp|bảo\s+đảm|nhằm|để|nhưng)" + _NA, re.I), lo, hi)
    if cuts:
        obj_hi = cuts[0].start()
    tos = _top_splits(sent, re.compile(r"\s+(?:cho|về|sang)\s+(?:trực\s+thuộc\s+)?", re.I), lo, obj_hi)
    if not tos:
        return []
    to = next((m for m in reversed(tos) if _is_head(sent[m.end():obj_hi])), tos[-1])
    r_hi = obj_hi
    # "cho B quản lý" ends B; "Phòng Quản lý …" does not
    q = _top_splits(sent, re.compile(r"\s+(?-i:quản\s+lý|đảm\s+nhiệm)" + _NA, re.I), to.end(), obj_hi)
    if q:
        r_hi = q[0].start()
    res = _mention(sent, to.end(), _cut(sent, to.end(), r_hi), base)
    if res and (not _is_head(res.name) or _generic(res.name)):
        res = None
    to_at = to.start()
    ins: list[AgencyMention] = list(context_bodies)
    obj = sent[lo:to_at]
    for m in re.finditer(r"\(thuộc\s+([^()]+)\)", obj, re.I):
        mm = _mention(sent, lo + m.start(1), lo + m.end(1), base)
        if mm:
            ins.append(mm)
    for m in re.finditer(_NB + r"của\s+", obj, re.I):
        mm = _mention(sent, lo + m.end(), _cut(sent, lo + m.end(), to_at), base)
        if mm and _is_head(mm.name):
            ins.append(mm)
    first = _first_head(sent, lo, to_at, max_words=2)
    if first is not None and not _generic(sent[first:to_at]):
        mm = _mention(sent, first, to_at, base)
        if mm:
            ins.append(mm)
    ins = [i for i in ins if not _generic(i.name)]
    return [_Found("transfer", lo, hi, _unique(ins), res)] if ins else []


def _parse_reorganise(sent: str, lo: int, hi: int, base: int, seg_lo: int, cue_lo: int) -> list[_Found]:
    rest = sent[lo:hi]
    m = re.match(r"\s*(?:,\s*)?(?:tổ\s+chức\s+bộ\s+máy|tổ\s+chức|cơ\s+cấu)?\s*", rest, re.I)
    a = lo + m.end()
    obj_hi = _cut(sent, a, hi)
    of = re.search(_NB + r"của\s+", sent[a:obj_hi], re.I)
    res = None
    if of:
        a = a + of.end()
        obj_hi = _cut(sent, a, hi)
    elif not _is_head(sent[a:obj_hi]):
        return []
    into = _top_splits(sent, _INTO_NEW, a, obj_hi)
    if into:  # "Tổ chức lại A thành B": B is what A becomes
        r_lo = into[0].end()
        r_hi = _cut(sent, r_lo, hi)
        for mm in _top_splits(sent, re.compile(r"\s+thuộc\s", re.I), r_lo, r_hi):
            r_hi = mm.start()
            break
        res = _mention(sent, r_lo, r_hi, base)
        obj_hi = into[0].start()
    ins = _bodies(sent, a, obj_hi, base)
    named = re.search(r"với\s+tên\s+gọi\s+(?:là\s+)?", sent[obj_hi:hi], re.I)
    if named and res is None:
        r_lo = obj_hi + named.end()
        res = _mention(sent, r_lo, _cut(sent, r_lo, hi), base)
    subject = sent[seg_lo:cue_lo].strip()
    if subject and _is_head(subject) and len(subject.split()) <= 6:
        subj = clean_name(subject)
        for i in ins:
            if fold(i.name).startswith("bo phan"):
                i.name = f"{i.name} của {subj[:1].lower() + subj[1:]}"
    return [_Found("reorganise", lo, hi, ins, res)] if ins else []


def _parse_statute(sent: str, lo: int, hi: int, base: int) -> list[_Found]:
    """"sửa đổi Quy định chức năng, nhiệm vụ, …, tổ chức bộ máy … của X": X is reorganised."""
    m = re.search(r"tổ\s+chức\s+bộ\s+máy[^;.]*?" + _NB + r"của\s+", sent[lo:hi], re.I)
    if not m:
        return []
    a = lo + m.end()
    ins = _bodies(sent, a, _cut(sent, a, hi), base)
    return [_Found("reorganise", lo, hi, ins[:1])] if len(ins) == 1 else []


def _parse_served(sent: str, lo: int, cue_start: int, base: int) -> list[_Found]:
    """"Đề án Văn phòng Tỉnh ủy phục vụ chung các cơ quan …": that office is reorganised."""
    m = re.search(r"(?:đề\s+án|tổ\s+chức\s+lại|sắp\s+xếp)\s+(?P<b>[^,;]+?)\s*$", sent[lo:cue_start], re.I)
    if not m:
        return []
    a = lo + m.start("b")
    mm = _mention(sent, a, cue_start, base)
    if not mm or not _is_head(mm.name) or _bare_head(mm.name):
        return []
    return [_Found("reorganise", a, cue_start, [mm])]


def _parse_model(sent: str, cue: re.Match[str], hi: int, base: int) -> list[_Found]:
    """"mô hình cơ quan tham mưu, giúp việc chung khối A và B cấp huyện": A and B merge into it."""
    lo = cue.end()
    m = re.match(r"\s+(?:khối|cho|của)?\s*", sent[lo:hi], re.I)
    a = lo + (m.end() if m else 0)
    end = _cut(sent, a, hi)
    paren = sent.find(")", a, end)
    if paren >= 0:
        end = paren
    lv = re.search(r"\s+cấp\s+(?:tỉnh|huyện|xã)\s*$", sent[a:end].rstrip(" ,."), re.I)
    suffix = lv.group().strip() if lv else ""
    core_end = a + lv.start() if lv else end
    ins = []
    for x, y, p in _split_list(sent, a, core_end):
        mm = _mention(sent, x, y, base, p, keep_level=True)
        if mm and _is_head(mm.name):
            if suffix:
                mm.name = f"{mm.name} {suffix}"
            ins.append(mm)
    if not ins:
        return []
    res = _mention(sent, cue.start(), end, base, keep_level=True)
    return [_Found("merge", cue.start(), end, ins, res)]


def _parse_concurrent(sent: str, cue: re.Match[str], lo: int, hi: int, base: int) -> list[_Found]:
    word = fold(cue.group())
    if word.startswith(("dong thoi", "kiem")) and word != "kiem nhiem":
        posts = [m for m in _POST_RE.finditer(sent, lo, cue.start())]
        if not posts:
            return []
        x = posts[-1]
        between = sent[x.start():cue.start()]
        if "," in between or len(between.split()) > 9:
            return []
        y_lo = cue.end() + len(sent[cue.end():]) - len(sent[cue.end():].lstrip())
        if not _POST_RE.match(sent, y_lo):
            return []
        y_hi = _cut(sent, y_lo, hi)
        lvm = _top_splits(sent, re.compile(r"\s+cấp\s+(?:tỉnh|huyện|xã)" + _NA, re.I), y_lo, y_hi)
        a = _mention(sent, x.start(), cue.start(), base)
        b = _mention(sent, y_lo, lvm[0].start() if lvm else y_hi, base)
        levels = _levels_in(sent[y_lo:hi])
        return [_Found("concurrent-post", x.start(), hi, [p for p in (a, b) if p], levels=levels)]
    # kiêm nhiệm / nhất thể hóa (một số) chức danh …: the posts when listed, else left unnamed
    rest = sent[cue.end():hi]
    m = re.match(r"\s*(?:đối\s+với\s+)?(?:các\s+|một\s+số\s+)?chức\s+danh\s*", rest, re.I)
    if not m:
        return []
    obj = sent[cue.end():_cut(sent, cue.end(), hi)]
    if re.search(_NB + r"(?:đồng\s+thời(?:\s+là)?|kiêm)\s+(?-i:[A-ZĐ])", obj, re.I):
        return []  # "nhất thể hóa chức danh A đồng thời là B": the pair is read at "đồng thời là"
    posts: list[AgencyMention] = []
    p_lo = cue.end() + m.end()
    if not _POST_RE.match(sent, p_lo) and re.search(r"không\s+chuyên\s+trách", sent, re.I):
        return []  # unnamed posts of part-time workers ("người hoạt động không chuyên trách"): class-wide
    if _POST_RE.match(sent, p_lo):
        p_hi = _cut(sent, p_lo, hi)
        for a, b in _post_items(sent, p_lo, p_hi):
            mm = _mention(sent, a, b, base)
            if mm:
                posts.append(mm)
    return [_Found("concurrent-post", cue.start(), hi, posts if len(posts) > 1 else [],
                   levels=_levels_in(sent[cue.start():hi]))]


def _post_items(sent: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """"Bí thư cấp ủy và Chủ tịch Ủy ban nhân dân cấp xã" → the two posts (split where a post title starts)."""
    starts = [m.start() for m in _POST_RE.finditer(sent, lo, hi)]
    out = []
    for i, a in enumerate(starts):
        b = starts[i + 1] if i + 1 < len(starts) else hi
        piece = re.sub(r"(?:\s*,\s*|\s+và\s+)$", "", sent[a:b])
        lv = re.search(r"\s+cấp\s+(?:tỉnh|huyện|xã)" + _NA, piece, re.I)
        out.append((a, a + (lv.start() if lv else len(piece))))
    return out


def _unique(ms: list[AgencyMention]) -> list[AgencyMention]:
    seen, out = set(), []
    for m in ms:
        k = fold(m.name)
        if k not in seen:
            seen.add(k)
            out.append(m)
    return out


# ---------------------------------------------------------------- status


def _heading_status(headings: list[str]) -> str | None:
    for h in reversed(headings):
        f = fold(h)
        if re.search(r"xin y kien|cho phep|phe duyet cua trung uong", f):
            return "pending-approval"
        if re.search(r"nhan rong|mo rong", f):
            return "expand"
        if re.search(r"thuc hien ngay", f):
            return "ordered"
        if re.search(_NB + r"dừng" + _NA, h, re.IGNORECASE):
            return "halted"
    return None


def _status(gov: str, before: str, ctx: ChangeContext, footnote: str | None, clause: str = "") -> str:
    """``gov`` = the sentence's opening words up to its first cue; ``before`` = the clause up to this cue."""
    g, b = fold(gov), fold(before)
    if re.search(_NB + r"(?:tạm\s+)?dừng" + _NA, gov, re.IGNORECASE):
        return "halted"
    if re.search(r"\bkhong (?:mo rong|nhan rong|tiep tuc)\b", g):
        return "not-expanded"
    if re.search(r"\btien toi\b", b):
        return "pilot"
    if re.search(r"\bda(?: hoan thanh| thuc hien)?(?: viec)?$", b) or \
            (ctx.report and re.search(r"(?:^|\W)hoan thanh(?: viec)?$", b.strip())):
        return "completed"
    # asking the centre for leave ("Đề nghị Ban Bí thư cho phép … thí điểm") sends the change up
    sent_up = (r"\b(?:xin (?:y kien|chu truong)|(?:de nghi|trinh) (?:ban chap hanh )?trung uong|"
               r"(?:de nghi|trinh) (?:ban bi thu|bo chinh tri)|xin phep|"
               r"(?:de nghi|kien nghi|xin) (?:\S+ ){0,8}?cho phep)\b")
    if re.search(sent_up, fold(f"{gov} {before} {clause}")):
        return "pending-approval"
    if re.search(r"\b(?:nhan rong|mo rong)\b", b):
        return "expand"
    hs = _heading_status(ctx.headings)
    if hs == "pending-approval":
        return hs
    if re.search(r"\b(?:de an|de xuat|nghien cuu|phuong an|ra soat|xay dung ke hoach|du thao)\b", b) or \
            re.search(r"\bse thuc hien vao thoi diem thich hop\b", b):
        return "proposed"
    if re.search(r"\bthi diem\b", b):
        return "pilot"
    if hs in ("expand", "halted"):
        return hs
    if footnote and re.search(r"\bthi diem\b", fold(footnote)):
        return "pilot"
    return "ordered"


# ---------------------------------------------------------------- layer 1


def find_changes(text: str, offset: int, context: ChangeContext | None = None) -> list[Change]:
    """Every structural change stated in ``text`` (which starts at ``offset`` in Source.text)."""
    ctx = context or ChangeContext()
    flat = _flatten(text)
    changes: list[Change] = []
    for s_lo, s_hi in _sentences(flat):
        sent = flat[s_lo:s_hi]
        base = offset + s_lo
        if _NOT_A_CHANGE.match(sent):
            continue
        found_all: list[tuple[_Found, int, int]] = []  # (found, segment start, segment end)
        dissolved: list[AgencyMention] = []
        prev_kind: str | None = None
        first_cue: int | None = None
        for seg_lo, seg_hi in _segments(sent):
            seg = sent[seg_lo:seg_hi]
            if _TARGET.search(seg):
                prev_kind = None
                continue
            cues = _cues(sent, seg_lo, seg_hi)
            if not cues and prev_kind == "merge" and (
                    re.search(_NB + r"với" + _NA, seg) or re.search(_NB + r"thành\s+một", seg)):
                cues = [("merge", None, seg_lo, seg_lo)]
            found: list[_Found] = []
            reorganised: list[AgencyMention] = []
            new_body: AgencyMention | None = None
            kinds = {k for k, *_ in cues}
            for i, (kind, m, c_lo, c_hi) in enumerate(cues):
                nxt = cues[i + 1][2] if i + 1 < len(cues) else seg_hi
                if kind in ("merge",) or (kind == "absorb" and m is None):
                    got = _parse_merge(sent, c_hi, seg_hi, base)
                elif kind == "absorb":
                    got = _parse_absorb(sent, c_hi, seg_hi, base, dissolved)
                elif kind == "dissolve":
                    got = _parse_dissolve(sent, c_hi, nxt, base)
                    for f in got:
                        dissolved.extend(f.inputs)
                    if kinds & {"merge", "absorb"}:
                        got = []
                elif kind == "establish":
                    got = _parse_establish(sent, c_hi, seg_hi, base)
                    if kinds & {"merge", "absorb"}:
                        new_body = next((f.result for f in got), None)
                        got = []
                elif kind == "transfer":
                    got = _parse_transfer(sent, c_hi, seg_hi, base, reorganised or dissolved)
                elif kind == "reorganise":
                    got = _parse_reorganise(sent, c_hi, nxt, base, seg_lo, c_lo)
                    for f in got:
                        reorganised.extend(f.inputs)
                    if kinds & {"merge", "absorb", "transfer"}:
                        got = []
                elif kind == "statute":
                    got = _parse_statute(sent, c_hi, seg_hi, base)
                elif kind == "served":
                    got = _parse_served(sent, seg_lo, c_lo, base)
                elif kind == "model":
                    if kinds & {"merge", "absorb"}:
                        continue
                    got = _parse_model(sent, m, seg_hi, base)
                else:  # concurrent-post
                    got = _parse_concurrent(sent, m, seg_lo, seg_hi, base)
                for f in got:
                    f.cue_at = c_lo
                found.extend(got)
                if got and first_cue is None:
                    first_cue = c_lo
            for f in found:
                if f.kind in ("merge", "absorb") and f.result is None and new_body is not None:
                    f.result = new_body
            _heads_of_merged(sent, found)
            if not cues and found_all:
                _first_of_all(sent, seg_lo, seg_hi, base, found_all[-1][0])
            if found:
                prev_kind = "merge" if any(f.kind == "merge" for f in found) else found[-1].kind
            elif cues:
                prev_kind = cues[0][0] if cues[0][0] == "merge" else prev_kind
            for f in found:
                found_all.append((f, seg_lo, seg_hi))
        # a vague step that only leads up to ("tiến tới") a named change is not recorded
        if any(re.match(r"tiến\s+tới", sent[a:], re.I) for _, a, _ in found_all):
            found_all = [(f, a, b) for f, a, b in found_all
                         if f.inputs or f.result or re.match(r"tiến\s+tới", sent[a:], re.I)]
        found_all += _refused_again(sent, found_all)
        _share_results([f for f, _, _ in found_all])
        for f, _, _ in found_all:
            f.inputs = _resolve_counts(f.inputs, sent[:f.cue_at], base, ctx.subject)
        gov = sent[:first_cue] if first_cue is not None else sent
        seen: set[tuple] = set()
        for f, seg_lo, seg_hi in found_all:
            seg_text = sent[seg_lo:seg_hi]
            before = sent[seg_lo:f.cue_at]
            foot = None
            fm = re.search(r"⁽?([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d)⁾", seg_text)
            if fm:
                foot = ctx.footnotes.get(_sup(fm.group(1)))
            status = _status(gov, before if before.strip() else gov, ctx, foot, seg_text)
            status = f.status or status
            levels = f.levels or _levels_in(seg_text[f.start - seg_lo:] if f.start >= seg_lo else seg_text)
            named_lv = _level_from_names([m.name for m in f.inputs] + ([f.result.name] if f.result else [])) \
                or _level_from_names([m.surface for m in f.inputs])
            if not levels and named_lv in ("village", "commune"):
                levels = [named_lv]  # "UBND cấp huyện … sáp nhập các thôn": the units set the level
            if not levels:
                levels = _levels_in(seg_text)
            if not levels:
                levels = [named_lv or _owner_level(seg_text) or ctx.level_hint or "province"]
            if len(levels) > 1 and not re.search(r"cấp\s+\w+\s*(?:,|và)\s*cấp", seg_text, re.I):
                levels = levels[-1:] if f.kind != "concurrent-post" else levels[:1]
            scope = f.scope or scope_of(seg_text) or (_footnote_scope(foot) if foot else None) or ctx.scope_hint
            for lv in levels:
                ins = [_district_party(_at_level(m, lv), lv) for m in f.inputs]
                key = (f.kind, lv, tuple(fold(m.name) for m in ins), fold(f.result.name) if f.result else "",
                       f.status)
                if key in seen:
                    continue
                seen.add(key)
                t_lo, t_hi = seg_lo, seg_hi
                mates = sorted((g for g, a, _ in found_all if a == seg_lo), key=lambda g: g.start)
                if len(mates) > 1:
                    if f is not mates[0]:
                        t_lo = f.start
                    t_hi = max(f.end, t_lo + 1) if f.kind in ("merge", "dissolve") else seg_hi
                changes.append(Change(
                    text=sent[t_lo:t_hi].strip(), kind=f.kind, level=lv, status=status,
                    start=base + t_lo, end=base + t_hi, inputs=ins, result=f.result, scope=scope,
                    halted=status in ("halted", "not-expanded"), due=ctx.due, task_ref=ctx.task_ref,
                ))
    return changes


def _owner_level(seg: str) -> str | None:
    """"Ban Quản lý … trực thuộc UBND huyện Đức Phổ": a body under a district committee is a district body."""
    m = re.search(_NB + r"thuộc\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+(huyện|quận|thị\s+xã|thành\s+phố|xã|phường|"
                  r"thị\s+trấn)\s+(?-i:[A-ZĐ])", seg, re.I)
    if not m:
        return None
    return "commune" if fold(m.group(1)) in ("xa", "phuong", "thi tran") else "district"


_BACK_REF = re.compile(r"\s*không\s+(?:mở\s+rộng|nhân\s+rộng|tiếp\s+tục)\s+(?:thí\s+điểm\s+)?mô\s+hình\s+"
                       r"(?:này|trên|nói\s+trên)" + _NA, re.I)


def _refused_again(sent: str, found_all: list[tuple[_Found, int, int]]) -> list[tuple[_Found, int, int]]:
    """"Tiếp tục thí điểm mô hình X tại A; không mở rộng mô hình này ra …": X again, not expanded."""
    out: list[tuple[_Found, int, int]] = []
    for seg_lo, seg_hi in _segments(sent):
        if not _BACK_REF.match(sent[seg_lo:seg_hi]) or any(a == seg_lo for _, a, _ in found_all):
            continue
        prev = [f for f, a, _ in found_all if a < seg_lo]
        if prev:
            p = prev[-1]
            out.append((_Found(p.kind, seg_lo, seg_hi, list(p.inputs), p.result, list(p.levels),
                               cue_at=seg_lo, status="not-expanded"), seg_lo, seg_hi))
    return out


def _heads_of_merged(sent: str, found: list[_Found]) -> None:
    """"kiêm nhiệm chức danh người đứng đầu hoặc hợp nhất A, B": the posts are the heads of A and B."""
    merged = [m for f in found if f.kind == "merge" for m in f.inputs]
    heads = re.compile(r"\s*(?:(?:một\s+số\s+)?chức\s+danh\s+)?người\s+đứng\s+đầu", re.I)
    for f in found:
        if f.kind == "concurrent-post" and not f.inputs and merged and \
                heads.match(sent[f.start:].split(" ", 2)[-1]):
            f.inputs = [AgencyMention(m.surface, "Người đứng đầu " + m.name[:1].lower() + m.name[1:], m.start, m.end,
                                      m.collective, "post") for m in merged]


def _first_of_all(sent: str, lo: int, hi: int, base: int, prev: _Found) -> None:
    """"…; trước mắt (mô hình của) "Câu lạc bộ X"": the body named first joins the change before it."""
    m = re.match(r"\s*trước\s+mắt\s+(?:là\s+)?(?:(?:mô\s+hình|tổ\s+chức)\s+)?(?:của\s+)?", sent[lo:hi], re.I)
    if not m or prev.kind not in ("reorganise", "merge", "absorb", "dissolve"):
        return
    a = lo + m.end()
    mm = _mention(sent, a, _cut(sent, a, hi), base)
    if mm and _is_head(mm.name):
        prev.inputs.append(mm)


def _share_results(found: list[_Found]) -> None:
    """"Hợp nhất A với B; C với D thành một cơ quan là E": the first merger gets E too."""
    carry = None
    for f in reversed(found):
        if f.kind != "merge":
            carry = None
            continue
        if f.result is None and carry is not None:
            f.result = carry
        carry = f.result or carry


def _resolve_counts(ins: list[AgencyMention], before: str, base: int, subject: str | None) -> list[AgencyMention]:
    """"hợp nhất 03 Văn phòng": the three offices named before it (and the section's own body)."""
    out: list[AgencyMention] = []
    for m in ins:
        c = re.match(r"0*(\d+)\s+(\S+(?:\s+\S+)?)$", m.name)
        if not c:
            out.append(m)
            continue
        n, head = int(c.group(1)), fold(c.group(2))
        cands: list[AgencyMention] = []
        w = re.search(_NB + r"với\s+", before, re.I)
        if w:
            cands = [x for x in _bodies(before, w.end(), _cut(before, w.end(), len(before)), base)]
        if subject:
            cands.append(AgencyMention(subject, clean_name(subject), m.start, m.end))
        cands = [x for x in _unique(cands) if fold(x.name).startswith(head)]
        out.extend(cands if len(cands) == n else [m])
    return out


def _at_level(m: AgencyMention, level: str) -> AgencyMention:
    """"đơn vị hành chính cấp huyện, cấp xã" read at one level names that level only."""
    word = {"province": "tỉnh", "district": "huyện", "commune": "xã", "village": "thôn"}.get(level)
    pat = r"cấp\s+(?:tỉnh|huyện|xã|thôn)(?:\s*(?:,|và)\s*cấp\s+(?:tỉnh|huyện|xã|thôn))+"
    if word and re.search(pat, m.name, re.I):
        return AgencyMention(m.surface, re.sub(pat, "cấp " + word, m.name, flags=re.I), m.start, m.end,
                             m.collective, m.kind)
    return m


_SUP = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def _sup(s: str) -> str:
    return s.translate(_SUP)


def _footnote_scope(text: str) -> str | None:
    m = re.search(r"(?:tại|ở)\s+(.+?)\.?$", text.strip(), re.I)
    if not m:
        return None
    parts = re.split(r"\s*,\s*|\s+và\s+", m.group(1))
    return ", ".join(p[:1].lower() + p[1:] if re.match(r"(?i)huyện|xã|thị", p) else p for p in parts if p)


def _district_party(m: AgencyMention, level: str) -> AgencyMention:
    """A district party board printed without its committee ("ban tuyên giáo") is "… cấp ủy"."""
    if level in ("district", "commune") and re.fullmatch(
            r"ban (?:to chuc|tuyen giao|dan van|noi chinh)|uy ban kiem tra", fold(m.name)):
        return AgencyMention(m.surface, m.name + " cấp ủy", m.start, m.end, m.collective, m.kind)
    return m


def _cues(sent: str, lo: int, hi: int) -> list[tuple[str, re.Match[str] | None, int, int]]:
    """Cue words of one clause, in order, without those that only name a rule, criterion or review."""
    out = []
    for kind, pat in _CUES:
        for m in pat.finditer(sent, lo, hi):
            before = sent[lo:m.start()]
            if _NOT_A_CHANGE.search(before):
                continue
            after = sent[m.end():hi]
            # "thành lập, sáp nhập, hợp nhất, giải thể đơn vị …" is a list of nouns, not an order
            if re.match(r"\s*,\s*(?:thành lập|sáp nhập|hợp nhất|giải thể|tổ chức)", after, re.I) or \
                    re.search(r"(?:thành lập|sáp nhập|hợp nhất|giải thể),\s*$", before, re.I):
                continue
            if kind == "establish" and re.search(r"\bđể\s*$", before):
                continue
            window = sent[lo:_cut(sent, m.end(), hi)] if kind != "concurrent-post" else ""
            if _CLASS_WIDE.search(window) or _INTER_AGENCY.search(window):
                continue
            out.append((kind, m, m.start(), m.end()))
    out.sort(key=lambda c: c[2])
    # overlapping cues ("sắp xếp, tổ chức lại" + "phục vụ chung" on one office): keep both, dedup later
    return out


# ---------------------------------------------------------------- layer 2


_FRAMING = re.compile(
    r"^(?:[a-z0-9]+(?:\.[0-9]+)*[.)\-]\s*)?(?:khai quat|tinh hinh|ket qua|muc dich|yeu cau|quan diem|muc tieu|"
    r"nguyen nhan|danh gia|han che|noi nhan|can cu)")


def _lead_paras(b: Block) -> list[Block]:
    """Unnumbered paragraphs right under an item, before its first bullet: they belong to it."""
    out = []
    for c in b.children:
        if c.kind != "para":
            break
        out.append(c)
    return out


def _own_text(src: Source, b: Block) -> tuple[str, int]:
    """The block's own words and the paragraphs that continue it, without its bullets."""
    rest = b.children[len(_lead_paras(b)):]
    end = rest[0].start if rest else max(b.end, *(c.end for c in b.children)) if b.children else b.end
    return src.text[b.start:max(end, b.start)], b.start


def _ancestors(b: Block) -> list[Block]:
    out = []
    p = b.parent
    while p is not None:
        out.append(p)
        p = p.parent
    return out[::-1]


def footnotes_of(text: str) -> dict[str, str]:
    """Footnote lines ("¹ Thực hiện thí điểm tại huyện …") keyed by their marker."""
    out = {}
    for m in re.finditer(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d+\))\s*(.+)$", text, re.M):
        out[_sup(m.group(1).strip("()"))] = m.group(2).strip()
    return out


def _report(b: Block) -> bool:
    """A section title reporting past results ("I. Kết quả thực hiện …"): done changes are stated there."""
    first = b.text.strip().split("\n")[0]
    title = len(first.split()) <= 16 or first.upper() == first
    return title and bool(re.match(r"^(?:[a-z0-9]+(?:\.[0-9]+)*[.)\-]\s*)?(?:ket qua|tinh hinh)", fold(first)))


def _framing(b: Block) -> bool:
    """A section title on purpose, principles, targets or past results: what it holds states no change."""
    first = b.text.strip().split("\n")[0]
    title = len(first.split()) <= 16 or first.upper() == first
    return title and bool(_FRAMING.match(fold(first)))


def extract_changes(source: Source, structure: Structure, tasks: list[Task]) -> list[Change]:
    """Walk the blocks of the body, read each block's own text, and drop restatements."""
    body_end = len(source.text) if source.body_end < 0 else source.body_end
    notes = footnotes_of(source.text[source.body_start:body_end])
    by_ref = {t.ref: t for t in tasks}
    units: list[list] = []  # [block, text, offset, ancestors]
    for b in structure.root.walk():
        if b is structure.root or b.start >= body_end or b.start < source.body_start:
            continue
        if b.kind == "para" and b.parent is not None and b in _lead_paras(b.parent) \
                and b.parent is not structure.root:
            continue  # read with its item
        chain = [a for a in _ancestors(b) if a is not structure.root]
        report = any(_report(a) for a in [*chain, b])
        if (any(_framing(a) for a in chain) or _framing(b)) and not report:
            continue
        text, off = _row_text(source, b) if b.kind == "row" and b.cells else _own_text(source, b)
        if not text.strip():
            continue
        prev = units[-1] if units else None
        if b.kind == "para" and text.lstrip()[:1].islower() and prev is not None and prev[0].kind != "row" \
                and prev[2] + len(prev[1]) <= off:
            prev[1] = source.text[prev[2]:off + len(text)]  # a line broken off the sentence before it
            continue
        units.append([b, text, off, chain, report])
    per_block: list[tuple[Block, list[Change]]] = []
    for b, text, off, chain, report in units:
        heads = [a.text.strip().split("\n")[0] for a in chain]
        hint_src = [_own_text(source, a)[0] for a in chain] + [text]
        level_hint = next((h for h in (level_hint_of(t) for t in reversed(hint_src)) if h), None)
        scope_hint = next((s for s in (_place_scope(t) for t in reversed(hint_src[:-1])) if s), None)
        task = _task_for(b, by_ref)
        subject = next((x for x in (_heading_body(h) for h in reversed(heads)) if x), None)
        ctx = ChangeContext(
            headings=heads, level_hint=level_hint, scope_hint=scope_hint, footnotes=notes, subject=subject,
            due=task.time.due if task else None, task_ref=task.ref if task else None, report=report,
        )
        found = find_changes(text, off, ctx)
        if report:
            found = [c for c in found if c.status == "completed"]
        found = _inherit_level_restatement(text, off, ctx, b, per_block) + found
        per_block.append((b, found))
    # a parent whose changes its own children restate gives way to them
    kept: list[Change] = []
    for b, chs in per_block:
        kids = [c for bb, cc in per_block if bb is not b and _is_descendant(bb, b) for c in cc]
        for c in chs:
            same = [x.name for k in kids if k.kind == c.kind and k.level == c.level for x in k.inputs]
            if c.inputs and same and _covers(same, [x.name for x in c.inputs]):
                continue
            parent = [pc for pb, pcs in per_block if _is_descendant(b, pb) for pc in pcs]
            if any(p.kind == c.kind and p.level == c.level and _prefix_inputs(c, p) for p in parent):
                continue
            kept.append(c)
    return _dedupe(kept)


def _heading_body(h: str) -> str | None:
    """The body a section heading names ("3.2. Văn phòng Ủy ban nhân dân tỉnh:"), if it is only that."""
    t = re.sub(r"^\s*[\dIVXA-Z]+(?:\.\d+)*[.)\-]?\s*", "", h).strip(" :.")
    if t and len(t.split()) <= 10 and _is_head(t) and "," not in t:
        return t
    return None


def _row_text(src: Source, b: Block) -> tuple[str, int]:
    for k, v in b.cells.items():
        if "noi dung" in fold(k) or "nhiem vu" in fold(k):
            at = src.text.find(v, b.start, b.end)
            return v, (at if at >= 0 else b.start)
    return _own_text(src, b)


def _place_scope(text: str) -> str | None:
    m = re.search(_NB + r"(?:đối với|tại)\s+(huyện\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*)", text)
    return m.group(1) if m else None


def _task_for(b: Block, by_ref: dict[str, Task]) -> Task | None:
    p: Block | None = b
    while p is not None:
        if p.ref and p.ref in by_ref:
            return by_ref[p.ref]
        p = p.parent
    return None


def _is_descendant(b: Block, anc: Block) -> bool:
    p = b.parent
    while p is not None:
        if p is anc:
            return True
        p = p.parent
    return False


def _covers(child_names: list[str], names: list[str]) -> bool:
    ck = {fold(n) for n in child_names}
    return all(fold(n) in ck for n in names)


def _prefix_inputs(c: Change, p: Change) -> bool:
    """A bullet restating its item with a shorter name ("Văn phòng" under "Văn phòng Tỉnh ủy")."""
    if not c.inputs or not p.inputs:
        return False
    def k(n: str) -> str:
        return re.sub(r"^(?:cac|nhung) ", "", fold(n))
    pk = [k(x.name) for x in p.inputs]
    return all(any(q.startswith(k(x.name)) and q != k(x.name) for q in pk) for x in c.inputs)


def _inherit_level_restatement(text: str, off: int, ctx: ChangeContext, b: Block,
                               done: list[tuple[Block, list[Change]]]) -> list[Change]:
    """"+ Đối với cấp tỉnh sẽ thực hiện …" under an item restates the item's change at another level."""
    m = re.match(r"\s*(?:[-+•]\s*)?Đối với cấp (tỉnh|huyện|xã)\b", text)
    if not m or b.parent is None:
        return []
    lv = _LEVEL_WORDS[fold(m.group(1))]
    parent = next((cs for bb, cs in done if bb is b.parent), [])
    if not parent:
        return []
    p = parent[0]
    status = _status(text, text, ChangeContext(), None)
    return [Change(text=text.strip(), kind=p.kind, level=lv, status=status, start=off, end=off + len(text),
                   inputs=list(p.inputs), result=None, scope=None, due=ctx.due, task_ref=ctx.task_ref)]


def _dedupe(changes: list[Change]) -> list[Change]:
    """One change restated by several items (body bullets, appendix rows) is kept once."""
    out: list[Change] = []
    seen: dict[tuple, Change] = {}
    for c in changes:
        names = frozenset(re.sub(r"^(?:cac|nhung) ", "", fold(m.name)) for m in c.inputs)
        refused = c.status == "not-expanded"  # a refusal is not a restatement of the pilot it refuses
        key = (c.kind, c.level, names, refused) if c.inputs else \
            (c.kind, c.level, c.status, fold(c.result.name) if c.result else "")
        # one body is born once: "Thành lập C trên cơ sở hợp nhất các …" restates "Hợp nhất A, B thành C",
        # an appendix row "Đề án thành lập C" the body item that also names what C is made of
        born = (c.kind, c.level, "result", fold(c.result.name)) \
            if c.kind in ("merge", "establish") and c.result else None
        if born is not None and born in seen and key not in seen:
            key = born
        if key in seen:
            first = seen[key]
            first.due = first.due or c.due
            continue
        seen[key] = c
        if born is not None:
            seen.setdefault(born, c)
        out.append(c)
    return out
