"""``kzreforms publish``: the static site for people and machines.

The site is built once per module; each test reads it. Links, anchors,
highlights, embedded JSON-LD, HTML structure, content-negotiation rules,
reproducibility and atomic replacement are checked from the files; a real
headless Chromium (Debian's, driven by Playwright) reads the statement page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

import kzreforms
from kzreforms.cli import EXIT_OUTPUT, cli
from kzreforms.dataset import BASE
from kzreforms.errors import OutputError
from kzreforms.graphs import union_graph

ROOT = Path(__file__).resolve().parents[1]
KZR = Namespace(f"{BASE}ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ID = f"{BASE}id/"
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return kzreforms.load()


@pytest.fixture(scope="module")
def union(dataset) -> Graph:  # type: ignore[no-untyped-def]
    return union_graph(list(dataset.graphs()))


class Page(HTMLParser):
    """Reads one HTML file: ids, links, tag balance, headings, JSON-LD and the statement text."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.ids: list[str] = []
        self.links: list[str] = []
        self.errors: list[str] = []
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None
        # The statement text: characters in order, and which claims cover each one.
        self.text: list[str] = []
        self.cover: list[tuple[str, ...]] = []
        self._claims: list[str | None] = []
        self._in_source = 0
        self.feed(path.read_text(encoding="utf-8"))
        self.close()
        if self.stack:
            self.errors.append(f"unclosed at end: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])  # type: ignore[arg-type]
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])  # type: ignore[arg-type]
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = []
        if tag in VOID_ELEMENTS:
            return
        self.stack.append(tag)
        if self._in_source:
            self._in_source += 1
            self._claims.append(a.get("data-claim"))
        elif a.get("class") == "source-text":
            self._in_source = 1
            self._claims = [None]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self.errors.append(f"self-closed <{tag}/>")
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            self.errors.append(f"end tag for void <{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if self._in_source:
            self._in_source -= 1
            self._claims.pop()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._in_source:
            claims = tuple(c for c in self._claims if c)
            for char in data:
                self.text.append(char)
                self.cover.append(claims)


@functools.cache
def parse(path: Path) -> Page:
    return Page(path)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(page: Path, site: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link points to; None for links off the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if target.is_dir():
        target = target / "index.html"
    assert site.resolve() in target.parents or target == site.resolve(), link
    return target, parts.fragment


def claims_of(union: Graph) -> dict[str, tuple[int, int]]:
    out = {}
    for claim in union.subjects(RDF.type, KZR.Claim):
        for target in union.objects(claim, KZR.textTarget):
            for selector in union.objects(target, OA.hasSelector):
                if (selector, RDF.type, OA.TextPositionSelector) in union:
                    start = int(union.value(selector, OA.start))  # type: ignore[arg-type]
                    end = int(union.value(selector, OA.end))  # type: ignore[arg-type]
                    out[str(claim)[len(ID) :]] = (start, end)
    return out


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- links and pages


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = []
    for page in html_files(site):
        for link in parse(page).links:
            found = resolve(page, site, link)
            if found is None:
                continue
            target, fragment = found
            fragment = fragment.split(":~:", 1)[0]  # a fragment directive is not an id
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link} (no file)")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} (no id)")
    assert not broken, "\n".join(broken[:20])


def test_every_resource_of_the_data_has_a_page_and_its_rdf(site: Path, union: Graph) -> None:
    iris = {
        t for triple in union for t in triple if isinstance(t, URIRef) and str(t).startswith(ID)
    }
    assert len(iris) > 250
    for iri in iris:
        slug = str(iri)[len(ID) :]
        for suffix in (".html", ".ttl", ".jsonld"):
            assert (site / "id" / f"{slug}{suffix}").is_file(), (iri, suffix)
    assert (site / "id" / "referendum-2022.html").is_file()


