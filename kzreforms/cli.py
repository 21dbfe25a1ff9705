"""The ``kzreforms`` command line: thin click commands over the library.

This is the one place where library errors become messages and exit codes.
Library modules are imported inside the commands, so ``--help`` and
``--version`` load neither rdflib nor pyshacl.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click import formatting as click_formatting

from ._version import __version__
from .formats import (
    FORMATS,
    REPORT_FORMATS,
    RESULT_FORMATS,
    FormatName,
    InputFormatName,
    ReportFormat,
    ResultFormat,
    format_names,
    input_format_names,
)
from .namespaces import BASE
from .resources import SELECTIONS, GraphName

if TYPE_CHECKING:  # pragma: no cover - pathlib is imported when a command gets a path
    from pathlib import Path

    from .errors import KzReformsError
    from .stores import LoadReport

F = TypeVar("F", bound=Callable[..., Any])

# --------------------------------------------------------------------------- exit codes

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_OUTPUT = 4
EXIT_STORE = 5
EXIT_SIGINT = 128 + signal.SIGINT  # 130, as shells report a command stopped by Ctrl-C
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143

EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK}  success (for validate: the data conforms)
  {EXIT_NOT_CONFORMING}  validate: the data does not conform
  {EXIT_USAGE}  usage error (unknown option, missing argument)
  {EXIT_INPUT}  unreadable input: a file, query or shapes graph that cannot be used
  {EXIT_OUTPUT}  an output file or folder cannot be written
  {EXIT_STORE}  a triple store failed or holds other data than sent
  {EXIT_SIGINT}  interrupted (Ctrl-C, SIGINT): outputs left as they were
  {EXIT_SIGTERM}  terminated (SIGTERM): outputs left as they were"""


class CommandError(click.ClickException):
    """A library error shown as one ``Error: …`` line with its documented exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]


#: The command line's name for each library parameter an error may be about
#: (:attr:`KzReformsError.parameter`): the library names the parameter, the
#: command line its option. ``name='value'`` becomes ``--option value``: for the
#: error's own parameter, also the bare name; for the others only that assigned form.
OPTIONS: dict[str, str] = {
    "auth_type": "--auth",
    "base_url": "--base-url",
    "context_url": "--context-url",
    "format": "--format",
    "graphs": "--graph",
    "input_format": "--input-format",
    "query_url": "--query-url",
    "shapes": "--shapes",
    "timeout": "--timeout",
    "user": "--user",
}
#: Python calls that messages suggest, and the command that does the same.
COMMANDS: dict[str, str] = {"call named_queries()": "run 'kzreforms query --list'"}
#: The same for calls with an argument: a pattern and its replacement.
COMMAND_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"call load_into\(store='(.*?)'\)"), r"run 'kzreforms load --store \1'"),
)


def cli_message(err: KzReformsError) -> str:
    """The error's message in the command line's words: its parameter named as the option.

    >>> from kzreforms.errors import InputError
    >>> cli_message(InputError("use graphs='all' for your own files", parameter="graphs"))
    'use --graph all for your own files'
    """
    text = str(err)
    for parameter, option in OPTIONS.items():
        bare = "?" if parameter == err.parameter else ""  # the value is optional
        pattern = (
            rf"(?<![\w.]){re.escape(parameter)}"
            rf"(?:=(?:'([^']*)'|\"([^\"]*)\"|([\w.+-]+))){bare}(?![\w(])"
        )
        text = re.sub(pattern, _as_option(option), text)
    for call, command in COMMANDS.items():
        text = text.replace(call, command)
    for call_pattern, replacement in COMMAND_PATTERNS:
        text = call_pattern.sub(replacement, text)
    return text


def _as_option(option: str) -> Callable[[re.Match[str]], str]:
    """A replacement for ``name='value'`` (or the bare name): ``--option value``."""
    return lambda m: " ".join([option, *(v for v in m.groups() if v is not None)])


@contextmanager
def errors_as_exit_codes() -> Iterator[None]:
    """Turn kzreforms' errors into clean one-line messages (in flag terms) and exit codes."""
    from .errors import InputError, KzReformsError, OutputError, ShapesError, StoreError

    try:
        yield
    except (InputError, ShapesError) as err:
        raise CommandError(cli_message(err), EXIT_INPUT) from err
    except OutputError as err:
        raise CommandError(cli_message(err), EXIT_OUTPUT) from err
    except StoreError as err:
        raise CommandError(cli_message(err), EXIT_STORE) from err
    except KzReformsError as err:  # pragma: no cover - every child is handled above
        raise CommandError(cli_message(err), EXIT_INPUT) from err


