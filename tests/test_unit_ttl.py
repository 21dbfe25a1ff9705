"""kzreforms.ttl: Turtle written directly, byte for byte what rdflib's writer writes.

Every case serializes a graph both ways — :func:`kzreforms.writers.serialize` as it
runs, and with the direct writer switched off so that rdflib's writer runs — and
compares the bytes; the graphs the direct writer must leave to rdflib return None.
"""

from __future__ import annotations

import logging
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kzreforms import writers
from kzreforms.formats import get_format
from kzreforms.ttl import plain_turtle

ROOT = Path(__file__).resolve().parents[1]
TURTLE = get_format("turtle")
TRIG = get_format("trig")
EX = "http://a.example/"


def _both(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes | None, bytes]:
    """The direct writer's bytes (None where it declines) and rdflib's writer's."""
    direct = plain_turtle(list(graph), graph.namespaces())
    with monkeypatch.context() as patch:
        patch.setattr(writers, "plain_turtle", lambda *_: None)
        through_rdflib = writers.serialize([graph], TURTLE)
    return direct, through_rdflib


def _graph(triples: list[tuple[object, object, object]], **prefixes: str) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def test_every_resource_of_the_packaged_data_reads_the_same(
    resource_graphs: list[tuple[Any, Graph]], monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = 0
    for subject, graph in resource_graphs:
        direct, through_rdflib = _both(graph, monkeypatch)
        if direct is not None:
            taken += 1
            assert direct == through_rdflib, subject
    # Only the resources with blank nodes below them go to rdflib.
    assert taken >= 0.95 * len(resource_graphs)


def test_serialize_writes_the_direct_bytes_and_reads_back_the_same_graph() -> None:
    graph = _graph(
        [
            (URIRef(EX + "s"), RDF.type, URIRef(EX + "Thing")),
            (URIRef(EX + "s"), URIRef(EX + "n"), Literal("5", datatype=XSD.decimal)),
        ],
        ex=EX,
        xsd=str(XSD),
    )
    data = writers.serialize([graph], TURTLE)
    assert data == plain_turtle(list(graph), graph.namespaces())
    assert data == (
        b"@prefix ex: <http://a.example/> .\n"
        b"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        b"\n"
        b'ex:s a ex:Thing ;\n    ex:n "5"^^xsd:decimal .\n\n'
    )
    back = Graph().parse(data=data, format="turtle")
    assert set(back) == set(graph)


@pytest.mark.parametrize(
    ("name", "triples", "prefixes"),
    [
        # Subjects ordered by how often they are objects, then by IRI.
        (
            "references",
            [
                (URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b")),
                (URIRef(EX + "c"), URIRef(EX + "p"), URIRef(EX + "b")),
                (URIRef(EX + "b"), URIRef(EX + "p"), URIRef(EX + "z")),
                (URIRef(EX + "z"), RDFS.label, Literal("z", lang="en")),
            ],
            {"ex": EX, "rdfs": str(RDFS)},
        ),
        # Predicates in namespaces with no prefix get ns1, ns2 … in IRI order, skipping a
        # bound ns1; rdf:type takes a number though it is written "a".
        (
            "made prefixes",
            [
                (URIRef(EX + "s"), URIRef("http://z.example/q"), Literal(1)),
                (URIRef(EX + "s"), URIRef("http://m.example/p"), URIRef("http://m.example/o")),
                (URIRef(EX + "s"), RDF.type, URIRef("http://z.example/T")),
            ],
            {"ns1": "http://taken.example/"},
        ),
        # Several objects, mixed kinds; literals bare only when they read back the same.
        (
            "objects",
            [
                (URIRef(EX + "s"), URIRef(EX + "p"), Literal("5", datatype=XSD.integer)),
                (URIRef(EX + "s"), URIRef(EX + "p"), Literal("05", datatype=XSD.integer)),
                (URIRef(EX + "s"), URIRef(EX + "p"), Literal("1e3", datatype=XSD.double)),
                (URIRef(EX + "s"), URIRef(EX + "p"), Literal("true", datatype=XSD.boolean)),
                (URIRef(EX + "s"), URIRef(EX + "p"), Literal("2022", datatype=XSD.gYear)),
                (URIRef(EX + "s"), URIRef(EX + "p"), Literal('a "q"\nb')),
                (URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "o")),
                (URIRef(EX + "s"), URIRef(EX + "p"), Literal("v", datatype=URIRef(EX + "dt"))),
            ],
            {"ex": EX},
        ),
        # IRIs outside every bound namespace, digits first, "_" and "-", a query string.
        (
            "local names",
            [
                (URIRef(EX + "2022-x"), URIRef(EX + "_p"), URIRef("http://other.example/a.b")),
                (URIRef(EX + "s"), URIRef(EX + "p-q"), URIRef(EX + "x?y=z")),
            ],
            {"ex": EX},
        ),
        ("empty", [], {"ex": EX}),
    ],
)
def test_the_direct_writer_writes_rdflibs_bytes(
    name: str,
    triples: list[tuple[object, object, object]],
    prefixes: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    direct, through_rdflib = _both(_graph(triples, **prefixes), monkeypatch)
    assert direct is not None, name
    assert direct == through_rdflib


@pytest.mark.parametrize(
    ("name", "triple", "prefixes"),
    [
        ("a blank node", (URIRef(EX + "s"), URIRef(EX + "p"), BNode()), {}),
        ("an rdfs:Class member", (URIRef(EX + "s"), RDF.type, RDFS.Class), {}),
        ("rdf:nil", (URIRef(EX + "s"), URIRef(EX + "p"), RDF.nil), {}),
        ("rdf:nil as a predicate", (URIRef(EX + "s"), RDF.nil, URIRef(EX + "o")), {}),
        # rdflib's split of "a.b" or "é" under a bound namespace is not decided here.
        ("a dot", (URIRef(EX + "a.b"), URIRef(EX + "p"), Literal(1)), {"ex": EX}),
        ("a letter past ASCII", (URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "é")), {"ex": EX}),
        # A longer bound namespace that also fits: rdflib prefers it.
        (
            "a longer namespace",
            (URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "abc")),
            {"ex": EX, "exa": EX + "a"},
        ),
        ("a prefix rdflib renames", (URIRef(EX + "s"), URIRef(EX + "p"), Literal(1)), {"_u": EX}),
        ("a space in an IRI", (URIRef(EX + "s t"), URIRef(EX + "p"), Literal(1)), {}),
        ("a predicate with no split", (URIRef(EX + "s"), URIRef(EX + "a.b"), Literal(1)), {}),
    ],
)
def test_what_the_direct_writer_leaves_to_rdflib(
    name: str, triple: tuple[object, object, object], prefixes: dict[str, str]
) -> None:
    graph = _graph([triple], **prefixes)
    assert plain_turtle(list(graph), graph.namespaces()) is None, name


