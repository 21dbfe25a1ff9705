"""Loading the dataset into a triple store, and proving that the store holds what was sent.

Two kinds of target:

* a folder: an embedded, on-disk Oxigraph store (through ``pyoxigraph``) that
  ``oxigraph serve --location DIR`` can serve later;
* an ``http(s)://`` URL: any store that speaks the SPARQL 1.1 Graph Store HTTP
  Protocol (Oxigraph, Fuseki, Virtuoso, GraphDB, …), checked through its
  SPARQL 1.1 query endpoint.

Each graph is sent as N-Triples made by kzreforms' own deterministic serializer.
Afterwards every graph is counted in the store and a few distinctive literals
(decimals first) are read back, so a store that dropped, duplicated or rewrote
data is caught. ``pyoxigraph`` and ``requests`` are imported on first use.
"""

from __future__ import annotations

import dataclasses
import functools
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from .dataset import GRAPHS, as_dataset, graphs_of, load_packaged
from .errors import InputError, QueryError, StoreError, one_line
from .formats import get_format
from .gsp import AuthType, GraphStore, Select, split_credentials
from .resources import SELECTIONS
from .sparql import QueryResult, _python, resolve_query
from .writers import serialize

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

_STAGING = "urn:kzreforms:staging:"


@dataclass(frozen=True)
class GraphLoad:
    """One graph written to a store: its IRI (``None`` for the default graph) and triple counts."""

    iri: str | None
    sent: int
    found: int


@dataclass(frozen=True)
class LoadReport:
    """What :func:`load_into` wrote, where, and whether the store was seen to hold it."""

    target: str
    """The store folder or URL (never with credentials)."""
    graphs: tuple[GraphLoad, ...]
    verified: bool
    replaced: bool = True
    notes: tuple[str, ...] = ()
    """Warnings, e.g. literals the store keeps in another (canonical) lexical form."""
    seconds: float = field(default=0.0, compare=False)

    @property
    def triples(self) -> int:
        """The number of triples sent."""
        return sum(graph.sent for graph in self.graphs)

    def text(self) -> str:
        """A short human-readable account, one line per graph."""
        verb = "Replaced" if self.replaced else "Appended to"
        lines = [
            f"{verb} {len(self.graphs)} graph{'s' if len(self.graphs) != 1 else ''} "
            f"in {self.target} ({self.seconds:.1f} s):"
        ]
        for graph in self.graphs:
            name = f"<{graph.iri}>" if graph.iri else "the default graph"
            lines.append(f"  {name}  {graph.sent:,} triples sent, {graph.found:,} found")
        lines.extend(f"  note: {note}" for note in self.notes)
        lines.append("Verified." if self.verified else "Not verified.")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Payload:
    iri: str | None
    body: bytes
    triples: int
    samples: tuple[tuple[URIRef, URIRef, Literal], ...]

    @property
    def name(self) -> str:
        return f"<{self.iri}>" if self.iri else "the default graph"


