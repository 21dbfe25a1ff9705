"""A remote store: a SPARQL 1.1 Graph Store endpoint (Oxigraph, Fuseki, Virtuoso, GraphDB, …).

Each graph is sent with one ``PUT`` (replace) or ``POST`` (append) whose body is
streamed from memory with its length (no chunked encoding, which some stores
refuse), then read back with a ``GET``. A graph to replace is read first: an empty
one gets a ``POST``, and one that already holds exactly the triples is left alone
(that read then stands as its read-back, unless another graph is written after it).
The client is :mod:`.gsp`; credentials are never shown
(:meth:`~kzreforms.stores.gsp.GraphStore.mask`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import InputError, StoreError, one_line
from .gsp import AuthType, GraphStore, check_url, split_credentials
from .payloads import Payload
from .verify import compare_lines, line_set

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: Where the command line looks for the store's password by default.
PASSWORD_ENV = "KZREFORMS_STORE_PASSWORD"


def credentials(
    url: str,
    user: str | None,
    *,
    password_env: str = PASSWORD_ENV,
    ask: Callable[[str], str] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> tuple[str, str] | None:
    """The ``(user, password)`` to send to ``url``, or ``None`` when there are none to give.

    A URL that carries ``user:password@`` keeps its own. Otherwise, with a ``user``,
    the password is read from the environment variable ``password_env``, or asked
    for with ``ask(prompt)`` when it is unset (the command line's hidden prompt).

    :raises InputError: a user but no password and nobody to ask (``parameter="password_env"``).

    >>> credentials("http://h/store", "ann", environ={"KZREFORMS_STORE_PASSWORD": "pw"})
    ('ann', 'pw')
    >>> credentials("http://ann:pw@h/store", "bob") is None
    True
    """
    if user is None or split_credentials(check_url(url))[1] is not None:
        return None
    password = environ.get(password_env)
    if password is None:
        if ask is None:
            raise InputError(
                f"no password for {user}: set the environment variable {password_env}, "
                "or give a way to ask for it",
                parameter="password_env",
            )
        password = ask(f"Password for {user}")
    return user, password


class RemoteStore:
    """A Graph Store endpoint, e.g. ``http://localhost:7878/store``.

    :param auth: ``(user, password)``; ``auth_type`` ``basic`` or ``digest``.
    :param timeout: seconds each whole HTTP request may take, its answer included.
    :param query_url: the store's SPARQL query endpoint (guessed for well-known
        stores; a load never needs it: each graph is read back through ``url``).

    >>> RemoteStore("https://ann:pw@example.org/store").location
    'https://example.org/store'
    """

    atomic = False
    union_default = True  # a store's default graph may be the union of all its graphs

    def __init__(
        self,
        url: str,
        *,
        auth: tuple[str, str] | None = None,
        auth_type: AuthType = "basic",
        timeout: float = 30,
        query_url: str | None = None,
    ) -> None:
        self.client = GraphStore(
            url, query_url=query_url, auth=auth, auth_type=auth_type, timeout=timeout
        )
        self._looks: dict[str | None, set[bytes]] = {}
        """The lines of graphs :meth:`write` read and left alone, since nothing was written."""

    @classmethod
    def connect(
        cls,
        url: str,
        *,
        user: str | None = None,
        password_env: str = PASSWORD_ENV,
        ask: Callable[[str], str] | None = None,
        auth_type: AuthType = "basic",
        timeout: float = 30,
        query_url: str | None = None,
    ) -> RemoteStore:
        """The store at ``url``, with the :func:`credentials` of ``user`` (``None``: none).

        :raises InputError: a user but no password and nobody to ask (``parameter="password_env"``).

        >>> RemoteStore.connect("https://example.org/store", timeout=5).client.timeout
        5
        """
        auth = credentials(url, user, password_env=password_env, ask=ask)
        return cls(url, auth=auth, auth_type=auth_type, timeout=timeout, query_url=query_url)

    @property
    def location(self) -> str:
        return self.client.url

    @contextmanager
    def session(self, graphs: Sequence[str | None], *, replace: bool) -> Iterator[RemoteStore]:
        """Nothing to prepare or commit: each request stands alone."""
        try:
            yield self
        finally:
            self._looks.clear()
            self.client.close()

    def write(self, payload: Payload, *, replace: bool) -> None:
        """PUT the payload's graph; or, as the graph is read first, POST it where the graph
        is empty, and leave it where it already holds these triples.

        Into an empty graph a POST puts exactly what a PUT would, and some stores do
        less work for it (Oxigraph's PUT into a new store took twice as long). A graph
        that holds these triples and nothing else, or their values in the form the store
        keeps them in (Oxigraph keeps an ``xsd:nonNegativeInteger`` as an ``xsd:integer``,
        whatever is sent), is what a PUT would leave: the read-back that follows every
        load checks it, as it checks a write, and reports those forms. Should another
        client write to the graph between the look and the write, the read-back finds
        the triples that were not sent. A graph that cannot be read first (an error, an
        answer that is not RDF) is PUT, as before.

        The lines of a graph left alone are what :meth:`read_lines` gives for it next,
        instead of reading it again: that look is a read of the graph as it is after the
        load, as a read-back would be. Any write of another graph makes every such look
        stale (a store's default graph may be the union of them all), and the graph is
        read again.
        """
        if replace:
            try:
                held = line_set(self.read(payload.iri))
            except StoreError:
                held = None
            if held is not None:
                if not held:
                    replace = False  # no such graph, or no triple: a POST puts what a PUT would
                elif _same_values(payload.lines, held):
                    # Already these triples (or their values, as the store keeps them).
                    self._looks[payload.iri] = held
                    return
        self._looks.clear()
        self.client.write(payload.iri, Body(payload.body), replace=replace)

    def read_lines(self, graph: str | None) -> set[bytes]:
        """The distinct lines of :meth:`read`; of a graph :meth:`write` left alone, the lines
        it read then (once: a second call reads the graph)."""
        looked = self._looks.pop(graph, None)
        return looked if looked is not None else line_set(self.read(graph))

    def read(self, graph: str | None) -> bytes:
        """GET one graph and rewrite it as canonical N-Triples."""
        import pyoxigraph

        answer = self.client.read(graph)
        if answer is None:
            return b""
        body, media_type = answer
        name = f"<{graph}>" if graph else "the default graph"
        try:
            syntax = pyoxigraph.RdfFormat.from_media_type(media_type or "application/n-triples")
        except ValueError:
            syntax = None
        if syntax is None:
            raise StoreError(
                f"reading back {name}: {self.location} answered {media_type!r}, not RDF"
            )
        try:
            quads = pyoxigraph.parse(body, format=syntax, base_iri=self.client.graph_url(graph))
            return _ntriples(quads, syntax.supports_datasets)
        except (SyntaxError, ValueError) as err:
            raise StoreError(
                f"reading back {name}: the store's {syntax.name} does not parse ({one_line(err)})"
            ) from err


def _same_values(sent: set[bytes], held: set[bytes]) -> bool:
    """Whether a graph that holds the lines ``held`` holds the values of the lines ``sent``.

    Lines that differ must pair up, one form of a value for another (or a blank node
    relabelled), so sides that differ in number by more than half cannot: they are not
    compared triple by triple (a graph of other data would cost seconds to tell apart).
    """
    differ, other = len(sent - held), len(held - sent)
    if not differ and not other:
        return True
    if differ > 2 * other or other > 2 * differ:
        return False
    return compare_lines(sent, held)[1].same_values


def _ntriples(quads: Iterator[pyoxigraph.Quad], named: bool) -> bytes:
    import pyoxigraph

    if named:  # an answer in a quad syntax: drop the graph names
        quads = (pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads)
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""


class Body:
    """A request body read in pieces, with its length known (``Content-Length``, not chunked).

    >>> body = Body(b"abcdef", piece=4)
    >>> len(body), body.read(), body.read(), body.read()
    (6, b'abcd', b'ef', b'')
    """

    def __init__(self, data: bytes, *, piece: int = 1 << 20) -> None:
        self._data = memoryview(data)
        self._position = 0
        self._piece = piece

    def __len__(self) -> int:
        return len(self._data)

    def tell(self) -> int:
        return self._position

    def seek(self, position: int, whence: int = 0) -> int:
        """Rewind, e.g. to send the body again after a digest challenge."""
        base = {0: 0, 1: self._position, 2: len(self._data)}[whence]
        self._position = max(0, min(len(self._data), base + position))
        return self._position

    def read(self, size: int = -1) -> bytes:
        size = self._piece if size is None or size < 0 else min(size, self._piece)
        piece = bytes(self._data[self._position : self._position + size])
        self._position += len(piece)
        return piece


__all__ = ["PASSWORD_ENV", "Body", "RemoteStore", "credentials"]
