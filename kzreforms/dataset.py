"""Loading RDF files into one rdflib :class:`~rdflib.Dataset` with named graphs.

The packaged sources go into three named graphs (see :data:`GRAPHS`). A user's
own files in any syntax rdflib reads go into the default graph (triple
formats) or keep their named graphs (N-Quads, TriG, JSON-LD with graphs).
Nothing here touches the network: JSON-LD contexts other than the project's
own are refused, not fetched.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from os import PathLike
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers.jsonld import Parser as JsonLdParser
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.shared.jsonld.context import Context

from .errors import InputError, RemoteContextError, one_line, raised_in
from .formats import Format, InputFormatName, get_format, input_format_for
from .graphs import new_dataset, union_graph
from .inputcheck import check_entities, check_terms, rdflib_warnings, triple_term_hint
from .namespaces import BASE, CONTEXT_IRI, GRAPHS
from .resources import KINDS, SELECTIONS, GraphName, Graphs, context_path, rdf_files
from .terms import rdflib_quads

__all__ = [
    "BASE",
    "CONTEXT_IRI",
    "GRAPHS",
    "as_dataset",
    "graphs_of",
    "jsonld_context",
    "load",
    "load_graph",
    "load_packaged",
    "select",
]


def jsonld_context() -> dict[str, Any]:
    """Return the project's JSON-LD context (the value of its ``@context`` key).

    Each call returns a fresh copy: a caller may change it without changing the next one's.

    >>> jsonld_context()["kzr"]
    'https://w3id.org/kzreforms/ontology#'
    """
    return copy.deepcopy(_packaged_context())


@cache
def _packaged_context() -> dict[str, Any]:
    document = json.loads(context_path().read_text(encoding="utf-8"))
    context = document.get("@context", document)
    if not isinstance(context, dict):
        raise InputError(f"{context_path()}: the @context must be a JSON object")
    return context


def load(
    paths: str | Path | Sequence[str | Path] | None = None,
    *,
    input_format: InputFormatName | None = None,
) -> Dataset:
    """Load RDF into one :class:`~rdflib.Dataset`.

    With no ``paths``, load the packaged ontology, data and shapes, each into
    its named graph in :data:`GRAPHS`. Otherwise load the given files (syntax
    from the extension, or ``input_format`` for all of them); one path may be
    given alone. Relative IRIs in a file resolve against the file's own
    ``file:`` URI, as RDF syntaxes specify; write absolute IRIs for output
    that does not depend on where a file sits.

    :raises InputError: a file is missing, empty, not UTF-8 or not valid RDF;
        the message names the file and, where known, the line.

    >>> ds = load()
    >>> len(ds.graph(GRAPHS["data"])) > 0
    True
    """
    if paths is None:
        return load_packaged(KINDS)
    if isinstance(paths, str | Path):
        paths = [paths]
    dataset = new_dataset()
    if not paths:
        raise InputError("no input files given")
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            raise InputError(f"{path}: is a folder; give RDF files, not folders")
        fmt = input_format_for(path, input_format)
        _parse_into(dataset, dataset.default_graph, path, fmt)
    return dataset


def load_packaged(kinds: Sequence[str] = KINDS) -> Dataset:
    """Load some of the packaged graphs (``ontology``, ``data``, ``shapes``) into a dataset.

    >>> [str(g.identifier) for g in load_packaged(["shapes"]).graphs() if len(g)]
    ['https://w3id.org/kzreforms/graph/shapes']
    """
    dataset = new_dataset()
    for kind in kinds:
        target = dataset.graph(GRAPHS[kind])
        for path in rdf_files(kind):
            _parse_into(dataset, target, path, get_format("turtle"))
    return dataset


def load_graph(
    paths: str | Path | Sequence[str | Path], *, input_format: InputFormatName | None = None
) -> Graph:
    """Load files (any syntax) into one graph: the union of all their graphs.

    >>> len(load_graph(rdf_files("shapes"))) > 0
    True
    """
    return union_graph(list(load(paths, input_format=input_format).graphs()))


def as_dataset(dataset: Dataset | Graph | None) -> Dataset:
    """Return ``dataset`` as a dataset: the packaged one for None, a graph as its default graph.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="turtle")
    >>> len(as_dataset(g).default_graph)
    1
    """
    if dataset is None:
        return load()
    if isinstance(dataset, Dataset):
        return dataset
    if isinstance(dataset, str | PathLike):
        raise InputError(
            f"dataset is {dataset!r}, not an rdflib Dataset or Graph: read files with "
            "kzreforms.load(paths), and give a destination as output=...",
            parameter="dataset",
        )
    if not isinstance(dataset, Graph):
        raise InputError(
            f"expected an rdflib Dataset or Graph, not {type(dataset).__name__}",
            parameter="dataset",
        )
    graph, dataset = dataset, new_dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace, override=False)
    dataset.default_graph.__iadd__(graph)
    return dataset


def graph_names(graphs: Graphs) -> list[GraphName]:
    """Return the graph names of ``graphs`` (a name or several), checked, without repeats.

    >>> graph_names("data"), graph_names(["shapes", "data", "shapes"])
    (['data'], ['shapes', 'data'])
    """
    names = [graphs] if isinstance(graphs, str) else list(graphs)
    for name in names:
        if name not in SELECTIONS:
            raise InputError(
                f"unknown graph {name!r}: choose one of {', '.join(SELECTIONS)}",
                parameter="graphs",
            )
    if not names:
        raise InputError("no graph named: give a graph name, or 'all'", parameter="graphs")
    return list(dict.fromkeys(names))


def graphs_of(dataset: Dataset | Graph | None = None, *, graphs: Graphs = "all") -> list[Graph]:
    """Return the non-empty graphs of ``dataset`` that ``graphs`` names, sorted by IRI.

    ``graphs`` is ``"data"``, ``"context"``, ``"ontology"``, ``"shapes"`` (the
    packaged graphs), several of them, or ``"all"`` (every graph, the default
    graph included).

    >>> [str(g.identifier) for g in graphs_of(load(), graphs="data")]
    ['https://w3id.org/kzreforms/graph/data']
    """
    names = graph_names(graphs)
    source = as_dataset(dataset)
    if "all" in names:
        found = [g for g in source.graphs() if len(g)]
    else:
        found = []
        for name in names:
            graph = source.graph(GRAPHS[name])
            if not len(graph):
                raise InputError(
                    f"the input has no {name} graph <{GRAPHS[name]}>; "
                    "use graphs='all' for your own files",
                    parameter="graphs",
                )
            found.append(graph)
    return sorted(
        found, key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier))
    )


def select(dataset: Dataset | Graph | None = None, *, graphs: Graphs = "all") -> Graph:
    """Return one graph of ``dataset``, or the union of the graphs ``graphs`` names.

    >>> len(select(load(), graphs="all")) >= len(select(load(), graphs="data"))
    True
    """
    found = graphs_of(dataset, graphs=graphs)
    return found[0] if len(found) == 1 else union_graph(found)


# --------------------------------------------------------------------------- parsing


def _parse_into(dataset: Dataset, target: Graph, path: Path, fmt: Format) -> None:
    """Parse one file into ``target`` (triples) or ``dataset`` (quads), translating errors."""
    raw = _read(path)
    text = _decode(raw, path, fmt)
    public_id = path.resolve().as_uri()
    # Parse straight into the dataset when it is still empty (no copy: large files
    # load once); otherwise into a scratch dataset, so that "no triples" is exact.
    direct = not any(len(graph) for graph in dataset.graphs()) and (
        not fmt.quads or target.identifier == DATASET_DEFAULT_GRAPH_ID
    )
    scratch = dataset if direct else new_dataset()
    sink = target if direct else scratch.default_graph
    with _parse_errors(path, fmt, text), rdflib_warnings(path):
        if text is None or not _parse_fast(scratch, sink, text, fmt, public_id):
            _parse(scratch, sink, raw if text is None else text, path, fmt, public_id)
    check_terms(scratch.quads((None, None, None, None)), path, text)
    if not any(len(graph) for graph in scratch.graphs()):
        raise InputError(
            f"{path}: no RDF triples found; is it really {fmt.title}? "
            "Pass input_format to name its syntax",
            parameter="input_format",
        )
    if not direct:
        _merge(scratch, dataset, target)


def read_text(path: Path, fmt: Format) -> str | None:
    """The text of a file in ``fmt``, or None for RDF/XML (read as bytes).

    :raises InputError: the file is missing, unreadable, empty or not UTF-8.
    """
    return _decode(_read(path), path, fmt)


def _read(path: Path) -> bytes:
    """The bytes of ``path``, or an error saying why they cannot be read; never empty."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file; check the path") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder; give RDF files, not folders") from err
    except PermissionError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror}); check its permissions") from err
    except OSError as err:
        raise InputError(f"{path}: cannot be opened ({err.strerror}); check the path") from err
    if not raw.strip():
        raise InputError(f"{path}: the file is empty; give a file that contains RDF")
    return raw


