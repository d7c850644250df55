"""The per-file check: the SHACL shapes of ontology/shapes.ttl compiled to Python over one source's triples.

pySHACL takes seconds on one file's graph, and loading a file into an Oxigraph store to run the
shapes as SPARQL costs more than the whole budget of a document; so the shapes are compiled
once into Python checks, and each file's triples are indexed once (by predicate, lazily by
subject and by object) and checked where they are, with the ontology taken as data (its
``rdfs:subClassOf`` for targets and ``sh:class``, a class's ``skos:notation`` for the kind of
a document), as the store's union of graphs shows them. A value test that reads nothing but the value
(datatype, language, pattern, node kind, a bound; not ``sh:class``, nor an ``sh:or`` or ``sh:node``
holding one) gives the same answer on every data, so its answers are remembered from file to file
(``_READS_DATA`` marks the others); each file's triples are still indexed and checked whole.

The compiler reads the shapes graph: a change to shapes.ttl changes the check. It covers the
SHACL Core features shapes.ttl uses (targets by class, node, subjects-of and objects-of; IRI and
alternative paths; min/max count, datatype, class, in, languageIn, pattern, nodeKind,
minInclusive, node, or, lessThanOrEquals, uniqueLang) and SPARQL constraints on
``sh:targetNode`` shapes, whose SELECT is parsed (rdflib's parser) and evaluated here over the
same index (basic graph patterns, property paths, FILTER, EXISTS / NOT EXISTS and the functions
and operators listed in ``_FUNCTIONS`` and ``_compile_expr``). Anything else raises
:class:`ShapesCompileError`, so a check is never silently weaker than its shapes.

Values are what Oxigraph stores, not what the emitter wrote: Oxigraph keeps typed literals in
canonical form (``"05"^^xsd:nonNegativeInteger`` is ``"5"^^xsd:integer`` there), so every typed
literal is canonicalised (once per literal, remembered): by a round trip through Oxigraph, except
the plain forms the emitter writes (integers, dates, years), read here as Oxigraph reads them.
Values follow SPARQL as Oxigraph evaluates it (tests/test_validate_check.py compares regexes,
comparisons and casts with it): a comparison or cast that fails is an error, and an error fails
the check. One difference is left: dates and times with a time zone are not ordered here (an
error), where Oxigraph orders them by XSD's ±14 hours rule; no shape orders dates today.
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath

from tinhgon.graph.vocab import RDF, RDFS, SH, XSD

# -- terms -----------------------------------------------------------------------------------------
# An IRI is its rdflib URIRef (a str: hashed by C, and the emitter hands out the same objects
# again, so lookups are identity hits); a literal is the tuple (lexical form, datatype IRI,
# language or None, whether Oxigraph reads its value) of its canonical form in Oxigraph.
Term = URIRef | BNode | tuple

_XSD = str(XSD)
_STRING = _XSD + "string"
_LANG_STRING = str(RDF.langString)
_INTEGER, _DECIMAL, _FLOAT, _DOUBLE, _BOOLEAN = (_XSD + n for n in ("integer", "decimal", "float", "double",
                                                                    "boolean"))
_CANON: dict[int, tuple[Literal, tuple]] = {}  # id(rdflib literal) → (the literal, kept alive; its canonical form)
_CANON_BY_VALUE: dict[tuple[str, str], tuple] = {}  # (lexical, datatype) → canonical form of typed literals
_CANON_MAX = 200_000  # both are cleared past this many literals


class ShapesCompileError(ValueError):
    """A shape uses a SHACL or SPARQL feature the compiler does not cover (so the check would be silent)."""


_PLAIN_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_PLAIN_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PLAIN_GYEAR_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_PLAIN_GYEAR = re.compile(r"[0-9]{4}")
_INTEGER_TYPES = {_XSD + "integer", _XSD + "nonNegativeInteger"}


def _plain_canonical(lex: str, dt: str) -> tuple | None:
    """The canonical form of the typed literals the emitter writes, in their plain lexical forms,
    without a round trip through Oxigraph (tests/test_validate_check.py checks it gives Oxigraph's);
    None for any other."""
    if dt in _INTEGER_TYPES:
        if _PLAIN_INTEGER.fullmatch(lex):
            return (str(int(lex)), _XSD + "integer", None, True)
        return None
    if dt == _XSD + "date":
        m = _PLAIN_DATE.fullmatch(lex)
        if m is not None and lex[0] != "0":
            try:
                date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
            return (lex, dt, None, True)
        return None
    if dt == _XSD + "gYearMonth" and lex[:1] != "0" and _PLAIN_GYEAR_MONTH.fullmatch(lex):
        return (lex, dt, None, True)
    if dt == _XSD + "gYear" and lex[:1] != "0" and _PLAIN_GYEAR.fullmatch(lex):
        return (lex, dt, None, True)
    return None


def _canonical_typed(pending: list[tuple[str, str]]) -> None:
    """Remember the canonical forms of typed literals, as Oxigraph stores them."""
    todo = []
    for k in dict.fromkeys(pending):
        if k not in _CANON_BY_VALUE:
            c = _plain_canonical(*k)
            if c is None:
                todo.append(k)
            else:
                _CANON_BY_VALUE[k] = c
    if todo:
        _CANON_BY_VALUE.update(oxigraph_canonical(todo))


def oxigraph_canonical(todo: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    """(lexical form, datatype) → canonical form, read back from a small Oxigraph store, with whether
    Oxigraph reads the value (a literal it does not, ill-formed or of a datatype it does not know,
    compares with no other value: "= 0" is an error on it alone)."""
    p = ox.NamedNode("urn:p")
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"urn:{i}"), p, ox.Literal(lex, datatype=ox.NamedNode(dt)))
                 for i, (lex, dt) in enumerate(todo))
    out = {}
    for r in store.query('SELECT ?s ?o (COALESCE(?o = 0, "unread") AS ?k) WHERE { ?s <urn:p> ?o }'):
        o = r["o"]
        read = not (isinstance(r["k"], ox.Literal) and r["k"].value == "unread")
        out[todo[int(r["s"].value[4:])]] = (o.value, o.datatype.value, None, read)
    return out


def canonical(lits: Iterable[Literal]) -> None:
    """Remember the canonical form of each of ``lits`` (see :func:`term`)."""
    if len(_CANON) > _CANON_MAX:
        _CANON.clear()
        _CANON_BY_VALUE.clear()
    typed = []
    for o in lits:
        if id(o) in _CANON:  # the literal stored there is alive, so it is ``o``
            continue
        if o.language:
            _CANON[id(o)] = (o, (str(o), _LANG_STRING, o.language.lower(), True))
        elif o.datatype is None or str(o.datatype) == _STRING:
            _CANON[id(o)] = (o, (str(o), _STRING, None, True))
        else:
            typed.append(o)
    if typed:
        _canonical_typed([(str(o), str(o.datatype)) for o in typed])
        for o in typed:
            _CANON[id(o)] = (o, _CANON_BY_VALUE[(str(o), str(o.datatype))])


def term(o) -> Term:
    """The checked form of an rdflib term."""
    if isinstance(o, Literal):
        hit = _CANON.get(id(o))
        if hit is None:
            canonical((o,))
            hit = _CANON[id(o)]
        return hit[1]
    return o


def node_text(t: Term | None) -> str:
    """What a result names: the IRI, the blank node's id, a literal's lexical form."""
    if t is None:
        return ""
    return t[0] if isinstance(t, tuple) else str(t)


def _is_iri(x) -> bool:
    # rdflib's terms are ABCs, whose isinstance is slow: the exact class first
    return x.__class__ is URIRef or (x.__class__ is not tuple and isinstance(x, URIRef))


def _is_blank(x) -> bool:
    return x.__class__ is BNode or (x.__class__ not in (URIRef, tuple) and isinstance(x, BNode))


# -- the data of one check -------------------------------------------------------------------------
class Data:
    """The triples of one check, indexed once by predicate; by subject and by object per predicate
    on first use. ``base``: data every check sees too (the ontology), indexed once for all.
    ``reified``: statement IRI → triple, each standing for the triple itself and its reification
    (``rdf:subject``, ``rdf:predicate``, ``rdf:object``, as graph/emit.py writes it, untyped): the
    emitter's shared facts, indexed as columns without building the three triples of each."""

    def __init__(self, triples: Iterable[tuple], base: Data | None = None,
                 reified: Mapping[object, tuple] | None = None) -> None:
        byp: defaultdict = defaultdict(list)
        for t in triples:
            byp[t[1]].append(t)
        # predicate → [(subjects, objects)]: columns of triples given without their tuples
        cols: dict = {}
        if reified:
            facts = list(reified.values())
            for t in facts:
                byp[t[1]].append(t)
            stmts = list(reified)
            for i, q in enumerate((RDF.subject, RDF.predicate, RDF.object)):
                cols[q] = [(stmts, [t[i] for t in facts])]
        self._byp = dict(byp)
        self._cols = cols
        self._base = base
        self._sp: dict = {}
        self._po: dict = {}
        self._instances: dict = {}
        self._memo: dict = {}

    def memo(self, f: Callable[[Data], object]):
        """``f(self)``, computed once per data (the focus nodes of a shape, for each of its checks)."""
        try:
            return self._memo[f]
        except KeyError:
            out = self._memo[f] = f(self)
            return out

    def sp(self, p) -> dict:
        """Subject → its object (canonical) for the predicate ``p``, or the list of its objects when
        it has several: most subjects have one, and a list each would be most of the check's work."""
        d = self._sp.get(p)
        if d is not None:
            return d
        ts = self._byp.get(p, ())
        objects = [t[2] for t in ts]
        subjects = [t[0] for t in ts]
        for xs, os in self._cols.get(p, ()):
            subjects.extend(xs)
            objects.extend(os)
        others = [o for o in objects if o.__class__ is not URIRef]
        if others:
            # a literal's canonical form, remembered by the object (:func:`canonical`, which keeps
            # it alive: an id found there is the literal's, never a blank node's)
            if len(_CANON) > _CANON_MAX:  # cleared here, not between this look-up and the next
                _CANON.clear()
                _CANON_BY_VALUE.clear()
            get = _CANON.get
            new = [o for o in others if id(o) not in _CANON and (o.__class__ is Literal or isinstance(o, Literal))]
            if new:
                canonical(new)
            objects = [o if o.__class__ is URIRef or (h := get(id(o))) is None else h[1] for o in objects]
        d = dict(zip(subjects, objects, strict=True))
        if len(d) < len(subjects):  # some subject has several objects
            built: defaultdict = defaultdict(list)
            for x, o in zip(subjects, objects, strict=True):
                built[x].append(o)
            d = {x: (os if len(os) > 1 else os[0]) for x, os in built.items()}
        if self._base is not None:
            for x, os in self._base.sp(p).items():
                mine = d.get(x)
                d[x] = os if mine is None else [*seq(mine), *seq(os)]
        self._sp[p] = d
        return d

    def po(self, p) -> dict:
        """Object → its subjects for the predicate ``p``."""
        d = self._po.get(p)
        if d is None:
            built: defaultdict = defaultdict(list)
            for s, os in self.sp(p).items():
                if os.__class__ is list:
                    for o in os:
                        built[o].append(s)
                else:
                    built[os].append(s)
            d = self._po[p] = dict(built)
        return d

    def predicates(self) -> set:
        out = set(self._byp) | set(self._cols)
        if self._base is not None:
            out |= self._base.predicates()
        return out

    def subjects(self) -> set:
        return {s for p in self.predicates() for s in self.sp(p)}

    def instances(self, classes: frozenset) -> set:
        """Nodes with an ``rdf:type`` among ``classes``."""
        out = self._instances.get(classes)
        if out is None:
            by_class = self.po(RDF.type)
            out = set()
            for c in classes:
                out.update(by_class.get(c, ()))
            self._instances[classes] = out
        return out

    def objects(self, s, p) -> tuple | list:
        """The objects of ``s`` for ``p`` (a sequence)."""
        return seq(self.sp(p).get(s, _NONE))


_NONE = ()


def seq(v) -> tuple | list:
    """A value of :meth:`Data.sp` as a sequence (a list is several objects, anything else one)."""
    if v.__class__ is list:
        return v
    return _NONE if v is _NONE else (v,)


# -- values (SPARQL operator semantics) --------------------------------------------------------------
class _Error(Exception):
    """A SPARQL expression error: the FILTER or the check it is in fails."""


_XSD_INTEGER_LEX = re.compile(r"[+-]?[0-9]+")
_NUMERIC = {_INTEGER: int, _DECIMAL: Decimal, _FLOAT: float, _DOUBLE: float}
# date and time values Oxigraph orders: their canonical forms order as text when they have no
# time zone and a four-digit year (with a zone, XSD's ±14 hours rule: left as an error here)
_TEMPORAL = {_XSD + n for n in ("date", "dateTime", "gYear", "gYearMonth", "time")}
_ZONED = re.compile(r"(Z|[+-][0-9]{2}:[0-9]{2})$")
_PLAIN_YEAR = re.compile(r"[0-9]{4}(-|$)")


def _value(x):
    """(kind, comparable value) of a term or a computed value, as Oxigraph compares them:
    "string", "lang" (language, text), "numeric", "boolean", "typed:<datatype>" (another value
    Oxigraph reads: dates...), "unread" (a literal whose value it does not read), "iri", "bnode"."""
    if x.__class__ is bool:
        return "boolean", x
    if x.__class__ in (int, Decimal, float):
        return "numeric", x
    if x.__class__ is str:
        return "string", x
    if x.__class__ is tuple:
        lex, dt, lang, read = x
        if dt == _STRING:
            return "string", lex
        if dt == _LANG_STRING:
            return "lang", (lang, lex)
        if not read:
            return "unread", x
        num = _NUMERIC.get(dt)
        if num is not None:
            return "numeric", num(lex)
        if dt == _BOOLEAN:
            return "boolean", lex == "true"
        return "typed:" + dt, lex
    if _is_iri(x):
        return "iri", str(x)
    return "bnode", str(x)


_PLAIN_KINDS = ("iri", "bnode", "lang")


def _equal(a, b) -> bool:
    """SPARQL's = (Oxigraph's): a value it cannot read equals only itself, differs from IRIs, blank nodes and
    language-tagged strings, and is an error against any other value (a plain string too)."""
    ka, va = _value(a)
    kb, vb = _value(b)
    if ka == "unread" or kb == "unread":
        if a == b:
            return True
        if ka in _PLAIN_KINDS or kb in _PLAIN_KINDS:
            return False
        raise _Error
    if ka != kb:
        return False
    return va == vb


_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_INT_OPS = {**_ORDER, "=": operator.eq, "!=": operator.ne}


def _compare(op: str, a, b) -> bool:
    if a.__class__ is int and b.__class__ is int:
        return _INT_OPS[op](a, b)
    if op == "=":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    if a == b:
        return op in ("<=", ">=")  # a term is equal to itself (Oxigraph: even NaN, even a value it cannot read)
    ka, va = _value(a)
    kb, vb = _value(b)
    if ka != kb:
        raise _Error
    if ka == "numeric":
        if va != va or vb != vb:
            raise _Error  # NaN
        return _ORDER[op](va, vb)
    if ka == "string":
        return _ORDER[op](va, vb)
    if ka == "lang" and va[0] == vb[0]:
        return _ORDER[op](va[1], vb[1])
    if (ka.startswith("typed:") and ka[6:] in _TEMPORAL and not (_ZONED.search(va) or _ZONED.search(vb))
            and _PLAIN_YEAR.match(va) and _PLAIN_YEAR.match(vb)):
        return _ORDER[op](va, vb)
    raise _Error


# XPath / Rust regex classes that Python's re spells differently: \s is Unicode White_Space
# (Python's also takes U+001C..U+001F), and $ is the end of the text (Python's also matches
# before a final line break).
_WHITE = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}


