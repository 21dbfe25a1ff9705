"""Pages (HTML, Turtle, JSON-LD) for IRIs the data names but no other page describes.

The named graphs, the versions of the ontology and concept schemes, and the
namespace of the shapes (``shapes#``), so that each resolves (content
negotiation: :mod:`kzreforms.site.conneg`).
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import OWL, RDF, RDFS, SH, Dataset, Graph, URIRef

from ..namespaces import BASE, GRAPHS, SHAPES_IRI, version_iri
from .ontologypages import subgraph
from .writer import Page, SiteWriter

_HEADER_NAMES = {"ontology": "ontology", "concept": "concept schemes"}

_GRAPH_LEDES = {
    "ontology": "The named graph of the ontology: its classes, properties and concept schemes.",
    "data": "The named graph of the data: the statement, its claims and what they are about.",
    "shapes": "The named graph that holds the SHACL shapes the data is validated against.",
}


def named_iri_pages(out: SiteWriter, page: Page, dataset: Dataset, ontology: Graph) -> None:
    """Write the pages of the named graphs, of the versions in ``ontology`` and of the shapes."""
    _graph_pages(out, page, dataset)
    _version_pages(out, page, ontology)
    _shapes_page(out, page, dataset.graph(GRAPHS["shapes"]))


def _publish_graph(out: SiteWriter, page: Page, stem: str, graph: Graph, **values: Any) -> None:
    """Write ``graph`` as ``{stem}.ttl``, ``{stem}.jsonld`` and the page ``{stem}.html``."""
    out.rdf(stem, graph)
    values = {"see_also": None, "terms": (), "terms_heading": "", **values}
    page(
        f"{stem}.html",
        "graph.html",
        nav="",
        stem=stem.rsplit("/", 1)[-1],
        triples=len(graph),
        **values,
    )


def _graph_pages(out: SiteWriter, page: Page, dataset: Dataset) -> None:
    """``graph/{kind}.*`` for each named graph that holds triples."""
    for kind, iri in GRAPHS.items():
        graph = dataset.graph(iri)
        if len(graph):
            _publish_graph(
                out,
                page,
                f"graph/{kind}",
                graph,
                title=f"The {kind} graph",
                lede=_GRAPH_LEDES.get(kind, f"A named graph of the dataset: the {kind}."),
                iri=str(iri),
                see_also={"href": "downloads.html", "text": "The whole dataset, in every syntax"},
            )


def _version_pages(out: SiteWriter, page: Page, ontology: Graph) -> None:
    """The ontology (…/ontology/0.2.0) and the concept schemes (…/concept/0.2.0)."""
    for header in sorted(ontology.subjects(RDF.type, OWL.Ontology)):  # type: ignore[type-var]
        version = str(ontology.value(header, OWL.versionIRI) or "")
        stem = str(header).rstrip("/")
        number = version[len(stem) + 1 :]
        if not (
            stem.startswith(BASE)
            and version == version_iri(stem, number)
            and re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", number)
        ):
            continue
        name = stem[len(BASE) :]
        what = _HEADER_NAMES.get(name, name)
        _publish_graph(
            out,
            page,
            f"{name}/{number}",
            ontology if name == "ontology" else subgraph(ontology, str(header)),
            title=f"The {what}, version {number}",
            lede=f"Version {number} of the {what}, the version this site publishes.",
            iri=version,
            see_also={
                "href": f"{name}.html" if name == "ontology" else f"{name}/index.html",
                "text": "Its terms",
            },
        )


def _shapes_page(out: SiteWriter, page: Page, shapes: Graph) -> None:
    """``shapes.*``: the shapes graph, each shape of the ``shapes#`` namespace listed."""
    if not len(shapes):
        return
    terms = []
    for shape in sorted({str(s) for s in shapes.subjects() if str(s).startswith(SHAPES_IRI)}):
        label = shapes.value(URIRef(shape), SH.name) or shapes.value(URIRef(shape), RDFS.label)
        terms.append({"iri": shape, "anchor": shape[len(SHAPES_IRI) :], "label": str(label or "")})
    _publish_graph(
        out,
        page,
        "shapes",
        shapes,
        title="The SHACL shapes",
        lede="The shapes the data is validated against; each shape's IRI is in this namespace.",
        iri=SHAPES_IRI,
        terms=terms,
        terms_heading="Shapes",
        see_also={"href": "downloads.html", "text": "The validation report"},
    )


__all__ = ["named_iri_pages"]