def load_into(
    target: str | Path,
    dataset: Dataset | None = None,
    *,
    graphs: Sequence[str] = ("ontology", "data", "context", "shapes"),
    graph_iri: str | None = None,
    graph_iris: Mapping[str, str] | None = None,
    replace: bool = True,
    auth: tuple[str, str] | None = None,
    auth_type: AuthType = "basic",
    timeout: float = 30,
    query_url: str | None = None,
    exact: bool = False,
) -> LoadReport:
    """Load graphs into a triple store and check that the store holds what was sent.

    :param target: a folder (embedded Oxigraph store, created if missing) or an
        ``http(s)://`` SPARQL 1.1 Graph Store endpoint, e.g. ``http://localhost:7878/store``.
    :param dataset: what :func:`kzreforms.load` returned; the packaged dataset by default.
    :param graphs: which graphs to send: ``ontology``, ``data``, ``context``, ``shapes`` or ``all``
        (every non-empty graph, the default graph of your own files included).
    :param graph_iri: send everything selected into this one graph instead.
    :param graph_iris: per-graph target IRIs, e.g. ``{"data": "https://example.org/g"}``
        (default: the IRIs of :data:`kzreforms.GRAPHS`, or the source graph's own IRI).
    :param replace: replace each graph (HTTP PUT; loading twice gives the same store);
        ``False`` appends (HTTP POST).
    :param auth: ``(user, password)`` for the store; ``auth_type`` ``basic`` or ``digest``.
    :param timeout: seconds to wait for each HTTP answer.
    :param query_url: the store's SPARQL query endpoint, when it cannot be guessed.
    :param exact: also fail when the store keeps a literal in another lexical form
        with the same value (Oxigraph and Virtuoso store ``"4.0"^^xsd:decimal`` as ``"4"``).
    :raises StoreError: the store cannot be reached, refuses the data, or holds
        other data than sent; the message says which graphs were written.

    >>> import tempfile
    >>> report = load_into(tempfile.mkdtemp(), graphs=["ontology"])
    >>> report.verified, report.graphs[0].sent == report.graphs[0].found
    (True, True)
    """
    payloads = _payloads(as_dataset(dataset), graphs, graph_iri, graph_iris or {})
    text = str(target)
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    started = time.monotonic()
    if scheme:
        client = GraphStore(
            text, query_url=query_url, auth=auth, auth_type=auth_type, timeout=timeout
        )
        try:
            found, notes = _load_remote(client, payloads, replace=replace, exact=exact)
        finally:
            client.close()
        shown = client.url
    else:
        if query_url is not None:
            raise InputError("--query-url only goes with a store URL, not a folder")
        found, notes = _load_embedded(Path(target), payloads, replace=replace, exact=exact)
        shown = text
    return LoadReport(
        target=shown,
        graphs=tuple(
            GraphLoad(p.iri, p.triples, count) for p, count in zip(payloads, found, strict=True)
        ),
        verified=True,
        replaced=replace,
        notes=tuple(notes),
        seconds=time.monotonic() - started,
    )


# --------------------------------------------------------------------------- what to send


def _payloads(
    dataset: Dataset,
    selections: Sequence[str],
    graph_iri: str | None,
    graph_iris: Mapping[str, str],
) -> list[_Payload]:
    if isinstance(selections, str):
        selections = [selections]
    for selection in selections:
        if selection not in SELECTIONS:
            raise InputError(f"unknown graph {selection!r}: choose from {', '.join(SELECTIONS)}")
    for iri in [graph_iri, *graph_iris.values()]:
        if iri is not None and not _is_absolute_iri(iri):
            raise InputError(f"{iri!r} is not an absolute IRI; give e.g. https://example.org/g")
    unknown = set(graph_iris) - set(GRAPHS)
    if unknown:
        raise InputError(
            f"cannot rename graph {sorted(unknown)[0]!r}: choose from {', '.join(GRAPHS)}"
        )
    chosen: list[Graph] = []
    for selection in selections:
        for graph in graphs_of(dataset, selection):
            if all(graph.identifier != seen.identifier for seen in chosen):
                chosen.append(graph)
    nt = get_format("nt")
    if graph_iri is not None:
        return [_payload(graph_iri, chosen, nt)]
    kinds = {iri: kind for kind, iri in GRAPHS.items()}
    out = []
    for graph in chosen:
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            iri = None
        else:
            kind = kinds.get(graph.identifier)  # type: ignore[call-overload]
            iri = graph_iris.get(kind, str(graph.identifier)) if kind else str(graph.identifier)
        out.append(_payload(iri, [graph], nt))
    return out


def _payload(iri: str | None, graphs: list[Graph], nt: Any) -> _Payload:
    body = serialize(graphs, nt)
    return _Payload(iri, body, body.count(b"\n"), _samples(graphs))


