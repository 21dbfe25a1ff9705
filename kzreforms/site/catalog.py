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
    for prefix, ns in (
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("rdfs", RDFS),
        ("spdx", SPDX),
        ("void", VOID),
        ("xsd", XSD),
        ("owl", OWL),
    ):
        g.bind(prefix, ns)
    ds = URIRef(BASE)
    header = URIRef(ONTOLOGY_IRI)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))

    statement = KZD.statement
    title = union.value(statement, RDFS.label) or union.value(header, DCTERMS.title)
    g.add((ds, DCTERMS.title, Literal(f"kzreforms: {title}" if title else "kzreforms", lang="en")))
    description = union.value(header, DCTERMS.description)
    if description is not None:
        g.add((ds, DCTERMS.description, description))
    for predicate in (DCTERMS.license, DCTERMS.created, DCTERMS.modified):
        for value in union.objects(header, predicate):
            target = {DCTERMS.created: DCTERMS.issued}.get(predicate, predicate)
            g.add((ds, target, value))
    version = union.value(header, OWL.versionInfo)
    g.add((ds, DCAT_VERSION, Literal(str(version) if version is not None else __version__)))
    g.add((ds, OWL.versionInfo, Literal(str(version) if version is not None else __version__)))
    # The publisher is the editors, the one IRI the ontology, data and shapes name as creator.
    creator = union.value(header, DCTERMS.creator)
    publisher = creator if isinstance(creator, URIRef) else BNode("publisher")
    named = union.value(publisher, FOAF.name) or (creator if isinstance(creator, Literal) else None)
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(str(named or "kzreforms contributors"))))
    # schema.org, for dataset search engines (Google Dataset Search reads schema:Dataset).
    g.bind("schema", SCHEMA)
    g.add((ds, RDF.type, SCHEMA.Dataset))
    g.add((ds, SCHEMA.name, Literal(f"kzreforms: {title}" if title else "kzreforms", lang="en")))
    if description is not None:
        g.add((ds, SCHEMA.description, description))
    for value in union.objects(header, DCTERMS.license):
        g.add((ds, SCHEMA.license, value))
    g.add((ds, SCHEMA.url, URIRef(base_url)))
    g.add((ds, SCHEMA.version, Literal(str(version) if version is not None else __version__)))
    g.add((ds, SCHEMA.creator, publisher))
    g.add((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/en")))
    g.add((ds, DCAT.landingPage, URIRef(base_url)))
    g.add((ds, FOAF.homepage, URIRef(base_url)))

    # VoID statistics and the URI space.
    g.add((ds, VOID.triples, Literal(len(union))))
    subjects = {s for s in union.subjects() if isinstance(s, URIRef)}
    g.add((ds, VOID.distinctSubjects, Literal(len(subjects))))
    g.add((ds, VOID.properties, Literal(len(set(union.predicates())))))
    entities = [s for s in subjects if str(s).startswith(DATA_IRI)]
    g.add((ds, VOID.entities, Literal(len(entities))))
    g.add((ds, VOID.uriSpace, Literal(DATA_IRI)))
    g.add((ds, VOID.rootResource, statement if statement in subjects else ds))
    for name in EXAMPLES:
        example = KZD[name]
        if example in subjects:
            g.add((ds, VOID.exampleResource, example))
    for vocabulary in vocabularies(union):
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for kind, iri in sorted(GRAPHS.items()):
        size = len(dataset.graph(iri))
        if size:
            g.add((ds, VOID.subset, iri))
            g.add((iri, RDF.type, VOID.Dataset))
            g.add((iri, DCTERMS.title, Literal(f"kzreforms {kind} graph", lang="en")))
            g.add((iri, VOID.triples, Literal(size)))

    for item in downloads:
        url = URIRef(f"{base_url}dist/{item.name}")
        g.add((ds, DCAT.distribution, url))
        g.add((url, RDF.type, DCAT.Distribution))
        g.add((url, DCTERMS.title, Literal(item.title, lang="en")))
        g.add((url, DCAT.downloadURL, url))
        g.add((url, DCAT.accessURL, url))
        g.add((url, DCAT.mediaType, URIRef(IANA + item.media_type)))
        g.add((url, DCTERMS.format, Literal(item.media_type)))
        if item.name.startswith("kzreforms."):
            g.add((ds, SCHEMA.distribution, url))
            g.add((url, RDF.type, SCHEMA.DataDownload))
            g.add((url, SCHEMA.contentUrl, url))
            g.add((url, SCHEMA.encodingFormat, Literal(item.media_type)))
        g.add((url, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger)))
        checksum = BNode(f"checksum-{item.name}")
        g.add((url, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
        for license_ in union.objects(header, DCTERMS.license):
            g.add((url, DCTERMS.license, license_))
        # A dump is the dataset's own data, never the validation report beside it.
        dump_types = {f.media_type for f in FORMATS.values() if not f.quads}
        if item.media_type in dump_types and item.name.startswith("kzreforms."):
            g.add((ds, VOID.dataDump, url))
    return g


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
