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

from tinhgon.builders import gazetteer
from tinhgon.builders.model import DocRef, DocumentMeta, Source
from tinhgon.text import fold

# Title words (folded) → DOC_KINDS slug, longest first so "chuong trinh hanh dong" wins over others.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("chuong trinh hanh dong", "chuong-trinh-hanh-dong"), ("thong bao ket luan", "thong-bao"),
    ("ke hoach", "ke-hoach"), ("nghi quyet", "nghi-quyet"), ("ket luan", "ket-luan"),
    ("thong bao", "thong-bao"), ("nghi dinh", "nghi-dinh"), ("quyet dinh", "quyet-dinh"),
    ("chi thi", "chi-thi"), ("huong dan", "huong-dan"), ("de an", "de-an"), ("cong van", "cong-van"),
    ("bao cao", "bao-cao"), ("quy dinh", "quy-dinh"), ("thong tu", "thong-tu"), ("luat", "luat"),
)
_KIND_LINE = re.compile(r"^\s*(" + "|".join(k for k, _ in KIND_WORDS) + r")\b\s*(.*)$")

# A document number as printed: "18-NQ/TW", "56/2017/QH14", "10/NQ-CP", "07 -KH/TW", "21-CTr/TU".
NUMBER_RE = re.compile(
    r"(?<![\w/-])(\d{1,5})\s*([-/])\s*((?:\d{4}\s*/\s*)?[A-ZĐ][A-Za-zĐđ]{0,5}\d*(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]{0,7}\d*)*)"
)
_OWN_HEADER = re.compile(r"(?m)^[ \t*]*Số[ \t]*:?[ \t]*(\d{1,5}[ \t]*[-/][^\s,;]*)")
_ATTACHED = re.compile(
    r"kèm theo\s+(?:Kế hoạch|Chương trình hành động|Chương trình|Quyết định|Nghị quyết|Kết luận|Thông báo|Đề án)"
    r"\s+số\s*:?\s*(\d{1,5}\s*[-/]\s*[^\s,;)]+)(?:\s*,?\s*(ngày\s+\d{1,2}\s*(?:tháng|[-/.])\s*\d{1,2}\s*(?:năm|[-/.])\s*\d{4}))?",
    re.IGNORECASE,
)
_CODE_CASE = {"CTR": "CTr", "TTG": "TTg", "QĐI": "QĐi"}


