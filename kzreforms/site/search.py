"""Search without a server: a JSON index written at build time, filtered in the browser.

``search-index.json`` holds every claim (its exact words, label, subject, reform
areas, status) and every resource people look for (its labels in every language,
the Kazakh and Russian names included, and its kinds); ``search.html`` filters
it as one types (``static/search.js``). The index is sorted and written with
sorted keys, so the same data gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.resources import files

from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from ..namespaces import KZR
from .claimsindex import ClaimEntry
from .labels import ANCHORING_KINDS
from .model import SiteModel

#: The index file and the page, at the root of the site.
SEARCH_INDEX = "search-index.json"
SEARCH_PAGE = "search.html"
#: Static scripts of the claims features, copied into ``static/``.
SCRIPTS = ("search.js", "cite.js")

_NAMES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SKOS.altLabel)


def search_index(model: SiteModel, claims: list[ClaimEntry] | tuple[ClaimEntry, ...]) -> str:
    """The search index as deterministic JSON text (sorted records, sorted keys, one line)."""
    claim_records = [
        {
            "href": c.href,
            "label": c.label,
            "quote": c.quote,
            "subject": c.subject.text if c.subject else "",
            "areas": [a.text for a in c.area],
            "status": c.status.text if c.status else "",
            "statement": c.statement_href,
        }
        for c in claims
    ]
    resources = []
    for subject, href in model.pages.items():
        types = {str(t) for t in model.graph.objects(subject, RDF.type)}
        if types & ANCHORING_KINDS or URIRef(KZR.Claim) in model.graph.objects(subject, RDF.type):
            continue
        resources.append(
            {
                "href": href,
                "label": model.label(subject),
                "names": _names(model, subject),
                "kinds": sorted({k.text for k in model.kinds(subject)}),
            }
        )
    data = {
        "claims": sorted(claim_records, key=lambda r: str(r["href"])),
        "resources": sorted(resources, key=lambda r: str(r["href"])),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _names(model: SiteModel, subject: URIRef) -> list[dict[str, str]]:
    """Every name of ``subject`` with its language ("" when untagged), sorted."""
    found = {
        (str(o), o.language or "")
        for p in _NAMES
        for o in model.graph.objects(subject, p)
        if isinstance(o, Literal)
    }
    return [
        {"lang": lang, "text": text} for text, lang in sorted(found, key=lambda n: (n[1], n[0]))
    ]


def publish_search(
    page: Callable[..., None],
    write: Callable[[str, bytes], object],
    model: SiteModel,
    claims: list[ClaimEntry] | tuple[ClaimEntry, ...],
) -> None:
    """Write the index, the search page and the scripts of the claims features."""
    write(SEARCH_INDEX, search_index(model, claims).encode("utf-8"))
    page(SEARCH_PAGE, "search.html", title="Search", nav="search", index_path=SEARCH_INDEX)
    for name in SCRIPTS:
        write(f"static/{name}", (files("kzreforms.site") / "static" / name).read_bytes())


__all__ = ["SCRIPTS", "SEARCH_INDEX", "SEARCH_PAGE", "publish_search", "search_index"]