def _is_absolute_iri(text: str) -> bool:
    scheme, _, rest = text.partition(":")
    return (
        bool(scheme)
        and scheme[0].isalpha()
        and bool(rest)
        and not any(c in text for c in ' <>"{}|^`\\')
    )


def _samples(graphs: list[Graph]) -> tuple[tuple[URIRef, URIRef, Literal], ...]:
    """Pick a few literals a store could rewrite: decimals (trailing zeros first), then others."""

    def rank(triple: tuple[Any, Any, Any]) -> tuple[int, str]:
        literal = triple[2]
        text = str(literal)
        if literal.datatype == XSD.decimal:
            return (0 if "." in text and text.endswith("0") else 1), text
        if literal.language and not text.isascii():
            return 2, text
        return 3, text

    candidates: set[tuple[URIRef, URIRef, Literal]] = set()
    for graph in graphs:
        for s, p, o in graph:
            if (
                isinstance(s, URIRef)
                and isinstance(p, URIRef)
                and isinstance(o, Literal)
                and (o.language or (o.datatype is not None and o.datatype != XSD.string))
            ):
                candidates.add((s, p, o))
    quota = {0: 2, 1: 1, 2: 1, 3: 1}
    picked: list[tuple[URIRef, URIRef, Literal]] = []
    for triple in sorted(candidates, key=lambda t: (rank(t), str(t[0]), str(t[1]))):
        category = rank(triple)[0]
        if quota[category] and all(str(triple[2]) != str(seen[2]) for seen in picked):
            quota[category] -= 1
            picked.append(triple)
    return tuple(picked)


# --------------------------------------------------------------------------- checking


def _count_query(iri: str | None) -> str:
    pattern = f"GRAPH <{iri}> {{ ?s ?p ?o }}" if iri else "?s ?p ?o"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"


def _count(select: Select, iri: str | None) -> int:
    rows = select(_count_query(iri))
    try:
        return int(str(rows[0]["n"]))
    except (IndexError, KeyError, ValueError, TypeError):
        raise StoreError("checking the store: the count query gave no number") from None


def _verify(
    payloads: list[_Payload],
    select: Select,
    *,
    replace: bool,
    before: list[int],
    exact: bool,
) -> tuple[list[int], list[str]]:
    found: list[int] = []
    notes: list[str] = []
    for payload, had in zip(payloads, before, strict=True):
        count = _count(select, payload.iri)
        found.append(count)
        if replace and payload.iri is not None:
            ok = count == payload.triples
        else:  # the default graph may be the union of all graphs; appending keeps old triples
            ok = max(had, payload.triples) <= count <= had + payload.triples or (
                payload.iri is None and count >= payload.triples
            )
        if not ok:
            raise StoreError(
                f"the store holds {count:,} triples in {payload.name} but {payload.triples:,} "
                "were sent; it dropped, merged or duplicated data"
            )
        notes.extend(_check_samples(payload, select, exact=exact))
    return found, notes


def _check_samples(payload: _Payload, select: Select, *, exact: bool) -> list[str]:
    if not payload.samples:
        return []
    pairs = " ".join(sorted({f"(<{s}> <{p}>)" for s, p, _ in payload.samples}))
    pattern = f"GRAPH <{payload.iri}> {{ ?s ?p ?o }}" if payload.iri else "?s ?p ?o"
    rows = select(f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p) {{ {pairs} }} {pattern} }}")
    notes = []
    for s, p, sent in payload.samples:
        back = [r["o"] for r in rows if r.get("s") == s and r.get("p") == p and "o" in r]
        if any(isinstance(o, Literal) and _same_term(o, sent) for o in back):
            continue
        equal = [o for o in back if isinstance(o, Literal) and _same_value(o, sent)]
        if equal and not exact:
            note = (
                f"the store keeps {_short(sent)} as {_short(equal[0])} in {payload.name} "
                "(same value, canonical form; --exact refuses this)"
            )
            if note not in notes:
                notes.append(note)
            continue
        shown = _short(equal[0]) if equal else (_show(back[0]) if back else "nothing")
        raise StoreError(
            f"the store rewrote a value in {payload.name}: sent {_short(sent)} for <{s}> <{p}>, "
            f"found {shown}"
        )
    return notes


