"""Compacted JSON-LD for graphs of IRIs and literals, past rdflib's graph store.

rdflib's JSON-LD writer (``Converter`` in ``rdflib.plugins.serializers.jsonld``)
asks the graph, for every triple, whether its object starts a list, and asks
the context again, for every triple, which term or prefixed name to write. For
a graph with no blank node, no ``rdf:first``, ``rdf:rest`` or ``rdf:nil``, and a
context with no ``@container``, the list questions find nothing, and the
context's answers depend on the predicate and the kind of object alone.
:func:`plain_jsonld` makes, for such triples as they come, the object
``Converter.convert`` makes of their graph, before
:func:`kzreforms.writers.serialize` puts it in order:

- ``_Compactor._plan`` is ``Converter.add_to_node``'s choice of key and value form,
  made once per predicate and kind of object (an IRI, or a literal's datatype and
  language);
- ``_Compactor._raw`` is ``Converter.to_raw_value`` for an IRI or a literal;
- ``plain_jsonld`` adds the values to each subject's node as ``add_to_node`` does.

Where the result could depend on the order of the triples (rdflib replaces a
first value that is false, such as ``0`` or ``""``, by the second, instead of
keeping both), or on anything left out above, it returns None and the caller
takes rdflib's route. ``tests/test_unit_jsonld.py`` compares both routes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from rdflib import RDF, Literal, URIRef

from .graphs import BySubject, Triples, by_subject, objects_of

#: Predicates and objects that make rdflib's writer look for a list.
_LIST_TERMS = frozenset({RDF.first, RDF.rest, RDF.nil})
_TYPE = RDF.type

#: How many IRIs' short forms a compactor remembers.
_REMEMBERED = 1 << 16

#: What a plan does with an object before ``_raw`` (``add_to_node``'s branches).
_COERCE, _STRING, _SYMBOL, _RAW = range(4)


@lru_cache(maxsize=4)
def context_of(key: str) -> Any:
    """rdflib's reading of a JSON-LD context (``key``, its JSON), kept for the next graph.

    Keyed by the context's JSON in its own order: where two terms name one IRI,
    rdflib keeps the one defined last.
    """
    from rdflib.plugins.shared.jsonld.context import Context

    return Context(json.loads(key))


class _Decline(Exception):
    """The triples hold something this module does not write as rdflib would."""


class _Compactor:
    """One context's answers, worked out once for all the documents that share it."""

    def __init__(self, context: Any) -> None:
        from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES

        self.context = context
        #: rdflib's writer passes use_native_types=(False,), a tuple, so true; rdf:type is @type.
        self.usable = context.active and not any(t.container for t in context.terms.values())
        self.native = frozenset(PLAIN_LITERAL_TYPES)
        self.id_key, self.type_key = context.id_key, context.type_key
        self.value_key, self.lang_key = context.value_key, context.lang_key
        self.graph_key, self.language = context.graph_key, context.language
        # Bounded: the compactor outlives its documents (the site's thousands share it).
        self.shrink: Callable[[str], str] = lru_cache(maxsize=_REMEMBERED)(context.shrink_iri)
        self.symbol: Callable[[str], str] = lru_cache(maxsize=_REMEMBERED)(context.to_symbol)
        self.plans: dict[tuple[Any, Any, Any], tuple[Any, int, Any]] = {}

    def _plan(self, p: URIRef, o: URIRef | Literal) -> tuple[Any, int, Any]:
        """The key of ``p``'s values, what to do with ``o``, and the term's type (or None)."""
        from rdflib.plugins.shared.jsonld.context import UNDEF
        from rdflib.plugins.shared.jsonld.keys import ID, VOCAB

        context = self.context
        if isinstance(o, Literal):
            datatype = str(o.datatype) if o.datatype else None
            term = context.find_term(str(p), datatype, language=o.language)
        else:
            for coercion in (ID, VOCAB, UNDEF):
                term = context.find_term(str(p), coercion, None)
                if term:
                    break
        if term:
            if term.type:
                return term.name, _COERCE, term.type
            # rdflib reads o.language here, which an IRI has not (an AttributeError there).
            asks_language = term.language or (context.language and term.language is None)
            if asks_language and not isinstance(o, Literal):
                raise _Decline
            if term.language and o.language == term.language:  # type: ignore[union-attr]
                return term.name, _STRING, None
            if context.language and term.language is None and o.language is None:  # type: ignore[union-attr]
                return term.name, _STRING, None
            return term.name, _RAW, None
        key = self.symbol(p)
        found = context.terms.get(key)
        if found and (found.type or found.container):
            raise _Decline  # rdflib keys the values by the URIRef itself, beside the string
        if p == _TYPE:  # use_rdf_type is false
            return self.type_key, _SYMBOL if isinstance(o, URIRef) else _RAW, None
        return key, _RAW, None

    def _raw(self, o: URIRef | Literal) -> Any:
        """``Converter.to_raw_value`` of an IRI or a literal (no list, no blank node)."""
        if isinstance(o, URIRef):
            return {self.id_key: self.shrink(o)}
        datatype = o.datatype
        native = datatype in self.native
        value = o.toPython() if native else str(o)
        if datatype:
            if native:
                return value
            return {self.type_key: self.symbol(datatype), self.value_key: value}
        if o.language and o.language != self.language:
            return {self.lang_key: o.language, self.value_key: value}
        if self.language and not o.language:
            return {self.value_key: value}
        return value

    def value(self, p: URIRef, o: URIRef | Literal) -> tuple[Any, Any]:
        """The key and the value ``add_to_node`` adds for ``p`` and ``o``."""
        if isinstance(o, Literal):
            plan_key: tuple[Any, Any, Any] = (p, o.datatype, o.language)
        else:
            plan_key = (p, None, _TYPE)
        plan = self.plans.get(plan_key)
        if plan is None:
            plan = self.plans[plan_key] = self._plan(p, o)
        key, action, coerce = plan
        if action == _COERCE:  # Converter.type_coerce
            node: Any = None
            if coerce == "@id":
                node = self.shrink(o) if isinstance(o, URIRef) else o
            elif coerce == "@vocab":
                node = self.symbol(o) if isinstance(o, URIRef) else None
            elif isinstance(o, Literal) and str(o.datatype) == coerce:
                node = o
            return key, self._raw(o) if node is None else node
        if action == _STRING:
            return key, str(o)
        if action == _SYMBOL:
            return key, self.symbol(o)
        return key, self._raw(o)


