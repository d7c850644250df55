"""Plain records that flow between the builder steps.

Each step of the pipeline (load → normalise → structure → extract → resolve → emit)
reads the records of the step before it and returns new ones; no step reaches into
another's internals. Offsets are always into ``Source.text`` (the normalised text);
``Source.span`` maps them back to the original file for provenance.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from tinhgon.builders import lexicon

ROLES: tuple[str, ...] = ("lead", "coordinating", "implementing", "appraising", "commenting", "deciding")

# Kinds of document: the slugs of builders/data/lexicon/doc_kinds.tsv (its one home; words, codes,
# ontology classes and labels are read from the same rows by builders/numbers.py).
DOC_KINDS: tuple[str, ...] = tuple(r["slug"] for r in lexicon.family("doc_kinds").rows)

CHANGE_KINDS: tuple[str, ...] = (
    "merge", "absorb", "dissolve", "transfer", "establish", "reorganise", "concurrent-post",
)
CHANGE_STATUSES: tuple[str, ...] = (
    "proposed", "ordered", "pilot", "expand", "pending-approval", "halted", "not-expanded", "completed",
)
LEVELS: tuple[str, ...] = ("central", "province", "district", "commune", "village")
RECURRENCES: tuple[str, ...] = ("annual", "semiannual", "quarterly", "monthly", "fortnightly", "weekly", "ongoing")


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in the *original* file text."""

    start: int
    end: int


@dataclass
class Region:
    """A stretch of ``Source.text`` the layout step recognised: [start, end) and what it is.

    kinds: "header" (issuer, number, place and date; inside it "issuer", the cell naming the
    issuer), "closing" (Nơi nhận and the signature; inside it "signature", the cell that signs,
    and "signer", the signer's name),
    "table" (a table read as one row per line), "heading" (a web page's own heading, not
    numbering), "aside" (website boilerplate or a wrapper's other content: blanked in ``text``,
    still mapped to the original, so later steps take no task and no reference from it).
    """

    kind: str
    start: int
    end: int
    note: str = ""  # why: the lexicon cue or rule that set it


@dataclass
class Source:
    """One input file: its original text (kept verbatim for provenance) and the normalised text.

    ``offsets[i]`` is the index in ``original`` of character ``i`` of ``text``;
    ``offsets[len(text)]`` is ``len(original)`` so that end offsets map too.
    """

    path: str
    name: str
    stem: str
    sha256: str
    encoding: str
    original: str
    text: str
    offsets: list[int]
    # [start, end) of the normalised text that the builders should read: a file that
    # holds the same document twice keeps only its first copy.
    body_start: int = 0
    body_end: int = -1
    duplicate_of: tuple[int, int] | None = None  # normalised range of the dropped second copy
    regions: list[Region] = field(default_factory=list)  # what the layout step recognised

    def aside(self) -> list[Region]:
        """The stretches set aside as boilerplate or wrapper (their text is blanked)."""
        return [r for r in self.regions if r.kind == "aside"]

    def span(self, start: int, end: int) -> Span:
        """Map a normalised [start, end) range back to the original file."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if end == start:
            return Span(self.offsets[start], self.offsets[start])
        # End just after the last character kept, not at the next kept one, so markup
        # dropped between them (a closing "**") stays out of the quote.
        stop = self.offsets[end - 1] + 1
        while stop < len(self.original) and unicodedata.combining(self.original[stop]):
            stop += 1
        return Span(self.offsets[start], stop)

    def quote(self, span: Span) -> str:
        """The exact original characters behind a span (provenance keeps these)."""
        return self.original[span.start:span.end]

    @property
    def body(self) -> str:
        end = len(self.text) if self.body_end < 0 else self.body_end
        return self.text[self.body_start:end]


@dataclass
class Block:
    """A unit of document structure: a heading, numbered item, bullet, paragraph or table row.

    ``label`` is the marker as printed ("B", "II", "2.1.3", "a", "-", "+", or the row
    number for an appendix table row); ``ref`` is the numbering path used in the gold
    records ("B.II.2.1-1", "appendix.16"). ``cells`` is filled for table rows only,
    keyed by the normalised header of each column.
    """

    kind: str  # "heading" | "item" | "bullet" | "para" | "row" | "label"
    label: str
    ref: str
    text: str
    start: int  # offsets into Source.text
    end: int
    level: int = 0
    children: list[Block] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)
    parent: Block | None = field(default=None, repr=False, compare=False)
    # The numbering shape that opened the block ("dotted", "article", "page-heading" …; see structure).
    shape: str = ""
    # An unnumbered paragraph's own ref ("para.3", "III.para.2"), counted among its parent's paragraphs.
    own_ref: str = ""
    # The paragraph ending in ":" that introduces the list this block belongs to.
    lead_in: Block | None = field(default=None, repr=False, compare=False)
    # Paragraphs linked by ";" into one sentence share one list (empty when the block stands alone).
    run: list[Block] = field(default_factory=list, repr=False, compare=False)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Structure:
    """The parsed outline of one document plus its appendix table rows."""

    root: Block
    title: str = ""
    preamble: str = ""  # text between the title and the first numbered heading


@dataclass
class DocRef:
    """One reference to another document as it appears in the text."""

    number: str  # canonical number: "18-NQ/TW", "56/2017/QH14", "82-KH/TU"
    kind: str | None  # DOC_KINDS slug when the text names it ("Nghị quyết" → "nghi-quyet")
    relation: str  # "implements" | "cites" | "reviews"
    start: int  # offsets into Source.text of the words it came from
    end: int
    raw: str = ""  # the words as printed, e.g. "Nghị quyết số 18, 19-NQ/TW"
    date: str | None = None  # ISO date when the text gives one
    issuer: str | None = None  # "Bộ Chính trị", "Ban Chấp hành Trung ương Đảng"
    title: str | None = None
    scope: str = "central"  # "central" or "province" (numbers like 82-KH/TU belong to a province)
    about: list[str] = field(default_factory=list)  # for a conclusion: the directives it reviews
    # what the text says *this referenced document* carries out: "Kế hoạch số 82-KH/TU thực hiện
    # Nghị quyết số 18-NQ/TW" → the 82-KH/TU reference has implements=["18-NQ/TW"]
    implements: list[str] = field(default_factory=list)


@dataclass
class DocumentMeta:
    """The document's own metadata, read off its header, title and signature."""

    kind: str | None = None
    number: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None  # full name with province: "Ban Thường vụ Tỉnh ủy Bình Thuận"
    issuer_body: str | None = None  # without the province ("Ban Thường vụ Tỉnh ủy"); a district body keeps its district
    province: str | None = None  # "Bình Thuận"
    province_evidence: str | None = None  # why: "header", "place: huyện Phú Quý", ...
    signer: str | None = None
    title: str | None = None
    start: int = 0  # offsets into Source.text of the header/title block
    end: int = 0


