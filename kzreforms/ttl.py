"""Turtle for graphs of IRIs and literals, written directly: rdflib's bytes, a tenth of its time.

rdflib's Turtle writer spends about a millisecond of fixed work on every graph
(a fresh namespace manager splits every IRI again), and the site writes one
Turtle file per resource: thousands of small graphs. For a graph with no blank
node, :func:`plain_turtle` writes the bytes that rdflib's writer, as
:func:`kzreforms.writers.serialize` drives it, would write:

- a ``@prefix`` line, sorted by prefix, for each namespace a subject, a
  predicate other than ``rdf:type``, an IRI object or a literal's datatype is
  written with; ``ns1``, ``ns2``, … made for the predicates' namespaces that have
  no prefix, in IRI order of the predicates (:func:`kzreforms.graphs.make_prefixes`);
- subjects ordered by how often the graph names them as an object, then by IRI;
  ``rdf:type`` and ``rdfs:label`` first, then the other predicates by IRI; each
  predicate's objects sorted (:func:`in_rdflib_order`); rdflib's indentation and line breaks;
- numbers and booleans bare only where they read back as the same term
  (:func:`turtle_literal`, which the rdflib route uses too).

An IRI gets a prefixed name when rdflib would give it one: when its last
characters (letters, digits, ``_`` and ``-`` after a character that cannot be
in a name, as ``/`` or ``#``) follow a namespace with a prefix. Where rdflib's
namespace splitting could decide otherwise (a longer namespace that also
fits, a local name with ``.`` or non-ASCII letters under a bound namespace),
and for blank nodes, ``rdfs:Class`` members, ``rdf:nil`` and IRIs that Turtle
cannot hold, :func:`plain_turtle` returns None and the caller takes rdflib's
route. A test compares both routes on every resource of the packaged data and
on IRIs made to sit at each of those edges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .graphs import Triples, by_subject, objects_of
from .terms import SHORTHAND, is_shorthand

#: What rdflib's namespace splitting counts as a name character (``rdflib.namespace``).
_NAME_CATEGORIES = frozenset({"Ll", "Lu", "Lo", "Lt", "Nl", "Mc", "Me", "Mn", "Lm", "Nd"})
_ALLOWED_NAME_CHARS = frozenset("\u00b7\u0387-._%()")
#: The local names written as rdflib writes them: the longest run of these at an IRI's end
#: (found by stripping the characters of ``_TAIL`` off the end; it may not start with "-").
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_TAIL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
#: Characters an IRI cannot hold in Turtle (rdflib refuses to write them).
_NOT_IN_IRI = re.compile(r'[<>" {}|\\^`]')
_XMLNS = "http://www.w3.org/XML/1998/namespace"
_TYPE, _NIL, _CLASS = RDF.type, RDF.nil, RDFS.Class
_FIRST = (_TYPE, RDFS.label)  # rdflib's predicateOrder
_DEFAULT_GRAPH = str(DATASET_DEFAULT_GRAPH_ID)
_INDENT = "    "


class _Decline(Exception):
    """The graph holds something rdflib's writer may write otherwise than this module."""


class _Names:
    """Prefixed names under one set of bindings, remembered for the next graph that shares them."""

    def __init__(self, namespaces: tuple[tuple[str, str], ...]) -> None:
        # Bound in this order, a namespace keeps its last prefix (as the rdflib route's copy).
        self.prefix_of = {namespace: prefix for prefix, namespace in namespaces}
        self.prefixes = frozenset(self.prefix_of.values())
        self.namespaces = tuple(self.prefix_of)
        self._split: dict[str, tuple[str, str] | None] = {}

    def split(self, iri: str) -> tuple[str, str] | None:
        """``(namespace, local name)`` as rdflib splits ``iri``, or None where rdflib would
        write it as ``<iri>`` whatever the prefixes. Raises :class:`_Decline` otherwise."""
        try:
            return self._split[iri]
        except KeyError:
            pass
        if len(self._split) > 200_000:  # a large export: do not keep its IRIs after it
            self._split.clear()
        found = self._split[iri] = self._look_up(iri)
        return found

    def _look_up(self, iri: str) -> tuple[str, str] | None:
        iri = str(iri)  # (rdflib's URIRef.startswith is Python code)
        if _NOT_IN_IRI.search(iri) or iri.startswith(_XMLNS):
            raise _Decline(iri)
        start = len(iri.rstrip(_TAIL))
        simple = (
            start > 0
            and _LOCAL.match(iri, start) is not None
            and unicodedata.category(iri[start - 1]) not in _NAME_CATEGORIES
            and iri[start - 1] not in _ALLOWED_NAME_CHARS
        )
        bound = iri.startswith(self.namespaces)  # (a tuple: each tried, in C)
        if not simple:
            if bound:
                raise _Decline(iri)  # rdflib's split may find that namespace: not decided here
            return None
        namespace = iri[:start]
        if bound and any(len(n) > start and iri.startswith(n) for n in self.namespaces):
            raise _Decline(iri)  # rdflib prefers the longer namespace
        return namespace, iri[start:]


