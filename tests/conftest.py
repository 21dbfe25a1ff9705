"""Shared fixtures: small RDF files of every syntax, and a click runner."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]

SAMPLE_TURTLE = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:referendum a ex:Referendum ;
    ex:share 77.18 ;
    ex:shareText "almost 80%"@en ;
    ex:label "Référendum – “2022”"@fr, "Referendum"@en ;
    ex:year "2022"^^xsd:gYear ;
    ex:count 4 ;
    ex:ratio "4.0"^^xsd:decimal ;
    ex:held true ;
    ex:note [ ex:text "a blank node" ] .
"""


@pytest.fixture(scope="session")
def sample_turtle() -> str:
    return SAMPLE_TURTLE


@pytest.fixture()
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE_TURTLE, encoding="utf-8")
    return path


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def private_mounts() -> None:
    """Skip unless ``unshare -rm`` works (tests that fill a small tmpfs in a private namespace)."""
    if (
        not shutil.which("unshare")
        or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode
    ):
        pytest.skip("needs unshare -rm (user and mount namespaces) for a small tmpfs")
