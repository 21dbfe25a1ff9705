"""``kzreforms publish``: a static linked-data site that people and machines can read.

The site is built into a temporary folder beside the output folder and swapped
in only when complete, so a failed build never leaves half a site. Pages come
from Jinja2 templates (``kzreforms/site/templates``) fed with the page model of
:mod:`kzreforms.sitemodel`; RDF files come from rdflib through the
deterministic writers; nothing reads the clock, so the same input gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rdflib import OWL, RDF, RDFS, SH, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .._version import __version__
from ..dataset import as_dataset, graphs_of
from ..errors import InputError, OutputError
from ..exports import export_all
from ..formats import FORMATS, by_extension, get_format
from ..graphs import union_graph
from ..namespaces import BASE, CONCEPT_IRI, GRAPHS, KZD, ONTOLOGY_IRI, SHAPES_IRI, version_iri
from ..resources import CONTEXT_FILE
from ..validation import validate
from ..writers import serialize
from . import sparqlpage
from .about import about_view
from .catalog import Download, describe
from .citation import citations
from .claimsindex import publish_claims
from .conneg import server_values
from .model import SiteModel, jsonld_for
from .search import publish_search
from .versions import read_versions

#: A file every published site carries: the manifest of the files kzreforms wrote there
#: (``sha256  path`` per line), so that ``publish`` only ever replaces its own output.
MARKER = ".kzreforms-site"
_MARKER_HEAD = "# A site published by kzreforms; publish replaces the files listed here"

#: The titles of the dataset's own downloads, one per syntax.
_TITLES = {f.title for f in FORMATS.values() if f.view_of is None}


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
        report = _build(work, source, base_url)
        _write_manifest(work)
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


def _write_manifest(work: Path) -> None:
    """List every file of the build with its checksum, in the marker file."""
    lines = [_MARKER_HEAD]
    lines += [f"{_sha256(work / name)}  {name}" for name in _tree(work) if name != MARKER]
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


class _Writer:
    """Writes files below the build folder and counts them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.pages = 0
        self.page_paths: list[str] = []

    def bytes(self, path: str, data: bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files += 1
        if path.endswith(".html"):
            self.pages += 1
            self.page_paths.append(path)
        return target

    def text(self, path: str, text: str) -> Path:
        return self.bytes(path, text.encode("utf-8"))


def _crawler_files(out: _Writer, base_url: str) -> None:
    """Write ``sitemap.xml`` (every page at its published URL) and ``robots.txt`` naming it."""
    from xml.sax.saxutils import escape

    urls = sorted({base_url + ("" if p == "index.html" else p) for p in out.page_paths})
    body = "".join(f"  <url><loc>{escape(url)}</loc></url>\n" for url in urls)
    out.text(
        "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n",
    )
    out.text("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")


def _environment() -> Any:
    """The Jinja2 environment: package templates, autoescape on for HTML (imported lazily)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kzreforms.site", "templates"),
        autoescape=lambda name: name is not None and name.endswith(".html"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )

    @jinja2.pass_context
    def rel(context: Any, href: str) -> str:
        return href if "://" in href or href.startswith("#") else f"{context['root']}{href}"

    env.filters["rel"] = rel
    return env


def _build(root: Path, dataset: Dataset, base_url: str) -> SiteReport:
    out = _Writer(root)
    graphs = graphs_of(dataset, graphs="all")
    union = union_graph(graphs)
    shapes_graph = dataset.graph(GRAPHS["shapes"])
    model = SiteModel(union, shapes_graph if len(shapes_graph) else union)
    env = _environment()

    # Downloads, the validation report and their checksums.
    written = export_all(dataset, output=root / "dist")
    out.files += len(written)
    # pyshacl adds triples to the shapes graph it is given: hand it a copy.
    shapes = union_graph([shapes_graph]) if len(shapes_graph) else None
    report = validate(dataset, shapes=shapes)
    out.text("dist/validation.txt", report.text())
    out.text("dist/validation.ttl", report.to_turtle())
    downloads = []
    for path in sorted((root / "dist").iterdir()):
        data = path.read_bytes()
        fmt = by_extension(path.suffix)
        if path.name == CONTEXT_FILE:
            title, media = "JSON-LD context", get_format("json-ld").media_type
        elif path.name.startswith("validation"):
            title = "Validation report (" + ("text" if path.suffix == ".txt" else "SHACL") + ")"
            media = "text/plain" if path.suffix == ".txt" else get_format("turtle").media_type
        elif fmt is not None:
            title, media = fmt.title, fmt.media_type
        else:  # pragma: no cover - export_all writes nothing else
            continue
        downloads.append(
            Download(path.name, title, media, len(data), hashlib.sha256(data).hexdigest())
        )
    sums = "".join(f"{d.sha256}  {d.name}\n" for d in downloads)
    out.text("dist/SHA256SUMS", sums)
    out.bytes(CONTEXT_FILE, (root / "dist" / CONTEXT_FILE).read_bytes())

    # The dataset description (DCAT and VoID), also as index.* for content negotiation.
    description = describe(dataset, union, downloads, base_url=base_url)
    void_ttl = serialize([description], get_format("turtle"))
    void_jsonld = jsonld_for(description)
    for stem in ("void", "index"):
        out.bytes(f"{stem}.ttl", void_ttl)
        out.text(f"{stem}.jsonld", void_jsonld + "\n")

    statements = [model.statement_view(s) for s in model.source_texts()]
    site = _site_info(model, union, base_url, bool(statements))
    common = {"site": site, "summary": None, "citations": citations(model, version=site["version"])}

    def page(path: str, template: str, **values: Any) -> None:
        depth = path.count("/")
        html = env.get_template(template).render({**common, "root": "../" * depth, **values})
        out.text(path, html)

    # Resource pages with their Turtle and JSON-LD.
    for subject, html_path in sorted(model.pages.items()):
        own = model.own_triples(subject)
        jsonld = jsonld_for(own)
        stem = html_path.rsplit("/", 1)[-1][: -len(".html")]
        resource = model.resource_view(subject, jsonld)
        page(
            html_path,
            "resource.html",
            title=resource.title,
            nav="resources",
            r=resource,
            stem=stem,
            summary=resource.descriptions[0] if resource.descriptions else resource.title,
        )
        out.bytes(html_path[: -len(".html")] + ".ttl", serialize([own], get_format("turtle")))
        out.text(html_path[: -len(".html")] + ".jsonld", jsonld + "\n")

    for statement in statements:
        page(
            statement.path,
            "statement.html",
            title=statement.title,
            nav="statement",
            statement=statement,
        )

    ontology = model.ontology_view()
    page(
        "ontology.html",
        "ontology.html",
        title=ontology.title,
        nav="ontology",
        o=ontology,
        summary=ontology.description,
    )
    onto_graph = _ontology_graph(dataset, union)
    out.bytes("ontology.ttl", serialize([onto_graph], get_format("turtle")))
    out.text("ontology.jsonld", jsonld_for(onto_graph) + "\n")
    page("concept/index.html", "concepts.html", title="Concept schemes", nav="concepts", o=ontology)
    concepts = _subgraph(union, CONCEPT_IRI)
    out.bytes("concept/index.ttl", serialize([concepts], get_format("turtle")))
    out.text("concept/index.jsonld", jsonld_for(concepts) + "\n")

    page(
        "resources.html",
        "resources.html",
        title="Resources",
        nav="resources",
        groups=model.resource_groups(),
    )
    counts = {
        "claims": sum(len(v.claims) for v in statements),
        "resources": len(model.pages),
        "terms": len(model.ontology_terms()),
        "triples": len(union),
    }
    about = about_view(model, version=site["version"])
    page(
        "index.html",
        "index.html",
        title=site["title"],
        nav="home",
        summary=about.lede,
        description_jsonld=void_jsonld,
        statement_path=statements[0].path if statements else "",
        counts=counts,
        about=about,
        license_label=site["license_label"],
    )
    summary = (
        "The data conforms to the shapes."
        if report.conforms
        else f"The data does not conform: {len(report.violations)} violations, "
        f"{len(report.warnings)} warnings."
    )
    page(
        "downloads.html",
        "downloads.html",
        title="Downloads",
        nav="downloads",
        downloads=downloads,
        validation_summary=summary,
    )

    publish_search(page, out.bytes, model, publish_claims(page, model).entries)
    version_iri = onto_graph.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    page(
        "versions.html",
        "versions.html",
        title="Versions",
        nav="",
        versions=read_versions(),
        version_iri=str(version_iri or ""),
        version_page=str(version_iri)[len(BASE) :] + ".html" if version_iri else "",
    )

    _named_iri_pages(out, page, dataset, onto_graph)
    sparqlpage.write(out, page, model, dataset)

    # Content negotiation for real hosts, the stylesheet, and the marker.
    config = server_values(
        base=BASE,
        base_url=base_url,
        license_iri=site["license"],
        items=[(d.name, d.media_type) for d in downloads if d.title in _TITLES],
    )
    out.text(
        ".htaccess", env.get_template("htaccess.j2").render(config, links=config["apache_links"])
    )
    out.text(
        "nginx.conf", env.get_template("nginx.conf.j2").render(config, links=config["nginx_links"])
    )
    out.text("conneg.js", env.get_template("conneg.js.j2").render(config))
    out.bytes("static/site.css", (files("kzreforms.site") / "static" / "site.css").read_bytes())
    _crawler_files(out, base_url)
    return SiteReport(
        root, out.pages, out.files, len(model.pages), counts["claims"], report.conforms
    )


def _site_info(
    model: SiteModel, union: Graph, base_url: str, has_statement: bool
) -> dict[str, Any]:
    header = URIRef(ONTOLOGY_IRI)
    label = union.value(KZD.statement, RDFS.label)
    license_ = union.value(header, DCTERMS.license)
    description = union.value(header, DCTERMS.description)
    nav = [("home", "Home", "index.html")]
    if has_statement:
        nav.append(("statement", "Statement", "statement.html"))
    nav += [
        ("claims", "Claims", "claims.html"),
        ("resources", "Resources", "resources.html"),
        ("ontology", "Ontology", "ontology.html"),
        ("concepts", "Concepts", "concept/index.html"),
        ("downloads", "Downloads", "downloads.html"),
        ("search", "Search", "search.html"),
        ("sparql", "Query", sparqlpage.PAGE),
    ]
    version = union.value(header, OWL.versionInfo)
    return {
        "title": f"kzreforms: {label}" if label else "kzreforms",
        "description": str(description or "A statement modelled as linked data."),
        "version": str(version or __version__),
        "generator": __version__,
        "license": str(license_) if license_ else "",
        "license_label": _license_label(str(license_ or "")),
        "base": BASE,
        "base_url": base_url,
        "nav": [{"key": k, "label": lbl, "path": p} for k, lbl, p in nav],
    }


def _named_iri_pages(
    out: _Writer, page: Callable[..., None], dataset: Dataset, ontology: Graph
) -> None:
    """Pages (HTML, Turtle, JSON-LD) for IRIs the data names but no other page describes.

    The named graphs, the ontology's version IRI and the namespace of the shapes
    (``shapes#``), so that each resolves (content negotiation: :mod:`kzreforms.site.conneg`).
    """

    def publish_graph(stem: str, graph: Graph, **values: Any) -> None:
        out.bytes(f"{stem}.ttl", serialize([graph], get_format("turtle")))
        out.text(f"{stem}.jsonld", jsonld_for(graph) + "\n")
        values = {"see_also": None, "terms": (), "terms_heading": "", **values}
        page(
            f"{stem}.html",
            "graph.html",
            nav="",
            stem=stem.rsplit("/", 1)[-1],
            triples=len(graph),
            **values,
        )

    for kind, iri in GRAPHS.items():
        graph = dataset.graph(iri)
        if len(graph):
            publish_graph(
                f"graph/{kind}",
                graph,
                title=f"The {kind} graph",
                lede=_GRAPH_LEDES.get(kind, f"A named graph of the dataset: the {kind}."),
                iri=str(iri),
                see_also={"href": "downloads.html", "text": "The whole dataset, in every syntax"},
            )
    for header in sorted(ontology.subjects(RDF.type, OWL.Ontology)):  # type: ignore[type-var]
        # The ontology (…/ontology/0.2.0) and the concept schemes (…/concept/0.2.0).
        version = str(ontology.value(header, OWL.versionIRI) or "")
        stem = str(header).rstrip("/")
        number = version[len(stem) + 1 :]
        if not (
            stem.startswith(BASE)
            and version == version_iri(stem, number)
            and re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", number)
        ):
            continue
        name = stem[len(BASE) :]
        what = _HEADER_NAMES.get(name, name)
        described = ontology if name == "ontology" else _described_by(ontology, header)
        publish_graph(
            f"{name}/{number}",
            described,
            title=f"The {what}, version {number}",
            lede=f"Version {number} of the {what}, the version this site publishes.",
            iri=version,
            see_also={
                "href": f"{name}.html" if name == "ontology" else f"{name}/index.html",
                "text": "Its terms",
            },
        )
    shapes = dataset.graph(GRAPHS["shapes"])
    if len(shapes):
        namespace = SHAPES_IRI
        terms = []
        for shape in sorted({str(s) for s in shapes.subjects() if str(s).startswith(namespace)}):
            label = shapes.value(URIRef(shape), SH.name) or shapes.value(URIRef(shape), RDFS.label)
            terms.append(
                {
                    "iri": str(shape),
                    "anchor": str(shape)[len(namespace) :],
                    "label": str(label or ""),
                }
            )
        publish_graph(
            "shapes",
            shapes,
            title="The SHACL shapes",
            lede="The shapes the data is validated against; each shape's IRI is in this namespace.",
            iri=namespace,
            terms=terms,
            terms_heading="Shapes",
            see_also={"href": "downloads.html", "text": "The validation report"},
        )


_HEADER_NAMES = {"ontology": "ontology", "concept": "concept schemes"}


def _described_by(graph: Graph, header: Node) -> Graph:
    """The triples of the terms whose IRI starts with ``header`` (a namespace's own file)."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=False)
    for s, p, o in graph:
        if str(s).startswith(str(header)):
            out.add((s, p, o))
    return out


_GRAPH_LEDES = {
    "ontology": "The named graph of the ontology: its classes, properties and concept schemes.",
    "data": "The named graph of the data: the statement, its claims and what they are about.",
    "shapes": "The named graph that holds the SHACL shapes the data is validated against.",
}


def _license_label(url: str) -> str:
    if "creativecommons.org/licenses/by/4.0" in url:
        return "CC BY 4.0"
    return url


def _ontology_graph(dataset: Dataset, union: Graph) -> Graph:
    graph = dataset.graph(GRAPHS["ontology"])
    if len(graph):
        return graph
    return _subgraph(union, ONTOLOGY_IRI)


def _subgraph(graph: Graph, namespace: str) -> Graph:
    out = Graph(bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=False)
    for s, p, o in graph:
        if str(s).startswith(namespace):
            out.add((s, p, o))
    return out


__all__ = ["SiteReport", "publish"]
