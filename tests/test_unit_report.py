"""Unit tests of ``ValidationReport.text()``: the summary, the grouping, and SHACL paths.

Complex SHACL property paths (https://www.w3.org/TR/shacl/#property-paths) are printed
in SPARQL 1.1 property-path syntax; each printed path is checked against rdflib's reading
of the SHACL path by evaluating both on the same graph.
"""

from __future__ import annotations

import pytest
from rdflib import SH, Graph, Namespace
from rdflib.extras.shacl import parse_shacl_path

from kzreforms.validation import ValidationReport, validate

EX = Namespace("http://example.org/")

PREFIXES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: One property shape per kind of path, each bound to fail on ex:a (min count 9).
PATHS = {
    "seq": "( ex:p ex:q )",
    "alt": "[ sh:alternativePath ( ex:p ex:q ) ]",
    "inv": "[ sh:inversePath ex:p ]",
    "star": "[ sh:zeroOrMorePath ex:p ]",
    "plus": "[ sh:oneOrMorePath ex:p ]",
    "opt": "[ sh:zeroOrOnePath ex:p ]",
    "invseq": "[ sh:inversePath ( ex:p ex:q ) ]",
    "invinv": "[ sh:inversePath [ sh:inversePath ex:q ] ]",
    "mixed": "( [ sh:inversePath ex:p ] [ sh:zeroOrMorePath ex:q ] )",
    "altmix": "[ sh:alternativePath ( ( ex:p ex:q ) [ sh:inversePath ex:q ] ) ]",
    "starseq": "[ sh:zeroOrMorePath ( ex:p ex:q ) ]",
}

#: Where the readings differ: ^(ex:p/ex:q) reaches ex:b from ex:a, ^ex:p/ex:q reaches nothing.
DATA = (
    PREFIXES
    + """
ex:b ex:p ex:c .
ex:c ex:q ex:a .
ex:a ex:p ex:d .
ex:d ex:q ex:e .
ex:e ex:q ex:a .
"""
)


def path_shapes() -> Graph:
    lines = [PREFIXES, "ex:Node a sh:NodeShape ; sh:targetNode ex:a ;"]
    lines.append("  sh:property " + ", ".join(f"ex:{name}" for name in PATHS) + " .")
    lines.extend(f"ex:{name} sh:path {path} ; sh:minCount 9 ." for name, path in PATHS.items())
    return Graph().parse(data="\n".join(lines), format="turtle")


def check(data: str, shapes: str) -> ValidationReport:
    return validate(
        Graph().parse(data=PREFIXES + data, format="turtle"),
        shapes=Graph().parse(data=PREFIXES + shapes, format="turtle"),
        ontology=Graph(),
    )


@pytest.fixture(scope="module")
def path_report() -> ValidationReport:
    return validate(
        Graph().parse(data=DATA, format="turtle"), shapes=path_shapes(), ontology=Graph()
    )


def test_complex_paths_print_in_sparql_syntax(path_report: ValidationReport) -> None:
    printed = {r.source_shape: r.path for r in path_report.results}
    assert printed == {
        "ex:seq": "ex:p/ex:q",
        "ex:alt": "(ex:p|ex:q)",
        "ex:inv": "^ex:p",
        "ex:star": "(ex:p)*",
        "ex:plus": "(ex:p)+",
        "ex:opt": "(ex:p)?",
        "ex:invseq": "^(ex:p/ex:q)",
        "ex:invinv": "^(^ex:q)",
        "ex:mixed": "^ex:p/(ex:q)*",
        "ex:altmix": "(ex:p/ex:q|^ex:q)",
        "ex:starseq": "(ex:p/ex:q)*",
    }


@pytest.mark.parametrize("name", PATHS)
def test_each_printed_path_reaches_what_the_shacl_path_reaches(
    path_report: ValidationReport, name: str
) -> None:
    (result,) = [r for r in path_report.results if r.source_shape == f"ex:{name}"]
    assert result.path is not None
    data = Graph().parse(data=DATA, format="turtle")
    shapes = path_shapes()
    shacl_path = parse_shacl_path(shapes, shapes.value(EX[name], SH.path))
    expected = set(data.objects(EX.a, shacl_path))  # type: ignore[arg-type]
    rows = data.query(f"SELECT ?o WHERE {{ ex:a {result.path} ?o }}", initNs={"ex": EX})
    assert {row[0] for row in rows} == expected  # type: ignore[index]


