"""Bad input: one clear line naming the file (and line), a documented exit code, no damage."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kzreforms
from kzreforms.cli import cli

CASES = {
    "bad-turtle": (
        "bad.ttl",
        '@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n',
        ":2: Turtle syntax error",
    ),
    "not-rdf": ("notes.ttl", "These are my notes, not RDF.\n", ":1: Turtle syntax error"),
    "empty": ("empty.ttl", "", "the file is empty"),
    "bad-ntriples": (
        "bad.nt",
        "<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> oops .\n",
        ":2: N-Triples syntax error",
    ),
    "bad-json": ("bad.jsonld", '{"@id": "urn:a",\n "urn:b": }', ":2: not valid JSON"),
    "remote-context": (
        "remote.jsonld",
        '{"@context": "https://schema.org/", "name": "x"}',
        "never does",
    ),
    "remote-import": (
        "import.jsonld",
        '{"@context": {"@import": "https://example.org/ctx.jsonld"}, "@id": "urn:a"}',
        "never does",
    ),
    "bad-xml": (
        "bad.rdf",
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<oops>\n",
        ":3: RDF/XML error",
    ),
    "not-utf8": ("latin1.ttl", '<urn:a> <urn:b> "caf\xe9" .\n', "not UTF-8"),
    "unknown-extension": ("data.csv", "a,b\n", "cannot tell the RDF syntax"),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    encoding = "latin-1" if name.startswith("latin1") else "utf-8"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["export", "validate", "info"])
def test_bad_input_is_one_clean_line_and_exit_3(
    runner: CliRunner, tmp_path: Path, case: str, command: str
) -> None:
    name, text, expected = CASES[case]
    path = _write(tmp_path, name, text)
    result = runner.invoke(cli, [command, str(path)])
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {path}")
    assert expected in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_raises_an_input_error_from_the_api(tmp_path: Path, case: str) -> None:
    name, text, _ = CASES[case]
    with pytest.raises(kzreforms.InputError):
        kzreforms.load([_write(tmp_path, name, text)])


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 3
    assert "no such file" in result.output


def test_huge_literal_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "huge.nt"
    path.write_text(f'<urn:a> <urn:b> "{"x" * 5_000_000}" .\n', encoding="utf-8")
    graph = kzreforms.select(kzreforms.load([path]))
    assert len(graph) == 1


def test_huge_bad_line_gives_a_short_message(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "huge.ttl"
    path.write_text(f'<urn:a> <urn:b> "{"x" * 1_000_000}\n', encoding="utf-8")
    result = runner.invoke(cli, ["export", str(path)])
    assert result.exit_code == 3
    assert len(result.output) < 400


def test_failed_export_leaves_the_old_file_untouched(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("previous content\n", encoding="utf-8")

    import kzreforms.output as output

    real_replace = output.os.replace

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    result = runner.invoke(cli, ["export", "-f", "turtle", "-o", str(target)])
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert result.exit_code == 4
    assert "No space left on device" in result.output
    assert target.read_text(encoding="utf-8") == "previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_output_into_a_missing_folder_is_exit_4(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "-o", str(tmp_path / "no" / "such" / "x.ttl")])
    assert result.exit_code == 4
    assert "does not exist" in result.output


def test_rdfxml_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n'
        '<rdf:Description rdf:about="urn:a"><ex:p>&x;</ex:p></rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    try:
        dataset = kzreforms.load([path])
    except kzreforms.InputError:
        return  # refusing the document is fine too
    text = kzreforms.export(dataset, format="nt")
    assert "TOP-SECRET" not in text
