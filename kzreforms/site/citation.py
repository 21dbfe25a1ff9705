"""Cite a claim: a citation line, its IRI, and a text-fragment link to its words.

The link follows the URL Fragment Text Directives draft
(https://wicg.github.io/scroll-to-text-fragment/): ``statement.html#:~:text=…``,
each term percent-encoded so that ``-``, ``,`` and ``&`` (the directive's own
syntax) never appear raw. A long quote is linked as ``textStart,textEnd``; a
``prefix-`` is added only when the words alone would match earlier in the text.
Nothing here reads the clock, so a citation names no access date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote as _quote
from urllib.parse import unquote

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO
from rdflib.term import Node

from ..errors import InputError
from ..namespaces import DATA_IRI, KZR
from .model import SiteModel, path_of

#: Characters a text directive may hold unescaped besides ASCII letters and digits
#: (the draft's TextDirectiveExplicitChar); "-", "," and "&" are its syntax.
_EXPLICIT = "!$'()*+./:;=?@_~"
#: Quotes longer than this (or holding a line break) are linked as textStart,textEnd.
LONG = 80
#: Words of a long quote's start and (at least) of its end that the link names.
_EDGE_WORDS = 4
_DATES = (DCTERMS.date, DCTERMS.issued, DCTERMS.created, SDO.datePublished, SDO.startDate)


@dataclass(frozen=True)
class Citation:
    """How to cite one claim."""

    text: str
    """The citation line: speaker, words, statement, session, date, dataset version, IRI."""
    iri: str
    fragment: str
    """The site-relative link to the words: ``statement.html#:~:text=…``, or "" if none."""


def encode_term(text: str) -> str:
    """Percent-encode one term of a text directive (UTF-8; ``-``, ``,``, ``&`` encoded).

    >>> encode_term("re-established, 7% & “more”")
    're%2Destablished%2C%207%25%20%26%20%E2%80%9Cmore%E2%80%9D'
    """
    # urllib never escapes "-" (an unreserved character), but a directive must.
    return _quote(text, safe=_EXPLICIT).replace("-", "%2D")


def text_directive(quote: str, source: str, start: int) -> str:
    """Return the ``text=…`` directive that selects ``source[start:start+len(quote)]``.

    The first match of the directive (case-insensitive, at word boundaries, as a
    browser searches) is checked to be those very words; an earlier match of the
    same words gets a ``prefix-`` of the words before them.

    >>> text_directive("the lamp", "Light the lamp, then the lamp.", 21)
    'text=then-,the%20lamp'
    """
    end = start + len(quote)
    if source[start:end] != quote:
        raise InputError(f"the quote {quote!r} is not at offset {start} of the source text")
    spans = [m.span() for m in re.finditer(r"\S+", quote)]
    long = len(quote) > LONG or "\n" in quote
    for n_prefix in range(0, 6):
        prefix = _words_before(source, start, n_prefix) if n_prefix else None
        if n_prefix and not prefix:
            break
        candidates: list[tuple[str, str | None]] = [(quote, None)]
        if long and len(spans) >= 2 * _EDGE_WORDS:
            head = quote[: spans[_EDGE_WORDS - 1][1]]
            ends = range(_EDGE_WORDS, len(spans) - _EDGE_WORDS + 1)
            candidates = [(head, quote[spans[-n][0] :]) for n in ends] + candidates
        for text_start, text_end in candidates:
            if _match(source, prefix, text_start, text_end) == (start, end):
                return _directive(prefix, text_start, text_end)
    return _directive(None, quote, None)


def decode_directive(directive: str) -> tuple[str | None, str, str | None]:
    """Split ``text=[prefix-,]start[,end]`` into its decoded (prefix, start, end).

    >>> decode_directive("text=then-,the%20lamp%2C%20too,lit")
    ('then', 'the lamp, too', 'lit')
    """
    if not directive.startswith("text="):
        raise InputError(f"not a text directive: {directive!r}")
    parts = directive[len("text=") :].split(",")
    prefix = unquote(parts.pop(0)[:-1]) if parts[0].endswith("-") else None
    if parts and parts[-1].startswith("-"):
        parts.pop()  # a suffix: not used by this site
    return prefix, unquote(parts[0]), unquote(parts[1]) if len(parts) > 1 else None


