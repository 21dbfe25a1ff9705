"""The page model of the published site: which term has which page, and how it is shown.

:class:`SiteModel` looks terms up in the graph: their site paths and links, labels,
texts, values and properties as small frozen dataclasses (labels instead of IRIs,
site-relative links, everything sorted). The page views built from it live in
:mod:`.claimviews`, :mod:`.resourceviews` and :mod:`.ontologyviews`; nothing here
writes HTML.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SDO, SH
from rdflib.term import Node

from ..errors import InputError
from ..namespaces import CONCEPT_IRI, DATA_IRI, KZR, OA, ONTOLOGY_IRI
from .conneg import PATH
from .labels import TERM_LABELS
from .linktext import derived_label
from .views import Row, Value

#: The statement page of the first source text; others get ``statement-{slug}.html``.
STATEMENT_PAGE = "statement.html"

_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SH.name)
DESCRIPTIONS = (SKOS.definition, DCTERMS.description, RDFS.comment, SH.description)
_HIDDEN = {RDF.type, *_LABELS, *DESCRIPTIONS}
#: Display symbols of the QUDT units the data uses; other units show their local name.
_UNITS = {"PERCENT": "%", "YR": "years", "NUM": "", "MO": "months", "DAY": "days"}


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
    _labels: dict[Node, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Labels already looked up: the graph does not change while the site is built."""
    _values: dict[Node, Value] = field(default_factory=dict, init=False, repr=False, compare=False)
    """:meth:`value` of IRIs and blank nodes already described (a page shows hundreds)."""
    _sources: tuple[URIRef, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """:meth:`source_texts`, once looked up (every resource page asks)."""

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
        known = self._labels.get(term)
        if known is None:
            known = self._labels[term] = self._look_up_label(term)
        return known

    def _look_up_label(self, term: Node) -> str:
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
        known = self._values.get(term)
        if known is None:
            known = self._values[term] = Value(
                self.label(term), self.href(term), self.quantity_note(term), str(term)
            )
        return known

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
        if self._sources is None:
            self._sources = tuple(
                sorted(
                    s
                    for s in self.graph.subjects(RDF.type, KZR.SourceText)
                    if isinstance(s, URIRef) and isinstance(self.graph.value(s, RDF.value), Literal)
                )
            )
        return list(self._sources)

    def statement_path(self, source: URIRef) -> str:
        texts = self.source_texts()
        if texts and source == texts[0]:
            return STATEMENT_PAGE
        return f"statement-{slug_of(source, DATA_IRI) or texts.index(source)}.html"

    # ------------------------------------------------------------------ claims and resources

    def claims(self) -> list[URIRef]:
        """The claims that have a page, sorted."""
        return sorted(
            s
            for s in self.graph.subjects(RDF.type, KZR.Claim)
            if isinstance(s, URIRef) and s in self.pages
        )

    def own_triples(self, subject: URIRef) -> Graph:
        """The triples about ``subject`` (and blank nodes below it), with the dataset's prefixes."""
        out = Graph(store="SimpleMemory", bind_namespaces="none")
        store = out.store
        for prefix, namespace in self.graph.namespaces():  # one graph's: no clashes to check
            store.bind(prefix, namespace)
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


def _number(literal: Node) -> str:
    """Show 7.0 as "7" and 77.18 as "77.18"; other literals as they are."""
    text = str(literal)
    decimal = isinstance(literal, Literal) and literal.datatype in (XSD.decimal, XSD.double)
    if decimal and "." in text and "e" not in text.lower():
        text = text.rstrip("0").rstrip(".")
    return text


__all__ = ["DESCRIPTIONS", "KZR", "STATEMENT_PAGE", "SiteModel", "path_of", "slug_of"]
