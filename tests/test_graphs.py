"""The generic graph helpers, and queries that leave the caller's objects and rdflib alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import rdflib.plugins.sparql as engine
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql.operators import register_custom_function, unregister_custom_function

import kzreforms
from kzreforms.dataset import jsonld_context
from kzreforms.graphs import new_dataset, offline_sparql, union_graph

S, P, G = URIRef("urn:x:s"), URIRef("urn:x:p"), URIRef("urn:x:g")
PROBE = URIRef("urn:x:probe")


@pytest.fixture()
def named_only() -> Dataset:
    """A caller's dataset with one triple in a named graph and an empty default graph."""
    dataset = Dataset()
    dataset.graph(G).add((S, P, Literal(1)))
    return dataset


@pytest.fixture()
def probe() -> Iterator[list[bool]]:
    """A SPARQL function ``<urn:x:probe>(?x)`` that notes rdflib's fetch setting as a query runs."""
    seen: list[bool] = []

    def record(term: Any) -> Any:
        seen.append(engine.SPARQL_LOAD_GRAPHS)
        return term

    register_custom_function(PROBE, record)
    try:
        yield seen
    finally:
        unregister_custom_function(PROBE)


def test_query_never_changes_rdflibs_process_wide_setting(
    named_only: Dataset, probe: list[bool]
) -> None:
    """Another thread querying with rdflib meanwhile must see rdflib's own setting."""
    assert engine.SPARQL_LOAD_GRAPHS is True
    result = kzreforms.query(
        named_only, sparql="SELECT ?x WHERE { ?s ?p ?o BIND(<urn:x:probe>(?o) AS ?x) }"
    )
    assert result.rows == ({"x": 1},)
    assert probe == [True]
    assert engine.SPARQL_LOAD_GRAPHS is True


def test_query_reads_the_union_without_touching_the_callers_dataset(
    named_only: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default graph is the union of all graphs, yet ``default_union`` is never set."""
    writes: list[bool] = []
    original = Dataset.__setattr__

    def watch(self: Dataset, name: str, value: Any) -> None:
        if self is named_only and name == "default_union":
            writes.append(value)
        original(self, name, value)

    monkeypatch.setattr(Dataset, "__setattr__", watch)
    result = kzreforms.query(named_only, sparql="SELECT ?o WHERE { ?s ?p ?o }")
    assert result.rows == ({"o": 1},)
    assert writes == []
    assert named_only.default_union is False
    assert len(list(named_only.triples((None, None, None)))) == 0  # the caller's view is unchanged


def test_query_leaves_the_callers_prefixes_alone(named_only: Dataset) -> None:
    before = sorted(named_only.namespaces())
    kzreforms.query(named_only, sparql="SELECT * WHERE { ?s ?p ?o }")
    assert sorted(named_only.namespaces()) == before


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("FROM <http://nonexistent.invalid/x.ttl>", ()),
        ("FROM <urn:x:g>", ({"o": 1},)),
        ("FROM NAMED <http://nonexistent.invalid/x.ttl>", ()),
    ],
)
def test_from_picks_graphs_by_iri_and_fetches_nothing(
    named_only: Dataset, clause: str, expected: tuple[dict[str, Any], ...]
) -> None:
    """With rdflib left to fetch (its default), FROM still names graphs of the dataset only."""
    assert engine.SPARQL_LOAD_GRAPHS is True
    result = kzreforms.query(named_only, sparql=f"SELECT ?o {clause} WHERE {{ ?s ?p ?o }}")
    assert result.rows == expected


def test_offline_sparql_restores_rdflibs_setting_after_an_error() -> None:
    with pytest.raises(RuntimeError), offline_sparql():
        assert engine.SPARQL_LOAD_GRAPHS is False
        raise RuntimeError("boom")
    assert engine.SPARQL_LOAD_GRAPHS is True


def test_jsonld_context_is_a_fresh_copy_each_call() -> None:
    """A caller that edits the context it was given changes no later export."""
    first = jsonld_context()
    original = first["kzr"]
    first["kzr"] = "urn:x:changed"
    first["extra"] = {"@id": "urn:x:extra"}
    try:
        second = jsonld_context()
        assert second["kzr"] == original == "https://w3id.org/kzreforms/ontology#"
        assert "extra" not in second
        assert second is not first
    finally:
        first["kzr"] = original
        del first["extra"]


def test_new_dataset_binds_only_the_core_prefixes() -> None:
    assert {prefix for prefix, _ in new_dataset().namespaces()} == {
        "owl",
        "rdf",
        "rdfs",
        "xml",
        "xsd",
    }


def test_union_graph_keeps_every_triple_and_the_first_binding_of_a_prefix() -> None:
    a, b = Graph(bind_namespaces="none"), Graph(bind_namespaces="none")
    a.bind("ex", "urn:x:a#")
    b.bind("ex", "urn:x:b#")
    a.add((S, P, Literal(1)))
    b.add((S, P, Literal(2)))
    union = union_graph([a, b])
    assert set(union) == {(S, P, Literal(1)), (S, P, Literal(2))}
    assert dict(union.namespaces())["ex"] == URIRef("urn:x:a#")
    assert len(a) == len(b) == 1
