"""RDF terms: pyoxigraph's as rdflib's, and Turtle's shorthand for a literal.

The one place that turns a pyoxigraph term into an rdflib term. Callers differ
in two ways, each an explicit option: whether rdflib may normalise a literal's
lexical form (``normalize``; hashing and verification need it as written), and
whether a blank node keeps its label or becomes a fresh node (``fresh_blanks``;
a parsed file's labels are local to that file). A term rdflib has no class for
(an RDF 1.2 triple term) raises :class:`NotRdflibTerm`, which each caller turns
into its own error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

#: Turtle's number and boolean shorthands, by the lexical forms that read back as the
#: same term: bare ``5`` is an integer, never ``"5"^^xsd:decimal``.
SHORTHAND: dict[URIRef, re.Pattern[str]] = {
    XSD.integer: re.compile(r"[+-]?[0-9]+"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD.double: re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD.boolean: re.compile(r"true|false"),
}

_STRING = str(XSD.string)


def is_shorthand(term: Literal) -> bool:
    """Whether ``term`` may be written bare in Turtle (and SPARQL TSV) and read back the same.

    >>> is_shorthand(Literal("5", datatype=XSD.integer))
    True
    >>> is_shorthand(Literal("5", datatype=XSD.decimal))
    False
    """
    pattern = SHORTHAND.get(term.datatype) if term.datatype is not None else None
    return pattern is not None and pattern.fullmatch(str(term)) is not None


class NotRdflibTerm(ValueError):
    """A pyoxigraph term that rdflib has no class for (an RDF 1.2 triple term)."""

    def __init__(self, term: Any) -> None:
        super().__init__(f"rdflib has no term for {term}")
        self.term = term


def rdflib_converter(
    *, normalize: bool = True, fresh_blanks: bool = False
) -> Callable[[Any], Node | None]:
    """A function from pyoxigraph terms to rdflib terms; the default graph gives None.

    Equal terms give one object (the converter remembers them), so convert a
    whole file with one converter and let it go.

    :param normalize: let rdflib normalise literals (its default); ``False`` keeps
        each lexical form as written.
    :param fresh_blanks: give each blank node label a fresh :class:`~rdflib.BNode`
        instead of ``BNode(label)``.
    :raises NotRdflibTerm: from the returned function, for a term rdflib has no class for.

    >>> import pyoxigraph as ox
    >>> convert = rdflib_converter(normalize=False)
    >>> convert(ox.Literal("05", datatype=ox.NamedNode(str(XSD.integer)))).n3()
    '"05"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    import pyoxigraph as ox

    iris: dict[str, URIRef] = {}
    blanks: dict[str, BNode] = {}
    literals: dict[Any, Literal] = {}
    named, blank, literal, default = ox.NamedNode, ox.BlankNode, ox.Literal, ox.DefaultGraph
    new_blank: Callable[[str], BNode] = _fresh if fresh_blanks else BNode
    # None: rdflib's process-wide default (it normalises), as Literal() without the argument.
    keep: bool | None = None if normalize else False

    def term(node: Any) -> Any:
        kind = type(node)
        if kind is named:
            value = node.value
            found: Any = iris.get(value)
            if found is None:
                found = iris[value] = URIRef(value)
            return found
        if kind is blank:
            value = node.value
            found = blanks.get(value)
            if found is None:
                found = blanks[value] = new_blank(value)
            return found
        if kind is literal:
            found = literals.get(node)
            if found is None:
                found = literals[node] = _literal(node, term, keep)
            return found
        if kind is default:
            return None
        raise NotRdflibTerm(node)

    return term


def _fresh(label: str) -> BNode:
    return BNode()


def _literal(node: Any, term: Callable[[Any], Any], keep: bool | None) -> Literal:
    if node.language:
        return Literal(node.value, lang=node.language, normalize=keep)
    if node.datatype.value == _STRING:
        return Literal(node.value, normalize=keep)
    return Literal(node.value, datatype=term(node.datatype), normalize=keep)


def rdflib_term(node: Any, *, normalize: bool = True) -> Node | None:
    """One pyoxigraph term as an rdflib term; None for the default graph.

    :raises NotRdflibTerm: for a term rdflib has no class for.

    >>> import pyoxigraph as ox
    >>> rdflib_term(ox.NamedNode("https://example.org/a"))
    rdflib.term.URIRef('https://example.org/a')
    """
    return rdflib_converter(normalize=normalize)(node)


def rdflib_quads(
    quads: Iterable[Any], *, normalize: bool = True, fresh_blanks: bool = False
) -> list[tuple[Any, Any, Any, Any]]:
    """pyoxigraph's quads as rdflib terms, the graph name None for the default graph.

    :raises NotRdflibTerm: for a term rdflib has no class for.
    """
    term = rdflib_converter(normalize=normalize, fresh_blanks=fresh_blanks)
    return [
        (term(quad.subject), term(quad.predicate), term(quad.object), term(quad.graph_name))
        for quad in quads
    ]


__all__ = [
    "SHORTHAND",
    "NotRdflibTerm",
    "is_shorthand",
    "rdflib_converter",
    "rdflib_quads",
    "rdflib_term",
]
