"""The site's SPARQL page: Oxigraph (WebAssembly) in Debian's Chromium over the site's own dump.

The site is published with a --base-url elsewhere and served by a real HTTP server
from a sub-path, so the page must find everything relative to itself. Every
request outside 127.0.0.1 is blocked and recorded; each competency question run
in the page must give the rows :func:`kzreforms.query` gives.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from browsing import QuietHandler, serve
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

import kzreforms
from kzreforms.errors import OutputError
from kzreforms.site import sparqlpage

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "kzreforms" / "site" / "static" / "vendor" / "oxigraph"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SUBPATH = "served/from/here/"
BASE_URL = "https://example.org/kz/"
EXAMPLES = sparqlpage.examples()
CSP = "Content-Security-Policy"


# --------------------------------------------------------------------------- the vendored files


def test_vendored_oxigraph_matches_the_pinned_table() -> None:
    present = {p.name for p in VENDOR.iterdir()}
    assert present == {*sparqlpage.OXIGRAPH_FILES, "README.md"}
    for name, digest in sparqlpage.OXIGRAPH_FILES.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert f"oxigraph@{sparqlpage.OXIGRAPH_VERSION}" in readme
    assert sparqlpage.OXIGRAPH_INTEGRITY in readme
    rows = dict(re.findall(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|$", readme, re.MULTILINE))
    assert rows == dict(sparqlpage.OXIGRAPH_FILES)
    assert "Permission is hereby granted" in (VENDOR / "LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in (VENDOR / "LICENSE-APACHE").read_text(encoding="utf-8")


def test_a_vendored_file_that_differs_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    pins = dict(sparqlpage.OXIGRAPH_FILES, **{"web_bg.wasm": "0" * 64})
    monkeypatch.setattr(sparqlpage, "OXIGRAPH_FILES", pins)
    with pytest.raises(OutputError, match=r"web_bg\.wasm: not the file of oxigraph 0\.5\.\d+"):
        sparqlpage.vendored_files()


def test_examples_are_the_competency_questions() -> None:
    files = sorted((ROOT / "queries").glob("*.rq"))
    assert [e.key for e in EXAMPLES] == [p.stem for p in files]
    for example, path in zip(EXAMPLES, files, strict=True):
        assert example.text == path.read_text(encoding="utf-8")
        assert "?" in example.question and example.title, path.name


# --------------------------------------------------------------------------- the built page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sparqlpage") / "site"
    assert kzreforms.publish(kzreforms.load(), output=out, base_url=BASE_URL).conforms
    return out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = dict(attrs).get("id") if tag == "script" else None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.data[self._open] = self.data.get(self._open, "") + data


def _page(site: Path) -> _Tags:
    parsed = _Tags()
    parsed.feed((site / "sparql.html").read_text(encoding="utf-8"))
    return parsed


def test_the_page_ships_its_files_and_no_inline_code(site: Path) -> None:
    for name in sparqlpage.OXIGRAPH_FILES:
        assert (site / sparqlpage.VENDOR / name).read_bytes() == (VENDOR / name).read_bytes()
    page = _page(site)
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert {a.get("type") for a in scripts} == {"module", "application/json"}
    assert all(a.get("src") or a.get("type") == "application/json" for a in scripts)
    assert not [(t, k) for t, attrs in page.tags for k in attrs if k.startswith("on")]
    (csp,) = [a["content"] for _, a in page.tags if a.get("http-equiv") == CSP]
    assert csp is not None and "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "connect-src 'self'" in csp and "default-src 'none'" in csp
    # Nothing on the page points at the --base-url host: it works wherever it is served.
    assert BASE_URL not in (site / "sparql.html").read_text(encoding="utf-8")
    assert BASE_URL not in (site / "static" / "sparql.js").read_text(encoding="utf-8")
    config = json.loads(page.data["sparql-config"])
    assert [e["text"] for e in config["examples"]] == [e.text for e in EXAMPLES]
    assert (site / config["dump"]).is_file()
    for path in config["links"].values():
        assert (site / path.partition("#")[0]).is_file(), path
    # Linked from every page's navigation.
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="sparql.html">Query</a>' in index


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The site at a sub-path of a local HTTP server (not where --base-url says)."""

    class AtSubpath(QuietHandler):
        def translate_path(self, path: str) -> str:
            if not urlsplit(path).path.startswith("/" + SUBPATH):
                return str(site / "no such file")
            return super().translate_path("/" + urlsplit(path).path[len(SUBPATH) + 1 :])

    with serve(site, AtSubpath) as url:
        yield url + SUBPATH


