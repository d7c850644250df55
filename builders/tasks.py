"""Tasks: which outline blocks assign work, who does it in which role, and when.

A task is one numbered item, bullet or appendix row that asks someone to do something.
Headings that only group items ("2.1. Về thực hiện Nghị quyết …", "3.1. Sở Nội vụ") are
not tasks; when such a heading has running paragraphs of its own, those paragraphs are
its task. Sections on purpose, principles, targets or past results are not tasks.

Roles come, strongest first, from the item's label lines ("Cơ quan chủ trì: …"), from its
own sentences ("X chủ trì, phối hợp với Y", a body as grammatical subject, "trình X phê
duyệt", "X cho ý kiến", "gửi X thẩm định"), and from context above it (a heading naming
one body over its bullets, an intro sentence "X chủ trì, phối hợp với … thực hiện … sau:").
Appendix table columns name the role in their header. Time is read by ``deadlines``.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from tinhgon.builders import lexicon, outline
from tinhgon.builders.agencies import (
    BODY_START,
    NAMED_BODY_START,
    heads_a_list,
    names_no_body,
    names_only_bodies,
    opens_a_body,
    several_kinds,
    split_agencies,
)
from tinhgon.builders.deadlines import heading_period, parse_time
from tinhgon.builders.model import AgencyMention, Block, Source, Structure, Task, TimeSpec
from tinhgon.builders.outline import is_framing, lead_paras, title
from tinhgon.builders.structure import label_role
from tinhgon.text import fold

__all__ = ["agency_header", "extract_tasks", "inline_roles", "is_framing", "lexicon_example"]

# ---------------------------------------------------------------- vocabulary (from the lexicon)


def _words(w: str) -> str:
    return r"\s+".join(map(re.escape, w.split()))


def _alt(parts: list[str]) -> str:
    return "(?:" + "|".join(sorted(set(parts), key=lambda x: (-len(x), x))) + ")" if parts else "(?!)"


def _verb_alternatives(kinds: tuple[str, ...], *, case_blind: bool = False) -> list[str]:
    """Each verb of subject_verbs.tsv of ``kinds`` with its guards (and forced lower case where the row says)."""
    out = []
    for row in lexicon.rows("subject_verbs"):
        if row["kind"] not in kinds:
            continue
        # look-behinds need a fixed width: one per alternative
        before = "".join(rf"(?<!{w}\s)" for w in row.get("not_after").split("|") if w)
        after = rf"(?!\s*(?:{row['not_then']})(?!\w))" if row.get("not_then") else ""
        for w in row.words("verb"):
            core = _words(w)
            if case_blind and row.get("case") == "lower":
                core = f"(?-i:{core})"
            out.append(before + core + after)
    return out


def _verb_alt(kinds: tuple[str, ...], *, case_blind: bool = False) -> str:
    return _alt(_verb_alternatives(kinds, case_blind=case_blind))


def _verbs(kinds: tuple[str, ...], *, before: str = "", after: str = r"(?!\w)", case_blind: bool = False,
           flags: int = 0) -> re.Pattern[str]:
    """The verbs of ``kinds`` between the grammar's ``before`` and ``after`` context, compiled: the one
    home of "verbs in context" (``lexicon.compile_alternation`` is that for cues, but a verb row carries
    guards of its own: the words before and after that make it no verb)."""
    return re.compile(before + _verb_alt(kinds, case_blind=case_blind) + after, flags)


_VERB_KINDS = ("action", "modal", "aspect", "purpose", "done", "passive", "issuing")
_BEFORE_VERB = r"(?:^|[\s,(])"  # a verb after a subject stands after a space, a comma or a parenthesis
# Verbs are matched in lower case only: inside a name they are capitalised ("Sở Xây dựng",
# "Ủy ban Kiểm tra Tỉnh ủy", "Ban Chỉ đạo"), in running text after the subject they are not.
_VERB_RE = _verbs(_VERB_KINDS, before=_BEFORE_VERB)
_VERB_RE_I = _verbs(_VERB_KINDS, before=_BEFORE_VERB, case_blind=True, flags=re.IGNORECASE)
_ACTIVE_RE = _verbs(tuple(k for k in _VERB_KINDS if k != "passive"), before=_BEFORE_VERB)
_PASSIVE = _verbs(("passive",))
_ISSUING = _verbs(("issuing",), flags=re.IGNORECASE)
_DONE = _verbs(("done",), flags=re.IGNORECASE)
# A paragraph that opens with what to do, no subject ("Khẩn trương hoàn thiện …", "Đồng thời, rà soát …").
_IMPERATIVE = _verbs(("action", "modal"), before="(?:" + _verb_alt(("connective",)) + r"\s*,?\s*)?",
                     case_blind=True, flags=re.IGNORECASE)
_MODAL = _verbs(("modal",), before=r"(?<!\w)")


def _cues(where: str) -> tuple[lexicon.Row, ...]:
    return lexicon.rows("role_cues", where=where)


def _cue_re(where: str, before: str = "", after: str = "", *, group: bool = False) -> re.Pattern[str]:
    """The role cues of one place (``role_cues``), read case-blind, between the grammar's context."""
    return lexicon.compile_alternation("role_cues", "cue", bound=False, before=before, after=after, group=group,
                                       where=where)


@cache
def _folded(where: str) -> tuple[tuple[str, str], ...]:
    """(folded cue, role) of one place, in file order (cues are compared accent-free)."""
    return tuple((fold(w), r["role"]) for r in _cues(where) for w in r.words("cue"))


@cache
def _roles_by_cue(where: str) -> dict[str, str]:
    """Folded cue → role of one place, the first row of a cue winning (as :func:`_role_of` reads them)."""
    out: dict[str, str] = {}
    for c, role in _folded(where):
        out.setdefault(c, role)
    return out


def _key_role(key: str) -> str | None:
    """The role a label key or a table column names, read by structure from the ``labels`` family
    (the one home of label cues): "Cơ quan chủ trì" → lead, "Thời gian thực hiện" → time."""
    role = label_role(key.strip(" -+*") + ":")
    return None if role in (None, "none") else role


