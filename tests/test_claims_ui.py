"""The claims features of the site: the claims index, "Cite this claim" and search.

The index is compared with SPARQL answers over the same dataset; citations and
text-fragment links are read from every claim page; search, the copy button and
the text-fragment links run in Debian's Chromium over a real local HTTP server.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from browsing import serve

import kzreforms
from kzreforms.site.citation import LONG, decode_directive, encode_term, text_directive

ID = "https://w3id.org/kzreforms/id/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PREFIXES = """
PREFIX kzr: <https://w3id.org/kzreforms/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def _claims() -> dict[str, str]:
    """Every claim's slug and exact words, by SPARQL."""
    rows = kzreforms.query(
        sparql=PREFIXES + "SELECT ?claim ?words WHERE { ?claim a kzr:Claim ; kzr:textTarget ?t ."
        " ?t oa:hasSelector ?s . ?s oa:exact ?words }"
    ).rows
    return {str(r["claim"])[len(ID) :]: str(r["words"]) for r in rows}


def _section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}"')
    end = html.find('<section id="by-', start + 1)
    return html[start : end if end > 0 else len(html)]


def _entries(html: str) -> list[str]:
    return re.findall(r'<li class="claim-entry" id="[^"]*" data-claim="([^"]*)">', html)


# --------------------------------------------------------------------------- claims index


def test_the_claims_index_lists_every_claim_once_per_grouping(site: Path) -> None:
    count = kzreforms.query(
        sparql=PREFIXES + "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kzr:Claim }"
    ).rows[0]["n"]
    claims = _claims()
    assert count == len(claims) == 41
    html = (site / "claims.html").read_text(encoding="utf-8")
    for grouping in ("by-area", "by-status"):
        listed = _entries(_section(html, grouping))
        assert len(listed) == count, grouping
        assert sorted(listed) == sorted(claims), grouping
    # Each entry shows the claim's exact words and links to its page and its place.
    for slug, words in claims.items():
        entry = html[html.index(f'id="{slug}-area"') :].split("</li>", 1)[0]
        assert f'<q class="quote">{words}</q>' in unescape(entry), slug
        assert f'href="id/{slug}.html"' in entry and f'href="statement.html#{slug}"' in entry


def test_status_groups_match_sparql(site: Path) -> None:
    rows = kzreforms.query(
        sparql=PREFIXES + "SELECT ?claim ?status WHERE { ?claim a kzr:Claim ."
        " OPTIONAL { ?claim kzr:status ?status } }"
    ).rows
    expected: dict[str, set[str]] = {}
    for row in rows:
        key = (
            str(row["status"])[len("https://w3id.org/kzreforms/concept/") :]
            if row["status"]
            else "none"
        )
        expected.setdefault(key, set()).add(str(row["claim"])[len(ID) :])
    html = (site / "claims.html").read_text(encoding="utf-8")
    by_status = _section(html, "by-status")
    found: dict[str, set[str]] = {}
    for group in re.split(r'(?=<section id="status-)', by_status)[1:]:
        concept = re.search(r'href="concept/(status-[a-z-]+)\.html"', group.split("</h4>", 1)[0])
        key = concept.group(1) if concept else "none"
        found[key] = set(_entries(group))
    assert found == expected
    # Status groups sit in their scheme: legal stages, implementation stages, political processes.
    scheme_of = kzreforms.query(
        sparql=PREFIXES + "SELECT ?status ?scheme WHERE { ?c kzr:status ?status ."
        " ?status skos:inScheme ?scheme }"
    ).rows
    for row in scheme_of:
        scheme = str(row["scheme"]).rsplit("/", 1)[-1]
        status = str(row["status"]).rsplit("/", 1)[-1]
        block = by_status[by_status.index(f'<section id="scheme-{scheme}"') :]
        block = block[: block.find('<section id="scheme-', 1)]
        assert f"concept/{status}.html" in block, (status, scheme)


def test_area_groups_follow_the_subjects_reform_areas(site: Path) -> None:
    rows = kzreforms.query(
        sparql=PREFIXES + "SELECT ?claim ?area WHERE { ?claim a kzr:Claim ."
        " OPTIONAL { ?claim kzr:claimSubject/kzr:reformArea ?area } }"
    ).rows
    areas: dict[str, set[str]] = {}
    for row in rows:
        slug = str(row["claim"])[len(ID) :]
        areas.setdefault(slug, set())
        if row["area"]:
            areas[slug].add(str(row["area"]).rsplit("/", 1)[-1])
    html = _section((site / "claims.html").read_text(encoding="utf-8"), "by-area")
    for group in re.split(r'(?=<section id="area-)', html)[1:]:
        concept = re.search(r'href="concept/(area-[a-z-]+)\.html"', group.split("</h3>", 1)[0])
        for slug in _entries(group):
            if concept:
                assert concept.group(1) in areas[slug], slug
            else:
                assert not areas[slug], slug
        # A claim of several areas is listed once and named under its other areas.
        for other in re.findall(r'<a href="#([^"]+)-area">', group):
            assert concept and concept.group(1) in areas[other] and len(areas[other]) > 1


