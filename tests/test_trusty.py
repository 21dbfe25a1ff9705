"""Trusty URIs (RA): the codes published by the trustyuri and nanopublication projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Dataset, Literal, URIRef

from kzreforms.errors import InputError
from kzreforms.nanopub.trusty import (
    CODE_LENGTH,
    SLASH,
    artifact_code_of,
    digest_input,
    make_trusty,
    read_exact,
    verify_file,
    verify_trusty,
)

HERE = Path(__file__).parent / "nanopubs"
TJ = HERE / "trustyuri-java"
NS = HERE / "nanopub-testsuite"

# Files published as trusty: each must hash to the code in its name or nanopub URI.
VALID = [
    TJ / "nanopub1.RAq2P3suae730r_PPkfdmBhBIpqNO6763sJ0yMQWm6xVg.trig",
    TJ / "nanopub1.RAq2P3suae730r_PPkfdmBhBIpqNO6763sJ0yMQWm6xVg.nq",
    TJ / "nanopub3.RAZgXBFqKI45x1DHmP40hoNj6dneLocMsfhZJJdjOZQSE.trig",
    TJ / "nanopub4.RAGjerlLWh3KiFiYTAQcKycXekeEVZeGq1JSr26KVntSw.trig",
    NS / "valid/trusty/trusty1.trig",
    NS / "valid/trusty/fair-definition-1.trig",
    NS / "valid/signed/simple1.trig",
    NS / "valid/signed/RATq2i1SMq-Ci6-1MAFALTELRRSL7xAsI4iQOC3cgMldE.trig",
]

# (unhashed file, base, expected artifact code, published trusty file or None)
TRANSFORMS = [
    (
        TJ / "nanopub1-pre.trig",
        "http://trustyuri.net/examples/nanopub1",
        "RAq2P3suae730r_PPkfdmBhBIpqNO6763sJ0yMQWm6xVg",
        TJ / "nanopub1.RAq2P3suae730r_PPkfdmBhBIpqNO6763sJ0yMQWm6xVg.trig",
    ),
    (
        TJ / "nanopub3-pre.trig",  # blank nodes become #_1 and #_2
        "http://trustyuri.net/examples/nanopub3",
        "RAZgXBFqKI45x1DHmP40hoNj6dneLocMsfhZJJdjOZQSE",
        TJ / "nanopub3.RAZgXBFqKI45x1DHmP40hoNj6dneLocMsfhZJJdjOZQSE.trig",
    ),
    (
        TJ / "nanopub4-pre.trig",
        "http://trustyuri.net/examples/nanopub4",
        "RAGjerlLWh3KiFiYTAQcKycXekeEVZeGq1JSr26KVntSw",
        TJ / "nanopub4.RAGjerlLWh3KiFiYTAQcKycXekeEVZeGq1JSr26KVntSw.trig",
    ),
    (
        NS / "valid/plain/aida1.trig",
        "http://example.org/nanopub-validator-example/",
        "RAPpJU5UOB4pavfWyk7FE3WQiam5yBpmIlviAQWtBSC4M",
        NS / "valid/trusty/trusty1.trig",
    ),
    (
        # code published in fair-workflows/nanopub tests/testsuite/transform/trusty/simple1.out.code
        NS / "valid/plain/simple1.trig",
        "http://example.org/nanopub-validator-example/",
        "RAtAU6U_xKTH016Eoiu11SswQkBu1elB_3_BoDJWH3arA",
        None,
    ),
]


def _quads(dataset: Dataset) -> set[tuple[object, ...]]:
    return set(dataset.quads((None, None, None, None)))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_published_trusty_files_verify(path: Path) -> None:
    assert verify_file(path) is True


@pytest.mark.parametrize(
    ("pre", "base", "code", "published"), TRANSFORMS, ids=lambda v: str(v)[-24:]
)
def test_make_trusty_reproduces_published_codes(
    pre: Path, base: str, code: str, published: Path | None
) -> None:
    uri, trusty = make_trusty(read_exact(pre), base=base)
    assert artifact_code_of(uri) == code
    assert verify_trusty(trusty, uri)
    if published is not None:
        assert _quads(trusty) == _quads(read_exact(published))


def test_published_tampered_copy_fails() -> None:
    # nanopub-testsuite's copy of trusty1.trig with one character of the assertion changed.
    assert verify_file(NS / "invalid/trusty/trusty1.trig") is False


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_any_change_breaks_verification(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first_literal = text.index('"') + 1
    tampered = tmp_path / path.name
    tampered.write_text(text[:first_literal] + "X" + text[first_literal:], encoding="utf-8")
    assert verify_file(tampered) is False

    dataset = read_exact(path)
    dropped = next(iter(sorted(dataset.quads((None, None, None, None)), key=str)))
    dataset.remove(dropped)
    assert verify_trusty(dataset, _uri_of(path)) is False


def _uri_of(path: Path) -> str:
    dataset = read_exact(path)
    typed = dataset.quads(
        (None, RDF.type, URIRef("http://www.nanopub.org/nschema#Nanopublication"), None)
    )
    return str(next(iter(typed))[0])


def test_file_name_code_must_match_too(tmp_path: Path) -> None:
    source = TJ / "nanopub1.RAq2P3suae730r_PPkfdmBhBIpqNO6763sJ0yMQWm6xVg.trig"
    renamed = tmp_path / "nanopub1.RAq2P3suae730r_PPkfdmBhBIpqNO6763sJ0yMQWm6xVa.trig"
    renamed.write_bytes(source.read_bytes())
    assert verify_file(renamed) is False


def test_exact_lexical_forms_matter() -> None:
    """rdflib's parser rewrites some literals (here an xsd:dateTime); read_exact keeps them."""
    path = NS / "valid/trusty/fair-definition-1.trig"
    via_rdflib = Dataset()
    via_rdflib.parse(path, format="trig")
    assert verify_trusty(via_rdflib, _uri_of(path)) is False
    assert verify_trusty(read_exact(path), _uri_of(path)) is True