# Label keys as structure knows them (``labels``), for labels printed in running text.
_LABEL_KEYS = "(?:" + "|".join(r["label"] for r in lexicon.rows("labels") if r["role"] != "none") + ")"
# A label after a stop on the same line: "Chủ trì: Sở Nội vụ; phối hợp: Sở Tài chính. Thời gian: …" (a
# second label of a label line), "1. Xây dựng Đề án. Cơ quan chủ trì: Sở Nội vụ; …", "2. Rà soát … - Cơ
# quan chủ trì: … - Thời gian hoàn thành: …" (a label run into the item's own line, after a space: group 1
# is not empty). A sentence "Thực hiện các nội dung sau:" is no label: its words are no label key.
_LABEL_AHEAD = re.compile(r"(?:[;.]|\s[-–])(\s*)(?=" + _LABEL_KEYS + r"\s*:)", re.IGNORECASE)
# "(X chủ trì, Y và Z phối hợp)": each list of bodies takes the role word after it.
_PAREN_ROLE = _cue_re("parenthesis", r"[\s,]*(.+?)\s+", r"(?!\w)\s*(?=,|$)", group=True)
_ROLE_WORD_END = _cue_re("parenthesis", r"\s+", "$")
_WITH = _cue_re("with", r"(?<!\w)", r"\s+", group=True)
_WITH_NAMED = _cue_re("with-named", r"(?<!\w)", r"\s+", group=True)
_ASSIGN = _cue_re("assign", r"(?<!\w)", r"\s+")
_REQUEST_LEAD = _cue_re("request", r"\s*", r"\s+")
_SEND = _cue_re("send", r"(?<!\w)", r"\s+", group=True)
_UPWARD = lexicon.alternation("role_cues", "cue", bound=False, where="upward")
_UPWARD_VERB = _cue_re("upward", "(?-i:", r")(?!\w)")  # printed in lower case after the body
# A body a matter is sent up to is capitalised ("đề xuất ban hành" names none) and its name ends at a
# verb, a preposition or punctuation ("trình Thường trực HĐND và UBND tỉnh xem xét": both are sent to).
_SENT_UP_END = _verbs((*_VERB_KINDS, "preposition"), before=r"\s+(?:",
                      after="|" + _UPWARD + r")(?!\w)|\s*[,.;()]|$")
# A clause set before the subject, up to a comma ("Căn cứ …, Sở X chủ trì …"), or a condition before it
# ("Trường hợp …, thì Chính phủ báo cáo …"): the subject is looked for after it.
_FRONTED = _cue_re("fronted", "^", r"(?!\w)[^.]*?,\s*")
_CONDITION = _cue_re("then", "^" + lexicon.alternation("role_cues", "cue", bound=False, where="condition")
                     + r"(?!\w)[^.;]*?[\s,]", r"\s+")
_REQUEST_ANY = _cue_re("request", r"(?<!\w)", r"\s+")
_LEAD_IN_COLON = re.compile(r"([^:;.]{2,200}?)\s*:\s*")
# A topic before a colon, then the sentence proper ("Về dự án …: Bộ Xây dựng khẩn trương …").
_TOPIC_COLON = re.compile(r"^[^:;]{3,300}?:\s+")
# The phrases of tasks_phrases.tsv ("X là cơ sở …": a statement, no task; "trách nhiệm của X:" …).
_PHRASE = lexicon.patterns("tasks_phrases")


@dataclass
class _Ctx:
    roles: dict[str, list[AgencyMention]] = field(default_factory=dict)
    recurrence: str | None = None
    funding: bool = False  # under a section on funding: only what names a doer is a task
    legal: bool = False  # inside the articles of a legal text: only what names a doer or a time is a task
    period: TimeSpec | None = None  # the period a heading or lead-in sets for the items below it


def _structural_kids(b: Block) -> list[Block]:
    return [c for c in b.children if c.kind in ("item", "bullet", "heading", "row") and c.label != "+"]


# A line that stops on a comma or on a word that needs its complement (``tasks_dangling``: "… các phòng
# chuyên môn thuộc") is broken off.
_DANGLING = lexicon.compile_alternation("tasks_dangling", "word", bound=False, before=r"(?:,|\s", after=r")$")


_INNER_STOP = re.compile(r"[.;]\s")  # re's \s is str.isspace()


def _is_grouping(b: Block) -> bool:
    """A heading that only names a group: short, no sentence of its own."""
    t = title(b).rstrip()
    if not t:
        return True
    paras = lead_paras(b)
    if paras and (paras[0].text[:1].islower() or _DANGLING.search(t)):
        return False  # the line breaks off mid-sentence and the paragraph below continues it
    # a stop then a space inside the title (t ends in no space: text follows it) opens a second sentence
    inner_stop = _INNER_STOP.search(t) is not None
    if (t.endswith((".", ";")) and not t.endswith((". .", "..", "…"))) or inner_stop:
        return False  # a sentence ("… Nhật Bản.." trails off: still a title)
    return len(t.split()) <= 30


_REQUEST = _cue_re("request", r"(?<!\w)", r"(?!\w)")


def agency_header(text: str, offset: int = 0, assigning: bool = False,
                  ) -> tuple[list[AgencyMention], str, int] | None:
    """A heading that names bodies ("3.2. Văn phòng UBND tỉnh:", "3.4. Sở X: Tham mưu …").

    Returns the bodies, the rest of the line after the colon and the rest's offset.
    """
    t = text
    if t.rstrip().endswith((";", ",")):
        return None  # a list that runs on into a sentence, not a heading
    # "Đối với Sở Nội vụ", "Trách nhiệm của các sở, ban, ngành", "Nhiệm vụ của UBND các huyện"
    # ("Đối với X" names who acts only where the section assigns work; elsewhere it names a topic:
    # "2.3. Đối với Mặt trận Tổ quốc, các tổ chức chính trị - xã hội" is what is to be reorganised)
    pre = _PHRASE["header_prefix"].match(t) or (_PHRASE["topic_prefix"].match(t) if assigning else None)
    if pre:
        t, offset = t[pre.end():], offset + pre.end()
    m = re.match(r"^([^:]{2,200}?)\s*:\s*(.*)$", t, re.S)
    if m and heads_a_list(t, t.index(":")):
        m = None  # "Các Bộ và các Tập đoàn: A, B, C …": the colon opens a list of names, not the work
    head, rest, roff = (m.group(1), m.group(2), m.start(2)) if m else (t.strip(" ."), "", len(t))
    if not BODY_START.match(head) or _VERB_RE.search(" " + head):
        return None
    if len(head.split()) > 30:
        return None
    ags = split_agencies(head, offset)
    if not ags:
        return None
    return ags, rest, offset + roff


def _cut_at_verb(s: str) -> str:
    """A partner's name ends at a verb, or at the words that start what the partnership is about."""
    m = _VERB_RE.search(s)
    s = s[: m.start()] if m else s
    m = _PHRASE["about"].search(s)
    return s[: m.start()] if m else s


def _mentions(seg: str, off: int) -> list[AgencyMention]:
    seg2 = _cut_at_verb(seg)
    if seg2.count("(") > seg2.count(")"):
        seg2 = seg2[: seg2.rindex("(")]  # a verb inside a note on the body: "X (cơ quan chủ trì …)"
    seg2 = _PHRASE["hereinafter"].sub("", seg2)  # "(sau đây gọi là …)": the short name, no body
    return [a for a in split_agencies(seg2.rstrip(" ,;"), off) if BODY_START.match(a.name)]


def _add(roles: dict[str, list[AgencyMention]], role: str, ags: list[AgencyMention]) -> None:
    have = {fold(a.name) for a in roles.get(role, [])}
    for a in ags:
        if fold(a.name) not in have:
            roles.setdefault(role, []).append(a)
            have.add(fold(a.name))


