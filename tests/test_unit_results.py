"""Unit tests of result rendering: ``QueryResult.serialize`` for real rdflib query results.

The formats are the W3C's: SPARQL 1.1 Query Results JSON Format
(https://www.w3.org/TR/sparql11-results-json/) and SPARQL 1.1 Query Results CSV and
TSV Formats (https://www.w3.org/TR/sparql11-results-csv-tsv/). Each result comes from
rdflib's own engine over a small graph, through the same conversion ``query`` uses;
where rdflib has a parser for the format, the output is read back with it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal

import pytest
from rdflib import XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.query import Result

from kzreforms.errors import QueryError
from kzreforms.sparql import QueryResult, _convert

EX = Namespace("http://example.org/")


def run(graph: Graph, sparql: str, prefixes: tuple[tuple[str, str], ...] = ()) -> QueryResult:
    """The result of ``sparql`` over ``graph``, as :func:`kzreforms.query` builds it."""
    result = _convert(graph.query(sparql), sparql)
    return dataclasses.replace(result, prefixes=prefixes)


def one_column(*values: URIRef | BNode | Literal | None) -> QueryResult:
    """A SELECT result with one variable ``?v`` holding ``values`` in order (None: unbound)."""
    graph = Graph()
    for index, value in enumerate(values):
        graph.add((EX[f"row{index}"], EX.order, Literal(index)))
        if value is not None:
            graph.add((EX[f"row{index}"], EX.value, value))
    return run(
        graph,
        "SELECT ?v WHERE { ?row <http://example.org/order> ?i "
        "OPTIONAL { ?row <http://example.org/value> ?v } } ORDER BY ?i",
    )


def reparse(text: str, format: str) -> list[tuple[object, ...]]:
    """The rows of ``text`` read by rdflib's own parser for ``format`` (unbound: None)."""
    result = Result.parse(io.StringIO(text), format=format)
    variables = result.vars or []
    return [tuple(binding.get(v) for v in variables) for binding in result.bindings]


# --------------------------------------------------------------------------- JSON


def test_json_terms_follow_the_results_json_format() -> None:
    result = one_column(
        EX.thing,
        BNode("b1"),
        Literal("plain"),
        Literal("chat", lang="fr"),
        Literal(42),
        Literal("x", datatype=EX.dt),
        None,
    )
    document = json.loads(result.serialize("json"))
    assert document["head"] == {"vars": ["v"]}
    assert document["results"]["bindings"] == [
        {"v": {"type": "uri", "value": "http://example.org/thing"}},
        {"v": {"type": "bnode", "value": "b1"}},
        {"v": {"type": "literal", "value": "plain"}},
        {"v": {"type": "literal", "value": "chat", "xml:lang": "fr"}},
        {"v": {"type": "literal", "value": "42", "datatype": str(XSD.integer)}},
        {"v": {"type": "literal", "value": "x", "datatype": "http://example.org/dt"}},
        {},  # an unbound variable is left out of its binding
    ]


def test_json_reads_back_as_the_same_terms() -> None:
    values = (EX.thing, Literal("chat", lang="fr"), Literal("5", datatype=XSD.decimal), None)
    text = one_column(*values).serialize("json")
    assert reparse(text, "json") == [(value,) for value in values]


def test_json_is_indented_utf8_text_ending_in_a_newline() -> None:
    text = one_column(Literal("Қазақстан")).serialize("json")
    assert "Қазақстан" in text  # not \u escapes
    assert text.endswith("}\n")
    assert text.startswith('{\n  "head": {\n    "vars": [\n      "v"\n    ]\n  },\n')


def test_json_head_lists_variables_in_query_order() -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, EX.b))
    result = run(graph, "SELECT ?z ?a ?m WHERE { ?a ?m ?z }")
    assert json.loads(result.serialize("json"))["head"] == {"vars": ["z", "a", "m"]}
    star = run(graph, "SELECT * WHERE { ?s ?p ?o }")
    assert json.loads(star.serialize("json"))["head"] == {"vars": ["s", "p", "o"]}


