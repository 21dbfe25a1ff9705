"""The resource views: one resource's page, and the index of every resource by kind."""

from __future__ import annotations

from collections import defaultdict

from rdflib import RDF, URIRef
from rdflib.term import Node

from ..namespaces import KZR
from .claimviews import claim_view
from .labels import ANCHORING_KINDS
from .model import DESCRIPTIONS, SiteModel
from .views import ResourceGroup, ResourceView, Value


def resource_view(model: SiteModel, subject: URIRef, jsonld: str) -> ResourceView:
    incoming = sorted(
        {
            (model.value(s), model.value(p))
            for s, p in model.graph.subject_predicates(subject)
            if isinstance(s, URIRef)
        }
    )
    view = claim_view(model, subject) if (subject, RDF.type, KZR.Claim) in model.graph else None
    where = model.selection(subject)
    read_at = None
    if where is not None and where[0] in model.source_texts():
        read_at = model.statement_path(where[0])
        if view is not None:
            read_at += f"#{view.slug}"
    if (subject, RDF.type, KZR.SourceText) in model.graph and subject in model.source_texts():
        read_at = model.statement_path(subject)
    return ResourceView(
        iri=str(subject),
        path=model.pages[subject],
        title=model.label(subject),
        kinds=model.kinds(subject),
        descriptions=model.texts(subject, DESCRIPTIONS),
        rows=model.rows(subject),
        incoming=tuple(incoming),
        jsonld=jsonld,
        claim=view,
        quote=where[3] if where else None,
        read_at=read_at,
    )


def resource_groups(model: SiteModel) -> list[ResourceGroup]:
    """Resources grouped by their most specific kind (the type with the fewest members).

    The text-anchoring records (Web Annotation targets and selectors) come last,
    flagged so the index can show them apart from the resources people look for.
    """
    g = model.graph
    members: dict[Node, int] = defaultdict(int)
    for subject in model.pages:
        for kind in g.objects(subject, RDF.type):
            members[kind] += 1
    groups: dict[str, list[Value]] = defaultdict(list)
    anchoring: set[str] = set()
    for subject in model.pages:
        kinds = sorted(g.objects(subject, RDF.type), key=lambda k: (members[k], str(k)))
        name = model.label(kinds[0]) if kinds else "Other"
        if kinds and str(kinds[0]) in ANCHORING_KINDS:
            anchoring.add(name)
        groups[name].append(Value(model.label(subject), model.pages[subject], iri=str(subject)))
    out = []
    for name in sorted(groups, key=lambda n: (n in anchoring, n.lower())):
        anchor = "kind-" + "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
        items = sorted(groups[name], key=lambda v: (v.text.lower(), v.iri or ""))
        out.append(ResourceGroup(name, anchor, tuple(items), name in anchoring))
    return out


__all__ = ["resource_groups", "resource_view"]
