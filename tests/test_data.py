"""The statement's RDF: every claim is traced to its exact words, and facts are typed right."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, XSD, Namespace

from kzreforms import namespaces, vocab

ROOT = Path(__file__).resolve().parents[1]
TEXT_PATH = ROOT / "data" / "statement.txt"
TEXT_SHA256 = "9016ddcb7688eb7aab00a8e1874315298861184d6c4d992a505c627e310467aa"
KZC, KZD, KZR = namespaces.KZC, namespaces.KZD, vocab.KZR
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
        # No empty oa:suffix: a quote that ends the text has none.
        suffix = data.value(quote, OA.suffix)
        assert (suffix is None) == (end == len(text)), target
        suffix = "" if suffix is None else str(suffix)
        assert 0 < len(prefix) <= 32 and 0 <= len(suffix) <= 32, target
        assert text[start - len(prefix) : start] == prefix, target
        assert text[end : end + len(suffix)] == suffix, target


def test_every_claim_is_complete(data: Graph) -> None:
    found = claims(data)
    assert len(found) >= 40
    for claim in found:
        label = data.value(claim, RDFS.label)
        assert isinstance(label, Literal) and label.language == "en", claim
        assert (data.value(claim, KZR.inSection), RDF.type, KZR.Section) in data, claim
        assert data.value(claim, SDO.appearance) == KZD.statement, claim
        assert data.value(claim, PROV.wasAttributedTo) == KZD["usen-suleimen"], claim
        assert list(data.objects(claim, KZR.claimSubject)), claim
        selectors(data, data.value(claim, KZR.textTarget))


def test_claim_sections_contain_their_words(data: Graph) -> None:
    def span(node: URIRef) -> tuple[int, int]:
        _, position = selectors(data, data.value(node, KZR.textTarget))
        return int(data.value(position, OA.start)), int(data.value(position, OA.end))

    for claim in claims(data):
        s_start, s_end = span(data.value(claim, KZR.inSection))
        c_start, c_end = span(claim)
        assert s_start <= c_start < c_end <= s_end, claim


THING_CLASSES = (
    KZR.Reform,
    KZR.ParameterChange,
    KZR.InstitutionalChange,
    KZR.QuotaSystem,
    KZR.Outcome,
    KZR.Institution,
    KZR.Referendum,
    KZR.Election,
    KZR.Parameter,
    KZR.PolicyQuestion,
    ORG.Post,
    ORG.Organization,
)
#: What a speaker asserts: these sit on claims only, never on the things claims are about.
ASSERTED = (
    KZR.status,
    KZR.changeDirection,
    KZR.modality,
    KZR.resultOf,
    KZR.chairedBy,
    KZR.memberGroup,
    KZR.statedQuantity,
    KZR.valueBefore,
    KZR.valueAfter,
    KZR.approvalShare,
    KZR.termLength,
    KZR.year,
    KZR.changeFactor,
    KZR.singleTerm,
)


def things(graph: Graph) -> set[URIRef]:
    return {s for cls in THING_CLASSES for s in graph.subjects(RDF.type, cls)}


def claim_of(graph: Graph, subject: URIRef, prop: URIRef) -> URIRef:
    """The one claim about ``subject`` that carries ``prop``."""
    found = [c for c in graph.subjects(KZR.claimSubject, subject) if graph.value(c, prop)]
    assert len(found) == 1, (subject, prop, found)
    return found[0]


def test_things_carry_only_their_identity(data: Graph) -> None:
    named = things(data)
    assert len(named) >= 45
    for prop in ASSERTED:
        for subject in data.subjects(prop, None):
            assert (subject, RDF.type, KZR.Claim) in data, (subject, prop)
            assert subject not in named, (subject, prop)


def test_every_claim_names_its_subject(data: Graph) -> None:
    for claim in claims(data):
        subjects = list(data.objects(claim, KZR.claimSubject))
        assert len(subjects) == 1, claim
        assert subjects[0] in things(data), claim


def test_every_reform_is_classified(data: Graph) -> None:
    reforms = {s for cls in THING_CLASSES[:5] for s in data.subjects(RDF.type, cls)}
    assert len(reforms) >= 25
    for reform in reforms:
        assert str(data.value(reform, KZR.reformArea)).startswith(str(KZC) + "area-"), reform
    # Every reform has a claim that gives it a status; outcomes have a direction instead.
    for reform in reforms - set(data.subjects(RDF.type, KZR.Outcome)):
        statuses = {data.value(c, KZR.status) for c in data.subjects(KZR.claimSubject, reform)}
        assert statuses - {None}, reform
    for outcome in data.subjects(RDF.type, KZR.Outcome):
        assert claim_of(data, outcome, KZR.changeDirection), outcome
        assert (outcome, RDF.type, KZR.Reform) not in data, outcome


def test_no_thing_is_both_a_reform_and_an_institution(data: Graph) -> None:
    reforms = {s for cls in THING_CLASSES[:4] for s in data.subjects(RDF.type, cls)}
    assert not reforms & set(data.subjects(RDF.type, KZR.Institution))


def test_numbers_are_typed(data: Graph) -> None:
    for count in data.subjects(RDF.type, KZR.Count):
        number = data.value(count, SDO.value) or data.value(count, SDO.minValue)
        assert number.datatype == XSD.integer, count
        assert data.value(count, KZR.exactness) is not None, count
    for share in data.subjects(RDF.type, KZR.Share):
        assert data.value(share, SDO.value).datatype == XSD.decimal, share
        assert data.value(share, SDO.unitCode) == URIRef("http://qudt.org/vocab/unit/PERCENT")
    for claim in data.subjects(KZR.year, None):
        assert data.value(claim, KZR.year).datatype == XSD.gYear, claim
    for quantity in data.subjects(RDF.type, KZR.Quantity):
        claim = data.value(quantity, KZR.statedIn)
        assert (claim, RDF.type, KZR.Claim) in data, quantity
        assert (claim, None, quantity) in data, quantity


def value(graph: Graph, node: URIRef) -> object:
    return graph.value(node, SDO.value).toPython()


def test_referendum_2022(data: Graph) -> None:
    claim = claim_of(data, KZD["referendum-2022"], KZR.approvalShare)
    assert data.value(claim, PROV.wasAttributedTo) == KZD["usen-suleimen"]
    share = data.value(claim, KZR.approvalShare)
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
    year = claim_of(data, KZD["referendum-2022"], KZR.year)
    assert data.value(year, KZR.year) == Literal("2022", datatype=XSD.gYear)


def test_editorial_notes_are_the_editors_not_the_speaker(data: Graph) -> None:
    notes = set(data.subjects(RDF.type, KZR.EditorialNote))
    assert len(notes) >= 3
    editors = KZD["kzreforms-editors"]
    assert editors != data.value(KZD.statement, PROV.wasAttributedTo)
    assert (editors, RDF.type, PROV.Agent) in data
    for note in notes:
        assert data.value(note, PROV.wasAttributedTo) == editors, note
        assert data.value(note, DCTERMS.creator) == editors, note
        assert data.value(note, OA.motivatedBy) in (OA.linking, OA.commenting), note
        assert data.value(data.value(note, OA.hasBody), RDF.value).language == "en", note
        for target in data.objects(note, OA.hasTarget):
            assert (target, RDF.type, OA.SpecificResource) in data, (note, target)
    link = KZD["editorial-link-referendum-2022"]
    assert set(data.objects(link, KZR.concerns)) >= {
        KZD["referendum-2022"],
        KZD["constitutional-amendments-2022"],
        KZD["referendum-2022-approval-share"],
        KZD["claim-constitutional-amendments-support"],
        KZD["claim-referendum-2022-on-constitutional-amendments"],
    }
    # No claim is attributed to the editors: a reading is not something the speaker said.
    assert not [c for c in claims(data) if (c, PROV.wasAttributedTo, editors) in data]


def test_one_iri_for_the_editors(data: Graph) -> None:
    editors = KZD["kzreforms-editors"]
    for path in sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "shapes").glob("*.ttl")):
        graph = Graph().parse(path)
        creators = set(graph.objects(None, DCTERMS.creator))
        assert creators == {editors}, path.name


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
    entry = claim_of(data, KZD["parliamentary-entry-threshold-reduction"], KZR.valueBefore)
    assert value(data, data.value(entry, KZR.valueBefore)) == Decimal(7)
    assert value(data, data.value(entry, KZR.valueAfter)) == Decimal(5)
    registration = claim_of(data, KZD["party-registration-threshold-reduction"], KZR.valueBefore)
    assert value(data, data.value(registration, KZR.valueBefore)) == 20000
    assert value(data, data.value(registration, KZR.valueAfter)) == 5000
    factor = data.value(registration, KZR.changeFactor)
    assert factor.datatype == XSD.decimal and factor.toPython() == Decimal(4)
    for change in (entry, registration):
        assert data.value(change, KZR.changeDirection) == KZC["direction-decrease"]


def test_counts_and_exactness(data: Graph) -> None:
    # "more than 2,500" is a bound, not a value: no schema:value a schema.org reader takes as exact.
    for name, bound in (
        ("count-rural-and-district-akims-elected", 2500),
        ("count-petitions-submitted", 100),
    ):
        count = KZD[name]
        assert data.value(count, SDO.value) is None, name
        assert data.value(count, KZR.exclusiveLowerBound) == Literal(bound), name
        assert data.value(count, SDO.minValue) == Literal(bound + 1), name
        assert data.value(count, KZR.exactness) == KZC["exactness-more-than"], name
    assert value(data, KZD["count-city-mayors-elected"]) == 45
    parties = KZD["count-parties-winning-seats"]
    assert value(data, parties) == 6
    assert data.value(parties, KZR.outOf) == Literal(7)
    assert value(data, KZD["count-referendums-since-independence"]) == 4
    # The reading of "more than 2,500 … and 45" is recorded, not silently taken.
    reading = KZD["editorial-reading-more-than-2500"]
    assert KZD["count-city-mayors-elected"] in set(data.objects(reading, KZR.concerns))


def test_presidential_term(data: Graph) -> None:
    claim = claim_of(data, KZD["single-seven-year-presidential-term"], KZR.termLength)
    assert data.value(claim, KZR.singleTerm) == Literal(True)
    length = data.value(claim, KZR.termLength)
    assert value(data, length) == 7
    assert data.value(length, SDO.unitCode) == URIRef("http://qudt.org/vocab/unit/YR")


def test_statuses_are_not_overstated(data: Graph) -> None:
    def status(subject: str) -> URIRef:
        return data.value(claim_of(data, KZD[subject], KZR.status), KZR.status)

    unicameral = claim_of(data, KZD["transition-to-unicameral-parliament"], KZR.status)
    assert data.value(unicameral, KZR.status) == KZC["status-under-discussion"]
    assert data.value(unicameral, KZR.modality) == KZC["modality-possible"]
    assert status("strengthening-of-democratic-institutions") == KZC["status-committed"]
    # "was established" / "was re-established": adopted; only the cassation courts "have
    # begun to operate".
    assert status("establishment-of-national-kurultai") == KZC["status-adopted"]
    assert status("re-establishment-of-constitutional-court") == KZC["status-adopted"]
    assert status("establishment-of-cassation-courts") == KZC["status-begun-to-operate"]
    assert status("administrative-justice") == KZC["status-functioning"]
    assert status("notification-based-assemblies") == KZC["status-in-effect"]


def test_offices_the_text_names_apart_are_modelled_apart(data: Graph) -> None:
    limited = claim_of(data, KZD["limitation-of-presidential-powers-over-governors"], KZR.status)
    elected = claim_of(data, KZD["direct-election-of-district-and-city-governors"], KZR.status)
    assert KZD["post-local-governor"] in set(data.objects(limited, KZR.about))
    assert KZD["post-local-governor"] not in set(data.objects(elected, KZR.about))
    # Two passages on participation are two outcomes, not one.
    third = claim_of(data, KZD["increase-in-public-participation"], KZR.changeDirection)
    fourth = claim_of(
        data, KZD["expansion-of-civic-participation-in-decision-making"], KZR.changeDirection
    )
    assert data.value(third, KZR.inSection) == KZD["section-third"]
    assert data.value(fourth, KZR.inSection) == KZD["section-fourth"]


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
