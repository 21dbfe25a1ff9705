"""The ``kzreforms`` commands: each parses its options and calls one library function."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .._version import __version__
from ..formats import (
    FORMATS,
    REPORT_FORMATS,
    RESULT_FORMATS,
    FormatName,
    InputFormatName,
    ReportFormat,
    ResultFormat,
    format_names,
)
from ..namespaces import BASE
from ..resources import GraphName

if TYPE_CHECKING:  # pragma: no cover - pathlib is imported when a command gets a path
    from pathlib import Path


from .exits import EXIT_CODES, EXIT_NOT_CONFORMING, Signalled, _interrupted, errors_as_exit_codes
from .load import load
from .options import (
    CONTEXT_SETTINGS,
    FILES,
    GRAPH,
    INPUT_FORMAT,
    QUERY_TIMEOUT,
    _Group,
    _load,
    _PathArgument,
    emit,
)


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS, epilog=EXIT_CODES)
@click.version_option(
    __version__, "-V", "--version", message="%(prog)s %(version)s", prog_name="kzreforms"
)
def cli() -> None:
    """Kazakhstan's democratic reforms statement as citable linked data.

    Export, validate and query the packaged ontology, statement data and SHACL
    shapes (or your own RDF files). Nothing touches the network unless you give
    it a URL (load --url).
    """


@cli.command(
    epilog="""\b
Examples:
  kzreforms export -f turtle                  the packaged dataset as Turtle
  kzreforms export -f json-ld --graph data -o statement.jsonld
  kzreforms export -f jsonld-framed --graph data   claims with what they refer to nested
  kzreforms export -f json-ld --context-url https://example.org/context.jsonld
  kzreforms export my.ttl -f nt               convert your own file
  kzreforms export --all -o dist/             every format into dist/
  kzreforms export --nanopubs -o np/          every claim as a trusty nanopub"""
)
@FILES
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(format_names(), case_sensitive=False),
    default="turtle",
    show_default=True,
    help="Output syntax: " + ", ".join(f"{f.name} ({f.extension})" for f in FORMATS.values()) + ".",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=_PathArgument),
    help="Write to this file (or folder, with --all) instead of standard output.",
)
@GRAPH
@INPUT_FORMAT
@click.option(
    "--all",
    "all_formats",
    is_flag=True,
    help="Write every format (not the framed view) and context.jsonld into the -o folder.",
)
@click.option(
    "--context-url",
    metavar="IRI",
    help="JSON-LD: refer to the context by this IRI instead of embedding it "
    "(readers must then be able to fetch it).",
)
@click.option(
    "--nanopubs",
    is_flag=True,
    help="Write every claim as a trusty nanopublication, one TriG file each, into the -o folder.",
)
@click.option(
    "--inline-context",
    is_flag=True,
    help="JSON-LD: embed the context (the default; kept for old scripts).",
)
def export(
    files: tuple[Path, ...],
    format_: FormatName,
    output: Path | None,
    graph: GraphName,
    input_format: InputFormatName | None,
    all_formats: bool,
    nanopubs: bool,
    context_url: str | None,
    inline_context: bool,
) -> None:
    """Export the packaged dataset, or FILES, in an RDF format.

    Output is deterministic: the same input gives the same bytes. JSON-LD embeds
    its context, so any processor reads it offline; jsonld-framed nests in each
    kzr:Claim what it refers to. -o replaces a file atomically (keeping its
    mode), replaces a symbolic link's target, and writes through /dev/stdout,
    /dev/null and other special files. --all writes the set of files at once:
    on any failure, or Ctrl-C, the folder is left exactly as it was.
    """
    from click.core import ParameterSource

    from ..exports import export, export_all, export_bytes, export_files
    from ..output import write_atomic

    if all_formats and nanopubs:
        raise click.UsageError("--all and --nanopubs write different folders: give one of them")
    if (all_formats or nanopubs) and output is None:
        flag = "--all" if all_formats else "--nanopubs"
        raise click.UsageError(f"{flag} writes several files: give the folder with -o DIR")
    source = click.get_current_context().get_parameter_source("format_")
    if all_formats and source == ParameterSource.COMMANDLINE:
        raise click.UsageError("--all writes every format: leave out -f/--format")
    if inline_context and context_url is not None:
        raise click.UsageError("give either --inline-context or --context-url IRI, not both")
    with errors_as_exit_codes():
        if files and not (nanopubs or all_formats):  # a conversion: perhaps past rdflib's graph
            data = export_files(
                files,
                format=format_,
                graphs=graph,
                input_format=input_format,
                context_url=context_url,
            )
            emit(data) if output is None else write_atomic(output, data)
            return
        dataset = _load(files, input_format)
        if nanopubs:
            from ..nanopub import export_nanopubs

            assert output is not None
            written = export_nanopubs(dataset, output=output)
            click.echo(f"Wrote {len(written)} nanopublications to {output}", err=True)
        elif all_formats:
            assert output is not None
            written = export_all(dataset, output=output, graphs=graph, context_url=context_url)
            click.echo(f"Wrote {len(written)} files to {output}", err=True)
        elif output is None:
            emit(export_bytes(dataset, format=format_, graphs=graph, context_url=context_url))
        else:
            export(dataset, format=format_, graphs=graph, output=output, context_url=context_url)


@cli.command(
    epilog="""\b