@lru_cache(maxsize=256)
def regex(pattern: str, flags: str = "") -> re.Pattern[str]:
    """An XPath regular expression (what SPARQL's REGEX and sh:pattern read) as Python's re."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            e = pattern[i + 1]
            if e == "s":
                out.append(_WHITE if in_class else f"[{_WHITE}]")
            elif e == "S":
                if in_class:
                    raise ShapesCompileError(f"regex {pattern!r}: \\S inside a character class is not covered")
                out.append(f"[^{_WHITE}]")
            else:
                out.append(c + e)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c == "$" and not in_class and "m" not in flags:
            c = r"\Z"
        out.append(c)
        i += 1
    bits = 0
    for f in flags:
        if f not in _FLAGS:
            raise ShapesCompileError(f"regex flag {f!r} is not covered")
        bits |= _FLAGS[f]
    return re.compile("".join(out), bits)


def _str(x) -> str:
    if x.__class__ is tuple:
        return x[0]
    if x.__class__ is str:
        return x
    if _is_iri(x):
        return str(x)
    if x.__class__ is bool:
        return "true" if x else "false"
    if x.__class__ is int:
        return str(x)
    raise _Error  # a blank node; a computed decimal or double (its canonical form is not spelled here)


def _lang(x) -> str:
    if isinstance(x, tuple):
        return x[2] or ""
    if x.__class__ is str:
        return ""
    raise _Error


def lang_matches(tag: str, rng: str) -> bool:
    """SPARQL's LANGMATCHES (RFC 4647 basic filtering)."""
    tag, rng = tag.lower(), rng.lower()
    if rng == "*":
        return tag != ""
    return tag == rng or tag.startswith(rng + "-")


