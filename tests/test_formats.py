"""Exports people can rely on: round trips, determinism, JSON-LD context and datatypes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kzreforms
from kzreforms.formats import FORMATS

ROOT = Path(__file__).resolve().parents[1]


def _parse(text: str, name: str) -> Dataset:
    """Parse an export the way a user would, with the context resolved locally."""
    suffix = FORMATS[name].extension
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"kzreforms-roundtrip-{os.getpid()}{suffix}"
    path.write_text(text, encoding="utf-8")
    try:
        return kzreforms.load([path])
    finally:
        path.unlink()


def _graph_map(dataset: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


@pytest.mark.parametrize("name", list(FORMATS))
@pytest.mark.parametrize("selection", ["data", "ontology", "shapes", "all"])
def test_every_format_round_trips_isomorphically(name: str, selection: str) -> None:
    source = kzreforms.load()
    text = kzreforms.export(source, format=name, graph=selection)
    back = _parse(text, name)
    expected = kzreforms.select(source, selection)
    assert isomorphic(kzreforms.select(back, "all"), expected)
    if FORMATS[name].quads and selection == "all":
        # Quad formats keep every named graph apart.
        originals = _graph_map(source)
        copies = _graph_map(back)
        assert sorted(copies) == sorted(originals)
        for iri, graph in originals.items():
            assert isomorphic(copies[iri], graph), iri


@pytest.mark.parametrize("name", list(FORMATS))
def test_user_file_round_trips_with_blank_nodes(name: str, sample_file: Path) -> None:
    source = kzreforms.load([sample_file])
    back = _parse(kzreforms.export(source, format=name), name)
    assert isomorphic(kzreforms.select(back), Graph().parse(sample_file))


def test_turtle_is_readable() -> None:
    text = kzreforms.export(graph="data", format="turtle")
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes)
    declared = {line.split()[1].rstrip(":") for line in prefixes}
    body = text.split("\n\n", 1)[1]
    for prefix in declared:
        assert f"{prefix}:" in body, f"prefix {prefix} declared but not used"
    assert "ns1:" not in text


def test_jsonld_is_compact_and_refers_to_the_context_by_iri() -> None:
    document = json.loads(kzreforms.export(format="json-ld", graph="data"))
    assert document["@context"] == kzreforms.CONTEXT_IRI
    assert "@graph" in document
    text = json.dumps(document)
    assert "https://w3id.org/kzreforms/ontology#" not in text  # terms, not full IRIs


def test_jsonld_inline_context_on_request() -> None:
    document = json.loads(kzreforms.export(format="json-ld", graph="data", inline_context=True))
    assert isinstance(document["@context"], dict)
    back = Graph().parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(back, kzreforms.select(kzreforms.load(), "data"))


def test_jsonld_keeps_decimals_language_tags_and_datatypes(sample_file: Path) -> None:
    text = kzreforms.export(kzreforms.load([sample_file]), format="json-ld")
    back = kzreforms.select(_parse(text, "json-ld"))
    ex = "http://example.org/"
    share = back.value(URIRef(ex + "referendum"), URIRef(ex + "share"))
    assert share == Literal("77.18", datatype=XSD.decimal)
    assert share.toPython() == Decimal("77.18")
    assert back.value(URIRef(ex + "referendum"), URIRef(ex + "year")).datatype == XSD.gYear
    labels = set(back.objects(URIRef(ex + "referendum"), URIRef(ex + "label")))
    assert Literal("Référendum – “2022”", lang="fr") in labels


def test_packaged_decimals_survive_jsonld() -> None:
    source = kzreforms.select(kzreforms.load(), "data")
    decimals = {o for o in source.objects() if isinstance(o, Literal) and o.datatype == XSD.decimal}
    assert decimals, "the statement's shares are xsd:decimal"
    back = kzreforms.select(_parse(kzreforms.export(format="json-ld", graph="data"), "json-ld"))
    assert decimals <= set(back.objects())


def _digest_in_subprocess(seed: str, name: str) -> str:
    code = (
        "import hashlib, kzreforms;"
        f"print(hashlib.sha256(kzreforms.export(format={name!r}).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return out.stdout.strip()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FORMATS))
def test_exports_are_byte_identical_whatever_the_hash_seed(name: str) -> None:
    digests = {_digest_in_subprocess(seed, name) for seed in ("0", "1", "2", "3", "12345")}
    assert len(digests) == 1


@pytest.mark.slow
def test_user_blank_nodes_are_stable_across_hash_seeds(sample_file: Path) -> None:
    code = (
        "import sys, kzreforms;"
        "sys.stdout.write(kzreforms.export(kzreforms.load([sys.argv[1]]), format='nt'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(sample_file)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("0", "7", "99")
    }
    assert len(outputs) == 1


# Any label or number survives Turtle -> JSON-LD -> Turtle.
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
_languages = st.sampled_from(["en", "kk", "ru", "en-GB", "kk-Cyrl"])
_literals = st.one_of(
    st.builds(lambda t, lang: Literal(t, lang=lang), _texts, _languages),
    st.builds(Literal, _texts),
    st.builds(
        lambda d: Literal(d, datatype=XSD.decimal),
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
    ),
    st.builds(Literal, st.integers(min_value=-(10**12), max_value=10**12)),
    st.builds(lambda y: Literal(f"{y:04d}", datatype=XSD.gYear), st.integers(1000, 2999)),
    st.builds(Literal, st.booleans()),
    # Lexical forms that rdflib's own shorthand would rewrite: the terms must survive as they are.
    st.builds(lambda i: Literal(str(i), datatype=XSD.decimal), st.integers(-(10**6), 10**6)),
    st.sampled_from(
        [
            Literal("1.5E3", datatype=XSD.double),
            Literal("1", datatype=XSD.boolean),
            Literal("007", datatype=XSD.integer),
            Literal("5.", datatype=XSD.decimal),
            Literal("INF", datatype=XSD.double),
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(_literals, min_size=1, max_size=5))
def test_any_literal_survives_turtle_jsonld_turtle(tmp_path: Path, values: list[Literal]) -> None:
    graph = Graph()
    for index, value in enumerate(values):
        graph.add((URIRef(f"urn:s{index}"), URIRef("http://example.org/p"), value))
    source = tmp_path / "in.nt"  # rdflib's N-Triples writer keeps every lexical form
    source.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    turtle = tmp_path / "in.ttl"
    turtle.write_text(kzreforms.export(kzreforms.load([source]), format="turtle"), "utf-8")
    jsonld = tmp_path / "mid.jsonld"
    jsonld.write_text(kzreforms.export(kzreforms.load([turtle]), format="json-ld"), "utf-8")
    as_turtle = kzreforms.export(kzreforms.load([jsonld]), format="turtle")
    assert isomorphic(Graph().parse(data=as_turtle, format="turtle"), graph)
