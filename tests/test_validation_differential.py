"""kzreforms.validate against pyshacl itself: the same results, whatever shortcut validate takes.

validate() checks the quote/offset SHACL-SPARQL constraint natively and hands
pyshacl the shapes without it (see kzreforms/quotecheck.py). The reference here
is pyshacl run in-process on the same data graph with the original shapes; the
two result lists (focus node, path, value, severity, message, source shape,
constraint component) must be equal as multisets, on the shipped data, every
golden fixture in tests/shapes/ and mutants of the quote selectors.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef

import kzreforms
from kzreforms.dataset import load_packaged
from kzreforms.errors import ShapesError
from kzreforms.graphs import union_graph
from kzreforms.quotecheck import focus_nodes, quote_rows, split_quote_constraints
from kzreforms.validation import _data_graphs, _results

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "shapes"
CASES = sorted((FIXTURES / "valid").glob("*.ttl")) + sorted((FIXTURES / "invalid").glob("*.ttl"))
MINIMAL = FIXTURES / "valid" / "minimal-statement.ttl"
OA = Namespace("http://www.w3.org/ns/oa#")
EX = Namespace("http://example.org/kzreforms-test/")
KZRSH = Namespace("https://w3id.org/kzreforms/shapes#")

Row = tuple[str, str | None, str | None, str, str, str, str]


def _packaged(kind: str) -> Graph:
    (graph,) = [g for g in load_packaged([kind]).graphs() if len(g)]
    return graph


def _reference(dataset: Dataset | Graph) -> Counter[Row]:
    """pyshacl on the original shapes, on the data graph validate() builds (data + ontology)."""
    shapes = _packaged("shapes")
    target = union_graph([*_data_graphs(dataset), _packaged("ontology")])
    _, report, _ = pyshacl.validate(
        target,
        shacl_graph=union_graph([shapes]),
        inference="none",
        advanced=False,
        do_owl_imports=False,
    )
    assert isinstance(report, Graph)
    return Counter(_row(r) for r in _results(report, shapes, target))


def _ours(dataset: Dataset | Graph) -> Counter[Row]:
    return Counter(_row(r) for r in kzreforms.validate(dataset).results)


def _row(r: kzreforms.ValidationResult) -> Row:
    return (
        r.focus_node,
        r.path,
        r.value,
        r.severity,
        r.message,
        r.source_shape,
        r.constraint_component,
    )


def _native(dataset: Dataset | Graph) -> bool:
    """True when validate() takes the native quote check for this data (no fallback)."""
    shapes = _packaged("shapes")
    target = union_graph([*_data_graphs(dataset), _packaged("ontology")])
    _, quotes = split_quote_constraints(shapes)
    assert [q.shape for q in quotes] == [KZRSH.SourceTextQuotesShape]
    return all(quote_rows(target, focus_nodes(target, shapes, q.shape)) is not None for q in quotes)


def test_the_shipped_data_gives_pyshacls_results() -> None:
    packaged = load_packaged(["data", "context"])
    assert _native(packaged)
    assert _ours(None) == _reference(packaged)


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_every_golden_fixture_gives_pyshacls_results(path: Path) -> None:
    dataset = kzreforms.load([path])  # one parse for both: the same blank node labels
    assert _ours(dataset) == _reference(dataset)


def _set(graph: Graph, node: URIRef, predicate: URIRef, value: object) -> None:
    graph.remove((node, predicate, None))
    if value is not None:
        graph.add((node, predicate, value))  # type: ignore[arg-type]


def _shift(by: int) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        start = int(graph.value(EX["claim-quota-position"], OA.start).toPython())  # type: ignore[union-attr]
        _set(graph, EX["claim-quota-position"], OA.start, Literal(start + by, datatype=XSD.integer))

    return mutate


def _text(value: Literal) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        text = graph.value(EX.text, RDF.value)
        _set(
            graph,
            EX.text,
            RDF.value,
            Literal(str(text), lang=value.language, datatype=value.datatype),
        )

    return mutate


def _term(node: str, predicate: URIRef, value: object) -> Callable[[Graph], None]:
    return lambda graph: _set(graph, EX[node], predicate, value)


def _add(node: str, predicate: URIRef, value: object) -> Callable[[Graph], None]:
    return lambda graph: graph.add((EX[node], predicate, value))  # type: ignore[arg-type]


def _swap_selectors(graph: Graph) -> None:
    """One resource's selectors also on another: the query's ?quote/?position cross product."""
    for selector in list(graph.objects(EX["claim-quota-target"], OA.hasSelector)):
        graph.add((EX["claim-term-target"], OA.hasSelector, selector))


#: (name, mutation, whether the native check handles it rather than falling back)
MUTANTS: list[tuple[str, Callable[[Graph], None], bool]] = [
    ("start-plus-one", _shift(1), True),
    ("start-minus-three", _shift(-3), True),
    (
        "start-negative",
        _term("claim-quota-position", OA.start, Literal(-4, datatype=XSD.integer)),
        True,
    ),
    (
        "end-past-text",
        _term("claim-quota-position", OA.end, Literal(10_000, datatype=XSD.integer)),
        True,
    ),
    (
        "start-after-end",
        _term("claim-quota-position", OA.start, Literal(9_000, datatype=XSD.integer)),
        True,
    ),
    ("exact-changed", _term("claim-quota-quote", OA.exact, Literal("a youth quota")), True),
    ("exact-empty", _term("claim-quota-quote", OA.exact, Literal("")), True),
    ("exact-with-backslash", _term("claim-quota-quote", OA.exact, Literal(r"quota \\ end")), True),
    ("exact-with-bad-escape", _term("claim-quota-quote", OA.exact, Literal(r"quota \d")), True),
    (
        "exact-with-placeholder",
        _term("claim-quota-quote", OA.exact, Literal("{?found} {$this}")),
        True,
    ),
    ("exact-typed", _term("claim-quota-quote", OA.exact, Literal("7", datatype=XSD.integer)), True),
    (
        "exact-language-tagged",
        _term("claim-quota-quote", OA.exact, Literal("quota", lang="en")),
        True,
    ),
    ("second-exact", _add("claim-quota-quote", OA.exact, Literal("another reading")), True),
    ("prefix-wrong", _term("claim-quota-quote", OA.prefix, Literal("nothing like it")), True),
    ("prefix-removed", _term("claim-quota-quote", OA.prefix, None), True),
    ("second-prefix", _add("claim-quota-quote", OA.prefix, Literal("zzz")), True),
    ("suffix-wrong", _term("claim-quota-quote", OA.suffix, Literal("nothing like it")), True),
    ("suffix-removed", _term("claim-quota-quote", OA.suffix, None), True),
    ("start-non-negative-integer", _shift(0), True),
    ("offsets-as-int", _term("claim-quota-position", OA.end, Literal(5, datatype=XSD.int)), True),
    ("selectors-shared", _swap_selectors, True),
    ("text-xsd-string", _text(Literal("", datatype=XSD.string)), True),
    ("text-language-tagged", _text(Literal("", lang="en")), True),
    (
        "start-decimal",
        _term("claim-quota-position", OA.start, Literal("3.0", datatype=XSD.decimal)),
        False,
    ),
    ("start-string", _term("claim-quota-position", OA.start, Literal("3")), False),
    ("exact-an-iri", _term("claim-quota-quote", OA.exact, EX.somewhere), False),
    ("text-an-iri", _term("text", RDF.value, EX.somewhere), False),
]


#: Mutants that keep the quotes right (a datatype the shapes accept).
CONFORMING = {"start-non-negative-integer", "text-xsd-string", "prefix-removed", "suffix-removed"}


@pytest.mark.parametrize(("name", "mutate", "native"), MUTANTS, ids=[m[0] for m in MUTANTS])
def test_every_quote_mutant_gives_pyshacls_results(
    name: str, mutate: Callable[[Graph], None], native: bool
) -> None:
    def mutant() -> Dataset:
        dataset = kzreforms.load([MINIMAL])
        for graph in dataset.graphs():
            if len(graph):
                mutate(graph)
        return dataset

    # The mutant takes the path listed: the native check, or pyshacl with the original shapes.
    assert _native(mutant()) is native
    dataset = mutant()  # one parse for both: the same blank node labels
    try:
        theirs = _reference(dataset)
    except Exception as err:  # pyshacl fails on this data: validate() must fail with its reason
        with pytest.raises(ShapesError, match=re.escape(str(err))):
            _ours(dataset)
        return
    ours = _ours(dataset)
    assert ours == theirs
    assert name in CONFORMING or ours, "the mutant should give a result"


def test_validate_leaves_pyshacls_logger_as_the_caller_set_it() -> None:
    logger = logging.getLogger("pyshacl-validate")
    handler = logging.NullHandler()
    before = (logger.level, list(logger.handlers), logger.disabled, logger.propagate)
    logger.setLevel(logging.ERROR)
    logger.addHandler(handler)
    try:
        kzreforms.validate(kzreforms.load([MINIMAL]))
        assert logger.level == logging.ERROR
        assert logger.handlers == [*before[1], handler]
        assert logger.disabled is False
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before[0])
