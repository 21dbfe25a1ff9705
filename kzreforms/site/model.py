"""The page model of the published site: what each page shows, read from the graph.

Nothing here writes HTML. Each function turns part of the graph into small
frozen dataclasses (labels instead of IRIs, site-relative links, everything
sorted) that :mod:`kzreforms.site` hands to the Jinja2 templates.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SDO, SH, VANN
from rdflib.term import Node

from ..dataset import jsonld_context
from ..errors import InputError
from ..formats import get_format
from ..namespaces import CONCEPT_IRI, DATA_IRI, KZC, KZR, OA, ONTOLOGY_IRI
from ..writers import serialize
from .conneg import PATH
from .labels import ANCHORING_KINDS, TERM_LABELS
from .linktext import derived_label
from .views import (
    ClaimView,
    ContextLine,
    OntologyView,
    PropertyShapeView,
    ResourceGroup,
    ResourceView,
    Row,
    SchemeView,
    Segment,
    ShapeView,
    StatementView,
    TermView,
    Thing,
    Value,
)

#: The statement page of the first source text; others get ``statement-{slug}.html``.
STATEMENT_PAGE = "statement.html"

_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SH.name)
_DESCRIPTIONS = (SKOS.definition, DCTERMS.description, RDFS.comment, SH.description)
_HIDDEN = {RDF.type, *_LABELS, *_DESCRIPTIONS}
#: Display symbols of the QUDT units the data uses; other units show their local name.
_UNITS = {"PERCENT": "%", "YR": "years", "NUM": "", "MO": "months", "DAY": "days"}
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


def slug_of(term: Node, namespace: str) -> str | None:
    """Return the local part of ``term`` in ``namespace`` when it is a simple path segment."""
    text = str(term)
    if not isinstance(term, URIRef) or not text.startswith(namespace):
        return None
    local = text[len(namespace) :]
    if not local or any(c in local for c in "/#?.%") or local.startswith("-"):
        return None
    return local


def path_of(term: Node, namespace: str) -> str | None:
    """Return the local part of ``term`` in ``namespace`` when it can be a page's path.

    That is one or more path segments joined by ``/`` (:data:`kzreforms.site.conneg.PATH`:
    no ``.``, ``#``, ``?``, ``%``, quotes or spaces), none starting with ``-``, so
    that the page ``{local}.html`` and the IRI map onto each other one to one.

    >>> path_of(URIRef("https://w3id.org/kzreforms/id/bench-0000/claim-1"), DATA_IRI)
    'bench-0000/claim-1'
    >>> path_of(URIRef("https://w3id.org/kzreforms/id/a//b"), DATA_IRI) is None
    True
    """
    text = str(term)
    if not isinstance(term, URIRef) or not text.startswith(namespace):
        return None
    local = text[len(namespace) :]
    if not re.fullmatch(PATH, local) or any(part.startswith("-") for part in local.split("/")):
        return None
    return local


@dataclass
class SiteModel:
    """The whole graph (all named graphs merged) and how its terms map to site paths."""

    graph: Graph
    shapes: Graph
    pages: dict[URIRef, str] = field(default_factory=dict)
    anchors: dict[URIRef, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        g = self.graph
        for subject in sorted({s for s in g.subjects() if isinstance(s, URIRef)}):
            for namespace, folder in ((DATA_IRI, "id"), (CONCEPT_IRI, "concept")):
                if not str(subject).startswith(namespace) or str(subject) == CONCEPT_IRI:
                    continue
                local = path_of(subject, namespace)
                if local is None or (folder, local) == ("concept", "index"):
                    raise InputError(
                        f"<{subject}>: no page of the site can be made for this IRI; after "
                        f"{folder}/ give path segments joined by '/', none empty or starting "
                        "with '-', without '.', '#', '?', '%', '&', quotes, spaces or backslashes"
                    )
                self.pages[subject] = f"{folder}/{local}.html"
        for term in self.ontology_terms():
            self.anchors[term] = f"ontology.html#{str(term)[len(str(KZR)) :]}"
        if (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in g:
            self.anchors[URIRef(ONTOLOGY_IRI)] = "ontology.html"
        self.anchors[URIRef(CONCEPT_IRI)] = "concept/index.html"

    # ------------------------------------------------------------------ terms

    def ontology_terms(self) -> list[URIRef]:
        """The classes and properties declared in the project's ontology namespace, sorted."""
        kinds = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
        found = {
            s
            for kind in kinds
            for s in self.graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(KZR)) and str(s) != str(KZR)
        }
        return sorted(found)

    def href(self, term: Node) -> str | None:
        """Return the site path of ``term``, its IRI if it is elsewhere, or None for literals."""
        if isinstance(term, URIRef):
            return self.pages.get(term) or self.anchors.get(term) or str(term)
        return None

    def label(self, term: Node) -> str:
        """Return the English (or untagged, or any) label of ``term``, else a prefixed name."""
        if isinstance(term, Literal):
            return str(term)
        candidates: list[Literal] = [
            o for p in _LABELS for o in self.graph.objects(term, p) if isinstance(o, Literal)
        ]
        for wanted in ("en", None):
            for literal in candidates:
                if literal.language == wanted:
                    return str(literal)
        if candidates:
            return str(candidates[0])
        if str(term) in TERM_LABELS:
            return TERM_LABELS[str(term)]
        derived = derived_label(self.graph, term, self.label)
        if derived is not None:
            return derived
        if isinstance(term, URIRef):
            try:
                prefix, _, local = self.graph.namespace_manager.compute_qname(term, False)
                return f"{prefix}:{local}" if prefix else str(term)
            except Exception:
                return str(term)
        return "(unnamed)"

    def texts(self, term: Node, predicates: Iterable[URIRef]) -> tuple[str, ...]:
        """Return the English or untagged literal values of ``predicates``, in order, sorted."""
        out: list[str] = []
        for predicate in predicates:
            values = [
                o
                for o in self.graph.objects(term, predicate)
                if isinstance(o, Literal) and o.language in (None, "en")
            ]
            out += sorted(str(v) for v in values)
        return tuple(out)

    def value(self, term: Node) -> Value:
        """Describe one term for people (a quantity gets its number, unit and exactness)."""
        if isinstance(term, Literal):
            note = ""
            if term.language:
                note = term.language
            elif term.datatype and term.datatype != XSD.string:
                note = self.label(term.datatype)
            return Value(str(term), note=note, long="\n" in str(term))
        note = self.quantity_note(term)
        return Value(self.label(term), self.href(term), note, str(term))

    def quantity_note(self, term: Node) -> str:
        """Return "77.18 % · exact · stated as “almost 80% (77.18%)”" for a quantity, else ""."""
        number = self.graph.value(term, SDO.value)
        if number is None:
            return ""
        parts = [_number(number)]
        unit = self.graph.value(term, SDO.unitCode)
        unit_text = self.graph.value(term, SDO.unitText)
        symbol = _UNITS.get(str(unit).rsplit("/", 1)[-1], str(unit).rsplit("/", 1)[-1])
        if unit is not None and symbol:
            parts[0] += f" {symbol}" if symbol != "%" else "%"
        elif unit_text is not None:
            parts[0] += f" {unit_text}"
        total = self.graph.value(term, KZR.outOf)
        if total is not None:
            parts[0] += f" out of {total}"
        exactness = self.graph.value(term, KZR.exactness)
        if exactness is not None:
            parts.append(self.label(exactness).lower())
        stated = self.graph.value(term, KZR.statedAs)
        if stated is not None:
            parts.append(f"stated as “{stated}”")
        return " · ".join(parts)

    def rows(self, subject: Node, hide: Iterable[URIRef] = ()) -> tuple[Row, ...]:
        """The properties of ``subject`` (except types, labels and descriptions), sorted."""
        hidden = {*_HIDDEN, *hide}
        grouped: dict[URIRef, list[Value]] = defaultdict(list)
        for predicate, obj in self.graph.predicate_objects(subject):
            if predicate not in hidden:
                grouped[predicate].append(self.value(obj))  # type: ignore[index]
        rows = [Row(self.value(p), tuple(sorted(set(vs)))) for p, vs in grouped.items()]
        return tuple(sorted(rows, key=lambda r: (r.predicate.text.lower(), r.predicate.iri)))

    def kinds(self, subject: Node) -> tuple[Value, ...]:
        """The types of ``subject``: the project's own when it has some, else the labelled ones."""
        types = set(self.graph.objects(subject, RDF.type))
        own = {t for t in types if str(t).startswith(str(KZR))}
        types = own or types
        named = {
            t
            for t in types
            if str(t) in TERM_LABELS or any(self.graph.objects(t, p) for p in _LABELS)
        }
        return tuple(sorted({self.value(t) for t in (named or types)}))

    # ------------------------------------------------------------------ text targets

    def selection(self, subject: Node) -> tuple[URIRef, int, int, str] | None:
        """Return (source, start, end, exact words) of the first text target of ``subject``."""
        for target in sorted(self.graph.objects(subject, KZR.textTarget)):  # type: ignore[type-var]
            source = self.graph.value(target, OA.hasSource)
            start = end = None
            exact = ""
            for selector in self.graph.objects(target, OA.hasSelector):
                if (selector, RDF.type, OA.TextPositionSelector) in self.graph:
                    start = self.graph.value(selector, OA.start)
                    end = self.graph.value(selector, OA.end)
                exact = str(self.graph.value(selector, OA.exact) or exact)
            if isinstance(source, URIRef) and start is not None and end is not None:
                return source, int(start), int(end), exact  # type: ignore[call-overload]
        return None

    def source_texts(self) -> list[URIRef]:
        """The source texts that hold their words as ``rdf:value``, sorted by IRI."""
        return sorted(
            s
            for s in self.graph.subjects(RDF.type, KZR.SourceText)
            if isinstance(s, URIRef) and isinstance(self.graph.value(s, RDF.value), Literal)
        )

    def statement_path(self, source: URIRef) -> str:
        texts = self.source_texts()
        if texts and source == texts[0]:
            return STATEMENT_PAGE
        return f"statement-{slug_of(source, DATA_IRI) or texts.index(source)}.html"

    # ------------------------------------------------------------------ claims

    def claims(self) -> list[URIRef]:
        return sorted(
            s
            for s in self.graph.subjects(RDF.type, KZR.Claim)
            if isinstance(s, URIRef) and s in self.pages
        )

    def claim_view(self, claim: URIRef) -> ClaimView | None:
        where = self.selection(claim)
        if where is None:
            return None
        _, start, end, exact = where
        section = self.graph.value(claim, KZR.inSection)
        about = []
        skip = {KZR.textTarget, RDF.value}
        named = set(self.graph.objects(claim, KZR.claimSubject))
        named |= set(self.graph.objects(claim, KZR.about))
        for thing in sorted(named):  # type: ignore[type-var]
            facts = self.rows(thing, hide=skip)
            about.append(Thing(self.value(thing), self.kinds(thing), facts))
        stated = {KZR.statedQuantity, *self.graph.subjects(RDFS.subPropertyOf, KZR.statedQuantity)}
        quantities = tuple(
            sorted({self.value(q) for p in stated for q in self.graph.objects(claim, p)})
        )
        provenance = {KZR.textTarget, KZR.inSection, KZR.about, KZR.claimSubject, RDF.value}
        provenance |= {PROV.wasAttributedTo, SDO.appearance}
        asserts = self.rows(claim, hide=provenance)
        attributed = tuple(
            sorted(self.value(a) for a in self.graph.objects(claim, PROV.wasAttributedTo))
        )
        return ClaimView(
            slug=path_of(claim, DATA_IRI) or "",
            label=self.label(claim),
            href=self.pages[claim],
            quote=exact,
            start=start,
            end=end,
            section=self.value(section) if section is not None else None,
            attributed=attributed,
            about=tuple(about),
            quantities=quantities,
            asserts=asserts,
            context=self.context_lines(claim),
        )

    def context_lines(self, claim: URIRef) -> tuple[ContextLine, ...]:
        """The editors' context notes that target ``claim``, outcomes first, with sources."""
        lines = []
        for note in self.graph.subjects(OA.hasTarget, claim):
            if (note, RDF.type, KZR.ContextNote) not in self.graph:
                continue
            kind = self.graph.value(note, KZR.noteKind)
            relation = self.graph.value(note, KZR.relationToClaim)
            body = self.graph.value(self.graph.value(note, OA.hasBody), RDF.value)
            sources = []
            for source in self.graph.objects(note, DCTERMS.source):
                url = self.graph.value(source, SDO.url)
                name = self.graph.value(source, DCTERMS.title) or self.graph.value(
                    source, DCTERMS.publisher
                )
                if isinstance(name, URIRef | BNode):
                    name = self.graph.value(name, RDFS.label) or name
                sources.append(
                    Value(str(name or url or source), str(url) if url else "", iri=str(source))
                )
            lines.append(
                ContextLine(
                    kind=self.value(kind) if kind is not None else Value("Context"),
                    relation=self.value(relation) if relation is not None else None,
                    text=str(body or self.label(note)),
                    note=self.value(note),
                    sources=tuple(sorted(sources, key=lambda s: (s.text, s.href or ""))),
                )
            )
        outcome = str(KZC["context-outcome"])
        return tuple(sorted(lines, key=lambda c: (c.kind.iri != outcome, c.note.iri)))

    def statement_view(self, source: URIRef) -> StatementView:
        """Cut the text of ``source`` at every claim boundary (nested, overlapping claims too)."""
        text = str(self.graph.value(source, RDF.value))
        spans: list[tuple[int, int, str, ClaimView]] = []
        for claim in self.claims():
            where = self.selection(claim)
            view = self.claim_view(claim)
            if where is None or view is None or where[0] != source:
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
        statement = self.graph.value(source, DCTERMS.isPartOf)
        return StatementView(
            path=self.statement_path(source),
            title=self.label(statement) if statement is not None else self.label(source),
            source=self.value(source),
            statement=self.value(statement) if statement is not None else None,
            segments=tuple(segments),
            claims=tuple(view for *_, view in spans),
        )

    # ------------------------------------------------------------------ resources

    def resource_view(self, subject: URIRef, jsonld: str) -> ResourceView:
        incoming = sorted(
            {
                (self.value(s), self.value(p))
                for s, p in self.graph.subject_predicates(subject)
                if isinstance(s, URIRef)
            }
        )
        view = self.claim_view(subject) if (subject, RDF.type, KZR.Claim) in self.graph else None
        where = self.selection(subject)
        read_at = None
        if where is not None and where[0] in self.source_texts():
            read_at = self.statement_path(where[0])
            if view is not None:
                read_at += f"#{view.slug}"
        if (subject, RDF.type, KZR.SourceText) in self.graph and subject in self.source_texts():
            read_at = self.statement_path(subject)
        return ResourceView(
            iri=str(subject),
            path=self.pages[subject],
            title=self.label(subject),
            kinds=self.kinds(subject),
            descriptions=self.texts(subject, _DESCRIPTIONS),
            rows=self.rows(subject),
            incoming=tuple(incoming),
            jsonld=jsonld,
            claim=view,
            quote=where[3] if where else None,
            read_at=read_at,
        )

    def resource_groups(self) -> list[ResourceGroup]:
        """Resources grouped by their most specific kind (the type with the fewest members).

        The text-anchoring records (Web Annotation targets and selectors) come last,
        flagged so the index can show them apart from the resources people look for.
        """
        g = self.graph
        members: dict[Node, int] = defaultdict(int)
        for subject in self.pages:
            for kind in g.objects(subject, RDF.type):
                members[kind] += 1
        groups: dict[str, list[Value]] = defaultdict(list)
        anchoring: set[str] = set()
        for subject in self.pages:
            kinds = sorted(g.objects(subject, RDF.type), key=lambda k: (members[k], str(k)))
            name = self.label(kinds[0]) if kinds else "Other"
            if kinds and str(kinds[0]) in ANCHORING_KINDS:
                anchoring.add(name)
            groups[name].append(Value(self.label(subject), self.pages[subject], iri=str(subject)))
        out = []
        for name in sorted(groups, key=lambda n: (n in anchoring, n.lower())):
            anchor = "kind-" + "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
            items = sorted(groups[name], key=lambda v: (v.text.lower(), v.iri or ""))
            out.append(ResourceGroup(name, anchor, tuple(items), name in anchoring))
        return out

    def own_triples(self, subject: URIRef) -> Graph:
        """The triples about ``subject`` (and blank nodes below it), with the dataset's prefixes."""
        out = Graph(bind_namespaces="none")
        for prefix, namespace in self.graph.namespaces():
            out.bind(prefix, namespace, override=False)
        todo: list[Node] = [subject]
        seen: set[Node] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in self.graph.predicate_objects(node):
                out.add((node, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
        return out

    # ------------------------------------------------------------------ ontology

    def ontology_view(self) -> OntologyView:
        g = self.graph
        header = URIRef(ONTOLOGY_IRI)
        facts = self.rows(header, hide=(VANN.preferredNamespaceUri,))
        classes, objects, datatypes = [], [], []
        for term in self.ontology_terms():
            if (term, RDF.type, OWL.Class) in g or (term, RDF.type, RDFS.Class) in g:
                classes.append(self.term_view(term, "Class"))
            elif (term, RDF.type, OWL.DatatypeProperty) in g:
                datatypes.append(self.term_view(term, "Datatype property"))
            else:
                objects.append(self.term_view(term, "Object property"))
        schemes = []
        for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme)):  # type: ignore[type-var]
            concepts = sorted(
                (self.value(c), " ".join(self.texts(c, (SKOS.definition,))))
                for c in g.subjects(SKOS.inScheme, scheme)
            )
            definition = " ".join(self.texts(scheme, (SKOS.definition,)))
            schemes.append(SchemeView(self.value(scheme), definition, tuple(concepts)))
        key = lambda t: t.label.lower()  # noqa: E731
        return OntologyView(
            title=self.label(header),
            iri=ONTOLOGY_IRI,
            facts=facts,
            description=" ".join(self.texts(header, (DCTERMS.description,))),
            classes=tuple(sorted(classes, key=key)),
            object_properties=tuple(sorted(objects, key=key)),
            datatype_properties=tuple(sorted(datatypes, key=key)),
            schemes=tuple(schemes),
            shared_shapes=self.shared_shape_views(),
        )

    def term_view(self, term: URIRef, kind: str) -> TermView:
        g = self.graph
        rows: list[Row] = []

        def add(name: str, values: Iterable[Node]) -> None:
            shown = tuple(sorted({self.value(v) for v in values}))
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
            add(self.label(predicate), g.objects(term, predicate))
        add("Comment", g.objects(term, RDFS.comment))
        return TermView(
            anchor=str(term)[len(str(KZR)) :],
            iri=str(term),
            label=self.label(term),
            kind=kind,
            definitions=self.texts(term, (SKOS.definition,)),
            rows=tuple(rows),
            shapes=self.shapes_of(term),
            shared_shapes=self.shared_shape_links(term),
        )

    def shapes_of(self, cls: URIRef) -> tuple[ShapeView, ...]:
        """The node shapes that target ``cls`` and no other class, with their property shapes."""
        shared = self.shared_shapes()
        out = []
        for shape in sorted(self.shapes.subjects(SH.targetClass, cls)):  # type: ignore[type-var]
            if shape not in shared:
                local = _local(shape)
                out.append(self._shape_view(shape, f"{str(cls)[len(str(KZR)) :]}--{local}"))
        return tuple(out)

    def shared_shapes(self) -> dict[Node, str]:
        """The node shapes that target several classes, each with its one anchor on the page."""
        targets: dict[Node, int] = defaultdict(int)
        for shape in self.shapes.subjects(SH.targetClass, None):
            targets[shape] += 1
        return {s: f"shape-{_local(s)}" for s, n in targets.items() if n > 1}

    def shared_shape_views(self) -> tuple[ShapeView, ...]:
        """Each shared shape once, with links to the classes it targets."""
        out = []
        for shape, anchor in sorted(self.shared_shapes().items()):
            targets = sorted({self.value(c) for c in self.shapes.objects(shape, SH.targetClass)})
            out.append(self._shape_view(shape, anchor, tuple(targets)))
        return tuple(sorted(out, key=lambda v: (v.name.lower(), v.iri)))

    def shared_shape_links(self, cls: URIRef) -> tuple[Value, ...]:
        """Links to the shared shapes that target ``cls``."""
        shared = self.shared_shapes()
        links = {
            Value(" ".join(self._shape_texts(s, SH.name)) or _local(s), f"#{shared[s]}", iri=str(s))
            for s in self.shapes.subjects(SH.targetClass, cls)
            if s in shared
        }
        return tuple(sorted(links))

    def _shape_view(self, shape: Node, anchor: str, targets: tuple[Value, ...] = ()) -> ShapeView:
        s = self.shapes
        properties = []
        for prop in s.objects(shape, SH.property):
            path = s.value(prop, SH.path)
            severity = s.value(prop, SH.severity) or s.value(shape, SH.severity) or SH.Violation
            properties.append(
                PropertyShapeView(
                    path=self.value(path) if isinstance(path, URIRef) else Value("(path)"),
                    name=" ".join(self._shape_texts(prop, SH.name)),
                    message=" ".join(self._shape_texts(prop, SH.message)),
                    constraints=self._constraints(prop),
                    severity=str(severity).rsplit("#", 1)[-1],
                )
            )
        return ShapeView(
            anchor=anchor,
            iri=str(shape),
            name=" ".join(self._shape_texts(shape, SH.name)) or _local(shape),
            description=" ".join(self._shape_texts(shape, SH.description)),
            properties=tuple(sorted(properties, key=lambda p: (p.path.text, p.name))),
            targets=targets,
        )

    def _shape_texts(self, node: Node, predicate: URIRef) -> list[str]:
        return sorted(
            str(o)
            for o in self.shapes.objects(node, predicate)
            if isinstance(o, Literal) and o.language in (None, "en")
        )

    def _constraints(self, prop: Node) -> str:
        s = self.shapes
        parts = []
        low = s.value(prop, SH.minCount)
        high = s.value(prop, SH.maxCount)
        if low is not None or high is not None:
            parts.append(f"{low if low is not None else 0}..{high if high is not None else '*'}")
        for predicate, name in ((SH.datatype, ""), (SH["class"], "class "), (SH.nodeKind, "")):
            for o in sorted(s.objects(prop, predicate)):  # type: ignore[type-var]
                parts.append(f"{name}{self.label(o)}")
        return " · ".join(parts)


def _local(shape: Node) -> str:
    """The local name of a shape's IRI (after ``#`` or the last ``/``)."""
    return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _number(literal: Node) -> str:
    """Show 7.0 as "7" and 77.18 as "77.18"; other literals as they are."""
    text = str(literal)
    decimal = isinstance(literal, Literal) and literal.datatype in (XSD.decimal, XSD.double)
    if decimal and "." in text and "e" not in text.lower():
        text = text.rstrip("0").rstrip(".")
    return text


def jsonld_for(graph: Graph) -> str:
    """Return ``graph`` as compact JSON-LD with the project's context inline, safe in <script>."""
    data = serialize([graph], get_format("json-ld"), context=jsonld_context(), context_ref=None)
    text = json.dumps(json.loads(data), indent=2, ensure_ascii=False, sort_keys=False)
    # "<", ">" and "&" only occur inside JSON strings, where \u escapes mean the same.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
