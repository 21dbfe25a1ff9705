"""``kzreforms publish``: a static linked-data site that people and machines can read.

The site is built into a temporary folder beside the output folder and swapped
in only when complete, so a failed build never leaves half a site. Each step of
:func:`_build` is a function named for what it writes (:mod:`.downloads`,
:mod:`.pages`, :mod:`.ontologypages`, :mod:`.namedpages`, :mod:`.hosting`, …);
pages come from Jinja2 templates (``kzreforms/site/templates``) fed with the page
views of :mod:`.model` and its view modules; RDF files come from rdflib through
the deterministic writers; nothing reads the clock, so the same input gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Dataset, Graph

from ..dataset import as_dataset, graphs_of
from ..errors import InputError, OutputError
from ..formats import get_format
from ..graphs import union_graph
from ..namespaces import BASE, GRAPHS
from ..validation import ValidationReport
from ..writers import serialize
from . import sparqlpage
from .aside import aside
from .catalog import Download, describe
from .citation import citations
from .claimsindex import publish_claims
from .claimviews import statement_view
from .downloads import downloads_page, write_downloads
from .hosting import crawler_files, server_configs, stylesheet
from .model import SiteModel
from .namedpages import named_iri_pages
from .ontologypages import ontology_pages
from .pages import home_page, resource_pages, resources_index, statement_pages, versions_page
from .search import publish_search
from .siteinfo import site_info
from .writer import SiteWriter, environment, jsonld_for, page_renderer

#: A file every published site carries: the manifest of the files kzreforms wrote there
#: (``sha256  path`` per line), so that ``publish`` only ever replaces its own output.
MARKER = ".kzreforms-site"
_MARKER_HEAD = "# A site published by kzreforms; publish replaces the files listed here"


@dataclass(frozen=True)
class SiteReport:
    """What :func:`publish` wrote."""

    outdir: Path
    pages: int
    """HTML pages."""
    files: int
    """All files, pages included."""
    resources: int
    """Resources with a page of their own (``id/`` and ``concept/``)."""
    claims: int
    """Claims highlighted on the statement page(s)."""
    conforms: bool
    """Whether the data conforms to the shapes (the report is published either way)."""

    def text(self) -> str:
        """One line for people."""
        return (
            f"Published {self.pages} pages ({self.files} files, {self.resources} resources, "
            f"{self.claims} claims highlighted) to {self.outdir}\n"
            f"Preview: python -m http.server -d {self.outdir}\n"
        )


def publish(
    dataset: Dataset | Graph | None = None,
    *,
    output: str | Path,
    base_url: str = BASE,
) -> SiteReport:
    """Build the static site into the folder ``output``, replacing a site published there before.

    :param dataset: what :func:`kzreforms.load` returned; the packaged dataset by default.
    :param output: the site's folder.
    :param base_url: where the files will be served (ends with ``/``). Download links
        and the ``.htaccess`` redirects point there; pages link to each other relatively.

    Re-publishing keeps every file that kzreforms did not write (``CNAME``, your
    notes, …): the files it wrote are listed in ``output/.kzreforms-site``, and
    anything else in the folder is copied into the new site unchanged.

    :raises InputError: ``base_url`` is not an http(s) URL.
    :raises OutputError: ``output`` is a file, a non-empty folder that is not a
        kzreforms site, a site where a file kzreforms wrote was changed since or one
        of your files is where the new site puts its own, or it cannot be written.

    >>> import tempfile, pathlib
    >>> report = publish(output=pathlib.Path(tempfile.mkdtemp()) / "site")
    >>> (report.outdir / "id" / "referendum-2022.html").is_file(), report.conforms
    (True, True)
    """
    target = Path(output)
    base_url = _check_base_url(base_url)
    foreign = _check_target(target)
    source = as_dataset(dataset)
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=parent))
    except OSError as err:
        raise OutputError(f"{target}: cannot create the site folder ({err.strerror})") from err
    try:
        os.chmod(work, 0o755)
        report, digests = _build(work, source, base_url, packaged=dataset is None)
        _write_manifest(work, digests)
        _keep_foreign(target, work, foreign)
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return SiteReport(
        target, report.pages, report.files + 1, report.resources, report.claims, report.conforms
    )


# --------------------------------------------------------------------------- the output folder


def _check_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"base_url {url!r}: give an http(s) URL such as https://example.org/kz/",
            parameter="base_url",
        )
    return url if url.endswith("/") else url + "/"


def _check_target(target: Path) -> list[str]:
    """Refuse what publish must not replace; return the files of ``target`` it did not write."""
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder; give a folder for the site")
    if not target.is_dir() or not any(target.iterdir()):
        return []
    marker = target / MARKER
    if not marker.is_file():
        raise OutputError(
            f"{target}: the folder is not empty and holds no site published by kzreforms; "
            "choose a new or empty folder"
        )
    try:
        lines = marker.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise OutputError(f"{marker}: cannot read the list of the site's files ({err})") from err
    if not lines or lines[0] != _MARKER_HEAD:
        raise OutputError(
            f"{target}: published by an older kzreforms that kept no list of its files; "
            "move your own files out of it and delete it, or choose a new folder"
        )
    ours: dict[str, str] = {}
    for line in lines[1:]:
        digest, _, name = line.partition("  ")
        ours[name] = digest
    for name, digest in sorted(ours.items()):
        path = target / name
        if path.is_symlink() or not path.is_file():
            continue  # gone or replaced by a link: nothing of ours to lose
        if _sha256(path) != digest:
            raise OutputError(
                f"{path}: changed since kzreforms wrote it; move it out of {target} "
                "(or delete it) and publish again"
            )
    return [name for name in _tree(target) if name not in ours and name != MARKER]


def _tree(root: Path) -> list[str]:
    """Files, links and empty folders below ``root`` as sorted ``/``-separated paths."""
    out = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        links = [d for d in dirs if (here / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if d not in links)
        entries = [*names, *links]
        if not entries and not dirs and here != root:
            out.append(here.relative_to(root).as_posix() + "/")
        out += [(here / n).relative_to(root).as_posix() for n in entries]
    return sorted(out)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_manifest(work: Path, digests: dict[str, str]) -> None:
    """List every file of the build with its checksum, in the marker file.

    ``digests``: the checksums of the files written through the site's writer, taken
    from the bytes as they were written; the others (``dist/``'s exports) are read.
    """
    lines = [_MARKER_HEAD]
    lines += [
        f"{digests.get(name) or _sha256(work / name)}  {name}"
        for name in _tree(work)
        if name != MARKER
    ]
    (work / MARKER).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _keep_foreign(target: Path, work: Path, foreign: list[str]) -> None:
    """Copy the files kzreforms did not write from the old site into the new build."""
    for name in foreign:
        destination = work / name.rstrip("/")
        if os.path.lexists(destination) and not name.endswith("/"):
            raise OutputError(
                f"{target / name}: not written by kzreforms, and the new site has a file "
                f"there; move it out of {target} and publish again"
            )
        try:
            if name.endswith("/"):
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target / name, destination, follow_symlinks=False)
        except OSError as err:
            raise OutputError(f"{target / name}: cannot keep it ({err.strerror})") from err


def _swap(work: Path, target: Path) -> None:
    """Put the finished build in place: move the old site away, the new one in, delete the old.

    SIGINT and SIGTERM are held back while the two renames run; one that arrived meanwhile
    undoes them (the new site goes back to ``work``, which the caller deletes) before it is
    let through, so a stopped publish always leaves the folder as it was.
    """
    old: Path | None = None
    held = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        try:
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=work.parent))
                os.rmdir(old)
                os.rename(target, old)
            os.rename(work, target)
        except OSError as err:
            if old is not None and old.exists() and not target.exists():
                os.rename(old, target)
            raise OutputError(f"{target}: cannot put the site in place ({err.strerror})") from err
        if held & signal.sigpending():
            os.rename(target, work)
            if old is not None:
                os.rename(old, target)
        elif old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


# --------------------------------------------------------------------------- the build


def _build(
    root: Path, dataset: Dataset, base_url: str, *, packaged: bool
) -> tuple[SiteReport, dict[str, str]]:
    """Write every file of the site below ``root``, one named step after another; return
    the report and the checksums of the files written (:attr:`SiteWriter.digests`).

    ``packaged``: ``dataset`` is the packaged one, whose shapes need no check against
    SHACL-for-SHACL (the tests make it); shapes that came with other data get it.
    """
    out = SiteWriter(root)
    union = union_graph(graphs_of(dataset, graphs="all"), store="SimpleMemory")
    shapes_graph = dataset.graph(GRAPHS["shapes"])
    model = SiteModel(union, shapes_graph if len(shapes_graph) else union)
    env = environment()

    def dist() -> tuple[list[Download], ValidationReport, int]:
        dist_out = SiteWriter(root)
        downloads, report = write_downloads(dist_out, dataset, None if packaged else shapes_graph)
        return downloads, report, dist_out.files

    def undo_dist() -> None:  # what a child that died half-way through dist/ left
        for leftover in [root / "dist", *root.glob(".dist.*")]:
            shutil.rmtree(leftover, ignore_errors=True)

    # dist/ (the exports and the validation) is built aside while the pages are made.
    pending = aside(dist, undo=undo_dist)
    try:
        statements = [statement_view(model, s) for s in model.source_texts()]
        site = site_info(union, base_url=base_url, has_statement=bool(statements))
        citations_ = citations(model, version=site["version"])
        common = {"site": site, "summary": None, "citations": citations_}
        page = page_renderer(env, out, common)

        resource_pages(out, page, model)
        statement_pages(page, statements)
        ontology = ontology_pages(out, page, model, dataset)
        resources_index(page, model)
        publish_search(page, out.bytes, model, publish_claims(page, model).entries)
        versions_page(page, ontology)
        named_iri_pages(out, page, dataset, ontology)
        sparqlpage.write(out, page, model, dataset)
        stylesheet(out)

        downloads, report, files = pending.result()
    except BaseException:
        pending.cancel()
        raise
    out.files += files
    description_jsonld = _write_description(
        out, describe(dataset, union, downloads, base_url=base_url)
    )
    counts = {
        "claims": sum(len(v.claims) for v in statements),
        "resources": len(model.pages),
        "terms": len(model.ontology_terms()),
        "triples": len(union),
    }
    home_page(
        page,
        model,
        site=site,
        counts=counts,
        description_jsonld=description_jsonld,
        statements=statements,
    )
    downloads_page(page, downloads, report)
    server_configs(out, env, base_url=base_url, license_iri=site["license"], downloads=downloads)
    crawler_files(out, base_url)  # the sitemap lists every page: last
    return SiteReport(
        root, out.pages, out.files, len(model.pages), counts["claims"], report.conforms
    ), out.digests


def _write_description(out: SiteWriter, description: Graph) -> str:
    """Write the DCAT/VoID description as ``void.*`` and ``index.*``; return its JSON-LD."""
    void_ttl = serialize([description], get_format("turtle"))
    void_jsonld = jsonld_for(description)
    for stem in ("void", "index"):  # index.* for content negotiation at the site's root
        out.bytes(f"{stem}.ttl", void_ttl)
        out.text(f"{stem}.jsonld", void_jsonld + "\n")
    return void_jsonld


__all__ = ["SiteReport", "publish"]