@lru_cache(maxsize=4)
def _names(namespaces: tuple[tuple[str, str], ...]) -> _Names:
    return _Names(namespaces)


def in_rdflib_order(nodes: Iterable[Any]) -> list[Any]:
    """``nodes`` sorted as rdflib's Turtle writer sorts objects, with its ties broken.

    rdflib compares literals by value, so ``1`` and ``"1.0"^^xsd:decimal`` tie, and
    a stable sort leaves them in the order it met them, which for a graph is hash order.
    Sorted first by kind, datatype, language and lexical form, ties come out the same
    every run. IRIs alone, which never tie, are compared as strings (in C), as rdflib
    compares them.
    """
    listed = list(nodes)
    if all(type(node) is URIRef for node in listed):
        return sorted(listed, key=str)
    return sorted(sorted(listed, key=spelling))


def spelling(node: Any) -> tuple[str, str, str, str]:
    """A total order of terms by what they are and how they are spelt: rdflib's ties broken."""
    if isinstance(node, Literal):
        return "literal", str(node.datatype or ""), node.language or "", str(node)
    return type(node).__name__, "", "", str(node)


def turtle_literal(node: Literal, qname: Callable[[URIRef], str | None]) -> str:
    """``node`` in Turtle: a number or boolean bare only when it reads back as the same term.

    rdflib writes ``"5"^^xsd:decimal`` as ``5.0`` and reformats doubles, which
    changes their lexical form: a different RDF term after a round trip.
    ``qname`` gives a datatype's prefixed name, or None for ``<…>``.
    """
    if node.datatype in SHORTHAND:
        if is_shorthand(node):
            return str(node)
        return node._literal_n3(use_plain=False, qname_callback=qname)
    return node._literal_n3(use_plain=True, qname_callback=qname)


def plain_turtle(
    triples: Triples,
    namespaces: Iterable[tuple[str, Any]],
    *,
    trig: bool = False,
) -> bytes | None:
    """The graph of ``triples`` as rdflib's Turtle, or None where this module declines.

    ``namespaces`` are the graph's ``(prefix, namespace)`` bindings, one prefix per namespace.
    ``trig``: the graph is a dataset's default graph, written as rdflib's TriG writer
    writes it: the same statements, indented one step, in ``{ … }``.
    """
    pieces = turtle_pieces(triples, namespaces, trig=trig)
    return None if pieces is None else b"".join(pieces)


def turtle_pieces(
    triples: Triples,
    namespaces: Iterable[tuple[str, Any]],
    *,
    trig: bool = False,
) -> list[bytes] | None:
    """:func:`plain_turtle` in pieces, which written one after the other are the document
    (a large graph's text is never held twice)."""
    names = _names(tuple((str(p), str(n)) for p, n in sorted(namespaces)))
    try:
        graph_name = names.split(_DEFAULT_GRAPH) if trig else None
        if graph_name is not None and graph_name[0] in names.prefix_of:
            raise _Decline(graph_name)  # rdflib's TriG writer would declare that prefix
        return _write(triples, names, _INDENT if trig else "")
    except _Decline:
        return None


#: How many subjects' statements one piece of :func:`turtle_pieces` holds.
_SUBJECTS_PER_PIECE = 4096


