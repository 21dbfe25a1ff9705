"""SPARQL 1.1 queries over a dataset, with results as plain Python values.

The packaged competency questions (``queries/*.rq``) can be run by name.
"""

from __future__ import annotations

import csv
import ctypes
import dataclasses
import io
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from .dataset import load
from .errors import InputError, QueryError, one_line, raised_in
from .formats import RESULT_FORMATS, ResultFormat
from .graphs import has_dataset_clause as has_dataset_clause
from .graphs import mentions_service as mentions_service
from .graphs import offline_sparql as offline_sparql
from .graphs import refuse_service, run_query
from .resources import query_files
from .terms import is_shorthand

_NAME_PREFIX = re.compile(r"^\d+-")


@dataclass(frozen=True)
class QueryResult:
    """The answer to one SPARQL query.

    ``rows`` hold plain Python values: IRIs as ``str``, literals as their Python
    value (``int``, ``decimal.Decimal``, ``str``, ``bool``, dates), unbound as ``None``.
    """

    kind: str
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, repr=False, compare=False)
    terms: tuple[dict[str, Node | None], ...] = field(default=(), repr=False, compare=False)
    """The same rows as rdflib terms, for callers who need datatypes and language tags."""
    prefixes: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    """Prefixes the ``table`` rendering uses to shorten IRIs (the dataset's own)."""

    def serialize(self, format: ResultFormat = "table") -> str:
        """Render the result as ``table``, ``csv``, ``tsv`` or ``json`` (SPARQL 1.1 results).

        CONSTRUCT and DESCRIBE results are rendered as Turtle whatever the format.
        """
        if self.graph is not None:
            if format != "table":
                raise QueryError(
                    f"a {self.kind} query gives a graph, not a table: leave out format={format!r} "
                    "(the graph prints as Turtle)",
                    parameter="format",
                )
            from .formats import get_format
            from .writers import serialize

            return serialize([self.graph], get_format("turtle")).decode("utf-8")
        if format == "json":
            return _to_json(self)
        if format == "csv":
            return _to_csv(self)
        if format == "tsv":
            return _to_tsv(self)
        if format == "table":
            return _to_table(self)
        raise QueryError(
            f"unknown result format {format!r}: choose one of {', '.join(RESULT_FORMATS)}"
        )


def named_queries() -> dict[str, Path]:
    """Return the packaged competency questions by name: file stem, stem without number, number.

    >>> q = named_queries()
    >>> q["01"] == q["1"] == q["01-lowered-thresholds"] == q["lowered-thresholds"]
    True
    """
    names: dict[str, Path] = {}
    for path in query_files():
        names[path.stem] = path
        names.setdefault(_NAME_PREFIX.sub("", path.stem), path)
        number = path.stem.split("-", 1)[0]
        if number.isdigit():
            names.setdefault(number, path)
            names.setdefault(str(int(number)), path)
    return names


def resolve_query(text_or_name: str) -> str:
    """Return SPARQL text for a packaged query name, a ``.rq`` file path, or SPARQL itself.

    >>> resolve_query("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    >>> "SELECT" in resolve_query("1")
    True
    """
    stripped = text_or_name.strip()
    known = named_queries()
    if stripped in known:
        return known[stripped].read_text(encoding="utf-8")
    if stripped.endswith((".rq", ".sparql")) and "\n" not in stripped:
        path = Path(stripped)
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise QueryError(f"{path}: no such query file; check the path") from err
        except UnicodeDecodeError as err:
            raise QueryError(f"{path}: not UTF-8 text; save the query as UTF-8") from err
    if re.fullmatch(r"[\w-]+", stripped):
        raise QueryError(
            f"{stripped!r} is neither a packaged query nor SPARQL; "
            "call named_queries() to see the query names",
            parameter="sparql",
        )
    return text_or_name


class _Deadline(BaseException):
    """Raised inside a query that ran past its timeout (a BaseException, so no
    ``except Exception`` inside rdflib can swallow it)."""


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Interrupt the calling thread's Python code after ``seconds`` (no-op for ``None``)."""
    if seconds is None:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(_Deadline)
                )

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()


def query(
    dataset: Dataset | Graph | None = None,
    *,
    sparql: str | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query.

    The query's default graph is the union of every graph of ``dataset`` (the
    packaged dataset by default); ``GRAPH`` clauses reach the named graphs.
    ``sparql`` may also be the name of a packaged query or a ``.rq`` path.

    No query reaches the network or the file system: ``FROM <iri>`` and
    ``FROM NAMED <iri>`` pick graphs of the dataset by IRI, as SPARQL 1.1 §13.2
    defines (nothing is fetched: ``FROM <file:…>`` names a graph that is not
    there, so it is empty), and ``SERVICE`` is refused before anything runs.

    :param dataset: what :func:`kzreforms.load` returned; the packaged dataset by default.
    :param sparql: the query (required; keyword-only, so that ``query(sparql=…)`` reads
        the packaged dataset and ``query(dataset, sparql=…)`` a given one).
    :param timeout: stop the query after this many seconds.
    :raises QueryError: the query does not parse (the message gives line and column),
        asks for a remote ``SERVICE``, or ran past ``timeout``.
    :raises InputError: no ``sparql``, or a string given as ``dataset``.

    >>> query(sparql="ASK { ?s ?p ?o }").boolean
    True
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    if isinstance(dataset, str):
        raise InputError(
            "query() takes the dataset first and the query as a keyword: "
            f"pass the query as sparql={one_line(dataset, 40)!r}",
            parameter="dataset",
        )
    if sparql is None:
        raise InputError("no query given: pass it as sparql='SELECT …'", parameter="sparql")

    text = resolve_query(sparql)
    refuse_service(text)
    source = dataset if dataset is not None else load()
    try:
        prepared = prepareQuery(text, initNs=dict(source.namespaces()))
        _refuse_service(prepared.algebra)
        with _deadline(timeout):
            converted = _convert(run_query(source, prepared), text)
        prefixes = tuple(sorted((p, str(ns)) for p, ns in source.namespaces() if p))
        return dataclasses.replace(converted, prefixes=prefixes)
    except _Deadline as err:
        raise QueryError(
            f"the query did not finish within {timeout:g} s; narrow it, or raise timeout",
            parameter="timeout",
        ) from err
    except ParseException as err:
        raise QueryError(
            f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}; fix the query"
        ) from err
    except QueryError:
        raise
    except Exception as err:  # rdflib's engine raises many types for queries it cannot run
        if not raised_in(err, "rdflib", "pyparsing"):
            raise  # a bug of kzreforms' own, not a bad query
        raise QueryError(f"the query failed: {one_line(err)}") from err