_FRONTED_WORDS = 14  # the most words of a subject after a fronted clause that is not a list of bodies


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, text) of sentences and ';' clauses; a clause with no verb (a list of bodies) joins the next."""
    out: list[tuple[int, int]] = []
    start = None
    for a, b in outline.sentences(text, semicolons=True):
        a = a if start is None else start
        part = text[a:b].rstrip()
        if part.endswith(";") and not _VERB_RE_I.search(part) and b < len(text.rstrip()):
            start = a
            continue
        start = None
        out.append((a, b))
    return [(a, text[a:b]) for a, b in out]


def _subject(body: str, at: int, max_words: int = 40) -> tuple[int, int, str] | None:
    """[start, end) of a body named as the subject at ``at`` and the verb that follows it."""
    rest = body[at:]
    if not BODY_START.match(rest) or _VERB_RE_I.match(rest):
        return None  # no body, or a verb that looks like one ("Ban hành …", "Báo cáo …")
    vm = _VERB_RE.search(rest)
    if not vm or vm.start() == 0:
        return None
    seg = rest[: vm.start()]
    if (sc := _PHRASE["scope"].search(rest, 0, vm.end() + 200)) is not None and sc.start() <= vm.start():
        # "X, Y, trong phạm vi nhiệm vụ, quyền hạn được giao, chủ động rà soát …": the note on the bounds
        # of their powers ends the subject (a verb inside it, "được giao", is none of the sentence's)
        vm = _VERB_RE.search(rest, sc.end() - 1)
        if vm is None:
            return None
        seg = rest[: sc.start()]
    if len(seg.split()) > max_words or _PHRASE["subject_with"].search(seg):
        return None
    if ":" in seg and not heads_a_list(seg, seg.index(":")):
        return None  # "Giao X: Chỉ đạo …" names X before a colon: a lead-in, read by _lead_in
        return None
    verb = rest[vm.start():].strip(" ,(")
    if _PASSIVE.match(verb):
        return None  # a passive: the body is what is acted on ("Cơ quan chuyên môn … được sắp xếp")
    return at, at + len(seg), verb.lower()


def _paren_roles(inner: str, off: int, roles: dict[str, list[AgencyMention]]) -> None:
    """Roles printed in parentheses: "(Sở Nội vụ chủ trì; …)" or "(chủ trì: Sở X; phối hợp: Sở Y)"."""
    for start, seg in outline.clauses(inner):
        poff = off + start
        kv = re.match(r"\s*([^:]{3,60}):\s*(.+)$", seg)
        if kv:
            role = _key_role(kv.group(1))
            if role and role not in ("responsible", "time"):
                _add(roles, role, split_agencies(kv.group(2), poff + kv.start(2)))
            continue
        pos = 0
        while (lm := _PAREN_ROLE.match(seg, pos)) is not None:
            if BODY_START.match(lm.group(1)):
                # "(cơ quan chủ trì và cơ quan phối hợp)" says what the body before it is: no body of its own
                ags = [a for a in split_agencies(lm.group(1), poff + lm.start(1))
                       if not names_no_body(_ROLE_WORD_END.sub("", a.surface))]
                _add(roles, _role_of("parenthesis", lm.group(2)), ags)
            pos = lm.end()


def _role_of(where: str, cue: str) -> str:
    """The role of the row of ``where`` whose cue is ``cue`` as printed."""
    k = fold(cue)
    role = _roles_by_cue(where).get(k)
    return role if role is not None else next(role for c, role in _folded(where) if c == k)


def _sent_up(body: str, at: int) -> tuple[int, str | None] | None:
    """The bodies a matter is sent up to from ``at`` ("trình <X, Y> phê duyệt"): where their names
    end, and the role the verb after them names (None when no upward verb follows)."""
    if not NAMED_BODY_START.match(body, at):
        return None
    end = _SENT_UP_END.search(body, at).start()
    while (more := _PHRASE["list_join"].match(body[end:])) and NAMED_BODY_START.match(body, end + more.end()):
        end = _SENT_UP_END.search(body, end + more.end()).start()  # "Thường trực Tỉnh ủy, Ban Thường vụ …"
    um = _UPWARD_VERB.match(body[end:].lstrip())
    return end, _role_of("upward", um.group()) if um else None


def _doer(body: str) -> tuple[int, int, str, str] | None:
    """Who does the work of a sentence: [start, end) of the bodies, the words after them and how they
    are named ('subject'; 'assign': "Giao X …"; 'request': "Đề nghị X …", "… yêu cầu X …")."""
    g = _ASSIGN.search(body)
    if g and (g.start() <= 3 or body[: g.start()].rstrip().endswith((".", ";", ",", ":"))):
        got = _subject(body, g.end()) or _lead_in(body, g.end())
        if got is not None:
            return (*got, "assign")
    subj = _subject(body, 0)
    if subj is None and (dn := _REQUEST_LEAD.match(body)):
        # "Đề nghị Ủy ban MTTQ tỉnh, các đoàn thể phối hợp tuyên truyền": the bodies asked do the work
        # ("Đề nghị X xem xét, quyết định" sends it up instead: deciding, read with the send cues)
        got = _subject(body, dn.end()) or _lead_in(body, dn.end())
        if got is not None and not _UPWARD_VERB.match(got[2]):
            return (*got, "request")
        return None
    if subj is None and _FRONTED.match(body):
        # after each comma and its spaces, outside parentheses (a note holds no subject of the sentence)
        for c in (i for i, ch in enumerate(body) if ch == "," and body.count("(", 0, i) <= body.count(")", 0, i)):
            subj = _subject(body, len(body) - len(body[c + 1:].lstrip()))
            # a subject of many words is a list of bodies ("các sở, ban, ngành, tổ chức chính trị - xã hội,
            # Ủy ban nhân dân các xã, phường"), or else the rest of the fronted clause
            # (opening a list, with a capital or a plural: "ban, ngành, …" after "từ các sở," goes on a list)
            if subj is not None and (len(body[subj[0]:subj[1]].split()) <= _FRONTED_WORDS
                                     or (opens_a_body(body[subj[0]:]) and names_only_bodies(body[subj[0]:subj[1]]))):
                break
            subj = None
    if subj is None and (cond := _CONDITION.match(body)):
        subj = _subject(body, cond.end())  # "Trường hợp … thì Chính phủ báo cáo …"
    if subj is None and (colon := _TOPIC_COLON.match(body)):
        subj = _subject(body, colon.end())  # "Về dự án …: Bộ Xây dựng khẩn trương rà soát"
    if subj is None:
        # "Kết luận nêu rõ yêu cầu các cấp ủy … khẩn trương …": the bodies asked, wherever asked; a
        # sentence that opens with its work ("Tăng cường kiểm tra …, có biện pháp yêu cầu các chủ đầu tư
        # lập …") is the doer's above, and the bodies it asks are the ones it directs
        for m in () if _IMPERATIVE.match(body) else _REQUEST_ANY.finditer(body):
            got = _subject(body, m.end())
            if got is not None and not _UPWARD_VERB.match(got[2]):
                return (*got, "request")
        return None
    for cue, how in ((_ASSIGN, "assign"), (_REQUEST_ANY, "request")):
        if cue.match(subj[2]):
            # "UBND tỉnh giao Sở Nội vụ chủ trì …": the body given the work, not the one giving it
            gm = cue.search(body, subj[1])
            inner = _subject(body, gm.end()) if gm else None
            if inner is not None and not _UPWARD_VERB.match(inner[2]):
                return (*inner, how)
    return (*subj, "subject")


def _lead_in(body: str, at: int) -> tuple[int, int, str] | None:
    """"Giao Đảng ủy Chính phủ: Chỉ đạo …": bodies named before a colon, their work after it."""
    m = _LEAD_IN_COLON.match(body, at)
    if m is None or not BODY_START.match(m.group(1)) or _VERB_RE.search(" " + m.group(1)):
        return None
    return at, at + len(m.group(1)), body[m.end():].lower()


def inline_roles(text: str, offset: int = 0) -> dict[str, list[AgencyMention]]:
    """Roles stated in running text: subjects, "chủ trì, phối hợp với", "trình X phê duyệt" …

    Read once per text and offset (plans of many provinces repeat a template's sentences, and a task's
    text is read again as a time line or a lead-in); the caller gets its own mentions, which it may move."""
    seen: dict[int, AgencyMention] = {}  # a mention named under two roles stays one object, as read
    out: dict[str, list[AgencyMention]] = {}
    for role, ags in _inline_roles(text, offset).items():
        mine = []
        for a in ags:
            c = seen.get(id(a))
            if c is None:
                c = seen[id(a)] = copy.copy(a)
            mine.append(c)
        out[role] = mine
    return out


@lru_cache(maxsize=4096)
def _inline_roles(text: str, offset: int) -> dict[str, list[AgencyMention]]:
    roles: dict[str, list[AgencyMention]] = {}
    single: list[AgencyMention] = []  # sole subjects of a sentence that names no lead
    for s_off, sent in _sentences(text):
        base = offset + s_off
        body = sent
        doer = _doer(body)
        if doer is not None and _ISSUING.match(doer[2]):
            doer = None  # "Ban Thường vụ Tỉnh ủy đề ra Kế hoạch … như sau:": the issuer, no doer
        if doer is not None:
            a, b_, verb, how = doer
            ags = _mentions(body[a:b_], base + a)
            if ags:
                named_lead = verb.startswith(_lead_verbs())
                # one body, or the one body of each unit of a level ("Ủy ban nhân dân cấp tỉnh"), acts
                # alone; a plural or a list of kinds ("Các cấp ủy", "Các sở, ban, ngành") shares the duty
                sole = len(ags) == 1 and not several_kinds(ags[0])
                if named_lead or (how != "subject" and sole):
                    _add(roles, "lead", ags)
                elif sole:
                    single.extend(ags)
                else:
                    _add(roles, "implementing", ags)
        for a, b in outline.parentheses(body, shortest=4, longest=300):
            _paren_roles(body[a:b], base + a, roles)
        for m in _WITH.finditer(body):
            _add(roles, _role_of("with", m.group(1)), _mentions(body[m.end():], base + m.end()))
        for m in _WITH_NAMED.finditer(body):
            if opens_a_body(body[m.end():]):  # "phối hợp Sở X", "phối hợp các đơn vị" (not "phối hợp tổ chức")
                _add(roles, _role_of("with-named", m.group(1)), _mentions(body[m.end():], base + m.end()))
        for m in _SEND.finditer(body):
            up = _sent_up(body, m.end())
            if up is None:
                continue
            end, role = up
            role = role or _role_of("send", m.group(1))
            if role != "none":
                _add(roles, role, split_agencies(body[m.end():end], base + m.end()))
    # a body that is the only subject leads; several bodies each acting share the duty (implementing)
    if len({fold(a.name) for a in single}) == 1 and not roles.get("lead"):
        _add(roles, "lead", single[:1])
    else:
        led = {fold(x.name) for x in roles.get("lead", [])}
        _add(roles, "implementing", [a for a in single if fold(a.name) not in led])
    return {k: v for k, v in roles.items() if v}


@cache
def _lead_verbs() -> tuple[str, ...]:
    return tuple(c for c, _ in _folded_raw("subject"))


@cache
def _folded_raw(where: str) -> tuple[tuple[str, str], ...]:
    """(cue as printed, lower case, role) of one place: for cues read on running text."""
    return tuple((w.lower(), r["role"]) for r in _cues(where) for w in r.words("cue"))


def _label_parts(src: Source, lab: Block) -> tuple[str, str, int]:
    t = lab.text.split("\n")[0]
    i = t.find(":")
    at = src.text.find(t, lab.start, lab.end + 1)
    return t[:i], lab.text[i + 1:], (at + i + 1) if at >= 0 else lab.start + i + 1


def _label_pairs(key: str, val: str, off: int) -> list[tuple[str, str, int]]:
    """(key, value, value offset) of each label printed on one line."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    for m in _LABEL_AHEAD.finditer(val):
        out.append((key, val[pos:m.start()], off + pos))
        rest = val[m.end():]
        colon = rest.index(":")
        key, pos = rest[:colon], m.end() + colon + 1
    out.append((key, val[pos:], off + pos))
    return out