def _short(literal: Literal) -> str:
    if literal.datatype is not None and str(literal.datatype).startswith(str(XSD)):
        return f'"{literal}"^^xsd:{str(literal.datatype)[len(str(XSD)) :]}'
    return literal.n3()


def _show(node: Node) -> str:
    return _short(node) if isinstance(node, Literal) else f"<{node}>"


def _same_term(a: Literal, b: Literal) -> bool:
    if a.language or b.language:
        return str(a) == str(b) and (a.language or "").lower() == (b.language or "").lower()
    return str(a) == str(b) and a.datatype == b.datatype


def _same_value(a: Literal, b: Literal) -> bool:
    try:
        return a.datatype == b.datatype and bool(a.eq(b))
    except TypeError:
        return False


def _progress(written: list[_Payload], payloads: list[_Payload]) -> str:
    if not written:
        return "nothing was written"
    done = ", ".join(f"{p.name} ({p.triples:,} triples)" for p in written)
    rest = [p.name for p in payloads if p not in written]
    tail = f"; not written: {', '.join(rest)}" if rest else ""
    return f"written before the failure: {done}{tail}"


# --------------------------------------------------------------------------- remote stores


def _load_remote(
    client: GraphStore, payloads: list[_Payload], *, replace: bool, exact: bool
) -> tuple[list[int], list[str]]:
    written: list[_Payload] = []
    try:
        before = [0 if replace else _count(client.select, p.iri) for p in payloads]
        for payload in payloads:
            client.write(payload.iri, payload.body, replace=replace)
            written.append(payload)
        return _verify(payloads, client.select, replace=replace, before=before, exact=exact)
    except StoreError as err:
        raise StoreError(client.mask(f"{err}; {_progress(written, payloads)}")) from None


# --------------------------------------------------------------------------- embedded store


def _open(directory: Path, *, read_only: bool = False) -> pyoxigraph.Store:
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise StoreError("the embedded store needs pyoxigraph: pip install pyoxigraph") from None
    if read_only:  # querying: a wrong folder is the user's input, not a store failure
        if not directory.is_dir():
            what = "is not a folder" if directory.exists() else "no such folder"
            raise InputError(f"{directory}: {what}; run 'kzreforms load --store {directory}' first")
        if not (directory / "CURRENT").is_file():
            raise InputError(
                f"{directory}: no Oxigraph store there; "
                f"run 'kzreforms load --store {directory}' first"
            )
    if directory.exists() and not directory.is_dir():
        raise StoreError(f"{directory}: is a file; give a folder for the store")
    is_store = (directory / "CURRENT").is_file()
    if directory.is_dir() and any(directory.iterdir()) and not is_store:
        raise StoreError(
            f"{directory}: the folder holds other files and no Oxigraph store; "
            "give an empty or new folder"
        )
    try:
        if read_only:
            return pyoxigraph.Store.read_only(str(directory))
        directory.mkdir(parents=True, exist_ok=True)
        return pyoxigraph.Store(str(directory))
    except OSError as err:
        detail = one_line(err, limit=None)
        if "lock" in detail.lower():
            raise StoreError(
                f"{directory}: the store is in use by another process (oxigraph serve?); "
                "stop it, or load through its URL"
            ) from None
        raise StoreError(f"{directory}: cannot open the store ({detail[:160]})") from None


def _oxigraph_select(store: pyoxigraph.Store) -> Select:
    def select(sparql: str) -> list[dict[str, Node]]:
        solutions = store.query(sparql)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        out = []
        for solution in solutions:  # type: ignore[union-attr]
            row = {name: _rdflib(solution[name]) for name in names if solution[name] is not None}
            out.append(row)
        return out

    return select


