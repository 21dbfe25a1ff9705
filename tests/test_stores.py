"""Loading into triple stores: the embedded Oxigraph store, a real Oxigraph server,
a real Virtuoso, and a fake Graph Store that fails in every way a real one can."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD

import kzreforms
from kzreforms import stores
from kzreforms.cli import EXIT_INPUT, EXIT_STORE, EXIT_USAGE, cli
from kzreforms.dataset import GRAPHS
from kzreforms.errors import InputError, StoreError
from kzreforms.stores import RemoteStore
from kzreforms.stores import embedded as store_embedded
from kzreforms.stores.gsp import GraphStore, check_url

SECRET = "s3cret-Pw_42"
ROOT = Path(__file__).resolve().parents[1]


def _expected_counts() -> dict[str, int]:
    dataset = kzreforms.load()
    return {str(iri): len(dataset.graph(iri)) for iri in GRAPHS.values()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _binary(name: str, why: str) -> str:
    """Find a server binary; missing fails under CI (CI=true) and skips locally."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found:
        return found
    message = f"{name} is not installed ({why})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + "; CI must provide it (see .ci/run)")
    pytest.skip(message)


def _wait_for_port(
    port: int, process: subprocess.Popen[bytes], log: Path, seconds: float = 60
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(
        f"server did not listen on {port}:\n{log.read_text(errors='replace')[-2000:]}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _count(client: GraphStore, iri: str) -> int:
    rows = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])  # type: ignore[call-overload]


# =========================================================================== embedded store


def _derived_integers() -> int:
    """How many literals of the packaged data Oxigraph keeps as xsd:integer instead."""
    derived = {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long}
    data = kzreforms.load().graph(GRAPHS["data"])
    return sum(1 for o in data.objects() if isinstance(o, Literal) and o.datatype in derived)


def test_embedded_load_matches_the_dataset(tmp_path: Path) -> None:
    report = kzreforms.load_into(store=tmp_path / "store")
    assert report.verified
    assert {g.iri: g.sent for g in report.graphs} == _expected_counts()
    assert all(g.found == g.sent for g in report.graphs)
    # Oxigraph 0.5 keeps xsd:nonNegativeInteger as xsd:integer: reported with its count.
    rewritten = {g.iri: g.rewritten for g in report.graphs}
    assert rewritten[str(GRAPHS["data"])] == _derived_integers() > 0
    assert report.exact is False
    assert [(iri, r.kind, r.count) for iri, r in report.rewrites] == [
        (str(GRAPHS["data"]), "xsd:nonNegativeInteger → xsd:integer", _derived_integers())
    ]
    assert "xsd:nonNegativeInteger → xsd:integer" in report.notes[0]
    assert "Verified by value" in report.text()


def test_embedded_exact_refuses_a_rewrite_and_keeps_the_store(
    tmp_path: Path, runner: CliRunner
) -> None:
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder, graphs=["ontology"])
    before = stores.query_store(folder, sparql="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    result = runner.invoke(cli, ["load", "--store", str(folder), "--exact"])
    assert result.exit_code == EXIT_STORE, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "rewrote" in result.output and "xsd:nonNegativeInteger → xsd:integer" in result.output
    assert "/graph/data>" in result.output and "--exact refuses this" in result.output
    assert (
        stores.query_store(folder, sparql="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        == before
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no work folder left


def test_embedded_load_twice_gives_the_same_store_blank_nodes_included(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    bnodes = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s)) } }"
    total = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    kzreforms.load_into(store=folder)
    first = (
        stores.query_store(folder, sparql=total).rows,
        stores.query_store(folder, sparql=bnodes).rows,
    )
    kzreforms.load_into(store=folder)
    second = (
        stores.query_store(folder, sparql=total).rows,
        stores.query_store(folder, sparql=bnodes).rows,
    )
    assert first == second
    assert first[1][0]["n"] > 0  # the shapes' blank nodes are there, and not duplicated
    assert first[0][0]["n"] == sum(_expected_counts().values())


def test_embedded_append_adds(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder, graphs=["shapes"])
    report = kzreforms.load_into(store=folder, graphs=["shapes"], replace=False)
    shapes = report.graphs[0]
    assert not report.replaced and shapes.found > shapes.sent  # fresh blank nodes were added


def test_embedded_own_files_into_one_graph(tmp_path: Path, sample_file: Path) -> None:
    folder = tmp_path / "store"
    dataset = kzreforms.load([sample_file])
    report = kzreforms.load_into(
        dataset, store=folder, graphs=["all"], graph_iri="https://example.org/g"
    )
    assert [(g.iri, g.sent, g.found) for g in report.graphs] == [("https://example.org/g", 11, 11)]
    assert report.notes == (
        "<https://example.org/g>: 1 literal kept with the same value in another form, "
        'lexical form of xsd:decimal (e.g. "4.0"^^xsd:decimal as "4"^^xsd:decimal); '
        "exact=True refuses this",
    )
    assert report.verified and not report.exact
    with pytest.raises(StoreError, match=r'rewrote 1 literal .* sent "4.0"\^\^xsd:decimal'):
        kzreforms.load_into(
            dataset, store=folder, graphs=["all"], graph_iri="https://example.org/g", exact=True
        )


def test_query_store_matches_query(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder)
    for name in (
        "lowered-thresholds",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    ):
        here = kzreforms.query(sparql=name)
        there = stores.query_store(folder, sparql=name)
        assert there.kind == here.kind and there.variables == here.variables
        key = lambda row: json.dumps(row, sort_keys=True, default=str)  # noqa: E731
        assert sorted(there.rows, key=key) == sorted(here.rows, key=key)
        assert isinstance(there, type(here))
    result = runner.invoke(cli, ["query", "--store", str(folder), "-f", "csv", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["boolean", "true"]
    construct = stores.query_store(
        folder, sparql="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    )
    assert construct.graph is not None and len(construct.graph) == 3


def test_query_store_terms_are_rdflib_terms(tmp_path: Path, sample_file: Path) -> None:
    folder = tmp_path / "store"
    kzreforms.load_into(
        kzreforms.load([sample_file]),
        store=folder,
        graphs=["all"],
        graph_iri="https://example.org/g",
    )
    result = stores.query_store(folder, sparql="SELECT ?o WHERE { ?s ?p ?o }")
    values = {row["o"] for row in result.terms}
    assert Literal("77.18", datatype=XSD.decimal) in values
    assert Literal("Referendum", lang="en") in values
    assert Literal("a blank node") in values  # xsd:string comes back as a plain literal
    assert any(isinstance(v, BNode) for v in values)
    assert Decimal("77.18") in {row["o"] for row in result.rows}


def test_a_failed_load_leaves_the_store_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder)
    total = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    before = stores.query_store(folder, sparql=total).rows

    real = store_embedded._pieces
    calls = {"n": 0}

    def broken_second_graph(body: bytes) -> Iterator[bytes]:
        calls["n"] += 1
        yield from real(body + b'<urn:broken> <urn:p> "no end\n' if calls["n"] == 2 else body)

    monkeypatch.setattr(store_embedded, "_pieces", broken_second_graph)
    with pytest.raises(StoreError, match="left as it was"):
        kzreforms.load_into(
            store=folder, graph_iris={"ontology": "https://example.org/new-ontology"}
        )
    monkeypatch.undo()
    assert stores.query_store(folder, sparql=total).rows == before  # nothing half-done
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no work folder left


_NT = "".join(
    f'<https://example.org/s{i}> <https://example.org/n> "{i}"^^<{XSD.nonNegativeInteger}> .\n'
    f"<https://example.org/s{i}> <https://example.org/q> <https://example.org/o{i % 7}> .\n"
    for i in range(2000)
)


def _lines(folder: Path, graph: str | None = None) -> set[str]:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(folder))
    name = pyoxigraph.NamedNode(graph) if graph else pyoxigraph.DefaultGraph()
    body = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=name) or b""
    return set(body.decode().splitlines())


