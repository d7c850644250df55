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

import difflib
import re
from dataclasses import dataclass, field

from tinhgon.builders.agencies import split_agencies
from tinhgon.builders.deadlines import parse_time
from tinhgon.builders.model import AgencyMention, Block, Source, Structure, Task, TimeSpec
from tinhgon.text import fold

_FRAMING = re.compile(
    r"^(?:khai quat|tinh hinh|ket qua|muc dich|yeu cau|quan diem|muc tieu|nguyen nhan|danh gia|"
    r"han che|noi nhan|boi canh|thuc trang|khach quan|chu quan|uu diem|khuyet diem|ton tai|bai hoc|"
    r"nguyen tac|chi tieu|su can thiet)"
)
# Words that end the name of a body and start what it does.
_VERBS = (
    r"chủ\s+trì|lãnh\s+đạo|chỉ\s+đạo|xây\s+dựng|(?<!các\s)(?<!và\s)(?<![Bb]an\s)(?-i:tổ\s+chức)\s+(?!chính\s+trị|hội|đảng|bộ\s+máy|xã\s+hội|cơ\s+sở|đoàn)|"
    r"tiếp\s+tục|căn\s+cứ|rà\s+soát|thực\s+hiện|triển\s+khai|khẩn\s+trương|tham\s+mưu|phối\s+hợp|giúp|"
    r"theo\s+dõi|chủ\s+động|đẩy\s+mạnh|có\s+trách\s+nhiệm|phải|cần|hướng\s+dẫn|ban\s+hành|quán\s+triệt|"
    r"nghiên\s+cứu|đề\s+xuất|báo\s+cáo|kiểm\s+tra|tiến\s+hành|làm\s+tốt|đôn\s+đốc|thường\s+xuyên|"
    r"trình|đăng|mở|tập\s+trung|bảo\s+đảm|đảm\s+bảo|để|nhằm|sắp\s+xếp|kiện\s+toàn|hoàn\s+thành|"
    r"cho\s+ý\s+kiến|thẩm\s+định|phê\s+duyệt|quyết\s+định|xem\s+xét|sơ\s+kết|tổng\s+kết|định\s+kỳ|"
    r"tuyên\s+truyền|đánh\s+giá|kịp\s+thời|lập|gửi|yêu\s+cầu|giao|"
    r"tăng\s+cường|chịu\s+trách\s+nhiệm|nâng\s+cao|quan\s+tâm|vận\s+động|bố\s+trí|chuẩn\s+bị|tổng\s+hợp|"
    r"xác\s+định|phát\s+huy|gương\s+mẫu|thống\s+nhất|ưu\s+tiên|phân\s+công|chấn\s+chỉnh|duy\s+trì|"
    r"củng\s+cố|hoàn\s+thiện|sửa\s+đổi|bổ\s+sung|thành\s+lập|giải\s+thể|hợp\s+nhất|sáp\s+nhập|đi\s+vào|"
    r"tích\s+cực|nghiêm\s+túc|sẽ|đã|đang|được|bị"
)
# Verbs are matched in lower case only: inside a name they are capitalised ("Sở Xây dựng",
# "Ủy ban Kiểm tra Tỉnh ủy", "Ban Chỉ đạo"), in running text after the subject they are not.
_VERB_RE = re.compile(r"(?:^|[\s,(])(?:" + _VERBS + r")\b")
_VERB_RE_I = re.compile(r"(?:^|[\s,(])(?:" + _VERBS + r")\b", re.IGNORECASE)
_HEADISH = re.compile(
    r"^\s*(?:(?:[Cc]ác|[Nn]hững|[Tt]ừng)\s+)?(?:Ủy\s+ban|UBND|HĐND|Hội\s+đồng|Sở|Ban|Văn\s+phòng|Đảng\s+ủy|Đảng\s+đoàn|"
    r"Phòng|Trung\s+tâm|Báo|Đài|Thanh\s+tra|Tỉnh\s+ủy|Huyện\s+ủy|Thường\s+trực|Mặt\s+trận|Cấp\s+ủy|"
    r"Bộ(?!\s+(?:máy|phận|tiêu\s+chí|luật|chỉ\s+số))|Công\s+an|Cơ\s+quan|Hội(?!\s+(?:nghị|thảo|thi|diễn))|"
    r"Liên\s+đoàn|Tỉnh\s+[Đđ]oàn|"
    r"Huyện\s+đoàn|Thành\s+đoàn|Thị\s+đoàn|"
    r"ban|đảng\s+đoàn|đảng\s+ủy|cơ\s+quan|cấp\s+ủy|địa\s+phương|huyện|đoàn\s+thể|tổ\s+chức|sở|đơn\s+vị|"
    r"chi\s+bộ|chi,\s+đảng\s+bộ|đảng\s+bộ|phòng|ngành|xã|thôn)\b"
)
_WORK_HEAD = re.compile(r"\b(?:nhiem vu|giai phap|to chuc thuc hien|trach nhiem|phan cong)\b")
# Clauses fronted before the subject: grounds, purpose, and time ("Định kỳ 6 tháng, các cơ quan …").
_FRONTED = re.compile(
    r"^(?:(?:căn\s+cứ|trên\s+cơ\s+sở|để|theo|định\s+kỳ|hằng\s+năm|hàng\s+năm|hằng\s+quý|hàng\s+quý|"
    r"trong\s+(?:năm|quý|tháng)|trước\s+ngày|đến\s+năm|từ\s+năm|sau\s+khi)\b[^.;]*?,\s*)",
    re.IGNORECASE,
)
# Label keys are read accent-free (fold), as OCR loses tone marks: "Cơ quan chủ tri", "Thoi gian".
_ROLE_OF_LABEL = (
    ("appraising", re.compile(r"tham dinh")),
    ("commenting", re.compile(r"cho y kien")),
    ("deciding", re.compile(r"quyet dinh|phe duyet")),
    ("lead", re.compile(r"chu tri")),
    ("coordinating", re.compile(r"phoi hop")),
    ("responsible", re.compile(r"trach nhiem")),
    ("implementing", re.compile(r"thuc hien")),
)
_TIME_LABEL = re.compile(r"^(?:thoi gian|thoi han|tien do)")
_STATEMENT = re.compile(r"^[^,.;:]{0,80}\slà\s+(?:cơ\s+sở|căn\s+cứ|tiêu\s+chí)\b", re.I)
_ONGOING_HEAD = re.compile(r"\bthường\s+xuyên\b", re.I)
_SENT_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")


