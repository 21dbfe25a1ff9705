"""Exit codes, signals, and library errors in the command line's words.

The one place where a library error becomes a message and an exit code, and
where a library parameter (``base_url``) is named as its option (``--base-url``).
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # pragma: no cover - pathlib is imported when a command gets a path
    from ..errors import KzReformsError


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
    from ..errors import InputError, KzReformsError, OutputError, ShapesError, StoreError

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
        os._exit(EXIT_SIGINT)
    sys.exit(EXIT_SIGINT)