@pytest.mark.parametrize("answer", [True, False])
def test_json_ask_has_an_empty_head_and_a_boolean(answer: bool) -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, EX.b))
    target = "<http://example.org/b>" if answer else "<http://example.org/nothing>"
    result = run(graph, f"ASK {{ ?s ?p {target} }}")
    assert result.boolean is answer
    text = result.serialize("json")
    assert json.loads(text) == {"head": {}, "boolean": answer}
    assert text == f'{{\n  "head": {{}},\n  "boolean": {str(answer).lower()}\n}}\n'


# --------------------------------------------------------------------------- TSV


def test_tsv_header_and_terms_in_turtle_syntax() -> None:
    text = one_column(
        EX.thing,
        BNode("b1"),
        Literal("plain"),
        Literal("chat", lang="fr"),
        Literal("x", datatype=EX.dt),
        None,
    ).serialize("tsv")
    assert text.split("\n") == [
        "?v",
        "<http://example.org/thing>",
        "_:b1",
        '"plain"',
        '"chat"@fr',
        '"x"^^<http://example.org/dt>',
        "",  # unbound: an empty field
        "",  # the last line ends in a newline
    ]


def test_tsv_unbound_cells_are_empty_between_tabs() -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, EX.b))
    result = run(graph, "SELECT ?x ?s ?y WHERE { ?s ?p ?o OPTIONAL { ?s <urn:no> ?x, ?y } }")
    assert result.serialize("tsv") == "?x\t?s\t?y\n\t<http://example.org/a>\t\n"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (Literal("tab\there"), '"tab\\there"'),
        (Literal("line\nbreak"), '"line\\nbreak"'),
        (Literal("carriage\rreturn"), '"carriage\\rreturn"'),
        (Literal("back\\slash"), '"back\\\\slash"'),
        (Literal('say "hi"'), '"say \\"hi\\""'),
        (Literal("a\nb\tc", lang="en"), '"a\\nb\\tc"@en'),
    ],
)
def test_tsv_escapes_literals_in_the_single_quoted_form(value: Literal, cell: str) -> None:
    # SPARQL 1.1 CSV/TSV §4: "the triple quoted forms ... must not be used";
    # tabs and newlines are escaped so each row stays one line of tab-separated fields.
    text = one_column(value).serialize("tsv")
    assert text == f"?v\n{cell}\n"
    assert reparse(text, "tsv") == [(value,)]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (Literal(42), "42"),
        (Literal("-7", datatype=XSD.integer), "-7"),
        (Literal("1.5", datatype=XSD.decimal), "1.5"),
        (Literal(1.5e300), "1.5e+300"),
        (Literal(True), "true"),
        # Bare, these would read back as other terms (an integer, a decimal, not a boolean).
        (Literal("5", datatype=XSD.decimal), '"5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
        # rdflib writes doubles without an exponent ("1.5E3" is "1500.0"): a decimal, bare.
        (
            Literal("1.5E3", datatype=XSD.double),
            '"1500.0"^^<http://www.w3.org/2001/XMLSchema#double>',
        ),
        (
            Literal("1", datatype=XSD.boolean, normalize=False),
            '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>',
        ),
        (Literal("2022", datatype=XSD.gYear), '"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
    ],
)
def test_tsv_numbers_are_bare_only_when_they_read_back_the_same(value: Literal, cell: str) -> None:
    text = one_column(value).serialize("tsv")
    assert text == f"?v\n{cell}\n"
    (row,) = reparse(text, "tsv")
    assert row == (value,)
    assert row[0].datatype == value.datatype


def test_tsv_keeps_an_iri_with_a_tab_on_one_line_of_one_field() -> None:
    text = one_column(URIRef("urn:a\tb\nc"), Literal("x")).serialize("tsv")
    assert text == '?v\n<urn:a\\tb\\nc>\n"x"\n'


