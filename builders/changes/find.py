"""Layer 1: every structural change stated in one piece of text (an item, a bullet, a table cell).

Knows only Vietnamese list grammar and cue words: sentences are cut into clauses, each clause's
cues (lexicon rows) are handed to their parsers (``kinds.REGISTRY``), and the findings get their
status, levels and scope.
"""

from __future__ import annotations

import re

from tinhgon.builders import lexicon
from tinhgon.builders.model import AgencyMention, Change
from tinhgon.text import fold

from . import vocab
from .clauses import flatten, paren_start, segments, sentences
from .kinds import _CO_VERB, REGISTRY, Clause, Cue, Found, suppressed
from .names import NB, bodies, clean_name, cut, is_head, level_from_names, levels_in, mention, scope_of, unique
from .status import ChangeContext, footnote_in, footnote_scope, status_of
from .units import place_label

_LIST_OF_NOUNS_AFTER = vocab.phrase(words="thành lập|sáp nhập|hợp nhất|giải thể|tổ chức", lead=r"\s*,\s*", trail="")
_LIST_OF_NOUNS_BEFORE = vocab.phrase(words="thành lập|sáp nhập|hợp nhất|giải thể", lead="", trail=r",\s*$")
_PURPOSE_END = vocab.phrase(words="để", lead=NB, trail=r"\s*$")
_MERGE_GOES_ON = vocab.phrase(words="với|thành một", lead=NB)
_LEADS_UP = vocab.phrase(words="tiến tới", lead="", trail="")
_BACK_REF = vocab.pattern("back-ref")
_HEADS_OF = vocab.pattern("heads-of")
_FIRST_OF_ALL = vocab.pattern("first-of-all")
_WITH = vocab.phrase(words="với", lead=NB, trail=r"\s+")
_OWNER = vocab.pattern("owner")
_REQUIREMENT = vocab.pattern("requirement")
# "cấp huyện, cấp xã": more than one level named in a row
_GRADES = lexicon.compile_alternation("change_levels", "grade", bound=False, before=r"cấp\s+", flags=re.I,
                                      after=r"(?:\s*(?:,|và)\s*cấp\s+" + vocab.grade_alternation() + ")+")
_DISTRICT_PARTY = ("ban to chuc", "ban tuyen giao", "ban dan van", "ban noi chinh", "uy ban kiem tra")


def cues(sent: str, lo: int, hi: int) -> list[tuple[str, re.Match[str] | None, int, int]]:
    """Cue words of one clause, in order, without those that only name a rule, criterion or review."""
    starts = _cue_starts(sent, lo, hi)
    if not starts:
        return []
    class_wide, cited = vocab.guard("class-wide"), vocab.guard("cited")
    out = []
    for kind, pat in vocab.cue_patterns():
        for m in _matches_at(pat, sent, starts, hi):
            # "Căn cứ Nghị quyết số 202/2025/QH15 … về việc sắp xếp …": the title of a document cited
            if cited.search(sent, lo, m.start()):
                continue
            before = _after_subject_of_document(sent[lo:m.start()])
            if vocab.no_change(before) or _in_example(sent, m.start()):
                continue
            # "thành lập, sáp nhập, hợp nhất, giải thể đơn vị …" is a list of nouns, not an order
            if _LIST_OF_NOUNS_AFTER.match(sent, m.end(), hi) or _LIST_OF_NOUNS_BEFORE.search(before):
                continue
            if kind == "establish" and _PURPOSE_END.search(before):
                continue
            # a cue inside parentheses is read within them
            if kind not in ("concurrent-post", "abolish-level") and \
                    class_wide.search(sent, paren_start(sent, m.start(), lo), cut(sent, m.end(), hi)):
                continue
            out.append((kind, m, m.start(), m.end()))
    out.sort(key=lambda c: c[2])
    # "thành lập, kiện toàn Ban X": a cue word joined to the cue before it is read by that cue's parser
    out = [c for i, c in enumerate(out) if not (i and _CO_VERB.match(sent, out[i - 1][3], hi)
                                              and _CO_VERB.match(sent, out[i - 1][3], hi).end() >= c[3])]
    # overlapping cues ("sắp xếp, tổ chức lại" + "phục vụ chung" on one office): keep both, dedup later
    return out


def _cue_starts(sent: str, lo: int, hi: int) -> list[int]:
    """Every position of sent[lo:hi] where some cue row matches, found by the one joined pattern (a row's
    match can only start at one of them): the rows are then tried at these few positions only."""
    any_cue, out, at = vocab.any_cue(sentence=False), [], lo
    while (m := any_cue.search(sent, at, hi)) is not None:
        out.append(m.start())
        at = m.start() + 1
    return out


