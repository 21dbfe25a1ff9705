"""The Python API: load, select, export, query, info, and the error tree."""

from __future__ import annotations

import doctest
import importlib
import inspect
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
    "StoreBusyError",
    "StoreError",
    "ValidationReport",
    "ValidationResult",
    "VerificationError",
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
    data = kzreforms.select(dataset, graphs="data")
    everything = kzreforms.select(dataset, graphs="all")
    assert data.identifier == GRAPHS["data"]
    assert len(everything) == sum(len(dataset.graph(iri)) for iri in GRAPHS.values())


def test_load_user_files_into_the_default_graph(sample_file: Path) -> None:
    dataset = kzreforms.load([sample_file])
    graphs = kzreforms.graphs_of(dataset, graphs="all")
    assert len(graphs) == 1
    assert len(graphs[0]) == 11
    with pytest.raises(kzreforms.InputError, match="no data graph") as raised:
        kzreforms.graphs_of(dataset, graphs="data")
    assert "graphs='all'" in str(raised.value) and "--" not in str(raised.value)
    assert raised.value.parameter == "graphs"


def test_load_keeps_named_graphs_of_quad_files(tmp_path: Path) -> None:
    path = tmp_path / "q.nq"
    path.write_text("<urn:a> <urn:b> <urn:c> <urn:g1> .\n<urn:a> <urn:b> <urn:d> .\n")
    dataset = kzreforms.load([path])
    iris = sorted(str(g.identifier) for g in kzreforms.graphs_of(dataset, graphs="all"))
    assert iris == ["urn:g1", "urn:x-rdflib:default"]


def test_export_returns_text_and_writes_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    text = kzreforms.export(format="turtle", graphs="data", output=target)
    assert target.read_text(encoding="utf-8") == text
    assert text.startswith("@prefix")
    parsed = Graph().parse(data=text, format="turtle")
    assert isomorphic(parsed, kzreforms.select(kzreforms.load(), graphs="data"))


def test_graphs_may_name_several_graphs() -> None:
    dataset = kzreforms.load()
    both = kzreforms.graphs_of(dataset, graphs=["shapes", "data"])
    assert [g.identifier for g in both] == [GRAPHS["data"], GRAPHS["shapes"]]
    union = kzreforms.select(dataset, graphs=("data", "shapes"))
    assert len(union) == len(dataset.graph(GRAPHS["data"])) + len(dataset.graph(GRAPHS["shapes"]))
    with pytest.raises(kzreforms.InputError, match="unknown graph 'dat'"):
        kzreforms.select(dataset, graphs=["data", "dat"])  # type: ignore[list-item]


def test_export_all_names_files_after_the_graphs(tmp_path: Path) -> None:
    written = kzreforms.export_all(output=tmp_path, graphs=["ontology", "shapes"], stem="kz")
    assert sorted(p.name for p in written)[:2] == ["context.jsonld", "kz-ontology-shapes.jsonld"]
    turtle = Graph().parse(tmp_path / "kz-ontology-shapes.ttl")
    dataset = kzreforms.load()
    expected = dataset.graph(GRAPHS["ontology"]) + dataset.graph(GRAPHS["shapes"])
    assert isomorphic(turtle, expected)


def test_export_all_writes_every_format(tmp_path: Path) -> None:
    written = kzreforms.export_all(output=tmp_path / "dist")
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
        kzreforms.load([sample_file]),
        sparql="SELECT ?share ?count ?held ?label WHERE { ?r <http://example.org/share> ?share ; "
        "<http://example.org/count> ?count ; <http://example.org/held> ?held ; "
        "<http://example.org/label> ?label FILTER(lang(?label) = 'en') }",
    )
    assert result.kind == "SELECT"
    assert result.variables == ("share", "count", "held", "label")
    assert result.rows == (
        {"share": Decimal("77.18"), "count": 4, "held": True, "label": "Referendum"},
    )
    assert result.terms[0]["label"] == Literal("Referendum", lang="en")


