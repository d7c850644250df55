"""Relations between documents, and when a document takes or loses effect, read off the words before each reference.

Why: legal databases (vbpl.vn's "lược đồ", EUR-Lex, ELI) type the links between documents — căn cứ
(based on), hướng dẫn (guides), sửa đổi, bổ sung (amends), thay thế (replaces), bãi bỏ (repeals),
tạm dừng / đình chỉ thi hành (suspends) — and say whether a document still stands. Vietnamese documents
state these in fixed words right before the number of the document acted on, so this step reads the
references ``builders/references.py`` found (only their public output: numbers and offsets) and
classifies the cue in front of each.

Grammar (here) and vocabulary (``builders/data/lexicon/relations.tsv``) are apart:
- an *active* cue is followed by the document acted on ("thay thế Kế hoạch số 12/KH-UBND"), possibly
  with the articles it touches ("sửa đổi, bổ sung Điều 3, khoản 2 Điều 5 của Quyết định số …"), and
  by further documents coordinated with it ("…, Kế hoạch số 15/KH-UBND và Kế hoạch số 20/KH-UBND");
- the document that acts is the nearest of, before the cue in the same clause: "<kind> này" (this
  document), a reference whose description the clause is ("Căn cứ Thông tư số 01/2025/TT-BTTTT … sửa
  đổi … Thông tư số 06/2022/TT-BTTTT": 01/2025 amends 06/2022), unless a verb of making comes between
  ("…, Ủy ban nhân dân tỉnh ban hành Kế hoạch thay thế …": the plan being made); with neither, the
  document being read (an article "Bãi bỏ Quyết định số …");
- a *passive* cue ("được sửa đổi, bổ sung bởi") swaps the two;
- work still to do ("đề xuất bãi bỏ …", "trình … thay thế …") states no relation.
Standing: "<subject> có hiệu lực (thi hành) (kể) từ ngày <date | ký>" and "<subject> hết hiệu lực …".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import cache

from tinhgon.builders import lexicon, numbers
from tinhgon.builders.model import RELATION_KINDS, DocRef, Relation, Source, Validity
from tinhgon.builders.outline import blank_parentheses
from tinhgon.text import opening_letters

FAMILY = "relations"
_FLAGS = re.IGNORECASE

# Clause boundaries: a sentence or clause mark before a space, a blank line, or a new item or article.
_BOUNDARY = re.compile(
    r"[.;!?](?=\s)|:(?=\s*\n)|\n\s*\n|\n(?=[ \t]*(?:[-+•–]|\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[IVXLC]+[.)]|Điều\s+\d+)\s)"
)
_ARTICLES_LEAD = (
    r"(?:(?:một\s+số|các|toàn\s+bộ)\s+(?:điều|khoản|điểm|nội\s+dung)(?:\s*,\s*(?:khoản|điểm))*"
    r"|(?:(?:điểm\s+[a-zđ]\d?|khoản\s+\d+|Điều\s+\d+[a-z]?|Phụ\s+lục\s+[IVX\d]+|Mục\s+[IVX\d]+)[\s,]*(?:và\s+)?)+)"
    r"\s*(?:của|tại|thuộc|theo)?\s*"
)


def _phrase(name: str) -> re.Pattern[str]:
    """A phrase pattern of relations_phrases.tsv (an article touched, the day words of effect …)."""
    return lexicon.patterns("relations_phrases")[name]


@cache
def _rows(role: str) -> tuple[lexicon.Row, ...]:
    return lexicon.rows(FAMILY, role=role)


@cache
def _alt(role: str, **where: str) -> str:
    return lexicon.alternation(FAMILY, "cue", bound=False, role=role, **where)


@cache
def _doc_kind() -> str:
    """A kind of document (doc_kinds.tsv, through builders/numbers.py) or another noun naming one."""
    return "(?:" + numbers.kind_pattern() + "|" + _alt("document") + ")"


@cache
def _self_re() -> re.Pattern[str]:
    """ "Quyết định này", "Kế hoạch này": the document being read."""
    return re.compile(r"(?<!\w)" + _doc_kind() + r"\s+này(?!\w)", _FLAGS)


@cache
def _lead_re() -> re.Pattern[str]:
    """Between a cue and the number it applies to: the articles touched, the kind, "số"."""
    return re.compile(
        r"^[\s,]*(?:" + _ARTICLES_LEAD + r")?(?:các\s+|toàn\s+bộ\s+)?(?:" + _doc_kind() + r")?\s*"
        # a law is named by its title before its number ("Luật Tổ chức Quốc hội số 57/2014/QH13")
        r"(?:(?<=\w)(?:\s+[^\W\d][^\s,;:.()]*){1,12}\s+(?=số\b|SỐ\b))?"
        r"(?:số|SỐ)?\s*:?\s*$", _FLAGS,
    )


@cache
def _coord_re() -> re.Pattern[str]:
    """Between two references of one list: their descriptions, then ", " / "và" and the next kind."""
    return re.compile(r"(?:,|;|\bvà\b|\bcùng\b)\s*(?:các\s+)?(?:" + _doc_kind() + r")?\s*(?:số|SỐ)?\s*:?\s*$", _FLAGS)


@cache
def _cue_re() -> re.Pattern[str]:
    """Every relation cue; the group name tells its row (role and voice)."""
    parts = []
    rows = [row for row in lexicon.rows(FAMILY) if row["role"] in RELATION_KINDS]
    for i, row in enumerate(lexicon.rows(FAMILY)):
        if row["role"] in RELATION_KINDS:
            parts.append(f"(?P<r{i}>{lexicon.family(FAMILY).pattern(row, 'cue')})")
    # Longest alternatives first across rows: "được sửa đổi, bổ sung bởi" before "sửa đổi".
    parts.sort(key=lambda p: -len(p))
    return re.compile(_opens(rows) + r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", _FLAGS)


def _opens(rows: Iterable[lexicon.Row]) -> str:
    """The look-ahead for the first letters of these rows' cues (the whole body is searched for them)."""
    return "" if "cue" in lexicon.family(FAMILY).regex else opening_letters(w for r in rows for w in r.words("cue"))