def _matches_at(pat: re.Pattern[str], sent: str, starts: list[int], hi: int) -> list[re.Match[str]]:
    """``pat.finditer(sent, lo, hi)`` when its matches can only start at ``starts``: non-overlapping, in order."""
    out: list[re.Match[str]] = []
    end = -1
    for at in starts:
        if at >= end and (m := pat.match(sent, at, hi)) is not None:
            out.append(m)
            end = m.end()
    return out


_SUBJECT_OPENERS = ("về việc ", "v/v ", "theo hướng ")


def _after_subject_of_document(before: str) -> str:
    """"ban hành Hướng dẫn … về việc hợp nhất …", "rà soát, đánh giá … theo hướng chuyển …": what follows
    'về việc' is the subject of a document (its title), what follows 'theo hướng' the change an action
    aims at, so words before them ('ban hành', 'đánh giá') do not make the change a rule."""
    low = before.lower()
    at = max(low.rfind(w) for w in _SUBJECT_OPENERS)
    return before[at:] if at >= 0 else before


def _in_example(sent: str, at: int) -> bool:
    """A cue inside a parenthetical or sentence given as an example ("(ví dụ tỉnh A và B sáp nhập …")."""
    if sent.lstrip().lower().startswith("ví dụ"):
        return True
    depth = 0
    for i in range(at - 1, -1, -1):
        ch = sent[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return sent[i + 1:i + 7].lower().startswith("ví dụ")
            depth -= 1
    return False


def find_changes(text: str, offset: int, context: ChangeContext | None = None) -> list[Change]:
    """Every structural change stated in ``text`` (which starts at ``offset`` in Source.text)."""
    ctx = context or ChangeContext()
    flat = flatten(text)
    changes: list[Change] = []
    any_cue = vocab.any_cue()
    for s_lo, s_hi in sentences(flat):
        sent = flat[s_lo:s_hi]
        base = offset + s_lo
        # a sentence where no cue row matches states no change (a cue matched within one of its clauses
        # matches within the whole sentence: clauses end at punctuation, which no cue's look-ahead reads)
        if not any_cue.search(sent):
            continue
        if vocab.no_change(sent, opening=True) or _in_capitals(sent):
            continue
        # "Việc sắp xếp X phải bảo đảm …": a requirement on how a change is made, stated as a rule
        if _REQUIREMENT.match(sent):
            continue
        found_all, first_cue = _read_sentence(sent, base, ctx)
        gov = sent[:first_cue] if first_cue is not None else sent
        changes.extend(_records(sent, base, found_all, gov, ctx, place_label(sent)))
    return changes


def _in_capitals(sent: str) -> bool:
    """A title printed in capitals ("KIỆN TOÀN TỔ CHỨC BỘ MÁY …") names a section's topic, not a change."""
    letters = [ch for ch in sent if ch.isalpha()]
    return len(letters) >= 8 and all(ch.isupper() for ch in letters)


def _read_sentence(sent: str, base: int, ctx: ChangeContext) -> tuple[list[tuple[Found, int, int]], int | None]:
    found_all: list[tuple[Found, int, int]] = []  # (found, clause start, clause end)
    dissolved: list[AgencyMention] = []
    prev_kind: str | None = None
    first_cue: int | None = None
    for kind, pat in vocab.sentence_cues():
        m = pat.search(sent)
        if m:
            whole = Clause(sent, 0, len(sent), base)
            for f in REGISTRY[kind].read(whole, Cue(kind, m, m.start(), m.end(), len(sent))):
                f.cue_at = 0
                found_all.append((f, 0, f.end))
    segs = segments(sent)
    for seg_lo, seg_hi in segs:
        if vocab.guard("target").search(sent, seg_lo, seg_hi):
            prev_kind = None
            continue
        cs = cues(sent, seg_lo, seg_hi)
        if not cs and prev_kind == "merge" and _MERGE_GOES_ON.search(sent, seg_lo, seg_hi):
            cs = [("merge", None, seg_lo, seg_lo)]  # "Hợp nhất A với B; C với D": the merger goes on
        clause = Clause(sent, seg_lo, seg_hi, base, frozenset(k for k, *_ in cs), dissolved=dissolved)
        found: list[Found] = []
        read: list[tuple[str, int, list[Found]]] = []
        for i, (kind, m, c_lo, c_hi) in enumerate(cs):
            parser = REGISTRY[kind]
            if kind == "model" and suppressed(kind, clause.kinds):
                continue
            cue = Cue(kind, m, c_lo, c_hi, cs[i + 1][2] if i + 1 < len(cs) else seg_hi)
            got = parser.read(clause, cue)
            if parser.hands_on == "new_body":
                clause.new_body = clause.new_body or next((f.result for f in got), None)
            elif parser.hands_on:
                getattr(clause, parser.hands_on).extend(x for f in got for x in f.inputs)
            read.append((kind, c_lo, got))
        # a cue gives way to another of the clause only when that one read a change ("… sắp xếp, kiện toàn
        # X …, đồng bộ với lộ trình sắp xếp đơn vị hành chính": an arrangement with no level reads none)
        productive = frozenset(k for k, _, got in read if got)
        for kind, c_lo, got in read:
            if suppressed(kind, productive):
                continue
            for f in got:
                f.cue_at = c_lo
            found.extend(got)
            if got and first_cue is None:
                first_cue = c_lo
        for f in found:
            if f.kind in ("merge", "absorb") and f.result is None and clause.new_body is not None:
                f.result = clause.new_body
        _heads_of_merged(sent, found)
        if not cs and found_all:
            _first_of_all(sent, seg_lo, seg_hi, base, found_all[-1][0])
        if found:
            prev_kind = "merge" if any(f.kind == "merge" for f in found) else found[-1].kind
        elif cs:
            prev_kind = cs[0][0] if cs[0][0] == "merge" else prev_kind
        found_all.extend((f, seg_lo, seg_hi) for f in found)
    # a vague step that only leads up to ("tiến tới") a named change is not recorded
    if any(_LEADS_UP.match(sent, a) for _, a, _ in found_all):
        found_all = [(f, a, b) for f, a, b in found_all if f.inputs or f.result or _LEADS_UP.match(sent, a)]
    found_all += _refused_again(sent, segs, found_all)
    _share_results([f for f, _, _ in found_all])
    for f, _, _ in found_all:
        f.inputs = _resolve_counts(f.inputs, sent[:f.cue_at], base, ctx.subject)
    return found_all, first_cue


def _records(sent: str, base: int, found_all: list[tuple[Found, int, int]], gov: str,
             ctx: ChangeContext, label: tuple[int, str, bool, str] | None = None) -> list[Change]:
    """Status, levels, scope and text of each finding; a sentence led by a place label ("Tỉnh X (mới):")
    gives that place as the scope of what its clauses state, and its text opens with the label."""
    out: list[Change] = []
    seen: set[tuple] = set()
    for f, seg_lo, seg_hi in found_all:
        seg_text = sent[seg_lo:seg_hi]
        before = sent[seg_lo:f.cue_at]
        foot = footnote_in(seg_text, ctx.footnotes)
        status = f.status or status_of(gov, before if before.strip() else gov, ctx, foot, seg_text)
        # a transfer sits at its givers' level: the words naming its receiver ("… cho chính quyền địa phương
        # cấp xã", "về trực thuộc cấp ủy địa phương") set none
        lv_text, lv_sent = seg_text, sent
        if f.kind == "transfer" and f.result is not None and seg_lo < f.result.start - base <= seg_hi:
            lv_text, lv_sent = seg_text[:f.result.start - base - seg_lo], sent[:f.result.start - base]
        levels = f.levels or levels_in(lv_text[f.start - seg_lo:] if f.start >= seg_lo else lv_text)
        # the bodies changed set the level before what they become (a transfer's receiver may sit higher)
        named_lv = level_from_names([m.name for m in f.inputs]) or level_from_names([m.surface for m in f.inputs]) \
            or level_from_names([f.result.name] if f.result and f.kind != "transfer" else [])
        if not levels and named_lv in ("village", "commune"):
            levels = [named_lv]  # "UBND cấp huyện … sáp nhập các thôn": the units set the level
        if not levels:
            levels = levels_in(lv_text)
        if not levels:
            levels = [named_lv or _owner_level(lv_text) or ctx.level_hint or _default_level(lv_sent, ctx)]
        if len(levels) > 1 and not _GRADES.search(seg_text):
            levels = levels[-1:] if f.kind != "concurrent-post" else levels[:1]
        labelled = label is not None and seg_lo >= label[0] - 2
        scope = f.scope or scope_of(seg_text) or (footnote_scope(foot) if foot else None) or \
            (label[1] if labelled else None) or ctx.scope_hint
        for lv in levels:
            ins = [_district_party(_at_level(m, lv), lv) for m in f.inputs]
            key = (f.kind, lv, tuple(fold(m.name) for m in ins), fold(f.result.name) if f.result else "", f.status)
            if key in seen:
                continue
            seen.add(key)
            t_lo, t_hi = seg_lo, seg_hi
            mates = sorted((g for g, a, _ in found_all if a == seg_lo), key=lambda g: g.start)
            if len(mates) > 1:
                if f is not mates[0]:
                    t_lo = f.start
                t_hi = max(f.end, t_lo + 1) if f.kind in ("merge", "dissolve") else seg_hi
            if labelled and t_lo == seg_lo:
                t_lo = 0
            out.append(Change(
                text=sent[t_lo:t_hi].strip(), kind=f.kind, level=lv, status=status,
                start=base + t_lo, end=base + t_hi, inputs=ins, result=f.result, scope=scope,
                halted=status in ("halted", "not-expanded"), due=ctx.due, task_ref=ctx.task_ref,
            ))
    return out


_LOCAL = vocab.phrase("local", lead=NB)


def _default_level(sent: str, ctx: ChangeContext) -> str:
    """The level of a change that names none: the issuing document's, except that a central document's
    sentence naming a place or a local body ("mỗi địa phương", "Ủy ban nhân dân tỉnh") speaks of the provinces."""
    if ctx.doc_level == "central" and _LOCAL.search(sent):
        return "province"
    return ctx.doc_level


def _owner_level(seg: str) -> str | None:
    """"Ban Quản lý … trực thuộc UBND huyện Đức Phổ": a body under a district committee is a district body."""
    m = _OWNER.search(seg)
    if not m:
        return None
    return "commune" if fold(m.group(1)) in ("xa", "phuong", "thi tran") else "district"


def _refused_again(sent: str, segs: list[tuple[int, int]],
                   found_all: list[tuple[Found, int, int]]) -> list[tuple[Found, int, int]]:
    """"Tiếp tục thí điểm mô hình X tại A; không mở rộng mô hình này ra …": X again, not expanded."""
    out: list[tuple[Found, int, int]] = []
    for seg_lo, seg_hi in segs:
        if not _BACK_REF.match(sent, seg_lo, seg_hi) or any(a == seg_lo for _, a, _ in found_all):
            continue
        prev = [f for f, a, _ in found_all if a < seg_lo]
        if prev:
            p = prev[-1]
            out.append((Found(p.kind, seg_lo, seg_hi, list(p.inputs), p.result, list(p.levels),
                              cue_at=seg_lo, status="not-expanded"), seg_lo, seg_hi))
    return out


def _heads_of_merged(sent: str, found: list[Found]) -> None:
    """"kiêm nhiệm chức danh người đứng đầu hoặc hợp nhất A, B": the posts are the heads of A and B."""
    merged = [m for f in found if f.kind == "merge" for m in f.inputs]
    for f in found:
        if f.kind == "concurrent-post" and not f.inputs and merged and \
                _HEADS_OF.match(sent[f.start:].split(" ", 2)[-1]):
            f.inputs = [AgencyMention(m.surface, "Người đứng đầu " + m.name[:1].lower() + m.name[1:], m.start, m.end,
                                      m.collective, "post") for m in merged]


def _first_of_all(sent: str, lo: int, hi: int, base: int, prev: Found) -> None:
    """"…; trước mắt (mô hình của) "Câu lạc bộ X"": the body named first joins the change before it."""
    m = _FIRST_OF_ALL.match(sent, lo, hi)
    if not m or prev.kind not in ("reorganise", "merge", "absorb", "dissolve"):
        return
    mm = mention(sent, m.end(), cut(sent, m.end(), hi), base)
    if mm and is_head(mm.name):
        prev.inputs.append(mm)


def _share_results(found: list[Found]) -> None:
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
        words = m.name.split()
        if not (2 <= len(words) <= 3 and words[0].isdigit()):
            out.append(m)
            continue
        n, head = int(words[0]), fold(" ".join(words[1:]))
        cands: list[AgencyMention] = []
        w = _WITH.search(before)
        if w:
            cands = bodies(before, w.end(), cut(before, w.end(), len(before)), base)
        if subject:
            cands.append(AgencyMention(subject, clean_name(subject), m.start, m.end))
        cands = [x for x in unique(cands) if fold(x.name).startswith(head)]
        out.extend(cands if len(cands) == n else [m])
    return out


def _at_level(m: AgencyMention, level: str) -> AgencyMention:
    """"đơn vị hành chính cấp huyện, cấp xã" read at one level names that level only."""
    word = vocab.grade_word(level)
    if word and _GRADES.search(m.name):
        return AgencyMention(m.surface, _GRADES.sub("cấp " + word, m.name), m.start, m.end, m.collective, m.kind)
    return m


def _district_party(m: AgencyMention, level: str) -> AgencyMention:
    """A district party board printed without its committee ("ban tuyên giáo") is "… cấp ủy"."""
    if level in ("district", "commune") and fold(m.name) in _DISTRICT_PARTY:
        return AgencyMention(m.surface, m.name + " cấp ủy", m.start, m.end, m.collective, m.kind)
    return m
