"""Resolve step: mentions → entities with stable keys.

Every agency mention becomes one province-scoped agency of a shared agency type
("Sở Nội vụ" of An Giang and of Tuyên Quang are two agencies of type ``so-noi-vu``);
central bodies (Bộ Chính trị, Chính phủ …) have no province. Every referenced
document becomes one document entity: central numbers are global, provincial numbers
(``82-KH/TU``) are scoped to the citing document's province. The keys made here are
what the emitter turns into IRIs, so the same input yields the same IRIs everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from tinhgon.builders import lexicon, numbers
from tinhgon.builders.agencies import named_province
from tinhgon.builders.model import AgencyMention, DocRef, Extraction, Relation, Validity
from tinhgon.text import key, slugify

CENTRAL = "central"

# Central bodies, the words that place a body in a province, the party bodies of a province and the
# names below it (builders/data/lexicon/resolve_phrases.tsv), matched on a name's key.
_P = lexicon.patterns("resolve_phrases")


@dataclass
class Entity:
    """An agency, collective body, post or place after resolution."""

    kind: str  # "agency" | "collective" | "post" | "place"
    scope: str  # province slug, or "central"
    slug: str  # the shared type slug ("so-noi-vu")
    name: str  # preferred label, province left implicit
    full_name: str  # with the province spelled out for provincial bodies
    province: str | None
    surfaces: set[str] = field(default_factory=set)
    label_en: str | None = None  # English name of the agency type, when the type table knows it
    # for an administrative unit the gazetteer knows: its level, official code and district
    place_kind: str | None = None  # "province" | "district" | "commune"
    place_code: str | None = None
    district: str | None = None


@dataclass
class DocEntity:
    """A document node: the source's own document or one it refers to."""

    scope: str  # "central", a province slug, or "unknown"
    slug: str  # number slug, or "<kind>-<year>-<sha8>" for a document without a number
    number: str | None
    kind: str | None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    province: str | None = None


@dataclass
class Resolution:
    province: str | None
    document: DocEntity
    entities: dict[tuple[str, str, str], Entity] = field(default_factory=dict)
    references: list[tuple[DocRef, DocEntity]] = field(default_factory=list)
    issuer: Entity | None = None
    ref_issuers: dict[int, Entity] = field(default_factory=dict)  # index in references → issuer
    # builders/relations.py, decided here: (relation, acting document or None for this one, document acted on)
    relations: list[tuple[Relation, DocEntity | None, DocEntity]] = field(default_factory=list)
    # (statement, its subject or None for this document, the ISO day it fixes or None)
    validity: list[tuple[Validity, DocEntity | None, str | None]] = field(default_factory=list)
    # place name → slug, for names that only their accents tell apart ("xã Sơn Hà", "xã Sơn Hạ")
    place_slugs: dict[str, str] = field(default_factory=dict)
    # a central document about one province: the province its local bodies named bare belong to
    addressed: str | None = None

    def entity_for(self, m: AgencyMention) -> Entity:
        return self.entities[entity_key(m, self.province_of(m), self.place_slugs)]

    def province_of(self, m: AgencyMention) -> str | None:
        """The province whose body a mention means. A provincial document's bodies are its own
        province's. A central document (no province) names a province's body with the province
        ("Ủy ban nhân dân tỉnh Thanh Hóa"); one about a single province names the province's bodies
        bare too ("Đề nghị Thường trực Tỉnh ủy …" in a notice on Thanh Hóa): those are the addressed
        province's. Only a body whose name places it in a province ("… tỉnh", "… Tỉnh ủy") takes one;
        a ministry or a national group named in the same notice stays where it is."""
        if self.province is not None:
            return self.province
        if m.kind != "agency" or m.collective or not is_provincial(m.name):
            return None
        return _province_named(m.surface) or self.addressed


def is_central(name: str) -> bool:
    k = key(name)
    return bool(_P["central_body"].match(k)) and not _P["local_mark"].search(k)


