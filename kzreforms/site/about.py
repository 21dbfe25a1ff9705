"""The index page's "About this dataset": the dataset described to a person, from the graph.

What it is (the statement, its speaker and where it was delivered), who said what
(the claims and whom they are attributed to), what the editors added (notes,
outside sources, names), the licence, the version and how to download and cite
it. Every number is counted in the graph; nothing here is written by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from ..namespaces import BASE, KZR, ONTOLOGY_IRI
from .model import SiteModel
from .views import Value


@dataclass(frozen=True)
class Speaker:
    """Someone the claims are attributed to, and how many."""

    who: Value
    claims: int


@dataclass(frozen=True)
class AboutView:
    """What the index page says about the dataset."""

    lede: str
    """One sentence for the top of the page (and the page's description)."""
    statement: Value | None
    title: str
    session: Value | None
    claims: int
    speakers: tuple[Speaker, ...]
    sections: int
    editors: Value | None
    editorial_notes: int
    context_notes: int
    sources: int
    name_records: int
    classified: int
    """Things the editors classified by reform area."""
    version: str
    modified: str
    triples: int
    iri: str
    citation: str


def about_view(model: SiteModel, *, version: str) -> AboutView:
    """Describe the dataset in ``model`` for the index page.

    :param version: the version the site publishes (the ontology's ``owl:versionInfo``).
    """
    g = model.graph
    header = URIRef(ONTOLOGY_IRI)

    def count(kind: URIRef) -> int:
        return len(set(g.subjects(RDF.type, kind)))

    statements = sorted(s for s in g.subjects(RDF.type, KZR.Statement) if isinstance(s, URIRef))
    statement = statements[0] if statements else None
    title = ""
    session = None
    if statement is not None:
        title = str(g.value(statement, DCTERMS.title) or model.label(statement))
        where = g.value(statement, KZR.deliveredAt)
        session = model.value(where) if where is not None else None
    claims = set(g.subjects(RDF.type, KZR.Claim))
    said = Counter(a for c in claims for a in g.objects(c, PROV.wasAttributedTo))
    speakers = tuple(
        Speaker(model.value(who), n)
        for who, n in sorted(said.items(), key=lambda item: (-item[1], str(item[0])))
    )
    creator = g.value(header, DCTERMS.creator)
    modified = g.value(header, DCTERMS.modified)
    editors_name = ""
    if creator is not None:
        editors_name = str(g.value(creator, FOAF.name) or model.label(creator))
    name = f"kzreforms: {model.label(statement)}" if statement is not None else "kzreforms"
    year = str(modified)[:4] if isinstance(modified, Literal) else ""
    citation = ", ".join(part for part in (editors_name, year) if part)
    citation = f"{citation}. {name}, version {version}. {BASE}" if citation else name
    lede = f"The {model.label(statement)}" if statement is not None else "A statement"
    if session is not None:
        lede += f", delivered at {session.text}"
    lede += (
        f", as linked data: its {len(claims):,} claims, each attributed to its speaker and "
        "tied to its exact words"
    )
    if count(KZR.ContextNote):
        lede += ", with context the editors added from outside sources"
    lede += "."
    return AboutView(
        lede=lede,
        statement=model.value(statement) if statement is not None else None,
        title=title,
        session=session,
        claims=len(claims),
        speakers=speakers,
        sections=count(KZR.Section),
        editors=model.value(creator) if creator is not None else None,
        editorial_notes=count(KZR.EditorialNote),
        context_notes=count(KZR.ContextNote),
        sources=count(KZR.Source),
        name_records=count(KZR.NameRecord),
        classified=len(set(g.subjects(KZR.reformArea, None))),
        version=version,
        modified=str(modified or ""),
        triples=len(g),
        iri=BASE,
        citation=citation,
    )


__all__ = ["AboutView", "Speaker", "about_view"]
