"""The claim and statement views: each claim with its quote, and the statement cut at its claims."""

from __future__ import annotations

from rdflib import RDF, RDFS, BNode, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO

from ..namespaces import DATA_IRI, KZC, KZR, OA
from .model import SiteModel, path_of
from .views import ClaimView, ContextLine, Segment, StatementView, Thing, Value


def claim_view(model: SiteModel, claim: URIRef) -> ClaimView | None:
    where = model.selection(claim)
    if where is None:
        return None
    _, start, end, exact = where
    section = model.graph.value(claim, KZR.inSection)
    about = []
    skip = {KZR.textTarget, RDF.value}
    named = set(model.graph.objects(claim, KZR.claimSubject))
    named |= set(model.graph.objects(claim, KZR.about))
    for thing in sorted(named):  # type: ignore[type-var]
        facts = model.rows(thing, hide=skip)
        about.append(Thing(model.value(thing), model.kinds(thing), facts))
    stated = {KZR.statedQuantity, *model.graph.subjects(RDFS.subPropertyOf, KZR.statedQuantity)}
    quantities = tuple(
        sorted({model.value(q) for p in stated for q in model.graph.objects(claim, p)})
    )
    provenance = {KZR.textTarget, KZR.inSection, KZR.about, KZR.claimSubject, RDF.value}
    provenance |= {PROV.wasAttributedTo, SDO.appearance}
    asserts = model.rows(claim, hide=provenance)
    attributed = tuple(
        sorted(model.value(a) for a in model.graph.objects(claim, PROV.wasAttributedTo))
    )
    return ClaimView(
        slug=path_of(claim, DATA_IRI) or "",
        label=model.label(claim),
        href=model.pages[claim],
        quote=exact,
        start=start,
        end=end,
        section=model.value(section) if section is not None else None,
        attributed=attributed,
        about=tuple(about),
        quantities=quantities,
        asserts=asserts,
        context=context_lines(model, claim),
    )


def context_lines(model: SiteModel, claim: URIRef) -> tuple[ContextLine, ...]:
    """The editors' context notes that target ``claim``, outcomes first, with sources."""
    lines = []
    for note in model.graph.subjects(OA.hasTarget, claim):
        if (note, RDF.type, KZR.ContextNote) not in model.graph:
            continue
        kind = model.graph.value(note, KZR.noteKind)
        relation = model.graph.value(note, KZR.relationToClaim)
        body = model.graph.value(model.graph.value(note, OA.hasBody), RDF.value)
        sources = []
        for source in model.graph.objects(note, DCTERMS.source):
            url = model.graph.value(source, SDO.url)
            name = model.graph.value(source, DCTERMS.title) or model.graph.value(
                source, DCTERMS.publisher
            )
            if isinstance(name, URIRef | BNode):
                name = model.graph.value(name, RDFS.label) or name
            sources.append(
                Value(str(name or url or source), str(url) if url else "", iri=str(source))
            )
        lines.append(
            ContextLine(
                kind=model.value(kind) if kind is not None else Value("Context"),
                relation=model.value(relation) if relation is not None else None,
                text=str(body or model.label(note)),
                note=model.value(note),
                sources=tuple(sorted(sources, key=lambda s: (s.text, s.href or ""))),
            )
        )
    outcome = str(KZC["context-outcome"])
    return tuple(sorted(lines, key=lambda c: (c.kind.iri != outcome, c.note.iri)))


def statement_view(model: SiteModel, source: URIRef) -> StatementView:
    """Cut the text of ``source`` at every claim boundary (nested, overlapping claims too)."""
    text = str(model.graph.value(source, RDF.value))
    spans: list[tuple[int, int, str, ClaimView]] = []
    for claim in model.claims():
        where = model.selection(claim)
        if where is None or where[0] != source:
            continue  # the claim is read in another source: build its view there only
        view = claim_view(model, claim)
        if view is None:
            continue
        _, start, end, _ = where
        if 0 <= start < end <= len(text):
            spans.append((start, end, view.slug, view))
    spans.sort(key=lambda s: (s[0], -s[1], s[2]))
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    segments: list[Segment] = []
    started: set[str] = set()
    labels = {slug: view.label for _, _, slug, view in spans}
    for left, right in zip(cuts, cuts[1:], strict=False):
        over = tuple(slug for start, end, slug, _ in spans if start <= left and right <= end)
        first = tuple(slug for slug in over if slug not in started)
        started.update(over)
        segments.append(Segment(text[left:right], over, first, tuple(labels[s] for s in over)))
    statement = model.graph.value(source, DCTERMS.isPartOf)
    return StatementView(
        path=model.statement_path(source),
        title=model.label(statement) if statement is not None else model.label(source),
        source=model.value(source),
        statement=model.value(statement) if statement is not None else None,
        segments=tuple(segments),
        claims=tuple(view for *_, view in spans),
    )


__all__ = ["claim_view", "context_lines", "statement_view"]
