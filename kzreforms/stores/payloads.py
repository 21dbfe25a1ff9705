"""What a load sends: one N-Triples body per target graph, in Oxigraph's canonical form.

Bodies are written by pyoxigraph's serializer (one triple a line, one spelling
for each term), so the graph read back from a store can be compared with what
was sent line by line (:func:`kzreforms.stores.verify.compare_bodies`).

Two ways in: an rdflib :class:`~rdflib.Dataset` (what :func:`kzreforms.load`
returns), or RDF files that pyoxigraph parses itself (N-Triples, N-Quads,
Turtle, TriG), which skips the rdflib round trip. A file the fast path is not
sure about (a syntax error, an empty file, an RDF 1.2 triple term, an
ill-typed literal) goes through :func:`kzreforms.load` instead, so that its
error or warning is exactly the one every other command gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..errors import InputError
from ..formats import InputFormatName, input_format_for
from ..namespaces import GRAPH_IRIS
from ..resources import SELECTIONS, GraphName
from .verify import line_set

if TYPE_CHECKING:  # pragma: no cover - rdflib is imported only for a dataset's payloads
    import pyoxigraph
    from rdflib import Dataset, Graph

#: The longest N-Triples line Oxigraph's parser takes (it reads back every load, too).
MAX_LINE = 16 * 1024 * 1024

#: Syntaxes pyoxigraph parses for the fast path (rdflib parser name → pyoxigraph format name).
_FAST = {"nt": "N_TRIPLES", "nquads": "N_QUADS", "turtle": "TURTLE", "trig": "TRIG"}
#: Lexical forms that are valid beyond doubt (any other typed literal: the rdflib path).
_SURE = {
    b"string": re.compile(rb".*", re.S),
    b"double": re.compile(rb"-?[0-9]{1,15}(\.[0-9]{1,15})?([eE]-?[0-9]{1,3})?"),
    b"integer": re.compile(rb"-?[0-9]{1,18}"),
    b"nonNegativeInteger": re.compile(rb"[0-9]{1,18}"),
    b"decimal": re.compile(rb"-?[0-9]{1,18}(\.[0-9]{1,18})?"),
    b"gYear": re.compile(rb"[12][0-9]{3}"),
    b"boolean": re.compile(rb"true|false"),
}
_NEVER = re.compile(rb"(?!)")
_TYPED = re.compile(rb'"([^"\\\n]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#(\w+)>')


@dataclass(frozen=True)
class Payload:
    """One graph to send: its target IRI (``None``: the default graph) and N-Triples body."""

    iri: str | None
    body: bytes
    triples: int

    @property
    def name(self) -> str:
        return f"<{self.iri}>" if self.iri else "the default graph"

    @cached_property
    def lines(self) -> set[bytes]:
        """The body's distinct lines (its triples), split once: what a read-back is compared to."""
        return line_set(self.body)


def check_choice(
    selections: Sequence[str], graph_iri: str | None, graph_iris: Mapping[str, str]
) -> list[str]:
    """Refuse an unknown graph name or target IRI before anything is read; return the names."""
    chosen = [selections] if isinstance(selections, str) else list(selections)
    for selection in chosen:
        if selection not in SELECTIONS:
            raise InputError(
                f"unknown graph {selection!r}: choose from {', '.join(SELECTIONS)}",
                parameter="graphs",
            )
    for parameter, iri in [
        ("graph_iri", graph_iri),
        *(("graph_iris", v) for v in graph_iris.values()),
    ]:
        if iri is not None and not _is_absolute_iri(iri):
            raise InputError(
                f"{iri!r} is not an absolute IRI; give e.g. https://example.org/g",
                parameter=parameter,
            )
    unknown = set(graph_iris) - set(GRAPH_IRIS)
    if unknown:
        raise InputError(
            f"cannot rename graph {sorted(unknown)[0]!r}: choose from {', '.join(GRAPH_IRIS)}",
            parameter="graph_iris",
        )
    return chosen