def _load_embedded(
    directory: Path, payloads: list[_Payload], *, replace: bool, exact: bool
) -> tuple[list[int], list[str]]:
    """Stage every graph, then swap them in with one SPARQL update (one transaction)."""
    import pyoxigraph

    store = _open(directory)
    select: Select | None = None
    try:
        for graph in store.named_graphs():  # left over by a process killed mid-load
            if isinstance(graph, pyoxigraph.NamedNode) and graph.value.startswith(_STAGING):
                store.remove_graph(graph)
        select = _oxigraph_select(store)
        before = [0 if replace else _count(select, p.iri) for p in payloads]
        run = f"{_STAGING}{uuid.uuid4()}:"
        staged = [pyoxigraph.NamedNode(f"{run}{i}") for i in range(len(payloads))]
        try:
            for payload, graph in zip(payloads, staged, strict=True):
                store.load(
                    input=payload.body, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=graph
                )
        except (SyntaxError, ValueError, OSError) as err:
            for graph in staged:
                if store.contains_named_graph(graph):
                    store.remove_graph(graph)
            detail = one_line(err)
            raise StoreError(
                f"{directory}: loading failed ({detail}); the store was left as it was"
            ) from None
        operations = []
        for payload, graph in zip(payloads, staged, strict=True):
            destination = f"GRAPH <{payload.iri}>" if payload.iri else "DEFAULT"
            if replace:
                operations.append(f"MOVE SILENT GRAPH <{graph.value}> TO {destination}")
            else:
                operations.append(f"ADD SILENT GRAPH <{graph.value}> TO {destination}")
                operations.append(f"DROP SILENT GRAPH <{graph.value}>")
        store.update(" ;\n".join(operations))  # all graphs change together, or none
        store.flush()
        return _verify(payloads, select, replace=replace, before=before, exact=exact)
    finally:  # release the folder's lock even if a traceback keeps this frame alive
        store = select = None  # type: ignore[assignment]


def query_store(directory: str | Path, sparql: str) -> QueryResult:
    """Run a SPARQL 1.1 query against an embedded store made by :func:`load_into`.

    As with :func:`kzreforms.query`, the default graph is the union of all graphs
    and ``sparql`` may be a packaged query's name or a ``.rq`` path.

    Table output shortens IRIs with the packaged dataset's prefixes (``kzd:`` …).

    :raises InputError: there is no store in ``directory``.
    :raises QueryError: the query does not parse.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = load_into(folder, graphs=["data"])
    >>> query_store(folder, "ASK { ?s ?p ?o }").boolean
    True
    """
    text = resolve_query(sparql)
    store = _open(Path(directory), read_only=True)
    try:
        try:
            result = store.query(text, use_default_graph_as_union=True)
        except SyntaxError as err:
            raise QueryError(
                f"SPARQL syntax error: {one_line(err, limit=None)}; fix the query"
            ) from None
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"the query failed: {one_line(err)}") from None
        converted = _to_result(result)
    finally:
        store = None  # type: ignore[assignment]
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
    if isinstance(result, pyoxigraph.QueryTriples):
        graph = Graph()
        for triple in result:
            graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
        return QueryResult(kind="CONSTRUCT", graph=graph)
    variables = tuple(v.value for v in result.variables)
    terms = tuple({name: _rdflib(solution[name]) for name in variables} for solution in result)
    rows = tuple({name: _python(value) for name, value in row.items()} for row in terms)
    return QueryResult(kind="SELECT", variables=variables, rows=rows, terms=terms)


def _rdflib(term: Any) -> Any:
    """Convert a pyoxigraph term to the rdflib term kzreforms.query would give."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"the store returned a term kzreforms cannot show: {term!r}")


__all__ = ["GraphLoad", "LoadReport", "load_into", "query_store", "split_credentials"]
