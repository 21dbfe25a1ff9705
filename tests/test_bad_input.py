"""Bad input: one clear line naming the file (and line), a documented exit code, no damage."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, BNode, Dataset, Literal, Namespace
from rdflib.collection import Collection

import kzreforms
from kzreforms.canon import Quad, canonical_labels
from kzreforms.cli import cli

EX = Namespace("http://example.org/")

CASES = {
    "bad-turtle": (
        "bad.ttl",
        '@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n',
        ":2: Turtle syntax error",
    ),
    "not-rdf": ("notes.ttl", "These are my notes, not RDF.\n", ":1: Turtle syntax error"),
    "empty": ("empty.ttl", "", "the file is empty"),
    "bad-ntriples": (
        "bad.nt",
        "<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> oops .\n",
        ":2: N-Triples syntax error",
    ),
    "bad-json": ("bad.jsonld", '{"@id": "urn:a",\n "urn:b": }', ":2: not valid JSON"),
    "remote-context": (
        "remote.jsonld",
        '{"@context": "https://schema.org/", "name": "x"}',
        "never does",
    ),
    "remote-import": (
        "import.jsonld",
        '{"@context": {"@import": "https://example.org/ctx.jsonld"}, "@id": "urn:a"}',
        "never does",
    ),
    "bad-xml": (
        "bad.rdf",
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<oops>\n",
        ":3: RDF/XML error",
    ),
    "not-utf8": ("latin1.ttl", '<urn:a> <urn:b> "caf\xe9" .\n', "not UTF-8"),
    # rdflib's JSON-LD processor trips over a value of the wrong shape with an
    # AttributeError ('int' object has no attribute 'get'): bad input all the same.
    "jsonld-wrong-shape": ("shape.jsonld", '{"@context": 5, "urn:p": 1}', "not valid JSON-LD"),
    "unknown-extension": ("data.csv", "a,b\n", "cannot tell the RDF syntax"),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    encoding = "latin-1" if name.startswith("latin1") else "utf-8"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["export", "validate", "info"])
def test_bad_input_is_one_clean_line_and_exit_3(
    runner: CliRunner, tmp_path: Path, case: str, command: str
) -> None:
    name, text, expected = CASES[case]
    path = _write(tmp_path, name, text)
    result = runner.invoke(cli, [command, str(path)])
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {path}")
    assert expected in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_raises_an_input_error_from_the_api(tmp_path: Path, case: str) -> None:
    name, text, _ = CASES[case]
    with pytest.raises(kzreforms.InputError):
        kzreforms.load([_write(tmp_path, name, text)])


def test_a_syntax_error_speaks_python_and_chains_the_parsers_error(tmp_path: Path) -> None:
    from rdflib.plugins.parsers.notation3 import BadSyntax

    path = _write(tmp_path, "bad.ttl", "<urn:a> <urn:b> .\n")
    with pytest.raises(kzreforms.InputError) as raised:
        kzreforms.load(path)
    assert "pass input_format if it is in another syntax" in str(raised.value)
    assert "--" not in str(raised.value)
    assert raised.value.parameter == "input_format"
    assert isinstance(raised.value.__cause__, BadSyntax)


def test_a_bug_while_parsing_is_not_reported_as_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kzreforms.dataset

    def broken(*args: Any) -> None:
        raise AttributeError("a bug of kzreforms' own")

    monkeypatch.setattr(kzreforms.dataset, "_parse", broken)
    with pytest.raises(AttributeError, match="a bug of kzreforms' own"):
        kzreforms.load(_write(tmp_path, "good.ttl", "<urn:a> <urn:b> <urn:c> .\n"))


def test_a_bug_called_back_from_inside_rdflib_is_not_reported_as_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kzreforms' JSON-LD hook runs inside rdflib's parser: its bugs still propagate."""
    from kzreforms.dataset import _ReportingJsonLdParser

    def broken(*args: Any) -> None:
        raise AttributeError("a bug in the hook")

    monkeypatch.setattr(_ReportingJsonLdParser, "_to_rdf_id", broken)
    path = _write(tmp_path, "good.jsonld", '{"@id": "urn:a", "urn:b": {"@id": "urn:c"}}')
    with pytest.raises(AttributeError, match="a bug in the hook"):
        kzreforms.load(path)


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 3
    assert "no such file" in result.output


