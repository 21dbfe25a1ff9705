"""Loading the dataset into a triple store, and proving that the store holds what was sent.

The store is a :class:`~kzreforms.stores.protocol.Store`, chosen once by
:func:`as_store`: a folder is an embedded Oxigraph store
(:class:`~kzreforms.stores.embedded.EmbeddedStore`), an ``http(s)://`` URL a
SPARQL 1.1 Graph Store endpoint (:class:`~kzreforms.stores.remote.RemoteStore`).

Each graph is sent as N-Triples (:mod:`.payloads`). Afterwards every graph is
read back whole and compared with what was sent, triple by triple, by term and
by value (:mod:`.verify`): a store that dropped, added or changed data is an
error (:class:`VerificationError`, whose report has ``verified`` False); one
that keeps a literal in another form with the same value is reported (and
refused with ``exact=True``). ``pyoxigraph`` and ``requests`` are imported on
first use.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..errors import InputError, StoreBusyError, StoreError, VerificationError
from ..formats import InputFormatName, input_format_for
from ..resources import Graphs
from .embedded import EmbeddedStore
from .payloads import Payload, canonical, check_choice, from_dataset, from_files
from .protocol import Session, Store
from .remote import RemoteStore
from .threads import beside
from .verify import Comparison, Rewrite, compare_lines, line_set

if TYPE_CHECKING:  # pragma: no cover - rdflib is imported only when a dataset is loaded
    from rdflib import Dataset, Graph

#: RDF files :func:`load_into` may take instead of a dataset: a path or paths.
Files = str | Path | Sequence[str | Path]


@dataclass(frozen=True)
class GraphLoad:
    """One graph written to a store: its IRI (``None`` for the default graph) and triple counts."""

    iri: str | None
    sent: int
    found: int
    rewritten: int = 0
    """Triples whose literal the store keeps in another form with the same value."""
    lost: int = 0
    """Triples sent that the store does not hold (nor an equal value of)."""
    extra: int = 0
    """Triples the store holds in the graph that were not sent."""
    changed: int = 0
    """Triples whose value the store changed."""

    @property
    def verified(self) -> bool:
        """Every triple sent was read back, by value, and nothing else."""
        return not (self.lost or self.extra or self.changed)


@dataclass(frozen=True)
class LoadReport:
    """What :func:`load_into` wrote, where, and what reading it back showed."""

    target: str
    """The store folder or URL (never with credentials)."""
    graphs: tuple[GraphLoad, ...]
    replaced: bool = True
    notes: tuple[str, ...] = ()
    """Warnings, e.g. literals the store keeps in another (canonical) form."""
    seconds: float = field(default=0.0, compare=False)
    rewrites: tuple[tuple[str | None, Rewrite], ...] = ()
    """Per graph IRI, each kind of rewrite the store made (same value, other form)."""

    @property
    def verified(self) -> bool:
        """Every graph was read back whole and holds every triple sent, by value."""
        return all(graph.verified for graph in self.graphs)

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
            lines.append("Not verified: the store does not hold what was sent.")
        elif self.rewrites:
            count = sum(rewrite.count for _, rewrite in self.rewrites)
            lines.append(
                f"Verified by value: every triple was read back; {count:,} literal"
                f"{'s' if count != 1 else ''} in another form with the same value "
                "(exact=True refuses this)."
            )
        else:
            lines.append("Verified: every triple was read back exactly as sent.")
        return "\n".join(lines) + "\n"


def as_store(store: str | Path | Store) -> Store:
    """Turn a folder, an ``http(s)://`` URL or a :class:`Store` into a :class:`Store`.

    A URL of any other scheme (``ftp://``, ``file://``) is refused, never taken for a folder.

    >>> as_store("http://localhost:7878/store").location
    'http://localhost:7878/store'
    >>> as_store("ftp://example.org/store")
    Traceback (most recent call last):
    ...
    kzreforms.errors.InputError: the store URL must start with http:// or https://, not 'ftp://'
    """
    if isinstance(store, Path):
        return EmbeddedStore(store)
    if isinstance(store, str):
        if "://" in store:
            return RemoteStore(store)  # checks the scheme and host
        return EmbeddedStore(store)
    if all(hasattr(store, name) for name in ("location", "session", "atomic")):
        return store
    raise InputError(
        f"store must be a folder, an http(s) URL or a Store, not {type(store).__name__}",
        parameter="store",
    )


def load_into(
    dataset: Dataset | Graph | None = None,
    *,
    store: str | Path | Store,
    files: Files | None = None,
    graphs: Graphs = "all",
    graph_iri: str | None = None,
    graph_iris: Mapping[str, str] | None = None,
    replace: bool = True,
    exact: bool = False,
    input_format: InputFormatName | None = None,
) -> LoadReport:
    """Load graphs into a triple store, read every graph back and compare it with what was sent.

    :param dataset: what :func:`kzreforms.load` returned, or a graph; the packaged
        dataset by default.
    :param store: a folder (embedded Oxigraph store, created if missing), an
        ``http(s)://`` Graph Store endpoint, e.g. ``http://localhost:7878/store``, or a
        :class:`~kzreforms.stores.remote.RemoteStore` with credentials and a timeout.
    :param files: RDF files to load instead of a dataset (a path or paths; N-Triples,
        N-Quads, Turtle and TriG go to the store without the rdflib round trip).
    :param graphs: ``ontology``, ``data``, ``context``, ``shapes`` or ``all`` (every
        non-empty graph, the default graph of your own files included), or several.
    :param graph_iri: send everything selected into this one graph instead.
    :param graph_iris: per-graph target IRIs, e.g. ``{"data": "https://example.org/g"}``.
    :param replace: replace each graph (HTTP PUT; loading twice gives the same store);
        ``False`` appends (HTTP POST).
    :param exact: also fail when the store keeps a literal in another form with the
        same value (Oxigraph stores ``xsd:nonNegativeInteger`` as ``xsd:integer``).
    :param input_format: the syntax of the files, when their extensions do not tell it.
    :raises VerificationError: the store holds other data than sent (its ``report``).
    :raises StoreError: the store cannot be reached or refuses the data; the message
        names the graph and which graphs were written. An embedded store is left as it was.

    >>> import tempfile
    >>> report = load_into(store=tempfile.mkdtemp(), graphs="ontology")
    >>> report.verified, report.graphs[0].sent == report.graphs[0].found
    (True, True)
    """
    if dataset is not None and not _is_graph(dataset):  # a Dataset is a Graph
        raise InputError(
            "load_into() takes a dataset or graph first; pass RDF files as "
            f"files={dataset if isinstance(dataset, list | tuple) else str(dataset)!r}",
            parameter="dataset",
        )
    if dataset is not None and files is not None:
        raise InputError("give a dataset or files, not both", parameter="files")
    target = as_store(store)
    selections = check_choice(graphs, graph_iri, graph_iris or {})
    data = files if files is not None else dataset
    source = _Source(data, selections, graph_iri, graph_iris or {}, input_format)
    started = time.monotonic()
    written: list[Payload] = []
    try:
        with ExitStack() as stack:
            session, payloads, loaded = _open(stack, target, source, replace=replace)
            before = [None if replace else session.read(p.iri) for p in payloads]
            for payload in payloads:
                if payload is not loaded:
                    session.write(payload, replace=replace)
                written.append(payload)
            report, results = _report(target, session, payloads, before, replace, started)
            _refuse(report, payloads, results, exact=exact)
    except StoreError as err:
        if target.atomic:
            raise
        message = f"{err}; {_progress(written, payloads)}"
        if isinstance(err, VerificationError):
            raise VerificationError(message, err.report) from err
        raise StoreError(message, parameter=err.parameter) from err
    return report


@dataclass(frozen=True)
class _Source:
    """What a load sends: a dataset (``None``: the packaged one) or files, and the graphs chosen."""

    data: Dataset | Graph | Files | None
    selections: list[str]
    graph_iri: str | None
    graph_iris: Mapping[str, str]
    input_format: InputFormatName | None

    @property
    def paths(self) -> list[Path] | None:
        """The files to load, or ``None`` for a dataset."""
        data = self.data
        if isinstance(data, str | Path):
            return [Path(data)]
        if isinstance(data, Sequence) and not _is_graph(data):
            return [Path(p) for p in data]
        return None

    def fast_payloads(self) -> list[Payload] | None:
        """The files' payloads parsed by pyoxigraph, or ``None`` when they need rdflib."""
        paths = self.paths
        if paths is None:
            return None
        return from_files(
            paths,
            input_format=self.input_format,
            selections=self.selections,
            graph_iri=self.graph_iri,
            graph_iris=self.graph_iris,
        )

    def rdflib_payloads(self) -> list[Payload]:
        """The payloads of a dataset, or of files read by :func:`kzreforms.load` (its exact
        errors and warnings)."""
        from ..dataset import as_dataset, load

        paths = self.paths
        if paths is not None:
            dataset: Dataset | Graph | None = load(paths, input_format=self.input_format)
        else:
            dataset = cast("Dataset | Graph | None", self.data)
        return from_dataset(as_dataset(dataset), self.selections, self.graph_iri, self.graph_iris)

    def payloads(self) -> list[Payload]:
        fast = self.fast_payloads()
        return fast if fast is not None else self.rdflib_payloads()

    def early_file(self, store: EmbeddedStore) -> Path | None:
        """The one N-Triples file a store may load while its payload is built."""
        paths = self.paths
        if not (
            # An existing store is opened (and copied) only once the input is read;
            # a new one's parent must be there, so that nothing is made before.
            store.is_new
            and store.folder.parent.is_dir()
            and paths
            and len(paths) == 1
            and set(self.selections) == {"all"}  # a file of triples has no packaged graph
        ):
            return None
        try:
            syntax = input_format_for(paths[0], self.input_format).rdflib_name
        except InputError:
            return None  # the payload reports it
        return paths[0] if syntax == "nt" and paths[0].is_file() else None


def _open(
    stack: ExitStack, store: Store, source: _Source, *, replace: bool
) -> tuple[Session, list[Payload], Payload | None]:
    """Open the load's session and build its payloads; also the payload the store already holds."""
    if replace and isinstance(store, EmbeddedStore) and (path := source.early_file(store)):
        opened = _open_early(stack, store, path, source)
        if opened is not None:
            return opened
    payloads = source.payloads()
    session = stack.enter_context(store.session([p.iri for p in payloads], replace=replace))
    return session, payloads, None


def _open_early(
    stack: ExitStack, store: EmbeddedStore, path: Path, source: _Source
) -> tuple[Session, list[Payload], Payload | None] | None:
    """Load an N-Triples file into an embedded store while its payload is built.

    The file goes into the store straight from disk, on a thread, while pyoxigraph
    builds the payload on this one (each about half of a load's work before the
    read-back); the store is then compared with that payload as with any other.
    When the file turns out not to be for this route (a blank node, something only
    rdflib reads), the graph is cleared and the payload written as usual. ``None``
    when the store cannot be opened: the usual route reports it, after the input's
    own errors.
    """
    try:
        session = stack.enter_context(store.session([source.graph_iri], replace=True))
    except StoreBusyError:
        raise  # said at once, not after the whole input is read
    except StoreError:
        return None

    def split() -> list[Payload] | None:
        fast = source.fast_payloads()
        for payload in fast or ():
            _ = payload.lines  # split now, while the store loads (the read-back is compared to it)
        return fast

    read = _identity(path)
    loaded, fast = beside(
        lambda halt: session.write_file(path, source.graph_iri, halt),
        split,
        name="kzreforms-load-file",
    )
    # Read twice: a file changed meanwhile may differ between the store and the payload.
    loaded = loaded and _identity(path) == read
    if fast is not None and loaded and [p.iri for p in fast] == [source.graph_iri]:
        return session, fast, fast[0]
    payloads = fast if fast is not None else source.rdflib_payloads()
    for iri in dict.fromkeys([source.graph_iri, *(p.iri for p in payloads)]):
        session.clear(iri)  # what the file's route left, and what the payloads replace
    return session, payloads, None


def _identity(path: Path) -> tuple[int, ...]:
    """What changes when a file is written or replaced: its inode, size and change time."""
    found = os.stat(path)
    return found.st_ino, found.st_dev, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def _is_graph(value: object) -> bool:
    """Whether ``value`` is an rdflib graph (or dataset), without importing rdflib for files."""
    if "rdflib" not in sys.modules:  # nothing can be an rdflib graph yet
        return False
    from rdflib import Graph

    return isinstance(value, Graph)


def _report(
    store: Store,
    session: Session,
    payloads: list[Payload],
    before: list[bytes | None],
    replace: bool,
    started: float,
) -> tuple[LoadReport, list[Comparison]]:
    """Read every graph back and compare it with what it should hold."""
    loads: list[GraphLoad] = []
    rewrites: list[tuple[str | None, Rewrite]] = []
    results: list[Comparison] = []
    for payload, had in zip(payloads, before, strict=True):

        def sent(payload: Payload = payload, had: bytes | None = had) -> set[bytes]:
            if not had:
                return payload.lines
            # Appending: the graph holds what it held, and what was sent (fresh blank nodes).
            return line_set(had + canonical(payload.body, payload.iri, rename=b"_:" in had))

        back, expected = _read_beside(session, payload.iri, sent)
        found, result = compare_lines(
            expected, back, extra_ok=store.union_default and not payload.iri
        )
        loads.append(_graph_load(payload, found, result))
        results.append(result)
        rewrites.extend((payload.iri, rewrite) for rewrite in result.rewrites)
    report = LoadReport(
        target=store.location,
        graphs=tuple(loads),
        replaced=replace,
        notes=tuple(_rewrite_note(iri, rewrite) for iri, rewrite in rewrites),
        rewrites=tuple(rewrites),
        seconds=time.monotonic() - started,
    )
    return report, results


def _read_beside(
    session: Session, iri: str | None, work: Callable[[], set[bytes]]
) -> tuple[set[bytes], set[bytes]]:
    """Read graph ``iri``'s lines back on a thread (the store's reader lets go of the GIL),
    doing ``work``: the lines sent are split meanwhile, unless they already were."""
    read_lines = getattr(session, "read_lines", None)  # optional: see Session
    if read_lines is None:
        return beside(lambda halt: line_set(session.read(iri)), work, name="kzreforms-read-back")
    return beside(lambda halt: read_lines(iri), work, name="kzreforms-read-back")


def _graph_load(payload: Payload, found: int, result: Comparison) -> GraphLoad:
    counts = result.counts
    return GraphLoad(
        payload.iri,
        payload.triples,
        found,
        result.rewritten,
        lost=counts.get("lost", 0),
        extra=counts.get("extra", 0),
        changed=counts.get("changed", 0),
    )


def _refuse(
    report: LoadReport, payloads: list[Payload], results: list[Comparison], *, exact: bool
) -> None:
    """Raise when the store does not hold what was sent (or, with ``exact``, rewrote it)."""
    for payload, graph, result in zip(payloads, report.graphs, results, strict=True):
        if not graph.verified:
            raise VerificationError(_difference(payload, graph, result), report)
    if exact and report.rewrites:
        iri, first = report.rewrites[0]
        count = sum(g.rewritten for g in report.graphs if g.iri == iri)
        name = f"<{iri}>" if iri else "the default graph"
        raise StoreError(
            f"the store rewrote {_plural(count, 'literal')} in {name} "
            f"to the same value in another form: {first.kind} (e.g. sent {first.example}); "
            "exact=True refuses this",
            parameter="exact",
        )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def _difference(payload: Payload, graph: GraphLoad, result: Comparison) -> str:
    parts = []
    if graph.changed:
        parts.append(f"changed {_plural(graph.changed, 'value')}")
    if graph.lost:
        parts.append(f"lost {_plural(graph.lost, 'triple')}")
    if graph.extra:
        parts.append(f"holds {_plural(graph.extra, 'triple')} not sent")
    return (
        f"the store does not hold what was sent in {payload.name} "
        f"({payload.triples:,} triples sent, {graph.found:,} found): it {', '.join(parts)}; "
        f"e.g. {_example(result)}"
    )


def _example(result: Comparison) -> str:
    if result.changed:
        return result.changed[0]
    if result.lost:
        return f"lost {result.lost[0]}"
    return f"not sent {result.extra[0]}"


def _rewrite_note(iri: str | None, rewrite: Rewrite) -> str:
    name = f"<{iri}>" if iri else "the default graph"
    return (
        f"{name}: {_plural(rewrite.count, 'literal')} kept with the same value "
        f"in another form, {rewrite.kind} (e.g. {rewrite.example}); exact=True refuses this"
    )


def _progress(written: list[Payload], payloads: list[Payload]) -> str:
    if not written:
        return "nothing was written"
    done = ", ".join(f"{p.name} ({p.triples:,} triples)" for p in written)
    rest = [p.name for p in payloads if p not in written]
    tail = f"; not written: {', '.join(rest)}" if rest else ""
    return f"written before the failure: {done}{tail}"


__all__ = ["GraphLoad", "Files", "LoadReport", "VerificationError", "as_store", "load_into"]
