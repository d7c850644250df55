"""Document references: every other document a plan names by its number.

A plan sits in a chain of directives: it carries out (``implements``) the documents its
title or opening names after "thực hiện" / "Căn cứ … đề ra Kế hoạch", and it mentions
(``cites``) others along the way. Numbers are read as the issuing body writes them
(``18-NQ/TW``, ``56/2017/QH14``, ``68/2000/NĐ-CP``) and made canonical by removing spaces.

The text is noisy, so the reader also
- expands lists ("Nghị quyết số 18, 19-NQ/TW" is two references),
- resolves a bare "Nghị quyết số 39" to the number printed elsewhere in the same document,
- repairs evident misprints against the numbers the document prints more often
  (a cut "18-NQ/T", or "18/NQ-CP" in a list that repeats the list of 18-NQ/TW).

Offsets are into ``Source.text``; only the first copy of the document (``Source.body``)
is read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tinhgon.builders import lexicon, numbers
from tinhgon.builders.metadata import (
    DATE_AFTER,
    issuer_line,
    issuer_named,
    issuers_in,
    own_date,
    own_numbers,
    parse_date,
    title_block,
)
from tinhgon.builders.model import DocRef, Source
from tinhgon.builders.outline import blank_parentheses
from tinhgon.text import fold, opening_letters

_KIND_ALT = numbers.kind_pattern()
_SO = r"(?:số|SỐ|Số)\s*:?\s*"
_LIST_BEFORE = re.compile(_SO + r"((?:\d{1,5}\s*(?:,|và|;)\s*)+)$")
# The kind word before a number ("Nghị quyết số"), and a kind with bare digits ("Nghị quyết số 39"):
# the doc_kinds words in the grammar's context, compiled by the lexicon.
_KIND_BEFORE = lexicon.compile_alternation("doc_kinds", "words", bound=False, group=True,
                                           after=r"\s*(?:(?:số|SỐ|Số)\s*:?\s*)?$", flags=re.IGNORECASE)
_BARE = lexicon.compile_alternation(
    "doc_kinds", "words", bound=False, group=True, flags=re.IGNORECASE,
    before="" if "words" in lexicon.family("doc_kinds").regex else
    opening_letters(w for r in lexicon.rows("doc_kinds") for w in r.words("words")),
    after=r"\s+(?:số\s*:?\s*)?(\d{1,5})(?![\d\w]|\s?[-/]\s?[\dA-ZĐ]|\s*,\s*\d)",
)

# The body that issued a referenced document, printed after it ("… của Bộ Chính trị", "… Hội nghị lần
# thứ sáu Ban Chấp hành Trung ương"): the issuers lexicon family (builders/data/lexicon/issuers.tsv),
# matched case-insensitively; group 1 is the issuer's words.
_ISSUER_AFTER = lexicon.compile_alternation(
    "issuers", "words", bound=False, group=True, flags=re.IGNORECASE, after=r"(?!\w)",
    before=r"^(?:[^;()\n]{0,60}?\b(?:của|CỦA)\s+(?:hội nghị lần thứ \w+\s+)?"
           r"|[^;()\n]{0,40}?hội nghị lần thứ \w+\s+(?:của\s+)?)",
)

# Between two references: a new top-level item starts after a separator and a kind word.
_RESET = lexicon.compile_alternation(
    "doc_kinds", "words", bound=False, flags=re.IGNORECASE, after=r"\s+(?:số\b|\d)",
    before=r"(?:[,;]|\bvà\b)\s*(?:" + lexicon.alternation("ref_cues", "cue", sense="open") + r"\s+)?(?:các\s+)?",
)


def _cues(sense: str) -> str:
    """The ref_cues words of one sense, as a bounded regex fragment (builders/data/lexicon/ref_cues.tsv)."""
    return lexicon.alternation("ref_cues", "cue", sense=sense)


def _bare_cues(sense: str) -> str:
    return lexicon.alternation("ref_cues", "cue", bound=False, sense=sense)


def _in_context(sense: str, before: str = "", after: str = "", *, bound: bool = True) -> re.Pattern[str]:
    """The ref_cues words of one sense between the grammar's context (case-insensitive, the family's flag)."""
    return lexicon.compile_alternation("ref_cues", "cue", bound=bound, before=before, after=after, sense=sense)


# Words after which a reference describes the one before it (what it carries out, what it is about).
_NEST = _in_context("nest")
_CARRY = _in_context("carry")
_CARRY_CHAIN = _in_context("carry", before=rf"(?<!\w)(?:(?:tổ chức|{_bare_cues('carry')})\s+)*")
_REVIEW = _in_context("review")
# A review word just before a carry cue ("TÌNH HÌNH THỰC HIỆN", "sơ kết 05 năm thực hiện"), up to three words apart.
_REVIEWED = _in_context("review", after=r"(?:\s+\S+){0,3}\s*$")

_CUE_OPEN = _in_context("open", before=r"^(?:Để\s+)?")
_PROPOSE = _in_context("propose")  # used with .match: opens the line
# "(và|;|,) hướng dẫn của <body> tại Công văn số": a guidance named by where it is printed, right before the number.
_RESUME = _in_context("resume", before=r"(?:^|[,;]|(?<!\w)và)\s*(?:các\s+)?",
                      after=rf"\s+của\s+[^,;:.]{{1,80}}?\s+tại\s+(?:{_KIND_ALT})\s*(?:số\s*:?\s*)?$")
# The kinds of document a body "makes" in its opening sentence (doc_kinds.tsv rows).
_PLAN_KINDS = "(?:" + "|".join(lexicon.alternation("doc_kinds", "words", bound=False, slug=k)
                               for k in ("ke-hoach", "chuong-trinh-hanh-dong", "de-an")) + ")"
_MAKE = _in_context("make", after=rf"\s+{_PLAN_KINDS}(?!\s+(?:số|của))")
# The body states its own conclusions or orders ("Ban Thường vụ Tỉnh ủy kết luận như sau:", "… thông báo
# ý kiến chỉ đạo như sau:", a directive's "…, Ủy ban nhân dân tỉnh yêu cầu:"): the verb in lower case (a
# capitalised "Kết luận số" is a document: the family's ignorecase is turned off, "(?-i:"), and "như sau:"
# or the colon closing the same clause.
_DECLARE = _in_context("declare", before="(?-i:", after=r"(?=[^.;:\n]{0,80}?\bnhư sau\s*:|\s*:))")
_MAKE_TO = _in_context(
    "carry", after=r"\s+",
    before=rf"(?:{_cues('make')}\s+{_PLAN_KINDS}(?:\s+này)?"
           rf"|Trên đây là\s+{_PLAN_KINDS}(?:\s+của\s+[^.;:]{{0,60}}?)?)"
           rf"\s+(?:để\s+)?(?:triển khai\s+)?",
)
_ENACTS = _in_context("enact", before=r"^(?:[^.;:]{0,80}\s)?", after=r"\s*:$", bound=False)
_ITEM = re.compile(r"^\s*(?:[-+•*–]|\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[IVXLC]+[.\-)])\s", re.IGNORECASE)
# What the text prints right after a reference (references_phrases.tsv): the term of the body that issued
# it ("khóa XII"), a quoted title, a title opening with "Một số" / "Về"; and a run that opens the
# document's contents ("… với những nội dung chủ yếu như sau:", not a list of past results "… kết quả:").
_PHRASES = lexicon.patterns("references_phrases")
# A title after "về", up to the clause's end or the next reference's kind word (doc_kinds.tsv).
_TITLE_ABOUT = lexicon.compile_alternation(
    "doc_kinds", "words", bound=False, flags=re.IGNORECASE, after=r"\s+số|$))",
    before=r"^\s*về\s+(?!thực hiện|kết quả)([^;()\"“\n]{5,300}?)(?=\s*(?:[;(\n]|\.\s|\.$|,\s*",
)


@dataclass
class _Hit:
    number: str
    code: str  # first code segment, upper case ("NQ")
    lead: str  # leading digits
    kind: str | None
    start: int  # offsets into body
    end: int
    raw: str
    bare: bool = False
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    about: list[str] = field(default_factory=list)
    implements: list[str] = field(default_factory=list)


def letters(number: str) -> str:
    return "".join(c for c in number.upper() if "A" <= c <= "Z" or c == "Đ")


def _number_hits(body: str) -> list[_Hit]:
    """Every printed number, lists expanded; kind from the word before "số" or from the code."""
    hits: list[_Hit] = []
    for n in numbers.find_numbers(body):
        num = n.text
        before = body[max(0, n.start - 80):n.start]
        lst = _LIST_BEFORE.search(before)
        kstart = n.start - (len(before) - lst.start()) if lst else n.start
        kb = _KIND_BEFORE.search(body[max(0, kstart - 40):kstart])
        kind = (numbers.kind_of_word(kb.group(1)) if kb else None) or numbers.kind_of_number(num)
        suffix = num[len(n.lead):]
        if lst:
            for at, digits in _digit_runs(lst.group(1)):
                s = n.start - len(before) + lst.start(1) + at
                hits.append(_Hit(digits + suffix, n.code, digits, kind, s, s + len(digits), body[s:n.end]))
        raw_start = kb.start() + max(0, kstart - 40) if kb else n.start
        hits.append(_Hit(num, n.code, n.lead, kind, n.start, n.end, body[raw_start:n.end]))
    return hits


def _bare_hits(body: str, hits: list[_Hit]) -> list[_Hit]:
    """ "Nghị quyết số 39" with no code: the number printed elsewhere with those digits and that kind."""
    taken = [(h.start, h.end) for h in hits]
    out = []
    for m in _BARE.finditer(body):
        s = m.start(2)
        if any(a <= s < b for a, b in taken):
            continue
        kind = numbers.kind_of_word(m.group(1))
        cands = {h.number for h in hits if h.lead == m.group(2) and h.kind == kind}
        if len(cands) == 1:
            num = next(iter(cands))
            out.append(_Hit(num, letters(num)[:2], m.group(2), kind, s, m.end(2), m.group(0), bare=True))
    return out


def _runs(body: str, hits: list[_Hit]) -> list[list[_Hit]]:
    """References printed together in one list (no sentence break, short gaps)."""
    runs: list[list[_Hit]] = []
    for h in sorted(hits, key=lambda h: h.start):
        if runs:
            gap = body[runs[-1][-1].end:h.start]
            if len(gap) < 250 and not re.search(r"\n\s*\n|[.!?]\s+[A-ZĐ]", gap):
                runs[-1].append(h)
                continue
        runs.append([h])
    return runs


def _repair(body: str, hits: list[_Hit]) -> None:
    """Evident misprints → the number meant, judged against numbers printed more often."""
    counts = Counter(h.number for h in hits)
    runs = _runs(body, hits)
    run_of = {id(h): {x.number for x in r} for r in runs for h in r}
    for h in hits:
        others = [n for n in counts if n != h.number and n.replace("-", "/").split("/")[0] == h.lead
                  and counts[n] > counts[h.number]]
        best = None
        for n in sorted(others, key=lambda n: -counts[n]):
            # A cut number: "18-NQ/T" for "18-NQ/TW".
            if letters(n).startswith(letters(h.number)) and letters(n) != letters(h.number):
                best = n
                break
            # A slipped type in a list that repeats another list: "18/NQ-CP" among 07-KH/TW, 56/2017/QH14 …
            if letters(n)[:2] == h.code[:2]:
                mine = run_of[id(h)] - {h.number}
                theirs = set().union(*(run_of[id(x)] for x in hits if x.number == n)) - {n}
                if len(mine & theirs) >= 2:
                    best = n
                    break
        if best:
            h.number = best
            h.kind = h.kind or numbers.kind_of_number(best)


def _describe(body: str, hits: list[_Hit]) -> None:
    """Date, issuer and title printed right after each reference."""
    for h in hits:
        tail = body[h.end:h.end + 400]
        d = DATE_AFTER.match(tail)
        pos = 0
        if d:
            h.date = parse_date(d.group(1))
            pos = d.end()
        rest = tail[pos:]
        i = _ISSUER_AFTER.match(rest)
        row = issuer_named(i.group(1)) if i and not numbers.NUMBER_RE.search(rest[:i.start(1)]) else None
        if row is not None:
            h.issuer = row["name"]
            pos += i.end()
        rest = tail[pos:]
        t = _PHRASES["term"].match(rest)
        if t:
            rest = rest[t.end():]
        q = _PHRASES["quoted-title"].match(rest)
        v = _TITLE_ABOUT.match(rest)
        u = _PHRASES["capital-title"].match(rest)
        if q:
            h.title = q.group(1).strip()
        elif v:
            h.title = v.group(1).strip()
        elif u:
            h.title = u.group(1).strip()


def _digit_runs(s: str) -> list[tuple[int, str]]:
    """(offset, digits) of each run of digits in ``s`` ("18, 19 và 20" of a list of numbers)."""
    out: list[tuple[int, str]] = []
    for i, c in enumerate(s):
        if c.isdecimal():
            if out and out[-1][0] + len(out[-1][1]) == i:
                out[-1] = (out[-1][0], out[-1][1] + c)
            else:
                out.append((i, c))
    return out


def _stop(text: str, pos: int, end: int, *, colon: bool = False) -> int | None:
    """The offset of the first full stop in text[pos:end] followed by a space (with ``colon``, also one
    that ends text[:end], or a colon): where a sentence (a clause) ends."""
    end = min(end, len(text))
    for i in range(pos, end):
        c = text[i]
        if c == ":" and colon:
            return i
        if c == "." and (text[i + 1].isspace() if i + 1 < end else colon):
            return i
    return None


def _top_level(body: str, start: int, end: int, hits: list[_Hit]) -> list[_Hit]:
    """References of a clause [start, end) that the clause itself names, not ones that describe another."""
    out: list[_Hit] = []
    nested = False
    prev = start
    for h in sorted((h for h in hits if start <= h.start < end), key=lambda h: h.start):
        gap = blank_parentheses(body[prev:h.start])
        resets = list(_RESET.finditer(gap))
        if _RESUME.search(gap):
            # "… và hướng dẫn của Bộ Nội vụ tại Công văn số …": a source of its own, even after a nested one
            nested = False
        elif resets and not (nested and resets[-1].group(0)[:2].lower() == "và"):
            # "…; Nghị quyết số …" starts a new item; "… về thực hiện Nghị quyết số 71 … và Chương
            # trình số 10 …" goes on describing the one before.
            nested = bool(_NEST.search(gap, resets[-1].end()))
        elif _NEST.search(gap):
            nested = True
        inside = body.count("(", start, h.start) > body.count(")", start, h.start)
        if not nested and not inside:  # "(được sửa đổi bởi Quyết định số …)" describes the one before
            out.append(h)
        prev = h.end
    return out


def _describe_links(body: str, hits: list[_Hit]) -> None:
    """What a referenced document carries out or reviews, as the text says right after it:
    "Kế hoạch số 07-KH/TW … thực hiện Nghị quyết số 18-NQ/TW"; "Kết luận số 74-KL/TW … về kết quả
    02 năm thực hiện Nghị quyết số 18-NQ/TW và số 19-NQ/TW"."""
    ordered = sorted(hits, key=lambda h: h.start)
    for i, h in enumerate(ordered):
        carry = review = False
        prev = h.end
        for h2 in ordered[i + 1:]:
            gap = blank_parentheses(body[prev:h2.start])
            if h2.number == h.number or ";" in gap or "\n" in gap or _stop(gap, 0, len(gap)) is not None \
                    or _RESET.search(gap) or _RESUME.search(gap):
                break
            if not carry:
                # The cue must follow this reference's own description, not a later one's.
                c = _CARRY.search(gap)
                # "… khóa XII và 04 năm thực hiện …" coordinates with what came before.
                if not c or "và" in gap[:c.start()].lower().replace(",", " ").split():
                    break
                carry = True
                review = bool(_REVIEW.search(body[h.end:h2.start]))
            target = h.about if (review and h.kind in ("ket-luan", "thong-bao")) else h.implements
            if h2.number not in target:
                target.append(h2.number)
            prev = h2.end