def test_the_read_back_is_every_line_a_dump_gives(tmp_path: Path) -> None:
    import pyoxigraph

    store = pyoxigraph.Store(str(tmp_path / "store"))
    blank = '_:b <https://example.org/p> _:c .\n_:c <https://example.org/q> "x"@en .\n'
    for graph in (None, "https://example.org/g"):
        name = pyoxigraph.NamedNode(graph) if graph else pyoxigraph.DefaultGraph()
        store.bulk_load(
            (_NT + blank).encode(), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=name
        )
    for graph in (None, "https://example.org/g", "https://example.org/empty"):
        name = pyoxigraph.NamedNode(graph) if graph else pyoxigraph.DefaultGraph()
        dump = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=name) or b""
        read = store_embedded.read_graph(store, graph)
        assert len(read) == len(dump) and set(read.splitlines()) == set(dump.splitlines())
        assert len(set(read.splitlines())) == (4002 if graph != "https://example.org/empty" else 0)


def test_an_embedded_store_that_changed_a_value_is_caught_and_the_store_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    path = tmp_path / "data.nt"
    path.write_text(_NT, encoding="utf-8")
    folder = tmp_path / "store"
    kzreforms.load_into(files=path, store=folder)
    before = _lines(folder)
    real = store_embedded._pieces

    def one_value_changed(body: bytes) -> Iterator[bytes]:  # as many triples, one other value
        yield from real(body.replace(b'"5"^^', b'"6"^^', 1))

    def one_value_changed_on_disk(file: Path) -> Iterator[bytes]:
        return one_value_changed(file.read_bytes())

    monkeypatch.setattr(store_embedded, "_pieces", one_value_changed)
    monkeypatch.setattr(store_embedded, "_file_pieces", one_value_changed_on_disk)
    result = runner.invoke(cli, ["load", str(path), "--store", str(folder)])
    assert result.exit_code == EXIT_STORE, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "4,000 triples sent, 4,000 found" in result.output and "changed 1 value" in result.output
    assert "https://example.org/s5" in result.output
    monkeypatch.undo()
    assert _lines(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.nt", "store"]


def _forbid_payload_route(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the payloads written through :func:`_pieces` (the route beside the file's)."""
    real, written = store_embedded._pieces, []

    def counted(body: bytes) -> Iterator[bytes]:
        written.append(len(body))
        yield from real(body)

    monkeypatch.setattr(store_embedded, "_pieces", counted)
    return written


def test_a_file_of_triples_is_loaded_from_disk_and_still_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.nt"
    first = _NT.splitlines(keepends=True)[0]
    path.write_text(_NT + first, encoding="utf-8")  # a line twice: one triple in the store
    monkeypatch.setattr(store_embedded, "PIECE", 4096)  # many pieces
    written = _forbid_payload_route(monkeypatch)
    report = kzreforms.load_into(files=path, store=tmp_path / "store")
    assert written == []  # straight from the file
    assert report.verified and report.graphs[0].sent == report.graphs[0].found == 4000
    assert report.graphs[0].rewritten == 2000  # compared as closely as the payload route is
    kzreforms.load_into(files=path, store=tmp_path / "again", replace=False)  # the payload's
    assert len(written) == 1
    assert _lines(tmp_path / "store") == _lines(tmp_path / "again")


@pytest.mark.parametrize(
    "extra",
    [
        '_:b <https://example.org/p> _:c .\n_:c <https://example.org/q> "x" .\n',
        '<https://example.org/s> <https://example.org/q> "_:not a blank node" .\n',
    ],
)
def test_a_file_with_a_blank_node_falls_back_to_the_payload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    """Each piece would give a blank node a new label: the graph is cleared, the payload sent."""
    path = tmp_path / "data.nt"
    path.write_text(_NT + extra + _NT.replace("example.org/s", "example.org/t"), encoding="utf-8")
    monkeypatch.setattr(store_embedded, "PIECE", 4096)
    written = _forbid_payload_route(monkeypatch)
    report = kzreforms.load_into(files=path, store=tmp_path / "store")
    assert len(written) == 1  # the whole payload, once
    assert report.verified and report.graphs[0].found == 8000 + extra.count("\n")
    assert len(_lines(tmp_path / "store")) == 8000 + extra.count("\n")


@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_file_on_the_route_from_disk_touches_nothing(
    tmp_path: Path, runner: CliRunner, existing: bool
) -> None:
    """The file is read as it loads: a syntax error still leaves no folder, no store change."""
    folder = tmp_path / "store"
    path = tmp_path / "bad.nt"
    path.write_text(_NT + '<https://example.org/s> <https://example.org/p> "no end\n' + _NT)
    if existing:
        kzreforms.load_into(store=folder, graphs=["ontology"])
    before = _files(folder) if existing else None
    result = runner.invoke(cli, ["load", str(path), "--store", str(folder)])
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.output.startswith("Error: ") and "bad.nt" in result.output
    assert "bad.nt:4001: N-Triples syntax error" in result.output and result.output.count("\n") == 1
    if existing:
        assert _files(folder) == before  # not even opened: RocksDB would rotate its logs
    else:
        assert not folder.exists()
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == (["bad.nt", "store"] if existing else ["bad.nt"])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_store_that_has_no_read_lines_is_still_read_back(tmp_path: Path) -> None:
    """``read_lines`` is optional: a Store written against ``read`` and ``write`` still loads."""
    import contextlib

    from kzreforms.stores.verify import line_set

    class Lines:
        def __init__(self) -> None:
            self.graphs: dict[str | None, bytes] = {}

        def read(self, graph: str | None) -> bytes:
            return self.graphs.get(graph, b"")

        def write(self, payload: stores.payloads.Payload, *, replace: bool) -> None:
            self.graphs[payload.iri] = payload.body

    class Memory:
        location, atomic, union_default = "memory", True, False

        def __init__(self) -> None:
            self.held = Lines()

        @contextlib.contextmanager
        def session(self, graphs: object, *, replace: bool) -> Iterator[Lines]:
            yield self.held

    path = tmp_path / "data.nt"
    path.write_text(_NT, encoding="utf-8")
    store = Memory()
    report = kzreforms.load_into(files=path, store=store)
    assert report.verified and report.exact and report.graphs[0].found == 4000
    assert line_set(store.held.graphs[None]) == line_set(path.read_bytes())


@pytest.mark.parametrize("trouble", ["panic", "long line", "changed"])
def test_trouble_on_the_route_from_disk_sends_the_payload_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trouble: str
) -> None:
    """Whatever stops the file's route (an error inside Oxigraph, a line longer than a piece,
    the file changed while it was read twice), the payload is what the store gets."""
    path = tmp_path / "data.nt"
    long = '<https://example.org/s> <https://example.org/p> "' + "x" * 3000 + '" .\n'
    path.write_text(_NT + (long if trouble == "long line" else ""), encoding="utf-8")
    monkeypatch.setattr(store_embedded, "PIECE", 1024)
    real = store_embedded._file_pieces

    def troubled(file: Path) -> Iterator[bytes]:
        for number, piece in enumerate(real(file)):
            if number == 2 and trouble == "panic":
                raise BaseException("a PanicException from Rust is a BaseException")
            if number == 2 and trouble == "changed":
                os.utime(file, ns=(0, 0))
            yield piece

    monkeypatch.setattr(store_embedded, "_file_pieces", troubled)
    written = _forbid_payload_route(monkeypatch)
    report = kzreforms.load_into(files=path, store=tmp_path / "store")
    assert len(written) == 1  # the whole payload, once
    assert report.verified and report.graphs[0].found == 4000 + (trouble == "long line")
    assert len(_lines(tmp_path / "store")) == 4000 + (trouble == "long line")


def test_a_link_to_an_empty_folder_is_loaded_through_as_before(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "store").symlink_to(tmp_path / "real")
    path = tmp_path / "data.nt"
    path.write_text(_NT, encoding="utf-8")
    assert kzreforms.load_into(files=path, store=tmp_path / "store").verified
    assert len(_lines(tmp_path / "store")) == 4000


def test_a_ctrl_c_while_the_file_loads_stops_it_and_keeps_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C reaches the thread that builds the payload; the loading thread stops at its
    next piece, and only then is the work folder removed (the new store is never made)."""
    folder = tmp_path / "store"
    path = tmp_path / "data.nt"
    path.write_text(_NT, encoding="utf-8")
    real = store_embedded._file_pieces
    loaded: list[float] = []

    def slow(file: Path) -> Iterator[bytes]:
        for piece in real(file):
            time.sleep(0.2)
            loaded.append(time.monotonic())
            yield piece

    def interrupted(*args: object, **kwargs: object) -> None:
        time.sleep(0.3)
        raise KeyboardInterrupt

    monkeypatch.setattr(store_embedded, "PIECE", 1024)  # about a hundred pieces: 20 s in all
    monkeypatch.setattr(store_embedded, "_file_pieces", slow)
    monkeypatch.setattr("kzreforms.stores.load.from_files", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        kzreforms.load_into(files=path, store=folder)
    returned = time.monotonic()
    assert returned - started < 2 and 1 <= len(loaded) < 10
    assert loaded[-1] <= returned  # the loading thread was done before the folder went
    assert not [t for t in threading.enumerate() if t.name == "kzreforms-load-file"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.nt"]


def test_embedded_store_in_use_is_a_clean_error(tmp_path: Path) -> None:
    import pyoxigraph

    folder = tmp_path / "store"
    kzreforms.load_into(store=folder, graphs=["ontology"])
    holder = pyoxigraph.Store(str(folder))
    try:
        with pytest.raises(StoreError, match="in use by another process"):
            kzreforms.load_into(store=folder, graphs=["ontology"])
    finally:
        del holder


def test_embedded_refuses_a_folder_of_other_files(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["load", "--store", str(tmp_path)])
    assert result.exit_code == EXIT_STORE
    assert "holds other files" in result.output


@pytest.mark.parametrize("kind", ["missing", "empty", "other-files"])
def test_query_store_without_a_store_is_an_input_error(
    tmp_path: Path, runner: CliRunner, kind: str
) -> None:
    folder = tmp_path / "none"
    if kind != "missing":
        folder.mkdir()
    if kind == "other-files":
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["query", "--store", str(folder), "ASK {}"])
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert str(folder) in result.output
    assert f"run 'kzreforms load --store {folder}' first" in result.output
    assert not folder.exists() or kind != "missing"  # querying never creates a store
    with pytest.raises(InputError):
        stores.query_store(folder, sparql="ASK {}")


def test_query_store_table_shortens_iris(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "s"
    kzreforms.load_into(store=folder, graphs=["ontology", "data"])
    result = runner.invoke(cli, ["query", "--store", str(folder), "01"])
    assert result.exit_code == 0, result.output
    assert "kzd:" in result.output and "https://w3id.org/kzreforms/id/" not in result.output
    assert result.output == runner.invoke(cli, ["query", "01"]).output


def test_cli_load_embedded(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["load", "--store", str(tmp_path / "s"), "--graph", "data"])
    assert result.exit_code == 0, result.output
    assert "Verified by value" in result.output and "/graph/data>" in result.output


def test_import_does_not_load_requests_or_pyoxigraph() -> None:
    code = (
        "import sys, kzreforms.cli, kzreforms; kzreforms.LoadReport; "
        "print('requests' in sys.modules, 'pyoxigraph' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"], out.stderr


# =========================================================================== a fake store


class FakeStore:
    """A Graph Store + query endpoint over an rdflib Dataset, with faults chosen by URL path.

    ``/{fault}/store`` and ``/{fault}/query``: the fault hits the PUT of the shapes
    graph (so ontology and data are written first), or the query endpoint.
    Errors inside the server are kept in ``errors`` instead of being printed to
    ``sys.stderr``, which a test's CliRunner may be capturing at that moment.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.dataset = Dataset()
        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.redirect_to = ""
        store = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _reply(
                self, status: int, body: bytes = b"", kind: str = "text/plain", **headers: str
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _wait_for_the_client_to_leave(self, seconds: float) -> None:
                """Answer nothing until the client gives up (or ``seconds`` pass).

                Writing an answer to a client that already dropped the connection
                is what made this fake store print tracebacks; it never does now.
                """
                deadline = time.monotonic() + seconds
                self.close_connection = True
                while time.monotonic() < deadline:
                    readable, _, _ = select.select([self.connection], [], [], 0.05)
                    if readable and not self.connection.recv(1, socket.MSG_PEEK):
                        return  # the client hung up

            def do_GET(self) -> None:
                store.requests.append(f"GET {self.path}")
                parts = urlsplit(self.path)
                query = parse_qs(parts.query, keep_blank_values=True)
                with store.lock:
                    if "default" in query:
                        graph = store.dataset.default_context
                    else:
                        graph = store.dataset.graph(URIRef(query.get("graph", [""])[0]))
                    body = graph.serialize(format="nt", encoding="utf-8") if len(graph) else b""
                if not body:
                    self._reply(404, b"no such graph")
                else:
                    self._reply(200, body, "application/n-triples")

            def do_PUT(self) -> None:
                self._write(replace=True)

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                if parts.path.endswith("/query"):
                    self._query(
                        parts.path.split("/")[1], parse_qs(self._body().decode())["query"][0]
                    )
                else:
                    self._write(replace=False)

            def _write(self, *, replace: bool) -> None:
                store.requests.append(f"{self.command} {self.path}")
                parts = urlsplit(self.path)
                fault = parts.path.split("/")[1]
                graph = parse_qs(parts.query).get("graph", [""])[0]
                body = self._body()
                if fault.startswith("redirect"):
                    status = int(fault.removeprefix("redirect") or 307)
                    self._reply(status, b"", Location=f"{store.redirect_to}?{parts.query}")
                    return
                if "/graph/shapes" in graph and self._fault(fault):
                    return
                with store.lock:
                    target = store.dataset.graph(URIRef(graph))
                    if replace:
                        target.remove((None, None, None))
                    target.parse(data=body.decode(), format="nt")
                    if fault == "rewrite":
                        for s, p, o in list(target):
                            if isinstance(o, Literal) and o.datatype == XSD.decimal:
                                target.remove((s, p, o))
                                target.add((s, p, Literal(o.toPython() + 1, datatype=XSD.decimal)))
                    if fault == "drop":
                        target.remove(sorted(target)[0])
                    if fault == "extra":
                        target.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("not sent")))
                self._reply(204)

            def _fault(self, fault: str) -> bool:
                if fault == "401":
                    self._reply(401, b"Unauthorized", WWW_Authenticate='Basic realm="store"')
                elif fault == "403":
                    self._reply(403, b"Forbidden: read-only account")
                elif fault == "404":
                    self._reply(404, b"<html><body>Not Found</body></html>", "text/html")
                elif fault == "500":
                    self._reply(500, f"Internal error: user ann password {SECRET} failed".encode())
                elif fault == "echo500":  # a debugging page that shows the request it got
                    echo = "".join(f"{k}: {v}\n" for k, v in sorted(self.headers.items()))
                    page = f"<pre>Request was:\n{echo}</pre>".encode()
                    self._reply(500, page, "text/html")
                elif fault == "slow":
                    self._wait_for_the_client_to_leave(10)
                elif fault == "drip":  # a valid answer, one byte every 50 ms, for ever
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
                        for _ in range(100000):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(0.05)
                elif fault == "dropped":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                else:
                    return False
                return True

            def _query(self, fault: str, sparql: str) -> None:
                with store.lock:
                    result = store.dataset.query(sparql)
                    data = result.serialize(format="json")
                self._reply(200, data, "application/sparql-results+json")

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                store.errors.append(traceback.format_exc())

        self.server = Server((host, 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://{host}:{self.server.server_address[1]}"

    def url(self, fault: str = "ok") -> str:
        return f"{self.base}/{fault}/store"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeStore]:
    """A new, empty fake store for each test: a load leaves a graph that already holds what
    it would send alone, so a fault that hits writes needs graphs that do not."""
    server = FakeStore()
    yield server
    server.close()


def test_fake_store_happy_path(fake: FakeStore) -> None:
    report = kzreforms.load_into(store=RemoteStore(fake.url(), auth=("ann", SECRET)))
    assert report.verified and report.notes == ()  # rdflib keeps lexical forms
    assert {g.iri: g.found for g in report.graphs} == _expected_counts()
    again = kzreforms.load_into(store=RemoteStore(fake.url(), auth=("ann", SECRET)))
    assert again.graphs == report.graphs


FAULTS = {
    "401": "HTTP 401",
    "403": "HTTP 403",
    "404": "HTTP 404",
    "500": "HTTP 500",
    "slow": "no complete answer",
    "dropped": "closed the connection",
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_faults_are_one_clean_line(fake: FakeStore, runner: CliRunner, fault: str) -> None:
    url = fake.url(fault).replace("http://", f"http://ann:{SECRET}@")
    with pytest.raises(StoreError) as caught:
        kzreforms.load_into(store=RemoteStore(url, timeout=1))
    message = str(caught.value)
    assert FAULTS[fault] in message
    assert "written before the failure: <https://w3id.org/kzreforms/graph/ontology>" in message
    assert "not written: <https://w3id.org/kzreforms/graph/shapes>" in message
    assert SECRET not in message and "ann:" not in message and "\n" not in message

    result = runner.invoke(
        cli,
        ["load", "--url", fake.url(fault), "--user", "ann", "--timeout", "1"],
        env={"KZREFORMS_STORE_PASSWORD": SECRET},
    )
    assert result.exit_code == EXIT_STORE, result.output
    assert SECRET not in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert fake.errors == []  # the fake store never wrote to a dropped connection


def test_500_body_is_shown_with_the_password_masked(fake: FakeStore) -> None:
    with pytest.raises(StoreError, match=r"Internal error: user ann password \*\*\*") as caught:
        kzreforms.load_into(store=RemoteStore(fake.url("500"), auth=("ann", SECRET)))
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (
            "rewrite",
            r"it changed \d+ values?; e\.g\. sent <[^>]+> <[^>]+> \"[\d.]+\"\^\^xsd:decimal, ",
        ),
        ("drop", r"it lost 1 triple; e\.g\. lost <"),
        ("extra", r'it holds 1 triple not sent; e\.g\. not sent <urn:x:s> <urn:x:p> "not sent"'),
    ],
)
def test_a_store_that_changed_the_data_is_caught(
    fake: FakeStore, runner: CliRunner, fault: str, expected: str
) -> None:
    with pytest.raises(StoreError, match=expected) as caught:
        kzreforms.load_into(store=fake.url(fault), graphs=["data"])
    message = str(caught.value)
    assert "does not hold what was sent in <https://w3id.org/kzreforms/graph/data>" in message
    assert "written before the failure: <https://w3id.org/kzreforms/graph/data>" in message
    result = runner.invoke(cli, ["load", "--url", fake.url(fault), "--graph", "data"])
    assert result.exit_code == EXIT_STORE, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1


def test_append_is_checked_against_what_the_graph_held(fake: FakeStore) -> None:
    iri = "https://example.org/append"
    first = kzreforms.load_into(store=fake.url(), graphs=["shapes"], graph_iri=iri)
    again = kzreforms.load_into(store=fake.url(), graphs=["shapes"], graph_iri=iri, replace=False)
    shapes = kzreforms.load().graph(GRAPHS["shapes"])
    blank = sum(1 for t in shapes if isinstance(t[0], BNode) or isinstance(t[2], BNode))
    # A graph is a set: the same ground triples once, the blank-node triples twice.
    assert again.verified and again.graphs[0].found == first.graphs[0].found + blank


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize("how", ["url", "user", "digest"])
def test_an_error_page_echoing_the_request_never_shows_credentials(
    fake: FakeStore, runner: CliRunner, how: str
) -> None:
    url, args, env = fake.url("echo500"), [], {"KZREFORMS_STORE_PASSWORD": SECRET}
    if how == "url":
        url = url.replace("http://", f"http://ann:{SECRET}@")
    else:
        args = ["--user", "ann"] + (["--auth", "digest"] if how == "digest" else [])
    result = runner.invoke(cli, ["load", "--url", url, *args], env=env)
    assert result.exit_code == EXIT_STORE, result.output
    assert "HTTP 500" in result.output and "Request was:" in result.output  # the body is shown
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    for secret in (SECRET, _basic("ann", SECRET), _basic("ann", SECRET).rstrip("=")):
        assert secret not in result.output
    assert "Authorization: ***" in result.output or how == "digest"
    assert "ann:" not in result.output


@pytest.mark.parametrize("status", [307, 308])
def test_a_redirect_to_another_host_is_never_followed(
    fake: FakeStore, runner: CliRunner, status: int
) -> None:
    other = FakeStore("127.0.0.2")
    try:
        fake.redirect_to = other.url()
        result = runner.invoke(
            cli,
            ["load", "--url", fake.url(f"redirect{status}"), "--user", "ann"],
            env={"KZREFORMS_STORE_PASSWORD": SECRET},
        )
        assert result.exit_code == EXIT_STORE, result.output
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1
        assert fake.url(f"redirect{status}") in result.output and other.url() in result.output
        assert f"HTTP {status}" in result.output and "never follows a redirect" in result.output
        assert other.requests == []  # nothing, and no credentials, went to the other host
        assert SECRET not in result.output
    finally:
        other.close()


def test_timeout_bounds_a_dripping_answer(fake: FakeStore, runner: CliRunner) -> None:
    started = time.monotonic()
    result = runner.invoke(cli, ["load", "--url", fake.url("drip"), "--timeout", "1"])
    elapsed = time.monotonic() - started
    assert result.exit_code == EXIT_STORE, result.output
    assert "no complete answer" in result.output and "within 1 s" in result.output
    assert elapsed < 8, elapsed  # ontology and data take < 1 s each, the dripping PUT 1 s


def test_server_down_and_bad_urls(runner: CliRunner) -> None:
    port = _free_port()
    with pytest.raises(StoreError, match="connection refused; is the store running") as caught:
        kzreforms.load_into(store=f"http://127.0.0.1:{port}/store")
    assert "nothing was written" in str(caught.value)
    for url in ("ftp://example.org/store", "file:///etc/passwd", "example.org/store"):
        result = runner.invoke(cli, ["load", "--url", url])
        assert result.exit_code == EXIT_INPUT, result.output
        assert "must start with http:// or https://" in result.output
    assert not Path("example.org").exists()  # a URL without a scheme is never taken as a folder
    # No query endpoint is needed: every graph is read back through the Graph Store itself.
    with pytest.raises(StoreError, match="connection refused"):
        kzreforms.load_into(store=f"http://127.0.0.1:{port}/somewhere")
    with pytest.raises(StoreError, match="give it with query_url"):
        GraphStore(f"http://127.0.0.1:{port}/somewhere").select("ASK {}")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://[::1/store", "is malformed"),
        (f"http://ann:{SECRET}@localhost:port/store", "is malformed"),
        ("http:///store", "names no host"),
        ("ftp://example.org/store", "must start with http:// or https://, not 'ftp://'"),
    ],
)
def test_malformed_urls_are_input_errors(runner: CliRunner, url: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected) as caught:
        check_url(url)
    assert SECRET not in str(caught.value)
    for option in ("--url", "--query-url"):
        args = ["--url", url] if option == "--url" else ["--url", "http://h/x", option, url]
        result = runner.invoke(cli, ["load", *args])
        assert result.exit_code == EXIT_INPUT, result.output
        assert expected.split(",")[0] in result.output and SECRET not in result.output
        assert result.output.splitlines()[-1].startswith("Error: ")  # no traceback of ours


