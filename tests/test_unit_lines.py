"""kzreforms.lines: N-Triples and N-Quads past rdflib's graph, byte for byte the rdflib route's.

Every case converts files both ways (:func:`kzreforms.lines.line_export`, and
:func:`kzreforms.load` then :func:`kzreforms.export_bytes`) and compares the bytes and
the warnings; the cases the fast route must leave to rdflib return None.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import URIRef

import kzreforms
from kzreforms.dataset import jsonld_context
from kzreforms.errors import InputError
from kzreforms.exports import export_bytes, export_files
from kzreforms.formats import get_format
from kzreforms.lines import sorted_lines, streamed_export, streamed_jsonld

EX = "https://example.org/x/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Literals whose spelling rdflib changes (normalised numbers, booleans, dates), escapes it
#: writes its own way (a tab kept raw, a \\u escape read and written as the character),
#: language tags, an ill-typed literal (kept, with a warning), and one triple twice.
LINES = f"""\
<{EX}s> <{EX}p> "01"^^<{XSD}integer> .
<{EX}s> <{EX}p> "1"^^<{XSD}integer> .
<{EX}s> <{EX}p> "1.50"^^<{XSD}decimal> .
<{EX}s> <{EX}p> "1"^^<{XSD}boolean> .
<{EX}s> <{EX}p> "2024-02-30"^^<{XSD}date> .
<{EX}s> <{EX}p> "not a number"^^<{XSD}integer> .
<{EX}s> <{EX}q> "tab\\there, quote \\" and backslash \\\\ and \\u00e9" .
<{EX}s> <{EX}q> "line\\nbreak\\r" .
<{EX}s> <{EX}q> "Қазақстан"@kk .
<{EX}s> <{EX}q> "tag"@en-gb .
<{EX}s> <{EX}r> <{EX}o> .
<{EX}s> <{EX}r> <{EX}o> .
"""
GRAPH = f"<{EX}g>"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _rdflib_route(paths: list[Path], fmt: str) -> bytes:
    return export_bytes(kzreforms.load(paths), format=fmt)  # type: ignore[arg-type]


def _joined(pieces: list[bytes] | None) -> bytes | None:
    return None if pieces is None else b"".join(pieces)


def line_export(paths: list[Path], fmt: object, input_format: str | None = None) -> bytes | None:
    rows = sorted_lines(paths, fmt, input_format)  # type: ignore[arg-type]
    return None if rows is None else b"".join(rows)


def _warnings(caplog: pytest.LogCaptureFixture, *, ours: bool = False) -> list[str]:
    """The warnings logged (``ours``: only kzreforms' one-line messages, not rdflib's records)."""
    found = [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and (not ours or r.name.startswith("kzreforms"))
    ]
    caplog.clear()
    return found


@pytest.mark.parametrize("out", ["nt", "nq"])
@pytest.mark.parametrize(
    "files",
    [
        {"a.nt": LINES},
        {"a.nq": LINES.replace(" .\n", f" {GRAPH} .\n")},
        {"a.nt": LINES, "b.nq": LINES.replace(" .\n", f" {GRAPH} .\n", 4)},
        {"a.nt": "".join(LINES.splitlines(keepends=True)[:7]), "b.nt": LINES},
    ],
    ids=["nt", "nq", "default-and-named", "overlapping-files"],
)
def test_fast_route_gives_the_rdflib_routes_bytes_and_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, files: dict[str, str], out: str
) -> None:
    paths = [_write(tmp_path, name, text) for name, text in files.items()]
    caplog.set_level(logging.WARNING)
    fast = line_export(paths, get_format(out))
    fast_warnings = _warnings(caplog)
    slow = _rdflib_route(paths, out)
    assert fast is not None, "the fast route declined input it takes"
    assert fast == slow
    assert fast_warnings == _warnings(caplog)
    assert any("not a valid xsd:integer" in w for w in fast_warnings)


def test_the_packaged_statement_as_files(tmp_path: Path) -> None:
    """The data and context graphs (no blank nodes; the ontology and shapes have some)."""
    for out in ("nt", "nq"):
        text = kzreforms.export(format=out, graphs=["data", "context"])  # type: ignore[arg-type]
        path = _write(tmp_path, f"all.{out}", text)
        for target in ("nt", "nq"):
            fast = line_export([path], get_format(target))
            assert fast is not None
            assert fast == _rdflib_route([path], target), (out, target)


@pytest.mark.parametrize(
    "text",
    [
        f"_:b1 <{EX}p> <{EX}o> .\n",  # blank nodes get canonical labels over the whole graph
        f'<{EX}s> <{EX}p> "x"@EN .\n',  # pyoxigraph lowers a tag's capitals
        f'<{EX}s> <{EX}p> "x"^^<{XSD}string> .\n',  # pyoxigraph drops an explicit xsd:string
        f"<{EX}s> <{EX}p> <{EX}o>\n",  # no final dot: rdflib's error names the line
        "# only a comment\n",  # no triples: rdflib's route says so
    ],
    ids=["blank-node", "capital-tag", "xsd-string", "syntax-error", "no-triples"],
)
def test_what_the_fast_route_leaves_to_rdflib(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "a.nt", text)
    assert line_export([path], get_format("nt")) is None


def test_other_syntaxes_are_left_to_rdflib(tmp_path: Path) -> None:
    nt = _write(tmp_path, "a.nt", LINES)
    ttl = _write(tmp_path, "b.ttl", LINES)
    assert line_export([nt], get_format("turtle")) is None  # output
    assert line_export([nt, ttl], get_format("nt")) is None  # input
    assert line_export([nt], get_format("nt"), "turtle") is None  # input named


def test_export_files_falls_back_with_the_same_result(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.nt", f"_:b1 <{EX}p> <{EX}o> .\n" + LINES)
    assert export_files([path], format="nt") == [_rdflib_route([path], "nt")]
    assert export_files([path], format="turtle") == [_rdflib_route([path], "turtle")]


def test_a_bad_file_gives_the_rdflib_routes_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.nt"
    assert line_export([missing], get_format("nt")) is None
    with pytest.raises(InputError, match="missing.nt: no such file"):
        export_files([missing], format="nt")
    bom = _write(tmp_path, "bom.nt", "\ufeff" + LINES)
    assert line_export([bom], get_format("nt")) is None
    assert export_files([bom], format="nt") == [_rdflib_route([bom], "nt")]
    latin1 = tmp_path / "latin1.nt"
    latin1.write_bytes(f'<{EX}s> <{EX}p> "caf\xe9" .\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.nt:1: not UTF-8"):
        export_files([latin1], format="nt")


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 24])
def test_the_scan_reads_whole_lines_whatever_the_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """A blank node, a capital tag or a bad byte split across two blocks is still seen."""
    import kzreforms.lines

    monkeypatch.setattr(kzreforms.lines, "CHUNK", chunk)
    plain = _write(tmp_path, "plain.nt", LINES)
    assert line_export([plain], get_format("nt")) == _rdflib_route([plain], "nt")
    for name, tail in [
        ("blank.nt", f"<{EX}s> <{EX}p> _:b1 .\n"),
        ("tag.nt", f'<{EX}s> <{EX}p> "x"@en-GB .\n'),
        ("last-line.nt", f"<{EX}s> <{EX}p> _:b1 ."),  # no final line break
    ]:
        path = _write(tmp_path, name, LINES + tail)
        assert line_export([path], get_format("nt")) is None, name
    bad = tmp_path / "bad.nt"
    bad.write_bytes(LINES.encode("utf-8") + f'<{EX}s> <{EX}p> "caf'.encode() + b'\xe9" .\n')
    assert line_export([bad], get_format("nt")) is None


def test_the_command_line_writes_the_pieces_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kzreforms.cli import cli

    nt = _write(tmp_path, "a.nt", LINES)
    expected = _rdflib_route([nt], "nq")
    shown = CliRunner().invoke(cli, ["export", str(nt), "-f", "nq"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout_bytes == expected
    out = tmp_path / "out.nq"
    written = CliRunner().invoke(cli, ["export", str(nt), "-f", "nq", "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_bytes() == expected


def test_a_pipe_is_read_once_by_the_rdflib_route(tmp_path: Path) -> None:
    """``cat x.nt | kzreforms export /dev/stdin``: a pipe cannot be scanned, then read again."""
    import subprocess
    import sys

    nt = _write(tmp_path, "a.nt", LINES)
    command = [sys.executable, "-m", "kzreforms", "export", "/dev/stdin", "--input-format", "nt"]
    done = subprocess.run(
        [*command, "-f", "nq"], input=LINES.encode(), capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == _rdflib_route([nt], "nq")


def test_rdflibs_name_of_the_default_graph_is_left_to_rdflib(tmp_path: Path) -> None:
    """rdflib reads ``<urn:x-rdflib:default>`` as the default graph, not a named one."""
    text = f'<{EX}s> <{EX}p> "x" <urn:x-rdflib:default> .\n<{EX}s> <{EX}p> "x" .\n'
    path = _write(tmp_path, "q.nq", text)
    assert line_export([path], get_format("nq")) is None
    assert export_files([path], format="nq") == [_rdflib_route([path], "nq")]
    assert export_files([path], format="nq")[0].count(b"\n") == 1


# --------------------------------------------------------------------------- Turtle, streamed

TURTLE = get_format("turtle")


_FILE_SETS = {
    "nt": {"a.nt": LINES},
    "nq": {"a.nq": LINES.replace(" .\n", f" {GRAPH} .\n")},
    "nt-and-nq": {"a.nt": "".join(LINES.splitlines(keepends=True)[:7]), "b.nq": LINES},
    "two-nt": {"a.nt": "".join(LINES.splitlines(keepends=True)[:7]), "b.nt": LINES},
}


@pytest.mark.parametrize(
    ("fmt", "files"),
    [
        *((fmt, name) for fmt in ("turtle", "xml") for name in ("nt", "nq", "nt-and-nq")),
        ("trig", "nt"),  # TriG of N-Triples only: N-Quads' named graphs stay named
        ("trig", "two-nt"),
    ],
)
def test_streamed_export_gives_the_rdflib_routes_bytes_and_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, fmt: str, files: str
) -> None:
    paths = [_write(tmp_path, name, text) for name, text in _FILE_SETS[files].items()]
    caplog.set_level(logging.WARNING)
    fast = _joined(streamed_export(paths, get_format(fmt)))  # type: ignore[arg-type]
    fast_warnings = _warnings(caplog, ours=True)
    slow = _rdflib_route(paths, fmt)
    assert fast is not None, "the streamed route declined input it takes"
    assert fast == slow
    assert fast_warnings == _warnings(caplog, ours=True)
    assert any("not a valid xsd:integer" in w for w in fast_warnings)
    assert b"".join(export_files(paths, format=fmt)) == fast  # type: ignore[arg-type]
    if fmt == "trig":
        assert fast.startswith(b"@prefix ") and b"\n{\n    ns1:s " in fast


def test_the_packaged_statement_as_a_file_streams_to_the_same_turtle(tmp_path: Path) -> None:
    text = kzreforms.export(format="nt", graphs=["data", "context"])  # type: ignore[arg-type]
    path = _write(tmp_path, "all.nt", text)
    fast = _joined(streamed_export([path], TURTLE))
    assert fast is not None
    assert fast == _rdflib_route([path], "turtle")
    assert b"".join(export_files([path], format="turtle")) == fast


@pytest.mark.parametrize(
    "text",
    [
        f"_:b1 <{EX}p> <{EX}o> .\n",
        f'<{EX}s> <{EX}p> "x"@EN .\n',
        f"<{EX}s> <{EX}p> <{EX}o>\n",  # no final dot: rdflib's error names the line
        "# only a comment\n",
        # rdflib's Turtle writer decides how to split this IRI under a bound namespace.
        f"<{EX}s> <{EX}p> <http://www.w3.org/2001/XMLSchema#a.b> .\n",
    ],
    ids=["blank-node", "capital-tag", "syntax-error", "no-triples", "undecided-name"],
)
def test_what_streamed_export_leaves_to_rdflib(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "a.nt", text)
    assert streamed_export([path], TURTLE) is None
    assert streamed_export([path], get_format("trig")) is None


def test_streamed_trig_leaves_named_graphs_to_rdflib(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.nq", LINES.replace(" .\n", f" {GRAPH} .\n"))
    assert streamed_export([path], get_format("trig")) is None
    assert export_files([path], format="trig") == [_rdflib_route([path], "trig")]


def test_the_command_line_exports_streamed_export(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kzreforms.cli import cli

    nt = _write(tmp_path, "a.nt", LINES)
    out = tmp_path / "out.ttl"
    written = CliRunner().invoke(cli, ["export", str(nt), "-f", "turtle", "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_bytes() == _rdflib_route([nt], "turtle")


def test_an_empty_file_among_several_is_reported(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.nt", LINES)
    empty = _write(tmp_path, "b.nt", "# nothing here\n")
    assert streamed_export([first, empty], TURTLE) is None
    with pytest.raises(InputError, match="b.nt"):
        export_files([first, empty], format="turtle")


def test_warnings_come_once_when_the_direct_writer_declines(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The stream was read whole, then the writer declined: only the rdflib route warns."""
    text = LINES + f"<{EX}s> <{EX}p> <{XSD}a.b> .\n"  # a name rdflib's writer decides
    path = _write(tmp_path, "a.nt", text)
    caplog.set_level(logging.WARNING)
    assert export_files([path], format="turtle") == [_rdflib_route([path], "turtle")]
    found = _warnings(caplog, ours=True)
    assert len(found) == 2 * len(set(found)) and found  # once for each of the two exports


