"""The Vietnamese lexicon: every word, cue, abbreviation and kind the builders know, as data.

Why: the rules that read plans are grammar (code) plus vocabulary (data). Vocabulary kept in
code gets copied into several modules and drifts; kept here, one row is one fact, with the
sentence that shows it, and a new province's phrasing is a new row, not an edit in five files.
(Modelled on dateparser's per-language data files and validator, and LexNLP's CSV rule data.)

Each family is one TSV file ``builders/data/lexicon/<family>.tsv``. Its schema is declared in
the file itself, in ``#%`` directive lines before the header row, so a family needs no code here:

    #% owner: tasks                      module tinhgon.builders.<owner> checks the examples
    #% key: cue where                    columns whose values together must be unique
    #% enum role: lead coordinating …    allowed values of a column (space separated)
    #% regex: cue                        columns holding a regular-expression fragment
    #% literal: word                     columns holding words; compiled with flexible spaces
    #% match: cue                        the column whose pattern must be found in the example
    #% optional: note guard              columns that may be empty
    #% flags: ignorecase raw              family flags (raw: a regex column is not word-bounded)
    # any other line starting with '#' is a comment
    cue	where	role	example	note    ← the header row (tab separated); 'example' is required

Every row carries an ``example`` sentence. The validator checks, naming file and line: the
header has the required columns, every non-optional cell is filled, enum values are known, keys
are unique, regexes compile, the ``match`` column's pattern occurs in the example, and does not
occur in the row's ``counter`` sentence when the family has that column (a sentence the row must
leave alone: its guard).

A family of named phrase patterns (columns ``name``, a regex ``pattern``, optional ``flags`` per
row) is read with ``patterns(family)``: the patterns that carry Vietnamese words live there, each
with the sentence it must match and, where a guard matters, one it must not. The
*effect* of each row is checked by its owner: ``tinhgon.builders.<owner>.lexicon_example(family,
row)`` runs the example through the builder and returns ``None`` when the row's effect is seen,
else a message; ``tests/test_lexicon.py`` calls it for every row of every family.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

DIRECTIVES = ("owner", "key", "enum", "regex", "literal", "match", "optional", "flags")


class LexiconError(ValueError):
    """A lexicon file that breaks its own schema; str() names the file, the line and the fault."""


@dataclass(frozen=True)
class Row:
    """One lexicon row: its cells by column name, and where it stands (for error messages)."""

    family: str
    line: int
    cells: tuple[tuple[str, str], ...]

    @cached_property
    def _by_column(self) -> dict[str, str]:
        """The cells by column, the first of a repeated column winning (as a scan in order finds it)."""
        out: dict[str, str] = {}
        for k, v in self.cells:
            out.setdefault(k, v)
        return out

    def __getitem__(self, column: str) -> str:
        try:
            return self._by_column[column]
        except KeyError:
            raise KeyError(f"{self.family}.tsv has no column {column!r}") from None

    def get(self, column: str, default: str = "") -> str:
        return self._by_column.get(column, default)

    def words(self, column: str) -> tuple[str, ...]:
        """A cell holding several values separated by '|' (synonyms, codes)."""
        return tuple(w.strip() for w in self.get(column).split("|") if w.strip())

    @property
    def where(self) -> str:
        return f"{self.family}.tsv:{self.line}"


@dataclass
class Family:
    """A lexicon file: its schema (from the ``#%`` directives) and its rows."""

    name: str
    path: str
    columns: tuple[str, ...] = ()
    owner: str = ""
    key: tuple[str, ...] = ()
    enums: dict[str, frozenset[str]] = field(default_factory=dict)
    regex: frozenset[str] = frozenset()
    literal: frozenset[str] = frozenset()
    match: str = ""
    optional: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    rows: tuple[Row, ...] = ()
    _compiled: dict[tuple[Row, str], re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)

    def pattern(self, row: Row, column: str) -> str:
        """The regex fragment a cell stands for: a regex column as written, words made space-flexible."""
        return cell_pattern(row.get(column), regex=column in self.regex)

    def compiled(self, row: Row, column: str) -> re.Pattern[str]:
        """A row's cell compiled once per family (builders look rows up in their hot paths)."""
        if (hit := self._compiled.get((row, column))) is not None:
            return hit
        frag = self.pattern(row, column)
        if not (column in self.regex and "raw" in self.flags):
            frag = bounded(frag)
        pat = re.compile(frag, _flags(self.flags) | _flags(row.get("flags").replace("|", " ").split()))
        self._compiled[(row, column)] = pat
        return pat


def cell_pattern(value: str, *, regex: bool = False) -> str:
    """A cell as a regex fragment: '|' separates alternatives; literal words match any spacing."""
    if regex:
        return value
    alts = [w.strip() for w in value.split("|") if w.strip()]
    return "(?:" + "|".join(r"\s+".join(map(re.escape, a.split())) for a in alts) + ")"


def bounded(fragment: str) -> str:
    """Whole words only: no letter or digit may touch the match on either side."""
    return r"(?<![\w])(?:" + fragment + r")(?![\w])"


def _flags(names: Iterable[str]) -> int:
    f = 0
    for n in names:
        f |= {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "dotall": re.DOTALL}.get(n, 0)
    return f


def _data_dir() -> Path:
    return Path(str(resources.files("tinhgon.builders").joinpath("data", "lexicon")))


def parse(text: str, name: str, path: str = "") -> Family:
    """Read one family file; LexiconError names the file and line of the first fault of form."""
    fam = Family(name=name, path=path or f"{name}.tsv")
    enums: dict[str, frozenset[str]] = {}
    rows: list[Row] = []
    where = f"builders/data/lexicon/{name}.tsv"
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#%"):
            head, _, rest = line[2:].strip().partition(":")
            d, *arg = head.split() or [""]
            rest = rest.strip()
            if d not in DIRECTIVES:
                raise LexiconError(f"{where}:{lineno}: unknown directive {d!r} (known: {', '.join(DIRECTIVES)})")
            if d == "owner":
                fam.owner = rest
            elif d == "key":
                fam.key = tuple(rest.split())
            elif d == "enum":
                if len(arg) != 1:
                    raise LexiconError(f"{where}:{lineno}: write an enum as '#% enum COLUMN: value value …'")
                enums[arg[0]] = frozenset(rest.split())
            elif d == "match":
                fam.match = rest
            else:
                setattr(fam, d, frozenset(rest.split()))
            continue
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if not fam.columns:
            fam.columns = tuple(c.strip() for c in cells)
            if "example" not in fam.columns:
                raise LexiconError(f"{where}:{lineno}: the header has no 'example' column")
            for col in (*fam.key, *enums, *fam.regex, *fam.literal, *([fam.match] if fam.match else [])):
                if col not in fam.columns:
                    raise LexiconError(f"{where}:{lineno}: a directive names column {col!r}, not in the header")
            continue
        if len(cells) > len(fam.columns):
            raise LexiconError(f"{where}:{lineno}: {len(cells)} cells for {len(fam.columns)} columns")
        cells += [""] * (len(fam.columns) - len(cells))
        rows.append(Row(name, lineno, tuple(zip(fam.columns, (c.strip() for c in cells), strict=True))))
    if not fam.columns:
        raise LexiconError(f"{where}: no header row")
    fam.enums = enums
    fam.rows = tuple(rows)
    return fam


def validate(fam: Family) -> list[str]:
    """Every fault of content in one family, each naming file and line (empty when sound)."""
    errors: list[str] = []
    where = f"builders/data/lexicon/{fam.name}.tsv"
    seen: dict[tuple[str, ...], int] = {}
    for row in fam.rows:
        at = f"{where}:{row.line}"
        for col in fam.columns:
            if col not in fam.optional and not row.get(col):
                errors.append(f"{at}: column {col!r} is empty")
        for col, allowed in fam.enums.items():
            for v in row.words(col):
                if v not in allowed:
                    errors.append(f"{at}: {col}={v!r} is not one of {sorted(allowed)}")
        if fam.key:
            k = tuple(row.get(c) for c in fam.key)
            if k in seen:
                errors.append(f"{at}: duplicate {'/'.join(fam.key)} {k!r} (first at line {seen[k]})")
            else:
                seen[k] = row.line
        for col in fam.regex:
            if row.get(col):
                try:
                    re.compile(row.get(col))
                except re.error as exc:
                    errors.append(f"{at}: column {col!r} is not a valid pattern: {exc}")
        if fam.match and row.get(fam.match) and row.get("example"):
            try:
                if not fam.compiled(row, fam.match).search(row["example"]):
                    errors.append(f"{at}: the example does not contain {fam.match} {row.get(fam.match)!r}")
                if row.get("counter") and fam.compiled(row, fam.match).search(row["counter"]):
                    errors.append(f"{at}: the counter sentence contains {fam.match} {row.get(fam.match)!r}")
            except re.error:
                pass  # reported above
    return errors


@cache
def family(name: str) -> Family:
    """A family, parsed and validated once; LexiconError lists every fault found."""
    path = _data_dir() / f"{name}.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"builders/data/lexicon/{name}.tsv: no such lexicon family") from None
    fam = parse(text, name, str(path))
    errors = validate(fam)
    if errors:
        raise LexiconError("\n".join(errors))
    return fam


@cache
def rows(name: str, **where: str) -> tuple[Row, ...]:
    """The rows of a family, optionally only those whose columns hold the given values (remembered:
    builders ask for the same rows in their hot paths, and a family never changes once read)."""
    out = family(name).rows
    for col, val in where.items():
        out = tuple(r for r in out if val in r.words(col) or r.get(col) == val)
    return out


def families() -> Iterator[str]:
    """Names of every family shipped in builders/data/lexicon/."""
    for p in sorted(_data_dir().glob("*.tsv")):
        yield p.stem


def alternation(name: str, column: str, *, bound: bool = True, **where: str) -> str:
    """One regex fragment matching any row's cell in ``column`` (longest alternative first)."""
    fam = family(name)
    alts: list[str] = []
    for row in rows(name, **where):
        if column in fam.regex:
            alts.append(row.get(column))
        else:
            alts.extend(r"\s+".join(map(re.escape, w.split())) for w in row.words(column))
    alts = sorted(set(alts), key=lambda a: (-len(a), a))
    frag = "(?:" + "|".join(alts) + ")" if alts else "(?!)"
    return bounded(frag) if bound else frag


@cache
def compile_alternation(name: str, column: str, *, bound: bool = True, flags: int = 0,
                        before: str = "", after: str = "", group: bool = False,
                        **where: str) -> re.Pattern[str]:
    """``alternation`` compiled once, between the grammar's ``before`` and ``after`` context.

    ``group`` captures the cue itself (group 1). The family's own #% flags are added to ``flags``.
    """
    frag = alternation(name, column, bound=bound, **where)
    if group:
        frag = "(" + frag + ")"
    return re.compile(before + frag + after, flags | _flags(family(name).flags))


@cache
def patterns(name: str) -> dict[str, re.Pattern[str]]:
    """A family of named phrase patterns (``name``, ``pattern``, optional ``flags``), compiled once.

    Why: a pattern that carries words is vocabulary; kept as a row, it has its example (and its
    counter-example) checked by the validator, and one home.
    """
    fam = family(name)
    return {row["name"]: fam.compiled(row, "pattern") for row in fam.rows}


def table(name: str, key: str, value: str) -> dict[str, str]:
    """A two-column view of a family: each alternative of ``key`` → the row's ``value``."""
    out: dict[str, str] = {}
    for row in rows(name):
        for k in row.words(key) or (row.get(key),):
            out[k] = row.get(value)
    return out


def check_all() -> list[str]:
    """Faults of form and content across every family (what ``tinhgon lexicon check`` prints)."""
    errors: list[str] = []
    for name in families():
        try:
            fam = parse((_data_dir() / f"{name}.tsv").read_text(encoding="utf-8"), name)
        except LexiconError as exc:
            errors.append(str(exc))
            continue
        errors.extend(validate(fam))
        if not fam.owner:
            errors.append(f"builders/data/lexicon/{name}.tsv: no '#% owner:' directive")
    return errors