class _Terminal(io.BytesIO):
    """Standard input that claims to be a terminal, so the password prompt is allowed."""

    def isatty(self) -> bool:
        return True


def test_no_password_and_no_terminal_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        ["load", "--url", "http://127.0.0.1:9/store", "--user", "bob"],
        input="",
        env={"KZREFORMS_STORE_PASSWORD": None},
    )
    assert result.exit_code == EXIT_USAGE, result.output
    assert (
        "no password: set KZREFORMS_STORE_PASSWORD (or --password-env VAR), "
        "or run in a terminal to be prompted"
    ) in result.output
    assert "Aborted" not in result.output and "Password for" not in result.output
    result = runner.invoke(
        cli,
        ["load", "--url", "http://127.0.0.1:9/store", "--user", "bob", "--password-env", "PW"],
        input="",
        env={"PW": None},
    )
    assert result.exit_code == EXIT_USAGE and "set PW (or" in result.output


def test_password_prompt_is_hidden(fake: FakeStore, runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        ["load", "--url", fake.url(), "--user", "ann", "--graph", "ontology"],
        input=_Terminal((SECRET + "\n").encode()),
        env={"KZREFORMS_STORE_PASSWORD": None},
    )
    assert result.exit_code == 0, result.output
    assert "Password for ann" in result.output and SECRET not in result.output


