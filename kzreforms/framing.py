"""The framed JSON-LD view: each ``kzr:Claim`` with what it references nested inside it.

The view is made with JSON-LD 1.1 framing (pyld) and holds exactly the triples
of the flat export:

- every claim is a top-level entry; nested in it are the nodes that belong to
  claims only (its text target and selectors, its quantities, the things it is
  about when nothing but claims refers to them), repeated in each claim that
  refers to them;
- every other node (the statement, its sections, shared people and concepts,
  anything no claim reaches) is a top-level entry of its own, referred to by IRI;
- labels and other strings are plain JSON strings under ``"@language": "en"``.

Nothing depends on the names of the claim's properties: the frame only names
``kzr:Claim``. No document is ever loaded: pyld is given a loader that refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import RDF

from .errors import RemoteContextError
from .vocab import KZR

CLAIM = str(KZR.Claim)
RDF_TYPE = str(RDF.type)
DEFAULT_LANGUAGE = "en"


def _refuse(url: str, options: Any = None) -> Any:
    raise RemoteContextError(f"the JSON-LD frame asked for {url!r}; kzreforms never fetches")


_OPTIONS: dict[str, Any] = {"documentLoader": _refuse, "processingMode": "json-ld-1.1"}


def _blank_prefix(texts: Iterable[str]) -> str:
    """A private IRI prefix for blank nodes while framing (pyld renames blank nodes)."""
    prefix = "urn:x-kzreforms-blank:"
    joined = "\n".join(texts)
    while prefix in joined:
        prefix += "x:"
    return prefix


def _walk_ids(node: Any, change: Any) -> Any:
    """Return ``node`` with ``change`` applied to every ``@id`` value."""
    if isinstance(node, list):
        return [_walk_ids(item, change) for item in node]
    if isinstance(node, dict):
        return {
            key: change(value) if key == "@id" else _walk_ids(value, change)
            for key, value in node.items()
        }
    return node


def _references(node: dict[str, Any]) -> list[str]:
    """The ``@id`` of every node ``node`` points at (values, list members)."""
    out: list[str] = []
    for key, values in node.items():
        if key.startswith("@"):
            continue
        stack = list(values)
        while stack:
            value = stack.pop()
            if "@list" in value:
                stack.extend(value["@list"])
            elif "@id" in value:
                out.append(value["@id"])
    return out


def _is_claim(node: dict[str, Any]) -> bool:
    return CLAIM in node.get("@type", [])


def _owned(nodes: dict[str, dict[str, Any]]) -> set[str]:
    """Nodes referred to only by claims or by other owned nodes (the least such set)."""
    referrers: dict[str, set[str]] = {}
    for subject, node in nodes.items():
        for target in _references(node):
            referrers.setdefault(target, set()).add(subject)
    claims = {subject for subject, node in nodes.items() if _is_claim(node)}
    owned: set[str] = set()
    changed = True
    while changed:
        changed = False
        for subject in sorted(nodes):
            if subject in owned or subject in claims or subject not in referrers:
                continue
            if referrers[subject] <= claims | owned:
                owned.add(subject)
                changed = True
    return owned


def _reachable(start: str, nodes: dict[str, dict[str, Any]], owned: set[str]) -> list[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in _references(nodes[stack.pop()]):
            if target in owned and target not in seen:
                seen.add(target)
                stack.append(target)
    return sorted(seen)


def _plain_string_terms(
    documents: list[list[dict[str, Any]]], context: dict[str, Any]
) -> dict[str, Any]:
    """Terms with ``"@language": null`` for properties whose values are all plain strings."""
    plain: set[str] = set()
    other: set[str] = set()
    for nodes in documents:
        for node in nodes:
            for key, values in node.items():
                if key.startswith("@"):
                    continue
                for value in values:
                    is_plain = set(value) == {"@value"} and isinstance(value["@value"], str)
                    (plain if is_plain else other).add(key)
    terms: dict[str, Any] = {}
    for iri in sorted(plain - other):
        terms[_term_for(iri, context)] = {"@id": iri, "@language": None}
    return terms


def _term_for(iri: str, context: dict[str, Any]) -> str:
    """The term the project context gives ``iri``, else its compact IRI, else ``iri``."""
    named = sorted(
        term
        for term, value in context.items()
        if not term.startswith("@")
        and isinstance(value, dict)
        and _expand(value.get("@id", ""), context) == iri
        and "@container" not in value
    )
    if named:
        return named[0]
    best = ("", "")
    for prefix, namespace in context.items():
        if (
            isinstance(namespace, str)
            and namespace[-1:] in ("/", "#")
            and iri.startswith(namespace)
            and len(iri) > len(namespace) > len(best[1])
        ):
            best = (prefix, namespace)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best[0] else iri


def _expand(value: str, context: dict[str, Any]) -> str:
    prefix, _, local = value.partition(":")
    namespace = context.get(prefix)
    return namespace + local if isinstance(namespace, str) and local[:2] != "//" else value


def _frame_graph(
    nodes: dict[str, dict[str, Any]], owned: set[str], context: dict[str, Any]
) -> list[Any]:
    from pyld import jsonld

    items: list[Any] = []
    frame = {"@context": context, "@type": CLAIM, "@embed": "@always"}
    for subject in sorted(s for s, node in nodes.items() if _is_claim(node)):
        inputs = [nodes[subject], *(nodes[t] for t in _reachable(subject, nodes, owned))]
        framed = jsonld.frame(inputs, frame, {**_OPTIONS, "omitGraph": False})
        items.extend(framed["@graph"])
    rest = [nodes[s] for s in sorted(nodes) if s not in owned and not _is_claim(nodes[s])]
    if rest:
        compacted = jsonld.compact(rest, context, {**_OPTIONS, "graph": True})
        items.extend(compacted["@graph"])
    return items


def _restore_blanks(document: Any, prefix: str) -> Any:
    """Turn the private IRIs back into blank nodes; drop labels used once (as JSON-LD 1.1 does)."""
    counts: dict[str, int] = {}

    def restore(node: Any) -> Any:
        if isinstance(node, list):
            return [restore(item) for item in node]
        if isinstance(node, dict):
            return {key: restore(value) for key, value in node.items()}
        if isinstance(node, str) and node.startswith(prefix):
            label = "_:" + node[len(prefix) :]
            counts[label] = counts.get(label, 0) + 1
            return label
        return node

    restored = restore(document)

    def prune(node: Any) -> Any:
        if isinstance(node, list):
            return [prune(item) for item in node]
        if isinstance(node, dict):
            out = {key: prune(value) for key, value in node.items()}
            label = out.get("@id")
            if isinstance(label, str) and counts.get(label) == 1 and len(out) > 1:
                del out["@id"]
            return out
        return node

    return prune(restored)


def framed_document(
    graphs: list[tuple[str | None, str]],
    *,
    context: dict[str, Any],
    context_ref: str | None = None,
) -> dict[str, Any]:
    """Return the framed JSON-LD document for ``graphs``.

    :param graphs: ``(graph IRI, N-Triples)`` pairs; ``None`` for the default graph. With one
        pair the nodes are written at the top level; with several, one named graph each.
    :param context: the project's JSON-LD context (used to compact).
    :param context_ref: an IRI to name the project context by, instead of embedding it.

    >>> triple = f"<urn:c> <{RDF_TYPE}> <{CLAIM}> ."
    >>> doc = framed_document([(None, triple)], context={})
    >>> doc["@graph"][0]["@id"], doc["@context"]["@language"]
    ('urn:c', 'en')
    """
    from pyld import jsonld

    prefix = _blank_prefix(text for _, text in graphs)

    def hide(label: str) -> str:
        return prefix + label[2:] if label.startswith("_:") else label

    expanded = []
    for _, text in graphs:
        nodes = jsonld.from_rdf(text, {**_OPTIONS, "format": "application/n-quads"})
        expanded.append(_walk_ids(nodes, hide))
    extra: dict[str, Any] = {
        "@language": DEFAULT_LANGUAGE,
        **_plain_string_terms(expanded, context),
    }
    full = {**context, **extra}
    bodies = []
    for (iri, _), nodes in zip(graphs, expanded, strict=True):
        by_id = {node["@id"]: node for node in nodes}
        bodies.append((iri, _frame_graph(by_id, _owned(by_id), full)))
    if len(bodies) == 1:
        top: list[Any] = bodies[0][1]
    else:
        top = []
        for iri, items in bodies:
            if iri is None:
                top.extend(items)
            else:
                top.append({"@id": iri, "@graph": items})
    return {
        "@context": [context_ref, extra] if context_ref else full,
        "@graph": _restore_blanks(top, prefix),
    }
