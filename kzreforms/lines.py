"""Exports of N-Triples and N-Quads files, past rdflib's graph store.

N-Triples and N-Quads are written here (:func:`sorted_lines`); Turtle, TriG, RDF/XML
and compacted JSON-LD are written from the files' triples as they stream
(:func:`streamed_export`, :func:`streamed_jsonld`) by :mod:`kzreforms.ttl`,
:mod:`kzreforms.rdfxml` and :mod:`kzreforms.jsonld`.

Converting line-based files to a line-based syntax needs no graph. pyoxigraph
reads each file as a stream; an IRI is written as it reads it (it refuses what
rdflib's checks would), and each distinct literal becomes an rdflib literal once,
so it is normalised, checked (:func:`~kzreforms.inputcheck.check_terms`) and
written exactly as the rdflib route (:func:`kzreforms.load`, then
:func:`kzreforms.export_bytes`) writes it. What is kept is one ``bytes`` row per
line, sorted and without repeats: the output is byte for byte the rdflib
route's, in about the memory of the output itself.

What this route cannot take as the rdflib route would gives None, and the caller
takes that route: blank nodes (their labels are made canonically over the whole
graph), what pyoxigraph reads otherwise than rdflib
(:data:`kzreforms.dataset.RDFLIB_ONLY`, and rdflib's own name of the default graph),
a pipe (it can be read once), a byte-order mark, text that is not UTF-8, a line
pyoxigraph refuses, a triple term, a file that cannot be read or holds no triples:
the rdflib route reads it again and says what is wrong.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nt import _quoteLiteral

from .dataset import RDFLIB_ONLY, read_text
from .formats import Format, InputFormatName, input_format_for
from .graphs import BySubject, Grouped, new_dataset
from .inputcheck import check_terms, rdflib_warnings
from .rdfxml import rdfxml_pieces
from .terms import rdflib_converter
from .ttl import turtle_pieces
from .writers import jsonld_of_triples, trig_namespaces

#: How much of a file is scanned at a time (whole lines) before pyoxigraph reads it.
CHUNK = 1 << 24

#: Blank nodes, what rdflib reads otherwise, and rdflib's own name for the default graph
#: (which it reads as the default graph, not as a named one); each searched alone, as
#: :func:`kzreforms.dataset.rdflib_reads_otherwise` says why.
_DECLINE = tuple(
    re.compile(pattern)
    for pattern in (
        rb"_:",
        re.escape(f"<{DATASET_DEFAULT_GRAPH_ID}>".encode()),
        *(pattern.encode() for pattern in RDFLIB_ONLY),
    )
)


def _declines(block: bytes) -> bool:
    return any(pattern.search(block) for pattern in _DECLINE)


def sorted_lines(
    paths: Sequence[Path], fmt: Format, input_format: InputFormatName | None = None
) -> list[bytes] | None:
    """The rows of ``fmt`` (N-Triples or N-Quads) for the files ``paths``, or None.

    Each row ends in a line break; written one after the other they are the
    export. None means: take the rdflib route.
    """
    sources = _plain_sources(paths, input_format) if fmt.writer == "lines" else None
    if sources is None:
        return None
    rows: list[bytes] = []
    for path, source in sources:
        before = len(rows)
        if not _read_rows(path, source, rows, quads=fmt.quads) or len(rows) == before:
            return None
    rows.sort()
    return [row for row, previous in zip(rows, [b"", *rows], strict=False) if row != previous]


def streamed_export(
    paths: Sequence[Path], fmt: Format, input_format: InputFormatName | None = None
) -> list[bytes] | None:
    """Turtle, TriG or RDF/XML of the union of the files ``paths``, in pieces, or None.

    Each triple becomes rdflib terms as it is read (an IRI or a literal once, however
    often it repeats) and goes straight to :func:`kzreforms.ttl.turtle_pieces` or
    :func:`kzreforms.rdfxml.rdfxml_pieces`, with the prefixes a freshly loaded dataset
    has: rdflib's graph is never built. TriG takes N-Triples files only (their triples
    are its default graph; N-Quads files' named graphs stay named); None means: take
    the rdflib route.
    """
    fresh = new_dataset()
    write: Callable[[Grouped], list[bytes] | None]
    if fmt.writer == "turtle":
        namespaces = trig_namespaces([fresh.default_graph]) if fmt.quads else fresh.namespaces()

        def write(triples: Grouped) -> list[bytes] | None:
            return turtle_pieces(triples, namespaces, trig=fmt.quads)

    elif fmt.rdflib_name == "xml":

        def write(triples: Grouped) -> list[bytes] | None:
            return rdfxml_pieces(triples, fresh.namespaces())

    else:
        return None
    return _streamed(paths, input_format, write, quad_files=not fmt.quads)


def streamed_jsonld(
    paths: Sequence[Path],
    context: dict[str, Any],
    context_ref: str | None,
    input_format: InputFormatName | None = None,
) -> list[bytes] | None:
    """Compacted JSON-LD of N-Triples files ``paths``, in pieces, or None (take the rdflib route).

    As :func:`streamed_export`, with :func:`kzreforms.writers.jsonld_of_triples`.
    N-Quads files are left to the rdflib route: their named graphs stay named in JSON-LD.
    """
    return _streamed(
        paths,
        input_format,
        lambda triples: jsonld_of_triples(triples, context, context_ref),
        quad_files=False,
    )


def _streamed(
    paths: Sequence[Path],
    input_format: InputFormatName | None,
    write: Callable[[Grouped], list[bytes] | None],
    *,
    quad_files: bool = True,
) -> list[bytes] | None:
    """``write`` of the triples of the files ``paths``, or None (take the rdflib route).

    ``quad_files``: N-Quads files may be among them (their graphs' union is written).

    The ill-typed literals are reported (as the rdflib route does) once ``write`` has written.
    """
    sources = _plain_sources(paths, input_format)
    if sources is None or (not quad_files and any(source.quads for _, source in sources)):
        return None
    checks: list[tuple[list[Literal], Path, Format]] = []
    try:
        with _collector_paused():
            data = write(_grouped(sources, checks))
    except _Refused:
        return None
    if data is None:
        return None  # the rdflib route reads the files again, and warns
    for terms, path, source in checks:  # warnings name the line: find it in the text
        check_terms([(t,) for t in terms], path, read_text(path, source))
    return data


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a stream's terms and nodes pile up.

    They hold no cycles, yet each full collection walks all of them: at a million
    triples, a fifth of the time. It comes back on (if it was on) when done.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class _Refused(Exception):
    """pyoxigraph refused a line, read a term rdflib has no class for, or a file held no
    triple: rdflib's route tells."""


def _grouped(
    sources: list[tuple[Path, Format]], checks: list[tuple[list[Literal], Path, Format]]
) -> Grouped:
    """The union of the files' triples as rdflib terms (normalised as rdflib reads them),
    grouped as it is read, as :func:`kzreforms.graphs.by_subject` groups them.

    Each IRI and literal becomes an rdflib term once per file, however often it
    repeats. The ill-typed literals of each file are added to ``checks``, to be
    reported once the document is written (if it is not, the rdflib route reports them).
    Raises :class:`_Refused` where rdflib's route must read the files.
    """
    subjects: BySubject = {}
    refs: dict[Any, int] = {}
    for path, source in sources:
        _group_file(path, source, subjects, refs, checks)
    return Grouped(subjects, refs)


def _group_file(
    path: Path,
    source: Format,
    subjects: BySubject,
    refs: dict[Any, int],
    checks: list[tuple[list[Literal], Path, Format]],
) -> None:
    """Add the triples of ``path`` to ``subjects`` and ``refs`` (see :func:`_grouped`)."""
    import pyoxigraph as ox

    named = ox.NamedNode
    syntax = ox.RdfFormat.N_QUADS if source.quads else ox.RdfFormat.N_TRIPLES
    convert = rdflib_converter(fresh_blanks=True)
    made: dict[Any, Any] = {}  # pyoxigraph's term (hashed in Rust): its rdflib term
    # Each look-up written out here: a third of the time of a call.
    known, properties_of, count = made.get, subjects.get, refs.get
    last: Any = None  # the subject of the line before, and its predicates
    properties: dict[Any, Any] = {}
    read = False
    with rdflib_warnings(path):
        try:
            for quad in ox.parse(path=path, format=syntax, base_iri=path.resolve().as_uri()):
                read = True
                s = quad.subject
                if s != last:  # (a file's lines mostly come subject by subject)
                    if type(s) is not named:
                        raise _Refused(path)  # a triple term
                    subject = known(s)  # (one term for an IRI that is also an object)
                    if subject is None:
                        subject = made[s] = URIRef(s.value)
                    found = properties_of(subject)
                    if found is None:
                        found = subjects[subject] = {}
                    last, properties = s, found
                p = quad.predicate
                predicate = known(p)
                if predicate is None:
                    predicate = made[p] = URIRef(p.value)
                o = quad.object
                obj = known(o)
                if obj is None:
                    obj = made[o] = URIRef(o.value) if type(o) is named else convert(o)
                held = properties.get(predicate)
                if held is None:
                    properties[predicate] = obj
                elif type(held) is dict:
                    if obj in held:
                        continue  # a repeated triple counts once
                    held[obj] = None
                elif held is obj or held == obj:
                    continue
                else:
                    properties[predicate] = {held: None, obj: None}
                if type(obj) is URIRef:
                    refs[obj] = count(obj, 0) + 1
        except _Refused:
            raise
        except Exception as err:  # noqa: BLE001 - a line pyoxigraph refuses, a triple term
            raise _Refused(path) from err
        if not read:
            raise _Refused(path)  # no triples: rdflib's route says so, naming the file
        terms = [t for t in made.values() if isinstance(t, Literal)]
    if any(t.ill_typed for t in terms):
        checks.append((terms, path, source))


def _plain_sources(
    paths: Sequence[Path], input_format: InputFormatName | None
) -> list[tuple[Path, Format]] | None:
    """Each file with its syntax, if all are line-based, regular and :func:`_plain`; else None."""
    if not paths:
        return None
    sources = []
    for path in paths:
        source = input_format_for(path, input_format)
        # A pipe (/dev/stdin) can be read once: the rdflib route reads it.
        if source.writer != "lines" or not path.is_file() or not _plain(path):
            return None
        sources.append((path, source))
    return sources


def _plain(path: Path) -> bool:
    """Whether ``path`` is UTF-8 with no byte-order mark, blank node or what rdflib reads otherwise.

    Read a block of whole lines at a time (no pattern or character spans a line break).
    """
    try:
        with open(path, "rb") as stream:
            if stream.read(3) == b"\xef\xbb\xbf":
                return False
            stream.seek(0)
            rest = b""
            while block := stream.read(CHUNK):
                cut = block.rfind(b"\n") + 1
                if not cut:
                    rest += block
                    continue
                lines, rest = rest + block[:cut], block[cut:]
                if _declines(lines):
                    return False
                lines.decode("utf-8")
            rest.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return not _declines(rest)


def _read_rows(path: Path, source: Format, rows: list[bytes], *, quads: bool) -> bool:
    """Add one row per quad of ``path`` to ``rows``; False where rdflib must read it."""
    import pyoxigraph as ox

    syntax = ox.RdfFormat.N_QUADS if source.quads else ox.RdfFormat.N_TRIPLES
    named, literal = ox.NamedNode, ox.Literal
    convert = rdflib_converter(fresh_blanks=True)
    literals: dict[Any, bytes] = {}
    iris: dict[str, bytes] = {}  # predicates and graph names: few, and repeated on every line
    subject_iri, subject = "", b""

    def spell(node: Any) -> bytes:
        """How rdflib's line writers spell an object: an IRI as read, a literal as rdflib has it."""
        if type(node) is named:
            return b"<" + node.value.encode("utf-8") + b">"
        if type(node) is not literal:
            raise TypeError(node)  # a triple term
        found = literals.get(node)
        if found is None:
            term = convert(node)
            assert isinstance(term, Literal)
            found = literals[node] = _quoteLiteral(term).encode("utf-8")
        return found

    def iri(node: Any) -> bytes:
        value = node.value
        found = iris.get(value)
        if found is None:
            found = iris[value] = b"<" + value.encode("utf-8") + b">"
        return found

    with rdflib_warnings(path):
        try:
            for quad in ox.parse(path=path, format=syntax, base_iri=path.resolve().as_uri()):
                if quad.subject.value != subject_iri:
                    subject_iri, subject = quad.subject.value, spell(quad.subject)
                triple = subject, iri(quad.predicate), spell(quad.object)
                if not quads:
                    rows.append(b"%s %s %s .\n" % triple)
                elif type(quad.graph_name) is named:
                    rows.append(b"%s %s %s %s .\n" % (*triple, iri(quad.graph_name)))
                else:  # the default graph: rdflib's N-Quads writer leaves two spaces
                    rows.append(b"%s %s %s  .\n" % triple)
        except Exception:  # noqa: BLE001 - a line pyoxigraph refuses, a triple term: rdflib's route says what
            return False
        terms = [term for node in literals if isinstance(term := convert(node), Literal)]
    if any(term.ill_typed for term in terms):  # warnings name the line: find it in the text
        check_terms([(term,) for term in terms], path, read_text(path, source))
    return True
