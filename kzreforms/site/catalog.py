"""The published dataset described in DCAT and VoID, as an rdflib graph.

Every value comes from the graph (the ontology header, the data) or from the
files already written, never from the clock, so the description is the same on
every build of the same input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID
from rdflib.namespace import SDO as SCHEMA
from rdflib.term import Node

from .._version import __version__
from ..formats import FORMATS
from ..namespaces import BASE, DATA_IRI, GRAPHS, KZD, ONTOLOGY_IRI, SPDX

#: dcat:version is DCAT 3; rdflib's closed DCAT namespace is DCAT 2 and would warn.
DCAT_VERSION = URIRef(f"{DCAT}version")
IANA = "https://www.iana.org/assignments/media-types/"

#: Resources named as examples when the data has them.
EXAMPLES = ("statement", "referendum-2022", "claim-single-presidential-term", "parliament")


@dataclass(frozen=True)
class Download:
    """One file of the site's ``dist/`` folder."""

    name: str
    title: str
    media_type: str
    size: int
    sha256: str


def describe(
    dataset: Dataset,
    union: Graph,
    downloads: Sequence[Download],
    *,
    base_url: str,
) -> Graph:
    """Return the DCAT/VoID description of ``dataset`` published at ``base_url``."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in _PREFIXES:
        g.bind(prefix, ns)
    publisher = _header_facts(g, union)
    _schema_org(g, union, publisher, base_url=base_url)
    _statistics(g, dataset, union)
    for item in downloads:
        _distribution(g, union, item, base_url=base_url)
    return g


_PREFIXES = (
    ("dcat", DCAT),
    ("dcterms", DCTERMS),
    ("foaf", FOAF),
    ("rdfs", RDFS),
    ("spdx", SPDX),
    ("void", VOID),
    ("xsd", XSD),
    ("owl", OWL),
    ("schema", SCHEMA),
)
_DATASET = URIRef(BASE)
_HEADER = URIRef(ONTOLOGY_IRI)


def _title(union: Graph) -> Literal:
    """The dataset's title: the statement's label, else the ontology's title."""
    title = union.value(KZD.statement, RDFS.label) or union.value(_HEADER, DCTERMS.title)
    return Literal(f"kzreforms: {title}" if title else "kzreforms", lang="en")


def _version(union: Graph) -> Literal:
    """The ontology's ``owl:versionInfo``, else the version of kzreforms."""
    version = union.value(_HEADER, OWL.versionInfo)
    return Literal(str(version) if version is not None else __version__)


def _header_facts(g: Graph, union: Graph) -> Node:
    """The DCAT facts from the ontology's header (title, licence, dates, version, publisher).

    :returns: the publisher: the editors, the one IRI the ontology, data and shapes name as creator.
    """
    ds = _DATASET
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, _title(union)))
    description = union.value(_HEADER, DCTERMS.description)
    if description is not None:
        g.add((ds, DCTERMS.description, description))
    for predicate in (DCTERMS.license, DCTERMS.created, DCTERMS.modified):
        for value in union.objects(_HEADER, predicate):
            target = {DCTERMS.created: DCTERMS.issued}.get(predicate, predicate)
            g.add((ds, target, value))
    g.add((ds, DCAT_VERSION, _version(union)))
    g.add((ds, OWL.versionInfo, _version(union)))
    creator = union.value(_HEADER, DCTERMS.creator)
    publisher = creator if isinstance(creator, URIRef) else BNode("publisher")
    named = union.value(publisher, FOAF.name) or (creator if isinstance(creator, Literal) else None)
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(str(named or "kzreforms contributors"))))
    return publisher


