"""Trusty URIs, module RA: an RDF dataset's hash written into its own IRIs.

The RA module of Kuhn & Dumontier, "Trusty URIs: Verifiable, Immutable, and
Permanent Digital Artifacts for Linked Data" (ESWC 2014), computed the way the
reference implementation trustyuri-java does it (``net.trustyuri.rdf``:
``RdfPreprocessor``, ``RdfUtils``, ``StatementComparator``, ``RdfHasher``):

1. Every IRI that starts with the *base* IRI is rewritten with a space where the
   artifact code will go: the base itself becomes ``base.␠`` (no dot when the base
   ends in ``/`` or ``#``), a longer IRI ``base + "x"`` becomes ``base.␠#x``, and
   blank nodes become ``base.␠#_1``, ``#_2``, … (skolemised). The separators are a
   :class:`UriStyle`; :data:`CLASSIC` is trustyuri-java's, :data:`SLASH` nanopub-java's.
2. The quads are sorted by graph (the default graph first), subject, predicate and
   object (IRIs before literals; literals by lexical form, datatype, language), each
   IRI or string compared as Java compares strings (UTF-16 code units).
3. Each distinct quad is written as four lines: the graph IRI (an empty line for
   the default graph), subject, predicate and object; an IRI as itself, a literal as
   ``@lang lexical`` or ``^datatype lexical`` with ``\\`` and newlines escaped.
4. The artifact code is ``RA`` + the SHA-256 of those UTF-8 bytes in base64url
   without padding (43 characters): 45 characters in all. It replaces the space.

Verification runs the same steps backwards: every occurrence of the artifact code
in an IRI becomes a space again, and the hash must come out as the code.

Nothing here signs anything: nanopublication signatures (RSA) are out of scope.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import InputError, one_line
from ..graphs import new_dataset
from ..terms import NotRdflibTerm, rdflib_converter

#: The module identifier that starts every RA artifact code.
MODULE_ID = "RA"

#: Length of an RA artifact code: "RA" and 43 base64url characters (256 bits).
CODE_LENGTH = 45

#: The nanopublication schema namespace (used to find a file's nanopub URI).
NP_NANOPUBLICATION = URIRef("http://www.nanopub.org/nschema#Nanopublication")

_HOLE = " "
_CODE_CHARS = r"A-Za-z0-9\-_"
# trustyuri-java TrustyUriUtils.TRUSTY_URI_REGEX: the code is the last run of 25 or
# more base64url characters, optionally followed by a file extension.
_TRUSTY_URI = re.compile(
    rf"(.*[^{_CODE_CHARS}]|)([{_CODE_CHARS}]{{25,}})(\.[{_CODE_CHARS}.]{{0,20}})?"
)
_KNOWN_MODULES = frozenset({"FA", "RA", "RB"})  # trustyuri-java's modules; data part 43 long
_QUAD_PREDICATE = "urn:x-kzreforms-quad:"

_Quad = tuple[Node | None, Node, Node, Node]


class _Iri(str):
    """An IRI on its way through the hash, with a space where the code goes (never a URIRef)."""


_Term = Node | _Iri | None
_Work = tuple[_Term, _Term, _Term, _Term]


@dataclass(frozen=True)
class UriStyle:
    """Where the artifact code goes in the IRIs it rewrites (trustyuri-java's TransformRdfSetting).

    >>> CLASSIC.after_code, SLASH.after_code
    ('#', '/')
    """

    before_code: str
    """Put between the base and the code when the base ends in a letter, digit, ``-`` or ``_``."""
    after_code: str
    """Put between the code and the rest of a rewritten IRI."""
    after_code_if_hash: str
    """Used instead of ``after_code`` when that is ``#`` and the base already holds a ``#``."""
    blank_node: str = "_"
    """Starts the local name of a skolemised blank node (doubled in IRIs that start with it)."""


#: trustyuri-java's default: ``…/np1.RA…`` and ``…/np1.RA…#assertion``, ``#_1`` for blank nodes.
CLASSIC = UriStyle(before_code=".", after_code="#", after_code_if_hash=".")

#: nanopub-java's (MakeTrustyNanopub): ``…/np1/RA…`` and ``…/np1/RA…/assertion``.
SLASH = UriStyle(before_code="/", after_code="/", after_code_if_hash="/")


def artifact_code_of(uri: str) -> str | None:
    """Return the artifact code a Trusty URI (or file name) ends with, or None.

    >>> artifact_code_of("http://example.org/np/RAPpJU5UOB4pavfWyk7FE3WQiam5yBpmIlviAQWtBSC4M")
    'RAPpJU5UOB4pavfWyk7FE3WQiam5yBpmIlviAQWtBSC4M'
    >>> artifact_code_of("http://example.org/np/assertion") is None
    True
    """
    match = _TRUSTY_URI.fullmatch(uri)
    if match is None:
        return None
    code = match.group(2)
    if code[:2] not in _KNOWN_MODULES or len(code) != CODE_LENGTH:
        return None
    return code


def make_trusty(dataset: Dataset, *, base: str, style: UriStyle = CLASSIC) -> tuple[str, Dataset]:
    """Give ``dataset`` a Trusty URI (RA) under ``base``; return it and the rewritten dataset.

    Every IRI that starts with ``base`` and every blank node is rewritten to carry
    the artifact code; other IRIs and all literals stay as they are. Blank nodes
    are numbered in the reference sort order, ties broken by a canonical labelling,
    so the result depends only on the dataset's content.

    :param base: the IRI the result is named under, e.g. ``https://w3id.org/np/x/``.
    :param style: the separators around the code (:data:`CLASSIC` or :data:`SLASH`).
    :returns: the Trusty URI and a new dataset; ``dataset`` is not changed.
    :raises InputError: ``base`` is not an absolute IRI, an IRI holds whitespace, or a
        graph is named by a blank node.

    >>> data = Dataset()
    >>> _ = data.add((URIRef("http://ex.org/np1"), RDF.type, URIRef("http://ex.org/T")))
    >>> uri, trusty = make_trusty(data, base="http://ex.org/np1")
    >>> uri
    'http://ex.org/np1.RAHoOixJMw1EcsmQBzy5aZXtjN-NxvZrNiUYttp06x5z0'
    >>> verify_trusty(trusty, uri)
    True
    """
    base = str(base)  # a URIRef never equals a str in rdflib: compare plain strings
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:\S+", base):
        raise InputError(
            f"base {base!r} is not an absolute IRI: give one such as https://w3id.org/np/x/"
        )
    quads = _canonical_blank_nodes(_quads_of(dataset))
    for quad in quads:
        for term in quad:
            if isinstance(term, URIRef) and re.search(r"\s", str(term)):
                raise InputError(
                    f"IRI <{term}> contains whitespace and cannot get a Trusty URI; "
                    "percent-encode it (%20)"
                )
    pre = _skolemise([_map(q, lambda t: _pre_term(t, base, style)) for q in quads], base, style)
    code = _code(pre)
    out = new_dataset()
    for prefix, namespace in sorted(dataset.namespaces()):
        if not str(namespace).startswith(base):
            out.bind(prefix, namespace, override=True, replace=True)
    uri = _expand_base(base, style) + code
    out.bind("this", URIRef(uri), override=True, replace=True)
    out.bind("sub", URIRef(uri + _after_code(base, style)), override=True, replace=True)
    for graph, subject, predicate, obj in pre:
        target = out.default_graph if graph is None else out.graph(_fill(graph, code))
        target.add((_fill(subject, code), _fill(predicate, code), _fill(obj, code)))
    return uri, out


def verify_trusty(dataset: Dataset, uri: str) -> bool:
    """Tell whether ``dataset`` hashes to the RA artifact code that ``uri`` ends with.

    A dataset with blank nodes is never trusty (RA skolemises them all).

    :raises InputError: ``uri`` carries no RA artifact code.

    >>> verify_trusty(Dataset(), "http://ex.org/np1.RAHoOixJMw1EcsmQBzy5aZXtjN-NxvZrNiUYttp06x5z0")
    False
    """
    code = artifact_code_of(uri)
    if code is None or not code.startswith(MODULE_ID):
        raise InputError(
            f"<{uri}> does not end with an RA artifact code ('RA' and 43 base64url characters)"
        )
    quads = _quads_of(dataset, allow_blank_graphs=True)
    if any(isinstance(term, BNode) for quad in quads for term in quad):
        return False
    return _code([_map(q, lambda t: _unfill(t, code)) for q in quads]) == code


def verify_file(path: str | Path, *, uri: str | None = None) -> bool:
    """Tell whether an RDF file (TriG, N-Quads, Turtle, N-Triples, RDF/XML) is trusty.

    The file is read with pyoxigraph, which keeps every literal's lexical form as
    written (rdflib's parsers normalise some, e.g. ``"01"^^xsd:integer`` to ``1``,
    which would change the hash of files made elsewhere). The Trusty URI checked is
    ``uri``, else the one subject typed ``np:Nanopublication``; a file whose name
    carries an artifact code (``name.RA….trig``) must match that code as well.

    :raises InputError: the file cannot be read or parsed, or names no Trusty URI.
    """
    file = Path(path)
    dataset = read_exact(file)
    claims: list[str] = []
    if uri is not None:
        claims.append(uri)
    else:
        typed = dataset.quads((None, RDF.type, NP_NANOPUBLICATION, None))
        nanopubs = sorted({str(subject) for subject, _, _, _ in typed})
        if len(nanopubs) == 1 and artifact_code_of(nanopubs[0]) is not None:
            claims.append(nanopubs[0])
    if artifact_code_of(file.name) is not None:
        claims.append(file.name)
    if not claims:
        raise InputError(
            f"{file}: no Trusty URI found (no single trusty np:Nanopublication, no artifact "
            "code in the file name); pass uri="
        )
    return all(verify_trusty(dataset, claim) for claim in claims)


def read_exact(path: str | Path) -> Dataset:
    """Read an RDF file into a Dataset, keeping each literal's lexical form as written.

    :raises InputError: the file cannot be read, its syntax is unknown, or it does not parse.
    """
    import pyoxigraph

    file = Path(path)
    fmt = pyoxigraph.RdfFormat.from_extension(file.suffix.lstrip("."))
    if fmt is None:
        raise InputError(
            f"{file}: unknown RDF syntax {file.suffix!r}: use .trig, .nq, .ttl, .nt or .rdf"
        )
    try:
        data = file.read_bytes()
    except OSError as err:
        raise InputError(f"{file}: cannot read: {one_line(err.strerror or err)}") from err
    out = Dataset()
    term = rdflib_converter(normalize=False)
    try:
        for quad in pyoxigraph.parse(data, format=fmt):
            graph = term(quad.graph_name)
            triple = (term(quad.subject), term(quad.predicate), term(quad.object))
            if graph is None:
                out.default_graph.add(triple)
            else:
                out.graph(graph).add(triple)  # type: ignore[arg-type]
    except SyntaxError as err:
        raise InputError(f"{file}: not valid {fmt.name}: {one_line(err)}") from err
    except NotRdflibTerm as err:
        raise InputError(f"RDF-star triple terms cannot be hashed as RA: {err.term}") from err
    return out


# --------------------------------------------------------------------------- the algorithm


def _quads_of(dataset: Dataset, *, allow_blank_graphs: bool = False) -> list[_Quad]:
    quads: list[_Quad] = []
    for subject, predicate, obj, graph in dataset.quads((None, None, None, None)):
        context = graph.identifier if isinstance(graph, Graph) else graph
        if context is None or context == DATASET_DEFAULT_GRAPH_ID:
            context = None
        elif isinstance(context, BNode) and not allow_blank_graphs:
            raise InputError(
                f"graph _:{context} is named by a blank node; name it with an IRI under the base"
            )
        quads.append((context, subject, predicate, obj))
    return quads


def _canonical_blank_nodes(quads: list[_Quad]) -> list[_Quad]:
    """Relabel blank nodes canonically (rdflib.compare), so their numbering is content-based."""
    if not any(isinstance(term, BNode) for quad in quads for term in quad):
        return quads
    graph = Graph()
    for context, subject, predicate, obj in quads:
        name = "" if context is None else quote(str(context), safe="")
        graph.add(
            (subject, URIRef(f"{_QUAD_PREDICATE}{name}:{quote(str(predicate), safe='')}"), obj)
        )
    out: list[_Quad] = []
    for subject, predicate, obj in to_canonical_graph(graph):
        name, _, local = str(predicate)[len(_QUAD_PREDICATE) :].partition(":")
        context = URIRef(unquote(name)) if name else None
        out.append((context, subject, URIRef(unquote(local)), obj))
    return out


def _expand_base(base: str, style: UriStyle) -> str:
    text = re.sub(r"ARTIFACTCODE-PLACEHOLDER[.#/]?$", "", base, count=1)
    text = re.sub(r"~~~ARTIFACTCODE~~~[.#/]?$", "", text, count=1)
    if re.fullmatch(rf".*[{_CODE_CHARS}]", text):
        text += style.before_code
    return text


def _after_code(base: str, style: UriStyle) -> str:
    if style.after_code == "#" and "#" in base:
        return style.after_code_if_hash
    return style.after_code


def _pre_term(term: Node | None, base: str, style: UriStyle) -> _Term:
    """RdfUtils.getPreUri for an IRI: a space where the code goes (blank nodes wait)."""
    if not isinstance(term, URIRef):
        return term
    iri = str(term)
    if iri != base and not iri.startswith(base):
        return _Iri(iri.replace("~~~ARTIFACTCODE~~~", _HOLE))
    if artifact_code_of(iri) is not None:
        return _Iri(iri)
    out = _expand_base(base, style) + _HOLE
    if iri != base:
        suffix = iri[len(base) :].replace("#", "%23")
        if suffix.startswith(style.blank_node):
            suffix = style.blank_node + suffix
        out += _after_code(base, style) + suffix
    return _Iri(out)


def _skolemise(quads: list[_Work], base: str, style: UriStyle) -> list[_Work]:
    """Number blank nodes 1, 2, … in order of first use in the sorted quads (graph, s, o)."""
    prefix = _expand_base(base, style) + _HOLE + _after_code(base, style) + style.blank_node
    if not any(isinstance(term, BNode) for quad in quads for term in quad):
        return quads

    def masked(term: _Term) -> tuple[Any, ...]:
        if isinstance(term, BNode):
            return (0, _utf16(prefix), str(term))
        if isinstance(term, Literal) or term is None:
            return _object_key(term)
        return (0, _utf16(str(term)), "")

    numbers: dict[BNode, int] = {}
    for quad in sorted(quads, key=lambda q: tuple(masked(t) for t in q)):
        for term in (quad[0], quad[1], quad[3]):
            if isinstance(term, BNode) and term not in numbers:
                numbers[term] = len(numbers) + 1

    def skolem(term: _Term) -> _Term:
        return _Iri(f"{prefix}{numbers[term]}") if isinstance(term, BNode) else term

    return [(skolem(g), skolem(s), p, skolem(o)) for g, s, p, o in quads]


def _map(quad: _Quad, change: Callable[[Node | None], _Term]) -> _Work:
    return (change(quad[0]), change(quad[1]), change(quad[2]), change(quad[3]))


def _utf16(text: str) -> bytes:
    """Sort key that orders strings as Java's String.compareTo does (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def _object_key(term: _Term) -> tuple[Any, ...]:
    if isinstance(term, Literal):
        language = term.language
        datatype = None if language else str(term.datatype or XSD.string)
        return (
            1,
            _utf16(str(term)),
            (0, b"") if datatype is None else (1, _utf16(datatype)),
            (0, b"") if language is None else (1, _utf16(language.lower())),
        )
    return (0, _utf16(str(term)))


def _quad_key(quad: _Work) -> tuple[Any, ...]:
    graph, subject, predicate, obj = quad
    return (
        (0, b"") if graph is None else (1, _utf16(str(graph))),
        _utf16(str(subject)),
        _utf16(str(predicate)),
        _object_key(obj),
    )


def _line(term: _Term) -> str:
    if term is None:
        return "\n"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace("\n", "\\n")
        if term.language:
            return f"@{term.language.lower()} {text}\n"
        return f"^{term.datatype or XSD.string} {text}\n"
    if isinstance(term, BNode):
        raise InputError(f"blank node _:{term} left in a dataset being hashed")
    return f"{term}\n"


def digest_input(quads: Iterable[_Work]) -> bytes:
    """Return the bytes RA feeds to SHA-256 for already normalised quads (for debugging).

    >>> digest_input([(None, URIRef("urn:s"), URIRef("urn:p"), Literal("o"))])
    b'\\nurn:s\\nurn:p\\n^http://www.w3.org/2001/XMLSchema#string o\\n'
    """
    lines: list[str] = []
    previous = None
    for quad in sorted(quads, key=_quad_key):
        line = "".join(_line(term) for term in quad)
        if line != previous:
            lines.append(line)
        previous = line
    return "".join(lines).encode("utf-8")


def _code(quads: list[_Work]) -> str:
    digest = hashlib.sha256(digest_input(quads)).digest()
    return MODULE_ID + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _fill(term: _Term, code: str) -> Any:
    if isinstance(term, _Iri):
        return URIRef(term.replace(_HOLE, code))
    return term


def _unfill(term: Node | None, code: str) -> _Term:
    if isinstance(term, URIRef):
        return _Iri(str(term).replace(code, _HOLE))
    return term


__all__ = [
    "CLASSIC",
    "CODE_LENGTH",
    "MODULE_ID",
    "SLASH",
    "UriStyle",
    "artifact_code_of",
    "digest_input",
    "make_trusty",
    "read_exact",
    "verify_file",
    "verify_trusty",
]
