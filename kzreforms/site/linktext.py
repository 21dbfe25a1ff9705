"""Link texts for the records that carry no label of their own.

The text-anchoring records (Web Annotation targets and selectors), note bodies,
name records and sources are named by what they hold or what they belong to
(``Words “a single seven-year presidential…”``, ``Characters 429–487: …``),
never by their prefixed name (``kzd:claim-…-position``).
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from ..namespaces import KZR, OA

#: How much of a quote or a note a link text shows.
SHOWN = 48

_LANGUAGES = {"en": "English", "kk": "Kazakh", "ru": "Russian"}


def opening(text: str, limit: int = SHOWN) -> str:
    """The start of ``text`` on one line, cut at a word with "…" when longer than ``limit``.

    >>> opening("a single seven-year presidential term has been established", 30)
    'a single seven-year…'
    """
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
    return cut.rstrip(",;:.–-— ") + "…"


def derived_label(graph: Graph, term: Node, label: Callable[[Node], str]) -> str | None:
    """A human link text for an unlabelled record, from what it holds; None if it is no such record.

    :param label: how the caller labels other terms (used for what a record belongs to).
    """
    if not isinstance(term, URIRef):
        return None
    kinds = set(graph.objects(term, RDF.type))
    if OA.TextQuoteSelector in kinds:
        exact = graph.value(term, OA.exact)
        return f"Words “{opening(str(exact))}”" if exact is not None else None
    if OA.TextPositionSelector in kinds:
        start, end = graph.value(term, OA.start), graph.value(term, OA.end)
        where = f"Characters {start}–{end}" if start is not None and end is not None else "Position"
        for target in graph.subjects(OA.hasSelector, term):
            for sibling in sorted(graph.objects(target, OA.hasSelector)):  # type: ignore[type-var]
                exact = graph.value(sibling, OA.exact)
                if exact is not None:
                    return f"{where}: “{opening(str(exact))}”"
            return f"{where} of {label(target)}"
        return where
    if OA.SpecificResource in kinds:
        for owner in sorted(graph.subjects(KZR.textTarget, term)):  # type: ignore[type-var]
            return f"Words of {label(owner)}"
        return None
    if OA.TextualBody in kinds:
        value = graph.value(term, RDF.value)
        return f"Note text “{opening(str(value))}”" if value is not None else None
    if KZR.NameRecord in kinds:
        name = graph.value(term, KZR.name)
        if not isinstance(name, Literal):
            return None
        language = _LANGUAGES.get(name.language or "", name.language or "")
        return f"Name in {language}: {name}" if language else f"Name: {name}"
    if KZR.Source in kinds:
        publisher = graph.value(term, DCTERMS.publisher)
        issued = graph.value(term, DCTERMS.issued)
        if publisher is None:
            return None
        who = label(publisher) if isinstance(publisher, URIRef) else str(publisher)
        return f"{who}, {issued}" if issued is not None else who
    return None