def test_ids_are_unique_and_pages_have_one_h1_and_landmarks(site: Path) -> None:
    for page in html_files(site):
        p = parse(page)
        assert not p.errors, (page, p.errors[:5])
        assert len(p.ids) == len(set(p.ids)), page
        assert p.headings.count(1) == 1, page
        for before, after in zip(p.headings, p.headings[1:], strict=False):
            assert after <= before + 1, (page, p.headings)
        tags = {tag for tag, _ in p.tags}
        assert {"header", "nav", "main", "footer"} <= tags, page
        html = next(a for tag, a in p.tags if tag == "html")
        assert html.get("lang") == "en"
        assert any(t == "a" and a.get("class") == "skip-link" for t, a in p.tags), page
        assert all(a.get("alt") for t, a in p.tags if t == "img"), page
        # Scripts: JSON-LD data, the statement reader's own script, and the site's own
        # static scripts (no external sources); the SPARQL page loads its module and reads
        # its JSON configuration (tests/test_sparqlpage.py).
        scripts = [a for t, a in p.tags if t == "script" and a.get("type") != "application/ld+json"]
        if page.name == "sparql.html":
            assert scripts == [
                {"type": "module", "src": "static/sparql.js"},
                {"type": "application/json", "id": "sparql-config"},
            ], scripts
            continue
        inline = [a for a in scripts if "src" not in a]
        assert all(a.get("id") == "reader-script" for a in inline), page
        assert len(inline) <= (1 if page.name.startswith("statement") else 0), page
        for a in scripts:
            if "src" in a:
                found = resolve(page, site, a["src"] or "")
                assert found and found[0].is_file() and found[0].parent.name == "static", page


def test_values_are_escaped(site: Path) -> None:
    # A literal with "<" or "&" must reach the page escaped, never as markup.
    text = (site / "id" / "statement-text.html").read_text(encoding="utf-8")
    assert "“National Endowment for Prosperity”" in text
    for page in html_files(site):
        assert "<script>" not in page.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the statement


def test_every_claim_is_highlighted_once_at_its_exact_words(site: Path, union: Graph) -> None:
    page = parse(site / "statement.html")
    source = union.value(URIRef(f"{ID}statement-text"), RDF.value)
    assert "".join(page.text) == str(source), "the page must hold the text verbatim"
    claims = claims_of(union)
    assert len(claims) == 41
    marks = [a for tag, a in page.tags if a.get("data-claim") and a.get("id")]
    assert sorted(a["id"] for a in marks) == sorted(claims)  # type: ignore[type-var]
    for slug, (start, end) in claims.items():
        covered = [i for i, over in enumerate(page.cover) if slug in over]
        assert covered == list(range(start, end)), slug
        assert f"about-{slug}" in page.ids
        assert slug in page.ids
    # Nested claims: the Kurultai's chair lies inside the claim of its establishment.
    inner = claims["claim-national-kurultai-chaired-by-president"]
    assert (
        "claim-national-kurultai-established",
        "claim-national-kurultai-chaired-by-president",
    ) in {page.cover[i] for i in range(*inner)}


def test_claim_panels_show_the_structured_data(site: Path) -> None:
    text = (site / "statement.html").read_text(encoding="utf-8")
    panel = text.split('id="about-claim-parliamentary-entry-threshold-reduced"', 1)[1].split(
        '<section class="claim-panel"', 1
    )[0]
    assert "Parameter change" in panel
    assert "7% · exact · stated as “7%”" in panel
    assert "The speaker claims" in panel and "Adopted" in panel
    assert "../" not in panel and 'href="id/parliament.html"' in panel


# --------------------------------------------------------------------------- JSON-LD in pages


def test_embedded_jsonld_holds_only_triples_of_the_dataset(site: Path, union: Graph) -> None:
    schema_claims = 0
    pages = [p for p in html_files(site) if parse(p).scripts]
    assert len(pages) > 300
    for page in pages:
        if page.name == "index.html" and page.parent == site:
            continue  # the dataset description, checked below
        for script in parse(page).scripts:
            document = json.loads(script)
            assert isinstance(document["@context"], dict), "contexts are inline, never fetched"
            graph = Graph().parse(data=script, format="json-ld")
            assert len(graph), page
            missing = [t for t in graph if t not in union]
            assert not missing, (page, missing[:3])
            schema_claims += (None, URIRef("https://schema.org/appearance"), None) in graph
    assert schema_claims == 41


def test_resource_rdf_files_parse_with_kzreforms_load(site: Path, union: Graph) -> None:
    for name in ("referendum-2022", "claim-single-presidential-term", "parliament"):
        loaded = kzreforms.load([site / "id" / f"{name}.ttl", site / "id" / f"{name}.jsonld"])
        graph = union_graph(list(loaded.graphs()))
        assert len(graph) and all(t in union for t in graph)


# --------------------------------------------------------------------------- description