Examples:
  kzreforms validate                          the packaged data
  kzreforms validate my-edition.ttl           your own data, packaged shapes
  kzreforms validate data.jsonld --format json --fail-on warning"""
)
@FILES
@INPUT_FORMAT
@click.option(
    "--shapes",
    "-s",
    "shapes_files",
    multiple=True,
    type=click.Path(path_type=_PathArgument),
    help="Validate against these shapes instead of the packaged ones (repeatable).",
)
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Report as text for people, JSON for scripts, or a Turtle sh:ValidationReport.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="The least severe result that makes the exit code 1.",
)
def validate(
    files: tuple[Path, ...],
    input_format: InputFormatName | None,
    shapes_files: tuple[Path, ...],
    format_: ReportFormat,
    fail_on: str,
) -> None:
    """Validate the packaged data, or FILES, against the SHACL shapes.

    The ontology's class hierarchy is taken into account. Exit code 0 when the
    data conforms, 1 when it does not (see --fail-on).
    """
    from ..dataset import load_graph
    from ..validation import validate as run_validation

    with errors_as_exit_codes():
        data = _load(files, input_format) if files else None
        shapes = load_graph(list(shapes_files)) if shapes_files else None
        report = run_validation(data, shapes=shapes, inplace=True)
    emit(report.serialize(format_))
    if report.fails(on=fail_on):  # type: ignore[arg-type]
        sys.exit(EXIT_NOT_CONFORMING)


@cli.command(
    epilog="""\b