@dataclass
class _Ctx:
    roles: dict[str, list[AgencyMention]] = field(default_factory=dict)
    recurrence: str | None = None


def _title(b: Block) -> str:
    return b.text.split("\n")[0].strip()


def is_framing(b: Block) -> bool:
    """A section on purpose, principles, targets or past results (its items are not tasks)."""
    t = _title(b)
    if _WORK_HEAD.search(fold(t)):
        return False  # "MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP" holds the tasks too
    return (len(t.split()) <= 16 or t.upper() == t) and bool(_FRAMING.match(fold(t)))


def _lead_paras(b: Block) -> list[Block]:
    out = []
    for c in b.children:
        if c.kind == "label":
            continue
        if c.kind != "para":
            break
        out.append(c)
    return out


def _structural_kids(b: Block) -> list[Block]:
    return [c for c in b.children if c.kind in ("item", "bullet", "heading", "row") and c.label != "+"]


# A line that stops on a word that needs its complement ("… các phòng chuyên môn thuộc") is broken off.
_DANGLING = re.compile(
    r"(?:,|\s(?:của|và|các|những|về|với|cho|trong|theo|thuộc|tại|đối\s+với|là|được|để|nhằm|ở|từ|đến|trên|"
    r"hoặc|hay|có|giữa|sau|trước|khi|đã|sẽ|bảo\s+đảm|đảm\s+bảo))$",
    re.IGNORECASE,
)


def _is_grouping(b: Block) -> bool:
    """A heading that only names a group: short, no sentence of its own."""
    t = _title(b).rstrip()
    if not t:
        return True
    paras = _lead_paras(b)
    if paras and (paras[0].text[:1].islower() or _DANGLING.search(t)):
        return False  # the line breaks off mid-sentence and the paragraph below continues it
    if t.endswith((".", ";")) or re.search(r"[.;]\s+\S", t):
        return False
    return len(t.split()) <= 30


