"""The project's IRIs, each written once: base, data, concepts, ontology, shapes, graphs, context.

The plain strings need no rdflib, so the command line can name them in its help
without loading it; the rdflib namespaces and terms (:data:`KZD`, :data:`GRAPHS`,
the closed :data:`KZR` of :mod:`kzreforms.vocab` …) are built on first use.
Vocabularies rdflib ships (DCAT, VOID, PROV, SDO, VANN, DCTERMS …) come from
:mod:`rdflib.namespace`; only the two it lacks (:data:`OA`, :data:`SPDX`) are here.

>>> from kzreforms.namespaces import GRAPHS, KZD, KZR
>>> str(KZD.statement), str(GRAPHS["data"]), str(KZR.Claim)
('https://w3id.org/kzreforms/id/statement', 'https://w3id.org/kzreforms/graph/data', \
'https://w3id.org/kzreforms/ontology#Claim')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .resources import KINDS

if TYPE_CHECKING:  # pragma: no cover - the names built by __getattr__, for type checkers
    from rdflib import URIRef
    from rdflib.namespace import Namespace

    from .vocab import KZR as KZR

    KZD: Namespace
    KZC: Namespace
    KZS: Namespace
    OA: Namespace
    SPDX: Namespace
    GRAPHS: dict[str, URIRef]

#: The project's IRI space.
BASE = "https://w3id.org/kzreforms/"

#: The data's resources: the statement, claims, things named, quantities, notes.
DATA_IRI = f"{BASE}id/"

#: SKOS concept schemes and concepts; also the IRI of the concept schemes' header.
CONCEPT_IRI = f"{BASE}concept/"

#: The ontology (its header); its terms are ``{ONTOLOGY_IRI}#…`` (:data:`KZR`).
ONTOLOGY_IRI = f"{BASE}ontology"

#: The namespace of the SHACL shapes' IRIs.
SHAPES_IRI = f"{BASE}shapes#"

#: Where the claims' nanopublications live: ``{NANOPUB_IRI}{claim}/RA…``.
NANOPUB_IRI = f"{BASE}np/"

#: The IRI under which the JSON-LD context is published (resolved locally, never fetched).
CONTEXT_IRI = f"{BASE}context.jsonld"

#: The IRI of each packaged source's named graph.
GRAPH_IRIS: dict[str, str] = {kind: f"{BASE}graph/{kind}" for kind in KINDS}


def version_iri(header: str, version: str) -> str:
    """The IRI of one version of the ontology or the concept schemes (``…/ontology/0.2.0``).

    >>> version_iri(ONTOLOGY_IRI, "0.2.0")
    'https://w3id.org/kzreforms/ontology/0.2.0'
    """
    return f"{header.rstrip('/')}/{version}"


_NAMESPACES = {
    "KZD": DATA_IRI,
    "KZC": CONCEPT_IRI,
    "KZS": SHAPES_IRI,
    "OA": "http://www.w3.org/ns/oa#",
    "SPDX": "http://spdx.org/rdf/terms#",
}


def __getattr__(name: str) -> Any:
    if name == "KZR":
        from .vocab import KZR

        value: Any = KZR
    elif name in _NAMESPACES:
        from rdflib.namespace import Namespace

        value = Namespace(_NAMESPACES[name])
    elif name == "GRAPHS":
        from rdflib import URIRef

        value = {kind: URIRef(iri) for kind, iri in GRAPH_IRIS.items()}
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "BASE",
    "CONCEPT_IRI",
    "CONTEXT_IRI",
    "DATA_IRI",
    "GRAPHS",
    "GRAPH_IRIS",
    "KZC",
    "KZD",
    "KZR",
    "KZS",
    "NANOPUB_IRI",
    "OA",
    "ONTOLOGY_IRI",
    "SHAPES_IRI",
    "SPDX",
    "version_iri",
]
