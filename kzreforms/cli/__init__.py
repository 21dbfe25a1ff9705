"""The ``kzreforms`` command line: thin click commands over the library.

:mod:`.commands` holds the commands (each parses its options and calls one
library function), :mod:`.load` the ``load`` command, :mod:`.options` what they
share, and :mod:`.exits` the exit codes, the signals, and the one place where
library errors become messages in the command line's words. Library modules
are imported inside the commands, so ``--help`` and ``--version`` load neither
rdflib nor pyshacl.
"""

from __future__ import annotations

import signal
import sys

from .commands import cli
from .exits import (
    COMMANDS,
    EXIT_CODES,
    EXIT_INPUT,
    EXIT_NOT_CONFORMING,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_SIGINT,
    EXIT_SIGTERM,
    EXIT_STORE,
    EXIT_USAGE,
    OPTIONS,
    CommandError,
    Signalled,
    _guard_closed_stdout,
    cli_message,
    errors_as_exit_codes,
    signals_as_exceptions,
)
from .options import _Context

__all__ = [
    "COMMANDS",
    "EXIT_CODES",
    "EXIT_INPUT",
    "EXIT_NOT_CONFORMING",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_SIGINT",
    "EXIT_SIGTERM",
    "EXIT_STORE",
    "EXIT_USAGE",
    "OPTIONS",
    "CommandError",
    "Signalled",
    "_Context",
    "cli",
    "cli_message",
    "errors_as_exit_codes",
    "main",
    "signals_as_exceptions",
]


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
