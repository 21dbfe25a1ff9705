"""The embedded store: an on-disk Oxigraph store in a folder, through ``pyoxigraph``.

A load never changes the store in place: the new content is built in a sibling
folder (hard links to the old store's files when some of it is kept), checked
there, and swapped in with one atomic rename (:mod:`.swap`), so an interrupted
or failed load leaves the previous store exactly as it was.
``oxigraph serve --location DIR`` can serve the folder later.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import InputError, StoreError, one_line
from .payloads import Payload
from .swap import clean_leftovers, exclusive, swap_in
from .threads import beside
from .verify import line_set

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

_T = TypeVar("_T")

#: Sibling folders a load builds in (``.NAME.kzreforms-load-…``), removed when done.
WORK = ".kzreforms-load-"

#: Bulk-load a graph in pieces of about this size, so that the part of each call
#: that does not come back to Python (sorting, writing files) stays well under a second.
PIECE = 8 << 20


class EmbeddedStore:
    """An Oxigraph store in ``folder`` (created by the first load).

    >>> import tempfile
    >>> EmbeddedStore(tempfile.mkdtemp()).atomic
    True
    """

    atomic = True
    union_default = False

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @property
    def location(self) -> str:
        return str(self.folder)

    @property
    def is_new(self) -> bool:
        """No store there yet: no such folder (not even a dangling link), or an empty one."""
        folder = self.folder
        if not os.path.lexists(folder):
            return True
        return folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir())

    @contextmanager
    def session(self, graphs: Sequence[str | None], *, replace: bool) -> Iterator[_Session]:
        """Build the new store beside the old one; swap the folders when the load is checked.

        One load at a time: a second one while this one runs is refused (:func:`.swap.exclusive`).
        """
        directory = self.folder
        work = directory.parent / f".{directory.name}{WORK}{uuid.uuid4().hex[:12]}"
        session = _Session(None)
        try:
            directory.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"{directory}: cannot make its folder ({one_line(err)})") from err
        with exclusive(directory):
            clean_leftovers(directory, WORK)  # of killed loads: a running one holds the lock
            yield from self._build(session, work, graphs, replace=replace)

    def _build(
        self, session: _Session, work: Path, graphs: Sequence[str | None], *, replace: bool
    ) -> Iterator[_Session]:
        import pyoxigraph

        directory = self.folder
        try:
            # Inside the try: a Ctrl-C the moment the copy is done (while the old store
            # closes) must remove the work folder too.
            keep = not self.is_new and _copy(directory, work, graphs, replace=replace)
            session.store = pyoxigraph.Store(str(work))
            if replace and keep:
                for iri in graphs:
                    session.clear(iri)
            yield session
            session.store.flush()
            session.store = None
            swap_in(work, directory)
        except BaseException as err:
            session.store = None
            _remove_work(work, err)
            # Ctrl-C, SIGTERM (the CLI raises it as an exception) and kzreforms' own errors
            # pass through; an OSError (a full disk) or a panic inside Oxigraph is reported.
            passing = isinstance(err, KeyboardInterrupt | SystemExit | StoreError | InputError)
            if passing or not (
                isinstance(err, Exception) or type(err).__name__ == "PanicException"
            ):
                raise
            detail = one_line(err) or type(err).__name__
            raise StoreError(
                f"{directory}: loading failed ({detail}); the store was left as it was"
            ) from err


class _Session:
    """The work store of one load."""

    def __init__(self, store: pyoxigraph.Store | None) -> None:
        self.store = store

    def _open(self) -> pyoxigraph.Store:
        assert self.store is not None, "the load is over"
        return self.store

    def clear(self, iri: str | None) -> None:
        import pyoxigraph

        store = self._open()
        if iri is None:
            store.clear_graph(pyoxigraph.DefaultGraph())
        elif store.contains_named_graph(pyoxigraph.NamedNode(iri)):
            store.remove_graph(pyoxigraph.NamedNode(iri))

    def read(self, graph: str | None) -> bytes:
        """The graph as N-Triples, read whole: see :func:`read_graph`."""
        return read_graph(self._open(), graph)

    def read_lines(self, graph: str | None) -> set[bytes]:
        """The graph's distinct N-Triples lines: see :func:`read_lines`."""
        return read_lines(self._open(), graph)

    def write(self, payload: Payload, *, replace: bool) -> None:
        import pyoxigraph

        store = self._open()  # replaced graphs were cleared when the load began
        try:
            for piece in _pieces(payload.body):
                store.bulk_load(
                    _Interruptible(piece),  # type: ignore[arg-type]  # a duck-typed reader
                    format=pyoxigraph.RdfFormat.N_TRIPLES,
                    to_graph=graph_name(payload.iri),
                )
        except SyntaxError as err:
            raise StoreError(
                f"loading {payload.name} failed ({one_line(err)}); the store was left as it was"
            ) from err

    def write_file(self, path: Path, iri: str | None, halt: threading.Event) -> bool:
        """Bulk-load an N-Triples file as it is on disk, in line-aligned pieces, into ``iri``.

        Oxigraph parses and stores each piece without the GIL, so a load can build
        the payload it compares the store with meanwhile; nothing here is trusted
        beyond that comparison. ``False`` when the file is not for this route (a
        blank node, which each call would label anew; a piece Oxigraph refuses; a
        file that cannot be read) or ``halt`` was set: the caller then clears the
        graph, writes the payload as usual, and reports any error in its own words.
        """
        import pyoxigraph

        store = self._open()
        graph = graph_name(iri)
        try:
            for piece in _file_pieces(path):
                if halt.is_set() or b"_:" in piece:
                    break
                store.bulk_load(piece, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=graph)
            else:
                return True
        except Exception:  # noqa: BLE001 - whatever it was, the payload's route meets it and says so
            pass
        except BaseException as err:  # a panic inside Oxigraph (pyo3's is not an Exception)
            if isinstance(err, KeyboardInterrupt | SystemExit):
                raise
        return False