def _is_literal(x) -> bool:
    return isinstance(x, tuple) or x.__class__ in (str, int, Decimal, float, bool)


# -- value constraints ---------------------------------------------------------------------------------
ValueTest = Callable[[Term, Data], bool]


def _items(g: Graph, head) -> list:
    return list(Collection(g, head))


@dataclass(frozen=True)
class _Ontology:
    """What the compiler reads off the ontology: each class with its subclasses."""

    graph: Graph

    def closure(self, cls) -> frozenset:
        found = {cls}
        frontier = [cls]
        while frontier:
            c = frontier.pop()
            for sub in self.graph.subjects(RDFS.subClassOf, c):
                if sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        return frozenset(found)


_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.languageIn, SH.pattern,
                  SH.flags, SH.nodeKind, SH.minInclusive, SH.node, SH["or"], SH.lessThanOrEquals, SH.uniqueLang,
                  SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, RDF.type}
_NODE_KEYS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH["or"],
              SH.sparql, SH.message, SH.severity, SH.datatype, SH["class"], SH["in"], SH.languageIn, SH.pattern,
              SH.flags, SH.nodeKind, SH.minInclusive, SH.node, SH.name, SH.description, RDF.type}


def _covered(g: Graph, shape, keys: set, what: str) -> None:
    for p in g.predicates(shape, None):
        if p not in keys and not str(p).startswith(str(RDFS)):
            raise ShapesCompileError(f"{shape}: {p} is not covered by the shapes compiler ({what})")


