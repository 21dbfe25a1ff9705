"""``kzreforms publish`` and its output folder: every resource a page, nothing foreign deleted.

Three promises: a resource whose IRI has ``/`` below ``id/`` gets a page at the
same path (and content negotiation finds it), or the build stops naming the
IRI; publishing never deletes a file kzreforms did not write; SIGTERM leaves
the previous site byte for byte as it was, with no build folder left behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kzreforms.cli import EXIT_INPUT, EXIT_OUTPUT, cli
from kzreforms.dataset import BASE
from kzreforms.site.build import MARKER
from kzreforms.site.conneg import RULES, VARIANTS

ROOT = Path(__file__).resolve().parents[1]
ID = f"{BASE}id/"
CONCEPT = f"{BASE}concept/"


def _snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root`` (hidden ones too) with its checksum; folders as ``/``."""
    out = {}
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        for name in dirs:
            out[(here / name).relative_to(root).as_posix() + "/"] = ""
        for name in names:
            data = (here / name).read_bytes()
            out[(here / name).relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if re.match(r"\..*\.(build|old)-", p.name))


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two copies of the statement from the benchmark generator (IRIs ``id/bench-000N/…``)."""
    out = tmp_path_factory.mktemp("bench") / "bench.nt"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(out), "--copies", "2"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of the packaged dataset, published once; tests copy it before changing it."""
    site = tmp_path_factory.mktemp("small") / "site"
    result = CliRunner().invoke(cli, ["publish", str(site)])
    assert result.exit_code == 0, result.output
    return site


def _copy_site(small_site: Path, tmp_path: Path) -> Path:

    site = tmp_path / "site"
    shutil.copytree(small_site, site, symlinks=True)
    return site


# --------------------------------------------------------------------------- nested IRIs


def test_every_resource_of_nested_iris_has_its_page(bench: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(site), str(bench)])
    assert result.exit_code == 0, result.output

    graph = Graph().parse(bench, format="nt")
    resources = set()
    for subject in {s for s in graph.subjects() if isinstance(s, URIRef)}:
        for namespace, folder in ((ID, "id"), (CONCEPT, "concept")):
            if str(subject).startswith(namespace) and str(subject) != CONCEPT:
                resources.add((str(subject), f"{folder}/{str(subject)[len(namespace) :]}"))
    nested = [iri for iri, path in resources if "/" in path.split("/", 1)[1]]
    assert len(nested) > 500, "the generator names resources id/bench-000N/…"
    for iri, path in sorted(resources):
        for variant in VARIANTS:
            assert (site / f"{path}{variant.extension}").is_file(), (iri, variant.title)
        # The content-negotiation rules map the IRI onto those very files.
        stems = [
            re.sub(rule.pattern, rule.stem.replace("$1", r"\1"), path)
            for rule in RULES
            if re.fullmatch(rule.pattern, path)
        ]
        assert stems[:1] == [path], iri
    assert f"{len(resources)} resources" in result.output


