"""kzreforms.rdfxml: RDF/XML written directly, byte for byte what rdflib's writer writes.

Every case serializes a graph both ways — :func:`kzreforms.writers.serialize` as it
runs, and with the direct writer switched off so that rdflib's writer runs — and
compares the bytes; the graphs the direct writer must leave to rdflib return None.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from test_unit_ttl import _graph, _random_graph, exports_under_seeds, tie_files

import kzreforms
from kzreforms import writers
from kzreforms.dataset import graphs_of
from kzreforms.formats import get_format
from kzreforms.rdfxml import plain_rdfxml

ROOT = Path(__file__).resolve().parents[1]
XML = get_format("xml")
EX = "http://a.example/"


def _both(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes | None, bytes]:
    """The direct writer's bytes (None where it declines) and rdflib's writer's."""
    direct = plain_rdfxml(list(graph), graph.namespaces())
    if direct is not None:
        assert writers.serialize([graph], XML) == direct  # serialize takes the direct route
    with monkeypatch.context() as patch:
        patch.setattr(writers, "plain_rdfxml", lambda *_: None)
        through_rdflib = writers.serialize([graph], XML)
    return direct, through_rdflib


def test_every_resource_of_the_packaged_data_reads_the_same(
    resource_graphs: list[tuple[Any, Graph]], monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = 0
    for subject, graph in resource_graphs:
        direct, through_rdflib = _both(graph, monkeypatch)
        if direct is not None:
            taken += 1
            assert direct == through_rdflib, subject
    assert taken >= 0.95 * len(resource_graphs)  # the resources with blank nodes go to rdflib


@pytest.mark.parametrize("name", ["data", "context"])
def test_the_packaged_graphs_read_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (graph,) = graphs_of(kzreforms.load(), graphs=name)  # type: ignore[arg-type]
    direct, through_rdflib = _both(graph, monkeypatch)
    assert direct is not None
    assert direct == through_rdflib


def test_what_xml_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Markup characters in literals and IRIs, quotes of both kinds, a carriage return,
    languages and datatypes, and a namespace without a prefix (ns1, made by rdflib)."""
    graph = _graph(
        [
            (URIRef(EX + "s"), URIRef(EX + "p"), Literal("a < b & c > d")),
            (URIRef(EX + "s"), URIRef(EX + "p"), Literal("line\r\nbreak")),
            (URIRef(EX + "s"), URIRef(EX + "p"), Literal("Қазақстан", lang="kk")),
            (URIRef(EX + "s"), URIRef(EX + "p"), Literal("5", datatype=XSD.decimal)),
            (URIRef(EX + "s"), URIRef(EX + "q"), URIRef(EX + "o?a=1&b='2'")),
            (URIRef(EX + "s"), URIRef(EX + "q"), URIRef(EX + "o\"x'y")),
            (URIRef(EX + "s&t"), URIRef("http://other.example/r"), Literal(1)),
            (URIRef(EX + "s"), RDF.type, URIRef(EX + "Thing")),
        ],
        ex=EX,
    )
    direct, through_rdflib = _both(graph, monkeypatch)
    assert direct is not None
    assert direct == through_rdflib
    assert b'xmlns:ns1="http://other.example/"' in direct
    assert b"<ex:p>a &lt; b &amp; c &gt; d</ex:p>" in direct


@pytest.mark.parametrize(
    "triple",
    [
        (URIRef(EX + "s"), URIRef(EX + "p"), BNode()),
        (BNode(), URIRef(EX + "p"), Literal(1)),
        (URIRef(EX + "s"), URIRef(EX + "123"), Literal(1)),  # no XML name for the predicate
    ],
    ids=["blank-object", "blank-subject", "no-element-name"],
)
def test_what_the_direct_writer_leaves_to_rdflib(triple: tuple[object, object, object]) -> None:
    graph = _graph([triple])
    assert plain_rdfxml(list(graph), graph.namespaces()) is None


@pytest.mark.filterwarnings("ignore::UserWarning")  # ill-typed literals, on purpose
def test_graphs_at_the_edges_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    logging.disable(logging.WARNING)  # ill-typed literals, on purpose
    try:
        taken = 0
        for seed in range(1500):
            graph = _random_graph(seed)
            try:
                direct, through_rdflib = _both(graph, monkeypatch)
            except ValueError:  # rdflib's writer finds no XML name for a predicate
                assert plain_rdfxml(list(graph), graph.namespaces()) is None, seed
                continue
            if direct is not None:
                taken += 1
                assert direct == through_rdflib, seed
    finally:
        logging.disable(logging.NOTSET)
    assert taken > 300  # the comparison covers many graphs, not only the declined ones


def test_objects_that_tie_come_out_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """rdflib compares literals by value: 1 and 1.0 tie, and the sort kept hash order."""
    plain, blank = tie_files(tmp_path)
    assert len(exports_under_seeds(blank, "xml")) == 1
    (output,) = exports_under_seeds(plain, "xml")
    assert output.count(b"<ex:p ") == 6


def test_a_predicates_objects_do_not_depend_on_the_rest_of_the_graph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """rdflib orders numbers by value and other literals by datatype: not transitive.

    Sorting all the triples at once put s1's objects in an order that s0's triples
    changed; each predicate's objects are now sorted apart, on both routes.
    """
    p = URIRef(EX + "p")
    graph = _graph([], ex=EX)
    for subject, objects in (
        ("s1", [("1", XSD.integer), ("2.0", XSD.double), ("2000", XSD.gYear)]),
        ("s0", [("1", XSD.integer), ("2.0", XSD.double)]),
    ):
        for lexical, datatype in objects:
            graph.add((URIRef(EX + subject), p, Literal(lexical, datatype=datatype)))
    direct, through_rdflib = _both(graph, monkeypatch)
    assert direct is not None
    assert direct == through_rdflib


def test_a_predicate_with_no_xml_name_is_one_clean_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kzreforms.cli import cli

    source = tmp_path / "bad.nt"
    source.write_text(f'<{EX}s> <{EX}1> "x" .\n')
    out = tmp_path / "out.rdf"
    result = CliRunner().invoke(cli, ["export", str(source), "-f", "xml", "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert result.output.startswith("Error: RDF/XML needs an XML name for every predicate")
    assert f"{EX}1" in result.output and "Turtle" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_the_pieces_join_to_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzreforms import rdfxml

    graph = _graph([(URIRef(f"{EX}s{n}"), URIRef(EX + "p"), Literal(n)) for n in range(5)], ex=EX)
    monkeypatch.setattr(rdfxml, "_SUBJECTS_PER_PIECE", 2)
    pieces = rdfxml.rdfxml_pieces(list(graph), graph.namespaces())
    assert pieces is not None and len(pieces) == 4  # the head, 2 subjects, 2, then 1 and the end
    direct, through_rdflib = _both(graph, monkeypatch)
    assert b"".join(pieces) == direct == through_rdflib