class Browser:
    """One Chromium page on the SPARQL page, with what left (or tried to leave) 127.0.0.1."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture(scope="module")
def browser(browser: Any, served: str) -> Iterator[Browser]:
    """The session's Chromium, on the SPARQL page, recording what it asks for."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        state = Browser(page)

        def route(route: Any) -> None:
            url = route.request.url
            state.requests.append(url)
            if urlsplit(url).hostname == "127.0.0.1":
                route.continue_()
            else:
                state.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and state.errors.append(m.text))
        page.on("pageerror", lambda err: state.errors.append(str(err)))
        page.goto(served + "sparql.html")
        _wait_for_status(page, READY)
        yield state
    finally:
        context.close()


#: What the status line says once the dataset is in (or could not be loaded).
READY = re.compile(r"^Ready: |could not be loaded")
#: What it says once a query ran (or could not).
ANSWERED = re.compile(r" in \d+ ms\.$|could not run")


def _wait_for_status(page: Any, pattern: re.Pattern[str]) -> None:
    # expect() polls from Playwright's own world: the page's CSP forbids eval'd predicates.
    from playwright.sync_api import expect

    expect(page.locator("#sparql-status")).to_have_text(pattern, timeout=60_000)


def _run(page: Any, text: str | None = None, example: str | None = None) -> None:
    """Choose an example or type a query, press Run, wait for the answer (or the error)."""
    if example is not None:
        page.get_by_label("Start from a competency question").select_option(example)
    if text is not None:
        page.get_by_label("SPARQL query").fill(text)
    page.locator("#sparql-status").evaluate("node => { node.textContent = '' }")
    page.get_by_role("button", name="Run query").click()
    _wait_for_status(page, ANSWERED)


def _table(page: Any) -> tuple[list[str], list[list[tuple[str, ...] | None]]]:
    header = page.eval_on_selector_all(
        "#sparql-output thead th", "ths => ths.map(th => th.textContent)"
    )
    rows = page.eval_on_selector_all(
        "#sparql-output tbody tr",
        "trs => trs.map(tr => [...tr.cells].map(c => c.classList.contains('unbound') ? null"
        " : [c.dataset.type, c.dataset.value, c.dataset.datatype || '', c.dataset.lang || '']))",
    )
    return [h.removeprefix("?") for h in header], [
        [tuple(c) if c else None for c in row] for row in rows
    ]


#: Oxigraph 0.5 stores the types derived from xsd:integer as xsd:integer itself (its
#: storage/numeric_encoder.rs folds them), so the page shows "498"^^xsd:integer where the
#: data says "498"^^xsd:nonNegativeInteger; the page's help text says so.
INTEGER_TYPES = {
    str(XSD[name])
    for name in (
        *("nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger"),
        *("long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort"),
        "unsignedByte",
    )
}