def _label_bodies(val: str, off: int) -> list[AgencyMention]:
    """The bodies a label names; a value that goes on into what they do ("Bộ Công an tiến hành rà
    soát …; các bộ rà soát …") names, in each ';' part, the bodies before the verb."""
    out: list[AgencyMention] = []
    for start, seg in outline.clauses(val):
        lead = len(seg) - len(seg.lstrip())
        cut = _ACTIVE_RE.search(seg)  # not at a passive: "Các cơ quan được phân công …" is a name
        # (a name may hold a verb: "Các cơ quan, đơn vị quản lý đơn vị sự nghiệp công lập"; a sentence is longer)
        body = seg[: cut.start()] if cut and len(seg.split()) >= 18 else seg
        out.extend(split_agencies(body.strip(), off + start + lead))
    return out


def _roles_from_labels(src: Source, labels: list[Block]) -> tuple[dict[str, list[AgencyMention]],
                                                                  list[tuple[str, int]]]:
    return _roles_from_pairs([pair for lab in labels for pair in _label_pairs(*_label_parts(src, lab))])


def _roles_from_pairs(pairs: list[tuple[str, str, int]]) -> tuple[dict[str, list[AgencyMention]],
                                                                list[tuple[str, int]]]:
    """Roles and time values (each with the offset of its first character) of label pairs."""
    roles: dict[str, list[AgencyMention]] = {}
    times: list[tuple[str, int]] = []
    for key, val, off in pairs:
        role = _key_role(key)
        if role == "time":
            times.append((val, off))
            for r, ags in inline_roles(val, off).items():
                if r in ("deciding", "commenting", "appraising"):
                    _add(roles, r, ags)
            continue
        ags = _label_bodies(val, off)
        if not ags or role is None:
            continue
        if role == "responsible":
            role = "lead" if len(ags) == 1 else "implementing"
        _add(roles, role, ags)
    if not roles.get("lead") and len(roles.get("implementing", [])) == 1:
        roles["lead"] = roles.pop("implementing")  # one body made responsible, none named to lead: it leads
    return roles, times


def _own_span(b: Block) -> tuple[int, int]:
    end = b.end
    for p in lead_paras(b):
        end = max(end, p.end)
    return b.start, end


def _plus_text(b: Block) -> str:
    return "\n".join(c.text for c in b.children if c.kind == "bullet" and c.label == "+")


def _merge(base: dict[str, list[AgencyMention]], extra: dict[str, list[AgencyMention]],
           only_missing: bool = True) -> None:
    for r, ags in extra.items():
        if only_missing and base.get(r):
            continue
        _add(base, r, ags)