# --------------------------------------------------------------------------- shared options


class _PathArgument:
    """``path_type`` for ``click.Path``: a :class:`pathlib.Path`, importing pathlib only then.

    pathlib (with urllib.parse and ipaddress) is a third of what ``--help`` and
    ``--version`` would import beyond click; they never see a path.
    """

    def __new__(cls, value: str) -> Path:  # type: ignore[misc]
        from pathlib import Path

        return Path(value)


# Folders are let through: the library refuses them with exit 3 (unreadable input), not 2.
FILES = click.argument("files", nargs=-1, type=click.Path(path_type=_PathArgument))
INPUT_FORMAT = click.option(
    "--input-format",
    "-i",
    type=click.Choice(input_format_names(), case_sensitive=False),
    help="Syntax of FILES when their extension does not tell it.",
)
GRAPH = click.option(
    "--graph",
    "-g",
    type=click.Choice(SELECTIONS),
    default="all",
    show_default=True,
    help="Which graph to take: one packaged graph, or all of them.",
)


def emit(data: str | bytes) -> None:
    """Write a command's result to standard output; a full disk or closed pipe is a clean exit."""
    if sys.stdout is None:  # started with standard output closed ('>&-')
        raise CommandError(
            "standard output is closed; redirect it (> FILE) or use -o FILE", EXIT_OUTPUT
        )
    try:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. '| head': the reader has all it wanted
        # Point stdout at /dev/null so that Python's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except OSError as err:
        raise CommandError(
            f"cannot write to standard output ({err.strerror}); use -o FILE or free some space",
            EXIT_OUTPUT,
        ) from err


def _load(files: tuple[Path, ...], input_format: InputFormatName | None) -> Any:
    from .dataset import load

    return load(list(files) if files else None, input_format=input_format)


