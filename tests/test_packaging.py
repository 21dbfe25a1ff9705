"""The wheel carries every resource, installs, and runs from any folder."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESOURCE_DIRS = ("ontology", "data", "shapes", "queries")
RESOURCE_SUFFIXES = {".ttl", ".jsonld", ".txt", ".rq", ".json", ".md"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)]
    result = subprocess.run([*command, str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (built,) = out.glob("kzreforms-*.whl")
    return built


def _expected_resources() -> set[str]:
    found = set()
    for folder in RESOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in RESOURCE_SUFFIXES:
                found.add(f"kzreforms/_resources/{path.relative_to(ROOT).as_posix()}")
    return found


@pytest.mark.slow
def test_wheel_carries_every_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _expected_resources()
    assert any(name.endswith(".ttl") for name in expected)
    assert expected <= names, sorted(expected - names)
    assert "kzreforms/py.typed" in names


@pytest.mark.slow
def test_wheel_carries_the_site_templates_and_static_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    site = ROOT / "kzreforms" / "site"
    expected = {
        f"kzreforms/site/{path.relative_to(site).as_posix()}"
        for folder in ("templates", "static")
        for path in (site / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "kzreforms/site/static/vendor/oxigraph/web_bg.wasm" in expected
    assert expected <= names, sorted(expected - names)


@pytest.mark.slow
def test_wheel_entry_points_point_at_real_functions(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        parser = configparser.ConfigParser()
        parser.read_string(archive.read(entry).decode())
    scripts = dict(parser["console_scripts"])
    assert scripts == {"kzreforms": "kzreforms.cli:main"}
    import importlib

    for target in scripts.values():
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(module), function))


def test_one_version_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "kzreforms/_version.py"


@pytest.mark.slow
def test_installed_wheel_exports_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies come from the running environment (no download); the
    # wheel's own kzreforms, in the new venv's site-packages, comes first on sys.path.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Only now (pip would otherwise find the running environment's kzreforms
    # and skip the wheel) make the running environment's packages visible.
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "_kzreforms_test_deps.pth").write_text("\n".join(sorted(here)) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    located = subprocess.run(
        [str(python), "-c", "import kzreforms.resources as r; print(r.resource_root())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert located == str(Path(purelib, "kzreforms", "_resources"))
    script = env_dir / "bin" / "kzreforms"
    result = subprocess.run(
        [str(script), "export", "-f", "turtle", "-o", "out.ttl"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    text = (elsewhere / "out.ttl").read_text(encoding="utf-8")
    assert "@prefix kzr:" in text
    checked = subprocess.run(
        [str(script), "validate"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_vocabulary_versions_follow_the_package_version() -> None:
    """owl:versionInfo of the ontology and of each shapes file, and the README's citation,
    repeat the one version in kzreforms/_version.py; this test keeps them from drifting."""
    from rdflib import OWL, Graph

    import kzreforms

    for path in sorted([*(ROOT / "ontology").glob("*.ttl"), *(ROOT / "shapes").glob("*.ttl")]):
        graph = Graph().parse(path)
        for info in graph.objects(None, OWL.versionInfo):
            assert str(info) == kzreforms.__version__, path
    ontology = Graph().parse(ROOT / "ontology" / "kzreforms.ttl")
    version_iris = {str(o) for o in ontology.objects(None, OWL.versionIRI)}
    assert version_iris == {f"https://w3id.org/kzreforms/ontology/{kzreforms.__version__}"}
    assert f"version {kzreforms.__version__}" in (ROOT / "README.md").read_text(encoding="utf-8")