def _time(texts: list[tuple[str, int]]) -> TimeSpec:
    for t, off in texts:
        ts = parse_time(t, off)
        if ts.due or ts.start or ts.recurrence:
            return ts
    return TimeSpec()


def _combine_times(specs: list[TimeSpec]) -> TimeSpec:
    out = TimeSpec()
    for s in specs:
        out.start = out.start or s.start
        if s.due:
            out.due = s.due
        out.recurrence = out.recurrence or s.recurrence
        if s.phrase and not out.phrase:
            out.phrase, out.start_offset, out.end_offset = s.phrase, s.start_offset, s.end_offset
    return out


def _offset_map(src: Source, text: str, start: int):
    """Map positions in a task text joined from several lines back to ``source.text``."""
    pieces: list[tuple[int, int, int]] = []  # (joined start, joined end, source start)
    pos, cur = 0, start
    for line in text.split("\n"):
        at = src.text.find(line, cur) if line else -1
        if at < 0:
            at = cur
        pieces.append((pos, pos + len(line), at))
        cur = at + len(line)
        pos += len(line) + 1

    def to_source(i: int) -> int:
        for a, b, o in pieces:
            if a <= i <= b:
                return o + (i - a)
        return start + i

    return to_source


def _make_task(src: Source, b: Block, ref: str, text: str, start: int, end: int, ctx: _Ctx,
               labels: list[Block], extra_labels: list[Block] | None = None) -> Task:
    roles, times = _roles_from_labels(src, labels + (extra_labels or []))
    at = _offset_map(src, text, start)
    running = text
    rel_times: list[tuple[str, int]] = []
    il = next((m for m in _LABEL_AHEAD.finditer(text) if m.group(1)), None)
    if il:
        rest = text[il.end():]
        colon = rest.index(":")
        in_roles, in_times = _roles_from_pairs(_label_pairs(rest[:colon], rest[colon + 1:], il.end() + colon + 1))
        for ags in in_roles.values():
            for a in ags:
                a.start, a.end = at(a.start), at(max(a.start, a.end - 1)) + 1
        _merge(roles, in_roles)
        rel_times = in_times
        running = text[:il.start() + 1]
    own = inline_roles(running, 0)
    for ags in own.values():
        for a in ags:
            a.start, a.end = at(a.start), at(max(a.start, a.end - 1)) + 1
    _merge(roles, own)
    # who appraises, comments or decides is often said in the text beside the labels
    _merge(roles, {k: v for k, v in own.items() if k in ("appraising", "commenting", "deciding")}, only_missing=False)
    if not roles.get("lead") and not roles.get("implementing"):
        # the body above (a heading naming it, an intro "X chủ trì, phối hợp với Y …") with its partners
        _merge(roles, {k: v for k, v in ctx.roles.items() if k in ("lead", "implementing", "coordinating")})
    specs = [parse_time(v, o) for v, o in times]
    for v, o in rel_times:  # offsets relative to the joined task text: map them to the source
        spec = parse_time(v, o)
        if spec.phrase:
            spec.start_offset, spec.end_offset = at(spec.start_offset), at(max(spec.start_offset,
                                                                                 spec.end_offset - 1)) + 1
        specs.append(spec)
    times = times + rel_times
    ts = _combine_times(specs) if times else _time([(text, 0)])
    if not times and ts.phrase:
        ts.start_offset, ts.end_offset = at(ts.start_offset), at(max(ts.start_offset, ts.end_offset - 1)) + 1
    if not ts.recurrence and ctx.recurrence:
        ts.recurrence = ctx.recurrence
    return Task(ref=ref, text=text.strip(), start=start, end=end, roles={k: v for k, v in roles.items() if v},
                time=ts)


def extract_tasks(source: Source, structure: Structure) -> list[Task]:
    """Every task of the document body and its appendix rows, in reading order."""
    tasks: list[Task] = []
    _walk(source, structure.root, _Ctx(), tasks)
    _unique_refs(tasks)
    _link_same(tasks)
    return tasks


def _unique_refs(tasks: list[Task]) -> None:
    """A ref printed twice (two appendix tables each numbered from 1) names two tasks: the later ones
    get ``~2``, ``~3`` … so every task keeps an identity (and an IRI) of its own."""
    seen: dict[str, int] = {}
    for t in tasks:
        n = seen.get(t.ref, 0) + 1
        seen[t.ref] = n
        if n > 1:
            t.ref = f"{t.ref}~{n}"


def _text_of(src: Source, blocks: list[Block]) -> tuple[str, int, int]:
    s, e = blocks[0].start, blocks[-1].end
    return "\n".join(b.text for b in blocks), s, e


def _walk(src: Source, b: Block, ctx: _Ctx, out: list[Task]) -> None:
    if b.parent is None or b.kind == "heading":
        kids = _structural_kids(b)
        first = kids[0].start if kids else None
        # the paragraphs of a section (or of a page with no numbering), not a preamble before the outline
        paras = [c for c in b.children if c.kind == "para" and c.own_ref and c.shape != "page-heading"
                 and (b.parent is not None or first is None or c.start > first)]
        _para_tasks(src, paras, ctx, out)
    cur = ctx  # after a part that states the plan's time and holds no work: the context with its period
    for c in b.children:
        if c.kind in ("label", "para"):
            continue
        if cur is not ctx and outline.is_assigning(c):
            cur = ctx  # "Tổ chức thực hiện" gives the work to bodies; the plan's period is not its schedule
        n = len(out)
        _walk_one(src, c, cur, out)
        if cur is ctx and len(out) == n and (spec := _stated_period(src, c)):
            cur = _child_ctx(ctx)
            cur.period = spec


def _walk_one(src: Source, c: Block, ctx: _Ctx, out: list[Task]) -> None:
    if c.kind == "row":
        t = _row_task(src, c)
        if t:
            out.append(t)
        return
    if c.label == "+":
        return  # details of the bullet above
    if is_framing(c):
        return
    if outline.section_kind(c) == "funding" and not ctx.funding:
        sub = _child_ctx(ctx)
        sub.funding = True
        _visit(src, c, sub, out)
        return
    _visit(src, c, ctx, out)


def _stated_period(src: Source, b: Block) -> TimeSpec | None:
    """The period a part that holds no work states for the plan: its own time label ("2. Thời gian thực
    hiện: Từ tháng 10/2025 …"), or, when its title names the time ("II. PHẠM VI VÀ THỜI GIAN THỰC
    HIỆN"), the first time label of its parts. The items after it that state no time of their own take
    it, up to the part that assigns the work; a time label deep in another part ("Tháng hành động …
    Thời gian: …" under "MỤC TIÊU") times only its neighbours."""
    deep = _names_time(b)
    if deep and (paras := lead_paras(b)):  # "3. Thời gian thực hiện" over a line "Từ nay đến hết năm 2025."
        spec = parse_time("\n".join(p.text for p in paras), paras[0].start)
        if spec.due or spec.start:
            return spec
    for c in b.children:
        if c.kind == "label":
            _, times = _roles_from_labels(src, [c])
            spec = _combine_times([parse_time(v, o) for v, o in times])
            if spec.due or spec.start:
                return spec
        elif deep and (spec := _stated_period(src, c)) is not None:
            return spec
    return None