_NAMESPACES = [EX, EX + "sub/", EX + "sub/ab", "http://b.example/x#", "http://c.example/p"]
_NAMESPACES.append("urn:x:")
_LOCALS = ["abc", "Abc-1", "1abc", "_x", "x_y-z", "p", "2022", "ab", "-x", "a.b", "é", "x(1)", ""]
_PREFIXES = ["a", "sub", "b", "c", "ns1", "ns2", "", "x"]
_LEXICAL = ["5", "05", "5.0", "1e3", "true", "x", "-0", ".5"]
_DATATYPES = [XSD.integer, XSD.decimal, XSD.double, XSD.boolean, XSD.gYear, XSD.string]


def _random_graph(seed: int) -> Graph:
    """A small graph of IRIs at the edges of rdflib's namespace splitting, and literals."""
    pick = random.Random(seed)

    def iri() -> URIRef:
        local = pick.choice(_LOCALS[:8] if pick.random() < 0.8 else _LOCALS)
        return URIRef(pick.choice(_NAMESPACES) + local)

    graph = Graph(bind_namespaces="none")
    for prefix, namespace in zip(
        pick.sample(_PREFIXES, 4), pick.sample(_NAMESPACES, pick.randint(0, 4)), strict=False
    ):
        graph.bind(prefix, namespace)
    for prefix, namespace in (("rdfs", RDFS), ("xsd", XSD), ("rdf", RDF)):
        if pick.random() < 0.5:
            graph.bind(prefix, str(namespace))
    subjects = [iri() for _ in range(pick.randint(1, 4))]
    for _ in range(pick.randint(1, 12)):
        kind = pick.random()
        obj: object
        if kind < 0.3:
            obj = pick.choice([*subjects, iri()])
        elif kind < 0.4:
            obj = Literal(pick.choice(["x", "é", 'a"b', "a\nb"]), lang=pick.choice(["en", None]))
        elif kind < 0.6:
            obj = Literal(pick.choice(_LEXICAL), datatype=pick.choice(_DATATYPES))
        elif kind < 0.7:
            obj = Literal("v", datatype=iri())
        else:
            obj = iri()
        graph.add((pick.choice(subjects), pick.choice([RDF.type, RDFS.label, iri(), iri()]), obj))  # type: ignore[arg-type]
    return graph