@dataclass
class AgencyMention:
    """A body named in the text, after list splitting and abbreviation expansion."""

    surface: str  # as printed (normalised text), e.g. "UBND huyện, thành phố"
    name: str  # full form, province left implicit: "Ủy ban nhân dân huyện, thành phố"
    start: int
    end: int
    collective: bool = False  # "Các cơ quan, đơn vị", "Ban Thường vụ các huyện, thị, thành ủy"
    kind: str = "agency"  # "agency" | "post" (Trưởng ban Dân vận) | "unit" (xã Hòn Thơm)


@dataclass
class TimeSpec:
    """When a task or change happens, normalised from one phrase."""

    phrase: str = ""
    start: str | None = None  # "2018-09-30" | "2018-07" | "2018-Q2" | "2018"
    due: str | None = None
    recurrence: str | None = None  # RECURRENCES
    start_offset: int = 0  # offsets into Source.text of the phrase
    end_offset: int = 0


@dataclass
class Task:
    ref: str
    text: str
    start: int
    end: int
    roles: dict[str, list[AgencyMention]] = field(default_factory=dict)
    time: TimeSpec = field(default_factory=TimeSpec)
    same_as: str | None = None  # ref of another task in the same file that is the same work


@dataclass
class Change:
    text: str
    kind: str
    level: str
    status: str
    start: int
    end: int
    inputs: list[AgencyMention] = field(default_factory=list)
    result: AgencyMention | None = None
    scope: str | None = None
    halted: bool = False  # True when *this* document orders the stop / non-expansion
    due: str | None = None
    task_ref: str | None = None  # the task whose text states it, when there is one
    # Optional, for administrative units (the arrangement resolutions); SCHEMA.md has no field for them.
    partial_inputs: list[str] = field(default_factory=list)  # names of inputs only partly taken in
    unit_types: dict[str, str] = field(default_factory=dict)  # unit name → type as printed ("xã", "phường")
    effective: str | None = None  # ISO date the change takes legal effect


@dataclass
class UnitCount:
    """A count of units a document states ("tỉnh X có 102 đơn vị hành chính cấp xã, gồm 88 xã và 14
    phường; trong đó có 82 xã, 14 phường hình thành sau sắp xếp … và 06 xã không thực hiện sắp xếp
    là …"): kept as a fact of the document and checked against the changes read."""

    text: str
    start: int
    end: int
    level: str
    total: int
    scope: str | None = None  # the province as printed after the unit word ("Đắk Lắk")
    by_type: dict[str, int] = field(default_factory=dict)  # "xã" → 88
    formed: dict[str, int] = field(default_factory=dict)  # units formed by the changes, by type
    unchanged_count: int | None = None
    unchanged: list[AgencyMention] = field(default_factory=list)  # units left as they are


@dataclass
class Extraction:
    """Everything the builders read off one source file, before entity resolution."""

    source: Source
    document: DocumentMeta
    references: list[DocRef] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    structure: Structure | None = None
    unit_counts: list[UnitCount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the builders found amiss (a count that does not add up)
