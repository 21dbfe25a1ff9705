"""A summary of a dataset: version, graphs with their sizes, prefixes and licences.

The packaged dataset's summary is also kept, computed, in ``packaged_summary.json``
beside this module, with the SHA-256 of every packaged Turtle file it was computed
from. ``info()`` of the packaged dataset answers from that file when every packaged
file still has its recorded digest (no rdflib, no parsing: ``kzreforms info`` starts
as fast as ``--help``), and parses the files otherwise, so the answer is never stale.
After editing ``ontology/``, ``data/`` or ``shapes/``, refresh the file with
``python -m kzreforms.summary``; a test fails until it is refreshed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .resources import KINDS, rdf_files, resource_root

if TYPE_CHECKING:  # pragma: no cover - rdflib is imported only when a dataset is parsed
    from rdflib import Dataset, Graph

#: The packaged dataset's summary and the digests of the files it was computed from.
SUMMARY_FILE = Path(__file__).with_name("packaged_summary.json")


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

    With no ``dataset``, the answer comes from :data:`SUMMARY_FILE` when that
    file matches the packaged sources, and from parsing them otherwise.

    >>> info().version == __import__("kzreforms").__version__
    True
    """
    if dataset is None:
        cached = _packaged_summary()
        if cached is not None:
            return cached
    return _summarise(dataset)


def _summarise(dataset: Dataset | Graph | None) -> DatasetInfo:
    """Compute the summary of ``dataset`` (the packaged one for None) by reading its triples."""
    from rdflib import DCTERMS, OWL, RDF
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from .dataset import as_dataset

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
    from rdflib import Literal, URIRef

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


# --------------------------------------------------------------------------- the packaged summary


def packaged_sources() -> list[list[str]]:
    """Return ``[kind, path, sha256]`` for every packaged Turtle file, in loading order.

    ``path`` is relative to the resource folder, so a checkout and a wheel agree.

    >>> [kind for kind, _, _ in packaged_sources()][:1]
    ['ontology']
    """
    root = resource_root()
    return [
        [kind, path.relative_to(root).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()]
        for kind in KINDS
        for path in rdf_files(kind)
    ]


def summary_document(summary: DatasetInfo) -> dict[str, Any]:
    """Return the content of :data:`SUMMARY_FILE` for the packaged dataset's ``summary``.

    The version is left out: it is the running package's, not the data's.
    """
    return {
        "comment": "kzreforms info of the packaged dataset; refresh: python -m kzreforms.summary",
        "sources": packaged_sources(),
        "graphs": [list(pair) for pair in summary.graphs],
        "prefixes": [list(pair) for pair in summary.prefixes],
        "licenses": list(summary.licenses),
    }


def render_summary_file(summary: DatasetInfo) -> str:
    """Return the text of :data:`SUMMARY_FILE` (deterministic: sorted, fixed layout)."""
    return json.dumps(summary_document(summary), indent=1, ensure_ascii=False) + "\n"


def _packaged_summary() -> DatasetInfo | None:
    """The summary recorded in :data:`SUMMARY_FILE`, or None when it is missing or stale."""
    try:
        document = json.loads(SUMMARY_FILE.read_text(encoding="utf-8"))
        if document["sources"] != packaged_sources():
            return None
        return DatasetInfo(
            __version__,
            tuple((str(iri), int(count)) for iri, count in document["graphs"]),
            tuple((str(prefix), str(ns)) for prefix, ns in document["prefixes"]),
            tuple(str(licence) for licence in document["licenses"]),
        )
    except (OSError, ValueError, KeyError, TypeError):  # unreadable or malformed: parse instead
        return None


def write_summary_file(path: Path = SUMMARY_FILE) -> Path:
    """Compute the packaged dataset's summary by parsing it and write it to ``path``."""
    path.write_text(render_summary_file(_summarise(None)), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    print(f"wrote {write_summary_file()}")
