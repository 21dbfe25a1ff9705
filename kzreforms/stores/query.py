"""Querying an embedded store made by :func:`kzreforms.load_into`, with kzreforms' own results."""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..dataset import load_packaged
from ..errors import QueryError, StoreError, one_line
from ..graphs import has_dataset_clause, refuse_service
from ..sparql import QueryResult, python_value, resolve_query
from ..terms import NotRdflibTerm, rdflib_converter
from .embedded import EmbeddedStore, open_store

# --------------------------------------------------------------------------- querying


def query_store(
    store: str | Path | EmbeddedStore, *, sparql: str, timeout: float | None = None
) -> QueryResult:
    """Run a SPARQL 1.1 query against an embedded store made by :func:`load_into`.

    As with :func:`kzreforms.query`, the default graph is the union of all graphs
    (``FROM`` and ``FROM NAMED`` pick graphs of the store by IRI instead; nothing is
    ever fetched), ``SERVICE`` is refused before anything runs, and ``sparql`` may
    be a packaged query's name or a ``.rq`` path.

    Table output shortens IRIs with the packaged dataset's prefixes (``kzd:`` …).

    :param timeout: give up after this many seconds (the store offers no way to
        cancel a query, so its thread is abandoned and ends with the process).
    :raises InputError: there is no store in the folder.
    :raises QueryError: the query does not parse, calls a ``SERVICE`` or runs too long.

    :param store: the store's folder (or an :class:`EmbeddedStore`).

    >>> import tempfile
    >>> from kzreforms.stores import load_into
    >>> folder = tempfile.mkdtemp()
    >>> _ = load_into(store=folder, graphs="data")
    >>> query_store(folder, sparql="ASK { ?s ?p ?o }").boolean
    True
    """
    text = resolve_query(sparql)
    refuse_service(text)
    folder = store.folder if isinstance(store, EmbeddedStore) else Path(store)
    oxigraph = open_store(folder, read_only=True)
    union = not has_dataset_clause(text)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = _to_result(oxigraph.query(text, use_default_graph_as_union=union))
        except BaseException as err:  # handed to the waiting thread
            outcome["error"] = err

    worker = threading.Thread(target=run, name="kzreforms-query", daemon=True)
    started = time.monotonic()
    worker.start()
    while worker.is_alive():  # waiting in short steps keeps Ctrl-C working
        worker.join(0.05)
        if timeout is not None and time.monotonic() - started > timeout:
            raise QueryError(
                f"the query did not finish within {timeout:g} s; narrow it, or allow more time",
                parameter="timeout",
            )
    oxigraph = None  # type: ignore[assignment]
    error = outcome.get("error")
    if isinstance(error, SyntaxError):
        raise QueryError(
            f"SPARQL syntax error: {one_line(error, limit=None)}; fix the query"
        ) from error
    if isinstance(error, OSError | ValueError | RuntimeError):
        raise QueryError(f"the query failed: {one_line(error)}") from error
    if error is not None:
        raise error
    converted: QueryResult = outcome["result"]
    return dataclasses.replace(converted, prefixes=_packaged_prefixes())


@functools.cache
def _packaged_prefixes() -> tuple[tuple[str, str], ...]:
    """The named prefixes of the packaged ontology and data, as :func:`kzreforms.query` uses."""
    namespaces = load_packaged(["ontology", "data"]).namespaces()
    return tuple(sorted((prefix, str(iri)) for prefix, iri in namespaces if prefix))


def _to_result(result: Any) -> QueryResult:
    import pyoxigraph

    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult(kind="ASK", boolean=bool(result))
    term = rdflib_converter()
    try:
        if isinstance(result, pyoxigraph.QueryTriples):
            graph = Graph()
            for triple in result:
                graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))  # type: ignore[arg-type]
            return QueryResult(kind="CONSTRUCT", graph=graph)
        variables = tuple(v.value for v in result.variables)
        terms = tuple({name: _term(term, row[name]) for name in variables} for row in result)
    except NotRdflibTerm as err:
        raise StoreError(f"the store returned a term kzreforms cannot show: {err.term!r}") from err
    rows = tuple({name: python_value(value) for name, value in row.items()} for row in terms)
    return QueryResult(kind="SELECT", variables=variables, rows=rows, terms=terms)


def _term(term: Any, value: Any) -> Any:
    """An unbound variable (None) stays None; anything else is converted."""
    return None if value is None else term(value)


__all__ = ["query_store"]