def _write(triples: Triples, names: _Names, lead: str) -> list[bytes]:
    grouped = by_subject(triples)
    if grouped is None:
        raise _Decline(triples)
    subjects, refs = grouped
    predicates = {p for properties in subjects.values() for p in properties}
    # Checked once for all, not per triple (rdflib's == is Python code):
    if _NIL in predicates or _NIL in subjects or _NIL in refs:
        raise _Decline(_NIL)  # rdflib writes rdf:nil as "()" wherever it is
    if _CLASS in refs and any(
        _CLASS in objects_of(props.get(_TYPE)) for props in subjects.values()
    ):
        raise _Decline(_CLASS)  # rdflib writes rdfs:Class members first
    prefix_of = dict(names.prefix_of)
    taken = set(names.prefixes)
    for predicate in sorted(predicates):  # the prefixes rdflib makes, in this order
        found = names.split(predicate)
        if found is None:
            raise _Decline(predicate)
        if found[0] not in prefix_of:
            number = 1
            while f"ns{number}" in taken:
                number += 1
            prefix_of[found[0]] = f"ns{number}"
            taken.add(f"ns{number}")
    made = prefix_of.keys() - names.prefix_of.keys()
    used: dict[str, str] = {}

    def qname(iri: Any) -> str | None:
        found = names.split(iri)
        if found is None:
            if made and any(iri.startswith(n) for n in made):
                raise _Decline(iri)  # a made namespace rdflib's split may find
            return None
        prefix = prefix_of.get(found[0])
        if prefix is None:
            return None
        if prefix.startswith("_"):
            raise _Decline(prefix)  # rdflib renames such a prefix
        used[prefix] = found[0]
        return f"{prefix}:{found[1]}"

    # Each term's text, worked out once; by the term's identity, as a literal's hash is
    # Python code (the terms outlive this call: ``subjects`` holds them).
    texts: dict[int, str] = {}

    def term(node: Any) -> str:
        text = texts.get(id(node))
        if text is None:
            if isinstance(node, Literal):
                if node.datatype is not None:
                    qname(node.datatype)  # rdflib declares the datatype's prefix even when bare
                text = turtle_literal(node, qname)
            else:
                text = qname(node) or f"<{node}>"
            texts[id(node)] = text
        return text

    # rdf:type and rdfs:label first, then by IRI; rdf:type written "a".
    order = [p for p in _FIRST if p in predicates] + sorted(predicates.difference(_FIRST))
    rank = {predicate: index for index, predicate in enumerate(order)}
    verbs = {p: "a" if p == _TYPE else term(p) for p in order}
    # By how often each subject is an object, then by IRI (rdflib compares URIRefs as strings).
    count = refs.get
    if all(type(s) is URIRef for s in subjects):  # then by count: two stable sorts
        ranked = sorted(subjects, key=str)  # (compared in C)
        ranked.sort(key=lambda s: count(s, 0))
    else:
        ranked = sorted(subjects, key=lambda s: (count(s, 0), s))
    pieces: list[bytes] = []
    blocks: list[str] = []
    for subject in ranked:
        properties = subjects[subject]
        parts = [lead, term(subject)]
        for index, predicate in enumerate(sorted(properties, key=rank.__getitem__)):
            if index:
                parts.append(" ;\n" + lead + _INDENT)
            objects = properties[predicate]
            ordered = [objects] if type(objects) is not dict else in_rdflib_order(objects)
            parts.append(("" if index else " ") + verbs[predicate] + " " + term(ordered[0]))
            for obj in ordered[1:]:
                parts.append(",\n" + lead + _INDENT * 2 + term(obj))
        blocks.append("\n" + "".join(parts) + " .\n")
        if len(blocks) == _SUBJECTS_PER_PIECE:
            pieces.append("".join(blocks).encode("utf-8", "replace"))
            blocks.clear()
    head = "".join(f"@prefix {prefix}: <{used[prefix]}> .\n" for prefix in sorted(used))
    if lead:  # TriG's default graph
        if not subjects:
            raise _Decline(None)  # rdflib's TriG writer leaves an empty graph out
        head, tail = head + "\n{", "}\n\n"
    else:
        tail = "\n"
    pieces.append(("".join(blocks) + tail).encode("utf-8", "replace"))
    return [head.encode("utf-8", "replace"), *pieces]


__all__ = ["in_rdflib_order", "plain_turtle", "spelling", "turtle_literal", "turtle_pieces"]
