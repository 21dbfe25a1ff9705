"""`kzreforms validate` and `kzreforms.validate()`: exit codes, report formats, options."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, SH, Graph, Literal

import kzreforms
from kzreforms.cli import cli

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "tests" / "shapes" / "invalid"
VALID = ROOT / "tests" / "shapes" / "valid" / "minimal-statement.ttl"
BROKEN = INVALID / "change-factor-below-one.ttl"
WARNING_ONLY = INVALID / "warning-resource-without-label.ttl"


def test_shipped_data_conforms(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert result.output == "Conforms: no violations, no warnings.\n"


def test_a_valid_edition_conforms(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["validate", str(VALID)]).exit_code == 0


def test_violations_exit_1_with_a_report_grouped_by_focus_node(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(BROKEN)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Does not conform: 1 violation."
    assert lines[2] == "ex:claim-threshold"
    assert "kzr:changeFactor" in lines[3]
    shape = "kzrsh:ClaimShape-changeFactor, sh:MinExclusiveConstraintComponent"
    assert f"(shape {shape})" in result.output


def test_json_report_for_scripts(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(BROKEN), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["conforms"] is False
    assert document["violations"] == 1 and document["warnings"] == 0
    (entry,) = document["results"]
    assert entry["sourceShape"] == "kzrsh:ClaimShape-changeFactor"
    assert entry["resultPath"] == "kzr:changeFactor"
    assert entry["severity"] == "Violation"
    assert entry["message"].startswith("Write kzr:changeFactor once")


def test_turtle_report_is_a_standard_validation_report(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(BROKEN), "--format", "turtle"])
    assert result.exit_code == 1
    report = Graph().parse(data=result.output, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    assert len(list(report.objects(node, SH.result))) == 1


def test_warnings_alone_pass_unless_asked(runner: CliRunner) -> None:
    relaxed = runner.invoke(cli, ["validate", str(WARNING_ONLY)])
    assert relaxed.exit_code == 0
    assert relaxed.output.startswith("Does not conform (no violations): 1 warning.")
    strict = runner.invoke(cli, ["validate", str(WARNING_ONLY), "--fail-on", "warning"])
    assert strict.exit_code == 1


def test_other_shapes(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix kzr: <https://w3id.org/kzreforms/ontology#> .\n"
        "<urn:shape> a sh:NodeShape ; sh:targetClass kzr:Claim ;\n"
        "  sh:property [ sh:path <urn:reviewedBy> ; sh:minCount 1 ;\n"
        '    sh:message "Add a reviewer." ] .\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", str(VALID), "--shapes", str(shapes), "-f", "json"])
    assert result.exit_code == 1
    messages = {r["message"] for r in json.loads(result.output)["results"]}
    assert messages == {"Add a reviewer."}


def test_shapes_that_are_not_shacl_are_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    shapes = tmp_path / "broken.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:shape> a sh:NodeShape ;\n"
        "  sh:targetClass <https://w3id.org/kzreforms/ontology#Claim> ;\n"
        '  sh:property [ sh:path <urn:p> ; sh:minCount "many" ] .\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", str(VALID), "--shapes", str(shapes)])
    assert result.exit_code == 3
    assert result.output.startswith("Error: the shapes are not valid SHACL: ")
    assert "xsd:integer" in result.output
    assert len(result.output.strip().splitlines()) == 1  # pyshacl's own log is silenced
    assert "https://www.w3.org/TR/shacl/" in result.output


def test_unknown_report_format_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["validate", "--format", "html"]).exit_code == 2


def test_report_is_immutable_and_typed() -> None:
    report = kzreforms.validate(kzreforms.load([BROKEN]))
    assert not report.conforms and report.fails() and report.fails(on="warning")
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.conforms = True  # type: ignore[misc]
    (result,) = report.results
    assert isinstance(result, kzreforms.ValidationResult)
    assert result.focus_node == "ex:claim-threshold"
    assert result.constraint_component == "sh:MinExclusiveConstraintComponent"
    assert result.value == '"0.2"^^xsd:decimal'


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        kzreforms.validate(None, Graph())  # type: ignore[misc]


def test_validation_does_not_change_the_callers_dataset() -> None:
    dataset = kzreforms.load([VALID])
    before = len(kzreforms.select(dataset))
    kzreforms.validate(dataset)
    assert len(kzreforms.select(dataset)) == before


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "bad-sparql.ttl",
            "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
            "@prefix kzr: <https://w3id.org/kzreforms/ontology#> .\n"
            "<urn:s> a sh:NodeShape ; sh:targetClass kzr:Claim ;\n"
            '  sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE { FILTER(" ] .\n',
            "a SPARQL query in the shapes does not parse",
        ),
        (
            "service.ttl",
            "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
            "@prefix kzr: <https://w3id.org/kzreforms/ontology#> .\n"
            "<urn:s> a sh:NodeShape ; sh:targetClass kzr:Claim ;\n"
            '  sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE '
            '{ SERVICE <http://example.invalid/q> { $this ?p ?o } }" ] .\n',
            "calls a remote SERVICE",
        ),
        ("none.ttl", "<urn:a> <urn:b> <urn:c> .\n", "holds no SHACL shape"),
    ],
)
def test_unusable_shapes_are_exit_3(
    runner: CliRunner, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    shapes = tmp_path / name
    shapes.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(VALID), "--shapes", str(shapes)])
    assert result.exit_code == 3, result.output
    assert expected in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_shapes_and_ontology_may_be_datasets() -> None:
    shapes = kzreforms.load([ROOT / "shapes" / "core.ttl", ROOT / "shapes" / "provenance.ttl"])
    assert kzreforms.validate(kzreforms.load([VALID]), shapes=shapes).conforms