@cache
def _row_of(group: str) -> lexicon.Row:
    return lexicon.rows(FAMILY)[int(group[1:])]


@cache
def _make_re() -> re.Pattern[str]:
    """A verb by which a document is made ("… ban hành Kế hoạch thay thế …"): ref_cues.tsv's 'make' rows,
    the one home of these words (references.py reads them for what a plan carries out)."""
    return lexicon.compile_alternation("ref_cues", "cue", sense="make")


def _word_re(role: str, **context: str) -> re.Pattern[str]:
    """The cues of one role as whole words (in the grammar's ``before``/``after`` context)."""
    return lexicon.compile_alternation(FAMILY, "cue", flags=_FLAGS, role=role, **context)


def _nested(text: str, pos: int = 0, endpos: int | None = None) -> bool:
    """Whether words in ``text[pos:endpos]`` make the reference after them part of another's description
    (ref_cues.tsv's 'nest' rows: "… thực hiện", "… kèm theo", "… tại", and the few relations.tsv holds
    besides), or a relation cue does."""
    end = len(text) if endpos is None else endpos
    nest = lexicon.compile_alternation("ref_cues", "cue", flags=_FLAGS, sense="nest")
    return any(rx.search(text, pos, end) for rx in (nest, _word_re("nest"), _cue_re()))


