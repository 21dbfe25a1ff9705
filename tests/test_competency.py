"""Each competency question in queries/ gives exactly its expected answer over ontology + data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))


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


def test_there_are_enough_questions() -> None:
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_is_documented(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ")
    assert lines[1].startswith("# question: ")
    assert path.with_suffix(".expected.json").is_file()


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_gives_expected_answer(graph: Graph, path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    actual = normalise(json.loads(graph.query(query).serialize(format="json")))
    expected = normalise(json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8")))
    if isinstance(actual, list) and not re.search(r"\bORDER\s+BY\b", query, re.IGNORECASE):
        actual, expected = sorted(actual), sorted(expected)
    assert actual == expected