def _names_time(b: Block) -> bool:
    """Whether a part's title names the time as a label does ("ĐỐI TƯỢNG, PHẠM VI VÀ THỜI GIAN …"); a
    bold title broken over lines continues in the capitals below it."""
    words = title(b)
    for c in b.children:
        if c.kind != "para" or not c.text.isupper():
            break
        words += " " + c.text
    return any(_key_role(part) == "time" for part in words.lower().replace(" và ", ",").split(","))


def _para_tasks(src: Source, paras: list[Block], ctx: _Ctx, out: list[Task]) -> None:
    """Unnumbered paragraphs that assign work, each a task under its own ref ("para.3", "III.para.2").

    A paragraph assigns work when it names a doer ("Giao X …", "Đề nghị X …", "X chủ trì …"), opens
    with what to do ("Khẩn trương hoàn thiện …", "Đồng thời, rà soát …"), states a requirement
    ("… phải …") or goes on a ';' run whose first paragraph does; one that reports what was done
    ("X đã …") or introduces a list (ending in ':') does not. A paragraph with no subject of its own
    works for the doer named last ("Giao Đảng ủy Chính phủ: …" then "Lãnh đạo, chỉ đạo …"); a ';' run
    shares its first paragraph's doers and partners, and the deadline stated at its end.
    """
    doer: dict[str, list[AgencyMention]] = {}
    done_runs: dict[int, Task] = {}
    for p in paras:
        text = p.text
        if text.rstrip().endswith(":") and p.parent is not None and any(
                c.lead_in is p for c in p.parent.children if c is not p):
            continue  # a lead-in: its doers go to the list below (read by the list's parent)
        if not text.strip() or _PHRASE["statement"].match(text):
            continue
        own = inline_roles(text, p.start)
        who = {k: v for k, v in own.items() if k in ("lead", "implementing")}
        imperative = bool(_IMPERATIVE.match(text))
        run_head = p.run[0] if p.run else None
        in_run = run_head is not None and run_head is not p and id(run_head) in done_runs
        first = _sentences(text)[0][1]
        doers = [d for _, sent in _sentences(text) if (d := _doer(sent)) is not None]
        if doers and _DONE.match(doers[0][2]):
            doer = {}
            continue  # "Bộ Nội vụ đã thẩm định …": a report
        # a subject doing something is news; work is given ("Giao X", "Đề nghị X", "X chủ trì") or required
        prescribed = any(how != "subject" or verb.startswith(_lead_verbs()) for _, _, verb, how in doers)
        if not (prescribed or imperative or in_run or _MODAL.search(first)):
            doer = {}  # a subject of its own that is no body ("Quá trình sắp xếp …"): the doer named last ends
            continue
        sub = _child_ctx(ctx)
        if in_run:
            head = done_runs[id(run_head)]
            sub.roles = {k: list(v) for k, v in head.roles.items() if k in ("lead", "coordinating", "implementing")}
        elif not who and imperative:
            sub.roles = {k: list(v) for k, v in doer.items()}
        t = _make_task(src, p, p.own_ref, text, p.start, p.end, sub, [])
        if who:
            doer = {k: list(v) for k, v in t.roles.items() if k in ("lead", "implementing")}
            if doer.get("lead"):
                doer.pop("implementing", None)
        elif not imperative:
            doer = {}  # "Quá trình sắp xếp … phải …": a requirement whose subject is no body
        if p.run and run_head is p:
            done_runs[id(p)] = t
        _emit(out, ctx, t)
        if p.run and p is p.run[-1] and (t.time.due or t.time.start):
            for q in out:  # the deadline at a run's end reaches every paragraph of it
                if q.ref in {r.own_ref for r in p.run} and not (q.time.due or q.time.start):
                    q.time.due, q.time.start = t.time.due, t.time.start


def _emit(out: list[Task], ctx: _Ctx, t: Task) -> None:
    """Record a task; under a funding section a statement of where the money comes from, which
    names no doer ("Kinh phí … được bố trí từ nguồn ngân sách"), is none, and so is a clause of a
    legal text that names neither a doer nor a time."""
    if ctx.funding and not (t.roles.get("lead") or t.roles.get("implementing")):
        return
    if ctx.legal and not any(t.roles.values()) and not (t.time.due or t.time.start):
        # an article or clause that names no one and no time states the law ("Trường hợp …", "Việc …
        # được thực hiện theo …", "Nghị quyết này có hiệu lực …", a standard, a definition): no task
        return
    if ctx.period and not (t.time.due or t.time.start):
        # "II. NHIỆM VỤ TRỌNG TÂM TỪ NAY ĐẾN THÁNG 6/2027": an item that states no time of its own
        # takes the period its heading or lead-in sets (its own times and labels always win)
        t.time = replace(ctx.period, recurrence=t.time.recurrence)
    out.append(t)


def _with_period(ctx: _Ctx, text: str, offset: int) -> None:
    """A heading or lead-in that schedules the items below it gives them its period (deadlines says
    what the words mean: a year that only names the subject sets nothing)."""
    spec = heading_period(text, offset)
    if spec.due or spec.start:
        ctx.period = spec


def _lead_in_roles(text: str, offset: int) -> dict[str, list[AgencyMention]]:
    """The doers a lead-in names for the items below it ("Sở X chủ trì, phối hợp với Y thực hiện các
    nhiệm vụ sau:", "Đề nghị X tập trung …:"); a request of the issuer in mid-sentence ("Ban Thường vụ
    yêu cầu các cấp ủy thực hiện …:") is a reminder to all, not a lead-in."""
    rq = _REQUEST.search(text)
    if rq and rq.start() > 3:
        return {}
    r = {k: v for k, v in inline_roles(text, offset).items() if k in ("lead", "coordinating", "implementing")}
    if not r.get("lead") and len(r.get("implementing", [])) == 1:
        r["lead"] = r.pop("implementing")  # one body or one collective over a list leads it
    return r if r.get("lead") or r.get("implementing") else {}


def _child_ctx(ctx: _Ctx, roles: dict[str, list[AgencyMention]] | None = None,
               recurrence: str | None = None) -> _Ctx:
    new = _Ctx(roles=dict(ctx.roles), recurrence=recurrence or ctx.recurrence, funding=ctx.funding,
               period=ctx.period, legal=ctx.legal)
    if roles:
        new.roles = {k: list(v) for k, v in roles.items()}
    return new