_READS_DATA: set[ValueTest] = set()
"""The compiled value tests whose answer depends on the data (``sh:class``, a property of the value):
any other one depends on the value alone, so its answers are remembered from file to file."""


def _reads_data(test: ValueTest) -> ValueTest:
    _READS_DATA.add(test)
    return test


def _value_tests(g: Graph, shape, ont: _Ontology) -> list[ValueTest]:
    """Tests a value must all pass to satisfy the value constraints of ``shape``."""
    tests: list[ValueTest] = []
    for dt in g.objects(shape, SH.datatype):
        dts = str(dt)
        tests.append(lambda x, d, dts=dts: x.__class__ is tuple and x[1] == dts)
    for cls in g.objects(shape, SH["class"]):
        classes = ont.closure(cls)
        tests.append(_reads_data(lambda x, d, cs=classes: x in d.instances(cs)))
    for lst in g.objects(shape, SH["in"]):
        members = _items(g, lst)
        if any(not isinstance(m, URIRef) for m in members):
            raise ShapesCompileError(f"{shape}: sh:in with literal members is not covered")
        allowed = frozenset(members)
        tests.append(lambda x, d, a=allowed: _is_iri(x) and x in a)
    for lst in g.objects(shape, SH.languageIn):
        langs = tuple(str(v) for v in _items(g, lst))
        tests.append(lambda x, d, ls=langs: x.__class__ is tuple and any(lang_matches(x[2] or "", r) for r in ls))
    for pat in g.objects(shape, SH.pattern):
        rx = regex(str(pat), str(g.value(shape, SH.flags) or ""))
        tests.append(lambda x, d, rx=rx: not _is_blank(x) and rx.search(_str(x)) is not None)
    for kind in g.objects(shape, SH.nodeKind):
        test = {SH.IRI: lambda x, d: _is_iri(x), SH.Literal: lambda x, d: x.__class__ is tuple,
                SH.BlankNode: lambda x, d: _is_blank(x)}.get(kind)
        if test is None:
            raise ShapesCompileError(f"{shape}: sh:nodeKind {kind} is not covered")
        tests.append(test)
    for v in g.objects(shape, SH.minInclusive):
        bound = term(v)
        tests.append(lambda x, d, b=bound: _safe(_compare, ">=", x, b))
    for other in g.objects(shape, SH.node):
        if g.value(other, SH.property) is not None:
            raise ShapesCompileError(f"{shape}: sh:node {other} with property shapes is not covered")
        _covered(g, other, _NODE_KEYS, "sh:node")
        tests.extend(_value_tests(g, other, ont))
    for lst in g.objects(shape, SH["or"]):
        alts = [_member_test(g, m, ont) for m in _items(g, lst)]
        test = lambda x, d, alts=alts: any(a(x, d) for a in alts)  # noqa: E731
        tests.append(_reads_data(test) if _READS_DATA.intersection(alts) else test)
    return tests


def _all(tests: list[ValueTest]) -> ValueTest:
    """One test passing when every one of ``tests`` does."""
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        test = lambda x, d: a(x, d) and b(x, d)  # noqa: E731
    else:
        a, rest = tests[0], _all(tests[1:])
        test = lambda x, d: a(x, d) and rest(x, d)  # noqa: E731
    return _reads_data(test) if _READS_DATA.intersection(tests) else test


def _safe(f, *args) -> bool:
    try:
        return f(*args)
    except _Error:
        return False


def _counts(g: Graph, shape) -> tuple[int, int | None]:
    lo = max((int(n) for n in g.objects(shape, SH.minCount)), default=0)
    his = [int(n) for n in g.objects(shape, SH.maxCount)]
    return lo, (min(his) if his else None)


def _distinct(vals) -> int:
    return len(vals) if len(vals) < 2 else len(set(vals))


def _member_test(g: Graph, member, ont: _Ontology) -> ValueTest:
    """True when a node conforms to ``member`` of an sh:or (a node shape, or a property shape on it)."""
    path = g.value(member, SH.path)
    if path is None:
        _covered(g, member, _NODE_KEYS, "sh:or")
        tests = _value_tests(g, member, ont)
        return _all(tests) if tests else (lambda x, d: True)
    _covered(g, member, _PROPERTY_KEYS, "sh:or")
    values = _path_values(g, path)
    lo, hi = _counts(g, member)
    tests = _value_tests(g, member, ont)
    ok = _all(tests) if tests else None

    def holds(x, d: Data) -> bool:
        vals = seq(values(d).get(x, _NONE))
        n = _distinct(vals)
        return lo <= n and (hi is None or n <= hi) and (ok is None or all(ok(v, d) for v in vals))

    return _reads_data(holds)


