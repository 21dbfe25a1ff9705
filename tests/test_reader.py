"""The site as a reader meets it: on a phone and a desktop, in Debian's Chromium.

A highlight opens its claim without losing the place; the downloads table stays
readable on a phone; pages show labels rather than prefixed names; the text
anchoring records sit apart from the resource index. Screenshots are saved in
each test's tmp folder as artefacts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PREFIXED = re.compile(r"^[a-z][a-z0-9]*:[A-Za-z]")


def _highlights_far_down(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Hrefs of highlight links, the ones furthest down the text first (far from the panels)."""
    return page.eval_on_selector_all(
        ".source-text a[href^='#about-']",
        "els => els.map(a => [a.getBoundingClientRect().top + scrollY, a.getAttribute('href')])"
        ".sort((x, y) => y[0] - x[0]).map(x => x[1])",
    )


# --------------------------------------------------------------------------- the statement


@pytest.mark.slow
def test_phone_tap_keeps_the_words_on_screen_and_shows_the_claim(
    browser, served: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    try:
        page.goto(served + "statement.html")
        hrefs = _highlights_far_down(page)
        assert len(hrefs) > 3
        for n, href in enumerate([hrefs[0], hrefs[len(hrefs) // 2], hrefs[-1]]):
            link = page.locator(f".source-text a[href='{href}']").first
            link.scroll_into_view_if_needed()
            link.click()
            panel = page.locator(href)
            assert panel.is_visible()
            box = link.bounding_box()
            sheet = panel.bounding_box()
            assert box is not None and sheet is not None
            # The tapped words stay on screen, above the sheet that shows the claim.
            assert box["y"] >= 0 and box["y"] + box["height"] <= sheet["y"] + 1, (box, sheet)
            assert sheet["y"] + sheet["height"] <= PHONE["height"] + 1
            assert page.evaluate("document.activeElement.id") == "heading-" + href[len("#about-") :]
            slug = href[len("#about-") :]
            active = page.locator(f"mark.is-active[data-claim='{slug}']")
            assert active.count() >= 1
            assert link.get_attribute("aria-expanded") == "true"
            page.screenshot(path=str(tmp_path / f"phone-sheet-{n}.png"))
            page.keyboard.press("Escape")
            assert not panel.is_visible()
            assert page.locator("mark.is-active").count() == 0
            assert page.evaluate("document.activeElement.getAttribute('href')") == href
            after = link.bounding_box()
            assert after is not None and 0 <= after["y"] <= PHONE["height"]
        # The close button closes as well.
        link = page.locator(f".source-text a[href='{hrefs[1]}']").first
        link.click()
        page.locator(hrefs[1]).get_by_role("button", name="Close this claim").click()
        assert not page.locator(hrefs[1]).is_visible()
    finally:
        page.close()


@pytest.mark.slow
def test_desktop_panels_scroll_inside_the_sticky_sidebar(
    browser, served: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[attr-defined]
    try:
        page.goto(served + "statement.html")
        heights = page.eval_on_selector_all(
            ".claim-panel",
            "els => els.map(e => { e.classList.add('is-open');"
            " const h = e.getBoundingClientRect().height; e.classList.remove('is-open');"
            " return [h, e.id]; })",
        )
        tall = [i for h, i in heights if h > DESKTOP["height"]]
        assert tall, "expected at least one panel taller than the screen"
        target = max(heights)[1]
        link = page.locator(
            f".source-text a[href='#{target}'], .source-text mark[data-claim='{target[6:]}'] a"
        ).first
        link.scroll_into_view_if_needed()
        link.click()
        panel = page.locator(f"#{target}")
        assert panel.is_visible()
        aside = page.locator(".panels")
        box = aside.bounding_box()
        assert box is not None and box["y"] + box["height"] <= DESKTOP["height"] + 1
        words = link.bounding_box()
        assert words is not None and 0 <= words["y"] <= DESKTOP["height"]
        page.screenshot(path=str(tmp_path / "desktop-top.png"))
        # The end of the panel can be reached by scrolling the sidebar, not the page.
        page.evaluate("document.querySelector('.panels').scrollTop = 1e6")
        last = panel.locator(".panel-links")
        end = last.bounding_box()
        assert end is not None and end["y"] + end["height"] <= DESKTOP["height"] + 1
        page.screenshot(path=str(tmp_path / "desktop-end.png"))
        page.keyboard.press("Escape")
        assert not panel.is_visible()
    finally:
        page.close()


# --------------------------------------------------------------------------- downloads


@pytest.mark.slow
def test_downloads_table_is_readable_on_a_phone(browser, served: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    try:
        page.goto(served + "downloads.html")
        wrap = page.locator(".table-wrap")
        assert wrap.get_attribute("tabindex") == "0"
        assert wrap.get_attribute("role") == "region"
        # Every media type, checksum and file name sits on one line (no mid-word wrapping).
        lines = page.eval_on_selector_all(
            "table.downloads code, table.downloads tbody th a",
            "els => els.map(e => [e.textContent, e.getClientRects().length,"
            " e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight)"
            " || parseFloat(getComputedStyle(e).fontSize) * 1.6])",
        )
        assert lines
        for text, rects, height, line in lines:
            assert rects == 1 and height < 1.5 * line, f"{text!r} wraps ({height}px, line {line}px)"
        widths = page.eval_on_selector_all(
            "table.downloads tbody tr:first-child > *",
            "els => els.map(e => e.getBoundingClientRect().width)",
        )
        assert widths[-1] > 300  # the SHA-256 column holds its 64 characters
        # The table scrolls inside its wrapper, not the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.evaluate(
            "(() => { const w = document.querySelector('.table-wrap');"
            " return w.scrollWidth > w.clientWidth; })()"
        )
        page.screenshot(path=str(tmp_path / "downloads-phone.png"), full_page=True)
    finally:
        page.close()


# --------------------------------------------------------------------------- labels, index


def _read(site: Path, pattern: str) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(site.glob(pattern))}


def test_property_labels_and_kinds_are_words_not_prefixed_names(site: Path) -> None:
    dts = re.compile(r"<dt>(?:<a [^>]*>)?([^<]*)<")
    raw: dict[str, int] = {}
    for html in {**_read(site, "id/*.html"), **_read(site, "concept/*.html")}.values():
        for label in dts.findall(html):
            if PREFIXED.match(label):
                raw[label] = raw.get(label, 0) + 1
    assert not raw, f"prefixed names shown as property labels: {sorted(raw)}"
    statement = (site / "statement.html").read_text(encoding="utf-8")
    kinds = re.findall(r"<dt>Kind</dt><dd>([^<]*)</dd>", statement)
    assert kinds
    assert not [k for k in kinds if re.search(r"\b[a-z]+:[a-z]", k)], kinds
    # Datatype notes read as words too ("year", not "xsd:gYear").
    notes = re.findall(
        r'<span class="note">([^<]*)</span>', " ".join(_read(site, "id/*.html").values())
    )
    assert not [n for n in notes if n.startswith("xsd:")]


def test_text_anchoring_records_are_grouped_out_of_the_index(site: Path) -> None:
    html = (site / "resources.html").read_text(encoding="utf-8")
    toc = html[
        html.index('<nav class="toc"') : html.index("</nav>", html.index('<nav class="toc"'))
    ]
    assert "Text-anchoring records" in toc
    assert "selector" not in toc.lower() and "text target" not in toc.lower()
    section = html[html.index('id="text-anchoring"') :]
    assert "<details>" in section and "Text position selector" in section
    before = html[: html.index('id="text-anchoring"')]
    assert "Text position selector" not in before and "Text quote selector" not in before


def test_long_literals_are_focusable_and_concept_pages_are_not_resources(site: Path) -> None:
    pres = re.findall(r"<pre class=\"literal\"[^>]*>", " ".join(_read(site, "id/*.html").values()))
    assert pres, "expected some preformatted literals"
    assert all('tabindex="0"' in p for p in pres)
    concepts = {
        p: h for p, h in _read(site, "concept/*.html").items() if 'class="breadcrumbs"' in h
    }
    assert concepts
    for path, html in concepts.items():
        current = re.findall(r'<a href="([^"]*)" aria-current="page">', html)
        assert current == ["../concept/index.html"], (path.name, current)
        assert "Concept schemes</a> ›" in html
    claim = next(iter(_read(site, "id/claim-*.html").values()))
    assert re.findall(r'<a href="([^"]*)" aria-current="page">', claim) == ["../resources.html"]
