"""The statement's RDF: every claim is traced to its exact words, and facts are typed right."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, XSD, Namespace

from kzreforms import vocab

ROOT = Path(__file__).resolve().parents[1]
TEXT_PATH = ROOT / "data" / "statement.txt"
TEXT_SHA256 = "9016ddcb7688eb7aab00a8e1874315298861184d6c4d992a505c627e310467aa"
KZC, KZD, KZR = vocab.KZC, vocab.KZD, vocab.KZR
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")


@pytest.fixture(scope="module")
def text() -> str:
    return TEXT_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        graph.parse(path)
    return graph


def claims(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, KZR.Claim))


def selectors(graph: Graph, target: URIRef) -> tuple[URIRef, URIRef]:
    found = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
    return found[OA.TextQuoteSelector], found[OA.TextPositionSelector]


def test_text_file_is_the_published_statement(text: str) -> None:
    assert hashlib.sha256(TEXT_PATH.read_bytes()).hexdigest() == TEXT_SHA256
    assert len(text) == 2992


def test_text_node_holds_the_text(data: Graph, text: str) -> None:
    value = data.value(KZD["statement-text"], RDF.value)
    assert str(value) == text
    assert data.value(KZD.statement, KZR.hasSourceText) == KZD["statement-text"]


def test_no_blank_nodes(data: Graph) -> None:
    assert not [t for t in data if any(isinstance(n, BNode) for n in t)]


def test_every_selector_matches_the_text(data: Graph, text: str) -> None:
    targets = set(data.subjects(RDF.type, OA.SpecificResource))
    assert len(targets) >= 50
    for target in targets:
        assert data.value(target, OA.hasSource) == KZD["statement-text"], target
        quote, position = selectors(data, target)
        exact = str(data.value(quote, OA.exact))
        start = data.value(position, OA.start)
        end = data.value(position, OA.end)
        assert start.datatype == end.datatype == XSD.nonNegativeInteger, target
        start, end = int(start), int(end)
        assert text[start:end] == exact, target
        prefix = str(data.value(quote, OA.prefix))
        suffix = str(data.value(quote, OA.suffix))
        assert 0 < len(prefix) <= 32 and len(suffix) <= 32, target
        assert text[start - len(prefix) : start] == prefix, target
        assert text[end : end + len(suffix)] == suffix, target


def test_every_claim_is_complete(data: Graph) -> None:
    found = claims(data)
    assert len(found) >= 40
    for claim in found:
        label = data.value(claim, RDFS.label)
        assert isinstance(label, Literal) and label.language == "en", claim
        assert (data.value(claim, KZR.section), RDF.type, KZR.Section) in data, claim
        assert data.value(claim, SDO.appearance) == KZD.statement, claim
        assert data.value(claim, PROV.wasAttributedTo) == KZD["usen-suleimen"], claim
        assert list(data.objects(claim, KZR.about)), claim
        selectors(data, data.value(claim, KZR.textTarget))


def test_claim_sections_contain_their_words(data: Graph) -> None:
    def span(node: URIRef) -> tuple[int, int]:
        _, position = selectors(data, data.value(node, KZR.textTarget))
        return int(data.value(position, OA.start)), int(data.value(position, OA.end))

    for claim in claims(data):
        s_start, s_end = span(data.value(claim, KZR.section))
        c_start, c_end = span(claim)
        assert s_start <= c_start < c_end <= s_end, claim


def test_every_reform_is_classified(data: Graph) -> None:
    reforms = set(data.subjects(RDF.type, KZR.Reform))
    for sub in (KZR.ParameterChange, KZR.InstitutionalChange, KZR.QuotaSystem):
        reforms |= set(data.subjects(RDF.type, sub))
    assert len(reforms) >= 25
    for reform in reforms:
        assert str(data.value(reform, KZR.status)).startswith(str(KZC) + "status-"), reform
        assert str(data.value(reform, KZR.reformArea)).startswith(str(KZC) + "area-"), reform


def test_numbers_are_typed(data: Graph) -> None:
    for count in data.subjects(RDF.type, KZR.Count):
        assert data.value(count, SDO.value).datatype == XSD.integer, count
        assert data.value(count, KZR.exactness) is not None, count
    for share in data.subjects(RDF.type, KZR.Share):
        assert data.value(share, SDO.value).datatype == XSD.decimal, share
        assert data.value(share, SDO.unitCode) == URIRef("http://qudt.org/vocab/unit/PERCENT")
    for referendum in data.subjects(RDF.type, KZR.Referendum):
        assert data.value(referendum, KZR.year).datatype == XSD.gYear, referendum


def value(graph: Graph, node: URIRef) -> object:
    return graph.value(node, SDO.value).toPython()


def test_referendum_2022(data: Graph) -> None:
    share = data.value(KZD["referendum-2022"], KZR.approvalShare)
    assert data.value(share, SDO.value) == Literal(Decimal("77.18"))
    assert data.value(share, KZR.exactness) == KZC["exactness-exact"]
    assert str(data.value(share, KZR.statedAs)) == "almost 80% (77.18%)"
    # "almost 80% (77.18%)" is one result: the rounded wording sits on the same quantity.
    rounded = data.value(share, KZR.roundedValue)
    assert rounded.datatype == XSD.decimal and rounded.toPython() == Decimal(80)
    assert data.value(share, KZR.roundedExactness) == KZC["exactness-almost"]
    assert rounded.toPython() > data.value(share, SDO.value).toPython()  # "almost": just below
    assert (
        data.value(KZD["referendum-2022"], DCTERMS.subject) == KZD["constitutional-amendments-2022"]
    )


def test_editorial_link_is_the_editors_not_the_speaker(data: Graph) -> None:
    note = KZD["editorial-link-referendum-2022"]
    assert (note, RDF.type, KZR.EditorialNote) in data
    editors = data.value(note, PROV.wasAttributedTo)
    assert editors == KZD["kzreforms-editors"] != data.value(KZD.statement, PROV.wasAttributedTo)
    assert (editors, RDF.type, PROV.Agent) in data
    assert set(data.objects(note, KZR.concerns)) >= {
        KZD["referendum-2022"],
        KZD["claim-constitutional-amendments-support"],
        KZD["claim-referendum-2022-on-constitutional-amendments"],
    }
    assert data.value(note, RDFS.comment).language == "en"
    # No claim is attributed to the editors: the link is not something the speaker said.
    assert not [c for c in claims(data) if (c, PROV.wasAttributedTo, editors) in data]


def test_evaluative_sentence_is_not_a_claim(data: Graph) -> None:
    sentence = "This is clearly visible in the dynamics of recent years."
    quoted = {
        str(data.value(quote, OA.exact))
        for claim in claims(data)
        for quote in data.objects(data.value(claim, KZR.textTarget), OA.hasSelector)
    }
    assert not [q for q in quoted if "clearly visible" in q]
    assert sentence in (ROOT / "data" / "README.md").read_text(encoding="utf-8").replace(
        "\n  ", " "
    )


def test_threshold_changes(data: Graph) -> None:
    entry = KZD["parliamentary-entry-threshold-reduction"]
    assert value(data, data.value(entry, KZR.valueBefore)) == Decimal(7)
    assert value(data, data.value(entry, KZR.valueAfter)) == Decimal(5)
    registration = KZD["party-registration-threshold-reduction"]
    assert value(data, data.value(registration, KZR.valueBefore)) == 20000
    assert value(data, data.value(registration, KZR.valueAfter)) == 5000
    factor = data.value(registration, KZR.changeFactor)
    assert factor.datatype == XSD.decimal and factor.toPython() == Decimal(4)
    for change in (entry, registration):
        assert data.value(change, KZR.changeDirection) == KZC["direction-decrease"]


def test_counts_and_exactness(data: Graph) -> None:
    akims = KZD["count-rural-and-district-akims-elected"]
    assert value(data, akims) == 2500
    assert data.value(akims, KZR.exactness) == KZC["exactness-lower-bound"]
    assert (
        data.value(KZD["count-petitions-submitted"], KZR.exactness) == KZC["exactness-lower-bound"]
    )
    assert value(data, KZD["count-city-mayors-elected"]) == 45
    parties = KZD["count-parties-winning-seats"]
    assert value(data, parties) == 6
    assert data.value(parties, KZR.outOf) == Literal(7)
    assert value(data, KZD["count-referendums-since-independence"]) == 4


def test_presidential_term(data: Graph) -> None:
    reform = KZD["single-seven-year-presidential-term"]
    assert data.value(reform, KZR.singleTerm) == Literal(True)
    length = data.value(reform, KZR.termLength)
    assert value(data, length) == 7
    assert data.value(length, SDO.unitCode) == URIRef("http://qudt.org/vocab/unit/YR")


def test_statuses_are_not_overstated(data: Graph) -> None:
    unicameral = KZD["transition-to-unicameral-parliament"]
    assert list(data.objects(unicameral, KZR.status)) == [KZC["status-under-discussion"]]
    future = KZD["strengthening-of-democratic-institutions"]
    assert list(data.objects(future, KZR.status)) == [KZC["status-committed"]]


def test_offsets_count_code_points(data: Graph, text: str) -> None:
    # The fund's name sits between curly quotes (3 bytes each in UTF-8): offsets after
    # them must count code points, not bytes.
    _, position = selectors(
        data, data.value(KZD["claim-ratified-international-documents"], KZR.textTarget)
    )
    start = int(data.value(position, OA.start))
    assert start == text.index("Kazakhstan has ratified")
    assert start != text.encode("utf-8").index(b"Kazakhstan has ratified")


def test_speaker_post_and_organisation(data: Graph) -> None:
    post = data.value(KZD["usen-suleimen"], ORG.holds)
    assert data.value(post, ORG.postIn) == KZD["national-endowment-for-prosperity-fund"]
    assert data.value(KZD.statement, PROV.wasAttributedTo) == KZD["usen-suleimen"]