Examples:
  kzreforms query --list                      the packaged competency questions
  kzreforms query lowered-thresholds          one of them, by name
  kzreforms query my-question.rq --format csv
  kzreforms query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
  kzreforms query --store kzreforms-store lowered-thresholds"""
)
@click.argument("sparql", required=False)
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="table for people; csv, tsv, json as the SPARQL 1.1 results formats.",
)
@click.option(
    "--data",
    "-d",
    "files",
    multiple=True,
    type=click.Path(path_type=_PathArgument),
    help="Query these RDF files instead of the packaged dataset (repeatable).",
)
@INPUT_FORMAT
@click.option("--list", "list_queries", is_flag=True, help="List the packaged queries and exit.")
@click.option(
    "--store",
    type=click.Path(path_type=_PathArgument, file_okay=False),
    help="Query the embedded store in this folder (made by 'kzreforms load').",
)
@QUERY_TIMEOUT
def query(
    sparql: str | None,
    format_: ResultFormat,
    files: tuple[Path, ...],
    input_format: InputFormatName | None,
    list_queries: bool,
    store: Path | None,
    timeout: float | None,
) -> None:
    """Run a SPARQL 1.1 query: a packaged query's name, a .rq file, or SPARQL text.

    The query sees the union of all graphs as its default graph; GRAPH
    clauses reach each named graph; FROM and FROM NAMED pick graphs by IRI
    (nothing is ever fetched, with or without --store). SERVICE is refused.
    CONSTRUCT results print as Turtle. Ctrl-C stops a query at once (exit 130).
    """
    from ..sparql import named_queries
    from ..sparql import query as run_query

    if list_queries:
        for name, path in sorted(named_queries().items()):
            if name == path.stem:
                click.echo(f"{name}\t{_query_title(path)}")
        return
    if not sparql:
        raise click.UsageError("give a query: a packaged name (see --list), a .rq file or SPARQL")
    if store is not None and files:
        raise click.UsageError("give either --store or --data, not both")
    try:
        with errors_as_exit_codes():
            if store is not None:
                from ..stores import query_store

                result = query_store(store, sparql=sparql, timeout=timeout)
            else:
                dataset = _load(files, input_format) if files else None
                result = run_query(dataset, sparql=sparql, timeout=timeout)
            text = result.serialize(format_)
    except (KeyboardInterrupt, Signalled) as stop:
        _interrupted("the query was stopped.", stop)
    emit(text)


def _query_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lower().startswith("# title:"):
            return line.split(":", 1)[1].strip()
    return ""


@cli.command(
    epilog="""\b
Examples:
  kzreforms info
  kzreforms info my-edition.ttl"""
)
@FILES
@INPUT_FORMAT
def info(files: tuple[Path, ...], input_format: InputFormatName | None) -> None:
    """Show the version, graph IRIs, triple counts, prefixes and licence."""
    from ..summary import info as summarise

    with errors_as_exit_codes():
        summary = summarise(_load(files, input_format) if files else None)
    emit(summary.text())


@cli.command(
    epilog="""\b
Examples:
  kzreforms publish site/                     the packaged dataset as a static site
  python -m http.server -d site/              look at it on http://localhost:8000/
  kzreforms publish site/ my-edition.ttl      your own data
  kzreforms publish site/ --base-url https://example.org/kzreforms/"""
)
@click.argument("outdir", type=click.Path(path_type=_PathArgument))
@FILES
@INPUT_FORMAT
@click.option(
    "--base-url",
    default=BASE,
    show_default=True,
    help="Where the site will be served; download links and .htaccess redirects point there.",
)
def publish(
    outdir: Path, files: tuple[Path, ...], input_format: InputFormatName | None, base_url: str
) -> None:
    """Build a static linked-data site from the packaged dataset, or FILES, into OUTDIR.

    The site has the statement with every claim highlighted, a page per
    resource (with Turtle and JSON-LD beside it), the ontology documented,
    every serialization with checksums, a DCAT/VoID description, and
    .htaccess and nginx rules for content negotiation. It is built beside
    OUTDIR and swapped in when complete; OUTDIR must be new, empty, or a
    site published before (else exit 4). Every resource gets a page at its
    IRI's path (id/a/b is id/a/b.html); an IRI that cannot be a path stops
    the build (exit 3, naming it).

    Your files are never deleted: publish lists what it wrote in
    OUTDIR/.kzreforms-site, and re-publishing keeps every other file
    (CNAME, notes, ...). It refuses (exit 4, nothing touched) when one of
    your files is where the site writes its own, or a file it wrote was
    changed since.
    """
    from ..site import publish as build_site

    with errors_as_exit_codes():
        dataset = _load(files, input_format) if files else None  # None: the packaged one
        report = build_site(dataset, output=outdir, base_url=base_url)
    click.echo(report.text(), nl=False, err=True)


cli.add_command(load)