@lru_cache(maxsize=4)
def _compactor(key: str) -> _Compactor:
    return _Compactor(context_of(key))


class Nodes(NamedTuple):
    """The nodes of a graph as :func:`plain_jsonld` makes them, one at a time."""

    subjects: int
    """How many nodes there are: one per subject."""
    id_key: str
    graph_key: str
    nodes: Iterator[dict[str, Any]]
    """Each made when asked for; raises :class:`Declined` where :func:`plain_jsonld` declines
    (a false value among several, two subjects whose ``@id`` rdflib finds equal, an ``@id``
    that is not a string)."""


class Declined(Exception):
    """Raised by :attr:`Nodes.nodes`: take rdflib's route."""


def plain_nodes(triples: Triples, key: str) -> Nodes | None:
    """:func:`plain_jsonld`'s nodes, made one at a time (a node let go once written costs
    nothing more), or None where it declines before the first (see :func:`plain_jsonld`)."""
    compactor = _compactor(key)
    if not compactor.usable:
        return None
    grouped = by_subject(triples)
    if grouped is None:
        return None
    subjects = grouped[0]
    predicates = {p for properties in subjects.values() for p in properties}
    if predicates & _LIST_TERMS or not subjects:
        return None
    return Nodes(len(subjects), compactor.id_key, compactor.graph_key, _nodes(subjects, compactor))


def _nodes(subjects: BySubject, compactor: _Compactor) -> Iterator[dict[str, Any]]:
    """Each subject's node, its triples let go as it is made."""
    seen: set[str] = set()
    for subject in list(subjects):
        try:
            node = _node(subject, subjects.pop(subject), compactor)
        except _Decline as err:
            raise Declined from err
        identifier = node[compactor.id_key]
        if not isinstance(identifier, str):  # a predicate spelt @id under @vocab
            raise Declined
        if identifier in seen:
            raise Declined  # rdflib would write the two subjects as one node
        seen.add(identifier)
        yield node


def plain_jsonld(triples: Triples, key: str) -> dict[str, Any] | None:
    """What rdflib's ``Converter`` makes of ``triples`` with the context ``key``, or None.

    ``triples`` are rdflib terms; a repeated triple counts once, as in a graph.
    None: blank nodes, lists (``rdf:first``, ``rdf:rest``, ``rdf:nil``), a context
    with ``@container``, two subjects whose ``@id`` rdflib finds equal (an ``@id``
    that is a ``URIRef`` and one that is a string are not), no triple at all, or a
    false value among several (see the module's docstring): take rdflib's route.
    """
    planned = plain_nodes(triples, key)
    if planned is None:
        return None
    try:
        found = list(planned.nodes)
    except Declined:
        return None
    return found[0] if len(found) == 1 else {planned.graph_key: found}


def _node(subject: URIRef, properties: dict[Any, Any], compactor: _Compactor) -> dict[Any, Any]:
    """The node ``add_to_node`` makes of ``subject`` and its predicates' objects."""
    node: dict[Any, Any] = {compactor.id_key: compactor.shrink(subject)}
    value = compactor.value
    for p, held in properties.items():
        for o in objects_of(held):
            if o in _LIST_TERMS:
                raise _Decline
            name, item = value(p, o)
            kept = node.get(name)
            if kept is None:
                node[name] = item
            elif not kept or not item:
                raise _Decline  # rdflib drops a false first value: the graph's order decides
            elif type(kept) is list:
                kept.append(item)
            else:
                node[name] = [kept, item]
    return node


__all__ = ["Declined", "Nodes", "context_of", "plain_jsonld", "plain_nodes"]