def _path_values(g: Graph, path) -> Callable[[Data], dict]:
    """Focus node → its values on ``path`` (an IRI or an alternative of IRIs)."""
    alt = g.value(path, SH.alternativePath)
    if alt is not None:
        preds = _items(g, alt)
        if any(not isinstance(p, URIRef) for p in preds):
            raise ShapesCompileError(f"path {path}: only alternatives of IRIs are covered")

        def union(d: Data) -> dict:
            out: dict = {}
            for p in preds:
                for s, os in d.sp(p).items():
                    out.setdefault(s, []).extend(seq(os))
            return out

        return union
    if not isinstance(path, URIRef):
        raise ShapesCompileError(f"path {path!r} is not an IRI or an alternative path")
    return lambda d: d.sp(path)  # values as :meth:`Data.sp` gives them: one, or a list


# -- checks --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """One compiled constraint group: ``run`` yields the nodes at fault, reported with ``message``."""

    message: str
    severity: str  # "Violation", "Warning" or "Info"
    run: Callable[[Data], Iterable[Term]]


def _severity(g: Graph, *shapes) -> str:
    for s in shapes:
        sev = g.value(s, SH.severity)
        if sev is not None:
            return str(sev).rsplit("#", 1)[-1]
    return "Violation"


def _targets(g: Graph, shape, ont: _Ontology) -> Callable[[Data], set]:
    classes = frozenset().union(*(ont.closure(c) for c in g.objects(shape, SH.targetClass)))
    nodes = set(g.objects(shape, SH.targetNode))
    subjects_of = list(g.objects(shape, SH.targetSubjectsOf))
    objects_of = list(g.objects(shape, SH.targetObjectsOf))
    if any(isinstance(n, Literal) for n in nodes):
        raise ShapesCompileError(f"{shape}: literal target nodes are not covered")

    def compute(d: Data) -> set:
        out = set(d.instances(classes)) if classes else set()
        out |= nodes
        for p in subjects_of:
            out.update(d.sp(p))
        for p in objects_of:
            out.update(d.po(p))
        return out

    return lambda d: d.memo(compute)


def _property_check(g: Graph, shape, prop, focus, ont: _Ontology) -> Check:
    _covered(g, prop, _PROPERTY_KEYS, "property shape")
    msg = str(g.value(prop, SH.message) or g.value(shape, SH.message) or f"{shape} property")
    values = _path_values(g, g.value(prop, SH.path))
    lo, hi = _counts(g, prop)
    tests = _value_tests(g, prop, ont)
    ok = _all(tests) if tests else None
    others = [q for q in g.objects(prop, SH.lessThanOrEquals)]
    unique_lang = any(str(v).lower() == "true" for v in g.objects(prop, SH.uniqueLang))

    counted = hi is not None or lo > 1

    one_fails = lo > 1 or (hi is not None and hi < 1)  # the count test on a node with one value
    # value → passes the value tests (values recur: a file's one source, a few predicates, offsets):
    # for tests of the value alone, kept from file to file
    remembered: dict | None = {} if ok is not None and ok not in _READS_DATA else None

    def run(d: Data) -> list[Term]:
        fo = focus(d)
        if not fo:  # no focus node (a class the file does not use): nothing to index
            return []
        by_node = values(d)
        out = list(fo.difference(by_node)) if lo > 0 else []
        present = [f for f in fo if f in by_node] if len(fo) < len(by_node) else [f for f in by_node if f in fo]
        ends = [d.sp(q) for q in others]
        if remembered is None:
            seen: dict = {}
        else:
            seen = remembered
            if len(seen) > _CANON_MAX:
                seen.clear()
        get = seen.get
        for f in present:
            vals = by_node[f]
            if vals.__class__ is not list:  # one value: the common case, without building a sequence
                if one_fails:
                    out.append(f)
                    continue
                if ok is not None:
                    r = get(vals)
                    if r is None:
                        r = seen[vals] = ok(vals, d)
                    if not r:
                        out.append(f)
                        continue
                vals = (vals,)
            else:
                if counted:
                    n = len(vals) if len(vals) < 2 else len(set(vals))
                    if n < lo or (hi is not None and n > hi):
                        out.append(f)
                        continue
                if ok is not None:
                    failed = False
                    for v in vals:
                        r = get(v)
                        if r is None:
                            r = seen[v] = ok(v, d)
                        if not r:
                            failed = True
                            break
                    if failed:
                        out.append(f)
                        continue
            if ends and any(not _safe(_compare, "<=", v, w) for e in ends for v in vals
                            for w in seq(e.get(f, _NONE))):
                out.append(f)
                continue
            if unique_lang and len(vals) > 1:
                langs = [v[2] for v in set(vals) if v.__class__ is tuple and v[2]]
                if len(langs) != len(set(langs)):
                    out.append(f)
        return out

    return Check(msg, _severity(g, prop, shape), run)


def compile_shapes(shapes: Graph, ontology: Graph) -> list[Check]:
    """The shapes as Python checks; ShapesCompileError for a feature left uncovered."""
    g = shapes
    ont = _Ontology(ontology)
    checks: list[Check] = []
    target_keys = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    node_shapes = {s for k in target_keys for s in g.subjects(k, None)}
    for shape in sorted(node_shapes, key=str):
        _covered(g, shape, _NODE_KEYS, "node shape")
        focus = _targets(g, shape, ont)
        for prop in g.objects(shape, SH.property):
            checks.append(_property_check(g, shape, prop, focus, ont))
        for lst in g.objects(shape, SH["or"]):
            alts = [_member_test(g, m, ont) for m in _items(g, lst)]
            checks.append(Check(str(g.value(shape, SH.message) or f"{shape} sh:or"), _severity(g, shape),
                                lambda d, fo=focus, alts=alts: (f for f in fo(d) if not any(a(f, d) for a in alts))))
        for sp in g.objects(shape, SH.sparql):
            checks.extend(_sparql_checks(g, shape, sp))
        own = [t for t in _value_tests(g, shape, ont)]
        if own:
            ok = _all(own)
            checks.append(Check(str(g.value(shape, SH.message) or shape), _severity(g, shape),
                                lambda d, fo=focus, ok=ok: (f for f in fo(d) if not ok(f, d))))
    return checks