def _visit(src: Source, b: Block, ctx: _Ctx, out: list[Task]) -> None:
    if b.shape in ("article", "chapter") and not ctx.legal:
        ctx = _child_ctx(ctx)
        ctx.legal = True
    labels = [c for c in b.children if c.kind == "label"]
    paras = lead_paras(b)
    kids = _structural_kids(b)
    head_line = title(b)
    rec = None
    if _is_grouping(b):
        # "Nhiệm vụ thực hiện thường xuyên", "Các nhiệm vụ hằng năm": the cadence of every item below
        rec = "ongoing" if _PHRASE["ongoing_heading"].search(head_line) else parse_time(head_line).recurrence
    assigning = any(outline.is_assigning(a) for a in outline.ancestors(b))
    broken = bool(paras) and paras[0].text[:1].islower()  # the title line runs on below
    hdr = agency_header(head_line, b.start + (len(b.label) + 2 if b.label else 0), assigning) \
        if b.kind != "heading" and not broken else None
    if hdr is None and b.kind != "heading" and (cont := _title_runs_on(b, head_line, paras, kids)) is not None:
        hdr = _joined_header(src, b, head_line, cont, assigning)
        if hdr is not None:
            paras = paras[1:]
    if hdr:
        ags, rest, roff = hdr
        role = "lead" if len(ags) == 1 else "implementing"
        sub = _child_ctx(ctx, {role: ags})
        if rest.strip():
            _emit(out, sub, _make_task(src, b, b.ref, rest, roff, b.end, sub, labels))
        elif paras and not kids:
            text, s, e = _text_of(src, paras)
            _emit(out, sub, _make_task(src, b, b.ref, text, s, e, sub, labels))
        _walk(src, b, sub, out)
        return
    if b.kind == "heading" or (_is_grouping(b) and (kids or paras) and not labels):
        sub = _child_ctx(ctx, recurrence=rec)
        at = src.text.find(head_line, b.start, b.end + 1)
        _with_period(sub, head_line, at if at >= 0 else b.start)
        intro = [p for p in paras if p.text.rstrip().endswith(":")]
        running = [p for p in paras if p not in intro]
        for p in intro:
            r = _lead_in_roles(p.text, p.start)
            if r:
                sub.roles = r
            _with_period(sub, p.text, p.start)
        if b.kind != "heading":
            # an item that introduces its own list: "2. Sở Tài chính có trách nhiệm:", "11. Các đơn vị cấp
            # nước có trách nhiệm", "1. Sở Nội vụ chủ trì, phối hợp với … thực hiện các nhiệm vụ sau:"
            at = src.text.find(head_line, b.start, b.end + 1)
            r = _lead_in_roles(head_line, at if at >= 0 else b.start)
            if r:
                sub.roles = r
        if running and b.kind != "heading" and not _PHRASE["statement"].match(running[0].text):
            text, s, e = _text_of(src, running)
            _emit(out, sub, _make_task(src, b, b.ref, text, s, e, sub, labels))
        _walk(src, b, sub, out)
        return
    # an item or bullet with work of its own
    if _PHRASE["statement"].match(head_line):
        return
    s, e = _own_span(b)
    text = "\n".join([b.text] + [p.text for p in paras])
    plus = _plus_text(b)
    if plus:
        text = text + "\n" + plus
    extra: list[Block] = []
    t = _make_task(src, b, b.ref, text, s, e, ctx, labels, extra)
    _emit(out, ctx, t)
    intro_roles = {}
    if kids and not ctx.funding:
        # "1. Các cơ quan, đơn vị căn cứ chức năng … xây dựng kế hoạch …" and its bullets: the same doers go on
        intro_roles = {k: v for k, v in t.roles.items() if k in ("lead", "coordinating", "implementing")}
    for p in paras:
        if p.text.rstrip().endswith(":"):
            intro_roles = _lead_in_roles(p.text, p.start) or intro_roles
    sub = _child_ctx(ctx, intro_roles or None)
    n_before = len(out)
    _walk(src, b, sub, out)
    # a label printed at the bullets' own level after the last bullet times the whole item too
    for k in kids:
        klabels = [c for c in k.children if c.kind == "label"]
        if any(lab.label and lab.label == k.label for lab in klabels) and \
                any(lab.label != k.label for lab in klabels):
            same = [lab for lab in klabels if lab.label == k.label]
            r, times = _roles_from_labels(src, same)
            if times and not (t.time.due or t.time.start):
                t.time = _combine_times([parse_time(v, o) for v, o in times])
            _merge(t.roles, r)
    del n_before


_RUN_ON_WORDS = 20  # the most words of a title's second line


def _title_runs_on(b: Block, head_line: str, paras: list[Block], kids: list[Block]) -> Block | None:
    """The paragraph that carries on an item's title printed over two lines ("6. Đề nghị: Hiệp hội" over
    "Doanh nghiệp tỉnh, Hội Nông dân tỉnh" over its lettered points; "5. Các chủ đầu tư xây dựng và" over
    "kinh doanh hạ tầng khu công nghiệp" over bullets): the item's only lead paragraph, short and ending
    in no stop, with parts of its own below; a title that ends a sentence or a label runs on into none."""
    if not kids or len(paras) != 1 or head_line.rstrip().endswith((".", ";", ":")):
        return None
    t = paras[0].text.strip()
    if not t or "\n" in t or t.endswith((".", ";")) or len(t.split()) > _RUN_ON_WORDS:
        return None
    return paras[0]


def _joined_header(src: Source, b: Block, head_line: str, cont: Block, assigning: bool,
                   ) -> tuple[list[AgencyMention], str, int] | None:
    """The bodies a title printed over two lines names (``agency_header`` of both lines), each mention
    placed on the source's words."""
    text = head_line + "\n" + cont.text.strip()
    at = src.text.find(head_line, b.start, b.end + 1)
    got = agency_header(text, 0, assigning)
    if got is None or at < 0:
        return None
    ags, rest, roff = got
    to_source = _offset_map(src, text, at)
    for a in ags:
        a.start, a.end = to_source(a.start), to_source(max(a.start, a.end - 1)) + 1
    return ags, rest, to_source(roff)


def _row_task(src: Source, b: Block) -> Task | None:
    text = b.text  # structure puts the cell of the work column there (family ``columns``)
    roles: dict[str, list[AgencyMention]] = {}
    times: list[tuple[str, str]] = []
    for k, v in b.cells.items():
        if v == text:
            continue
        role = _key_role(k)
        if role == "time":
            times.append((k, v))
            continue
        if not v.strip() or role is None:
            continue
        at = src.text.find(v, b.start, b.end + 1)
        ags = split_agencies(v, at if at >= 0 else b.start)
        if role == "responsible":
            role = "lead" if len(ags) == 1 else "implementing"
        _add(roles, role, ags)
    if not text.strip():
        return None
    ts = TimeSpec()
    specs = []
    for _, v in times:
        if v.strip():
            at_cell = src.text.find(v, b.start, b.end + 1)
            specs.append(parse_time(v, at_cell if at_cell >= 0 else b.start))
    if specs:
        ts.start = specs[0].start
        last = specs[-1]
        ts.due = last.due
        ts.recurrence = next((s.recurrence for s in specs if s.recurrence), None)
        ts.phrase = next((s.phrase for s in specs if s.phrase), "")
    at = src.text.find(text, b.start, b.end + 1)
    start = at if at >= 0 else b.start
    return Task(ref=b.ref, text=text.strip(), start=start, end=start + len(text), roles=roles, time=ts)


def _key(s: str) -> str:
    """The first 12 words of a text, folded. Of a long text only its opening words are folded (folding
    is the same character by character, so the words up to a space fold alone as within the whole); if
    they fold to 12 words or fewer (a word of marks only folds to none), the whole text is."""
    head = s.split(None, 24)
    if len(head) > 24 and len(words := fold(" ".join(head[:24])).split()) > 12:
        return " ".join(words[:12])
    return " ".join(fold(s).split()[:12])


