"""A summary of a dataset: version, graphs with their sizes, prefixes and licences."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import DCTERMS, OWL, RDF, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ._version import __version__
from .dataset import as_dataset


@dataclass(frozen=True)
class DatasetInfo:
    """What ``kzreforms info`` prints."""

    version: str
    graphs: tuple[tuple[str, int], ...]
    """Each non-empty graph's IRI and its number of triples, sorted by IRI."""
    prefixes: tuple[tuple[str, str], ...]
    """The prefixes declared in the sources and the namespaces they stand for."""
    licenses: tuple[str, ...]
    """The ``dcterms:license`` of the ontologies and datasets described in the graphs."""

    def text(self) -> str:
        """Render the summary for people."""
        lines = [f"kzreforms {self.version}", "", "Graphs (triples):"]
        width = max((len(iri) for iri, _ in self.graphs), default=0)
        lines += [f"  {iri.ljust(width)}  {count:>7,}" for iri, count in self.graphs]
        lines += ["", "Prefixes:"]
        pad = max((len(p) for p, _ in self.prefixes), default=0)
        lines += [f"  {(prefix + ':').ljust(pad + 1)} {ns}" for prefix, ns in self.prefixes]
        lines += ["", "Licence:"] + [f"  {lic}" for lic in self.licenses or ("(none stated)",)]
        return "\n".join(lines) + "\n"


def info(dataset: Dataset | Graph | None = None) -> DatasetInfo:
    """Summarise ``dataset`` (the packaged one by default).

    >>> info().version == __import__("kzreforms").__version__
    True
    """
    source = as_dataset(dataset)
    graphs = tuple(
        sorted(
            (
                "(default graph)"
                if g.identifier == DATASET_DEFAULT_GRAPH_ID
                else str(g.identifier),
                len(g),
            )
            for g in source.graphs()
            if len(g)
        )
    )
    prefixes = tuple(sorted(_used_prefixes(source)))
    licences: set[str] = set()
    for graph in source.graphs():
        for subject in set(graph.subjects(RDF.type, OWL.Ontology)) | set(
            graph.subjects(DCTERMS.license, None)
        ):
            licences.update(str(o) for o in graph.objects(subject, DCTERMS.license))
    return DatasetInfo(__version__, graphs, prefixes, tuple(sorted(licences)))


def _used_prefixes(dataset: Dataset) -> set[tuple[str, str]]:
    """The bound prefixes whose namespace some IRI (or datatype) of the dataset starts with."""
    bound = [(p, str(ns)) for p, ns in dataset.namespaces() if p]
    iris: set[str] = set()
    for graph in dataset.graphs():
        for triple in graph:
            for term in triple:
                if isinstance(term, URIRef):
                    iris.add(str(term))
                elif isinstance(term, Literal) and term.datatype is not None:
                    iris.add(str(term.datatype))
    namespaces = {ns for _, ns in bound if any(iri.startswith(ns) for iri in iris)}
    return {(p, ns) for p, ns in bound if ns in namespaces}