# -- SPARQL constraints ----------------------------------------------------------------------------
# A solution is a tuple: the value of each variable in the order the patterns bind them, fixed at
# compile time (so each step knows which of its ends are bound and reads them by position).
Binding = tuple
Slots = tuple[str, ...]
Expr = Callable[[Binding, Data], object]
Solver = Callable[[list[Binding], Data], list[Binding]]


def _sparql_checks(g: Graph, shape, sp) -> list[Check]:
    from rdflib.plugins.sparql import prepareQuery

    msg = str(g.value(sp, SH.message) or g.value(shape, SH.message) or f"{shape} sparql")
    nodes = list(g.objects(shape, SH.targetNode))
    if not nodes or g.value(shape, SH.targetClass) is not None:
        raise ShapesCompileError(f"{shape}: SPARQL constraints are compiled for sh:targetNode shapes only")
    prefixes = {str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace))
                for owner in g.objects(sp, SH.prefixes) for d in g.objects(owner, SH.declare)}
    select = str(g.value(sp, SH.select))
    out = []
    for n in nodes:
        # $this is pre-bound: a constant in the text, so the patterns start from it
        text = re.sub(r"(SELECT\s+(?:DISTINCT\s+)?)\$this\b", r"\1", select, count=1, flags=re.I)
        text = text.replace("$this", n.n3())
        algebra = prepareQuery(text, initNs=prefixes).algebra
        if algebra.name != "SelectQuery":
            raise ShapesCompileError(f"{shape}: sh:select is not a SELECT")
        solve, slots = _compile_pattern(algebra.p, ())
        # the node at fault: ?value, or the focus node itself
        i = slots.index("value") if "value" in slots else None

        def run(d: Data, solve=solve, i=i, n=n) -> Iterator[Term]:
            return (n if i is None else b[i] for b in solve([()], d))

        out.append(Check(msg, _severity(g, shape), run))
    return out


def _compile_pattern(node, slots: Slots) -> tuple[Solver, Slots]:
    """A pattern of the algebra as a function from solutions to their extensions, and the slots after."""
    name = getattr(node, "name", None)
    if name in ("Project", "Distinct", "Reduced"):
        return _compile_pattern(node.p, slots)  # results are a set of nodes: neither changes them
    if name == "Filter":
        inner, after = _compile_pattern(node.p, slots)
        batch = _batch_exists(node.expr, after)
        if batch is not None:
            return (lambda sols, d: batch(inner(sols, d), d)), after
        test = _compile_expr(node.expr, after)

        def keep(sols: list[Binding], d: Data) -> list[Binding]:
            out = []
            for b in inner(sols, d):
                try:
                    if _ebv(test(b, d)):
                        out.append(b)
                except _Error:
                    pass
            return out

        return keep, after
    if name == "Join":
        left, mid = _compile_pattern(node.p1, slots)
        right, after = _compile_pattern(node.p2, mid)
        return (lambda sols, d: right(left(sols, d), d)), after
    if name in ("BGP", "TriplesBlock"):
        return _compile_bgp([tuple(t) for t in node.triples], slots)
    if name == "GroupGraphPatternSub":
        parts = [p for p in node.part if p.name == "TriplesBlock"]
        if len(parts) != len(node.part):
            raise ShapesCompileError("only triple patterns are covered inside EXISTS")
        return _compile_bgp([tuple(t) for p in parts for t in p.triples], slots)
    raise ShapesCompileError(f"SPARQL {name} is not covered by the shapes compiler")


def _batch_exists(e, slots: Slots) -> Solver | None:
    """FILTER (NOT) EXISTS over a pattern binding no new variable, for all solutions at once: the
    pattern keeps the solutions it matches (the same tuples), the filter keeps those or the others."""
    name = getattr(e, "name", None)
    if name not in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        return None
    inner, after = _compile_pattern(e.graph, slots)
    if after != slots:
        return None
    want = name == "Builtin_EXISTS"

    def run(sols: list[Binding], d: Data) -> list[Binding]:
        found = {id(b) for b in inner(sols, d)}
        return [b for b in sols if (id(b) in found) == want]

    return run


def _compile_bgp(triples: list[tuple], slots: Slots) -> tuple[Solver, Slots]:
    """Triple patterns joined in an order fixed at compile time: most bound positions first."""
    for t in triples:
        for x in t:
            if not isinstance(x, Variable | URIRef | Literal | Path):
                raise ShapesCompileError(f"pattern term {x!r} is not covered")
    todo = list(triples)
    known = list(slots)

    def bound(x) -> bool:
        return not isinstance(x, Variable) or str(x) in known

    steps = []
    while todo:
        best = max(todo, key=lambda t: 4 * bound(t[0]) + 2 * bound(t[2]) + bound(t[1]))
        todo.remove(best)
        steps.append(_step(best, tuple(known)))
        for x in best:
            if isinstance(x, Variable) and str(x) not in known:
                known.append(str(x))

    def solve(sols: list[Binding], d: Data) -> list[Binding]:
        for step in steps:
            if not sols:
                break
            sols = step(sols, d)
        return sols

    return solve, tuple(known)


def _holds_object(v, o) -> bool:
    """Is ``o`` among ``v`` (a value of :meth:`Data.sp`)? (Identity first: terms are mostly the same
    objects, and rdflib's ``==`` is a Python call.)"""
    if v is o:
        return v is not _NONE
    if v.__class__ is list:
        return o in v
    return v is not _NONE and v == o


def _getter(x, slots: Slots) -> Callable[[Binding], object] | None:
    """How a step reads a bound position (None: the variable is new at this step)."""
    if isinstance(x, Variable):
        name = str(x)
        if name not in slots:
            return None
        return operator.itemgetter(slots.index(name))
    c = term(x)
    return lambda b: c


