"""Checks on input that rdflib lets through: bad IRIs, surrogates, ill-typed literals, entities.

rdflib accepts ``<http://example.org/a b>`` with a logged warning (and fails
later, when writing), turns an unpaired ``\\uD800`` into text no UTF-8 writer
can encode, logs a traceback for ``"abc"^^xsd:integer``, and expands nested
XML entities without limit. These functions find such input right after
parsing, name the file and line, and either refuse it (:class:`InputError`)
or warn once per literal through the ``kzreforms`` logger (never changing a
literal: an ill-typed one is kept as written, as RDF 1.1 allows).
"""

from __future__ import annotations

import logging
import re
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from .errors import InputError, one_line

#: Where warnings about input go; with no logging set up, Python prints them on stderr.
logger = logging.getLogger("kzreforms")

#: At most this many ill-typed literals are named one by one; the rest are counted.
MAX_WARNINGS = 5

#: Refuse RDF/XML whose entities could expand to more than this many characters.
MAX_ENTITY_EXPANSION = 10_000_000

# Characters RDF 1.1 forbids in an IRI (https://www.w3.org/TR/rdf11-concepts/#section-IRIs).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\ud800-\udfff]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\\U0000[dD][89a-fA-F][0-9a-fA-F]{2}"
)

_XSD = "http://www.w3.org/2001/XMLSchema#"

# rdflib log messages that check_terms reports better (with file and line).
_KNOWN = ("does not look like a valid URI", "Failed to convert Literal lexical form")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def rdflib_warnings(path: Path) -> Iterator[None]:
    """Collect what rdflib logs while parsing ``path``; pass on the unknown rest as one line each.

    A handler on the ``rdflib`` logger for the duration only (removed after):
    rdflib's own warnings about IRIs and literals, each with a traceback, are
    replaced by :func:`check_terms`' one-line messages. Records still reach
    handlers the caller set up.
    """
    handler = _Records()
    rdflib_logger = logging.getLogger("rdflib")
    rdflib_logger.addHandler(handler)
    try:
        yield
    finally:
        rdflib_logger.removeHandler(handler)
        seen: set[str] = set()
        for record in handler.records:
            message = record.getMessage()
            if record.levelno < logging.WARNING or any(k in message for k in _KNOWN):
                continue
            if message not in seen:
                seen.add(message)
                logger.warning("Warning: %s: %s", path, one_line(message))


def check_terms(quads: Iterable[tuple[Any, ...]], path: Path, text: str | None) -> None:
    """Refuse bad IRIs and lone surrogates; warn about ill-typed literals (kept as written).

    :param text: the file's text, to find the line of a term (None: no line).
    :raises InputError: an IRI with a space or other forbidden character, or a
        lone UTF-16 surrogate in an IRI or literal.
    """
    ill_typed: list[Literal] = []
    seen: set[Literal] = set()
    for quad in quads:
        for term in quad:
            if isinstance(term, URIRef):
                if _BAD_IRI.search(term):
                    raise InputError(_bad_iri(term, path, text))
            elif isinstance(term, Literal):
                lexical = str(term)
                if not lexical.isascii() and _SURROGATE.search(lexical):
                    line = _line(text, _SURROGATE_ESCAPE.search(text or "")) or _find(text, lexical)
                    raise InputError(
                        f"{_where(path, line)}: a literal holds a lone UTF-16 surrogate "
                        f"({_surrogate(lexical)}), which is not a Unicode character and cannot "
                        "be written as UTF-8; write the character itself or a pair's code point"
                    )
                if term.ill_typed and term not in seen:
                    seen.add(term)
                    ill_typed.append(term)
    located = sorted((_find(text, f'"{term}"') or 0, str(term), term) for term in ill_typed)
    for line, _, term in located[:MAX_WARNINGS]:
        datatype = str(term.datatype or "")
        name = f"xsd:{datatype[len(_XSD) :]}" if datatype.startswith(_XSD) else f"<{datatype}>"
        logger.warning(
            "Warning: %s: %s is not a valid %s; kept as written",
            _where(path, line or None),
            one_line(f'"{term}"^^{name}', 120),
            name,
        )
    if len(ill_typed) > MAX_WARNINGS:
        logger.warning(
            "Warning: %s: %d more ill-typed literals, kept as written",
            path,
            len(ill_typed) - MAX_WARNINGS,
        )


def check_entities(raw: bytes, path: Path) -> None:
    """Refuse RDF/XML whose DTD entities nest or could expand past :data:`MAX_ENTITY_EXPANSION`.

    Only the document's prolog is read (parsing stops at the first element), so
    nothing is expanded here. Short entities such as ``<!ENTITY owl "…#">`` pass.

    :raises InputError: an entity refers to another entity ("billion laughs"),
        or references times entity length exceed the bound.
    """
    if b"<!ENTITY" not in raw:
        return
    parser = xml.parsers.expat.ParserCreate()
    longest = 0

    def on_entity(name: str, is_parameter: int, value: str | None, *_: Any) -> None:
        nonlocal longest
        if value is None:
            return
        if "&" in value or "%" in value:
            raise InputError(
                f"{path}: the XML entity {name!r} refers to other entities (nested entity "
                "expansion, a 'billion laughs' document); kzreforms refuses nested entities"
            )
        longest = max(longest, len(value))

    def on_element(*_: Any) -> None:
        raise _PrologDone

    parser.EntityDeclHandler = on_entity
    parser.StartElementHandler = on_element
    # Syntax errors are the RDF/XML parser's to report, with their line.
    with suppress(_PrologDone, xml.parsers.expat.ExpatError):
        parser.Parse(raw, True)
    if longest * raw.count(b"&") > MAX_ENTITY_EXPANSION:
        raise InputError(
            f"{path}: its XML entities could expand to more than {MAX_ENTITY_EXPANSION:,} "
            "characters; kzreforms refuses such documents"
        )


class _PrologDone(Exception):
    pass


def triple_term_hint(text: str, line: int) -> str:
    """A hint when a syntax error's line holds an RDF-star / RDF 1.2 triple term."""
    lines = text.splitlines()
    if 0 < line <= len(lines) and "<<" in lines[line - 1]:
        return (
            "RDF-star / RDF 1.2 triple terms (<< … >>) are not supported; "
            "state the triple with an IRI or reification instead"
        )
    return ""


def _bad_iri(iri: str, path: Path, text: str | None) -> str:
    found = _BAD_IRI.search(iri)
    char = found.group() if found else "?"
    name = "a space" if char == " " else f"the character {char!r}"
    line = _find(text, f"<{iri}>") or _find(text, iri)
    if line is None and text is not None:
        line = _find(text, iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    return (
        f"{_where(path, line)}: the IRI <{one_line(iri, 100)}> contains {name}, which IRIs "
        "may not hold; percent-encode it (a space is %20)"
    )


def _surrogate(lexical: str) -> str:
    found = _SURROGATE.search(lexical)
    return f"\\u{ord(found.group()):04X}" if found else "?"


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def _find(text: str | None, needle: str) -> int | None:
    if not text or not needle:
        return None
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _line(text: str | None, match: re.Match[str] | None) -> int | None:
    if text is None or match is None:
        return None
    return text.count("\n", 0, match.start()) + 1
