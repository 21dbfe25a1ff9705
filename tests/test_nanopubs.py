"""Nanopublications: assembly, structure rules, and a byte-stable TriG writer."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef

from kzreforms.errors import InputError
from kzreforms.nanopub.assemble import (
    NP,
    build_nanopub,
    check_nanopub,
    nanopub_uri,
    temporary_iris,
    to_trig,
)
from kzreforms.nanopub.trusty import SLASH, artifact_code_of, read_exact, verify_file, verify_trusty

ROOT = Path(__file__).resolve().parents[1]
SUITE = Path(__file__).parent / "nanopubs" / "nanopub-testsuite"
BASE = "https://w3id.org/kzreforms/np/claim-example/"
EX = Namespace("https://example.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")

# Builds one nanopub with blank nodes, several prefixes and literal kinds; run in-process
# and in subprocesses under different hash seeds.
SAMPLE = """
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace
from kzreforms.nanopub.assemble import build_nanopub, temporary_iris, to_trig

def sample(base, **options):
    iris = temporary_iris(base)
    ex = Namespace("https://example.org/")
    prov = Namespace("http://www.w3.org/ns/prov#")
    dct = Namespace("http://purl.org/dc/terms/")
    assertion, provenance, pubinfo = Graph(), Graph(), Graph()
    assertion.bind("ex", ex)
    provenance.bind("prov", prov)
    pubinfo.bind("dct", dct)
    claim, quote = BNode(), BNode()
    assertion.add((claim, RDF.type, ex.Claim))
    assertion.add((claim, ex.minValue, Literal(2501)))
    assertion.add((claim, ex.share, Literal("0.50", datatype=XSD.decimal)))
    assertion.add((claim, ex.words, Literal("more than 2,500 akims", lang="en")))
    assertion.add((claim, ex.about, ex.parliament))
    provenance.add((iris.assertion, prov.wasAttributedTo, ex.speaker))
    provenance.add((iris.assertion, prov.wasDerivedFrom, quote))
    provenance.add((quote, ex.exact, Literal("Строка\\nwith a \\\\ backslash")))
    pubinfo.add((iris.nanopub, dct.created, Literal("2024-05-01T00:00:00Z", datatype=XSD.dateTime)))
    pubinfo.add((iris.nanopub, dct.license, ex.licence))
    pubinfo.add((iris.nanopub, dct.creator, ex.editors))
    return build_nanopub(assertion=assertion, provenance=provenance, pubinfo=pubinfo,
                         base=base, **options)