def _decode(raw: bytes, path: Path, fmt: Format) -> str | None:
    """The text of a file, or None for RDF/XML (parsed as bytes, once its entities are checked)."""
    if fmt.name == "xml":
        check_entities(raw, path)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 text (byte {err.start}); save the file as UTF-8"
        ) from err


@contextmanager
def _parse_errors(path: Path, fmt: Format, text: str | None) -> Iterator[None]:
    """Turn what a parser raises for bad input into an :class:`InputError` naming the line."""
    try:
        yield
    except InputError:
        raise
    except BadSyntax as err:
        assert text is not None
        hint = triple_term_hint(text, err.lines + 1)
        if not hint:
            where, what = f"{path}:{err.lines + 1}", f"{fmt.title} syntax error"
            raise _syntax_error(where, what, err._why) from err
        raise InputError(f"{path}:{err.lines + 1}: {fmt.title} syntax error: {hint}") from err
    except SAXParseException as err:
        where = f"{path}:{err.getLineNumber()}"
        raise _syntax_error(where, "RDF/XML error", err.getMessage()) from err
    except _PARSER_ERRORS as err:
        if not raised_in(err, "rdflib"):
            raise  # a bug of kzreforms' own, not bad input
        bad_line = _first_bad_line(text, fmt) if text and fmt.name in ("nt", "nq") else None
        where = f"{path}:{bad_line}" if bad_line else str(path)
        what = f"not valid {fmt.title}"
        raise _syntax_error(where, what, str(err) or type(err).__name__) from err


