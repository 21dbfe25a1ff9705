"""Exports people can rely on: round trips, determinism, JSON-LD context and datatypes."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

import kzreforms
from kzreforms.cli import cli
from kzreforms.formats import FORMATS
from kzreforms.vocab import KZR

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
    text = kzreforms.export(source, format=name, graphs=selection)
    back = _parse(text, name)
    expected = kzreforms.select(source, graphs=selection)
    assert isomorphic(kzreforms.select(back, graphs="all"), expected)
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
    text = kzreforms.export(graphs="data", format="turtle")
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes)
    declared = {line.split()[1].rstrip(":") for line in prefixes}
    body = text.split("\n\n", 1)[1]
    for prefix in declared:
        assert f"{prefix}:" in body, f"prefix {prefix} declared but not used"
    assert "ns1:" not in text


def test_jsonld_is_compact_and_embeds_its_context() -> None:
    document = json.loads(kzreforms.export(format="json-ld", graphs="data"))
    assert (
        document["@context"]
        == json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))[
            "@context"
        ]
    )
    assert "@graph" in document
    body = json.dumps(document["@graph"])
    assert "https://w3id.org/kzreforms/ontology#" not in body  # terms, not full IRIs


def test_jsonld_refers_to_a_published_context_on_request() -> None:
    url = "https://example.org/ctx.jsonld"
    document = json.loads(kzreforms.export(format="json-ld", graphs="data", context_url=url))
    assert document["@context"] == url
    framed = json.loads(kzreforms.export(format="jsonld-framed", graphs="data", context_url=url))
    assert framed["@context"][0] == url and framed["@context"][1]["@language"] == "en"


def test_the_format_name_types_list_exactly_the_formats_and_aliases() -> None:
    from typing import get_args

    from kzreforms.formats import (
        ALIASES,
        REPORT_FORMATS,
        RESULT_FORMATS,
        FormatName,
        InputFormatName,
        format_names,
        input_format_names,
    )

    assert sorted(get_args(FormatName)) == format_names() == sorted({*FORMATS, *ALIASES})
    inputs = {name for arg in get_args(InputFormatName) for name in get_args(arg)}
    assert sorted(inputs) == sorted(input_format_names())
    assert RESULT_FORMATS == ("table", "csv", "tsv", "json")
    assert REPORT_FORMATS == ("text", "turtle", "json")


def test_a_bad_context_url_is_refused() -> None:
    with pytest.raises(kzreforms.InputError, match="context_url"):
        kzreforms.export(format="json-ld", context_url="not an iri")


def test_kzreforms_still_reads_files_naming_the_project_context(
    tmp_path: Path, no_network: None
) -> None:
    text = kzreforms.export(format="json-ld", graphs="all", context_url=kzreforms.CONTEXT_IRI)
    assert json.loads(text)["@context"] == kzreforms.CONTEXT_IRI
    path = tmp_path / "old.jsonld"
    path.write_text(text, encoding="utf-8")
    back = kzreforms.load([path])  # the IRI resolves to the packaged file, never fetched
    copies, originals = _graph_map(back), _graph_map(kzreforms.load())
    assert sorted(copies) == sorted(originals)
    for iri, graph in originals.items():
        assert isomorphic(copies[iri], graph), iri


def test_cli_context_url_and_inline_context(runner: CliRunner, tmp_path: Path) -> None:
    url = "https://example.org/ctx.jsonld"
    result = runner.invoke(cli, ["export", "-f", "json-ld", "-g", "data", "--context-url", url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["@context"] == url
    result = runner.invoke(cli, ["export", "-f", "json-ld", "-g", "data", "--inline-context"])
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.output)["@context"], dict)
    both = ["export", "-f", "json-ld", "--inline-context", "--context-url", url]
    result = runner.invoke(cli, both)
    assert result.exit_code == 2 and "not both" in result.output
    result = runner.invoke(cli, ["export", "-f", "json-ld", "--context-url", "no iri"])
    assert result.exit_code == 3 and result.output.startswith("Error: --context-url 'no iri'")


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
    source = kzreforms.select(kzreforms.load(), graphs="data")
    decimals = {o for o in source.objects() if isinstance(o, Literal) and o.datatype == XSD.decimal}
    assert decimals, "the statement's shares are xsd:decimal"
    back = kzreforms.select(_parse(kzreforms.export(format="json-ld", graphs="data"), "json-ld"))
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


@pytest.mark.slow
@pytest.mark.parametrize("name", ["turtle", "trig", "xml"])
def test_generated_prefixes_are_stable_across_hash_seeds(name: str, tmp_path: Path) -> None:
    """N-Triples without prefixes: the writers' ns1, ns2, … are numbered the same every run."""
    source = tmp_path / "bare.nt"
    source.write_text(
        "".join(
            f"<http://example.org/{n}/s> <http://vocab{n}.example/p> <http://example.org/o> .\n"
            for n in range(12)
        ),
        encoding="utf-8",
    )
    code = (
        "import sys, kzreforms;"
        f"sys.stdout.write(kzreforms.export(kzreforms.load([sys.argv[1]]), format={name!r}))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(source)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("0", "7", "99", "12345")
    }
    assert len(outputs) == 1
    assert "ns1" in next(iter(outputs))


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


