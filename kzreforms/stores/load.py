"""Loading the dataset into a triple store, and proving that the store holds what was sent.

Two kinds of target:

* a folder: an embedded, on-disk Oxigraph store (through ``pyoxigraph``) that
  ``oxigraph serve --location DIR`` can serve later;
* an ``http(s)://`` URL: any store that speaks the SPARQL 1.1 Graph Store HTTP
  Protocol (Oxigraph, Fuseki, Virtuoso, GraphDB, …).

Each graph is sent as N-Triples made by kzreforms' own deterministic serializer.
Afterwards every graph is read back whole (a Graph Store ``GET``, or the
embedded store's quads) and compared with what was sent, triple by triple, by
term and by value (:mod:`kzreforms.verify`): a store that dropped, added or
changed data is an error; one that keeps a literal in another form with the
same value is reported (and refused with ``exact=True``).

The embedded store is never changed in place: the new content is built in a
sibling folder, checked there, and swapped in with one atomic rename, so an
interrupted or failed load leaves the previous store exactly as it was.
``pyoxigraph`` and ``requests`` are imported on first use.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import shutil
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from ..dataset import GRAPHS, as_dataset, graphs_of, load_packaged
from ..errors import InputError, QueryError, StoreError, one_line
from ..formats import get_format
from ..graphs import has_dataset_clause, refuse_service
from ..resources import SELECTIONS
from ..sparql import QueryResult, python_value, resolve_query
from ..writers import serialize
from .gsp import AuthType, GraphStore, split_credentials
from .swap import clean_leftovers, swap_in
from .verify import Comparison, Rewrite, compare

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: Sibling folders a load builds in (``.NAME.kzreforms-load-…``), removed when done.
_WORK = ".kzreforms-load-"


@dataclass(frozen=True)
class GraphLoad:
    """One graph written to a store: its IRI (``None`` for the default graph) and triple counts."""

    iri: str | None
    sent: int
    found: int
    rewritten: int = 0
    """Triples whose literal the store keeps in another form with the same value."""


@dataclass(frozen=True)
class LoadReport:
    """What :func:`load_into` wrote, where, and what reading it back showed."""

    target: str
    """The store folder or URL (never with credentials)."""
    graphs: tuple[GraphLoad, ...]
    verified: bool
    """Every graph was read back whole and holds every triple sent, by value."""
    replaced: bool = True
    notes: tuple[str, ...] = ()
    """Warnings, e.g. literals the store keeps in another (canonical) form."""
    seconds: float = field(default=0.0, compare=False)
    rewrites: tuple[tuple[str | None, Rewrite], ...] = ()
    """Per graph IRI, each kind of rewrite the store made (same value, other form)."""

    @property
    def triples(self) -> int:
        """The number of triples sent."""
        return sum(graph.sent for graph in self.graphs)

    @property
    def exact(self) -> bool:
        """True when the store holds exactly the terms sent (no rewrite at all)."""
        return self.verified and not self.rewrites

    def text(self) -> str:
        """A short human-readable account, one line per graph."""
        verb = "Replaced" if self.replaced else "Appended to"
        lines = [
            f"{verb} {len(self.graphs)} graph{'s' if len(self.graphs) != 1 else ''} "
            f"in {self.target} ({self.seconds:.1f} s):"
        ]
        for graph in self.graphs:
            name = f"<{graph.iri}>" if graph.iri else "the default graph"
            tail = f" ({graph.rewritten:,} in another form)" if graph.rewritten else ""
            lines.append(f"  {name}  {graph.sent:,} triples sent, {graph.found:,} found{tail}")
        lines.extend(f"  note: {note}" for note in self.notes)
        if not self.verified:
            lines.append("Not verified.")
        elif self.rewrites:
            count = sum(rewrite.count for _, rewrite in self.rewrites)
            lines.append(
                f"Verified by value: every triple was read back; {count:,} literal"
                f"{'s' if count != 1 else ''} in another form with the same value "
                "(--exact refuses this)."
            )
        else:
            lines.append("Verified: every triple was read back exactly as sent.")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Payload:
    iri: str | None
    body: bytes
    triples: int

    @property
    def name(self) -> str:
        return f"<{self.iri}>" if self.iri else "the default graph"

    def parsed(self, *, rename: bool = False) -> list[pyoxigraph.Triple]:
        """The triples sent, as pyoxigraph reads them (``rename``: fresh blank nodes)."""
        import pyoxigraph

        quads = pyoxigraph.parse(
            self.body, format=pyoxigraph.RdfFormat.N_TRIPLES, rename_blank_nodes=rename
        )
        return [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]


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
    """Load graphs into a triple store, read every graph back and compare it with what was sent.

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
    :param timeout: seconds each whole HTTP request may take, its answer included.
    :param query_url: the store's SPARQL query endpoint (accepted for older callers;
        the check reads each graph back through the Graph Store endpoint itself).
    :param exact: also fail when the store keeps a literal in another form with the
        same value (Oxigraph stores ``"4.0"^^xsd:decimal`` as ``"4"`` and
        ``xsd:nonNegativeInteger`` as ``xsd:integer``).
    :raises StoreError: the store cannot be reached, refuses the data, or holds
        other data than sent; the message names the graph, an example triple,
        and which graphs were written. An embedded store is then left as it was.

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
            results = _load_remote(client, payloads, replace=replace, exact=exact)
        finally:
            client.close()
        shown = client.url
    else:
        if query_url is not None:
            raise InputError("--query-url only goes with a store URL, not a folder")
        results = _load_embedded(Path(target), payloads, replace=replace, exact=exact)
        shown = text
    checks = list(zip(payloads, results, strict=True))
    return LoadReport(
        target=shown,
        graphs=tuple(
            GraphLoad(p.iri, p.triples, found, result.rewritten) for p, (found, result) in checks
        ),
        verified=all(result.same_values for _, (_, result) in checks),
        replaced=replace,
        notes=tuple(
            _rewrite_note(p, rewrite) for p, (_, result) in checks for rewrite in result.rewrites
        ),
        rewrites=tuple((p.iri, r) for p, (_, result) in checks for r in result.rewrites),
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
        for graph in graphs_of(dataset, graphs=selection):  # type: ignore[arg-type]  # checked above
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


#: The longest N-Triples line Oxigraph's parser takes (it reads back every load, too).
MAX_LINE = 16 * 1024 * 1024


def _payload(iri: str | None, graphs: list[Graph], nt: Any) -> _Payload:
    body = serialize(graphs, nt)
    payload = _Payload(iri, body, body.count(b"\n"))
    if len(body) > MAX_LINE:
        _check_line_lengths(payload)
    return payload


def _check_line_lengths(payload: _Payload) -> None:
    """Refuse, before anything is written, a triple longer than the parser's buffer."""
    start = 0
    while start < len(payload.body):
        end = payload.body.find(b"\n", start)
        end = len(payload.body) if end < 0 else end
        if end - start > MAX_LINE:
            subject = payload.body[start : min(end, start + 200)].split(b" ", 1)[0].decode()
            raise InputError(
                f"a triple of {subject} in {payload.name} is {(end - start) / 2**20:.0f} MiB "
                f"long; kzreforms loads and checks literals of up to "
                f"{MAX_LINE // 2**20} MiB: split the text or keep it in a file"
            )
        start = end + 1


def _is_absolute_iri(text: str) -> bool:
    scheme, _, rest = text.partition(":")
    return (
        bool(scheme)
        and scheme[0].isalpha()
        and bool(rest)
        and not any(c in text for c in ' <>"{}|^`\\')
    )


# --------------------------------------------------------------------------- checking


def _check(
    payload: _Payload,
    found: list[pyoxigraph.Triple],
    *,
    before: list[pyoxigraph.Triple] | None,
    exact: bool,
    extra_ok: bool,
) -> Comparison:
    """Compare one graph as read back with what it should hold; raise on any difference."""
    expected = payload.parsed(rename=before is not None)
    if before is not None:  # appending: the graph holds what it held, and what was sent
        expected.extend(before)
    result = compare(expected, found, extra_ok=extra_ok)
    if not result.same_values:
        raise StoreError(_difference(payload, result, len(found)))
    if exact and result.rewrites:
        first = result.rewrites[0]
        plural = "s" if result.rewritten != 1 else ""
        raise StoreError(
            f"the store rewrote {result.rewritten:,} literal{plural} in {payload.name} "
            f"to the same value in another form: {first.kind} (e.g. sent {first.example}); "
            "--exact refuses this"
        )
    return result


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def _difference(payload: _Payload, result: Comparison, found: int) -> str:
    counts = result.counts
    parts = []
    if counts.get("changed"):
        parts.append(f"changed {_plural(counts['changed'], 'value')}")
    if counts.get("lost"):
        parts.append(f"lost {_plural(counts['lost'], 'triple')}")
    if counts.get("extra"):
        parts.append(f"holds {_plural(counts['extra'], 'triple')} not sent")
    if result.changed:
        example = result.changed[0]
    elif result.lost:
        example = f"lost {result.lost[0]}"
    else:
        example = f"not sent {result.extra[0]}"
    return (
        f"the store does not hold what was sent in {payload.name} "
        f"({payload.triples:,} triples sent, {found:,} found): it {', '.join(parts)}; "
        f"e.g. {example}"
    )


def _rewrite_note(payload: _Payload, rewrite: Rewrite) -> str:
    return (
        f"{payload.name}: {_plural(rewrite.count, 'literal')} kept with the same value "
        f"in another form, {rewrite.kind} (e.g. {rewrite.example}); --exact refuses this"
    )


def _progress(written: list[_Payload], payloads: list[_Payload]) -> str:
    if not written:
        return "nothing was written"
    done = ", ".join(f"{p.name} ({p.triples:,} triples)" for p in written)
    rest = [p.name for p in payloads if p not in written]
    tail = f"; not written: {', '.join(rest)}" if rest else ""
    return f"written before the failure: {done}{tail}"


# --------------------------------------------------------------------------- remote stores


def _read_remote(client: GraphStore, payload: _Payload) -> list[pyoxigraph.Triple]:
    import pyoxigraph

    answer = client.read(payload.iri)
    if answer is None:
        return []
    body, media_type = answer
    try:
        syntax = pyoxigraph.RdfFormat.from_media_type(media_type or "application/n-triples")
    except ValueError:
        syntax = None
    if syntax is None:
        raise StoreError(
            f"reading back {payload.name}: {client.url} answered {media_type!r}, not RDF"
        )
    try:
        quads = pyoxigraph.parse(body, format=syntax, base_iri=client.graph_url(payload.iri))
        return [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
    except (SyntaxError, ValueError) as err:
        raise StoreError(
            f"reading back {payload.name}: the store's {syntax.name} does not parse "
            f"({one_line(err)})"
        ) from None


def _load_remote(
    client: GraphStore, payloads: list[_Payload], *, replace: bool, exact: bool
) -> list[tuple[int, Comparison]]:
    written: list[_Payload] = []
    try:
        before = [None if replace else _read_remote(client, p) for p in payloads]
        for payload in payloads:
            client.write(payload.iri, payload.body, replace=replace)
            written.append(payload)
        results = []
        for payload, had in zip(payloads, before, strict=True):
            found = _read_remote(client, payload)
            # A store's default graph may be the union of all its graphs.
            check = _check(payload, found, before=had, exact=exact, extra_ok=payload.iri is None)
            results.append((len(found), check))
        return results
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
        kept = "" if read_only else "; the store was left as it was"
        raise StoreError(f"{directory}: cannot open the store ({detail[:160]}){kept}") from None


def _graph_name(iri: str | None) -> Any:
    import pyoxigraph

    return pyoxigraph.NamedNode(iri) if iri else pyoxigraph.DefaultGraph()


def _read_embedded(store: pyoxigraph.Store, iri: str | None) -> list[pyoxigraph.Triple]:
    import pyoxigraph

    return [
        pyoxigraph.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, _graph_name(iri))
    ]


class _Interruptible:
    """A binary reader over bytes that Oxigraph reads in pieces.

    Each piece is a call back into Python, so Ctrl-C (or any signal handler)
    takes effect within milliseconds even while Oxigraph loads a large graph.
    """

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._position + size
        piece = bytes(self._data[self._position : end])
        self._position += len(piece)
        return piece


def _load_embedded(
    directory: Path, payloads: list[_Payload], *, replace: bool, exact: bool
) -> list[tuple[int, Comparison]]:
    """Build the new store beside the old one, check it there, then swap the folders."""
    import pyoxigraph

    clean_leftovers(directory, _WORK)
    original = _open(directory)  # refuses a file, a foreign folder, a store in use
    work = directory.parent / f".{directory.name}{_WORK}{uuid.uuid4().hex[:12]}"
    try:
        existing = {g.value for g in original.named_graphs()}
        if any(True for _ in original.quads_for_pattern(None, None, None, _graph_name(None))):
            existing.add("")
        replaced = {p.iri or "" for p in payloads} if replace else set()
        keep = bool(existing - replaced)
        if keep:  # hard links to the old store's immutable files: cheap
            original.backup(str(work))
    except OSError as err:
        shutil.rmtree(work, ignore_errors=True)
        raise StoreError(f"{directory}: cannot copy the store ({one_line(err)})") from None
    except BaseException:  # Ctrl-C while copying
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        original = None  # type: ignore[assignment]  # releases the folder's lock
    store: pyoxigraph.Store | None = None
    try:
        store = pyoxigraph.Store(str(work))
        results = _fill(store, payloads, replace=replace, exact=exact, keep=keep)
        store.flush()
        store = None
        swap_in(work, directory)
        return results
    except BaseException as err:
        store = None
        _remove_work(work, err)
        # Ctrl-C, SIGTERM (the CLI raises it as an exception) and kzreforms' own errors
        # pass through; an OSError (a full disk) or a panic inside Oxigraph is reported.
        passing = isinstance(err, KeyboardInterrupt | SystemExit | StoreError)
        if passing or not (isinstance(err, Exception) or type(err).__name__ == "PanicException"):
            raise
        detail = one_line(err) or type(err).__name__
        raise StoreError(
            f"{directory}: loading failed ({detail}); the store was left as it was"
        ) from None


#: Bulk-load a graph in pieces of about this size, so that the part of each call
#: that does not come back to Python (sorting, writing files) stays well under a second.
_PIECE = 1 << 20


def _pieces(body: bytes) -> Iterator[bytes]:
    """Cut N-Triples at line ends; whole when it has blank nodes (each call relabels them)."""
    if len(body) <= _PIECE or b"_:" in body:
        yield body
        return
    start = 0
    while start < len(body):
        end = body.find(b"\n", min(start + _PIECE, len(body) - 1)) + 1 or len(body)
        yield body[start:end]
        start = end


def _remove_work(work: Path, err: BaseException) -> None:
    """Close the work store (still referenced by the failure's traceback), then remove it.

    pyoxigraph closes a store only when the object goes; until then RocksDB may
    write into the folder again, so the frames that hold it are let go first.
    """
    seen: BaseException | None = err
    while seen is not None:  # breaks the frame <-> exception cycles; the store closes now
        seen.__traceback__ = None
        seen = seen.__cause__ or seen.__context__
    shutil.rmtree(work, ignore_errors=True)
    if work.exists():  # still held somewhere: a full collection, once (slow on a big heap)
        gc.collect()
        shutil.rmtree(work, ignore_errors=True)


def _fill(
    store: pyoxigraph.Store, payloads: list[_Payload], *, replace: bool, exact: bool, keep: bool
) -> list[tuple[int, Comparison]]:
    import pyoxigraph

    before = [None if replace else _read_embedded(store, p.iri) for p in payloads]
    if replace and keep:
        for payload in payloads:
            if payload.iri is None:
                store.clear_graph(pyoxigraph.DefaultGraph())
            elif store.contains_named_graph(pyoxigraph.NamedNode(payload.iri)):
                store.remove_graph(pyoxigraph.NamedNode(payload.iri))
    for payload in payloads:
        try:
            for piece in _pieces(payload.body):
                store.bulk_load(
                    _Interruptible(piece),  # type: ignore[arg-type]  # a duck-typed reader
                    format=pyoxigraph.RdfFormat.N_TRIPLES,
                    to_graph=_graph_name(payload.iri),
                )
        except SyntaxError as err:
            raise StoreError(
                f"loading {payload.name} failed ({one_line(err)}); the store was left as it was"
            ) from None
    results = []
    for payload, had in zip(payloads, before, strict=True):
        found = _read_embedded(store, payload.iri)
        check = _check(payload, found, before=had, exact=exact, extra_ok=False)
        results.append((len(found), check))
    return results


# --------------------------------------------------------------------------- querying


def query_store(directory: str | Path, sparql: str, *, timeout: float | None = None) -> QueryResult:
    """Run a SPARQL 1.1 query against an embedded store made by :func:`load_into`.

    As with :func:`kzreforms.query`, the default graph is the union of all graphs
    (``FROM`` and ``FROM NAMED`` pick graphs of the store by IRI instead; nothing is
    ever fetched), ``SERVICE`` is refused before anything runs, and ``sparql`` may
    be a packaged query's name or a ``.rq`` path.

    Table output shortens IRIs with the packaged dataset's prefixes (``kzd:`` …).

    :param timeout: give up after this many seconds (the store offers no way to
        cancel a query, so its thread is abandoned and ends with the process).
    :raises InputError: there is no store in ``directory``.
    :raises QueryError: the query does not parse, calls a ``SERVICE`` or runs too long.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = load_into(folder, graphs=["data"])
    >>> query_store(folder, "ASK { ?s ?p ?o }").boolean
    True
    """
    text = resolve_query(sparql)
    refuse_service(text)
    store = _open(Path(directory), read_only=True)
    union = not has_dataset_clause(text)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = _to_result(store.query(text, use_default_graph_as_union=union))
        except BaseException as err:  # handed to the waiting thread
            outcome["error"] = err

    worker = threading.Thread(target=run, name="kzreforms-query", daemon=True)
    started = time.monotonic()
    worker.start()
    while worker.is_alive():  # waiting in short steps keeps Ctrl-C working
        worker.join(0.05)
        if timeout is not None and time.monotonic() - started > timeout:
            raise QueryError(
                f"the query did not finish within {timeout:g} s; narrow it, or raise --timeout"
            )
    store = None  # type: ignore[assignment]
    error = outcome.get("error")
    if isinstance(error, SyntaxError):
        raise QueryError(f"SPARQL syntax error: {one_line(error, limit=None)}; fix the query")
    if isinstance(error, OSError | ValueError | RuntimeError):
        raise QueryError(f"the query failed: {one_line(error)}")
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
    if isinstance(result, pyoxigraph.QueryTriples):
        graph = Graph()
        for triple in result:
            graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
        return QueryResult(kind="CONSTRUCT", graph=graph)
    variables = tuple(v.value for v in result.variables)
    terms = tuple({name: _rdflib(solution[name]) for name in variables} for solution in result)
    rows = tuple({name: python_value(value) for name, value in row.items()} for row in terms)
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
