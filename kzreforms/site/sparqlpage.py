"""The site's SPARQL page: the dataset queried in the reader's browser, no server needed.

The page (``templates/sparql.html``, its script ``static/sparql.js``) loads the
site's own TriG dump into Oxigraph's WebAssembly build, vendored in
``static/vendor/oxigraph/`` from the ``oxigraph`` npm package (:data:`OXIGRAPH_VERSION`;
its README says how to update it). The competency questions (``queries/*.rq``) are
its ready examples. Everything the page needs is published beside it: nothing is
fetched from elsewhere when it is viewed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from rdflib import Dataset, URIRef

from ..dataset import GRAPHS
from ..errors import OutputError
from ..resources import query_files
from .model import SiteModel

#: The ``oxigraph`` npm package the page runs, and its tarball's ``dist.integrity``.
OXIGRAPH_VERSION = "0.5.11"
OXIGRAPH_INTEGRITY = (
    "sha512-"
    "zKdgmp1tsrutGzC1lCCywwZRPpLJKaJnKSDWoY2hIhMiwiCRRXNN1DU7WUyTInBvgPKT8Y5N+RgwTL8qKXpLng=="
)
#: The vendored files (below ``static/vendor/oxigraph/``) and their SHA-256.
OXIGRAPH_FILES: Mapping[str, str] = {
    "LICENSE-APACHE": "a60eea817514531668d7e00765731449fe14d059d3249e0bc93b36de45f759f2",
    "LICENSE-MIT": "1f4f6736adc52ebfda18bb84947e0ef492bd86a408c0e83872efb75ed5e02838",
    "web.js": "2fcfdcadc79c9146cee98028a273aebc93df3282eb0299c248595bc529deca41",
    "web_bg.wasm": "b95b15accb6b789667b8d8b0b8f139d5de588e572499672ff37ce9ba01c4a428",
}
#: Where the page and its files go in the site.
PAGE = "sparql.html"
VENDOR = "static/vendor/oxigraph/"
#: The dump the page loads: TriG, the smallest syntax that keeps the named graphs.
DUMP = "dist/kzreforms.trig"

_HEADER = re.compile(r"^#\s*(title|question):\s*(.*?)\s*$")


class _Out(Protocol):
    """The site writer of :mod:`.build` (what this module needs of it)."""

    def bytes(self, path: str, data: bytes) -> Path: ...


@dataclass(frozen=True)
class Example:
    """One competency question, offered as a ready query."""

    key: str
    """The file name without ``.rq`` (``01-lowered-thresholds``)."""
    title: str
    question: str
    text: str


def examples() -> list[Example]:
    """The packaged competency questions, in file order, with their ``# title:``/``# question:``.

    >>> first = examples()[0]
    >>> first.key, first.question.endswith("?"), "SELECT" in first.text
    ('01-lowered-thresholds', True, True)
    """
    out = []
    for path in query_files():
        text = path.read_text(encoding="utf-8")
        header: dict[str, str] = {}
        for line in text.splitlines():
            found = _HEADER.match(line)
            if found:
                header.setdefault(found[1], found[2])
        key = path.name[: -len(".rq")]
        out.append(Example(key, header.get("title", key), header.get("question", ""), text))
    return out


def vendored_files() -> dict[str, bytes]:
    """The vendored Oxigraph files, each checked against :data:`OXIGRAPH_FILES`.

    :raises OutputError: a file is missing or differs from the pinned one (a broken
        install or an update that did not change the table): reinstall kzreforms.
    """
    folder = files("kzreforms.site") / "static" / "vendor" / "oxigraph"
    out = {}
    for name, digest in sorted(OXIGRAPH_FILES.items()):
        try:
            data = (folder / name).read_bytes()
        except OSError as err:
            raise OutputError(
                f"{VENDOR}{name}: missing from the installed kzreforms ({err}); reinstall it"
            ) from err
        if hashlib.sha256(data).hexdigest() != digest:
            raise OutputError(
                f"{VENDOR}{name}: not the file of oxigraph {OXIGRAPH_VERSION} that kzreforms "
                "pins (its SHA-256 differs); reinstall kzreforms"
            )
        out[name] = data
    return out


def page_config(
    links: Mapping[URIRef, str], prefixes: Mapping[str, str], queries: list[Example]
) -> str:
    """The JSON the page's script reads: the dump, the examples, links and prefixes.

    :param links: IRI -> site path (from the site root) of the page that shows it.
    :param prefixes: prefix -> namespace, to shorten IRIs and datatypes in the results.
    """
    config = {
        "dump": DUMP,
        "format": "application/trig",
        "examples": [vars(e) for e in queries],
        "links": {str(iri): path for iri, path in sorted(links.items())},
        "prefixes": dict(sorted(prefixes.items())),
    }
    # No "<" at all, so nothing in the <script> data block that holds it can end it.
    return json.dumps(config, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def write(out: _Out, page: Callable[..., None], model: SiteModel, dataset: Dataset) -> None:
    """Write the SPARQL page, its script and stylesheet, and the vendored Oxigraph.

    :param out: the build's writer; ``page`` renders a template to a path of the site.
    :param model: the site's page model: which IRI has which page.
    """
    links: dict[URIRef, str] = {**model.pages, **model.anchors}
    for kind, iri in GRAPHS.items():
        if len(dataset.graph(iri)):
            links[iri] = f"graph/{kind}.html"
    prefixes = {p: str(ns) for p, ns in model.graph.namespaces() if p and p != "xml"}
    for name, data in vendored_files().items():
        out.bytes(VENDOR + name, data)
    static = files("kzreforms.site") / "static"
    for name in ("sparql.js", "sparql.css"):
        out.bytes(f"static/{name}", (static / name).read_bytes())
    queries = examples()
    page(
        PAGE,
        "sparql.html",
        title="Query the dataset",
        nav="sparql",
        summary="Ask the dataset SPARQL questions in your browser; nothing is sent to a server.",
        examples=queries,
        config=page_config(links, prefixes, queries),
        prefixes=sorted(prefixes),
        oxigraph_version=OXIGRAPH_VERSION,
        dump=DUMP,
    )


__all__ = [
    "DUMP",
    "OXIGRAPH_FILES",
    "OXIGRAPH_INTEGRITY",
    "OXIGRAPH_VERSION",
    "PAGE",
    "VENDOR",
    "Example",
    "examples",
    "page_config",
    "vendored_files",
    "write",
]
