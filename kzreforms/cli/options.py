"""What the commands share: options, arguments, output, and the help layout."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click
from click import formatting as click_formatting

from ..formats import (
    InputFormatName,
    input_format_names,
)
from ..resources import SELECTIONS

if TYPE_CHECKING:  # pragma: no cover - pathlib is imported when a command gets a path
    from collections.abc import Sequence
    from pathlib import Path


from .exits import EXIT_OK, EXIT_OUTPUT, CommandError

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


def emit(data: str | bytes | Sequence[bytes]) -> None:
    """Write a command's result (or its pieces, in order) to standard output.

    A full disk or closed pipe is a clean exit.
    """
    if sys.stdout is None:  # started with standard output closed ('>&-')
        raise CommandError(
            "standard output is closed; redirect it (> FILE) or use -o FILE", EXIT_OUTPUT
        )
    try:
        if isinstance(data, str | bytes):
            click.echo(data, nl=False)  # bytes go to the binary stream as they are
        else:
            sys.stdout.flush()
            binary = sys.stdout.buffer
            binary.writelines(data)
            binary.flush()
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
    from ..dataset import load

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


QUERY_TIMEOUT = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Stop the query after this many seconds (exit 3).",
)