_HEADER_PREFIX = re.compile(r"^\s*(?:(?:trách\s+nhiệm|nhiệm\s+vụ)\s+(?:cụ\s+thể\s+)?của|đề\s+nghị)\s+", re.IGNORECASE)
_REQUEST = re.compile(r"\b(?:yêu\s+cầu|đề\s+nghị)\b", re.IGNORECASE)
# "Đối với X" names who acts only where the section assigns work; elsewhere it names a topic
# ("2.3. Đối với Mặt trận Tổ quốc, các tổ chức chính trị - xã hội": what is to be reorganised).
_TOPIC_PREFIX = re.compile(r"^\s*(?:đối\s+với|về\s+phía)\s+", re.IGNORECASE)
_ASSIGNING = re.compile(r"to chuc thuc hien|phan cong|trach nhiem")


def agency_header(text: str, offset: int = 0, assigning: bool = False,
                  ) -> tuple[list[AgencyMention], str, int] | None:
    """A heading that names bodies ("3.2. Văn phòng UBND tỉnh:", "3.4. Sở X: Tham mưu …").

    Returns the bodies, the rest of the line after the colon and the rest's offset.
    """
    t = text
    if t.rstrip().endswith((";", ",")):
        return None  # a list that runs on into a sentence, not a heading
    # "Đối với Sở Nội vụ", "Trách nhiệm của các sở, ban, ngành", "Nhiệm vụ của UBND các huyện"
    pre = _HEADER_PREFIX.match(t) or (_TOPIC_PREFIX.match(t) if assigning else None)
    if pre:
        t, offset = t[pre.end():], offset + pre.end()
    m = re.match(r"^([^:]{2,200}?)\s*:\s*(.*)$", t, re.S)
    head, rest, roff = (m.group(1), m.group(2), m.start(2)) if m else (t.strip(" ."), "", len(t))
    if not _HEADISH.match(head) or _VERB_RE.search(" " + head):
        return None
    if len(head.split()) > 30:
        return None
    ags = split_agencies(head, offset)
    if not ags:
        return None
    return ags, rest, offset + roff


# Words after a partner's name that start what the partnership is about.
_ABOUT = re.compile(r"\s(?:trong|về)\s+(?:việc|quá\s+trình|công\s+tác)\b|\strong\s+(?:thời\s+gian|năm|quý|tháng)\b",
                    re.IGNORECASE)


def _cut_at_verb(s: str) -> str:
    m = _VERB_RE.search(s)
    s = s[: m.start()] if m else s
    m = _ABOUT.search(s)
    return s[: m.start()] if m else s


def _mentions(seg: str, off: int) -> list[AgencyMention]:
    seg2 = _cut_at_verb(seg)
    seg2 = re.sub(r"\s*\(sau\s+đây[^)]*\)", "", seg2)
    return [a for a in split_agencies(seg2.rstrip(" ,;"), off) if _HEADISH.match(a.name)]


