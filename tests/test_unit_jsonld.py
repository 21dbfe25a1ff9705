"""kzreforms.jsonld: compacted JSON-LD made directly, byte for byte what rdflib's writer makes.

Every case writes a graph both ways — :func:`kzreforms.writers.jsonld_of_triples` (the
direct route) and rdflib's ``Converter`` as :func:`kzreforms.writers.serialize` ran it
before (``_rdflib_jsonld``, then the same ordering and indentation) — and compares the
bytes; the graphs the direct route must leave to rdflib give None, and ``serialize``
still writes rdflib's bytes for them.
"""

from __future__ import annotations

import json
import logging
import random
from typing import Any

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

import kzreforms
from kzreforms import writers
from kzreforms.dataset import graphs_of, jsonld_context
from kzreforms.formats import get_format
from kzreforms.jsonld import plain_jsonld

JSONLD = get_format("json-ld")
EX = "http://a.example/"
KZD = "https://w3id.org/kzreforms/id/"
KZR = "https://w3id.org/kzreforms/ontology#"

#: A context with what the packaged one leaves out: a default language, a term with its
#: own language, @vocab, a term typed @vocab, a plain term, and a term typed xsd:integer.
OTHER_CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": EX + "v/",
    "ex": EX,
    "xsd": str(XSD),
    "kzd": KZD,
    "label": {"@id": str(RDFS.label), "@language": "kk"},
    "kind": {"@id": EX + "kind", "@type": "@vocab"},
    "plain": {"@id": EX + "plain"},
    "count": {"@id": EX + "count", "@type": "xsd:integer"},
    "link": {"@id": EX + "link", "@type": "@id"},
}


def _rdflib_bytes(graph: Graph, context: dict[str, Any]) -> bytes:
    """What serialize writes with the direct route switched off: rdflib's writer runs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writers, "plain_jsonld", lambda *_: None)
        return writers.serialize([graph], JSONLD, context=context)


def _direct(graph: Graph, context: dict[str, Any], reference: str | None = None) -> bytes | None:
    """The direct route's pieces, joined (None where it declines)."""
    pieces = writers.jsonld_of_triples(graph, context, reference)
    return None if pieces is None else b"".join(pieces)


def _both(graph: Graph, context: dict[str, Any]) -> tuple[bytes | None, bytes]:
    return _direct(graph, context), _rdflib_bytes(graph, context)