def _step(t: tuple, slots: Slots) -> Solver:
    """One triple pattern, given which variables are bound before it."""
    s, p, o = t
    gs, go = _getter(s, slots), _getter(o, slots)
    same = isinstance(s, Variable) and s == o  # ?x p ?x
    if isinstance(p, URIRef) and not same:
        if gs is not None and go is not None:
            def both(sols: list[Binding], d: Data) -> list[Binding]:
                get = d.sp(p).get
                return [b for b in sols if _holds_object(get(gs(b), _NONE), go(b))]
            return both
        if gs is not None:
            def objects(sols: list[Binding], d: Data) -> list[Binding]:
                get = d.sp(p).get
                out: list[Binding] = []
                add = out.append
                for b in sols:  # seq() inlined: most subjects have one object
                    v = get(gs(b), _NONE)
                    if v.__class__ is list:
                        out.extend([(*b, x) for x in v])
                    elif v is not _NONE:
                        add((*b, v))
                return out
            return objects
        if go is not None:
            def subjects(sols: list[Binding], d: Data) -> list[Binding]:
                idx = d.po(p)
                return [(*b, x) for b in sols for x in idx.get(go(b), ())]
            return subjects
        if isinstance(s, Variable) and isinstance(o, Variable):
            # both ends new: every pair, subject then object (what :func:`_general_step` binds, in its
            # order), without its per-triple bookkeeping (a statement check walks every rdf:subject)
            def pairs(sols: list[Binding], d: Data) -> list[Binding]:
                found = [(x, y) for x, ys in d.sp(p).items() for y in seq(ys)]
                return [(*b, x, y) for b in sols for x, y in found]
            return pairs
    gp = _getter(p, slots) if isinstance(p, Variable) else None
    if gp is not None and gs is not None and go is not None:  # a variable predicate, bound before
        def known(sols: list[Binding], d: Data) -> list[Binding]:
            index: dict = {}  # predicate → its d.sp(), looked up once per step

            def sp(q) -> dict:
                m = index.get(q)
                if m is None:
                    m = index[q] = d.sp(q)
                return m

            return [b for b in sols if _holds_object(sp(gp(b)).get(gs(b), _NONE), go(b))]
        return known
    if isinstance(p, Path) and not same:
        if go is not None and not isinstance(o, Variable):  # a constant end: walk from it once per data
            c = term(o)

            def starts(d: Data, p=p, c=c) -> set:
                return _walk(p, {c}, d, False)

            if gs is not None:
                return lambda sols, d: [b for b in sols if gs(b) in d.memo(starts)]
            return lambda sols, d: [(*b, x) for b in sols for x in d.memo(starts)]
        if gs is not None:
            if go is not None:
                return lambda sols, d: [b for b in sols if go(b) in _walk(p, {gs(b)}, d, True)]
            return lambda sols, d: [(*b, x) for b in sols for x in _walk(p, {gs(b)}, d, True)]
        if go is not None:
            return lambda sols, d: [(*b, x) for b in sols for x in _walk(p, {go(b)}, d, False)]
    return _general_step(t, slots)


def _general_step(t: tuple, slots: Slots) -> Solver:
    """Any other pattern (a variable predicate, both ends new, a variable twice): every matching
    triple, each new variable bound once, in the order of the pattern."""
    getters = [_getter(x, slots) for x in t]
    news: list[str] = []
    for x in t:
        if isinstance(x, Variable) and str(x) not in slots and str(x) not in news:
            news.append(str(x))
    path = t[1] if isinstance(t[1], Path) else None

    def run(sols: list[Binding], d: Data) -> list[Binding]:
        out = []
        for b in sols:
            s, p, o = (g(b) if g is not None else None for g in getters)
            if path is not None:
                starts = {s} if s is not None else d.subjects()
                found = ((x, None, y) for x in starts for y in _walk(path, {x}, d, True))
            else:
                preds = [p] if p is not None else sorted(d.predicates())
                found = ((x, q, y) for q in preds for x, y in _pairs(d, q, s, o))
            for triple in found:
                vals: dict[str, object] = {}
                for x, v, g in zip(t, triple, getters, strict=True):
                    if g is not None or v is None:
                        continue
                    name = str(x)
                    if vals.setdefault(name, v) != v:
                        break
                else:
                    if o is None or triple[2] == o:
                        out.append(b + tuple(vals[n] for n in news))
        return out

    return run


def _pairs(d: Data, p, s, o) -> list[tuple]:
    """(subject, object) of the triples with predicate ``p`` matching the bound ends."""
    if s is not None:
        os = d.objects(s, p)
        if o is not None:
            return [(s, o)] if o in os else []
        return [(s, x) for x in os]
    if o is not None:
        return [(x, o) for x in d.po(p).get(o, ())]
    return [(x, y) for x, ys in d.sp(p).items() for y in seq(ys)]


def _walk(path, nodes: set, d: Data, forward: bool) -> set:
    """The nodes ``path`` leads to from ``nodes`` (backwards: the nodes it leads from to them)."""
    if _is_iri(path):
        if forward:
            get = d.sp(path).get
            return {y for x in nodes for y in seq(get(x, _NONE))}
        get = d.po(path).get
        return {y for x in nodes for y in get(x, _NONE)}
    if isinstance(path, InvPath):
        return _walk(path.arg, nodes, d, not forward)
    if isinstance(path, SequencePath):
        for p in (path.args if forward else list(reversed(path.args))):
            nodes = _walk(p, nodes, d, forward)
        return nodes
    if isinstance(path, AlternativePath):
        return set().union(*(_walk(p, nodes, d, forward) for p in path.args))
    if isinstance(path, MulPath):
        out = set(nodes) if path.zero else set()
        frontier = set(nodes)
        while frontier:
            nxt = _walk(path.path, frontier, d, forward) - out
            out |= nxt
            frontier = nxt if path.more else set()
        return out
    raise ShapesCompileError(f"property path {path!r} is not covered")


def _ebv(x) -> bool:
    k, v = _value(x)
    if k in ("boolean", "numeric", "string"):
        return bool(v) and v == v  # NaN is false
    if k == "lang":
        return bool(v[1])
    raise _Error


def _integer(x) -> int:
    """xsd:integer(x), SPARQL's cast."""
    if x.__class__ is tuple and x[1] == _INTEGER and x[3]:
        return int(x[0])
    k, v = _value(x)
    if k == "numeric" and v.__class__ is float and v != v:
        raise _Error
    if k == "numeric":
        try:
            return int(v)
        except (ValueError, OverflowError):
            raise _Error from None
    if k == "boolean":
        return int(v)
    if k == "string" and _XSD_INTEGER_LEX.fullmatch(v):
        return int(v)
    raise _Error


