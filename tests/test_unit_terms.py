"""kzreforms.terms: pyoxigraph terms as rdflib terms, and Turtle's shorthand for literals."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Literal, URIRef

from kzreforms.terms import (
    NotRdflibTerm,
    is_shorthand,
    rdflib_converter,
    rdflib_quads,
    rdflib_term,
)

INTEGER = ox.NamedNode(str(XSD.integer))


def test_iri_and_default_graph() -> None:
    assert rdflib_term(ox.NamedNode("https://example.org/a")) == URIRef("https://example.org/a")
    assert type(rdflib_term(ox.NamedNode("https://example.org/a"))) is URIRef
    assert rdflib_term(ox.DefaultGraph()) is None


def test_plain_string_has_no_datatype_and_tags_stay() -> None:
    plain = rdflib_term(ox.Literal("x"))
    assert isinstance(plain, Literal)
    assert plain.datatype is None and plain.language is None
    tagged = rdflib_term(ox.Literal("x", language="kk"))
    assert tagged == Literal("x", lang="kk")


def test_normalize_rewrites_the_lexical_form_only_when_asked() -> None:
    node = ox.Literal("05", datatype=INTEGER)
    assert str(rdflib_term(node)) == "5"
    kept = rdflib_term(node, normalize=False)
    assert str(kept) == "05" and kept.datatype == XSD.integer  # type: ignore[union-attr]
    assert str(rdflib_converter(normalize=False)(ox.Literal("x", language="en"))) == "x"


def test_blank_nodes_keep_their_label_or_are_fresh() -> None:
    node = ox.BlankNode("b1")
    assert rdflib_term(node) == BNode("b1")
    fresh = rdflib_converter(fresh_blanks=True)
    first = fresh(node)
    assert first != BNode("b1") and isinstance(first, BNode)
    assert fresh(ox.BlankNode("b1")) is first  # one label, one node within a converter
    assert rdflib_converter(fresh_blanks=True)(node) != first  # another file, another node


def test_equal_terms_are_one_object() -> None:
    convert = rdflib_converter()
    iri = "https://example.org/a"
    assert convert(ox.NamedNode(iri)) is convert(ox.NamedNode(iri))
    assert convert(ox.Literal("1", datatype=INTEGER)) is convert(ox.Literal("1", datatype=INTEGER))


def test_quads_name_their_graph_or_none() -> None:
    text = '<urn:s> <urn:p> "o" .\n<urn:s> <urn:p> _:b <urn:g> .\n'
    quads = rdflib_quads(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    assert quads[0] == (URIRef("urn:s"), URIRef("urn:p"), Literal("o"), None)
    assert quads[1][3] == URIRef("urn:g") and isinstance(quads[1][2], BNode)


def test_a_triple_term_is_refused_with_the_term() -> None:
    triple = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"))
    with pytest.raises(NotRdflibTerm) as caught:
        rdflib_term(triple)
    assert caught.value.term == triple
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("lexical", "datatype", "bare"),
    [
        ("5", XSD.integer, True),
        ("-5", XSD.integer, True),
        ("5", XSD.decimal, False),
        ("5.0", XSD.decimal, True),
        (".5", XSD.decimal, True),
        ("1e3", XSD.double, True),
        ("1.5", XSD.double, False),
        ("true", XSD.boolean, True),
        ("1", XSD.boolean, False),
        ("5", XSD.nonNegativeInteger, False),
        ("5", None, False),
    ],
)
def test_shorthand(lexical: str, datatype: URIRef | None, bare: bool) -> None:
    assert is_shorthand(Literal(lexical, datatype=datatype, normalize=False)) is bare


def test_a_tagged_string_is_never_shorthand() -> None:
    assert not is_shorthand(Literal("5", lang="en"))
