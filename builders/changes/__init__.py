"""Structural changes: mergers, absorptions, dissolutions, transfers, new bodies, reorganisations
and concurrent posts that a plan proposes, orders, pilots, expands, sends up, halts or declines to expand.

The package, one step per module:
- ``vocab``: the cue, guard, status, level and grammar words, compiled from the lexicon families
  builders/data/lexicon/change_cues.tsv (kinds, cues, guards), change_status.tsv (status words,
  in precedence order), change_levels.tsv (levels and their units), change_phrases.tsv (where a
  name ends, receivers, heads written in lower case, post titles) and change_patterns.tsv (the named
  phrase patterns whose words and shape belong together: where a clause ends, a scope, an owner …);
- ``clauses``: sentences (``tinhgon.builders.outline``) and the clauses they are cut into;
- ``names``: where a body's name starts (agency_heads.tsv) and ends, its full form (the one agency
  grammar of ``tinhgon.builders.agencies``), its level and scope;
- ``units``: the 2025 arrangement of administrative units (place labels "Tỉnh X (mới):", lists
  of places, "sắp xếp N đơn vị hành chính cấp xã");
- ``kinds``: one parser per kind of change in a registry, each declaring what it suppresses;
- ``status``: status from the governing words, headings and footnotes;
- ``find``: layer 1, every change stated in one piece of text (``find_changes``);
- ``walk``: layer 2, the outline walk and the removal of restatements (``extract_changes``).

A new phrasing is a lexicon row with its example sentence; ``lexicon_example`` (below) runs the
example through ``find_changes`` and checks the row's effect (tests/test_lexicon.py runs every row).

Why the rules look the way they do (see tests/data/gold/*.json notes):
- a change must name what it changes: class-wide streamlining ("các tổ chức hoạt động không hiệu
  quả", "tổ chức bên trong") and inter-agency bodies (ban chỉ đạo) are left out;
- cue words inside rules, criteria, policies or reviews ("tiêu chí … sáp nhập", "quy định về tiêu
  chuẩn chức danh bí thư đồng thời là …", "sơ kết … kiêm nhiệm") describe no change;
- one change per set of inputs and level: "A với B; C với D thành E" is two, and "cấp tỉnh, cấp
  huyện" is two;
- status comes from the governing words of the sentence first and then from the section heading
  and the page's footnotes.
"""

from __future__ import annotations

from tinhgon.builders import lexicon

from .find import find_changes
from .kinds import REGISTRY
from .names import clean_name, level_hint_of, scope_of
from .status import ChangeContext, footnotes_of
from .walk import extract_changes

__all__ = [
    "ChangeContext",
    "clean_name",
    "extract_changes",
    "find_changes",
    "footnotes_of",
    "level_hint_of",
    "lexicon_example",
    "scope_of",
]


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this package owns, seen on the row's example (None when seen)."""
    ex = row["example"]
    if family == "change_cues":
        kind = row["kind"]
        got = find_changes(ex, 0)
        if kind in REGISTRY:
            want = REGISTRY[kind].gives
            if not any(c.kind == want for c in got):
                return f"{row.where}: the example gives {[c.kind for c in got]}, no {want} change"
            return None
        if got:
            return f"{row.where}: a {kind} guard, yet the example gives {[(c.kind, c.text) for c in got]}"
        return None
    if family == "change_status":
        status, where = row["status"], row["where"]
        if where == "heading":
            got = find_changes("Hợp nhất Sở A với Sở B.", 0, ChangeContext(headings=[ex]))
        elif where == "footnote":
            got = find_changes("Hợp nhất Sở A với Sở B⁽¹⁾.", 0, ChangeContext(footnotes={"1": ex}))
        elif where == "report":
            got = find_changes(ex, 0, ChangeContext(report=True))
        else:
            got = find_changes(ex, 0)
        if not got or got[0].status != status:
            return f"{row.where}: the example gives {[c.status for c in got]}, not {status!r}"
        return None
    if family == "change_levels":
        got = find_changes(ex, 0)
        if not any(c.level == row["level"] for c in got):
            return f"{row.where}: the example gives levels {[c.level for c in got]}, not {row['level']!r}"
        return None
    if family == "change_phrases":
        return _phrase_example(row)
    if family == "change_patterns":
        return _pattern_example(row)
    return f"{row.where}: changes has no check for family {family!r}"


