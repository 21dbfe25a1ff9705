"""The format tables: RDF serializations, query-result and report formats.

Pure data, no rdflib import, so that the command line can offer choices
without loading rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover - only annotations: the command line starts without pathlib
    from pathlib import Path


#: An RDF format by its name or an alias (the keys of :data:`FORMATS` and :data:`ALIASES`).
FormatName = Literal[
    "turtle", "json-ld", "jsonld-framed", "nt", "nq", "trig", "xml",
    "ttl", "jsonld", "framed", "ntriples", "n-triples", "nquads", "n-quads", "rdfxml", "rdf/xml",
]  # fmt: skip

#: A syntax a file may be read in: an export format, or one that is read only (Notation3).
InputFormatName = FormatName | Literal["n3"]

#: How query results are rendered: a table for people, or a SPARQL 1.1 results format.
ResultFormat = Literal["table", "csv", "tsv", "json"]

#: How validation reports are rendered.
ReportFormat = Literal["text", "turtle", "json"]


@dataclass(frozen=True)
class Format:
    """One RDF serialization: its name, file extension, media type and rdflib plugin."""

    name: str
    extension: str
    media_type: str
    rdflib_name: str
    quads: bool
    """True when the format carries named graphs (N-Quads, TriG, JSON-LD)."""
    view_of: str | None = None
    """For a second view of another format's syntax (framed JSON-LD): that format's name.
    Views are not written by ``export --all``, which writes each syntax once."""


#: The export formats, by canonical name, in the order they are documented.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ".ttl", "text/turtle", "turtle", quads=False),
        Format("json-ld", ".jsonld", "application/ld+json", "json-ld", quads=True),
        Format(
            "jsonld-framed",
            ".jsonld",
            "application/ld+json",
            "json-ld",
            quads=True,
            view_of="json-ld",
        ),
        Format("nt", ".nt", "application/n-triples", "nt", quads=False),
        Format("nq", ".nq", "application/n-quads", "nquads", quads=True),
        Format("trig", ".trig", "application/trig", "trig", quads=True),
        Format("xml", ".rdf", "application/rdf+xml", "xml", quads=False),
    )
}

#: Other names people type for the same formats.
ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "jsonld": "json-ld",
    "framed": "jsonld-framed",
    "ntriples": "nt",
    "n-triples": "nt",
    "nquads": "nq",
    "n-quads": "nq",
    "rdfxml": "xml",
    "rdf/xml": "xml",
}

#: Input file extensions and the format each implies.
EXTENSIONS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
}

#: Formats rdflib reads that are accepted as input only.
INPUT_ONLY: dict[str, str] = {"n3": "n3"}


def format_names() -> list[str]:
    """Return every accepted format name, canonical names and aliases, sorted.

    >>> "turtle" in format_names() and "jsonld" in format_names()
    True
    """
    return sorted({*FORMATS, *ALIASES})


def get_format(name: str) -> Format:
    """Return the :class:`Format` for a name or alias.

    >>> get_format("ttl").media_type
    'text/turtle'
    """
    key = name.strip().lower()
    found = FORMATS.get(ALIASES.get(key, key))
    if found is None:
        choices = ", ".join(FORMATS)
        raise InputError(f"unknown RDF format {name!r}: choose one of {choices}")
    return found


def input_format_for(path: Path, override: str | None = None) -> str:
    """Return the rdflib parser name for a file, from ``override`` or its extension.

    >>> from pathlib import Path
    >>> input_format_for(Path("x.jsonld"))
    'json-ld'
    """
    if override:
        key = ALIASES.get(override.lower(), override.lower())
        if key in INPUT_ONLY:
            return INPUT_ONLY[key]
        return get_format(key).rdflib_name
    name = EXTENSIONS.get(path.suffix.lower())
    if name is None:
        known = " ".join(sorted(EXTENSIONS))
        raise InputError(
            f"{path}: cannot tell the RDF syntax from the extension {path.suffix or '(none)'!r}; "
            f"rename it to one of {known} or pass input_format",
            parameter="input_format",
        )
    return INPUT_ONLY.get(name) or FORMATS[name].rdflib_name


#: Output formats of query results: a table for people, and the SPARQL 1.1 results formats.
RESULT_FORMATS: tuple[ResultFormat, ...] = get_args(ResultFormat)

#: Output formats of validation reports.
REPORT_FORMATS: tuple[ReportFormat, ...] = get_args(ReportFormat)