def test_void_and_dcat_describe_the_downloads(site: Path, union: Graph) -> None:
    void = Graph().parse(site / "void.ttl")
    ds = URIRef(BASE)
    assert (ds, RDF.type, DCAT.Dataset) in void and (ds, RDF.type, VOID.Dataset) in void
    assert int(void.value(ds, VOID.triples)) == len(union)  # type: ignore[arg-type]
    assert void.value(ds, VOID.uriSpace) == Literal(ID)
    modified = union.value(URIRef(f"{BASE}ontology"), URIRef("http://purl.org/dc/terms/modified"))
    assert void.value(ds, URIRef("http://purl.org/dc/terms/modified")) == modified
    sums = dict(
        reversed(line.split("  "))
        for line in (site / "dist" / "SHA256SUMS").read_text().splitlines()
    )
    distributions = list(void.objects(ds, DCAT.distribution))
    assert len(distributions) == len(sums) >= 9
    for dist in distributions:
        name = str(dist).rsplit("/", 1)[-1]
        data = (site / "dist" / name).read_bytes()
        assert int(void.value(dist, DCAT.byteSize)) == len(data)  # type: ignore[arg-type]
        assert sums[name] == hashlib.sha256(data).hexdigest()
    index = parse(site / "index.html").scripts
    assert isomorphic(Graph().parse(data=index[0], format="json-ld"), void)
    downloads = (site / "downloads.html").read_text(encoding="utf-8")
    assert all(digest in downloads for digest in sums.values())


# --------------------------------------------------------------------------- content negotiation
# The .htaccess, nginx.conf and conneg.js, under real servers: tests/test_conneg.py.


# --------------------------------------------------------------------------- builds


def test_rebuilding_gives_identical_bytes(site: Path, tmp_path: Path) -> None:
    """A second build, in another process with another hash seed, gives the same files."""
    again = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    subprocess.run(
        [sys.executable, "-m", "kzreforms", "publish", str(again)],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    assert digests(again) == digests(site)


def test_a_failed_build_leaves_the_previous_site_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset
) -> None:  # type: ignore[no-untyped-def]
    import kzreforms.site.build as site_module

    out = tmp_path / "site"
    site_module.publish(dataset, output=out)
    before = digests(out)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(site_module, "describe", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        site_module.publish(dataset, output=out)
    assert digests(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no build left behind"


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="holds no site published by kzreforms"):
        kzreforms.publish(output=tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_cli_publish(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["publish", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Published" in result.output and (tmp_path / "out" / "statement.html").is_file()
    afile = tmp_path / "a-file"
    afile.write_text("x")
    result = runner.invoke(cli, ["publish", str(afile)])
    assert result.exit_code == EXIT_OUTPUT
    assert "Error:" in result.output and "is not a folder" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["publish", "-h"])
    assert result.exit_code == 0 and "Examples:" in result.output


def test_templates_and_stylesheet_ship_inside_the_package() -> None:
    from importlib.resources import files

    package = files("kzreforms.site")
    assert (package / "templates" / "statement.html").is_file()
    assert (package / "static" / "site.css").is_file()


# --------------------------------------------------------------------------- a real browser


@pytest.mark.slow
def test_statement_in_a_real_browser(  # type: ignore[no-untyped-def]
    browser, served: str, union: Graph, tmp_path: Path
) -> None:
    claims = claims_of(union)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(served + "statement.html")
        assert page.locator("mark[data-claim][id]").count() == len(claims)
        panel = page.locator("#about-claim-referendum-2024-on-nuclear-power-plant")
        assert not panel.is_visible()
        page.locator("#claim-referendum-2024-on-nuclear-power-plant a").first.click()
        assert page.url.endswith("#about-claim-referendum-2024-on-nuclear-power-plant")
        assert panel.is_visible()
        assert "nuclear power plant" in panel.locator("h3").inner_text().lower()
        assert panel.get_by_text("Referendum of 2024").first.is_visible()
        shot = tmp_path / "statement.png"
        page.screenshot(path=str(shot))
        shutil.copyfile(shot, "/tmp/kzreforms-statement.png")
        panel.get_by_role("link", name="Claim page").click()
        page.wait_for_load_state()
        assert page.url.endswith("id/claim-referendum-2024-on-nuclear-power-plant.html")
        assert "nuclear power plant" in page.locator("h1").inner_text().lower()
        page.screenshot(path=str(tmp_path / "claim.png"))
    finally:
        page.close()