def read_graph(store: pyoxigraph.Store, graph: str | None) -> bytes:
    """Every triple of ``graph`` as N-Triples, one predicate after another, on two threads.

    The predicates are those the store itself holds in the graph, so the pieces
    are the whole graph. Each is a ``CONSTRUCT`` whose predicate is fixed, which
    Oxigraph answers without looking the predicate's IRI up for every triple
    (about a tenth cheaper than a dump, the same lines) and without the GIL, so
    two threads, each with about half of the triples, read the graph at once.
    """
    return b"".join(_by_predicate(store, graph, bytes))


def read_lines(store: pyoxigraph.Store, graph: str | None) -> set[bytes]:
    """The distinct lines of :func:`read_graph`, each predicate's split by the thread that
    read it, while the other thread's read goes on in Oxigraph."""
    return set().union(*_by_predicate(store, graph, line_set))


def _by_predicate(
    store: pyoxigraph.Store, graph: str | None, each: Callable[[bytes], _T]
) -> list[_T]:
    """``each`` of the N-Triples of every predicate of ``graph``, read on two threads."""
    import pyoxigraph

    name = graph_name(graph)
    rows = store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", default_graph=name
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    halves: tuple[list[str], list[str]] = ([], [])
    sizes = [0, 0]
    for count, predicate in sorted((-int(r["n"].value), r["p"].value) for r in rows):
        half = 0 if sizes[0] <= sizes[1] else 1
        halves[half].append(predicate)
        sizes[half] -= count

    def triples_of(predicate: str) -> _T:
        term = pyoxigraph.NamedNode(predicate)
        query = f"CONSTRUCT {{ ?s {term} ?o }} WHERE {{ ?s {term} ?o }}"
        triples = store.query(query, default_graph=name)
        assert isinstance(triples, pyoxigraph.QueryTriples)
        return each(triples.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES) or b"")

    def other_half(halt: threading.Event) -> list[_T]:
        pieces = []
        for predicate in halves[1]:
            if halt.is_set():  # this thread failed or was stopped: the store is let go
                break
            pieces.append(triples_of(predicate))
        return pieces

    theirs, mine = beside(
        other_half,
        lambda: [triples_of(predicate) for predicate in halves[0]],
        name="kzreforms-read-back-half",
    )
    return [*mine, *theirs]


def graph_name(iri: str | None) -> Any:
    """pyoxigraph's name of a graph: a named node, or the default graph for ``None``."""
    import pyoxigraph

    return pyoxigraph.NamedNode(iri) if iri else pyoxigraph.DefaultGraph()


def open_store(directory: Path, *, read_only: bool = False) -> pyoxigraph.Store:
    """Open the store in ``directory``, refusing a file, a foreign folder or a store in use."""
    try:
        import pyoxigraph
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise StoreError("the embedded store needs pyoxigraph: pip install pyoxigraph") from err
    if read_only:  # querying: a wrong folder is the user's input, not a store failure
        if not directory.is_dir():
            what = "is not a folder" if directory.exists() else "no such folder"
            raise InputError(
                f"{directory}: {what}; call load_into(store='{directory}') first",
                parameter="store",
            )
        if not (directory / "CURRENT").is_file():
            raise InputError(
                f"{directory}: no Oxigraph store there; call load_into(store='{directory}') first",
                parameter="store",
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
            ) from err
        kept = "" if read_only else "; the store was left as it was"
        raise StoreError(f"{directory}: cannot open the store ({detail[:160]}){kept}") from err


def _copy(directory: Path, work: Path, graphs: Sequence[str | None], *, replace: bool) -> bool:
    """Copy the old store to ``work`` when part of it stays; return whether it was copied."""
    original = open_store(directory)  # refuses a file, a foreign folder, a store in use
    try:
        existing = {g.value for g in original.named_graphs()}
        if any(True for _ in original.quads_for_pattern(None, None, None, graph_name(None))):
            existing.add("")
        replaced = {iri or "" for iri in graphs} if replace else set()
        keep = bool(existing - replaced)
        if keep:  # hard links to the old store's immutable files: cheap
            original.backup(str(work))
        return keep
    except OSError as err:
        shutil.rmtree(work, ignore_errors=True)
        raise StoreError(f"{directory}: cannot copy the store ({one_line(err)})") from err
    except BaseException:  # Ctrl-C while copying
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        original = None  # type: ignore[assignment]  # releases the folder's lock


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


def _pieces(body: bytes) -> Iterator[bytes]:
    """Cut N-Triples at line ends; whole when it has blank nodes (each call relabels them)."""
    if len(body) <= PIECE or b"_:" in body:
        yield body
        return
    start = 0
    while start < len(body):
        end = body.find(b"\n", min(start + PIECE, len(body) - 1)) + 1 or len(body)
        yield body[start:end]
        start = end


def _file_pieces(path: Path) -> Iterator[bytes]:
    """A file in pieces of about :data:`PIECE` bytes, each ending at a line end (or the file's).

    A line longer than a piece (or line ends Oxigraph does not take) raises ValueError:
    such a file is for the payload's route, which checks line lengths.
    """
    with path.open("rb") as file:
        while piece := file.read(PIECE):
            piece += file.readline(PIECE)
            if not piece.endswith(b"\n") and file.read(1):
                raise ValueError(f"{path}: a line longer than {PIECE} bytes")
            yield piece


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


__all__ = ["EmbeddedStore", "graph_name", "open_store"]