def test_tsv_reads_back_as_the_same_rows() -> None:
    values = (EX.thing, Literal("x\ty\nz"), Literal("chat", lang="fr"), Literal(42))
    text = one_column(*values).serialize("tsv")
    assert reparse(text, "tsv") == [(value,) for value in values]


@pytest.mark.parametrize(("answer", "word"), [(True, "true"), (False, "false")])
def test_tsv_and_csv_ask(answer: bool, word: str) -> None:
    result = QueryResult(kind="ASK", boolean=answer)
    assert result.serialize("tsv") == f"?boolean\n{word}\n"
    assert result.serialize("csv") == f"boolean\r\n{word}\r\n"


# --------------------------------------------------------------------------- CSV


def test_csv_gives_plain_strings_without_types() -> None:
    text = one_column(
        EX.thing,
        BNode("b1"),
        Literal("chat", lang="fr"),
        Literal(42),
        Literal("x", datatype=EX.dt),
        None,
    ).serialize("csv")
    # The unbound last row is an empty field, quoted so that readers do not skip the line.
    assert text == 'v\r\nhttp://example.org/thing\r\n_:b1\r\nchat\r\n42\r\nx\r\n""\r\n'


def test_csv_quotes_fields_with_commas_quotes_and_newlines() -> None:
    text = one_column(
        Literal("a,b"), Literal('say "hi"'), Literal("line\nbreak"), Literal("plain")
    ).serialize("csv")
    assert text == 'v\r\n"a,b"\r\n"say ""hi"""\r\n"line\nbreak"\r\nplain\r\n'
    assert list(csv.reader(io.StringIO(text))) == [
        ["v"],
        ["a,b"],
        ['say "hi"'],
        ["line\nbreak"],
        ["plain"],
    ]


def test_csv_header_has_no_question_marks_and_keeps_column_order() -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, Literal("o")))
    result = run(
        graph, "SELECT ?o ?nothing ?s WHERE { ?s ?p ?o OPTIONAL { ?s <urn:no> ?nothing } }"
    )
    assert result.serialize("csv") == "o,nothing,s\r\no,,http://example.org/a\r\n"


# --------------------------------------------------------------------------- table


def test_table_shortens_iris_with_the_longest_namespace() -> None:
    graph = Graph()
    graph.add((URIRef("http://example.org/onto#Claim"), EX.p, URIRef("http://example.org/x")))
    prefixes = (("ex", "http://example.org/"), ("onto", "http://example.org/onto#"))
    for order in (prefixes, prefixes[::-1]):
        result = run(graph, "SELECT ?s ?o WHERE { ?s ?p ?o }", prefixes=order)
        assert result.serialize("table").splitlines()[2] == "onto:Claim | ex:x"


def test_table_keeps_iris_that_no_prefix_shortens_cleanly() -> None:
    prefixes = (("ex", "http://example.org/"), ("exa", "http://example.org/a/"))
    result = dataclasses.replace(
        one_column(
            URIRef("http://example.org/a/b"),  # exa:b, not ex:a/b
            URIRef("http://example.org/a/b/c"),  # a local part with a slash: keep the IRI
            URIRef("http://example.org/"),  # nothing after the namespace: keep the IRI
            URIRef("urn:other"),
        ),
        prefixes=prefixes,
    )
    assert result.serialize("table").splitlines()[2:6] == [
        "exa:b",
        "http://example.org/a/b/c",
        "http://example.org/",
        "urn:other",
    ]


def test_table_layout_pads_columns_and_counts_rows() -> None:
    graph = Graph()
    graph.add((EX.a, EX.label, Literal("two  words\nand\ta line")))
    graph.add((EX.b, EX.label, Literal("x")))
    result = run(
        graph,
        "SELECT ?label ?s WHERE { ?s <http://example.org/label> ?label } ORDER BY ?s",
        prefixes=(("ex", str(EX)),),
    )
    assert result.serialize("table") == (
        "label                | s\n"
        "---------------------+-----\n"
        "two words and a line | ex:a\n"
        "x                    | ex:b\n"
        "(2 rows)\n"
    )


