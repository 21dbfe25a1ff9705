"""Unit tests of the deterministic writers (``kzreforms.writers.serialize``).

What the writers promise beyond rdflib's serializers: the same triples give the same
bytes whatever the insertion order and blank-node labels, number shorthands only where
they read back as the same term, bounded ``[ … ]`` nesting, sorted line formats.
"""

from __future__ import annotations

import json
import random
import re

import pytest
from rdflib import XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

import kzreforms
from kzreforms.formats import get_format
from kzreforms.graphs import new_dataset, union_graph
from kzreforms.writers import MAX_NESTING, indented_json, serialize

EX = Namespace("http://example.org/")


def write(graph: Graph, format: str = "turtle") -> str:
    return serialize([graph], get_format(format)).decode("utf-8")


def graph_of(triples: list[tuple[object, object, object]]) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.bind("ex", EX)
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def shuffled_copy(triples: list[tuple[object, object, object]], seed: int) -> Graph:
    """The same triples in another order, every blank node renamed."""
    names: dict[object, BNode] = {}
    renamed = [
        tuple(names.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in triple)
        for triple in triples
    ]
    random.Random(seed).shuffle(renamed)
    return graph_of(renamed)  # type: ignore[arg-type]


TRIPLES: list[tuple[object, object, object]] = [
    (EX.a, EX.p, Literal("x")),
    (EX.a, EX.q, BNode("input1")),
    (BNode("input1"), EX.r, Literal(1)),
    (BNode("input1"), EX.s, BNode("input2")),
    (BNode("input2"), EX.t, Literal("y", lang="en")),
    (EX.b, EX.q, BNode("input3")),
    (BNode("input3"), EX.r, Literal(2)),
]


@pytest.mark.parametrize("format", ["turtle", "nt", "xml", "json-ld", "trig", "nq"])
def test_same_triples_give_the_same_bytes_whatever_order_and_labels(format: str) -> None:
    outputs = {write(shuffled_copy(TRIPLES, seed), format) for seed in range(4)}
    assert len(outputs) == 1
    (text,) = outputs
    assert "input" not in text  # canonical labels, not the input's
    reread = Dataset(default_union=True).parse(data=text, format=get_format(format).rdflib_name)
    assert isomorphic(graph_of(list(reread.triples((None, None, None)))), graph_of(TRIPLES))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Literal(42), "42"),
        (Literal("-7", datatype=XSD.integer), "-7"),
        (Literal("01", datatype=XSD.integer, normalize=False), "01"),
        (Literal("1.5", datatype=XSD.decimal), "1.5"),
        (Literal(True), "true"),
        (Literal(1.5e300), "1.5e+300"),
        (Literal("5", datatype=XSD.decimal), '"5"^^xsd:decimal'),
        (Literal("1.5E3", datatype=XSD.double), '"1500.0"^^xsd:double'),
        (Literal("1", datatype=XSD.boolean, normalize=False), '"1"^^xsd:boolean'),
        (Literal("2022", datatype=XSD.gYear), '"2022"^^xsd:gYear'),
    ],
)
def test_turtle_shorthand_only_when_it_reads_back_as_the_same_term(
    value: Literal, written: str
) -> None:
    graph = graph_of([(EX.a, EX.p, value)])
    graph.bind("xsd", XSD)
    text = write(graph)
    assert text.rstrip("\n").splitlines()[-1] == f"ex:a ex:p {written} ."
    (read,) = Graph().parse(data=text, format="turtle").objects(EX.a, EX.p)
    # The same datatype and value (rdflib normalises "01" to "1" as it reads). The expected
    # term is made afresh: a reasoner test may have bound a Python type to a datatype
    # (owlrl does, for xsd:gYear) since the parameters were made at collection time.
    expected = Literal(str(value), datatype=value.datatype)
    assert (read.datatype, read.toPython()) == (expected.datatype, expected.toPython())  # type: ignore[attr-defined]


def test_trig_uses_the_same_lossless_shorthand() -> None:
    dataset = Dataset()
    graph = dataset.graph(URIRef("urn:g"))
    graph.add((EX.a, EX.p, Literal("5", datatype=XSD.decimal)))
    graph.add((EX.a, EX.p, Literal(3)))
    text = serialize([graph], get_format("trig")).decode("utf-8")
    assert re.search(r':p 3,\n\s+"5"\^\^xsd:decimal \.\n', text), text


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]":
            depth -= 1
    return deepest


@pytest.mark.parametrize("length", [MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 4, 300])
def test_turtle_nests_blank_nodes_at_most_max_nesting_deep(length: int) -> None:
    chain: list[tuple[object, object, object]] = []
    previous: object = EX.root
    for _ in range(length):
        node = BNode()
        chain.append((previous, EX.next, node))
        previous = node
    chain.append((previous, EX.end, Literal("x")))
    text = write(graph_of(chain))
    assert MAX_NESTING == 16
    assert nesting_depth(text) == min(length, MAX_NESTING)
    assert isomorphic(Graph().parse(data=text, format="turtle"), graph_of(chain))


def test_line_formats_are_sorted_without_duplicates_or_blank_lines() -> None:
    graph = graph_of([(EX.c, EX.p, Literal(1)), (EX.a, EX.p, Literal(2)), (EX.b, EX.p, EX.a)])
    lines = write(graph, "nt").split("\n")
    assert lines[-1] == ""  # ends in a newline
    assert lines[:-1] == sorted(lines[:-1])
    assert len(lines[:-1]) == 3
    assert write(graph_of([]), "nt") == ""