def _number(x):
    if x.__class__ is int:
        return x
    k, v = _value(x)
    if k != "numeric":
        raise _Error
    return v


def _strlen(x) -> int:
    if x.__class__ is str:
        return len(x)
    return len(_string_arg(x))


def _datatype(x) -> URIRef:
    if isinstance(x, tuple):
        return URIRef(x[1])
    if x.__class__ is str:
        return XSD.string
    raise _Error


_FUNCTIONS: dict[str, Callable] = {
    "Builtin_STR": _str, "Builtin_STRLEN": _strlen, "Builtin_LANG": _lang, "Builtin_DATATYPE": _datatype,
    "Builtin_isIRI": lambda x: isinstance(x, URIRef), "Builtin_isURI": lambda x: isinstance(x, URIRef),
    "Builtin_isBLANK": lambda x: isinstance(x, BNode), "Builtin_isLITERAL": _is_literal,
}
_CASTS = {str(XSD.integer): _integer, str(XSD.string): _str}
_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def _compile_expr(e, slots: Slots) -> Expr:
    """A SPARQL expression as a function of a solution; a SPARQL error raises _Error."""
    if isinstance(e, Variable):
        if str(e) not in slots:
            def unbound(b: Binding, d: Data):
                raise _Error
            return unbound
        i = slots.index(str(e))
        return lambda b, d: b[i]
    if isinstance(e, URIRef | Literal):
        c = term(e)
        return lambda b, d: c
    name = getattr(e, "name", None)
    if name in _FUNCTIONS:
        f, arg = _FUNCTIONS[name], _compile_expr(e.arg, slots)
        return lambda b, d: f(arg(b, d))
    if name == "Function":
        cast = _CASTS.get(str(e.iri))
        if cast is None or len(e.expr) != 1:
            raise ShapesCompileError(f"SPARQL function {e.iri} is not covered")
        arg = _compile_expr(e.expr[0], slots)
        return lambda b, d: cast(arg(b, d))
    if name == "RelationalExpression":
        left = _compile_expr(e.expr, slots)
        if e.op in ("IN", "NOT IN"):
            members = [_compile_expr(m, slots) for m in e.other]
            negate = e.op == "NOT IN"

            def among(b: Binding, d: Data) -> bool:
                x, err = left(b, d), False
                for m in members:
                    try:
                        if _equal(x, m(b, d)):
                            return not negate
                    except _Error:
                        err = True
                if err:
                    raise _Error
                return negate

            return among
        right, op = _compile_expr(e.other, slots), e.op
        return lambda b, d: _compare(op, left(b, d), right(b, d))
    if name in ("AdditiveExpression", "MultiplicativeExpression"):
        first = _compile_expr(e.expr, slots)
        rest = [(_ARITH.get(op), _compile_expr(x, slots)) for op, x in zip(e.op, e.other, strict=True)]
        if any(f is None for f, _ in rest):
            raise ShapesCompileError(f"SPARQL operator in {e.op} is not covered")

        def arith(b: Binding, d: Data):
            v = _number(first(b, d))
            for f, x in rest:
                v = f(v, _number(x(b, d)))
            return v

        return arith
    if name in ("ConditionalAndExpression", "ConditionalOrExpression"):
        parts = [_compile_expr(x, slots) for x in [e.expr, *e.other]]
        want = name == "ConditionalOrExpression"

        def logic(b: Binding, d: Data) -> bool:
            err = False
            for x in parts:
                try:
                    if _ebv(x(b, d)) == want:
                        return want
                except _Error:
                    err = True
            if err:
                raise _Error
            return not want

        return logic
    if name == "UnaryNot":
        inner = _compile_expr(e.expr, slots)
        return lambda b, d: not _ebv(inner(b, d))
    if name == "Builtin_sameTerm":
        a, c = _compile_expr(e.arg1, slots), _compile_expr(e.arg2, slots)
        return lambda b, d: a(b, d) == c(b, d)
    if name == "Builtin_LANGMATCHES":
        a, c = _compile_expr(e.arg1, slots), _compile_expr(e.arg2, slots)
        return lambda b, d: lang_matches(_str(a(b, d)), _str(c(b, d)))
    if name == "Builtin_REGEX":
        if not isinstance(e.pattern, Literal) or (e.flags is not None and not isinstance(e.flags, Literal)):
            raise ShapesCompileError("REGEX with a computed pattern is not covered")
        rx = regex(str(e.pattern), str(e.flags or ""))
        text = _compile_expr(e.text, slots)
        return lambda b, d: rx.search(_string_arg(text(b, d))) is not None
    if name == "Builtin_BOUND":
        known = str(e.arg) in slots
        return lambda b, d: known
    if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        inner, _ = _compile_pattern(e.graph, slots)
        want = name == "Builtin_EXISTS"
        return lambda b, d: bool(inner([b], d)) == want
    raise ShapesCompileError(f"SPARQL {name or e!r} is not covered by the shapes compiler")


def _string_arg(x) -> str:
    k, v = _value(x)
    if k == "string":
        return v
    if k == "lang":
        return v[1]
    raise _Error


# -- entry point -------------------------------------------------------------------------------------
def check_triples(triples: Iterable[tuple], checks: Iterable[Check], base: Data | None = None,
                  severities: tuple[str, ...] = ("Violation",),
                  reified: Mapping[object, tuple] | None = None) -> list[tuple[str, str]]:
    """(node at fault, message) of every result of ``checks`` on ``triples`` (rdflib terms) and the
    ``reified`` statements (see :class:`Data`) taken together with ``base``, sorted; only results of
    the given severities."""
    d = Data(triples, base, reified)
    out: set[tuple[str, str]] = set()
    for c in checks:
        if c.severity in severities:
            out.update((node_text(n), c.message) for n in c.run(d))
    return sorted(out)