def test_table_row_count_is_singular_for_one_and_plural_for_none() -> None:
    assert one_column(Literal("x")).serialize("table").endswith("\n(1 row)\n")
    assert one_column(Literal("x")).serialize().endswith("\n(1 row)\n")  # table by default
    graph = Graph()
    empty = run(graph, "SELECT ?nothing WHERE { ?nothing ?p ?o }")
    assert empty.serialize("table") == "nothing\n-------\n(0 rows)\n"


def test_a_solution_binding_none_of_the_variables_is_still_a_row() -> None:
    # rdflib's result iterator drops such a solution; SPARQL 1.1 §18.5 keeps it.
    result = run(Graph(), "SELECT ?x WHERE { OPTIONAL { ?s <urn:no> ?x } }")
    assert result.rows == ({"x": None},)
    assert result.serialize("csv") == 'x\r\n""\r\n'
    assert result.serialize("tsv") == "?x\n\n"
    assert json.loads(result.serialize("json"))["results"] == {"bindings": [{}]}


def test_table_ask_says_yes_or_no() -> None:
    assert QueryResult(kind="ASK", boolean=True).serialize("table") == "yes\n"
    assert QueryResult(kind="ASK", boolean=False).serialize("table") == "no\n"


# --------------------------------------------------------------------------- graphs, errors


def test_construct_prints_turtle_and_refuses_table_formats() -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, EX.b))
    result = run(graph, "CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }")
    assert result.kind == "CONSTRUCT"
    text = result.serialize("table")
    assert set(Graph().parse(data=text, format="turtle")) == {(EX.b, EX.p, EX.a)}
    with pytest.raises(QueryError) as caught:
        result.serialize("csv")
    assert str(caught.value) == (
        "a CONSTRUCT query gives a graph, not a table: leave out format='csv' "
        "(the graph prints as Turtle)"
    )


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(QueryError) as caught:
        one_column(Literal("x")).serialize("xml")
    assert str(caught.value) == "unknown result format 'xml': choose one of table, csv, tsv, json"


# --------------------------------------------------------------------------- rows as Python values


def test_rows_hold_plain_python_values_and_terms_keep_the_rdf_terms() -> None:
    values = (
        EX.thing,
        BNode("b1"),
        Literal("chat", lang="fr"),
        Literal(42),
        Literal("1.5", datatype=XSD.decimal),
        Literal(True),
        Literal("x", datatype=EX.dt),  # no Python type for it: its text
        None,
    )
    result = one_column(*values)
    assert result.kind == "SELECT"
    assert result.variables == ("v",)
    assert [row["v"] for row in result.rows] == [
        "http://example.org/thing",
        "_:b1",
        "chat",
        42,
        Decimal("1.5"),
        True,
        "x",
        None,
    ]
    assert [type(row["v"]) for row in result.rows[:4]] == [str, str, str, int]
    assert [row["v"] for row in result.terms] == list(values)


def test_without_the_query_text_variables_come_in_name_order() -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, EX.b))
    result = _convert(graph.query("SELECT ?z ?a WHERE { ?a ?p ?z }"))
    assert result.variables == ("a", "z")


def test_describe_gives_a_graph_printed_as_turtle() -> None:
    graph = Graph()
    graph.add((EX.a, EX.p, EX.b))
    graph.add((EX.c, EX.p, EX.d))
    result = run(graph, "DESCRIBE <http://example.org/a>")
    assert (result.kind, result.variables, result.rows) == ("DESCRIBE", (), ())
    text = result.serialize()
    assert set(Graph().parse(data=text, format="turtle")) == {(EX.a, EX.p, EX.b)}
    with pytest.raises(QueryError, match="^a DESCRIBE query gives a graph, not a table"):
        result.serialize("json")
