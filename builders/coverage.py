"""What a document's reading left unplaced: the step after extraction that says "read in part".

Why: a document the builders read only in part must say so, never stay silent. An analyst who
finds no task in a province's appendix should learn from the build that the appendix was a table
the builders could not turn into tasks, not conclude that the province assigned nothing. This step
only looks at what the earlier steps produced (the layout's regions, the tasks and changes with
their offsets) and words a note per gap, naming the lines of the file; it decides nothing.

The gaps it reports:
- a table (a layout region of kind "table") of several rows from which no task and no change
  was read;
- a task whose text carries a role cue that names a body (``role_cues``: "chủ trì", "phối hợp
  với", "giao" …) but that has no body in any role.
"""

from __future__ import annotations

import re
from functools import cache

from tinhgon.builders import lexicon
from tinhgon.builders.model import Extraction, Source

# Cues that promise a body (see role_cues.tsv): at the opening of a task, a subject's verb or a
# partner's ("Chủ trì, phối hợp với …": the body must come from a heading or lead-in); anywhere, an
# assignment followed by a name ("giao Sở …", not "giao thông"). 'send'/'upward' cues ("trình",
# "báo cáo") often name no body on purpose, and parenthesis cues count only inside parentheses.
_OPENING = ("subject", "with")
_ASSIGN = "assign"
_MIN_ROWS = 3  # a table of one or two rows is a frame (header, signature), not a list of work
_SHOWN = 5  # refs listed in one note before "and N more"


@cache
def _cues() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """(pattern, role it promises, read only at the task's opening) per promising cue."""
    out = []
    for row in lexicon.rows("role_cues"):
        if row["role"] == "none" or row["where"] not in (*_OPENING, _ASSIGN):
            continue
        opening = row["where"] != _ASSIGN
        # at the opening after any punctuation; an assignment as a whole word anywhere (case-blind)
        pat = lexicon.compile_alternation("role_cues", "cue", bound=not opening, before=r"\W*" if opening else "",
                                          after=r"\b" if opening else "", cue=row["cue"], where=row["where"])
        out.append((pat, row["role"], opening))
    return tuple(out)


def _promised(text: str) -> tuple[str, str] | None:
    """The role cue in a task's text that promises a body, with the role it promises."""
    for pat, role, opening in _cues():
        if opening:
            m = pat.match(text)
            if m:
                return m.group(0).strip(" -+*.,;:"), role
            continue
        for m in pat.finditer(text):  # an assignment promises a body only when a name follows it
            if text[m.end():].lstrip()[:1].isupper():
                return m.group(0), role
    return None


def _line(src: Source, start: int) -> int:
    """The 1-based line of the original file where normalised offset ``start`` falls."""
    return src.original.count("\n", 0, src.span(start, start).start) + 1


def _rows_of(note: str) -> int:
    """The row count the layout step wrote into a table region's note ("12 rows")."""
    head = note.split(" ", 1)[0]
    return int(head) if head.isdigit() else 0


def unread_tables(ex: Extraction) -> list[str]:
    """One note per table of several rows that gave neither a task nor a change."""
    src = ex.source
    # a task or change read from the table starts inside it (an item above may run over it)
    starts = [t.start for t in ex.tasks] + [c.start for c in ex.changes]
    out = []
    for r in src.regions:
        n = _rows_of(r.note)
        if r.kind != "table" or n < _MIN_ROWS:
            continue
        if any(r.start <= s < r.end for s in starts):
            continue
        out.append(f"a table of {n} rows at lines {_line(src, r.start)}–{_line(src, max(r.start, r.end - 1))} "
                   "gave no task and no change")
    return out


def roleless_tasks(ex: Extraction) -> list[str]:
    """One note listing the tasks whose text names a role by its cue but that got no body."""
    hits = []
    for t in ex.tasks:
        got = _promised(t.text)
        if got and not t.roles.get(got[1]):
            hits.append(f"{t.ref} ('{got[0]}': no {got[1]} body, line {_line(ex.source, t.start)})")
    if not hits:
        return []
    more = f" and {len(hits) - _SHOWN} more" if len(hits) > _SHOWN else ""
    return [f"{len(hits)} task(s) carry a role cue but no body was read: {', '.join(hits[:_SHOWN])}{more}"]


def unplaced(ex: Extraction) -> list[str]:
    """Every gap of the reading of one file, worded for the build's report (empty when none)."""
    return unread_tables(ex) + roleless_tasks(ex)
