"""``kzreforms load``: a triple store, embedded or by URL, loaded and read back."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from ..formats import (
    InputFormatName,
)
from ..resources import GraphName

if TYPE_CHECKING:  # pragma: no cover - pathlib is imported when a command gets a path
    from pathlib import Path

    from ..stores import LoadReport


from .exits import Signalled, _interrupted, errors_as_exit_codes
from .options import FILES, GRAPH, INPUT_FORMAT, _Command, _PathArgument


@click.command(
    cls=_Command,
    epilog="""\b
Examples:
  kzreforms load --store kzreforms-store      an embedded Oxigraph store in a folder
  kzreforms load --url http://localhost:7878/store
  kzreforms load --url http://localhost:3030/kz/data --user admin
  kzreforms load --url http://localhost:8890/sparql-graph-crud-auth --auth digest --user dba
  kzreforms load my.ttl --url http://localhost:7878/store --graph-iri https://example.org/g""",
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
    command = _LoadCommand(**options).checked()
    try:
        with errors_as_exit_codes(), _load_options(command.password_env):
            report = command.run(files)
    except (KeyboardInterrupt, Signalled) as stop:
        remote = command.url is not None
        where = "graphs sent so far stay" if remote else "an embedded store was left as it was"
        _interrupted(f"the load was stopped; {where}.", stop)
    click.echo(_switches(report.text()), nl=False)


class _LoadCommand(NamedTuple):
    """The options of 'load', checked, and the one library call they make.

    (A named tuple: a frozen dataclass costs 2 ms to define, a sixth of what
    ``kzreforms --help`` spends beyond importing click.)
    """

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

    def checked(self) -> _LoadCommand:
        """The options, if they go together; else the usage error that says why."""
        if self.store is not None and self.url is not None:
            raise click.UsageError("give either --store DIR or --url URL, not both")
        if self.query_url is not None and self.url is None:
            raise click.UsageError("--query-url only goes with --url")
        single, _ = self.targets()
        if len(single) > 1 or (single and len(single) != len(self.graph_iris)):
            raise click.UsageError(
                "give --graph-iri IRI once, or KIND=IRI for each graph to rename"
            )
        return self

    def targets(self) -> tuple[list[str], dict[str, str]]:
        """The one target graph IRI (``--graph-iri IRI``), and the renames (``KIND=IRI``)."""
        single = [iri for iri in self.graph_iris if "=" not in iri.split(":", 1)[0]]
        renames = dict(iri.split("=", 1) for iri in self.graph_iris if iri not in single)
        return single, renames

    def run(self, files: tuple[Path, ...]) -> LoadReport:
        from pathlib import Path

        from ..stores import RemoteStore, load_into

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
    from ..errors import InputError, KzReformsError, StoreError

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
