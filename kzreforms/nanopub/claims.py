"""Every claim of the statement as a nanopublication, with a Trusty URI.

One nanopublication per ``kzr:Claim`` (http://nanopub.org/guidelines/working_draft/):

- the **assertion** holds what the speaker claims: the claim node with what it
  asserts (its subject, status, direction, values, year …) and the quantities it
  states, never its provenance;
- the **provenance** says who said it (``prov:wasAttributedTo`` the speaker), where
  (the statement and its section) and in which words (the claim's text target with
  its quote and position selectors into the source text);
- the **publication info** says who published it (the editors), under which licence,
  in which version of kzreforms and when (the dataset's ``dcterms:modified``).

Each gets a Trusty URI (RA module, :mod:`kzreforms.nanopub.trusty`) under
``https://w3id.org/kzreforms/np/{claim}/``, computed offline; the same data gives
the same bytes on every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .._version import __version__
from ..dataset import as_dataset
from ..errors import InputError
from ..graphs import union_graph
from ..namespaces import BASE, KZD, KZR, NANOPUB_IRI, OA
from ..output import write_files_atomic
from .assemble import build_nanopub, temporary_iris, to_trig

#: The licence of the data, repeated in every publication info graph.
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
#: The editors, who publish the nanopublications (never the speaker).
EDITORS = KZD["kzreforms-editors"]
#: What a claim carries about where it comes from: these go to the provenance graph.
_PROVENANCE = frozenset({PROV.wasAttributedTo, KZR.inSection, SDO.appearance, KZR.textTarget})


def claim_nanopub(dataset: Dataset | Graph | None = None, *, claim: URIRef) -> Dataset:
    """Return the trusty nanopublication of one claim of ``dataset`` (the packaged one by default).

    :raises InputError: ``claim`` is not a ``kzr:Claim`` of the dataset, or has no speaker.

    >>> from kzreforms.namespaces import KZD
    >>> np = claim_nanopub(claim=KZD["claim-petitions-submitted"])
    >>> sorted(str(g.identifier).rsplit("#", 1)[1] for g in np.graphs() if len(g))
    ['Head', 'assertion', 'provenance', 'pubinfo']
    """
    data = _union(dataset)
    if (claim, RDF.type, KZR.Claim) not in data:
        raise InputError(f"<{claim}> is not a kzr:Claim of the dataset", parameter="claim")
    speakers = _sorted(data.objects(claim, PROV.wasAttributedTo))
    if not speakers:
        raise InputError(f"<{claim}> has no prov:wasAttributedTo: say who made the claim")
    slug = _slug(claim)
    iris = temporary_iris(f"{NANOPUB_IRI}{slug}/")
    assertion, provenance, pubinfo = Graph(), Graph(), Graph()
    for prefix, namespace in data.namespaces():
        for graph in (assertion, provenance, pubinfo):
            graph.bind(prefix, namespace)
    for p, o in data.predicate_objects(claim):
        (provenance if p in _PROVENANCE else assertion).add((claim, p, o))
    for quantity in _sorted(data.objects(claim, KZR.statedQuantity)) + _sub_quantities(data, claim):
        for p, o in data.predicate_objects(quantity):
            (provenance if p == KZR.textTarget else assertion).add((quantity, p, o))
    for target in _sorted(provenance.objects(None, KZR.textTarget)):
        _copy_words(data, target, provenance)
    for speaker in speakers:
        provenance.add((iris.assertion, PROV.wasAttributedTo, speaker))
    for statement in _sorted(data.objects(claim, SDO.appearance)):
        provenance.add((iris.assertion, PROV.wasDerivedFrom, statement))
    for target in _sorted(data.objects(claim, KZR.textTarget)):
        provenance.add((iris.assertion, PROV.wasQuotedFrom, target))
    pubinfo.add((iris.nanopub, DCTERMS.creator, EDITORS))
    pubinfo.add((iris.nanopub, PROV.wasAttributedTo, EDITORS))
    pubinfo.add((iris.nanopub, DCTERMS.license, LICENSE))
    pubinfo.add((iris.nanopub, SDO.version, Literal(__version__)))
    pubinfo.add((iris.nanopub, DCTERMS.isPartOf, URIRef(BASE)))
    pubinfo.add(
        (
            iris.nanopub,
            RDFS.label,
            Literal(f"Nanopublication of the claim “{_label(data, claim)}”", lang="en"),
        )
    )
    releases = _sorted(
        date
        for ontology in data.subjects(RDF.type, OWL.Ontology)
        for date in data.objects(ontology, DCTERMS.modified)
    )
    if releases:  # the date of this edition of the data, so every run gives the same bytes
        pubinfo.add((iris.nanopub, DCTERMS.created, releases[-1]))
    return build_nanopub(
        assertion=assertion, provenance=provenance, pubinfo=pubinfo, base=str(iris.nanopub)
    )


def claim_nanopubs(dataset: Dataset | Graph | None = None) -> Iterator[tuple[str, Dataset]]:
    """Yield ``(claim name, nanopublication)`` for every claim, sorted by claim IRI."""
    data = _union(dataset)
    claims = sorted(c for c in data.subjects(RDF.type, KZR.Claim) if isinstance(c, URIRef))
    if not claims:
        raise InputError("the dataset holds no kzr:Claim to publish as a nanopublication")
    for claim in claims:
        yield _slug(claim), claim_nanopub(data, claim=claim)


def export_nanopubs(dataset: Dataset | Graph | None = None, *, output: str | Path) -> list[Path]:
    """Write one TriG file per claim, ``{claim}.trig``, into the folder ``output``; return them.

    Every nanopublication is built before the first file is written, and the set is
    written at once: on bad data, a failure or Ctrl-C the folder is left as it was.

    >>> import tempfile
    >>> paths = export_nanopubs(output=tempfile.mkdtemp())
    >>> len(paths), paths[0].suffix
    (41, '.trig')
    """
    payloads = {f"{slug}.trig": to_trig(np) for slug, np in claim_nanopubs(dataset)}
    return write_files_atomic(output, payloads)


def _union(dataset: Dataset | Graph | None) -> Graph:
    if isinstance(dataset, Graph) and not isinstance(dataset, Dataset):
        return dataset
    return union_graph(list(as_dataset(dataset).graphs()))


def _slug(claim: URIRef) -> str:
    text = str(claim)
    slug = (
        text[len(str(KZD)) :] if text.startswith(str(KZD)) else text.rstrip("/#").rsplit("/", 1)[-1]
    )
    if not slug or "/" in slug or "#" in slug:
        raise InputError(f"<{claim}>: cannot derive a file name for its nanopublication")
    return slug


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    """Nodes in a stable order (rdflib terms do not compare across kinds)."""
    return sorted(nodes, key=lambda node: (type(node).__name__, str(node)))


def _label(data: Graph, node: Node) -> str:
    label = data.value(node, RDFS.label)
    return str(label) if label is not None else str(node)


def _sub_quantities(data: Graph, claim: URIRef) -> list[Node]:
    """Quantities linked by sub-properties of kzr:statedQuantity (valueBefore, approvalShare …)."""
    subs = set(data.subjects(RDFS.subPropertyOf, KZR.statedQuantity))
    found = {o for p in subs for o in data.objects(claim, p)}
    return _sorted(found - set(data.objects(claim, KZR.statedQuantity)))


def _copy_words(data: Graph, target: Node, into: Graph) -> None:
    """Copy a text target and its selectors (the words, their offsets) into ``into``."""
    for p, o in data.predicate_objects(target):
        into.add((target, p, o))
        if p == OA.hasSelector:
            for q, v in data.predicate_objects(o):
                into.add((o, q, v))
