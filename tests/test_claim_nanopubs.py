"""Every claim as a trusty nanopublication: what goes where, Trusty URIs, CLI, determinism."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import DCTERMS, PROV, RDF, SDO, Dataset, URIRef

import kzreforms
from kzreforms.cli import cli
from kzreforms.namespaces import KZD, KZR
from kzreforms.nanopub.assemble import NP, check_nanopub, nanopub_uri, to_trig
from kzreforms.nanopub.claims import EDITORS, claim_nanopub, export_nanopubs
from kzreforms.nanopub.trusty import verify_file, verify_trusty

ROOT = Path(__file__).resolve().parents[1]
OA_EXACT = URIRef("http://www.w3.org/ns/oa#exact")
SPEAKER = KZD["usen-suleimen"]


def graphs(np: Dataset) -> dict[str, Dataset]:
    head = next(g for g in np.graphs() if (None, RDF.type, NP.Nanopublication) in g)
    uri = URIRef(nanopub_uri(np))
    return {
        "assertion": np.graph(head.value(uri, NP.hasAssertion)),
        "provenance": np.graph(head.value(uri, NP.hasProvenance)),
        "pubinfo": np.graph(head.value(uri, NP.hasPublicationInfo)),
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("np")
    export_nanopubs(output=out)
    return out


def test_one_trusty_nanopub_per_claim(folder: Path) -> None:
    files = sorted(folder.glob("*.trig"))
    claims = kzreforms.query(
        sparql="SELECT ?c WHERE { ?c a <https://w3id.org/kzreforms/ontology#Claim> }"
    ).rows
    assert len(files) == len(claims) >= 40
    for path in files:
        assert verify_file(path), path.name
        assert nanopub_uri(_read(path)).startswith(f"https://w3id.org/kzreforms/np/{path.stem}/RA")


def _read(path: Path) -> Dataset:
    from kzreforms.nanopub.trusty import read_exact

    return read_exact(path)


def test_assertion_holds_the_claim_and_provenance_the_words() -> None:
    claim = KZD["claim-akims-and-mayors-elected"]
    np = claim_nanopub(claim=claim)
    assert check_nanopub(np) == []
    parts = graphs(np)
    assertion, provenance, pubinfo = parts["assertion"], parts["provenance"], parts["pubinfo"]
    # What the speaker claims: the claim's subject and the numbers it states.
    assert (
        claim,
        KZR.claimSubject,
        KZD["direct-election-of-district-and-city-governors"],
    ) in assertion
    assert (KZD["count-rural-and-district-akims-elected"], SDO.minValue, None) in assertion
    assert (claim, PROV.wasAttributedTo, None) not in assertion
    assert not list(assertion.triples((None, OA_EXACT, None)))
    # Who said it, where, and in which words.
    a = assertion.identifier
    assert (a, PROV.wasAttributedTo, SPEAKER) in provenance
    assert (a, PROV.wasDerivedFrom, KZD.statement) in provenance
    assert (claim, KZR.inSection, KZD["section-third"]) in provenance
    words = {str(o) for o in provenance.objects(None, OA_EXACT)}
    assert (
        "more than 2,500 rural and district akims and 45 city mayors have already been "
        "chosen through this process" in words
    )
    # Who published it: the editors, never the speaker.
    uri = URIRef(nanopub_uri(np))
    assert (uri, PROV.wasAttributedTo, EDITORS) in pubinfo
    assert (uri, DCTERMS.creator, EDITORS) in pubinfo
    assert (uri, SDO.version, None) in pubinfo and str(
        pubinfo.value(uri, SDO.version)
    ) == kzreforms.__version__
    assert (None, None, SPEAKER) not in pubinfo


def test_tampering_breaks_the_trusty_uri() -> None:
    np = claim_nanopub(claim=KZD["claim-petitions-submitted"])
    uri = nanopub_uri(np)
    assert verify_trusty(np, uri)
    assertion = graphs(np)["assertion"]
    count = KZD["count-petitions-submitted"]
    assertion.set((count, SDO.minValue, kzreforms_literal(1001)))
    assert not verify_trusty(np, uri)


def kzreforms_literal(value: int) -> object:
    from rdflib import Literal

    return Literal(value)


def test_nanopubs_with_the_data_conform_to_the_shapes(folder: Path) -> None:
    paths = [
        folder / "claim-constitutional-amendments-support.trig",
        ROOT / "data" / "statement.ttl",
    ]
    report = kzreforms.validate(kzreforms.load(paths))
    assert report.conforms, report.text()


def test_cli_writes_the_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--nanopubs", "-o", str(tmp_path / "np")])
    assert result.exit_code == 0, result.output
    assert "Wrote 41 nanopublications" in result.output
    assert len(list((tmp_path / "np").glob("*.trig"))) == 41


def test_cli_needs_a_folder() -> None:
    result = CliRunner().invoke(cli, ["export", "--nanopubs"])
    assert result.exit_code == 2
    assert "--nanopubs writes several files: give the folder with -o DIR" in result.output


def test_a_dataset_without_claims_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "none.ttl"
    source.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["export", str(source), "--nanopubs", "-o", str(tmp_path / "np")]
    )
    assert result.exit_code == 3, result.output
    assert "no kzr:Claim" in result.output
    assert not (tmp_path / "np").exists()


@pytest.mark.slow
def test_bytes_are_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"np-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "kzreforms", "export", "--nanopubs", "-o", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.trig"))})
    assert outputs[0] == outputs[1]
    first = next(iter(outputs[0].values()))
    assert first == to_trig(claim_nanopub(claim=KZD["claim-administrative-justice-functioning"]))