# --------------------------------------------------------------------------- JSON-LD, streamed


@pytest.mark.parametrize(
    "files",
    [
        {"a.nt": LINES},
        {"a.nt": "".join(LINES.splitlines(keepends=True)[:7]), "b.nt": LINES},
    ],
    ids=["nt", "overlapping-files"],
)
@pytest.mark.parametrize("reference", [None, "https://example.org/context.jsonld"])
def test_streamed_jsonld_gives_the_rdflib_routes_bytes_and_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, files: dict[str, str], reference: str | None
) -> None:
    paths = [_write(tmp_path, name, text) for name, text in files.items()]
    caplog.set_level(logging.WARNING)
    pieces = streamed_jsonld(paths, jsonld_context(), reference)
    fast = _joined(pieces)
    fast_warnings = _warnings(caplog, ours=True)
    slow = export_bytes(kzreforms.load(paths), format="json-ld", context_url=reference)
    assert fast is not None, "the streamed route declined input it takes"
    assert fast == slow
    assert fast_warnings == _warnings(caplog, ours=True)
    assert any("not a valid xsd:integer" in w for w in fast_warnings)
    assert export_files(paths, format="json-ld", context_url=reference) == pieces


def test_the_packaged_statement_as_a_file_streams_to_the_same_jsonld(tmp_path: Path) -> None:
    text = kzreforms.export(format="nt", graphs=["data", "context"])  # type: ignore[arg-type]
    path = _write(tmp_path, "all.nt", text)
    fast = _joined(streamed_jsonld([path], jsonld_context(), None))
    assert fast is not None
    assert fast == _rdflib_route([path], "json-ld")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.nq", LINES.replace(" .\n", f" {GRAPH} .\n")),  # named graphs stay named: rdflib's
        ("a.nt", f"_:b1 <{EX}p> <{EX}o> .\n"),
        ("a.nt", f"<{EX}s> <{EX}p> <{EX}o>\n"),  # no final dot: rdflib's error names the line
        ("a.nt", f"<{EX}s> <{EX}p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n"),
    ],
    ids=["nq", "blank-node", "syntax-error", "list"],
)
def test_what_streamed_jsonld_leaves_to_rdflib(tmp_path: Path, name: str, text: str) -> None:
    path = _write(tmp_path, name, text)
    assert streamed_jsonld([path], jsonld_context(), None) is None