def is_provincial(name: str) -> bool:
    """A name that places its body in a province, the province left implicit: "Ủy ban nhân dân tỉnh",
    "Thường trực Tỉnh ủy", "Ban Tổ chức Tỉnh ủy" (the names ``full_name`` completes with the province)."""
    k = key(name)
    return k.endswith(" tỉnh") or bool(_P["party_of_province"].search(k))


def _province_named(surface: str) -> str | None:
    """The province a surface names after its local body ("UBND tỉnh Nghệ An" → "Nghệ An"), when the
    gazetteer knows those words as a province (before or after the 2025 arrangement)."""
    from tinhgon.builders.gazetteer import PROVINCE, place, province_2025

    words = named_province(surface)
    if not words:
        return None
    found = place(f"tỉnh {words}")
    if found is not None and found.kind == PROVINCE:
        return found.name
    unit = province_2025(words)
    return unit.name if unit is not None else None


def addressed_province(ex: Extraction) -> str | None:
    """The one province a central document's bodies are named in, if there is exactly one: a notice
    of a working visit to Thanh Hóa names "Ủy ban nhân dân tỉnh Thanh Hóa" and, bare, "Thường trực
    Tỉnh ủy"; a document naming bodies of several provinces addresses none of them."""
    if ex.document.province:
        return None
    named = {p for m in _all_mentions(ex) if m.kind == "agency" and not m.collective
             and (p := _province_named(m.surface))}
    return next(iter(named)) if len(named) == 1 else None


def entity_key(m: AgencyMention, province: str | None,
               place_slugs: dict[str, str] | None = None) -> tuple[str, str, str]:
    kind = "collective" if m.collective else ("place" if m.kind == "unit" else m.kind)
    if kind == "post":
        return (kind, CENTRAL, slugify(m.name))
    scope = CENTRAL if is_central(m.name) or province is None else slugify(province)
    if province is None and not is_central(m.name):
        scope = "unknown"
    if kind == "place" and place_slugs and m.name in place_slugs:
        return (kind, scope, place_slugs[m.name])
    return (kind, scope, slugify(m.name))


def distinct_place_slugs(names: set[str]) -> dict[str, str]:
    """Slugs for unit names that differ only in their accents: an accent-free slug would make
    "xã Sơn Hà" and "xã Sơn Hạ" (two communes) one node, so each gets a short hash of its name."""
    import hashlib

    groups: dict[str, set[str]] = {}
    for n in names:
        groups.setdefault(slugify(n), set()).add(n)
    out: dict[str, str] = {}
    for slug, group in groups.items():
        if len({key(n) for n in group}) > 1:
            for n in group:
                out[n] = f"{slug}-{hashlib.sha1(key(n).encode()).hexdigest()[:6]}"
    return out


def doc_scope(scope: str, province: str | None) -> str:
    if scope == "central":
        return CENTRAL
    return slugify(province) if province else "unknown"


def resolve(ex: Extraction) -> Resolution:
    meta = ex.document
    province = meta.province
    year = meta.year if meta.year else "nd"
    if meta.number:
        local = slugify(province) if province else "unknown"
        own_scope = CENTRAL if is_central_number(meta.number) else local
        own_slug = slugify(meta.number)
    else:
        own_scope = slugify(province) if province else "unknown"
        own_slug = f"{meta.kind or 'van-ban'}-{year}-{ex.source.sha256[:8]}"
    doc = DocEntity(
        scope=own_scope, slug=own_slug, number=meta.number, kind=meta.kind, date=meta.date,
        issuer=meta.issuer, title=meta.title, province=province,
    )
    res = Resolution(province=province, document=doc)
    for ref in ex.references:
        if meta.number and key(ref.number) == key(meta.number):
            continue
        res.references.append((ref, DocEntity(
            scope=doc_scope(ref.scope, province), slug=slugify(ref.number), number=ref.number,
            kind=ref.kind, date=ref.date, issuer=ref.issuer, title=ref.title,
            province=None if ref.scope == "central" else province,
        )))
    res.addressed = addressed_province(ex)
    res.place_slugs = distinct_place_slugs({m.name for m in _all_mentions(ex) if m.kind == "unit"})
    for m in _all_mentions(ex):
        _add(res, m)
    if meta.issuer_body:
        res.issuer = _add(res, AgencyMention(
            surface=meta.issuer, name=meta.issuer_body, start=meta.start, end=meta.end) if meta.issuer else
            AgencyMention(surface=meta.issuer_body, name=meta.issuer_body, start=meta.start, end=meta.end))
    for i, (ref, _) in enumerate(res.references):
        if ref.issuer:
            res.ref_issuers[i] = _add(res, AgencyMention(ref.issuer, ref.issuer, ref.start, ref.end))
    resolve_relations(ex, res)
    return res


