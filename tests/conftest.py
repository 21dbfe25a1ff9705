"""Shared fixtures: small RDF files of every syntax, a click runner, the resources' graphs,
and the published site.

The packaged site is published once per test session (``site``), served once
(``served``) and read in one Chromium (``browser``); tests must not change it.
A module that needs another site defines its own ``site`` and ``served``."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
def resource_graphs() -> list[tuple[Any, Any]]:
    """Each resource page's own triples in the packaged data, by subject: what the site writes
    as Turtle and JSON-LD, and what the direct writers' tests compare with rdflib's."""
    import kzreforms
    from kzreforms.dataset import graphs_of
    from kzreforms.graphs import union_graph
    from kzreforms.namespaces import GRAPHS
    from kzreforms.site.model import SiteModel

    dataset = kzreforms.load()
    union = union_graph(graphs_of(dataset, graphs="all"))
    model = SiteModel(union, dataset.graph(GRAPHS["shapes"]))
    return [(subject, model.own_triples(subject)) for subject in sorted(model.pages)]


@pytest.fixture(scope="session")
def private_mounts() -> None:
    """Skip unless ``unshare -rm`` works (tests that fill a small tmpfs in a private namespace)."""
    if (
        not shutil.which("unshare")
        or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode
    ):
        pytest.skip("needs unshare -rm (user and mount namespaces) for a small tmpfs")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged dataset published once, at the default base URL (read it, do not change it)."""
    import kzreforms

    out = tmp_path_factory.mktemp("published") / "site"
    report = kzreforms.publish(kzreforms.load(), output=out)
    assert report.outdir == out and report.conforms
    return out


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The published site over HTTP on 127.0.0.1: its URL, ending in ``/``."""
    from browsing import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session's browser tests."""
    from browsing import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every network connection for the duration of a test."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise OSError("network access refused by the test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
