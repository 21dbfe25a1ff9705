"""Nanopublications: one citable claim as four named graphs under a Trusty URI.

A nanopublication (http://nanopub.org/guidelines/working_draft/) is a head graph
that links three others: the assertion, its provenance, and the publication info.
:func:`build_nanopub` assembles one from three rdflib graphs and a base IRI, gives it
a Trusty URI (RA module, :mod:`kzreforms.nanopub.trusty`) and returns it as a Dataset;
:func:`to_trig` writes it byte-identically on every run; :func:`check_nanopub`
lists what breaks the structure rules.

Not done here: signatures (``npx:hasSignature``, RSA keys) and publishing to a
nanopub server. A trusty nanopublication is tamper-evident without them; a
signature would add who vouches for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DefinedNamespace, Namespace

from ..errors import InputError
from ..formats import get_format
from ..graphs import new_dataset
from ..writers import serialize
from .trusty import CLASSIC, UriStyle, make_trusty


class NP(DefinedNamespace):
    """The nanopublication schema (http://www.nanopub.org/nschema#)."""

    _fail = True
    _NS = Namespace("http://www.nanopub.org/nschema#")

    Nanopublication: URIRef  # a nanopublication: the subject of its head graph
    hasAssertion: URIRef  # links a nanopublication to its assertion graph
    hasProvenance: URIRef  # links a nanopublication to its provenance graph
    hasPublicationInfo: URIRef  # links a nanopublication to its publication-info graph


_GUIDELINES = "http://nanopub.org/guidelines/working_draft/"


@dataclass(frozen=True)
class NanopubIris:
    """The IRIs of a nanopublication and its four graphs (temporary ones before the Trusty URI)."""

    nanopub: URIRef
    head: URIRef
    assertion: URIRef
    provenance: URIRef
    pubinfo: URIRef


def temporary_iris(base: str) -> NanopubIris:
    """Return the IRIs to use inside the three graphs before :func:`build_nanopub` runs.

    The provenance graph should speak about ``assertion``, the publication info
    about ``nanopub``; both become Trusty URIs in the result.

    >>> temporary_iris("https://w3id.org/kzreforms/np/claim-foo/").assertion
    rdflib.term.URIRef('https://w3id.org/kzreforms/np/claim-foo/assertion')
    """
    if not base.endswith("/") or "#" in base:
        raise InputError(
            f"nanopub base {base!r} must end with '/' and hold no '#', "
            "e.g. https://w3id.org/kzreforms/np/claim-foo/"
        )
    return NanopubIris(
        nanopub=URIRef(base),
        head=URIRef(base + "Head"),
        assertion=URIRef(base + "assertion"),
        provenance=URIRef(base + "provenance"),
        pubinfo=URIRef(base + "pubinfo"),
    )


def build_nanopub(
    *,
    assertion: Graph,
    provenance: Graph,
    pubinfo: Graph,
    base: str,
    style: UriStyle = CLASSIC,
) -> Dataset:
    """Assemble a trusty nanopublication from its three content graphs.

    Writes the head graph, puts each graph under its temporary IRI (see
    :func:`temporary_iris`), then applies the Trusty URI: every IRI under ``base``
    and every blank node is rewritten to carry the RA artifact code.

    :param base: ends with ``/``; the nanopublication's URI becomes ``base + "RA…"``.
    :param style: the separators around the code (:data:`~kzreforms.nanopub.trusty.CLASSIC`:
        ``…/RA…#assertion``; :data:`~kzreforms.nanopub.trusty.SLASH`: ``…/RA…/assertion``).
    :raises InputError: the result breaks a structure rule (see :func:`check_nanopub`).

    >>> from rdflib import Literal
    >>> iris = temporary_iris("https://example.org/np/x/")
    >>> a, p, i = Graph(), Graph(), Graph()
    >>> _ = a.add((URIRef("https://example.org/s"), RDF.value, Literal(1)))
    >>> _ = p.add((iris.assertion, RDF.type, URIRef("https://example.org/Claim")))
    >>> _ = i.add((iris.nanopub, RDF.type, URIRef("https://example.org/Pub")))
    >>> np = build_nanopub(assertion=a, provenance=p, pubinfo=i, base="https://example.org/np/x/")
    >>> nanopub_uri(np)
    'https://example.org/np/x/RAeyIB_oDQZqNrqniUOpRknnOjSTLvlqLqkhI9JYwWrAo'
    """
    iris = temporary_iris(base)
    draft = new_dataset()
    for graph in (assertion, provenance, pubinfo):
        for prefix, namespace in sorted(graph.namespaces()):
            draft.bind(prefix, namespace, override=False)
    draft.bind("np", NP._NS, override=True, replace=True)
    head = draft.graph(iris.head)
    head.add((iris.nanopub, RDF.type, NP.Nanopublication))
    head.add((iris.nanopub, NP.hasAssertion, iris.assertion))
    head.add((iris.nanopub, NP.hasProvenance, iris.provenance))
    head.add((iris.nanopub, NP.hasPublicationInfo, iris.pubinfo))
    for name, graph in (
        (iris.assertion, assertion),
        (iris.provenance, provenance),
        (iris.pubinfo, pubinfo),
    ):
        target = draft.graph(name)
        for triple in graph:
            target.add(triple)
    _, trusty = make_trusty(draft, base=base, style=style)
    problems = check_nanopub(trusty)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"nanopublication under <{base}>: {problems[0]}{more} ({_GUIDELINES})")
    return trusty