def _paragraphs(body: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in body.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _implements(body: str, hits: list[_Hit]) -> set[str]:
    """Numbers the document says it carries out: its title, and opening sentences such as
    "Thực hiện …, Ban Thường vụ Tỉnh ủy đề ra Kế hoạch" or "… xây dựng Kế hoạch thực hiện …"."""
    out: set[str] = set()
    _ks, ke, te, _kind = title_block(body)
    title = (ke, te) if te > ke else None
    if title:
        # "… về tình hình thực hiện Nghị quyết số 66-NQ/TW" reports on carrying it out: not this one's own.
        c = _CARRY_CHAIN.search(body, title[0], title[1])
        if c and not _REVIEWED.search(body, max(title[0], c.start() - 40), c.start()):
            out |= {h.number for h in _top_level(body, c.end(), title[1], hits)}
    if te > _ks:  # without a title the opening may be any sentence of the body
        out |= _preamble(body, te, hits)
    paras = _paragraphs(body)
    for i, (s, e) in enumerate(paras):
        text = body[s:e].replace("*", " ")
        if _ITEM.match(text) or (title and title[0] <= s < title[1]):
            continue
        lead = len(text) - len(text.lstrip())
        cue = _CUE_OPEN.match(text.lstrip())
        if cue:
            # The clause may run on into the next paragraph when this one ends with ";" or ",".
            stop = e
            j = i
            while body[s:stop].rstrip().endswith((";", ",")) and j + 1 < len(paras):
                j += 1
                stop = paras[j][1]
            clause = s + lead + cue.end()
            # The verb that makes this document, not one in a cited document's description ("Quyết
            # định số 2437/QĐ-TTg … ban hành Kế hoạch triển khai …. UBND tỉnh ban hành Kế hoạch … như sau:").
            mk = next((m for m in _MAKE.finditer(body, s + lead, stop) if _introduces_itself(body, m.end(), stop)),
                      None) or next((m for m in _DECLARE.finditer(body, clause, stop)
                                     if _introduces_itself(body, m.end(), stop)), None)
            if mk:
                out |= {h.number for h in _top_level(body, clause, mk.start(), hits)}
            elif j > i and _ENACTS.search(body[paras[j][0]:paras[j][1]].replace("*", " ").strip()):
                # "Căn cứ …; Theo đề nghị …; QUYẾT ĐỊNH:": the preamble of a decision or resolution
                out |= {h.number for h in _top_level(body, clause, paras[j][0], hits)}
            elif _PHRASES["opens-contents"].search(body[s:stop].rstrip(" *_\n")):
                # "Thực hiện X …. UBND tỉnh phát động Đợt thi đua … như sau:": the run opens the contents,
                # so its opening sentence names what the document carries out.
                dot = _stop(body, clause, stop)
                end = dot if dot is not None else (paras[j][0] if j > i else stop)
                out |= {h.number for h in _top_level(body, clause, end, hits)}
        for mt in _MAKE_TO.finditer(body, s, e):
            end = _stop(body, mt.end(), e, colon=True)
            if not mt.group(0).lower().startswith("trên đây") and not _introduces_itself(body, mt.end(), e):
                continue
            out |= {h.number for h in _top_level(body, mt.end(), e if end is None else end, hits)}
    return out


def _preamble(body: str, start: int, hits: list[_Hit]) -> set[str]:
    """What the preamble right after the title carries out: each of its paragraphs that opens with a
    cue ("Căn cứ …;", "Thực hiện …;") names, as its own item, the documents the text is issued under
    (a nested "đã được sửa đổi … theo Luật số …" in one căn cứ does not make the next one nested).
    The preamble is the run of such paragraphs, with the proposal ("Theo đề nghị của … tại Tờ trình
    số …", which only cites) and the enacting body's line between them; any other paragraph ends it."""
    out: set[str] = set()
    pos = start
    # Paragraphs, and the cells of a header laid out as a table row ("| … | Thực hiện …").
    for line in body[start:start + 12000].replace("|", "\n").split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        text = body[s:e].replace("*", " ")
        t = text.strip(" \t_#")
        if not t.strip("-_=.… \t") or issuer_line(t) is not None:  # blank, a rule, the enacting body
            continue
        cue = _CUE_OPEN.match(t)
        if cue is None:
            if _PROPOSE.match(t):
                continue
            break
        clause = s + text.index(t) + cue.end()
        dot = _stop(body, clause, e)
        end = e if dot is None else dot
        if not _reports(body[clause:end]):
            out |= {h.number for h in _top_level(body, clause, end, hits)}
    return out


def _reports(clause: str) -> bool:
    """The clause goes on to report what a body has done ("Thực hiện Nghị quyết số 18-NQ/TW …; Ban
    Thường vụ Tỉnh ủy đã tập trung lãnh đạo …"): an opening account, not a preamble."""
    low = fold(clause)
    for _row, a, b in issuers_in(low, folded=True):
        before = low[:a].rstrip()
        after = low[b:].split()[:2]
        if (not before or before[-1] in ",;") and after[:1] == ["da"] and after[1:] != ["duoc"]:
            return True
    return False


def _introduces_itself(body: str, pos: int, stop: int) -> bool:
    """The plan being made is this one: its sentence ends by opening the text ("… như sau:",
    "cụ thể như sau:"), not by assigning another plan to someone ("… xây dựng kế hoạch tinh giản")."""
    end = _stop(body, pos, stop, colon=True)
    sentence = body[pos:stop if end is None else end + 1]
    return sentence.rstrip().endswith(":") or "như sau" in sentence.lower()


def find_references(source: Source) -> list[DocRef]:
    """Every reference to another document in the body, one DocRef per mention."""
    body = source.body
    base = source.body_start
    own = own_numbers(body)
    hits = _number_hits(body)
    hits += _bare_hits(body, hits)
    _repair(body, hits)
    _describe(body, hits)
    hits = [h for h in hits if h.number not in own]
    # A document cannot cite one issued after itself: such a date is a misprint, left unknown.
    issued = own_date(body)
    for h in hits:
        if h.date and issued and h.date > issued:
            h.date = None
    _describe_links(body, hits)
    implements = _implements(body, hits)
    refs = []
    for h in sorted(hits, key=lambda h: h.start):
        refs.append(DocRef(
            number=h.number, kind=h.kind or numbers.kind_of_number(h.number), start=base + h.start, end=base + h.end,
            relation="implements" if h.number in implements else "cites", raw=h.raw, date=h.date,
            issuer=h.issuer, title=h.title, scope=numbers.scope(h.number), about=list(h.about),
            implements=list(h.implements),
        ))
    return refs


def _example_refs(text: str, where: str) -> list[DocRef]:
    return find_references(Source(path=where, name=where, stem="example", sha256="0", encoding="utf-8",
                                  original=text, text=text, offsets=list(range(len(text) + 1))))


# The reference a references_phrases example follows.
_EXAMPLE_REF = "Thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương"


def _phrase_example(row: lexicon.Row) -> str | None:
    """A title row's example read as the title of the reference it follows; an opens-contents row's
    example makes the opening sentence before it name what the document carries out."""
    ex = row["example"]
    if row["name"] == "opens-contents":
        refs = _example_refs(f"{_EXAMPLE_REF}. {ex}", row.where)
        ok = [r.relation for r in refs] == ["implements"]
        return None if ok else f"{row.where}: {ex!r} after {_EXAMPLE_REF!r} gives {[r.relation for r in refs]}"
    refs = _example_refs(f"{_EXAMPLE_REF} {ex}", row.where)
    title = refs[0].title if refs else None
    if not title or title not in ex or "khóa" in title:
        return f"{row.where}: {ex!r} after a reference reads as its title {title!r}"
    return None


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a ref_cues or references_phrases row, seen on its example run through
    find_references (None when seen)."""
    if family == "references_phrases":
        return _phrase_example(row)
    if family != "ref_cues":
        return f"{row.where}: references has no check for family {family!r}"
    text = row["example"].replace("\\n", "\n\n")  # "\n" in an example stands for a paragraph break
    refs = _example_refs(text, row.where)
    rel = {r.number: r.relation for r in refs}
    sense = row["sense"]
    if sense in ("open", "make", "declare", "enact"):
        ok = "implements" in rel.values()
    elif sense == "carry":
        ok = any(r.implements for r in refs)
    elif sense == "resume":
        # the source named after the cue is carried out, as is the one before it
        ok = len(refs) >= 2 and refs[-1].relation == "implements" and list(rel.values()).count("implements") >= 2
    elif sense in ("nest", "propose"):
        ok = "implements" in rel.values() and "cites" in rel.values()
    else:  # review
        ok = any(r.about for r in refs)
    seen = [(r.number, r.relation, r.implements, r.about) for r in refs]
    return None if ok else f"{row.where}: {row['example']!r} gives {seen}"
