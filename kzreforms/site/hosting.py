"""What hosts and crawlers read: server configurations, the stylesheet, sitemap and robots."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from typing import Any
from xml.sax.saxutils import escape

from ..formats import FORMATS
from ..namespaces import BASE
from .catalog import Download
from .conneg import server_values
from .writer import SiteWriter

#: The titles of the dataset's own downloads, one per syntax.
_TITLES = {f.title for f in FORMATS.values() if f.view_of is None}


def server_configs(
    out: SiteWriter, env: Any, *, base_url: str, license_iri: str, downloads: Sequence[Download]
) -> None:
    """Write ``.htaccess``, ``nginx.conf`` and ``conneg.js``: content negotiation for real hosts."""
    config = server_values(
        base=BASE,
        base_url=base_url,
        license_iri=license_iri,
        items=[(d.name, d.media_type) for d in downloads if d.title in _TITLES],
    )
    out.text(
        ".htaccess", env.get_template("htaccess.j2").render(config, links=config["apache_links"])
    )
    out.text(
        "nginx.conf", env.get_template("nginx.conf.j2").render(config, links=config["nginx_links"])
    )
    out.text("conneg.js", env.get_template("conneg.js.j2").render(config))


def stylesheet(out: SiteWriter) -> None:
    """Copy the site's stylesheet to ``static/site.css``."""
    out.bytes("static/site.css", (files("kzreforms.site") / "static" / "site.css").read_bytes())


def crawler_files(out: SiteWriter, base_url: str) -> None:
    """Write ``sitemap.xml`` (every page at its published URL) and ``robots.txt`` naming it."""
    urls = sorted({base_url + ("" if p == "index.html" else p) for p in out.page_paths})
    body = "".join(f"  <url><loc>{escape(url)}</loc></url>\n" for url in urls)
    out.text(
        "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n",
    )
    out.text("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")


__all__ = ["crawler_files", "server_configs", "stylesheet"]
