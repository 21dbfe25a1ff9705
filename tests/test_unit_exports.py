"""kzreforms.exports.export_all: a caller's own dataset, and the file names per graph choice.

Each file export_all writes must hold exactly what :func:`kzreforms.export` gives for
the same dataset, format and graphs: the set is the single exports, side by side.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import kzreforms
from kzreforms import GRAPHS
from kzreforms.errors import InputError

EX = "https://example.org/mine/"
OWN_TRIG = f"""\
@prefix ex: <{EX}> .
ex:s ex:p "in the default graph" .
<{EX}g1> {{ ex:a ex:p "one" ; ex:q 1 . }}
<{EX}g2> {{ ex:b ex:p "two"@en ; ex:r ex:a . }}
"""
#: The syntax of each file export_all writes, by extension.
SYNTAXES = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".nq": "nq"}
SYNTAXES |= {".trig": "trig", ".rdf": "xml"}


@pytest.fixture
def own(tmp_path: Path) -> Dataset:
    source = tmp_path / "mine.trig"
    source.write_text(OWN_TRIG, encoding="utf-8")
    return kzreforms.load([source])


def _same_as_export(folder: Path, written: list[Path], dataset: object, graphs: object) -> None:
    for path in written:
        if path.name == "context.jsonld":
            continue
        expected = kzreforms.export(dataset, format=SYNTAXES[path.suffix], graphs=graphs)  # type: ignore[arg-type]
        assert path.read_text(encoding="utf-8") == expected, path.name
        assert path.parent == folder


def test_a_callers_dataset_is_written_with_its_own_graphs(tmp_path: Path, own: Dataset) -> None:
    folder = tmp_path / "dist"
    written = kzreforms.export_all(own, output=folder)
    assert sorted(p.name for p in written) == [
        "context.jsonld",
        *sorted(f"kzreforms{ext}" for ext in SYNTAXES),
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    _same_as_export(folder, written, own, "all")
    quads = Dataset()
    quads.parse(folder / "kzreforms.nq", format="nquads")
    names = {str(g.identifier) for g in quads.graphs() if len(g)}
    assert {f"{EX}g1", f"{EX}g2"} <= names
    assert not names & {str(iri) for iri in GRAPHS.values()}  # none of the packaged graphs
    for name in ("g1", "g2"):
        assert isomorphic(quads.graph(URIRef(EX + name)), own.graph(URIRef(EX + name)))
    union = Graph().parse(folder / "kzreforms.ttl")
    assert len(union) == 5
    assert "Kazakhstan" not in (folder / "kzreforms.nt").read_text(encoding="utf-8")


def test_a_callers_dataset_without_the_named_graph_writes_nothing(
    tmp_path: Path, own: Dataset
) -> None:
    folder = tmp_path / "dist"
    with pytest.raises(InputError, match="has no data graph") as caught:
        kzreforms.export_all(own, output=folder, graphs="data")
    assert caught.value.parameter == "graphs"
    assert not folder.exists()


def test_one_graph_names_every_file_after_it(tmp_path: Path) -> None:
    written = kzreforms.export_all(output=tmp_path, graphs="data")
    assert sorted(p.name for p in written) == [
        "context.jsonld",
        *sorted(f"kzreforms-data{ext}" for ext in SYNTAXES),
    ]
    _same_as_export(tmp_path, written, None, "data")
    nt = Graph().parse(tmp_path / "kzreforms-data.nt", format="nt")
    assert isomorphic(nt, kzreforms.load().graph(GRAPHS["data"]))


def test_several_graphs_are_named_in_the_order_given(tmp_path: Path) -> None:
    written = kzreforms.export_all(output=tmp_path, graphs=["shapes", "data"], stem="kz")
    assert sorted(p.name for p in written) == [
        "context.jsonld",
        *sorted(f"kz-shapes-data{ext}" for ext in SYNTAXES),
    ]
    _same_as_export(tmp_path, written, None, ["shapes", "data"])
    quads = Dataset()
    quads.parse(tmp_path / "kz-shapes-data.nq", format="nquads")
    names = {g.identifier for g in quads.graphs() if len(g)}
    assert names == {GRAPHS["shapes"], GRAPHS["data"]}
