"""A native check for the one SHACL-SPARQL constraint that compares quotes with their offsets.

``shapes/provenance.ttl`` checks every text quote selector against the source
text with a SPARQL constraint (``kzrsh:SourceTextQuotesShape-quotes``). Run by
pyshacl, that query is parsed again for every source text and takes a 10 KB
``SUBSTR`` per row. This module finds that constraint (by its exact query text
and prefixes) in any shapes graph, takes it out of the copy pyshacl runs, and
reports the results that rdflib's evaluation of the query would give, built as
pyshacl builds them: same focus node, value, message (substituted as pyshacl
substitutes ``{?var}``), source shape, source constraint and severity. The
constraint stays in the shapes for every other engine.

Where the data holds something whose SPARQL meaning is subtle (a non-string
text, a non-integer offset, a quote that is not a literal), :func:`quote_rows`
answers None and the caller runs the original constraint instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, SH, XSD, BNode, Graph, Literal, Namespace
from rdflib.term import Node

OA = Namespace("http://www.w3.org/ns/oa#")


def _squeezed(text: str) -> str:
    return " ".join(text.split())


QUOTE_QUERY = _squeezed(
    """
    SELECT $this ?value ?start ?end ?exact ?found
    WHERE {
        $this rdf:value ?text .
        ?value oa:hasSource $this ;
            oa:hasSelector ?quote , ?position .
        ?quote oa:exact ?exact .
        ?position oa:start ?start ;
            oa:end ?end .
        OPTIONAL { ?quote oa:prefix ?prefix }
        OPTIONAL { ?quote oa:suffix ?suffix }
        BIND (SUBSTR(?text, ?start + 1, ?end - ?start) AS ?found)
        FILTER (!BOUND(?found) || STR(?found) != STR(?exact)
            || (BOUND(?prefix) && !STRENDS(SUBSTR(?text, 1, ?start), STR(?prefix)))
            || (BOUND(?suffix) && !STRSTARTS(SUBSTR(?text, ?end + 1), STR(?suffix))))
    }
    """
)
"""The query of ``kzrsh:SourceTextQuotesShape-quotes``, whitespace squeezed."""
_PREFIXES = {"oa": str(OA), "rdf": str(RDF)}

# The integer datatypes rdflib's SPARQL arithmetic accepts (operators.numeric).
_INTEGERS = frozenset(
    XSD[name]
    for name in [
        *("integer", "nonPositiveInteger", "negativeInteger", "nonNegativeInteger"),
        *("positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
        *("long", "int", "short", "byte"),
    ]
)


@dataclass(frozen=True)
class QuoteConstraint:
    """One shape's use of the quote constraint, with what its results carry."""

    shape: Node
    constraint: Node
    severity: Node
    message: Literal


@dataclass(frozen=True)
class Row:
    """One solution of the query, as pyshacl keeps it (duplicates dropped)."""

    focus: Node
    value: Node
    start: Literal
    end: Literal
    exact: Literal
    found: Literal


def split_quote_constraints(shapes: Graph) -> tuple[Graph, list[QuoteConstraint]]:
    """Return a copy of ``shapes`` without the quote constraints checked here, and those.

    A constraint is taken out only where its results are known to be pyshacl's:
    its shape is a top-level node shape with plain targets, one severity and one
    message in all. Otherwise it stays in the copy for pyshacl to run.
    """
    found = [
        QuoteConstraint(shape, constraint, severity, message)
        for shape, constraint in sorted(shapes.subject_objects(SH.sparql))
        if _is_quote_query(shapes, constraint)
        for severity, message in [_severity_message(shapes, shape, constraint)]
        if severity is not None and message is not None and _plain_shape(shapes, shape)
    ]
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace, override=False)
    copy += shapes
    for item in found:
        copy.remove((item.shape, SH.sparql, item.constraint))
    return copy, found


def _is_quote_query(shapes: Graph, constraint: Node) -> bool:
    selects = list(shapes.objects(constraint, SH.select))
    if len(selects) != 1 or _squeezed(str(selects[0])) != QUOTE_QUERY:
        return False
    if _deactivated(shapes, constraint) or (constraint, SH.ask, None) in shapes:
        return False
    declared: dict[str, set[str]] = {}
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            for prefix in shapes.objects(declaration, SH.prefix):
                for namespace in shapes.objects(declaration, SH.namespace):
                    declared.setdefault(str(prefix), set()).add(str(namespace))
    return all(declared.get(prefix) == {namespace} for prefix, namespace in _PREFIXES.items())


def _severity_message(
    shapes: Graph, shape: Node, constraint: Node
) -> tuple[Node | None, Literal | None]:
    severities = list(shapes.objects(shape, SH.severity)) or [SH.Violation]
    messages = [*shapes.objects(shape, SH.message), *shapes.objects(constraint, SH.message)]
    if len(severities) != 1 or len(messages) != 1 or not isinstance(messages[0], Literal):
        return None, None
    return severities[0], messages[0]


def _deactivated(shapes: Graph, node: Node) -> bool:
    return (node, SH.deactivated, None) in shapes


def _plain_shape(shapes: Graph, shape: Node) -> bool:
    """A node shape that nothing nests and whose focus nodes come from plain targets."""
    classes = {RDFS.Class, OWL.Class}
    return not (
        (shape, SH.path, None) in shapes
        or (None, None, shape) in shapes
        or (shape, SH.target, None) in shapes
        or _deactivated(shapes, shape)
        or any(kind in classes for kind in shapes.objects(shape, RDF.type))
    )


