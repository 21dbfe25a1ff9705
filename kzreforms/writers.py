"""Deterministic RDF writers.

Every generated file comes from rdflib's serializers (or, for Turtle without blank
nodes, from :mod:`kzreforms.ttl`, which writes the same bytes); this module only makes
their output stable: blank nodes get canonical labels (:mod:`kzreforms.canon`), triples are fed to
the serializer in sorted order, and line-based formats are sorted afterwards,
so the same input gives byte-identical output whatever ``PYTHONHASHSEED`` is.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rdflib import Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nquads import _nq_row
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer

from .canon import canonical_labels
from .errors import InputError, one_line
from .formats import Format
from .framing import framed_document
from .graphs import Triples, make_prefixes, new_dataset
from .jsonld import Declined, Nodes, context_of, plain_jsonld, plain_nodes
from .rdfxml import plain_rdfxml
from .ttl import in_rdflib_order, plain_turtle, turtle_literal

#: How deep Turtle and TriG output nest blank nodes as ``[ … ]``.
MAX_NESTING = 16


class _Turtle(TurtleSerializer):
    """Write a number or boolean in shorthand only when it reads back as the same term.

    rdflib writes ``"5"^^xsd:decimal`` as ``5.0`` and reformats doubles, which
    changes their lexical form: a different RDF term after a round trip.
    """

    def sortProperties(self, properties: Any) -> Any:  # noqa: N802 - rdflib's name
        """rdflib's order of predicates and objects, ties between equal values broken
        (:func:`kzreforms.ttl.in_rdflib_order`)."""
        for objects in properties.values():
            objects[:] = in_rdflib_order(objects)
        return super().sortProperties(properties)

    def label(self, node: Any, position: int) -> str:
        if isinstance(node, Literal):
            return turtle_literal(node, lambda dt: self.get_pname(dt, False))
        return super().label(node, position)

    def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
        """rdflib's prefixed name, remembered (rdflib recomputes it for every use of an IRI).

        A name once found stays the same: prefixes are only ever added. "No name"
        is remembered until a call that may add a prefix (``gen_prefix``) computes anew.
        """
        names: dict[Any, str] = self.__dict__.setdefault("_pnames", {})
        found = names.get(uri)
        if found is not None:
            return found
        nameless: set[Any] = self.__dict__.setdefault("_nameless", set())
        if not gen_prefix and uri in nameless:
            return None
        if gen_prefix:
            nameless.clear()
        found = super().get_pname(uri, gen_prefix)
        if found is None:
            if not gen_prefix:
                nameless.add(uri)
        else:
            names[uri] = found
        return found

    def p_squared(self, node: Any, position: int, newline: bool = False) -> bool:
        """Nest ``[ … ]`` at most :data:`MAX_NESTING` deep; deeper blank nodes get a label.

        rdflib recurses once per level: a chain of 10,000 blank nodes would
        exceed Python's stack (and indent each line by the depth).
        """
        nesting = getattr(self, "_nesting", 0)
        if nesting >= MAX_NESTING:
            return False
        self._nesting = nesting + 1
        try:
            return bool(super().p_squared(node, position, newline))
        finally:
            self._nesting = nesting


class _TriG(_Turtle, TrigSerializer):
    """The same lossless labels for TriG (rdflib's TriG writer is its Turtle writer per graph)."""


def _turtle_like(target: Graph, quads: bool) -> bytes:
    stream = io.BytesIO()
    serializer = _TriG(target) if quads else _Turtle(target)
    serializer.serialize(stream, encoding="utf-8")
    return stream.getvalue()


class _SortedGraph(Graph):
    """A graph whose unfiltered ``subjects()`` come out sorted.

    rdflib's memory store answers a full-wildcard pattern from a set (hash
    order); the RDF/XML serializer walks ``subjects()`` and would vary between runs.
    """

    def subjects(self, predicate: Any = None, object: Any = None, unique: bool = False) -> Any:  # noqa: A002
        if predicate is None and object is None:
            return iter(sorted(set(super().subjects())))  # type: ignore[type-var]
        return super().subjects(predicate, object, unique)


def _canonical_triples(
    graphs: list[Graph], *, named: bool = True, ordered: bool = True
) -> tuple[dict[Any, Any], list[list[Any]]]:
    """Each graph's triples, sorted, with canonical blank-node labels shared across the graphs.

    Returns the labels (blank graph names included when ``named``) and the triples. The labels
    come from :func:`kzreforms.canon.canonical_labels` (bounded work,
    :class:`~kzreforms.errors.InputError` past the bound); a blank node that two
    graphs share keeps one label.
    """
    return _canonical_sets([(g.identifier, list(g)) for g in graphs], named=named, ordered=ordered)


def _canonical_sets(
    graphs: list[tuple[Any, list[Any]]], *, named: bool, ordered: bool = True
) -> tuple[dict[Any, Any], list[list[Any]]]:
    """:func:`_canonical_triples` for ``(graph name, triples)`` pairs (triples without repeats).

    ``ordered=False`` skips the sort, for a writer that sorts by itself.
    """
    quads = [
        (s, p, o, name if named and name != DATASET_DEFAULT_GRAPH_ID else None)
        for name, triples in graphs
        for s, p, o in triples
    ]
    labels: dict[Any, Any] = dict(canonical_labels(quads))
    out: list[list[Any]] = []
    arrange: Any = _in_rdflib_order if ordered else list
    for _, triples in graphs:
        if labels:
            out.append(arrange((labels.get(s, s), p, labels.get(o, o)) for s, p, o in triples))
        else:
            out.append(arrange(triples))
    return labels, out


def _in_rdflib_order(triples: Iterable[Any]) -> list[Any]:
    """The triples by subject and predicate, each one's objects in :func:`in_rdflib_order`.

    rdflib's order of literals is not transitive (numbers by value, other literals by
    datatype), so one sort of all the triples puts a predicate's objects in an order
    that depends on the rest of the graph; sorted apart, they come out the same
    whatever else the graph holds (as :mod:`kzreforms.rdfxml` writes them).
    """
    groups: defaultdict[tuple[Any, Any], list[Any]] = defaultdict(list)
    for s, p, o in triples:
        groups[(s, p)].append(o)
    return [(s, p, o) for s, p in sorted(groups) for o in in_rdflib_order(groups[(s, p)])]


def _union_triples(graphs: list[Graph]) -> list[Any]:
    """Every triple of ``graphs`` once (what :func:`union_graph` holds, without building it)."""
    if len(graphs) == 1:
        return list(graphs[0])
    seen: set[Any] = set()
    for graph in graphs:
        seen.update(graph)
    return list(seen)


def _union_namespaces(graphs: list[Graph]) -> list[tuple[str, Any]]:
    """The prefixes :func:`union_graph` would bind, sorted (an empty graph does the binding)."""
    out = Graph(bind_namespaces="none")
    for graph in graphs:
        for prefix, namespace in sorted(graph.namespaces()):
            out.bind(prefix, namespace, override=False)
    return sorted(out.namespaces())


def _namespaces(graphs: list[Graph]) -> list[tuple[str, Any]]:
    """The prefixes of the union of ``graphs``, sorted as :func:`union_graph` binds them."""
    return sorted(graphs[0].namespaces()) if len(graphs) == 1 else _union_namespaces(graphs)


def _stable_union(graphs: list[Graph], identifier: Any = None, *, ordered: bool = True) -> Graph:
    """:func:`union_graph` of ``graphs`` with canonical blank-node labels, without its copy.

    The triples are inserted in sorted order: rdflib's in-memory store iterates in
    insertion order, so a serializer that does not sort (RDF/XML) sees the same
    sequence every run. ``ordered=False`` inserts the triples unsorted: rdflib's Turtle writer sorts
    subjects, predicates and objects itself (its prefixes are made beforehand,
    see :func:`_generate_prefixes`), so the order it is given does not show.
    """
    out = _SortedGraph(identifier=identifier, bind_namespaces="none")
    # Distinct prefixes and namespaces, into an empty store.
    for prefix, namespace in _namespaces(graphs):
        out.store.bind(prefix, namespace)  # (Graph.bind checks for clashes: 4x the time)
    triples = _canonical_sets([(None, _union_triples(graphs))], named=False, ordered=ordered)[1][0]
    store, context = out.store, out
    for triple in triples:
        store.add(triple, context=context)
    return out


def _stable_dataset(graphs: list[Graph], *, ordered: bool = True) -> Dataset:
    """The graphs as one dataset, with canonical blank-node labels; ``ordered`` as for
    :func:`_stable_union`."""
    out = new_dataset()
    by_name = by_name_of(graphs)
    labels, triple_lists = _canonical_triples(by_name, ordered=ordered)
    _bind_all(out, by_name)
    for graph, triples in zip(by_name, triple_lists, strict=True):
        target = (
            out.default_graph
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID
            else out.graph(labels.get(graph.identifier, graph.identifier))
        )
        for triple in triples:
            target.add(triple)
    return out


def by_name_of(graphs: Iterable[Graph]) -> list[Graph]:
    """The graphs in the order quad formats write them: by name."""
    return sorted(graphs, key=lambda g: str(g.identifier))


def _bind_all(dataset: Dataset, graphs: list[Graph]) -> None:
    """Bind each graph's prefixes in ``dataset``, graph after graph, later ones winning."""
    for graph in graphs:
        for prefix, namespace in sorted(graph.namespaces()):
            dataset.bind(prefix, namespace, override=True, replace=True)


def _one_default_graph(graphs: list[Graph]) -> bool:
    return len(graphs) == 1 and graphs[0].identifier == DATASET_DEFAULT_GRAPH_ID


def trig_namespaces(graphs: list[Graph]) -> list[tuple[str, Any]]:
    """The prefixes :func:`_stable_dataset` of ``graphs`` binds, as the TriG writer gets them."""
    out = new_dataset()
    _bind_all(out, by_name_of(graphs))
    return list(out.namespaces())


def _line_based(graphs: list[Graph], *, quads: bool) -> bytes:
    """N-Triples (the union) or N-Quads, sorted lines: rdflib's own rows, with no graph copies."""
    if not quads:
        return _nt_text(_union_triples(graphs)).encode("utf-8")
    ordered = by_name_of(graphs)
    labels, triple_lists = _canonical_triples(ordered, ordered=False)  # the lines are sorted
    rows: set[str] = set()
    for graph, triples in zip(ordered, triple_lists, strict=True):
        name = graph.identifier
        context = None if name == DATASET_DEFAULT_GRAPH_ID else labels.get(name, name)
        rows.update(_nq_row(triple, context)[:-1] for triple in triples)  # type: ignore[no-untyped-call]
    text = _joined(rows)
    # rdflib's N-Quads writer replaces what UTF-8 cannot encode (lone surrogates) by "?".
    return text.encode("utf-8", "replace")


def _nt_text(triples: list[Any]) -> str:
    """The sorted N-Triples lines of ``triples`` (distinct), blank nodes labelled canonically."""
    relabelled = _canonical_sets([(None, triples)], named=False, ordered=False)[1][0]
    return _joined({_nt_row(triple)[:-1] for triple in relabelled})


def _joined(lines: set[str]) -> str:
    ordered = sorted(line for line in lines if line.strip())
    return "\n".join(ordered) + ("\n" if ordered else "")


def _sort_jsonld(node: Any) -> Any:
    """Order every JSON-LD array (except ``@list``) and object, so that output is stable.

    Arrays are sorted by their items' JSON (with sorted keys), objects' keys are in
    code-point order: the result does not depend on the order rdflib's JSON-LD writer
    met the triples in.
    """
    return _ordered(node)[0]


_encode_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


def _ordered(node: Any) -> tuple[Any, str]:
    """:func:`_sort_jsonld` of ``node``, and its sort key: ``json.dumps(node, sort_keys=True)``.

    The key is built from the keys of the parts, so each part is encoded once,
    however deep it sits (``json.dumps`` per array item encoded each subtree
    once per level above it).
    """
    if isinstance(node, dict):
        items: list[tuple[str, Any, str]] = []
        for key, value in node.items():
            if key in ("@list", "@context"):
                encoded = json.dumps(value, sort_keys=True, ensure_ascii=False)
            else:
                value, encoded = _ordered(value)
            items.append((key, value, encoded))
        items.sort(key=_first)
        text = ", ".join(f"{_encode_string(key)}: {encoded}" for key, _, encoded in items)
        return {key: value for key, value, _ in items}, "{" + text + "}"
    if isinstance(node, list):
        parts = sorted((_ordered(item) for item in node), key=_second)
        return [value for value, _ in parts], "[" + ", ".join(key for _, key in parts) + "]"
    if isinstance(node, str):
        return node, _encode_string(node)
    return node, json.dumps(node)


def indented_json(node: Any, *, sort_keys: bool = False) -> str:
    """``json.dumps(node, indent=2, ensure_ascii=False, sort_keys=…)``, several times faster.

    json.dumps indents in pure Python; here each part is joined by C string
    methods and indented one step per level (an encoded JSON string holds no
    raw line break, so indenting every line break is exact).
    """
    if isinstance(node, dict):
        if not node:
            return "{}"
        items = sorted(node.items()) if sort_keys else node.items()
        body = ",\n".join(
            f"{_encode_string(key)}: {indented_json(value, sort_keys=sort_keys)}"
            for key, value in items
        )
        return "{\n  " + body.replace("\n", "\n  ") + "\n}"
    if isinstance(node, list | tuple):
        if not node:
            return "[]"
        body = ",\n".join(indented_json(value, sort_keys=sort_keys) for value in node)
        return "[\n  " + body.replace("\n", "\n  ") + "\n]"
    if isinstance(node, str):
        return _encode_string(node)
    return json.dumps(node)


def _first(item: tuple[str, Any, str]) -> str:
    return item[0]


def _second(pair: tuple[Any, str]) -> str:
    return pair[1]


def serialize(
    graphs: list[Graph],
    fmt: Format,
    *,
    context: dict[str, Any] | None = None,
    context_ref: str | None = None,
) -> bytes:
    """Serialize ``graphs`` deterministically as ``fmt`` and return UTF-8 bytes.

    Quad formats keep each graph as a named graph (JSON-LD only when there are
    several); triple formats receive their union.
    For JSON-LD, ``context`` (a JSON-LD context object) compacts the output and is
    embedded in it, so that any processor reads it offline; ``context_ref``, when
    given, replaces the embedded context by that IRI. ``jsonld-framed`` is the
    framed view of :mod:`kzreforms.framing`.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data="<urn:a> <urn:b> 1 .", format="turtle")
    >>> from kzreforms.formats import get_format
    >>> serialize([g], get_format("nt"))
    b'<urn:a> <urn:b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
    """
    keep_graphs = fmt.quads and (fmt.rdflib_name != "json-ld" or len(graphs) > 1)
    if fmt.writer == "framed":
        return _framed(graphs, keep_graphs, context=context or {}, context_ref=context_ref)
    if fmt.writer == "lines":
        return _line_based(graphs, quads=fmt.quads)
    if fmt.writer == "json-ld":
        try:
            return _jsonld(graphs, keep_graphs, context=context, context_ref=context_ref)
        except RecursionError as err:  # rdflib's JSON-LD writer recurses once per nested blank node
            raise InputError(
                "the blank nodes nest deeper than rdflib's JSON-LD writer can follow "
                "(a chain of thousands); export this data as Turtle or N-Triples instead"
            ) from err
    if fmt.writer == "turtle" and not fmt.quads:
        data = plain_turtle(_union_triples(graphs), _namespaces(graphs))
        if data is not None:  # no blank nodes: written directly, the bytes rdflib writes
            return data
    if fmt.writer == "rdflib" and fmt.rdflib_name == "xml":
        data = plain_rdfxml(_union_triples(graphs), _namespaces(graphs))
        if data is not None:  # no blank nodes: written directly, the bytes rdflib writes
            return data
    if fmt.writer == "turtle" and fmt.quads and _one_default_graph(graphs):
        data = plain_turtle(graphs[0], trig_namespaces(graphs), trig=True)
        if data is not None:  # TriG of a default graph alone: the same
            return data
    # rdflib's Turtle and TriG writers sort subjects, predicates and objects themselves.
    ordered = fmt.writer != "turtle"
    target: Graph = (
        _stable_dataset(graphs, ordered=ordered)
        if keep_graphs
        else _stable_union(graphs, ordered=ordered)
    )
    if fmt.writer in ("turtle", "rdflib"):  # Turtle, TriG, RDF/XML
        _generate_prefixes(target, strict=fmt.writer == "rdflib")
    if fmt.writer == "turtle":
        return _turtle_like(target, quads=fmt.quads)
    try:
        return target.serialize(format=fmt.rdflib_name, encoding="utf-8")
    except ValueError as err:  # rdflib's RDF/XML writer: a predicate with no XML name
        if "strict format" not in str(err):
            raise
        raise InputError(
            f"RDF/XML needs an XML name for every predicate: {one_line(err)}; "
            "export this data as Turtle or N-Triples instead"
        ) from err


def _generate_prefixes(target: Graph, *, strict: bool) -> None:
    """:func:`~kzreforms.graphs.make_prefixes` for the predicates of ``target``."""
    # A dataset's predicates() are its default graph's: those of the named graphs count too.
    if isinstance(target, Dataset):
        predicates = {q[1] for q in target.quads((None, None, None, None))}
    else:
        predicates = set(target.predicates())
    make_prefixes(target.namespace_manager, predicates, strict=strict)


def _jsonld(
    graphs: list[Graph],
    keep_graphs: bool,
    *,
    context: dict[str, Any] | None,
    context_ref: str | None,
) -> bytes:
    """JSON-LD from rdflib's writer, put in order (:func:`_sort_jsonld`) and indented.

    The order is made afterwards, so one graph compacted by ``context`` goes to the
    writer as it is (or to :func:`kzreforms.jsonld.plain_jsonld`, which gives what
    the writer gives, without blank nodes), unless its output names a blank node:
    labels must be canonical. The embedded context keeps its order, and is read and
    indented once for all the documents that share it (:func:`~kzreforms.jsonld.context_of`,
    :func:`_indented_context`).
    """
    key = json.dumps(context) if context else None
    if key is not None and not keep_graphs and len(graphs) == 1:
        graph = graphs[0]  # a dataset yields quads: rdflib's route takes it
        raw = (None if graph.context_aware else plain_jsonld(graph, key)) or _rdflib_jsonld(
            graph, context, key
        )
        data = _ordered_without_blanks(raw)
        if data is not None:
            return _jsonld_document(data, context, key, context_ref)
    target = (
        _stable_dataset(graphs, ordered=False)
        if keep_graphs
        else _stable_union(graphs, ordered=False)
    )
    raw = _rdflib_jsonld(target, context, key)
    head = raw.pop("@context", None)
    return _jsonld_document(_sort_jsonld(raw), head, key, context_ref)


def jsonld_of_triples(
    triples: Triples, context: dict[str, Any], context_ref: str | None
) -> list[bytes] | None:
    """What :func:`serialize` writes as JSON-LD for one graph of ``triples``, in pieces, or None.

    Written one after the other, the pieces are the document. None where
    :func:`kzreforms.jsonld.plain_jsonld` declines, the output would name a blank
    node or a literal holds a lone surrogate: build the graph and call :func:`serialize`.
    Each node of ``@graph`` is put in order and is a piece of its own, so the document
    is never held twice.
    """
    key = json.dumps(context)
    planned = plain_nodes(triples, key)
    if planned is None:
        return None
    try:
        if planned.subjects == 1 or planned.graph_key != "@graph":  # the document is one object
            found = list(planned.nodes)
            data = _ordered_without_blanks(
                found[0] if len(found) == 1 else {planned.graph_key: found}
            )
            return None if data is None else [_jsonld_document(data, context, key, context_ref)]
        nodes = _graph_nodes(planned)
    except Declined:
        return None
    if nodes is None:
        return None
    head = _head_text(context, key, context_ref).replace("\n", "\n  ")
    nodes[-1] = nodes[-1][: -len(_NEXT)] + b"\n  ]\n}\n"
    return [f'{{\n  "@context": {head},\n  "@graph": [\n    '.encode(), *nodes]


#: What follows each node of ``@graph`` but the last.
_NEXT = b",\n    "


def _graph_nodes(planned: Nodes) -> list[bytes] | None:
    """Each node of ``@graph`` indented and followed by ``,``, in order; each one piece of the
    document. None where rdflib's route must write them (a blank node, a lone surrogate).

    Nodes are ordered by their JSON with sorted keys. Where a node's first key is its
    ``@id`` and no other node has the same ``@id``, its place among such nodes is
    decided by the ``@id``'s JSON string alone (the JSON of two nodes first differs
    inside it): each node is let go as soon as its text is made, and only that string
    is kept. Where that does not hold for every node (a term that sorts before the
    ``@id`` key; ``kzd:a`` and an IRI of scheme ``kzd``, which give one ``@id``), every
    node's whole JSON is read back from its text to order them.
    """
    written = []  # each node's sort key and its text
    ids: set[str] = set()
    whole = False
    try:
        for node in planned.nodes:
            value, encoded = _ordered(node)
            if _names_blank(encoded):
                return None
            text = indented_json(value).replace("\n", "\n    ").encode() + _NEXT
            identifier = _encode_string(value[planned.id_key])
            whole = whole or next(iter(value)) != planned.id_key or identifier in ids
            written.append((identifier, text))
            ids.add(identifier)
    except UnicodeEncodeError:
        return None
    if whole:
        written = [(_ordered(json.loads(text[: -len(_NEXT)]))[1], text) for _, text in written]
    written.sort(key=_first_of_pair)
    return [text for _, text in written]


def _first_of_pair(pair: tuple[str, Any]) -> str:
    return pair[0]


def _ordered_without_blanks(raw: dict[str, Any]) -> dict[str, Any] | None:
    """``raw`` put in order without its ``@context``; None if it names a blank node."""
    raw.pop("@context", None)
    data, encoded = _ordered(raw)
    return None if _names_blank(encoded) else data


def _names_blank(encoded: str) -> bool:
    """Whether JSON names a blank node (or holds a string starting so): its labels must
    then be made canonically, over the whole graph."""
    return '"_:' in encoded


def _jsonld_document(
    data: dict[str, Any], head: Any, key: str | None, context_ref: str | None
) -> bytes:
    """The JSON-LD document: ``head`` as its ``@context`` (or ``context_ref``), then ``data``."""
    parts = []
    if head is not None:
        parts.append('"@context": ' + _head_text(head, key, context_ref))
    parts += [f"{_encode_string(k)}: {indented_json(v)}" for k, v in sorted(data.items())]
    if not parts:
        return b"{}\n"
    body = ",\n".join(parts).replace("\n", "\n  ")
    return ("{\n  " + body + "\n}\n").encode("utf-8")


def _head_text(head: Any, key: str | None, context_ref: str | None) -> str:
    """The document's ``@context``, indented: ``context_ref``, or the context, or ``head``."""
    if key is None:  # the context rdflib made from the prefixes
        return indented_json(head)
    return indented_json(context_ref) if context_ref else _indented_context(key)


def _rdflib_jsonld(graph: Graph, context: dict[str, Any] | None, key: str | None) -> dict[str, Any]:
    """What rdflib's JSON-LD writer makes of ``graph``, before it encodes it: a JSON object.

    With a context, rdflib's ``Converter`` runs with the context read once
    (:func:`~kzreforms.jsonld.context_of`, by ``key``, the context's JSON): the writer
    itself would read the context on every call, and ``from_rdf`` rebuild it as a
    dictionary for ``@context``, which is the given context here. Without one,
    ``from_rdf`` makes a context from the prefixes, sorted here as rdflib writes it.
    """
    from rdflib.plugins.serializers.jsonld import Converter, from_rdf

    if key is not None:
        source = context_of(key)
        # rdflib's writer passes (False,) for use_native_types: a tuple, so true.
        converter = Converter(source, True, False)
        data: Any = converter.convert(graph)
        if converter.context.active:  # as from_rdf does
            if isinstance(data, list):
                data = {source.get_key("@graph"): data}
            data["@context"] = context
    else:
        data = from_rdf(graph, None, None, (False,), False, auto_compact=context is None)  # type: ignore[no-untyped-call]
        if "@context" in data:
            data["@context"] = dict(sorted(data["@context"].items()))
    if isinstance(data, list):
        data = {"@graph": data}
    return data  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def _indented_context(text: str) -> str:
    """The context whose JSON is ``text``, as :func:`indented_json` writes it, in its own order."""
    return indented_json(json.loads(text))


def _framed(
    graphs: list[Graph],
    keep_graphs: bool,
    *,
    context: dict[str, Any],
    context_ref: str | None,
) -> bytes:
    """The framed JSON-LD view, with every array below the top level in a stable order."""
    if keep_graphs:
        parts = [
            (
                None if g.identifier == DATASET_DEFAULT_GRAPH_ID else str(g.identifier),
                _nt_text(list(g)),
            )
            for g in by_name_of(graphs)
        ]
    else:
        parts = [(None, _nt_text(_union_triples(graphs)))]
    document = framed_document(parts, context=context, context_ref=context_ref)

    def order(item: Any) -> Any:
        if isinstance(item, dict) and set(item) == {"@id", "@graph"}:
            return {"@id": item["@id"], "@graph": [_sort_jsonld(i) for i in item["@graph"]]}
        return _sort_jsonld(item)

    document["@graph"] = [order(item) for item in document["@graph"]]
    return (indented_json(document, sort_keys=True) + "\n").encode("utf-8")
