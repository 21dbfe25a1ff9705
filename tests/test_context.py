"""The context layer: what outside sources say, sourced, quoted and kept apart from the speaker.

These tests read the packaged context graph (``data/context.ttl``, loaded into
``https://w3id.org/kzreforms/graph/context``). They depend on the ontology's
context terms (kzr:ContextNote, kzr:Source, kzr:NameRecord, kzr:sourceQuote …)
and on a few IRIs of the context file itself (the 2026 Kurultai, the note on
the 2026 referendum result); they name no claim IRI of the data graph.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

import kzreforms
from kzreforms.cli import cli
from kzreforms.dataset import GRAPHS
from kzreforms.namespaces import KZD, KZR
from kzreforms.resources import rdf_files

ROOT = Path(__file__).resolve().parents[1]
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
CONTEXT_IRI = URIRef("https://w3id.org/kzreforms/graph/context")
EDITORS = KZD["kzreforms-editors"]

#: Values that mark an unfinished field, matched case-insensitively as whole words or hosts.
PLACEHOLDER = re.compile(
    r"\b(?:TODO|TBD|FIXME|XXX+|lorem|ipsum|placeholder|dummy)\b"
    r"|example\.(?:org|com|net)|\.invalid\b|localhost"
    r"|^\s*(?:\.\.\.|…|-|n/?a|none|null|\?+)\s*$",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return kzreforms.load()


@pytest.fixture(scope="module")
def context(dataset: Dataset) -> Graph:
    return dataset.graph(GRAPHS["context"])


@pytest.fixture(scope="module")
def data(dataset: Dataset) -> Graph:
    return dataset.graph(GRAPHS["data"])


def sources(context: Graph) -> set[URIRef]:
    cited = set(context.objects(None, DCTERMS.source))
    return cited | set(context.subjects(RDF.type, KZR.Source))


def placeholder_problems(value: object) -> list[str]:
    text = str(value)
    if not text.strip():
        return ["empty"]
    return [f"placeholder {m.group(0)!r}" for m in PLACEHOLDER.finditer(text)]


# --------------------------------------------------------------------------- the graph


def test_context_file_is_its_own_graph(context: Graph, data: Graph) -> None:
    assert GRAPHS["context"] == CONTEXT_IRI
    assert [p.name for p in rdf_files("context")] == ["context.ttl"]
    assert "context.ttl" not in [p.name for p in rdf_files("data")]
    assert len(context) > 500
    assert not set(data.subjects(RDF.type, KZR.ContextNote))
    assert not set(data.subjects(RDF.type, KZR.NameRecord))
    assert not list(data.triples((None, KZR.sourceQuote, None)))


def test_info_lists_the_context_graph_with_its_count(context: Graph) -> None:
    result = CliRunner().invoke(cli, ["info"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if str(CONTEXT_IRI) in line)
    assert line.split()[-1] == f"{len(context):,}"


def test_export_and_validate_take_the_context_graph(context: Graph) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "-f", "nt", "--graph", "context"])
    assert result.exit_code == 0, result.output
    exported = Graph().parse(data=result.output, format="nt")
    assert len(exported) == len(context)
    # The shipped data and context are validated together, and conform.
    report = kzreforms.validate()
    assert report.conforms and not report.results, report.text()


def test_load_into_an_embedded_store_sends_the_context_graph(
    context: Graph, tmp_path: Path
) -> None:
    from kzreforms.stores import load_into

    report = load_into(store=tmp_path / "store", graphs=["context"])
    assert report.verified
    assert [(g.iri, g.found) for g in report.graphs] == [(str(CONTEXT_IRI), len(context))]


# --------------------------------------------------------------------------- sourced and quoted


def test_every_note_and_name_record_cites_a_source(context: Graph) -> None:
    notes = set(context.subjects(RDF.type, KZR.ContextNote))
    records = set(context.subjects(RDF.type, KZR.NameRecord))
    assert len(notes) >= 15 and len(records) >= 15
    for node in notes | records:
        cited = set(context.objects(node, DCTERMS.source))
        assert cited, node
        assert cited <= set(context.subjects(RDF.type, KZR.Source)), node


def test_quote_and_source_fields_are_filled_in(context: Graph) -> None:
    problems = []
    for source in sorted(sources(context)):
        fields = {
            "schema:url": list(context.objects(source, SCHEMA.url)),
            "dcterms:publisher": list(context.objects(source, DCTERMS.publisher)),
            "kzr:accessed": list(context.objects(source, KZR.accessed)),
            "kzr:sourceQuote": list(context.objects(source, KZR.sourceQuote)),
        }
        optional = {
            "dcterms:title": list(context.objects(source, DCTERMS.title)),
            "dcterms:issued": list(context.objects(source, DCTERMS.issued)),
        }
        for name, values in fields.items():
            if not values:
                problems.append(f"{source}: no {name}")
        for name, values in {**fields, **optional}.items():
            for value in values:
                problems += [f"{source} {name}: {p}" for p in placeholder_problems(value)]
        for url in fields["schema:url"]:
            assert isinstance(url, URIRef) and str(url).startswith(("https://", "http://")), url
        for quote in fields["kzr:sourceQuote"]:
            assert isinstance(quote, Literal) and quote.language in ("en", "kk", "ru"), quote
            if len(str(quote).strip()) < 10:
                problems.append(f"{source}: quote too short to be a quote: {quote!r}")
    for note in sorted(context.subjects(RDF.type, KZR.ContextNote)):
        for body in context.objects(note, OA.hasBody):
            for value in context.objects(body, RDF.value):
                problems += [f"{note} body: {p}" for p in placeholder_problems(value)]
    assert not problems, "\n".join(problems)


def test_the_placeholder_check_can_fail() -> None:
    for bad in ("", "  ", "TODO", "see https://example.org/x", "tbd later", "…", "Lorem ipsum"):
        assert placeholder_problems(bad), bad
    for good in ("Явка составила 73,12%, добавил он.", "2026-12-01", "Әділет"):
        assert not placeholder_problems(good), good


def test_every_source_was_read_on_a_stated_date(context: Graph) -> None:
    for source in sources(context):
        dates = list(context.objects(source, KZR.accessed))
        assert len(dates) == 1 and dates[0].datatype is not None, source
        assert str(dates[0]) == "2026-12-01", source


def test_figures_that_changed_are_all_quoted(context: Graph) -> None:
    # Three electorate figures for the 2026 referendum: none is picked silently.
    note = KZD["context-referendum-2026-result"]
    quotes = " ".join(
        str(q)
        for s in context.objects(note, DCTERMS.source)
        for q in context.objects(s, KZR.sourceQuote)
    )
    for figure in ("12,416,759", "12 461 796", "12 482 613"):
        assert figure in quotes, figure
    body = str(context.value(context.value(note, OA.hasBody), RDF.value))
    assert all(f in body for f in ("12,416,759", "12,461,796", "12,482,613"))


# ------------------------------------------------------------- kept apart from the speaker


def speakers(data: Graph) -> set[URIRef]:
    return {
        agent  # type: ignore[misc]
        for statement in data.subjects(RDF.type, KZR.Statement)
        for agent in data.objects(statement, PROV.wasAttributedTo)
    }


def test_no_context_triple_is_attributed_to_the_speaker(context: Graph, data: Graph) -> None:
    speaking = speakers(data)
    assert speaking
    for prop in (PROV.wasAttributedTo, DCTERMS.creator):
        assert not [(s, o) for s, o in context.subject_objects(prop) if o in speaking], prop
    for kind in (KZR.ContextNote, KZR.NameRecord):
        for node in context.subjects(RDF.type, kind):
            assert set(context.objects(node, PROV.wasAttributedTo)) == {EDITORS}, node


def test_context_graph_shares_no_claim_node_with_the_data(context: Graph, data: Graph) -> None:
    claims = set(data.subjects(RDF.type, KZR.Claim))
    assert claims
    assert not set(context.subjects(RDF.type, KZR.Claim))
    # A claim appears in the context graph only as what a note is about.
    for claim in claims:
        assert (claim, None, None) not in context, claim
        assert set(context.predicates(None, claim)) <= {OA.hasTarget}, claim
    # Every note is about something that exists: a claim or a named resource.
    known = set(data.subjects()) | set(context.subjects())
    for target in context.objects(None, OA.hasTarget):
        assert target in known, target


def test_speaker_claims_cite_no_outside_source(data: Graph) -> None:
    for claim in data.subjects(RDF.type, KZR.Claim):
        assert (claim, DCTERMS.source, None) not in data, claim
        assert (claim, KZR.sourceQuote, None) not in data, claim


# --------------------------------------------------------------------------- names and identifiers


def look_alikes(text: str, *, strict: bool) -> list[str]:
    """Latin letters posing as Cyrillic: a mixed-script word, a Latin schwa, or Latin in a name."""
    found = []
    for ch in text:
        if ch in "\u0259\u018f":  # LATIN SMALL/CAPITAL LETTER SCHWA, not Cyrillic ә/Ә
            found.append(f"{ch!r} {unicodedata.name(ch)}")
    for word in re.findall(r"\w+", text):
        scripts = {unicodedata.name(ch).split()[0] for ch in word if ch.isalpha()}
        if {"LATIN", "CYRILLIC"} <= scripts or (strict and "LATIN" in scripts):
            found.append(word)
    return found


def test_the_look_alike_check_can_fail() -> None:
    assert look_alikes("Парламентi", strict=False)  # Latin i (U+0069) for Cyrillic і
    assert look_alikes("уəкіл", strict=False)  # Latin schwa (U+0259) for Cyrillic ә
    assert look_alikes("Kурултай", strict=False)  # Latin K
    assert look_alikes("Mazhilis", strict=True)
    assert not look_alikes("№ 154-VII ҚРЗ", strict=False)  # Roman numerals stand apart
    assert not look_alikes("Қазақстан Республикасының Парламенті", strict=True)


def test_kazakh_and_russian_literals_have_no_latin_look_alikes(dataset: Dataset) -> None:
    bad = []
    names = {KZR.name, SKOS.altLabel, SKOS.prefLabel}
    for graph in dataset.graphs():
        for _, predicate, value in graph:
            if isinstance(value, Literal) and value.language in ("kk", "ru"):
                strict = predicate in names
                bad += [f"{value!r}: {w}" for w in look_alikes(str(value), strict=strict)]
    assert not bad, "\n".join(bad)


def test_names_are_shown_as_alt_labels_in_the_context_graph_only(
    context: Graph, data: Graph
) -> None:
    recorded = {
        (context.value(r, KZR.nameOf), context.value(r, KZR.name))
        for r in context.subjects(RDF.type, KZR.NameRecord)
    }
    shown = {
        (s, o)
        for s, o in context.subject_objects(SKOS.altLabel)
        if isinstance(o, Literal) and o.language in ("kk", "ru")
    }
    assert shown == recorded
    assert {lang for _, name in recorded for lang in [name.language]} == {"kk", "ru"}
    assert not [o for o in data.objects(None, SKOS.altLabel) if o.language in ("kk", "ru")]


def test_the_two_kurultais_are_two_bodies(context: Graph) -> None:
    new, old = KZD["kurultai-2026"], KZD["national-kurultai"]
    assert (new, RDF.type, KZR.Institution) in context
    names = {
        str(context.value(r, KZR.name)): context.value(r, KZR.nameOf)
        for r in context.subjects(RDF.type, KZR.NameRecord)
    }
    assert names["Құрылтай"] == new and names["Курултай"] == new
    assert names["Ұлттық құрылтай"] == old and names["Национальный курултай"] == old
    for record in context.subjects(KZR.nameOf, new):
        assert str(context.value(record, KZR.validFrom)) == "2026-07-01", record


def test_wikidata_links_only_what_a_source_showed(context: Graph, dataset: Dataset) -> None:
    links = [
        (s, o)
        for graph in dataset.graphs()
        for prop in (SCHEMA.sameAs, SKOS.exactMatch, SKOS.closeMatch)
        for s, o in graph.subject_objects(prop)
        if "wikidata.org" in str(o)
    ]
    country = KZD["republic-of-kazakhstan"]
    assert links == [(country, URIRef("http://www.wikidata.org/entity/Q232"))]
    notes = set(context.subjects(OA.hasTarget, country))
    quoted = " ".join(
        str(q)
        for n in notes
        for s in context.objects(n, DCTERMS.source)
        for q in context.objects(s, KZR.sourceQuote)
    )
    assert '"wikidata": "Q232"' in quoted


# --------------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    kzreforms.publish(output=out)
    return out


def test_claim_pages_show_context_apart_from_the_words(site: Path) -> None:
    page = (site / "id" / "claim-unicameral-parliament-possible.html").read_text(encoding="utf-8")
    aside = page.split('<aside class="context"', 1)[1].split("</aside>", 1)[0]
    assert "Not the speaker&#39;s words" in aside or "Not the speaker's words" in aside
    assert "Since the statement (supersedes):" in aside
    assert 'href="https://' in aside and "the note</a>" in aside
    # The speaker's words and the context never share an element.
    words = page.split('<q class="quote">', 1)[1].split("</q>", 1)[0]
    assert words == "including a possible transition to a unicameral Parliament"
    assert "Kurultai" not in words
    # The statement page keeps the verbatim text free of context.
    statement = (site / "statement.html").read_text(encoding="utf-8")
    text = statement.split('<div class="source-text"', 1)[1].split("</div>", 1)[0]
    assert "Since the statement" not in text and "2026" not in text


def test_resource_pages_show_kazakh_and_russian_names(site: Path) -> None:
    page = (site / "id" / "parliament.html").read_text(encoding="utf-8")
    assert "Қазақстан Республикасының Парламенті" in page
    assert "Парламент Республики Казахстан" in page
