"""The SHACL shapes in shapes/: golden fixtures, the shipped data, and how the shapes are written.

``tests/shapes/valid/*.ttl`` must conform with no result at all.
``tests/shapes/invalid/NAME.ttl`` breaks one rule and must give exactly the
results listed in ``NAME.expected.json`` (focus node, result path, source
shape, severity; compared as a multiset, blank nodes written ``_:blank``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SH, SKOS, XSD, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection

import kzreforms

ROOT = Path(__file__).resolve().parents[1]
SHAPES_DIR = ROOT / "shapes"
FIXTURES = ROOT / "tests" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
MINIMAL = FIXTURES / "valid" / "minimal-statement.ttl"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
SHAPE_FILES = sorted(SHAPES_DIR.glob("*.ttl"))

KZRSH = Namespace("https://w3id.org/kzreforms/shapes#")
KZC = Namespace("https://w3id.org/kzreforms/concept/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SHACL_SPEC = URIRef("https://www.w3.org/TR/shacl/")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

#: Parameters of SHACL Core constraint components, plus sh:sparql (SHACL-SPARQL).
CONSTRAINT_PARAMETERS = {
    SH[name]
    for name in [
        "class",
        "datatype",
        "nodeKind",
        "minCount",
        "maxCount",
        "minExclusive",
        "minInclusive",
        "maxExclusive",
        "maxInclusive",
        "minLength",
        "maxLength",
        "pattern",
        "languageIn",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "not",
        "and",
        "or",
        "xone",
        "node",
        "property",
        "qualifiedValueShape",
        "closed",
        "hasValue",
        "in",
        "sparql",
    ]
}

#: Every sh: term the shapes may use: SHACL Core and standard SHACL-SPARQL, nothing else.
ALLOWED_SH_TERMS = CONSTRAINT_PARAMETERS | {
    SH[name]
    for name in [
        "NodeShape",
        "PropertyShape",
        "SPARQLConstraint",
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
        "path",
        "inversePath",
        "alternativePath",
        "zeroOrMorePath",
        "oneOrMorePath",
        "zeroOrOnePath",
        "name",
        "description",
        "message",
        "severity",
        "Violation",
        "Warning",
        "Info",
        "deactivated",
        "flags",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
        "ignoredProperties",
        "IRI",
        "BlankNode",
        "Literal",
        "BlankNodeOrIRI",
        "BlankNodeOrLiteral",
        "IRIOrLiteral",
        "select",
        "prefixes",
        "declare",
        "prefix",
        "namespace",
        "order",
        "group",
    ]
}


def _shapes_graph() -> Graph:
    graph = Graph()
    for path in SHAPE_FILES:
        graph.parse(path, format="turtle")
    return graph


def _results(report: kzreforms.ValidationReport) -> Counter[str]:
    graph = report.graph

    def name(term: object) -> str | None:
        if term is None:
            return None
        return "_:blank" if isinstance(term, BNode) else str(term)

    rows = []
    for result in graph.objects(None, SH.result):
        severity = graph.value(result, SH.resultSeverity)
        rows.append(
            {
                "focusNode": name(graph.value(result, SH.focusNode)),
                "resultPath": name(graph.value(result, SH.resultPath)),
                "sourceShape": name(graph.value(result, SH.sourceShape)),
                "severity": str(severity).rsplit("#", 1)[-1],
            }
        )
    return Counter(json.dumps(row, sort_keys=True) for row in rows)


def _expected(path: Path) -> Counter[str]:
    rows = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return Counter(json.dumps(row, sort_keys=True) for row in rows)


# --------------------------------------------------------------------------- golden fixtures


def test_fixture_folders_are_not_empty() -> None:
    assert VALID and INVALID


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_conforms(path: Path) -> None:
    report = kzreforms.validate(kzreforms.load([path]))
    assert report.conforms, report.text()
    assert not report.results


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_gives_exactly_its_results(path: Path) -> None:
    report = kzreforms.validate(kzreforms.load([path]))
    assert _results(report) == _expected(path), report.text()
    assert not report.conforms


def test_every_invalid_fixture_has_its_expected_results() -> None:
    expected = sorted((FIXTURES / "invalid").glob("*.expected.json"))
    assert [p.name.removesuffix(".expected.json") for p in expected] == [p.stem for p in INVALID]


def test_every_targeted_shape_and_sparql_constraint_has_an_invalid_fixture() -> None:
    shapes = _shapes_graph()
    owner = {prop: node for node, prop in shapes.subject_objects(SH.property)}
    hit: set[URIRef] = set()
    for path in INVALID:
        for row in json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8")):
            shape = URIRef(row["sourceShape"])
            hit.add(shape)
            if shape in owner:
                hit.add(owner[shape])
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    targeted = {s for t in targets for s in shapes.subjects(t, None)}
    missing = sorted(str(s) for s in targeted - hit)
    assert not missing, f"node shapes without an invalid fixture: {missing}"
    with_sparql = set(shapes.subjects(SH.sparql, None))
    assert with_sparql and with_sparql <= hit


EX = Namespace("http://example.org/kzreforms-test/")
KZR = Namespace("https://w3id.org/kzreforms/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")


def _shapes_of(report: kzreforms.ValidationReport) -> set[str]:
    return {r.source_shape for r in report.results}


def test_a_claim_without_its_type_still_gets_its_provenance_checked() -> None:
    dataset = kzreforms.load([FIXTURES / "invalid" / "claim-without-type.ttl"])
    for graph in dataset.graphs():
        graph.remove((EX["claim-quota"], PROV.wasAttributedTo, None))
        graph.remove((EX["claim-quota"], KZR.textTarget, None))
    report = kzreforms.validate(dataset)
    assert _shapes_of(report) == {
        "kzrsh:ClaimShape",
        "kzrsh:AssertionShape",
        "kzrsh:ClaimProvenanceShape-wasAttributedTo",
        "kzrsh:QuotedShape-textTarget",
    }


@pytest.mark.parametrize(
    ("fixture", "where"),
    [
        ("status-on-a-reform", "kzr:Claim"),
        ("year-on-a-referendum", "kzr:Claim"),
        ("value-on-a-thing", "kzr:Quantity"),
    ],
)
def test_an_assertion_on_a_thing_says_where_it_belongs(fixture: str, where: str) -> None:
    report = kzreforms.validate(kzreforms.load([FIXTURES / "invalid" / f"{fixture}.ttl"]))
    (result,) = [r for r in report.results if r.severity == "Violation"]
    assert where in result.message and "kzr:claimSubject" in result.message
    assert "not on the thing" in result.message or "never on the thing" in result.message


def test_the_valid_fixture_gives_offsets_both_ways() -> None:
    """Offsets as the data writes them and as stores return them (plain xsd:integer)."""
    graph = Graph().parse(MINIMAL, format="turtle")
    oa = Namespace("http://www.w3.org/ns/oa#")
    types = {o.datatype for p in (oa.start, oa.end) for o in graph.objects(None, p)}
    assert types == {XSD.nonNegativeInteger, XSD.integer}


def test_an_empty_suffix_at_the_end_of_the_text_is_allowed() -> None:
    """The shapes allow ``oa:suffix ""`` (no sh:minLength): the quote ends the text.

    The shipped data and the valid fixture leave the suffix out there instead.
    """
    text = MINIMAL.read_text(encoding="utf-8")
    quote = 'oa:prefix "uth quota has been introduced.\\n\\n" ;\n'
    assert text.count(quote) == 1
    graph = Graph().parse(data=text.replace(quote, quote + '    oa:suffix "" ;\n'), format="turtle")
    assert len(graph) == len(Graph().parse(MINIMAL, format="turtle")) + 1
    report = kzreforms.validate(graph)
    assert report.conforms and not report.results


# --------------------------------------------------------------------------- shipped data


def test_shipped_data_conforms_with_no_result() -> None:
    report = kzreforms.validate()
    assert report.conforms, report.text()
    assert report.results == ()


def test_shapes_pass_the_shacl_for_shacl_check() -> None:
    report = kzreforms.validate(check_shapes=True)
    assert report.conforms


# ------------------------------------------------------------------- how the shapes are written


def test_shape_files_describe_themselves() -> None:
    assert {p.name for p in SHAPE_FILES} >= {"core.ttl", "provenance.ttl", "recommendations.ttl"}
    for path in SHAPE_FILES:
        graph = Graph().parse(path, format="turtle")
        headers = list(graph.subjects(RDF.type, OWL.Ontology))
        assert len(headers) == 1, path.name
        header = headers[0]
        assert (header, DCTERMS.conformsTo, SHACL_SPEC) in graph, path.name
        assert (header, DCTERMS.license, CC_BY) in graph, path.name
        assert graph.value(header, OWL.versionInfo) is not None, path.name
        for term in (DCTERMS.title, DCTERMS.description):
            value = graph.value(header, term)
            assert value is not None and value.language == "en", (path.name, term)
        assert ("kzrsh", URIRef(str(KZRSH))) in set(graph.namespaces()), path.name


def test_recommendations_are_warnings_and_the_rest_violations() -> None:
    for path in SHAPE_FILES:
        graph = Graph().parse(path, format="turtle")
        shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
            graph.subjects(RDF.type, SH.PropertyShape)
        )
        severities = {graph.value(s, SH.severity) for s in shapes}
        if path.name == "recommendations.ttl":
            assert severities == {SH.Warning}
        else:
            assert severities == {None}, path.name


def test_every_shape_has_an_iri_a_name_and_a_message() -> None:
    shapes = _shapes_graph()
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    referenced = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.node))
    assert referenced <= nodes, "every shape is declared with a type"
    for shape in sorted(nodes | set(shapes.subjects(RDF.type, SH.SPARQLConstraint))):
        assert isinstance(shape, URIRef) and shape.startswith(str(KZRSH)), shape
        names = [n for n in shapes.objects(shape, SH.name) if getattr(n, "language", None) == "en"]
        assert len(names) == 1, f"{shape}: one sh:name @en"
        constrains = (
            any(
                (shape, p, None) in shapes for p in CONSTRAINT_PARAMETERS - {SH.property, SH.sparql}
            )
            or (shape, RDF.type, SH.SPARQLConstraint) in shapes
        )
        if constrains:
            messages = [m for m in shapes.objects(shape, SH.message) if m.language == "en"]
            assert len(messages) == 1, f"{shape}: one sh:message @en"


def test_property_shape_names_follow_their_node_shape() -> None:
    shapes = _shapes_graph()
    for node, prop in shapes.subject_objects(SH.property):
        assert str(prop).startswith(f"{node}-"), (node, prop)


def test_sh_path_is_written_first_in_every_property_shape() -> None:
    for path in SHAPE_FILES:
        text = path.read_text(encoding="utf-8")
        blocks = re.findall(r"^(kzrsh:\S+)\n((?:    .*\n)+)\.$", text, flags=re.M)
        assert blocks, path.name
        for name, body in blocks:
            if "sh:path" in body:
                first = body.splitlines()[0].split()[0]
                assert first == "sh:path", f"{path.name}: {name} starts with {first}"


def test_shapes_use_only_shacl_core_and_sparql_constraints() -> None:
    shapes = _shapes_graph()
    used = {
        t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(SH))
    }
    assert used <= ALLOWED_SH_TERMS, sorted(used - ALLOWED_SH_TERMS)
    for path in SHAPE_FILES:
        assert "dash:" not in path.read_text(encoding="utf-8")
        assert "/ns/dash#" not in path.read_text(encoding="utf-8")


def test_sparql_constraints_are_few_and_use_this_and_declared_prefixes() -> None:
    shapes = _shapes_graph()
    constraints = list(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    assert 1 <= len(constraints) <= 3
    for constraint in constraints:
        query = str(shapes.value(constraint, SH.select))
        assert "$this" in query
        prefixes = shapes.value(constraint, SH.prefixes)
        declared = {str(shapes.value(d, SH.prefix)) for d in shapes.objects(prefixes, SH.declare)}
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", query))
        assert used <= declared, (constraint, used - declared)


def test_quote_check_targets_the_source_text() -> None:
    shapes = _shapes_graph()
    shape = KZRSH.SourceTextQuotesShape
    assert shapes.value(shape, SH.targetClass) == URIRef(
        "https://w3id.org/kzreforms/ontology#SourceText"
    )


#: sh:in lists that deliberately leave out part of a scheme, and the concepts left out.
SCHEME_SUBSETS = {
    # A rounded figure ("almost 80%") is qualified as such, never as a bound.
    KZRSH["RoundedValueShape-roundedExactness"]: {
        KZC[f"exactness-{name}"] for name in ("more-than", "at-least", "less-than", "at-most")
    },
}


def test_sh_in_lists_are_the_usable_concepts_of_whole_schemes() -> None:
    """A kzc sh:in list holds every concept of the schemes it draws on that data may use.

    A concept with narrower concepts (kzc:exactness-lower-bound) is not used in
    data; a list may span several schemes (a claim's status comes from the legal,
    implementation and political-process schemes), and then its message names each.
    """
    shapes = _shapes_graph()
    concepts = Graph().parse(ROOT / "ontology" / "concepts.ttl", format="turtle")
    broader = set(concepts.objects(None, SKOS.broader))
    usable = {
        scheme: {c for c in concepts.subjects(SKOS.inScheme, scheme) if c not in broader}
        for scheme in concepts.subjects(RDF.type, SKOS.ConceptScheme)
    }
    checked = 0
    for shape, head in shapes.subject_objects(SH["in"]):
        members = set(Collection(shapes, head))
        if not all(isinstance(m, URIRef) and m.startswith(str(KZC)) for m in members):
            continue
        checked += 1
        schemes = {s for m in members for s in concepts.objects(m, SKOS.inScheme)}
        assert len(schemes) >= 1 and all(members & usable[s] for s in schemes), shape
        whole = set().union(*(usable[s] for s in schemes))
        assert members == whole - SCHEME_SUBSETS.get(shape, set()), (
            f"{shape}: sh:in is not the usable concepts of {sorted(schemes)}: "
            f"missing {sorted(whole - members)}, extra {sorted(members - whole)}"
        )
        if len(schemes) > 1:
            message = str(shapes.value(shape, SH.message))
            for scheme in schemes:
                assert f"kzc:{scheme.removeprefix(str(KZC))}" in message, (shape, scheme)
    assert checked >= 7
    status = set(Collection(shapes, shapes.value(KZRSH["ClaimShape-status"], SH["in"])))
    schemes = {s for m in status for s in concepts.objects(m, SKOS.inScheme)}
    assert schemes == {
        KZC["legal-stages"],
        KZC["implementation-stages"],
        KZC["political-processes"],
    }


def _path_properties(shapes: Graph, path: object) -> set[URIRef]:
    """The properties a SHACL path walks: a predicate, a sequence or an inverse path."""
    if isinstance(path, URIRef):
        return {path}
    inverse = shapes.value(path, SH.inversePath)  # type: ignore[arg-type]
    if inverse is not None:
        return _path_properties(shapes, inverse)
    if shapes.value(path, RDF.first) is not None:  # type: ignore[arg-type]
        members = Collection(shapes, path)  # type: ignore[arg-type]
        return set().union(*(_path_properties(shapes, m) for m in members))
    return set()


def test_every_class_and_property_of_the_data_is_covered() -> None:
    shapes = _shapes_graph()
    data = Graph().parse(ROOT / "data" / "statement.ttl", format="turtle")
    covered_classes = set(shapes.objects(None, SH.targetClass))
    paths = shapes.objects(None, SH.path)
    covered_paths = set().union(*(_path_properties(shapes, p) for p in paths))
    classes = set(data.objects(None, RDF.type))
    properties = set(data.predicates()) - {RDF.type}
    assert not sorted(classes - covered_classes), "classes without a targeting shape"
    assert not sorted(properties - covered_paths), "properties without a property shape"


def test_shapes_namespace_terms_are_all_defined() -> None:
    shapes = _shapes_graph()
    defined = set(shapes.subjects(RDF.type, None))
    used = {
        t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(KZRSH))
    }
    assert used <= defined, sorted(used - defined)
