"""What a load sends: files parsed by Oxigraph give the same payloads as the rdflib path,
and the files the fast path cannot vouch for go through rdflib (for its errors and warnings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kzreforms
from kzreforms import dataset as dataset_module
from kzreforms.dataset import GRAPHS
from kzreforms.errors import InputError
from kzreforms.stores import load_into
from kzreforms.stores.payloads import check_choice, from_dataset, from_files
from kzreforms.stores.verify import compare_bodies

TRIG = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:s ex:p "default", 4 .
<https://w3id.org/kzreforms/graph/data> {
    ex:a ex:n "7"^^xsd:nonNegativeInteger ; ex:b [ ex:c "x"@en ] .
}
<http://example.org/g2> { ex:a ex:q true . }
"""


def _both(path: Path, **choice: object) -> tuple[list[object], list[object]]:
    selections = check_choice(choice.get("graphs", "all"), None, {})  # type: ignore[arg-type]
    fast = from_files(
        [path], input_format=None, selections=selections, graph_iri=None, graph_iris={}
    )
    slow = from_dataset(kzreforms.load([path]), selections, None, {})
    assert fast is not None
    return fast, slow  # type: ignore[return-value]


def test_files_give_the_payloads_rdflib_gives(tmp_path: Path) -> None:
    path = tmp_path / "mixed.trig"
    path.write_text(TRIG, encoding="utf-8")
    fast, slow = _both(path)
    assert (
        [(p.iri, p.triples) for p in fast]
        == [(p.iri, p.triples) for p in slow]
        == [
            (None, 2),
            (str(GRAPHS["data"]), 3),
            ("http://example.org/g2", 1),
        ]
    )
    for a, b in zip(fast, slow, strict=True):  # blank nodes aside, the same lines
        found, result = compare_bodies(a.body, b.body)
        assert result.exact and found == a.triples


def test_the_fast_path_never_calls_rdflib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plain.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib was asked to parse")

    monkeypatch.setattr(dataset_module, "load", refuse)
    report = load_into(files=path, store=tmp_path / "store")
    assert report.verified and [(g.sent, g.found) for g in report.graphs] == [(1, 1)]


def test_loading_plain_files_never_imports_rdflib(tmp_path: Path) -> None:
    path = tmp_path / "plain.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    code = (
        "import sys; from kzreforms.stores import load_into; "
        f"report = load_into(files={str(path)!r}, store={str(tmp_path / 'store')!r}); "
        "print(report.verified, 'rdflib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.split() == ["True", "False"], out.stderr


@pytest.mark.parametrize(
    "text",
    [
        '<urn:a> <urn:b> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        '<urn:a> <urn:b> "2022-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
        '<urn:a> <urn:b> "a\\"b"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        "<< <urn:a> <urn:b> <urn:c> >> <urn:b> <urn:c> .\n",
        "",
        "<urn:a> <urn:b> .\n",
    ],
    ids=["ill-typed", "unsure-date", "escaped", "triple-term", "empty", "syntax-error"],
)
def test_what_the_fast_path_cannot_vouch_for_goes_through_rdflib(tmp_path: Path, text: str) -> None:
    path = tmp_path / "input.ttl"
    path.write_text(text, encoding="utf-8")
    choice = check_choice("all", None, {})
    assert (
        from_files([path], input_format=None, selections=choice, graph_iri=None, graph_iris={})
        is None
    )


def test_a_missing_packaged_graph_names_the_parameter(tmp_path: Path) -> None:
    path = tmp_path / "own.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with pytest.raises(kzreforms.InputError, match="has no data graph") as caught:
        load_into(files=path, store=tmp_path / "store", graphs="data")
    assert caught.value.parameter == "graphs"
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("given", ["x.nt", ["x.nt"]])
def test_files_given_as_the_dataset_are_refused_with_the_keyword_to_use(
    tmp_path: Path, given: object
) -> None:
    with pytest.raises(InputError, match=r"pass RDF files as files=") as caught:
        load_into(given, store=tmp_path / "store")  # type: ignore[arg-type]
    assert caught.value.parameter == "dataset"
    assert not (tmp_path / "store").exists()  # refused before anything was made


def test_numbers_the_store_keeps_in_another_form_are_rewrites_and_others_changes() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    sent = "".join(
        f'<urn:s> <urn:{p}> "{lexical}"^^<{xsd}{datatype}> .\n'
        for p, lexical, datatype in [
            ("a", "5", "nonNegativeInteger"),
            ("b", "007", "int"),
            ("c", "4.0", "decimal"),
            ("d", "6", "long"),
            ("e", "abc", "nonNegativeInteger"),
        ]
    )
    found = "".join(
        f'<urn:s> <urn:{p}> "{lexical}"^^<{xsd}{datatype}> .\n'
        for p, lexical, datatype in [
            ("a", "5", "integer"),
            ("b", "7", "integer"),
            ("c", "4", "decimal"),
            ("d", "7", "integer"),  # another value
            ("e", "abc", "integer"),  # no value to keep: a change
        ]
    )
    count, result = compare_bodies(sent.encode(), found.encode())
    assert count == 5 and not result.same_values
    assert [(r.kind, r.count, r.example) for r in result.rewrites] == [
        ("lexical form of xsd:decimal", 1, '"4.0"^^xsd:decimal as "4"^^xsd:decimal'),
        ("xsd:int → xsd:integer", 1, '"007"^^xsd:int as "7"^^xsd:integer'),
        (
            "xsd:nonNegativeInteger → xsd:integer",
            1,
            '"5"^^xsd:nonNegativeInteger as "5"^^xsd:integer',
        ),
    ]
    assert result.counts == {"lost": 0, "extra": 0, "changed": 2}
    assert result.changed == (
        'sent <urn:s> <urn:d> "6"^^xsd:long, found "7"^^xsd:integer',
        'sent <urn:s> <urn:e> "abc"^^xsd:nonNegativeInteger, found "abc"^^xsd:integer',
    )


def test_rewrites_of_one_kind_are_counted_whole_with_the_first_example() -> None:
    """Integers kept with the same digits and with other digits make one kind: one count,
    and the example that sorts first as N-Triples ("04" before "1000", "9" before "90")."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    sent_rows = [(f"o{n}", str(n), "nonNegativeInteger") for n in (1000, 90, 9, 25)]
    sent_rows += [("z", "04", "nonNegativeInteger"), ("y", "12", "positiveInteger")]
    found_rows = [(p, lexical.lstrip("0") or "0", "integer") for p, lexical, _ in sent_rows]

    def body(rows: list[tuple[str, str, str]]) -> bytes:
        return "".join(
            f'<urn:s> <urn:{p}> "{lexical}"^^<{xsd}{datatype}> .\n' for p, lexical, datatype in rows
        ).encode()

    count, result = compare_bodies(body(sent_rows), body(found_rows))
    assert count == 6 and result.same_values
    assert [(r.kind, r.count, r.example) for r in result.rewrites] == [
        (
            "xsd:nonNegativeInteger → xsd:integer",
            5,
            '"04"^^xsd:nonNegativeInteger as "4"^^xsd:integer',
        ),
        ("xsd:positiveInteger → xsd:integer", 1, '"12"^^xsd:positiveInteger as "12"^^xsd:integer'),
    ]
    without_04 = [row for row in sent_rows if row[0] != "z"]
    found_without_04 = [row for row in found_rows if row[0] != "z"]
    _, result = compare_bodies(body(without_04), body(found_without_04))
    assert result.rewrites[0].count == 4
    assert result.rewrites[0].example == '"1000"^^xsd:nonNegativeInteger as "1000"^^xsd:integer'
