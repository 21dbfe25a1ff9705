"""Accessibility: axe-core finds nothing on any page template, on a phone or a desktop.

The published site is served over a local HTTP server and opened in Debian's
Chromium through Playwright; the vendored axe-core (``tests/vendor/axe.min.js``,
checked against its SHA-256 before use) runs its default rules (WCAG 2 A/AA and
best practices) on each page. A phone and a desktop screenshot of every template
is saved into ``$KZREFORMS_ARTEFACTS`` (default ``tests/artefacts/``).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

#: One page of every template (and of each kind of resource page), by a short name.
PAGES = {
    "index": "index.html",
    "statement": "statement.html",
    "claim": "id/claim-single-presidential-term.html",
    "resource": "id/referendum-2022.html",
    "concept": "concept/area-constitution.html",
    "concepts": "concept/index.html",
    "resources": "resources.html",
    "ontology": "ontology.html",
    "downloads": "downloads.html",
    "graph": "graph/data.html",
    "version-graph": "ontology/0.2.0.html",
    "shapes-graph": "shapes.html",
    "versions": "versions.html",
    "claims": "claims.html",
    "search": "search.html",
    "sparql": "sparql.html",
}


def artefacts() -> Path:
    """The folder for screenshots: ``$KZREFORMS_ARTEFACTS`` or ``tests/artefacts/``."""
    folder = Path(os.environ.get("KZREFORMS_ARTEFACTS") or Path(__file__).parent / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def axe_source() -> str:
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE} is not axe-core {AXE_VERSION}"
    return data.decode("utf-8")


def _report(violations: list[dict[str, object]]) -> str:
    lines = []
    for v in violations:
        nodes = v["nodes"]
        assert isinstance(nodes, list)
        targets = ", ".join(str(n["target"]) for n in nodes[:5])
        lines.append(f"{v['id']} ({v['impact']}, {len(nodes)} nodes): {v['help']} — {targets}")
    return "\n".join(lines)


def test_the_vendored_axe_is_the_pinned_release(axe_source: str) -> None:
    assert axe_source.startswith(f"/*! axe v{AXE_VERSION}")


@pytest.mark.slow
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations(
    browser, served: str, axe_source: str, name: str, viewport: str
) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=VIEWPORTS[viewport])  # type: ignore[attr-defined]
    try:
        response = page.goto(served + PAGES[name])
        assert response is not None and response.status == 200, PAGES[name]
        if name == "sparql":  # checked once the store is loaded; its CSP refuses inline scripts
            ready = re.compile(r"^Ready: ")
            expect(page.locator("#sparql-status")).to_have_text(ready, timeout=60_000)
        page.screenshot(path=str(artefacts() / f"{name}-{viewport}.png"))
        if name == "sparql":
            page.evaluate(axe_source)
        else:
            page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        assert result["testEngine"]["version"] == AXE_VERSION
        # A run that checked nothing would pass vacuously.
        assert len(result["passes"]) + len(result["incomplete"]) > 10
        assert result["violations"] == [], f"{PAGES[name]} at {viewport}:\n" + _report(
            result["violations"]
        )
    finally:
        page.close()
