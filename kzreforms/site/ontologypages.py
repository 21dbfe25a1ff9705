"""The ontology page and the concept-scheme index, with the Turtle and JSON-LD beside them."""

from __future__ import annotations

from rdflib import Dataset, Graph

from ..namespaces import CONCEPT_IRI, GRAPHS, ONTOLOGY_IRI
from .model import SiteModel
from .ontologyviews import ontology_view
from .writer import Page, SiteWriter


def ontology_pages(out: SiteWriter, page: Page, model: SiteModel, dataset: Dataset) -> Graph:
    """Write ``ontology.*`` and ``concept/index.*``; return the ontology's graph."""
    ontology = ontology_view(model)
    page(
        "ontology.html",
        "ontology.html",
        title=ontology.title,
        nav="ontology",
        o=ontology,
        summary=ontology.description,
    )
    graph = ontology_graph(dataset, model.graph)
    out.rdf("ontology", graph)
    page("concept/index.html", "concepts.html", title="Concept schemes", nav="concepts", o=ontology)
    out.rdf("concept/index", subgraph(model.graph, CONCEPT_IRI))
    return graph


def ontology_graph(dataset: Dataset, union: Graph) -> Graph:
    """The ontology's named graph, else the triples of the ontology's namespace in ``union``."""
    graph = dataset.graph(GRAPHS["ontology"])
    if len(graph):
        return graph
    return subgraph(union, ONTOLOGY_IRI)


def subgraph(graph: Graph, namespace: str) -> Graph:
    """The triples whose subject's IRI starts with ``namespace``, with the prefixes of ``graph``."""
    out = Graph(bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=False)
    for s, p, o in graph:
        if str(s).startswith(namespace):
            out.add((s, p, o))
    return out


__all__ = ["ontology_graph", "ontology_pages", "subgraph"]