def _graph(triples: list[tuple[Any, Any, Any]]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for triple in triples:
        graph.add(triple)
    return graph


def test_every_resource_of_the_packaged_data_reads_the_same(
    resource_graphs: list[tuple[Any, Graph]],
) -> None:
    context, taken = jsonld_context(), 0
    for subject, graph in resource_graphs:
        direct, through_rdflib = _both(graph, context)
        if direct is not None:
            taken += 1
            assert direct == through_rdflib, subject
    assert taken >= 0.95 * len(resource_graphs)  # the resources with blank nodes go to rdflib


@pytest.mark.parametrize("name", ["data", "context"])
def test_the_packaged_graphs_read_the_same(name: str) -> None:
    (graph,) = graphs_of(kzreforms.load(), graphs=name)  # type: ignore[arg-type]
    direct, through_rdflib = _both(graph, jsonld_context())
    assert direct is not None
    assert direct == through_rdflib
    assert writers.serialize([graph], JSONLD, context=jsonld_context()) == direct


def test_a_small_graph_is_written_as_expected() -> None:
    graph = _graph(
        [
            (URIRef(KZD + "c1"), RDF.type, URIRef(KZR + "Claim")),
            (URIRef(KZD + "c1"), URIRef(KZR + "ordinal"), Literal(3)),
            (URIRef(KZD + "c1"), URIRef(KZR + "about"), URIRef(KZD + "r1")),
            (URIRef(KZD + "c1"), URIRef(KZR + "about"), URIRef(KZD + "r2")),
        ]
    )
    data = _direct(graph, jsonld_context(), "https://example.org/c.jsonld")
    assert data is not None
    assert json.loads(data) == {
        "@context": "https://example.org/c.jsonld",
        "@id": "kzd:c1",
        "@type": "Claim",
        "about": ["kzd:r1", "kzd:r2"],
        "ordinal": "3",  # the term is typed xsd:integer: its lexical form
    }


_LITERALS = [
    Literal("x"),
    Literal(""),
    Literal("x", lang="en"),
    Literal("x", lang="kk"),
    Literal("y", lang="kk"),
    Literal("0", datatype=XSD.integer),
    Literal("1", datatype=XSD.integer),
    Literal("007", datatype=XSD.integer),
    Literal("abc", datatype=XSD.integer),  # ill-typed: toPython gives the literal back
    Literal("true", datatype=XSD.boolean),
    Literal("false", datatype=XSD.boolean),
    Literal("1.5", datatype=XSD.decimal),
    Literal("1e3", datatype=XSD.double),
    Literal("NaN", datatype=XSD.double),
    Literal("s", datatype=XSD.string),
    Literal("2024-02-30", datatype=XSD.date),
    Literal("1999", datatype=XSD.gYear),
    Literal("v", datatype=URIRef(EX + "dt")),
    Literal("v", datatype=URIRef(KZR + "dt")),
]
_NAMESPACES = [KZD, KZR, EX, EX + "v/", "http://www.w3.org/2001/XMLSchema#", "urn:x:"]


def _random_graph(seed: int) -> Graph:
    """A small graph of both contexts' terms, other IRIs, and literals of every kind."""
    pick = random.Random(seed)
    terms = [
        value["@id"] if isinstance(value, dict) else value
        for context in (jsonld_context(), OTHER_CONTEXT)
        for name, value in context.items()
        if not name.startswith("@")
    ]
    expanded = [URIRef(t.replace("kzr:", KZR).replace("xsd:", str(XSD))) for t in terms if ":" in t]

    def iri() -> URIRef:
        return URIRef(pick.choice(_NAMESPACES) + pick.choice(["a", "b", "c-1", "Claim"]))

    graph = Graph(bind_namespaces="none")
    subjects = [iri() for _ in range(pick.randint(1, 4))]
    predicates = [pick.choice(expanded) for _ in range(3)] + [RDF.type, RDFS.label, iri()]
    for _ in range(pick.randint(1, 12)):
        kind = pick.random()
        obj: Any = (
            pick.choice([*subjects, iri(), *expanded[:6]]) if kind < 0.4 else pick.choice(_LITERALS)
        )
        graph.add((pick.choice(subjects), pick.choice(predicates), obj))
    return graph


@pytest.mark.filterwarnings("ignore::UserWarning")  # ill-typed literals, on purpose
@pytest.mark.parametrize("which", ["packaged", "other"])
def test_graphs_at_the_edges_read_the_same(which: str) -> None:
    context = jsonld_context() if which == "packaged" else OTHER_CONTEXT
    logging.disable(logging.WARNING)
    try:
        taken = 0
        for seed in range(1500):
            graph = _random_graph(seed)
            through_rdflib = _rdflib_bytes(graph, context)
            direct = _direct(graph, context)
            if direct is not None:
                taken += 1
                assert direct == through_rdflib, seed
    finally:
        logging.disable(logging.NOTSET)
    assert taken > 600  # the comparison covers many graphs, not only the declined ones


@pytest.mark.parametrize(
    "triples",
    [
        [(URIRef(EX + "s"), URIRef(EX + "p"), BNode())],
        [(BNode(), URIRef(EX + "p"), URIRef(EX + "o"))],
        [(URIRef(EX + "s"), URIRef(EX + "p"), RDF.nil)],
        [(URIRef(EX + "l"), RDF.first, Literal(1)), (URIRef(EX + "l"), RDF.rest, RDF.nil)],
        # A false value among several: rdflib keeps both or only one, by the graph's order.
        [
            (URIRef(EX + "s"), URIRef(KZR + "ordinal"), Literal(0)),
            (URIRef(EX + "s"), URIRef(KZR + "ordinal"), Literal(1)),
        ],
        [
            (URIRef(EX + "s"), URIRef(EX + "p"), Literal("")),
            (URIRef(EX + "s"), URIRef(EX + "p"), Literal("a")),
        ],
        [],
    ],
    ids=[
        "blank-object",
        "blank-subject",
        "nil",
        "list",
        "false-number",
        "empty-string",
        "empty",
    ],
)
def test_what_the_direct_route_leaves_to_rdflib(triples: list[tuple[Any, Any, Any]]) -> None:
    key = json.dumps(jsonld_context())
    assert plain_jsonld(triples, key) is None
    graph = _graph(triples)
    if triples:  # serialize takes rdflib's route, with its bytes
        assert writers.serialize([graph], JSONLD, context=jsonld_context()) == _rdflib_bytes(
            graph, jsonld_context()
        )


def test_an_iri_spelt_as_a_prefixed_name_is_a_node_of_its_own() -> None:
    """``kzd:a`` (an IRI of scheme kzd) is written as itself, beside kzd:a the prefixed name:
    two nodes, as rdflib's writer writes them."""
    graph = _graph(
        [
            (URIRef(KZD + "a"), URIRef(EX + "p"), Literal("1")),
            (URIRef("kzd:a"), URIRef(EX + "p"), Literal("2")),
        ]
    )
    direct, through_rdflib = _both(graph, jsonld_context())
    assert direct is not None
    assert direct == through_rdflib
    assert [node["@id"] for node in json.loads(direct)["@graph"]] == ["kzd:a", "kzd:a"]


def test_a_false_value_alone_is_written() -> None:
    graph = _graph(
        [
            (URIRef(EX + "s"), URIRef(KZR + "ordinal"), Literal(0)),
            (URIRef(EX + "s"), URIRef(EX + "p"), Literal("")),
        ]
    )
    direct, through_rdflib = _both(graph, jsonld_context())
    assert direct is not None
    assert direct == through_rdflib


def test_a_context_with_a_container_is_left_to_rdflib() -> None:
    context = {"ex": EX, "tags": {"@id": EX + "tag", "@container": "@set"}}
    graph = _graph([(URIRef(EX + "s"), URIRef(EX + "tag"), Literal("a"))])
    assert _direct(graph, context) is None
    assert writers.serialize([graph], JSONLD, context=context) == _rdflib_bytes(graph, context)


def test_a_repeated_triple_counts_once() -> None:
    triple = (URIRef(EX + "s"), URIRef(EX + "p"), Literal("a"))
    key = json.dumps(jsonld_context())
    assert plain_jsonld([triple, triple], key) == plain_jsonld([triple], key)


def test_the_pieces_join_to_the_document() -> None:
    """The head, then each node of @graph a piece: joined, they are rdflib's bytes."""
    graph = _graph([(URIRef(f"{KZD}s{n}"), URIRef(EX + "p"), Literal(n)) for n in range(5)])
    pieces = writers.jsonld_of_triples(graph, jsonld_context(), None)
    assert pieces is not None
    assert len(pieces) == 6
    assert all(piece.endswith(b"},\n    ") for piece in pieces[1:-1])
    assert pieces[-1].endswith(b"}\n  ]\n}\n")
    assert b"".join(pieces) == _rdflib_bytes(graph, jsonld_context())


def test_a_dataset_goes_to_rdflibs_route() -> None:
    """A dataset yields quads: serialize gives it to rdflib's writer, as before."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.graph(URIRef(EX + "g")).add((URIRef(KZD + "a"), URIRef(EX + "p"), Literal("x")))
    data = writers.serialize([dataset], JSONLD, context=jsonld_context())
    assert json.loads(data)["@context"] == jsonld_context()
    assert b'"@id": "kzd:a"' in data


def test_the_short_forms_remembered_are_bounded() -> None:
    from kzreforms import jsonld

    key = json.dumps(jsonld_context())
    many = [(URIRef(f"{KZD}n{n}"), URIRef(EX + "p"), Literal("x")) for n in range(70_000)]
    assert plain_jsonld(many, key) is not None
    info = jsonld._compactor(key).shrink.cache_info()  # type: ignore[attr-defined]
    assert info.maxsize == jsonld._REMEMBERED and info.currsize <= jsonld._REMEMBERED


def test_nodes_whose_ids_begin_alike_are_in_rdflibs_order() -> None:
    """Nodes are ordered by their @id's JSON alone: "a" and "a!b" (a character before the
    closing quote) and "aé" keep the order of the whole nodes' JSON."""
    tails = ["a", "a!b", "a#b", "a.b", "a/b", "a~", "aé", "a-b", "ab", "A"]
    triples = [(URIRef(KZD + t), URIRef(EX + "p"), Literal(t)) for t in tails]
    random.Random(3).shuffle(triples)
    direct, reference = _both(_graph(triples), jsonld_context())
    assert direct == reference
    ids = [node["@id"] for node in json.loads(reference)["@graph"]]
    assert ids == sorted(ids, key=lambda i: json.dumps({"@id": i}, ensure_ascii=False))