"""

namespace: dict[str, object] = {}
exec(SAMPLE, namespace)  # the same code the subprocesses run
sample = namespace["sample"]


def test_build_gives_a_trusty_nanopub_with_four_graphs() -> None:
    dataset = sample(BASE)  # type: ignore[operator]
    uri = nanopub_uri(dataset)
    code = artifact_code_of(uri)
    assert code is not None and uri == BASE + code
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {
        f"{uri}#{name}" for name in ("Head", "assertion", "provenance", "pubinfo")
    }
    head = dataset.graph(URIRef(uri + "#Head"))
    assert set(head) == {
        (URIRef(uri), RDF.type, NP.Nanopublication),
        (URIRef(uri), NP.hasAssertion, URIRef(uri + "#assertion")),
        (URIRef(uri), NP.hasProvenance, URIRef(uri + "#provenance")),
        (URIRef(uri), NP.hasPublicationInfo, URIRef(uri + "#pubinfo")),
    }
    assert check_nanopub(dataset) == []
    assert verify_trusty(dataset, uri)
    skolems = {str(s) for s, _, _, _ in dataset.quads((None, None, None, None))}
    assert {f"{uri}#_1", f"{uri}#_2"} <= skolems
    assert not any(isinstance(t, BNode) for q in dataset.quads((None, None, None, None)) for t in q)


def test_slash_style_nanopub() -> None:
    dataset = sample(BASE, style=SLASH)  # type: ignore[operator]
    uri = nanopub_uri(dataset)
    assert URIRef(uri + "/assertion") in {g.identifier for g in dataset.graphs()}
    assert check_nanopub(dataset) == []


def test_trig_round_trip_verifies(tmp_path: Path) -> None:
    dataset = sample(BASE)  # type: ignore[operator]
    data = to_trig(dataset)
    text = data.decode("utf-8")
    order = ["sub:Head {", "sub:assertion {", "sub:provenance {", "sub:pubinfo {"]
    assert [text.index(graph) for graph in order] == sorted(text.index(graph) for graph in order)
    uri = nanopub_uri(dataset)
    assert f"@prefix this: <{uri}> ." in text and f"@prefix sub: <{uri}#> ." in text
    path = tmp_path / "claim-example.trig"
    path.write_bytes(data)
    assert verify_file(path) is True
    assert check_nanopub(read_exact(path)) == []
    back = Dataset()
    back.parse(data=data, format="trig")
    assert set(back.quads((None, None, None, None))) == set(dataset.quads((None, None, None, None)))

    tampered = tmp_path / "tampered.trig"
    tampered.write_bytes(data.replace(b"2501", b"2500"))
    assert verify_file(tampered) is False


def test_trig_is_byte_identical_across_hash_seeds() -> None:
    script = SAMPLE + f"\nimport sys\nsys.stdout.buffer.write(to_trig(sample({BASE!r})))\n"
    outputs = set()
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, timeout=120, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert outputs == {to_trig(sample(BASE))}  # type: ignore[operator]


def _parts() -> tuple[Graph, Graph, Graph]:
    iris = temporary_iris(BASE)
    assertion, provenance, pubinfo = Graph(), Graph(), Graph()
    assertion.add((EX.claim, RDF.type, EX.Claim))
    provenance.add((iris.assertion, PROV.wasAttributedTo, EX.speaker))
    pubinfo.add((iris.nanopub, DCT.license, EX.licence))
    return assertion, provenance, pubinfo


def test_build_refuses_broken_nanopubs() -> None:
    assertion, provenance, pubinfo = _parts()
    with pytest.raises(InputError, match="assertion graph .* is empty"):
        build_nanopub(assertion=Graph(), provenance=provenance, pubinfo=pubinfo, base=BASE)
    unlinked = Graph()
    unlinked.add((EX.someone, RDF.type, EX.Person))
    with pytest.raises(InputError, match="says nothing about the assertion graph"):
        build_nanopub(assertion=assertion, provenance=unlinked, pubinfo=pubinfo, base=BASE)
    with pytest.raises(InputError, match="says nothing about the nanopublication"):
        build_nanopub(assertion=assertion, provenance=provenance, pubinfo=unlinked, base=BASE)
    with pytest.raises(InputError, match="must end with '/'"):
        build_nanopub(
            assertion=assertion, provenance=provenance, pubinfo=pubinfo, base=BASE.rstrip("/")
        )


def test_ill_typed_literal_is_a_problem() -> None:
    assertion, provenance, pubinfo = _parts()
    assertion.add((EX.claim, EX["count"], Literal("two", datatype=XSD.integer)))
    with pytest.raises(InputError, match='"two".* is not a valid value'):
        build_nanopub(assertion=assertion, provenance=provenance, pubinfo=pubinfo, base=BASE)


INVALID = {
    "emptya.trig": "assertion graph .* is empty",
    "emptyprov.trig": "says nothing about the assertion graph",
    "noprovlink.trig": "says nothing about the assertion graph",
    "emptyinfo.trig": "says nothing about the nanopublication",
    "noinfolink.trig": "says nothing about the nanopublication",
    "extragraph.trig": "exactly four graphs",
    "graphs_uris_equal.trig": "four distinct IRIs",
    "assertion_graph_uri_not_matching.trig": "not named under the nanopublication's IRI",
    "illtyped_datatypes_in_assertion.trig": "not a valid value of its datatype",
    "valid_invalid1.trig": "more than one np:Nanopublication",
}


@pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")
@pytest.mark.parametrize(("name", "message"), sorted(INVALID.items()))
def test_published_invalid_nanopubs_are_caught(name: str, message: str) -> None:
    problems = check_nanopub(read_exact(SUITE / "invalid" / "plain" / name))
    assert problems
    assert any(re.search(message, p) for p in problems), problems


def test_graphs_outside_the_trusty_uri_are_caught() -> None:
    problems = check_nanopub(read_exact(SUITE / "invalid/trusty/trusty2.trig"))
    assert problems and all("not named under the nanopublication's IRI" in p for p in problems)


@pytest.mark.parametrize(
    "name", ["valid/plain/simple1.trig", "valid/plain/aida1.trig", "valid/trusty/trusty1.trig"]
)
def test_published_valid_nanopubs_pass(name: str) -> None:
    assert check_nanopub(read_exact(SUITE / name)) == []


def test_default_graph_triples_are_a_problem() -> None:
    dataset = read_exact(SUITE / "valid/plain/simple1.trig")
    dataset.default_graph.add((EX.a, EX.b, EX.c))
    assert any("default graph" in p for p in check_nanopub(dataset))
