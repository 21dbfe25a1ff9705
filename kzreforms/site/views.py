"""The page views of the published site: small frozen dataclasses the templates read.

:mod:`kzreforms.sitemodel` fills them from the graph; nothing here reads RDF.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Value:
    """One term as shown to people: a label, where it links, and a note (datatype, unit …)."""

    text: str
    href: str | None = None
    """A site-relative path (``id/x.html``) or an absolute IRI for terms outside the site."""
    note: str = ""
    iri: str | None = None
    long: bool = False
    """True for literals that hold line breaks (shown preformatted)."""


@dataclass(frozen=True)
class Row:
    """One property of a resource and its values."""

    predicate: Value
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Segment:
    """A run of source text with the same claims over it, outermost claim first."""

    text: str
    claims: tuple[str, ...] = ()
    first: tuple[str, ...] = ()
    """The claims whose first segment this is (they get their ``id`` here)."""
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextLine:
    """What an outside source says about a claim: the editors' note, never the speaker's words."""

    kind: Value
    """Background the statement leaves unsaid, or an outcome since it."""
    relation: Value | None
    """How it bears on the claim: confirms, qualifies, supersedes, contradicts."""
    text: str
    note: Value
    sources: tuple[Value, ...]
    """Each source, linked to its URL, labelled by its publisher or title."""


@dataclass(frozen=True)
class Thing:
    """Something a claim is about, with its kind and its facts."""

    value: Value
    kinds: tuple[Value, ...]
    facts: tuple[Row, ...]


@dataclass(frozen=True)
class ClaimView:
    """A claim's structured data, shown in its panel on the statement page and on its own page."""

    slug: str
    label: str
    href: str
    quote: str
    start: int
    end: int
    section: Value | None
    attributed: tuple[Value, ...]
    about: tuple[Thing, ...]
    quantities: tuple[Value, ...]
    asserts: tuple[Row, ...] = ()
    """What the claim asserts (status, direction, values …): the speaker's words, not facts."""
    context: tuple[ContextLine, ...] = ()
    """Context notes of the editors about this claim, from outside sources."""


@dataclass(frozen=True)
class StatementView:
    """A source text cut into segments at every claim boundary."""

    path: str
    title: str
    source: Value
    statement: Value | None
    segments: tuple[Segment, ...]
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True)
class ResourceView:
    """Everything a resource's own page shows."""

    iri: str
    path: str
    title: str
    kinds: tuple[Value, ...]
    descriptions: tuple[str, ...]
    rows: tuple[Row, ...]
    incoming: tuple[tuple[Value, Value], ...]
    jsonld: str
    claim: ClaimView | None = None
    quote: str | None = None
    read_at: str | None = None
    """Where the resource's words are highlighted on a statement page."""


@dataclass(frozen=True)
class ResourceGroup:
    """The resources of one kind on the resource index."""

    label: str
    anchor: str
    members: tuple[Value, ...]
    anchoring: bool = False
    """True for text-anchoring records (selectors, targets), listed apart."""


@dataclass(frozen=True)
class PropertyShapeView:
    """A property shape: its path, name, message and a short summary of its constraints."""

    path: Value
    name: str
    message: str
    constraints: str
    severity: str


@dataclass(frozen=True)
class ShapeView:
    """A node shape that targets a class, with its property shapes."""

    anchor: str
    iri: str
    name: str
    description: str
    properties: tuple[PropertyShapeView, ...]
    targets: tuple[Value, ...] = ()
    """The classes a shape shared by several classes targets (empty for a class's own shape)."""


@dataclass(frozen=True)
class TermView:
    """One class or property of the ontology."""

    anchor: str
    iri: str
    label: str
    kind: str
    definitions: tuple[str, ...]
    rows: tuple[Row, ...]
    shapes: tuple[ShapeView, ...] = ()
    """The shapes that target this class alone."""
    shared_shapes: tuple[Value, ...] = ()
    """Links to the shapes this class shares with others (listed once on the page)."""


@dataclass(frozen=True)
class SchemeView:
    """A SKOS concept scheme and its concepts."""

    value: Value
    definition: str
    concepts: tuple[tuple[Value, str], ...]


@dataclass(frozen=True)
class OntologyView:
    """The ontology page: header facts, classes, properties, concept schemes."""

    title: str
    iri: str
    facts: tuple[Row, ...]
    description: str
    classes: tuple[TermView, ...]
    object_properties: tuple[TermView, ...]
    datatype_properties: tuple[TermView, ...]
    schemes: tuple[SchemeView, ...]
    shared_shapes: tuple[ShapeView, ...] = ()
    """The shapes that target several classes, each listed once."""
