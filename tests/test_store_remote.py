"""The Graph Store client and RemoteStore on their own: status codes, credentials, streamed
bodies, and what a store that holds other data than sent does to the report.

A small recording HTTP server on 127.0.0.1 answers what each test tells it to.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kzreforms.errors import InputError, StoreError
from kzreforms.stores import (
    EmbeddedStore,
    RemoteStore,
    VerificationError,
    as_store,
    credentials,
    load_into,
)
from kzreforms.stores.gsp import GraphStore
from kzreforms.stores.payloads import Payload
from kzreforms.stores.remote import Body

SECRET = "s3cret-Pw_42"
TRIPLES = b'<urn:x:s> <urn:x:p> "one" .\n<urn:x:s> <urn:x:p> "two" .\n'


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Recorder:
    """What the server saw, and how it answers: ``answer(seen) -> (status, headers, body)``."""

    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    answer: Callable[[Seen], tuple[int, dict[str, str], bytes]] = lambda seen: (204, {}, b"")


@pytest.fixture
def server() -> Iterator[Recorder]:
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, self.path, dict(self.headers.items()), body)
            recorder.seen.append(seen)
            status, headers, reply = recorder.answer(seen)
            self.send_response(status)
            for name, value in {"Content-Length": str(len(reply)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply)

        do_GET = do_PUT = do_POST = _handle

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    recorder.url = f"http://127.0.0.1:{httpd.server_address[1]}/store"
    try:
        yield recorder
    finally:
        httpd.shutdown()
        httpd.server_close()


def _token() -> str:
    return base64.b64encode(f"ann:{SECRET}".encode()).decode()


# --------------------------------------------------------------------------- status codes


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        (401, "wants credentials or refused them"),
        (403, "may not write here"),
        (404, "no such endpoint"),
        (405, "does not accept this method"),
        (500, "rejected the request"),
    ],
)
def test_an_http_error_names_status_hint_and_graph(
    server: Recorder, status: int, hint: str
) -> None:
    server.answer = lambda seen: (status, {"Content-Type": "text/plain"}, b"went wrong")
    store = RemoteStore(server.url)
    with pytest.raises(StoreError) as caught:
        store.write(Payload("urn:g", TRIPLES, 2), replace=True)
    message = str(caught.value)
    assert f"writing <urn:g>: {server.url} answered HTTP {status}" in message
    assert hint in message and message.endswith("went wrong")


def test_a_401_hint_speaks_python_and_the_command_line_renders_its_options(
    server: Recorder,
) -> None:
    from click.testing import CliRunner

    from kzreforms.cli import EXIT_STORE, cli, cli_message

    server.answer = lambda seen: (401, {}, b"")
    with pytest.raises(StoreError) as caught:
        RemoteStore(server.url).write(Payload("urn:g", TRIPLES, 2), replace=True)
    assert "give user and a password (and auth_type='digest' for Virtuoso)" in str(caught.value)
    assert caught.value.parameter == "user"
    assert "give --user and a password (and --auth digest for Virtuoso)" in cli_message(
        caught.value
    )
    result = CliRunner().invoke(cli, ["load", "--url", server.url, "--graph", "ontology"])
    assert result.exit_code == EXIT_STORE, result.output
    assert "give --user and a password (and --auth digest for Virtuoso)" in result.output
    assert "user=" not in result.output and "auth_type" not in result.output


def test_connect_takes_the_password_from_the_environment(
    server: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZ_TEST_PW", SECRET)
    store = RemoteStore.connect(server.url, user="ann", password_env="KZ_TEST_PW", timeout=7)
    assert store.client.auth == ("ann", SECRET) and store.client.timeout == 7
    assert RemoteStore.connect(server.url).client.auth is None
    with pytest.raises(InputError) as caught:
        RemoteStore.connect(server.url, user="ann", password_env="KZ_TEST_UNSET_PW")
    assert caught.value.parameter == "password_env"


def test_a_missing_graph_reads_as_empty(server: Recorder) -> None:
    server.answer = lambda seen: (404, {}, b"")
    assert RemoteStore(server.url).read("urn:g") == b""
    assert server.seen[0].path == "/store?graph=urn%3Ag"


def test_a_redirect_is_never_followed(server: Recorder) -> None:
    server.answer = lambda seen: (307, {"Location": "http://ann:pw@elsewhere.example/x?q"}, b"")
    with pytest.raises(StoreError, match="redirects to http://\\*\\*\\*@elsewhere.example/x "):
        RemoteStore(server.url).write(Payload(None, TRIPLES, 2), replace=True)
    # The look into the graph, then the write; neither followed anywhere.
    assert [(s.method, s.path) for s in server.seen] == [
        ("GET", "/store?default"),
        ("PUT", "/store?default"),
    ]


def test_an_answer_that_is_not_rdf_is_refused(server: Recorder) -> None:
    server.answer = lambda seen: (200, {"Content-Type": "text/html"}, b"<html></html>")
    with pytest.raises(StoreError, match="answered 'text/html', not RDF"):
        RemoteStore(server.url).read(None)


def test_turtle_read_back_becomes_canonical_ntriples(server: Recorder) -> None:
    turtle = b'@prefix x: <urn:x:> . x:s x:p "one", "two" .'
    server.answer = lambda seen: (200, {"Content-Type": "text/turtle"}, turtle)
    assert sorted(RemoteStore(server.url).read("urn:g").splitlines()) == sorted(
        TRIPLES.splitlines()
    )


# --------------------------------------------------------------------------- credentials


def test_the_password_is_masked_in_every_spelling(server: Recorder) -> None:
    def echo(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        text = f"bad: {seen.headers.get('Authorization')} user ann password {SECRET}"
        return 500, {}, text.encode()

    server.answer = echo
    with pytest.raises(StoreError) as caught:
        load_into(store=RemoteStore(server.url, auth=("ann", SECRET)), graphs="ontology")
    message = str(caught.value)
    assert server.seen[0].headers["Authorization"] == f"Basic {_token()}"  # it was sent
    assert SECRET not in message and _token() not in message
    assert "Basic ***" in message and "password ***" in message


def test_credentials_in_the_url_are_used_and_never_shown(server: Recorder) -> None:
    url = server.url.replace("http://", f"http://ann:{SECRET}@")
    store = as_store(url)
    assert store.location == server.url
    server.answer = lambda seen: (403, {}, b"")
    with pytest.raises(StoreError) as caught:
        load_into(store=store, graphs="ontology")
    assert server.seen[0].headers["Authorization"] == f"Basic {_token()}"
    assert SECRET not in str(caught.value) and "ann:" not in str(caught.value)


def test_credentials_come_from_the_environment_or_a_prompt() -> None:
    env = {"PW": SECRET}
    assert credentials("http://h/s", "ann", password_env="PW", environ=env) == ("ann", SECRET)
    asked: list[str] = []
    got = credentials("http://h/s", "ann", environ={}, ask=lambda p: asked.append(p) or "typed")
    assert got == ("ann", "typed") and asked == ["Password for ann"]
    assert credentials("http://h/s", None, environ=env) is None
    assert credentials(f"http://bob:{SECRET}@h/s", "ann", environ={}) is None
    with pytest.raises(InputError, match="no password for ann") as caught:
        credentials("http://h/s", "ann", environ={})
    assert caught.value.parameter == "password_env"


@pytest.mark.parametrize("url", ["ftp://h/store", "file:///etc/passwd", "http:///store"])
def test_only_http_urls_are_stores(url: str) -> None:
    with pytest.raises(InputError) as caught:
        as_store(url)
    assert caught.value.parameter == "store"


def test_a_folder_or_a_store_object_is_taken_as_it_is(tmp_path: object) -> None:
    assert isinstance(as_store("some/folder"), EmbeddedStore)
    remote = RemoteStore("http://localhost:7878/store")
    assert as_store(remote) is remote
    with pytest.raises(InputError, match="not int") as caught:
        as_store(42)  # type: ignore[arg-type]
    assert caught.value.parameter == "store"


# --------------------------------------------------------------------------- streaming


def test_a_body_is_streamed_with_its_length_not_chunked(server: Recorder) -> None:
    line = b'<urn:x:s> <urn:x:p> "' + b"x" * 1000 + b'" .\n'
    body = line * 3000  # about 3 MiB: several pieces
    reads: list[int] = []

    class Counting(Body):
        def read(self, size: int = -1) -> bytes:
            piece = super().read(size)
            reads.append(len(piece))
            return piece

    GraphStore(server.url).write("urn:g", Counting(body), replace=True)
    seen = server.seen[0]
    assert seen.method == "PUT" and seen.body == body
    assert seen.headers["Content-Length"] == str(len(body))
    assert "Transfer-Encoding" not in seen.headers
    assert len([n for n in reads if n]) > 1  # read in pieces, not as one copy


def test_a_digest_challenge_sends_the_whole_body_again(server: Recorder) -> None:
    def challenge(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        if not seen.headers.get("Authorization", "").startswith("Digest "):
            return 401, {"WWW-Authenticate": 'Digest realm="kz", nonce="abc", qop="auth"'}, b""
        return 204, {}, b""

    server.answer = challenge
    GraphStore(server.url, auth=("ann", SECRET), auth_type="digest").write(
        None, Body(TRIPLES), replace=True
    )
    assert [s.body for s in server.seen] == [TRIPLES, TRIPLES]
    assert SECRET not in server.seen[1].headers["Authorization"]


# --------------------------------------------------------------------------- verification


def _store_that_keeps(kept: bytes) -> Callable[[Seen], tuple[int, dict[str, str], bytes]]:
    def answer(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        if seen.method == "GET":
            return 200, {"Content-Type": "application/n-triples"}, kept
        return 204, {}, b""

    return answer


def test_a_store_that_drops_a_triple_is_not_verified(server: Recorder, tmp_path: object) -> None:
    from rdflib import Graph

    graph = Graph().parse(data=TRIPLES.decode(), format="nt")
    server.answer = _store_that_keeps(TRIPLES.splitlines(keepends=True)[0])
    with pytest.raises(VerificationError, match="lost 1 triple") as caught:
        load_into(graph, store=server.url, graph_iri="urn:g")
    report = caught.value.report
    assert report.verified is False and report.exact is False
    assert [(g.sent, g.found, g.lost) for g in report.graphs] == [(2, 1, 1)]
    assert "Not verified" in report.text()


def _store_that_keeps_what_it_is_sent(
    held: bytes = b"<urn:x:other> <urn:x:p> <urn:x:o> .\n",
) -> Callable[[Seen], tuple[int, dict[str, str], bytes]]:
    """One graph: ``held`` at first (b"": none), then what the last PUT sent or POST added."""
    kept = [held]

    def answer(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        if seen.method == "PUT":
            kept[0] = seen.body
        elif seen.method == "POST":
            kept[0] += seen.body
        elif not kept[0]:
            return 404, {}, b"no such graph"
        else:
            return 200, {"Content-Type": "application/n-triples"}, kept[0]
        return 204, {}, b""

    return answer


def test_a_store_that_holds_it_all_is_verified(server: Recorder) -> None:
    from rdflib import Graph

    graph = Graph().parse(data=TRIPLES.decode(), format="nt")
    server.answer = _store_that_keeps_what_it_is_sent()
    report = load_into(graph, store=server.url, graph_iri="urn:g")
    assert report.verified and report.exact
    # The graph is read, replaced (PUT: it held another triple), then read back.
    assert [s.method for s in server.seen] == ["GET", "PUT", "GET"]


def test_an_empty_graph_is_posted_to_then_read_back(server: Recorder) -> None:
    """Into an empty graph a POST puts what a PUT would (Oxigraph's PUT took twice as long)."""
    from rdflib import Graph

    graph = Graph().parse(data=TRIPLES.decode(), format="nt")
    server.answer = _store_that_keeps_what_it_is_sent(b"")
    report = load_into(graph, store=server.url, graph_iri="urn:g")
    assert report.verified and report.exact
    assert [s.method for s in server.seen] == ["GET", "POST", "GET"]
    assert sorted(server.seen[1].body.splitlines()) == sorted(TRIPLES.splitlines())


def test_a_graph_that_already_holds_the_triples_is_not_written_again(server: Recorder) -> None:
    from rdflib import Graph

    graph = Graph().parse(data=TRIPLES.decode(), format="nt")
    server.answer = _store_that_keeps(TRIPLES)
    report = load_into(graph, store=server.url, graph_iri="urn:g")
    assert report.verified and report.exact
    assert [(g.sent, g.found) for g in report.graphs] == [(2, 2)]
    # One read: the look found the graph as the load leaves it, and stands as its read-back.
    assert [s.method for s in server.seen] == ["GET"]


def test_a_graph_left_alone_is_read_again_once_another_graph_is_written(
    server: Recorder,
) -> None:
    """A write may change what another graph reads as (a union default graph): the look
    at a graph left alone before it no longer stands as its read-back."""
    kept = {"default": TRIPLES, "graph=urn%3Ag": b""}

    def answer(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        graph = seen.path.partition("?")[2]
        if seen.method in ("PUT", "POST"):
            kept[graph] = seen.body
            return 204, {}, b""
        return 200, {"Content-Type": "application/n-triples"}, kept[graph]

    server.answer = answer
    store = RemoteStore(server.url)
    with store.session([None, "urn:g"], replace=True):
        store.write(Payload(None, TRIPLES, 2), replace=True)  # the same: left alone
        store.write(Payload("urn:g", TRIPLES, 2), replace=True)  # empty: POSTed
        assert store.read_lines(None) == set(TRIPLES.splitlines())
        assert store.read_lines("urn:g") == set(TRIPLES.splitlines())
    assert [(s.method, s.path.partition("?")[2]) for s in server.seen] == [
        ("GET", "default"),
        ("GET", "graph=urn%3Ag"),
        ("POST", "graph=urn%3Ag"),
        ("GET", "default"),  # read again: a graph was written after its look
        ("GET", "graph=urn%3Ag"),
    ]


@pytest.mark.parametrize(
    ("status", "kind", "body", "method"),
    [
        # No such graph, or no triple in the answer: a POST puts what a PUT would.
        (404, "text/plain", b"no such graph", "POST"),
        (200, "application/n-triples", b"", "POST"),
        (200, "text/turtle", b"@prefix x: <urn:x:> .\n", "POST"),
        # Other triples, an answer that is not RDF, or no answer at all: the graph is PUT.
        (200, "application/n-triples", b'<urn:x:s> <urn:x:p> "one" .\n', "PUT"),
        (200, "text/html", b"<html></html>", "PUT"),
        (500, "text/plain", b"went wrong", "PUT"),
        (403, "text/plain", b"", "PUT"),
    ],
)
def test_what_the_graph_reads_as_decides_post_or_put(
    server: Recorder, status: int, kind: str, body: bytes, method: str
) -> None:
    def answer(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        return (status, {"Content-Type": kind}, body) if seen.method == "GET" else (204, {}, b"")

    server.answer = answer
    RemoteStore(server.url).write(Payload("urn:g", TRIPLES, 2), replace=True)
    assert [s.method for s in server.seen] == ["GET", method]
    RemoteStore(server.url).write(Payload("urn:g", TRIPLES, 2), replace=False)
    assert [s.method for s in server.seen] == ["GET", method, "POST"]  # appending: no look


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
OFFSET = f'<urn:x:s> <urn:x:offset> "4"^^<{XSD_NS}nonNegativeInteger> .\n'.encode()


@pytest.mark.parametrize(
    ("held", "written"),
    [
        # The same value in the form Oxigraph keeps it in: what a PUT would leave.
        (OFFSET.replace(b"nonNegativeInteger", b"integer"), False),
        (OFFSET.replace(b'"4"', b'"5"'), True),  # another value
        (OFFSET + b'<urn:x:s> <urn:x:p> "more" .\n', True),  # something else besides
    ],
)
def test_a_graph_is_left_alone_only_when_it_holds_the_same_values(
    server: Recorder, held: bytes, written: bool
) -> None:
    server.answer = _store_that_keeps(held)
    RemoteStore(server.url).write(Payload("urn:g", OFFSET, 1), replace=True)
    assert [s.method for s in server.seen] == (["GET", "PUT"] if written else ["GET"])