def focus_nodes(data: Graph, shapes: Graph, shape: Node) -> set[Node]:
    """The shape's focus nodes, found as pyshacl finds them (classes with their subclasses)."""
    nodes: set[Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        for sub in {cls, *data.transitive_subjects(RDFS.subClassOf, cls)}:
            nodes.update(data.subjects(RDF.type, sub))
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(s for s, _ in data.subject_objects(predicate))
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        nodes.update(o for _, o in data.subject_objects(predicate))
    return nodes


def quote_rows(data: Graph, focus: set[Node]) -> list[Row] | None:
    """The query's solutions for these focus nodes, or None where rdflib must decide."""
    rows: list[Row] = []
    for this in focus:
        texts = list(data.objects(this, RDF.value))
        if not texts:
            continue
        if not all(_is_string(text) for text in texts):
            return None
        seen: set[Row] = set()
        for value in data.subjects(OA.hasSource, this):
            for row in _value_rows(data, this, value, texts):
                if row is None:
                    return None
                if row not in seen:
                    seen.add(row)
                    rows.append(row)
    return rows


def _value_rows(data: Graph, this: Node, value: Node, texts: list[Node]) -> Iterator[Row | None]:
    selectors = list(data.objects(value, OA.hasSelector))
    for quote in selectors:
        exacts = list(data.objects(quote, OA.exact))
        prefixes: list[Node | None] = [*data.objects(quote, OA.prefix)] or [None]
        suffixes: list[Node | None] = [*data.objects(quote, OA.suffix)] or [None]
        if not all(isinstance(term, Literal) for term in [*exacts, *prefixes, *suffixes] if term):
            yield None
            return
        for position in selectors:
            starts = list(data.objects(position, OA.start))
            ends = list(data.objects(position, OA.end))
            if not all(_is_integer(term) for term in [*starts, *ends]):
                yield None
                return
            for text in texts:
                for exact in exacts:
                    for start in starts:
                        for end in ends:
                            found = _mismatch(text, exact, start, end, prefixes, suffixes)  # type: ignore[arg-type]
                            if found is not None:
                                yield Row(this, value, start, end, exact, found)  # type: ignore[arg-type]


def _mismatch(
    text: Literal,
    exact: Literal,
    start: Literal,
    end: Literal,
    prefixes: list[Node | None],
    suffixes: list[Node | None],
) -> Literal | None:
    """``?found`` when some prefix/suffix choice passes the FILTER, else None.

    rdflib's ``SUBSTR(?t, ?s + 1, ?e - ?s)`` is the Python slice ``t[s:e]``
    (negative offsets included), ``SUBSTR(?t, 1, ?s)`` is ``t[:s]`` and
    ``SUBSTR(?t, ?e + 1)`` is ``t[e:]``.
    """
    s, e, whole = int(start.toPython()), int(end.toPython()), str(text)
    found = whole[s:e]
    if found != str(exact):
        return Literal(found, lang=text.language, datatype=text.datatype)
    for prefix in prefixes:
        for suffix in suffixes:
            if (prefix is not None and not whole[:s].endswith(str(prefix))) or (
                suffix is not None and not whole[e:].startswith(str(suffix))
            ):
                return Literal(found, lang=text.language, datatype=text.datatype)
    return None


def _is_string(term: Node) -> bool:
    return isinstance(term, Literal) and term.datatype in (None, XSD.string)


def _is_integer(term: Node) -> bool:
    if not isinstance(term, Literal) or term.datatype not in _INTEGERS:
        return False
    value = term.toPython()
    return isinstance(value, int) and not isinstance(value, bool)


def message_text(message: Literal, row: Row) -> str:
    """The message with ``{?var}`` substituted as pyshacl does it (``re.sub``, in its order)."""
    text = str(message.value)
    bindings = {
        "start": row.start,
        "end": row.end,
        "exact": row.exact,
        "found": row.found,
        "this": row.focus,
        "value": row.value,
    }
    for var, val in bindings.items():
        text = re.sub(f"{{[?$]{var}}}", str(val), text)
    return text


def add_results(
    report: Graph, rows: list[Row], item: QuoteConstraint, shapes: Graph, data: Graph
) -> None:
    """Add the rows to pyshacl's report graph as pyshacl would have written them."""
    from pyshacl.rdfutil.clone import clone_blank_node

    if not rows:
        return
    root = report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert root is not None
    report.set((root, SH.conforms, Literal(False)))

    def clone(source: Graph, node: Node) -> Node:
        if isinstance(node, BNode):
            cloned: Node = clone_blank_node(source, node, report, keepid=True)
            return cloned
        return node

    for row in rows:
        result = BNode()
        report.add((root, SH.result, result))
        for predicate, obj in (
            (RDF.type, SH.ValidationResult),
            (SH.sourceConstraintComponent, SH.SPARQLConstraintComponent),
            (SH.sourceShape, clone(shapes, item.shape)),
            (SH.resultSeverity, item.severity),
            (SH.focusNode, clone(data, row.focus)),
            (SH.value, clone(data, row.value)),
            (SH.sourceConstraint, clone(shapes, item.constraint)),
            (SH.resultMessage, Literal(message_text(item.message, row))),
        ):
            report.add((result, predicate, obj))
