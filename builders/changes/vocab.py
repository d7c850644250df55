"""The change vocabulary, compiled from the lexicon (builders/data/lexicon/change_cues.tsv,
change_status.tsv, change_levels.tsv, change_phrases.tsv, change_patterns.tsv).

Why a module of its own: the parsers hold grammar only; every cue word, guard, status word and
level word is a lexicon row with its example, and this is the one place that turns rows into
patterns.
"""

from __future__ import annotations

import re
from functools import cache

from tinhgon.builders import lexicon
from tinhgon.builders.lexicon import Row

CHANGE_CUE_KINDS = ("merge", "merge-each", "absorb", "dissolve", "transfer", "establish", "reorganise",
                    "concurrent-post", "served", "model", "statute", "arrange", "abolish-level")
SENTENCE_CUE_KINDS = ("new-unit",)
LEVELS_ORDER = ("central", "province", "district", "commune", "village")


@cache
def cue_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) for every cue row, in file order."""
    fam = lexicon.family("change_cues")
    return tuple((r["kind"], fam.compiled(r, "cue")) for r in fam.rows if r["kind"] in CHANGE_CUE_KINDS)


@cache
def sentence_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) for the cues read once per sentence (a label opening it)."""
    fam = lexicon.family("change_cues")
    return tuple((r["kind"], fam.compiled(r, "cue")) for r in fam.rows if r["kind"] in SENTENCE_CUE_KINDS)


@cache
def any_cue(*, sentence: bool = True) -> re.Pattern[str]:
    """One pattern that matches wherever some cue row matches (the sentence cues too, unless ``sentence``
    is False): a cheap first test, so that a clause with no cue word, most clauses of a plan, is never
    run through each row's pattern. The rows share their word bounds and flags, so the bounds are tested
    once per position rather than once per row (five times faster than the rows' own patterns joined)."""
    fam = lexicon.family("change_cues")
    kinds = CHANGE_CUE_KINDS + (SENTENCE_CUE_KINDS if sentence else ())
    rows = [r for r in fam.rows if r["kind"] in kinds]
    pats = [fam.compiled(r, "cue") for r in rows]
    frags = [fam.pattern(r, "cue") for r in rows]
    if pats and all(p.pattern == lexicon.bounded(f) and p.flags == pats[0].flags
                    for p, f in zip(pats, frags, strict=True)):
        return re.compile(lexicon.bounded("|".join(f"(?:{f})" for f in frags)), pats[0].flags)
    return re.compile("|".join(f"(?{_scoped_flags(p)}:{p.pattern})" for p in pats) or "(?!)")


def _scoped_flags(p: re.Pattern[str]) -> str:
    """A compiled pattern's flags as an inline group's ("i", "-i"): rows with flags of their own still share
    one pattern."""
    on = "".join(c for f, c in ((re.I, "i"), (re.M, "m"), (re.S, "s"), (re.X, "x")) if p.flags & f)
    return on or "-i"


_ENDS_BEFORE = ("cited", "just-before")  # these guards must end the text searched (the words right before a cue)


@cache
def guard(kind: str) -> re.Pattern[str]:
    """One pattern for every guard row of a kind (not-a-change, just-before, class-wide, target, cited);
    the just-before and cited rows must end the text searched (the words right before a cue)."""
    return lexicon.compile_alternation("change_cues", "cue", kind=kind, after=r"\s*$" if kind in _ENDS_BEFORE else "")


def no_change(before: str, *, opening: bool = False) -> bool:
    """Do the words before a cue make it a rule, criterion, policy or review: a not-a-change word in them,
    or a just-before word ending them? ``opening``: the text must open with it (a sentence that states none)."""
    if opening:
        return bool(guard("not-a-change").match(before) or guard("just-before").match(before))
    return bool(guard("not-a-change").search(before) or guard("just-before").search(before))


@cache
def pattern(name: str) -> re.Pattern[str]:
    """A named phrase pattern of change_patterns.tsv: a pattern that carries words is vocabulary."""
    return lexicon.patterns("change_patterns")[name]


@cache
def status_rows() -> tuple[tuple[Row, re.Pattern[str]], ...]:
    fam = lexicon.family("change_status")
    out = []
    for r in fam.rows:
        pat = fam.pattern(r, "cue")
        if r["where"] in ("just-before", "report"):
            pat += r"\s*$"  # the words must end the text before the cue
        out.append((r, re.compile(lexicon.bounded(pat), re.IGNORECASE)))
    return tuple(out)


@cache
def level_of_grade() -> dict[str, str]:
    """'huyện' → 'district' (the word after 'cấp'), keyed by the word as written and folded."""
    from tinhgon.text import fold

    out: dict[str, str] = {}
    for r in lexicon.rows("change_levels"):
        for w in r.words("grade"):
            out[w] = out[fold(w)] = r["level"]
    return out


def grade_word(level: str) -> str | None:
    """'district' → 'huyện'."""
    return next((r.words("grade")[0] for r in lexicon.rows("change_levels", level=level)), None)


@cache
def grade_alternation() -> str:
    """The level words after 'cấp', as an unbounded alternation."""
    return lexicon.alternation("change_levels", "grade", bound=False)


@cache
def levels_re() -> re.Pattern[str]:
    """'cấp huyện' with the grade captured."""
    return phrase(words="cấp", lead=_NB, trail=r"\s+(" + grade_alternation() + ")" + _NA)


@cache
def unit_alternation(*levels: str) -> str:
    """Unit words of the given levels (all when none), as an unbounded alternation."""
    fam = lexicon.family("change_levels")
    alts = [w for r in fam.rows if not levels or r["level"] in levels for w in r.words("units")]
    alts.sort(key=lambda a: (-len(a), a))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, a.split())) for a in alts) + ")"


@cache
def unit_words(level: str) -> tuple[str, ...]:
    """Unit words of one level, lower case, longest first ('tổ dân phố' before 'tổ')."""
    words = [w.lower() for r in lexicon.rows("change_levels", level=level) for w in r.words("units")]
    return tuple(sorted(words, key=len, reverse=True))


_NB = r"(?<![^\W\d_])"  # no letter before
_NA = r"(?![^\W\d_])"  # no letter after


@cache
def phrase_alternation(role: str) -> str:
    """The words of one role of change_phrases.tsv, as an unbounded alternation."""
    return lexicon.alternation("change_phrases", "words", bound=False, role=role)


@cache
def phrase(role: str = "", *, words: str = "", lead: str = r"\s+", trail: str = _NA,
           lower: bool = False) -> re.Pattern[str]:
    """A grammar phrase as a pattern: a role of change_phrases.tsv, or literal function ``words``
    ('|'-separated, any spacing), after ``lead`` and before ``trail``; case-insensitive unless ``lower``."""
    alts = phrase_alternation(role) if role else lexicon.cell_pattern(words)
    body = f"(?-i:{alts})" if lower else alts
    return re.compile(lead + body + trail, re.IGNORECASE)