def test_query_ask_and_construct(sample_file: Path) -> None:
    dataset = kzreforms.load([sample_file])
    assert kzreforms.query(dataset, sparql="ASK { ?s a <http://example.org/Referendum> }").boolean
    built = kzreforms.query(
        dataset,
        sparql="CONSTRUCT { ?s a <urn:Thing> } WHERE { ?s a <http://example.org/Referendum> }",
    )
    assert built.kind == "CONSTRUCT"
    assert built.graph is not None
    assert (URIRef("http://example.org/referendum"), None, URIRef("urn:Thing")) in built.graph


def test_query_sees_named_graphs_with_graph_clause() -> None:
    result = kzreforms.query(
        sparql="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    )
    assert [row["g"] for row in result.rows] == sorted(str(i) for i in GRAPHS.values())


def test_bad_sparql_is_a_query_error_with_position() -> None:
    with pytest.raises(kzreforms.QueryError, match="line 1, column"):
        kzreforms.query(sparql="SELEC ?s WHERE { ?s ?p ?o }")


def test_unknown_query_name_says_how_to_list() -> None:
    with pytest.raises(
        kzreforms.QueryError, match=r"call named_queries\(\) to see the query names"
    ):
        kzreforms.query(sparql="no-such-question")


def test_a_bug_while_querying_is_not_reported_as_a_failed_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kzreforms.sparql

    def broken(*args: object) -> None:
        raise AttributeError("a bug of kzreforms' own")

    monkeypatch.setattr(kzreforms.sparql, "_convert", broken)
    with pytest.raises(AttributeError, match="a bug of kzreforms' own"):
        kzreforms.query(Graph(), sparql="ASK {}")


def test_a_query_timeout_speaks_python_and_keeps_its_cause() -> None:
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(kzreforms.QueryError, match="raise timeout$") as raised:
        kzreforms.query(sparql=cartesian, timeout=0.2)
    assert raised.value.parameter == "timeout"
    assert raised.value.__cause__ is not None


def test_a_query_given_as_the_dataset_says_to_pass_sparql() -> None:
    with pytest.raises(KzReformsError, match=r"pass the query as sparql='ASK \{\}'"):
        kzreforms.query("ASK {}")  # type: ignore[arg-type]


def test_a_path_given_as_the_dataset_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(kzreforms.InputError, match=r"kzreforms\.load\(paths\).*output=") as raised:
        kzreforms.export(tmp_path)  # type: ignore[arg-type]
    assert raised.value.parameter == "dataset"


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


# --------------------------------------------------------------------------- the API convention

#: Public functions that read a dataset (all the others read files or nothing).
READERS = {
    "claim_nanopub",
    "export",
    "export_all",
    "export_nanopubs",
    "graphs_of",
    "info",
    "load_into",
    "publish",
    "query",
    "select",
    "validate",
}
#: Names the convention replaced: the dataset is ``dataset``, the destination ``output``,
#: the graph choice ``graphs``.
RETIRED = {"data", "directory", "target", "outdir", "selection", "graph"}


def _public_functions() -> list[str]:
    return [
        name
        for name in kzreforms.__all__
        if callable(value := getattr(kzreforms, name)) and not isinstance(value, type)
    ]


def test_the_readers_are_public_functions() -> None:
    assert set(_public_functions()) >= READERS


@pytest.mark.parametrize("name", _public_functions())
def test_public_functions_follow_the_api_convention(name: str) -> None:
    """README "Python API": ``dataset`` first where a function reads one; the rest keyword-only."""
    parameters = list(inspect.signature(getattr(kzreforms, name)).parameters.values())
    assert not RETIRED & {p.name for p in parameters}, f"{name}: a retired parameter name"
    if name in READERS:
        first = parameters[0]
        assert first.name == "dataset", f"{name}: the dataset comes first"
        assert first.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert first.annotation == "Dataset | Graph | None" and first.default is None, name
    else:
        assert "dataset" not in {p.name for p in parameters}, name
    for parameter in parameters[1:]:
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, f"{name}({parameter.name})"
    for parameter in parameters:
        if parameter.name in ("format", "graphs", "input_format"):
            assert "str" not in str(parameter.annotation), f"{name}({parameter.name}): a Literal"
