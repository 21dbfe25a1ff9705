"""The Python API: load, select, export, query, info, and the error tree."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kzreforms
from kzreforms import GRAPHS, KzReformsError

#: The documented public face, written out: a name added, dropped or misspelt fails here.
PUBLIC_NAMES = [
    "BASE",
    "CONTEXT_IRI",
    "DatasetInfo",
    "FORMATS",
    "Format",
    "GRAPHS",
    "InputError",
    "KzReformsError",
    "LoadReport",
    "OutputError",
    "QueryError",
    "QueryResult",
    "RemoteContextError",
    "ShapesError",
    "SiteReport",
    "StoreError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "claim_nanopub",
    "export",
    "export_all",
    "export_nanopubs",
    "graphs_of",
    "info",
    "load",
    "load_into",
    "named_queries",
    "publish",
    "query",
    "select",
    "validate",
]


def test_public_face_is_exactly_the_documented_names() -> None:
    assert kzreforms.__all__ == PUBLIC_NAMES
    assert dir(kzreforms) == PUBLIC_NAMES


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_each_public_name_resolves_to_what_its_module_defines(name: str) -> None:
    value = getattr(kzreforms, name)
    module = "_version" if name == "__version__" else kzreforms._EXPORTS[name]
    assert getattr(importlib.import_module(f"kzreforms.{module}"), name) is value


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        kzreforms.no_such_thing  # noqa: B018


def test_load_puts_each_kind_in_its_named_graph() -> None:
    dataset = kzreforms.load()
    assert isinstance(dataset, Dataset)
    iris = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert iris == {
        "https://w3id.org/kzreforms/graph/ontology",
        "https://w3id.org/kzreforms/graph/data",
        "https://w3id.org/kzreforms/graph/context",
        "https://w3id.org/kzreforms/graph/shapes",
    }
    assert all(len(dataset.graph(iri)) > 0 for iri in GRAPHS.values())


def test_select_one_graph_or_the_union() -> None:
    dataset = kzreforms.load()
    data = kzreforms.select(dataset, "data")
    everything = kzreforms.select(dataset, "all")
    assert data.identifier == GRAPHS["data"]
    assert len(everything) == sum(len(dataset.graph(iri)) for iri in GRAPHS.values())


def test_load_user_files_into_the_default_graph(sample_file: Path) -> None:
    dataset = kzreforms.load([sample_file])
    graphs = kzreforms.graphs_of(dataset, "all")
    assert len(graphs) == 1
    assert len(graphs[0]) == 11
    with pytest.raises(kzreforms.InputError, match="no data graph"):
        kzreforms.graphs_of(dataset, "data")


def test_load_keeps_named_graphs_of_quad_files(tmp_path: Path) -> None:
    path = tmp_path / "q.nq"
    path.write_text("<urn:a> <urn:b> <urn:c> <urn:g1> .\n<urn:a> <urn:b> <urn:d> .\n")
    dataset = kzreforms.load([path])
    iris = sorted(str(g.identifier) for g in kzreforms.graphs_of(dataset, "all"))
    assert iris == ["urn:g1", "urn:x-rdflib:default"]


def test_export_returns_text_and_writes_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    text = kzreforms.export(format="turtle", graph="data", output=target)
    assert target.read_text(encoding="utf-8") == text
    assert text.startswith("@prefix")
    parsed = Graph().parse(data=text, format="turtle")
    assert isomorphic(parsed, kzreforms.select(kzreforms.load(), "data"))


def test_export_all_writes_every_format(tmp_path: Path) -> None:
    written = kzreforms.export_all(tmp_path / "dist")
    names = sorted(p.name for p in written)
    assert names == [
        "context.jsonld",
        "kzreforms.jsonld",
        "kzreforms.nq",
        "kzreforms.nt",
        "kzreforms.rdf",
        "kzreforms.trig",
        "kzreforms.ttl",
    ]


def test_query_select_gives_plain_python_values(sample_file: Path) -> None:
    result = kzreforms.query(
        "SELECT ?share ?count ?held ?label WHERE { ?r <http://example.org/share> ?share ; "
        "<http://example.org/count> ?count ; <http://example.org/held> ?held ; "
        "<http://example.org/label> ?label FILTER(lang(?label) = 'en') }",
        dataset=kzreforms.load([sample_file]),
    )
    assert result.kind == "SELECT"
    assert result.variables == ("share", "count", "held", "label")
    assert result.rows == (
        {"share": Decimal("77.18"), "count": 4, "held": True, "label": "Referendum"},
    )
    assert result.terms[0]["label"] == Literal("Referendum", lang="en")


def test_query_ask_and_construct(sample_file: Path) -> None:
    dataset = kzreforms.load([sample_file])
    assert kzreforms.query("ASK { ?s a <http://example.org/Referendum> }", dataset=dataset).boolean
    built = kzreforms.query(
        "CONSTRUCT { ?s a <urn:Thing> } WHERE { ?s a <http://example.org/Referendum> }",
        dataset=dataset,
    )
    assert built.kind == "CONSTRUCT"
    assert built.graph is not None
    assert (URIRef("http://example.org/referendum"), None, URIRef("urn:Thing")) in built.graph


def test_query_sees_named_graphs_with_graph_clause() -> None:
    result = kzreforms.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [row["g"] for row in result.rows] == sorted(str(i) for i in GRAPHS.values())


def test_bad_sparql_is_a_query_error_with_position() -> None:
    with pytest.raises(kzreforms.QueryError, match="line 1, column"):
        kzreforms.query("SELEC ?s WHERE { ?s ?p ?o }")


def test_unknown_query_name_says_how_to_list() -> None:
    with pytest.raises(kzreforms.QueryError, match="--list"):
        kzreforms.query("no-such-question")


def test_info_counts_every_graph() -> None:
    summary = kzreforms.info()
    assert summary.version == kzreforms.__version__
    counts = dict(summary.graphs)
    assert set(counts) == {str(i) for i in GRAPHS.values()}
    assert all(n > 0 for n in counts.values())
    assert ("kzr", "https://w3id.org/kzreforms/ontology#") in summary.prefixes
    assert summary.licenses
    assert "Graphs (triples):" in summary.text()


@pytest.mark.parametrize(
    "error",
    ["InputError", "RemoteContextError", "QueryError", "ShapesError", "OutputError", "StoreError"],
)
def test_error_tree_has_one_root(error: str) -> None:
    cls = getattr(kzreforms, error)
    assert issubclass(cls, KzReformsError)
    assert cls.__doc__ and "\n" not in cls.__doc__.strip()


def _modules() -> list[str]:
    package = Path(kzreforms.__file__).parent
    return sorted(
        f"kzreforms.{m.name}" for m in pkgutil.iter_modules([str(package)]) if m.name != "__main__"
    )


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_every_public_function_is_documented_with_an_example() -> None:
    for name in kzreforms.__all__:
        value = getattr(kzreforms, name)
        if callable(value) and not isinstance(value, type):
            assert value.__doc__ and ">>>" in value.__doc__, f"{name} needs a docstring example"
            assert value.__annotations__, f"{name} needs type annotations"


def test_load_takes_one_path_alone(sample_file: Path) -> None:
    assert len(kzreforms.select(kzreforms.load(sample_file))) == 11
    assert len(kzreforms.select(kzreforms.load(str(sample_file)))) == 11


def test_export_and_info_take_a_graph(sample_file: Path) -> None:
    graph = Graph().parse(sample_file)
    assert isomorphic(Graph().parse(data=kzreforms.export(graph, format="nt"), format="nt"), graph)
    assert kzreforms.info(graph).graphs == (("(default graph)", 11),)


def test_a_wrong_type_is_an_input_error() -> None:
    with pytest.raises(kzreforms.InputError, match="expected an rdflib Dataset or Graph"):
        kzreforms.export(42)  # type: ignore[arg-type]