def _parse(
    scratch: Dataset, sink: Graph, data: str | bytes, path: Path, fmt: Format, public_id: str
) -> None:
    if fmt.name == "json-ld":
        assert isinstance(data, str)
        _parse_jsonld(scratch, data, path, public_id)
    elif fmt.quads:
        scratch.parse(data=data, format=fmt.rdflib_name, publicID=public_id)
    elif fmt.name == "nt":
        # N-Triples is a subset of Turtle; rdflib's N-Triples parser takes
        # quadratic time on long literals, its Turtle parser does not.
        sink.parse(data=data, format="turtle", publicID=public_id)
    else:
        sink.parse(data=data, format=fmt.rdflib_name, publicID=public_id)


#: What pyoxigraph would read differently from rdflib: an explicit ``^^xsd:string`` (it drops
#: it), a language tag with capitals (it lowers them) or a direction (rdflib has none).
#: Searched one by one (:func:`rdflib_reads_otherwise`): each starts with fixed characters,
#: which ``re`` looks for quickly; their alternation reads every character, at 3x the time.
RDFLIB_ONLY = (r"XMLSchema#string>", r'"@[A-Za-z0-9-]*(?:[A-Z]|--)')


def rdflib_reads_otherwise(text: str) -> bool:
    """Whether ``text`` holds something of :data:`RDFLIB_ONLY`.

    >>> rdflib_reads_otherwise('<urn:a> <urn:b> "x"@EN .'), rdflib_reads_otherwise('"x"@en')
    (True, False)
    """
    return any(re.search(pattern, text) for pattern in RDFLIB_ONLY)


def _parse_fast(scratch: Dataset, sink: Graph, text: str, fmt: Format, public_id: str) -> bool:
    """Parse N-Triples or N-Quads with pyoxigraph into rdflib terms; False to let rdflib do it.

    pyoxigraph reads a line format many times faster than rdflib's Turtle parser
    and makes the same rdflib terms (the same warnings too, as rdflib makes each
    term). Anything it refuses, or would read otherwise (see :data:`RDFLIB_ONLY`),
    goes to rdflib's parser, whose errors name the line. Nothing is added on refusal.
    """
    if fmt.writer != "lines" or rdflib_reads_otherwise(text):  # N-Triples, N-Quads
        return False
    import pyoxigraph as ox

    syntax = ox.RdfFormat.N_QUADS if fmt.quads else ox.RdfFormat.N_TRIPLES
    try:
        quads = rdflib_quads(ox.parse(text, format=syntax, base_iri=public_id), fresh_blanks=True)
    except Exception:  # noqa: BLE001 - a syntax error, a line past pyoxigraph's buffer, a triple term
        return False
    store, graphs = scratch.store, {None: sink}
    for s, p, o, name in quads:
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = scratch.graph(name)
        store.add((s, p, o), graph, quoted=False)
    return True