def _add(roles: dict[str, list[AgencyMention]], role: str, ags: list[AgencyMention]) -> None:
    have = {fold(a.name) for a in roles.get(role, [])}
    for a in ags:
        if fold(a.name) not in have:
            roles.setdefault(role, []).append(a)
            have.add(fold(a.name))


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, text) of sentences and ';' clauses; a clause with no verb (a list of bodies) joins the next."""
    cuts = [0] + [m.end() for m in _SENT_SPLIT.finditer(text)] + [len(text)]
    spans = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
    out: list[tuple[int, int]] = []
    start = None
    for a, b in spans:
        a = a if start is None else start
        part = text[a:b].rstrip()
        if part.endswith(";") and not _VERB_RE_I.search(part) and b < len(text):
            start = a
            continue
        start = None
        out.append((a, b))
    return [(a, text[a:b]) for a, b in out]


def _subject(body: str, at: int, max_words: int = 40) -> tuple[int, int, str] | None:
    """[start, end) of a body named as the subject at ``at`` and the verb that follows it."""
    rest = body[at:]
    if not _HEADISH.match(rest) or _VERB_RE_I.match(rest):
        return None  # no body, or a verb that looks like one ("Ban hành …", "Báo cáo …")
    vm = _VERB_RE.search(rest)
    if not vm or vm.start() == 0:
        return None
    seg = rest[: vm.start()]
    if len(seg.split()) > max_words or re.search(r"\svới\s", seg):
        return None
    verb = rest[vm.start():].strip(" ,(").lower()
    if re.match(r"(?:được|bị)\b", verb):
        return None  # a passive: the body is what is acted on ("Cơ quan chuyên môn … được sắp xếp")
    return at, at + vm.start(), verb


_PAREN_ROLE = re.compile(
    r"[\s,]*(.+?)\s+(chủ\s+trì|phối\s+hợp|thẩm\s+định|cho\s+ý\s+kiến|quyết\s+định)\b\s*(?=,|$)", re.IGNORECASE)
_PAREN_ROLE_OF = {"tri": "lead", "hop": "coordinating", "dinh": "appraising", "kien": "commenting"}


def _paren_roles(inner: str, off: int, roles: dict[str, list[AgencyMention]]) -> None:
    """Roles printed in parentheses: "(Sở Nội vụ chủ trì; …)" or "(chủ trì: Sở X; phối hợp: Sở Y)"."""
    for part in re.finditer(r"[^;]+", inner):
        seg, poff = part.group(), off + part.start()
        kv = re.match(r"\s*([^:]{3,60}):\s*(.+)$", seg)
        if kv:
            for role, rx in _ROLE_OF_LABEL:
                if rx.search(fold(kv.group(1))) and role != "responsible":
                    _add(roles, role, split_agencies(kv.group(2), poff + kv.start(2)))
                    break
            continue
        # "X chủ trì, Y và Z phối hợp": each list of bodies takes the role word after it
        pos = 0
        while (lm := _PAREN_ROLE.match(seg, pos)) is not None:
            if _HEADISH.match(lm.group(1)):
                word = fold(lm.group(2))
                _add(roles, "deciding" if word.startswith("quyet") else _PAREN_ROLE_OF[word.split()[-1]],
                     split_agencies(lm.group(1), poff + lm.start(1)))
            pos = lm.end()


# The body a matter is sent up to: "trình <X> phê duyệt", "xin ý kiến <X>".
_UPWARD = re.compile(
    r"(?:Ban|Ủy\s+ban|UBND|Hội\s+đồng|HĐND|Thường\s+trực|Tỉnh\s+ủy|Huyện\s+ủy|Bộ|Chính\s+phủ|Thủ\s+tướng)"
    r"[^,.;()]*?(?=\s+(?:phê\s+duyệt|quyết\s+định|xem\s+xét|cho\s+ý\s+kiến|sắp\s+xếp|về|trước|trong|thực\s+hiện|"
    r"ban\s+hành|theo|thông\s+qua|phê\s+chuẩn|chấp\s+thuận|cho\s+chủ\s+trương|và\s+[A-ZĐ])\b|[,.;)]|$)",
)  # case-sensitive: a body is capitalised, "đề xuất ban hành" names none


_DECIDE_VERB = re.compile(r"(?:xem\s+xét|quyết\s+định|phê\s+duyệt|cho\s+ý\s+kiến|cho\s+chủ\s+trương|chấp\s+thuận)")


def inline_roles(text: str, offset: int = 0) -> dict[str, list[AgencyMention]]:
    """Roles stated in running text: subjects, "chủ trì, phối hợp với", "trình X phê duyệt" …"""
    roles: dict[str, list[AgencyMention]] = {}
    for s_off, sent in _sentences(text):
        base = offset + s_off
        body = sent
        # "Giao (cho) X chủ trì / giúp …"
        g = re.search(r"\bgiao\s+(?:cho\s+)?", body, re.I)
        if g and (g.start() <= 3 or re.search(r"[.;,]\s*$", body[: g.start()])):
            subj = _subject(body, g.end())
        else:
            g = None
            subj = _subject(body, 0)
            dn = re.match(r"\s*đề\s+nghị\s+", body, re.I)
            if subj is None and dn:
                # "Đề nghị Ủy ban MTTQ tỉnh, các đoàn thể phối hợp tuyên truyền": the bodies asked do the work
                # ("Đề nghị X xem xét, quyết định" sends it up instead: deciding, read below)
                subj = _subject(body, dn.end())
                if subj is not None and _DECIDE_VERB.match(subj[2]):
                    subj = None
            if subj is None and _FRONTED.match(body):
                for c in re.finditer(r",\s*", body):
                    subj = _subject(body, c.end(), max_words=14)
                    if subj is not None:
                        break
        if subj is not None and g is None and re.match(r"giao\s+(?:cho\s+)?", subj[2]):
            # "UBND tỉnh giao Sở Nội vụ chủ trì …": the body given the work leads, not the one giving it
            gm = re.compile(r"giao\s+(?:cho\s+)?", re.I).search(body, subj[1])
            inner = _subject(body, gm.end()) if gm else None
            if inner is not None:
                g, subj = gm, inner
        if subj is not None:
            a, b_, verb = subj
            ags = _mentions(body[a:b_], base + a)
            if ags:
                if verb.startswith("chủ trì") or g or (len(ags) == 1 and not ags[0].collective):
                    _add(roles, "lead", ags)
                else:
                    _add(roles, "implementing", ags)
        for m in re.finditer(r"\btrực\s+tiếp\s+là\s+", body):
            _add(roles, "lead", _mentions(body[m.end():], base + m.end())[:1])
        for pm in re.finditer(r"\(([^()]{4,300})\)", body):
            _paren_roles(pm.group(1), base + pm.start(1), roles)
        for m in re.finditer(r"phối\s+hợp\s+(?:(?:chặt\s+chẽ|thường\s+xuyên|nhịp\s+nhàng|đồng\s+bộ)\s+)?"
                             r"(?:với|cùng)\s+", body, re.I):
            ags = _mentions(body[m.end():], base + m.end())
            _add(roles, "coordinating", ags)
        for m in re.finditer(r"\b(?:trình|đề\s+xuất|đề\s+nghị|(?:xin|lấy)\s+ý\s+kiến(?:\s+của)?)\s+", body, re.I):
            rest = body[m.end():]
            seg = _UPWARD.match(rest)
            if not seg:
                continue
            end = seg.end()
            while (more := re.match(r"\s*(?:,|và)\s*", rest[end:])) and (nxt := _UPWARD.match(rest, end + more.end())):
                end = nxt.end()  # "Thường trực Tỉnh ủy, Ban Thường vụ Tỉnh ủy cho ý kiến"
            after = rest[end:].lstrip()
            trigger = m.group().lower()
            if trigger.startswith("đề nghị") and not re.match(
                    r"(?:xem\s+xét|quyết\s+định|phê\s+duyệt|cho\s+ý\s+kiến|cho\s+chủ\s+trương|chấp\s+thuận)", after):
                continue  # "đề nghị X phối hợp …" asks a partner, it does not send up for decision
            ags = split_agencies(rest[:end], base + m.end())
            if after.lower().startswith("cho ý kiến") or "ý kiến" in trigger:
                _add(roles, "commenting", ags)
            else:
                _add(roles, "deciding", ags)
        for m in re.finditer(r"\bbáo\s+cáo\s+((?:Ban|Ủy\s+ban|Thường\s+trực|Hội\s+đồng)[^.;()]*?)\s+cho\s+ý\s+kiến",
                             body, re.I):
            _add(roles, "commenting", split_agencies(m.group(1), base + m.start(1)))
        for m in re.finditer(r"\b(?:gửi|do|qua|thông\s+qua)\s+((?-i:Sở|Ban|Ủy\s+ban|Văn\s+phòng|Phòng|Hội\s+đồng)"
                             r"[^,.;()]*?)\s+thẩm\s+định|\bthẩm\s+định\s+của\s+((?-i:Sở|Ban|Ủy\s+ban|Văn\s+phòng|"
                             r"Phòng|Hội\s+đồng)[^,.;()]*?)(?=\s+(?:trước|trong|theo|và|để)\b|[,.;)]|$)", body, re.I):
            g = 1 if m.group(1) else 2
            _add(roles, "appraising", split_agencies(m.group(g), base + m.start(g)))
    return roles


def _label_parts(src: Source, lab: Block) -> tuple[str, str, int]:
    t = lab.text.split("\n")[0]
    i = t.find(":")
    at = src.text.find(t, lab.start, lab.end + 1)
    return t[:i], lab.text[i + 1:], (at + i + 1) if at >= 0 else lab.start + i + 1


# A second label on the same line: "Chủ trì: Sở Nội vụ; phối hợp: Sở Tài chính. Thời gian: …"
_NEXT_LABEL = re.compile(
    r"(?:[;.]|\s[-–])\s*(?=(?:(?:cơ\s+quan|đơn\s+vị)\s+)?(?:có\s+thẩm\s+quyền\s+)?(?:chủ\s+trì|phối\s+hợp|"
    r"thực\s+hiện|thẩm\s+định|cho\s+ý\s+kiến|quyết\s+định|thời\s+gian|thời\s+hạn|tiến\s+độ)[^:;.]{0,40}:)",
    re.IGNORECASE,
)
# A label run into the item's own line: "1. Xây dựng Đề án. Cơ quan chủ trì: Sở Nội vụ; …",
# "2. Rà soát … - Cơ quan chủ trì: … - Thời gian hoàn thành: …". Bare keys must be label words
# ("Chủ trì:", "Thời gian:"), so a sentence "Thực hiện các nội dung sau:" is no label.
_INLINE_LABEL = re.compile(
    r"(?:[.;]|\s[-–])\s+(?=(?:(?:cơ\s+quan|đơn\s+vị)(?:,\s+đơn\s+vị)?\s+[^:;.]{0,40}?(?:chủ\s+trì|phối\s+hợp|"
    r"thực\s+hiện|thẩm\s+định|cho\s+ý\s+kiến|quyết\s+định)[^:;.]{0,30}|chủ\s+trì|phối\s+hợp|thẩm\s+định|"
    r"trách\s+nhiệm\s+thực\s+hiện|thời\s+gian[^:;.]{0,25}|thời\s+hạn[^:;.]{0,15}|tiến\s+độ[^:;.]{0,15})\s*:)",
    re.IGNORECASE,
)


def _label_pairs(key: str, val: str, off: int) -> list[tuple[str, str, int]]:
    """(key, value, value offset) of each label printed on one line."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    for m in _NEXT_LABEL.finditer(val):
        out.append((key, val[pos:m.start()], off + pos))
        rest = val[m.end():]
        colon = rest.index(":")
        key, pos = rest[:colon], m.end() + colon + 1
    out.append((key, val[pos:], off + pos))
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
        if _TIME_LABEL.match(fold(key)):
            times.append((val, off))
            for r, ags in inline_roles(val, off).items():
                if r in ("deciding", "commenting", "appraising"):
                    _add(roles, r, ags)
            continue
        ags = split_agencies(val.strip(), off + len(val) - len(val.lstrip()))
        if not ags:
            continue
        for role, rx in _ROLE_OF_LABEL:
            if rx.search(fold(key)):
                if role == "responsible":
                    role = "lead" if len(ags) == 1 else "implementing"
                _add(roles, role, ags)
                break
    return roles, times


