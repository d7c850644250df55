"""One parser per kind of change, in a registry.

Each parser reads the words after its cue in one clause and returns what it found: the inputs,
the result, levels and scope. A parser declares which other kinds it *suppresses* when both cues
stand in one clause ("Thành lập C trên cơ sở hợp nhất A và B" is one merger whose result is C,
not a merger and an establishment), and what it *hands on* to the parsers after it (the bodies
dissolved or reorganised, whose functions a transfer then moves; the new body an absorption
creates).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tinhgon.builders import lexicon
from tinhgon.builders.model import AgencyMention
from tinhgon.text import fold

from . import vocab
from .clauses import first_top, paren_end, paren_start, top_splits
from .names import (
    NA,
    NB,
    PLACE_NAME,
    POST_RE,
    UNIT_WORD,
    bare_head,
    bodies,
    clean_name,
    cut,
    first_head,
    generic,
    is_head,
    levels_in,
    mention,
    scope_of,
    split_list,
    unique,
)
from .units import counted_units, list_level, named_units, place_label, place_list, subject_place


@dataclass
class Found:
    """One change a parser read, positions relative to its sentence."""

    kind: str
    start: int
    end: int
    inputs: list[AgencyMention]
    result: AgencyMention | None = None
    levels: list[str] = field(default_factory=list)
    scope: str | None = None
    cue_at: int = 0
    status: str | None = None  # set when the clause itself fixes it ("không mở rộng mô hình này")


@dataclass
class Clause:
    """One clause of a sentence, and what its parsers hand on to each other."""

    sent: str
    lo: int
    hi: int
    base: int  # offset of the sentence in Source.text
    kinds: frozenset[str] = frozenset()  # the cue kinds of the clause
    dissolved: list[AgencyMention] = field(default_factory=list)  # across the sentence
    reorganised: list[AgencyMention] = field(default_factory=list)
    new_body: AgencyMention | None = None


@dataclass(frozen=True)
class Cue:
    kind: str
    match: re.Match[str] | None
    start: int
    end: int
    next_start: int  # where the clause's next cue starts (or the clause end)


@dataclass(frozen=True)
class Parser:
    kind: str  # the cue kind (builders/data/lexicon/change_cues.tsv)
    gives: str  # the kind of change it records
    read: Callable[[Clause, Cue], list[Found]]
    suppresses: frozenset[str] = frozenset()  # cue kinds whose findings give way when both are in a clause
    hands_on: str = ""  # "dissolved" / "reorganised" (inputs) or "new_body" (result) for later parsers
    sentence: bool = False  # read once on the whole sentence (a label that opens it), not clause by clause


_INTO_NEW = vocab.pattern("into-new")
_ONE_NAMED = vocab.pattern("one-named")
_ONE = vocab.phrase(words="một", trail=r"\s")
_PAIRED = vocab.phrase(words="với|và", lead=r"\s", trail=r"\s")
_COMMA = vocab.phrase(words=",", lead=r"\s*", trail=r"\s*")
_WORD = {w: vocab.phrase(words=w, lead=NB) for w in ("vào", "của")}
_SPACED = {w: vocab.phrase(words=w, trail=r"\s+") for w in ("về", "của")}


def _starts(s: str, pos: int, *phrases: str) -> bool:
    """Does s[pos:] open (after spaces) with one of the phrases (case-insensitive, whole word)?"""
    t = s[pos:].lstrip().lower()
    return any(t.startswith(p) and not t[len(p):len(p) + 1].isalpha() for p in phrases)


def _subject_acts(c: Clause, cue: Cue, kind: str) -> list[Found]:
    """"Các hội … khi hợp nhất …", "Nếu Hội không tiếp tục hoạt động thì tự giải thể": the subject
    is what merges, dissolves or is reorganised, at the levels it names."""
    acts = _SUBJECT_ACTS.search(c.sent, c.lo, cue.start) if cue.match is not None else None
    if acts is None:
        return []
    obj = c.sent[cue.end:c.hi].lstrip()
    if obj[:1].isdigit() or _PLURAL_OBJECT.match(c.sent, cue.end, c.hi) or is_head(obj):
        return []  # "… khi hợp nhất 3 chương trình", "… hoàn thành việc sáp nhập xã A": an object of its own
    ins = _subject_bodies(c, Cue(cue.kind, cue.match, acts.start(), cue.end, cue.next_start))
    return [Found(kind, c.lo, c.hi, ins, levels=levels_in(c.sent[c.lo:cue.start]))] if ins else []


def parse_merge(c: Clause, cue: Cue) -> list[Found]:
    """"A với B; C với D thành E", "A, B và C thành một cơ quan là E", "các cơ quan X"."""
    sent, hi, base = c.sent, c.hi, c.base
    subj = _subject_acts(c, cue, "merge")
    if subj:
        return subj
    head = first_head(sent, cue.end, hi)
    if head is None:
        # "hợp nhất tỉnh A và B (cũ)": places sharing their unit word
        units = named_units(sent, cue.end, hi, base)
        return [Found("merge", cue.end, units[-1].end - base, units, levels=[list_level(units)])] if units else []
    res = None
    tm = first_top(sent, _INTO_NEW, head, hi)
    stop = cut(sent, head, hi)
    inp_hi = min(tm.start(), stop) if tm else stop
    if tm:
        r_lo = tm.end()
        named = _ONE_NAMED.match(sent, r_lo, hi)
        if named:
            r_lo = named.end()
        elif _ONE.match(sent, r_lo, hi):
            r_lo = -1
        if r_lo >= 0:
            res = mention(sent, r_lo, cut(sent, r_lo, hi), base)
    chunks = _chunks(sent, head, inp_hi)
    has_pair = [bool(_PAIRED.search(sent, a, b)) for a, b in chunks]
    groups = chunks if len(chunks) > 1 and (all(has_pair) or any(" với " in sent[a:b] for a, b in chunks)) \
        else [(head, inp_hi)]
    out = []
    for a, b in groups:
        ins = bodies(sent, a, b, base)
        if ins:
            out.append(Found("merge", a, b, ins, res))
    return out


def parse_merge_each(c: Clause, cue: Cue) -> list[Found]:
    """"nhập nguyên trạng A, B": each body, as it stands, merges with its namesakes in the units merged
    (one merger per body); the bodies must follow the cue at once."""
    a = cue.end + len(c.sent[cue.end:c.hi]) - len(c.sent[cue.end:c.hi].lstrip())
    if not is_head(c.sent[a:c.hi]):
        return []
    # each merger's text runs from the clause's opening words to its own body
    return [Found("merge", c.lo, m.end - c.base, [m]) for m in bodies(c.sent, a, cut(c.sent, a, c.hi), c.base)]


def _chunks(sent: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out, start = [], lo
    for m in top_splits(sent, _COMMA, lo, hi):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, hi))
    return out


def parse_absorb(c: Clause, cue: Cue) -> list[Found]:
    """"sáp nhập A vào B" (B carries on), "giải thể A để sáp nhập về B", "sáp nhập A, B thành C" (a merger)."""
    sent, lo, hi, base = c.sent, cue.end, c.hi, c.base
    if cue.match is None:  # a merger's second clause ("…; C với D")
        return parse_merge(c, cue)
    if _starts(sent, lo, "về"):  # "giải thể A để sáp nhập về B": A goes into B
        r_lo = _SPACED["về"].match(sent, lo).end() if _SPACED["về"].match(sent, lo) else lo
        into = mention(sent, r_lo, cut(sent, r_lo, hi), base)
        if not into or not c.dissolved:
            return []
        return [Found("absorb", lo, hi, [*c.dissolved, into], into)]
    head = first_head(sent, lo, hi)
    if head is None:
        return []
    vao = first_top(sent, _WORD["vào"], head, hi)
    if vao:
        left = bodies(sent, head, min(vao.start(), cut(sent, head, vao.start())), base)
        r_lo = vao.end()
        of = first_top(sent, _SPACED["của"], r_lo, hi)
        r_hi = min(cut(sent, r_lo, hi), of.start() if of else hi)
        into = mention(sent, r_lo, r_hi, base)
        res = None
        est = sent.lower().find("để thành lập ", r_lo, hi)
        if est >= 0:
            e_lo = est + len("để thành lập ")
            res = mention(sent, e_lo, cut(sent, e_lo, hi), base)
        if into and any(f" {p} " in f" {fold(into.name)} " for p in ("lien ke", "lan can", "gan nhat")):
            into = None  # "vào thôn liền kề": an unnamed neighbour is no body
        if into and res is None and not generic(into.name) and not into.collective:
            res = into  # "sáp nhập A vào B": B carries on
        ins = [*left, *([into] if into else [])]
        return [Found("absorb", head, hi, ins, res)] if ins else []
    # "sáp nhập A, B và C thành D" (no "vào"): all of them end in a new D, a merger
    if top_splits(sent, _INTO_NEW, head, cut(sent, head, hi) + 1):
        return parse_merge(c, Cue("merge", None, head, head, hi))
    ins = bodies(sent, head, cut(sent, head, hi), base)
    return [Found("absorb", head, hi, ins)] if ins else []


_PURPOSE = vocab.phrase("purpose")


def parse_dissolve(c: Clause, cue: Cue) -> list[Found]:
    """"Giải thể A, B (ở …)": one dissolution per body; "X … thì tự giải thể": X."""
    sent, lo, hi, base = c.sent, cue.end, cue.next_start, c.base
    subj = _subject_acts(c, cue, "dissolve")
    if subj:
        return subj
    if _starts(sent, lo, "hoặc"):
        return []
    of = _SPACED["của"].match(sent, lo, hi)  # "kết thúc hoạt động của X"
    if of:
        lo = of.end()
    p = first_top(sent, _PURPOSE, lo, hi)
    end = p.start() if p else hi
    out = []
    for a, b, pre in split_list(sent, lo, end):
        m = mention(sent, a, cut(sent, a, b), base, pre)
        if m and is_head(m.name):
            f = Found("dissolve", a, b, [m], levels=levels_in(sent[a:b]))
            f.scope = scope_of(sent[a:b])
            out.append(f)
    return out


_NAME_END = vocab.pattern("name-end")
_AREA = re.compile(r"trên\s+cơ\s+sở\s+(?:toàn\s+bộ\s+|một\s+phần\s+)?diện\s+tích[^;.()]*?" + NB + r"của\s+"
                   r"(?:các\s+)?(?=" + UNIT_WORD + r"\s)", re.I)
_UNIT_LIST = re.compile(UNIT_WORD + r"\s+" + PLACE_NAME + r"(?:(?:\s*,\s*|\s+và\s+)" + UNIT_WORD + r"\s+"
                        + PLACE_NAME + r")*")


_CO_VERB = vocab.phrase("co-verb", lead=r"\s*(?:,|và)\s*")


def _past_co_verb(sent: str, at: int, hi: int) -> int:
    """"thành lập, kiện toàn Ban X": the object is read after the verb joined to the cue."""
    m = _CO_VERB.match(sent, at, hi)
    return m.end() if m else at


def parse_establish(c: Clause, cue: Cue) -> list[Found]:
    """"thành lập X", and "… trên cơ sở (toàn bộ) diện tích … của huyện Y": Y is what X is made of."""
    sent, hi, base = c.sent, c.hi, c.base
    lo = _past_co_verb(sent, cue.end, hi)
    a = lo + len(sent[lo:hi]) - len(sent[lo:hi].lstrip())
    if not is_head(sent[a:hi]) or _starts(sent, a, "các", "những", "mới"):
        return _newly_established(c, cue)
    stop = cut(sent, a, hi)
    e = first_top(sent, _NAME_END, a, stop)
    if e:
        stop = e.start()
    res = mention(sent, a, stop, base)
    if not res or generic(sent[a:stop]):
        return []  # "thành lập tổ chức mới", "… đơn vị mới": no body named
    ins: list[AgencyMention] = []
    am = _AREA.search(sent, stop, hi)
    if am:
        pm = _UNIT_LIST.match(sent, am.end())
        if pm:
            ins = [m for m in (mention(sent, x, y, base) for x, y, _ in split_list(sent, pm.start(), pm.end())) if m]
    return [Found("establish", lo, hi, ins, res)]


_NEWLY = vocab.phrase(words="mới|mới được|vừa|vừa được", lead=NB, trail=r"\s*$")
_LEAD_IN = vocab.phrase(words="nhất là|trong đó|đối với|nhất là đối với|trong đó có", lead=r"\s*", trail=r"\s+")


def _newly_established(c: Clause, cue: Cue) -> list[Found]:
    """"(… 4 đảng bộ trực thuộc Trung ương và 2 đảng bộ … mới thành lập)": each body named before
    'mới thành lập' was set up (a fact the text states as done)."""
    sent = c.sent
    if not _NEWLY.search(sent, c.lo, cue.start):
        return []
    a = paren_start(sent, cue.start, c.lo)  # inside parentheses the subject starts after "("
    lead = _LEAD_IN.match(sent, a, cue.start)
    if lead:
        a = lead.end()
    end = _NEWLY.search(sent, a, cue.start).start()
    out = []
    for x, y, p in split_list(sent, a, end):
        m = mention(sent, x, y, c.base, p)
        # "ban chấp hành đảng bộ tỉnh, thành phố và 04 đảng bộ … mới thành lập": a bare unit word names no body
        if m and is_head(m.surface) and not bare_head(m.name):
            out.append(Found("establish", x, cue.end, [], m, levels=levels_in(sent[x:y]), status="completed"))
    return out


_TRANSFER_END = vocab.phrase("transfer-end")
_RECEIVER = vocab.phrase("receiver", trail=r"\s+(?:trực\s+thuộc\s+)?")
_MANAGES = vocab.phrase("manages", lower=True)
# the giver named inside what moves: "(thuộc A)", "… của A", "quyền đại diện chủ sở hữu tại A"
_OWNED_BY = vocab.pattern("owned-by")


def parse_transfer(c: Clause, cue: Cue) -> list[Found]:
    """"chuyển giao X (của A) cho B", "chuyển chức năng … (thuộc A) về B": A gives, B receives.

    The giving bodies are those named inside the object, the body reorganised or dissolved
    earlier in the clause ("sắp xếp lại Ban … theo hướng chuyển giao …"), or the object itself
    when it is a body ("chuyển giao những tổ chức đảng … cho các đảng bộ địa phương").
    """
    sent, lo, base = c.sent, cue.end, c.base
    hi = paren_end(sent, cue.end, c.hi)  # a transfer stated inside parentheses ends with them
    e = first_top(sent, _TRANSFER_END, lo, hi)
    obj_hi = e.start() if e else hi
    tos = top_splits(sent, _RECEIVER, lo, obj_hi)
    if not tos:
        return []
    to = next((m for m in reversed(tos) if is_head(sent[m.end():obj_hi])), tos[-1])
    q = first_top(sent, _MANAGES, to.end(), obj_hi)  # "cho B quản lý" ends B; "Phòng Quản lý …" does not
    r_hi = q.start() if q else obj_hi
    res = mention(sent, to.end(), cut(sent, to.end(), r_hi), base)
    if res and (not is_head(res.name) or generic(res.name)):
        res = None
    to_at = to.start()
    ins: list[AgencyMention] = list(c.reorganised or c.dissolved)
    for m in _OWNED_BY.finditer(sent, lo, to_at):
        if m.group(1):
            mm = mention(sent, m.start(1), m.end(1), base)
        else:
            mm = mention(sent, m.end(), cut(sent, m.end(), to_at), base)
            mm = mm if mm and is_head(mm.name) else None
        if mm:
            ins.append(mm)
    first = first_head(sent, lo, to_at, max_words=2)
    if first is not None and not generic(sent[first:to_at]):
        mm = mention(sent, first, to_at, base)
        if mm:
            ins.append(mm)
    ins = [i for i in ins if not generic(i.name)]
    if not ins and to_at - lo < 2:  # "X (dự kiến) chuyển về Y": the subject moves
        ins = _subject_bodies(c, cue)
    return [Found("transfer", lo, hi, unique(ins), res)] if ins else []


_SUBJECT_END = vocab.phrase(words="thuộc|trực thuộc|hiện nay|dự kiến|sẽ|được|không|có|hoạt động|khi|thì")
_WITH_REGARD = vocab.phrase(words="đối với|riêng|nếu|trường hợp", lead=r"\s*(?:[-+•]\s*)?", trail=r"\s+")
# the subject acts itself: "X khi hợp nhất …", "X … thì tự giải thể"
_SUBJECT_ACTS = vocab.phrase("subject-acts", lead=NB, trail=r"\s*$")
_PLURAL_OBJECT = vocab.phrase(words="các|những|một số", trail=r"\s")  # a plural object follows the cue


def _subject_bodies(c: Clause, cue: Cue) -> list[AgencyMention]:
    """The bodies a clause opens with ("Đối với các Trung tâm Y tế, bệnh viện … thuộc …")."""
    a = c.lo
    w = _WITH_REGARD.match(c.sent, a, cue.start)
    if w:
        a = w.end()
    first = first_head(c.sent, a, cue.start, max_words=3)  # "Giữ nguyên các trường …": past the verb
    if first is not None:
        a = first
    e = _SUBJECT_END.search(c.sent, a, cue.start)
    b = cut(c.sent, a, e.start() if e else cue.start)
    got = bodies(c.sent, a, b, c.base)
    if not got:  # "Hội …": a capitalised head alone names the class the text is about
        m = mention(c.sent, a, b, c.base)
        got = [m] if m and is_head(m.surface) and m.surface[:1].isupper() and len(m.surface.split()) <= 2 else []
    return got


_APPARATUS = vocab.phrase(words="tổ chức bộ máy|tổ chức|cơ cấu", lead=r"\s*(?:,\s*)?", trail=r"\s*")
_NAMED_AS = vocab.phrase("named-as", lead="", trail=r"\s+")
_APPARATUS_FOR = vocab.pattern("apparatus-for")
_UNDER = vocab.phrase(words="thuộc", trail=r"\s")


def parse_reorganise(c: Clause, cue: Cue) -> list[Found]:
    """"Sắp xếp lại A", "Tổ chức lại A thành B", "… của A", "… với tên gọi B"."""
    sent, hi, base = c.sent, cue.next_start, c.base
    lo = _past_co_verb(sent, cue.end, hi)
    w = _APPARATUS_FOR.match(sent, lo, hi)
    if w:  # "kiện toàn tổ chức bộ máy, nhân lực làm công tác dân số": the apparatus doing that work
        work = sent[w.start("work"):cut(sent, w.start("work"), hi)].strip(" ,.;")
        at = w.start() + len(sent[w.start():w.end()]) - len(sent[w.start():w.end()].lstrip(" ,"))
        body = AgencyMention(sent[at:w.start("work") + len(work)], "Tổ chức bộ máy " + work, base + at,
                             base + w.start("work") + len(work))
        return [Found("reorganise", lo, hi, [body])]
    ap = _APPARATUS.match(sent, lo, hi)
    a = ap.end() if ap else lo + len(sent[lo:hi]) - len(sent[lo:hi].lstrip(" ,"))
    obj_hi = cut(sent, a, hi)
    of = _WORD["của"].search(sent, a, obj_hi)
    res = None
    if of:
        a = of.end() + len(sent[of.end():]) - len(sent[of.end():].lstrip())
        obj_hi = cut(sent, a, hi)
    if not is_head(sent[a:obj_hi]):
        # "X hoàn thành việc kiện toàn tổ chức bộ máy": the subject; else the object names no body
        return _subject_acts(c, Cue(cue.kind, cue.match, cue.start, a, hi), "reorganise")
    into = first_top(sent, _INTO_NEW, a, obj_hi)
    if into:  # "Tổ chức lại A thành B": B is what A becomes
        r_lo = into.end()
        r_hi = cut(sent, r_lo, hi)
        u = first_top(sent, _UNDER, r_lo, r_hi)
        res = mention(sent, r_lo, u.start() if u else r_hi, base)
        obj_hi = into.start()
    ins = bodies(sent, a, obj_hi, base)
    named = _NAMED_AS.search(sent, obj_hi, hi)
    if named and res is None:
        res = mention(sent, named.end(), cut(sent, named.end(), hi), base)
    subject = sent[c.lo:cue.start].strip()
    if subject and is_head(subject) and len(subject.split()) <= 6:
        subj = clean_name(subject)
        for i in ins:
            if fold(i.name).startswith("bo phan"):
                i.name = f"{i.name} của {subj[:1].lower() + subj[1:]}"
    if len(ins) > 1 and res is None and not any(i.collective for i in ins):
        # "sắp xếp, kiện toàn … của Tòa án nhân dân, Viện kiểm sát nhân dân": each body is reorganised
        return [Found("reorganise", c.lo, hi, [i], None) for i in ins]
    return [Found("reorganise", lo, hi, ins, res)] if ins else []


_APPARATUS_OF = vocab.pattern("apparatus-of")


def parse_statute(c: Clause, cue: Cue) -> list[Found]:
    """"sửa đổi quy định chức năng, nhiệm vụ, …, tổ chức bộ máy … của X": X is reorganised."""
    m = _APPARATUS_OF.search(c.sent, cue.end, c.hi)
    if not m:
        return []
    ins = bodies(c.sent, m.end(), cut(c.sent, m.end(), c.hi), c.base)
    return [Found("reorganise", cue.end, c.hi, ins[:1])] if len(ins) == 1 else []


_SERVING = vocab.pattern("serving")


def parse_served(c: Clause, cue: Cue) -> list[Found]:
    """"Đề án Văn phòng Tỉnh ủy phục vụ chung các cơ quan …": that office is reorganised."""
    m = _SERVING.search(c.sent, c.lo, cue.start)
    if not m:
        return []
    mm = mention(c.sent, m.start("b"), cue.start, c.base)
    if not mm or not is_head(mm.name) or bare_head(mm.name):
        return []
    return [Found("reorganise", m.start("b"), cue.start, [mm])]


_MODEL_OF = vocab.phrase(words="khối|cho|của", trail=r"\s*")


def parse_model(c: Clause, cue: Cue) -> list[Found]:
    """"mô hình cơ quan tham mưu, giúp việc chung khối A và B cấp huyện": A and B merge into it."""
    sent, hi, base = c.sent, c.hi, c.base
    m = _MODEL_OF.match(sent, cue.end, hi)
    a = m.end() if m else cue.end + len(sent[cue.end:hi]) - len(sent[cue.end:hi].lstrip())
    end = cut(sent, a, hi)
    paren = sent.find(")", a, end)
    if paren >= 0:
        end = paren
    core = sent[a:end].rstrip(" ,.")
    lv = next((g for g in _GRADE_AT.finditer(core) if g.end() == len(core)), None)
    suffix = lv.group().strip() if lv else ""
    core_end = a + lv.start() if lv else end
    ins = []
    for x, y, p in split_list(sent, a, core_end):
        mm = mention(sent, x, y, base, p, keep_level=True)
        if mm and is_head(mm.name):
            if suffix:
                mm.name = f"{mm.name} {suffix}"
            ins.append(mm)
    if not ins:
        return []
    res = mention(sent, cue.start, end, base, keep_level=True)
    return [Found("merge", cue.start, end, ins, res)]


_POSTS_OF = vocab.phrase(words="chức danh", lead=r"\s*(?:đối\s+với\s+)?(?:các\s+|một\s+số\s+)?", trail=r"\s*")
_PAIR_IN_OBJECT = vocab.pattern("pair-in-object")
_PART_TIME = vocab.phrase(words="không chuyên trách", lead="")
_GRADE_AT = lexicon.compile_alternation("change_levels", "grade", bound=False, before=r"\s+cấp\s+", after=NA,
                                        flags=re.I)


def parse_concurrent(c: Clause, cue: Cue) -> list[Found]:
    """"X đồng thời là Y", "kiêm nhiệm / nhất thể hóa (các) chức danh A, B": the posts held together."""
    sent, lo, hi, base = c.sent, c.lo, c.hi, c.base
    m = cue.match
    word = fold(m.group())
    if word.startswith(("dong thoi", "kiem")) and word != "kiem nhiem":
        posts = list(POST_RE.finditer(sent, lo, m.start()))
        if not posts:
            return []
        x = posts[-1]
        between = sent[x.start():m.start()]
        if "," in between or len(between.split()) > 9:
            return []
        y_lo = m.end() + len(sent[m.end():]) - len(sent[m.end():].lstrip())
        if not POST_RE.match(sent, y_lo):
            return []
        y_hi = cut(sent, y_lo, hi)
        lvm = first_top(sent, _GRADE_AT, y_lo, y_hi)
        a = mention(sent, x.start(), m.start(), base)
        b = mention(sent, y_lo, lvm.start() if lvm else y_hi, base)
        return [Found("concurrent-post", x.start(), hi, [p for p in (a, b) if p], levels=levels_in(sent[y_lo:hi]))]
    # kiêm nhiệm / nhất thể hóa (một số) chức danh …: the posts when listed, else left unnamed
    pm = _POSTS_OF.match(sent, m.end(), hi)
    if not pm:
        return []
    if _PAIR_IN_OBJECT.search(sent, m.end(), cut(sent, m.end(), hi)):
        return []  # "nhất thể hóa chức danh A đồng thời là B": the pair is read at "đồng thời là"
    posts: list[AgencyMention] = []
    p_lo = pm.end()
    if not POST_RE.match(sent, p_lo) and _PART_TIME.search(sent):
        return []  # unnamed posts of part-time workers ("người hoạt động không chuyên trách"): class-wide
    if POST_RE.match(sent, p_lo):
        for a, b in _post_items(sent, p_lo, cut(sent, p_lo, hi)):
            mm = mention(sent, a, b, base)
            if mm:
                posts.append(mm)
    return [Found("concurrent-post", m.start(), hi, posts if len(posts) > 1 else [],
                  levels=levels_in(sent[m.start():hi]))]


def _post_items(sent: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """"Bí thư cấp ủy và Chủ tịch Ủy ban nhân dân cấp xã" → the two posts (split where a post title starts)."""
    starts = [m.start() for m in POST_RE.finditer(sent, lo, hi)]
    out = []
    for i, a in enumerate(starts):
        b = starts[i + 1] if i + 1 < len(starts) else hi
        piece = sent[a:b].rstrip()
        piece = piece[:-1].rstrip() if piece.endswith(",") else piece[:-3].rstrip() if piece.endswith(" và") else piece
        lv = _GRADE_AT.search(piece)
        out.append((a, a + (lv.start() if lv else len(piece))))
    return out


def parse_arrange(c: Clause, cue: Cue) -> list[Found]:
    """"sắp xếp 526 đơn vị hành chính cấp xã (…) để hình thành 126 …": many units merge into fewer,
    in the place the clause's subject names ("Thành phố Hà Nội xây dựng … phương án sắp xếp …")."""
    got = counted_units(c.sent, cue.end + len(c.sent[cue.end:c.hi]) - len(c.sent[cue.end:c.hi].lstrip()), c.hi)
    if got is None:
        return []
    a, b, name, level = got
    if level is None:
        return []  # "sắp xếp đơn vị hành chính" with no level: the reform as background
    m = AgencyMention(surface=c.sent[a:b], name=name, start=c.base + a, end=c.base + b, kind="unit")
    f = Found("merge", cue.start, c.hi, [m], levels=[level] if level else [])
    f.scope = subject_place(c.sent[c.lo:cue.start])
    return [f]