# --------------------------------------------------------------------------- JSON-LD offline
# Every JSON-LD output parses with the network refused, in three independent processors,
# to the same graphs as the N-Quads export.


def _refuse_document(url: str, options: object = None) -> Any:
    raise OSError(f"the test refuses to load {url}")


def _nquads_graphs(text: str) -> dict[str, Graph]:
    dataset = Dataset()
    dataset.parse(data=text, format="nquads")
    return _graph_map(dataset)


def _by_rdflib(text: str) -> dict[str, Graph]:
    dataset = Dataset()
    dataset.parse(data=text, format="json-ld")
    return _graph_map(dataset)


def _by_pyld(text: str) -> dict[str, Graph]:
    options = {"format": "application/n-quads", "documentLoader": _refuse_document}
    return _nquads_graphs(jsonld.to_rdf(json.loads(text), options))


def _by_oxigraph(text: str) -> dict[str, Graph]:
    quads = ox.parse(text, format=ox.RdfFormat.JSON_LD)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return _nquads_graphs(data.decode("utf-8"))


PARSERS: dict[str, Callable[[str], dict[str, Graph]]] = {
    "rdflib": _by_rdflib,
    "pyld": _by_pyld,
    "pyoxigraph": _by_oxigraph,
}


def _union(graphs: dict[str, Graph]) -> Graph:
    out = Graph()
    for graph in graphs.values():
        out += graph
    return out


def _assert_same_graphs(parsed: dict[str, Graph], expected: dict[str, Graph]) -> None:
    if len(expected) == 1:  # one graph selected: JSON-LD writes it as the default graph
        assert list(parsed) == [str(DATASET_DEFAULT_GRAPH_ID)]
        assert isomorphic(_union(parsed), _union(expected))
        return
    assert sorted(parsed) == sorted(expected)
    for iri, graph in expected.items():
        assert isomorphic(parsed[iri], graph), iri


@functools.cache
def _export(format: str, graph: str) -> str:
    return kzreforms.export(format=format, graphs=graph)


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("selection", ["data", "all"])
@pytest.mark.parametrize("view", ["json-ld", "jsonld-framed"])
def test_jsonld_parses_offline_everywhere(
    view: str, selection: str, parser: str, no_network: None
) -> None:
    text = _export(view, selection)
    expected = _nquads_graphs(_export("nq", selection))
    _assert_same_graphs(PARSERS[parser](text), expected)


