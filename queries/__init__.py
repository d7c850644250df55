"""The library of answered questions: named, documented SPARQL queries with typed parameters.

Each ``queries/<name>.rq`` opens with a comment header::

    # name: halted-changes
    # title: Halted changes, with the document that halts them
    # tieu-de: Các thay đổi bị dừng …
    # description: free text, may continue on the next comment lines
    # param: province (type: string) — only this province [optional]
    # param: directive (type: iri) — the central directive [default tgid:doc/18-nq-tw]

Parameters are SPARQL variables. The loader coerces the text a user types into RDF terms
(an IRI, a plain string, an ``xsd:date``, an ``xsd:integer``) and the store binds them as
an inline ``VALUES`` block (graph/store.py ``bind_values``), so a value is never pasted
into the query text. A parameter marked ``[optional]`` that is left out stays unbound and
restricts nothing. The sub-folders (export/, projection/) hold the internal queries of
other modules and are not part of the analysts' library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tinhgon.graph.vocab import PREFIXES

PARAM_TYPES = ("iri", "string", "date", "int")
XSD = "http://www.w3.org/2001/XMLSchema#"


class QueryParamError(ValueError):
    """A parameter that is missing, unknown or cannot be read as its type; the message names it."""


class QueryNotFound(LookupError):
    """No query of that name in the library."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    meaning: str
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def describe(self) -> str:
        extra = f" [default {self.default}]" if self.default is not None else (" [optional]" if self.optional else "")
        return f"{self.name} ({self.type}) — {self.meaning}{extra}"


@dataclass
class CannedQuery:
    """One ``.rq`` file of the library with its parsed header."""

    name: str
    text: str
    title: str = ""
    tieu_de: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def bindings(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The terms to bind: given values coerced to their declared type, defaults filled in.

        Raises QueryParamError naming a missing required parameter or an unknown one.
        """
        values = dict(values or {})
        unknown = [k for k in values if self.param(k) is None]
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise QueryParamError(f"query {self.name!r} has no parameter {unknown[0]!r} (parameters: {known})")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in values and values[p.name] is not None:
                out[p.name] = coerce(p, values[p.name])
            elif p.default is not None:
                out[p.name] = coerce(p, p.default)
            elif not p.optional:
                raise QueryParamError(f"query {self.name!r} needs parameter {p.name!r}: {p.describe()}")
        return out


_HEADER_KEY = re.compile(r"^#\s*(name|title|tieu-de|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\(\s*type\s*:\s*(?P<type>\w+)\s*\)\s*(?:[—–-]+\s*)?(?P<meaning>.*?)\s*"
    r"(?:\[(?:(?P<optional>optional)|default\s+(?P<default>[^\]]+?))\s*\])?\s*$"
)


def parse_header(text: str, *, name: str | None = None, path: Path | None = None) -> CannedQuery:
    """Read the comment header of a query. Continuation comment lines extend the last key."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    last: str | None = None
    where = str(path) if path else (name or "query")
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        m = _HEADER_KEY.match(s)
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "param":
                pm = _PARAM.match(value)
                if pm is None:
                    raise ValueError(f"{where}: cannot read parameter line {value!r}")
                ptype = pm["type"].lower()
                if ptype not in PARAM_TYPES:
                    raise ValueError(f"{where}: parameter {pm['name']!r} has unknown type {ptype!r}")
                params.append(Param(pm["name"], ptype, pm["meaning"].strip(), pm["default"], bool(pm["optional"])))
                last = None
            else:
                fields[key] = value
                last = key
        elif last is not None:
            fields[last] = (fields[last] + " " + s.lstrip("#").strip()).strip()
    qname = fields.get("name") or name or (path.stem if path else "query")
    return CannedQuery(
        name=qname, text=text, title=fields.get("title", ""), tieu_de=fields.get("tieu-de", ""),
        description=fields.get("description", ""), params=params, path=path,
    )


def library_dir() -> Path:
    return Path(str(resources.files("tinhgon.queries")))


def list_queries(directory: Path | None = None) -> list[CannedQuery]:
    """Every query of the library, sorted by name."""
    d = directory or library_dir()
    return sorted((load_file(p) for p in d.glob("*.rq")), key=lambda q: q.name)


def load_file(path: str | Path) -> CannedQuery:
    path = Path(path)
    return parse_header(path.read_text(encoding="utf-8"), path=path)


def load(name: str, directory: Path | None = None) -> CannedQuery:
    """A library query by name (the file stem)."""
    d = directory or library_dir()
    path = d / f"{name}.rq"
    if not path.is_file():
        raise QueryNotFound(f"no query named {name!r}; {suggest(name, [q.name for q in list_queries(d)])}")
    return load_file(path)


def suggest(name: str, names: list[str]) -> str:
    """"did you mean …?" for the names that contain ``name`` or are close to it, else a pointer to --list."""
    import difflib

    key = name.strip().lower()
    close = [n for n in names if key and key in n.lower()]
    close += [n for n in difflib.get_close_matches(key, names, n=3, cutoff=0.6) if n not in close]
    if close:
        return "did you mean " + ", ".join(close[:4]) + "? (tinhgon ask --list describes them all)"
    return "tinhgon ask --list describes the known queries"


# -- coercion ----------------------------------------------------------------------------
def expand_iri(value: str) -> str:
    """``<…>``, an absolute IRI, or a prefixed name with a known prefix (``tgid:doc/18-nq-tw``)."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return v[1:-1]
    prefix, sep, local = v.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", v):
        return v
    raise ValueError("not an IRI: give <http://…>, http://… or a prefixed name such as tgid:doc/18-nq-tw")


def coerce(param: Param, value: Any) -> ox.NamedNode | ox.Literal:
    """The RDF term for a parameter value, or QueryParamError naming the parameter."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    try:
        return _coerce(param.type, value)
    except ValueError as exc:
        raise QueryParamError(f"parameter {param.name!r} ({param.type}): {value!r}: {exc}") from exc


def _coerce(ptype: str, value: Any) -> ox.NamedNode | ox.Literal:
    if ptype == "iri":
        return ox.NamedNode(expand_iri(str(value)))
    if ptype == "date":
        d = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
        return ox.Literal(d.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if ptype == "int":
        if isinstance(value, bool):
            raise ValueError("not an integer")
        return ox.Literal(str(int(str(value).strip())), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(str(value))


def guess_term(value: str) -> ox.NamedNode | ox.Literal:
    """For ad-hoc queries without a header: an IRI, a date, an integer, or else a string."""
    v = value.strip()
    for ptype in ("iri", "date", "int"):
        try:
            if ptype == "iri" and not (v.startswith("<") or re.match(r"^(\w+:[^\s]|https?://)", v)):
                continue
            return _coerce(ptype, v)
        except ValueError:
            continue
    return ox.Literal(value)


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["province=An Giang", "from=2018-01-01"]`` → a dict; the first ``=`` splits."""
    out: dict[str, str] = {}
    for pair in pairs:
        k, sep, v = pair.partition("=")
        if not sep or not k.strip():
            raise QueryParamError(f"parameter {pair!r}: write it as name=value")
        out[k.strip()] = v
    return out


__all__ = [
    "PARAM_TYPES", "CannedQuery", "Param", "QueryNotFound", "QueryParamError", "coerce", "expand_iri",
    "guess_term", "library_dir", "list_queries", "load", "load_file", "parse_assignments", "parse_header",
    "suggest",
]
