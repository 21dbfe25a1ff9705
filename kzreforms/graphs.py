"""Generic graph helpers below loading, writing, querying and validation.

An empty dataset that binds only the core prefixes, the union of graphs, and the
offline guard of every SPARQL query kzreforms runs: no ``SERVICE``, no ``FROM``
fetched over the network. Nothing here changes a caller's graphs or, except
:func:`offline_sparql` (for pyshacl, which runs its own queries), rdflib's settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from .errors import QueryError

if TYPE_CHECKING:  # pragma: no cover - the SPARQL engine loads when a query runs
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.query import Result


__all__ = [
    "BySubject",
    "Grouped",
    "Triples",
    "by_subject",
    "has_dataset_clause",
    "make_prefixes",
    "mentions_service",
    "new_dataset",
    "objects_of",
    "offline_sparql",
    "refuse_service",
    "run_query",
    "union_graph",
]


class _SortedDataset(Dataset):
    """A dataset whose graphs come out sorted by IRI (rdflib's TriG writer walks hash order)."""

    def contexts(self, triple: Any = None) -> Any:
        return iter(sorted(self.graphs(triple), key=lambda g: str(g.identifier)))


def new_dataset() -> Dataset:
    """Return an empty in-memory Dataset that binds only the core prefixes (rdf, rdfs, owl, xsd).

    rdflib's default binds some thirty well-known prefixes; outputs should carry
    the prefixes of their sources instead.

    >>> sorted(prefix for prefix, _ in new_dataset().namespaces())
    ['owl', 'rdf', 'rdfs', 'xml', 'xsd']
    """
    dataset = _SortedDataset()
    manager = NamespaceManager(dataset, bind_namespaces="core")
    dataset.namespace_manager = manager
    dataset.default_graph.namespace_manager = manager
    return dataset


def make_prefixes(manager: NamespaceManager, predicates: Iterable[Any], *, strict: bool) -> None:
    """Make the ``ns1``, ``ns2``, … prefixes rdflib's writers would make, in IRI order.

    rdflib's Turtle, TriG and RDF/XML writers make a prefix for each predicate namespace
    that has none, numbered in the order they meet them: hash order, which
    ``PYTHONHASHSEED`` changes. Made here first, in IRI order, the numbers are stable.
    ``strict``: RDF/XML's, which needs an XML name after the prefix.
    """
    for predicate in sorted(predicates):
        try:
            if strict:
                manager.compute_qname_strict(predicate)
            else:
                manager.compute_qname(predicate, generate=True)
        except Exception:  # noqa: BLE001 - no namespace to split off: the writer copes or says so
            continue


#: A graph by subject: each subject's predicates, each with its object, or with a dict
#: of its objects once it has two (most have one; a dict costs some 200 bytes).
BySubject = dict[Any, dict[Any, Any]]


class Grouped(NamedTuple):
    """What :func:`by_subject` returns: the triples by subject, and how often each IRI is an
    object. A reader that groups as it reads (:mod:`kzreforms.lines`) hands the direct
    writers one of these in place of the triples."""

    subjects: BySubject
    refs: dict[Any, int]


#: Triples as the direct writers take them: any iterable of them, or already :class:`Grouped`.
Triples = Iterable[tuple[Any, Any, Any]] | Grouped


def by_subject(triples: Triples) -> Grouped | None:
    """The triples once each, by subject and predicate, and how often each IRI is an object.

    None where a subject or predicate is not an IRI, or an object neither an IRI nor
    a literal: blank nodes, which the direct writers (:mod:`kzreforms.ttl`,
    :mod:`kzreforms.rdfxml`, :mod:`kzreforms.jsonld`) leave to rdflib's. Triples
    already :class:`Grouped` come back as they are.
    """
    if isinstance(triples, Grouped):
        return triples
    subjects: BySubject = {}
    for s, p, o in triples:
        properties = subjects.get(s)
        if properties is None:
            if not isinstance(s, URIRef):
                return None
            properties = subjects[s] = {}
        held = properties.get(p)
        if held is None:
            properties[p] = o
        elif type(held) is dict:
            held[o] = None
        elif held is not o and held != o:  # (a repeated triple counts once)
            properties[p] = {held: None, o: None}
    refs: dict[Any, int] = {}
    for properties in subjects.values():
        for p, held in properties.items():
            if not isinstance(p, URIRef):
                return None
            for o in held if type(held) is dict else (held,):
                if isinstance(o, URIRef):
                    refs[o] = refs.get(o, 0) + 1
                elif not isinstance(o, Literal):
                    return None
    return Grouped(subjects, refs)


def objects_of(held: Any) -> Iterable[Any]:
    """A predicate's objects as :func:`by_subject` keeps them: none, one, or a dict of several."""
    if held is None:
        return ()
    return held if type(held) is dict else (held,)


def union_graph(graphs: list[Graph], *, store: str = "default") -> Graph:
    """Return one graph holding every triple of ``graphs`` and their prefixes.

    ``store``: rdflib's store plugin; ``SimpleMemory`` looks triples up in about half
    the time of the default one, which also keeps contexts, for a graph that is read
    a great deal.

    >>> a = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")
    >>> b = Graph().parse(data="<urn:a> <urn:b> <urn:d> .", format="nt")
    >>> len(union_graph([a, b]))
    2
    """
    out = Graph(store=store, bind_namespaces="none")
    for graph in graphs:
        for prefix, namespace in sorted(graph.namespaces()):
            out.bind(prefix, namespace, override=False)
        out += graph
    return out


# --------------------------------------------------------------------------- SPARQL, offline

#: SPARQL's codepoint escapes, processed before the query is parsed (SPARQL 1.1 §19.2).
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: What cannot hold a keyword: strings, IRIs and comments.
_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)"
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|'(?:[^'\\\n]|\\.)*'?"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
#: The keyword itself; not a variable (?service), a prefixed name (ex:service) or a word part.
_SERVICE = re.compile(r"(?<![\w?$:-])SERVICE(?![\w:-])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w?$:-])FROM(?![\w:-])", re.IGNORECASE)