def parse_new_unit(c: Clause, cue: Cue) -> list[Found]:
    """"Tỉnh Lào Cai (mới): Ủy ban nhân dân các tỉnh Lào Cai, Yên Bái …": those provinces merge into it.
    Read on the whole sentence: the label must open it."""
    label = place_label(c.sent)
    if label is None or not label[2] or label[0] < cue.end:
        return []
    end, _, _, result_name = label
    units = place_list(c.sent, end, c.hi, c.base)
    if not units:
        return []
    res = AgencyMention(surface=c.sent[:cue.start].strip(" -+•"), name=result_name, start=c.base,
                        end=c.base + cue.start, kind="unit")
    last = units[-1].end - c.base
    return [Found("merge", 0, last, units, res, levels=[list_level(units)])]


def parse_abolish_level(c: Clause, cue: Cue) -> list[Found]:
    """"bỏ cấp hành chính trung gian (cấp huyện)": that level of government is dissolved."""
    a = cue.end + len(c.sent[cue.end:c.hi]) - len(c.sent[cue.end:c.hi].lstrip())
    b = cut(c.sent, a, c.hi)
    m = mention(c.sent, a, b, c.base)
    levels = levels_in(c.sent[a:c.hi])
    if m is None or not levels:
        return []
    m.kind = "unit"
    return [Found("dissolve", cue.start, c.hi, [m], levels=levels[-1:])]


