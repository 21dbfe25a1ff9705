"""Writing the site's files: a writer that counts them, the Jinja2 environment, the page renderer.

Every step of :func:`kzreforms.site.build.publish` writes through one :class:`SiteWriter`
(files below the build folder) and renders pages with the function
:func:`page_renderer` returns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from rdflib import Graph

from ..dataset import jsonld_context
from ..errors import OutputError
from ..formats import get_format
from ..writers import serialize

#: Renders a template to a path of the site: ``page(path, template, **values)``.
Page = Callable[..., None]


class Written(NamedTuple):
    """What a step wrote through a :class:`SiteWriter`: see :meth:`SiteWriter.detached`."""

    files: int
    pages: int
    page_paths: list[str]
    digests: dict[str, str]


class SiteWriter:
    """Writes files below the build folder, counts them and keeps their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.pages = 0
        self.page_paths: list[str] = []
        self.digests: dict[str, str] = {}
        """The SHA-256 (hex) of each file written, by path: the site's manifest."""
        self._folders: set[str] = set()

    def bytes(self, path: str, data: bytes) -> Path:
        """Write ``data`` to ``path`` (relative to the site's folder)."""
        target = self.root / path
        folder = path.rpartition("/")[0]
        try:
            if folder not in self._folders:  # thousands of files share a few folders
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(folder)
            with open(target, "wb") as stream:
                stream.write(data)
        except OSError as err:
            raise OutputError(f"{target}: cannot write the site's file ({err.strerror})") from err
        self.files += 1
        self.digests[path] = hashlib.sha256(data).hexdigest()
        if path.endswith(".html"):
            self.pages += 1
            self.page_paths.append(path)
        return target

    def detached(self, step: Callable[[], None]) -> Written:
        """Run ``step`` and return what it wrote, leaving this writer's counts as they were.

        For a step that may run in a forked child, whose counts would be lost:
        :meth:`add` takes them back in the parent, wherever the step ran.
        """
        files, pages, paths, digests = self.files, self.pages, len(self.page_paths), self.digests
        self.digests = {}
        try:
            step()
            written = Written(
                self.files - files, self.pages - pages, self.page_paths[paths:], self.digests
            )
        finally:
            self.files, self.pages, self.digests = files, pages, digests
            del self.page_paths[paths:]
        return written

    def add(self, written: Written) -> None:
        """Count what a :meth:`detached` step wrote."""
        self.files += written.files
        self.pages += written.pages
        self.page_paths += written.page_paths
        self.digests.update(written.digests)

    def text(self, path: str, text: str) -> Path:
        """Write ``text`` to ``path`` as UTF-8."""
        return self.bytes(path, text.encode("utf-8"))

    def rdf(self, stem: str, graph: Graph, jsonld: str | None = None) -> None:
        """Write ``graph`` as ``{stem}.ttl`` and ``{stem}.jsonld`` (``jsonld`` if already made)."""
        self.bytes(f"{stem}.ttl", serialize([graph], get_format("turtle")))
        self.text(f"{stem}.jsonld", (jsonld if jsonld is not None else jsonld_for(graph)) + "\n")


def jsonld_for(graph: Graph) -> str:
    """Return ``graph`` as compact JSON-LD with the project's context inline, safe in <script>."""
    data = serialize([graph], get_format("json-ld"), context=_context(), context_ref=None)
    # The writer's text is already json.dumps(…, indent=2, ensure_ascii=False) and a newline.
    text = data.decode("utf-8").removesuffix("\n")
    # "<", ">" and "&" only occur inside JSON strings, where \u escapes mean the same.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _context() -> dict[str, Any]:
    """The packaged JSON-LD context, copied once for the site's thousands of documents."""
    return jsonld_context()


def environment() -> Any:
    """The Jinja2 environment: package templates, autoescape on for HTML (imported lazily)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kzreforms.site", "templates"),
        auto_reload=False,  # templates do not change during a build: no stat per page
        autoescape=lambda name: name is not None and name.endswith(".html"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )

    @jinja2.pass_context
    def rel(context: Any, href: str) -> str:
        return href if "://" in href or href.startswith("#") else f"{context['root']}{href}"

    env.filters["rel"] = rel
    return env


def page_renderer(env: Any, out: SiteWriter, common: Mapping[str, Any]) -> Page:
    """A :data:`Page` function: renders with ``common`` values and the path's ``root`` (``../``)."""

    def page(path: str, template: str, **values: Any) -> None:
        depth = path.count("/")
        html = env.get_template(template).render({**common, "root": "../" * depth, **values})
        out.text(path, html)

    return page


__all__ = ["Page", "SiteWriter", "Written", "environment", "jsonld_for", "page_renderer"]
