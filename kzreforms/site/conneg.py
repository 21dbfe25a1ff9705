"""Content negotiation: which file answers which IRI for which ``Accept`` header.

The choice follows RFC 9110 §12.5.1: each media type the site offers gets the
quality value (q) of the most specific media range in ``Accept`` that matches
it; the highest q wins; a q of 0 means "not acceptable"; when nothing offered is
acceptable the answer is 406 with the list of what is. Ties go to the type the
client named more specifically (``text/turtle, */*`` asks for Turtle), then to
the site's order (HTML first), so ``*/*``, a browser's header or no header at
all give the HTML page.

:func:`negotiate` is the reference implementation. The servers run the same
algorithm: nginx through its JavaScript module (``conneg.js``, rendered from
``templates/conneg.js.j2``) because nginx has no q-value parser of its own, and
Apache through the ``mod_rewrite`` rules that :func:`apache_ranges` spells out,
because a w3id.org ``.htaccess`` can use nothing else. The tests run both real
servers against :func:`negotiate`. One table (:data:`RULES`, :data:`VARIANTS`)
drives all of them, so they cannot disagree on what is offered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..formats import FORMATS, get_format

# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Rule:
    """IRIs whose path below the site root matches ``pattern``: answered by ``stem`` + extension.

    ``pattern`` is a regular expression understood alike by Apache, nginx and Python;
    ``stem`` may use ``$1`` for its group.
    """

    pattern: str
    stem: str
    what: str

    def nginx(self, prefix: str) -> str:
        """The rule as an nginx location regex below ``prefix`` (``/kz/``).

        nginx overwrites ``$1`` when a later regular expression matches, so the group is named
        ``$kzreforms_name``.
        """
        return "^" + prefix + self.pattern[1:].replace("(", "(?<kzreforms_name>", 1)

    @property
    def path(self) -> str:
        """The IRI's path as a substitution (``$1`` for the group): ``^concept/$`` gives it."""
        return re.sub(r"\(.*\)", "$1", self.pattern[1:-1])

    @property
    def files(self) -> str | None:
        """A regular expression for the files that hold the IRI (``id/x.html`` …), same group.

        None when the files are another IRI's (the stem does not use the group).
        """
        group = re.search(r"\(.*\)", self.pattern)
        if group and "$1" not in self.stem:
            return None
        stem = re.escape(self.stem).replace(r"\$1", "$1")
        stem = stem.replace("$1", group.group(0)) if group else stem
        extensions = "|".join(re.escape(v.extension[1:]) for v in VARIANTS)
        return f"^{stem}\\.(?:{extensions})$"


@dataclass(frozen=True)
class Variant:
    """One format every negotiated IRI is published in."""

    media_type: str
    extension: str
    title: str

    @property
    def key(self) -> str:
        """A name for server variables: the extension without its dot."""
        return self.extension[1:]


#: What every negotiated IRI is published as, in the site's order of preference.
#: All are UTF-8, so a range with ``charset=utf-8`` matches them too.
VARIANTS: tuple[Variant, ...] = (
    Variant("text/html", ".html", "HTML"),
    *(
        Variant(f.media_type, f.extension, f.title)
        for f in (get_format("turtle"), get_format("json-ld"))
    ),
)

#: One path segment without an extension (:func:`kzreforms.sitemodel.path_of` joins them),
#: less the characters that are not allowed in IRIs or that HTML or a header would need
#: escaped (written as hex escapes, which every server's regex engine reads alike).
SEGMENT = r"[^\x00-\x20\x22\x23\x25-\x27\x2e\x2f\x3c\x3e\x3f\x5c\x5e\x60\x7b-\x7d]+"

#: One or more segments joined by ``/``: the local part of a resource's IRI below ``id/`` or
#: ``concept/`` (``bench-0000/claim-x``), published at the same path with an extension.
PATH = rf"{SEGMENT}(?:/{SEGMENT})*"