def canonical_number(raw: str) -> str:
    """Spaces removed, letters upper case except the fixed mixed-case codes (CTr, TTg)."""
    s = re.sub(r"\s+", "", raw).strip(".,;:")
    parts = re.split(r"([-/])", s)
    return "".join(_CODE_CASE.get(p.upper(), p.upper()) if p not in "-/" else p for p in parts)


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
        stripped = line.strip()
        m = _KIND_LINE.match(fold(stripped))
        if m and _caps_ratio(stripped) > 0.8 and len(stripped) < 120:
            kind = next(slug for word, slug in KIND_WORDS if word == m.group(1))
            start = pos + line.index(stripped[0])
            kind_end = pos + len(line.rstrip("\r\n"))
            end = kind_end
            p2 = pos + len(line)
            for nxt in text[p2:].splitlines(keepends=True):
                s2 = nxt.strip()
                if not s2:
                    p2 += len(nxt)
                    continue
                if re.match(r"^-{3,}|^[A-Z]{1,4}[.)\-]\s|^\d+[.)]\s|^\(kèm", s2) or not (
                    s2[0].islower() or _caps_ratio(s2) > 0.8
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
    if m and NUMBER_RE.match(m.group(1)):
        return canonical_number(m.group(1)), None, m.start(1), m.end(1)
    m = _ATTACHED.search(text)
    if m and NUMBER_RE.match(m.group(1)):
        return canonical_number(m.group(1)), parse_date(m.group(2) or ""), m.start(1), m.end(1)
    return None, None, 0, 0


def read_metadata(source: Source, references: list[DocRef]) -> DocumentMeta:
    """The document's kind, number, date, year, issuer, signer and province, from its own frame."""
    return _read(source, references)


def _read(source: Source, references: list[DocRef]) -> DocumentMeta:
    body = source.body
    base = source.body_start
    meta = DocumentMeta()
    ks, ke, te, kind = title_block(body)
    meta.kind = kind
    if te > ks:
        meta.title = re.sub(r"\s+", " ", body[ke:te]).strip() or None
        meta.start, meta.end = base + ks, base + te
    number, date, _, _ = own_number(body)
    meta.number = number
    meta.date = date or _header_date(body[:max(ks, 0) + 1] if ks else body[:800])
    meta.province, meta.province_evidence = _province(body)
    meta.year = _year(meta, body, references)
    meta.issuer_body = _issuer_body(body, ks, te)
    if meta.issuer_body:
        meta.issuer = full_issuer(meta.issuer_body, meta.province)
    meta.signer = _signer(body)
    return meta


# Bodies that issue plans, by folded name → the name as written in running text.
_BODIES: tuple[tuple[str, str], ...] = (
    ("ban thuong vu tinh uy", "Ban Thường vụ Tỉnh ủy"),
    ("ban thuong vu huyen uy", "Ban Thường vụ Huyện ủy"),
    ("ban thuong vu thanh uy", "Ban Thường vụ Thành ủy"),
    ("ban thuong vu thi uy", "Ban Thường vụ Thị ủy"),
    ("ban chap hanh dang bo tinh", "Ban Chấp hành Đảng bộ tỉnh"),
    ("ban chap hanh dang bo huyen", "Ban Chấp hành Đảng bộ huyện"),
    ("thuong truc tinh uy", "Thường trực Tỉnh ủy"),
    ("tinh uy", "Tỉnh ủy"),
    ("huyen uy", "Huyện ủy"),
    ("thanh uy", "Thành ủy"),
    ("uy ban nhan dan tinh", "Ủy ban nhân dân tỉnh"),
    ("uy ban nhan dan huyen", "Ủy ban nhân dân huyện"),
    ("ubnd tinh", "Ủy ban nhân dân tỉnh"),
    ("hoi dong nhan dan tinh", "Hội đồng nhân dân tỉnh"),
    ("ban can su dang uy ban nhan dan tinh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"),
)
# "T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN TỈNH", "KT. CHỦ TỊCH" — the line that opens a signature.
_SIGN_FOR = re.compile(r"^\W*(?:T/M|TM|T\.M|Thay mặt)\.?\s+(.+?)\W*$", re.IGNORECASE)
_SIGN_POSTS = re.compile(
    r"^\W*(?:KT\.?\s+|Q\.\s*|TUQ\.?\s+)?(?:PHÓ\s+)?(?:BÍ THƯ|CHỦ TỊCH|TRƯỞNG BAN|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|"
    r"PHÓ BÍ THƯ|PHÓ CHỦ TỊCH|THƯỜNG TRỰC)\W*$", re.IGNORECASE,
)
_MAKER = re.compile(
    r"(Ban Thường vụ (?:Tỉnh|Huyện|Thành|Thị) ủy|Ban Chấp hành Đảng bộ (?:tỉnh|huyện)|Ủy ban nhân dân (?:tỉnh|huyện)|"
    r"Tỉnh ủy|Huyện ủy)\s+(?:xây dựng|ban hành|đề ra)\s+(?:kế hoạch|chương trình)",
    re.IGNORECASE,
)


def _body_name(raw: str) -> str | None:
    """A body as printed in capitals or mixed case → its usual written form."""
    k = fold(raw).strip(" .:,")
    k = re.sub(r"\s+", " ", k)
    for key, name in _BODIES:
        if k == key:
            return name
    return None


def _issuer_body(body: str, ks: int, te: int) -> str | None:
    """Who issues it: a "CỦA …" line in the title, else the signature block ("T/M BAN THƯỜNG VỤ"),
    else the body that says it makes the plan ("Ban Thường vụ Tỉnh ủy xây dựng kế hoạch")."""
    if te > ks:
        m = re.search(r"(?im)^[ \t*]*CỦA\s+([^\n]{4,60}?)[ \t*]*$", body[ks:te])
        if m:
            name = _body_name(m.group(1))
            if name:
                return name
    maker = _MAKER.search(body[:6000])
    maker_name = _body_name(maker.group(1)) if maker else None
    lines = body.splitlines()
    for line in reversed(lines[-80:] if len(lines) > 80 else lines):
        m = _SIGN_FOR.match(line.replace("*", "").strip())
        if not m:
            continue
        signed = m.group(1).strip()
        name = _body_name(signed)
        if name:
            return name
        # "T/M BAN THƯỜNG VỤ" leaves the committee implicit: take it from the header or the text.
        k = fold(signed)
        if k in ("ban thuong vu", "ban chap hanh", "thuong truc"):
            head = fold(body[:400])
            level = None
            if maker_name and fold(maker_name).startswith(k):
                return maker_name
            for word, written in (("tinh uy", "Tỉnh ủy"), ("huyen uy", "Huyện ủy"), ("thanh uy", "Thành ủy")):
                if word in head:
                    level = written
                    break
            if level is None:
                counts = {w: fold(body).count(word) for word, w in (("tinh uy", "Tỉnh ủy"), ("huyen uy", "Huyện ủy"))}
                level = max(counts, key=counts.get) if any(counts.values()) else None
            if level:
                return {"ban thuong vu": "Ban Thường vụ", "ban chap hanh": "Ban Chấp hành Đảng bộ",
                        "thuong truc": "Thường trực"}[k] + " " + (
                    level if k != "ban chap hanh" else level.replace(" ủy", "").lower())
        break
    return maker_name


def full_issuer(name: str, province: str | None) -> str:
    """"Ban Thường vụ Tỉnh ủy" + Bình Thuận → "Ban Thường vụ Tỉnh ủy Bình Thuận"; "… tỉnh" takes it too."""
    if not province:
        return name
    if re.search(r"(Tỉnh ủy|tỉnh)$", name):
        return f"{name} {province}"
    return name


def _signer(body: str) -> str | None:
    """The name under the signature block: the first line after "T/M …" / "BÍ THƯ" shaped as a name."""
    lines = [ln.replace("*", "").strip() for ln in body.splitlines()]
    for i in range(len(lines) - 1, -1, -1):
        if _SIGN_FOR.match(lines[i]) or _SIGN_POSTS.match(lines[i]):
            for nxt in lines[i + 1:i + 12]:
                if not nxt or _SIGN_POSTS.match(nxt) or re.match(r"^\(.*\)$", nxt) or nxt.lower().startswith("đã ký"):
                    continue
                words = nxt.split()
                if 2 <= len(words) <= 5 and all(w[0].isupper() and (len(w) == 1 or not w[1:].isupper())
                                                for w in words) and not re.search(r"\d", nxt):
                    return " ".join(words)
                break
            if _SIGN_FOR.match(lines[i]):
                break
    return None


def _header_date(head: str) -> str | None:
    m = re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", head)
    return parse_date(m.group(0)) if m else None


def _province(body: str) -> tuple[str | None, str | None]:
    head = body[:600]
    m = re.search(r"(?im)^[ \t*]*(?:TỈNH ỦY|TỈNH UỶ|ĐẢNG BỘ TỈNH|ỦY BAN NHÂN DÂN TỈNH|UBND TỈNH|HỘI ĐỒNG NHÂN DÂN TỈNH)"
                  r"[ \t]+([^\n*]{3,30}?)[ \t*]*$", head)
    if m:
        p = gazetteer.place(m.group(1).strip().title())
        if p is not None and p.kind == gazetteer.PROVINCE:
            return p.name, "header"
    prov, why = gazetteer.infer_province(body)
    return (prov, why) if prov else (None, None)


def _year(meta: DocumentMeta, body: str, references: list[DocRef]) -> int | None:
    if meta.date:
        return int(meta.date[:4])
    if meta.title:
        m = re.search(r"\bnăm\s+(\d{4})\b", meta.title)
        if m:
            return int(m.group(1))
    years = Counter(int(r.date[:4]) for r in references if r.relation == "implements" and r.date)
    if years:
        return max(years)
    return None