def _signing() -> re.Pattern[str]:
    """The words naming the day of signing ("từ ngày ký"), not bounded before: the day words precede them."""
    return lexicon.compile_alternation(FAMILY, "cue", bound=False, after=r"(?!\w)", flags=_FLAGS, role="signing")


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding ``pos`` starts: the end of the last boundary of ``text[floor:pos]``.

    Read from the boundaries of the whole text, found once: the scan of ``text[floor:pos]`` finds the
    same boundaries as long as no attempt looks at ``pos`` or beyond, so it resumes after the last
    boundary known to be out of reach of ``pos`` (see :func:`_boundaries`).
    """
    ends, safe = _boundaries(text, floor)
    i = bisect.bisect_right(safe, pos)
    start = ends[i - 1] if i else floor
    for m in _BOUNDARY.finditer(text, start, pos):
        start = m.end()
    return start


# What a boundary attempt reads beyond its first character: spaces, digits, dots, the roman numerals and
# "Điều" of an item marker, then at most three more ("a) ", "- "). The first other character stops it.
_REACH = re.compile(r"[^\s\d.IVXLCĐiều]")
_SEEN: dict[tuple[str, int], tuple[list[int], list[int]]] = {}


def _boundaries(text: str, floor: int) -> tuple[list[int], list[int]]:
    """The ends of the boundaries of ``text[floor:]`` and, for each, the least ``pos`` out of reach of
    every attempt up to it (the next stopping character after its start, plus a margin; never decreasing)."""
    key = (text, floor)
    hit = _SEEN.get(key)
    if hit is None:
        ends: list[int] = []
        safe: list[int] = []
        for m in _BOUNDARY.finditer(text, floor):
            stop = _REACH.search(text, m.start() + 1)
            ends.append(m.end())
            safe.append((stop.start() if stop else len(text)) + 8)
        _SEEN.clear()  # one document at a time
        hit = _SEEN[key] = (ends, safe)
    return hit


def _opening(text: str, clause: int, pos: int) -> bool:
    """The cue opens its clause or line (markers, markup and spaces before it only)."""
    line = text.rfind("\n", clause, pos) + 1 or clause
    return not any(c.isalnum() or c == "_" for c in text[max(clause, line):pos].replace("Điều", ""))


def _iso(m: re.Match[str]) -> str | None:
    d, mo, y = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= mo <= 12 else None


def _actor_before(text: str, clause: int, pos: int, refs: list[DocRef],
                  acted: dict[int, tuple[str | None, int]]) -> tuple[str | None, int]:
    """The number of the document that acts for a cue at ``pos`` (None = this document), and where the
    words naming it start (the cue itself when nothing names it)."""
    seg = text[clause:pos]
    selfs = list(_self_re().finditer(seg))
    before = [r for r in refs if clause <= r.start and r.end <= pos]
    self_at = clause + selfs[-1].start() if selfs else pos
    if not before:
        return None, self_at
    p = before[-1]
    if selfs and clause + selfs[-1].end() > p.end:
        return None, self_at
    gap = text[p.end:pos]
    for mk in _make_re().finditer(gap):
        if not _word_re("made-earlier", before=r"\s*").match(gap[mk.end():]):
            return None, pos
    if p.start in acted and (gap.rstrip().endswith((",", ";")) or _word_re("also", after=r"\s*$").search(gap)):
        return acted[p.start]  # "Quyết định này thay thế A và bãi bỏ B": the same actor
    return p.number, p.start


def _targets(text: str, cue_end: int, stop: int, refs: list[DocRef]) -> tuple[list[DocRef], str]:
    """The references a cue applies to, and the article phrase before the first one."""
    after = [r for r in refs if cue_end <= r.start < stop]
    if not after:
        return [], ""
    first = after[0]
    lead = text[cue_end:first.start]
    if len(lead) > 160 or not _lead_re().match(lead):
        return [], ""
    out = [first]
    for r in after[1:]:
        gap = blank_parentheses(text[out[-1].end:r.start])
        co = _coord_re().search(gap)
        if not co or len(gap) > 300 or _nested(gap, 0, co.start()):
            break
        out.append(r)
    return out, lead


def find_relations(source: Source, refs: list[DocRef]) -> tuple[list[Relation], list[Validity]]:
    """Every relation a document states between itself or the documents it names, and every statement
    of when one takes or loses effect."""
    text = source.text
    lo = source.body_start
    hi = len(text) if source.body_end < 0 else source.body_end
    refs = sorted((r for r in refs if lo <= r.start < hi), key=lambda r: r.start)
    relations: list[Relation] = []
    acted: dict[int, tuple[str | None, int]] = {}  # target start → (actor, where named), for coordinated cues
    seen: set[tuple[str, str | None, str]] = set()
    for m in _cue_re().finditer(text, lo, hi):
        row = _row_of(next(g for g, v in m.groupdict().items() if v))
        kind, passive = row["role"], row.get("voice") == "passive"
        clause = _clause_start(text, m.start(), lo)
        if row.get("position") == "opening" and not _opening(text, clause, m.start()):
            continue
        prior = [r for r in refs if clause <= r.start and r.end <= m.start()]
        guard_from = prior[-1].end if prior else clause
        if _word_re("proposal").search(text, guard_from, m.start()):
            continue
        nxt = _BOUNDARY.search(text, m.end(), hi)
        stop = nxt.start() if nxt else hi
        targets, lead = _targets(text, m.end(), stop, refs)
        if not targets:
            continue
        if passive:
            actor, objs = targets[0].number, prior[-1:]
            if not objs:
                continue
            named = objs[0].start
            art_text = text[max(clause, objs[0].start - 80):objs[0].start]
            art_text = art_text[max(art_text.rfind(c) for c in ";.:\n") + 1:]  # from the last clause mark
        else:
            actor, named = _actor_before(text, clause, m.start(), refs, acted)
            if kind == "based-on":
                actor, named = None, m.start()
            objs, art_text = targets, lead
        articles = ([" ".join(a.group(0).split()) for a in _phrase("article").finditer(art_text)]
                    if kind == "amends" else [])
        for t in objs:
            if t.number == actor:
                continue
            if kind != "based-on":
                acted[t.start] = (actor, named)
            k = (kind, actor, t.number)
            if k in seen:
                continue
            seen.add(k)
            end = max(t.end, targets[0].end) if passive else t.end
            # The quote runs from the words naming the actor ("Kế hoạch này …") when they are near.
            start = named if end - named <= 300 else min(m.start(), t.start)
            relations.append(Relation(kind=kind, target=t.number, cue=m.group(0), start=start,
                                      end=end, actor=actor, articles=articles))
    return relations, _validity(source, refs, lo, hi)


def _validity(source: Source, refs: list[DocRef], lo: int, hi: int) -> list[Validity]:
    text = source.text
    out: list[Validity] = []
    for role in ("effective", "ceases"):
        for m in _word_re(role, before=_opens(lexicon.rows(FAMILY, role=role))).finditer(text, lo, hi):
            clause = _clause_start(text, m.start(), lo)
            if _word_re("proposal").search(text, clause, m.start()):
                continue
            subjects = _subjects(text, clause, m.start(), refs)
            if subjects is None:
                continue
            when = _phrase("from").match(text, m.end())
            date, basis, end = None, "date", m.end()
            if when:
                rest = text[when.end():when.end() + 80]
                d = _phrase("date").match("ngày " + rest)
                sign = _signing().match(rest)
                own = (s := _self_re().match(rest)) and _phrase("own-effect").match(rest, s.end())
                if d and _iso(d):
                    date, end = _iso(d), when.end() + d.end() - len("ngày ")
                elif own:
                    basis, end = "own-effect", when.end() + own.end()
                elif sign:
                    basis, end = "signing", when.end() + sign.end()
                else:
                    when = None
            if not when and role == "effective":
                continue  # "có hiệu lực" with no day ("nâng cao hiệu lực") says nothing of standing
            if not when:
                basis = "unstated"
            for subject, s_start in subjects:
                out.append(Validity(kind=role, start=min(s_start, m.start()), end=end, subject=subject,
                                    date=date, basis=basis))
    return out


def _subjects(text: str, clause: int, pos: int, refs: list[DocRef]) -> list[tuple[str | None, int]] | None:
    """Who a statement of effect is about: "<kind> này" (None), or the references just before it
    (with those coordinated with them); None when the clause names no document."""
    seg = text[clause:pos]
    selfs = list(_self_re().finditer(seg))
    before = [r for r in refs if clause <= r.start and r.end <= pos]
    if selfs and (not before or clause + selfs[-1].start() > before[-1].end):
        return [(None, clause + selfs[-1].start())]
    if not before:
        return None
    chain = [before[-1]]
    tail = text[before[-1].end:pos]
    if _nested(tail) or len(tail) > 200:
        return None
    for r in reversed(before[:-1]):
        gap = blank_parentheses(text[r.end:chain[-1].start])
        if not _coord_re().search(gap) or len(gap) > 200 or _nested(gap):
            break
        chain.append(r)
    return [(r.number, r.start) for r in reversed(chain)]


# -- the lexicon's examples ----------------------------------------------------------------------------
def _read(text: str) -> tuple[list[Relation], list[Validity]]:
    from tinhgon.builders.load import RawText
    from tinhgon.builders.normalise import normalise
    from tinhgon.builders.references import find_references

    src = normalise(RawText(path="example.txt", name="example.txt", stem="example", sha256="", encoding="utf-8",
                            text=text))
    return find_relations(src, find_references(src))


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a row of relations.tsv or relations_phrases.tsv, seen on its example (None when seen)."""
    if family == "relations_phrases":
        return _phrase_example(row)
    if family != FAMILY:
        return f"{row.where}: relations has no check for family {family!r}"
    rels, vals = _read(row["example"])
    role = row["role"]
    got = (f"relations {[(r.kind, r.actor, r.target) for r in rels]}, "
           f"validity {[(v.kind, v.subject, v.basis) for v in vals]}")
    if role in RELATION_KINDS:
        ok = [r for r in rels if r.kind == role and (r.actor is not None or row.get("voice") != "passive")]
        if not ok:
            return f"{row.where}: the example gives no {role} relation ({got})"
    elif role in ("effective", "ceases"):
        if not any(v.kind == role for v in vals):
            return f"{row.where}: the example gives no {role} statement ({got})"
    elif role == "signing":
        if not any(v.basis == "signing" for v in vals):
            return f"{row.where}: the example gives no effect from signing ({got})"
    elif role in ("document", "make"):
        if not any(r.actor is None for r in rels):
            return f"{row.where}: the example gives no relation of the document being read ({got})"
    elif role == "made-earlier":
        if not any(r.actor is not None for r in rels):
            return f"{row.where}: the example gives no relation acted by the reference before the verb ({got})"
    elif role == "also":
        if len(rels) < 2 or any(r.actor is not None for r in rels):
            return f"{row.where}: the second act does not keep the first one's actor ({got})"
    elif role == "nest":
        if len(rels) != 1:
            return f"{row.where}: the reference in the first one's description is acted on too ({got})"
    elif role == "proposal" and rels:
        return f"{row.where}: work still to do gave a relation ({got})"
    return None


# what each phrase row adds to its example's reading
_PHRASE_EFFECT = {
    "article": lambda rels, vals: any(r.articles for r in rels),
    "from": lambda rels, vals: any(v.date or v.basis != "unstated" for v in vals),
    "date": lambda rels, vals: any(v.date for v in vals),
    "own-effect": lambda rels, vals: any(v.basis == "own-effect" for v in vals),
}


def _phrase_example(row: lexicon.Row) -> str | None:
    effect = _PHRASE_EFFECT.get(row["name"])
    if effect is None:
        return f"{row.where}: relations has no check for phrase {row['name']!r}"
    rels, vals = _read(row["example"])
    if not effect(rels, vals):
        return (f"{row.where}: the example reads as relations {[(r.kind, r.target, r.articles) for r in rels]}, "
                f"validity {[(v.kind, v.subject, v.date, v.basis) for v in vals]}")
    return None