def _schema_org(g: Graph, union: Graph, publisher: Node, *, base_url: str) -> None:
    """schema.org, for dataset search engines (Google Dataset Search reads schema:Dataset)."""
    ds = _DATASET
    g.add((ds, RDF.type, SCHEMA.Dataset))
    g.add((ds, SCHEMA.name, _title(union)))
    description = union.value(_HEADER, DCTERMS.description)
    if description is not None:
        g.add((ds, SCHEMA.description, description))
    for value in union.objects(_HEADER, DCTERMS.license):
        g.add((ds, SCHEMA.license, value))
    g.add((ds, SCHEMA.url, URIRef(base_url)))
    g.add((ds, SCHEMA.version, _version(union)))
    g.add((ds, SCHEMA.creator, publisher))
    g.add((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/en")))
    g.add((ds, DCAT.landingPage, URIRef(base_url)))
    g.add((ds, FOAF.homepage, URIRef(base_url)))


def _statistics(g: Graph, dataset: Dataset, union: Graph) -> None:
    """VoID statistics, the URI space, example resources, vocabularies and the named graphs."""
    ds = _DATASET
    g.add((ds, VOID.triples, Literal(len(union))))
    subjects = {s for s in union.subjects() if isinstance(s, URIRef)}
    g.add((ds, VOID.distinctSubjects, Literal(len(subjects))))
    g.add((ds, VOID.properties, Literal(len(set(union.predicates())))))
    entities = [s for s in subjects if str(s).startswith(DATA_IRI)]
    g.add((ds, VOID.entities, Literal(len(entities))))
    g.add((ds, VOID.uriSpace, Literal(DATA_IRI)))
    g.add((ds, VOID.rootResource, KZD.statement if KZD.statement in subjects else ds))
    for name in EXAMPLES:
        if KZD[name] in subjects:
            g.add((ds, VOID.exampleResource, KZD[name]))
    for vocabulary in vocabularies(union):
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for kind, iri in sorted(GRAPHS.items()):
        size = len(dataset.graph(iri))
        if size:
            g.add((ds, VOID.subset, iri))
            g.add((iri, RDF.type, VOID.Dataset))
            g.add((iri, DCTERMS.title, Literal(f"kzreforms {kind} graph", lang="en")))
            g.add((iri, VOID.triples, Literal(size)))


#: The media types of the dumps (triple syntaxes): a dump is the dataset's own data.
_DUMP_TYPES = {f.media_type for f in FORMATS.values() if not f.quads}


def _distribution(g: Graph, union: Graph, item: Download, *, base_url: str) -> None:
    """One download as a ``dcat:Distribution`` with its size, checksum and licence."""
    url = URIRef(f"{base_url}dist/{item.name}")
    g.add((_DATASET, DCAT.distribution, url))
    g.add((url, RDF.type, DCAT.Distribution))
    g.add((url, DCTERMS.title, Literal(item.title, lang="en")))
    g.add((url, DCAT.downloadURL, url))
    g.add((url, DCAT.accessURL, url))
    g.add((url, DCAT.mediaType, URIRef(IANA + item.media_type)))
    g.add((url, DCTERMS.format, Literal(item.media_type)))
    own = item.name.startswith("kzreforms.")  # never the validation report beside them
    if own:
        g.add((_DATASET, SCHEMA.distribution, url))
        g.add((url, RDF.type, SCHEMA.DataDownload))
        g.add((url, SCHEMA.contentUrl, url))
        g.add((url, SCHEMA.encodingFormat, Literal(item.media_type)))
    g.add((url, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger)))
    checksum = BNode(f"checksum-{item.name}")
    g.add((url, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    for license_ in union.objects(_HEADER, DCTERMS.license):
        g.add((url, DCTERMS.license, license_))
    if own and item.media_type in _DUMP_TYPES:
        g.add((_DATASET, VOID.dataDump, url))


def vocabularies(graph: Graph) -> list[str]:
    """The namespaces of the predicates and classes ``graph`` uses, sorted."""
    terms = set(graph.predicates()) | {o for o in graph.objects(None, RDF.type)}
    out = set()
    for term in terms:
        text = str(term)
        cut = max(text.rfind("#"), text.rfind("/"))
        if cut > 0:
            out.add(text[: cut + 1])
    return sorted(out)
