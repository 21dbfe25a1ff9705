"""A small SPARQL 1.1 Graph Store HTTP Protocol client, with SPARQL 1.1 Query for checks.

Specs: https://www.w3.org/TR/sparql11-http-rdf-update/ and
https://www.w3.org/TR/sparql11-protocol/. ``requests`` is imported on first use,
so importing kzreforms never pulls in the HTTP stack. Credentials never appear
in a message: URLs are shown without ``user:password@`` and any echo of the
password in a server's answer is masked.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import socket
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ..errors import InputError, StoreError, one_line

if TYPE_CHECKING:  # pragma: no cover - rdflib is imported only to read query results
    import requests
    from rdflib.term import Node

AuthType = Literal["basic", "digest"]


class SupportsRead(Protocol):
    """A request body read in pieces (``requests`` streams it)."""

    def read(self, size: int = -1, /) -> bytes: ...


GSP_SPEC = "https://www.w3.org/TR/sparql11-http-rdf-update/"
_MAX_BODY = 200
#: What kzreforms asks for when it reads a graph back: N-Triples first, any RDF syntax after.
_ACCEPT = (
    "application/n-triples, text/turtle;q=0.9, application/n-quads;q=0.8, application/rdf+xml;q=0.5"
)
#: A header that carries credentials, as a server may echo it (``Authorization: Basic …``).
_SECRET_HEADER = re.compile(
    r"(?i)\b((?:proxy-)?authorization|cookie|set-cookie)([\"']?\s*[:=]\s*)[^\r\n]*"
)
_SCHEME_TOKEN = re.compile(r"\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}")
_DIGEST_TOKEN = re.compile(r"\bDigest\s+(?=\w+=)[^\r\n]*")
_URL_USERINFO = re.compile(r"//[^/\s@]+@")

#: Where a store's SPARQL query endpoint sits, given its Graph Store endpoint.
_QUERY_ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso, anonymous
    ("/rdf-graphs/service", ""),  # GraphDB / RDF4J: /repositories/ID
    ("/store", "/query"),  # Oxigraph
    ("/data", "/sparql"),  # Fuseki: /DATASET/data -> /DATASET/sparql
)


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """Return ``url`` without ``user:password@`` and the credentials it carried, if any.

    >>> split_credentials("https://ann:pw@example.org/store")
    ('https://example.org/store', ('ann', 'pw'))
    """
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    from urllib.parse import unquote

    return clean, (unquote(parts.username or ""), unquote(parts.password or ""))


def check_url(url: str, what: str = "store URL", *, parameter: str = "store") -> str:
    """Refuse anything but a well-formed ``http(s)://host/…`` URL; return it unchanged.

    A wrong URL is the user's input, so this raises :class:`~kzreforms.errors.InputError`.

    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    kzreforms.errors.InputError: the store URL must start with http:// or https://, not 'file://'
    """
    if "://" not in url:
        raise InputError(
            f"the {what} {_without_credentials(url)!r} must start with http:// or https://",
            parameter=parameter,
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as err:
        shown = _without_credentials(url)
        raise InputError(
            f"the {what} {shown!r} is malformed ({err}); check it", parameter=parameter
        ) from err
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(
            f"the {what} must start with http:// or https://, not {parts.scheme + '://'!r}",
            parameter=parameter,
        )
    if not parts.hostname:
        raise InputError(
            f"the {what} {split_credentials(url)[0]!r} names no host", parameter=parameter
        )
    return url


def _without_credentials(url: str) -> str:
    """``url`` with anything before an ``@`` in its authority hidden, never failing."""
    scheme, sep, rest = url.partition("://") if "://" in url else ("", "", url)
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}{sep}{authority}{slash}{path}"


def guess_query_url(store_url: str) -> str | None:
    """Return the SPARQL query endpoint that usually sits beside a Graph Store endpoint.

    >>> guess_query_url("http://localhost:3030/kz/data")
    'http://localhost:3030/kz/sparql'
    >>> guess_query_url("http://localhost:7200/repositories/kz/rdf-graphs/service")
    'http://localhost:7200/repositories/kz'
    """
    parts = urlsplit(store_url)
    path = parts.path.rstrip("/")
    for suffix, replacement in _QUERY_ENDPOINTS:
        if path.endswith(suffix):
            new_path = path[: -len(suffix)] + replacement
            return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))
    return None


class GraphStore:
    """One Graph Store endpoint and its query endpoint, with credentials and a timeout."""

    def __init__(
        self,
        url: str,
        *,
        query_url: str | None = None,
        auth: tuple[str, str] | None = None,
        auth_type: AuthType = "basic",
        timeout: float = 30,
    ) -> None:
        url, embedded = split_credentials(check_url(url))
        self.url = url
        self.auth = auth or embedded
        query = query_url or guess_query_url(url)
        self.query_url: str | None = None
        if query is not None:  # only select() needs it; loads are checked by reading back
            query, query_auth = split_credentials(
                check_url(query, "query URL", parameter="query_url")
            )
            self.query_url = query
            self.auth = self.auth or query_auth
        self.auth_type = auth_type
        self.timeout = timeout
        self._session: requests.Session | None = None
        self._watch = _Watch()

    # ------------------------------------------------------------------ plumbing

    def _requests(self) -> requests.Session:
        if self._session is None:
            import requests

            session = requests.Session()
            session.trust_env = False  # no ~/.netrc credentials or proxies behind our back
            adapter = _watched_adapter(self._watch)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            if self.auth is not None:
                if self.auth_type == "digest":
                    session.auth = requests.auth.HTTPDigestAuth(*self.auth)
                else:
                    session.auth = requests.auth.HTTPBasicAuth(*self.auth)
            self._session = session
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def mask(self, text: str) -> str:
        """Remove credentials from ``text``: the password in any spelling, and auth headers.

        A server may echo the request (``Authorization: Basic …``) in an error page,
        so the base64 of ``user:password`` and any credential header's value go too.
        """
        text = _SECRET_HEADER.sub(r"\1\2***", text)
        text = _DIGEST_TOKEN.sub("Digest ***", text)
        text = _SCHEME_TOKEN.sub(r"\1 ***", text)
        text = _URL_USERINFO.sub("//***@", text)
        if self.auth is not None and self.auth[1]:
            user, password = self.auth
            token = f"{user}:{password}".encode()
            for secret in (
                base64.b64encode(token).decode(),
                base64.b64encode(token).decode().rstrip("="),
                base64.urlsafe_b64encode(token).decode().rstrip("="),
                quote(password, safe=""),
                password,
            ):
                if len(secret) >= 3:  # a one-letter password would mask every such letter
                    text = text.replace(secret, "***")
        return text

    def _send(
        self, method: str, url: str, action: str, *, missing_ok: bool = False, **kwargs: Any
    ) -> requests.Response | None:
        """Send one request; the whole of it (answer included) must end within the timeout."""
        import requests

        shown = url.split("?", 1)[0]
        self._watch.arm(self.timeout)
        try:
            response = self._requests().request(
                method, url, timeout=self.timeout, allow_redirects=False, **kwargs
            )
        except requests.exceptions.RequestException as err:
            if self._watch.fired or isinstance(err, requests.exceptions.Timeout):
                raise StoreError(
                    f"{action}: no complete answer from {shown} within {self.timeout:g} s; "
                    "is the store overloaded? Raise timeout "
                    "(a write may still finish in the store)",
                    parameter="timeout",
                ) from err
            raise StoreError(self.mask(self._failure(err, shown, action))) from err
        finally:
            self._watch.disarm()
        if 300 <= response.status_code < 400:
            location = response.headers.get("Location", "")
            target = _without_credentials(urljoin(url, location)) if location else "nowhere"
            raise StoreError(
                self.mask(
                    f"{action}: {shown} redirects to {target.split('?', 1)[0]} "
                    f"(HTTP {response.status_code}); kzreforms never follows a redirect, so "
                    "that data and credentials go only where you said: give the final URL"
                )
            )
        if missing_ok and response.status_code == 404:
            return None
        if response.status_code >= 400:
            about = "user" if response.status_code == 401 else None
            raise StoreError(self.mask(self._http_error(response, shown, action)), parameter=about)
        return response

    @staticmethod
    def _failure(err: BaseException, shown: str, action: str) -> str:
        import requests

        if isinstance(err, requests.exceptions.SSLError):
            return f"{action}: TLS failed for {shown}: {_reason(err)}"
        if isinstance(err, requests.exceptions.ConnectionError):
            reason = _reason(err)
            if "refused" in reason.lower():
                hint = "connection refused; is the store running and the port right?"
            elif "name" in reason.lower() and "resolution" in reason.lower():
                hint = "the host name does not resolve; check the URL"
            else:
                hint = f"the connection failed ({reason})"
            return f"{action}: cannot reach {shown}: {hint}"
        return f"{action}: {shown}: {_reason(err)}"

    def _http_error(self, response: requests.Response, shown: str, action: str) -> str:
        status = response.status_code
        if status == 401:
            hint = (
                "the store wants credentials or refused them; give user and a password "
                "(and auth_type='digest' for Virtuoso)"
            )
        elif status == 403:
            hint = "the user may not write here; check the account's rights"
        elif status == 404:
            hint = "no such endpoint; check the URL path (Oxigraph /store, Fuseki /DATASET/data)"
        elif status == 405:
            hint = "the endpoint does not accept this method; is it a Graph Store endpoint?"
        else:
            hint = "the store rejected the request"
        # Mask before squeezing to one line: a credential header ends at its line's end.
        body = one_line(self.mask(response.text), limit=_MAX_BODY) if response.content else ""
        detail = f": {body}" if body else ""
        return f"{action}: {shown} answered HTTP {status} {response.reason or ''}".rstrip() + (
            f"; {hint}{detail}"
        )

    # ------------------------------------------------------------------ protocol

    def graph_url(self, graph: str | None) -> str:
        """Return the request URL for a named graph, or the default graph when ``None``."""
        separator = "&" if "?" in self.url else "?"
        if graph is None:
            return f"{self.url}{separator}default"
        return f"{self.url}{separator}graph={quote(graph, safe='')}"

    def write(self, graph: str | None, body: bytes | SupportsRead, *, replace: bool) -> None:
        """PUT (replace) or POST (append) N-Triples into one graph (a reader is streamed)."""
        name = f"<{graph}>" if graph else "the default graph"
        self._send(
            "PUT" if replace else "POST",
            self.graph_url(graph),
            f"writing {name}",
            data=body,
            headers={"Content-Type": "application/n-triples; charset=utf-8"},
        )

    def read(self, graph: str | None) -> tuple[bytes, str] | None:
        """GET one graph: its bytes and media type, or ``None`` when the store has no such graph."""
        name = f"<{graph}>" if graph else "the default graph"
        response = self._send(
            "GET",
            self.graph_url(graph),
            f"reading back {name}",
            missing_ok=True,
            headers={"Accept": _ACCEPT},
        )
        if response is None:
            return None
        media_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        return response.content, media_type

    def select(self, sparql: str) -> list[dict[str, Node]]:
        """Run a SELECT query at the query endpoint; return rows of rdflib terms."""
        if self.query_url is None:
            raise StoreError(
                f"cannot tell the SPARQL query endpoint of {self.url}; give it with query_url "
                "(e.g. Oxigraph /query, Fuseki /DATASET/sparql, Virtuoso /sparql)",
                parameter="query_url",
            )
        response = self._send(
            "POST",
            self.query_url,
            "checking the store",
            data={"query": sparql},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response is not None
        try:
            document = json.loads(response.content)
            bindings = document["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(
                f"checking the store: {self.query_url} did not answer with SPARQL JSON results; "
                "is query_url the store's SPARQL query endpoint?",
                parameter="query_url",
            ) from err
        return [{name: _term(value) for name, value in row.items()} for row in bindings]


def _term(value: dict[str, str]) -> Node:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    language = value.get("xml:lang")
    datatype = value.get("datatype")
    if language:
        return RdfLiteral(text, lang=language)
    return RdfLiteral(text, datatype=URIRef(datatype) if datatype else None)


def _reason(err: BaseException) -> str:
    """The innermost readable cause of a requests error, on one line."""
    seen: BaseException | None = err
    text = str(err)
    while seen is not None:
        if seen.args and isinstance(seen.args[0], BaseException):
            seen = seen.args[0]
            continue
        reason = getattr(seen, "reason", None)
        if isinstance(reason, BaseException):
            seen = reason
            continue
        text = str(seen)
        break
    text = one_line(text, limit=None)
    if "Connection refused" in text:
        return "Connection refused"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "the server closed the connection without an answer"
    return one_line(text, limit=_MAX_BODY)


class _Watch:
    """Shuts down every socket of a session when a request outlives its deadline.

    ``requests`` only bounds each socket read, so a server that drips its answer a
    byte at a time would hold a request for ever; this bounds the whole request.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._timer: threading.Timer | None = None
        self.fired = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def arm(self, seconds: float) -> None:
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in list(self._sockets):
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)


def _watched_adapter(watch: _Watch) -> Any:
    """A requests adapter whose connections register their sockets with ``watch``."""
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Watched(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            watch.add(sock)
            return sock

    class WatchedTLS(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            watch.add(sock)
            return sock

    class Pool(HTTPConnectionPool):
        ConnectionCls = Watched

    class PoolTLS(HTTPSConnectionPool):
        ConnectionCls = WatchedTLS

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": PoolTLS}

    return Adapter()


Select = Callable[[str], "list[dict[str, Node]]"]
