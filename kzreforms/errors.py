"""The error tree: every failure kzreforms reports to a user is one of these.

Each child also subclasses the matching built-in, so callers may catch either.
Messages are one line: what is wrong, where (file, line or node), and what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - only an annotation
    from .stores.load import LoadReport


def one_line(text: object, limit: int | None = 160) -> str:
    """Squeeze a detail (an exception's text, a server's reply) into one line of at most ``limit``.

    >>> one_line("a   b", limit=2)
    'a…'
    """
    line = " ".join(str(text).split())
    if limit is None or len(line) <= limit:
        return line
    return line[: limit - 1] + "…"


def raised_in(err: BaseException, *packages: str) -> bool:
    """Whether ``err`` was raised by one of ``packages`` rather than by code that called it.

    The innermost frame that ``err`` passed through outside the standard library
    decides: a third-party parser that trips over odd input with a TypeError is
    reporting the input; the same TypeError from kzreforms (or from a callback
    kzreforms handed the parser) is a bug, to be let through.

    >>> try:
    ...     int("x")
    ... except ValueError as err:
    ...     raised_in(err, "rdflib")
    False
    """
    import sys

    innermost = ""
    tb = err.__traceback__
    while tb is not None:
        top = str(tb.tb_frame.f_globals.get("__name__", "")).partition(".")[0]
        if top not in sys.stdlib_module_names:
            innermost = top
        tb = tb.tb_next
    return innermost in packages


class KzReformsError(Exception):
    """Root of every error kzreforms raises on purpose.

    The message speaks the library's language (Python parameter names, files,
    nodes). ``parameter`` names the argument of the public function the error is
    about, if any, so that the command line can name its own option for it.

    >>> err = InputError("base URL 'ftp://x' is not http(s)", parameter="base_url")
    >>> (str(err), err.parameter)
    ("base URL 'ftp://x' is not http(s)", 'base_url')
    """

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


class InputError(KzReformsError, ValueError):
    """An input file, query or option value cannot be read or parsed."""


class RemoteContextError(InputError):
    """A JSON-LD document asks for a context that would have to be fetched over the network."""


class QueryError(InputError):
    """A SPARQL query does not parse or cannot be evaluated."""


class ShapesError(KzReformsError, ValueError):
    """A shapes graph is not valid SHACL (https://www.w3.org/TR/shacl/)."""


class OutputError(KzReformsError, OSError):
    """An output file or directory cannot be written."""


class StoreError(KzReformsError, RuntimeError):
    """A triple store could not be reached, refused a request or holds other data than sent."""


class StoreBusyError(StoreError):
    """Another load into the same embedded store is running; nothing was changed."""


class VerificationError(StoreError):
    """The store holds other data than sent; ``report`` (a ``LoadReport``) says what it holds."""

    def __init__(self, message: str, report: LoadReport) -> None:
        super().__init__(message)
        self.report = report


__all__ = [
    "InputError",
    "KzReformsError",
    "OutputError",
    "QueryError",
    "RemoteContextError",
    "ShapesError",
    "StoreBusyError",
    "StoreError",
    "VerificationError",
]
