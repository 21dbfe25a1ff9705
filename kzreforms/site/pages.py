"""The pages read from the page views: resources, statements, the index pages and versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import OWL, Graph, URIRef

from ..namespaces import BASE, ONTOLOGY_IRI
from .about import about_view
from .aside import aside
from .model import SiteModel
from .resourceviews import resource_groups, resource_view
from .versions import read_versions
from .views import StatementView
from .writer import Page, SiteWriter, Written, jsonld_for


def resource_pages(out: SiteWriter, page: Page, model: SiteModel) -> None:
    """``id/…`` and ``concept/…``: each resource's page, Turtle and JSON-LD.

    Every other resource is made in a forked child (:func:`.aside.aside`, which
    runs it here where forking is not safe) while this process makes the rest:
    each resource's files depend on the model alone, so the bytes are the same.
    """
    resources = sorted(model.pages.items())

    def every_other() -> Written:
        return out.detached(lambda: _resource_files(out, page, model, resources[1::2]))

    pending = aside(every_other)
    try:
        _resource_files(out, page, model, resources[0::2])
        out.add(pending.result())
    except BaseException:
        pending.cancel()
        raise


def _resource_files(
    out: SiteWriter, page: Page, model: SiteModel, resources: Sequence[tuple[URIRef, str]]
) -> None:
    for subject, html_path in resources:
        own = model.own_triples(subject)
        jsonld = jsonld_for(own)
        stem = html_path[: -len(".html")]
        resource = resource_view(model, subject, jsonld)
        page(
            html_path,
            "resource.html",
            title=resource.title,
            nav="resources",
            r=resource,
            stem=stem.rsplit("/", 1)[-1],
            summary=resource.descriptions[0] if resource.descriptions else resource.title,
        )
        out.rdf(stem, own, jsonld)


def statement_pages(page: Page, statements: Sequence[StatementView]) -> None:
    """One page per source text, its claims highlighted."""
    for statement in statements:
        page(
            statement.path,
            "statement.html",
            title=statement.title,
            nav="statement",
            statement=statement,
        )


def resources_index(page: Page, model: SiteModel) -> None:
    """``resources.html``: every resource, grouped by kind."""
    page(
        "resources.html",
        "resources.html",
        title="Resources",
        nav="resources",
        groups=resource_groups(model),
    )


def home_page(
    page: Page,
    model: SiteModel,
    *,
    site: Mapping[str, Any],
    counts: Mapping[str, int],
    description_jsonld: str,
    statements: Sequence[StatementView],
) -> None:
    """``index.html``: what the dataset is, its numbers, and its DCAT description embedded."""
    about = about_view(model, version=site["version"])
    page(
        "index.html",
        "index.html",
        title=site["title"],
        nav="home",
        summary=about.lede,
        description_jsonld=description_jsonld,
        statement_path=statements[0].path if statements else "",
        counts=counts,
        about=about,
        license_label=site["license_label"],
    )


def versions_page(page: Page, ontology: Graph) -> None:
    """``versions.html``: the change list, and the page of the version this site publishes."""
    version_iri = ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    page(
        "versions.html",
        "versions.html",
        title="Versions",
        nav="",
        versions=read_versions(),
        version_iri=str(version_iri or ""),
        version_page=str(version_iri)[len(BASE) :] + ".html" if version_iri else "",
    )


__all__ = ["home_page", "resource_pages", "resources_index", "statement_pages", "versions_page"]
