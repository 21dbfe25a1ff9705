"""What every page of the site shows: its title, description, version, licence and menu."""

from __future__ import annotations

from typing import Any

from rdflib import OWL, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from .._version import __version__
from ..namespaces import BASE, KZD, ONTOLOGY_IRI
from . import sparqlpage


def site_info(union: Graph, *, base_url: str, has_statement: bool) -> dict[str, Any]:
    """The ``site`` value of every template, read from the ontology's header and the statement."""
    header = URIRef(ONTOLOGY_IRI)
    label = union.value(KZD.statement, RDFS.label)
    license_ = union.value(header, DCTERMS.license)
    description = union.value(header, DCTERMS.description)
    version = union.value(header, OWL.versionInfo)
    return {
        "title": f"kzreforms: {label}" if label else "kzreforms",
        "description": str(description or "A statement modelled as linked data."),
        "version": str(version or __version__),
        "generator": __version__,
        "license": str(license_) if license_ else "",
        "license_label": license_label(str(license_ or "")),
        "base": BASE,
        "base_url": base_url,
        "nav": _nav(has_statement),
    }


def _nav(has_statement: bool) -> list[dict[str, str]]:
    """The menu: key, label and path of each entry."""
    nav = [("home", "Home", "index.html")]
    if has_statement:
        nav.append(("statement", "Statement", "statement.html"))
    nav += [
        ("claims", "Claims", "claims.html"),
        ("resources", "Resources", "resources.html"),
        ("ontology", "Ontology", "ontology.html"),
        ("concepts", "Concepts", "concept/index.html"),
        ("downloads", "Downloads", "downloads.html"),
        ("search", "Search", "search.html"),
        ("sparql", "Query", sparqlpage.PAGE),
    ]
    return [{"key": k, "label": lbl, "path": p} for k, lbl, p in nav]


def license_label(url: str) -> str:
    """A short name for a licence IRI (``CC BY 4.0``), else the IRI.

    >>> license_label("https://creativecommons.org/licenses/by/4.0/")
    'CC BY 4.0'
    """
    if "creativecommons.org/licenses/by/4.0" in url:
        return "CC BY 4.0"
    return url


__all__ = ["license_label", "site_info"]
