"""One place for each piece of knowledge: the project's IRIs and the format table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kzreforms
from kzreforms import namespaces, vocab
from kzreforms.formats import (
    ALIASES,
    EXTENSIONS,
    FORMATS,
    TABLE,
    by_extension,
    get_format,
    input_format_for,
    input_format_names,
)
from kzreforms.site import catalog, conneg, model


def test_the_closed_vocabulary_is_the_one_package_code_uses() -> None:
    assert namespaces.KZR is vocab.KZR is model.KZR
    assert str(namespaces.KZR) == f"{namespaces.ONTOLOGY_IRI}#"
    with pytest.raises(AttributeError):
        _ = namespaces.KZR.Claimm


def test_every_iri_derives_from_the_base() -> None:
    base = namespaces.BASE
    assert str(namespaces.KZD) == namespaces.DATA_IRI == f"{base}id/"
    assert str(namespaces.KZC) == namespaces.CONCEPT_IRI == f"{base}concept/"
    assert f"{base}context.jsonld" == namespaces.CONTEXT_IRI
    assert {k: str(v) for k, v in namespaces.GRAPHS.items()} == namespaces.GRAPH_IRIS
    assert "KZD" not in vocab.__all__ and catalog.KZD is namespaces.KZD


def test_the_top_level_package_still_names_them() -> None:
    assert kzreforms.BASE == namespaces.BASE
    assert kzreforms.CONTEXT_IRI == namespaces.CONTEXT_IRI
    assert kzreforms.GRAPHS is namespaces.GRAPHS


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="KZX"):
        _ = namespaces.KZX  # type: ignore[attr-defined]


def test_namespaces_load_without_rdflib() -> None:
    """The command line names the base IRI in its help without loading rdflib."""
    code = "import sys, kzreforms.namespaces as n; n.BASE; print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_each_alias_and_extension_names_one_row() -> None:
    names = [f.name for f in TABLE]
    assert len(names) == len(set(names))
    aliases = [a for f in TABLE for a in f.aliases]
    assert len(aliases) == len(set(aliases)) and not set(aliases) & set(names)
    inputs = [e for f in TABLE if f.input for e in f.extensions]
    assert len(inputs) == len(set(inputs)) == len(EXTENSIONS)
    assert all(ALIASES[a] == f.name for f in TABLE for a in f.aliases)


def test_output_formats_have_a_writer_and_input_ones_read_by_extension() -> None:
    assert list(FORMATS) == [f.name for f in TABLE if f.output]
    assert all(f.writer for f in FORMATS.values())
    for row in TABLE:
        if row.input:
            for extension in row.extensions:
                assert input_format_for(Path(f"x{extension}")) is row
    assert input_format_for(Path("x.txt"), "framed") is FORMATS["json-ld"]
    assert input_format_for(Path("x.txt"), "n3").name == "n3"
    assert input_format_names() == [*sorted({*FORMATS, *ALIASES} - {"n3"}), "n3"]
    assert by_extension(".jsonld") is FORMATS["json-ld"] and by_extension(".owl") is None


def test_the_site_reads_media_types_from_the_table() -> None:
    offered = {v.extension: v.media_type for v in conneg.VARIANTS if v.extension != ".html"}
    assert offered == {
        get_format(n).extension: get_format(n).media_type for n in ("turtle", "json-ld")
    }
    served = dict((ext, media) for media, ext in conneg.MEDIA_TYPES)
    for fmt in FORMATS.values():
        assert served[fmt.extension[1:]] == fmt.media_type