# --------------------------------------------------------------------------- commands

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _terminal_columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` tells it, without importing shutil.

    (shutil loads bz2, lzma and zlib: a tenth of ``kzreforms --help``'s time.)
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(click.HelpFormatter):
    """click's help formatter, sized as click sizes it but without importing shutil."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        if width is None:
            width = click_formatting.FORCED_WIDTH
        if width is None:
            width = max(min(_terminal_columns(), max_width or 80) - 2, 50)
        super().__init__(indent_increment, width, max_width)


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _Command(click.Command):
    context_class = _Context


class _Group(click.Group):
    context_class = _Context
    command_class = _Command


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

    from .exports import export, export_all, export_bytes

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
        dataset = _load(files, input_format)
        if nanopubs:
            from .nanopub import export_nanopubs

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
    from .dataset import load_graph
    from .validation import validate as run_validation

    with errors_as_exit_codes():
        data = _load(files, input_format) if files else None
        shapes = load_graph(list(shapes_files)) if shapes_files else None
        report = run_validation(data, shapes=shapes, inplace=True)
    emit(report.serialize(format_))
    if report.fails(on=fail_on):  # type: ignore[arg-type]
        sys.exit(EXIT_NOT_CONFORMING)


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _interrupted(message: str, stop: BaseException | None = None) -> None:
    """Report Ctrl-C and exit 130 at once.

    The library has already cleaned up (an embedded store is as it was). When
    this process is the ``kzreforms`` command itself, it ends without freeing a
    large parsed dataset object by object, which can take seconds; called
    in-process (a test, a notebook), it raises SystemExit as usual.
    """
    if isinstance(stop, Signalled) and stop.signum != signal.SIGINT:
        raise stop  # SIGTERM: main() reports it and exits 143
    click.echo(f"Interrupted: {message}", err=True)
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    script = os.path.basename(sys.argv[0]) if sys.argv else ""
    if getattr(spec, "name", "") == "kzreforms.__main__" or script == "kzreforms":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_INTERRUPTED)


QUERY_TIMEOUT = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Stop the query after this many seconds (exit 3).",
)


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
    from .sparql import named_queries
    from .sparql import query as run_query

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
                from .stores import query_store

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
  kzreforms load --store kzreforms-store      an embedded Oxigraph store in a folder
  kzreforms load --url http://localhost:7878/store
  kzreforms load --url http://localhost:3030/kz/data --user admin
  kzreforms load --url http://localhost:8890/sparql-graph-crud-auth --auth digest --user dba
  kzreforms load my.ttl --url http://localhost:7878/store --graph-iri https://example.org/g"""
)
@FILES
@click.option(
    "--store",
    type=click.Path(path_type=_PathArgument, file_okay=False),
    help="Load into an embedded Oxigraph store in this folder [default: kzreforms-store].",
)
@click.option(
    "--url",
    help="Load into a SPARQL 1.1 Graph Store endpoint (http or https), e.g. Oxigraph's /store.",
)
@click.option(
    "--query-url",
    help="The store's SPARQL query endpoint (not needed: each graph is read back by GET).",
)
@GRAPH
@click.option(
    "--graph-iri",
    "graph_iris",
    multiple=True,
    metavar="[KIND=]IRI",
    help="Load everything into one graph IRI, or rename one packaged graph (data=IRI, repeatable).",
)
@click.option("--append", is_flag=True, help="Add to the graphs (POST) instead of replacing them.")
@click.option(
    "--user", envvar="KZREFORMS_STORE_USER", help="User name [env: KZREFORMS_STORE_USER]."
)
@click.option(
    "--password-env",
    default="KZREFORMS_STORE_PASSWORD",
    show_default=True,
    metavar="VAR",
    help="Environment variable holding the password; asked for when unset.",
)
@click.option(
    "--auth",
    "auth_type",
    type=click.Choice(["basic", "digest"]),
    default="basic",
    show_default=True,
    help="HTTP authentication scheme (Virtuoso wants digest).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds each whole request to the store may take, its answer included.",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Fail if the store keeps a literal in another form with the same value "
    "(4.0 as 4, xsd:nonNegativeInteger as xsd:integer).",
)
@INPUT_FORMAT
def load(files: tuple[Path, ...], **options: Any) -> None:
    """Load the packaged dataset, or FILES, into a triple store and check it arrived.

    Without --url the target is an embedded Oxigraph store in a folder, built
    beside the old one and swapped in when checked; 'oxigraph serve --location
    DIR' can serve it later. With --url, each graph is sent by the SPARQL 1.1
    Graph Store Protocol (replacing it, so loading twice gives the same store).
    Then every graph is read back whole and compared with what was sent, by
    term and by value; a literal kept in another form with the same value is
    reported (an error with --exact), anything else is exit 5. Redirects are
    never followed. Passwords come from the environment or a prompt, never
    from the command line, and are never shown. Ctrl-C stops a load (exit 130)
    and leaves an embedded store as it was.
    """
    command = _LoadCommand(**options)
    try:
        with errors_as_exit_codes(), _load_options(command.password_env):
            report = command.run(files)
    except (KeyboardInterrupt, Signalled) as stop:
        remote = command.url is not None
        where = "graphs sent so far stay" if remote else "an embedded store was left as it was"
        _interrupted(f"the load was stopped; {where}.", stop)
    click.echo(_switches(report.text()), nl=False)


@dataclass(frozen=True)
class _LoadCommand:
    """The options of 'load', checked, and the one library call they make."""

    store: Path | None
    url: str | None
    query_url: str | None
    graph: GraphName
    graph_iris: tuple[str, ...]
    append: bool
    user: str | None
    password_env: str
    auth_type: str
    timeout: float
    exact: bool
    input_format: InputFormatName | None

    def __post_init__(self) -> None:
        if self.store is not None and self.url is not None:
            raise click.UsageError("give either --store DIR or --url URL, not both")
        if self.query_url is not None and self.url is None:
            raise click.UsageError("--query-url only goes with --url")
        single, _ = self.targets()
        if len(single) > 1 or (single and len(single) != len(self.graph_iris)):
            raise click.UsageError(
                "give --graph-iri IRI once, or KIND=IRI for each graph to rename"
            )

    def targets(self) -> tuple[list[str], dict[str, str]]:
        """The one target graph IRI (``--graph-iri IRI``), and the renames (``KIND=IRI``)."""
        single = [iri for iri in self.graph_iris if "=" not in iri.split(":", 1)[0]]
        renames = dict(iri.split("=", 1) for iri in self.graph_iris if iri not in single)
        return single, renames

    def run(self, files: tuple[Path, ...]) -> LoadReport:
        from pathlib import Path

        from .stores import RemoteStore, load_into

        target: Path | RemoteStore = self.store or Path("kzreforms-store")
        if self.url is not None:
            target = RemoteStore.connect(
                self.url,
                user=self.user,
                password_env=self.password_env,
                ask=_ask_password(),
                auth_type=self.auth_type,  # type: ignore[arg-type]
                timeout=self.timeout,
                query_url=self.query_url,
            )
        single, renames = self.targets()
        return load_into(
            store=target,
            files=list(files) if files else None,
            graphs=self.graph,
            graph_iri=single[0] if single else None,
            graph_iris=renames,
            replace=not self.append,
            exact=self.exact,
            input_format=self.input_format,
        )


#: The options of 'load' by the parameter of the library they feed.
_LOAD_FLAGS = {
    "exact": "--exact",
    "graph_iri": "--graph-iri",
    "graph_iris": "--graph-iri",
    "graphs": "--graph",
    "query_url": "--query-url",
    "store": "--url",
}
_FLAG_SWITCHES = ("--exact",)


@contextmanager
def _load_options(password_env: str) -> Iterator[None]:
    """Name the command line's option in a library error about one of its parameters."""
    from .errors import InputError, KzReformsError, StoreError

    try:
        yield
    except KzReformsError as err:
        if err.parameter == "password_env":
            raise click.UsageError(
                f"no password: set {password_env} (or --password-env VAR), "
                "or run in a terminal to be prompted"
            ) from err
        flag = _LOAD_FLAGS.get(err.parameter or "")
        if flag is None:
            raise
        text = str(err)
        shown = _switches(text) if flag in _FLAG_SWITCHES else text
        if shown == text:
            shown = f"{text} ({flag})"
        kind = StoreError if isinstance(err, StoreError) else InputError
        raise kind(shown, parameter=err.parameter) from err


def _switches(text: str) -> str:
    """``text`` (a load's report or error) with ``exact=True`` named as ``--exact``."""
    for flag in _FLAG_SWITCHES:
        text = text.replace(f"{flag.lstrip('-').replace('-', '_')}=True", flag)
    return text


def _ask_password() -> Callable[[str], str] | None:
    """A hidden prompt on the terminal, or None when nobody is there to answer it."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    return lambda prompt: str(click.prompt(prompt, hide_input=True, err=True))


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
    from .summary import info as summarise

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
    from .site import publish as build_site

    with errors_as_exit_codes():
        report = build_site(_load(files, input_format), output=outdir, base_url=base_url)
    click.echo(report.text(), nl=False, err=True)


# --------------------------------------------------------------------------- signals


class Signalled(BaseException):
    """SIGINT or SIGTERM arrived: unwinds the command so that every clean-up runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Signalled` while a command runs.

    Temporary files and build folders are removed on the way out (they are
    cleaned up on any exception), so a stopped command leaves its outputs as
    they were. After the first signal, further ones are ignored until the
    clean-up is done. A signal the process was started with ignored (``nohup``,
    a background job) stays ignored.
    """
    handled = (signal.SIGINT, signal.SIGTERM)

    def handler(signum: int, frame: Any) -> None:
        for other in handled:
            signal.signal(other, signal.SIG_IGN)
        raise Signalled(signum)

    previous = {}
    for signum in handled:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _guard_closed_stdout() -> None:
    """With standard output closed, keep descriptor 1 taken so that no output file lands there."""
    if sys.stdout is None:
        try:
            os.fstat(1)
        except OSError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            if devnull != 1:
                os.dup2(devnull, 1)
                os.close(devnull)


def main(argv: list[str] | None = None, prog_name: str = "kzreforms") -> None:
    """Run the command line (the ``kzreforms`` console script).

    Exit codes are those of :data:`EXIT_CODES`; Ctrl-C gives 130, SIGTERM 143.
    """
    _guard_closed_stdout()
    try:
        with signals_as_exceptions():
            cli.main(args=argv, prog_name=prog_name)
    except Signalled as stop:
        what = "interrupted (SIGINT)" if stop.signum == signal.SIGINT else "terminated (SIGTERM)"
        if sys.stderr is not None:
            sys.stderr.write(f"Error: {what}; nothing was left half-written\n")
        sys.exit(EXIT_SIGINT if stop.signum == signal.SIGINT else EXIT_SIGTERM)