def _own_span(b: Block) -> tuple[int, int]:
    end = b.end
    for p in _lead_paras(b):
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
    il = _INLINE_LABEL.search(text)
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
    _link_same(tasks)
    return tasks


def _text_of(src: Source, blocks: list[Block]) -> tuple[str, int, int]:
    s, e = blocks[0].start, blocks[-1].end
    return "\n".join(b.text for b in blocks), s, e


def _walk(src: Source, b: Block, ctx: _Ctx, out: list[Task]) -> None:
    for c in b.children:
        if c.kind in ("label", "para"):
            continue
        if c.kind == "row":
            t = _row_task(src, c)
            if t:
                out.append(t)
            continue
        if c.label == "+":
            continue  # details of the bullet above
        if is_framing(c):
            continue
        _visit(src, c, ctx, out)


def _child_ctx(ctx: _Ctx, roles: dict[str, list[AgencyMention]] | None = None,
               recurrence: str | None = None) -> _Ctx:
    new = _Ctx(roles=dict(ctx.roles), recurrence=recurrence or ctx.recurrence)
    if roles:
        new.roles = {k: list(v) for k, v in roles.items()}
    return new


def _ancestors(b: Block) -> list[Block]:
    out, p = [], b.parent
    while p is not None:
        out.append(p)
        p = p.parent
    return out