def _directive(prefix: str | None, text_start: str, text_end: str | None) -> str:
    out = "text="
    if prefix:
        out += encode_term(prefix) + "-,"
    out += encode_term(text_start)
    if text_end:
        out += "," + encode_term(text_end)
    return out


def _words_before(source: str, start: int, count: int) -> str:
    """The ``count`` whitespace-separated words just before ``start`` (within one line)."""
    line = source[:start].rsplit("\n", 1)[-1].rstrip()
    words = line.split()
    return " ".join(words[-count:]) if len(words) >= count else ""


def _bounded(text: str, left: int, right: int, *, start: bool, end: bool) -> bool:
    """Whether ``text[left:right]`` starts (``start``) and ends (``end``) at word boundaries."""

    def edge(i: int) -> bool:  # no word runs on across position i
        return i in (0, len(text)) or not (text[i - 1].isalnum() and text[i].isalnum())

    return (not start or edge(left)) and (not end or edge(right))


def _find(text: str, term: str, at: int, *, start: bool = True, end: bool = True) -> int:
    """The first position >= ``at`` where ``term`` matches case-insensitively at word bounds."""
    hay, needle = text.casefold(), term.casefold()
    pos = hay.find(needle, at)
    while pos >= 0 and not _bounded(text, pos, pos + len(needle), start=start, end=end):
        pos = hay.find(needle, pos + 1)
    return pos


def _match(
    text: str, prefix: str | None, text_start: str, text_end: str | None
) -> tuple[int, int] | None:
    """Where a browser would put the directive's range in ``text`` (a model of the draft's §3.5)."""
    at = 0
    while True:
        if prefix:
            p = _find(text, prefix, at, end=False)
            if p < 0:
                return None
            at = p + 1
            s = p + len(prefix)
            while s < len(text) and text[s].isspace():
                s += 1
            if text[s : s + len(text_start)].casefold() != text_start.casefold():
                continue
            if not _bounded(text, s, s + len(text_start), start=False, end=text_end is None):
                continue
        else:
            s = _find(text, text_start, at)
            if s < 0:
                return None
        first_end = s + len(text_start)
        if text_end is None:
            return s, first_end
        e = _find(text, text_end, first_end)
        return (s, e + len(text_end)) if e >= 0 else None


# --------------------------------------------------------------------------- the citation line


def citations(model: SiteModel, *, version: str) -> dict[str, Citation]:
    """The citation of every claim with a page, keyed by the claim's slug (``claim-…``)."""
    out = {}
    for claim in model.claims():
        slug = path_of(claim, DATA_IRI) or ""
        out[slug] = citation(model, claim, version=version)
    return out


def citation(model: SiteModel, claim: URIRef, *, version: str) -> Citation:
    """The citation of one claim: who said it, its words, where and when, and its IRI."""
    g = model.graph
    speakers = sorted(model.label(a) for a in g.objects(claim, PROV.wasAttributedTo))
    where = model.selection(claim)
    words = where[3] if where else model.label(claim)
    statement = g.value(claim, SDO.appearance)
    if statement is None and where is not None:
        statement = g.value(where[0], DCTERMS.isPartOf)
    parts = [" and ".join(speakers) or "Unattributed", f"“{words}”"]
    places: list[Node] = []
    if statement is not None:
        parts.append("In: " + _title(model, statement))
        session = g.value(statement, KZR.deliveredAt)
        if session is not None:
            places.append(session)
            meeting = g.value(session, DCTERMS.isPartOf)
            if meeting is not None:
                places.append(meeting)
        parts += [_title(model, place) for place in places]
        date = next(
            (
                d
                for node in (statement, *places)
                for p in _DATES
                if isinstance(d := g.value(node, p), Literal)
            ),
            None,
        )
        if date is not None:
            parts.append(str(date))
    parts.append(f"kzreforms dataset, version {version}")
    fragment = ""
    if where is not None and where[0] in model.source_texts():
        source = str(g.value(where[0], RDF.value))
        fragment = f"{model.statement_path(where[0])}#:~:{text_directive(words, source, where[1])}"
    line = ". ".join(p.rstrip(".") for p in parts) + f". {claim}"
    return Citation(line, str(claim), fragment)


def _title(model: SiteModel, node: Node) -> str:
    titles = model.texts(node, (DCTERMS.title,))
    return titles[0] if titles else model.label(node)


__all__ = ["Citation", "citation", "citations", "decode_directive", "encode_term", "text_directive"]
