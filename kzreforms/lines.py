"""N-Triples and N-Quads from N-Triples and N-Quads files, past rdflib's graph store.

Converting line-based files to a line-based syntax needs no graph. pyoxigraph reads
the lines; each distinct term becomes an rdflib term once, so it is normalised,
checked (:func:`~kzreforms.inputcheck.check_terms`) and written exactly as the
rdflib route (:func:`kzreforms.load`, then :func:`kzreforms.export_bytes`) writes
it; the distinct lines are sorted. The output is byte for byte the rdflib route's.

What this route cannot take as the rdflib route would gives None, and the caller
takes that route: blank nodes (their labels are made canonically over the whole
graph), what pyoxigraph reads otherwise than rdflib
(:data:`kzreforms.dataset.RDFLIB_ONLY`), a line it refuses (rdflib's error names
the line), a triple term, a file with no triples.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.plugins.serializers.nt import _quoteLiteral

from .dataset import RDFLIB_ONLY, read_text
from .formats import Format, InputFormatName, input_format_for
from .inputcheck import check_terms, rdflib_warnings
from .terms import rdflib_converter

#: The row formats of rdflib's N-Triples and N-Quads writers (``_nt_row`` and ``_nq_row``),
#: without the newline; a default-graph quad has an empty graph name.
_TRIPLE, _QUAD = "%s %s %s .", "%s %s %s %s ."


def line_export(
    paths: Sequence[Path], fmt: Format, input_format: InputFormatName | None = None
) -> bytes | None:
    """``fmt`` (N-Triples or N-Quads) of the files ``paths``, or None to take the rdflib route.

    :raises InputError: a file cannot be read, is not UTF-8, or holds a term
        :func:`~kzreforms.inputcheck.check_terms` refuses (as the rdflib route would).
    """
    if fmt.writer != "lines" or not paths:
        return None
    rows: set[str] = set()
    for path in paths:
        source = input_format_for(path, input_format)
        if source.writer != "lines":
            return None
        text = read_text(path, source)
        if text is None or "_:" in text or re.search(RDFLIB_ONLY, text):
            return None
        found = _rows(path, text, source, quads=fmt.quads)
        if not found:
            return None
        rows |= found
    ordered = sorted(rows)
    return ("\n".join(ordered) + "\n").encode("utf-8", "replace" if fmt.quads else "strict")


def _rows(path: Path, text: str, source: Format, *, quads: bool) -> set[str] | None:
    """The distinct output rows of one file, or None where the rdflib route must read it."""
    import pyoxigraph as ox

    syntax = ox.RdfFormat.N_QUADS if source.quads else ox.RdfFormat.N_TRIPLES
    convert = rdflib_converter(fresh_blanks=True)
    written: dict[Any, str] = {}

    def spell(node: Any) -> str:
        """How rdflib's line writers spell ``node`` (the default graph: an empty name)."""
        text = written.get(node)
        if text is None:
            term = convert(node)
            if term is None:
                text = ""
            elif isinstance(term, Literal):
                text = _quoteLiteral(term)
            else:
                text = term.n3()
            written[node] = text
        return text

    rows: set[str] = set()
    with rdflib_warnings(path):
        try:
            for quad in ox.parse(text, format=syntax, base_iri=path.resolve().as_uri()):
                triple = spell(quad.subject), spell(quad.predicate), spell(quad.object)
                rows.add(_QUAD % (*triple, spell(quad.graph_name)) if quads else _TRIPLE % triple)
        except Exception:  # noqa: BLE001 - a line pyoxigraph refuses, a triple term: rdflib's route says what
            return None
        terms = [(term,) for node in written if (term := convert(node)) is not None]
    check_terms(terms, path, text)
    return rows