def from_dataset(
    dataset: Dataset, selections: list[str], graph_iri: str | None, graph_iris: Mapping[str, str]
) -> list[Payload]:
    """One payload per chosen graph of an rdflib dataset (or one for ``graph_iri``)."""
    from ..dataset import graphs_of

    chosen: list[Graph] = []
    for selection in selections:
        for graph in sorted(
            graphs_of(dataset, graphs=cast("GraphName", selection)), key=lambda g: _order(_key(g))
        ):
            if all(graph.identifier != seen.identifier for seen in chosen):
                chosen.append(graph)
    bodies = {_key(graph): canonical(_rdflib_nt(graph), _key(graph)) for graph in chosen}
    return _targets(bodies, graph_iri, graph_iris)


def _key(graph: Graph) -> str | None:
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return None if graph.identifier == DATASET_DEFAULT_GRAPH_ID else str(graph.identifier)


def _order(key: str | None) -> tuple[int, int, str]:
    """Send order: the default graph, the packaged graphs in :data:`GRAPH_IRIS` order, the rest."""
    packaged = list(GRAPH_IRIS.values())
    if key is None:
        return (0, 0, "")
    if key in packaged:
        return (1, packaged.index(key), key)
    return (2, 0, key)


def from_files(
    paths: Sequence[Path],
    *,
    input_format: InputFormatName | None,
    selections: list[str],
    graph_iri: str | None,
    graph_iris: Mapping[str, str],
) -> list[Payload] | None:
    """Payloads parsed by pyoxigraph straight from files; ``None`` when they need rdflib."""
    bodies = _parse_files(paths, input_format)
    if bodies is None:
        return None
    keys: list[str | None] = []
    for selection in selections:
        if selection == "all":
            found = sorted(bodies, key=_order)
        else:
            iri = GRAPH_IRIS[selection]
            if iri not in bodies:
                raise InputError(
                    f"the input has no {selection} graph <{iri}>; choose 'all' for your own files",
                    parameter="graphs",
                )
            found = [iri]
        keys.extend(k for k in found if k not in keys)
    return _targets({k: bodies[k] for k in keys}, graph_iri, graph_iris)


def _targets(
    bodies: dict[str | None, bytes], graph_iri: str | None, graph_iris: Mapping[str, str]
) -> list[Payload]:
    if graph_iri is not None:
        lines = dict.fromkeys(
            line for body in bodies.values() for line in body.splitlines(keepends=True)
        )
        return [_payload(graph_iri, b"".join(lines))]
    kinds = {iri: kind for kind, iri in GRAPH_IRIS.items()}
    out = []
    for key, body in bodies.items():
        kind = kinds.get(key) if key is not None else None
        out.append(_payload(graph_iris.get(kind, key) if kind else key, body))
    return out


def _payload(iri: str | None, body: bytes) -> Payload:
    return Payload(iri, body, body.count(b"\n"))


def canonical(body: bytes, iri: str | None = None, *, rename: bool = False) -> bytes:
    """N-Triples as pyoxigraph writes it: the same triples, one spelling per term."""
    import pyoxigraph

    _check_line_lengths(body, iri)
    quads = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES, rename_blank_nodes=rename)
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""


def _rdflib_nt(graph: Graph) -> bytes:
    """A graph as N-Triples by rdflib's own serializer (order does not matter to a store)."""
    return graph.serialize(format="nt", encoding="utf-8")


def _check_line_lengths(body: bytes, iri: str | None) -> None:
    """Refuse, before anything is written, a triple longer than the parser's buffer."""
    if len(body) <= MAX_LINE or not _may_have_long_line(body):
        return
    name = f"<{iri}>" if iri else "the default graph"
    start = 0
    while start < len(body):
        end = body.find(b"\n", start)
        end = len(body) if end < 0 else end
        if end - start > MAX_LINE:
            subject = body[start : min(end, start + 200)].split(b" ", 1)[0].decode()
            raise InputError(
                f"a triple of {subject} in {name} is {(end - start) / 2**20:.0f} MiB "
                f"long; kzreforms loads and checks literals of up to "
                f"{MAX_LINE // 2**20} MiB: split the text or keep it in a file"
            )
        start = end + 1


def _may_have_long_line(body: bytes) -> bool:
    """Whether some piece of half the longest line has no line end: a longer line must hold one.

    >>> _may_have_long_line(b"a\\n" * MAX_LINE), _may_have_long_line(b"a" * (MAX_LINE + 1))
    (False, True)
    """
    half = MAX_LINE // 2
    return any(body.find(b"\n", start, start + half) < 0 for start in range(0, len(body), half))