def test_the_claims_index_is_in_the_nav_and_on_the_index_page(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    nav = index[index.index('<nav aria-label="Site">') : index.index("</nav>")]
    assert 'href="claims.html"' in nav and 'href="search.html"' in nav
    main = index[index.index("<main") :]
    assert '<a href="claims.html">' in main and '<a href="search.html">' in main
    claims = (site / "claims.html").read_text(encoding="utf-8")
    assert '<a href="claims.html" aria-current="page">' in claims


# --------------------------------------------------------------------------- citations


def _citation(html: str) -> tuple[str, str, str]:
    block = html[html.index('<section class="cite"') :].split("</section>", 1)[0]
    line = re.search(r'<p class="citation">([^<]*)</p>', block)
    iri = re.search(r"<code>([^<]*)</code>", block)
    link = re.search(r'<p class="cite-words"><a href="([^"]*)">', block)
    assert line and iri and link, block
    return unescape(line.group(1)), iri.group(1), unescape(link.group(1))


def test_each_claim_page_has_a_citation_with_its_iri(site: Path) -> None:
    version = kzreforms.query(
        sparql="SELECT ?v WHERE { <https://w3id.org/kzreforms/ontology>"
        " <http://www.w3.org/2002/07/owl#versionInfo> ?v }"
    ).rows[0]["v"]
    claims = _claims()
    statement = (site / "statement.html").read_text(encoding="utf-8")
    for slug, words in claims.items():
        html = (site / "id" / f"{slug}.html").read_text(encoding="utf-8")
        line, iri, _ = _citation(html)
        assert iri == ID + slug
        assert line.startswith("Usen Suleimen. ") and line.endswith(iri)
        assert f"“{words}”" in line and "Plenary Session 2" in line
        assert f"kzreforms dataset, version {version}" in line
        assert f'data-copy="{iri}"' in html and 'role="status"' in html
        # The statement reader's panel carries the same citation.
        panel = statement[statement.index(f'id="about-{slug}"') :]
        assert _citation(panel)[:2] == (line, iri)


def test_text_fragment_links_select_the_claims_words(site: Path) -> None:
    for slug, words in _claims().items():
        _, _, href = _citation((site / "id" / f"{slug}.html").read_text(encoding="utf-8"))
        page, _, directive = href.partition("#:~:")
        assert page == "../statement.html", href
        # Only the directive's own syntax is raw; the words' "-", "," and "&" are encoded.
        terms = directive[len("text=") :].split(",")
        assert 1 <= len(terms) <= 3 and not any("&" in t for t in terms)
        assert all("-" not in t for t in terms if not t.endswith("-")), href
        prefix, start, end = decode_directive(directive)
        if end is None:
            assert start == words
        else:
            assert len(words) > LONG and words.startswith(start) and words.endswith(end)
            assert len(start) + len(end) < len(words)
        assert prefix is None or prefix not in words


def test_encoding_of_dashes_commas_ampersands_and_non_ascii() -> None:
    assert encode_term("re-established") == "re%2Destablished"
    assert encode_term("2,500") == "2%2C500"
    assert encode_term("A & B") == "A%20%26%20B"
    assert encode_term("Құрылтай") == "%D2%9A%D2%B1%D1%80%D1%8B%D0%BB%D1%82%D0%B0%D0%B9"
    assert encode_term("“7%”") == "%E2%80%9C7%25%E2%80%9D"
    text = "Құрылтай & co-operation, 7% “more”"
    assert unquote(encode_term(text)) == text
    assert decode_directive(text_directive(text, text, 0)) == (None, text, None)


def test_a_repeated_quote_gets_the_words_before_it_as_prefix() -> None:
    source = "First: the co-op grew.\n\nThen: the co-op grew."
    start = source.rindex("the co-op grew")
    directive = text_directive("the co-op grew", source, start)
    assert decode_directive(directive) == ("Then:", "the co-op grew", None)
    assert text_directive("the co-op grew", source, source.index("the")) == (
        "text=the%20co%2Dop%20grew"
    )
    long = "word " * 30 + "end of it"
    directive = text_directive(long.strip(), long.strip(), 0)
    prefix, first, last = decode_directive(directive)
    assert prefix is None and first == "word word word word" and last and last.endswith("of it")


# --------------------------------------------------------------------------- in a browser


@pytest.mark.slow
def test_chromium_scrolls_to_the_words_of_each_fragment_link(
    browser, site: Path, served: str
) -> None:  # type: ignore[no-untyped-def]
    far = 0
    for slug in sorted(_claims()):
        _, _, href = _citation((site / "id" / f"{slug}.html").read_text(encoding="utf-8"))
        page = browser.new_page(viewport=DESKTOP)  # type: ignore[attr-defined]
        try:
            page.goto(served + href[len("../") :])
            page.wait_for_function("document.readyState === 'complete'")
            page.wait_for_timeout(150)
            box = page.locator(f"[id='{slug}']").bounding_box()
            assert box is not None and 0 <= box["y"] <= DESKTOP["height"], (slug, box)
            far += page.evaluate("scrollY") > 0
        finally:
            page.close()
    assert far > 20  # most claims lie below the first screen: the browser moved to them


@pytest.mark.slow
def test_chromium_finds_encoded_non_ascii_words_after_their_prefix(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    words = "Құрылтай & co-operation, 7% “more”"
    source = f"Decoy: {words}.\n\nReal: {words}."
    start = source.rindex(words)
    directive = text_directive(words, source, start)
    assert decode_directive(directive)[0] == "Real:"
    spacer = '<div style="height:3000px"></div>'
    decoy, real = source.split("\n\n")
    (tmp_path / "t.html").write_text(
        f'<!doctype html><meta charset="utf-8"><p id="decoy">{decoy.replace("&", "&amp;")}</p>'
        f'{spacer}<p id="real">{real.replace("&", "&amp;")}</p>{spacer}',
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        page = browser.new_page(viewport=DESKTOP)  # type: ignore[attr-defined]
        try:
            page.goto(f"{url}t.html#:~:{directive}")
            page.wait_for_timeout(300)
            box = page.locator("#real").bounding_box()
            assert box is not None and 0 <= box["y"] <= DESKTOP["height"], box
            # The same words with a raw "-" are read as directive syntax and match nothing.
            raw = browser.new_page(viewport=DESKTOP)  # type: ignore[attr-defined]
            raw.goto(f"{url}t.html#:~:{directive.replace('%2D', '-')}")
            raw.wait_for_timeout(300)
            assert raw.evaluate("scrollY") == 0
            raw.close()
        finally:
            page.close()


def _quote_word(site: Path) -> tuple[str, str]:
    """A claim and the longest word of its quote that no other claim's quote holds."""
    claims = _claims()
    for slug, words in sorted(claims.items()):
        for word in sorted(re.findall(r"[A-Za-z]{6,}", words), key=lambda w: (-len(w), w)):
            others = [s for s, w in claims.items() if word.lower() in w.lower()]
            if others == [slug]:
                return slug, word
    raise AssertionError("no claim has a word of its own")


@pytest.mark.slow
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_search_finds_a_claim_by_a_word_of_its_quote(
    browser, site: Path, served: str, viewport: dict[str, int], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    slug, word = _quote_word(site)
    page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
    try:
        page.goto(served + "search.html")
        box = page.get_by_label("Search claims and resources")
        box.focus()
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        box.press_sequentially(word.lower(), delay=20)
        hit = page.locator(f"#search-results a[href='id/{slug}.html']")
        hit.wait_for(state="visible", timeout=5000)
        assert re.fullmatch(r"\d+ results?.*", page.locator("#search-status").inner_text())
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(tmp_path / f"search-{viewport['width']}.png"), full_page=True)
        hit.click()
        page.wait_for_url(f"**/id/{slug}.html")
        # A Kazakh name finds its institution.
        page.goto(served + "search.html?q=" + "Құрылтай")
        page.locator("#search-results a[href='id/national-kurultai.html']").wait_for(timeout=5000)
    finally:
        page.close()


def test_the_search_index_holds_claims_and_names_in_every_language(site: Path) -> None:
    text = (site / "search-index.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert (
        text == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    )
    assert sorted(c["quote"] for c in data["claims"]) == sorted(_claims().values())
    assert [c["href"] for c in data["claims"]] == sorted(c["href"] for c in data["claims"])
    langs = {n["lang"] for r in data["resources"] for n in r["names"]}
    assert {"en", "kk", "ru"} <= langs
    assert not [r for r in data["resources"] if r["href"].startswith("id/claim-")]
    html = (site / "search.html").read_text(encoding="utf-8")
    assert '<label for="search-input">' in html and 'src="static/search.js"' in html
    assert " on" + "input=" not in html and " onclick=" not in html


@pytest.mark.slow
def test_the_copy_button_copies_the_iri_and_announces_it(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        slug = "claim-petitions-submitted"
        page.goto(served + f"id/{slug}.html")
        status = page.locator(".cite .copy-status")
        assert status.get_attribute("aria-live") == "polite" and status.inner_text() == ""
        page.get_by_role("button", name="Copy IRI").click()
        page.wait_for_function(
            "document.querySelector('.cite .copy-status').textContent === 'Copied'"
        )
        assert page.evaluate("navigator.clipboard.readText()") == ID + slug
        # In the statement reader's panel too.
        page.goto(served + f"statement.html#about-{slug}")
        panel = page.locator(f"#about-{slug}")
        panel.get_by_role("button", name="Copy IRI").click()
        page.wait_for_function(
            f"document.querySelector('#about-{slug} .copy-status').textContent === 'Copied'"
        )
        assert page.evaluate("navigator.clipboard.readText()") == ID + slug
    finally:
        context.close()