@pytest.mark.parametrize(
    "context",
    [
        {"0p": {"@id": EX + "p"}, "kzd": KZD},  # a term that sorts before "@id"
        {"id": "@id", "p": {"@id": EX + "p"}, "kzd": KZD},  # "@type" sorts before "id"
    ],
    ids=["term-before-@id", "@id-aliased"],
)
def test_nodes_whose_first_key_is_not_the_id_are_ordered_by_their_whole_json(
    context: dict[str, Any],
) -> None:
    """Then a node's other keys decide the order first: each node's whole JSON is read back."""
    triples = [(URIRef(KZD + t), URIRef(EX + "p"), Literal(v)) for t, v in [("a", "z"), ("b", "y")]]
    triples += [(URIRef(KZD + t), RDF.type, URIRef(EX + k)) for t, k in [("a", "B"), ("b", "C")]]
    direct, reference = _both(_graph(triples), context)
    assert direct == reference
    if "0p" in context:
        assert [node["@id"] for node in json.loads(reference)["@graph"]] == ["kzd:b", "kzd:a"]


def test_what_cannot_be_written_as_rdflib_writes_it_is_declined_whatever_comes_after() -> None:
    """A lone surrogate, or an @id that is a list (a predicate spelt "@id" under @vocab):
    the direct route declines at that node, before a later node could decline or fail."""
    surrogate = [(URIRef(KZD + "a"), URIRef(EX + "p"), Literal("\ud800"))]
    surrogate += [(URIRef(KZD + "b"), URIRef(EX + "p"), Literal(v)) for v in ("", "y")]
    assert writers.jsonld_of_triples(_graph(surrogate), jsonld_context(), None) is None
    listed = [(URIRef("urn:s1"), URIRef(EX + "@id"), Literal("x"))]
    listed += [(URIRef("urn:s2"), URIRef(EX + "p"), Literal(v)) for v in ("", "y")]
    assert plain_jsonld(listed, json.dumps({"@vocab": EX})) is None
    assert writers.jsonld_of_triples(_graph(listed), {"@vocab": EX}, None) is None