RULES: tuple[Rule, ...] = (
    Rule(rf"^id/({PATH})$", "id/$1", "each resource of the data"),
    Rule(rf"^concept/({PATH})$", "concept/$1", "each concept and concept scheme"),
    Rule(r"^concept/$", "concept/index", "the list of concept schemes"),
    Rule(r"^concept/([0-9]+\.[0-9]+\.[0-9]+)$", "concept/$1", "a version of the concept schemes"),
    Rule(r"^ontology$", "ontology", "the ontology"),
    Rule(r"^ontology/([0-9]+\.[0-9]+\.[0-9]+)$", "ontology/$1", "a version of the ontology"),
    Rule(rf"^graph/({SEGMENT})$", "graph/$1", "the named graphs (ontology, data, shapes)"),
    Rule(r"^shapes$", "shapes", "the SHACL shapes (the namespace of their IRIs)"),
    Rule(rf"^shapes/({SEGMENT})$", "shapes", "the header of each shapes file"),
    Rule(r"^$", "index", "the dataset (its DCAT/VoID description)"),
)

#: Media types of the files the site serves, for servers that do not know them.
MEDIA_TYPES: tuple[tuple[str, str], ...] = (
    ("text/html", "html"),
    ("text/css", "css"),
    ("text/plain", "txt"),
    *((f.media_type, f.extension[1:]) for f in FORMATS.values() if f.view_of is None),
    ("application/javascript", "js"),
    ("application/wasm", "wasm"),
    ("image/png", "png"),
)

# --------------------------------------------------------------------------- RFC 9110 §12.5.1

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_VALUE = rf'(?:{_TOKEN}|"(?:[^"\\]|\\.)*")'
_RANGE = re.compile(rf"^(\*/\*|{_TOKEN}/\*|{_TOKEN}/{_TOKEN})$")
_PARAM = re.compile(rf"^({_TOKEN})=({_VALUE})$")
_QVALUE = re.compile(r"^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$")
_ELEMENT = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+')
_PARTS = re.compile(r'(?:[^;"]|"(?:[^"\\]|\\.)*")+')
#: Parameters that every variant has (all are UTF-8).
_OWN_PARAMS = {"charset": "utf-8"}


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    """Media type parameters, names lower-cased, values unquoted (``q`` and after excluded)."""
    q: int
    """The weight in thousandths (0 to 1000)."""

    def specificity(self, media_type: str) -> int:
        """How specifically this range names ``media_type``: 0 not, 1 ``*/*`` … 4 with parameters.

        ``media_type`` may carry parameters (``text/plain;format=flowed``); a range
        with parameters matches only a type that has all of them.

        >>> MediaRange("text", "*", (), 300).specificity("text/html")
        2
        """
        base, *rest = (part.strip() for part in media_type.split(";"))
        kind, _, sub = base.lower().partition("/")
        own = dict(_OWN_PARAMS)
        own.update(_split_param(part) for part in rest if part)
        for name, value in self.params:
            mine = own.get(name)
            if mine is None or (mine.lower() if name == "charset" else mine) != value:
                return 0
        if self.type == "*":
            return 1
        if self.type != kind:
            return 0
        if self.subtype == "*":
            return 2
        if self.subtype != sub:
            return 0
        return 4 if self.params else 3


def _split_param(text: str) -> tuple[str, str]:
    name, _, value = text.partition("=")
    if value.startswith('"'):
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    return name.lower(), value


def parse_accept(header: str) -> tuple[MediaRange, ...]:
    """The media ranges of an ``Accept`` header, in order; malformed elements are left out.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/turtle;q=0.5, */*;q=0")]
    [('text', 'turtle', 500), ('*', '*', 0)]
    """
    ranges = []
    for element in _ELEMENT.findall(header):
        parts = [p.strip(" \t") for p in _PARTS.findall(element)]
        if not parts or not _RANGE.match(parts[0]):
            continue
        kind, _, sub = parts[0].lower().partition("/")
        params: list[tuple[str, str]] = []
        q = 1000
        for part in parts[1:]:
            if not _PARAM.match(part):
                q = -1
                break
            name, value = _split_param(part)
            if name == "q":  # the weight; what follows it are extensions, ignored
                q = -1 if part[2:].startswith('"') else _weight(value)
                break
            params.append((name, value.lower() if name == "charset" else value))
        if q >= 0:
            ranges.append(MediaRange(kind, sub, tuple(params), q))
    return tuple(ranges)


