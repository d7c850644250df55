"""Metadata step: what the document says about itself — kind, number, date, issuer, signer, province.

Provincial plans print these in a fixed frame: a header ("TỈNH ỦY AN GIANG", "Số 19-CTr/TU",
"An Giang, ngày 19 tháng 4 năm 2018"), a title block ("KẾ HOẠCH" + "thực hiện …"), and a
signature block at the end ("T/M BAN THƯỜNG VỤ / BÍ THƯ / name"). OCR copies often lose
the header; then the province is read from the places the text names (gazetteer), the year
from the title or the documents it carries out, and whatever the text does not support stays
unknown.
"""

from __future__ import annotations

import re
from collections import Counter

from tinhgon.builders import gazetteer, numbers
from tinhgon.builders.model import DocRef, DocumentMeta, Source
from tinhgon.text import fold

_KIND_LINE = re.compile(r"^\s*(" + "|".join(map(re.escape, numbers.kind_words(folded=True))) + r")\b\s*(.*)$")
_OWN_HEADER = re.compile(r"(?m)^[ \t*]*Số[ \t]*:?[ \t]*(\d{1,5}[ \t]*[-/][^\s,;]*)")
_ATTACHED = re.compile(
    r"(?:^|\()[ \t*_]*(?:ban hành\s+)?kèm theo\s+(?:" + numbers.kind_pattern() + r")"
    r"\s+số\s*:?\s*(\d{1,5}\s*[-/]\s*[^\s,;)]+)(?:\s*,?\s*(ngày\s+\d{1,2}\s*(?:tháng|[-/.])\s*\d{1,2}\s*(?:năm|[-/.])\s*\d{4}))?",
    re.IGNORECASE | re.MULTILINE,
)
canonical_number = numbers.canonical