def test_links_between_nested_pages_resolve(bench: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert CliRunner().invoke(cli, ["publish", str(site), str(bench)]).exit_code == 0
    pages = sorted((site / "id" / "bench-0001").glob("*.html"))
    assert pages
    checked = 0
    for page in pages[:40]:
        html = page.read_text("utf-8")
        for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', html):
            assert (page.parent / href).resolve().is_file(), (page.name, href)
            checked += 1
    assert checked > 200
    statement = (site / "statement.html").read_text("utf-8")
    assert 'href="id/bench-0000/' in statement


@pytest.mark.parametrize(
    "iri",
    [f"{ID}bench-0000//claim", f"{ID}a.b", f"{ID}x#frag", f"{ID}", f"{CONCEPT}index"],
)
def test_an_iri_without_a_page_is_one_line_naming_it(iri: str, tmp_path: Path) -> None:
    data = tmp_path / "odd.nt"
    data.write_text(f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n', "utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(site), str(data)])
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert f"<{iri}>" in result.output
    assert not site.exists() and _leftovers(tmp_path) == []


def test_a_bad_base_url_names_the_parameter_in_python_and_the_option_in_the_cli(
    tmp_path: Path,
) -> None:
    import kzreforms

    site = tmp_path / "site"
    with pytest.raises(kzreforms.InputError) as raised:
        kzreforms.publish(output=site, base_url="ftp://example.org/kz/")
    assert str(raised.value).startswith("base_url 'ftp://example.org/kz/': give an http(s) URL")
    assert "--" not in str(raised.value) and raised.value.parameter == "base_url"
    result = CliRunner().invoke(cli, ["publish", str(site), "--base-url", "ftp://example.org/kz/"])
    assert result.exit_code == EXIT_INPUT
    assert result.output == (
        "Error: --base-url 'ftp://example.org/kz/': give an http(s) URL such as "
        "https://example.org/kz/\n"
    )
    assert not site.exists() and _leftovers(tmp_path) == []


# --------------------------------------------------------------------------- the user's files


def test_a_folder_of_other_files_is_refused_and_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "private").mkdir(parents=True)
    (site / "NOTES.md").write_text("mine\n")
    (site / "private" / "key.txt").write_text("secret\n")
    before = _snapshot(site)
    result = CliRunner().invoke(cli, ["publish", str(site)])
    assert result.exit_code == EXIT_OUTPUT
    assert result.output.count("\n") == 1 and "choose a new or empty folder" in result.output
    assert _snapshot(site) == before and _leftovers(tmp_path) == []


def test_republishing_keeps_the_users_files(small_site: Path, tmp_path: Path) -> None:
    site = _copy_site(small_site, tmp_path)
    (site / "CNAME").write_text("kz.example.org\n")
    (site / "NOTES.md").write_text("my notes\n")
    (site / "private").mkdir()
    (site / "private" / "key.txt").write_text("secret\n")
    os.chmod(site / "private" / "key.txt", 0o600)
    (site / "id" / "my-extra.txt").write_text("beside the pages\n")
    (site / "empty").mkdir()
    os.remove(site / "resources.html")  # a file of ours the user deleted: written again
    mine = {
        name: digest
        for name, digest in _snapshot(site).items()
        if name in ("CNAME", "NOTES.md", "private/key.txt", "id/my-extra.txt", "empty/")
    }
    assert len(mine) == 5

    result = CliRunner().invoke(cli, ["publish", str(site)])
    assert result.exit_code == 0, result.output
    after = _snapshot(site)
    for name, digest in mine.items():
        assert after.get(name) == digest, name
    assert (site / "private" / "key.txt").stat().st_mode & 0o777 == 0o600
    assert (site / "resources.html").is_file()
    # The site's own files are the same as a fresh publish; the user's are not listed as ours.
    fresh = _snapshot(small_site)
    ours = {k: v for k, v in after.items() if k not in mine and k != "private/"}
    assert ours == fresh
    listed = (site / MARKER).read_text("utf-8")
    assert "CNAME" not in listed and "key.txt" not in listed and "  index.html\n" in listed
    assert _leftovers(tmp_path) == []


def test_the_manifest_lists_every_file_with_its_checksum(small_site: Path) -> None:
    """Checksums are taken from the bytes as they are written (pages made in a forked
    child included); each must be the file's, and no file left out."""
    lines = (small_site / MARKER).read_text("utf-8").splitlines()[1:]
    listed = {name: digest for digest, _, name in (line.partition("  ") for line in lines)}
    files = {k: v for k, v in _snapshot(small_site).items() if not k.endswith("/")}
    del files[MARKER]
    assert listed == files
    assert "id/referendum-2022.html" in listed and "dist/kzreforms.ttl" in listed


def test_a_changed_site_file_is_refused_not_overwritten(small_site: Path, tmp_path: Path) -> None:
    site = _copy_site(small_site, tmp_path)
    (site / "index.html").write_text("my own home page\n")
    before = _snapshot(site)
    result = CliRunner().invoke(cli, ["publish", str(site)])
    assert result.exit_code == EXIT_OUTPUT
    assert result.output.count("\n") == 1 and "index.html: changed since kzreforms" in result.output
    assert _snapshot(site) == before and _leftovers(tmp_path) == []


def test_a_users_file_where_the_new_site_writes_is_refused(
    small_site: Path, bench: Path, tmp_path: Path
) -> None:
    site = _copy_site(small_site, tmp_path)
    (site / "id" / "bench-0000.html").write_text("mine\n")  # not ours, and publish will write it
    (site / "id" / "bench-0000").mkdir()
    (site / "id" / "bench-0000" / "claim-x.txt").write_text("mine too\n")
    before = _snapshot(site)
    data = tmp_path / "one.nt"
    data.write_text(f'<{ID}bench-0000> <http://www.w3.org/2000/01/rdf-schema#label> "b" .\n')
    result = CliRunner().invoke(cli, ["publish", str(site), str(data)])
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "bench-0000.html: not written by kzreforms" in result.output
    assert _snapshot(site) == before and _leftovers(tmp_path) == []


def test_a_site_of_an_older_kzreforms_is_refused(small_site: Path, tmp_path: Path) -> None:
    site = _copy_site(small_site, tmp_path)
    (site / MARKER).write_text("A site published by kzreforms 0.1.0; publish replaces it.\n")
    before = _snapshot(site)
    result = CliRunner().invoke(cli, ["publish", str(site)])
    assert result.exit_code == EXIT_OUTPUT
    assert "older kzreforms" in result.output and result.output.count("\n") == 1
    assert _snapshot(site) == before


# --------------------------------------------------------------------------- SIGTERM

#: Runs the CLI with one step of publish replaced by a version that first tells the
#: test it has been reached (a file appears) and, for "stall", then waits to be killed;
#: for "swap", it signals itself just after the new site was renamed into place.
WRAPPER = """
import os, signal, sys, time
from pathlib import Path
import kzreforms.site.build as site
from kzreforms.cli import main

mode, ready = sys.argv[1], Path(sys.argv[2])
if mode == "aside":
    def stalled_downloads(*args):
        ready.write_text(str(os.getpid()))  # the child's
        time.sleep(120)
        (ready.parent / "late").write_text("written after the stop")
    site.write_downloads = stalled_downloads
elif mode == "stall":
    original = site._write_manifest
    def stalled(work, *args):
        ready.write_text(str(work))
        time.sleep(120)
        original(work, *args)
    site._write_manifest = stalled
else:
    rename = os.rename
    def renamed(src, dst):
        rename(src, dst)
        # The site's own build folder (not dist/'s, which export_all renames into place).
        if os.path.basename(os.fspath(src)).startswith(".site.build-") and not ready.exists():
            ready.write_text(os.fspath(src))
            os.kill(os.getpid(), signal.SIGTERM)
    site.os.rename = renamed
main(sys.argv[3:], prog_name="kzreforms")
"""


def _run_wrapped(mode: str, site: Path, tmp_path: Path) -> subprocess.Popen[str]:
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(wrapper), mode, str(tmp_path / "ready"), "publish", str(site)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigterm_during_the_build_leaves_the_site_as_it_was(
    small_site: Path, tmp_path: Path
) -> None:
    site = _copy_site(small_site, tmp_path)
    (site / "CNAME").write_text("kz.example.org\n")
    before = _snapshot(site)
    process = _run_wrapped("stall", site, tmp_path)
    deadline = time.monotonic() + 300
    while not (tmp_path / "ready").exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never reached its last step"
        time.sleep(0.05)
    build = Path((tmp_path / "ready").read_text())
    assert build.is_dir() and build.name.startswith(".site.build-")
    process.send_signal(15)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert err == "Error: terminated (SIGTERM); nothing was left half-written\n"
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []


def test_sigterm_while_dist_is_built_aside_stops_the_child_too(
    small_site: Path, tmp_path: Path
) -> None:
    """dist/ is built in a forked child while the pages are made: a stop ends both."""
    site = _copy_site(small_site, tmp_path)
    before = _snapshot(site)
    process = _run_wrapped("aside", site, tmp_path)
    deadline = time.monotonic() + 300
    while not (tmp_path / "ready").exists() or not (tmp_path / "ready").read_text():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the child never started dist/"
        time.sleep(0.05)
    child = int((tmp_path / "ready").read_text())
    assert child != process.pid
    process.send_signal(15)  # to the parent alone
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert err == "Error: terminated (SIGTERM); nothing was left half-written\n"
    with pytest.raises(ProcessLookupError):  # killed and reaped before the parent exited
        os.kill(child, 0)
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "late").exists()


