"""kzreforms.validation as a library: its errors, its API convention, and the native quote check."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import SH, Graph, Literal, Namespace

import kzreforms
from kzreforms.dataset import load_packaged
from kzreforms.errors import InputError, KzReformsError, ShapesError
from kzreforms.quotecheck import QUOTE_QUERY, split_quote_constraints

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "shapes" / "valid" / "minimal-statement.ttl"
BROKEN = ROOT / "tests" / "shapes" / "invalid" / "change-factor-below-one.ttl"
KZRSH = Namespace("https://w3id.org/kzreforms/shapes#")


def _shapes() -> Graph:
    (graph,) = [g for g in load_packaged(["shapes"]).graphs() if len(g)]
    return graph


def test_the_dataset_is_the_first_parameter_positional_or_keyword() -> None:
    by_keyword = kzreforms.validate(dataset=kzreforms.load([BROKEN]))
    by_position = kzreforms.validate(kzreforms.load([BROKEN]))
    assert by_keyword.results == by_position.results and len(by_keyword.results) == 1


def test_an_unknown_severity_threshold_is_an_input_error_naming_its_parameter() -> None:
    report = kzreforms.validate(kzreforms.load([BROKEN]))
    with pytest.raises(InputError, match="unknown severity 'fatal'") as caught:
        report.fails(on="fatal")  # type: ignore[arg-type]
    assert caught.value.parameter == "on"
    assert isinstance(caught.value, ValueError)  # still catchable as before


def test_an_unknown_report_format_is_an_input_error_naming_its_parameter() -> None:
    report = kzreforms.validate(kzreforms.load([BROKEN]))
    with pytest.raises(InputError, match="choose one of text, turtle, json") as caught:
        report.serialize("html")
    assert caught.value.parameter == "format"


def test_shapes_without_a_shape_are_refused_in_library_terms() -> None:
    shapes = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")
    with pytest.raises(ShapesError, match="holds no SHACL shape") as caught:
        kzreforms.validate(kzreforms.load([VALID]), shapes=shapes)
    assert caught.value.parameter == "shapes"
    assert "--" not in str(caught.value)


def test_a_pyshacl_failure_keeps_its_cause() -> None:
    shapes = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;\n"
        '  sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE { FILTER(" ] .\n',
        format="turtle",
    )
    with pytest.raises(ShapesError, match="does not parse") as caught:
        kzreforms.validate(kzreforms.load([VALID]), shapes=shapes)
    assert caught.value.__cause__ is not None
    assert not isinstance(caught.value.__cause__, KzReformsError)


def test_pyshacls_logger_stays_silent_during_a_run_and_is_given_back(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("pyshacl-validate")
    level, disabled = logger.level, logger.disabled
    shapes = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:minCount 1 .\n",
        format="turtle",
    )
    with caplog.at_level(logging.DEBUG, logger="pyshacl-validate"), pytest.raises(ShapesError):
        kzreforms.validate(kzreforms.load([VALID]), shapes=shapes)
    assert not [r for r in caplog.records if r.name == "pyshacl-validate"]
    assert (logger.level, logger.disabled) == (level, disabled)


def test_the_packaged_quote_constraint_is_the_one_checked_natively() -> None:
    shapes = _shapes()
    fast, quotes = split_quote_constraints(shapes)
    assert [(q.shape, q.constraint) for q in quotes] == [
        (KZRSH.SourceTextQuotesShape, KZRSH["SourceTextQuotesShape-quotes"])
    ]
    assert len(fast) == len(shapes) - 1
    assert (quotes[0].shape, SH.sparql, quotes[0].constraint) not in fast
    # The two other SPARQL constraints stay for pyshacl.
    assert len(list(fast.subject_objects(SH.sparql))) == 2


def test_a_changed_quote_query_is_left_to_pyshacl() -> None:
    shapes = _shapes()
    (select,) = [
        (node, text)
        for node, text in shapes.subject_objects(SH.select)
        if " ".join(str(text).split()) == QUOTE_QUERY
    ]
    shapes.set((select[0], SH.select, Literal(str(select[1]).replace("STRENDS", "STRSTARTS"))))
    fast, quotes = split_quote_constraints(shapes)
    assert quotes == [] and len(fast) == len(shapes)


def test_a_nested_quote_shape_is_left_to_pyshacl() -> None:
    shapes = _shapes()
    shapes.add((KZRSH.StatementProvenanceShape, SH.node, KZRSH.SourceTextQuotesShape))
    _, quotes = split_quote_constraints(shapes)
    assert quotes == []