def _code(text: str) -> str:
    """The query with escapes expanded and strings, IRIs and comments blanked out."""
    expanded = _ESCAPE.sub(lambda m: _codepoint(m.group(1) or m.group(2)), text)
    return _NOT_CODE.sub(" ", expanded)


def _codepoint(digits: str) -> str:
    value = int(digits, 16)
    return chr(value) if value < 0x110000 else " "


def mentions_service(text: str) -> bool:
    """Whether SPARQL ``text`` uses the ``SERVICE`` keyword, however it is spelt.

    Codepoint escapes are expanded first (``\\u0053ERVICE`` is ``SERVICE``); the word
    inside a string, an IRI, a comment or a variable name does not count.

    >>> mentions_service("SELECT * { service silent <http://h/> { ?s ?p ?o } }")
    True
    >>> mentions_service("SELECT * { \\u0053ERVICE <http://h/> { ?s ?p ?o } }")
    True
    >>> mentions_service('SELECT ?service { ?service ?p "a SERVICE" } # SERVICE')
    False
    """
    return _SERVICE.search(_code(text)) is not None


def refuse_service(text: str) -> None:
    """Raise :class:`QueryError` before anything runs if SPARQL ``text`` calls a ``SERVICE``.

    :func:`kzreforms.query`, :func:`kzreforms.stores.query_store` and the shapes'
    SPARQL constraints all go through this one guard.
    """
    if mentions_service(text):
        raise QueryError(
            "the query calls a remote SERVICE, which kzreforms never does; "
            "load that data and query it locally"
        )


def has_dataset_clause(text: str) -> bool:
    """Whether SPARQL ``text`` names its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> has_dataset_clause("SELECT * FROM <urn:g> { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT * { ?s ?p "from" }')
    False
    """
    return _FROM.search(_code(text)) is not None


def run_query(source: Graph, prepared: Query) -> Result:
    """Evaluate a prepared SPARQL query over ``source``, offline, changing nothing.

    The query's default graph is the union of every graph of a dataset (its
    ``default_union`` setting is left as it is); ``FROM`` and ``FROM NAMED``
    pick graphs of ``source`` by IRI, and an IRI that names none is an empty
    graph, never fetched (SPARQL 1.1 §13.2). rdflib's process-wide
    ``SPARQL_LOAD_GRAPHS`` is not touched.

    >>> from rdflib.plugins.sparql import prepareQuery
    >>> ds = new_dataset()
    >>> _ = ds.graph("urn:g").add((ds.graph("urn:g").identifier,) * 3)
    >>> bool(run_query(ds, prepareQuery("ASK { ?s ?p ?o }")).askAnswer), ds.default_union
    (True, False)
    """
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.processor import SPARQLResult

    clause = prepared.algebra.datasetClause
    context = _offline_context()(source, initBindings={}, datasetClause=clause)
    context.prologue = prepared.prologue
    return SPARQLResult(evalPart(context, prepared.algebra))


@cache
def _offline_context() -> type[Any]:
    """rdflib's query context, with a union view of a dataset and a ``load`` that never fetches."""
    from rdflib.plugins.sparql.sparql import QueryContext

    class OfflineContext(QueryContext):
        def __init__(self, graph: Graph, **kwargs: Any) -> None:
            super().__init__(graph, **kwargs)
            if isinstance(graph, Dataset) and not kwargs.get("datasetClause"):
                self.graph = _union_view(graph)

        def load(self, source: Any, default: bool = False, into: Any = None, **kwargs: Any) -> None:
            """Never fetch: an IRI that names no graph of the dataset stands for an empty graph.

            rdflib calls this only for a ``FROM`` or ``FROM NAMED`` graph that is empty.
            """

    return OfflineContext


def _union_view(dataset: Dataset) -> Dataset:
    """A second view of ``dataset``'s store whose default graph is the union of all its graphs."""
    view = Dataset(store=dataset.store, default_union=True)
    # Share the caller's prefixes: a view left to itself would bind rdflib's defaults in the store.
    view.namespace_manager = dataset.namespace_manager
    return view


@contextmanager
def offline_sparql() -> Iterator[None]:
    """Stop rdflib's SPARQL engine from fetching the IRIs of ``FROM`` clauses over the network.

    For code that runs its own queries (pyshacl's SPARQL constraints): the setting is
    process-wide while the block runs and restored after it. :func:`run_query` needs none.
    """
    import rdflib.plugins.sparql as engine

    previous = engine.SPARQL_LOAD_GRAPHS
    engine.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        engine.SPARQL_LOAD_GRAPHS = previous