def resolve_relations(ex: Extraction, res: Resolution) -> None:
    """Which document each relation and statement of effect is about, and the day each statement fixes.

    A number the file also refers to is that reference's document; any other is scoped as references
    are (central numbers global, provincial ones to this file's province). "Từ ngày ký" is the subject's
    own date; "kể từ ngày Quyết định này có hiệu lực" the day this document takes effect.
    """
    own = res.document

    def doc_for(number: str | None) -> DocEntity | None:
        if number is None or (own.number and key(number) == key(own.number)):
            return None
        for ref, target in res.references:
            if key(ref.number) == key(number):
                return target
        central = is_central_number(number)
        return DocEntity(scope=CENTRAL if central else doc_scope("province", res.province), slug=slugify(number),
                         number=number, kind=None, province=None if central else res.province)

    for rel in ex.relations:
        target = doc_for(rel.target)
        if target is not None:
            res.relations.append((rel, doc_for(rel.actor), target))
    own_effect = next((v.date or own.date for v in ex.validity if v.kind == "effective" and v.subject is None
                       and (v.date or v.basis == "signing")), None)
    for v in ex.validity:
        subject = doc_for(v.subject)
        if v.basis == "date":
            day = v.date
        elif v.basis == "signing":
            day = (subject.date if subject else own.date)
        elif v.basis == "own-effect":
            day = own_effect or own.date
        else:
            day = None
        res.validity.append((v, subject, day))


def _add(res: Resolution, m: AgencyMention) -> Entity:
    province = res.province_of(m)
    k = entity_key(m, province, res.place_slugs)
    ent = res.entities.get(k)
    if ent is None:
        prov = None if k[1] in (CENTRAL, "unknown") or k[0] == "post" else province
        name, label_en = type_labels(m.name)
        ent = Entity(
            kind=k[0], scope=k[1], slug=k[2], name=name,
            full_name=full_name(name, prov), province=prov, label_en=label_en,
        )
        if ent.kind == "place":
            _locate(ent, res.province)
        res.entities[k] = ent
    ent.surfaces.add(m.surface)
    ent.surfaces.add(m.name)
    return ent


def is_central_number(number: str) -> bool:
    """Numbers of central bodies (Party centre, National Assembly, Government, ministries) are global."""
    return numbers.is_central(number)


def full_name(name: str, province: str | None) -> str:
    """"Ban Thường vụ Tỉnh ủy" + Bình Thuận → "Ban Thường vụ Tỉnh ủy Bình Thuận".

    Names ending in "tỉnh" take the province after it ("Ủy ban nhân dân tỉnh Tuyên Quang");
    district-level and collective names stay as written.
    """
    if not province:
        return name
    k = key(name)
    if k.endswith((" tỉnh", " thành phố")):  # "Ủy ban nhân dân thành phố" + Cần Thơ (a city under the centre)
        return f"{name} {province}"
    if _P["party_of_province"].search(k):
        return f"{name} {province}"
    if _P["below_province"].search(k):
        return name
    return f"{name} tỉnh {province}"