def test_code_shape_and_round_trip() -> None:
    data = Dataset()
    data.graph(URIRef("http://ex.org/np/x#g")).add(
        (URIRef("http://ex.org/np/x"), RDF.value, Literal("a\nb\\c", lang="EN"))
    )
    uri, trusty = make_trusty(data, base="http://ex.org/np/x")
    code = artifact_code_of(uri)
    assert code is not None and len(code) == CODE_LENGTH and code.startswith("RA")
    assert set(code[2:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    # a base ending in a letter gets a '.'; a '#' in the rest is escaped
    assert uri == f"http://ex.org/np/x.{code}"
    assert _graph_names(trusty) == {f"{uri}#%23g"}
    assert verify_trusty(trusty, uri)

    # a base holding a '#' gets no '.', and '.' (not a second '#') after the code
    uri, trusty = make_trusty(data, base="http://ex.org/np/x#")
    assert uri.startswith("http://ex.org/np/x#RA")
    assert _graph_names(trusty) == {f"{uri}.g"}
    assert verify_trusty(trusty, uri)


def _graph_names(dataset: Dataset) -> set[str]:
    return {str(g.identifier) for g in dataset.graphs() if len(g)}


def test_rewriting_rules() -> None:
    base = "http://ex.org/np/"
    other = URIRef("http://other.org/thing")
    already = URIRef(base + "RAPpJU5UOB4pavfWyk7FE3WQiam5yBpmIlviAQWtBSC4M")
    data = Dataset()
    graph = data.graph(URIRef(base + "g"))
    graph.add((URIRef(base), RDF.value, other))
    graph.add((URIRef(base + "_x"), RDF.value, already))
    graph.add((URIRef(base + "a#b"), RDF.value, BNode()))
    uri, trusty = make_trusty(data, base=base)
    code = uri.removeprefix(base)
    objects = {str(o) for _, _, o, _ in trusty.quads((None, None, None, None))}
    subjects = {str(s) for s, _, _, _ in trusty.quads((None, None, None, None))}
    assert str(other) in objects and str(already) in objects
    assert subjects == {uri, f"{uri}#__x", f"{uri}#a%23b"}
    assert f"{base}{code}#_1" in objects


def test_slash_style() -> None:
    data = Dataset()
    data.graph(URIRef("https://ex.org/np/x/assertion")).add(
        (BNode(), RDF.type, URIRef("https://ex.org/T"))
    )
    uri, trusty = make_trusty(data, base="https://ex.org/np/x/", style=SLASH)
    assert _graph_names(trusty) == {f"{uri}/assertion"}
    assert {str(s) for s, _, _, _ in trusty.quads((None, None, None, None))} == {f"{uri}/_1"}
    assert verify_trusty(trusty, uri)


def test_blank_node_labels_and_order_do_not_matter() -> None:
    def build(labels: tuple[str, str], reverse: bool) -> str:
        a, b = BNode(labels[0]), BNode(labels[1])
        triples = [
            (a, URIRef("http://ex.org/p"), b),
            (a, RDF.type, URIRef("http://ex.org/A")),
            (b, RDF.type, URIRef("http://ex.org/B")),
        ]
        data = Dataset()
        for triple in reversed(triples) if reverse else triples:
            data.graph(URIRef("http://ex.org/np#a")).add(triple)
        return make_trusty(data, base="http://ex.org/np")[0]

    assert build(("x", "y"), False) == build(("zz", "aa"), True)


def test_sorts_like_java_strings() -> None:
    """Java compares UTF-16 code units: U+1F600 (a surrogate pair) sorts before U+FFFD."""
    quads = [
        (None, URIRef("urn:s"), URIRef("urn:p"), Literal("\ufffd")),
        (None, URIRef("urn:s"), URIRef("urn:p"), Literal("\U0001f600")),
    ]
    text = digest_input(quads).decode("utf-8")
    assert text.index("\U0001f600") < text.index("\ufffd")


def test_literal_lines() -> None:
    quads = [
        (URIRef("urn:g"), URIRef("urn:s"), URIRef("urn:p"), Literal("a\\b\nc", lang="de-DE")),
        (
            URIRef("urn:g"),
            URIRef("urn:s"),
            URIRef("urn:p"),
            Literal("1", datatype=URIRef("urn:dt")),
        ),
        (URIRef("urn:g"), URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")),
    ]
    assert digest_input(quads) == (
        b"urn:g\nurn:s\nurn:p\nurn:o\n"
        b"urn:g\nurn:s\nurn:p\n^urn:dt 1\n"
        b"urn:g\nurn:s\nurn:p\n@de-de a\\\\b\\nc\n"
    )


def test_bad_input() -> None:
    with pytest.raises(InputError, match="not an absolute IRI"):
        make_trusty(Dataset(), base="np1")
    spaced = Dataset()
    spaced.add((URIRef("http://ex.org/a b"), RDF.value, Literal(1)))
    with pytest.raises(InputError, match="whitespace"):
        make_trusty(spaced, base="http://ex.org/")
    with pytest.raises(InputError, match="RA artifact code"):
        verify_trusty(Dataset(), "http://ex.org/np1")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_exact(tmp_path / "missing.trig")
    broken = tmp_path / "broken.trig"
    broken.write_text("<urn:g> { <urn:a> <urn:b> ", encoding="utf-8")
    with pytest.raises(InputError, match="broken.trig: not valid"):
        read_exact(broken)
    with pytest.raises(InputError, match="unknown RDF syntax"):
        read_exact(tmp_path / "x.docx")
    plain = tmp_path / "plain.trig"
    plain.write_text("<urn:g> { <urn:a> <urn:b> <urn:c> . }", encoding="utf-8")
    with pytest.raises(InputError, match="no Trusty URI found"):
        verify_file(plain)
