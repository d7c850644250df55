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
from collections.abc import Callable
from functools import cache, lru_cache

from tinhgon.builders import gazetteer, lexicon, numbers
from tinhgon.builders.model import DocRef, DocumentMeta, Source
from tinhgon.text import fold

_KIND_WORDS = numbers.kind_words(folded=True)  # accent-free, longest first
# The header's number, place, date and body lines, and the years a text names: metadata_phrases.tsv.
_PHRASES = lexicon.patterns("metadata_phrases")
_OWN_HEADER = _PHRASES["own-header"]
# An appendix's "(kèm theo Kế hoạch số …, ngày …)": the doc_kinds words in context; groups: number, date.
_ATTACHED = lexicon.compile_alternation(
    "doc_kinds", "words", bound=False, flags=re.IGNORECASE | re.MULTILINE,
    before=r"(?:^|\()[ \t*_]*(?:ban hành\s+)?kèm theo\s+",
    after=r"\s+số\s*:?\s*(\d{1,5}\s*[-/]\s*[^\s,;)]+)"
          r"(?:\s*,?\s*(ngày\s+\d{1,2}\s*(?:tháng|[-/.])\s*\d{1,2}\s*(?:năm|[-/.])\s*\d{4}))?",
)
canonical_number = numbers.canonical


_DATE_TEXT = r"\d{1,2}\s*(?:tháng|[/\-.])\s*\d{1,2}\s*(?:năm|[/\-.])\s*\d{4}"
_DATE = re.compile(r"(\d{1,2})\s*(?:tháng|[-/.])\s*(\d{1,2})\s*(?:năm|[-/.])\s*(\d{4})")


