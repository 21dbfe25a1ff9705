"""Each competency question in queries/ gives exactly its expected answer over ontology + data.

The expected answers are a contract: every row names who said it (``?speaker``) and the exact
words (``?words``), and those words are the claim's own quote on the source text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
TEXT = (ROOT / "data" / "statement.txt").read_text(encoding="utf-8")
KZR = Namespace("https://w3id.org/kzreforms/ontology#")
KZC = Namespace("https://w3id.org/kzreforms/concept/")
OA = Namespace("http://www.w3.org/ns/oa#")
SPEAKER = "Usen Suleimen"

# The questions a fact-checker asks, which must stay among the packaged ones.
FACT_CHECKER_QUESTIONS = (
    "lower-bounds",
    "parliament-claims",
    "editorial-readings",
    "outcomes-and-causes",
    "hedged-or-under-discussion",
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    merged = Graph()
    for folder in ("ontology", "data"):
        for path in sorted((ROOT / folder).glob("*.ttl")):
            merged.parse(path)
    return merged


def normalise(document: dict) -> object:
    if "boolean" in document:
        return document["boolean"]
    return [
        sorted(
            (var, cell["type"], cell["value"], cell.get("datatype"), cell.get("xml:lang"))
            for var, cell in row.items()
        )
        for row in document["results"]["bindings"]
    ]


def expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def answer(graph: Graph, path: Path) -> dict:
    return json.loads(graph.query(path.read_text(encoding="utf-8")).serialize(format="json"))


def quote_of(graph: Graph, resource: URIRef) -> str:
    """The oa:exact of the TextQuoteSelector on the resource's text target."""
    exacts = {
        str(graph.value(selector, OA.exact))
        for target in graph.objects(resource, KZR.textTarget)
        for selector in graph.objects(target, OA.hasSelector)
        if (selector, RDF.type, OA.TextQuoteSelector) in graph
    }
    assert len(exacts) == 1, resource
    return exacts.pop()


def test_there_are_enough_questions() -> None:
    assert len(QUERIES) >= 16
    names = {re.sub(r"^\d+-", "", path.stem) for path in QUERIES}
    assert set(FACT_CHECKER_QUESTIONS) <= names


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_is_documented(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ")
    assert lines[1].startswith("# question: ")
    assert path.with_suffix(".expected.json").is_file()


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_gives_expected_answer(graph: Graph, path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    assert re.search(r"\bORDER\s+BY\b", query, re.IGNORECASE), "every question orders its rows"
    assert normalise(answer(graph, path)) == normalise(expected(path))


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_row_names_the_speaker_and_the_words(graph: Graph, path: Path) -> None:
    document = expected(path)
    if "kazakh-names" in path.stem:
        # Names come from outside sources, never from the speaker: each row names its source.
        assert {"institution", "url"} <= set(document["head"]["vars"])
        return
    assert {"speaker", "words"} <= set(document["head"]["vars"])
    rows = document["results"]["bindings"]
    assert rows, "a question with no answer checks nothing"
    for row in rows:
        assert row["speaker"]["value"] == SPEAKER
        words = row["words"]["value"]
        assert words in TEXT, f"not verbatim in data/statement.txt: {words!r}"
        if "claim" in row:  # the words are the claim's own quote, not some other passage
            assert words == quote_of(graph, URIRef(row["claim"]["value"]))
        if "start" in row and "claim" in row:
            start = int(row["start"]["value"])
            assert TEXT[start : start + len(words)] == words
            if "end" in row:
                assert int(row["end"]["value"]) == start + len(words)


def test_selectors_are_known_by_their_properties(graph: Graph) -> None:
    # The questions match quote and position selectors by oa:exact and oa:start alone.
    for prop, kind in ((OA.exact, OA.TextQuoteSelector), (OA.start, OA.TextPositionSelector)):
        carriers = set(graph.subjects(prop, None))
        assert carriers and all((node, RDF.type, kind) in graph for node in carriers)


def test_answers_go_through_the_speakers_attribution(graph: Graph) -> None:
    # Drop who said the claims: no question may still answer as if the facts stood alone.
    unattributed = Graph()
    for triple in graph:
        if triple[1] == PROV.wasAttributedTo and (triple[0], RDF.type, KZR.Claim) in graph:
            continue
        unattributed.add(triple)
    for path in QUERIES:
        rows = answer(unattributed, path)["results"]["bindings"]
        assert [row for row in rows if "speaker" in row or "words" in row] == [], path.stem


def test_no_claim_says_the_unicameral_parliament_is_in_effect(graph: Graph) -> None:
    # The question 14 contract, stated directly: a claim of "in effect" would be a new row.
    path = next(p for p in QUERIES if p.stem.endswith("unicameral-not-in-effect"))
    rows = expected(path)["results"]["bindings"]
    assert {row["status"]["value"] for row in rows} == {str(KZC["status-under-discussion"])}
    changed = Graph()
    for triple in graph:
        changed.add(triple)
    changed.add((URIRef(rows[0]["claim"]["value"]), KZR.status, KZC["status-in-effect"]))
    statuses = {row["status"]["value"] for row in answer(changed, path)["results"]["bindings"]}
    assert str(KZC["status-in-effect"]) in statuses


def test_lower_bounds_are_found_through_the_broader_concept(graph: Graph) -> None:
    # "at least" is narrower than the lower bound too: a quantity stated so must be found.
    path = next(p for p in QUERIES if p.stem.endswith("-lower-bounds"))
    changed = Graph()
    for triple in graph:
        changed.add(triple)
    mayors = next(
        q for q in graph.subjects(KZR.statedAs, Literal("45")) if (q, KZR.statedIn, None) in graph
    )
    changed.set((mayors, KZR.exactness, KZC["exactness-at-least"]))
    found = {row["quantity"]["value"] for row in answer(changed, path)["results"]["bindings"]}
    assert str(mayors) in found
    assert len(found) == len(expected(path)["results"]["bindings"]) + 1


@pytest.mark.slow
def test_answers_do_not_depend_on_the_hash_seed() -> None:
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import kzreforms\n"
        "for p in sorted(Path(sys.argv[1]).glob('*.rq')):\n"
        "    print(kzreforms.query(sparql=p.read_text(encoding='utf-8')).serialize('json'))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "queries")],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("0", "1", "2")
    }
    assert len(outputs) == 1


def test_readme_lists_every_question_as_it_is_asked() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `(\d\d-[\w-]+)` \| (.+) \|$", readme, flags=re.M))
    asked = {
        path.stem: path.read_text(encoding="utf-8").splitlines()[1].split(":", 1)[1].strip()
        for path in QUERIES
    }
    assert listed == asked
