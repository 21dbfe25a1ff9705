"""The claims index: every claim by the editors' reform area and by the status it gives.

Beside the statement page (reading order), ``claims.html`` lists each claim twice:
once in its reform area (the ``kzr:reformArea`` of its ``kzr:claimSubject``) and
once under its status (``kzr:status``, within its scheme: legal stages,
implementation stages, political processes). A claim whose subject has several
areas is listed once, in the first by label, and named under the others as
"also here"; claims with no area or no status get a group of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import SKOS, URIRef

from ..namespaces import DATA_IRI, KZR
from .model import SiteModel, path_of
from .views import Value

#: The page of the index, at the root of the site.
CLAIMS_PAGE = "claims.html"


@dataclass(frozen=True)
class ClaimEntry:
    """One claim as the index lists it."""

    slug: str
    label: str
    quote: str
    href: str
    """The claim's own page."""
    statement_href: str
    """Its place in the statement (``statement.html#claim-…``), or "" if it has none."""
    subject: Value | None
    area: tuple[Value, ...] = ()
    status: Value | None = None


@dataclass(frozen=True)
class ClaimGroup:
    """The claims of one reform area or one status."""

    label: str
    anchor: str
    concept: Value | None
    """The concept (linked to its page); None for "no area" and "no status"."""
    entries: tuple[ClaimEntry, ...]
    also: tuple[ClaimEntry, ...] = ()
    """Claims listed in another group that belong here too (a subject of several areas)."""


@dataclass(frozen=True)
class SchemeGroup:
    """The status groups of one concept scheme."""

    label: str
    anchor: str
    scheme: Value | None
    groups: tuple[ClaimGroup, ...]


@dataclass(frozen=True)
class ClaimsIndex:
    """What ``claims.html`` shows."""

    entries: tuple[ClaimEntry, ...]
    """Every claim, in reading order."""
    by_area: tuple[ClaimGroup, ...]
    by_status: tuple[SchemeGroup, ...]


def _anchor(prefix: str, text: str) -> str:
    return prefix + "-" + "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def claim_entries(model: SiteModel) -> list[ClaimEntry]:
    """Every claim with a page, in reading order (source text, then start, then IRI)."""
    g = model.graph
    found = []
    for claim in model.claims():
        where = model.selection(claim)
        slug = path_of(claim, DATA_IRI) or ""
        subject = g.value(claim, KZR.claimSubject)
        areas = sorted(
            (model.value(a) for a in g.objects(subject, KZR.reformArea)) if subject else (),
            key=lambda v: (v.text.lower(), v.iri or ""),
        )
        statuses = sorted(model.value(s) for s in g.objects(claim, KZR.status))
        place = ""
        if where is not None and where[0] in model.source_texts():
            place = f"{model.statement_path(where[0])}#{slug}"
        entry = ClaimEntry(
            slug=slug,
            label=model.label(claim),
            quote=where[3] if where else "",
            href=model.pages[claim],
            statement_href=place,
            subject=model.value(subject) if subject is not None else None,
            area=tuple(areas),
            status=statuses[0] if statuses else None,
        )
        order = (str(where[0]), where[1]) if where else ("\uffff", 0)
        found.append((order, str(claim), entry))
    return [entry for *_, entry in sorted(found, key=lambda f: (f[0], f[1]))]


def claims_index(model: SiteModel) -> ClaimsIndex:
    """Group the claims by reform area and by status (each claim listed once per grouping)."""
    entries = claim_entries(model)
    return ClaimsIndex(tuple(entries), _by_area(entries), _by_status(model, entries))


def _by_area(entries: list[ClaimEntry]) -> tuple[ClaimGroup, ...]:
    listed: dict[str, list[ClaimEntry]] = defaultdict(list)
    also: dict[str, list[ClaimEntry]] = defaultdict(list)
    concepts: dict[str, Value] = {}
    for entry in entries:
        for n, area in enumerate(entry.area):
            concepts[area.iri or area.text] = area
            (also if n else listed)[area.iri or area.text].append(entry)
    groups = [
        ClaimGroup(
            concepts[key].text,
            _anchor("area", concepts[key].text),
            concepts[key],
            tuple(listed[key]),
            tuple(also[key]),
        )
        for key in sorted(concepts, key=lambda k: (concepts[k].text.lower(), k))
    ]
    none = tuple(e for e in entries if not e.area)
    if none:
        groups.append(ClaimGroup("No reform area named", "area-none", None, none))
    return tuple(groups)


def _by_status(model: SiteModel, entries: list[ClaimEntry]) -> tuple[SchemeGroup, ...]:
    members: dict[str, list[ClaimEntry]] = defaultdict(list)
    statuses: dict[str, Value] = {}
    for entry in entries:
        if entry.status is not None:
            key = entry.status.iri or entry.status.text
            statuses[key] = entry.status
            members[key].append(entry)
    schemes: dict[str, list[str]] = defaultdict(list)
    for key in statuses:
        in_scheme = model.graph.value(URIRef(key), SKOS.inScheme)
        schemes[str(in_scheme) if in_scheme is not None else ""].append(key)
    out = []
    for scheme_key in sorted(schemes, key=lambda s: (not s, model.label(URIRef(s)).lower(), s)):
        scheme = model.value(URIRef(scheme_key)) if scheme_key else None
        label = scheme.text if scheme is not None else "Other statuses"
        keys = sorted(schemes[scheme_key], key=lambda k: (statuses[k].text.lower(), k))
        groups = tuple(
            ClaimGroup(
                statuses[k].text,
                _anchor("status", statuses[k].text),
                statuses[k],
                tuple(members[k]),
            )
            for k in keys
        )
        out.append(SchemeGroup(label, _anchor("scheme", label), scheme, groups))
    none = tuple(e for e in entries if e.status is None)
    if none:
        group = ClaimGroup("No status stated", "status-none", None, none)
        out.append(SchemeGroup("Claims that give no status", "scheme-none", None, (group,)))
    return tuple(out)


def publish_claims(page: Callable[..., None], model: SiteModel) -> ClaimsIndex:
    """Render ``claims.html`` with the ``page`` function of the site build; return the index."""
    index = claims_index(model)
    values: dict[str, Any] = {"index": index}
    page(
        CLAIMS_PAGE, "claims.html", title="Claims by reform area and status", nav="claims", **values
    )
    return index


__all__ = [
    "CLAIMS_PAGE",
    "ClaimEntry",
    "ClaimGroup",
    "ClaimsIndex",
    "SchemeGroup",
    "claim_entries",
    "claims_index",
    "publish_claims",
]