@pytest.fixture(scope="module")
def written_jsonld(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The JSON-LD of ``export --all`` and of the published site's downloads."""
    root = tmp_path_factory.mktemp("jsonld")
    result = CliRunner().invoke(cli, ["export", "--all", "-o", str(root / "all")])
    assert result.exit_code == 0, result.output
    kzreforms.publish(output=root / "site")
    return {
        "export --all": (root / "all" / "kzreforms.jsonld").read_text(encoding="utf-8"),
        "site": (root / "site" / "dist" / "kzreforms.jsonld").read_text(encoding="utf-8"),
        "nq": (root / "all" / "kzreforms.nq").read_text(encoding="utf-8"),
    }


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("source", ["export --all", "site"])
def test_written_jsonld_parses_offline_everywhere(
    written_jsonld: dict[str, str], source: str, parser: str, no_network: None
) -> None:
    expected = _nquads_graphs(written_jsonld["nq"])
    _assert_same_graphs(PARSERS[parser](written_jsonld[source]), expected)


def test_the_offline_check_catches_a_remote_context(no_network: None) -> None:
    """The old output (a context IRI that does not resolve) fails these parsers."""
    text = kzreforms.export(format="json-ld", graphs="data", context_url=kzreforms.CONTEXT_IRI)
    with pytest.raises(OSError, match="network access refused"):
        _by_rdflib(text)
    with pytest.raises(jsonld.JsonLdError):
        _by_pyld(text)
    with pytest.raises(SyntaxError):
        _by_oxigraph(text)


# --------------------------------------------------------------------------- the framed view

FRAMING_SAMPLE = """\
@prefix kzr: <https://w3id.org/kzreforms/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .

ex:claim-a a kzr:Claim ; rdfs:label "Claim A"@en ;
    ex:words ex:target-a ; ex:about ex:reform, ex:hub ; ex:number [ ex:value 3 ] .
ex:claim-b a kzr:Claim ; rdfs:label "Claim B"@en ; ex:about ex:reform, ex:hub .
ex:target-a ex:selector ex:quote-a ; ex:source ex:text .
ex:quote-a ex:exact "the words" .
ex:reform rdfs:label "A reform"@en, "Реформа"@kk .
ex:hub rdfs:label "Shared"@en .
ex:text rdfs:label "The text"@en ; ex:mentions ex:hub .
ex:statement ex:hasText ex:text .
ex:lonely rdfs:label "Nobody refers to me"@en .
"""


def test_framed_view_nests_what_each_claim_owns(tmp_path: Path) -> None:
    source = tmp_path / "sample.ttl"
    source.write_text(FRAMING_SAMPLE, encoding="utf-8")
    document = json.loads(kzreforms.export(kzreforms.load([source]), format="jsonld-framed"))
    assert document["@context"]["@language"] == "en"
    top = {item.get("@id"): item for item in document["@graph"]}
    ex = "http://example.org/"
    # Claims first, then the nodes no claim owns, each in IRI order.
    assert list(top) == [
        ex + n for n in ("claim-a", "claim-b", "hub", "lonely", "statement", "text")
    ]
    claim_a = top[ex + "claim-a"]
    assert claim_a["rdfs:label"] == "Claim A"  # a plain string under the default language
    # Owned nodes nest, down the chain: target -> selector; a blank node loses its label.
    target = claim_a[ex + "words"]
    assert target["@id"] == ex + "target-a"
    assert target[ex + "selector"] == {"@id": ex + "quote-a", ex + "exact": "the words"}
    assert target[ex + "source"] == {"@id": ex + "text"}  # also reached by another: a reference
    assert claim_a[ex + "number"] == {ex + "value": {"@type": "xsd:integer", "@value": "3"}}
    # A node only claims refer to nests in each of them; a shared one is a reference.
    reform = {
        "@id": ex + "reform",
        "rdfs:label": ["A reform", {"@language": "kk", "@value": "Реформа"}],
    }
    for claim in (claim_a, top[ex + "claim-b"]):
        assert reform in claim[ex + "about"]
        assert {"@id": ex + "hub"} in claim[ex + "about"]
    assert top[ex + "lonely"]["rdfs:label"] == "Nobody refers to me"
    assert isomorphic(
        kzreforms.select(_parse(json.dumps(document), "jsonld-framed")), Graph().parse(source)
    )


def test_framed_view_of_the_packaged_data() -> None:
    document = json.loads(_export("jsonld-framed", "data"))
    data = kzreforms.select(kzreforms.load(), graphs="data")
    claims = {str(c) for c in data.subjects(RDF.type, KZR.Claim)}
    assert claims
    context = document["@context"]
    top = document["@graph"]
    ids = [item["@id"] for item in top if "@id" in item]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    expanded = [
        prefixes.get(i.split(":")[0], i.split(":")[0] + ":") + i.split(":", 1)[1] for i in ids
    ]
    assert set(expanded) >= claims
    # Nodes no claim reaches are still there, at the top level.
    reached: set[object] = set()
    stack: list[object] = [URIRef(c) for c in claims]
    while stack:
        for o in data.objects(stack.pop()):  # type: ignore[arg-type]
            if not isinstance(o, Literal) and o not in reached:
                reached.add(o)
                stack.append(o)
    unreached = {str(s) for s in data.subjects() if s not in reached and not isinstance(s, BNode)}
    assert unreached - claims <= set(expanded)
    # Each claim carries something nested (its words at least), and labels are strings.
    # (A claim whose words an editorial note also targets refers to them by IRI instead.)
    annotated = {str(o) for o in data.objects(None, URIRef("http://www.w3.org/ns/oa#hasTarget"))}
    for item in top:
        if item.get("@type") == "Claim" or "Claim" in item.get("@type", []):
            iri = prefixes["kzd"] + item["@id"].split(":", 1)[1]
            if str(data.value(URIRef(iri), KZR.textTarget)) in annotated:
                continue
            assert any(isinstance(v, dict) and len(v) > 1 for v in item.values()), item["@id"]
            assert isinstance(item["rdfs:label"], str)


def test_framed_view_is_stable() -> None:
    first = kzreforms.export(format="jsonld-framed")
    assert first == kzreforms.export(kzreforms.load(), format="jsonld-framed")