def parse_date(s: str) -> str | None:
    """"ngày 02 tháng 7 năm 2018", "30/01/2018", "22-5-2020" → ISO date."""
    m = re.search(r"(\d{1,2})\s*(?:tháng|[-/.])\s*(\d{1,2})\s*(?:năm|[-/.])\s*(\d{4})", s)
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= d <= 31 and 1 <= mo <= 12 and 1900 < y < 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _caps_ratio(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def title_block(text: str) -> tuple[int, int, int, str | None]:
    """(kind line start, kind line end, title end, kind slug) of the first title block.

    The kind line is a line that is only a kind word in capitals ("KẾ HOẠCH"); the title
    runs on over lines in capitals or starting in lower case ("thực hiện …", "của …") and
    stops at a rule ("-----"), a heading ("A.", "I.") or an ordinary sentence.
    """
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip().strip("*#_ \t")
        m = _KIND_LINE.match(fold(stripped))
        if m and _caps_ratio(stripped) > 0.8 and len(stripped) < 120:
            kind = numbers.kind_of_word(m.group(1))
            start = pos + line.index(stripped)
            # The kind words end the kind line's kind part ("KẾ HOẠCH THỰC HIỆN …" on one line
            # keeps "THỰC HIỆN …" in the title).
            n_words = len(m.group(1).split())
            words = list(re.finditer(r"\S+", stripped))
            kind_end = start + words[n_words - 1].end()
            end = start + len(stripped)
            p2 = pos + len(line)
            for nxt in text[p2:].splitlines(keepends=True):
                s2 = nxt.strip().strip("*#_ \t")
                if not s2:
                    p2 += len(nxt)
                    continue
                # The first line is the title even in sentence case ("Triển khai thực hiện …")
                # unless it reads as the opening sentence ("…, Tỉnh ủy ban hành Kế hoạch như sau:").
                first = end == start + len(stripped)
                sentence_title = first and len(s2) < 400 and not s2.endswith((":", ".")) and \
                    not re.search(r"\b(ban hanh|xay dung|de ra)\s+(ke hoach|chuong trinh)", fold(s2))
                if re.match(r"^-{3,}|^[A-Z]{1,4}[.)\-]\s|^\d+[.)]\s|^\(kèm", s2) or not (
                    s2[0].islower() or _caps_ratio(s2) > 0.8 or sentence_title
                ):
                    break
                end = p2 + len(nxt.rstrip("\r\n"))
                p2 += len(nxt)
            return start, kind_end, end, kind
        pos += len(line)
        if pos > 4000:
            break
    return 0, 0, 0, None


def own_number(text: str) -> tuple[str | None, str | None, int, int]:
    """(number, ISO date, start, end) of the document's own number: the header's "Số 19-CTr/TU",
    else an appendix header "(kèm theo Kế hoạch số: 68/KH-UBND ngày 02 tháng 7 năm 2018 …)"."""
    head = text[:1500]
    m = _OWN_HEADER.search(head)
    if m and numbers.number_at(m.group(1)):
        return canonical_number(m.group(1)), None, m.start(1), m.end(1)
    m = _ATTACHED.search(text)
    if m and numbers.number_at(m.group(1)):
        return canonical_number(m.group(1)), parse_date(m.group(2) or ""), m.start(1), m.end(1)
    return None, None, 0, 0


def read_metadata(source: Source, references: list[DocRef]) -> DocumentMeta:
    """The document's own metadata; fields the text does not support stay None."""
    body = source.body
    base = source.body_start
    meta = DocumentMeta()
    ks, ke, te, kind = title_block(body)
    number, date, ns, ne = own_number(body)
    meta.number = number
    meta.kind = kind or (numbers.kind_of_number(number) if number else None)
    if te > ks:
        meta.title = re.sub(r"\s+", " ", body[ke:te]).strip() or None
    head = body[:ks] if te > ks else body[:800]
    meta.date = _header_date(head) or date
    meta.province, meta.province_evidence = _province(body, head)
    meta.year = _year(meta, references, body)
    unit = _local_unit(head)
    meta.issuer_body = _issuer_body(body, ks, ke, te, unit)
    if meta.issuer_body:
        # A district body is named after its district ("Ban Thường vụ Huyện ủy Châu Thành") in the
        # body's own name too: "Ban Thường vụ Huyện ủy" alone would be every district's committee.
        district = (unit[1] if unit else _place_district(head, meta.province)) \
            if _LOCAL_BODY.search(meta.issuer_body) else None
        if district:
            meta.issuer_body = meta.issuer = f"{meta.issuer_body} {district}"
        else:
            meta.issuer = f"{meta.issuer_body} {meta.province}" if meta.province else meta.issuer_body
    meta.signer = _signer(body)
    # Provenance of the metadata: the header (when printed above the title) through the title.
    first = len(body) - len(body.lstrip())
    if te > ks:
        meta.start = base + (first if head.strip() else ks)
        meta.end = base + te
    elif ne > ns:
        meta.start, meta.end = base + ns, base + ne
    elif body.strip():  # neither title nor number found: the opening line still says where the document is
        line_end = body.find("\n", first)
        meta.start, meta.end = base + first, base + (len(body) if line_end < 0 else line_end)
    return meta


def _header_date(head: str) -> str | None:
    m = re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", head, re.IGNORECASE)
    return parse_date(m.group(0)) if m else None


_HEADER_BODY = re.compile(
    r"(?m)^[ \t*]*(?:BAN CHẤP HÀNH )?(?:TỈNH ỦY|HUYỆN ỦY|THÀNH ỦY|THỊ ỦY|ĐẢNG BỘ (?:TỈNH|HUYỆN|THÀNH PHỐ)|"
    r"(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND) (?:TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ))[ \t]+([^\n*]{3,30}?)[ \t*]*$"
)
_PLACE_DATE = re.compile(r"(?m)^[ \t*]*([^\W\d][^\n,]{1,30}),\s*ngày\s+\d")


def _province(body: str, head: str) -> tuple[str | None, str | None]:
    """The header's "TỈNH ỦY AN GIANG" or "An Giang, ngày …"; else the places the text names."""
    for rx in (_HEADER_BODY, _PLACE_DATE):
        m = rx.search(head)
        if m:
            # A district's committee or town ("HUYỆN ỦY PHÚ QUÝ", "Phú Quốc, ngày …") names its province too.
            p = gazetteer.place(m.group(1).strip())
            if p is not None and p.kind != gazetteer.COMMUNE:
                return p.province, "header" if p.kind == gazetteer.PROVINCE else f"header: {m.group(1).strip()}"
    prov, why = gazetteer.infer_province(_without_recipients(body))
    return (prov, why) if prov else (None, None)


_RECIPIENTS = re.compile(r"(?im)^[ \t*]*nơi nhận\s*:?[^\n]*\n(?:[ \t]*(?:[-+•].*)?\n)*")


def _without_recipients(body: str) -> str:
    """The text without its "Nơi nhận:" list: copies sent to the centre ("Cục phía Nam tại
    Thành phố Hồ Chí Minh") say nothing of where the document comes from."""
    return _RECIPIENTS.sub(lambda m: " " * len(m.group(0)), body)


def _year(meta: DocumentMeta, references: list[DocRef], body: str) -> int | None:
    """Own date; else a year the title names ("trong năm 2018"); else the latest date of the
    documents it carries out (a plan is not older than what it implements); else its first deadline."""
    if meta.date:
        return int(meta.date[:4])
    if meta.title:
        m = re.search(r"\bnăm\s+(\d{4})\b", meta.title, re.IGNORECASE)
        if m:
            return int(m.group(1))
    # A header date with the day left blank for signing ("ngày    tháng 7 năm 2018").
    m = re.search(r"(?i)\bngày[\s.…]*tháng\s*\d{0,2}[\s.…]*năm\s+(\d{4})", body[:1500])
    if m:
        return int(m.group(1))
    years = [int(r.date[:4]) for r in references if r.relation in ("implements", "reviews") and r.date]
    if years:
        return max(years)
    # Last resort: the first deadline it sets ("trong quý II/2018", "tháng 6/2018", "trong năm 2018").
    due = [int(a or b) for a, b in _DEADLINE_YEAR.findall(body)]
    return min(due) if due else None


_DEADLINE_YEAR = re.compile(r"(?i)(?:\bquý\s+[IV]{1,3}|\btháng\s+\d{1,2})\s*/\s*(20\d\d)\b|\btrong năm\s+(20\d\d)\b")


# Bodies that issue plans, as folded words → (name without province). Order: longest first.
_BODIES: tuple[tuple[str, str], ...] = (
    ("ban thuong vu tinh uy", "Ban Thường vụ Tỉnh ủy"), ("ban thuong vu huyen uy", "Ban Thường vụ Huyện ủy"),
    ("ban thuong vu thanh uy", "Ban Thường vụ Thành ủy"),
    ("ban chap hanh dang bo tinh", "Ban Chấp hành Đảng bộ tỉnh"),
    ("ban chap hanh dang bo huyen", "Ban Chấp hành Đảng bộ huyện"),
    ("thuong truc tinh uy", "Thường trực Tỉnh ủy"),
    ("uy ban nhan dan tinh", "Ủy ban nhân dân tỉnh"), ("uy ban nhan dan huyen", "Ủy ban nhân dân huyện"),
    ("uy ban nhan dan thanh pho", "Ủy ban nhân dân thành phố"),
    ("hoi dong nhan dan tinh", "Hội đồng nhân dân tỉnh"), ("ubnd tinh", "Ủy ban nhân dân tỉnh"),
    ("tinh uy", "Tỉnh ủy"), ("huyen uy", "Huyện ủy"), ("thanh uy", "Thành ủy"),
)
_BODY_RE = "|".join(w for w, _ in _BODIES)
_BODY_NAME = dict(_BODIES)
_SIGN_FOR = re.compile(r"(?im)^[ \t*]*(?:T/M|TM|T\.M)\.?[ \t]+([^\n]{3,80}?)[ \t*]*$")
_ADOPTS = re.compile(
    r"\b(" + _BODY_RE + r")\s+(?:da\s+)?(?:ban hanh|xay dung|de ra|trien khai xay dung)\s+"
    r"(?:ke hoach|chuong trinh)(?!\s+so\b)"
)


# A district-level header: the committee or council of a huyện, thị xã or city under the province.
_LOCAL_HEADER = re.compile(
    r"(?m)^[ \t*]*(HUYỆN ỦY|THÀNH ỦY|THỊ ỦY|ĐẢNG BỘ (?:HUYỆN|THÀNH PHỐ|THỊ XÃ)|"
    r"(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND) (?:HUYỆN|THÀNH PHỐ|THỊ XÃ))[ \t]+([^\n*]{3,30}?)[ \t*]*$"
)
_LOCAL_BODY = re.compile(r"Huyện ủy|Thị ủy|Thành ủy|huyện|thị xã|thành phố")
_LEVEL_OF = {"huyen uy": "Huyện ủy", "thanh uy": "Thành ủy", "thi uy": "Thị ủy", "dang bo huyen": "Huyện ủy",
             "dang bo thanh pho": "Thành ủy", "dang bo thi xa": "Thị ủy"}


def _local_unit(head: str) -> tuple[str, str] | None:
    """(level, name) of a district-level issuer in the header: ("Huyện ủy", "Châu Thành"),
    ("huyện", "Núi Thành"); None for a province's own header or a province-level city."""
    m = _LOCAL_HEADER.search(head)
    if not m:
        return None
    name = m.group(2).strip()
    name = name.title() if _caps_ratio(name) > 0.8 else name
    p = gazetteer.place(name)
    if p is not None and p.kind == gazetteer.PROVINCE:
        return None  # "THÀNH ỦY HẢI PHÒNG" is a province-level city
    words = fold(m.group(1))
    level = _LEVEL_OF.get(words) or words.split()[-1].replace("huyen", "huyện").replace("thi xa", "thị xã")
    if words.endswith("thanh pho"):
        level = "thành phố"
    elif words.endswith("thi xa"):
        level = "thị xã"
    return level, name


# The place before the header date, also when printed on the number's line ("Số 45-KH/HU   Nam Đàn, ngày …").
_PLACE_BEFORE_DATE = re.compile(r"(?<!\w)([A-ZĐÀ-Ỹ][^\W\d]*(?: [A-ZĐÀ-Ỹ][^\W\d]*){0,3}),[ \t]*ngày[ \t]+\d")


def _place_district(head: str, province: str | None) -> str | None:
    """The district of the place line ("Nam Đàn, ngày 12 tháng 3 năm 2019") when the header that
    would name the district committee is lost."""
    m = _PLACE_BEFORE_DATE.search(head)
    if not m:
        return None
    name = m.group(1)
    p = gazetteer.place(name, province=province) if province else gazetteer.place(name)
    return p.name if p is not None and p.kind == gazetteer.DISTRICT else None


def _issuer_body(body: str, ks: int, ke: int, te: int, unit: tuple[str, str] | None = None) -> str | None:
    """Who issues it: "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH" under the kind line; the signature's
    "T/M BAN THƯỜNG VỤ"; the body that adopts the plan in the opening sentence; the header."""
    if te > ke:
        m = re.match(r"\s*cua\s+(" + _BODY_RE + r")\b", fold(body[ke:te]))
        if m:
            return _BODY_NAME[m.group(1)]
    party = unit[0] if unit and unit[0][0].isupper() else None
    level = party or _party_level(body)
    signs = list(_SIGN_FOR.finditer(body))
    if signs:
        name = fold(signs[-1].group(1))  # OCR's "TINH" for "TỈNH" folds the same
        for words, full in _BODIES:
            if name.startswith(words):
                return full
        if name.startswith("ban thuong vu") and level:
            return f"Ban Thường vụ {level}"
        if name.startswith("ban chap hanh") and level:
            return "Ban Chấp hành Đảng bộ " + {"Tỉnh ủy": "tỉnh", "Thành ủy": "thành phố", "Thị ủy": "thị xã"}.get(
                level, "huyện")
        if name.startswith("uy ban nhan dan"):
            return "Ủy ban nhân dân " + (unit[0] if unit and unit[0].islower() else "tỉnh")
    m = _ADOPTS.search(fold(body))
    if m:
        return _BODY_NAME[m.group(1)]
    head = fold(body[:ks] if te > ks else body[:300])
    m = re.search(r"\b(" + _BODY_RE + r")\b", head)
    if m:
        return _BODY_NAME[m.group(1)]
    return None


def _party_level(body: str) -> str | None:
    """Which party committee the text belongs to, by the one it names most ("Tỉnh ủy")."""
    c = Counter(re.findall(r"\b(tinh uy|huyen uy|thanh uy)\b", fold(body)))
    if not c:
        return None
    return {"tinh uy": "Tỉnh ủy", "huyen uy": "Huyện ủy", "thanh uy": "Thành ủy"}[c.most_common(1)[0][0]]


_ROLE = re.compile(r"^(?:K/?T\.?\s*|Q\.\s*)?(?:PHÓ\s+)?(?:BÍ THƯ|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|THƯỜNG TRỰC)\b")
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){1,4}$")


def _signer(body: str) -> str | None:
    """The name printed under the signature block ("T/M BAN THƯỜNG VỤ / BÍ THƯ / Nguyễn Mạnh Hùng")."""
    lines = body.splitlines()
    anchor = None
    for i, line in enumerate(lines):
        t = line.strip(" \t*")
        if _SIGN_FOR.match(t) or (_ROLE.match(t) and _caps_ratio(t) > 0.8 and len(t) < 40):
            anchor = i
    if anchor is None:
        return None
    seen = 0
    for line in lines[anchor + 1:anchor + 16]:
        t = re.sub(r"\s*\((?:đã ký|đã kí|ký)\)\s*$", "", line.strip(" \t*"), flags=re.IGNORECASE)
        if not t or t.startswith(("-", "+", "(")) or _ROLE.match(t):
            continue
        seen += 1
        if _NAME.match(t) and len(t) < 40 and (t.isupper() or all(w[1:].islower() for w in t.split() if len(w) > 1)):
            return t.title() if _caps_ratio(t) > 0.8 else t
        if seen > 3:
            break
    return None