def nanopub_uri(dataset: Dataset) -> str:
    """Return the IRI typed ``np:Nanopublication`` in ``dataset``.

    :raises InputError: there is none, or more than one.
    """
    found = sorted(
        {str(s) for s, _, _, _ in dataset.quads((None, RDF.type, NP.Nanopublication, None))}
    )
    if len(found) != 1:
        raise InputError(
            f"expected one np:Nanopublication, found {len(found)}: "
            f"{', '.join(f'<{uri}>' for uri in found) or 'none'}"
        )
    return found[0]


def to_trig(dataset: Dataset) -> bytes:
    """Write a nanopublication as TriG, byte-identical on every run and ``PYTHONHASHSEED``.

    Graphs come out sorted by IRI (the head first), triples sorted within each,
    literals with their lexical form unchanged (so the Trusty URI still verifies
    when the file is read back, see :func:`kzreforms.nanopub.trusty.verify_file`).
    """
    graphs = [graph for graph in dataset.graphs() if len(graph)]
    return serialize(graphs, get_format("trig"))


def check_nanopub(dataset: Dataset) -> list[str]:
    """List what breaks the nanopublication structure rules; an empty list means none.

    The rules (nanopub guidelines and nanopub-java's checks): exactly four named
    graphs and no default-graph triples; one head graph in which one IRI is typed
    ``np:Nanopublication`` and links exactly one assertion, provenance and
    publication-info graph, all distinct and named under the nanopublication's IRI;
    a non-empty assertion; a provenance graph that speaks about the assertion graph;
    publication info that speaks about the nanopublication; no ill-typed literal.

    >>> check_nanopub(Dataset())  # doctest: +ELLIPSIS
    ['no graph types an IRI as np:Nanopublication: add a head graph with ...']
    """
    problems: list[str] = []
    graphs = {g.identifier: g for g in dataset.graphs() if len(g)}
    if DATASET_DEFAULT_GRAPH_ID in graphs:
        problems.append(
            f"{len(graphs.pop(DATASET_DEFAULT_GRAPH_ID))} triple(s) in the default graph: "
            "every triple of a nanopublication belongs in one of its four named graphs"
        )
    heads = sorted(
        {(g, s) for s, _, _, g in dataset.quads((None, RDF.type, NP.Nanopublication, None))},
        key=str,
    )
    if not heads:
        return [
            *problems,
            "no graph types an IRI as np:Nanopublication: "
            "add a head graph with <uri> a np:Nanopublication",
        ]
    if len(heads) > 1:
        listed = ", ".join(f"<{np}> in <{g}>" for g, np in heads)
        return [*problems, f"more than one np:Nanopublication ({listed}): write one per file"]
    head_name, np_node = heads[0]
    if not isinstance(np_node, URIRef) or not isinstance(head_name, URIRef):
        return [*problems, "the nanopublication and its head graph must be named by IRIs"]
    np_iri: URIRef = np_node
    head = graphs.get(head_name, Graph())
    parts: dict[str, URIRef | None] = {}
    for label, link in (
        ("assertion", NP.hasAssertion),
        ("provenance", NP.hasProvenance),
        ("publication info", NP.hasPublicationInfo),
    ):
        targets = sorted(set(head.objects(np_iri, link)), key=str)
        if len(targets) != 1 or not isinstance(targets[0], URIRef):
            problems.append(
                f"the head graph <{head_name}> links {len(targets)} {label} graph(s) with "
                f"np:{link.split('#')[1]}: it must link exactly one, by IRI"
            )
            parts[label] = None
        else:
            parts[label] = targets[0]
    named = [head_name, *(iri for iri in parts.values() if iri is not None)]
    if len(set(named)) != len(named):
        problems.append(
            "the head, assertion, provenance and publication-info graphs need four distinct IRIs"
        )
    for iri in named:
        if not str(iri).startswith(str(np_iri)):
            problems.append(
                f"graph <{iri}> is not named under the nanopublication's IRI <{np_iri}>"
            )
    extra = sorted(str(g) for g in graphs if g not in set(named))
    if extra:
        problems.append(
            f"graph(s) {', '.join(f'<{g}>' for g in extra)} are not part of the nanopublication: "
            "a nanopublication has exactly four graphs"
        )
    assertion, provenance, pubinfo = (
        parts[k] for k in ("assertion", "provenance", "publication info")
    )
    if assertion is not None and assertion not in graphs:
        problems.append(
            f"the assertion graph <{assertion}> is empty: a nanopublication asserts something"
        )
    if (
        provenance is not None
        and assertion is not None
        and not _mentions(graphs.get(provenance), assertion)
    ):
        problems.append(
            f"the provenance graph <{provenance}> says nothing about the assertion graph "
            f"<{assertion}>: add e.g. <{assertion}> prov:wasAttributedTo <someone>"
        )
    if pubinfo is not None and not _mentions(graphs.get(pubinfo), np_iri):
        problems.append(
            f"the publication-info graph <{pubinfo}> says nothing about the nanopublication "
            f"<{np_iri}>: add e.g. its dcterms:created or dcterms:license"
        )
    for graph_name in sorted(graphs, key=str):
        for _, _, obj in sorted(graphs[graph_name], key=lambda t: tuple(map(str, t))):
            if isinstance(obj, Literal) and obj.ill_typed:
                problems.append(
                    f'"{obj}"^^<{obj.datatype}> in graph <{graph_name}> is not a valid '
                    "value of its datatype: fix the value or the datatype"
                )
    return problems


def _mentions(graph: Graph | None, node: URIRef) -> bool:
    if graph is None:
        return False
    return (node, None, None) in graph or (None, None, node) in graph


__all__ = [
    "NP",
    "NanopubIris",
    "build_nanopub",
    "check_nanopub",
    "nanopub_uri",
    "temporary_iris",
    "to_trig",
]