_TAKERS = frozenset({"dissolve", "establish", "reorganise", "model"})
REGISTRY: dict[str, Parser] = {p.kind: p for p in (
    Parser("merge", "merge", parse_merge, suppresses=_TAKERS | {"arrange"}),
    Parser("merge-each", "merge", parse_merge_each, suppresses=_TAKERS | {"arrange"}),
    Parser("absorb", "absorb", parse_absorb, suppresses=_TAKERS),
    Parser("transfer", "transfer", parse_transfer, suppresses=frozenset({"reorganise"})),
    Parser("dissolve", "dissolve", parse_dissolve, hands_on="dissolved"),
    Parser("establish", "establish", parse_establish, hands_on="new_body"),
    Parser("reorganise", "reorganise", parse_reorganise, hands_on="reorganised"),
    Parser("statute", "reorganise", parse_statute),
    Parser("served", "reorganise", parse_served),
    Parser("model", "merge", parse_model),
    Parser("concurrent-post", "concurrent-post", parse_concurrent),
    Parser("arrange", "merge", parse_arrange, suppresses=_TAKERS | {"absorb"}),
    Parser("new-unit", "merge", parse_new_unit, sentence=True),
    Parser("abolish-level", "dissolve", parse_abolish_level),
)}


def suppressed(kind: str, kinds: frozenset[str]) -> bool:
    """Does another cue of the clause take over this one's findings?"""
    return any(kind in REGISTRY[k].suppresses for k in kinds if k != kind and k in REGISTRY)