def _visit(src: Source, b: Block, ctx: _Ctx, out: list[Task]) -> None:
    labels = [c for c in b.children if c.kind == "label"]
    paras = _lead_paras(b)
    kids = _structural_kids(b)
    title = _title(b)
    rec = None
    if _is_grouping(b):
        # "Nhiệm vụ thực hiện thường xuyên", "Các nhiệm vụ hằng năm": the cadence of every item below
        rec = "ongoing" if _ONGOING_HEAD.search(title) else parse_time(title).recurrence
    assigning = any(_ASSIGNING.search(fold(_title(a))) for a in _ancestors(b))
    broken = bool(paras) and paras[0].text[:1].islower()  # the title line runs on below
    hdr = agency_header(title, b.start + (len(b.label) + 2 if b.label else 0), assigning) \
        if b.kind != "heading" and not broken else None
    if hdr:
        ags, rest, roff = hdr
        role = "lead" if len(ags) == 1 else "implementing"
        sub = _child_ctx(ctx, {role: ags})
        if rest.strip():
            out.append(_make_task(src, b, b.ref, rest, roff, b.end, sub, labels))
        elif paras and not kids:
            text, s, e = _text_of(src, paras)
            out.append(_make_task(src, b, b.ref, text, s, e, sub, labels))
        _walk(src, b, sub, out)
        return
    if b.kind == "heading" or (_is_grouping(b) and (kids or paras) and not labels):
        sub = _child_ctx(ctx, recurrence=rec)
        intro = [p for p in paras if p.text.rstrip().endswith(":")]
        running = [p for p in paras if p not in intro]
        for p in intro:
            r = inline_roles(p.text, p.start) if re.search(r"chủ\s+trì", p.text, re.I) else {}
            if r:
                sub.roles = {k: v for k, v in r.items() if k in ("lead", "coordinating", "implementing")}
        if b.kind != "heading" and title.endswith(":") and not _REQUEST.search(title):
            # an item that introduces its own list: "2. Sở Tài chính có trách nhiệm:", "1. Sở Nội vụ chủ
            # trì, phối hợp với … thực hiện các nhiệm vụ sau:" (a request "yêu cầu các cấp ủy …" names no doer)
            at = src.text.find(title, b.start, b.end + 1)
            r = inline_roles(title, at if at >= 0 else b.start)
            r = {k: v for k, v in r.items() if k in ("lead", "coordinating", "implementing")}
            if r.get("lead") or r.get("implementing"):
                sub.roles = r
        if running and b.kind != "heading" and not _STATEMENT.match(running[0].text):
            text, s, e = _text_of(src, running)
            out.append(_make_task(src, b, b.ref, text, s, e, sub, labels))
        _walk(src, b, sub, out)
        return
    # an item or bullet with work of its own
    if _STATEMENT.match(title):
        return
    s, e = _own_span(b)
    text = "\n".join([b.text] + [p.text for p in paras])
    plus = _plus_text(b)
    if plus:
        text = text + "\n" + plus
    extra: list[Block] = []
    t = _make_task(src, b, b.ref, text, s, e, ctx, labels, extra)
    out.append(t)
    intro_roles = {}
    for p in paras:
        if p.text.rstrip().endswith(":") and re.search(r"chủ\s+trì", p.text, re.I):
            intro_roles = inline_roles(p.text, p.start)
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