def parse_date(s: str) -> str | None:
    """"ngày 02 tháng 7 năm 2018", "30/01/2018", "22-5-2020" → ISO date."""
    m = _DATE.search(s)
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= d <= 31 and 1 <= mo <= 12 and 1900 < y < 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _caps_ratio(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _folded(words: list[str]) -> str:
    """Lexicon words as one accent-free alternation, longest first."""
    ordered = sorted({fold(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


def _cue_words(sense: str) -> list[str]:
    return [w for r in lexicon.rows("ref_cues", sense=sense) for w in r.words("cue")]


@cache
def _makes_plan() -> re.Pattern[str]:
    """A body making a plan ("… ban hành Kế hoạch", "… triển khai xây dựng Chương trình"), on accent-free
    text: ref_cues.tsv's 'make' verbs (after an optional 'open' cue) before a plan's kind word."""
    plans = [w for r in lexicon.rows("doc_kinds") if r["slug"] in ("ke-hoach", "chuong-trinh-hanh-dong")
             for w in r.words("words")]
    return re.compile(rf"(?<!\w)(?:(?:{_folded(_cue_words('open'))})\s+)?(?:{_folded(_cue_words('make'))})\s+"
                      rf"(?:{_folded(plans)})(?!\w)(?!\s+so\b)")


def _end_of_words(s: str, n: int) -> int:
    """The offset just after the n-th word of ``s``."""
    pos = 0
    for w in s.split()[:n]:
        pos = s.index(w, pos) + len(w)
    return pos


def cell_lines(text: str) -> str:
    """The text with every table cell on a line of its own: a page that lays its header out as a
    table, joined by the layout into rows ("| Số: 659/TB-VPCP | Hà Nội, ngày … | THÔNG BÁO …"), reads
    as the printed header lines. The cell rule '|' becomes a line break, so offsets do not move."""
    return text.replace("|", "\n")


def _caps_run(s: str) -> int:
    """The length of the opening run of words printed in capitals ("THÔNG BÁO KẾT LUẬN … SỐ 66-NQ/TW"
    before "Ngày 28 tháng …"); 0 when the run is all of ``s``."""
    end = pos = 0
    for w in s.split():
        pos = s.index(w, pos) + len(w)
        if any(c.islower() for c in w):
            return end
        end = pos
    return 0


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _opening_kind(folded: str) -> str | None:
    """The kind word an accent-free line opens with, as a whole word ("ke hoach" of "ke hoach thuc hien …")."""
    s = folded.lstrip()
    return next((w for w in _KIND_WORDS if s.startswith(w) and not _word_char(s[len(w):len(w) + 1])), None)


def _ends_title(line: str) -> bool:
    """A line that cannot go on with a title: a rule ("-----"), a heading ("A. ", "II) ", "1. ") or an
    appendix's "(kèm theo …)"."""
    if line.startswith(("---", "(kèm")):
        return True
    caps = len(line) - len(line.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = next((i for i, c in enumerate(line) if not c.isdecimal()), len(line))
    return (1 <= caps <= 4 and line[caps:caps + 1] in (".", ")", "-") and line[caps + 1:caps + 2].isspace()) or (
        digits >= 1 and line[digits:digits + 1] in (".", ")") and line[digits + 1:digits + 2].isspace())


@lru_cache(maxsize=4)  # the references and metadata steps each read the body's title block
def title_block(text: str) -> tuple[int, int, int, str | None]:
    """(kind line start, kind line end, title end, kind slug) of the first title block.

    The kind line is a line that is only a kind word in capitals ("KẾ HOẠCH"); the title
    runs on over lines in capitals or starting in lower case ("thực hiện …", "của …") and
    stops at a rule ("-----"), a heading ("A.", "I."), an ordinary sentence or the line that
    names the enacting body ("ỦY BAN THƯỜNG VỤ QUỐC HỘI" above a resolution's "Căn cứ …").
    A title joined with the opening sentence on one line (a layout that lost the line breaks)
    ends where the capitals end.
    """
    text = cell_lines(text)
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip().strip("*#_ \t")
        m = _opening_kind(fold(stripped))
        run = _caps_run(stripped) if m and len(stripped) >= 120 else 0
        if m and not run and 120 <= len(stripped) < 600 and _caps_ratio(stripped) > 0.8:
            run = len(stripped)  # a long title printed on the kind's line, all in capitals
        if m and run and len(stripped[:run].split()) > len(m.split()) + 1:
            # "THÔNG BÁO KẾT LUẬN CỦA … Ngày 28 tháng 11 năm 2025, tại …": the title is the capitals.
            start = pos + line.index(stripped)
            kind_end = start + _end_of_words(stripped, len(m.split()))
            return start, kind_end, start + run, numbers.kind_of_word(m)
        if m and _caps_ratio(stripped) > 0.8 and len(stripped) < 120:
            kind = numbers.kind_of_word(m)
            start = pos + line.index(stripped)
            # The kind words end the kind line's kind part ("KẾ HOẠCH THỰC HIỆN …" on one line
            # keeps "THỰC HIỆN …" in the title).
            kind_end = start + _end_of_words(stripped, len(m.split()))
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
                # A decision's or resolution's title may name its verb ("Ban hành Kế hoạch …", "Về việc
                # ban hành Kế hoạch …"); the opening sentence names the body first ("…, Tỉnh ủy ban hành").
                f2 = fold(s2)
                makes = _makes_plan().search(f2)
                before = f2[:makes.start()] if makes else ""
                sentence_title = first and len(s2) < 400 and not s2.endswith((":", ".")) and \
                    (makes is None or ("," not in before and not issuers_in(before, folded=True)))
                if _ends_title(s2) or not (
                    s2[0].islower() or _caps_ratio(s2) > 0.8 or sentence_title
                ) or (issuer_line(s2) is not None and not fold(text[start:end]).endswith("cua")):
                    break
                end = p2 + len(nxt.rstrip("\r\n"))
                p2 += len(nxt)
            return start, kind_end, end, kind
        pos += len(line)
        if pos > 4000:
            break
    return 0, 0, 0, None


def own_numbers(text: str) -> set[str]:
    """Every number the document gives itself: the header's "Số …" and an appendix's "(kèm theo Kế
    hoạch số …)" (a reference reader leaves these out: a document does not cite itself)."""
    out: set[str] = set()
    m = _OWN_HEADER.search(text[:1500])
    if m and numbers.number_at(m.group(1)):
        out.add(canonical_number(m.group(1)))
    for a in _ATTACHED.finditer(text):
        if numbers.number_at(a.group(1)):
            out.add(canonical_number(a.group(1)))
    return out


def own_date(text: str) -> str | None:
    """The document's own date: the header's "An Giang, ngày 19 tháng 4 năm 2018", else an appendix's
    "(kèm theo Kế hoạch số … ngày 02 tháng 7 năm 2018)"."""
    ks, _ke, te, _kind = title_block(text)
    return _header_date(text[:ks] if te > ks else text[:800]) or own_number(text)[1]


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
    body = cell_lines(source.body)
    base = source.body_start
    meta = DocumentMeta()
    ks, ke, te, kind = title_block(body)
    number, date, ns, ne = own_number(body)
    meta.number = number
    meta.kind = kind or (numbers.kind_of_number(number) if number else None)
    if te > ks:
        meta.title = " ".join(body[ke:te].split()) or None
    head = body[:ks] if te > ks else body[:800]
    meta.date = _header_date(head) or date or _adopted_date(body)
    central = _header_issuer(head) or (_enacting_body(body, te) if te > ks else None)
    if central is not None and central["level"] != "central":
        central = None
    if central is None:
        meta.province, meta.province_evidence = _province(body, head)
    meta.year = _year(meta, references, body)
    unit = None if central else _local_unit(head)
    meta.issuer_body = central["name"] if central else _issuer_body(body, ks, ke, te, unit)
    if meta.issuer_body and issuer_level(meta.issuer_body) == "central":
        # A central body's document belongs to no province, whatever places it names.
        meta.issuer, meta.province, meta.province_evidence = meta.issuer_body, None, None
    elif meta.issuer_body:
        # A district body is named after its district ("Ban Thường vụ Huyện ủy Châu Thành") in the
        # body's own name too: "Ban Thường vụ Huyện ủy" alone would be every district's committee.
        district = (unit[1] if unit else _place_district(head, meta.province)) \
            if _is_local_body(meta.issuer_body) else None
        if district:
            meta.issuer_body = meta.issuer = f"{meta.issuer_body} {district}"
        else:
            meta.issuer_body = in_province(meta.issuer_body, meta.province)
            meta.issuer = f"{meta.issuer_body} {meta.province}" if meta.province else meta.issuer_body
    if te <= ks and not meta.number:
        heads = [(r.start - base, r.end - base) for r in source.regions if r.kind == "heading" and r.start >= base]
        _news_document(body, meta, sorted(heads))
        if meta.end > meta.start:
            meta.start, meta.end = base + meta.start, base + meta.end
            ns = ne = 0
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


_KIND_BEFORE_NUMBER = lexicon.compile_alternation("doc_kinds", "words", bound=False, group=True, flags=re.IGNORECASE,
                                                  before=r"(?<!\w)", after=r"\s+(?:số\s*:?\s*)?(?=\d)")
@cache
def _adopted_verb() -> re.Pattern[str]:
    """A verb by which a body issues a document ("đã ban hành", "thông qua", "ký"), accent-free: the
    'make' verbs of ref_cues.tsv and the 'signed' words of signature.tsv."""
    signed = [w for r in lexicon.rows("signature", sense="signed") for w in r.words("words")]
    return re.compile(rf"(?<!\w)(?:da\s+)?(?:{_folded(_cue_words('make') + signed)})(?!\w)")
# A date printed right after a number: "…/QĐ-TTg ngày 04/11/2025", "…, ban hành ngày 02 tháng 7 năm 2018".
DATE_AFTER = re.compile(rf"\s*[,;]?\s*(?:ban hành\s+)?(?:ngày|NGÀY)\s*({_DATE_TEXT})")
_DATED_SENTENCE = re.compile(rf"(?:^|[.\n])\s*(?:\*+\s*)?Ngày\s+({_DATE_TEXT})")


def _news_document(body: str, meta: DocumentMeta, headings: list[tuple[int, int]] | None = None) -> None:
    """A news or Q&A page that wraps a document and prints no header of its own: the document its
    heading names ("## Một số nội dung quan trọng tại Kết luận số 126-KL/TW của Bộ Chính trị, Ban
    Bí thư", "# Toàn văn Thông báo 665/TB-VPCP …"), else the first one the page says a body adopted
    ("tại Nghị quyết số 125/NQ-CP ngày 9/5/2025, Chính phủ đã thông qua …"). Its date, issuer and
    province are read from the sentences that name it."""
    # A page has a heading of its own (the layout step's "heading" regions, or a Markdown "#" line);
    # a plan whose header OCR lost is not a page.
    first = len(body) - len(body.lstrip())
    if headings:
        heading_end = headings[0][1]
    elif body.lstrip().startswith("#"):
        heading_end = body.find("\n", first) if "\n" in body[first:] else len(body)
    else:
        return
    cands = []
    for m in _KIND_BEFORE_NUMBER.finditer(body[:6000]):
        n = numbers.number_at(body, m.end())
        if n is not None and n.full:
            cands.append((m, n))
    if not cands:
        return
    chosen = None
    for m, n in cands:
        sentence = _sentence(body, m.start(), n.end)
        if m.start() < heading_end or _adopter(sentence, body[m.start():n.end], of=False) is not None:
            chosen = (m, n)
            break
    if chosen is None:
        return
    m, n = chosen
    meta.number = n.text
    meta.kind = numbers.kind_of_word(m.group(1)) or numbers.kind_of_number(n.text)
    meta.start, meta.end = m.start(), n.end  # offsets into the body; made absolute below
    mentions = [(mm, nn) for mm, nn in cands if nn.text == n.text]
    for mm, nn in mentions:
        d = DATE_AFTER.match(body, nn.end)
        if d:
            meta.date = parse_date(d.group(1))
            break
        sent_start = body.rfind("\n", 0, mm.start()) + 1
        ds = _DATED_SENTENCE.search(body, max(0, sent_start - 1), mm.start())
        if ds:
            meta.date = parse_date(ds.group(1))
            break
    if meta.date:
        meta.year = int(meta.date[:4])
    for mm, nn in mentions:
        row = _adopter(_sentence(body, mm.start(), nn.end), body[mm.start():nn.end])
        if row is not None:
            meta.issuer_body = row["name"]
            if row["level"] == "central":
                meta.issuer, meta.province, meta.province_evidence = row["name"], None, None
            else:
                prov, _why = gazetteer.infer_province(_sentence(body, mm.start(), nn.end))
                meta.province = meta.province or prov
                meta.issuer_body = in_province(row["name"], meta.province)
                meta.issuer = f"{meta.issuer_body} {meta.province}" if meta.province else meta.issuer_body
            break


def _sentence(body: str, start: int, end: int) -> str:
    """The sentence (or line) around [start, end)."""
    a = max(body.rfind("\n", 0, start), body.rfind(". ", 0, start) + 1)
    b = min(x for x in (body.find("\n", end), body.find(". ", end), len(body)) if x >= 0)
    return body[a + 1 if a >= 0 else 0:b]


def _adopter(sentence: str, mention: str, *, of: bool = True) -> lexicon.Row | None:
    """The body a sentence says issued the document it mentions: "của X" right after it, "X ban
    hành / đã ký …" before it, or "…, X đã thông qua" after it."""
    low = fold(sentence)
    at = low.find(fold(mention))
    if at < 0:
        return None
    hits = issuers_in(low, folded=True)
    after = [h for h in hits if h[1] >= at + len(fold(mention))]
    tail = low[at + len(fold(mention)):]
    gap = low[at + len(fold(mention)):after[0][1]] if after else ""
    if of and after and len(gap) <= 45 and not any(c in gap for c in ";:") and gap.split()[-1:] == ["cua"]:
        return after[0][0]
    before = [h for h in hits if h[2] <= at]
    if before and _adopted_verb().search(low, before[-1][2], at):
        return before[-1][0]
    if after and _adopted_verb().match(low[after[0][2]:].lstrip()) and len(tail) > 0:
        return after[0][0]
    return None


# A closing line holds "này … được": a body without these words (same flags) is not searched with the
# whole pattern, which tries every document kind at every character.
_THIS_IS = r"này\s+(?:đã\s+)?được\s+"
_THIS_IS_RE = re.compile(_THIS_IS, re.IGNORECASE)


@cache
def _adopted() -> re.Pattern[str]:
    """The closing line of a law or resolution that prints no header date: "Nghị quyết này được Ủy
    ban Thường vụ Quốc hội … thông qua ngày 14 tháng 4 năm 2025" (signature.tsv, sense 'adopted')."""
    return lexicon.compile_alternation(
        "signature", "words", bound=False, sense="adopted", flags=re.IGNORECASE,
        before=rf"(?:{numbers.kind_pattern()})\s+{_THIS_IS}[^.\n]{{0,200}}?(?<!\w)",
        after=rf"\s+(?:vào\s+)?ngày\s+({_DATE_TEXT})")


def _adopted_date(body: str) -> str | None:
    if not _THIS_IS_RE.search(body):
        return None
    found = list(_adopted().finditer(body))  # the closing line is the last such line
    return parse_date(found[-1].group(1)) if found else None


_HEADER_DATE = _PHRASES["header-date"]


def _header_date(head: str) -> str | None:
    m = _HEADER_DATE.search(head)
    return parse_date(m.group(0)) if m else None


_HEADER_BODY = _PHRASES["header-body"]
_PLACE_DATE = _PHRASES["place-date"]


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


# The "Nơi nhận:" line (signature.tsv, sense 'recipients') and the list under it.
_RECIPIENTS = lexicon.compile_alternation("signature", "words", bound=False, sense="recipients",
                                          flags=re.IGNORECASE | re.MULTILINE, before=r"^[ \t*]*",
                                          after=r"\s*:?[^\n]*\n(?:[ \t]*(?:[-+•].*)?\n)*")


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
        m = _PHRASES["title-year"].search(meta.title)
        if m:
            return int(m.group(1))
    # A header date with the day left blank for signing ("ngày    tháng 7 năm 2018").
    m = _PHRASES["blank-day-year"].search(body[:1500])
    if m:
        return int(m.group(1))
    years = [int(r.date[:4]) for r in references if r.relation in ("implements", "reviews") and r.date]
    if years:
        return max(years)
    # Last resort: the first deadline it sets ("trong quý II/2018", "tháng 6/2018", "trong năm 2018").
    due = [int(a or b) for a, b in _DEADLINE_YEAR.findall(body)]
    return min(due) if due else None


_DEADLINE_YEAR = _PHRASES["deadline-year"]


# -- issuers: builders/data/lexicon/issuers.tsv ------------------------------------------------

@cache
def _issuer_table() -> tuple[re.Pattern[str], dict[str, lexicon.Row]]:
    """One pattern over every issuer's printed forms (accent-free, longest first) and form → row."""
    table = {fold(w): r for r in lexicon.family("issuers").rows for w in r.words("words")}
    alts = sorted(table, key=lambda w: (-len(w), w))
    return re.compile(r"(?<!\w)(" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in alts) + r")(?!\w)"), table


def issuers_in(text: str, *, folded: bool = False) -> list[tuple[lexicon.Row, int, int]]:
    """Every issuer named in ``text`` (rows, with offsets into the folded text), mottos left out."""
    rx, table = _issuer_table()
    low = text if folded else fold(text)
    return [(table[m.group(1)], m.start(), m.end()) for m in rx.finditer(low) if table[m.group(1)]["level"] != "motto"]


def issuer_named(words: str) -> lexicon.Row | None:
    """The issuer row whose printed form these words are ("Ban chấp hành Đảng bộ tỉnh"), mottos excluded."""
    row = _issuer_table()[1].get(fold(words))
    return row if row is not None and row["level"] != "motto" else None


def in_province(name: str, province: str | None) -> str:
    """A provincial body as a centrally-run city names it: "Ủy ban nhân dân tỉnh" of Cần Thơ is the
    "Ủy ban nhân dân thành phố", its "Tỉnh ủy" the "Thành ủy" (issuers.tsv column 'city')."""
    p = gazetteer.place(province) if province else None
    if p is None or p.kind != gazetteer.PROVINCE or fold(p.unit_type) != "thanh pho":
        return name
    row = next((r for r in lexicon.family("issuers").rows if r["name"] == name), None)
    return (row.get("city") or name) if row is not None else name


def issuer_level(name: str) -> str | None:
    """"central", "province" or "district" for a known issuer's name."""
    for r in lexicon.family("issuers").rows:
        if r["name"] == name:
            return r["level"]
    return None


def issuer_line(line: str) -> lexicon.Row | None:
    """The issuer a line in capitals consists of, and nothing else ("ỦY BAN THƯỜNG VỤ QUỐC HỘI" between
    a resolution's title and its "Căn cứ …": the body that enacts it)."""
    t = line.strip(" \t*#_")
    if _caps_ratio(t) <= 0.8:
        return None
    low = fold(t)
    hits = issuers_in(low, folded=True)
    if len(hits) != 1 or hits[0][1] != 0:
        return None
    rest = t[hits[0][2]:].strip()  # fold keeps the length: the issuer's own place may follow
    return hits[0][0] if not rest or (hits[0][0]["level"] != "central" and gazetteer.place(rest.title())) else None


def _enacting_body(body: str, te: int) -> lexicon.Row | None:
    """The issuer named on the line right after the title block (see ``issuer_line``)."""
    for line in body[te:te + 300].splitlines():
        if line.strip(" \t*#_"):
            return issuer_line(line)
    return None


def _header_issuer(head: str) -> lexicon.Row | None:
    """The issuer printed in capitals at the top ("VĂN PHÒNG CHÍNH / PHỦ", "BAN CHẤP HÀNH TRUNG ƯƠNG /
    VĂN PHÒNG"), lines joined so a wrap inside the name does not cut it; the mottos beside it skipped."""
    lines = (ln.strip(" \t*#|_-") for ln in head.splitlines())
    caps = " ".join(t for t in lines if t and _caps_ratio(t) > 0.8 and not t.startswith(("Số", "SỐ")))
    hits = issuers_in(caps)
    return hits[0][0] if hits else None


# A line signing for a collective body: signature.tsv's "thay mặt" row (T/M) and the body's name (group 1).
_SIGN_FOR = lexicon.compile_alternation("signature", "words", bound=False, sense="for", words="T/M",
                                        flags=re.IGNORECASE | re.MULTILINE, before=r"^[ \t*]*",
                                        after=r"\.?[ \t]+([^\n]{3,80}?)[ \t*]*$")



# A district-level header: the committee or council of a huyện, thị xã or city under the province.
_LOCAL_HEADER = _PHRASES["local-header"]


@cache
def _levels() -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """(a committee's header words, accent-free → the committee; committee → the unit it leads; the words
    that name a body after its district) from metadata_levels.tsv."""
    rows = lexicon.family("metadata_levels").rows
    committee = {fold(w): r["level"] for r in rows for w in r.words("words")}
    local = tuple(w for r in rows if r["scope"] == "district" for w in (r["level"], r["unit"]))
    return committee, {r["level"]: r["unit"] for r in rows}, local


def _is_local_body(name: str) -> bool:
    """A body named after its district ("Ban Thường vụ Huyện ủy", "Ủy ban nhân dân huyện")."""
    return any(w in name for w in _levels()[2])


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
    # A committee's header names the committee; a government body's (or a city's or town's Đảng bộ) its unit.
    level = _levels()[0].get(words) or next((u for u in _levels()[1].values() if words.endswith(fold(u))), words)
    return level, name


# The place before the header date, also when printed on the number's line ("Số 45-KH/HU   Nam Đàn, ngày …").
_PLACE_BEFORE_DATE = _PHRASES["place-before-date"]


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
        hits = issuers_in(body[ke:te])
        title = fold(body[ke:te])
        if hits and title[:hits[0][1]].strip() == "cua":
            return hits[0][0]["name"]
    party = unit[0] if unit and unit[0][0].isupper() else None
    level = party or _party_level(body)
    signs = list(_SIGN_FOR.finditer(body))
    if signs:
        name = fold(signs[-1].group(1))  # OCR's "TINH" for "TỈNH" folds the same
        hits = issuers_in(name, folded=True)
        if hits and hits[0][1] == 0:
            return hits[0][0]["name"]
        if name.startswith("ban thuong vu") and level:
            return f"Ban Thường vụ {level}"
        if name.startswith("ban chap hanh") and level:
            return "Ban Chấp hành Đảng bộ " + _levels()[1][level]
        if name.startswith("uy ban nhan dan"):
            return "Ủy ban nhân dân " + (unit[0] if unit and unit[0].islower() else "tỉnh")
    folded = fold(body)
    for row, _a, b in issuers_in(folded, folded=True):
        rest = folded[b:b + 40].lstrip()
        rest = rest[3:] if rest.startswith("da ") else rest
        if row["level"] != "central" and _makes_plan().match(rest):
            return row["name"]
    hits = [h for h in issuers_in(body[:ks] if te > ks else body[:300]) if h[0]["level"] != "central"]
    return hits[0][0]["name"] if hits else None


def _party_level(body: str) -> str | None:
    """Which party committee the text belongs to, by the one it names most ("Tỉnh ủy"; metadata_levels.tsv),
    the first named on a tie."""
    low = fold(body)
    named = sorted((at, level) for level in _levels()[1] for at in _whole_word(low, fold(level)))
    c = Counter(level for _at, level in named)
    return c.most_common(1)[0][0] if c else None


def _whole_word(text: str, words: str) -> list[int]:
    """Offsets of ``words`` in ``text`` where no letter or digit touches them."""
    out: list[int] = []
    at = text.find(words)
    while at >= 0:
        end = at + len(words)
        if _word_char(text[at - 1:at]) or _word_char(text[end:end + 1]):
            at = text.find(words, at + 1)
        else:
            out.append(at)
            at = text.find(words, end)
    return out


@cache
def _signature() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a line opening with a mark of signing for, a line opening with a post) from signature.tsv."""
    fors = lexicon.alternation("signature", "words", bound=False, sense="for")
    return (lexicon.compile_alternation("signature", "words", bound=False, sense="for", before="^", after=r"\.?\s"),
            lexicon.compile_alternation("signature", "words", bound=False, sense="post",
                                        before=rf"^(?:(?:{fors})\.?\s*)?(?:PHÓ\s+)?", after=r"(?!\w)"))


@cache
def _signed() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a news page's "… đã ký Kết luận số …" / "… ký ban hành Nghị quyết …", not the post "Tổng Thư ký
    Quốc hội"; a block's "(đã ký)" mark) from signature.tsv's 'signed' words."""
    makes = lexicon.alternation("ref_cues", "cue", bound=False, sense="make")
    return (lexicon.compile_alternation("signature", "words", bound=False, sense="signed", flags=re.IGNORECASE,
                                        before=r"\s+(?:đã\s+)?",
                                        after=rf"\s+(?:(?:{makes})\s+)?(?:{numbers.kind_pattern()})(?!\w)"),
            lexicon.compile_alternation("signature", "words", bound=False, sense="signed", flags=re.IGNORECASE,
                                        before=r"\s*\((?:đã\s+)?", after=r"\)\s*$"))


def _is_name(t: str) -> bool:
    """A person's name: two to five words, each a capital (A-Z, Đ or an accented letter) then letters
    ("Nguyễn Văn An"); nothing before it, at most a line break after it."""
    t = t[:-1] if t.endswith("\n") else t
    words = t.split()
    return 2 <= len(words) <= 5 and t[:1] == words[0][:1] and t[-1:] == words[-1][-1:] and all(
        ("A" <= w[0] <= "Z" or w[0] == "Đ" or "\u00c0" <= w[0] <= "\u1ef8")
        and all(c.isalnum() and not c.isdecimal() and c != "_" for c in w[1:]) for w in words)


def _signer(body: str) -> str | None:
    """The name printed under the signature block ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH /
    name", "K/T CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG / name"); a news page's "<name> đã ký …".

    The block's lines may be wrapped ("K/T CHÁNH" / "VĂN PHÒNG"), so a line in capitals counts as
    the name only when no name in ordinary case follows it in the block."""
    sign_for, post = _signature()
    lines = [ln.strip(" \t*|_") for ln in body.splitlines()]
    anchor = None
    for i, t in enumerate(lines):
        if sign_for.match(t) or (post.match(t) and _caps_ratio(t) > 0.8 and len(t) < 60):
            anchor = i
    if anchor is None:
        return _news_signer(body)
    joined = _name_after_posts(lines[anchor])
    if joined:
        return joined
    mixed: list[str] = []
    caps: list[str] = []
    seen = 0
    for line in lines[anchor + 1:anchor + 16]:
        t = _signed()[1].sub("", line).strip()
        if not t or t.startswith(("-", "+", "(")) or post.match(t):
            continue
        seen += 1
        if _is_name(t) and len(t) < 40 and not issuers_in(t):
            if all(w[1:].islower() for w in t.split() if len(w) > 1):
                mixed.append(t)
                break
            if t.isupper():
                caps.append(t)
        if seen > 4:
            break
    if mixed:
        return mixed[0]
    return caps[-1].title() if caps else None


def _name_after_posts(line: str) -> str | None:
    """The name that closes a signature block printed on one line ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ
    NHIỆM Đỗ Ngọc Huỳnh": a layout that joined the block's lines): the words in ordinary case after
    the posts in capitals."""
    words = line.split()
    run: list[str] = []
    while words and words[-1][:1].isupper() and words[-1][1:].islower() and words[-1].isalpha():
        run.insert(0, words.pop())
    if not words or not words[-1].isupper() or not 2 <= len(run) <= 5:
        return None
    name = " ".join(run)
    return name if _is_name(name) and not issuers_in(name) else None


def _news_signer(body: str) -> str | None:
    """"Thay mặt Bộ Chính trị, Thường trực Ban Bí thư Trần Cẩm Tú đã ký Kết luận …" → Trần Cẩm Tú."""
    for m in _signed()[0].finditer(body[:3000]):
        words = body[max(0, m.start() - 60):m.start()].split()
        run: list[str] = []
        for w in reversed(words):
            if not (w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower())):
                break
            run.insert(0, w)
        name = " ".join(run[-4:])
        if len(run) >= 2 and not issuers_in(name) and not _signature()[1].match(name.upper()):
            return name
    return None


def _example_source(text: str, where: str) -> Source:
    return Source(path=where, name=where, stem="example", sha256="0", encoding="utf-8", original=text, text=text,
                  offsets=list(range(len(text) + 1)))


def _level_example(row: lexicon.Row) -> str | None:
    """A committee row: the committee its example names most, each header form read as it, and a
    district committee's body named after its district."""
    got = _party_level(row["example"])
    if got != row["level"]:
        return f"{row.where}: {row['example']!r} reads as the committee {got!r}"
    for w in row.words("words"):
        unit = _local_unit(f"{w.upper()} CHÂU THÀNH\n")
        if row["scope"] == "district" and unit != (row["level"], "Châu Thành"):
            return f"{row.where}: the header {w.upper()!r} CHÂU THÀNH reads as {unit!r}"
    if (row["scope"] == "district") != _is_local_body(f"Ban Thường vụ {row['level']}"):
        return f"{row.where}: Ban Thường vụ {row['level']} is {'not ' if row['scope'] == 'district' else ''}local"
    return None


# What each metadata_phrases row's example must give through the function that reads it.
_PHRASE_EFFECTS: dict[str, Callable[[str], object]] = {
    "own-header": lambda ex: own_number(ex)[0],
    "header-body": lambda ex: _province("", ex)[1] == "header",
    "local-header": lambda ex: _local_unit(ex),
    "place-date": lambda ex: _province("", ex)[1] == "header",
    "place-before-date": lambda ex: _place_district(ex, None),
    "header-date": lambda ex: _header_date(ex),
    "title-year": lambda ex: _year(DocumentMeta(title=ex), [], ""),
    "blank-day-year": lambda ex: _year(DocumentMeta(), [], ex),
    "deadline-year": lambda ex: _year(DocumentMeta(), [], ex),
}


def _phrase_example(row: lexicon.Row) -> str | None:
    effect = _PHRASE_EFFECTS.get(row["name"])
    if effect is None:
        return f"{row.where}: metadata has no check for the phrase {row['name']!r}"
    got = effect(row["example"])
    return None if got else f"{row.where}: {row['example']!r} gives nothing through {row['name']!r} ({got!r})"


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of an issuers, signature, metadata_levels or metadata_phrases row, seen on its example
    (None when seen)."""
    if family == "issuers":
        ex = row["example"]
        if row["level"] == "motto":
            head = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP\n" + ex.replace(" / ", "\n") + "\n"
            found = _header_issuer(head)
            ok = found is not None and found["name"] == "Ủy ban nhân dân tỉnh"
            return None if ok else f"{row.where}: the motto {ex!r} reads as an issuer ({found and found['name']!r})"
        meta = read_metadata(_example_source("# Tin tức\n\n" + ex, row.where), [])
        if meta.issuer_body != in_province(row["name"], meta.province):
            return f"{row.where}: {ex!r} gives issuer {meta.issuer_body!r}, not {row['name']!r}"
        if row.get("city"):
            # the same sentence of a centrally-run city names the city's body
            prov = meta.province or ""
            city_ex = ex.replace(prov, "Cần Thơ") if prov and prov in ex else ex
            got = read_metadata(_example_source("# Tin tức\n\n" + city_ex, row.where), [])
            if got.issuer != f"{row['city']} Cần Thơ":
                return f"{row.where}: {city_ex!r} gives issuer {got.issuer!r}, not {row['city']!r} Cần Thơ"
        if row["level"] == "central" and meta.province is not None:
            return f"{row.where}: a central issuer gives province {meta.province!r}"
        return None
    if family == "signature" and row["sense"] == "signed":
        got = _news_signer(row["example"])
        return None if got else f"{row.where}: {row['example']!r} gives no signer"
    if family == "signature" and row["sense"] == "adopted":
        got = _adopted_date(row["example"])
        return None if got else f"{row.where}: {row['example']!r} gives no adoption date"
    if family == "signature" and row["sense"] == "recipients":
        text = "\n".join(row["example"].split(" / ")) + "\n"
        got = _without_recipients(text)
        return None if not got.strip() else f"{row.where}: {row['example']!r} keeps {got.strip()!r} as text"
    if family == "metadata_levels":
        return _level_example(row)
    if family == "metadata_phrases":
        return _phrase_example(row)
    if family == "signature":
        lines = row["example"].split(" / ")
        text = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n" + "\n".join(lines) + "\n"
        got = _signer(text)
        return None if got == lines[-1] else f"{row.where}: the block {row['example']!r} gives signer {got!r}"
    return f"{row.where}: metadata has no check for family {family!r}"