def _weight(value: str) -> int:
    """Thousandths from a qvalue, or -1 if it is not one (``1.5``, ``.5``)."""
    if not _QVALUE.match(value):
        return -1
    whole, _, fraction = value.partition(".")
    return int(whole) * 1000 + int((fraction + "000")[:3])


def quality(accept: str, media_type: str) -> tuple[int, int]:
    """The q (thousandths) and specificity that ``accept`` gives ``media_type``.

    The most specific matching range counts; the first of equally specific ones.
    A type no range matches gets q 0.

    >>> quality("audio/*; q=0.2, audio/basic", "audio/basic")
    (1000, 3)
    """
    best: tuple[int, int] = (0, 0)
    for media_range in parse_accept(accept):
        level = media_range.specificity(media_type)
        if level > best[1]:
            best = (media_range.q, level)
    return best


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """Which of ``offers`` (media types, the preferred first) to send, or None for 406.

    No header (or an empty one) accepts anything, so the first offer is sent.

    >>> negotiate("text/turtle;q=0.1, text/html", ["text/html", "text/turtle"])
    'text/html'
    >>> negotiate("application/n-triples", ["text/html", "text/turtle"]) is None
    True
    """
    if accept is None or not accept.strip(" \t"):
        return offers[0] if offers else None
    scored = [(quality(accept, offer), -index, offer) for index, offer in enumerate(offers)]
    if not scored:
        return None
    (q, _), _, offer = max(scored)
    return offer if q > 0 else None


def choose(accept: str | None) -> Variant | None:
    """The variant of :data:`VARIANTS` that answers ``accept``, or None for 406.

    >>> choose("application/ld+json, text/turtle;q=0.5").title
    'JSON-LD'
    """
    chosen = negotiate(accept, [v.media_type for v in VARIANTS])
    return next((v for v in VARIANTS if v.media_type == chosen), None)


# --------------------------------------------------------------------------- FAIR Signposting

#: The ``type`` links of https://signposting.org/FAIR/ for the two kinds of landing page.
ABOUT_PAGE = "https://schema.org/AboutPage"
DATASET = "https://schema.org/Dataset"


@dataclass(frozen=True)
class Signposts:
    """``Link`` header values (RFC 8288) for https://signposting.org/FAIR/ level 1.

    Each server spells the IRI's path and file stem its own way (``$kzreforms_path``,
    ``%{KZR_PATH}e``), so they are given as ``path`` and ``stem`` to :func:`signposts`.
    """

    resource: str
    """For a resource's IRI and its files: cite-as, describedby, type, license."""
    dataset: str
    """For the dataset's IRI (the site root): the same, with an ``item`` per download."""
    alternates: str
    """For a 406: where each variant is (``rel="alternate"``)."""
    item: str
    """For each download: the dataset it belongs to (``collection``) and its licence."""