def _phrase_example(row: lexicon.Row) -> str | None:
    """An end word stays out of every name the example's change records; a receiver or new-name word
    is followed by the change's result; a head word opens one of its bodies (an input or the result)."""
    from tinhgon.text import fold

    got = find_changes(row["example"], 0)
    if not got:
        return f"{row.where}: the example gives no change"
    lower = row["role"] == "ends-lower"  # only the lower-case word ends a name
    key = (lambda n: " ".join(n.split())) if lower else fold
    words = [key(w) for w in row.words("words")]
    if row["role"] == "head":
        if not any(m.name.lower().startswith(tuple(w.lower() for w in row.words("words"))) or
                   m.name.lower().startswith(tuple("các " + w.lower() for w in row.words("words")))
                   for c in got for m in [*c.inputs, *([c.result] if c.result else [])]):
            return f"{row.where}: no body of the example's change opens with {row['words']!r}"
        return None
    if row["role"] in ("receiver", "named-as"):
        if not any(c.result for c in got):
            return f"{row.where}: the example's change has no result after {row['words']!r}"
        return None
    if row["role"] == "subject-acts":
        subject = fold(row["example"].split(row.words("words")[0])[0])
        if not any(fold(m.name) and subject.startswith(fold(m.name)) for c in got for m in c.inputs):
            return f"{row.where}: the example's change does not record its subject: {[c.inputs for c in got]}"
        return None
    names = [m for c in got for m in [*c.inputs, *([c.result] if c.result else [])]]
    if row["role"] in ("post", "deputy"):
        opens = tuple(w.lower() for w in row.words("words"))
        if not any(m.kind == "post" and m.name.lower().startswith(opens) for m in names):
            return f"{row.where}: no post of the example's change opens with {row['words']!r}: {names}"
        return None
    if row["role"] == "before-name":
        opens = tuple(fold(w) + " " for w in row.words("words"))
        if any(fold(m.name).startswith(opens) for m in names):
            return f"{row.where}: a name of the example's change keeps its opening {row['words']!r}: {names}"
        return None
    if row["role"] == "area-kind":
        from .names import places

        got_places = places(row["example"])
        if not got_places or any(w in got_places for w in row.words("words")):
            return f"{row.where}: the places after {row['words']!r} are not read: {got_places!r}"
        return None
    if row["role"] == "local":
        central = ChangeContext(doc_level="central")
        with_word = find_changes(row["example"], 0, central)
        if not with_word or any(c.level != "province" for c in with_word):
            return f"{row.where}: in a central document the example gives {[c.level for c in with_word]}, not province"
        return None
    if row["role"] == "co-verb":
        if not any(c.result or c.inputs for c in got):
            return f"{row.where}: the example's change names no body after {row['words']!r}"
        return None
    for c in got:
        for n in [m.name for m in c.inputs] + ([c.result.name] if c.result else []):
            if any(f" {w} " in f" {key(n)} " for w in words):
                return f"{row.where}: {n!r} runs over {row['words']!r}"
    return None


def _pattern_example(row: lexicon.Row) -> str | None:
    """A phrase pattern's effect, seen through the function that uses it: a clause cut, a list split, a
    scope or place read, a result named, a giver or a post found, a level or status set."""
    from tinhgon.text import fold

    from . import vocab
    from .clauses import segments
    from .names import place_scope, places, scope_of

    ex, name = row["example"], row["name"]
    got = find_changes(ex, 0)
    after = vocab.pattern(name).search(ex)

    def has(kind: str, test=lambda c: True) -> bool:
        return any(c.kind == kind and test(c) for c in got)

    checks = {
        "clause-end": lambda: len(segments(ex)) > 1,
        "list-sep": lambda: any(len(c.inputs) > 1 for c in got),
        "place-sep": lambda: len((places(ex) or "").split(", ")) > 1,
        "place-at": lambda: place_scope(ex) is not None,
        "paren-scope": lambda: scope_of(ex) is not None,
        "scope": lambda: scope_of(ex) is not None,
        "into-new": lambda: has("merge", lambda c: c.result is not None),
        "one-named": lambda: has("merge", lambda c: c.result is not None
                                 and not fold(c.result.name).startswith("mot ")),
        "name-end": lambda: has("establish", lambda c: c.result is not None and after is not None
                                and c.result.end <= after.start()),
        "owned-by": lambda: has("transfer", lambda c: bool(c.inputs)),
        "apparatus-of": lambda: has("reorganise", lambda c: len(c.inputs) == 1),
        "apparatus-for": lambda: has("reorganise", lambda c: [fold(m.name) for m in c.inputs]
                                     == ["to chuc bo may lam cong tac thi dua, khen thuong cac cap"]),
        "serving": lambda: has("reorganise", lambda c: bool(c.inputs)),
        "pair-in-object": lambda: [len(c.inputs) for c in got if c.kind == "concurrent-post"] == [2],
        "back-ref": lambda: any(c.status == "not-expanded" for c in got),
        "heads-of": lambda: has("concurrent-post", lambda c: any(fold(m.name).startswith("nguoi dung dau")
                                                               for m in c.inputs)),
        "first-of-all": lambda: after is not None and any(m.start >= after.end() for c in got for m in c.inputs),
        "owner": lambda: any(c.level in ("district", "commune") for c in got),
        "counted": lambda: has("merge", lambda c: any(m.kind == "unit" for m in c.inputs)),
        "formed": lambda: has("merge", lambda c: c.level == "commune"),
        "requirement": lambda: after is not None and not got,
        "committees-of": lambda: level_hint_of(ex) in ("district", "commune"),
    }
    check = checks.get(name)
    if check is None:
        return f"{row.where}: changes has no check for the pattern {name!r}"
    return None if check() else f"{row.where}: the example does not show the effect of {name!r}: {got}"