def test_report_text_groups_results_by_focus_node_with_their_paths(
    path_report: ValidationReport,
) -> None:
    text = path_report.text()
    assert text.startswith("Does not conform: 11 violations.\n\nex:a\n")
    assert (
        "  Violation ^(ex:p/ex:q)\n"
        "    Less than 9 values on ex:a->[ sh:inversePath ( ex:p ex:q ) ]\n"
        "    (shape ex:invseq, sh:MinCountConstraintComponent)\n"
    ) in text
    assert text.endswith("(shape ex:seq, sh:MinCountConstraintComponent)\n")


def test_text_of_mixed_severities_values_and_two_focus_nodes() -> None:
    report = check(
        "ex:b ex:size 5 .\nex:a ex:size 7 ; ex:name 'x' .\n",
        """
        ex:Sizes a sh:NodeShape ; sh:targetSubjectsOf ex:size ;
            sh:property ex:small, ex:named .
        ex:small sh:path ex:size ; sh:maxInclusive 4 ; sh:severity sh:Warning ;
            sh:message "keep sizes small" .
        ex:named sh:path ex:name ; sh:minCount 1 ; sh:message "give a name" .
        """,
    )
    assert report.text() == (
        "Does not conform: 1 violation, 2 warnings.\n"
        "\n"
        "ex:a\n"
        '  Warning ex:size = "7"^^xsd:integer\n'
        "    keep sizes small\n"
        "    (shape ex:small, sh:MaxInclusiveConstraintComponent)\n"
        "\n"
        "ex:b\n"
        "  Violation ex:name\n"
        "    give a name\n"
        "    (shape ex:named, sh:MinCountConstraintComponent)\n"
        '  Warning ex:size = "5"^^xsd:integer\n'
        "    keep sizes small\n"
        "    (shape ex:small, sh:MaxInclusiveConstraintComponent)\n"
    )


def test_text_without_violations_says_so() -> None:
    report = check(
        "ex:a ex:size 7 .\n",
        """
        ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:small .
        ex:small sh:path ex:size ; sh:maxInclusive 4 ; sh:severity sh:Info ;
            sh:message "small is nicer" .
        """,
    )
    assert report.text() == (
        "Does not conform (no violations): 1 info.\n"
        "\n"
        "ex:a\n"
        '  Info ex:size = "7"^^xsd:integer\n'
        "    small is nicer\n"
        "    (shape ex:small, sh:MaxInclusiveConstraintComponent)\n"
    )


def test_text_of_a_node_constraint_has_no_path_and_shows_literal_values() -> None:
    report = check(
        "ex:a ex:label 'chat'@fr, 'x'^^ex:dt .\n",
        """
        ex:S a sh:NodeShape ; sh:targetObjectsOf ex:label ; sh:datatype xsd:string ;
            sh:message "labels are plain strings" .
        """,
    )
    lines = report.text().splitlines()
    assert lines[0] == "Does not conform: 2 violations."
    assert lines[2:] == [
        '"chat"@fr',
        '  Violation = "chat"@fr',
        "    labels are plain strings",
        "    (shape ex:S, sh:DatatypeConstraintComponent)",
        "",
        '"x"^^ex:dt',
        '  Violation = "x"^^ex:dt',
        "    labels are plain strings",
        "    (shape ex:S, sh:DatatypeConstraintComponent)",
    ]


def test_text_of_a_conforming_report() -> None:
    report = check("ex:a ex:size 1 .\n", "ex:S a sh:NodeShape ; sh:targetNode ex:a .")
    assert report.conforms
    assert report.text() == "Conforms: no violations, no warnings.\n"


@pytest.mark.parametrize("iri", ["urn:x:thing", "http://other.org/thing", "http://example.org/a/b"])
def test_iris_outside_every_prefix_print_in_angle_brackets(iri: str) -> None:
    report = check(
        f"<{iri}> ex:size 7 .\n",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:size ; sh:property ex:name .\n"
        "ex:name sh:path ex:name ; sh:minCount 1 .",
    )
    assert report.text().splitlines()[2:4] == [f"<{iri}>", "  Violation ex:name"]