def signposts(
    *,
    base: str,
    base_url: str,
    license_iri: str,
    items: Sequence[tuple[str, str]],
    path: str,
    stem: str,
) -> Signposts:
    """The Signposting links, with ``path`` and ``stem`` left as the server's variables.

    :param items: (file name below ``dist/``, media type) of each download.

    >>> s = signposts(base="https://w3id.org/x/", base_url="https://w3id.org/x/",
    ...               license_iri="", items=[], path="$p", stem="$s")
    >>> s.resource.split(", ")[0]
    '<https://w3id.org/x/$p>; rel="cite-as"'
    """

    def link(target: str, rel: str, media_type: str = "") -> str:
        return f'<{target}>; rel="{rel}"' + (f'; type="{media_type}"' if media_type else "")

    licence = [link(license_iri, "license")] if license_iri else []
    described = [
        link(f"{base_url}{stem}{v.extension}", "describedby", v.media_type)
        for v in VARIANTS
        if v.extension != ".html"
    ]
    resource = [link(f"{base}{path}", "cite-as"), *described, link(ABOUT_PAGE, "type"), *licence]
    dataset = [
        link(base, "cite-as"),
        *described,
        link(DATASET, "type"),
        link(ABOUT_PAGE, "type"),
        *licence,
        *(link(f"{base_url}dist/{name}", "item", media) for name, media in items),
    ]
    alternates = [
        link(f"{base_url}{stem}{v.extension}", "alternate", v.media_type) for v in VARIANTS
    ]
    item = [link(base, "collection"), *licence]
    return Signposts(
        ", ".join(resource), ", ".join(dataset), ", ".join(alternates), ", ".join(item)
    )


# --------------------------------------------------------------------------- Apache


def apache_ranges(variant: Variant) -> tuple[tuple[int, str], ...]:
    """Regular expressions that find, in an ``Accept`` header, the ranges matching ``variant``.

    One per specificity (1 ``*/*`` … 4 with ``charset``), lowest first; each finds
    the first such range and captures its qvalue as whole digit (``0``: groups 1
    and 2 for the fraction; ``1``: group 3), so ``%1%2%3`` padded to four digits
    is the q in thousandths, and empty means 1. ``mod_rewrite`` has no loops, so
    these four patterns per type are how :func:`quality` is spelt for it. A quoted
    parameter value with a comma inside is not understood (no client sends one).
    """
    kind, sub = (re.escape(part) for part in variant.media_type.split("/"))
    charset = r"\s*;\s*charset=(?:utf-8|\x22utf-8\x22)"  # \x22: a double quote
    tail = r"\s*(?:;\s*q=(?:(0)(?:\.([0-9]{0,3}))?|(1)(?:\.0{0,3})?)\s*(?:;[^,]*)?)?\s*(?:,|$)"
    start = r"(?:^|,)\s*"
    return (
        (1, rf"{start}\*/\*(?:{charset})*{tail}"),
        (2, rf"{start}{kind}/\*(?:{charset})*{tail}"),
        (3, rf"{start}{kind}/{sub}{tail}"),
        (4, rf"{start}{kind}/{sub}(?:{charset})+{tail}"),
    )


# --------------------------------------------------------------------------- the server files


def server_values(
    *, base: str, base_url: str, license_iri: str, items: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """What ``htaccess.j2``, ``nginx.conf.j2`` and ``conneg.js.j2`` are rendered with.

    ``apache_links`` and ``nginx_links`` are the :class:`Signposts` in each server's variables.
    """
    parts = urlsplit(base_url)

    def links(path: str, stem: str) -> Signposts:
        return signposts(
            base=base, base_url=base_url, license_iri=license_iri, items=items, path=path, stem=stem
        )

    return {
        "rules": RULES,
        "variants": VARIANTS,
        "media_types": MEDIA_TYPES,
        "base": base,
        "base_url": base_url,
        "prefix": parts.path or "/",
        "forward": base_url != base,
        "here": re.escape(parts.netloc + (parts.path or "/")),
        "ranges": {v.key: apache_ranges(v) for v in VARIANTS},
        "apache_links": links("%{KZR_PATH}e", "%{KZR_STEM}e"),
        "nginx_links": links("$kzreforms_path", "$kzreforms_file"),
    }


__all__ = [
    "MEDIA_TYPES",
    "PATH",
    "RULES",
    "SEGMENT",
    "VARIANTS",
    "MediaRange",
    "Rule",
    "Signposts",
    "Variant",
    "apache_ranges",
    "choose",
    "negotiate",
    "parse_accept",
    "quality",
    "server_values",
    "signposts",
]