def test_sigterm_while_the_site_is_swapped_in_rolls_back(small_site: Path, tmp_path: Path) -> None:
    site = _copy_site(small_site, tmp_path)
    (site / "NOTES.md").write_text("mine\n")
    before = _snapshot(site)
    process = _run_wrapped("swap", site, tmp_path)
    _, err = process.communicate(timeout=300)
    assert (tmp_path / "ready").exists(), err  # the signal came after the new site was in place
    assert process.returncode == 143, err
    assert _snapshot(site) == before
    assert _leftovers(tmp_path) == []


def test_a_full_disk_during_publish_leaves_the_site_as_it_was(
    tmp_path: Path, private_mounts: None
) -> None:
    """In a private mount namespace, the site sits on a small tmpfs that is then filled."""
    disk = tmp_path / "disk"
    disk.mkdir()
    python = f"PYTHONPATH={ROOT} {sys.executable}"
    script = f"""
set -u
mount -t tmpfs -o size=40m tmpfs {disk}
{python} -m kzreforms publish {disk}/site > /dev/null 2>&1 || exit 90
(cd {disk}/site && find . -type f | sort | xargs sha256sum) > {tmp_path}/before.txt
avail=$(df -k --output=avail {disk} | tail -1)
dd if=/dev/zero of={disk}/filler bs=1k count=$((avail - 200)) 2> /dev/null
{python} -m kzreforms publish {disk}/site > {tmp_path}/out.txt 2> {tmp_path}/err.txt
echo $? > {tmp_path}/code.txt
(cd {disk}/site && find . -type f | sort | xargs sha256sum) > {tmp_path}/after.txt
ls -A {disk} > {tmp_path}/ls.txt
"""
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, timeout=900)
    assert done.returncode == 0, done.stderr.decode()
    err = (tmp_path / "err.txt").read_text()
    assert (tmp_path / "code.txt").read_text().strip() == "4", err
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert "No space left on device" in err
    assert (tmp_path / "after.txt").read_text() == (tmp_path / "before.txt").read_text()
    assert (tmp_path / "ls.txt").read_text().split() == ["filler", "site"]