def _expected(term: Node | None) -> tuple[str, ...] | None:
    """A term as the page's table cell holds it (data-type, -value, -datatype, -lang)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term), "", "")
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    datatype = str(term.datatype or (RDF_LANGSTRING if term.language else XSD.string))
    datatype = str(XSD.integer) if datatype in INTEGER_TYPES else datatype
    return ("literal", _canonical(str(term), datatype), datatype, term.language or "")


def _canonical(lexical: str, datatype: str) -> str:
    """Numbers compare by value (engines may spell 0.5 as 0.50), everything else as written."""
    if datatype in (str(XSD.decimal), str(XSD.integer), str(XSD.double), str(XSD.float)):
        return str(Decimal(lexical).normalize())
    return lexical


def _cell(cell: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if cell is None or cell[0] != "literal":
        return cell if cell is None or cell[0] == "uri" else ("bnode",)
    return (cell[0], _canonical(cell[1], cell[2]), cell[2], cell[3])


@pytest.mark.slow
def test_the_page_loads_the_whole_dataset(browser: Browser, served: str) -> None:
    page = browser.page
    quads = sum(len(g) for g in kzreforms.load().graphs())
    status = page.locator("#sparql-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith(f"Ready: {quads:,} quads loaded"), status.inner_text()
    assert page.get_by_label("SPARQL query").input_value() == EXAMPLES[0].text
    assert page.locator("#sparql-example option").count() == len(EXAMPLES)
    loaded = {urlsplit(u).path for u in browser.requests}
    assert f"/{SUBPATH}static/vendor/oxigraph/web_bg.wasm" in loaded
    assert f"/{SUBPATH}{sparqlpage.DUMP}" in loaded
    assert browser.errors == []


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.key for e in EXAMPLES])
def test_each_competency_question_gives_the_rows_of_kzreforms_query(
    browser: Browser, example: sparqlpage.Example
) -> None:
    page = browser.page
    _run(page, example=example.key)
    assert page.locator("#sparql-question").inner_text() == example.question
    error = page.locator("#sparql-error")
    assert not error.is_visible(), error.inner_text()
    expected = kzreforms.query(sparql=example.text)
    header, rows = _table(page)
    # The page keeps the projection's order; kzreforms.query orders by first mention
    # in the text (comments included), so compare the columns by name.
    assert sorted(header) == sorted(expected.variables)
    columns = [header.index(v) for v in expected.variables]
    got = [[_cell(row[i]) for i in columns] for row in rows]
    want = [[_expected(row.get(v)) for v in expected.variables] for row in expected.terms]
    assert len(got) == len(want) > 0
    if re.search(r"\bORDER\s+BY\b", example.text, re.IGNORECASE):
        assert got == want, [(g, w) for g, w in zip(got, want, strict=True) if g != w][0]
    else:
        assert sorted(got, key=repr) == sorted(want, key=repr)
    caption = page.locator("#sparql-output caption").inner_text()
    assert caption.startswith(f"{len(want)} row") and example.title in caption
    assert page.locator("#sparql-status").inner_text().startswith(f"{len(want)} row")
    assert browser.blocked == [] and browser.errors == []


@pytest.mark.slow
def test_iris_link_to_the_sites_own_pages(browser: Browser, served: str, site: Path) -> None:
    page = browser.page
    _run(page, example="03-referendum-counts")
    links = page.eval_on_selector_all(
        "#sparql-output td[data-type='uri'] a",
        "as => as.map(a => [a.closest('td').dataset.value, a.getAttribute('href'), a.href])",
    )
    own = [(iri, href, url) for iri, href, url in links if iri.startswith(kzreforms.BASE)]
    assert own, links
    for _, href, url in own:
        assert "://" not in href and url == urljoin(served + "sparql.html", href)
        assert (site / href.partition("#")[0]).is_file(), href
    # Literals show their language; the text of the claim's words is the literal itself.
    lang = page.locator("#sparql-output td[data-lang='en'] .literal").first
    assert lang.get_attribute("lang") == "en"
    page.locator(f"#sparql-output a[href='{own[0][1]}']").first.click()
    page.wait_for_load_state()
    assert page.url == own[0][2] and page.locator("h1").count() == 1
    page.go_back()
    _wait_for_status(page, READY)
    assert browser.blocked == []


@pytest.mark.slow
def test_a_syntax_error_is_shown_with_its_line_and_column(browser: Browser) -> None:
    page = browser.page
    _run(page, text="SELECT * WHERE {\n  ?claim a kzr:Claim ;\n    ?p\n}")
    error = page.get_by_role("alert")
    assert error.is_visible()
    text = error.inner_text()
    assert "The query could not run." in text
    # Line 4 of what the reader typed, whatever the page declares in front of it.
    assert re.search(r"Syntax error at line 4, column \d+", text), text
    assert page.locator("#sparql-results").is_hidden()
    assert "could not run" in page.locator("#sparql-status").inner_text()
    # The next good query clears the error.
    _run(page, text="ASK { ?claim a kzr:Claim }")
    assert page.get_by_role("alert").is_hidden()
    assert page.locator("#sparql-output").inner_text().startswith("The answer is yes")


@pytest.mark.slow
def test_prefixes_are_declared_and_graph_queries_give_triples(browser: Browser) -> None:
    page = browser.page
    text = "SELECT (COUNT(*) AS ?claims) WHERE { ?c a kzr:Claim }"
    _run(page, text=text)
    expected = kzreforms.query(sparql=text).rows[0]["claims"]
    assert _table(page)[1] == [[("literal", str(expected), str(XSD.integer), "")]]
    assert page.locator("#sparql-output caption").inner_text() == "1 row for your query"
    _run(page, text="CONSTRUCT WHERE { kzd:referendum-2022 a ?kind }")
    header, rows = _table(page)
    want = kzreforms.query(sparql="CONSTRUCT WHERE { kzd:referendum-2022 a ?kind }").graph
    assert header == ["subject", "predicate", "object"] and want is not None
    assert sorted(r[2][1] for r in rows if r[2]) == sorted(str(o) for o in want.objects())


@pytest.mark.slow
def test_no_request_left_127_0_0_1(browser: Browser) -> None:
    assert browser.requests and browser.blocked == []
    assert {urlsplit(u).hostname for u in browser.requests} == {"127.0.0.1"}
    assert browser.errors == []