def test_nquads_keep_each_graph_name_sorted() -> None:
    dataset = Dataset()
    second = dataset.graph(URIRef("urn:g2"))
    first = dataset.graph(URIRef("urn:g1"))
    second.add((EX.a, EX.p, EX.b))
    first.add((EX.a, EX.p, EX.b))
    text = serialize([second, first], get_format("nq")).decode("utf-8")
    assert text == (
        "<http://example.org/a> <http://example.org/p> <http://example.org/b> <urn:g1> .\n"
        "<http://example.org/a> <http://example.org/p> <http://example.org/b> <urn:g2> .\n"
    )


def test_trig_writes_graphs_in_iri_order() -> None:
    dataset = Dataset()
    names = ["urn:g3", "urn:g1", "urn:g2"]
    graphs = [dataset.graph(URIRef(name)) for name in names]
    for graph in graphs:
        graph.add((EX.a, EX.p, Literal(graph.identifier)))
    text = serialize(graphs, get_format("trig")).decode("utf-8")
    positions = [text.index(f"<{name}>") for name in sorted(names)]
    assert positions == sorted(positions)


def test_jsonld_puts_the_context_first_and_sorts_arrays() -> None:
    graph = graph_of([(EX.a, EX.p, Literal(v)) for v in ("c", "a", "b")])
    context = {"ex": str(EX)}
    text = serialize([graph], get_format("json-ld"), context=context).decode("utf-8")
    document = json.loads(text)
    assert list(document)[0] == "@context"
    assert document["@context"] == context
    assert document["ex:p"] == ["a", "b", "c"]
    assert text.endswith("}\n")
    referenced = serialize(
        [graph], get_format("json-ld"), context=context, context_ref="https://x/context.jsonld"
    ).decode("utf-8")
    assert json.loads(referenced)["@context"] == "https://x/context.jsonld"


def test_jsonld_keeps_list_order() -> None:
    graph = Graph().parse(
        data="@prefix ex: <http://example.org/> . ex:a ex:p ( 3 1 2 ) .", format="turtle"
    )
    document = json.loads(write(graph, "json-ld"))
    (node,) = document.get("@graph", [document])
    values = next(v for k, v in node.items() if k.endswith("p"))
    items = values[0]["@list"] if isinstance(values, list) else values["@list"]
    assert [item["@value"] if isinstance(item, dict) else item for item in items] == [3, 1, 2]


def test_new_dataset_binds_only_the_core_prefixes() -> None:
    prefixes = sorted(prefix for prefix, _ in new_dataset().namespaces())
    assert prefixes == ["owl", "rdf", "rdfs", "xml", "xsd"]


def test_union_graph_keeps_every_triple_and_the_first_binding_of_a_prefix() -> None:
    first = graph_of([(EX.a, EX.p, EX.b)])
    second = Graph(bind_namespaces="none")
    second.bind("ex", "http://other.example/")
    second.bind("o", "http://o.example/")
    second.add((EX.a, EX.p, EX.c))
    union = union_graph([first, second])
    assert len(union) == 2
    bound = dict(union.namespaces())
    assert str(bound["ex"]) == str(EX)
    assert str(bound["o"]) == "http://o.example/"


# --------------------------------------------------------------------------- indented JSON

INDENT_CASES = [
    {},
    [],
    "",
    0,
    -1.5e300,
    1.0,
    True,
    None,
    {"b": [1, 'x\ny\r\t"\\', {}, []], "a": {"z": None, "é": "Қазақстан ‘quoted’"}},
    [[[[{"deep": [1, [2, [3]]]}]]]],
    {"@context": {"kzr": "https://w3id.org/kzreforms/ontology#"}, "@graph": [{"@id": "x"}]},
    {"\u2028": "line separator \u2028 and \u0000 nul"},
]


@pytest.mark.parametrize("sort_keys", [False, True])
@pytest.mark.parametrize("node", INDENT_CASES)
def test_indented_json_is_json_dumps_indent_2(node: object, sort_keys: bool) -> None:

    expected = json.dumps(node, indent=2, ensure_ascii=False, sort_keys=sort_keys)
    assert indented_json(node, sort_keys=sort_keys) == expected


def test_indented_json_on_the_packaged_json_ld() -> None:

    document = json.loads(kzreforms.export(format="json-ld"))
    for sort_keys in (False, True):
        expected = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=sort_keys)
        assert indented_json(document, sort_keys=sort_keys) == expected


def test_json_ld_compacts_as_rdflib_does_whatever_order_the_context_gives() -> None:
    """Where two terms name one IRI, rdflib keeps the one defined last; so must the cache."""
    graph = Graph().parse(data='<http://a/s> <http://a/p> "x" .', format="turtle")
    for context in (
        {"zed": "http://a/p", "alpha": "http://a/p"},
        {"z": "http://a/", "a": "http://a/"},
    ):
        ours = json.loads(serialize([graph], get_format("json-ld"), context=context))
        theirs = json.loads(graph.serialize(format="json-ld", context=context))
        assert {k: v for k, v in ours.items() if k != "@context"} == {
            k: v for k, v in theirs.items() if k != "@context"
        }