def test_huge_literal_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "huge.nt"
    path.write_text(f'<urn:a> <urn:b> "{"x" * 5_000_000}" .\n', encoding="utf-8")
    graph = kzreforms.select(kzreforms.load([path]))
    assert len(graph) == 1


def test_huge_bad_line_gives_a_short_message(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "huge.ttl"
    path.write_text(f'<urn:a> <urn:b> "{"x" * 1_000_000}\n', encoding="utf-8")
    result = runner.invoke(cli, ["export", str(path)])
    assert result.exit_code == 3
    assert len(result.output) < 400


def test_failed_export_leaves_the_old_file_untouched(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("previous content\n", encoding="utf-8")

    import kzreforms.output as output

    real_replace = output.os.replace

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    result = runner.invoke(cli, ["export", "-f", "turtle", "-o", str(target)])
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert result.exit_code == 4
    assert "No space left on device" in result.output
    assert target.read_text(encoding="utf-8") == "previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_output_into_a_missing_folder_is_exit_4(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "-o", str(tmp_path / "no" / "such" / "x.ttl")])
    assert result.exit_code == 4
    assert "does not exist" in result.output


def test_rdfxml_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n'
        '<rdf:Description rdf:about="urn:a"><ex:p>&x;</ex:p></rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    try:
        dataset = kzreforms.load([path])
    except kzreforms.InputError:
        return  # refusing the document is fine too
    text = kzreforms.export(dataset, format="nt")
    assert "TOP-SECRET" not in text


# --------------------------------------------------------------------------- the corpus
#
# tests/bad_input/ holds small hostile or malformed files; large ones are made
# here. Every command runs on every case with a time limit, so that a hang
# fails the suite instead of stalling it.

CORPUS = Path(__file__).parent / "bad_input"
LIMIT = 30  # seconds per command run

#: Files that must be refused: (file in tests/bad_input, text the one line must hold).
REFUSED = {
    "iri-space-turtle": ("iri-space.ttl", ":4: the IRI <http://example.org/a b> contains a space"),
    "iri-space-ntriples": ("iri-space.nt", ":2: the IRI <http://example.org/a b> contains a space"),
    "jsonld-invalid-iri": ("invalid-iri.jsonld", ':5: the JSON-LD @id "http://example.org/not an'),
    "lone-surrogate": (
        "lone-surrogate.nt",
        ":1: a literal holds a lone UTF-16 surrogate (\\uD800)",
    ),
    "rdf-star-turtle": ("rdf-star.ttl", ":3: Turtle syntax error: RDF-star / RDF 1.2 triple terms"),
    "triple-term-ntriples": ("triple-term.nt", ":1: N-Triples syntax error: RDF-star"),
    "billion-laughs": ("billion-laughs.rdf", "refers to other entities (nested entity expansion"),
}

#: Files that must work, quickly: symmetric and look-alike blank nodes.
ACCEPTED = ("symmetric-pairs.nt", "alike-blank-nodes.ttl")

COMMANDS = ("export", "validate", "info", "query", "load", "publish")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class _Timeout(Exception):
    pass


def _run(tmp_path: Path, command: str, path: Path) -> tuple[int, str]:
    """Run one command on one input file in-process, killed after LIMIT seconds."""
    args = {
        "export": ["export", "-f", "nt", "-o", str(tmp_path / "out.nt"), str(path)],
        "validate": ["validate", str(path)],
        "info": ["info", str(path)],
        "query": ["query", "--data", str(path), COUNT],
        "load": ["load", "--store", str(tmp_path / "store"), str(path)],
        "publish": ["publish", str(tmp_path / "site"), str(path)],
    }[command]

    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(LIMIT)
    try:
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    except _Timeout:
        pytest.fail(f"{command} {path.name} ran past {LIMIT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return result.exit_code, result.output


def _assert_refused(tmp_path: Path, command: str, path: Path, expected: str) -> None:
    before = sorted(tmp_path.iterdir())
    code, output = _run(tmp_path, command, path)
    assert code == 3, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"Error: {path}"), output
    assert expected in lines[0], output
    assert "Traceback" not in output
    assert sorted(tmp_path.iterdir()) == before, "a failed command left files behind"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_corpus_refused_by_every_command(tmp_path: Path, case: str, command: str) -> None:
    name, expected = REFUSED[case]
    _assert_refused(tmp_path, command, CORPUS / name, expected)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_is_unreadable_input(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    _assert_refused(tmp_path, command, folder, "is a folder")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_that_cannot_be_opened_is_unreadable_input(tmp_path: Path, command: str) -> None:
    # A path through a regular file fails to open (ENOTDIR) for every user, root included.
    (tmp_path / "plain.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    _assert_refused(tmp_path, command, tmp_path / "plain.ttl" / "x.ttl", "cannot be opened")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads mode 000")
@pytest.mark.parametrize("command", COMMANDS)
def test_an_unreadable_file_is_unreadable_input(tmp_path: Path, command: str) -> None:
    path = tmp_path / "secret.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    path.chmod(0)
    try:
        _assert_refused(tmp_path, command, path, "check its permissions")
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ACCEPTED)
def test_symmetric_blank_nodes_work_for_every_command(
    tmp_path: Path, name: str, command: str
) -> None:
    code, output = _run(tmp_path, command, CORPUS / name)
    assert code == 0, output
    assert "Traceback" not in output
    expected = {"export": ["out.nt"], "load": ["store"], "publish": ["site"]}.get(command, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == expected  # no build or temporary files


def _chain(tmp_path: Path, n: int = 10_000) -> Path:
    path = tmp_path / "chain.nt"
    path.write_text(
        "".join(f"_:b{i} <http://example.org/p> _:b{i + 1} .\n" for i in range(n)),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("format_", ["nt", "turtle"])
def test_a_chain_of_10000_blank_nodes_exports_isomorphic(tmp_path: Path, format_: str) -> None:
    path = _chain(tmp_path)
    out = tmp_path / f"out.{format_}"
    code, output = _run_args(["export", "-f", format_, "-o", str(out), str(path)])
    assert code == 0, output
    written = kzreforms.select(kzreforms.load([out], input_format=format_))
    # Isomorphic to the input: one path through 10,001 distinct blank nodes.
    successor = {s: o for s, _, o in written}
    assert len(written) == len(successor) == 10_000
    start = (set(successor) - set(successor.values())).pop()
    seen = [start]
    while seen[-1] in successor:
        seen.append(successor[seen[-1]])
    assert len(set(seen)) == 10_001 and all(isinstance(n, BNode) for n in seen)


def test_a_chain_of_10000_blank_nodes_in_json_ld_is_a_clean_error(tmp_path: Path) -> None:
    # rdflib's JSON-LD writer recurses once per nested blank node.
    code, output = _run_args(["export", "-f", "json-ld", str(_chain(tmp_path, 3_000))])
    assert code == 3, output
    assert output.startswith("Error: the blank nodes nest deeper") and output.count("\n") == 1


def _run_args(args: list[str]) -> tuple[int, str]:
    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(LIMIT)
    try:
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    except _Timeout:
        pytest.fail(f"{' '.join(args[:3])} ran past {LIMIT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return result.exit_code, result.output


def test_a_turtle_list_exports_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "list.ttl"
    items = " ".join(f'"{i % 7}"' for i in range(2_000))
    path.write_text(f"<http://example.org/a> <http://example.org/p> ( {items} ) .\n", "utf-8")
    out = tmp_path / "out.ttl"
    code, output = _run_args(["export", "-o", str(out), str(path)])
    assert code == 0, output
    written = kzreforms.select(kzreforms.load([out]))
    head = written.value(EX.a, EX.p)
    assert [str(item) for item in Collection(written, head)] == [str(i % 7) for i in range(2_000)]
    assert len(written) == 2 * 2_000 + 1


def test_a_50_mb_literal_exports(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_text(f'<urn:a> <urn:b> "{"x" * 50_000_000}" .\n', encoding="utf-8")
    out = tmp_path / "out.nt"
    code, output = _run_args(["export", "-f", "nt", "-o", str(out), str(path)])
    assert code == 0, output
    assert out.stat().st_size == 50_000_021


# --------------------------------------------------------------------------- linear work
#
# The labelling's work is counted in steps, so "linear" is asserted without a clock.


def _labels(quads: list[Quad], steps_per_node: int) -> dict[BNode, BNode]:
    nodes = {t for q in quads for t in q if isinstance(t, BNode)}
    return canonical_labels(quads, max_steps=steps_per_node * max(len(nodes), 1))


def test_a_list_of_100000_alike_items_takes_linear_work() -> None:
    nodes = [BNode() for _ in range(100_000)]
    quads: list[Quad] = [(EX.a, EX.p, nodes[0], None)]
    for this, after in zip(nodes, [*nodes[1:], RDF.nil], strict=True):
        quads += [(this, RDF.first, Literal("x"), None), (this, RDF.rest, after, None)]
    # The partition refinement is O(n log n); 60 steps a node is ample for 100,000.
    assert len(set(_labels(quads, 60).values())) == len(nodes)


@pytest.mark.parametrize("name", ["chain", "pairs", "alike", "alike-nested"])
def test_symmetric_structures_are_labelled_canonically_within_the_bound(name: str) -> None:
    quads = _structure(name)
    copy = _relabelled(quads)
    # Canonical: new blank nodes in another order give the same labelled quads. A chain
    # is refined in linear work; alike nodes need a search, pruned by their symmetry.
    per_node = 60 if name == "chain" else canonical_labels.__kwdefaults__["max_steps"] // 100
    assert _apply(_labels(quads, per_node), quads) == _apply(_labels(copy, per_node), copy)


def test_past_the_bound_the_error_is_clean(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kzreforms.canon as canon

    monkeypatch.setattr(canon, "MAX_STEPS", 50)
    monkeypatch.setattr(canon.canonical_labels, "__kwdefaults__", {"max_steps": 50})
    result = runner.invoke(cli, ["export", str(CORPUS / "symmetric-pairs.nt")])
    assert result.exit_code == 3, result.output
    assert result.output.startswith("Error: the 16 blank nodes are too symmetric"), result.output
    assert result.output.count("\n") == 1


def _structure(name: str) -> list[Quad]:
    quads: list[Quad] = []
    if name == "chain":
        nodes = [BNode() for _ in range(10_000)]
        quads = [(a, EX.p, b, None) for a, b in zip(nodes, nodes[1:], strict=False)]
    elif name == "pairs":
        for _ in range(30):
            a, b = BNode(), BNode()
            quads += [(a, EX.p, b, None), (b, EX.p, a, None)]
    elif name == "alike":
        for _ in range(1_000):
            b = BNode()
            quads += [(EX.a, EX.p, b, None), (b, EX.q, Literal("x"), None)]
    else:
        for _ in range(100):
            b, c = BNode(), BNode()
            quads += [(EX.a, EX.p, b, None), (b, EX.q, c, None), (c, EX.q, Literal("x"), None)]
    return quads


def _relabelled(quads: list[Quad]) -> list[Quad]:
    """The same quads with new blank nodes, in another order."""
    fresh: dict[BNode, BNode] = {}
    out: list[Quad] = [
        (*(fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in q),)  # type: ignore[misc]
        for q in quads
    ]
    random.Random(7).shuffle(out)
    return out


def _apply(labels: dict[BNode, BNode], quads: list[Quad]) -> list[tuple[object, ...]]:
    return sorted(tuple(labels.get(t, t) if isinstance(t, BNode) else t for t in q) for q in quads)


def _isomorphic(a: Dataset, b: Dataset) -> bool:
    """Compare two datasets' union graphs by W3C RDFC-1.0 in pyoxigraph (not kzreforms' own).

    rdflib's ``isomorphic`` explodes on the symmetric graphs tested here; pyoxigraph's
    RDFC-1.0 is fast on them (not on long chains, which are checked by walking them).
    """

    def canonical(dataset: Dataset) -> ox.Dataset:
        def term(node: object) -> Any:
            if isinstance(node, BNode):
                return ox.BlankNode(str(node))
            if isinstance(node, Literal):
                if node.language:
                    return ox.Literal(str(node), language=node.language)
                return ox.Literal(str(node), datatype=ox.NamedNode(node.datatype or XSD.string))
            return ox.NamedNode(str(node))

        out = ox.Dataset(
            ox.Quad(term(s), term(p), term(o), ox.DefaultGraph()) for s, p, o, _ in dataset.quads()
        )
        out.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return out

    return canonical(a) == canonical(b)


# --------------------------------------------------------------------------- subprocesses


def _kzreforms(args: list[str], seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "PYTHONPATH": str(Path(kzreforms.__file__).parents[1]),
    }
    return subprocess.run(
        [sys.executable, "-m", "kzreforms", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=LIMIT * 2,
        check=False,
    )


def test_blank_node_output_is_the_same_under_two_hash_seeds(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.ttl"
    mixed.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "ex:a ex:p [ ex:q [ ex:r 1 ] ], [ ex:q [ ex:r 1 ] ], [ ex:q ( 1 2 [ ex:s 2 ] ) ] .\n",
        encoding="utf-8",
    )
    inputs = [CORPUS / name for name in ACCEPTED] + [mixed]
    for path in inputs:
        outputs = []
        for seed in ("0", "12345"):
            out = tmp_path / f"{path.stem}-{seed}.nq"
            result = _kzreforms(["export", "-f", "nq", "-o", str(out), str(path)], seed=seed)
            assert result.returncode == 0, result.stderr
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1], path.name
        assert _isomorphic(kzreforms.load([tmp_path / f"{path.stem}-0.nq"]), kzreforms.load([path]))


@pytest.mark.parametrize(
    "command",
    ["export", "validate", "info", "query", "load", "publish"],
)
def test_ill_typed_literals_give_one_warning_each_and_are_kept(
    tmp_path: Path, command: str
) -> None:
    path = CORPUS / "ill-typed.ttl"
    args = {
        "export": ["export", "-f", "nt", str(path)],
        "validate": ["validate", str(path)],
        "info": ["info", str(path)],
        "query": ["query", "--data", str(path), "SELECT ?o WHERE { ?s ?p ?o }"],
        "load": ["load", "--store", str(tmp_path / "store"), str(path)],
        "publish": ["publish", str(tmp_path / "site"), str(path)],
    }[command]
    result = _kzreforms(args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings == [
        f'Warning: {path}:4: "abc"^^xsd:integer is not a valid xsd:integer; kept as written',
        f'Warning: {path}:5: "2022-13-45"^^xsd:date is not a valid xsd:date; kept as written',
    ]
    if command == "export":
        assert '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>' in result.stdout
        assert '"2022-13-45"^^<http://www.w3.org/2001/XMLSchema#date>' in result.stdout