def test_a_bad_context_url_is_refused_before_the_files_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.nt", LINES)
    with pytest.raises(InputError, match="context_url"):
        export_files([path], format="json-ld", context_url="not an iri")


def test_the_command_line_exports_streamed_jsonld(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kzreforms.cli import cli

    nt = _write(tmp_path, "a.nt", LINES)
    out = tmp_path / "out.jsonld"
    written = CliRunner().invoke(cli, ["export", str(nt), "-f", "json-ld", "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_bytes() == _rdflib_route([nt], "json-ld")


def test_the_files_are_grouped_as_read_as_by_subject_groups_their_triples(
    tmp_path: Path,
) -> None:
    """The streamed route groups the triples as it reads them; what it hands the writers is
    what :func:`kzreforms.graphs.by_subject` makes of the same triples read by rdflib:
    repeats and equal literals (``"01"`` and ``"1"`` as integers) once, a subject shared by
    two files one subject, each IRI object counted once per subject and predicate."""
    from kzreforms import lines
    from kzreforms.graphs import by_subject

    first = _write(tmp_path, "a.nt", LINES)
    second = _write(tmp_path, "b.nt", f"<{EX}s> <{EX}r> <{EX}o> .\n<{EX}t> <{EX}r> <{EX}o> .\n")
    sources = [(first, get_format("nt")), (second, get_format("nt"))]
    checks: list[object] = []
    grouped = lines._grouped(sources, checks)  # type: ignore[arg-type]
    expected = by_subject(kzreforms.load([first, second]).default_graph)
    assert expected is not None
    assert grouped.subjects == expected.subjects
    assert grouped.refs == expected.refs == {URIRef(f"{EX}o"): 2}
    assert [path for _, path, _ in checks] == [first]  # the ill-typed integer, in its file


def test_a_line_pyoxigraph_refuses_sends_the_files_to_rdflibs_route(tmp_path: Path) -> None:
    from kzreforms import lines

    bad = _write(tmp_path, "bad.nt", f"<{EX}s> <{EX}p> <not an iri> .\n")
    with pytest.raises(lines._Refused):
        lines._grouped([(bad, get_format("nt"))], [])