# The head words after which an official name's proper part starts (agency_heads.tsv, proper = yes).
_HEAD = lexicon.compile_alternation("agency_heads", "head", bound=False, before=r"^((?:Các\s+)?", after=r")\s+(\w)",
                                    proper="yes")
_GENERIC_NEXT = {"cán", "chỉ", "thường", "chấp", "nhân", "quản", "bảo", "tổ", "quốc", "chuyên", "cấp", "của",
                 "đảng", "các", "thuộc", "bí", "kiểm"}


def canonical_label(name: str) -> str:
    """One casing per agency type, whatever the plan printed: "Phòng nội vụ" → "Phòng Nội vụ".

    Official names capitalise the first word of the proper part after the head noun
    ("Sở Tài chính", "Ban Tuyên giáo", "Trưởng ban Dân vận"). Words that continue a
    common noun phrase ("Ban cán sự đảng", "Ban chỉ đạo", "Ủy ban nhân dân") stay as they are.
    """
    m = _HEAD.match(name)
    if m is None:
        return name
    rest = name[m.start(2):].split(" ")
    word = rest[0].lower()
    party_committee = word == "đảng" and len(rest) > 1 and rest[1].lower() == "ủy"  # "Bí thư Đảng ủy"
    if word in _GENERIC_NEXT and not party_committee:
        return name
    return name[:m.start(2)] + name[m.start(2)].upper() + name[m.start(2) + 1:]


@lru_cache(maxsize=1)
def _type_table() -> dict[str, tuple[str, str]]:
    """slug → (canonical Vietnamese name, English name), from builders/data/agency_types.tsv."""
    text = resources.files("tinhgon.builders").joinpath("data", "agency_types.tsv").read_text(encoding="utf-8")
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines()[2:]:
        if line.strip() and not line.startswith("#"):
            vi, en = line.split("\t")
            table[slugify(vi)] = (vi.strip(), en.strip())
    return table


def type_labels(name: str) -> tuple[str, str | None]:
    """The canonical Vietnamese label of a mention's agency type and its English name.

    Plans print one body in several casings and spacings ("Đảng ủy khối Doanh nghiệp",
    "chính trị-xã hội"); the graph keeps one label per type so that SKOS holds (one
    preferred label per language) and readers see one name.
    """
    spaced = _spaced_dashes(name)
    hit = _type_table().get(slugify(spaced))
    if hit:
        return hit
    return canonical_label(spaced), None


def _spaced_dashes(name: str) -> str:
    """One space either side of every dash: "chính trị-xã hội" → "chính trị - xã hội"."""
    parts = name.split("-")
    if len(parts) == 1:
        return name
    return " - ".join([parts[0].rstrip(), *(p.strip() for p in parts[1:-1]), parts[-1].lstrip()])


def _locate(ent: Entity, province: str | None) -> None:
    """Link a named unit to the gazetteer when the gazetteer has a unit of exactly that name.

    The gazetteer also answers for former names (a commune merged into another); those are
    not the same unit, so only an exact name match counts.
    """
    from tinhgon.builders.gazetteer import bare_name, name_key, place

    found = place(ent.name, province)
    bare = bare_name(ent.name)
    if found is None or name_key(found.name) != name_key(bare):
        return
    ent.place_kind, ent.place_code, ent.district = found.kind, found.code, found.district


def _all_mentions(ex: Extraction):
    for t in ex.tasks:
        for ms in t.roles.values():
            yield from ms
    for c in ex.changes:
        yield from c.inputs
        if c.result is not None:
            yield c.result
    for uc in ex.unit_counts:  # units a count names as left as they are
        yield from uc.unchanged


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    if family == "resolve_phrases":
        ex = row["example"]
        if row["name"] in ("central_body", "local_mark"):
            got = "central" if is_central(ex) else "local"
        else:
            got = full_name(ex, "Nghệ An")
        if got != row["gives"]:
            return f"{row.where}: the example gives {got!r}, not {row['gives']!r}"
        return None
    return f"{row.where}: resolve has no check for family {family!r}"