def _merge(scratch: Dataset, dataset: Dataset, target: Graph) -> None:
    for prefix, namespace in scratch.namespaces():
        dataset.bind(prefix, namespace, override=False)
    for graph in scratch.graphs():
        if not len(graph):
            continue
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            destination = target
        else:
            destination = dataset.graph(graph.identifier)
        destination += graph


#: What rdflib's parsers raise for bad input, besides BadSyntax (Turtle, TriG, N3) and
#: SAXParseException (RDF/XML): its ParserError (N-Triples, N-Quads, RDF/XML), ValueError
#: (JSON-LD's JSONLDException, term checks), and from the JSON-LD processor, which does not
#: check the shape of what it reads, whatever a value of the wrong type trips (a number
#: where a string belongs: TypeError; a list where an object belongs: AttributeError …),
#: and RecursionError for input nested deeper than its recursive descent goes.
#: Only when raised inside rdflib: the same types from kzreforms' own code are bugs.
_PARSER_ERRORS = (
    ParserError,
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    RecursionError,
)


def _syntax_error(where: str, what: str, detail: object) -> InputError:
    """The error for a file that does not parse: where, what is wrong, and what to do."""
    return InputError(
        f"{where}: {what}: {one_line(detail)}; "
        "fix the file, or pass input_format if it is in another syntax",
        parameter="input_format",
    )


def _first_bad_line(text: str, fmt: Format) -> int | None:
    """Find the first line a line-based parser rejects (N-Triples/N-Quads)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            new_dataset().parse(data=line, format=fmt.rdflib_name)
        except (ParserError, BadSyntax):
            return number
    return None


# --------------------------------------------------------------------------- JSON-LD safety


def _parse_jsonld(dataset: Dataset, text: str, path: Path, public_id: str) -> None:
    """Parse JSON-LD (contexts inline only) and refuse node IRIs that rdflib would drop."""
    parser = _ReportingJsonLdParser()
    parser.parse(_safe_jsonld(text, path), Context(base=public_id, version=1.1), dataset)
    if parser.dropped:
        bad = parser.dropped[0]
        line = text.find(json.dumps(bad, ensure_ascii=False))
        where = f"{path}:{text.count(chr(10), 0, line) + 1}" if line >= 0 else str(path)
        more = f" (and {len(parser.dropped) - 1} more)" if len(parser.dropped) > 1 else ""
        raise InputError(
            f"{where}: the JSON-LD @id {one_line(json.dumps(bad, ensure_ascii=False), 100)} "
            f"is not a valid IRI{more}, so its statements would be lost; fix it "
            "(percent-encode spaces as %20)"
        )


class _ReportingJsonLdParser(JsonLdParser):
    """rdflib's JSON-LD to RDF step, noting each node @id it would drop in silence."""

    def __init__(self) -> None:
        super().__init__(generalized_rdf=False)
        self.dropped: list[str] = []

    def _to_rdf_id(self, context: Context, id_val: str) -> Any:
        node = super()._to_rdf_id(context, id_val)
        if node is None:
            self.dropped.append(id_val)
        return node


def _safe_jsonld(text: str, path: Path) -> Any:
    """Return the JSON-LD document with all its contexts inline; refuse any remote context."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{path}:{err.lineno}: not valid JSON ({err.msg}, column {err.colno}); fix the file"
        ) from err
    except RecursionError as err:
        raise InputError(
            f"{path}: the JSON is nested deeper than Python can read; flatten the document"
        ) from err
    return _inline_contexts(document, path)


def _inline_contexts(node: Any, path: Path) -> Any:
    if isinstance(node, list):
        return [_inline_contexts(item, path) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@context":
            out[key] = _resolve_context(value, path)
        else:
            out[key] = _inline_contexts(value, path)
    return out


def _resolve_context(value: Any, path: Path) -> Any:
    if isinstance(value, list):
        return [_resolve_context(item, path) for item in value]
    if isinstance(value, str):
        if value == CONTEXT_IRI:
            return jsonld_context()
        raise RemoteContextError(
            f"{path}: the JSON-LD context {value!r} would have to be fetched over the network, "
            "which kzreforms never does; embed that context in the file instead"
        )
    if isinstance(value, dict):
        if "@import" in value:
            raise RemoteContextError(
                f"{path}: the JSON-LD context imports {value['@import']!r} over the network, "
                "which kzreforms never does; embed that context in the file instead"
            )
        return {
            key: _resolve_context(item, path) if key == "@context" else _inline_contexts(item, path)
            for key, item in value.items()
        }
    return value