def test_crawlers_and_dataset_search_find_the_site(tmp_path: Path) -> None:
    import json as _json
    import xml.etree.ElementTree as ElementTree

    from rdflib import Graph, URIRef

    from kzreforms import publish

    site = tmp_path / "site"
    publish(output=site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    tree = ElementTree.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().findall("s:url/s:loc", ns)]
    base = "https://w3id.org/kzreforms/"
    assert sorted(locs) == sorted(base + ("" if p == "index.html" else p) for p in pages)
    assert (
        (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {base}sitemap.xml\n")
    )
    void = Graph().parse(site / "void.ttl")
    dumps = {str(o) for o in void.objects(URIRef(base), URIRef("http://rdfs.org/ns/void#dataDump"))}
    assert dumps and all("/dist/kzreforms." in d for d in dumps), dumps
    schema = "https://schema.org/"
    assert (URIRef(base), None, URIRef(schema + "Dataset")) in void
    assert list(void.objects(URIRef(base), URIRef(schema + "distribution")))
    # One IRI for the editors: the publisher is kzd:kzreforms-editors, not a blank node.
    publisher = void.value(URIRef(base), URIRef("http://purl.org/dc/terms/publisher"))
    assert publisher == URIRef(base + "id/kzreforms-editors")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title"' in index and 'rel="icon"' in index
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', index, flags=re.S)
    assert any("schema.org" in s or "schema:" in s for s in scripts)
    for script in scripts:
        _json.loads(script)