def _is_absolute_iri(text: str) -> bool:
    scheme, _, rest = text.partition(":")
    return (
        bool(scheme)
        and scheme[0].isalpha()
        and bool(rest)
        and not any(c in text for c in ' <>"{}|^`\\')
    )


# --------------------------------------------------------------------------- the fast path


class _NotFast(Exception):
    """The files need rdflib's reader (for its exact error or warning)."""


def _parse_files(
    paths: Sequence[Path], input_format: InputFormatName | None
) -> dict[str | None, bytes] | None:
    """Each graph of the files as canonical N-Triples (default graph: key ``None``)."""
    import pyoxigraph

    try:
        formats = [(path, input_format_for(path, input_format).rdflib_name) for path in paths]
        if any(fmt not in _FAST or not path.is_file() for path, fmt in formats):
            return None
        if all(fmt in ("nt", "turtle") for _, fmt in formats):
            pieces = [_triples_of(path, fmt) for path, fmt in formats]
            body = pieces[0] if len(pieces) == 1 else b"".join(pieces)
            if len(pieces) > 1 or _has_duplicates(body):
                body = b"".join(dict.fromkeys(body.splitlines(keepends=True)))
            bodies: dict[str | None, bytes] = {None: body}
        else:
            bodies = _graphs_of(pyoxigraph.Dataset(_quads(formats)))
    except (_NotFast, SyntaxError, OSError, ValueError, MemoryError, InputError):
        return None
    if any(not _plain(body) for body in bodies.values()):
        return None
    return bodies


def _triples_of(path: Path, fmt: str) -> bytes:
    """One file of triples as canonical N-Triples, parsed and written without Python in between."""
    import pyoxigraph

    quads = pyoxigraph.parse(
        path=path,
        format=getattr(pyoxigraph.RdfFormat, _FAST[fmt]),
        base_iri=path.resolve().as_uri(),
        rename_blank_nodes=True,
    )
    body = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    if not body:  # rdflib names the empty file
        raise _NotFast
    return body


def _has_duplicates(body: bytes) -> bool:
    lines = body.splitlines()
    return len(set(lines)) != len(lines)


def _quads(formats: list[tuple[Path, str]]) -> Iterator[pyoxigraph.Quad]:
    import pyoxigraph

    for path, fmt in formats:
        count = 0
        for quad in pyoxigraph.parse(
            path=path,
            format=getattr(pyoxigraph.RdfFormat, _FAST[fmt]),
            base_iri=path.resolve().as_uri(),
            rename_blank_nodes=True,
        ):
            count += 1
            yield quad
        if not count:  # rdflib names the empty file
            raise _NotFast


def _graphs_of(quads: pyoxigraph.Dataset) -> dict[str | None, bytes]:
    """Each graph of a dataset as N-Triples (a pyoxigraph Store would rewrite literals)."""
    import pyoxigraph

    names = {quad.graph_name for quad in quads}
    if any(isinstance(name, pyoxigraph.BlankNode) for name in names):
        raise _NotFast  # rdflib says what it makes of a blank graph name
    bodies: dict[str | None, bytes] = {}
    for name in sorted(names, key=lambda n: (not isinstance(n, pyoxigraph.DefaultGraph), str(n))):
        triples = (
            pyoxigraph.Triple(q.subject, q.predicate, q.object)
            for q in quads.quads_for_graph_name(name)
        )
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        bodies[None if isinstance(name, pyoxigraph.DefaultGraph) else name.value] = body
    return bodies


def _plain(body: bytes) -> bool:
    """No RDF 1.2 triple term, no XSD literal that might be ill-typed: nothing rdflib would
    refuse or warn of (a literal this cannot vouch for sends the files through rdflib)."""
    if b"<<" in body:
        return False
    try:
        _check_line_lengths(body, None)
    except InputError:
        return False
    typed = _TYPED.findall(body)
    if len(typed) != body.count(b'"^^<http://www.w3.org/2001/XMLSchema#'):
        return False  # a typed literal with an escape in it: rdflib judges it
    return all(_SURE.get(datatype, _NEVER).fullmatch(lexical) for lexical, datatype in set(typed))