_SAME_RATIO = 0.75  # how alike the openings of a row and a body item are when one restates the other
_SAME_PROBES = 4  # the rarest words of a row that its body item is looked up by


def _pairs(key: str) -> list[str]:
    """The word pairs of an opening (its one word when it has one)."""
    w = key.split()
    return [f"{a} {b}" for a, b in itertools.pairwise(w)] or w


def _link_same(tasks: list[Task]) -> None:
    """An appendix row that restates a body item is the same task (``same_as`` both ways): the body
    item whose opening (first 12 words, folded) is most like the row's, at least ``_SAME_RATIO``
    alike, the first one of equal likeness.

    Comparing every row with every item is quadratic, and appendices of thousands of rows made it
    the slowest step of a long plan. A row and the item it restates share most of their word pairs,
    so the items compared are those holding one of the row's rarest pairs that any item has (an
    index of word pairs); an item with the row's very opening is the answer without comparing. (Two
    short openings alike only letter by letter, with no word pair in common, are not compared.)
    """
    rows = [t for t in tasks if t.ref.startswith("appendix.")]
    body = [t for t in tasks if not t.ref.startswith("appendix.")]
    if not rows or not body:
        return
    keys = [_key(t.text) for t in body]
    exact: dict[str, int] = {}
    index: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        exact.setdefault(k, i)
        for w in dict.fromkeys(_pairs(k)):
            index.setdefault(w, []).append(i)
    for r in rows:
        rk = _key(r.text)
        hit = exact.get(rk)
        if hit is None:
            shared = sorted((w for w in set(_pairs(rk)) if w in index), key=lambda w: (len(index[w]), w))
            cands = sorted({i for w in shared[:_SAME_PROBES] for i in index[w]})
            sm = difflib.SequenceMatcher(None, rk, "", autojunk=False)  # the ratio of (row, item), in that order
            score = 0.0
            for i in cands:
                sm.set_seq2(keys[i])
                if sm.real_quick_ratio() <= score or sm.quick_ratio() <= score:
                    continue  # cannot beat the best so far (the bounds are never below the ratio)
                s_ = sm.ratio()
                if s_ > score:
                    hit, score = i, s_
            if score < _SAME_RATIO:
                hit = None
        if hit is not None:
            best = body[hit]
            r.same_as = best.ref
            if best.same_as is None:
                best.same_as = r.ref


# ---------------------------------------------------------------- lexicon checks


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    ex = row["example"]
    if family == "subject_verbs":
        return _check_verb(row, ex)
    if family == "tasks_phrases":
        return _check_phrase(row, ex)
    if family == "tasks_dangling":
        ex = ex.replace("\\n", "\n")
        title_words = ex.partition("\n")[0].partition(" ")[2]  # the title after its number
        got = _tasks_of(ex).get("1")
        if got is None or not got.text.startswith(title_words):
            return f"{row.where}: {ex!r} is not read as one item going on below its title (got {got and got.text!r})"
        return None
    if family != "role_cues":
        return f"{row.where}: tasks has no check for family {family!r}"
    where, want = row["where"], row["role"]
    got = set(inline_roles(ex))
    want_any = {"deciding", "commenting", "appraising"} if want == "none" else {want}
    if where in ("request", "fronted", "condition", "then"):
        want_any = {"lead", "implementing"}  # the body after the cue (or the clause it opens) does the work
    if not got & want_any:
        return f"{row.where}: the example gives {sorted(got)}, not {sorted(want_any)}"
    return None


def _tasks_of(text: str) -> dict[str, Task]:
    """The tasks of a text written for a check, read as a document is (normalised, then its outline)."""
    from tinhgon.builders.load import RawText
    from tinhgon.builders.normalise import normalise
    from tinhgon.builders.structure import parse_structure

    src = normalise(RawText("t.txt", "t.txt", "t", "", "utf-8", text))
    return {t.ref: t for t in extract_tasks(src, parse_structure(src))}


def _surfaces(text: str, role: str) -> list[str]:
    return [a.surface for a in inline_roles(text).get(role, [])]


def _check_phrase(row: lexicon.Row, ex: str) -> str | None:
    """The effect of one phrase of tasks_phrases.tsv on its example (and, for a guard, its absence on
    the counter sentence)."""
    name, counter = row["name"], row.get("counter")
    if name == "statement":  # a statement is no task; the counter sentence assigns work
        ok = not _tasks_of(f"1. {ex}\n") and (not counter or bool(_tasks_of(f"1. {counter}\n")))
    elif name == "ongoing_heading":
        got = _tasks_of(f"1. {ex}\n1.1. Rà soát các quy định hiện hành.\n").get("1.1")
        ok = got is not None and got.time.recurrence == "ongoing"
    elif name in ("header_prefix", "topic_prefix"):
        ok = agency_header(ex, assigning=name == "topic_prefix") is not None  # the bodies after the words
    elif name == "about":  # the partner's name ends before what the partnership is about
        m = _PHRASE["about"].search(ex)
        got = _surfaces(ex, "coordinating")
        ok = m is not None and bool(got) and not any(m.group().strip() in a for a in got)
    elif name == "hereinafter":  # the short name given is no part of the body's name
        got = _surfaces(ex, "lead")
        ok = bool(got) and not any("(" in a for a in got)
    elif name == "subject_with":  # no subject before the verb; the counter sentence has one
        ok = _subject(ex, 0) is None and (not counter or _subject(counter, 0) is not None)
    elif name == "scope":  # the subject ends before the note, the verb after it; no note, no change
        got = _subject(ex, 0)
        ok = got is not None and not _PHRASE["scope"].search(ex[got[0]:got[1]]) and (
            not counter or _subject(counter, 0) is not None)
    elif name == "list_join":  # both bodies are sent up to
        ok = any(len(v) > 1 for v in inline_roles(ex).values())
    else:
        return f"{row.where}: tasks reads no phrase {name!r}"
    return None if ok else f"{row.where}: the phrase {name!r} has no effect on {ex!r}"


def _check_verb(row: lexicon.Row, ex: str) -> str | None:
    verbs = [w.lower() for w in row.words("verb")]
    if row["kind"] in ("passive", "issuing"):
        if inline_roles(ex).get("lead") or inline_roles(ex).get("implementing"):
            return f"{row.where}: {row['kind']}, yet {ex!r} gives a doer"
        return None
    if row["kind"] == "connective":
        if not _IMPERATIVE.match(ex):
            return f"{row.where}: {ex!r} is not read as a subject-less sentence going on from the one before"
        return None
    if row["kind"] == "preposition":
        m = _SEND.search(ex)
        up = _sent_up(ex, m.end()) if m else None
        if up is None or not any(ex[up[0]:].lstrip().startswith(v) for v in verbs):
            return f"{row.where}: the body sent up in {ex!r} does not end at {row['verb']!r}"
        return None
    subj = _subject(ex, 0)
    if subj is None or not any(subj[2].startswith(v) for v in verbs):
        return f"{row.where}: the subject of {ex!r} does not end at {row['verb']!r} (got {subj})"
    return None