_ROW_ROLES = (
    ("appraising", "tham dinh"), ("commenting", "cho y kien"), ("deciding", "quyet dinh"),
    ("deciding", "phe duyet"), ("lead", "chu tri"), ("coordinating", "phoi hop"), ("responsible", "trach nhiem"),
    ("implementing", "thuc hien"), ("lead", "tham muu"),
)
# The column that states the work: "Nội dung nhiệm vụ", "Nhiệm vụ", "Tên nhiệm vụ", "Nội dung công việc".
_TASK_COLUMN = re.compile(r"^(?:ten\s+)?(?:noi dung|nhiem vu|cong viec|de an)")
_TIME_COLUMN = re.compile(r"^(?:thoi gian|thoi han|tien do|lo trinh)")


def _row_task(src: Source, b: Block) -> Task | None:
    text = ""
    roles: dict[str, list[AgencyMention]] = {}
    times: list[tuple[str, str]] = []
    for k, v in b.cells.items():
        fk = fold(k).strip()
        if not text and _TASK_COLUMN.match(fk):
            text = v
            continue
        if _TIME_COLUMN.match(fk):
            times.append((fk, v))
            continue
        if not v.strip():
            continue
        for role, cue in _ROW_ROLES:
            if cue in fk:
                at = src.text.find(v, b.start, b.end + 1)
                ags = split_agencies(v, at if at >= 0 else b.start)
                if role == "responsible":
                    role = "lead" if len(ags) == 1 else "implementing"
                _add(roles, role, ags)
                break
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
    return " ".join(fold(s).split()[:12])


def _link_same(tasks: list[Task]) -> None:
    """An appendix row that restates a body item is the same task (``same_as`` both ways)."""
    rows = [t for t in tasks if t.ref.startswith("appendix.")]
    body = [t for t in tasks if not t.ref.startswith("appendix.")]
    for r in rows:
        rk = _key(r.text)
        best, score = None, 0.0
        for t in body:
            tk = _key(t.text)
            s = difflib.SequenceMatcher(None, rk, tk, autojunk=False).ratio()
            if s > score:
                best, score = t, s
        if best is not None and score >= 0.75:
            r.same_as = best.ref
            if best.same_as is None:
                best.same_as = r.ref
