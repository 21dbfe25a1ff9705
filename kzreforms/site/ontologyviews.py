"""The ontology view: its classes and properties, concept schemes and the shapes on each class."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, SH, VANN
from rdflib.term import Node

from ..namespaces import KZR, ONTOLOGY_IRI
from .model import SiteModel
from .views import OntologyView, PropertyShapeView, Row, SchemeView, ShapeView, TermView, Value

_ALIGNMENTS = (
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    RDFS.seeAlso,
)


def ontology_view(model: SiteModel) -> OntologyView:
    g = model.graph
    header = URIRef(ONTOLOGY_IRI)
    facts = model.rows(header, hide=(VANN.preferredNamespaceUri,))
    classes, objects, datatypes = [], [], []
    for term in model.ontology_terms():
        if (term, RDF.type, OWL.Class) in g or (term, RDF.type, RDFS.Class) in g:
            classes.append(term_view(model, term, "Class"))
        elif (term, RDF.type, OWL.DatatypeProperty) in g:
            datatypes.append(term_view(model, term, "Datatype property"))
        else:
            objects.append(term_view(model, term, "Object property"))
    schemes = []
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme)):  # type: ignore[type-var]
        concepts = sorted(
            (model.value(c), " ".join(model.texts(c, (SKOS.definition,))))
            for c in g.subjects(SKOS.inScheme, scheme)
        )
        definition = " ".join(model.texts(scheme, (SKOS.definition,)))
        schemes.append(SchemeView(model.value(scheme), definition, tuple(concepts)))
    key = lambda t: t.label.lower()  # noqa: E731
    return OntologyView(
        title=model.label(header),
        iri=ONTOLOGY_IRI,
        facts=facts,
        description=" ".join(model.texts(header, (DCTERMS.description,))),
        classes=tuple(sorted(classes, key=key)),
        object_properties=tuple(sorted(objects, key=key)),
        datatype_properties=tuple(sorted(datatypes, key=key)),
        schemes=tuple(schemes),
        shared_shapes=shared_shape_views(model),
    )


def term_view(model: SiteModel, term: URIRef, kind: str) -> TermView:
    g = model.graph
    rows: list[Row] = []

    def add(name: str, values: Iterable[Node]) -> None:
        shown = tuple(sorted({model.value(v) for v in values}))
        if shown:
            rows.append(Row(Value(name), shown))

    add("Subclass of", g.objects(term, RDFS.subClassOf))
    add("Superclass of", g.subjects(RDFS.subClassOf, term))
    add("Subproperty of", g.objects(term, RDFS.subPropertyOf))
    add("Superproperty of", g.subjects(RDFS.subPropertyOf, term))
    add("Domain", g.objects(term, RDFS.domain))
    add("Range", g.objects(term, RDFS.range))
    add("Properties with this domain", g.subjects(RDFS.domain, term))
    add("Properties with this range", g.subjects(RDFS.range, term))
    for predicate in _ALIGNMENTS:
        add(model.label(predicate), g.objects(term, predicate))
    add("Comment", g.objects(term, RDFS.comment))
    return TermView(
        anchor=str(term)[len(str(KZR)) :],
        iri=str(term),
        label=model.label(term),
        kind=kind,
        definitions=model.texts(term, (SKOS.definition,)),
        rows=tuple(rows),
        shapes=shapes_of(model, term),
        shared_shapes=shared_shape_links(model, term),
    )


def shapes_of(model: SiteModel, cls: URIRef) -> tuple[ShapeView, ...]:
    """The node shapes that target ``cls`` and no other class, with their property shapes."""
    shared = shared_shapes(model)
    out = []
    for shape in sorted(model.shapes.subjects(SH.targetClass, cls)):  # type: ignore[type-var]
        if shape not in shared:
            local = _local(shape)
            out.append(_shape_view(model, shape, f"{str(cls)[len(str(KZR)) :]}--{local}"))
    return tuple(out)


def shared_shapes(model: SiteModel) -> dict[Node, str]:
    """The node shapes that target several classes, each with its one anchor on the page."""
    targets: dict[Node, int] = defaultdict(int)
    for shape in model.shapes.subjects(SH.targetClass, None):
        targets[shape] += 1
    return {s: f"shape-{_local(s)}" for s, n in targets.items() if n > 1}


def shared_shape_views(model: SiteModel) -> tuple[ShapeView, ...]:
    """Each shared shape once, with links to the classes it targets."""
    out = []
    for shape, anchor in sorted(shared_shapes(model).items()):
        targets = sorted({model.value(c) for c in model.shapes.objects(shape, SH.targetClass)})
        out.append(_shape_view(model, shape, anchor, tuple(targets)))
    return tuple(sorted(out, key=lambda v: (v.name.lower(), v.iri)))


def shared_shape_links(model: SiteModel, cls: URIRef) -> tuple[Value, ...]:
    """Links to the shared shapes that target ``cls``."""
    shared = shared_shapes(model)
    links = {
        Value(" ".join(_shape_texts(model, s, SH.name)) or _local(s), f"#{shared[s]}", iri=str(s))
        for s in model.shapes.subjects(SH.targetClass, cls)
        if s in shared
    }
    return tuple(sorted(links))


def _shape_view(
    model: SiteModel, shape: Node, anchor: str, targets: tuple[Value, ...] = ()
) -> ShapeView:
    s = model.shapes
    properties = []
    for prop in s.objects(shape, SH.property):
        path = s.value(prop, SH.path)
        severity = s.value(prop, SH.severity) or s.value(shape, SH.severity) or SH.Violation
        properties.append(
            PropertyShapeView(
                path=model.value(path) if isinstance(path, URIRef) else Value("(path)"),
                name=" ".join(_shape_texts(model, prop, SH.name)),
                message=" ".join(_shape_texts(model, prop, SH.message)),
                constraints=_constraints(model, prop),
                severity=str(severity).rsplit("#", 1)[-1],
            )
        )
    return ShapeView(
        anchor=anchor,
        iri=str(shape),
        name=" ".join(_shape_texts(model, shape, SH.name)) or _local(shape),
        description=" ".join(_shape_texts(model, shape, SH.description)),
        properties=tuple(sorted(properties, key=lambda p: (p.path.text, p.name))),
        targets=targets,
    )


def _shape_texts(model: SiteModel, node: Node, predicate: URIRef) -> list[str]:
    return sorted(
        str(o)
        for o in model.shapes.objects(node, predicate)
        if isinstance(o, Literal) and o.language in (None, "en")
    )


def _constraints(model: SiteModel, prop: Node) -> str:
    s = model.shapes
    parts = []
    low = s.value(prop, SH.minCount)
    high = s.value(prop, SH.maxCount)
    if low is not None or high is not None:
        parts.append(f"{low if low is not None else 0}..{high if high is not None else '*'}")
    for predicate, name in ((SH.datatype, ""), (SH["class"], "class "), (SH.nodeKind, "")):
        for o in sorted(s.objects(prop, predicate)):  # type: ignore[type-var]
            parts.append(f"{name}{model.label(o)}")
    return " · ".join(parts)


def _local(shape: Node) -> str:
    """The local name of a shape's IRI (after ``#`` or the last ``/``)."""
    return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


__all__ = [
    "ontology_view",
    "shapes_of",
    "shared_shape_links",
    "shared_shape_views",
    "shared_shapes",
    "term_view",
]
