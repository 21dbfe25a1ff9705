"""The site's downloads: the dataset in every syntax, the validation report, their checksums.

Everything lands in ``dist/`` (the context also at the site's root, where the
JSON-LD files name it); ``downloads.html`` lists them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Dataset, Graph

from ..exports import export_all
from ..formats import by_extension, get_format
from ..graphs import union_graph
from ..resources import CONTEXT_FILE
from ..validation import ValidationReport, validate
from .catalog import Download
from .writer import Page, SiteWriter


def write_downloads(
    out: SiteWriter, dataset: Dataset, shapes_graph: Graph | None
) -> tuple[list[Download], ValidationReport]:
    """Write ``dist/`` (exports, validation report, ``SHA256SUMS``) and the root context file.

    ``shapes_graph``: the shapes the dataset came with, None (or empty) for the packaged ones.
    """
    written = export_all(dataset, output=out.root / "dist")
    out.files += len(written)
    # pyshacl adds triples to the shapes graph it is given: hand it a copy.
    shapes = union_graph([shapes_graph]) if shapes_graph is not None and len(shapes_graph) else None
    report = validate(dataset, shapes=shapes)
    out.text("dist/validation.txt", report.text())
    out.text("dist/validation.ttl", report.to_turtle())
    downloads = [
        item
        for item in (_download(path) for path in sorted((out.root / "dist").iterdir()))
        if item is not None
    ]
    out.text("dist/SHA256SUMS", "".join(f"{d.sha256}  {d.name}\n" for d in downloads))
    out.bytes(CONTEXT_FILE, (out.root / "dist" / CONTEXT_FILE).read_bytes())
    return downloads, report


def _download(path: Path) -> Download | None:
    """The title, media type, size and checksum of one file of ``dist/``."""
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
        return None
    return Download(path.name, title, media, len(data), hashlib.sha256(data).hexdigest())


def downloads_page(page: Page, downloads: list[Download], report: ValidationReport) -> None:
    """Render ``downloads.html``: every file of ``dist/`` and what the validation found."""
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


__all__ = ["downloads_page", "write_downloads"]
