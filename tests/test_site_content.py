"""What the published site tells a person: the dataset described, its versions, shapes once,
human link texts, and the current page marked in the navigation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SH, URIRef

import kzreforms
from kzreforms._version import __version__
from kzreforms.dataset import BASE, GRAPHS, graphs_of
from kzreforms.errors import InputError
from kzreforms.graphs import union_graph
from kzreforms.site.about import about_view
from kzreforms.site.model import KZR, SiteModel
from kzreforms.site.versions import changelog_path, read_versions


class _Links(HTMLParser):
    """Collects (href, text) of every link and the text of aria-current links."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.current: list[str] = []
        self._open: list[tuple[str, bool, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            a = dict(attrs)
            self._open.append((a.get("href") or "", a.get("aria-current") == "page", []))

    def handle_data(self, data: str) -> None:
        for _, _, texts in self._open:
            texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, current, texts = self._open.pop()
            text = " ".join("".join(texts).split())
            self.links.append((href, text))
            if current:
                self.current.append(text)


def _union():  # type: ignore[no-untyped-def]
    return union_graph(graphs_of(kzreforms.load(), graphs="all"))


def _links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


# --------------------------------------------------------------------------- about


def test_about_shows_the_claim_count_from_the_data(site: Path) -> None:
    claims = set(_union().subjects(RDF.type, KZR.Claim))
    assert len(claims) > 10
    html = (site / "index.html").read_text("utf-8")
    about = html[html.index('id="about-heading"') :]
    assert f'<strong class="claim-count">{len(claims)} claims</strong>' in about
    assert "void:" not in about and "dcat:" not in about
    for words in ("Who said what", "What the editors added", "Cite as", "CC BY 4.0"):
        assert words in about
    assert 'href="versions.html"' in about and 'href="downloads.html"' in about
    # The introduction describes the dataset, not the ontology.
    lede = re.search(r'<p class="lede">(.*?)</p>', html, re.S)
    assert lede is not None and f"its {len(claims)} claims" in lede.group(1)
    assert "Terms for modelling" not in lede.group(1)


def test_about_counts_follow_the_data() -> None:
    graph = _union()
    before = about_view(SiteModel(graph, graph), version="9.9.9")
    dropped = sorted(graph.subjects(RDF.type, KZR.Claim))[:2]
    for claim in dropped:
        graph.remove((claim, RDF.type, KZR.Claim))
    after = about_view(SiteModel(graph, graph), version="9.9.9")
    assert after.claims == before.claims - 2
    assert after.speakers[0].claims == before.speakers[0].claims - 2
    assert before.speakers[0].who.text == "Usen Suleimen"
    assert "version 9.9.9" in after.citation and after.citation.endswith(BASE)


# --------------------------------------------------------------------------- versions


def test_versions_page_lists_each_version_and_is_linked_from_every_page(site: Path) -> None:
    html = (site / "versions.html").read_text("utf-8")
    assert 'id="v0.2.0-heading"' in html and 'id="v0.1.0-heading"' in html
    assert "kzr:Claim" in html and "attributed to the speaker" in html
    assert html.index('id="v0.2.0"') < html.index('id="v0.1.0"')
    for page in ("index.html", "ontology.html", "id/referendum-2022.html", "concept/index.html"):
        hrefs = [href for href, _ in _links(site / page).links]
        assert any(h.endswith("versions.html") for h in hrefs), page


def test_the_change_list_starts_with_the_published_version() -> None:
    newest = read_versions()[0]
    header = _union().value(URIRef(f"{BASE}ontology"), OWL.versionInfo)
    assert newest.number == __version__ == str(header)
    assert newest.date and all(v.changes for v in read_versions())
    assert changelog_path().name == "CHANGELOG.md"


def test_a_broken_change_list_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "CHANGELOG.md"
    bad.write_text("# Changelog\n\n## 0.2.0 — 2026-12-01\n\n- fine\n\n## next\n", "utf-8")
    with pytest.raises(InputError, match=r"CHANGELOG.md:7: a version heading"):
        read_versions(bad)
    bad.write_text("# Changelog\n\nNo versions yet.\n", "utf-8")
    with pytest.raises(InputError, match="no '## X.Y.Z"):
        read_versions(bad)


# --------------------------------------------------------------------------- ontology


def test_ontology_lists_every_shape_once(site: Path) -> None:
    shapes = kzreforms.load().graph(GRAPHS["shapes"])
    node_shapes = set(shapes.subjects(SH.targetClass, None))
    classes = set(_union().subjects(RDF.type, OWL.Class))
    targets = {s: set(shapes.objects(s, SH.targetClass)) & classes for s in node_shapes}
    on_page = {s for s, cs in targets.items() if cs}
    pairs = sum(len(cs) for cs in targets.values())
    html = (site / "ontology.html").read_text("utf-8")
    blocks = re.findall(r'<div class="shape" id="[^"]+">.*?<code>([^<]+)</code>', html, re.S)
    assert len(blocks) == len(set(blocks))  # no shape twice
    assert {str(s) for s in on_page} <= set(blocks) <= {str(s) for s in node_shapes}
    assert len(blocks) < pairs  # before, one block per class a shape targets
    assert 'id="shared-shapes"' in html
    assert html.count('href="#shape-LabelShape"') >= 10  # the classes link to it


# --------------------------------------------------------------------------- links and navigation


def test_no_link_text_is_a_prefixed_name_of_a_record(site: Path) -> None:
    texts = [text for page in site.rglob("*.html") for _, text in _links(page).links]
    assert len(texts) > 10_000
    assert [t for t in texts if re.fullmatch(r"kzd:.*-(position|quote|target|body)", t)] == []
    assert not [t for t in texts if t.startswith("kzd:")]
    resources = _links(site / "resources.html").links
    text = dict(resources)["id/claim-single-presidential-term-position.html"]
    assert text == "Characters 429–487: “a single seven-year presidential term has been…”"
    assert dict(resources)["id/claim-single-presidential-term-quote.html"].startswith(
        "Words “a single seven-year"
    )


def test_concept_pages_mark_concepts_as_the_current_page(site: Path) -> None:
    for page in sorted((site / "concept").glob("area-*.html"))[:5]:
        assert _links(page).current == ["Concepts"], page.name
    assert _links(site / "id/referendum-2022.html").current == ["Resources"]
    assert _links(site / "versions.html").current == []
