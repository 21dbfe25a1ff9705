"""RDF/XML for graphs of IRIs and literals, written directly: rdflib's bytes, past its graph store.

rdflib's RDF/XML writer (``XMLSerializer``, the ``xml`` format) writes one
``rdf:Description`` per subject, in the order its graph gives the subjects
(:class:`kzreforms.writers._SortedGraph`: sorted), with each predicate and
object in the order the triples were put in (:func:`kzreforms.writers._stable_union`
puts them by subject and predicate, each one's objects in
:func:`kzreforms.ttl.in_rdflib_order`). Each predicate's element
name comes from rdflib's namespace manager, which also makes the ``ns1``, ``ns2``,
… prefixes (:func:`kzreforms.graphs.make_prefixes`). :func:`plain_rdfxml`
writes the same bytes for a graph with no blank node, with the same manager
answering for the predicates and the same escaping for the rest; a graph with
a blank node, or a predicate that cannot be shortened (rdflib says why), is
left to rdflib's writer. ``tests/test_unit_rdfxml.py`` compares both routes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.plugins.serializers.xmlwriter import ESCAPE_ENTITIES

from .graphs import Triples, by_subject, make_prefixes
from .ttl import in_rdflib_order

_RDF = URIRef(str(RDF))


def plain_rdfxml(triples: Triples, namespaces: Iterable[tuple[str, Any]]) -> bytes | None:
    """The graph of ``triples`` as rdflib's RDF/XML, or None (take rdflib's writer).

    ``namespaces`` are the graph's ``(prefix, namespace)`` bindings.
    """
    pieces = rdfxml_pieces(triples, namespaces)
    return None if pieces is None else b"".join(pieces)


def rdfxml_pieces(triples: Triples, namespaces: Iterable[tuple[str, Any]]) -> list[bytes] | None:
    """:func:`plain_rdfxml` in pieces, which written one after the other are the document."""
    found = by_subject(triples)
    if found is None:
        return None
    subjects = found[0]
    manager = Graph(bind_namespaces="none").namespace_manager
    for prefix, namespace in namespaces:
        manager.store.bind(prefix, namespace)  # as _stable_union binds them
    predicates = sorted({p for properties in subjects.values() for p in properties})
    make_prefixes(manager, predicates, strict=True)  # as writers._generate_prefixes does
    try:
        bindings = {}
        for predicate in predicates:
            prefix, namespace, _ = manager.compute_qname_strict(predicate)
            bindings[prefix] = URIRef(namespace)
        element = {p: manager.qname_strict(p) for p in predicates}
    except ValueError:
        return None  # no name for a predicate: rdflib's writer says so
    if bindings.setdefault("rdf", _RDF) != _RDF:
        return None  # rdflib's writer fails an assertion
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n']
    for prefix, namespace in sorted(bindings.items()):
        out.append(f'   xmlns:{prefix}="{namespace}"\n' if prefix else f'   xmlns="{namespace}"\n')
    out.append(">\n")
    pieces: list[bytes] = []
    for index, subject in enumerate(sorted(subjects)):
        if index % _SUBJECTS_PER_PIECE == 0 and out:  # the text is never held whole
            pieces.append("".join(out).encode("utf-8", "replace"))
            out.clear()
        out.append(f"  <rdf:Description rdf:about={quoteattr(subject)}>\n")
        properties = subjects[subject]
        for predicate in sorted(properties):
            name = element[predicate]
            held = properties[predicate]
            for obj in in_rdflib_order(held) if type(held) is dict else (held,):
                if isinstance(obj, Literal):
                    attributes = f' xml:lang="{obj.language}"' if obj.language else ""
                    if obj.datatype:
                        attributes += f' rdf:datatype="{obj.datatype}"'
                    text = escape(obj, ESCAPE_ENTITIES)
                    out.append(f"    <{name}{attributes}>{text}</{name}>\n")
                else:
                    out.append(f"    <{name} rdf:resource={quoteattr(obj)}/>\n")
        out.append("  </rdf:Description>\n")
    out.append("</rdf:RDF>\n")
    pieces.append("".join(out).encode("utf-8", "replace"))
    return pieces


#: How many subjects' descriptions are encoded at a time.
_SUBJECTS_PER_PIECE = 4096


__all__ = ["plain_rdfxml", "rdfxml_pieces"]