def _refuse_service(node: Any) -> None:
    """Raise QueryError if the query algebra holds a ``SERVICE`` pattern (a remote call)."""
    if isinstance(node, dict):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryError(
                "the query calls a remote SERVICE, which kzreforms never does; "
                "load that data and query it locally"
            )
        for value in node.values():
            _refuse_service(value)
    elif isinstance(node, list | tuple):
        for item in node:
            _refuse_service(item)


def python_value(term: Node | None) -> Any:
    """Return an RDF term as a plain Python value, as :attr:`QueryResult.rows` hold them.

    IRIs as ``str``, literals as their Python value (the lexical form when rdflib
    has none), blank nodes as ``_:label``, unbound as None.

    >>> from rdflib import Literal, URIRef
    >>> python_value(Literal(3)), python_value(URIRef("urn:x")), python_value(None)
    (3, 'urn:x', None)
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if value is term else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _ordered_variables(names: list[str], text: str) -> tuple[str, ...]:
    """Order variables by first appearance in the query (``SELECT *`` yields them from a set)."""

    def first(name: str) -> tuple[int, str]:
        found = re.search(rf"[?$]{re.escape(name)}\b", text)
        return (found.start() if found else len(text), name)

    return tuple(sorted(names, key=first))


def _convert(result: Result, text: str = "") -> QueryResult:
    if result.type == "ASK":
        return QueryResult(kind="ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return QueryResult(kind=result.type, graph=result.graph)
    variables = _ordered_variables([str(v) for v in (result.vars or ())], text)
    terms = tuple({name: row[name] for name in variables} for row in _rows(result, variables))
    rows = tuple({name: python_value(value) for name, value in row.items()} for row in terms)
    return QueryResult(kind="SELECT", variables=variables, rows=rows, terms=terms)


def _rows(result: Result, variables: tuple[str, ...]) -> list[dict[str, Node | None]]:
    # ``result.bindings``, not iteration: rdflib's iterator drops a solution that binds none
    # of the selected variables, which SPARQL counts as a row of unbound cells.
    return [
        {name: binding.get(Variable(name)) for name in variables} for binding in result.bindings
    ]


# --------------------------------------------------------------------------- result formats


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _to_json(result: QueryResult) -> str:
    if result.kind == "ASK":
        document: dict[str, Any] = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {name: _json_term(value) for name, value in row.items() if value is not None}
            for row in result.terms
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _to_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.terms:
        writer.writerow([_csv_value(row[name]) for name in result.variables])
    return buffer.getvalue()


#: Escapes of Turtle's single-quoted string form: TSV must not use the triple-quoted one.
_TSV_STRING = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_value(term: Node | None) -> str:
    """``term`` as a TSV field: Turtle syntax, one line, no tab (SPARQL 1.1 CSV/TSV §4)."""
    if term is None:
        return ""
    if not isinstance(term, Literal):
        return term.n3().replace("\t", "\\t").replace("\n", "\\n")
    lexical = str(term)
    if is_shorthand(term):  # Turtle's bare numbers and booleans (SPARQL 1.1 CSV/TSV §4)
        return lexical
    quoted = '"' + lexical.translate(_TSV_STRING) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype is not None:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _to_tsv(result: QueryResult) -> str:
    if result.kind == "ASK":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.terms:
        lines.append("\t".join(_tsv_value(row[name]) for name in result.variables))
    return "\n".join(lines) + "\n"


def _to_table(result: QueryResult) -> str:
    if result.kind == "ASK":
        return ("yes" if result.boolean else "no") + "\n"
    header = list(result.variables)
    # Longest namespace first, so that the most specific prefix wins.
    prefixes = sorted(result.prefixes, key=lambda item: -len(item[1]))

    def cell(term: Node | None) -> str:
        if isinstance(term, URIRef):
            for prefix, namespace in prefixes:
                local = str(term)[len(namespace) :]
                if str(term).startswith(namespace) and local and "/" not in local:
                    return f"{prefix}:{local}"
        return " ".join(_csv_value(term).split())

    body = [[cell(row[name]) for name in header] for row in result.terms]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out.extend(line(r) for r in body)
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out) + "\n"