# =========================================================================== a real Oxigraph server


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    given = os.environ.get("KZREFORMS_TEST_OXIGRAPH_URL")
    if given:
        yield given.rstrip("/")
        return
    binary = _binary("oxigraph", "pip install oxigraph; it is in the [test] extra")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    log = folder / "server.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


@pytest.mark.slow
def test_oxigraph_server_api_load_twice(
    oxigraph_url: str, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{oxigraph_url}/store"
    first = kzreforms.load_into(store=url)
    writes: list[tuple[str | None, bool]] = []
    write = GraphStore.write

    def counted(self: GraphStore, graph: str | None, body: object, *, replace: bool) -> None:
        writes.append((graph, replace))
        write(self, graph, body, replace=replace)  # type: ignore[arg-type]

    monkeypatch.setattr(GraphStore, "write", counted)
    reads: list[str | None] = []
    read = GraphStore.read

    def read_counted(self: GraphStore, graph: str | None) -> tuple[bytes, str] | None:
        reads.append(graph)
        return read(self, graph)

    monkeypatch.setattr(GraphStore, "read", read_counted)
    second = kzreforms.load_into(store=url)
    # The graphs already hold what would be sent (the offsets as Oxigraph keeps them):
    # nothing is written again, and the read-back says so as it did after the writes.
    # Each graph is read once: with nothing written, that look stands as its read-back.
    assert writes == []
    assert sorted(reads) == sorted(_expected_counts())
    assert first.verified and second.graphs == first.graphs
    assert second.rewrites == first.rewrites
    assert {g.iri: g.found for g in second.graphs} == _expected_counts()
    client = GraphStore(url)
    assert {iri: _count(client, iri) for iri in _expected_counts()} == _expected_counts()
    # Oxigraph keeps xsd:nonNegativeInteger as xsd:integer: said, with the count.
    assert [(iri, r.kind, r.count) for iri, r in first.rewrites] == [
        (str(GRAPHS["data"]), "xsd:nonNegativeInteger → xsd:integer", _derived_integers())
    ]
    own = kzreforms.load([sample_file])  # holds "4.0"^^xsd:decimal, which Oxigraph rewrites
    with pytest.raises(StoreError, match="same value|rewrote"):
        kzreforms.load_into(
            own, store=url, graphs=["all"], graph_iri="https://example.org/g", exact=True
        )


@pytest.mark.slow
def test_oxigraph_server_cli_load(oxigraph_url: str, runner: CliRunner, sample_file: Path) -> None:
    result = runner.invoke(cli, ["load", "--url", f"{oxigraph_url}/store", "--graph", "shapes"])
    assert result.exit_code == 0, result.output
    assert "Verified: every triple was read back exactly as sent." in result.output
    result = runner.invoke(
        cli,
        [
            "load",
            str(sample_file),
            "--url",
            f"{oxigraph_url}/store",
            "--graph-iri",
            "https://example.org/sample",
            "--append",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli, ["load", "--url", f"{oxigraph_url}/nowhere", "--query-url", f"{oxigraph_url}/query"]
    )
    assert result.exit_code == EXIT_STORE and "HTTP 404" in result.output


# =========================================================================== a real Virtuoso

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throw-away Virtuoso on 127.0.0.1 whose dba password is changed before it serves."""
    binary = _binary("virtuoso-t", "apt-get install virtuoso-opensource-7-bin")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = _free_port(), _free_port()
    config = folder / "virtuoso.ini"
    config.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    # Creates the database, changes the default password, and exits.
    subprocess.run(
        [binary, "+configfile", str(config), "+foreground", "+pwdold", "dba", "+pwddba", SECRET],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=120,
    )
    log = folder / "server.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [binary, "+configfile", str(config), "+foreground"],
            cwd=folder,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(http_port, process, log)
        yield f"http://127.0.0.1:{http_port}"
    finally:
        _stop(process)


@pytest.mark.slow
def test_virtuoso_digest_load_twice(virtuoso: str) -> None:
    url = f"{virtuoso}/sparql-graph-crud-auth"
    first = kzreforms.load_into(store=RemoteStore(url, auth=("dba", SECRET), auth_type="digest"))
    second = kzreforms.load_into(store=RemoteStore(url, auth=("dba", SECRET), auth_type="digest"))
    assert first.verified and second.graphs == first.graphs
    client = GraphStore(url)  # counts only our graphs: Virtuoso keeps system graphs too
    assert {iri: _count(client, iri) for iri in _expected_counts()} == _expected_counts()
    assert second.notes == ()  # the data writes its decimals in canonical form


@pytest.mark.slow
def test_virtuoso_wrong_password(virtuoso: str, runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        [
            "load",
            "--url",
            f"{virtuoso}/sparql-graph-crud-auth",
            "--auth",
            "digest",
            "--user",
            "dba",
        ],
        env={"KZREFORMS_STORE_PASSWORD": "wrong-" + SECRET},
    )
    assert result.exit_code == EXIT_STORE
    assert "HTTP 401" in result.output and "nothing was written" in result.output
    assert SECRET not in result.output


# =========================================================================== hostile queries


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("loaded") / "store"
    kzreforms.load_into(store=folder)
    return folder


@pytest.fixture()
def listener() -> Iterator[tuple[int, socket.socket]]:
    """A listening socket that records whether anything connected to it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.setblocking(False)
        yield int(sock.getsockname()[1]), sock


def _connected(sock: socket.socket) -> bool:
    try:
        sock.accept()[0].close()
    except BlockingIOError:
        return False
    return True


SERVICE_SPELLINGS = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERV\\u0049CE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .SERVICE<http://127.0.0.1:{port}/>{{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS)
@pytest.mark.parametrize("where", ["memory", "store"])
def test_service_is_refused_before_any_connection(
    loaded_store: Path,
    runner: CliRunner,
    listener: tuple[int, socket.socket],
    spelling: str,
    where: str,
) -> None:
    port, sock = listener
    sparql = spelling.format(port=port)
    args = ["query", sparql] + (["--store", str(loaded_store)] if where == "store" else [])
    result = runner.invoke(cli, args)
    assert result.exit_code == EXIT_INPUT, result.output
    assert "calls a remote SERVICE" in result.output and result.output.count("\n") == 1
    assert not _connected(sock)


def test_the_word_service_elsewhere_is_not_refused(loaded_store: Path, runner: CliRunner) -> None:
    sparql = 'SELECT ?service WHERE { ?service ?p "SERVICE <x>" } LIMIT 1 # SERVICE'
    for extra in ([], ["--store", str(loaded_store)]):
        result = runner.invoke(cli, ["query", sparql, *extra])
        assert result.exit_code == 0, result.output


def test_shapes_with_an_escaped_service_are_refused_before_any_connection(
    tmp_path: Path, runner: CliRunner, listener: tuple[int, socket.socket]
) -> None:
    port, sock = listener
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:x:Shape> a sh:NodeShape ; sh:targetClass <https://w3id.org/kzreforms/ns#Claim> ;\n"
        '  sh:sparql [ sh:select """SELECT $this WHERE { '
        f'\\\\u0053ERVICE <http://127.0.0.1:{port}/> {{ $this ?p ?o }} }}""" ] .\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", "--shapes", str(shapes)])
    assert result.exit_code == EXIT_INPUT, result.output
    assert "calls a remote SERVICE" in result.output
    assert not _connected(sock)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT (COUNT(*) AS ?n) FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        f"SELECT (COUNT(*) AS ?n) FROM <file://{ROOT}/data/statement.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT (COUNT(*) AS ?n) FROM <{GRAPHS['data']}> WHERE {{ ?s ?p ?o }}",
        f"SELECT (COUNT(*) AS ?n) FROM NAMED <{GRAPHS['data']}> "
        "WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"SELECT (COUNT(*) AS ?n) FROM <{GRAPHS['data']}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_from_means_the_same_in_memory_and_in_the_store(loaded_store: Path, sparql: str) -> None:
    """FROM picks graphs of the dataset by IRI; nothing is fetched (README: Querying)."""
    here = kzreforms.query(sparql=sparql).rows
    there = stores.query_store(loaded_store, sparql=sparql).rows
    assert here == there
    if "file:" in sparql:
        assert here == ({"n": 0},)  # the file is never read


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("where", ["memory", "store"])
def test_a_query_that_runs_for_ever_stops_at_its_timeout(
    loaded_store: Path, runner: CliRunner, where: str
) -> None:
    extra = ["--store", str(loaded_store)] if where == "store" else []
    started = time.monotonic()
    result = runner.invoke(cli, ["query", CARTESIAN, "--timeout", "1", *extra])
    elapsed = time.monotonic() - started
    assert result.exit_code == EXIT_INPUT, result.output
    assert "did not finish within 1 s" in result.output and result.output.count("\n") == 1
    assert elapsed < 10, elapsed  # loading the packaged dataset takes most of it


def _interrupt(args: list[str], ready: Callable[[], bool], log: Path) -> tuple[int, float]:
    """Run the CLI, send SIGINT once ``ready()``; return its exit code and seconds to stop."""
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "kzreforms", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    try:
        deadline = time.monotonic() + 240
        while not ready():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the command never got going"
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        code = process.wait(timeout=30)
        return code, time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["memory", "store"])
def test_ctrl_c_stops_a_query_at_once(loaded_store: Path, tmp_path: Path, where: str) -> None:
    extra = ["--store", str(loaded_store)] if where == "store" else []
    started = time.monotonic()
    code, seconds = _interrupt(
        ["query", CARTESIAN, *extra], lambda: time.monotonic() - started > 6, tmp_path / "err"
    )
    assert code == 130
    assert seconds < 1.5, seconds
    assert "Interrupted: the query was stopped." in (tmp_path / "err").read_text()


# =========================================================================== embedded store faults


def _big_file(path: Path, triples: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(triples):
            out.write(
                f'<https://example.org/s{i}> <https://example.org/p> "{i}"^^<{XSD.integer}> .\n'
            )
    return path


def _store_state(folder: Path) -> tuple[object, list[str]]:
    total = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    siblings = sorted(p.name for p in folder.parent.iterdir())
    return stores.query_store(folder, sparql=total).rows, siblings


@pytest.mark.slow
def test_ctrl_c_during_a_load_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder)
    before = _store_state(folder)
    big = _big_file(tmp_path.parent / f"{tmp_path.name}-big.nt", 150_000)
    try:
        code, seconds = _interrupt(
            ["load", str(big), "--store", str(folder), "--graph-iri", "https://example.org/big"],
            lambda: any(tmp_path.glob(".store.kzreforms-load-*")),
            tmp_path.parent / f"{tmp_path.name}-err",
        )
    finally:
        big.unlink()
    assert code == 130
    log = (tmp_path.parent / f"{tmp_path.name}-err").read_text()
    assert "Interrupted: the load was stopped; an embedded store was left as it was." in log
    assert seconds < 1.5, seconds
    assert _store_state(folder) == before  # same graphs and counts; no work folder beside it


#: A load that stays inside its session until a line comes on stdin: another process
#: that holds the store while the test loads into it.
_HOLDING_LOAD = """
import sys
from kzreforms.stores.embedded import EmbeddedStore
with EmbeddedStore(sys.argv[1]).session(["https://example.org/held"], replace=True) as session:
    print("inside", flush=True)
    sys.stdin.readline()
"""


def test_a_second_load_while_one_runs_is_refused_and_both_outcomes_are_kept(
    tmp_path: Path,
) -> None:
    """Two loads at once would both build from the old store and the later swap would drop
    what the earlier one loaded; the second is refused, and the first ends as it would."""
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder, graphs="ontology")
    before = _store_state(folder)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDING_LOAD, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"inside\n"
        work = [p.name for p in tmp_path.iterdir() if ".store.kzreforms-load-" in p.name]
        assert len(work) == 1, sorted(p.name for p in tmp_path.iterdir())
        result = CliRunner().invoke(cli, ["load", "--store", str(folder), "--graph", "data"])
        assert result.exit_code == EXIT_STORE, result.output
        assert result.output == (
            f"Error: {folder}: another load into this store is running; wait for it to end "
            "and load again (the store was left as it was)\n"
        )
        assert (tmp_path / work[0]).is_dir()  # the running load's work folder is kept
        assert _store_state(folder)[0] == before[0]
    finally:
        holder.communicate(b"\n", timeout=60)
    assert holder.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no lock file, no work
    result = CliRunner().invoke(cli, ["load", "--store", str(folder), "--graph", "data"])
    assert result.exit_code == 0, result.output


