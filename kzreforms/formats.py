"""The format tables: RDF serializations, query-result and report formats.

Pure data, no rdflib import, so that the command line can offer choices
without loading rdflib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

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


class Format(NamedTuple):
    """One RDF syntax: its names, file extensions, media type, rdflib plugin and writer.

    Adding a syntax is one row of :data:`TABLE`, its fields named (and, for output,
    one writer in :mod:`kzreforms.writers`). A named tuple, not a frozen dataclass:
    that costs 2 ms to define, on every start of the command line.
    """

    name: str
    title: str
    """The syntax's name for people: ``Turtle``, ``RDF/XML``."""
    media_type: str
    rdflib_name: str
    """The rdflib parser and serializer plugin."""
    extensions: tuple[str, ...]
    """File extensions that mean this syntax on input; the first is the one written."""
    aliases: tuple[str, ...] = ()
    """Other names people type for it."""
    quads: bool = False
    """True when the format carries named graphs (N-Quads, TriG, JSON-LD)."""
    input: bool = True
    """Read by :func:`kzreforms.load`."""
    output: bool = True
    """Written by :func:`kzreforms.export`."""
    writer: str | None = None
    """Which of :mod:`kzreforms.writers`' writers writes it (None when input only)."""
    view_of: str | None = None
    """For a second view of another format's syntax (framed JSON-LD): that format's name.
    Views are not written by ``export --all``, which writes each syntax once."""

    @property
    def extension(self) -> str:
        """The extension of the files written in this format."""
        return self.extensions[0]


#: Every syntax, in the order they are documented.
TABLE: tuple[Format, ...] = (
    Format(
        name="turtle",
        title="Turtle",
        media_type="text/turtle",
        rdflib_name="turtle",
        extensions=(".ttl", ".turtle"),
        aliases=("ttl",),
        writer="turtle",
    ),
    Format(
        name="json-ld",
        title="JSON-LD",
        media_type="application/ld+json",
        rdflib_name="json-ld",
        extensions=(".jsonld", ".json"),
        aliases=("jsonld",),
        quads=True,
        writer="json-ld",
    ),
    Format(
        name="jsonld-framed",
        title="JSON-LD (framed)",
        media_type="application/ld+json",
        rdflib_name="json-ld",
        extensions=(".jsonld",),
        aliases=("framed",),
        quads=True,
        input=False,
        writer="framed",
        view_of="json-ld",
    ),
    Format(
        name="nt",
        title="N-Triples",
        media_type="application/n-triples",
        rdflib_name="nt",
        extensions=(".nt",),
        aliases=("ntriples", "n-triples"),
        writer="lines",
    ),
    Format(
        name="nq",
        title="N-Quads",
        media_type="application/n-quads",
        rdflib_name="nquads",
        extensions=(".nq",),
        aliases=("nquads", "n-quads"),
        quads=True,
        writer="lines",
    ),
    Format(
        name="trig",
        title="TriG",
        media_type="application/trig",
        rdflib_name="trig",
        extensions=(".trig",),
        quads=True,
        writer="turtle",
    ),
    Format(
        name="xml",
        title="RDF/XML",
        media_type="application/rdf+xml",
        rdflib_name="xml",
        extensions=(".rdf", ".owl", ".xml"),
        aliases=("rdfxml", "rdf/xml"),
        writer="rdflib",
    ),
    Format(
        name="n3",
        title="Notation3",
        media_type="text/n3",
        rdflib_name="n3",
        extensions=(".n3",),
        output=False,
    ),
)

#: The export formats, by canonical name, in the order they are documented.
FORMATS: dict[str, Format] = {f.name: f for f in TABLE if f.output}

#: Every format by canonical name, input-only ones included.
_BY_NAME: dict[str, Format] = {f.name: f for f in TABLE}

#: Other names people type for the same formats.
ALIASES: dict[str, str] = {alias: f.name for f in TABLE for alias in f.aliases}

#: Input file extensions and the format each implies.
EXTENSIONS: dict[str, str] = {
    extension: f.name for f in TABLE if f.input for extension in f.extensions
}


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


def input_format_names() -> list[str]:
    """Return every name :func:`input_format_for` accepts: :func:`format_names`, then input only.

    >>> input_format_names()[-1]
    'n3'
    """
    return [*format_names(), *sorted(f.name for f in TABLE if not f.output)]


def by_extension(suffix: str) -> Format | None:
    """Return the export format (not a view) whose files end in ``suffix``, if any.

    >>> by_extension(".nt").name, by_extension(".txt")
    ('nt', None)
    """
    return next((f for f in FORMATS.values() if f.view_of is None and f.extension == suffix), None)


def input_format_for(path: Path, override: str | None = None) -> Format:
    """Return the :class:`Format` to read a file in, from ``override`` or its extension.

    A view (framed JSON-LD) reads as the syntax it is a view of.

    >>> from pathlib import Path
    >>> input_format_for(Path("x.jsonld")).rdflib_name
    'json-ld'
    """
    if override:
        key = ALIASES.get(override.lower(), override.lower())
        found = _BY_NAME[key] if key in _BY_NAME and not _BY_NAME[key].output else get_format(key)
    else:
        name = EXTENSIONS.get(path.suffix.lower())
        if name is None:
            known = " ".join(sorted(EXTENSIONS))
            raise InputError(
                f"{path}: cannot tell the RDF syntax from the extension "
                f"{path.suffix or '(none)'!r}; rename it to one of {known} or pass input_format",
                parameter="input_format",
            )
        found = _BY_NAME[name]
    return FORMATS[found.view_of] if found.view_of else found


#: Output formats of query results: a table for people, and the SPARQL 1.1 results formats.
RESULT_FORMATS: tuple[ResultFormat, ...] = get_args(ResultFormat)

#: Output formats of validation reports.
REPORT_FORMATS: tuple[ReportFormat, ...] = get_args(ReportFormat)
