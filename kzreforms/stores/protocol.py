"""The :class:`Store` protocol: what a load needs from a triple store, whatever its kind.

Two implementations: :class:`~kzreforms.stores.embedded.EmbeddedStore` (an
on-disk Oxigraph store in a folder) and :class:`~kzreforms.stores.remote.RemoteStore`
(a SPARQL 1.1 Graph Store endpoint). :func:`kzreforms.stores.load.as_store`
picks one, once, from what the caller gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from .payloads import Payload


class Session(Protocol):
    """One load in progress: graphs written and read back before the store commits.

    A session may also have ``read_lines(graph) -> set[bytes]``, the distinct lines
    of :meth:`read`, when it can split them faster (the embedded store splits each
    piece on the thread that read it); a load uses it where it is there.
    """

    def read(self, graph: str | None) -> bytes:
        """The graph as the store holds it, as canonical N-Triples (empty: no such graph)."""
        ...

    def write(self, payload: Payload, *, replace: bool) -> None:
        """Replace (or, with ``replace=False``, add to) one graph."""
        ...


class Store(Protocol):
    """A triple store that :func:`kzreforms.load_into` can load into and read back from."""

    @property
    def location(self) -> str:
        """Where the store is, for messages (never with credentials)."""
        ...

    @property
    def atomic(self) -> bool:
        """True when a failed load leaves the store as it was (no partial writes)."""
        ...

    @property
    def union_default(self) -> bool:
        """True when the store's default graph may be the union of all its graphs."""
        ...

    def session(
        self, graphs: Sequence[str | None], *, replace: bool
    ) -> AbstractContextManager[Session]:
        """Open a load of ``graphs``; leaving it without an error commits it."""
        ...


__all__ = ["Session", "Store"]