@pytest.mark.filterwarnings("ignore::UserWarning")  # ill-typed literals, on purpose
def test_graphs_at_the_edges_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    logging.disable(logging.WARNING)  # ill-typed literals, on purpose
    try:
        taken = 0
        for seed in range(1500):
            graph = _random_graph(seed)
            direct, through_rdflib = _both(graph, monkeypatch)
            if direct is not None:
                taken += 1
                assert direct == through_rdflib, seed
    finally:
        logging.disable(logging.NOTSET)
    assert taken > 300  # the comparison covers many graphs, not only the declined ones


# --------------------------------------------------------------------------- TriG


def _as_default_graph(graph: Graph) -> Graph:
    """``graph``'s triples and prefixes as a dataset's default graph (what TriG of files holds)."""
    default = Graph(identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        default.store.bind(prefix, namespace)
    for triple in graph:
        default.add(triple)
    return default


def _trig_both(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes | None, bytes]:
    """TriG of ``graph`` as the default graph: the direct writer's (None: it declines), rdflib's."""
    default = _as_default_graph(graph)
    direct = plain_turtle(default, writers.trig_namespaces([default]), trig=True)
    if direct is not None:
        assert writers.serialize([default], TRIG) == direct  # serialize takes the direct route
    with monkeypatch.context() as patch:
        patch.setattr(writers, "plain_turtle", lambda *_, **__: None)
        through_rdflib = writers.serialize([default], TRIG)
    return direct, through_rdflib


def test_every_resource_of_the_packaged_data_reads_the_same_in_trig(
    resource_graphs: list[tuple[Any, Graph]], monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = 0
    for subject, graph in resource_graphs:
        direct, through_rdflib = _trig_both(graph, monkeypatch)
        if direct is not None:
            taken += 1
            assert direct == through_rdflib, subject
    assert taken >= 0.95 * len(resource_graphs)


@pytest.mark.filterwarnings("ignore::UserWarning")  # ill-typed literals, on purpose
def test_graphs_at_the_edges_read_the_same_in_trig(monkeypatch: pytest.MonkeyPatch) -> None:
    logging.disable(logging.WARNING)  # ill-typed literals, on purpose
    try:
        taken = 0
        for seed in range(1500):
            direct, through_rdflib = _trig_both(_random_graph(seed), monkeypatch)
            if direct is not None:
                taken += 1
                assert direct == through_rdflib, seed
    finally:
        logging.disable(logging.NOTSET)
    assert taken > 300


def test_trig_leaves_an_empty_graph_and_a_named_one_to_rdflib() -> None:
    empty = _as_default_graph(Graph())
    assert plain_turtle(empty, writers.trig_namespaces([empty]), trig=True) is None
    triple = (URIRef(EX + "s"), URIRef(EX + "p"), Literal(1))
    # A prefix for the default graph's own name: rdflib's TriG writer would declare it.
    graph = _graph([triple], rdflibns="urn:x-rdflib:")
    assert plain_turtle(graph, graph.namespaces(), trig=True) is None
    named = Graph(identifier=URIRef(EX + "g"))
    named.add(triple)
    data = writers.serialize([named], TRIG)  # a named graph: rdflib's writer, with its name
    assert "\nns1:g {\n    ns1:s ns1:p 1 .\n}\n" in data.decode()


def test_a_namespace_bound_under_two_prefixes(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib's copy keeps one prefix per namespace: the other prefix is free for ns1, ns2, …"""
    graph = Graph(bind_namespaces="none")
    graph.bind("ns2", "http://ex/")
    graph.bind("ns2", str(XSD), override=False, replace=True)  # now ns2 and xsd: one namespace
    graph.add((URIRef("http://ex/s"), URIRef("http://one/p"), URIRef("http://ex/o")))
    graph.add((URIRef("http://ex/s"), URIRef("http://two/q"), Literal(1)))
    direct, through_rdflib = _both(graph, monkeypatch)
    assert direct == through_rdflib


TIES = """\
@prefix ex: <http://a.example/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:s ex:p 1, "1"^^xsd:int, "1"^^xsd:long, "1"^^xsd:short, 1.0, "1"^^xsd:byte .
"""


def exports_under_seeds(path: Path, fmt: str) -> set[bytes]:
    """``kzreforms export PATH -f FMT`` under four ``PYTHONHASHSEED``s: the outputs seen."""
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "kzreforms", "export", str(path), "-f", fmt],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            timeout=120,
            check=True,
        )
        outputs.add(done.stdout)
    return outputs


def tie_files(folder: Path) -> tuple[Path, Path]:
    """:data:`TIES` as a file, and with a blank node too (rdflib's writer writes that one)."""
    plain = folder / "ties.ttl"
    plain.write_text(TIES)
    blank = folder / "ties-blank.ttl"
    blank.write_text(TIES + "ex:s ex:q [ ex:p 1, 1.0 ] .\n")
    return plain, blank


def test_objects_that_tie_come_out_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """rdflib compares literals by value: 1 and 1.0 tie, and its sort kept hash order."""
    plain, blank = tie_files(tmp_path)
    assert len(exports_under_seeds(blank, "turtle")) == 1
    (output,) = exports_under_seeds(plain, "turtle")
    # The ties in the order of their datatypes' IRIs (byte, decimal, int, integer, …).
    assert b'ex:p "1"^^xsd:byte,\n        1.0,\n        "1"^^xsd:int,\n        1,' in output


@pytest.mark.parametrize("trig", [False, True], ids=["turtle", "trig"])
def test_the_pieces_join_to_the_document(trig: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Statements are encoded a few subjects at a time: joined, the pieces are rdflib's bytes."""
    from kzreforms import ttl

    graph = _graph([(URIRef(f"{EX}s{n}"), URIRef(EX + "p"), Literal(n)) for n in range(5)], ex=EX)
    monkeypatch.setattr(ttl, "_SUBJECTS_PER_PIECE", 2)
    if trig:
        graph = _as_default_graph(graph)
        direct, through_rdflib = _trig_both(graph, monkeypatch)
        pieces = ttl.turtle_pieces(graph, writers.trig_namespaces([graph]), trig=True)
    else:
        direct, through_rdflib = _both(graph, monkeypatch)
        pieces = ttl.turtle_pieces(graph, graph.namespaces())
    assert pieces is not None and len(pieces) == 4  # the prefixes, then 2, 2 and 1 subjects
    assert b"".join(pieces) == direct == through_rdflib


_X = "http://www.w3.org/2001/XMLSchema#"
NAMED_TIES = (
    f'<{EX}s1> <{EX}p> "1"^^<{_X}integer> <{EX}g> .\n'
    f'<{EX}s1> <{EX}p> "1.0"^^<{_X}decimal> <{EX}g> .\n'
    f'<{EX}s0> <https://w3id.org/kzreforms/ontology#ordinal> "2"^^<{_X}integer> <{EX}g> .\n'
)


def test_trig_of_named_graphs_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """The prefixes made for named graphs' predicates (a dataset's predicates() are its
    default graph's) were numbered in hash order."""
    path = tmp_path / "named.nq"
    path.write_text(NAMED_TIES)
    (output,) = exports_under_seeds(path, "trig")
    assert b"@prefix ns1: <http://a.example/> .\n@prefix ns2: <https://w3id.org/" in output