def test_a_busy_new_store_is_said_before_the_input_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kzreforms.stores import load as store_load

    sample_nt = tmp_path / "data.nt"
    sample_nt.write_text('<https://example.org/s> <https://example.org/p> "o" .\n')

    def unread(self: object) -> None:
        raise AssertionError("the input was read before the store was found busy")

    folder = tmp_path / "store"
    with store_embedded.EmbeddedStore(folder).session([None], replace=True):
        monkeypatch.setattr(store_load._Source, "fast_payloads", unread)
        with pytest.raises(kzreforms.StoreBusyError, match="another load into this store"):
            kzreforms.load_into(store=folder, files=sample_nt)


def test_a_load_killed_between_two_renames_gets_the_old_store_back(tmp_path: Path) -> None:
    """Without RENAME_EXCHANGE the swap is two renames; killed between them, the folder is
    missing and the old store sits in ``…-old``: the next load puts it back, then loads."""
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder, graphs="ontology")
    before = _store_state(folder)[0]
    work = tmp_path / ".store.kzreforms-load-0123456789ab"
    folder.rename(work.with_name(work.name + "-old"))
    work.mkdir()  # the new store, half swapped in
    report = kzreforms.load_into(store=folder, graphs="context")
    assert report.verified
    graphs = {row["g"] for row in _store_state(folder)[0]}
    assert {row["g"] for row in before} < graphs  # the ontology kept, the context added
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_file_system_without_locks_loads_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    def no_locks(handle: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    folder = tmp_path / "store"
    assert kzreforms.load_into(store=folder, graphs="ontology").verified
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_killed_loads_leftovers_are_removed_by_the_next_load(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    kzreforms.load_into(store=folder, graphs="ontology")
    before = _store_state(folder)
    leftover = tmp_path / ".store.kzreforms-load-0123456789ab"
    leftover.mkdir()
    (leftover / "000001.sst").write_bytes(b"half a store")
    (tmp_path / ".store.kzreforms-lock").write_bytes(b"")  # its process is gone: not held
    report = kzreforms.load_into(store=folder, graphs="ontology")
    assert report.verified
    assert _store_state(folder) == before  # same graphs and counts; nothing left beside it


@pytest.mark.slow
@pytest.mark.parametrize("free_kb", [0, 400])
def test_a_full_disk_during_a_load_leaves_the_store_as_it_was(
    tmp_path: Path, free_kb: int, private_mounts: None
) -> None:
    """In a private mount namespace, the store sits on a small tmpfs that is then filled."""
    disk = tmp_path / "disk"
    disk.mkdir()
    big = _big_file(tmp_path / "big.nt", 60_000)
    python = f"PYTHONPATH={ROOT} {sys.executable}"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    script = f"""
set -u
mount -t tmpfs -o size=6m tmpfs {disk}
{python} -m kzreforms load --store {disk}/store --graph ontology > /dev/null || exit 90
{python} -m kzreforms query --store {disk}/store -f csv '{count}' > {tmp_path}/before.csv
avail=$(df -k --output=avail {disk} | tail -1)
dd if=/dev/zero of={disk}/filler bs=1k count=$((avail - {free_kb})) 2> /dev/null
{python} -m kzreforms load {big} --store {disk}/store --graph-iri https://example.org/big \
  > {tmp_path}/out.txt 2> {tmp_path}/err.txt
echo $? > {tmp_path}/code.txt
{python} -m kzreforms query --store {disk}/store -f csv '{count}' > {tmp_path}/after.csv
ls -A {disk} > {tmp_path}/ls.txt
"""
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    err = (tmp_path / "err.txt").read_text()
    assert (tmp_path / "code.txt").read_text().strip() == str(EXIT_STORE), err
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert "left as it was" in err and "Traceback" not in err
    assert (tmp_path / "after.csv").read_text() == (tmp_path / "before.csv").read_text()
    assert (tmp_path / "ls.txt").read_text().split() == ["filler", "store"]


@pytest.mark.slow
def test_a_50_mb_literal_is_a_clear_limit(tmp_path: Path, runner: CliRunner) -> None:
    """Oxigraph's parser takes lines of up to 16 MiB: a longer literal is refused up front."""
    text = ("Kazakhstan " * 5_000_000)[:50_000_000]
    folder = tmp_path / "stores" / "store"
    kzreforms.load_into(store=folder, graphs=["ontology"])
    before = _store_state(folder)
    for size, expected in ((50_000_000, EXIT_INPUT), (15_000_000, 0)):
        source = tmp_path / "big-literal.nt"
        source.write_text(f'<https://example.org/s> <https://example.org/p> "{text[:size]}" .\n')
        args = ["load", str(source), "--store", str(folder), "--graph-iri", "https://example.org/g"]
        result = runner.invoke(cli, args)
        assert result.exit_code == expected, result.output[:500]
        if expected:
            assert result.output.count("\n") == 1 and "<https://example.org/s>" in result.output
            assert "48 MiB long; kzreforms loads and checks literals of up to 16 MiB" in (
                result.output
            )
            assert _store_state(folder) == before
    assert "Verified: every triple was read back exactly as sent." in result.output
    query = "SELECT (STRLEN(?o) AS ?n) WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }"
    assert stores.query_store(folder, sparql=query).rows == ({"n": 15_000_000},)


# =========================================================================== round trips


def _read_back(target: str, folder: Path, auth: tuple[str, str] | None = None) -> Path:
    """The data graph as a store holds it, written to a file: embedded store or Graph Store."""
    iri = str(GRAPHS["data"])
    if target == "embedded":
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        result = stores.query_store(folder, sparql=sparql)
        assert result.graph is not None
        path = folder.parent / "back.nt"
        path.write_bytes(result.graph.serialize(format="nt", encoding="utf-8"))
        return path
    client = GraphStore(target, auth=auth, auth_type="digest" if auth else "basic")
    answer = client.read(iri)
    assert answer is not None
    body, media_type = answer
    path = folder.parent / ("back.ttl" if "turtle" in media_type else "back.nt")
    path.write_bytes(body)
    return path


def _round_trip(runner: CliRunner, tmp_path: Path, url: str | None, *extra: str) -> None:
    """export -> load -> read back -> the store held every triple, and validate conforms."""
    exported = tmp_path / "kzreforms.nq"
    result = runner.invoke(cli, ["export", "-f", "nq", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "store"
    where = ["--url", url, *extra] if url else ["--store", str(folder)]
    result = runner.invoke(
        cli, ["load", str(exported), *where], env={"KZREFORMS_STORE_PASSWORD": SECRET}
    )
    assert result.exit_code == 0, result.output
    assert "Verified" in result.output
    back = _read_back(
        url or "embedded", folder, auth=("dba", SECRET) if "--auth" in extra else None
    )
    # The store holds the data by value: nothing lost, nothing added, nothing changed.
    sent = kzreforms.load().graph(GRAPHS["data"])
    held = kzreforms.load([back])
    assert len(held) == len(sent)
    report = kzreforms.validate(held)
    offsets = {
        "oa:start",
        "oa:end",
        "<http://www.w3.org/ns/oa#start>",
        "<http://www.w3.org/ns/oa#end>",
    }
    others = [
        r for r in report.results if r.severity.endswith("Violation") and r.path not in offsets
    ]
    assert others == [], others  # whatever else fails is not about the offsets' datatype
    result = runner.invoke(cli, ["validate", str(back)])
    assert result.exit_code == 0, result.output[:2000]  # needs shapes that take xsd:integer >= 0


def test_round_trip_through_the_embedded_store_validates(runner: CliRunner, tmp_path: Path) -> None:
    _round_trip(runner, tmp_path, None)


@pytest.mark.slow
def test_round_trip_through_an_oxigraph_server_validates(
    oxigraph_url: str, runner: CliRunner, tmp_path: Path
) -> None:
    _round_trip(runner, tmp_path, f"{oxigraph_url}/store")


@pytest.mark.slow
def test_round_trip_through_virtuoso_validates(
    virtuoso: str, runner: CliRunner, tmp_path: Path
) -> None:
    url = f"{virtuoso}/sparql-graph-crud-auth"
    _round_trip(runner, tmp_path, url, "--auth", "digest", "--user", "dba")


def test_a_ctrl_c_while_the_read_back_waits_for_its_helper_thread_lets_it_end_first() -> None:
    """The store must stay open until the second reading thread is done with it."""
    import os
    import signal
    import threading
    import time

    import pyoxigraph as ox

    from kzreforms.stores.embedded import read_graph

    real = ox.Store()
    real.load(
        b'<http://a/s> <http://a/p> "1" .\n<http://a/s> <http://a/p> "2" .\n'
        b'<http://a/s> <http://a/q> "3" .\n',
        format=ox.RdfFormat.N_TRIPLES,
    )
    helper_done: list[float] = []

    class Slow:
        """The helper thread's half (predicate q) takes a second; the caller's is quick."""

        def query(self, query: str, **options: object) -> object:
            if "CONSTRUCT" in query and "http://a/q" in query:
                time.sleep(1.0)
                helper_done.append(time.monotonic())
            return real.query(query, **options)  # type: ignore[arg-type]

    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            read_graph(Slow(), None)  # type: ignore[arg-type]
        returned = time.monotonic()
    finally:
        timer.cancel()
    assert helper_done and helper_done[0] <= returned  # the helper ended before the return
    assert not [t for t in threading.enumerate() if t.name == "kzreforms-read-back-half"]


def test_a_ctrl_c_as_the_old_store_is_copied_leaves_no_work_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy made, the interrupt lands while the old store closes: the work folder goes."""
    import kzreforms.stores.embedded as embedded

    folder = tmp_path / "store"
    kzreforms.load_into(store=folder, graphs="ontology")
    before = _store_state(folder)
    copy = embedded._copy

    def interrupted(directory: Path, work: Path, graphs: object, *, replace: bool) -> bool:
        copy(directory, work, graphs, replace=replace)  # type: ignore[arg-type]
        (work / "CURRENT").touch()  # the copy is there (even when nothing was kept)
        raise KeyboardInterrupt

    monkeypatch.setattr(embedded, "_copy", interrupted)
    with pytest.raises(KeyboardInterrupt):
        kzreforms.load_into(store=folder, graphs="data", replace=False)
    assert _store_state(folder) == before  # the store as it was, and nothing beside it
